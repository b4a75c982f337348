/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PKG_APP_H
#define VAKT_PKG_APP_H

/*
 * Application packages (issue 17; docs/packages.md): what a project's lock
 * files, its package managers' installed metadata and its binaries say is
 * inside an image or a source tree. npm, PyPI, Go, Maven, Cargo, RubyGems
 * and Composer.
 *
 * Like the OS package parsers (pkg.h), every reader is a pure function over
 * bytes the caller has read from an image layer or a file of the scanned
 * tree: nothing here opens a file. `path` is where the bytes were found (a
 * path in the image or the tree), copied into each package's `found_in` and
 * named in errors. The bytes are untrusted: sizes, nesting, counts and
 * decompression are bounded by the ceilings below, and every error names the
 * file and, for text formats, the line.
 *
 * Readers append to a caller-owned struct pkg_list (pkg.h), with type,
 * name, version, found_in, scope and dev set (group for Maven, license
 * where the source records one, line for text formats), layer -1 and purl
 * NULL (pkg_list_set_purls() sets it). On failure they return a negative
 * errno, set *err, and leave the list as it was on entry. Entries the
 * format allows without a registry version (an npm `file:` or `link:`
 * dependency, a path or git dependency) are not packages and are passed
 * over; a file that does not parse, or breaks a ceiling, is an error.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "pkg/pkg-model.h"

/* Biggest lock file or metadata file read (a 100 MB package-lock.json is refused with an error). */
#define PKG_APP_MAX_FILE (64u * 1024 * 1024)
/* Most packages one file yields. */
#define PKG_APP_MAX_PACKAGES 200000
/* Deepest JSON/TOML/YAML nesting followed in a lock file. */
#define PKG_APP_MAX_DEPTH 64
/* Deepest archive nesting followed (a jar in a war in an ear). */
#define PKG_APP_MAX_NESTING 4
/* Biggest member of an archive read (after decompression), and the total for one archive. */
#define PKG_APP_MAX_MEMBER        (16u * 1024 * 1024)
#define PKG_APP_MAX_ARCHIVE_TOTAL (256u * 1024 * 1024)
/* Biggest ELF binary whose build information is read. */
#define PKG_APP_MAX_BINARY (512u * 1024 * 1024)

/* What a file is to the application package readers, by its path. */
enum pkg_app_kind {
	PKG_APP_NONE = 0,
	PKG_APP_NPM_LOCK,           /* package-lock.json, npm-shrinkwrap.json (v1, v2, v3) */
	PKG_APP_YARN_LOCK,          /* yarn.lock (classic v1 and berry) */
	PKG_APP_PNPM_LOCK,          /* pnpm-lock.yaml */
	PKG_APP_NPM_INSTALLED,      /* node_modules/.../package.json */
	PKG_APP_PY_METADATA,        /* *.dist-info/METADATA, *.egg-info/PKG-INFO */
	PKG_APP_PY_REQUIREMENTS,    /* requirements*.txt */
	PKG_APP_POETRY_LOCK,        /* poetry.lock */
	PKG_APP_PIPFILE_LOCK,       /* Pipfile.lock */
	PKG_APP_UV_LOCK,            /* uv.lock */
	PKG_APP_GO_MOD,             /* go.mod (go.sum beside it: pkg_app_go_sum_beside()) */
	PKG_APP_CARGO_LOCK,         /* Cargo.lock */
	PKG_APP_GEMFILE_LOCK,       /* Gemfile.lock */
	PKG_APP_GEMSPEC,            /* NAME.gemspec in a specifications directory */
	PKG_APP_COMPOSER_LOCK,      /* composer.lock */
	PKG_APP_COMPOSER_INSTALLED, /* vendor/composer/installed.json */
	PKG_APP_JAR,                /* *.jar, *.war, *.ear (zip; nested archives followed) */
	PKG_APP_BINARY, /* an executable whose content may carry Go or cargo-auditable data */
};

/*
 * The kind of the file at path (as found; '/'-separated), by its name and
 * directory alone. PKG_APP_BINARY is never returned: whether a file is an
 * ELF binary is known by its first bytes (pkg_app_is_elf()).
 */
