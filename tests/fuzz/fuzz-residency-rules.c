/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the data-residency rules (table
 * vakt_rules_residency, RS001-RS002) as the engine applies them: the table
 * has no checks of its own, so the same bytes go through each domain's
 * values() hook. As a Dockerfile: df_domain.values (FROM images, ENV and
 * ARG values, RUN, CMD, ADD and heredoc text). As a manifest stream:
 * kube_domain.values on every object (images, env values, args,
 * annotations), with its amend() hook. As values (what the compose and
 * runline domains hand over):
 * each line through vakt_residency_check_image() and
 * vakt_residency_check_text(), at a span exactly as wide as the line, so
 * that findings are narrowed to their match. The last byte picks the
 * policy: the default (the EEA only), allowed-regions with every kind of
 * entry and exempt images, an allowed-regions list that allows nothing.
 */
#include "core/check.h"
#include "core/config.h"
#include "core/scan.h"
#include "core/domain.h"
#include "dockerfile/df-model.h"
#include "fuzz-common.h"
#include "knowledge/residency.h"
#include "kube/kube-check.h"
#include "kube/kube-model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lines read as values; the rest are skipped, so that one run stays short. */
#define FUZZ_MAX_VALUES 256

extern const struct vakt_rule vakt_rules_residency[];

static struct vakt_config *policy(unsigned opt)
{
	static const char *const allowed[] = {"eea",       "adequacy",  "country:US",
	                                      "us-east-?", "gcp:asia*", "azure:*europe",
	                                      "*-west-[",  NULL};
	struct vakt_config *c = vakt_config_new();

	switch (opt % 3) {
	case 1:
		c->has_allowed_regions = true;
		for (size_t i = 0; allowed[i]; i++)
			vakt_strv_push(&c->allowed_regions, allowed[i]);
		vakt_strv_push(&c->exempt_images, "us-docker.pkg.dev/partner/public/*");
		vakt_strv_push(&c->exempt_images, "*.dkr.ecr.*.amazonaws.com/base:*");
		break;
	case 2:
		c->has_allowed_regions = true; /* allowed-regions: [] */
		break;
	default:
		break;
	}
	return c;
}

static void as_dockerfile(struct vakt_check_ctx *ctx, const uint8_t *data, size_t size)
{
	struct vakt_source *src = vakt_source_from_mem("fuzz/Dockerfile", (const char *)data, size);
	struct vakt_error_list errs = {0};
	struct df_file *f = NULL;

	df_parse(src, &ctx->opts->build_args, &f, &errs);
	if (f) {
		ctx->model = f;
		ctx->src = src;
		ctx->rule = &vakt_rules_residency[0];
		ctx->domain = &df_domain;
		df_domain.values(ctx);
		df_file_free(f);
	}
	vakt_error_list_release(&errs);
	vakt_source_free(src);
}

static void as_manifests(struct vakt_check_ctx *ctx, const uint8_t *data, size_t size)
{
	struct kube_set set = {0};
	struct kube_check_model model = {&set, NULL, NULL, NULL, NULL};
	struct vakt_error_list errs = {0};

	kube_set_load(&set, vakt_source_from_mem("fuzz.yaml", (const char *)data, size), &errs);
	ctx->model = &model;
	for (size_t i = 0; i < set.n; i++) {
		model.obj = &set.objs[i];
		ctx->src = set.objs[i].src;
		ctx->rule = &vakt_rules_residency[0];
		ctx->domain = &kube_domain;
		kube_domain.values(ctx);
	}
	kube_set_release(&set);
	vakt_error_list_release(&errs);
}

static void as_values(struct vakt_check_ctx *ctx, const uint8_t *data, size_t size)
{
	char *text = vakt_xstrndup((const char *)data, size);
	char *line = text;

	ctx->model = NULL;
	ctx->src = NULL;
	ctx->domain = NULL;
	ctx->rule = &vakt_rules_residency[0];
	for (int n = 1; line && n <= FUZZ_MAX_VALUES; n++) {
		char *next = strchr(line, '\n');
		struct vakt_span at;

		if (next)
			*next++ = '\0';
		at = (struct vakt_span){n, 3, n, 2 + (int)(strlen(line) ? strlen(line) : 1)};
		vakt_residency_check_image(ctx, line, &at, "services.app");
		vakt_residency_check_text(ctx, line, &at,
		                          n % 2 ? "services.app.environment" : NULL);
		line = next;
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vakt_config *cfg = policy(fuzz_option(data, size) ^ '\n');
	struct vakt_findings out = {0};
	struct vakt_check_ctx ctx = {0};
	struct vakt_scan_opts opts;

	vakt_scan_opts_init(&opts, cfg);
	ctx.opts = &opts;
	ctx.out = &out;
	as_dockerfile(&ctx, data, size);
	as_manifests(&ctx, data, size);
	as_values(&ctx, data, size);
	fuzz_check_findings(&out);
	for (size_t i = 0; i < out.n; i++)
		if (strcmp(out.v[i].rule->id, "RS001") && strcmp(out.v[i].rule->id, "RS002"))
			__builtin_trap();
	vakt_findings_release(&out);
	vakt_config_free(cfg);
	return 0;
}
