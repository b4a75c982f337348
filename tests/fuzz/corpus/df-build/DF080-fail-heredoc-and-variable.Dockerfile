# expect: DF080:5
# expect: DF080:6
FROM alpine:3.20
ARG SRC=app.py
ADD $SRC /app/
ADD <<EOT /etc/motd
hello
EOT
