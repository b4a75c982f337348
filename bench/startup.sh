#!/usr/bin/env bash
# make bench, start-up: the CPU time one vakt process costs when it has
# almost nothing to do, against programs that do nothing (/bin/true) or as
# little (dpkg --version), in the same run. Editor plug-ins and hooks run vakt
# once per file and pay this each time.
# Usage: bench/startup.sh [path/to/vakt]     BENCH_STARTUP_RUNS (default 300)
set -euo pipefail
cd "$(dirname "$0")/.."
VAKT=$(realpath "${1:-build/vakt}")
N=${BENCH_STARTUP_RUNS:-300}
df=examples/hardened-app/Dockerfile

# Mean CPU time (user + sys) in ms of one run of "$@", over N runs: the
# children's times of a subshell that runs it N times (bash's `times`).
cpu_ms() {
	local out
	out=$( (for _ in $(seq "$N"); do "$@" >/dev/null 2>&1 || true; done; times) | tail -n 1)
	# "0m0.123s 0m0.456s": the children's user and sys.
	awk -v n="$N" -v t="$out" 'BEGIN {
		split(t, f, " "); s = 0
		for (i = 1; i <= 2; i++) { split(f[i], m, "m"); sub("s", "", m[2]); s += m[1] * 60 + m[2] }
		printf "%.2f", s * 1000 / n
	}'
}

# One line: the command's mean CPU time, and that time less /bin/true's (the
# fork and exec every run pays, which a loaded machine inflates).
row() {
	local label=$1 note=$2 t
	shift 2
	t=$(cpu_ms "$@")
	printf '  %-44s %6s ms  %6s ms over /bin/true%s\n' "$label" "$t" \
		"$(awk -v a="$t" -v b="$t_true" 'BEGIN { printf "%.2f", a - b }')" "$note"
}

echo "start-up: mean CPU time (user + sys) of one run, over $N runs"
t_true=$(cpu_ms /bin/true)
printf '  %-44s %6s ms\n' "/bin/true" "$t_true"
if command -v dpkg >/dev/null; then
	row "dpkg --version" "" dpkg --version
fi
row "vakt --version" "" "$VAKT" --version
row "vakt scan --no-config ONE-DOCKERFILE" " (target <= 4 ms)" \
	"$VAKT" scan --no-config -o /dev/null "$df"
row "vakt scan ONE-DOCKERFILE (finds .vakt.yaml)" "" "$VAKT" scan -o /dev/null "$df"
printf '  libraries mapped by vakt: %s\n' "$(ldd "$VAKT" | awk '$1 !~ /vdso/ {print $1}' | wc -l)"
