# expect: DF002:4
# The only USER is root, in the stage the final stage builds on.
FROM debian:bookworm-slim AS base
USER root
RUN apt-get update
FROM base
CMD ["bash"]
