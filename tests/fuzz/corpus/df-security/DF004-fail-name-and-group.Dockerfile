# expect: DF004:4
FROM alpine:3.20
USER 10001
USER app:app
CMD ["sh"]
