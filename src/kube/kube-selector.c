/* SPDX-License-Identifier: MIT */
/*
 * Label sets and metav1.LabelSelector: matchLabels and matchExpressions
 * (In, NotIn, Exists, DoesNotExist), ANDed, as the API machinery defines
 * them. A selector the API server would refuse selects nothing here.
 */
#include "kube-netpol.h"

void kube_labels_reserve(struct kube_labels *l, size_t extra)
{
	if (l->n + extra <= l->cap)
		return;
	l->cap = l->n + extra;
	l->v = vakt_xrealloc(l->v, l->cap * sizeof(*l->v));
}

void kube_labels_add(struct kube_labels *l, const char *key, const char *value)
{
	l->v = vakt_grow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	l->v[l->n++] = (struct kube_label){key, value ? value : ""};
}

void kube_labels_add_map(struct kube_labels *l, const struct vakt_yaml_node *map)
{
	if (!vakt_yaml_is_map(map))
		return;
	for (size_t i = 0; i < map->n; i++) {
		const struct vakt_yaml_node *k = map->pairs[i].key, *v = map->pairs[i].value;

		if (!vakt_yaml_str(k))
			continue;
		/* A null value decodes to "" in a map[string]string. */
		if (vakt_yaml_is_null(v))
			kube_labels_add(l, vakt_yaml_str(k), "");
		else if (vakt_yaml_str(v))
			kube_labels_add(l, vakt_yaml_str(k), vakt_yaml_str(v));
	}
}

const char *kube_labels_get(const struct kube_labels *l, const char *key)
{
	for (size_t i = l->n; i-- > 0;)
		if (!strcmp(l->v[i].key, key))
			return l->v[i].value;
	return NULL;
}

void kube_labels_release(struct kube_labels *l)
{
	free(l->v);
	*l = (struct kube_labels){0};
}

static struct kube_sel_req *sel_push(struct kube_selector *sel, size_t *cap)
{
	sel->reqs = vakt_grow(sel->reqs, sizeof(*sel->reqs), sel->n + 1, cap);
	sel->reqs[sel->n] = (struct kube_sel_req){0};
	return &sel->reqs[sel->n++];
}

static void sel_invalid(struct kube_selector *sel, const char *why)
{
	if (sel->valid) {
		sel->valid = false;
		sel->problem = why;
	}
}

static void sel_parse_labels(struct kube_selector *sel, const struct vakt_yaml_node *ml,
                             size_t *cap)
{
	if (vakt_yaml_is_null(ml))
		return;
	if (!vakt_yaml_is_map(ml)) {
		sel_invalid(sel, "matchLabels is not a mapping");
		return;
	}
	for (size_t i = 0; i < ml->n; i++) {
		const struct vakt_yaml_node *v = ml->pairs[i].value;
		const char *key = vakt_yaml_str(ml->pairs[i].key);
		struct kube_sel_req *r;

		if (!key || (!vakt_yaml_is_null(v) && !vakt_yaml_str(v))) {
			sel_invalid(sel, "matchLabels holds a value that is not a string");
			continue;
		}
		r = sel_push(sel, cap);
		r->key = key;
		r->op = KUBE_SEL_EQ;
		/* Its one value is a slot of sel->eq_values (sized to matchLabels). */
		r->values = &sel->eq_values[sel->n_eq];
		r->values[0] = vakt_yaml_is_null(v) ? "" : vakt_yaml_str(v);
		r->n_values = 1;
		sel->n_eq++;
	}
}

static bool sel_parse_op(const char *s, enum kube_sel_op *op)
{
	static const struct {
		const char *name;
		enum kube_sel_op op;
	} ops[] = {
	    {"In", KUBE_SEL_IN},
	    {"NotIn", KUBE_SEL_NOT_IN},
	    {"Exists", KUBE_SEL_EXISTS},
	    {"DoesNotExist", KUBE_SEL_NOT_EXISTS},
	};

	for (size_t i = 0; s && i < VAKT_ARRAY_SIZE(ops); i++) {
		if (!strcmp(s, ops[i].name)) {
			*op = ops[i].op;
			return true;
		}
	}
	return false;
}

static void sel_parse_expr(struct kube_selector *sel, const struct vakt_yaml_node *e, size_t *cap)
{
	const struct vakt_yaml_node *vals = vakt_yaml_get(e, "values");
	const char *key = vakt_yaml_text(vakt_yaml_get(e, "key"));
	size_t n_vals = vakt_yaml_is_seq(vals) ? vals->n : 0;
	struct kube_sel_req *r;
	enum kube_sel_op op;

	if (!vakt_yaml_is_map(e) || !key) {
		sel_invalid(sel, "a matchExpressions entry has no key");
		return;
	}
	if (!sel_parse_op(vakt_yaml_str(vakt_yaml_get(e, "operator")), &op)) {
		sel_invalid(sel, "a matchExpressions operator is not In, NotIn, Exists or "
		                 "DoesNotExist");
		return;
	}
	if (!vakt_yaml_is_null(vals) && !vakt_yaml_is_seq(vals)) {
		sel_invalid(sel, "matchExpressions values is not a list");
		return;
	}
	if ((op == KUBE_SEL_IN || op == KUBE_SEL_NOT_IN) && n_vals == 0) {
		sel_invalid(sel, "In and NotIn need at least one value");
		return;
	}
	if ((op == KUBE_SEL_EXISTS || op == KUBE_SEL_NOT_EXISTS) && n_vals > 0) {
		sel_invalid(sel, "Exists and DoesNotExist take no values");
		return;
	}
	for (size_t i = 0; i < n_vals; i++) {
		if (!vakt_yaml_str(vals->items[i])) {
			sel_invalid(sel, "matchExpressions values holds something that is not a "
			                 "string");
			return;
		}
	}
	r = sel_push(sel, cap);
	r->key = key;
	r->op = op;
	r->n_values = n_vals;
	if (n_vals) {
		r->values = vakt_xcalloc(n_vals, sizeof(*r->values));
		for (size_t i = 0; i < n_vals; i++)
			r->values[i] = vakt_yaml_str(vals->items[i]);
	}
}

