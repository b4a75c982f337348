/* SPDX-License-Identifier: MIT */
/*
 * core/yaml: positions, documents, aliases, anchors, merge keys, JSON, the
 * read helpers, every ceiling, and error messages with their positions.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/yaml.h"

#define PATH "in.yaml"

static struct vakt_yaml_stream *parse_len(const char *text, size_t len)
{
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;

	if (vakt_yaml_parse(PATH, text, len, &s, &err) < 0) {
		char *m = vakt_error_format(err);

		print_error("unexpected error for <<%.200s>>: %s\n", text, m);
		free(m);
		vakt_error_free(err);
		vakt_yaml_free(s);
		fail();
	}
	assert_non_null(s);
	assert_null(err);
	return s;
}

static struct vakt_yaml_stream *parse(const char *text)
{
	return parse_len(text, strlen(text));
}

/* The first document's root of text; the stream goes to *s. */
static const struct vakt_yaml_node *root(const char *text, struct vakt_yaml_stream **s)
{
	*s = parse(text);
	assert_true((*s)->n_docs >= 1);
	return (*s)->docs[0].root;
}

/*
 * Parse text expecting an error "in.yaml:line:col: msg" (msg NULL: any
 * message). Returns the partial stream (caller frees).
 */
static struct vakt_yaml_stream *expect_error_len(const char *text, size_t len, int line, int col,
                                                 const char *msg)
{
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;
	int r = vakt_yaml_parse(PATH, text, len, &s, &err);

	if (r >= 0) {
		print_error("no error for <<%.200s>>\n", text);
		vakt_yaml_free(s);
		fail();
	}
	assert_non_null(s);
	assert_non_null(err);
	assert_int_equal(err->code, r);
	assert_string_equal(err->file, PATH);
	if ((msg && strcmp(err->msg, msg)) || err->line != line || err->column != col) {
		print_error("for <<%.200s>>\n  got      %d:%d: %s\n  expected %d:%d: %s\n", text,
		            err->line, err->column, err->msg, line, col, msg ? msg : "(any)");
		vakt_error_free(err);
		vakt_yaml_free(s);
		fail();
	}
	vakt_error_free(err);
	return s;
}

static struct vakt_yaml_stream *expect_error(const char *text, int line, int col, const char *msg)
{
	return expect_error_len(text, strlen(text), line, col, msg);
}

static void assert_pos(const struct vakt_yaml_node *n, int line, int col, int end_line, int end_col)
{
	assert_non_null(n);
	if (n->line != line || n->col != col || n->end_line != end_line || n->end_col != end_col) {
		print_error("got %d:%d-%d:%d, expected %d:%d-%d:%d\n", n->line, n->col, n->end_line,
		            n->end_col, line, col, end_line, end_col);
		fail();
	}
}

/* ---- structure and positions ----------------------------------------------- */

static void test_positions(void **state)
{
	struct vakt_yaml_stream *s;
	const struct vakt_yaml_node *r = root("apiVersion: v1\n"
	                                      "kind: Pod\n"
	                                      "metadata:\n"
	                                      "  name: web\n"
	                                      "  labels: {app: web, tier: \"front\"}\n"
	                                      "spec:\n"
	                                      "  containers:\n"
	                                      "    - name: app\n"
	                                      "      image: nginx:1.25\n"
	                                      "# trailing comment\n",
	                                      &s);
	const struct vakt_yaml_pair *p;
	const struct vakt_yaml_node *n;

	assert_true(vakt_yaml_is_map(r));
	assert_int_equal(r->n, 4);
	assert_pos(r, 1, 1, 9, 23);
	p = vakt_yaml_get_pair(r, "kind");
	assert_pos(p->key, 2, 1, 2, 4);
	assert_pos(p->value, 2, 7, 2, 9);
	assert_string_equal(vakt_yaml_str(p->value), "Pod");
	assert_true(p->value->plain);
	n = vakt_yaml_path(r, "metadata.labels");
	assert_pos(n, 5, 11, 5, 35);
	n = vakt_yaml_get(n, "tier");
	assert_false(n->plain);
	assert_pos(n, 5, 28, 5, 34);
	n = vakt_yaml_path(r, "spec.containers");
	assert_true(vakt_yaml_is_seq(n));
	assert_int_equal(n->n, 1);
	assert_pos(n, 8, 5, 9, 23);
	assert_pos(n->items[0], 8, 7, 9, 23);
	assert_string_equal(vakt_yaml_text(vakt_yaml_get(n->items[0], "image")), "nginx:1.25");
	assert_int_equal(s->docs[0].line, 1);
	assert_string_equal(s->path, PATH);
	vakt_yaml_free(s);
}

static void test_nested_block_end(void **state)
{
	struct vakt_yaml_stream *s;
	const struct vakt_yaml_node *r = root("a:\n"
	                                      "  b:\n"
	                                      "    c: 1\n"
	                                      "    # comment\n"
	                                      "  d: 2\n",
	                                      &s);

	assert_pos(vakt_yaml_path(r, "a.b"), 3, 5, 3, 8);
	assert_pos(vakt_yaml_get(r, "a"), 2, 3, 5, 6);
	vakt_yaml_free(s);
}

static void test_block_scalars(void **state)
{
	struct vakt_yaml_stream *s;
	const struct vakt_yaml_node *r = root("script: |\n"
	                                      "  echo one\n"
	                                      "  echo two\n"
	                                      "\n"
	                                      "folded: >-\n"
	                                      "  a\n"
	                                      "  b\n"
	                                      "quoted: 'it''s'\n"
	                                      "nul: \"a\\0b\"\n"
	                                      "tagged: !!str 12\n"
	                                      "custom: !mine x\n",
	                                      &s);
	const struct vakt_yaml_node *n = vakt_yaml_get(r, "script");

	assert_string_equal(n->str, "echo one\necho two\n");
	assert_false(n->plain);
	assert_pos(n, 1, 9, 3, 10);
	assert_string_equal(vakt_yaml_str(vakt_yaml_get(r, "folded")), "a b");
	assert_string_equal(vakt_yaml_str(vakt_yaml_get(r, "quoted")), "it's");
	n = vakt_yaml_get(r, "nul");
	assert_int_equal(n->len, 3);
	assert_memory_equal(n->str, "a\0b", 4);
	n = vakt_yaml_get(r, "tagged");
	assert_string_equal(vakt_yaml_tag(n), "!!str");
	assert_null(vakt_yaml_tag(vakt_yaml_get(r, "quoted")));
	assert_string_equal(vakt_yaml_tag(vakt_yaml_get(r, "custom")), "!mine");
	vakt_yaml_free(s);
}

