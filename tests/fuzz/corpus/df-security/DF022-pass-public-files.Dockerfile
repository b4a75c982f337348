FROM alpine:3.20
COPY id_rsa.pub /root/.ssh/authorized_keys
COPY .env.example /app/
COPY certs/ca.pem /etc/ssl/certs/
COPY ca-bundle.pem /etc/ssl/
COPY nodesource.gpg.key /tmp/
COPY .gitignore .github/ /app/
COPY src/ /app/src/
COPY <<EOF /app/.env
MODE=production
EOF
