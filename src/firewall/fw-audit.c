/* SPDX-License-Identifier: MIT */
/*
 * The audit of a group of rule sets read together (fw-check.h): what the
 * rules share (the interfaces to try, the probes of what each chain does by
 * default), the evaluation of one packet over the whole group, reporting,
 * and fw_audit() of fw.h.
 */
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fw-check.h"

const struct fw_service fw_admin_ports[] = {
    {2376, "Docker API (TLS)"},
    {10250, "kubelet API"},
    {2379, "etcd"},
    {3306, "MySQL/MariaDB"},
    {5432, "PostgreSQL"},
    {6379, "Redis"},
    {27017, "MongoDB"},
    {9200, "Elasticsearch"},
    {11211, "Memcached"},
    {0, NULL},
};

bool fw_port_sensitive(uint16_t port, const char **name)
{
	if (port == 2375) {
		*name = "Docker API without TLS";
		return true;
	}
	for (const struct fw_service *s = fw_admin_ports; s->port; s++)
		if (s->port == port) {
			*name = s->name;
			return true;
		}
	return false;
}

const char *fw_families_text(unsigned mask)
{
	return mask == 3 ? "IPv4 and IPv6" : mask == 2 ? "IPv6" : "IPv4";
}

struct fw_packet fw_packet_tcp(uint8_t family, enum fw_hook hook, uint16_t dport)
{
	struct fw_packet p = {0};

	p.family = family;
	p.hook = hook;
	p.chain_type = "filter";
	p.proto = IPPROTO_TCP;
	p.dport = dport;
	p.ct = FW_CT_NEW;
	return p;
}

const char *fw_rule_file(const struct fw_rule *r)
{
	return r->file;
}

const char *fw_chain_file(const struct fw_chain *c)
{
	return c->file;
}

const char *fw_hit_file(const struct fw_hit *h)
{
	if (h->d.rule)
		return fw_rule_file(h->d.rule);
	if (h->d.chain)
		return fw_chain_file(h->d.chain);
	return NULL;
}

int fw_hit_line(const struct fw_hit *h)
{
	if (h->d.rule)
		return h->d.rule->line;
	if (h->d.chain)
		return h->d.chain->line;
	return 0;
}

/* Whether the group holds an iptables dump, which speaks for the tables iptables-nft manages. */
static bool has_iptables(const struct fw_group *g)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->sets[i]->format == FW_FORMAT_IPTABLES)
			return true;
	return false;
}

/* p over every rule set of g on one interface. */
static void eval_sets(const struct fw_group *g, const struct fw_packet *p, struct fw_hit *out)
{
	struct fw_hit accept = {0}, maybe = {0};
	bool have_accept = false, have_maybe = false, covered = false;

	memset(out, 0, sizeof(*out));
	out->iif = p->iif;
	for (size_t i = 0; i < g->n; i++) {
		struct fw_hit h = {0};

		if (!fw_ruleset_covers(g->sets[i], p->family))
			continue;
		covered = true;
		fw_eval(g->sets[i], p, &h.d);
		h.outcome = h.d.outcome;
		h.set = i;
		h.iif = p->iif;
		h.fragment = g->sets[i]->fragment;
		if (h.outcome == FW_OUTCOME_DROP) {
			*out = h;
			return;
		}
		if (h.outcome == FW_OUTCOME_MAYBE && !have_maybe) {
			maybe = h;
			have_maybe = true;
		}
		if (h.outcome == FW_OUTCOME_ACCEPT &&
		    (!have_accept ||
		     (!accept.d.rule && !accept.d.chain && (h.d.rule || h.d.chain)))) {
			accept = h;
			have_accept = true;
		}
	}
	if (have_maybe) {
		*out = maybe;
	} else if (have_accept) {
		*out = accept;
	} else if (!covered && g->ao->live) {
		/* A live host with no rules for the family: nothing filters it. */
		out->outcome = FW_OUTCOME_ACCEPT;
		out->d.outcome = FW_OUTCOME_ACCEPT;
		out->d.no_base_chain = true;
		out->set = g->n;
	}
}

void fw_group_eval_one(const struct fw_group *g, const struct fw_packet *p, struct fw_hit *out)
{
	struct fw_packet q = *p;

	q.skip_iptables_managed = has_iptables(g);
	eval_sets(g, &q, out);
}

