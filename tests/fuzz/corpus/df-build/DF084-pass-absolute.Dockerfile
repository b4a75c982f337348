FROM alpine:3.20 AS base
ENV APP_HOME=/srv/app
WORKDIR $APP_HOME
WORKDIR sub
FROM base
WORKDIR more
FROM alpine:3.20
ARG UNKNOWN_DIR
WORKDIR ${UNKNOWN_DIR}
WORKDIR next
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
WORKDIR C:/app
ONBUILD WORKDIR child
