/* SPDX-License-Identifier: MIT */
/*
 * `nft -j list ruleset` JSON (fw-nft-json.c): the real dumps of
 * tests/firewall/nft/ (the iptables-nft `xt` fallback among them), rule
 * lines in a pretty-printed dump, the statements libnftables-json(5)
 * describes, the command-wrapped input form, errors and the nesting
 * ceiling. That text and JSON give the same model is test-fw-nft's.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

static bool has_err(const char *what, int line, int col)
{
	for (size_t i = 0; i < errs.n; i++)
		if (strstr(errs.v[i]->msg, what) && (line <= 0 || errs.v[i]->line == line) &&
		    (col <= 0 || errs.v[i]->column == col))
			return true;
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

static char *fixture(const char *rel)
{
	const char *f = __FILE__, *slash = strrchr(f, '/');
	size_t n = slash ? (size_t)(slash - f) : 0;

	return vakt_xasprintf("%.*s%s../firewall/nft/%s", (int)n, f, n ? "/" : "", rel);
}

static struct vakt_source *read_fixture(const char *rel)
{
	char *path = fixture(rel);
	struct vakt_source *src = NULL;
	struct vakt_error *err = NULL;

	assert_int_equal(0, vakt_source_read(path, VAKT_MAX_FILE_BYTES, &src, &err));
	free(path);
	return src;
}

static struct fw_ruleset *parse_src(struct vakt_source *src)
{
	struct fw_ruleset *rs = NULL;

	errs_reset();
	assert_int_equal(0, fw_parse_nft_json(src, &rs, &errs));
	assert_non_null(rs);
	return rs;
}

static struct fw_ruleset *parse(const char *json)
{
	struct vakt_source *src = vakt_source_from_mem("r.json", json, strlen(json));
	struct fw_ruleset *rs = parse_src(src);

	vakt_source_free(src);
	return rs;
}

static const struct fw_chain *chain(const struct fw_ruleset *rs, enum fw_family f,
                                    const char *table, const char *name)
{
	const struct fw_table *t = fw_ruleset_table((struct fw_ruleset *)rs, table, f);
	const struct fw_chain *c = t ? fw_table_chain(t, name) : NULL;

	if (!c)
		fail_msg("no chain %s %s %s", fw_family_name(f), table, name);
	return c;
}

/* A ruleset of table inet t, chain c (base input, drop) and the rules given (JSON objects). */
static struct fw_ruleset *with_rules(const char *rules)
{
	char *json = vakt_xasprintf(
	    "{\"nftables\": [{\"metainfo\": {\"json_schema_version\": 1}},"
	    "{\"table\": {\"family\": \"inet\", \"name\": \"t\", \"handle\": 1}},"
	    "{\"chain\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"c\", \"handle\": 1,"
	    " \"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"drop\"}}%s%s]}",
	    rules[0] ? "," : "", rules);
	struct fw_ruleset *rs = parse(json);

	free(json);
	return rs;
}

#define RULE(expr)                                                                                 \
	"{\"rule\": {\"family\": \"inet\", \"table\": \"t\", \"chain\": \"c\", \"expr\": [" expr   \
	"]}}"
#define MATCH(left, op, right)                                                                     \
	"{\"match\": {\"op\": \"" op "\", \"left\": " left ", \"right\": " right "}}"
#define PAYLOAD(p, f) "{\"payload\": {\"protocol\": \"" p "\", \"field\": \"" f "\"}}"
#define META(k)       "{\"meta\": {\"key\": \"" k "\"}}"

