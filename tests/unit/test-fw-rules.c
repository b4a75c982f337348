/* SPDX-License-Identifier: MIT */
/*
 * The firewall rules FW001-FW009 (fw-rules.c) on groups of rule sets built
 * by hand: what each reports, where, at which severity, and what it leaves
 * alone (fragments, MAYBE answers, the Docker, ufw and Debian idioms).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "core/config.h"
#include "core/rule.h"
#include "core/scan.h"
#include "firewall/fw-check.h"
#include "firewall/fw.h"
#include "fw-test.h"

#define RULES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NONE       ((const char *const[]){NULL})

struct run {
	struct vakt_config *cfg;
	struct vakt_scan_opts o;
	struct vakt_findings out;
};

/* Audit sets[0..n) with ao (NULL: files) into r->out. */
static void audit(struct run *r, struct fw_ruleset **sets, size_t n, const struct fw_audit_opts *ao)
{
	struct vakt_error_list errs = {0};
	static const struct fw_audit_opts files = {false, -1, -1};

	memset(r, 0, sizeof(*r));
	r->cfg = vakt_config_new();
	vakt_scan_opts_init(&r->o, r->cfg);
	fw_audit(sets, n, ao ? ao : &files, &r->o, &r->out, &errs);
	vakt_error_list_release(&errs);
}

static void run_release(struct run *r)
{
	if (getenv("FWT_DEBUG"))
		for (size_t i = 0; i < r->out.n; i++)
			print_message("%s:%d sev %d %s\n", r->out.v[i].rule->id,
			              r->out.v[i].loc.line, (int)r->out.v[i].severity,
			              r->out.v[i].message);
	vakt_findings_release(&r->out);
	vakt_config_free(r->cfg);
}

/* How many findings of rule id; the last one's in *f. */
static size_t count(const struct run *r, const char *id, const struct vakt_finding **f)
{
	size_t n = 0;

	for (size_t i = 0; i < r->out.n; i++)
		if (!strcmp(r->out.v[i].rule->id, id)) {
			n++;
			if (f)
				*f = &r->out.v[i];
		}
	return n;
}

/* The one finding of id (failing when not exactly one). */
static const struct vakt_finding *one(const struct run *r, const char *id)
{
	const struct vakt_finding *f = NULL;

	if (count(r, id, &f) != 1) {
		for (size_t i = 0; i < r->out.n; i++)
			print_message("%s:%d %s\n", r->out.v[i].rule->id, r->out.v[i].loc.line,
			              r->out.v[i].message);
		fail_msg("expected one %s finding, got %zu", id, count(r, id, NULL));
	}
	return f;
}

static bool has(const struct vakt_finding *f, const char *text)
{
	return strstr(f->message, text) != NULL;
}

/* An iptables dump of version v: filter INPUT/FORWARD with policies and rules, line 10 on. */
static struct fw_ruleset *ipt(const char *path, uint8_t v, enum fw_verdict in_policy,
                              const char *const *input, enum fw_verdict fwd_policy)
{
	struct fw_ruleset *rs = fwt_ipt(path, v);
	struct fw_table *t =
	    fw_ruleset_add_table(rs, "filter", v == 6 ? FW_FAMILY_IP6 : FW_FAMILY_IP, 1);

	fwt_ipt_chain(t, "INPUT", 2, in_policy);
	fwt_ipt_chain(t, "FORWARD", 3, fwd_policy);
	fwt_ipt_chain(t, "OUTPUT", 4, FW_VERDICT_ACCEPT);
	for (int i = 0; input[i]; i++)
		fwt_rule(fw_table_find_chain(t, "INPUT"), 10 + i, input[i]);
	return rs;
}

#define GUIDE                                                                                      \
	RULES("iif=lo -> ACCEPT", "ct=related,established -> ACCEPT", "p=tcp dport=22 -> ACCEPT",  \
	      "p=tcp dport=80,443 -> ACCEPT")

