/* SPDX-License-Identifier: MIT */
/*
 * Filesystem rules (KS020-KS021): a read-only root filesystem, and with it
 * a writable volume for temporary files (an emptyDir at /tmp), so that
 * software writing temporary files does not crash.
 */
#include "core/util.h"
#include "kube-check.h"

#define FS_MAX_TMPDIR KUBE_TMPDIR_MAX

static bool rootfs_read_only(const struct kube_object *o, const struct kube_container *c,
                             struct kube_setting *s)
{
	kube_sc_effective(o, c, "readOnlyRootFilesystem", false, s);
	return kube_setting_true(s);
}

static void rootfs_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                       const struct kube_container *c)
{
	struct kube_setting s;
	char *desc, *hint;

	if (rootfs_read_only(o, c, &s))
		return;
	desc = kube_ctr_desc(c);
	hint = kube_misplaced_hint(o, "readOnlyRootFilesystem");
	if (s.key)
		kube_emit(ctx, o, c, s.key,
		          "%s sets securityContext.readOnlyRootFilesystem=%.*s: an attacker can "
		          "write scripts and tools into its filesystem",
		          desc, KUBE_MSG_MAX, kube_node_text(s.value));
	else
		kube_emit(ctx, o, c,
		          kube_where_path(o, c->node, "securityContext.readOnlyRootFilesystem"),
		          "%s does not set securityContext.readOnlyRootFilesystem=true%s: an "
		          "attacker can write scripts and tools into its filesystem",
		          desc, hint);
	free(hint);
	free(desc);
}

/* KS020: readOnlyRootFilesystem not true. */
void kube_check_rootfs_writable(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, true, rootfs_one);
}

/*
 * Copy path into out without repeated or trailing slashes. Returns false
 * when it is not absolute or too long.
 */
static bool path_norm(const char *path, char *out, size_t size)
{
	size_t k = 0;

	if (!path || path[0] != '/')
		return false;
	for (size_t i = 0; path[i]; i++) {
		if (path[i] == '/' && (k && out[k - 1] == '/'))
			continue;
		if (k + 1 >= size)
			return false;
		out[k++] = path[i];
	}
	while (k > 1 && out[k - 1] == '/')
		k--;
	out[k] = '\0';
	return true;
}

/* Whether directory dir is path or one of its parents (both normalised). */
static bool path_covers(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (!strcmp(dir, "/"))
		return true;
	return !strncmp(dir, path, n) && (path[n] == '\0' || path[n] == '/');
}

/* The directory the container keeps temporary files in: a literal TMPDIR, else /tmp. */
static void tmp_dir(const struct kube_container *c, char *out, size_t size)
{
	const struct vakt_yaml_node *env = vakt_yaml_get(c->node, "env");

	for (size_t i = 0; vakt_yaml_is_seq(env) && i < env->n; i++) {
		const char *name = vakt_yaml_text(vakt_yaml_get(env->items[i], "name"));
		const char *value = vakt_yaml_text(vakt_yaml_get(env->items[i], "value"));

		if (name && value && !strcmp(name, "TMPDIR") && path_norm(value, out, size))
			return;
	}
	path_norm("/tmp", out, size);
}

/*
 * The pod volume named name (the first of that name), or NULL. vols indexes
 * the pod's volumes, built at the first lookup of the pod: a walk per mount
 * was M * V on a pod of many mounts over /tmp and many volumes.
 */
static const struct vakt_yaml_node *pod_volume(const struct kube_object *o, struct kube_names *vols,
                                               bool *indexed, const char *name)
{
	size_t lo;

	if (!*indexed) {
		kube_names_add(vols, vakt_yaml_get(o->pod_spec, "volumes"), 0);
		kube_names_sort(vols);
		*indexed = true;
	}
	return kube_names_find(vols, name, &lo) > lo ? vols->v[lo].node : NULL;
}

/* The volume source of a volume that the kubelet always mounts read-only, or NULL. */
static const char *read_only_source(const struct vakt_yaml_node *vol)
{
	static const char *const ro[] = {"configMap", "secret", "downwardAPI", "projected",
	                                 "image"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(ro); i++)
		if (vakt_yaml_get_pair(vol, ro[i]))
			return ro[i];
	return NULL;
}

