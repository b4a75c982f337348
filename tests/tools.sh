#!/usr/bin/env bash
# Install the tools the tests validate vakt's output with, once, into
# tests/.tools/ (git-ignored). Idempotent and quiet: prints nothing when the
# tools are already there or were installed.
#
#   tests/tools.sh            install (or check) everything
#   tests/tools.sh TOOL...    the same, but only TOOL must be ready (sarif, ajv,
#                             cyclonedx): a suite skips only for what it uses
#
# Exit status: 0 ready; 77 the tools cannot be had here (no npm, registry
# unreachable, a tool does not run on this machine), with the reason on
# stdout for a "# SKIP" line; anything else is a bug in this script.
#
# Tools (versions pinned, so that validation does not change under the tests;
# all come from the npm registry, in one install):
#   sarif      tests/.tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
#              Microsoft's official SARIF validator (validate FILE...).
#   ajv        tests/.tools/node_modules/ajv, a JSON Schema validator
#              (draft 2020-12: require("ajv/dist/2020")).
#   cyclonedx  tests/.tools/node_modules/@cyclonedx/cyclonedx-library: the
#              official CycloneDX JSON schemas (res/schema/bom-1.5.SNAPSHOT.schema.json
#              and the SPDX licence-id schema it references) and its JSON
#              validator (Validation.JsonStrictValidator), which runs ajv with
#              ajv-formats and ajv-formats-draft2019 offline.
# There is no SPDX 2.3 JSON schema on npm (checked with `npm view`/`npm pack`:
# @cyclonedx/cdxgen ships only the SPDX 3.0.1 export schema, @spdx/tools is not
# published, the spdx-* packages are licence lists): SPDX output is checked
# structurally in C (tests/unit/test-pkg-sbom.c, spdx_problem()).
set -u
here=$(cd "$(dirname "$0")" && pwd)
tools=$here/.tools
SARIF_PKG=@microsoft/sarif-multitool-linux@${SARIF_MULTITOOL_VERSION:-5.7.0}
AJV_PKG=ajv@${AJV_VERSION:-8.17.1}
CDX_PKGS="@cyclonedx/cyclonedx-library@${CYCLONEDX_LIBRARY_VERSION:-10.3.0}
ajv-formats@${AJV_FORMATS_VERSION:-3.0.1}
ajv-formats-draft2019@${AJV_FORMATS_DRAFT2019_VERSION:-1.6.1}"
multitool=$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
# The bundled .NET runtime needs no ICU in invariant mode.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

wanted=${*:-sarif ajv cyclonedx}
for t in $wanted; do
	case $t in
	sarif | ajv | cyclonedx) ;;
	*)
		echo "tests/tools.sh: unknown tool '$t'" >&2
		exit 2
		;;
	esac
done

skip() {
	echo "$*"
	exit 77
}

sarif_runs() {
	[ -x "$multitool" ] && "$multitool" --version >/dev/null 2>&1
}

ajv_runs() {
	command -v node >/dev/null 2>&1 &&
		NODE_PATH=$tools/node_modules node -e 'require("ajv/dist/2020")' >/dev/null 2>&1
}

cyclonedx_runs() {
	command -v node >/dev/null 2>&1 &&
		NODE_PATH=$tools/node_modules node -e '
			const CDX = require("@cyclonedx/cyclonedx-library");
			new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot5);
			require("ajv-formats"); require("ajv-formats-draft2019");' >/dev/null 2>&1
}

ready() {
	for t in $wanted; do
		"${t}_runs" || return 1
	done
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
# The CycloneDX library's peers (ajv, the formats) are optional peers: they
# are named here, and npm leaves the other optional ones (XML) alone.
# shellcheck disable=SC2086
if ! timeout 900 npm install --prefix "$tools" --no-audit --no-fund --no-progress \
	--prefer-offline --loglevel=error --fetch-retries=1 --fetch-timeout=60000 \
	"$SARIF_PKG" "$AJV_PKG" $CDX_PKGS >"$log" 2>&1; then
	reason=$(grep -m1 -E 'ERR!|error' "$log" | sed -E 's/^npm (ERR!|error) *//')
	skip "cannot install $SARIF_PKG, $AJV_PKG and the CycloneDX library with npm: ${reason:-see $log}"
fi
# The package's postinstall makes the tool executable; do it here too in case
# npm was told to ignore scripts.
[ -f "$multitool" ] && chmod u+x "$multitool"
for t in $wanted; do
	case $t in
	sarif) sarif_runs || skip "$SARIF_PKG is installed but Sarif.Multitool does not run on this machine" ;;
	ajv) ajv_runs || skip "$AJV_PKG is installed but does not load" ;;
	cyclonedx) cyclonedx_runs || skip "the CycloneDX library is installed but its validator does not load" ;;
	esac
done
exit 0
