#!/usr/bin/env bash
# make bench: the benchmarks of docs/performance.md, each compared with a
# baseline in the same run. Usage: bench/run.sh [path/to/vakt]
# BENCH_RUNS (default 7) runs per measurement; BENCH_ONLY picks sections
# (default "dockerfiles manifests images image-apps adversarial memory vulndb startup watch serve").
# The corpus is generated once, deterministically, outside the repository
# (VAKT_BENCH_DIR, default ${TMPDIR:-/tmp}/vakt-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
VAKT=$(realpath "${1:-build/vakt}")
WORK=${VAKT_BENCH_DIR:-${TMPDIR:-/tmp}/vakt-bench}
RUNS=${BENCH_RUNS:-7}
ONLY=" ${BENCH_ONLY:-dockerfiles manifests images image-apps adversarial memory vulndb startup watch serve} "
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

# One line "  LABEL  TIME (RATIOx)": the median time of the command against $t_cat.
record() {
	local label=$1 t
	shift
	t=$(median_time "$@")
	printf '  %-25s %.3f s (%.2fx)\n' "$label" "$t" \
		"$(awk -v a="$t" -v b="$t_cat" 'BEGIN { printf "%.4f", a / b }')"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "vakt: $("$VAKT" --version)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (at start)"

# --- Dockerfiles: two corpora, on two cores and on one -----------------------
# gen-dockerfiles.c mixes every feature the parser reads; gen-dockerfiles-real.c,
# written from real Dockerfiles rather than from the rules, mixes the shapes of
# official images and application repositories. Target (issue 11): `vakt scan
# --format json` at most 2x `cat` on both, on two cores and on one (taskset -c 0,
# cat pinned the same way).
cat_sh() { find "$1" -type f -print0 | xargs -0 cat >/dev/null; }
export -f cat_sh
if [[ $ONLY == *" dockerfiles "* ]]; then
	for spec in "dockerfiles|gen-dockerfiles" "dockerfiles-real|gen-dockerfiles-real"; do
		IFS='|' read -r name gen <<<"$spec"
		corpus=$WORK/$name
		if [ ! -f "$corpus/.complete" ]; then
			echo "generating 10,000 Dockerfiles in $corpus ($gen) ..."
			rm -rf "$corpus"
			cc -O2 -o "$WORK/$gen" "bench/$gen.c"
			"$WORK/$gen" "$corpus" 10000
			touch "$corpus/.complete"
		fi
		files=$(find "$corpus" -type f ! -name .complete | wc -l)
		bytes=$(find "$corpus" -type f ! -name .complete -printf '%s\n' |
			awk '{s+=$1} END {print s}')
		cat_all "$corpus" # warm the page cache
		findings=$("$VAKT" scan --no-config --format gnu "$corpus" 2>/dev/null | wc -l || true)
		printf '%s (%s.c): %d files, %d bytes, %d findings\n' "$name" "$gen" "$files" \
			"$bytes" "$findings"
		for cores in 2 1; do
			pin=()
			[ "$cores" = 1 ] && pin=(taskset -c 0)
			t_cat=$(median_time "${pin[@]}" bash -c 'cat_sh "$1"' _ "$corpus")
			printf '  %d core(s): cat (find | xargs cat)  %.3f s (median of %d)\n' \
				"$cores" "$t_cat" "$RUNS"
			record "vakt scan --format json" "${pin[@]}" "$VAKT" scan --no-config \
				--format json -o /dev/null "$corpus"
		done
		if [ "$name" = dockerfiles ]; then
			# The other formats, for the record (the target is on JSON, what CI reads).
			t_cat=$(median_time bash -c 'cat_sh "$1"' _ "$corpus")
			for fmt in text sarif; do
				record "vakt scan --format $fmt" "$VAKT" scan --no-config --format "$fmt" \
					-o /dev/null "$corpus"
			done
		fi
		if command -v /usr/bin/time >/dev/null; then
			/usr/bin/time -f '  peak RSS (json)             %M KiB' "$VAKT" scan --no-config \
				--format json -o /dev/null "$corpus" 2>&1 >/dev/null | tail -n 1 || true
		fi
	done
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (after dockerfiles)"
fi

# --- Kubernetes manifests and compose files ---------------------------------
if [[ $ONLY == *" manifests "* ]]; then
	corpus=$WORK/manifests
	if [ ! -f "$corpus/.complete" ]; then
		echo "generating 10,000 manifests and 300 compose files in $corpus ..."
		rm -rf "$corpus"
		cc -O2 -o "$WORK/gen-manifests" bench/gen-manifests.c
		"$WORK/gen-manifests" "$corpus" 10000 300
		touch "$corpus/.complete"
	fi
	kdir=$corpus/manifests
	files=$(find "$kdir" -type f | wc -l)
	bytes=$(find "$kdir" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
	# Documents: a JSON file holds one, a YAML file one more than its separators.
	docs=$(find "$kdir" -type f -name '*.y*ml' -print0 |
		xargs -0 awk 'FNR == 1 { n++ } /^---$/ { n++ } END { print n }' |
		awk '{s+=$1} END {print s}')
	docs=$((docs + $(find "$kdir" -type f -name '*.json' | wc -l)))
	cat_all "$kdir" # warm the page cache
	findings=$("$VAKT" scan --no-config --format gnu "$kdir" 2>/dev/null | wc -l || true)
	t_cat=$(median_time cat_all "$kdir")
	t_vakt=$(median_time "$VAKT" scan --no-config --format json -o /dev/null "$kdir")
	printf 'manifests: %d files, %d documents, %d bytes, %d findings\n' "$files" "$docs" \
		"$bytes" "$findings"
	printf '  cat (find | xargs cat)   %.3f s (median of %d)\n' "$t_cat" "$RUNS"
	printf '  vakt scan --format json  %.3f s (median of %d)\n' "$t_vakt" "$RUNS"
	printf '  ratio                    %.2fx (target <= 2x)\n' \
		"$(awk -v a="$t_vakt" -v b="$t_cat" 'BEGIN { printf "%.4f", a / b }')"
	# For the record, no target: the text report, the Pod Security Standards on
	# top of the hardened rules, and the reachability analysis of the same set.
	record "vakt scan --format text" "$VAKT" scan --no-config --format text -o /dev/null "$kdir"
	record "scan --pss restricted" "$VAKT" scan --no-config --pss restricted --format json \
		-o /dev/null "$kdir"
	record "vakt netpol --format json" "$VAKT" netpol --format json -o /dev/null "$kdir"
	if command -v /usr/bin/time >/dev/null; then
		# Target (issue 11): at most 4 bytes of peak RSS per byte of input.
		kib=$(/usr/bin/time -f '%M' "$VAKT" scan --no-config --format json -o /dev/null \
			"$kdir" 2>&1 >/dev/null | tail -n 1 || true)
		awk -v k="$kib" -v b="$bytes" 'BEGIN {
			printf "  peak RSS (scan json)     %d KiB, %.2f bytes per input byte (target <= 4)\n",
				k, k * 1024 / b }'
		/usr/bin/time -f '  peak RSS (netpol json)   %M KiB' "$VAKT" netpol --format json \
			-o /dev/null "$kdir" 2>&1 >/dev/null | tail -n 1 || true
	fi

