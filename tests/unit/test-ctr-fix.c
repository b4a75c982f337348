/* SPDX-License-Identifier: MIT */
/*
 * container/ctr-fix: the CR fixes on settings, through a fake table of
 * operations that records what it is asked (the compose domain's, on the
 * YAML editor, has its golden tests): what each fix asks for, what it
 * refuses and says, which service a finding is, and the order of the fixes.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "container/ctr-fix.h"
#include "core/config.h"
#include "core/scan.h"
#include "core/util.h"

/* What the fake operations were asked, one line each; fail_key: refuse that key. */
struct fake {
	struct vakt_buf log;
	const char *fail_key;
};

static int fake_ensure(void *data, size_t svc, const char *key, const char *value, const char *note,
                       char **why)
{
	struct fake *f = data;

	vakt_buf_addf(&f->log, "ensure %zu %s %s (%s)\n", svc, key, value, note ? note : "");
	if (f->fail_key && !strcmp(f->fail_key, key)) {
		*why = vakt_xstrdup("refused by the test");
		return -ENOTSUP;
	}
	return 0;
}

static int fake_add_item(void *data, size_t svc, const char *key, const char *item,
                         const char *note, char **why)
{
	struct fake *f = data;

	vakt_buf_addf(&f->log, "add %zu %s %s\n", svc, key, item);
	(void)note;
	if (f->fail_key && !strcmp(f->fail_key, key)) {
		*why = vakt_xstrdup("refused by the test");
		return -ENOTSUP;
	}
	return 0;
}

static int fake_replace(void *data, size_t svc, const struct vakt_span *at, const char *value,
                        const char *note, char **why)
{
	struct fake *f = data;

	(void)note;
	(void)why;
	vakt_buf_addf(&f->log, "replace %zu %d:%d %s\n", svc, at->line, at->column, value);
	return 0;
}

static const struct ctr_fix_ops fake_ops = {fake_ensure, fake_add_item, fake_replace};

/* A fix run over up to 4 services. */
struct run {
	struct ctr_settings c[4];
	struct ctr_fix_service svc[4];
	bool user_fixed[4], tmp_added[4];
	struct ctr_fix_model m;
	struct fake fake;
	struct vakt_config *cfg;
	struct vakt_scan_opts o;
	struct vakt_edits edits;
	struct vakt_strv skipped;
	struct vakt_fix_ctx ctx;
};

static void run_init(struct run *r, size_t n)
{
	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < n; i++) {
		char *object = vakt_xasprintf("compose/s%zu", i);

		ctr_settings_init(&r->c[i], CTR_COMPOSE, object, "service");
		free(object);
		r->c[i].where.line = (int)(10 * i + 1);
		r->svc[i].c = &r->c[i];
		r->svc[i].line = (int)(10 * i + 1);
		r->svc[i].end_line = (int)(10 * i + 9);
		r->svc[i].base = (size_t)-1;
	}
	r->m.v = r->svc;
	r->m.n = n;
	r->m.user_fixed = r->user_fixed;
	r->m.tmp_added = r->tmp_added;
	r->m.ops = &fake_ops;
	r->m.data = &r->fake;
	r->cfg = vakt_config_new();
	vakt_scan_opts_init(&r->o, r->cfg);
	r->ctx.model = &r->m;
	r->ctx.opts = &r->o;
	r->ctx.edits = &r->edits;
	r->ctx.skipped = &r->skipped;
}

static void run_release(struct run *r)
{
	for (size_t i = 0; i < 4; i++)
		ctr_settings_release(&r->c[i]);
	vakt_buf_release(&r->fake.log);
	vakt_config_free(r->cfg);
	vakt_strv_release(&r->skipped);
	vakt_edits_release(&r->edits);
}

/* Run the fix of rule id on a finding of service object at line. */
static void fix(struct run *r, const char *id, const char *object, int line)
{
	struct vakt_finding f = {0};

	f.rule = vakt_registry_find(id);
	assert_non_null(f.rule);
	assert_non_null(f.rule->fix);
	f.loc.file = (char *)"compose.yaml";
	f.loc.object = (char *)object;
	f.loc.line = line;
	r->ctx.rule = f.rule;
	f.rule->fix(&r->ctx, &f);
}

