/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the iptables-save parser (src/firewall/fw-ipt-*.c): the
 * dumps of tests/firewall/ipt/ (made by the real tools, see its README),
 * every option and target it reads, its errors and ceilings, and, when the
 * test runs as root where `unshare -n` works, dumps made on the spot by the
 * real iptables and ip6tables in a throwaway network namespace.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/source.h"
#include "core/util.h"
#include "firewall/fw-ipt-priv.h"
#include "firewall/fw.h"

#define FIXTURES "tests/firewall/ipt/"

/* Parse text as the file `name`; errors into *errs (released by the caller). */
static struct fw_ruleset *parse_ver(const char *name, const char *text, uint8_t ver,
                                    struct vakt_error_list *errs)
{
	struct vakt_source *src = vakt_source_from_mem(name, text, strlen(text));
	struct fw_ruleset *rs = NULL;
	int rc = fw_parse_iptables(src, ver, &rs, errs);

	vakt_source_free(src);
	if (rc < 0)
		assert_null(rs);
	return rs;
}

static struct fw_ruleset *parse(const char *text, struct vakt_error_list *errs)
{
	return parse_ver("test.dump", text, 0, errs);
}

/* Parse text expecting no error at all. */
static struct fw_ruleset *parse_ok(const char *text)
{
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs = parse(text, &errs);

	for (size_t i = 0; i < errs.n; i++)
		print_message("# unexpected error: %s:%d:%d: %s\n", errs.v[i]->file,
		              errs.v[i]->line, errs.v[i]->column, errs.v[i]->msg);
	assert_int_equal(0, errs.n);
	assert_non_null(rs);
	vakt_error_list_release(&errs);
	return rs;
}

/* Read a fixture and parse it (its base name is what the parser sees). */
static struct fw_ruleset *fixture(const char *name, size_t want_errors)
{
	struct vakt_source *src = NULL;
	struct vakt_error *err = NULL;
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs = NULL;
	char *path = vakt_xasprintf(FIXTURES "%s", name);

	assert_int_equal(0, vakt_source_read(path, VAKT_MAX_FILE_BYTES, &src, &err));
	assert_int_equal(0, fw_parse_iptables(src, 0, &rs, &errs));
	for (size_t i = 0; i < errs.n && errs.n != want_errors; i++)
		print_message("# %s: %d:%d: %s\n", name, errs.v[i]->line, errs.v[i]->column,
		              errs.v[i]->msg);
	assert_int_equal(want_errors, errs.n);
	vakt_error_list_release(&errs);
	vakt_source_free(src);
	free(path);
	return rs;
}

static const struct fw_chain *chain(const struct fw_ruleset *rs, const char *table,
                                    const char *name)
{
	for (size_t i = 0; i < rs->n_tables; i++)
		if (!strcmp(rs->tables[i].name, table))
			return fw_table_chain(&rs->tables[i], name);
	return NULL;
}

/* The only rule of chain INPUT of table filter. */
static const struct fw_rule *only_rule(const struct fw_ruleset *rs)
{
	const struct fw_chain *c = chain(rs, "filter", "INPUT");

	assert_non_null(c);
	assert_int_equal(1, c->n_rules);
	return &c->rules[0];
}

/* Parse "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n-A INPUT <args>\nCOMMIT\n". */
static struct fw_ruleset *one_rule(const char *args, struct vakt_error_list *errs)
{
	char *text = vakt_xasprintf("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:USER - "
	                            "[0:0]\n-A INPUT %s\nCOMMIT\n",
	                            args);
	struct fw_ruleset *rs = parse(text, errs);

	free(text);
	return rs;
}

static struct fw_ruleset *one_rule_ok(const char *args)
{
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs = one_rule(args, &errs);

	for (size_t i = 0; i < errs.n; i++)
		print_message("# unexpected error for '%s': %d:%d: %s\n", args, errs.v[i]->line,
		              errs.v[i]->column, errs.v[i]->msg);
	assert_int_equal(0, errs.n);
	vakt_error_list_release(&errs);
	return rs;
}

/*
 * The rule is refused with one error at line 5 (its -A line), column col of
 * args, saying want.
 */
static void one_rule_bad(const char *args, int col, const char *want)
{
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs = one_rule(args, &errs);

	assert_non_null(rs);
	col += 9; /* the column in the line, after "-A INPUT " */
	if (errs.n != 1 || errs.v[0]->column != col || !strstr(errs.v[0]->msg, want))
		fail_msg("'%s': expected one error at 5:%d with '%s', got %zu: %d:%d: %s", args,
		         col, want, errs.n, errs.n ? errs.v[0]->line : 0,
		         errs.n ? errs.v[0]->column : 0, errs.n ? errs.v[0]->msg : "");
	assert_int_equal(5, errs.v[0]->line);
	assert_string_equal("test.dump", errs.v[0]->file);
	assert_int_equal(0, chain(rs, "filter", "INPUT")->n_rules);
	vakt_error_list_release(&errs);
	fw_ruleset_free(rs);
}

static void assert_prefix(const struct fw_prefix *p, const char *want)
{
	char buf[64];

	assert_string_equal(want, fw_prefix_format(p, buf, sizeof(buf)));
}

static void assert_ports(const struct fw_ports *p, size_t i, unsigned lo, unsigned hi)
{
	assert_true(i < p->n);
	assert_int_equal(lo, p->v[i].lo);
	assert_int_equal(hi, p->v[i].hi);
}

/* --- the fixtures ------------------------------------------------------ */

/* The article's default-deny host, in each form the tools write it. */
static void check_default_deny(const struct fw_ruleset *rs, int first_line)
{
	const struct fw_chain *in = chain(rs, "filter", "INPUT");
	const struct fw_rule *r;

	assert_int_equal(FW_FORMAT_IPTABLES, rs->format);
	assert_int_equal(4, rs->ip_version);
	assert_false(rs->fragment);
	assert_int_equal(1, rs->n_tables);
	assert_int_equal(FW_FAMILY_IP, rs->tables[0].family);
	assert_non_null(in);
	assert_int_equal(FW_HOOK_INPUT, in->hook);
	assert_string_equal("filter", in->type);
	assert_int_equal(FW_VERDICT_DROP, in->policy);
	assert_int_equal(FW_VERDICT_DROP, chain(rs, "filter", "FORWARD")->policy);
	assert_int_equal(FW_VERDICT_ACCEPT, chain(rs, "filter", "OUTPUT")->policy);
	assert_int_equal(FW_HOOK_OUTPUT, chain(rs, "filter", "OUTPUT")->hook);
	assert_int_equal(5, in->n_rules);

	r = &in->rules[0];
	assert_int_equal(first_line, r->line);
	assert_string_equal("-A INPUT -i lo -j ACCEPT", r->text);
	assert_string_equal("lo", r->iif.name);
	assert_false(r->iif.negate || r->iif.wildcard);
	assert_int_equal(FW_VERDICT_ACCEPT, r->verdict);
	assert_null(r->target);

	r = &in->rules[1];
	assert_int_equal(first_line + 1, r->line);
	assert_int_equal(FW_CT_ESTABLISHED | FW_CT_RELATED, r->ct_states);
	assert_false(r->ct_negate);
	assert_int_equal(0, r->n_opaque);

	r = &in->rules[2];
	assert_string_equal("-A INPUT -s 10.8.0.0/24 -p tcp -m tcp --dport 22 -m comment --comment "
	                    "\"ssh from the vpn\" -j ACCEPT",
	                    r->text);
	assert_int_equal(1, r->src.n);
	assert_prefix(&r->src.v[0], "10.8.0.0/24");
	assert_int_equal(0, r->dst.n);
	assert_int_equal(6, r->proto);
	assert_int_equal(1, r->dport.n);
	assert_ports(&r->dport, 0, 22, 22);
	assert_int_equal(0, r->sport.n);
	assert_string_equal("ssh from the vpn", r->comment);
	assert_int_equal(0, r->n_opaque);

	r = &in->rules[3];
	assert_int_equal(2, r->dport.n);
	assert_ports(&r->dport, 0, 80, 80);
	assert_ports(&r->dport, 1, 443, 443);
	assert_string_equal("web server", r->comment);

	/* the rate limit is not kept, the ICMP type is */
	r = &in->rules[4];
	assert_int_equal(1, r->proto);
	assert_int_equal(1, r->n_opaque);
	assert_string_equal("-m icmp --icmp-type 8", r->opaque[0].text);
}

static void test_fixture_default_deny(void **state)
{
	struct fw_ruleset *rs = fixture("default-deny.rules.v4", 0);

	check_default_deny(rs, 6);
	assert_string_equal("nf_tables", rs->backend);
	assert_int_equal(3, chain(rs, "filter", "INPUT")->line);
	fw_ruleset_free(rs);

	rs = fixture("default-deny-counters.v4", 0);
	check_default_deny(rs, 6);
	fw_ruleset_free(rs);

	rs = fixture("default-deny-legacy.v4", 0);
	check_default_deny(rs, 6);
	assert_string_equal("legacy", rs->backend);
	fw_ruleset_free(rs);

	/* iptables -S: no header, no table; the version from the first address */
	rs = fixture("default-deny-S.txt", 0);
	check_default_deny(rs, 4);
	assert_null(rs->backend);
	fw_ruleset_free(rs);
}

