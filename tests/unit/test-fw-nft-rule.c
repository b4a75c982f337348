/* SPDX-License-Identifier: MIT */
/*
 * nft's own syntax, piece by piece (fw-nft-rule.c, fw-nft-parse.c,
 * fw-nft-stream.c, fw-nft-set.c): each statement a rule may hold and what
 * the model keeps of it, sets, priorities, the block and command forms,
 * errors with their positions and the parse going on past them, and the
 * ceilings. The real dumps, includes and live nft are test-fw-nft's.
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
#include "firewall/fw-nft-priv.h"
#include "firewall/fw.h"

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

static struct fw_ruleset *parse_text(const char *text, const char *root)
{
	struct vakt_source *src = vakt_source_from_mem("t.nft", text, strlen(text));
	struct fw_ruleset *rs = NULL;

	errs_reset();
	assert_int_equal(0, fw_parse_nft(src, root, &rs, &errs));
	assert_non_null(rs);
	vakt_source_free(src);
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

/* The only rule of the only chain of a one-rule text. */
static struct fw_ruleset *one(const char *rule, const struct fw_rule **r)
{
	char *text = vakt_xasprintf("table inet t {\n\tchain c {\n\t\t%s\n\t}\n}\n", rule);
	struct fw_ruleset *rs = parse_text(text, NULL);

