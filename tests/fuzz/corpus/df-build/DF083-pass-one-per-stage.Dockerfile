FROM golang:1.22 AS build
CMD ["go", "version"]
ENTRYPOINT ["/bin/sh"]
HEALTHCHECK NONE
FROM build AS test
CMD ["go", "test", "./..."]
FROM alpine:3.20
CMD ["/app"]
ENTRYPOINT ["/sbin/tini", "--"]
HEALTHCHECK CMD ["/app", "-health"]
ONBUILD CMD ["/other"]
ONBUILD HEALTHCHECK NONE
