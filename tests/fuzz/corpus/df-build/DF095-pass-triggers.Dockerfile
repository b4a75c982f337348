FROM alpine:3.20
ONBUILD RUN echo hi
ONBUILD COPY . /app/
ONBUILD LABEL org.opencontainers.image.authors="Jane"
