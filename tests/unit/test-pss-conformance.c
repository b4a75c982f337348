/* SPDX-License-Identifier: MIT */
/*
 * Pod Security Standards conformance: every official fixture of Kubernetes'
 * Pod Security Admission (../shared/conformance/pss, or $VAKT_SHARED/
 * conformance/pss; see its README) evaluated at its own level and version:
 * pass fixtures allowed, fail fixtures denied by their check (or the
 * restricted check that replaces it) with PSA's expected reason. Then each
 * fixture's pod, wrapped in the template of every workload kind and loaded
 * through kube_set_load(), must get the same verdict as the bare pod.
 *
 * One TAP test per level, version and kind; a failure lists its fixtures.
 * The fixtures are not copied into the repository: without them the test
 * skips and says why.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/source.h"
#include "core/util.h"
#include "core/yaml.h"
#include "kube/kube-model.h"
#include "kube/kube-pss.h"

/* What the README promises: every file of the snapshot is listed. */
#define CONF_FIXTURES 4537
/* Largest fixture read (they are a few hundred bytes). */
#define CONF_MAX_FIXTURE (64u * 1024)
/* Most failing fixtures listed per test. */
#define CONF_MAX_LISTED 20
/* How far up from the working directory to look for the repository root. */
#define CONF_MAX_UP 6

/* How each fixture's pod is wrapped. kind NULL: the bare pod, without the loader. */
static const struct conf_kind {
	const char *name;
	const char *head; /* the object up to the pod template's metadata and spec */
	int indent;       /* of the template's metadata and spec */
	enum kube_kind kind;
} conf_kinds[] = {
    {"bare", NULL, 0, KUBE_KIND_POD},
    {"Pod", "apiVersion: v1\nkind: Pod\n", 0, KUBE_KIND_POD},
    {"Deployment",
     "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: wrapped\n  namespace: conf\n"
     "spec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: wrapped\n  template:\n",
     4, KUBE_KIND_DEPLOYMENT},
    {"StatefulSet",
     "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: wrapped\nspec:\n"
     "  serviceName: wrapped\n  selector:\n    matchLabels:\n      app: wrapped\n  template:\n",
     4, KUBE_KIND_STATEFULSET},
    {"DaemonSet",
     "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: wrapped\nspec:\n"
     "  selector:\n    matchLabels:\n      app: wrapped\n  template:\n",
     4, KUBE_KIND_DAEMONSET},
    {"ReplicaSet",
     "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: wrapped\nspec:\n"
     "  selector:\n    matchLabels:\n      app: wrapped\n  template:\n",
     4, KUBE_KIND_REPLICASET},
    {"ReplicationController",
     "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: wrapped\nspec:\n"
     "  replicas: 1\n  template:\n",
     4, KUBE_KIND_REPLICATIONCONTROLLER},
    {"Job",
     "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: wrapped\nspec:\n  backoffLimit: 0\n"
     "  template:\n",
     4, KUBE_KIND_JOB},
    {"CronJob",
     "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: wrapped\nspec:\n"
     "  schedule: \"@hourly\"\n  jobTemplate:\n    spec:\n      template:\n",
     8, KUBE_KIND_CRONJOB},
    {"PodTemplate", "apiVersion: v1\nkind: PodTemplate\nmetadata:\n  name: wrapped\ntemplate:\n", 2,
     KUBE_KIND_PODTEMPLATE},
};

struct conf_row {
	struct kube_pss_policy policy;
	char *level_version; /* "restricted/v1.30" */
	bool pass;
	char *path;   /* relative to the fixture root */
	char *check;  /* "-" for the base pods */
	char *expect; /* substring of the denial, "-" for pass rows */
	char *text;   /* the fixture, read on first use */
	/* The bare pod's verdict, computed on first use. */
	bool bare_done;
	unsigned bare_mask; /* a bit per failing check */
	char *bare_why;     /* NULL when it is the expected verdict */
};

struct conf {
	char *root; /* the fixture directory, NULL when missing */
	char *why;  /* why it is missing */
	struct conf_row *rows;
	size_t n, cap;
};

static struct conf conf;

/* One test: a level/version and a kind. */
struct conf_case {
	char *name;
	char *level_version;
	const struct conf_kind *kind;
};

/* --- locating and reading the fixtures ------------------------------------------ */

static bool conf_exists(const char *dir)
{
	char *p = vakt_xasprintf("%s/expected.tsv", dir);
	bool ok = access(p, R_OK) == 0;

	free(p);
	return ok;
}

