/* SPDX-License-Identifier: MIT */
/*
 * The loader: redefinition, append (deprecated and override), replace,
 * exceptions in every form, lists and macros in order, several files,
 * versions and plugins, unknown keys and sources, and the ceilings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "rt-test.h"
#include "runtime/rt-match.h"

static const struct fake_val vals[] = {
    {"proc.name", NULL, "vim"},
    {"proc.pname", NULL, "sudo"},
    {"fd.name", NULL, "/etc/hosts"},
    {"user.name", NULL, "alice"},
    {"proc.cmdline", NULL, "sh -c uname -p 2> /dev/null"},
};
static const struct fake_event ev = {9 /* openat */, vals, VAKT_ARRAY_SIZE(vals)};

static size_t fire(struct rt_ruleset *rs)
{
	struct rt_eval_ctx *ctx = rt_eval_ctx_new(rs);
	size_t n;

	rt_ruleset_set_mode(rs, RT_MATCH_ALL);
	n = rt_ruleset_eval(rs, ctx, ev.type, &ev, NULL, NULL);
	rt_eval_ctx_free(ctx);
	return n;
}

#define RULE(name, cond)                                                                           \
	"- rule: " name "\n  desc: d\n  condition: " cond "\n  output: o\n  priority: INFO\n"

static void check(const char *yaml, size_t hits, const char *diags)
{
	struct rt_ruleset *rs = rt_test_load(yaml);
	char *d = rt_test_diags(rs);

	if (strcmp(d, diags) || fire(rs) != hits) {
		print_message("# want %zu hits, diags:\n%s# got %zu, diags:\n%s", hits, diags,
		              fire(rs), d);
		fail();
	}
	free(d);
	rt_ruleset_free(rs);
}

static void lists_and_macros(void **state)
{
	(void)state;
	check("- list: a\n  items: [vi, vim]\n- list: b\n  items: [a, nano]\n"
	      "- macro: editor\n  condition: proc.name in (b)\n" RULE(
	          "r", "evt.type = openat and editor"),
	      1, "");
	/* Quoted items lose their quotes when used, as in Falco. */
	check("- list: cmds\n  items: ['\"sh -c uname -p 2> /dev/null\"']\n" RULE(
	          "r", "evt.type = openat and proc.cmdline in (cmds)"),
	      1, "");
	/* A macro sees only earlier macros; a rule sees all. */
	check("- macro: a\n  condition: b\n- macro: b\n  condition: proc.name = vim\n" RULE(
	          "r", "evt.type = openat and b"),
	      1,
	      "E r.yaml:2:14: macro 'a': undefined macro 'b' used in filter "
	      "[LOAD_ERR_COMPILE_CONDITION]\n"
	      "W r.yaml:1:3: macro 'a': macro not referred to by any other rule/macro "
	      "[LOAD_UNUSED_MACRO]\n");
	check(RULE("r",
	           "evt.type = openat and later") "- macro: later\n  condition: proc.name = vim\n",
	      1, "");
	check(RULE("r", "evt.type = openat and proc.name in (nolist) and proc.name in nolist2"), 0,
	      "E r.yaml:3:75: rule 'r': undefined list 'nolist2' [LOAD_ERR_COMPILE_CONDITION]\n");
}

