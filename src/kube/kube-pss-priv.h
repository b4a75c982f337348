/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KUBE_PSS_PRIV_H
#define VAKT_KUBE_PSS_PRIV_H

/*
 * Private to the Pod Security Standards evaluator: kube-pss.c (policies,
 * which check runs at which version, results) and kube-pss-checks.c (the
 * checks themselves).
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

/* Run check c's variant for version minor on pod; append its violation to out. */
void pss_check_run(enum kube_pss_check c, const struct pss_pod *pod, unsigned minor,
                   struct kube_pss_result *out);

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

#endif
