# expect: DF096:5
# expect: DF096:10
# expect: DF096:11
FROM node:20-alpine
COPY . .
WORKDIR /app
COPY . .
FROM python:3.12-slim AS two
ARG DEST=lib
ADD requirements.txt ./
COPY lib $DEST
