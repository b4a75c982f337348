# expect: DF085:4
# expect: DF085:5
FROM alpine:3.20
MAINTAINER Jane Doe <jane@example.com>
maintainer ops@example.com
