/* SPDX-License-Identifier: MIT */
/*
 * The Pod Security Standards baseline checks, one function per PSA check
 * (and per version variant where PSA has several), reading the pod through
 * kube-pss-pod.c. Each check collects the places that fail it (items, for
 * vakt's findings) and PSA's forbidden reason and detail (for messages that
 * match kubectl's).
 *
 * The capabilities, procMount and seccompProfile helpers here serve the
 * restricted variants of the same controls too (kube-pss-restricted.c).
 */
#include <stdio.h>

#include "kube-pss-priv.h"

/* hostNamespaces: hostNetwork, hostPID, hostIPC unset or false. */
void pss_check_host_namespaces(const struct pss_pod *pod, unsigned minor,
                               struct kube_pss_result *out)
{
	static const char *const keys[] = {"hostNetwork", "hostPID", "hostIPC"};
	struct kube_pss_violation v = {.check = KUBE_PSS_HOST_NAMESPACES};
	struct vakt_buf d = VAKT_BUF_INIT;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(keys); i++) {
		if (!pss_is_true(pod->spec, keys[i]))
			continue;
		if (d.len)
			vakt_buf_adds(&d, ", ");
		vakt_buf_addf(&d, "%s=true", keys[i]);
		pss_item_add(&v, pss_set_pair(pod->spec, keys[i])->key, NULL,
		             vakt_xasprintf("pod must not set %s=true", keys[i]));
	}
	pss_result_take(out, &v, "host namespaces", vakt_buf_detach(&d));
}

/* privileged: securityContext.privileged unset or false in every container. */
void pss_check_privileged(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = KUBE_PSS_PRIVILEGED_CHECK};
	struct pss_list bad = {0};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;

	PSS_EACH_CONTAINER(pod, c)
	{
		const struct vakt_yaml_node *sc = pss_ctr_sc(c);

		if (!pss_is_true(sc, "privileged"))
			continue;
		pss_list_add(&bad, pss_ctr_name(c));
		pss_item_add(&v, pss_set_pair(sc, "privileged")->key, c,
		             pss_ctr_detail(c, " must not set securityContext.privileged=true"));
	}
	if (v.n_items) {
		pss_buf_setters(&d, false, &bad, NULL);
		vakt_buf_adds(&d, " must not set securityContext.privileged=true");
	}
	pss_result_take(out, &v, "privileged", vakt_buf_detach(&d));
	pss_list_release(&bad);
}

/* "container X must not include "A", "B" in securityContext.capabilities.add". */
char *pss_caps_detail(const struct vakt_yaml_node *c, const struct pss_list *caps)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	pss_buf_ctr(&b, c);
	vakt_buf_adds(&b, " must not include ");
	pss_buf_join(&b, caps, ", ", true);
	vakt_buf_adds(&b, " in securityContext.capabilities.add");
	return vakt_buf_detach(&b);
}

/*
 * Capabilities added beyond allowed[] by container c: listed in mine and all,
 * returning the first offending list item (NULL when none).
 */
const struct vakt_yaml_node *pss_caps_added(const struct vakt_yaml_node *c,
                                            const char *const *allowed, size_t n_allowed,
                                            struct pss_list *mine, struct pss_list *all)
{
	const struct vakt_yaml_node *add =
	    pss_seq_val(pss_map_val(pss_ctr_sc(c), "capabilities"), "add");
	const struct vakt_yaml_node *first = NULL;

	for (size_t i = 0; add && i < add->n; i++) {
		const char *cap = pss_item_str(add->items[i]);

		if (!cap || pss_in_list(cap, allowed, n_allowed))
			continue;
		if (!first)
			first = add->items[i];
		pss_list_add(mine, cap);
		pss_list_add(all, cap);
	}
	return first;
}

