# expect: DF022:4
# expect: DF022:4
FROM nginx:1.27
ADD server.key server.pem /etc/nginx/tls/