static void test_default_deny(void **state)
{
	const char *files[] = {"default-deny.json", "default-deny.pretty.json"};

	for (size_t i = 0; i < 2; i++) {
		struct vakt_source *src = read_fixture(files[i]);
		struct fw_ruleset *rs = parse_src(src);
		const struct fw_chain *in = chain(rs, FW_FAMILY_INET, "filter", "input");

		assert_int_equal(0, errs.n);
		assert_int_equal(FW_FORMAT_NFT_JSON, rs->format);
		assert_false(rs->fragment);
		assert_int_equal(FW_VERDICT_DROP, in->policy);
		assert_int_equal(7, in->n_rules);
		assert_string_equal("lo", in->rules[0].iif.name);
		assert_string_equal("vpn", in->rules[3].src.set_name);
		assert_int_equal(2, in->rules[3].src.n);
		assert_string_equal("dropped by policy", in->rules[6].comment);
		assert_string_equal("ip saddr @vpn tcp dport 22 accept", in->rules[3].text);
		if (i == 0) {
			/* nft -j writes one line */
			assert_int_equal(1, in->rules[3].line);
		} else {
			/* pretty-printed: each rule at the line where its object opens */
			int want = 0, seen = 0;

			for (int l = 1; l <= (int)src->n_lines; l++) {
				size_t n;
				const char *s = vakt_source_line(src, l, &n);

				if (memmem(s, n, "\"rule\": {", 9) && seen++ == 3) {
					want = l - 1;
					break;
				}
			}
			assert_true(want > 100);
			assert_int_equal(want, in->rules[3].line);
			assert_true(in->rules[0].line < in->rules[1].line);
			assert_int_equal(43, in->line);
			assert_int_equal(10, fw_ruleset_table(rs, "filter", FW_FAMILY_INET)->line);
		}
		fw_ruleset_free(rs);
		vakt_source_free(src);
	}
}

/* iptables-nft: xt matches opaque, xt targets as verdicts, the tables marked. */
static void test_iptables_xt(void **state)
{
	struct vakt_source *src = read_fixture("iptables-nft.json");
	struct fw_ruleset *rs = parse_src(src);
	const struct fw_chain *c;

	assert_int_equal(0, errs.n);
	assert_true(fw_ruleset_table(rs, "filter", FW_FAMILY_IP)->iptables_managed);
	assert_true(fw_ruleset_table(rs, "nat", FW_FAMILY_IP)->iptables_managed);
	/* no rule in ip6 filter, so nothing tells */
	assert_false(fw_ruleset_table(rs, "filter", FW_FAMILY_IP6)->iptables_managed);
	c = chain(rs, FW_FAMILY_IP, "filter", "INPUT");
	assert_int_equal(0, c->rules[1].ct_states);
	assert_int_equal(1, c->rules[1].n_opaque);
	assert_string_equal("xt match conntrack", c->rules[1].opaque[0].text);
	assert_int_equal(6, c->rules[3].proto);
	assert_int_equal(0, c->rules[3].dport.n);
	assert_string_equal("xt match multiport", c->rules[3].opaque[0].text);
	c = chain(rs, FW_FAMILY_IP, "nat", "DOCKER");
	assert_int_equal(FW_VERDICT_DNAT, c->rules[0].verdict);
	assert_int_equal(0, c->rules[0].to_addr.len);
	c = chain(rs, FW_FAMILY_IP, "nat", "POSTROUTING");
	assert_int_equal(FW_VERDICT_SNAT, c->rules[0].verdict);
	assert_int_equal(FW_ADDRTYPE_ANY,
	                 chain(rs, FW_FAMILY_IP, "nat", "PREROUTING")->rules[0].dst.addrtype);
	fw_ruleset_free(rs);
	vakt_source_free(src);

	rs = with_rules(RULE("{\"xt\": {\"type\": \"target\", \"name\": \"CT\"}}") "," RULE(
	    "{\"xt\": {\"type\": \"watcher\", \"name\": \"LOG\"}}, {\"xt\": {\"type\": \"target\", "
	    "\"name\": \"REJECT\"}}") "," RULE("{\"xt\": {\"type\": \"target\", \"name\": "
	                                       "\"REDIRECT\"}}"));
	c = chain(rs, FW_FAMILY_INET, "t", "c");
	assert_int_equal(FW_VERDICT_OTHER, c->rules[0].verdict);
	assert_string_equal("CT", c->rules[0].target);
	assert_int_equal(FW_VERDICT_REJECT, c->rules[1].verdict);
	assert_int_equal(0, c->rules[1].n_opaque);
	assert_int_equal(FW_VERDICT_REDIRECT, c->rules[2].verdict);
	assert_true(rs->tables[0].iptables_managed);
	fw_ruleset_free(rs);
}

