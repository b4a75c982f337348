#!/usr/bin/env bash
# DF023 looks for a .dockerignore beside the Dockerfile and, inside a
# repository, in the directories up to its root (a .git directory cannot be
# committed as a fixture, so the trees are made here). A scan remembers what
# the disk answered (df-context.c): the last cases scan several Dockerfiles
# that share directories in one run, and one named through a symbolic link.
set -u
: "${VAKT:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0
check() { # DESCRIPTION EXPECTED-COUNT DOCKERFILE-OR-DIRECTORY...
	local got
	got=$("$VAKT" scan --no-config --format gnu "${@:3}" 2>&1 | grep -c '\[DF023\]')
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
# One scan, several Dockerfiles sharing directories up to the root.
mkdir -p "$t/two/.git" "$t/two/a" "$t/two/b/c" "$t/two/d"
for d in a b b/c d; do cp "$t/plain/sub/Dockerfile" "$t/two/$d/Dockerfile"; done
touch "$t/two/a/.dockerignore"
check "in one scan, each Dockerfile finds its own directory's .dockerignore" 3 "$t/two"
touch "$t/two/b/.dockerignore"
check "in one scan, a shared parent's .dockerignore counts for the directory below" 1 "$t/two"
check "a Dockerfile named through '..', with one that shares its parent" 1 "$t/two/b/../d/Dockerfile" "$t/two/b/c/Dockerfile"
# A Dockerfile named through a symbolic link is looked up where the link leads.
mkdir -p "$t/elsewhere"
ln -s "$t/two/d" "$t/elsewhere/link"
check "a Dockerfile through a symbolic link, outside the repository by its path" 1 "$t/elsewhere/link/Dockerfile"
touch "$t/two/.dockerignore"
check "a Dockerfile through a symbolic link finds the repository root's" 0 "$t/elsewhere/link/Dockerfile" "$t/two/d/Dockerfile"
echo "1..$n"
