/* SPDX-License-Identifier: MIT */
/* vakt scan: audit Dockerfiles (and later manifests) and gate CI on the result. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/config.h"
#include "core/report.h"
#include "core/scan.h"
#include "kube/kube-pss.h"

enum {
	OPT_FORMAT = 256,
	OPT_OUTPUT,
	OPT_SEVERITY,
	OPT_FAIL_ON,
	OPT_EXIT_CODE,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_NO_INLINE_IGNORES,
	OPT_SHOW_SUPPRESSED,
	OPT_COLOR,
	OPT_NO_COLOR,
	OPT_DETECT_CONTENT,
	OPT_BUILD_ARG,
	OPT_PSS,
};

const struct cli_option cmd_scan_options[] = {
    {"format", 'f', "FORMAT", "output format: text (default), json, sarif, junit, gnu", OPT_FORMAT},
    {"output", 'o', "FILE", "write the report to FILE instead of standard output", OPT_OUTPUT},
    {"severity", 's', "LIST", "report only these severities, comma-separated (e.g. HIGH,CRITICAL)",
     OPT_SEVERITY},
    {"fail-on", 0, "SEVERITY",
     "exit with the findings code only for findings at or above SEVERITY (default: info)",
     OPT_FAIL_ON},
    {"exit-code", 0, "N", "exit code when findings reach the threshold (default 1; 0 never fails)",
     OPT_EXIT_CODE},
    {"config", 'c', "FILE", "read the configuration from FILE instead of finding .vakt.yaml",
     OPT_CONFIG},
    {"no-config", 0, NULL, "do not look for .vakt.yaml", OPT_NO_CONFIG},
    {"no-inline-ignores", 0, NULL, "strict mode: ignore inline suppression comments",
     OPT_NO_INLINE_IGNORES},
    {"show-suppressed", 0, NULL, "also list suppressed findings", OPT_SHOW_SUPPRESSED},
    {"color", 0, "WHEN", "colour the text report: auto (default), always, never", OPT_COLOR},
    {"no-color", 0, NULL, "same as --color=never", OPT_NO_COLOR},
    {"detect-content", 0, NULL, "also recognise inputs by content, not only by file name",
     OPT_DETECT_CONTENT},
    {"build-arg", 0, "NAME=VALUE", "value of a build argument, as docker build --build-arg",
     OPT_BUILD_ARG},
    {"pss", 0, "LEVEL[:VERSION]",
     "also evaluate Kubernetes pods against the Pod Security Standards (baseline or "
     "restricted; version latest or v1.0 to " KUBE_PSS_NEWEST_VERSION ")",
     OPT_PSS},
    {NULL, 0, NULL, NULL, 0},
};

struct scan_args {
	enum vakt_format format;
	const char *output;
	unsigned severity_mask;
	enum vakt_severity fail_on;
	bool has_fail_on;
	long exit_code;
	const char *config;
	bool no_config;
	bool inline_ignores;
	bool show_suppressed;
	const char *color;
	bool detect_content;
	struct vakt_strv build_args;
	const char *pss;
};

static int scan_on_opt(int id, const char *arg, void *data)
{
	struct scan_args *a = data;
	const char *bad = NULL;

	switch (id) {
	case OPT_FORMAT:
		if (vakt_format_parse(arg, &a->format) < 0) {
			cli_error("unknown format '%s' (expected text, json, sarif, junit or gnu)",
			          arg);
			return CLI_EXIT_USAGE;
		}
		break;
	case OPT_OUTPUT:
		a->output = arg;
		break;
	case OPT_SEVERITY:
		if (vakt_severity_parse_list(arg, &a->severity_mask, &bad) < 0) {
			cli_error("invalid severity list '%s' at '%s' (expected a comma-separated "
			          "list of critical, high, medium, low, info)",
			          arg, bad ? bad : arg);
			return CLI_EXIT_USAGE;
		}
		break;
	case OPT_FAIL_ON:
		if (vakt_severity_parse(arg, &a->fail_on) < 0) {
			cli_error("unknown severity '%s' (expected critical, high, medium, low or "
			          "info)",
			          arg);
			return CLI_EXIT_USAGE;
		}
		a->has_fail_on = true;
		break;
	case OPT_EXIT_CODE:
		if (vakt_parse_long(arg, 0, 255, &a->exit_code) < 0) {
			cli_error("invalid exit code '%s' (expected a number from 0 to 255)", arg);
			return CLI_EXIT_USAGE;
		}
		break;
	case OPT_CONFIG:
		a->config = arg;
		break;
	case OPT_NO_CONFIG:
		a->no_config = true;
		break;
	case OPT_NO_INLINE_IGNORES:
		a->inline_ignores = false;
		break;
	case OPT_SHOW_SUPPRESSED:
		a->show_suppressed = true;
		break;
	case OPT_COLOR:
		if (strcmp(arg, "auto") && strcmp(arg, "always") && strcmp(arg, "never")) {
			cli_error("invalid --color '%s' (expected auto, always or never)", arg);
			return CLI_EXIT_USAGE;
		}
		a->color = arg;
		break;
	case OPT_NO_COLOR:
		a->color = "never";
		break;
	case OPT_DETECT_CONTENT:
		a->detect_content = true;
		break;
	case OPT_BUILD_ARG:
		if (!strchr(arg, '=') || arg[0] == '=') {
			cli_error("invalid --build-arg '%s' (expected NAME=VALUE)", arg);
			return CLI_EXIT_USAGE;
		}
		vakt_strv_push(&a->build_args, arg);
		break;
	case OPT_PSS: {
		struct kube_pss_policy pol;
		struct vakt_error *perr = NULL;

		if (kube_pss_parse(arg, &pol, &perr) < 0) {
			cli_error("invalid --pss '%s': %s", arg,
			          perr ? perr->msg : "unknown policy");
			vakt_error_free(perr);
			return CLI_EXIT_USAGE;
		}
		a->pss = arg;
		break;
	}
	}
	return 0;
}

/* Load --config, or .vakt.yaml found upward from the first path. */
static int scan_load_config(const struct scan_args *a, const char *first_path,
                            struct vakt_config **out)
{
	struct vakt_error *err = NULL;
	char *found = NULL;
	const char *path = a->config;
	int r;

