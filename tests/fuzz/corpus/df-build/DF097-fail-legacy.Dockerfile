# expect: DF097:5
# expect: DF097:6
# expect: DF097:7
FROM alpine:3.20
ENV NODE_ENV production
ENV GREETING hello world
ONBUILD ENV CHILD yes
