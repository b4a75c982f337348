FROM debian:bookworm-slim AS build
EXPOSE 22
FROM alpine:3.20
EXPOSE 8080
