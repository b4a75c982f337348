/* SPDX-License-Identifier: MIT */
/*
 * The values the YAML editor writes (yaml-edit-priv.h): read from the flow
 * text a fixer gives, compared with the tree as data, merged, and written
 * as block or flow YAML.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "yaml-edit-priv.h"

/* ---- building -------------------------------------------------------------- */

static struct ye_val *val_new(enum vakt_yaml_kind kind)
{
	struct ye_val *v = vakt_xcalloc(1, sizeof(*v));

	v->kind = kind;
	return v;
}

struct ye_val *ye_val_scalar(const char *str, bool plain)
{
	struct ye_val *v = val_new(VAKT_YAML_SCALAR);

	v->len = strlen(str);
	v->str = vakt_xstrndup(str, v->len);
	v->plain = plain;
	return v;
}

void ye_val_free(struct ye_val *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		free(v->ents[i].key);
		ye_val_free(v->ents[i].val);
		vakt_buf_release(&v->ents[i].note);
	}
	free(v->ents);
	free(v->str);
	free(v);
}

void ye_ent_note(struct ye_ent *ent, const char *note)
{
	const char *have = vakt_buf_str(&ent->note);
	size_t n;

	if (!note || !*note)
		return;
	n = strlen(note);
	for (const char *p = strstr(have, note); p; p = strstr(p + 1, note))
		if ((p == have || p[-1] == ' ') && (p[n] == ';' || !p[n]))
			return;
	if (ent->note.len)
		vakt_buf_adds(&ent->note, "; ");
	vakt_buf_adds(&ent->note, note);
}

struct ye_ent *ye_val_add(struct ye_val *to, const char *key, struct ye_val *val,
                          const struct vakt_rule *rule, const char *note)
{
	struct ye_ent *e;

	to->ents = vakt_grow(to->ents, sizeof(*to->ents), to->n + 1, &to->cap);
	e = &to->ents[to->n++];
	memset(e, 0, sizeof(*e));
	e->key = key ? vakt_xstrdup(key) : NULL;
	e->val = val;
	e->rule = rule;
	ye_ent_note(e, note);
	return e;
}

struct ye_val *ye_val_wrap(const char *key, struct ye_val *val)
{
	struct ye_val *m = val_new(VAKT_YAML_MAP);

	ye_val_add(m, key, val, NULL, NULL);
	return m;
}

struct ye_ent *ye_val_get(struct ye_val *v, const char *key)
{
	for (size_t i = v->n; i-- > 0;)
		if (v->ents[i].key && !strcmp(v->ents[i].key, key))
			return &v->ents[i];
	return NULL;
}

static struct ye_val *val_from_node(const struct vakt_yaml_node *n)
{
	struct ye_val *v = val_new(n->kind);

	switch (n->kind) {
	case VAKT_YAML_SCALAR:
		v->str = vakt_xstrndup(n->str, n->len);
		v->len = n->len;
		v->plain = n->plain;
		break;
	case VAKT_YAML_SEQ:
		for (size_t i = 0; i < n->n; i++)
			ye_val_add(v, NULL, val_from_node(n->items[i]), NULL, NULL);
		break;
	case VAKT_YAML_MAP:
		for (size_t i = 0; i < n->n; i++)
			ye_val_add(v, vakt_yaml_str(n->pairs[i].key),
			           val_from_node(n->pairs[i].value), NULL, NULL);
		break;
	}
	return v;
}

/* Whether n's tree is plain data a value can hold: string keys, no tags. */
static bool node_is_data(const struct vakt_yaml_node *n)
{
	if (n->tagged)
		return false;
	if (n->kind == VAKT_YAML_SEQ) {
		for (size_t i = 0; i < n->n; i++)
			if (!node_is_data(n->items[i]))
				return false;
	} else if (n->kind == VAKT_YAML_MAP) {
		for (size_t i = 0; i < n->n; i++) {
			const struct vakt_yaml_node *k = n->pairs[i].key;

			if (k->kind != VAKT_YAML_SCALAR || k->tagged || strlen(k->str) != k->len ||
			    !node_is_data(n->pairs[i].value))
				return false;
		}
	}
	return true;
}

int ye_val_of_node(const struct vakt_yaml_node *n, struct ye_val **out)
{
	*out = node_is_data(n) ? val_from_node(n) : NULL;
	return *out ? 0 : -ENOTSUP;
}

int ye_val_parse(const char *text, struct ye_val **out)
{
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;
	int r = vakt_yaml_parse("value", text, strlen(text), &s, &err);

	vakt_error_free(err);
	*out = NULL;
	if (r == 0 && s->n_docs == 1 && s->docs[0].root && !s->docs[0].shared &&
	    node_is_data(s->docs[0].root))
		*out = val_from_node(s->docs[0].root);
	vakt_yaml_free(s);
	return *out ? 0 : -EINVAL;
}

/* ---- comparing ------------------------------------------------------------- */

enum scalar_type { T_STR, T_NULL, T_BOOL, T_NUM };

