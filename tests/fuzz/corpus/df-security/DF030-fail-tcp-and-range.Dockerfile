# expect: DF030:4
# expect: DF030:5
FROM debian:bookworm-slim
EXPOSE 80 22/tcp
EXPOSE 20-25
