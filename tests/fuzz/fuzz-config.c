/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: .vakt.yaml parsing (libyaml events, anchors, aliases,
 * the schema) and the glob matching of whatever parsed.
 */
#include <stdint.h>

#include "core/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const equivalents[] = {"hadolint:DL3008", "trivy:AVD-DS-0002", NULL};
static const struct vakt_rule fuzz_rule = {
    .id = "DF001",
    .slug = "fuzz-rule",
    .domain = "dockerfile",
    .severity = VAKT_SEV_MEDIUM,
    .title = "a rule for the fuzzer",
    .equivalents = equivalents,
};

static const char *const paths[] = {
    "Dockerfile",      "./legacy/Dockerfile", "repo/third_party/a/b/Dockerfile.dev",
    "/abs/testdata/x", "a//b/./c/[x]*?",      "",
};

/* Object paths for the `objects` globs of ignore entries. */
static const char *const objects[] = {
    "Deployment/shop/web/container[app]",
    "Pod/-/x",
    "*/kube-system/**",
    "",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vakt_config *c = NULL;
	struct vakt_error *err = NULL;
	const char *reason;

	if (vakt_config_parse(".vakt.yaml", (const char *)data, size, &c, &err) < 0) {
		free(vakt_error_format(err));
		vakt_error_free(err);
		return 0;
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(paths); i++) {
		vakt_config_excludes(c, paths[i]);
		vakt_config_ignores(c, &fuzz_rule, paths[i], &reason);
		vakt_config_ignores_object(c, &fuzz_rule, paths[i],
		                           objects[i % VAKT_ARRAY_SIZE(objects)], &reason);
	}
	/* The config's own strings as paths, against its own globs. */
	for (size_t i = 0; i < c->exclude.n && i < 16; i++)
		vakt_config_excludes(c, c->exclude.v[i]);
	vakt_config_severity(c, &fuzz_rule);
	vakt_config_free(c);
	return 0;
}
