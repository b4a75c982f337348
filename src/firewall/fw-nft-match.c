/* SPDX-License-Identifier: MIT */
/*
 * What a match puts in the model, for nft text and JSON alike: interfaces,
 * families, protocols, ports, addresses and conntrack states from a
 * relation (`tcp dport { 22, 80 }`, `ip saddr != 10.0.0.0/8`), or nothing
 * when the model cannot hold it (the caller keeps it opaque); and verdict
 * maps expanded into one rule per entry.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "fw-nft-priv.h"

void fw_nft_match_release(struct fw_nft_match *v)
{
	vakt_strv_release(&v->vals);
	free(v->set_name);
}

/* The values of v: a named set's elements (named, NULL when not known) or its own. */
static const struct vakt_strv *rel_values(const struct fw_nft_match *v,
                                          const struct vakt_strv *named)
{
	if (v->kind == V_NAMED)
		return named;
	return v->kind == V_NONE ? NULL : &v->vals;
}

/* An interface match: one name (a set of one too), "eth*" a wildcard. */
static bool apply_iface(struct fw_iface *f, const struct fw_nft_match *v)
{
	const char *name;
	size_t n;

	if (f->name || v->complex || v->map || v->op || v->kind == V_NAMED || v->vals.n != 1)
		return false;
	name = v->vals.v[0];
	n = strlen(name);
	if (n && name[n - 1] == '*') {
		if (n > 1 && name[n - 2] == '\\')
			return false;
		f->wildcard = true;
		n--;
	}
	f->name = vakt_xstrndup(name, n);
	f->negate = v->neg;
	return true;
}

static bool apply_family(struct fw_rule *r, const struct fw_nft_match *v, const char *v4,
                         const char *v6)
{
	const char *s;

	if (v->complex || v->map || v->op || v->kind != V_SINGLE || v->vals.n != 1)
		return false;
	s = v->vals.v[0];
	if (strcmp(s, v4) == 0)
		r->only_family = v->neg ? 6 : 4;
	else if (strcmp(s, v6) == 0)
		r->only_family = v->neg ? 4 : 6;
	else
		return false;
	return true;
}

static bool apply_proto(struct fw_rule *r, const struct fw_nft_match *v,
                        const struct vakt_strv *named)
{
	const struct vakt_strv *vals = rel_values(v, named);
	uint8_t bits = 0;
	int one = -1;

	if (r->proto || r->protos_any_of || v->complex || v->map || v->op || !vals || !vals->n)
		return false;
	for (size_t i = 0; i < vals->n; i++) {
		int n = fw_nft_proto_number(vals->v[i], strlen(vals->v[i]));

		if (n < 0)
			return false;
		if (i == 0)
			one = n;
		bits |= fw_nft_proto_bit(n);
		if (!fw_nft_proto_bit(n) && vals->n > 1)
			return false;
	}
	if (vals->n == 1) {
		r->proto = (uint8_t)one;
		r->proto_negate = v->neg;
		return true;
	}
	if (v->neg)
		return false;
	r->protos_any_of = bits;
	return true;
}

/* Narrow the rule to protocol proto for a port match; false when it cannot be. */
static bool want_proto(struct fw_rule *r, int proto)
{
	uint8_t bit = fw_nft_proto_bit(proto);

	if (r->proto == proto && !r->proto_negate)
		return true;
	if (r->proto)
		return false;
	if (r->protos_any_of) {
		if (!(r->protos_any_of & bit))
			return false;
		r->protos_any_of = 0;
	}
	r->proto = (uint8_t)proto;
	return true;
}

static bool apply_ports(struct fw_ports *ports, const struct fw_nft_match *v,
                        const struct vakt_strv *named)
{
	const struct vakt_strv *vals = rel_values(v, named);
	struct fw_ports tmp = {0};
	uint16_t lo, hi;

	if (ports->n || v->complex || v->map || !vals || !vals->n)
		return false;
	if (v->op) {
		if (vals->n != 1 ||
		    fw_nft_port_range(vals->v[0], strlen(vals->v[0]), &lo, &hi) < 0 || lo != hi ||
		    (v->op == '<' && lo == 0) || (v->op == '>' && lo == 65535) || v->neg)
			return false;
		if (v->op == '<')
			fw_ports_add(ports, 0, (uint16_t)(lo - 1));
		else if (v->op == 'l')
			fw_ports_add(ports, 0, lo);
		else if (v->op == '>')
			fw_ports_add(ports, (uint16_t)(lo + 1), 65535);
		else
			fw_ports_add(ports, lo, 65535);
		return true;
	}
	for (size_t i = 0; i < vals->n; i++) {
		if (fw_nft_port_range(vals->v[i], strlen(vals->v[i]), &lo, &hi) < 0) {
			free(tmp.v);
			return false;
		}
		fw_ports_add(&tmp, lo, hi);
	}
	*ports = tmp;
	ports->negate = v->neg;
	return true;
}

