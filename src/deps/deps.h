/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DEPS_H
#define VAKT_DEPS_H

/*
 * The deps domain (prefix deps_; docs/packages.md, "Source trees"): the
 * lock files and requirements files of a source tree, as vakt scan finds
 * them. Which files: those pkg_app_kind_of() (pkg/pkg-app.h) names that a
 * project keeps in its own tree (package-lock.json, npm-shrinkwrap.json,
 * yarn.lock, pnpm-lock.yaml, requirements*.txt and the .txt files of a
 * requirements/ directory, poetry.lock, Pipfile.lock, uv.lock, go.mod,
 * Cargo.lock, Gemfile.lock, composer.lock); not installed metadata (a
 * site-packages tree, node_modules, vendor/composer), jars or binaries,
 * which are other people's code in a source tree and vakt image's to read.
 * go.sum is read beside a go.mod whose go directive is before 1.17, or
 * missing (deps_read_go_sum()): such a go.mod lists its direct requirements
 * only (from Go 1.17 on it names every module the build needs); go.sum
 * alone is not read.
 *
 * Design: the domain is two things over one reader (deps_read()):
 *  - for vakt scan, a domain like the others (deps_domain, core/domain.h):
 *    each file's packages are read (a file that does not parse is an input
 *    error at its line; the scan goes on with the other files) and the
 *    rules run on the file (DP001, unpinned requirements);
 *  - for vakt scan --list-packages and --format cyclonedx|spdx-json, the
 *    CLI calls deps_collect(), which finds the same files with the scan's
 *    own discovery (core/scan.h: the walk, its skip policy, the config's
 *    excludes) and reads their packages into one list. No rule runs then.
 * Across files the domain keeps only the packages, for DP002: every file's
 * packages go to the scan's struct deps_set, matched against the
 * vulnerability database once at the end of the scan (deps-vulns.c).
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/domain.h"
#include "core/error.h"
#include "core/scan.h"
#include "core/source.h"
#include <pthread.h>

#include "pkg/pkg-app.h"
#include "pkg/pkg.h"
#include "vuln/vuln-check.h"

/* Most unpinned requirements, and index or link options, kept from one requirements file. */
#define DEPS_MAX_REQS 10000

/* One requirement that pins nothing, as the file writes it. */
struct deps_req {
	int line;
	char *text; /* owned: "flask", "requests>=2.0" (markers and options left out) */
};

/* An index or link option of a requirements file: a value that names an endpoint. */
struct deps_index {
	int line;
	struct vakt_span at; /* the URL's place on its line */
	char *url;           /* owned */
};

/*
 * What the rules read of one file. For a requirements file: its unpinned
 * requirements, whether versions are pinned elsewhere (`quiet`, with why),
 * and its index options; other kinds have no rules yet.
 */
struct deps_file {
	const struct vakt_source *src; /* borrowed */
	enum pkg_app_kind kind;
	struct deps_req *reqs; /* owned */
	size_t n_reqs, cap_reqs;
	struct deps_index *index; /* owned */
	size_t n_index, cap_index;
	/*
	 * Why the unpinned lines are not findings, or NULL: a constraints
	 * file (its name starts "constraints"), a `-c FILE` or
	 * `--constraint FILE` line, or a lock or constraints file in the same
	 * directory (deps_pinned_beside()). Static string.
	 */
	const char *quiet;
};

/*
 * One scan's packages (vakt_domain.begin()'s state; NULL with --no-vulns):
 * what scan() reads of every file, each package's found_in its file, then
 * their known vulnerabilities (DP002, a set rule: ctx->model at the end).
 */
struct deps_set {
	pthread_mutex_t lock; /* scan() runs on the scan's threads */
	struct pkg_list pkgs;
	struct vuln_check vulns; /* filled by end() */
};

/*
 * Hand the packages of one file (out of *pkgs, which is left empty) to the
 * set; set may be NULL (no matching): they are dropped.
 */
void deps_set_add(struct deps_set *set, struct pkg_list *pkgs);
void *deps_begin(const struct vakt_scan_opts *o);
void deps_end(void *state, const struct vakt_scan_opts *o, struct vakt_findings *out,
              struct vakt_error_list *errs);
void deps_release(void *state);

/* The rules DP001...: deps-rules.c. */
extern const struct vakt_rule deps_rules[];

/*
 * The kind of application-package file at path that the domain reads in a
 * source tree (see above), or PKG_APP_NONE.
 */
enum pkg_app_kind deps_kind_of(const char *path);

/*
 * Read the packages of src (of kind k) into out with pkg_app_read(). A file
 * that does not parse, or breaks a ceiling, adds one error to errs (which
 * takes it) and nothing to out. For a go.mod, deps_read_go_sum() follows.
 * Returns the number of packages added, or a negative errno.
 */
long deps_read(enum pkg_app_kind k, const struct vakt_source *src, struct pkg_list *out,
               struct vakt_error_list *errs);

/*
 * For the go.mod mod (parsed), when its go directive is before 1.17 or
 * missing: the modules of the go.sum in its directory that go.mod does not
 * name (pkg_app_go_sum_beside()), appended to out with found_in that
 * go.sum's path (go.mod's directory as shown, then "go.sum"). No go.sum
 * adds nothing; one that cannot be read or does not parse adds one error
 * to errs and nothing to out. Reads the file (at most PKG_APP_MAX_FILE
 * bytes). Returns the number of packages added, or a negative errno.
 */
long deps_read_go_sum(const struct vakt_source *mod, struct pkg_list *out,
                      struct vakt_error_list *errs);

/*
 * Fill f from the requirements file src (borrowed, as f keeps it): its
 * unpinned requirements, the options that quiet DP001, its index options.
 * Errors of the requirements reader are not reported here (deps_read()
 * reports them); what comes before a bad line is kept. Release with
 * deps_file_release().
 */
void deps_file_requirements(struct deps_file *f, const struct vakt_source *src);
void deps_file_release(struct deps_file *f);

/*
 * Whether the directory of the file at path holds a file that pins what a
 * requirements file leaves open: poetry.lock, uv.lock, Pipfile.lock,
 * pdm.lock, pylock.toml or pylock.NAME.toml, requirements*.lock, or
 * constraints*.txt. Returns the name's description (static) or NULL. Reads
 * the directory (path as the scan shows it); NULL when it cannot.
 */
const char *deps_pinned_beside(const char *path);

/*
 * vakt scan --list-packages and its SBOMs: the application packages of the
 * files discovery finds under paths (as vakt scan would, with o's config,
 * excludes and limits), appended to out (the caller's, zeroed or not) in
 * discovery order, each with found_in set to its file as shown and its
 * purl set. The same package declared in two files is listed twice. Files
 * that cannot be read or do not parse, and paths that cannot be opened,
 * are appended to errs (ownership moves there); the rest is still read.
 * *files gets the number of files read.
 */
void deps_collect(const char *const *paths, size_t n, const struct vakt_scan_opts *o,
                  struct pkg_list *out, size_t *files, struct vakt_error_list *errs);

#endif
