/* SPDX-License-Identifier: MIT */
/*
 * The reachability evaluation (fw-eval.h) on rule sets built by hand:
 * matches, three values, jumps and gotos, loops and the depth ceiling,
 * several base chains, families, fragments, interfaces, the nat walk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "firewall/fw-eval.h"
#include "firewall/fw.h"
#include "fw-test.h"

/* A new TCP packet from the internet to local port dport (IPv4 unless family says). */
static struct fw_packet tcp(uint8_t family, uint16_t dport)
{
	struct fw_packet p = {0};

	p.family = family;
	p.hook = FW_HOOK_INPUT;
	p.proto = IPPROTO_TCP;
	p.dport = dport;
	return p;
}

static struct fw_decision eval(const struct fw_ruleset *rs, const struct fw_packet *p)
{
	struct fw_decision d;

	fw_eval(rs, p, &d);
	return d;
}

/* The shape most hosts' guides give: default deny, lo, replies, SSH and the web. */
static struct fw_ruleset *guide_set(void)
{
	struct fw_ruleset *rs = fwt_ipt("rules.v4", 4);
	struct fw_table *t = fw_ruleset_add_table(rs, "filter", FW_FAMILY_IP, 2);
	struct fw_chain *in;

	fwt_ipt_chain(t, "INPUT", 3, FW_VERDICT_DROP);
	fwt_ipt_chain(t, "FORWARD", 4, FW_VERDICT_DROP);
	fwt_ipt_chain(t, "OUTPUT", 5, FW_VERDICT_ACCEPT);
	in = fw_table_find_chain(t, "INPUT");
	fwt_rule(in, 6, "iif=lo -> ACCEPT");
	fwt_rule(in, 7, "ct=related,established -> ACCEPT");
	fwt_rule(in, 8, "p=tcp dport=22 -> ACCEPT");
	fwt_rule(in, 9, "p=tcp dport=80,443 -> ACCEPT");
	return rs;
}

static void test_guide(void **state)
{
	struct fw_ruleset *rs = guide_set();
	struct fw_packet p = tcp(4, 22);
	struct fw_decision d = eval(rs, &p);
	struct fw_prefix lo;

	(void)state;
	assert_int_equal(d.outcome, FW_OUTCOME_ACCEPT);
	assert_int_equal(d.rule->line, 8);
	p.dport = 443;
	d = eval(rs, &p);
	assert_int_equal(d.rule->line, 9);
	/* A port no rule names meets the policy. */
	p.dport = 3306;
	d = eval(rs, &p);
	assert_int_equal(d.outcome, FW_OUTCOME_DROP);
	assert_null(d.rule);
	assert_int_equal(d.chain->line, 3);
	/* UDP to 22 is not TCP. */
	p.dport = 22;
	p.proto = IPPROTO_UDP;
	assert_int_equal(eval(rs, &p).outcome, FW_OUTCOME_DROP);
	/* A reply, and loopback. */
	p = tcp(4, 45678);
	p.ct = FW_CT_ESTABLISHED;
	assert_int_equal(eval(rs, &p).rule->line, 7);
	p = tcp(4, 3306);
	fwt_prefix("127.0.0.1", &lo);
	p.iif = (struct fw_ifname){"lo", false};
	p.src = p.dst = &lo;
	assert_int_equal(eval(rs, &p).rule->line, 6);
	/* The other family: an iptables dump of IPv4 says nothing. */
	p = tcp(6, 22);
	assert_int_equal(eval(rs, &p).outcome, FW_OUTCOME_NONE);
	assert_false(fw_ruleset_covers(rs, 6));
	fw_ruleset_free(rs);
}

/* One INPUT chain with policy pol and the rules given, line 10 on. */
static struct fw_ruleset *input_set(enum fw_verdict pol, const char *const *rules)
{
	struct fw_ruleset *rs = fwt_ipt("iptables-save", 4);
	struct fw_table *t = fw_ruleset_add_table(rs, "filter", FW_FAMILY_IP, 1);
	struct fw_chain *in = fwt_ipt_chain(t, "INPUT", 2, pol);

	for (int i = 0; rules[i]; i++)
		fwt_rule(in, 10 + i, rules[i]);
	return rs;
}

#define RULES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NONE       ((const char *const[]){NULL})

