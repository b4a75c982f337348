# expect: DF087:7
# expect: DF087:8
# expect: DF087:9
# expect: DF087:10
FROM golang:1.22 AS builder
FROM alpine:3.20
COPY --from=buidler /out/app /app
COPY --from=5 /x /x
RUN --mount=type=cache,from=cache-stage,target=/root/.cache true
COPY --from=2 /y /y
