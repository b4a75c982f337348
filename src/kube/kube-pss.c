/* SPDX-License-Identifier: MIT */
/*
 * Pod Security Standards: levels, versions, which check runs where, and the
 * verdict. The checks themselves are in kube-pss-baseline.c and
 * kube-pss-restricted.c, and read the pod through kube-pss-pod.c.
 */
#include <errno.h>
#include <limits.h>

#include "kube-pss-priv.h"

static const char *const pss_level_names[] = {
    [KUBE_PSS_PRIVILEGED] = "privileged",
    [KUBE_PSS_BASELINE] = "baseline",
    [KUBE_PSS_RESTRICTED] = "restricted",
};

/* Each check's ID, level, the version of its first variant (v1.since), and its function. */
static const struct pss_check_info {
	const char *name;
	enum kube_pss_level level;
	unsigned since;
	pss_check_fn *run;
} pss_checks[KUBE_PSS_CHECK_COUNT] = {
    [KUBE_PSS_HOST_NAMESPACES] = {"hostNamespaces", KUBE_PSS_BASELINE, 0,
                                  pss_check_host_namespaces},
    [KUBE_PSS_PRIVILEGED_CHECK] = {"privileged", KUBE_PSS_BASELINE, 0, pss_check_privileged},
    [KUBE_PSS_CAPABILITIES_BASELINE] = {"capabilities_baseline", KUBE_PSS_BASELINE, 0,
                                        pss_check_caps_baseline},
    [KUBE_PSS_HOST_PATH_VOLUMES] = {"hostPathVolumes", KUBE_PSS_BASELINE, 0, pss_check_host_path},
    [KUBE_PSS_HOST_PORTS] = {"hostPorts", KUBE_PSS_BASELINE, 0, pss_check_host_ports},
    [KUBE_PSS_APPARMOR] = {"appArmorProfile", KUBE_PSS_BASELINE, 0, pss_check_apparmor},
    [KUBE_PSS_SELINUX] = {"seLinuxOptions", KUBE_PSS_BASELINE, 0, pss_check_selinux},
    [KUBE_PSS_PROC_MOUNT] = {"procMount", KUBE_PSS_BASELINE, 0, pss_check_proc_mount},
    [KUBE_PSS_SECCOMP_BASELINE] = {"seccompProfile_baseline", KUBE_PSS_BASELINE, 0,
                                   pss_check_seccomp_baseline},
    [KUBE_PSS_SYSCTLS] = {"sysctls", KUBE_PSS_BASELINE, 0, pss_check_sysctls},
    [KUBE_PSS_WINDOWS_HOST_PROCESS] = {"windowsHostProcess", KUBE_PSS_BASELINE, 0,
                                       pss_check_host_process},
    [KUBE_PSS_HOST_PROBES] = {"hostProbesAndHostLifecycle", KUBE_PSS_BASELINE, 34,
                              pss_check_host_probes},
    [KUBE_PSS_RESTRICTED_VOLUMES] = {"restrictedVolumes", KUBE_PSS_RESTRICTED, 0,
                                     pss_check_restricted_volumes},
    [KUBE_PSS_RUN_AS_NON_ROOT] = {"runAsNonRoot", KUBE_PSS_RESTRICTED, 0,
                                  pss_check_run_as_non_root},
    [KUBE_PSS_ALLOW_PRIVILEGE_ESCALATION] = {"allowPrivilegeEscalation", KUBE_PSS_RESTRICTED, 8,
                                             pss_check_ape},
    [KUBE_PSS_SECCOMP_RESTRICTED] = {"seccompProfile_restricted", KUBE_PSS_RESTRICTED, 19,
                                     pss_check_seccomp_restricted},
    [KUBE_PSS_CAPABILITIES_RESTRICTED] = {"capabilities_restricted", KUBE_PSS_RESTRICTED, 22,
                                          pss_check_caps_restricted},
    [KUBE_PSS_RUN_AS_USER] = {"runAsUser", KUBE_PSS_RESTRICTED, 23, pss_check_run_as_user},
    [KUBE_PSS_PROC_MOUNT_RESTRICTED] = {"procMount_restricted", KUBE_PSS_RESTRICTED, 35,
                                        pss_check_proc_mount_restricted},
};

/*
 * Restricted checks that replace a baseline check (PSA's OverrideCheckIDs),
 * from the version of the overriding variant on.
 */
