/* SPDX-License-Identifier: MIT */
/*
 * Java archives (pkg_app_jar()): .jar, .war and .ear files, zip read from
 * memory with libarchive, nested archives followed in memory (never
 * extracted to disk, member names never used as paths).
 *
 * In each archive, every META-INF/maven/GROUP/ARTIFACT/pom.properties
 * (groupId, artifactId, version) is a Maven package with its group, found in
 * "app.war!/WEB-INF/lib/x.jar!/META-INF/maven/g/a/pom.properties". An
 * archive without any falls back, in order, to:
 * - its META-INF/MANIFEST.MF: the name from Implementation-Title, else
 *   Bundle-SymbolicName (without its attributes), else Specification-Title,
 *   the first without a space (titles such as "Apache Log4j Core" are
 *   prose, not names); the version from Implementation-Version, else
 *   Bundle-Version, else Specification-Version; found_in ends in
 *   "!/META-INF/MANIFEST.MF";
 * - its file name, "log4j-core-2.14.1.jar" -> log4j-core 2.14.1 (cut before
 *   the last '-' followed by a digit); found_in is the archive itself.
 * Fallback packages have no group: group NULL, with found_in naming the
 * manifest or the archive, is how they are told from pom.properties ones.
 * A .jar/.war/.ear member is read as a nested archive, to
 * PKG_APP_MAX_NESTING levels (a deeper one is an error).
 *
 * Ceilings: a member read (pom.properties, the manifest, a nested archive)
 * over PKG_APP_MAX_MEMBER bytes once inflated, all members read from one
 * top-level archive over PKG_APP_MAX_ARCHIVE_TOTAL, or more than
 * JAR_MAX_ENTRIES members is -EFBIG / -E2BIG naming the member; other
 * members are skipped without being inflated.
 */
#include <errno.h>

#include "pkg/pkg-app-dl.h"
#include "pkg/pkg-app-priv.h"
#include "pkg/pkg-priv.h"

/* Most members in one archive. */
#define JAR_MAX_ENTRIES 500000

struct jar_walk {
	size_t total; /* bytes inflated from the top-level archive and all it holds */
	size_t start; /* where this file's packages begin in out */
	struct pkg_list *out;
	struct vakt_error **err;
};

/* The manifest's attributes this reader keeps. */
enum mf_key {
	MF_IMPL_TITLE,
	MF_IMPL_VERSION,
	MF_BUNDLE_NAME,
	MF_BUNDLE_VERSION,
	MF_SPEC_TITLE,
	MF_SPEC_VERSION,
	MF_NKEYS,
};

static const char *const mf_names[MF_NKEYS] = {
    [MF_IMPL_TITLE] = "Implementation-Title", [MF_IMPL_VERSION] = "Implementation-Version",
    [MF_BUNDLE_NAME] = "Bundle-SymbolicName", [MF_BUNDLE_VERSION] = "Bundle-Version",
    [MF_SPEC_TITLE] = "Specification-Title",  [MF_SPEC_VERSION] = "Specification-Version",
};

static bool jar_ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && !vakt_strncasecmp(s + n - k, suffix, k);
}

static bool jar_is_archive(const char *name)
{
	return jar_ends_with_ci(name, ".jar") || jar_ends_with_ci(name, ".war") ||
	       jar_ends_with_ci(name, ".ear");
}

/* META-INF/maven/GROUP/ARTIFACT/pom.properties, each part non-empty and without '/'. */
static bool jar_is_pom_properties(const char *name)
{
	const char *p = name + strlen("META-INF/maven/"), *s;
	int parts = 0;

	if (strncmp(name, "META-INF/maven/", strlen("META-INF/maven/")))
		return false;
	while ((s = strchr(p, '/'))) {
		if (s == p)
			return false;
		parts++;
		p = s + 1;
	}
	return parts == 2 && !strcmp(p, "pom.properties");
}

/* Whether a field value can be a package name or version: printable, bounded. */
static bool jar_value_ok(const char *s, size_t n)
{
	if (!n || n > PKG_MAX_FIELD)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < ' ' || s[i] == 0x7f)
			return false;
	return true;
}

