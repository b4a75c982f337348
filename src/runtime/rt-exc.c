/* SPDX-License-Identifier: MIT */
/*
 * Rule exceptions as conditions, the way Falco builds them: each exception
 * adds `and not ((f1 c1 v1 and f2 c2 v2) or (...))` to its rule, one
 * parenthesis per tuple of values; the short form (one field) compares
 * that field with the whole list of values. The checks are built as AST
 * nodes rather than text, so a value cannot break out of its place; a
 * value is read as a list item would be (quotes removed, a list's name
 * spliced for list operators).
 */
#include <string.h>

#include "rt-compile.h"

struct exb {
	struct rt_ruleset *rs;
	struct rt_rule_def *r;
	const struct rt_exception *e;
	bool failed;
};

static void exfail(struct exb *b, const struct rt_pos *pos, const char *fmt, ...) VAKT_PRINTF(3, 4);
static void exfail(struct exb *b, const struct rt_pos *pos, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (b->failed)
		return;
	b->failed = true;
	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	rt_diags_add(&b->rs->diags, false, RT_LOAD_ERR_VALIDATE, pos, "rule", b->r->name,
	             "exception '%s': %s", b->e->name, msg);
	free(msg);
}

static struct rt_ast *ast_node(struct exb *b, enum rt_ast_kind kind, const struct rt_pos *pos)
{
	struct rt_ast *n = rt_arena_alloc(&b->rs->ast, sizeof(*n));

	n->kind = kind;
	n->pos = *pos;
	return n;
}

static struct rt_ast *ast_join(struct exb *b, enum rt_ast_kind kind, struct rt_ast **kids, size_t n,
                               const struct rt_pos *pos)
{
	struct rt_ast *j;

	if (n == 1)
		return kids[0];
	j = ast_node(b, kind, pos);
	j->kids = rt_arena_alloc(&b->rs->ast, n * sizeof(*kids));
	memcpy(j->kids, kids, n * sizeof(*kids));
	j->n_kids = n;
	return j;
}

static struct rt_lit lit_of(struct exb *b, const struct rt_entry *v)
{
	struct rt_lit l = rt_lit_from_item(&b->rs->ast, v->item, strlen(v->item));

	l.pos = v->pos;
	return l;
}

static bool parse_comp(struct exb *b, const struct rt_entry *c, enum rt_op *op)
{
	if (c->is_list || !rt_op_parse(c->item, strlen(c->item), op) || *op == RT_OP_EXISTS) {
		exfail(b, &c->pos, "invalid comparison operator '%s'",
		       c->is_list ? "(a list)" : c->item);
		return false;
	}
	return true;
}

static struct rt_fexpr *parse_fieldname(struct exb *b, const struct rt_entry *f)
{
	struct rt_parse_error e;
	struct rt_fexpr *fx;

	if (f->is_list) {
		exfail(b, &f->pos, "fields must be field names");
		return NULL;
	}
	fx = rt_cond_parse_fexpr(&b->rs->ast, f->item, strlen(f->item), &f->pos, &e);
	if (!fx)
		exfail(b, &f->pos, "'%s' is not a field: %s", f->item, e.msg);
	return fx;
}

/* field op value, the value a scalar or a list entry. */
static struct rt_ast *check_of(struct exb *b, struct rt_fexpr *fx, enum rt_op op,
                               const struct rt_entry *v, const struct rt_pos *op_pos)
{
	struct rt_ast *n = ast_node(b, RT_AST_CHECK, op_pos);

	n->left = fx;
	n->op = op;
	if (v->is_list || rt_op_is_list(op)) {
		size_t cnt = v->is_list ? v->n : 1;

		if (!rt_op_is_list(op)) {
			exfail(b, &v->pos,
			       "a list of values needs the operator in, intersects or "
			       "pmatch, not '%s'",
			       rt_op_name(op));
			return NULL;
		}
		n->rhs = RT_RHS_LIST;
		n->items = rt_arena_alloc(&b->rs->ast, (cnt ? cnt : 1) * sizeof(*n->items));
		for (size_t i = 0; i < cnt; i++) {
			const struct rt_entry *it = v->is_list ? &v->items[i] : v;

			if (it->is_list) {
				exfail(b, &it->pos, "values nest too deeply");
				return NULL;
			}
			n->items[i] = lit_of(b, it);
		}
		n->n_items = cnt;
		return n;
	}
	n->rhs = RT_RHS_VALUE;
	n->value = lit_of(b, v);
	return n;
}

/* fields: a single field, values: a flat list. */
static struct rt_ast *short_form(struct exb *b)
{
	const struct rt_exception *e = b->e;
	struct rt_fexpr *fx = parse_fieldname(b, &e->fields);
	enum rt_op op = RT_OP_IN;
	const struct rt_pos *op_pos = e->has_comps ? &e->comps.pos : &e->fields.pos;
	struct rt_entry all = {.is_list = true, .pos = e->pos};
	struct rt_ast **kids, *res;

