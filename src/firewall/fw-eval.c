/* SPDX-License-Identifier: MIT */
/* The reachability evaluation of one symbolic packet (fw-eval.h). */
#include "fw-eval.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "fw.h"

/* --- matching one rule ---------------------------------------------------------------- */

/* Three-valued and: 0 wins, then -1 (maybe), then 1. */
static int and3(int a, int b)
{
	if (!a || !b)
		return 0;
	return a < 0 || b < 0 ? -1 : 1;
}

/* Three-valued not. */
static int not3(int a)
{
	return a < 0 ? -1 : !a;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool fw_ifname_internal(const char *name)
{
	static const char *const prefixes[] = {
	    "docker",    "br-",   "veth",  "cni",   "flannel", "cali",  "cilium",
	    "weave",     "kube-", "virbr", "lxcbr", "lxc",     "tun",   "tap",
	    "tailscale", "zt",    "wg",    "vxlan", "podman",  "genev", "nodelocaldns",
	};

	if (!name)
		return false;
	if (!strcmp(name, "lo"))
		return true;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(prefixes); i++)
		if (starts_with(name, prefixes[i]))
			return true;
	return false;
}

/* How a rule's interface match ri meets the packet's interface pi. */
static int iface_match(const struct fw_iface *ri, const struct fw_ifname *pi)
{
	int m;

	if (!ri->name)
		return 1;
	if (!pi->name) {
		m = 0; /* an interface no rule names */
	} else if (!pi->wildcard) {
		m = ri->wildcard ? starts_with(pi->name, ri->name) : !strcmp(pi->name, ri->name);
	} else if (ri->wildcard) {
		/* Some interface named pi->name...: in ri's pattern when it is narrower. */
		m = starts_with(pi->name, ri->name) ? 1 : starts_with(ri->name, pi->name) ? -1 : 0;
	} else {
		m = starts_with(ri->name, pi->name) ? -1 : 0;
	}
	return ri->negate ? not3(m) : m;
}

/* Where the output interface is not known (forward) or not there (input). */
static int oif_match(const struct fw_iface *ri, const struct fw_packet *p)
{
	if (!ri->name)
		return 1;
	if (p->hook != FW_HOOK_FORWARD && p->hook != FW_HOOK_OUTPUT &&
	    p->hook != FW_HOOK_POSTROUTING)
		return ri->negate ? 1 : 0;
	if (!p->oif.name)
		return -1;
	return iface_match(ri, &p->oif);
}

/* Loopback, multicast and broadcast: never the address of a packet from the internet. */
static bool prefix_special(const struct fw_prefix *p)
{
	static const char *const special[] = {
	    "127.0.0.0/8", "224.0.0.0/4", "255.255.255.255/32", "::1/128", "ff00::/8",
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(special); i++) {
		struct fw_prefix s;

		if (fw_prefix_parse(special[i], strlen(special[i]), &s) == 0 &&
		    fw_prefix_contains(&s, p))
			return true;
	}
	return false;
}

/* Whether the packet's destination is an address of the host. */
static bool dst_local(const struct fw_packet *p)
{
	static const uint8_t v6_loopback[16] = {[15] = 1};

	if (p->dst)
		return p->dst->family == 4 ? p->dst->addr[0] == 127
		                           : !memcmp(p->dst->addr, v6_loopback, 16);
	return p->hook != FW_HOOK_FORWARD;
}

/* The prefixes of a against an address given (addr) or symbolic (NULL). */
static int prefixes_match(const struct fw_addrs *a, const struct fw_prefix *addr, bool is_src,
                          uint8_t family)
{
	bool any_family = false, all_special = true;

	if (a->unresolved)
		return -1;
	for (size_t i = 0; i < a->n; i++) {
		const struct fw_prefix *q = &a->v[i];

		if (q->family != family)
			continue;
		any_family = true;
		if (addr) {
			if (fw_prefix_contains(q, addr))
				return 1;
			continue;
		}
		if (fw_prefix_is_any(q))
			return 1;
		if (!prefix_special(q))
			all_special = false;
	}
	if (addr || is_src || !any_family || all_special)
		return 0;
	/* A specific destination: the host may or may not have that address. */
	return -1;
}

