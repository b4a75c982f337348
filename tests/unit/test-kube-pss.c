/* SPDX-License-Identifier: MIT */
/* Unit tests for the Pod Security Standards evaluator (src/kube/kube-pss.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/util.h"
#include "core/yaml.h"
#include "kube/kube-pss.h"

/* A restricted-clean pod: the checks under test are broken one at a time. */
#define GOOD_SC                                                                                    \
	"  securityContext:\n"                                                                     \
	"    runAsNonRoot: true\n"                                                                 \
	"    seccompProfile:\n"                                                                    \
	"      type: RuntimeDefault\n"
#define GOOD_CTR_SC                                                                                \
	"    securityContext:\n"                                                                   \
	"      allowPrivilegeEscalation: false\n"                                                  \
	"      capabilities:\n"                                                                    \
	"        drop: [ALL]\n"

struct eval {
	struct vakt_yaml_stream *st;
	struct kube_pss_result r;
	char *ids;     /* "privileged,runAsNonRoot" */
	char *message; /* PSA's message */
};

static struct kube_pss_policy policy(const char *spec)
{
	struct kube_pss_policy p;
	struct vakt_error *err = NULL;

	if (kube_pss_parse(spec, &p, &err) < 0)
		fail_msg("cannot parse policy '%s': %s", spec, err ? err->msg : "?");
	return p;
}

/* Evaluate the pod document yaml (metadata/spec at the top) under spec. */
static void eval_run(struct eval *e, const char *spec, const char *yaml)
{
	struct kube_pss_policy p = policy(spec);
	struct vakt_error *err = NULL;
	struct vakt_buf ids = VAKT_BUF_INIT;
	const struct vakt_yaml_node *root;

	memset(e, 0, sizeof(*e));
	if (vakt_yaml_parse("pod.yaml", yaml, strlen(yaml), &e->st, &err) < 0)
		fail_msg("bad test YAML: %s", err ? err->msg : "?");
	root = e->st->n_docs ? e->st->docs[0].root : NULL;
	kube_pss_evaluate(&p, vakt_yaml_get(root, "metadata"), vakt_yaml_get(root, "spec"), &e->r);
	for (size_t i = 0; i < e->r.n; i++)
		vakt_buf_addf(&ids, "%s%s", i ? "," : "", kube_pss_check_name(e->r.v[i].check));
	e->ids = vakt_buf_detach(&ids);
	e->message = kube_pss_result_message(&e->r);
}

static void eval_release(struct eval *e)
{
	kube_pss_result_release(&e->r);
	vakt_yaml_free(e->st);
	free(e->ids);
	free(e->message);
}

/* The failing checks of yaml under spec, comma-separated ("" when allowed). */
#define assert_checks(spec, yaml, want)                                                            \
	do {                                                                                       \
		struct eval e_;                                                                    \
		eval_run(&e_, (spec), (yaml));                                                     \
		if (strcmp(e_.ids, (want)))                                                        \
			print_message("# %s: %s\n", (spec), e_.message);                           \
		assert_string_equal(e_.ids, (want));                                               \
		eval_release(&e_);                                                                 \
	} while (0)

/* A pod whose spec is GOOD_SC, one container "app" with GOOD_CTR_SC and extra lines. */
static char *pod(const char *meta, const char *spec_extra, const char *ctr_extra)
{
	return vakt_xasprintf("metadata:\n  name: p\n%sspec:\n" GOOD_SC "%s  containers:\n"
	                      "  - name: app\n    image: app:1\n" GOOD_CTR_SC "%s",
	                      meta ? meta : "", spec_extra ? spec_extra : "",
	                      ctr_extra ? ctr_extra : "");
}

/* --- policies ------------------------------------------------------------------ */

static void test_levels(void **state)
{
	enum kube_pss_level l;

	assert_int_equal(0, kube_pss_parse_level("baseline", &l));
	assert_int_equal(KUBE_PSS_BASELINE, l);
	assert_int_equal(0, kube_pss_parse_level("restricted", &l));
	assert_int_equal(KUBE_PSS_RESTRICTED, l);
	assert_int_equal(0, kube_pss_parse_level("privileged", &l));
	assert_int_equal(KUBE_PSS_PRIVILEGED, l);
	/* Case-sensitive, as PSA's ParseLevel. */
	assert_int_equal(-EINVAL, kube_pss_parse_level("Restricted", &l));
	assert_int_equal(-EINVAL, kube_pss_parse_level("", &l));
	assert_int_equal(-EINVAL, kube_pss_parse_level(NULL, &l));
	assert_string_equal("restricted", kube_pss_level_name(KUBE_PSS_RESTRICTED));
}