/* A decision copied out of a rule set that is freed: lines instead of pointers (0: none). */
struct res {
	enum fw_outcome outcome;
	int line, chain, maybe, caveat, via;
	bool cut;
};

static struct res res_of(const struct fw_decision *d)
{
	struct res r = {d->outcome,
	                d->rule ? d->rule->line : 0,
	                d->chain ? d->chain->line : 0,
	                d->maybe ? d->maybe->line : 0,
	                d->caveat ? d->caveat->line : 0,
	                d->via ? d->via->line : 0,
	                d->cut};

	return r;
}

/* What a packet to port 22 meets in one chain of these rules with policy DROP. */
static struct res ssh(const char *const *rules)
{
	struct fw_ruleset *rs = input_set(FW_VERDICT_DROP, rules);
	struct fw_packet p = tcp(4, 22);
	struct fw_decision d = eval(rs, &p);
	struct res r = res_of(&d);

	fw_ruleset_free(rs);
	return r;
}

static void test_sources(void **state)
{
	(void)state;
	/* A specific source is not the internet; its negation and 0/0 are. */
	assert_int_equal(ssh(RULES("src=10.0.0.0/8 p=tcp dport=22 -> ACCEPT")).outcome,
	                 FW_OUTCOME_DROP);
	assert_int_equal(ssh(RULES("!src=10.0.0.0/8 p=tcp dport=22 -> ACCEPT")).outcome,
	                 FW_OUTCOME_ACCEPT);
	assert_int_equal(ssh(RULES("src=0.0.0.0/0 p=tcp dport=22 -> ACCEPT")).outcome,
	                 FW_OUTCOME_ACCEPT);
	assert_int_equal(ssh(RULES("!src=0.0.0.0/0 p=tcp dport=22 -> ACCEPT")).outcome,
	                 FW_OUTCOME_DROP);
	/* An IPv6 prefix in an IPv4 rule matches no IPv4 packet. */
	assert_int_equal(ssh(RULES("src=::/0 p=tcp dport=22 -> ACCEPT")).outcome, FW_OUTCOME_DROP);
	/* An unresolved set may hold anything. */
	assert_int_equal(ssh(RULES("set=@admins p=tcp dport=22 -> ACCEPT")).outcome,
	                 FW_OUTCOME_MAYBE);
	/* Address types: the source is not local; the destination is. */
	assert_int_equal(ssh(RULES("stype=local -> ACCEPT")).outcome, FW_OUTCOME_DROP);
	assert_int_equal(ssh(RULES("dtype=local p=tcp -> ACCEPT")).outcome, FW_OUTCOME_ACCEPT);
	assert_int_equal(ssh(RULES("dtype=!local p=tcp -> ACCEPT")).outcome, FW_OUTCOME_DROP);
	/* A specific destination may be the host's; loopback and multicast are not. */
	assert_int_equal(ssh(RULES("dst=203.0.113.5 p=tcp dport=22 -> ACCEPT")).outcome,
	                 FW_OUTCOME_MAYBE);
	assert_int_equal(ssh(RULES("dst=127.0.0.0/8 -> ACCEPT")).outcome, FW_OUTCOME_DROP);
	assert_int_equal(ssh(RULES("dst=224.0.0.251 -> ACCEPT")).outcome, FW_OUTCOME_DROP);
	assert_int_equal(ssh(RULES("!dst=224.0.0.0/4 -> ACCEPT")).outcome, FW_OUTCOME_ACCEPT);
	/* A source port: the sender picks it, so it may match. */
	assert_int_equal(ssh(RULES("p=tcp sport=53 -> ACCEPT")).outcome, FW_OUTCOME_MAYBE);
	assert_int_equal(ssh(RULES("p=tcp !sport=53 dport=22 -> ACCEPT")).outcome,
	                 FW_OUTCOME_MAYBE);
}

