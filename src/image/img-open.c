/* SPDX-License-Identifier: MIT */
/*
 * Opening an image: recognise the input by content, list the images it
 * holds (docker-save manifest.json, or the OCI index with nested indexes),
 * pick one by tag and platform, then read and verify its manifest and
 * config. JSON through jansson; every blob's digest checked before use.
 * Cleanup style: a single `goto out`.
 */
#include <errno.h>
#include <jansson.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "img-priv.h"
#include "knowledge/imageref.h"

#define MT_OCI_INDEX       "application/vnd.oci.image.index.v1+json"
#define MT_DOCKER_LIST     "application/vnd.docker.distribution.manifest.list.v2+json"
#define ANN_REF_NAME       "org.opencontainers.image.ref.name"
#define ANN_CONTAINERD     "io.containerd.image.name"
#define ANN_REFERENCE_TYPE "vnd.docker.reference.type"

/* One image the input holds. */
struct cand {
	struct vakt_strv names;
	char *manifest_blob; /* OCI: blob name of the manifest; NULL for docker-save */
	char *manifest_digest;
	char *os, *arch, *variant;
	json_t *docker; /* docker-save manifest.json element (borrowed from the root) */
};

struct cands {
	struct cand *v;
	size_t n, cap;
};

static void cands_release(struct cands *c)
{
	for (size_t i = 0; i < c->n; i++) {
		vakt_strv_release(&c->v[i].names);
		free(c->v[i].manifest_blob);
		free(c->v[i].manifest_digest);
		free(c->v[i].os);
		free(c->v[i].arch);
		free(c->v[i].variant);
	}
	free(c->v);
}

static const char *jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static char *jdup(const json_t *o, const char *key)
{
	return vakt_xstrdup(jstr(o, key));
}

/*
 * Where a valid digest's blob is: "blobs/sha256/<hex>", or "<hex>" in a
 * docker-dir; NULL for an invalid digest. The caller frees it.
 */
static char *blob_name(const struct img_image *img, const char *digest)
{
	if (!img_digest_valid(digest))
		return NULL;
	if (img->format == IMG_FORMAT_DOCKER_DIR)
		return vakt_xstrdup(digest + 7);
	return vakt_xasprintf("blobs/sha256/%s", digest + 7);
}

/* Where an index's entry is: a docker-dir keeps manifests as "<hex>.manifest.json". */
static char *manifest_name(const struct img_image *img, const char *digest)
{
	if (img->format == IMG_FORMAT_DOCKER_DIR && img_digest_valid(digest))
		return vakt_xasprintf("%s.manifest.json", digest + 7);
	return blob_name(img, digest);
}

/* Read a JSON blob, verify it against digest (when given) and parse it. */
static int read_json(struct img_image *img, const char *name, const char *digest, json_t **out,
                     struct vakt_error **err)
{
	char *data = NULL, *got = NULL;
	size_t len = 0;
	json_error_t je;
	int r = img_store_read(img->store, name, IMG_MAX_JSON_BYTES, &data, &len, err);

	if (r < 0)
		goto out;
	if (digest) {
		got = img_sha256_of(data, len);
		if (strcmp(got, digest)) {
			r = vakt_error_set(err, -EBADMSG,
			                   "blob '%s' does not match its digest '%s' (its content "
			                   "hashes to '%s')",
			                   name, digest, got);
			goto out;
		}
	}
	*out = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!*out) {
		r = vakt_error_set(err, -EINVAL, "cannot parse '%s': %s at %d:%d", name, je.text,
		                   je.line, je.column);
		goto out;
	}
	if (!json_is_object(*out) && !json_is_array(*out)) {
		json_decref(*out);
		*out = NULL;
		r = vakt_error_set(err, -EINVAL, "'%s' is not a JSON object", name);
		goto out;
	}
	r = 0;
out:
	free(data);
	free(got);
	return r;
}

static struct cand *cand_push(struct cands *c)
{
	c->v = vakt_grow(c->v, sizeof(*c->v), c->n + 1, &c->cap);
	memset(&c->v[c->n], 0, sizeof(c->v[c->n]));
	return &c->v[c->n++];
}

