/* SPDX-License-Identifier: MIT */
/*
 * The evaluator on fake events: every operator, transformer and value
 * type, missing values, multi-valued fields (any ancestor), first-match
 * and all-matches, the priority threshold, the event type index, and
 * outputs (text with <NA>, typed JSON fields).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "rt-test.h"

static const struct fake_val vals[] = {
    {"evt.type", NULL, "openat"},
    {"proc.name", NULL, "Bash"},
    {"proc.pname", NULL, "bash"},
    {"proc.aname", NULL, "Bash"},
    {"proc.aname", NULL, "sshd"},
    {"proc.aname", NULL, "systemd"},
    {"proc.cmdline", NULL, "bash -c 'id'"},
    {"proc.args", NULL, "aWQ="},
    {"fd.name", NULL, "/etc/ssh/sshd_config"},
    {"fd.nameraw", NULL, "/etc/../etc/ssh/sshd_config"},
    {"fd.num", NULL, "-1"},
    {"fd.lport", NULL, "443"},
    {"fd.sip", NULL, "10.1.2.3"},
    {"fd.snet", NULL, "192.168.1.7"},
    {"fd.rip", NULL, "2001:db8::1"},
    {"fd.net", NULL, "10.1.2.3"},
    {"fd.rnet", NULL, "2001:db8::1"},
    {"fd.lip", NULL, "::ffff:10.9.8.7"},
    {"fd.cip", NULL, "10.9.8.7"},
    {"evt.is_open_write", NULL, "true"},
    {"evt.arg", "flags", "O_WRONLY|O_CREAT|O_TRUNC"},
    {"evt.buffer", NULL,
     "\x7f"
     "ELF\x02"},
    {"proc.duration", NULL, "6000000000"},
    {"k8s.pod.label", "app", "web"},
    {"user.name", NULL, "root"},
    {"proc.exe", NULL, "bash"},
};

static const struct fake_event ev = {9 /* openat */, vals, VAKT_ARRAY_SIZE(vals)};

#define T(cond) assert_true(rt_test_match(cond, &ev))
#define F(cond) assert_false(rt_test_match(cond, &ev))

static void equality_and_order(void **state)
{
	(void)state;
	assert_int_equal(ev.type, fake_type("openat"));
	T("proc.name = Bash");
	T("proc.name == Bash");
	F("proc.name = bash");
	T("proc.name != bash");
	F("proc.name != Bash");
	T("fd.num = -1");
	T("fd.num < 0");
	T("fd.num <= -1");
	F("fd.num > -1");
	T("fd.num >= -1");
	T("fd.lport = 443 and fd.lport > 442 and fd.lport < 444 and fd.lport != 80");
	T("fd.lport = +443 and fd.num = -1 and fd.num > -2 and fd.num < +0");
	T("proc.duration > 5000000000");
	T("evt.is_open_write = true");
	F("evt.is_open_write = false");
	T("evt.is_open_write != false");
}

static void strings(void **state)
{
	(void)state;
	T("proc.cmdline contains \"-c\"");
	F("proc.cmdline contains \"-C\"");
	T("proc.cmdline icontains \"-C\"");
	T("proc.name icontains BASH");
	T("fd.name startswith /etc/");
	F("fd.name startswith /usr");
	T("fd.name endswith _config");
	T("fd.name glob \"/etc/*/sshd_*\"");
	T("fd.nameraw glob \"*../*\"");
	F("fd.name glob \"/etc/*.conf\"");
	T("fd.name glob \"/etc/ss?/[a-s]shd_config\"");
	T("proc.name iglob \"b*H\"");
	F("proc.name glob \"b*H\"");
	T("proc.cmdline regex \"bash -c .*\"");
	F("proc.cmdline regex \"-c\""); /* anchored: a full match */
	T("proc.cmdline regex \".*-c.*\"");
	T("evt.buffer bstartswith 7f454c46");
	T("evt.buffer bcontains 4c46");
	F("evt.buffer bcontains 4c4647");
	T("evt.buffer bstartswith 7F454C and evt.buffer bcontains \"\"");
	T("evt.arg.flags contains O_TRUNC and evt.arg[flags] contains O_CREAT");
	T("k8s.pod.label[app] = web");
	F("k8s.pod.label[tier] exists");
}

