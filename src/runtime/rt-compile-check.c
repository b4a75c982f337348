/* SPDX-License-Identifier: MIT */
/*
 * One check compiled: its field bound through the field set (arguments,
 * transformers, the type they leave), its operator checked against that
 * type, its value parsed as the type says (numbers, booleans, addresses
 * and CIDR blocks, hex bytes, regular expressions) and its lists turned
 * into sets. evt.type checks become a set of event types. Exceptions are
 * turned into checks here too.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>
#include <sys/socket.h>

#include "core/error.h"
#include "rt-compile.h"

enum family { FAM_STR, FAM_NUM, FAM_BOOL, FAM_IP };

static enum family family_of(enum rt_ftype t)
{
	switch (t) {
	case RT_FT_STR:
	case RT_FT_BYTES:
		return FAM_STR;
	case RT_FT_BOOL:
		return FAM_BOOL;
	case RT_FT_IPADDR:
	case RT_FT_IPNET:
		return FAM_IP;
	default:
		return FAM_NUM;
	}
}

static const char *family_name(enum family f)
{
	static const char *const names[] = {"a string", "a number", "a boolean", "an address"};

	return names[f];
}

/* What a transformer was given, for its error: a buffer is no string to tolower(). */
static const char *type_name(enum rt_ftype t)
{
	return t == RT_FT_BYTES ? "a byte buffer" : family_name(family_of(t));
}

static uint32_t slot_for(struct rt_ruleset *rs, const struct rt_field_def *def,
                         const struct rt_field_arg *arg)
{
	for (size_t i = 0; i < rs->n_slots; i++) {
		const struct rt_slot *s = &rs->slots[i];

		if (s->def != def || s->arg.has != arg->has || s->arg.is_index != arg->is_index ||
		    s->arg.index != arg->index || s->arg.key_len != arg->key_len)
			continue;
		if (arg->key_len && memcmp(s->arg.key, arg->key, arg->key_len))
			continue;
		return (uint32_t)i;
	}
	rs->slots = vakt_grow(rs->slots, sizeof(*rs->slots), rs->n_slots + 1, &rs->slots_cap);
	rs->slots[rs->n_slots] = (struct rt_slot){def, *arg};
	return (uint32_t)rs->n_slots++;
}

static void fail(struct rt_ruleset *rs, enum rt_diag_code code, const struct rt_pos *pos,
                 const char *kind, const char *name, const char *fmt, ...) VAKT_PRINTF(6, 7);
static void fail(struct rt_ruleset *rs, enum rt_diag_code code, const struct rt_pos *pos,
                 const char *kind, const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rt_diags_addv(&rs->diags, false, code, pos, kind, name, fmt, ap);
	va_end(ap);
}

bool rt_compile_fref(struct rt_ruleset *rs, const struct rt_fexpr *fx, bool output,
                     struct rt_fref *out, const char *kind, const char *name,
                     enum rt_diag_code code)
{
	const struct rt_fexpr *xs[RT_MAX_XFORMS + 1];
	const struct rt_field_def *def;
	const char *dkey = NULL;
	size_t dlen = 0, nx = 0;
	struct rt_field_arg arg = {0};
	enum rt_ftype t;

