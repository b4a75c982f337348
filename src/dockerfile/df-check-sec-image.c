/* SPDX-License-Identifier: MIT */
/*
 * Base image and supply-chain rules (DF010-DF016): what the final image is
 * built on, whether every pulled image is pinned, spelt right and allowed.
 */
#include "core/config.h"
#include "core/scan.h"
#include "df-check-sec.h"
#include "knowledge/typosquat.h"

/* Patterns quoted in a DF015/DF016 message before "...". */
#define SEC_MAX_LISTED 4

enum base_class {
	BASE_OTHER = 0,
	BASE_TOOLCHAIN, /* compilers and build tools */
	BASE_FAT,       /* a full OS userland */
};

/* How a library image's tag selects its lean variant. */
enum base_variant {
	VAR_ANY = 0, /* every tag is the same kind */
	VAR_JRE,     /* a tag with "jre" is a runtime, others a JDK */
	VAR_SLIM,    /* a tag with "slim" or "alpine" is lean */
	VAR_MINIMAL, /* a tag with "minimal", "micro" or "slim" is lean */
};

struct base_kind {
	const char *name; /* Docker Official Image */
	enum base_class cls;
	enum base_variant variant;
	const char *what; /* what it ships */
	const char *alt;  /* the lean alternative; "%s" is the version when present */
};

#define ALT_STATIC "scratch or gcr.io/distroless/static-debian12"
#define ALT_JAVA   "eclipse-temurin:%s-jre or gcr.io/distroless/java21-debian12"
#define ALT_OS                                                                                     \
	"debian:bookworm-slim, alpine, gcr.io/distroless/base-debian12, or scratch for a static "  \
	"binary"

