/* SPDX-License-Identifier: MIT */
/*
 * Every system rule has tests/host/rules/ID/cases: the fake roots under
 * which it reports (with severity and evidence, one line per finding) and
 * some under which it stays silent. This test holds each rule to them, so
 * the files cannot drift from the code.
 */
#include <errno.h>

#include "host-sys-test.h"

#define MAX_ROOTS 32

struct cached {
	char name[64];
	struct hs_run run;
};

static struct cached cache[MAX_ROOTS];
static size_t n_cache;

static const struct hs_run *root_run(const char *name)
{
	for (size_t i = 0; i < n_cache; i++)
		if (!strcmp(cache[i].name, name))
			return &cache[i].run;
	assert_true(n_cache < MAX_ROOTS);
	snprintf(cache[n_cache].name, sizeof(cache[n_cache].name), "%s", name);
	hs_run(&cache[n_cache].run, name);
	return &cache[n_cache++].run;
}

/* Whether run has a finding of id at severity sev with evidence "file:line". */
static bool has(const struct hs_run *run, const char *id, const char *sev, const char *where)
{
	char at[512];

	for (size_t i = 0; i < run->out.n; i++) {
		const struct vakt_finding *f = &run->out.v[i];

		snprintf(at, sizeof(at), "%s:%d", f->loc.file, f->loc.line);
		if (!strcmp(f->rule->id, id) && !strcmp(vakt_severity_name(f->severity), sev) &&
		    !strcmp(at, where))
			return true;
	}
	return false;
}

static void check_rule(const char *id)
{
	char path[128], line[512], verdict[8], root[64], sev[16], where[384];
	size_t fails = 0, passes = 0, per_root[MAX_ROOTS] = {0};
	FILE *f;

	snprintf(path, sizeof(path), "tests/host/rules/%s/cases", id);
	f = fopen(path, "r");
	if (!f)
		fail_msg("%s is missing", path);
	while (fgets(line, sizeof(line), f)) {
		const struct hs_run *run;
		int n;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		n = sscanf(line, "%7s %63s %15s %383s", verdict, root, sev, where);
		run = root_run(root);
		if (!strcmp(verdict, "fail") && n == 4) {
			if (!has(run, id, sev, where))
				fail_msg("%s: no %s finding at %s under %s", id, sev, where, root);
			for (size_t i = 0; i < n_cache; i++)
				if (&cache[i].run == run)
					per_root[i]++;
			fails++;
		} else if (!strcmp(verdict, "pass") && n == 2) {
			if (hs_count(run, id))
				fail_msg("%s: unexpected finding under %s", id, root);
			passes++;
		} else {
			fail_msg("%s: bad line '%s'", path, line);
		}
	}
	fclose(f);
	/* no finding beyond those listed */
	for (size_t i = 0; i < n_cache; i++)
		if (per_root[i] && hs_count(&cache[i].run, id) != per_root[i])
			fail_msg("%s: %zu findings under %s, %zu listed", id,
			         hs_count(&cache[i].run, id), cache[i].name, per_root[i]);
	if (!fails || !passes)
		fail_msg("%s: needs at least one fail and one pass case", id);
}

static void test_every_rule_has_cases(void **state)
{
	(void)state;
	for (const struct vakt_rule *r = host_sys_rules; r->id; r++)
		check_rule(r->id);
}

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < n_cache; i++)
		hs_run_release(&cache[i].run);
	n_cache = 0;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_rule_has_cases),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