static void test_matches(void **state)
{
	(void)state;
	assert_int_equal(ssh(RULES("!p=udp -> ACCEPT")).outcome, FW_OUTCOME_ACCEPT);
	assert_int_equal(ssh(RULES("!p=tcp -> ACCEPT")).outcome, FW_OUTCOME_DROP);
	assert_int_equal(ssh(RULES("l4=tcp,udp dport=22 -> ACCEPT")).outcome, FW_OUTCOME_ACCEPT);
	assert_int_equal(ssh(RULES("l4=udp dport=22 -> ACCEPT")).outcome, FW_OUTCOME_DROP);
	assert_int_equal(ssh(RULES("p=tcp dport=20-25 -> ACCEPT")).outcome, FW_OUTCOME_ACCEPT);
	assert_int_equal(ssh(RULES("p=tcp !dport=22 -> ACCEPT")).outcome, FW_OUTCOME_DROP);
	assert_int_equal(ssh(RULES("p=tcp !dport=80 -> ACCEPT")).outcome, FW_OUTCOME_ACCEPT);
	/* A new packet: not ESTABLISHED; the negation of ESTABLISHED is. */
	assert_int_equal(ssh(RULES("ct=established,related -> ACCEPT")).outcome, FW_OUTCOME_DROP);
	assert_int_equal(ssh(RULES("!ct=established,related -> ACCEPT")).outcome,
	                 FW_OUTCOME_ACCEPT);
	assert_int_equal(ssh(RULES("ct=new p=tcp dport=22 -> ACCEPT")).outcome, FW_OUTCOME_ACCEPT);
	/* only_family: an inet rule for IPv6 does not touch IPv4. */
	assert_int_equal(ssh(RULES("fam=6 -> ACCEPT")).outcome, FW_OUTCOME_DROP);
	assert_int_equal(ssh(RULES("fam=4 -> ACCEPT")).outcome, FW_OUTCOME_ACCEPT);
	/* An output interface does not exist on the input path. */
	assert_int_equal(ssh(RULES("oif=eth0 -> ACCEPT")).outcome, FW_OUTCOME_DROP);
	assert_int_equal(ssh(RULES("!oif=eth0 -> ACCEPT")).outcome, FW_OUTCOME_ACCEPT);
	/* No verdict and targets vakt does not model: the walk goes on. */
	assert_int_equal(ssh(RULES("p=tcp dport=22 -> LOG", "-> ACCEPT")).line, 11);
	assert_int_equal(ssh(RULES("p=tcp -> snat", "-> REJECT")).outcome, FW_OUTCOME_DROP);
	/* QUEUE hands the packet to a program: unknown. */
	assert_int_equal(ssh(RULES("-> QUEUE")).outcome, FW_OUTCOME_MAYBE);
}

static void test_three_values(void **state)
{
	struct res d;

	(void)state;
	/* An ACCEPT that may match: MAYBE, naming it. */
	d = ssh(RULES("opaque=-m_recent p=tcp dport=22 -> ACCEPT"));
	assert_int_equal(d.outcome, FW_OUTCOME_MAYBE);
	assert_int_equal(d.maybe, 10);
	/* ... unless the packet is accepted anyway further on. */
	d = ssh(RULES("opaque=x p=tcp dport=22 -> ACCEPT", "p=tcp dport=22 -> ACCEPT"));
	assert_int_equal(d.outcome, FW_OUTCOME_ACCEPT);
	assert_int_equal(d.line, 11);
	/* A DROP that may match does not stop the walk; it is kept as a caveat. */
	d = ssh(RULES("opaque=-m_set -> DROP", "p=tcp dport=22 -> ACCEPT"));
	assert_int_equal(d.outcome, FW_OUTCOME_ACCEPT);
	assert_int_equal(d.caveat, 10);
	/* A rule that does not match at all is no caveat. */
	d = ssh(RULES("opaque=x p=udp -> DROP", "p=tcp dport=22 -> ACCEPT"));
	assert_int_equal(d.caveat, 0);
	/* A RETURN that may match in a base chain: the walk goes on. */
	d = ssh(RULES("opaque=x -> RETURN", "-> ACCEPT"));
	assert_int_equal(d.line, 11);
}

/* A filter table: INPUT (policy DROP) jumping as told, and user chains A, B, C. */
static struct fw_ruleset *jump_set(const char *const *input, const char *const *a,
                                   const char *const *b)
{
	struct fw_ruleset *rs = fwt_ipt("rules.v4", 4);
	struct fw_table *t = fw_ruleset_add_table(rs, "filter", FW_FAMILY_IP, 1);

	fwt_ipt_chain(t, "INPUT", 2, FW_VERDICT_DROP);
	fwt_ipt_chain(t, "A", 3, FW_VERDICT_NONE);
	fwt_ipt_chain(t, "B", 4, FW_VERDICT_NONE);
	for (int i = 0; input[i]; i++)
		fwt_rule(fw_table_find_chain(t, "INPUT"), 10 + i, input[i]);
	for (int i = 0; a[i]; i++)
		fwt_rule(fw_table_find_chain(t, "A"), 20 + i, a[i]);
	for (int i = 0; b[i]; i++)
		fwt_rule(fw_table_find_chain(t, "B"), 30 + i, b[i]);
	return rs;
}

