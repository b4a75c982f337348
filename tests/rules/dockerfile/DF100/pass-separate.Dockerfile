# Separate ENVs, look-alike names, re-exports, single quotes and escapes.
ARG VERSION=1.2
FROM alpine:3.20
ARG VERSION
ENV VERSION=$VERSION URL=https://example.com/v$VERSION
ENV APP=/srv/app
ENV APP_HOME=$APP/home APPX=1 B=${APPX_Y}/x
ENV GREETING=hello LITERAL='$GREETING' ESCAPED=\$GREETING
ENV PATH=/opt/bin:$PATH
USER 10001