static void expect_log(struct run *r, const char *want)
{
	const char *got = vakt_buf_str(&r->fake.log);

	if (strcmp(got, want)) {
		print_error("got:\n%s\nwant:\n%s\n", got, want);
		fail();
	}
	vakt_buf_release(&r->fake.log);
}

static void expect_skip(struct run *r, const char *says)
{
	assert_int_equal(r->skipped.n, 1);
	if (!strstr(r->skipped.v[0], says)) {
		print_error("'%s' lacks '%s'\n", r->skipped.v[0], says);
		fail();
	}
	vakt_strv_release(&r->skipped);
}

static void test_privileged(void **state)
{
	struct run r;

	(void)state;
	run_init(&r, 1);
	fix(&r, "CR001", "compose/s0", 1);
	expect_skip(&r, "--unsafe");
	expect_log(&r, "");
	r.ctx.unsafe = true;
	fix(&r, "CR001", "compose/s0", 1);
	assert_int_equal(r.skipped.n, 0);
	assert_non_null(strstr(vakt_buf_str(&r.fake.log), "ensure 0 privileged false"));
	run_release(&r);
}

static void test_user(void **state)
{
	struct run r;

	(void)state;
	run_init(&r, 3);
	ctr_str_set(&r.c[0].user, "root", (struct vakt_span){3, 11, 3, 14}, false);
	ctr_str_set(&r.c[0].image, "ghcr.io/acme/app:1.0", (struct vakt_span){2, 12, 2, 30}, false);
	r.c[1].builds = true;
	ctr_str_set(&r.c[2].image, "postgres:16.2", (struct vakt_span){22, 12, 22, 24}, false);
	fix(&r, "CR002", "compose/s0", 3);
	assert_true(r.user_fixed[0]);
	assert_non_null(strstr(vakt_buf_str(&r.fake.log), "ensure 0 user '10001:10001'"));
	vakt_buf_release(&r.fake.log);
	fix(&r, "CR004", "compose/s1", 11);
	expect_skip(&r, "local Dockerfile");
	fix(&r, "CR003", "compose/s2", 21);
	expect_skip(&r, "as user 'postgres'");
	expect_log(&r, "");
	/* fix.uid decides; a refusal is said with its reason. */
	r.cfg->has_fix_uid = true;
	r.cfg->fix_uid = 4242;
	r.user_fixed[0] = false;
	r.fake.fail_key = "user";
	fix(&r, "CR002", "compose/s0", 3);
	assert_false(r.user_fixed[0]);
	expect_skip(&r, "refused by the test");
	assert_non_null(
	    strstr(vakt_buf_str(&r.fake.log), "'4242:4242' (user: \"4242:4242\" (fix.uid"));
	run_release(&r);
}

static void test_cap_drop(void **state)
{
	struct run r;

	(void)state;
	run_init(&r, 3);
	ctr_str_set(&r.c[0].image, "nginx:1.27", (struct vakt_span){2, 12, 2, 21}, false);
	ctr_str_set(&r.c[1].user, "1000", (struct vakt_span){12, 11, 12, 14}, false);
	ctr_str_set(&r.c[2].user, "${APP_USER}", (struct vakt_span){22, 11, 22, 21}, true);
	fix(&r, "CR005", "compose/s0", 1);
	expect_skip(&r, "may run as root");
	fix(&r, "CR005", "compose/s2", 21);
	expect_skip(&r, "may run as root");
	expect_log(&r, "");
	fix(&r, "CR005", "compose/s1", 11);
	expect_log(&r, "add 1 cap_drop ALL\n");
	/* A user given in this run, or --unsafe. */
	r.user_fixed[0] = true;
	fix(&r, "CR005", "compose/s0", 1);
	r.user_fixed[0] = false;
	r.ctx.unsafe = true;
	fix(&r, "CR005", "compose/s0", 1);
	expect_log(&r, "add 0 cap_drop ALL\nadd 0 cap_drop ALL\n");
	assert_int_equal(r.skipped.n, 0);
	run_release(&r);
}

