/* SPDX-License-Identifier: MIT */
/*
 * The statements of one nft rule into struct fw_rule: the matches vakt
 * models (interfaces, addresses, protocols, ports, conntrack states, fib
 * address types), the verdicts and nat statements, and everything else
 * kept as opaque text. Statements any new packet passes (counter, log,
 * limit, comment, mangling `... set ...`) are not kept.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "fw-nft-priv.h"

struct rctx {
	struct nft_parser *p;
	enum fw_family family;
	const char *table;
	struct fw_rule *r;
	struct nft_vmap *vm; /* the rule's verdict map, when it expands */
	struct nft_vmap tmp; /* the entries of the verdict map being read */
	size_t vmap_at;      /* where `vmap` starts in the rule's text */
};

static bool at_end(const struct nft_tok *t)
{
	return t->type == NFT_T_END || t->type == NFT_T_RBRACE || t->type == NFT_T_EOF;
}

static bool word_in(const struct nft_tok *t, const char *const *list)
{
	if (t->type != NFT_T_WORD)
		return false;
	for (size_t i = 0; list[i]; i++)
		if (nft_tok_is(t, list[i]))
			return true;
	return false;
}

/* Words that start a statement or an expression: where an unknown one ends. */
static const char *const starters[] = {
    "iif",      "iifname", "oif",     "oifname",  "meta",    "ip",     "ip6",     "tcp",
    "udp",      "th",      "sctp",    "dccp",     "udplite", "icmp",   "icmpv6",  "ct",
    "fib",      "counter", "log",     "limit",    "comment", "accept", "drop",    "reject",
    "return",   "jump",    "goto",    "continue", "queue",   "dnat",   "snat",    "masquerade",
    "redirect", "notrack", "ether",   "vlan",     "arp",     "mark",   "quota",   "flow",
    "dup",      "fwd",     "tproxy",  "synproxy", "socket",  "osf",    "rt",      "ipsec",
    "numgen",   "jhash",   "symhash", "igmp",     "ah",      "esp",    "comp",    "gre",
    "skuid",    "skgid",   "pkttype", "iiftype",  "oiftype", "cgroup", "nftrace", "notrack",
    "add",      "update",  "delete",  "xt",       NULL,
};

/* Fields after which a starter word is a value (`meta l4proto tcp`, `ether type ip`). */
static const char *const value_fields[] = {
    "type", "protocol", "nfproto", "l4proto", "nexthdr", NULL,
};

static const char *const bitwise_ops[] = {"and", "or", "xor", "&", "|", "^", "<<", ">>", NULL};

/* Take a balanced {...} or (...) group whose opening token comes next. */
static void take_group(struct nft_parser *p)
{
	int depth = 0;

	do {
		struct nft_tok t = nft_next(p);

		if (t.type == NFT_T_LBRACE || t.type == NFT_T_LPAREN)
			depth++;
		else if (t.type == NFT_T_RBRACE || t.type == NFT_T_RPAREN)
			depth--;
		else if (t.type == NFT_T_EOF)
			return;
		if (depth > FW_MAX_NEST) {
			nft_error_at(p, &t, "braces nested deeper than %d", FW_MAX_NEST);
			return;
		}
	} while (depth > 0 && !(nft_peek(p, 0)->type == NFT_T_EOF));
}

/* Take tokens up to the next statement word, the end of the rule, or a stray '}'. */
static void take_until_starter(struct nft_parser *p)
{
	bool value_next = false;

	for (;;) {
		const struct nft_tok *t = nft_peek(p, 0);

		if (at_end(t) || t->type == NFT_T_RPAREN)
			return;
		if (!value_next && word_in(t, starters))
			return;
		value_next = t->type == NFT_T_OP || word_in(t, value_fields);
		if (t->type == NFT_T_LBRACE || t->type == NFT_T_LPAREN)
			take_group(p);
		else
			nft_next(p);
	}
}

/* The text written since offset start of the rule's text (an opaque match), trimmed. */
static void keep_opaque(struct rctx *c, size_t start)
{
	const struct vakt_buf *b = &c->p->text;
	const char *s = start < b->len ? b->data + start : "";

	while (*s == ' ')
		s++;
	fw_rule_add_opaque(c->r, *s ? s : "?");
}

