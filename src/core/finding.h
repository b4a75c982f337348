/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FINDING_H
#define VAKT_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "rule.h"
#include "severity.h"

/*
 * Where a finding is. Lines and columns are 1-based; 0 means unknown.
 * end_line/end_column are inclusive. `object` names the object within a
 * structured input, e.g. "Deployment/shop/web/container[app]" (NULL for
 * Dockerfiles).
 */
struct vakt_location {
	char *file; /* owned, or borrowed when the finding is pooled */
	int line;
	int column;
	int end_line;
	int end_column;
	char *object; /* may be NULL; owned, or borrowed when the finding is pooled */
};

struct vakt_finding {
	const struct vakt_rule *rule; /* static registry entry */
	char *message;                /* specific to this instance */
	struct vakt_location loc;
	char *snippet;               /* the source line at loc.line, may be NULL */
	char *suppress_reason;       /* owned, may be NULL; "inline: reason" etc. */
	enum vakt_severity severity; /* effective, after config overrides */
	bool suppressed;             /* by an inline pragma, annotation or config */
	/*
	 * Which of rule->facets it reports (bit i: facets[i]); 0: the whole
	 * rule. A peer alias scoped to facets suppresses it only when they
	 * cover all of these (vakt_facets_cover()). A byte, as
	 * VAKT_RULE_MAX_FACETS is 8: a finding is then 72 bytes, not 80, and
	 * a scan holds every finding until its report.
	 */
	unsigned char facets;
	/*
	 * message, loc.file, loc.object and snippet live in the string pool of
	 * the list holding the finding (vakt_findings_intern()): borrowed, and
	 * freed with the list. When false, the finding owns them.
	 */
	bool pooled;
};

/* A finding's facets hold one bit per facet a rule may have. */
_Static_assert(VAKT_RULE_MAX_FACETS <= 8 * sizeof(((struct vakt_finding *)0)->facets),
               "struct vakt_finding.facets is too narrow for VAKT_RULE_MAX_FACETS");

struct vakt_strpool;

/*
 * A growable list of findings; owns its elements and the pool their shared
 * strings live in. A list starts zeroed ({0}).
 */
struct vakt_findings {
	struct vakt_finding *v;
	size_t n;
	size_t cap;
	struct vakt_strpool *pool; /* owned; NULL until the first vakt_findings_intern() */
};

/* Append a zeroed finding and return it (valid until the next append). */
struct vakt_finding *vakt_findings_push(struct vakt_findings *l);
/*
 * The copy of s in l's string pool (NULL gives NULL), shared by equal
 * strings, for a finding of l whose `pooled` is set. Borrowed from l.
 */
char *vakt_findings_intern(struct vakt_findings *l, const char *s);
/* Move every finding of src, and the strings they borrow, to the end of dst; src is left
 * empty. */
void vakt_findings_take(struct vakt_findings *dst, struct vakt_findings *src);
/*
 * Sort l by file, line, column, object, rule id and message (a NULL string
 * first); findings equal in all of these keep their order (glibc's qsort()
 * is a merge sort while memory allows).
 */
void vakt_findings_sort(struct vakt_findings *l);
/*
 * The same order for l when its first `sorted` findings are sorted already
 * (by vakt_findings_sort()): sorts the others and merges them in, after
 * those they tie with. Sets aside a copy of the others while it merges.
 */
void vakt_findings_sort_merge(struct vakt_findings *l, size_t sorted);
void vakt_finding_release(struct vakt_finding *f);
void vakt_findings_release(struct vakt_findings *l);

#endif