static void test_documents(void **state)
{
	struct vakt_yaml_stream *s = parse("a: 1\n"
	                                   "---\n"
	                                   "---\n"
	                                   "# only a comment\n"
	                                   "--- b\n"
	                                   "...\n"
	                                   "---\n"
	                                   "- x\n");

	assert_int_equal(s->n_docs, 5);
	assert_string_equal(vakt_yaml_str(vakt_yaml_get(s->docs[0].root, "a")), "1");
	assert_int_equal(s->docs[0].line, 1);
	assert_null(s->docs[1].root);
	assert_int_equal(s->docs[1].line, 2);
	assert_null(s->docs[2].root);
	assert_string_equal(vakt_yaml_str(s->docs[3].root), "b");
	assert_int_equal(s->docs[3].line, 5);
	assert_true(vakt_yaml_is_seq(s->docs[4].root));
	assert_int_equal(s->docs[4].line, 7);
	vakt_yaml_free(s);

	s = parse("");
	assert_int_equal(s->n_docs, 0);
	vakt_yaml_free(s);
	s = parse("# nothing here\n");
	assert_int_equal(s->n_docs, 0);
	vakt_yaml_free(s);
	s = parse_len(NULL, 0);
	assert_int_equal(s->n_docs, 0);
	vakt_yaml_free(s);
}

static void test_aliases_shared(void **state)
{
	struct vakt_yaml_stream *s;
	const struct vakt_yaml_node *r = root("base: &b\n"
	                                      "  x: 1\n"
	                                      "one: *b\n"
	                                      "two: *b\n"
	                                      "s: &s str\n"
	                                      "t: *s\n",
	                                      &s);
	const struct vakt_yaml_node *b = vakt_yaml_get(r, "base");

	assert_ptr_equal(vakt_yaml_get(r, "one"), b);
	assert_ptr_equal(vakt_yaml_get(r, "two"), b);
	/* An anchored node starts at its anchor. */
	assert_pos(vakt_yaml_get(r, "one"), 1, 7, 2, 6);
	assert_ptr_equal(vakt_yaml_get(r, "t"), vakt_yaml_get(r, "s"));
	vakt_yaml_free(s);

	/* The latest definition of an anchor wins. */
	r = root("- &a one\n- *a\n- &a two\n- *a\n", &s);
	assert_string_equal(vakt_yaml_str(r->items[1]), "one");
	assert_string_equal(vakt_yaml_str(r->items[3]), "two");
	vakt_yaml_free(s);
}

static void test_anchors_per_document(void **state)
{
	struct vakt_yaml_stream *s = expect_error("a: &x 1\n"
	                                          "---\n"
	                                          "b: *x\n",
	                                          3, 4,
	                                          "unknown alias '*x' (no anchor '&x' before it "
	                                          "in this document)");

	/* The document before the error is kept. */
	assert_int_equal(s->n_docs, 1);
	assert_string_equal(vakt_yaml_str(vakt_yaml_get(s->docs[0].root, "a")), "1");
	vakt_yaml_free(s);
}

static void test_recursive_alias(void **state)
{
	vakt_yaml_free(
	    expect_error("a: &a\n  b: *a\n", 2, 6, "alias '*a' is inside the node it refers to"));
	vakt_yaml_free(
	    expect_error("&a [*a]\n", 1, 5, "alias '*a' is inside the node it refers to"));
}

/* ---- merge keys -------------------------------------------------------------- */

/* The keys of a mapping, joined by spaces, as "k=v". */
static char *pairs_str(const struct vakt_yaml_node *m)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < m->n; i++)
		vakt_buf_addf(&b, "%s%s=%s", i ? " " : "", m->pairs[i].key->str,
		              m->pairs[i].value->kind == VAKT_YAML_SCALAR ? m->pairs[i].value->str
		                                                          : "{}");
	return vakt_buf_detach(&b);
}

static void assert_pairs(const struct vakt_yaml_node *m, const char *want)
{
	char *got = pairs_str(m);

	if (strcmp(got, want)) {
		print_error("got '%s', expected '%s'\n", got, want);
		free(got);
		fail();
	}
	free(got);
}

static void test_merge_keys(void **state)
{
	struct vakt_yaml_stream *s;
	const struct vakt_yaml_node *r = root("a: &a {x: 1, y: 1}\n"
	                                      "b: &b {y: 2, z: 2}\n"
	                                      "one:\n"
	                                      "  <<: *a\n"
	                                      "  w: 0\n"
	                                      "two:\n"
	                                      "  w: 0\n"
	                                      "  <<: [*a, *b]\n"
	                                      "  x: 9\n"
	                                      "three:\n"
	                                      "  <<: [*b, *a]\n"
	                                      "inline:\n"
	                                      "  <<: {q: 1}\n"
	                                      "  <<: {q: 2, r: 2}\n"
	                                      "quoted:\n"
	                                      "  \"<<\": *a\n"
	                                      "tagged:\n"
	                                      "  !!merge m: *a\n",
	                                      &s);

	assert_pairs(vakt_yaml_get(r, "one"), "x=1 y=1 w=0");
	/* Written keys win wherever they are; earlier sources win over later. */
	assert_pairs(vakt_yaml_get(r, "two"), "w=0 y=1 z=2 x=9");
	assert_string_equal(vakt_yaml_path(r, "two.x")->str, "9");
	assert_string_equal(vakt_yaml_path(r, "two.y")->str, "1");
	assert_pairs(vakt_yaml_get(r, "three"), "y=2 z=2 x=1");
	assert_pairs(vakt_yaml_get(r, "inline"), "q=1 r=2");
	/* A quoted "<<" is an ordinary key. */
	assert_pairs(vakt_yaml_get(r, "quoted"), "<<={}");
	assert_pairs(vakt_yaml_get(r, "tagged"), "x=1 y=1");
	/* Merged values are the source's nodes (shared, with their positions). */
	assert_ptr_equal(vakt_yaml_path(r, "one.x"), vakt_yaml_path(r, "a.x"));
	vakt_yaml_free(s);
}

