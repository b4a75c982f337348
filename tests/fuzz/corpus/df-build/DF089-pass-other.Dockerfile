FROM alpine:3.20 AS builder
RUN touch /a
FROM builder AS test
COPY --from=builder /a /b
FROM alpine:3.20
COPY --from=0 /a /b
COPY --from=test /a /c
RUN --mount=from=builder,target=/x true
