/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for vakt fix on compose files: the input is scanned as
 * `vakt fix` scans it (vakt_scan_source() with the compose domain), the
 * unsuppressed findings of rules with a fix go to the domain's fix hook
 * (src/compose/compose-fix.c, the container fixes of
 * src/container/ctr-fix.c made with the YAML editor), and the edits are
 * resolved, applied and diffed (src/core/fix*.c). Invariants: every edit lies inside the text,
 * names a fixable rule and has a note; the applied edits never overlap (one
 * ends before the next starts; insertions may share a place); the
 * diff is empty exactly when the text is unchanged; the fixed text parses
 * with no more errors than the original; and a second run on it changes
 * nothing (idempotence). The last byte's bit 0 sets fix.uid and fix.images
 * in the configuration; bit 1 ignores inline pragmas; bit 2 is --unsafe.
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
		vakt_strv_push(&c->fix_image_from, "redis");
		vakt_strv_push(&c->fix_image_to,
		               "redis:7.4.1@sha256:"
		               "8b3a8d6a9d3d2e0f0d3c8e1a1c2b9e7f4a6d5c3b2a190817263544536271809a");
		vakt_strv_push(&c->fix_image_from, "nginx:latest");
		vakt_strv_push(&c->fix_image_to,
		               "nginx:1.27.3@sha256:"
		               "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9");
	}
	vakt_scan_opts_init(&o, c);
	o.inline_ignores = !(opt & 2);
	fuzz_fix_twice(&compose_domain, "fuzz/compose.yaml", (const char *)data, size, &o, opt & 4);
	vakt_config_free(c);
	return 0;
}