static void overrides(void **state)
{
	(void)state;
	/* Redefinition replaces; append concatenates the condition text. */
	check(RULE("r", "evt.type = execve") RULE("r", "evt.type = openat"), 1, "");
	check(RULE("r", "evt.type = openat") "- rule: r\n  condition: and proc.name = nano\n"
	                                     "  override:\n    condition: append\n",
	      0, "");
	check(RULE("r", "evt.type = openat") "- rule: r\n  condition: and proc.name = nano\n"
	                                     "  append: true\n",
	      0,
	      "W r.yaml:6:3: rule 'r': 'append: true' is deprecated; use 'override: {KEY: "
	      "append}' [LOAD_DEPRECATED_ITEM]\n");
	check(
	    RULE("r",
	         "evt.type = openat") "- rule: r\n  priority: critical\n  enabled: false\n"
	                              "  override:\n    priority: replace\n    enabled: replace\n",
	    0, "");
	check(RULE("r", "evt.type = openat") "- rule: r\n  enabled: false\n", 0,
	      "W r.yaml:6:3: rule 'r': a lone 'enabled' key is deprecated; use 'override: "
	      "{enabled: replace}' [LOAD_DEPRECATED_ITEM]\n");
	check("- rule: r\n  condition: and x\n  override:\n    condition: append\n", 0,
	      "E r.yaml:1:3: rule 'r': rule uses an append override but no rule by that name is "
	      "defined before [LOAD_ERR_VALIDATE]\n");
	check("- list: l\n  items: [a]\n  append: true\n", 0,
	      "W r.yaml:1:3: list 'l': 'append: true' is deprecated; use 'override: {items: "
	      "append}' [LOAD_DEPRECATED_ITEM]\n"
	      "E r.yaml:1:3: list 'l': list uses 'append' or 'override: {items: append}' but no "
	      "list by that name is defined before [LOAD_ERR_VALIDATE]\n");
	check(RULE("r", "evt.type = openat") "- rule: r\n  condition: x\n  priority: info\n"
	                                     "  override:\n    condition: append\n",
	      1,
	      "E r.yaml:8:3: rule 'r': unexpected key 'priority': no corresponding entry under "
	      "'override' is defined [LOAD_ERR_VALIDATE]\n");
	check(RULE("r", "evt.type = openat") "- rule: r\n  priority: info\n"
	                                     "  override:\n    priority: append\n",
	      1,
	      "E r.yaml:9:15: rule 'r': key 'priority' cannot be appended to, use 'replace' "
	      "instead [LOAD_ERR_YAML_VALIDATE]\n");
	check(
	    "- macro: m\n  condition: proc.name = vim\n- macro: m\n  condition: or proc.name = x\n"
	    "  override:\n    condition: append\n" RULE("r", "evt.type = openat and (m)"),
	    1, "");
	check("- list: l\n  items: [x]\n- list: l\n  items: [vim]\n  override:\n    items: "
	      "append\n" RULE("r", "evt.type = openat and proc.name in (l)"),
	      1, "");
}

static void exceptions(void **state)
{
	(void)state;
	check(RULE("r", "evt.type = openat") "  exceptions:\n    - name: e\n"
	                                     "      fields: [proc.name, fd.name]\n"
	                                     "      comps: [in, startswith]\n"
	                                     "      values:\n        - [[vi, vim], /etc]\n",
	      0, "");
	check(
	    RULE("r", "evt.type = openat") "  exceptions:\n    - name: e\n      fields: proc.name\n"
	                                   "      values: [vi, nano]\n",
	    1, "");
	check("- list: eds\n  items: [vim]\n" RULE(
	          "r", "evt.type = openat") "  exceptions:\n"
	                                    "    - name: e\n"
	                                    "      fields: [proc.name]\n"
	                                    "      comps: [in]\n"
	                                    "      values: [[eds]]\n",
	      0, "");
	check(
	    RULE(
	        "r",
	        "evt.type = openat") "  exceptions:\n    - name: e\n      fields: [proc.name]\n"
	                             "- rule: r\n  exceptions:\n    - name: e\n"
	                             "      values: [[vim]]\n  override:\n    exceptions: append\n",
	    0, "");
	check(RULE("r", "evt.type = openat") "  exceptions:\n    - name: e\n"
	                                     "      fields: [proc.name, fd.name]\n"
	                                     "      values: [[vim]]\n",
	      0,
	      "E r.yaml:9:16: rule 'r': exception 'e': fields and values lists must have equal "
	      "length [LOAD_ERR_VALIDATE]\n");
	check(RULE("r", "evt.type = openat") "  exceptions:\n    - name: e\n"
	                                     "      fields: [proc.nope]\n      values: [[vim]]\n",
	      0,
	      "E r.yaml:8:16: rule 'r': unknown field 'proc.nope' [LOAD_ERR_COMPILE_CONDITION]\n");
	check(RULE("r", "evt.type = openat") "  exceptions:\n    - name: e\n"
	                                     "      fields: [proc.name]\n      comps: [like]\n"
	                                     "      values: [[vim]]\n",
	      0,
	      "E r.yaml:9:15: rule 'r': exception 'e': invalid comparison operator 'like' "
	      "[LOAD_ERR_VALIDATE]\n");
}

