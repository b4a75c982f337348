/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KUBE_FIX_H
#define VAKT_KUBE_FIX_H

/*
 * vakt fix for Kubernetes manifests (docs/fix.md): the fixes the rule
 * tables name (struct vakt_rule.fix), made with the text-preserving YAML
 * editor (core/yaml-edit.h) so that comments, key order, quoting,
 * indentation and document separators stay as written, and the domain's
 * fix hook, which parses the file and runs them.
 *
 * kube-fix.c: the hook, finding an object and container again, and where a
 * setting goes (the pod's securityContext or the container's);
 * kube-fix-pod.c: securityContext, volumes, resources, images, the token;
 * kube-fix-ns.c: namespace Pod Security labels, default-deny policies.
 */

#include "core/fix.h"
#include "core/yaml-edit.h"
#include "kube-model.h"

/* The model a fix sees (ctx->model) while the hook runs. */
struct kube_fix {
	struct vakt_yaml_stream *stream; /* owned */
	struct vakt_yedit *ed;           /* owned */
	struct kube_object *objs;        /* owned, with what each owns */
	size_t n_objs, cap_objs;
	const struct kube_object **by_path; /* owned: objs sorted by path, then line */
	/*
	 * What the file's findings ask for, "FAMILY\tOBJECT" sorted (owned):
	 * a pod-level setting is written only when every container that would
	 * inherit it has a finding of the same family to fix.
	 */
	char **wants;
	size_t n_wants;
};

/* Families of rules that one setting fixes (kube_fix_family()). */
enum kube_fix_family {
	KUBE_FIX_FAM_NONE = 0,
	KUBE_FIX_FAM_NONROOT, /* KS001, KS004, KS005, PS014: runAsNonRoot, runAsUser, runAsGroup */
	KUBE_FIX_FAM_UID0,    /* KS002, PS018: runAsUser 0 */
	KUBE_FIX_FAM_GID0,    /* KS003: runAsGroup 0 */
	KUBE_FIX_FAM_SECCOMP, /* KS015, PS009, PS016 */
	KUBE_FIX_FAM_PRIV,    /* KS010, PS002: privileged (--unsafe) */
};

enum kube_fix_family kube_fix_family(const struct vakt_rule *r);

/*
 * The object and container finding f is about, found again in the model
 * by its object path and line (*c NULL for a finding about the pod or the
 * object). False, with the finding skipped and why, when they are not
 * there.
 */
bool kube_fix_locate(struct vakt_fix_ctx *ctx, const struct vakt_finding *f,
                     const struct kube_object **o, const struct kube_container **c);
/*
 * Whether a pod-level securityContext key of family fam may be written
 * for o: every container that does not set key itself has a finding of
 * fam to fix (so none that is fine, or whose finding is suppressed,
 * changes).
 */
bool kube_fix_pod_level_ok(const struct vakt_fix_ctx *ctx, const struct kube_object *o,
                           enum kube_fix_family fam, const char *key);
/* Whether the file's findings ask for a fix of family fam for container c of o. */
bool kube_fix_wants(const struct vakt_fix_ctx *ctx, enum kube_fix_family fam,
                    const struct kube_object *o, const struct kube_container *c);
/*
 * The result r of a vakt_yedit_* call for finding f, its error in *errp
 * (read after the call, freed, *errp set to NULL): true on success;
 * otherwise the finding is skipped with the editor's reason.
 */
bool kube_fix_ok(struct vakt_fix_ctx *ctx, const struct vakt_finding *f, int r,
                 struct vakt_error **errp);

/* The fixes (kube-fix-pod.c). */
void kube_fix_nonroot(struct vakt_fix_ctx *ctx, const struct vakt_finding *f); /* KS001 PS014 */
void kube_fix_nonroot_flag(struct vakt_fix_ctx *ctx, const struct vakt_finding *f); /* KS004 */
void kube_fix_ids(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);          /* KS005 */
void kube_fix_uid0(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);       /* KS002 PS018 */
void kube_fix_gid0(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);       /* KS003 */
void kube_fix_privileged(struct vakt_fix_ctx *ctx, const struct vakt_finding *f); /* KS010 */
void kube_fix_escalation(struct vakt_fix_ctx *ctx, const struct vakt_finding *f); /* KS011 */
void kube_fix_caps(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);       /* KS012 PS017 */
void kube_fix_seccomp(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);    /* KS015 ... */
void kube_fix_rootfs(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);     /* KS020 */
void kube_fix_tmp(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);        /* KS021 */
void kube_fix_image(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);      /* KS040 KS041 */
void kube_fix_token(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);      /* KS060 */
void kube_fix_resources(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);  /* KS070 71 */
/* kube-fix-ns.c */
void kube_fix_ns_labels(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);    /* KN001 */
void kube_fix_default_deny(struct vakt_fix_ctx *ctx, const struct vakt_finding *f); /* KN101 */

/* The domain's fix hook (struct vakt_domain.fix). */
void kube_fix(struct vakt_fix_ctx *ctx, const struct vakt_finding *const *todo, size_t n);

#endif
