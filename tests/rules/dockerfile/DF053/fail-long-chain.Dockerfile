# A long && chain (issue 9): installs after the cache is removed keep their index.
# expect: DF053:43
# expect: DF053:44
# expect: DF053:45
# expect: DF053:46
# expect: DF053:47
# expect: DF053:48
# expect: DF053:49
# expect: DF053:50
# expect: DF053:51
# expect: DF053:52
# expect: DF053:53
# expect: DF053:54
# expect: DF053:55
# expect: DF053:56
# expect: DF053:57
# expect: DF053:58
# expect: DF053:59
# expect: DF053:60
# expect: DF053:61
FROM alpine:3.19
RUN apk add pkg0 \
    && apk add pkg1 \
    && apk add pkg2 \
    && apk add pkg3 \
    && apk add pkg4 \
    && apk add pkg5 \
    && apk add pkg6 \
    && apk add pkg7 \
    && apk add pkg8 \
    && apk add pkg9 \
    && apk add pkg10 \
    && apk add pkg11 \
    && apk add pkg12 \
    && apk add pkg13 \
    && apk add pkg14 \
    && apk add pkg15 \
    && apk add pkg16 \
    && apk add pkg17 \
    && apk add pkg18 \
    && apk add pkg19 \
    && rm -rf /var/cache/apk/* \
    && apk add pkg21 \
    && apk add pkg22 \
    && apk add pkg23 \
    && apk add pkg24 \
    && apk add pkg25 \
    && apk add pkg26 \
    && apk add pkg27 \
    && apk add pkg28 \
    && apk add pkg29 \
    && apk add pkg30 \
    && apk add pkg31 \
    && apk add pkg32 \
    && apk add pkg33 \
    && apk add pkg34 \
    && apk add pkg35 \
    && apk add pkg36 \
    && apk add pkg37 \
    && apk add pkg38 \
    && apk add pkg39
USER 10001