/* $VAKT_SHARED/conformance/pss, else ../shared/conformance/pss of the repository root. */
static void conf_locate(void)
{
	const char *env = getenv("VAKT_SHARED");
	struct vakt_buf up = VAKT_BUF_INIT;

	if (env && *env) {
		char *dir = vakt_xasprintf("%s/conformance/pss", env);

		if (conf_exists(dir)) {
			conf.root = dir;
			return;
		}
		conf.why = vakt_xasprintf("VAKT_SHARED is set but %s/expected.tsv is missing", dir);
		free(dir);
		return;
	}
	for (int i = 0; i <= CONF_MAX_UP; i++) {
		char *mark = vakt_xasprintf("%ssrc/kube/kube-pss.h", vakt_buf_str(&up));

		if (access(mark, R_OK) == 0) {
			char *dir =
			    vakt_xasprintf("%s../shared/conformance/pss", vakt_buf_str(&up));

			free(mark);
			vakt_buf_release(&up);
			if (conf_exists(dir)) {
				conf.root = dir;
				return;
			}
			conf.why = vakt_xasprintf("no fixtures at %s (set VAKT_SHARED)", dir);
			free(dir);
			return;
		}
		free(mark);
		vakt_buf_adds(&up, "../");
	}
	vakt_buf_release(&up);
	conf.why = vakt_xstrdup("repository root not found from the working directory (set "
	                        "VAKT_SHARED)");
}

static char *conf_field(char **s)
{
	char *f = *s, *tab = strchr(f, '\t');

	if (tab) {
		*tab = '\0';
		*s = tab + 1;
	} else {
		*s = f + strlen(f);
	}
	return f;
}

/* Read expected.tsv into conf.rows. Returns false with conf.why set on failure. */
static bool conf_load_rows(void)
{
	char *path = vakt_xasprintf("%s/expected.tsv", conf.root);
	struct vakt_source *src = NULL;
	struct vakt_error *err = NULL;
	char *line, *save;

	if (vakt_source_read(path, VAKT_MAX_FILE_BYTES, &src, &err) < 0) {
		conf.why = vakt_error_format(err);
		vakt_error_free(err);
		free(path);
		return false;
	}
	free(path);
	for (line = src->data; line && *line; line = save) {
		char *f[6], *s = line;
		struct conf_row *r;

		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		if (*line == '#' || !*line)
			continue;
		for (size_t i = 0; i < VAKT_ARRAY_SIZE(f); i++)
			f[i] = conf_field(&s);
		conf.rows = vakt_grow(conf.rows, sizeof(*conf.rows), conf.n + 1, &conf.cap);
		r = &conf.rows[conf.n++];
		memset(r, 0, sizeof(*r));
		if (kube_pss_parse_level(f[0], &r->policy.level) < 0 ||
		    kube_pss_parse_version(f[1], &r->policy) < 0) {
			conf.why = vakt_xasprintf("bad level or version in expected.tsv: %s %s",
			                          f[0], f[1]);
			vakt_source_free(src);
			return false;
		}
		r->level_version = vakt_xasprintf("%s/%s", f[0], f[1]);
		r->pass = !strcmp(f[2], "pass");
		r->path = vakt_xstrdup(f[3]);
		r->check = vakt_xstrdup(f[4]);
		r->expect = vakt_xstrdup(f[5]);
	}
	vakt_source_free(src);
	return true;
}

static const char *conf_text(struct conf_row *r)
{
	if (!r->text) {
		char *path = vakt_xasprintf("%s/%s", conf.root, r->path);
		struct vakt_source *src = NULL;
		struct vakt_error *err = NULL;

		if (vakt_source_read(path, CONF_MAX_FIXTURE, &src, &err) < 0) {
			vakt_error_free(err);
			r->text = vakt_xstrdup("");
		} else {
			r->text = vakt_xstrndup(src->data, src->len);
			vakt_source_free(src);
		}
		free(path);
	}
	return r->text;
}

/* --- wrapping ------------------------------------------------------------------ */

/*
 * The fixture's top-level `metadata:` and `spec:` blocks, indented under
 * kind's head. Caller frees.
 */
static char *conf_wrap(const char *text, const struct conf_kind *k)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	bool keep = false;

	vakt_buf_adds(&b, k->head);
	for (const char *l = text; *l;) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l) : strlen(l);

		if (n && l[0] != ' ' && l[0] != '-' && l[0] != '#')
			keep = (n >= 9 && !memcmp(l, "metadata:", 9)) ||
			       (n >= 5 && !memcmp(l, "spec:", 5));
		if (keep) {
			vakt_buf_addf(&b, "%*s", k->indent, "");
			vakt_buf_add(&b, l, n);
			vakt_buf_addc(&b, '\n');
		}
		l += n + (e ? 1 : 0);
	}
	return vakt_buf_detach(&b);
}

