#!/usr/bin/env bash
# make bench, application packages (issue 17): `vakt image --no-vulns` on an
# image with 2,000 npm packages, 300 Python distributions, 20 Go binaries and
# 50 jars, reading every package (the default) against `--pkg-types os` (the
# OS packages only, no application file read), in the same run. Target: at
# most 1.5x. The same pair on the Debian base alone shows what looking into
# its executables for Go build information costs.
#
# The image is built once outside the repository (VAKT_BENCH_DIR, default
# ${TMPDIR:-/tmp}/vakt-bench/image-apps), an OCI layout with two gzip layers
# packed by umoci: `base`, a debootstrap --variant=minbase bookworm (needs
# root and deb.debian.org), and `apps`, that plus a layer of what
# bench/gen-apps.py writes: node_modules and its package-lock.json, a Python
# site-packages, jars zipped with `zip`, and Go programs built offline with
# the Debian toolchain (/usr/bin/go) against a file:// module proxy, so that
# their build information lists module dependencies; half of them with cgo,
# a quarter stripped. Skipped with the reason when that cannot be done.
# Usage: bench/image-apps.sh [path/to/vakt]    BENCH_RUNS (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
VAKT=$(realpath "${1:-build/vakt}")
WORK=${VAKT_BENCH_DIR:-${TMPDIR:-/tmp}/vakt-bench}/image-apps
RUNS=${BENCH_RUNS:-5}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

