# expect: DF081:6
# expect: DF081:7
# expect: DF081:8
# expect: DF081:9
FROM alpine:3.20
ADD git@github.com:moby/buildkit.git /src
ADD https://github.com/moby/buildkit.git#v0.13.0 /src2
ADD --keep-git-dir=true https://github.com/moby/buildkit.git#main:frontend /src3
ONBUILD ADD https://example.com/plugin.tar.gz /plugins/
