/* SPDX-License-Identifier: MIT */
/*
 * kube/kube-load.c: kinds by API group, and any object with a pod template
 * as a workload (KUBE_KIND_WORKLOAD), saying what was assumed for kinds
 * vakt does not know.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "kube/kube-load.h"

static size_t load_ok(struct kube_set *set, const char *text)
{
	struct vakt_error_list errs = {0};
	size_t n = kube_set_load(set, vakt_source_from_mem("k.yaml", text, strlen(text)), &errs);

	assert_int_equal(errs.n, 0);
	vakt_error_list_release(&errs);
	return n;
}

static void test_kind_by_group(void **state)
{
	(void)state;
	assert_int_equal(kube_kind_from("v1", "Service"), KUBE_KIND_SERVICE);
	assert_int_equal(kube_kind_from("apps/v1", "Deployment"), KUBE_KIND_DEPLOYMENT);
	assert_int_equal(kube_kind_from("networking.k8s.io/v1", "NetworkPolicy"),
	                 KUBE_KIND_NETWORKPOLICY);
	assert_int_equal(kube_kind_from(NULL, "Pod"), KUBE_KIND_POD);
	/* Another project's kind of the same name is not the built-in one. */
	assert_int_equal(kube_kind_from("serving.knative.dev/v1", "Service"), KUBE_KIND_OTHER);
	assert_int_equal(kube_kind_from("apps.kruise.io/v1beta1", "StatefulSet"), KUBE_KIND_OTHER);
	assert_int_equal(kube_kind_from("crd.projectcalico.org/v1", "NetworkPolicy"),
	                 KUBE_KIND_OTHER);
	assert_true(kube_kind_has_pod(KUBE_KIND_WORKLOAD));
	assert_false(kube_kind_has_pod(KUBE_KIND_NAMESPACE));
}

static void test_pod_templates(void **state)
{
	static const char text[] =
	    "{apiVersion: apps.openshift.io/v1, kind: DeploymentConfig, metadata: {name: dc},"
	    " spec: {template: {metadata: {labels: {a: b}}, spec: {containers: [{name: a}]}}}}\n"
	    "---\n"
	    "{apiVersion: v1, kind: DeploymentConfig, metadata: {name: dc3},"
	    " spec: {template: {spec: {containers: [{name: a}]}}}}\n"
	    "---\n"
	    "{apiVersion: argoproj.io/v1alpha1, kind: Rollout, metadata: {name: r},"
	    " spec: {template: {spec: {containers: [{name: a}], initContainers: [{name: i}]}}}}\n"
	    "---\n"
	    "{apiVersion: serving.knative.dev/v1, kind: Service, metadata: {name: kn},"
	    " spec: {template: {spec: {containers: [{image: x}]}}}}\n"
	    "---\n"
	    "{apiVersion: example.com/v1, kind: Thing, metadata: {name: t},"
	    " spec: {template: {spec: {containers: [{name: a}]}}}}\n"
	    "---\n"
	    "{apiVersion: example.com/v1, kind: Cron, metadata: {name: c},"
	    " spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: a}]}}}}}}\n"
	    "---\n"
	    "{apiVersion: example.com/v1, kind: Mail, metadata: {name: m},"
	    " spec: {template: {spec: {subject: hi}}}}\n"
	    "---\n"
	    "{apiVersion: argoproj.io/v1alpha1, kind: Rollout, metadata: {name: ref},"
	    " spec: {workloadRef: {kind: Deployment, name: web}}}\n";
	static const struct {
		enum kube_kind kind;
		const char *spec_path, *assumed;
		size_t n_containers;
	} want[] = {
	    {KUBE_KIND_WORKLOAD, "spec.template.spec", NULL, 1},
	    {KUBE_KIND_WORKLOAD, "spec.template.spec", NULL, 1},
	    {KUBE_KIND_WORKLOAD, "spec.template.spec", NULL, 2},
	    {KUBE_KIND_WORKLOAD, "spec.template.spec", NULL, 1},
	    {KUBE_KIND_WORKLOAD, "spec.template.spec", "spec.template", 1},
	    {KUBE_KIND_WORKLOAD, "spec.jobTemplate.spec.template.spec",
	     "spec.jobTemplate.spec.template", 1},
	    {KUBE_KIND_OTHER, NULL, NULL, 0},
	    {KUBE_KIND_OTHER, NULL, NULL, 0},
	};
	struct kube_set set = {0};

	(void)state;
	assert_int_equal(load_ok(&set, text), VAKT_ARRAY_SIZE(want));
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(want); i++) {
		const struct kube_object *o = &set.objs[i];

		assert_int_equal(o->kind, want[i].kind);
		assert_int_equal(o->n_containers, want[i].n_containers);
		if (!want[i].spec_path) {
			assert_null(o->pod_spec);
			continue;
		}
		assert_non_null(o->pod_spec);
		assert_string_equal(o->pod_spec_path, want[i].spec_path);
		if (want[i].assumed)
			assert_string_equal(o->assumed, want[i].assumed);
		else
			assert_null(o->assumed);
	}
	assert_non_null(vakt_yaml_get(set.objs[0].pod_meta, "labels"));
	kube_set_release(&set);
}

/* Without metadata.namespace: "default", where it lands (as vakt netpol names it); "-" when
 * cluster-scoped. */
static void test_default_namespace_in_paths(void **state)
{
	static const char text[] =
	    "{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}}\n"
	    "---\n"
	    "{apiVersion: v1, kind: ConfigMap, metadata: {name: cm}}\n"
	    "---\n"
	    "{apiVersion: v1, kind: Namespace, metadata: {name: shop}}\n"
	    "---\n"
	    "{apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole,"
	    " metadata: {name: view}}\n"
	    "---\n"
	    "{apiVersion: cert-manager.io/v1, kind: ClusterIssuer,"
	    " metadata: {name: le}}\n"
	    "---\n"
	    "{apiVersion: apps/v1, kind: Deployment,"
	    " metadata: {name: api, namespace: shop}}\n";
	static const char *const paths[] = {
	    "Deployment/default/web", "ConfigMap/default/cm", "Namespace/-/shop",
	    "ClusterRole/-/view",     "ClusterIssuer/-/le",   "Deployment/shop/api",
	};
	struct kube_set set = {0};

	(void)state;
	assert_int_equal(load_ok(&set, text), VAKT_ARRAY_SIZE(paths));
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(paths); i++)
		assert_string_equal(set.objs[i].path, paths[i]);
	assert_null(set.objs[0].ns);
	kube_set_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kind_by_group),
	    cmocka_unit_test(test_pod_templates),
	    cmocka_unit_test(test_default_namespace_in_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
