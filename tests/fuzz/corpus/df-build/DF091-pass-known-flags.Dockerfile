FROM --platform=$BUILDPLATFORM golang:1.22 AS build
RUN --mount=type=cache,target=/root/.cache --network=none --security=sandbox go build -o /app .
FROM alpine:3.20
COPY --from=build --chown=10001:10001 --chmod=0755 --link /app /app
COPY --parents --exclude=*.md docs/ /docs/
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d --chown=1:1 --chmod=644 --link --unpack=true --exclude=*.txt https://example.com/a.tar.gz /opt/
ADD --keep-git-dir=true https://github.com/moby/buildkit.git#0123456789abcdef0123456789abcdef01234567 /src
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --start-interval=1s --retries=3 CMD ["/app", "-health"]
ONBUILD RUN --mount=type=secret,id=npm true
