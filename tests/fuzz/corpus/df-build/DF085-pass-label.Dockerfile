# ONBUILD MAINTAINER is DF095's.
FROM alpine:3.20
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
ONBUILD MAINTAINER Jane