static int addrs_match(const struct fw_addrs *a, const struct fw_packet *p, bool is_src)
{
	const struct fw_prefix *addr = is_src ? p->src : p->dst;
	int m = 1;

	if (a->addrtype != FW_ADDRTYPE_ANY) {
		bool local = is_src ? (p->src && prefix_special(p->src)) : dst_local(p);

		m = (a->addrtype == FW_ADDRTYPE_LOCAL) == local;
	}
	if (a->n || a->set_name) {
		int pm = prefixes_match(a, addr, is_src, p->family);

		m = and3(m, a->negate ? not3(pm) : pm);
	}
	return m;
}

static int proto_match(const struct fw_rule *r, const struct fw_packet *p)
{
	int m;

	if (r->proto) {
		m = r->proto == p->proto;
	} else if (r->protos_any_of) {
		unsigned bit = p->proto == IPPROTO_TCP   ? 1u
		               : p->proto == IPPROTO_UDP ? 2u
		               : p->proto == 132         ? 4u /* sctp */
		               : p->proto == 33          ? 8u /* dccp */
		                                         : 0u;

		m = (r->protos_any_of & bit) != 0;
	} else {
		return 1;
	}
	return r->proto_negate ? !m : m;
}

static int ports_match(const struct fw_ports *ports, uint16_t port, bool sender_picks)
{
	bool in = false;

	if (!ports->n)
		return 1;
	if (sender_picks)
		return -1;
	for (size_t i = 0; i < ports->n && !in; i++)
		in = ports->v[i].lo <= port && port <= ports->v[i].hi;
	return ports->negate ? !in : in;
}

int fw_rule_match(const struct fw_rule *r, const struct fw_packet *p)
{
	unsigned ct = p->ct ? p->ct : FW_CT_NEW;
	int m = 1;

	if (r->only_family && r->only_family != p->family)
		return 0;
	m = and3(m, proto_match(r, p));
	m = and3(m, ports_match(&r->dport, p->dport, false));
	m = and3(m, ports_match(&r->sport, p->sport, p->sport == 0));
	if (r->ct_states) {
		bool in = (r->ct_states & ct) != 0;

		m = and3(m, r->ct_negate ? !in : in);
	}
	if (!m)
		return 0;
	m = and3(m, iface_match(&r->iif, &p->iif));
	m = and3(m, oif_match(&r->oif, p));
	m = and3(m, addrs_match(&r->src, p, true));
	m = and3(m, addrs_match(&r->dst, p, false));
	if (m && r->n_opaque)
		m = -1;
	return m;
}

bool fw_rule_names_dport(const struct fw_rule *r, uint16_t port)
{
	if (r->dport.negate)
		return false;
	for (size_t i = 0; i < r->dport.n; i++)
		if (r->dport.v[i].lo <= port && port <= r->dport.v[i].hi)
			return true;
	return false;
}

/* --- walking chains ------------------------------------------------------------------- */

enum walk_end { W_FALL, W_ACCEPT, W_DROP, W_MAYBE };

struct walk {
	enum walk_end end;
	const struct fw_rule *rule;
	const struct fw_chain *chain;
	const struct fw_rule *via;    /* the innermost jump on the way to rule */
	const struct fw_rule *maybe;  /* an ACCEPT (or unknown verdict) that may have matched */
	const struct fw_rule *caveat; /* a DROP that may have matched */
	bool cut;
};

/* A chain's memo: not walked yet, on the way now, walked (result kept). */
enum { MEMO_NEW, MEMO_BUSY, MEMO_DONE };

struct memo {
	int state;
	struct walk w;
};

struct eval {
	const struct fw_ruleset *rs;
	const struct fw_packet *p;
	size_t *base;      /* per table: index of its first chain in memo and by_name */
	struct memo *memo; /* per chain of every table */
	size_t *by_name;   /* per table, its chain indices sorted by name */
};

static int chain_name_cmp(const void *a, const void *b, void *data)
{
	const struct fw_table *t = data;

	return strcmp(t->chains[*(const size_t *)a].name, t->chains[*(const size_t *)b].name);
}

static void eval_init(struct eval *e, const struct fw_ruleset *rs, const struct fw_packet *p)
{
	size_t total = 0;

	e->rs = rs;
	e->p = p;
	e->base = vakt_xcalloc(rs->n_tables + 1, sizeof(*e->base));
	for (size_t t = 0; t < rs->n_tables; t++) {
		e->base[t] = total;
		total += rs->tables[t].n_chains;
	}
	e->base[rs->n_tables] = total;
	e->memo = vakt_xcalloc(total ? total : 1, sizeof(*e->memo));
	e->by_name = vakt_xcalloc(total ? total : 1, sizeof(*e->by_name));
	for (size_t t = 0; t < rs->n_tables; t++) {
		size_t *v = e->by_name + e->base[t];

		for (size_t c = 0; c < rs->tables[t].n_chains; c++)
			v[c] = c;
		qsort_r(v, rs->tables[t].n_chains, sizeof(*v), chain_name_cmp,
		        (void *)&rs->tables[t]);
	}
}

