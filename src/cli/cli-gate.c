/* SPDX-License-Identifier: MIT */
/* The report and gating options shared by vakt scan and vakt image. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_gate_init(struct cli_gate *g)
{
	memset(g, 0, sizeof(*g));
	g->format = VAKT_FORMAT_TEXT;
	g->severity_mask = (1u << VAKT_SEV_COUNT) - 1;
	/* Info findings are advice: a clean distroless, non-root image must pass. */
	g->fail_on = VAKT_SEV_LOW;
	g->exit_code = CLI_EXIT_FINDINGS;
	g->color = "auto";
	vakt_limits_init(&g->limits);
}

int cli_parse_limit(struct vakt_limits *l, const char *arg)
{
	char *why = NULL;

	if (vakt_limits_set_arg(l, arg, &why) == 0)
		return 0;
	cli_error("%s", why);
	free(why);
	return CLI_EXIT_USAGE;
}

int cli_gate_on_opt(struct cli_gate *g, int id, const char *arg)
{
	const char *bad = NULL;

	switch (id) {
	case CLI_OPT_OUTPUT:
		g->output = arg;
		return 0;
	case CLI_OPT_SEVERITY:
		if (vakt_severity_parse_list(arg, &g->severity_mask, &bad) < 0) {
			cli_error("invalid severity list '%s' at '%s' (expected a comma-separated "
			          "list of critical, high, medium, low, info)",
			          arg, bad ? bad : arg);
			return CLI_EXIT_USAGE;
		}
		return 0;
	case CLI_OPT_FAIL_ON:
		if (vakt_severity_parse(arg, &g->fail_on) < 0) {
			cli_error("unknown severity '%s' (expected critical, high, medium, low or "
			          "info)",
			          arg);
			return CLI_EXIT_USAGE;
		}
		g->has_fail_on = true;
		return 0;
	case CLI_OPT_EXIT_CODE:
		if (vakt_parse_long(arg, 0, 255, &g->exit_code) < 0) {
			cli_error("invalid exit code '%s' (expected a number from 0 to 255)", arg);
			return CLI_EXIT_USAGE;
		}
		return 0;
	case CLI_OPT_CONFIG:
		g->config = arg;
		return 0;
	case CLI_OPT_NO_CONFIG:
		g->no_config = true;
		return 0;
	case CLI_OPT_SHOW_SUPPRESSED:
		g->show_suppressed = true;
		return 0;
	case CLI_OPT_COMPACT:
		g->compact = true;
		return 0;
	case CLI_OPT_COLOR:
		if (strcmp(arg, "auto") && strcmp(arg, "always") && strcmp(arg, "never")) {
			cli_error("invalid --color '%s' (expected auto, always or never)", arg);
			return CLI_EXIT_USAGE;
		}
		g->color = arg;
		return 0;
	case CLI_OPT_NO_COLOR:
		g->color = "never";
		return 0;
	case CLI_OPT_LIMIT:
		return cli_parse_limit(&g->limits, arg);
	}
	return 1;
}

int cli_load_config(const char *path, bool no_config, const char *start,
                    struct vakt_config **config)
{
	struct vakt_error *err = NULL;
	char *msg;

	if (vakt_config_open(path, no_config, start, config, &err) == 0)
		return 0;
	msg = vakt_error_format(err);
	cli_error("invalid configuration: %s", msg);
	free(msg);
	vakt_error_free(err);
	return CLI_EXIT_USAGE;
}

int cli_gate_load_config(struct cli_gate *g, const char *start, struct vakt_config **config)
{
	int r = cli_load_config(g->config, g->no_config, start, config);

	if (r)
		return r;
	if (!g->has_fail_on && (*config)->has_fail_on) {
		g->fail_on = (*config)->fail_on;
		g->has_fail_on = true;
	}
	return 0;
}

int cli_gate_check_output(const struct cli_gate *g)
{
	return cli_output_check(g->output);
}

