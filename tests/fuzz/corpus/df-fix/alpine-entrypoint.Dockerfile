FROM node:20-alpine
WORKDIR /srv
Add package.json ./
RUN apk add --no-cache tini
ENTRYPOINT tini -- node server.js
