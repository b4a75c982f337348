# A cd that ends with the RUN is no WORKDIR: in a ( ) subshell or $(...), into
# a directory the RUN removes again, or undone by a later cd /, cd - or cd ..
FROM debian:12
RUN ( cd /tmp && git clone --depth 1 https://example.com/p.git && cd p && ./apply.sh ) && make
RUN dir="$(cd "$(dirname "$0")" && pwd)"; echo "$dir"
RUN set -eux; \
	tempDir="$(mktemp -d)"; \
	cd "$tempDir"; \
	apt-get source --compile hello; \
	cd /; \
	rm -rf "$tempDir"
RUN set -eux; \
	mkdir -p /usr/src/python; \
	cd /usr/src/python; \
	./configure && make -j "$(nproc)" && make install; \
	rm -rf /usr/src/python
RUN mkdir src && cd src && make && cd .. && rm -r src man
RUN cd /usr/src/php && make install && cd / && docker-php-source delete
RUN cd /build && make && cd -
USER 10001
