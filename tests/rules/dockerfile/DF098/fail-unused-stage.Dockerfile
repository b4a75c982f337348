# A stage no other stage uses can be built with --target and published: it is
# judged as a final image too.
FROM alpine:3.20 AS helper
RUN apk add --no-cache ca-certificates

FROM busybox:1.36 AS debug
# expect: DF098:8
COPY --from=helper / /

FROM gcr.io/distroless/static-debian12:nonroot
COPY app /app
USER 65532
ENTRYPOINT ["/app"]
