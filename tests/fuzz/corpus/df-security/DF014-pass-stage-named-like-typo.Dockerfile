# "ngnix" here is a stage, not an image.
FROM nginx:1.27 AS ngnix
FROM ngnix
COPY --from=ngnix /etc/nginx /etc/nginx
