# A stage the final stage is built on (FROM base) ships its files.
# expect: DF041:5
# expect: DF041:5
FROM alpine:3.20 AS base
RUN apk add --no-cache bash wget
FROM base
USER 10001
