/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the npm, yarn, pnpm, Composer and RubyGems readers
 * (pkg-app-js.h): packages under the ceilings, folding repeats, and JSON
 * with key lines.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/pkg-app-js.h"
#include "pkg/pkg-priv.h"

int pkg_app_js_check_size(const char *path, size_t len, const char *what, struct vakt_error **err)
{
	if (len > PKG_APP_MAX_FILE)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0,
		                         "%s of %zu bytes is larger than %u bytes", what, len,
		                         PKG_APP_MAX_FILE);
	return 0;
}

int pkg_app_js_add(struct pkg_list *out, size_t start, enum pkg_type t, const char *path,
                   const char *name, size_t nn, const char *version, size_t vn, int line,
                   struct pkg **pp, struct vakt_error **err)
{
	struct pkg *p;

	if (out->n - start >= PKG_APP_MAX_PACKAGES)
		return vakt_error_set_at(err, -E2BIG, path, line, 0,
		                         "more than %d packages in one file", PKG_APP_MAX_PACKAGES);
	/* text with NUL bytes is not a lock file (and the copies would be cut short) */
	if (!nn || !vn || memchr(name, '\0', nn) || memchr(version, '\0', vn))
		return vakt_error_set_at(
		    err, -EINVAL, path, line, 0,
		    "an empty name or version, or one with a NUL byte; expected "
		    "a package name and version");
	p = pkg_list_add(out);
	p->type = t;
	p->name = vakt_xstrndup(name, nn);
	p->version = vakt_xstrndup(version, vn);
	p->found_in = vakt_xstrdup(path);
	p->line = line;
	*pp = p;
	return 0;
}

static int fold_cmp(const void *a, const void *b)
{
	const struct pkg *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (!c)
		c = strcmp(x->version, y->version);
	if (!c)
		c = (x->line > y->line) - (x->line < y->line);
	return c;
}

void pkg_app_js_fold(struct pkg_list *out, size_t start)
{
	size_t w = start;

	if (out->n - start < 2)
		return;
	qsort(out->v + start, out->n - start, sizeof(*out->v), fold_cmp);
	for (size_t i = start; i < out->n; i++) {
		struct pkg *p = &out->v[i];

		if (w > start && !strcmp(out->v[w - 1].name, p->name) &&
		    !strcmp(out->v[w - 1].version, p->version)) {
			struct pkg *keep = &out->v[w - 1];

			if (p->scope == PKG_SCOPE_DIRECT ||
			    (keep->scope == PKG_SCOPE_UNKNOWN && p->scope != PKG_SCOPE_UNKNOWN))
				keep->scope = p->scope;
			keep->dev = keep->dev && p->dev;
			if (!keep->license && p->license) {
				keep->license = p->license;
				p->license = NULL;
			}
			pkg_release(p);
			continue;
		}
		if (w != i) {
			out->v[w] = *p;
			memset(p, 0, sizeof(*p));
		}
		w++;
	}
	out->n = w;
}

/* --- JSON --------------------------------------------------------------- */

/*
 * One pass over the text before jansson sees it: nesting deeper than
 * PKG_APP_MAX_DEPTH is refused (jansson would recurse up to 2048 levels),
 * and the line of every key (a string followed by ':') is recorded. On
 * text that is not JSON the lines may be off; jansson refuses it then.
 */
static int json_scan(const char *path, const char *s, size_t n, const char *what,
                     struct pkg_app_json *j, struct vakt_error **err)
{
	size_t depth = 0, cap = 0;
	int line = 1, col0 = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\n') {
			line++;
			col0 = (int)i + 1;
		} else if (c == '"') {
			int at = line;
			size_t k;

			for (i++; i < n && s[i] != '"'; i++) {
				if (s[i] == '\\')
					i++;
				else if (s[i] == '\n')
					line++; /* invalid JSON: jansson says so */
			}
			for (k = i + 1;
			     k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n');
			     k++)
				;
			if (k < n && s[k] == ':') {
				j->key_lines = vakt_grow(j->key_lines, sizeof(*j->key_lines),
				                         j->n_keys + 1, &cap);
				j->key_lines[j->n_keys++] = at;
			}
		} else if (c == '{' || c == '[') {
			if (++depth > PKG_APP_MAX_DEPTH)
				return vakt_error_set_at(
				    err, -EINVAL, path, line, (int)(i - (size_t)col0) + 1,
				    "nested deeper than %d levels; expected %s", PKG_APP_MAX_DEPTH,
				    what);
		} else if ((c == '}' || c == ']') && depth) {
			depth--;
		}
	}
	return 0;
}

int pkg_app_json_load(const char *path, const char *data, size_t len, const char *what,
                      struct pkg_app_json *j, struct vakt_error **err)
{
	json_error_t je;
	int rc;

	memset(j, 0, sizeof(*j));
	rc = pkg_app_js_check_size(path, len, what, err);
	if (!rc)
		rc = json_scan(path, data, len, what, j, err);
	if (rc) {
		pkg_app_json_release(j);
		return rc;
	}
	/* Duplicate keys would make the file mean two things (and shift the key lines). */
	j->root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!j->root) {
		pkg_app_json_release(j);
		return vakt_error_set_at(err, -EINVAL, path, je.line > 0 ? je.line : 0,
		                         je.column > 0 ? je.column : 0,
		                         "invalid JSON: %s; expected %s", je.text, what);
	}
	return 0;
}

void pkg_app_json_release(struct pkg_app_json *j)
{
	json_decref(j->root);
	free(j->key_lines);
	memset(j, 0, sizeof(*j));
}

int pkg_app_json_key(struct pkg_app_json_cur *c)
{
	return c->k < c->j->n_keys ? c->j->key_lines[c->k++] : 0;
}

/* Keys inside v (v's own key not counted); depth is bounded by the scan. */
static size_t json_count_keys(const json_t *v)
{
	size_t n = 0, i;
	const char *k;
	json_t *x;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, x) n += 1 + json_count_keys(x);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) n += json_count_keys(x);
	}
	return n;
}

void pkg_app_json_skip(struct pkg_app_json_cur *c, const json_t *v)
{
	c->k += json_count_keys(v);
}

const char *pkg_app_json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "a value";
}
