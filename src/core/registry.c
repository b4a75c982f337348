/* SPDX-License-Identifier: MIT */
#include <pthread.h>

#include "rule.h"
#include "util.h"

/*
 * The rule tables of the floors above core: the domains', the container
 * rules compose and runline share (src/container/ctr-rules.c) and the
 * data-residency rules every domain applies (src/knowledge/residency-rules.c).
 * Core names them here for the link and includes none of their headers. A
 * domain may split its rules into several themed tables (each file keeps
 * its rules next to their checks); the registry lists them in the order
 * `vakt rules` shows them.
 */
extern const struct vakt_rule df_rules_security[];
extern const size_t df_rules_security_count;
extern const struct vakt_rule df_rules_run[];
extern const size_t df_rules_run_count;
extern const struct vakt_rule df_rules_build[];
extern const size_t df_rules_build_count;
extern const struct vakt_rule kube_rules_hardened[];
extern const size_t kube_rules_hardened_count;
extern const struct vakt_rule kube_rules_pss[];
extern const size_t kube_rules_pss_count;
extern const struct vakt_rule kube_rules_ns_pss[];
extern const size_t kube_rules_ns_pss_count;
extern const struct vakt_rule kube_rules_network[];
extern const size_t kube_rules_network_count;
extern const struct vakt_rule vakt_rules_residency[];
extern const size_t vakt_rules_residency_count;
extern const struct vakt_rule ctr_rules[];
extern const size_t ctr_rules_count;
extern const struct vakt_rule image_rules[];
extern const size_t image_rules_count;

#define REGISTRY_MAX_TABLES 32

static struct vakt_rule_table tables[REGISTRY_MAX_TABLES];
static size_t n_tables;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

/* The table sizes are link-time constants, not constant expressions: fill once. */
static void registry_fill(void)
{
	tables[0] =
	    (struct vakt_rule_table){"dockerfile", df_rules_security, df_rules_security_count};
	tables[1] = (struct vakt_rule_table){"dockerfile", df_rules_run, df_rules_run_count};
	tables[2] = (struct vakt_rule_table){"dockerfile", df_rules_build, df_rules_build_count};
	tables[3] =
	    (struct vakt_rule_table){"kubernetes", kube_rules_hardened, kube_rules_hardened_count};
	tables[4] = (struct vakt_rule_table){"kubernetes", kube_rules_pss, kube_rules_pss_count};
	tables[5] =
	    (struct vakt_rule_table){"kubernetes", kube_rules_ns_pss, kube_rules_ns_pss_count};
	tables[6] =
	    (struct vakt_rule_table){"kubernetes", kube_rules_network, kube_rules_network_count};
	tables[7] =
	    (struct vakt_rule_table){"residency", vakt_rules_residency, vakt_rules_residency_count};
	tables[8] = (struct vakt_rule_table){"compose", ctr_rules, ctr_rules_count};
	n_tables = 9;
	tables[n_tables++] = (struct vakt_rule_table){"image", image_rules, image_rules_count};
}

static void registry_init(void)
{
	pthread_once(&tables_once, registry_fill);
}

const struct vakt_rule_table *vakt_registry_tables(size_t *n)
{
	registry_init();
	*n = n_tables;
	return tables;
}

size_t vakt_registry_count(void)
{
	size_t total = 0;

	registry_init();
	for (size_t i = 0; i < n_tables; i++)
		total += tables[i].n;
	return total;
}

const struct vakt_rule *vakt_registry_at(size_t i)
{
	registry_init();
	for (size_t t = 0; t < n_tables; t++) {
		if (i < tables[t].n)
			return &tables[t].rules[i];
		i -= tables[t].n;
	}
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

const struct vakt_rule *vakt_registry_find(const char *name)
{
	size_t n = vakt_registry_count();

	/* Own ids and slugs win over peer aliases. */
	for (size_t i = 0; i < n; i++) {
		const struct vakt_rule *r = vakt_registry_at(i);

		if (!vakt_strcasecmp(r->id, name) || !vakt_strcasecmp(r->slug, name))
			return r;
	}
	for (size_t i = 0; i < n; i++) {
		const struct vakt_rule *r = vakt_registry_at(i);

		if (vakt_rule_matches(r, name))
			return r;
	}
	return NULL;
}
