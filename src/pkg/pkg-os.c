/* SPDX-License-Identifier: MIT */
/*
 * Which distribution an image runs: os-release first (the file every
 * current distribution ships), then the older per-family files.
 */
#include <errno.h>

#include "pkg/pkg-priv.h"

const struct pkg_os_source pkg_os_sources[] = {
    {"etc/os-release", pkg_os_parse},
    {"usr/lib/os-release", pkg_os_parse},
    {"etc/alpine-release", pkg_os_parse_alpine_release},
    {"etc/redhat-release", pkg_os_parse_redhat_release},
    {"etc/debian_version", pkg_os_parse_debian_version},
};
const size_t pkg_os_sources_n = VAKT_ARRAY_SIZE(pkg_os_sources);

static int os_check_size(const char *path, size_t len, struct vakt_error **err)
{
	if (len > PKG_MAX_OS_BYTES)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0, "larger than %u bytes",
		                         PKG_MAX_OS_BYTES);
	return 0;
}

static char *os_lower(char *s)
{
	for (char *p = s; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

/*
 * The value of an os-release assignment, unquoted: "double" quotes with
 * backslash escapes, 'single' quotes, or a bare word. NULL when empty.
 */
static char *os_release_value(const char *s, size_t n)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *v;

	pkg_trim(&s, &n);
	for (size_t i = 0; i < n; i++) {
		char q = s[i];

		if (q == '"' || q == '\'') {
			for (i++; i < n && s[i] != q; i++) {
				if (q == '"' && s[i] == '\\' && i + 1 < n &&
				    strchr("\"\\$`", s[i + 1]))
					i++;
				vakt_buf_addc(&b, s[i]);
			}
			continue;
		}
		if (q == '\\' && i + 1 < n)
			i++;
		else if (pkg_is_blank(q) || q == '#')
			break;
		vakt_buf_addc(&b, s[i]);
	}
	if (!b.len) {
		vakt_buf_release(&b);
		return NULL;
	}
	v = vakt_buf_detach(&b);
	return v;
}

/* Replace *dst with v (taking it). */
static void os_set(char **dst, char *v)
{
	free(*dst);
	*dst = v;
}

int pkg_os_parse(const char *path, const char *data, size_t len, struct pkg_os *out,
                 struct vakt_error **err)
{
	struct pkg_lines r = {data, len, 0, 0};
	char *ubuntu_codename = NULL;
	const char *s;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = os_check_size(path, len, err);
	if (rc)
		return rc;
	while (pkg_lines_next(&r, &s, &n)) {
		const char *eq;
		size_t kn;

		pkg_trim(&s, &n);
		if (!n || s[0] == '#')
			continue;
		eq = memchr(s, '=', n);
		if (!eq)
			continue;
		kn = (size_t)(eq - s);
		if (kn > PKG_MAX_FIELD || n - kn - 1 > PKG_MAX_FIELD)
			continue;
#define OS_KEY(k) (kn == strlen(k) && !memcmp(s, k, kn))
		if (OS_KEY("ID"))
			os_set(&out->id, os_lower(os_release_value(eq + 1, n - kn - 1)));
		else if (OS_KEY("VERSION_ID"))
			os_set(&out->version_id, os_release_value(eq + 1, n - kn - 1));
		else if (OS_KEY("VERSION_CODENAME"))
			os_set(&out->codename, os_release_value(eq + 1, n - kn - 1));
		else if (OS_KEY("UBUNTU_CODENAME"))
			os_set(&ubuntu_codename, os_release_value(eq + 1, n - kn - 1));
		else if (OS_KEY("PRETTY_NAME"))
			os_set(&out->pretty, os_release_value(eq + 1, n - kn - 1));
		else if (OS_KEY("ID_LIKE"))
			os_set(&out->id_like, os_release_value(eq + 1, n - kn - 1));
#undef OS_KEY
	}
	if (!out->codename) {
		out->codename = ubuntu_codename;
		ubuntu_codename = NULL;
	}
	free(ubuntu_codename);
	/* os-release(5): ID defaults to "linux". */
	if (!out->id)
		out->id = vakt_xstrdup("linux");
	return 0;
}

/* The first line, trimmed; false when it is empty. */
static bool os_first_line(const char *data, size_t len, const char **s, size_t *n)
{
	struct pkg_lines r = {data, len, 0, 0};

	while (pkg_lines_next(&r, s, n)) {
		pkg_trim(s, n);
		if (*n)
			return true;
	}
	return false;
}

/* Whether [s, s + n) looks like a version: short, and only [A-Za-z0-9._+~-]. */
static bool os_version_like(const char *s, size_t n)
{
	if (!n || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      strchr("._+~-", c)))
			return false;
	}
	return true;
}

