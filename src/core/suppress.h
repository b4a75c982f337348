/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SUPPRESS_H
#define VAKT_SUPPRESS_H

/*
 * Inline suppressions found in an input (comments in Dockerfiles and YAML,
 * annotations on Kubernetes objects). A domain parser collects them; the scan
 * marks matching findings as suppressed. Names are matched like
 * vakt_registry_find(): vakt ids, slugs or peer aliases (hadolint DLxxxx,
 * Trivy AVD-DS-xxxx, Checkov CKV_..., BuildKit check names).
 */

#include "finding.h"
#include "util.h"

struct vakt_suppression {
	int first_line;         /* covers findings whose line is in [first_line, last_line] */
	int last_line;          /* 0 and 0: the whole file */
	struct vakt_strv rules; /* names as written; "all" matches every rule */
	char *reason;           /* owned, may be NULL */
	const char *origin;     /* static: "vakt", "hadolint", "trivy", "checkov", "buildkit" */
	int line;               /* where the pragma is written */
};

struct vakt_suppress_index;

struct vakt_suppressions {
	struct vakt_suppression *v;
	size_t n;
	size_t cap;
	struct vakt_suppress_index *ix; /* owned; vakt_suppressions_index(), NULL before */
};

/* Append an empty suppression and return it (valid until the next push; drops the index). */
struct vakt_suppression *vakt_suppressions_push(struct vakt_suppressions *s);
/* Append copies of src's suppressions (src may be NULL) to dst, which owns them. */
void vakt_suppressions_append(struct vakt_suppressions *dst, const struct vakt_suppressions *src);
void vakt_suppressions_release(struct vakt_suppressions *s);

/*
 * Index s once it is complete, so that vakt_suppressions_apply() costs a
 * binary search plus the suppressions covering the finding's line, not a
 * walk over all of them: a file with a pragma above each of its n
 * instructions had n * n matches to try (issue 9). Cheap to call again; a
 * later push drops the index (apply then walks, with the same result).
 */
void vakt_suppressions_index(struct vakt_suppressions *s);

/*
 * Mark f suppressed by the first suppression of sup (may be NULL) that
 * covers it, with "ORIGIN pragma at line N[: reason]" as its reason (owned
 * by f). Returns whether one did. Only the scan calls it (after the config's
 * ignores); a domain hands its pragmas over (scan()'s sup, the pragmas()
 * hook for end()'s findings: core/domain.h).
 */
bool vakt_suppressions_apply(const struct vakt_suppressions *sup, struct vakt_finding *f);

#endif