static struct res jump_eval(const char *const *input, const char *const *a, const char *const *b)
{
	struct fw_ruleset *rs = jump_set(input, a, b);
	struct fw_packet p = tcp(4, 22);
	struct fw_decision d = eval(rs, &p);
	struct res r = res_of(&d);

	fw_ruleset_free(rs);
	return r;
}

static void test_jumps(void **state)
{
	struct res d;

	(void)state;
	/* Into a user chain that accepts. */
	d = jump_eval(RULES("-> jump:A"), RULES("p=tcp dport=22 -> ACCEPT"), RULES("-> DROP"));
	assert_int_equal(d.outcome, FW_OUTCOME_ACCEPT);
	assert_int_equal(d.line, 20);
	assert_int_equal(d.via, 10);
	/* The innermost jump on the way is the one named (ufw's limit-accept chain). */
	d = jump_eval(RULES("-> jump:A"), RULES("p=tcp dport=22 -> goto:B"), RULES("-> ACCEPT"));
	assert_int_equal(d.line, 30);
	assert_int_equal(d.via, 20);
	d = jump_eval(RULES("-> ACCEPT"), NONE, NONE);
	assert_int_equal(d.via, 0);
	/* A user chain that falls off its end, or RETURNs, goes back to the caller. */
	d = jump_eval(RULES("-> jump:A", "-> ACCEPT"), RULES("p=udp -> DROP"), RULES("-> DROP"));
	assert_int_equal(d.line, 11);
	d = jump_eval(RULES("-> jump:A", "-> ACCEPT"), RULES("-> RETURN", "-> DROP"),
	              RULES("-> DROP"));
	assert_int_equal(d.line, 11);
	/* goto: the end of the target returns past the chain that went there. */
	d = jump_eval(RULES("-> jump:A", "-> ACCEPT"), RULES("-> goto:B", "-> DROP"),
	              RULES("p=udp -> DROP"));
	assert_int_equal(d.line, 11);
	d = jump_eval(RULES("-> goto:A", "-> ACCEPT"), RULES("p=udp -> DROP"), RULES("-> DROP"));
	assert_int_equal(d.outcome, FW_OUTCOME_DROP);
	assert_int_equal(d.line, 0);
	/* A jump that may match: what the chain accepts only may happen. */
	d = jump_eval(RULES("opaque=x -> jump:A"), RULES("-> ACCEPT"), RULES("-> DROP"));
	assert_int_equal(d.outcome, FW_OUTCOME_MAYBE);
	assert_int_equal(d.maybe, 20);
	d = jump_eval(RULES("opaque=x -> jump:A", "-> ACCEPT"), RULES("-> DROP"), RULES("-> DROP"));
	assert_int_equal(d.outcome, FW_OUTCOME_ACCEPT);
	assert_int_equal(d.caveat, 20);
	/* A jump to a chain that does not exist is passed over. */
	d = jump_eval(RULES("-> jump:NOPE", "-> ACCEPT"), RULES("-> DROP"), RULES("-> DROP"));
	assert_int_equal(d.line, 11);
	/* A loop is cut, never followed forever. */
	d = jump_eval(RULES("-> jump:A", "-> ACCEPT"), RULES("-> jump:B"), RULES("-> jump:A"));
	assert_int_equal(d.outcome, FW_OUTCOME_ACCEPT);
	assert_true(d.cut);
	/* A chain jumped to twice is walked once and answers the same. */
	d = jump_eval(RULES("p=udp -> jump:A", "-> jump:A", "-> ACCEPT"), RULES("-> jump:B"),
	              RULES("p=tcp dport=22 -> DROP"));
	assert_int_equal(d.outcome, FW_OUTCOME_DROP);
	assert_int_equal(d.line, 30);
}

