FROM alpine:3.20
ENV API_KEY=abc
