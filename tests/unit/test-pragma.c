/* SPDX-License-Identifier: MIT */
/*
 * The vakt pragma grammar (core/pragma.c): what parses, what is prose, the
 * exact errors and their columns in both wordings, the excerpt ceiling; the
 * comment-line collector (targets, blank lines, extents); applying
 * suppressions to findings; YAML line ends; and comment pragmas in
 * Kubernetes manifests, cross-file findings from end() included.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/pragma.h"
#include "core/scan.h"
#include "core/yaml.h"

/* Parse one comment text (after '#') written at line 7, text at column 3. */
static int parse(const char *text, unsigned flags, struct vakt_pragma *p, struct vakt_error **err)
{
	*err = NULL;
	return vakt_pragma_parse(text, strlen(text), flags, "f.yaml", 7, 3, p, err);
}

/* The ids of p joined by ','. The caller frees it. */
static char *ids(const struct vakt_pragma *p)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < p->rules.n; i++)
		vakt_buf_addf(&b, "%s%s", i ? "," : "", p->rules.v[i]);
	return b.data ? vakt_buf_detach(&b) : vakt_xstrdup("");
}

static void expect_pragma(const char *text, bool whole_file, const char *want_ids,
                          const char *reason)
{
	struct vakt_pragma p;
	struct vakt_error *err;
	char *got;

	assert_int_equal(parse(text, 0, &p, &err), 1);
	assert_null(err);
	assert_int_equal(p.whole_file, whole_file);
	got = ids(&p);
	assert_string_equal(got, want_ids);
	if (reason)
		assert_string_equal(p.reason, reason);
	else
		assert_null(p.reason);
	free(got);
	vakt_pragma_release(&p);
}

static void test_parse_forms(void **state)
{
	(void)state;
	expect_pragma(" vakt ignore=KS001", false, "KS001", NULL);
	expect_pragma(" vakt ignore=KS001,run-as-non-root -- legacy image ", false,
	              "KS001,run-as-non-root", "legacy image");
	expect_pragma("\tvakt\tignore = A , B\t", false, "A,B", NULL);
	expect_pragma("vakt ignore=DL3008,AVD-DS-0002,CKV_DOCKER_2,kics:a/b.c", false,
	              "DL3008,AVD-DS-0002,CKV_DOCKER_2,kics:a/b.c", NULL);
	expect_pragma(" vakt ignore-file=CR015 -- behind the firewall", true, "CR015",
	              "behind the firewall");
	expect_pragma(" vakt ignore=A --", false, "A", NULL);
	expect_pragma(" vakt ignore=A --  ", false, "A", NULL);
	expect_pragma(" vakt ignore=A--why", false, "A--why", NULL); /* '-' is an id character */
	expect_pragma(" vakt ignore=all", false, "all", NULL);
}

static void test_not_a_pragma(void **state)
{
	static const char *const texts[] = {
	    "",
	    " vakt",
	    " vakt   ",
	    " vakt is great",
	    " vakt: ignore=A",
	    " vaktignore=A",
	    " vakt Ignore=A", /* the word is lower-case */
	    " vakt ignor=A",
	    " hadolint ignore=DL3008",
	    " trivy:ignore:AVD-DS-0002",
	    " see vakt ignore=A",
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(texts); i++) {
		struct vakt_pragma p;
		struct vakt_error *err;

		assert_int_equal(parse(texts[i], 0, &p, &err), 0);
		assert_null(err);
		assert_int_equal(p.rules.n, 0);
		assert_null(p.reason);
	}
}