static void test_guide(void **state)
{
	struct fw_ruleset *rs = ipt("rules.v4", 4, FW_VERDICT_DROP, GUIDE, FW_VERDICT_DROP);
	struct run r;
	const struct vakt_finding *f;

	(void)state;
	audit(&r, &rs, 1, NULL);
	/* Only SSH: the rest is as it should be, and IPv6 is not in this file. */
	assert_int_equal(r.out.n, 1);
	f = one(&r, "FW005");
	assert_int_equal(f->loc.line, 12);
	assert_string_equal(f->loc.file, "rules.v4");
	assert_int_equal(f->severity, VAKT_SEV_MEDIUM);
	assert_true(has(f, "SSH (TCP port 22) is open to any IPv4 address"));
	run_release(&r);
	fw_ruleset_free(rs);
}

static void test_default_accept(void **state)
{
	struct fw_ruleset *rs = ipt("iptables-save", 4, FW_VERDICT_ACCEPT, NONE, FW_VERDICT_ACCEPT);
	struct run r;
	const struct vakt_finding *f;

	(void)state;
	audit(&r, &rs, 1, NULL);
	f = one(&r, "FW001");
	assert_int_equal(f->loc.line, 2);
	assert_int_equal(f->severity, VAKT_SEV_MEDIUM);
	assert_true(has(f, "INPUT has policy ACCEPT"));
	/* No NAT: nothing says the host routes. */
	f = one(&r, "FW002");
	assert_int_equal(f->severity, VAKT_SEV_LOW);
	/* No port finding from a policy, and no loopback finding when nothing is denied. */
	assert_int_equal(r.out.n, 2);
	run_release(&r);
	fw_ruleset_free(rs);

	/* A catch-all ACCEPT rule under a DROP policy is the same. */
	rs = ipt("iptables-save", 4, FW_VERDICT_DROP, RULES("iif=lo -> ACCEPT", "-> ACCEPT"),
	         FW_VERDICT_DROP);
	audit(&r, &rs, 1, NULL);
	f = one(&r, "FW001");
	assert_int_equal(f->loc.line, 11);
	assert_true(has(f, "this rule accepts every new IPv4 packet"));
	run_release(&r);
	fw_ruleset_free(rs);

	/* A final catch-all REJECT under an ACCEPT policy (firewalld) is default deny. */
	rs = ipt("iptables-save", 4, FW_VERDICT_ACCEPT,
	         RULES("iif=lo -> ACCEPT", "ct=related,established -> ACCEPT", "-> REJECT"),
	         FW_VERDICT_DROP);
	audit(&r, &rs, 1, NULL);
	assert_int_equal(r.out.n, 0);
	run_release(&r);
	fw_ruleset_free(rs);

	/* Accepting all on a named interface may be a LAN: one step lower, and said so. */
	rs =
	    ipt("iptables-save", 4, FW_VERDICT_DROP,
	        RULES("iif=lo -> ACCEPT", "ct=related,established -> ACCEPT", "iif=eth1 -> ACCEPT"),
	        FW_VERDICT_DROP);
	audit(&r, &rs, 1, NULL);
	f = one(&r, "FW001");
	assert_int_equal(f->severity, VAKT_SEV_LOW);
	assert_true(has(f, "arriving on interface eth1"));
	run_release(&r);
	fw_ruleset_free(rs);

	/* A catch-all on the LAN's interface does not hide SSH open on eth0. */
	rs = ipt("iptables-save", 4, FW_VERDICT_DROP,
	         RULES("iif=lo -> ACCEPT", "ct=related,established -> ACCEPT", "iif=eth1 -> ACCEPT",
	               "iif=eth0 p=tcp dport=22 -> ACCEPT"),
	         FW_VERDICT_DROP);
	audit(&r, &rs, 1, NULL);
	f = one(&r, "FW005");
	assert_int_equal(f->loc.line, 13);
	assert_true(has(f, "arriving on eth0"));
	run_release(&r);
	fw_ruleset_free(rs);
}

