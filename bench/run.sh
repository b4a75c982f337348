#!/usr/bin/env bash
# make bench: the benchmarks of docs/performance.md, each compared with a
# baseline in the same run. Usage: bench/run.sh [path/to/vakt]
# The corpus is generated once, deterministically, outside the repository
# (VAKT_BENCH_DIR, default ${TMPDIR:-/tmp}/vakt-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
VAKT=$(realpath "${1:-build/vakt}")
WORK=${VAKT_BENCH_DIR:-${TMPDIR:-/tmp}/vakt-bench}
RUNS=${BENCH_RUNS:-7}
mkdir -p "$WORK"

# Median wall time in seconds of RUNS runs of "$@" (output discarded).
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

cat_all() { find "$1" -type f -print0 | xargs -0 cat >/dev/null; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "vakt: $("$VAKT" --version)"

# --- Dockerfiles -----------------------------------------------------------
corpus=$WORK/dockerfiles
if [ ! -f "$corpus/.complete" ]; then
	echo "generating 10,000 Dockerfiles in $corpus ..."
	rm -rf "$corpus"
	cc -O2 -o "$WORK/gen-dockerfiles" bench/gen-dockerfiles.c
	"$WORK/gen-dockerfiles" "$corpus" 10000
	touch "$corpus/.complete"
fi
files=$(find "$corpus" -type f -name '*ockerfile*' | wc -l)
bytes=$(find "$corpus" -type f -name '*ockerfile*' -printf '%s\n' | awk '{s+=$1} END {print s}')
cat_all "$corpus" # warm the page cache
findings=$("$VAKT" scan --no-config --format gnu "$corpus" 2>/dev/null | wc -l || true)
t_cat=$(median_time cat_all "$corpus")
t_vakt=$(median_time "$VAKT" scan --no-config --format json -o /dev/null "$corpus")
ratio=$(awk -v a="$t_vakt" -v b="$t_cat" 'BEGIN { printf "%.4f", a / b }')
printf 'dockerfiles: %d files, %d bytes, %d findings\n' "$files" "$bytes" "$findings"
printf '  cat (find | xargs cat)   %.3f s (median of %d)\n' "$t_cat" "$RUNS"
printf '  vakt scan --format json  %.3f s (median of %d)\n' "$t_vakt" "$RUNS"
printf '  ratio                    %.2fx (target <= 3x)\n' "$ratio"
# The other formats, for the record (the target is stated on JSON, what CI reads).
for fmt in text sarif; do
	t=$(median_time "$VAKT" scan --no-config --format "$fmt" -o /dev/null "$corpus")
	printf '  vakt scan --format %-5s %.3f s (%.2fx)\n' "$fmt" "$t" \
		"$(awk -v a="$t" -v b="$t_cat" 'BEGIN { printf "%.4f", a / b }')"
done
if command -v /usr/bin/time >/dev/null; then
	/usr/bin/time -f '  peak RSS                 %M KiB' "$VAKT" scan --no-config --format json \
		-o /dev/null "$corpus" 2>&1 >/dev/null | tail -n 1 || true
fi

# --- images (bench/image.sh) -------------------------------------------------
bench/image.sh "$VAKT"
