/* SPDX-License-Identifier: MIT */
/*
 * kube/kube-load.c and kube-emit.c: documents to objects, List flattening,
 * the pod template of every workload kind, containers, object paths,
 * locations, Helm template detection, the set ceilings, and the suppression
 * annotations kube_emit() honours.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/config.h"
#include "core/scan.h"
#include "kube/kube-load.h"

#define PATH "deploy.yaml"

/* Load text into set; the errors' formatted messages, joined by newlines, go to *errors. */
static size_t load(struct kube_set *set, const char *text, char **errors)
{
	struct vakt_error_list errs = {0};
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t n = kube_set_load(set, vakt_source_from_mem(PATH, text, strlen(text)), &errs);

	for (size_t i = 0; i < errs.n; i++) {
		char *m = vakt_error_format(errs.v[i]);

		vakt_buf_addf(&b, "%s%s", i ? "\n" : "", m);
		free(m);
	}
	vakt_error_list_release(&errs);
	*errors = vakt_buf_detach(&b);
	return n;
}

/* Load text that must load without errors. */
static size_t load_ok(struct kube_set *set, const char *text)
{
	char *errors;
	size_t n = load(set, text, &errors);

	if (*errors) {
		print_error("unexpected errors: %s\n", errors);
		free(errors);
		fail();
	}
	free(errors);
	return n;
}

static const struct kube_object *find(const struct kube_set *set, const char *path)
{
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->objs[i].path, path))
			return &set->objs[i];
	print_error("no object %s\n", path);
	fail();
	return NULL;
}

/* ---- kinds ------------------------------------------------------------------------ */

static void test_kinds(void **state)
{
	assert_int_equal(kube_kind_from_name("Deployment"), KUBE_KIND_DEPLOYMENT);
	assert_int_equal(kube_kind_from_name("CronJob"), KUBE_KIND_CRONJOB);
	assert_int_equal(kube_kind_from_name("ServiceAccount"), KUBE_KIND_SERVICEACCOUNT);
	assert_int_equal(kube_kind_from_name("NetworkPolicy"), KUBE_KIND_NETWORKPOLICY);
	/* Case-sensitive, as the API server is. */
	assert_int_equal(kube_kind_from_name("deployment"), KUBE_KIND_OTHER);
	assert_int_equal(kube_kind_from_name("ConfigMap"), KUBE_KIND_OTHER);
	assert_int_equal(kube_kind_from_name(NULL), KUBE_KIND_OTHER);
	assert_true(kube_kind_has_pod(KUBE_KIND_POD));
	assert_true(kube_kind_has_pod(KUBE_KIND_PODTEMPLATE));
	assert_true(kube_kind_has_pod(KUBE_KIND_REPLICATIONCONTROLLER));
	assert_false(kube_kind_has_pod(KUBE_KIND_NAMESPACE));
	assert_false(kube_kind_has_pod(KUBE_KIND_SERVICE));
	assert_false(kube_kind_has_pod(KUBE_KIND_OTHER));
}

/* ---- workloads and their pod templates ---------------------------------------- */

static const char workloads[] =
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: p, namespace: ns}\n"
    "spec:\n"
    "  containers: [{name: a, image: x}]\n"
    "---\n"
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata: {name: d}\n"
    "spec:\n"
    "  template:\n"
    "    metadata: {labels: {app: d}}\n"
    "    spec:\n"
    "      initContainers: [{name: init, image: x}]\n"
    "      containers: [{name: a, image: x}, {name: b, image: y}]\n"
    "      ephemeralContainers: [{name: dbg, image: z}]\n"
    "---\n"
    "{apiVersion: apps/v1, kind: StatefulSet, metadata: {name: s},"
    " spec: {template: {spec: {containers: [{name: a}]}}}}\n"
    "---\n"
    "{apiVersion: apps/v1, kind: DaemonSet, metadata: {name: ds},"
    " spec: {template: {spec: {containers: [{name: a}]}}}}\n"
    "---\n"
    "{apiVersion: apps/v1, kind: ReplicaSet, metadata: {name: rs},"
    " spec: {template: {spec: {containers: [{name: a}]}}}}\n"
    "---\n"
    "{apiVersion: v1, kind: ReplicationController, metadata: {name: rc},"
    " spec: {template: {spec: {containers: [{name: a}]}}}}\n"
    "---\n"
    "{apiVersion: batch/v1, kind: Job, metadata: {name: j},"
    " spec: {template: {spec: {containers: [{name: a}]}}}}\n"
    "---\n"
    "apiVersion: batch/v1\n"
    "kind: CronJob\n"
    "metadata: {name: cj, namespace: batch}\n"
    "spec:\n"
    "  schedule: '* * * * *'\n"
    "  jobTemplate:\n"
    "    spec:\n"
    "      template:\n"
    "        metadata: {annotations: {a: b}}\n"
    "        spec: {containers: [{name: a}]}\n"
    "---\n"
    "{apiVersion: v1, kind: PodTemplate, metadata: {name: pt},"
    " template: {spec: {containers: [{name: a}]}}}\n"
    "---\n"
    "{apiVersion: v1, kind: Namespace, metadata: {name: shop}}\n"
    "---\n"
    "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: deny, namespace: "
    "shop}, spec: {podSelector: {}}}\n"
    "---\n"
    "{apiVersion: v1, kind: Service, metadata: {name: svc}}\n"
    "---\n"
    "{apiVersion: v1, kind: ServiceAccount, metadata: {name: sa}}\n"
    "---\n"
    "{apiVersion: v1, kind: ConfigMap, metadata: {name: cm}}\n";

