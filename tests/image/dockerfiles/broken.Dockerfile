# syntax=docker/dockerfile:1
FROM debian:12
COPY only-a-source
RUN
