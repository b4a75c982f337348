#!/usr/bin/env bash
# Build the image fixtures that real producers write, from the small trees in
# tests/image/trees/, with umoci (OCI layouts, whiteouts, config) and skopeo
# (docker-archive, oci-archive, zstd layers, plain layers labelled tar+gzip).
# About a tenth of a second per image.
#
#   tests/image/build-fixtures.sh OUTDIR
#
# Exit status 77 with the reason on stdout when umoci or skopeo is missing.
#
# OUTDIR/
#   real/            OCI layout: tags "base" (1 layer) and "bad" (3 layers)
#   real-docker.tar  skopeo docker-archive of bad (RepoTags docker.io/vakt-test/bad:v1)
#   real-oci.tar     skopeo oci-archive of bad
#   real-zstd/       OCI layout of bad with zstd layers
#   real-plain/      OCI layout of bad whose plain-tar layers are labelled tar+gzip
#   real-dir/        skopeo dir: of bad with a Docker v2 manifest (podman's docker-dir)
#   multi-dir/       skopeo dir: --all of the hand-made OUTDIR/../multi-arch (an index of
#                    two platforms; run.sh builds multi-arch first)
#   rootfs/          the base tree as an unpacked root filesystem
#   df/              OCI layout: the image of dockerfiles/app.Dockerfile as three builders
#                    record it, tags "buildkit", "legacy" and "buildah" (the layers are
#                    the small trees; the history is each builder's created_by strings)
#   *.Dockerfile     the Dockerfiles of tests/image/dockerfiles/, for --dockerfile
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build-fixtures.sh OUTDIR}
for t in umoci skopeo python3; do
	command -v "$t" >/dev/null 2>&1 || { echo "$t is not installed (scripts/deps.sh installs it)"; exit 77; }
done
secret() { python3 "$here/mkimage.py" --secret "$1"; }

rm -rf "$out"
mkdir -p "$out"
cd "$out"
L=real
umoci init --layout "$L"
umoci new --image "$L:base"

# Layer 1: the base tree, a real dash, usr-merged /bin.
umoci unpack --image "$L:base" b >/dev/null
cp -a "$here/trees/base/." b/rootfs/
mkdir -p b/rootfs/usr/bin
cp /bin/dash b/rootfs/usr/bin/dash
ln -s dash b/rootfs/usr/bin/sh
ln -s usr/bin b/rootfs/bin
umoci repack --image "$L:base" --history.created_by 'ADD rootfs.tar /' b
rm -rf b
umoci config --image "$L:base" --config.user 10001:10001 --config.cmd /usr/bin/dash \
	--history.created_by 'USER 10001:10001'
umoci tag --image "$L:base" bad

# Layer 2: the application, with everything the rules look for.
umoci unpack --image "$L:bad" b >/dev/null
cp -a "$here/trees/app/." b/rootfs/
mkdir -p b/rootfs/app/.git b/rootfs/opt/shared b/rootfs/root/.ssh b/rootfs/root/.aws \
	b/rootfs/usr/local/bin
echo 'ref: refs/heads/main' >b/rootfs/app/.git/HEAD
printf 'module.exports = { token: "%s" };\n' "$(secret GITHUB_TOKEN)" >b/rootfs/app/config.js
secret PRIVATE_KEY >b/rootfs/root/.ssh/id_ed25519
chmod 600 b/rootfs/root/.ssh/id_ed25519
printf '[default]\naws_access_key_id = %s\n' "$(secret AWS_KEY_ID)" >b/rootfs/root/.aws/credentials
cp /bin/dash b/rootfs/usr/local/bin/sdash
chmod 4755 b/rootfs/usr/local/bin/sdash
chmod 0777 b/rootfs/opt/shared
rm b/rootfs/etc/debian_version
umoci repack --image "$L:bad" --history.created_by \
	"RUN |1 NPM_TOKEN=$(secret NPM_TOKEN) /bin/sh -c make install" b
rm -rf b

# Layer 3: the key is deleted, but layer 2 still ships it.
umoci unpack --image "$L:bad" b >/dev/null
rm b/rootfs/root/.ssh/id_ed25519
umoci repack --image "$L:bad" --history.created_by 'RUN /bin/sh -c rm /root/.ssh/id_ed25519' b
rm -rf b
umoci config --image "$L:bad" --config.user root \
	--config.env "AWS_SECRET_ACCESS_KEY=$(secret AWS_SECRET)" --config.exposedports 22/tcp

