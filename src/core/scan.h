/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SCAN_H
#define VAKT_SCAN_H

/*
 * Scanning many inputs: discovery (which files a command reads, shared by
 * every command that reads a tree), dispatch to the domain by file name or
 * content, and the post-processing every domain shares (severity overrides,
 * config ignores, inline suppressions, the --severity filter).
 */

#include <stdbool.h>

#include "config.h"
#include "domain.h"
#include "error.h"
#include "finding.h"
#include "limits.h"
#include "source.h"
#include "suppress.h"

/* What vakt scan reads, for messages about inputs it does not recognise. */
#define VAKT_SCAN_INPUTS                                                                           \
	"Dockerfile, Containerfile, Kubernetes manifest, compose file, firewall rule set, "        \
	"script, Makefile or CI file with docker run lines, or lock or requirements file"

/* Most worker threads a scan uses (it uses one per online CPU up to this). */
#define VAKT_SCAN_MAX_THREADS 8

/*
 * Known-vulnerability matching of the packages a command reads (vakt image's
 * IM020, vakt scan's DP002; src/vuln/vuln-check.h does it). Strings borrowed.
 */
struct vakt_vuln_opts {
	bool off;                        /* --no-vulns */
	const char *db;                  /* --db; NULL: the default database */
	long long max_age_hours;         /* --db-max-age; 0: the default, a week */
	bool fail_stale;                 /* --fail-on-stale-db: an old database is an error */
	bool ignore_unfixed;             /* --ignore-unfixed */
	const char *const *ignore_files; /* NULL-terminated; NULL: .vaktignore, .trivyignore here */
	const char *const *vex_files;    /* --vex, NULL-terminated; may be NULL */
};

struct vakt_scan_opts {
	const struct vakt_config *config; /* never NULL */
	unsigned severity_mask;           /* bit (1u << sev) set: report that severity */
	bool inline_ignores;              /* honour inline pragmas (--no-inline-ignores clears) */
	bool detect_content;              /* also recognise files by content (--detect-content) */
	struct vakt_strv build_args;      /* "NAME=VALUE" from --build-arg */
	const char *pss;                  /* --pss LEVEL[:VERSION] or NULL (kube parses it once) */
	struct vakt_limits limits;        /* defaults, then the config's, then --limit */
	struct vakt_vuln_opts
	    vuln; /* the lock files' packages against the database; off by default */
};

struct vakt_scan_result {
	struct vakt_findings findings; /* includes suppressed ones (flagged) */
	struct vakt_error_list errors; /* inputs that could not be read or parsed */
	size_t files_scanned;
	struct vakt_strv files; /* the files scanned, sorted (JUnit lists clean ones too) */
	size_t suppressed;
	size_t hidden;  /* findings left out by --severity (never counted elsewhere) */
	double elapsed; /* seconds */
	/* Not errors (the exit code ignores them): expired and stale config ignores. */
	struct vakt_error_list warnings;
	bool *ignore_used; /* per config ignore entry: it ignored a finding; NULL: none did */
};

/*
 * Options with every severity reported, inline ignores honoured, the
 * default limits with the config's `limits:` applied, and no vulnerability
 * matching (vuln.off: a command that matches turns it on).
 */
void vakt_scan_opts_init(struct vakt_scan_opts *o, const struct vakt_config *config);

/* The domains vakt scan dispatches to (domain.h), in dispatch order. */
const struct vakt_domain *const *vakt_domains(size_t *n);

/* One input discovery found. */
struct vakt_scan_input {
	char *path;                       /* owned; as shown ("dir/app.yaml"), "-" for stdin */
	bool named;                       /* given on the command line, not found by the walk */
	const struct vakt_domain *domain; /* the domain its name says; NULL: none (or stdin) */
};

struct vakt_scan_inputs {
	struct vakt_scan_input *v; /* owned */
	size_t n;
	size_t cap;
};

/*
 * Discovery: the inputs a command reads from paths, the same for every
 * command (vakt scan, vakt netpol). "-" is standard input; any other path
 * is stat'ed (followed if a link) and is either a named file, listed
 * whatever its name, or a directory walked (walk.h) for the files whose
 * names a domain recognises (every file with o->detect_content). The walk
 * passes over .git, node_modules and vendor directories and whatever
 * o->config's `exclude` globs match, and goes no deeper than o's
 * walk-depth limit. Each file is listed once, under the name met first (the
 * same path twice, a directory and a file in it, two links to one file),
 * in discovery order. Paths that cannot be opened and entries the walk
 * cannot read are appended to errs (ownership moves there). The caller
 * initialises *out to zero and releases it with vakt_scan_inputs_release().
 */
void vakt_scan_discover(const char *const *paths, size_t n, const struct vakt_scan_opts *o,
                        struct vakt_scan_inputs *out, struct vakt_error_list *errs);
void vakt_scan_inputs_release(struct vakt_scan_inputs *in);

/*
 * Scan paths (files, directories, "-" for stdin; found by
 * vakt_scan_discover()) into res, which the caller initialises to zero and
 * releases with vakt_scan_result_release(). Files that cannot be read are
 * recorded in res->errors and the rest still scanned.
 * Returns 0, or a negative code only for a failure of the scan itself.
 */
int vakt_scan_paths(const char *const *paths, size_t n, const struct vakt_scan_opts *o,
                    struct vakt_scan_result *res);

/*
 * Whether a scan of paths with o would read file (which need not exist
 * yet): it is one of the named files (same device and inode), or it lies
 * below a directory the scan walks where discovery would pick it up (its
 * name is recognised and nothing skips or excludes it). On true, *via is
 * the element of paths that reaches it. Used to refuse writing a report
 * over an input, now or on the next run.
 */
bool vakt_scan_would_read(const char *const *paths, size_t n, const struct vakt_scan_opts *o,
                          const char *file, const char **via);

/*
 * Scan one source with a given domain and apply the shared post-processing,
 * cross-file pass included (a set of one file). Takes ownership of src.
 * Used by the tests and fuzzers.
 */
void vakt_scan_source(const struct vakt_domain *d, struct vakt_source *src,
                      const struct vakt_scan_opts *o, struct vakt_scan_result *res);

/*
 * The post-processing every finding goes through, for a command whose
 * domain is not dispatched by the scan (vakt image): severity and the
 * --severity filter, the domain's own suppressions, then the config's
 * ignores. The findings move from fresh (left empty) to res.
 */
void vakt_scan_settle(struct vakt_findings *fresh, const struct vakt_scan_opts *o,
                      struct vakt_scan_result *res);

/*
 * Add to res->warnings: each expired ignore entry of o->config, and, when
 * stale is true (the scan covered the configuration's whole tree), each
 * entry that ignored nothing, leaving out entries for rules of the domain
 * skip_domain (rules another command reports; NULL: none) and, with a
 * skip_domain, those naming advisory ids (only `vakt image` reports them).
 */
void vakt_scan_warn_ignores(struct vakt_scan_result *res, const struct vakt_scan_opts *o,
                            bool stale, const char *skip_domain);

void vakt_scan_result_release(struct vakt_scan_result *res);

#endif
