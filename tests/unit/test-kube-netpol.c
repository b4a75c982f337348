/* SPDX-License-Identifier: MIT */
/*
 * kube/kube-netpol: label selectors, port sets, the NetworkPolicy model
 * (policyTypes defaulting, default deny, selection) and reachability
 * (podSelector / namespaceSelector combinations, matchExpressions, ipBlock
 * and except, named ports, endPort, empty selectors, policies that select
 * nothing, egress isolation), and the workload ceiling.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/source.h"
#include "kube/kube-netpol.h"

struct fx {
	struct kube_set set;
	struct kube_netpol_model m;
};

static void fx_load(struct fx *f, const char *yaml)
{
	struct vakt_error_list errs = {0};

	memset(f, 0, sizeof(*f));
	kube_set_load(&f->set, vakt_source_from_mem("t.yaml", yaml, strlen(yaml)), &errs);
	if (errs.n) {
		char *m = vakt_error_format(errs.v[0]);

		print_error("unexpected load error: %s\n", m);
		free(m);
		fail();
	}
	vakt_error_list_release(&errs);
	kube_netpol_model_build(&f->m, &f->set);
}

static void fx_free(struct fx *f)
{
	kube_netpol_model_release(&f->m);
	kube_set_release(&f->set);
}

static size_t wl(const struct fx *f, const char *id)
{
	for (size_t i = 0; i < f->m.n_wls; i++)
		if (!strcmp(f->m.wls[i].id, id))
			return i;
	print_error("no workload '%s'\n", id);
	fail();
	return SIZE_MAX;
}

/* The ports src may use to reach dst, formatted ("none" when denied). Caller frees. */
static char *reach(const struct fx *f, const char *src, const char *dst)
{
	struct kube_np_verdict v;
	struct vakt_buf b = VAKT_BUF_INIT;

	kube_netpol_decide(&f->m, wl(f, src), wl(f, dst), &v);
	kube_ports_format(&v.ports, &b);
	assert_int_equal(kube_np_verdict_allowed(&v), strcmp(vakt_buf_str(&b), "none") != 0);
	kube_np_verdict_release(&v);
	return vakt_buf_detach(&b);
}

#define assert_reach(f, src, dst, want)                                                            \
	do {                                                                                       \
		char *got_ = reach((f), (src), (dst));                                             \
		if (strcmp(got_, (want))) {                                                        \
			print_error("%s -> %s: got '%s', want '%s'\n", (src), (dst), got_,         \
			            (want));                                                       \
			free(got_);                                                                \
			fail();                                                                    \
		}                                                                                  \
		free(got_);                                                                        \
	} while (0)

/* Three deployments in "shop": frontend, payment (port https=8443), db (5432). */
#define SHOP_WORKLOADS                                                                             \
	"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: frontend, namespace: shop}\n"     \
	"spec:\n  template:\n    metadata: {labels: {app: frontend, tier: web}}\n"                 \
	"    spec: {containers: [{name: c, image: x, ports: [{name: http, containerPort: "         \
	"8080}]}]}\n"                                                                              \
	"---\n"                                                                                    \
	"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: payment, namespace: shop}\n"      \
	"spec:\n  template:\n    metadata: {labels: {app: payment, tier: api}}\n"                  \
	"    spec:\n      containers:\n      - name: c\n        image: x\n        ports:\n"        \
	"        - {name: https, containerPort: 8443}\n"                                           \
	"        - {name: metrics, containerPort: 9090, protocol: UDP}\n"                          \
	"---\n"                                                                                    \
	"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db, namespace: shop}\n"           \
	"spec:\n  template:\n    metadata: {labels: {app: db}}\n"                                  \
	"    spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}\n"

#define NETPOL_HEAD(name, ns)                                                                      \
	"---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: " name       \
	", namespace: " ns "}\n"

#define FE  "Deployment/shop/frontend"
#define PAY "Deployment/shop/payment"
#define DB  "Deployment/shop/db"

/* --- selectors ------------------------------------------------------------------ */

static bool sel_matches(const char *sel_yaml, const char *labels_yaml)
{
	struct vakt_yaml_stream *s1 = NULL, *s2 = NULL;
	struct vakt_error *err = NULL;
	struct kube_selector sel;
	struct kube_labels l = {0};
	bool r;

	assert_int_equal(vakt_yaml_parse("s", sel_yaml, strlen(sel_yaml), &s1, &err), 0);
	assert_int_equal(vakt_yaml_parse("l", labels_yaml, strlen(labels_yaml), &s2, &err), 0);
	kube_selector_parse(s1->n_docs ? s1->docs[0].root : NULL, &sel);
	kube_labels_add_map(&l, s2->docs[0].root);
	r = kube_selector_matches(&sel, &l);
	kube_selector_release(&sel);
	kube_labels_release(&l);
	vakt_yaml_free(s1);
	vakt_yaml_free(s2);
	return r;
}

static void test_selector_match_labels(void **state)
{
	(void)state;
	assert_true(sel_matches("{}", "{app: web}"));
	assert_true(sel_matches("{}", "{}"));
	assert_true(sel_matches("{matchLabels: {}}", "{}"));
	assert_true(sel_matches("~", "{app: web}"));
	assert_true(sel_matches("{matchLabels: {app: web}}", "{app: web, tier: x}"));
	assert_false(sel_matches("{matchLabels: {app: web}}", "{app: api}"));
	assert_false(sel_matches("{matchLabels: {app: web}}", "{}"));
	/* Requirements are ANDed. */
	assert_false(sel_matches("{matchLabels: {app: web, tier: x}}", "{app: web}"));
	/* Values are compared as text. */
	assert_true(sel_matches("{matchLabels: {v: '1'}}", "{v: 1}"));
}

