/* SPDX-License-Identifier: MIT */
/*
 * vakt fix for pods (docs/fix.md): securityContext settings, an emptyDir
 * at /tmp, the service-account token, resources and image digests as
 * .vakt.yaml's fix section gives them. A setting that every container
 * inherits (runAsNonRoot, runAsUser, runAsGroup, seccompProfile) goes into
 * the pod's securityContext when every container that would inherit it
 * needs the fix, else into the container's own; a fix never changes a
 * container that had no finding of its rule.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scan.h"
#include "core/util.h"
#include "kube-check.h"
#include "kube-fix.h"

static struct vakt_yedit *ed(const struct vakt_fix_ctx *ctx)
{
	return ((const struct kube_fix *)ctx->model)->ed;
}

/* A container-level finding's object and container, or false (skipped). */
static bool locate_ctr(struct vakt_fix_ctx *ctx, const struct vakt_finding *f,
                       const struct kube_object **o, const struct kube_container **c)
{
	if (!kube_fix_locate(ctx, f, o, c))
		return false;
	if (!*c || !(*o)->pod_spec) {
		vakt_fix_skip(ctx, f, "the finding names no container of a pod spec");
		return false;
	}
	return true;
}

/* "(the default UID; set fix.uid in .vakt.yaml)" or "(fix.uid)". */
static const char *uid_why(const struct vakt_fix_ctx *ctx, long *uid)
{
	bool configured;

	*uid = vakt_fix_uid(ctx->opts, &configured);
	return configured ? "(fix.uid)" : "(the default UID; set fix.uid in .vakt.yaml)";
}

/* The setting key below securityContext at home (pod spec or container). */
static int ensure_sc(struct vakt_fix_ctx *ctx, const struct vakt_yaml_node *home, const char *key,
                     const char *value, const char *note, struct vakt_error **err)
{
	char *path = vakt_xasprintf("securityContext.%s", key);
	int r = vakt_yedit_ensure_path(ed(ctx), home, path, value, ctx->rule, note, err);

	free(path);
	return r;
}

/* Where an inheritable key of fam goes for c: the pod spec or c's node. */
static const struct vakt_yaml_node *home_of(const struct vakt_fix_ctx *ctx,
                                            const struct kube_object *o,
                                            const struct kube_container *c,
                                            enum kube_fix_family fam, const char *key, bool *pod)
{
	*pod = kube_fix_pod_level_ok(ctx, o, fam, key);
	return *pod ? o->pod_spec : c->node;
}

/*
 * runAsUser and runAsGroup at home when c has none in effect: part of the
 * identity fixes, since runAsNonRoot alone leaves a root image unable to
 * start.
 */
static bool ensure_ids(struct vakt_fix_ctx *ctx, const struct vakt_finding *f,
                       const struct kube_object *o, const struct kube_container *c,
                       const struct vakt_yaml_node *home, bool want_user)
{
	/* Each at the pod when every container that would inherit it is being fixed too. */
	const struct vakt_yaml_node *uhome =
	    kube_fix_pod_level_ok(ctx, o, KUBE_FIX_FAM_NONROOT, "runAsUser") ? o->pod_spec : home;
	const struct vakt_yaml_node *ghome =
	    kube_fix_pod_level_ok(ctx, o, KUBE_FIX_FAM_NONROOT, "runAsGroup") ? o->pod_spec : home;
	struct kube_setting s;
	struct vakt_error *err = NULL;
	char value[24], note[128];
	long uid;
	const char *why = uid_why(ctx, &uid);

	snprintf(value, sizeof(value), "%ld", uid);
	if (want_user && !kube_sc_effective(o, c, "runAsUser", true, &s)) {
		snprintf(note, sizeof(note), "runAsUser %ld %s", uid, why);
		if (!kube_fix_ok(ctx, f, ensure_sc(ctx, uhome, "runAsUser", value, note, &err),
		                 &err))
			return false;
	}
	err = NULL;
	if (!kube_sc_effective(o, c, "runAsGroup", true, &s)) {
		snprintf(note, sizeof(note), "runAsGroup %ld", uid);
		if (!kube_fix_ok(ctx, f, ensure_sc(ctx, ghome, "runAsGroup", value, note, &err),
		                 &err))
			return false;
	}
	return true;
}

