/* SPDX-License-Identifier: MIT */
/*
 * The checks of what a rule set does by default (FW001-FW004, FW008): the
 * probes of fw_group_prepare() (a new packet to a port no rule names), a
 * loopback packet, a reply to the host's own connection, and IPv6 beside
 * IPv4. A fragment (ufw's user.rules) draws none of them: its policy lives
 * elsewhere.
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "fw-check.h"

/* Accepted by the rule set's own chains (not a fragment's rule). */
static bool open_default(const struct fw_hit *h)
{
	return h->outcome == FW_OUTCOME_ACCEPT && !h->fragment;
}

/* Dropped by default. */
static bool locked(const struct fw_hit *h)
{
	return h->outcome == FW_OUTCOME_DROP && !h->fragment;
}

/* Whether two hits were decided by the same thing (one finding for both families). */
static bool same_decision(const struct fw_hit *a, const struct fw_hit *b)
{
	return a->set == b->set && a->d.rule == b->d.rule && a->d.chain == b->d.chain &&
	       a->d.no_base_chain == b->d.no_base_chain &&
	       (a->iif.name == b->iif.name ||
	        (a->iif.name && b->iif.name && !strcmp(a->iif.name, b->iif.name)));
}

/* The table a chain belongs to in set s of g (NULL when not found). */
static const struct fw_table *chain_table(const struct fw_group *g, size_t s,
                                          const struct fw_chain *c)
{
	const struct fw_ruleset *rs = s < g->n ? g->sets[s] : NULL;

	for (size_t t = 0; rs && t < rs->n_tables; t++)
		for (size_t k = 0; k < rs->tables[t].n_chains; k++)
			if (&rs->tables[t].chains[k] == c)
				return &rs->tables[t];
	return NULL;
}

/* "INPUT" for iptables, "chain input of table inet filter" for nft; the caller frees. */
static char *chain_text(const struct fw_group *g, size_t s, const struct fw_chain *c)
{
	const struct fw_table *t = chain_table(g, s, c);

	if (g->sets[s]->format == FW_FORMAT_IPTABLES || !t)
		return vakt_xasprintf("%s", c->name);
	return vakt_xasprintf("chain %s of table %s %s", c->name, fw_family_name(t->family),
	                      t->name);
}

/* Whether the deciding rule of h applies to one named interface only. */
static bool rule_on_iface(const struct fw_hit *h)
{
	return h->d.rule && h->d.rule->iif.name && !h->d.rule->iif.negate && h->iif.name;
}

/* " arriving on interface eth0" when the deciding rule names the interface; else "". */
static char *iface_text(const struct fw_hit *h)
{
	if (!rule_on_iface(h))
		return vakt_xstrdup("");
	return vakt_xasprintf(" arriving on interface %s%s", h->iif.name,
	                      h->iif.wildcard ? "*" : "");
}

/* What decided h, as a phrase: "the rule at line 12", "the ACCEPT policy of INPUT (line 3)". */
static char *decider_text(const struct fw_group *g, const struct fw_hit *h)
{
	char *c, *s;

	if (h->d.rule)
		return vakt_xasprintf("the rule at line %d", h->d.rule->line);
	if (h->d.chain) {
		c = chain_text(g, h->set, h->d.chain);
		s = vakt_xasprintf("the %s policy of %s (line %d)",
		                   h->outcome == FW_OUTCOME_DROP ? "DROP" : "ACCEPT", c,
		                   h->d.chain->line);
		free(c);
		return s;
	}
	return vakt_xstrdup("the absence of any filter chain at its hook");
}

/* Where a rule set with no chain at a hook is best shown: its first table, else nowhere. */
static int set_line(const struct fw_group *g, size_t s)
{
	return s < g->n && g->sets[s]->n_tables ? g->sets[s]->tables[0].line : 0;
}

/* The eBPF remark and its lowering, for findings that say nothing filters. */
static const char *ebpf_note(struct vakt_check_ctx *ctx)
{
	const struct fw_group *g = ctx->model;

	return g->ao->ebpf_dataplane == 1
	           ? "; an eBPF dataplane (Cilium, Calico eBPF) filters on this host outside "
	             "netfilter too, so this may not be the whole story"
	           : "";
}

