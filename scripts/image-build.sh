#!/bin/sh
# Build vakt's own image without a container engine (`make image`,
# docs/container.md):
#
#   scripts/image-build.sh ROOTFS DOCKERFILE FORMAT:ARCHIVE VERSION
#
# ROOTFS is the tree scripts/image-rootfs.sh made; DOCKERFILE the repository's
# Dockerfile, whose final stage is read for the image configuration (USER,
# ENTRYPOINT, CMD, LABEL, ENV, WORKDIR), so that the image made here and the one
# `docker build` makes are configured alike; FORMAT is docker-archive (what
# `docker load` and `podman load` read) or oci-archive; VERSION the tag, and
# the value of ${VERSION} in the Dockerfile.
#
# The final stage may hold only what this script understands, one instruction
# per line: FROM scratch, ARG, COPY --from=STAGE DIR/ / (the root filesystem),
# USER UID:GID (numeric), ENTRYPOINT and CMD in exec form, LABEL key="value"
# (one per line), ENV key=value, WORKDIR, HEALTHCHECK NONE. Anything else is an
# error, so that the two builds cannot drift silently.
#
# The layer is written by GNU tar with numeric owners: root for everything
# but the user's home, which belongs to the USER, so no root is needed here.
# umoci adds it to a fresh OCI layout, sets the configuration, and skopeo
# writes the archive. SOURCE_DATE_EPOCH, when set, is every file's mtime.
set -eu

die() {
	echo "image-build: $*" >&2
	exit 1
}

[ $# -eq 4 ] || die "usage: image-build.sh ROOTFS DOCKERFILE FORMAT:ARCHIVE VERSION"
rootfs=$1 dockerfile=$2 dest=$3 version=$4
format=${dest%%:*} archive=${dest#*:}
case $format in
docker-archive | oci-archive) ;;
*) die "format '$format' is not docker-archive or oci-archive" ;;
esac
[ -x "$rootfs/usr/bin/vakt" ] || die "'$rootfs' holds no usr/bin/vakt (run scripts/image-rootfs.sh)"
for t in umoci skopeo tar; do
	command -v "$t" >/dev/null 2>&1 || die "'$t' is needed (Debian packages umoci, skopeo, tar)"
done

# The final stage, after its FROM, without comments, blank lines or
# continuations (none is allowed there).
final=$(awk 'toupper($1) == "FROM" { n = NR } { line[NR] = $0 }
	END { for (i = n; i <= NR; i++) print line[i] }' "$dockerfile" | grep -v '^[[:space:]]*\(#\|$\)')
[ -n "$final" ] || die "'$dockerfile' has no FROM"

# A JSON array of plain strings, one per line (no escapes, which the final
# stage does not need and this parser does not read).
exec_form() {
	printf '%s\n' "$1" | grep -q '^\[ *"[^"\\]*"\( *, *"[^"\\]*"\)* *\]$' ||
		die "$2 is not an exec-form array of plain strings: '$1'"
	printf '%s\n' "$1" | sed 's/^\[ *"//; s/" *\]$//; s/" *, *"/\n/g'
}

set -- # the umoci config arguments
user='' entry=0 nohealth=0
while IFS= read -r line; do
	instr=$(printf '%s' "$line" | awk '{ print toupper($1) }')
	rest=$(printf '%s' "$line" | sed 's/^[[:space:]]*[^[:space:]]*[[:space:]]*//; s/[[:space:]]*$//')
	rest=$(printf '%s' "$rest" | sed "s/\${VERSION}/$version/g; s/\$VERSION\b/$version/g")
	case $instr in
	FROM) [ "$rest" = scratch ] || die "the final stage is FROM '$rest', not scratch" ;;
	ARG) ;;
	HEALTHCHECK)
		[ "$rest" = NONE ] || die "only HEALTHCHECK NONE is understood"
		nohealth=1
		;;
	COPY)
		printf '%s' "$rest" | grep -q '^--from=[a-z0-9_.-]* [^ ]*/ /$' ||
			die "the final stage's COPY is not 'COPY --from=STAGE DIR/ /': '$rest'"
		;;
	USER)
		printf '%s' "$rest" | grep -q '^[1-9][0-9]*:[1-9][0-9]*$' ||
			die "USER '$rest' is not a numeric non-root UID:GID"
		user=$rest
		set -- "$@" --config.user "$rest"
		;;
	ENTRYPOINT | CMD)
		lc=$(printf '%s' "$instr" | tr '[:upper:]' '[:lower:]')
		args=$(exec_form "$rest" "$instr") || exit 1
		[ "$instr" = CMD ] || entry=1
		while IFS= read -r a; do
			set -- "$@" "--config.$lc" "$a"
		done <<EOF
