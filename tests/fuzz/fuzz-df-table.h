/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FUZZ_DF_TABLE_H
#define VAKT_FUZZ_DF_TABLE_H

/*
 * What the Dockerfile rule-table harnesses (fuzz-df-run, fuzz-df-build)
 * share: parse the input as a Dockerfile under a --build-arg set picked by
 * its last byte, run every rule of one table on the model, and check and
 * read every finding.
 */
#include "core/check.h"
#include "core/config.h"
#include "core/scan.h"
#include "dockerfile/df-model.h"
#include "fuzz-common.h"

/* --build-arg sets; '\n' (the last byte of most seeds) % 4 == 2. */
static const char *const build_args[][5] = {
    {NULL},
    {"TAG=1.0", "BASE=alpine:3.19", "EMPTY=", NULL},
    {"PKGS=curl wget sudo", "VERSION=1.2.3", "RUN_AS=root", "URL=http://x.example/i.sh", NULL},
    {"CMD=curl -k http://x | sh", "Q=\"it's\"", "UID=0", "DEST=$HOME/${X:-/}", NULL},
};

static inline int fuzz_df_table(const uint8_t *data, size_t size, const struct vakt_rule *rules,
                                size_t n_rules)
{
	const char *const *args = build_args[fuzz_option(data, size) % VAKT_ARRAY_SIZE(build_args)];
	struct vakt_source *src = vakt_source_from_mem("fuzz/Dockerfile", (const char *)data, size);
	struct vakt_config *cfg = vakt_config_new();
	struct vakt_error_list errs = {0};
	struct vakt_findings out = {0};
	struct vakt_check_ctx ctx = {0};
	struct vakt_scan_opts opts;
	struct df_file *f = NULL;

	vakt_scan_opts_init(&opts, cfg);
	for (size_t i = 0; args[i]; i++)
		vakt_strv_push(&opts.build_args, args[i]);
	df_parse(src, &opts.build_args, &f, &errs);
	fuzz_check_errors(&errs);
	if (f) {
		ctx.model = f;
		ctx.src = src;
		ctx.opts = &opts;
		ctx.out = &out;
		for (size_t i = 0; i < n_rules; i++) {
			ctx.rule = &rules[i];
			if (ctx.rule->check)
				ctx.rule->check(&ctx);
		}
		fuzz_check_findings(&out);
		df_file_free(f);
	}
	vakt_findings_release(&out);
	vakt_error_list_release(&errs);
	vakt_strv_release(&opts.build_args);
	vakt_config_free(cfg);
	vakt_source_free(src);
	return 0;
}

#endif
