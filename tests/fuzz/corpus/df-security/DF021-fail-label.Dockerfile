# expect: DF021:3
FROM alpine:3.20
LABEL ci.token=ghp_vaktTestFixtureNotARealToken00000000