# The medians of RUNS runs of two commands, run in turns (A B A B ...) so
# that a change of load on the machine weighs on both: sets t_a and t_b.
# Usage: median_pair A-ARGS... -- B-ARGS...
median_pair() {
	local a=() b=() ta=() tb=() s e x
	while [ "$1" != -- ]; do
		a+=("$1")
		shift
	done
	shift
	b=("$@")
	for _ in $(seq "$RUNS"); do
		for x in a b; do
			s=$EPOCHREALTIME
			if [ $x = a ]; then "${a[@]}"; else "${b[@]}"; fi >/dev/null 2>&1 || true
			e=$EPOCHREALTIME
			e=$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.6f", b - a }')
			if [ $x = a ]; then ta+=("$e"); else tb+=("$e"); fi
		done
	done
	t_a=$(printf '%s\n' "${ta[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
	t_b=$(printf '%s\n' "${tb[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
}

build_image() {
	local gen=$WORK/gen rootfs d name i flags
	for t in debootstrap umoci go zip python3; do
		if ! command -v "$t" >/dev/null; then
			echo "image-apps: skipped ($t is not installed: apt-get install debootstrap umoci golang-go zip python3)"
			return 1
		fi
	done
	if [ "$(id -u)" -ne 0 ]; then
		echo "image-apps: skipped (debootstrap needs root to build the image once)"
		return 1
	fi
	echo "building the application image in $WORK (once) ..."
	mkdir -p "$WORK"
	rm -rf "$WORK/oci" "$WORK/bundle" "$gen"
	if [ ! -f "$WORK/base-rootfs.ok" ]; then
		rm -rf "$WORK/base-rootfs"
		if ! debootstrap --variant=minbase bookworm "$WORK/base-rootfs" "$MIRROR" \
			>"$WORK/debootstrap.log" 2>&1; then
			echo "image-apps: skipped (debootstrap failed, see $WORK/debootstrap.log)"
			return 1
		fi
		touch "$WORK/base-rootfs.ok"
	fi
	python3 bench/gen-apps.py "$gen"
	rootfs=$gen/rootfs
	mkdir -p "$rootfs/usr/local/bin" "$rootfs/opt/app/lib"
	i=0
	for d in "$gen"/go/src/cmd*; do
		name=svc-${d##*cmd}
		flags=()
		[ $((i % 4)) -eq 3 ] && flags=(-ldflags=-s\ -w)
		if ! (cd "$d" && env GOPATH="$WORK/gopath" GOCACHE="$WORK/gocache" \
			GOPROXY="file://$gen/go/proxy" GOSUMDB=off GOFLAGS=-mod=mod GOTOOLCHAIN=local \
			CGO_ENABLED=$((i % 2)) go build "${flags[@]}" -o "$rootfs/usr/local/bin/$name" .) \
			>"$WORK/go.log" 2>&1; then
			echo "image-apps: skipped (go build failed, see $WORK/go.log)"
			return 1
		fi
		i=$((i + 1))
	done
	for d in "$gen"/jars/*/; do
		name=${d%/}
		(cd "$d" && zip -qrX "$rootfs/opt/app/lib/${name##*/}.jar" META-INF org)
	done
	umoci init --layout "$WORK/oci"
	umoci new --image "$WORK/oci:base"
	umoci unpack --image "$WORK/oci:base" "$WORK/bundle" >/dev/null
	cp -a "$WORK/base-rootfs/." "$WORK/bundle/rootfs/"
	umoci repack --refresh-bundle --image "$WORK/oci:base" \
		--history.created_by 'debootstrap --variant=minbase bookworm' "$WORK/bundle"
	cp -a "$rootfs/." "$WORK/bundle/rootfs/"
	umoci repack --image "$WORK/oci:apps" \
		--history.created_by 'COPY app/ site-packages/ lib/ bin/ /' "$WORK/bundle"
	env GOPATH="$WORK/gopath" GOCACHE="$WORK/gocache" go clean -modcache >/dev/null 2>&1 || true
	rm -rf "$WORK/bundle" "$gen" "$WORK/gopath" "$WORK/gocache"
	touch "$WORK/.complete"
}

if [ ! -f "$WORK/.complete" ] && ! build_image; then
	exit 0
fi

img=$WORK/oci:apps
base=$WORK/oci:base
mapfile -t layers < <(find "$WORK/oci/blobs/sha256" -type f -size +64k)
stored=$(du -cb "${layers[@]}" | tail -n 1 | cut -f1)
counts=$("$VAKT" image --no-progress --no-config --list-packages --format json "$img" |
	python3 -c 'import collections, json, sys
c = collections.Counter(p["type"] for p in json.load(sys.stdin)["packages"])
print(", ".join("%d %s" % (n, t) for t, n in sorted(c.items())))')
entries=$(for b in "${layers[@]}"; do gzip -dc <"$b" | tar -tf -; done | wc -l)
printf 'image-apps: debian bookworm minbase + one application layer, %d layers, %d bytes stored, %d tar entries\n' \
	"${#layers[@]}" "$stored" "$entries"
printf '  packages: %s\n' "$counts"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
cat "${layers[@]}" >/dev/null # warm the page cache
run() { "$VAKT" image --no-progress --no-config --no-vulns "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
for spec in "apps|$img" "base|$base"; do
	IFS='|' read -r label ref <<<"$spec"
	printf '  %s: vakt image --no-vulns          --pkg-types os   every package (default)\n' "$label"
	median_pair run --format json -o /dev/null --pkg-types os "$ref" -- \
		run --format json -o /dev/null "$ref"
	printf '    --format json                  %7.3f s   %7.3f s (%sx%s)\n' "$t_a" "$t_b" \
		"$(ratio "$t_b" "$t_a")" "$([ "$label" = apps ] && echo ', target <= 1.5x')"
	median_pair run --list-packages --pkg-types os "$ref" -- run --list-packages "$ref"
	printf '    --list-packages                %7.3f s   %7.3f s (%sx)\n' "$t_a" "$t_b" \
		"$(ratio "$t_b" "$t_a")"
done
printf '  (medians of %d runs of each, taken in turns)\n' "$RUNS"
printf '  load average                    %s before the runs, %s after\n' "$load_before" \
	"$(cut -d' ' -f1-3 /proc/loadavg)"
if command -v /usr/bin/time >/dev/null; then
	for p in os ""; do
		/usr/bin/time -f "  peak RSS, apps${p:+, --pkg-types $p}   %M KiB" "$VAKT" image --no-progress \
			--no-config --no-vulns --format json -o /dev/null ${p:+--pkg-types "$p"} "$img" \
			2>&1 >/dev/null | tail -n 1 || true
	done
fi
