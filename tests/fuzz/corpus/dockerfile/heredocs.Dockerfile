# syntax=docker/dockerfile:1.7
FROM alpine:3.20
RUN <<EOF
apk add --no-cache curl
adduser -D -u 10001 app
EOF
RUN <<-EOT sh -e
	echo indented
	EOT
COPY <<"CONF" <<'SCRIPT' /etc/app/
key=$VALUE
CONF
#!/bin/sh
exec "$@"
SCRIPT
RUN python3 <<PY && bash <<SH
print("hello")
PY
echo from bash
SH
RUN <<EOF
#!/usr/bin/env python3
print("shebang")
EOF
USER 10001