void kube_selector_parse(const struct vakt_yaml_node *node, struct kube_selector *sel)
{
	const struct vakt_yaml_node *ml, *me;
	size_t cap = 0, n_ml;

	*sel = (struct kube_selector){.valid = true};
	if (vakt_yaml_is_null(node))
		return;
	sel->node = node;
	if (!vakt_yaml_is_map(node)) {
		sel_invalid(sel, "the selector is not a mapping");
		return;
	}
	ml = vakt_yaml_get(node, "matchLabels");
	me = vakt_yaml_get(node, "matchExpressions");
	/* Room for every requirement at once: a model parses thousands of small selectors. */
	n_ml = vakt_yaml_is_map(ml) ? ml->n : 0;
	cap = n_ml + (vakt_yaml_is_seq(me) ? me->n : 0);
	if (cap)
		sel->reqs = vakt_xmalloc(cap * sizeof(*sel->reqs));
	if (n_ml)
		sel->eq_values = vakt_xmalloc(n_ml * sizeof(*sel->eq_values));
	sel_parse_labels(sel, ml, &cap);
	if (vakt_yaml_is_null(me))
		return;
	if (!vakt_yaml_is_seq(me)) {
		sel_invalid(sel, "matchExpressions is not a list");
		return;
	}
	for (size_t i = 0; i < me->n; i++)
		sel_parse_expr(sel, me->items[i], &cap);
}

bool kube_selector_is_empty(const struct kube_selector *sel)
{
	return sel->valid && sel->n == 0;
}

static bool req_has_value(const struct kube_sel_req *r, const char *v)
{
	for (size_t i = 0; i < r->n_values; i++)
		if (!strcmp(r->values[i], v))
			return true;
	return false;
}

bool kube_selector_matches(const struct kube_selector *sel, const struct kube_labels *l)
{
	if (!sel->valid)
		return false;
	for (size_t i = 0; i < sel->n; i++) {
		const struct kube_sel_req *r = &sel->reqs[i];
		const char *v = kube_labels_get(l, r->key);
		bool ok = false;

		switch (r->op) {
		case KUBE_SEL_EQ:
		case KUBE_SEL_IN:
			ok = v && req_has_value(r, v);
			break;
		case KUBE_SEL_NOT_IN:
			ok = !v || !req_has_value(r, v);
			break;
		case KUBE_SEL_EXISTS:
			ok = v != NULL;
			break;
		case KUBE_SEL_NOT_EXISTS:
			ok = v == NULL;
			break;
		}
		if (!ok)
			return false;
	}
	return true;
}

void kube_selector_describe(const struct kube_selector *sel, struct vakt_buf *b)
{
	if (!sel->valid) {
		vakt_buf_addf(b, "<invalid: %s>", sel->problem);
		return;
	}
	if (sel->n == 0) {
		vakt_buf_adds(b, "{}");
		return;
	}
	for (size_t i = 0; i < sel->n; i++) {
		const struct kube_sel_req *r = &sel->reqs[i];

		if (i)
			vakt_buf_addc(b, ',');
		switch (r->op) {
		case KUBE_SEL_EQ:
			vakt_buf_addf(b, "%s=%s", r->key, r->values[0]);
			break;
		case KUBE_SEL_IN:
		case KUBE_SEL_NOT_IN:
			vakt_buf_addf(b, "%s %s (", r->key, r->op == KUBE_SEL_IN ? "in" : "notin");
			for (size_t j = 0; j < r->n_values; j++)
				vakt_buf_addf(b, "%s%s", j ? "," : "", r->values[j]);
			vakt_buf_addc(b, ')');
			break;
		case KUBE_SEL_EXISTS:
			vakt_buf_adds(b, r->key);
			break;
		case KUBE_SEL_NOT_EXISTS:
			vakt_buf_addf(b, "!%s", r->key);
			break;
		}
	}
}

void kube_selector_release(struct kube_selector *sel)
{
	for (size_t i = 0; i < sel->n; i++)
		if (sel->reqs[i].op != KUBE_SEL_EQ)
			free(sel->reqs[i].values);
	free(sel->reqs);
	free(sel->eq_values);
	*sel = (struct kube_selector){0};
}