	free(text);
	if (errs.n)
		print_errs();
	assert_int_equal(1, rs->n_tables);
	assert_int_equal(1, rs->tables[0].n_chains);
	assert_int_equal(1, rs->tables[0].chains[0].n_rules);
	*r = &rs->tables[0].chains[0].rules[0];
	return rs;
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

/* --- statements one by one ---------------------------------------------------- */

static void test_interfaces(void **state)
{
	const struct fw_rule *r;
	struct fw_ruleset *rs;

	rs = one("iifname \"eth*\" oifname != \"docker0\" accept", &r);
	assert_string_equal("eth", r->iif.name);
	assert_true(r->iif.wildcard);
	assert_false(r->iif.negate);
	assert_string_equal("docker0", r->oif.name);
	assert_true(r->oif.negate);
	assert_false(r->oif.wildcard);
	fw_ruleset_free(rs);

	rs = one("meta iifname { \"eth0\", \"eth1\" } meta oif lo drop", &r);
	assert_null(r->iif.name);
	assert_int_equal(1, r->n_opaque);
	assert_string_equal("meta iifname { \"eth0\", \"eth1\" }", r->opaque[0].text);
	assert_string_equal("lo", r->oif.name);
	fw_ruleset_free(rs);

	/* a second interface match does not replace the first */
	rs = one("iif lo iif eth0 accept", &r);
	assert_string_equal("lo", r->iif.name);
	assert_int_equal(1, r->n_opaque);
	fw_ruleset_free(rs);
}

static void test_addresses(void **state)
{
	const struct fw_rule *r;
	struct fw_ruleset *rs;

	rs = one("ip saddr != { 10.0.0.0/8, 192.168.1.1 } ip daddr 10.0.0.1-10.0.0.6 accept", &r);
	expect_addrs(&r->src, "!10.0.0.0/8,192.168.1.1");
	expect_addrs(&r->dst, "10.0.0.1,10.0.0.2/31,10.0.0.4/31,10.0.0.6");
	assert_int_equal(4, r->only_family);
	fw_ruleset_free(rs);

	rs = one("ip6 daddr 2001:db8::/32 ip6 hoplimit 1 accept", &r);
	expect_addrs(&r->dst, "2001:db8::/32");
	assert_int_equal(6, r->only_family);
	assert_int_equal(1, r->n_opaque);
	assert_string_equal("ip6 hoplimit 1", r->opaque[0].text);
	fw_ruleset_free(rs);

	rs = one("ip saddr 10.0.0.300 accept", &r);
	assert_int_equal(0, r->src.n);
	assert_int_equal(1, r->n_opaque);
	fw_ruleset_free(rs);

	rs = one("fib daddr type != local fib saddr . iif oif missing drop", &r);
	assert_int_equal(FW_ADDRTYPE_NOT_LOCAL, r->dst.addrtype);
	assert_int_equal(1, r->n_opaque);
	assert_string_equal("fib saddr . iif oif missing", r->opaque[0].text);
	fw_ruleset_free(rs);

	rs = one("fib saddr type local fib daddr type { local, broadcast } accept", &r);
	assert_int_equal(FW_ADDRTYPE_LOCAL, r->src.addrtype);
	assert_int_equal(FW_ADDRTYPE_ANY, r->dst.addrtype);
	assert_int_equal(1, r->n_opaque);
	fw_ruleset_free(rs);
}

static void test_protocols_ports(void **state)
{
	const struct fw_rule *r;
	struct fw_ruleset *rs;

	rs = one("meta l4proto { tcp, udp } th dport 53 accept", &r);
	assert_int_equal(0, r->proto);
	assert_int_equal(3, r->protos_any_of);
	expect_ports(&r->dport, "53-53");
	fw_ruleset_free(rs);

	rs = one("th dport domain accept", &r);
	assert_int_equal(15, r->protos_any_of);
	expect_ports(&r->dport, "53-53");
	fw_ruleset_free(rs);

	/* narrowed to tcp by the tcp match */
	rs = one("meta l4proto { tcp, udp } tcp dport != 22 accept", &r);
	assert_int_equal(6, r->proto);
	assert_int_equal(0, r->protos_any_of);
	expect_ports(&r->dport, "!22-22");
	fw_ruleset_free(rs);

	rs = one("tcp dport < 1024 udp sport >= 60000 drop", &r);
	expect_ports(&r->dport, "0-1023");
	/* udp after tcp: a rule that never matches, the udp part kept opaque */
	assert_int_equal(6, r->proto);
	assert_int_equal(0, r->sport.n);
	assert_int_equal(1, r->n_opaque);
	fw_ruleset_free(rs);

	rs = one("udp sport 1000-2000 udp dport ftp-data accept", &r);
	assert_int_equal(17, r->proto);
	expect_ports(&r->sport, "1000-2000");
	expect_ports(&r->dport, "20-20");
	fw_ruleset_free(rs);

	rs = one("ip protocol != icmp tcp dport nosuchservice accept", &r);
	assert_int_equal(1, r->proto);
	assert_true(r->proto_negate);
	/* icmp != tcp: the port match is kept opaque */
	assert_int_equal(1, r->n_opaque);
	fw_ruleset_free(rs);

	rs = one("tcp dport nosuchservice accept", &r);
	assert_int_equal(6, r->proto);
	assert_int_equal(0, r->dport.n);
	assert_int_equal(1, r->n_opaque);
	assert_string_equal("tcp dport nosuchservice", r->opaque[0].text);
	fw_ruleset_free(rs);

	rs = one("tcp flags syn / fin,syn,rst,ack tcp dport { 22, 2375-2376 } accept", &r);
	assert_int_equal(1, r->n_opaque);
	assert_string_equal("tcp flags syn / fin,syn,rst,ack", r->opaque[0].text);
	expect_ports(&r->dport, "22-22,2375-2376");
	fw_ruleset_free(rs);

	rs = one("meta nfproto ipv6 meta l4proto ipv6-icmp accept", &r);
	assert_int_equal(6, r->only_family);
	assert_int_equal(58, r->proto);
	fw_ruleset_free(rs);

	rs = one("meta nfproto != ipv6 accept", &r);
	assert_int_equal(4, r->only_family);
	fw_ruleset_free(rs);

	rs = one("meta protocol ip6 accept", &r);
	assert_int_equal(6, r->only_family);
	fw_ruleset_free(rs);
}

static void test_conntrack(void **state)
{
	const struct fw_rule *r;
	struct fw_ruleset *rs;

	rs = one("ct state { established, related } accept", &r);
	assert_int_equal(FW_CT_ESTABLISHED | FW_CT_RELATED, r->ct_states);
	fw_ruleset_free(rs);

	rs = one("ct state != established,related,untracked drop", &r);
	assert_int_equal(FW_CT_ESTABLISHED | FW_CT_RELATED | FW_CT_UNTRACKED, r->ct_states);
	assert_true(r->ct_negate);
	fw_ruleset_free(rs);

	rs = one("ct state new ct status dnat ct mark and 0xff == 0x1 accept", &r);
	assert_int_equal(FW_CT_NEW, r->ct_states);
	assert_int_equal(2, r->n_opaque);
	assert_string_equal("ct status dnat", r->opaque[0].text);
	assert_string_equal("ct mark and 0xff == 0x1", r->opaque[1].text);
	fw_ruleset_free(rs);

	rs = one("ct original ip saddr 10.0.0.1 ct count over 10 drop", &r);
	assert_int_equal(2, r->n_opaque);
	assert_int_equal(0, r->src.n);
	fw_ruleset_free(rs);
}

static void test_statements(void **state)
{
	const struct fw_rule *r;
	struct fw_ruleset *rs;

	/* what every new packet passes is not kept */
	rs = one("counter packets 1 bytes 2 log prefix \"in: \" level info flags all limit rate "
	         "5/second burst 10 packets meta mark set 0x1 ct mark set meta mark notrack "
	         "add @seen { ip saddr } accept comment \"ok\"",
	         &r);
	assert_int_equal(0, r->n_opaque);
	assert_string_equal("ok", r->comment);
	assert_int_equal(FW_VERDICT_ACCEPT, r->verdict);
	fw_ruleset_free(rs);

	/* what may not match is kept */
	rs = one("limit rate over 10/minute quota over 10 mbytes meta mark 0x1 ether saddr "
	         "00:11:22:33:44:55 vlan id 10 drop",
	         &r);
	assert_int_equal(5, r->n_opaque);
	assert_string_equal("limit rate over 10/minute", r->opaque[0].text);
	assert_string_equal("quota over 10 mbytes", r->opaque[1].text);
	assert_string_equal("meta mark 0x1", r->opaque[2].text);
	assert_string_equal("ether saddr 00:11:22:33:44:55", r->opaque[3].text);
	assert_string_equal("vlan id 10", r->opaque[4].text);
	fw_ruleset_free(rs);

	/* mangling statements of any payload change the packet and match it all */
	rs = one("ether saddr set aa:bb:cc:dd:ee:ff ip dscp set cs1 tcp option maxseg size set rt "
	         "mtu ip daddr set numgen inc mod 2 map { 0 : 10.0.0.1, 1 : 10.0.0.2 } socket "
	         "transparent 1 tcp option sack-perm exists osf name \"Linux\" rt mtu > 1400 drop",
	         &r);
	assert_int_equal(4, r->n_opaque);
	assert_string_equal("socket transparent 1", r->opaque[0].text);
	assert_string_equal("tcp option sack-perm exists", r->opaque[1].text);
	assert_string_equal("osf name \"Linux\"", r->opaque[2].text);
	assert_string_equal("rt mtu > 1400", r->opaque[3].text);
	assert_int_equal(0, r->src.n + r->dst.n);
	assert_int_equal(FW_VERDICT_DROP, r->verdict);
	fw_ruleset_free(rs);

	/* load balancing: where to depends on the packet */
	rs = one(
	    "ip protocol tcp dnat to 192.168.1.100 : numgen inc mod 2 map { 0 : 4040, 1 : 4050 }",
	    &r);
	assert_int_equal(FW_VERDICT_DNAT, r->verdict);
	assert_int_equal(32, r->to_addr.len);
	assert_int_equal(0, r->to_ports.lo);
	assert_int_equal(0, r->n_opaque);
	fw_ruleset_free(rs);

	rs = one(
	    "dnat to jhash ip saddr . tcp dport mod 2 seed 0xdead offset 1 map { 0 : 10.0.0.1, 1 : "
	    "10.0.0.2 }",
	    &r);
	assert_int_equal(FW_VERDICT_DNAT, r->verdict);
	assert_int_equal(0, r->to_addr.len);
	assert_int_equal(0, r->n_opaque);
	assert_int_equal(0, r->only_family);
	fw_ruleset_free(rs);

	rs =
	    one("meta mark set numgen random mod 4 offset 1 tcp dport 22 ether type ip accept", &r);
	expect_ports(&r->dport, "22-22");
	assert_int_equal(1, r->n_opaque);
	assert_string_equal("ether type ip", r->opaque[0].text);
	fw_ruleset_free(rs);

	rs = one("ip saddr . tcp dport { 10.0.0.1 . 22 } accept", &r);
	assert_int_equal(0, r->src.n);
	assert_int_equal(0, r->dport.n);
	assert_int_equal(1, r->n_opaque);
	assert_int_equal(4, r->only_family);
	fw_ruleset_free(rs);

	/* what iptables-nft could not translate marks its table */
	rs = one("xt match \"conntrack\" counter xt target \"MASQUERADE\"", &r);
	assert_true(rs->tables[0].iptables_managed);
	assert_int_equal(2, r->n_opaque);
	assert_string_equal("xt match \"conntrack\"", r->opaque[0].text);
	fw_ruleset_free(rs);

	/* a verdict map nothing can expand: named, or keyed on a concatenation */
	rs = one("meta iif vmap @jump_map", &r);
	assert_int_equal(FW_VERDICT_OTHER, r->verdict);
	assert_string_equal("vmap", r->target);
	assert_int_equal(1, r->n_opaque);
	fw_ruleset_free(rs);

	rs = one("ip saddr . tcp dport vmap { 10.0.0.1 . 22 : accept }", &r);
	assert_int_equal(FW_VERDICT_OTHER, r->verdict);
	assert_int_equal(1, r->n_opaque);
	fw_ruleset_free(rs);
}

/* Verdict maps: one rule per entry, in the order written. */
static void test_vmap(void **state)
{
	struct fw_ruleset *rs =
	    parse_text("table inet t {\n\tchain c {\n"
	               "\t\tiif lo counter tcp dport vmap { 22:accept, 2375-2376 : drop, 80:jump "
	               "web, 81 : goto "
	               "\"x y\", 82 : continue, 83 : return }\n"
	               "\t\tmeta mark vmap { 0x1 : accept }\n"
	               "\t\tct state vmap { established : accept, bogus : drop }\n"
	               "\t\ttcp dport vmap { 22 : queue, 23 : frobnicate, 24 }\n"
	               "\t\ttcp dport vmap { 22 : jump }\n"
	               "\t\tudp dport 1 accept\n"
	               "\t}\n}\n",
	               NULL);
	const struct fw_chain *c = chain(rs, FW_FAMILY_INET, "t", "c");

	assert_true(has_err("expected a chain name after 'jump'", 7, 30, false));
	assert_int_equal(1, errs.n);
	assert_int_equal(6 + 1 + 2 + 1 + 1, c->n_rules);
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal("lo", c->rules[i].iif.name);
		assert_int_equal(6, c->rules[i].proto);
		assert_int_equal(3, c->rules[i].line);
		assert_int_equal(0, c->rules[i].n_opaque);
	}
	expect_ports(&c->rules[0].dport, "22-22");
	assert_int_equal(FW_VERDICT_ACCEPT, c->rules[0].verdict);
	expect_ports(&c->rules[1].dport, "2375-2376");
	assert_int_equal(FW_VERDICT_DROP, c->rules[1].verdict);
	assert_int_equal(FW_VERDICT_JUMP, c->rules[2].verdict);
	assert_string_equal("web", c->rules[2].target);
	assert_int_equal(FW_VERDICT_GOTO, c->rules[3].verdict);
	assert_string_equal("x y", c->rules[3].target);
	assert_int_equal(FW_VERDICT_NONE, c->rules[4].verdict);
	assert_null(c->rules[4].target);
	assert_int_equal(FW_VERDICT_RETURN, c->rules[5].verdict);
	/* a key vakt does not model: the entry's match is opaque, its verdict known */
	assert_int_equal(1, c->rules[6].n_opaque);
	assert_string_equal("meta mark 0x1", c->rules[6].opaque[0].text);
	assert_int_equal(FW_VERDICT_ACCEPT, c->rules[6].verdict);
	assert_int_equal(FW_CT_ESTABLISHED, c->rules[7].ct_states);
	assert_string_equal("ct state bogus", c->rules[8].opaque[0].text);
	assert_int_equal(FW_VERDICT_DROP, c->rules[8].verdict);
	/* queue and unknown verdicts: the map is kept whole */
	assert_int_equal(FW_VERDICT_OTHER, c->rules[9].verdict);
	assert_string_equal("vmap", c->rules[9].target);
	expect_ports(&c->rules[10].dport, "1-1");
	fw_ruleset_free(rs);
}