static void test_selector_expressions(void **state)
{
	(void)state;
	assert_true(sel_matches("{matchExpressions: [{key: app, operator: In, values: [a, b]}]}",
	                        "{app: b}"));
	assert_false(sel_matches("{matchExpressions: [{key: app, operator: In, values: [a, b]}]}",
	                         "{app: c}"));
	assert_false(
	    sel_matches("{matchExpressions: [{key: app, operator: In, values: [a]}]}", "{}"));
	/* NotIn matches a missing key. */
	assert_true(
	    sel_matches("{matchExpressions: [{key: app, operator: NotIn, values: [a]}]}", "{}"));
	assert_true(sel_matches("{matchExpressions: [{key: app, operator: NotIn, values: [a]}]}",
	                        "{app: b}"));
	assert_false(sel_matches("{matchExpressions: [{key: app, operator: NotIn, values: [a]}]}",
	                         "{app: a}"));
	assert_true(sel_matches("{matchExpressions: [{key: app, operator: Exists}]}", "{app: ''}"));
	assert_false(sel_matches("{matchExpressions: [{key: app, operator: Exists}]}", "{x: y}"));
	assert_true(
	    sel_matches("{matchExpressions: [{key: dbg, operator: DoesNotExist}]}", "{app: a}"));
	assert_false(
	    sel_matches("{matchExpressions: [{key: dbg, operator: DoesNotExist}]}", "{dbg: '1'}"));
	/* matchLabels and matchExpressions together are ANDed. */
	assert_true(sel_matches("{matchLabels: {app: a}, matchExpressions: [{key: t, operator: "
	                        "Exists}]}",
	                        "{app: a, t: x}"));
	assert_false(sel_matches("{matchLabels: {app: a}, matchExpressions: [{key: t, operator: "
	                         "Exists}]}",
	                         "{app: a}"));
}

static void test_selector_invalid_selects_nothing(void **state)
{
	static const char *const bad[] = {
	    "{matchExpressions: [{key: app, operator: In}]}",
	    "{matchExpressions: [{key: app, operator: In, values: []}]}",
	    "{matchExpressions: [{key: app, operator: Exists, values: [a]}]}",
	    "{matchExpressions: [{key: app, operator: in, values: [a]}]}",
	    "{matchExpressions: [{operator: Exists}]}",
	    "{matchExpressions: {key: app, operator: Exists}}",
	    "{matchLabels: [app]}",
	    "{matchLabels: {app: [a]}}",
	    "[app]",
	};
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;
	struct kube_selector sel;

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(bad); i++) {
		if (sel_matches(bad[i], "{app: a}")) {
			print_error("invalid selector %s matched\n", bad[i]);
			fail();
		}
	}
	assert_int_equal(vakt_yaml_parse("s", bad[0], strlen(bad[0]), &s, &err), 0);
	kube_selector_parse(s->docs[0].root, &sel);
	assert_false(sel.valid);
	assert_non_null(sel.problem);
	assert_false(kube_selector_is_empty(&sel));
	kube_selector_release(&sel);
	vakt_yaml_free(s);
}

static void test_selector_describe(void **state)
{
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;
	struct kube_selector sel;
	struct vakt_buf b = VAKT_BUF_INIT;
	const char *y = "{matchLabels: {app: a}, matchExpressions: [{key: t, operator: In, "
	                "values: [x, y]}, {key: d, operator: DoesNotExist}, {key: e, operator: "
	                "Exists}]}";

	(void)state;
	assert_int_equal(vakt_yaml_parse("s", y, strlen(y), &s, &err), 0);
	kube_selector_parse(s->docs[0].root, &sel);
	kube_selector_describe(&sel, &b);
	assert_string_equal(vakt_buf_str(&b), "app=a,t in (x,y),!d,e");
	kube_selector_release(&sel);
	vakt_buf_reset(&b);
	kube_selector_parse(NULL, &sel);
	kube_selector_describe(&sel, &b);
	assert_string_equal(vakt_buf_str(&b), "{}");
	assert_true(kube_selector_is_empty(&sel));
	kube_selector_release(&sel);
	vakt_buf_release(&b);
	vakt_yaml_free(s);
}

static void test_labels_last_wins(void **state)
{
	struct kube_labels l = {0};

	(void)state;
	kube_labels_add(&l, "a", "1");
	kube_labels_add(&l, "a", "2");
	assert_string_equal(kube_labels_get(&l, "a"), "2");
	assert_null(kube_labels_get(&l, "b"));
	kube_labels_release(&l);
}

/* --- port sets ------------------------------------------------------------------ */

static char *fmt_ports(const struct kube_ports *p)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	kube_ports_format(p, &b);
	return vakt_buf_detach(&b);
}

static void test_ports_sets(void **state)
{
	struct kube_ports a = {0}, b = {0}, c = {0};
	char *s;

	(void)state;
	s = fmt_ports(&a);
	assert_string_equal(s, "none");
	free(s);
	kube_ports_add(&a, KUBE_PROTO_TCP, 80, 80);
	kube_ports_add(&a, KUBE_PROTO_TCP, 81, 90); /* adjacent: merged */
	kube_ports_add(&a, KUBE_PROTO_UDP, 53, 53);
	kube_ports_add(&a, KUBE_PROTO_TCP, 85, 100); /* overlapping */
	kube_ports_add(&a, KUBE_PROTO_TCP, 10, 5);   /* empty: ignored */
	s = fmt_ports(&a);
	assert_string_equal(s, "TCP/80-100, UDP/53");
	free(s);
	assert_true(kube_ports_has(&a, KUBE_PROTO_TCP, 95));
	assert_false(kube_ports_has(&a, KUBE_PROTO_UDP, 95));

	kube_ports_add(&b, KUBE_PROTO_TCP, 90, 200);
	kube_ports_add(&b, KUBE_PROTO_UDP, 1, KUBE_PORT_MAX);
	kube_ports_intersect(&a, &b, &c);
	s = fmt_ports(&c);
	assert_string_equal(s, "TCP/90-100, UDP/53");
	free(s);

	kube_ports_reset(&b);
	kube_ports_add_all(&b);
	assert_true(kube_ports_all(&b));
	s = fmt_ports(&b);
	assert_string_equal(s, "any");
	free(s);
	kube_ports_intersect(&a, &b, &c);
	s = fmt_ports(&c);
	assert_string_equal(s, "TCP/80-100, UDP/53");
	free(s);

	kube_ports_reset(&c);
	kube_ports_add(&c, KUBE_PROTO_SCTP, 0, 70000); /* clamped to 1..65535 */
	kube_ports_union(&c, &a);
	s = fmt_ports(&c);
	assert_string_equal(s, "TCP/80-100, UDP/53, SCTP/any");
	free(s);
	assert_false(kube_ports_all(&c));

	kube_ports_release(&a);
	kube_ports_release(&b);
	kube_ports_release(&c);
}