static void items_and_keys(void **state)
{
	(void)state;
	check("- required_engine_version: 0.57.0\n- required_engine_version: 12\n"
	      "- required_plugin_versions:\n    - name: container\n      version: 0.4.0\n"
	      "    - name: k8saudit\n      version: 0.1.0\n"
	      "      alternatives:\n        - name: k8saudit-eks\n          version: 0.1.0\n",
	      0,
	      "W r.yaml:6:7: required_plugin_versions: plugin 'k8saudit' (version 0.1.0) is "
	      "required but vakt does not provide it: rules using its fields or source will not "
	      "load [LOAD_UNKNOWN_PLUGIN]\n");
	check("- required_engine_version: 0.99.1\n- required_engine_version: x\n", 0,
	      "E r.yaml:1:28: required_engine_version: rules require engine version 0.99.1, but "
	      "vakt implements 0.57.0 [LOAD_ERR_VALIDATE]\n"
	      "E r.yaml:2:28: required_engine_version: unable to parse engine version 'x' as a "
	      "semver string (expected \"x.y.z\") [LOAD_ERR_VALIDATE]\n");
	check(RULE("r", "evt.type = openat") "  colour: red\n- unknown_thing: 1\n- 42\n", 0,
	      "E r.yaml:6:3: rule 'r': unknown key 'colour' [LOAD_ERR_YAML_VALIDATE]\n"
	      "W r.yaml:7:3: item: unknown top level item [LOAD_UNKNOWN_ITEM]\n"
	      "E r.yaml:8:3: item: unexpected element type: each element should be a mapping "
	      "[LOAD_ERR_YAML_VALIDATE]\n");
	check(
	    RULE("r", "evt.type = openat") "  source: k8s_audit\n", 0,
	    "W r.yaml:1:3: rule 'r': unknown source 'k8s_audit', skipping [LOAD_UNKNOWN_SOURCE]\n");
	check(
	    "- rule: r\n  desc: d\n  condition: evt.type = openat\n  priority: loud\n  output: o\n",
	    0,
	    "E r.yaml:4:13: rule 'r': invalid priority 'loud' (expected emergency, alert, "
	    "critical, error, warning, notice, informational or info, debug) "
	    "[LOAD_ERR_VALIDATE]\n");
	check("- rule: r\n  desc: d\n  condition: evt.type = openat\n", 0,
	      "E r.yaml:1:3: rule 'r': missing key 'output' [LOAD_ERR_YAML_VALIDATE]\n"
	      "E r.yaml:1:3: rule 'r': missing key 'priority' [LOAD_ERR_YAML_VALIDATE]\n");
	check("a: [", 0,
	      "E r.yaml:2:1: invalid YAML: did not find expected node content "
	      "[LOAD_ERR_YAML_PARSE]\n");
	check("a: b\n", 0,
	      "E r.yaml:1:1: rules content is not a YAML sequence of items "
	      "[LOAD_ERR_YAML_VALIDATE]\n");
}

static void several_files(void **state)
{
	struct rt_ruleset *rs = rt_ruleset_new(&fake_fields);
	const char *a =
	    "- list: eds\n  items: [vi]\n" RULE("r", "evt.type = openat and proc.name in (eds)");
	const char *b = "- list: eds\n  items: [vim]\n  override:\n    items: append\n";

	(void)state;
	rt_ruleset_add_text(rs, "a.yaml", a, strlen(a));
	rt_ruleset_add_text(rs, "b.yaml", b, strlen(b));
	rt_ruleset_compile(rs);
	assert_int_equal(rt_ruleset_n_diags(rs), 0);
	assert_int_equal(fire(rs), 1);
	rt_ruleset_free(rs);
}

/* Load head, unit n times, then tail; a diagnostic must contain want. */
static void assert_repeat_diag(const char *head, const char *unit, size_t n, const char *tail,
                               const char *want)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *d;

	vakt_buf_adds(&b, head);
	for (size_t i = 0; i < n; i++)
		vakt_buf_adds(&b, unit);
	vakt_buf_adds(&b, tail);
	d = rt_test_load_diags(vakt_buf_str(&b));
	if (!strstr(d, want)) {
		print_message("# want: %s\n# got:\n%s", want, d);
		fail();
	}
	free(d);
	vakt_buf_release(&b);
}

/* The ceilings of rt-match.h's sets, met through the language. */
static void set_ceilings(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *d;

	(void)state;
	/* One value of an `in` list longer than the string set keeps (RT_STRSET_MAX_KEY). */
	assert_repeat_diag(
	    "- rule: r\n  desc: d\n  condition: evt.type = openat and proc.name in (a, ", "x",
	    RT_STRSET_MAX_KEY + 1, ")\n  output: o\n  priority: INFO\n",
	    "r.yaml:3:53: rule 'r': list value too long (65537 bytes, at most 65536) "
	    "[LOAD_ERR_TOO_LARGE]");
	/* A pmatch path past RT_PMATCH_MAX_PATH bytes, and past RT_PMATCH_MAX_DEPTH components. */
	assert_repeat_diag("- list: paths\n  items: [/etc, /", "p", RT_PMATCH_MAX_PATH + 1,
	                   "]\n" RULE("r", "evt.type = openat and fd.name pmatch (paths)"),
	                   "pmatch path too long (4098 bytes, at most 4096) [LOAD_ERR_TOO_LARGE]");
	assert_repeat_diag(
	    "- rule: r\n  desc: d\n  condition: evt.type = openat and fd.name pmatch "
	    "(/etc, ",
	    "/d", RT_PMATCH_MAX_DEPTH + 1, ")\n  output: o\n  priority: INFO\n",
	    "pmatch path too deep (257 components, at most 256) "
	    "[LOAD_ERR_TOO_LARGE]");
	/* More pmatch paths than RT_PMATCH_MAX_PATHS (fewer than RT_MAX_LIST_ITEMS). */
	vakt_buf_adds(&b, "- list: many\n  items: [");
	for (unsigned i = 0; i <= RT_PMATCH_MAX_PATHS; i++)
		vakt_buf_addf(&b, "%s/p%u", i ? "," : "", i);
	vakt_buf_adds(&b, "]\n" RULE("r", "evt.type = openat and fd.name pmatch (many)"));
	d = rt_test_load_diags(vakt_buf_str(&b));
	assert_non_null(strstr(d, "too many pmatch paths (at most 65536) [LOAD_ERR_TOO_LARGE]"));
	free(d);
	vakt_buf_release(&b);
}

