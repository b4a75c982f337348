/* SPDX-License-Identifier: MIT */
/*
 * Output formats: text with %field, %field[arg], %evt.arg.flags,
 * %transformer(field) and %(field or transformer) substituted; <NA> for a
 * missing value. The fields are bound once, when rules load; rendering
 * reads the values the evaluation cached for the event.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "rt-lang.h"

#define CONTAINER_INFO "%container.info"

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.';
}

static bool alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The end of the token after '%' at s[i] (exclusive), 0 when it is not a field. */
/* Just past the ')' that closes the '(' at s[j], 0 when none does. */
static size_t paren_end(const char *s, size_t n, size_t j)
{
	int depth = 0;

	for (; j < n; j++) {
		depth += s[j] == '(';
		depth -= s[j] == ')';
		if (!depth)
			return j + 1;
	}
	return 0;
}

static size_t token_end(const char *s, size_t n, size_t i)
{
	size_t j = i;

	if (j < n && s[j] == '(')
		return paren_end(s, n, j);
	if (j >= n || !alpha(s[j]))
		return 0;
	while (j < n && name_char(s[j]))
		j++;
	while (j > i && s[j - 1] == '.') /* "%proc.name." ends a sentence */
		j--;
	if (j < n && s[j] == '(') /* %tolower(proc.name) */
		return paren_end(s, n, j);
	if (j < n && s[j] == '[') {
		const char *close = memchr(s + j, ']', n - j);

		if (!close)
			return 0;
		j = (size_t)(close - s) + 1;
	}
	return j;
}

static void add_part(struct rt_output *o, size_t *cap, const char *lit, size_t n, long field)
{
	o->parts = vakt_grow(o->parts, sizeof(*o->parts), o->n_parts + 1, cap);
	o->parts[o->n_parts++] = (struct rt_opart){lit, n, field};
}

bool rt_output_compile(struct rt_ruleset *rs, struct rt_rule_def *r, struct rt_output *o)
{
	const struct rt_text *t = &r->output;
	const char *s = t->s ? t->s : "";
	size_t n = t->n, cap = 0, fcap = 0, lit = 0, i = 0;

	memset(o, 0, sizeof(*o));
	if (n > RT_MAX_OUTPUT_BYTES) {
		struct rt_pos pos = {.text = t};

		rt_diags_add(&rs->diags, false, RT_LOAD_ERR_TOO_LARGE, &pos, "rule", r->name,
		             "output too large: %zu bytes (at most %u)", n, RT_MAX_OUTPUT_BYTES);
		return false;
	}
	while (i < n) {
		size_t end, start = i;
		struct rt_fexpr *fx;
		struct rt_parse_error e;
		struct rt_pos pos = {.text = t, .off = i};
		long idx = -1;

		if (s[i] != '%') {
			i++;
			continue;
		}
		if (n - i >= strlen(CONTAINER_INFO) &&
		    !memcmp(s + i, CONTAINER_INFO, strlen(CONTAINER_INFO)) &&
		    (i + strlen(CONTAINER_INFO) == n ||
		     !name_char(s[i + strlen(CONTAINER_INFO)]))) {
			/* Falco drops it: the container fields are added to outputs another way. */
			rt_diags_add(&rs->diags, true, RT_LOAD_DEPRECATED_ITEM, &pos, "rule",
			             r->name, "%%container.info is deprecated and ignored");
			add_part(o, &cap, s + lit, i - lit, -1);
			i += strlen(CONTAINER_INFO);
			lit = i;
			continue;
		}
		end = token_end(s, n, i + 1);
		if (!end) {
			if (i + 1 < n && s[i + 1] == '%') { /* %% is a '%' */
				add_part(o, &cap, s + lit, i + 1 - lit, -1);
				i += 2;
				lit = i;
				continue;
			}
			i++;
			continue; /* a lone '%' stays text */
		}
		if (s[i + 1] == '(')
			fx = rt_cond_parse_fexpr(&rs->ast, s + i + 2, end - i - 3, &pos, &e);
		else
			fx = rt_cond_parse_fexpr(&rs->ast, s + i + 1, end - i - 1, &pos, &e);
		if (!fx) {
			rt_diags_add(&rs->diags, false, RT_LOAD_ERR_COMPILE_OUTPUT, &pos, "rule",
			             r->name, "invalid formatting token '%.*s': %s",
			             (int)(end - start), s + start, e.msg);
			rt_output_release(o);
			return false;
		}
		if (fx->is_val) {
			rt_diags_add(&rs->diags, false, RT_LOAD_ERR_COMPILE_OUTPUT, &pos, "rule",
			             r->name, "val() cannot be used in an output");
			rt_output_release(o);
			return false;
		}
		for (size_t k = 0; k < o->n_fields && idx < 0; k++)
			if (strlen(o->fields[k].name) == end - i - 1 &&
			    !memcmp(o->fields[k].name, s + i + 1, end - i - 1))
				idx = (long)k;
		if (idx < 0) {
			struct rt_ofield f = {0};

			if (!rt_compile_fref(rs, fx, true, &f.f, "rule", r->name,
			                     RT_LOAD_ERR_COMPILE_OUTPUT)) {
				rt_output_release(o);
				return false;
			}
			if (s[i + 1] == '(')
				f.name = vakt_xstrndup(s + i + 2, end - i - 3);
			else
				f.name = vakt_xstrndup(s + i + 1, end - i - 1);
			o->fields =
			    vakt_grow(o->fields, sizeof(*o->fields), o->n_fields + 1, &fcap);
			o->fields[o->n_fields] = f;
			idx = (long)o->n_fields++;
		}
		add_part(o, &cap, s + lit, i - lit, -1);
		add_part(o, &cap, NULL, 0, idx);
		i = end;
		lit = i;
	}
	add_part(o, &cap, s + lit, n - lit, -1);
	return true;
}

