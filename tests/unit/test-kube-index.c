/* SPDX-License-Identifier: MIT */
/*
 * Looking up other objects of a scan (kube_model_find()): the index that
 * end() builds finds exactly what a walk of the set finds (kind, name,
 * namespace with an unset one matching any, never the object itself), and
 * iterating with `from` visits every match once (the golden case
 * kubernetes/cross-file runs the rules over several files); a residency
 * match is narrowed to its columns only when the value is written as-is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/util.h"
#include "knowledge/residency.h"
#include "kube/kube-check.h"

static const char manifest[] = "apiVersion: v1\n"
                               "kind: ServiceAccount\n"
                               "metadata: {name: web, namespace: shop}\n"
                               "---\n"
                               "apiVersion: v1\n"
                               "kind: ServiceAccount\n"
                               "metadata: {name: web, namespace: other}\n"
                               "---\n"
                               "apiVersion: v1\n"
                               "kind: ServiceAccount\n"
                               "metadata: {name: web}\n"
                               "---\n"
                               "apiVersion: v1\n"
                               "kind: ServiceAccount\n"
                               "metadata: {name: api, namespace: shop}\n"
                               "---\n"
                               "apiVersion: v1\n"
                               "kind: LimitRange\n"
                               "metadata: {name: a, namespace: shop}\n"
                               "---\n"
                               "apiVersion: v1\n"
                               "kind: LimitRange\n"
                               "metadata: {name: b, namespace: shop}\n"
                               "---\n"
                               "apiVersion: v1\n"
                               "kind: Pod\n"
                               "metadata: {name: p, namespace: shop}\n"
                               "spec: {containers: [{name: app, image: x}]}\n"
                               "---\n"
                               "apiVersion: v1\n"
                               "kind: Pod\n"
                               "metadata: {name: q}\n"
                               "spec: {containers: [{name: app, image: x}]}\n";

/* Every match of (kind, name) for o, in lookup order, as indexes into set. */
static size_t find_all(const struct kube_check_model *m, const struct kube_object *o,
                       const char *kind, const char *name, size_t *out, size_t max)
{
	size_t n = 0;

	for (const struct kube_object *x = kube_model_find(m, o, kind, name, NULL); x;
	     x = kube_model_find(m, o, kind, name, x)) {
		assert_true(n < max);
		out[n++] = (size_t)(x - m->set->objs);
	}
	return n;
}

static void test_index_matches_walk(void **state)
{
	static const char *const kinds[] = {"ServiceAccount", "LimitRange", "Pod", "Namespace"};
	static const char *const names[] = {"web", "api", "p", "nope", NULL};
	struct vakt_error_list errs = {0};
	struct kube_set set = {0};
	struct kube_index ix;
	struct kube_check_model walk = {&set, NULL, NULL, NULL, NULL}, fast;

	(void)state;
	assert_int_equal(
	    kube_set_load(&set, vakt_source_from_mem("m.yaml", manifest, strlen(manifest)), &errs),
	    8);
	assert_int_equal(errs.n, 0);
	kube_index_build(&ix, &set);
	fast = walk;
	fast.index = &ix;
	for (size_t i = 0; i < set.n; i++)
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(kinds); k++)
			for (size_t j = 0; j < VAKT_ARRAY_SIZE(names); j++) {
				size_t a[16], b[16];
				size_t na =
				    find_all(&walk, &set.objs[i], kinds[k], names[j], a, 16);
				size_t nb =
				    find_all(&fast, &set.objs[i], kinds[k], names[j], b, 16);

				/* Same matches; with a name, in the same (file) order. */
				assert_int_equal(na, nb);
				for (size_t x = 0; x < na; x++) {
					bool found = false;

					for (size_t y = 0; y < nb; y++)
						found |= a[x] == b[y];
					assert_true(found);
					assert_int_not_equal(a[x], i);
					if (names[j])
						assert_int_equal(a[x], b[x]);
				}
			}
	/* Pod shop/p sees web in shop and the unnamespaced one, not other's. */
	{
		size_t v[4];

		assert_int_equal(find_all(&fast, &set.objs[6], "ServiceAccount", "web", v, 4), 2);
		assert_int_equal(v[0], 0);
		assert_int_equal(v[1], 2);
		/* Pod q has no namespace: every web matches. */
		assert_int_equal(find_all(&fast, &set.objs[7], "ServiceAccount", "web", v, 4), 3);
		assert_int_equal(find_all(&fast, &set.objs[6], "LimitRange", NULL, v, 4), 2);
	}
	kube_index_release(&ix);
	assert_null(ix.v);
	kube_set_release(&set);
}

static void test_index_empty(void **state)
{
	struct kube_set set = {0};
	struct kube_index ix;
	struct kube_check_model m = {&set, NULL, &ix, NULL, NULL};
	struct kube_object o = {0};

	(void)state;
	kube_index_build(&ix, &set);
	assert_int_equal(ix.n, 0);
	assert_null(kube_model_find(&m, &o, "ServiceAccount", "web", NULL));
	kube_index_release(&ix);
	kube_index_build(&ix, NULL);
	assert_int_equal(ix.n, 0);
	kube_index_release(&ix);
}

static void test_report_span(void **state)
{
	struct vakt_residency_report r = {NULL, NULL, 9, 9};
	struct vakt_span at = {4, 7, 4, 24}; /* "--region=us-east-1", 18 bytes */
	struct vakt_span s;

	(void)state;
	s = vakt_residency_report_span(&at, 18, &r);
	assert_int_equal(s.line, 4);
	assert_int_equal(s.column, 16);
	assert_int_equal(s.end_line, 4);
	assert_int_equal(s.end_column, 24);
	/* Quoted in the source (wider than the text): the whole value. */
	at.end_column = 26;
	s = vakt_residency_report_span(&at, 18, &r);
	assert_int_equal(s.column, 7);
	assert_int_equal(s.end_column, 26);
	/* Over several lines: the whole value. */
	at = (struct vakt_span){4, 7, 5, 24};
	s = vakt_residency_report_span(&at, 18, &r);
	assert_int_equal(s.column, 7);
	assert_int_equal(s.end_line, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_index_matches_walk),
	    cmocka_unit_test(test_index_empty),
	    cmocka_unit_test(test_report_span),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
