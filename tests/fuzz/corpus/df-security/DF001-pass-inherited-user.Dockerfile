# USER is inherited from the local stage the final stage builds on.
FROM alpine:3.20 AS base
RUN adduser -S -u 10001 app
USER 10001
FROM base
COPY app /app
CMD ["/app"]
