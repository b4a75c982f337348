# Six-digit and longer UIDs without -l.
# expect: DF063:5
# expect: DF063:6
FROM debian:12
RUN useradd -u 123456 app
RUN useradd --create-home --uid=1000000 svc
USER 123456
