docker run -d --user 999 redis:7.4
docker run -d nginxinc/nginx-unprivileged:1.27
