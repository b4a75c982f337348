/* SPDX-License-Identifier: MIT */
/*
 * Identity rules (KS001-KS005): which user and group a container runs as,
 * with runAsNonRoot, runAsUser and runAsGroup inherited from the pod's
 * securityContext when the container does not set them.
 */
#include "core/util.h"
#include "kube-check.h"

/* A container's effective identity settings. */
struct ids {
	struct kube_setting nonroot, uid, gid;
	bool nonroot_true;
	bool uid_num, gid_num; /* set to an integer */
	long long uid_v, gid_v;
};

static void ids_read(const struct kube_object *o, const struct kube_container *c, struct ids *x)
{
	memset(x, 0, sizeof(*x));
	kube_sc_effective(o, c, "runAsNonRoot", true, &x->nonroot);
	kube_sc_effective(o, c, "runAsUser", true, &x->uid);
	kube_sc_effective(o, c, "runAsGroup", true, &x->gid);
	x->nonroot_true = kube_setting_true(&x->nonroot);
	x->uid_num = x->uid.value && vakt_yaml_int(x->uid.value, &x->uid_v);
	x->gid_num = x->gid.value && vakt_yaml_int(x->gid.value, &x->gid_v);
}

/* " (set at pod level)" or "". */
static const char *inherited(const struct kube_setting *s)
{
	return s->pod_level ? " (set at pod level)" : "";
}

static void root_possible_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                              const struct kube_container *c)
{
	struct ids x;
	char *desc, *path;

	ids_read(o, c, &x);
	/* A numeric runAsUser is judged by KS002 (0) and KS004 (non-zero). */
	if (x.nonroot_true || x.uid_num)
		return;
	desc = kube_ctr_desc(c);
	if (x.nonroot.key) {
		path = kube_setting_path(o, &x.nonroot, "runAsNonRoot");
		kube_emit(
		    ctx, o, c, x.nonroot.key,
		    "%s runs with %s=%.*s%s and no numeric runAsUser, so it runs as the image's "
		    "USER, which is root unless the image says otherwise",
		    desc, path, KUBE_MSG_MAX, kube_node_text(x.nonroot.value),
		    inherited(&x.nonroot));
		free(path);
	} else {
		kube_emit(
		    ctx, o, c, kube_where_path(o, c->node, "securityContext.runAsNonRoot"),
		    "%s may run as root: neither runAsNonRoot=true nor a non-zero runAsUser is "
		    "set on it or on the pod, so the image's USER decides (root for most "
		    "images)",
		    desc);
	}
	free(desc);
}

/* KS001: nothing keeps the container from running as root. */
void kube_check_root_possible(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, true, root_possible_one);
}

static void uid_zero_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                         const struct kube_container *c)
{
	struct ids x;
	char *desc, *path;

	ids_read(o, c, &x);
	if (!x.uid_num || x.uid_v != 0)
		return;
	desc = kube_ctr_desc(c);
	path = kube_setting_path(o, &x.uid, "runAsUser");
	kube_emit(ctx, o, c, x.uid.key, "%s runs as root: %s=0%s%s", desc, path, inherited(&x.uid),
	          x.nonroot_true ? "; with runAsNonRoot=true as well, the kubelet refuses to "
	                           "start it"
	                         : "");
	free(path);
	free(desc);
}

/* KS002: runAsUser 0, on the container or inherited from the pod. */
void kube_check_uid_zero(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, true, uid_zero_one);
}

static void root_group_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                           const struct kube_container *c)
{
	struct ids x;
	char *desc, *path;

	ids_read(o, c, &x);
	if (!x.gid_num || x.gid_v != 0)
		return;
	desc = kube_ctr_desc(c);
	path = kube_setting_path(o, &x.gid, "runAsGroup");
	kube_emit(ctx, o, c, x.gid.key,
	          "%s runs with primary group 0 (root): %s=0%s; it can read and write every "
	          "file the image leaves group-owned by root",
	          desc, path, inherited(&x.gid));
	free(path);
	free(desc);
}

