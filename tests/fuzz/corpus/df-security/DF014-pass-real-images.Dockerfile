FROM nginx:1.27 AS a
FROM node:20-alpine AS b
FROM python:3.12-slim AS c
FROM bitnami/redis:7.2 AS d
FROM gcr.io/distroless/static-debian12:nonroot AS e
FROM cgr.dev/chainguard/static AS f
FROM ghcr.io/astral-sh/uv:0.4 AS g
FROM registry.k8s.io/pause:3.9 AS h
FROM mcr.microsoft.com/dotnet/aspnet:8.0 AS i
FROM public.ecr.aws/lambda/python:3.12 AS j
FROM eclipse-temurin:21-jre AS k
FROM postgis/postgis:16-3.4 AS l
FROM docker.io/library/alpine:3.20
COPY --from=golang:1.22 /usr/local/go /usr/local/go
