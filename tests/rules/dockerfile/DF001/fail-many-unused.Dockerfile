# At most DF_MAX_POSSIBLE_FINALS (8) unused stages are judged, those nearest the final stage.
# expect: DF001:12
# expect: DF001:13
# expect: DF001:14
# expect: DF001:15
# expect: DF001:16
# expect: DF001:17
# expect: DF001:18
# expect: DF001:19
FROM alpine:3.20 AS v1
FROM alpine:3.20 AS v2
FROM alpine:3.20 AS v3
FROM alpine:3.20 AS v4
FROM alpine:3.20 AS v5
FROM alpine:3.20 AS v6
FROM alpine:3.20 AS v7
FROM alpine:3.20 AS v8
FROM alpine:3.20 AS v9
FROM alpine:3.20 AS v10
FROM gcr.io/distroless/static-debian12:nonroot
