# expect: RS001:6
# expect: RS001:8
# expect: RS001:9
# expect: RS001:11
# expect: RS001:13
FROM 123456789012.dkr.ecr.us-east-1.amazonaws.com/base:1.0 AS base

FROM gcr.io/acme/builder:2 AS build
COPY --from=us.gcr.io/acme/tools:1 /bin/tool /bin/tool
RUN --mount=type=bind,from=eu.gcr.io/acme/cache:1,target=/cache \
    --mount=type=bind,from=asia.gcr.io/acme/x:1,target=/x true

FROM us-docker.pkg.dev/acme/images/runtime:3
COPY --from=build /bin/tool /bin/tool
USER 10001