static void test_versions(void **state)
{
	struct kube_pss_policy p = {0};
	/* "v1." and the 19 digits of LONG_MAX fill the ceiling; one digit more does not fit. */
	const char *longest = "v1.9223372036854775807";
	const char *too_long = "v1.10000000000000000000";

	assert_int_equal(0, kube_pss_parse_version("latest", &p));
	assert_int_equal(KUBE_PSS_NEWEST_MINOR, p.minor);
	assert_string_equal("latest", p.version);
	/* The newest version's text and number agree. */
	assert_int_equal(0, kube_pss_parse_version(KUBE_PSS_NEWEST_VERSION, &p));
	assert_int_equal(KUBE_PSS_NEWEST_MINOR, p.minor);
	assert_int_equal(0, kube_pss_parse_version("v1.0", &p));
	assert_int_equal(0, p.minor);
	assert_int_equal(0, kube_pss_parse_version("v1.30", &p));
	assert_int_equal(30, p.minor);
	assert_string_equal("v1.30", p.version);
	/* Above the newest known version means the newest, keeping the text. */
	assert_int_equal(0, kube_pss_parse_version("v1.99", &p));
	assert_int_equal(KUBE_PSS_NEWEST_MINOR, p.minor);
	assert_string_equal("v1.99", p.version);
	assert_int_equal(0, kube_pss_parse_version("v1.999999999999999999", &p));
	assert_int_equal(KUBE_PSS_NEWEST_MINOR, p.minor);
	/* PSA's ^v1\.(0|[1-9][0-9]*)$ and Atoi's range. */
	static const char *const bad[] = {"v1.01",
	                                  "v2.0",
	                                  "1.30",
	                                  "v1.",
	                                  "v1.-1",
	                                  "v1.3O",
	                                  "V1.30",
	                                  "v1.30 ",
	                                  " v1.30",
	                                  "v1.+3",
	                                  "Latest",
	                                  "",
	                                  "v1.9223372036854775808"};
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(bad); i++) {
		p.minor = 7;
		assert_int_equal(-EINVAL, kube_pss_parse_version(bad[i], &p));
		assert_int_equal(7, p.minor);
	}
	assert_int_equal(KUBE_PSS_VERSION_MAX, strlen(longest) + 1);
	assert_int_equal(0, kube_pss_parse_version(longest, &p));
	assert_int_equal(KUBE_PSS_NEWEST_MINOR, p.minor);
	assert_string_equal(longest, p.version);
	assert_int_equal(KUBE_PSS_VERSION_MAX, strlen(too_long));
	assert_int_equal(-EINVAL, kube_pss_parse_version(too_long, &p));
}

static void test_parse_policy(void **state)
{
	struct kube_pss_policy p;
	struct vakt_error *err = NULL;

	assert_int_equal(0, kube_pss_parse("restricted", &p, NULL));
	assert_int_equal(KUBE_PSS_RESTRICTED, p.level);
	assert_string_equal("latest", p.version);
	assert_int_equal(0, kube_pss_parse("baseline:v1.22", &p, NULL));
	assert_int_equal(KUBE_PSS_BASELINE, p.level);
	assert_int_equal(22, p.minor);
	assert_int_equal(0, kube_pss_parse("privileged:latest", &p, NULL));

	assert_int_equal(-EINVAL, kube_pss_parse("strict", &p, &err));
	assert_non_null(strstr(err->msg, "'strict'"));
	assert_non_null(strstr(err->msg, "privileged, baseline or restricted"));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(-EINVAL, kube_pss_parse("restricted:1.30", &p, &err));
	assert_non_null(strstr(err->msg, "'1.30'"));
	assert_non_null(strstr(err->msg, "v1.37"));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(-EINVAL, kube_pss_parse("restricted:", &p, &err));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(-EINVAL, kube_pss_parse(":v1.30", &p, &err));
	vakt_error_free(err);
	assert_int_equal(-EINVAL, kube_pss_parse(NULL, &p, NULL));
}

static void test_check_names(void **state)
{
	for (int c = 0; c < KUBE_PSS_CHECK_COUNT; c++)
		assert_int_equal(
		    c, kube_pss_check_from_name(kube_pss_check_name((enum kube_pss_check)c)));
	assert_int_equal(-1, kube_pss_check_from_name("RunAsNonRoot"));
	assert_int_equal(KUBE_PSS_BASELINE, kube_pss_check_level(KUBE_PSS_SYSCTLS));
	assert_int_equal(KUBE_PSS_RESTRICTED, kube_pss_check_level(KUBE_PSS_RUN_AS_USER));
}

static bool active(const char *spec, enum kube_pss_check c)
{
	struct kube_pss_policy p = policy(spec);

	return kube_pss_check_active(&p, c);
}

