/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FW_TEST_H
#define VAKT_FW_TEST_H

/*
 * Firewall models built by hand for the unit tests, through the builder
 * helpers of fw-model.h: a rule is a line of words the way a dump would
 * say it, shortened:
 *
 *   iif=lo !iif=docker0 iif=eth+ oif=docker0   interfaces ('+' ends a wildcard)
 *   src=10.0.0.0/8 !src=... dst=... set=@name  addresses; set=@x: an unresolved set on src
 *   dtype=local dtype=!local stype=local        addrtype
 *   p=tcp p=udp !p=tcp l4=tcp,udp fam=4         protocol, nft th/l4proto, only_family
 *   dport=22 dport=1000-2000,3306 !dport=22 sport=53
 *   ct=new,established,related !ct=... ctx=dnat
 *   opaque=TEXT                                 a match vakt does not model
 *   -> ACCEPT DROP REJECT RETURN QUEUE LOG jump:X goto:X dnat:172.17.0.2:80 snat
 */

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firewall/fw-model.h"

static inline void fwt_prefix(const char *s, struct fw_prefix *p)
{
	if (fw_prefix_parse(s, strlen(s), p) != 0) {
		fprintf(stderr, "bad prefix %s\n", s);
		abort();
	}
}

static inline void fwt_iface(struct fw_iface *i, const char *v, bool neg)
{
	size_t n = strlen(v);

	i->negate = neg;
	i->wildcard = n && (v[n - 1] == '+' || v[n - 1] == '*');
	i->name = strndup(v, i->wildcard ? n - 1 : n);
}

