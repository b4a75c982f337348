# syntax=docker/dockerfile:1
# escape=\
# A comment before everything.
ARG BASE=alpine
ARG TAG=3.20

FROM ${BASE}:${TAG}
ENV FOO=bar
