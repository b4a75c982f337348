#!/usr/bin/env bash
# make demo: scan the bundled example project (Dockerfile, Kubernetes
# manifests, compose file, deploy script, CI file) and its hardened twin,
# and audit the machine it runs on (vakt host).
# The insecure app is expected to fail (exit 1); the demo itself exits 0 when
# both scans behave as they should.
set -u
VAKT=${1:-build/vakt}
cd "$(dirname "$0")/.."
bold=$(tput bold 2>/dev/null || true) reset=$(tput sgr0 2>/dev/null || true)

step() { printf '\n%s==> %s%s\n\n' "$bold" "$*" "$reset"; }

step "vakt scan examples/insecure-app   (what the audit found)"
"$VAKT" scan examples/insecure-app
insecure=$?

step "vakt scan examples/insecure-app --severity HIGH,CRITICAL --format sarif   (what CI uploads; first lines)"
"$VAKT" scan examples/insecure-app --severity HIGH,CRITICAL --format sarif | head -n 12
echo "  ..."

step "vakt rules DF001   (every finding explains itself)"
"$VAKT" rules DF001

step "vakt scan examples/insecure-app/k8s --pss restricted --severity HIGH,CRITICAL --format gnu   (what Pod Security Admission would reject)"
"$VAKT" scan examples/insecure-app/k8s --pss restricted --severity HIGH,CRITICAL --format gnu

step "vakt netpol examples/insecure-app/k8s   (a flat network: every pod reaches every pod)"
"$VAKT" netpol examples/insecure-app/k8s

step "vakt netpol examples/hardened-app/k8s --from api --to payments   (can the api reach payments, and why?)"
"$VAKT" netpol examples/hardened-app/k8s --from api --to payments

step "vakt watch --replay examples/insecure-app/runtime/shell-in-container.jsonl   (runtime detection: a recorded exec -it into a container; live needs root)"
"$VAKT" watch --replay examples/insecure-app/runtime/shell-in-container.jsonl

step "vakt host --compact   (the machine you are on: what each probe saw, then the findings; as root it reads the firewall too)"
"$VAKT" host --compact

step "vakt scan examples/hardened-app   (the same service, fixed)"
"$VAKT" scan examples/hardened-app
hardened=$?

echo
if [ "$insecure" -eq 1 ] && [ "$hardened" -eq 0 ]; then
	echo "${bold}demo: insecure-app fails the gate (exit 1), hardened-app passes (exit 0).${reset}"
	exit 0
fi
echo "demo: unexpected exit codes: insecure-app $insecure (want 1), hardened-app $hardened (want 0)" >&2
exit 1