/* Walk an OCI index (nested ones too) and list its image manifests. */
static int oci_index(struct img_image *img, const json_t *index, const char *inherited, int depth,
                     struct cands *out, struct vakt_error **err)
{
	const json_t *ms = json_object_get(index, "manifests");
	size_t i;
	const json_t *d;
	int r;

	if (depth > IMG_MAX_INDEX_DEPTH)
		return vakt_error_set(err, -EFBIG, "image indexes nested deeper than %d",
		                      IMG_MAX_INDEX_DEPTH);
	if (!json_is_array(ms))
		return 0; /* moby#47210: "manifests": null */
	json_array_foreach(ms, i, d)
	{
		const char *mt = jstr(d, "mediaType");
		const char *digest = jstr(d, "digest");
		const json_t *ann = json_object_get(d, "annotations");
		const json_t *plat = json_object_get(d, "platform");
		const char *name = jstr(ann, ANN_REF_NAME);
		const char *full = jstr(ann, ANN_CONTAINERD);
		const char *reftype = jstr(ann, ANN_REFERENCE_TYPE);
		char *bn = manifest_name(img, digest);
		struct cand *c;

		if (!bn)
			return vakt_error_set(
			    err, -EINVAL, "index of '%s' lists a manifest with a bad digest '%s'",
			    img->path, digest ? digest : "");
		if (out->n >= IMG_MAX_IMAGES) {
			free(bn);
			return vakt_error_set(err, -EFBIG, "'%s' lists more than %d images",
			                      img->path, IMG_MAX_IMAGES);
		}
		if (mt && (!strcmp(mt, MT_OCI_INDEX) || !strcmp(mt, MT_DOCKER_LIST))) {
			json_t *sub = NULL;

			r = read_json(img, bn, digest, &sub, err);
			free(bn);
			if (r < 0)
				return r;
			r = oci_index(img, sub, name ? name : inherited, depth + 1, out, err);
			json_decref(sub);
			if (r < 0)
				return r;
			continue;
		}
		/* BuildKit's attestations are not images. */
		if (reftype && !strcmp(reftype, "attestation-manifest")) {
			free(bn);
			continue;
		}
		c = cand_push(out);
		c->manifest_blob = bn;
		c->manifest_digest = vakt_xstrdup(digest);
		if (full)
			vakt_strv_push(&c->names, full);
		if (name)
			vakt_strv_push(&c->names, name);
		else if (inherited)
			vakt_strv_push(&c->names, inherited);
		c->os = jdup(plat, "os");
		c->arch = jdup(plat, "architecture");
		c->variant = jdup(plat, "variant");
	}
	return 0;
}

/* docker-save's manifest.json: an array of {Config, RepoTags, Layers}. */
static int docker_manifest(struct img_image *img, const json_t *root, struct cands *out,
                           struct vakt_error **err)
{
	size_t i;
	const json_t *m;

	if (!json_is_array(root))
		return vakt_error_set(err, -EINVAL, "manifest.json of '%s' is not an array",
		                      img->path);
	json_array_foreach(root, i, m)
	{
		const json_t *tags = json_object_get(m, "RepoTags");
		struct cand *c;
		size_t k;
		const json_t *t;

		if (out->n >= IMG_MAX_IMAGES)
			return vakt_error_set(err, -EFBIG, "'%s' lists more than %d images",
			                      img->path, IMG_MAX_IMAGES);
		c = cand_push(out);
		c->docker = (json_t *)m;
		json_array_foreach(tags, k, t) if (json_is_string(t))
		    vakt_strv_push(&c->names, json_string_value(t));
	}
	return 0;
}

/*
 * A docker-dir (skopeo's dir: transport, podman save --format docker-dir):
 * manifest.json is one image manifest, Docker v2 or OCI, whose digest is the
 * hash of the file, and blobs are named by their hex digest. It holds no name.
 * With skopeo copy --all, manifest.json is an index of per-platform manifests.
 */
