# expect: DF022:3
FROM node:20-slim
COPY package.json .npmrc ./