static void test_fixture_accept_all(void **state)
{
	struct fw_ruleset *rs = fixture("accept-all.v4", 0);

	assert_false(rs->fragment);
	assert_int_equal(FW_VERDICT_ACCEPT, chain(rs, "filter", "INPUT")->policy);
	assert_int_equal(FW_VERDICT_ACCEPT, chain(rs, "filter", "FORWARD")->policy);
	assert_int_equal(0, chain(rs, "filter", "INPUT")->n_rules);
	fw_ruleset_free(rs);
}

static void test_fixture_ipv6(void **state)
{
	struct fw_ruleset *rs = fixture("default-deny.rules.v6", 0);
	const struct fw_chain *in = chain(rs, "filter", "INPUT");

	assert_int_equal(6, rs->ip_version);
	assert_int_equal(FW_FAMILY_IP6, rs->tables[0].family);
	assert_int_equal(FW_VERDICT_DROP, in->policy);
	assert_int_equal(5, in->n_rules);
	assert_int_equal(58, in->rules[2].proto);
	assert_prefix(&in->rules[3].src.v[0], "fd00:8::/64");
	fw_ruleset_free(rs);

	rs = fixture("open.rules.v6", 0);
	assert_int_equal(6, rs->ip_version);
	assert_int_equal(FW_VERDICT_ACCEPT, chain(rs, "filter", "INPUT")->policy);
	assert_ports(&chain(rs, "filter", "INPUT")->rules[0].dport, 0, 5432, 5432);
	fw_ruleset_free(rs);

	rs = fixture("default-deny-legacy.v6", 0);
	in = chain(rs, "filter", "INPUT");
	assert_string_equal("legacy", rs->backend);
	assert_int_equal(6, rs->ip_version);
	assert_int_equal(FW_CT_ESTABLISHED | FW_CT_RELATED, in->rules[1].ct_states);
	assert_prefix(&in->rules[2].src.v[0], "2001:db8:8::/48");
	assert_int_equal(FW_VERDICT_REJECT, in->rules[3].verdict);
	fw_ruleset_free(rs);
}

static void test_fixture_docker(void **state)
{
	struct fw_ruleset *rs = fixture("docker.v4", 0);
	const struct fw_chain *c;
	const struct fw_rule *r;

	assert_int_equal(3, rs->n_tables);
	assert_string_equal("raw", rs->tables[0].name);
	assert_string_equal("filter", rs->tables[1].name);
	assert_string_equal("nat", rs->tables[2].name);
	assert_false(rs->fragment);
	assert_int_equal(-300, chain(rs, "raw", "PREROUTING")->priority);
	assert_int_equal(FW_HOOK_PREROUTING, chain(rs, "raw", "PREROUTING")->hook);

	c = chain(rs, "filter", "FORWARD");
	assert_int_equal(FW_VERDICT_DROP, c->policy);
	assert_int_equal(6, c->n_rules);
	assert_int_equal(FW_VERDICT_JUMP, c->rules[0].verdict);
	assert_string_equal("DOCKER-USER", c->rules[0].target);
	assert_string_equal("docker0", c->rules[4].iif.name);
	assert_true(c->rules[4].oif.negate);

	c = chain(rs, "filter", "DOCKER-USER");
	assert_int_equal(FW_HOOK_NONE, c->hook);
	assert_int_equal(FW_VERDICT_NONE, c->policy);
	assert_null(c->type);
	r = &c->rules[0];
	assert_true(r->src.negate);
	assert_prefix(&r->src.v[0], "192.168.1.0/24");
	assert_int_equal(FW_VERDICT_DROP, r->verdict);
	assert_int_equal(FW_VERDICT_RETURN, c->rules[1].verdict);

	c = chain(rs, "nat", "PREROUTING");
	assert_int_equal(-100, c->priority);
	assert_int_equal(FW_ADDRTYPE_LOCAL, c->rules[0].dst.addrtype);
	assert_int_equal(FW_VERDICT_JUMP, c->rules[0].verdict);
	assert_int_equal(100, chain(rs, "nat", "POSTROUTING")->priority);
	assert_int_equal(FW_VERDICT_SNAT, chain(rs, "nat", "POSTROUTING")->rules[0].verdict);

	c = chain(rs, "nat", "DOCKER");
	r = &c->rules[1];
	assert_int_equal(FW_VERDICT_DNAT, r->verdict);
	assert_true(r->iif.negate);
	assert_string_equal("docker0", r->iif.name);
	assert_ports(&r->dport, 0, 8080, 8080);
	assert_prefix(&r->to_addr, "172.17.0.2");
	assert_int_equal(80, r->to_ports.lo);
	assert_int_equal(80, r->to_ports.hi);
	fw_ruleset_free(rs);
}

static void test_fixture_kube_proxy(void **state)
{
	struct fw_ruleset *rs = fixture("kube-proxy.v4", 0);
	const struct fw_chain *c;
	const struct fw_rule *r;

	c = chain(rs, "nat", "KUBE-SVC-NPX46M4PTMTKRN6Y");
	assert_int_equal(3, c->n_rules);
	r = &c->rules[0];
	assert_true(r->src.negate);
	assert_int_equal(FW_VERDICT_JUMP, r->verdict);
	assert_string_equal("KUBE-MARK-MASQ", r->target);
	r = &c->rules[1];
	assert_int_equal(1, r->n_opaque);
	assert_string_equal("-m statistic --mode random --probability 0.50000000000",
	                    r->opaque[0].text);
	assert_string_equal("default/kubernetes:https -> 192.168.49.2:8443", r->comment);

	r = &chain(rs, "nat", "KUBE-MARK-MASQ")->rules[0];
	assert_int_equal(FW_VERDICT_OTHER, r->verdict);
	assert_string_equal("MARK", r->target);
	r = &chain(rs, "nat", "KUBE-POSTROUTING")->rules[0];
	assert_string_equal("-m mark ! --mark 0x4000/0x4000", r->opaque[0].text);
	assert_int_equal(FW_VERDICT_SNAT, chain(rs, "nat", "KUBE-POSTROUTING")->rules[2].verdict);

	r = &chain(rs, "filter", "KUBE-FIREWALL")->rules[0];
	assert_true(r->ct_negate);
	assert_int_equal(FW_CT_ESTABLISHED | FW_CT_RELATED | FW_CT_DNAT, r->ct_states);
	assert_prefix(&r->dst.v[0], "127.0.0.0/8");
	assert_int_equal(FW_VERDICT_DROP, r->verdict);

	r = &chain(rs, "nat", "KUBE-SEP-6E7XQMQ4RAYOWTTM")->rules[1];
	assert_prefix(&r->to_addr, "192.168.49.2");
	assert_int_equal(8443, r->to_ports.lo);
	fw_ruleset_free(rs);
}

static void test_fixture_ufw(void **state)
{
	struct fw_ruleset *rs = fixture("user.rules", 0);
	const struct fw_chain *c;

	assert_true(rs->fragment); /* user chains only: the policy is in /etc/default/ufw */
	assert_int_equal(4, rs->ip_version);
	assert_null(chain(rs, "filter", "INPUT"));
	c = chain(rs, "filter", "ufw-user-input");
	assert_int_equal(FW_HOOK_NONE, c->hook);
	assert_int_equal(8, c->n_rules);
	assert_int_equal(FW_VERDICT_NONE, c->rules[0].verdict);
	assert_int_equal(FW_CT_NEW, c->rules[0].ct_states);
	assert_string_equal("-m recent --set", c->rules[0].opaque[0].text);
	assert_int_equal(FW_VERDICT_JUMP, c->rules[1].verdict);
	assert_string_equal("ufw-user-limit", c->rules[1].target);
	assert_string_equal("dapp_Nginx%20Full", c->rules[3].comment);
	assert_string_equal("wg0", c->rules[7].iif.name);

	/* the -I is the chain's head although written after... nothing: then the -A after it */
	c = chain(rs, "filter", "ufw-logging-deny");
	assert_int_equal(2, c->n_rules);
	assert_int_equal(FW_VERDICT_RETURN, c->rules[0].verdict);
	assert_int_equal(FW_CT_INVALID, c->rules[0].ct_states);
	assert_int_equal(FW_VERDICT_NONE, c->rules[1].verdict);
	assert_int_equal(FW_VERDICT_REJECT,
	                 chain(rs, "filter", "ufw-user-limit")->rules[1].verdict);
	fw_ruleset_free(rs);

	rs = fixture("user6.rules", 0);
	assert_true(rs->fragment);
	assert_int_equal(6, rs->ip_version);
	c = chain(rs, "filter", "ufw6-user-input");
	assert_prefix(&c->rules[4].src.v[0], "fd00::/8");
	fw_ruleset_free(rs);
}