static void test_workloads(void **state)
{
	struct kube_set set = {0};
	const struct kube_object *o;
	static const struct {
		const char *path;
		enum kube_kind kind;
		const char *spec_path;
	} want[] = {
	    {"Pod/ns/p", KUBE_KIND_POD, "spec"},
	    {"Deployment/default/d", KUBE_KIND_DEPLOYMENT, "spec.template.spec"},
	    {"StatefulSet/default/s", KUBE_KIND_STATEFULSET, "spec.template.spec"},
	    {"DaemonSet/default/ds", KUBE_KIND_DAEMONSET, "spec.template.spec"},
	    {"ReplicaSet/default/rs", KUBE_KIND_REPLICASET, "spec.template.spec"},
	    {"ReplicationController/default/rc", KUBE_KIND_REPLICATIONCONTROLLER,
	     "spec.template.spec"},
	    {"Job/default/j", KUBE_KIND_JOB, "spec.template.spec"},
	    {"CronJob/batch/cj", KUBE_KIND_CRONJOB, "spec.jobTemplate.spec.template.spec"},
	    {"PodTemplate/default/pt", KUBE_KIND_PODTEMPLATE, "template.spec"},
	    {"Namespace/-/shop", KUBE_KIND_NAMESPACE, NULL},
	    {"NetworkPolicy/shop/deny", KUBE_KIND_NETWORKPOLICY, NULL},
	    {"Service/default/svc", KUBE_KIND_SERVICE, NULL},
	    {"ServiceAccount/default/sa", KUBE_KIND_SERVICEACCOUNT, NULL},
	    {"ConfigMap/default/cm", KUBE_KIND_OTHER, NULL},
	};

	assert_int_equal(load_ok(&set, workloads), VAKT_ARRAY_SIZE(want));
	assert_int_equal(set.n, VAKT_ARRAY_SIZE(want));
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(want); i++) {
		o = &set.objs[i];
		assert_string_equal(o->path, want[i].path);
		assert_int_equal(o->kind, want[i].kind);
		assert_string_equal(o->file, PATH);
		assert_non_null(o->src);
		assert_string_equal(o->src->path, PATH);
		if (want[i].spec_path) {
			assert_string_equal(o->pod_spec_path, want[i].spec_path);
			assert_true(vakt_yaml_is_map(o->pod_spec));
			assert_ptr_equal(o->pod_spec, vakt_yaml_path(o->node, want[i].spec_path));
			assert_true(o->n_containers >= 1);
		} else {
			assert_null(o->pod_spec);
			assert_null(o->pod_meta);
			assert_int_equal(o->n_containers, 0);
		}
	}
	o = find(&set, "Pod/ns/p");
	assert_string_equal(o->kind_name, "Pod");
	assert_string_equal(o->api_version, "v1");
	assert_string_equal(o->name, "p");
	assert_string_equal(o->ns, "ns");
	assert_ptr_equal(o->pod_meta, o->metadata);
	assert_int_equal(o->node->line, 1);

	/* All three container lists, in the order containers, init, ephemeral. */
	o = find(&set, "Deployment/default/d");
	assert_null(o->ns);
	assert_int_equal(o->n_containers, 4);
	assert_int_equal(o->containers[0].type, KUBE_CONTAINER);
	assert_string_equal(o->containers[0].name, "a");
	assert_int_equal(o->containers[1].index, 1);
	assert_string_equal(o->containers[1].name, "b");
	assert_int_equal(o->containers[2].type, KUBE_INIT_CONTAINER);
	assert_string_equal(o->containers[2].name, "init");
	assert_int_equal(o->containers[3].type, KUBE_EPHEMERAL_CONTAINER);
	assert_int_equal(o->containers[3].node->line, 16);
	assert_ptr_equal(o->pod_meta, vakt_yaml_path(o->node, "spec.template.metadata"));
	o = find(&set, "CronJob/batch/cj");
	assert_string_equal(vakt_yaml_get(vakt_yaml_get(o->pod_meta, "annotations"), "a")->str,
	                    "b");
	kube_set_release(&set);
	assert_int_equal(set.n, 0);
	assert_null(set.priv);
}

static void test_paths(void **state)
{
	struct kube_set set = {0};
	const struct kube_object *o;
	char *p;

	load_ok(&set, "apiVersion: v1\n"
	              "kind: Pod\n"
	              "metadata: {generateName: web-, namespace: shop}\n"
	              "spec:\n"
	              "  containers: [{name: app}, {image: x}]\n"
	              "  initContainers: [{name: setup}]\n"
	              "  ephemeralContainers: [{name: debug}]\n"
	              "---\n"
	              "apiVersion: v1\n"
	              "kind: Pod\n");
	o = &set.objs[0];
	assert_string_equal(o->name, "web-");
	assert_string_equal(o->path, "Pod/shop/web-");
	p = kube_container_path(o, &o->containers[0]);
	assert_string_equal(p, "Pod/shop/web-/container[app]");
	free(p);
	/* A container without a name is named by its index. */
	p = kube_container_path(o, &o->containers[1]);
	assert_string_equal(p, "Pod/shop/web-/container[1]");
	free(p);
	p = kube_container_path(o, &o->containers[2]);
	assert_string_equal(p, "Pod/shop/web-/initContainer[setup]");
	free(p);
	p = kube_container_path(o, &o->containers[3]);
	assert_string_equal(p, "Pod/shop/web-/ephemeralContainer[debug]");
	free(p);
	p = kube_container_path(o, NULL);
	assert_string_equal(p, "Pod/shop/web-");
	free(p);
	/* No metadata at all. */
	o = &set.objs[1];
	assert_string_equal(o->name, "");
	assert_null(o->metadata);
	assert_string_equal(o->path, "Pod/default/-");
	kube_set_release(&set);
}

