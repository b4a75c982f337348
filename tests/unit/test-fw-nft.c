/* SPDX-License-Identifier: MIT */
/*
 * nft's own syntax (fw-nft-lex.c, fw-nft-parse.c, fw-nft-rule.c): the real
 * dumps of tests/firewall/nft/ (hand-written files, their `nft list
 * ruleset` and `nft -j list ruleset` output, which must give the same
 * model), includes beneath a root; and, as root with nft installed, rule
 * sets loaded by the real nft in a throwaway network namespace. The
 * statements one by one, errors and ceilings are test-fw-nft-rule's.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/source.h"
#include "core/util.h"
#include "firewall/fw.h"

static char *fixture(const char *rel)
{
	const char *f = __FILE__, *slash = strrchr(f, '/');
	size_t n = slash ? (size_t)(slash - f) : 0;

	return vakt_xasprintf("%.*s%s../firewall/nft/%s", (int)n, f, n ? "/" : "", rel);
}

static struct vakt_error_list errs;

static void errs_reset(void)
{
	vakt_error_list_release(&errs);
	memset(&errs, 0, sizeof(errs));
}

/* Whether some error (warning when warn) says what, at line:col when line > 0. */
static bool has_err(const char *what, int line, int col, bool warn)
{
	for (size_t i = 0; i < errs.n; i++) {
		const struct vakt_error *e = errs.v[i];

		if ((e->code == VAKT_WARNING_CODE) == warn && strstr(e->msg, what) &&
		    (line <= 0 || (e->line == line && (col <= 0 || e->column == col))))
			return true;
	}
	return false;
}

static void print_errs(void)
{
	for (size_t i = 0; i < errs.n; i++) {
		char *s = vakt_error_format(errs.v[i]);

		print_message("# %s\n", s);
		free(s);
	}
}

static struct fw_ruleset *parse_file(const char *rel, const char *root, bool json)
{
	char *path = fixture(rel);
	struct vakt_source *src = NULL;
	struct vakt_error *err = NULL;
	struct fw_ruleset *rs = NULL;

	assert_int_equal(0, vakt_source_read(path, VAKT_MAX_FILE_BYTES, &src, &err));
	errs_reset();
	if (json)
		assert_int_equal(0, fw_parse_nft_json(src, &rs, &errs));
	else
		assert_int_equal(0, fw_parse_nft(src, root, &rs, &errs));
	assert_non_null(rs);
	vakt_source_free(src);
	free(path);
	return rs;
}

static const struct fw_chain *chain(const struct fw_ruleset *rs, enum fw_family f,
                                    const char *table, const char *name)
{
	for (size_t i = 0; i < rs->n_tables; i++)
		if (rs->tables[i].family == f && !strcmp(rs->tables[i].name, table)) {
			const struct fw_chain *c = fw_table_chain(&rs->tables[i], name);

			if (c)
				return c;
		}
	fail_msg("no chain %s %s %s", fw_family_name(f), table, name);
	return NULL;
}

static void expect_ports(const struct fw_ports *p, const char *want)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	if (p->negate)
		vakt_buf_addc(&b, '!');
	for (size_t i = 0; i < p->n; i++)
		vakt_buf_addf(&b, "%s%u-%u", i ? "," : "", p->v[i].lo, p->v[i].hi);
	assert_string_equal(want, vakt_buf_str(&b));
	vakt_buf_release(&b);
}

static void expect_addrs(const struct fw_addrs *a, const char *want)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char buf[64];

	if (a->negate)
		vakt_buf_addc(&b, '!');
	for (size_t i = 0; i < a->n; i++)
		vakt_buf_addf(&b, "%s%s", i ? "," : "",
		              fw_prefix_format(&a->v[i], buf, sizeof(buf)));
	assert_string_equal(want, vakt_buf_str(&b));
	vakt_buf_release(&b);
}

/* --- the real dumps --------------------------------------------------------- */