/* The comments iptables-nft-save writes about what it does not show. */
static void test_fixture_not_shown(void **state)
{
	static const struct {
		const char *file;
		const char *warning;
		size_t tables;
	} cases[] = {
	    {"legacy-present.v4", "the legacy backend holds tables too", 1},
	    {"nft-incompatible.v4", "could not show table 'filter' (made with nft)", 0},
	    {"nft-incompatible-chain.v4", "could not show table 'filter' (made with nft)", 1},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		char *path = vakt_xasprintf(FIXTURES "%s", cases[i].file);
		struct vakt_source *src = NULL;
		struct vakt_error *err = NULL;
		struct vakt_error_list errs = {0};
		struct fw_ruleset *rs = NULL;

		assert_int_equal(0, vakt_source_read(path, VAKT_MAX_FILE_BYTES, &src, &err));
		assert_int_equal(0, fw_parse_iptables(src, 0, &rs, &errs));
		assert_int_equal(1, errs.n);
		assert_int_equal(VAKT_WARNING_CODE, errs.v[0]->code);
		assert_int_equal(1, errs.v[0]->line);
		if (!strstr(errs.v[0]->msg, cases[i].warning))
			fail_msg("%s: %s", cases[i].file, errs.v[0]->msg);
		assert_true(rs->fragment);
		assert_int_equal(cases[i].tables, rs->n_tables);
		vakt_error_list_release(&errs);
		vakt_source_free(src);
		fw_ruleset_free(rs);
		free(path);
	}

	/* the header of iptables-nft-save */
	{
		struct fw_ruleset *rs = fixture("legacy-present.v4", 1);

		assert_string_equal("nf_tables", rs->backend);
		assert_int_equal(4, rs->ip_version);
		fw_ruleset_free(rs);
	}

	/* at most 8 warnings */
	{
		struct vakt_buf b = VAKT_BUF_INIT;
		struct vakt_error_list errs = {0};
		struct fw_ruleset *rs;

		for (int i = 0; i < 20; i++)
			vakt_buf_adds(&b, "# Table `nat' is incompatible, use 'nft' tool.\n");
		rs = parse(b.data, &errs);
		assert_int_equal(8, errs.n);
		assert_true(rs->fragment);
		vakt_error_list_release(&errs);
		fw_ruleset_free(rs);
		vakt_buf_release(&b);
	}

	/* a set iptables-nft-save dropped without a word: nothing tells */
	{
		struct fw_ruleset *rs = fixture("nft-lossy.v4", 0);

		assert_false(rs->fragment);
		assert_int_equal(FW_VERDICT_ACCEPT, only_rule(rs)->verdict);
		fw_ruleset_free(rs);
	}
}

/* --- lines ------------------------------------------------------------- */

static void test_counters_and_insert(void **state)
{
	struct fw_ruleset *rs =
	    parse_ok("*filter\n:INPUT ACCEPT [12:3400]\n:FORWARD ACCEPT [0:0]\n:X - [0:0]\n"
	             "[5:300] -A INPUT -p tcp --dport 1 -j ACCEPT\n"
	             "-I INPUT -p tcp --dport 2 -j ACCEPT\n"
	             "-A INPUT -p tcp --dport 3 -j ACCEPT\n"
	             "[1:2] -I INPUT 1 -p tcp --dport 4 -j ACCEPT\n"
	             "-I X -j RETURN\n"
	             "COMMIT\n");
	const struct fw_chain *c = chain(rs, "filter", "INPUT");

	assert_int_equal(4, c->n_rules);
	/* inserted at the head, the latest first, then the appended ones in order */
	assert_int_equal(4, c->rules[0].dport.v[0].lo);
	assert_int_equal(8, c->rules[0].line);
	assert_string_equal("-I INPUT 1 -p tcp --dport 4 -j ACCEPT", c->rules[0].text);
	assert_int_equal(2, c->rules[1].dport.v[0].lo);
	assert_int_equal(1, c->rules[2].dport.v[0].lo);
	assert_string_equal("-A INPUT -p tcp --dport 1 -j ACCEPT", c->rules[2].text);
	assert_int_equal(3, c->rules[3].dport.v[0].lo);
	assert_int_equal(1, chain(rs, "filter", "X")->n_rules);
	fw_ruleset_free(rs);
}

static void test_iptables_S(void **state)
{
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs;
	const struct fw_chain *c;

	/* -N, -P, -t on a line; an undeclared chain is no error here */
	rs = parse_ok("-P INPUT DROP\n-P FORWARD DROP\n-P OUTPUT ACCEPT\n-N web\n"
	              "-A INPUT -j web\n-A web -p tcp --dport 80 -j ACCEPT\n"
	              "-t nat -A PREROUTING -p tcp --dport 80 -j REDIRECT --to-ports 8080\n");
	assert_false(rs->fragment);
	assert_int_equal(FW_VERDICT_JUMP, chain(rs, "filter", "INPUT")->rules[0].verdict);
	c = chain(rs, "nat", "PREROUTING");
	assert_int_equal(FW_VERDICT_REDIRECT, c->rules[0].verdict);
	assert_int_equal(8080, c->rules[0].to_ports.lo);
	assert_int_equal(8080, c->rules[0].to_ports.hi);
	fw_ruleset_free(rs);

	/* a fragment: one chain's rules, jumping into chains not shown */
	rs = parse_ok("-P INPUT DROP\n-P FORWARD DROP\n-A INPUT -j ufw-before-input\n"
	              "-A INPUT -j DOCKER\n");
	assert_true(rs->fragment);
	assert_int_equal(FW_VERDICT_JUMP, chain(rs, "filter", "INPUT")->rules[1].verdict);
	assert_string_equal("DOCKER", chain(rs, "filter", "INPUT")->rules[1].target);
	fw_ruleset_free(rs);

	rs = parse_ok("-P INPUT DROP\n-P FORWARD DROP\n-A web -j ACCEPT\n");
	assert_true(rs->fragment);
	fw_ruleset_free(rs);

	/* no -P: the built-in chain keeps the kernel's ACCEPT; FORWARD is missing */
	rs = parse_ok("-A INPUT -i lo -j ACCEPT\n");
	assert_int_equal(FW_VERDICT_ACCEPT, chain(rs, "filter", "INPUT")->policy);
	assert_true(rs->fragment);
	fw_ruleset_free(rs);

	rs = parse("-t bogus -A INPUT -j ACCEPT\n-P INPUT REJECT\n-N INPUT\n-F a b\n", &errs);
	assert_null(rs);
	assert_int_equal(4, errs.n);
	assert_int_equal(4, errs.v[0]->column);
	assert_non_null(strstr(errs.v[1]->msg, "-P CHAIN ACCEPT|DROP"));
	assert_non_null(strstr(errs.v[2]->msg, "new chain name"));
	assert_non_null(strstr(errs.v[3]->msg, "[CHAIN]"));
	vakt_error_list_release(&errs);
}

static void test_flush(void **state)
{
	struct fw_ruleset *rs = parse_ok("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
	                                 "-A INPUT -j DROP\n-I INPUT -j DROP\n-F INPUT\n"
	                                 "-A INPUT -j ACCEPT\n-A FORWARD -j DROP\n-F\n"
	                                 "-A FORWARD -j REJECT\n-F nosuch\nCOMMIT\n");

	assert_int_equal(0, chain(rs, "filter", "INPUT")->n_rules);
	assert_int_equal(1, chain(rs, "filter", "FORWARD")->n_rules);
	assert_int_equal(FW_VERDICT_REJECT, chain(rs, "filter", "FORWARD")->rules[0].verdict);
	fw_ruleset_free(rs);
}

static void test_quoting(void **state)
{
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs;
	const struct fw_rule *r;

	rs = one_rule_ok("-m comment --comment \"say \\\"hi\\\" \\\\ there\" -m comment --comment "
	                 "'second one' -j ACCEPT");
	r = only_rule(rs);
	assert_string_equal("say \"hi\" \\ there", r->comment);
	assert_int_equal(0, r->n_opaque);
	fw_ruleset_free(rs);

	/* a backslash outside quotes escapes the blank after it */
	rs = one_rule_ok("-m comment --comment a\\ b -j ACCEPT");
	assert_string_equal("a b", only_rule(rs)->comment);
	fw_ruleset_free(rs);

	/* an opaque match keeps a quoted value quoted */
	rs = one_rule_ok("-m string --string \"GET /\" --algo bm -j DROP");
	assert_string_equal("-m string --string \"GET /\" --algo bm",
	                    only_rule(rs)->opaque[0].text);
	fw_ruleset_free(rs);

	rs = one_rule("-m comment --comment \"open -j ACCEPT", &errs);
	assert_int_equal(1, errs.n);
	assert_int_equal(31, errs.v[0]->column);
	assert_string_equal("unterminated double quote", errs.v[0]->msg);
	vakt_error_list_release(&errs);
	fw_ruleset_free(rs);

	rs = one_rule("-m comment --comment 'x -j ACCEPT", &errs);
	assert_int_equal(1, errs.n);
	assert_string_equal("unterminated single quote", errs.v[0]->msg);
	vakt_error_list_release(&errs);
	fw_ruleset_free(rs);
}