static int docker_dir(struct img_image *img, const json_t *root, struct cands *out,
                      struct vakt_error **err)
{
	char *data = NULL;
	size_t len = 0;
	struct cand *c;
	int r;

	if (json_is_array(json_object_get(root, "manifests")))
		return oci_index(img, root, NULL, 0, out, err);
	r = img_store_read(img->store, "manifest.json", IMG_MAX_JSON_BYTES, &data, &len, err);
	if (r < 0)
		return r;
	c = cand_push(out);
	c->manifest_blob = vakt_xstrdup("manifest.json");
	c->manifest_digest = img_sha256_of(data, len);
	free(data);
	return 0;
}

/* The tag part of a reference, or the whole when it has none. */
static const char *tag_of(const char *ref)
{
	const char *slash = strrchr(ref, '/');
	const char *colon = strrchr(slash ? slash : ref, ':');

	return colon ? colon + 1 : ref;
}

/*
 * Whether an image named `have` is the one `want` asks for: the same
 * string, the same normalised reference ("debian:12" is
 * "docker.io/library/debian:12"), or a bare tag on either side (umoci and
 * Docker 25 write only the tag in ref.name).
 */
static bool name_matches(const char *have, const char *want)
{
	struct vakt_imageref a = {0}, b = {0};
	bool m = false;

	if (!strcmp(have, want))
		return true;
	if (!strchr(have, '/') && !strchr(have, ':'))
		return !strcmp(have, tag_of(want));
	if (!strchr(want, '/') && !strchr(want, ':'))
		return !strcmp(want, tag_of(have));
	if (vakt_imageref_parse(have, &a, NULL) == 0 && vakt_imageref_parse(want, &b, NULL) == 0) {
		char *fa = vakt_imageref_format(&a), *fb = vakt_imageref_format(&b);

		m = !strcmp(fa, fb);
		free(fa);
		free(fb);
	}
	vakt_imageref_release(&a);
	vakt_imageref_release(&b);
	return m;
}

static bool cand_named(const struct cand *c, const char *want)
{
	if (c->manifest_digest && !strcmp(c->manifest_digest, want))
		return true;
	for (size_t i = 0; i < c->names.n; i++)
		if (name_matches(c->names.v[i], want))
			return true;
	return false;
}

/* The platform of the running machine in OCI words. The caller frees it. */
static char *host_platform(void)
{
	struct utsname u;
	const char *arch = "amd64";

	if (uname(&u) == 0) {
		if (!strcmp(u.machine, "aarch64"))
			arch = "arm64";
		else if (!strcmp(u.machine, "x86_64"))
			arch = "amd64";
		else if (!strncmp(u.machine, "arm", 3))
			arch = "arm";
		else if (!strcmp(u.machine, "i686") || !strcmp(u.machine, "i386"))
			arch = "386";
		else
			arch = u.machine;
	}
	return vakt_xasprintf("linux/%s", arch);
}

static bool platform_matches(const struct cand *c, const char *want)
{
	char *w = vakt_xstrdup(want);
	char *arch = strchr(w, '/');
	char *variant = arch ? strchr(arch + 1, '/') : NULL;
	bool m;

	if (arch)
		*arch++ = '\0';
	if (variant)
		*variant++ = '\0';
	m = c->os && !strcmp(c->os, w) && (!arch || (c->arch && !strcmp(c->arch, arch))) &&
	    (!variant || (c->variant && !strcmp(c->variant, variant)));
	free(w);
	return m;
}

static void cand_label(const struct cand *c, struct vakt_buf *b)
{
	if (c->names.n)
		vakt_buf_adds(b, c->names.v[0]);
	else if (c->manifest_digest)
		vakt_buf_adds(b, c->manifest_digest);
	else
		vakt_buf_adds(b, "<untagged>");
	if (c->os)
		vakt_buf_addf(b, " (%s/%s%s%s)", c->os, c->arch ? c->arch : "?",
		              c->variant ? "/" : "", c->variant ? c->variant : "");
}