/* Debian's stock /etc/nftables.conf: an inet table with empty chains and no policies. */
static void test_debian_default(void **state)
{
	struct fw_ruleset *rs = fw_ruleset_new("nftables.conf", FW_FORMAT_NFT);
	struct fw_table *t = fw_ruleset_add_table(rs, "filter", FW_FAMILY_INET, 5);
	struct run r;
	const struct vakt_finding *f;

	(void)state;
	fwt_nft_chain(t, "input", 6, FW_HOOK_INPUT, "filter", 0, FW_VERDICT_NONE);
	fwt_nft_chain(t, "forward", 9, FW_HOOK_FORWARD, "filter", 0, FW_VERDICT_NONE);
	fwt_nft_chain(t, "output", 12, FW_HOOK_OUTPUT, "filter", 0, FW_VERDICT_NONE);
	audit(&r, &rs, 1, NULL);
	/* One finding for both families: one chain decided both. */
	f = one(&r, "FW001");
	assert_int_equal(f->loc.line, 6);
	assert_true(has(f, "chain input of table inet filter has policy ACCEPT"));
	assert_true(has(f, "IPv4 and IPv6"));
	f = one(&r, "FW002");
	assert_int_equal(f->loc.line, 9);
	assert_int_equal(f->severity, VAKT_SEV_LOW);
	assert_int_equal(count(&r, "FW008", NULL), 0);
	assert_int_equal(r.out.n, 2);
	run_release(&r);
	fw_ruleset_free(rs);
}

static void test_needed(void **state)
{
	struct fw_ruleset *rs =
	    ipt("rules.v4", 4, FW_VERDICT_DROP, RULES("p=tcp src=10.0.0.0/8 dport=22 -> ACCEPT"),
	        FW_VERDICT_DROP);
	struct run r;
	const struct vakt_finding *f;

	(void)state;
	audit(&r, &rs, 1, NULL);
	f = one(&r, "FW003");
	assert_int_equal(f->loc.line, 2);
	assert_true(has(f, "the DROP policy of INPUT (line 2)"));
	f = one(&r, "FW004");
	assert_int_equal(f->loc.line, 2);
	assert_int_equal(f->severity, VAKT_SEV_LOW);
	assert_int_equal(r.out.n, 2);
	run_release(&r);
	fw_ruleset_free(rs);

	/* A final DROP rule decides, and is named. */
	rs = ipt("rules.v4", 4, FW_VERDICT_ACCEPT, RULES("iif=lo -> ACCEPT", "-> DROP"),
	         FW_VERDICT_DROP);
	audit(&r, &rs, 1, NULL);
	assert_int_equal(count(&r, "FW003", NULL), 0);
	f = one(&r, "FW004");
	assert_int_equal(f->loc.line, 11);
	run_release(&r);
	fw_ruleset_free(rs);

	/* One inet chain drops both families' loopback: one finding; ::1 on lo is accepted. */
	rs = fw_ruleset_new("nftables.conf", FW_FORMAT_NFT);
	fwt_nft_chain(fw_ruleset_add_table(rs, "filter", FW_FAMILY_INET, 1), "input", 2,
	              FW_HOOK_INPUT, "filter", 0, FW_VERDICT_DROP);
	fwt_rule(fw_table_find_chain(&rs->tables[0], "input"), 3,
	         "ct=established,related -> ACCEPT");
	audit(&r, &rs, 1, NULL);
	f = one(&r, "FW003");
	assert_int_equal(f->loc.line, 2);
	assert_true(has(f, "loopback packets (IPv4 and IPv6)"));
	run_release(&r);
	fwt_rule(fw_table_find_chain(&rs->tables[0], "input"), 4, "fam=6 src=::1 -> ACCEPT");
	audit(&r, &rs, 1, NULL);
	f = one(&r, "FW003");
	assert_true(has(f, "loopback packets (IPv4)"));
	run_release(&r);
	fw_ruleset_free(rs);

	/* Stateless replies by source port: vakt cannot tell, so it says nothing. */
	rs = ipt("rules.v4", 4, FW_VERDICT_DROP,
	         RULES("iif=lo -> ACCEPT", "p=tcp sport=443 -> ACCEPT"), FW_VERDICT_DROP);
	audit(&r, &rs, 1, NULL);
	assert_int_equal(r.out.n, 0);
	run_release(&r);
	fw_ruleset_free(rs);
}

