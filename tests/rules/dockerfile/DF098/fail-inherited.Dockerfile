# The final stage is built on the stage that copied a whole filesystem.
FROM alpine:3.20 AS helper
RUN apk add --no-cache ca-certificates

FROM scratch AS base
# expect: DF098:7
COPY --from=helper / /

FROM base
COPY app /app
USER 65532
ENTRYPOINT ["/app"]