static void test_where(void **state)
{
	struct kube_set set = {0};
	const struct kube_object *o;
	const struct vakt_yaml_node *sc;

	load_ok(&set, "apiVersion: apps/v1\n"
	              "kind: Deployment\n"
	              "metadata: {name: d}\n"
	              "spec:\n"
	              "  template:\n"
	              "    spec:\n"
	              "      securityContext:\n"
	              "        runAsUser: 0\n"
	              "      containers: [{name: a}]\n"
	              "---\n"
	              "apiVersion: apps/v1\n"
	              "kind: Deployment\n"
	              "metadata: {name: nospec}\n"
	              "spec:\n"
	              "  template:\n"
	              "    metadata: {}\n"
	              "---\n"
	              "apiVersion: v1\n"
	              "kind: Pod\n"
	              "metadata: {name: bare}\n");
	o = &set.objs[0];
	sc = vakt_yaml_get(o->pod_spec, "securityContext");
	/* The key when present. */
	assert_int_equal(kube_object_where(o, sc, "runAsUser")->line, 8);
	assert_int_equal(kube_object_where(o, sc, "runAsUser")->col, 9);
	/* The map when the key is missing. */
	assert_ptr_equal(kube_object_where(o, sc, "runAsNonRoot"), sc);
	/* The pod spec when the map is missing too. */
	assert_ptr_equal(kube_object_where(o, NULL, "x"), o->pod_spec);
	assert_int_equal(o->pod_parent->line, 7);

	/* Missing pod spec: the deepest node on the way. */
	o = &set.objs[1];
	assert_null(o->pod_spec);
	assert_ptr_equal(o->pod_parent, vakt_yaml_path(o->node, "spec.template"));
	assert_ptr_equal(kube_object_where(o, NULL, "securityContext"), o->pod_parent);
	assert_int_equal(o->n_containers, 0);
	o = &set.objs[2];
	assert_null(o->pod_spec);
	assert_ptr_equal(o->pod_parent, o->node);
	assert_ptr_equal(kube_object_where(o, NULL, NULL), o->node);
	assert_null(kube_object_where(NULL, NULL, NULL));
	kube_set_release(&set);
}

static void test_lists(void **state)
{
	struct kube_set set = {0};
	char *errors;

	load_ok(&set, "apiVersion: v1\n"
	              "kind: List\n"
	              "items:\n"
	              "- {apiVersion: v1, kind: Service, metadata: {name: a}}\n"
	              "- apiVersion: v1\n"
	              "  kind: PodList\n"
	              "  items:\n"
	              "  - {apiVersion: v1, kind: Pod, metadata: {name: b}}\n"
	              "- not an object\n"
	              "- {kind: NoApiVersion}\n");
	assert_int_equal(set.n, 2);
	assert_string_equal(set.objs[0].path, "Service/default/a");
	assert_string_equal(set.objs[1].path, "Pod/default/b");
	assert_int_equal(set.objs[1].node->line, 8);
	kube_set_release(&set);

	/* JSON, as kubectl get -o json prints it. */
	load_ok(&set,
	        "{\n"
	        "    \"apiVersion\": \"v1\",\n"
	        "    \"items\": [\n"
	        "        {\n"
	        "            \"apiVersion\": \"apps/v1\",\n"
	        "            \"kind\": \"Deployment\",\n"
	        "            \"metadata\": {\"name\": \"web\", \"namespace\": \"shop\"},\n"
	        "            \"spec\": {\"template\": {\"spec\": {\"containers\": [{\"name\": "
	        "\"app\", \"image\": \"nginx\"}]}}}\n"
	        "        }\n"
	        "    ],\n"
	        "    \"kind\": \"List\",\n"
	        "    \"metadata\": {\"resourceVersion\": \"\"}\n"
	        "}\n");
	assert_int_equal(set.n, 1);
	assert_string_equal(set.objs[0].path, "Deployment/shop/web");
	assert_int_equal(set.objs[0].containers[0].node->line, 8);
	kube_set_release(&set);

	/* A kind ending in List without items is an ordinary object. */
	load_ok(&set, "{apiVersion: example.com/v1, kind: AllowList, metadata: {name: x}}\n");
	assert_int_equal(set.n, 1);
	assert_string_equal(set.objs[0].path, "AllowList/default/x");
	kube_set_release(&set);

	/* Nesting beyond KUBE_MAX_LIST_DEPTH is an error; the shallower items stay. */
	assert_int_equal(KUBE_MAX_LIST_DEPTH, 4);
	load(&set,
	     "apiVersion: v1\nkind: List\nitems:\n"
	     "- {apiVersion: v1, kind: Pod, metadata: {name: one}}\n"
	     "- apiVersion: v1\n  kind: List\n  items:\n"
	     "  - apiVersion: v1\n    kind: List\n    items:\n"
	     "    - apiVersion: v1\n      kind: List\n      items:\n"
	     "      - {apiVersion: v1, kind: Pod, metadata: {name: four}}\n"
	     "      - apiVersion: v1\n        kind: List\n        items:\n"
	     "        - {apiVersion: v1, kind: Pod, metadata: {name: five}}\n",
	     &errors);
	assert_string_equal(errors, "deploy.yaml:15:9: 'List' nested deeper than 4 lists");
	free(errors);
	assert_int_equal(set.n, 2);
	assert_string_equal(set.objs[1].path, "Pod/default/four");
	kube_set_release(&set);
}