static void test_matches(void **state)
{
	struct fw_ruleset
	    *
	        rs =
	            with_rules(
	                RULE(
	                    MATCH(META("iifname"), "!=", "\"eth*\"") "," MATCH(
	                        META("oif"), "==",
	                        "\"lo\"") ",{\"accept\": null}") "," RULE(MATCH(PAYLOAD("ip",
	                                                                                "saddr"),
	                                                                        "==",
	                                                                        "{\"set\": "
	                                                                        "[{\"prefix\": "
	                                                                        "{\"addr\": "
	                                                                        "\"10.0.0.0\", "
	                                                                        "\"len\": 8}}, "
	                                                                        "{\"range\": "
	                                                                        "[\"192.0.2.1\", "
	                                                                        "\"192.0.2.2\"]}, "
	                                                                        "\"198.51.100.7\"]"
	                                                                        "}") "," MATCH(PAYLOAD("tcp",
	                                                                                               "dport"),
	                                                                                       "==",
	                                                                                       "{\""
	                                                                                       "ran"
	                                                                                       "ge"
	                                                                                       "\":"
	                                                                                       " ["
	                                                                                       "100"
	                                                                                       "0, "
	                                                                                       "200"
	                                                                                       "0]"
	                                                                                       "}") ",{\"drop\": null}") "," RULE(MATCH(META("l4proto"),
	                                                                                                                                "==",
	                                                                                                                                "{\"set\": [\"tcp\", \"udp\"]}") "," MATCH(PAYLOAD("th", "dport"), "!=", "53") ",{\"reject\": {\"type\": \"icmpx\", "
	                                                                                                                                                                                                               "\"expr\": \"admin-prohibited\"}}") "," RULE(MATCH("{\"ct\": {\"key\": \"state\"}}", "!=", "[\"established\", \"related\"]") "," MATCH(META("nfproto"), "==", "\"ipv6\"") "," MATCH(PAYLOAD("udp",
	                                                                                                                                                                                                                                                                                                                                                                                                           "sport"),
	                                                                                                                                                                                                                                                                                                                                                                                                   "<",
	                                                                                                                                                                                                                                                                                                                                                                                                   "1024") ",{\"jump\": {\"target\": \"x\"}}") "," RULE(MATCH("{\"fib\": {\"result\": \"type\", \"flags\": [\"daddr\"]}}", "==", "\"local\"") "," MATCH("{\"fib\": {\"result\": \"oif\", \"flags\": [\"saddr\", \"iif\"]}}",
	                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        "==",
	                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        "false") "," MATCH(PAYLOAD("ip6", "daddr"),
	                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                           "==", "\"2001:db8::1\"") "," MATCH(PAYLOAD("icmpv6", "type"), "==", "\"echo-request\"") ",{\"goto\": {\"target\": "
	                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                   "\"y\"}}") "," RULE(MATCH("{\"&\": [" META("mark") ", 255]}", "==", "1") "," MATCH(PAYLOAD("ip",
	                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              "protocol"),
	                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                      "==", "\"tcp\"") "," MATCH(PAYLOAD("tcp",
	                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                         "flags"),
	                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                 "==",
	                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                 "\"syn\"") ",{\"limit\": {\"rate\": 10, \"per\": "
	                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                            "\"second\", \"inv\": true}}"
	                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                            ",{\"counter\": null},{\"log\": {\"prefix\": \"x\"}},{\"quota\": {\"val\": 1}}"
	                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                            ",{\"queue\": {\"num\": 1}}"));
	const struct fw_chain *c = chain(rs, FW_FAMILY_INET, "t", "c");
	const struct fw_rule *r;
	char buf[64];

	print_errs();
	assert_int_equal(0, errs.n);
	assert_int_equal(6, c->n_rules);
	r = &c->rules[0];
	assert_string_equal("eth", r->iif.name);
	assert_true(r->iif.wildcard && r->iif.negate);
	assert_string_equal("lo", r->oif.name);
	assert_int_equal(FW_VERDICT_ACCEPT, r->verdict);
	r = &c->rules[1];
	/* 192.0.2.1-192.0.2.2 is two host prefixes: .1 starts no /31 */
	assert_int_equal(4, r->src.n);
	assert_string_equal("10.0.0.0/8", fw_prefix_format(&r->src.v[0], buf, sizeof(buf)));
	assert_string_equal("192.0.2.1", fw_prefix_format(&r->src.v[1], buf, sizeof(buf)));
	assert_int_equal(1000, r->dport.v[0].lo);
	assert_int_equal(2000, r->dport.v[0].hi);
	assert_int_equal(6, r->proto);
	assert_int_equal(FW_VERDICT_DROP, r->verdict);
	r = &c->rules[2];
	assert_int_equal(3, r->protos_any_of);
	assert_true(r->dport.negate);
	assert_int_equal(FW_VERDICT_REJECT, r->verdict);
	r = &c->rules[3];
	assert_int_equal(FW_CT_ESTABLISHED | FW_CT_RELATED, r->ct_states);
	assert_true(r->ct_negate);
	assert_int_equal(6, r->only_family);
	assert_int_equal(0, r->sport.v[0].lo);
	assert_int_equal(1023, r->sport.v[0].hi);
	assert_int_equal(FW_VERDICT_JUMP, r->verdict);
	assert_string_equal("x", r->target);
	r = &c->rules[4];
	assert_int_equal(FW_ADDRTYPE_LOCAL, r->dst.addrtype);
	assert_int_equal(2, r->n_opaque); /* fib oif, icmpv6 type */
	assert_int_equal(58, r->proto);
	assert_int_equal(FW_VERDICT_GOTO, r->verdict);
	r = &c->rules[5];
	/* meta mark & 255, tcp flags, limit over, quota */
	assert_int_equal(4, r->n_opaque);
	assert_string_equal("limit rate over", r->opaque[2].text);
	assert_int_equal(6, r->proto);
	assert_int_equal(FW_VERDICT_QUEUE, r->verdict);
	fw_ruleset_free(rs);
}