static void test_proto_parse(void **state)
{
	enum kube_proto p;

	(void)state;
	assert_true(kube_proto_parse("UDP", &p));
	assert_int_equal(p, KUBE_PROTO_UDP);
	assert_true(kube_proto_parse("SCTP", &p));
	assert_false(kube_proto_parse("tcp", &p)); /* the API is case-sensitive */
	assert_false(kube_proto_parse(NULL, &p));
	assert_string_equal(kube_proto_name(KUBE_PROTO_TCP), "TCP");
}

/* --- model ---------------------------------------------------------------------- */

static void test_no_policy_allows_everything(void **state)
{
	struct fx f;

	(void)state;
	fx_load(&f, SHOP_WORKLOADS);
	assert_int_equal(f.m.n_wls, 3);
	assert_int_equal(f.m.n_nss, 1);
	assert_reach(&f, FE, PAY, "any");
	assert_reach(&f, PAY, FE, "any");
	assert_reach(&f, DB, DB, "any");
	assert_true(kube_netpol_open_to_all(&f.m, wl(&f, DB), NULL, NULL));
	fx_free(&f);
}

static void test_default_deny_ingress(void **state)
{
	struct fx f;
	size_t ns;

	(void)state;
	fx_load(&f, SHOP_WORKLOADS NETPOL_HEAD("deny", "shop") "spec: {podSelector: {}, "
	                                                       "policyTypes: [Ingress]}\n");
	ns = kube_netpol_find_ns(&f.m, "shop");
	assert_int_not_equal(ns, SIZE_MAX);
	assert_int_equal(f.m.nss[ns].deny[KUBE_NP_INGRESS], 0);
	assert_int_equal(f.m.nss[ns].deny[KUBE_NP_EGRESS], SIZE_MAX);
	assert_int_equal(f.m.pols[0].n_selected, 3);
	assert_reach(&f, FE, PAY, "none");
	assert_reach(&f, DB, DB, "none");
	assert_false(kube_netpol_open_to_all(&f.m, wl(&f, DB), NULL, NULL));
	fx_free(&f);
}

static void test_missing_spec_is_default_deny(void **state)
{
	struct fx f;

	(void)state;
	/* No spec: podSelector {} and policyTypes [Ingress] by default. */
	fx_load(&f, SHOP_WORKLOADS NETPOL_HEAD("bare", "shop"));
	assert_int_equal(f.m.nss[0].deny[KUBE_NP_INGRESS], 0);
	assert_reach(&f, FE, PAY, "none");
	fx_free(&f);
}

static void test_policy_types_defaulting(void **state)
{
	struct fx f;

	(void)state;
	/* No policyTypes, empty egress list: Ingress only, so egress stays open. */
	fx_load(&f,
	        SHOP_WORKLOADS NETPOL_HEAD("p", "shop") "spec: {podSelector: {}, egress: []}\n");
	assert_true(f.m.pols[0].types[KUBE_NP_INGRESS]);
	assert_false(f.m.pols[0].types[KUBE_NP_EGRESS]);
	assert_false(f.m.pols[0].types_explicit);
	assert_int_equal(f.m.nss[0].deny[KUBE_NP_EGRESS], SIZE_MAX);
	assert_int_equal(f.m.nss[0].deny[KUBE_NP_INGRESS], 0);
	assert_int_equal(f.m.wls[wl(&f, FE)].n_pols[KUBE_NP_EGRESS], 0);
	fx_free(&f);

	/* No policyTypes, egress rules: Ingress and Egress. */
	fx_load(&f, SHOP_WORKLOADS NETPOL_HEAD("p", "shop") "spec:\n  podSelector: {matchLabels: "
	                                                    "{app: frontend}}\n  egress:\n  - to: "
	                                                    "[{podSelector: {matchLabels: {app: "
	                                                    "payment}}}]\n");
	assert_true(f.m.pols[0].types[KUBE_NP_INGRESS]);
	assert_true(f.m.pols[0].types[KUBE_NP_EGRESS]);
	assert_reach(&f, FE, PAY, "any"); /* egress rule to payment, payment not isolated */
	assert_reach(&f, DB, FE, "none"); /* frontend's ingress: isolated, no rules */
	assert_reach(&f, FE, DB, "none"); /* egress only to payment */
	fx_free(&f);

	/* Explicit [Ingress] with egress rules: the egress rules do nothing. */
	fx_load(&f,
	        SHOP_WORKLOADS NETPOL_HEAD("p", "shop") "spec:\n  podSelector: {}\n  "
	                                                "policyTypes: [Ingress]\n  ingress: [{}]\n"
	                                                "  egress: [{to: [{podSelector: {}}]}]\n");
	assert_false(f.m.pols[0].types[KUBE_NP_EGRESS]);
	assert_true(f.m.pols[0].types_explicit);
	assert_reach(&f, FE, PAY, "any");
	fx_free(&f);

	/* An empty policyTypes list is defaulted like an absent one. */
	fx_load(&f, SHOP_WORKLOADS NETPOL_HEAD("p", "shop") "spec: {podSelector: {}, policyTypes: "
	                                                    "[]}\n");
	assert_false(f.m.pols[0].types_explicit);
	assert_true(f.m.pols[0].types[KUBE_NP_INGRESS]);
	assert_int_equal(f.m.nss[0].deny[KUBE_NP_INGRESS], 0);
	fx_free(&f);
}

