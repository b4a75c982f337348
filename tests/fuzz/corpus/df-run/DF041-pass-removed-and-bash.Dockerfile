# Removed again (apk virtual package, apt-get purge in a later RUN); bash on Debian is already there; pip packages are not OS tools.
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends bash curl
RUN curl -fsSLo /tmp/x https://example.com/x && apt-get purge -y curl
RUN pip install --no-cache-dir git==0.0.1
FROM alpine:3.20
RUN apk add --no-cache --virtual .build-deps gcc make git && make && apk del .build-deps
USER 10001
