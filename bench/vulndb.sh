#!/usr/bin/env bash
# make bench, vulndb: the vulnerability database on a generated OSV corpus
# (bench/gen-osv.c: 200,000 records over Debian, Alpine, AlmaLinux and
# Rocky Linux, one all.zip each, generated once outside the repository in
# VAKT_BENCH_DIR, default ${TMPDIR:-/tmp}/vakt-bench/osv):
#   - `vakt db import` of the four archives into a new database: records/s;
#     then the same import again (every record unchanged);
#   - the database's size against the archives' and the JSON's;
#   - opening it as a scan does (SQLite loaded in the process first), and
#     looking up the 500 source packages of a large image of each release,
#     through build/tests/test-vuln-db --bench, and `vakt db info` against
#     `vakt --version` (the open with SQLite's dlopen()). Targets (issue 12): open at
#     most 5 ms, the 500 lookups at most 20 ms. Wall and CPU time, medians:
#     on a loaded machine the wall time also counts the waits for a core;
#   - `vakt image` of bench/image.sh's Debian image with this database
#     against the same scan with --no-vulns (target: at most 1.3x), CPU time.
# Usage: bench/vulndb.sh [path/to/vakt]   (BENCH_RUNS runs per measurement, default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
VAKT=$(realpath "${1:-build/vakt}")
BUILD=$(dirname "$VAKT")
WORK=${VAKT_BENCH_DIR:-${TMPDIR:-/tmp}/vakt-bench}
RUNS=${BENCH_RUNS:-7}
RECORDS=${VAKT_BENCH_OSV_RECORDS:-200000}
corpus=$WORK/osv-$RECORDS
drv=$BUILD/tests/test-vuln-db

if [ ! -x "$drv" ]; then
	make --no-print-directory -s "$drv" BUILD="$BUILD" >/dev/null
fi
if [ ! -f "$corpus/.complete" ]; then
	echo "generating $RECORDS OSV records in $corpus ..."
	rm -rf "$corpus"
	mkdir -p "$WORK"
	cc -O2 -o "$WORK/gen-osv" bench/gen-osv.c -lz
	"$WORK/gen-osv" "$corpus" "$RECORDS"
	touch "$corpus/.complete"
