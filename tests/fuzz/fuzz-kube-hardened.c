/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the Kubernetes hardened profile (table
 * kube_rules_hardened, KS001-KS080): the input is loaded as a manifest
 * stream and the table runs as kube-scan.c runs it, per object: its
 * per-file rules first, then its VAKT_SCOPE_DEFERRED rules (ServiceAccount token,
 * LimitRange defaults) over the whole set. The last byte picks the options:
 * bit 0, lookups through the set's index or by walking the set (both
 * paths of kube_model_find()); bit 1, trusted registries and allowed
 * images configured, so that KS042 and KS043 read them ('\n' sets both).
 */
#include "core/check.h"
#include "core/config.h"
#include "core/scan.h"
#include "fuzz-common.h"
#include "kube/kube-model.h"
#include "kube/kube-rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run_table(struct vakt_check_ctx *ctx, enum vakt_rule_scope scope)
{
	for (size_t i = 0; kube_rules_hardened[i].id; i++) {
		ctx->rule = &kube_rules_hardened[i];
		if (ctx->rule->check && ctx->rule->scope == scope)
			ctx->rule->check(ctx);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned opt = fuzz_option(data, size) ^ '\n';
	struct vakt_config *cfg = vakt_config_new();
	struct kube_set set = {0};
	struct kube_index index;
	struct kube_check_model model = {&set, NULL, NULL, NULL, NULL};
	struct vakt_error_list errs = {0};
	struct vakt_findings out = {0};
	struct vakt_check_ctx ctx = {0};
	struct vakt_scan_opts opts;

	if (!(opt & 2)) {
		vakt_strv_push(&cfg->trusted_registries, "registry.example.com");
		vakt_strv_push(&cfg->trusted_registries, "*.gcr.io");
		vakt_strv_push(&cfg->allowed_images, "ngnix:*");
	}
	vakt_scan_opts_init(&opts, cfg);
	kube_set_load(&set, vakt_source_from_mem("fuzz.yaml", (const char *)data, size), &errs);
	fuzz_check_errors(&errs);
	ctx.model = &model;
	ctx.opts = &opts;
	ctx.out = &out;
	for (size_t i = 0; i < set.n; i++) {
		model.obj = &set.objs[i];
		ctx.src = set.objs[i].src;
		run_table(&ctx, VAKT_SCOPE_UNIT);
	}
	if (!(opt & 1)) {
		kube_index_build(&index, &set);
		model.index = &index;
	}
	for (size_t i = 0; i < set.n; i++) {
		model.obj = &set.objs[i];
		ctx.src = set.objs[i].src;
		run_table(&ctx, VAKT_SCOPE_DEFERRED);
	}
	if (model.index)
		kube_index_release(&index);
	fuzz_check_findings(&out);
	vakt_findings_release(&out);
	kube_set_release(&set);
	vakt_error_list_release(&errs);
	vakt_config_free(cfg);
	return 0;
}
