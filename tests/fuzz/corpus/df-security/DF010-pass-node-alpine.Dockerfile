FROM node:16-alpine
COPY . .
CMD ["node", "index.js"]
