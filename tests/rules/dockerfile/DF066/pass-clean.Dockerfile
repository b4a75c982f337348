# Cleaned, mounted, removed, or in a build stage the image does not ship.
FROM node:20-alpine AS build
WORKDIR /app
RUN yarn install --frozen-lockfile && yarn build
FROM node:20-alpine
WORKDIR /app
RUN yarn install --frozen-lockfile --production && yarn cache clean
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --production
RUN yarn install --production && rm -rf /usr/local/share/.cache/yarn
COPY --from=build /app/dist ./dist
USER node
