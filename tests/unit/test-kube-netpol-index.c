/* SPDX-License-Identifier: MIT */
/*
 * kube/kube-netpol-index.c: selecting workloads and namespaces through the
 * label indexes. A selector that names a label tests only the workloads that
 * carry it (the work is returned, so linking N policies to N workloads is
 * checked to test about N, not N * N); on random labels and selectors the
 * index selects exactly what a walk of the namespace selects; and the edges
 * kube_netpol_edges() finds through it are exactly those of deciding every
 * pair; the outside addresses a workload admits stay unique and in order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/source.h"
#include "kube/kube-netpol.h"

/* Workloads of the namespace in test_select_work. */
#define BIG 2000
/* The label the API server puts on every namespace. */
#define NS_NAME_LABEL "kubernetes.io/metadata.name"

struct fx {
	struct kube_set set;
	struct kube_netpol_model m;
};

static void fx_load(struct fx *f, const char *yaml)
{
	struct vakt_error_list errs = {0};

	memset(f, 0, sizeof(*f));
	kube_set_load(&f->set, vakt_source_from_mem("t.yaml", yaml, strlen(yaml)), &errs);
	assert_int_equal(errs.n, 0);
	vakt_error_list_release(&errs);
	kube_netpol_model_build(&f->m, &f->set);
}

static void fx_free(struct fx *f)
{
	kube_netpol_model_release(&f->m);
	kube_set_release(&f->set);
}

/* Parse a selector written in YAML flow style into *s (release it and free *ys). */
static void sel_parse(const char *yaml, struct kube_selector *s, struct vakt_yaml_stream **ys)
{
	struct vakt_error *err = NULL;

	assert_int_equal(vakt_yaml_parse("s", yaml, strlen(yaml), ys, &err), 0);
	kube_selector_parse((*ys)->n_docs ? (*ys)->docs[0].root : NULL, s);
}

/* A reproducible number in [0, n) (xorshift). */
static unsigned rnd(unsigned n)
{
	static uint64_t x = 0x2545f4914f6cdd1dull;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return (unsigned)(x % n);
}

static size_t ns_index(const struct fx *f, const char *name)
{
	size_t i = kube_netpol_find_ns(&f->m, name);

	assert_int_not_equal(i, SIZE_MAX);
	return i;
}

/* Select with sel_yaml in namespace ns: expect `matches` workloads after testing `tested`. */
static void expect_select(const struct fx *f, size_t ns, const char *sel_yaml, size_t matches,
                          size_t tested)
{
	struct vakt_yaml_stream *ys = NULL;
	struct kube_selector s;
	size_t *v = NULL, n = 0, cap = 0, t;

	sel_parse(sel_yaml, &s, &ys);
	t = kube_netpol_select(&f->m, ns, &s, &v, &n, &cap);
	if (n != matches || t != tested) {
		print_error("%s: %zu matches after %zu tests, want %zu after %zu\n", sel_yaml, n, t,
		            matches, tested);
		fail();
	}
	for (size_t i = 1; i < n; i++)
		assert_true(v[i - 1] < v[i]);
	free(v);
	kube_selector_release(&s);
	vakt_yaml_free(ys);
}

