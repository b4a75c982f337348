/* SPDX-License-Identifier: MIT */
/*
 * Image rules on the files (IM006-IM019): permissions, tools an attacker
 * can use, secrets (also those deleted in a later layer), repositories and
 * .env files, size, and entries that escape the image root. They read the
 * final view and what the walk recorded. No cleanup labels needed.
 */
#include "core/check.h"
#include "img-scan.h"

/* Longest build step quoted in a message. */
#define CHECK_STEP_SHOWN 80

static const struct img_scan *model(const struct vakt_check_ctx *ctx)
{
	return ctx->model;
}

/* "layer 3: usr/bin/x" for node id (the layer whose blob holds its current version). */
static char *node_object(const struct img_scan *s, long id, const struct img_node_info *in,
                         struct vakt_buf *path)
{
	char *label = img_layer_label(s, in->changed);
	char *obj;

	img_view_path(s->view, id, path);
	obj = vakt_xasprintf("%s: %s", label, vakt_buf_str(path));
	free(label);
	return obj;
}

/*
 * " (by 'RUN ...')" for a layer with a history entry, with where the
 * Dockerfile given has it (" (by 'RUN ...', Dockerfile:5)"); else "" or the
 * Dockerfile's word alone. The caller frees it.
 */
static char *step_note(const struct img_scan *s, int layer)
{
	bool secret;
	const char *cb = img_layer_step(s, layer, &secret);
	char *origin = img_origin_label(s, layer), *note;
	const char *sep = origin ? ", " : "";

	if (!origin)
		origin = vakt_xstrdup("");
	if (!cb)
		note = *origin ? vakt_xasprintf(" (%s)", origin) : vakt_xstrdup("");
	else if (secret)
		note = vakt_xasprintf(" (by a build step that holds a secret, see IM005%s%s)", sep,
		                      origin);
	else if (strlen(cb) > CHECK_STEP_SHOWN)
		note = vakt_xasprintf(" (by '%.*s...'%s%s)", CHECK_STEP_SHOWN, cb, sep, origin);
	else
		note = vakt_xasprintf(" (by '%s'%s%s)", cb, sep, origin);
	free(origin);
	return note;
}

static bool is_file(const struct img_node_info *in)
{
	return in->removed < 0 && (in->type == IMG_T_FILE || in->type == IMG_T_HARDLINK);
}

/* IM006 */
void img_check_setuid(struct vakt_check_ctx *ctx)
{
	const struct img_scan *s = model(ctx);
	struct vakt_buf path = VAKT_BUF_INIT;

	for (size_t id = 1; id < img_view_count(s->view); id++) {
		struct img_node_info in;
		char *obj, *note;

		img_view_info(s->view, (long)id, &in);
		if (!is_file(&in) || !(in.mode & 06000))
			continue;
		obj = node_object(s, (long)id, &in, &path);
		note = step_note(s, in.changed);
		vakt_check_emit(
		    ctx, NULL, obj, "%s is %s%s%s (mode %04o, owner %lld)%s", vakt_buf_str(&path),
		    in.mode & 04000 ? "setuid" : "", (in.mode & 06000) == 06000 ? " and " : "",
		    in.mode & 02000 ? "setgid" : "", (unsigned)in.mode, (long long)in.uid, note);
		img_origin_attach(ctx, in.changed);
		free(note);
		free(obj);
	}
	vakt_buf_release(&path);
}

/* IM007 */
void img_check_world_writable(struct vakt_check_ctx *ctx)
{
	const struct img_scan *s = model(ctx);
	struct vakt_buf path = VAKT_BUF_INIT;

	for (size_t id = 1; id < img_view_count(s->view); id++) {
		struct img_node_info in;
		char *obj, *note;

		img_view_info(s->view, (long)id, &in);
		/* Links carry no permissions of their own; device nodes are the runtime's. */
		if (in.removed >= 0 || !(in.mode & 0002) ||
		    (in.type != IMG_T_FILE && in.type != IMG_T_HARDLINK && in.type != IMG_T_DIR))
			continue;
		if (in.type == IMG_T_DIR && (in.mode & 01000))
			continue;
		obj = node_object(s, (long)id, &in, &path);
		note = img_origin_note(s, in.changed);
		vakt_check_emit(ctx, NULL, obj, "%s %s is world-writable (mode %04o)%s%s",
		                in.type == IMG_T_DIR ? "directory" : "file", vakt_buf_str(&path),
		                (unsigned)in.mode,
		                in.type == IMG_T_DIR ? " without the sticky bit" : "", note);
		img_origin_attach(ctx, in.changed);
		free(note);
		free(obj);
	}
	vakt_buf_release(&path);
}

/* Directories on a usual PATH. */
static const char *const bin_dirs[] = {
    "bin", "sbin", "usr/bin", "usr/sbin", "usr/local/bin", "usr/local/sbin",
};

