/* SPDX-License-Identifier: MIT */
#ifndef VAKT_YAML_EDIT_TEST_H
#define VAKT_YAML_EDIT_TEST_H

/*
 * Shared by the YAML editor's tests (header only, static helpers): a source
 * parsed and opened for editing, and a test-only apply of the edits (the
 * fix engine is core/fix's).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/edit.h"
#include "core/source.h"
#include "core/util.h"
#include "core/yaml-edit.h"
#include "core/yaml.h"

struct yfx {
	struct vakt_source *src;
	struct vakt_yaml_stream *s;
	struct vakt_yedit *e;
	struct vakt_edits edits;
};

/* Open text; false when it does not parse or the editor refuses it. */
static bool yfx_try_open(struct yfx *f, const char *text, size_t len)
{
	struct vakt_error *err = NULL;

	memset(f, 0, sizeof(*f));
	f->src = vakt_source_from_mem("in.yaml", text, len);
	if (vakt_yaml_parse("in.yaml", text, len, &f->s, &err) < 0 ||
	    vakt_yedit_new(f->src, f->s, &f->e, &err) < 0) {
		vakt_error_free(err);
		return false;
	}
	return true;
}

static void yfx_close(struct yfx *f)
{
	vakt_yedit_free(f->e);
	vakt_yaml_free(f->s);
	vakt_source_free(f->src);
	vakt_edits_release(&f->edits);
	memset(f, 0, sizeof(*f));
}

/* Apply l to data (edits in order, never overlapping: checked). The caller owns the text. */
static char *yfx_apply_edits(const char *data, size_t len, const struct vakt_edits *l)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t at = 0;

	for (size_t i = 0; i < l->n; i++) {
		const struct vakt_edit *e = &l->v[i];

		assert_true(e->off >= at && e->off + e->del <= len);
		vakt_buf_add(&b, data + at, e->off - at);
		vakt_buf_adds(&b, e->ins);
		at = e->off + e->del;
	}
	vakt_buf_add(&b, data + at, len - at);
	return vakt_buf_detach(&b);
}

/* Finish the editor's changes into f->edits and return the edited text (owned). */
static char *yfx_apply(struct yfx *f)
{
	struct vakt_error *err = NULL;
	int r = vakt_yedit_finish(f->e, &f->edits, &err);

	if (r < 0) {
		char *m = vakt_error_format(err);

		print_error("finish: %s\n", m);
		free(m);
		vakt_error_free(err);
		fail();
	}
	return yfx_apply_edits(f->src->data, f->src->len, &f->edits);
}

/* ---- helpers of the operation tests ---- */

typedef void (*op_fn)(struct yfx *f);

/* The call succeeded; err is read after it (a function's arguments have no order). */
#define ok(call, err) ok_at((call), &(err))

static inline void ok_at(int r, struct vakt_error **errp)
{
	struct vakt_error *err = *errp;

	if (r < 0) {
		char *m = err ? vakt_error_format(err) : vakt_xstrdup("(no message)");

		print_error("unexpected error %d: %s\n", r, m);
		free(m);
		vakt_error_free(err);
		fail();
	}
}

/* r is the error code want, and its message says `says`. */
static inline void refused(int r, int want, struct vakt_error **err, const char *says)
{
	assert_int_equal(r, want);
	assert_non_null(*err);
	if (!strstr((*err)->msg, says)) {
		print_error("message '%s' lacks '%s'\n", (*err)->msg, says);
		fail();
	}
	vakt_error_free(*err);
	*err = NULL;
}

static inline void open_ok(struct yfx *f, const char *text)
{
	assert_true(yfx_try_open(f, text, strlen(text)));
}

static inline const struct vakt_yaml_node *root(const struct yfx *f, size_t doc)
{
	assert_true(doc < f->s->n_docs);
	return f->s->docs[doc].root;
}

static inline const struct vakt_yaml_node *at(const struct yfx *f, const char *dotted)
{
	const struct vakt_yaml_node *n = vakt_yaml_path(root(f, 0), dotted);

	assert_non_null(n);
	return n;
}

/*
 * Run op on in, expect want; then run op again on want: it must parse and
 * the second run must add no edit.
 */
static inline void run(const char *in, op_fn op, const char *want)
{
	struct yfx f;
	char *got;

	open_ok(&f, in);
	op(&f);
	got = yfx_apply(&f);
	if (strcmp(got, want)) {
		print_error("got:\n%s\nwant:\n%s\n", got, want);
		fail();
	}
	yfx_close(&f);
	open_ok(&f, got);
	op(&f);
	assert_int_equal(vakt_yedit_finish(f.e, &f.edits, NULL), 0);
	yfx_close(&f);
	free(got);
}

static inline void ensure_path(struct yfx *f, const struct vakt_yaml_node *n, const char *path,
                               const char *value)
{
	struct vakt_error *err = NULL;

	ok(vakt_yedit_ensure_path(f->e, n, path, value, NULL, NULL, &err), err);
}

static inline void append(struct yfx *f, const struct vakt_yaml_node *seq, const char *value)
{
	struct vakt_error *err = NULL;

	ok(vakt_yedit_append(f->e, seq, value, NULL, NULL, &err), err);
}

static inline void set(struct yfx *f, const struct vakt_yaml_node *n, const char *value,
                       bool string)
{
	struct vakt_error *err = NULL;

	ok(vakt_yedit_set_scalar(f->e, n, value, string, NULL, NULL, &err), err);
}

#endif
