/* SPDX-License-Identifier: MIT */
#ifndef VAKT_VULN_MODEL_H
#define VAKT_VULN_MODEL_H

/*
 * Vulnerability records as vakt keeps them: the parts of an OSV record
 * (ossf/osv-schema, docs/schema.md) that matching and reporting read. The
 * OSV importer fills them from JSON, the database stores and returns them,
 * the matcher judges an installed package against them. One model for the
 * three, so that what the importer keeps is exactly what the matcher sees.
 *
 * Every string is owned by the struct that holds it and freed by
 * vuln_record_release(); every array is (pointer, count). Strings are
 * NUL-terminated UTF-8 as read; NULL where the record has no such field.
 */

#include <stddef.h>
#include <stdint.h>

/* One event of a range: each OSV event object has exactly one key. */
enum vuln_event_kind {
	VULN_EVENT_INTRODUCED,    /* "0" means before every version */
	VULN_EVENT_FIXED,         /* first version without the flaw */
	VULN_EVENT_LAST_AFFECTED, /* last version with it */
	VULN_EVENT_LIMIT,         /* upper bound of the range ("*": none) */
};

struct vuln_event {
	enum vuln_event_kind kind;
	char *version;
};

enum vuln_range_type {
	VULN_RANGE_ECOSYSTEM, /* compared with the ecosystem's own ordering (dpkg, apk, rpm) */
	VULN_RANGE_SEMVER,
	VULN_RANGE_GIT, /* commit hashes: never matched against installed packages */
};

struct vuln_range {
	enum vuln_range_type type;
	struct vuln_event *events; /* in the record's order; the matcher sorts */
	size_t n_events;
};

/* A severity as the record states it: OSV severity[] {type, score}. */
enum vuln_severity_type {
	VULN_SEV_CVSS_V2,
	VULN_SEV_CVSS_V3, /* "CVSS:3.0/..." or "CVSS:3.1/..." */
	VULN_SEV_CVSS_V4,
	VULN_SEV_UBUNTU, /* a priority word: negligible, low, medium, high, critical */
	VULN_SEV_OTHER,  /* a type this version does not know: kept, not scored */
};

struct vuln_severity {
	enum vuln_severity_type type;
	char *score; /* the vector or the word, as written */
};

/* Where the record says the fix stands, beyond its ranges. */
enum vuln_fix_state {
	VULN_FIX_UNKNOWN = 0, /* the ranges decide: a fixed event means fixed */
	VULN_FIX_WONT_FIX,    /* the record says the distribution will not fix it */
};

/* One affected[] entry: one package in one ecosystem. */
struct vuln_affected {
	char *ecosystem; /* the full string: "Debian:12", "Alpine:v3.19", "Ubuntu:22.04:LTS" */
	char *name;      /* package name as the ecosystem records it (Debian: the source package) */
	struct vuln_range *ranges;
	size_t n_ranges;
	char **versions; /* explicit affected versions */
	size_t n_versions;
	struct vuln_severity *severity; /* affected[].severity[], rare */
	size_t n_severity;
	/*
	 * The ecosystem's own word on severity when there is no vector:
	 * ecosystem_specific.urgency (Debian: "low", "medium", "high",
	 * "unimportant", "not yet assigned", "end-of-life"), or the Ubuntu
	 * priority. NULL when absent.
	 */
	char *urgency;
	enum vuln_fix_state fix_state;
};

struct vuln_record {
	char *id;        /* "DSA-5573-1", "DEBIAN-CVE-2024-1234", "ALSA-2024:1234", "CVE-..." */
	char *modified;  /* RFC 3339, as written: re-import keeps the newer one */
	char *published; /* may be NULL */
	char *withdrawn; /* non-NULL: the record is withdrawn and never matches */
	char *summary;   /* one line; may be NULL */
	char **aliases;  /* aliases[] */
	size_t n_aliases;
	char **upstream; /* upstream[] (DEBIAN-CVE-* carry the CVE here) */
	size_t n_upstream;
	char **related; /* related[] (AlmaLinux joins on it) */
	size_t n_related;
	struct vuln_severity *severity; /* severity[] at the top level */
	size_t n_severity;
	struct vuln_affected *affected;
	size_t n_affected;
	/*
	 * NULL, or the one allocation holding every string and array above
	 * (records vuln_db_lookup() returns: one malloc each, not twenty).
	 * Either way, vuln_record_release() frees it all; such a record's
	 * arrays may be reordered in place, its pointers not replaced.
	 */
	void *block;
};

/* Free everything the record owns and zero it. NULL is fine. */
void vuln_record_release(struct vuln_record *r);

/* A list of records, owning them. Start from a zeroed list. */
struct vuln_record_list {
	struct vuln_record *v;
	size_t n;
	size_t cap;
};

/* Append a zeroed record and return it; valid until the next append. */
struct vuln_record *vuln_record_list_add(struct vuln_record_list *l);
void vuln_record_list_release(struct vuln_record_list *l);

#endif
