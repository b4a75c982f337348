/* SPDX-License-Identifier: MIT */
/*
 * Compiling the collected items: lists spliced, macros parsed and
 * expanded (a macro sees the macros defined before it, a rule sees them
 * all), exceptions added as `and not (...)`, fields bound and checked
 * (rt-compile-check.c), the event types each rule can match computed, and
 * the rules indexed by event type.
 */
#include <string.h>

#include "rt-compile.h"

/* --- lists ---------------------------------------------------------------- */

static bool list_flatten(struct rt_ruleset *rs, struct rt_list_def *l)
{
	struct rt_lit *flat = NULL;
	size_t n = 0, cap = 0;

	if (l->state == 2)
		return true;
	if (l->state)
		return false; /* in progress (a cycle through redefinitions) or failed */
	l->state = 1;
	for (size_t i = 0; i < l->n_items; i++) {
		size_t idx;
		struct rt_list_def *ref = NULL;

		if (rt_strmap_get(&rs->list_names, l->items[i], &idx) &&
		    rs->lists[idx]->index < l->visibility && rs->lists[idx] != l)
			ref = rs->lists[idx];
		if (ref) {
			ref->used = true;
			if (!list_flatten(rs, ref)) {
				rt_diags_add(&rs->diags, false, RT_LOAD_ERR_VALIDATE,
				             &l->item_pos[i], "list", l->name,
				             "list '%s' cannot be spliced here", ref->name);
				goto fail;
			}
			if (n + ref->n_flat > RT_MAX_LIST_ITEMS)
				goto too_large;
			flat = vakt_grow(flat, sizeof(*flat), n + ref->n_flat + 1, &cap);
			if (ref->n_flat)
				memcpy(flat + n, ref->flat, ref->n_flat * sizeof(*flat));
			n += ref->n_flat;
			continue;
		}
		if (n + 1 > RT_MAX_LIST_ITEMS)
			goto too_large;
		flat = vakt_grow(flat, sizeof(*flat), n + 1, &cap);
		flat[n] = rt_lit_from_item(&rs->compiled, l->items[i], strlen(l->items[i]));
		flat[n++].pos = l->item_pos[i];
	}
	l->flat = rt_arena_alloc(&rs->compiled, (n ? n : 1) * sizeof(*flat));
	if (n)
		memcpy(l->flat, flat, n * sizeof(*flat));
	l->n_flat = n;
	free(flat);
	l->state = 2;
	return true;
too_large:
	rt_diags_add(&rs->diags, false, RT_LOAD_ERR_TOO_LARGE, &l->pos, "list", l->name,
	             "list too large once lists are spliced: more than %d items",
	             RT_MAX_LIST_ITEMS);
fail:
	free(flat);
	l->state = 3;
	return false;
}

struct rt_list_def *rt_compile_list(struct rt_ruleset *rs, const char *name)
{
	size_t idx;

	if (!rt_strmap_get(&rs->list_names, name, &idx))
		return NULL;
	return rs->lists[idx];
}

/* --- marking what is used ------------------------------------------------- */

/*
 * Mark the macros and lists a uses; a macro's own undefined macros (m not
 * NULL) are its errors, as in Falco, whether it is used or not.
 */
static void mark_used(struct rt_ruleset *rs, const struct rt_ast *a, size_t visibility,
                      struct rt_macro_def *m)
{
	size_t idx;

	switch (a->kind) {
	case RT_AST_AND:
	case RT_AST_OR:
	case RT_AST_NOT:
		for (size_t i = 0; i < a->n_kids; i++)
			mark_used(rs, a->kids[i], visibility, m);
		return;
	case RT_AST_MACRO:
		if (rt_strmap_get(&rs->macro_names, a->name, &idx) &&
		    rs->macros[idx]->index < visibility) {
			rs->macros[idx]->used = true;
		} else if (m && !m->failed) {
			rt_diags_add(&rs->diags, false, RT_LOAD_ERR_COMPILE_CONDITION, &a->pos,
			             "macro", m->name, "undefined macro '%s' used in filter",
			             a->name);
			m->failed = true;
		}
		return;
	case RT_AST_CHECK:
		if (a->rhs == RT_RHS_LISTNAME && rt_strmap_get(&rs->list_names, a->value.s, &idx))
			rs->lists[idx]->used = true;
		for (size_t i = 0; a->rhs == RT_RHS_LIST && i < a->n_items; i++)
			if (!a->items[i].quoted &&
			    rt_strmap_get(&rs->list_names, a->items[i].s, &idx))
				rs->lists[idx]->used = true;
		return;
	}
}

