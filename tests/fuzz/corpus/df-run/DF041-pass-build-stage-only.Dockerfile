# Tools only in build stages (built upon by nobody, or only copied from) are not shipped.
FROM alpine:3.20 AS fetch
RUN apk add --no-cache curl git
FROM debian:12 AS tools
RUN apt-get update && apt-get install -y --no-install-recommends gcc make
FROM gcr.io/distroless/static-debian12
COPY --from=fetch /app /app
COPY --from=tools /out /out
USER 10001
