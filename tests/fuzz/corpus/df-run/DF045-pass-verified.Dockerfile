# Verification left on; letters inside option values are not options.
FROM debian:12
ENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1
RUN curl -fsSL -o k https://example.com && curl -XPOSTk -H "X-k: 1" https://example.com
RUN wget -q https://example.com && git config --global http.sslVerify true
RUN npm config set strict-ssl true && pip install --no-cache-dir --index-url https://pypi.org/simple x==1
RUN apt-get -o Acquire::https::Verify-Peer=true update
USER 10001