/* The selector words of a concatenated operand (`. tcp dport`, `. iif`). */
static void take_selector(struct nft_parser *p)
{
	static const char *const two[] = {"ip",   "ip6",     "tcp",    "udp",  "th",    "sctp",
	                                  "dccp", "icmp",    "icmpv6", "meta", "ether", "vlan",
	                                  "arp",  "udplite", "ct",     NULL};
	struct nft_tok w = nft_next(p);

	if (word_in(&w, two) && nft_peek(p, 0)->type == NFT_T_WORD) {
		struct nft_tok f = nft_next(p);

		if (nft_tok_is(&w, "ct") &&
		    (nft_tok_is(&f, "original") || nft_tok_is(&f, "reply")) &&
		    nft_peek(p, 0)->type == NFT_T_WORD)
			nft_next(p);
	}
}

static bool is_hash_expr(const struct nft_tok *t)
{
	return nft_tok_is(t, "numgen") || nft_tok_is(t, "jhash") || nft_tok_is(t, "symhash");
}

/* `numgen inc mod 2 [offset N] [map {...}]`, `jhash ip saddr . tcp dport mod 2 ...`. */
static void take_hash_expr(struct nft_parser *p)
{
	bool after_mod = false;

	nft_next(p);
	for (;;) {
		const struct nft_tok *t = nft_peek(p, 0);

		if (at_end(t) || t->type == NFT_T_RPAREN)
			return;
		if (nft_tok_is(t, "map") || nft_tok_is(t, "vmap")) {
			nft_next(p);
			if (nft_peek(p, 0)->type == NFT_T_LBRACE)
				take_group(p);
			else if (!at_end(nft_peek(p, 0)))
				nft_next(p);
			return;
		}
		if (nft_tok_is(t, "mod") || nft_tok_is(t, "seed") || nft_tok_is(t, "offset")) {
			after_mod |= nft_tok_is(t, "mod");
			nft_next(p);
			if (!at_end(nft_peek(p, 0)))
				nft_next(p);
			continue;
		}
		if (after_mod)
			return;
		if (t->type == NFT_T_LBRACE || t->type == NFT_T_LPAREN)
			take_group(p);
		else
			nft_next(p);
	}
}

/* One value: a word, a string, a set, @name; comma lists and '/' masks taken. */
static int take_value(struct rctx *c, struct fw_nft_match *v, const struct nft_tok *after)
{
	struct nft_parser *p = c->p;
	const struct nft_tok *t = nft_peek(p, 0);

	if (t->type == NFT_T_LBRACE) {
		nft_next(p);
		v->kind = V_SET;
		nft_collect_set(p, &v->vals, &v->complex, 1);
		return 0;
	}
	if (t->type == NFT_T_LPAREN) {
		take_group(p);
		v->complex = true;
		v->kind = V_SINGLE;
		return 0;
	}
	if (t->type != NFT_T_WORD && t->type != NFT_T_STRING) {
		nft_error_at(p, t, "expected a value after '%.*s'",
		             (int)(after->n > 32 ? 32 : after->n), after->s);
		return -EINVAL;
	}
	{
		struct nft_tok w = nft_next(p);

		if (w.type == NFT_T_WORD && w.n > 1 && w.s[0] == '@') {
			v->kind = V_NAMED;
			v->set_name = vakt_xstrndup(w.s + 1, w.n - 1);
			return 0;
		}
		v->kind = V_SINGLE;
		vakt_strv_push_take(&v->vals, vakt_xstrndup(w.s, w.n));
	}
	while (nft_peek(p, 0)->type == NFT_T_COMMA) {
		struct nft_tok w;

		nft_next(p);
		w = nft_next(p);
		if (w.type != NFT_T_WORD && w.type != NFT_T_STRING) {
			nft_error_at(p, &w, "expected a value after ','");
			return -EINVAL;
		}
		vakt_strv_push_take(&v->vals, vakt_xstrndup(w.s, w.n));
		v->kind = V_LIST;
	}
	if (nft_tok_is(nft_peek(p, 0), "/")) {
		struct fw_nft_match mask = {0};
		struct nft_tok slash = nft_next(p);
		int rc = take_value(c, &mask, &slash);

		fw_nft_match_release(&mask);
		v->complex = true;
		return rc;
	}
	return 0;
}