static void test_verdicts(void **state)
{
	static const struct {
		const char *rule;
		enum fw_verdict v;
		const char *target;
	} cases[] = {
	    {"reject with icmpx type admin-prohibited", FW_VERDICT_REJECT, NULL},
	    {"reject with icmp host-prohibited", FW_VERDICT_REJECT, NULL},
	    {"reject", FW_VERDICT_REJECT, NULL},
	    {"drop", FW_VERDICT_DROP, NULL},
	    {"return", FW_VERDICT_RETURN, NULL},
	    {"continue", FW_VERDICT_NONE, NULL},
	    {"goto other", FW_VERDICT_GOTO, "other"},
	    {"jump \"x y\"", FW_VERDICT_JUMP, "x y"},
	    {"queue num 1 bypass", FW_VERDICT_QUEUE, NULL},
	    {"queue flags bypass to 1-3", FW_VERDICT_QUEUE, NULL},
	    {"masquerade random,persistent", FW_VERDICT_SNAT, NULL},
	    {"snat to 192.0.2.1", FW_VERDICT_SNAT, NULL},
	    {"meta l4proto tcp tproxy to :50080", FW_VERDICT_OTHER, "tproxy"},
	    {"fwd to eth1", FW_VERDICT_OTHER, "fwd"},
	    {"dnat to ip daddr map { 192.0.2.1 : 10.0.0.1 }", FW_VERDICT_DNAT, NULL},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		const struct fw_rule *r;
		struct fw_ruleset *rs = one(cases[i].rule, &r);

		assert_int_equal(0, errs.n);
		assert_int_equal(cases[i].v, r->verdict);
		if (cases[i].target)
			assert_string_equal(cases[i].target, r->target);
		else
			assert_null(r->target);
		fw_ruleset_free(rs);
	}
}