static void test_parse_errors(void **state)
{
	static const struct {
		const char *text;
		unsigned flags;
		int col;
		const char *msg;
	} cases[] = {
	    /* The short wording (compose, scripts, manifests). */
	    {" vakt ignore", 0, 15,
	     "malformed vakt pragma: expected '=' and rule ids after 'ignore'"},
	    {" vakt ignore KS001", 0, 16,
	     "malformed vakt pragma: expected '=' and rule ids after 'ignore'"},
	    {" vakt ignore=", 0, 16, "malformed vakt pragma: expected a rule id at ''"},
	    {" vakt ignore=A, -- x", 0, 19, "malformed vakt pragma: expected a rule id at '-- x'"},
	    {" vakt ignore=A B", 0, 18,
	     "malformed vakt pragma: unexpected 'B' after the rule ids: expected ',' or '-- "
	     "reason'"},
	    {" vakt ignores=A", 0, 9,
	     "unknown vakt pragma 'ignores': expected '# vakt ignore=ID[,ID] [-- reason]' or '# "
	     "vakt ignore-file=ID[,ID] [-- reason]'"},
	    {" vakt ignore-file", 0, 20,
	     "malformed vakt pragma: expected '=' and rule ids after 'ignore-file'"},
	    /* The Dockerfile wording adds the pragma's shape to two of them. */
	    {" vakt ignore", VAKT_PRAGMA_EXAMPLE, 15,
	     "malformed vakt pragma: expected '=' and rule ids after 'ignore', as in '# vakt "
	     "ignore=ID[,ID] [-- reason]'"},
	    {" vakt ignore-file=", VAKT_PRAGMA_EXAMPLE, 21,
	     "malformed vakt pragma: expected a rule id at '', as in '# vakt "
	     "ignore-file=ID[,ID] [-- reason]'"},
	    {" vakt ignore=A B", VAKT_PRAGMA_EXAMPLE, 18,
	     "malformed vakt pragma: unexpected 'B' after the rule ids: expected ',' or '-- "
	     "reason'"},
	    {" vakt ignore-all=A", VAKT_PRAGMA_EXAMPLE, 9,
	     "unknown vakt pragma 'ignore-all': expected '# vakt ignore=ID[,ID] [-- reason]' or "
	     "'# vakt ignore-file=ID[,ID] [-- reason]'"},
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct vakt_pragma p;
		struct vakt_error *err;

		assert_int_equal(parse(cases[i].text, cases[i].flags, &p, &err), -EINVAL);
		assert_non_null(err);
		assert_string_equal(err->msg, cases[i].msg);
		assert_string_equal(err->file, "f.yaml");
		assert_int_equal(err->line, 7);
		assert_int_equal(err->column, cases[i].col);
		assert_int_equal(p.rules.n, 0);
		assert_null(p.reason);
		vakt_error_free(err);
	}
}

/* An error quotes at most VAKT_PRAGMA_MAX_EXCERPT bytes of the offending text. */
static void test_excerpt_ceiling(void **state)
{
	struct vakt_buf text = VAKT_BUF_INIT, want = VAKT_BUF_INIT;
	struct vakt_pragma p;
	struct vakt_error *err;

	(void)state;
	vakt_buf_adds(&text, " vakt ignore=A ");
	for (int i = 0; i < VAKT_PRAGMA_MAX_EXCERPT + 5; i++)
		vakt_buf_addc(&text, (char)('a' + i % 26));
	vakt_buf_adds(&want, "malformed vakt pragma: unexpected '");
	vakt_buf_add(&want, vakt_buf_str(&text) + 15, VAKT_PRAGMA_MAX_EXCERPT);
	vakt_buf_adds(&want, "' after the rule ids: expected ',' or '-- reason'");
	assert_int_equal(parse(vakt_buf_str(&text), 0, &p, &err), -EINVAL);
	assert_string_equal(err->msg, vakt_buf_str(&want));
	vakt_error_free(err);
	/* Exactly at the ceiling, all of it. */
	vakt_buf_reset(&text);
	vakt_buf_adds(&text, " vakt ignore=,");
	for (int i = 0; i < VAKT_PRAGMA_MAX_EXCERPT - 1; i++)
		vakt_buf_addc(&text, 'x');
	assert_int_equal(parse(vakt_buf_str(&text), 0, &p, &err), -EINVAL);
	assert_non_null(strstr(err->msg, vakt_buf_str(&text) + 13));
	vakt_error_free(err);
	vakt_buf_release(&text);
	vakt_buf_release(&want);
}

static void test_add_moves(void **state)
{
	struct vakt_suppressions sup = {0};
	struct vakt_pragma p;
	struct vakt_error *err;

	(void)state;
	assert_int_equal(parse(" vakt ignore=A,B -- why", 0, &p, &err), 1);
	vakt_pragma_add(&sup, &p, 4, 5, 9);
	assert_int_equal(p.rules.n, 0);
	assert_null(p.reason);
	vakt_pragma_release(&p); /* still fine: empty */
	assert_int_equal(sup.n, 1);
	assert_string_equal(sup.v[0].origin, "vakt");
	assert_int_equal(sup.v[0].line, 4);
	assert_int_equal(sup.v[0].first_line, 5);
	assert_int_equal(sup.v[0].last_line, 9);
	assert_int_equal(sup.v[0].rules.n, 2);
	assert_string_equal(sup.v[0].reason, "why");
	vakt_suppressions_release(&sup);
}

