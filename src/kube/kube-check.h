/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KUBE_CHECK_H
#define VAKT_KUBE_CHECK_H

/*
 * Private to the hardened profile (KS rules, kube-rules-hardened.c): the
 * check functions its table lists, and the helpers they share to read a
 * container's effective security settings with pod-level inheritance.
 *
 * Inheritance, as the kubelet applies it: runAsUser, runAsGroup,
 * runAsNonRoot, seccompProfile, appArmorProfile, seLinuxOptions and
 * windowsOptions may be set in the pod's securityContext and are then used
 * by every container that does not set them itself (an explicit `null`
 * counts as not set). privileged, allowPrivilegeEscalation,
 * readOnlyRootFilesystem, capabilities and procMount exist only per
 * container. Every check reads settings through kube_sc_effective(), so a
 * pod-level value never produces a finding on a container that overrides
 * it, and a container that inherits a good pod-level value passes.
 */

#include "core/check.h"
#include "core/yaml.h"
#include "kube-model.h"

/* Longest temporary-directory path compared (TMPDIR values beyond it are ignored). */
#define KUBE_TMPDIR_MAX 1024
/* Longest piece of user text (names, values, paths) quoted in a message. */
#define KUBE_MSG_MAX 200
/* Most secret-format findings reported for one container (KS050). */
#define KUBE_MAX_SECRETS_PER_CONTAINER 8

/*
 * Facets of KS070/KS071 (bit i of a finding's facets is the rule's
 * facets[i], kube-rules-hardened.c): the resource a finding says is missing.
 */
#define KUBE_FACET_CPU    0x1u
#define KUBE_FACET_MEMORY 0x2u
/* Facets of KS013: NET_RAW added, or another dangerous capability. */
#define KUBE_FACET_NET_RAW   0x1u
#define KUBE_FACET_OTHER_CAP 0x2u

/* Identity (kube-check-user.c). */
void kube_check_root_possible(struct vakt_check_ctx *ctx);   /* KS001 */
void kube_check_uid_zero(struct vakt_check_ctx *ctx);        /* KS002 */
void kube_check_root_group(struct vakt_check_ctx *ctx);      /* KS003 */
void kube_check_nonroot_unset(struct vakt_check_ctx *ctx);   /* KS004 */
void kube_check_ids_not_numeric(struct vakt_check_ctx *ctx); /* KS005 */
/* Privileges and kernel surface (kube-check-priv.c). */
void kube_check_privileged(struct vakt_check_ctx *ctx);       /* KS010 */
void kube_check_priv_escalation(struct vakt_check_ctx *ctx);  /* KS011 */
void kube_check_caps_not_dropped(struct vakt_check_ctx *ctx); /* KS012 */
void kube_check_caps_dangerous(struct vakt_check_ctx *ctx);   /* KS013 */
void kube_check_caps_added(struct vakt_check_ctx *ctx);       /* KS014 */
void kube_check_seccomp(struct vakt_check_ctx *ctx);          /* KS015 */
void kube_check_apparmor(struct vakt_check_ctx *ctx);         /* KS016 */
void kube_check_proc_mount(struct vakt_check_ctx *ctx);       /* KS017 */
void kube_check_sysctls(struct vakt_check_ctx *ctx);          /* KS018 */
/* Filesystem (kube-check-fs.c). */
void kube_check_rootfs_writable(struct vakt_check_ctx *ctx); /* KS020 */
void kube_check_rootfs_no_tmp(struct vakt_check_ctx *ctx);   /* KS021 */
/* Host access (kube-check-host.c). */
void kube_check_host_network(struct vakt_check_ctx *ctx); /* KS030 */
void kube_check_host_pid(struct vakt_check_ctx *ctx);     /* KS031 */
void kube_check_host_ipc(struct vakt_check_ctx *ctx);     /* KS032 */
void kube_check_host_path(struct vakt_check_ctx *ctx);    /* KS033 */
void kube_check_runtime_sock(struct vakt_check_ctx *ctx); /* KS034 */
void kube_check_host_port(struct vakt_check_ctx *ctx);    /* KS035 */
/* Images (kube-check-image.c). */
void kube_check_image_latest(struct vakt_check_ctx *ctx);    /* KS040 */
void kube_check_image_digest(struct vakt_check_ctx *ctx);    /* KS041 */
void kube_check_image_registry(struct vakt_check_ctx *ctx);  /* KS042 */
void kube_check_image_typosquat(struct vakt_check_ctx *ctx); /* KS043 */
/* Secrets (kube-check-secret.c). */
void kube_check_secret_value(struct vakt_check_ctx *ctx); /* KS050 */
void kube_check_secret_name(struct vakt_check_ctx *ctx);  /* KS051 */
/* Operations (kube-check-ops.c). */
void kube_check_sa_token(struct vakt_check_ctx *ctx);          /* KS060 */
void kube_check_no_limits(struct vakt_check_ctx *ctx);         /* KS070 */
void kube_check_no_requests(struct vakt_check_ctx *ctx);       /* KS071 */
void kube_check_no_liveness(struct vakt_check_ctx *ctx);       /* KS072 */
void kube_check_no_readiness(struct vakt_check_ctx *ctx);      /* KS073 */
void kube_check_default_namespace(struct vakt_check_ctx *ctx); /* KS080 */
/*
 * kube_domain's values() hook (kube-values.c): what one object holds that
 * the families judge (data residency): its containers' images, env values,
 * command and args, annotations, nodeSelector and node-affinity values,
 * ConfigMap data. Each goes with the object (ctx->about) so that its
 * suppression annotations apply.
 */
