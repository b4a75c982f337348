FROM alpine:3.20 AS tools
RUN apk add --no-cache ca-certificates
FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=tools /etc/ssl/certs /etc/ssl/certs
