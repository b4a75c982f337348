# expect: DF021:4
FROM alpine:3.20
COPY <<EOF /root/.ssh/id_rsa
-----BEGIN RSA PRIVATE KEY-----
not a real key
-----END RSA PRIVATE KEY-----
EOF