skopeo --insecure-policy copy -q "oci:$L:bad" docker-archive:real-docker.tar:vakt-test/bad:v1
skopeo --insecure-policy copy -q "oci:$L:bad" oci-archive:real-oci.tar:vakt-test/bad:v1
skopeo --insecure-policy copy -q --dest-compress-format zstd "oci:$L:bad" oci:real-zstd:bad
skopeo --insecure-policy copy -q --dest-oci-accept-uncompressed-layers \
	docker-archive:real-docker.tar oci:real-plain:bad
skopeo --insecure-policy copy -q --format v2s2 "oci:$L:bad" dir:real-dir
skopeo --insecure-policy copy -q --all oci-archive:../multi-arch dir:multi-dir

mkdir rootfs
cp -a "$here/trees/base/." rootfs/

# The same Dockerfile (dockerfiles/app.Dockerfile) built by three builders: the
# layers are the small trees, each history entry the created_by its builder
# writes (moby's builder/dockerfile dispatchers, BuildKit's dockerfile2llb,
# buildah's imagebuildah getCreatedBy): "L" with a layer, "E" without.
cp "$here"/dockerfiles/*.Dockerfile .
fill_base() {
	cp -a "$here/trees/base/." "$1/"
	mkdir -p "$1/usr/bin"
	cp /bin/dash "$1/usr/bin/dash"
	ln -s dash "$1/usr/bin/sh"
	ln -s usr/bin "$1/bin"
}
fill_apt() {
	mkdir -p "$1/usr/bin" "$1/var/lib/dpkg"
	cp "$here/trees/app/usr/bin/curl" "$1/usr/bin/curl"
	cp "$here/trees/app/var/lib/dpkg/status" "$1/var/lib/dpkg/status"
}
fill_workdir() { mkdir -p "$1/app"; }
fill_gobin() {
	mkdir -p "$1/usr/local/bin"
	printf '#!/bin/sh\necho app\n' >"$1/usr/local/bin/app"
	chmod 755 "$1/usr/local/bin/app"
}
fill_app() {
	mkdir -p "$1/app"
	cp "$here/trees/app/app/.env" "$1/app/.env"
	printf '#!/bin/sh\nexec /usr/local/bin/app "$@"\n' >"$1/app/run"
	chmod 755 "$1/app/run"
}
fill_sdash() {
	mkdir -p "$1/usr/local/bin"
	cp /bin/dash "$1/usr/local/bin/sdash"
	chmod 4755 "$1/usr/local/bin/sdash"
}
D=df
umoci init --layout "$D"
# df_image TAG COMMENT, then lines "L<TAB>fill<TAB>created_by" or "E<TAB>-<TAB>created_by".
df_image() {
	local tag=$1 comment=$2 kind fill cb
	umoci new --image "$D:$tag"
	while IFS=$'\t' read -r kind fill cb; do
		if [ "$kind" = L ]; then
			umoci unpack --image "$D:$tag" b >/dev/null
			"$fill" b/rootfs
			umoci repack --image "$D:$tag" --history.comment "$comment" \
				--history.created_by "$cb" b
			rm -rf b
		else
			umoci config --image "$D:$tag" --history.comment "$comment" \
				--history.created_by "$cb"
		fi
	done
	umoci config --image "$D:$tag" --no-history --created 2024-01-02T03:04:05Z \
		--config.user 10001:10001 --config.workingdir /app --config.exposedports 8080/tcp \
		--config.env LANG=C.UTF-8 --config.env APP_HOME=/app \
		--config.cmd /app/run --config.cmd --port --config.cmd 8080
}
df_image buildkit buildkit.dockerfile.v0 <<'EOF'
L	fill_base	# debian.sh --arch 'amd64' out/ 'bookworm' '@1734912000'
E	-	LABEL org.opencontainers.image.title=vakt test app
E	-	ENV LANG=C.UTF-8 APP_HOME=/app
L	fill_apt	RUN /bin/sh -c apt-get update &&     apt-get install -y --no-install-recommends curl &&     rm -rf /var/lib/apt/lists/* # buildkit
E	-	ARG APP_VERSION=1.0
L	fill_workdir	WORKDIR /app
L	fill_gobin	COPY /out/app /usr/local/bin/app # buildkit
L	fill_app	COPY --chown=10001:10001 app/ ./ # buildkit
L	fill_sdash	RUN |1 APP_VERSION=1.0 /bin/sh -c install -m 4755 /bin/dash /usr/local/bin/sdash # buildkit
E	-	EXPOSE map[8080/tcp:{}]
E	-	USER 10001:10001
E	-	HEALTHCHECK &{["CMD-SHELL" "curl -f http://localhost:8080/ || exit 1"] "30s" "0s" "0s" "0s" '\x00'}
E	-	CMD ["/app/run" "--port" "8080"]
EOF
df_image legacy "" <<'EOF'
L	fill_base	/bin/sh -c #(nop) ADD file:6d0e56eb3ad52a1b5e5c3d1f40e5b49c4b3e1b0a3f2c8d9e7a6b5c4d3e2f1a0b in / 
E	-	/bin/sh -c #(nop)  CMD ["bash"]
E	-	/bin/sh -c #(nop)  LABEL org.opencontainers.image.title=vakt test app
E	-	/bin/sh -c #(nop)  ENV LANG=C.UTF-8 APP_HOME=/app
L	fill_apt	/bin/sh -c apt-get update &&     apt-get install -y --no-install-recommends curl &&     rm -rf /var/lib/apt/lists/*
E	-	/bin/sh -c #(nop)  ARG APP_VERSION=1.0
L	fill_workdir	/bin/sh -c #(nop) WORKDIR /app
L	fill_gobin	/bin/sh -c #(nop) COPY file:3c6e8b1f0d2a4c5e7b9a1d3f5e7c9b1a3d5f7e9c1b3a5d7f9e1c3b5a7d9f1e3c in /usr/local/bin/app 
L	fill_app	/bin/sh -c #(nop) COPY --chown=10001:10001dir:8f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a in ./ 
L	fill_sdash	|1 APP_VERSION=1.0 /bin/sh -c install -m 4755 /bin/dash /usr/local/bin/sdash
E	-	/bin/sh -c #(nop)  ONBUILD RUN echo "built on top of vakt test app"
E	-	/bin/sh -c #(nop)  EXPOSE 8080
E	-	/bin/sh -c #(nop)  USER 10001:10001
E	-	/bin/sh -c #(nop)  HEALTHCHECK &{["CMD-SHELL" "curl -f http://localhost:8080/ || exit 1"] "30s" "0s" "0s" '\x00'}
E	-	/bin/sh -c #(nop)  CMD ["/app/run" "--port" "8080"]
EOF
df_image buildah "" <<'EOF'
L	fill_base	/bin/sh -c #(nop) ADD file:6d0e56eb3ad52a1b5e5c3d1f40e5b49c4b3e1b0a3f2c8d9e7a6b5c4d3e2f1a0b in / 
E	-	/bin/sh -c #(nop)  CMD ["bash"]
E	-	/bin/sh -c #(nop) LABEL org.opencontainers.image.title="vakt test app"
E	-	/bin/sh -c #(nop) ENV LANG=C.UTF-8     APP_HOME=/app
L	fill_apt	/bin/sh -c apt-get update &&     apt-get install -y --no-install-recommends curl &&     rm -rf /var/lib/apt/lists/*
E	-	/bin/sh -c #(nop) ARG 
E	-	/bin/sh -c #(nop) WORKDIR $APP_HOME
L	fill_gobin	/bin/sh -c #(nop) COPY file:3c6e8b1f0d2a4c5e7b9a1d3f5e7c9b1a3d5f7e9c1b3a5d7f9e1c3b5a7d9f1e3c in /usr/local/bin/app      
L	fill_app	/bin/sh -c #(nop) COPY dir:8f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a in ./      
L	fill_sdash	/bin/sh -c install -m 4755 /bin/dash /usr/local/bin/sdash
E	-	/bin/sh -c #(nop) ONBUILD RUN echo "built on top of vakt test app"
E	-	/bin/sh -c #(nop) EXPOSE 8080
E	-	/bin/sh -c #(nop) USER 10001:10001
E	-	/bin/sh -c #(nop) HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/ || exit 1
E	-	/bin/sh -c #(nop) CMD ["/app/run", "--port", "8080"]
EOF
