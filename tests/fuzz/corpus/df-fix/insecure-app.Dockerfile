# The payment API as we found it in the audit: every common Dockerfile
# fault, in one image. Do not build this; scan it.
FROM node:latest
MAINTAINER ops@example.com

ENV NODE_ENV=production
ENV DB_PASSWORD=hunter2
ENV AWS_ACCESS_KEY_ID=AKIAZ3MSJV4WWNKX5Q7P
ARG NPM_TOKEN

RUN apt-get update && apt-get upgrade -y && \
    apt-get install -y curl wget netcat-openbsd openssh-server sudo vim
RUN curl -sL https://deb.nodesource.com/setup_20.x | bash -

WORKDIR app
ADD https://example.com/downloads/report-tool.tar.gz /opt/
COPY . .
COPY .env /app/.env
COPY id_rsa /root/.ssh/id_rsa
RUN npm install && chmod -R 777 /app

EXPOSE 22 3000
CMD node src/server.js
