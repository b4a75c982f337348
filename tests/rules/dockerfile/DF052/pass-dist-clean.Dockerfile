# apt-get dist-clean (apt 2.7 and later) removes the package lists as rm -rf does.
FROM debian:13-slim
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends libpq5; \
	apt-get dist-clean
USER 10001