static void test_nat(void **state)
{
	const struct fw_rule *r;
	struct fw_ruleset *rs;
	char buf[64];

	rs = one("redirect to :8080", &r);
	assert_int_equal(FW_VERDICT_REDIRECT, r->verdict);
	assert_int_equal(8080, r->to_ports.lo);
	assert_int_equal(0, r->to_addr.len);
	fw_ruleset_free(rs);

	rs = one("dnat ip to 10.0.0.5", &r);
	assert_int_equal(FW_VERDICT_DNAT, r->verdict);
	assert_string_equal("10.0.0.5", fw_prefix_format(&r->to_addr, buf, sizeof(buf)));
	assert_int_equal(0, r->to_ports.lo);
	fw_ruleset_free(rs);

	rs = one("dnat ip6 to [2001:db8::1]:8000-8010", &r);
	assert_string_equal("2001:db8::1", fw_prefix_format(&r->to_addr, buf, sizeof(buf)));
	assert_int_equal(8000, r->to_ports.lo);
	assert_int_equal(8010, r->to_ports.hi);
	fw_ruleset_free(rs);

	rs = one("dnat to 2001:db8::2", &r);
	assert_string_equal("2001:db8::2", fw_prefix_format(&r->to_addr, buf, sizeof(buf)));
	fw_ruleset_free(rs);

	rs = one("dnat to nonsense:port", &r);
	assert_int_equal(FW_VERDICT_DNAT, r->verdict);
	assert_int_equal(0, r->n_opaque);
	assert_int_equal(0, r->to_addr.len);
	fw_ruleset_free(rs);

	rs = one("snat to 203.0.113.1-203.0.113.5 persistent", &r);
	assert_int_equal(FW_VERDICT_SNAT, r->verdict);
	assert_int_equal(0, r->n_opaque);
	assert_int_equal(0, r->to_addr.len);
	fw_ruleset_free(rs);
}