$args
EOF
		;;
	LABEL | ENV)
		printf '%s' "$rest" | grep -q '^[A-Za-z0-9_.-]*="[^"\\]*"$\|^[A-Za-z0-9_.-]*=[^ "]*$' ||
			die "$instr is not one key=\"value\": '$rest'"
		kv=$(printf '%s' "$rest" | sed 's/="\(.*\)"$/=\1/')
		lc=$(printf '%s' "$instr" | tr '[:upper:]' '[:lower:]')
		set -- "$@" "--config.$lc" "$kv"
		;;
	WORKDIR) set -- "$@" --config.workingdir "$rest" ;;
	*) die "the final stage has '$instr', which this script does not apply" ;;
	esac
done <<EOF
$final
EOF
[ -n "$user" ] || die "the final stage sets no USER"
[ "$entry" -eq 1 ] || die "the final stage sets no ENTRYPOINT"
home=$(awk -F: -v u="${user%%:*}" '$3 == u { print $6 }' "$rootfs/etc/passwd")
[ -n "$home" ] || die "USER ${user%%:*} is not in $rootfs/etc/passwd"

# Replace blob $2 of layout $1 by file $3 in the JSON blob $4 that names it;
# print the new blob's digest.
replace_blob() {
	d=$(sha256sum "$3" | cut -d' ' -f1)
	sz=$(wc -c <"$3" | tr -d ' ')
	mv "$3" "$1/blobs/sha256/$d"
	sed "s/sha256:$2\",\"size\":[0-9]*/sha256:$d\",\"size\":$sz/" "$4" >"$4.new"
	grep -q "sha256:$d" "$4.new" || die "cannot find blob $2 in $4"
	echo "$d"
}

# umoci has no option for HEALTHCHECK NONE, which Docker records as
# "Healthcheck": {"Test": ["NONE"]}: write it into the configuration blob and
# re-point the manifest and the index at the new blobs (umoci writes each of
# them as one line of JSON, with digest and size side by side).
healthcheck_none() {
	idx=$1/index.json
	man=$(sed -n 's/.*"manifests":\[{"mediaType":"[^"]*","digest":"sha256:\([0-9a-f]*\)".*/\1/p' "$idx")
	[ -n "$man" ] || die "cannot read the manifest digest from $idx"
	cfg=$(sed -n 's/.*"config":{"mediaType":"[^"]*","digest":"sha256:\([0-9a-f]*\)".*/\1/p' \
		"$1/blobs/sha256/$man")
	[ -n "$cfg" ] || die "cannot read the configuration digest from manifest $man"
	sed 's/"config":{/"config":{"Healthcheck":{"Test":["NONE"]},/' "$1/blobs/sha256/$cfg" >"$work/cfg"
	cp "$1/blobs/sha256/$man" "$work/man"
	newcfg=$(replace_blob "$1" "$cfg" "$work/cfg" "$work/man") || exit 1
	mv "$work/man.new" "$work/man"
	replace_blob "$1" "$man" "$work/man" "$idx" >/dev/null || exit 1
	mv "$idx.new" "$idx"
	grep -q '"Healthcheck"' "$1/blobs/sha256/$newcfg" || die "HEALTHCHECK NONE was not written"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarflags="--numeric-owner --sort=name --format=gnu"
[ -z "${SOURCE_DATE_EPOCH:-}" ] || tarflags="$tarflags --mtime=@$SOURCE_DATE_EPOCH"
# shellcheck disable=SC2086
tar -C "$rootfs" $tarflags --owner=0 --group=0 --exclude=".$home" -cf "$work/layer.tar" .
# shellcheck disable=SC2086
tar -C "$rootfs" $tarflags --owner="${user%%:*}" --group="${user#*:}" -rf "$work/layer.tar" ".$home"

umoci init --layout "$work/oci"
umoci new --image "$work/oci:vakt"
umoci raw add-layer --image "$work/oci:vakt" --history.created_by \
	"COPY --from=build rootfs / (scripts/image-rootfs.sh)" "$work/layer.tar"
umoci config --image "$work/oci:vakt" --no-history "$@"
[ "$nohealth" -eq 0 ] || healthcheck_none "$work/oci"
mkdir -p "$(dirname "$archive")"
rm -f "$archive"
skopeo copy --quiet "oci:$work/oci:vakt" "$format:$archive:vakt:$version"
