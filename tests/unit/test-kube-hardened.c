/* SPDX-License-Identifier: MIT */
/*
 * The hardened profile (KS rules) through the real loader: a fully hardened
 * workload is clean, pod-level settings are inherited without false
 * positives, findings carry the container's object path and the field's
 * position, the message ceilings hold, and hostile shapes do not crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/scan.h"
#include "kube/kube-check.h"

/* Scan text as a manifest with every rule; the caller releases *res. */
static void scan(const char *text, struct vakt_scan_result *res)
{
	static struct vakt_config *cfg;
	struct vakt_scan_opts opts;

	if (!cfg)
		cfg = vakt_config_new();
	vakt_scan_opts_init(&opts, cfg);
	memset(res, 0, sizeof(*res));
	vakt_scan_source(&kube_domain, vakt_source_from_mem("deploy.yaml", text, strlen(text)),
	                 &opts, res);
}

/* How many findings of rule id the scan has. */
static size_t count(const struct vakt_scan_result *res, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < res->findings.n; i++)
		n += !strcmp(res->findings.v[i].rule->id, id);
	return n;
}

/* The first finding of rule id, or fail. */
static const struct vakt_finding *first(const struct vakt_scan_result *res, const char *id)
{
	for (size_t i = 0; i < res->findings.n; i++)
		if (!strcmp(res->findings.v[i].rule->id, id))
			return &res->findings.v[i];
	fail_msg("no finding of %s", id);
	return NULL;
}

/* The finding of rule id on object path obj, or fail. */
static const struct vakt_finding *on(const struct vakt_scan_result *res, const char *id,
                                     const char *obj)
{
	for (size_t i = 0; i < res->findings.n; i++)
		if (!strcmp(res->findings.v[i].rule->id, id) && res->findings.v[i].loc.object &&
		    !strcmp(res->findings.v[i].loc.object, obj))
			return &res->findings.v[i];
	fail_msg("no finding of %s on %s", id, obj);
	return NULL;
}

static const char hardened[] = "apiVersion: apps/v1\n"
                               "kind: Deployment\n"
                               "metadata:\n"
                               "  name: web\n"
                               "  namespace: shop\n"
                               "spec:\n"
                               "  selector:\n"
                               "    matchLabels: {app: web}\n"
                               "  template:\n"
                               "    metadata:\n"
                               "      labels: {app: web}\n"
                               "    spec:\n"
                               "      automountServiceAccountToken: false\n"
                               "      securityContext:\n"
                               "        runAsNonRoot: true\n"
                               "        runAsUser: 10001\n"
                               "        runAsGroup: 10001\n"
                               "        fsGroup: 10001\n"
                               "        seccompProfile:\n"
                               "          type: RuntimeDefault\n"
                               "      containers:\n"
                               "        - name: app\n"
                               "          image: registry.example.com/shop/web:1.4.2@sha256:"
                               "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
                               "          securityContext:\n"
                               "            allowPrivilegeEscalation: false\n"
                               "            readOnlyRootFilesystem: true\n"
                               "            capabilities:\n"
                               "              drop: [ALL]\n"
                               "              add: [NET_BIND_SERVICE]\n"
                               "          resources:\n"
                               "            requests: {cpu: 100m, memory: 128Mi}\n"
                               "            limits: {cpu: 500m, memory: 256Mi}\n"
                               "          livenessProbe:\n"
                               "            httpGet: {path: /healthz, port: 8080}\n"
                               "          readinessProbe:\n"
                               "            httpGet: {path: /ready, port: 8080}\n"
                               "          volumeMounts:\n"
                               "            - name: tmp\n"
                               "              mountPath: /tmp\n"
                               "      volumes:\n"
                               "        - name: tmp\n"
                               "          emptyDir: {}\n";

/* The fully hardened workload (docs/kubernetes.md) has no KS finding at all. */
static void test_hardened_is_clean(void **state)
{
	struct vakt_scan_result res;

	(void)state;
	scan(hardened, &res);
	for (size_t i = 0; i < res.findings.n; i++)
		if (!strncmp(res.findings.v[i].rule->id, "KS", 2))
			fail_msg("%s: %s", res.findings.v[i].rule->id, res.findings.v[i].message);
	assert_int_equal(res.errors.n, 0);
	vakt_scan_result_release(&res);
}

/* The same spec with nothing set fires every per-container rule once. */
static void test_bare_container(void **state)
{
	static const char *const ids[] = {"KS001", "KS005", "KS011", "KS012", "KS015",
	                                  "KS020", "KS040", "KS041", "KS060", "KS070",
	                                  "KS071", "KS072", "KS073"};
	struct vakt_scan_result res;

	(void)state;
	scan("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
	     "    - name: app\n      image: nginx\n",
	     &res);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(ids); i++)
		if (count(&res, ids[i]) != 1)
			fail_msg("%s: %zu findings", ids[i], count(&res, ids[i]));
	/* Not reported: things that are not there. */
	assert_int_equal(count(&res, "KS002"), 0);
	assert_int_equal(count(&res, "KS004"), 0);
	assert_int_equal(count(&res, "KS010"), 0);
	assert_int_equal(count(&res, "KS021"), 0);
	assert_int_equal(count(&res, "KS030"), 0);
	vakt_scan_result_release(&res);
}

