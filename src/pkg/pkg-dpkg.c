/* SPDX-License-Identifier: MIT */
/*
 * dpkg databases: var/lib/dpkg/status, the status.d/ files of distroless
 * images, and the licence names of machine-readable debian/copyright files.
 * The format is deb822: stanzas of "Field: value" lines separated by blank
 * lines, continuation lines starting with a space or a tab.
 */
#include <errno.h>

#include "pkg/pkg-priv.h"

enum dpkg_field {
	DPKG_PACKAGE,
	DPKG_STATUS,
	DPKG_VERSION,
	DPKG_ARCH,
	DPKG_SOURCE,
	DPKG_BUILT_USING,
	DPKG_STATIC_BUILT_USING,
	DPKG_NFIELDS,
};

static const char *const dpkg_field_names[DPKG_NFIELDS] = {
    [DPKG_PACKAGE] = "Package",
    [DPKG_STATUS] = "Status",
    [DPKG_VERSION] = "Version",
    [DPKG_ARCH] = "Architecture",
    [DPKG_SOURCE] = "Source",
    [DPKG_BUILT_USING] = "Built-Using",
    [DPKG_STATIC_BUILT_USING] = "Static-Built-Using",
};

/* The longest value kept of a field: Go and Rust packages list hundreds of sources. */
static size_t dpkg_field_max(int i)
{
	return i == DPKG_BUILT_USING || i == DPKG_STATIC_BUILT_USING ? PKG_MAX_BUILT_USING
	                                                             : PKG_MAX_FIELD;
}

/* The stanza being read: only the fields vakt keeps. */
struct dpkg_stanza {
	struct vakt_buf f[DPKG_NFIELDS];
	bool seen[DPKG_NFIELDS];
	bool any; /* a field was seen: the stanza has started */
	int line; /* its first line */
};

static int dpkg_field_index(const char *s, size_t n)
{
	for (int i = 0; i < DPKG_NFIELDS; i++)
		if (strlen(dpkg_field_names[i]) == n &&
		    !vakt_strncasecmp(s, dpkg_field_names[i], n))
			return i;
	return -1;
}

static void dpkg_stanza_reset(struct dpkg_stanza *st)
{
	for (int i = 0; i < DPKG_NFIELDS; i++)
		vakt_buf_reset(&st->f[i]);
	memset(st->seen, 0, sizeof(st->seen));
	st->any = false;
	st->line = 0;
}

static void dpkg_stanza_release(struct dpkg_stanza *st)
{
	for (int i = 0; i < DPKG_NFIELDS; i++)
		vakt_buf_release(&st->f[i]);
}

/*
 * Whether a Status value ("want flag state") says the package's files are in
 * place. The selection does not matter: "hold" and "deinstall" packages are
 * installed until dpkg acts on them.
 */
static bool dpkg_status_installed(const char *status)
{
	static const char *const ok[] = {"installed", "triggers-awaited", "triggers-pending"};
	const char *w[3];
	size_t wn[3];
	const char *p = status;
	int n = 0;

	while (*p) {
		while (pkg_is_blank(*p))
			p++;
		if (!*p)
			break;
		if (n == 3)
			return false;
		w[n] = p;
		while (*p && !pkg_is_blank(*p))
			p++;
		wn[n] = (size_t)(p - w[n]);
		n++;
	}
	if (n != 3)
		return false;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(ok); i++)
		if (strlen(ok[i]) == wn[2] && !memcmp(w[2], ok[i], wn[2]))
			return true;
	return false;
}

/* "name" or "name (version)": set p->source and p->source_version. */
static void dpkg_set_source(struct pkg *p, const char *src)
{
	const char *s = src, *e, *open, *close;
	size_t n;

	while (pkg_is_blank(*s))
		s++;
	e = s;
	while (*e && !pkg_is_blank(*e) && *e != '(')
		e++;
	p->source = pkg_dup_or_null(s, (size_t)(e - s));
	open = strchr(e, '(');
	close = open ? strchr(open, ')') : NULL;
	if (close) {
		s = open + 1;
		n = (size_t)(close - s);
		pkg_trim(&s, &n);
		p->source_version = pkg_dup_or_null(s, n);
	}
	if (!p->source)
		p->source = vakt_xstrdup(p->name);
	if (!p->source_version)
		p->source_version = vakt_xstrdup(p->version);
}