	memset(out, 0, sizeof(*out));
	while (fx->xform != RT_XF_NONE) {
		if (nx == RT_MAX_XFORMS) {
			fail(rs, RT_LOAD_ERR_TOO_LARGE, &fx->pos, kind, name,
			     "too many transformers inside each other (at most %d)", RT_MAX_XFORMS);
			return false;
		}
		xs[nx++] = fx;
		fx = fx->child;
	}
	def = rt_fieldset_lookup(rs->fs, fx->name, fx->name_len, &dkey, &dlen);
	if (!def) {
		fail(rs, code, &fx->pos, kind, name, "unknown field '%s'", fx->name);
		return false;
	}
	if (!output && (def->flags & RT_FIELD_NO_FILTER)) {
		fail(rs, code, &fx->pos, kind, name, "field '%s' cannot be used in a condition",
		     fx->name);
		return false;
	}
	if (dkey && fx->arg) {
		fail(rs, code, &fx->pos, kind, name, "field '%s' has two arguments", fx->name);
		return false;
	}
	if (dkey || fx->arg) {
		const char *k = dkey ? dkey : fx->arg;
		size_t kl = dkey ? dlen : fx->arg_len, i = 0;
		bool digits = kl > 0;

		for (i = 0; i < kl; i++)
			digits &= k[i] >= '0' && k[i] <= '9';
		arg.has = true;
		if (digits && (def->flags & RT_FIELD_ARG_INDEX) && kl < 10) {
			arg.is_index = true;
			arg.index = strtol(k, NULL, 10);
		} else if (def->flags & RT_FIELD_ARG_KEY) {
			arg.key = rt_arena_strndup(&rs->compiled, k, kl);
			arg.key_len = kl;
		} else if (def->flags & RT_FIELD_ARG_INDEX) {
			fail(rs, code, &fx->pos, kind, name,
			     "field '%s' takes a number as argument, not '%.*s'", def->name,
			     (int)kl, k);
			return false;
		} else {
			fail(rs, code, &fx->pos, kind, name, "field '%s' does not take an argument",
			     def->name);
			return false;
		}
	} else if (def->flags & RT_FIELD_ARG_REQUIRED) {
		fail(rs, code, &fx->pos, kind, name, "field '%s' requires an argument", def->name);
		return false;
	}
	if (!strcmp(def->name, "evt.dir"))
		rt_diags_add(&rs->diags, true, RT_LOAD_DEPRECATED_ITEM, &fx->pos, kind, name,
		             "field 'evt.dir' is deprecated (events are exit events only)");
	out->def = def;
	out->arg = arg;
	out->slot = slot_for(rs, def, &arg);
	t = def->type;
	/* A multi-valued field (proc.aname) is one value at a time, not one of Falco's lists. */
	for (size_t i = nx; i-- > 0;) {
		enum rt_xf x = xs[i]->xform;

		if (!rt_xf_accepts(x, t, false, &t)) {
			fail(rs, code, &xs[i]->pos, kind, name,
			     "transformer '%s' cannot be applied to %s", rt_xf_name(x),
			     type_name(t));
			return false;
		}
		out->xf[out->n_xf++] = x;
	}
	out->type = t;
	if (out->n_xf > rs->max_xf_depth)
		rs->max_xf_depth = out->n_xf;
	return true;
}

/* --- operands ------------------------------------------------------------- */

static bool op_allowed(enum rt_op op, enum family f)
{
	switch (op) {
	case RT_OP_EXISTS:
	case RT_OP_EQ:
	case RT_OP_NE:
		return true;
	case RT_OP_LT:
	case RT_OP_LE:
	case RT_OP_GT:
	case RT_OP_GE:
		return f == FAM_NUM || f == FAM_STR;
	case RT_OP_IN:
	case RT_OP_INTERSECTS:
		return f != FAM_BOOL;
	default:
		return f == FAM_STR;
	}
}

static bool regex_compile(struct rt_cctx *cc, const struct rt_lit *v, struct rt_operand *o)
{
	int code;
	PCRE2_SIZE at;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)v->s, v->n, PCRE2_ANCHORED | PCRE2_ENDANCHORED,
	                               &code, &at, NULL);

	if (!re) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(code, msg, sizeof(msg));
		rt_cc_fail(cc, RT_LOAD_ERR_COMPILE_CONDITION, &v->pos,
		           "invalid regular expression '%s': %s at offset %zu", v->s, (char *)msg,
		           (size_t)at);
		return false;
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	o->kind = RT_OPD_REGEX;
	o->re = re;
	return true;
}

/* A value rt-match.h refused: its message, with the field; false. Frees err. */
static bool value_fail(struct rt_cctx *cc, const struct rt_lit *v, const char *fname,
                       struct vakt_error *err)
{
	rt_cc_fail(cc, RT_LOAD_ERR_COMPILE_CONDITION, &v->pos, "field '%s': %s", fname,
	           err ? err->msg : "invalid value");
	vakt_error_free(err);
	return false;
}