static void test_negation(void **state)
{
	struct fw_ruleset *rs;
	const struct fw_rule *r;

	rs = one_rule_ok("! -s 10.0.0.1 ! -d 10.0.0.0/8 ! -i eth+ ! -p udp -j DROP");
	r = only_rule(rs);
	assert_true(r->src.negate && r->dst.negate && r->iif.negate && r->proto_negate);
	assert_prefix(&r->src.v[0], "10.0.0.1");
	assert_true(r->iif.wildcard);
	assert_string_equal("eth", r->iif.name);
	assert_int_equal(17, r->proto);
	fw_ruleset_free(rs);

	/* the old form, after the option */
	rs = one_rule_ok("-s ! 10.0.0.1 -p tcp --dport ! 22 -m conntrack --ctstate ! NEW -j DROP");
	r = only_rule(rs);
	assert_true(r->src.negate);
	assert_true(r->dport.negate);
	assert_true(r->ct_negate);
	assert_int_equal(FW_CT_NEW, r->ct_states);
	fw_ruleset_free(rs);

	rs = one_rule_ok("-p tcp -m multiport ! --dports 22,23 -j DROP");
	assert_true(only_rule(rs)->dport.negate);
	fw_ruleset_free(rs);

	one_rule_bad("! -s ! 10.0.0.1 -j DROP", 6, "'!' given twice");
	one_rule_bad("! ! -s 10.0.0.1 -j DROP", 3, "'!' given twice");
	one_rule_bad("-j DROP !", 9, "expected an option after '!'");
	one_rule_bad("! -m tcp -j DROP", 3, "cannot be negated");
	one_rule_bad("! -j DROP", 3, "cannot be negated");
	one_rule_bad("-m comment --comment ! x -j DROP", 22, "cannot be negated");
}

static void test_interfaces(void **state)
{
	struct fw_ruleset *rs = one_rule_ok("-i br-+ -o + -j ACCEPT");
	const struct fw_rule *r = only_rule(rs);

	assert_string_equal("br-", r->iif.name);
	assert_true(r->iif.wildcard);
	assert_string_equal("", r->oif.name);
	assert_true(r->oif.wildcard);
	fw_ruleset_free(rs);

	rs = one_rule_ok("--in-interface eth0 --out-interface wg0 -j ACCEPT");
	assert_string_equal("eth0", only_rule(rs)->iif.name);
	assert_string_equal("wg0", only_rule(rs)->oif.name);
	fw_ruleset_free(rs);

	one_rule_bad("-i averyveryverylongname -j ACCEPT", 4, "1 to 15 characters");
	one_rule_bad("-i eth0 -i eth1 -j ACCEPT", 9, "given twice");
	one_rule_bad("-i", 1, "expected a value after '-i'");
}

static void test_addresses(void **state)
{
	struct fw_ruleset *rs;
	const struct fw_rule *r;

	rs = one_rule_ok("-s 10.0.0.0/8,192.168.0.0/16 -d 10.1.0.0/255.255.0.0 -j ACCEPT");
	r = only_rule(rs);
	assert_int_equal(2, r->src.n);
	assert_prefix(&r->src.v[0], "10.0.0.0/8");
	assert_prefix(&r->src.v[1], "192.168.0.0/16");
	assert_prefix(&r->dst.v[0], "10.1.0.0/16");
	fw_ruleset_free(rs);

	rs = one_rule_ok("--source 0.0.0.0/0 --dst 10.0.0.0/255.0.0.0 -j ACCEPT");
	r = only_rule(rs);
	assert_true(fw_prefix_is_any(&r->src.v[0]));
	assert_int_equal(8, r->dst.v[0].len);
	fw_ruleset_free(rs);

	/* a name iptables resolves when it loads the file */
	rs = one_rule_ok("-s db.example.com -j ACCEPT");
	r = only_rule(rs);
	assert_true(r->src.unresolved);
	assert_int_equal(0, r->src.n);
	assert_string_equal("db.example.com", r->src.set_name);
	fw_ruleset_free(rs);

	/* a mask with holes, as iptables-save writes it: no prefix says it */
	rs = one_rule_ok("-d 10.0.0.0/255.0.255.0 -j ACCEPT");
	r = only_rule(rs);
	assert_true(r->dst.unresolved);
	assert_string_equal("10.0.0.0/255.0.255.0", r->dst.set_name);
	fw_ruleset_free(rs);

	one_rule_bad("-s 10.0.0.0/8,10.0.0.0/255.0.255.0 -j ACCEPT", 15, "contiguous mask");
	one_rule_bad("-s 10.0.0.0/255.0.255.x -j ACCEPT", 4, "contiguous mask");
	one_rule_bad("-s 10.0.0.0/8,10.0.0.300 -j ACCEPT", 15, "got '10.0.0.300'");
	one_rule_bad("-s 10.0.0.0/33 -j ACCEPT", 4, "expected an address");
	one_rule_bad("! -s 10.0.0.1,10.0.0.2 -j ACCEPT", 3, "several addresses");
	one_rule_bad("-s 10.0.0.1 -s 10.0.0.2 -j ACCEPT", 13, "given twice");
	one_rule_bad("-s", 1, "expected a value");
}

static void test_protocols(void **state)
{
	static const struct {
		const char *arg;
		int proto;
	} cases[] = {
	    {"-p all", 0},
	    {"-p 6", 6},
	    {"-p TCP", 6},
	    {"-p icmp", 1},
	    {"-p 47", 47},
	    {"-p ipv6-icmp", 58},
	    {"--protocol sctp", 132},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		char *args = vakt_xasprintf("%s -j ACCEPT", cases[i].arg);
		struct fw_ruleset *rs = one_rule_ok(args);

		assert_int_equal(cases[i].proto, only_rule(rs)->proto);
		fw_ruleset_free(rs);
		free(args);
	}
	one_rule_bad("-p bogus -j ACCEPT", 4, "expected a protocol");
	one_rule_bad("-p 256 -j ACCEPT", 4, "expected a protocol");
	one_rule_bad("-p tcp -p udp -j ACCEPT", 8, "given twice");
}

static void test_ports(void **state)
{
	struct fw_ruleset *rs;
	const struct fw_rule *r;

	rs = one_rule_ok("-p tcp -m tcp --dport 1000:2000 --sport :1024 -j ACCEPT");
	r = only_rule(rs);
	assert_ports(&r->dport, 0, 1000, 2000);
	assert_ports(&r->sport, 0, 0, 1024);
	fw_ruleset_free(rs);

	rs = one_rule_ok("-p udp --destination-port 1024: --source-port 53 -j ACCEPT");
	r = only_rule(rs);
	assert_ports(&r->dport, 0, 1024, 65535);
	assert_ports(&r->sport, 0, 53, 53);
	fw_ruleset_free(rs);

	/* a service name, and the range written the wrong way round */
	rs = one_rule_ok("-p tcp --dport ssh -j ACCEPT");
	assert_ports(&only_rule(rs)->dport, 0, 22, 22);
	fw_ruleset_free(rs);
	rs = one_rule_ok("-p tcp --dport 2000:1000 -j ACCEPT");
	assert_ports(&only_rule(rs)->dport, 0, 1000, 2000);
	fw_ruleset_free(rs);

	rs = one_rule_ok("-p tcp -m multiport --dports 80,443,8000:8100 -m multiport --sports "
	                 "1:2,3 -j ACCEPT");
	r = only_rule(rs);
	assert_int_equal(3, r->dport.n);
	assert_ports(&r->dport, 2, 8000, 8100);
	assert_int_equal(2, r->sport.n);
	fw_ruleset_free(rs);

	rs = one_rule_ok("-p udp -m multiport --ports 53,5353 -j ACCEPT");
	assert_int_equal(2, only_rule(rs)->dport.n);
	fw_ruleset_free(rs);

	/* the protocol's options wherever they stand, as iptables reads them */
	rs = one_rule_ok("-p tcp -m comment --comment web --dport 443 -j ACCEPT");
	assert_ports(&only_rule(rs)->dport, 0, 443, 443);
	assert_string_equal("web", only_rule(rs)->comment);
	fw_ruleset_free(rs);
	rs = one_rule_ok("-p tcp -j ACCEPT --dport 443");
	assert_ports(&only_rule(rs)->dport, 0, 443, 443);
	fw_ruleset_free(rs);
	rs = one_rule_ok("-p tcp -j LOG --dport 22 --log-prefix \"x \" --log-level 4");
	assert_ports(&only_rule(rs)->dport, 0, 22, 22);
	assert_int_equal(0, only_rule(rs)->n_opaque);
	assert_int_equal(FW_VERDICT_NONE, only_rule(rs)->verdict);
	fw_ruleset_free(rs);
	rs = one_rule_ok("-p tcp --syn --dport 22 -j ACCEPT");
	assert_string_equal("-p tcp --syn", only_rule(rs)->opaque[0].text);
	assert_ports(&only_rule(rs)->dport, 0, 22, 22);
	fw_ruleset_free(rs);
	rs = one_rule_ok("-p tcp -m tcp --tcp-flags SYN,RST SYN -j DROP");
	assert_string_equal("-m tcp --tcp-flags SYN,RST SYN", only_rule(rs)->opaque[0].text);
	fw_ruleset_free(rs);

	one_rule_bad("-p tcp --dport 70000 -j ACCEPT", 16, "expected a port");
	one_rule_bad("-p tcp --dport : -j ACCEPT", 16, "expected a port");
	one_rule_bad("-p tcp --dport nosuchservice -j ACCEPT", 16, "expected a port");
	one_rule_bad("-p tcp -m multiport --dports 80,,443 -j ACCEPT", 33, "in a list");
	one_rule_bad("-p tcp --dport 22 --dport 23 -j ACCEPT", 19, "already matches");
	one_rule_bad("--dport 22 -j ACCEPT", 1, "unknown option '--dport'");
	one_rule_bad("! -p tcp --dport 22 -j ACCEPT", 10, "unknown option '--dport'");
}

