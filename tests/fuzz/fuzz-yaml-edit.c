/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: core/yaml-edit. Over a text that parses, the editor
 * sets scalars, ensures keys and paths and appends items on nodes of the
 * tree (which ones, and the values, chosen by the input's last byte); the
 * edits must be in order, inside the text, never overlapping, and the
 * edited text must parse again (a ceiling such as the depth aside), into
 * as many documents.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/edit.h"
#include "core/source.h"
#include "core/util.h"
#include "core/yaml-edit.h"
#include "core/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Nodes edited per input. */
#define FUZZ_OPS 64

static void check(bool ok)
{
	if (!ok)
		abort();
}

static const char *const values[] = {
    "true",  "ALL",     "{drop: [ALL]}", "[a, b]",
    "{}",    "[]",      "\"x: y\"",      "{name: t, emptyDir: {}}",
    "10001", "'it''s'", "[{a: 1}]",      "~",
};

struct run {
	struct vakt_yedit *e;
	unsigned opt;
	size_t ops;
};

static const char *pick(struct run *r, size_t i)
{
	return values[(r->opt + i) % VAKT_ARRAY_SIZE(values)];
}

static void visit(struct run *r, const struct vakt_yaml_node *n, int depth)
{
	struct vakt_error *err = NULL;

	if (!n || r->ops >= FUZZ_OPS || depth > VAKT_YAML_MAX_DEPTH)
		return;
	r->ops++;
	switch (n->kind) {
	case VAKT_YAML_SCALAR:
		if (r->opt & 1)
			vakt_yedit_set_scalar(r->e, n, r->ops & 1 ? "v, w" : "false", r->ops & 1,
			                      NULL, NULL, &err);
		break;
	case VAKT_YAML_SEQ:
		vakt_yedit_append(r->e, n, pick(r, r->ops), NULL, NULL, &err);
		for (size_t i = 0; i < n->n; i++)
			visit(r, n->items[i], depth + 1);
		break;
	case VAKT_YAML_MAP:
		if (r->opt & 2)
			vakt_yedit_ensure(r->e, n, "k", pick(r, r->ops), NULL, NULL, &err);
		vakt_error_free(err);
		err = NULL;
		if (r->opt & 4)
			vakt_yedit_ensure_path(r->e, n, "securityContext.capabilities.drop",
			                       "[ALL]", NULL, "note", &err);
		for (size_t i = 0; i < n->n; i++)
			visit(r, n->pairs[i].value, depth + 1);
		break;
	}
	vakt_error_free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vakt_source *src = vakt_source_from_mem("fuzz.yaml", (const char *)data, size);
	struct vakt_yaml_stream *s = NULL, *s2 = NULL;
	struct vakt_error *err = NULL;
	struct vakt_edits edits = {0};
	struct run r = {.opt = size ? data[size - 1] : 0};
	struct vakt_buf out = VAKT_BUF_INIT;
	size_t at = 0;
	int rc;

	if (vakt_yaml_parse("fuzz.yaml", src->data, src->len, &s, &err) < 0 ||
	    vakt_yedit_new(src, s, &r.e, &err) < 0)
		goto done;
	for (size_t d = 0; d < s->n_docs; d++)
		visit(&r, s->docs[d].root, 1);
	/* -EPROTO: the editor's own check found text that does not parse */
	rc = vakt_yedit_finish(r.e, &edits, &err);
	if (rc == -EPROTO) {
		fprintf(stderr, "%s\n", err->msg);
		abort();
	}
	if (rc < 0)
		goto done;
	for (size_t i = 0; i < edits.n; i++) {
		const struct vakt_edit *e = &edits.v[i];

		check(e->off >= at && e->off + e->del <= src->len && e->ins);
		vakt_buf_add(&out, src->data + at, e->off - at);
		vakt_buf_adds(&out, e->ins);
		at = e->off + e->del;
	}
	vakt_buf_add(&out, src->data + at, src->len - at);
	vakt_error_free(err);
	err = NULL;
	rc = vakt_yaml_parse("fuzz.yaml", out.data ? out.data : "", out.len, &s2, &err);
	if (rc != 0 && rc != -E2BIG) {
		char *m = vakt_error_format(err);

		fprintf(stderr, "edited text does not parse (%s):\n%s\n", m, out.data);
		free(m);
		abort();
	}
	/* no document gained or lost */
	check(rc != 0 || s2->n_docs == s->n_docs);
done:
	vakt_error_free(err);
	vakt_buf_release(&out);
	vakt_edits_release(&edits);
	vakt_yedit_free(r.e);
	vakt_yaml_free(s2);
	vakt_yaml_free(s);
	vakt_source_free(src);
	return 0;
}
