/* SPDX-License-Identifier: MIT */
#ifndef VAKT_IMG_SCAN_H
#define VAKT_IMG_SCAN_H

/*
 * `vakt image`: open an image, walk its layers once, run the image rules
 * (table image_rules, ids IM001...) on what was seen, and read the package
 * inventory. Findings get the same post-processing as `vakt scan`:
 * severity overrides, the --severity filter and config ignores.
 *
 * The location of an image finding: file = the image path as given,
 * object = "layer 3: usr/bin/sdash" (a file) or "config.User" (a config
 * field); layers are numbered from 1 in findings.
 */

#include "core/finding.h"
#include "core/scan.h"
#include "img-model.h"
#include "img-origin.h"
#include "pkg/pkg.h"

/* The biggest layers and files reported (info). */
#define IMG_BIG_LAYERS 3
#define IMG_BIG_FILES  5
/* Files smaller than this are never "big". */
#define IMG_BIG_FILE_MIN (10u * 1024 * 1024)
/* Most path-traversal entries recorded per image (the rest are counted). */
#define IMG_MAX_UNSAFE 100

/* Why a file's content or name looks secret. */
enum img_secret_class {
	IMG_SECRET_PRIVATE_KEY,
	IMG_SECRET_CLOUD,
	IMG_SECRET_TOKEN,
	IMG_SECRET_ENV_FILE, /* a .env file by name: reported when deleted but shipped (IM016) */
};

/* Whether a file name is an environment file (.env, .env.production; not .env.example). */
bool img_env_file_name(const char *name);

/* One secret seen in one layer's version of a file. */
struct img_secret_hit {
	int layer;
	char *path;       /* owned */
	const char *kind; /* static: "private key", "AWS credentials file", ... */
	char *shown;      /* owned, redacted; NULL when found by name */
	enum img_secret_class cls;
};

/* An entry whose name or link target escapes the image root. */
struct img_unsafe_entry {
	int layer;
	char *name; /* owned, as written in the tar */
	char *link; /* owned, may be NULL */
};

struct img_scan_opts {
	const struct vakt_scan_opts *scan; /* config and severity filter; never NULL */
	struct img_open_opts open;
	bool no_secrets;  /* do not read file contents for secrets */
	bool no_packages; /* do not read the package databases */
	/* vakt image --pkg-types: which packages are read (both false: both kinds) */
	bool no_os_packages;  /* library: no OS package database read (os-release still is) */
	bool no_app_packages; /* os: no application package file read or buffered (img-apps.h) */
	struct vakt_vuln_opts vuln; /* IM020 (img-vulns.c); zero: on, the default database */
	/*
	 * The Dockerfile that built the image (vakt image --dockerfile), its
	 * instructions as the caller parsed them; NULL: none. Borrowed for
	 * the call to img_scan_path().
	 */
	const struct img_dockerfile *dockerfile;
	void (*progress)(void *data, const struct img_progress *p); /* may be NULL */
	void *progress_data;
};

struct vuln_check;

/* What the rules see (ctx->model). Owned by the scan. */
struct img_apps;

struct img_scan {
	struct img_image *img;
	struct img_view *view;
	struct img_secret_hit *hits;
	size_t n_hits, cap_hits, hits_dropped;
	struct img_unsafe_entry *unsafe;
	size_t n_unsafe, cap_unsafe, unsafe_dropped;
	/* packages */
	struct pkg_list pkgs;
	struct pkg_os os;
	bool has_os;
	struct vakt_error_list pkg_errors; /* databases that could not be parsed */
	/* internal: successive versions of the package databases (per layer) */
	void *pkg_state;
	/* internal: application packages found during the walk (img-apps.h) */
	struct img_apps *apps;
	/* application files a reader refused: warnings, not errors (img-apps.c) */
	struct vakt_error_list app_warnings;
	/* known vulnerabilities (img-vulns.h); NULL when not checked */
	struct vuln_check *vulns;
	/* internal: where each history entry came from; NULL without a Dockerfile */
	struct img_origin_state *origin;
};

/*
 * Scan the image at path into res (initialised to zero by the caller,
 * released with vakt_scan_result_release()). An input that cannot be read
 * lands in res->errors. When model is non-NULL, *model receives the scan
 * model (packages, layers) for the caller, who frees it with
 * img_scan_free(); it is NULL when the image could not be read.
 */
void img_scan_path(const char *path, const struct img_scan_opts *o, struct vakt_scan_result *res,
                   struct img_scan **model);
void img_scan_free(struct img_scan *s);
/* Append a warning (code: a negative errno or VAKT_WARNING_CODE) to w. */
void img_warn(struct vakt_error_list *w, int code, const char *fmt, ...) VAKT_PRINTF(3, 4);

/* --- the SBOM's vulnerabilities (img-sbom.c) ------------------------------------ */

/*
 * The known vulnerabilities a CycloneDX SBOM of s carries: one per IM020
 * finding of findings, the settled findings of the scan that made s (so
 * that the --severity filter, --ignore-unfixed and every ignore apply as
 * in the report), the suppressed ones only when with_suppressed, each
 * with the VEX statement that covers it. Returns whether the packages
 * were checked against a database; when not (none, --no-vulns), *out is
 * NULL and *n 0. The caller frees *out with free(); the strings it points
 * to are borrowed from findings and s.
 */
