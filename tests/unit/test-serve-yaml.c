/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/serve/serve-yaml.c, an admission request's object as
 * block YAML for the Kubernetes domain: vakt's YAML reader reads back
 * exactly the JSON value written, whatever its strings hold (controls, DEL,
 * C1 controls and NEL, line and paragraph separators, byte order marks,
 * NULs in values and keys, astral characters), whatever its shape (empty
 * collections, sequences of sequences, scalars at the root), and every
 * number and literal keeps its type.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/yaml.h"
#include "serve/serve-yaml.h"

/* The JSON value a YAML node of serve_yaml_text()'s output stands for. */
static json_t *to_json(const struct vakt_yaml_node *n)
{
	if (n->kind == VAKT_YAML_MAP) {
		json_t *o = json_object();
		for (size_t i = 0; i < n->n; i++) {
			const struct vakt_yaml_node *k = n->pairs[i].key;
			assert_int_equal(k->kind, VAKT_YAML_SCALAR);
			assert_false(k->plain); /* every key is quoted */
			json_object_setn_new(o, k->str, k->len, to_json(n->pairs[i].value));
		}
		return o;
	}
	if (n->kind == VAKT_YAML_SEQ) {
		json_t *a = json_array();
		for (size_t i = 0; i < n->n; i++)
			json_array_append_new(a, to_json(n->items[i]));
		return a;
	}
	if (!n->plain)
		return json_stringn(n->str, n->len);
	long long i;
	bool b;
	if (vakt_yaml_is_null(n))
		return json_null();
	if (vakt_yaml_bool(n, &b))
		return json_boolean(b);
	if (vakt_yaml_int(n, &i))
		return json_integer(i);
	char *end;
	double d = strtod(n->str, &end);
	assert_true(*end == '\0');
	return json_real(d);
}

/* Write v, read it back with vakt's YAML reader, and compare. */
static void round_trip(json_t *v)
{
	size_t len;
	char *text = serve_yaml_text(v, &len);
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;

	assert_int_equal(strlen(text), len); /* NULs and the like are escaped */
	if (vakt_yaml_parse("object", text, len, &s, &err) < 0)
		fail_msg("%s\n%s", err->msg, text);
	assert_int_equal(s->n_docs, 1);
	json_t *back = s->docs[0].root ? to_json(s->docs[0].root) : json_null();
	if (!json_equal(v, back)) {
		char *a = json_dumps(v, JSON_ENCODE_ANY), *b = json_dumps(back, JSON_ENCODE_ANY);
		fail_msg("wrote %s\nread %s\ntext:\n%s", a, b, text);
	}
	json_decref(back);
	vakt_yaml_free(s);
	free(text);
	json_decref(v);
}

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);

	if (!j)
		fail_msg("bad fixture: %s", jerr.text);
	return j;
}

static void test_pod(void **state)
{
	(void)state;
	round_trip(
	    parse("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\","
	          "\"namespace\":\"apps\",\"labels\":{\"app\":\"web\"},\"annotations\":{}},"
	          "\"spec\":{\"hostNetwork\":false,\"containers\":[{\"name\":\"app\",\"image\":"
	          "\"nginx:1.27\",\"ports\":[{\"containerPort\":8080}],\"args\":[],"
	          "\"securityContext\":{\"privileged\":true,\"runAsUser\":0,\"capabilities\":"
	          "{\"add\":[\"NET_ADMIN\",\"SYS_TIME\"]}}}],\"volumes\":null}}"));
}

/* Strings that YAML would read as something else unquoted, and quoting itself. */
static void test_yaml_lookalikes(void **state)
{
	(void)state;
	round_trip(
	    parse("{\"a\":\"true\",\"b\":\"null\",\"c\":\"~\",\"d\":\"0x10\",\"e\":\"1e3\","
	          "\"f\":\"- x\",\"g\":\"# c\",\"h\":\"k: v\",\"i\":\"&anchor\",\"j\":\"*alias\","
	          "\"k\":\"!tag\",\"l\":\"%YAML\",\"m\":\"@x\",\"n\":\"`x`\",\"o\":\"---\","
	          "\"p\":\"...\",\"q\":\"\",\"r\":\" lead and trail \",\"s\":\"{[]}\","
	          "\"t\":\"say \\\"hi\\\" \\\\ back\",\"u\":\"'single'\",\"v\":\"yes\","
	          "\"-\":\"dash key\",\"\":\"empty key\",\"x y\":\"space key\"}"));
}

