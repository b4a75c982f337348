FROM alpine
ENV PATH /usr/local/bin:$PATH
ENV A=1 B="2 3" C='$A' D=\$A E=
LABEL description "legacy label form"
ARG X Y=1 Z=