static bool vmap_verdict(const char *s, size_t n, enum fw_verdict *v)
{
	static const struct {
		const char *w;
		enum fw_verdict v;
	} words[] = {
	    {"accept", FW_VERDICT_ACCEPT}, {"drop", FW_VERDICT_DROP}, {"continue", FW_VERDICT_NONE},
	    {"return", FW_VERDICT_RETURN}, {"jump", FW_VERDICT_JUMP}, {"goto", FW_VERDICT_GOTO},
	    {"queue", FW_VERDICT_QUEUE},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(words); i++)
		if (strlen(words[i].w) == n && memcmp(words[i].w, s, n) == 0) {
			*v = words[i].v;
			return true;
		}
	return false;
}

/* Skip the rest of a vmap entry, to its ',' or the closing '}'. */
static void skip_entry(struct nft_parser *p)
{
	for (;;) {
		const struct nft_tok *t = nft_peek(p, 0);

		if (t->type == NFT_T_COMMA || t->type == NFT_T_RBRACE || t->type == NFT_T_EOF)
			return;
		if (t->type == NFT_T_LBRACE || t->type == NFT_T_LPAREN)
			take_group(p);
		else
			nft_next(p);
	}
}

/* The entries `key : verdict` of a verdict map whose '{' was taken, into c->tmp. */
static int take_vmap(struct rctx *c, struct fw_nft_match *v)
{
	struct nft_parser *p = c->p;

	fw_nft_vmap_release(&c->tmp);
	for (;;) {
		const struct nft_tok *t = nft_peek(p, 0);
		struct nft_tok key, vw = {0};
		size_t kn;
		enum fw_verdict verdict;
		const char *colon;

		if (t->type == NFT_T_EOF) {
			nft_error_at(p, t, "expected '}' closing the verdict map");
			return -EINVAL;
		}
		if (t->type == NFT_T_RBRACE) {
			nft_next(p);
			return 0;
		}
		if (t->type == NFT_T_END || t->type == NFT_T_COMMA) {
			nft_next(p);
			continue;
		}
		if (t->type != NFT_T_WORD && t->type != NFT_T_STRING) {
			v->complex = true;
			skip_entry(p);
			continue;
		}
		key = nft_next(p);
		kn = key.n;
		/* "22:accept" written without spaces */
		colon = key.type == NFT_T_WORD ? memrchr(key.s, ':', key.n) : NULL;
		if (nft_tok_is(nft_peek(p, 0), ":")) {
			nft_next(p);
			if (nft_peek(p, 0)->type == NFT_T_WORD)
				vw = nft_next(p);
		} else if (colon &&
		           vmap_verdict(colon + 1, key.n - (size_t)(colon - key.s) - 1, &verdict)) {
			vw = key;
			vw.s = colon + 1;
			vw.n = key.n - (size_t)(colon - key.s) - 1;
			kn = (size_t)(colon - key.s);
		}
		if (!vw.n || !vmap_verdict(vw.s, vw.n, &verdict)) {
			v->complex = true;
			skip_entry(p);
			continue;
		}
		if (verdict == FW_VERDICT_JUMP || verdict == FW_VERDICT_GOTO) {
			struct nft_tok target = nft_next(p);

			if (target.type != NFT_T_WORD && target.type != NFT_T_STRING) {
				nft_error_at(p, &target, "expected a chain name after '%.*s'",
				             (int)vw.n, vw.s);
				return -EINVAL;
			}
			fw_nft_vmap_add(&c->tmp, key.s, kn, verdict, target.s, target.n);
		} else {
			fw_nft_vmap_add(&c->tmp, key.s, kn, verdict, NULL, 0);
		}
		if (verdict == FW_VERDICT_QUEUE)
			v->complex = true; /* queue options */
		skip_entry(p);
	}
}

