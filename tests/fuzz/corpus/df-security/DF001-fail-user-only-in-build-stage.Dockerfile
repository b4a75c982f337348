# expect: DF001:7
# A USER in a build stage does not carry over to an unrelated final stage.
FROM node:20-alpine AS build
USER node
WORKDIR /home/node/app
RUN npm ci
FROM node:20-alpine
COPY --from=build /home/node/app /app
CMD ["node", "/app/index.js"]