static void test_allow_all_rule(void **state)
{
	struct fx f;
	struct kube_ports p = {0};
	size_t pol;

	(void)state;
	/* ingress: [{}] admits everything: no default deny, open to all. */
	fx_load(&f, SHOP_WORKLOADS NETPOL_HEAD("all", "shop") "spec: {podSelector: {}, ingress: "
	                                                      "[{}]}\n");
	assert_int_equal(f.m.nss[0].deny[KUBE_NP_INGRESS], SIZE_MAX);
	assert_reach(&f, FE, PAY, "any");
	assert_true(kube_netpol_open_to_all(&f.m, wl(&f, PAY), &p, &pol));
	assert_true(kube_ports_all(&p));
	assert_int_equal(pol, 0);
	fx_free(&f);

	/* `from: []` is every source too; a rule with only ports opens those ports. */
	fx_load(&f, SHOP_WORKLOADS NETPOL_HEAD("p",
	                                       "shop") "spec:\n  podSelector: {}\n  ingress:\n"
	                                               "  - from: []\n    ports: [{port: 8443}]\n");
	assert_reach(&f, FE, PAY, "TCP/8443");
	assert_true(kube_netpol_open_to_all(&f.m, wl(&f, PAY), &p, NULL));
	assert_true(kube_ports_has(&p, KUBE_PROTO_TCP, 8443));
	assert_false(kube_ports_has(&p, KUBE_PROTO_TCP, 8080));
	fx_free(&f);
	kube_ports_release(&p);
}

static void test_pod_selector_peer(void **state)
{
	struct fx f;

	(void)state;
	fx_load(&f,
	        SHOP_WORKLOADS NETPOL_HEAD("deny", "shop") "spec: {podSelector: {}}\n" NETPOL_HEAD(
	            "pay", "shop") "spec:\n  podSelector: {matchLabels: {app: payment}}\n  "
	                           "ingress:\n  - from:\n    - podSelector: {matchLabels: {app: "
	                           "frontend}}\n    ports:\n    - {protocol: TCP, port: 8443}\n");
	assert_reach(&f, FE, PAY, "TCP/8443");
	assert_reach(&f, DB, PAY, "none");
	assert_reach(&f, PAY, FE, "none");
	assert_reach(&f, FE, DB, "none");
	fx_free(&f);
}

/* A workload in another namespace, "ops", declared with a label. */
#define OPS                                                                                        \
	"---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ops, labels: {team: ops}}\n"       \
	"---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: frontend, namespace: ops}\n" \
	"spec:\n  template:\n    metadata: {labels: {app: frontend}}\n"                            \
	"    spec: {containers: [{name: c, image: x}]}\n"                                          \
	"---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: probe, namespace: ops}\n"          \
	"spec:\n  template:\n    metadata: {labels: {app: probe}}\n"                               \
	"    spec: {containers: [{name: c, image: x}]}\n"

#define OPS_FE "Deployment/ops/frontend"
#define PROBE  "Job/ops/probe"

static void test_pod_selector_is_same_namespace(void **state)
{
	struct fx f;

	(void)state;
	/* podSelector alone: pods of the policy's namespace only. */
	fx_load(&f,
	        SHOP_WORKLOADS OPS NETPOL_HEAD("pay", "shop") "spec:\n  podSelector: "
	                                                      "{matchLabels: {app: payment}}\n"
	                                                      "  ingress:\n  - from:\n    - "
	                                                      "podSelector: {matchLabels: {app: "
	                                                      "frontend}}\n");
	assert_reach(&f, FE, PAY, "any");
	assert_reach(&f, OPS_FE, PAY, "none");
	fx_free(&f);

	/* podSelector {}: every pod of the same namespace, still not other namespaces. */
	fx_load(&f, SHOP_WORKLOADS OPS NETPOL_HEAD("pay",
	                                           "shop") "spec:\n  podSelector: "
	                                                   "{matchLabels: {app: payment}}\n"
	                                                   "  ingress:\n  - from: [{podSelector: "
	                                                   "{}}]\n");
	assert_reach(&f, DB, PAY, "any");
	assert_reach(&f, OPS_FE, PAY, "none");
	assert_false(kube_netpol_open_to_all(&f.m, wl(&f, PAY), NULL, NULL));
	fx_free(&f);
}

