#!/usr/bin/env bash
# The floors of src/ (docs/HACKING.md, "Layout"): each folder may include
# only its own headers and those of the floors below it. Run by make lint;
# prints every include that reaches sideways or up, and exits 1 if any.
#
#   cli                      everything below
#   serve                    the kube domain and what it may include (above the domains)
#   domains                  the shared floors and core; never another domain
#   shared floors            the floors listed below them, and core
#   core                     core only (the engine)
set -euo pipefail
cd "$(dirname "$0")/.."

# folder: folders it may include besides itself. A new folder must be listed.
declare -A allowed=(
	[cli]="*"
	[dockerfile]="shell container knowledge pkg core"
	[kube]="container knowledge core"
	[compose]="container knowledge core"
	[runline]="shell container knowledge core"
	[image]="vuln pkg knowledge core"
	[shell]="core"
	[container]="knowledge core"
	[knowledge]="core"
	[runtime]="knowledge core"
	[serve]="kube container knowledge core"
	[firewall]="core"
	[host]="knowledge core"
	[deps]="vuln pkg knowledge core"
	[vuln]="pkg knowledge core"
	[pkg]="core"
	[core]=""
)

bad=0
for dir in src/*/; do
	dir=${dir%/}
	name=${dir#src/}
	if [ -z "${allowed[$name]+x}" ]; then
		echo "$dir: a folder scripts/check-layers.sh does not know: say which floors it may include" >&2
		bad=1
		continue
	fi
	[ "${allowed[$name]}" = "*" ] && continue
	while IFS=: read -r file line inc; do
		target=$(sed -n 's/^#include "\([a-z0-9_-]*\)\/.*/\1/p' <<<"$inc")
		[ -z "$target" ] || [ "$target" = "$name" ] && continue
		case " ${allowed[$name]} " in
		*" $target "*) ;;
		*)
			echo "$file:$line: $name includes $target (${inc#\#include }): move what both use to a shared floor" >&2
			bad=1
			;;
		esac
	done < <(grep -n '^#include "[a-z0-9_-]*/' "$dir"/*.[ch] 2>/dev/null || true)
done
exit $bad