/* The relation after a selector (sel: its last word, for messages). */
static int take_rel(struct rctx *c, struct fw_nft_match *v, const struct nft_tok *sel)
{
	struct nft_parser *p = c->p;
	const struct nft_tok *t;

	for (;;) {
		t = nft_peek(p, 0);
		if (word_in(t, bitwise_ops)) {
			struct fw_nft_match x = {0};
			struct nft_tok op = nft_next(p);
			int rc = take_value(c, &x, &op);

			fw_nft_match_release(&x);
			v->complex = true;
			if (rc < 0)
				return rc;
			continue;
		}
		if (nft_tok_is(t, ".")) {
			nft_next(p);
			take_selector(p);
			v->complex = true;
			continue;
		}
		break;
	}
	if (nft_tok_is(t, "set")) {
		nft_next(p);
		v->set_stmt = true;
		/* the value may be an expression itself: `ct mark set meta mark and 0xff` */
		if (is_hash_expr(nft_peek(p, 0)))
			take_hash_expr(p);
		else if (word_in(nft_peek(p, 0), starters))
			take_selector(p);
		else if (!at_end(nft_peek(p, 0)))
			nft_next(p);
		take_until_starter(p);
		return 0;
	}
	if (nft_tok_is(t, "map") || nft_tok_is(t, "vmap")) {
		struct nft_tok m;

		c->vmap_at = p->text.len;
		m = nft_next(p);
		v->map = true;
		v->vmap = nft_tok_is(&m, "vmap");
		if (v->vmap && nft_peek(p, 0)->type == NFT_T_LBRACE) {
			nft_next(p);
			v->kind = V_SET;
			return take_vmap(c, v);
		}
		return take_value(c, v, &m);
	}
	if (t->type == NFT_T_OP) {
		struct nft_tok op = nft_next(p);

		if (op.n == 2 && op.s[0] == '!')
			v->neg = true;
		else if (op.n == 2 && op.s[0] != '=')
			v->op = op.s[0] == '<' ? 'l' : 'g';
		else if (op.n == 1 && (op.s[0] == '<' || op.s[0] == '>'))
			v->op = op.s[0];
		else if (op.n == 1)
			v->complex = true; /* a lone '=' or '!' */
	} else if (nft_tok_is(t, "eq") || nft_tok_is(t, "ne") || nft_tok_is(t, "lt") ||
	           nft_tok_is(t, "gt") || nft_tok_is(t, "le") || nft_tok_is(t, "ge")) {
		struct nft_tok op = nft_next(p);

		if (op.s[0] == 'n')
			v->neg = true;
		else if (op.s[0] != 'e')
			v->op = op.s[1] == 't' ? (op.s[0] == 'l' ? '<' : '>')
			                       : (op.s[0] == 'l' ? 'l' : 'g');
	}
	if (at_end(nft_peek(p, 0))) {
		nft_error_at(p, nft_peek(p, 0), "expected a value after '%.*s'",
		             (int)(sel->n > 32 ? 32 : sel->n), sel->s);
		return -EINVAL;
	}
	return take_value(c, v, sel);
}

/* Read a relation for a selector and apply it (or keep it opaque). */
static int selector(struct rctx *c, enum fw_nft_sel kind, int proto, uint8_t fam, size_t start,
                    const struct nft_tok *last)
{
	struct fw_nft_match v = {0};
	const struct vakt_strv *named = NULL;
	int rc = take_rel(c, &v, last);

	if (rc < 0 || v.set_stmt) {
		fw_nft_match_release(&v);
		fw_nft_vmap_release(&c->tmp);
		return rc;
	}
	if (v.vmap && c->tmp.n && !v.complex && !v.neg && !v.op && !c->vm->on) {
		/* one rule per entry, each a match on its key (fw_nft_vmap_expand()) */
		const struct vakt_buf *b = &c->p->text;
		const char *sel = start < b->len ? b->data + start : "";
		size_t n = c->vmap_at > start && c->vmap_at <= b->len ? c->vmap_at - start : 0;

		while (n && *sel == ' ') {
			sel++;
			n--;
		}
		*c->vm = c->tmp;
		memset(&c->tmp, 0, sizeof(c->tmp));
		c->vm->on = true;
		c->vm->kind = kind;
		c->vm->proto = proto;
		c->vm->fam = fam;
		c->vm->sel_text = vakt_xstrndup(sel, n);
		fw_nft_match_release(&v);
		return 0;
	}
	fw_nft_vmap_release(&c->tmp);
	if (v.kind == V_NAMED) {
		const struct nft_set *s =
		    nft_set_find(c->p, c->family, c->table, v.set_name, strlen(v.set_name));

		named = s && !s->dynamic && !s->complex ? &s->elems : NULL;
		/* ports are copied now, addresses when the rule set is read */
		if (named && (kind == S_SPORT || kind == S_DPORT) &&
		    !fw_nft_budget(&c->p->resolved, named->n)) {
			c->p->resolved_full = true;
			named = NULL;
		}
	}
	if (!fw_nft_match_apply(c->r, kind, proto, fam, &v, named))
		keep_opaque(c, start);
	fw_nft_match_release(&v);
	return 0;
}

