# expect: DF021:4
# expect: DF021:5
FROM alpine:3.20
RUN curl -H "Authorization: token ghp_vaktTestFixtureNotARealToken00000000" https://api.github.com/user \
 && curl -o x https://ci:p4ssw0rd@files.example.com/x
