/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KUBE_PSS_PRIV_H
#define VAKT_KUBE_PSS_PRIV_H

/*
 * Private to the Pod Security Standards evaluator: kube-pss.c (policies,
 * which check runs at which version, results), kube-pss-pod.c (the pod as
 * the checks read it), and the checks themselves by level,
 * kube-pss-baseline.c and kube-pss-restricted.c.
 */

#include "core/util.h"
#include "kube-pss.h"

/* What every check reads, gathered once per evaluation. All borrowed. */
struct pss_pod {
	const struct vakt_yaml_node *meta;        /* metadata mapping or NULL */
	const struct vakt_yaml_node *spec;        /* spec mapping or NULL */
	const struct vakt_yaml_node *sc;          /* spec.securityContext mapping or NULL */
	const struct vakt_yaml_node *annotations; /* metadata.annotations mapping or NULL */
	/* spec.initContainers, spec.containers, spec.ephemeralContainers (PSA's order). */
	const struct vakt_yaml_node *lists[3];
	bool windows; /* spec.os.name is "windows" */
	bool userns;  /* spec.hostUsers is false */
};

/* --- results and messages (kube-pss.c) ---------------------------------- */

/* Add a place to v; takes ownership of detail. */
void pss_item_add(struct kube_pss_violation *v, const struct vakt_yaml_node *at,
                  const struct vakt_yaml_node *container, char *detail);
/*
 * Move v (with at least one item) into r with its reason and detail (detail
 * is taken); v is left empty. Without items, v and detail are just freed.
 */
void pss_result_take(struct kube_pss_result *r, struct kube_pss_violation *v, const char *reason,
                     char *detail);
/* Free what v owns and zero it. */
void pss_violation_release(struct kube_pss_violation *v);

/* A list of names or values for a message, capped at KUBE_PSS_MAX_LISTED. */
struct pss_list {
	struct vakt_strv sv;
	bool unique; /* a set, as PSA's sets.String */
	bool more;   /* entries were left out */
};

/* Add s (copied) unless the list is a set holding it, or full. */
void pss_list_add(struct pss_list *l, const char *s);
/* How many entries the list stands for (at least one more when entries were left out). */
size_t pss_list_count(const struct pss_list *l);
/* Sort bytewise (sets.String's List() order). */
void pss_list_sort(struct pss_list *l);
void pss_list_release(struct pss_list *l);

/* Append s in double quotes, clipped to KUBE_PSS_TEXT_MAX bytes (on a UTF-8 boundary). */
void pss_buf_quote(struct vakt_buf *b, const char *s);
/* Append PSA's joinQuote ("a", "b"), or the plain join with sep when !quote. */
void pss_buf_join(struct vakt_buf *b, const struct pss_list *l, const char *sep, bool quote);
/* Append singular or plural by n, as PSA's pluralize(). */
void pss_buf_plural(struct vakt_buf *b, const char *one, const char *many, size_t n);

/* --- reading the pod (kube-pss-pod.c) ------------------------------------ */

/* Gather what the checks read from a pod's metadata and spec (either may be NULL). */
void pss_pod_init(struct pss_pod *pod, const struct vakt_yaml_node *meta,
                  const struct vakt_yaml_node *spec);

/*
 * Fields read the way the API server decodes them: an explicit null is
 * unset, a value of the wrong type is ignored. map may be NULL.
 */
/* The pair of key in map when its value is set. */
const struct vakt_yaml_pair *pss_set_pair(const struct vakt_yaml_node *map, const char *key);
/* A mapping value (a pointer-to-struct field that is not nil), else NULL. */
const struct vakt_yaml_node *pss_map_val(const struct vakt_yaml_node *map, const char *key);
/* A sequence value, else NULL. */
const struct vakt_yaml_node *pss_seq_val(const struct vakt_yaml_node *map, const char *key);
/* A boolean field: whether it is set to a YAML boolean, and which. */
bool pss_bool_val(const struct vakt_yaml_node *map, const char *key, bool *out);
/* Whether a boolean field is set to true. */
bool pss_is_true(const struct vakt_yaml_node *map, const char *key);
/* A string field as Go sees it: "" when unset, null or not a scalar. */
const char *pss_str_val(const struct vakt_yaml_node *map, const char *key);
/* A scalar list item as Go sees a string: "" for null. NULL when not a scalar. */
const char *pss_item_str(const struct vakt_yaml_node *n);
/*
 * Where to report a field below base (k1.k2.k3; k2, k3 may be NULL) that is
 * missing or wrong: the key of the deepest part of the path that exists,
 * else base itself.
 */
const struct vakt_yaml_node *pss_where(const struct vakt_yaml_node *base, const char *k1,
                                       const char *k2, const char *k3);
/* Whether s is one of list[0..n). */
bool pss_in_list(const char *s, const char *const *list, size_t n);

/* Where PSS_EACH_CONTAINER() is in the pod's container lists. */
struct pss_iter {
	size_t list;
	size_t i;
};

