#!/usr/bin/env bash
# make bench, serve: vakt serve under load on loopback (issue 15). wrk drives
# POST /validate over TLS with a Deployment of two containers (~4 KB
# AdmissionReview, bench/gen-admission.py), allowed and refused in turn, and
# reports requests/s, latency percentiles and the server's RSS before, during
# and after a run of 100,000 requests. Target: >= 2,000 requests/s with p99
# under 10 ms, memory flat. wrk and the server share the machine's cores.
# Usage: bench/serve.sh [path/to/vakt]
#   BENCH_SERVE_SECONDS (default 8) per measurement, BENCH_SERVE_CONNECTIONS
#   (16), BENCH_SERVE_REQUESTS (100000) for the memory run, BENCH_SERVE_THREADS
#   (default "1 2": each is tried, the fastest is measured).
# About two minutes in all.
set -euo pipefail
cd "$(dirname "$0")/.."
VAKT=$(realpath "${1:-build/vakt}")
SECS=${BENCH_SERVE_SECONDS:-8}
CONN=${BENCH_SERVE_CONNECTIONS:-16}
NREQ=${BENCH_SERVE_REQUESTS:-100000}
THREADS=${BENCH_SERVE_THREADS:-1 2}
for tool in wrk openssl curl; do
	if ! command -v "$tool" >/dev/null; then
		echo "serve: skipped ($tool is not installed)"
		exit 0
	fi
done
if ! "$VAKT" serve --help >/dev/null 2>&1; then
	echo "serve: skipped (this vakt has no serve command)"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vakt-bench-serve.XXXXXX")
spid=
stop_server() {
	if [ -n "$spid" ]; then
		kill "$spid" 2>/dev/null || true
		wait "$spid" 2>/dev/null || true
		spid=
	fi
}
cleanup() {
	stop_server
	rm -rf "$tmp"
}
trap cleanup EXIT

# A throwaway CA and a certificate for 127.0.0.1 (P-256, as tests/serve/serve.py).
(
	cd "$tmp"
	ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
	openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.crt -days 1 -subj /CN=vakt-bench-ca
	printf 'subjectAltName=IP:127.0.0.1\n' >ext
	openssl req "${ec[@]}" -keyout tls.key -out tls.csr -subj /CN=127.0.0.1
	openssl x509 -req -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out tls.crt \
		-days 1 -extfile ext
) >/dev/null 2>&1
python3 bench/gen-admission.py "$tmp"

# start_server LOG-LEVEL THREADS: sets spid and url; the log goes to $tmp/server.log.
start_server() {
	rm -f "$tmp/port"
	"$VAKT" serve --tls-cert "$tmp/tls.crt" --tls-key "$tmp/tls.key" --listen 127.0.0.1:0 \
		--port-file "$tmp/port" --no-watch --no-config --log-level "$1" --threads "$2" \
		2>"$tmp/server.log" &
	spid=$!
	for _ in $(seq 300); do
		[ -s "$tmp/port" ] && break
		kill -0 "$spid" 2>/dev/null || break
		sleep 0.02
	done
	if [ ! -s "$tmp/port" ]; then
		echo "serve: vakt serve did not start:" >&2
		cat "$tmp/server.log" >&2
		exit 1
	fi
	url=https://127.0.0.1:$(cat "$tmp/port")
}

# drive SECONDS FILE...: one wrk run (CONNS connections, default CONN); prints
# wrk's RESULT line (bench/serve.lua) with the server's CPU time per request.
drive() {
	local secs=$1 c0 c1 line
	shift
	c0=$(cpu_ticks)
	line=$(wrk -t2 -c"${CONNS:-$CONN}" -d"${secs}s" --latency -s bench/serve.lua \
		"$url/validate" -- "$@" | grep '^RESULT')
	c1=$(cpu_ticks)
	awk -v l="$line" -v c=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" 'BEGIN {
		n = l; sub(/.*requests=/, "", n); sub(/ .*/, "", n)
		printf "%s cpu=%.0f\n", l, (n > 0 ? c / hz * 1e6 / n : 0) }'
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2 "; }
rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$spid/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$spid/stat"; }
row() { # LABEL RESULT [EXTRA]
	printf '  %-34s %5.0f req/s  p50 %5.2f  p90 %5.2f  p99 %5.2f  p99.9 %5.2f ms  %3d us CPU/req%s\n' \
		"$1" "$(field rate "$2")" "$(field p50 "$2")" "$(field p90 "$2")" "$(field p99 "$2")" \
		"$(field p999 "$2")" "$(field cpu "$2")" "${3:-}"
	if [ "$(field errors "$2")" != 0 ]; then
		echo "serve: $(field errors "$2") errors (non-2xx or socket) in the run above" >&2
		exit 1
	fi
}
A=$tmp/allowed.json
R=$tmp/refused.json