static void test_conntrack(void **state)
{
	struct fw_ruleset *rs;
	const struct fw_rule *r;

	rs = one_rule_ok("-m state --state NEW,established -j ACCEPT");
	assert_int_equal(FW_CT_NEW | FW_CT_ESTABLISHED, only_rule(rs)->ct_states);
	fw_ruleset_free(rs);

	rs = one_rule_ok("-m conntrack --ctstate UNTRACKED,INVALID,SNAT -m conntrack --ctstatus "
	                 "CONFIRMED -j DROP");
	r = only_rule(rs);
	assert_int_equal(FW_CT_UNTRACKED | FW_CT_INVALID | FW_CT_SNAT, r->ct_states);
	assert_string_equal("-m conntrack --ctstatus CONFIRMED", r->opaque[0].text);
	fw_ruleset_free(rs);

	/* two state matches: both must match */
	rs = one_rule_ok("-m state --state NEW,ESTABLISHED -m conntrack --ctstate NEW -j ACCEPT");
	assert_int_equal(FW_CT_NEW, only_rule(rs)->ct_states);
	fw_ruleset_free(rs);
	rs = one_rule_ok("-m state --state NEW -m conntrack --ctstate INVALID -j ACCEPT");
	assert_int_equal(FW_CT_NEW, only_rule(rs)->ct_states);
	assert_string_equal("-m conntrack --ctstate INVALID", only_rule(rs)->opaque[0].text);
	fw_ruleset_free(rs);
	rs = one_rule_ok("-m state --state NEW -m conntrack ! --ctstate DNAT -j ACCEPT");
	r = only_rule(rs);
	assert_int_equal(FW_CT_NEW, r->ct_states);
	assert_false(r->ct_negate);
	assert_string_equal("-m conntrack ! --ctstate DNAT", r->opaque[0].text);
	fw_ruleset_free(rs);

	one_rule_bad("-m conntrack --ctstate NEW,BOGUS -j ACCEPT", 28, "expected conntrack states");
}

static void test_addrtype_and_opaque(void **state)
{
	struct fw_ruleset *rs;
	const struct fw_rule *r;

	rs = one_rule_ok("-m addrtype --dst-type LOCAL --src-type LOCAL -j ACCEPT");
	r = only_rule(rs);
	assert_int_equal(FW_ADDRTYPE_LOCAL, r->dst.addrtype);
	assert_int_equal(FW_ADDRTYPE_LOCAL, r->src.addrtype);
	assert_int_equal(0, r->n_opaque);
	fw_ruleset_free(rs);

	rs = one_rule_ok("-m addrtype ! --dst-type LOCAL -j ACCEPT");
	assert_int_equal(FW_ADDRTYPE_NOT_LOCAL, only_rule(rs)->dst.addrtype);
	fw_ruleset_free(rs);
	rs = one_rule_ok("-m addrtype --dst-type ! LOCAL -j ACCEPT");
	assert_int_equal(FW_ADDRTYPE_NOT_LOCAL, only_rule(rs)->dst.addrtype);
	fw_ruleset_free(rs);

	rs = one_rule_ok("-m addrtype --src-type BROADCAST -j DROP");
	r = only_rule(rs);
	assert_int_equal(FW_ADDRTYPE_ANY, r->src.addrtype);
	assert_string_equal("-m addrtype --src-type BROADCAST", r->opaque[0].text);
	fw_ruleset_free(rs);

	/* opaque matches, passes (limit, hashlimit below a rate), a fragment match */
	rs = one_rule_ok("-m set --match-set trusted src -m recent --rcheck --seconds 60 ! --rttl "
	                 "-m limit --limit 3/min -m hashlimit --hashlimit-upto 5/sec "
	                 "--hashlimit-name x -m physdev -f -j ACCEPT");
	r = only_rule(rs);
	assert_int_equal(4, r->n_opaque);
	assert_string_equal("-m set --match-set trusted src", r->opaque[0].text);
	assert_string_equal("-m recent --rcheck --seconds 60 ! --rttl", r->opaque[1].text);
	assert_string_equal("-m physdev", r->opaque[2].text);
	assert_string_equal("-f", r->opaque[3].text);
	fw_ruleset_free(rs);

	rs = one_rule_ok("-m hashlimit --hashlimit-above 10/sec --hashlimit-name x ! -f -j DROP");
	r = only_rule(rs);
	assert_int_equal(2, r->n_opaque);
	assert_string_equal("-m hashlimit --hashlimit-above 10/sec --hashlimit-name x",
	                    r->opaque[0].text);
	assert_string_equal("! -f", r->opaque[1].text);
	fw_ruleset_free(rs);

	/* an old-form '!' inside an opaque match's values */
	rs = one_rule_ok("-m mark --mark ! 0x1 -j ACCEPT");
	assert_string_equal("-m mark --mark ! 0x1", only_rule(rs)->opaque[0].text);
	fw_ruleset_free(rs);

	one_rule_bad("-m -j ACCEPT", 4, "expected a match name");
	one_rule_bad("-f -f -j ACCEPT", 4, "given twice");
	one_rule_bad("--bogus 1 -j ACCEPT", 1, "unknown option '--bogus'");
	one_rule_bad("-x -j ACCEPT", 1, "unknown option '-x'");
	one_rule_bad("stray -j ACCEPT", 1, "unexpected 'stray'");
}

static void test_targets(void **state)
{
	static const struct {
		const char *args;
		enum fw_verdict v;
		const char *target;
	} cases[] = {
	    {"-j REJECT --reject-with icmp-port-unreachable", FW_VERDICT_REJECT, NULL},
	    {"-j RETURN", FW_VERDICT_RETURN, NULL},
	    {"-j LOG --log-prefix \"[drop] \" --log-level 4", FW_VERDICT_NONE, NULL},
	    {"-j NFQUEUE --queue-num 1", FW_VERDICT_QUEUE, NULL},
	    {"-j MASQUERADE", FW_VERDICT_SNAT, NULL},
	    {"-j MARK --set-xmark 0x1/0xffffffff", FW_VERDICT_OTHER, "MARK"},
	    {"-j CT --notrack", FW_VERDICT_OTHER, "CT"},
	    {"-j USER", FW_VERDICT_JUMP, "USER"},
	    {"--jump USER", FW_VERDICT_JUMP, "USER"},
	    {"-g USER", FW_VERDICT_GOTO, "USER"},
	    {"--goto USER", FW_VERDICT_GOTO, "USER"},
	    /* no such chain in a dump: an extension target vakt does not know */
	    {"-j FULLCONENAT", FW_VERDICT_OTHER, "FULLCONENAT"},
	    {"-p tcp --dport 22", FW_VERDICT_NONE, NULL},
	    {"-c 10 200 -j DROP", FW_VERDICT_DROP, NULL},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct fw_ruleset *rs = one_rule_ok(cases[i].args);
		const struct fw_rule *r = only_rule(rs);

		if (r->verdict != cases[i].v)
			fail_msg("'%s': verdict %s", cases[i].args, fw_verdict_name(r->verdict));
		if (cases[i].target)
			assert_string_equal(cases[i].target, r->target);
		else
			assert_null(r->target);
		fw_ruleset_free(rs);
	}
	one_rule_bad("-j DROP -j ACCEPT", 9, "already has a target");
	one_rule_bad("-j DROP -g USER", 9, "already has a target");
	one_rule_bad("-j", 1, "expected a value after '-j'");
	one_rule_bad("-j -p", 4, "expected a target");
	one_rule_bad("-g USER --foo", 9, "unknown option '--foo'");
	one_rule_bad("-c 1", 1, "expected a value after '-c'");
}

