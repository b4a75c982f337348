# SHELL makes the shell form deliberate in its stage and in stages built on it only.
# expect: DF082:11
# expect: DF082:13
FROM mcr.microsoft.com/powershell:lts-alpine-3.17 AS ps
SHELL ["pwsh", "-Command"]
CMD Write-Host hello
FROM ps AS child
CMD Write-Host child
FROM alpine:3.20 AS base
RUN echo base
ONBUILD CMD echo triggered
FROM base
CMD echo "done" && sleep 1