	cdir=$corpus/compose
	cat_all "$cdir"
	t_cat=$(median_time cat_all "$cdir")
	printf 'compose: %d files, %d bytes, %d findings\n' "$(find "$cdir" -type f | wc -l)" \
		"$(find "$cdir" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')" \
		"$("$VAKT" scan --no-config --format gnu "$cdir" 2>/dev/null | wc -l || true)"
	printf '  cat (find | xargs cat)   %.3f s (median of %d)\n' "$t_cat" "$RUNS"
	record "vakt scan --format json" "$VAKT" scan --no-config --format json -o /dev/null "$cdir"
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (after manifests)"
fi

# --- memory: the largest real inputs, one file each ----------------------------
# Peak RSS of `vakt scan --format json` on one big file (bench/gen-big.c: the
# largest real inputs, a 20 MB Helm release and files of 14-16 MB
# of each other kind), per input byte and per unit (instruction,
# pod, service). No baseline: the target is bytes, not time.
if [[ $ONLY == *" memory "* ]]; then
	mdir=$WORK/memory
	if [ ! -f "$mdir/.complete" ]; then
		echo "generating the big inputs in $mdir ..."
		rm -rf "$mdir"
		mkdir -p "$mdir"/{df-quiet,df-findings,pods,helm,compose,compose-quiet}
		cc -O2 -o "$WORK/gen-big" bench/gen-big.c
		"$WORK/gen-big" dockerfile "$mdir/df-quiet/Dockerfile" 1000000
		"$WORK/gen-big" dockerfile-findings "$mdir/df-findings/Dockerfile" 1000000
		"$WORK/gen-big" podlist "$mdir/pods/pods.yaml" 90000
		"$WORK/gen-big" helm "$mdir/helm/release.yaml" 20000000
		"$WORK/gen-big" compose "$mdir/compose/docker-compose.yml" 100000
		"$WORK/gen-big" compose-quiet "$mdir/compose-quiet/docker-compose.yml" 100000
		touch "$mdir/.complete"
	fi
	echo "memory: peak RSS of vakt scan --format json on one file"
	printf '  %-38s %10s %10s %9s %9s %11s\n' input bytes "peak RSS" "B/B" "B/unit" findings
	# name, file, units (0: none)
	for spec in "Dockerfile, 1,000,000 lines|df-quiet/Dockerfile|1000000" \
		"Dockerfile, 1,000,000 lines, findings|df-findings/Dockerfile|1000000" \
		"List of 90,000 pods|pods/pods.yaml|90000" \
		"Helm release, 20.0 MB|helm/release.yaml|0" \
		"compose, 100,000 services|compose/docker-compose.yml|100000" \
		"compose, 100,000 hardened|compose-quiet/docker-compose.yml|100000"; do
		IFS='|' read -r name file units <<<"$spec"
		f=$mdir/$file
		bytes=$(stat -c %s "$f")
		cat "$f" >/dev/null # warm the page cache
		kib=$(/usr/bin/time -f '%M' "$VAKT" scan --no-config --format json -o /dev/null "$f" \
			2>&1 >/dev/null | tail -n 1 || true)
		findings=$("$VAKT" scan --no-config --format gnu "$f" 2>/dev/null | wc -l || true)
		awk -v n="$name" -v b="$bytes" -v k="$kib" -v u="$units" -v fi="$findings" 'BEGIN {
			per = u > 0 ? sprintf("%.0f", k * 1024 / u) : "-"
			printf "  %-38s %10d %6.1f MiB %9.2f %9s %11d\n", n, b, k / 1024, k * 1024 / b, per, fi
		}'
	done
