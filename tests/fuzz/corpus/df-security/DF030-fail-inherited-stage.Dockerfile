# expect: DF030:3
FROM alpine:3.20 AS base
EXPOSE 22
FROM base
