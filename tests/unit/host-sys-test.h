/* SPDX-License-Identifier: MIT */
#ifndef VAKT_HOST_SYS_TEST_H
#define VAKT_HOST_SYS_TEST_H

/*
 * What the host-sys tests share: collect the system facts of a root
 * (tests/host/roots/NAME, or the live "/") and run the HO rules on them
 * through a check context, as vakt host does.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/check.h"
#include "core/config.h"
#include "core/scan.h"
#include "host/host-facts.h"

struct hs_run {
	struct host_root root;
	struct host_facts f;
	struct vakt_error_list warn;
	struct vakt_findings out;
	struct vakt_config *cfg;
	struct vakt_scan_opts opts;
};

/*
 * Collect root name (tests/host/roots/NAME, an absolute path, or NULL: the
 * live "/") and run host_sys_rules; release with hs_run_release(). */
static inline void hs_run(struct hs_run *x, const char *name)
{
	struct vakt_error *err = NULL;
	struct vakt_check_ctx ctx = {0};
	char path[256];

	memset(x, 0, sizeof(*x));
	if (name && name[0] == '/')
		snprintf(path, sizeof(path), "%s", name);
	else if (name)
		snprintf(path, sizeof(path), "tests/host/roots/%s", name);
	assert_int_equal(host_root_open(name ? path : NULL, &x->root, &err), 0);
	x->f.root = &x->root;
	host_sys_collect(&x->root, &x->f.sys, &x->f.obs, &x->warn);
	x->cfg = vakt_config_new();
	vakt_scan_opts_init(&x->opts, x->cfg);
	ctx.opts = &x->opts;
	ctx.out = &x->out;
	ctx.model = &x->f;
	ctx.file = "host";
	vakt_rules_run_table(&ctx, host_sys_rules, VAKT_SCOPE_UNIT);
	if (getenv("HS_TEST_VERBOSE")) {
		for (size_t i = 0; i < x->f.obs.n; i++)
			fprintf(stderr, "  obs %s %s:%d [%s] %s\n", x->f.obs.v[i].probe,
			        x->f.obs.v[i].source, x->f.obs.v[i].line, x->f.obs.v[i].verdict,
			        x->f.obs.v[i].seen);
		for (size_t i = 0; i < x->out.n; i++)
			fprintf(stderr, "  %s %s %s:%d %s\n", x->out.v[i].rule->id,
			        vakt_severity_name(x->out.v[i].severity), x->out.v[i].loc.file,
			        x->out.v[i].loc.line, x->out.v[i].message);
	}
}

static inline void hs_run_release(struct hs_run *x)
{
	vakt_findings_release(&x->out);
	host_observations_release(&x->f.obs);
	host_sys_release(&x->f.sys);
	vakt_error_list_release(&x->warn);
	vakt_config_free(x->cfg);
	host_root_release(&x->root);
}

/* The finding of rule id, or NULL. */
static inline const struct vakt_finding *hs_finding(const struct hs_run *x, const char *id)
{
	for (size_t i = 0; i < x->out.n; i++)
		if (!strcmp(x->out.v[i].rule->id, id))
			return &x->out.v[i];
	return NULL;
}

/* How many findings of rule id. */
static inline size_t hs_count(const struct hs_run *x, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < x->out.n; i++)
		n += !strcmp(x->out.v[i].rule->id, id);
	return n;
}

/* The first observation of probe whose verdict or seen text contains text, or NULL. */
static inline const struct host_observation *hs_obs(const struct hs_run *x, const char *probe,
                                                    const char *text)
{
	for (size_t i = 0; i < x->f.obs.n; i++) {
		const struct host_observation *o = &x->f.obs.v[i];

		if (!strcmp(o->probe, probe) && (strstr(o->verdict, text) || strstr(o->seen, text)))
			return o;
	}
	return NULL;
}

#endif
