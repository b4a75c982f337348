# distroless :nonroot runs as UID 65532 by default.
FROM gcr.io/distroless/static-debian12:nonroot
COPY app /app
ENTRYPOINT ["/app"]
