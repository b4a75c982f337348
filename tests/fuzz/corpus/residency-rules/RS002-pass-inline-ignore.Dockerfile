FROM alpine:3.20
# vakt ignore=RS002 -- the US replica is approved (DPA-42)
ENV REPLICA_REGION=us-east-1
USER 10001
