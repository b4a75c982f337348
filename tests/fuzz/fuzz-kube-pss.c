/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the Pod Security Standards controls (table
 * kube_rules_pss, PS001-PS019): the input is loaded as a manifest stream
 * and every rule of the table runs on every object under the --pss
 * LEVEL:VERSION the last byte picks: restricted, baseline or privileged, at
 * latest or at one of the versions where PSA's checks changed ('\n' is
 * restricted:latest). The whole-pod evaluation (kube_pss_evaluate(), which
 * the namespace rules use) runs too, and its message is built.
 */
#include <stdio.h>

#include "core/check.h"
#include "core/config.h"
#include "core/scan.h"
#include "fuzz-common.h"
#include "kube/kube-model.h"
#include "kube/kube-pss.h"
#include "kube/kube-rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const levels[] = {"restricted", "baseline", "privileged"};
/* latest, the oldest, versions around the checks' changes, beyond the newest known. */
static const char *const versions[] = {"latest", "v1.0",  "v1.8",  "v1.19",  "v1.22",
                                       "v1.23",  "v1.25", "v1.30", "v1.999", "v1.37"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned opt = fuzz_option(data, size) ^ '\n';
	struct vakt_config *cfg = vakt_config_new();
	struct kube_set set = {0};
	struct kube_check_model model = {&set, NULL, NULL, NULL, NULL};
	struct vakt_error_list errs = {0};
	struct vakt_findings out = {0};
	struct vakt_check_ctx ctx = {0};
	struct vakt_scan_opts opts;
	struct kube_pss_policy pol;
	struct vakt_error *err = NULL;
	char spec[64];

	snprintf(spec, sizeof(spec), "%s:%s", levels[opt % VAKT_ARRAY_SIZE(levels)],
	         versions[opt / VAKT_ARRAY_SIZE(levels) % VAKT_ARRAY_SIZE(versions)]);
	if (kube_pss_parse(spec, &pol, &err) < 0)
		__builtin_trap(); /* every spec above is valid */
	vakt_scan_opts_init(&opts, cfg);
	opts.pss = spec;
	/* As the domain's begin() hands the parsed policy to every object's rules. */
	model.pss = &pol;
	kube_set_load(&set, vakt_source_from_mem("fuzz.yaml", (const char *)data, size), &errs);
	fuzz_check_errors(&errs);
	ctx.model = &model;
	ctx.opts = &opts;
	ctx.out = &out;
	for (size_t i = 0; i < set.n; i++) {
		const struct kube_object *o = &set.objs[i];
		struct kube_pss_result r = {0};
		char *msg;

		model.obj = o;
		ctx.src = o->src;
		for (size_t k = 0; k < vakt_rules_count(kube_rules_pss); k++) {
			ctx.rule = &kube_rules_pss[k];
			if (ctx.rule->check)
				ctx.rule->check(&ctx);
		}
		kube_pss_evaluate(&pol, o->pod_meta, o->pod_spec, &r);
		for (size_t k = 0; k < r.n; k++)
			if (!r.v[k].n_items || !r.v[k].reason ||
			    !kube_pss_check_active(&pol, r.v[k].check))
				__builtin_trap();
		msg = kube_pss_result_message(&r);
		if (!msg || (r.n && !*msg))
			__builtin_trap();
		fuzz_touch_str(msg);
		free(msg);
		kube_pss_result_release(&r);
	}
	fuzz_check_findings(&out);
	vakt_findings_release(&out);
	kube_set_release(&set);
	vakt_error_list_release(&errs);
	vakt_config_free(cfg);
	return 0;
}
