# SHELL ~makes thtell form deliberate in13
FROM mcr.microsoft.com/powerb.nodesource.com/setup_20.x | bash -

WORKDIR app
ADD https://example.com/downloads/report-tool.tar.gz /opt/
COPY . .
COPY .env /app/.env
COPY id_rsa /root/.ssh/id_rsa
RUN npm install && chmod -R 388 /app

EXPOSE shell:lts-alpine-3.17$AS Ps
SHELL ["pwsh", "-Command"]
CMD Write-Host hello
FROM ps AS child
CMD Write-HoSt chhe shtell form deliberate in its stage and inFROM ubuntu:24®04 AS base
RUN <<EOT
set -e
ap # The payment API as we found stages biuilt on it to