static const struct base_kind kinds[] = {
    {"golang", BASE_TOOLCHAIN, VAR_ANY, "the Go toolchain", ALT_STATIC},
    {"rust", BASE_TOOLCHAIN, VAR_ANY, "the Rust toolchain",
     ALT_STATIC " (or distroless/cc-debian12 for glibc)"},
    {"gcc", BASE_TOOLCHAIN, VAR_ANY, "the GNU compilers",
     "scratch, gcr.io/distroless/cc-debian12 or debian:bookworm-slim"},
    {"haskell", BASE_TOOLCHAIN, VAR_ANY, "GHC, Cabal and Stack",
     "debian:bookworm-slim or gcr.io/distroless/base-debian12"},
    {"swift", BASE_TOOLCHAIN, VAR_SLIM, "the Swift compiler", "swift:%s-slim"},
    {"buildpack-deps", BASE_TOOLCHAIN, VAR_ANY, "compilers and development headers",
     "debian:bookworm-slim"},
    {"maven", BASE_TOOLCHAIN, VAR_ANY, "Maven and a full JDK", ALT_JAVA},
    {"gradle", BASE_TOOLCHAIN, VAR_ANY, "Gradle and a full JDK", ALT_JAVA},
    {"clojure", BASE_TOOLCHAIN, VAR_ANY, "Leiningen or the Clojure CLI and a full JDK", ALT_JAVA},
    {"dart", BASE_TOOLCHAIN, VAR_ANY, "the Dart SDK",
     "scratch with the output of dart compile exe and /runtime/"},
    {"elixir", BASE_TOOLCHAIN, VAR_ANY, "Elixir, Mix and the Erlang build tools",
     "a mix release on debian:bookworm-slim or alpine"},
    {"erlang", BASE_TOOLCHAIN, VAR_ANY, "the Erlang build tools",
     "a rebar3 release on debian:bookworm-slim or alpine"},
    {"composer", BASE_TOOLCHAIN, VAR_ANY, "Composer and PHP's build tools",
     "php:<version>-fpm-alpine with only vendor/ copied in"},
    {"openjdk", BASE_TOOLCHAIN, VAR_JRE, "a full JDK", ALT_JAVA},
    {"eclipse-temurin", BASE_TOOLCHAIN, VAR_JRE, "a full JDK",
     "eclipse-temurin:%s-jre or gcr.io/distroless/java21-debian12"},
    {"amazoncorretto", BASE_TOOLCHAIN, VAR_JRE, "a full JDK",
     "a jlink-built runtime on debian:bookworm-slim or gcr.io/distroless/java21-debian12"},
    {"ibm-semeru-runtimes", BASE_TOOLCHAIN, VAR_JRE, "a full JDK",
     "ibm-semeru-runtimes:open-%s-jre"},
    {"sapmachine", BASE_TOOLCHAIN, VAR_JRE, "a full JDK", "sapmachine:%s-jre"},
    {"node", BASE_TOOLCHAIN, VAR_SLIM, "compilers, headers, git and curl besides Node.js",
     "node:%s-slim, node:%s-alpine or gcr.io/distroless/nodejs22-debian12"},
    {"python", BASE_TOOLCHAIN, VAR_SLIM, "compilers, headers, git and curl besides Python",
     "python:%s-slim, python:%s-alpine or gcr.io/distroless/python3-debian12"},
    {"ruby", BASE_TOOLCHAIN, VAR_SLIM, "compilers, headers, git and curl besides Ruby",
     "ruby:%s-slim or ruby:%s-alpine"},
    {"perl", BASE_TOOLCHAIN, VAR_SLIM, "compilers, headers, git and curl besides Perl",
     "perl:%s-slim"},
    {"pypy", BASE_TOOLCHAIN, VAR_SLIM, "compilers, headers, git and curl besides PyPy",
     "pypy:%s-slim"},
    /*
     * Not ubuntu: its official image has been minimised since 18.04 (no
     * documentation, locales or man pages; `unminimize` restores them), the
     * size and contents of debian:*-slim, which passes.
     */
    {"debian", BASE_FAT, VAR_SLIM, "a full Debian userland (documentation, locales, apt)",
     "debian:%s-slim, gcr.io/distroless/base-debian12, or scratch for a static binary"},
    {"centos", BASE_FAT, VAR_ANY, "a full CentOS userland (shell, yum, coreutils)", ALT_OS},
    {"fedora", BASE_FAT, VAR_MINIMAL, "a full Fedora userland (shell, dnf, coreutils)", ALT_OS},
    {"rockylinux", BASE_FAT, VAR_MINIMAL, "a full Rocky Linux userland (shell, dnf)",
     "rockylinux:%s-minimal, or " ALT_OS},
    {"almalinux", BASE_FAT, VAR_MINIMAL, "a full AlmaLinux userland (shell, dnf)",
     "almalinux:%s-minimal, or " ALT_OS},
    {"oraclelinux", BASE_FAT, VAR_MINIMAL, "a full Oracle Linux userland (shell, dnf)",
     "oraclelinux:%s-slim, or " ALT_OS},
    {"amazonlinux", BASE_FAT, VAR_MINIMAL, "a full Amazon Linux userland (shell, dnf)", ALT_OS},
    {"archlinux", BASE_FAT, VAR_ANY, "a full Arch Linux userland (shell, pacman)", ALT_OS},
};

struct base_info {
	enum base_class cls;
	const char *what; /* static */
	char *alt;        /* owned */
};

/* Whether the tag names a lean variant for this kind of image. */
static bool variant_is_lean(enum base_variant v, const char *tag)
{
	switch (v) {
	case VAR_ANY:
		return false;
	case VAR_JRE:
		return strstr(tag, "jre") != NULL;
	case VAR_SLIM:
		return strstr(tag, "slim") || strstr(tag, "alpine");
	case VAR_MINIMAL:
		return strstr(tag, "minimal") || strstr(tag, "micro") || strstr(tag, "slim");
	}
	return false;
}

/* The version part of a tag ("3.12" of "3.12-bookworm"), or "<version>". Caller frees. */
static char *tag_version(const char *tag)
{
	size_t n;

	if (!tag || !strcmp(tag, "latest"))
		return vakt_xstrdup("<version>");
	n = strcspn(tag, "-");
	return n ? vakt_xstrndup(tag, n) : vakt_xstrdup("<version>");
}

/* Fill alt's "%s" holes with version (a tiny formatter: alt is static text). */
static char *format_alt(const char *alt, const char *version)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (const char *p = alt; *p; p++) {
		if (p[0] == '%' && p[1] == 's') {
			vakt_buf_adds(&b, version);
			p++;
		} else {
			vakt_buf_addc(&b, *p);
		}
	}
	return vakt_buf_detach(&b);
}

