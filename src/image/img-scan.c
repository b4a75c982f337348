/* SPDX-License-Identifier: MIT */
/*
 * `vakt image` in the library: open, walk every layer once with a visitor
 * that records what the rules need (secrets seen in any layer's version of
 * a file, entries that escape the root, package databases as each layer
 * wrote them), then run the image rules and the shared post-processing.
 * Cleanup style: a single `goto out`.
 */
#include <errno.h>
#include <stdarg.h>

#include "core/check.h"
#include "img-priv.h"
#include "img-apps.h"
#include "pkg/pkg-app.h"
#include "img-scan.h"
#include "img-vulns.h"
#include "knowledge/secrets.h"

/* Bytes looked at for a NUL to call a file binary. */
#define SCAN_BINARY_PROBE 8192
/* Distinct secrets recorded per file version. */
#define SCAN_HITS_PER_FILE 8

/* Directories whose files are never scanned for secrets: documentation and data, no config. */
static const char *const secret_skip_prefixes[] = {
    "usr/share/doc/",
    "usr/share/man/",
    "usr/share/info/",
    "usr/share/locale/",
    "usr/share/i18n/",
    "usr/share/zoneinfo/",
    "usr/share/common-licenses/",
    "usr/include/",
    "usr/share/ca-certificates/",
    "etc/ssl/certs/",
    "var/lib/dpkg/info/",
    "usr/share/mime/",
    "usr/share/terminfo/",
    "usr/lib/locale/",
};

/* Credential files recognised by their path (the end of it). */
static const struct {
	const char *suffix; /* matched at the end of the path, at a '/' boundary */
	enum img_secret_class cls;
	const char *kind;
	const char *needle; /* content that must be present, or NULL */
} credential_files[] = {
    {".aws/credentials", IMG_SECRET_CLOUD, "AWS credentials file", NULL},
    {".config/gcloud/credentials.db", IMG_SECRET_CLOUD, "Google Cloud credentials", NULL},
    {".config/gcloud/application_default_credentials.json", IMG_SECRET_CLOUD,
     "Google Cloud credentials", NULL},
    {".config/gcloud/access_tokens.db", IMG_SECRET_CLOUD, "Google Cloud tokens", NULL},
    {".azure/accessTokens.json", IMG_SECRET_CLOUD, "Azure CLI tokens", NULL},
    {".azure/msal_token_cache.json", IMG_SECRET_CLOUD, "Azure CLI tokens", NULL},
    {".kube/config", IMG_SECRET_CLOUD, "Kubernetes client credentials", NULL},
    {".docker/config.json", IMG_SECRET_TOKEN, "registry credentials", "\"auth\""},
    {".git-credentials", IMG_SECRET_TOKEN, "git credentials", NULL},
    {".netrc", IMG_SECRET_TOKEN, "netrc password", "password"},
    {".npmrc", IMG_SECRET_TOKEN, "npm token", "_authToken"},
    {".pypirc", IMG_SECRET_TOKEN, "PyPI password", "password"},
};

/* Kinds from knowledge/secrets.h that are cloud credentials. */
static const char *const cloud_kinds[] = {
    "AWS access key id",
    "Google API key",
    "Azure storage account key",
    "DigitalOcean token",
};

/*
 * Files kept in memory for after the walk (package databases and the OS are
 * read from them); the package databases only when os_packages.
 */
static bool keep_path(const char *path, bool os_packages)
{
	for (size_t i = 0; i < pkg_os_sources_n; i++)
		if (!strcmp(path, pkg_os_sources[i].path))
			return true;
	for (size_t i = 0; i < pkg_db_sources_n && os_packages; i++) {
		const char *p = pkg_db_sources[i].path;
		size_t n = strlen(p);

		if (n && p[n - 1] == '/') {
			if (!strncmp(path, p, n) && !strchr(path + n, '/') &&
			    pkg_dpkg_status_d_wanted(path + n))
				return true;
		} else if (!strcmp(path, p)) {
			return true;
		}
	}
	return !strcmp(path, "etc/passwd") || !strcmp(path, "etc/group");
}