/* --- the collector ------------------------------------------------------- */

struct extent_log {
	int calls[8];
	size_t n;
	int add; /* extent = target + add */
};

static int log_extent(int line, void *data)
{
	struct extent_log *l = data;

	if (l->n < VAKT_ARRAY_SIZE(l->calls))
		l->calls[l->n++] = line;
	return line + l->add;
}

static void collect(const char *text, struct extent_log *log, struct vakt_suppressions *sup,
                    struct vakt_error_list *errs)
{
	struct vakt_source *src = vakt_source_from_mem("x.sh", text, strlen(text));

	vakt_pragmas_collect(src, log ? log_extent : NULL, log, sup, errs);
	vakt_source_free(src);
}

static void test_collect(void **state)
{
	static const char text[] = "# vakt ignore-file=F1 -- whole\n" /* 1 */
	                           "x=1\n"                            /* 2 */
	                           "  # vakt ignore=A -- reason\n"    /* 3 */
	                           "  # another comment\n"            /* 4 */
	                           "  docker run x \\\n"              /* 5 */
	                           "     --privileged\n"              /* 6 */
	                           "# vakt ignore=B\n"                /* 7 */
	                           "   \t\n"                          /* 8: blank */
	                           "echo b\n"                         /* 9 */
	                           "echo c # vakt ignore=C\n"         /* 10: not a comment line */
	                           "# vakt ignore=D\r\n"              /* 11 */
	                           "echo d\r\n"                       /* 12 */
	                           "# vakt ignore=E\n";               /* 13: nothing below */
	struct vakt_suppressions sup = {0};
	struct vakt_error_list errs = {0};
	struct extent_log log = {.add = 1};

	(void)state;
	collect(text, &log, &sup, &errs);
	assert_int_equal(errs.n, 0);
	assert_int_equal(sup.n, 3);
	assert_int_equal(sup.v[0].line, 1);
	assert_int_equal(sup.v[0].first_line, 0);
	assert_int_equal(sup.v[0].last_line, 0);
	assert_string_equal(sup.v[0].reason, "whole");
	assert_int_equal(sup.v[1].line, 3);
	assert_int_equal(sup.v[1].first_line, 5);
	assert_int_equal(sup.v[1].last_line, 6);
	assert_string_equal(sup.v[1].rules.v[0], "A");
	assert_int_equal(sup.v[2].line, 11);
	assert_int_equal(sup.v[2].first_line, 12);
	assert_int_equal(sup.v[2].last_line, 13);
	/* The extent is asked about targets only. */
	assert_int_equal(log.n, 2);
	assert_int_equal(log.calls[0], 5);
	assert_int_equal(log.calls[1], 12);
	vakt_suppressions_release(&sup);
}

static void test_collect_extent_edges(void **state)
{
	struct vakt_suppressions sup = {0};
	struct vakt_error_list errs = {0};
	struct extent_log log = {.add = -3}; /* an extent before the target is the target */

	(void)state;
	collect("\n\n\n# vakt ignore=A\nx\n", &log, &sup, &errs);
	assert_int_equal(sup.n, 1);
	assert_int_equal(sup.v[0].first_line, 5);
	assert_int_equal(sup.v[0].last_line, 5);
	vakt_suppressions_release(&sup);
	/* No extent: the target line alone. */
	collect("# vakt ignore=A\nx\ny\n", NULL, &sup, &errs);
	assert_int_equal(sup.n, 1);
	assert_int_equal(sup.v[0].first_line, 2);
	assert_int_equal(sup.v[0].last_line, 2);
	vakt_suppressions_release(&sup);
	/* No "vakt" anywhere: nothing. */
	collect("# hadolint ignore=DL3008\nx\n", NULL, &sup, &errs);
	assert_int_equal(sup.n, 0);
	assert_int_equal(errs.n, 0);
}