static const struct pss_override {
	enum kube_pss_check by;
	enum kube_pss_check replaced;
	unsigned since;
} pss_overrides[] = {
    {KUBE_PSS_RESTRICTED_VOLUMES, KUBE_PSS_HOST_PATH_VOLUMES, 0},
    {KUBE_PSS_SECCOMP_RESTRICTED, KUBE_PSS_SECCOMP_BASELINE, 19},
    {KUBE_PSS_CAPABILITIES_RESTRICTED, KUBE_PSS_CAPABILITIES_BASELINE, 22},
    {KUBE_PSS_PROC_MOUNT_RESTRICTED, KUBE_PSS_PROC_MOUNT, 35},
};

const char *kube_pss_level_name(enum kube_pss_level level)
{
	return (unsigned)level < VAKT_ARRAY_SIZE(pss_level_names) ? pss_level_names[level] : "?";
}

const char *kube_pss_check_name(enum kube_pss_check check)
{
	return (unsigned)check < KUBE_PSS_CHECK_COUNT ? pss_checks[check].name : "?";
}

int kube_pss_check_from_name(const char *name)
{
	for (int i = 0; name && i < KUBE_PSS_CHECK_COUNT; i++)
		if (!strcmp(pss_checks[i].name, name))
			return i;
	return -1;
}

enum kube_pss_level kube_pss_check_level(enum kube_pss_check check)
{
	return (unsigned)check < KUBE_PSS_CHECK_COUNT ? pss_checks[check].level
	                                              : KUBE_PSS_RESTRICTED;
}

int kube_pss_parse_level(const char *s, enum kube_pss_level *out)
{
	for (size_t i = 0; s && i < VAKT_ARRAY_SIZE(pss_level_names); i++) {
		if (!strcmp(s, pss_level_names[i])) {
			*out = (enum kube_pss_level)i;
			return 0;
		}
	}
	return -EINVAL;
}

int kube_pss_parse_version(const char *s, struct kube_pss_policy *p)
{
	const char *d;
	size_t n;
	long minor;

	if (!s)
		return -EINVAL;
	if (!strcmp(s, "latest")) {
		p->minor = KUBE_PSS_NEWEST_MINOR;
		memcpy(p->version, "latest", sizeof("latest"));
		return 0;
	}
	/* PSA: ^v1\.(0|[1-9][0-9]*)$, and the minor must fit an int (Go's Atoi). */
	if (strncmp(s, "v1.", 3))
		return -EINVAL;
	d = s + 3;
	n = strspn(d, "0123456789");
	if (!n || d[n] || (d[0] == '0' && n > 1) || 3 + n >= KUBE_PSS_VERSION_MAX)
		return -EINVAL;
	if (vakt_parse_long(d, 0, LONG_MAX, &minor) < 0)
		return -EINVAL;
	p->minor = minor > KUBE_PSS_NEWEST_MINOR ? KUBE_PSS_NEWEST_MINOR : (unsigned)minor;
	memcpy(p->version, s, 3 + n + 1);
	return 0;
}

int kube_pss_parse(const char *spec, struct kube_pss_policy *out, struct vakt_error **err)
{
	struct kube_pss_policy p = {0};
	const char *colon = spec ? strchr(spec, ':') : NULL;
	char *level;
	int r;

	if (!spec)
		return vakt_error_set(err, -EINVAL, "no policy given");
	level = colon ? vakt_xstrndup(spec, (size_t)(colon - spec)) : vakt_xstrdup(spec);
	r = kube_pss_parse_level(level, &p.level);
	if (r < 0)
		vakt_error_set(err, r,
		               "unknown level '%s' (expected privileged, baseline or restricted)",
		               level);
	free(level);
	if (r < 0)
		return r;
	r = kube_pss_parse_version(colon ? colon + 1 : "latest", &p);
	if (r < 0)
		return vakt_error_set(err, r,
		                      "unknown version '%s' (expected latest or v1.0 to v1.%d; a "
		                      "newer v1.N means the newest)",
		                      colon + 1, KUBE_PSS_NEWEST_MINOR);
	*out = p;
	return 0;
}

bool kube_pss_check_active(const struct kube_pss_policy *p, enum kube_pss_check check)
{
	const struct pss_check_info *ci;

	if ((unsigned)check >= KUBE_PSS_CHECK_COUNT || p->level == KUBE_PSS_PRIVILEGED)
		return false;
	ci = &pss_checks[check];
	if (ci->level == KUBE_PSS_RESTRICTED && p->level != KUBE_PSS_RESTRICTED)
		return false;
	if (p->minor < ci->since)
		return false;
	if (p->level != KUBE_PSS_RESTRICTED)
		return true;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(pss_overrides); i++)
		if (pss_overrides[i].replaced == check && p->minor >= pss_overrides[i].since)
			return false;
	return true;
}