static const char *path_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static bool path_ends_with(const char *path, const char *suffix)
{
	size_t n = strlen(path), k = strlen(suffix);

	return n >= k && !strcmp(path + n - k, suffix) && (n == k || path[n - k - 1] == '/');
}

struct pkg_snap {
	const struct pkg_db_source *src;
	int layer;
	struct pkg_list list;
};

struct pkg_state {
	struct pkg_snap *v;
	size_t n, cap;
	struct vakt_strv dir_files; /* status.d files seen */
};

struct visit {
	struct img_scan *s;
	const struct img_scan_opts *o;
	char *buf;
	size_t cap;
	struct vakt_buf path; /* real_path()'s result */
};

static void hit_add(struct img_scan *s, int layer, const char *path, enum img_secret_class cls,
                    const char *kind, char *shown)
{
	/* One sighting per file version and class is enough to report it. */
	for (size_t i = s->n_hits; i-- > 0 && s->hits[i].layer == layer;) {
		if (s->hits[i].cls == cls && !strcmp(s->hits[i].path, path)) {
			free(shown);
			return;
		}
	}
	if (s->n_hits >= IMG_MAX_SECRET_HITS) {
		s->hits_dropped++;
		free(shown);
		return;
	}
	s->hits = vakt_grow(s->hits, sizeof(*s->hits), s->n_hits + 1, &s->cap_hits);
	s->hits[s->n_hits++] = (struct img_secret_hit){layer, vakt_xstrdup(path), kind, shown, cls};
}

static enum img_secret_class kind_class(const char *kind)
{
	if (!strcmp(kind, "private key"))
		return IMG_SECRET_PRIVATE_KEY;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cloud_kinds); i++)
		if (!strcmp(kind, cloud_kinds[i]))
			return IMG_SECRET_CLOUD;
	return IMG_SECRET_TOKEN;
}

/*
 * Read the entry's next bytes into v->buf after the got already there, up
 * to max in all; returns the length or a negative error.
 */
static ssize_t read_content(struct visit *v, struct img_reader *r, size_t got, size_t max)
{
	if (v->cap < max + 1) {
		v->cap = max + 1;
		v->buf = vakt_xrealloc(v->buf, v->cap);
	}
	while (got < max) {
		ssize_t n = img_reader_read(r, v->buf + got, max - got);

		if (n < 0)
			return n;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	v->buf[got] = '\0';
	return (ssize_t)got;
}

/*
 * Where the entry's file really is: a layer may write through a symbolic
 * link among the parents (lib/app/id_rsa over a usr-merged lib -> usr/lib
 * lands in usr/lib/app), and every later lookup (still in the final image?
 * deleted?) must use that path. Valid until the next call.
 */
static const char *real_path(struct visit *v, const struct img_entry *e)
{
	long id = img_view_locate(v->s->view, e->path);

	if (id <= 0)
		return e->path;
	img_view_path(v->s->view, id, &v->path);
	return vakt_buf_str(&v->path);
}

static void scan_secrets(struct visit *v, const struct img_entry *e, const char *data, size_t len)
{
	size_t pos = 0, probe = len < SCAN_BINARY_PROBE ? len : SCAN_BINARY_PROBE;
	int found = 0;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(credential_files); i++)
		if (path_ends_with(e->path, credential_files[i].suffix) &&
		    (!credential_files[i].needle || memmem(data, len, credential_files[i].needle,
		                                           strlen(credential_files[i].needle))))
			hit_add(v->s, e->layer, real_path(v, e), credential_files[i].cls,
			        credential_files[i].kind, NULL);
	if (memchr(data, '\0', probe))
		return; /* binary */
	while (pos < len && found < SCAN_HITS_PER_FILE) {
		const char *kind = NULL;
		size_t off = 0, mlen = 0;

		if (vakt_secret_value_match(data + pos, len - pos, &kind, &off, &mlen) != 1)
			break;
		hit_add(v->s, e->layer, real_path(v, e), kind_class(kind), kind,
		        vakt_secret_redact(data + pos + off, mlen));
		pos += off + (mlen ? mlen : 1);
		found++;
	}
}

