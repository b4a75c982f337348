/* SPDX-License-Identifier: MIT */
/*
 * RubyGems: Bundler's Gemfile.lock and the installed specifications
 * (pkg-app-priv.h).
 *
 * Gemfile.lock is Bundler's own text format: sections headed by a word in
 * capitals at the start of a line. A GEM section (one per rubygems source)
 * lists under `specs:` each gem at four spaces, "name (version)" or
 * "name (version-platform)", and its own requirements at six. GIT and PATH
 * sections list gems built from a checkout or a folder: not releases of
 * the registry, they are passed over (the contract's git and path
 * dependencies). DEPENDENCIES names what the Gemfile asks for ("rails
 * (~> 7.1.3)", "my_gem!" for a git or path source): those gems are direct,
 * the others transitive. Groups (development, test) are not recorded in the
 * lock file, so dev is never set.
 *
 * specifications/NAME-VERSION.gemspec is Ruby that RubyGems wrote with
 * Gem::Specification#to_ruby. Nothing is executed: the literal strings of
 * `s.name = "x".freeze`, `s.version = "1.2.3".freeze` and `s.licenses =
 * [...]` are read (also %q{...}, as older RubyGems wrote), else the
 * "# stub: NAME VERSION" line, else the file name.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/pkg-app-js.h"
#include "pkg/pkg-priv.h"

enum gem_section { GEM_NONE, GEM_GEM, GEM_SKIP, GEM_DEPS };

static int gem_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "name (version)" at [s, s + n): the name and the version without its platform. */
static bool gem_spec_line(const char *s, size_t n, const char **name, size_t *nn, const char **ver,
                          size_t *vn)
{
	const char *open = memchr(s, '(', n);
	size_t i;

	if (!open || open == s || open[-1] != ' ' || s[n - 1] != ')')
		return false;
	*name = s;
	*nn = (size_t)(open - 1 - s);
	*ver = open + 1;
	*vn = (size_t)(s + n - 1 - *ver);
	for (i = 0; i < *nn; i++)
		if ((*name)[i] == ' ')
			return false;
	/* RubyGems versions hold no '-': what follows one is the platform. */
	for (i = 0; i < *vn && (*ver)[i] != '-'; i++)
		if ((*ver)[i] == ' ' || (*ver)[i] == '(')
			return false;
	*vn = i;
	return *nn && *vn;
}

static bool gem_section_header(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || s[i] == ' '))
			return false;
	return n > 0;
}