static void test_merge_nested_and_dups(void **state)
{
	struct vakt_yaml_stream *s;
	const struct vakt_yaml_node *r = root("base: &base\n"
	                                      "  image: nginx\n"
	                                      "  securityContext:\n"
	                                      "    runAsNonRoot: true\n"
	                                      "mid: &mid\n"
	                                      "  <<: *base\n"
	                                      "  image: nginx:1\n"
	                                      "top:\n"
	                                      "  <<: *mid\n"
	                                      "  name: app\n"
	                                      "dup: &dup\n"
	                                      "  k: first\n"
	                                      "  k: last\n"
	                                      "usedup:\n"
	                                      "  <<: *dup\n",
	                                      &s);

	assert_pairs(vakt_yaml_get(r, "mid"), "securityContext={} image=nginx:1");
	assert_string_equal(vakt_yaml_path(r, "mid.image")->str, "nginx:1");
	assert_string_equal(vakt_yaml_path(r, "top.image")->str, "nginx:1");
	assert_string_equal(vakt_yaml_path(r, "top.securityContext.runAsNonRoot")->str, "true");
	/* Duplicated keys: the last one is the value, in the source and merged. */
	assert_string_equal(vakt_yaml_path(r, "dup.k")->str, "last");
	assert_pairs(vakt_yaml_get(r, "usedup"), "k=last");
	vakt_yaml_free(s);
}

static void test_merge_errors(void **state)
{
	vakt_yaml_free(expect_error("a:\n  <<: 1\n", 2, 3,
	                            "merge key '<<' needs a mapping or a sequence of mappings"));
	vakt_yaml_free(expect_error("x: &x [1]\na:\n  b: 1\n  <<: [*x]\n", 4, 3,
	                            "merge key '<<' needs a mapping or a sequence of mappings"));
}

/* ---- JSON ------------------------------------------------------------------------ */

static void test_json_object(void **state)
{
	struct vakt_yaml_stream *s;
	const struct vakt_yaml_node *r =
	    root("{\n"
	         "    \"apiVersion\": \"apps/v1\",\n"
	         "    \"kind\": \"Deployment\",\n"
	         "    \"metadata\": {\n"
	         "        \"annotations\": {\n"
	         "            \"deployment.kubernetes.io/revision\": \"1\"\n"
	         "        },\n"
	         "        \"creationTimestamp\": \"2024-01-01T00:00:00Z\",\n"
	         "        \"name\": \"web\",\n"
	         "        \"namespace\": \"shop\",\n"
	         "        \"uid\": \"0b2c\\u00e9\\/x\"\n"
	         "    },\n"
	         "    \"spec\": {\n"
	         "        \"replicas\": 3,\n"
	         "        \"paused\": false,\n"
	         "        \"template\": {\n"
	         "            \"spec\": {\n"
	         "                \"containers\": [\n"
	         "                    {\"image\": \"nginx\", \"name\": \"app\", "
	         "\"ports\": [{\"containerPort\": 80}], \"args\": []}\n"
	         "                ],\n"
	         "                \"hostNetwork\": true,\n"
	         "                \"nodeSelector\": null\n"
	         "            }\n"
	         "        }\n"
	         "    },\n"
	         "    \"status\": {}\n"
	         "}\n",
	         &s);
	const struct vakt_yaml_node *c;
	long long v;
	bool b;

	assert_string_equal(vakt_yaml_text(vakt_yaml_get(r, "kind")), "Deployment");
	assert_pos(vakt_yaml_get(r, "kind"), 3, 13, 3, 24);
	assert_string_equal(vakt_yaml_path(r, "metadata.uid")->str, "0b2c\xc3\xa9/x");
	assert_true(vakt_yaml_int(vakt_yaml_path(r, "spec.replicas"), &v));
	assert_int_equal(v, 3);
	assert_true(vakt_yaml_bool(vakt_yaml_path(r, "spec.paused"), &b));
	assert_false(b);
	assert_true(vakt_yaml_bool(vakt_yaml_path(r, "spec.template.spec.hostNetwork"), &b));
	assert_true(b);
	assert_true(vakt_yaml_is_null(vakt_yaml_path(r, "spec.template.spec.nodeSelector")));
	c = vakt_yaml_path(r, "spec.template.spec.containers");
	assert_int_equal(c->n, 1);
	assert_pos(c->items[0], 19, 21, 19, 99);
	assert_string_equal(vakt_yaml_get(c->items[0], "name")->str, "app");
	assert_int_equal(vakt_yaml_get(c->items[0], "args")->n, 0);
	assert_true(vakt_yaml_is_map(vakt_yaml_get(r, "status")));
	/* A quoted JSON string is not a boolean. */
	assert_false(vakt_yaml_bool(vakt_yaml_path(r, "metadata.name"), &b));
	vakt_yaml_free(s);
}

static void test_json_list(void **state)
{
	struct vakt_yaml_stream *s;
	const struct vakt_yaml_node *r =
	    root("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\","
	         "\"kind\":\"Namespace\",\"metadata\":{\"name\":\"a\"}},{\"apiVersion\":\"v1\","
	         "\"kind\":\"Service\",\"metadata\":{\"name\":\"b\",\"namespace\":\"a\"}}],"
	         "\"metadata\":{\"resourceVersion\":\"\"}}",
	         &s);
	const struct vakt_yaml_node *items = vakt_yaml_get(r, "items");

	assert_int_equal(items->n, 2);
	assert_string_equal(vakt_yaml_get(items->items[1], "kind")->str, "Service");
	assert_pos(items->items[1], 1, 106, 1, 181);
	assert_null(vakt_yaml_text(vakt_yaml_path(r, "metadata.resourceVersion")));
	assert_false(vakt_yaml_is_null(vakt_yaml_path(r, "metadata.resourceVersion")));
	vakt_yaml_free(s);
}

/* ---- helpers ----------------------------------------------------------------- */

static void test_helpers_null_safe(void **state)
{
	bool b = true;
	long long v = 7;

	assert_null(vakt_yaml_get(NULL, "a"));
	assert_null(vakt_yaml_get_pair(NULL, "a"));
	assert_null(vakt_yaml_path(NULL, "a.b"));
	assert_null(vakt_yaml_str(NULL));
	assert_null(vakt_yaml_text(NULL));
	assert_true(vakt_yaml_is_null(NULL));
	assert_false(vakt_yaml_bool(NULL, &b));
	assert_false(vakt_yaml_int(NULL, &v));
	assert_false(vakt_yaml_is_seq(NULL));
	assert_false(vakt_yaml_is_map(NULL));
	assert_true(b);
	assert_int_equal(v, 7);
	vakt_yaml_free(NULL);
}