static void test_collect_errors(void **state)
{
	struct vakt_suppressions sup = {0};
	struct vakt_error_list errs = {0};

	(void)state;
	collect("x\n    # vakt ignore KS001\ny\n#vakt ignore=A,\nz\n# vakt ignore=B\nw\n", NULL,
	        &sup, &errs);
	assert_int_equal(errs.n, 2);
	assert_string_equal(errs.v[0]->file, "x.sh");
	assert_int_equal(errs.v[0]->line, 2);
	assert_int_equal(errs.v[0]->column, 19);
	assert_string_equal(errs.v[0]->msg,
	                    "malformed vakt pragma: expected '=' and rule ids after 'ignore'");
	assert_int_equal(errs.v[1]->line, 4);
	assert_int_equal(errs.v[1]->column, 16);
	/* The good one still counts. */
	assert_int_equal(sup.n, 1);
	assert_int_equal(sup.v[0].first_line, 7);
	vakt_suppressions_release(&sup);
	vakt_error_list_release(&errs);
}

/* --- applying ------------------------------------------------------------ */

static void test_apply(void **state)
{
	struct vakt_suppressions sup = {0};
	struct vakt_suppression *s;
	struct vakt_finding f = {0};

	(void)state;
	f.rule = vakt_registry_find("KS010");
	assert_non_null(f.rule);
	f.loc.line = 12;
	assert_false(vakt_suppressions_apply(NULL, &f));
	s = vakt_suppressions_push(&sup);
	s->origin = "vakt";
	s->line = 3;
	s->first_line = 4;
	s->last_line = 11;
	vakt_strv_push(&s->rules, "KS010");
	assert_false(vakt_suppressions_apply(&sup, &f)); /* line 12 is past it */
	s = vakt_suppressions_push(&sup);
	s->origin = "vakt";
	s->line = 1;
	vakt_strv_push(&s->rules, "KS011");
	vakt_strv_push(&s->rules, "container-privileged");
	s->reason = vakt_xstrdup("why");
	assert_true(vakt_suppressions_apply(&sup, &f));
	assert_true(f.suppressed);
	assert_string_equal(f.suppress_reason, "vakt pragma at line 1: why");
	free(f.suppress_reason);
	f.suppress_reason = NULL;
	f.suppressed = false;
	f.loc.line = 11;
	assert_true(vakt_suppressions_apply(&sup, &f));
	assert_string_equal(f.suppress_reason, "vakt pragma at line 3");
	free(f.suppress_reason);
	vakt_suppressions_release(&sup);
}

/* Names of a peer's check of one facet cover findings of that facet only, alone or together. */
static void test_apply_facets(void **state)
{
	const struct vakt_rule *ks071 = vakt_registry_find("KS071");
	static const struct {
		const char *names;
		unsigned facets; /* 1: cpu request, 2: memory request */
		bool suppressed;
	} cases[] = {
	    {"unset-cpu-requirements", 1, true},
	    {"unset-cpu-requirements", 3, false},
	    {"unset-cpu-requirements", 2, false},
	    {"unset-cpu-requirements", 0, false},
	    {"CKV_K8S_10,CKV_K8S_12", 3, true},
	    {"KSV015,AVD-KSV-0016", 3, true},
	    {"kube-linter:unset-cpu-requirements,polaris:memoryRequestsMissing", 0, true},
	    {"KS071", 3, true},
	    {"no-resource-requests", 1, true},
	    {"all", 2, true},
	    {"unset-memory-requirements", 2, false}, /* kube-linter's is about limits */
	};

	(void)state;
	assert_non_null(ks071);
	assert_int_equal(vakt_rule_match_facets(ks071, "unset-cpu-requirements"), 1);
	assert_int_equal(vakt_rule_match_facets(ks071, "KS071"), VAKT_FACETS_ALL);
	assert_int_equal(vakt_rule_match_facets(ks071, "KS070"), 0);
	assert_true(vakt_rule_matches(ks071, "unset-cpu-requirements"));
	assert_int_equal(
	    vakt_rule_match_facets(vakt_registry_find("KS013"), "drop-net-raw-capability"), 1);
	assert_true(vakt_facets_cover(ks071, VAKT_FACETS_ALL, 0));
	assert_true(vakt_facets_cover(ks071, 3, 0));
	assert_false(vakt_facets_cover(ks071, 1, 0));
	assert_true(vakt_facets_cover(ks071, 1, 1));
	assert_false(vakt_facets_cover(vakt_registry_find("KS010"), 1, 0));
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		/* Walked (one suppression), then indexed (enough of them to build the index). */
		for (int indexed = 0; indexed < 2; indexed++) {
			struct vakt_suppressions sup = {0};
			struct vakt_finding f = {0};
			struct vakt_strv names = VAKT_STRV_INIT;

			for (const char *p = cases[i].names; *p;) {
				const char *e = strchr(p, ',');
				size_t n = e ? (size_t)(e - p) : strlen(p);

				vakt_strv_push_take(&names, vakt_xstrndup(p, n));
				p += n + (e != NULL);
			}
			for (int k = 0; k < (indexed ? 9 : 1); k++) {
				struct vakt_suppression *s = vakt_suppressions_push(&sup);

				s->origin = "vakt";
				s->line = k + 1;
				for (size_t j = 0; j < names.n && !k; j++)
					vakt_strv_push(&s->rules, names.v[j]);
				if (k)
					vakt_strv_push(&s->rules, "DF040");
			}
			if (indexed)
				vakt_suppressions_index(&sup);
			f.rule = ks071;
			f.facets = cases[i].facets;
			f.loc.line = 5;
			if (vakt_suppressions_apply(&sup, &f) != cases[i].suppressed) {
				print_error("%s on facets %u (%s)\n", cases[i].names,
				            cases[i].facets, indexed ? "indexed" : "walked");
				fail();
			}
			free(f.suppress_reason);
			vakt_strv_release(&names);
			vakt_suppressions_release(&sup);
		}
	}
}