static void test_sets_nat(void **state)
{
	struct fw_ruleset *rs = with_rules(
	    "{\"set\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"ports\", \"type\": "
	    "\"inet_service\", \"elem\": [22, {\"range\": [8000, 8080]}]}},"
	    "{\"set\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"dyn\", \"type\": "
	    "\"ipv4_addr\", \"flags\": [\"dynamic\"]}},"
	    "{\"set\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"pairs\", \"type\": "
	    "[\"ipv4_addr\", \"inet_service\"]}},"
	    "{\"map\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"m\", \"type\": "
	    "\"ipv4_addr\", \"map\": \"verdict\"}},"
	    "{\"set\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"v4\", \"type\": "
	    "\"ipv4_addr\", \"elem\": [{\"elem\": {\"val\": \"10.1.0.0\", \"timeout\": 60}}, "
	    "{\"concat\": [1, 2]}]}},"
	    "{\"set\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"ok\", \"type\": "
	    "\"ipv4_addr\", \"elem\": [\"10.2.0.1\"]}}," RULE(MATCH(PAYLOAD("tcp", "dport"), "==", "\"@ports\"") ",{\"accept\": null}") "," RULE(
	        MATCH(PAYLOAD("ip", "saddr"), "==",
	              "\"@dyn\"") ",{\"drop\": null}") "," RULE(MATCH(PAYLOAD("ip", "saddr"), "==",
	                                                              "\"@pairs\"") ",{\"drop\": "
	                                                                            "null}") "," RULE(MATCH(PAYLOAD("ip",
	                                                                                                            "saddr"),
	                                                                                                    "==", "\"@v4\"") ",{\"drop\": null}") "," RULE(MATCH(PAYLOAD("ip",
	                                                                                                                                                                 "saddr"),
	                                                                                                                                                         "!=", "\"@ok\"") ",{\"drop\": null}") "," RULE("{\"vmap\": {\"key\": " PAYLOAD("ip", "saddr") ", \"data\": \"@m\"}}") "," RULE("{\"dnat\": {\"family\": \"ip\", \"addr\": \"10.0.0.2\", \"port\": {\"range\": [80, "
	                                                                                                                                                                                                                                                                                        "81]}}}") "," RULE("{\"redirect\": {\"port\": 8080}}") "," RULE("{\"masquerade\": null}") "," RULE("{\"snat\": {\"addr\": {\"map\": {}}}}") "," RULE("{\"mangle\": {}}, {\"fwd\": {}}"));
	const struct fw_chain *c = chain(rs, FW_FAMILY_INET, "t", "c");
	char buf[64];

	print_errs();
	assert_int_equal(0, errs.n);
	assert_int_equal(2, c->rules[0].dport.n);
	assert_int_equal(8080, c->rules[0].dport.v[1].hi);
	assert_true(c->rules[1].src.unresolved);
	assert_true(c->rules[2].src.unresolved);
	assert_true(c->rules[3].src.unresolved); /* a concatenation among its elements */
	assert_false(c->rules[4].src.unresolved);
	assert_true(c->rules[4].src.negate);
	assert_int_equal(1, c->rules[4].src.n);
	assert_int_equal(FW_VERDICT_OTHER, c->rules[5].verdict);
	assert_string_equal("vmap", c->rules[5].target);
	assert_int_equal(FW_VERDICT_DNAT, c->rules[6].verdict);
	assert_string_equal("10.0.0.2", fw_prefix_format(&c->rules[6].to_addr, buf, sizeof(buf)));
	assert_int_equal(80, c->rules[6].to_ports.lo);
	assert_int_equal(81, c->rules[6].to_ports.hi);
	assert_int_equal(FW_VERDICT_REDIRECT, c->rules[7].verdict);
	assert_int_equal(8080, c->rules[7].to_ports.lo);
	assert_int_equal(FW_VERDICT_SNAT, c->rules[8].verdict);
	assert_int_equal(FW_VERDICT_SNAT, c->rules[9].verdict);
	assert_int_equal(0, c->rules[9].to_addr.len);
	assert_int_equal(FW_VERDICT_OTHER, c->rules[10].verdict);
	assert_string_equal("fwd", c->rules[10].target);
	assert_int_equal(0, c->rules[10].n_opaque);
	fw_ruleset_free(rs);
}

