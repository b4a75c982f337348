# The official ubuntu image is minimised (no docs, locales or man pages), the
# size and contents of debian:*-slim: not "a full OS".
FROM ubuntu:24.04
COPY app /app
CMD ["/app"]
