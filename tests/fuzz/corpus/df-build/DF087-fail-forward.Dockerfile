# expect: DF087:3
FROM alpine:3.20 AS first
COPY --from=later /x /x
FROM alpine:3.20 AS later
RUN touch /x
