# expect: DF091:8
# expect: DF091:9
# expect: DF091:10
# expect: DF091:11
# expect: DF091:12
# expect: DF091:13
# expect: DF091:14
FROM --plat=linux/amd64 alpine:3.20 AS base
COPY --chwon=10001:10001 app /app
COPY --checksum=sha256:abc app /app2
RUN --mnt=type=cache,target=/root/.cache true
HEALTHCHECK --intervl=30s CMD ["/health"]
ONBUILD COPY --FROM=base /a /a
ADD --frobnicate app.tar.gz /opt/
COPY --link --parents --exclude=*.md --chmod=0755 --chown=1:1 --from=alpine:3.20 /a /b/
