/* SPDX-License-Identifier: MIT */
/*
 * `nft -j list ruleset` (libnftables-json(5)) into the firewall model:
 * tables, chains, sets and rules with their expression arrays. The matches
 * are read into the same relations as nft's own syntax (fw-nft-priv.h), so
 * both forms give the same model. iptables-nft rules come back as `xt`
 * statements with a name and no arguments: kept opaque, and their table
 * marked iptables-managed (its rules are read from iptables-save instead).
 *
 * jansson gives no positions for a value: fw-nft-json-lines.c finds the
 * line where each rule object starts (in a dump kept pretty-printed; nft -j
 * itself writes one line, where every rule is on line 1).
 */
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "fw-nft-priv.h"
#include "fw.h"

/* Rules moved by insert commands in all, as for nft's own syntax. */
#define JSON_MAX_MOVES (16u * 1024 * 1024)

struct jset {
	enum fw_family family;
	char *table, *name;
	struct vakt_strv elems;
	bool dynamic, complex;
};

struct jctx {
	const struct vakt_source *src;
	struct fw_ruleset *rs;
	struct vakt_error_list *errs;
	int *lines; /* line of each element of the nftables array */
	size_t n_lines;
	struct jset *sets;
	size_t n_sets;
	size_t n_rules, max_rules;
	bool rules_full; /* max_rules reached (reported once) */
	struct vakt_buf text;
	size_t resolved; /* elements copied from named sets (NFT_MAX_RESOLVED) */
	bool resolved_full;
	size_t moved; /* rules moved by insert commands (JSON_MAX_MOVES) */
	bool moved_full;
	struct nft_index index; /* tables, chains and sets by name */
	struct vakt_buf key;
};

static bool index_get(struct jctx *j, char kind, int family, const char *a, const char *c,
                      size_t *val)
{
	nft_index_key(&j->key, kind, family, a, strlen(a), c, c ? strlen(c) : 0);
	return nft_index_get(&j->index, j->key.data, j->key.len, val);
}

static void index_put(struct jctx *j, char kind, int family, const char *a, const char *c,
                      size_t val)
{
	nft_index_key(&j->key, kind, family, a, strlen(a), c, c ? strlen(c) : 0);
	nft_index_put(&j->index, j->key.data, j->key.len, val);
}

static void jerr(struct jctx *j, int line, const char *fmt, ...) VAKT_PRINTF(3, 4);
static void jerr(struct jctx *j, int line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	fw_nft_error(j->errs, -EINVAL, j->src->path, line, 0, "%s", msg);
	free(msg);
}

static const char *jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A scalar element as nft writes it: "10.0.0.1", 22 -> "22", a prefix, a range. */
static char *value_text(const json_t *v)
{
	if (json_is_string(v))
		return vakt_xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return vakt_xasprintf("%lld", (long long)json_integer_value(v));
	if (json_is_object(v)) {
		const json_t *pf = json_object_get(v, "prefix");
		const json_t *rg = json_object_get(v, "range");
		const json_t *el = json_object_get(v, "elem");

		if (json_is_object(pf) && json_is_string(json_object_get(pf, "addr")) &&
		    json_is_integer(json_object_get(pf, "len")))
			return vakt_xasprintf(
			    "%s/%lld", json_string_value(json_object_get(pf, "addr")),
			    (long long)json_integer_value(json_object_get(pf, "len")));
		if (json_is_array(rg) && json_array_size(rg) == 2) {
			char *a = value_text(json_array_get(rg, 0));
			char *b = a ? value_text(json_array_get(rg, 1)) : NULL;
			char *r = b ? vakt_xasprintf("%s-%s", a, b) : NULL;

			free(a);
			free(b);
			return r;
		}
		/* {"elem": {"val": X, "timeout": ...}} */
		if (json_is_object(el))
			return value_text(json_object_get(el, "val"));
	}
	return NULL;
}

/* Set elements into out; *complex for what is no single value. */
static void elems_text(const json_t *arr, struct vakt_strv *out, bool *complex)
{
	size_t i;
	const json_t *v;

	json_array_foreach(arr, i, v)
	{
		char *t = value_text(v);

		if (t)
			vakt_strv_push_take(out, t);
		else
			*complex = true;
	}
}

/* The right side of a match into m. */
static void right_side(const json_t *r, struct fw_nft_match *m)
{
	const json_t *set = json_is_object(r) ? json_object_get(r, "set") : NULL;

	if (json_is_string(r) && json_string_value(r)[0] == '@') {
		m->kind = V_NAMED;
		m->set_name = vakt_xstrdup(json_string_value(r) + 1);
		return;
	}
	if (json_is_array(r) || json_is_array(set)) {
		m->kind = V_SET;
		elems_text(json_is_array(r) ? r : set, &m->vals, &m->complex);
		return;
	}
	{
		char *t = value_text(r);

		if (!t) {
			m->complex = true;
			return;
		}
		m->kind = V_SINGLE;
		vakt_strv_push_take(&m->vals, t);
	}
}