void fw_group_eval(const struct fw_group *g, const struct fw_packet *p, struct fw_hit *out)
{
	struct fw_packet q = *p;
	struct fw_hit best = {0};
	static const int rank[] = {
	    [FW_OUTCOME_NONE] = 0,
	    [FW_OUTCOME_DROP] = 1,
	    [FW_OUTCOME_MAYBE] = 2,
	    [FW_OUTCOME_ACCEPT] = 3,
	};

	q.skip_iptables_managed = has_iptables(g);
	if (q.iif.name || g->n_ifaces == 0) {
		eval_sets(g, &q, out);
		return;
	}
	for (size_t k = 0; k < g->n_ifaces; k++) {
		struct fw_hit h;

		q.iif = g->ifaces[k];
		eval_sets(g, &q, &h);
		if (k == 0 || rank[h.outcome] > rank[best.outcome])
			best = h;
	}
	*out = best;
}

/* Note an interface a rule names as one a packet from the internet may arrive on. */
static void add_iface(struct fw_group *g, const struct fw_iface *i)
{
	if (!i->name || i->negate || fw_ifname_internal(i->name) || !i->name[0])
		return;
	for (size_t k = 1; k < g->n_ifaces; k++)
		if (g->ifaces[k].wildcard == i->wildcard && !strcmp(g->ifaces[k].name, i->name))
			return;
	if (g->n_ifaces < VAKT_ARRAY_SIZE(g->ifaces))
		g->ifaces[g->n_ifaces++] = (struct fw_ifname){i->name, i->wildcard};
}

/* Note which of the ports the rules report on a dport match names. */
static void name_ports(struct fw_group *g, const struct fw_ports *p)
{
	static const uint16_t extra[] = {22, 2375};

	if (p->negate)
		return;
	for (size_t i = 0; i < p->n; i++) {
		for (const struct fw_service *s = fw_admin_ports; s->port; s++)
			if (p->v[i].lo <= s->port && s->port <= p->v[i].hi)
				g->named[s->port / 8] |= (uint8_t)(1u << (s->port % 8));
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(extra); k++)
			if (p->v[i].lo <= extra[k] && extra[k] <= p->v[i].hi)
				g->named[extra[k] / 8] |= (uint8_t)(1u << (extra[k] % 8));
	}
}

bool fw_group_names_port(const struct fw_group *g, uint16_t port)
{
	return g->named[port / 8] & (1u << (port % 8));
}

/* The families a table filters, as bits (1 IPv4, 2 IPv6). */
static unsigned table_families(const struct fw_ruleset *rs, const struct fw_table *t)
{
	if (rs->format == FW_FORMAT_IPTABLES)
		return rs->ip_version == 6 ? 2u : 1u;
	return t->family == FW_FAMILY_INET  ? 3u
	       : t->family == FW_FAMILY_IP  ? 1u
	       : t->family == FW_FAMILY_IP6 ? 2u
	                                    : 0u;
}

void fw_group_prepare(struct fw_group *g)
{
	g->ifaces[0] = (struct fw_ifname){NULL, false};
	g->n_ifaces = 1;
	g->forwarding = 0;
	g->n_rules = 0;
	memset(g->named, 0, sizeof(g->named));
	for (size_t s = 0; s < g->n; s++) {
		const struct fw_ruleset *rs = g->sets[s];

		for (size_t t = 0; t < rs->n_tables; t++)
			for (size_t c = 0; c < rs->tables[t].n_chains; c++) {
				unsigned fam = table_families(rs, &rs->tables[t]);
				const struct fw_chain *ch = &rs->tables[t].chains[c];

				g->n_rules += ch->n_rules;
				for (size_t r = 0; r < ch->n_rules; r++) {
					add_iface(g, &ch->rules[r].iif);
					name_ports(g, &ch->rules[r].dport);
					if (ch->rules[r].verdict == FW_VERDICT_DNAT ||
					    ch->rules[r].verdict == FW_VERDICT_SNAT)
						g->forwarding |= fam;
				}
			}
	}
	for (int f = 0; f < 2; f++) {
		uint8_t family = f ? 6 : 4;
		struct fw_packet in = fw_packet_tcp(family, FW_HOOK_INPUT, FW_PROBE_PORT);
		struct fw_packet fwd = fw_packet_tcp(family, FW_HOOK_FORWARD, FW_PROBE_PORT);

		g->covered[f] = g->ao->live;
		for (size_t s = 0; s < g->n; s++)
			g->covered[f] |= fw_ruleset_covers(g->sets[s], family);
		if (f == 0 && g->n_ifaces > 1) {
			/*
			 * Rules that name external interfaces tell where the internet
			 * arrives: the packet is tried on each of them, not on another.
			 */
			memmove(g->ifaces, g->ifaces + 1, (g->n_ifaces - 1) * sizeof(*g->ifaces));
			g->n_ifaces--;
		}
		fw_group_eval(g, &in, &g->input[f]);
		fw_group_eval(g, &fwd, &g->forward[f]);
	}
}