/*
 * A finding about the pod's own securityContext (PS014, PS016, PS018 say
 * so when the pod-level value is wrong): key set to value there, or added
 * when missing. False when f is about a container (nothing done).
 */
static bool fix_pod_level(struct vakt_fix_ctx *ctx, const struct vakt_finding *f,
                          const struct kube_object *o, const struct kube_container *c,
                          const char *key, const char *value, const char *note)
{
	const struct vakt_yaml_node *v;
	struct vakt_error *err = NULL;

	if (c)
		return false;
	if (!o->pod_spec) {
		vakt_fix_skip(ctx, f, "the object has no pod spec");
		return true;
	}
	v = vakt_yaml_get(kube_pod_sc(o), key);
	if (v && !vakt_yaml_is_null(v) && v->kind == VAKT_YAML_SCALAR)
		kube_fix_ok(ctx, f,
		            vakt_yedit_set_scalar(ed(ctx), v, value, false, ctx->rule, note, &err),
		            &err);
	else
		kube_fix_ok(ctx, f, ensure_sc(ctx, o->pod_spec, key, value, note, &err), &err);
	return true;
}

/* KS001, PS014: runAsNonRoot: true (with a numeric user and group where none is set). */
void kube_fix_nonroot(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct kube_object *o;
	const struct kube_container *c;
	const struct vakt_yaml_node *home;
	struct vakt_error *err = NULL;
	struct kube_setting s;
	bool pod;

	if (!kube_fix_locate(ctx, f, &o, &c) ||
	    fix_pod_level(ctx, f, o, c, "runAsNonRoot", "true", "runAsNonRoot: true for the pod"))
		return;
	if (!o->pod_spec)
		return;
	if (kube_sc_effective(o, c, "runAsNonRoot", true, &s)) {
		/* An explicit false (or a value that is not true): made true where it is. */
		if (!kube_fix_ok(ctx, f,
		                 vakt_yedit_set_scalar(ed(ctx), s.value, "true", false, ctx->rule,
		                                       "runAsNonRoot: true", &err),
		                 &err))
			return;
		home = s.pod_level ? o->pod_spec : c->node;
	} else {
		home = home_of(ctx, o, c, KUBE_FIX_FAM_NONROOT, "runAsNonRoot", &pod);
		if (!kube_fix_ok(
		        ctx, f,
		        ensure_sc(ctx, home, "runAsNonRoot", "true",
		                  pod ? "runAsNonRoot: true for the pod" : "runAsNonRoot: true",
		                  &err),
		        &err))
			return;
	}
	ensure_ids(ctx, f, o, c, home, true);
}

/* KS004: runAsNonRoot: true beside the non-zero runAsUser. */
void kube_fix_nonroot_flag(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct kube_object *o;
	const struct kube_container *c;
	struct vakt_error *err = NULL;
	struct kube_setting s, u;

	if (!locate_ctr(ctx, f, &o, &c))
		return;
	if (kube_sc_effective(o, c, "runAsNonRoot", true, &s)) {
		kube_fix_ok(ctx, f,
		            vakt_yedit_set_scalar(ed(ctx), s.value, "true", false, ctx->rule,
		                                  "runAsNonRoot: true", &err),
		            &err);
		return;
	}
	kube_sc_effective(o, c, "runAsUser", true, &u);
	/* Beside the runAsUser; at pod level only when no container there would change. */
	if (u.pod_level && !kube_fix_pod_level_ok(ctx, o, KUBE_FIX_FAM_NONROOT, "runAsNonRoot"))
		u.pod_level = false;
	kube_fix_ok(ctx, f,
	            ensure_sc(ctx, u.pod_level ? o->pod_spec : c->node, "runAsNonRoot", "true",
	                      "runAsNonRoot: true", &err),
	            &err);
}

/* KS005: a numeric runAsUser (with runAsNonRoot: true) and runAsGroup. */
void kube_fix_ids(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct kube_object *o;
	const struct kube_container *c;
	struct kube_setting u, g;
	long long v;
	bool pod;

	if (!locate_ctr(ctx, f, &o, &c))
		return;
	kube_sc_effective(o, c, "runAsUser", true, &u);
	kube_sc_effective(o, c, "runAsGroup", true, &g);
	if ((u.value && !vakt_yaml_int(u.value, &v)) || (g.value && !vakt_yaml_int(g.value, &v))) {
		vakt_fix_skip(ctx, f,
		              "runAsUser or runAsGroup is set to something that is not a number: "
		              "which user was meant is for a person to say");
		return;
	}
	ensure_ids(ctx, f, o, c, home_of(ctx, o, c, KUBE_FIX_FAM_NONROOT, "runAsGroup", &pod),
	           !u.value);
}

