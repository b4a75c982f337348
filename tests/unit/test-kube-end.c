/* SPDX-License-Identifier: MIT */
/*
 * What the Kubernetes domain's end() leans on: kube_check_split() (kube-split.c),
 * its two halves' findings in one thread's order, and the files' pragmas it
 * keeps once the set is gone (kube_set_take_pragmas(), kube_pragmas_of()).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/check.h"
#include "kube/kube-load.h"

static const struct vakt_rule rule = {
    .id = "T001",
    .slug = "test",
    .domain = "kubernetes",
    .severity = VAKT_SEV_LOW,
    .title = "test",
};

/* Which thread each item ran on. */
struct items {
	pthread_t *by;
	size_t n;
};

/* One finding per item, at line item + 1, its message naming the item. */
static void emit_items(struct vakt_check_ctx *ctx, size_t lo, size_t hi, void *data)
{
	struct items *it = data;

	for (size_t i = lo; i < hi; i++) {
		char msg[32];

		it->by[i] = pthread_self();
		snprintf(msg, sizeof(msg), "item %zu", i);
		vakt_check_emit_msg(ctx, &(struct vakt_span){.line = (int)i + 1}, NULL, msg);
	}
}

/* kube_check_split() over n items cut at split: n findings, in item order; *other: items run
 * elsewhere. */
static void split_items(size_t n, size_t split, size_t *other)
{
	struct vakt_findings out = {0};
	struct vakt_check_ctx ctx = {.rule = &rule, .file = "f.yaml", .out = &out};
	struct items it = {vakt_xcalloc(n, sizeof(pthread_t)), n};

	kube_check_split(&ctx, n, split, emit_items, &it);
	assert_int_equal(out.n, n);
	*other = 0;
	for (size_t i = 0; i < n; i++) {
		char want[32];

		snprintf(want, sizeof(want), "item %zu", i);
		assert_int_equal(out.v[i].loc.line, (int)i + 1);
		assert_string_equal(out.v[i].message, want);
		assert_string_equal(out.v[i].loc.file, "f.yaml");
		*other += !pthread_equal(it.by[i], pthread_self());
	}
	/* The rule's context is as it was: its findings are in its list. */
	assert_ptr_equal(ctx.out, &out);
	assert_ptr_equal(ctx.rule, &rule);
	vakt_findings_release(&out);
	free(it.by);
}

static void test_split_order(void **state)
{
	bool cpus = sysconf(_SC_NPROCESSORS_ONLN) > 1;
	size_t other;

	(void)state;
	/* Enough for two threads: the second half runs on the other, its findings after. */
	split_items(200, 100, &other);
	assert_int_equal(other, cpus ? 100 : 0);
	/* A cut off the middle (KN003 cuts at a file boundary). */
	split_items(300, 17, &other);
	assert_int_equal(other, cpus ? 283 : 0);
	/* Too few items, or nothing to cut: one thread, the same order. */
	split_items(10, 5, &other);
	assert_int_equal(other, 0);
	split_items(200, 0, &other);
	assert_int_equal(other, 0);
	split_items(200, 200, &other);
	assert_int_equal(other, 0);
	split_items(200, 500, &other);
	assert_int_equal(other, 0);
	split_items(0, 0, &other);
	assert_int_equal(other, 0);
}

/* Load text as file path into set. */
static void load(struct kube_set *set, const char *path, const char *text)
{
	struct vakt_error_list errs = {0};

	kube_set_load(set, vakt_source_from_mem(path, text, strlen(text)), &errs);
	assert_int_equal(errs.n, 0);
	vakt_error_list_release(&errs);
}

static const char pod_pragma[] = "# vakt ignore=KS001\n"
                                 "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n"
                                 "spec: {containers: [{name: c, image: nginx}]}\n"
                                 "---\n"
                                 "apiVersion: v1\nkind: Pod\nmetadata: {name: b}\n"
                                 "spec: {containers: [{name: c, image: nginx}]}\n";
static const char pod_plain[] = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
                                "spec: {containers: [{name: c, image: nginx}]}\n";

/* The pragmas of each file, one entry per file that has any, found by its name. */
static void test_take_pragmas(void **state)
{
	struct kube_set set = {0};
	struct kube_pragmas p;
	const struct vakt_suppressions *a, *c;

	(void)state;
	/* In file order, as end() sorts the set: a.yaml and c.yaml have pragmas, two objects each.
	 */
	load(&set, "a.yaml", pod_pragma);
	load(&set, "b.yaml", pod_plain);
	load(&set, "c.yaml", pod_pragma);
	load(&set, "d.yaml", pod_plain);
	assert_int_equal(set.n, 6);
	a = set.objs[0].pragmas;
	c = set.objs[3].pragmas;
	assert_non_null(a);
	assert_ptr_equal(set.objs[1].pragmas, a);
	assert_null(set.objs[2].pragmas);
	assert_non_null(c);
	assert_ptr_not_equal(a, c);

	kube_set_take_pragmas(&set, &p);
	assert_int_equal(p.n_all, 2);
	assert_int_equal(p.n_files, 2);
	assert_ptr_equal(kube_pragmas_of(&p, "a.yaml"), a);
	assert_null(kube_pragmas_of(&p, "b.yaml"));
	assert_ptr_equal(kube_pragmas_of(&p, "c.yaml"), c);
	assert_null(kube_pragmas_of(&p, "d.yaml"));
	assert_null(kube_pragmas_of(&p, "0.yaml"));
	assert_null(kube_pragmas_of(&p, NULL));
	/* The objects no longer point at them, and the set goes without them. */
	for (size_t i = 0; i < set.n; i++)
		assert_null(set.objs[i].pragmas);
	kube_set_release(&set);
	/* Still there once the set and its sources are gone. */
	assert_int_equal(a->n, 1);
	assert_ptr_equal(kube_pragmas_of(&p, "c.yaml"), c);
	kube_pragmas_release(&p);
	assert_int_equal(p.n_files, 0);

	/* A set without pragmas hands over none. */
	load(&set, "b.yaml", pod_plain);
	kube_set_take_pragmas(&set, &p);
	assert_int_equal(p.n_all, 0);
	assert_null(kube_pragmas_of(&p, "b.yaml"));
	kube_set_release(&set);
	kube_pragmas_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_split_order),
	    cmocka_unit_test(test_take_pragmas),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