static void eval_release(struct eval *e)
{
	free(e->base);
	free(e->memo);
	free(e->by_name);
}

/* The index of the chain of table t named name, or -1. */
static long chain_find(const struct eval *e, size_t t, const char *name)
{
	const struct fw_table *tb = &e->rs->tables[t];
	const size_t *v = e->by_name + e->base[t];
	size_t lo = 0, hi = tb->n_chains;

	if (!name)
		return -1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(tb->chains[v[mid]].name, name);

		if (!c)
			return (long)v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static bool verdict_accepts(enum fw_verdict v, const struct fw_packet *p)
{
	if (v == FW_VERDICT_ACCEPT)
		return true;
	/* A nat walk ends at its translation. */
	return p->chain_type && !strcmp(p->chain_type, "nat") &&
	       (v == FW_VERDICT_DNAT || v == FW_VERDICT_REDIRECT);
}

/* Fold what a walk of a called chain saw on its way into w. */
static void walk_absorb(struct walk *w, const struct walk *sub)
{
	if (!w->maybe)
		w->maybe = sub->maybe;
	if (!w->caveat)
		w->caveat = sub->caveat;
	w->cut |= sub->cut;
}

static struct walk walk_chain(struct eval *e, size_t t, size_t c, int depth);

/* The walk of the chain a jump or goto of r names (W_FALL when there is none). */
static struct walk walk_target(struct eval *e, size_t t, const struct fw_rule *r, int depth)
{
	long target = chain_find(e, t, r->target);
	struct walk none = {W_FALL, NULL, NULL, NULL, NULL, NULL, false};

	if (target < 0)
		return none;
	return walk_chain(e, t, (size_t)target, depth + 1);
}

static struct walk walk_chain(struct eval *e, size_t t, size_t c, int depth)
{
	const struct fw_chain *ch = &e->rs->tables[t].chains[c];
	struct memo *mo = &e->memo[e->base[t] + c];
	struct walk w = {W_FALL, NULL, NULL, NULL, NULL, NULL, false};

	if (mo->state == MEMO_DONE)
		return mo->w;
	if (mo->state == MEMO_BUSY || depth > FW_MAX_JUMP_DEPTH) {
		w.cut = true;
		return w;
	}
	mo->state = MEMO_BUSY;
	for (size_t i = 0; i < ch->n_rules; i++) {
		const struct fw_rule *r = &ch->rules[i];
		enum fw_verdict v = r->verdict;
		int m = fw_rule_match(r, e->p);
		struct walk sub;

		if (!m)
			continue;
		if (v == FW_VERDICT_JUMP || v == FW_VERDICT_GOTO) {
			sub = walk_target(e, t, r, depth);
			walk_absorb(&w, &sub);
			if (m < 0) {
				/* The chain may be entered: what it decides only may happen. */
				if ((sub.end == W_ACCEPT || sub.end == W_MAYBE) && !w.maybe)
					w.maybe = sub.rule;
				if (sub.end == W_DROP && !w.caveat)
					w.caveat = sub.rule;
				continue;
			}
			if (sub.end != W_FALL) {
				w.end = sub.end;
				w.rule = sub.rule;
				w.chain = sub.chain;
				w.via = sub.via ? sub.via : r;
				break;
			}
			if (v == FW_VERDICT_GOTO)
				break;
			continue;
		}
		if (verdict_accepts(v, e->p) || v == FW_VERDICT_QUEUE) {
			if (m < 0) {
				if (!w.maybe)
					w.maybe = r;
				continue;
			}
			w.end = v == FW_VERDICT_QUEUE ? W_MAYBE : W_ACCEPT;
		} else if (v == FW_VERDICT_DROP || v == FW_VERDICT_REJECT) {
			if (m < 0) {
				if (!w.caveat)
					w.caveat = r;
				continue;
			}
			w.end = W_DROP;
		} else if (v == FW_VERDICT_RETURN && m > 0) {
			break;
		} else {
			continue; /* no verdict, a target vakt does not model, or a RETURN that may
			             match */
		}
		w.rule = r;
		w.chain = ch;
		break;
	}
	mo->state = MEMO_DONE;
	mo->w = w;
	return w;
}

/* --- base chains and roots ------------------------------------------------------------ */

bool fw_ruleset_covers(const struct fw_ruleset *rs, uint8_t family)
{
	if (rs->format == FW_FORMAT_IPTABLES)
		return (rs->ip_version == 6 ? 6 : 4) == family;
	if (!rs->fragment)
		return true;
	for (size_t t = 0; t < rs->n_tables; t++) {
		enum fw_family f = rs->tables[t].family;

		if (f == FW_FAMILY_INET || (f == FW_FAMILY_IP && family == 4) ||
		    (f == FW_FAMILY_IP6 && family == 6))
			return true;
	}
	return false;
}

/* Whether table t takes part for p's family. */
static bool table_applies(const struct fw_ruleset *rs, const struct fw_table *t,
                          const struct fw_packet *p)
{
	if (rs->format == FW_FORMAT_IPTABLES)
		return true;
	if (p->skip_iptables_managed && t->iptables_managed)
		return false;
	return t->family == FW_FAMILY_INET || (t->family == FW_FAMILY_IP && p->family == 4) ||
	       (t->family == FW_FAMILY_IP6 && p->family == 6);
}

/* The iptables name of a built-in chain at hook. */
static const char *hook_chain_name(enum fw_hook h)
{
	switch (h) {
	case FW_HOOK_PREROUTING:
		return "PREROUTING";
	case FW_HOOK_INPUT:
		return "INPUT";
	case FW_HOOK_FORWARD:
		return "FORWARD";
	case FW_HOOK_OUTPUT:
		return "OUTPUT";
	case FW_HOOK_POSTROUTING:
		return "POSTROUTING";
	default:
		return "";
	}
}

static bool chain_is_base(const struct fw_ruleset *rs, const struct fw_table *t,
                          const struct fw_chain *c, const struct fw_packet *p)
{
	const char *type = p->chain_type ? p->chain_type : "filter";

	if (rs->format == FW_FORMAT_IPTABLES)
		return !strcmp(t->name, type) &&
		       (c->hook == p->hook ||
		        (c->hook == FW_HOOK_NONE && !strcmp(c->name, hook_chain_name(p->hook))));
	return c->hook == p->hook && c->type && !strcmp(c->type, type);
}

/* Whether a chain's name says it is for the packet's hook (a fragment's roots). */
static bool root_for_hook(const struct fw_chain *c, const struct fw_packet *p)
{
	static const char *const hooks[] = {"input", "forward", "output", "prerouting",
	                                    "postrouting"};
	const char *own;
	bool names_other = false;

	if (c->hook != FW_HOOK_NONE)
		return c->hook == p->hook;
	own = p->hook == FW_HOOK_INPUT     ? "input"
	      : p->hook == FW_HOOK_FORWARD ? "forward"
	                                   : "prerouting";
	if (strcasestr(c->name, own))
		return true;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(hooks); i++)
		if (strcasestr(c->name, hooks[i]))
			names_other = true;
	/* A chain that names no hook is taken for input. */
	return !names_other && p->hook == FW_HOOK_INPUT;
}

