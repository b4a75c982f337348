/* SPDX-License-Identifier: MIT */
/*
 * Falco's default rules (falco-rules 5.1.0, ../shared/conformance/falco or
 * $VAKT_SHARED/conformance/falco) load unmodified against a field set that
 * lists every field they use: 25 rules, 87 macros, 49 lists, no error, no
 * warning, every output compiled; the rules are indexed under the event
 * types they name and fire on events built for them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

#include <cmocka.h>

#include "../fuzz/rt-fake-fields.h"
#include "core/util.h"
#include "runtime/rt-rules.h"

#define MAX_UP 8

static char *falco_path;
static char *why;

static void locate(void)
{
	const char *env = getenv("VAKT_SHARED");
	struct vakt_buf up = VAKT_BUF_INIT;

	if (env && *env) {
		falco_path = vakt_xasprintf("%s/conformance/falco/falco_rules.yaml", env);
		if (access(falco_path, R_OK)) {
			why = vakt_xasprintf("VAKT_SHARED is set but %s is missing", falco_path);
			free(falco_path);
			falco_path = NULL;
		}
		return;
	}
	for (int i = 0; i <= MAX_UP; i++) {
		char *mark = vakt_xasprintf("%ssrc/runtime/rt-rules.h", vakt_buf_str(&up));

		if (!access(mark, R_OK)) {
			free(mark);
			falco_path = vakt_xasprintf(
			    "%s../shared/conformance/falco/falco_rules.yaml", vakt_buf_str(&up));
			if (access(falco_path, R_OK)) {
				why =
				    vakt_xasprintf("no rules at %s (set VAKT_SHARED)", falco_path);
				free(falco_path);
				falco_path = NULL;
			}
			vakt_buf_release(&up);
			return;
		}
		free(mark);
		vakt_buf_adds(&up, "../");
	}
	vakt_buf_release(&up);
	why = vakt_xstrdup("repository root not found (set VAKT_SHARED)");
}

static struct rt_ruleset *load(void)
{
	struct rt_ruleset *rs = NULL;
	struct vakt_error *err = NULL;
	const char *paths[] = {falco_path};

	assert_int_equal(rt_ruleset_load(&fake_fields, paths, 1, &rs, &err), 0);
	for (size_t i = 0; i < rt_ruleset_n_diags(rs); i++) {
		char *s = rt_diag_format(rt_ruleset_diag(rs, i));

		print_message("# %s\n", s);
		free(s);
	}
	return rs;
}

static void loads_clean(void **state)
{
	struct rt_ruleset *rs = load();
	struct rt_counts c;

	(void)state;
	rt_ruleset_counts(rs, &c);
	assert_int_equal(rt_ruleset_n_errors(rs), 0);
	assert_int_equal(rt_ruleset_n_diags(rs), 0);
	assert_int_equal(c.rules, 25);
	assert_int_equal(c.compiled, 25);
	assert_int_equal(c.failed, 0);
	assert_int_equal(c.macros, 87);
	assert_int_equal(c.lists, 49);
	for (size_t i = 0; i < rt_ruleset_n_rules(rs); i++) {
		const struct rt_rule *r = rt_ruleset_rule(rs, i);

		assert_true(r->compiled);
		assert_true(r->enabled);
		assert_true(rt_rule_n_output_fields(r) >= 9);
		assert_int_equal(r->n_tags >= 2, 1);
		assert_string_equal(r->source, "syscall");
	}
	rt_ruleset_free(rs);
}

static void priorities_and_types(void **state)
{
	struct rt_ruleset *rs = load();
	size_t prio[RT_PRIO_COUNT] = {0};
	bool want[RT_EV_COUNT];
	size_t n_want = 0;

	(void)state;
	for (size_t i = 0; i < rt_ruleset_n_rules(rs); i++)
		prio[rt_ruleset_rule(rs, i)->priority]++;
	assert_int_equal(prio[RT_PRIO_WARNING], 14);
	assert_int_equal(prio[RT_PRIO_NOTICE], 7);
	assert_int_equal(prio[RT_PRIO_CRITICAL], 3);
	assert_int_equal(prio[RT_PRIO_INFORMATIONAL], 1);
	/* The 19 syscalls of §3.1 of the reference, no more. */
	rt_ruleset_wanted_evtypes(rs, want, RT_EV_COUNT);
	for (size_t t = 0; t < RT_EV_COUNT; t++)
		n_want += want[t];
	assert_int_equal(n_want, 19);
	assert_true(want[fake_type("execve")]);
	assert_true(want[fake_type("openat2")]);
	assert_true(want[fake_type("finit_module")]);
	assert_false(want[fake_type("clone")]);
	rt_ruleset_free(rs);
}

static const char *fired;

static void on_match(const struct rt_rule *r, const void *ev, void *data)
{
	(void)ev;
	(void)data;
	fired = r->name;
}

/* A shell spawned by httpd outside a container: Run shell untrusted. */
static void shell_under_httpd(void **state)
{
	struct rt_ruleset *rs = load();
	struct rt_eval_ctx *ctx = rt_eval_ctx_new(rs);
	static const struct fake_val vals[] = {
	    {"proc.name", NULL, "bash"},
	    {"proc.exe", NULL, "/bin/bash"},
	    {"proc.pname", NULL, "httpd"},
	    {"proc.pexe", NULL, "/usr/sbin/httpd"},
	    {"proc.aname", NULL, "bash"},
	    {"proc.aname", NULL, "httpd"},
	    {"proc.aname", NULL, "systemd"},
	    {"proc.cmdline", NULL, "bash -c id"},
	    {"proc.args", NULL, "-c id"},
	    {"proc.pcmdline", NULL, "httpd -k start"},
	    {"container.id", NULL, "host"},
	    {"user.name", NULL, "www-data"},
	    {"evt.type", NULL, "execve"},
	    {"proc.exepath", NULL, "/bin/bash"},
	    {"proc.pexepath", NULL, "/usr/sbin/httpd"},
	};
	struct fake_event ev = {fake_type("execve"), vals, VAKT_ARRAY_SIZE(vals)};
	struct vakt_buf out = VAKT_BUF_INIT;
	const struct rt_rule *r;

	(void)state;
	fired = NULL;
	assert_int_equal(rt_ruleset_eval(rs, ctx, ev.type, &ev, on_match, NULL), 1);
	assert_non_null(fired);
	assert_string_equal(fired, "Run shell untrusted");
	r = rt_ruleset_find(rs, fired);
	rt_rule_render(r, ctx, &ev, &out);
	assert_non_null(strstr(vakt_buf_str(&out), "Shell spawned by untrusted binary | "
	                                           "parent_exe=/usr/sbin/httpd"));
	assert_non_null(strstr(vakt_buf_str(&out), "gparent=systemd ggparent=<NA>"));
	vakt_buf_release(&out);
	rt_eval_ctx_free(ctx);
	rt_ruleset_free(rs);
}

static void missing(void **state)
{
	(void)state;
	print_message("# SKIP falco rules: %s\n", why ? why : "missing");
	skip();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(loads_clean),
	    cmocka_unit_test(priorities_and_types),
	    cmocka_unit_test(shell_under_httpd),
	};
	const struct CMUnitTest skipped[] = {cmocka_unit_test(missing)};
	int r;

	locate();
	if (!falco_path)
		r = cmocka_run_group_tests_name("rt-falco", skipped, NULL, NULL);
	else
		r = cmocka_run_group_tests_name("rt-falco", tests, NULL, NULL);
	free(falco_path);
	free(why);
	return r;
}
