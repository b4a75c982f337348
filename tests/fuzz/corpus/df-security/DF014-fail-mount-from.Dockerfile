# expect: DF014:3
FROM alpine:3.20
RUN --mount=type=bind,from=golnag:1.22,source=/usr/local/go,target=/go /go/bin/go version