static void test_skips_and_errors(void **state)
{
	struct kube_set set = {0};
	char *errors;

	/* Not Kubernetes: nothing, silently. */
	assert_int_equal(load_ok(&set, "name: CI\non: [push]\njobs: {}\n"), 0);
	assert_int_equal(load_ok(&set, "[1, 2, 3]\n"), 0);
	assert_int_equal(load_ok(&set, ""), 0);
	assert_int_equal(load_ok(&set, "apiVersion: v1\nkind: [Pod]\n"), 0);
	assert_int_equal(load_ok(&set, "apiVersion: ~\nkind: Pod\n"), 0);
	assert_int_equal(set.n, 0);
	/* Broken YAML that is not a manifest is not ours to report. */
	assert_int_equal(load_ok(&set, "title: [unclosed\n"), 0);
	assert_int_equal(load_ok(&set, "kind: x\ntitle: [unclosed\n"), 0);
	/* Nor is a template of something else (Ansible, Jinja, ...). */
	assert_int_equal(load_ok(&set, "- hosts: all\n  vars:\n    port: {{ port }}\n"), 0);

	/* A broken manifest: the error, and the documents before it. */
	assert_int_equal(load(&set,
	                      "apiVersion: v1\nkind: Service\nmetadata: {name: ok}\n---\n"
	                      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n",
	                      &errors),
	                 1);
	assert_string_equal(errors, "deploy.yaml:9:1: invalid YAML: did not find expected ',' or "
	                            "']' (while parsing a flow sequence started at 8:9)");
	free(errors);
	assert_string_equal(set.objs[0].path, "Service/default/ok");
	kube_set_release(&set);

	/* A billion laughs in a manifest is one error. */
	load(&set,
	     "apiVersion: v1\nkind: ConfigMap\ndata:\n"
	     "  a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	     "  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	     "  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	     "  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	     "  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	     "  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	     "  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
	     &errors);
	assert_non_null(strstr(errors, "deploy.yaml:10:10: alias '*f'"));
	assert_non_null(strstr(errors, "expands to more than 2000000 nodes"));
	free(errors);
	assert_int_equal(set.n, 0);
	kube_set_release(&set);
}

/* ---- one document at a time: what the set keeps ------------------------------- */

struct seen {
	size_t calls, objects;
	char first_image[64]; /* read while the whole tree is there */
};

static void note_objects(struct kube_set *set, size_t first, size_t n, void *data)
{
	struct seen *s = data;

	s->calls++;
	s->objects += n;
	for (size_t i = first; i < first + n; i++) {
		const struct vakt_yaml_node *spec = vakt_yaml_get(set->objs[i].node, "data");

		/* A ConfigMap's data is there for the object rules (residency reads it). */
		if (spec && !s->first_image[0])
			snprintf(s->first_image, sizeof(s->first_image), "%s",
			         vakt_yaml_text(vakt_yaml_get(spec, "region")));
	}
}

struct reloaded {
	size_t calls;
	bool env; /* the whole container has its env */
};

static void note_reloaded(const struct kube_object *kept, const struct kube_object *whole,
                          void *data)
{
	struct reloaded *r = data;

	r->calls++;
	assert_ptr_not_equal(kept, whole);
	assert_string_equal(kept->path, whole->path);
	assert_int_equal(kept->node->line, whole->node->line);
	assert_false(whole->trimmed);
	r->env = whole->n_containers == 1 && vakt_yaml_get(whole->containers[0].node, "env");
}