/* Every character YAML forbids in a stream or reads as a line break, escaped. */
static void test_characters(void **state)
{
	(void)state;
	round_trip(
	    parse("{\"controls\":\"\\u0001\\u0007\\b\\f\\u001b\\u001f\","
	          "\"ws\":\"tab\\there\\nnew\\r\\nline  \",\"del\":\"a\\u007fb\","
	          "\"c1\":\"\\u0080\\u0085\\u009f\",\"nbsp\":\"\\u00a0\","
	          "\"seps\":\"\\u2028\\u2029\",\"bom\":\"\\ufeff\",\"nonchars\":\"\\ufffe\\uffff\","
	          "\"text\":\"\\u00e9t\\u00e9 \\u65e5\\u672c \\ud83d\\ude80\","
	          "\"nul\":\"a\\u0000b\"}"));
	/*
	 * jansson's parser refuses a NUL in a key, and json_equal() misses one;
	 * an object built in memory may hold one: the key read back is whole.
	 */
	json_t *v = json_object();
	json_object_setn_new(v, "a\0key", 5, json_integer(1));
	size_t len;
	char *text = serve_yaml_text(v, &len);
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;
	assert_int_equal(vakt_yaml_parse("object", text, len, &s, &err), 0);
	const struct vakt_yaml_node *key = s->docs[0].root->pairs[0].key;
	assert_int_equal(key->len, 5);
	assert_memory_equal(key->str, "a\0key", 5);
	vakt_yaml_free(s);
	free(text);
	json_decref(v);
}

/* The annotation that made the whole object unreadable as JSON text. */
static void test_del_in_annotation_is_read(void **state)
{
	(void)state;
	json_t *v = parse("{\"kind\":\"Pod\",\"metadata\":{\"annotations\":{\"n\":\"x\\u007f\"}},"
	                  "\"spec\":{\"containers\":[{\"name\":\"a\",\"securityContext\":"
	                  "{\"privileged\":true}}]}}");
	size_t len;
	char *text = serve_yaml_text(v, &len);
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;

	assert_null(memchr(text, 0x7f, len));
	assert_int_equal(vakt_yaml_parse("object", text, len, &s, &err), 0);
	const struct vakt_yaml_node *c =
	    vakt_yaml_path(s->docs[0].root, "spec.containers")->items[0];
	bool priv = false;
	assert_true(vakt_yaml_bool(vakt_yaml_path(c, "securityContext.privileged"), &priv));
	assert_true(priv);
	vakt_yaml_free(s);
	free(text);
	json_decref(v);
}

static void test_shapes(void **state)
{
	(void)state;
	round_trip(parse("{}"));
	round_trip(parse("{\"a\":{},\"b\":[],\"c\":[[],{}],\"d\":[[1,[2,[\"x\"]]],[{\"k\":[{}]}]],"
	                 "\"e\":[{\"x\":1,\"y\":{\"z\":[true,false,null]}},{\"x\":2}],"
	                 "\"f\":{\"g\":{\"h\":{\"i\":{}}}}}"));
	round_trip(parse("[1,\"two\",{\"three\":3}]"));
	round_trip(parse("\"a scalar\""));
	round_trip(parse("[]"));
}

static void test_numbers(void **state)
{
	(void)state;
	round_trip(parse("{\"i\":[0,-1,42,9223372036854775807,-9223372036854775808],"
	                 "\"r\":[1.5,-0.25,1e300,2.5e-8,100.0],\"b\":[true,false],\"n\":null}"));
}

/* A merge key written in JSON is a key like any other. */
static void test_merge_key_is_a_key(void **state)
{
	(void)state;
	round_trip(parse("{\"metadata\":{\"labels\":{\"<<\":\"x\",\"a\":\"b\"}}}"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pod),
	    cmocka_unit_test(test_yaml_lookalikes),
	    cmocka_unit_test(test_characters),
	    cmocka_unit_test(test_del_in_annotation_is_read),
	    cmocka_unit_test(test_shapes),
	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_merge_key_is_a_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