	if (!path && !a->no_config)
		path = found = vakt_config_find(first_path);
	if (!path) {
		*out = vakt_config_new();
		return 0;
	}
	r = vakt_config_load(path, out, &err);
	free(found);
	if (r < 0) {
		char *msg = vakt_error_format(err);

		cli_error("invalid configuration: %s", msg);
		free(msg);
		vakt_error_free(err);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

static bool scan_has_failing(const struct vakt_scan_result *res, enum vakt_severity threshold)
{
	for (size_t i = 0; i < res->findings.n; i++)
		if (!res->findings.v[i].suppressed && res->findings.v[i].severity >= threshold)
			return true;
	return false;
}

int cmd_scan(const struct cli_command *cmd, int argc, char **argv)
{
	struct scan_args a = {
	    .format = VAKT_FORMAT_TEXT,
	    .severity_mask = (1u << VAKT_SEV_COUNT) - 1,
	    .fail_on = VAKT_SEV_INFO,
	    .exit_code = CLI_EXIT_FINDINGS,
	    .inline_ignores = true,
	    .color = "auto",
	};
	struct vakt_config *config = NULL;
	struct vakt_scan_opts o;
	struct vakt_scan_result res = {0};
	struct vakt_report_opts ro = {0};
	struct vakt_error *err = NULL;
	const char *dot = ".";
	const char *const *paths;
	size_t n_paths;
	FILE *out = stdout;
	int first, r;

	r = cli_parse(cmd, argc, argv, scan_on_opt, &a, &first);
	if (r) {
		r = r < 0 ? CLI_EXIT_OK : r;
		goto out;
	}
	paths = first < argc ? (const char *const *)argv + first : &dot;
	n_paths = first < argc ? (size_t)(argc - first) : 1;
	r = scan_load_config(&a, paths[0], &config);
	if (r)
		goto out;
	if (!a.has_fail_on && config->has_fail_on) {
		a.fail_on = config->fail_on;
		a.has_fail_on = true;
	}
	if (a.output) {
		out = fopen(a.output, "we");
		if (!out) {
			cli_error("cannot write '%s': %s", a.output, strerror(errno));
			r = CLI_EXIT_ENVIRONMENT;
			goto out;
		}
	}

	/* Reports can be large: write them in big blocks, not line by line. */
	setvbuf(out, NULL, _IOFBF, 1u << 16);

	vakt_scan_opts_init(&o, config);
	o.severity_mask = a.severity_mask;
	o.inline_ignores = a.inline_ignores;
	o.detect_content = a.detect_content;
	o.build_args = a.build_args;
	o.pss = a.pss;
	vakt_scan_paths(paths, n_paths, &o, &res);

	/* Input errors go to stderr, once each, whatever the format. */
	for (size_t i = 0; i < res.errors.n; i++) {
		char *msg = vakt_error_format(res.errors.v[i]);

		cli_error("%s", msg);
		free(msg);
	}

	ro.format = a.format;
	ro.color = a.format == VAKT_FORMAT_TEXT && cli_want_color(a.color, out);
	ro.show_suppressed = a.show_suppressed;
	ro.version = VAKT_VERSION;
	if (vakt_report_write(out, &res, &ro, &err) < 0 || fflush(out) != 0 || ferror(out)) {
		cli_error("cannot write the report%s%s: %s", a.output ? " to " : "",
		          a.output ? a.output : "", err ? err->msg : strerror(errno));
		vakt_error_free(err);
		r = CLI_EXIT_ENVIRONMENT;
		goto out;
	}

	if (res.errors.n)
		r = CLI_EXIT_INPUT;
	else if (a.exit_code && scan_has_failing(&res, a.fail_on))
		r = (int)a.exit_code;
	else
		r = CLI_EXIT_OK;
out:
	if (out && out != stdout && fclose(out) != 0 && r != CLI_EXIT_ENVIRONMENT) {
		cli_error("cannot write '%s': %s", a.output, strerror(errno));
		r = CLI_EXIT_ENVIRONMENT;
	}
	vakt_scan_result_release(&res);
	vakt_config_free(config);
	vakt_strv_release(&a.build_args);
	return r;
}
