/* SPDX-License-Identifier: MIT */
#ifndef VAKT_VULN_MERGE_H
#define VAKT_VULN_MERGE_H

/*
 * One finding per vulnerability, not per record: the records that match
 * one package (Debian's DSA-5678-1 and DEBIAN-CVE-2024-1234, Ubuntu's
 * USN and UBUNTU-CVE, AlmaLinux's ALSA) are folded into groups, each about
 * one vulnerability, listing every id that names it.
 *
 * How records are grouped (docs/vulnerabilities.md, "Matching"):
 *
 *   - A record is about the CVEs among its id, aliases and upstream ids;
 *     when those hold none, the CVEs among its related ids (AlmaLinux
 *     names them there); when there are none at all, about its id and
 *     aliases (a GHSA and its PYSEC alias are one vulnerability).
 *   - A record about one vulnerability (one CVE, or none) is that
 *     vulnerability under every name it gives it: its id, its aliases and
 *     the CVE. Records that share a name are one group (aliases are
 *     symmetric and transitive, as the schema says).
 *   - A record about several CVEs (a DSA or USN that fixes three at once)
 *     is a bundle: it joins the group of each, and does not join those
 *     groups together. A CVE named only by bundles still gets its group.
 *
 * Pure and deterministic: the groups come out in the order of their
 * primary ids; within a group, ids are sorted (primary first).
 */

#include <stdbool.h>
#include <stddef.h>

#include "pkg/pkg-version.h"
#include "vuln/vuln-match.h"
#include "vuln/vuln-model.h"

/* One record's entry that matched the package, with the verdict on it. Borrowed by the merge. */
struct vuln_match {
	const struct vuln_record *record;
	const struct vuln_affected *affected; /* the entry of record that was judged */
	struct vuln_verdict verdict;          /* only affected verdicts are merged */
};

/* A severity of one member, borrowed. */
struct vuln_group_severity {
	const struct vuln_severity *severity;
	const struct vuln_record *from; /* the record that states it */
};

/* One vulnerability of the package. Every pointer is borrowed from the matches. */
struct vuln_group {
	/*
	 * The id a report leads with: the CVE when the group is about one;
	 * else the first id in sorted order. Also ids[0].
	 */
	const char *primary;
	const char **ids; /* owned array of borrowed strings, distinct, sorted after ids[0] */
	size_t n_ids;
	size_t *members; /* owned; indexes into the matches, ascending */
	size_t n_members;
	/*
	 * The version that clears every member with a fix: the greatest of
	 * their verdicts' fixed versions (in the scheme the merge was given),
	 * or NULL when no member has one. fixed_by: the member it comes from.
	 */
	const char *fixed;
	size_t fixed_by;
	/* Some member has no fix while another has one: the fix may not clear them all. */
	bool partly_fixed;
	/* Every member is unfixed and some entry says the distribution will not fix it. */
	bool wont_fix;
	/*
	 * The severities members state (their record's severity[] and the
	 * matched entry's), distinct by type and score, in member order;
	 * owned array. Scoring them is the caller's.
	 */
	struct vuln_group_severity *severity;
	size_t n_severity;
	/* The distinct ecosystem urgency words of the members (Debian, Ubuntu); owned array. */
	const char **urgency;
	size_t n_urgency;
	/* A summary: the first member's that has one, the primary id's record first. NULL: none. */
	const char *summary;
};

struct vuln_group_list {
	struct vuln_group *v;
	size_t n;
	size_t cap;
};

/*
 * Fold matches m[0..n) of one package into groups, appended to *out
 * (start from a zeroed list; the caller owns it: vuln_group_list_release()).
 * Matches whose verdict is not affected, and withdrawn records, are passed
 * over; so are records without an id. Fixed versions compare in scheme s.
 * The groups borrow from m and its records, which must outlive them.
 * Time O(k log k) in the number k of ids the matches carry.
 */
void vuln_merge(enum pkg_version_scheme s, const struct vuln_match *m, size_t n,
                struct vuln_group_list *out);

/* Free what the groups own (not what they borrow) and zero the list. NULL is fine. */
void vuln_group_list_release(struct vuln_group_list *l);

/* Whether id is a CVE id ("CVE-" and more). */
bool vuln_id_is_cve(const char *id);

#endif
