FROM cgr.dev/chainguard/static:latest
COPY app /app
ENTRYPOINT ["/app"]
