/* SPDX-License-Identifier: MIT */
/*
 * vakt netpol: which workloads can reach which, from the NetworkPolicies and
 * pod labels of a set of manifests. The model decides
 * (src/kube/kube-netpol.h) and the report is rendered there too
 * (src/kube/kube-netpol-render.h: a table, JSON, Graphviz DOT, or SVG
 * through Graphviz's `dot` when installed; --from and --to answer one
 * question with the policies that decide it). This file reads the options
 * and the configuration, loads the manifests vakt scan would read from the
 * same paths, and writes the report where it was asked.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/scan.h"
#include "core/source.h"
#include "kube/kube-netpol-render.h"

/* kube_domain (core/domain.h): its file names are ours. */

enum {
	OPT_FORMAT = 256,
	OPT_OUTPUT,
	OPT_FROM,
	OPT_TO,
	OPT_PAIRS,
};

const struct cli_option cmd_netpol_options[] = {
    {"format", 'f', "FORMAT",
     "text (default), json, dot (Graphviz), svg (needs Graphviz's dot installed)", OPT_FORMAT},
    {"output", 'o', "FILE", "write to FILE instead of standard output", OPT_OUTPUT},
    {"from", 0, "WORKLOAD",
     "only connections from WORKLOAD (Kind/namespace/name, namespace/name or name)", OPT_FROM},
    {"to", 0, "WORKLOAD", "only connections to WORKLOAD; with --from, explain the decision",
     OPT_TO},
    {"pairs", 0, NULL, "text: after the summary, list every allowed connection (FROM, TO, PORTS)",
     OPT_PAIRS},
    CLI_OPTIONS_CONFIG,
    CLI_OPTION_LIMIT,
    {NULL, 0, NULL, NULL, 0},
};

struct netpol_args {
	enum kube_np_format format;
	const char *output;
	const char *from;
	const char *to;
	bool pairs;
	const char *config; /* --config FILE */
	bool no_config;
	struct vakt_limits limits; /* --limit (only those set count) */
};

static int netpol_on_opt(int id, const char *arg, void *data)
{
	/* In enum kube_np_format's order. */
	static const char *const names[] = {"text", "json", "dot", "svg"};
	struct netpol_args *a = data;
	size_t i;

	switch (id) {
	case OPT_FORMAT:
		for (i = 0; i < VAKT_ARRAY_SIZE(names); i++)
			if (!vakt_strcasecmp(arg, names[i]))
				break;
		if (i == VAKT_ARRAY_SIZE(names)) {
			cli_error("unknown format '%s' (expected text, json, dot or svg)", arg);
			return CLI_EXIT_USAGE;
		}
		a->format = (enum kube_np_format)i;
		break;
	case OPT_OUTPUT:
		a->output = arg;
		break;
	case OPT_FROM:
		a->from = arg;
		break;
	case OPT_PAIRS:
		a->pairs = true;
		break;
	case OPT_TO:
		a->to = arg;
		break;
	case CLI_OPT_CONFIG:
		a->config = arg;
		break;
	case CLI_OPT_NO_CONFIG:
		a->no_config = true;
		break;
	case CLI_OPT_LIMIT:
		return cli_parse_limit(&a->limits, arg);
	}
	return 0;
}

/* --- loading ---------------------------------------------------------------- */

/* Read the manifest at path into set (or its errors into errs), within the limits. */
static void netpol_load_file(struct kube_set *set, const char *path, const struct vakt_limits *lim,
                             struct vakt_error_list *errs)
{
	struct vakt_source *src = NULL;
	struct vakt_error *err = NULL;
	int r = vakt_source_read(path, lim->v[VAKT_LIMIT_FILE_SIZE], &src, &err);

	if (r == -EFBIG)
		vakt_error_suffix(err, "; %s", vakt_limit_hint(VAKT_LIMIT_FILE_SIZE));
	else if (r == 0 && vakt_source_check_text(src, lim->v[VAKT_LIMIT_LINE_LENGTH], &err) < 0 &&
	         err->code == -EFBIG)
		vakt_error_suffix(err, "; %s", vakt_limit_hint(VAKT_LIMIT_LINE_LENGTH));
	if (err) {
		vakt_source_free(src);
		vakt_error_list_add(errs, err);
		return;
	}
	kube_set_load(set, src, errs);
}

/*
 * The manifests under paths, found as vakt scan finds its inputs
 * (vakt_scan_discover(): the same walk, skipped directories and config
 * excludes): the files the scan hands to the Kubernetes domain, and each
 * file named on the command line whatever its name.
 */
