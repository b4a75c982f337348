# Removed only partly, or removed before the chmod: the mode stays.
# expect: DF043:6
# expect: DF043:7
FROM debian:12
RUN tempDir="$(mktemp -d)"; rm -rf "$tempDir"; mkdir "$tempDir"; \
	chmod 777 "$tempDir"
RUN chmod 777 /srv/data /tmp/x && rm -rf /tmp/x
USER 10001