/* One value for op against type t into o. */
static bool value_operand(struct rt_cctx *cc, const struct rt_fref *f, enum rt_op op,
                          const struct rt_lit *v, struct rt_operand *o)
{
	const char *fname = f->def->name;
	struct vakt_error *err = NULL;
	int r;

	switch (family_of(f->type)) {
	case FAM_STR:
		if (op == RT_OP_BCONTAINS || op == RT_OP_BSTARTSWITH) {
			uint8_t *buf = rt_arena_alloc(&cc->rs->compiled, v->n / 2 + 1);

			if (rt_hex_parse(v->s, v->n, buf, &o->n, &err) < 0)
				return value_fail(cc, v, fname, err);
			o->kind = RT_OPD_STR;
			o->s = (const char *)buf;
			return true;
		}
		if (op == RT_OP_REGEX)
			return regex_compile(cc, v, o);
		o->kind = RT_OPD_STR;
		o->s = v->s;
		o->n = v->n;
		return true;
	case FAM_NUM:
		if (f->type == RT_FT_I64) {
			o->kind = RT_OPD_I64;
			r = rt_num_parse_i64(v->s, v->n, INT64_MIN, INT64_MAX, &o->i, &err);
		} else {
			o->kind = RT_OPD_U64;
			r = rt_num_parse_u64(v->s, v->n, UINT64_MAX, &o->u, &err);
		}
		return r == 0 || value_fail(cc, v, fname, err);
	case FAM_BOOL:
		if (v->n == 4 && !memcmp(v->s, "true", 4)) {
			o->b = true;
		} else if (v->n == 5 && !memcmp(v->s, "false", 5)) {
			o->b = false;
		} else {
			rt_cc_fail(cc, RT_LOAD_ERR_COMPILE_CONDITION, &v->pos,
			           "'%s' is not a valid boolean for field '%s' (true or false)",
			           v->s, fname);
			return false;
		}
		o->kind = RT_OPD_BOOL;
		return true;
	case FAM_IP:
		/* An address field takes an address, a network field a CIDR block (Falco's). */
		o->kind = RT_OPD_NET;
		if (f->type == RT_FT_IPNET) {
			r = rt_ipnet_parse(v->s, v->n, &o->net, &err);
		} else {
			r = rt_ip_parse(v->s, v->n, &o->net.ip, &err);
			o->net.bits = o->net.ip.family == AF_INET ? 32 : 128;
			if (r < 0 && err && memchr(v->s, '/', v->n))
				vakt_error_suffix(err,
				                  " (an address field takes an address; a CIDR "
				                  "block compares with a network field such as "
				                  "fd.net or fd.snet)");
		}
		return r == 0 || value_fail(cc, v, fname, err);
	}
	return false;
}

/* The items of a value list, lists named among them spliced; borrowed from the arenas. */
static bool list_items(struct rt_cctx *cc, const struct rt_ast *a, struct rt_lit **out,
                       size_t *n_out)
{
	struct rt_lit *v = NULL;
	size_t n = 0, cap = 0;

	if (a->rhs == RT_RHS_LISTNAME) {
		struct rt_list_def *l = rt_compile_list(cc->rs, a->value.s);

		if (!l) {
			rt_cc_fail(cc, RT_LOAD_ERR_COMPILE_CONDITION, &a->value.pos,
			           "undefined list '%s'", a->value.s);
			return false;
		}
		l->used = true;
		if (l->state != 2) {
			rt_cc_fail(cc, RT_LOAD_ERR_COMPILE_CONDITION, &a->value.pos,
			           "list '%s' did not compile", l->name);
			return false;
		}
		*out = l->flat;
		*n_out = l->n_flat;
		return true;
	}
	for (size_t i = 0; i < a->n_items; i++) {
		const struct rt_lit *it = &a->items[i];
		struct rt_list_def *l = it->quoted ? NULL : rt_compile_list(cc->rs, it->s);

		if (l)
			l->used = true;
		if (l && l->state == 2) {
			if (n + l->n_flat > RT_MAX_LIST_ITEMS)
				goto too_large;
			v = vakt_grow(v, sizeof(*v), n + l->n_flat + 1, &cap);
			if (l->n_flat)
				memcpy(v + n, l->flat, l->n_flat * sizeof(*v));
			n += l->n_flat;
			continue;
		}
		if (l) {
			rt_cc_fail(cc, RT_LOAD_ERR_COMPILE_CONDITION, &it->pos,
			           "list '%s' did not compile", l->name);
			free(v);
			return false;
		}
		if (n + 1 > RT_MAX_LIST_ITEMS)
			goto too_large;
		v = vakt_grow(v, sizeof(*v), n + 1, &cap);
		v[n++] = *it;
	}
	*out = rt_arena_alloc(&cc->rs->compiled, (n ? n : 1) * sizeof(*v));
	if (n)
		memcpy(*out, v, n * sizeof(*v));
	*n_out = n;
	free(v);
	return true;
too_large:
	rt_cc_fail(cc, RT_LOAD_ERR_TOO_LARGE, &a->pos,
	           "value list too large once lists are spliced: more than %d items",
	           RT_MAX_LIST_ITEMS);
	free(v);
	return false;
}