static void test_get_and_path(void **state)
{
	struct vakt_yaml_stream *s;
	const struct vakt_yaml_node *r = root("a: 1\n"
	                                      "b: {c: {d: deep}}\n"
	                                      "a: 2\n"
	                                      "l: [x]\n"
	                                      "[k]: complex\n",
	                                      &s);

	/* Duplicated keys: the last one. */
	assert_string_equal(vakt_yaml_get(r, "a")->str, "2");
	assert_int_equal(vakt_yaml_get_pair(r, "a")->key->line, 3);
	assert_string_equal(vakt_yaml_path(r, "b.c.d")->str, "deep");
	assert_ptr_equal(vakt_yaml_path(r, "b"), vakt_yaml_get(r, "b"));
	assert_null(vakt_yaml_path(r, "b.c.d.e"));
	assert_null(vakt_yaml_path(r, "b.x.d"));
	assert_null(vakt_yaml_path(r, "l.x"));
	assert_null(vakt_yaml_get(vakt_yaml_get(r, "l"), "x"));
	assert_null(vakt_yaml_str(vakt_yaml_get(r, "b")));
	assert_null(vakt_yaml_text(vakt_yaml_get(r, "l")));
	vakt_yaml_free(s);
}

static void test_null_and_text(void **state)
{
	struct vakt_yaml_stream *s;
	const struct vakt_yaml_node *r = root("- null\n- Null\n- NULL\n- ~\n-\n- \"\"\n- 'null'\n"
	                                      "- !!null x\n- nUlL\n- !!str\n- text\n",
	                                      &s);
	const bool nulls[] = {true,  true, true,  true,  true, false,
	                      false, true, false, false, false};

	assert_int_equal(r->n, VAKT_ARRAY_SIZE(nulls));
	for (size_t i = 0; i < r->n; i++) {
		if (vakt_yaml_is_null(r->items[i]) != nulls[i]) {
			print_error("item %zu '%s'\n", i, r->items[i]->str);
			fail();
		}
	}
	assert_null(vakt_yaml_text(r->items[4]));
	assert_null(vakt_yaml_text(r->items[5]));
	assert_string_equal(vakt_yaml_text(r->items[6]), "null");
	assert_string_equal(vakt_yaml_text(r->items[8]), "nUlL");
	assert_null(vakt_yaml_text(r->items[9]));
	assert_string_equal(vakt_yaml_text(r->items[10]), "text");
	vakt_yaml_free(s);
	assert_false(vakt_yaml_is_null(vakt_yaml_get(root("{a: b}", &s), "a")));
	vakt_yaml_free(s);
}

static void test_bool(void **state)
{
	static const char *const yes[] = {
	    "true", "True", "TRUE", "tRuE", "yes", "Yes", "on", "ON", "y", "Y", "!!bool \"true\""};
	static const char *const no[] = {"false", "False", "FALSE", "no", "No",
	                                 "off",   "Off",   "n",     "N"};
	static const char *const neither[] = {"\"true\"", "'false'", "1",          "0", "truthy",
	                                      "",         "~",       "!!str true", "[]"};
	struct vakt_yaml_stream *s;
	bool b;
	char text[64];

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(yes); i++) {
		snprintf(text, sizeof(text), "v: %s\n", yes[i]);
		b = false;
		assert_true(vakt_yaml_bool(vakt_yaml_get(root(text, &s), "v"), &b));
		assert_true(b);
		vakt_yaml_free(s);
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(no); i++) {
		snprintf(text, sizeof(text), "v: %s\n", no[i]);
		b = true;
		assert_true(vakt_yaml_bool(vakt_yaml_get(root(text, &s), "v"), &b));
		assert_false(b);
		vakt_yaml_free(s);
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(neither); i++) {
		snprintf(text, sizeof(text), "v: %s\n", neither[i]);
		if (vakt_yaml_bool(vakt_yaml_get(root(text, &s), "v"), &b)) {
			print_error("'%s' read as a boolean\n", neither[i]);
			fail();
		}
		vakt_yaml_free(s);
	}
}

static void test_int(void **state)
{
	static const struct {
		const char *text;
		long long v;
	} ok[] = {
	    {"0", 0},
	    {"42", 42},
	    {"-7", -7},
	    {"+7", 7},
	    {"0x1F", 31},
	    {"0o17", 15},
	    {"0755", 493},
	    {"0b101", 5},
	    {"1_000", 1000},
	    {"9223372036854775807", LLONG_MAX},
	    {"-9223372036854775808", LLONG_MIN},
	    {"!!int \"12\"", 12},
	};
	static const char *const bad[] = {
	    "\"12\"",
	    "'1'",
	    "1.5",
	    "1e3",
	    "0x",
	    "+",
	    "",
	    "09",
	    "12a",
	    "_1",
	    "9223372036854775808",
	    "-9223372036854775809",
	    "0xFFFFFFFFFFFFFFFFF",
	    "!!str 12",
	    "[1]",
	};
	struct vakt_yaml_stream *s;
	long long v;
	char text[64];

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(ok); i++) {
		snprintf(text, sizeof(text), "v: %s\n", ok[i].text);
		v = 12345;
		if (!vakt_yaml_int(vakt_yaml_get(root(text, &s), "v"), &v) || v != ok[i].v) {
			print_error("'%s' gave %lld\n", ok[i].text, v);
			fail();
		}
		vakt_yaml_free(s);
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(bad); i++) {
		snprintf(text, sizeof(text), "v: %s\n", bad[i]);
		if (vakt_yaml_int(vakt_yaml_get(root(text, &s), "v"), &v)) {
			print_error("'%s' read as an integer\n", bad[i]);
			fail();
		}
		vakt_yaml_free(s);
	}
}

/* ---- errors ---------------------------------------------------------------- */

