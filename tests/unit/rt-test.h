/* SPDX-License-Identifier: MIT */
#ifndef VAKT_TEST_RT_TEST_H
#define VAKT_TEST_RT_TEST_H

/* Helpers of the rule language's unit tests: load text, find a diagnostic, fire a rule. */

#include "../fuzz/rt-fake-fields.h"
#include "core/util.h"
#include "runtime/rt-rules.h"

/* Load YAML text as the file "r.yaml" against the fake fields; the caller frees it. */
static inline struct rt_ruleset *rt_test_load(const char *yaml)
{
	struct rt_ruleset *rs = rt_ruleset_new(&fake_fields);

	rt_ruleset_add_text(rs, "r.yaml", yaml, strlen(yaml));
	rt_ruleset_compile(rs);
	return rs;
}

/* All diagnostics, one formatted per line; the caller frees it. */
static inline char *rt_test_diags(const struct rt_ruleset *rs)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < rt_ruleset_n_diags(rs); i++) {
		char *s = rt_diag_format(rt_ruleset_diag(rs, i));

		vakt_buf_addf(&b, "%s%s\n", rt_ruleset_diag(rs, i)->warning ? "W " : "E ", s);
		free(s);
	}
	return vakt_buf_detach(&b);
}

/* The diagnostics of yaml, formatted; the caller frees it. */
static inline char *rt_test_load_diags(const char *yaml)
{
	struct rt_ruleset *rs = rt_test_load(yaml);
	char *d = rt_test_diags(rs);

	rt_ruleset_free(rs);
	return d;
}

static inline void rt_test_count(const struct rt_rule *r, const void *ev, void *data)
{
	(void)r;
	(void)ev;
	(*(size_t *)data)++;
}

/* Whether the single rule of a condition over the fake fields matches ev. */
static inline bool rt_test_match(const char *cond, const struct fake_event *ev)
{
	char *yaml = vakt_xasprintf("- rule: t\n  desc: d\n  condition: '%s'\n  output: o\n"
	                            "  priority: INFO\n  warn_evttypes: false\n",
	                            cond);
	struct rt_ruleset *rs = rt_test_load(yaml);
	struct rt_eval_ctx *ctx = rt_eval_ctx_new(rs);
	size_t hits = 0;

	if (rt_ruleset_n_errors(rs)) {
		char *d = rt_test_diags(rs);

		fprintf(stderr, "# unexpected errors for %s:\n%s", cond, d);
		free(d);
		abort();
	}
	rt_ruleset_eval(rs, ctx, ev->type, ev, rt_test_count, &hits);
	rt_eval_ctx_free(ctx);
	rt_ruleset_free(rs);
	free(yaml);
	return hits > 0;
}

#endif
