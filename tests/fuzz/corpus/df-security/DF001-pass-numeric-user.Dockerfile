# seed 2020's multi-stage build, with its USER.
FROM golang:1.15-alpine AS builder
WORKDIR /app
RUN CGO_ENABLED=0 GOOS=linux go build -ldflags="-w -s" -o main .
FROM scratch
COPY --from=builder /app/main /main
USER 10001
ENTRYPOINT ["/main"]