/* Compact text of an expression for the rule's text (best effort, nft-like). */
static void expr_text(struct vakt_buf *b, const json_t *e)
{
	const json_t *x;
	char *t = value_text(e);

	if (t) {
		vakt_buf_adds(b, t);
		free(t);
		return;
	}
	if ((x = json_object_get(e, "payload")) && jstr(x, "protocol")) {
		vakt_buf_addf(b, "%s %s", jstr(x, "protocol"),
		              jstr(x, "field") ? jstr(x, "field") : "?");
	} else if ((x = json_object_get(e, "meta")) && jstr(x, "key")) {
		vakt_buf_addf(b, "meta %s", jstr(x, "key"));
	} else if ((x = json_object_get(e, "ct")) && jstr(x, "key")) {
		vakt_buf_addf(b, "ct %s", jstr(x, "key"));
	} else if ((x = json_object_get(e, "fib")) && jstr(x, "result")) {
		size_t i;
		const json_t *f;

		vakt_buf_adds(b, "fib");
		json_array_foreach(json_object_get(x, "flags"), i, f) vakt_buf_addf(
		    b, "%s%s", i ? " . " : " ", json_is_string(f) ? json_string_value(f) : "?");
		vakt_buf_addf(b, " %s", jstr(x, "result"));
	} else if (json_is_array(e) || json_is_array(json_object_get(e, "set"))) {
		size_t i;
		const json_t *v, *arr = json_is_array(e) ? e : json_object_get(e, "set");

		vakt_buf_adds(b, "{ ");
		json_array_foreach(arr, i, v)
		{
			if (i)
				vakt_buf_adds(b, ", ");
			expr_text(b, v);
		}
		vakt_buf_adds(b, " }");
	} else if (json_is_object(e) && json_object_size(e) == 1) {
		vakt_buf_adds(b, json_object_iter_key(json_object_iter((json_t *)e)));
	} else {
		vakt_buf_adds(b, "?");
	}
}

static void stmt_text(struct vakt_buf *b, const char *key, const json_t *v)
{
	if (b->len > FW_MAX_LINE)
		return;
	if (b->len)
		vakt_buf_addc(b, ' ');
	if (strcmp(key, "match") == 0) {
		const char *op = jstr(v, "op");

		expr_text(b, json_object_get(v, "left"));
		if (op && strcmp(op, "==") != 0 && strcmp(op, "in") != 0)
			vakt_buf_addf(b, " %s", op);
		vakt_buf_addc(b, ' ');
		expr_text(b, json_object_get(v, "right"));
	} else if ((strcmp(key, "jump") == 0 || strcmp(key, "goto") == 0) && jstr(v, "target")) {
		vakt_buf_addf(b, "%s %s", key, jstr(v, "target"));
	} else if (strcmp(key, "xt") == 0) {
		vakt_buf_addf(b, "xt %s %s", jstr(v, "type") ? jstr(v, "type") : "?",
		              jstr(v, "name") ? jstr(v, "name") : "?");
	} else if ((strcmp(key, "dnat") == 0 || strcmp(key, "snat") == 0) &&
	           json_is_string(json_object_get(v, "addr"))) {
		vakt_buf_addf(b, "%s to %s", key, jstr(v, "addr"));
		if (json_is_integer(json_object_get(v, "port")))
			vakt_buf_addf(b, ":%lld",
			              (long long)json_integer_value(json_object_get(v, "port")));
	} else {
		vakt_buf_adds(b, key);
	}
}

/* The set named name of table (family, table), or NULL. */
static struct jset *set_find(struct jctx *j, enum fw_family family, const char *table,
                             const char *name)
{
	size_t i;

	return index_get(j, 'S', (int)family, table, name, &i) && i < j->n_sets ? &j->sets[i]
	                                                                        : NULL;
}

static struct fw_table *table_find(struct jctx *j, int family, const char *name)
{
	size_t i;

	return index_get(j, 'T', family, name, NULL, &i) && i < j->rs->n_tables ? &j->rs->tables[i]
	                                                                        : NULL;
}

static struct fw_chain *chain_find(struct jctx *j, struct fw_table *t, const char *name)
{
	size_t i;

	return index_get(j, 'C', (int)t->family, t->name, name, &i) && i < t->n_chains
	           ? &t->chains[i]
	           : NULL;
}

/*
 * What the left side of a match (or a verdict map's key) is on: *kind, and
 * the protocol and family it implies. False when it is none of those.
 */