/* --- macros --------------------------------------------------------------- */

static void report_parse(struct rt_ruleset *rs, const struct rt_text *t,
                         const struct rt_parse_error *e, const char *kind, const char *name)
{
	struct rt_pos pos = {.text = t, .off = e->off};

	rt_diags_add(&rs->diags, false,
	             e->too_large ? RT_LOAD_ERR_TOO_LARGE : RT_LOAD_ERR_COMPILE_CONDITION, &pos,
	             kind, name, "%s", e->msg);
}

static void macros_parse(struct rt_ruleset *rs)
{
	for (size_t i = 0; i < rs->n_macros; i++) {
		struct rt_macro_def *m = rs->macros[i];
		struct rt_parse_error e;

		m->parsed = true;
		if (rt_cond_parse(&rs->ast, &m->cond, &m->ast, &e) < 0) {
			report_parse(rs, &m->cond, &e, "macro", m->name);
			m->failed = true;
			continue;
		}
		mark_used(rs, m->ast, m->visibility, m);
	}
}

/* --- expansion ------------------------------------------------------------ */

static struct rt_cnode *cnode(struct rt_cctx *cc, enum rt_cn_kind kind)
{
	struct rt_cnode *n = rt_arena_alloc(&cc->rs->compiled, sizeof(*n));

	n->kind = kind;
	if (++cc->nodes == RT_MAX_EXPANDED_NODES + 1)
		rt_cc_fail(cc, RT_LOAD_ERR_TOO_LARGE, &cc->rule->pos,
		           "condition too large once macros are expanded: more than %d checks and "
		           "operators",
		           RT_MAX_EXPANDED_NODES);
	return n;
}

void rt_cc_fail(struct rt_cctx *cc, enum rt_diag_code code, const struct rt_pos *pos,
                const char *fmt, ...)
{
	va_list ap;
	struct vakt_buf b = VAKT_BUF_INIT;

	if (cc->failed)
		return;
	cc->failed = true;
	va_start(ap, fmt);
	vakt_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (cc->macro)
		rt_diags_add(&cc->rs->diags, false, code, pos, "rule", cc->rule->name,
		             "in macro '%s': %s", cc->macro, vakt_buf_str(&b));
	else
		rt_diags_add(&cc->rs->diags, false, code, pos, "rule", cc->rule->name, "%s",
		             vakt_buf_str(&b));
	vakt_buf_release(&b);
}

static struct rt_cnode *expand(struct rt_cctx *cc, const struct rt_ast *a, size_t visibility);

static struct rt_cnode *expand_macro(struct rt_cctx *cc, const struct rt_ast *a, size_t visibility)
{
	struct rt_macro_def *m;
	struct rt_cnode *n;
	const char *outer = cc->macro;
	size_t idx;

	if (!rt_strmap_get(&cc->rs->macro_names, a->name, &idx) ||
	    cc->rs->macros[idx]->index >= visibility) {
		rt_cc_fail(cc, RT_LOAD_ERR_COMPILE_CONDITION, &a->pos,
		           "undefined macro '%s' used in filter", a->name);
		return NULL;
	}
	m = cc->rs->macros[idx];
	m->used = true;
	if (m->failed) {
		rt_cc_fail(cc, RT_LOAD_ERR_COMPILE_CONDITION, &a->pos, "macro '%s' did not compile",
		           m->name);
		return NULL;
	}
	if (m->expanding) {
		rt_cc_fail(cc, RT_LOAD_ERR_COMPILE_CONDITION, &a->pos, "macro '%s' uses itself",
		           m->name);
		return NULL;
	}
	if (cc->depth >= RT_MAX_MACRO_DEPTH) {
		rt_cc_fail(cc, RT_LOAD_ERR_TOO_LARGE, &a->pos,
		           "macros nest too deeply: more than %d macros inside each other",
		           RT_MAX_MACRO_DEPTH);
		return NULL;
	}
	m->expanding = 1;
	cc->depth++;
	cc->macro = m->name;
	n = expand(cc, m->ast, m->visibility);
	cc->macro = outer;
	cc->depth--;
	m->expanding = 0;
	return n;
}

static struct rt_cnode *expand(struct rt_cctx *cc, const struct rt_ast *a, size_t visibility)
{
	struct rt_cnode *n;