static bool apply_addrs(struct fw_addrs *a, const struct fw_nft_match *v)
{
	if (a->n || a->set_name || v->complex || v->map || v->op || v->kind == V_NONE)
		return false;
	if (v->kind == V_NAMED) {
		/* resolved when the whole rule set is read (elements may be added later) */
		a->set_name = vakt_xstrdup(v->set_name);
		a->negate = v->neg;
		return true;
	}
	for (size_t i = 0; i < v->vals.n; i++)
		if (fw_nft_addrs_add(a, v->vals.v[i], strlen(v->vals.v[i])) < 0) {
			free(a->v);
			a->v = NULL;
			a->n = 0;
			return false;
		}
	a->negate = v->neg;
	return true;
}

static bool apply_ct_state(struct fw_rule *r, const struct fw_nft_match *v,
                           const struct vakt_strv *named)
{
	const struct vakt_strv *vals = rel_values(v, named);
	unsigned bits = 0;

	if (r->ct_states || v->complex || v->map || v->op || !vals || !vals->n)
		return false;
	for (size_t i = 0; i < vals->n; i++) {
		unsigned b = fw_nft_ct_state(vals->v[i], strlen(vals->v[i]));

		if (!b)
			return false;
		bits |= b;
	}
	r->ct_states = bits;
	r->ct_negate = v->neg;
	return true;
}

bool fw_nft_match_apply(struct fw_rule *r, enum fw_nft_sel kind, int proto, uint8_t fam,
                        const struct fw_nft_match *v, const struct vakt_strv *named)
{
	bool ok = false;

	if (fam && !r->only_family)
		r->only_family = fam;
	switch (kind) {
	case S_IIF:
		ok = apply_iface(&r->iif, v);
		break;
	case S_OIF:
		ok = apply_iface(&r->oif, v);
		break;
	case S_NFPROTO:
		ok = apply_family(r, v, "ipv4", "ipv6");
		break;
	case S_ETHERTYPE:
		ok = apply_family(r, v, "ip", "ip6");
		break;
	case S_PROTO:
		ok = apply_proto(r, v, named);
		break;
	case S_SADDR:
		ok = apply_addrs(&r->src, v);
		break;
	case S_DADDR:
		ok = apply_addrs(&r->dst, v);
		break;
	case S_SPORT:
	case S_DPORT:
		if (proto ? want_proto(r, proto) : true) {
			if (!proto && !r->proto && !r->protos_any_of)
				r->protos_any_of = 1 | 2 | 4 | 8;
			ok = apply_ports(kind == S_SPORT ? &r->sport : &r->dport, v, named);
		}
		break;
	case S_CT_STATE:
		ok = apply_ct_state(r, v, named);
		break;
	case S_OPAQUE:
		if (proto && !r->proto && !r->protos_any_of)
			r->proto = (uint8_t)proto;
		break;
	}
	if (v->vmap) {
		r->verdict = FW_VERDICT_OTHER;
		free(r->target);
		r->target = vakt_xstrdup("vmap");
	}
	return ok;
}

void fw_nft_vmap_add(struct nft_vmap *m, const char *key, size_t kn, enum fw_verdict verdict,
                     const char *target, size_t tn)
{
	struct nft_vmap_entry *e;

	m->v = vakt_xrealloc(m->v, (m->n + 1) * sizeof(*m->v));
	e = &m->v[m->n++];
	e->key = vakt_xstrndup(key, kn);
	e->verdict = verdict;
	e->target = target ? vakt_xstrndup(target, tn) : NULL;
}

void fw_nft_vmap_release(struct nft_vmap *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].key);
		free(m->v[i].target);
	}
	free(m->v);
	free(m->sel_text);
	memset(m, 0, sizeof(*m));
}

void fw_nft_vmap_expand(struct fw_rule *r, const struct nft_vmap *m, struct fw_rule **out,
                        size_t *n)
{
	if (!m->on || !m->n) {
		*out = vakt_xmalloc(sizeof(**out));
		(*out)[0] = *r;
		*n = 1;
		return;
	}
	*out = vakt_xcalloc(m->n, sizeof(**out));
	for (size_t i = 0; i < m->n; i++) {
		struct fw_rule *x = &(*out)[i];
		struct fw_nft_match v = {.kind = V_SINGLE};

		fw_rule_copy(x, r);
		vakt_strv_push(&v.vals, m->v[i].key);
		if (!fw_nft_match_apply(x, m->kind, m->proto, m->fam, &v, NULL)) {
			char *t =
			    vakt_xasprintf("%s%s%s", m->sel_text ? m->sel_text : "",
			                   m->sel_text && m->sel_text[0] ? " " : "", m->v[i].key);

			fw_rule_add_opaque(x, t);
			free(t);
		}
		fw_nft_match_release(&v);
		free(x->target);
		x->verdict = m->v[i].verdict;
		x->target = vakt_xstrdup(m->v[i].target);
	}
	fw_rule_release(r);
	*n = m->n;
}
