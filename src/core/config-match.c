/* SPDX-License-Identifier: MIT */
/*
 * The questions a scan asks of the configuration: is this finding ignored,
 * what is this rule's severity, is this path excluded.
 *
 * Globs are matched by our own matcher rather than fnmatch(3): glibc's
 * fnmatch backtracks exponentially on patterns with many '*', and a
 * .vakt.yaml in a scanned pull request is untrusted input.
 */
#include "config.h"
#include "finding.h"

/* ---- matching ----------------------------------------------------------- */

/*
 * Match one pattern unit at *g (a literal, '?', "[set]" or "\x") against the
 * byte c; *g advances past the unit whatever the result.
 */
static bool glob_unit_match(const char **g, const char *ge, unsigned char c)
{
	const char *p = *g;

	if (*p == '?') {
		*g = p + 1;
		return true;
	}
	if (*p == '\\' && p + 1 < ge) {
		*g = p + 2;
		return (unsigned char)p[1] == c;
	}
	if (*p == '[') {
		const char *q = p + 1;
		bool negate = false, hit = false;

		if (q < ge && (*q == '!' || *q == '^')) {
			negate = true;
			q++;
		}
		/* A ']' first in the set is a member. */
		for (bool first = true; q < ge && (first || *q != ']'); first = false) {
			unsigned char lo = (unsigned char)*q, hi;

			if (*q == '\\' && q + 1 < ge)
				lo = (unsigned char)*++q;
			q++;
			hi = lo;
			if (q + 1 < ge && *q == '-' && q[1] != ']') {
				q++;
				if (*q == '\\' && q + 1 < ge)
					q++;
				hi = (unsigned char)*q++;
			}
			if (c >= lo && c <= hi)
				hit = true;
		}
		if (q < ge) { /* found the closing ']' */
			*g = q + 1;
			return hit != negate;
		}
		/* No closing ']': the '[' is literal. */
	}
	*g = p + 1;
	return (unsigned char)*p == c;
}

/*
 * One path component against one pattern component, '*' not crossing '/'.
 * Greedy with one backtrack point: O(pattern * name), never exponential.
 */
static bool glob_component_match(const char *g, const char *ge, const char *s, const char *se)
{
	const char *star_g = NULL, *star_s = NULL;

	while (s < se) {
		if (g < ge && *g == '*') {
			while (g < ge && *g == '*')
				g++;
			star_g = g;
			star_s = s;
			continue;
		}
		if (g < ge) {
			const char *next = g;

			if (glob_unit_match(&next, ge, (unsigned char)*s)) {
				g = next;
				s++;
				continue;
			}
		}
		if (!star_g)
			return false;
		g = star_g;
		s = ++star_s;
	}
	while (g < ge && *g == '*')
		g++;
	return g == ge;
}

struct seg {
	const char *s;
	size_t n;
};

/* Split at '/', dropping empty and "." components; out may be NULL to count. */
static size_t segs_split(const char *p, struct seg *out)
{
	size_t n = 0;

	while (*p) {
		size_t len = strcspn(p, "/");

		if (len && !(len == 1 && *p == '.')) {
			if (out)
				out[n] = (struct seg){p, len};
			n++;
		}
		p += len;
		p += *p == '/';
	}
	return n;
}

static bool seg_is_globstar(const struct seg *g)
{
	return g->n == 2 && g->s[0] == '*' && g->s[1] == '*';
}

/* Components against components, "**" standing for any number of them. */
static bool segs_match(const struct seg *g, size_t ng, const struct seg *p, size_t np)
{
	size_t gi = 0, pi = 0, star_g = SIZE_MAX, star_p = 0;

	while (pi < np) {
		if (gi < ng && seg_is_globstar(&g[gi])) {
			star_g = ++gi;
			star_p = pi;
			continue;
		}
		if (gi < ng &&
		    glob_component_match(g[gi].s, g[gi].s + g[gi].n, p[pi].s, p[pi].s + p[pi].n)) {
			gi++;
			pi++;
			continue;
		}
		if (star_g == SIZE_MAX)
			return false;
		gi = star_g;
		pi = ++star_p;
	}
	while (gi < ng && seg_is_globstar(&g[gi]))
		gi++;
	return gi == ng;
}

/*
 * Whether glob matches path or a tail of it that starts after a '/': the
 * config does not know where the scan started, so a glob for everything under
 * legacy must match "legacy/x", "./legacy/x" and "repo/legacy/x" alike. A glob that starts
 * with '/' is matched against the whole (absolute) path only.
 */