/* What kind of base image ref is; bi->alt is owned by the caller. */
static void classify(const struct vakt_imageref *r, struct base_info *bi)
{
	const char *tag = r->tag ? r->tag : "latest";

	memset(bi, 0, sizeof(*bi));
	if (r->has_var || strstr(tag, "windows") || strstr(tag, "nanoserver"))
		return;
	if (vakt_imageref_is_library(r)) {
		const char *name = vakt_imageref_name(r);

		for (size_t i = 0; i < VAKT_ARRAY_SIZE(kinds); i++) {
			char *version;

			if (strcmp(kinds[i].name, name) || variant_is_lean(kinds[i].variant, tag))
				continue;
			/* debian:bookworm -> debian:bookworm-slim keeps the release. */
			version = kinds[i].cls == BASE_FAT && kinds[i].variant != VAR_ANY &&
			                  r->tag && strcmp(r->tag, "latest")
			              ? vakt_xstrdup(r->tag)
			              : tag_version(r->tag);
			bi->cls = kinds[i].cls;
			bi->what = kinds[i].what;
			bi->alt = format_alt(kinds[i].alt, version);
			free(version);
			return;
		}
		return;
	}
	if (!strcmp(r->registry, "mcr.microsoft.com") && !strcmp(r->repository, "dotnet/sdk")) {
		bi->cls = BASE_TOOLCHAIN;
		bi->what = "the .NET SDK";
		bi->alt = vakt_xstrdup("mcr.microsoft.com/dotnet/aspnet or dotnet/runtime-deps "
		                       "(the -chiseled variants have no shell)");
		return;
	}
	if ((!strcmp(r->registry, "registry.access.redhat.com") ||
	     !strcmp(r->registry, "registry.redhat.io")) &&
	    !strcmp(vakt_imageref_name(r), "ubi")) {
		bi->cls = BASE_FAT;
		bi->what = "the full UBI userland (shell, dnf)";
		bi->alt = vakt_xstrdup("ubi-minimal, ubi-micro or gcr.io/distroless/base-debian12");
	}
}

/* The external image the final stage is built on, resolved; NULL when unknown. */
static const struct df_stage *final_root(const struct df_file *f, const struct df_stage **final,
                                         bool *copies_in)
{
	int *chain;
	size_t n;
	const struct df_stage *root;

	*final = NULL;
	*copies_in = false;
	if (f->final_stage < 0 || !f->n_stages)
		return NULL;
	chain = vakt_xcalloc(f->n_stages, sizeof(*chain));
	n = df_sec_final_chain(f, chain);
	if (!n) {
		free(chain);
		return NULL;
	}
	*final = &f->stages[chain[0]];
	root = &f->stages[chain[n - 1]];
	for (size_t i = 0; i < n; i++)
		if (f->stages[chain[i]].n_copies_from)
			*copies_in = true;
	free(chain);
	return root;
}

/* Shared by DF010 and DF011: classify the final image's base. */
static bool final_base(const struct df_file *f, const struct df_stage **final,
                       const struct df_stage **root, bool *copies_in, struct vakt_imageref *r,
                       struct base_info *bi)
{
	const char *image;

	*root = final_root(f, final, copies_in);
	if (!*root || !(*final)->image)
		return false;
	image = df_sec_stage_image(*root, NULL);
	if (!image || vakt_imageref_parse(image, r, NULL))
		return false;
	classify(r, bi);
	if (bi->cls == BASE_OTHER) {
		vakt_imageref_release(r);
		return false;
	}
	return true;
}

/* " (through stage 'x')" when the final stage builds on a local stage. Caller frees. */
static char *through(const struct df_stage *final, const struct df_stage *root)
{
	if (final == root)
		return vakt_xstrdup("");
	if (final->image && final->image->value)
		return vakt_xasprintf(" (through stage '%.*s')", DF_SEC_MSG_MAX,
		                      final->image->value);
	return vakt_xstrdup(" (through an earlier stage)");
}

