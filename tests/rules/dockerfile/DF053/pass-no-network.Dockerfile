# apk add --no-network installs local packages without fetching an index: no cache to remove.
FROM alpine:3.20
COPY pkgs/ /tmp/pkgs/
RUN apk add --no-network /tmp/pkgs/*.apk && rm -rf /tmp/pkgs
RUN apk del --no-network .build-deps
USER 10001
