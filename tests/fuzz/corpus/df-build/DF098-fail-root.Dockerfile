# expect: DF098:5
# expect: DF098:6
FROM alpine:3.20 AS builder
FROM scratch
COPY --from=builder / /
COPY --from=0 /. /