static bool list_operand(struct rt_cctx *cc, const struct rt_ast *a, struct rt_check *c)
{
	struct rt_operand *o = &c->opd;
	struct rt_lit *items;
	size_t n;

	if (!list_items(cc, a, &items, &n))
		return false;
	if (c->mod != RT_MOD_NONE) {
		o->kind = RT_OPD_LIST;
		o->list = vakt_xcalloc(n ? n : 1, sizeof(*o->list));
		for (size_t i = 0; i < n; i++) {
			if (!value_operand(cc, &c->left, c->op, &items[i], &o->list[i]))
				return false;
			o->n_list++;
		}
		return true;
	}
	switch (family_of(c->left.type)) {
	case FAM_STR:
		if (c->op == RT_OP_PMATCH) {
			o->kind = RT_OPD_PMATCH;
			o->pm = rt_pmatch_new();
		} else {
			o->kind = RT_OPD_STRSET;
			o->set = rt_strset_new();
		}
		for (size_t i = 0; i < n; i++) {
			struct vakt_error *err = NULL;
			int r = o->pm ? rt_pmatch_add(o->pm, items[i].s, items[i].n, &err)
			              : rt_strset_add(o->set, items[i].s, items[i].n, &err);

			if (r < 0) {
				rt_cc_fail(cc, RT_LOAD_ERR_TOO_LARGE, &items[i].pos, "%s",
				           err ? err->msg : "value list too large");
				vakt_error_free(err);
				return false;
			}
		}
		return true;
	case FAM_NUM: {
		uint64_t *v = vakt_xcalloc(n ? n : 1, sizeof(*v));

		for (size_t i = 0; i < n; i++) {
			struct rt_operand one = {0};

			if (!value_operand(cc, &c->left, RT_OP_EQ, &items[i], &one)) {
				free(v);
				return false;
			}
			v[i] = one.kind == RT_OPD_I64 ? (uint64_t)one.i : one.u;
		}
		o->kind = RT_OPD_NUMSET;
		rt_numset_init(&o->nums, v, n, c->left.type == RT_FT_I64);
		return true;
	}
	case FAM_IP:
		o->kind = RT_OPD_NETS;
		o->nets = vakt_xcalloc(n ? n : 1, sizeof(*o->nets));
		for (size_t i = 0; i < n; i++) {
			struct rt_operand one = {0};

			if (!value_operand(cc, &c->left, RT_OP_EQ, &items[i], &one))
				return false;
			o->nets[o->n_nets++] = one.net;
		}
		return true;
	case FAM_BOOL:
		break;
	}
	return false;
}

/* evt.type compared with constants: the set of event types for which it holds. */
static bool evtype_node(struct rt_cctx *cc, const struct rt_ast *a, struct rt_check *c,
                        struct rt_cnode *n)
{
	const struct rt_fieldset *fs = cc->rs->fs;
	uint64_t *bits = rt_arena_alloc(&cc->rs->compiled, cc->rs->words * sizeof(*bits));
	bool exact = c->op == RT_OP_EQ || c->op == RT_OP_NE || rt_op_is_list(c->op);
	struct rt_lit *items = (struct rt_lit *)&a->value;
	size_t n_items = 1;

	if (a->rhs == RT_RHS_LIST || a->rhs == RT_RHS_LISTNAME) {
		if (!list_items(cc, a, &items, &n_items))
			return false;
	}
	if (exact && c->mod == RT_MOD_NONE) {
		for (size_t i = 0; i < n_items; i++) {
			size_t id = rt_fieldset_evtype(fs, items[i].s, items[i].n);

			if (!id) {
				rt_cc_fail(cc, RT_LOAD_ERR_COMPILE_CONDITION, &items[i].pos,
				           "unknown event type '%s'", items[i].s);
				return false;
			}
			bits[id / 64] |= 1ull << (id % 64);
		}
		if (c->op == RT_OP_NE)
			for (size_t w = 0; w < cc->rs->words; w++)
				bits[w] = ~bits[w];
	} else {
		/* Any other operator: evaluated on each type's name now. */
		for (size_t id = 1; id < fs->n_evtypes; id++) {
			struct rt_value v = {.type = RT_FT_STR};
			struct rt_values one = {.n = 1};

			v.s.p = fs->evtypes[id];
			v.s.n = strlen(fs->evtypes[id]);
			one.v[0] = v;
			if (rt_check_values(c, &one, NULL))
				bits[id / 64] |= 1ull << (id % 64);
		}
	}
	n->kind = RT_CN_EVTYPE;
	n->bits = bits;
	return true;
}

