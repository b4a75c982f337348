/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the compose domain: any bytes are scanned as a
 * compose file (YAML tree, services into container settings, every CR
 * rule, inline suppressions), every finding is read, and the shared small
 * parsers (ports, volumes, --mount, interpolation) run on the raw bytes.
 */
#include <stdint.h>
#include <stdio.h>

#include "compose/compose.h"
#include "core/config.h"
#include "core/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where the reads go, so that the compiler keeps them. */
static volatile size_t sink;

static void touch_str(const char *s)
{
	if (s)
		sink += strlen(s);
}

static void touch_result(const struct vakt_scan_result *res)
{
	for (size_t i = 0; i < res->findings.n; i++) {
		const struct vakt_finding *f = &res->findings.v[i];

		if (f->loc.line < 0 || f->loc.column < 0)
			__builtin_trap();
		touch_str(f->message);
		touch_str(f->loc.object);
		touch_str(f->snippet);
		touch_str(f->suppress_reason);
		sink += (size_t)(f->loc.line + f->loc.column + f->loc.end_line + f->loc.end_column);
	}
	for (size_t i = 0; i < res->errors.n; i++) {
		char *m = vakt_error_format(res->errors.v[i]);

		touch_str(m);
		free(m);
	}
}

/* The small syntaxes on the input as one string (cut at the first NUL). */
static void small_parsers(const char *s)
{
	struct ctr_port p = {0};
	struct ctr_mount m = {0};
	char buf[64];
	bool dyn;
	char *v;

	if (ctr_port_parse(s, &p))
		sink += p.host_lo + p.host_hi + p.ctr_lo + p.ctr_hi;
	touch_str(p.host_ip);
	free(p.host_ip);
	ctr_volume_parse(s, &m);
	ctr_mount_parse(s, &m);
	touch_str(m.source);
	touch_str(m.target);
	free(m.source);
	free(m.target);
	v = ctr_literal_view(s, CTR_INTERP_COMPOSE, &dyn);
	touch_str(v);
	free(v);
	v = ctr_literal_view(s, CTR_INTERP_SHELL, &dyn);
	touch_str(v);
	free(v);
	sink += ctr_user_is_root(s) + ctr_is_host_path(s);
	touch_str(ctr_cap_name(s, buf, sizeof(buf)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vakt_config *cfg = vakt_config_new();
	struct vakt_scan_opts o;
	struct vakt_scan_result res = {0};
	struct vakt_source *src =
	    vakt_source_from_mem("fuzz/docker-compose.yml", (const char *)data, size);
	struct vakt_error *err = NULL;

	vakt_scan_opts_init(&o, cfg);
	/* The scanner rejects non-text first; the domain must survive either way. */
	if (vakt_source_check_text(src, VAKT_MAX_LINE_BYTES, &err) < 0)
		vakt_error_free(err);
	sink += compose_match_content(src->data, src->len);
	small_parsers(src->data);
	vakt_scan_source(&compose_domain, src, &o, &res);
	touch_result(&res);
	vakt_scan_result_release(&res);
	vakt_config_free(cfg);
	return 0;
}
