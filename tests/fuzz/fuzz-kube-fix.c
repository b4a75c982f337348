/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for vakt fix on Kubernetes manifests: the input is
 * scanned as `vakt fix` scans it (vakt_scan_source() with the Kubernetes
 * domain), the unsuppressed findings of rules with a fix go to the
 * domain's fix hook (src/kube/kube-fix*.c, on the YAML editor), and the
 * edits are resolved, applied and diffed (src/core/fix*.c). Invariants: every edit lies inside the
 * text, names a fixable rule and has a note; the applied edits never overlap (one ends before the
 * next starts; insertions may share a place); the diff is empty exactly when the text is unchanged;
 * the fixed text parses with no more errors than the original; and a second run on it changes
 * nothing (idempotence). The last byte's bit 0 sets fix.uid and fix.resources
 * in the configuration; bit 1 ignores inline pragmas; bit 2 adds the Pod
 * Security Standards' restricted level (--pss restricted).
 */
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/fix.h"
#include "core/scan.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t errors_of(const struct vakt_scan_result *res)
{
	return res->errors.n;
}

/* One pass of vakt fix over text: the new text (owned) and the number of scan errors. */
static char *fix_pass(const char *text, size_t len, const struct vakt_scan_opts *o, size_t *out_len,
                      size_t *n_errors)
{
	struct vakt_scan_result res = {0};
	const struct vakt_finding **todo;
	struct vakt_edits e = {0};
	struct vakt_fix_plan plan;
	struct vakt_strv skipped = {0};
	struct vakt_fix_ctx ctx = {0};
	struct vakt_fix_news news = {0};
	struct vakt_source *src = vakt_source_from_mem("fuzz/app.yaml", text, len);
	struct vakt_buf diff = VAKT_BUF_INIT;
	size_t n = 0;
	char *out;

	vakt_scan_source(&kube_domain, vakt_source_from_mem(src->path, text, len), o, &res);
	*n_errors = errors_of(&res);
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
		kube_domain.fix(&ctx, todo, n);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned opt = fuzz_option(data, size);
	struct vakt_config *c = vakt_config_new();
	struct vakt_scan_opts o;
	size_t len1, len2, err0, err1;
	char *once, *twice;

	if (opt & 1) {
		c->has_fix_uid = true;
		c->fix_uid = 4242;
		c->fix_cpu[0] = vakt_xstrdup("500m");
		c->fix_memory[1] = vakt_xstrdup("64Mi");
	}
	vakt_scan_opts_init(&o, c);
	o.inline_ignores = !(opt & 2);
	if (opt & 4)
		o.pss = "restricted";
	once = fix_pass((const char *)data, size, &o, &len1, &err0);
	twice = fix_pass(once, len1, &o, &len2, &err1);
	/* The fix breaks nothing the parser reads, and a second run has nothing to do. */
	if (err1 > err0 || (err0 == 0 && (len2 != len1 || memcmp(once, twice, len1))))
		__builtin_trap();
	free(once);
	free(twice);
	vakt_config_free(c);
	return 0;
}
