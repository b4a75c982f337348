# expect: DF030:4
FROM debian:bookworm-slim
ARG SSH_PORT=22
EXPOSE ${SSH_PORT}