/* The article's host: the file as written and nft's listing of it give one model. */
static void check_default_deny(const struct fw_ruleset *rs)
{
	const struct fw_chain *in = chain(rs, FW_FAMILY_INET, "filter", "input");
	const struct fw_rule *r;

	assert_false(rs->fragment);
	assert_int_equal(FW_HOOK_INPUT, in->hook);
	assert_string_equal("filter", in->type);
	assert_int_equal(0, in->priority);
	assert_int_equal(FW_VERDICT_DROP, in->policy);
	assert_int_equal(FW_VERDICT_DROP, chain(rs, FW_FAMILY_INET, "filter", "forward")->policy);
	assert_int_equal(FW_VERDICT_ACCEPT, chain(rs, FW_FAMILY_INET, "filter", "output")->policy);
	assert_int_equal(7, in->n_rules);
	r = &in->rules[0];
	assert_string_equal("lo", r->iif.name);
	assert_false(r->iif.negate);
	assert_int_equal(FW_VERDICT_ACCEPT, r->verdict);
	r = &in->rules[1];
	assert_int_equal(FW_CT_ESTABLISHED | FW_CT_RELATED, r->ct_states);
	assert_int_equal(FW_VERDICT_ACCEPT, r->verdict);
	r = &in->rules[2];
	assert_int_equal(FW_CT_INVALID, r->ct_states);
	assert_int_equal(FW_VERDICT_DROP, r->verdict);
	r = &in->rules[3]; /* ip saddr @vpn tcp dport ssh accept */
	assert_string_equal("vpn", r->src.set_name);
	assert_false(r->src.unresolved);
	expect_addrs(&r->src, "10.8.0.0/24,192.168.100.0/24");
	assert_int_equal(6, r->proto);
	assert_int_equal(4, r->only_family);
	expect_ports(&r->dport, "22-22");
	r = &in->rules[4];
	expect_ports(&r->dport, "80-80,443-443");
	assert_int_equal(0, r->n_opaque);
	r = &in->rules[5]; /* icmp echo-request under a rate limit: the type is opaque */
	assert_int_equal(1, r->proto);
	assert_int_equal(1, r->n_opaque);
	assert_string_equal("icmp type echo-request", r->opaque[0].text);
	assert_int_equal(FW_VERDICT_ACCEPT, r->verdict);
	r = &in->rules[6];
	assert_string_equal("dropped by policy", r->comment);
	assert_int_equal(FW_VERDICT_NONE, r->verdict);
	assert_int_equal(0, r->n_opaque);
}

static void test_default_deny(void **state)
{
	struct fw_ruleset *rs = parse_file("default-deny.nft", NULL, false);
	const struct fw_chain *in;

	assert_int_equal(0, errs.n);
	check_default_deny(rs);
	in = chain(rs, FW_FAMILY_INET, "filter", "input");
	assert_int_equal(12, in->line);
	assert_int_equal(17, in->rules[3].line);
	assert_string_equal("ip saddr @vpn tcp dport ssh accept", in->rules[3].text);
	assert_string_equal("ct state established,related accept", in->rules[1].text);
	assert_string_equal("tcp dport { http, https } accept", in->rules[4].text);
	assert_null(in->rules[3].file);
	fw_ruleset_free(rs);

	rs = parse_file("default-deny.list.nft", NULL, false);
	assert_int_equal(0, errs.n);
	check_default_deny(rs);
	assert_int_equal(13, chain(rs, FW_FAMILY_INET, "filter", "input")->rules[3].line);
	fw_ruleset_free(rs);

	rs = parse_file("default-deny.json", NULL, true);
	assert_int_equal(0, errs.n);
	check_default_deny(rs);
	fw_ruleset_free(rs);
}

/* Debian's nftables.conf: three empty base chains that accept everything. */
static void test_debian_default(void **state)
{
	const char *files[] = {"debian-default.nft", "debian-default.list.nft"};

	for (size_t i = 0; i < 2; i++) {
		struct fw_ruleset *rs = parse_file(files[i], NULL, false);
		const char *names[] = {"input", "forward", "output"};

		assert_int_equal(0, errs.n);
		assert_false(rs->fragment);
		assert_int_equal(1, rs->n_tables);
		assert_int_equal(3, rs->tables[0].n_chains);
		for (size_t c = 0; c < 3; c++) {
			const struct fw_chain *ch = chain(rs, FW_FAMILY_INET, "filter", names[c]);

			assert_int_equal(FW_VERDICT_ACCEPT, ch->policy);
			assert_int_equal(0, ch->n_rules);
			assert_int_equal(0, ch->priority);
			assert_int_equal(FW_HOOK_INPUT + (int)c, ch->hook);
		}
		fw_ruleset_free(rs);
	}
}

