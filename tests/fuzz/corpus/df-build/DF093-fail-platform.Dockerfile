# expect: DF093:4
# expect: DF093:5
# expect: DF093:6
FROM --platform=linux/amd64 alpine:3.20 AS base
FROM --platform=linux/arm64 alpine:3.20
FROM --platform=$TARGETPLATFORM alpine:3.20 AS final
