# args: --build-arg BASE=ubuntu:latest
# expect: DF012:4
ARG BASE=ubuntu:22.04
FROM $BASE