static void test_ports(void **state)
{
	struct fw_ruleset *rs = fw_ruleset_new("nftables.conf", FW_FORMAT_NFT);
	struct fw_table *t = fw_ruleset_add_table(rs, "filter", FW_FAMILY_INET, 1);
	struct fw_chain *in;
	struct run r;
	const struct vakt_finding *f;

	(void)state;
	fwt_nft_chain(t, "input", 2, FW_HOOK_INPUT, "filter", 0, FW_VERDICT_DROP);
	in = fw_table_find_chain(t, "input");
	fwt_rule(in, 3, "iif=lo -> ACCEPT");
	fwt_rule(in, 4, "ct=established,related -> ACCEPT");
	fwt_rule(in, 5, "p=tcp dport=2375 -> ACCEPT");
	fwt_rule(in, 6, "fam=4 p=tcp dport=5432 -> ACCEPT");
	fwt_rule(in, 7, "fam=6 p=tcp dport=5432 -> ACCEPT");
	fwt_rule(in, 8, "src=10.0.0.0/8 p=tcp dport=3306 -> ACCEPT");
	fwt_rule(in, 9, "opaque=meta_mark p=tcp dport=6379 -> ACCEPT");
	fwt_rule(in, 10, "l4=tcp,udp dport=11211 -> ACCEPT");
	fwt_rule(in, 11, "opaque=x -> DROP");
	fwt_rule(in, 12, "p=tcp dport=9200 -> ACCEPT");
	audit(&r, &rs, 1, NULL);
	f = one(&r, "FW006");
	assert_int_equal(f->loc.line, 5);
	assert_int_equal(f->severity, VAKT_SEV_CRITICAL);
	assert_true(has(f, "(TCP port 2375) is open to any IPv4 and IPv6 address"));
	/* Two rules, one per family: two findings. Restricted (3306) and MAYBE (6379): none. */
	assert_int_equal(count(&r, "FW007", NULL), 5);
	for (size_t i = 0; i < r.out.n; i++) {
		const struct vakt_finding *g = &r.out.v[i];

		if (strcmp(g->rule->id, "FW007"))
			continue;
		assert_int_equal(g->severity, VAKT_SEV_HIGH);
		if (g->loc.line == 6)
			assert_true(
			    has(g, "PostgreSQL (TCP port 5432) is open to any IPv4 address"));
		else if (g->loc.line == 7)
			assert_true(has(g, "open to any IPv6 address"));
		else if (g->loc.line == 10)
			assert_true(has(g, "Memcached"));
		else if (g->loc.line == 12)
			assert_true(has(g, "the rule at line 11 may drop some of them first"));
		else
			fail_msg("FW007 at line %d", g->loc.line);
	}
	assert_int_equal(r.out.n, 6);
	run_release(&r);
	fw_ruleset_free(rs);
}