/* The next container mapping in PSA's order: init, regular, ephemeral. */
const struct vakt_yaml_node *pss_next_container(const struct pss_pod *pod, struct pss_iter *it);

/* Each container mapping c of pod, in PSA's order. */
#define PSS_EACH_CONTAINER(pod, c)                                                                 \
	for (struct pss_iter it_ = {0, 0}; ((c) = pss_next_container((pod), &it_)) != NULL;)

/* A container's name ("" when unset) and its securityContext mapping (or NULL). */
const char *pss_ctr_name(const struct vakt_yaml_node *c);
const struct vakt_yaml_node *pss_ctr_sc(const struct vakt_yaml_node *c);

/* Containers by name, for annotations that name a container. */
struct pss_named {
	const char *name;
	const struct vakt_yaml_node *c;
	size_t order;
};

/* Sorted index of the containers by name, *n entries. Caller frees. */
struct pss_named *pss_names_index(const struct pss_pod *pod, size_t *n);
/* The first container called name, or NULL. */
const struct vakt_yaml_node *pss_names_find(const struct pss_named *v, size_t n, const char *name);
/*
 * The annotations whose key starts with prefix and whose value is a scalar,
 * as a Go map holds them (the last of duplicated keys), sorted by key.
 * Caller frees the array; the pairs are borrowed.
 */
const struct vakt_yaml_pair **pss_annotations_with(const struct pss_pod *pod, const char *prefix,
                                                   size_t *n);

/* Pieces of PSA's messages. */
/* `container "app"` into b. */
void pss_buf_ctr(struct vakt_buf *b, const struct vakt_yaml_node *c);
/* A new detail string: `container "app"` (`pod` when c is NULL) + the formatted rest. Caller owns
 * it. */
char *pss_ctr_detail(const struct vakt_yaml_node *c, const char *fmt, ...) VAKT_PRINTF(2, 3);
/* `pod or container "app"` + rest, for a setting either may make. Caller owns it. */
char *pss_pod_or_ctr(const struct vakt_yaml_node *c, const char *rest);
/* `pod and containers "a", "b"` (and also): who set a bad value, as PSA lists them, into b. */
void pss_buf_setters(struct vakt_buf *b, bool pod, const struct pss_list *ctrs, const char *also);
/* `key="value"` (PSA's %s=%q) into b. */
void pss_buf_kv(struct vakt_buf *b, const struct vakt_yaml_pair *p);
/* The same as a new string. Caller owns it. */
char *pss_kv_text(const struct vakt_yaml_pair *p);

/* --- the checks ---------------------------------------------------------- */

/*
 * A check: run its variant for policy version v1.minor on pod and append
 * its violation, if any, to out. kube-pss.c's table lists each with its
 * level and first version.
 */
typedef void pss_check_fn(const struct pss_pod *pod, unsigned minor, struct kube_pss_result *out);

/* Baseline (kube-pss-baseline.c). */
pss_check_fn pss_check_host_namespaces;
pss_check_fn pss_check_privileged;
pss_check_fn pss_check_caps_baseline;
pss_check_fn pss_check_host_path;
pss_check_fn pss_check_host_ports;
pss_check_fn pss_check_apparmor;
pss_check_fn pss_check_selinux;
pss_check_fn pss_check_proc_mount;
pss_check_fn pss_check_seccomp_baseline;
pss_check_fn pss_check_sysctls;
pss_check_fn pss_check_host_process;
pss_check_fn pss_check_host_probes;
/* Restricted (kube-pss-restricted.c). */
pss_check_fn pss_check_restricted_volumes;
pss_check_fn pss_check_run_as_non_root;
pss_check_fn pss_check_ape;
pss_check_fn pss_check_seccomp_restricted;
pss_check_fn pss_check_caps_restricted;
pss_check_fn pss_check_run_as_user;
pss_check_fn pss_check_proc_mount_restricted;

/*
 * What a baseline check and its restricted variant share
 * (kube-pss-baseline.c).
 */
/* "container X must not include "A", "B" in securityContext.capabilities.add". Caller owns it. */
char *pss_caps_detail(const struct vakt_yaml_node *c, const struct pss_list *caps);
/*
 * Capabilities added beyond allowed[] by container c: listed in mine and all,
 * returning the first offending list item (NULL when none).
 */
const struct vakt_yaml_node *pss_caps_added(const struct vakt_yaml_node *c,
                                            const char *const *allowed, size_t n_allowed,
                                            struct pss_list *mine, struct pss_list *all);
/*
 * procMount unset or Default in every container, reported as check id;
 * relax: a pod with its own user namespace passes.
 */
void pss_proc_mount_any(const struct pss_pod *pod, enum kube_pss_check id, bool relax,
                        struct kube_pss_result *out);
/*
 * The seccompProfile fields (v1.19+), reported as check id. required:
 * restricted, where every container needs a valid type of its own or from
 * the pod.
 */
void pss_seccomp_fields(const struct pss_pod *pod, enum kube_pss_check id, bool required,
                        struct kube_pss_result *out);

#endif