/* A chain of user chains deeper than FW_MAX_JUMP_DEPTH, each jumping to the next. */
static void test_depth(void **state)
{
	struct fw_ruleset *rs = fwt_ipt("rules.v4", 4);
	struct fw_table *t = fw_ruleset_add_table(rs, "filter", FW_FAMILY_IP, 1);
	int n = FW_MAX_JUMP_DEPTH + 10;
	char name[32], next[48];
	struct fw_packet p = tcp(4, 22);
	struct fw_decision d;

	(void)state;
	fwt_ipt_chain(t, "INPUT", 2, FW_VERDICT_DROP);
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "C%d", i);
		fwt_ipt_chain(t, name, 3, FW_VERDICT_NONE);
	}
	fwt_rule(fw_table_find_chain(t, "INPUT"), 10, "-> jump:C0");
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "C%d", i);
		snprintf(next, sizeof(next), "-> jump:C%d", i + 1);
		fwt_rule(fw_table_find_chain(t, name), 100 + i, i + 1 < n ? next : "-> ACCEPT");
	}
	d = eval(rs, &p);
	assert_int_equal(d.outcome, FW_OUTCOME_DROP);
	assert_true(d.cut);
	fw_ruleset_free(rs);
}

/* nft: an inet table with an input chain, and an ip table for IPv4 only. */
static void test_nft_chains(void **state)
{
	struct fw_ruleset *rs = fw_ruleset_new("nftables.conf", FW_FORMAT_NFT);
	struct fw_table *t = fw_ruleset_add_table(rs, "filter", FW_FAMILY_INET, 3);
	struct fw_table *t4;
	struct fw_packet p = tcp(4, 22);
	struct fw_decision d;

	(void)state;
	fwt_nft_chain(t, "input", 4, FW_HOOK_INPUT, "filter", 0, FW_VERDICT_DROP);
	fwt_nft_chain(t, "pre", 5, FW_HOOK_PREROUTING, "nat", -100, FW_VERDICT_ACCEPT);
	fwt_rule(fw_table_find_chain(t, "input"), 6, "p=tcp dport=22 -> ACCEPT");
	fwt_rule(fw_table_find_chain(t, "pre"), 7, "p=tcp dport=22 -> DROP");
	t4 = fw_ruleset_add_table(rs, "guard", FW_FAMILY_IP, 10);
	fwt_nft_chain(t4, "early", 11, FW_HOOK_INPUT, "filter", -10, FW_VERDICT_ACCEPT);
	fwt_rule(fw_table_find_chain(t4, "early"), 12, "p=tcp dport=22 -> DROP");
	/* IPv4 meets the ip table's chain first (priority -10) and is dropped there. */
	d = eval(rs, &p);
	assert_int_equal(d.outcome, FW_OUTCOME_DROP);
	assert_int_equal(d.rule->line, 12);
	/* IPv6 meets only the inet chain; the nat chain is not a filter. */
	p.family = 6;
	d = eval(rs, &p);
	assert_int_equal(d.outcome, FW_OUTCOME_ACCEPT);
	assert_int_equal(d.rule->line, 6);
	/* Every chain must pass: the first that accepts by rule is the one named. */
	fw_table_find_chain(t4, "early")->rules[0].dport.v[0].lo = 80;
	fw_table_find_chain(t4, "early")->rules[0].dport.v[0].hi = 80;
	p.family = 4;
	d = eval(rs, &p);
	assert_int_equal(d.outcome, FW_OUTCOME_ACCEPT);
	assert_int_equal(d.rule->line, 6);
	/* Tables iptables-nft manages can be left to iptables-save. */
	t4->iptables_managed = true;
	p.skip_iptables_managed = true;
	p.dport = 80;
	assert_int_equal(eval(rs, &p).chain->line, 4);
	fw_ruleset_free(rs);
}