static bool secret_skipped(const char *path)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(secret_skip_prefixes); i++)
		if (vakt_starts_with(path, secret_skip_prefixes[i]))
			return true;
	return false;
}

/* A package database as this layer wrote it: parse it for layer attribution. */
static void pkg_snapshot(struct img_scan *s, const char *path, const char *data, size_t len,
                         int layer)
{
	struct pkg_state *ps = s->pkg_state;

	for (size_t i = 0; i < pkg_db_sources_n; i++) {
		const struct pkg_db_source *src = &pkg_db_sources[i];
		size_t n = strlen(src->path);
		struct pkg_snap *sn;

		if (n && src->path[n - 1] == '/') {
			if (!strncmp(path, src->path, n))
				vakt_strv_push(&ps->dir_files, path);
			continue;
		}
		if (strcmp(path, src->path))
			continue;
		ps->v = vakt_grow(ps->v, sizeof(*ps->v), ps->n + 1, &ps->cap);
		sn = &ps->v[ps->n];
		memset(sn, 0, sizeof(*sn));
		sn->src = src;
		sn->layer = layer;
		/* A snapshot that does not parse only loses the layer attribution. */
		if (src->parse(path, data, len, &sn->list, NULL) < 0)
			pkg_list_release(&sn->list);
		ps->n++;
	}
}

/*
 * An ELF executable too big to read whole (got bytes of it in v->buf):
 * streamed through a buffer of IMG_APPS_CHUNK bytes for Go's build
 * information, never held.
 */
static void stream_binary(struct visit *v, const struct img_entry *e, struct img_reader *r,
                          size_t got)
{
	struct img_apps_stream *st = img_apps_stream_new();

	img_apps_stream_feed(st, v->buf, got);
	if (v->cap < IMG_APPS_CHUNK) {
		v->cap = IMG_APPS_CHUNK;
		v->buf = vakt_xrealloc(v->buf, v->cap);
	}
	while (!img_apps_stream_done(st)) {
		ssize_t n = img_reader_read(r, v->buf, IMG_APPS_CHUNK);

		if (n < 0) {
			img_apps_stream_free(st);
			return; /* the walk reports the broken stream */
		}
		if (n == 0)
			break;
		img_apps_stream_feed(st, v->buf, (size_t)n);
	}
	img_apps_visit_stream(v->s->apps, e, real_path(v, e), st, &v->s->app_warnings);
	img_apps_stream_free(st);
}

static int visit_entry(void *data, const struct img_entry *e, bool unsafe, const char *raw,
                       struct img_reader *r, struct vakt_error **err)
{
	struct visit *v = data;
	struct img_scan *s = v->s;
	bool keep, scan;
	size_t max, app, got = 0;
	ssize_t n;