	if (cc->failed)
		return NULL;
	switch (a->kind) {
	case RT_AST_AND:
	case RT_AST_OR: {
		enum rt_cn_kind k = a->kind == RT_AST_AND ? RT_CN_AND : RT_CN_OR;
		struct rt_cnode **kids = NULL;
		size_t cnt = 0, cap = 0;

		n = cnode(cc, k);
		for (size_t i = 0; i < a->n_kids && !cc->failed; i++) {
			struct rt_cnode *c = expand(cc, a->kids[i], visibility);

			if (!c)
				break;
			/* (a and b) and c: one level, evaluated in the same order. */
			if (c->kind == k) {
				kids = vakt_grow(kids, sizeof(*kids), cnt + c->n, &cap);
				memcpy(kids + cnt, c->kids, c->n * sizeof(*kids));
				cnt += c->n;
			} else {
				kids = vakt_grow(kids, sizeof(*kids), cnt + 1, &cap);
				kids[cnt++] = c;
			}
		}
		if (cc->failed) {
			free(kids);
			return NULL;
		}
		n->kids = rt_arena_alloc(&cc->rs->compiled, cnt * sizeof(*kids));
		if (cnt) /* kids is NULL when there are none */
			memcpy(n->kids, kids, cnt * sizeof(*kids));
		n->n = cnt;
		free(kids);
		return n;
	}
	case RT_AST_NOT: {
		struct rt_cnode *c = expand(cc, a->kids[0], visibility);

		if (!c)
			return NULL;
		n = cnode(cc, RT_CN_NOT);
		n->kids = rt_arena_alloc(&cc->rs->compiled, sizeof(*n->kids));
		n->kids[0] = c;
		n->n = 1;
		return n;
	}
	case RT_AST_MACRO:
		return expand_macro(cc, a, visibility);
	case RT_AST_CHECK:
		n = cnode(cc, RT_CN_CHECK);
		return rt_compile_check(cc, a, n) ? n : NULL;
	}
	return NULL;
}

/* --- event types ---------------------------------------------------------- */

static void bits_all(const struct rt_ruleset *rs, uint64_t *b)
{
	size_t n = rs->fs->n_evtypes;

	memset(b, 0, rs->words * sizeof(*b));
	for (size_t t = 1; t < n; t++)
		b[t / 64] |= 1ull << (t % 64);
}

static size_t bits_count(const struct rt_ruleset *rs, const uint64_t *b)
{
	size_t c = 0;

	for (size_t w = 0; w < rs->words; w++)
		c += (size_t)__builtin_popcountll(b[w]);
	return c;
}

/* T: the types for which n may hold; F: those for which it may not. */
static void types_of(const struct rt_ruleset *rs, const struct rt_cnode *n, uint64_t *t,
                     uint64_t *f)
{
	size_t w = rs->words;
	uint64_t *all = vakt_xcalloc(w * 3, sizeof(*all)), *kt = all + w, *kf = all + 2 * w;

	bits_all(rs, all);
	switch (n->kind) {
	case RT_CN_EVTYPE:
		for (size_t i = 0; i < w; i++) {
			t[i] = n->bits[i] & all[i];
			f[i] = ~n->bits[i] & all[i];
		}
		break;
	case RT_CN_CONST:
		for (size_t i = 0; i < w; i++) {
			t[i] = n->value ? all[i] : 0;
			f[i] = n->value ? 0 : all[i];
		}
		break;
	case RT_CN_CHECK:
		memcpy(t, all, w * sizeof(*t));
		memcpy(f, all, w * sizeof(*f));
		break;
	case RT_CN_NOT:
		types_of(rs, n->kids[0], f, t);
		break;
	case RT_CN_AND:
	case RT_CN_OR: {
		bool and = n->kind == RT_CN_AND;

		memcpy(t, and? all : kt, w * sizeof(*t)); /* kt is zero here */
		memcpy(f, and? kt : all, w * sizeof(*f));
		for (size_t k = 0; k < n->n; k++) {
			types_of(rs, n->kids[k], kt, kf);
			for (size_t i = 0; i < w; i++) {
				t[i] = and? (t[i] & kt[i]) : (t[i] | kt[i]);
				f[i] = and? (f[i] | kf[i]) : (f[i] & kf[i]);
			}
		}
		break;
	}
	}
	free(all);
}

/* --- rules ---------------------------------------------------------------- */

static struct rt_ast *rule_ast(struct rt_ruleset *rs, struct rt_rule_def *r)
{
	struct rt_parse_error e;
	struct rt_ast *a;

