/* SPDX-License-Identifier: MIT */
/*
 * Alias merging (vuln-merge.h has the contract). The ids the matches carry
 * are sorted once; the records about one vulnerability join through a
 * union-find over those ids, and a bundle (a record about several CVEs)
 * is attached to each of its CVEs' groups without joining them.
 */
#include "vuln/vuln-merge.h"

#include "core/util.h"

bool vuln_id_is_cve(const char *id)
{
	return id && !strncmp(id, "CVE-", 4) && id[4];
}

/* One id a match is about. */
struct occ {
	const char *key;
	size_t match;
	size_t idx; /* the key's index among the distinct keys */
};

struct merge {
	const struct vuln_match *m;
	struct occ *occ;
	size_t n_occ, cap_occ;
	size_t *parent; /* union-find over distinct keys */
	bool *bundle;   /* per match: about several CVEs */
};

static void occ_add(struct merge *g, const char *key, size_t match)
{
	if (!key || !*key)
		return;
	g->occ = vakt_grow(g->occ, sizeof(*g->occ), g->n_occ + 1, &g->cap_occ);
	g->occ[g->n_occ++] = (struct occ){key, match, 0};
}

/* Add the CVEs among ids[0..n) for match i; how many were added. */
static size_t occ_add_cves(struct merge *g, char *const *ids, size_t n, size_t i)
{
	size_t k = 0;

	for (size_t j = 0; j < n; j++)
		if (vuln_id_is_cve(ids[j])) {
			occ_add(g, ids[j], i);
			k++;
		}
	return k;
}

/* The ids match i is about (vuln-merge.h); false when it takes no part. */
static bool occ_collect(struct merge *g, size_t i)
{
	const struct vuln_record *r = g->m[i].record;
	size_t from = g->n_occ, k;

	if (!r || !r->id || !*r->id || !g->m[i].verdict.affected || vuln_record_withdrawn(r))
		return false;
	k = occ_add_cves(g, &r->id, 1, i);
	k += occ_add_cves(g, r->aliases, r->n_aliases, i);
	k += occ_add_cves(g, r->upstream, r->n_upstream, i);
	if (!k)
		occ_add_cves(g, r->related, r->n_related, i);
	/* The same CVE named twice (as id and upstream) is still one. */
	for (size_t a = from + 1; a < g->n_occ && !g->bundle[i]; a++)
		g->bundle[i] = strcmp(g->occ[from].key, g->occ[a].key) != 0;
	if (g->bundle[i])
		return true;
	/* About one vulnerability: every name the record gives it is that vulnerability's. */
	occ_add(g, r->id, i);
	for (size_t j = 0; j < r->n_aliases; j++)
		occ_add(g, r->aliases[j], i);
	return true;
}

static int occ_cmp_key(const void *pa, const void *pb)
{
	const struct occ *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	return a->match < b->match ? -1 : a->match > b->match;
}

