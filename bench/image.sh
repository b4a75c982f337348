#!/usr/bin/env bash
# make bench, images: `vakt image` on a real Debian image against bare
# decompression of its layers (gzip -dc > /dev/null), in the same run.
# The image is built once outside the repository (VAKT_BENCH_DIR, default
# ${TMPDIR:-/tmp}/vakt-bench/image): debootstrap --variant=minbase bookworm
# (about 200 MB, needs root and deb.debian.org), packed with umoci into an OCI
# layout with one gzip layer. Skipped with the reason when that cannot be done.
# Usage: bench/image.sh [path/to/vakt]
set -euo pipefail
cd "$(dirname "$0")/.."
VAKT=$(realpath "${1:-build/vakt}")
WORK=${VAKT_BENCH_DIR:-${TMPDIR:-/tmp}/vakt-bench}/image
RUNS=${BENCH_RUNS:-5}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

median_time() {
	local t=() s e
	for _ in $(seq "$RUNS"); do
		s=$EPOCHREALTIME
		"$@" >/dev/null 2>&1 || true
		e=$EPOCHREALTIME
		t+=("$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.6f", b - a }')")
	done
	printf '%s\n' "${t[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

if [ ! -f "$WORK/.complete" ]; then
	for t in debootstrap umoci; do
		if ! command -v "$t" >/dev/null; then
			echo "image: skipped ($t is not installed: apt-get install debootstrap umoci)"
			exit 0
		fi
	done
	if [ "$(id -u)" -ne 0 ]; then
		echo "image: skipped (debootstrap needs root to build the image once)"
		exit 0
	fi
	echo "building a Debian bookworm minbase image in $WORK (once) ..."
	rm -rf "$WORK"
	mkdir -p "$WORK"
	if ! debootstrap --variant=minbase bookworm "$WORK/rootfs" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
		echo "image: skipped (debootstrap failed, see $WORK/debootstrap.log)"
		exit 0
	fi
	umoci init --layout "$WORK/oci"
	umoci new --image "$WORK/oci:bookworm"
	umoci unpack --image "$WORK/oci:bookworm" "$WORK/bundle" >/dev/null
	cp -a "$WORK/rootfs/." "$WORK/bundle/rootfs/"
	umoci repack --image "$WORK/oci:bookworm" --history.created_by 'debootstrap --variant=minbase bookworm' "$WORK/bundle"
	rm -rf "$WORK/bundle" "$WORK/rootfs"
	touch "$WORK/.complete"
fi

# The layer blobs: everything in the layout bigger than a manifest or config.
mapfile -t layers < <(find "$WORK/oci/blobs/sha256" -type f -size +64k)
gunzip_all() { for b in "${layers[@]}"; do gzip -dc <"$b" >/dev/null; done; }
stored=$(du -cb "${layers[@]}" | tail -n 1 | cut -f1)
unpacked=$(for b in "${layers[@]}"; do gzip -dc <"$b"; done | wc -c)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
gunzip_all # warm the page cache
t_gz=$(median_time gunzip_all)
t_vakt=$(median_time "$VAKT" image --no-progress --no-config --format json -o /dev/null "$WORK/oci:bookworm")
t_nosec=$(median_time "$VAKT" image --no-progress --no-config --no-secrets --format json -o /dev/null "$WORK/oci:bookworm")
t_pkg=$(median_time "$VAKT" image --no-progress --no-config --list-packages "$WORK/oci:bookworm")
entries=$(for b in "${layers[@]}"; do gzip -dc <"$b" | tar -tf - ; done | wc -l)
printf 'image: debian bookworm minbase, %d layer(s), %d bytes stored, %d bytes unpacked, %d tar entries, %d packages\n' \
	"${#layers[@]}" "$stored" "$unpacked" "$entries" \
	"$("$VAKT" image --no-progress --no-config --list-packages "$WORK/oci:bookworm" | tail -n 1 | cut -d' ' -f1)"
printf '  load average                  %s before the runs, %s after\n' "$load_before" \
	"$(cut -d' ' -f1-3 /proc/loadavg)"
printf '  gzip -dc > /dev/null          %.3f s (median of %d)\n' "$t_gz" "$RUNS"
for x in "vakt image --format json:$t_vakt" "vakt image --no-secrets:$t_nosec" "vakt image --list-packages:$t_pkg"; do
	printf '  %-29s %.3f s (%.2fx, target <= 1.2x)\n' "${x%%:*}" "${x##*:}" \
		"$(awk -v a="${x##*:}" -v b="$t_gz" 'BEGIN { printf "%.4f", a / b }')"
done
if command -v /usr/bin/time >/dev/null; then
	/usr/bin/time -f '  peak RSS                      %M KiB' "$VAKT" image --no-progress --no-config \
		--format json -o /dev/null "$WORK/oci:bookworm" 2>&1 >/dev/null | tail -n 1 || true
fi