bool img_sbom_vulns(const struct img_scan *s, const struct vakt_findings *findings,
                    bool with_suppressed, struct pkg_sbom_vuln **out, size_t *n);

/* --- layers and the Dockerfile (img-origin-scan.c) ------------------------------ */

struct img_origin_state;
struct vakt_check_ctx;

/*
 * Align s's history with df (img-origin.h) and keep where each entry came
 * from; add to warnings why layers could not be matched, if they could not.
 */
void img_origin_build(struct img_scan *s, const struct img_dockerfile *df,
                      struct vakt_error_list *warnings);
void img_origin_state_free(struct img_origin_state *st);
/* The Dockerfile's path as the user named it, or NULL without one. Borrowed. */
const char *img_dockerfile_path(const struct img_scan *s);
/*
 * Where layer (0-based) came from: IMG_ORIGIN_NONE without a Dockerfile.
 * *line (may be NULL) gets the instruction's line, the FROM's for the base
 * image, 0 when unmatched; *instruction (may be NULL) the instruction as
 * written, whitespace folded ("RUN apt-get install -y curl", "FROM
 * debian:12"), borrowed from s, NULL when unmatched. Every report of a
 * layer (files, packages, vulnerabilities) asks this.
 */
enum img_origin_kind img_layer_origin(const struct img_scan *s, int layer, int *line,
                                      const char **instruction);
/* The same for config history entry h (IM005 reports entries). */
enum img_origin_kind img_history_origin(const struct img_scan *s, long h, int *line,
                                        const char **instruction);
/*
 * "Dockerfile:5", "from the base image: FROM debian:12, Dockerfile:1" or
 * "not matched to Dockerfile" for layer; NULL without a Dockerfile. The
 * caller frees it.
 */
char *img_origin_label(const struct img_scan *s, int layer);
char *img_history_label(const struct img_scan *s, long h);
/* " (" + img_origin_label() + ")", or "" without a Dockerfile. The caller frees it. */
char *img_origin_note(const struct img_scan *s, int layer);
/*
 * Append layer's origin to e's details (nothing without a Dockerfile):
 * "dockerfile" (the path), "dockerfile_origin" ("instruction", "base-image"
 * or "not-matched"), and when matched "dockerfile_line" (a number) and
 * "dockerfile_instruction". For vulnerability findings as for file ones.
 */
void img_origin_details(const struct img_scan *s, int layer, struct vakt_finding_ext *e);
/*
 * The same for the finding just emitted through ctx (ctx->model is the
 * scan), in an extension it is given when it has none.
 */
void img_origin_attach(struct vakt_check_ctx *ctx, int layer);
void img_origin_attach_history(struct vakt_check_ctx *ctx, long h);

/* "layer 3" (1-based) or "rootfs" for an unpacked root filesystem. The caller frees it. */
char *img_layer_label(const struct img_scan *s, int layer);

/* Whether a build step's text holds a secret value or a secret-named NAME=value (IM005). */
bool img_text_has_secret(const char *created_by);
/*
 * The build step that made layer (0-based): its history entry's created_by,
 * NULL when unknown. *secret says whether it holds a secret, which IM005
 * reports: other findings must not quote it then. Borrowed from s.
 */
const char *img_layer_step(const struct img_scan *s, int layer, bool *secret);

/* Checks of the rule table (img-check-*.c). */
struct vakt_check_ctx;
void img_check_user_root(struct vakt_check_ctx *ctx);
void img_check_env_secret(struct vakt_check_ctx *ctx);
void img_check_ssh_port(struct vakt_check_ctx *ctx);
void img_check_no_healthcheck(struct vakt_check_ctx *ctx);
void img_check_history_secret(struct vakt_check_ctx *ctx);
void img_check_setuid(struct vakt_check_ctx *ctx);
void img_check_world_writable(struct vakt_check_ctx *ctx);
void img_check_shells(struct vakt_check_ctx *ctx);
void img_check_package_managers(struct vakt_check_ctx *ctx);
void img_check_network_tools(struct vakt_check_ctx *ctx);
void img_check_private_keys(struct vakt_check_ctx *ctx);
void img_check_cloud_credentials(struct vakt_check_ctx *ctx);
void img_check_tokens(struct vakt_check_ctx *ctx);
void img_check_git_dirs(struct vakt_check_ctx *ctx);
void img_check_env_files(struct vakt_check_ctx *ctx);
void img_check_deleted_secrets(struct vakt_check_ctx *ctx);
void img_check_big_layers(struct vakt_check_ctx *ctx);
void img_check_big_files(struct vakt_check_ctx *ctx);
void img_check_unsafe_entries(struct vakt_check_ctx *ctx);
void img_check_vulns(struct vakt_check_ctx *ctx);
/*
 * image_domain's values() hook (img-check-config.c): the image's name, its
 * config's Env values, Entrypoint and Cmd, for the families (data
 * residency: RS001 of a name in a registry outside the allowed regions,
 * RS002 of an endpoint or region in a value).
 */
void img_values(struct vakt_check_ctx *ctx);

#endif
