#!/usr/bin/env bash
# make bench, adversarial shapes (issue 9): inputs that make a rule quadratic
# if it walks the rest of its input from every element, each at N and 2N, so
# that linearity shows: the time ratio of 2N to N is about 2 for a linear
# scan and 4 for a quadratic one.
#
#   bench/adversarial.sh [path/to/vakt] [SHAPE...]     (default: every shape)
#
# The inputs come from bench/gen-adversarial.c (deterministic) and are written
# once outside the repository (VAKT_BENCH_DIR, default ${TMPDIR:-/tmp}/vakt-bench,
# under adversarial/). BENCH_ADV_RUNS (default 3) runs per measurement; the
# median wall time and CPU time (user + sys) are printed, with the peak RSS.
# BENCH_ADV_MAX caps N (a quick look: BENCH_ADV_MAX=2000); BENCH_ADV_TIMEOUT
# (seconds) stops a run that takes longer and prints ">SECONDS" (to measure a
# quadratic build).
set -euo pipefail
cd "$(dirname "$0")/.."
VAKT=$(realpath "${1:-build/vakt}")
shift || true
WORK=${VAKT_BENCH_DIR:-${TMPDIR:-/tmp}/vakt-bench}/adversarial
RUNS=${BENCH_ADV_RUNS:-3}
GEN=$WORK/gen-adversarial

# Shape, N (2N is measured too) and what vakt is asked. 2N is the size the
# issue names (100,000 stages, commands, services, workloads), or the ceiling
# of the input: DF_MAX_STAGES stages, KUBE_NETPOL_MAX_WORKLOADS for netpol.
SHAPES=(
	"df-pipe-curl 50000 scan"
	"df-pipe-mix 50000 scan"
	"df-and-chain 50000 scan"
	"df-subst 50000 scan"
	"df-subst-deep 50000 scan"
	"df-stages 5000 scan"
	"df-vars 50000 scan"
	"df-instrs 50000 scan"
	"compose-services 50000 scan"
	"runline-script 50000 scan"
	"k8s-one-ns 50000 scan"
	"k8s-many-ns 50000 scan"
	"k8s-one-ns 2000 netpol"
	"k8s-many-ns 2000 netpol"
)

mkdir -p "$WORK"
if [ ! -x "$GEN" ] || [ bench/gen-adversarial.c -nt "$GEN" ]; then
	cc -O2 -o "$GEN" bench/gen-adversarial.c
fi

# The input of shape $1 at size $2: generated once.
input() {
	local dir=$WORK/$1-$2
	if [ ! -f "$dir/.complete" ]; then
		rm -rf "$dir"
		"$GEN" "$1" "$2" "$dir"
		touch "$dir/.complete"
	fi
	echo "$dir"
}

# "WALL CPU RSS_KIB": medians of RUNS runs of vakt (output discarded), the largest RSS.
measure() {
	local out=$WORK/.time walls=() cpus=() rss=0 w c r
	for _ in $(seq "$RUNS"); do
		if [ -n "${BENCH_ADV_TIMEOUT:-}" ]; then
			if ! /usr/bin/time -f '%e %U %S %M' -o "$out" timeout "$BENCH_ADV_TIMEOUT" \
				"$VAKT" "$@" >/dev/null 2>&1 && grep -q 'status 124' "$out"; then
				echo ">$BENCH_ADV_TIMEOUT >$BENCH_ADV_TIMEOUT 0"
				return
			fi
		else
			/usr/bin/time -f '%e %U %S %M' -o "$out" "$VAKT" "$@" >/dev/null 2>&1 || true
		fi
		# The last line: time prepends "Command exited with non-zero status 1".
		read -r w u s r < <(tail -n 1 "$out")
		c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
		walls+=("$w")
		cpus+=("$c")
		[ "$r" -gt "$rss" ] && rss=$r
	done
	w=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
	c=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
	echo "$w $c $rss"
}

args() {
	case $1 in
	netpol) echo "netpol --format json -o /dev/null" ;;
	*) echo "scan --no-config --format json -o /dev/null" ;;
	esac
}

echo "adversarial shapes: median of $RUNS runs; ratio = 2N / N (2 linear, 4 quadratic)"
printf '  %-26s %8s %10s %8s %8s %8s | %8s %10s %8s %8s %8s | %5s\n' shape N bytes wall cpu \
	'RSS MiB' 2N bytes wall cpu 'RSS MiB' ratio
for s in "${SHAPES[@]}"; do
	read -r shape n what <<<"$s"
	[ -n "${BENCH_ADV_MAX:-}" ] && [ "$n" -gt "$BENCH_ADV_MAX" ] && n=$BENCH_ADV_MAX
	if [ $# -gt 0 ] && [[ " $* " != *" $shape "* ]]; then
		continue
	fi
	row=()
	for size in "$n" $((2 * n)); do
		dir=$(input "$shape" "$size")
		bytes=$(find "$dir" -type f ! -name .complete -printf '%s\n' | awk '{ s += $1 } END { print s }')
		if [[ ${row[2]:-} == ">"* ]]; then
			# N already ran out of time: 2N would too.
			row+=("$size" "$bytes" "${row[2]}" "${row[3]}" 0)
			continue
		fi
		# shellcheck disable=SC2046 # the arguments are words
		read -r w c r <<<"$(measure $(args "$what") "$dir")"
		row+=("$size" "$bytes" "$w" "$c" "$((r / 1024))")
	done
	ratio=-
	if [[ ${row[3]} != ">"* && ${row[8]} != ">"* ]]; then
		ratio=$(awk -v a="${row[3]}" -v b="${row[8]}" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')
	fi
	printf '  %-26s %8s %10s %8s %8s %8s | %8s %10s %8s %8s %8s | %5s\n' "$shape ($what)" \
		"${row[@]}" "$ratio"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (after adversarial)"
