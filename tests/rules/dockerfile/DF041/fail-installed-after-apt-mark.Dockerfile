# Installed after the apt-mark auto (manual again), or no purge follows.
# expect: DF041:8
# expect: DF041:10
FROM debian:12
RUN set -eux; \
	savedAptMark="$(apt-mark showmanual)"; \
	apt-mark auto '.*' > /dev/null; \
	apt-get install -y --no-install-recommends curl; \
	apt-get purge -y --auto-remove
RUN apt-get install -y wget && apt-mark auto '.*'
USER 10001
