# expect: DF092:7
# expect: DF092:8
# expect: DF092:9
# expect: DF092:10
# expect: DF092:12
FROM alpine:3.20
COPY package.json package-lock.json /app
ADD ["a.txt", "b.txt", "/data"]
COPY --from=alpine:3.20 /etc/passwd /etc/group /etc/copy
ONBUILD COPY a b /dest
ARG DEST=/opt
COPY a b $DEST