/* define, include of a file inside a table and of a glob of command files, sets. */
static void test_conf_tree(void **state)
{
	char *root = fixture("conf-tree");
	struct fw_ruleset *rs = parse_file("conf-tree/etc/nftables.conf", root, false);
	const struct fw_chain *in;
	const struct fw_rule *r;

	print_errs();
	assert_int_equal(0, errs.n);
	assert_false(rs->fragment);
	in = chain(rs, FW_FAMILY_INET, "host", "input");
	assert_int_equal(11, in->n_rules);
	/* 20-mail.rules inserts at the top, 10-monitoring.rules adds at the end */
	r = &in->rules[0];
	expect_ports(&r->dport, "25-25,587-587");
	assert_int_equal(FW_CT_NEW, r->ct_states);
	assert_int_equal(1, r->line);
	assert_non_null(r->file);
	assert_true(vakt_ends_with(r->file, "conf-tree/etc/nftables.d/20-mail.rules"));
	r = &in->rules[10];
	assert_true(vakt_ends_with(r->file, "10-monitoring.rules"));
	expect_ports(&r->dport, "9100-9100");
	/* iifname $WAN ip saddr $ADMIN_NETS tcp dport ssh accept */
	r = &in->rules[4];
	assert_null(r->file);
	assert_int_equal(21, r->line);
	assert_string_equal("iifname $WAN ip saddr $ADMIN_NETS tcp dport ssh accept", r->text);
	assert_string_equal("eth0", r->iif.name);
	expect_addrs(&r->src, "10.20.0.0/16,172.16.5.0/24");
	expect_ports(&r->dport, "22-22");
	/* the set comes from the included file */
	r = &in->rules[5];
	expect_addrs(&r->src, "198.51.100.0/24,203.0.113.7");
	assert_false(r->src.unresolved);
	assert_int_equal(FW_VERDICT_DROP, r->verdict);
	expect_ports(&in->rules[6].dport, "80-80,443-443");
	assert_string_equal("wireguard", in->rules[7].comment);
	/* { icmp, ipv6-icmp } is no model's protocol set: opaque */
	assert_int_equal(1, in->rules[8].n_opaque);
	assert_int_equal(-10, chain(rs, FW_FAMILY_INET, "host", "forward")->priority);
	fw_ruleset_free(rs);

	/* without a root: the includes are warnings, the set unknown, the rule set a fragment */
	rs = parse_file("conf-tree/etc/nftables.conf", NULL, false);
	assert_true(has_err("include '/etc/nftables.d/sets.nft' not followed", 11, 2, true));
	assert_true(has_err("include '/etc/nftables.d/*.rules' not followed", 35, 1, true));
	assert_int_equal(2, errs.n);
	assert_true(rs->fragment);
	in = chain(rs, FW_FAMILY_INET, "host", "input");
	assert_int_equal(9, in->n_rules);
	assert_true(in->rules[4].src.unresolved);
	assert_int_equal(0, in->rules[4].src.n);
	fw_ruleset_free(rs);

	/* nft's listing of the loaded tree: the same rules */
	rs = parse_file("conf-tree.list.nft", NULL, false);
	assert_int_equal(0, errs.n);
	assert_int_equal(11, chain(rs, FW_FAMILY_INET, "host", "input")->n_rules);
	fw_ruleset_free(rs);
	free(root);
}

/* IPv4 dropped by a v4-only rule while IPv6 meets the accept policy. */
static void test_v6_open(void **state)
{
	struct fw_ruleset *rs = parse_file("v6-open.nft", NULL, false);
	const struct fw_chain *in = chain(rs, FW_FAMILY_INET, "filter", "input");

	assert_int_equal(0, errs.n);
	assert_int_equal(FW_VERDICT_ACCEPT, in->policy);
	assert_int_equal(4, in->rules[2].only_family);
	assert_int_equal(4, in->rules[3].only_family);
	assert_int_equal(FW_VERDICT_DROP, in->rules[3].verdict);
	assert_int_equal(0, in->rules[3].n_opaque);
	assert_int_equal(6, in->rules[4].only_family);
	assert_int_equal(58, in->rules[4].proto);
	expect_addrs(&in->rules[4].src, "fe80::/10");
	assert_string_equal("lo", in->rules[0].iif.name);
	fw_ruleset_free(rs);
}

