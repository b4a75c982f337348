# A build stage assembles a root filesystem from a helper image; the final
# stage copies one file out of it, so the whole-filesystem copy never ships.
FROM alpine:3.20 AS helper
RUN apk add --no-cache ca-certificates

FROM scratch AS rootfs
COPY --from=helper / /
COPY app /app

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=rootfs /app /app
USER 65532
ENTRYPOINT ["/app"]
