/* SPDX-License-Identifier: MIT */
/*
 * The condition lexer and parser through the loader: what Falco accepts
 * parses (the traps of folded YAML, bare strings with brackets and colons,
 * values that look like fields, longest-match operators, macro names
 * among values), and every syntax error says what and exactly where.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "rt-test.h"

/* A rule with condition cond (a YAML single-quoted scalar on line 3 at column 14). */
static char *rule_diags(const char *cond)
{
	char *yaml = vakt_xasprintf("- rule: t\n  desc: d\n  condition: '%s'\n  output: o\n"
	                            "  priority: INFO\n  warn_evttypes: false\n"
	                            "- macro: m\n  condition: proc.name = x\n"
	                            "- list: l\n  items: [a, b]\n",
	                            cond);
	char *d = rt_test_load_diags(yaml);

	free(yaml);
	return d;
}

static void assert_parses(const char *cond)
{
	char *d = rule_diags(cond);

	if (strstr(d, "E ")) {
		print_message("# %s\n%s", cond, d);
		fail();
	}
	free(d);
}

static void assert_error(const char *cond, const char *want)
{
	char *d = rule_diags(cond);

	if (!strstr(d, want)) {
		print_message("# %s\n# want: %s\n# got:\n%s", cond, want, d);
		fail();
	}
	free(d);
}

static void accepts_falco_syntax(void **state)
{
	static const char *const ok[] = {
	    "evt.type = open",
	    "evt.type=open and proc.name=bash",
	    "evt.type in (open,openat,openat2) and fd.num>=0",
	    "evt.type in(open) and m",
	    "not proc.pname exists or proc.pname in (runc:[0:PARENT], runc:[1:CHILD], runc)",
	    "proc.pcmdline contains org.apache.hadoop and evt.type = execve",
	    "proc.name in (l, c, \"puma reactor\") and evt.type=execve",
	    "evt.type in (dup, dup2, dup3)",
	    "(evt.type = open) and not (proc.name = a or proc.name = b)",
	    "not not evt.type = open",
	    "not(evt.type = open)",
	    "evt.type = open and(proc.name = a)",
	    "evt.type = open or(proc.name = a)",
	    "proc.aname[2] = bash and evt.arg.flags contains O_TRUNC and evt.arg[0] = x",
	    "k8s.pod.label[app.kubernetes.io/name] = web and k8s.pod.label[\"a b\"] = c",
	    "fd.name glob \"/home/*/.ssh/*\" and fd.nameraw glob *../*../*",
	    "fd.net in (\"10.0.0.0/8\", 192.168.0.0/16) and fd.snet in (\"172.16.0.0/12\")",
	    "fd.sip in (\"10.0.0.1\", 192.168.0.1, ::1, \"2001:db8::1\")",
	    "fd.name pmatch (/etc, /usr/bin) and fd.name intersects (a, b)",
	    "tolower(proc.name) = bash and toupper(basename(fd.name)) = PASSWD",
	    "len(proc.args) > 10 and b64(proc.args) contains x",
	    "proc.name = val(proc.pname) and proc.name != toupper(proc.pname)",
	    "proc.name startswith oneof (ba, zs) and proc.name endswith allof (h)",
	    "proc.name = oneof",
	    "fd.name bstartswith 7f454c46 and fd.name bcontains 2f",
	    "proc.cmdline regex \"^sh -c .*\" and proc.name iglob \"*SH\"",
	    "proc.duration <= 5000000000 and fd.num > -1 and proc.tty != 16",
	    "evt.res startswith E and evt.rawres in (0, 1, 2)",
	    "evt.is_open_write=true and fd.typechar=''f''",
	    "proc.name = \"a\\\"b\" and proc.name = \"tab\\there\"",
	    "proc.name in ()",
	    "proc.name exists",
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(ok); i++)
		assert_parses(ok[i]);
}

static void folded_yaml(void **state)
{
	const char *yaml = "- rule: t\n"
	                   "  desc: d\n"
	                   "  condition: >\n"
	                   "    evt.type = execve\n"
	                   "    and proc.name\n"
	                   "      in (bash, sh)\n"
	                   "    and proc.nmae = x\n"
	                   "  output: o\n"
	                   "  priority: INFO\n";
	char *d = rt_test_load_diags(yaml);

	(void)state;
	/* A newline inside a folded condition is a blank; positions follow the source lines. */
	assert_string_equal(d, "E r.yaml:7:9: rule 't': unknown field 'proc.nmae' "
	                       "[LOAD_ERR_COMPILE_CONDITION]\n");
	free(d);
}

