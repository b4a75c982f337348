# Tools installed into the final stage are reported; the build stage is not shipped.
# expect: DF041:10
# expect: DF041:11
FROM golang:1.22 AS build
RUN apt-get update && apt-get install -y --no-install-recommends curl git gcc
FROM debian:12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       ca-certificates \
       curl \
       git=1:2.39.2-1.1
COPY --from=build /go/bin/app /app
USER 10001
