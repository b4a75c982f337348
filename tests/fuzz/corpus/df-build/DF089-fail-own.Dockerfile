# expect: DF089:5
# expect: DF089:7
# expect: DF089:8
FROM alpine:3.20 AS builder
COPY --from=builder /a /b
FROM alpine:3.20
COPY --from=1 /a /b
RUN --mount=from=1,target=/x true