static void test_load_each_trims(void **state)
{
	static const char text[] =
	    "apiVersion: v1\nkind: ConfigMap\n"
	    "metadata:\n  name: cm\n  namespace: shop\n  labels: {a: b}\n"
	    "  annotations: {vakt.io/ignore: KS001}\n"
	    "data:\n  region: eu-west-1\n"
	    "---\n"
	    "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa, labels: {a: b}}\n"
	    "automountServiceAccountToken: false\nsecrets: [{name: x}]\n"
	    "---\n"
	    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {a: b}}\n"
	    "spec:\n  template:\n    metadata: {labels: {app: web}}\n"
	    "    spec:\n      containers:\n      - {name: app, image: nginx, env: [{name: A}],\n"
	    "         resources: {limits: {cpu: \"1\"}}}\n"
	    "---\n"
	    "apiVersion: v1\nkind: List\nitems:\n"
	    "- {apiVersion: v1, kind: Service, metadata: {name: s}, spec: {ports: [{port: 80}]}}\n"
	    "- {apiVersion: v1, kind: LimitRange, metadata: {name: lr}, spec: {limits: []}}\n"
	    "---\n"
	    "apiVersion: v1\nkind: Secret\nmetadata: {name: sec, labels: &l {a: b}}\n"
	    "data: {k: dg==}\nextra: *l\n";
	struct vakt_error_list errs = {0};
	struct kube_set set = {0};
	struct seen seen = {0};
	const struct kube_object *o;
	size_t n;

	n = kube_set_load_each(&set, vakt_source_from_mem(PATH, text, strlen(text)), &errs,
	                       note_objects, &seen);
	assert_int_equal(errs.n, 0);
	assert_int_equal(n, 6);
	/* Every document's objects went to fn whole, one document at a time. */
	assert_int_equal(seen.calls, 5);
	assert_int_equal(seen.objects, 6);
	assert_string_equal(seen.first_image, "eu-west-1");

	/* Not read by end(): apiVersion, kind and metadata's name, namespace, annotations. */
	o = find(&set, "ConfigMap/shop/cm");
	assert_int_equal(o->node->n, 3);
	assert_null(vakt_yaml_get(o->node, "data"));
	assert_null(vakt_yaml_get(o->metadata, "labels"));
	assert_non_null(vakt_yaml_get(o->metadata, "annotations"));
	assert_string_equal(o->api_version, "v1");
	/* Positions are the original's: findings and order in end() stay the same. */
	assert_int_equal(o->node->line, 1);
	assert_int_equal(o->node->end_line, 9);
	assert_int_equal(o->metadata->line, 4);

	/* A ServiceAccount keeps automountServiceAccountToken (KS060 reads it). */
	o = find(&set, "ServiceAccount/default/sa");
	assert_non_null(vakt_yaml_get(o->node, "automountServiceAccountToken"));
	assert_null(vakt_yaml_get(o->node, "secrets"));

	/*
	 * A workload keeps its pod's labels, the path to its pod and of each
	 * container what end() reads (name, image, ports, resources); not its env,
	 * nor a controller's own labels.
	 */
	o = find(&set, "Deployment/default/web");
	assert_true(o->trimmed);
	assert_null(vakt_yaml_get(o->metadata, "labels"));
	assert_non_null(vakt_yaml_get(o->pod_meta, "labels"));
	assert_int_equal(o->n_containers, 1);
	assert_null(vakt_yaml_get(o->containers[0].node, "env"));
	assert_string_equal(vakt_yaml_text(vakt_yaml_get(o->containers[0].node, "image")), "nginx");
	assert_string_equal(o->containers[0].name, "app");
	/* Of resources the keys stay (locations); what the lists set was read when loaded. */
	assert_int_equal(vakt_yaml_path(o->containers[0].node, "resources.limits")->n, 0);
	assert_true(o->containers[0].limits.cpu);
	assert_false(o->containers[0].limits.memory);
	assert_false(o->containers[0].requests.cpu);
	/* kube_set_reload() gives it whole again, each file read once. */
	{
		const struct kube_object *objs[] = {o};
		struct reloaded r = {0};

		kube_set_reload(objs, 1, note_reloaded, &r);
		assert_int_equal(r.calls, 1);
		assert_true(r.env);
	}
	/* LimitRanges stay whole, in a List too. */
	assert_false(find(&set, "LimitRange/default/lr")->trimmed);
	assert_non_null(vakt_yaml_get(find(&set, "LimitRange/default/lr")->node, "spec"));
	assert_null(vakt_yaml_get(find(&set, "Service/default/s")->node, "spec"));

	/* A document with aliases is kept whole: a trimmed node could be shared. */
	o = find(&set, "Secret/default/sec");
	assert_non_null(vakt_yaml_get(o->node, "data"));

	/* The source is packed; its lines still read. */
	assert_null(o->src->data);
	{
		size_t len;
		const char *l = vakt_source_line(o->src, 2, &len);

		assert_int_equal(len, strlen("kind: ConfigMap"));
		assert_memory_equal(l, "kind: ConfigMap", len);
	}
	kube_set_release(&set);
	vakt_error_list_release(&errs);

	/* kube_set_load() keeps everything (vakt netpol reads the trees its own way). */
	load_ok(&set, text);
	assert_non_null(vakt_yaml_get(find(&set, "ConfigMap/shop/cm")->node, "data"));
	assert_non_null(find(&set, "ConfigMap/shop/cm")->src->data);
	kube_set_release(&set);
}

/* ---- Helm templates ---------------------------------------------------------- */

static void test_helm_template(void **state)
{
	struct kube_set set = {0};
	char *errors;

	assert_int_equal(load(&set,
	                      "# {{ comments do not count }}\n"
	                      "apiVersion: apps/v1\n"
	                      "kind: Deployment\n"
	                      "metadata:\n"
	                      "  name: {{ include \"app.fullname\" . }}\n"
	                      "  labels:\n"
	                      "    {{- include \"app.labels\" . | nindent 4 }}\n"
	                      "spec:\n"
	                      "  replicas: {{ .Values.replicas }\n",
	                      &errors),
	                 0);
	/* One error, at the first giveaway, not a storm of YAML errors. */
	assert_string_equal(errors, "deploy.yaml:5:9: looks like a Helm/Go template: render it "
	                            "first (helm template ...)");
	free(errors);
	assert_int_equal(set.n, 0);
	kube_set_release(&set);
}

static void test_template_detection(void **state)
{
	static const struct {
		const char *text;
		long offset;
	} cases[] = {
	    /* Templates. */
	    {"{{- if .Values.enabled }}\napiVersion: v1\n", 0},
	    {"kind: Pod\nimage: \"{{ .Values.image }}:1\"\n", 18},
	    {"a:\n  - {{ .x }}\n", 7},
	    {"a:\n  -   {{ template \"x\" }}\n", 9},
	    {"a: |\n  {{ toYaml .Values.config | nindent 2 }}\n", 7},
	    {"a: {{ $x }}\n", 3},
	    {"  {{ end }}\n", 2},
	    {"name: '{{ .Release.Name }}'\n", 7},
	    /* Not templates. */
	    {"a: 1\n", -1},
	    {"# {{ .Values.x }}\n", -1},
	    {"a: 1 # {{ .Values.x }}\n", -1},
	    {"summary: \"{{ $labels.instance }} is down: {{ $value }}\"\n", -1},
	    {"summary: '{{ $labels.pod }}'\n", -1},
	    {"alert.tmpl: |\n  {{ define \"x\" }}\n  {{ .CommonLabels.alertname }}\n"
	     "  {{ end }}\nnext: 1\n",
	     -1},
	    {"run: echo ${{ secrets.TOKEN }}\n", -1},
	    {"x: a {{ b }} c\n", -1},
	    {"- >-\n  {{ x }}\n", -1},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		const char *t = cases[i].text;
		long got = kube_template_offset(t, strlen(t));

		if (got != cases[i].offset) {
			print_error("<<%s>>: got %ld, expected %ld\n", t, got, cases[i].offset);
			fail();
		}
		assert_int_equal(kube_looks_templated(t, strlen(t)), cases[i].offset >= 0);
	}
	assert_false(kube_looks_templated(NULL, 0));
}

