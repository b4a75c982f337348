/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KUBE_PSS_H
#define VAKT_KUBE_PSS_H

/*
 * The Pod Security Standards, evaluated exactly as Kubernetes' Pod Security
 * Admission (PSA) evaluates a pod: three levels (privileged runs nothing,
 * baseline its checks, restricted the baseline checks plus its own, some of
 * which replace a baseline check), and policy versions v1.0 ... v1.37 and
 * `latest` (a version above the newest known one means the newest). Every
 * check has variants by minimum version; the newest variant not newer than
 * the policy version runs.
 *
 * Input is the pod's metadata and spec as YAML nodes (for a workload, its
 * pod template's), read the way the API server decodes them: an explicit
 * null is unset, a quoted "true" is not a boolean (the API server would
 * reject the object, so it never counts as true), and values of the wrong
 * shape are ignored.
 *
 * Output is PSA's verdict: one violation per failing check, with PSA's
 * forbidden reason and detail (so messages can be grepped next to kubectl's
 * warnings), plus the places that make it fail, each with the node of the
 * offending field (or the nearest parent when a required field is missing)
 * and the container it belongs to.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/yaml.h"

/* Newest policy version whose checks vakt knows (v1.N), as a number and as text. */
#define KUBE_PSS_NEWEST_MINOR   37
#define KUBE_PSS_NEWEST_VERSION "v1.37"
/* Longest version text kept, NUL included ("v1." and the 19 digits of a 64-bit minor). */
#define KUBE_PSS_VERSION_MAX 23
/* Longest piece of user text (names, values) quoted in a message, in bytes. */
#define KUBE_PSS_TEXT_MAX 256
/* Most names or values listed in one message (the rest show as "..."). */
#define KUBE_PSS_MAX_LISTED 64

enum kube_pss_level {
	KUBE_PSS_PRIVILEGED,
	KUBE_PSS_BASELINE,
	KUBE_PSS_RESTRICTED,
};

/* The checks, by PSA check ID. Baseline ones first, then restricted ones. */
enum kube_pss_check {
	KUBE_PSS_HOST_NAMESPACES,            /* hostNamespaces */
	KUBE_PSS_PRIVILEGED_CHECK,           /* privileged */
	KUBE_PSS_CAPABILITIES_BASELINE,      /* capabilities_baseline */
	KUBE_PSS_HOST_PATH_VOLUMES,          /* hostPathVolumes */
	KUBE_PSS_HOST_PORTS,                 /* hostPorts */
	KUBE_PSS_APPARMOR,                   /* appArmorProfile */
	KUBE_PSS_SELINUX,                    /* seLinuxOptions */
	KUBE_PSS_PROC_MOUNT,                 /* procMount */
	KUBE_PSS_SECCOMP_BASELINE,           /* seccompProfile_baseline */
	KUBE_PSS_SYSCTLS,                    /* sysctls */
	KUBE_PSS_WINDOWS_HOST_PROCESS,       /* windowsHostProcess */
	KUBE_PSS_HOST_PROBES,                /* hostProbesAndHostLifecycle */
	KUBE_PSS_RESTRICTED_VOLUMES,         /* restrictedVolumes */
	KUBE_PSS_RUN_AS_NON_ROOT,            /* runAsNonRoot */
	KUBE_PSS_ALLOW_PRIVILEGE_ESCALATION, /* allowPrivilegeEscalation */
	KUBE_PSS_SECCOMP_RESTRICTED,         /* seccompProfile_restricted */
	KUBE_PSS_CAPABILITIES_RESTRICTED,    /* capabilities_restricted */
	KUBE_PSS_RUN_AS_USER,                /* runAsUser */
	KUBE_PSS_PROC_MOUNT_RESTRICTED,      /* procMount_restricted */
	KUBE_PSS_CHECK_COUNT,
};

/* A level and version to evaluate at. */
struct kube_pss_policy {
	enum kube_pss_level level;
	unsigned minor;                     /* version evaluated: 0 ... KUBE_PSS_NEWEST_MINOR */
	char version[KUBE_PSS_VERSION_MAX]; /* as written: "latest", "v1.30", "v1.99" */
};

/* One place that makes a check fail. */
struct kube_pss_item {
	/* The offending field's key (or list item), or the nearest parent when missing. */
	const struct vakt_yaml_node *at;
	/* The container's mapping node (one of the spec's lists), NULL for the pod. */
	const struct vakt_yaml_node *container;
	char *detail; /* owned: "container \"app\" must set securityContext.runAsNonRoot=true" */
};

/* One failing check, as PSA reports it, and the places behind it. */
struct kube_pss_violation {
	enum kube_pss_check check;
	const char *reason; /* static: PSA's forbidden reason, e.g. "runAsNonRoot != true" */
	char *detail;       /* owned: PSA's forbidden detail over all places */
	struct kube_pss_item *items; /* owned, n_items >= 1 */
	size_t n_items;
	size_t cap_items;
};

/* A verdict: allowed when n is 0. Initialise to zero; release with kube_pss_result_release(). */
struct kube_pss_result {
	struct kube_pss_violation *v;
	size_t n;
	size_t cap;
};

/* "privileged", "baseline", "restricted". */
const char *kube_pss_level_name(enum kube_pss_level level);
/* The PSA check ID, e.g. "runAsNonRoot". */
const char *kube_pss_check_name(enum kube_pss_check check);
/* The check of a PSA check ID (case-sensitive); -1 when unknown. */
int kube_pss_check_from_name(const char *name);
/* The level a check belongs to (baseline or restricted). */
enum kube_pss_level kube_pss_check_level(enum kube_pss_check check);

/*
 * A level as PSA's namespace labels spell it (case-sensitive). Returns 0, or
 * -EINVAL for anything else.
 */
int kube_pss_parse_level(const char *s, enum kube_pss_level *out);
/*
 * A version as PSA's `-version` labels spell it: "latest" or "v1.N"
 * (no leading zeros). Fills p->minor (clamped to the newest known) and
 * p->version. Returns 0, or -EINVAL (p unchanged).
 */
int kube_pss_parse_version(const char *s, struct kube_pss_policy *p);
/*
 * `LEVEL[:VERSION]` as given to `--pss`; the version defaults to latest.
 * Returns 0, or -EINVAL with *err saying what is wrong and what is valid.
 */
int kube_pss_parse(const char *spec, struct kube_pss_policy *out, struct vakt_error **err);

/*
 * Whether check runs under p: its level is included, its first variant is
 * not newer than p's version, and no restricted check active at p's
 * version replaces it.
 */
bool kube_pss_check_active(const struct kube_pss_policy *p, enum kube_pss_check check);

/*
 * Evaluate a pod (meta and spec may be NULL: empty) under p, appending one
 * violation per failing check to out, in check order. The result borrows
 * the nodes; its strings are owned by out.
 */
void kube_pss_evaluate(const struct kube_pss_policy *p, const struct vakt_yaml_node *meta,
                       const struct vakt_yaml_node *spec, struct kube_pss_result *out);
/*
 * Evaluate one check when it is active under p. Returns true and appends
 * its violation to out when the pod fails it.
 */
bool kube_pss_evaluate_check(const struct kube_pss_policy *p, enum kube_pss_check check,
                             const struct vakt_yaml_node *meta, const struct vakt_yaml_node *spec,
                             struct kube_pss_result *out);
/*
 * PSA's message over all violations: "reason (detail), reason (detail)".
 * The caller owns the result ("" when allowed).
 */
char *kube_pss_result_message(const struct kube_pss_result *r);
void kube_pss_result_release(struct kube_pss_result *r);

#endif
