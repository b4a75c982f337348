# A [trusted=yes] file:// source for packages the RUN built itself, in a
# temporary directory removed before the RUN ends (the docker-library pattern).
FROM debian:12
RUN set -eux; \
	tempDir="$(mktemp -d)"; \
	cd "$tempDir"; \
	apt-get source --compile postgresql-16; \
	dpkg-scanpackages . > Packages; \
	echo "deb [ trusted=yes ] file://$tempDir ./" > /etc/apt/sources.list.d/temp.list; \
	apt-get update; \
	apt-get install -y --no-install-recommends postgresql-16; \
	rm -rf /var/lib/apt/lists/*; \
	if [ -n "$tempDir" ]; then \
		apt-get purge -y --auto-remove; \
		rm -rf "$tempDir" /etc/apt/sources.list.d/temp.list; \
	fi
RUN mkdir /tmp/repo && echo "deb [trusted=yes] file:/tmp/repo ./" > /etc/apt/sources.list.d/r.list \
	&& apt-get update && apt-get install -y x && rm -rf /tmp/repo /etc/apt/sources.list.d/r.list
USER 10001