static bool classify(const json_t *left, enum fw_nft_sel *kind, int *proto, uint8_t *fam)
{
	const json_t *x;

	if ((x = json_object_get(left, "meta")) && jstr(x, "key")) {
		const char *k = jstr(x, "key");

		if (!strcmp(k, "iif") || !strcmp(k, "iifname"))
			*kind = S_IIF;
		else if (!strcmp(k, "oif") || !strcmp(k, "oifname"))
			*kind = S_OIF;
		else if (!strcmp(k, "nfproto"))
			*kind = S_NFPROTO;
		else if (!strcmp(k, "protocol"))
			*kind = S_ETHERTYPE;
		else if (!strcmp(k, "l4proto"))
			*kind = S_PROTO;
	} else if ((x = json_object_get(left, "payload")) && jstr(x, "protocol") &&
	           jstr(x, "field")) {
		const char *pr = jstr(x, "protocol"), *f = jstr(x, "field");
		bool ip = !strcmp(pr, "ip"), ip6 = !strcmp(pr, "ip6");

		if (ip || ip6) {
			*fam = ip ? 4 : 6;
			if (!strcmp(f, "saddr"))
				*kind = S_SADDR;
			else if (!strcmp(f, "daddr"))
				*kind = S_DADDR;
			else if (!strcmp(f, ip ? "protocol" : "nexthdr"))
				*kind = S_PROTO;
		} else if (!strcmp(pr, "icmp") || !strcmp(pr, "icmpv6")) {
			*fam = pr[4] ? 6 : 4;
			*proto = pr[4] ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
		} else if (!strcmp(pr, "th") || !strcmp(pr, "tcp") || !strcmp(pr, "udp") ||
		           !strcmp(pr, "sctp") || !strcmp(pr, "dccp") || !strcmp(pr, "udplite")) {
			*proto = !strcmp(pr, "th") ? 0 : fw_nft_proto_number(pr, strlen(pr));
			if (!strcmp(f, "dport"))
				*kind = S_DPORT;
			else if (!strcmp(f, "sport"))
				*kind = S_SPORT;
		}
	} else if ((x = json_object_get(left, "ct")) && jstr(x, "key") &&
	           !strcmp(jstr(x, "key"), "state") && !json_object_get(x, "dir")) {
		*kind = S_CT_STATE;
	} else {
		return false;
	}
	return true;
}

/* A match statement: left selector, op, right value. */
static void match_stmt(struct jctx *j, struct fw_rule *r, const json_t *m, enum fw_family family,
                       const char *table, const char *text)
{
	const json_t *left = json_object_get(m, "left"), *x;
	const char *op = jstr(m, "op");
	struct fw_nft_match v = {0};
	enum fw_nft_sel kind = S_OPAQUE;
	int proto = 0;
	uint8_t fam = 0;
	const struct vakt_strv *named = NULL;
	bool ok;

	right_side(json_object_get(m, "right"), &v);
	if (!op || strcmp(op, "==") == 0 || strcmp(op, "in") == 0)
		;
	else if (strcmp(op, "!=") == 0)
		v.neg = true;
	else if (strcmp(op, "<") == 0 || strcmp(op, ">") == 0)
		v.op = op[0];
	else if (strcmp(op, "<=") == 0 || strcmp(op, ">=") == 0)
		v.op = op[0] == '<' ? 'l' : 'g';
	else
		v.complex = true;
	if (classify(left, &kind, &proto, &fam)) {
		; /* a selector vakt models, or one whose protocol and family tell */
	} else if (json_is_object(left) && json_object_size(left) == 1 &&
	           json_is_array(json_object_iter_value(json_object_iter((json_t *)left)))) {
		/* `tcp flags & (syn | ack)`, `ip frag-off & 0x1fff`: opaque, in its protocol */
		const json_t *inner =
		    json_array_get(json_object_iter_value(json_object_iter((json_t *)left)), 0);

		if (classify(inner, &kind, &proto, &fam))
			kind = S_OPAQUE;
	} else if ((x = json_object_get(left, "fib")) && jstr(x, "result") &&
	           !strcmp(jstr(x, "result"), "type") &&
	           json_array_size(json_object_get(x, "flags")) == 1 && v.kind == V_SINGLE &&
	           !v.complex && !v.op && v.vals.n == 1 && !strcmp(v.vals.v[0], "local")) {
		const char *f = json_string_value(json_array_get(json_object_get(x, "flags"), 0));
		struct fw_addrs *a = f && !strcmp(f, "saddr")   ? &r->src
		                     : f && !strcmp(f, "daddr") ? &r->dst
		                                                : NULL;

		if (a && a->addrtype == FW_ADDRTYPE_ANY) {
			a->addrtype = v.neg ? FW_ADDRTYPE_NOT_LOCAL : FW_ADDRTYPE_LOCAL;
			fw_nft_match_release(&v);
			return;
		}
	}
	if (v.kind == V_NAMED) {
		const struct jset *s = set_find(j, family, table, v.set_name);

		named = s && !s->dynamic && !s->complex ? &s->elems : NULL;
		/* ports are copied now, addresses when the rule set is read */
		if (named && (kind == S_SPORT || kind == S_DPORT) &&
		    !fw_nft_budget(&j->resolved, named->n)) {
			j->resolved_full = true;
			named = NULL;
		}
	}
	ok = fw_nft_match_apply(r, kind, proto, fam, &v, named);
	if (!ok)
		fw_rule_add_opaque(r, text);
	fw_nft_match_release(&v);
}