/* DF010: the final image is a toolchain image and nothing was built elsewhere. */
void df_check_sec_toolchain_final(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	const struct df_stage *final, *root;
	struct vakt_imageref r;
	struct base_info bi;
	bool copies_in;
	char *via, *fam;

	if (!final_base(f, &final, &root, &copies_in, &r, &bi))
		return;
	if (bi.cls == BASE_TOOLCHAIN && !copies_in) {
		via = through(final, root);
		fam = vakt_imageref_familiar(&r);
		vakt_check_emit(ctx, &final->image->span, NULL,
		                "the final image is built FROM %.*s%s, which ships %s, and no "
		                "artefact is copied in from a build stage: build in a first stage "
		                "(FROM %.*s AS build) and copy only the result into %s",
		                DF_SEC_MSG_MAX, fam, via, bi.what, DF_SEC_MSG_MAX, fam, bi.alt);
		free(fam);
		free(via);
	}
	free(bi.alt);
	vakt_imageref_release(&r);
}

/* DF011: the final image's base is not minimal (DF010 covers single-stage toolchains). */
void df_check_sec_fat_base(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	const struct df_stage *final, *root;
	struct vakt_imageref r;
	struct base_info bi;
	bool copies_in;
	char *via, *fam;

	if (!final_base(f, &final, &root, &copies_in, &r, &bi))
		return;
	if (bi.cls == BASE_FAT || copies_in) {
		via = through(final, root);
		fam = vakt_imageref_familiar(&r);
		vakt_check_emit(ctx, &final->image->span, NULL,
		                "the final image is built on %.*s%s, which ships %s that the "
		                "application does not need and an attacker can use: use %s",
		                DF_SEC_MSG_MAX, fam, via, bi.what, bi.alt);
		free(fam);
		free(via);
	}
	free(bi.alt);
	vakt_imageref_release(&r);
}

/* " ('$X' resolves to 'y')" when the image was written with a variable. Caller frees. */
static char *image_note(const struct df_sec_image *img)
{
	if (!img->written || !img->resolved || !strcmp(img->written, img->resolved))
		return vakt_xstrdup("");
	return vakt_xasprintf(" ('%.*s' resolves to '%.*s')", DF_SEC_MSG_MAX, img->written,
	                      DF_SEC_MSG_MAX, img->resolved);
}

static void latest_one(struct vakt_check_ctx *ctx, const struct df_sec_image *img, void *data)
{
	struct vakt_imageref r;
	char *note;

	if (strcmp(img->what, "FROM") || vakt_imageref_parse(img->resolved, &r, NULL))
		return;
	if (!r.has_var && vakt_imageref_is_latest_or_untagged(&r)) {
		note = image_note(img);
		if (r.tag)
			vakt_check_emit(ctx, &img->span, NULL,
			                "FROM %.*s%s uses the moving tag 'latest': every build may "
			                "get a different image; pin a version tag (and a digest)",
			                DF_SEC_MSG_MAX, img->written, note);
		else
			vakt_check_emit(
			    ctx, &img->span, NULL,
			    "FROM %.*s%s has no tag, so every build takes whatever "
			    "'latest' is that day; pin a version tag, e.g. %.*s:<version> "
			    "(and a digest)",
			    DF_SEC_MSG_MAX, img->written, note, DF_SEC_MSG_MAX, img->resolved);
		free(note);
	}
	vakt_imageref_release(&r);
}

/* DF012: FROM without a tag, or with :latest, after ARG expansion. */
void df_check_sec_latest(struct vakt_check_ctx *ctx)
{
	df_sec_each_image(ctx->model, false, latest_one, ctx, NULL);
}

static void digest_one(struct vakt_check_ctx *ctx, const struct df_sec_image *img, void *data)
{
	struct vakt_imageref r;

	if (strcmp(img->what, "FROM") || vakt_imageref_parse(img->resolved, &r, NULL))
		return;
	if (!vakt_imageref_is_digest_pinned(&r) && !vakt_imageref_part_has_var(r.digest)) {
		char *note = image_note(img);

		vakt_check_emit(
		    ctx, &img->span, NULL,
		    "FROM %.*s%s is not pinned by digest: the tag can be moved to other "
		    "content; write it as %.*s@sha256:<digest> (docker buildx imagetools "
		    "inspect shows the digest)",
		    DF_SEC_MSG_MAX, img->written, note, DF_SEC_MSG_MAX, img->resolved);
		free(note);
	}
	vakt_imageref_release(&r);
}

