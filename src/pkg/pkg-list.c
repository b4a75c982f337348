/* SPDX-License-Identifier: MIT */
/*
 * The package list: growth, release, a stable order, and the attribution
 * of packages to the layers that installed them. Also the table of where
 * package databases live.
 */
#include "pkg/pkg-priv.h"

const struct pkg_db_source pkg_db_sources[] = {
    {"var/lib/dpkg/status", PKG_DPKG, pkg_dpkg_parse_status},
    {"var/lib/dpkg/status.d/", PKG_DPKG, pkg_dpkg_parse_status_d},
    {"lib/apk/db/installed", PKG_APK, pkg_apk_parse_installed},
    {"usr/lib/apk/db/installed", PKG_APK, pkg_apk_parse_installed},
    {"var/lib/rpm/rpmdb.sqlite", PKG_RPM, pkg_rpm_parse_sqlite},
    {"usr/lib/sysimage/rpm/rpmdb.sqlite", PKG_RPM, pkg_rpm_parse_sqlite},
    {"usr/share/rpm/rpmdb.sqlite", PKG_RPM, pkg_rpm_parse_sqlite},
};
const size_t pkg_db_sources_n = VAKT_ARRAY_SIZE(pkg_db_sources);

struct pkg *pkg_list_add(struct pkg_list *l)
{
	struct pkg *p;

	l->v = vakt_grow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	p = &l->v[l->n++];
	memset(p, 0, sizeof(*p));
	p->layer = -1;
	return p;
}

void pkg_release(struct pkg *p)
{
	if (!p)
		return;
	free(p->name);
	free(p->version);
	free(p->arch);
	free(p->source);
	free(p->source_version);
	free(p->license);
	free(p->purl);
	free(p->found_in);
	free(p->group);
	free(p->built_using);
	memset(p, 0, sizeof(*p));
}

void pkg_list_truncate(struct pkg_list *l, size_t n)
{
	while (l->n > n)
		pkg_release(&l->v[--l->n]);
}

void pkg_list_release(struct pkg_list *l)
{
	if (!l)
		return;
	pkg_list_truncate(l, 0);
	free(l->v);
	l->v = NULL;
	l->cap = 0;
}

void pkg_os_release(struct pkg_os *os)
{
	if (!os)
		return;
	free(os->id);
	free(os->version_id);
	free(os->codename);
	free(os->pretty);
	free(os->id_like);
	memset(os, 0, sizeof(*os));
}

const char *pkg_type_name(enum pkg_type t)
{
	switch (t) {
	case PKG_DPKG:
		return "dpkg";
	case PKG_APK:
		return "apk";
	case PKG_RPM:
		return "rpm";
	case PKG_NPM:
		return "npm";
	case PKG_PYPI:
		return "pypi";
	case PKG_GO:
		return "golang";
	case PKG_MAVEN:
		return "maven";
	case PKG_CARGO:
		return "cargo";
	case PKG_GEM:
		return "gem";
	case PKG_COMPOSER:
		return "composer";
	}
	return "unknown";
}

void pkg_list_set_layer(struct pkg_list *l, size_t from, int layer)
{
	for (size_t i = from; i < l->n; i++)
		l->v[i].layer = layer;
}

/* NULL sorts first, so packages without an architecture come before the others. */
static int str_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* The identity of an installed package: what layer attribution matches on. */
static int pkg_key_cmp(const struct pkg *a, const struct pkg *b)
{
	int c;

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if ((c = str_cmp(a->name, b->name)))
		return c;
	if ((c = str_cmp(a->arch, b->arch)))
		return c;
	return str_cmp(a->version, b->version);
}

int pkg_compare(const struct pkg *a, const struct pkg *b)
{
	int c = pkg_key_cmp(a, b);

	if (c)
		return c;
	if (a->layer != b->layer)
		return a->layer < b->layer ? -1 : 1;
	if (a->line != b->line)
		return (a->line > b->line) - (a->line < b->line);
	/* One package declared at the same line of two files: by file, for a stable order. */
	return str_cmp(a->found_in, b->found_in);
}

static int pkg_cmp(const void *pa, const void *pb)
{
	return pkg_compare(pa, pb);
}

void pkg_list_sort(struct pkg_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), pkg_cmp);
}

static int pkg_ptr_key_cmp(const void *pa, const void *pb)
{
	return pkg_key_cmp(*(const struct pkg *const *)pa, *(const struct pkg *const *)pb);
}

/* An index of one snapshot, sorted by identity, for binary search. */
static const struct pkg **snapshot_index(const struct pkg_list *l)
{
	const struct pkg **v = vakt_xcalloc(l->n ? l->n : 1, sizeof(const struct pkg *));

	for (size_t i = 0; i < l->n; i++)
		v[i] = &l->v[i];
	if (l->n > 1)
		qsort(v, l->n, sizeof(const struct pkg *), pkg_ptr_key_cmp);
	return v;
}

void pkg_list_assign_layers(struct pkg_list *final, const struct pkg_list *snaps,
                            const int *snap_layer, size_t n)
{
	const struct pkg ***idx;

	if (!n)
		return;
	idx = vakt_xcalloc(n, sizeof(*idx));
	for (size_t s = 0; s < n; s++)
		idx[s] = snapshot_index(&snaps[s]);
	for (size_t i = 0; i < final->n; i++) {
		const struct pkg *key = &final->v[i];
		int layer = -1;

		/* Walk back from the newest snapshot while the package is there. */
		for (size_t s = n; s-- > 0;) {
			if (!snaps[s].n || !bsearch(&key, idx[s], snaps[s].n,
			                            sizeof(const struct pkg *), pkg_ptr_key_cmp))
				break;
			layer = snap_layer[s];
		}
		if (layer >= 0)
			final->v[i].layer = layer;
	}
	for (size_t s = 0; s < n; s++)
		free(idx[s]);
	free(idx);
}
