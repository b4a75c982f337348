#!/usr/bin/env bash
# Install the tools the tests validate vakt's output with, once, into
# tests/.tools/ (git-ignored). Idempotent and quiet: prints nothing when the
# tools are already there or were installed.
#
#   tests/tools.sh        install (or check) everything
#
# Exit status: 0 ready; 77 the tools cannot be had here (no npm, registry
# unreachable, a tool does not run on this machine), with the reason on
# stdout for a "# SKIP" line; anything else is a bug in this script.
#
# Tools (versions pinned, so that validation does not change under the tests):
#   SARIF multitool  tests/.tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
#                    Microsoft's official SARIF validator (validate FILE...).
#   ajv              tests/.tools/node_modules/ajv, a JSON Schema validator
#                    (draft 2020-12: require("ajv/dist/2020")).
set -u
here=$(cd "$(dirname "$0")" && pwd)
tools=$here/.tools
SARIF_PKG=@microsoft/sarif-multitool-linux@${SARIF_MULTITOOL_VERSION:-5.7.0}
AJV_PKG=ajv@${AJV_VERSION:-8.17.1}
multitool=$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
# The bundled .NET runtime needs no ICU in invariant mode.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

skip() {
	echo "$*"
	exit 77
}

multitool_runs() {
	[ -x "$multitool" ] && "$multitool" --version >/dev/null 2>&1
}

ajv_runs() {
	command -v node >/dev/null 2>&1 &&
		NODE_PATH=$tools/node_modules node -e 'require("ajv/dist/2020")' >/dev/null 2>&1
}

ready() {
	multitool_runs && ajv_runs
}

ready && exit 0

command -v npm >/dev/null 2>&1 || skip "npm is not installed"
command -v node >/dev/null 2>&1 || skip "node is not installed"
mkdir -p "$tools" || skip "cannot create $tools"

# Two test runs may start at once (plain and sanitizer builds, two checkouts):
# install under a lock, and check again once it is ours.
exec 9>"$tools/.lock"
if command -v flock >/dev/null 2>&1; then
	flock 9
	ready && exit 0
fi

log=$tools/npm-install.log
if ! timeout 900 npm install --prefix "$tools" --no-audit --no-fund --no-progress \
	--prefer-offline --loglevel=error --fetch-retries=1 --fetch-timeout=60000 \
	"$SARIF_PKG" "$AJV_PKG" >"$log" 2>&1; then
	reason=$(grep -m1 -E 'ERR!|error' "$log" | sed -E 's/^npm (ERR!|error) *//')
	skip "cannot install $SARIF_PKG and $AJV_PKG with npm: ${reason:-see $log}"
fi
# The package's postinstall makes the tool executable; do it here too in case
# npm was told to ignore scripts.
[ -f "$multitool" ] && chmod u+x "$multitool"
multitool_runs || skip "$SARIF_PKG is installed but Sarif.Multitool does not run on this machine"
ajv_runs || skip "$AJV_PKG is installed but does not load"
exit 0