/*
 * Set the scalar of setting s to the fix UID, at its level or c's own when
 * others inherit it and are not being fixed. Returns where it was set (the
 * pod spec or c's node), or NULL (skipped).
 */
static const struct vakt_yaml_node *set_id(struct vakt_fix_ctx *ctx, const struct vakt_finding *f,
                                           const struct kube_object *o,
                                           const struct kube_container *c,
                                           const struct kube_setting *s, enum kube_fix_family fam,
                                           const char *key)
{
	struct vakt_error *err = NULL;
	char value[24], note[128];
	long uid;
	const char *why = uid_why(ctx, &uid);

	snprintf(value, sizeof(value), "%ld", uid);
	snprintf(note, sizeof(note), "%s %ld %s", key, uid, why);
	if (s->pod_level && !kube_fix_pod_level_ok(ctx, o, fam, key))
		return kube_fix_ok(ctx, f, ensure_sc(ctx, c->node, key, value, note, &err), &err)
		           ? c->node
		           : NULL;
	if (!kube_fix_ok(
	        ctx, f,
	        vakt_yedit_set_scalar(ed(ctx), s->value, value, false, ctx->rule, note, &err),
	        &err))
		return NULL;
	return s->pod_level ? o->pod_spec : c->node;
}

/*
 * KS002, PS018: runAsUser 0 becomes the fix UID, with runAsNonRoot: true
 * beside it when nothing sets it (else KS004 asks next time).
 */
void kube_fix_uid0(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct kube_object *o;
	const struct kube_container *c;
	const struct vakt_yaml_node *home;
	struct vakt_error *err = NULL;
	struct kube_setting s, nr;
	char uid_text[24];
	long long v;
	long uid;

	(void)uid_why(ctx, &uid);
	snprintf(uid_text, sizeof(uid_text), "%ld", uid);
	if (!kube_fix_locate(ctx, f, &o, &c) ||
	    fix_pod_level(ctx, f, o, c, "runAsUser", uid_text, "runAsUser for the pod"))
		return;
	if (!o->pod_spec)
		return;
	if (!kube_sc_effective(o, c, "runAsUser", true, &s) || !vakt_yaml_int(s.value, &v) || v) {
		vakt_fix_skip(ctx, f, "no runAsUser: 0 where the scan found it");
		return;
	}
	home = set_id(ctx, f, o, c, &s, KUBE_FIX_FAM_UID0, "runAsUser");
	if (!home)
		return;
	if (kube_sc_effective(o, c, "runAsNonRoot", true, &nr)) {
		/* An explicit false beside the new user would be KS004's next finding. */
		if (!kube_setting_true(&nr))
			kube_fix_ok(ctx, f,
			            vakt_yedit_set_scalar(ed(ctx), nr.value, "true", false,
			                                  ctx->rule, "runAsNonRoot: true", &err),
			            &err);
		return;
	}
	if (home == o->pod_spec &&
	    !kube_fix_pod_level_ok(ctx, o, KUBE_FIX_FAM_UID0, "runAsNonRoot"))
		home = c->node;
	kube_fix_ok(ctx, f,
	            ensure_sc(ctx, home, "runAsNonRoot", "true", "runAsNonRoot: true", &err), &err);
}