static void test_looks_like_manifest(void **state)
{
	static const char *const yes[] = {
	    "apiVersion: v1\nkind: Pod\n",
	    "\xef\xbb\xbf# c\nkind: Pod\napiVersion: v1\n",
	    "{\"apiVersion\": \"v1\", \"kind\": \"List\"}",
	    "{\n  \"kind\": \"Pod\",\n  \"apiVersion\": \"v1\"\n}\n",
	};
	static const char *const no[] = {
	    "",
	    "apiVersion: v1\n",
	    "spec:\n  apiVersion: v1\n  kind: Pod\n",
	    "name: CI\non: push\n",
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(yes); i++)
		assert_true(kube_looks_like_manifest(yes[i], strlen(yes[i])));
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(no); i++)
		assert_false(kube_looks_like_manifest(no[i], strlen(no[i])));
}

/* ---- the set ------------------------------------------------------------------ */

static void test_set_take(void **state)
{
	struct kube_set all = {0}, one = {0}, two = {0};
	struct vakt_error_list errs = {0};

	load_ok(&one, "{apiVersion: v1, kind: Pod, metadata: {name: a}}\n");
	load_ok(&two, "{apiVersion: v1, kind: Pod, metadata: {name: b}}\n---\n"
	              "{apiVersion: v1, kind: Pod, metadata: {name: c}}\n");
	kube_set_take(&all, &one, &errs);
	kube_set_take(&all, &two, &errs);
	assert_int_equal(errs.n, 0);
	assert_int_equal(one.n, 0);
	assert_int_equal(two.n, 0);
	kube_set_release(&one);
	kube_set_release(&two);
	assert_int_equal(all.n, 3);
	/* The objects still read their trees and sources. */
	assert_string_equal(all.objs[2].path, "Pod/default/c");
	assert_string_equal(all.objs[2].src->path, PATH);
	assert_int_equal(all.objs[2].node->line, 3);
	kube_set_release(&all);
}

/*
 * KUBE_MAX_OBJECTS, without a million real objects: a set whose first
 * objects are zeroed placeholders (calloc'd, so untouched pages cost no
 * memory) gets real ones on top.
 */
static void fill_placeholders(struct kube_set *set, size_t n)
{
	set->objs = vakt_xcalloc(KUBE_MAX_OBJECTS, sizeof(*set->objs));
	set->cap = KUBE_MAX_OBJECTS;
	set->n = n;
}

/* Free the real objects after the placeholders, then the set. */
static void release_placeholders(struct kube_set *set, size_t n)
{
	for (size_t i = n; i < set->n; i++) {
		free(set->objs[i].containers);
		free(set->objs[i].path);
	}
	set->n = 0;
	kube_set_release(set);
}

static void test_max_objects(void **state)
{
	const char two_pods[] = "{apiVersion: v1, kind: Pod, metadata: {name: a}}\n---\n"
	                        "{apiVersion: v1, kind: Pod, metadata: {name: b}}\n";
	struct kube_set big = {0}, file = {0};
	struct vakt_error_list errs = {0};
	char *errors, *m;

	/* Loading into a nearly full set. */
	fill_placeholders(&big, KUBE_MAX_OBJECTS - 1);
	assert_int_equal(load(&big, two_pods, &errors), 1);
	assert_string_equal(errors,
	                    "deploy.yaml:3:1: more than 1000000 Kubernetes objects in one scan");
	free(errors);
	assert_int_equal(big.n, KUBE_MAX_OBJECTS);
	assert_string_equal(big.objs[KUBE_MAX_OBJECTS - 1].path, "Pod/default/a");
	/* Reported once. */
	assert_int_equal(load(&big, two_pods, &errors), 0);
	assert_string_equal(errors, "");
	free(errors);
	release_placeholders(&big, KUBE_MAX_OBJECTS - 1);

	/* Moving a file's set into a nearly full one. */
	fill_placeholders(&big, KUBE_MAX_OBJECTS - 1);
	load_ok(&file, two_pods);
	kube_set_take(&big, &file, &errs);
	kube_set_release(&file);
	assert_int_equal(big.n, KUBE_MAX_OBJECTS);
	assert_int_equal(errs.n, 1);
	m = vakt_error_format(errs.v[0]);
	assert_string_equal(m, "deploy.yaml:3:1: more than 1000000 Kubernetes objects in one scan");
	free(m);
	vakt_error_list_release(&errs);
	release_placeholders(&big, KUBE_MAX_OBJECTS - 1);
}

/* ---- kube_emit and suppression annotations ----------------------------------------- */

static void check_nothing(struct vakt_check_ctx *ctx)
{
	(void)ctx;
}

static const char *const fake_equivalents[] = {
    "kube-linter:run-as-non-root", "polaris:runAsRootAllowed",
    "checkov:CKV_K8S_23",          "trivy:KSV012",
    "trivy:AVD-KSV-0012",          NULL};