static void test_ipv6(void **state)
{
	struct fw_ruleset *sets[2];
	struct fw_table *t;
	struct run r;
	const struct vakt_finding *f;
	struct fw_audit_opts ao = {true, 0, -1};

	(void)state;
	/* One nft rule set: an ip table locked down, nothing for IPv6. */
	sets[0] = fw_ruleset_new("nftables.conf", FW_FORMAT_NFT);
	t = fw_ruleset_add_table(sets[0], "filter", FW_FAMILY_IP, 3);
	fwt_nft_chain(t, "input", 4, FW_HOOK_INPUT, "filter", 0, FW_VERDICT_DROP);
	fwt_rule(fw_table_find_chain(t, "input"), 5, "iif=lo -> ACCEPT");
	fwt_rule(fw_table_find_chain(t, "input"), 6, "ct=established -> ACCEPT");
	audit(&r, sets, 1, NULL);
	f = one(&r, "FW008");
	assert_int_equal(f->loc.line, 4);
	assert_int_equal(f->severity, VAKT_SEV_HIGH);
	assert_true(has(f, "nothing filters IPv6: no chain filters it"));
	/* Not FW001 as well. */
	assert_int_equal(count(&r, "FW001", NULL), 0);
	run_release(&r);
	fw_ruleset_free(sets[0]);

	/* A pair of iptables dumps: rules.v6 accepts everything. */
	sets[0] = ipt("rules.v4", 4, FW_VERDICT_DROP,
	              RULES("iif=lo -> ACCEPT", "ct=established -> ACCEPT"), FW_VERDICT_DROP);
	sets[1] = ipt("rules.v6", 6, FW_VERDICT_ACCEPT, NONE, FW_VERDICT_DROP);
	audit(&r, sets, 2, NULL);
	f = one(&r, "FW008");
	assert_string_equal(f->loc.file, "rules.v6");
	assert_int_equal(f->loc.line, 2);
	assert_int_equal(count(&r, "FW001", NULL), 0);
	assert_int_equal(r.out.n, 1);
	run_release(&r);
	/* A live host with no IPv6 address: info. */
	audit(&r, sets, 2, &ao);
	assert_int_equal(one(&r, "FW008")->severity, VAKT_SEV_INFO);
	run_release(&r);
	/* Live, with no IPv6 rule set at all: open. */
	ao.ipv6_configured = 1;
	audit(&r, sets, 1, &ao);
	f = one(&r, "FW008");
	assert_string_equal(f->loc.file, "rules.v4");
	assert_true(has(f, "there is no IPv6 rule set at all"));
	run_release(&r);
	/* Files: rules.v4 alone says nothing of IPv6. */
	audit(&r, sets, 1, NULL);
	assert_int_equal(r.out.n, 0);
	run_release(&r);
	/* Both open: FW001 for each file, no FW008. */
	fw_ruleset_free(sets[0]);
	sets[0] = ipt("rules.v4", 4, FW_VERDICT_ACCEPT, NONE, FW_VERDICT_DROP);
	audit(&r, sets, 2, NULL);
	assert_int_equal(count(&r, "FW001", NULL), 2);
	assert_int_equal(count(&r, "FW008", NULL), 0);
	run_release(&r);
	fw_ruleset_free(sets[0]);
	fw_ruleset_free(sets[1]);
}

static void test_ebpf_and_live(void **state)
{
	struct fw_ruleset *rs = ipt("iptables-save", 4, FW_VERDICT_ACCEPT, NONE, FW_VERDICT_DROP);
	struct fw_audit_opts ao = {true, 1, 1};
	struct run r;
	const struct vakt_finding *f = NULL;

	(void)state;
	audit(&r, &rs, 1, &ao);
	/* Live: IPv4 open by policy, IPv6 with no rule set at all: one finding each. */
	assert_int_equal(count(&r, "FW001", NULL), 2);
	for (size_t i = 0; i < r.out.n; i++) {
		f = &r.out.v[i];
		assert_string_equal(f->rule->id, "FW001");
		assert_true(has(f, "eBPF dataplane"));
		assert_int_equal(f->severity, VAKT_SEV_LOW);
	}
	run_release(&r);
	/* No rule set at all on a live host. */
	audit(&r, NULL, 0, &ao);
	f = one(&r, "FW001");
	assert_string_equal(f->loc.file, "netfilter");
	assert_true(has(f, "no rule set filters IPv4 and IPv6"));
	run_release(&r);
	fw_ruleset_free(rs);
}

