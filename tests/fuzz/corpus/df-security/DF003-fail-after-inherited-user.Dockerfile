# expect: DF003:6
# The non-root USER comes from the stage the final stage builds on.
FROM alpine:3.20 AS base
USER 10001
FROM base
USER 0
CMD ["sh"]