/* The input form: objects in add/insert commands, flush ruleset. */
static void test_commands(void **state)
{
	struct fw_ruleset *rs = parse(
	    "{\"nftables\": [\n"
	    "{\"add\": {\"table\": {\"family\": \"ip\", \"name\": \"old\"}}},\n"
	    "{\"flush\": {\"ruleset\": null}},\n"
	    "{\"add\": {\"table\": {\"family\": \"ip\", \"name\": \"f\"}}},\n"
	    "{\"add\": {\"chain\": {\"family\": \"ip\", \"table\": \"f\", \"name\": \"in\", "
	    "\"type\": \"filter\", \"hook\": \"input\", \"prio\": \"filter\", \"policy\": "
	    "\"accept\"}}},\n"
	    "{\"add\": {\"rule\": {\"family\": \"ip\", \"table\": \"f\", \"chain\": \"in\", "
	    "\"expr\": [{\"accept\": null}]}}},\n"
	    "{\"insert\": {\"rule\": {\"family\": \"ip\", \"table\": \"f\", \"chain\": \"in\", "
	    "\"expr\": [{\"drop\": null}], \"comment\": \"first\"}}}\n"
	    "]}\n");
	const struct fw_chain *c = chain(rs, FW_FAMILY_IP, "f", "in");

	print_errs();
	assert_int_equal(0, errs.n);
	assert_int_equal(1, rs->n_tables);
	assert_int_equal(2, c->n_rules);
	assert_int_equal(FW_VERDICT_DROP, c->rules[0].verdict);
	assert_string_equal("drop comment \"first\"", c->rules[0].text);
	assert_int_equal(7, c->rules[0].line);
	assert_int_equal(6, c->rules[1].line);
	fw_ruleset_free(rs);
}

