#!/usr/bin/env bash
# One discovery path: vakt scan and vakt netpol read the same files from the
# same tree (vakt_scan_discover()), so a default-deny NetworkPolicy counts
# for both or for neither: under node_modules/, vendor/ or .git/ (passed
# over), excluded by .vakt.yaml (unless --no-config, or --config names
# another file), or in the tree itself. A .git directory cannot be committed
# as a fixture, so the trees are made here.
set -u
: "${VAKT:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0
# Whether namespace shop has a default deny for ingress: "deny", "open", or
# "error" when the command fails (scan exits 1 for its findings).
scan_says() {
	local out rc
	out=$("$VAKT" scan --format gnu "$@" 2>/dev/null)
	rc=$?
	if [ $rc -gt 1 ]; then
		echo error
	elif grep -q "namespace 'shop' has no default-deny ingress.*\[KN101\]" <<<"$out"; then
		echo open
	else
		echo deny
	fi
}
netpol_says() {
	local out
	if ! out=$("$VAKT" netpol --format json "$@" 2>/dev/null); then
		echo error
	elif grep -q '"default_deny_ingress": true' <<<"$out"; then
		echo deny
	else
		echo open
	fi
}
check() { # DESCRIPTION EXPECTED(deny|open) ARGS...
	local what=$1 want=$2 s p
	shift 2
	s=$(scan_says "$@")
	p=$(netpol_says "$@")
	n=$((n + 1))
	if [ "$s" = "$want" ] && [ "$p" = "$want" ]; then
		echo "ok $n - $what: scan and netpol both say $want"
	else
		echo "not ok $n - $what: scan says $s, netpol says $p, expected $want"
	fi
}
deny() { # FILE
	mkdir -p "$(dirname "$1")"
	printf '%s\n' 'apiVersion: networking.k8s.io/v1' 'kind: NetworkPolicy' \
		'metadata: {name: default-deny, namespace: shop}' \
		'spec: {podSelector: {}, policyTypes: [Ingress]}' >"$1"
}
mkdir -p "$t/repo/.git" "$t/repo/k8s"
printf '%s\n' 'apiVersion: apps/v1' 'kind: Deployment' 'metadata: {name: web, namespace: shop}' \
	'spec:' '  selector: {matchLabels: {app: web}}' '  template:' \
	'    metadata: {labels: {app: web}}' \
	'    spec: {containers: [{name: web, image: registry.example.com/web:1.0}]}' \
	>"$t/repo/k8s/app.yaml"
cd "$t/repo" || exit 1

check "no policy anywhere" open k8s
for dir in node_modules vendor .git; do
	deny "k8s/$dir/chart/deny.yaml"
	check "a default deny under $dir/ is passed over" open .
	check "a default deny under $dir/ is read when named" deny . "k8s/$dir/chart/deny.yaml"
	rm -r "k8s/$dir"
done
deny k8s/generated/deny.yaml
printf 'exclude: ["k8s/generated/**"]\n' >.vakt.yaml
printf 'limits: {file-size: 1M}\n' >other.yaml
check "a default deny excluded by .vakt.yaml is passed over" open .
check "--no-config reads what .vakt.yaml excludes" deny --no-config .
check "--config FILE replaces .vakt.yaml" deny --config other.yaml .
rm .vakt.yaml
check "a default deny in the tree counts" deny .
echo "1..$n"
