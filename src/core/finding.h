/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FINDING_H
#define VAKT_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
	char *snippet;         /* the source line at loc.line, may be NULL */
	char *suppress_reason; /* owned, may be NULL; "inline: reason" etc. */
	/* Effective, after config overrides. A byte wide: see facets. */
	enum vakt_severity severity : 8;
	bool suppressed; /* by an inline pragma, annotation or config */
	/*
	 * Which of rule->facets it reports (bit i: facets[i]); 0: the whole
	 * rule. A peer alias scoped to facets suppresses it only when they
	 * cover all of these (vakt_facets_cover()). A byte, as
	 * VAKT_RULE_MAX_FACETS is 8: with the byte-wide severity and ext, a
	 * finding is 72 bytes, not 80, and a scan holds every finding until its
	 * report.
	 */
	unsigned char facets;
	/*
	 * message, loc.file, loc.object and snippet live in the string pool of
	 * the list holding the finding (vakt_findings_intern()): borrowed, and
	 * freed with the list. When false, the finding owns them.
	 */
	bool pooled;
	/*
	 * 1 + the index of its struct vakt_finding_ext in the list holding it
	 * (vakt_findings_ext_of()); 0 for a finding with no id of its own.
	 */
	uint32_t ext;
};

_Static_assert(sizeof(struct vakt_finding) <= 72,
               "struct vakt_finding grew: a scan holds every finding until its report");

/*
 * What a finding with an id of its own carries (docs/HACKING.md, "Findings
 * with an id of their own"): a vulnerability's advisory id, the other ids
 * of the same advisory, links, and named details the writers print as they
 * are (package, installed and fixed versions, score, ...). It lives in the
 * list holding the finding and owns every string and array it points to.
 */
struct vakt_finding_ext {
	char *id;       /* "CVE-2024-3094", "DSA-5678-1" */
	char **aliases; /* the other ids; NULL-terminated, NULL when none */
	char **links;   /* advisory URLs; NULL-terminated, NULL when none */
	struct vakt_finding_detail {
		char *key; /* snake_case: "package", "installed_version", "fixed_version" */
		char *value;
		bool number; /* value is a JSON number ("9.8"): written without quotes */
		/*
		 * A list of strings (NULL-terminated), written as a JSON array;
		 * value is then its items joined with ", " for the writers that
		 * print text. NULL: a single value.
		 */
		char **list;
	} * details; /* in the order the writers print them */
	size_t n_details;
	/*
	 * The finding's severity is the advisory's own: a `severity:` override
	 * of the rule in .vakt.yaml does not replace it (it replaces only the
	 * rule's default, which findings without a rating of their own keep).
	 */
	bool own_severity;
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
	struct vakt_strpool *pool;    /* owned; NULL until the first vakt_findings_intern() */
	struct vakt_finding_ext *ext; /* owned; what findings with an id of their own carry */
	size_t n_ext, cap_ext;
};

/* Append a zeroed finding and return it (valid until the next append). */
struct vakt_finding *vakt_findings_push(struct vakt_findings *l);
/*
 * The copy of s in l's string pool (NULL gives NULL), shared by equal
 * strings, for a finding of l whose `pooled` is set. Borrowed from l.
 */
char *vakt_findings_intern(struct vakt_findings *l, const char *s);
/*
 * Done interning into l for a while: drop what made its strings shared (they
 * stay; later ones are no longer shared with them).
 */
void vakt_findings_seal(struct vakt_findings *l);
/* Move every finding of src, and the strings they borrow, to the end of dst; src is left
 * empty. */
void vakt_findings_take(struct vakt_findings *dst, struct vakt_findings *src);
/*
 * Give f (a finding of l) an extension, zeroed, and return it: the caller
 * fills it with strings it allocates, which the list then owns. The pointer
 * is valid until the next call for l. f must not have one yet.
 */
struct vakt_finding_ext *vakt_findings_add_ext(struct vakt_findings *l, struct vakt_finding *f);
/* f's extension (borrowed from l), or NULL when it has none. */
const struct vakt_finding_ext *vakt_findings_ext_of(const struct vakt_findings *l,
                                                    const struct vakt_finding *f);
/* Append a detail to e (key and value copied). */
void vakt_finding_ext_add_detail(struct vakt_finding_ext *e, const char *key, const char *value);
/*
 * A numeric detail, written without quotes when value is a JSON number
 * without sign or exponent ("9.8", "2"); anything else stays a string.
 */
void vakt_finding_ext_add_number(struct vakt_finding_ext *e, const char *key, const char *value);
/* A detail that is a list of strings (items NULL-terminated, copied; may be empty). */
void vakt_finding_ext_add_list(struct vakt_finding_ext *e, const char *key,
                               const char *const *items);
/* The value of detail key in e, or NULL. Borrowed. */
const char *vakt_finding_ext_detail(const struct vakt_finding_ext *e, const char *key);
/* Whether e's id or one of its aliases is id. */
bool vakt_finding_ext_has_id(const struct vakt_finding_ext *e, const char *id);

/*
 * Sort l by file, line, column, object, rule id and message (a NULL string
 * first); findings equal in all of these keep their order (a stable merge
 * sort of an index, 8 bytes a finding, then the findings moved into place).
 */
void vakt_findings_sort(struct vakt_findings *l);
/*
 * vakt_findings_sort() for a thread that must not call malloc() or free():
 * glibc gives a thread a malloc arena at its first call and keeps it
 * attached while the thread lives, so that threads started meanwhile get a
 * new arena rather than reusing the memory free in that one. The same sort,
 * its index in memory mapped for it; vakt_findings_sort() when that memory
 * cannot be had.
 */
void vakt_findings_sort_unalloc(struct vakt_findings *l);
/*
 * The same order for l when its first `sorted` findings are sorted already
 * (by vakt_findings_sort()): sorts the others and merges them in, after
 * those they tie with. Sets aside a copy of the others while it merges.
 */
void vakt_findings_sort_merge(struct vakt_findings *l, size_t sorted);
void vakt_finding_release(struct vakt_finding *f);
void vakt_findings_release(struct vakt_findings *l);

#endif