/* Built-Using and Static-Built-Using, joined with ", " (both are "src (= version)" lists). */
static void dpkg_set_built_using(struct pkg *p, const struct vakt_buf *bu,
                                 const struct vakt_buf *sbu)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	vakt_buf_add(&b, bu->data, bu->len);
	if (bu->len && sbu->len)
		vakt_buf_adds(&b, ", ");
	vakt_buf_add(&b, sbu->data, sbu->len);
	if (b.len)
		p->built_using = vakt_buf_detach(&b);
	else
		vakt_buf_release(&b);
}

/* Turn a finished stanza into a package when it describes an installed one. */
static int dpkg_stanza_finish(const char *path, struct dpkg_stanza *st, bool status_d,
                              struct pkg_list *out, size_t start, struct vakt_error **err)
{
	const struct vakt_buf *f = st->f;
	struct pkg *p;

	if (!st->any)
		return 0;
	if (!f[DPKG_PACKAGE].len || !f[DPKG_VERSION].len)
		return 0;
	if (st->seen[DPKG_STATUS] ? !dpkg_status_installed(vakt_buf_str(&f[DPKG_STATUS]))
	                          : !status_d)
		return 0;
	if (out->n - start >= PKG_MAX_PACKAGES)
		return vakt_error_set_at(err, -E2BIG, path, st->line, 0,
		                         "more than %d packages in the database", PKG_MAX_PACKAGES);
	p = pkg_list_add(out);
	p->type = PKG_DPKG;
	p->line = st->line;
	p->name = vakt_xstrdup(vakt_buf_str(&f[DPKG_PACKAGE]));
	p->version = vakt_xstrdup(vakt_buf_str(&f[DPKG_VERSION]));
	p->arch = pkg_dup_or_null(f[DPKG_ARCH].data, f[DPKG_ARCH].len);
	dpkg_set_source(p, vakt_buf_str(&f[DPKG_SOURCE]));
	dpkg_set_built_using(p, &f[DPKG_BUILT_USING], &f[DPKG_STATIC_BUILT_USING]);
	return 0;
}

static int dpkg_parse(const char *path, const char *data, size_t len, bool status_d,
                      struct pkg_list *out, struct vakt_error **err)
{
	struct pkg_lines r = {data, len, 0, 0};
	struct dpkg_stanza st;
	size_t start = out->n, n;
	const char *s;
	int cur = -1, rc = 0;

	memset(&st, 0, sizeof(st));
	if (len > PKG_MAX_DB_BYTES)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0,
		                         "package database larger than %u bytes", PKG_MAX_DB_BYTES);
	while (pkg_lines_next(&r, &s, &n)) {
		const char *colon, *v;
		size_t vn;

		if (pkg_line_blank(s, n)) {
			rc = dpkg_stanza_finish(path, &st, status_d, out, start, err);
			if (rc)
				goto out;
			dpkg_stanza_reset(&st);
			cur = -1;
			continue;
		}
		if (pkg_is_blank(s[0])) {
			if (!st.any) {
				rc = vakt_error_set_at(err, -EINVAL, path, r.line, 1,
				                       "continuation line outside a field");
				goto out;
			}
			if (cur < 0)
				continue;
			v = s;
			vn = n;
			pkg_trim(&v, &vn);
			/* " ." stands for an empty line inside multi-line values. */
			if (vn == 1 && v[0] == '.')
				continue;
			if (st.f[cur].len + 1 + vn > dpkg_field_max(cur)) {
				rc = vakt_error_set_at(err, -E2BIG, path, r.line, 1,
				                       "field '%s' longer than %zu bytes",
				                       dpkg_field_names[cur], dpkg_field_max(cur));
				goto out;
			}
			if (st.f[cur].len)
				vakt_buf_addc(&st.f[cur], ' ');
			vakt_buf_add(&st.f[cur], v, vn);
			continue;
		}
		if (s[0] == '#')
			continue;
		colon = memchr(s, ':', n);
		if (!colon || colon == s) {
			rc = vakt_error_set_at(err, -EINVAL, path, r.line, 1,
			                       "expected 'Field: value', got '%.*s'",
			                       (int)(n > 40 ? 40 : n), s);
			goto out;
		}
		if (!st.any) {
			st.any = true;
			st.line = r.line;
		}
		cur = dpkg_field_index(s, (size_t)(colon - s));
		if (cur < 0)
			continue;
		v = colon + 1;
		vn = n - (size_t)(v - s);
		pkg_trim(&v, &vn);
		if (vn > dpkg_field_max(cur)) {
			rc = vakt_error_set_at(err, -E2BIG, path, r.line, 1,
			                       "field '%s' longer than %zu bytes",
			                       dpkg_field_names[cur], dpkg_field_max(cur));
			goto out;
		}
		/* A repeated field replaces the earlier one. */
		vakt_buf_reset(&st.f[cur]);
		vakt_buf_add(&st.f[cur], v, vn);
		st.seen[cur] = true;
	}
	rc = dpkg_stanza_finish(path, &st, status_d, out, start, err);