enum pkg_app_kind pkg_app_kind_of(const char *path);
/* Whether data starts like an ELF file. */
bool pkg_app_is_elf(const char *data, size_t len);

/*
 * Read the packages of one file of kind k into out (see the contract
 * above). For PKG_APP_JAR, data is the archive; for PKG_APP_BINARY, the
 * ELF file. Returns the number of packages added, or a negative errno with
 * *err set.
 */
long pkg_app_read(enum pkg_app_kind k, const char *path, const char *data, size_t len,
                  struct pkg_list *out, struct vakt_error **err);

/*
 * Go's build information header (pkg-app-elf.c): the magic, at a 16-byte
 * aligned offset, starts 32 bytes (pointer size, flags; Go >= 1.18 sets
 * flag 2 and puts two varint-prefixed strings right after the header).
 */
#define PKG_APP_GO_MAGIC       "\xff Go buildinf:"
#define PKG_APP_GO_MAGIC_LEN   14
#define PKG_APP_GO_HEADER_LEN  32
#define PKG_APP_GO_ALIGN       16
#define PKG_APP_GO_FLAG_INLINE 2

/*
 * Go's build information from a copy of its header and the bytes after it
 * (data starts with PKG_APP_GO_MAGIC; len is as many bytes as the caller
 * kept), for a binary too big to read whole: the same packages
 * pkg_app_read() finds in the whole file, with found_in = path. data stays
 * the caller's. Returns the number of packages added, or a negative errno
 * with *err set and out as it was: -EOPNOTSUPP for the pointer format of
 * toolchains before Go 1.18 (its strings are elsewhere in the file),
 * -EINVAL for a header or string cut short or malformed.
 */
long pkg_app_read_go_buildinfo(const char *path, const char *data, size_t len, struct pkg_list *out,
                               struct vakt_error **err);

/*
 * go.sum (pkg-app-gosum.c): lines "MODULE VERSION[/go.mod] HASH", as the go
 * command writes them. A line without "/go.mod" puts the module's code in
 * the build list; of several versions of one module, the highest by Go's
 * ordering (the one minimal version selection picks) is kept. Packages are
 * PKG_GO, transitive, with their line; contract as pkg_app_read()'s.
 * Returns the number of packages added, or a negative errno with *err set
 * and out as it was.
 */
long pkg_app_go_sum(const char *path, const char *data, size_t len, struct pkg_list *out,
                    struct vakt_error **err);

/*
 * What a go.mod says about the go.sum beside it (pkg-app-gomod.c). Before
 * Go 1.17 go.mod lists a module's direct requirements only; the rest of the
 * build list is only in go.sum. needs_sum: the go directive is before 1.17,
 * or missing. paths: every module path go.mod requires, replaces, or
 * replaces with (sorted; owned by k). Returns 0, or a negative errno with
 * *err set (k then empty). Release with pkg_app_go_mod_keys_release().
 */
struct pkg_app_go_mod_keys {
	bool needs_sum;
	char **paths;
	size_t n;
};
int pkg_app_go_mod_keys(const char *path, const char *data, size_t len,
                        struct pkg_app_go_mod_keys *k, struct vakt_error **err);
/* Whether module is one of k's paths. */
bool pkg_app_go_mod_keys_has(const struct pkg_app_go_mod_keys *k, const char *module);
void pkg_app_go_mod_keys_release(struct pkg_app_go_mod_keys *k);

/*
 * The modules of a go.sum (path, data, len, as pkg_app_go_sum()) that the
 * go.mod beside it, summarised in k, does not name: go.mod's entries win,
 * and a module go.mod replaces is left out (its replacement is go.mod's own
 * entry; following a replace into go.sum is not attempted). Same contract.
 */
long pkg_app_go_sum_beside(const struct pkg_app_go_mod_keys *k, const char *path, const char *data,
                           size_t len, struct pkg_list *out, struct vakt_error **err);

/*
 * requirements*.txt lines that pin nothing (`flask`, `requests>=2`): not
 * packages, but findings (the caller reports them). fn gets the line and
 * the requirement as written.
 */
int pkg_app_requirements_unpinned(const char *path, const char *data, size_t len,
                                  void (*fn)(int line, const char *req, void *arg), void *arg,
                                  struct vakt_error **err);

#endif
