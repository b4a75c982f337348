/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: the Kubernetes loader (Helm template detection, YAML
 * streams into objects, List flattening, pod templates, containers), object
 * paths and locations, and kube_emit() with its suppression annotations.
 */
#include <stdint.h>

#include "core/config.h"
#include "core/scan.h"
#include "kube/kube-load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_nothing(struct vakt_check_ctx *ctx)
{
	(void)ctx;
}

static const char *const equivalents[] = {"kube-linter:run-as-non-root", "polaris:runAsRootAllowed",
                                          "trivy:AVD-KSV-0012", NULL};
static const struct vakt_rule fuzz_rule = {
    .id = "KS999",
    .slug = "fuzz-rule",
    .domain = "kubernetes",
    .severity = VAKT_SEV_HIGH,
    .title = "a rule for the fuzzer",
    .equivalents = equivalents,
    .check = check_nothing,
};

static void check(bool ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kube_set set = {0}, all = {0};
	struct vakt_error_list errs = {0};
	struct vakt_config config = {0};
	struct vakt_scan_opts opts;
	struct vakt_findings out = {0};
	struct vakt_check_ctx ctx = {0};
	const char *text = (const char *)data;

	vakt_scan_opts_init(&opts, &config);
	ctx.rule = &fuzz_rule;
	ctx.opts = &opts;
	ctx.out = &out;
	kube_looks_like_manifest(text, size);
	kube_set_load(&set, vakt_source_from_mem("fuzz.yaml", text, size), &errs);
	for (size_t i = 0; i < errs.n; i++)
		free(vakt_error_format(errs.v[i]));
	for (size_t i = 0; i < set.n && i < 64; i++) {
		const struct kube_object *o = &set.objs[i];

		check(o->path && o->kind_name && o->name && o->node);
		check(!o->n_containers || kube_kind_has_pod(o->kind));
		check(kube_object_where(o, o->pod_spec, "securityContext") != NULL);
		kube_emit(&ctx, o, NULL, NULL, "object %s", o->path);
		for (size_t k = 0; k < o->n_containers && k < 16; k++) {
			const struct kube_container *c = &o->containers[k];
			char *p = kube_container_path(o, c);

			check(c->node && c->name);
			kube_emit(&ctx, o, c, kube_object_where(o, c->node, "image"), "%s", p);
			free(p);
		}
	}
	kube_set_take(&all, &set, &errs);
	kube_set_release(&set);
	kube_set_release(&all);
	vakt_findings_release(&out);
	vakt_error_list_release(&errs);
	return 0;
}