/* KS003: runAsGroup 0 or fsGroup 0 becomes the fix UID; supplementalGroups are left. */
void kube_fix_gid0(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct kube_object *o;
	const struct kube_container *c;
	const struct vakt_yaml_node *fs;
	struct vakt_error *err = NULL;
	struct kube_setting s;
	char value[24], note[64];
	long long v;
	long uid;

	if (!kube_fix_locate(ctx, f, &o, &c))
		return;
	if (c) {
		if (!kube_sc_effective(o, c, "runAsGroup", true, &s) ||
		    !vakt_yaml_int(s.value, &v) || v) {
			vakt_fix_skip(ctx, f, "no runAsGroup: 0 where the scan found it");
			return;
		}
		(void)set_id(ctx, f, o, c, &s, KUBE_FIX_FAM_GID0, "runAsGroup");
		return;
	}
	fs = vakt_yaml_get(kube_pod_sc(o), "fsGroup");
	if (fs && f->loc.line == vakt_yaml_get_pair(kube_pod_sc(o), "fsGroup")->key->line &&
	    vakt_yaml_int(fs, &v) && !v) {
		(void)uid_why(ctx, &uid);
		snprintf(value, sizeof(value), "%ld", uid);
		snprintf(note, sizeof(note), "fsGroup %ld", uid);
		kube_fix_ok(ctx, f,
		            vakt_yedit_set_scalar(ed(ctx), fs, value, false, ctx->rule, note, &err),
		            &err);
		return;
	}
	vakt_fix_skip(ctx, f,
	              "a group 0 in supplementalGroups is left: which groups the pod needs is for "
	              "a person to say");
}

/* KS010, PS002 (--unsafe): privileged: false. */
void kube_fix_privileged(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct kube_object *o;
	const struct kube_container *c;
	struct vakt_error *err = NULL;
	struct kube_setting s;

	if (!ctx->unsafe) {
		vakt_fix_skip(ctx, f,
		              "privileged: true is changed only with --unsafe (what the container "
		              "does may need it)");
		return;
	}
	if (!locate_ctr(ctx, f, &o, &c))
		return;
	if (!kube_sc_effective(o, c, "privileged", false, &s)) {
		vakt_fix_skip(ctx, f, "no privileged setting where the scan found it");
		return;
	}
	kube_fix_ok(ctx, f,
	            vakt_yedit_set_scalar(ed(ctx), s.value, "false", false, ctx->rule,
	                                  "privileged: false (--unsafe)", &err),
	            &err);
}

/* Whether c adds CAP_SYS_ADMIN (the API server refuses no-escalation with it). */
static bool adds_sys_admin(const struct kube_container *c)
{
	const struct vakt_yaml_node *add =
	    vakt_yaml_get(vakt_yaml_get(kube_ctr_sc(c), "capabilities"), "add");

	for (size_t i = 0; vakt_yaml_is_seq(add) && i < add->n; i++) {
		const char *t = vakt_yaml_text(add->items[i]);

		if (t && (!vakt_strcasecmp(t, "SYS_ADMIN") || !vakt_strcasecmp(t, "CAP_SYS_ADMIN")))
			return true;
	}
	return false;
}

/* KS011, PS015: allowPrivilegeEscalation: false. */
void kube_fix_escalation(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct kube_object *o;
	const struct kube_container *c;
	struct vakt_error *err = NULL;
	struct kube_setting s;

	if (!locate_ctr(ctx, f, &o, &c))
		return;
	/* With --unsafe, privileged: true goes too when its finding is being fixed. */
	if (kube_sc_effective(o, c, "privileged", false, &s) && kube_setting_true(&s) &&
	    !(ctx->unsafe && kube_fix_wants(ctx, KUBE_FIX_FAM_PRIV, o, c))) {
		vakt_fix_skip(ctx, f,
		              "the container is privileged, and the API server refuses "
		              "allowPrivilegeEscalation: false with privileged: true (KS010; "
		              "--unsafe changes both)");
		return;
	}
	if (adds_sys_admin(c)) {
		vakt_fix_skip(ctx, f,
		              "the container adds SYS_ADMIN, and the API server refuses "
		              "allowPrivilegeEscalation: false with it");
		return;
	}
	if (kube_sc_effective(o, c, "allowPrivilegeEscalation", false, &s)) {
		kube_fix_ok(ctx, f,
		            vakt_yedit_set_scalar(ed(ctx), s.value, "false", false, ctx->rule,
		                                  "allowPrivilegeEscalation: false", &err),
		            &err);
		return;
	}
	kube_fix_ok(ctx, f,
	            ensure_sc(ctx, c->node, "allowPrivilegeEscalation", "false",
	                      "allowPrivilegeEscalation: false", &err),
	            &err);
}

