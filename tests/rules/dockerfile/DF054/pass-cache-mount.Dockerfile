# The pip cache lives on a cache mount: the default one, or --cache-dir pointing at one.
# syntax=docker/dockerfile:1.7
FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip pip install --upgrade pip wheel
RUN --mount=type=cache,target=/var/cache/pip pip install --cache-dir=/var/cache/pip -r requirements.txt
RUN --mount=type=cache,target=/cache/pip/ pip install --cache-dir /cache/pip flask==3.0.3
USER 10001