/* A reproducible number in [0, n) (xorshift). */
static unsigned rnd(unsigned n)
{
	static uint64_t x = 0x9e3779b97f4a7c15ull;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return (unsigned)(x % n);
}

/*
 * The index vakt_suppressions_index() builds gives every finding the
 * suppression a walk gives (the first that covers it): nested, overlapping,
 * empty and whole-file ranges, names, slugs, peer aliases and "all", over
 * 2,000 suppressions and every line of the file.
 */
static void test_apply_index(void **state)
{
	static const char *const names[] = {"KS010",
	                                    "KS011",
	                                    "container-privileged",
	                                    "DF040",
	                                    "DL3004",
	                                    "all",
	                                    "nothing-like-it",
	                                    "KN101",
	                                    "CKV_K8S_10",
	                                    "unset-cpu-requirements",
	                                    "KSV016"};
	static const char *const rules[] = {"KS010", "KS011", "DF040", "KN101", "DF041", "KS071"};
	struct vakt_suppressions walk = {0}, ix = {0};

	(void)state;
	for (unsigned i = 0; i < 2000; i++) {
		int first = (int)rnd(3000);
		/* Mostly short, some long, a few inverted (they cover nothing). */
		int len = rnd(8) == 0 ? (int)rnd(3000) : (int)rnd(4);
		int last = rnd(20) == 0 ? first - 1 - len : first + len;
		bool whole = rnd(50) == 0;
		const char *name = names[rnd(VAKT_ARRAY_SIZE(names))];

		for (int pass = 0; pass < 2; pass++) {
			struct vakt_suppression *s = vakt_suppressions_push(pass ? &ix : &walk);

			s->origin = "vakt";
			s->line = (int)i + 1;
			s->first_line = whole ? 0 : first;
			s->last_line = whole ? 0 : last;
			vakt_strv_push(&s->rules, name);
		}
	}
	vakt_suppressions_index(&ix);
	assert_non_null(ix.ix);
	assert_null(walk.ix);
	for (int line = 0; line < 6100; line++) {
		for (size_t r = 0; r < VAKT_ARRAY_SIZE(rules); r++) {
			struct vakt_finding a = {0}, b = {0};

			a.rule = b.rule = vakt_registry_find(rules[r]);
			assert_non_null(a.rule);
			/* KS071 has facets: cpu request, memory request, both, or the whole rule.
			 */
			if (a.rule->facets)
				a.facets = b.facets = (unsigned)line % 4;
			a.loc.line = b.loc.line = line;
			assert_int_equal(vakt_suppressions_apply(&walk, &a),
			                 vakt_suppressions_apply(&ix, &b));
			if (a.suppressed)
				assert_string_equal(a.suppress_reason, b.suppress_reason);
			free(a.suppress_reason);
			free(b.suppress_reason);
		}
	}
	/* A push after the index drops it: the walk answers until it is rebuilt. */
	vakt_suppressions_push(&ix)->origin = "vakt";
	assert_null(ix.ix);
	vakt_suppressions_release(&walk);
	vakt_suppressions_release(&ix);
}