static void test_namespace_selector(void **state)
{
	struct fx f;

	(void)state;
	/* namespaceSelector alone: every pod of the matching namespaces. */
	fx_load(&f,
	        SHOP_WORKLOADS OPS NETPOL_HEAD("pay", "shop") "spec:\n  podSelector: "
	                                                      "{matchLabels: {app: payment}}\n"
	                                                      "  ingress:\n  - from:\n    - "
	                                                      "namespaceSelector: {matchLabels: "
	                                                      "{team: ops}}\n");
	assert_reach(&f, OPS_FE, PAY, "any");
	assert_reach(&f, PROBE, PAY, "any");
	assert_reach(&f, FE, PAY, "none"); /* shop is not labelled team=ops */
	fx_free(&f);

	/* kubernetes.io/metadata.name is implied, also for undeclared namespaces. */
	fx_load(&f,
	        SHOP_WORKLOADS OPS NETPOL_HEAD("pay", "shop") "spec:\n  podSelector: "
	                                                      "{matchLabels: {app: payment}}\n"
	                                                      "  ingress:\n  - from:\n    - "
	                                                      "namespaceSelector: {matchLabels: "
	                                                      "{kubernetes.io/metadata.name: "
	                                                      "shop}}\n");
	assert_reach(&f, FE, PAY, "any");
	assert_reach(&f, OPS_FE, PAY, "none");
	fx_free(&f);

	/* namespaceSelector {}: every namespace, so every pod. */
	fx_load(&f, SHOP_WORKLOADS OPS NETPOL_HEAD("pay", "shop") "spec:\n  podSelector: "
	                                                          "{matchLabels: {app: payment}}\n"
	                                                          "  ingress:\n  - from: "
	                                                          "[{namespaceSelector: {}}]\n");
	assert_reach(&f, OPS_FE, PAY, "any");
	assert_reach(&f, FE, PAY, "any");
	assert_true(kube_netpol_open_to_all(&f.m, wl(&f, PAY), NULL, NULL));
	fx_free(&f);
}

static void test_and_versus_or(void **state)
{
	struct fx f;

	(void)state;
	/* One peer with both selectors: frontend pods in namespaces labelled team=ops (AND). */
	fx_load(&f,
	        SHOP_WORKLOADS OPS NETPOL_HEAD("pay", "shop") "spec:\n  podSelector: "
	                                                      "{matchLabels: {app: payment}}\n"
	                                                      "  ingress:\n  - from:\n    - "
	                                                      "namespaceSelector: {matchLabels: "
	                                                      "{team: ops}}\n      podSelector: "
	                                                      "{matchLabels: {app: frontend}}\n");
	assert_reach(&f, OPS_FE, PAY, "any");
	assert_reach(&f, PROBE, PAY, "none"); /* team=ops but not app=frontend */
	assert_reach(&f, FE, PAY, "none");    /* app=frontend but not team=ops */
	fx_free(&f);

	/* Two peers: namespaces labelled team=ops, or frontend pods of shop (OR). */
	fx_load(&f,
	        SHOP_WORKLOADS OPS NETPOL_HEAD("pay", "shop") "spec:\n  podSelector: "
	                                                      "{matchLabels: {app: payment}}\n"
	                                                      "  ingress:\n  - from:\n    - "
	                                                      "namespaceSelector: {matchLabels: "
	                                                      "{team: ops}}\n    - podSelector: "
	                                                      "{matchLabels: {app: frontend}}\n");
	assert_reach(&f, OPS_FE, PAY, "any");
	assert_reach(&f, PROBE, PAY, "any");
	assert_reach(&f, FE, PAY, "any");
	assert_reach(&f, DB, PAY, "none");
	fx_free(&f);
}

static void test_match_expressions_in_policy(void **state)
{
	struct fx f;

	(void)state;
	fx_load(&f,
	        SHOP_WORKLOADS NETPOL_HEAD("api", "shop") "spec:\n  podSelector:\n    "
	                                                  "matchExpressions:\n    - {key: app, "
	                                                  "operator: NotIn, values: [frontend]}\n"
	                                                  "  ingress:\n  - from:\n    - "
	                                                  "podSelector:\n        "
	                                                  "matchExpressions:\n        - {key: "
	                                                  "tier, operator: Exists}\n");
	/* Selected: payment and db (NotIn frontend); admitted: pods with a tier label. */
	assert_int_equal(f.m.pols[0].n_selected, 2);
	assert_reach(&f, FE, PAY, "any");
	assert_reach(&f, PAY, DB, "any");
	assert_reach(&f, DB, PAY, "none");
	assert_reach(&f, DB, FE, "any"); /* frontend is not selected */
	fx_free(&f);
}

static void test_ip_block(void **state)
{
	struct fx f;
	struct kube_np_external x;

	(void)state;
	fx_load(&f,
	        SHOP_WORKLOADS NETPOL_HEAD("fe", "shop") "spec:\n  podSelector: {matchLabels: "
	                                                 "{app: frontend}}\n  policyTypes: "
	                                                 "[Ingress, Egress]\n  ingress:\n  - "
	                                                 "from:\n    - ipBlock: {cidr: 0.0.0.0/0, "
	                                                 "except: [10.0.0.0/8, "
	                                                 "192.168.0.0/16]}\n    ports: [{port: "
	                                                 "http}]\n  egress:\n  - to: [{ipBlock: "
	                                                 "{cidr: 10.1.0.0/16}}]\n");
	/* ipBlock never matches pods. */
	assert_reach(&f, PAY, FE, "none");
	assert_reach(&f, FE, PAY, "none");
	kube_netpol_external(&f.m, wl(&f, FE), KUBE_NP_INGRESS, &x);
	assert_true(x.isolated);
	assert_false(x.any_address);
	assert_int_equal(x.cidrs.n, 1);
	assert_string_equal(x.cidrs.v[0], "0.0.0.0/0 except 10.0.0.0/8, 192.168.0.0/16");
	{
		char *s = fmt_ports(&x.ports);

		assert_string_equal(s, "TCP/8080"); /* named port resolved on frontend */
		free(s);
	}
	kube_np_external_release(&x);
	kube_netpol_external(&f.m, wl(&f, FE), KUBE_NP_EGRESS, &x);
	assert_true(x.isolated);
	assert_int_equal(x.cidrs.n, 1);
	assert_string_equal(x.cidrs.v[0], "10.1.0.0/16");
	assert_true(kube_ports_all(&x.ports));
	kube_np_external_release(&x);
	/* Payment is isolated by nothing: any address. */
	kube_netpol_external(&f.m, wl(&f, PAY), KUBE_NP_INGRESS, &x);
	assert_false(x.isolated);
	assert_true(x.any_address);
	kube_np_external_release(&x);
	fx_free(&f);
}