static void jar_add(struct jar_walk *w, const char *found_in, const char *group, size_t gn,
                    const char *name, size_t nn, const char *version, size_t vn)
{
	struct pkg *p = pkg_list_add(w->out);

	p->type = PKG_MAVEN;
	p->group = pkg_dup_or_null(group, gn);
	p->name = vakt_xstrndup(name, nn);
	p->version = vakt_xstrndup(version, vn);
	p->found_in = vakt_xstrdup(found_in);
}

static int jar_count(struct jar_walk *w, const char *where)
{
	if (w->out->n - w->start >= PKG_APP_MAX_PACKAGES)
		return vakt_error_set_at(w->err, -E2BIG, where, 0, 0,
		                         "more than %d packages in the archive",
		                         PKG_APP_MAX_PACKAGES);
	return 0;
}

/*
 * pom.properties: "key=value" or "key: value" lines, '#' and '!' comments.
 * One package when groupId, artifactId and version are all there.
 */
static int jar_pom_properties(struct jar_walk *w, const char *where, const char *s, size_t n)
{
	struct pkg_lines r = {s, n, 0, 0};
	const char *line, *v[3] = {NULL, NULL, NULL};
	size_t ln, vn[3] = {0, 0, 0};
	static const char *const keys[3] = {"groupId", "artifactId", "version"};

	while (pkg_lines_next(&r, &line, &ln)) {
		const char *sep, *val;
		size_t kn, valn;

		pkg_trim(&line, &ln);
		if (!ln || line[0] == '#' || line[0] == '!')
			continue;
		sep = line;
		while (sep < line + ln && *sep != '=' && *sep != ':')
			sep++;
		if (sep == line + ln)
			continue;
		kn = (size_t)(sep - line);
		val = sep + 1;
		valn = ln - kn - 1;
		while (kn && pkg_is_blank(line[kn - 1]))
			kn--;
		pkg_trim(&val, &valn);
		for (int i = 0; i < 3; i++)
			if (strlen(keys[i]) == kn && !memcmp(line, keys[i], kn)) {
				v[i] = val;
				vn[i] = valn;
			}
	}
	for (int i = 0; i < 3; i++)
		if (!v[i] || !jar_value_ok(v[i], vn[i]))
			return 0;
	if (jar_count(w, where))
		return -E2BIG;
	jar_add(w, where, v[0], vn[0], v[1], vn[1], v[2], vn[2]);
	return 1;
}

/*
 * The main section of a manifest (up to the first blank line): "Name: value"
 * lines, continuation lines starting with one space. vals[k] are the kept
 * attributes, unfolded; the caller releases them.
 */
static void jar_manifest_read(const char *s, size_t n, struct vakt_buf vals[MF_NKEYS])
{
	struct pkg_lines r = {s, n, 0, 0};
	const char *line;
	size_t ln;
	int cur = -1;

	while (pkg_lines_next(&r, &line, &ln)) {
		const char *colon;

		if (!ln)
			break;
		if (line[0] == ' ') {
			if (cur >= 0 && vals[cur].len + ln <= PKG_MAX_FIELD)
				vakt_buf_add(&vals[cur], line + 1, ln - 1);
			continue;
		}
		cur = -1;
		colon = memchr(line, ':', ln);
		if (!colon)
			continue;
		for (int k = 0; k < MF_NKEYS; k++) {
			const char *v = colon + 1;
			size_t vn = ln - (size_t)(v - line);

			if (strlen(mf_names[k]) != (size_t)(colon - line) ||
			    vakt_strncasecmp(line, mf_names[k], (size_t)(colon - line)))
				continue;
			pkg_trim(&v, &vn);
			vakt_buf_reset(&vals[k]);
			if (vn <= PKG_MAX_FIELD)
				vakt_buf_add(&vals[k], v, vn);
			cur = k;
		}
	}
}