/* capabilities_baseline: add only the container runtime's default capabilities. */
void pss_check_caps_baseline(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	static const char *const allowed[] = {
	    "AUDIT_WRITE", "CHOWN",  "DAC_OVERRIDE",     "FOWNER",  "FSETID",
	    "KILL",        "MKNOD",  "NET_BIND_SERVICE", "SETFCAP", "SETGID",
	    "SETPCAP",     "SETUID", "SYS_CHROOT",
	};
	struct kube_pss_violation v = {.check = KUBE_PSS_CAPABILITIES_BASELINE};
	struct pss_list bad = {0}, caps = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;

	PSS_EACH_CONTAINER(pod, c)
	{
		struct pss_list mine = {.unique = true};
		const struct vakt_yaml_node *at =
		    pss_caps_added(c, allowed, VAKT_ARRAY_SIZE(allowed), &mine, &caps);

		if (at) {
			pss_list_add(&bad, pss_ctr_name(c));
			pss_item_add(&v, at, c, pss_caps_detail(c, &mine));
		}
		pss_list_release(&mine);
	}
	if (v.n_items) {
		pss_list_sort(&caps);
		pss_buf_setters(&d, false, &bad, NULL);
		vakt_buf_adds(&d, " must not include ");
		pss_buf_join(&d, &caps, ", ", true);
		vakt_buf_adds(&d, " in securityContext.capabilities.add");
	}
	pss_result_take(out, &v, "non-default capabilities", vakt_buf_detach(&d));
	pss_list_release(&bad);
	pss_list_release(&caps);
}

/* hostPathVolumes: no volume has a hostPath source. */
void pss_check_host_path(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	const struct vakt_yaml_node *vols = pss_seq_val(pod->spec, "volumes");
	struct kube_pss_violation v = {.check = KUBE_PSS_HOST_PATH_VOLUMES};
	struct pss_list bad = {0};
	struct vakt_buf d = VAKT_BUF_INIT;

	for (size_t i = 0; vols && i < vols->n; i++) {
		const struct vakt_yaml_node *vol = vols->items[i];
		const struct vakt_yaml_pair *hp = pss_set_pair(vol, "hostPath");
		struct vakt_buf b = VAKT_BUF_INIT;
		const char *path;

		if (!hp)
			continue;
		pss_list_add(&bad, pss_str_val(vol, "name"));
		vakt_buf_adds(&b, "volume ");
		pss_buf_quote(&b, pss_str_val(vol, "name"));
		vakt_buf_adds(&b, " must not use a hostPath");
		path = pss_str_val(hp->value, "path");
		if (*path) {
			vakt_buf_adds(&b, " (");
			pss_buf_quote(&b, path);
			vakt_buf_adds(&b, ")");
		}
		pss_item_add(&v, hp->key, NULL, vakt_buf_detach(&b));
	}
	if (v.n_items) {
		pss_buf_plural(&d, "volume ", "volumes ", pss_list_count(&bad));
		pss_buf_join(&d, &bad, ", ", true);
	}
	pss_result_take(out, &v, "hostPath volumes", vakt_buf_detach(&d));
	pss_list_release(&bad);
}

/* hostPorts: no container port sets a hostPort other than 0. */
void pss_check_host_ports(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = KUBE_PSS_HOST_PORTS};
	struct pss_list bad = {0}, ports = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;

	PSS_EACH_CONTAINER(pod, c)
	{
		const struct vakt_yaml_node *list = pss_seq_val(c, "ports");
		bool any = false;

		for (size_t i = 0; list && i < list->n; i++) {
			const struct vakt_yaml_pair *hp = pss_set_pair(list->items[i], "hostPort");
			long long port;
			char num[32];

			if (!hp || !vakt_yaml_int(hp->value, &port) || port == 0)
				continue;
			snprintf(num, sizeof(num), "%lld", port);
			pss_list_add(&ports, num);
			pss_item_add(&v, hp->key, c,
			             pss_ctr_detail(c, " must not use hostPort %s", num));
			any = true;
		}
		if (any)
			pss_list_add(&bad, pss_ctr_name(c));
	}
	if (v.n_items) {
		pss_list_sort(&ports);
		pss_buf_setters(&d, false, &bad, NULL);
		pss_buf_plural(&d, " uses ", " use ", pss_list_count(&bad));
		pss_buf_plural(&d, "hostPort ", "hostPorts ", pss_list_count(&ports));
		pss_buf_join(&d, &ports, ", ", false);
	}
	pss_result_take(out, &v, "hostPort", vakt_buf_detach(&d));
	pss_list_release(&bad);
	pss_list_release(&ports);
}