static void test_select_work(void **state)
{
	struct vakt_buf y = VAKT_BUF_INIT;
	size_t big, tested = 0, *v = NULL, n = 0, cap = 0;
	struct fx f;

	(void)state;
	for (int i = 0; i < BIG; i++)
		vakt_buf_addf(&y,
		              "---\n{apiVersion: apps/v1, kind: Deployment, metadata: {name: w%d, "
		              "namespace: big}, spec: {template: {metadata: {labels: {app: app%d, "
		              "tier: t%d}}, spec: {containers: [{name: c}]}}}}\n"
		              "---\n{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, "
		              "metadata: {name: p%d, namespace: big}, spec: {podSelector: "
		              "{matchLabels: {app: app%d}}}}\n",
		              i, i, i % 8, i, i);
	vakt_buf_adds(&y, "---\n{apiVersion: v1, kind: Pod, metadata: {name: lone, namespace: "
	                  "small, labels: {app: app7}}, spec: {containers: [{name: c}]}}\n");
	fx_load(&f, vakt_buf_str(&y));
	big = ns_index(&f, "big");
	/* Named labels: only their carriers are tested. */
	expect_select(&f, big, "{matchLabels: {app: app7}}", 1, 1);
	expect_select(&f, big, "{matchLabels: {tier: t7, app: app7}}", 1, 1);
	expect_select(&f, big, "{matchLabels: {app: nope, tier: t1}}", 0, 0);
	expect_select(&f, big,
	              "{matchExpressions: [{key: tier, operator: In, values: [t1, t2, t1]}]}",
	              BIG / 4, BIG / 4);
	expect_select(&f, big,
	              "{matchLabels: {tier: t3}, matchExpressions: [{key: app, operator: In, "
	              "values: [app3, app4, app11]}]}",
	              2, 3);
	/* Nothing narrows these: the whole namespace is tested. */
	expect_select(&f, big, "{}", BIG, BIG);
	expect_select(&f, big, "{matchExpressions: [{key: app, operator: Exists}]}", BIG, BIG);
	expect_select(&f, big, "{matchExpressions: [{key: tier, operator: NotIn, values: [t0]}]}",
	              BIG - BIG / 8, BIG);
	expect_select(&f, big, "{matchExpressions: [{key: x, operator: DoesNotExist}]}", BIG, BIG);
	expect_select(&f, big, "{matchExpressions: [{key: app, operator: Bogus}]}", 0, 0);
	/* Namespaces are apart: app7 of "small" is not in "big". */
	expect_select(&f, ns_index(&f, "small"), "{matchLabels: {app: app7}}", 1, 1);

	/* The model linked each policy to its one workload, and that took about N tests. */
	for (size_t i = 0; i < f.m.n_pols; i++) {
		assert_int_equal(f.m.pols[i].n_selected, 1);
		tested +=
		    kube_netpol_select(&f.m, f.m.pols[i].ns, &f.m.pols[i].pod_sel, &v, &n, &cap);
	}
	assert_int_equal(tested, BIG);
	for (size_t i = 0; i < f.m.n_wls; i++)
		assert_int_equal(f.m.wls[i].n_pols[KUBE_NP_INGRESS], i < BIG ? 1 : 0);
	free(v);
	fx_free(&f);
	vakt_buf_release(&y);
}

/* Random labels of four keys with three values each (some absent, some null). */
static void random_labels(struct vakt_buf *y)
{
	static const char *const keys[] = {"app", "tier", "team", "k8s-app"};

	vakt_buf_adds(y, "{");
	for (size_t k = 0, first = 1; k < VAKT_ARRAY_SIZE(keys); k++) {
		unsigned v = rnd(5);

		if (v >= 4)
			continue;
		vakt_buf_addf(y, "%s%s: %s", first ? "" : ", ", keys[k],
		              v == 3 ? "null" : (const char *[]){"a", "b", "c"}[v]);
		first = 0;
	}
	vakt_buf_adds(y, "}");
}

/* A random selector over the same keys and values, every operator. */
static void random_selector(struct vakt_buf *y)
{
	static const char *const keys[] = {"app", "tier", "team", "k8s-app", NS_NAME_LABEL};
	static const char *const ops[] = {"In", "NotIn", "Exists", "DoesNotExist"};
	static const char *const vals[] = {"a", "b", "c", "\"\"", "n1", "n2"};
	unsigned nl = rnd(3), ne = rnd(3);

	vakt_buf_adds(y, "{matchLabels: {");
	for (unsigned i = 0; i < nl; i++)
		vakt_buf_addf(y, "%s%s: %s", i ? ", " : "", keys[rnd(5)], vals[rnd(6)]);
	vakt_buf_adds(y, "}, matchExpressions: [");
	for (unsigned i = 0; i < ne; i++) {
		unsigned op = rnd(4);

		vakt_buf_addf(y, "%s{key: %s, operator: %s", i ? ", " : "", keys[rnd(5)], ops[op]);
		if (op < 2)
			vakt_buf_addf(y, ", values: [%s, %s]", vals[rnd(6)], vals[rnd(6)]);
		vakt_buf_adds(y, "}");
	}
	vakt_buf_adds(y, "]}");
}