static const struct vakt_rule fake_rule = {
    .id = "KS901",
    .slug = "fake-run-as-root",
    .domain = "kubernetes",
    .severity = VAKT_SEV_HIGH,
    .title = "a rule for the tests",
    .equivalents = fake_equivalents,
    .check = check_nothing,
};
static const struct vakt_rule plain_rule = {
    .id = "KS902",
    .slug = "fake-plain",
    .domain = "kubernetes",
    .severity = VAKT_SEV_LOW,
    .title = "a rule with no peers",
    .check = check_nothing,
};

/*
 * Emit rule on the first object of text (on its first container when
 * container is set) and return the finding's suppression reason, "-" when
 * not suppressed. The caller frees it.
 */
static char *emit_reason(const struct vakt_rule *rule, const char *text, bool container,
                         bool inline_ignores)
{
	struct kube_set set = {0};
	struct vakt_config config = {0};
	struct vakt_scan_opts opts;
	struct vakt_findings out = {0};
	struct vakt_check_ctx ctx = {0};
	const struct kube_object *o;
	char *r;

	vakt_scan_opts_init(&opts, &config);
	opts.inline_ignores = inline_ignores;
	load_ok(&set, text);
	o = &set.objs[0];
	ctx.rule = rule;
	ctx.opts = &opts;
	ctx.out = &out;
	kube_emit(&ctx, o, container ? &o->containers[0] : NULL, NULL, "x");
	assert_int_equal(out.n, 1);
	r = out.v[0].suppressed ? vakt_xstrdup(out.v[0].suppress_reason) : vakt_xstrdup("-");
	if (!out.v[0].suppressed)
		assert_null(out.v[0].suppress_reason);
	vakt_findings_release(&out);
	kube_set_release(&set);
	return r;
}

static void expect_reason(const struct vakt_rule *rule, const char *annotations, bool container,
                          const char *want)
{
	char *text = vakt_xasprintf("apiVersion: apps/v1\n"
	                            "kind: Deployment\n"
	                            "metadata:\n"
	                            "  name: web\n"
	                            "  namespace: shop\n"
	                            "  annotations: %s\n"
	                            "spec:\n"
	                            "  template:\n"
	                            "    spec:\n"
	                            "      containers: [{name: app}]\n",
	                            annotations);
	char *got = emit_reason(rule, text, container, true);

	if (strcmp(got, want)) {
		print_error("annotations %s: got '%s', expected '%s'\n", annotations, got, want);
		free(got);
		free(text);
		fail();
	}
	free(got);
	free(text);
}

static void test_emit_location(void **state)
{
	struct kube_set set = {0};
	struct vakt_config config = {0};
	struct vakt_scan_opts opts;
	struct vakt_findings out = {0};
	struct vakt_check_ctx ctx = {0};
	const struct kube_object *o;
	const struct vakt_yaml_node *img;

	vakt_scan_opts_init(&opts, &config);
	load_ok(&set, "apiVersion: v1\n"
	              "kind: Pod\n"
	              "metadata: {name: p}\n"
	              "spec:\n"
	              "  containers:\n"
	              "  - name: app\n"
	              "    image: nginx:latest\n");
	o = &set.objs[0];
	ctx.rule = &plain_rule;
	ctx.opts = &opts;
	ctx.out = &out;
	img = vakt_yaml_get(o->containers[0].node, "image");
	kube_emit(&ctx, o, &o->containers[0], img, "image '%s' uses latest", img->str);
	kube_emit(&ctx, o, NULL, NULL, "about the pod");
	assert_null(ctx.src); /* restored */
	assert_int_equal(out.n, 2);
	assert_string_equal(out.v[0].message, "image 'nginx:latest' uses latest");
	assert_string_equal(out.v[0].loc.file, PATH);
	assert_int_equal(out.v[0].loc.line, 7);
	assert_int_equal(out.v[0].loc.column, 12);
	assert_int_equal(out.v[0].loc.end_line, 7);
	assert_int_equal(out.v[0].loc.end_column, 23);
	assert_string_equal(out.v[0].loc.object, "Pod/default/p/container[app]");
	assert_string_equal(out.v[0].snippet, "    image: nginx:latest");
	assert_ptr_equal(out.v[0].rule, &plain_rule);
	assert_false(out.v[0].suppressed);
	/* No node: the object itself. */
	assert_int_equal(out.v[1].loc.line, 1);
	assert_int_equal(out.v[1].loc.column, 1);
	assert_string_equal(out.v[1].loc.object, "Pod/default/p");
	assert_string_equal(out.v[1].snippet, "apiVersion: v1");
	vakt_findings_release(&out);
	kube_set_release(&set);
}

static void test_suppress_vakt(void **state)
{
	const struct vakt_rule *r = &fake_rule;

	expect_reason(r, "{}", false, "-");
	expect_reason(r, "{vakt.io/ignore: KS901}", false,
	              "annotation vakt.io/ignore on Deployment/shop/web");
	expect_reason(r, "{vakt.io/ignore: KS901}", true,
	              "annotation vakt.io/ignore on Deployment/shop/web");
	/* Ids, slugs and peer aliases, in a list with blanks. */
	expect_reason(r, "{vakt.io/ignore: 'KS001, fake-run-as-root'}", false,
	              "annotation vakt.io/ignore on Deployment/shop/web");
	expect_reason(r, "{vakt.io/ignore: 'CKV_K8S_23'}", false,
	              "annotation vakt.io/ignore on Deployment/shop/web");
	expect_reason(r, "{vakt.io/ignore: 'KSV012'}", false,
	              "annotation vakt.io/ignore on Deployment/shop/web");
	expect_reason(r, "{vakt.io/ignore: 'AVD-KSV-0012'}", false,
	              "annotation vakt.io/ignore on Deployment/shop/web");
	expect_reason(r, "{vakt.io/ignore: all}", false,
	              "annotation vakt.io/ignore on Deployment/shop/web");
	expect_reason(r, "{vakt.io/ignore: 'KS001,KS002'}", false, "-");
	expect_reason(r, "{vakt.io/ignore: ''}", false, "-");
	expect_reason(r, "{vakt.io/ignore: ','}", false, "-");
	expect_reason(r, "{vakt.io/ignore: [KS901]}", false, "-");
	/* The reason annotation. */
	expect_reason(r, "{vakt.io/ignore: KS901, vakt.io/ignore-reason: 'runs as root by design'}",
	              false,
	              "annotation vakt.io/ignore on Deployment/shop/web: runs as root by design");
	/* Per container: only that container's findings. */
	expect_reason(r, "{vakt.io/ignore.app: KS901}", true,
	              "annotation vakt.io/ignore.app on Deployment/shop/web");
	expect_reason(r, "{vakt.io/ignore.app: KS901}", false, "-");
	expect_reason(r, "{vakt.io/ignore.other: KS901}", true, "-");
	expect_reason(r, "{vakt.io/ignore.: KS901}", true, "-");
}