/* add/insert commands, ';' between commands, the default family ip. */
static void test_command_form(void **state)
{
	struct fw_ruleset *rs = parse_file("command-form.nft", NULL, false);
	const struct fw_chain *in, *web, *pre, *post;

	print_errs();
	assert_int_equal(0, errs.n);
	in = chain(rs, FW_FAMILY_INET, "f", "input");
	assert_int_equal(FW_VERDICT_DROP, in->policy);
	assert_int_equal(5, in->n_rules);
	assert_int_equal(FW_CT_INVALID, in->rules[0].ct_states);
	assert_int_equal(13, in->rules[0].line);
	assert_int_equal(FW_VERDICT_JUMP, in->rules[4].verdict);
	assert_string_equal("web", in->rules[4].target);
	assert_int_equal(10, in->rules[4].line);
	web = chain(rs, FW_FAMILY_INET, "f", "web");
	assert_int_equal(FW_HOOK_NONE, web->hook);
	assert_int_equal(FW_VERDICT_NONE, web->policy);
	assert_null(web->type);
	assert_int_equal(FW_VERDICT_REJECT, web->rules[1].verdict);
	expect_ports(&web->rules[1].dport, "8000-8099");
	pre = chain(rs, FW_FAMILY_IP, "nat", "prerouting");
	assert_int_equal(-100, pre->priority);
	assert_string_equal("nat", pre->type);
	assert_int_equal(FW_VERDICT_DNAT, pre->rules[0].verdict);
	{
		char buf[64];

		assert_string_equal("172.17.0.2",
		                    fw_prefix_format(&pre->rules[0].to_addr, buf, sizeof(buf)));
	}
	assert_int_equal(80, pre->rules[0].to_ports.lo);
	assert_int_equal(80, pre->rules[0].to_ports.hi);
	post = chain(rs, FW_FAMILY_IP, "nat", "postrouting");
	assert_int_equal(100, post->priority);
	assert_int_equal(FW_VERDICT_SNAT, post->rules[0].verdict);
	assert_true(post->rules[0].oif.negate);
	assert_string_equal("docker0", post->rules[0].oif.name);
	fw_ruleset_free(rs);
}

/* iptables-nft's tables, with nft's warning lines (stderr and stdout together). */
static void test_iptables_nft(void **state)
{
	struct fw_ruleset *rs = parse_file("iptables-nft.list.nft", NULL, false);
	const struct fw_chain *c;

	assert_int_equal(0, errs.n);
	assert_int_equal(3, rs->n_tables);
	assert_true(fw_ruleset_table(rs, "filter", FW_FAMILY_IP)->iptables_managed);
	assert_true(fw_ruleset_table(rs, "nat", FW_FAMILY_IP)->iptables_managed);
	assert_false(fw_ruleset_table(rs, "filter", FW_FAMILY_IP6)->iptables_managed);
	c = chain(rs, FW_FAMILY_IP, "nat", "PREROUTING");
	assert_int_equal(FW_ADDRTYPE_LOCAL, c->rules[0].dst.addrtype);
	assert_int_equal(0, c->rules[0].n_opaque);
	assert_string_equal("DOCKER", c->rules[0].target);
	c = chain(rs, FW_FAMILY_IP, "filter", "INPUT");
	/* meta l4proto tcp tcp dport { 80, 443 } */
	assert_int_equal(6, c->rules[3].proto);
	expect_ports(&c->rules[3].dport, "80-80,443-443");
	assert_int_equal(FW_CT_RELATED | FW_CT_ESTABLISHED, c->rules[1].ct_states);
	c = chain(rs, FW_FAMILY_IP, "filter", "DOCKER");
	assert_true(c->rules[0].iif.negate);
	expect_addrs(&c->rules[0].dst, "172.17.0.2");
	fw_ruleset_free(rs);
}