static void test_sets(void **state)
{
	struct fw_ruleset *rs = parse_text(
	    "table inet t {\n"
	    "\tset web { type inet_service; elements = { http, 8443, 9000-9010 } }\n"
	    "\tset blocked { type ipv4_addr; flags dynamic, timeout; timeout 1h; }\n"
	    "\tset later { type ipv4_addr; flags interval; }\n"
	    "\tset pairs { type ipv4_addr . inet_service; elements = { 10.0.0.1 . 22 } }\n"
	    "\tmap m { type ipv4_addr : verdict; elements = { 10.0.0.1 : accept } }\n"
	    "\tset v6 { typeof ip6 saddr; elements = { 2001:db8::/48 comment \"lab\", "
	    "2001:db8:1::1 timeout 1d } }\n"
	    "\tchain c {\n"
	    "\t\ttcp dport @web accept\n"
	    "\t\tip saddr @blocked drop\n"
	    "\t\tip saddr @later accept\n"
	    "\t\tip saddr @pairs accept\n"
	    "\t\tip6 saddr @v6 accept\n"
	    "\t\tip saddr @nosuchset accept\n"
	    "\t\ttcp dport @blocked accept\n"
	    "\t}\n"
	    "}\n"
	    "add element inet t later { 192.0.2.0/24 }\n",
	    NULL);
	const struct fw_chain *c = chain(rs, FW_FAMILY_INET, "t", "c");

	print_errs();
	assert_int_equal(0, errs.n);
	expect_ports(&c->rules[0].dport, "80-80,8443-8443,9000-9010");
	assert_true(c->rules[1].src.unresolved);
	assert_string_equal("blocked", c->rules[1].src.set_name);
	/* elements added after the rule are the set's */
	assert_false(c->rules[2].src.unresolved);
	expect_addrs(&c->rules[2].src, "192.0.2.0/24");
	assert_true(c->rules[3].src.unresolved);
	expect_addrs(&c->rules[4].src, "2001:db8::/48,2001:db8:1::1");
	assert_true(c->rules[5].src.unresolved);
	/* a dynamic set of ports is not known: opaque */
	assert_int_equal(0, c->rules[6].dport.n);
	assert_int_equal(1, c->rules[6].n_opaque);
	fw_ruleset_free(rs);
}

static void test_priorities(void **state)
{
	static const struct {
		const char *family, *prio;
		int want;
	} cases[] = {
	    {"inet", "filter", 0},        {"inet", "raw", -300},
	    {"ip", "mangle", -150},       {"ip", "dstnat", -100},
	    {"ip6", "security", 50},      {"inet", "srcnat", 100},
	    {"inet", "filter - 10", -10}, {"inet", "mangle + 5", -145},
	    {"inet", "filter -5", -5},    {"bridge", "filter", -200},
	    {"bridge", "dstnat", -300},   {"bridge", "out", 100},
	    {"netdev", "-500", -500},     {"ip", "10", 10},
	    {"ip", "filter+10", 10},      {"inet", "mangle-5", -155},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		char *text = vakt_xasprintf("table %s t {\n\tchain c {\n\t\ttype filter hook input "
		                            "priority %s; policy drop;\n\t}\n}\n",
		                            cases[i].family, cases[i].prio);
		struct fw_ruleset *rs = parse_text(text, NULL);

		if (errs.n)
			print_errs();
		assert_int_equal(0, errs.n);
		assert_int_equal(cases[i].want, rs->tables[0].chains[0].priority);
		assert_int_equal(FW_VERDICT_DROP, rs->tables[0].chains[0].policy);
		fw_ruleset_free(rs);
		free(text);
	}
}

/* Block syntax: no family, `table inet` named inet, line continuations, comments, ';'. */
static void test_syntax(void **state)
{
	struct fw_ruleset *rs = parse_text(
	    "#!/usr/sbin/nft -f\n"
	    "table filter {\n"
	    "\tchain input { type filter hook input priority 0; policy drop; iif lo accept; "
	    "ct state established accept }\n"
	    "\tchain other {\n"
	    "\t\ttcp dport \\\n"
	    "\t\t\t22 accept # ssh\n"
	    "\t\ttcp dport {\n\t\t\t80,\n\t\t\t443\n\t\t} accept\n"
	    "\t}\n"
	    "}\n"
	    "table inet {\n\tchain c { type filter hook output priority 0 }\n}\n"
	    "table netdev ingress {\n\tchain c { type filter hook ingress device \"eth0\" "
	    "priority -500; }\n}\n",
	    NULL);
	const struct fw_chain *c;

	print_errs();
	assert_int_equal(0, errs.n);
	c = chain(rs, FW_FAMILY_IP, "filter", "input");
	assert_int_equal(2, c->n_rules);
	assert_int_equal(3, c->rules[1].line);
	c = chain(rs, FW_FAMILY_IP, "filter", "other");
	assert_int_equal(2, c->n_rules);
	assert_string_equal("tcp dport 22 accept", c->rules[0].text);
	assert_int_equal(5, c->rules[0].line);
	expect_ports(&c->rules[1].dport, "80-80,443-443");
	assert_string_equal("tcp dport { 80, 443 } accept", c->rules[1].text);
	c = chain(rs, FW_FAMILY_IP, "inet", "c");
	assert_int_equal(FW_HOOK_OUTPUT, c->hook);
	assert_int_equal(FW_VERDICT_ACCEPT, c->policy);
	c = chain(rs, FW_FAMILY_NETDEV, "ingress", "c");
	assert_int_equal(FW_HOOK_INGRESS, c->hook);
	assert_int_equal(-500, c->priority);
	fw_ruleset_free(rs);
}