static void test_nat_targets(void **state)
{
	static const struct {
		const char *args;
		const char *addr; /* NULL: none */
		unsigned lo, hi;
	} cases[] = {
	    {"-j DNAT --to-destination 172.17.0.2:80", "172.17.0.2", 80, 80},
	    {"-j DNAT --to-destination 172.17.0.2", "172.17.0.2", 0, 0},
	    {"-j DNAT --to-destination 10.0.0.1-10.0.0.9:90-80", "10.0.0.1", 80, 90},
	    {"-j DNAT --to-destination :8080", NULL, 8080, 8080},
	    {"-j DNAT --to-destination 10.0.0.1:80 --to-destination 10.0.0.2:81", "10.0.0.1", 80,
	     80},
	    {"-j SNAT --to-source 192.0.2.1", "192.0.2.1", 0, 0},
	    {"-j REDIRECT --to-ports 8080-8090", NULL, 8080, 8090},
	    {"-j MASQUERADE --to-ports 1024-2048 --random", NULL, 1024, 2048},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct fw_ruleset *rs = one_rule_ok(cases[i].args);
		const struct fw_rule *r = only_rule(rs);

		if (cases[i].addr)
			assert_prefix(&r->to_addr, cases[i].addr);
		else
			assert_int_equal(0, r->to_addr.len);
		assert_int_equal(cases[i].lo, r->to_ports.lo);
		assert_int_equal(cases[i].hi, r->to_ports.hi);
		fw_ruleset_free(rs);
	}
	one_rule_bad("-j DNAT --to-destination 172.17.0.300:80", 26, "expected ADDRESS[:PORT]");
	one_rule_bad("-j DNAT --to-destination 172.17.0.2:http0", 26, "expected ADDRESS[:PORT]");
	one_rule_bad("-j DNAT --to-destination [fd00::2", 26, "expected ADDRESS[:PORT]");
	one_rule_bad("-j REDIRECT --to-ports x", 24, "expected a port");
}

static void test_nat_ipv6(void **state)
{
	struct fw_ruleset *rs =
	    parse_ok("*nat\n:PREROUTING ACCEPT [0:0]\n"
	             "-A PREROUTING -d 2001:db8::1/128 -p tcp --dport 80 -j DNAT --to-destination "
	             "[fd00::2]:8080\n"
	             "-A PREROUTING -p tcp --dport 81 -j DNAT --to-destination fd00::3\nCOMMIT\n");
	const struct fw_chain *c = chain(rs, "nat", "PREROUTING");

	assert_int_equal(6, rs->ip_version);
	assert_true(rs->fragment); /* no filter table */
	assert_prefix(&c->rules[0].to_addr, "fd00::2");
	assert_int_equal(8080, c->rules[0].to_ports.lo);
	assert_prefix(&c->rules[1].to_addr, "fd00::3");
	assert_int_equal(0, c->rules[1].to_ports.lo);
	fw_ruleset_free(rs);
}

/* --- versions ---------------------------------------------------------- */

static void test_versions(void **state)
{
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs;
	const char *v6 = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s fd00::1 -j ACCEPT\nCOMMIT\n";

	/* the first address */
	rs = parse_ok(v6);
	assert_int_equal(6, rs->ip_version);
	assert_int_equal(FW_FAMILY_IP6, rs->tables[0].family);
	fw_ruleset_free(rs);

	/* the header, over the name and the addresses */
	rs = parse_ver("rules.v4",
	               "# Generated by ip6tables-save v1.8.7 (legacy) on Mon\n*filter\n"
	               ":INPUT ACCEPT [0:0]\nCOMMIT\n",
	               0, &errs);
	assert_int_equal(6, rs->ip_version);
	assert_string_equal("legacy", rs->backend);
	fw_ruleset_free(rs);

	/* the name, when there is no header */
	rs = parse_ver("etc/iptables/rules.v6", "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n", 0, &errs);
	assert_int_equal(6, rs->ip_version);
	fw_ruleset_free(rs);
	assert_int_equal(0, errs.n);

	/* the caller, over everything; an address of the other family is an error */
	rs = parse_ver("rules.v6", v6, 4, &errs);
	assert_int_equal(4, rs->ip_version);
	assert_int_equal(1, errs.n);
	assert_int_equal(3, errs.v[0]->line);
	assert_int_equal(13, errs.v[0]->column);
	assert_non_null(strstr(errs.v[0]->msg, "expected an IPv4 address: the rule set is IPv4"));
	fw_ruleset_free(rs);
	vakt_error_list_release(&errs);

	/* an unknown version follows the first address; a later one must agree */
	rs = parse("-A INPUT -s 10.0.0.1 -j ACCEPT\n-A INPUT -d ::1 -j ACCEPT\n", &errs);
	assert_int_equal(4, rs->ip_version);
	assert_int_equal(1, errs.n);
	assert_non_null(strstr(errs.v[0]->msg, "like the rules before it"));
	fw_ruleset_free(rs);
	vakt_error_list_release(&errs);

	/* -4 / -6: a rule for the other version is left out, as iptables-restore does */
	rs = parse_ok("-P INPUT DROP\n-P FORWARD DROP\n-A INPUT -s 10.0.0.1 -j ACCEPT\n"
	              "-A INPUT -6 -p tcp --dport 1 -j ACCEPT\n-A INPUT -4 -p tcp --dport 2 -j "
	              "ACCEPT\n");
	assert_int_equal(2, chain(rs, "filter", "INPUT")->n_rules);
	assert_int_equal(4, chain(rs, "filter", "INPUT")->rules[1].only_family);
	fw_ruleset_free(rs);

	/* nothing says: 0 */
	rs = parse_ok("-P INPUT DROP\n");
	assert_int_equal(0, rs->ip_version);
	assert_null(rs->backend);
	fw_ruleset_free(rs);
}

/* --- errors ------------------------------------------------------------ */

static void expect_error(const struct vakt_error_list *errs, size_t i, int line, int col,
                         const char *want)
{
	assert_true(i < errs->n);
	if (errs->v[i]->line != line || errs->v[i]->column != col || !strstr(errs->v[i]->msg, want))
		fail_msg("error %zu: expected %d:%d '%s', got %d:%d '%s'", i, line, col, want,
		         errs->v[i]->line, errs->v[i]->column, errs->v[i]->msg);
}

static void test_bad_lines(void **state)
{
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs;

	rs = parse("# Generated by iptables-save v1.8.9 (nf_tables) on Mon\n" /* 1 */
	           "COMMIT\n"                                                 /* 2 */
	           "*bogus\n"                                                 /* 3 */
	           "-A INPUT -j ACCEPT\n"                                     /* 4: skipped */
	           "COMMIT\n"                                                 /* 5 */
	           "*filter\n"                                                /* 6 */
	           ":INPUT FOO [0:0]\n"                                       /* 7 */
	           ":INPUT DROP [0:0]\n"                                      /* 8 */
	           ":FORWARD - [0:0]\n"                                       /* 9 */
	           ":USER ACCEPT [0:0]\n"                                     /* 10 */
	           ":OUTPUT ACCEPT [x:0]\n"                                   /* 11 */
	           ":-bad - [0:0]\n"                                          /* 12 */
	           "  what is this\n"                                         /* 13 */
	           "-A UNDECLARED -p tcp --dport 22 -j ACCEPT\n"              /* 14 */
	           "-A INPUT -p tcp --dport x -j ACCEPT\n"                    /* 15 */
	           "-A INPUT -i lo -j ACCEPT\n"                               /* 16 */
	           "[1:x] -A INPUT -j DROP\n"                                 /* 17 */
	           "[1:1] -P INPUT DROP\n"                                    /* 18 */
	           "[1:1]\n"                                                  /* 19 */
	           "-D INPUT 1\n"                                             /* 20 */
	           "-I INPUT 2 -j DROP\n"                                     /* 21 */
	           "-A\n"                                                     /* 22 */
	           "*nat\n"                                                   /* 23 */
	           ":POSTROUTING ACCEPT [0:0]\n"                              /* 24 */
	           "COMMIT\n"                                                 /* 25 */
	           "COMMIT\n"                                                 /* 26 */
	           ":INPUT ACCEPT [0:0]\n"                                    /* 27 */
	           "*raw\n",                                                  /* 28 */
	           &errs);
	assert_non_null(rs);
	expect_error(&errs, 0, 2, 1, "'COMMIT' with no table open");
	expect_error(&errs, 1, 3, 2, "expected a table name");
	expect_error(&errs, 2, 7, 8,
	             "expected the policy ACCEPT or DROP for built-in chain 'INPUT'");
	expect_error(&errs, 3, 9, 10, "got '-'");
	expect_error(&errs, 4, 10, 7, "expected '-' (no policy) for user chain 'USER'");
	expect_error(&errs, 5, 11, 16, "expected ':OUTPUT POLICY [packets:bytes]'");
	expect_error(&errs, 6, 12, 2, "expected a chain name");
	expect_error(&errs, 7, 13, 3, "expected a table ('*filter')");
	expect_error(&errs, 8, 14, 4, "chain 'UNDECLARED' is not declared in table 'filter'");
	expect_error(&errs, 9, 15, 25, "expected a port");
	expect_error(&errs, 10, 17, 1, "expected counters");
	expect_error(&errs, 11, 18, 7, "expected '-A' or '-I' after the counters");
	expect_error(&errs, 12, 19, 1, "expected a command");
	expect_error(&errs, 13, 20, 1, "got '-D'");
	expect_error(&errs, 14, 21, 10, "an insertion further down");
	expect_error(&errs, 15, 22, 1, "expected a chain name");
	expect_error(&errs, 16, 23, 1, "expected 'COMMIT' to end table 'filter' opened at line 6");
	expect_error(&errs, 17, 26, 1, "'COMMIT' with no table open");
	expect_error(&errs, 18, 27, 1, "a chain outside a table");
	expect_error(&errs, 19, 28, 1, "expected 'COMMIT' to end table 'raw' opened at line 28");
	assert_int_equal(20, errs.n);
	/* what could be read was */
	assert_int_equal(FW_VERDICT_DROP, chain(rs, "filter", "INPUT")->policy);
	assert_int_equal(1, chain(rs, "filter", "INPUT")->n_rules);
	assert_int_equal(16, chain(rs, "filter", "INPUT")->rules[0].line);
	assert_int_equal(1, chain(rs, "filter", "UNDECLARED")->n_rules);
	assert_null(chain(rs, "filter", "FORWARD"));
	assert_true(rs->fragment);
	vakt_error_list_release(&errs);
	fw_ruleset_free(rs);
}