/* First versions, levels, and the restricted checks that replace baseline ones. */
static void test_active(void **state)
{
	for (int c = 0; c < KUBE_PSS_CHECK_COUNT; c++)
		assert_false(active("privileged", (enum kube_pss_check)c));
	assert_true(active("baseline:v1.0", KUBE_PSS_PRIVILEGED_CHECK));
	assert_false(active("baseline", KUBE_PSS_RUN_AS_NON_ROOT));
	assert_true(active("restricted:v1.0", KUBE_PSS_PRIVILEGED_CHECK));
	/* hostPathVolumes is always replaced by restrictedVolumes. */
	assert_true(active("baseline", KUBE_PSS_HOST_PATH_VOLUMES));
	assert_false(active("restricted:v1.0", KUBE_PSS_HOST_PATH_VOLUMES));
	assert_true(active("restricted:v1.0", KUBE_PSS_RESTRICTED_VOLUMES));
	/* Seccomp: baseline's until v1.18 at restricted, then the restricted one. */
	assert_true(active("restricted:v1.18", KUBE_PSS_SECCOMP_BASELINE));
	assert_false(active("restricted:v1.18", KUBE_PSS_SECCOMP_RESTRICTED));
	assert_false(active("restricted:v1.19", KUBE_PSS_SECCOMP_BASELINE));
	assert_true(active("restricted:v1.19", KUBE_PSS_SECCOMP_RESTRICTED));
	assert_true(active("baseline:v1.19", KUBE_PSS_SECCOMP_BASELINE));
	/* Capabilities at v1.22. */
	assert_true(active("restricted:v1.21", KUBE_PSS_CAPABILITIES_BASELINE));
	assert_false(active("restricted:v1.21", KUBE_PSS_CAPABILITIES_RESTRICTED));
	assert_false(active("restricted:v1.22", KUBE_PSS_CAPABILITIES_BASELINE));
	assert_true(active("restricted:v1.22", KUBE_PSS_CAPABILITIES_RESTRICTED));
	/* procMount at v1.35. */
	assert_true(active("restricted:v1.34", KUBE_PSS_PROC_MOUNT));
	assert_false(active("restricted:v1.34", KUBE_PSS_PROC_MOUNT_RESTRICTED));
	assert_false(active("restricted:v1.35", KUBE_PSS_PROC_MOUNT));
	assert_true(active("restricted:v1.35", KUBE_PSS_PROC_MOUNT_RESTRICTED));
	assert_true(active("baseline:v1.35", KUBE_PSS_PROC_MOUNT));
	/* First versions. */
	assert_false(active("restricted:v1.7", KUBE_PSS_ALLOW_PRIVILEGE_ESCALATION));
	assert_true(active("restricted:v1.8", KUBE_PSS_ALLOW_PRIVILEGE_ESCALATION));
	assert_false(active("restricted:v1.22", KUBE_PSS_RUN_AS_USER));
	assert_true(active("restricted:v1.23", KUBE_PSS_RUN_AS_USER));
	assert_false(active("baseline:v1.33", KUBE_PSS_HOST_PROBES));
	assert_true(active("baseline:v1.34", KUBE_PSS_HOST_PROBES));
	assert_true(active("baseline:v1.99", KUBE_PSS_HOST_PROBES));
}

/* --- checks -------------------------------------------------------------------- */

static void test_clean_pod(void **state)
{
	char *y = pod(NULL, NULL, NULL);

	for (unsigned v = 0; v <= KUBE_PSS_NEWEST_MINOR; v++) {
		char *spec = vakt_xasprintf("restricted:v1.%u", v);

		assert_checks(spec, y, "");
		free(spec);
	}
	assert_checks("restricted:v1.99", y, "");
	free(y);
	/* No spec at all: nothing to fail (a controller without a template is skipped earlier). */
	assert_checks("restricted", "metadata:\n  name: x\n", "");
}

static void test_host_namespaces(void **state)
{
	char *y = pod(NULL, "  hostNetwork: true\n  hostPID: false\n  hostIPC: yes\n", NULL);
	struct eval e;

	eval_run(&e, "baseline", y);
	assert_string_equal("hostNamespaces", e.ids);
	assert_string_equal("host namespaces (hostNetwork=true, hostIPC=true)", e.message);
	assert_int_equal(2, e.r.v[0].n_items);
	/* Each at its own key, pod-level. */
	assert_int_equal(8, e.r.v[0].items[0].at->line);
	assert_int_equal(10, e.r.v[0].items[1].at->line);
	assert_null(e.r.v[0].items[0].container);
	eval_release(&e);
	free(y);
	/* A quoted "true" is a string: the API server would reject it, PSA never sees true. */
	y = pod(NULL, "  hostNetwork: \"true\"\n", NULL);
	assert_checks("baseline", y, "");
	free(y);
}

