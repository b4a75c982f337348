#!/usr/bin/env bash
# DF023 looks for a .dockerignore beside the Dockerfile and, inside a
# repository, in the directories up to its root (a .git directory cannot be
# committed as a fixture, so the trees are made here).
set -u
: "${VAKT:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0
check() { # DESCRIPTION EXPECTED-COUNT DOCKERFILE
	local got
	got=$("$VAKT" scan --no-config --format gnu "$3" 2>&1 | grep -c '\[DF023\]')
	n=$((n + 1))
	if [ "$got" -eq "$2" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1: $got DF023 findings, expected $2"
	fi
}
mkdir -p "$t/repo/.git" "$t/repo/docker/web" "$t/plain/sub"
printf 'FROM alpine:3.20\nCOPY . .\n' >"$t/repo/docker/web/Dockerfile"
cp "$t/repo/docker/web/Dockerfile" "$t/plain/sub/Dockerfile"
check "no .dockerignore anywhere in the repository" 1 "$t/repo/docker/web/Dockerfile"
touch "$t/repo/.dockerignore"
check "a .dockerignore at the repository root counts" 0 "$t/repo/docker/web/Dockerfile"
rm "$t/repo/.dockerignore"
touch "$t/repo/docker/.dockerignore"
check "a .dockerignore between the Dockerfile and the root counts" 0 "$t/repo/docker/web/Dockerfile"
touch "$t/plain/.dockerignore"
check "outside a repository only the Dockerfile's own directory counts" 1 "$t/plain/sub/Dockerfile"
touch "$t/plain/sub/Dockerfile.dockerignore"
check "the Dockerfile's own <name>.dockerignore counts" 0 "$t/plain/sub/Dockerfile"
echo "1..$n"
