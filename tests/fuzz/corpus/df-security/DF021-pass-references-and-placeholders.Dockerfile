FROM alpine:3.20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
ENV EXAMPLE_KEY=AKIAIOSFODNN7EXAMPLE
RUN curl https://user:$TOKEN@example.com/ && curl https://${USER}:${PASS}@example.com/
RUN git clone https://github.com/acme/app.git
RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci
COPY <<EOF /etc/ssl/certs/extra.pem
-----BEGIN CERTIFICATE-----
MIIB
-----END CERTIFICATE-----
EOF
