# Short UIDs, or -l / --no-log-init.
FROM debian:12
RUN useradd -u 10001 app && useradd -l -u 123456 svc && useradd --no-log-init -u 999999 job
USER 10001
