/* SPDX-License-Identifier: MIT */
/*
 * The checks of ports open to any source (FW005-FW007) and of ports
 * published by DNAT past the input chains (FW009, Docker's `-p`). A port
 * is reported when a rule that names it accepts a new packet from an
 * internet address; a port accepted only by a policy or a catch-all is
 * FW001's. Each finding names the port, the family and the deciding rule.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw-check.h"

/* The caveat of a hit, as a clause ("" when none); the caller frees. */
static char *caveat_text(const struct fw_hit *h)
{
	if (!h->d.caveat)
		return vakt_xstrdup("");
	return vakt_xasprintf(" (the rule at line %d may drop some of them first, under a "
	                      "condition vakt does not model)",
	                      h->d.caveat->line);
}

static const char *proto_name(uint8_t proto)
{
	return proto == IPPROTO_UDP ? "UDP" : "TCP";
}

/* The rule of h that names port: the accepting rule, or the jump that led to it; or NULL. */
static const struct fw_rule *port_rule(const struct fw_hit *h, uint16_t port)
{
	if (h->outcome != FW_OUTCOME_ACCEPT || !h->d.rule)
		return NULL;
	if (fw_rule_names_dport(h->d.rule, port))
		return h->d.rule;
	if (h->d.via && fw_rule_names_dport(h->d.via, port))
		return h->d.via;
	return NULL;
}

static void report_port(struct vakt_check_ctx *ctx, const struct fw_hit *h, unsigned mask,
                        uint16_t port, uint8_t proto, const char *service)
{
	const struct fw_rule *r = port_rule(h, port);
	char *cav = caveat_text(h);
	char iface[96] = "";

	if (h->iif.name && r->iif.name && !r->iif.negate)
		snprintf(iface, sizeof(iface), " arriving on %s%s", h->iif.name,
		         h->iif.wildcard ? "*" : "");
	fw_emit(ctx, h->set, fw_rule_file(r), r->line,
	        "%s (%s port %u) is open to any %s address%s: this rule accepts it%s", service,
	        proto_name(proto), (unsigned)port, fw_families_text(mask), iface, cav);
	free(cav);
}

/* Report port if a rule naming it accepts it from any source, per family (merged). */
static void check_port(struct vakt_check_ctx *ctx, uint16_t port, uint8_t proto,
                       const char *service)
{
	const struct fw_group *g = ctx->model;
	struct fw_hit hits[2] = {{0}, {0}};
	unsigned open = 0;

	/* Only a rule that names the port can make a finding: the rest is not walked. */
	if (!fw_group_names_port(g, port))
		return;
	for (int f = 0; f < 2; f++) {
		struct fw_packet p = fw_packet_tcp(f ? 6 : 4, FW_HOOK_INPUT, port);

		if (!g->covered[f])
			continue;
		p.proto = proto;
		/* Each interface on its own: a catch-all on a LAN one does not hide eth0's rule. */
		for (size_t k = 0; k < g->n_ifaces && !(open & (1u << f)); k++) {
			p.iif = g->ifaces[k];
			fw_group_eval_one(g, &p, &hits[f]);
			if (hits[f].set < g->n && port_rule(&hits[f], port))
				open |= 1u << f;
		}
	}
	if (open == 3 && port_rule(&hits[0], port) == port_rule(&hits[1], port) &&
	    hits[0].set == hits[1].set) {
		report_port(ctx, &hits[0], 3, port, proto, service);
		return;
	}
	for (int f = 0; f < 2; f++)
		if (open & (1u << f))
			report_port(ctx, &hits[f], 1u << f, port, proto, service);
}

void fw_check_ssh(struct vakt_check_ctx *ctx)
{
	check_port(ctx, 22, IPPROTO_TCP, "SSH");
}

void fw_check_docker_api(struct vakt_check_ctx *ctx)
{
	check_port(ctx, 2375, IPPROTO_TCP, "The Docker API without TLS");
}

void fw_check_admin_ports(struct vakt_check_ctx *ctx)
{
	for (const struct fw_service *s = fw_admin_ports; s->port; s++) {
		check_port(ctx, s->port, IPPROTO_TCP, s->name);
		/* memcached answers UDP too (the amplification of 2018). */
		if (s->port == 11211)
			check_port(ctx, s->port, IPPROTO_UDP, s->name);
	}
}

/* --- FW009: published ports ----------------------------------------------------------- */

/* Whether table t of rs is a nat table (iptables' nat, an nft table with a nat chain). */
static bool nat_table(const struct fw_ruleset *rs, const struct fw_table *t)
{
	if (rs->format == FW_FORMAT_IPTABLES)
		return !strcmp(t->name, "nat");
	for (size_t c = 0; c < t->n_chains; c++)
		if (t->chains[c].type && !strcmp(t->chains[c].type, "nat"))
			return true;
	return false;
}

