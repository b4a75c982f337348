/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the namespace Pod Security rules (table
 * kube_rules_ns_pss, KN001-KN003): the input is loaded as a manifest
 * stream and the set table runs once over it, as kube-scan.c's end() runs
 * it: Namespace objects and their pod-security.kubernetes.io labels (any
 * level and version text), and every workload evaluated against the
 * enforce level of its namespace.
 */
#include "core/check.h"
#include "core/config.h"
#include "core/scan.h"
#include "fuzz-common.h"
#include "kube/kube-model.h"
#include "kube/kube-rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vakt_config *cfg = vakt_config_new();
	struct kube_set set = {0};
	struct kube_check_model model = {&set, NULL, NULL, NULL, NULL};
	struct vakt_error_list errs = {0};
	struct vakt_findings out = {0};
	struct vakt_check_ctx ctx = {0};
	struct vakt_scan_opts opts;

	vakt_scan_opts_init(&opts, cfg);
	kube_set_load(&set, vakt_source_from_mem("fuzz.yaml", (const char *)data, size), &errs);
	fuzz_check_errors(&errs);
	ctx.model = &model;
	ctx.opts = &opts;
	ctx.out = &out;
	for (size_t i = 0; i < vakt_rules_count(kube_rules_ns_pss); i++) {
		ctx.rule = &kube_rules_ns_pss[i];
		if (ctx.rule->check)
			ctx.rule->check(&ctx);
	}
	fuzz_check_findings(&out);
	vakt_findings_release(&out);
	kube_set_release(&set);
	vakt_error_list_release(&errs);
	vakt_config_free(cfg);
	return 0;
}
