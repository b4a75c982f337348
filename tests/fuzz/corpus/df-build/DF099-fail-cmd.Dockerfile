# expect: DF099:4
FROM alpine:3.20
CMD echo start; \
    sleep 1 # wait a moment;\
    exec /app
