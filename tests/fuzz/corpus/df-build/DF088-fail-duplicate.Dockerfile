# expect: DF088:4
# expect: DF088:5
FROM alpine:3.20 AS build
FROM alpine:3.20 AS Build
FROM debian:12-slim AS build
FROM alpine:3.20 AS other