static void test_named_ports(void **state)
{
	struct fx f;

	(void)state;
	fx_load(&f, SHOP_WORKLOADS NETPOL_HEAD("p", "shop") "spec:\n  podSelector: {}\n  ingress:\n"
	                                                    "  - ports:\n    - port: https\n    - "
	                                                    "{port: metrics, protocol: UDP}\n    - "
	                                                    "port: http\n");
	/* Each destination resolves the names against its own container ports. */
	assert_reach(&f, FE, PAY, "TCP/8443, UDP/9090");
	assert_reach(&f, PAY, FE, "TCP/8080");
	assert_reach(&f, FE, DB, "none"); /* db names no port */
	fx_free(&f);

	/* The protocol must match: metrics is UDP on payment. */
	fx_load(&f, SHOP_WORKLOADS NETPOL_HEAD("p", "shop") "spec:\n  podSelector: {}\n  ingress:\n"
	                                                    "  - ports: [{port: metrics}]\n");
	assert_reach(&f, FE, PAY, "none");
	fx_free(&f);

	/* Egress named ports resolve on the destination too. */
	fx_load(&f,
	        SHOP_WORKLOADS NETPOL_HEAD("p", "shop") "spec:\n  podSelector: {matchLabels: "
	                                                "{app: frontend}}\n  policyTypes: "
	                                                "[Egress]\n  egress:\n  - ports: [{port: "
	                                                "https}]\n");
	assert_reach(&f, FE, PAY, "TCP/8443");
	assert_reach(&f, FE, DB, "none");
	fx_free(&f);
}

static void test_port_name_length(void **state)
{
	struct fx f;

	(void)state;
	/* An IANA service name has at most 15 characters (PORT_NAME_MAX). */
	fx_load(&f, "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec:\n"
	            "  containers: [{name: c, ports: [{name: abcdefghijklmno, containerPort: "
	            "7}]}]\n" NETPOL_HEAD(
	                "p", "a") "spec:\n  podSelector: {}\n  ingress: [{ports: [{port: "
	                          "abcdefghijklmno}, {port: abcdefghijklmnop}]}]\n");
	assert_true(f.m.pols[0].rules[KUBE_NP_INGRESS][0].ports[0].valid);
	assert_false(f.m.pols[0].rules[KUBE_NP_INGRESS][0].ports[1].valid);
	assert_reach(&f, "Pod/a/p", "Pod/a/p", "TCP/7");
	fx_free(&f);
}

static void test_sidecar_named_port(void **state)
{
	struct fx f;

	(void)state;
	fx_load(&f,
	        "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec:\n"
	        "  initContainers:\n  - {name: proxy, image: x, restartPolicy: Always, ports: "
	        "[{name: proxy, containerPort: 15001}]}\n"
	        "  - {name: setup, image: x, ports: [{name: setup, containerPort: 9}]}\n"
	        "  containers: [{name: c, image: x}]\n" NETPOL_HEAD("p", "a") "spec:\n  "
	                                                                      "podSelector: {}\n"
	                                                                      "  ingress: [{ports: "
	                                                                      "[{port: proxy}, "
	                                                                      "{port: setup}]}]\n");
	assert_reach(&f, "Pod/a/p", "Pod/a/p", "TCP/15001");
	fx_free(&f);
}

static void test_end_port(void **state)
{
	struct fx f;

	(void)state;
	fx_load(&f,
	        SHOP_WORKLOADS NETPOL_HEAD("p", "shop") "spec:\n  podSelector: {}\n  ingress:\n"
	                                                "  - ports:\n    - {port: 32000, endPort: "
	                                                "32768}\n    - {protocol: UDP}\n    - "
	                                                "{protocol: SCTP, port: 9}\n");
	assert_reach(&f, FE, PAY, "TCP/32000-32768, UDP/any, SCTP/9");
	fx_free(&f);
}

static void test_invalid_ports(void **state)
{
	struct fx f;

	(void)state;
	/* Each of these would be refused by the API server: it opens nothing here. */
	fx_load(&f, SHOP_WORKLOADS NETPOL_HEAD(
	                "p",
	                "shop") "spec:\n  podSelector: {}\n  ingress:\n"
	                        "  - ports:\n    - {port: '8443'}\n    - "
	                        "{port: 0}\n    - {port: 70000}\n    - "
	                        "{port: 100, endPort: 99}\n    - {port: "
	                        "https, endPort: 9000}\n    - {endPort: "
	                        "9000}\n    - {protocol: tcp, port: 1}\n"
	                        "    - {port: Https}\n    - {port: abcdefghijklmnop}\n    - {port: "
	                        "[1]}\n    - 8443\n");
	for (size_t i = 0; i < f.m.pols[0].rules[KUBE_NP_INGRESS][0].n_ports; i++)
		assert_false(f.m.pols[0].rules[KUBE_NP_INGRESS][0].ports[i].valid);
	assert_reach(&f, FE, PAY, "none");
	fx_free(&f);
}

static void test_policy_selecting_nothing(void **state)
{
	struct fx f;

	(void)state;
	fx_load(&f, SHOP_WORKLOADS NETPOL_HEAD(
	                "typo", "shop") "spec: {podSelector: {matchLabels: "
	                                "{app: paymnet}}}\n" NETPOL_HEAD(
	                                    "other", "ops") "spec: {podSelector: {}}\n");
	assert_int_equal(f.m.n_pols, 2);
	for (size_t i = 0; i < f.m.n_pols; i++)
		assert_int_equal(f.m.pols[i].n_selected, 0);
	/* "ops" is known from the policy, with no workload. */
	assert_int_not_equal(kube_netpol_find_ns(&f.m, "ops"), SIZE_MAX);
	assert_reach(&f, FE, PAY, "any");
	fx_free(&f);
}

