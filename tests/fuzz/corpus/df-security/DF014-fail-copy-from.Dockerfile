# expect: DF014:3
FROM alpine:3.20
COPY --from=pyhton:3.12 /usr/local/bin/python3 /usr/bin/python3