static void test_privileged(void **state)
{
	const char *y = "spec:\n"
	                "  initContainers:\n"
	                "  - name: init\n"
	                "    securityContext: {privileged: true}\n"
	                "  containers:\n"
	                "  - name: app\n"
	                "    securityContext:\n"
	                "      privileged: true\n"
	                "  - name: quoted\n"
	                "    securityContext: {privileged: 'true'}\n"
	                "  - name: off\n"
	                "    securityContext: {privileged: false}\n"
	                "  ephemeralContainers:\n"
	                "  - name: debug\n"
	                "    securityContext: {privileged: on}\n";
	struct eval e;

	eval_run(&e, "baseline:v1.0", y);
	assert_string_equal("privileged", e.ids);
	assert_string_equal("privileged (containers \"init\", \"app\", \"debug\" must not set "
	                    "securityContext.privileged=true)",
	                    e.message);
	assert_int_equal(3, e.r.v[0].n_items);
	assert_string_equal("container \"app\" must not set securityContext.privileged=true",
	                    e.r.v[0].items[1].detail);
	assert_int_equal(8, e.r.v[0].items[1].at->line);
	assert_int_equal(7, e.r.v[0].items[1].at->col);
	assert_int_equal(6, e.r.v[0].items[1].container->line);
	eval_release(&e);
}

static void test_capabilities(void **state)
{
	char *y = pod(NULL, NULL, "        add: [NET_BIND_SERVICE, CHOWN]\n");

	/* The default set passes baseline; restricted allows only NET_BIND_SERVICE. */
	assert_checks("baseline", y, "");
	assert_checks("restricted:v1.21", y, "");
	assert_checks("restricted:v1.22", y, "capabilities_restricted");
	free(y);
	/* Exact names: a CAP_ prefix or lower case is not the default capability. */
	y = pod(NULL, NULL, "        add: [CAP_CHOWN, chown, SYS_ADMIN]\n");
	{
		struct eval e;

		eval_run(&e, "baseline", y);
		assert_string_equal("capabilities_baseline", e.ids);
		assert_string_equal("non-default capabilities (container \"app\" must not include "
		                    "\"CAP_CHOWN\", \"SYS_ADMIN\", \"chown\" in "
		                    "securityContext.capabilities.add)",
		                    e.message);
		/* At the first offending entry. */
		assert_int_equal(15, e.r.v[0].items[0].at->line);
		eval_release(&e);
	}
	/* Replaced at restricted from v1.22, still run before. */
	assert_checks("restricted:v1.21", y, "capabilities_baseline");
	assert_checks("restricted:v1.22", y, "capabilities_restricted");
	free(y);
	/* drop must hold the exact string ALL. */
	y = vakt_xasprintf("spec:\n" GOOD_SC "  containers:\n  - name: a\n    securityContext:\n"
	                   "      allowPrivilegeEscalation: false\n      capabilities:\n"
	                   "        drop: [all]\n");
	assert_checks("restricted:v1.22", y, "capabilities_restricted");
	free(y);
	y = vakt_xasprintf("spec:\n" GOOD_SC "  containers:\n  - name: a\n    securityContext:\n"
	                   "      allowPrivilegeEscalation: false\n");
	{
		struct eval e;

		eval_run(&e, "restricted", y);
		assert_string_equal("unrestricted capabilities (container \"a\" must set "
		                    "securityContext.capabilities.drop=[\"ALL\"])",
		                    e.message);
		/* Missing: reported at the container's securityContext. */
		assert_int_equal(8, e.r.v[0].items[0].at->line);
		eval_release(&e);
	}
	free(y);
}

static void test_host_path_and_volumes(void **state)
{
	char *y = pod(NULL,
	              "  volumes:\n"
	              "  - name: sock\n"
	              "    hostPath:\n"
	              "      path: /var/run/docker.sock\n"
	              "  - name: scratch\n"
	              "  - name: share\n"
	              "    nfs: {server: nfs, path: /}\n"
	              "  - name: nulled\n"
	              "    hostPath: null\n"
	              "  - name: typo\n"
	              "    hostpath: {path: /}\n",
	              NULL);
	struct eval e;

	eval_run(&e, "baseline", y);
	assert_string_equal("hostPathVolumes", e.ids);
	assert_string_equal("hostPath volumes (volume \"sock\")", e.message);
	assert_string_equal("volume \"sock\" must not use a hostPath (\"/var/run/docker.sock\")",
	                    e.r.v[0].items[0].detail);
	assert_int_equal(10, e.r.v[0].items[0].at->line);
	eval_release(&e);
	/*
	 * Restricted: a volume without a source is an emptyDir (API default),
	 * so is one with only an unknown key; nfs and hostPath are restricted.
	 */
	eval_run(&e, "restricted", y);
	assert_string_equal("restrictedVolumes", e.ids);
	assert_string_equal("restricted volume types (volumes \"sock\", \"share\" use restricted "
	                    "volume types \"hostPath\", \"nfs\")",
	                    e.message);
	eval_release(&e);
	free(y);
	y = pod(NULL,
	        "  volumes:\n  - name: a\n    configMap: {name: x}\n  - name: b\n    csi: {driver: "
	        "x}\n  - name: c\n    image: {reference: x}\n  - name: d\n    ephemeral: {}\n"
	        "  - name: e\n    projected: {sources: []}\n",
	        NULL);
	assert_checks("restricted", y, "");
	free(y);
}

