# expect: DF094:6
# expect: DF094:7
# expect: DF094:8
# expect: DF094:9
# expect: DF094:10
FROM alpine:3.20 AS scratch
FROM alpine:3.20 AS Builder
FROM alpine:3.20 AS context
FROM alpine:3.20 AS 1st
FROM alpine:3.20 AS Scratch
FROM alpine:3.20 AS fine
