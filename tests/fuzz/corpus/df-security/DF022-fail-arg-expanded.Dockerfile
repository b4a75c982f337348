# expect: DF022:4
FROM alpine:3.20
ARG KEYFILE=deploy.p12
COPY ${KEYFILE} /keys/
