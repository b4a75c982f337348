# expect: DF013:3
# expect: DF013:4
FROM golang:1.22 AS build
FROM alpine:3.20
COPY --from=build /app /app