/* --- verdicts ------------------------------------------------------------------ */

/* The check a fail fixture of check may be denied by at restricted (its replacement). */
static const char *conf_replacement(const char *check)
{
	static const char *const pairs[][2] = {
	    {"hostPathVolumes", "restrictedVolumes"},
	    {"capabilities_baseline", "capabilities_restricted"},
	    {"seccompProfile_baseline", "seccompProfile_restricted"},
	    {"procMount", "procMount_restricted"},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(pairs); i++)
		if (!strcmp(check, pairs[i][0]))
			return pairs[i][1];
	return NULL;
}

/* A bit per failing check, for comparing verdicts across kinds. */
static unsigned conf_mask(const struct kube_pss_result *r)
{
	unsigned m = 0;

	for (size_t i = 0; i < r->n; i++)
		m |= 1u << r->v[i].check;
	return m;
}

/* Whether r is the verdict row expects; else a description of what went wrong (caller frees). */
static char *conf_judge(const struct conf_row *row, const struct kube_pss_result *r)
{
	const char *alt = conf_replacement(row->check);
	char *msg = kube_pss_result_message(r);
	char *why = NULL;
	bool named = false;

	if (row->pass) {
		if (r->n)
			why = vakt_xasprintf("expected allowed, denied: %s", msg);
		free(msg);
		return why;
	}
	for (size_t i = 0; i < r->n; i++) {
		const char *c = kube_pss_check_name(r->v[i].check);

		named |= !strcmp(c, row->check) || (alt && !strcmp(c, alt));
	}
	if (!r->n)
		why = vakt_xasprintf("expected denied by %s, allowed", row->check);
	else if (!named)
		why =
		    vakt_xasprintf("expected denied by %s, denied by others: %s", row->check, msg);
	else if (!strstr(msg, row->expect))
		why = vakt_xasprintf("denial lacks \"%s\": %s", row->expect, msg);
	free(msg);
	return why;
}

/* Evaluate the bare fixture: parse its single document. Returns false when it cannot. */
static bool conf_eval_bare(struct conf_row *row, struct kube_pss_result *r)
{
	const char *text = conf_text(row);
	struct vakt_yaml_stream *st = NULL;
	struct vakt_error *err = NULL;
	bool ok;

	if (vakt_yaml_parse(row->path, text, strlen(text), &st, &err) < 0) {
		vakt_error_free(err);
		vakt_yaml_free(st);
		return false;
	}
	ok = st->n_docs == 1 && vakt_yaml_is_map(st->docs[0].root);
	if (ok)
		kube_pss_evaluate(&row->policy, vakt_yaml_get(st->docs[0].root, "metadata"),
		                  vakt_yaml_get(st->docs[0].root, "spec"), r);
	vakt_yaml_free(st);
	return ok;
}

/*
 * Evaluate the fixture wrapped in kind through the loader. Returns NULL,
 * or what went wrong (caller frees).
 */
static char *conf_eval_wrapped(struct conf_row *row, const struct conf_kind *k,
                               struct kube_pss_result *r)
{
	char *text = conf_wrap(conf_text(row), k);
	struct vakt_source *src = vakt_source_from_mem(row->path, text, strlen(text));
	struct vakt_error_list errs = {0};
	struct kube_set set = {0};
	const struct kube_object *o;
	char *why = NULL;

	free(text);
	kube_set_load(&set, src, &errs);
	if (errs.n) {
		char *e = vakt_error_format(errs.v[0]);

		why = vakt_xasprintf("loader error: %s", e);
		free(e);
	} else if (set.n != 1) {
		why = vakt_xasprintf("loader gave %zu objects", set.n);
	} else if ((o = &set.objs[0])->kind != k->kind || !o->pod_spec) {
		why = vakt_xasprintf("loader gave kind %s without the pod spec", o->kind_name);
	} else {
		kube_pss_evaluate(&row->policy, o->pod_meta, o->pod_spec, r);
	}
	kube_set_release(&set);
	vakt_error_list_release(&errs);
	return why;
}

/* The bare pod's verdict, once per fixture (every kind compares with it). */
static void conf_bare(struct conf_row *row)
{
	struct kube_pss_result r = {0};

	if (row->bare_done)
		return;
	row->bare_done = true;
	if (!conf_eval_bare(row, &r)) {
		row->bare_why = vakt_xstrdup("cannot parse the fixture");
	} else {
		row->bare_why = conf_judge(row, &r);
		row->bare_mask = conf_mask(&r);
	}
	kube_pss_result_release(&r);
}