static void test_syntax_errors(void **state)
{
	struct vakt_yaml_stream *s;

	s = expect_error("kind: Pod\n---\na: b\n c: d\n", 4, 3,
	                 "invalid YAML: mapping values are not allowed in this context");
	assert_int_equal(s->n_docs, 1);
	assert_string_equal(vakt_yaml_get(s->docs[0].root, "kind")->str, "Pod");
	vakt_yaml_free(s);

	vakt_yaml_free(expect_error("a:\n  b: 1\n c: 2\n", 3, 2,
	                            "invalid YAML: did not find expected key (while parsing a "
	                            "block mapping started at 1:1)"));
	vakt_yaml_free(expect_error("a: [1, 2\n", 2, 1,
	                            "invalid YAML: did not find expected ',' or ']' (while "
	                            "parsing a flow sequence started at 1:4)"));
	vakt_yaml_free(expect_error("a:\n\t- b\n", 2, 1,
	                            "invalid YAML: found character that cannot start any token: "
	                            "a tab (YAML indents with spaces)"));
	vakt_yaml_free(expect_error("a: 1\n\tb: 2\n", 2, 1,
	                            "invalid YAML: found a tab character that violates indentation "
	                            "(while scanning a plain scalar started at 1:4)"));
	vakt_yaml_free(expect_error("a: \"x\n", 2, 1, NULL));
	/* Reader errors (no mark): the position comes from the byte offset. */
	vakt_yaml_free(expect_error("a: 1\nb: \xff\n", 2, 4,
	                            "invalid YAML: invalid leading UTF-8 octet (byte 0xFF)"));
	vakt_yaml_free(expect_error_len("a: 1\nb: \0\n", 10, 2, 4,
	                                "invalid YAML: control characters are not allowed (byte "
	                                "0x00)"));
}

/* ---- ceilings -------------------------------------------------------------------- */

static char *repeat(const char *unit, size_t n, const char *tail)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < n; i++)
		vakt_buf_adds(&b, unit);
	vakt_buf_adds(&b, tail);
	return vakt_buf_detach(&b);
}

/* n nested flow sequences: "[[...]]". */
static char *nested_flow(int n)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (int i = 0; i < n; i++)
		vakt_buf_addc(&b, '[');
	for (int i = 0; i < n; i++)
		vakt_buf_addc(&b, ']');
	vakt_buf_addc(&b, '\n');
	return vakt_buf_detach(&b);
}

static void test_depth(void **state)
{
	char *ok = nested_flow(VAKT_YAML_MAX_DEPTH);
	char *bad = nested_flow(VAKT_YAML_MAX_DEPTH + 1);
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_yaml_stream *s;
	const struct vakt_yaml_node *n;
	int d = 0;

	/* Exactly the limit parses. */
	s = parse(ok);
	for (n = s->docs[0].root; vakt_yaml_is_seq(n); n = n->n ? n->items[0] : NULL)
		d++;
	assert_int_equal(d, VAKT_YAML_MAX_DEPTH);
	vakt_yaml_free(s);
	vakt_yaml_free(
	    expect_error(bad, 1, VAKT_YAML_MAX_DEPTH + 1, "nesting deeper than 64 levels"));
	free(ok);
	free(bad);

	/* Block style too: 65 nested mappings. */
	for (int i = 0; i < VAKT_YAML_MAX_DEPTH; i++)
		vakt_buf_addf(&b, "%*sk%d:\n", i, "", i);
	vakt_buf_addf(&b, "%*sleaf: 1\n", VAKT_YAML_MAX_DEPTH, "");
	vakt_yaml_free(expect_error(vakt_buf_str(&b), VAKT_YAML_MAX_DEPTH + 1,
	                            VAKT_YAML_MAX_DEPTH + 1, "nesting deeper than 64 levels"));
	vakt_buf_release(&b);
}

static void test_billion_laughs(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_yaml_stream *s;

	vakt_buf_adds(&b, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i < 10; i++) {
		vakt_buf_addf(&b, "a%d: &a%d [", i, i);
		for (int k = 0; k < 9; k++)
			vakt_buf_addf(&b, "%s*a%d", k ? ", " : "", i - 1);
		vakt_buf_adds(&b, "]\n");
	}
	/*
	 * *a5 stands for 597,871 nodes, and the aliases of lines 2 to 6 add
	 * 672,588: the nodes aliases add pass 2,000,000 at the 3rd use of *a5.
	 */
	s = expect_error(
	    vakt_buf_str(&b), 7, 20,
	    "alias '*a5' expands to more than 2000000 nodes with the aliases before it "
	    "(an alias counts every node of its anchored value each time it is used; "
	    "nodes written out do not count)");
	assert_int_equal(s->n_docs, 0);
	vakt_yaml_free(s);
	vakt_buf_release(&b);
}

static void test_expanded_exact(void **state)
{
	/*
	 * An anchored value of 1000 nodes and 2000 aliases to it: the aliases
	 * add exactly 2,000,000 nodes. The nodes written out (the root, the
	 * anchored value, 999 more scalars) do not count.
	 */
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_yaml_stream *s;
	char *more, *alias;

	vakt_buf_adds(&b, "- &a [");
	for (int i = 0; i < 999; i++)
		vakt_buf_adds(&b, i ? ",x" : "x");
	vakt_buf_adds(&b, "]\n");
	for (int i = 0; i < 2000; i++)
		vakt_buf_adds(&b, "- *a\n");
	for (int i = 0; i < 999; i++)
		vakt_buf_adds(&b, "- y\n");
	s = parse(vakt_buf_str(&b));
	assert_int_equal(s->docs[0].root->n, 1 + 2000 + 999);
	vakt_yaml_free(s);

	/* One more written node is read; one more alias is refused. */
	more = vakt_xasprintf("%s- z\n", vakt_buf_str(&b));
	s = parse(more);
	assert_int_equal(s->docs[0].root->n, 1 + 2000 + 999 + 1);
	vakt_yaml_free(s);
	alias = vakt_xasprintf("%s- *a\n", vakt_buf_str(&b));
	vakt_yaml_free(
	    expect_error(alias, 1 + 2000 + 999 + 1, 3,
	                 "alias '*a' expands to more than 2000000 nodes with the aliases "
	                 "before it (an alias counts every node of its anchored value "
	                 "each time it is used; nodes written out do not count)"));
	free(more);
	free(alias);
	vakt_buf_release(&b);
}

/* A parse under lim expecting an error at line:col with msg; returns the partial stream. */
static struct vakt_yaml_stream *expect_error_limited(const char *text,
                                                     const struct vakt_yaml_limits *lim, int line,
                                                     int col, const char *msg)
{
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;
	int r = vakt_yaml_parse_limited(PATH, text, strlen(text), lim, &s, &err);

	assert_int_equal(r, -E2BIG);
	assert_non_null(s);
	assert_non_null(err);
	if (strcmp(err->msg, msg) || err->line != line || err->column != col) {
		print_error("got %d:%d: %s\nexpected %d:%d: %s\n", err->line, err->column, err->msg,
		            line, col, msg);
		vakt_error_free(err);
		vakt_yaml_free(s);
		fail();
	}
	vakt_error_free(err);
	return s;
}