static void test_errors(void **state)
{
	struct vakt_source *src;
	struct fw_ruleset *rs = (struct fw_ruleset *)&rs;
	struct vakt_buf b = VAKT_BUF_INIT;

	/* not JSON: the position jansson gives */
	src = vakt_source_from_mem("r.json", "{\"nftables\": [\n  {\"table\": }\n]}", 31);
	errs_reset();
	assert_int_equal(-EINVAL, fw_parse_nft_json(src, &rs, &errs));
	assert_null(rs);
	assert_true(has_err("invalid JSON", 2, 13));
	vakt_source_free(src);

	src = vakt_source_from_mem("r.json", "[1, 2]", 6);
	errs_reset();
	assert_int_equal(-EINVAL, fw_parse_nft_json(src, &rs, &errs));
	assert_true(has_err("expected an object with an \"nftables\" array", 1, 1));
	vakt_source_free(src);

	/* deeper than FW_MAX_NEST */
	vakt_buf_adds(&b, "{\"nftables\": [\n");
	for (int i = 0; i < FW_MAX_NEST; i++)
		vakt_buf_addc(&b, '[');
	src = vakt_source_from_mem("r.json", b.data, b.len);
	errs_reset();
	assert_int_equal(-EINVAL, fw_parse_nft_json(src, &rs, &errs));
	assert_true(has_err("JSON nested deeper than 64 levels", 2, 63));
	vakt_source_free(src);
	vakt_buf_release(&b);

	/* bad objects are reported at their line and skipped */
	rs = parse("{\"nftables\": [\n"
	           "3,\n"
	           "{\"table\": {\"name\": \"x\"}},\n"
	           "{\"chain\": {\"family\": \"ip\", \"name\": \"c\"}},\n"
	           "{\"rule\": {\"family\": \"ip\", \"table\": \"x\", \"chain\": \"c\", \"expr\": "
	           "[]}},\n"
	           "{\"table\": {\"family\": \"ip\", \"name\": \"x\"}},\n"
	           "{\"chain\": {\"family\": \"ip\", \"table\": \"x\", \"name\": \"c\", \"hook\": "
	           "\"sideways\"}},\n"
	           "{\"rule\": {\"family\": \"ip\", \"table\": \"x\", \"chain\": \"c\"}},\n"
	           "{\"table\": 7},\n"
	           "{\"rule\": {\"family\": \"ip\", \"table\": \"x\", \"chain\": \"c\", \"expr\": "
	           "[7, {\"a\": 1, \"b\": 2}, {\"frobnicate\": {}}]}},\n"
	           "{\"metainfo\": {}}\n"
	           "]}\n");
	print_errs();
	assert_true(has_err("expected an object with one key in the nftables array", 2, 0));
	assert_true(has_err("expected \"family\" and \"name\" in the table object", 3, 0));
	assert_true(
	    has_err("expected \"family\", \"table\" and \"name\" in the chain object", 4, 0));
	assert_true(has_err("no chain 'c' in table ip x before its rule", 5, 0));
	assert_true(has_err("unknown hook 'sideways' of chain 'c'", 7, 0));
	assert_true(has_err("expected an \"expr\" array in the rule of chain 'c'", 8, 0));
	assert_true(has_err("expected an object as the value of 'table'", 9, 0));
	assert_int_equal(7, errs.n);
	/* a chain without hook: a user chain; the rule's unknown statements are opaque */
	assert_int_equal(1, chain(rs, FW_FAMILY_IP, "x", "c")->n_rules);
	assert_int_equal(3, chain(rs, FW_FAMILY_IP, "x", "c")->rules[0].n_opaque);
	assert_true(rs->fragment);
	fw_ruleset_free(rs);

	/* a chain listed again with a hook vakt does not know keeps what it had */
	rs = parse("{\"nftables\": [\n"
	           "{\"chain\": {\"family\": \"ip\", \"table\": \"x\", \"name\": \"c\", \"type\": "
	           "\"nat\", \"hook\": \"postrouting\", \"prio\": \"srcnat\"}},\n"
	           "{\"chain\": {\"family\": \"ip\", \"table\": \"x\", \"name\": \"c\", \"type\": "
	           "\"nat\", \"hook\": \"rostrouting\"}}\n"
	           "]}\n");
	assert_true(has_err("unknown hook 'rostrouting' of chain 'c'", 3, 0));
	assert_int_equal(FW_HOOK_POSTROUTING, chain(rs, FW_FAMILY_IP, "x", "c")->hook);
	assert_string_equal("nat", chain(rs, FW_FAMILY_IP, "x", "c")->type);
	assert_int_equal(100, chain(rs, FW_FAMILY_IP, "x", "c")->priority);
	fw_ruleset_free(rs);

	/* a dormant table applies no rule (nft 1.0.6 writes its name as the flags: kept) */
	rs = parse("{\"nftables\": [\n"
	           "{\"table\": {\"family\": \"ip\", \"name\": \"a\", \"flags\": [\"dormant\"]}},\n"
	           "{\"table\": {\"family\": \"ip\", \"name\": \"b\", \"flags\": \"dormant\"}},\n"
	           "{\"table\": {\"family\": \"ip\", \"name\": \"c\", \"flags\": \"c\"}}\n"
	           "]}\n");
	assert_true(has_err("table ip a is dormant", 2, 0));
	assert_true(has_err("table ip b is dormant", 3, 0));
	assert_int_equal(2, errs.n);
	assert_int_equal(VAKT_WARNING_CODE, errs.v[0]->code);
	assert_int_equal(1, rs->n_tables);
	assert_string_equal("c", rs->tables[0].name);
	fw_ruleset_free(rs);

	/* an empty ruleset: nothing at all, which is no error (a byte-order mark before it) */
	rs = parse("\xef\xbb\xbf{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}}]}");
	assert_int_equal(0, errs.n);
	assert_int_equal(0, rs->n_tables);
	assert_true(rs->fragment);
	fw_ruleset_free(rs);
}

