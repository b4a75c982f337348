/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for a whole `vakt scan` of one file, as the CLI runs
 * it: the input goes through each file domain (Dockerfile, Kubernetes,
 * compose, runline, firewall, deps: a requirements file and a lock) with
 * vakt_scan_source(), so that every rule table of
 * the domain runs, the cross-file pass (kube end()) too, and the shared
 * post-processing (inline suppressions and pragmas, config ignores and
 * severity overrides, the --severity filter, sorting). The result is then
 * written in one report format, picked by the input's size modulo 5; the
 * JSON and SARIF reports must parse as JSON whatever bytes the findings
 * quote. The last byte picks the
 * options ('\n' is the default scan): bit 0, --no-inline-ignores; bit 1,
 * --pss baseline; bit 2, a .vakt.yaml with ignores, severity overrides and
 * trusted registries; bit 3, --severity high,critical; bit 4,
 * --show-suppressed in the reports.
 */
#include <jansson.h>
#include <stdio.h>

#include "core/config.h"
#include "core/report.h"
#include "core/scan.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char config_yaml[] = "ignore:\n"
                                  "  - DF013\n"
                                  "  - DL3008\n"
                                  "  - rule: KS001\n"
                                  "    objects: [\"Deployment/*/*\", \"*/kube-system/**\"]\n"
                                  "  - rule: CR001\n"
                                  "    paths: [\"fuzz/**\"]\n"
                                  "    reason: fuzzing\n"
                                  "severity:\n"
                                  "  DF053: critical\n"
                                  "  RS002: high\n"
                                  "  KS040: info\n"
                                  "trusted-registries: [registry.example.com, \"*.gcr.io\"]\n"
                                  "allowed-base-images: [\"gcr.io/distroless/*\", \"alpine:3.*\"]\n"
                                  "residency:\n"
                                  "  allowed-regions: [eea, country:GB]\n";

static const struct {
	const struct vakt_domain *domain;
	const char *path;
} inputs[] = {
    {&df_domain, "fuzz/Dockerfile"},         {&kube_domain, "fuzz/deploy.yaml"},
    {&compose_domain, "fuzz/compose.yaml"},  {&runline_domain, "fuzz/deploy.sh"},
    {&fw_domain, "fuzz/rules.v4"},           {&fw_domain, "fuzz/nftables.conf"},
    {&deps_domain, "fuzz/requirements.txt"}, {&deps_domain, "fuzz/package-lock.json"},
};

static FILE *null_file(void)
{
	static FILE *f;

	if (!f)
		f = fopen("/dev/null", "w");
	if (!f)
		__builtin_trap();
	return f;
}

/* Write res as JSON or SARIF into memory and parse it back. */
static void check_json(const struct vakt_scan_result *res, struct vakt_report_opts *ro,
                       enum vakt_format format)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct vakt_error *err = NULL;
	json_error_t je;
	json_t *root;

	if (!f)
		__builtin_trap();
	ro->format = format;
	if (vakt_report_write(f, res, ro, &err) < 0)
		__builtin_trap();
	fclose(f);
	root = json_loadb(buf, len, 0, &je);
	if (!root) {
		fprintf(stderr, "report is not JSON: %s at %d:%d\n", je.text, je.line, je.column);
		__builtin_trap();
	}
	json_decref(root);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vakt_config *policy;
	unsigned opt = fuzz_option(data, size) ^ '\n';
	struct vakt_config *empty = vakt_config_new();
	struct vakt_scan_result res = {0};
	struct vakt_report_opts ro = {.version = "fuzz"};
	struct vakt_scan_opts o;
	struct vakt_error *err = NULL;

	if (!policy && vakt_config_parse(".vakt.yaml", config_yaml, sizeof(config_yaml) - 1,
	                                 &policy, &err) < 0)
		__builtin_trap();
	vakt_scan_opts_init(&o, opt & 4 ? policy : empty);
	o.inline_ignores = !(opt & 1);
	o.pss = opt & 2 ? "baseline" : NULL;
	if (opt & 8)
		o.severity_mask = (1u << VAKT_SEV_HIGH) | (1u << VAKT_SEV_CRITICAL);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(inputs); i++)
		vakt_scan_source(inputs[i].domain,
		                 vakt_source_from_mem(inputs[i].path, (const char *)data, size), &o,
		                 &res);
	vakt_findings_sort(&res.findings);
	fuzz_check_findings(&res.findings);
	fuzz_check_errors(&res.errors);
	for (size_t i = 0; i < res.findings.n; i++)
		if (!(o.severity_mask & (1u << res.findings.v[i].severity)))
			__builtin_trap();
	/*
	 * One report per input, picked by its size: the SARIF one carries every
	 * rule's text, and writing all five each time was most of the run.
	 */
	ro.show_suppressed = opt & 16;
	ro.color = true;
	ro.format = (enum vakt_format)(size % 5);
	if (ro.format == VAKT_FORMAT_JSON || ro.format == VAKT_FORMAT_SARIF)
		check_json(&res, &ro, ro.format);
	else if (vakt_report_write(null_file(), &res, &ro, &err) < 0)
		__builtin_trap();
	vakt_scan_result_release(&res);
	vakt_config_free(empty);
	return 0;
}