/* A nat statement: {"dnat": {"addr": "172.17.0.2", "port": 80}}. */
static void nat_stmt(struct fw_rule *r, const char *key, const json_t *v)
{
	const json_t *port = json_object_get(v, "port");
	const char *addr = jstr(v, "addr");

	r->verdict = !strcmp(key, "dnat")       ? FW_VERDICT_DNAT
	             : !strcmp(key, "redirect") ? FW_VERDICT_REDIRECT
	                                        : FW_VERDICT_SNAT;
	if (addr && fw_prefix_parse(addr, strlen(addr), &r->to_addr) < 0)
		memset(&r->to_addr, 0, sizeof(r->to_addr));
	if (json_is_integer(port) && json_integer_value(port) >= 0 &&
	    json_integer_value(port) <= 65535) {
		r->to_ports.lo = r->to_ports.hi = (uint16_t)json_integer_value(port);
	} else if (json_is_object(port)) {
		char *t = value_text(port);
		uint16_t lo, hi;

		if (t && fw_nft_port_range(t, strlen(t), &lo, &hi) == 0) {
			r->to_ports.lo = lo;
			r->to_ports.hi = hi;
		}
		free(t);
	}
}

/* An xt statement: iptables-nft's untranslated match or target. */
static void xt_stmt(struct fw_rule *r, const json_t *v, const char *text, bool *ipt)
{
	const char *type = jstr(v, "type"), *name = jstr(v, "name");

	*ipt = true;
	if (type && !strcmp(type, "target") && name) {
		free(r->target);
		r->target = NULL;
		if (!strcmp(name, "DNAT"))
			r->verdict = FW_VERDICT_DNAT;
		else if (!strcmp(name, "SNAT") || !strcmp(name, "MASQUERADE"))
			r->verdict = FW_VERDICT_SNAT;
		else if (!strcmp(name, "REDIRECT"))
			r->verdict = FW_VERDICT_REDIRECT;
		else if (!strcmp(name, "REJECT"))
			r->verdict = FW_VERDICT_REJECT;
		else {
			r->verdict = FW_VERDICT_OTHER;
			r->target = vakt_xstrdup(name);
		}
		return;
	}
	/* matches, and watchers (LOG, NFLOG): a watcher changes nothing, a match may not match */
	if (!type || strcmp(type, "watcher") != 0)
		fw_rule_add_opaque(r, text);
}

/*
 * A verdict map with literal entries into *vm (one rule per entry when the
 * rule is put in its chain); false when it is not one (a named map, keys
 * that are concatenations, verdicts vakt does not know).
 */
static bool vmap_stmt(const json_t *v, struct nft_vmap *vm)
{
	const json_t *key = json_object_get(v, "key"), *data = json_object_get(v, "data");
	const json_t *set = json_is_object(data) ? json_object_get(data, "set") : NULL, *e;
	struct nft_vmap m = {0};
	struct vakt_buf sel = VAKT_BUF_INIT;
	size_t i;

	if (vm->on || !json_is_array(set) || !json_array_size(set))
		return false;
	m.kind = S_OPAQUE;
	if (!classify(key, &m.kind, &m.proto, &m.fam))
		m.kind = S_OPAQUE;
	json_array_foreach(set, i, e)
	{
		const json_t *verdict = json_array_get(e, 1), *target;
		char *k = json_array_size(e) == 2 ? value_text(json_array_get(e, 0)) : NULL;
		const char *w = json_is_object(verdict) && json_object_size(verdict) == 1
		                    ? json_object_iter_key(json_object_iter((json_t *)verdict))
		                    : "";
		enum fw_verdict vv = !strcmp(w, "accept")     ? FW_VERDICT_ACCEPT
		                     : !strcmp(w, "drop")     ? FW_VERDICT_DROP
		                     : !strcmp(w, "continue") ? FW_VERDICT_NONE
		                     : !strcmp(w, "return")   ? FW_VERDICT_RETURN
		                     : !strcmp(w, "jump")     ? FW_VERDICT_JUMP
		                     : !strcmp(w, "goto")     ? FW_VERDICT_GOTO
		                                              : FW_VERDICT_OTHER;

		target = json_is_object(verdict)
		             ? json_object_get(json_object_get(verdict, w), "target")
		             : NULL;
		if (!k || vv == FW_VERDICT_OTHER ||
		    ((vv == FW_VERDICT_JUMP || vv == FW_VERDICT_GOTO) && !json_is_string(target))) {
			free(k);
			fw_nft_vmap_release(&m);
			return false;
		}
		fw_nft_vmap_add(&m, k, strlen(k), vv,
		                json_is_string(target) ? json_string_value(target) : NULL,
		                json_is_string(target) ? strlen(json_string_value(target)) : 0);
		free(k);
	}
	expr_text(&sel, key);
	m.sel_text = vakt_buf_detach(&sel);
	m.on = true;
	*vm = m;
	return true;
}

