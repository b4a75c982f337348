/* SPDX-License-Identifier: MIT */
/*
 * The Pod Security Standards restricted checks, which run at the restricted
 * level on top of the baseline ones; from their versions on, some replace a
 * baseline check (kube-pss.c's pss_overrides): restrictedVolumes replaces
 * hostPathVolumes, and the restricted seccompProfile, capabilities and
 * procMount variants tighten the baseline helpers of kube-pss-baseline.c.
 */
#include <stdio.h>

#include "kube-pss-priv.h"

/* restrictedVolumes: every volume is one of the core, non-host volume types. */
void pss_check_restricted_volumes(const struct pss_pod *pod, unsigned minor,
                                  struct kube_pss_result *out)
{
	static const char *const allowed[] = {
	    "configMap", "csi",   "downwardAPI",           "emptyDir",
	    "ephemeral", "image", "persistentVolumeClaim", "projected",
	    "secret",
	};
	/*
	 * The other sources of the Volume API, in its order. A volume with none
	 * of these (unknown keys only) is defaulted to an emptyDir by the API
	 * server, so only these can make a volume restricted.
	 */
	static const char *const others[] = {
	    "hostPath",
	    "gcePersistentDisk",
	    "awsElasticBlockStore",
	    "gitRepo",
	    "nfs",
	    "iscsi",
	    "glusterfs",
	    "rbd",
	    "flexVolume",
	    "cinder",
	    "cephfs",
	    "flocker",
	    "fc",
	    "azureFile",
	    "vsphereVolume",
	    "quobyte",
	    "azureDisk",
	    "photonPersistentDisk",
	    "portworxVolume",
	    "scaleIO",
	    "storageos",
	};
	const struct vakt_yaml_node *vols = pss_seq_val(pod->spec, "volumes");
	struct kube_pss_violation v = {.check = KUBE_PSS_RESTRICTED_VOLUMES};
	struct pss_list bad = {0}, types = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;

	for (size_t i = 0; vols && i < vols->n; i++) {
		const struct vakt_yaml_node *vol = vols->items[i];
		const struct vakt_yaml_pair *src = NULL;
		const char *type = NULL;
		bool ok = false;
		struct vakt_buf b = VAKT_BUF_INIT;

		if (!vakt_yaml_is_map(vol))
			continue;
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(allowed) && !ok; k++)
			ok = pss_set_pair(vol, allowed[k]) != NULL;
		if (ok)
			continue;
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(others) && !src; k++)
			if ((src = pss_set_pair(vol, others[k])))
				type = others[k];
		/* No source at all: the API server defaults the volume to an emptyDir. */
		if (!src)
			continue;
		pss_list_add(&bad, pss_str_val(vol, "name"));
		pss_list_add(&types, type);
		vakt_buf_adds(&b, "volume ");
		pss_buf_quote(&b, pss_str_val(vol, "name"));
		vakt_buf_addf(&b, " uses restricted volume type \"%s\"", type);
		pss_item_add(&v, src->key, NULL, vakt_buf_detach(&b));
	}
	if (v.n_items) {
		pss_list_sort(&types);
		pss_buf_plural(&d, "volume ", "volumes ", pss_list_count(&bad));
		pss_buf_join(&d, &bad, ", ", true);
		pss_buf_plural(&d, " uses ", " use ", pss_list_count(&bad));
		pss_buf_plural(&d, "restricted volume type ", "restricted volume types ",
		               pss_list_count(&types));
		pss_buf_join(&d, &types, ", ", true);
	}
	pss_result_take(out, &v, "restricted volume types", vakt_buf_detach(&d));
	pss_list_release(&bad);
	pss_list_release(&types);
}

/* runAsNonRoot: true at pod level (and never false), or true in every container. */
void pss_check_run_as_non_root(const struct pss_pod *pod, unsigned minor,
                               struct kube_pss_result *out)
{
	static const char *const not_false = " must not set securityContext.runAsNonRoot=false";
	struct kube_pss_violation v = {.check = KUBE_PSS_RUN_AS_NON_ROOT};
	struct pss_list bad = {0}, missing = {0};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;
	bool pod_bad = false, pod_ok = false, b;