	if (rt_cond_parse(&rs->ast, &r->cond, &a, &e) < 0) {
		report_parse(rs, &r->cond, &e, "rule", r->name);
		return NULL;
	}
	mark_used(rs, a, SIZE_MAX, NULL);
	if (r->n_exc)
		a = rt_compile_exceptions(rs, r, a);
	return a;
}

static void rule_compile(struct rt_ruleset *rs, struct rt_rule_def *r)
{
	struct rt_cctx cc = {.rs = rs, .rule = r};
	struct rt_crule *c = rt_arena_alloc(&rs->compiled, sizeof(*c));
	struct rt_ast *a = rule_ast(rs, r);
	uint64_t *f;
	size_t n_types, all;

	r->pub.priv = c;
	c->def = r;
	if (!a)
		return;
	c->cond = expand(&cc, a, SIZE_MAX);
	if (!c->cond || cc.failed)
		return;
	if (!rt_output_compile(rs, r, &c->out))
		return;
	c->types = rt_arena_alloc(&rs->compiled, rs->words * sizeof(*c->types));
	f = vakt_xcalloc(rs->words, sizeof(*f));
	types_of(rs, c->cond, c->types, f);
	free(f);
	n_types = bits_count(rs, c->types);
	all = rs->fs->n_evtypes ? rs->fs->n_evtypes - 1 : 0;
	c->all_types = n_types == all;
	if (r->warn_evttypes && !n_types)
		rt_diags_add(&rs->diags, true, RT_LOAD_NO_EVTTYPE, &r->pos, "rule", r->name,
		             "rule matches no event type: it can never fire");
	else if (r->warn_evttypes && n_types > all / 2)
		rt_diags_add(&rs->diags, true, RT_LOAD_NO_EVTTYPE, &r->pos, "rule", r->name,
		             "rule matches too many evt.type values: it is evaluated for %s event; "
		             "restrict it with evt.type",
		             c->all_types ? "every" : "nearly every");
	r->pub.compiled = true;
}

void rt_compile_index(struct rt_ruleset *rs)
{
	size_t nt = rs->fs->n_evtypes ? rs->fs->n_evtypes : 1;

	if (!rs->by_type) {
		rs->by_type = vakt_xcalloc(nt, sizeof(*rs->by_type));
		rs->n_by_type = vakt_xcalloc(nt, sizeof(*rs->n_by_type));
	}
	for (size_t t = 0; t < nt; t++) {
		free(rs->by_type[t]);
		rs->by_type[t] = NULL;
		rs->n_by_type[t] = 0;
	}
	for (size_t i = 0; i < rs->n_rules; i++) {
		struct rt_crule *c = rs->rules[i]->pub.priv;

		c->on = rs->rules[i]->pub.compiled && rs->rules[i]->pub.enabled &&
		        rs->rules[i]->pub.priority <= rs->min_prio;
		if (!c->on)
			continue;
		for (size_t t = 0; t < nt; t++) {
			bool in = t ? (c->types[t / 64] >> (t % 64)) & 1 : c->all_types;

			if (!in)
				continue;
			rs->by_type[t] = vakt_xrealloc(rs->by_type[t], (rs->n_by_type[t] + 1) *
			                                                   sizeof(**rs->by_type));
			rs->by_type[t][rs->n_by_type[t]++] = c;
		}
	}
}

void rt_compile_all(struct rt_ruleset *rs)
{
	rs->words = (rs->fs->n_evtypes + 63) / 64;
	if (!rs->words)
		rs->words = 1;
	for (size_t i = 0; i < rs->n_lists; i++)
		list_flatten(rs, rs->lists[i]);
	macros_parse(rs);
	for (size_t i = 0; i < rs->n_rules; i++)
		rule_compile(rs, rs->rules[i]);
	for (size_t i = 0; i < rs->n_macros; i++)
		if (!rs->macros[i]->used)
			rt_diags_add(&rs->diags, true, RT_LOAD_UNUSED_MACRO, &rs->macros[i]->pos,
			             "macro", rs->macros[i]->name,
			             "macro not referred to by any other rule/macro");
	for (size_t i = 0; i < rs->n_lists; i++)
		if (!rs->lists[i]->used)
			rt_diags_add(&rs->diags, true, RT_LOAD_UNUSED_LIST, &rs->lists[i]->pos,
			             "list", rs->lists[i]->name,
			             "list not referred to by any other rule/macro");
	rt_compile_index(rs);
}
