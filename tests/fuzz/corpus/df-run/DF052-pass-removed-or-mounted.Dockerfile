# Removed in the same RUN, or kept out of the layer by a cache or tmpfs mount.
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y --no-install-recommends git
RUN --mount=type=tmpfs,target=/var/lib/apt/lists/ apt-get update && apt-get install -y --no-install-recommends make
RUN apt-get install -y --no-install-recommends ./local.deb
USER 10001