#define APPARMOR_PREFIX "container.apparmor.security.beta.kubernetes.io/"

static bool apparmor_type_ok(const char *t)
{
	return !strcmp(t, "RuntimeDefault") || !strcmp(t, "Localhost");
}

/* An appArmorProfile field of sc that is set to a forbidden type: the place to report, or NULL. */
static const struct vakt_yaml_node *apparmor_bad(const struct vakt_yaml_node *sc, const char **type)
{
	const struct vakt_yaml_node *prof = pss_map_val(sc, "appArmorProfile");

	if (!prof)
		return NULL;
	*type = pss_str_val(prof, "type");
	if (apparmor_type_ok(*type))
		return NULL;
	return pss_where(sc, "appArmorProfile", "type", NULL);
}

/*
 * appArmorProfile: the fields' type is RuntimeDefault or Localhost, and the
 * beta annotations are empty, runtime/default or localhost/<profile>.
 */
void pss_check_apparmor(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = KUBE_PSS_APPARMOR};
	struct pss_list bad = {0}, values = {.unique = true}, annots = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c, *at;
	const struct vakt_yaml_pair **ann;
	struct pss_named *names = NULL;
	size_t n_ann, n_names = 0;
	const char *type;
	bool pod_bad = false;

	if ((at = apparmor_bad(pod->sc, &type))) {
		pod_bad = true;
		pss_list_add(&values, type);
		pss_item_add(&v, at, NULL,
		             pss_ctr_detail(NULL,
		                            " must not set securityContext.appArmorProfile.type "
		                            "to \"%.*s\"",
		                            KUBE_PSS_TEXT_MAX, type));
	}
	PSS_EACH_CONTAINER(pod, c)
	{
		if (!(at = apparmor_bad(pss_ctr_sc(c), &type)))
			continue;
		pss_list_add(&bad, pss_ctr_name(c));
		pss_list_add(&values, type);
		pss_item_add(&v, at, c,
		             pss_ctr_detail(c,
		                            " must not set securityContext.appArmorProfile.type to "
		                            "\"%.*s\"",
		                            KUBE_PSS_TEXT_MAX, type));
	}
	ann = pss_annotations_with(pod, APPARMOR_PREFIX, &n_ann);
	if (n_ann)
		names = pss_names_index(pod, &n_names);
	for (size_t i = 0; i < n_ann; i++) {
		const char *val = pss_item_str(ann[i]->value);
		char *kv;

		if (!*val || !strcmp(val, "runtime/default") || vakt_starts_with(val, "localhost/"))
			continue;
		kv = pss_kv_text(ann[i]);
		pss_list_add(&annots, kv);
		pss_item_add(
		    &v, ann[i]->key,
		    pss_names_find(names, n_names, ann[i]->key->str + strlen(APPARMOR_PREFIX)),
		    vakt_xasprintf("forbidden AppArmor annotation %s", kv));
		free(kv);
	}
	if (v.n_items) {
		size_t n_values;

		pss_list_sort(&values);
		for (size_t i = 0; i < annots.sv.n; i++)
			pss_list_add(&values, annots.sv.v[i]);
		values.more |= annots.more;
		n_values = pss_list_count(&values);
		pss_buf_setters(&d, pod_bad, &bad,
		                pss_list_count(&annots) == 0   ? NULL
		                : pss_list_count(&annots) == 1 ? "annotation"
		                                               : "annotations");
		vakt_buf_adds(&d, " must not set AppArmor profile type to ");
		pss_buf_join(&d, &values, ", ", true);
		pss_result_take(out, &v,
		                n_values == 1 ? "forbidden AppArmor profile"
		                              : "forbidden AppArmor profiles",
		                vakt_buf_detach(&d));
	}
	pss_violation_release(&v);
	free(ann);
	free(names);
	pss_list_release(&bad);
	pss_list_release(&values);
	pss_list_release(&annots);
}