echo "serve: vakt serve on 127.0.0.1 over TLS, wrk -t2 -c$CONN (closed loop), POST /validate"
echo "  bodies: allowed $(stat -c %s "$A") bytes, refused $(stat -c %s "$R") bytes" \
	"(Deployment, two containers); server and wrk share $(nproc) cores"
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg) (at start)"

# The verdicts first: a benchmark of the wrong answer measures nothing.
start_server warn 2
for spec in "$A|true" "$R|false"; do
	IFS='|' read -r body want <<<"$spec"
	got=$(curl -sS --cacert "$tmp/ca.crt" -H 'Content-Type: application/json' \
		--data-binary @"$body" "$url/validate")
	if [[ $got != *"\"allowed\":$want"* ]]; then
		echo "serve: $(basename "$body") did not get allowed=$want: $got" >&2
		exit 1
	fi
done
stop_server

# Server threads: wrk takes CPU too, so one per core need not be best.
best=
best_rate=0
for t in $THREADS; do
	start_server warn "$t"
	drive 1 "$A" "$R" >/dev/null # connections, TLS sessions, first allocations
	res=$(drive "$SECS" "$A" "$R")
	row "--threads $t, allowed+refused" "$res"
	stop_server
	if awk -v a="$(field rate "$res")" -v b="$best_rate" 'BEGIN { exit !(a > b) }'; then
		best=$t
		best_rate=$(field rate "$res")
	fi
done
echo "  fastest: --threads $best"

# The figures, at --log-level warn (no line per request) with the fastest threads.
start_server warn "$best"
drive 1 "$A" "$R" >/dev/null
for spec in "allowed|$A" "refused|$R"; do
	IFS='|' read -r name body <<<"$spec"
	row "$name, --log-level warn" "$(drive "$SECS" "$body")"
done
# Fewer requests at once: the latency at a rate nearer the target's.
row "allowed+refused, 4 connections" "$(CONNS=4 drive "$SECS" "$A" "$R")"

# Memory: RSS before, every second during, and after NREQ requests more, in
# runs of SECS seconds until they add up (at most 90 seconds in all).
before=$(rss_kib)
(
	while kill -0 "$spid" 2>/dev/null; do
		rss_kib
		sleep 1
	done
) >"$tmp/rss" 2>/dev/null &
sampler=$!
total=0
took=0
p99max=0
while [ "$total" -lt "$NREQ" ] && [ "$took" -lt 90 ]; do
	res=$(drive "$SECS" "$A" "$R")
	if [ "$(field errors "$res")" != 0 ]; then
		row "memory run" "$res"
	fi
	total=$((total + $(field requests "$res")))
	took=$((took + SECS))
	p99max=$(awk -v a="$p99max" -v b="$(field p99 "$res")" 'BEGIN { print (b > a ? b : a) }')
done
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
sleep 1
after=$(rss_kib)
printf '  %-34s %5.0f req/s  worst p99 of the %d-second runs %.2f ms\n' \
	"$total requests in ${took} s" "$(awk -v n="$total" -v s="$took" 'BEGIN { print n / s }')" \
	"$SECS" "$p99max"
awk -v b="$before" -v a="$after" -v n="$total" -v want="$NREQ" '
	{ v[NR] = $1; if ($1 > max) max = $1; if (min == "" || $1 < min) min = $1 }
	END {
		mid = v[int((NR + 1) / 2)]
		printf "  RSS before %.1f MiB, during %.1f-%.1f MiB (middle sample %.1f), after %.1f MiB (%+d KiB)\n",
			b / 1024, min / 1024, max / 1024, mid / 1024, a / 1024, a - b
		if (n < want) printf "  (fewer than %d requests in 90 seconds on this machine)\n", want
	}' "$tmp/rss"
stop_server

# The default --log-level info: one JSON line per request, to a file.
start_server info "$best"
drive 1 "$A" "$R" >/dev/null
: >"$tmp/server.log"
res=$(drive "$SECS" "$A" "$R")
lines=$(wc -l <"$tmp/server.log")
bytes=$(stat -c %s "$tmp/server.log")
row "allowed+refused, --log-level info" "$res" \
	"$(awk -v b="$bytes" -v l="$lines" 'BEGIN { printf ", log %.0f B/req", l ? b / l : 0 }')"
stop_server
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg) (after serve)"
