# expect: DF024:3
FROM node:20 AS build
ENV NPM_TOKEN=abc
RUN npm ci
FROM node:20-slim
COPY --from=build /app /app