/* flush, delete, insert by index, undefine and redefine. */
static void test_commands(void **state)
{
	struct fw_ruleset *rs = parse_text(
	    "table ip old { chain input { type filter hook input priority 0; policy accept; } }\n"
	    "flush ruleset\n"
	    "define P = 22\n"
	    "redefine P = 2222\n"
	    "add table ip6 f\n"
	    "add chain ip6 f input { type filter hook input priority 0 ; policy drop ; }\n"
	    "add chain ip6 f gone\n"
	    "add rule ip6 f input tcp dport $P accept\n"
	    "add rule ip6 f input udp dport 53 accept\n"
	    "insert rule ip6 f input index 1 tcp dport 80 accept\n"
	    "add rule ip6 f input index 0 tcp dport 443 accept\n"
	    "add rule ip6 f input position 7 tcp dport 8443 accept\n"
	    "delete chain ip6 f gone\n"
	    "table inet t { chain a { accept; }; chain b { drop } }\n"
	    "flush chain inet t a\n"
	    "flush table inet t\n"
	    "table ip x { set s { type ipv4_addr; elements = { 10.0.0.1 } } }\n"
	    "delete element ip x s { 10.0.0.1 }\n"
	    "table ip y\ndelete table ip y\n"
	    "delete rule ip6 f input handle 4\n"
	    "list ruleset\n"
	    "undefine P\n",
	    NULL);
	const struct fw_chain *c;

	print_errs();
	assert_true(has_err("'delete rule' not followed", 21, 1, true));
	assert_int_equal(1, errs.n);
	assert_null(fw_ruleset_table(rs, "old", FW_FAMILY_IP));
	assert_null(fw_ruleset_table(rs, "y", FW_FAMILY_IP));
	assert_non_null(fw_ruleset_table(rs, "x", FW_FAMILY_IP));
	c = chain(rs, FW_FAMILY_IP6, "f", "input");
	assert_int_equal(5, c->n_rules);
	expect_ports(&c->rules[0].dport, "2222-2222");
	assert_string_equal("tcp dport $P accept", c->rules[0].text);
	expect_ports(&c->rules[1].dport, "443-443");
	expect_ports(&c->rules[2].dport, "80-80");
	expect_ports(&c->rules[3].dport, "53-53");
	expect_ports(&c->rules[4].dport, "8443-8443");
	assert_null(fw_table_chain(fw_ruleset_table(rs, "f", FW_FAMILY_IP6), "gone"));
	assert_int_equal(0, chain(rs, FW_FAMILY_INET, "t", "a")->n_rules);
	assert_int_equal(0, chain(rs, FW_FAMILY_INET, "t", "b")->n_rules);
	assert_false(rs->fragment);
	fw_ruleset_free(rs);
}

/* --- errors, and parsing on past them ---------------------------------------- */

static void test_errors(void **state)
{
	struct fw_ruleset *rs = parse_text(
	    "table inet t {\n"                              /* 1 */
	    "\tchain c {\n"                                 /* 2 */
	    "\t\ttype filter hook nowhere priority 0;\n"    /* 3 */
	    "\t\ttype filter hook input priority nosuch;\n" /* 4 */
	    "\t\tpolicy maybe;\n"                           /* 5 */
	    "\t\ttcp dport\n"                               /* 6 */
	    "\t\tjump\n"                                    /* 7 */
	    "\t\tiifname $NOPE accept\n"                    /* 8 */
	    "\t\tcomment \"unterminated\n"                  /* 9 */
	    "\t\t, accept\n"                                /* 10 */
	    "\t\ttcp dport 22 accept\n"                     /* 11 */
	    "\t}\n"                                         /* 12 */
	    "}\n"                                           /* 13 */
	    "}\n"                                           /* 14 */
	    "frobnicate table\n"                            /* 15 */
	    "add rule inet t nochain accept\n"              /* 16 */
	    "add chain inet notable c\n"                    /* 17 */
	    "include nofile\n"                              /* 18 */
	    "define = 1\n"                                  /* 19 */
	    "table inet t { chain d { type filter hook input priority 0; policy drop; }\n"
	    "chain e { policy drop; }\n"
	    "chain f { type filter hook input priority filter+x; }\n",
	    NULL);
	const struct fw_chain *c = chain(rs, FW_FAMILY_INET, "t", "c");

	print_errs();
	assert_true(has_err("expected a hook (prerouting, input", 3, 20, false));
	assert_true(has_err("expected a priority (a number, raw", 4, 35, false));
	assert_true(has_err("found 'filter+x'", 22, 43, false));
	assert_true(
	    has_err("expected 'accept' or 'drop' after 'policy', found 'maybe'", 5, 10, false));
	assert_true(has_err("expected a value after 'dport'", 6, 12, false));
	assert_true(has_err("expected a chain name after 'jump'", 7, 7, false));
	assert_true(has_err("undefined variable '$NOPE'", 8, 11, false));
	assert_true(has_err("unterminated string", 9, 11, false));
	assert_true(has_err("expected a match or a statement, found ','", 10, 3, false));
	assert_true(has_err("unexpected '}' outside a block", 14, 1, false));
	assert_true(has_err("expected a command (table, add", 15, 1, false));
	assert_true(has_err("no chain 'nochain' in table inet t", 16, 17, false));
	assert_true(has_err("no table inet notable declared before its chain", 17, 11, false));
	assert_true(has_err("expected a quoted file name after 'include'", 18, 9, false));
	assert_true(has_err("expected a variable name after 'define', found '='", 19, 8, false));
	assert_true(has_err("a policy in chain 'e', which has no hook", 21, 11, false));
	assert_int_equal(FW_VERDICT_NONE, chain(rs, FW_FAMILY_INET, "t", "e")->policy);
	assert_true(has_err("expected '}' closing the table", 23, 0, false));
	/* the bad rules are dropped, the good one after them is kept */
	assert_int_equal(1, c->n_rules);
	expect_ports(&c->rules[0].dport, "22-22");
	assert_int_equal(11, c->rules[0].line);
	fw_ruleset_free(rs);
}

