/* SPDX-License-Identifier: MIT */
/* The firewall model: building it, releasing it, and its small value types. */
#include "fw-model.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static void addrs_release(struct fw_addrs *a)
{
	free(a->v);
	free(a->set_name);
}

static void iface_release(struct fw_iface *i)
{
	free(i->name);
}

void fw_rule_release(struct fw_rule *r)
{
	free(r->text);
	free(r->file);
	free(r->comment);
	iface_release(&r->iif);
	iface_release(&r->oif);
	addrs_release(&r->src);
	addrs_release(&r->dst);
	free(r->sport.v);
	free(r->dport.v);
	for (size_t i = 0; i < r->n_opaque; i++)
		free(r->opaque[i].text);
	free(r->opaque);
	free(r->target);
	memset(r, 0, sizeof(*r));
}

void fw_rule_copy(struct fw_rule *dst, const struct fw_rule *src)
{
	*dst = *src;
	dst->text = vakt_xstrdup(src->text);
	dst->file = vakt_xstrdup(src->file);
	dst->comment = vakt_xstrdup(src->comment);
	dst->iif.name = vakt_xstrdup(src->iif.name);
	dst->oif.name = vakt_xstrdup(src->oif.name);
	dst->src.set_name = vakt_xstrdup(src->src.set_name);
	dst->dst.set_name = vakt_xstrdup(src->dst.set_name);
	dst->target = vakt_xstrdup(src->target);
	/* the arrays through the adds, whose room is implied by the count */
	dst->src.v = dst->dst.v = NULL;
	dst->src.n = dst->dst.n = 0;
	for (size_t i = 0; i < src->src.n; i++)
		fw_addrs_add(&dst->src, &src->src.v[i]);
	for (size_t i = 0; i < src->dst.n; i++)
		fw_addrs_add(&dst->dst, &src->dst.v[i]);
	dst->sport.v = dst->dport.v = NULL;
	dst->sport.n = dst->dport.n = 0;
	for (size_t i = 0; i < src->sport.n; i++)
		fw_ports_add(&dst->sport, src->sport.v[i].lo, src->sport.v[i].hi);
	for (size_t i = 0; i < src->dport.n; i++)
		fw_ports_add(&dst->dport, src->dport.v[i].lo, src->dport.v[i].hi);
	dst->opaque = NULL;
	dst->n_opaque = 0;
	for (size_t i = 0; i < src->n_opaque; i++)
		fw_rule_add_opaque(dst, src->opaque[i].text);
}

static void chain_release(struct fw_chain *c)
{
	for (size_t i = 0; i < c->n_rules; i++)
		fw_rule_release(&c->rules[i]);
	free(c->rules);
	free(c->name);
	free(c->file);
	free(c->type);
}

void fw_chain_clear(struct fw_chain *c)
{
	for (size_t i = 0; i < c->n_rules; i++)
		fw_rule_release(&c->rules[i]);
	free(c->rules);
	c->rules = NULL;
	c->n_rules = 0;
}

void fw_table_remove_chain(struct fw_table *t, size_t i)
{
	if (i >= t->n_chains)
		return;
	chain_release(&t->chains[i]);
	memmove(&t->chains[i], &t->chains[i + 1], (t->n_chains - i - 1) * sizeof(t->chains[0]));
	t->n_chains--;
}

static void table_release(struct fw_table *tb)
{
	for (size_t c = 0; c < tb->n_chains; c++)
		chain_release(&tb->chains[c]);
	free(tb->chains);
	free(tb->name);
}

void fw_ruleset_remove_table(struct fw_ruleset *rs, size_t i)
{
	if (i >= rs->n_tables)
		return;
	table_release(&rs->tables[i]);
	memmove(&rs->tables[i], &rs->tables[i + 1], (rs->n_tables - i - 1) * sizeof(rs->tables[0]));
	rs->n_tables--;
}

