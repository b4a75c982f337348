/* SPDX-License-Identifier: MIT */
/*
 * Evaluation: the rules indexed under an event's type, each condition
 * short-circuited in Falco's order, each field extracted once per event
 * (values cached in the context by slot), transformers applied into
 * scratch buffers. No allocation per event.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "rt-lang.h"

struct rt_eval_ctx {
	const struct rt_ruleset *rs;
	uint32_t gen;
	uint32_t *slot_gen;        /* owned, n_slots */
	struct rt_values *vals;    /* owned, n_slots */
	struct rt_values *scratch; /* owned, [side][2]: transformer results, left and right */
	pcre2_match_data *md;
	const void *ev;
	bool has_ev;
};

struct rt_eval_ctx *rt_eval_ctx_new(const struct rt_ruleset *rs)
{
	struct rt_eval_ctx *ctx = vakt_xcalloc(1, sizeof(*ctx));
	size_t n = rs->n_slots ? rs->n_slots : 1;

	ctx->rs = rs;
	ctx->slot_gen = vakt_xcalloc(n, sizeof(*ctx->slot_gen));
	ctx->vals = vakt_xcalloc(n, sizeof(*ctx->vals));
	ctx->scratch = vakt_xcalloc(4, sizeof(*ctx->scratch));
	ctx->md = pcre2_match_data_create(1, NULL);
	if (!ctx->md)
		abort();
	ctx->gen = 1;
	return ctx;
}

void rt_eval_ctx_free(struct rt_eval_ctx *ctx)
{
	if (!ctx)
		return;
	free(ctx->slot_gen);
	free(ctx->vals);
	free(ctx->scratch);
	pcre2_match_data_free(ctx->md);
	free(ctx);
}

void rt_eval_ctx_begin(struct rt_eval_ctx *ctx, const void *ev)
{
	if (++ctx->gen == 0) {
		memset(ctx->slot_gen, 0,
		       (ctx->rs->n_slots ? ctx->rs->n_slots : 1) * sizeof(*ctx->slot_gen));
		ctx->gen = 1;
	}
	ctx->ev = ev;
	ctx->has_ev = true;
}

/* One transformer over src's values into dst (rt-match.h's transformers). */
static void xform(enum rt_xf x, const struct rt_values *src, struct rt_values *dst)
{
	rt_values_reset(dst);
	for (size_t i = 0; i < src->n; i++) {
		const struct rt_value *v = &src->v[i];
		const char *s = v->s.p;
		size_t n = v->s.n;
		struct rt_value r;
		char *out;

		if (v->type != RT_FT_STR && v->type != RT_FT_BYTES)
			continue;
		if (x == RT_XF_LEN) {
			rt_values_add_u64(dst, RT_FT_U64, rt_xf_len(s, n, v->type == RT_FT_BYTES));
			continue;
		}
		if (x == RT_XF_BASENAME)
			rt_xf_basename(s, n, &s, &n); /* a slice: copied below all the same */
		out = rt_values_alloc(dst, n);
		if (!out)
			return;
		switch (x) {
		case RT_XF_TOLOWER:
			rt_xf_tolower(s, n, out, &n);
			break;
		case RT_XF_TOUPPER:
			rt_xf_toupper(s, n, out, &n);
			break;
		case RT_XF_B64:
			if (!rt_xf_b64(s, n, out, &n))
				continue; /* not base64: no value */
			break;
		default:
			if (n)
				memcpy(out, s, n);
			break;
		}
		out[n] = '\0';
		/* The same type: b64() keeps a buffer a buffer, as Falco types it. */
		r = (struct rt_value){.type = v->type};
		r.s.p = out;
		r.s.n = n;
		if (!rt_values_add(dst, &r))
			return;
	}
}

static const struct rt_values *fref_values(struct rt_eval_ctx *ctx, const struct rt_fref *f,
                                           const void *ev, int side)
{
	struct rt_values *vs = &ctx->vals[f->slot];
	const struct rt_values *cur;

	if (ctx->slot_gen[f->slot] != ctx->gen) {
		rt_values_reset(vs);
		if (f->def->extract)
			f->def->extract(f->def, &f->arg, ev, vs);
		ctx->slot_gen[f->slot] = ctx->gen;
	}
	cur = vs;
	for (unsigned k = 0; k < f->n_xf; k++) {
		struct rt_values *dst = &ctx->scratch[side * 2 + (k % 2)];

		xform(f->xf[k], cur, dst);
		cur = dst;
	}
	return cur;
}

const struct rt_values *rt_eval_fref(struct rt_eval_ctx *ctx, const struct rt_fref *f,
                                     const void *ev)
{
	if (!ctx->has_ev || ctx->ev != ev)
		rt_eval_ctx_begin(ctx, ev);
	return fref_values(ctx, f, ev, 0);
}