/* The package a manifest names: 1 added, 0 none. */
static int jar_manifest(struct jar_walk *w, const char *where, const char *s, size_t n)
{
	struct vakt_buf vals[MF_NKEYS];
	static const int names[] = {MF_IMPL_TITLE, MF_BUNDLE_NAME, MF_SPEC_TITLE};
	static const int versions[] = {MF_IMPL_VERSION, MF_BUNDLE_VERSION, MF_SPEC_VERSION};
	const char *name = NULL, *version = NULL;
	size_t nn = 0, vn = 0;
	int rc = 0;

	for (int k = 0; k < MF_NKEYS; k++)
		vals[k] = (struct vakt_buf)VAKT_BUF_INIT;
	jar_manifest_read(s, n, vals);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(names) && !name; i++) {
		const struct vakt_buf *b = &vals[names[i]];
		/* Bundle-SymbolicName: "org.example.core;singleton:=true". */
		size_t k = strcspn(vakt_buf_str(b), ";");
		const char *t = vakt_buf_str(b);

		pkg_trim(&t, &k);
		/* "Apache Log4j Core" is a title, not a name to match. */
		if (jar_value_ok(t, k) && !memchr(t, ' ', k)) {
			name = t;
			nn = k;
		}
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(versions) && !version; i++) {
		const struct vakt_buf *b = &vals[versions[i]];

		if (jar_value_ok(vakt_buf_str(b), b->len)) {
			version = vakt_buf_str(b);
			vn = b->len;
		}
	}
	if (name && version) {
		rc = jar_count(w, where);
		if (!rc) {
			jar_add(w, where, NULL, 0, name, nn, version, vn);
			rc = 1;
		}
	}
	for (int k = 0; k < MF_NKEYS; k++)
		vakt_buf_release(&vals[k]);
	return rc;
}

/* "dir/log4j-core-2.14.1.jar" -> log4j-core, 2.14.1: 1 added, 0 when the name has no version. */
static int jar_file_name(struct jar_walk *w, const char *path)
{
	const char *base = strrchr(path, '/'), *cut = NULL;
	size_t n;

	base = base ? base + 1 : path;
	/* "app.war!/WEB-INF/lib/x.jar": the last component after any "!/". */
	n = strlen(base);
	if (n < 5 || !jar_is_archive(base))
		return 0;
	n -= 4;
	for (size_t i = 1; i + 1 < n; i++)
		if (base[i] == '-' && base[i + 1] >= '0' && base[i + 1] <= '9')
			cut = base + i;
	if (!cut || !jar_value_ok(base, (size_t)(cut - base)) ||
	    !jar_value_ok(cut + 1, n - (size_t)(cut + 1 - base)))
		return 0;
	if (jar_count(w, path))
		return -E2BIG;
	jar_add(w, path, NULL, 0, base, (size_t)(cut - base), cut + 1,
	        n - (size_t)(cut + 1 - base));
	return 1;
}

/* Read the current member whole into *b, within the ceilings. */
static int jar_member(struct jar_walk *w, struct archive *a, const char *where, struct vakt_buf *b)
{
	char chunk[65536];

	for (;;) {
		la_ssize_t k = archive_read_data(a, chunk, sizeof(chunk));

		if (k == 0)
			return 0;
		if (k < 0)
			return vakt_error_set_at(
			    w->err, -EINVAL, where, 0, 0, "cannot read the member: %s",
			    archive_error_string(a) ? archive_error_string(a) : "unknown error");
		if (b->len + (size_t)k > PKG_APP_MAX_MEMBER)
			return vakt_error_set_at(w->err, -EFBIG, where, 0, 0,
			                         "member larger than %u bytes once inflated",
			                         PKG_APP_MAX_MEMBER);
		if (w->total + (size_t)k > PKG_APP_MAX_ARCHIVE_TOTAL)
			return vakt_error_set_at(w->err, -EFBIG, where, 0, 0,
			                         "archive inflates to more than %u bytes in all",
			                         PKG_APP_MAX_ARCHIVE_TOTAL);
		w->total += (size_t)k;
		vakt_buf_add(b, chunk, (size_t)k);
	}
}

static int jar_walk_archive(struct jar_walk *w, const char *path, const char *data, size_t len,
                            int depth);