static void ceilings(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *d;

	(void)state;
	/* A list over RT_MAX_LIST_ITEMS items. */
	vakt_buf_adds(&b, "- list: big\n  items: [");
	for (int i = 0; i <= RT_MAX_LIST_ITEMS; i++)
		vakt_buf_addf(&b, "%sx%d", i ? "," : "", i);
	vakt_buf_adds(&b, "]\n");
	d = rt_test_load_diags(vakt_buf_str(&b));
	assert_non_null(strstr(d, "list too large: more than 100000 items [LOAD_ERR_TOO_LARGE]"));
	free(d);
	/* Lists spliced past the ceiling. */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "- list: half\n  items: [");
	for (int i = 0; i < RT_MAX_LIST_ITEMS / 2 + 1; i++)
		vakt_buf_addf(&b, "%sx%d", i ? "," : "", i);
	vakt_buf_adds(&b, "]\n- list: both\n  items: [half, half]\n" RULE(
	                      "r", "evt.type = openat and proc.name in (both)"));
	d = rt_test_load_diags(vakt_buf_str(&b));
	assert_non_null(strstr(d, "list too large once lists are spliced: more than 100000 items"));
	free(d);
	/* Macros nested past RT_MAX_MACRO_DEPTH. */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "- macro: m0\n  condition: proc.name = vim\n");
	for (int i = 1; i <= RT_MAX_MACRO_DEPTH; i++)
		vakt_buf_addf(&b, "- macro: m%d\n  condition: m%d\n", i, i - 1);
	vakt_buf_addf(&b, RULE("r", "evt.type = openat and m%d"), RT_MAX_MACRO_DEPTH);
	d = rt_test_load_diags(vakt_buf_str(&b));
	assert_non_null(strstr(d, "macros nest too deeply: more than 64 macros inside each other "
	                          "[LOAD_ERR_TOO_LARGE]"));
	free(d);
	/* Expansion past RT_MAX_EXPANDED_NODES: each macro doubles the one before. */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "- macro: d0\n  condition: proc.name = vim\n");
	for (int i = 1; i <= 20; i++)
		vakt_buf_addf(&b, "- macro: d%d\n  condition: d%d or d%d\n", i, i - 1, i - 1);
	vakt_buf_adds(&b, RULE("r", "evt.type = openat and d20"));
	d = rt_test_load_diags(vakt_buf_str(&b));
	assert_non_null(
	    strstr(d, "condition too large once macros are expanded: more than 100000"));
	free(d);
	/* An output over RT_MAX_OUTPUT_BYTES. */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "- rule: r\n  desc: d\n  condition: evt.type = openat\n  priority: INFO\n"
	                  "  output: ");
	for (unsigned i = 0; i <= RT_MAX_OUTPUT_BYTES / 8; i++)
		vakt_buf_adds(&b, "abcdefgh");
	vakt_buf_addc(&b, '\n');
	d = rt_test_load_diags(vakt_buf_str(&b));
	assert_non_null(strstr(d, "output too large: "));
	free(d);
	/* A file over RT_MAX_FILE_BYTES. */
	vakt_buf_reset(&b);
	while (b.len <= RT_MAX_FILE_BYTES)
		vakt_buf_adds(&b,
		              "# padding padding padding padding padding padding padding pad\n");
	d = rt_test_load_diags(vakt_buf_str(&b));
	assert_non_null(strstr(d, "rules file too large: "));
	free(d);
	vakt_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(lists_and_macros), cmocka_unit_test(overrides),
	    cmocka_unit_test(exceptions),       cmocka_unit_test(items_and_keys),
	    cmocka_unit_test(several_files),    cmocka_unit_test(ceilings),
	    cmocka_unit_test(set_ceilings),
	};

	return cmocka_run_group_tests_name("rt-load", tests, NULL, NULL);
}
