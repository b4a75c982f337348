# yarn installs whose cache stays in an image layer.
# expect: DF066:7
# expect: DF066:10
# expect: DF066:11
FROM node:20-alpine AS base
WORKDIR /app
RUN yarn install --frozen-lockfile
FROM base
COPY . .
RUN yarn global add serve@14.2.3
RUN yarn --frozen-lockfile --production && yarn build
USER node
