/* SPDX-License-Identifier: MIT */
/*
 * Python packages as installed (the core metadata of a distribution:
 * *.dist-info/METADATA, *.egg-info/PKG-INFO) and as pinned in
 * requirements*.txt files.
 *
 * METADATA is a header block of "Field: value" lines (RFC 822 style,
 * continuation lines start with a blank), then a blank line and the long
 * description, which is not read. requirements files are pip's: one
 * requirement per logical line (a backslash joins the next line), comments
 * after '#', options (-r, -c, -e, --hash, --index-url ...).
 */
#include <errno.h>

#include "pkg/pkg-app-priv.h"
#include "pkg/pkg-priv.h"

/* Longest logical line of a requirements file (a requirement with its many --hash options). */
#define PY_MAX_REQ_LINE (256u * 1024)
/* Licence classifiers kept from one METADATA. */
#define PY_MAX_CLASSIFIERS 16

/* Whether [s, s+n) is a name or version as PEP 508 and 440 spell them: printable ASCII, no blank.
 */
static bool py_word_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return n > 0;
}

/* --- METADATA ------------------------------------------------------------ */

enum py_field { PY_NAME, PY_VERSION, PY_LICENSE, PY_LICENSE_EXPR, PY_NFIELDS };

static const char *const py_field_names[PY_NFIELDS] = {
    [PY_NAME] = "Name",
    [PY_VERSION] = "Version",
    [PY_LICENSE] = "License",
    [PY_LICENSE_EXPR] = "License-Expression",
};

struct py_meta {
	struct vakt_buf f[PY_NFIELDS];
	bool folded[PY_NFIELDS]; /* the value went on over continuation lines */
	int line[PY_NFIELDS];
	struct vakt_strv
	    classifiers; /* "MIT License" of "License :: OSI Approved :: MIT License" */
};

static void py_meta_release(struct py_meta *m)
{
	for (int i = 0; i < PY_NFIELDS; i++)
		vakt_buf_release(&m->f[i]);
	vakt_strv_release(&m->classifiers);
}

/* "License :: OSI Approved :: MIT License": keep its last part. */
static void py_classifier(struct py_meta *m, const char *v, size_t n)
{
	const char *last = v;
	char *name;

	if (n < 10 || memcmp(v, "License ::", 10))
		return;
	for (size_t i = 0; i + 1 < n; i++)
		if (v[i] == ':' && v[i + 1] == ':')
			last = v + i + 2;
	n -= (size_t)(last - v);
	pkg_trim(&last, &n);
	if (!n || m->classifiers.n >= PY_MAX_CLASSIFIERS)
		return;
	/* "License :: OSI Approved" alone names no licence. */
	if (n == 12 && !memcmp(last, "OSI Approved", 12))
		return;
	name = vakt_xstrndup(last, n);
	if (vakt_strv_contains(&m->classifiers, name, false))
		free(name);
	else
		vakt_strv_push_take(&m->classifiers, name);
}

/*
 * The licence: License-Expression (an SPDX expression, metadata 2.4), else a
 * one-line License other than "UNKNOWN" (older tools put the whole licence
 * text there, which names nothing), else the licence classifiers.
 */
static char *py_license(struct py_meta *m)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	const struct vakt_buf *lic = &m->f[PY_LICENSE];

	if (m->f[PY_LICENSE_EXPR].len)
		return vakt_xstrdup(vakt_buf_str(&m->f[PY_LICENSE_EXPR]));
	if (lic->len && !m->folded[PY_LICENSE] && lic->len <= 200 &&
	    vakt_strcasecmp(vakt_buf_str(lic), "UNKNOWN"))
		return vakt_xstrdup(vakt_buf_str(lic));
	for (size_t i = 0; i < m->classifiers.n; i++) {
		if (b.len)
			vakt_buf_adds(&b, ", ");
		vakt_buf_adds(&b, m->classifiers.v[i]);
	}
	return b.len ? vakt_buf_detach(&b) : (vakt_buf_release(&b), NULL);
}

long pkg_app_py_metadata(const char *path, const char *data, size_t len, struct pkg_list *out,
                         struct vakt_error **err)
{
	struct pkg_lines r = {data, len, 0, 0};
	struct py_meta m;
	const char *s;
	size_t n;
	int cur = -1, rc = 0;
	bool any = false;
	struct pkg *p;

