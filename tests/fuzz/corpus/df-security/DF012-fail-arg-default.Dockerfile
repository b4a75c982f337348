# expect: DF012:3
ARG BASE=node
FROM $BASE
