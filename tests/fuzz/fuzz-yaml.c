/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: core/yaml (libyaml events into the tree, aliases,
 * merge keys, the ceilings) and every read helper over whatever parsed,
 * partial streams after an error included. Checks the tree's invariants.
 */
#include <stdint.h>

#include "core/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Nodes visited per input: the tree is a DAG that may expand to millions. */
#define FUZZ_VISITS 200000

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void visit(const struct vakt_yaml_node *n, int depth, size_t *budget)
{
	long long v;
	bool b;

	if (!n || !*budget)
		return;
	--*budget;
	/* depth counts collections above n; scalars sit one below the deepest. */
	check(n->kind == VAKT_YAML_SCALAR ? depth <= VAKT_YAML_MAX_DEPTH + 1
	                                  : depth <= VAKT_YAML_MAX_DEPTH);
	check(n->line >= 1 && n->col >= 1);
	check(n->end_line > n->line || (n->end_line == n->line && n->end_col >= n->col));
	vakt_yaml_is_null(n);
	vakt_yaml_text(n);
	vakt_yaml_bool(n, &b);
	vakt_yaml_int(n, &v);
	switch (n->kind) {
	case VAKT_YAML_SCALAR:
		check(n->str && n->str[n->len] == '\0' && n->len <= VAKT_YAML_MAX_SCALAR);
		check(!n->n);
		break;
	case VAKT_YAML_SEQ:
		for (size_t i = 0; i < n->n; i++)
			visit(n->items[i], depth + 1, budget);
		break;
	case VAKT_YAML_MAP:
		for (size_t i = 0; i < n->n; i++) {
			const char *k = vakt_yaml_str(n->pairs[i].key);

			/* The last pair with a key is the one get() finds. */
			if (k && strlen(k) == n->pairs[i].key->len)
				check(vakt_yaml_get(n, k) != NULL);
			visit(n->pairs[i].key, depth + 1, budget);
			visit(n->pairs[i].value, depth + 1, budget);
		}
		vakt_yaml_path(n, "spec.template.spec");
		vakt_yaml_get_pair(n, "<<");
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *err = NULL;
	size_t budget = FUZZ_VISITS;

	if (vakt_yaml_parse("fuzz.yaml", (const char *)data, size, &s, &err) < 0) {
		check(err && err->msg && err->line >= 0);
		free(vakt_error_format(err));
		vakt_error_free(err);
	}
	check(s != NULL && s->n_docs <= VAKT_YAML_MAX_DOCS);
	for (size_t i = 0; i < s->n_docs; i++)
		visit(s->docs[i].root, 1, &budget);
	vakt_yaml_free(s);
	return 0;
}