/* Random namespaces, workloads and policies (peers of every kind, ports, types). */
static void random_model(struct vakt_buf *y, int n_wls, int n_pols)
{
	for (int i = 0; i < 3; i++) {
		vakt_buf_addf(
		    y, "---\n{apiVersion: v1, kind: Namespace, metadata: {name: n%d, labels: ", i);
		random_labels(y);
		vakt_buf_adds(y, "}}\n");
	}
	for (int i = 0; i < n_wls; i++) {
		vakt_buf_addf(y,
		              "---\n{apiVersion: apps/v1, kind: Deployment, metadata: {name: w%d, "
		              "namespace: n%u}, spec: {template: {metadata: {labels: ",
		              i, rnd(3));
		random_labels(y);
		vakt_buf_addf(y,
		              "}, spec: {containers: [{name: c, ports: [{name: http, "
		              "containerPort: %u}]}]}}}}\n",
		              8000 + rnd(3));
	}
	for (int i = 0; i < n_pols; i++) {
		unsigned kind = rnd(6);

		vakt_buf_addf(y,
		              "---\n{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, "
		              "metadata: {name: p%d, namespace: n%u}, spec: {podSelector: ",
		              i, rnd(3));
		random_selector(y);
		vakt_buf_addf(y, ", policyTypes: [%s], ingress: [",
		              (const char *[]){"Ingress", "Egress", "Ingress, Egress"}[rnd(3)]);
		for (unsigned r = 0, nr = rnd(3); r < nr; r++) {
			vakt_buf_adds(y, r ? ", {from: [" : "{from: [");
			for (unsigned p = 0, np = kind == 0 ? 0 : 1 + rnd(2); p < np; p++) {
				unsigned pk = rnd(4);

				vakt_buf_adds(y, p ? ", {" : "{");
				if (pk != 1) {
					vakt_buf_adds(y, "podSelector: ");
					random_selector(y);
				}
				if (pk >= 1) {
					vakt_buf_adds(y, pk == 1 ? "namespaceSelector: "
					                         : ", namespaceSelector: ");
					random_selector(y);
				}
				vakt_buf_adds(y, "}");
			}
			vakt_buf_adds(y, rnd(2) ? "], ports: [{port: http}]}" : "]}");
		}
		vakt_buf_adds(y, "], egress: [");
		for (unsigned r = 0, nr = rnd(2); r < nr; r++) {
			vakt_buf_adds(y, "{to: [{podSelector: ");
			random_selector(y);
			vakt_buf_addf(y, "}], ports: [{port: %u}]}", 8000 + rnd(3));
		}
		vakt_buf_adds(y, "]}}\n");
	}
}

static void test_select_matches_walk(void **state)
{
	struct vakt_buf y = VAKT_BUF_INIT;
	size_t *v = NULL, n = 0, cap = 0;
	struct fx f;

	(void)state;
	random_model(&y, 300, 0);
	fx_load(&f, vakt_buf_str(&y));
	for (int round = 0; round < 400; round++) {
		struct vakt_yaml_stream *ys = NULL;
		struct kube_selector s;
		size_t k;

		vakt_buf_reset(&y);
		random_selector(&y);
		sel_parse(vakt_buf_str(&y), &s, &ys);
		for (size_t ns = 0; ns < f.m.n_nss; ns++) {
			const struct kube_np_namespace *nsp = &f.m.nss[ns];

			kube_netpol_select(&f.m, ns, &s, &v, &n, &cap);
			k = 0;
			for (size_t i = nsp->wl_first; i < nsp->wl_first + nsp->n_workloads; i++) {
				if (!kube_selector_matches(&s, &f.m.wls[i].labels))
					continue;
				assert_true(k < n);
				assert_int_equal(v[k++], i);
			}
			assert_int_equal(k, n);
			assert_int_equal(kube_netpol_selects_any(&f.m, ns, &s), n > 0);
		}
		kube_netpol_select_ns(&f.m, &s, &v, &n, &cap);
		k = 0;
		for (size_t ns = 0; ns < f.m.n_nss; ns++) {
			if (!kube_selector_matches(&s, &f.m.nss[ns].labels))
				continue;
			assert_true(k < n);
			assert_int_equal(v[k++], ns);
		}
		assert_int_equal(k, n);
		kube_selector_release(&s);
		vakt_yaml_free(ys);
	}
	free(v);
	fx_free(&f);
	vakt_buf_release(&y);
}