	memset(&m, 0, sizeof(m));
	if (len > PKG_APP_MAX_FILE)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0, "file larger than %u bytes",
		                         PKG_APP_MAX_FILE);
	while (pkg_lines_next(&r, &s, &n)) {
		const char *colon, *v;
		size_t vn;

		/*
		 * An empty line ends the header (the body, a long description,
		 * follows); a line of blanks is a continuation, as setuptools
		 * writes the empty lines of a folded field.
		 */
		if (!n) {
			if (any)
				break;
			continue;
		}
		if (pkg_is_blank(s[0])) {
			if (!any) {
				rc =
				    vakt_error_set_at(err, -EINVAL, path, r.line, 1,
				                      "expected 'Field: value', got a continuation "
				                      "line");
				goto out;
			}
			if (cur < 0)
				continue;
			v = s;
			vn = n;
			pkg_trim(&v, &vn);
			if (m.f[cur].len + 1 + vn > PKG_MAX_FIELD) {
				if (cur == PY_LICENSE) {
					m.folded[cur] = true;
					continue;
				}
				rc = vakt_error_set_at(err, -E2BIG, path, r.line, 1,
				                       "field '%s' longer than %d bytes",
				                       py_field_names[cur], PKG_MAX_FIELD);
				goto out;
			}
			m.folded[cur] = true;
			if (m.f[cur].len)
				vakt_buf_addc(&m.f[cur], ' ');
			vakt_buf_add(&m.f[cur], v, vn);
			continue;
		}
		colon = memchr(s, ':', n);
		if (!colon || colon == s || memchr(s, ' ', (size_t)(colon - s))) {
			rc = vakt_error_set_at(err, -EINVAL, path, r.line, 1,
			                       "expected 'Field: value', got '%.*s'",
			                       (int)(n > 40 ? 40 : n), s);
			goto out;
		}
		any = true;
		v = colon + 1;
		vn = n - (size_t)(v - s);
		pkg_trim(&v, &vn);
		cur = -1;
		if ((size_t)(colon - s) == 10 && !vakt_strncasecmp(s, "Classifier", 10)) {
			py_classifier(&m, v, vn);
			continue;
		}
		for (int i = 0; i < PY_NFIELDS; i++)
			if (strlen(py_field_names[i]) == (size_t)(colon - s) &&
			    !vakt_strncasecmp(s, py_field_names[i], (size_t)(colon - s)))
				cur = i;
		if (cur < 0)
			continue;
		vakt_buf_reset(&m.f[cur]);
		m.folded[cur] = false;
		m.line[cur] = r.line;
		if (vn > PKG_MAX_FIELD) {
			if (cur == PY_LICENSE) {
				m.folded[cur] = true;
				continue;
			}
			rc = vakt_error_set_at(err, -E2BIG, path, r.line, 1,
			                       "field '%s' longer than %d bytes",
			                       py_field_names[cur], PKG_MAX_FIELD);
			goto out;
		}
		vakt_buf_add(&m.f[cur], v, vn);
	}
	if (!m.f[PY_NAME].len || !m.f[PY_VERSION].len) {
		rc = vakt_error_set_at(err, -EINVAL, path, 0, 0,
		                       "expected the fields Name and Version in the header");
		goto out;
	}
	if (!py_word_ok(m.f[PY_NAME].data, m.f[PY_NAME].len) ||
	    !py_word_ok(m.f[PY_VERSION].data, m.f[PY_VERSION].len)) {
		rc = vakt_error_set_at(err, -EINVAL, path, m.line[PY_NAME], 1,
		                       "expected a name and a version without blanks or control "
		                       "characters");
		goto out;
	}
	p = pkg_list_add(out);
	p->type = PKG_PYPI;
	p->name = vakt_xstrdup(vakt_buf_str(&m.f[PY_NAME]));
	p->version = vakt_xstrdup(vakt_buf_str(&m.f[PY_VERSION]));
	p->license = py_license(&m);
	p->found_in = vakt_xstrdup(path);
	p->line = m.line[PY_NAME];
	p->scope = PKG_SCOPE_UNKNOWN;
	rc = 1;
out:
	py_meta_release(&m);
	return rc;
}

