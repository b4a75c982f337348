FROM registry.example.com/team/base:1.4
COPY app /app
USER root
CMD ["/app"]