static void test_egress_isolation(void **state)
{
	struct fx f;

	(void)state;
	fx_load(&f,
	        SHOP_WORKLOADS NETPOL_HEAD(
	            "deny-egress",
	            "shop") "spec: {podSelector: {}, "
	                    "policyTypes: [Egress]}\n" NETPOL_HEAD(
	                        "pay-db", "shop") "spec:\n  podSelector: {matchLabels: {app: "
	                                          "payment}}\n  policyTypes: [Egress]\n  "
	                                          "egress:\n  - to: [{podSelector: "
	                                          "{matchLabels: {app: db}}}]\n    ports: "
	                                          "[{port: 5432}, {protocol: UDP, port: 53}]\n");
	assert_int_equal(f.m.nss[0].deny[KUBE_NP_EGRESS], 0);
	assert_int_equal(f.m.nss[0].deny[KUBE_NP_INGRESS], SIZE_MAX);
	assert_reach(&f, FE, PAY, "none");
	assert_reach(&f, PAY, DB, "TCP/5432, UDP/53");
	assert_reach(&f, PAY, FE, "none");
	fx_free(&f);
}

static void test_ingress_and_egress_intersect(void **state)
{
	struct fx f;
	struct kube_np_verdict v;

	(void)state;
	fx_load(&f,
	        SHOP_WORKLOADS NETPOL_HEAD(
	            "in", "shop") "spec:\n  podSelector: {matchLabels: "
	                          "{app: payment}}\n  ingress:\n  - ports: "
	                          "[{port: 8000, endPort: 9000}]\n" NETPOL_HEAD(
	                              "out", "shop") "spec:\n  podSelector: {matchLabels: {app: "
	                                             "frontend}}\n  policyTypes: [Egress]\n  "
	                                             "egress:\n  - ports: [{port: 8443}, {port: "
	                                             "443}]\n");
	assert_reach(&f, FE, PAY, "TCP/8443");
	kube_netpol_decide(&f.m, wl(&f, FE), wl(&f, PAY), &v);
	assert_true(v.side[KUBE_NP_INGRESS].isolated);
	assert_true(v.side[KUBE_NP_EGRESS].isolated);
	assert_int_equal(v.side[KUBE_NP_INGRESS].n_hits, 1);
	assert_int_equal(v.side[KUBE_NP_EGRESS].n_hits, 1);
	kube_np_verdict_release(&v);
	/* Disjoint: denied although each side allows something. */
	fx_free(&f);
	fx_load(&f,
	        SHOP_WORKLOADS NETPOL_HEAD(
	            "in", "shop") "spec:\n  podSelector: {matchLabels: "
	                          "{app: payment}}\n  ingress:\n  - ports: "
	                          "[{port: 80}]\n" NETPOL_HEAD(
	                              "out", "shop") "spec:\n  podSelector: {matchLabels: {app: "
	                                             "frontend}}\n  policyTypes: [Egress]\n  "
	                                             "egress:\n  - ports: [{port: 443}]\n");
	assert_reach(&f, FE, PAY, "none");
	fx_free(&f);
}

static void test_rules_add_up(void **state)
{
	struct fx f;
	struct kube_np_verdict v;

	(void)state;
	fx_load(
	    &f,
	    SHOP_WORKLOADS NETPOL_HEAD(
	        "a", "shop") "spec:\n  podSelector: {matchLabels: "
	                     "{app: payment}}\n  ingress:\n  - from: "
	                     "[{podSelector: {matchLabels: {app: "
	                     "frontend}}}]\n    ports: [{port: 1}]\n" NETPOL_HEAD(
	                         "b", "shop") "spec:\n  podSelector: {matchLabels: {tier: api}}\n"
	                                      "  ingress:\n  - from: [{podSelector: {matchLabels: "
	                                      "{tier: web}}}]\n    ports: [{port: 2}]\n  - ports: "
	                                      "[{port: 3}]\n");
	assert_reach(&f, FE, PAY, "TCP/1-3");
	assert_reach(&f, DB, PAY, "TCP/3");
	kube_netpol_decide(&f.m, wl(&f, FE), wl(&f, PAY), &v);
	assert_int_equal(v.side[KUBE_NP_INGRESS].n_hits, 3);
	assert_false(v.side[KUBE_NP_EGRESS].isolated);
	kube_np_verdict_release(&v);
	fx_free(&f);
}

static void test_namespaces_and_defaults(void **state)
{
	struct fx f;

	(void)state;
	fx_load(&f, "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, "
	            "image: x}]}\n---\napiVersion: v1\nkind: PodTemplate\nmetadata: {name: t, "
	            "namespace: tpl}\ntemplate: {spec: {containers: [{name: c, image: x}]}}\n"
	            "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: "
	            "{name: r}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, "
	            "namespace: cfg}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: "
	            "empty}\n");
	/* The Pod is in "default"; the PodTemplate is namespaced but runs nothing. */
	assert_int_equal(f.m.n_wls, 1);
	assert_string_equal(f.m.wls[0].id, "Pod/default/a");
	assert_int_equal(f.m.n_nss, 4); /* cfg, default, empty, tpl; not the ClusterRole */
	assert_string_equal(f.m.nss[0].name, "cfg");
	assert_string_equal(f.m.nss[1].name, "default");
	assert_null(f.m.nss[1].decl);
	assert_non_null(f.m.nss[1].first);
	assert_non_null(f.m.nss[2].decl);
	assert_string_equal(kube_labels_get(&f.m.nss[2].labels, "kubernetes.io/metadata.name"),
	                    "empty");
	fx_free(&f);
}