static void test_edges_match_pairs(void **state)
{
	struct vakt_buf y = VAKT_BUF_INIT;
	struct vakt_error *err = NULL;

	(void)state;
	for (int round = 0; round < 8; round++) {
		struct kube_np_edge *e = NULL;
		size_t n = 0, k = 0;
		struct fx f;

		vakt_buf_reset(&y);
		random_model(&y, 60, 40);
		fx_load(&f, vakt_buf_str(&y));
		assert_int_equal(kube_netpol_edges(&f.m, &e, &n, &err), 0);
		for (size_t s = 0; s < f.m.n_wls; s++) {
			for (size_t t = 0; t < f.m.n_wls; t++) {
				struct kube_np_verdict v;
				struct vakt_buf a = VAKT_BUF_INIT, b = VAKT_BUF_INIT;

				kube_netpol_decide(&f.m, s, t, &v);
				if (kube_np_verdict_allowed(&v)) {
					assert_true(k < n);
					assert_int_equal(e[k].src, s);
					assert_int_equal(e[k].dst, t);
					kube_ports_format(&v.ports, &a);
					kube_ports_format(&e[k].ports, &b);
					assert_string_equal(vakt_buf_str(&a), vakt_buf_str(&b));
					k++;
				}
				vakt_buf_release(&a);
				vakt_buf_release(&b);
				kube_np_verdict_release(&v);
			}
		}
		assert_int_equal(k, n);
		kube_np_edges_free(e, n);
		fx_free(&f);
	}
	vakt_buf_release(&y);
}

/* The addresses a policy admits are listed once each, in rule order, however many repeat. */
static void test_external_unique(void **state)
{
	struct vakt_buf y = VAKT_BUF_INIT;
	struct kube_np_external x;
	struct fx f;

	(void)state;
	vakt_buf_adds(&y, "{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: "
	                  "[{name: c}]}}\n---\n{apiVersion: networking.k8s.io/v1, kind: "
	                  "NetworkPolicy, metadata: {name: np}, spec: {podSelector: {}, ingress: "
	                  "[{from: [");
	for (int i = 0; i < 3000; i++)
		vakt_buf_addf(&y, "%s{ipBlock: {cidr: 10.%d.%d.0/24}}", i ? ", " : "",
		              (i * 7 % 1000) / 256, (i * 7 % 1000) % 256);
	vakt_buf_adds(&y, "]}]}}\n");
	fx_load(&f, vakt_buf_str(&y));
	kube_netpol_external(&f.m, 0, KUBE_NP_INGRESS, &x);
	assert_int_equal(x.cidrs.n, 1000);
	for (int i = 0; i < 1000; i++) {
		char want[32];

		snprintf(want, sizeof(want), "10.%d.%d.0/24", (i * 7 % 1000) / 256,
		         (i * 7 % 1000) % 256);
		assert_string_equal(x.cidrs.v[i], want);
	}
	kube_np_external_release(&x);
	fx_free(&f);
	vakt_buf_release(&y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_select_work),
	    cmocka_unit_test(test_select_matches_walk),
	    cmocka_unit_test(test_edges_match_pairs),
	    cmocka_unit_test(test_external_unique),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