/* -1, 0, 1: v against a number operand, signedness respected. */
static int num_cmp(const struct rt_value *v, const struct rt_operand *o)
{
	bool vneg = v->type == RT_FT_I64 && v->i < 0;
	bool oneg = o->kind == RT_OPD_I64 && o->i < 0;
	uint64_t a = v->type == RT_FT_I64 ? (uint64_t)v->i : v->u;
	uint64_t b = o->kind == RT_OPD_I64 ? (uint64_t)o->i : o->u;

	if (vneg != oneg)
		return vneg ? -1 : 1;
	return a < b ? -1 : a > b; /* same sign: two's complement orders alike */
}

static int ord(enum rt_op op, int c)
{
	switch (op) {
	case RT_OP_EQ:
		return c == 0;
	case RT_OP_NE:
		return c != 0;
	case RT_OP_LT:
		return c < 0;
	case RT_OP_LE:
		return c <= 0;
	case RT_OP_GT:
		return c > 0;
	case RT_OP_GE:
		return c >= 0;
	default:
		return 0;
	}
}

static const struct rt_ip *ip_of(const struct rt_value *v)
{
	if (v->type == RT_FT_IPADDR)
		return &v->ip;
	if (v->type == RT_FT_IPNET)
		return &v->net.ip;
	return NULL;
}

static bool str_match(enum rt_op op, const struct rt_operand *o, const char *s, size_t n,
                      struct rt_eval_ctx *ctx)
{
	switch (op) {
	case RT_OP_EQ:
	case RT_OP_NE:
	case RT_OP_LT:
	case RT_OP_LE:
	case RT_OP_GT:
	case RT_OP_GE:
		return ord(op, rt_str_cmp(s, n, o->s, o->n));
	case RT_OP_CONTAINS:
		return rt_str_contains(s, n, o->s, o->n);
	case RT_OP_BCONTAINS:
		return rt_bytes_contains(s, n, o->s, o->n);
	case RT_OP_ICONTAINS:
		return rt_str_icontains(s, n, o->s, o->n);
	case RT_OP_STARTSWITH:
		return rt_str_startswith(s, n, o->s, o->n);
	case RT_OP_BSTARTSWITH:
		return rt_bytes_startswith(s, n, o->s, o->n);
	case RT_OP_ENDSWITH:
		return rt_str_endswith(s, n, o->s, o->n);
	case RT_OP_GLOB:
	case RT_OP_IGLOB:
		return rt_glob_match(o->s, o->n, s, n, op == RT_OP_IGLOB);
	case RT_OP_REGEX: {
		pcre2_match_data *md = ctx ? ctx->md : pcre2_match_data_create(1, NULL);
		int r = pcre2_match(o->re, (PCRE2_SPTR)s, n, 0, 0, md, NULL);

		if (!ctx)
			pcre2_match_data_free(md);
		return r >= 0;
	}
	case RT_OP_IN:
	case RT_OP_INTERSECTS:
		return rt_strset_has(o->set, s, n);
	case RT_OP_PMATCH:
		return rt_pmatch_match(o->pm, s, n);
	default:
		return false;
	}
}

/* v against one operand o (a constant). */
static bool one_match(enum rt_op op, const struct rt_operand *o, const struct rt_value *v,
                      struct rt_eval_ctx *ctx)
{
	const struct rt_ip *ip;

	switch (o->kind) {
	case RT_OPD_STR:
	case RT_OPD_REGEX:
	case RT_OPD_STRSET:
	case RT_OPD_PMATCH:
		if (v->type != RT_FT_STR && v->type != RT_FT_BYTES)
			return false;
		return str_match(op, o, v->s.p, v->s.n, ctx);
	case RT_OPD_U64:
	case RT_OPD_I64:
		if (v->type == RT_FT_STR || v->type == RT_FT_BYTES || v->type == RT_FT_BOOL ||
		    v->type == RT_FT_IPADDR || v->type == RT_FT_IPNET)
			return false;
		return ord(op, num_cmp(v, o));
	case RT_OPD_NUMSET: {
		if (v->type == RT_FT_I64) {
			if (!o->nums.is_signed && v->i < 0)
				return false;
			return rt_numset_has(&o->nums, (uint64_t)v->i);
		}
		if (o->nums.is_signed && v->u > (uint64_t)INT64_MAX)
			return false;
		return rt_numset_has(&o->nums, v->u);
	}
	case RT_OPD_BOOL:
		if (v->type != RT_FT_BOOL)
			return false;
		return op == RT_OP_NE ? v->b != o->b : v->b == o->b;
	case RT_OPD_NET:
		ip = ip_of(v);
		if (!ip)
			return false;
		return op == RT_OP_NE ? !rt_ip_in_net(ip, &o->net) : rt_ip_in_net(ip, &o->net);
	case RT_OPD_NETS:
		ip = ip_of(v);
		for (size_t i = 0; ip && i < o->n_nets; i++)
			if (rt_ip_in_net(ip, &o->nets[i]))
				return true;
		return false;
	default:
		return false;
	}
}