static void conf_case_run(void **state)
{
	const struct conf_case *tc = *state;
	size_t n = 0, bad = 0;

	for (size_t i = 0; i < conf.n; i++) {
		struct conf_row *row = &conf.rows[i];
		struct kube_pss_result r = {0};
		char *why = NULL;

		if (strcmp(row->level_version, tc->level_version))
			continue;
		n++;
		conf_bare(row);
		if (!tc->kind->head) {
			why = row->bare_why ? vakt_xstrdup(row->bare_why) : NULL;
		} else if (!(why = conf_eval_wrapped(row, tc->kind, &r))) {
			why = conf_judge(row, &r);
			if (!why && conf_mask(&r) != row->bare_mask)
				why = vakt_xstrdup("not the verdict of the bare pod");
		}
		if (why && ++bad <= CONF_MAX_LISTED)
			print_message("# %s (%s): %s\n", row->path, tc->kind->name, why);
		free(why);
		kube_pss_result_release(&r);
	}
	if (!n)
		fail_msg("no fixtures for %s", tc->level_version);
	if (bad)
		fail_msg("%zu of %zu fixtures of %s as %s are wrong", bad, n, tc->level_version,
		         tc->kind->name);
}

/* The snapshot is complete: every fixture of the README is listed, every file is there. */
static void conf_count(void **state)
{
	size_t pass = 0;

	(void)state;
	assert_int_equal(conf.n, CONF_FIXTURES);
	for (size_t i = 0; i < conf.n; i++) {
		pass += conf.rows[i].pass;
		if (!*conf_text(&conf.rows[i]))
			fail_msg("cannot read %s", conf.rows[i].path);
	}
	assert_int_equal(pass, 433 + 618);
}

static void conf_fixtures_missing(void **state)
{
	(void)state;
	print_message("# SKIP PSS conformance: %s\n", conf.why ? conf.why : "fixtures missing");
	skip();
}

static void conf_release(void)
{
	for (size_t i = 0; i < conf.n; i++) {
		free(conf.rows[i].level_version);
		free(conf.rows[i].path);
		free(conf.rows[i].check);
		free(conf.rows[i].expect);
		free(conf.rows[i].text);
		free(conf.rows[i].bare_why);
	}
	free(conf.rows);
	free(conf.root);
	free(conf.why);
}

int main(void)
{
	struct CMUnitTest *tests = NULL;
	struct conf_case *cases = NULL;
	struct vakt_strv groups = VAKT_STRV_INIT;
	size_t n_tests = 0, cap = 0, n_cases;
	int r;

	conf_locate();
	if (!conf.root || !conf_load_rows()) {
		const struct CMUnitTest skipped[] = {cmocka_unit_test(conf_fixtures_missing)};

		r = cmocka_run_group_tests_name("pss-conformance", skipped, NULL, NULL);
		conf_release();
		return r;
	}
	/* Level/version groups in file order. */
	for (size_t i = 0; i < conf.n; i++)
		if (!groups.n || strcmp(groups.v[groups.n - 1], conf.rows[i].level_version))
			if (!vakt_strv_contains(&groups, conf.rows[i].level_version, false))
				vakt_strv_push(&groups, conf.rows[i].level_version);
	n_cases = groups.n * VAKT_ARRAY_SIZE(conf_kinds);
	cases = vakt_xcalloc(n_cases, sizeof(*cases));
	tests = vakt_grow(tests, sizeof(*tests), n_cases + 1, &cap);
	tests[n_tests++] =
	    (struct CMUnitTest){"fixtures are complete", conf_count, NULL, NULL, NULL};
	for (size_t g = 0; g < groups.n; g++) {
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(conf_kinds); k++) {
			struct conf_case *tc = &cases[g * VAKT_ARRAY_SIZE(conf_kinds) + k];

			tc->level_version = groups.v[g];
			tc->kind = &conf_kinds[k];
			tc->name = vakt_xasprintf("%s %s", groups.v[g], conf_kinds[k].name);
			tests[n_tests++] =
			    (struct CMUnitTest){tc->name, conf_case_run, NULL, NULL, tc};
		}
	}
	r = _cmocka_run_group_tests("pss-conformance", tests, n_tests, NULL, NULL);
	for (size_t i = 0; i < n_cases; i++)
		free(cases[i].name);
	free(cases);
	free(tests);
	vakt_strv_release(&groups);
	conf_release();
	return r;
}