/* Pod-level values are inherited; a container's own value wins. */
static void test_inheritance(void **state)
{
	struct vakt_scan_result res;

	(void)state;
	scan("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
	     "  securityContext:\n"
	     "    runAsNonRoot: true\n"
	     "    runAsUser: 0\n"
	     "    seccompProfile: {type: Unconfined}\n"
	     "  containers:\n"
	     "    - name: a\n      image: x:1\n"
	     "      securityContext:\n"
	     "        runAsUser: 1000\n"
	     "        seccompProfile: {type: RuntimeDefault}\n"
	     "    - name: b\n      image: x:1\n"
	     "      securityContext:\n"
	     "        runAsNonRoot: null\n",
	     &res);
	/* b inherits runAsUser 0 and Unconfined; a overrides both. */
	assert_int_equal(count(&res, "KS001"), 0);
	assert_int_equal(count(&res, "KS002"), 1);
	assert_string_equal(first(&res, "KS002")->loc.object, "Pod/default/p/container[b]");
	assert_int_equal(first(&res, "KS002")->loc.line, 7);
	assert_int_equal(first(&res, "KS002")->loc.column, 5);
	assert_non_null(strstr(first(&res, "KS002")->message, "spec.securityContext.runAsUser=0"));
	assert_int_equal(count(&res, "KS015"), 1);
	assert_string_equal(first(&res, "KS015")->loc.object, "Pod/default/p/container[b]");
	vakt_scan_result_release(&res);
}

/* Messages name the container kind and name and the value; object paths match. */
static void test_messages_and_paths(void **state)
{
	struct vakt_scan_result res;
	const struct vakt_finding *f;

	(void)state;
	scan("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n"
	     "spec:\n  template:\n    spec:\n"
	     "      initContainers:\n"
	     "        - name: setup\n          image: x:1\n"
	     "          securityContext:\n            privileged: true\n"
	     "      containers:\n"
	     "        - name: app\n          image: x:1\n"
	     "      ephemeralContainers:\n"
	     "        - name: debug\n          image: busybox:1.36\n"
	     "          securityContext:\n            capabilities:\n"
	     "              add: [SYS_PTRACE]\n",
	     &res);
	f = first(&res, "KS010");
	assert_string_equal(f->loc.object, "Deployment/shop/web/initContainer[setup]");
	assert_int_equal(f->loc.line, 11);
	assert_int_equal(f->loc.column, 13);
	assert_non_null(strstr(
	    f->message, "init container \"setup\" runs with securityContext.privileged=true"));
	f = first(&res, "KS013");
	assert_string_equal(f->loc.object, "Deployment/shop/web/ephemeralContainer[debug]");
	assert_non_null(strstr(f->message, "ephemeral container \"debug\" adds capability "
	                                   "SYS_PTRACE"));
	/* A missing field is reported at the nearest parent: the container. */
	f = on(&res, "KS020", "Deployment/shop/web/initContainer[setup]");
	assert_int_equal(f->loc.line, 10);
	assert_int_equal(f->loc.column, 11);
	f = on(&res, "KS020", "Deployment/shop/web/container[app]");
	assert_int_equal(f->loc.line, 13);
	assert_int_equal(f->loc.column, 11);
	vakt_scan_result_release(&res);
}

/* Windows pods skip the Linux-only rules (the API server rejects those fields). */
static void test_windows(void **state)
{
	struct vakt_scan_result res;

	(void)state;
	scan("apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n  os: {name: windows}\n"
	     "  containers:\n    - name: iis\n      image: x:1\n",
	     &res);
	assert_int_equal(count(&res, "KS001"), 0);
	assert_int_equal(count(&res, "KS012"), 0);
	assert_int_equal(count(&res, "KS015"), 0);
	assert_int_equal(count(&res, "KS020"), 0);
	assert_int_equal(count(&res, "KS070"), 1);
	vakt_scan_result_release(&res);
}

/* KUBE_MAX_SECRETS_PER_CONTAINER bounds KS050 per container. */
static void test_secret_ceiling(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_scan_result res;

	(void)state;
	vakt_buf_adds(&b, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
	                  "  containers:\n    - name: app\n      image: x:1\n      env:\n");
	for (int i = 0; i < KUBE_MAX_SECRETS_PER_CONTAINER + 5; i++)
		vakt_buf_addf(&b, "        - {name: K%d, value: AKIAQWERTYUIOPASDF%02d}\n", i, i);
	scan(vakt_buf_str(&b), &res);
	assert_int_equal(count(&res, "KS050"), KUBE_MAX_SECRETS_PER_CONTAINER);
	assert_non_null(strstr(first(&res, "KS050")->message, "AWS access key id"));
	/* Redacted: the key itself is not in the message. */
	assert_null(strstr(first(&res, "KS050")->message, "AKIAQWERTYUIOPASDF00"));
	vakt_scan_result_release(&res);
	vakt_buf_release(&b);
}