/* ufw's user.rules: SSH allowed, no policy findings from a fragment. */
static void test_fragment(void **state)
{
	struct fw_ruleset *rs = fwt_ipt("user.rules", 4);
	struct fw_table *t = fw_ruleset_add_table(rs, "filter", FW_FAMILY_IP, 1);
	struct run r;

	(void)state;
	rs->fragment = true;
	fwt_ipt_chain(t, "ufw-user-input", 2, FW_VERDICT_NONE);
	fwt_ipt_chain(t, "ufw-user-output", 3, FW_VERDICT_NONE);
	fwt_ipt_chain(t, "ufw-user-limit-accept", 4, FW_VERDICT_NONE);
	/* ufw limit: the rule that names the port jumps to a chain that accepts. */
	fwt_rule(fw_table_find_chain(t, "ufw-user-input"), 10,
	         "p=tcp dport=22 -> jump:ufw-user-limit-accept");
	fwt_rule(fw_table_find_chain(t, "ufw-user-limit-accept"), 13, "-> ACCEPT");
	fwt_rule(fw_table_find_chain(t, "ufw-user-input"), 11, "p=tcp dport=6379 -> ACCEPT");
	fwt_rule(fw_table_find_chain(t, "ufw-user-input"), 12, "-> ACCEPT");
	audit(&r, &rs, 1, NULL);
	assert_int_equal(one(&r, "FW005")->loc.line, 10);
	assert_int_equal(one(&r, "FW007")->loc.line, 11);
	assert_int_equal(r.out.n, 2);
	run_release(&r);
	fw_ruleset_free(rs);
}

/* A Docker host: -p 8080:80 and -p 5432:5432, INPUT untouched. */
static struct fw_ruleset *docker_set(const char *user_rule)
{
	struct fw_ruleset *rs = fwt_ipt("iptables-save", 4);
	struct fw_table *nat = fw_ruleset_add_table(rs, "nat", FW_FAMILY_IP, 1), *f;
	struct fw_chain *c;

	fwt_ipt_chain(nat, "PREROUTING", 2, FW_VERDICT_ACCEPT);
	fwt_ipt_chain(nat, "POSTROUTING", 3, FW_VERDICT_ACCEPT);
	fwt_ipt_chain(nat, "DOCKER", 4, FW_VERDICT_NONE);
	fwt_rule(fw_table_find_chain(nat, "PREROUTING"), 5, "dtype=local -> jump:DOCKER");
	fwt_rule(fw_table_find_chain(nat, "POSTROUTING"), 6,
	         "src=172.17.0.0/16 !oif=docker0 -> snat");
	c = fw_table_find_chain(nat, "DOCKER");
	fwt_rule(c, 7, "iif=docker0 -> RETURN");
	fwt_rule(c, 8, "!iif=docker0 p=tcp dport=8080 -> dnat:172.17.0.2:80");
	fwt_rule(c, 9, "!iif=docker0 p=tcp dport=5432 -> dnat:172.17.0.3:5432");
	fwt_rule(c, 10, "dst=127.0.0.1 !iif=docker0 p=tcp dport=6379 -> dnat:172.17.0.4:6379");
	f = fw_ruleset_add_table(rs, "filter", FW_FAMILY_IP, 20);
	fwt_ipt_chain(f, "INPUT", 21, FW_VERDICT_DROP);
	fwt_ipt_chain(f, "FORWARD", 22, FW_VERDICT_DROP);
	fwt_ipt_chain(f, "DOCKER-USER", 23, FW_VERDICT_NONE);
	fwt_ipt_chain(f, "DOCKER", 24, FW_VERDICT_NONE);
	c = fw_table_find_chain(f, "INPUT");
	fwt_rule(c, 25, "iif=lo -> ACCEPT");
	fwt_rule(c, 26, "ct=established,related -> ACCEPT");
	c = fw_table_find_chain(f, "FORWARD");
	fwt_rule(c, 27, "-> jump:DOCKER-USER");
	fwt_rule(c, 28, "oif=docker0 ct=related,established -> ACCEPT");
	fwt_rule(c, 29, "oif=docker0 -> jump:DOCKER");
	fwt_rule(c, 30, "iif=docker0 !oif=docker0 -> ACCEPT");
	c = fw_table_find_chain(f, "DOCKER-USER");
	if (user_rule)
		fwt_rule(c, 31, user_rule);
	fwt_rule(c, 32, "-> RETURN");
	c = fw_table_find_chain(f, "DOCKER");
	fwt_rule(c, 33, "dst=172.17.0.2/32 !iif=docker0 oif=docker0 p=tcp dport=80 -> ACCEPT");
	fwt_rule(c, 34, "dst=172.17.0.3/32 !iif=docker0 oif=docker0 p=tcp dport=5432 -> ACCEPT");
	fwt_rule(c, 35, "dst=172.17.0.4/32 !iif=docker0 oif=docker0 p=tcp dport=6379 -> ACCEPT");
	return rs;
}