/* A dormant table applies no rule: it leaves the model, with a warning. */
static void test_dormant(void **state)
{
	const char *files[] = {"dormant.nft", "dormant.list.nft"};

	for (size_t i = 0; i < 2; i++) {
		struct fw_ruleset *rs = parse_file(files[i], NULL, false);

		assert_int_equal(1, errs.n);
		assert_true(
		    has_err("table inet t is dormant (flags dormant): its rules do not apply",
		            i ? 2 : 3, 0, true));
		assert_int_equal(0, rs->n_tables);
		assert_true(rs->fragment);
		fw_ruleset_free(rs);
	}
}

/* Verdict maps: one rule per entry, as nft lists them. */
static void test_vmap(void **state)
{
	const char *files[] = {"vmap.nft", "vmap.list.nft"};

	for (size_t i = 0; i < 2; i++) {
		struct fw_ruleset *rs = parse_file(files[i], NULL, false);
		const struct fw_chain *c = chain(rs, FW_FAMILY_INET, "filter", "input");
		unsigned ct = 0;

		assert_int_equal(0, errs.n);
		assert_int_equal(13, c->n_rules);
		for (size_t k = 0; k < 3; k++) {
			ct |= c->rules[k].ct_states;
			assert_int_equal(c->rules[k].ct_states == FW_CT_INVALID ? FW_VERDICT_DROP
			                                                        : FW_VERDICT_ACCEPT,
			                 c->rules[k].verdict);
		}
		assert_int_equal(FW_CT_ESTABLISHED | FW_CT_RELATED | FW_CT_INVALID, ct);
		assert_string_equal("lo", c->rules[3].iif.name);
		assert_int_equal(FW_VERDICT_ACCEPT, c->rules[3].verdict);
		assert_string_equal("tcp_in", c->rules[4].target);
		expect_ports(&c->rules[9].dport, "80-81");
		assert_int_equal(FW_VERDICT_DROP, c->rules[9].verdict);
		assert_int_equal(4, c->rules[12].only_family);
		for (size_t k = 0; k < c->n_rules; k++)
			assert_int_equal(0, c->rules[k].n_opaque);
		fw_ruleset_free(rs);
	}
}

/* --- text and JSON of the same rule set give the same model ------------------ */

static void same_iface(const struct fw_iface *a, const struct fw_iface *b)
{
	assert_true((a->name == NULL) == (b->name == NULL));
	if (a->name)
		assert_string_equal(a->name, b->name);
	assert_int_equal(a->negate, b->negate);
	assert_int_equal(a->wildcard, b->wildcard);
}

static void same_addrs(const struct fw_addrs *a, const struct fw_addrs *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++)
		assert_true(fw_prefix_contains(&a->v[i], &b->v[i]) && a->v[i].len == b->v[i].len);
	assert_int_equal(a->negate, b->negate);
	assert_int_equal(a->unresolved, b->unresolved);
	assert_int_equal(a->addrtype, b->addrtype);
}

static void same_ports(const struct fw_ports *a, const struct fw_ports *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		assert_int_equal(a->v[i].lo, b->v[i].lo);
		assert_int_equal(a->v[i].hi, b->v[i].hi);
	}
	assert_int_equal(a->negate, b->negate);
}