/* `fib daddr type local`: the address type, else opaque. */
static int fib_expr(struct rctx *c, size_t start, const struct nft_tok *kw)
{
	struct nft_parser *p = c->p;
	struct nft_tok w = *kw;
	int which = 0, extra = 0;
	struct fw_nft_match v = {0};
	bool ok = false;
	int rc;

	for (;;) {
		const struct nft_tok *t = nft_peek(p, 0);

		if (nft_tok_is(t, "type") || nft_tok_is(t, "oif") || nft_tok_is(t, "oifname") ||
		    t->type != NFT_T_WORD)
			break;
		w = nft_next(p);
		if (nft_tok_is(&w, "saddr"))
			which = which ? -1 : 1;
		else if (nft_tok_is(&w, "daddr"))
			which = which ? -1 : 2;
		else
			extra++;
	}
	if (at_end(nft_peek(p, 0)) || nft_peek(p, 0)->type != NFT_T_WORD) {
		nft_error_at(p, nft_peek(p, 0), "expected 'type', 'oif' or 'oifname' after '%.*s'",
		             (int)(w.n > 32 ? 32 : w.n), w.s);
		return -EINVAL;
	}
	w = nft_next(p);
	rc = take_rel(c, &v, &w);
	if (rc < 0) {
		fw_nft_match_release(&v);
		return rc;
	}
	if (nft_tok_is(&w, "type") && which > 0 && !extra && !v.complex && !v.map && !v.op &&
	    v.kind == V_SINGLE && v.vals.n == 1 && strcmp(v.vals.v[0], "local") == 0) {
		struct fw_addrs *a = which == 1 ? &c->r->src : &c->r->dst;

		if (a->addrtype == FW_ADDRTYPE_ANY) {
			a->addrtype = v.neg ? FW_ADDRTYPE_NOT_LOCAL : FW_ADDRTYPE_LOCAL;
			ok = true;
		}
	}
	if (!ok)
		keep_opaque(c, start);
	fw_nft_match_release(&v);
	return 0;
}

/* "172.17.0.2:80", "[2001:db8::1]:80", ":8080", "10.0.0.1" into the rule's nat target. */
static bool nat_target(struct fw_rule *r, const char *s, size_t n)
{
	const char *colon = NULL, *addr = s, *port = NULL;
	size_t an = n;
	uint16_t lo, hi;

	if (n && s[0] == '[') {
		const char *close = memchr(s, ']', n);

		if (!close)
			return false;
		addr = s + 1;
		an = (size_t)(close - s - 1);
		if ((size_t)(close - s) + 1 < n) {
			if (close[1] != ':')
				return false;
			port = close + 2;
		}
	} else {
		const char *c1 = memchr(s, ':', n);

		/* one colon: address:port; more: an IPv6 address without port */
		if (c1 && !memchr(c1 + 1, ':', n - (size_t)(c1 - s) - 1))
			colon = c1;
		if (colon) {
			an = (size_t)(colon - s);
			port = colon + 1;
		}
	}
	if (an && fw_prefix_parse(addr, an, &r->to_addr) < 0)
		return false;
	if (port) {
		if (fw_nft_port_range(port, n - (size_t)(port - s), &lo, &hi) < 0)
			return false;
		r->to_ports.lo = lo;
		r->to_ports.hi = hi;
	}
	return true;
}