static void netpol_load(struct kube_set *set, const char *const *paths, size_t n,
                        const struct vakt_scan_opts *o, struct vakt_error_list *errs)
{
	struct vakt_scan_inputs in = {0};

	vakt_scan_discover(paths, n, o, &in, errs);
	for (size_t i = 0; i < in.n; i++)
		if (in.v[i].named || in.v[i].domain == &kube_domain)
			netpol_load_file(set, in.v[i].path, &o->limits, errs);
	vakt_scan_inputs_release(&in);
}

/* --- the command ---------------------------------------------------------------------- */

/* The workload spec names, or SIZE_MAX after printing why not. */
static size_t netpol_find(const struct kube_netpol_model *m, const char *opt, const char *spec)
{
	char *names;
	size_t hit, n = kube_np_find_workload(m, spec, &hit, &names);

	if (n == 0)
		cli_error("%s: no workload '%s' in the input (%zu workload%s found)", opt, spec,
		          m->n_wls, m->n_wls == 1 ? "" : "s");
	else if (n > 1)
		cli_error("%s: '%s' names %zu workloads: %s", opt, spec, n, names);
	free(names);
	return n == 1 ? hit : SIZE_MAX;
}

int cmd_netpol(const struct cli_command *cmd, int argc, char **argv)
{
	struct netpol_args a = {.format = KUBE_NP_TEXT};
	struct vakt_config *config = NULL;
	struct vakt_scan_opts o;
	struct kube_set set = {0};
	struct vakt_error_list errs = {0};
	struct kube_netpol_model m = {0};
	struct kube_np_view v = {0};
	struct vakt_error *err = NULL;
	size_t from = SIZE_MAX, to = SIZE_MAX, n_paths;
	const char *dot = ".";
	const char *const *paths;
	struct cli_output sink = {0};
	bool opened = false;
	int first, r;

	vakt_limits_init(&a.limits);
	r = cli_parse(cmd, argc, argv, netpol_on_opt, &a, &first);
	if (r) {
		r = r < 0 ? CLI_EXIT_OK : r;
		goto out;
	}
	if (a.format == KUBE_NP_SVG && !kube_np_svg_available()) {
		cli_error("cannot write SVG: Graphviz's '%s' is not installed (Debian: apt-get "
		          "install graphviz); '--format dot' writes the graph for it",
		          KUBE_NP_DOT_PROGRAM);
		r = CLI_EXIT_ENVIRONMENT;
		goto out;
	}
	paths = first < argc ? (const char *const *)argv + first : &dot;
	n_paths = first < argc ? (size_t)(argc - first) : 1;
	r = cli_load_config(a.config, a.no_config, paths[0], &config);
	if (r)
		goto out;
	/* The configuration's limits, then --limit. */
	vakt_scan_opts_init(&o, config);
	vakt_limits_take(&o.limits, &a.limits);
	/* As vakt scan: never over an input, and fail before reading when it cannot be written. */
	if (a.output && ((r = cli_output_check(a.output)) ||
	                 (r = cli_output_refuse_input(a.output, paths, n_paths, &o))))
		goto out;
	netpol_load(&set, paths, n_paths, &o, &errs);
	cli_print_errors(&errs);

	kube_netpol_model_build(&m, &set);
	if (a.from && (from = netpol_find(&m, "--from", a.from)) == SIZE_MAX) {
		r = CLI_EXIT_USAGE;
		goto out;
	}
	if (a.to && (to = netpol_find(&m, "--to", a.to)) == SIZE_MAX) {
		r = CLI_EXIT_USAGE;
		goto out;
	}
	if (kube_np_view_build(&v, &m, from, to, &err) < 0) {
		cli_error("%s; --from and --to answer one question at any size", err->msg);
		vakt_error_free(err);
		r = CLI_EXIT_INPUT;
		goto out;
	}

	/* A file is written through a temporary one and renamed into place when complete. */
	r = cli_output_open(&sink, a.output, -1);
	opened = true;
	if (r)
		goto out;
	if (kube_np_render(sink.f, &v, a.format, a.pairs, &err) < 0) {
		cli_error("%s", err->msg);
		vakt_error_free(err);
		r = CLI_EXIT_ENVIRONMENT;
	}
	if (!r && errs.n)
		r = CLI_EXIT_INPUT;
out:
	if (opened) {
		int c = cli_output_close(&sink, r == 0 || r == CLI_EXIT_INPUT);

		if (c && (r == 0 || r == CLI_EXIT_INPUT))
			r = c;
	}
	kube_np_view_release(&v);
	kube_netpol_model_release(&m);
	kube_set_release(&set);
	vakt_error_list_release(&errs);
	vakt_config_free(config);
	return r;
}