/* Narrow the candidates down to one by tag and platform. */
static int pick(struct img_image *img, struct cands *cs, const struct img_open_opts *o,
                const char *tag, size_t *out, struct vakt_error **err)
{
	size_t *keep = vakt_xcalloc(cs->n + 1, sizeof(*keep));
	size_t n = 0;
	struct vakt_buf b = VAKT_BUF_INIT;
	char *host = NULL;
	int r = 0;

	for (size_t i = 0; i < cs->n; i++)
		if (!tag || cand_named(&cs->v[i], tag))
			keep[n++] = i;
	if (!n)
		r = -ESRCH;
	if (n && (o->platform || n > 1)) {
		/* Only OCI indexes say the platform; docker-save lists one image per name. */
		const char *want = o->platform ? o->platform : (host = host_platform());
		size_t m = 0;
		bool any_platform = false;

		for (size_t i = 0; i < n; i++)
			any_platform |= cs->v[keep[i]].os != NULL;
		if (any_platform) {
			for (size_t i = 0; i < n; i++)
				if (platform_matches(&cs->v[keep[i]], want))
					keep[m++] = keep[i];
			if (!m && o->platform)
				r = -ESRCH;
			if (m)
				n = m;
		}
	}
	if (r == -ESRCH) {
		for (size_t i = 0; i < cs->n; i++) {
			vakt_buf_adds(&b, i ? ", " : "");
			cand_label(&cs->v[i], &b);
		}
		vakt_error_set(err, r, "'%s' has no image%s%s%s%s%s (it holds: %s)", img->path,
		               tag ? " named '" : "", tag ? tag : "", tag ? "'" : "",
		               o->platform ? " for platform " : "", o->platform ? o->platform : "",
		               cs->n ? vakt_buf_str(&b) : "nothing");
	} else if (n > 1) {
		for (size_t i = 0; i < n; i++) {
			vakt_buf_adds(&b, i ? ", " : "");
			cand_label(&cs->v[keep[i]], &b);
		}
		r = vakt_error_set(
		    err, -ENOTUNIQ,
		    "'%s' holds %zu images: %s; choose one with --tag (or --platform)", img->path,
		    n, vakt_buf_str(&b));
	} else {
		*out = keep[0];
	}
	free(keep);
	free(host);
	vakt_buf_release(&b);
	return r;
}

/* --- the config ------------------------------------------------------------------ */

static void strv_from_array(struct vakt_strv *sv, const json_t *a)
{
	size_t i;
	const json_t *v;

	json_array_foreach(a, i, v) if (json_is_string(v)) vakt_strv_push(sv, json_string_value(v));
}

static void strv_from_keys(struct vakt_strv *sv, const json_t *o)
{
	const char *k;
	const json_t *v;

	json_object_foreach((json_t *)o, k, v) vakt_strv_push(sv, k);
}

void img_config_release(struct img_config *c)
{
	free(c->user);
	vakt_strv_release(&c->env);
	vakt_strv_release(&c->entrypoint);
	vakt_strv_release(&c->cmd);
	vakt_strv_release(&c->exposed_ports);
	vakt_strv_release(&c->volumes);
	vakt_strv_release(&c->labels);
	free(c->workdir);
	free(c->os);
	free(c->architecture);
	free(c->variant);
	free(c->created);
	for (size_t i = 0; i < c->n_history; i++) {
		free(c->history[i].created_by);
		free(c->history[i].comment);
	}
	free(c->history);
	memset(c, 0, sizeof(*c));
}