	/* v1.35: a pod with its own user namespace is not root on the node. */
	if (minor >= 35 && pod->userns)
		return;
	if (pss_bool_val(pod->sc, "runAsNonRoot", &b)) {
		pod_bad = !b;
		pod_ok = b;
		if (pod_bad)
			pss_item_add(&v, pss_set_pair(pod->sc, "runAsNonRoot")->key, NULL,
			             pss_ctr_detail(NULL, "%s", not_false));
	}
	PSS_EACH_CONTAINER(pod, c)
	{
		const struct vakt_yaml_node *sc = pss_ctr_sc(c);

		if (pss_bool_val(sc, "runAsNonRoot", &b)) {
			if (b)
				continue;
			pss_list_add(&bad, pss_ctr_name(c));
			pss_item_add(&v, pss_set_pair(sc, "runAsNonRoot")->key, c,
			             pss_ctr_detail(c, "%s", not_false));
		} else if (!pod_ok) {
			pss_list_add(&missing, pss_ctr_name(c));
		}
	}
	if (v.n_items) {
		pss_buf_setters(&d, pod_bad, &bad, NULL);
		vakt_buf_adds(&d, not_false);
	} else if (pss_list_count(&missing)) {
		PSS_EACH_CONTAINER(pod, c)
		{
			if (pss_bool_val(pss_ctr_sc(c), "runAsNonRoot", &b))
				continue;
			pss_item_add(
			    &v, pss_where(c, "securityContext", "runAsNonRoot", NULL), c,
			    pss_pod_or_ctr(c, " must set securityContext.runAsNonRoot=true"));
		}
		vakt_buf_adds(&d, "pod or ");
		pss_buf_setters(&d, false, &missing, NULL);
		vakt_buf_adds(&d, " must set securityContext.runAsNonRoot=true");
	}
	pss_result_take(out, &v, "runAsNonRoot != true", vakt_buf_detach(&d));
	pss_list_release(&bad);
	pss_list_release(&missing);
}

/* allowPrivilegeEscalation: explicitly false in every container. */
void pss_check_ape(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	static const char *const what = " must set securityContext.allowPrivilegeEscalation=false";
	struct kube_pss_violation v = {.check = KUBE_PSS_ALLOW_PRIVILEGE_ESCALATION};
	struct pss_list bad = {0};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;
	bool b;

	/* v1.25: Windows pods have no such setting. */
	if (minor >= 25 && pod->windows)
		return;
	PSS_EACH_CONTAINER(pod, c)
	{
		if (pss_bool_val(pss_ctr_sc(c), "allowPrivilegeEscalation", &b) && !b)
			continue;
		pss_list_add(&bad, pss_ctr_name(c));
		pss_item_add(&v, pss_where(c, "securityContext", "allowPrivilegeEscalation", NULL),
		             c, pss_ctr_detail(c, "%s", what));
	}
	if (v.n_items) {
		pss_buf_setters(&d, false, &bad, NULL);
		vakt_buf_adds(&d, what);
	}
	pss_result_take(out, &v, "allowPrivilegeEscalation != false", vakt_buf_detach(&d));
	pss_list_release(&bad);
}

void pss_check_seccomp_restricted(const struct pss_pod *pod, unsigned minor,
                                  struct kube_pss_result *out)
{
	/* v1.25: the API server rejects seccomp on Windows pods, so none is required. */
	if (minor >= 25 && pod->windows)
		return;
	pss_seccomp_fields(pod, KUBE_PSS_SECCOMP_RESTRICTED, true, out);
}

/* capabilities_restricted: drop ALL, add at most NET_BIND_SERVICE. */
void pss_check_caps_restricted(const struct pss_pod *pod, unsigned minor,
                               struct kube_pss_result *out)
{
	static const char *const allowed[] = {"NET_BIND_SERVICE"};
	struct kube_pss_violation v = {.check = KUBE_PSS_CAPABILITIES_RESTRICTED};
	struct pss_list no_drop = {0}, adding = {0}, caps = {.unique = true};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;