static const char *const shells[] = {
    "ash", "bash", "busybox", "csh", "dash", "fish", "ksh", "mksh", "sh", "tcsh", "zsh",
};

static const char *const package_managers[] = {
    "apk", "apt", "apt-get", "dnf", "dpkg", "gem", "microdnf",
    "npm", "pip", "pip3",    "rpm", "tdnf", "yum", "zypper",
};

static const char *const network_tools[] = {
    "curl", "ftp",  "nc",    "nc.openbsd", "nc.traditional", "ncat", "netcat", "nmap",
    "scp",  "sftp", "socat", "ssh",        "telnet",         "tftp", "wget",
};

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return true;
	return false;
}

/* Report executables of list that are present (regular files in a bin directory). */
static void tools_present(struct vakt_check_ctx *ctx, const char *const *list, size_t n,
                          const char *what, const char *why)
{
	const struct img_scan *s = model(ctx);
	struct vakt_buf path = VAKT_BUF_INIT, dir = VAKT_BUF_INIT;

	for (size_t id = 1; id < img_view_count(s->view); id++) {
		struct img_node_info in;
		char *obj, *note;
		bool in_bin = false;

		img_view_info(s->view, (long)id, &in);
		if (!is_file(&in) || !(in.mode & 0111) ||
		    !in_list(img_view_name(s->view, (long)id), list, n))
			continue;
		img_view_path(s->view, img_view_parent(s->view, (long)id), &dir);
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(bin_dirs); k++)
			in_bin |= !strcmp(vakt_buf_str(&dir), bin_dirs[k]);
		if (!in_bin)
			continue;
		obj = node_object(s, (long)id, &in, &path);
		note = img_origin_note(s, in.changed);
		vakt_check_emit(ctx, NULL, obj, "%s %s is in the image: %s%s", what,
		                vakt_buf_str(&path), why, note);
		img_origin_attach(ctx, in.changed);
		free(note);
		free(obj);
	}
	vakt_buf_release(&path);
	vakt_buf_release(&dir);
}

/* IM008 */
void img_check_shells(struct vakt_check_ctx *ctx)
{
	tools_present(ctx, shells, VAKT_ARRAY_SIZE(shells), "shell",
	              "an attacker with code execution gets an interactive shell");
}

/* IM009 */
void img_check_package_managers(struct vakt_check_ctx *ctx)
{
	tools_present(ctx, package_managers, VAKT_ARRAY_SIZE(package_managers), "package manager",
	              "an attacker can install any tool they need");
}

/* IM010 */
void img_check_network_tools(struct vakt_check_ctx *ctx)
{
	tools_present(ctx, network_tools, VAKT_ARRAY_SIZE(network_tools), "network tool",
	              "an attacker can download payloads or move data out with it");
}

/* Whether hit h's version of the file is the one in the final image. */
static bool hit_shipped_final(const struct img_scan *s, const struct img_secret_hit *h, int *gone)
{
	long id = img_view_lookup(s->view, h->path);
	struct img_node_info in;

	*gone = -1;
	if (id < 0)
		return false;
	img_view_info(s->view, id, &in);
	if (in.removed >= 0) {
		*gone = in.removed;
		return false;
	}
	if (in.changed != h->layer && s->img->format != IMG_FORMAT_ROOTFS) {
		*gone = in.added > h->layer ? in.added : in.changed;
		return false;
	}
	return true;
}

static void secret_hits(struct vakt_check_ctx *ctx, enum img_secret_class cls)
{
	const struct img_scan *s = model(ctx);

	for (size_t i = 0; i < s->n_hits; i++) {
		const struct img_secret_hit *h = &s->hits[i];
		char *label, *obj, *note;
		int gone;

		if (h->cls != cls || !hit_shipped_final(s, h, &gone))
			continue;
		label = img_layer_label(s, h->layer);
		obj = vakt_xasprintf("%s: %s", label, h->path);
		note = img_origin_note(s, h->layer);
		if (h->shown && h->cls != IMG_SECRET_PRIVATE_KEY)
			vakt_check_emit(ctx, NULL, obj, "%s holds a %s ('%s')%s", h->path, h->kind,
			                h->shown, note);
		else if (h->shown)
			vakt_check_emit(ctx, NULL, obj, "%s holds a %s%s", h->path, h->kind, note);
		else
			vakt_check_emit(ctx, NULL, obj, "%s is a credentials file (%s)%s", h->path,
			                h->kind, note);
		img_origin_attach(ctx, h->layer);
		free(note);
		free(obj);
		free(label);
	}
}

/* IM011 */
void img_check_private_keys(struct vakt_check_ctx *ctx)
{
	secret_hits(ctx, IMG_SECRET_PRIVATE_KEY);
}

