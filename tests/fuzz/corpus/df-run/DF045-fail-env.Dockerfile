# Verification turned off by variables: ENV, ARG, command prefixes and export.
# expect: DF045:9
# expect: DF045:10
# expect: DF045:11
# expect: DF045:12
# expect: DF045:13
# expect: DF045:14
FROM node:20-slim
ENV NODE_TLS_REJECT_UNAUTHORIZED=0
ENV PYTHONHTTPSVERIFY 0
ARG PIP_TRUSTED_HOST=pypi.internal
RUN GIT_SSL_NO_VERIFY=1 git clone https://git.internal/x.git
RUN export NPM_CONFIG_STRICT_SSL=false && npm ci
ONBUILD ENV NODE_TLS_REJECT_UNAUTHORIZED=0
USER 10001