/* Verdict maps: one rule per entry; what does not expand stays one opaque rule. */
static void test_vmap(void **state)
{
	static const char rules[] = RULE(
	    "{\"counter\": null}, {\"vmap\": {\"key\": {\"meta\": {\"key\": \"iifname\"}}, "
	    "\"data\": {\"set\": [[\"lo\", {\"accept\": null}], [\"eth0\", {\"goto\": "
	    "{\"target\": \"wan\"}}]]}}}") "," RULE("{\"vmap\": {\"key\": {\"meta\": {\"key\": "
	                                            "\"mark\"}}, \"data\": {\"set\": "
	                                            "[[1, {\"drop\": null}]]}}}") "," RULE("{\"vmap"
	                                                                                   "\": "
	                                                                                   "{\"key"
	                                                                                   "\": "
	                                                                                   "{\"meta"
	                                                                                   "\": "
	                                                                                   "{\"key"
	                                                                                   "\": "
	                                                                                   "\"iifna"
	                                                                                   "me\"}},"
	                                                                                   " \"data"
	                                                                                   "\": "
	                                                                                   "{\"set"
	                                                                                   "\": "
	                                                                                   "[["
	                                                                                   "\"lo\","
	                                                                                   " {"
	                                                                                   "\"queue"
	                                                                                   "\": "
	                                                                                   "null}]]"
	                                                                                   "}}}") "," RULE("{\"vmap\": {\"key\": {\"meta\": {\"key\": \"iifname\"}}, \"data\": {\"set\": "
	                                                                                                   "[[\"lo\", {\"jump\": {}}]]}}}") "," RULE("{\"vmap\": {\"key\": {\"meta\": {\"key\": \"iifname\"}}, \"data\": {\"set\": "
	                                                                                                                                             "[[\"lo\"]]}}}");
	struct fw_ruleset *rs = with_rules(rules);
	const struct fw_chain *c = chain(rs, FW_FAMILY_INET, "t", "c");

	assert_int_equal(0, errs.n);
	assert_int_equal(2 + 1 + 3, c->n_rules);
	assert_string_equal("lo", c->rules[0].iif.name);
	assert_int_equal(FW_VERDICT_ACCEPT, c->rules[0].verdict);
	assert_string_equal("eth0", c->rules[1].iif.name);
	assert_int_equal(FW_VERDICT_GOTO, c->rules[1].verdict);
	assert_string_equal("wan", c->rules[1].target);
	assert_string_equal("meta mark 1", c->rules[2].opaque[0].text);
	assert_int_equal(FW_VERDICT_DROP, c->rules[2].verdict);
	for (size_t i = 3; i < 6; i++) {
		assert_int_equal(FW_VERDICT_OTHER, c->rules[i].verdict);
		assert_string_equal("vmap", c->rules[i].target);
		assert_null(c->rules[i].iif.name);
	}
	fw_ruleset_free(rs);
}