static void test_host_ports(void **state)
{
	char *y = pod(NULL, NULL,
	              "    ports:\n    - containerPort: 80\n      hostPort: 0\n"
	              "    - containerPort: 443\n      hostPort: 8443\n"
	              "    - containerPort: 53\n      hostPort: \"53\"\n");
	struct eval e;

	eval_run(&e, "baseline", y);
	assert_string_equal("hostPort (container \"app\" uses hostPort 8443)", e.message);
	assert_int_equal(19, e.r.v[0].items[0].at->line);
	eval_release(&e);
	free(y);
}

static void test_apparmor(void **state)
{
	char *y = pod("  annotations:\n"
	              "    container.apparmor.security.beta.kubernetes.io/app: runtime/default\n"
	              "    container.apparmor.security.beta.kubernetes.io/x: localhost/prof\n"
	              "    container.apparmor.security.beta.kubernetes.io/y: \"\"\n",
	              NULL, NULL);

	assert_checks("baseline:v1.0", y, "");
	free(y);
	y = pod("  annotations:\n"
	        "    container.apparmor.security.beta.kubernetes.io/app: unconfined\n",
	        NULL, NULL);
	{
		struct eval e;

		eval_run(&e, "baseline:v1.0", y);
		assert_string_equal("appArmorProfile", e.ids);
		assert_non_null(strstr(e.message, "forbidden AppArmor profile"));
		/* The annotation names an existing container: the finding is about it. */
		assert_non_null(e.r.v[0].items[0].container);
		assert_int_equal(4, e.r.v[0].items[0].at->line);
		eval_release(&e);
	}
	free(y);
	/* A later duplicate of the key wins, as in a Go map. */
	y = pod("  annotations:\n"
	        "    container.apparmor.security.beta.kubernetes.io/app: unconfined\n"
	        "    container.apparmor.security.beta.kubernetes.io/app: runtime/default\n",
	        NULL, NULL);
	assert_checks("baseline", y, "");
	free(y);
	/* The fields, at every version; an empty appArmorProfile has type "". */
	y = pod(NULL, NULL, "      appArmorProfile: {type: Unconfined}\n");
	assert_checks("baseline:v1.0", y, "appArmorProfile");
	free(y);
	y = pod(NULL, "  securityContext:\n    appArmorProfile: {}\n", NULL);
	assert_checks("baseline", y, "appArmorProfile");
	free(y);
	y = pod(NULL, NULL, "      appArmorProfile: {type: Localhost, localhostProfile: p}\n");
	assert_checks("baseline", y, "");
	free(y);
}

static void test_selinux(void **state)
{
	char *y = pod(NULL, NULL, "      seLinuxOptions: {type: container_engine_t}\n");

	assert_checks("baseline:v1.30", y, "seLinuxOptions");
	assert_checks("baseline:v1.31", y, "");
	free(y);
	y = pod(NULL, "  securityContext:\n    seLinuxOptions:\n      type: spc_t\n      user: u\n",
	        NULL);
	{
		struct eval e;

		eval_run(&e, "baseline", y);
		assert_string_equal(
		    "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: "
		    "type \"spc_t\"; user may not be set)",
		    e.message);
		assert_int_equal(10, e.r.v[0].items[0].at->line);
		eval_release(&e);
	}
	free(y);
	y = pod(NULL, NULL, "      seLinuxOptions: {role: r, level: s0}\n");
	assert_checks("baseline", y, "seLinuxOptions");
	free(y);
	y = pod(NULL, NULL, "      seLinuxOptions: {type: container_t, level: \"s0:c1\"}\n");
	assert_checks("baseline:v1.0", y, "");
	free(y);
}

static void test_proc_mount_and_userns(void **state)
{
	char *y = pod(NULL, "  hostUsers: false\n", "      procMount: Unmasked\n");

	/* v1.35: baseline allows it in a user namespace, restricted does not. */
	assert_checks("baseline:v1.34", y, "procMount");
	assert_checks("baseline:v1.35", y, "");
	assert_checks("restricted:v1.34", y, "procMount");
	assert_checks("restricted:v1.35", y, "procMount_restricted");
	free(y);
	/* hostUsers must be the boolean false. */
	y = pod(NULL, "  hostUsers: \"false\"\n", "      procMount: Unmasked\n");
	assert_checks("baseline:v1.35", y, "procMount");
	free(y);
	y = pod(NULL, "  hostUsers: true\n", "      procMount: Default\n");
	assert_checks("restricted", y, "");
	free(y);
}

