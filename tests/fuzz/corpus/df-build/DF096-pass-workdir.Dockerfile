FROM node:20-alpine AS base
WORKDIR /app
FROM base
COPY . .
FROM scratch
COPY app app
FROM alpine:3.20
COPY app /app
ARG DEST
COPY app ${DEST}
ONBUILD COPY . .