static bool is_num_like(const char *s, size_t len)
{
	size_t i = 0;

	if (len && (s[0] == '+' || s[0] == '-'))
		i++;
	if (i < len && s[i] == '.') {
		const char *r = s + i + 1;

		if (!vakt_strcasecmp(r, "inf") || !vakt_strcasecmp(r, "nan"))
			return true;
		i++;
	}
	if (i >= len || s[i] < '0' || s[i] > '9')
		return false;
	for (; i < len; i++)
		if (!strchr("0123456789abcdefABCDEFxXoO._:+-", s[i]))
			return false;
	return true;
}

static enum scalar_type scalar_type(const char *s, size_t len, bool plain)
{
	static const char *const bools[] = {"true", "false", "yes", "no", "on", "off", "y", "n"};

	if (!plain || strlen(s) != len)
		return T_STR;
	if (!len || !strcmp(s, "~") || !vakt_strcasecmp(s, "null"))
		return T_NULL;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(bools); i++)
		if (!vakt_strcasecmp(s, bools[i]))
			return T_BOOL;
	return is_num_like(s, len) ? T_NUM : T_STR;
}

bool ye_scalar_null(const char *s, size_t len, bool plain)
{
	return scalar_type(s, len, plain) == T_NULL;
}

static bool scalar_eq(const char *a, size_t alen, bool aplain, const char *b, size_t blen,
                      bool bplain)
{
	enum scalar_type t = scalar_type(a, alen, aplain);

	if (t != scalar_type(b, blen, bplain))
		return false;
	if (t == T_NULL)
		return true;
	return alen == blen && !memcmp(a, b, alen);
}

bool ye_node_eq(const struct vakt_yaml_node *n, const struct ye_val *v)
{
	if (!n || n->kind != v->kind)
		return false;
	switch (v->kind) {
	case VAKT_YAML_SCALAR:
		return scalar_eq(n->str, n->len, n->plain, v->str, v->len, v->plain);
	case VAKT_YAML_SEQ:
		if (n->n != v->n)
			return false;
		for (size_t i = 0; i < v->n; i++)
			if (!ye_node_eq(n->items[i], v->ents[i].val))
				return false;
		return true;
	default:
		if (n->n != v->n)
			return false;
		for (size_t i = 0; i < v->n; i++)
			if (!ye_node_eq(vakt_yaml_get(n, v->ents[i].key), v->ents[i].val))
				return false;
		return true;
	}
}

bool ye_val_eq(const struct ye_val *a, const struct ye_val *b)
{
	if (a->kind != b->kind || a->n != b->n)
		return false;
	if (a->kind == VAKT_YAML_SCALAR)
		return scalar_eq(a->str, a->len, a->plain, b->str, b->len, b->plain);
	for (size_t i = 0; i < a->n; i++) {
		const struct ye_val *o = b->ents[i].val;

		if (a->kind == VAKT_YAML_MAP) {
			const struct ye_ent *e = ye_val_get((struct ye_val *)b, a->ents[i].key);

			o = e ? e->val : NULL;
		}
		if (!o || !ye_val_eq(a->ents[i].val, o))
			return false;
	}
	return true;
}

int ye_val_merge(struct ye_val *have, struct ye_val *v, struct ye_ent *owner, const char *note)
{
	int r = 0;

	if (have->kind != v->kind) {
		ye_val_free(v);
		return -EEXIST;
	}
	if (owner)
		ye_ent_note(owner, note);
	switch (v->kind) {
	case VAKT_YAML_SCALAR:
		free(have->str);
		have->str = v->str;
		have->len = v->len;
		have->plain = v->plain;
		v->str = NULL;
		break;
	case VAKT_YAML_MAP:
		for (size_t i = 0; i < v->n && !r; i++) {
			struct ye_ent *h = ye_val_get(have, v->ents[i].key);

			if (h) {
				r = ye_val_merge(h->val, v->ents[i].val, NULL, NULL);
			} else {
				ye_val_add(have, v->ents[i].key, v->ents[i].val, NULL, NULL);
			}
			v->ents[i].val = NULL;
		}
		break;
	case VAKT_YAML_SEQ:
		for (size_t i = 0; i < v->n; i++) {
			bool dup = false;

			for (size_t k = 0; k < have->n && !dup; k++)
				dup = ye_val_eq(have->ents[k].val, v->ents[i].val);
			if (!dup) {
				ye_val_add(have, NULL, v->ents[i].val, NULL, NULL);
				v->ents[i].val = NULL;
			}
		}
		break;
	}
	ye_val_free(v);
	return r;
}

/* ---- writing --------------------------------------------------------------- */

/* Whether s can be written plain and read back as the same string. */
static bool plain_ok(const char *s, size_t len, bool flow)
{
	if (!len || strlen(s) != len || s[0] == ' ' || s[len - 1] == ' ' || s[len - 1] == ':')
		return false;
	if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return false;
		if (flow && strchr(",[]{}", c))
			return false;
		if ((c == ':' && s[i + 1] == ' ') || (c == '#' && s[i - (i > 0)] == ' '))
			return false;
	}
	return true;
}

