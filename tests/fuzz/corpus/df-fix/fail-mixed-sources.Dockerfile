# An archive and a plain file in one ADD: the plain one only needs COPY.
# expect: DF080:4
FROM alpine:3.20
ADD vendor.tar.gz README.md /opt/