	/* v1.25: Windows pods have no Linux capabilities. */
	if (minor >= 25 && pod->windows)
		return;
	PSS_EACH_CONTAINER(pod, c)
	{
		const struct vakt_yaml_node *drop =
		    pss_seq_val(pss_map_val(pss_ctr_sc(c), "capabilities"), "drop");
		struct pss_list mine = {.unique = true};
		const struct vakt_yaml_node *at;
		bool all = false;

		for (size_t i = 0; drop && i < drop->n && !all; i++) {
			const char *cap = pss_item_str(drop->items[i]);

			all = cap && !strcmp(cap, "ALL");
		}
		if (!all) {
			pss_list_add(&no_drop, pss_ctr_name(c));
			pss_item_add(&v, pss_where(c, "securityContext", "capabilities", "drop"), c,
			             pss_ctr_detail(c,
			                            " must set "
			                            "securityContext.capabilities.drop=[\"ALL\"]"));
		}
		if (!pss_map_val(pss_ctr_sc(c), "capabilities"))
			continue;
		at = pss_caps_added(c, allowed, VAKT_ARRAY_SIZE(allowed), &mine, &caps);
		if (at) {
			pss_list_add(&adding, pss_ctr_name(c));
			pss_item_add(&v, at, c, pss_caps_detail(c, &mine));
		}
		pss_list_release(&mine);
	}
	if (pss_list_count(&no_drop)) {
		pss_buf_setters(&d, false, &no_drop, NULL);
		vakt_buf_adds(&d, " must set securityContext.capabilities.drop=[\"ALL\"]");
	}
	if (pss_list_count(&adding)) {
		pss_list_sort(&caps);
		if (d.len)
			vakt_buf_adds(&d, "; ");
		pss_buf_setters(&d, false, &adding, NULL);
		vakt_buf_adds(&d, " must not include ");
		pss_buf_join(&d, &caps, ", ", true);
		vakt_buf_adds(&d, " in securityContext.capabilities.add");
	}
	pss_result_take(out, &v, "unrestricted capabilities", vakt_buf_detach(&d));
	pss_list_release(&no_drop);
	pss_list_release(&adding);
	pss_list_release(&caps);
}

/* runAsUser: never 0, at pod or container level. */
void pss_check_run_as_user(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out)
{
	struct kube_pss_violation v = {.check = KUBE_PSS_RUN_AS_USER};
	struct pss_list bad = {0};
	struct vakt_buf d = VAKT_BUF_INIT;
	const struct vakt_yaml_node *c;
	const struct vakt_yaml_pair *p;
	bool pod_bad = false;
	long long uid;

	/* v1.35: UID 0 in a pod's own user namespace is not root on the node. */
	if (minor >= 35 && pod->userns)
		return;
	p = pss_set_pair(pod->sc, "runAsUser");
	if (p && vakt_yaml_int(p->value, &uid) && uid == 0) {
		pod_bad = true;
		pss_item_add(&v, p->key, NULL, vakt_xstrdup("pod must not set runAsUser=0"));
	}
	PSS_EACH_CONTAINER(pod, c)
	{
		p = pss_set_pair(pss_ctr_sc(c), "runAsUser");
		if (!p || !vakt_yaml_int(p->value, &uid) || uid != 0)
			continue;
		pss_list_add(&bad, pss_ctr_name(c));
		pss_item_add(&v, p->key, c, pss_ctr_detail(c, " must not set runAsUser=0"));
	}
	if (v.n_items) {
		pss_buf_setters(&d, pod_bad, &bad, NULL);
		vakt_buf_adds(&d, " must not set runAsUser=0");
	}
	pss_result_take(out, &v, "runAsUser=0", vakt_buf_detach(&d));
	pss_list_release(&bad);
}

void pss_check_proc_mount_restricted(const struct pss_pod *pod, unsigned minor,
                                     struct kube_pss_result *out)
{
	pss_proc_mount_any(pod, KUBE_PSS_PROC_MOUNT_RESTRICTED, false, out);
}