static void ebpf_lower(struct vakt_check_ctx *ctx)
{
	const struct fw_group *g = ctx->model;

	if (g->ao->ebpf_dataplane == 1)
		vakt_check_lower(ctx, 1);
}

/* FW001 and FW002: one finding for a default-accept decision of the families in mask. */
static void report_default(struct vakt_check_ctx *ctx, const struct fw_hit *h, unsigned mask,
                           const char *hook)
{
	const struct fw_group *g = ctx->model;
	const char *fam = fw_families_text(mask);
	char *iface = iface_text(h), *c = NULL;

	if (h->d.no_base_chain) {
		if (h->set >= g->n)
			fw_emit(ctx, h->set, NULL, 0,
			        "no rule set filters %s: every new %s packet from the internet is "
			        "accepted%s",
			        fam, hook, ebpf_note(ctx));
		else
			fw_emit(
			    ctx, h->set, NULL, set_line(g, h->set),
			    "nothing filters %s %s traffic: the rule set has no filter chain at "
			    "the %s hook, so every packet is accepted%s",
			    hook, fam, hook, ebpf_note(ctx));
	} else if (h->d.rule) {
		fw_emit(
		    ctx, h->set, fw_rule_file(h->d.rule), h->d.rule->line,
		    "this rule accepts every new %s packet at the %s hook%s, whatever its port: "
		    "the rules after it and the policy never see them%s",
		    fam, hook, iface, ebpf_note(ctx));
	} else {
		c = chain_text(g, h->set, h->d.chain);
		fw_emit(ctx, h->set, fw_chain_file(h->d.chain), h->d.chain->line,
		        "%s has policy ACCEPT and no final rule drops or rejects what the rules "
		        "before it do not allow: every new %s packet that no rule names is %s%s%s",
		        c, fam, strcmp(hook, "forward") ? "accepted" : "forwarded", iface,
		        ebpf_note(ctx));
	}
	ebpf_lower(ctx);
	/* Only on an interface the rule names: it may be an internal one. */
	if (rule_on_iface(h))
		vakt_check_lower(ctx, 1);
	free(iface);
	free(c);
}

/* Report hits[0..2) for the families in mask, merged when one thing decided both. */
static void report_families(struct vakt_check_ctx *ctx, const struct fw_hit hits[2], unsigned mask,
                            void (*report)(struct vakt_check_ctx *, const struct fw_hit *, unsigned,
                                           const char *),
                            const char *what)
{
	if (mask == 3 && same_decision(&hits[0], &hits[1])) {
		report(ctx, &hits[0], 3, what);
		return;
	}
	for (int f = 0; f < 2; f++)
		if (mask & (1u << f))
			report(ctx, &hits[f], 1u << f, what);
}

void fw_check_input_default(struct vakt_check_ctx *ctx)
{
	const struct fw_group *g = ctx->model;
	unsigned mask = 0;

	for (int f = 0; f < 2; f++) {
		if (!g->covered[f] || !open_default(&g->input[f]))
			continue;
		/* IPv6 open beside a locked IPv4 is FW008's. */
		if (f == 1 && locked(&g->input[0]))
			continue;
		mask |= 1u << f;
	}
	if (mask)
		report_families(ctx, g->input, mask, report_default, "input");
}

/* FW002: report_default() of the forward hook, lowered when nothing shows the host routes. */
static void report_forward(struct vakt_check_ctx *ctx, const struct fw_hit *h, unsigned mask,
                           const char *hook)
{
	const struct fw_group *g = ctx->model;
	size_t before = ctx->out->n;

	report_default(ctx, h, mask, hook);
	if (!(g->forwarding & mask) && ctx->out->n > before)
		vakt_check_lower(ctx, 1);
}

void fw_check_forward_default(struct vakt_check_ctx *ctx)
{
	const struct fw_group *g = ctx->model;
	unsigned mask = 0;

	for (int f = 0; f < 2; f++)
		/* No forward chain at all and no NAT: nothing says the host routes. */
		if (g->covered[f] && open_default(&g->forward[f]) &&
		    ((g->forwarding & (1u << f)) || !g->forward[f].d.no_base_chain))
			mask |= 1u << f;
	if (mask)
		report_families(ctx, g->forward, mask, report_forward, "forward");
}

