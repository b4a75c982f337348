FROM --platform=$BUILDPLATFORM golang:1.22 AS build
FROM --platform=${BUILDPLATFORM} node:20 AS web
FROM --platform=linux/amd64 alpine:3.20 AS build_amd64
FROM --platform=linux/arm64 alpine:3.20 AS build-arm64
ARG TARGETARCH
FROM build_${TARGETARCH} AS final