/* KS012, PS017: capabilities.drop: [ALL], what is added kept. */
void kube_fix_caps(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct kube_object *o;
	const struct kube_container *c;
	const struct vakt_yaml_node *caps, *drop, *add;
	struct vakt_error *err = NULL;
	struct vakt_buf extra = VAKT_BUF_INIT;
	bool has_all = false;

	if (!locate_ctr(ctx, f, &o, &c))
		return;
	caps = vakt_yaml_get(kube_ctr_sc(c), "capabilities");
	drop = vakt_yaml_get(caps, "drop");
	add = vakt_yaml_get(caps, "add");
	for (size_t i = 0; vakt_yaml_is_seq(drop) && i < drop->n; i++) {
		const char *t = vakt_yaml_text(drop->items[i]);

		has_all |= t && !strcmp(t, "ALL");
	}
	for (size_t i = 0; vakt_yaml_is_seq(add) && i < add->n; i++) {
		const char *t = vakt_yaml_text(add->items[i]);

		if (t && strcmp(t, "NET_BIND_SERVICE"))
			vakt_buf_addf(&extra, "%s%.64s", extra.len ? ", " : "", t);
	}
	if (has_all) {
		/* What is left of the finding is an added capability: that is the workload's. */
		if (extra.len)
			vakt_fix_skip(ctx, f,
			              "the container adds %s: removing it would change what it "
			              "does",
			              vakt_buf_str(&extra));
		vakt_buf_release(&extra);
		return;
	}
	vakt_buf_release(&extra);
	kube_fix_ok(ctx, f,
	            vakt_yedit_ensure_path(ed(ctx), c->node, "securityContext.capabilities.drop",
	                                   "[ALL]", ctx->rule,
	                                   add ? "capabilities.drop: [ALL] (what it adds is kept)"
	                                       : "capabilities.drop: [ALL]",
	                                   &err),
	            &err);
}

/* The legacy seccomp annotation on the pod template that applies to c, or NULL. */
static const char *seccomp_annotation(const struct kube_object *o, const struct kube_container *c)
{
	static const char pod_key[] = "seccomp.security.alpha.kubernetes.io/pod";
	static const char prefix[] = "container.seccomp.security.alpha.kubernetes.io/";
	const struct vakt_yaml_node *ann = vakt_yaml_get(o->pod_meta, "annotations");

	for (size_t i = 0; vakt_yaml_is_map(ann) && i < ann->n; i++) {
		const char *k = vakt_yaml_str(ann->pairs[i].key);

		if (k && vakt_starts_with(k, prefix) && !strcmp(k + sizeof(prefix) - 1, c->name))
			return k;
	}
	return vakt_yaml_get_pair(ann, pod_key) ? pod_key : NULL;
}

