FROM alpine:3.20
ADD rootfs.tar.xz /
ADD vendor.TGZ bundle.tar.bz2 /opt/
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool /usr/local/bin/tool
ADD https://github.com/moby/buildkit.git#v0.13.0 /src
ADD git@github.com:moby/buildkit.git /src2
ARG PKG
ADD $PKG /opt/
ARG TARBALL=release.tar.gz
ADD ${TARBALL} /opt/
ONBUILD ADD ${ARCHIVE} /x/
COPY app.py /app/
