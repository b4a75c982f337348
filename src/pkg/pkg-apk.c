/* SPDX-License-Identifier: MIT */
/*
 * apk's installed database (lib/apk/db/installed): one record per package,
 * records separated by blank lines, each line "K:value" with a one-letter
 * key (apk-package(5)). Only P, V, A, o and L are kept; file lists (F:, R:,
 * checksums) are skipped line by line.
 */
#include <errno.h>

#include "pkg/pkg-priv.h"

enum apk_field {
	APK_NAME,
	APK_VERSION,
	APK_ARCH,
	APK_ORIGIN,
	APK_LICENSE,
	APK_NFIELDS,
};

static const char apk_keys[APK_NFIELDS] = {'P', 'V', 'A', 'o', 'L'};

struct apk_record {
	const char *v[APK_NFIELDS]; /* borrowed from the input */
	size_t n[APK_NFIELDS];
	bool any;
	int line;
};

static int apk_record_finish(const char *path, struct apk_record *rec, struct pkg_list *out,
                             size_t start, struct vakt_error **err)
{
	struct pkg *p;

	if (!rec->any || !rec->n[APK_NAME] || !rec->n[APK_VERSION])
		return 0;
	if (out->n - start >= PKG_MAX_PACKAGES)
		return vakt_error_set_at(err, -E2BIG, path, rec->line, 0,
		                         "more than %d packages in the database", PKG_MAX_PACKAGES);
	p = pkg_list_add(out);
	p->type = PKG_APK;
	p->line = rec->line;
	p->name = vakt_xstrndup(rec->v[APK_NAME], rec->n[APK_NAME]);
	p->version = vakt_xstrndup(rec->v[APK_VERSION], rec->n[APK_VERSION]);
	p->arch = pkg_dup_or_null(rec->v[APK_ARCH], rec->n[APK_ARCH]);
	p->source = rec->n[APK_ORIGIN] ? vakt_xstrndup(rec->v[APK_ORIGIN], rec->n[APK_ORIGIN])
	                               : vakt_xstrdup(p->name);
	/* A subpackage is built from its origin at the same version. */
	p->source_version = vakt_xstrdup(p->version);
	p->license = pkg_dup_or_null(rec->v[APK_LICENSE], rec->n[APK_LICENSE]);
	return 0;
}

int pkg_apk_parse_installed(const char *path, const char *data, size_t len, struct pkg_list *out,
                            struct vakt_error **err)
{
	struct pkg_lines r = {data, len, 0, 0};
	struct apk_record rec;
	size_t start = out->n, n;
	const char *s;
	int rc = 0;

	memset(&rec, 0, sizeof(rec));
	if (len > PKG_MAX_DB_BYTES)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0,
		                         "package database larger than %u bytes", PKG_MAX_DB_BYTES);
	while (pkg_lines_next(&r, &s, &n)) {
		const char *v;
		size_t vn;

		if (pkg_line_blank(s, n)) {
			rc = apk_record_finish(path, &rec, out, start, err);
			if (rc)
				goto out;
			memset(&rec, 0, sizeof(rec));
			continue;
		}
		if (n < 2 || s[1] != ':') {
			rc = vakt_error_set_at(err, -EINVAL, path, r.line, 1,
			                       "expected 'K:value', got '%.*s'",
			                       (int)(n > 40 ? 40 : n), s);
			goto out;
		}
		if (!rec.any) {
			rec.any = true;
			rec.line = r.line;
		}
		for (int i = 0; i < APK_NFIELDS; i++) {
			if (s[0] != apk_keys[i])
				continue;
			v = s + 2;
			vn = n - 2;
			pkg_trim(&v, &vn);
			if (vn > PKG_MAX_FIELD) {
				rc = vakt_error_set_at(err, -E2BIG, path, r.line, 1,
				                       "field '%c:' longer than %d bytes", s[0],
				                       PKG_MAX_FIELD);
				goto out;
			}
			rec.v[i] = v;
			rec.n[i] = vn;
		}
	}
	rc = apk_record_finish(path, &rec, out, start, err);
out:
	if (rc)
		pkg_list_truncate(out, start);
	return rc;
}