static void same_model(const struct fw_ruleset *a, const struct fw_ruleset *b)
{
	assert_int_equal(a->n_tables, b->n_tables);
	assert_int_equal(a->fragment, b->fragment);
	for (size_t t = 0; t < a->n_tables; t++) {
		const struct fw_table *ta = &a->tables[t], *tb = &b->tables[t];

		assert_string_equal(ta->name, tb->name);
		assert_int_equal(ta->family, tb->family);
		assert_int_equal(ta->n_chains, tb->n_chains);
		for (size_t c = 0; c < ta->n_chains; c++) {
			const struct fw_chain *ca = &ta->chains[c], *cb = &tb->chains[c];

			assert_string_equal(ca->name, cb->name);
			assert_int_equal(ca->hook, cb->hook);
			assert_int_equal(ca->priority, cb->priority);
			assert_int_equal(ca->policy, cb->policy);
			assert_int_equal(ca->n_rules, cb->n_rules);
			for (size_t k = 0; k < ca->n_rules; k++) {
				const struct fw_rule *ra = &ca->rules[k], *rb = &cb->rules[k];

				same_iface(&ra->iif, &rb->iif);
				same_iface(&ra->oif, &rb->oif);
				same_addrs(&ra->src, &rb->src);
				same_addrs(&ra->dst, &rb->dst);
				assert_int_equal(ra->proto, rb->proto);
				assert_int_equal(ra->proto_negate, rb->proto_negate);
				assert_int_equal(ra->protos_any_of, rb->protos_any_of);
				assert_int_equal(ra->only_family, rb->only_family);
				same_ports(&ra->sport, &rb->sport);
				same_ports(&ra->dport, &rb->dport);
				assert_int_equal(ra->ct_states, rb->ct_states);
				assert_int_equal(ra->ct_negate, rb->ct_negate);
				assert_int_equal(ra->n_opaque, rb->n_opaque);
				assert_int_equal(ra->verdict, rb->verdict);
				assert_true((ra->target == NULL) == (rb->target == NULL));
				if (ra->target)
					assert_string_equal(ra->target, rb->target);
				assert_int_equal(ra->to_ports.lo, rb->to_ports.lo);
				assert_int_equal(ra->to_addr.len, rb->to_addr.len);
				assert_true((ra->comment == NULL) == (rb->comment == NULL));
			}
		}
	}
}

/* Much of what nft accepts: the file as written and nft's listing read without an error. */
static void test_kitchen_sink(void **state)
{
	struct fw_ruleset *a = parse_file("kitchen-sink.nft", NULL, false), *b;
	const struct fw_chain *c;

	print_errs();
	assert_int_equal(0, errs.n);
	b = parse_file("kitchen-sink.list.nft", NULL, false);
	assert_int_equal(0, errs.n);
	/* nft lists a verdict map's entries in its own order: the same rules, counted */
	assert_int_equal(a->n_tables, b->n_tables);
	for (size_t t = 0; t < a->n_tables; t++) {
		assert_int_equal(a->tables[t].n_chains, b->tables[t].n_chains);
		for (size_t k = 0; k < a->tables[t].n_chains; k++)
			assert_int_equal(a->tables[t].chains[k].n_rules,
			                 b->tables[t].chains[k].n_rules);
	}
	c = chain(b, FW_FAMILY_INET, "edge", "input");
	assert_int_equal(16, c->n_rules);
	/* a dynamic set: not known */
	assert_true(c->rules[4].src.unresolved);
	/* auto-merge made a range of the two prefixes */
	expect_addrs(&c->rules[8].src, "2001:db8::/48,2001:db8:1::/120");
	assert_string_equal("br-", chain(b, FW_FAMILY_INET, "edge", "forward")->rules[1].iif.name);
	assert_true(chain(b, FW_FAMILY_INET, "edge", "forward")->rules[1].iif.wildcard);
	assert_int_equal(-300, chain(b, FW_FAMILY_INET, "edge", "prerouting")->priority);
	assert_int_equal(FW_VERDICT_REDIRECT,
	                 chain(b, FW_FAMILY_IP, "nat", "prerouting")->rules[1].verdict);
	assert_int_equal(22, chain(b, FW_FAMILY_IP, "nat", "prerouting")->rules[1].to_ports.lo);
	assert_int_equal(-500, chain(b, FW_FAMILY_NETDEV, "ingress_filter", "ingress")->priority);
	fw_ruleset_free(a);
	fw_ruleset_free(b);
}

static void test_text_json_agree(void **state)
{
	/* iptables-nft's tables differ by design: JSON has only xt names */
	const char *base[] = {"default-deny", "debian-default", "conf-tree",
	                      "v6-open",      "command-form",   "vmap"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(base); i++) {
		char *t = vakt_xasprintf("%s.list.nft", base[i]);
		char *j = vakt_xasprintf("%s.json", base[i]);
		struct fw_ruleset *a = parse_file(t, NULL, false);
		struct fw_ruleset *b;

		assert_int_equal(0, errs.n);
		b = parse_file(j, NULL, true);
		assert_int_equal(0, errs.n);
		same_model(a, b);
		fw_ruleset_free(a);
		fw_ruleset_free(b);
		free(t);
		free(j);
	}
}

