FROM alpine:3.20
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/
ADD https://github.com/moby/buildkit.git#0123456789abcdef0123456789abcdef01234567 /src
ADD https://github.com/moby/buildkit.git#0123456789abcdef0123456789abcdef01234567:frontend /src2
ADD --checksum=0123456789abcdef0123456789abcdef01234567 git@github.com:moby/buildkit.git#v0.13.0 /src3
ADD vendor.tar.gz /opt/
ADD app.py /app/
COPY app.py /app/
