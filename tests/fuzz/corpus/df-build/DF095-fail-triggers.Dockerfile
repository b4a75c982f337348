# expect: DF095:5
# expect: DF095:6
# expect: DF095:7
FROM alpine:3.20
ONBUILD ONBUILD RUN echo hi
ONBUILD FROM alpine
ONBUILD MAINTAINER Jane