/* KUBE_MSG_MAX bounds the user text quoted in a message. */
static void test_message_ceiling(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_scan_result res;
	char *name = vakt_xmalloc(5000);

	(void)state;
	memset(name, 'n', 4999);
	name[4999] = '\0';
	vakt_buf_addf(
	    &b,
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
	    "    - name: %s\n      image: x:1\n      securityContext: {privileged: true}\n",
	    name);
	scan(vakt_buf_str(&b), &res);
	assert_true(strlen(first(&res, "KS010")->message) < 2 * KUBE_MSG_MAX + 200);
	vakt_scan_result_release(&res);
	vakt_buf_release(&b);
	free(name);
}

/* The listing ceilings: long drop lists end in "...". */
static void test_list_ceiling(void **state)
{
	struct vakt_scan_result res;

	(void)state;
	scan("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
	     "    - name: app\n      image: x:1\n      securityContext:\n        capabilities:\n"
	     "          drop: [A1, A2, A3, A4, A5, A6, A7, A8, A9]\n",
	     &res);
	assert_non_null(strstr(first(&res, "KS012")->message, "A6, ..."));
	assert_null(strstr(first(&res, "KS012")->message, "A7"));
	vakt_scan_result_release(&res);
}

/*
 * A very long TMPDIR is ignored rather than overrun; a hostPath is judged
 * whatever its length (the normaliser has no cap).
 */
static void test_path_ceilings(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_scan_result res;

	(void)state;
	vakt_buf_adds(&b, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
	                  "  containers:\n    - name: app\n      image: x:1\n"
	                  "      securityContext: {readOnlyRootFilesystem: true}\n"
	                  "      env:\n        - name: TMPDIR\n          value: /");
	for (int i = 0; i < 3000; i++)
		vakt_buf_adds(&b, "d/");
	vakt_buf_adds(&b, "\n      volumeMounts:\n        - {name: t, mountPath: /tmp}\n"
	                  "  volumes:\n    - name: t\n      emptyDir: {}\n"
	                  "    - name: h\n      hostPath:\n        path: /");
	for (int i = 0; i < 3000; i++)
		vakt_buf_adds(&b, "d/");
	vakt_buf_adds(&b, "docker.sock\n");
	scan(vakt_buf_str(&b), &res);
	/* The over-long TMPDIR is ignored: /tmp is writable, so no KS021. */
	assert_int_equal(count(&res, "KS021"), 0);
	/* A socket at the end of 3,000 components is still the runtime's socket. */
	assert_int_equal(count(&res, "KS033"), 0);
	assert_int_equal(count(&res, "KS034"), 1);
	vakt_scan_result_release(&res);
	vakt_buf_release(&b);
}

/* Shapes the API server would reject never crash a check. */
static void test_hostile_shapes(void **state)
{
	static const char *const docs[] = {
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: [1, 2]\n",
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: nope\n"
	    "  containers: [app, {name: x, securityContext: [1], image: {a: b}, env: 3,\n"
	    "    ports: {hostPort: 1}, resources: [], volumeMounts: [7, {mountPath: []}]}]\n"
	    "  volumes: [{hostPath: 5}, {hostPath: {path: [x]}}, 9]\n",
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
	    "    - securityContext:\n        capabilities: {add: {x: y}, drop: ALL}\n"
	    "        seccompProfile: Unconfined\n        runAsUser: [0]\n"
	    "      env: [{name: [x], value: {y: z}}, {value: AKIAQWERTYUIOPASDFGH}]\n"
	    "      args: [[1], {a: b}]\n",
	    "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {jobTemplate: 1}\n",
	    "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default}\n---\n"
	    "apiVersion: v1\nkind: LimitRange\nmetadata: {name: l}\nspec: {limits: [1, {type: "
	    "Container, default: 3}]}\n---\n"
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a}]}\n",
	};
	struct vakt_scan_result res;

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(docs); i++) {
		scan(docs[i], &res);
		vakt_scan_result_release(&res);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hardened_is_clean), cmocka_unit_test(test_bare_container),
	    cmocka_unit_test(test_inheritance),       cmocka_unit_test(test_messages_and_paths),
	    cmocka_unit_test(test_windows),           cmocka_unit_test(test_secret_ceiling),
	    cmocka_unit_test(test_message_ceiling),   cmocka_unit_test(test_list_ceiling),
	    cmocka_unit_test(test_path_ceilings),     cmocka_unit_test(test_hostile_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
