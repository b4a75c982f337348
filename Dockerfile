# syntax=docker/dockerfile:1
# vakt's own image (docs/container.md). Build with a container engine:
#   docker build --build-arg VERSION=0.1.0 -t vakt:0.1.0 .
# or, without one, `make image` (umoci and skopeo), which makes the same
# image from the same scripts: scripts/image-build.sh reads the final stage
# below for the configuration and refuses what it cannot apply, so edit
# both together (tests/extra/own-image.sh checks the result).
#
# The build stage compiles vakt and assembles the root filesystem with
# scripts/image-rootfs.sh: the binary, the shared libraries it and its
# dlopen'ed libraries need (libarchive, libcurl, SQLite, OpenSSL, ISA-L,
# libmicrohttpd and GnuTLS for vakt serve),
# the CA bundle, and passwd/group entries for the user 65532. The final
# stage is that tree alone: no shell, no package manager.
# The digest is bookworm-slim's as of the pin; refresh it with
# `docker buildx imagetools inspect debian:bookworm-slim`.
FROM debian:bookworm-slim@sha256:3783cc01769c7b2b1b83a5c5ad96c815348e28ed7da68e2e3687004faa906251 AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# The build dependencies of scripts/deps.sh, without the test tools.
# vakt ignore=DF055 -- Debian drops superseded versions from its mirror, so pins would break the build; the stage is discarded and the shipped libraries are listed in var/lib/dpkg/status.d
RUN apt-get update && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		binutils ca-certificates clang dpkg-dev gcc libarchive-dev libbpf-dev libc6-dev \
		libcurl4-openssl-dev libelf-dev libgnutls28-dev libisal-dev libjansson-dev \
		libmicrohttpd-dev libpcre2-dev \
		libsqlite3-dev libssl-dev libyaml-dev libzstd-dev llvm make pkg-config zlib1g-dev \
		bpftool && \
	rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile ./
COPY scripts/ ./scripts/
COPY rules/ ./rules/
COPY src/ ./src/
# The stamp tells make the packages are installed (scripts/deps.sh would also
# install the test tools). The eBPF probe is built when the build host's
# kernel exposes /sys/kernel/btf/vmlinux, and compiled out otherwise.
RUN mkdir -p /out && touch /out/.deps-ok && make BUILD=/out image-rootfs

FROM scratch
ARG VERSION=dev
COPY --from=build /out/image/rootfs/ /
USER 65532:65532
ENTRYPOINT ["/usr/bin/vakt"]
CMD ["--help"]
HEALTHCHECK NONE
LABEL org.opencontainers.image.title="vakt"
LABEL org.opencontainers.image.description="Container-security toolkit: Dockerfiles, Kubernetes, compose, images, hosts, runtime"
LABEL org.opencontainers.image.licenses="MIT"
LABEL org.opencontainers.image.version="${VERSION}"