void fw_emit(struct vakt_check_ctx *ctx, size_t set, const char *file, int line, const char *fmt,
             ...)
{
	const struct fw_group *g = ctx->model;
	struct vakt_span at = {line, 1, line, 0};
	va_list ap;

	if (file && set < g->n) {
		/* A line of a file the rule set included. */
		ctx->src = g->find_src ? g->find_src(g->find_data, file) : NULL;
		ctx->file = ctx->src ? ctx->src->path : file;
		va_start(ap, fmt);
		vakt_check_vemit(ctx, line > 0 ? &at : NULL, NULL, fmt, ap);
		va_end(ap);
		return;
	}
	ctx->src = g->srcs && set < g->n ? g->srcs[set] : NULL;
	/* A family no rule set speaks for (a live host) is netfilter's as a whole. */
	ctx->file = set < g->n ? g->sets[set]->path : "netfilter";
	va_start(ap, fmt);
	vakt_check_vemit(ctx, line > 0 ? &at : NULL, NULL, fmt, ap);
	va_end(ap);
}

/* A warning for each rule set whose default walks were cut short. */
static void warn_cut(const struct fw_group *g, struct vakt_error_list *errs)
{
	const struct fw_hit *hits[] = {&g->input[0], &g->input[1], &g->forward[0], &g->forward[1]};
	size_t warned = SIZE_MAX;

	for (size_t i = 0; errs && i < VAKT_ARRAY_SIZE(hits); i++) {
		struct vakt_error *err = NULL;

		if (!hits[i]->d.cut || hits[i]->set >= g->n || hits[i]->set == warned)
			continue;
		warned = hits[i]->set;
		vakt_error_set_at(&err, VAKT_WARNING_CODE, g->sets[warned]->path, 0, 0,
		                  "a jump loop or chains nested deeper than %d were cut short: "
		                  "the firewall verdicts may be incomplete",
		                  FW_MAX_JUMP_DEPTH);
		vakt_error_list_add(errs, err);
	}
}

/* The group's rules on sets[0..n) (fw_audit_group(), fw_audit_group_find()). */
static void audit_run(struct fw_ruleset *const *sets, const struct vakt_source *const *srcs,
                      size_t n, const struct fw_sources *find, const struct fw_audit_opts *ao,
                      const struct vakt_scan_opts *o, struct vakt_findings *out,
                      struct vakt_error_list *errs)
{
	static const struct fw_audit_opts files = {false, -1, -1};
	struct fw_group *g = vakt_xcalloc(1, sizeof(*g));
	struct vakt_check_ctx ctx = {0};

	g->sets = sets;
	g->srcs = srcs;
	g->n = n;
	g->ao = ao ? ao : &files;
	if (find) {
		g->find_src = find->find;
		g->find_data = find->data;
	}
	fw_group_prepare(g);
	ctx.model = g;
	ctx.opts = o;
	ctx.out = out;
	vakt_rules_run(&ctx, &fw_domain, VAKT_SCOPE_SET);
	warn_cut(g, errs);
	free(g);
}

void fw_audit_group(struct fw_ruleset *const *sets, const struct vakt_source *const *srcs, size_t n,
                    const struct fw_audit_opts *ao, const struct vakt_scan_opts *o,
                    struct vakt_findings *out, struct vakt_error_list *errs)
{
	audit_run(sets, srcs, n, NULL, ao, o, out, errs);
}

void fw_audit_group_find(struct fw_ruleset *const *sets, const struct vakt_source *const *srcs,
                         size_t n, const struct fw_sources *find, const struct vakt_scan_opts *o,
                         struct vakt_findings *out, struct vakt_error_list *errs)
{
	audit_run(sets, srcs, n, find, NULL, o, out, errs);
}

void fw_audit(struct fw_ruleset *const *sets, size_t n, const struct fw_audit_opts *ao,
              const struct vakt_scan_opts *o, struct vakt_findings *out,
              struct vakt_error_list *errs)
{
	fw_audit_group(sets, NULL, n, ao, o, out, errs);
}