static void lists_and_sets(void **state)
{
	(void)state;
	T("proc.name in (sh, Bash, zsh)");
	F("proc.name in (sh, zsh)");
	F("proc.name in ()");
	T("proc.name intersects (x, Bash)");
	T("fd.num in (-1, 0, 1)");
	F("fd.lport in (80, 8080)");
	T("fd.name pmatch (/usr, /etc/ssh)");
	T("fd.name pmatch (/etc/ssh/sshd_config)");
	F("fd.name pmatch (/etc/ss)");
	T("fd.name pmatch (\"/etc/*\")");
	T("fd.name pmatch (/)");
	T("fd.sip = 10.1.2.3 and fd.net = \"10.0.0.0/8\" and fd.net != \"127.0.0.0/8\"");
	T("fd.net in (\"192.168.0.0/16\", \"10.0.0.0/8\") and fd.sip in (10.1.2.4, 10.1.2.3)");
	F("fd.net in (\"192.168.0.0/16\")");
	F("fd.sip in (10.1.2.4, \"::1\")");
	T("fd.snet in (\"192.168.0.0/16\") and fd.snet = \"192.168.1.0/24\"");
	T("fd.rnet = \"2001:db8::/32\" and fd.rip = \"2001:db8::1\" and fd.rip = 2001:db8:0::1");
	F("fd.rnet = \"10.0.0.0/8\"");
	F("fd.net = \"::/1\"");
	T("proc.name startswith oneof (x, Ba)");
	T("proc.name endswith anyof (sh, zz)");
	F("proc.name startswith allof (B, Ba, x)");
	T("proc.name startswith allof (B, Ba, Bas)");
}

static void transformers(void **state)
{
	(void)state;
	T("tolower(proc.name) = bash");
	T("toupper(proc.name) = BASH");
	T("basename(fd.name) = sshd_config");
	T("toupper(basename(fd.name)) = SSHD_CONFIG");
	T("b64(proc.args) = id");
	T("len(proc.name) = 4 and len(fd.name) > 10");
	T("proc.exe = val(proc.pname)");
	F("proc.name = val(proc.pname)");
	T("tolower(proc.name) = val(proc.pname)");
	T("proc.name != val(proc.pname)");
	T("proc.pname = tolower(proc.name)");
}

static void missing_and_multi(void **state)
{
	(void)state;
	/* A comparison on a missing value is false, its negation true. */
	F("container.id = host");
	F("container.id != host");
	T("not container.id = host");
	F("container.id exists");
	T("not container.id exists");
	T("proc.name exists");
	/* proc.aname without an index: any ancestor. */
	T("proc.aname = sshd");
	T("proc.aname in (systemd, init)");
	F("proc.aname in (init)");
	T("proc.aname[1] = sshd and proc.aname[2] = systemd");
	F("proc.aname[1] = systemd");
	F("proc.aname[3] exists");
	/* evt.type from the event's type id. */
	T("evt.type = openat and evt.type in (open, openat) and evt.type != open");
	F("evt.type = execve");
	T("evt.type startswith open");
	T("tolower(evt.type) = openat");
}

/* The diagnostics of a rule whose condition is cond; the caller frees them. */
static char *cond_diags(const char *cond)
{
	char *yaml = vakt_xasprintf("- rule: t\n  desc: d\n  condition: '%s'\n  output: o\n"
	                            "  priority: INFO\n  warn_evttypes: false\n",
	                            cond);
	char *d = rt_test_load_diags(yaml);

	free(yaml);
	return d;
}

#define LOAD_ERROR(cond, want)                                                                     \
	do {                                                                                       \
		char *d_ = cond_diags(cond);                                                       \
		if (!strstr(d_, want)) {                                                           \
			print_message("# %s\n# want: %s\n# got: %s", cond, want, d_);              \
			fail();                                                                    \
		}                                                                                  \
		free(d_);                                                                          \
	} while (0)

