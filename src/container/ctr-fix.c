/* SPDX-License-Identifier: MIT */
/*
 * The container rules' fixes (ctr-fix.h): each decides on the settings of
 * the finding's container what to write, and asks the domain to write it
 * (struct ctr_fix_ops). A fix that could break the container, or whose
 * place is shared with other containers, is not made: the note says why.
 *
 * - CR001: privileged: false, only with --unsafe.
 * - CR002-CR004: user: "UID:UID" (fix.uid, else 10001).
 * - CR005: cap_drop: [ALL] for a container that does not run as root.
 * - CR007: read_only: true, and a tmpfs at /tmp when nothing is mounted there.
 * - CR008: security_opt: [no-new-privileges:true], replacing a :false.
 * - CR018: the pinned reference fix.images gives for the image.
 * - CR020: a tmpfs at /tmp.
 */
#include <stdlib.h>
#include <string.h>

#include "ctr-fix.h"

/* An entry of by_object: the object path and the index. */
struct by_object {
	const char *object;
	size_t index;
};

static int by_object_cmp(const void *a, const void *b)
{
	const struct by_object *x = a, *y = b;
	int c = strcmp(x->object, y->object);

	return c ? c : x->index < y->index ? -1 : x->index > y->index;
}

size_t *ctr_fix_index(const struct ctr_fix_service *v, size_t n)
{
	struct by_object *t = vakt_xcalloc(n ? n : 1, sizeof(*t));
	size_t *out = vakt_xcalloc(n ? n : 1, sizeof(*out));

	for (size_t i = 0; i < n; i++) {
		t[i].object = v[i].c->object;
		t[i].index = i;
	}
	if (n)
		qsort(t, n, sizeof(*t), by_object_cmp);
	for (size_t i = 0; i < n; i++)
		out[i] = t[i].index;
	free(t);
	return out;
}

/*
 * The next service of m whose object path is object, in index order, or
 * -1; *at is where the search goes on ((size_t)-1 to start).
 */
