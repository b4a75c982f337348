# expect: DF002:4
FROM alpine:3.20
RUN apk add --no-cache curl
USER root
CMD ["sh"]
