#!/usr/bin/env bash
# The live probe's cost (docs/performance.md, "Live collection (eBPF)"): the
# CPU time an openat+close pair takes with and without the probe attached, the
# programs' own time per run (bpf_stats), and the drops at about 0.45M
# events/s for 5 s with a 16 MiB ring (the generator says what rate it made:
# a loaded machine may not reach it). Needs root (or CAP_BPF
# and CAP_PERFMON) and a vakt built with the probe; run `make` first.
# Usage: bench/watch-overhead.sh [BUILD_DIR]   (BENCH_RUNS, default 7, runs per figure)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${BENCH_RUNS:-7}
pairs=${BENCH_PAIRS:-200000}
rate=${BENCH_RATE:-450000}
pin=
work=${VAKT_BENCH_DIR:-${TMPDIR:-/tmp}/vakt-bench}
mkdir -p "$work"
bin=$work/watch-overhead

# shellcheck disable=SC2046
cc -O2 -std=c17 -D_GNU_SOURCE -Isrc -o "$bin" bench/watch-overhead.c "$build/libvakt.a" \
	$(pkg-config --libs libbpf) -lm -lpthread

median() { sort -n | sed -n "$(((runs + 1) / 2))p"; }

# Start the probe in the background and wait until it is attached.
attach() { # seconds, ring bytes, output file
	: >"$3.err"
	${pin:-} "$bin" attach "$1" "$2" >"$3" 2>"$3.err" &
	apid=$!
	for _ in $(seq 100); do
		grep -q ready "$3.err" 2>/dev/null && return 0
		kill -0 "$apid" 2>/dev/null || { cat "$3.err" >&2; exit 4; }
		sleep 0.1
	done
	echo "the probe did not attach within 10 s" >&2
	exit 4
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# Interleaved rounds (the load of a shared machine drifts), the loop pinned to
# the last CPU and the probe's consumer to the first.
last=$(($(nproc) - 1))
echo "openat+close, $pairs pairs, median of $runs interleaved rounds (CPU ns per pair):"
: >"$work/without"
: >"$work/with"
pin="taskset -c 0"
for _ in $(seq "$runs"); do
	taskset -c "$last" "$bin" loop "$pairs" >>"$work/without"
	attach 3600 $((16 << 20)) "$work/attach-overhead"
	taskset -c "$last" "$bin" loop "$pairs" >>"$work/with"
	kill -TERM "$apid" 2>/dev/null || true
	wait "$apid" 2>/dev/null || true
done
base=$(median <"$work/without")
with=$(median <"$work/with")
echo "  without the probe         $base"
echo "  with the probe (16 MiB)   $with   (+$((with - base)) ns per pair, 2 events)"
# The kernel's own count of the programs' time (bpf_stats_enabled adds a
# little to every run while it is on).
attach 3600 $((16 << 20)) "$work/attach-overhead"
stats_was=$(cat /proc/sys/kernel/bpf_stats_enabled 2>/dev/null || echo 0)
echo 1 >/proc/sys/kernel/bpf_stats_enabled 2>/dev/null || true
taskset -c "$last" "$bin" loop "$pairs" >/dev/null
progs=$(bpftool prog show 2>/dev/null | grep -E "name vakt_" || true)
echo "$stats_was" >/proc/sys/kernel/bpf_stats_enabled 2>/dev/null || true
kill -TERM "$apid" 2>/dev/null || true
wait "$apid" 2>/dev/null || true
if [ -n "$progs" ]; then
	echo "  in the kernel, per run (bpf_stats; every syscall of the machine while it ran):"
	echo "$progs" | sed -n 's/.*name \(vakt_[a-z_]*\).*run_time_ns \([0-9]*\) run_cnt \([0-9]*\).*/\1 \2 \3/p' |
		awk '{ printf "    %-16s %6.0f ns over %d runs\n", $1, ($3 ? $2 / $3 : 0), $3 }'
fi

# The consumer free to run anywhere; 4 generators take a fair share of a
# loaded machine. Then the same with a 64 KiB ring, to see the drop counter move.
pin=
for ring in $((16 << 20)) $((64 << 10)); do
	echo "drops at $rate events/s for 5 s (failing openat + close(-1) pairs, 4 processes), $((ring >> 10)) KiB ring:"
	attach 8 "$ring" "$work/attach-drops"
	"$bin" load "$rate" 5 4 | sed 's/^/  made      /'
	wait "$apid"
	sed 's/^/  probe     /' "$work/attach-drops"
done
