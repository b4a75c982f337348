# A command that can fail hides behind pipes even after a left side that cannot:
# the first failing left side of the RUN is reported.
# expect: DF061:8
# expect: DF061:10
# expect: DF061:11
# expect: DF061:12
FROM debian:12
RUN echo "$sha *f" | sha256sum -c - && curl -fsSL https://example.com/x.tgz | tar -xz
RUN set -eux; \
	echo "$list" | xargs -n1 curl -fsSLO | tee log
RUN cat /etc/os-release | grep -q bookworm
RUN cat < /etc/passwd | grep app