void fw_ruleset_free(struct fw_ruleset *rs)
{
	if (!rs)
		return;
	for (size_t t = 0; t < rs->n_tables; t++)
		table_release(&rs->tables[t]);
	free(rs->tables);
	free(rs->path);
	free(rs->backend);
	free(rs);
}

const char *fw_verdict_name(enum fw_verdict v)
{
	static const char *const names[] = {
	    [FW_VERDICT_NONE] = "none",         [FW_VERDICT_ACCEPT] = "ACCEPT",
	    [FW_VERDICT_DROP] = "DROP",         [FW_VERDICT_REJECT] = "REJECT",
	    [FW_VERDICT_RETURN] = "RETURN",     [FW_VERDICT_JUMP] = "jump",
	    [FW_VERDICT_GOTO] = "goto",         [FW_VERDICT_QUEUE] = "QUEUE",
	    [FW_VERDICT_DNAT] = "DNAT",         [FW_VERDICT_SNAT] = "SNAT",
	    [FW_VERDICT_REDIRECT] = "REDIRECT", [FW_VERDICT_OTHER] = "other",
	};

	return (unsigned)v < sizeof(names) / sizeof(names[0]) ? names[v] : "?";
}

const char *fw_hook_name(enum fw_hook h)
{
	static const char *const names[] = {
	    [FW_HOOK_NONE] = "none",       [FW_HOOK_PREROUTING] = "prerouting",
	    [FW_HOOK_INPUT] = "input",     [FW_HOOK_FORWARD] = "forward",
	    [FW_HOOK_OUTPUT] = "output",   [FW_HOOK_POSTROUTING] = "postrouting",
	    [FW_HOOK_INGRESS] = "ingress", [FW_HOOK_EGRESS] = "egress",
	};

	return (unsigned)h < sizeof(names) / sizeof(names[0]) ? names[h] : "?";
}

const char *fw_family_name(enum fw_family f)
{
	static const char *const names[] = {
	    [FW_FAMILY_IP] = "ip",   [FW_FAMILY_IP6] = "ip6",       [FW_FAMILY_INET] = "inet",
	    [FW_FAMILY_ARP] = "arp", [FW_FAMILY_BRIDGE] = "bridge", [FW_FAMILY_NETDEV] = "netdev",
	};

	return (unsigned)f < sizeof(names) / sizeof(names[0]) ? names[f] : "?";
}

const struct fw_chain *fw_table_chain(const struct fw_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_chains; i++)
		if (strcmp(t->chains[i].name, name) == 0)
			return &t->chains[i];
	return NULL;
}

struct fw_chain *fw_table_find_chain(struct fw_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_chains; i++)
		if (strcmp(t->chains[i].name, name) == 0)
			return &t->chains[i];
	return NULL;
}

/*
 * Grow an array of n elements of size elem by one zeroed element; returns it.
 * The room doubles at each power of two (4, 8, 16 ...), so that n pushes copy
 * O(n) bytes even where realloc() cannot grow in place (ASan's always
 * moves): the capacity is implied by n, never stored.
 */
static void *push(void **v, size_t *n, size_t elem)
{
	size_t k = *n;
	char *p = *v;

	if (k == 0 || (k >= 4 && (k & (k - 1)) == 0))
		p = vakt_xrealloc(p, (k ? 2 * k : 4) * elem);
	*v = p;
	memset(p + k * elem, 0, elem);
	(*n)++;
	return p + k * elem;
}

struct fw_ruleset *fw_ruleset_new(const char *path, enum fw_format format)
{
	struct fw_ruleset *rs = vakt_xcalloc(1, sizeof(*rs));

	rs->path = vakt_xstrdup(path ? path : "");
	rs->format = format;
	return rs;
}

struct fw_table *fw_ruleset_add_table(struct fw_ruleset *rs, const char *name,
                                      enum fw_family family, int line)
{
	struct fw_table *t = push((void **)&rs->tables, &rs->n_tables, sizeof(*t));

