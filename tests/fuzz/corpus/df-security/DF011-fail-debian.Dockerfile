# expect: DF011:2
FROM debian:buster
COPY app /app
CMD ["/app"]
