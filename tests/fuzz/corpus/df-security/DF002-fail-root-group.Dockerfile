# expect: DF002:3
FROM alpine:3.20
USER root:staff
CMD ["sh"]
