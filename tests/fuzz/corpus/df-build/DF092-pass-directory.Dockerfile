FROM alpine:3.20
WORKDIR /app
COPY package.json package-lock.json /app/
COPY go.mod go.sum ./
COPY a b .
COPY single /file
ARG DEST=/app/
COPY a b $DEST
ARG UNSET
COPY a b ${UNSET}
COPY --link a b /x/
ADD ["a.tar.gz", "b.txt", "/data/"]
COPY <<EOT /etc/motd
hello
EOT
