FROM alpine:3.20 AS builder
FROM alpine:3.20 as build-env_1.2
FROM scratch AS runtime
FROM alpine:3.20