static const struct fake_val vals2[] = {
    {"evt.type", NULL, "openat"},
    {"proc.args", NULL, "aWR="},      /* the last character's unused bits are not zero */
    {"proc.cmdline", NULL, "aWQ==="}, /* three '=' */
    {"proc.name", NULL, "bash\\"},
};

static const struct fake_event ev2 = {9 /* openat */, vals2, VAKT_ARRAY_SIZE(vals2)};

/*
 * Where the language's own primitives once differed from rt-match.h's and
 * Falco decided (falcosecurity/libs, userspace/libsinsp).
 */
static void falco_semantics(void **state)
{
	(void)state;
	/*
	 * pmatch is path_prefix_search (prefix_search.h): paths split on '/',
	 * empty components dropped, a glob is one component's, the search path
	 * "/" (the "root" component) matches every path, relative ones too.
	 */
	F("fd.name pmatch (\"/*/sshd_config\")");
	T("fd.name pmatch (\"/*/ssh\")");
	T("fd.name pmatch (\"//etc//ssh/\")");
	T("proc.name pmatch (/)");
	/*
	 * glob is fnmatch(pattern, value, 0) (sinsp_utils::glob_match): bracket
	 * expressions take the C locale's classes, and a pattern that ends in a
	 * lone backslash matches nothing (each case checked against glibc).
	 */
	T("proc.name glob \"[[:upper:]]ash\" and proc.name iglob \"[[:upper:]]ASH\"");
	F("proc.name iglob \"[[:lower:]]ASH\""); /* a class tests the byte itself, unfolded */
	F("proc.name glob \"[[:digit:]]ash\"");
	assert_false(rt_test_match("proc.name glob \"ba*\\\\\"", &ev2));
	assert_true(rt_test_match("proc.name glob \"ba*\\\\\\\\\"", &ev2));
	/*
	 * A numeric field's operand is read by sinsp_numparser (sscanf "%" PRIu64
	 * "%c" must find one number and nothing after it), a port's by stoi()
	 * when it is all digits (value_parser.cpp): decimal only. The lexer still
	 * takes 0x1bc and 1.5 as number tokens after a numeric operator.
	 */
	LOAD_ERROR("fd.lport < 0x1bc", "r.yaml:3:26: rule 't': field 'fd.lport': invalid number "
	                               "'0x1bc': Falco reads the operand of a numeric field as a "
	                               "decimal number only, not hexadecimal");
	LOAD_ERROR("proc.tty != 0x10", "field 'proc.tty': invalid number '0x10'");
	LOAD_ERROR("fd.num >= 1.5", "field 'fd.num': invalid number '1.5': a numeric field "
	                            "compares with integers only");
	LOAD_ERROR("fd.lport = -1", "field 'fd.lport': number '-1' is out of range for this field");
	/*
	 * An address field (IPADDR: fd.ip, fd.sip, ...) takes an address, parsed
	 * with inet_pton; a network field (IPNET: fd.net, fd.snet, ...) takes
	 * "address/bits" (value_parser.cpp PT_IPADDR, PT_IPV4NET). So Falco refuses
	 * `fd.sip = 10.0.0.0/8` ("unrecognized IPv4 address") and `fd.net = 10.0.0.1`
	 * ("unrecognized IP network").
	 */
	LOAD_ERROR("fd.sip = \"10.0.0.0/8\"",
	           "r.yaml:3:24: rule 't': field 'fd.sip': invalid IP address '10.0.0.0/8' (an "
	           "address field takes an address; a CIDR block compares with a network field "
	           "such as fd.net or fd.snet)");
	LOAD_ERROR("fd.sip in (10.1.2.3, \"192.168.0.0/16\")",
	           "field 'fd.sip': invalid IP address '192.168.0.0/16'");
	LOAD_ERROR("fd.net = 10.0.0.1", "field 'fd.net': invalid CIDR block '10.0.0.1': expected "
	                                "address/bits");
	LOAD_ERROR("fd.net = \"10.0.0.0/0x8\"", "invalid CIDR block '10.0.0.0/0x8'");
	LOAD_ERROR("fd.sip = 010.1.2.3", "invalid IP address '010.1.2.3'");
	/* vakt's one difference (docs/runtime.md): an IPv4-mapped operand is the IPv4 address. */
	T("fd.lip = 10.9.8.7 and fd.lip = \"::ffff:10.9.8.7\" and fd.sip != \"::ffff:10.1.2.4\"");
	T("fd.lip = val(fd.cip) and fd.sip != val(fd.lip)");
	/* bcontains/bstartswith take hex pairs and nothing else, as Falco's unhex(). */
	LOAD_ERROR("evt.buffer bcontains 4c4", "r.yaml:3:36: rule 't': field 'evt.buffer': "
	                                       "invalid hex operand '4c4': an odd number of hex "
	                                       "digits");
	LOAD_ERROR("evt.buffer bstartswith 0x7f", "invalid hex operand '0x7f': byte 2 is not a "
	                                          "hex digit");
	/*
	 * b64() is Base64::decodeWithoutPadding (base64.h): at most two '=' are
	 * dropped, and the unused bits of the last character must be zero.
	 */
	assert_false(rt_test_match("b64(proc.args) = id", &ev2));
	assert_true(rt_test_match("not b64(proc.args) = id", &ev2));
	assert_false(rt_test_match("b64(proc.cmdline) = id", &ev2));
	/*
	 * tolower, toupper and basename take a string only, b64 a string or a
	 * buffer, len both (sinsp_filter_transformer.cpp's transform_type).
	 */
	LOAD_ERROR("tolower(evt.buffer) = x", "r.yaml:3:15: rule 't': transformer 'tolower' "
	                                      "cannot be applied to a byte buffer");
	LOAD_ERROR("basename(evt.buffer) = x", "transformer 'basename' cannot be applied to a "
	                                       "byte buffer");
	T("len(evt.buffer) = 5 and not b64(evt.buffer) exists");
}