static void test_nothing_usable(void **state)
{
	struct vakt_source *src = vakt_source_from_mem("x.nft", "garbage here\n{\n", 15);
	struct fw_ruleset *rs = (struct fw_ruleset *)&rs;

	errs_reset();
	assert_int_equal(-EINVAL, fw_parse_nft(src, NULL, &rs, &errs));
	assert_null(rs);
	assert_true(errs.n > 0);
	vakt_source_free(src);

	/* an empty rule set is a rule set: no table, a fragment (no base chain) */
	rs = parse_text("# nothing\n\n", NULL);
	assert_int_equal(0, errs.n);
	assert_int_equal(0, rs->n_tables);
	assert_true(rs->fragment);
	fw_ruleset_free(rs);

	/* a byte-order mark before the first word */
	rs = parse_text(
	    "\xef\xbb\xbftable ip t { chain c { type filter hook input priority 0; } }\n", NULL);
	assert_int_equal(0, errs.n);
	assert_int_equal(1, rs->n_tables);
	fw_ruleset_free(rs);

	/* iptables-nft's warning naming no table, or naming none there is */
	rs = parse_text("# Warning: table is managed by iptables-nft, do not touch!\n"
	                "# Warning: table  is managed by iptables-nft, do not touch!\n"
	                "# Warning: table ip nat is managed by iptables-nft, do not touch!\n"
	                "table ip filter { chain c { type filter hook input priority 0; } }\n",
	                NULL);
	assert_int_equal(0, errs.n);
	assert_false(rs->tables[0].iptables_managed);
	fw_ruleset_free(rs);

	/* user chains only: a fragment */
	rs = parse_text("table ip t { chain u { accept } }\n", NULL);
	assert_true(rs->fragment);
	fw_ruleset_free(rs);
}

static void test_ceilings(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct fw_ruleset *rs;

	/* a line longer than FW_MAX_LINE */
	vakt_buf_adds(&b, "table ip t { chain c {\ncomment \"");
	for (int i = 0; i < FW_MAX_LINE; i++)
		vakt_buf_addc(&b, 'x');
	vakt_buf_adds(&b, "\"\ntcp dport 22 accept\n} }\n");
	rs = parse_text(b.data, NULL);
	assert_true(has_err("line longer than 65536 bytes", 2, 1, false));
	assert_int_equal(1, rs->tables[0].chains[0].n_rules);
	fw_ruleset_free(rs);
	vakt_buf_reset(&b);

	/* sets nested deeper than FW_MAX_NEST */
	vakt_buf_adds(&b, "table ip t { chain c {\ntcp dport ");
	for (int i = 0; i <= FW_MAX_NEST; i++)
		vakt_buf_adds(&b, "{ ");
	vakt_buf_adds(&b, "22");
	for (int i = 0; i <= FW_MAX_NEST; i++)
		vakt_buf_adds(&b, " }");
	vakt_buf_adds(&b, " accept\nudp dport 53 accept\n} }\n");
	rs = parse_text(b.data, NULL);
	assert_true(has_err("sets nested deeper than 64", 2, 0, false));
	fw_ruleset_free(rs);
	vakt_buf_reset(&b);

	/* defines that double at each step: bounded per define, and in all */
	vakt_buf_adds(&b, "define a0 = { 1, 2 }\n");
	for (int i = 1; i <= 14; i++)
		vakt_buf_addf(&b, "define a%d = { $a%d, $a%d }\n", i, i - 1, i - 1);
	vakt_buf_adds(&b, "table ip t { chain c {\ntcp dport { ");
	for (int i = 0; i < 70; i++)
		vakt_buf_addf(&b, "%s$a13", i ? ", " : "");
	vakt_buf_adds(&b, " } accept\n} }\n");
	rs = parse_text(b.data, NULL);
	assert_true(has_err("variable value longer than 65536 tokens", 15, 0, false));
	assert_true(has_err("variable '$a13' expands beyond 4194304 tokens in all", 17, 0, false));
	fw_ruleset_free(rs);
	vakt_buf_reset(&b);

	/* inserts move the rules after them: bounded in all */
	vakt_buf_adds(&b, "table ip t { chain c { accept; } }\n");
	for (int i = 0; i < 6000; i++)
		vakt_buf_addf(&b, "insert rule ip t c tcp dport %d accept\n", i);
	rs = parse_text(b.data, NULL);
	assert_true(has_err("insert commands moved more than 16777216 rules", 5794, 20, false));
	assert_int_equal(1, errs.n);
	assert_int_equal(6001, rs->tables[0].chains[0].n_rules);
	expect_ports(&rs->tables[0].chains[0].rules[0].dport, "5791-5791");
	expect_ports(&rs->tables[0].chains[0].rules[6000].dport, "5999-5999");
	fw_ruleset_free(rs);
	vakt_buf_reset(&b);

	/* a big named set named by many rules: copied up to NFT_MAX_RESOLVED elements in all */
	vakt_buf_adds(&b, "table ip t {\nset s { type ipv4_addr; elements = { ");
	for (int i = 0; i < 65536; i++)
		vakt_buf_addf(&b, "%s10.%d.%d.1%s", i ? ", " : "", i / 256, i % 256,
		              i % 256 == 255 ? "\n" : "");
	vakt_buf_adds(&b, " } }\nchain c {\n");
	for (int i = 0; i < 70; i++)
		vakt_buf_adds(&b, "ip saddr @s drop\n");
	vakt_buf_adds(&b, "} }\n");
	rs = parse_text(b.data, NULL);
	assert_true(has_err("named sets copied into rules beyond 4194304 elements", 0, 0, true));
	assert_int_equal(70, rs->tables[0].chains[0].n_rules);
	assert_int_equal(65536, rs->tables[0].chains[0].rules[0].src.n);
	assert_false(rs->tables[0].chains[0].rules[63].src.unresolved);
	assert_true(rs->tables[0].chains[0].rules[64].src.unresolved);
	assert_int_equal(0, rs->tables[0].chains[0].rules[64].src.n);
	fw_ruleset_free(rs);
	vakt_buf_release(&b);
}