static void test_no_base_chain(void **state)
{
	struct fw_ruleset *rs = fw_ruleset_new("ruleset.nft", FW_FORMAT_NFT);
	struct fw_table *t = fw_ruleset_add_table(rs, "filter", FW_FAMILY_IP, 1);
	struct fw_packet p = tcp(6, 22);
	struct fw_decision d;

	(void)state;
	fwt_nft_chain(t, "input", 2, FW_HOOK_INPUT, "filter", 0, FW_VERDICT_DROP);
	/* A whole nft rule set speaks for IPv6 too: nothing filters it. */
	d = eval(rs, &p);
	assert_int_equal(d.outcome, FW_OUTCOME_ACCEPT);
	assert_true(d.no_base_chain);
	/* iptables-save with no filter table accepts everything. */
	fw_ruleset_free(rs);
	rs = fwt_ipt("iptables-save", 0);
	t = fw_ruleset_add_table(rs, "nat", FW_FAMILY_IP, 1);
	fwt_ipt_chain(t, "PREROUTING", 2, FW_VERDICT_ACCEPT);
	p.family = 4;
	d = eval(rs, &p);
	assert_int_equal(d.outcome, FW_OUTCOME_ACCEPT);
	assert_true(d.no_base_chain);
	/* A policy-less base chain (nft's default) accepts. */
	fw_ruleset_free(rs);
	rs = fw_ruleset_new("x.nft", FW_FORMAT_NFT);
	t = fw_ruleset_add_table(rs, "f", FW_FAMILY_INET, 1);
	fwt_nft_chain(t, "input", 2, FW_HOOK_INPUT, "filter", 0, FW_VERDICT_NONE);
	d = eval(rs, &p);
	assert_int_equal(d.outcome, FW_OUTCOME_ACCEPT);
	assert_false(d.no_base_chain);
	assert_int_equal(d.chain->line, 2);
	fw_ruleset_free(rs);
}

/* An nft fragment speaks for the families of its tables only; arp, bridge, netdev never count. */
static void test_nft_fragment_families(void **state)
{
	struct fw_ruleset *rs = fw_ruleset_new("extra.nft", FW_FORMAT_NFT);
	struct fw_table *t;
	struct fw_packet p = tcp(6, 22);

	(void)state;
	rs->fragment = true;
	t = fw_ruleset_add_table(rs, "ingress", FW_FAMILY_NETDEV, 1);
	fwt_nft_chain(t, "in", 2, FW_HOOK_INGRESS, "filter", 0, FW_VERDICT_DROP);
	assert_false(fw_ruleset_covers(rs, 4));
	assert_false(fw_ruleset_covers(rs, 6));
	t = fw_ruleset_add_table(rs, "six", FW_FAMILY_IP6, 3);
	fw_table_add_chain(t, "input_extra", 4);
	fwt_rule(fw_table_find_chain(t, "input_extra"), 5, "p=tcp dport=22 -> ACCEPT");
	assert_false(fw_ruleset_covers(rs, 4));
	assert_true(fw_ruleset_covers(rs, 6));
	assert_int_equal(eval(rs, &p).rule->line, 5);
	p.family = 4;
	assert_int_equal(eval(rs, &p).outcome, FW_OUTCOME_NONE);
	/* A whole rule set: a netdev table filters nothing at the input hook. */
	rs->fragment = false;
	assert_true(eval(rs, &p).no_base_chain);
	fw_ruleset_free(rs);
}

/* ufw's user.rules: user chains only, each root walked for its hook. */
static void test_fragment(void **state)
{
	struct fw_ruleset *rs = fwt_ipt("user.rules", 4);
	struct fw_table *t = fw_ruleset_add_table(rs, "filter", FW_FAMILY_IP, 1);
	struct fw_packet p = tcp(4, 22);
	struct fw_decision d;

	(void)state;
	rs->fragment = true;
	fwt_ipt_chain(t, "ufw-user-output", 2, FW_VERDICT_NONE);
	fwt_ipt_chain(t, "ufw-user-input", 3, FW_VERDICT_NONE);
	fwt_ipt_chain(t, "ufw-user-limit-accept", 4, FW_VERDICT_NONE);
	fwt_ipt_chain(t, "ufw-user-forward", 5, FW_VERDICT_NONE);
	fwt_rule(fw_table_find_chain(t, "ufw-user-output"), 10, "p=tcp dport=22 -> ACCEPT");
	fwt_rule(fw_table_find_chain(t, "ufw-user-output"), 11, "p=tcp dport=25 -> ACCEPT");
	fwt_rule(fw_table_find_chain(t, "ufw-user-input"), 12,
	         "p=tcp dport=22 -> jump:ufw-user-limit-accept");
	fwt_rule(fw_table_find_chain(t, "ufw-user-input"), 13, "p=tcp dport=80 -> ACCEPT");
	fwt_rule(fw_table_find_chain(t, "ufw-user-limit-accept"), 14, "-> ACCEPT");
	fwt_rule(fw_table_find_chain(t, "ufw-user-forward"), 15, "p=tcp dport=25 -> ACCEPT");
	d = eval(rs, &p);
	assert_int_equal(d.outcome, FW_OUTCOME_ACCEPT);
	assert_int_equal(d.rule->line, 14);
	/* The output chain's rule is not on the input path; nothing decides 25. */
	p.dport = 25;
	d = eval(rs, &p);
	assert_int_equal(d.outcome, FW_OUTCOME_NONE);
	/* The forward root, for the forward path. */
	p.hook = FW_HOOK_FORWARD;
	assert_int_equal(eval(rs, &p).rule->line, 15);
	fw_ruleset_free(rs);
}