/* KS015, PS009, PS016: seccompProfile.type: RuntimeDefault. */
void kube_fix_seccomp(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct kube_object *o;
	const struct kube_container *c;
	const struct vakt_yaml_node *type, *home;
	struct vakt_error *err = NULL;
	struct kube_setting s;
	const char *ann;
	bool pod;

	if (!kube_fix_locate(ctx, f, &o, &c))
		return;
	if (!c) {
		/* The pod's own profile (PS016, PS009 about the pod). */
		const struct vakt_yaml_node *sp = vakt_yaml_get(kube_pod_sc(o), "seccompProfile");

		if (!o->pod_spec)
			return;
		type = vakt_yaml_get(sp, "type");
		if (vakt_yaml_get(sp, "localhostProfile"))
			vakt_fix_skip(ctx, f,
			              "the profile names a localhostProfile: which profile "
			              "was meant is for a person to say");
		else if (type && type->kind == VAKT_YAML_SCALAR)
			kube_fix_ok(ctx, f,
			            vakt_yedit_set_scalar(ed(ctx), type, "RuntimeDefault", true,
			                                  ctx->rule,
			                                  "seccompProfile RuntimeDefault for "
			                                  "the pod",
			                                  &err),
			            &err);
		else
			kube_fix_ok(ctx, f,
			            vakt_yedit_ensure_path(
			                ed(ctx), o->pod_spec, "securityContext.seccompProfile",
			                "{type: RuntimeDefault}", ctx->rule,
			                "seccompProfile RuntimeDefault for the pod", &err),
			            &err);
		return;
	}
	ann = seccomp_annotation(o, c);
	if (ann) {
		vakt_fix_skip(
		    ctx, f,
		    "the pod carries the deprecated annotation '%s': remove it first (the "
		    "API server refuses a pod whose annotation and seccompProfile "
		    "disagree)",
		    ann);
		return;
	}
	if (kube_sc_effective(o, c, "seccompProfile", true, &s)) {
		type = vakt_yaml_get(s.value, "type");
		if (s.pod_level &&
		    !kube_fix_pod_level_ok(ctx, o, KUBE_FIX_FAM_SECCOMP, "seccompProfile")) {
			/* Others inherit the pod's profile and keep it: this container gets its
			 * own. */
			kube_fix_ok(ctx, f,
			            vakt_yedit_ensure_path(ed(ctx), c->node,
			                                   "securityContext.seccompProfile",
			                                   "{type: RuntimeDefault}", ctx->rule,
			                                   "seccompProfile RuntimeDefault", &err),
			            &err);
			return;
		}
		if (type && vakt_yaml_get(s.value, "localhostProfile")) {
			vakt_fix_skip(
			    ctx, f,
			    "the profile names a localhostProfile: which profile was meant "
			    "is for a person to say");
			return;
		}
		if (type)
			kube_fix_ok(ctx, f,
			            vakt_yedit_set_scalar(ed(ctx), type, "RuntimeDefault", true,
			                                  ctx->rule,
			                                  "seccompProfile RuntimeDefault", &err),
			            &err);
		else
			kube_fix_ok(ctx, f,
			            vakt_yedit_ensure(ed(ctx), s.value, "type", "RuntimeDefault",
			                              ctx->rule, "seccompProfile RuntimeDefault",
			                              &err),
			            &err);
		return;
	}
	home = home_of(ctx, o, c, KUBE_FIX_FAM_SECCOMP, "seccompProfile", &pod);
	kube_fix_ok(ctx, f,
	            vakt_yedit_ensure_path(ed(ctx), home, "securityContext.seccompProfile",
	                                   "{type: RuntimeDefault}", ctx->rule,
	                                   pod ? "seccompProfile RuntimeDefault for the pod"
	                                       : "seccompProfile RuntimeDefault",
	                                   &err),
	            &err);
}

/*
 * A volume name for c's /tmp that the pod does not use: "tmp" for a pod
 * of one container, else "tmp-NAME" (a DNS label), else "tmp-N".
 */