static size_t next_of(const struct ctr_fix_model *m, const char *object, size_t *at)
{
	size_t i = *at;

	if (!m->by_object) {
		for (i = i == (size_t)-1 ? 0 : i; i < m->n; i++)
			if (!strcmp(m->v[i].c->object, object)) {
				*at = i + 1;
				return i;
			}
		*at = m->n;
		return (size_t)-1;
	}
	if (i == (size_t)-1) {
		/* the first of the object's entries: a binary search */
		size_t lo = 0, hi = m->n;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (strcmp(m->v[m->by_object[mid]].c->object, object) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		i = lo;
	}
	*at = i + 1;
	if (i < m->n && !strcmp(m->v[m->by_object[i]].c->object, object))
		return m->by_object[i];
	*at = m->n;
	return (size_t)-1;
}

size_t ctr_fix_find(const struct ctr_fix_model *m, const char *object, size_t from, size_t to)
{
	size_t at = (size_t)-1, i, found = (size_t)-1;

	while ((i = next_of(m, object, &at)) != (size_t)-1)
		if (i >= from && i < to)
			found = i;
	return found;
}

/*
 * The service of finding f: by object path, and by the lines it is written
 * on when several share one; -1: none.
 */
static size_t service_of(const struct ctr_fix_model *m, const struct vakt_finding *f)
{
	size_t first = (size_t)-1, in = (size_t)-1, n = 0, at = (size_t)-1, i;

	if (!f->loc.object)
		return (size_t)-1;
	while ((i = next_of(m, f->loc.object, &at)) != (size_t)-1) {
		n++;
		if (first == (size_t)-1)
			first = i;
		if (in == (size_t)-1 && f->loc.line >= m->v[i].line &&
		    f->loc.line <= m->v[i].end_line)
			in = i;
	}
	/* A name written twice (compose refuses it) and a place outside both: not known. */
	return in != (size_t)-1 ? in : n == 1 ? first : (size_t)-1;
}

/* The finding's service, or (size_t)-1 with the finding skipped. */
static size_t find(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct ctr_fix_model *m = ctx->model;
	size_t i = m ? service_of(m, f) : (size_t)-1;

	if (i == (size_t)-1)
		vakt_fix_skip(ctx, f, "the container of the finding was not found");
	return i;
}

/* Say what an operation refused, or nothing when it succeeded. */
static void done(struct vakt_fix_ctx *ctx, const struct vakt_finding *f, int r, char *why)
{
	if (r < 0)
		vakt_fix_skip(ctx, f, "%s", why ? why : "the file could not be edited there");
	free(why);
}

static int ensure(struct vakt_fix_ctx *ctx, size_t svc, const char *key, const char *value,
                  const char *note, char **why)
{
	const struct ctr_fix_model *m = ctx->model;

	return m->ops->ensure(m->data, svc, key, value, note, why);
}

static int add_item(struct vakt_fix_ctx *ctx, size_t svc, const char *key, const char *item,
                    const char *note, char **why)
{
	const struct ctr_fix_model *m = ctx->model;

	return m->ops->add_item(m->data, svc, key, item, note, why);
}

/* ---- CR001 privileged --------------------------------------------------------- */

void ctr_fix_privileged(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	size_t i = find(ctx, f);
	char *why = NULL;
	int r;

	if (i == (size_t)-1)
		return;
	if (!ctx->unsafe) {
		vakt_fix_skip(ctx, f,
		              "removing privileged can break the service (the devices and "
		              "capabilities it uses): made only with --unsafe");
		return;
	}
	r = ensure(ctx, i, "privileged", "false",
	           "privileged: false (--unsafe): grant the service the capability or device it "
	           "needs (cap_add, devices) instead",
	           &why);
	done(ctx, f, r, why);
}

/* ---- CR002-CR004 user ----------------------------------------------------------- */

void ctr_fix_user(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct ctr_fix_model *m = ctx->model;
	size_t i = find(ctx, f);
	const struct ctr_settings *c;
	const char *drops = NULL;
	bool configured;
	long uid = vakt_fix_uid(ctx->opts, &configured);
	char *value, *note, *why = NULL;
	int r;

	if (i == (size_t)-1)
		return;
	c = m->v[i].c;
	if (!c->user.text && c->builds) {
		vakt_fix_skip(ctx, f,
		              "the image is built from a local Dockerfile: set its USER there "
		              "(DF001, which vakt fix fixes)");
		return;
	}
	if (!c->user.text && ctr_image_default_user(c, &drops) == CTR_IMAGE_ROOT && drops) {
		vakt_fix_skip(
		    ctx, f,
		    "the image's entrypoint already runs the server as user '%s'; another "
		    "UID needs the data directory owned by it: set user by hand",
		    drops);
		return;
	}
	value = vakt_xasprintf("'%ld:%ld'", uid, uid);
	note = vakt_xasprintf("user: \"%ld:%ld\" (%s); check that the image runs as this UID and "
	                      "owns what it writes (volumes)",
	                      uid, uid,
	                      configured ? "fix.uid in .vakt.yaml"
	                                 : "the default UID; set fix.uid in .vakt.yaml");
	r = ensure(ctx, i, "user", value, note, &why);
	if (r == 0)
		m->user_fixed[i] = true;
	done(ctx, f, r, why);
	free(value);
	free(note);
}

/* ---- CR005 capabilities ----------------------------------------------------------- */

/*
 * Whether the container runs as a user that is not root, as the file says,
 * or as this run made it: in the container, or in one it extends (before
 * one that sets user itself).
 */
static bool runs_non_root(const struct ctr_fix_model *m, size_t i)
{
	const struct ctr_settings *c = m->v[i].c;

	for (size_t k = i, guard = 0; k < m->n && guard <= m->n; k = m->v[k].base, guard++) {
		if (m->user_fixed[k])
			return true;
		if (m->v[k].own_user)
			break;
	}
	if (c->user.text)
		return !c->user.dynamic && !ctr_user_is_root(c->user.text);
	return ctr_image_default_user(c, NULL) == CTR_IMAGE_NONROOT;
}

void ctr_fix_cap_drop(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct ctr_fix_model *m = ctx->model;
	size_t i = find(ctx, f);
	char *why = NULL;
	int r;

	if (i == (size_t)-1)
		return;
	if (!runs_non_root(m, i) && !ctx->unsafe) {
		vakt_fix_skip(
		    ctx, f,
		    "the service may run as root, and an entrypoint that switches users "
		    "(gosu, su-exec, nginx's workers) needs SETUID, SETGID and CHOWN: set "
		    "a numeric non-root user first, or use --unsafe");
		return;
	}
	r = add_item(ctx, i, "cap_drop", "ALL",
	             "cap_drop: [ALL]; cap_add kept as it is: add back only what the service "
	             "needs",
	             &why);
	done(ctx, f, r, why);
}

/* ---- CR007, CR020 read-only root filesystem --------------------------------------- */

/* Whether path is /tmp (with any trailing slashes). */
static bool is_tmp(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	while (n > 1 && path[n - 1] == '/')
		n--;
	return n == 4 && !memcmp(path, "/tmp", 4);
}

/*
 * 1: something is mounted at /tmp (or this run added a tmpfs there to the
 * container or one it extends, whose tmpfs list it joins); -1: a mount is
 * interpolated (it may be); 0: nothing.
 */
static int tmp_mounted(const struct ctr_fix_model *m, size_t k)
{
	const struct ctr_settings *c = m->v[k].c;
	int r = 0;

	for (size_t guard = 0; k < m->n && guard <= m->n; k = m->v[k].base, guard++)
		if (m->tmp_added[k])
			return 1;

	for (size_t i = 0; i < c->n_mounts; i++) {
		if (is_tmp(c->mounts[i].target))
			return 1;
		if (c->mounts[i].dynamic)
			r = -1;
	}
	return r;
}

void ctr_fix_read_only(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct ctr_fix_model *m = ctx->model;
	size_t i = find(ctx, f);
	char *why = NULL;
	int r, tmp;

	if (i == (size_t)-1)
		return;
	tmp = tmp_mounted(m, i);
	/* The tmpfs first: a read-only root without it would only trade CR007 for CR020. */
	if (tmp == 0 &&
	    add_item(ctx, i, "tmpfs", "/tmp", "tmpfs at /tmp for the read-only root", &why) < 0) {
		vakt_fix_skip(ctx, f,
		              "no tmpfs can be added at /tmp, so read_only is left as it is: %s",
		              why);
		free(why);
		return;
	}
	if (tmp == 0)
		m->tmp_added[i] = true;
	r = ensure(ctx, i, "read_only", "true",
	           tmp == 1    ? "read_only: true (/tmp is mounted already); other paths the "
	                         "service writes need a volume or tmpfs"
	           : tmp == -1 ? "read_only: true; no tmpfs at /tmp, as an interpolated mount "
	                         "may be there"
	                       : "read_only: true; paths the service writes besides /tmp need a "
	                         "volume or tmpfs",
	           &why);
	done(ctx, f, r, why);
}

void ctr_fix_tmp(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	size_t i = find(ctx, f);
	char *why = NULL;
	int r;

	if (i == (size_t)-1)
		return;
	r = add_item(ctx, i, "tmpfs", "/tmp", "tmpfs at /tmp", &why);
	if (r == 0)
		((const struct ctr_fix_model *)ctx->model)->tmp_added[i] = true;
	done(ctx, f, r, why);
}

/* ---- CR008 no-new-privileges -------------------------------------------------------- */

void ctr_fix_no_new_privs(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct ctr_fix_model *m = ctx->model;
	size_t i = find(ctx, f);
	const struct ctr_settings *c;
	char *why = NULL;
	int r;

	if (i == (size_t)-1)
		return;
	c = m->v[i].c;
	for (size_t k = 0; k < c->security_opt.n; k++) {
		const struct ctr_str *s = &c->security_opt.v[k];
		size_t n = strcspn(s->text, "=:");

		if (s->dynamic || n != 17 || memcmp(s->text, "no-new-privileges", 17) ||
		    !s->text[n] || ctr_parse_bool(s->text + n + 1) != 0)
			continue;
		r = m->ops->replace(m->data, i, &s->span, "no-new-privileges:true",
		                    "no-new-privileges:true for no-new-privileges:false", &why);
		done(ctx, f, r, why);
		return;
	}
	r = add_item(ctx, i, "security_opt", "no-new-privileges:true",
	             "security_opt: [no-new-privileges:true]", &why);
	done(ctx, f, r, why);
}

/* ---- CR018 image ---------------------------------------------------------------------- */

void ctr_fix_image(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	const struct ctr_fix_model *m = ctx->model;
	size_t i = find(ctx, f);
	const struct ctr_settings *c;
	const char *pin;
	char *value, *why = NULL;
	int r;

	if (i == (size_t)-1)
		return;
	c = m->v[i].c;
	pin = c->image.text && !c->image.dynamic ? vakt_fix_image(ctx->opts, c->image.text) : NULL;
	if (!pin) {
		vakt_fix_skip(
		    ctx, f,
		    "no pinned reference for '%.*s' in fix.images of .vakt.yaml (vakt does "
		    "not guess a version)",
		    CTR_MSG_MAX, c->image.text ? c->image.text : "");
		return;
	}
	/* A single-quoted YAML string: a quote doubled. */
	{
		struct vakt_buf b = VAKT_BUF_INIT;

		vakt_buf_addc(&b, '\'');
		for (const char *p = pin; *p; p++) {
			if (*p == '\'')
				vakt_buf_addc(&b, '\'');
			vakt_buf_addc(&b, *p);
		}
		vakt_buf_addc(&b, '\'');
		value = vakt_buf_detach(&b);
	}
	r = ensure(ctx, i, "image", value, "image pinned as fix.images of .vakt.yaml says", &why);
	free(value);
	done(ctx, f, r, why);
}

/* ---- order ------------------------------------------------------------------------------ */

/* A finding to order: its group (user fixes first), its depth of extends, its place. */
struct order_key {
	int group;
	size_t depth, index;
	const struct vakt_finding *f;
};

static int order_cmp(const void *a, const void *b)
{
	const struct order_key *x = a, *y = b;

	if (x->group != y->group)
		return x->group - y->group;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* How many containers the chain of extends from container s holds (0 for none). */
static size_t depth_of(const struct ctr_fix_model *m, size_t s)
{
	size_t d = 0;

	for (; s < m->n && d <= m->n; s = m->v[s].base)
		d++;
	return d;
}

const struct vakt_finding **ctr_fix_order(const struct ctr_fix_model *m,
                                          const struct vakt_finding *const *todo, size_t n)
{
	const struct vakt_finding **v = vakt_xcalloc(n ? n : 1, sizeof(*v));
	struct order_key *k = vakt_xcalloc(n ? n : 1, sizeof(*k));

	for (size_t i = 0; i < n; i++) {
		k[i].group = !(todo[i]->rule && todo[i]->rule->fix == ctr_fix_user);
		k[i].depth = m ? depth_of(m, service_of(m, todo[i])) : 0;
		k[i].index = i;
		k[i].f = todo[i];
	}
	if (n)
		qsort(k, n, sizeof(*k), order_cmp);
	for (size_t i = 0; i < n; i++)
		v[i] = k[i].f;
	free(k);
	return v;
}