static void test_node_ceiling_exact(void **state)
{
	/*
	 * Under a ceiling on every node (as .vakt.yaml has), written nodes count
	 * too: 1 root + 1000 (anchored) + 1998 aliases x 1000 + 999 scalars =
	 * 2,000,000.
	 */
	struct vakt_yaml_limits lim = vakt_yaml_default_limits;
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;
	char *more, *alias;

	lim.max_nodes = 2000000;
	vakt_buf_adds(&b, "- &a [");
	for (int i = 0; i < 999; i++)
		vakt_buf_adds(&b, i ? ",x" : "x");
	vakt_buf_adds(&b, "]\n");
	for (int i = 0; i < 1998; i++)
		vakt_buf_adds(&b, "- *a\n");
	for (int i = 0; i < 999; i++)
		vakt_buf_adds(&b, "- y\n");
	assert_int_equal(vakt_yaml_parse_limited(PATH, vakt_buf_str(&b), b.len, &lim, &s, &err), 0);
	assert_int_equal(s->docs[0].root->n, 1 + 1998 + 999);
	vakt_yaml_free(s);

	more = vakt_xasprintf("%s- z\n", vakt_buf_str(&b));
	vakt_yaml_free(expect_error_limited(more, &lim, 1 + 1998 + 999 + 1, 3,
	                                    "the stream expands to more than 2000000 nodes"));
	alias = vakt_xasprintf("%s- *a\n", vakt_buf_str(&b));
	vakt_yaml_free(expect_error_limited(alias, &lim, 1 + 1998 + 999 + 1, 3,
	                                    "alias '*a' expands to more than 2000000 nodes (the "
	                                    "limit counts a node each time an alias reaches it)"));
	free(more);
	free(alias);
	vakt_buf_release(&b);
}

static void test_plain_nodes_uncounted(void **state)
{
	/* 2,000,001 nodes written out, no alias: read, whatever their number. */
	const size_t n = 2000000;
	char *text = vakt_xmalloc(2 * n + 2);
	struct vakt_yaml_stream *s;

	text[0] = '[';
	for (size_t i = 0; i < n; i++) {
		text[1 + 2 * i] = 'x';
		text[2 + 2 * i] = i + 1 < n ? ',' : ']';
	}
	text[2 * n + 1] = '\0';
	s = parse(text);
	assert_int_equal(s->docs[0].root->n, n);
	assert_string_equal(s->docs[0].root->items[n - 1]->str, "x");
	vakt_yaml_free(s);
	free(text);
}

static void test_alias_count(void **state)
{
	char *ok = repeat("- *a\n", VAKT_YAML_MAX_ALIASES, "");
	char *text = vakt_xasprintf("- &a x\n%s", ok);
	char *bad = vakt_xasprintf("%s- *a\n", text);
	struct vakt_yaml_stream *s = parse(text);

	assert_int_equal(s->docs[0].root->n, VAKT_YAML_MAX_ALIASES + 1);
	vakt_yaml_free(s);
	vakt_yaml_free(expect_error(bad, VAKT_YAML_MAX_ALIASES + 2, 3,
	                            "more than 10000 aliases in the stream"));
	free(ok);
	free(text);
	free(bad);
}

static void test_scalar_length(void **state)
{
	size_t n = VAKT_YAML_MAX_SCALAR;
	char *text = vakt_xmalloc(n + 16);
	struct vakt_yaml_stream *s;

	memcpy(text, "v: ", 3);
	memset(text + 3, 'x', n);
	memcpy(text + 3 + n, "\n", 2);
	s = parse(text);
	assert_int_equal(vakt_yaml_get(s->docs[0].root, "v")->len, n);
	vakt_yaml_free(s);

	memcpy(text + 3 + n, "x\n", 3);
	vakt_yaml_free(expect_error(text, 1, 4,
	                            "scalar of 1048577 bytes is longer than the limit of 1048576 "
	                            "bytes"));
	free(text);
}

static void test_entry_count(void **state)
{
	struct vakt_yaml_limits lim = vakt_yaml_default_limits;
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;
	const char *ok = "- [a, b, c]\n- {a: 1, b: 2, c: 3}\n";

	/* A node's n holds the default: no collection a file can hold is refused. */
	assert_int_equal(lim.max_entries, VAKT_YAML_MAX_ENTRIES);
	assert_int_equal(VAKT_YAML_MAX_ENTRIES, 16777215);
	lim.max_entries = 3;
	assert_int_equal(vakt_yaml_parse_limited(PATH, ok, strlen(ok), &lim, &s, &err), 0);
	assert_int_equal(s->docs[0].root->items[0]->n, 3);
	assert_int_equal(s->docs[0].root->items[1]->n, 3);
	vakt_yaml_free(s);
	vakt_yaml_free(expect_error_limited("x: [a, b, c, d]\n", &lim, 1, 4,
	                                    "more than 3 entries in one sequence or mapping"));
	vakt_yaml_free(expect_error_limited("x: 1\ny: {a: 1, b: 2, c: 3, d: 4}\n", &lim, 2, 4,
	                                    "more than 3 entries in one sequence or mapping"));
	/* Merged keys count: the mapping has 4 entries once *b is merged. */
	vakt_yaml_free(expect_error_limited("b: &b {a: 1, b: 2}\nm: {<<: *b, c: 3, d: 4}\n", &lim,
	                                    2, 4,
	                                    "more than 3 entries in one sequence or mapping"));
	/* A larger limit is what a node can hold. */
	lim.max_entries = SIZE_MAX;
	assert_int_equal(vakt_yaml_parse_limited(PATH, ok, strlen(ok), &lim, &s, &err), 0);
	vakt_yaml_free(s);
}

/* ---- documents one at a time, and copies ------------------------------------- */

struct each_seen {
	size_t n;
	int kinds[8]; /* root kind, -1 for an empty document */
	int lines[8]; /* document start lines */
	bool shared[8];
	struct vakt_yaml_stream *keep; /* adopts the second document */
	const struct vakt_yaml_node *kept;
};

static struct vakt_yaml_stream *each_note(const struct vakt_yaml_doc *doc, void *data)
{
	struct each_seen *e = data;

	if (e->n < 8) {
		e->kinds[e->n] = doc->root ? (int)doc->root->kind : -1;
		e->lines[e->n] = doc->line;
		e->shared[e->n] = doc->shared;
	}
	if (e->n++ == 1 && e->keep) {
		e->kept = doc->root;
		return e->keep;
	}
	return NULL;
}

