FROM debian:12
# vakt ignore=DF080 -- the vendored tree is unpacked by a later step
ADD vendor /vendor
ADD app /app
# hadolint ignore=DL3025
CMD run
USER 10001