static inline void fwt_ports(struct fw_ports *p, const char *v, bool neg)
{
	char *dup = strdup(v), *save = NULL;

	p->negate = neg;
	for (char *t = strtok_r(dup, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(t, '-');
		long lo = strtol(t, NULL, 10), hi = dash ? strtol(dash + 1, NULL, 10) : lo;

		fw_ports_add(p, (uint16_t)lo, (uint16_t)hi);
	}
	free(dup);
}

static inline unsigned fwt_ct(const char *v)
{
	unsigned m = 0;

	if (strstr(v, "new"))
		m |= FW_CT_NEW;
	if (strstr(v, "established"))
		m |= FW_CT_ESTABLISHED;
	if (strstr(v, "related"))
		m |= FW_CT_RELATED;
	if (strstr(v, "invalid"))
		m |= FW_CT_INVALID;
	if (strstr(v, "dnat"))
		m |= FW_CT_DNAT;
	return m;
}

static inline void fwt_verdict(struct fw_rule *r, const char *v)
{
	if (!strcmp(v, "ACCEPT")) {
		r->verdict = FW_VERDICT_ACCEPT;
	} else if (!strcmp(v, "DROP")) {
		r->verdict = FW_VERDICT_DROP;
	} else if (!strcmp(v, "REJECT")) {
		r->verdict = FW_VERDICT_REJECT;
	} else if (!strcmp(v, "RETURN")) {
		r->verdict = FW_VERDICT_RETURN;
	} else if (!strcmp(v, "QUEUE")) {
		r->verdict = FW_VERDICT_QUEUE;
	} else if (!strcmp(v, "snat")) {
		r->verdict = FW_VERDICT_SNAT;
	} else if (!strncmp(v, "jump:", 5) || !strncmp(v, "goto:", 5)) {
		r->verdict = v[0] == 'j' ? FW_VERDICT_JUMP : FW_VERDICT_GOTO;
		r->target = strdup(v + 5);
	} else if (!strncmp(v, "dnat:", 5)) {
		const char *colon = strrchr(v + 5, ':');
		char addr[64];

		r->verdict = FW_VERDICT_DNAT;
		snprintf(addr, sizeof(addr), "%.*s", (int)(colon - (v + 5)), v + 5);
		fwt_prefix(addr, &r->to_addr);
		r->to_ports.lo = r->to_ports.hi = (uint16_t)strtol(colon + 1, NULL, 10);
	} else {
		r->verdict = FW_VERDICT_OTHER;
		r->target = strdup(v);
	}
}

/* Add a rule written in the words above to c at line. */
static inline struct fw_rule *fwt_rule(struct fw_chain *c, int line, const char *spec)
{
	struct fw_rule *r = fw_chain_add_rule(c, line, spec);
	char *dup = strdup(spec), *save = NULL;

	for (char *t = strtok_r(dup, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		bool neg = t[0] == '!';
		char *k = neg ? t + 1 : t, *eq = strchr(k, '=');
		const char *v = eq ? eq + 1 : "";
		struct fw_prefix p;

		if (!strcmp(k, "->")) {
			fwt_verdict(r, strtok_r(NULL, " ", &save));
			break;
		}
		if (eq)
			*eq = '\0';
		if (!strcmp(k, "iif")) {
			fwt_iface(&r->iif, v, neg);
		} else if (!strcmp(k, "oif")) {
			fwt_iface(&r->oif, v, neg);
		} else if (!strcmp(k, "src") || !strcmp(k, "dst")) {
			struct fw_addrs *a = k[0] == 's' ? &r->src : &r->dst;
			char *list = strdup(v), *s2 = NULL;

			for (char *e = strtok_r(list, ",", &s2); e; e = strtok_r(NULL, ",", &s2)) {
				fwt_prefix(e, &p);
				fw_addrs_add(a, &p);
			}
			free(list);
			a->negate = neg;
		} else if (!strcmp(k, "set")) {
			r->src.set_name = strdup(v);
			r->src.unresolved = true;
			r->src.negate = neg;
		} else if (!strcmp(k, "dtype") || !strcmp(k, "stype")) {
			struct fw_addrs *a = k[0] == 's' ? &r->src : &r->dst;

			a->addrtype = v[0] == '!' ? FW_ADDRTYPE_NOT_LOCAL : FW_ADDRTYPE_LOCAL;
		} else if (!strcmp(k, "p")) {
			r->proto = !strcmp(v, "udp") ? IPPROTO_UDP : IPPROTO_TCP;
			r->proto_negate = neg;
		} else if (!strcmp(k, "l4")) {
			r->protos_any_of =
			    (uint8_t)((strstr(v, "tcp") ? 1 : 0) | (strstr(v, "udp") ? 2 : 0));
		} else if (!strcmp(k, "fam")) {
			r->only_family = (uint8_t)strtol(v, NULL, 10);
		} else if (!strcmp(k, "dport")) {
			fwt_ports(&r->dport, v, neg);
		} else if (!strcmp(k, "sport")) {
			fwt_ports(&r->sport, v, neg);
		} else if (!strcmp(k, "ct")) {
			r->ct_states = fwt_ct(v);
			r->ct_negate = neg;
		} else if (!strcmp(k, "opaque")) {
			fw_rule_add_opaque(r, v);
		} else {
			fprintf(stderr, "bad word %s\n", t);
			abort();
		}
	}
	free(dup);
	return r;
}

/* An iptables chain: a built-in one (hook from its name, the table as its type) or a user one. */
static inline struct fw_chain *fwt_ipt_chain(struct fw_table *t, const char *name, int line,
                                             enum fw_verdict policy)
{
	struct fw_chain *c = fw_table_add_chain(t, name, line);
	static const struct {
		const char *name;
		enum fw_hook hook;
	} hooks[] = {{"PREROUTING", FW_HOOK_PREROUTING},
	             {"INPUT", FW_HOOK_INPUT},
	             {"FORWARD", FW_HOOK_FORWARD},
	             {"OUTPUT", FW_HOOK_OUTPUT},
	             {"POSTROUTING", FW_HOOK_POSTROUTING}};

	c->policy = policy;
	for (size_t i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
		if (!strcmp(name, hooks[i].name)) {
			c->hook = hooks[i].hook;
			c->type = strdup(t->name);
		}
	return c;
}

/* An nft base chain (hook, type, priority, policy). */
static inline struct fw_chain *fwt_nft_chain(struct fw_table *t, const char *name, int line,
                                             enum fw_hook hook, const char *type, int prio,
                                             enum fw_verdict policy)
{
	struct fw_chain *c = fw_table_add_chain(t, name, line);

	c->hook = hook;
	c->type = type ? strdup(type) : NULL;
	c->priority = prio;
	c->policy = policy;
	return c;
}

/* An iptables rule set of version v with a filter table. */
static inline struct fw_ruleset *fwt_ipt(const char *path, uint8_t v)
{
	struct fw_ruleset *rs = fw_ruleset_new(path, FW_FORMAT_IPTABLES);

	rs->ip_version = v;
	return rs;
}

#endif