/* The rule ceiling, small: rules past it are dropped, one error at the first. */
static void test_max_rules(void **state)
{
	static const char json[] =
	    "{\"nftables\": [\n"
	    "{\"chain\": {\"family\": \"ip\", \"table\": \"x\", \"name\": \"c\"}},\n"
	    "{\"rule\": {\"family\": \"ip\", \"table\": \"x\", \"chain\": \"c\", \"expr\": "
	    "[{\"accept\": null}]}},\n"
	    "{\"rule\": {\"family\": \"ip\", \"table\": \"x\", \"chain\": \"c\", \"expr\": "
	    "[{\"vmap\": {\"key\": {\"meta\": {\"key\": \"iifname\"}}, \"data\": {\"set\": "
	    "[[\"a\", {\"accept\": null}], [\"b\", {\"drop\": null}]]}}}]}},\n"
	    "{\"rule\": {\"family\": \"ip\", \"table\": \"x\", \"chain\": \"c\", \"expr\": "
	    "[{\"drop\": null}]}}\n"
	    "]}\n";
	struct vakt_source *src = vakt_source_from_mem("r.json", json, strlen(json));
	struct fw_ruleset *rs;

	errs_reset();
	assert_int_equal(0, fw_nft_parse_json(src, 2, &rs, &errs));
	assert_int_equal(2, chain(rs, FW_FAMILY_IP, "x", "c")->n_rules);
	assert_int_equal(1, errs.n);
	assert_true(has_err("more than 2 rules (FW_MAX_RULES)", 4, 0));
	fw_ruleset_free(rs);
	errs_reset();
	assert_int_equal(0, fw_nft_parse_json(src, 4, &rs, &errs));
	assert_int_equal(0, errs.n);
	assert_int_equal(4, chain(rs, FW_FAMILY_IP, "x", "c")->n_rules);
	fw_ruleset_free(rs);
	vakt_source_free(src);
}

/* Inserts move the rules after them: bounded in all. */
static void test_inserts(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct fw_ruleset *rs;
	const struct fw_chain *c;

	vakt_buf_adds(&b, RULE("{\"accept\": null}"));
	for (int i = 0; i < 6000; i++)
		vakt_buf_addf(
		    &b,
		    ",\n{\"insert\": {\"rule\": {\"family\": \"inet\", \"table\": \"t\", "
		    "\"chain\": \"c\", \"expr\": [{\"match\": {\"op\": \"==\", \"left\": "
		    "{\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, \"right\": "
		    "%d}}, {\"accept\": null}]}}}",
		    i);
	rs = with_rules(b.data);
	c = chain(rs, FW_FAMILY_INET, "t", "c");
	assert_true(has_err("insert commands moved more than 16777216 rules", 5794, 0));
	assert_int_equal(1, errs.n);
	assert_int_equal(6001, c->n_rules);
	assert_int_equal(5791, c->rules[0].dport.v[0].lo);
	assert_int_equal(5999, c->rules[6000].dport.v[0].lo);
	fw_ruleset_free(rs);
	vakt_buf_release(&b);
}

/* Named sets copied into rules up to NFT_MAX_RESOLVED elements in all. */
static void test_budget(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct fw_ruleset *rs;
	const struct fw_chain *c;

	vakt_buf_adds(&b, "{\"set\": {\"family\": \"inet\", \"table\": \"t\", \"name\": \"p\", "
	                  "\"type\": \"inet_service\", \"elem\": [");
	for (int i = 0; i < 65536; i++)
		vakt_buf_addf(&b, "%s%d", i ? "," : "", i);
	vakt_buf_adds(&b, "]}}");
	for (int i = 0; i < 66; i++)
		vakt_buf_adds(&b, "," RULE(MATCH(PAYLOAD("tcp", "dport"), "==", "\"@p\"") "," MATCH(
		                      PAYLOAD("ip", "saddr"), "==", "\"@p\"")));
	rs = with_rules(b.data);
	c = chain(rs, FW_FAMILY_INET, "t", "c");
	assert_true(has_err("named sets copied into rules beyond 4194304 elements", 0, 0));
	assert_int_equal(VAKT_WARNING_CODE, errs.v[0]->code);
	assert_int_equal(66, c->n_rules);
	assert_int_equal(65536, c->rules[0].dport.n);
	assert_int_equal(0, c->rules[0].n_opaque);
	/* the addresses: a set of ports is none */
	assert_true(c->rules[0].src.unresolved);
	assert_int_equal(0, c->rules[64].dport.n);
	assert_int_equal(1, c->rules[64].n_opaque);
	fw_ruleset_free(rs);
	vakt_buf_release(&b);
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
	    cmocka_unit_test_teardown(test_iptables_xt, teardown),
	    cmocka_unit_test_teardown(test_matches, teardown),
	    cmocka_unit_test_teardown(test_sets_nat, teardown),
	    cmocka_unit_test_teardown(test_commands, teardown),
	    cmocka_unit_test_teardown(test_errors, teardown),
	    cmocka_unit_test_teardown(test_vmap, teardown),
	    cmocka_unit_test_teardown(test_budget, teardown),
	    cmocka_unit_test_teardown(test_inserts, teardown),
	    cmocka_unit_test_teardown(test_max_rules, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