/* FW003 and FW004: a packet the host needs, dropped by a default-deny input. */
static void report_needed(struct vakt_check_ctx *ctx, const struct fw_hit *h, unsigned mask,
                          const char *what)
{
	static const struct {
		const char *what, *accepts;
	} hints[] = {
	    {"loopback packets", "traffic on lo"},
	    {"replies to the host's own connections", "conntrack ESTABLISHED,RELATED packets"},
	};
	const struct fw_group *g = ctx->model;
	char *by = decider_text(g, h);
	const char *accepts = "them";

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(hints); i++)
		if (!strcmp(what, hints[i].what))
			accepts = hints[i].accepts;
	fw_emit(ctx, h->set, fw_hit_file(h), fw_hit_line(h),
	        "%s (%s) are dropped by %s: no rule before it accepts %s", what,
	        fw_families_text(mask), by, accepts);
	free(by);
}

/* Evaluate, per family with a locked input, the packet make() builds; report the drops. */
static void check_needed(struct vakt_check_ctx *ctx,
                         void (*make)(struct fw_packet *p, uint8_t family, struct fw_prefix *a),
                         const char *what)
{
	const struct fw_group *g = ctx->model;
	struct fw_hit hits[2] = {{0}, {0}};
	unsigned mask = 0;

	for (int f = 0; f < 2; f++) {
		struct fw_packet p;
		struct fw_prefix a;

		if (!g->covered[f] || !locked(&g->input[f]))
			continue;
		make(&p, f ? 6 : 4, &a);
		fw_group_eval(g, &p, &hits[f]);
		if (locked(&hits[f]) && hits[f].set < g->n)
			mask |= 1u << f;
	}
	if (mask)
		report_families(ctx, hits, mask, report_needed, what);
}

/* A new connection from the host to itself over lo. */
static void make_loopback(struct fw_packet *p, uint8_t family, struct fw_prefix *a)
{
	const char *addr = family == 6 ? "::1" : "127.0.0.1";

	*p = fw_packet_tcp(family, FW_HOOK_INPUT, FW_PROBE_PORT);
	fw_prefix_parse(addr, strlen(addr), a);
	p->iif = (struct fw_ifname){"lo", false};
	p->src = a;
	p->dst = a;
}

void fw_check_loopback(struct vakt_check_ctx *ctx)
{
	check_needed(ctx, make_loopback, "loopback packets");
}

/* The reply of a web server to a connection the host opened. */
static void make_reply(struct fw_packet *p, uint8_t family, struct fw_prefix *a)
{
	(void)a;
	*p = fw_packet_tcp(family, FW_HOOK_INPUT, 45678);
	p->sport = 443;
	p->ct = FW_CT_ESTABLISHED;
}

void fw_check_established(struct vakt_check_ctx *ctx)
{
	check_needed(ctx, make_reply, "replies to the host's own connections");
}

void fw_check_ipv6_open(struct vakt_check_ctx *ctx)
{
	const struct fw_group *g = ctx->model;
	const struct fw_hit *v4 = &g->input[0], *v6 = &g->input[1];
	char *by4, *by6, *tmp;
	size_t set;
	int line;
	const char *file;

	if (!g->covered[1] || !locked(v4) || !open_default(v6))
		return;
	by4 = decider_text(g, v4);
	if (v6->d.no_base_chain) {
		set = v4->set;
		line = fw_hit_line(v4);
		file = fw_hit_file(v4);
		by6 = vakt_xstrdup(
		    v6->set >= g->n
		        ? "nothing filters IPv6: there is no IPv6 rule set at all"
		        : "nothing filters IPv6: no chain filters it at the input hook");
	} else {
		set = v6->set;
		line = fw_hit_line(v6);
		file = fw_hit_file(v6);
		tmp = decider_text(g, v6);
		by6 = vakt_xasprintf("IPv6 ones are accepted by %s", tmp);
		free(tmp);
	}
	fw_emit(ctx, set, file, line,
	        "IPv6 is left open while IPv4 is locked down: IPv4 packets no rule allows meet "
	        "%s, but %s%s%s",
	        by4, by6,
	        g->ao->ipv6_configured == 0 ? " (no interface has a global IPv6 address yet)" : "",
	        ebpf_note(ctx));
	if (g->ao->ipv6_configured == 0)
		vakt_check_lower(ctx, 4);
	ebpf_lower(ctx);
	free(by4);
	free(by6);
}