/* The forbidden parts of one seLinuxOptions mapping, into detail; the place to report or NULL. */
static const struct vakt_yaml_node *selinux_bad(const struct vakt_yaml_node *sc, unsigned minor,
                                                struct pss_list *types, bool *user, bool *role,
                                                struct vakt_buf *detail)
{
	static const char *const allowed[] = {"", "container_t", "container_init_t",
	                                      "container_kvm_t", "container_engine_t"};
	/* container_engine_t is allowed from v1.31. */
	size_t n_allowed = minor >= 31 ? 5 : 4;
	const struct vakt_yaml_node *opts = pss_map_val(sc, "seLinuxOptions");
	const struct vakt_yaml_node *at = NULL;
	const char *type, *u, *r;

	if (!opts)
		return NULL;
	type = pss_str_val(opts, "type");
	u = pss_str_val(opts, "user");
	r = pss_str_val(opts, "role");
	if (!pss_in_list(type, allowed, n_allowed)) {
		pss_list_add(types, type);
		vakt_buf_adds(detail, "type ");
		pss_buf_quote(detail, type);
		at = pss_where(sc, "seLinuxOptions", "type", NULL);
	}
	if (*u) {
		*user = true;
		vakt_buf_addf(detail, "%suser may not be set", detail->len ? "; " : "");
		at = at ? at : pss_where(sc, "seLinuxOptions", "user", NULL);
	}
	if (*r) {
		*role = true;
		vakt_buf_addf(detail, "%srole may not be set", detail->len ? "; " : "");
		at = at ? at : pss_where(sc, "seLinuxOptions", "role", NULL);
	}
	return at;
}

/* seLinuxOptions: type among the container types, user and role unset. */
void pss_check_selinux(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = KUBE_PSS_SELINUX};
	struct pss_list bad = {0}, types = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT, one = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c, *at;
	bool pod_bad = false, user = false, role = false;

	if ((at = selinux_bad(pod->sc, minor, &types, &user, &role, &one))) {
		pod_bad = true;
		pss_item_add(&v, at, NULL,
		             vakt_xasprintf("pod sets forbidden securityContext.seLinuxOptions: %s",
		                            vakt_buf_str(&one)));
	}
	PSS_EACH_CONTAINER(pod, c)
	{
		vakt_buf_reset(&one);
		if (!(at = selinux_bad(pss_ctr_sc(c), minor, &types, &user, &role, &one)))
			continue;
		pss_list_add(&bad, pss_ctr_name(c));
		pss_item_add(&v, at, c,
		             pss_ctr_detail(c, " sets forbidden securityContext.seLinuxOptions: %s",
		                            vakt_buf_str(&one)));
	}
	if (v.n_items) {
		bool any = false;

		pss_list_sort(&types);
		pss_buf_setters(&d, pod_bad, &bad, NULL);
		vakt_buf_adds(&d, " set forbidden securityContext.seLinuxOptions: ");
		if (pss_list_count(&types)) {
			pss_buf_plural(&d, "type ", "types ", pss_list_count(&types));
			pss_buf_join(&d, &types, ", ", true);
			any = true;
		}
		if (user) {
			vakt_buf_adds(&d, any ? "; user may not be set" : "user may not be set");
			any = true;
		}
		if (role)
			vakt_buf_adds(&d, any ? "; role may not be set" : "role may not be set");
	}
	pss_result_take(out, &v, "seLinuxOptions", vakt_buf_detach(&d));
	vakt_buf_release(&one);
	pss_list_release(&bad);
	pss_list_release(&types);
}

/* procMount unset or Default in every container; relax: a pod with its own user namespace. */
void pss_proc_mount_any(const struct pss_pod *pod, enum kube_pss_check id, bool relax,
                        struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = id};
	struct pss_list bad = {0}, values = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;

	if (relax && pod->userns)
		return;
	PSS_EACH_CONTAINER(pod, c)
	{
		const struct vakt_yaml_pair *pm = pss_set_pair(pss_ctr_sc(c), "procMount");
		const char *val = pm ? pss_item_str(pm->value) : NULL;

		if (!val || !strcmp(val, "Default"))
			continue;
		pss_list_add(&bad, pss_ctr_name(c));
		pss_list_add(&values, val);
		pss_item_add(&v, pm->key, c,
		             pss_ctr_detail(c,
		                            " must not set securityContext.procMount to \"%.*s\"",
		                            KUBE_PSS_TEXT_MAX, val));
	}
	if (v.n_items) {
		pss_list_sort(&values);
		pss_buf_setters(&d, false, &bad, NULL);
		vakt_buf_adds(&d, " must not set securityContext.procMount to ");
		pss_buf_join(&d, &values, ", ", true);
	}
	pss_result_take(out, &v, "procMount", vakt_buf_detach(&d));
	pss_list_release(&bad);
	pss_list_release(&values);
}