/* Two field values compared (val() and transformers on the right). */
static bool pair_match(enum rt_op op, const struct rt_value *a, const struct rt_value *b,
                       struct rt_eval_ctx *ctx)
{
	struct rt_operand o = {0};
	const struct rt_ip *x, *y;

	switch (b->type) {
	case RT_FT_STR:
	case RT_FT_BYTES:
		o.kind = RT_OPD_STR;
		o.s = b->s.p;
		o.n = b->s.n;
		if (op == RT_OP_IN || op == RT_OP_INTERSECTS)
			op = RT_OP_EQ;
		return (a->type == RT_FT_STR || a->type == RT_FT_BYTES) &&
		       str_match(op, &o, a->s.p, a->s.n, ctx);
	case RT_FT_BOOL:
		o.kind = RT_OPD_BOOL;
		o.b = b->b;
		break;
	case RT_FT_IPADDR:
	case RT_FT_IPNET:
		x = ip_of(a);
		y = ip_of(b);
		if (!x || !y)
			return false;
		return op == RT_OP_NE ? !rt_ip_equal(x, y) : rt_ip_equal(x, y);
	case RT_FT_I64:
		o.kind = RT_OPD_I64;
		o.i = b->i;
		break;
	default:
		o.kind = RT_OPD_U64;
		o.u = b->u;
		break;
	}
	if (op == RT_OP_IN || op == RT_OP_INTERSECTS)
		op = RT_OP_EQ;
	return one_match(op, &o, a, ctx);
}

static bool value_match(const struct rt_check *c, const struct rt_value *v,
                        const struct rt_values *right, struct rt_eval_ctx *ctx)
{
	const struct rt_operand *o = &c->opd;

	if (o->kind == RT_OPD_FIELD) {
		for (size_t j = 0; j < right->n; j++)
			if (pair_match(c->op, v, &right->v[j], ctx))
				return true;
		return false;
	}
	if (o->kind == RT_OPD_LIST) {
		bool all = c->mod == RT_MOD_ALLOF;

		for (size_t j = 0; j < o->n_list; j++) {
			bool m = one_match(c->op, &o->list[j], v, ctx);

			if (m != all)
				return m;
		}
		return all && o->n_list;
	}
	return one_match(c->op, o, v, ctx);
}

bool rt_check_values(const struct rt_check *c, const struct rt_values *vs, struct rt_eval_ctx *ctx)
{
	const struct rt_values *right = NULL;

	if (c->op == RT_OP_EXISTS)
		return vs->n > 0;
	if (!vs->n)
		return false; /* a missing value makes every comparison false */
	if (c->opd.kind == RT_OPD_FIELD) {
		if (!ctx)
			return false;
		right = fref_values(ctx, &c->opd.rf, ctx->ev, 1);
		if (!right->n)
			return false;
	}
	for (size_t i = 0; i < vs->n; i++)
		if (value_match(c, &vs->v[i], right, ctx))
			return true;
	return false;
}

static bool eval_node(struct rt_eval_ctx *ctx, const struct rt_cnode *n, size_t evtype,
                      const void *ev)
{
	switch (n->kind) {
	case RT_CN_AND:
		for (size_t i = 0; i < n->n; i++)
			if (!eval_node(ctx, n->kids[i], evtype, ev))
				return false;
		return true;
	case RT_CN_OR:
		for (size_t i = 0; i < n->n; i++)
			if (eval_node(ctx, n->kids[i], evtype, ev))
				return true;
		return false;
	case RT_CN_NOT:
		return !eval_node(ctx, n->kids[0], evtype, ev);
	case RT_CN_CONST:
		return n->value;
	case RT_CN_EVTYPE:
		return evtype < ctx->rs->fs->n_evtypes &&
		       ((n->bits[evtype / 64] >> (evtype % 64)) & 1);
	case RT_CN_CHECK:
		return rt_check_values(n->chk, fref_values(ctx, &n->chk->left, ev, 0), ctx);
	}
	return false;
}

size_t rt_ruleset_eval(const struct rt_ruleset *rs, struct rt_eval_ctx *ctx, size_t evtype,
                       const void *ev,
                       void (*match)(const struct rt_rule *rule, const void *ev, void *data),
                       void *data)
{
	size_t t = evtype < rs->fs->n_evtypes ? evtype : 0, hits = 0;
	struct rt_crule *const *v = rs->by_type ? rs->by_type[t] : NULL;
	size_t n = rs->by_type ? rs->n_by_type[t] : 0;

	rt_eval_ctx_begin(ctx, ev);
	for (size_t i = 0; i < n; i++) {
		if (!eval_node(ctx, v[i]->cond, evtype, ev))
			continue;
		hits++;
		if (match)
			match(&v[i]->def->pub, ev, data);
		if (rs->mode == RT_MATCH_FIRST)
			break;
	}
	return hits;
}