	if (!fx || (e->has_comps && !parse_comp(b, &e->comps, &op)))
		return NULL;
	for (size_t i = 0; i < e->n_values; i++) {
		if (e->values[i].is_list) {
			exfail(b, &e->values[i].pos,
			       "expected values array to contain a list of strings (fields is a "
			       "single "
			       "field)");
			return NULL;
		}
	}
	if (!e->n_values)
		return NULL;
	if (rt_op_is_list(op)) {
		all.items = e->values;
		all.n = e->n_values;
		all.pos = e->values[0].pos;
		return check_of(b, fx, op, &all, op_pos);
	}
	/* Any other operator: true when it holds for one of the values. */
	kids = vakt_xcalloc(e->n_values, sizeof(*kids));
	for (size_t i = 0; i < e->n_values; i++) {
		kids[i] = check_of(b, fx, op, &e->values[i], op_pos);
		if (!kids[i]) {
			free(kids);
			return NULL;
		}
	}
	res = ast_join(b, RT_AST_OR, kids, e->n_values, op_pos);
	free(kids);
	return res;
}

/* fields: a list, comps: a list of the same length, values: tuples of that length. */
static struct rt_ast *tuple_form(struct exb *b)
{
	const struct rt_exception *e = b->e;
	size_t nf = e->fields.n;
	struct rt_fexpr **fx = vakt_xcalloc(nf ? nf : 1, sizeof(*fx));
	enum rt_op *ops = vakt_xcalloc(nf ? nf : 1, sizeof(*ops));
	struct rt_ast **tuples = vakt_xcalloc(e->n_values ? e->n_values : 1, sizeof(*tuples));
	struct rt_ast **checks = vakt_xcalloc(nf ? nf : 1, sizeof(*checks));
	struct rt_ast *res = NULL;

	if (e->has_comps && (!e->comps.is_list || e->comps.n != nf)) {
		exfail(b, &e->comps.pos, "fields and comps lists must have equal length");
		goto out;
	}
	for (size_t k = 0; k < nf; k++) {
		ops[k] = RT_OP_EQ;
		if (e->has_comps && !parse_comp(b, &e->comps.items[k], &ops[k]))
			goto out;
		if (!(fx[k] = parse_fieldname(b, &e->fields.items[k])))
			goto out;
	}
	for (size_t i = 0; i < e->n_values; i++) {
		const struct rt_entry *t = &e->values[i];

		if (!t->is_list || t->n != nf) {
			exfail(b, &t->pos, "fields and values lists must have equal length");
			goto out;
		}
		for (size_t k = 0; k < nf; k++) {
			const struct rt_pos *op_pos =
			    e->has_comps ? &e->comps.items[k].pos : &e->fields.items[k].pos;

			checks[k] = check_of(b, fx[k], ops[k], &t->items[k], op_pos);
			if (!checks[k])
				goto out;
		}
		tuples[i] = ast_join(b, RT_AST_AND, checks, nf, &t->pos);
	}
	if (e->n_values && nf)
		res = ast_join(b, RT_AST_OR, tuples, e->n_values, &e->pos);
out:
	free(fx);
	free(ops);
	free(tuples);
	free(checks);
	return res;
}

struct rt_ast *rt_compile_exceptions(struct rt_ruleset *rs, struct rt_rule_def *r, struct rt_ast *a)
{
	struct rt_ast **kids = vakt_xcalloc(r->n_exc + 1, sizeof(*kids)), *res;
	size_t n = 0;

	kids[n++] = a;
	for (size_t i = 0; i < r->n_exc; i++) {
		struct exb b = {.rs = rs, .r = r, .e = &r->exc[i]};
		struct rt_ast *x, *neg;

		if (!r->exc[i].has_fields) {
			exfail(&b, &r->exc[i].pos, "no 'fields'");
			free(kids);
			return NULL;
		}
		x = r->exc[i].fields.is_list ? tuple_form(&b) : short_form(&b);
		if (b.failed) {
			free(kids);
			return NULL;
		}
		if (!x)
			continue; /* no values: nothing excepted */
		neg = ast_node(&b, RT_AST_NOT, &r->exc[i].pos);
		neg->kids = rt_arena_alloc(&rs->ast, sizeof(*neg->kids));
		neg->kids[0] = x;
		neg->n_kids = 1;
		kids[n++] = neg;
	}
	res = ast_join(&(struct exb){.rs = rs, .r = r}, RT_AST_AND, kids, n, &a->pos);
	free(kids);
	return res;
}