	t->name = vakt_xstrdup(name);
	t->family = family;
	t->line = line;
	return t;
}

struct fw_table *fw_ruleset_table(struct fw_ruleset *rs, const char *name, enum fw_family family)
{
	for (size_t i = 0; i < rs->n_tables; i++)
		if (rs->tables[i].family == family && strcmp(rs->tables[i].name, name) == 0)
			return &rs->tables[i];
	return NULL;
}

struct fw_chain *fw_table_add_chain(struct fw_table *t, const char *name, int line)
{
	struct fw_chain *c = push((void **)&t->chains, &t->n_chains, sizeof(*c));

	c->name = vakt_xstrdup(name);
	c->line = line;
	return c;
}

struct fw_rule *fw_chain_add_rule(struct fw_chain *c, int line, const char *text)
{
	struct fw_rule *r = push((void **)&c->rules, &c->n_rules, sizeof(*r));

	r->line = line;
	r->text = text ? vakt_xstrdup(text) : NULL;
	return r;
}

void fw_rule_add_opaque(struct fw_rule *r, const char *text)
{
	struct fw_opaque *o = push((void **)&r->opaque, &r->n_opaque, sizeof(*o));

	o->text = vakt_xstrdup(text);
}

void fw_addrs_add(struct fw_addrs *a, const struct fw_prefix *p)
{
	struct fw_prefix *q = push((void **)&a->v, &a->n, sizeof(*q));

	*q = *p;
}

void fw_ports_add(struct fw_ports *p, uint16_t lo, uint16_t hi)
{
	struct fw_port_range *r = push((void **)&p->v, &p->n, sizeof(*r));

	r->lo = lo < hi ? lo : hi;
	r->hi = lo < hi ? hi : lo;
}

int fw_prefix_parse(const char *s, size_t n, struct fw_prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash;
	size_t alen;
	long len = -1;

	memset(p, 0, sizeof(*p));
	if (n == 0 || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	slash = strchr(buf, '/');
	alen = slash ? (size_t)(slash - buf) : n;
	if (slash) {
		char *end;

		if (!slash[1] || slash[1] < '0' || slash[1] > '9')
			return -EINVAL;
		len = strtol(slash + 1, &end, 10);
		if (*end)
			return -EINVAL;
		buf[alen] = '\0';
	}
	if (inet_pton(AF_INET, buf, p->addr) == 1) {
		if (len > 32)
			return -EINVAL;
		p->family = 4;
		p->len = (uint8_t)(len < 0 ? 32 : len);
	} else if (inet_pton(AF_INET6, buf, p->addr) == 1) {
		if (len > 128)
			return -EINVAL;
		p->family = 6;
		p->len = (uint8_t)(len < 0 ? 128 : len);
	} else {
		return -EINVAL;
	}
	return 0;
}

bool fw_prefix_is_any(const struct fw_prefix *p)
{
	return p->len == 0;
}

bool fw_prefix_contains(const struct fw_prefix *a, const struct fw_prefix *b)
{
	unsigned full, rest;

	if (a->family != b->family || a->len > b->len)
		return false;
	full = a->len / 8;
	rest = a->len % 8;
	if (memcmp(a->addr, b->addr, full) != 0)
		return false;
	if (rest) {
		uint8_t mask = (uint8_t)(0xffu << (8 - rest));

		if ((a->addr[full] & mask) != (b->addr[full] & mask))
			return false;
	}
	return true;
}

char *fw_prefix_format(const struct fw_prefix *p, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];
	unsigned full = p->family == 6 ? 128 : 32;

	if (!inet_ntop(p->family == 6 ? AF_INET6 : AF_INET, p->addr, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	if (p->len == full)
		snprintf(buf, size, "%s", a);
	else
		snprintf(buf, size, "%s/%u", a, (unsigned)p->len);
	return buf;
}