static void test_interfaces(void **state)
{
	struct fw_ruleset *rs =
	    input_set(FW_VERDICT_DROP,
	              RULES("iif=eth0 p=tcp dport=22 -> ACCEPT", "iif=docker0 -> ACCEPT",
	                    "!iif=lo p=tcp dport=80 -> ACCEPT", "iif=en+ p=tcp dport=443 -> ACCEPT",
	                    "!iif=eth1 -> DROP", "-> ACCEPT"));
	struct fw_packet p = tcp(4, 22);

	(void)state;
	assert_true(fw_ifname_internal("lo"));
	assert_true(fw_ifname_internal("docker0"));
	assert_true(fw_ifname_internal("br-1a2b3c"));
	assert_true(fw_ifname_internal("veth12ab"));
	assert_true(fw_ifname_internal("cali123"));
	assert_true(fw_ifname_internal("wg0"));
	assert_false(fw_ifname_internal("eth0"));
	assert_false(fw_ifname_internal("ens3"));
	assert_false(fw_ifname_internal(NULL));
	/* An interface no rule names. */
	assert_int_equal(eval(rs, &p).rule->line, 14);
	p.dport = 80;
	assert_int_equal(eval(rs, &p).rule->line, 12);
	/* Named: eth0 gets SSH; a docker bridge is never where the internet arrives. */
	p.dport = 22;
	p.iif = (struct fw_ifname){"eth0", false};
	assert_int_equal(eval(rs, &p).rule->line, 10);
	p.iif = (struct fw_ifname){"ens3", false};
	p.dport = 443;
	assert_int_equal(eval(rs, &p).rule->line, 13);
	/* Some interface named en...: in en+; some named e... may be. */
	p.iif = (struct fw_ifname){"en", true};
	assert_int_equal(eval(rs, &p).rule->line, 13);
	/* Some named e...: eth0's and en+'s rules may match, eth1's DROP may; the last accepts. */
	p.iif = (struct fw_ifname){"e", true};
	assert_int_equal(eval(rs, &p).rule->line, 15);
	assert_int_equal(eval(rs, &p).caveat->line, 14);
	p.iif = (struct fw_ifname){"eth1", false};
	p.dport = 9;
	assert_int_equal(eval(rs, &p).rule->line, 15);
	fw_ruleset_free(rs);
}