void kube_values(struct vakt_check_ctx *ctx);

/* --- shared helpers (kube-check-common.c) ---------------------------------- */

/* One security setting as a container ends up with it. */
struct kube_setting {
	const struct vakt_yaml_node *key;   /* the field's key (its position); NULL: unset */
	const struct vakt_yaml_node *value; /* never null-valued when key is set */
	bool pod_level;                     /* inherited from the pod's securityContext */
};

/* The object of ctx when it runs pods and has a pod spec, else NULL. Borrowed. */
const struct kube_object *kube_check_pod(const struct vakt_check_ctx *ctx);
/* A check of one container. */
typedef void kube_ctr_fn(struct vakt_check_ctx *ctx, const struct kube_object *o,
                         const struct kube_container *c);
/*
 * Run fn on every container (all three lists) of ctx's object when it has a
 * pod spec. linux_only skips Windows pods, where the API server rejects the
 * Linux-only settings (runAsUser, capabilities, seccomp, ...).
 */
void kube_each_container(struct vakt_check_ctx *ctx, bool linux_only, kube_ctr_fn *fn);
/*
 * The items of YAML lists found by their `name`: a pod's volumes, its
 * containers' volumeMounts. Built once per check, so that matching the V
 * volumes of a pod against its M mounts costs (V + M) log M, not V * M.
 */
struct kube_named {
	const char *name;                  /* borrowed */
	size_t owner;                      /* the caller's number for the list (a container) */
	size_t index;                      /* position in the list */
	const struct vakt_yaml_node *node; /* the item */
};

struct kube_names {
	struct kube_named *v; /* owned; sorted by name, owner, index after kube_names_sort() */
	size_t n, cap;
};

/* Add the items of seq (not a list: nothing) that have a scalar name. */
void kube_names_add(struct kube_names *ix, const struct vakt_yaml_node *seq, size_t owner);
void kube_names_sort(struct kube_names *ix);
/* The items called name are ix->v[*lo .. return value), by owner then index. */
size_t kube_names_find(const struct kube_names *ix, const char *name, size_t *lo);
void kube_names_release(struct kube_names *ix);

/* The pod's securityContext mapping, or NULL. Borrowed. */
const struct vakt_yaml_node *kube_pod_sc(const struct kube_object *o);
/* The container's securityContext mapping, or NULL. Borrowed. */
const struct vakt_yaml_node *kube_ctr_sc(const struct kube_container *c);
/*
 * The value of securityContext field `key` for container c: the
 * container's own when set and not null, else (when inherit) the pod's.
 * Returns whether it is set anywhere; *s is filled either way.
 */
bool kube_sc_effective(const struct kube_object *o, const struct kube_container *c, const char *key,
                       bool inherit, struct kube_setting *s);
/* A setting that is a plain boolean true. */
bool kube_setting_true(const struct kube_setting *s);
/*
 * Where a field given by a dotted path below `base` would go when it is
 * missing: the key of the deepest part of the path that exists, else base
 * itself, else the object (kube_object_where()). Borrowed.
 */
const struct vakt_yaml_node *kube_where_path(const struct kube_object *o,
                                             const struct vakt_yaml_node *base, const char *dotted);
/* The `spec:` key that holds the pod spec (for pod-level fields that are missing). */
const struct vakt_yaml_node *kube_pod_spec_where(const struct kube_object *o);
/*
 * " (the pod-level spec.securityContext.KEY does not exist: the API server
 * rejects or drops it)" when a container-only field was written at pod
 * level, else "". Caller frees.
 */
char *kube_misplaced_hint(const struct kube_object *o, const char *key);
/*
 * KS021's judgement of container c: 1 when a writable volume is mounted at
 * its temporary directory (a literal TMPDIR, else /tmp; written to tmp,
 * size >= KUBE_TMPDIR_MAX), 0 when nothing is, -1 when what is mounted
 * there is read-only or names no volume.
 */
int kube_ctr_tmp_writable(const struct kube_object *o, const struct kube_container *c, char *tmp,
                          size_t size);
/* Whether the pod declares itself a Windows pod (spec.os.name: windows). */
bool kube_pod_is_windows(const struct kube_object *o);
/*
 * `container "app"`, `init container "setup"`, `ephemeral container
 * "debug"` (or `unnamed container at index 2`, the index of the object
 * path), for messages. Caller frees.
 */
char *kube_ctr_desc(const struct kube_container *c);
/*
 * "securityContext.runAsUser" for a container setting, or the pod-level
 * path ("spec.template.spec.securityContext.runAsUser") for an inherited
 * one. Caller frees.
 */
char *kube_setting_path(const struct kube_object *o, const struct kube_setting *s, const char *key);
/* A scalar's text for messages ("<mapping>", "<list>" otherwise). Borrowed or static. */
const char *kube_node_text(const struct vakt_yaml_node *n);
/*
 * Another object of m's set with kind name `kind` and name `name` (NULL:
 * any name) in o's namespace; an unset namespace on either side matches
 * any, since both may be applied with `kubectl -n`. Starts after *from
 * (NULL: from the first) so callers can iterate; the order is the index's
 * (kind, name, then file order) when m has one, else the set's. The rules
 * that call it read other files' objects and so are VAKT_SCOPE_DEFERRED (they
 * run in end() over the whole scan, with the index). Borrowed.
 */
const struct kube_object *kube_model_find(const struct kube_check_model *m,
                                          const struct kube_object *o, const char *kind,
                                          const char *name, const struct kube_object *from);

#endif