static void syntax_errors(void **state)
{
	(void)state;
	assert_error("", "r.yaml:3:14: rule 't': key 'condition' is empty");
	assert_error("   ", "r.yaml:3:14: rule 't': condition is empty");
	assert_error("evt.type = open and", "r.yaml:3:34: rule 't': expected blank or '(' after "
	                                    "'and'");
	assert_error("evt.type = open and ", "r.yaml:3:35: rule 't': expected a '(' token, a "
	                                     "field check, or an identifier");
	assert_error("evt.type = open andproc.name=x",
	             "r.yaml:3:34: rule 't': expected blank or '(' after 'and'");
	assert_error("evt.type = open or ",
	             "expected a '(' token, a field check, or an identifier");
	assert_error("(evt.type = open", "r.yaml:3:31: rule 't': expected a ')' token");
	assert_error("evt.type = open)", "r.yaml:3:30: rule 't': unexpected token after 'open', "
	                                 "expecting 'or', 'and'");
	assert_error("proc.name bash", "r.yaml:3:25: rule 't': expected a valid check operator");
	assert_error("proc.name containsbash", "expected a valid check operator");
	assert_error("proc.name inx", "expected a valid check operator");
	assert_error("proc.name in x y", "unexpected token after 'x'");
	assert_error("fd.num >= abc", "r.yaml:3:25: rule 't': expected a number value");
	/* Number tokens as Falco's lexer takes them: refused by the value, not the syntax. */
	assert_error("proc.tty > 0x10", "r.yaml:3:26: rule 't': field 'proc.tty': invalid number "
	                                "'0x10'");
	assert_error("proc.tty > 0xZZ", "r.yaml:3:26: rule 't': field 'proc.tty': invalid number "
	                                "'0xZZ'");
	assert_error("fd.num > 1.e+3", "r.yaml:3:24: rule 't': field 'fd.num': invalid number "
	                               "'1.e+3'");
	assert_error("fd.num > 1e5", "r.yaml:3:25: rule 't': unexpected token after '1'");
	assert_error("proc.name = ", "expected a string value or a field with a valid transformer");
	assert_error("proc.name in (a,)", "r.yaml:3:31: rule 't': expected a string value");
	assert_error("proc.name in (a", "expected a ')' token");
	assert_error("proc.aname[2 = x", "expected a ']' token");
	assert_error("proc.aname[] = x", "expected a valid field argument");
	assert_error("proc.name = \"abc", "r.yaml:3:27: rule 't': unterminated quoted string");
	assert_error("proc.name = \"a\\qb\"", "unsupported string escape sequence: \\q");
	assert_error("proc.name = \"a\\''b\"", "invalid \\' escape in \"-quoted string");
	assert_error("tolower(proc.name = x", "expected a ')' token closing the transformer");
	assert_error("tolower(x) = y", "expected a field or a nested valid transformer");
	assert_error("proc.name = val(x)", "expected a field within 'val' transformer");
	assert_error("join(proc.args) = x", "transformer 'join' is not supported by vakt");
	assert_error("evt.type = open and nowhere",
	             "r.yaml:3:35: rule 't': undefined macro 'nowhere' used in filter");
	assert_error("1 = 1", "expected a '(' token, a field check, or an identifier");
}

static void deep_nesting(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *d;

	(void)state;
	for (int i = 0; i <= RT_MAX_COND_DEPTH; i++)
		vakt_buf_addc(&b, '(');
	vakt_buf_adds(&b, "evt.type = open");
	for (int i = 0; i <= RT_MAX_COND_DEPTH; i++)
		vakt_buf_addc(&b, ')');
	d = rule_diags(vakt_buf_str(&b));
	assert_non_null(strstr(d, "condition too large: it nests more than 100 levels deep "
	                          "[LOAD_ERR_TOO_LARGE]"));
	free(d);
	/* At the ceiling itself, it parses. */
	vakt_buf_reset(&b);
	for (int i = 0; i < RT_MAX_COND_DEPTH; i++)
		vakt_buf_addc(&b, '(');
	vakt_buf_adds(&b, "evt.type = open");
	for (int i = 0; i < RT_MAX_COND_DEPTH; i++)
		vakt_buf_addc(&b, ')');
	assert_parses(vakt_buf_str(&b));
	vakt_buf_release(&b);
}

static void condition_too_long(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *d;

	(void)state;
	vakt_buf_adds(&b, "evt.type = open");
	while (b.len <= RT_MAX_COND_BYTES)
		vakt_buf_adds(&b, " and proc.name = abcdefghijklmnopqrstuvwxyz");
	d = rule_diags(vakt_buf_str(&b));
	assert_non_null(strstr(d, "condition too large: "));
	assert_non_null(strstr(d, "(at most 262144) [LOAD_ERR_TOO_LARGE]"));
	free(d);
	vakt_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(accepts_falco_syntax), cmocka_unit_test(folded_yaml),
	    cmocka_unit_test(syntax_errors),        cmocka_unit_test(deep_nesting),
	    cmocka_unit_test(condition_too_long),
	};

	return cmocka_run_group_tests_name("rt-cond", tests, NULL, NULL);
}