/* Fill img->config from the config JSON; *diff_ids borrowed from root. */
static void config_fill(struct img_config *c, const json_t *root, const json_t **diff_ids)
{
	const json_t *cfg = json_object_get(root, "config");
	const json_t *hc = json_object_get(cfg, "Healthcheck");
	const json_t *test = json_object_get(hc, "Test");
	const json_t *labels = json_object_get(cfg, "Labels");
	const json_t *hist = json_object_get(root, "history");
	const char *k;
	const json_t *v;
	size_t i;

	c->present = true;
	c->user = jdup(cfg, "User");
	strv_from_array(&c->env, json_object_get(cfg, "Env"));
	strv_from_array(&c->entrypoint, json_object_get(cfg, "Entrypoint"));
	strv_from_array(&c->cmd, json_object_get(cfg, "Cmd"));
	strv_from_keys(&c->exposed_ports, json_object_get(cfg, "ExposedPorts"));
	strv_from_keys(&c->volumes, json_object_get(cfg, "Volumes"));
	json_object_foreach((json_t *)labels, k, v) if (json_is_string(v))
	    vakt_strv_push_take(&c->labels, vakt_xasprintf("%s=%s", k, json_string_value(v)));
	c->workdir = jdup(cfg, "WorkingDir");
	c->has_healthcheck = json_is_array(test) && json_array_size(test) > 0 &&
	                     json_is_string(json_array_get(test, 0)) &&
	                     strcmp(json_string_value(json_array_get(test, 0)), "NONE");
	c->os = jdup(root, "os");
	c->architecture = jdup(root, "architecture");
	c->variant = jdup(root, "variant");
	c->created = jdup(root, "created");
	if (json_is_array(hist) && json_array_size(hist)) {
		c->history = vakt_xcalloc(json_array_size(hist), sizeof(*c->history));
		json_array_foreach(hist, i, v)
		{
			struct img_history *h = &c->history[c->n_history++];

			h->created_by = jdup(v, "created_by");
			h->comment = jdup(v, "comment");
			h->empty_layer = json_is_true(json_object_get(v, "empty_layer"));
		}
	}
	*diff_ids = json_object_get(json_object_get(root, "rootfs"), "diff_ids");
}

/*
 * Give each layer its diff_id and history entry (empty_layer entries have
 * no layer). Entries pair with layers in order only when there is one per
 * layer: a history that lists fewer or more (buildah's COPY --link leaves a
 * layer without one) would name the wrong step for every layer after the
 * gap, so then no layer gets one.
 */
static void layers_attach(struct img_image *img, const json_t *diff_ids)
{
	size_t h = 0, with_layer = 0;

	for (size_t i = 0; i < img->config.n_history; i++)
		with_layer += !img->config.history[i].empty_layer;
	for (size_t i = 0; i < img->n_layers; i++) {
		const json_t *d = json_array_get(diff_ids, i);

		if (json_is_string(d))
			img->layers[i].diff_id = vakt_xstrdup(json_string_value(d));
		while (h < img->config.n_history && img->config.history[h].empty_layer)
			h++;
		img->layers[i].history = -1;
		if (h < img->config.n_history && with_layer == img->n_layers) {
			img->layers[i].history = (int)h;
			img->layers[i].created_by = img->config.history[h].created_by;
			h++;
		}
	}
}

static int config_load(struct img_image *img, const char *name, const char *digest,
                       struct vakt_error **err)
{
	json_t *root = NULL;
	const json_t *diff_ids = NULL;
	int r = read_json(img, name, digest, &root, err);

	if (r < 0)
		return r;
	if (!json_is_object(root)) {
		json_decref(root);
		return vakt_error_set(err, -EINVAL, "config '%s' is not a JSON object", name);
	}
	config_fill(&img->config, root, &diff_ids);
	img->config_digest = vakt_xstrdup(digest);
	layers_attach(img, diff_ids);
	json_decref(root);
	return 0;
}

static struct img_layer *layers_new(struct img_image *img, size_t n, struct vakt_error **err)
{
	if (n > IMG_MAX_LAYERS) {
		vakt_error_set(err, -EFBIG, "'%s': the image has %zu layers (at most %d are read)",
		               img->path, n, IMG_MAX_LAYERS);
		return NULL;
	}
	img->n_layers = n;
	img->layers = vakt_xcalloc(n ? n : 1, sizeof(*img->layers));
	return img->layers;
}