/* The bridge a DNAT rule leads to: Docker writes `! -i docker0` on it. NULL: unknown. */
static const char *dnat_bridge(const struct fw_rule *r)
{
	if (r->iif.name && r->iif.negate && !r->iif.wildcard && fw_ifname_internal(r->iif.name))
		return r->iif.name;
	return NULL;
}

/* The protocol a DNAT rule translates (TCP unless it says UDP only). */
static uint8_t dnat_proto(const struct fw_rule *r)
{
	if (r->proto)
		return r->proto;
	return (r->protos_any_of & 2) && !(r->protos_any_of & 1) ? IPPROTO_UDP : IPPROTO_TCP;
}

/* Whether the nat walk of a new packet to port from the internet ends at r. */
static bool dnat_reached(const struct fw_group *g, const struct fw_ruleset *rs,
                         const struct fw_rule *r, uint16_t port, struct fw_ifname *iif)
{
	for (size_t k = 0; k < g->n_ifaces; k++) {
		struct fw_packet p = fw_packet_tcp(r->to_addr.family, FW_HOOK_PREROUTING, port);
		struct fw_decision d;

		p.chain_type = "nat";
		p.proto = dnat_proto(r);
		p.iif = g->ifaces[k];
		fw_eval(rs, &p, &d);
		if (d.outcome == FW_OUTCOME_ACCEPT && d.rule == r) {
			*iif = g->ifaces[k];
			return true;
		}
	}
	return false;
}

/* Follow one DNAT rule of set s: through the nat chains, then FORWARD. */
static void check_dnat(struct vakt_check_ctx *ctx, size_t s, const struct fw_rule *r)
{
	const struct fw_group *g = ctx->model;
	uint16_t port = r->dport.v[0].lo, to = r->to_ports.lo ? r->to_ports.lo : port;
	struct fw_packet p;
	struct fw_hit h;
	struct fw_ifname iif;
	const char *name = NULL;
	char addr[64], by[64], *cav;
	bool sensitive;

	if (!dnat_reached(g, g->sets[s], r, port, &iif))
		return;
	p = fw_packet_tcp(r->to_addr.family, FW_HOOK_FORWARD, to);
	p.proto = dnat_proto(r);
	p.ct = FW_CT_NEW | FW_CT_DNAT;
	p.dst = &r->to_addr;
	p.iif = iif;
	p.oif = (struct fw_ifname){dnat_bridge(r), false};
	fw_group_eval_one(g, &p, &h);
	if (h.outcome != FW_OUTCOME_ACCEPT)
		return;
	sensitive = fw_port_sensitive(port, &name) || fw_port_sensitive(to, &name);
	fw_prefix_format(&r->to_addr, addr, sizeof(addr));
	cav = caveat_text(&h);
	if (h.d.rule)
		snprintf(by, sizeof(by), "the rule at line %d", h.d.rule->line);
	else if (h.d.chain)
		snprintf(by, sizeof(by), "the policy of %s (line %d)", h.d.chain->name,
		         h.d.chain->line);
	else
		snprintf(by, sizeof(by), "the absence of a forward chain");
	fw_emit(ctx, s, fw_rule_file(r), r->line,
	        "%s port %u%s%s%s is published to any %s address: this rule sends it to %s:%u and "
	        "%s accepts it in the forward path, where rules of INPUT never see it%s",
	        proto_name(p.proto), (unsigned)port, name ? " (" : "", name ? name : "",
	        name ? ")" : "", fw_families_text(r->to_addr.family == 6 ? 2 : 1), addr,
	        (unsigned)to, by, cav);
	if (!sensitive)
		vakt_check_lower(ctx, 1);
	free(cav);
}

void fw_check_published(struct vakt_check_ctx *ctx)
{
	const struct fw_group *g = ctx->model;
	size_t seen = 0, most = FW_MAX_DNAT_WORK / (2 * g->n_ifaces * (g->n_rules + 1));

	for (size_t s = 0; s < g->n; s++) {
		const struct fw_ruleset *rs = g->sets[s];

		for (size_t t = 0; t < rs->n_tables && !rs->fragment; t++) {
			const struct fw_table *tb = &rs->tables[t];

			if (!nat_table(rs, tb))
				continue;
			for (size_t c = 0; c < tb->n_chains; c++)
				for (size_t i = 0; i < tb->chains[c].n_rules; i++) {
					const struct fw_rule *r = &tb->chains[c].rules[i];

					if (r->verdict != FW_VERDICT_DNAT || !r->dport.n ||
					    r->dport.negate || !r->to_addr.len ||
					    !fw_ruleset_covers(rs, r->to_addr.family))
						continue;
					if (++seen > FW_MAX_DNAT || seen > most)
						return;
					check_dnat(ctx, s, r);
				}
		}
	}
}