bool kube_pss_evaluate_check(const struct kube_pss_policy *p, enum kube_pss_check check,
                             const struct vakt_yaml_node *meta, const struct vakt_yaml_node *spec,
                             struct kube_pss_result *out)
{
	struct pss_pod pod;
	size_t before = out->n;

	if (!kube_pss_check_active(p, check))
		return false;
	pss_pod_init(&pod, meta, spec);
	pss_checks[check].run(&pod, p->minor, out);
	return out->n > before;
}

void kube_pss_evaluate(const struct kube_pss_policy *p, const struct vakt_yaml_node *meta,
                       const struct vakt_yaml_node *spec, struct kube_pss_result *out)
{
	struct pss_pod pod;

	pss_pod_init(&pod, meta, spec);
	for (int c = 0; c < KUBE_PSS_CHECK_COUNT; c++)
		if (kube_pss_check_active(p, (enum kube_pss_check)c))
			pss_checks[c].run(&pod, p->minor, out);
}

char *kube_pss_result_message(const struct kube_pss_result *r)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < r->n; i++) {
		if (i)
			vakt_buf_adds(&b, ", ");
		vakt_buf_adds(&b, r->v[i].reason);
		if (r->v[i].detail && *r->v[i].detail)
			vakt_buf_addf(&b, " (%s)", r->v[i].detail);
	}
	return vakt_buf_detach(&b);
}

void pss_violation_release(struct kube_pss_violation *v)
{
	for (size_t i = 0; i < v->n_items; i++)
		free(v->items[i].detail);
	free(v->items);
	free(v->detail);
	memset(v, 0, sizeof(*v));
}

void kube_pss_result_release(struct kube_pss_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		pss_violation_release(&r->v[i]);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

void pss_item_add(struct kube_pss_violation *v, const struct vakt_yaml_node *at,
                  const struct vakt_yaml_node *container, char *detail)
{
	v->items = vakt_grow(v->items, sizeof(*v->items), v->n_items + 1, &v->cap_items);
	v->items[v->n_items++] = (struct kube_pss_item){at, container, detail};
}

void pss_result_take(struct kube_pss_result *r, struct kube_pss_violation *v, const char *reason,
                     char *detail)
{
	if (!v->n_items) {
		free(detail);
		pss_violation_release(v);
		return;
	}
	v->reason = reason;
	free(v->detail);
	v->detail = detail;
	r->v = vakt_grow(r->v, sizeof(*r->v), r->n + 1, &r->cap);
	r->v[r->n++] = *v;
	memset(v, 0, sizeof(*v));
}

/* --- message helpers ---------------------------------------------------------- */

void pss_buf_quote(struct vakt_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	bool clipped = n > KUBE_PSS_TEXT_MAX;

	if (clipped) {
		n = KUBE_PSS_TEXT_MAX;
		/* Do not cut a UTF-8 sequence: back up over continuation bytes. */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	vakt_buf_addc(b, '"');
	if (n)
		vakt_buf_add(b, s, n);
	if (clipped)
		vakt_buf_adds(b, "...");
	vakt_buf_addc(b, '"');
}

void pss_buf_join(struct vakt_buf *b, const struct pss_list *l, const char *sep, bool quote)
{
	for (size_t i = 0; i < l->sv.n; i++) {
		if (i)
			vakt_buf_adds(b, sep);
		if (quote)
			pss_buf_quote(b, l->sv.v[i]);
		else
			vakt_buf_adds(b, l->sv.v[i]);
	}
	if (l->more)
		vakt_buf_addf(b, "%s...", l->sv.n ? sep : "");
}

void pss_buf_plural(struct vakt_buf *b, const char *one, const char *many, size_t n)
{
	vakt_buf_adds(b, n == 1 ? one : many);
}

void pss_list_add(struct pss_list *l, const char *s)
{
	if (l->unique && vakt_strv_contains(&l->sv, s, false))
		return;
	if (l->sv.n >= KUBE_PSS_MAX_LISTED) {
		l->more = true;
		return;
	}
	vakt_strv_push(&l->sv, s);
}

size_t pss_list_count(const struct pss_list *l)
{
	return l->sv.n + (l->more ? 1 : 0);
}

static int pss_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void pss_list_sort(struct pss_list *l)
{
	if (l->sv.n > 1)
		qsort(l->sv.v, l->sv.n, sizeof(*l->sv.v), pss_cmp_str);
}

void pss_list_release(struct pss_list *l)
{
	vakt_strv_release(&l->sv);
	l->more = false;
}