static void test_job_labels_and_foreign(void **state)
{
	struct fx f;

	(void)state;
	fx_load(&f,
	        OPS "---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: "
	            "{name: calico, namespace: ops}\nspec: {selector: all()}\n---\napiVersion: "
	            "policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: "
	            "{name: anp}\nspec: {priority: 1}\n" NETPOL_HEAD("p", "ops") "spec:\n  "
	                                                                         "podSelector: "
	                                                                         "{matchLabels: "
	                                                                         "{job-name: "
	                                                                         "probe}}\n");
	assert_int_equal(f.m.n_pols, 1);
	assert_int_equal(f.m.n_foreign, 2);
	assert_false(f.m.foreign[0].cluster_wide);
	assert_true(f.m.foreign[1].cluster_wide);
	/* The Job controller's job-name label is known. */
	assert_int_equal(f.m.pols[0].n_selected, 1);
	assert_int_equal(f.m.wls[wl(&f, PROBE)].n_pols[KUBE_NP_INGRESS], 1);
	fx_free(&f);
}

static void test_edges_and_ceiling(void **state)
{
	struct vakt_buf y = VAKT_BUF_INIT;
	struct kube_np_edge *e = NULL;
	struct vakt_error *err = NULL;
	struct fx f;
	size_t n = 0;

	(void)state;
	fx_load(&f,
	        SHOP_WORKLOADS NETPOL_HEAD("deny", "shop") "spec: {podSelector: {}}\n" NETPOL_HEAD(
	            "pay", "shop") "spec:\n  podSelector: {matchLabels: {app: payment}}\n  "
	                           "ingress: [{from: [{podSelector: {matchLabels: {app: "
	                           "frontend}}}]}]\n");
	assert_int_equal(kube_netpol_edges(&f.m, &e, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(f.m.wls[e[0].src].id, FE);
	assert_string_equal(f.m.wls[e[0].dst].id, PAY);
	assert_true(kube_ports_all(&e[0].ports));
	kube_np_edges_free(e, n);
	fx_free(&f);

	/* One workload more than the ceiling: refused with a distinct error. */
	for (int i = 0; i <= KUBE_NETPOL_MAX_WORKLOADS; i++)
		vakt_buf_addf(&y,
		              "---\n{apiVersion: v1, kind: Pod, metadata: {name: p%d}, spec: "
		              "{containers: [{name: c}]}}\n",
		              i);
	fx_load(&f, vakt_buf_str(&y));
	assert_int_equal(f.m.n_wls, KUBE_NETPOL_MAX_WORKLOADS + 1);
	assert_int_equal(kube_netpol_edges(&f.m, &e, &n, &err), -E2BIG);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "too many workloads"));
	assert_null(e);
	vakt_error_free(err);
	fx_free(&f);
	vakt_buf_release(&y);
}

static void test_hostile_shapes(void **state)
{
	struct fx f;

	(void)state;
	/* Wrong types everywhere: no crash, nothing admitted that the API would refuse. */
	fx_load(&f, SHOP_WORKLOADS NETPOL_HEAD(
	                "w", "shop") "spec:\n  podSelector: [x]\n  "
	                             "policyTypes: Ingress\n  ingress: {from: "
	                             "x}\n" NETPOL_HEAD("v", "shop") "spec:\n  "
	                                                             "podSelector: "
	                                                             "{}\n  "
	                                                             "ingress:\n  - "
	                                                             "from: x\n  - "
	                                                             "from: [x, {}, "
	                                                             "{ipBlock: "
	                                                             "{}}]\n  - "
	                                                             "ports: x\n  - "
	                                                             "7\n  - ~\n");
	/* "w" selects nothing (invalid selector); "v": rule 5 (null) admits all. */
	assert_int_equal(f.m.pols[1].n_selected, 0);
	assert_int_equal(f.m.pols[0].n_rules[KUBE_NP_INGRESS], 4);
	assert_reach(&f, FE, PAY, "any");
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_selector_match_labels),
	    cmocka_unit_test(test_selector_expressions),
	    cmocka_unit_test(test_selector_invalid_selects_nothing),
	    cmocka_unit_test(test_selector_describe),
	    cmocka_unit_test(test_labels_last_wins),
	    cmocka_unit_test(test_ports_sets),
	    cmocka_unit_test(test_proto_parse),
	    cmocka_unit_test(test_no_policy_allows_everything),
	    cmocka_unit_test(test_default_deny_ingress),
	    cmocka_unit_test(test_missing_spec_is_default_deny),
	    cmocka_unit_test(test_policy_types_defaulting),
	    cmocka_unit_test(test_allow_all_rule),
	    cmocka_unit_test(test_pod_selector_peer),
	    cmocka_unit_test(test_pod_selector_is_same_namespace),
	    cmocka_unit_test(test_namespace_selector),
	    cmocka_unit_test(test_and_versus_or),
	    cmocka_unit_test(test_match_expressions_in_policy),
	    cmocka_unit_test(test_ip_block),
	    cmocka_unit_test(test_named_ports),
	    cmocka_unit_test(test_port_name_length),
	    cmocka_unit_test(test_sidecar_named_port),
	    cmocka_unit_test(test_end_port),
	    cmocka_unit_test(test_invalid_ports),
	    cmocka_unit_test(test_policy_selecting_nothing),
	    cmocka_unit_test(test_egress_isolation),
	    cmocka_unit_test(test_ingress_and_egress_intersect),
	    cmocka_unit_test(test_rules_add_up),
	    cmocka_unit_test(test_namespaces_and_defaults),
	    cmocka_unit_test(test_job_labels_and_foreign),
	    cmocka_unit_test(test_edges_and_ceiling),
	    cmocka_unit_test(test_hostile_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