static void check_keep(struct rt_ruleset *rs, struct rt_check *c)
{
	size_t cap = rs->checks_cap;

	rs->checks = vakt_grow(rs->checks, sizeof(*rs->checks), rs->n_checks + 1, &cap);
	rs->checks_cap = cap;
	rs->checks[rs->n_checks++] = c;
}

bool rt_compile_check(struct rt_cctx *cc, const struct rt_ast *a, struct rt_cnode *n)
{
	struct rt_check *c = rt_arena_alloc(&cc->rs->compiled, sizeof(*c));
	const char *rname = cc->rule->name;
	enum family fam;
	bool is_evtype;

	if (!rt_compile_fref(cc->rs, a->left, false, &c->left, "rule", rname,
	                     RT_LOAD_ERR_COMPILE_CONDITION)) {
		cc->failed = true;
		return false;
	}
	check_keep(cc->rs, c);
	c->op = a->op;
	c->mod = a->mod;
	n->chk = c;
	fam = family_of(c->left.type);
	if (!op_allowed(c->op, fam) ||
	    (c->left.type != RT_FT_STR && c->left.type != RT_FT_BYTES &&
	     (c->op == RT_OP_LT || c->op == RT_OP_LE || c->op == RT_OP_GT || c->op == RT_OP_GE) &&
	     fam != FAM_NUM)) {
		rt_cc_fail(cc, RT_LOAD_ERR_COMPILE_CONDITION, &a->pos,
		           "operator '%s' cannot be used with field '%s' (%s)", rt_op_name(c->op),
		           c->left.def->name, family_name(fam));
		return false;
	}
	is_evtype = !strcmp(c->left.def->name, "evt.type") && !c->left.n_xf && !c->left.arg.has;
	switch (a->rhs) {
	case RT_RHS_NONE:
		c->opd.kind = RT_OPD_NONE;
		return true;
	case RT_RHS_VALUE:
		if (is_evtype && c->op != RT_OP_LT && c->op != RT_OP_LE && c->op != RT_OP_GT &&
		    c->op != RT_OP_GE && c->op != RT_OP_REGEX && c->op != RT_OP_BCONTAINS &&
		    c->op != RT_OP_BSTARTSWITH) {
			c->opd.kind = RT_OPD_STR;
			c->opd.s = a->value.s;
			c->opd.n = a->value.n;
			return evtype_node(cc, a, c, n);
		}
		return value_operand(cc, &c->left, c->op, &a->value, &c->opd);
	case RT_RHS_LIST:
	case RT_RHS_LISTNAME:
		if (!list_operand(cc, a, c))
			return false;
		if (is_evtype && c->op != RT_OP_PMATCH && c->opd.kind != RT_OPD_LIST)
			return evtype_node(cc, a, c, n);
		return true;
	case RT_RHS_FEXPR: {
		const struct rt_fexpr *r = a->rfexpr;
		enum family rf;

		if (c->op == RT_OP_PMATCH || c->op == RT_OP_REGEX || c->op == RT_OP_BCONTAINS ||
		    c->op == RT_OP_BSTARTSWITH) {
			rt_cc_fail(cc, RT_LOAD_ERR_COMPILE_CONDITION, &r->pos,
			           "operator '%s' cannot compare with another field",
			           rt_op_name(c->op));
			return false;
		}
		if (r->is_val)
			r = r->child;
		if (!rt_compile_fref(cc->rs, r, false, &c->opd.rf, "rule", rname,
		                     RT_LOAD_ERR_COMPILE_CONDITION)) {
			cc->failed = true;
			return false;
		}
		rf = family_of(c->opd.rf.type);
		if (rf != fam) {
			rt_cc_fail(cc, RT_LOAD_ERR_COMPILE_CONDITION, &a->rfexpr->pos,
			           "cannot compare field '%s' (%s) with field '%s' (%s)",
			           c->left.def->name, family_name(fam), c->opd.rf.def->name,
			           family_name(rf));
			return false;
		}
		c->opd.kind = RT_OPD_FIELD;
		return true;
	}
	}
	return false;
}

void rt_check_release(struct rt_check *c)
{
	struct rt_operand *o = &c->opd;

	rt_strset_free(o->set);
	rt_numset_release(&o->nums);
	free(o->nets);
	rt_pmatch_free(o->pm);
	if (o->re)
		pcre2_code_free(o->re);
	for (size_t i = 0; i < o->n_list; i++)
		if (o->list[i].re)
			pcre2_code_free(o->list[i].re);
	free(o->list);
	memset(o, 0, sizeof(*o));
}