/* dnat, snat, masquerade, redirect (the keyword taken). */
static int nat_stmt(struct rctx *c, const struct nft_tok *kw, size_t start)
{
	struct nft_parser *p = c->p;
	struct fw_rule *r = c->r;
	const struct nft_tok *t;

	r->verdict = nft_tok_is(kw, "dnat")       ? FW_VERDICT_DNAT
	             : nft_tok_is(kw, "redirect") ? FW_VERDICT_REDIRECT
	                                          : FW_VERDICT_SNAT;
	if (nft_tok_is(nft_peek(p, 0), "ip") || nft_tok_is(nft_peek(p, 0), "ip6")) {
		if (nft_tok_is(nft_peek(p, 1), "to") || nft_tok_is(nft_peek(p, 1), "prefix") ||
		    nft_tok_is(nft_peek(p, 1), "addr"))
			nft_next(p);
	}
	if (nft_tok_is(nft_peek(p, 0), "to"))
		nft_next(p);
	else if (nft_tok_is(kw, "masquerade") || nft_tok_is(kw, "redirect")) {
		take_until_starter(p);
		return 0;
	}
	t = nft_peek(p, 0);
	if (is_hash_expr(t)) {
		take_hash_expr(p); /* where to depends on the packet */
	} else if (t->type == NFT_T_WORD && !word_in(t, starters)) {
		struct nft_tok w = nft_next(p);

		/* an address range, a prefix: where to is not one address (and no match) */
		if (!nat_target(r, w.s, w.n))
			memset(&r->to_addr, 0, sizeof(r->to_addr));
		/* `to 192.168.1.100 : numgen inc mod 2 map { ... }`: the port depends on the packet
		 */
		if (nft_tok_is(nft_peek(p, 0), ":")) {
			nft_next(p);
			if (is_hash_expr(nft_peek(p, 0)))
				take_hash_expr(p);
			else if (nft_peek(p, 0)->type == NFT_T_WORD)
				take_selector(p);
			if (nft_tok_is(nft_peek(p, 0), "map")) {
				nft_next(p);
				if (nft_peek(p, 0)->type == NFT_T_LBRACE)
					take_group(p);
			}
		}
	} else if (t->type == NFT_T_WORD) {
		/* dnat to ip daddr map { ... }: where to depends on the packet */
		struct fw_nft_match v = {0};
		struct nft_tok last = *t;
		int rc;

		take_selector(p);
		rc = take_rel(c, &v, &last);
		fw_nft_match_release(&v);
		if (rc < 0)
			return rc;
	} else {
		nft_error_at(p, t, "expected an address or a port after 'to'");
		return -EINVAL;
	}
	take_until_starter(p); /* persistent, random, fully-random */
	return 0;
}

/* A verdict word (taken). */
static int verdict(struct rctx *c, const struct nft_tok *w)
{
	struct nft_parser *p = c->p;
	struct fw_rule *r = c->r;

	free(r->target);
	r->target = NULL;
	if (nft_tok_is(w, "accept"))
		r->verdict = FW_VERDICT_ACCEPT;
	else if (nft_tok_is(w, "drop"))
		r->verdict = FW_VERDICT_DROP;
	else if (nft_tok_is(w, "return"))
		r->verdict = FW_VERDICT_RETURN;
	else if (nft_tok_is(w, "continue"))
		r->verdict = FW_VERDICT_NONE;
	else if (nft_tok_is(w, "reject")) {
		r->verdict = FW_VERDICT_REJECT;
		if (nft_tok_is(nft_peek(p, 0), "with")) {
			nft_next(p);
			/* icmp/icmpv6/icmpx [type] X, tcp reset */
			for (int i = 0; i < 3 && nft_peek(p, 0)->type == NFT_T_WORD &&
			                !nft_tok_is(nft_peek(p, 0), "comment");
			     i++) {
				struct nft_tok k = nft_next(p);

				if (nft_tok_is(&k, "reset") ||
				    (i > 0 && !nft_tok_is(&k, "type") && !nft_tok_is(&k, "code")))
					break;
			}
		}
	} else if (nft_tok_is(w, "queue")) {
		r->verdict = FW_VERDICT_QUEUE;
		take_until_starter(p);
	} else {
		struct nft_tok t = nft_next(p);

		if (t.type != NFT_T_WORD && t.type != NFT_T_STRING) {
			nft_error_at(p, &t, "expected a chain name after '%.*s'", (int)w->n, w->s);
			return -EINVAL;
		}
		r->verdict = nft_tok_is(w, "jump") ? FW_VERDICT_JUMP : FW_VERDICT_GOTO;
		r->target = vakt_xstrndup(t.s, t.n);
	}
	return 0;
}