void pss_check_proc_mount(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	/* v1.35: pods with hostUsers: false may unmask /proc (it is their own). */
	pss_proc_mount_any(pod, KUBE_PSS_PROC_MOUNT, minor >= 35, out);
}

#define SECCOMP_POD_ANNOTATION   "seccomp.security.alpha.kubernetes.io/pod"
#define SECCOMP_CONTAINER_PREFIX "container.seccomp.security.alpha.kubernetes.io/"

static bool seccomp_annotation_ok(const char *v)
{
	return !strcmp(v, "runtime/default") || !strcmp(v, "docker/default") ||
	       vakt_starts_with(v, "localhost/");
}

static bool seccomp_type_ok(const char *t)
{
	return !strcmp(t, "RuntimeDefault") || !strcmp(t, "Localhost");
}

/* v1.0 - v1.18: the alpha annotations of the pod and of each container that exists. */
static void seccomp_annotations(const struct pss_pod *pod, struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = KUBE_PSS_SECCOMP_BASELINE};
	const struct vakt_yaml_pair *p =
	    vakt_yaml_get_pair(pod->annotations, SECCOMP_POD_ANNOTATION);
	const struct vakt_yaml_pair **ann;
	struct pss_list bad = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	struct pss_named *names = NULL;
	size_t n_ann, n_names = 0;

	if (p && pss_item_str(p->value) && !seccomp_annotation_ok(pss_item_str(p->value))) {
		char *kv = pss_kv_text(p);

		pss_list_add(&bad, kv);
		pss_item_add(&v, p->key, NULL, vakt_xasprintf("forbidden annotation %s", kv));
		free(kv);
	}
	ann = pss_annotations_with(pod, SECCOMP_CONTAINER_PREFIX, &n_ann);
	if (n_ann)
		names = pss_names_index(pod, &n_names);
	for (size_t i = 0; i < n_ann; i++) {
		const struct vakt_yaml_node *c = pss_names_find(
		    names, n_names, ann[i]->key->str + strlen(SECCOMP_CONTAINER_PREFIX));
		char *kv;

		if (!c || seccomp_annotation_ok(pss_item_str(ann[i]->value)))
			continue;
		kv = pss_kv_text(ann[i]);
		pss_list_add(&bad, kv);
		pss_item_add(&v, ann[i]->key, c, vakt_xasprintf("forbidden annotation %s", kv));
		free(kv);
	}
	if (v.n_items) {
		pss_list_sort(&bad);
		pss_buf_plural(&d, "forbidden annotation ", "forbidden annotations ",
		               pss_list_count(&bad));
		pss_buf_join(&d, &bad, ", ", false);
	}
	pss_result_take(out, &v, "seccompProfile", vakt_buf_detach(&d));
	free(ann);
	free(names);
	pss_list_release(&bad);
}

/* A seccompProfile field of sc set to a forbidden type: the place to report, or NULL. */
static const struct vakt_yaml_node *seccomp_bad(const struct vakt_yaml_node *sc, const char **type)
{
	const struct vakt_yaml_node *prof = pss_map_val(sc, "seccompProfile");

	if (!prof)
		return NULL;
	*type = pss_str_val(prof, "type");
	if (seccomp_type_ok(*type))
		return NULL;
	return pss_where(sc, "seccompProfile", "type", NULL);
}

/*
 * The seccompProfile fields (v1.19+). required: restricted, where every
 * container needs a valid type of its own or from the pod.
 */
