/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FUZZ_FIX_H
#define VAKT_FUZZ_FIX_H

/*
 * What the vakt fix harnesses (fuzz-df-fix.c, fuzz-kube-fix.c,
 * fuzz-compose-fix.c) share: one pass of the fix engine over a text, with
 * its invariants, and the check that a second pass changes nothing.
 */

#include <stdbool.h>
#include <string.h>

#include "core/config.h"
#include "core/domain.h"
#include "core/fix.h"
#include "core/scan.h"
#include "fuzz-common.h"

/*
 * One pass of vakt fix over text with domain d's fix hook, as the file path:
 * the new text (owned) and the number of scan errors. Traps when an edit
 * lies outside the text, names no fixable rule or has no note, when two
 * applied edits overlap, or when the diff is empty and the text changed (or
 * the other way round).
 */
static inline char *fuzz_fix_pass(const struct vakt_domain *d, const char *path, const char *text,
                                  size_t len, const struct vakt_scan_opts *o, bool unsafe,
                                  size_t *out_len, size_t *n_errors)
{
	struct vakt_scan_result res = {0};
	const struct vakt_finding **todo;
	struct vakt_edits e = {0};
	struct vakt_fix_plan plan;
	struct vakt_strv skipped = {0};
	struct vakt_fix_ctx ctx = {0};
	struct vakt_fix_news news = {0};
	struct vakt_source *src = vakt_source_from_mem(path, text, len);
	struct vakt_buf diff = VAKT_BUF_INIT;
	size_t n = 0;
	char *out;

	vakt_scan_source(d, vakt_source_from_mem(src->path, text, len), o, &res);
	*n_errors = res.errors.n;
	todo = vakt_xcalloc(res.findings.n ? res.findings.n : 1, sizeof(*todo));
	for (size_t i = 0; i < res.findings.n; i++)
		if (!res.findings.v[i].suppressed && res.findings.v[i].rule->fix)
			todo[n++] = &res.findings.v[i];
	if (n && !res.errors.n) {
		ctx.src = src;
		ctx.opts = o;
		ctx.edits = &e;
		ctx.skipped = &skipped;
		ctx.created = &news;
		ctx.unsafe = unsafe;
		d->fix(&ctx, todo, n);
	}
	vakt_fix_plan_make(&plan, src->data, src->len, &e);
	for (size_t i = 0; i < plan.n; i++) {
		const struct vakt_fix_step *a = &plan.v[i];

		if (a->off > src->len || a->del > src->len - a->off || !a->rule || !a->rule->fix ||
		    !a->note || !*a->note || a->state == VAKT_EDIT_INVALID)
			__builtin_trap();
		/* Sorted by offset: an applied edit ends before the next applied one starts. */
		if (a->state == VAKT_EDIT_APPLIED)
			for (size_t j = i + 1; j < plan.n; j++) {
				if (plan.v[j].state != VAKT_EDIT_APPLIED)
					continue;
				if (plan.v[j].off < a->off + a->del)
					__builtin_trap();
				break;
			}
	}
	for (size_t i = 0; i < skipped.n; i++)
		fuzz_touch_str(skipped.v[i]);
	for (size_t i = 0; i < news.n; i++)
		fuzz_touch_str(vakt_buf_str(&news.v[i].text));
	vakt_fix_news_release(&news);
	out = vakt_fix_apply(&plan, out_len);
	vakt_fix_diff(&plan, src->path, 3, &diff);
	if ((*out_len == len && !memcmp(out, text, len)) != (diff.len == 0))
		__builtin_trap();
	vakt_buf_release(&diff);
	vakt_fix_plan_release(&plan);
	vakt_edits_release(&e);
	vakt_strv_release(&skipped);
	free(todo);
	vakt_scan_result_release(&res);
	vakt_source_free(src);
	return out;
}

/*
 * Fix text twice: the fix breaks nothing the parser reads, and (when the
 * input parsed) the second pass has nothing to do. Traps otherwise.
 */
static inline void fuzz_fix_twice(const struct vakt_domain *d, const char *path, const char *text,
                                  size_t len, const struct vakt_scan_opts *o, bool unsafe)
{
	size_t len1, len2, err0, err1;
	char *once = fuzz_fix_pass(d, path, text, len, o, unsafe, &len1, &err0);
	char *twice = fuzz_fix_pass(d, path, once, len1, o, unsafe, &len2, &err1);

	if (err1 > err0 || (err0 == 0 && (len2 != len1 || memcmp(once, twice, len1))))
		__builtin_trap();
	free(once);
	free(twice);
}

#endif
