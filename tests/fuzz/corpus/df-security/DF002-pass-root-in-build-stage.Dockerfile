# Root in a build stage is normal; the final image runs as 10001.
FROM node:20 AS build
USER root
RUN npm ci
FROM node:20-slim
COPY --from=build /app /app
USER 10001
CMD ["node", "/app"]
