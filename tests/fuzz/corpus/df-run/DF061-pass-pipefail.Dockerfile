# pipefail in SHELL (inherited through FROM <stage>), set -o pipefail first, exec form, PowerShell.
FROM debian:12 AS base
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/x.tgz | tar -xz
FROM base
RUN wget -qO- https://example.com/y.tgz | tar -xz
FROM debian:12
RUN set -euxo pipefail && curl -fsSL https://example.com/x.tgz | tar -xz
RUN ["/bin/sh", "-c", "echo a | cat"]
FROM mcr.microsoft.com/powershell:lts-alpine-3.17
SHELL ["pwsh", "-Command"]
RUN Get-ChildItem | Select-Object Name
USER 10001