static void test_read_only(void **state)
{
	struct run r;
	struct ctr_mount *m;

	(void)state;
	run_init(&r, 3);
	/* s0: nothing at /tmp; s1: a volume there; s2: an interpolated target. */
	m = ctr_mount_push(&r.c[1]);
	m->source = vakt_xstrdup("scratch");
	m->target = vakt_xstrdup("/tmp/");
	m = ctr_mount_push(&r.c[2]);
	m->target = vakt_xstrdup("");
	m->dynamic = true;
	fix(&r, "CR007", "compose/s0", 1);
	fix(&r, "CR007", "compose/s1", 11);
	fix(&r, "CR007", "compose/s2", 21);
	expect_log(&r, "add 0 tmpfs /tmp\n"
	               "ensure 0 read_only true (read_only: true; paths the service writes besides "
	               "/tmp need a volume or tmpfs)\n"
	               "ensure 1 read_only true (read_only: true (/tmp is mounted already); other "
	               "paths the service writes need a volume or tmpfs)\n"
	               "ensure 2 read_only true (read_only: true; no tmpfs at /tmp, as an "
	               "interpolated mount may be there)\n");
	/* No tmpfs possible: read_only is not written either. */
	assert_true(r.tmp_added[0]);
	assert_false(r.tmp_added[1] || r.tmp_added[2]);
	r.tmp_added[0] = false;
	r.fake.fail_key = "tmpfs";
	fix(&r, "CR007", "compose/s0", 1);
	expect_log(&r, "add 0 tmpfs /tmp\n");
	expect_skip(&r, "so read_only is left as it is: refused by the test");
	fix(&r, "CR020", "compose/s0", 1);
	expect_skip(&r, "refused by the test");
	r.fake.fail_key = NULL;
	fix(&r, "CR020", "compose/s0", 1);
	expect_log(&r, "add 0 tmpfs /tmp\nadd 0 tmpfs /tmp\n");
	run_release(&r);
}

static void test_no_new_privs(void **state)
{
	struct run r;

	(void)state;
	run_init(&r, 2);
	ctr_strs_push(&r.c[0].security_opt, "label:disable", (struct vakt_span){4, 9, 4, 21},
	              false);
	ctr_strs_push(&r.c[0].security_opt, "no-new-privileges=false",
	              (struct vakt_span){5, 9, 5, 31}, false);
	ctr_strs_push(&r.c[1].security_opt, "no-new-privileges:true",
	              (struct vakt_span){14, 9, 14, 30}, false);
	fix(&r, "CR008", "compose/s0", 5);
	fix(&r, "CR008", "compose/s1", 11);
	expect_log(&r, "replace 0 5:9 no-new-privileges:true\n"
	               "add 1 security_opt no-new-privileges:true\n");
	run_release(&r);
}

static void test_image(void **state)
{
	struct run r;

	(void)state;
	run_init(&r, 2);
	ctr_str_set(&r.c[0].image, "redis", (struct vakt_span){2, 12, 2, 16}, false);
	ctr_str_set(&r.c[1].image, "it's:latest", (struct vakt_span){12, 12, 12, 22}, false);
	fix(&r, "CR018", "compose/s0", 2);
	expect_skip(&r, "no pinned reference for 'redis' in fix.images");
	vakt_strv_push(&r.cfg->fix_image_from, "it's:latest");
	vakt_strv_push(&r.cfg->fix_image_to, "it's:1@sha256:00");
	fix(&r, "CR018", "compose/s1", 12);
	expect_log(&r, "ensure 1 image 'it''s:1@sha256:00' (image pinned as fix.images of "
	               ".vakt.yaml says)\n");
	run_release(&r);
}

