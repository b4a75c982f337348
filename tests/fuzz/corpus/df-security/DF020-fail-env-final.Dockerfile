# expect: DF020:3
FROM alpine:3.20
ENV GITHUB_TOKEN=not-a-real-token
