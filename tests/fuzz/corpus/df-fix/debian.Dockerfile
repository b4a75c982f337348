# syntax=docker/dockerfile:1
FROM python:3.12-slim

# System packages for the app.
RUN apt-get update && \
    apt-get install -y \
        curl \
        ca-certificates
ADD requirements.txt app.py /app/
ADD https://example.com/tool.tar.gz /opt/
WORKDIR /app
CMD python app.py --port 8080
