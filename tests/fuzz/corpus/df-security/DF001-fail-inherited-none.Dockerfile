# expect: DF001:5
# The final stage builds on a local stage that sets no USER either.
FROM alpine:3.20 AS base
RUN apk add --no-cache ca-certificates
FROM base
CMD ["sh"]