/* Turn a walk that ended (or fell to policy) into a decision of one chain. */
static void walk_decide(const struct walk *w, const struct fw_chain *base, struct fw_decision *d)
{
	memset(d, 0, sizeof(*d));
	d->caveat = w->caveat;
	d->cut = w->cut;
	switch (w->end) {
	case W_FALL:
		d->chain = base;
		d->outcome =
		    base && (base->policy == FW_VERDICT_DROP || base->policy == FW_VERDICT_REJECT)
		        ? FW_OUTCOME_DROP
		    : base ? FW_OUTCOME_ACCEPT
		           : FW_OUTCOME_NONE;
		break;
	case W_ACCEPT:
		d->outcome = FW_OUTCOME_ACCEPT;
		break;
	case W_DROP:
		d->outcome = FW_OUTCOME_DROP;
		break;
	case W_MAYBE:
		d->outcome = FW_OUTCOME_MAYBE;
		d->maybe = w->rule;
		break;
	}
	if (w->end != W_FALL) {
		d->rule = w->rule;
		d->chain = w->chain;
		d->via = w->via;
	}
	if (w->maybe && d->outcome != FW_OUTCOME_ACCEPT) {
		if (d->outcome == FW_OUTCOME_DROP || d->outcome == FW_OUTCOME_NONE)
			d->outcome = FW_OUTCOME_MAYBE;
		if (!d->maybe)
			d->maybe = w->maybe;
	}
}