/* The rule ceiling, small: rules past it (a verdict map's too) are dropped, one error. */
static void test_max_rules(void **state)
{
	static const char text[] =
	    "table ip t {\n\tchain c {\n\t\taccept\n\t\taccept\n"
	    "\t\ttcp dport vmap { 1 : accept, 2 : drop }\n\t\tdrop\n\t}\n}\n";
	struct vakt_source *src = vakt_source_from_mem("t.nft", text, strlen(text));
	struct fw_ruleset *rs;

	errs_reset();
	assert_int_equal(0, fw_nft_parse(src, NULL, 3, &rs, &errs));
	assert_int_equal(3, rs->tables[0].chains[0].n_rules);
	assert_int_equal(1, errs.n);
	assert_true(has_err("more than 3 rules (FW_MAX_RULES)", 5, 3, false));
	fw_ruleset_free(rs);
	/* at the ceiling: no error */
	errs_reset();
	assert_int_equal(0, fw_nft_parse(src, NULL, 5, &rs, &errs));
	assert_int_equal(0, errs.n);
	assert_int_equal(5, rs->tables[0].chains[0].n_rules);
	fw_ruleset_free(rs);
	vakt_source_free(src);
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* The real ceiling: FW_MAX_RULES + 1 rules (some 300 MB: not under ASan). */
static void test_max_rules_real(void **state)
{
#ifdef UNDER_ASAN
	print_message("# SKIP: a million rules under AddressSanitizer take too much memory; "
	              "the ceiling's logic is tested with a small one\n");
	skip();
#else
	struct vakt_buf b = VAKT_BUF_INIT;
	struct fw_ruleset *rs;

	vakt_buf_adds(&b, "table ip t {\nchain c {\n");
	for (size_t i = 0; i <= FW_MAX_RULES; i++)
		vakt_buf_add(&b, "accept\n", 7);
	vakt_buf_adds(&b, "}\n}\n");
	rs = parse_text(b.data, NULL);
	assert_int_equal(FW_MAX_RULES, rs->tables[0].chains[0].n_rules);
	assert_int_equal(1, errs.n);
	assert_true(has_err("more than 1000000 rules", FW_MAX_RULES + 3, 1, false));
	fw_ruleset_free(rs);
	vakt_buf_release(&b);
#endif
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
	    cmocka_unit_test_teardown(test_interfaces, teardown),
	    cmocka_unit_test_teardown(test_addresses, teardown),
	    cmocka_unit_test_teardown(test_protocols_ports, teardown),
	    cmocka_unit_test_teardown(test_conntrack, teardown),
	    cmocka_unit_test_teardown(test_statements, teardown),
	    cmocka_unit_test_teardown(test_vmap, teardown),
	    cmocka_unit_test_teardown(test_verdicts, teardown),
	    cmocka_unit_test_teardown(test_nat, teardown),
	    cmocka_unit_test_teardown(test_sets, teardown),
	    cmocka_unit_test_teardown(test_priorities, teardown),
	    cmocka_unit_test_teardown(test_syntax, teardown),
	    cmocka_unit_test_teardown(test_commands, teardown),
	    cmocka_unit_test_teardown(test_errors, teardown),
	    cmocka_unit_test_teardown(test_nothing_usable, teardown),
	    cmocka_unit_test_teardown(test_ceilings, teardown),
	    cmocka_unit_test_teardown(test_max_rules, teardown),
	    cmocka_unit_test_teardown(test_max_rules_real, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
