# syntax=docker/dockerfile:1
ARG DEBIAN=12

FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app

FROM debian:${DEBIAN} AS base
LABEL org.opencontainers.image.title="vakt test app"
ENV LANG=C.UTF-8 \
    APP_HOME=/app
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl && \
    rm -rf /var/lib/apt/lists/*

FROM base
ARG APP_VERSION=1.0
WORKDIR $APP_HOME
COPY --from=build /out/app /usr/local/bin/app
COPY --chown=10001:10001 app/ ./
RUN install -m 4755 /bin/dash /usr/local/bin/sdash
ONBUILD RUN echo "built on top of vakt test app"
EXPOSE 8080
USER 10001:10001
HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/ || exit 1
CMD ["/app/run", "--port", "8080"]
