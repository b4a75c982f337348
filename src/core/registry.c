/* SPDX-License-Identifier: MIT */
#include "domain.h"
#include "rule.h"
#include "util.h"

/*
 * The registry is a view of the descriptors (domain.h): their tables, in
 * the order of VAKT_DOMAINS_RULES. Tables end with {.id = NULL}, so the
 * view needs no sizes from the link and nothing to fill at run time.
 */
static const struct vakt_domain *const domains[] = {VAKT_DOMAINS_RULES};

size_t vakt_rules_count(const struct vakt_rule *table)
{
	size_t n = 0;

	while (table[n].id)
		n++;
	return n;
}

size_t vakt_registry_count(void)
{
	size_t total = 0;

	for (size_t d = 0; d < VAKT_ARRAY_SIZE(domains); d++)
		for (const struct vakt_rule *const *t = domains[d]->tables; t && *t; t++)
			total += vakt_rules_count(*t);
	return total;
}

const struct vakt_rule *vakt_registry_at(size_t i)
{
	for (size_t d = 0; d < VAKT_ARRAY_SIZE(domains); d++)
		for (const struct vakt_rule *const *t = domains[d]->tables; t && *t; t++)
			for (const struct vakt_rule *r = *t; r->id; r++)
				if (!i--)
					return r;
	return NULL;
}

/* Trivy writes the same check as AVD-DS-0002, DS-0002 or DS002. */
static bool trivy_id_matches(const char *id, const char *name)
{
	const char *num, *n;

	if (vakt_istarts_with(id, "AVD-"))
		id += 4;
	if (vakt_istarts_with(name, "AVD-"))
		name += 4;
	num = strchr(id, '-');
	/* n[-1] is read below: a name starting with a digit has no prefix to compare. */
	if (!num || !(n = strpbrk(name, "0123456789")) || n == name)
		return false;
	if ((size_t)(num - id) != (size_t)(n - name - (n[-1] == '-')) ||
	    vakt_strncasecmp(id, name, (size_t)(num - id)))
		return false;
	/* Compare the numbers without leading zeros. */
	num++;
	while (*num == '0')
		num++;
	while (*n == '0')
		n++;
	return *num && !vakt_strcasecmp(num, n);
}

int vakt_rule_matches(const struct vakt_rule *r, const char *name)
{
	if (!vakt_strcasecmp(r->id, name) || !vakt_strcasecmp(r->slug, name))
		return 1;
	for (const char *const *e = r->equivalents; e && *e; e++) {
		const char *colon = strchr(*e, ':');
		const char *id = colon ? colon + 1 : *e;

		if (!vakt_strcasecmp(*e, name) || !vakt_strcasecmp(id, name))
			return 1;
		if (colon && !strncmp(*e, "trivy:", 6) && trivy_id_matches(id, name))
			return 1;
	}
	return 0;
}

unsigned vakt_rule_peer_facets(const struct vakt_rule *r, const char *equivalent)
{
	unsigned bits = 0;

	for (size_t i = 0; r->facets && r->facets[i].name && i < VAKT_RULE_MAX_FACETS; i++)
		for (const char *const *p = r->facets[i].peers; p && *p; p++)
			if (!strcmp(*p, equivalent))
				bits |= 1u << i;
	return bits ? bits : VAKT_FACETS_ALL;
}

unsigned vakt_rule_match_facets(const struct vakt_rule *r, const char *name)
{
	unsigned covered = 0;

	if (!vakt_strcasecmp(name, "all") || !vakt_strcasecmp(r->id, name) ||
	    !vakt_strcasecmp(r->slug, name))
		return VAKT_FACETS_ALL;
	for (const char *const *e = r->equivalents; e && *e; e++) {
		const char *colon = strchr(*e, ':');
		const char *id = colon ? colon + 1 : *e;

		if (!vakt_strcasecmp(*e, name) || !vakt_strcasecmp(id, name) ||
		    (colon && !strncmp(*e, "trivy:", 6) && trivy_id_matches(id, name)))
			covered |= vakt_rule_peer_facets(r, *e);
	}
	return covered;
}

bool vakt_facets_cover(const struct vakt_rule *r, unsigned covered, unsigned facets)
{
	unsigned need = facets, n = 0;

	if (!need) {
		while (r->facets && r->facets[n].name && n < VAKT_RULE_MAX_FACETS)
			n++;
		need = n ? (1u << n) - 1 : VAKT_FACETS_ALL;
	}
	return (covered & need) == need;
}

/* How many letters id begins with: 3 for KSV010 and CIS-DI-0001. */
static size_t leading_letters(const char *id)
{
	size_t m = 0;

	while ((id[m] >= 'A' && id[m] <= 'Z') || (id[m] >= 'a' && id[m] <= 'z'))
		m++;
	return m;
}

/* Whether the id of equivalent ("trivy:KSV010") begins with exactly the letters s[0..n). */
static bool equivalent_prefix_is(const char *equivalent, const char *s, size_t n)
{
	const char *colon = strchr(equivalent, ':');
	const char *id = colon ? colon + 1 : equivalent;

	if (leading_letters(id) == n && !strncmp(id, s, n))
		return true;
	/* Trivy's short form drops the AVD- */
	return !strncmp(id, "AVD-", 4) && leading_letters(id + 4) == n && !strncmp(id + 4, s, n);
}

bool vakt_registry_peer_prefix(const char *s, size_t n)
{
	for (size_t d = 0; d < VAKT_ARRAY_SIZE(domains); d++)
		for (const struct vakt_rule *const *t = domains[d]->tables; t && *t; t++)
			for (const struct vakt_rule *r = *t; r->id; r++)
				for (const char *const *e = r->equivalents; e && *e; e++)
					if (equivalent_prefix_is(*e, s, n))
						return true;
	return false;
}

/* The first rule of the registry that matches name by own id or slug (own) or by any name. */
static const struct vakt_rule *registry_first(const char *name, bool own)
{
	for (size_t d = 0; d < VAKT_ARRAY_SIZE(domains); d++)
		for (const struct vakt_rule *const *t = domains[d]->tables; t && *t; t++)
			for (const struct vakt_rule *r = *t; r->id; r++)
				if (own ? !vakt_strcasecmp(r->id, name) ||
				              !vakt_strcasecmp(r->slug, name)
				        : vakt_rule_matches(r, name))
					return r;
	return NULL;
}

const struct vakt_rule *vakt_registry_find(const char *name)
{
	const struct vakt_rule *r = registry_first(name, true);

	/* Own ids and slugs win over peer aliases. */
	return r ? r : registry_first(name, false);
}
