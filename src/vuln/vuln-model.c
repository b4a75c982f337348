/* SPDX-License-Identifier: MIT */
/* Freeing vulnerability records and growing lists of them (vuln-model.h). */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "vuln-model.h"

static void strs_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void severities_free(struct vuln_severity *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].score);
	free(v);
}

static void affected_release(struct vuln_affected *a)
{
	free(a->ecosystem);
	free(a->name);
	for (size_t i = 0; i < a->n_ranges; i++) {
		for (size_t k = 0; k < a->ranges[i].n_events; k++)
			free(a->ranges[i].events[k].version);
		free(a->ranges[i].events);
	}
	free(a->ranges);
	strs_free(a->versions, a->n_versions);
	severities_free(a->severity, a->n_severity);
	free(a->urgency);
}

void vuln_record_release(struct vuln_record *r)
{
	if (!r)
		return;
	if (r->block) {
		free(r->block);
		memset(r, 0, sizeof(*r));
		return;
	}
	free(r->id);
	free(r->modified);
	free(r->published);
	free(r->withdrawn);
	free(r->summary);
	strs_free(r->aliases, r->n_aliases);
	strs_free(r->upstream, r->n_upstream);
	strs_free(r->related, r->n_related);
	severities_free(r->severity, r->n_severity);
	for (size_t i = 0; i < r->n_affected; i++)
		affected_release(&r->affected[i]);
	free(r->affected);
	memset(r, 0, sizeof(*r));
}

struct vuln_record *vuln_record_list_add(struct vuln_record_list *l)
{
	l->v = vakt_grow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	return &l->v[l->n++];
}

void vuln_record_list_release(struct vuln_record_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		vuln_record_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
