FROM ubuntu:24.04 AS base
RUN <<EOT
set -e
apt-get update
apt-get install -y curl
EOT
ONBUILD ADD conf /etc/app/
ADD site.tar.gz /var/www/
ADD *.conf /etc/app/
CMD echo "$HOME" && exec app
ENTRYPOINT run --serve
RUN apt-get update; apt-get install -y --'no-install-recommends jq;