static bool glob_match(const char *glob, const char *path)
{
	size_t ng = segs_split(glob, NULL), np = segs_split(path, NULL);
	struct seg *g, *p;
	bool hit = false, globstar = false;

	if (!ng || !np)
		return false;
	g = vakt_xmalloc((ng + np) * sizeof(*g));
	p = g + ng;
	segs_split(glob, g);
	segs_split(path, p);
	for (size_t i = 0; i < ng && !globstar; i++)
		globstar = seg_is_globstar(&g[i]);
	if (glob[0] == '/')
		hit = path[0] == '/' && segs_match(g, ng, p, np);
	else if (!globstar)
		hit = np >= ng && segs_match(g, ng, p + np - ng, ng); /* only one tail fits */
	else if (seg_is_globstar(&g[0]))
		hit = segs_match(g, ng, p, np); /* a leading "**" covers every tail */
	else
		for (size_t i = 0; i < np && !hit; i++)
			hit = segs_match(g, ng, p + i, np - i);
	free(g);
	return hit;
}

static bool globs_match(const struct vakt_strv *globs, const char *path)
{
	for (size_t i = 0; i < globs->n; i++)
		if (glob_match(globs->v[i], path))
			return true;
	return false;
}

/*
 * Whether glob matches object part by part, the glob possibly shorter: an
 * object's pattern covers its containers too ("Deployment/shop/web" matches
 * "Deployment/shop/web/container[app]").
 */
static bool object_glob_match(const char *glob, const char *object)
{
	const char *g = glob, *o = object;

	for (;;) {
		size_t gn = strcspn(g, "/"), on = strcspn(o, "/");

		/* '*', '?', the rest literal ("container[app]" has brackets), any case. */
		if (!vakt_glob_match(g, gn, o, on, true))
			return false;
		g += gn;
		o += on;
		if (!*g)
			return true;
		if (!*o)
			return false;
		g++;
		o++;
	}
}

static bool object_globs_match(const struct vakt_strv *globs, const char *object)
{
	for (size_t i = 0; i < globs->n; i++)
		if (object_glob_match(globs->v[i], object))
			return true;
	return false;
}

const struct vakt_config_ignore *vakt_config_ignore_match(const struct vakt_config *c,
                                                          const struct vakt_rule *rule,
                                                          unsigned facets, const char *file,
                                                          const char *object)
{
	if (!c || !rule)
		return NULL;
	for (size_t i = 0; i < c->n_ignores; i++) {
		const struct vakt_config_ignore *e = &c->ignores[i];

		/* A peer's name that checks part of the rule covers only that part. */
		if (e->expired || e->id ||
		    !vakt_facets_cover(rule, vakt_rule_match_facets(rule, e->rule), facets))
			continue;
		if (e->paths.n && !(file && globs_match(&e->paths, file)))
			continue;
		if (e->objects.n && !(object && object_globs_match(&e->objects, object)))
			continue;
		return e;
	}
	return NULL;
}

const struct vakt_config_ignore *vakt_config_ignore_match_id(const struct vakt_config *c,
                                                             const struct vakt_finding_ext *x,
                                                             const char *file, const char *object)
{
	for (size_t i = 0; c && x && x->id && i < c->n_ignores; i++) {
		const struct vakt_config_ignore *e = &c->ignores[i];

		if (e->expired || !e->id || !vakt_finding_ext_has_id(x, e->rule))
			continue;
		if (e->paths.n && !(file && globs_match(&e->paths, file)))
			continue;
		if (e->objects.n && !(object && object_globs_match(&e->objects, object)))
			continue;
		return e;
	}
	return NULL;
}

bool vakt_config_ignores_object(const struct vakt_config *c, const struct vakt_rule *rule,
                                const char *file, const char *object, const char **reason)
{
	const struct vakt_config_ignore *e = vakt_config_ignore_match(c, rule, 0, file, object);

	if (e && reason)
		*reason = e->reason;
	return e != NULL;
}

bool vakt_config_ignores(const struct vakt_config *c, const struct vakt_rule *rule,
                         const char *file, const char **reason)
{
	return vakt_config_ignores_object(c, rule, file, NULL, reason);
}

enum vakt_severity vakt_config_severity(const struct vakt_config *c, const struct vakt_rule *rule)
{
	for (size_t i = c ? c->n_overrides : 0; i-- > 0;)
		if (vakt_rule_matches(rule, c->overrides[i].rule))
			return c->overrides[i].severity;
	return rule->severity;
}

bool vakt_config_excludes(const struct vakt_config *c, const char *path)
{
	return c && path && globs_match(&c->exclude, path);
}
