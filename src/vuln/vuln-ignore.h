/* SPDX-License-Identifier: MIT */
#ifndef VAKT_VULN_IGNORE_H
#define VAKT_VULN_IGNORE_H

/*
 * Vulnerabilities a project has decided to accept: `.vaktignore` (YAML,
 * documented in docs/vulnerabilities.md, "Ignoring and VEX") and Trivy's
 * `.trivyignore` (one id a line). An entry names a vulnerability by any of
 * its ids (the CVE, the DSA, the GHSA), says why, and may end on a date
 * and be limited to some packages:
 *
 *   ignore:
 *     - id: CVE-2024-3094
 *       reason: "xz is only a build dependency here; sshd is not installed"
 *       expires: 2027-03-31
 *       packages: [xz-utils, "pkg:deb/debian/liblzma5"]
 *
 * Trivy's `.trivyignore.yaml` is read too: its `vulnerabilities` entries
 * (`id`, `statement`, `expired_at`, `purls`, `paths`) are entries as above.
 *
 * After its date an entry ignores nothing and is reported as expired; an
 * entry that ignored nothing in a scan is reported as stale, so that
 * exceptions do not outlive their reason.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/util.h"
#include "pkg/pkg-model.h"
#include "vuln/vuln-idindex.h"

#define VULN_IGNORE_NAME           ".vaktignore"
#define VULN_TRIVYIGNORE_NAME      ".trivyignore"
#define VULN_TRIVYIGNORE_YAML_NAME ".trivyignore.yaml"
/* Largest ignore file read. */
#define VULN_IGNORE_MAX_BYTES (1u * 1024 * 1024)
/* Most entries in one file. */
#define VULN_IGNORE_MAX_ENTRIES 10000
/* Most packages one entry is limited to. */
#define VULN_IGNORE_MAX_PACKAGES 1000
/* Longest id, reason or package pattern, in bytes. */
#define VULN_IGNORE_MAX_STRING 4096
/* Longest package name glob (a purl may be VULN_IGNORE_MAX_STRING long). */
#define VULN_IGNORE_MAX_GLOB 256

/* How an ignore file is written: vakt's or Trivy's YAML, or Trivy's id lines. */
enum vuln_ignore_format { VULN_IGNORE_YAML, VULN_IGNORE_LINES };

/*
 * The format of the ignore file at path holding data[0..len): by its name
 * (.trivyignore: lines; .vaktignore, .trivyignore.yaml, *.yaml, *.yml:
 * YAML), else by its first line that is neither blank nor a comment: YAML
 * when it is `---` or a top-level key of either YAML format followed by ':'
 * (`ignore`, `vulnerabilities`, `misconfigurations`, `secrets`,
 * `licenses`), lines otherwise.
 */
enum vuln_ignore_format vuln_ignore_format_of(const char *path, const char *data, size_t len);

struct vuln_ignore_entry {
	char *id;     /* as written; matched regardless of case */
	char *reason; /* NULL only for .trivyignore entries without a comment */
	/*
	 * Package names, against the binary and the source name (globs: `*`
	 * any run of bytes, `?` one byte), and purls (vuln_purl_match() against
	 * the package's purl); empty: every package.
	 */
	struct vakt_strv packages;
	/*
	 * Trivy's `paths`: the files the package was found in. OS packages
	 * have none, so an entry with paths ignores no OS package (as in Trivy).
	 */
	struct vakt_strv paths;
	/* "YYYY-MM-DD": ignores through that day (UTC); "" for never. */
	char expires[VAKT_DATE_LEN];
	bool expired; /* the date had passed on the day the file was read */
	char *file;   /* the file it was read from */
	int line;     /* and where */
	size_t hits;  /* findings it ignored since it was read (vuln_ignore_match()) */
};

struct vuln_ignore {
	struct vuln_ignore_entry *v;
	size_t n;
	size_t cap;
	/* Private: the entries by id, for vuln_ignore_match(). */
	struct vuln_idindex ids;
	/* Private: what the files hold that is read but not used, for vuln_ignore_warnings(). */
	struct vakt_error_list notes;
};

/*
 * `today` arguments are "YYYY-MM-DD" (UTC); NULL means the current date.
 * Both parsers append the file's entries to *ig (start from a zeroed
 * struct; the caller owns it: vuln_ignore_release()), or, on a failure,
 * append nothing, return a negative errno and set *err with the file,
 * line and column and what was expected. path only names the file.
 *
 * .vaktignore: one YAML mapping with the key `ignore`, a list of mappings
 * with `id` (required), `reason` (required: an exception says why),
 * `expires` (a date, YYYY-MM-DD) and `packages` (a list of package names,
 * globs such as "libssl*", or purls). Or Trivy's .trivyignore.yaml: the
 * mapping's keys are `vulnerabilities` (read), `misconfigurations`,
 * `secrets` and `licenses` (not vakt image's: a non-empty one is noted, and
 * vuln_ignore_warnings() reports it). Errors: -EFBIG (larger than
 * VULN_IGNORE_MAX_BYTES), -E2BIG (more entries, packages or bytes of a
 * string than the ceilings), -EINVAL (anything else).
 */
int vuln_ignore_parse(struct vuln_ignore *ig, const char *path, const char *data, size_t len,
                      const char *today, struct vakt_error **err);

/*
 * .trivyignore, as Trivy reads it: one id a line, surrounding blanks
 * ignored; a line starting with `#` is a comment; after the id, a word
 * `exp:YYYY-MM-DD` sets the expiry, and the other words (Trivy passes over
 * them; files often hold "CVE-2023-1234 not used here") are the reason,
 * from a `#` on as well. Without words after the id, the comment lines just
 * above it are its reason. An entry is never limited to packages.
 * Errors: -EFBIG, -E2BIG as above; -EINVAL for an `exp:` that is not a date.
 */
int vuln_ignore_parse_trivy(struct vuln_ignore *ig, const char *path, const char *data, size_t len,
                            const char *today, struct vakt_error **err);

/*
 * The first entry that is not expired and ignores a finding with ids
 * ids[0..n) (its primary id and aliases) in package p (NULL: an entry
 * limited to packages does not match), or NULL. Counts the hit. Borrowed.
 */
const struct vuln_ignore_entry *vuln_ignore_match(struct vuln_ignore *ig, const char *const *ids,
                                                  size_t n, const struct pkg *p);

/*
 * The warnings a scan prints once it is done, appended to *out with
 * VAKT_WARNING_CODE, the file and the line:
 *   "the ignore of CVE-2024-1 expired on 2025-01-31 (REASON): its findings are reported again"
 *   "the ignore of CVE-2024-2 matched no finding in this scan: if the vulnerability is gone,
 *    remove the entry"
 * The second only when stale is true (the caller scanned everything the file governs).
 * Before them, the sections of a .trivyignore.yaml that were not read.
 */
void vuln_ignore_warnings(const struct vuln_ignore *ig, bool stale, struct vakt_error_list *out);

void vuln_ignore_release(struct vuln_ignore *ig);

#endif