static void rule_stmt(struct jctx *j, struct fw_rule *r, const char *key, const json_t *v,
                      enum fw_family family, const char *table, bool *ipt, struct nft_vmap *vm)
{
	struct vakt_buf one = VAKT_BUF_INIT;
	const char *text;

	stmt_text(&one, key, v);
	stmt_text(&j->text, key, v);
	text = one.len ? vakt_buf_str(&one) : "?";
	if (!strcmp(key, "match")) {
		match_stmt(j, r, v, family, table, text);
	} else if (!strcmp(key, "accept") || !strcmp(key, "drop") || !strcmp(key, "return") ||
	           !strcmp(key, "continue") || !strcmp(key, "reject") || !strcmp(key, "queue")) {
		free(r->target);
		r->target = NULL;
		r->verdict = key[0] == 'a'   ? FW_VERDICT_ACCEPT
		             : key[0] == 'd' ? FW_VERDICT_DROP
		             : key[0] == 'q' ? FW_VERDICT_QUEUE
		             : key[0] == 'c' ? FW_VERDICT_NONE
		             : key[2] == 't' ? FW_VERDICT_RETURN
		                             : FW_VERDICT_REJECT;
	} else if (!strcmp(key, "jump") || !strcmp(key, "goto")) {
		const char *t = jstr(v, "target");

		if (t) {
			free(r->target);
			r->target = vakt_xstrdup(t);
			r->verdict = key[0] == 'j' ? FW_VERDICT_JUMP : FW_VERDICT_GOTO;
		} else {
			fw_rule_add_opaque(r, text);
		}
	} else if (!strcmp(key, "dnat") || !strcmp(key, "snat") || !strcmp(key, "masquerade") ||
	           !strcmp(key, "redirect")) {
		nat_stmt(r, key, v);
	} else if (!strcmp(key, "xt")) {
		xt_stmt(r, v, text, ipt);
	} else if (!strcmp(key, "vmap")) {
		if (!vmap_stmt(v, vm)) {
			fw_rule_add_opaque(r, text);
			free(r->target);
			r->verdict = FW_VERDICT_OTHER;
			r->target = vakt_xstrdup("vmap");
		}
	} else if (!strcmp(key, "limit")) {
		/* "inv": true is `limit rate over`: it matches only past the rate */
		if (json_is_true(json_object_get(v, "inv")))
			fw_rule_add_opaque(r, "limit rate over");
	} else if (!strcmp(key, "fwd") || !strcmp(key, "tproxy")) {
		free(r->target);
		r->verdict = FW_VERDICT_OTHER;
		r->target = vakt_xstrdup(key);
	} else if (!strcmp(key, "counter") || !strcmp(key, "log") || !strcmp(key, "mangle") ||
	           !strcmp(key, "notrack") || !strcmp(key, "set") || !strcmp(key, "flow") ||
	           !strcmp(key, "dup") || !strcmp(key, "ct helper") || !strcmp(key, "ct timeout") ||
	           !strcmp(key, "ct expectation") || !strcmp(key, "secmark")) {
		/* changes nothing vakt models */
	} else {
		/* quota, synproxy, ct count, meter and what vakt does not know: may not match */
		fw_rule_add_opaque(r, text);
	}
	vakt_buf_release(&one);
}

/* family/table/name of an object; false (with an error) when one is missing. */
static bool obj_names(struct jctx *j, const json_t *o, const char *what, int line, int *family,
                      const char **table, const char **name, const char *name_key)
{
	const char *fam = jstr(o, "family");

	*table = jstr(o, "table");
	*name = jstr(o, name_key);
	*family = fam ? fw_nft_family(fam, strlen(fam)) : -1;
	if (*family < 0 || !*table || !*name) {
		jerr(j, line, "expected \"family\", \"table\" and \"%s\" in the %s object",
		     name_key, what);
		return false;
	}
	return true;
}

