#!/usr/bin/env bash
# Hostile and broken inputs, generated on the fly: each must give a clear
# error or finding, in bounded time and memory, and never a crash or hang.
# The timeouts below only catch hangs; they are generous for ASan builds.
set -u
: "${VAKT:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# run NAME WANT_EXIT STDERR_REGEX -- ARGS...: vakt with a 120 s hang guard and
# a 1 GiB address-space cap (ASan reserves far more virtual memory, so the
# cap is only applied to plain builds).
run() {
	local name=$1 want=$2 re=$3
	shift 4
	local limit=""
	[ -z "${ASAN_OPTIONS:-}" ] && limit="ulimit -v 1048576;"
	bash -c "$limit exec timeout 120 \"\$@\"" _ "$VAKT" "$@" >"$t/out" 2>"$t/err"
	local rc=$?
	if [ $rc -ne "$want" ]; then
		nok "$name: exit $rc, expected $want"
		sed 's/^/#   /' "$t/err" | head -n 5
	elif [ -n "$re" ] && ! grep -Eq "$re" "$t/err"; then
		nok "$name: stderr does not match /$re/"
		sed 's/^/#   /' "$t/err" | head -n 5
	else
		ok "$name"
	fi
}

clean='FROM alpine:3.19@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b
USER 10001
HEALTHCHECK CMD ["/bin/true"]
ENTRYPOINT ["/bin/true"]'

mkdir "$t/binary" && printf 'FROM alpine\n\0\1\2\3RUN x\n' >"$t/binary/Dockerfile"
run "binary file is an input error" 3 "Dockerfile:2: binary file" -- scan --no-config "$t/binary/Dockerfile"

mkdir "$t/utf8" && printf 'FROM alpine:3\nRUN echo \xff\xfe\n' >"$t/utf8/Dockerfile"
run "invalid UTF-8 names line and column" 3 "Dockerfile:2:10: invalid UTF-8" -- scan --no-config "$t/utf8/Dockerfile"

mkdir "$t/longline" && { printf 'FROM alpine:3\nRUN echo '; head -c 10485760 /dev/zero | tr '\0' a; printf '\n'; } >"$t/longline/Dockerfile"
run "10 MB line is refused as too long" 3 "Dockerfile:2: line too long" -- scan --no-config "$t/longline/Dockerfile"

mkdir "$t/huge" && { echo 'FROM alpine:3'; head -c 17000000 /dev/zero | tr '\0' '\n'; } >"$t/huge/Dockerfile"
run "file over the size ceiling is refused" 3 "file too large" -- scan --no-config "$t/huge/Dockerfile"

mkdir "$t/heredoc" && printf 'FROM alpine:3\nRUN <<EOF\necho never ends\n' >"$t/heredoc/Dockerfile"
run "unterminated heredoc is a parse error naming where it started" 3 "Dockerfile:3:1: unterminated heredoc 'EOF' started at 2:5" -- scan --no-config "$t/heredoc/Dockerfile"

mkdir "$t/lines" && { echo 'FROM alpine:3'; for i in $(seq 1 20000); do echo "RUN echo $i && apt-get install -y curl"; echo "ENV K$i=v"; echo "# comment $i"; echo "LABEL a$i=b"; echo "  "; done; } >"$t/lines/Dockerfile"
wc -l <"$t/lines/Dockerfile" | grep -q '^100001$' || echo "# generator produced $(wc -l <"$t/lines/Dockerfile") lines"
run "100,000-line Dockerfile scans" 1 "" -- scan --no-config --format gnu "$t/lines/Dockerfile"

mkdir -p "$t/many"
(cd "$t/many" && seq -f 'f%06g.txt' 1 100000 | xargs touch && printf '%s\n' "$clean" >Dockerfile)
run "directory of 100,000 files scans" 0 "" -- scan --no-config "$t/many"
grep -q "in 1 file" "$t/out" && ok "directory of 100,000 files: the Dockerfile among them is found" \
	|| nok "directory of 100,000 files: the Dockerfile among them is found"

mkdir -p "$t/loop/sub" && ln -s Dockerfile.b "$t/loop/Dockerfile.a" && ln -s Dockerfile.a "$t/loop/Dockerfile.b" \
	&& ln -s .. "$t/loop/sub/up" && printf '%s\n' "$clean" >"$t/loop/sub/Dockerfile"
run "symlink loop is reported and the rest still scanned" 3 "Dockerfile.a: cannot open" -- scan --no-config "$t/loop"
grep -q "in 1 file" "$t/out" && ok "symlink loop: the good Dockerfile was scanned" || nok "symlink loop: the good Dockerfile was scanned"

mkdir "$t/fifo" && mkfifo "$t/fifo/Dockerfile"
run "a FIFO named on the command line is refused, not waited on" 3 "not a regular file" -- scan --no-config "$t/fifo/Dockerfile"

d="$t/deep"
mkdir -p "$d"
(cd "$d" && for _ in $(seq 1 140); do mkdir x && cd x || exit; done)
run "directory nesting past the ceiling is reported" 3 "too deep" -- scan --no-config "$d"

mkdir "$t/mixed" && printf 'FROM alpine:3\nRUN <<EOF\n' >"$t/mixed/Dockerfile.bad" && printf '%s\n' "$clean" >"$t/mixed/Dockerfile"
run "one broken file does not stop the others" 3 "Dockerfile.bad" -- scan --no-config "$t/mixed"
grep -q "in 2 files" "$t/out" && ok "broken and good file: both counted" || nok "broken and good file: both counted"

# A big List without aliases (15.7 MB, 90,000 pods, 2.1 million nodes) is read:
# only the nodes aliases add count against the alias-bomb ceiling.
mkdir "$t/pods" && awk 'BEGIN {
	print "apiVersion: v1\nkind: List\nitems:"
	split("nginx:1.25 redis:7 alpine:3.19 busybox postgres:16 app:2.1", img, " ")
	split("      securityContext: {privileged: true}|      ports: [{containerPort: 80}]|      args: [--v=2]|      tty: true", extra, "|")
	for (i = 0; i < 90000; i++)
		printf "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: web-%05d\n    namespace: team-%02d\n  spec:\n    containers:\n    - name: app\n      image: %s\n%s\n", i, i % 40, img[i % 6 + 1], extra[i % 4 + 1]
}' >"$t/pods/list.yaml"
size=$(wc -c <"$t/pods/list.yaml")
[ "$size" -gt 15000000 ] && [ "$size" -lt 16777216 ] || echo "# generated List is $size bytes"
run "15.7 MB List of 90,000 pods without aliases is read" 1 "" -- scan --no-config --format gnu "$t/pods/list.yaml"
[ "$(grep -c '\[KS001\]$' "$t/out")" -eq 90000 ] && ok "90,000 pods: every pod is checked" \
	|| nok "90,000 pods: every pod is checked"

echo "1..$n"
[ $bad -eq 0 ]
