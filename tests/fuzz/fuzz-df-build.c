/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the Dockerfile build rules (table df_rules_build,
 * DF080-DF099: ADD and COPY, CMD and ENTRYPOINT form, stages and their
 * names, flags, WORKDIR, ONBUILD, legacy forms): the input is parsed as a
 * Dockerfile and every rule of that table runs on the model. The last byte
 * picks the --build-arg set, so that ARG values reach FROM lines, stage
 * references and the text the rules read (plain words, values with quotes
 * and shell operators, an empty value, none at all). Every finding is
 * checked and read.
 */
#include "core/check.h"
#include "core/config.h"
#include "core/scan.h"
#include "dockerfile/df-model.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const struct vakt_rule df_rules_build[];
extern const size_t df_rules_build_count;

/* --build-arg sets; '\n' (the last byte of most seeds) % 4 == 2. */
static const char *const build_args[][5] = {
    {NULL},
    {"TAG=1.0", "BASE=alpine:3.19", "EMPTY=", NULL},
    {"PKGS=curl wget sudo", "VERSION=1.2.3", "RUN_AS=root", "URL=http://x.example/i.sh", NULL},
    {"CMD=curl -k http://x | sh", "Q=\"it's\"", "UID=0", "DEST=$HOME/${X:-/}", NULL},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
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
		for (size_t i = 0; i < df_rules_build_count; i++) {
			ctx.rule = &df_rules_build[i];
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
