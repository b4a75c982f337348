FROM alpine:3.20
USER app
USER root
RUN apk add --no-cache tini
USER app
CMD ["sh"]
