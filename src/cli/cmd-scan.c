/* SPDX-License-Identifier: MIT */
/*
 * vakt scan: audit the Dockerfiles, Kubernetes manifests, compose files and
 * docker run lines under each PATH, and gate CI on the result.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "core/config.h"
#include "core/report.h"
#include "core/scan.h"
#include "kube/kube-pss.h"

enum {
	OPT_NO_INLINE_IGNORES = 256,
	OPT_DETECT_CONTENT,
	OPT_BUILD_ARG,
	OPT_PSS,
};

const struct cli_option cmd_scan_options[] = {
    {"format", 'f', "FORMAT", "output format: text (default), json, sarif, junit, gnu",
     CLI_OPT_FORMAT},
    CLI_GATE_OPTIONS_OUTPUT,
    {"no-inline-ignores", 0, NULL, "strict mode: ignore inline suppression comments",
     OPT_NO_INLINE_IGNORES},
    CLI_GATE_OPTIONS_DISPLAY,
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
	struct cli_gate gate;
	bool inline_ignores;
	bool detect_content;
	struct vakt_strv build_args;
	const char *pss;
};

static int scan_on_opt(int id, const char *arg, void *data)
{
	struct scan_args *a = data;
	int r;

	r = cli_gate_on_opt(&a->gate, id, arg);
	if (r != 1)
		return r;
	switch (id) {
	case CLI_OPT_FORMAT:
		return cli_gate_parse_format(&a->gate, arg);
	case OPT_NO_INLINE_IGNORES:
		a->inline_ignores = false;
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
	case OPT_PSS:
		if (cli_pss_check(arg) < 0)
			return CLI_EXIT_USAGE;
		a->pss = arg;
		break;
	}
	return 0;
}

int cli_pss_check(const char *arg)
{
	struct kube_pss_policy pol;
	struct vakt_error *perr = NULL;

	if (kube_pss_parse(arg, &pol, &perr) < 0) {
		cli_error("invalid --pss '%s': %s", arg, perr ? perr->msg : "unknown policy");
		vakt_error_free(perr);
		return -EINVAL;
	}
	return 0;
}

int cli_pss_from_config(const struct vakt_config *c, const char **out)
{
	struct kube_pss_policy pol;
	struct vakt_error *perr = NULL;

	*out = NULL;
	if (!c || !c->pss)
		return 0;
	if (kube_pss_parse(c->pss, &pol, &perr) < 0) {
		cli_error("%s:%d: invalid pss '%s': %s", c->origin ? c->origin : ".vakt.yaml",
		          c->pss_line, c->pss, perr ? perr->msg : "unknown policy");
		vakt_error_free(perr);
		return CLI_EXIT_USAGE;
	}
	*out = c->pss;
	return 0;
}

int cmd_scan(const struct cli_command *cmd, int argc, char **argv)
{
	struct scan_args a = {.inline_ignores = true};
	struct vakt_config *config = NULL;
	struct vakt_scan_opts o;
	struct vakt_scan_result res = {0};
	const char *dot = ".";
	const char *const *paths;
	size_t n_paths;
	int first, r;

	cli_gate_init(&a.gate);
	r = cli_parse(cmd, argc, argv, scan_on_opt, &a, &first);
	if (r) {
		r = r < 0 ? CLI_EXIT_OK : r;
		goto out;
	}
	paths = first < argc ? (const char *const *)argv + first : &dot;
	n_paths = first < argc ? (size_t)(argc - first) : 1;
	r = cli_gate_load_config(&a.gate, paths[0], &config);
	if (!r && !a.pss)
		r = cli_pss_from_config(config, &a.pss);
	if (r)
		goto out;

	vakt_scan_opts_init(&o, config);
	o.severity_mask = a.gate.severity_mask;
	o.inline_ignores = a.inline_ignores;
	o.detect_content = a.detect_content;
	o.build_args = a.build_args;
	o.pss = a.pss;
	vakt_limits_take(&o.limits, &a.gate.limits);
	r = cli_gate_check_output(&a.gate);
	if (!r)
		r = cli_output_refuse_input(a.gate.output, paths, n_paths, &o);
	if (r)
		goto out;
	vakt_scan_paths(paths, n_paths, &o, &res);

	/* Input errors go to stderr, once each, whatever the format. */
	cli_print_errors(&res.errors);
	cli_print_warnings(&res.warnings);
	r = cli_gate_report(&a.gate, &res);
	if (r)
		goto out;
	r = res.errors.n ? CLI_EXIT_INPUT : cli_gate_exit(&a.gate, &res);
out:
	r = cli_gate_close(&a.gate, r);
	vakt_scan_result_release(&res);
	vakt_config_free(config);
	vakt_strv_release(&a.build_args);
	return r;
}