/* "x/<64 hex>.json" or "<64 hex>.tar" style names carry the digest of what they hold. */
static char *digest_from_name(const char *name)
{
	const char *base = strrchr(name, '/');
	char *d;

	base = base ? base + 1 : name;
	d = vakt_xasprintf("sha256:%.64s", base);
	if (strlen(base) >= 64 &&
	    (base[64] == '\0' || !strcmp(base + 64, ".json") || !strcmp(base + 64, ".tar")) &&
	    img_digest_valid(d))
		return d;
	free(d);
	return NULL;
}

static int docker_load(struct img_image *img, const struct cand *c, struct vakt_error **err)
{
	const char *config = jstr(c->docker, "Config");
	const json_t *layers = json_object_get(c->docker, "Layers");
	char *cdigest;
	size_t i;
	const json_t *l;
	int r;

	if (!config || !json_is_array(layers))
		return vakt_error_set(err, -EINVAL,
		                      "manifest.json of '%s' has an entry without Config or Layers",
		                      img->path);
	if (!layers_new(img, json_array_size(layers), err))
		return -EFBIG;
	json_array_foreach(layers, i, l)
	{
		struct img_layer *ly = &img->layers[i];
		int64_t size;

		if (!json_is_string(l))
			return vakt_error_set(err, -EINVAL, "manifest.json of '%s': bad layer name",
			                      img->path);
		ly->blob = vakt_xstrdup(json_string_value(l));
		ly->digest = digest_from_name(ly->blob);
		size = img_store_size(img->store, ly->blob);
		if (size < 0)
			return vakt_error_set(err, -ENOENT, "'%s' has no layer '%s'", img->path,
			                      ly->blob);
		ly->size = (uint64_t)size;
	}
	cdigest = digest_from_name(config);
	r = config_load(img, config, cdigest, err);
	free(cdigest);
	/* Legacy layer names say nothing: the uncompressed blob hashes to its diff_id. */
	return r;
}

static int oci_load(struct img_image *img, const struct cand *c, struct vakt_error **err)
{
	json_t *m = NULL;
	const json_t *cfg, *layers, *l;
	char *cname = NULL;
	size_t i;
	int r = read_json(img, c->manifest_blob, c->manifest_digest, &m, err);

	if (r < 0)
		goto out;
	img->manifest_digest = vakt_xstrdup(c->manifest_digest);
	cfg = json_object_get(m, "config");
	layers = json_object_get(m, "layers");
	cname = blob_name(img, jstr(cfg, "digest"));
	if (!cname) {
		r = vakt_error_set(err, -EINVAL, "manifest '%s' has no valid config digest",
		                   c->manifest_blob);
		goto out;
	}
	if (!layers_new(img, json_is_array(layers) ? json_array_size(layers) : 0, err)) {
		r = -EFBIG;
		goto out;
	}
	json_array_foreach(layers, i, l)
	{
		struct img_layer *ly = &img->layers[i];
		const json_t *sz = json_object_get(l, "size");

		ly->blob = blob_name(img, jstr(l, "digest"));
		if (!ly->blob) {
			r = vakt_error_set(err, -EINVAL,
			                   "manifest '%s': layer %zu has a bad digest",
			                   c->manifest_blob, i + 1);
			goto out;
		}
		ly->digest = jdup(l, "digest");
		ly->media_type = jdup(l, "mediaType");
		ly->size = json_is_integer(sz) && json_integer_value(sz) > 0
		               ? (uint64_t)json_integer_value(sz)
		               : 0;
		if (!img_store_has(img->store, ly->blob)) {
			r = vakt_error_set(err, -ENOENT, "'%s' has no blob '%s' (layer %zu)",
			                   img->path, ly->blob, i + 1);
			goto out;
		}
	}
	r = config_load(img, cname, jstr(cfg, "digest"), err);
out:
	free(cname);
	json_decref(m);
	return r;
}

/* A tar that holds a root filesystem rather than an image: one layer, the file itself. */
static int rootfs_tar(struct img_image *img, struct vakt_error **err)
{
	img->format = IMG_FORMAT_ROOTFS;
	if (!layers_new(img, 1, err))
		return -EFBIG;
	img->layers[0].blob = vakt_xstrdup("");
	img->layers[0].history = -1;
	img->layers[0].size = img_store_file_size(img->store);
	return 0;
}

