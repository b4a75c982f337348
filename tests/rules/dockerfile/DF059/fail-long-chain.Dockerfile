# A long && chain (issue 9): installs after the clean leave the cache; the
# zypper cache removal does not count for yum.
# expect: DF059:44
# expect: DF059:45
# expect: DF059:46
# expect: DF059:47
# expect: DF059:48
# expect: DF059:49
# expect: DF059:50
# expect: DF059:51
# expect: DF059:52
# expect: DF059:53
# expect: DF059:54
# expect: DF059:55
# expect: DF059:56
# expect: DF059:57
# expect: DF059:58
# expect: DF059:59
# expect: DF059:60
# expect: DF059:61
# expect: DF059:62
FROM fedora:39
RUN rm -rf /var/cache/zypp \
    && yum install -y pkg1-1.0 \
    && yum install -y pkg2-1.0 \
    && yum install -y pkg3-1.0 \
    && yum install -y pkg4-1.0 \
    && yum install -y pkg5-1.0 \
    && yum install -y pkg6-1.0 \
    && yum install -y pkg7-1.0 \
    && yum install -y pkg8-1.0 \
    && yum install -y pkg9-1.0 \
    && yum install -y pkg10-1.0 \
    && yum install -y pkg11-1.0 \
    && yum install -y pkg12-1.0 \
    && yum install -y pkg13-1.0 \
    && yum install -y pkg14-1.0 \
    && yum install -y pkg15-1.0 \
    && yum install -y pkg16-1.0 \
    && yum install -y pkg17-1.0 \
    && yum install -y pkg18-1.0 \
    && yum install -y pkg19-1.0 \
    && yum clean all \
    && yum install -y pkg21-1.0 \
    && yum install -y pkg22-1.0 \
    && yum install -y pkg23-1.0 \
    && yum install -y pkg24-1.0 \
    && yum install -y pkg25-1.0 \
    && yum install -y pkg26-1.0 \
    && yum install -y pkg27-1.0 \
    && yum install -y pkg28-1.0 \
    && yum install -y pkg29-1.0 \
    && yum install -y pkg30-1.0 \
    && yum install -y pkg31-1.0 \
    && yum install -y pkg32-1.0 \
    && yum install -y pkg33-1.0 \
    && yum install -y pkg34-1.0 \
    && yum install -y pkg35-1.0 \
    && yum install -y pkg36-1.0 \
    && yum install -y pkg37-1.0 \
    && yum install -y pkg38-1.0 \
    && yum install -y pkg39-1.0
USER 10001
