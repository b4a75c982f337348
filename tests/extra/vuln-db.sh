#!/usr/bin/env bash
# vakt db as a user runs it, on the hand-written OSV records of tests/vuln/:
#
#   1. `vakt db import` of tests/vuln/osv and tests/vuln/bad: its summary
#      (stdout), the reasons for every skipped record (stderr) and the exit
#      code against tests/vuln/expected/; a second import finds everything
#      unchanged; an all.zip made with zip(1) or python3 imports the same.
#   2. `vakt db info`, text and --format json, against the expectations
#      (the database path, the import time and its age normalised).
#   3. `vakt db update` from a local HTTP server (python3 -m http.server on
#      127.0.0.1, a free port the server picks, started and stopped here):
#      a good archive imports; a 404 and a truncated archive leave the
#      database byte for byte as it was.
#   4. An import killed with SIGKILL in the middle of its transaction leaves
#      the database as it was (test-vuln-db rolls back a hot journal made on
#      purpose); one stopped with SIGINT rolls back itself and dies of it.
#
# One TAP line per check; skipped with the reason when python3 is missing.
#
#   VAKT=build/vakt tests/extra/vuln-db.sh [--update]   (rewrites the expectations)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${BUILD:=$root/build}" "${VAKT:=$BUILD/vakt}"
fix=$root/tests/vuln
exp=$fix/expected
update=0
[ "${1:-}" = --update ] && update=1