/* One member: what it is decides whether it is read. *poms counts pom.properties packages. */
static int jar_entry(struct jar_walk *w, struct archive *a, const char *path, const char *name,
                     int depth, int *poms, struct vakt_buf *manifest, char **manifest_at)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *where;
	int rc = 0;
	bool pom = jar_is_pom_properties(name), mf = !strcmp(name, "META-INF/MANIFEST.MF");
	bool nested = jar_is_archive(name);

	if (!pom && !mf && !nested)
		return 0;
	where = vakt_xstrdup(path);
	where = vakt_xrealloc(where, strlen(path) + 2 + strlen(name) + 1);
	memcpy(where + strlen(path), "!/", 2);
	memcpy(where + strlen(path) + 2, name, strlen(name) + 1);
	if (nested && depth + 1 > PKG_APP_MAX_NESTING) {
		rc =
		    vakt_error_set_at(w->err, -E2BIG, where, 0, 0,
		                      "archives nested deeper than %d levels", PKG_APP_MAX_NESTING);
		goto out;
	}
	rc = jar_member(w, a, where, &b);
	if (rc)
		goto out;
	if (pom) {
		rc = jar_pom_properties(w, where, b.data ? b.data : "", b.len);
		if (rc > 0)
			(*poms)++;
	} else if (mf) {
		vakt_buf_reset(manifest);
		vakt_buf_add(manifest, b.data ? b.data : "", b.len);
		free(*manifest_at);
		*manifest_at = where;
		where = NULL;
	} else {
		rc = jar_walk_archive(w, where, b.data ? b.data : "", b.len, depth + 1);
	}
out:
	free(where);
	vakt_buf_release(&b);
	return rc < 0 ? rc : 0;
}

/* One archive (the file, or a member at depth > 0) and what it holds. */
static int jar_walk_archive(struct jar_walk *w, const char *path, const char *data, size_t len,
                            int depth)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct vakt_buf manifest = VAKT_BUF_INIT;
	char *manifest_at = NULL;
	int poms = 0, rc = 0, r;
	size_t entries = 0;

	if (!a)
		return vakt_error_set_at(w->err, -ENOMEM, path, 0, 0, "cannot start libarchive");
	archive_read_support_format_zip(a);
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		rc = vakt_error_set_at(w->err, -EINVAL, path, 0, 0, "not a zip archive: %s",
		                       archive_error_string(a) ? archive_error_string(a)
		                                               : "unknown error");
		goto out;
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(e);

		if (++entries > JAR_MAX_ENTRIES) {
			rc = vakt_error_set_at(w->err, -E2BIG, path, 0, 0,
			                       "more than %d members in the archive",
			                       JAR_MAX_ENTRIES);
			goto out;
		}
		if (!name || archive_entry_filetype(e) != AE_IFREG)
			continue;
		rc = jar_entry(w, a, path, name, depth, &poms, &manifest, &manifest_at);
		if (rc)
			goto out;
	}
	if (r != ARCHIVE_EOF) {
		rc = vakt_error_set_at(w->err, -EINVAL, path, 0, 0, "cannot read the archive: %s",
		                       archive_error_string(a) ? archive_error_string(a)
		                                               : "unknown error");
		goto out;
	}
	if (poms)
		goto out;
	rc = manifest_at ? jar_manifest(w, manifest_at, vakt_buf_str(&manifest), manifest.len) : 0;
	if (rc == 0)
		rc = jar_file_name(w, path);
	rc = rc < 0 ? rc : 0;
out:
	archive_read_free(a);
	vakt_buf_release(&manifest);
	free(manifest_at);
	return rc;
}

long pkg_app_jar(const char *path, const char *data, size_t len, struct pkg_list *out,
                 struct vakt_error **err)
{
	struct jar_walk w = {.start = out->n, .out = out, .err = err};
	int rc;

	if (len > PKG_APP_MAX_ARCHIVE_TOTAL)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0, "archive larger than %u bytes",
		                         PKG_APP_MAX_ARCHIVE_TOTAL);
	rc = pkg_app_dl_load(err);
	if (rc)
		return rc;
	rc = jar_walk_archive(&w, path, data, len, 0);
	if (rc < 0) {
		pkg_list_truncate(out, w.start);
		return rc;
	}
	return (long)(out->n - w.start);
}
