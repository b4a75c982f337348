FROM alpine:3.20
ARG NPM_TOKEN
RUN echo building
