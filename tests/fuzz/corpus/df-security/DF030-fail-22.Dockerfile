# expect: DF030:3
FROM debian:bookworm-slim
EXPOSE 22