long pkg_app_gemfile_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                          struct vakt_error **err)
{
	struct pkg_lines r = {data, len, 0, 0};
	enum gem_section sec = GEM_NONE;
	struct vakt_strv deps = {0};
	size_t start = out->n, n;
	bool in_specs = false;
	const char *s;
	int rc;

	rc = pkg_app_js_check_size(path, len, "Gemfile.lock", err);
	if (rc)
		return rc;
	while (pkg_lines_next(&r, &s, &n)) {
		size_t ind = 0;

		if (pkg_line_blank(s, n))
			continue;
		if (n > PKG_MAX_FIELD) {
			rc = vakt_error_set_at(err, -E2BIG, path, r.line, 1,
			                       "a line longer than %d bytes", PKG_MAX_FIELD);
			goto out;
		}
		while (ind < n && s[ind] == ' ')
			ind++;
		if (!ind) {
			if (!gem_section_header(s, n)) {
				rc = vakt_error_set_at(
				    err, -EINVAL, path, r.line, 1,
				    "'%.*s'; expected a section such as GEM, GIT, "
				    "PATH or DEPENDENCIES",
				    (int)(n > 40 ? 40 : n), s);
				goto out;
			}
			in_specs = false;
			if (n == 3 && !memcmp(s, "GEM", 3))
				sec = GEM_GEM;
			else if (n == 12 && !memcmp(s, "DEPENDENCIES", 12))
				sec = GEM_DEPS;
			else
				sec =
				    GEM_SKIP; /* GIT, PATH, PLATFORMS, CHECKSUMS, BUNDLED WITH... */
			continue;
		}
		if (sec == GEM_NONE) {
			rc = vakt_error_set_at(err, -EINVAL, path, r.line, 1,
			                       "an indented line before any section; expected GEM, "
			                       "GIT, PATH or DEPENDENCIES");
			goto out;
		}
		if (sec == GEM_DEPS && ind == 2) {
			size_t k = ind;

			while (k < n && s[k] != ' ' && s[k] != '!')
				k++;
			vakt_strv_push_take(&deps, vakt_xstrndup(s + ind, k - ind));
			continue;
		}
		if (sec != GEM_GEM)
			continue;
		if (ind == 2) {
			in_specs = n == 8 && !memcmp(s + 2, "specs:", 6);
			continue;
		}
		if (ind == 4 && in_specs) {
			const char *name, *ver;
			size_t nn, vn;
			struct pkg *p;

			if (!gem_spec_line(s + 4, n - 4, &name, &nn, &ver, &vn)) {
				rc = vakt_error_set_at(err, -EINVAL, path, r.line, 5,
				                       "'%.*s'; expected 'name (version)'",
				                       (int)(n - 4 > 40 ? 40 : n - 4), s + 4);
				goto out;
			}
			rc = pkg_app_js_add(out, start, PKG_GEM, path, name, nn, ver, vn, r.line,
			                    &p, err);
			if (rc)
				goto out;
			p->scope = PKG_SCOPE_TRANSITIVE;
		}
		/* six spaces: a gem's own requirements; deeper: nothing Bundler writes */
	}
	if (deps.n) {
		qsort(deps.v, deps.n, sizeof(*deps.v), gem_name_cmp);
		for (size_t i = start; i < out->n; i++)
			if (bsearch(&out->v[i].name, deps.v, deps.n, sizeof(*deps.v), gem_name_cmp))
				out->v[i].scope = PKG_SCOPE_DIRECT;
	}
	pkg_app_js_fold(out, start);
out:
	vakt_strv_release(&deps);
	if (rc)
		pkg_list_truncate(out, start);
	return rc ? rc : (long)(out->n - start);
}

/* --- installed specifications ------------------------------------------ */

/*
 * A Ruby string literal at [*s, end): "...", '...' or %q{...}, with no
 * interpolation or escape (RubyGems writes none in names and versions).
 * Sets [*v, *v + *vn) and moves *s past it.
 */
static bool gem_literal(const char **s, const char *end, const char **v, size_t *vn)
{
	const char *p = *s, *q;
	char close;

	if (p < end && (*p == '"' || *p == '\''))
		close = *p++;
	else if (end - p >= 3 && p[0] == '%' && p[1] == 'q' && p[2] == '{')
		close = '}', p += 3;
	else
		return false;
	for (q = p; q < end && *q != close; q++)
		if (*q == '\\' || (close == '"' && *q == '#' && q + 1 < end && q[1] == '{'))
			return false;
	if (q >= end)
		return false;
	*v = p;
	*vn = (size_t)(q - p);
	*s = q + 1;
	return true;
}

/* "s.FIELD = " at the start of [s, end) (any receiver name): the value's start, or NULL. */
static const char *gem_assign(const char *s, const char *end, const char *field)
{
	size_t fl = strlen(field);

	while (s < end && *s == ' ')
		s++;
	while (s < end && ((*s >= 'a' && *s <= 'z') || *s == '_'))
		s++;
	if (s >= end || *s != '.' || (size_t)(end - s) < fl + 1 || memcmp(s + 1, field, fl))
		return NULL;
	s += 1 + fl;
	while (s < end && *s == ' ')
		s++;
	if (s >= end || *s != '=' || (s + 1 < end && s[1] == '='))
		return NULL;
	for (s++; s < end && *s == ' ';)
		s++;
	return s;
}