out:
	dpkg_stanza_release(&st);
	if (rc)
		pkg_list_truncate(out, start);
	return rc;
}

int pkg_dpkg_parse_status(const char *path, const char *data, size_t len, struct pkg_list *out,
                          struct vakt_error **err)
{
	return dpkg_parse(path, data, len, false, out, err);
}

int pkg_dpkg_parse_status_d(const char *path, const char *data, size_t len, struct pkg_list *out,
                            struct vakt_error **err)
{
	return dpkg_parse(path, data, len, true, out, err);
}

bool pkg_dpkg_status_d_wanted(const char *name)
{
	if (!name || !*name || name[0] == '.')
		return false;
	return !vakt_ends_with(name, ".md5sums") && !vakt_ends_with(name, "~") &&
	       !vakt_ends_with(name, ".dpkg-old") && !vakt_ends_with(name, ".dpkg-new");
}

/* --- debian/copyright --------------------------------------------------- */

/* Whether the line [s, s + n) is the field "name:" (case-insensitive). */
static bool copyright_field_is(const char *s, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n > k && s[k] == ':' && !vakt_strncasecmp(s, name, k);
}

/* Add the licence name [s, s + n) to names unless it is there already. */
static void copyright_add(struct vakt_strv *names, const char *s, size_t n)
{
	char *name;

	pkg_trim(&s, &n);
	if (!n || names->n >= PKG_MAX_COPYRIGHT_LICENSES)
		return;
	name = vakt_xstrndup(s, n);
	if (vakt_strv_contains(names, name, false)) {
		free(name);
		return;
	}
	vakt_strv_push_take(names, name);
}

/* Whether s[i..] is the word w (case-insensitive) between blanks or the ends of s. */
static bool copyright_word_at(const char *s, size_t n, size_t i, const char *w)
{
	size_t wn = strlen(w);

	return (i == 0 || pkg_is_blank(s[i - 1])) && i + wn <= n &&
	       (i + wn == n || pkg_is_blank(s[i + wn])) && !vakt_strncasecmp(s + i, w, wn);
}

/* Split a License: expression at "or", "and" and "," into names. */
static void copyright_split(struct vakt_strv *names, const char *s, size_t n)
{
	size_t begin = 0;

	for (size_t i = 0; i <= n; i++) {
		size_t skip = 0;

		if (i == n || s[i] == ',')
			skip = 1;
		else if (copyright_word_at(s, n, i, "or"))
			skip = 2;
		else if (copyright_word_at(s, n, i, "and"))
			skip = 3;
		if (!skip)
			continue;
		copyright_add(names, s + begin, i - begin);
		begin = i + skip;
		i = begin - 1;
	}
}

int pkg_dpkg_parse_copyright(const char *path, const char *data, size_t len, char **license,
                             struct vakt_error **err)
{
	struct pkg_lines r = {data, len, 0, 0};
	struct vakt_strv names = VAKT_STRV_INIT;
	struct vakt_buf b = VAKT_BUF_INIT;
	bool first = true;
	const char *s;
	size_t n;

	*license = NULL;
	if (len > PKG_MAX_DB_BYTES)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0,
		                         "copyright file larger than %u bytes", PKG_MAX_DB_BYTES);
	while (pkg_lines_next(&r, &s, &n)) {
		if (first) {
			if (pkg_line_blank(s, n))
				continue;
			first = false;
			/* Only the machine-readable format has License: fields to trust. */
			if (!copyright_field_is(s, n, "Format") &&
			    !copyright_field_is(s, n, "Format-Specification"))
				return 0;
			continue;
		}
		if (copyright_field_is(s, n, "License"))
			copyright_split(&names, s + 8, n - 8);
	}
	for (size_t i = 0; i < names.n; i++) {
		size_t add = strlen(names.v[i]) + (b.len ? 5 : 0);

		if (b.len + add > PKG_MAX_FIELD)
			break;
		if (b.len)
			vakt_buf_adds(&b, " AND ");
		vakt_buf_adds(&b, names.v[i]);
	}
	vakt_strv_release(&names);
	if (b.len)
		*license = vakt_buf_detach(&b);
	vakt_buf_release(&b);
	return 0;
}