static void no_tmp_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                       const struct kube_container *c, struct kube_names *vols, bool *indexed)
{
	const struct vakt_yaml_node *mounts = vakt_yaml_get(c->node, "volumeMounts");
	const struct vakt_yaml_node *bad = NULL;
	const char *why = NULL, *src = NULL;
	char tmp[FS_MAX_TMPDIR], mp[FS_MAX_TMPDIR];
	struct kube_setting s;
	char *desc;

	if (!rootfs_read_only(o, c, &s))
		return;
	tmp_dir(c, tmp, sizeof(tmp));
	for (size_t i = 0; vakt_yaml_is_seq(mounts) && i < mounts->n; i++) {
		const struct vakt_yaml_node *m = mounts->items[i];
		const struct vakt_yaml_pair *mpath = vakt_yaml_get_pair(m, "mountPath");
		const char *vname = vakt_yaml_text(vakt_yaml_get(m, "name"));
		const struct vakt_yaml_node *vol;
		bool ro = false;

		if (!mpath || !path_norm(vakt_yaml_text(mpath->value), mp, sizeof(mp)) ||
		    !path_covers(mp, tmp))
			continue;
		vol = vname ? pod_volume(o, vols, indexed, vname) : NULL;
		src = vol ? read_only_source(vol) : NULL;
		if (vakt_yaml_bool(vakt_yaml_get(m, "readOnly"), &ro) && ro)
			why = "is mounted readOnly";
		else if (!vol)
			why = "names no volume of the pod";
		else if (src)
			why = "is a read-only volume type";
		else
			return;
		bad = mpath->key;
	}
	desc = kube_ctr_desc(c);
	if (bad)
		kube_emit(ctx, o, c, bad,
		          "%s has a read-only root filesystem, and the volume at %.*s %s%s%s%s: "
		          "software that writes temporary files will fail; mount an emptyDir there",
		          desc, KUBE_MSG_MAX, tmp, why, src ? " (" : "", src ? src : "",
		          src ? ")" : "");
	else
		kube_emit(ctx, o, c, s.key,
		          "%s has a read-only root filesystem but no writable volume at %.*s: "
		          "software that writes temporary files (uploads, image processing, "
		          "tempfile) will crash; mount an emptyDir volume at %.*s",
		          desc, KUBE_MSG_MAX, tmp, KUBE_MSG_MAX, tmp);
	free(desc);
}

/* KS021: readOnlyRootFilesystem without a writable volume at /tmp (or $TMPDIR). */
void kube_check_rootfs_no_tmp(struct vakt_check_ctx *ctx)
{
	const struct kube_object *o = kube_check_pod(ctx);
	struct kube_names vols = {0};
	bool indexed = false;

	/* kube_each_container(ctx, true, ...), with the pod's volume index shared. */
	if (!o || kube_pod_is_windows(o))
		return;
	for (size_t i = 0; i < o->n_containers; i++)
		no_tmp_one(ctx, o, &o->containers[i], &vols, &indexed);
	kube_names_release(&vols);
}

int kube_ctr_tmp_writable(const struct kube_object *o, const struct kube_container *c, char *tmp,
                          size_t size)
{
	const struct vakt_yaml_node *mounts = vakt_yaml_get(c->node, "volumeMounts");
	struct kube_names vols = {0};
	bool indexed = false;
	char mp[FS_MAX_TMPDIR];
	int state = 0;

	tmp_dir(c, tmp, size);
	/* As no_tmp_one() judges it: the last mount over the directory decides. */
	for (size_t i = 0; vakt_yaml_is_seq(mounts) && i < mounts->n; i++) {
		const struct vakt_yaml_node *m = mounts->items[i];
		const char *vname = vakt_yaml_text(vakt_yaml_get(m, "name"));
		const struct vakt_yaml_node *vol;
		bool ro = false;

		if (!path_norm(vakt_yaml_text(vakt_yaml_get(m, "mountPath")), mp, sizeof(mp)) ||
		    !path_covers(mp, tmp))
			continue;
		vol = vname ? pod_volume(o, &vols, &indexed, vname) : NULL;
		if ((vakt_yaml_bool(vakt_yaml_get(m, "readOnly"), &ro) && ro) || !vol ||
		    read_only_source(vol))
			state = -1;
		else {
			state = 1;
			break;
		}
	}
	kube_names_release(&vols);
	return state;
}