void pss_seccomp_fields(const struct pss_pod *pod, enum kube_pss_check id, bool required,
                        struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = id};
	struct pss_list bad = {0}, missing = {0}, values = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c, *at;
	const char *type;
	bool pod_bad = false, pod_ok = false;

	if ((at = seccomp_bad(pod->sc, &type))) {
		pod_bad = true;
		pss_list_add(&values, type);
		pss_item_add(&v, at, NULL,
		             vakt_xasprintf("pod must not set securityContext.seccompProfile.type "
		                            "to \"%.*s\"",
		                            KUBE_PSS_TEXT_MAX, type));
	} else {
		pod_ok = pss_map_val(pod->sc, "seccompProfile") != NULL;
	}
	PSS_EACH_CONTAINER(pod, c)
	{
		const struct vakt_yaml_node *sc = pss_ctr_sc(c);

		if ((at = seccomp_bad(sc, &type))) {
			pss_list_add(&bad, pss_ctr_name(c));
			pss_list_add(&values, type);
			pss_item_add(
			    &v, at, c,
			    pss_ctr_detail(c,
			                   " must not set securityContext.seccompProfile.type "
			                   "to \"%.*s\"",
			                   KUBE_PSS_TEXT_MAX, type));
		} else if (required && !pod_ok && !pss_map_val(sc, "seccompProfile")) {
			pss_list_add(&missing, pss_ctr_name(c));
		}
	}
	if (v.n_items) {
		pss_list_sort(&values);
		pss_buf_setters(&d, pod_bad, &bad, NULL);
		vakt_buf_adds(&d, " must not set securityContext.seccompProfile.type to ");
		pss_buf_join(&d, &values, ", ", true);
	} else if (pss_list_count(&missing)) {
		/* Only when nothing sets a bad value, as PSA reports it. */
		PSS_EACH_CONTAINER(pod, c)
		{
			if (pss_map_val(pss_ctr_sc(c), "seccompProfile"))
				continue;
			pss_item_add(
			    &v, pss_where(c, "securityContext", "seccompProfile", NULL), c,
			    pss_pod_or_ctr(c, " must set securityContext.seccompProfile.type to "
			                      "\"RuntimeDefault\" or \"Localhost\""));
		}
		vakt_buf_adds(&d, "pod or ");
		pss_buf_setters(&d, false, &missing, NULL);
		vakt_buf_adds(&d, " must set securityContext.seccompProfile.type to "
		                  "\"RuntimeDefault\" or \"Localhost\"");
	}
	pss_result_take(out, &v, "seccompProfile", vakt_buf_detach(&d));
	pss_list_release(&bad);
	pss_list_release(&missing);
	pss_list_release(&values);
}

void pss_check_seccomp_baseline(const struct pss_pod *pod, unsigned minor,
                                struct kube_pss_result *out)
{
	if (minor < 19)
		seccomp_annotations(pod, out);
	else
		pss_seccomp_fields(pod, KUBE_PSS_SECCOMP_BASELINE, false, out);
}

/* sysctls: only the namespaced, isolated ones of the policy version. */
void pss_check_sysctls(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	static const struct {
		const char *name;
		unsigned since;
	} safe[] = {
	    {"kernel.shm_rmid_forced", 0},
	    {"net.ipv4.ip_local_port_range", 0},
	    {"net.ipv4.tcp_syncookies", 0},
	    {"net.ipv4.ping_group_range", 0},
	    {"net.ipv4.ip_unprivileged_port_start", 0},
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
	const struct vakt_yaml_node *list = pss_seq_val(pod->sc, "sysctls");
	struct kube_pss_violation v = {.check = KUBE_PSS_SYSCTLS};
	struct pss_list bad = {0};
	struct vakt_buf d = VAKT_BUF_INIT;

	for (size_t i = 0; list && i < list->n; i++) {
		const struct vakt_yaml_node *s = list->items[i];
		const char *name;
		bool ok = false;

		if (!vakt_yaml_is_map(s))
			continue;
		name = pss_str_val(s, "name");
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(safe) && !ok; k++)
			ok = minor >= safe[k].since && !strcmp(name, safe[k].name);
		if (ok)
			continue;
		pss_list_add(&bad, name);
		pss_item_add(
		    &v, pss_where(s, "name", NULL, NULL), NULL,
		    vakt_xasprintf("pod must not set sysctl \"%.*s\"", KUBE_PSS_TEXT_MAX, name));
	}
	if (v.n_items)
		pss_buf_join(&d, &bad, ", ", false);
	pss_result_take(out, &v, "forbidden sysctls", vakt_buf_detach(&d));
	pss_list_release(&bad);
}