	(void)err;
	if (unsafe) {
		if (s->n_unsafe >= IMG_MAX_UNSAFE) {
			s->unsafe_dropped++;
			return 0;
		}
		s->unsafe =
		    vakt_grow(s->unsafe, sizeof(*s->unsafe), s->n_unsafe + 1, &s->cap_unsafe);
		s->unsafe[s->n_unsafe++] = (struct img_unsafe_entry){
		    e->layer, vakt_xstrdup(raw),
		    e->type == IMG_T_HARDLINK ? vakt_xstrdup(e->link) : NULL};
		return 0;
	}
	if (!r || e->sparse)
		return 0;
	/* A .env deleted later is still shipped (IM016); its name is enough. */
	if (!v->o->no_secrets && img_env_file_name(path_base(e->path)))
		hit_add(s, e->layer, real_path(v, e), IMG_SECRET_ENV_FILE, "environment file",
		        NULL);
	keep = !v->o->no_packages && keep_path(e->path, !v->o->no_os_packages);
	scan = !v->o->no_secrets && e->size <= IMG_MAX_SCAN_FILE && !secret_skipped(e->path);
	app = v->o->no_packages || v->o->no_app_packages ? 0 : img_apps_wanted(e);
	if (!keep && !scan && !app)
		return 0;
	max = keep ? IMG_MAX_KEPT_FILE : IMG_MAX_SCAN_FILE;
	if (app > max)
		max = app;
	if (app && !keep && !scan && img_apps_by_content(e)) {
		/* Read only for build information: the ELF header first, the rest if it is one. */
		n = read_content(v, r, 0, IMG_APPS_PROBE);
		if (n < 0 || !img_apps_binary(v->buf, (size_t)n))
			return 0;
		got = (size_t)n;
	}
	if (e->size > max) {
		/* A lock file or a binary too big to read is said, not passed over silently. */
		if (app && (got || pkg_app_kind_of(e->path) != PKG_APP_NONE))
			img_apps_refuse(e, real_path(v, e), max, &s->app_warnings);
		return 0;
	}
	if (got && e->size > IMG_APPS_WHOLE_BINARY) {
		stream_binary(v, e, r, got);
		return 0;
	}
	n = read_content(v, r, got, (size_t)e->size);
	if (n < 0)
		return 0; /* the walk reports the broken stream */
	if (scan)
		scan_secrets(v, e, v->buf, (size_t)n);
	if (app)
		img_apps_visit(s->apps, e, real_path(v, e), v->buf, (size_t)n, &s->app_warnings);
	if (keep) {
		long id = img_view_locate(s->view, e->path);

		pkg_snapshot(s, e->path, v->buf, (size_t)n, e->layer);
		if (id >= 0) {
			char *copy = vakt_xmalloc((size_t)n + 1);

			memcpy(copy, v->buf, (size_t)n + 1);
			(void)img_view_keep(s->view, id, copy, (size_t)n);
		}
	}
	return 0;
}

static void visit_progress(void *data, const struct img_progress *p)
{
	struct visit *v = data;

	if (v->o->progress)
		v->o->progress(v->o->progress_data, p);
}

