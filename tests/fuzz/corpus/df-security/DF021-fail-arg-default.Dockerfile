# expect: DF021:2
ARG SLACK_HOOK_TOKEN=xoxb-1234567890-vaktfixture
FROM alpine:3.20