/* --- requirements*.txt --------------------------------------------------- */

struct req_ctx {
	const char *path;
	struct pkg_list *out; /* NULL: only unpinned lines are wanted */
	void (*unpinned)(int line, const char *req, void *arg); /* may be NULL */
	void *arg;
	size_t start;
	struct vakt_error **err;
};

static bool req_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.';
}

/* Whether a requirement is a URL or a path rather than a name: passed over. */
static bool req_is_location(const char *s, size_t n)
{
	if (!n)
		return false;
	if (s[0] == '.' || s[0] == '/' || s[0] == '~' || s[0] == '\\')
		return true;
	for (size_t i = 0; i + 2 < n; i++)
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
			return true;
	/* "name @ https://...": a direct reference (PEP 508). */
	return memchr(s, '@', n) != NULL;
}

/* Whether a version specifier starts [s, s+n): ==, ===, !=, <=, >=, <, >, ~= (PEP 440). */
static bool req_spec_op(const char *s, size_t n)
{
	if (s[0] == '<' || s[0] == '>')
		return true;
	return n >= 2 && s[1] == '=' && (s[0] == '=' || s[0] == '!' || s[0] == '~');
}

/*
 * One requirement without options, comments or markers, e.g. "Django==4.2.11",
 * "uvicorn[standard]==0.29.0", "requests >= 2.31", "flask". Adds the package
 * when it pins one version, else reports the line as unpinned.
 */
static int req_one(struct req_ctx *c, int line, const char *s, size_t n)
{
	const char *name = s, *spec, *op;
	size_t name_n = 0, sn, vn;
	struct pkg *p;
	char *req;

	pkg_trim(&s, &n);
	while (name_n < n && req_name_char(s[name_n]))
		name_n++;
	if (!name_n || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') ||
	                 (s[0] >= '0' && s[0] <= '9')))
		return vakt_error_set_at(c->err, -EINVAL, c->path, line, 1,
		                         "expected a requirement (name, [extras], version "
		                         "specifiers), got '%.*s'",
		                         (int)(n > 40 ? 40 : n), s);
	spec = s + name_n;
	sn = n - name_n;
	pkg_trim(&spec, &sn);
	if (sn && spec[0] == '[') {
		const char *close = memchr(spec, ']', sn);

		if (!close)
			return vakt_error_set_at(c->err, -EINVAL, c->path, line, 1,
			                         "expected ']' closing the extras of '%.*s'",
			                         (int)name_n, name);
		sn -= (size_t)(close + 1 - spec);
		spec = close + 1;
		pkg_trim(&spec, &sn);
	}
	/* The old "name (==1.0)" form. */
	if (sn >= 2 && spec[0] == '(' && spec[sn - 1] == ')') {
		spec++;
		sn -= 2;
		pkg_trim(&spec, &sn);
	}
	op = spec;
	if (sn >= 2 && !memcmp(spec, "==", 2) && !memchr(spec, ',', sn)) {
		const char *v = spec + (sn >= 3 && spec[2] == '=' ? 3 : 2);

		vn = sn - (size_t)(v - spec);
		pkg_trim(&v, &vn);
		if (vn && !memchr(v, '*', vn)) {
			if (!py_word_ok(v, vn))
				return vakt_error_set_at(c->err, -EINVAL, c->path, line, 1,
				                         "expected a version after '==' for '%.*s'",
				                         (int)name_n, name);
			if (!c->out)
				return 0;
			if (c->out->n - c->start >= PKG_APP_MAX_PACKAGES)
				return vakt_error_set_at(c->err, -E2BIG, c->path, line, 1,
				                         "more than %d packages",
				                         PKG_APP_MAX_PACKAGES);
			if (name_n > PKG_MAX_FIELD || vn > PKG_MAX_FIELD)
				return vakt_error_set_at(c->err, -E2BIG, c->path, line, 1,
				                         "requirement longer than %d bytes",
				                         PKG_MAX_FIELD);
			p = pkg_list_add(c->out);
			p->type = PKG_PYPI;
			p->name = vakt_xstrndup(name, name_n);
			p->version = vakt_xstrndup(v, vn);
			p->found_in = vakt_xstrdup(c->path);
			p->line = line;
			p->scope = PKG_SCOPE_DIRECT;
			return 0;
		}
	} else if (sn && !req_spec_op(op, sn)) {
		return vakt_error_set_at(c->err, -EINVAL, c->path, line, 1,
		                         "expected version specifiers after '%.*s', got '%.*s'",
		                         (int)name_n, name, (int)(sn > 40 ? 40 : sn), spec);
	}
	if (c->unpinned) {
		req = vakt_xstrndup(s, n > PKG_MAX_FIELD ? PKG_MAX_FIELD : n);
		c->unpinned(line, req, c->arg);
		free(req);
	}
	return 0;
}

