# Lists kept in the final stage and in the stage it is built on; not in a discarded build stage.
# expect: DF052:7
# expect: DF052:10
FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc
FROM debian:12 AS base
RUN apt-get update && apt-get install -y --no-install-recommends curl
FROM base
RUN <<EOF
apt-get update
apt-get install -y --no-install-recommends git
EOF
COPY --from=build /out /out
USER 10001