/* windowsHostProcess: windowsOptions.hostProcess unset or false, pod and containers. */
void pss_check_host_process(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	static const char *const what =
	    " must not set securityContext.windowsOptions.hostProcess=true";
	struct kube_pss_violation v = {.check = KUBE_PSS_WINDOWS_HOST_PROCESS};
	struct pss_list bad = {0};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c, *wo;
	bool pod_bad = false;

	wo = pss_map_val(pod->sc, "windowsOptions");
	if (pss_is_true(wo, "hostProcess")) {
		pod_bad = true;
		pss_item_add(&v, pss_set_pair(wo, "hostProcess")->key, NULL,
		             pss_ctr_detail(NULL, "%s", what));
	}
	PSS_EACH_CONTAINER(pod, c)
	{
		wo = pss_map_val(pss_ctr_sc(c), "windowsOptions");
		if (!pss_is_true(wo, "hostProcess"))
			continue;
		pss_list_add(&bad, pss_ctr_name(c));
		pss_item_add(&v, pss_set_pair(wo, "hostProcess")->key, c,
		             pss_ctr_detail(c, "%s", what));
	}
	if (v.n_items) {
		pss_buf_setters(&d, pod_bad, &bad, NULL);
		vakt_buf_adds(&d, what);
	}
	pss_result_take(out, &v, "hostProcess", vakt_buf_detach(&d));
	pss_list_release(&bad);
}

/* hostProbesAndHostLifecycle (v1.34+): probe and lifecycle handlers do not set host. */
void pss_check_host_probes(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	static const char *const probes[] = {"livenessProbe", "readinessProbe", "startupProbe"};
	static const char *const hooks[] = {"postStart", "preStop"};
	static const char *const handlers[] = {"httpGet", "tcpSocket"};
	struct kube_pss_violation v = {.check = KUBE_PSS_HOST_PROBES};
	struct pss_list bad = {.unique = true}, hosts = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;

	PSS_EACH_CONTAINER(pod, c)
	{
		const struct vakt_yaml_node *lc = pss_map_val(c, "lifecycle");

		for (size_t k = 0; k < VAKT_ARRAY_SIZE(probes) + VAKT_ARRAY_SIZE(hooks); k++) {
			bool probe = k < VAKT_ARRAY_SIZE(probes);
			const char *name = probe ? probes[k] : hooks[k - VAKT_ARRAY_SIZE(probes)];
			const struct vakt_yaml_node *h =
			    probe ? pss_map_val(c, name) : pss_map_val(lc, name);

			for (size_t j = 0; h && j < VAKT_ARRAY_SIZE(handlers); j++) {
				const struct vakt_yaml_node *hd = pss_map_val(h, handlers[j]);
				const char *host = pss_str_val(hd, "host");

				if (!*host)
					continue;
				pss_list_add(&bad, pss_ctr_name(c));
				pss_list_add(&hosts, host);
				pss_item_add(&v, pss_where(hd, "host", NULL, NULL), c,
				             pss_ctr_detail(c,
				                            " must not set %s%s.%s.host (\"%.*s\")",
				                            probe ? "" : "lifecycle.", name,
				                            handlers[j], KUBE_PSS_TEXT_MAX, host));
			}
		}
	}
	if (v.n_items) {
		pss_list_sort(&bad);
		pss_list_sort(&hosts);
		pss_buf_setters(&d, false, &bad, NULL);
		pss_buf_plural(&d, " uses ", " use ", pss_list_count(&bad));
		pss_buf_plural(&d, "probe or lifecycle host ", "probe or lifecycle hosts ",
		               pss_list_count(&hosts));
		pss_buf_join(&d, &hosts, ", ", true);
	}
	pss_result_take(out, &v, "probe or lifecycle host", vakt_buf_detach(&d));
	pss_list_release(&bad);
	pss_list_release(&hosts);
}
