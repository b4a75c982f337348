# expect: DF011:2
FROM centos:7
COPY app /app