struct base_ref {
	size_t t, c;
	int priority;
};

static int base_cmp(const void *a, const void *b)
{
	const struct base_ref *x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->c < y->c ? -1 : x->c > y->c;
}

/* A fragment: its roots in order, as if one base chain jumped to each. */
static void eval_fragment(struct eval *e, struct fw_decision *out)
{
	const struct fw_ruleset *rs = e->rs;
	struct walk all = {W_FALL, NULL, NULL, NULL, NULL, NULL, false};
	bool *called = vakt_xcalloc(e->base[rs->n_tables] + 1, sizeof(*called));

	for (size_t t = 0; t < rs->n_tables; t++)
		for (size_t c = 0; c < rs->tables[t].n_chains; c++) {
			const struct fw_chain *ch = &rs->tables[t].chains[c];

			for (size_t i = 0; i < ch->n_rules; i++) {
				long k = chain_find(e, t, ch->rules[i].target);

				if ((ch->rules[i].verdict == FW_VERDICT_JUMP ||
				     ch->rules[i].verdict == FW_VERDICT_GOTO) &&
				    k >= 0 && (size_t)k != c)
					called[e->base[t] + (size_t)k] = true;
			}
		}
	for (size_t t = 0; t < rs->n_tables && all.end == W_FALL; t++) {
		if (!table_applies(rs, &rs->tables[t], e->p))
			continue;
		for (size_t c = 0; c < rs->tables[t].n_chains && all.end == W_FALL; c++) {
			struct walk w;

			if (called[e->base[t] + c] ||
			    !root_for_hook(&rs->tables[t].chains[c], e->p))
				continue;
			w = walk_chain(e, t, c, 0);
			walk_absorb(&all, &w);
			if (w.end != W_FALL) {
				all.end = w.end;
				all.rule = w.rule;
				all.chain = w.chain;
				all.via = w.via;
			}
		}
	}
	free(called);
	walk_decide(&all, NULL, out);
}

void fw_eval(const struct fw_ruleset *rs, const struct fw_packet *p, struct fw_decision *out)
{
	struct eval e = {0};
	struct base_ref *bases;
	size_t n = 0;
	struct fw_decision accept = {0}, maybe = {0};
	bool have_accept = false, have_maybe = false;

	memset(out, 0, sizeof(*out));
	if (!fw_ruleset_covers(rs, p->family))
		return;
	eval_init(&e, rs, p);
	if (rs->fragment) {
		eval_fragment(&e, out);
		eval_release(&e);
		return;
	}
	bases = vakt_xcalloc(e.base[rs->n_tables] + 1, sizeof(*bases));
	for (size_t t = 0; t < rs->n_tables; t++) {
		if (!table_applies(rs, &rs->tables[t], p))
			continue;
		for (size_t c = 0; c < rs->tables[t].n_chains; c++)
			if (chain_is_base(rs, &rs->tables[t], &rs->tables[t].chains[c], p))
				bases[n++] =
				    (struct base_ref){t, c, rs->tables[t].chains[c].priority};
	}
	qsort(bases, n, sizeof(*bases), base_cmp);
	/* The packet must pass every base chain: the first that drops it decides. */
	for (size_t i = 0; i < n; i++) {
		const struct fw_chain *ch = &rs->tables[bases[i].t].chains[bases[i].c];
		struct walk w = walk_chain(&e, bases[i].t, bases[i].c, 0);
		struct fw_decision d;

		walk_decide(&w, ch, &d);
		if (d.outcome == FW_OUTCOME_DROP) {
			*out = d;
			goto out;
		}
		if (d.outcome == FW_OUTCOME_MAYBE && !have_maybe) {
			maybe = d;
			have_maybe = true;
		}
		/* An accepting rule says more than a policy: keep the first of those. */
		if (d.outcome == FW_OUTCOME_ACCEPT && (!have_accept || (!accept.rule && d.rule))) {
			if (have_accept && !d.caveat)
				d.caveat = accept.caveat;
			accept = d;
			have_accept = true;
		} else if (d.outcome == FW_OUTCOME_ACCEPT && !accept.caveat) {
			accept.caveat = d.caveat;
		}
	}
	if (have_maybe) {
		*out = maybe;
	} else if (have_accept) {
		*out = accept;
	} else {
		out->outcome = FW_OUTCOME_ACCEPT;
		out->no_base_chain = true;
	}
out:
	free(bases);
	eval_release(&e);
}
