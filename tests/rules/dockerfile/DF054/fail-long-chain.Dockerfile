# A long && chain (issue 9): PIP_NO_CACHE_DIR exported a third of the way,
# then cleared; no rm of the cache anywhere.
# expect: DF054:33
# expect: DF054:34
# expect: DF054:35
# expect: DF054:36
# expect: DF054:37
# expect: DF054:38
# expect: DF054:39
# expect: DF054:40
# expect: DF054:41
# expect: DF054:42
# expect: DF054:43
# expect: DF054:44
# expect: DF054:45
# expect: DF054:46
# expect: DF054:47
# expect: DF054:64
# expect: DF054:65
# expect: DF054:66
# expect: DF054:67
# expect: DF054:68
# expect: DF054:69
# expect: DF054:70
# expect: DF054:71
# expect: DF054:72
# expect: DF054:73
# expect: DF054:74
# expect: DF054:75
# expect: DF054:76
# expect: DF054:77
FROM python:3.12
RUN pip install pkg0==1.0 \
    && pip install pkg1==1.0 \
    && pip install pkg2==1.0 \
    && pip install pkg3==1.0 \
    && pip install pkg4==1.0 \
    && pip install pkg5==1.0 \
    && pip install pkg6==1.0 \
    && pip install pkg7==1.0 \
    && pip install pkg8==1.0 \
    && pip install pkg9==1.0 \
    && pip install pkg10==1.0 \
    && pip install pkg11==1.0 \
    && pip install pkg12==1.0 \
    && pip install pkg13==1.0 \
    && pip install pkg14==1.0 \
    && export PIP_NO_CACHE_DIR=1 \
    && pip install pkg16==1.0 \
    && pip install pkg17==1.0 \
    && pip install pkg18==1.0 \
    && pip install pkg19==1.0 \
    && pip install pkg20==1.0 \
    && pip install pkg21==1.0 \
    && pip install pkg22==1.0 \
    && pip install pkg23==1.0 \
    && pip install pkg24==1.0 \
    && pip install pkg25==1.0 \
    && pip install pkg26==1.0 \
    && pip install pkg27==1.0 \
    && pip install pkg28==1.0 \
    && pip install pkg29==1.0 \
    && export LANG=C PIP_NO_CACHE_DIR=0 \
    && pip install pkg31==1.0 \
    && pip install pkg32==1.0 \
    && pip install pkg33==1.0 \
    && pip install pkg34==1.0 \
    && pip install pkg35==1.0 \
    && pip install pkg36==1.0 \
    && pip install pkg37==1.0 \
    && pip install pkg38==1.0 \
    && pip install pkg39==1.0 \
    && pip install pkg40==1.0 \
    && pip install pkg41==1.0 \
    && pip install pkg42==1.0 \
    && pip install pkg43==1.0 \
    && pip install pkg44==1.0
USER 10001