static void test_parse_each(void **state)
{
	static const char text[] = "a: 1\n---\n- x\n- &y y\n- *y\n---\n";
	struct each_seen e = {0};
	struct vakt_error *err = NULL;

	e.keep = vakt_yaml_stream_new(PATH, 0);
	assert_int_equal(vakt_yaml_parse_each(PATH, text, strlen(text), each_note, &e, &err), 0);
	assert_int_equal(e.n, 3);
	assert_int_equal(e.kinds[0], VAKT_YAML_MAP);
	assert_int_equal(e.kinds[1], VAKT_YAML_SEQ);
	assert_int_equal(e.kinds[2], -1);
	assert_int_equal(e.lines[1], 2);
	assert_false(e.shared[0]);
	assert_true(e.shared[1]);
	/* The adopted document outlives the parse, as it was, shared nodes shared. */
	assert_int_equal(e.kept->n, 3);
	assert_string_equal(vakt_yaml_str(e.kept->items[0]), "x");
	assert_ptr_equal(e.kept->items[1], e.kept->items[2]);
	assert_int_equal(e.kept->items[0]->line, 3);
	vakt_yaml_free(e.keep);

	/* An error: fn saw the documents before it, and the error is vakt_yaml_parse()'s. */
	memset(&e, 0, sizeof(e));
	assert_int_equal(vakt_yaml_parse_each(PATH, "a: 1\n---\nb: [\n", 13, each_note, &e, &err),
	                 -EINVAL);
	assert_int_equal(e.n, 1);
	assert_non_null(err);
	assert_int_equal(err->line, 4);
	vakt_error_free(err);
}

/* Leave out every pair whose key is "drop". */
static bool pick_no_drop(const struct vakt_yaml_node *map, size_t i, void *data)
{
	(void)data;
	return strcmp(vakt_yaml_str(map->pairs[i].key), "drop");
}

static void test_copy(void **state)
{
	static const char text[] = "base: &b {x: 1, y: !!str 2, drop: 3}\n"
	                           "m: {<<: *b, z: 3}\n"
	                           "l: [*b, *b, 'q']\n"
	                           "drop: {a: 1}\n";
	struct vakt_yaml_stream *s = parse(text), *dst = vakt_yaml_stream_new(PATH, sizeof(text));
	const struct vakt_yaml_node *c, *b, *m, *l, *c2;

	assert_true(s->docs[0].shared);
	c = vakt_yaml_copy(dst, s->docs[0].root, true, NULL, NULL);
	c2 = vakt_yaml_copy(dst, s->docs[0].root, true, pick_no_drop, NULL);
	vakt_yaml_stream_seal(dst);
	assert_null(vakt_yaml_copy(dst, NULL, false, NULL, NULL));
	vakt_yaml_free(s); /* the copies stand alone */

	b = vakt_yaml_get(c, "base");
	m = vakt_yaml_get(c, "m");
	l = vakt_yaml_get(c, "l");
	assert_int_equal(c->n, 4);
	assert_pos(b, 1, 7, 1, 36);
	assert_string_equal(vakt_yaml_tag(vakt_yaml_get(b, "y")), "!!str");
	assert_null(vakt_yaml_tag(vakt_yaml_get(b, "x")));
	assert_true(vakt_yaml_get(b, "x")->plain);
	assert_false(l->items[2]->plain);
	/* Shared nodes stay shared: aliases and merged keys are the anchored ones. */
	assert_ptr_equal(l->items[0], b);
	assert_ptr_equal(l->items[1], b);
	assert_ptr_equal(vakt_yaml_get(m, "x"), vakt_yaml_get(b, "x"));
	assert_int_equal(m->n, 4);
	assert_string_equal(vakt_yaml_str(vakt_yaml_get(m, "z")), "3");
	/* pick leaves out pairs, everywhere the mapping is reached. */
	assert_int_equal(c2->n, 3);
	assert_null(vakt_yaml_get(c2, "drop"));
	assert_null(vakt_yaml_get(vakt_yaml_get(c2, "base"), "drop"));
	assert_int_equal(vakt_yaml_get(c2, "base")->n, 2);
	assert_string_equal(vakt_yaml_str(vakt_yaml_get(vakt_yaml_get(c2, "m"), "y")), "2");
	/* Equal strings copied into dst before it was sealed are one copy. */
	assert_ptr_equal(vakt_yaml_str(vakt_yaml_get(b, "x")),
	                 vakt_yaml_str(vakt_yaml_get(vakt_yaml_get(c2, "base"), "x")));
	assert_ptr_equal(vakt_yaml_str(vakt_yaml_get(b, "drop")),
	                 vakt_yaml_str(vakt_yaml_get(m, "z")));
	vakt_yaml_free(dst);
}

struct split_seen {
	size_t n;
	char keys[8][16];
	int lines[8];
};

static void split_note(const struct vakt_yaml_pair *entry, void *data)
{
	struct split_seen *e = data;

	if (e->n < 8) {
		snprintf(e->keys[e->n], sizeof(e->keys[0]), "%s", vakt_yaml_str(entry->key));
		e->lines[e->n] = entry->value ? entry->value->end_line : 0;
	}
	e->n++;
}

/* Split text at "svc"; returns whether *whole was set. */
static bool split(const char *text, struct split_seen *e, struct vakt_yaml_stream **s)
{
	struct vakt_error *err = NULL;
	bool whole = true;

	memset(e, 0, sizeof(*e));
	assert_int_equal(
	    vakt_yaml_parse_split(PATH, text, strlen(text), "svc", split_note, e, &whole, s, &err),
	    0);
	return whole;
}

