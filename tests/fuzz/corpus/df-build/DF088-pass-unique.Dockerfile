FROM golang:1.22 AS build-api
FROM node:20 AS build-web
FROM alpine:3.20
FROM alpine:3.20
FROM build-api AS final
