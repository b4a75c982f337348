# expect: DF020:4
# ENV persists into every image built on the stage.
FROM alpine:3.20 AS base
ENV CLIENT_SECRET=abc
FROM base
CMD ["sh"]