static void test_chain_lines(void **state)
{
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs;

	rs = parse("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP\n:INPUT DROP [1:2]\n"
	           ":USER - [0:0]\n:USER - [0:0]\n-N USER\n-N OTHER\n:INPUT\n"
	           ":X - [0:0] extra\n-P INPUT ACCEPT extra\n-P USER DROP\nCOMMIT\n",
	           &errs);
	/* a second declaration sets the policy again; -N and -P work inside a table too */
	assert_int_equal(FW_VERDICT_DROP, chain(rs, "filter", "INPUT")->policy);
	assert_int_equal(4, chain(rs, "filter", "INPUT")->line);
	assert_int_equal(FW_VERDICT_DROP, chain(rs, "filter", "FORWARD")->policy);
	assert_int_equal(4, rs->tables[0].n_chains);
	assert_non_null(chain(rs, "filter", "OTHER"));
	expect_error(&errs, 0, 9, 1, "expected ':INPUT POLICY [packets:bytes]'");
	expect_error(&errs, 1, 10, 12, "expected ':X POLICY");
	expect_error(&errs, 2, 11, 1, "expected '-P CHAIN ACCEPT|DROP'");
	expect_error(&errs, 3, 12, 1, "expected '-P CHAIN ACCEPT|DROP'");
	assert_int_equal(4, errs.n);
	vakt_error_list_release(&errs);
	fw_ruleset_free(rs);

	/* iptables -S: --table, -4 in an IPv6 listing, the long commands */
	rs = parse_ver("ip6tables -S",
	               "-P INPUT DROP\n-P FORWARD DROP\n--table nat --new-chain N\n"
	               "--table nat --append N -j RETURN\n--append INPUT -4 -j ACCEPT\n"
	               "--insert INPUT -i lo -j ACCEPT\n--policy OUTPUT DROP\n--flush FORWARD\n",
	               6, &errs);
	assert_int_equal(0, errs.n);
	assert_int_equal(1, chain(rs, "filter", "INPUT")->n_rules);
	assert_string_equal("lo", chain(rs, "filter", "INPUT")->rules[0].iif.name);
	assert_int_equal(FW_VERDICT_DROP, chain(rs, "filter", "OUTPUT")->policy);
	assert_int_equal(FW_VERDICT_RETURN, chain(rs, "nat", "N")->rules[0].verdict);
	fw_ruleset_free(rs);

	/* headers vakt does not know say nothing */
	rs = parse_ok(
	    "# Generated by something-else v1\n# Generated by iptables-save v1.4.21 on Mon\n"
	    "-P INPUT DROP\n");
	assert_int_equal(4, rs->ip_version);
	assert_string_equal("legacy", rs->backend);
	fw_ruleset_free(rs);
}

static void test_more_options(void **state)
{
	struct fw_ruleset *rs;
	const struct fw_rule *r;

	rs = one_rule_ok("-m comment --comment x --bogus 1 --set-counters 1 2 -j ACCEPT");
	r = only_rule(rs);
	assert_string_equal("x", r->comment);
	assert_string_equal("-m comment --bogus 1", r->opaque[0].text);
	fw_ruleset_free(rs);

	/* an unknown match's options, a '!' before the next option, a value "-1" */
	rs = one_rule_ok("-m foo --a -1 --b ! -s 10.0.0.1 -j SNAT --to-source 10.0.0.1 "
	                 "--to-source 10.0.0.2");
	r = only_rule(rs);
	assert_string_equal("-m foo --a -1 --b", r->opaque[0].text);
	assert_true(r->src.negate);
	assert_prefix(&r->to_addr, "10.0.0.1");
	fw_ruleset_free(rs);

	one_rule_bad("-m \"a b\" -j ACCEPT", 4, "expected a match name");
	one_rule_bad("-i eth/0 -j ACCEPT", 4, "interface name");
	one_rule_bad("-s a.example.com,b.example.com -j ACCEPT", 4, "expected an address");
	one_rule_bad("-j DNAT --to-destination [fd00::2]x", 26, "expected ADDRESS[:PORT]");
	one_rule_bad("-j DNAT --to-destination 10.0.0.1:1-x", 26, "expected ADDRESS[:PORT]");
	one_rule_bad("-j REDIRECT --to-ports 1-x", 24, "expected a port");
}

static void test_nothing_usable(void **state)
{
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs;

	/* nothing at all: an empty rule set (ip6tables-save with no table loaded prints nothing) */
	rs = parse_ok("");
	assert_int_equal(0, rs->n_tables);
	assert_true(rs->fragment);
	fw_ruleset_free(rs);
	rs = parse_ok("# only a comment\n\n   \n");
	assert_int_equal(0, rs->n_tables);
	fw_ruleset_free(rs);

	/* only bad lines: an error */
	assert_null(parse("hello world\nthis is not a dump\n", &errs));
	assert_int_equal(2, errs.n);
	vakt_error_list_release(&errs);

	/* a NUL byte */
	{
		struct vakt_source *src = vakt_source_from_mem("nul", "*filter\nCO\0MIT\n", 15);

		assert_int_equal(0, fw_parse_iptables(src, 0, &rs, &errs));
		expect_error(&errs, 0, 2, 3, "unexpected NUL byte");
		vakt_source_free(src);
		fw_ruleset_free(rs);
		vakt_error_list_release(&errs);
	}
}

static void test_crlf_and_blanks(void **state)
{
	struct fw_ruleset *rs =
	    parse_ok("*filter\r\n:INPUT DROP [0:0]\r\n\t:FORWARD DROP [0:0]  \r\n"
	             "  -A INPUT -i lo -j ACCEPT  \r\nCOMMIT\r\n");

	assert_int_equal(1, chain(rs, "filter", "INPUT")->n_rules);
	assert_string_equal("-A INPUT -i lo -j ACCEPT",
	                    chain(rs, "filter", "INPUT")->rules[0].text);
	assert_false(rs->fragment);
	fw_ruleset_free(rs);
}

static void test_many_errors(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs;

	vakt_buf_adds(&b, "*filter\n:INPUT DROP [0:0]\n");
	for (int i = 0; i < 150; i++)
		vakt_buf_adds(&b, "-A INPUT --nope\n");
	vakt_buf_adds(&b, "COMMIT\n");
	rs = parse(b.data, &errs);
	assert_non_null(rs);
	assert_int_equal(101, errs.n);
	expect_error(&errs, 99, 102, 10, "unknown option");
	assert_string_equal("50 more bad lines not reported (the first 100 are)", errs.v[100]->msg);
	vakt_error_list_release(&errs);
	fw_ruleset_free(rs);
	vakt_buf_release(&b);
}

/* --- ceilings ---------------------------------------------------------- */

static void test_max_line(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs;
	char *pad = vakt_xmalloc(FW_MAX_LINE + 2);

	/* a comment of exactly FW_MAX_LINE bytes is read; one byte more is refused */
	memset(pad, 'x', FW_MAX_LINE + 1);
	pad[0] = '#';
	pad[FW_MAX_LINE] = '\0';
	vakt_buf_adds(&b, "*filter\n:INPUT DROP [0:0]\n");
	vakt_buf_adds(&b, pad);
	vakt_buf_adds(&b, "\n-A INPUT -m comment --comment ");
	pad[0] = 'y';
	pad[FW_MAX_LINE - 30] = '\0'; /* the line: 30 + FW_MAX_LINE - 30 + " -j DROP" */
	vakt_buf_adds(&b, pad);
	vakt_buf_adds(&b, " -j DROP\n-A INPUT -j ACCEPT\nCOMMIT\n");
	rs = parse(b.data, &errs);
	assert_int_equal(1, errs.n);
	expect_error(&errs, 0, 4, FW_MAX_LINE + 1, "longer than 65536 bytes (FW_MAX_LINE)");
	assert_int_equal(1, chain(rs, "filter", "INPUT")->n_rules);
	assert_int_equal(FW_VERDICT_ACCEPT, chain(rs, "filter", "INPUT")->rules[0].verdict);
	vakt_error_list_release(&errs);
	fw_ruleset_free(rs);
	vakt_buf_release(&b);
	free(pad);
}