/* IM012 */
void img_check_cloud_credentials(struct vakt_check_ctx *ctx)
{
	secret_hits(ctx, IMG_SECRET_CLOUD);
}

/* IM013 */
void img_check_tokens(struct vakt_check_ctx *ctx)
{
	secret_hits(ctx, IMG_SECRET_TOKEN);
}

/* Whether hit i is a .env by name whose version also holds a secret found in it (said once). */
static bool env_hit_redundant(const struct img_scan *s, size_t i)
{
	const struct img_secret_hit *h = &s->hits[i];

	if (h->cls != IMG_SECRET_ENV_FILE)
		return false;
	for (size_t k = 0; k < s->n_hits; k++)
		if (k != i && s->hits[k].layer == h->layer && !strcmp(s->hits[k].path, h->path))
			return true;
	return false;
}

/* IM016: a secret some layer added and a later one deleted or replaced: still in the blob. */
void img_check_deleted_secrets(struct vakt_check_ctx *ctx)
{
	const struct img_scan *s = model(ctx);

	for (size_t i = 0; i < s->n_hits; i++) {
		const struct img_secret_hit *h = &s->hits[i];
		char *label, *obj, *note;
		const char *shown, *what;
		int gone;

		if (hit_shipped_final(s, h, &gone) || gone < 0 || env_hit_redundant(s, i))
			continue;
		label = img_layer_label(s, h->layer);
		obj = vakt_xasprintf("%s: %s", label, h->path);
		note = step_note(s, h->layer);
		shown = h->cls == IMG_SECRET_PRIVATE_KEY ? NULL : h->shown;
		what = img_view_lookup(s->view, h->path) >= 0 &&
		               img_view_resolve(s->view, h->path) >= 0
		           ? "replaced"
		           : "deleted";
		if (h->cls == IMG_SECRET_PRIVATE_KEY || shown)
			vakt_check_emit(
			    ctx, NULL, obj,
			    "%s with a %s%s%s%s was added in %s%s and %s in layer %d, but "
			    "%s still ships it",
			    h->path, h->kind, shown ? " ('" : "", shown ? shown : "",
			    shown ? "')" : "", label, note, what, gone + 1, label);
		else /* the file itself is the secret: credentials, .env */
			vakt_check_emit(
			    ctx, NULL, obj,
			    "%s (%s) was added in %s%s and %s in layer %d, but %s still "
			    "ships it",
			    h->path, h->kind, label, note, what, gone + 1, label);
		img_origin_attach(ctx, h->layer);
		free(note);
		free(obj);
		free(label);
	}
}

/* IM014 */
void img_check_git_dirs(struct vakt_check_ctx *ctx)
{
	const struct img_scan *s = model(ctx);
	struct vakt_buf path = VAKT_BUF_INIT;

	for (size_t id = 1; id < img_view_count(s->view); id++) {
		struct img_node_info in;
		char *obj, *note;

		img_view_info(s->view, (long)id, &in);
		if (in.removed >= 0 || in.type != IMG_T_DIR ||
		    strcmp(img_view_name(s->view, (long)id), ".git"))
			continue;
		obj = node_object(s, (long)id, &in, &path);
		note = img_origin_note(s, in.changed);
		vakt_check_emit(ctx, NULL, obj,
		                "git repository %s is in the image: its history may hold "
		                "secrets and source code%s",
		                vakt_buf_str(&path), note);
		img_origin_attach(ctx, in.changed);
		free(note);
		free(obj);
	}
	vakt_buf_release(&path);
}

bool img_env_file_name(const char *n)
{
	static const char *const samples[] = {".example", ".sample", ".template", ".dist",
	                                      ".defaults"};

	if (!strcmp(n, ".env"))
		return true;
	if (!vakt_starts_with(n, ".env."))
		return false;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(samples); i++)
		if (vakt_ends_with(n, samples[i]))
			return false;
	return true;
}

/* IM015 */
void img_check_env_files(struct vakt_check_ctx *ctx)
{
	const struct img_scan *s = model(ctx);
	struct vakt_buf path = VAKT_BUF_INIT;

	for (size_t id = 1; id < img_view_count(s->view); id++) {
		struct img_node_info in;
		char *obj, *note;

		img_view_info(s->view, (long)id, &in);
		if (!is_file(&in) || !img_env_file_name(img_view_name(s->view, (long)id)))
			continue;
		obj = node_object(s, (long)id, &in, &path);
		note = img_origin_note(s, in.changed);
		vakt_check_emit(ctx, NULL, obj,
		                "environment file %s is in the image: such files hold "
		                "configuration secrets%s",
		                vakt_buf_str(&path), note);
		img_origin_attach(ctx, in.changed);
		free(note);
		free(obj);
	}
	vakt_buf_release(&path);
}