char *img_layer_label(const struct img_scan *s, int layer)
{
	if (s->img->format == IMG_FORMAT_ROOTFS)
		return vakt_xstrdup("rootfs");
	return vakt_xasprintf("layer %d", layer + 1);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Move the packages of from to the end of to. */
static void pkgs_take(struct pkg_list *to, struct pkg_list *from)
{
	for (size_t i = 0; i < from->n; i++)
		*pkg_list_add(to) = from->v[i];
	free(from->v);
	memset(from, 0, sizeof(*from));
}

static void pkg_error(struct img_scan *s, struct vakt_error *err)
{
	vakt_error_prefix(err, "'%s'", s->img->path);
	vakt_error_list_add(&s->pkg_errors, err);
}

/* The distribution and the packages, from the final view. */
static void packages_read(struct img_scan *s)
{
	struct pkg_state *ps = s->pkg_state;
	bool rootfs = s->img->format == IMG_FORMAT_ROOTFS;

	for (size_t i = 0; i < pkg_os_sources_n && !s->has_os; i++) {
		size_t len = 0;
		const char *d = img_view_kept(s->view, pkg_os_sources[i].path, &len);
		struct pkg_os os = {0};

		if (d && pkg_os_sources[i].parse(pkg_os_sources[i].path, d, len, &os, NULL) == 0) {
			s->os = os;
			s->has_os = true;
		} else if (d) {
			pkg_os_release(&os);
		}
	}
	for (size_t i = 0; i < pkg_db_sources_n; i++) {
		const struct pkg_db_source *src = &pkg_db_sources[i];
		size_t n = strlen(src->path);
		struct pkg_list tmp = {0};
		struct vakt_error *err = NULL;

		if (n && src->path[n - 1] == '/') {
			/* One file per package: each file's layer is the package's. */
			if (ps->dir_files.n > 1)
				qsort(ps->dir_files.v, ps->dir_files.n, sizeof(char *), str_cmp);
			for (size_t k = 0; k < ps->dir_files.n; k++) {
				const char *p = ps->dir_files.v[k];
				size_t len = 0, from = tmp.n;
				const char *d;
				long id;
				struct img_node_info info;

				if (!vakt_starts_with(p, src->path) ||
				    (k && !strcmp(p, ps->dir_files.v[k - 1])))
					continue;
				d = img_view_kept(s->view, p, &len);
				id = img_view_lookup(s->view, p);
				if (!d || id < 0)
					continue;
				img_view_info(s->view, id, &info);
				if (info.removed >= 0)
					continue;
				if (src->parse(p, d, len, &tmp, &err) < 0) {
					pkg_error(s, err);
					err = NULL;
					continue;
				}
				pkg_list_set_layer(&tmp, from, rootfs ? -1 : info.changed);
			}
			pkgs_take(&s->pkgs, &tmp);
			continue;
		}
		{
			size_t len = 0;
			const char *d = img_view_kept(s->view, src->path, &len);
			struct pkg_list *snaps;
			int *layers;
			size_t ns = 0;

			if (!d)
				continue;
			if (src->parse(src->path, d, len, &tmp, &err) < 0) {
				/* A parser that fails keeps no package, but may keep its array. */
				pkg_list_release(&tmp);
				pkg_error(s, err);
				continue;
			}
			snaps = vakt_xcalloc(ps->n + 1, sizeof(*snaps));
			layers = vakt_xcalloc(ps->n + 1, sizeof(*layers));
			for (size_t k = 0; k < ps->n; k++) {
				if (ps->v[k].src != src)
					continue;
				snaps[ns] = ps->v[k].list;
				layers[ns++] = ps->v[k].layer;
			}
			if (!rootfs)
				pkg_list_assign_layers(&tmp, snaps, layers, ns);
			free(snaps);
			free(layers);
			pkgs_take(&s->pkgs, &tmp);
		}
	}
	img_apps_settle(s->apps, s->view, rootfs, &s->pkgs);
	pkg_list_set_purls(&s->pkgs, s->has_os ? &s->os : NULL);
	pkg_list_sort(&s->pkgs);
}

static void pkg_state_free(struct pkg_state *ps)
{
	if (!ps)
		return;
	for (size_t i = 0; i < ps->n; i++)
		pkg_list_release(&ps->v[i].list);
	free(ps->v);
	vakt_strv_release(&ps->dir_files);
	free(ps);
}

void img_warn(struct vakt_error_list *w, int code, const char *fmt, ...)
{
	struct vakt_error *e = NULL;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set(&e, code, "%s", msg);
	free(msg);
	vakt_error_list_add(w, e);
}

void img_scan_free(struct img_scan *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_hits; i++) {
		free(s->hits[i].path);
		free(s->hits[i].shown);
	}
	free(s->hits);
	for (size_t i = 0; i < s->n_unsafe; i++) {
		free(s->unsafe[i].name);
		free(s->unsafe[i].link);
	}
	free(s->unsafe);
	pkg_list_release(&s->pkgs);
	if (s->has_os)
		pkg_os_release(&s->os);
	vakt_error_list_release(&s->pkg_errors);
	pkg_state_free(s->pkg_state);
	img_apps_free(s->apps);
	vakt_error_list_release(&s->app_warnings);
	img_vulns_free(s->vulns);
	img_origin_state_free(s->origin);
	img_view_free(s->view);
	img_image_free(s->img);
	free(s);
}

static void run_rules(struct img_scan *s, const struct img_scan_opts *o, struct vakt_findings *out)
{
	struct vakt_check_ctx ctx = {.model = s, .file = s->img->path, .opts = o->scan, .out = out};

	vakt_rules_run(&ctx, &image_domain, VAKT_SCOPE_UNIT);
}

/*
 * A root filesystem (no image manifest) must look like one: every exported
 * container and unpacked image has /etc, /usr, /bin or /lib. An empty
 * archive or a source tree given by mistake is said to be what it is, not
 * passed as a clean image.
 */
