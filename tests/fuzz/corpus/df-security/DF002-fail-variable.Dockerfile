# expect: DF002:5
# The variable resolves to root.
FROM alpine:3.20
ARG RUN_AS=root
USER ${RUN_AS}
CMD ["sh"]
