/* SPDX-License-Identifier: MIT */
/*
 * core/yaml-copy: what a stream of copies keeps (vakt_yaml_copy()) once
 * the original is gone: strings beside the nodes, shared until a seal and
 * not after it, with NULs and tags, and more scalars than a copy notes on
 * the stack. (test-yaml.c has the copy of aliases, merged keys and pick.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/yaml.h"

#define PATH "in.yaml"

static struct vakt_yaml_stream *parse(const char *text)
{
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;

	if (vakt_yaml_parse(PATH, text, strlen(text), &s, &err) < 0) {
		char *m = vakt_error_format(err);

		print_error("unexpected error: %s\n", m);
		free(m);
		vakt_error_free(err);
		vakt_yaml_free(s);
		fail();
	}
	return s;
}

/* Copies made after a seal, and strings with NULs: strings beside the nodes. */
static void test_copy_after_seal(void **state)
{
	static const char text[] = "k: \"a\\0b\"\nt: !x v\nl: [k, v]\n";
	struct vakt_yaml_stream *s = parse(text), *dst = vakt_yaml_stream_new(PATH, sizeof(text));
	const struct vakt_yaml_node *c, *c2, *k;

	(void)state;
	c = vakt_yaml_copy(dst, s->docs[0].root, false, NULL, NULL);
	vakt_yaml_stream_seal(dst);
	c2 = vakt_yaml_copy(dst, s->docs[0].root, false, NULL, NULL);
	vakt_yaml_stream_seal(dst);
	vakt_yaml_free(s);
	for (int i = 0; i < 2; i++) {
		const struct vakt_yaml_node *r = i ? c2 : c;

		k = vakt_yaml_get(r, "k");
		assert_int_equal(k->len, 3);
		assert_memory_equal(k->str, "a\0b", 4);
		assert_string_equal(vakt_yaml_str(vakt_yaml_get(r, "t")), "v");
		assert_string_equal(vakt_yaml_tag(vakt_yaml_get(r, "t")), "!x");
		assert_string_equal(vakt_yaml_str(vakt_yaml_get(r, "l")->items[1]), "v");
		assert_int_equal(vakt_yaml_get(r, "l")->items[1]->line, 3);
	}
	/* A seal ends the sharing: the second copy has strings of its own. */
	assert_ptr_not_equal(vakt_yaml_get(c, "k")->str, vakt_yaml_get(c2, "k")->str);
	vakt_yaml_free(dst);
}

/* A copy of more scalars than it notes on the stack: every string arrives. */
static void test_copy_many(void **state)
{
	struct vakt_buf text = VAKT_BUF_INIT;
	struct vakt_yaml_stream *s, *dst;
	const struct vakt_yaml_node *c;

	(void)state;
	for (int i = 0; i < 1500; i++)
		vakt_buf_addf(&text, "key%d: value %d\n", i, i % 700);
	s = parse(vakt_buf_str(&text));
	dst = vakt_yaml_stream_new(PATH, text.len);
	c = vakt_yaml_copy(dst, s->docs[0].root, false, NULL, NULL);
	vakt_yaml_stream_seal(dst);
	vakt_yaml_free(s);
	assert_int_equal(c->n, 1500);
	for (int i = 0; i < 1500; i++) {
		char key[16], value[16];

		snprintf(key, sizeof(key), "key%d", i);
		snprintf(value, sizeof(value), "value %d", i % 700);
		assert_string_equal(vakt_yaml_str(c->pairs[i].key), key);
		assert_string_equal(vakt_yaml_str(c->pairs[i].value), value);
		assert_int_equal(c->pairs[i].value->line, i + 1);
	}
	/* Equal values are one copy. */
	assert_ptr_equal(vakt_yaml_str(c->pairs[3].value), vakt_yaml_str(c->pairs[703].value));
	vakt_yaml_free(dst);
	vakt_buf_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_copy_after_seal),
	    cmocka_unit_test(test_copy_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