/*
 * Options that stand alone on a line and take no requirement. pip also
 * reads "-r FILE"/"-c FILE" (other files: noted, not followed here) and
 * "-e"/"--editable" (a local or VCS project: not a registry package).
 */
static bool req_option_line(const char *s, size_t n)
{
	return n && s[0] == '-';
}

/* One logical line (comments removed, continuations joined). */
static int req_line(struct req_ctx *c, int line, const char *s, size_t n)
{
	const char *end;
	size_t k;

	pkg_trim(&s, &n);
	if (!n || req_option_line(s, n))
		return 0;
	/* Options after the requirement ("--hash=sha256:...") and markers (";") end it. */
	for (k = 0; k < n; k++) {
		if (s[k] == ';')
			break;
		if (k + 2 < n && (s[k] == ' ' || s[k] == '\t') && s[k + 1] == '-' &&
		    s[k + 2] == '-')
			break;
	}
	end = s + k;
	n = (size_t)(end - s);
	pkg_trim(&s, &n);
	if (req_is_location(s, n))
		return 0;
	return req_one(c, line, s, n);
}

static int req_parse(struct req_ctx *c, const char *data, size_t len)
{
	struct pkg_lines r = {data, len, 0, 0};
	struct vakt_buf b = VAKT_BUF_INIT;
	const char *s;
	size_t n;
	int first = 0, rc = 0;

	if (len > PKG_APP_MAX_FILE)
		return vakt_error_set_at(c->err, -EFBIG, c->path, 0, 0, "file larger than %u bytes",
		                         PKG_APP_MAX_FILE);
	while (pkg_lines_next(&r, &s, &n)) {
		bool more;

		if (memchr(s, '\0', n)) {
			rc = vakt_error_set_at(c->err, -EINVAL, c->path, r.line, 1,
			                       "expected text, got a NUL byte");
			break;
		}
		/* A comment starts a line or follows a blank. */
		for (size_t i = 0; i < n; i++)
			if (s[i] == '#' && (i == 0 || pkg_is_blank(s[i - 1]))) {
				n = i;
				break;
			}
		more = n && s[n - 1] == '\\';
		if (!b.len && !more) {
			rc = req_line(c, r.line, s, n);
			if (rc)
				break;
			continue;
		}
		if (!b.len)
			first = r.line;
		if (b.len + n + 1 > PY_MAX_REQ_LINE) {
			rc = vakt_error_set_at(c->err, -E2BIG, c->path, first, 1,
			                       "requirement longer than %u bytes", PY_MAX_REQ_LINE);
			break;
		}
		vakt_buf_add(&b, s, more ? n - 1 : n);
		vakt_buf_addc(&b, ' ');
		if (more)
			continue;
		rc = req_line(c, first, b.data, b.len);
		vakt_buf_reset(&b);
		if (rc)
			break;
	}
	if (!rc && b.len)
		rc = req_line(c, first, b.data, b.len);
	vakt_buf_release(&b);
	return rc;
}

long pkg_app_py_requirements(const char *path, const char *data, size_t len, struct pkg_list *out,
                             struct vakt_error **err)
{
	struct req_ctx c = {.path = path, .out = out, .start = out->n, .err = err};
	int rc = req_parse(&c, data, len);

	if (rc) {
		pkg_list_truncate(out, c.start);
		return rc;
	}
	return (long)(out->n - c.start);
}

int pkg_app_requirements_unpinned(const char *path, const char *data, size_t len,
                                  void (*fn)(int line, const char *req, void *arg), void *arg,
                                  struct vakt_error **err)
{
	struct req_ctx c = {.path = path, .unpinned = fn, .arg = arg, .err = err};

	return req_parse(&c, data, len);
}
