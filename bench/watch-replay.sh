#!/usr/bin/env bash
# Rule evaluation throughput of vakt watch (docs/performance.md, "Runtime
# detection"): a deterministic recording of N events (bench/gen-events.py,
# a busy host's mix of opens, closes, connects, sockets and execs) replayed
# with Falco's default rules and with vakt's own, on one core (taskset: the
# replay then reads on its own thread) and on two (unpinned: a second thread
# reads and parses while the first runs the state and the rules,
# docs/runtime.md). Reports events per CPU second on one core, and wall time,
# CPU time and events per wall second on two. Target (issue 13): at least 1M
# events/s on one core, more with a second. Needs no root; two cores for the
# last lines (a busy machine lowers them: the load average is printed).
# Usage: bench/watch-replay.sh [path/to/vakt]   (BENCH_EVENTS, default 2,000,000;
# BENCH_RUNS, default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
VAKT=$(realpath "${1:-build/vakt}")
WORK=${VAKT_BENCH_DIR:-${TMPDIR:-/tmp}/vakt-bench}
N=${BENCH_EVENTS:-2000000}
RUNS=${BENCH_RUNS:-5}
SHARED=${SHARED:-$(realpath ../shared)}
mkdir -p "$WORK"
rec=$WORK/events-$N.jsonl
if [ ! -f "$rec.complete" ]; then
	echo "generating $N events in $rec ..."
	python3 bench/gen-events.py "$N" "$rec"
	touch "$rec.complete"
fi

# Median CPU seconds (user + sys) of RUNS runs of "$@".
median_cpu() {
	local t=()
	for _ in $(seq "$RUNS"); do
		/usr/bin/time -f '%U %S' -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || true
		t+=("$(awk '{ printf "%.3f", $1 + $2 }' "$WORK/time.txt")")
	done
	printf '%s\n' "${t[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

# Median wall seconds of RUNS runs of "$@", with that run's CPU seconds: "wall cpu".
median_wall() {
	local t=()
	for _ in $(seq "$RUNS"); do
		/usr/bin/time -f '%e %U %S' -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || true
		t+=("$(awk '{ printf "%.3f %.3f", $1, $2 + $3 }' "$WORK/time.txt")")
	done
	printf '%s\n' "${t[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

line2() { # label, "wall cpu"
	awk -v l="$1" -v w="${2% *}" -v c="${2#* }" -v n="$N" 'BEGIN {
		printf "  %-40s %7.3f s wall %7.3f s CPU  %6.2fM events/s\n", l, w, c, n / w / 1e6 }'
}

line() { # label, cpu seconds
	awk -v l="$1" -v c="$2" -v n="$N" 'BEGIN { printf "  %-40s %7.3f s CPU  %6.2fM events/s\n", l, c, n / c / 1e6 }'
}

echo "watch replay: $N events, median of $RUNS (load $(cut -d' ' -f1-3 /proc/loadavg))"
falco=$SHARED/conformance/falco/falco_rules.yaml
empty=$WORK/empty-rules.yaml
echo "[]" >"$empty"
line "parse + state, no rules, one core" "$(median_cpu taskset -c 0 "$VAKT" watch --replay "$rec" --rules "$empty")"
line "Falco default rules (25), one core" \
	"$(median_cpu taskset -c 0 "$VAKT" watch --replay "$rec" --rules "$falco" --format json -o /dev/null)"
line "vakt default rules (20), one core" \
	"$(median_cpu taskset -c 0 "$VAKT" watch --replay "$rec" --format json -o /dev/null)"
line "Falco default rules, all matches, one core" \
	"$(median_cpu taskset -c 0 "$VAKT" watch --replay "$rec" --rules "$falco" --all-matches --format json -o /dev/null)"
if [ "$(nproc)" -ge 2 ]; then
	line2 "Falco default rules, two cores" \
		"$(median_wall "$VAKT" watch --replay "$rec" --rules "$falco" --format json -o /dev/null)"
	line2 "vakt default rules, two cores" \
		"$(median_wall "$VAKT" watch --replay "$rec" --format json -o /dev/null)"
else
	echo "  (one CPU: no two-core figure)"
fi