/* lines "-A INPUT -j ACCEPT" n times, in an iptables -S listing */
static struct vakt_source *many_rules(size_t n)
{
	static const char line[] = "-A INPUT -j ACCEPT\n";
	size_t len = n * (sizeof(line) - 1);
	char *text = vakt_xmalloc(len + 1);
	struct vakt_source *src;

	for (size_t i = 0; i < n; i++)
		memcpy(text + i * (sizeof(line) - 1), line, sizeof(line) - 1);
	text[len] = '\0';
	src = vakt_source_from_mem("many", text, len);
	free(text);
	return src;
}

static void test_max_rules(void **state)
{
	struct vakt_source *src = many_rules(5);
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs;

	assert_int_equal(0, fw_ipt_parse(src, 4, 3, &rs, &errs));
	assert_int_equal(3, chain(rs, "filter", "INPUT")->n_rules);
	assert_int_equal(1, errs.n);
	expect_error(&errs, 0, 4, 1, "more than 3 rules (FW_MAX_RULES)");
	vakt_error_list_release(&errs);
	fw_ruleset_free(rs);
	vakt_source_free(src);

	/* exactly at the ceiling: no error */
	src = many_rules(3);
	assert_int_equal(0, fw_ipt_parse(src, 4, 3, &rs, &errs));
	assert_int_equal(0, errs.n);
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

/* The real ceiling, FW_MAX_RULES + 1 rules (about 300 MB: not under ASan). */
static void test_max_rules_real(void **state)
{
#ifdef UNDER_ASAN
	print_message("# SKIP: a million rules under AddressSanitizer take too much memory; "
	              "the ceiling's logic is tested with a small one\n");
	skip();
#else
	struct vakt_source *src = many_rules(FW_MAX_RULES + 1);
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs;

	assert_int_equal(0, fw_parse_iptables(src, 4, &rs, &errs));
	assert_int_equal(FW_MAX_RULES, chain(rs, "filter", "INPUT")->n_rules);
	assert_int_equal(1, errs.n);
	expect_error(&errs, 0, FW_MAX_RULES + 1, 1, "more than 1000000 rules");
	vakt_error_list_release(&errs);
	fw_ruleset_free(rs);
	vakt_source_free(src);
#endif
}

/* --- live dumps -------------------------------------------------------- */

/*
 * Run script with sh in a new network namespace and parse what it prints,
 * or NULL (with the reason) when that cannot be done here.
 */
static struct fw_ruleset *live(const char *name, const char *script, uint8_t ver, const char **why)
{
	struct vakt_buf out = VAKT_BUF_INIT;
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs = NULL;
	struct vakt_source *src;
	char *cmd, buf[4096];
	size_t n;
	FILE *f;

	if (geteuid() != 0) {
		*why = "not root: unshare -n needs CAP_SYS_ADMIN";
		return NULL;
	}
	if (system("unshare -n true 2>/dev/null") != 0) {
		*why = "unshare -n does not work here";
		return NULL;
	}
	cmd = vakt_xasprintf("unshare -n sh -ec '%s' 2>/dev/null", script);
	f = popen(cmd, "r");
	free(cmd);
	if (!f) {
		*why = "popen failed";
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		vakt_buf_add(&out, buf, n);
	if (pclose(f) != 0) {
		*why = "the iptables tools failed in the namespace (not installed?)";
		vakt_buf_release(&out);
		return NULL;
	}
	src = vakt_source_from_mem(name, out.data ? out.data : "", out.len);
	assert_int_equal(0, fw_parse_iptables(src, ver, &rs, &errs));
	for (size_t i = 0; i < errs.n; i++)
		print_message("# %s: %d:%d: %s\n", name, errs.v[i]->line, errs.v[i]->column,
		              errs.v[i]->msg);
	assert_int_equal(0, errs.n);
	vakt_error_list_release(&errs);
	vakt_source_free(src);
	vakt_buf_release(&out);
	return rs;
}

static void test_live(void **state)
{
	const char *why = NULL;
	struct fw_ruleset *rs;
	const struct fw_chain *c;

	rs = live("iptables-save",
	          "command -v iptables-save >/dev/null; "
	          "iptables -P INPUT DROP; iptables -P FORWARD DROP; "
	          "iptables -A INPUT -i lo -j ACCEPT; "
	          "iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT; "
	          "iptables -A INPUT -s 10.8.0.0/24 -p tcp --dport 22 -j ACCEPT; "
	          "iptables -A INPUT -p tcp -m multiport --dports 80,443 -m comment --comment "
	          "\"web and tls\" -j ACCEPT; "
	          "iptables -N DOCKER-USER; iptables -A FORWARD -j DOCKER-USER; "
	          "iptables -A DOCKER-USER -j RETURN; "
	          "iptables -t nat -N DOCKER; "
	          "iptables -t nat -A DOCKER ! -i docker0 -p tcp --dport 8080 -j DNAT "
	          "--to-destination 172.17.0.2:80; "
	          "iptables-save; iptables-save -c",
	          0, &why);
	if (!rs) {
		print_message("# SKIP: %s\n", why);
		skip();
	}
	/* two dumps of the same rules (the second with counters): the second adds to the first */
	assert_int_equal(4, rs->ip_version);
	assert_non_null(rs->backend);
	assert_false(rs->fragment);
	c = chain(rs, "filter", "INPUT");
	assert_int_equal(FW_VERDICT_DROP, c->policy);
	assert_int_equal(8, c->n_rules);
	assert_string_equal(c->rules[2].text, c->rules[6].text);
	assert_string_equal("web and tls", c->rules[3].comment);
	assert_ports(&c->rules[2].dport, 0, 22, 22);
	assert_ports(&c->rules[3].dport, 1, 443, 443);
	c = chain(rs, "nat", "DOCKER");
	assert_int_equal(FW_VERDICT_DNAT, c->rules[0].verdict);
	assert_int_equal(80, c->rules[0].to_ports.lo);
	fw_ruleset_free(rs);

	rs = live("ip6tables-save",
	          "ip6tables -P INPUT DROP; ip6tables -A INPUT -p ipv6-icmp -j ACCEPT; "
	          "ip6tables -A INPUT -s fd00::/8 -p tcp --dport 22 -j ACCEPT; ip6tables-save",
	          6, &why);
	assert_non_null(rs);
	assert_int_equal(6, rs->ip_version);
	assert_prefix(&chain(rs, "filter", "INPUT")->rules[1].src.v[0], "fd00::/8");
	fw_ruleset_free(rs);

	/* the legacy backend, when its kernel modules load */
	rs = live("iptables-legacy-save",
	          "iptables-legacy -P INPUT DROP; iptables-legacy -A INPUT -i lo -j ACCEPT; "
	          "iptables-legacy-save",
	          0, &why);
	if (rs) {
		assert_string_equal("legacy", rs->backend);
		assert_int_equal(FW_VERDICT_DROP, chain(rs, "filter", "INPUT")->policy);
		fw_ruleset_free(rs);
	} else {
		print_message("# note: legacy backend not checked: %s\n", why);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fixture_default_deny),
	    cmocka_unit_test(test_fixture_accept_all),
	    cmocka_unit_test(test_fixture_ipv6),
	    cmocka_unit_test(test_fixture_docker),
	    cmocka_unit_test(test_fixture_kube_proxy),
	    cmocka_unit_test(test_fixture_ufw),
	    cmocka_unit_test(test_fixture_not_shown),
	    cmocka_unit_test(test_counters_and_insert),
	    cmocka_unit_test(test_iptables_S),
	    cmocka_unit_test(test_flush),
	    cmocka_unit_test(test_quoting),
	    cmocka_unit_test(test_negation),
	    cmocka_unit_test(test_interfaces),
	    cmocka_unit_test(test_addresses),
	    cmocka_unit_test(test_protocols),
	    cmocka_unit_test(test_ports),
	    cmocka_unit_test(test_conntrack),
	    cmocka_unit_test(test_addrtype_and_opaque),
	    cmocka_unit_test(test_targets),
	    cmocka_unit_test(test_nat_targets),
	    cmocka_unit_test(test_nat_ipv6),
	    cmocka_unit_test(test_versions),
	    cmocka_unit_test(test_bad_lines),
	    cmocka_unit_test(test_chain_lines),
	    cmocka_unit_test(test_more_options),
	    cmocka_unit_test(test_nothing_usable),
	    cmocka_unit_test(test_crlf_and_blanks),
	    cmocka_unit_test(test_many_errors),
	    cmocka_unit_test(test_max_line),
	    cmocka_unit_test(test_max_rules),
	    cmocka_unit_test(test_max_rules_real),
	    cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