static bool single_ok(const char *s, size_t len)
{
	if (strlen(s) != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static void render_double(struct vakt_buf *b, const char *s, size_t len, bool json)
{
	vakt_buf_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			vakt_buf_addc(b, '\\');
			vakt_buf_addc(b, (char)c);
		} else if (c == '\n') {
			vakt_buf_adds(b, "\\n");
		} else if (c == '\t') {
			vakt_buf_adds(b, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			vakt_buf_addf(b, json ? "\\u%04x" : "\\x%02x", c);
		} else {
			vakt_buf_addc(b, (char)c);
		}
	}
	vakt_buf_addc(b, '"');
}

void ye_render_scalar(struct vakt_buf *b, const struct ye_val *v, bool flow, enum ye_quote q)
{
	/* A typed token (`true`, `10001`, `~`) as it is; a string as the original was written. */
	if (q == YE_JSON) {
		if (scalar_type(v->str, v->len, v->plain) != T_STR && strcmp(v->str, "~"))
			vakt_buf_add(b, v->str, v->len);
		else
			render_double(b, v->str, v->len, true);
		return;
	}
	if (scalar_type(v->str, v->len, v->plain) != T_STR ||
	    (q == YE_PLAIN && scalar_type(v->str, v->len, true) == T_STR &&
	     plain_ok(v->str, v->len, flow))) {
		vakt_buf_add(b, v->str, v->len);
	} else if (q == YE_SINGLE && single_ok(v->str, v->len)) {
		vakt_buf_addc(b, '\'');
		for (size_t i = 0; i < v->len; i++) {
			if (v->str[i] == '\'')
				vakt_buf_addc(b, '\'');
			vakt_buf_addc(b, v->str[i]);
		}
		vakt_buf_addc(b, '\'');
	} else {
		render_double(b, v->str, v->len, false);
	}
}

static void render_key(struct vakt_buf *b, const char *key, bool flow, enum ye_quote q)
{
	struct ye_val k = {.kind = VAKT_YAML_SCALAR, .str = (char *)key, .len = strlen(key)};

	if (q == YE_JSON)
		render_double(b, key, k.len, true);
	else
		ye_render_scalar(b, &k, flow, YE_PLAIN);
}

void ye_render_flow(struct vakt_buf *b, const struct ye_val *v, enum ye_quote q)
{
	if (v->kind == VAKT_YAML_SCALAR) {
		ye_render_scalar(b, v, true, q == YE_JSON ? YE_JSON : YE_PLAIN);
		return;
	}
	vakt_buf_addc(b, v->kind == VAKT_YAML_MAP ? '{' : '[');
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			vakt_buf_adds(b, ", ");
		if (v->kind == VAKT_YAML_MAP) {
			render_key(b, v->ents[i].key, true, q);
			vakt_buf_adds(b, ": ");
		}
		ye_render_flow(b, v->ents[i].val, q);
	}
	vakt_buf_addc(b, v->kind == VAKT_YAML_MAP ? '}' : ']');
}

static void pad(struct vakt_buf *b, int n)
{
	for (int i = 0; i < n; i++)
		vakt_buf_addc(b, ' ');
}

/* ye_render_entry() whose first line is indented by first spaces. */
static void render_entry(struct vakt_buf *b, const char *key, const struct ye_val *v, int indent,
                         int first, const struct ye_style *st)
{
	pad(b, first);
	if (key) {
		render_key(b, key, false, YE_PLAIN);
		vakt_buf_addc(b, ':');
	} else {
		vakt_buf_addc(b, '-');
	}
	if (v->kind == VAKT_YAML_SCALAR || !v->n || (!key && v->kind == VAKT_YAML_SEQ)) {
		vakt_buf_addc(b, ' ');
		if (v->kind == VAKT_YAML_SCALAR)
			ye_render_scalar(b, v, false, YE_PLAIN);
		else
			ye_render_flow(b, v, YE_PLAIN);
		vakt_buf_adds(b, st->eol);
	} else if (key) {
		vakt_buf_adds(b, st->eol);
		ye_render_body(b, v, indent, st);
	} else {
		/* `- first: x` then the other keys under it */
		vakt_buf_addc(b, ' ');
		for (size_t i = 0; i < v->n; i++)
			render_entry(b, v->ents[i].key, v->ents[i].val, indent + 2,
			             i ? indent + 2 : 0, st);
	}
}

void ye_render_entry(struct vakt_buf *b, const char *key, const struct ye_val *v, int indent,
                     const struct ye_style *st)
{
	render_entry(b, key, v, indent, indent, st);
}

void ye_render_body(struct vakt_buf *b, const struct ye_val *v, int indent,
                    const struct ye_style *st)
{
	int in = indent + (v->kind == VAKT_YAML_MAP ? st->step : st->seq_off);

	for (size_t i = 0; i < v->n; i++)
		ye_render_entry(b, v->ents[i].key, v->ents[i].val, in, st);
}
