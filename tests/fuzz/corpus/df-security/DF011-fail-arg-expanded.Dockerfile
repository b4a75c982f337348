# expect: DF011:3
ARG BASE=ubuntu:24.04
FROM ${BASE}
COPY app /app
