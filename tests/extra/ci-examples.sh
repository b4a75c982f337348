#!/usr/bin/env bash
# The CI integrations of docs/ci.md: the pre-commit hooks of
# .pre-commit-hooks.yaml (their fields, and that their `files` pattern picks
# exactly names vakt scan reads), the YAML examples of docs/ci.md (they
# parse), and the vakt command lines those examples run (they work as shown).
set -u
: "${VAKT:?}"
root=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "not ok $n - $1"; }

if ! python3 -c 'import yaml' 2>/dev/null; then
	echo "ok 1 # SKIP python3-yaml is not installed"
	echo "1..1"
	exit 0
fi

# 1. The hooks: the fields pre-commit requires, an entry that runs vakt.
if out=$(python3 - "$root/.pre-commit-hooks.yaml" 2>&1 <<'PY'
import sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
assert isinstance(hooks, list) and hooks, "not a list of hooks"
for h in hooks:
    for k in ("id", "name", "entry", "language"):
        assert k in h, f"hook {h.get('id')} has no {k}"
    assert h["entry"].startswith("vakt "), f"hook {h['id']} does not run vakt"
    assert h["language"] == "system", f"hook {h['id']}: language {h['language']}"
print(" ".join(h["id"] for h in hooks))
PY
); then
	ok "pre-commit hooks: $out"
else
	bad "pre-commit hooks: $out"
fi

# 2. The files pattern (Python's re, as pre-commit uses): names vakt reads
# match, and vakt scan reads each of them without "not a recognised input".
readarray -t verdicts < <(python3 - "$root/.pre-commit-hooks.yaml" <<'PY'
import re, sys, yaml
pat = re.compile(next(h for h in yaml.safe_load(open(sys.argv[1])) if h["id"] == "vakt-scan")["files"])
want = ["Dockerfile", "docker/web/Dockerfile.prod", "Containerfile", "app.dockerfile",
        "k8s/deploy.yaml", "k8s/svc.yml", "docker-compose.yml", "compose.yaml",
        "chart/values.json", ".github/workflows/ci.yml", ".gitlab-ci.yml",
        "scripts/run.sh", "ops/deploy.bash", "Makefile", "build/rules.mk",
        "etc/iptables/rules.v4", "etc/iptables/rules.v6", "etc/ufw/user.rules",
        "etc/ufw/before6.rules", "etc/nftables.conf", "fw/host.nft"]
skip = ["README.md", "src/main.c", "docs/Dockerfile.md", "notes.txt", "LICENSE",
        "Dockerfile/readme.txt", "Dockerfile.dockerignore", "Containerfile.txt"]
for p in want:
    print(("match " if pat.search(p) else "MISS ") + p)
for p in skip:
    print(("WRONG " if pat.search(p) else "skip ") + p)
PY
)
for v in "${verdicts[@]}"; do
	case $v in
	match\ *)
		p=${v#match }
		mkdir -p "$t/files/$(dirname "$p")"
		: >"$t/files/$p"
		if "$VAKT" scan --no-config "$t/files/$p" 2>&1 | grep -q 'not a recognised input'; then
			bad "hook pattern: vakt scan does not read '$p'"
		else
			ok "hook pattern: '$p' matches and vakt reads it"
		fi
		;;
	skip\ *) ok "hook pattern: '${v#skip }' does not match" ;;
	*) bad "hook pattern: $v" ;;
	esac
done

# 3. Every YAML example of docs/ci.md parses.
if out=$(python3 - "$root/docs/ci.md" 2>&1 <<'PY'
import re, sys, yaml
text = open(sys.argv[1]).read()
blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
assert len(blocks) >= 3, f"{len(blocks)} YAML examples"
for b in blocks:
    yaml.safe_load(b)
print(len(blocks))
PY
); then
	ok "docs/ci.md: $out YAML examples parse"
else
	bad "docs/ci.md: $out"
fi

# 4. The examples' vakt command lines, on a project with findings: the report
# scans never fail, the gate does.
mkdir -p "$t/proj"
printf 'FROM node:latest\nRUN curl -s https://x.example/i.sh | sh\n' >"$t/proj/Dockerfile"
(
	cd "$t/proj" || exit 1
	"$VAKT" scan . --format sarif -o vakt.sarif --exit-code 0 2>/dev/null
) && [ -s "$t/proj/vakt.sarif" ] && ok "the SARIF scan writes its report and exits 0" ||
	bad "the SARIF scan (--format sarif -o vakt.sarif --exit-code 0)"
(
	cd "$t/proj" || exit 1
	"$VAKT" scan . --format junit -o vakt-junit.xml --exit-code 0 2>/dev/null
) && grep -q '<testsuites' "$t/proj/vakt-junit.xml" && ok "the JUnit scan writes its report and exits 0" ||
	bad "the JUnit scan (--format junit -o vakt-junit.xml --exit-code 0)"
(cd "$t/proj" && "$VAKT" scan . --fail-on high >/dev/null 2>&1)
rc=$?
[ $rc -eq 1 ] && ok "the gate (--fail-on high) fails on a high finding" ||
	bad "the gate (--fail-on high) exited $rc, expected 1"
echo "1..$n"
