/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the Dockerfile security rules (DF001-DF039): the
 * input is parsed as a Dockerfile and every rule of df_rules_security runs
 * on the model, with trusted-registries and allowed-base-images configured
 * so that DF015 and DF016 run too. Every finding is read back.
 */
#include <stdint.h>

#include "core/check.h"
#include "core/config.h"
#include "core/scan.h"
#include "dockerfile/df-model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const struct vakt_rule df_rules_security[];

/* Keeps the reads below from being optimised away. */
static volatile size_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vakt_source *src = vakt_source_from_mem("fuzz.Dockerfile", (const char *)data, size);
	struct vakt_config *cfg = vakt_config_new();
	struct vakt_error_list errs = {0};
	struct vakt_findings out = {0};
	struct vakt_check_ctx ctx = {0};
	struct vakt_scan_opts opts;
	struct df_file *f = NULL;

	vakt_strv_push(&cfg->trusted_registries, "*.example.com");
	vakt_strv_push(&cfg->trusted_registries, "docker.io");
	vakt_strv_push(&cfg->allowed_images, "alpine:*");
	vakt_strv_push(&cfg->allowed_images, "gcr.io/distroless/*");
	vakt_scan_opts_init(&opts, cfg);
	df_parse(src, NULL, &f, &errs);
	if (f) {
		ctx.model = f;
		ctx.src = src;
		ctx.opts = &opts;
		ctx.out = &out;
		for (size_t i = 0; i < vakt_rules_count(df_rules_security); i++) {
			ctx.rule = &df_rules_security[i];
			ctx.rule->check(&ctx);
		}
		for (size_t i = 0; i < out.n; i++) {
			const struct vakt_finding *fi = &out.v[i];

			if (!fi->message || fi->loc.line < 0 || fi->loc.column < 0)
				__builtin_trap();
			sink += strlen(fi->message) + (size_t)fi->loc.line;
		}
		df_file_free(f);
	}
	vakt_findings_release(&out);
	vakt_error_list_release(&errs);
	vakt_config_free(cfg);
	vakt_source_free(src);
	return 0;
}
