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

#endif