static const char *const multi = "- rule: first\n  desc: d\n  condition: evt.type = openat\n"
                                 "  output: o\n  priority: NOTICE\n"
                                 "- rule: second\n  desc: d\n  condition: evt.type = openat\n"
                                 "  output: o\n  priority: CRITICAL\n"
                                 "- rule: other\n  desc: d\n  condition: evt.type = execve\n"
                                 "  output: o\n  priority: CRITICAL\n";

static void modes_and_priority(void **state)
{
	struct rt_ruleset *rs = rt_test_load(multi);
	struct rt_eval_ctx *ctx = rt_eval_ctx_new(rs);
	size_t hits = 0;
	bool want[RT_EV_COUNT];

	(void)state;
	assert_int_equal(rt_ruleset_eval(rs, ctx, ev.type, &ev, rt_test_count, &hits), 1);
	rt_ruleset_set_mode(rs, RT_MATCH_ALL);
	assert_int_equal(rt_ruleset_eval(rs, ctx, ev.type, &ev, NULL, NULL), 2);
	rt_ruleset_set_min_priority(rs, RT_PRIO_ERROR);
	assert_int_equal(rt_ruleset_eval(rs, ctx, ev.type, &ev, NULL, NULL), 1);
	assert_true(rt_priority_at_least(RT_PRIO_CRITICAL, RT_PRIO_ERROR));
	assert_false(rt_priority_at_least(RT_PRIO_NOTICE, RT_PRIO_ERROR));
	assert_true(rt_ruleset_enable(rs, "second", false));
	assert_int_equal(rt_ruleset_eval(rs, ctx, ev.type, &ev, NULL, NULL), 0);
	assert_false(rt_ruleset_enable(rs, "nope", false));
	/* Type 0 or unknown: only rules that see every type. */
	assert_int_equal(rt_ruleset_eval(rs, ctx, 0, &ev, NULL, NULL), 0);
	assert_int_equal(rt_ruleset_eval(rs, ctx, 100000, &ev, NULL, NULL), 0);
	rt_ruleset_wanted_evtypes(rs, want, RT_EV_COUNT);
	assert_true(want[fake_type("execve")]);
	assert_false(want[fake_type("openat")]); /* second is off, first below ERROR */
	rt_eval_ctx_free(ctx);
	rt_ruleset_free(rs);
}

