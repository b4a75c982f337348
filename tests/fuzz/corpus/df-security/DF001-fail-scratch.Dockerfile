# expect: DF001:7
# seed 2020's build without its USER line: scratch runs as UID 0.
FROM golang:1.22-alpine AS builder
WORKDIR /app
COPY . .
RUN CGO_ENABLED=0 go build -o main .
FROM scratch
COPY --from=builder /app/main /main
ENTRYPOINT ["/main"]
