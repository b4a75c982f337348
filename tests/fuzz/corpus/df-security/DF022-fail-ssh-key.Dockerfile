# expect: DF022:3
FROM alpine:3.20
COPY id_rsa /root/.ssh/id_rsa