int cli_gate_open(struct cli_gate *g, int escape)
{
	int r = cli_output_open(&g->sink, g->output, escape);

	g->out = g->sink.f;
	return r;
}

/* The escaping a report format needs on its way out (text writers escape themselves). */
static int gate_escape(enum vakt_format format)
{
	switch (format) {
	case VAKT_FORMAT_JSON:
	case VAKT_FORMAT_SARIF:
		return VAKT_ESCAPE_JSON;
	case VAKT_FORMAT_JUNIT:
		return VAKT_ESCAPE_XML;
	case VAKT_FORMAT_TEXT:
	case VAKT_FORMAT_GNU:
		break;
	}
	return -1;
}

void cli_print_warnings(const struct vakt_error_list *warns)
{
	for (size_t i = 0; i < warns->n; i++) {
		char *msg = vakt_error_format(warns->v[i]);

		cli_error("warning: %s", msg);
		free(msg);
	}
}

void cli_print_errors(const struct vakt_error_list *errs)
{
	for (size_t i = 0; i < errs->n; i++) {
		char *msg = vakt_error_format(errs->v[i]);

		cli_error("%s", msg);
		free(msg);
	}
}

int cli_gate_report(struct cli_gate *g, const struct vakt_scan_result *res)
{
	struct vakt_report_opts ro = {0};
	struct vakt_error *err = NULL;
	int r;

	r = cli_gate_open(g, gate_escape(g->format));
	if (r)
		return r;
	ro.format = g->format;
	ro.color = g->format == VAKT_FORMAT_TEXT && cli_want_color(g->color, g->out);
	ro.show_suppressed = g->show_suppressed;
	ro.compact = g->compact;
	ro.version = VAKT_VERSION;
	ro.observations = g->observations;
	ro.n_observations = g->n_observations;
	r = vakt_report_write(g->out, res, &ro, &err);
	return cli_gate_check_written(g, r, err);
}

int cli_gate_check_written(struct cli_gate *g, int r, struct vakt_error *err)
{
	if (r < 0 || fflush(g->out) != 0 || ferror(g->out)) {
		if (cli_output_is_stdout(g->output))
			cli_error("cannot write the report: %s", err ? err->msg : strerror(errno));
		else
			cli_error("cannot write '%s': %s", g->output,
			          err ? err->msg : strerror(errno));
		vakt_error_free(err);
		return CLI_EXIT_ENVIRONMENT;
	}
	vakt_error_free(err);
	g->written = true;
	return 0;
}

int cli_gate_exit(const struct cli_gate *g, const struct vakt_scan_result *res)
{
	if (!g->exit_code)
		return CLI_EXIT_OK;
	for (size_t i = 0; i < res->findings.n; i++)
		if (!res->findings.v[i].suppressed && res->findings.v[i].severity >= g->fail_on)
			return (int)g->exit_code;
	return CLI_EXIT_OK;
}

int cli_gate_close(struct cli_gate *g, int r)
{
	int c = cli_output_close(&g->sink, g->written);

	g->out = NULL;
	return c ? c : r;
}

int cli_gate_parse_output(struct cli_gate *g, const char *arg, enum cli_output_kind *kind)
{
	*kind = CLI_OUT_REPORT;
	if (!vakt_strcasecmp(arg, "cyclonedx") || !vakt_strcasecmp(arg, "cyclonedx-json")) {
		*kind = CLI_OUT_CYCLONEDX;
	} else if (!vakt_strcasecmp(arg, "spdx-json")) {
		*kind = CLI_OUT_SPDX;
	} else if (vakt_format_parse(arg, &g->format) < 0) {
		cli_error("unknown format '%s' (expected text, json, sarif, junit, gnu, cyclonedx "
		          "or spdx-json)",
		          arg);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int cli_gate_parse_format(struct cli_gate *g, const char *arg)
{
	if (vakt_format_parse(arg, &g->format) < 0) {
		cli_error("unknown format '%s' (expected text, json, sarif, junit or gnu)", arg);
		return CLI_EXIT_USAGE;
	}
	return 0;
}