static void test_published(void **state)
{
	struct fw_ruleset *rs = docker_set(NULL);
	struct run r;
	const struct vakt_finding *f = NULL;

	(void)state;
	audit(&r, &rs, 1, NULL);
	assert_int_equal(count(&r, "FW009", NULL), 2);
	for (size_t i = 0; i < r.out.n; i++) {
		f = &r.out.v[i];
		if (f->loc.line == 8) {
			assert_int_equal(f->severity, VAKT_SEV_MEDIUM);
			assert_true(
			    has(f, "TCP port 8080 is published to any IPv4 address: this rule "
			           "sends it to 172.17.0.2:80 and the rule at line 33 accepts"));
		} else {
			assert_int_equal(f->loc.line, 9);
			assert_int_equal(f->severity, VAKT_SEV_HIGH);
			assert_true(has(f, "(PostgreSQL)"));
		}
	}
	/* The host itself is locked down, and NAT shows it routes: nothing else. */
	assert_int_equal(r.out.n, 2);
	run_release(&r);
	fw_ruleset_free(rs);

	/* DOCKER-USER drops what comes from outside the VPN: nothing is published to all. */
	rs = docker_set("iif=eth0 !src=10.8.0.0/24 -> DROP");
	audit(&r, &rs, 1, NULL);
	assert_int_equal(r.out.n, 0);
	run_release(&r);
	fw_ruleset_free(rs);
}

/* A jump loop: the verdicts still come, with a warning that they may be incomplete. */
static void test_cut_warning(void **state)
{
	struct fw_ruleset *rs = fwt_ipt("rules.v4", 4);
	struct fw_table *t = fw_ruleset_add_table(rs, "filter", FW_FAMILY_IP, 1);
	struct vakt_config *cfg = vakt_config_new();
	struct vakt_scan_opts o;
	struct vakt_findings out = {0};
	struct vakt_error_list errs = {0};

	(void)state;
	vakt_scan_opts_init(&o, cfg);
	fwt_ipt_chain(t, "INPUT", 2, FW_VERDICT_ACCEPT);
	fwt_ipt_chain(t, "A", 3, FW_VERDICT_NONE);
	fwt_ipt_chain(t, "B", 4, FW_VERDICT_NONE);
	fwt_rule(fw_table_find_chain(t, "INPUT"), 10, "-> jump:A");
	fwt_rule(fw_table_find_chain(t, "A"), 11, "-> jump:B");
	fwt_rule(fw_table_find_chain(t, "B"), 12, "-> jump:A");
	fw_audit(&rs, 1, NULL, &o, &out, &errs);
	assert_int_equal(errs.n, 1);
	assert_int_equal(errs.v[0]->code, VAKT_WARNING_CODE);
	assert_non_null(strstr(errs.v[0]->msg, "jump loop"));
	assert_int_equal(out.n, 1); /* FW001 */
	vakt_error_list_release(&errs);
	vakt_findings_release(&out);
	vakt_config_free(cfg);
	fw_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_guide),          cmocka_unit_test(test_default_accept),
	    cmocka_unit_test(test_debian_default), cmocka_unit_test(test_needed),
	    cmocka_unit_test(test_ports),          cmocka_unit_test(test_ipv6),
	    cmocka_unit_test(test_ebpf_and_live),  cmocka_unit_test(test_fragment),
	    cmocka_unit_test(test_published),      cmocka_unit_test(test_cut_warning),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
