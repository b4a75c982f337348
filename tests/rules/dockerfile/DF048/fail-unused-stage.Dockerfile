# A stage no other stage uses can be built with --target and published:
# sudo installed there is reported, one severity lower, as a possible final image.
# expect: DF048:7
FROM golang:1.22 AS build
RUN go build -o /app .
FROM debian:12-slim AS debug
RUN apt-get update && apt-get install -y --no-install-recommends sudo && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
USER 10001
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /app /app