void rt_output_release(struct rt_output *o)
{
	for (size_t i = 0; i < o->n_fields; i++)
		free(o->fields[i].name);
	free(o->fields);
	free(o->parts);
	memset(o, 0, sizeof(*o));
}

/* An address as text ("10.0.0.1", "::1"); "" should inet_ntop refuse it. */
static const char *ip_text(const struct rt_ip *ip, char *buf, size_t cap)
{
	if (!inet_ntop(ip->family == AF_INET ? AF_INET : AF_INET6, ip->a, buf, (socklen_t)cap))
		buf[0] = '\0';
	return buf;
}

void rt_value_render(const struct rt_value *v, struct vakt_buf *out)
{
	char ip[INET6_ADDRSTRLEN];

	switch (v->type) {
	case RT_FT_STR:
		vakt_buf_add(out, v->s.p, v->s.n);
		break;
	case RT_FT_BYTES:
		for (size_t i = 0; i < v->s.n; i++) {
			unsigned char c = (unsigned char)v->s.p[i];

			vakt_buf_addc(out, (c >= 0x20 && c < 0x7f) ? (char)c : '.');
		}
		break;
	case RT_FT_I64:
		vakt_buf_addf(out, "%" PRId64, v->i);
		break;
	case RT_FT_BOOL:
		vakt_buf_adds(out, v->b ? "true" : "false");
		break;
	case RT_FT_IPADDR:
		vakt_buf_adds(out, ip_text(&v->ip, ip, sizeof(ip)));
		break;
	case RT_FT_IPNET:
		vakt_buf_addf(out, "%s/%u", ip_text(&v->net.ip, ip, sizeof(ip)), v->net.bits);
		break;
	default:
		vakt_buf_addf(out, "%" PRIu64, v->u);
		break;
	}
}

static void values_render(const struct rt_values *vs, struct vakt_buf *out)
{
	if (!vs->n) {
		vakt_buf_adds(out, "<NA>");
		return;
	}
	if (vs->n == 1) {
		rt_value_render(&vs->v[0], out);
		return;
	}
	vakt_buf_addc(out, '(');
	for (size_t i = 0; i < vs->n; i++) {
		if (i)
			vakt_buf_addc(out, ',');
		rt_value_render(&vs->v[i], out);
	}
	vakt_buf_addc(out, ')');
}

static const struct rt_output *output_of(const struct rt_rule *r)
{
	return r->priv && r->compiled ? &r->priv->out : NULL;
}

void rt_rule_render(const struct rt_rule *r, struct rt_eval_ctx *ctx, const void *ev,
                    struct vakt_buf *out)
{
	const struct rt_output *o = output_of(r);

	for (size_t i = 0; o && i < o->n_parts; i++) {
		const struct rt_opart *p = &o->parts[i];

		if (p->field < 0)
			vakt_buf_add(out, p->lit, p->lit_n);
		else
			values_render(rt_eval_fref(ctx, &o->fields[p->field].f, ev), out);
	}
}

size_t rt_rule_n_output_fields(const struct rt_rule *r)
{
	const struct rt_output *o = output_of(r);

	return o ? o->n_fields : 0;
}

const char *rt_rule_output_field_name(const struct rt_rule *r, size_t i)
{
	const struct rt_output *o = output_of(r);

	return o && i < o->n_fields ? o->fields[i].name : NULL;
}

const struct rt_values *rt_rule_output_field(const struct rt_rule *r, struct rt_eval_ctx *ctx,
                                             const void *ev, size_t i)
{
	const struct rt_output *o = output_of(r);

	if (!o || i >= o->n_fields)
		return NULL;
	return rt_eval_fref(ctx, &o->fields[i].f, ev);
}

static void json_string(struct vakt_buf *out, const char *s, size_t n)
{
	vakt_buf_addc(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			vakt_buf_addc(out, '\\');
			vakt_buf_addc(out, (char)c);
		} else if (c < 0x20 || c == 0x7f) {
			vakt_buf_addf(out, "\\u%04x", c);
		} else {
			vakt_buf_addc(out, (char)c);
		}
	}
	vakt_buf_addc(out, '"');
}

void rt_rule_output_fields_json(const struct rt_rule *r, struct rt_eval_ctx *ctx, const void *ev,
                                struct vakt_buf *out)
{
	const struct rt_output *o = output_of(r);
	struct vakt_buf tmp = VAKT_BUF_INIT;

	vakt_buf_addc(out, '{');
	for (size_t i = 0; o && i < o->n_fields; i++) {
		const struct rt_values *vs = rt_eval_fref(ctx, &o->fields[i].f, ev);

		if (i)
			vakt_buf_addc(out, ',');
		json_string(out, o->fields[i].name, strlen(o->fields[i].name));
		vakt_buf_addc(out, ':');
		if (!vs->n) {
			vakt_buf_adds(out, "null");
			continue;
		}
		if (vs->n == 1) {
			switch (vs->v[0].type) {
			case RT_FT_U64:
			case RT_FT_I64:
			case RT_FT_ABSTIME:
			case RT_FT_RELTIME:
			case RT_FT_BOOL:
				rt_value_render(&vs->v[0], out);
				continue;
			default:
				break;
			}
		}
		vakt_buf_reset(&tmp);
		values_render(vs, &tmp);
		json_string(out, tmp.data ? tmp.data : "", tmp.len);
	}
	vakt_buf_addc(out, '}');
	vakt_buf_release(&tmp);
}
