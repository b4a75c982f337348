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
	char *file; /* owned */
	int line;
	int column;
	int end_line;
	int end_column;
	char *object; /* owned, may be NULL */
};

struct vakt_finding {
	const struct vakt_rule *rule; /* static registry entry */
	enum vakt_severity severity;  /* effective, after config overrides */
	char *message;                /* owned; specific to this instance */
	struct vakt_location loc;
	char *snippet;         /* owned; the source line at loc.line, may be NULL */
	bool suppressed;       /* by an inline pragma, annotation or config */
	char *suppress_reason; /* owned, may be NULL; "inline: reason" etc. */
};

/* A growable list of findings; owns its elements. */
struct vakt_findings {
	struct vakt_finding *v;
	size_t n;
	size_t cap;
};

/* Append a zeroed finding and return it (valid until the next append). */
struct vakt_finding *vakt_findings_push(struct vakt_findings *l);
/* Move every finding of src to the end of dst; src is left empty. */
void vakt_findings_take(struct vakt_findings *dst, struct vakt_findings *src);
/* Stable sort by file, line, column, rule id. */
void vakt_findings_sort(struct vakt_findings *l);
void vakt_finding_release(struct vakt_finding *f);
void vakt_findings_release(struct vakt_findings *l);

#endif