/* Docker: the nat walk to the DNAT rule, then FORWARD for the translated packet. */
static void test_docker(void **state)
{
	struct fw_ruleset *rs = fwt_ipt("rules.v4", 4);
	struct fw_table *nat = fw_ruleset_add_table(rs, "nat", FW_FAMILY_IP, 1), *f;
	struct fw_packet p = tcp(4, 8080);
	struct fw_prefix to;
	struct fw_decision d;

	(void)state;
	fwt_ipt_chain(nat, "PREROUTING", 2, FW_VERDICT_ACCEPT);
	fwt_ipt_chain(nat, "DOCKER", 3, FW_VERDICT_NONE);
	fwt_rule(fw_table_find_chain(nat, "PREROUTING"), 4, "dtype=local -> jump:DOCKER");
	fwt_rule(fw_table_find_chain(nat, "DOCKER"), 5, "iif=docker0 -> RETURN");
	fwt_rule(fw_table_find_chain(nat, "DOCKER"), 6,
	         "!iif=docker0 p=tcp dport=8080 -> dnat:172.17.0.2:80");
	f = fw_ruleset_add_table(rs, "filter", FW_FAMILY_IP, 10);
	fwt_ipt_chain(f, "FORWARD", 11, FW_VERDICT_DROP);
	fwt_ipt_chain(f, "DOCKER-USER", 12, FW_VERDICT_NONE);
	fwt_ipt_chain(f, "DOCKER", 13, FW_VERDICT_NONE);
	fwt_rule(fw_table_find_chain(f, "FORWARD"), 14, "-> jump:DOCKER-USER");
	fwt_rule(fw_table_find_chain(f, "FORWARD"), 15,
	         "oif=docker0 ct=related,established -> ACCEPT");
	fwt_rule(fw_table_find_chain(f, "FORWARD"), 16, "oif=docker0 -> jump:DOCKER");
	fwt_rule(fw_table_find_chain(f, "DOCKER-USER"), 17, "-> RETURN");
	fwt_rule(fw_table_find_chain(f, "DOCKER"), 18,
	         "dst=172.17.0.2/32 !iif=docker0 oif=docker0 p=tcp dport=80 -> ACCEPT");
	fwt_rule(fw_table_find_chain(f, "DOCKER"), 19, "!iif=docker0 oif=docker0 -> DROP");
	p.hook = FW_HOOK_PREROUTING;
	p.chain_type = "nat";
	d = eval(rs, &p);
	assert_int_equal(d.outcome, FW_OUTCOME_ACCEPT);
	assert_int_equal(d.rule->line, 6);
	assert_int_equal(d.rule->verdict, FW_VERDICT_DNAT);
	/* From the bridge itself it is not translated. */
	p.iif = (struct fw_ifname){"docker0", false};
	d = eval(rs, &p);
	assert_int_equal(d.outcome, FW_OUTCOME_ACCEPT);
	assert_null(d.rule);
	/* The translated packet in FORWARD. */
	fwt_prefix("172.17.0.2", &to);
	p = tcp(4, 80);
	p.hook = FW_HOOK_FORWARD;
	p.ct = FW_CT_NEW | FW_CT_DNAT;
	p.dst = &to;
	p.oif = (struct fw_ifname){"docker0", false};
	d = eval(rs, &p);
	assert_int_equal(d.outcome, FW_OUTCOME_ACCEPT);
	assert_int_equal(d.rule->line, 18);
	/* Another container's address meets the bridge's DROP. */
	fwt_prefix("172.17.0.3", &to);
	assert_int_equal(eval(rs, &p).rule->line, 19);
	/* Leaving by an unknown interface: the oif rules may or may not match. */
	p.oif = (struct fw_ifname){NULL, false};
	assert_int_equal(eval(rs, &p).outcome, FW_OUTCOME_DROP);
	fwt_prefix("172.17.0.2", &to);
	d = eval(rs, &p);
	assert_int_equal(d.outcome, FW_OUTCOME_MAYBE);
	assert_int_equal(d.maybe->line, 18);
	fw_ruleset_free(rs);
}

static void test_names_dport(void **state)
{
	struct fw_ruleset *rs =
	    input_set(FW_VERDICT_DROP, RULES("p=tcp dport=20-25,80 -> ACCEPT",
	                                     "p=tcp !dport=22 -> ACCEPT", "-> ACCEPT"));
	const struct fw_chain *in = &rs->tables[0].chains[0];

	(void)state;
	assert_true(fw_rule_names_dport(&in->rules[0], 22));
	assert_true(fw_rule_names_dport(&in->rules[0], 80));
	assert_false(fw_rule_names_dport(&in->rules[0], 26));
	assert_false(fw_rule_names_dport(&in->rules[1], 80));
	assert_false(fw_rule_names_dport(&in->rules[2], 22));
	fw_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_guide),       cmocka_unit_test(test_sources),
	    cmocka_unit_test(test_matches),     cmocka_unit_test(test_three_values),
	    cmocka_unit_test(test_jumps),       cmocka_unit_test(test_depth),
	    cmocka_unit_test(test_nft_chains),  cmocka_unit_test(test_no_base_chain),
	    cmocka_unit_test(test_fragment),    cmocka_unit_test(test_nft_fragment_families),
	    cmocka_unit_test(test_interfaces),  cmocka_unit_test(test_docker),
	    cmocka_unit_test(test_names_dport),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
