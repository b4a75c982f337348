ARG V=1
RUN echo too early
LABEL x=y
FROM alpine:$V