fi
zips=("$corpus"/*/all.zip)
zip_bytes=$(cat "${zips[@]}" | wc -c)
json_bytes=0
if command -v python3 >/dev/null; then
	json_bytes=$(python3 -c 'import sys, zipfile
print(sum(i.file_size for z in sys.argv[1:] for i in zipfile.ZipFile(z).infolist()))' "${zips[@]}")
fi

median() { sort -n | sed -n "$(((RUNS + 1) / 2))p"; }

db=$WORK/vulndb-bench.db
t_import=()
for _ in $(seq 3); do
	rm -f "$db" "$db-journal"
	cat "${zips[@]}" >/dev/null # warm the page cache
	s=$EPOCHREALTIME
	"$VAKT" db import --db "$db" "${zips[@]}" >"$WORK/import.out" 2>&1
	e=$EPOCHREALTIME
	t_import+=("$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f", b - a }')")
done
t_new=$(printf '%s\n' "${t_import[@]}" | sort -n | sed -n 2p)
n=$(sed -n 's/.*: \([0-9]*\) records from.*/\1/p' "$WORK/import.out")
s=$EPOCHREALTIME
"$VAKT" db import --db "$db" "${zips[@]}" >"$WORK/reimport.out" 2>&1
e=$EPOCHREALTIME
t_again=$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f", b - a }')
size=$(stat -c %s "$db")

echo "vulndb: $n OSV records in ${#zips[@]} archives ($zip_bytes bytes zipped, $json_bytes bytes of JSON)"
printf '  import, new database      %8.3f s  %8.0f records/s (median of 3)\n' "$t_new" \
	"$(awk -v n="$n" -v t="$t_new" 'BEGIN { print n / t }')"
printf '  import again (unchanged)  %8.3f s  %8.0f records/s\n' "$t_again" \
	"$(awk -v n="$n" -v t="$t_again" 'BEGIN { print n / t }')"
printf '  database size             %8.1f MiB (%.2fx the zips, %.2f of the JSON)\n' \
	"$(awk -v b="$size" 'BEGIN { print b / 1048576 }')" \
	"$(awk -v a="$size" -v b="$zip_bytes" 'BEGIN { print a / b }')" \
	"$(awk -v a="$size" -v b="$json_bytes" 'BEGIN { print b ? a / b : 0 }')"

# The open as the vakt binary does it, SQLite's dlopen() included (the test
# driver links SQLite): CPU of `vakt db info` less `vakt --version`, per run.
cpu_ms() { # n command...: mean CPU ms (user + sys) of n runs, a line
	local TIMEFORMAT='%3U %3S' t n=$1
	shift
	t=$({ time for _ in $(seq "$n"); do "$@" >/dev/null 2>&1; done; } 2>&1)
	awk -v t="$t" -v n="$n" 'BEGIN { split(t, a, " "); printf "%.2f\n", (a[1] + a[2]) * 1000 / n }'
}
c_version=$(cpu_ms 100 "$VAKT" --version)
c_info=$(cpu_ms 100 "$VAKT" db info --db "$db")
printf '  vakt db info              %8.2f ms of CPU a run, %.2f ms more than vakt --version (%.2f)\n' \
	"$c_info" "$(awk -v a="$c_info" -v b="$c_version" 'BEGIN { print a - b }')" "$c_version"

cat "$db" >/dev/null
for spec in "Debian|Debian:12" "Alpine|Alpine:v3.19" "AlmaLinux|AlmaLinux:9" \
	"Rocky Linux|Rocky Linux:9"; do
	IFS='|' read -r base eco <<<"$spec"
	names=$corpus/names-$base.txt
	: >"$WORK/lookup.out"
	for _ in $(seq "$RUNS"); do
		"$drv" --bench "$db" "$eco" "$names" >>"$WORK/lookup.out"
	done
	open=$(cut -d' ' -f1 "$WORK/lookup.out" | median)
	look=$(cut -d' ' -f2 "$WORK/lookup.out" | median)
	open_cpu=$(cut -d' ' -f5 "$WORK/lookup.out" | median)
	look_cpu=$(cut -d' ' -f6 "$WORK/lookup.out" | median)
	read -r _ _ recs ents _ <"$WORK/lookup.out"
	printf '  %-14s open %5.2f ms (CPU %5.2f; target <= 5), 500 lookups %6.2f ms (CPU %6.2f; target <= 20): %d records\n' \
		"$eco" "$open" "$open_cpu" "$look" "$look_cpu" "$recs"
done
# The whole scan (issue 12: at most 1.3x the same scan without vulnerabilities):
# bench/image.sh's Debian image, with this database against --no-vulns, run
# in turns. CPU time (user + sys) of each run, medians; the image is built by
# the images bench (BENCH_ONLY=images), and this part is skipped without it.
image=$WORK/image
if [ -f "$image/.complete" ]; then
	# Findings make vakt image exit 1; a higher status is a failure, not a time.
	scan() { "$VAKT" image --no-progress --no-config --format json -o /dev/null "$@" \
		"$image/oci:bookworm" || [ $? -eq 1 ]; }
	warm() { # once first (the page cache), saying why a scan fails before timing it
		if ! scan "$@" 2>"$WORK/scan.err"; then
			echo "  vakt image $*: failed: $(tail -n 3 "$WORK/scan.err")" >&2
			exit 1
		fi
	}
	warm --no-vulns
	warm --db "$db"
	: >"$WORK/scan-with.out"
	: >"$WORK/scan-without.out"
	for _ in $(seq "$RUNS"); do
		cpu_ms 1 scan --no-vulns >>"$WORK/scan-without.out"
		cpu_ms 1 scan --db "$db" >>"$WORK/scan-with.out"
	done
	without=$(median <"$WORK/scan-without.out")
	with=$(median <"$WORK/scan-with.out")
	found=$("$VAKT" image --no-progress --no-config --format json --db "$db" "$image/oci:bookworm" \
		2>/dev/null | grep -c '"rule_id": "IM020"' || true)
	printf '  vakt image (Debian bookworm minbase): %.0f ms of CPU with the database (%d findings of IM020), %.0f ms with --no-vulns: %.2fx (target <= 1.3x)\n' \
		"$with" "$found" "$without" "$(awk -v a="$with" -v b="$without" 'BEGIN { print a / b }')"
else
	echo "  vakt image with and without vulnerabilities: skipped (no bench image: BENCH_ONLY=images builds it)"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (after vulndb)"
