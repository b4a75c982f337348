# expect: DF011:3
ARG BASE=debian:bookworm
FROM ${BASE}
COPY app /app