static struct fw_table *table_get(struct jctx *j, int family, const char *name, int line)
{
	struct fw_table *t = table_find(j, family, name);

	if (t)
		return t;
	t = fw_ruleset_add_table(j->rs, name, (enum fw_family)family, line);
	index_put(j, 'T', family, name, NULL, j->rs->n_tables - 1);
	return t;
}

static void obj_chain(struct jctx *j, const json_t *o, int line)
{
	const char *table, *name, *hook = jstr(o, "hook"), *pol = jstr(o, "policy");
	int family;
	struct fw_table *t;
	struct fw_chain *c;
	const json_t *prio = json_object_get(o, "prio");

	if (!obj_names(j, o, "chain", line, &family, &table, &name, "name"))
		return;
	t = table_get(j, family, table, line);
	c = chain_find(j, t, name);
	if (!c) {
		c = fw_table_add_chain(t, name, line);
		index_put(j, 'C', family, table, name, t->n_chains - 1);
	}
	if (!hook)
		return;
	if (fw_nft_hook(hook, strlen(hook)) < 0) {
		jerr(j, line, "unknown hook '%.32s' of chain '%.64s'", hook, name);
		return;
	}
	c->hook = (enum fw_hook)fw_nft_hook(hook, strlen(hook));
	free(c->type);
	c->type = vakt_xstrdup(jstr(o, "type") ? jstr(o, "type") : "filter");
	if (json_is_integer(prio))
		c->priority = (int)json_integer_value(prio);
	else if (json_is_string(prio)) {
		bool ok;

		c->priority = fw_nft_priority_named(
		    json_string_value(prio), strlen(json_string_value(prio)), t->family, &ok);
	}
	c->policy = pol && !strcmp(pol, "drop") ? FW_VERDICT_DROP : FW_VERDICT_ACCEPT;
}

static void obj_set(struct jctx *j, const json_t *o, int line, bool is_map)
{
	const char *table, *name;
	int family;
	struct jset *s;
	const json_t *flags = json_object_get(o, "flags"), *f;
	size_t i;

	if (!obj_names(j, o, is_map ? "map" : "set", line, &family, &table, &name, "name"))
		return;
	s = set_find(j, (enum fw_family)family, table, name);
	if (!s) {
		j->sets = vakt_xrealloc(j->sets, (j->n_sets + 1) * sizeof(*j->sets));
		s = &j->sets[j->n_sets++];
		memset(s, 0, sizeof(*s));
		s->family = (enum fw_family)family;
		s->table = vakt_xstrdup(table);
		s->name = vakt_xstrdup(name);
		index_put(j, 'S', family, table, name, j->n_sets - 1);
	}
	s->complex |= is_map || json_is_array(json_object_get(o, "type"));
	s->dynamic |= json_object_get(o, "timeout") != NULL;
	json_array_foreach(flags, i, f)
	{
		const char *fl = json_is_string(f) ? json_string_value(f) : "";

		if (!strcmp(fl, "dynamic") || !strcmp(fl, "timeout"))
			s->dynamic = true;
	}
	elems_text(json_object_get(o, "elem"), &s->elems, &s->complex);
}

