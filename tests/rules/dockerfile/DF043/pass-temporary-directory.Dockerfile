# A temporary directory made world-writable for a build user and removed in
# the same RUN leaves nothing writable behind (the docker-library nginx build).
FROM debian:12
RUN set -eux; \
	tempDir="$(mktemp -d)"; \
	chmod 777 "$tempDir"; \
	( cd "$tempDir" && apt-get source --compile nginx ); \
	rm -rf "$tempDir"
RUN mkdir -p /usr/src/app && chmod -R 777 /usr/src/app/ && make -C /usr/src/app && rm -rf /usr/src/app
RUN mkdir /tmp/build && chmod 0777 /tmp/build && cd /tmp/build && make && rm -rf /tmp/*
USER 10001