static void test_run_as_user_and_userns(void **state)
{
	char *y =
	    pod(NULL, "  hostUsers: false\n", "      runAsUser: 0\n      runAsNonRoot: false\n");

	assert_checks("restricted:v1.22", y, "runAsNonRoot");
	assert_checks("restricted:v1.23", y, "runAsNonRoot,runAsUser");
	assert_checks("restricted:v1.34", y, "runAsNonRoot,runAsUser");
	assert_checks("restricted:v1.35", y, "");
	assert_checks("restricted:latest", y, "");
	free(y);
	y = pod(NULL, "  securityContext:\n    runAsUser: 0\n", NULL);
	{
		struct eval e;

		eval_run(&e, "restricted", y);
		assert_string_equal("runAsNonRoot,seccompProfile_restricted,runAsUser", e.ids);
		assert_non_null(strstr(e.message, "runAsUser=0 (pod must not set runAsUser=0)"));
		eval_release(&e);
	}
	free(y);
	y = pod(NULL, NULL, "      runAsUser: 1000\n");
	assert_checks("restricted", y, "");
	free(y);
}

static void test_run_as_non_root(void **state)
{
	/* Pod-level true covers containers that do not say otherwise. */
	const char *y =
	    "spec:\n"
	    "  securityContext: {runAsNonRoot: true, seccompProfile: {type: "
	    "RuntimeDefault}}\n"
	    "  containers:\n"
	    "  - name: a\n" GOOD_CTR_SC "  - name: b\n" GOOD_CTR_SC "      runAsNonRoot: false\n";
	struct eval e;

	eval_run(&e, "restricted", y);
	assert_string_equal("runAsNonRoot != true (container \"b\" must not set "
	                    "securityContext.runAsNonRoot=false)",
	                    e.message);
	eval_release(&e);
	/* No pod level: every container must set it; a quoted "true" does not count. */
	y = "spec:\n  securityContext: {seccompProfile: {type: Localhost}}\n"
	    "  containers:\n"
	    "  - name: a\n" GOOD_CTR_SC "      runAsNonRoot: true\n"
	    "  - name: b\n" GOOD_CTR_SC "      runAsNonRoot: \"true\"\n"
	    "  - name: c\n    image: c\n";
	eval_run(&e, "restricted:v1.21", y);
	assert_string_equal(
	    "runAsNonRoot != true (pod or containers \"b\", \"c\" must set "
	    "securityContext.runAsNonRoot=true), allowPrivilegeEscalation != false "
	    "(container \"c\" must set securityContext.allowPrivilegeEscalation=false)",
	    e.message);
	/* The missing field is reported at the nearest parent: b's securityContext, c itself. */
	assert_string_equal("pod or container \"b\" must set securityContext.runAsNonRoot=true",
	                    e.r.v[0].items[0].detail);
	assert_int_equal(15, e.r.v[0].items[0].at->line);
	assert_int_equal(16, e.r.v[0].items[1].at->line);
	eval_release(&e);
}

static void test_allow_privilege_escalation(void **state)
{
	char *y = vakt_xasprintf("spec:\n" GOOD_SC "  containers:\n  - name: a\n"
	                         "    securityContext:\n      allowPrivilegeEscalation: \"false\"\n"
	                         "      capabilities: {drop: [ALL]}\n");

	assert_checks("restricted:v1.7", y, "");
	assert_checks("restricted:v1.8", y, "allowPrivilegeEscalation");
	free(y);
}

static void test_windows_exempt(void **state)
{
	const char *y = "spec:\n"
	                "  os: {name: windows}\n"
	                "  securityContext: {runAsNonRoot: true}\n"
	                "  containers:\n"
	                "  - name: w\n"
	                "    image: mcr.microsoft.com/windows/nanoserver\n";

	assert_checks("restricted:v1.24", y,
	              "allowPrivilegeEscalation,seccompProfile_restricted,capabilities_restricted");
	assert_checks("restricted:v1.25", y, "");
	/* Only spec.os.name "windows" exempts. */
	assert_checks("restricted:v1.25",
	              "spec:\n  os: {name: Windows}\n  securityContext: {runAsNonRoot: true}\n"
	              "  containers:\n  - name: w\n",
	              "allowPrivilegeEscalation,seccompProfile_restricted,capabilities_restricted");
	/* HostProcess is baseline, at every version, pod and container level. */
	assert_checks("baseline",
	              "spec:\n  os: {name: windows}\n  securityContext:\n    windowsOptions:\n"
	              "      hostProcess: true\n  containers:\n  - name: w\n    securityContext:\n"
	              "      windowsOptions: {hostProcess: false}\n",
	              "windowsHostProcess");
}

