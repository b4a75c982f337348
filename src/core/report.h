/* SPDX-License-Identifier: MIT */
#ifndef VAKT_REPORT_H
#define VAKT_REPORT_H

/*
 * Rendering a scan result. The library formats into a stream the CLI chose;
 * it never decides where output goes. Formats are documented in
 * docs/output.md; the JSON report carries "schema_version".
 */

#include <stdbool.h>
#include <stdio.h>

#include "scan.h"

#define VAKT_JSON_SCHEMA_VERSION "1.1"

enum vakt_format {
	VAKT_FORMAT_TEXT,
	VAKT_FORMAT_JSON,
	VAKT_FORMAT_SARIF,
	VAKT_FORMAT_JUNIT,
	VAKT_FORMAT_GNU, /* one "file:line:col: severity RULE: message" line per finding */
};

/*
 * One thing a command saw about what it audited, and what it concluded
 * (vakt host's environment: "virt.cpuid" read "vendor 'KVMKVMKVM'" from
 * "cpuid", so "kvm"). Reports show them before the findings: text as an
 * "Environment" section, JSON as "environment", SARIF in the run's
 * properties. Every string is borrowed.
 */
struct vakt_report_observation {
	const char *probe;   /* what looked: "virt.cpuid", "sysctl" */
	const char *source;  /* what it read: a file, a command, "cpuid" */
	int line;            /* 1-based line of source; 0 none */
	const char *seen;    /* what it read, short; "" when nothing */
	const char *verdict; /* what it concludes; "unreadable: ..." when it could not read */
};

struct vakt_report_opts {
	enum vakt_format format;
	bool color;           /* ANSI colours (text only) */
	bool show_suppressed; /* list suppressed findings too */
	bool compact;         /* text: one line per rule and file, no source or fix */
	const char *version;  /* tool version string */
	/* What was audited, as its probes saw it (vakt host); none for the other commands. */
	const struct vakt_report_observation *observations;
	size_t n_observations;
};

/* "text", "json", "sarif", "junit", "gnu" -> format; 0 or -EINVAL. */
int vakt_format_parse(const char *name, enum vakt_format *out);

/* Write res in o->format to f. 0, or -EIO with err set when writing fails. */
int vakt_report_write(FILE *f, const struct vakt_scan_result *res, const struct vakt_report_opts *o,
                      struct vakt_error **err);

/* The individual writers, for tests. Same contract as vakt_report_write(). */
int vakt_report_text(FILE *f, const struct vakt_scan_result *res, const struct vakt_report_opts *o);
int vakt_report_json(FILE *f, const struct vakt_scan_result *res, const struct vakt_report_opts *o);
int vakt_report_sarif(FILE *f, const struct vakt_scan_result *res,
                      const struct vakt_report_opts *o);
int vakt_report_junit(FILE *f, const struct vakt_scan_result *res,
                      const struct vakt_report_opts *o);
int vakt_report_gnu(FILE *f, const struct vakt_scan_result *res, const struct vakt_report_opts *o);

/* For vakt_fputs_safe(): newline and tab pass through (multi-line text). */
#define VAKT_SAFE_KEEP_NEWLINES 1u

/*
 * Write s to f with every character that could drive a terminal (C0 and C1
 * controls, DEL, the bidirectional overrides) or that is not valid UTF-8
 * shown as '?'. Everything vakt writes to a terminal that came from input
 * (names, content, messages quoting either) goes through here. NULL writes
 * nothing.
 */
void vakt_fputs_safe(FILE *f, const char *s, unsigned flags);
/* The same as a new string (NULL gives ""); the caller frees it. */
char *vakt_str_safe(const char *s, unsigned flags);

#endif
