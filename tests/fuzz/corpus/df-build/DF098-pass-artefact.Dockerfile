FROM alpine:3.20 AS builder
FROM scratch
COPY --from=builder /app/main /main
COPY --from=builder / /rootfs/
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY / /
