# expect: DF080:6
# expect: DF080:7
# expect: DF080:11
FROM alpine:3.20
WORKDIR /app
ADD app.py /app/
ADD ["config dir", "/etc/app/"]
ADD rootfs.tar.xz /
ADD vendor.TGZ /opt/
ADD https://example.com/tool.tar.gz /opt/
ONBUILD ADD conf/ /etc/conf/