/* --- include beneath a root ----------------------------------------------------- */

static char tmp_root[64];

static void put(const char *rel, const char *text)
{
	char *p = vakt_xasprintf("%s/%s", tmp_root, rel);
	char *dir = vakt_xstrdup(p);
	FILE *f;

	*strrchr(dir, '/') = '\0';
	mkdir(dir, 0755);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(dir);
	free(p);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static struct fw_ruleset *parse_root_file(const char *rel)
{
	char *p = vakt_xasprintf("%s/%s", tmp_root, rel);
	struct vakt_source *src = NULL;
	struct vakt_error *err = NULL;
	struct fw_ruleset *rs = NULL;

	assert_int_equal(0, vakt_source_read(p, VAKT_MAX_FILE_BYTES, &src, &err));
	errs_reset();
	assert_int_equal(0, fw_parse_nft(src, tmp_root, &rs, &errs));
	vakt_source_free(src);
	free(p);
	return rs;
}

static void test_include(void **state)
{
	struct fw_ruleset *rs;
	const struct fw_chain *c;

	snprintf(tmp_root, sizeof(tmp_root), "/tmp/vakt-test-fw-nft-XXXXXX");
	assert_non_null(mkdtemp(tmp_root));
	put("etc/nftables.conf",
	    "include \"nftables.d/vars.nft\"\n"
	    "table inet f {\n\tchain input {\n\t\ttype filter hook input priority 0; policy drop;\n"
	    "\t\tinclude \"/etc/nftables.d/input/*.nft\"\n\t}\n}\n"
	    "include \"../../../../outside.nft\"\n"
	    "include \"/etc/loop.nft\"\n"
	    "include \"/etc/nothing/*.nft\"\n"
	    "include \"/etc/*/x.nft\"\n");
	put("etc/nftables.d/vars.nft", "define SSH = 22\n");
	put("etc/nftables.d/input/b.nft", "tcp dport 443 accept\n");
	put("etc/nftables.d/input/a.nft", "tcp dport $SSH accept");
	put("etc/nftables.d/input/.hidden.nft", "drop\n");
	put("etc/nftables.d/input/c.txt", "drop\n");
	put("etc/loop.nft", "include \"loop.nft\"\n");
	put("etc/dir.d/2.nft", "add rule inet f input udp dport 2 accept\n");
	put("etc/dir.d/1.nft", "add rule inet f input udp dport 1 accept\n");
	put("etc/in-etc.nft", "add rule inet f input udp dport 3 accept\n");
	put("etc/sub/top.nft", "include \"/etc/nftables.conf\"\ninclude \"/etc/dir.d/\"\n"
	                       "include \"in-etc.nft\"\ninclude \"./nosuch.nft\"\n");
	rs = parse_root_file("etc/nftables.conf");
	print_errs();
	c = chain(rs, FW_FAMILY_INET, "f", "input");
	assert_int_equal(2, c->n_rules);
	expect_ports(&c->rules[0].dport, "22-22");
	assert_true(vakt_ends_with(c->rules[0].file, "/etc/nftables.d/input/a.nft"));
	expect_ports(&c->rules[1].dport, "443-443");
	assert_true(vakt_ends_with(c->rules[1].file, "/etc/nftables.d/input/b.nft"));
	/* ".." stays beneath the root: outside.nft is looked up inside it, and is not there */
	assert_true(has_err("cannot include 'etc/../../../../outside.nft'", 8, 1, true));
	assert_true(has_err("includes nested deeper than 16", 1, 1, false));
	assert_true(has_err("a pattern only in the file name", 11, 1, true));
	assert_true(rs->fragment);
	fw_ruleset_free(rs);

	/* a directory, then a bare name found in nft's include path */
	rs = parse_root_file("etc/sub/top.nft");
	c = chain(rs, FW_FAMILY_INET, "f", "input");
	assert_int_equal(5, c->n_rules);
	expect_ports(&c->rules[2].dport, "1-1");
	expect_ports(&c->rules[3].dport, "2-2");
	expect_ports(&c->rules[4].dport, "3-3");
	assert_true(vakt_ends_with(c->rules[4].file, "/etc/in-etc.nft"));
	assert_true(has_err("cannot include 'etc/sub/./nosuch.nft'", 4, 1, true));
	fw_ruleset_free(rs);

	/* a root that is not there */
	{
		struct vakt_source *src = vakt_source_from_mem("t.nft", "include \"x.nft\"\n", 16);

		errs_reset();
		assert_int_equal(0, fw_parse_nft(src, "/nonexistent/vakt", &rs, &errs));
		assert_true(has_err("cannot open '/nonexistent/vakt'", 1, 1, true));
		assert_true(rs->fragment);
		fw_ruleset_free(rs);
		vakt_source_free(src);
	}
	nftw(tmp_root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* --- live: the real nft in a throwaway network namespace ------------------------ */

static char *run(const char *cmd, int *status)
{
	FILE *f = popen(cmd, "r");
	struct vakt_buf b = VAKT_BUF_INIT;
	char buf[4096];
	size_t n;

	if (!f) {
		*status = -1;
		return vakt_xstrdup("");
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		vakt_buf_add(&b, buf, n);
	*status = pclose(f);
	return vakt_buf_detach(&b);
}

static void test_live(void **state)
{
	const char *files[] = {"default-deny.nft", "v6-open.nft", "command-form.nft",
	                       "debian-default.nft", "vmap.nft"};
	int status;
	char *out;

	if (geteuid() != 0) {
		print_message("# SKIP: live nft test needs root (unshare -n, nft -f)\n");
		skip();
	}
	if (access("/usr/sbin/nft", X_OK) != 0) {
		print_message("# SKIP: live nft test needs /usr/sbin/nft\n");
		skip();
	}
	out = run("unshare -n /usr/sbin/nft list ruleset 2>&1", &status);
	free(out);
	if (status != 0) {
		print_message("# SKIP: cannot run nft in a new network namespace here\n");
		skip();
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(files); i++) {
		char *path = fixture(files[i]);
		char *cmd = vakt_xasprintf("unshare -n sh -c '/usr/sbin/nft -f \"%s\" && "
		                           "/usr/sbin/nft list ruleset && echo @@@@ && "
		                           "/usr/sbin/nft -j list ruleset'",
		                           path);
		char *sep;
		struct vakt_source *a, *b;
		struct fw_ruleset *ra = NULL, *rb = NULL;

		out = run(cmd, &status);
		assert_int_equal(0, status);
		sep = strstr(out, "@@@@\n");
		assert_non_null(sep);
		a = vakt_source_from_mem("nft list ruleset", out, (size_t)(sep - out));
		b = vakt_source_from_mem("nft -j list ruleset", sep + 5, strlen(sep + 5));
		errs_reset();
		assert_int_equal(0, fw_parse_nft(a, NULL, &ra, &errs));
		assert_int_equal(0, fw_parse_nft_json(b, &rb, &errs));
		print_errs();
		assert_int_equal(0, errs.n);
		same_model(ra, rb);
		if (i == 0)
			check_default_deny(ra);
		fw_ruleset_free(ra);
		fw_ruleset_free(rb);
		vakt_source_free(a);
		vakt_source_free(b);
		free(out);
		free(cmd);
		free(path);
	}
}

static int teardown(void **state)
{
	(void)state;
	errs_reset();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_default_deny, teardown),
	    cmocka_unit_test_teardown(test_debian_default, teardown),
	    cmocka_unit_test_teardown(test_conf_tree, teardown),
	    cmocka_unit_test_teardown(test_v6_open, teardown),
	    cmocka_unit_test_teardown(test_command_form, teardown),
	    cmocka_unit_test_teardown(test_iptables_nft, teardown),
	    cmocka_unit_test_teardown(test_kitchen_sink, teardown),
	    cmocka_unit_test_teardown(test_dormant, teardown),
	    cmocka_unit_test_teardown(test_vmap, teardown),
	    cmocka_unit_test_teardown(test_text_json_agree, teardown),
	    cmocka_unit_test_teardown(test_include, teardown),
	    cmocka_unit_test_teardown(test_live, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
