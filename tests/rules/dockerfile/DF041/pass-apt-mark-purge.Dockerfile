# The docker-library idiom removes every package the RUN installed without
# naming one: apt-mark auto '.*', apt-mark manual $savedAptMark, then
# apt-get purge --auto-remove.
FROM debian:12
RUN set -eux; \
	savedAptMark="$(apt-mark showmanual)"; \
	apt-get update; \
	apt-get install -y --no-install-recommends ca-certificates gcc make wget; \
	rm -rf /var/lib/apt/lists/*; \
	wget -O /usr/local/bin/gosu "https://example.com/gosu"; \
	apt-mark auto '.*' > /dev/null; \
	[ -z "$savedAptMark" ] || apt-mark manual $savedAptMark > /dev/null; \
	apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false
RUN apt-get update && apt-get install -y --no-install-recommends curl \
	&& curl -fsSLO https://example.com/x.tgz \
	&& apt-mark showmanual | xargs apt-mark auto > /dev/null \
	&& apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
USER 10001