static void priorities(void **state)
{
	enum rt_priority p;

	(void)state;
	assert_true(rt_priority_parse("info", 4, &p));
	assert_int_equal(p, RT_PRIO_INFORMATIONAL);
	assert_true(rt_priority_parse("INFORMATIONAL", 13, &p));
	assert_int_equal(p, RT_PRIO_INFORMATIONAL);
	assert_true(rt_priority_parse("Emergency", 9, &p));
	assert_int_equal(p, RT_PRIO_EMERGENCY);
	assert_false(rt_priority_parse("high", 4, &p));
	assert_string_equal(rt_priority_name(RT_PRIO_WARNING), "Warning");
}

static void output(void **state)
{
	struct rt_ruleset *rs = rt_test_load(
	    "- rule: out\n  desc: d\n  condition: evt.type = openat\n"
	    "  output: 'file=%fd.name gp=%proc.aname[2] ggp=%proc.aname[3] flags=%evt.arg.flags "
	    "num=%fd.num ip=%fd.sip w=%evt.is_open_write up=%toupper(user.name) "
	    "b=%(basename(fd.name)) 100%% c=%container.id.'\n  priority: INFO\n");
	struct rt_eval_ctx *ctx = rt_eval_ctx_new(rs);
	const struct rt_rule *r = rt_ruleset_find(rs, "out");
	struct vakt_buf b = VAKT_BUF_INIT;

	(void)state;
	assert_int_equal(rt_ruleset_n_errors(rs), 0);
	assert_int_equal(rt_ruleset_eval(rs, ctx, ev.type, &ev, NULL, NULL), 1);
	rt_rule_render(r, ctx, &ev, &b);
	assert_string_equal(vakt_buf_str(&b),
	                    "file=/etc/ssh/sshd_config gp=systemd ggp=<NA> "
	                    "flags=O_WRONLY|O_CREAT|O_TRUNC num=-1 ip=10.1.2.3 w=true up=ROOT "
	                    "b=sshd_config 100% c=<NA>.");
	assert_int_equal(rt_rule_n_output_fields(r), 10);
	assert_string_equal(rt_rule_output_field_name(r, 1), "proc.aname[2]");
	assert_string_equal(rt_rule_output_field_name(r, 8), "basename(fd.name)");
	assert_int_equal(rt_rule_output_field(r, ctx, &ev, 2)->n, 0);
	vakt_buf_reset(&b);
	rt_rule_output_fields_json(r, ctx, &ev, &b);
	assert_string_equal(vakt_buf_str(&b),
	                    "{\"fd.name\":\"/etc/ssh/sshd_config\",\"proc.aname[2]\":\"systemd\","
	                    "\"proc.aname[3]\":null,\"evt.arg.flags\":\"O_WRONLY|O_CREAT|O_TRUNC\","
	                    "\"fd.num\":-1,\"fd.sip\":\"10.1.2.3\",\"evt.is_open_write\":true,"
	                    "\"toupper(user.name)\":\"ROOT\",\"basename(fd.name)\":\"sshd_config\","
	                    "\"container.id\":null}");
	vakt_buf_release(&b);
	rt_eval_ctx_free(ctx);
	rt_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(equality_and_order), cmocka_unit_test(strings),
	    cmocka_unit_test(lists_and_sets),     cmocka_unit_test(transformers),
	    cmocka_unit_test(missing_and_multi),  cmocka_unit_test(modes_and_priority),
	    cmocka_unit_test(priorities),         cmocka_unit_test(output),
	    cmocka_unit_test(falco_semantics),
	};

	return cmocka_run_group_tests_name("rt-eval", tests, NULL, NULL);
}