/* DF013: FROM not pinned by digest. */
void df_check_sec_no_digest(struct vakt_check_ctx *ctx)
{
	df_sec_each_image(ctx->model, false, digest_one, ctx, NULL);
}

static void typo_one(struct vakt_check_ctx *ctx, const struct df_sec_image *img, void *data)
{
	const struct vakt_config *cfg = ctx->opts->config;
	const char *ref = img->resolved ? img->resolved : img->written;
	struct vakt_imageref r;
	char *why;

	if (!ref || vakt_imageref_parse(ref, &r, NULL))
		return;
	why = vakt_typosquat_explain(&r, cfg ? &cfg->allowed_images : NULL);
	if (why)
		vakt_check_emit(ctx, &img->span, NULL, "%s %.*s: %s", img->what, DF_SEC_MSG_MAX,
		                ref, why);
	free(why);
	vakt_imageref_release(&r);
}

/* DF014: typo-squatted image names and registries, in FROM, COPY --from and mounts. */
void df_check_sec_typosquat(struct vakt_check_ctx *ctx)
{
	df_sec_each_image(ctx->model, true, typo_one, ctx, NULL);
}

/* "a, b, c, ..." of the first SEC_MAX_LISTED patterns. Caller frees. */
static char *list_patterns(const struct vakt_strv *sv)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < sv->n && i < SEC_MAX_LISTED; i++)
		vakt_buf_addf(&b, "%s%.*s", i ? ", " : "", DF_SEC_MSG_MAX, sv->v[i]);
	if (sv->n > SEC_MAX_LISTED)
		vakt_buf_adds(&b, ", ...");
	return vakt_buf_detach(&b);
}

static void trusted_one(struct vakt_check_ctx *ctx, const struct df_sec_image *img, void *data)
{
	const struct vakt_strv *trusted = data;
	struct vakt_imageref r;

	if (vakt_imageref_parse(img->resolved, &r, NULL))
		return;
	if (!vakt_imageref_part_has_var(r.registry) &&
	    !vakt_registry_matches(r.registry, trusted)) {
		char *list = list_patterns(trusted);

		vakt_check_emit(ctx, &img->span, NULL,
		                "%s %.*s is pulled from %.*s, which is not a trusted registry "
		                "(trusted-registries: %s)",
		                img->what, DF_SEC_MSG_MAX, img->resolved, DF_SEC_MSG_MAX,
		                r.registry, list);
		free(list);
	}
	vakt_imageref_release(&r);
}

/* DF015: images from registries outside the configured trusted list. */
void df_check_sec_untrusted_registry(struct vakt_check_ctx *ctx)
{
	const struct vakt_config *cfg = ctx->opts->config;

	if (!cfg || !cfg->trusted_registries.n)
		return;
	df_sec_each_image(ctx->model, false, trusted_one, ctx, (void *)&cfg->trusted_registries);
}

static void allowed_one(struct vakt_check_ctx *ctx, const struct df_sec_image *img, void *data)
{
	const struct vakt_strv *allowed = data;
	struct vakt_imageref r;

	if (vakt_imageref_parse(img->resolved, &r, NULL))
		return;
	if (!r.has_var && !vakt_imageref_matches(&r, allowed)) {
		char *list = list_patterns(allowed), *full = vakt_imageref_format(&r);

		vakt_check_emit(ctx, &img->span, NULL,
		                "%s %.*s (%.*s) is not among the allowed base images "
		                "(allowed-base-images: %s)",
		                img->what, DF_SEC_MSG_MAX, img->resolved, DF_SEC_MSG_MAX, full,
		                list);
		free(full);
		free(list);
	}
	vakt_imageref_release(&r);
}

/* DF016: images outside the configured allow-list. */
void df_check_sec_unlisted_image(struct vakt_check_ctx *ctx)
{
	const struct vakt_config *cfg = ctx->opts->config;

	if (!cfg || !cfg->allowed_images.n)
		return;
	df_sec_each_image(ctx->model, false, allowed_one, ctx, (void *)&cfg->allowed_images);
}