/* counter, log, limit, quota and other statements that change nothing vakt models. */
static int plain_stmt(struct rctx *c, const struct nft_tok *w, size_t start)
{
	struct nft_parser *p = c->p;

	if (nft_tok_is(w, "comment")) {
		struct nft_tok s = nft_next(p);

		if (s.type != NFT_T_STRING && s.type != NFT_T_WORD) {
			nft_error_at(p, &s, "expected a quoted text after 'comment'");
			return -EINVAL;
		}
		if (!c->r->comment)
			c->r->comment = vakt_xstrndup(s.s, s.n);
		return 0;
	}
	if (nft_tok_is(w, "limit")) {
		bool over =
		    nft_tok_is(nft_peek(p, 0), "rate") && nft_tok_is(nft_peek(p, 1), "over");

		take_until_starter(p);
		/* `limit rate over` matches only past the rate: it may not match */
		if (over)
			keep_opaque(c, start);
		return 0;
	}
	if (nft_tok_is(w, "quota") || nft_tok_is(w, "synproxy")) {
		take_until_starter(p);
		keep_opaque(c, start);
		return 0;
	}
	if (nft_tok_is(w, "fwd") || nft_tok_is(w, "tproxy")) {
		take_until_starter(p);
		c->r->verdict = FW_VERDICT_OTHER;
		free(c->r->target);
		c->r->target = vakt_xstrndup(w->s, w->n);
		return 0;
	}
	/* counter, log, notrack, flow, dup, add/update/delete @set */
	if (nft_peek(p, 0)->type == NFT_T_WORD && nft_peek(p, 0)->s[0] == '@') {
		nft_next(p);
		if (nft_peek(p, 0)->type == NFT_T_LBRACE)
			take_group(p);
		return 0;
	}
	take_until_starter(p);
	return 0;
}

static enum fw_nft_sel addr_or_port(const struct nft_tok *f, bool ports)
{
	if (ports)
		return nft_tok_is(f, "dport")   ? S_DPORT
		       : nft_tok_is(f, "sport") ? S_SPORT
		                                : S_OPAQUE;
	return nft_tok_is(f, "saddr") ? S_SADDR : nft_tok_is(f, "daddr") ? S_DADDR : S_OPAQUE;
}

/* A field word after a payload keyword; an error at the end of the rule. */
static int field(struct nft_parser *p, const struct nft_tok *kw, struct nft_tok *f)
{
	if (nft_peek(p, 0)->type != NFT_T_WORD) {
		nft_error_at(p, nft_peek(p, 0), "expected a field after '%.*s'", (int)kw->n, kw->s);
		return -EINVAL;
	}
	*f = nft_next(p);
	return 0;
}