/* --- YAML line ends ------------------------------------------------------- */

static void test_yaml_line_ends(void **state)
{
	static const char text[] = "apiVersion: v1\n"  /* 1 */
	                           "kind: Pod\n"       /* 2 */
	                           "spec:\n"           /* 3 */
	                           "  containers:\n"   /* 4 */
	                           "    - name: a\n"   /* 5 */
	                           "      image: x\n"  /* 6 */
	                           "    # comment\n"   /* 7 */
	                           "    - name: b\n"   /* 8 */
	                           "      args:\n"     /* 9 */
	                           "        - |\n"     /* 10 */
	                           "          text\n"  /* 11 */
	                           "base: &b {k: v}\n" /* 12 */
	                           "other: *b\n"       /* 13 */
	                           "last: 1\n"         /* 14 */
	                           "---\n"             /* 15 */
	                           "- 1\n";            /* 16 */
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;
	int *ends;

	(void)state;
	assert_int_equal(vakt_yaml_parse("p.yaml", text, strlen(text), &s, &err), 0);
	ends = vakt_yaml_line_ends(s, 16);
	assert_int_equal(ends[0], 14);  /* the root mapping: the whole document */
	assert_int_equal(ends[1], 2);   /* kind: Pod */
	assert_int_equal(ends[2], 11);  /* spec: and its value */
	assert_int_equal(ends[3], 11);  /* containers: */
	assert_int_equal(ends[4], 6);   /* the first container */
	assert_int_equal(ends[6], 0);   /* a comment starts nothing */
	assert_int_equal(ends[7], 11);  /* the second container, block scalar included */
	assert_int_equal(ends[11], 12); /* base: */
	assert_int_equal(ends[12], 13); /* other: an alias covers its own line */
	assert_int_equal(ends[13], 14); /* last: 1 */
	assert_int_equal(ends[14], 0);  /* --- */
	assert_int_equal(ends[15], 16); /* the second document's root sequence */
	free(ends);
	/* Fewer lines than the tree has: nothing written past them. */
	ends = vakt_yaml_line_ends(s, 3);
	assert_int_equal(ends[0], 14);
	assert_int_equal(ends[2], 11);
	free(ends);
	vakt_yaml_free(s);
	/* No stream: all zero, still an array. */
	ends = vakt_yaml_line_ends(NULL, 0);
	assert_non_null(ends);
	free(ends);
}

/* The outermost entry starting on a line, first in document order (compose and CI files). */
static void test_yaml_entry_extent(void **state)
{
	static const char text[] = "name: x\n"         /* 1 */
	                           "jobs:\n"           /* 2 */
	                           "  build:\n"        /* 3 */
	                           "    # comment\n"   /* 4 */
	                           "    steps:\n"      /* 5 */
	                           "      - run: |\n"  /* 6 */
	                           "          a\n"     /* 7 */
	                           "      - run: b\n"  /* 8 */
	                           "base: &b {k: v}\n" /* 9 */
	                           "other: *b\n"       /* 10 */
	                           "---\n"             /* 11 */
	                           "- 1\n";            /* 12 */
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(vakt_yaml_parse("ci.yaml", text, strlen(text), &s, &err), 0);
	assert_int_equal(vakt_yaml_entry_extent(s, 1), 1); /* name: x, not the whole root */
	assert_int_equal(vakt_yaml_entry_extent(s, 2), 8); /* jobs: and its value */
	assert_int_equal(vakt_yaml_entry_extent(s, 4), 4); /* a comment starts nothing */
	assert_int_equal(vakt_yaml_entry_extent(s, 5), 8); /* steps: */
	assert_int_equal(vakt_yaml_entry_extent(s, 6),
	                 7); /* the first step, block scalar included */
	assert_int_equal(vakt_yaml_entry_extent(s, 8), 8); /* the second step */
	assert_int_equal(vakt_yaml_entry_extent(s, 10),
	                 10); /* other: an alias covers its own line */
	assert_int_equal(vakt_yaml_entry_extent(s, 12), 12); /* the second document's item */
	assert_int_equal(vakt_yaml_entry_extent(s, 99), 99); /* past the end */
	vakt_yaml_free(s);
	assert_int_equal(vakt_yaml_entry_extent(NULL, 3), 3);
}