n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)) bad=$((bad + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
finish() { echo "1..$n"; [ "$bad" -eq 0 ]; exit $?; }

tmp=$(mktemp -d)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# The variable parts of the output: the temporary directory, times, ages.
norm() {
	sed -E -e "s|$tmp|TMP|g" -e 's/ in [0-9]+\.[0-9]+s/ in X.XXXs/' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z \([0-9]+ [a-z]+ ago\)/DATE (AGE)/' \
		-e 's/"imported_at": "[^"]*"/"imported_at": "DATE"/' \
		-e 's/"age_seconds": [0-9]+/"age_seconds": AGE/'
}

# compare NAME FILE: the normalised FILE against tests/vuln/expected/NAME.
compare() {
	norm <"$2" >"$tmp/norm"
	if [ $update -eq 1 ]; then
		cp "$tmp/norm" "$exp/$1"
		ok "$1 (updated)"
	elif cmp -s "$exp/$1" "$tmp/norm"; then
		ok "$1"
	else
		not_ok "$1 differs:"
		diff -u "$exp/$1" "$tmp/norm" | head -n 30 | sed 's/^/#   /'
	fi
}

mkdir -p "$exp"
db=$tmp/cache/vakt/vuln.db
# Sorted input lists, so that the order of the messages does not depend on the file system.
(cd "$root" && "$VAKT" db import --db "$db" tests/vuln/osv tests/vuln/bad) \
	>"$tmp/out" 2>"$tmp/err"
echo "exit $?" >>"$tmp/out"
compare import.stdout "$tmp/out"
compare import.stderr "$tmp/err"

"$VAKT" db import --db "$db" "$fix/osv" >"$tmp/out" 2>&1
if [ $? -eq 0 ] && grep -q 'unchanged *9 ' "$tmp/out" && grep -q 'added *0$' "$tmp/out"; then
	ok "a second import finds the 9 records unchanged"
else
	not_ok "a second import: $(tr '\n' ' ' <"$tmp/out")"
fi

XDG_CACHE_HOME=$tmp/cache "$VAKT" db info >"$tmp/out" 2>&1
echo "exit $?" >>"$tmp/out"
compare info.txt "$tmp/out"
"$VAKT" db info --db "$db" --format json >"$tmp/out" 2>&1
echo "exit $?" >>"$tmp/out"
compare info.json "$tmp/out"

# The same records in one archive (OSV's all.zip layout: flat, one file per id).
have_py=0
command -v python3 >/dev/null 2>&1 && have_py=1
mkzip() { # out.zip files... (flat names)
	python3 -c 'import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for f in sys.argv[2:]:
        z.write(f, os.path.basename(f))' "$@"
}
if [ $have_py -eq 1 ]; then
	mkdir -p "$tmp/mirror/Debian" "$tmp/mirror/Alpine" "$tmp/mirror/Cut"
	mkzip "$tmp/mirror/Debian/all.zip" "$fix"/osv/debian/*.json
	mkzip "$tmp/mirror/Alpine/all.zip" "$fix"/osv/alpine/*.json
	head -c $(($(stat -c %s "$tmp/mirror/Debian/all.zip") * 2 / 3)) "$tmp/mirror/Debian/all.zip" \
		>"$tmp/mirror/Cut/all.zip"
	"$VAKT" db import --db "$tmp/zip.db" "$tmp/mirror/Debian/all.zip" >"$tmp/out" 2>&1
	if [ $? -eq 0 ] && grep -q 'added *5$' "$tmp/out"; then
		ok "db import of an all.zip"
	else
		not_ok "db import of an all.zip: $(tr '\n' ' ' <"$tmp/out")"
	fi
else
	skip "db import of an all.zip" "python3 is not installed"
fi

# --- vakt db update from a local server -------------------------------------------------
if [ $have_py -eq 1 ]; then
	# Port 0: the server binds a free port and says which; unbuffered, so we can read it.
	python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$tmp/mirror" \
		>"$tmp/server.log" 2>&1 &
	server=$!
	port=
	for _ in $(seq 100); do
		port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$tmp/server.log" | head -n 1)
		[ -n "$port" ] && break
		sleep 0.1
	done
	if [ -z "$port" ]; then
		not_ok "the local HTTP server did not start: $(head -c 300 "$tmp/server.log")"
		finish
	fi
	url=http://127.0.0.1:$port
	udb=$tmp/update/vuln.db
	"$VAKT" db update --db "$udb" --url "$url" --ecosystem Debian,Alpine >"$tmp/out" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && grep -q 'added *7$' "$tmp/out"; then
		ok "db update downloads and imports Debian and Alpine"
	else
		not_ok "db update (exit $rc): $(tr '\n' ' ' <"$tmp/out")"
	fi
	cp "$udb" "$tmp/before.db"
	"$VAKT" db update --db "$udb" --url "$url" -e Missing >"$tmp/out" 2>&1
	rc=$?
	if [ $rc -eq 3 ] && grep -q 'HTTP 404' "$tmp/out" && cmp -s "$udb" "$tmp/before.db"; then
		ok "db update: a 404 leaves the database as it was (exit 3)"
	else
		not_ok "db update 404 (exit $rc): $(tr '\n' ' ' <"$tmp/out")"
	fi
	"$VAKT" db update --db "$udb" --url "$url" -e Cut >"$tmp/out" 2>&1
	rc=$?
	if [ $rc -eq 3 ] && grep -q 'nothing imported from it' "$tmp/out" &&
		"$VAKT" db info --db "$udb" --format json | grep -q '"records": 6'; then
		ok "db update: a truncated archive imports nothing (exit 3)"
	else
		not_ok "db update truncated (exit $rc): $(tr '\n' ' ' <"$tmp/out")"
	fi
	cp "$udb" "$tmp/before.db"
	"$VAKT" db update --db "$udb" --url "file://$tmp/mirror" -e Debian >"$tmp/out" 2>&1
	if [ $? -eq 0 ] && grep -q 'unchanged *5 ' "$tmp/out"; then
		ok "db update from a file:// copy"
	else
		not_ok "db update file://: $(tr '\n' ' ' <"$tmp/out")"
	fi
	kill "$server" 2>/dev/null
	wait "$server" 2>/dev/null
	server=
else
	skip "db update from a local server" "python3 is not installed"
fi

# --- interrupted imports ------------------------------------------------------------------
# Enough records for the import to take a while: 20,000 copies of one record, new ids.
big=$tmp/big
mkdir -p "$big"
awk -v dir="$big" 'BEGIN {
	for (i = 0; i < 20000; i++) {
		f = sprintf("%s/BIG-%05d.json", dir, i)
		printf "{\"id\": \"BIG-%05d\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"p%d\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}]}]}]}\n", i, i % 500 > f
		close(f)
	}
}'
kdb=$tmp/kill.db
"$VAKT" db import --db "$kdb" "$fix/osv" >/dev/null 2>&1
cp "$kdb" "$tmp/before.db"
"$VAKT" db import --db "$kdb" "$big" >/dev/null 2>&1 &
pid=$!
# Kill it once its transaction has begun writing (the journal exists), not before.
for _ in $(seq 2000); do
	[ -s "$kdb-journal" ] && break
	sleep 0.01
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if [ -e "$kdb-journal" ]; then
	"$VAKT" db info --db "$kdb" --format json >"$tmp/out" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && grep -q '"records": 8,' "$tmp/out" &&
		"$VAKT" db import --db "$kdb" "$fix/osv" >/dev/null 2>&1; then
		ok "an import killed mid-way leaves the database as it was, readable and writable"
	else
		not_ok "killed import (exit $rc): $(tr '\n' ' ' <"$tmp/out")"
	fi
else
	skip "an import killed mid-way" "the import ended before it could be killed"
fi

cp "$tmp/before.db" "$kdb"
rm -f "$kdb-journal"
"$VAKT" db import --db "$kdb" "$big" >"$tmp/out" 2>&1 &
pid=$!
for _ in $(seq 2000); do
	[ -s "$kdb-journal" ] && break
	sleep 0.01
done
kill -INT "$pid" 2>/dev/null
wait "$pid"
rc=$?
if [ $rc -eq 130 ] && grep -q 'interrupted: nothing was imported' "$tmp/out" &&
	cmp -s "$kdb" "$tmp/before.db"; then
	ok "an import stopped with SIGINT rolls back and dies of the signal"
elif [ $rc -eq 0 ]; then
	skip "an import stopped with SIGINT" "the import ended before the signal"
else
	not_ok "SIGINT (exit $rc): $(tr '\n' ' ' <"$tmp/out")"
fi

finish
