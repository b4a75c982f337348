# The base comes from an ARG default that names a non-root image.
ARG BASE=gcr.io/distroless/base-debian12:nonroot
FROM ${BASE}
COPY app /app
ENTRYPOINT ["/app"]