static size_t uf_find(size_t *parent, size_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static void uf_union(size_t *parent, size_t a, size_t b)
{
	a = uf_find(parent, a);
	b = uf_find(parent, b);
	/* The smaller index is the root: the root is the key first in sorted order. */
	if (a < b)
		parent[b] = a;
	else if (b < a)
		parent[a] = b;
}

/* (component, match) and (component, key) pairs, to gather each group's parts. */
struct pair {
	size_t comp;
	size_t x;
};

static int pair_cmp(const void *pa, const void *pb)
{
	const struct pair *a = pa, *b = pb;

	if (a->comp != b->comp)
		return a->comp < b->comp ? -1 : 1;
	return a->x < b->x ? -1 : a->x > b->x;
}

static int str_cmp(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* Sort v[from..n) and drop duplicates and anything equal to keep; the new count. */
static size_t strs_unique(const char **v, size_t from, size_t n, const char *keep)
{
	size_t w = from;

	qsort(v + from, n - from, sizeof(*v), str_cmp);
	for (size_t i = from; i < n; i++) {
		if (keep && !strcmp(v[i], keep))
			continue;
		if (w > from && !strcmp(v[w - 1], v[i]))
			continue;
		v[w++] = v[i];
	}
	return w;
}

struct strs {
	const char **v;
	size_t n, cap;
};

static void strs_add(struct strs *s, const char *x)
{
	if (!x || !*x)
		return;
	s->v = vakt_grow(s->v, sizeof(*s->v), s->n + 1, &s->cap);
	s->v[s->n++] = x;
}

static void strs_add_all(struct strs *s, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strs_add(s, v[i]);
}

/* The ids of group grp, primary first. */
static void group_ids(const struct merge *g, struct vuln_group *grp, const char *primary)
{
	struct strs s = {0};

	/* primary is a key of the group (never NULL nor empty): v[0], whatever follows. */
	s.v = vakt_grow(s.v, sizeof(*s.v), 1, &s.cap);
	s.v[s.n++] = primary;
	for (size_t k = 0; k < grp->n_members; k++) {
		size_t i = grp->members[k];
		const struct vuln_record *r = g->m[i].record;

		strs_add(&s, r->id);
		/* A bundle's other ids are other vulnerabilities' names. */
		if (g->bundle[i])
			continue;
		strs_add_all(&s, r->aliases, r->n_aliases);
		strs_add_all(&s, r->upstream, r->n_upstream);
	}
	grp->n_ids = strs_unique(s.v, 1, s.n, primary);
	grp->ids = s.v;
	grp->primary = s.v[0];
}

/* A severity with its place in member order, to drop duplicates and keep that order. */
struct sev_at {
	const struct vuln_severity *sev;
	size_t at;
};

static int sev_cmp(const struct vuln_severity *a, const struct vuln_severity *b)
{
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return strcmp(a->score ? a->score : "", b->score ? b->score : "");
}

static int sev_at_cmp(const void *pa, const void *pb)
{
	const struct sev_at *a = pa, *b = pb;
	int c = sev_cmp(a->sev, b->sev);

	if (c)
		return c;
	return a->at < b->at ? -1 : a->at > b->at;
}

/* The distinct severities the members state, in member order. */
static void group_severity(const struct merge *g, struct vuln_group *grp)
{
	struct vuln_group_severity *v = NULL;
	struct sev_at *s;
	size_t n = 0, cap = 0, w = 0;
	bool *keep;

	for (size_t k = 0; k < grp->n_members; k++) {
		const struct vuln_match *m = &g->m[grp->members[k]];
		const struct vuln_severity *lists[2] = {m->record->severity,
		                                        m->affected ? m->affected->severity : NULL};
		size_t counts[2] = {m->record->n_severity,
		                    m->affected ? m->affected->n_severity : 0};

		for (int l = 0; l < 2; l++)
			for (size_t j = 0; j < counts[l]; j++) {
				v = vakt_grow(v, sizeof(*v), n + 1, &cap);
				v[n++] = (struct vuln_group_severity){&lists[l][j], m->record};
			}
	}
	if (!n)
		return;
	s = vakt_xmalloc(n * sizeof(*s));
	keep = vakt_xcalloc(n, sizeof(*keep));
	for (size_t i = 0; i < n; i++)
		s[i] = (struct sev_at){v[i].severity, i};
	qsort(s, n, sizeof(*s), sev_at_cmp);
	for (size_t i = 0; i < n; i++)
		keep[s[i].at] = !i || sev_cmp(s[i].sev, s[i - 1].sev);
	for (size_t i = 0; i < n; i++)
		if (keep[i])
			v[w++] = v[i];
	free(keep);
	free(s);
	grp->severity = v;
	grp->n_severity = w;
}

/* The distinct urgency words of the members' entries, in member order. */
static void group_urgency(const struct merge *g, struct vuln_group *grp)
{
	struct strs s = {0};

	for (size_t k = 0; k < grp->n_members; k++) {
		const struct vuln_affected *a = g->m[grp->members[k]].affected;
		bool seen = false;

		if (!a || !a->urgency || !*a->urgency)
			continue;
		/* A handful of words at most: Debian's and Ubuntu's scales. */
		for (size_t j = 0; j < s.n && !seen; j++)
			seen = !strcmp(s.v[j], a->urgency);
		if (!seen && s.n < 16)
			strs_add(&s, a->urgency);
	}
	grp->urgency = s.v;
	grp->n_urgency = s.n;
}

/* The fix, whether it is partial, whether it will not come, and a summary. */
static void group_fix(enum pkg_version_scheme sch, const struct merge *g, struct vuln_group *grp)
{
	bool open = false, wont = false;

	for (size_t k = 0; k < grp->n_members; k++) {
		size_t i = grp->members[k];
		const struct vuln_match *m = &g->m[i];
		const char *f = m->verdict.fixed;

		if (!f) {
			open = true;
			wont = wont || (m->affected && m->affected->fix_state == VULN_FIX_WONT_FIX);
		} else if (!grp->fixed || pkg_version_cmp(sch, f, grp->fixed) > 0) {
			grp->fixed = f;
			grp->fixed_by = i;
		}
	}
	grp->partly_fixed = grp->fixed && open;
	grp->wont_fix = !grp->fixed && wont;
	for (int pass = 0; pass < 2 && !grp->summary; pass++)
		for (size_t k = 0; k < grp->n_members && !grp->summary; k++) {
			const struct vuln_record *r = g->m[grp->members[k]].record;

			if (r->summary && *r->summary && (pass || !strcmp(r->id, grp->primary)))
				grp->summary = r->summary;
		}
}

static int group_cmp(const void *pa, const void *pb)
{
	const struct vuln_group *a = pa, *b = pb;

	return strcmp(a->primary, b->primary);
}

/* The primary id of the component whose keys are keys[0..n) (sorted): its CVE, else its first. */
static const char *comp_primary(const struct pair *keys, size_t n, const struct occ *occ,
                                const size_t *first_occ)
{
	for (size_t j = 0; j < n; j++)
		if (vuln_id_is_cve(occ[first_occ[keys[j].x]].key))
			return occ[first_occ[keys[j].x]].key;
	return occ[first_occ[keys[0].x]].key;
}

void vuln_merge(enum pkg_version_scheme sch, const struct vuln_match *m, size_t n,
                struct vuln_group_list *out)
{
	struct merge g = {.m = m};
	struct pair *mem, *keys;
	size_t n_keys = 0, n_mem = 0, n_comp = 0, *first_occ, from = out->n;

	if (!n)
		return;
	g.bundle = vakt_xcalloc(n, sizeof(*g.bundle));
	for (size_t i = 0; i < n; i++)
		occ_collect(&g, i);
	if (!g.n_occ)
		goto out;
	qsort(g.occ, g.n_occ, sizeof(*g.occ), occ_cmp_key);
	/* Number the distinct keys; first_occ[k] is where key k first occurs. */
	first_occ = vakt_xmalloc(g.n_occ * sizeof(*first_occ));
	for (size_t j = 0; j < g.n_occ; j++) {
		if (!j || strcmp(g.occ[j].key, g.occ[j - 1].key))
			first_occ[n_keys++] = j;
		g.occ[j].idx = n_keys - 1;
	}
	g.parent = vakt_xmalloc(n_keys * sizeof(*g.parent));
	for (size_t k = 0; k < n_keys; k++)
		g.parent[k] = k;
	/* A record about one vulnerability under several names joins them (aliases). */
	{
		size_t *last = vakt_xmalloc(n * sizeof(*last));

		for (size_t i = 0; i < n; i++)
			last[i] = SIZE_MAX;
		for (size_t j = 0; j < g.n_occ; j++) {
			size_t i = g.occ[j].match;

			if (g.bundle[i])
				continue;
			if (last[i] != SIZE_MAX)
				uf_union(g.parent, last[i], g.occ[j].idx);
			last[i] = g.occ[j].idx;
		}
		free(last);
	}
	/* Members of each component: every match with a key in it, each once. */
	mem = vakt_xmalloc(g.n_occ * sizeof(*mem));
	for (size_t j = 0; j < g.n_occ; j++)
		mem[n_mem++] = (struct pair){uf_find(g.parent, g.occ[j].idx), g.occ[j].match};
	qsort(mem, n_mem, sizeof(*mem), pair_cmp);
	keys = vakt_xmalloc(n_keys * sizeof(*keys));
	for (size_t k = 0; k < n_keys; k++) {
		keys[k] = (struct pair){uf_find(g.parent, k), k};
		n_comp += keys[k].comp == k;
	}
	qsort(keys, n_keys, sizeof(*keys), pair_cmp);
	/* One group per component: every key is some match's, so each component has members. */
	out->v = vakt_grow(out->v, sizeof(*out->v), out->n + n_comp, &out->cap);
	for (size_t a = 0, kk = 0; a < n_mem;) {
		size_t b = a, kb;
		struct vuln_group *grp;

		while (b < n_mem && mem[b].comp == mem[a].comp)
			b++;
		while (keys[kk].comp != mem[a].comp)
			kk++;
		for (kb = kk; kb < n_keys && keys[kb].comp == mem[a].comp; kb++)
			;
		grp = &out->v[out->n++];
		memset(grp, 0, sizeof(*grp));
		grp->members = vakt_xmalloc((b - a) * sizeof(*grp->members));
		for (size_t j = a; j < b; j++)
			if (!grp->n_members || grp->members[grp->n_members - 1] != mem[j].x)
				grp->members[grp->n_members++] = mem[j].x;
		group_ids(&g, grp, comp_primary(keys + kk, kb - kk, g.occ, first_occ));
		group_severity(&g, grp);
		group_urgency(&g, grp);
		group_fix(sch, &g, grp);
		a = b;
		kk = kb;
	}
	qsort(out->v + from, out->n - from, sizeof(*out->v), group_cmp);
	free(keys);
	free(mem);
	free(first_occ);
out:
	free(g.parent);
	free(g.occ);
	free(g.bundle);
}

void vuln_group_list_release(struct vuln_group_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].ids);
		free(l->v[i].members);
		free(l->v[i].severity);
		free(l->v[i].urgency);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}
