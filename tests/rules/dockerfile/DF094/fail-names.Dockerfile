# expect: DF094:4
# expect: DF094:5
# expect: DF094:6
FROM alpine:3.20 AS scratch
FROM alpine:3.20 AS Builder
FROM alpine:3.20 AS context
FROM alpine:3.20 AS fine
