# Only the last USER of the final stage counts.
FROM node:20 AS build
USER node
FROM node:20-alpine
USER app
USER 1000:1000
CMD ["node"]
