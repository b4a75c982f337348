/* SPDX-License-Identifier: MIT */
/*
 * The LimitRange defaults that KS070/KS071 read (struct kube_lr_table):
 * merged per namespace once per scan, they give a pod exactly what walking
 * its namespace's LimitRanges gives, so several LimitRanges of one
 * namespace (one with cpu, another with memory) still add up, an unset
 * namespace on either side matches any, and only type Container counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/util.h"
#include "kube/kube-check.h"

static const char manifest[] =
    "apiVersion: v1\n"
    "kind: LimitRange\n"
    "metadata: {name: cpu, namespace: shop}\n"
    "spec: {limits: [{type: Container, default: {cpu: 1}}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: LimitRange\n"
    "metadata: {name: memory, namespace: shop}\n"
    "spec: {limits: [{type: Container, defaultRequest: {memory: 1Mi}}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: LimitRange\n"
    "metadata: {name: pod, namespace: shop}\n"
    "spec: {limits: [{type: Pod, default: {memory: 1Mi}}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: LimitRange\n"
    "metadata: {name: memory, namespace: other}\n"
    "spec: {limits: [{type: Container, default: {memory: 1Mi}}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: LimitRange\n"
    "metadata: {name: anywhere}\n"
    "spec: {limits: [7, {type: Container, defaultRequest: {cpu: 1}}]}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: LimitRange\n"
    "metadata: {name: broken, namespace: odd}\n"
    "spec: {limits: {type: Container}}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata: {name: cpu, namespace: shop}\n"
    "data: {default: x}\n";

/* What walking o's namespace's LimitRanges with kube_model_find() gives. */
static struct kube_lr_defaults walk(const struct kube_check_model *m, const struct kube_object *o)
{
	struct kube_lr_defaults d = {{false, false}, {false, false}};

	for (const struct kube_object *lr = kube_model_find(m, o, "LimitRange", NULL, NULL); lr;
	     lr = kube_model_find(m, o, "LimitRange", NULL, lr))
		kube_lr_defaults_add(&d, lr);
	return d;
}

static void assert_res(const struct kube_res *r, bool cpu, bool memory)
{
	assert_int_equal(r->cpu, cpu);
	assert_int_equal(r->memory, memory);
}

static void test_table_matches_walk(void **state)
{
	static const char *const nss[] = {"shop", "other", "odd", "nope", "", NULL};
	struct vakt_error_list errs = {0};
	struct kube_set set = {0};
	struct kube_index ix;
	struct kube_check_model m = {&set, NULL, NULL, NULL, NULL};
	struct kube_lr_defaults d;

	(void)state;
	assert_int_equal(
	    kube_set_load(&set, vakt_source_from_mem("m.yaml", manifest, strlen(manifest)), &errs),
	    7);
	assert_int_equal(errs.n, 0);
	kube_index_build(&ix, &set);
	/* One entry per namespace that has a LimitRange. */
	assert_int_equal(ix.limit_ranges.n, 3);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(nss); i++) {
		struct kube_object pod = {0};
		struct kube_lr_defaults a, b;

		pod.ns = nss[i];
		a = walk(&m, &pod);
		b = kube_lr_table_get(&ix.limit_ranges, nss[i]);
		assert_res(&b.limits, a.limits.cpu, a.limits.memory);
		assert_res(&b.requests, a.requests.cpu, a.requests.memory);
	}
	/* shop: cpu from one LimitRange, the memory request from another. */
	d = kube_lr_table_get(&ix.limit_ranges, "shop");
	assert_res(&d.limits, true, false);
	assert_res(&d.requests, true, true);
	/* other: its memory default, which is also the request; cpu from "anywhere". */
	d = kube_lr_table_get(&ix.limit_ranges, "other");
	assert_res(&d.limits, false, true);
	assert_res(&d.requests, true, true);
	d = kube_lr_table_get(&ix.limit_ranges, "nope");
	assert_res(&d.limits, false, false);
	assert_res(&d.requests, true, false);
	/* A pod without a namespace matches every LimitRange. */
	d = kube_lr_table_get(&ix.limit_ranges, NULL);
	assert_res(&d.limits, true, true);
	assert_res(&d.requests, true, true);
	kube_index_release(&ix);
	assert_null(ix.limit_ranges.v);
	kube_set_release(&set);
}

static void test_table_empty(void **state)
{
	struct kube_lr_table t;
	struct kube_lr_defaults d;

	(void)state;
	kube_lr_table_build(&t, NULL);
	assert_int_equal(t.n, 0);
	d = kube_lr_table_get(&t, "shop");
	assert_res(&d.limits, false, false);
	assert_res(&d.requests, false, false);
	kube_lr_table_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_matches_walk),
	    cmocka_unit_test(test_table_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
