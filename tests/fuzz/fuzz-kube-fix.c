/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for vakt fix on Kubernetes manifests: the input is
 * scanned as `vakt fix` scans it (vakt_scan_source() with the Kubernetes
 * domain), the unsuppressed findings of rules with a fix go to the
 * domain's fix hook (src/kube/kube-fix*.c, on the YAML editor), and the
 * edits are resolved, applied and diffed (src/core/fix*.c). Invariants: every edit lies inside the
 * text, names a fixable rule and has a note; the applied edits never overlap (one ends before the
 * next starts; insertions may share a place); the diff is empty exactly when the text is unchanged;
 * the fixed text parses with no more errors than the original; and a second run on it changes
 * nothing (idempotence). The last byte's bit 0 sets fix.uid and fix.resources
 * in the configuration; bit 1 ignores inline pragmas; bit 2 adds the Pod
 * Security Standards' restricted level (--pss restricted).
 */
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/fix.h"
#include "core/scan.h"
#include "fuzz-fix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned opt = fuzz_option(data, size);
	struct vakt_config *c = vakt_config_new();
	struct vakt_scan_opts o;

	if (opt & 1) {
		c->has_fix_uid = true;
		c->fix_uid = 4242;
		c->fix_cpu[0] = vakt_xstrdup("500m");
		c->fix_memory[1] = vakt_xstrdup("64Mi");
	}
	vakt_scan_opts_init(&o, c);
	o.inline_ignores = !(opt & 2);
	if (opt & 4)
		o.pss = "restricted";
	fuzz_fix_twice(&kube_domain, "fuzz/app.yaml", (const char *)data, size, &o, false);
	vakt_config_free(c);
	return 0;
}