fi

# --- images (bench/image.sh) -------------------------------------------------
if [[ $ONLY == *" images "* ]]; then
	bench/image.sh "$VAKT"
fi

# --- application packages in an image (bench/image-apps.sh) --------------------------
if [[ $ONLY == *" image-apps "* ]]; then
	bench/image-apps.sh "$VAKT"
fi

# --- adversarial shapes (bench/adversarial.sh) ---------------------------------
if [[ $ONLY == *" adversarial "* ]]; then
	bench/adversarial.sh "$VAKT"
fi

# --- the vulnerability database (bench/vulndb.sh) ---------------------------------
if [[ $ONLY == *" vulndb "* ]]; then
	bench/vulndb.sh "$VAKT"
fi

# --- start-up (bench/startup.sh) --------------------------------------------------
if [[ $ONLY == *" startup "* ]]; then
	bench/startup.sh "$VAKT"
fi

# --- runtime detection (bench/watch-replay.sh, bench/watch-overhead.sh) -----------
# Replay throughput with Falco's and vakt's rules (no root); the live probe's
# cost per openat+close pair and its drops at 0.45M events/s need root and BPF.
if [[ $ONLY == *" watch "* ]]; then
	bench/watch-replay.sh "$VAKT"
	if [ "$(id -u)" = 0 ] && "$VAKT" watch --check >/dev/null 2>&1; then
		bench/watch-overhead.sh "$(dirname "$VAKT")"
	else
		echo "watch-overhead: skipped (needs root and a host where 'vakt watch --check' passes)"
	fi
fi

# --- the admission webhook under load (bench/serve.sh) ----------------------------
if [[ $ONLY == *" serve "* ]]; then
	bench/serve.sh "$VAKT"
fi