static bool rootfs_recognised(const struct img_scan *s, struct vakt_error **err)
{
	static const char *const dirs[] = {"etc", "usr", "bin", "sbin", "lib", "var"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(dirs); i++)
		if (img_view_lookup(s->view, dirs[i]) >= 0)
			return true;
	if (!img_view_present(s->view))
		vakt_error_set(err, -ENODATA,
		               "'%s' is empty: no image (no manifest.json or index.json) and no "
		               "files",
		               s->img->path);
	else
		vakt_error_set(err, -EINVAL,
		               "'%s' is not an image: no manifest.json or index.json, and not a "
		               "root filesystem (no etc, usr, bin or lib directory at its top)",
		               s->img->path);
	return false;
}

void img_scan_path(const char *path, const struct img_scan_opts *o, struct vakt_scan_result *res,
                   struct img_scan **model)
{
	struct img_scan *s = vakt_xcalloc(1, sizeof(*s));
	struct visit v = {.s = s, .o = o};
	struct img_visitor vis = {visit_entry, NULL, visit_progress, &v};
	struct vakt_findings fresh = {0};
	struct vakt_error *err = NULL;
	double t0 = vakt_now();

	if (model)
		*model = NULL;
	s->pkg_state = vakt_xcalloc(1, sizeof(struct pkg_state));
	s->apps = img_apps_new();
	if (img_open(path, &o->open, &s->img, &err) < 0)
		goto out;
	s->view = img_view_new();
	if (img_image_walk(s->img, &o->open, s->view, &vis, &err) < 0) {
		if (!err)
			vakt_error_set(&err, -EIO, "cannot read the image");
		res->files_scanned++;
		vakt_strv_push(&res->files, s->img->path);
		goto out;
	}
	/* Not an image at all: an error, and nothing counted as scanned. */
	if (s->img->format == IMG_FORMAT_ROOTFS && !rootfs_recognised(s, &err))
		goto out;
	res->files_scanned++;
	vakt_strv_push(&res->files, s->img->path);
	if (s->img->skipped.n) {
		struct vakt_buf what = VAKT_BUF_INIT;

		for (size_t i = 0; i < s->img->skipped.n; i++)
			vakt_buf_addf(&what, "%s%s", i ? ", " : "", s->img->skipped.v[i]);
		img_warn(&res->warnings, -EXDEV,
		         "'%s': left out kernel pseudo filesystems, whose files are the kernel's "
		         "state: %s",
		         s->img->path, vakt_buf_str(&what));
		vakt_buf_release(&what);
	}
	if (!o->no_packages) {
		packages_read(s);
		for (size_t i = 0; i < s->app_warnings.n; i++) {
			/* A warning at a file's line names the file (in the image) already. */
			if (!s->app_warnings.v[i]->file)
				vakt_error_prefix(s->app_warnings.v[i], "'%s'", s->img->path);
			vakt_error_list_add(&res->warnings, s->app_warnings.v[i]);
		}
		s->app_warnings.n = 0;
		img_vulns_read(s, &o->vuln, vakt_registry_find("IM020"), res);
	}
	if (o->dockerfile)
		img_origin_build(s, o->dockerfile, &res->warnings);
	run_rules(s, o, &fresh);
	vakt_scan_settle(&fresh, o->scan, res);
	/* Expired entries only: a project's ignores are mostly for what vakt scan reads. */
	vakt_scan_warn_ignores(res, o->scan, false, NULL);
out:
	if (err) {
		/* Every message names the input once. */
		const char *shown = strcmp(path, "-") ? path : IMG_STDIN_NAME;

		if (!strstr(err->msg, shown))
			vakt_error_prefix(err, "'%s'", shown);
		vakt_error_list_add(&res->errors, err);
	}
	vakt_findings_release(&fresh);
	free(v.buf);
	vakt_buf_release(&v.path);
	vakt_findings_sort(&res->findings);
	res->elapsed = vakt_now() - t0;
	if (model && !err) {
		*model = s;
		s = NULL;
	}
	img_scan_free(s);
}