static int expression(struct rctx *c)
{
	struct nft_parser *p = c->p;
	size_t start = p->text.len;
	struct nft_tok w = nft_next(p), f;
	static const char *const meta_in[] = {"iif", "iifname", NULL};
	static const char *const meta_out[] = {"oif", "oifname", NULL};
	static const char *const l4[] = {"tcp", "udp", "sctp", "dccp", "udplite", NULL};
	static const char *const verdicts[] = {"accept", "drop", "return", "continue", "reject",
	                                       "queue",  "jump", "goto",   NULL};
	static const char *const nat[] = {"dnat", "snat", "masquerade", "redirect", NULL};
	static const char *const plain[] = {"counter", "log",    "limit",  "comment",  "quota",
	                                    "notrack", "flow",   "dup",    "fwd",      "tproxy",
	                                    "add",     "update", "delete", "synproxy", NULL};

	if (w.type != NFT_T_WORD) {
		char q = w.type == NFT_T_LBRACE   ? '{'
		         : w.type == NFT_T_LPAREN ? '('
		         : w.type == NFT_T_RPAREN ? ')'
		         : w.type == NFT_T_COMMA  ? ','
		                                  : '"';

		nft_error_at(p, &w, "expected a match or a statement, found '%c'",
		             w.type == NFT_T_OP ? w.s[0] : q);
		return -EINVAL;
	}
	if (word_in(&w, verdicts))
		return verdict(c, &w);
	if (word_in(&w, nat))
		return nat_stmt(c, &w, start);
	if (word_in(&w, plain))
		return plain_stmt(c, &w, start);
	if (word_in(&w, meta_in))
		return selector(c, S_IIF, 0, 0, start, &w);
	if (word_in(&w, meta_out))
		return selector(c, S_OIF, 0, 0, start, &w);
	if (nft_tok_is(&w, "fib"))
		return fib_expr(c, start, &w);
	if (nft_tok_is(&w, "meta")) {
		if (field(p, &w, &f) < 0)
			return -EINVAL;
		if (word_in(&f, meta_in))
			return selector(c, S_IIF, 0, 0, start, &f);
		if (word_in(&f, meta_out))
			return selector(c, S_OIF, 0, 0, start, &f);
		if (nft_tok_is(&f, "nfproto"))
			return selector(c, S_NFPROTO, 0, 0, start, &f);
		if (nft_tok_is(&f, "protocol"))
			return selector(c, S_ETHERTYPE, 0, 0, start, &f);
		if (nft_tok_is(&f, "l4proto"))
			return selector(c, S_PROTO, 0, 0, start, &f);
		return selector(c, S_OPAQUE, 0, 0, start, &f);
	}
	if (nft_tok_is(&w, "ip") || nft_tok_is(&w, "ip6")) {
		uint8_t fam = nft_tok_is(&w, "ip") ? 4 : 6;

		if (field(p, &w, &f) < 0)
			return -EINVAL;
		if (nft_tok_is(&f, fam == 4 ? "protocol" : "nexthdr"))
			return selector(c, S_PROTO, 0, fam, start, &f);
		return selector(c, addr_or_port(&f, false), 0, fam, start, &f);
	}
	if (word_in(&w, l4) || nft_tok_is(&w, "th")) {
		int proto = nft_tok_is(&w, "th") ? 0 : fw_nft_proto_number(w.s, w.n);

		if (field(p, &w, &f) < 0)
			return -EINVAL;
		/* tcp option maxseg size ...: an option then its field */
		if (nft_tok_is(&f, "option") && field(p, &f, &f) == 0 &&
		    nft_peek(p, 0)->type == NFT_T_WORD && !nft_tok_is(nft_peek(p, 0), "set") &&
		    !nft_tok_is(nft_peek(p, 0), "exists") && !nft_tok_is(nft_peek(p, 0), "missing"))
			f = nft_next(p);
		return selector(c, addr_or_port(&f, true), proto, 0, start, &f);
	}
	if (nft_tok_is(&w, "icmp") || nft_tok_is(&w, "icmpv6")) {
		bool v6 = nft_tok_is(&w, "icmpv6");

		if (field(p, &w, &f) < 0)
			return -EINVAL;
		return selector(c, S_OPAQUE, v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP, v6 ? 6 : 4, start,
		                &f);
	}
	if (nft_tok_is(&w, "ct")) {
		if (field(p, &w, &f) < 0)
			return -EINVAL;
		if (nft_tok_is(&f, "state"))
			return selector(c, S_CT_STATE, 0, 0, start, &f);
		if (nft_tok_is(&f, "original") || nft_tok_is(&f, "reply")) {
			take_selector(p);
			return selector(c, S_OPAQUE, 0, 0, start, &f);
		}
		if (nft_tok_is(&f, "count")) {
			take_until_starter(p);
			keep_opaque(c, start);
			return 0;
		}
		return selector(c, S_OPAQUE, 0, 0, start, &f);
	}
	/*
	 * anything else (ether, vlan, arp, sctp chunks, socket, osf, rt ...):
	 * KEYWORD [FIELD] then a relation, or a `set` statement, kept as written
	 */
	if (nft_tok_is(&w, "xt"))
		p->rule_xt = true;
	if (at_end(nft_peek(p, 0)) || word_in(nft_peek(p, 0), starters)) {
		keep_opaque(c, start);
		return 0;
	}
	if (nft_peek(p, 0)->type == NFT_T_WORD && !word_in(nft_peek(p, 0), bitwise_ops) &&
	    !nft_tok_is(nft_peek(p, 0), "set") && !nft_tok_is(nft_peek(p, 0), "map") &&
	    !nft_tok_is(nft_peek(p, 0), "vmap") && nft_peek(p, 1)->type != NFT_T_END &&
	    nft_peek(p, 1)->type != NFT_T_RBRACE && nft_peek(p, 1)->type != NFT_T_EOF &&
	    (!word_in(nft_peek(p, 1), starters) || word_in(nft_peek(p, 0), value_fields)))
		f = nft_next(p);
	else
		f = w;
	return selector(c, S_OPAQUE, 0, 0, start, &f);
}

int nft_parse_rule(struct nft_parser *p, enum fw_family family, const char *table,
                   struct fw_rule *r, struct nft_vmap *vm)
{
	struct rctx c = {.p = p, .family = family, .table = table, .r = r, .vm = vm};
	size_t n = 0;

	while (!at_end(nft_peek(p, 0))) {
		if (expression(&c) < 0) {
			fw_nft_vmap_release(&c.tmp);
			return -EINVAL;
		}
		n++;
	}
	fw_nft_vmap_release(&c.tmp);
	if (n == 0) {
		nft_error_at(p, nft_peek(p, 0), "expected a rule");
		return -EINVAL;
	}
	return 0;
}