static void test_parse_split(void **state)
{
	static const char text[] = "a: 1\nsvc:\n  x:\n    k: v\n  y: &y {k: w}\n  z: *y\nb: 2\n";
	struct vakt_yaml_stream *s, *whole = parse(text);
	const struct vakt_yaml_node *svc, *w = vakt_yaml_get(whole->docs[0].root, "svc");
	struct split_seen e;

	/* Entries go one at a time, and the mapping stays, empty, where it was. */
	assert_false(split(text, &e, &s));
	assert_int_equal(e.n, 3);
	assert_string_equal(e.keys[0], "x");
	assert_string_equal(e.keys[2], "z");
	assert_int_equal(e.lines[0], 4);
	svc = vakt_yaml_get(s->docs[0].root, "svc");
	assert_true(vakt_yaml_is_map(svc));
	assert_int_equal(svc->n, 0);
	assert_pos(svc, w->line, w->col, w->end_line, w->end_col);
	assert_pos(s->docs[0].root, whole->docs[0].root->line, whole->docs[0].root->col,
	           whole->docs[0].root->end_line, whole->docs[0].root->end_col);
	vakt_yaml_free(whole);
	assert_int_equal(s->docs[0].root->n, 3);
	assert_string_equal(vakt_yaml_str(vakt_yaml_get(s->docs[0].root, "b")), "2");
	vakt_yaml_free(s);

	/* Every document has its own; flow style, nesting and anchored ones stay whole. */
	assert_false(split("svc:\n  a: 1\n---\nsvc: {b: 2}\n---\nx:\n  svc:\n    c: 3\n---\n"
	                   "svc: &s\n  d: 4\n",
	                   &e, &s));
	assert_int_equal(e.n, 1);
	assert_int_equal(vakt_yaml_get(s->docs[1].root, "svc")->n, 1);
	assert_int_equal(vakt_yaml_path(s->docs[2].root, "x.svc")->n, 1);
	assert_int_equal(vakt_yaml_get(s->docs[3].root, "svc")->n, 1);
	vakt_yaml_free(s);

	/* What a tree and its entries cannot say the same way. */
	assert_true(split("m: &m {p: 1}\nsvc:\n  <<: *m\n  q: 2\n", &e, &s));
	/* The merge key stayed in the tree (q went to fn): the caller parses again, whole. */
	assert_non_null(vakt_yaml_path(s->docs[0].root, "svc.p"));
	assert_int_equal(e.n, 1);
	vakt_yaml_free(s);
	assert_true(split("svc:\n  a: 1\nsvc:\n  b: 2\n", &e, &s));
	vakt_yaml_free(s);
	assert_true(split("svc:\n  a: 1\nsvc: null\n", &e, &s));
	vakt_yaml_free(s);
}

static void test_doc_count(void **state)
{
	char *ok = repeat("---\n", VAKT_YAML_MAX_DOCS, "");
	char *bad = vakt_xasprintf("%s--- x\n", ok);
	struct vakt_yaml_stream *s = parse(ok);

	assert_int_equal(s->n_docs, VAKT_YAML_MAX_DOCS);
	vakt_yaml_free(s);
	s = expect_error(bad, VAKT_YAML_MAX_DOCS + 1, 1,
	                 "more than 100000 documents in the stream");
	assert_int_equal(s->n_docs, VAKT_YAML_MAX_DOCS);
	vakt_yaml_free(s);
	free(ok);
	free(bad);
}

static void test_big_merges_are_linear(void **state)
{
	/* 20,000 keys merged into a mapping with 20,000 keys of its own: no quadratic time. */
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_yaml_stream *s;
	const struct vakt_yaml_node *m;

	vakt_buf_adds(&b, "src: &s\n");
	for (int i = 0; i < 20000; i++)
		vakt_buf_addf(&b, "  k%d: src\n", i);
	vakt_buf_adds(&b, "dst:\n  <<: *s\n");
	for (int i = 10000; i < 30000; i++)
		vakt_buf_addf(&b, "  k%d: dst\n", i);
	s = parse(vakt_buf_str(&b));
	m = vakt_yaml_get(s->docs[0].root, "dst");
	assert_int_equal(m->n, 30000);
	assert_string_equal(vakt_yaml_get(m, "k0")->str, "src");
	assert_string_equal(vakt_yaml_get(m, "k15000")->str, "dst");
	assert_string_equal(vakt_yaml_get(m, "k29999")->str, "dst");
	vakt_yaml_free(s);
	vakt_buf_release(&b);
}

static void test_many_anchors_then_many_docs(void **state)
{
	/* Resetting anchors per document costs what the document used, not the table size. */
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_yaml_stream *s;

	for (int i = 0; i < 50000; i++)
		vakt_buf_addf(&b, "- &a%d x\n", i);
	vakt_buf_adds(&b, "- *a49999\n");
	for (int i = 0; i < 50000; i++)
		vakt_buf_adds(&b, "--- &z [*z]\n");
	s = expect_error(vakt_buf_str(&b), 50002, 9, "alias '*z' is inside the node it refers to");
	vakt_yaml_free(s);
	vakt_buf_release(&b);

	for (int i = 0; i < 50000; i++)
		vakt_buf_addf(&b, "- &a%d x\n", i);
	vakt_buf_adds(&b, "- *a49999\n");
	for (int i = 0; i < 50000; i++)
		vakt_buf_adds(&b, "--- &z x\n");
	s = parse(vakt_buf_str(&b));
	assert_int_equal(s->n_docs, 50001);
	assert_string_equal(vakt_yaml_str(s->docs[0].root->items[50000]), "x");
	vakt_yaml_free(s);
	vakt_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_positions),
	    cmocka_unit_test(test_nested_block_end),
	    cmocka_unit_test(test_block_scalars),
	    cmocka_unit_test(test_documents),
	    cmocka_unit_test(test_aliases_shared),
	    cmocka_unit_test(test_anchors_per_document),
	    cmocka_unit_test(test_recursive_alias),
	    cmocka_unit_test(test_merge_keys),
	    cmocka_unit_test(test_merge_nested_and_dups),
	    cmocka_unit_test(test_merge_errors),
	    cmocka_unit_test(test_json_object),
	    cmocka_unit_test(test_json_list),
	    cmocka_unit_test(test_helpers_null_safe),
	    cmocka_unit_test(test_get_and_path),
	    cmocka_unit_test(test_null_and_text),
	    cmocka_unit_test(test_bool),
	    cmocka_unit_test(test_int),
	    cmocka_unit_test(test_syntax_errors),
	    cmocka_unit_test(test_depth),
	    cmocka_unit_test(test_billion_laughs),
	    cmocka_unit_test(test_expanded_exact),
	    cmocka_unit_test(test_node_ceiling_exact),
	    cmocka_unit_test(test_plain_nodes_uncounted),
	    cmocka_unit_test(test_alias_count),
	    cmocka_unit_test(test_scalar_length),
	    cmocka_unit_test(test_entry_count),
	    cmocka_unit_test(test_parse_each),
	    cmocka_unit_test(test_copy),
	    cmocka_unit_test(test_parse_split),
	    cmocka_unit_test(test_doc_count),
	    cmocka_unit_test(test_big_merges_are_linear),
	    cmocka_unit_test(test_many_anchors_then_many_docs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