/* KS003: group 0 as runAsGroup (per container), fsGroup or supplementalGroups (pod). */
void kube_check_root_group(struct vakt_check_ctx *ctx)
{
	const struct kube_object *o = kube_check_pod(ctx);
	const struct vakt_yaml_node *sc, *groups;
	const struct vakt_yaml_pair *p;
	const char *spec;
	long long v;

	if (!o || kube_pod_is_windows(o))
		return;
	kube_each_container(ctx, true, root_group_one);
	sc = kube_pod_sc(o);
	spec = o->pod_spec_path ? o->pod_spec_path : "spec";
	p = vakt_yaml_get_pair(sc, "fsGroup");
	if (p && vakt_yaml_int(p->value, &v) && v == 0)
		kube_emit(ctx, o, NULL, p->key,
		          "the pod sets %s.securityContext.fsGroup=0: its volumes are made "
		          "group-owned by root and GID 0 is added to every container's groups",
		          spec);
	groups = vakt_yaml_get(sc, "supplementalGroups");
	for (size_t i = 0; vakt_yaml_is_seq(groups) && i < groups->n; i++)
		if (vakt_yaml_int(groups->items[i], &v) && v == 0)
			kube_emit(
			    ctx, o, NULL, groups->items[i],
			    "the pod sets %s.securityContext.supplementalGroups with 0: every "
			    "container also runs in the root group",
			    spec);
}

static void nonroot_unset_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                              const struct kube_container *c)
{
	struct ids x;
	char *desc;

	ids_read(o, c, &x);
	if (x.nonroot_true || !x.uid_num || x.uid_v <= 0)
		return;
	desc = kube_ctr_desc(c);
	kube_emit(ctx, o, c,
	          x.nonroot.key ? x.nonroot.key
	                        : kube_where_path(o, c->node, "securityContext.runAsNonRoot"),
	          "%s runs as UID %lld but does not set runAsNonRoot=true: nothing stops a later "
	          "change of runAsUser or of the image from bringing root back",
	          desc, x.uid_v);
	free(desc);
}

/* KS004: a non-zero runAsUser without runAsNonRoot: true. */
void kube_check_nonroot_unset(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, true, nonroot_unset_one);
}

static void ids_numeric_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                            const struct kube_container *c)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	const struct vakt_yaml_node *at = NULL;
	struct ids x;
	char *desc;

	ids_read(o, c, &x);
	if (x.uid.value && !x.uid_num) {
		vakt_buf_addf(&b, "sets runAsUser to '%.*s', which is not a number", KUBE_MSG_MAX,
		              kube_node_text(x.uid.value));
		at = x.uid.key;
	} else if (!x.uid.value && x.nonroot_true) {
		/* Without runAsNonRoot: true, KS001 already reports the missing user. */
		vakt_buf_adds(&b, "sets no runAsUser, so the image's USER decides, and the kubelet "
		                  "refuses to start it when that USER is a name");
		at = kube_where_path(o, c->node, "securityContext.runAsUser");
	}
	if (x.gid.value && !x.gid_num) {
		vakt_buf_addf(&b, "%ssets runAsGroup to '%.*s', which is not a number",
		              b.len ? "; " : "", KUBE_MSG_MAX, kube_node_text(x.gid.value));
		at = at ? at : x.gid.key;
	} else if (!x.gid.value) {
		vakt_buf_addf(&b,
		              "%ssets no runAsGroup, so its primary group comes from the image: "
		              "GID 0 (root) when the image's user has no group of its own",
		              b.len ? "; " : "");
		at = at ? at : kube_where_path(o, c->node, "securityContext.runAsGroup");
	}
	if (b.len) {
		desc = kube_ctr_desc(c);
		kube_emit(ctx, o, c, at, "%s %s", desc, vakt_buf_str(&b));
		free(desc);
	}
	vakt_buf_release(&b);
}

/* KS005: runAsUser and runAsGroup not both set to numbers. */
void kube_check_ids_not_numeric(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, true, ids_numeric_one);
}