/* The licences of `s.licenses = ["MIT".freeze, "Ruby".freeze]` or `s.license = "MIT"`. */
static char *gem_licenses(const char *v, const char *end)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	const char *lit;
	size_t ln;

	if (v < end && *v == '[')
		v++;
	while (v < end && b.len <= PKG_MAX_FIELD) {
		while (v < end && (*v == ' ' || *v == ','))
			v++;
		if (!gem_literal(&v, end, &lit, &ln))
			break;
		if (end - v >= 7 && !memcmp(v, ".freeze", 7))
			v += 7;
		if (!ln)
			continue;
		if (b.len)
			vakt_buf_adds(&b, " OR ");
		vakt_buf_add(&b, lit, ln);
	}
	return b.len ? vakt_buf_detach(&b) : (vakt_buf_release(&b), NULL);
}

/* NAME-VERSION[-PLATFORM].gemspec: the version starts at the first "-DIGIT". */
static bool gem_from_file_name(const char *path, const char **name, size_t *nn, const char **ver,
                               size_t *vn)
{
	const char *base = strrchr(path, '/'), *end, *d;

	base = base ? base + 1 : path;
	if (!vakt_ends_with(base, ".gemspec"))
		return false;
	end = base + strlen(base) - 8;
	for (d = base; d < end; d++)
		if (*d == '-' && d + 1 < end && d[1] >= '0' && d[1] <= '9')
			break;
	if (d >= end || d == base)
		return false;
	*name = base;
	*nn = (size_t)(d - base);
	*ver = d + 1;
	for (*vn = 0; *ver + *vn < end && (*ver)[*vn] != '-'; (*vn)++)
		;
	return true;
}

long pkg_app_gemspec(const char *path, const char *data, size_t len, struct pkg_list *out,
                     struct vakt_error **err)
{
	struct pkg_lines r = {data, len, 0, 0};
	const char *name = NULL, *ver = NULL, *sname = NULL, *sver = NULL, *s, *v;
	size_t nn = 0, vn = 0, snn = 0, svn = 0, n, start = out->n;
	int line = 0, sline = 0, rc;
	char *license = NULL;
	struct pkg *p;

	rc = pkg_app_js_check_size(path, len, "gemspec", err);
	if (rc)
		return rc;
	while (pkg_lines_next(&r, &s, &n)) {
		const char *end = s + n;

		if (n > 8 && !memcmp(s, "# stub: ", 8) && !sname) {
			/* "# stub: NAME VERSION PLATFORM REQUIRE_PATHS" */
			const char *a = s + 8, *b = memchr(a, ' ', (size_t)(end - a)), *c;

			if (b && b > a) {
				c = memchr(b + 1, ' ', (size_t)(end - b - 1));
				c = c ? c : end;
				if (c > b + 1) {
					sname = a, snn = (size_t)(b - a);
					sver = b + 1, svn = (size_t)(c - b - 1);
					sline = r.line;
				}
			}
			continue;
		}
		if (!name && (v = gem_assign(s, end, "name")) && gem_literal(&v, end, &name, &nn))
			line = r.line;
		else if (!ver && (v = gem_assign(s, end, "version")))
			gem_literal(&v, end, &ver, &vn);
		else if (!license && (v = gem_assign(s, end, "licenses")))
			license = gem_licenses(v, end);
		else if (!license && (v = gem_assign(s, end, "license")))
			license = gem_licenses(v, end);
	}
	if (!name || !nn || !ver || !vn) {
		if (sname) {
			name = sname, nn = snn, ver = sver, vn = svn, line = sline;
		} else if (gem_from_file_name(path, &name, &nn, &ver, &vn)) {
			line = 0;
		} else {
			free(license);
			return vakt_error_set_at(
			    err, -EINVAL, path, 0, 0,
			    "no name and version; expected s.name and s.version "
			    "as RubyGems writes them, or a NAME-VERSION.gemspec "
			    "file name");
		}
	}
	if (nn > PKG_MAX_FIELD || vn > PKG_MAX_FIELD) {
		free(license);
		return vakt_error_set_at(err, -E2BIG, path, line, 0,
		                         "a name or version longer than %d bytes", PKG_MAX_FIELD);
	}
	rc = pkg_app_js_add(out, start, PKG_GEM, path, name, nn, ver, vn, line, &p, err);
	if (rc) {
		free(license);
		return rc;
	}
	p->license = license;
	return 1;
}