static void test_seccomp_annotations(void **state)
{
	char *y = pod("  annotations:\n"
	              "    seccomp.security.alpha.kubernetes.io/pod: unconfined\n"
	              "    container.seccomp.security.alpha.kubernetes.io/app: runtime/default\n"
	              "    container.seccomp.security.alpha.kubernetes.io/gone: unconfined\n",
	              NULL, NULL);
	struct eval e;

	/* Up to v1.18 the annotations are read (at restricted too); from v1.19 the fields. */
	eval_run(&e, "baseline:v1.18", y);
	assert_string_equal("seccompProfile (forbidden annotation "
	                    "seccomp.security.alpha.kubernetes.io/pod=\"unconfined\")",
	                    e.message);
	eval_release(&e);
	assert_checks("restricted:v1.18", y, "seccompProfile_baseline");
	assert_checks("baseline:v1.19", y, "");
	assert_checks("restricted:v1.19", y, "");
	free(y);
	/* A container annotation counts for a container that exists; docker/default passes. */
	y = pod("  annotations:\n"
	        "    seccomp.security.alpha.kubernetes.io/pod: docker/default\n"
	        "    container.seccomp.security.alpha.kubernetes.io/app: \"\"\n",
	        NULL, NULL);
	assert_checks("baseline:v1.0", y, "seccompProfile_baseline");
	free(y);
}

static void test_seccomp_fields(void **state)
{
	const char *y = "spec:\n"
	                "  securityContext: {runAsNonRoot: true}\n"
	                "  containers:\n"
	                "  - name: a\n" GOOD_CTR_SC "      seccompProfile: {type: RuntimeDefault}\n"
	                "  - name: b\n" GOOD_CTR_SC "      seccompProfile: {type: Unconfined}\n"
	                "  - name: c\n" GOOD_CTR_SC;
	struct eval e;

	/* A bad value is reported, and then only the bad value (as PSA does). */
	eval_run(&e, "restricted", y);
	assert_string_equal("seccompProfile (container \"b\" must not set "
	                    "securityContext.seccompProfile.type to \"Unconfined\")",
	                    e.message);
	eval_release(&e);
	assert_checks("baseline", y, "seccompProfile_baseline");
	/* Without b: c has no profile and no pod-level one. */
	y = "spec:\n  securityContext: {runAsNonRoot: true}\n  containers:\n"
	    "  - name: a\n" GOOD_CTR_SC "      seccompProfile: {type: Localhost}\n"
	    "  - name: c\n" GOOD_CTR_SC;
	eval_run(&e, "restricted", y);
	assert_string_equal("seccompProfile (pod or container \"c\" must set "
	                    "securityContext.seccompProfile.type to \"RuntimeDefault\" or "
	                    "\"Localhost\")",
	                    e.message);
	eval_release(&e);
	assert_checks("baseline", y, "");
}

static void test_sysctls(void **state)
{
	static const struct {
		const char *name;
		unsigned since;
	} added[] = {
	    {"net.ipv4.ip_local_reserved_ports", 27},
	    {"net.ipv4.tcp_keepalive_time", 29},
	    {"net.ipv4.tcp_fin_timeout", 29},
	    {"net.ipv4.tcp_keepalive_intvl", 29},
	    {"net.ipv4.tcp_keepalive_probes", 29},
	    {"net.ipv4.tcp_rmem", 32},
	    {"net.ipv4.tcp_wmem", 32},
	    {"net.ipv4.tcp_slow_start_after_idle", 37},
	    {"net.ipv4.tcp_notsent_lowat", 37},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(added); i++) {
		char *y = vakt_xasprintf("spec:\n  securityContext:\n    sysctls:\n"
		                         "    - {name: kernel.shm_rmid_forced, value: \"1\"}\n"
		                         "    - {name: %s, value: \"1\"}\n  containers: []\n",
		                         added[i].name);
		char *before = vakt_xasprintf("baseline:v1.%u", added[i].since - 1);
		char *from = vakt_xasprintf("baseline:v1.%u", added[i].since);

		assert_checks(before, y, "sysctls");
		assert_checks(from, y, "");
		assert_checks("baseline:v1.99", y, "");
		free(y);
		free(before);
		free(from);
	}
	assert_checks("baseline",
	              "spec:\n  securityContext:\n    sysctls:\n    - name: kernel.msgmax\n"
	              "    - name: net/ipv4/tcp_syncookies\n",
	              "sysctls");
}

static void test_host_probes(void **state)
{
	char *y = pod(NULL, NULL,
	              "    livenessProbe:\n      httpGet: {host: 10.0.0.1, port: 80}\n"
	              "    readinessProbe:\n      tcpSocket: {host: \"\", port: 80}\n"
	              "    lifecycle:\n      preStop:\n        tcpSocket: {host: metadata, port: "
	              "80}\n");
	struct eval e;

	assert_checks("baseline:v1.33", y, "");
	eval_run(&e, "baseline:v1.34", y);
	assert_string_equal("probe or lifecycle host (container \"app\" uses probe or lifecycle "
	                    "hosts \"10.0.0.1\", \"metadata\")",
	                    e.message);
	assert_int_equal(2, e.r.v[0].n_items);
	assert_string_equal("container \"app\" must not set lifecycle.preStop.tcpSocket.host "
	                    "(\"metadata\")",
	                    e.r.v[0].items[1].detail);
	eval_release(&e);
	free(y);
}

