# expect: DF090:4
# expect: DF090:5
ARG BASE=alpine:3.20
ENV FOO=bar
RUN echo too early
FROM ${BASE}