static void obj_rule(struct jctx *j, const json_t *o, int line, bool insert)
{
	const char *table, *chain, *comment = jstr(o, "comment");
	int family;
	struct fw_table *t;
	struct fw_chain *c;
	struct fw_rule r = {0}, *v;
	struct nft_vmap vm = {0};
	const json_t *expr = json_object_get(o, "expr"), *st;
	bool ipt = false;
	size_t i, n;

	if (!obj_names(j, o, "rule", line, &family, &table, &chain, "chain"))
		return;
	if (!json_is_array(expr)) {
		jerr(j, line, "expected an \"expr\" array in the rule of chain '%.64s'", chain);
		return;
	}
	t = table_find(j, family, table);
	c = t ? chain_find(j, t, chain) : NULL;
	if (!c) {
		jerr(j, line, "no chain '%.64s' in table %s %.64s before its rule", chain,
		     fw_family_name((enum fw_family)family), table);
		return;
	}
	vakt_buf_reset(&j->text);
	r.line = line;
	json_array_foreach(expr, i, st)
	{
		const char *key;

		if (!json_is_object(st) || json_object_size(st) != 1) {
			fw_rule_add_opaque(&r, "?");
			continue;
		}
		key = json_object_iter_key(json_object_iter((json_t *)st));
		rule_stmt(j, &r, key, json_object_iter_value(json_object_iter((json_t *)st)),
		          (enum fw_family)family, table, &ipt, &vm);
	}
	if (comment) {
		r.comment = vakt_xstrdup(comment);
		vakt_buf_addf(&j->text, " comment \"%s\"", comment);
	}
	r.text = vakt_xstrdup(vakt_buf_str(&j->text));
	if (ipt)
		t->iptables_managed = true;
	fw_nft_vmap_expand(&r, &vm, &v, &n);
	fw_nft_vmap_release(&vm);
	for (size_t k = 0; k < n; k++) {
		struct fw_rule *dst;

		if (j->n_rules >= j->max_rules) {
			if (!j->rules_full)
				jerr(j, line, "more than %zu rules (FW_MAX_RULES)", j->max_rules);
			j->rules_full = true;
			fw_rule_release(&v[k]);
			continue;
		}
		j->n_rules++;
		dst = fw_chain_add_rule(c, line, NULL);
		*dst = v[k];
		/* an insert puts its rules first, in their order; the moves are bounded in all */
		if (insert && c->n_rules > k + 1 &&
		    c->n_rules - 1 - k > JSON_MAX_MOVES - j->moved) {
			if (!j->moved_full)
				jerr(
				    j, line,
				    "insert commands moved more than %u rules: this rule and later "
				    "inserted ones are kept at the end of their chain",
				    JSON_MAX_MOVES);
			j->moved_full = true;
		} else if (insert && c->n_rules > k + 1) {
			struct fw_rule tmp = c->rules[c->n_rules - 1];

			j->moved += c->n_rules - 1 - k;
			memmove(&c->rules[k + 1], &c->rules[k],
			        (c->n_rules - 1 - k) * sizeof(c->rules[0]));
			c->rules[k] = tmp;
		}
	}
	free(v);
}

/* One element of the nftables array (line: where it starts). */
static void object(struct jctx *j, const json_t *item, int line)
{
	const char *key;
	const json_t *v;
	bool insert = false;

	if (!json_is_object(item) || json_object_size(item) != 1) {
		jerr(j, line, "expected an object with one key in the nftables array");
		return;
	}
	key = json_object_iter_key(json_object_iter((json_t *)item));
	v = json_object_iter_value(json_object_iter((json_t *)item));
	/* the input form wraps objects in commands: {"add": {"rule": {...}}} */
	if (!strcmp(key, "add") || !strcmp(key, "create") || !strcmp(key, "insert")) {
		insert = key[0] == 'i';
		if (!json_is_object(v) || json_object_size(v) != 1) {
			jerr(j, line, "expected one object in the '%s' command", key);
			return;
		}
		key = json_object_iter_key(json_object_iter((json_t *)v));
		v = json_object_iter_value(json_object_iter((json_t *)v));
	} else if (!strcmp(key, "flush") && json_is_object(v) && json_object_get(v, "ruleset")) {
		while (j->rs->n_tables)
			fw_ruleset_remove_table(j->rs, j->rs->n_tables - 1);
		for (size_t i = 0; i < j->n_sets; i++) {
			free(j->sets[i].table);
			free(j->sets[i].name);
			vakt_strv_release(&j->sets[i].elems);
		}
		j->n_sets = 0;
		nft_index_clear(&j->index);
		j->n_rules = 0;
		return;
	}
	if (!json_is_object(v) && strcmp(key, "metainfo") != 0) {
		jerr(j, line, "expected an object as the value of '%.32s'", key);
		return;
	}
	if (!strcmp(key, "table")) {
		const char *fam = jstr(v, "family"), *name = jstr(v, "name");
		int f = fam ? fw_nft_family(fam, strlen(fam)) : -1;

		const json_t *fl = json_object_get(v, "flags"), *e;
		bool dormant = json_is_string(fl) && !strcmp(json_string_value(fl), "dormant");
		size_t i;

		json_array_foreach(fl, i, e) dormant |=
		    json_is_string(e) && !strcmp(json_string_value(e), "dormant");
		if (f < 0 || !name) {
			jerr(j, line, "expected \"family\" and \"name\" in the table object");
		} else {
			table_get(j, f, name, line);
			if (dormant)
				index_put(j, 'Z', f, name, NULL, (size_t)line);
		}
	} else if (!strcmp(key, "chain")) {
		obj_chain(j, v, line);
	} else if (!strcmp(key, "set") || !strcmp(key, "map")) {
		obj_set(j, v, line, key[0] == 'm');
	} else if (!strcmp(key, "rule")) {
		obj_rule(j, v, line, insert);
	} else if (!strcmp(key, "element")) {
		obj_set(j, v, line, false);
	}
	/* metainfo, flowtables, counters, quotas, ct objects: nothing to model */
}

