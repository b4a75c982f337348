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