/* Anchors and merge keys are applied by the loader: a shared securityContext counts. */
static void test_anchors(void **state)
{
	const char *y = "spec:\n"
	                "  securityContext: {runAsNonRoot: true, seccompProfile: {type: "
	                "RuntimeDefault}}\n"
	                "  containers:\n"
	                "  - name: a\n"
	                "    securityContext: &sc\n"
	                "      allowPrivilegeEscalation: false\n"
	                "      capabilities: {drop: [ALL]}\n"
	                "  - name: b\n"
	                "    securityContext: *sc\n"
	                "  - name: c\n"
	                "    securityContext:\n"
	                "      <<: *sc\n"
	                "      privileged: true\n";

	assert_checks("restricted", y, "privileged");
}

/* Ceilings: quoted text is clipped, long lists end with "...". */
static void test_ceilings(void **state)
{
	struct vakt_buf y = VAKT_BUF_INIT;
	char *name = vakt_xmalloc(KUBE_PSS_TEXT_MAX + 11);
	struct eval e;

	memset(name, 'n', KUBE_PSS_TEXT_MAX + 10);
	name[KUBE_PSS_TEXT_MAX + 10] = '\0';
	vakt_buf_addf(&y,
	              "spec:\n  containers:\n  - name: %s\n    securityContext: {privileged: "
	              "true}\n",
	              name);
	for (int i = 0; i < KUBE_PSS_MAX_LISTED + 5; i++)
		vakt_buf_addf(&y, "  - name: c%d\n    securityContext: {privileged: true}\n", i);
	eval_run(&e, "baseline", vakt_buf_str(&y));
	assert_int_equal(KUBE_PSS_MAX_LISTED + 6, e.r.v[0].n_items);
	assert_null(strstr(e.message, name));
	name[KUBE_PSS_TEXT_MAX] = '\0';
	assert_non_null(strstr(e.message, name));
	assert_non_null(strstr(e.message, "...\""));
	assert_non_null(strstr(e.message, ", ... must not set"));
	assert_null(strstr(e.message, "\"c63\""));
	assert_non_null(strstr(e.message, "\"c62\""));
	eval_release(&e);
	vakt_buf_release(&y);
	free(name);
}

/* evaluate_check runs one check, only when active. */
static void test_evaluate_one(void **state)
{
	char *y = pod(NULL, "  hostPID: true\n", "      privileged: true\n");
	struct kube_pss_policy p = policy("restricted:v1.30");
	struct kube_pss_result r = {0};
	struct vakt_yaml_stream *st = NULL;
	const struct vakt_yaml_node *root;

	assert_int_equal(0, vakt_yaml_parse("p.yaml", y, strlen(y), &st, NULL));
	root = st->docs[0].root;
	assert_true(kube_pss_evaluate_check(&p, KUBE_PSS_PRIVILEGED_CHECK,
	                                    vakt_yaml_get(root, "metadata"),
	                                    vakt_yaml_get(root, "spec"), &r));
	assert_false(kube_pss_evaluate_check(&p, KUBE_PSS_RUN_AS_USER,
	                                     vakt_yaml_get(root, "metadata"),
	                                     vakt_yaml_get(root, "spec"), &r));
	/* Not active at restricted: replaced by restrictedVolumes. */
	assert_false(kube_pss_evaluate_check(&p, KUBE_PSS_HOST_PATH_VOLUMES,
	                                     vakt_yaml_get(root, "metadata"),
	                                     vakt_yaml_get(root, "spec"), &r));
	assert_int_equal(1, r.n);
	assert_int_equal(KUBE_PSS_PRIVILEGED_CHECK, r.v[0].check);
	kube_pss_result_release(&r);
	vakt_yaml_free(st);
	free(y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_levels),
	    cmocka_unit_test(test_versions),
	    cmocka_unit_test(test_parse_policy),
	    cmocka_unit_test(test_check_names),
	    cmocka_unit_test(test_active),
	    cmocka_unit_test(test_clean_pod),
	    cmocka_unit_test(test_host_namespaces),
	    cmocka_unit_test(test_privileged),
	    cmocka_unit_test(test_capabilities),
	    cmocka_unit_test(test_host_path_and_volumes),
	    cmocka_unit_test(test_host_ports),
	    cmocka_unit_test(test_apparmor),
	    cmocka_unit_test(test_selinux),
	    cmocka_unit_test(test_proc_mount_and_userns),
	    cmocka_unit_test(test_run_as_user_and_userns),
	    cmocka_unit_test(test_run_as_non_root),
	    cmocka_unit_test(test_allow_privilege_escalation),
	    cmocka_unit_test(test_windows_exempt),
	    cmocka_unit_test(test_seccomp_annotations),
	    cmocka_unit_test(test_seccomp_fields),
	    cmocka_unit_test(test_sysctls),
	    cmocka_unit_test(test_host_probes),
	    cmocka_unit_test(test_anchors),
	    cmocka_unit_test(test_ceilings),
	    cmocka_unit_test(test_evaluate_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