/* --- Kubernetes manifests ------------------------------------------------- */

static void kube_scan(const char *text, bool inline_ignores, struct vakt_scan_result *res)
{
	static struct vakt_config *cfg;
	struct vakt_scan_opts opts;

	if (!cfg)
		cfg = vakt_config_new();
	vakt_scan_opts_init(&opts, cfg);
	opts.inline_ignores = inline_ignores;
	memset(res, 0, sizeof(*res));
	vakt_scan_source(&kube_domain, vakt_source_from_mem("app.yaml", text, strlen(text)), &opts,
	                 res);
}

/* The finding of rule id at line, or fail. */
static const struct vakt_finding *at(const struct vakt_scan_result *res, const char *id, int line)
{
	for (size_t i = 0; i < res->findings.n; i++)
		if (!strcmp(res->findings.v[i].rule->id, id) && res->findings.v[i].loc.line == line)
			return &res->findings.v[i];
	fail_msg("no finding of %s at line %d", id, line);
	return NULL;
}

static const char manifest[] = "# vakt ignore-file=KS072 -- probes are the mesh's job\n" /* 1 */
                               "# vakt ignore=KN101 -- ingress is the mesh's job\n"      /* 2 */
                               "apiVersion: v1\n"                                        /* 3 */
                               "kind: Namespace\n"                                       /* 4 */
                               "metadata:\n"                                             /* 5 */
                               "  name: shop\n"                                          /* 6 */
                               "---\n"                                                   /* 7 */
                               "# vakt ignore=KS041 -- pinned by the registry\n"         /* 8 */
                               "apiVersion: v1\n"                                        /* 9 */
                               "kind: Pod\n"                                             /* 10 */
                               "metadata:\n"                                             /* 11 */
                               "  name: web\n"                                           /* 12 */
                               "  namespace: shop\n"                                     /* 13 */
                               "spec:\n"                                                 /* 14 */
                               "  containers:\n"                                         /* 15 */
                               "    # vakt ignore=KS010,KS999\n"                         /* 16 */
                               "    - name: app\n"                                       /* 17 */
                               "      image: nginx:1.27\n"                               /* 18 */
                               "      securityContext:\n"                                /* 19 */
                               "        privileged: true\n"                              /* 20 */
                               "    # vakt ignore=KS010\n"                               /* 21 */
                               "\n"                                                      /* 22 */
                               "    - name: side\n"                                      /* 23 */
                               "      image: nginx:1.27\n"                               /* 24 */
                               "      securityContext:\n"                                /* 25 */
                               "        privileged: true\n";                             /* 26 */

static void test_kube_pragmas(void **state)
{
	struct vakt_scan_result res;
	const struct vakt_finding *f;

	(void)state;
	kube_scan(manifest, true, &res);
	assert_int_equal(res.errors.n, 0);
	/* Container level: app only; the blank line keeps side's. */
	f = at(&res, "KS010", 20);
	assert_true(f->suppressed);
	assert_string_equal(f->suppress_reason, "vakt pragma at line 16");
	assert_false(at(&res, "KS010", 26)->suppressed);
	/* Object level: both containers of the Pod. */
	assert_true(at(&res, "KS041", 18)->suppressed);
	assert_true(at(&res, "KS041", 24)->suppressed);
	/* File level, both objects' containers. */
	assert_true(at(&res, "KS072", 17)->suppressed);
	assert_true(at(&res, "KS072", 23)->suppressed);
	/* A cross-file finding reported in end(), by the file it points at. */
	f = at(&res, "KN101", 6);
	assert_true(f->suppressed);
	assert_string_equal(f->suppress_reason, "vakt pragma at line 2: ingress is the mesh's job");
	/* What no pragma names stays. */
	assert_false(at(&res, "KN102", 6)->suppressed);
	assert_false(at(&res, "KS073", 17)->suppressed);
	vakt_scan_result_release(&res);

	/* --no-inline-ignores */
	kube_scan(manifest, false, &res);
	for (size_t i = 0; i < res.findings.n; i++)
		assert_false(res.findings.v[i].suppressed);
	vakt_scan_result_release(&res);
}

