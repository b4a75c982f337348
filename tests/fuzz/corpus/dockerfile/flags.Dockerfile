FROM --platform=linux/amd64 alpine AS a
RUN --mount=type=secret,id=token,env=TOKEN --mount=type=ssh --network=none --security=sandbox echo
COPY --from=a --chown=1:1 --chmod=0644 --link --parents --exclude=*.tmp src/ /dst/
ADD --checksum=sha256:0123456789abcdef --keep-git-dir=true --unpack=false https://example.com/repo.git /repo
HEALTHCHECK --interval=10s --timeout=2s --start-period=1s --start-interval=1s --retries=3 CMD ["true"]
COPY --future-flag="quoted value" -- --weird-name /x