int pkg_os_parse_alpine_release(const char *path, const char *data, size_t len, struct pkg_os *out,
                                struct vakt_error **err)
{
	const char *s;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = os_check_size(path, len, err);
	if (rc)
		return rc;
	if (!os_first_line(data, len, &s, &n) || !os_version_like(s, n))
		return vakt_error_set_at(err, -EINVAL, path, 1, 0, "no Alpine version");
	out->id = vakt_xstrdup("alpine");
	out->version_id = vakt_xstrndup(s, n);
	return 0;
}

int pkg_os_parse_debian_version(const char *path, const char *data, size_t len, struct pkg_os *out,
                                struct vakt_error **err)
{
	const char *s, *slash;
	size_t n, k;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = os_check_size(path, len, err);
	if (rc)
		return rc;
	if (!os_first_line(data, len, &s, &n))
		return vakt_error_set_at(err, -EINVAL, path, 1, 0, "no Debian version");
	if (s[0] >= '0' && s[0] <= '9') {
		/* "12.5": os-release's VERSION_ID is the major release. */
		for (k = 0; k < n && s[k] >= '0' && s[k] <= '9'; k++)
			;
		out->version_id = vakt_xstrndup(s, k);
	} else {
		/* "trixie/sid": a testing or unstable system. */
		slash = memchr(s, '/', n);
		k = slash ? (size_t)(slash - s) : n;
		if (!os_version_like(s, k))
			return vakt_error_set_at(err, -EINVAL, path, 1, 0, "no Debian version");
		out->codename = os_lower(vakt_xstrndup(s, k));
	}
	out->id = vakt_xstrdup("debian");
	out->pretty = vakt_xstrndup(s, n);
	return 0;
}

int pkg_os_parse_redhat_release(const char *path, const char *data, size_t len, struct pkg_os *out,
                                struct vakt_error **err)
{
	static const struct {
		const char *prefix;
		const char *id;
	} names[] = {
	    {"Red Hat Enterprise Linux", "rhel"},
	    {"Rocky Linux", "rocky"},
	    {"AlmaLinux", "almalinux"},
	    {"CentOS", "centos"},
	    {"Fedora", "fedora"},
	    {"Oracle Linux", "ol"},
	    {"Amazon Linux", "amzn"},
	};
	const char *s, *rel, *v, *open, *close;
	size_t n, vn;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = os_check_size(path, len, err);
	if (rc)
		return rc;
	if (!os_first_line(data, len, &s, &n) || n > PKG_MAX_FIELD)
		return vakt_error_set_at(err, -EINVAL, path, 1, 0, "no release line");
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(names) && !out->id; i++)
		if (n >= strlen(names[i].prefix) &&
		    !memcmp(s, names[i].prefix, strlen(names[i].prefix)))
			out->id = vakt_xstrdup(names[i].id);
	if (!out->id) {
		size_t w = 0;

		while (w < n && !pkg_is_blank(s[w]))
			w++;
		out->id = os_lower(vakt_xstrndup(s, w));
	}
	out->pretty = vakt_xstrndup(s, n);
	/* "... release 9.3 (Blue Onyx)" */
	rel = memmem(s, n, " release ", 9);
	if (rel) {
		v = rel + 9;
		for (vn = 0; v + vn < s + n && !pkg_is_blank(v[vn]) && v[vn] != '('; vn++)
			;
		if (os_version_like(v, vn))
			out->version_id = vakt_xstrndup(v, vn);
	}
	open = memchr(s, '(', n);
	close = open ? memchr(open, ')', (size_t)(s + n - open)) : NULL;
	if (close && close > open + 1)
		out->codename = vakt_xstrndup(open + 1, (size_t)(close - open - 1));
	return 0;
}
