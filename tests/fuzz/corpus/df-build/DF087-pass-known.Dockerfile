FROM golang:1.22 AS Builder
FROM alpine:3.20
COPY --from=builder /app /app
COPY --from=BUILDER /app /app1
COPY --from=0 /app /app2
COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/
COPY --from=ghcr.io/org/tool /bin/tool /bin/tool
RUN --mount=type=bind,from=builder,source=/src,target=/src true
RUN --mount=type=cache,target=/root/.cache true
ARG STAGE=builder
COPY --from=$STAGE /a /a
ARG UNSET
COPY --from=${UNSET} /b /b
ONBUILD COPY --from=child-stage /c /c
