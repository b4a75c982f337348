# expect: DF024:3
FROM node:20-slim
ARG NPM_TOKEN
RUN npm ci