static void test_service_of(void **state)
{
	struct run r;

	(void)state;
	run_init(&r, 3);
	/* s0 and s2 share a name: told apart by their lines; a place outside both is not known. */
	free(r.c[2].object);
	r.c[2].object = vakt_xstrdup("compose/s0");
	fix(&r, "CR020", "compose/s0", 25);
	fix(&r, "CR020", "compose/s0", 3);
	expect_log(&r, "add 2 tmpfs /tmp\nadd 0 tmpfs /tmp\n");
	fix(&r, "CR020", "compose/s0", 99);
	expect_skip(&r, "container of the finding was not found");
	fix(&r, "CR020", "compose/nope", 1);
	expect_skip(&r, "container of the finding was not found");
	/* A unique name: any line (a setting merged from an anchor above). */
	fix(&r, "CR020", "compose/s1", 1);
	expect_log(&r, "add 1 tmpfs /tmp\n");
	run_release(&r);
}

static void test_order(void **state)
{
	struct vakt_finding f[4] = {{0}};
	const struct vakt_finding *todo[4] = {&f[0], &f[1], &f[2], &f[3]};
	const struct vakt_finding **o;

	(void)state;
	f[0].rule = vakt_registry_find("CR005");
	f[1].rule = vakt_registry_find("CR004");
	f[2].rule = vakt_registry_find("CR008");
	f[3].rule = vakt_registry_find("CR002");
	o = ctr_fix_order(NULL, todo, 4);
	assert_ptr_equal(o[0], &f[1]);
	assert_ptr_equal(o[1], &f[3]);
	assert_ptr_equal(o[2], &f[0]);
	assert_ptr_equal(o[3], &f[2]);
	free(o);
}

/* s0 extends s1, which extends s2: what this run writes in a base, they inherit. */
static void test_extends(void **state)
{
	struct run r;
	struct vakt_finding f[3] = {{0}};
	const struct vakt_finding *todo[3] = {&f[0], &f[1], &f[2]};
	const struct vakt_finding **o;
	size_t *idx;

	(void)state;
	run_init(&r, 3);
	r.svc[0].base = 1;
	r.svc[1].base = 2;
	idx = ctr_fix_index(r.svc, 3);
	r.m.by_object = idx;
	for (size_t i = 0; i < 3; i++) {
		f[i].rule = vakt_registry_find(i == 2 ? "CR004" : "CR007");
		f[i].loc.object = (char *)r.c[i].object;
		f[i].loc.line = r.svc[i].line;
	}
	/* The user fixes first, then the bases before what extends them. */
	o = ctr_fix_order(&r.m, todo, 3);
	assert_ptr_equal(o[0], &f[2]);
	assert_ptr_equal(o[1], &f[1]);
	assert_ptr_equal(o[2], &f[0]);
	free(o);
	/* A user given to s2: s0 and s1 run as it, unless one sets its own user. */
	r.user_fixed[2] = true;
	fix(&r, "CR005", "compose/s0", 1);
	expect_log(&r, "add 0 cap_drop ALL\n");
	r.svc[1].own_user = true;
	fix(&r, "CR005", "compose/s0", 1);
	expect_skip(&r, "may run as root");
	/* A tmpfs given to s1: s0 joins it, so only read_only is written. */
	fix(&r, "CR020", "compose/s1", 11);
	assert_true(r.tmp_added[1]);
	fix(&r, "CR007", "compose/s0", 1);
	expect_log(&r, "add 1 tmpfs /tmp\n"
	               "ensure 0 read_only true (read_only: true (/tmp is mounted already); other "
	               "paths the service writes need a volume or tmpfs)\n");
	/* Found by the index: the last of a name within a range. */
	assert_int_equal(ctr_fix_find(&r.m, "compose/s1", 0, 3), 1);
	assert_int_equal(ctr_fix_find(&r.m, "compose/s1", 2, 3), (size_t)-1);
	assert_int_equal(ctr_fix_find(&r.m, "compose/none", 0, 3), (size_t)-1);
	free(idx);
	run_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_privileged),   cmocka_unit_test(test_user),
	    cmocka_unit_test(test_cap_drop),     cmocka_unit_test(test_read_only),
	    cmocka_unit_test(test_no_new_privs), cmocka_unit_test(test_image),
	    cmocka_unit_test(test_service_of),   cmocka_unit_test(test_order),
	    cmocka_unit_test(test_extends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