/*
 * One precedence for every domain: the config's ignores before inline
 * pragmas, for the findings of scan() and of end() alike (the Kubernetes
 * emitter used to apply the pragma first, and the config entry was then
 * reported as matching nothing).
 */
static void test_kube_config_before_pragma(void **state)
{
	static const char cfg_text[] = "ignore:\n"
	                               "  - rule: KS010\n"
	                               "    reason: platform team\n"
	                               "  - rule: KN101\n"
	                               "    reason: mesh\n";
	struct vakt_config *cfg = NULL;
	struct vakt_error *err = NULL;
	struct vakt_scan_result res = {0};
	struct vakt_scan_opts opts;
	const struct vakt_finding *f;

	(void)state;
	assert_int_equal(vakt_config_parse(".vakt.yaml", cfg_text, strlen(cfg_text), &cfg, &err),
	                 0);
	vakt_scan_opts_init(&opts, cfg);
	vakt_scan_source(&kube_domain, vakt_source_from_mem("app.yaml", manifest, strlen(manifest)),
	                 &opts, &res);
	f = at(&res, "KS010", 20);
	assert_true(f->suppressed);
	assert_string_equal(f->suppress_reason, "config: platform team");
	f = at(&res, "KN101", 6);
	assert_true(f->suppressed);
	assert_string_equal(f->suppress_reason, "config: mesh");
	/* A Dockerfile's pragma and config entry meet the same order. */
	assert_non_null(res.ignore_used);
	assert_true(res.ignore_used[0] && res.ignore_used[1]);
	vakt_scan_result_release(&res);
	vakt_config_free(cfg);
}

static void test_kube_pragma_errors(void **state)
{
	static const char bad[] = "apiVersion: v1\n"
	                          "kind: Pod\n"
	                          "metadata: {name: web}\n"
	                          "spec:\n"
	                          "  containers:\n"
	                          "    # vakt ignore=KS010 KS011\n"
	                          "    - name: app\n"
	                          "      image: nginx:1.27\n"
	                          "      securityContext: {privileged: true}\n";
	static const char not_kube[] = "# vakt ignore KS010\nname: not a manifest\n";
	struct vakt_scan_result res;

	(void)state;
	kube_scan(bad, true, &res);
	assert_int_equal(res.errors.n, 1);
	assert_string_equal(res.errors.v[0]->file, "app.yaml");
	assert_int_equal(res.errors.v[0]->line, 6);
	assert_int_equal(res.errors.v[0]->column, 25);
	assert_string_equal(res.errors.v[0]->msg,
	                    "malformed vakt pragma: unexpected 'KS011' after the rule ids: "
	                    "expected ',' or '-- reason'");
	/* The findings are still there, unsuppressed. */
	assert_false(at(&res, "KS010", 9)->suppressed);
	vakt_scan_result_release(&res);
	/* YAML that is no manifest is skipped without noise, its comments too. */
	kube_scan(not_kube, true, &res);
	assert_int_equal(res.errors.n, 0);
	assert_int_equal(res.findings.n, 0);
	vakt_scan_result_release(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_forms),
	    cmocka_unit_test(test_not_a_pragma),
	    cmocka_unit_test(test_parse_errors),
	    cmocka_unit_test(test_excerpt_ceiling),
	    cmocka_unit_test(test_add_moves),
	    cmocka_unit_test(test_collect),
	    cmocka_unit_test(test_collect_extent_edges),
	    cmocka_unit_test(test_collect_errors),
	    cmocka_unit_test(test_apply),
	    cmocka_unit_test(test_apply_index),
	    cmocka_unit_test(test_apply_facets),
	    cmocka_unit_test(test_yaml_line_ends),
	    cmocka_unit_test(test_yaml_entry_extent),
	    cmocka_unit_test(test_kube_pragmas),
	    cmocka_unit_test(test_kube_config_before_pragma),
	    cmocka_unit_test(test_kube_pragma_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