static void tmp_volume_name(const struct kube_object *o, const struct kube_container *c, char *out,
                            size_t size)
{
	const struct vakt_yaml_node *vols = vakt_yaml_get(o->pod_spec, "volumes");
	size_t n = strlen(c->name);
	bool label = n && n <= 59 && strspn(c->name, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;

	if (o->n_containers == 1)
		snprintf(out, size, "tmp");
	else if (label)
		snprintf(out, size, "tmp-%s", c->name);
	else
		snprintf(out, size, "tmp-%zu", (size_t)(c - o->containers));
	for (size_t i = 0; vakt_yaml_is_seq(vols) && i < vols->n; i++) {
		const char *name = vakt_yaml_text(vakt_yaml_get(vols->items[i], "name"));

		if (name && !strcmp(name, out)) {
			/* Taken (by a volume of the pod's own): a name of vakt's. */
			snprintf(out, size, "vakt-tmp-%zu", (size_t)(c - o->containers));
			return;
		}
	}
}

/*
 * An emptyDir mounted at c's temporary directory when nothing writable is
 * there. False (skipped, said) when what is mounted there is read-only.
 */
/* Whether a list key of map can take an item: missing, null, or a block or flow list. */
static bool list_ok(const struct vakt_yaml_node *map, const char *key)
{
	const struct vakt_yaml_node *v = vakt_yaml_get(map, key);

	return !v || vakt_yaml_is_null(v) || v->kind == VAKT_YAML_SEQ;
}

/*
 * What c's temporary directory needs (into tmp): 1 nothing (a writable
 * volume is there), 0 an emptyDir can be added, or -1 with *why saying
 * what keeps vakt fix from adding one. Checked before any edit, so that a
 * fix is made whole or not at all.
 */
static int tmp_plan(const struct kube_object *o, const struct kube_container *c, char *tmp,
                    size_t size, const char **why)
{
	int state = kube_ctr_tmp_writable(o, c, tmp, size);

	*why = NULL;
	if (state > 0)
		return 1;
	if (state < 0)
		*why = "a read-only volume (or one the pod does not have) is mounted there";
	else if (strpbrk(tmp, "\"\\"))
		*why = "its path has quotes or backslashes";
	else if (!list_ok(o->pod_spec, "volumes") || !list_ok(c->node, "volumeMounts"))
		*why = "the pod's volumes or the container's volumeMounts are not lists";
	return *why ? -1 : 0;
}

static bool ensure_tmp(struct vakt_fix_ctx *ctx, const struct vakt_finding *f,
                       const struct kube_object *o, const struct kube_container *c)
{
	char tmp[KUBE_TMPDIR_MAX], name[80];
	struct vakt_error *err = NULL;
	char *vol, *mount, *note;
	const char *why;
	int state = tmp_plan(o, c, tmp, sizeof(tmp), &why);
	bool ok;

	if (state > 0)
		return true;
	if (state < 0) {
		vakt_fix_skip(ctx, f, "no emptyDir can be mounted at %s: %s", tmp, why);
		return false;
	}
	/* Both lists (or the mappings that get them) take the change, or neither is made. */
	if (vakt_yedit_check(ed(ctx), o->pod_spec, &err) < 0 ||
	    vakt_yedit_check(ed(ctx), vakt_yaml_get(o->pod_spec, "volumes"), &err) < 0 ||
	    vakt_yedit_check(ed(ctx), c->node, &err) < 0 ||
	    vakt_yedit_check(ed(ctx), vakt_yaml_get(c->node, "volumeMounts"), &err) < 0)
		return kube_fix_ok(ctx, f, -1, &err);
	tmp_volume_name(o, c, name, sizeof(name));
	vol = vakt_xasprintf("[{name: %s, emptyDir: {}}]", name);
	mount = vakt_xasprintf("[{name: %s, mountPath: \"%s\"}]", name, tmp);
	note = vakt_xasprintf("an emptyDir volume '%s'", name);
	ok = kube_fix_ok(
	    ctx, f, vakt_yedit_ensure(ed(ctx), o->pod_spec, "volumes", vol, ctx->rule, note, &err),
	    &err);
	free(note);
	note = vakt_xasprintf("'%s' mounted at %s", name, tmp);
	ok = ok && kube_fix_ok(ctx, f,
	                       vakt_yedit_ensure(ed(ctx), c->node, "volumeMounts", mount, ctx->rule,
	                                         note, &err),
	                       &err);
	free(vol);
	free(mount);
	free(note);
	return ok;
}

/* KS020: readOnlyRootFilesystem: true, with an emptyDir at /tmp when nothing is there. */
void kube_fix_rootfs(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct kube_object *o;
	const struct kube_container *c;
	struct vakt_error *err = NULL;
	struct kube_setting s;
	char tmp[KUBE_TMPDIR_MAX];
	const char *why;

	if (!locate_ctr(ctx, f, &o, &c))
		return;
	if (tmp_plan(o, c, tmp, sizeof(tmp), &why) < 0) {
		vakt_fix_skip(ctx, f,
		              "a read-only root would leave the container no place for temporary "
		              "files, and no emptyDir can be mounted at %s: %s",
		              tmp, why);
		return;
	}
	if (kube_sc_effective(o, c, "readOnlyRootFilesystem", false, &s)) {
		if (!kube_fix_ok(ctx, f,
		                 vakt_yedit_set_scalar(ed(ctx), s.value, "true", false, ctx->rule,
		                                       "readOnlyRootFilesystem: true", &err),
		                 &err))
			return;
	} else if (!kube_fix_ok(ctx, f,
	                        ensure_sc(ctx, c->node, "readOnlyRootFilesystem", "true",
	                                  "readOnlyRootFilesystem: true", &err),
	                        &err))
		return;
	ensure_tmp(ctx, f, o, c);
}

/* KS021: an emptyDir at /tmp (or $TMPDIR) for a read-only root filesystem. */
void kube_fix_tmp(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct kube_object *o;
	const struct kube_container *c;

	if (locate_ctr(ctx, f, &o, &c))
		ensure_tmp(ctx, f, o, c);
}

/* KS040, KS041: the image pinned as fix.images says. */
void kube_fix_image(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct kube_object *o;
	const struct kube_container *c;
	const struct vakt_yaml_node *image;
	struct vakt_error *err = NULL;
	const char *to;

	if (!locate_ctr(ctx, f, &o, &c))
		return;
	image = vakt_yaml_get(c->node, "image");
	if (!vakt_yaml_text(image)) {
		vakt_fix_skip(ctx, f, "the container names no image");
		return;
	}
	to = vakt_fix_image(ctx->opts, image->str);
	if (!to) {
		vakt_fix_skip(
		    ctx, f,
		    "no digest for '%.200s' in fix.images of .vakt.yaml (vakt fix pins an "
		    "image only to a digest it is given)",
		    image->str);
		return;
	}
	kube_fix_ok(ctx, f,
	            vakt_yedit_set_scalar(ed(ctx), image, to, true, ctx->rule,
	                                  "image pinned by digest (fix.images)", &err),
	            &err);
}

/* KS060: automountServiceAccountToken: false, for a pod of the default ServiceAccount. */
void kube_fix_token(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct kube_object *o;
	const struct kube_container *c;
	const struct vakt_yaml_node *sa;
	const struct vakt_yaml_pair *p;
	struct vakt_error *err = NULL;

	if (!kube_fix_locate(ctx, f, &o, &c))
		return;
	if (!o->pod_spec) {
		vakt_fix_skip(ctx, f, "the object has no pod spec");
		return;
	}
	p = vakt_yaml_get_pair(o->pod_spec, "automountServiceAccountToken");
	if (p && !vakt_yaml_is_null(p->value)) {
		vakt_fix_skip(ctx, f,
		              "the pod asks for the token itself (automountServiceAccountToken: "
		              "true): it probably uses the API");
		return;
	}
	sa = vakt_yaml_get(o->pod_spec, "serviceAccountName");
	if (!sa || vakt_yaml_is_null(sa))
		sa = vakt_yaml_get(o->pod_spec, "serviceAccount");
	if (vakt_yaml_text(sa) && strcmp(sa->str, "default")) {
		vakt_fix_skip(
		    ctx, f,
		    "the pod runs as ServiceAccount '%.200s', made for it, so it probably "
		    "uses the API: set automountServiceAccountToken: false there if not",
		    sa->str);
		return;
	}
	kube_fix_ok(ctx, f,
	            vakt_yedit_ensure(ed(ctx), o->pod_spec, "automountServiceAccountToken", "false",
	                              ctx->rule,
	                              "automountServiceAccountToken: false (the pod runs as the "
	                              "default ServiceAccount)",
	                              &err),
	            &err);
}

/* KS070, KS071: the quantities of fix.resources, for what the container lacks. */
void kube_fix_resources(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct kube_object *o;
	const struct kube_container *c;
	const struct vakt_config *cfg = ctx->opts->config;
	bool limits = !strcmp(ctx->rule->id, "KS070");
	const char *which = limits ? "limits" : "requests";
	const struct kube_res *has;
	struct vakt_buf missing = VAKT_BUF_INIT;
	int slot = limits ? 0 : 1;

	if (!locate_ctr(ctx, f, &o, &c))
		return;
	has = limits ? &c->limits : &c->requests;
	for (int r = 0; r < 2; r++) {
		const char *res = r ? "memory" : "cpu";
		const char *value = cfg ? (r ? cfg->fix_memory[slot] : cfg->fix_cpu[slot]) : NULL;
		struct vakt_error *err = NULL;
		char *path, *note;

		if (r ? has->memory : has->cpu)
			continue;
		if (!value) {
			vakt_buf_addf(&missing, "%sfix.resources.%s.%s", missing.len ? ", " : "",
			              which, res);
			continue;
		}
		path = vakt_xasprintf("resources.%s.%s", which, res);
		note = vakt_xasprintf("resources.%s.%s: %s (fix.resources)", which, res, value);
		kube_fix_ok(
		    ctx, f,
		    vakt_yedit_ensure_path(ed(ctx), c->node, path, value, ctx->rule, note, &err),
		    &err);
		free(path);
		free(note);
	}
	if (missing.len)
		vakt_fix_skip(
		    ctx, f, "what the container needs is for a person to say: set %s in .vakt.yaml",
		    vakt_buf_str(&missing));
	vakt_buf_release(&missing);
}
