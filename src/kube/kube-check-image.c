/* SPDX-License-Identifier: MIT */
/*
 * Image rules (KS040-KS043): moving tags, digests, trusted registries and
 * typo-squatted names. The judgement is the Dockerfile rules' (DF012-DF015):
 * the same shared helpers (knowledge/imageref.h, typosquat.h, core/config.h)
 * decide, so a FROM line and an `image:` field get the same answer.
 */
#include "core/config.h"
#include "core/scan.h"
#include "core/util.h"
#include "knowledge/imageref.h"
#include "knowledge/typosquat.h"
#include "kube-check.h"

/* Trusted-registry patterns quoted in a KS042 message before "...". */
#define IMAGE_MAX_LISTED 4

/* A container's image, parsed. */
struct image {
	const struct vakt_yaml_node *key; /* the `image:` key */
	const char *text;                 /* as written (borrowed) */
	struct vakt_imageref ref;         /* owned: vakt_imageref_release() */
};

/*
 * Read c's image. False (nothing to release) when it is missing, cannot be
 * parsed, or holds a variable ("${IMAGE}", left for a pipeline to fill in):
 * vakt cannot tell what will be deployed.
 */
static bool image_read(const struct kube_container *c, struct image *img)
{
	const struct vakt_yaml_pair *p = vakt_yaml_get_pair(c->node, "image");

	memset(img, 0, sizeof(*img));
	img->text = p ? vakt_yaml_text(p->value) : NULL;
	if (!img->text || vakt_imageref_parse(img->text, &img->ref, NULL))
		return false;
	if (img->ref.has_var) {
		vakt_imageref_release(&img->ref);
		return false;
	}
	img->key = p->key;
	return true;
}

static void latest_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                       const struct kube_container *c)
{
	struct image img;
	char *desc, *fam;

	if (!image_read(c, &img))
		return;
	if (vakt_imageref_is_latest_or_untagged(&img.ref)) {
		desc = kube_ctr_desc(c);
		if (img.ref.tag) {
			kube_emit(ctx, o, c, img.key,
			          "%s uses image '%.*s' with the moving tag 'latest': every pull "
			          "may get a different image; pin a version tag (and a digest)",
			          desc, KUBE_MSG_MAX, img.text);
		} else {
			fam = vakt_imageref_familiar(&img.ref);
			kube_emit(ctx, o, c, img.key,
			          "%s uses image '%.*s' without a tag, which means whatever "
			          "'latest' is at each pull; pin a version, e.g. %.*s:<version>",
			          desc, KUBE_MSG_MAX, img.text, KUBE_MSG_MAX, fam);
			free(fam);
		}
		free(desc);
	}
	vakt_imageref_release(&img.ref);
}

/* KS040: an image without a tag or with :latest (and no digest). */
void kube_check_image_latest(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, false, latest_one);
}

static void digest_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                       const struct kube_container *c)
{
	struct image img;
	char *desc;

	if (!image_read(c, &img))
		return;
	if (!vakt_imageref_is_digest_pinned(&img.ref)) {
		desc = kube_ctr_desc(c);
		kube_emit(ctx, o, c, img.key,
		          "%s uses image '%.*s', which is not pinned by digest: the tag can be "
		          "moved to other content; write it as %.*s@sha256:<digest>",
		          desc, KUBE_MSG_MAX, img.text, KUBE_MSG_MAX, img.text);
		free(desc);
	}
	vakt_imageref_release(&img.ref);
}

/* KS041: an image not pinned by digest. */
void kube_check_image_digest(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, false, digest_one);
}

/* "a, b, c, ..." of the first IMAGE_MAX_LISTED patterns. Caller frees. */
static char *list_patterns(const struct vakt_strv *sv)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < sv->n && i < IMAGE_MAX_LISTED; i++)
		vakt_buf_addf(&b, "%s%.*s", i ? ", " : "", KUBE_MSG_MAX, sv->v[i]);
	if (sv->n > IMAGE_MAX_LISTED)
		vakt_buf_adds(&b, ", ...");
	return vakt_buf_detach(&b);
}

static void registry_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                         const struct kube_container *c)
{
	const struct vakt_strv *trusted = &ctx->opts->config->trusted_registries;
	struct image img;
	char *desc, *list;

	if (!image_read(c, &img))
		return;
	if (!vakt_registry_matches(img.ref.registry, trusted)) {
		desc = kube_ctr_desc(c);
		list = list_patterns(trusted);
		kube_emit(ctx, o, c, img.key,
		          "%s pulls image '%.*s' from %.*s, which is not a trusted registry "
		          "(trusted-registries: %s)",
		          desc, KUBE_MSG_MAX, img.text, KUBE_MSG_MAX, img.ref.registry, list);
		free(list);
		free(desc);
	}
	vakt_imageref_release(&img.ref);
}

/* KS042: images from registries outside the configured trusted list. */
void kube_check_image_registry(struct vakt_check_ctx *ctx)
{
	const struct vakt_config *cfg = ctx->opts->config;

	if (!cfg || !cfg->trusted_registries.n)
		return;
	kube_each_container(ctx, false, registry_one);
}

static void typo_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                     const struct kube_container *c)
{
	const struct vakt_config *cfg = ctx->opts->config;
	struct image img;
	char *desc, *why;

	if (!image_read(c, &img))
		return;
	why = vakt_typosquat_explain(&img.ref, cfg ? &cfg->allowed_images : NULL);
	if (why) {
		desc = kube_ctr_desc(c);
		kube_emit(ctx, o, c, img.key, "%s uses image '%.*s': %s", desc, KUBE_MSG_MAX,
		          img.text, why);
		free(desc);
	}
	free(why);
	vakt_imageref_release(&img.ref);
}

/* KS043: typo-squatted image names, namespaces and registries. */
void kube_check_image_typosquat(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, false, typo_one);
}