static void human_size(uint64_t n, char *out, size_t len)
{
	if (n >= 1024ull * 1024 * 1024)
		snprintf(out, len, "%.1f GiB", (double)n / (1024.0 * 1024 * 1024));
	else if (n >= 1024 * 1024)
		snprintf(out, len, "%.1f MiB", (double)n / (1024.0 * 1024));
	else if (n >= 1024)
		snprintf(out, len, "%.1f KiB", (double)n / 1024.0);
	else
		snprintf(out, len, "%llu bytes", (unsigned long long)n);
}

/* IM017 */
void img_check_big_layers(struct vakt_check_ctx *ctx)
{
	const struct img_scan *s = model(ctx);
	size_t top[IMG_BIG_LAYERS];
	size_t n = 0;

	if (s->img->format == IMG_FORMAT_ROOTFS)
		return;
	/* Insertion into a short sorted list: biggest first, earlier layer on ties. */
	for (size_t i = 0; i < s->img->n_layers; i++) {
		size_t k = n < IMG_BIG_LAYERS ? n++ : IMG_BIG_LAYERS;

		while (k > 0 && s->img->layers[top[k - 1]].unpacked < s->img->layers[i].unpacked) {
			if (k < IMG_BIG_LAYERS)
				top[k] = top[k - 1];
			k--;
		}
		if (k < IMG_BIG_LAYERS)
			top[k] = i;
	}
	for (size_t i = 0; i < n; i++) {
		const struct img_layer *l = &s->img->layers[top[i]];
		char un[32], st[32], obj[32];
		char *note = step_note(s, (int)top[i]);

		human_size(l->unpacked, un, sizeof(un));
		human_size(l->size, st, sizeof(st));
		snprintf(obj, sizeof(obj), "layer %zu", top[i] + 1);
		vakt_check_emit(ctx, NULL, obj,
		                "layer %zu is the %s biggest: %s unpacked, %s stored (%s)%s",
		                top[i] + 1,
		                i == 0   ? "1st"
		                : i == 1 ? "2nd"
		                         : "3rd",
		                un, st, img_compression_name(l->compression), note);
		img_origin_attach(ctx, (int)top[i]);
		free(note);
	}
}

/* IM018 */
void img_check_big_files(struct vakt_check_ctx *ctx)
{
	const struct img_scan *s = model(ctx);
	struct vakt_buf path = VAKT_BUF_INIT;
	long top[IMG_BIG_FILES];
	uint64_t size[IMG_BIG_FILES];
	size_t n = 0;

	for (size_t id = 1; id < img_view_count(s->view); id++) {
		struct img_node_info in;
		size_t k;

		img_view_info(s->view, (long)id, &in);
		if (in.removed >= 0 || in.type != IMG_T_FILE || in.size < IMG_BIG_FILE_MIN)
			continue;
		k = n < IMG_BIG_FILES ? n++ : IMG_BIG_FILES;
		while (k > 0 && size[k - 1] < in.size) {
			if (k < IMG_BIG_FILES) {
				top[k] = top[k - 1];
				size[k] = size[k - 1];
			}
			k--;
		}
		if (k < IMG_BIG_FILES) {
			top[k] = (long)id;
			size[k] = in.size;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct img_node_info in;
		char hs[32];
		char *obj, *note;

		img_view_info(s->view, top[i], &in);
		obj = node_object(s, top[i], &in, &path);
		human_size(in.size, hs, sizeof(hs));
		note = img_origin_note(s, in.changed);
		vakt_check_emit(ctx, NULL, obj, "%s is %s%s", vakt_buf_str(&path), hs, note);
		img_origin_attach(ctx, in.changed);
		free(note);
		free(obj);
	}
	vakt_buf_release(&path);
}

/* IM019 */
void img_check_unsafe_entries(struct vakt_check_ctx *ctx)
{
	const struct img_scan *s = model(ctx);

	for (size_t i = 0; i < s->n_unsafe; i++) {
		const struct img_unsafe_entry *u = &s->unsafe[i];
		char *label = img_layer_label(s, u->layer);
		char *obj = vakt_xasprintf("%s: %s", label, u->name);
		char *note = img_origin_note(s, u->layer);

		if (u->link)
			vakt_check_emit(
			    ctx, NULL, obj,
			    "entry '%s' is a hard link to '%s', outside the image root%s", u->name,
			    u->link, note);
		else
			vakt_check_emit(
			    ctx, NULL, obj,
			    "entry '%s' points outside the image root (path traversal)%s", u->name,
			    note);
		img_origin_attach(ctx, u->layer);
		free(note);
		free(obj);
		free(label);
	}
	if (s->unsafe_dropped) {
		vakt_check_emit(ctx, NULL, "layers",
		                "%zu more entries point outside the image root", s->unsafe_dropped);
	}
}