/* Named address sets resolved to their elements, as the text parser does. */
static void resolve_sets(struct jctx *j)
{
	for (size_t i = 0; i < j->rs->n_tables; i++) {
		struct fw_table *t = &j->rs->tables[i];

		for (size_t c = 0; c < t->n_chains; c++)
			for (size_t k = 0; k < t->chains[c].n_rules; k++) {
				struct fw_rule *r = &t->chains[c].rules[k];
				struct fw_addrs *a[2] = {&r->src, &r->dst};

				for (int x = 0; x < 2; x++) {
					const struct jset *s;
					bool ok;

					if (!a[x]->set_name)
						continue;
					s = set_find(j, t->family, t->name, a[x]->set_name);
					ok = s && !s->dynamic && !s->complex;
					if (ok && !fw_nft_budget(&j->resolved, s->elems.n)) {
						j->resolved_full = true;
						ok = false;
					}
					for (size_t e = 0; ok && e < s->elems.n; e++)
						ok = fw_nft_addrs_add(a[x], s->elems.v[e],
						                      strlen(s->elems.v[e])) == 0;
					if (!ok) {
						free(a[x]->v);
						a[x]->v = NULL;
						a[x]->n = 0;
					}
					a[x]->unresolved = !ok;
				}
			}
	}
}

int fw_parse_nft_json(const struct vakt_source *src, struct fw_ruleset **out,
                      struct vakt_error_list *errs)
{
	return fw_nft_parse_json(src, FW_MAX_RULES, out, errs);
}

int fw_nft_parse_json(const struct vakt_source *src, size_t max_rules, struct fw_ruleset **out,
                      struct vakt_error_list *errs)
{
	struct jctx j = {.src = src, .errs = errs, .max_rules = max_rules};
	json_error_t je;
	json_t *root, *arr;
	int line = 0, col = 0;
	bool base = false;

	*out = NULL;
	if (fw_nft_json_lines(src->data ? src->data : "", src->data ? src->len : 0, &j.lines,
	                      &j.n_lines, &line, &col) < 0) {
		fw_nft_error(errs, -EINVAL, src->path, line, col,
		             "JSON nested deeper than %d levels", FW_MAX_NEST);
		free(j.lines);
		return -EINVAL;
	}
	{
		const char *d = src->data ? src->data : "";
		size_t n = src->data ? src->len : 0;

		/* a UTF-8 byte-order mark, which jansson refuses */
		if (n >= 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0) {
			d += 3;
			n -= 3;
		}
		root = json_loadb(d, n, JSON_REJECT_DUPLICATES, &je);
	}
	if (!root) {
		fw_nft_error(errs, -EINVAL, src->path, je.line > 0 ? je.line : 0,
		             je.column > 0 ? je.column : 0, "invalid JSON: %s", je.text);
		free(j.lines);
		return -EINVAL;
	}
	arr = json_object_get(root, "nftables");
	if (!json_is_array(arr)) {
		fw_nft_error(errs, -EINVAL, src->path, 1, 1,
		             "expected an object with an \"nftables\" array (nft -j list ruleset)");
		json_decref(root);
		free(j.lines);
		return -EINVAL;
	}
	j.rs = fw_ruleset_new(src->path, FW_FORMAT_NFT_JSON);
	for (size_t i = 0; i < json_array_size(arr); i++)
		object(&j, json_array_get(arr, i), i < j.n_lines ? j.lines[i] : 0);
	resolve_sets(&j);
	/* tables with `flags dormant` apply no rule */
	for (size_t i = j.rs->n_tables; i-- > 0;) {
		const struct fw_table *t = &j.rs->tables[i];
		size_t l;

		if (!index_get(&j, 'Z', (int)t->family, t->name, NULL, &l))
			continue;
		fw_nft_error(errs, VAKT_WARNING_CODE, src->path, (int)l, 0,
		             "table %s %s is dormant (flags dormant): its rules do not apply",
		             fw_family_name(t->family), t->name);
		fw_ruleset_remove_table(j.rs, i);
	}
	if (j.resolved_full)
		fw_nft_error(
		    errs, VAKT_WARNING_CODE, src->path, 0, 0,
		    "named sets copied into rules beyond %u elements in all: the rest left "
		    "unresolved",
		    NFT_MAX_RESOLVED);
	for (size_t i = 0; i < j.rs->n_tables; i++)
		for (size_t c = 0; c < j.rs->tables[i].n_chains; c++)
			base |= j.rs->tables[i].chains[c].hook != FW_HOOK_NONE;
	j.rs->fragment = !base;
	json_decref(root);
	for (size_t i = 0; i < j.n_sets; i++) {
		free(j.sets[i].table);
		free(j.sets[i].name);
		vakt_strv_release(&j.sets[i].elems);
	}
	free(j.sets);
	free(j.lines);
	vakt_buf_release(&j.text);
	nft_index_clear(&j.index);
	vakt_buf_release(&j.key);
	*out = j.rs;
	return 0;
}