static int img_open_at(const char *path, const char *tag, const struct img_open_opts *o,
                       struct img_image **out, struct vakt_error **err)
{
	struct img_image *img = vakt_xcalloc(1, sizeof(*img));
	struct cands cs = {0};
	json_t *root = NULL;
	bool is_dir = false;
	size_t which = 0;
	int r;

	img->path = vakt_xstrdup(strcmp(path, "-") ? path : IMG_STDIN_NAME);
	r = img_store_open(path, o->max_stdin_bytes, &img->store, &is_dir, err);
	if (r < 0)
		goto out;
	if (img_store_has(img->store, "manifest.json")) {
		r = read_json(img, "manifest.json", NULL, &root, err);
		if (r < 0)
			goto out;
		if (json_is_object(root) && is_dir) {
			img->format = IMG_FORMAT_DOCKER_DIR;
			r = docker_dir(img, root, &cs, err);
		} else {
			img->format = IMG_FORMAT_DOCKER_ARCHIVE;
			r = docker_manifest(img, root, &cs, err);
		}
	} else if (img_store_has(img->store, "index.json")) {
		r = read_json(img, "index.json", NULL, &root, err);
		if (r < 0)
			goto out;
		img->format = is_dir ? IMG_FORMAT_OCI_LAYOUT : IMG_FORMAT_OCI_ARCHIVE;
		r = oci_index(img, root, NULL, 0, &cs, err);
	} else if (is_dir) {
		img->format = IMG_FORMAT_ROOTFS;
		*out = img;
		img = NULL;
		r = 0;
		goto out;
	} else {
		r = rootfs_tar(img, err);
		if (r == 0) {
			*out = img;
			img = NULL;
		}
		goto out;
	}
	if (r < 0)
		goto out;
	for (size_t i = 0; i < cs.n; i++)
		for (size_t k = 0; k < cs.v[i].names.n; k++)
			vakt_strv_push(&img->names, cs.v[i].names.v[k]);
	r = pick(img, &cs, o, tag, &which, err);
	if (r < 0)
		goto out;
	if (cs.v[which].names.n)
		img->ref = vakt_xstrdup(cs.v[which].names.v[0]);
	r = cs.v[which].docker ? docker_load(img, &cs.v[which], err)
	                       : oci_load(img, &cs.v[which], err);
	if (r < 0)
		goto out;
	*out = img;
	img = NULL;
out:
	json_decref(root);
	cands_release(&cs);
	img_image_free(img);
	return r;
}

int img_open(const char *path, const struct img_open_opts *o, struct img_image **out,
             struct vakt_error **err)
{
	static const struct img_open_opts none = {0};
	const char *colon = strrchr(path, ':');
	struct stat sb;
	int r;

	if (!o)
		o = &none;
	*out = NULL;
	/* "PATH:TAG" when PATH exists and the whole does not (Trivy's dir:tag). */
	if (!o->tag && colon && colon != path && stat(path, &sb) < 0) {
		char *p = vakt_xstrndup(path, (size_t)(colon - path));

		if (stat(p, &sb) == 0) {
			r = img_open_at(p, colon + 1, o, out, err);
			free(p);
			return r;
		}
		free(p);
	}
	return img_open_at(path, o->tag, o, out, err);
}

void img_image_free(struct img_image *img)
{
	if (!img)
		return;
	for (size_t i = 0; i < img->n_layers; i++) {
		free(img->layers[i].blob);
		free(img->layers[i].digest);
		free(img->layers[i].diff_id);
		free(img->layers[i].media_type);
	}
	free(img->layers);
	img_config_release(&img->config);
	free(img->path);
	free(img->ref);
	free(img->manifest_digest);
	free(img->config_digest);
	vakt_strv_release(&img->names);
	vakt_strv_release(&img->skipped);
	img_store_free(img->store);
	free(img);
}
