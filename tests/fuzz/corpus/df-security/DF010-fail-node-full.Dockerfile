# expect: DF010:3
# seed 2022's "WRONG" example.
FROM node:16
WORKDIR /app
COPY . .
CMD ["node", "index.js"]