static void test_suppress_peers(void **state)
{
	const struct vakt_rule *r = &fake_rule;

	expect_reason(
	    r, "{ignore-check.kube-linter.io/run-as-non-root: 'legacy image'}", false,
	    "annotation ignore-check.kube-linter.io/run-as-non-root on Deployment/shop/web: "
	    "legacy image");
	expect_reason(
	    r, "{ignore-check.kube-linter.io/run-as-non-root: ''}", true,
	    "annotation ignore-check.kube-linter.io/run-as-non-root on Deployment/shop/web");
	expect_reason(r, "{ignore-check.kube-linter.io/latest-tag: x}", false, "-");
	expect_reason(r, "{ignore-check.kube-linter.io/: x}", false, "-");
	expect_reason(r, "{kube-linter.io/ignore-all: 'third party'}", false,
	              "annotation kube-linter.io/ignore-all on Deployment/shop/web: third party");
	expect_reason(&plain_rule, "{kube-linter.io/ignore-all: x}", false, "-");
	expect_reason(r, "{polaris.fairwinds.com/runAsRootAllowed-exempt: 'true'}", false,
	              "annotation polaris.fairwinds.com/runAsRootAllowed-exempt on "
	              "Deployment/shop/web");
	expect_reason(r, "{polaris.fairwinds.com/runAsRootAllowed-exempt: true}", false,
	              "annotation polaris.fairwinds.com/runAsRootAllowed-exempt on "
	              "Deployment/shop/web");
	expect_reason(r, "{polaris.fairwinds.com/runAsRootAllowed-exempt: 'false'}", false, "-");
	expect_reason(r, "{polaris.fairwinds.com/hostNetworkSet-exempt: 'true'}", false, "-");
	expect_reason(r, "{polaris.fairwinds.com/-exempt: 'true'}", false, "-");
	expect_reason(r, "{polaris.fairwinds.com/exempt: 'true'}", false,
	              "annotation polaris.fairwinds.com/exempt on Deployment/shop/web");
	expect_reason(r, "{polaris.fairwinds.com/exempt: 'no'}", false, "-");
	expect_reason(&plain_rule, "{polaris.fairwinds.com/exempt: 'true'}", false, "-");
	expect_reason(r, "{checkov.io/skip1: 'CKV_K8S_23=approved by security'}", false,
	              "annotation checkov.io/skip1 on Deployment/shop/web: approved by security");
	expect_reason(r, "{checkov.io/skip2: CKV_K8S_23}", false,
	              "annotation checkov.io/skip2 on Deployment/shop/web");
	expect_reason(r, "{checkov.io/skip1: 'CKV_K8S_20=other check'}", false, "-");
	expect_reason(r, "{checkov.io/skip1: '=x'}", false, "-");
}

static void test_suppress_pod_template(void **state)
{
	const char *text = "apiVersion: batch/v1\n"
	                   "kind: CronJob\n"
	                   "metadata: {name: nightly}\n"
	                   "spec:\n"
	                   "  jobTemplate:\n"
	                   "    spec:\n"
	                   "      template:\n"
	                   "        metadata:\n"
	                   "          annotations:\n"
	                   "            vakt.io/ignore.app: KS901\n"
	                   "            vakt.io/ignore-reason: batch job\n"
	                   "        spec:\n"
	                   "          containers: [{name: app}]\n";
	char *r = emit_reason(&fake_rule, text, true, true);

	assert_string_equal(r,
	                    "annotation vakt.io/ignore.app on CronJob/default/nightly: batch job");
	free(r);
	/* --no-inline-ignores: annotations are not honoured either. */
	r = emit_reason(&fake_rule, text, true, false);
	assert_string_equal(r, "-");
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kinds),
	    cmocka_unit_test(test_workloads),
	    cmocka_unit_test(test_paths),
	    cmocka_unit_test(test_where),
	    cmocka_unit_test(test_lists),
	    cmocka_unit_test(test_skips_and_errors),
	    cmocka_unit_test(test_helm_template),
	    cmocka_unit_test(test_template_detection),
	    cmocka_unit_test(test_looks_like_manifest),
	    cmocka_unit_test(test_set_take),
	    cmocka_unit_test(test_load_each_trims),
	    cmocka_unit_test(test_max_objects),
	    cmocka_unit_test(test_emit_location),
	    cmocka_unit_test(test_suppress_vakt),
	    cmocka_unit_test(test_suppress_peers),
	    cmocka_unit_test(test_suppress_pod_template),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
