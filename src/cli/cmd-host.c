/* SPDX-License-Identifier: MIT */
/*
 * vakt host: audit the machine it runs on (or a tree given by --root): its
 * isolation (virtualisation, kernel, sysctls, LSMs), its container engines
 * and its firewall, with the findings model, gating and formats of vakt
 * scan, and the environment each probe saw printed first.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli-host.h"
#include "cli.h"
#include "core/check.h"
#include "host/host-facts.h"

enum {
	OPT_ROOT = 256,
	OPT_NO_FIREWALL,
};

const struct cli_option cmd_host_options[] = {
    {"root", 0, "DIR",
     "audit the tree under DIR (a mounted host, a fixture) instead of this machine: files are "
     "read under DIR, and what a live run gets from the CPU or a command comes from "
     "DIR/.vakt-probe/ (docs/host.md)",
     OPT_ROOT},
    {"format", 'f', "FORMAT", "output format: text (default), json, sarif, junit, gnu",
     CLI_OPT_FORMAT},
    CLI_GATE_OPTIONS_OUTPUT,
    CLI_GATE_OPTIONS_DISPLAY,
    {"no-firewall", 0, NULL, "do not read or audit the firewall rule sets", OPT_NO_FIREWALL},
    {NULL, 0, NULL, NULL, 0},
};

struct host_args {
	struct cli_gate gate;
	const char *root;
	bool no_firewall;
};

static int host_on_opt(int id, const char *arg, void *data)
{
	struct host_args *a = data;
	int r = cli_gate_on_opt(&a->gate, id, arg);

	if (r != 1)
		return r;
	switch (id) {
	case CLI_OPT_FORMAT:
		return cli_gate_parse_format(&a->gate, arg);
	case OPT_ROOT:
		a->root = arg;
		break;
	case OPT_NO_FIREWALL:
		a->no_firewall = true;
		break;
	}
	return 0;
}

static void *host_fw_thread(void *arg)
{
	cli_host_fw_run(arg);
	return NULL;
}

/* The observations as the reports take them (borrowed from obs). */
static struct vakt_report_observation *host_report_obs(const struct host_observations *a,
                                                       const struct host_observations *b, size_t *n)
{
	struct vakt_report_observation *v = vakt_xcalloc(a->n + b->n + 1, sizeof(*v));
	const struct host_observations *parts[] = {a, b};

	*n = 0;
	for (size_t p = 0; p < 2; p++)
		for (size_t i = 0; i < parts[p]->n; i++) {
			const struct host_observation *o = &parts[p]->v[i];

			v[(*n)++] = (struct vakt_report_observation){o->probe, o->source, o->line,
			                                             o->seen, o->verdict};
		}
	return v;
}

int cmd_host(const struct cli_command *cmd, int argc, char **argv)
{
	struct host_args a = {0};
	struct vakt_config *config = NULL;
	struct vakt_scan_opts so;
	struct vakt_scan_result res = {0};
	struct vakt_findings fresh = {0};
	struct vakt_error *err = NULL;
	struct host_root root = {.dir.fd = -1};
	struct host_facts facts = {0};
	struct cli_host_fw fw = {0};
	struct vakt_check_ctx ctx = {0};
	struct vakt_report_observation *obs = NULL;
	size_t n_obs = 0;
	double t0 = vakt_now();
	pthread_t fw_thread;
	bool fw_threaded = false;
	int first, r;

	cli_gate_init(&a.gate);
	r = cli_parse(cmd, argc, argv, host_on_opt, &a, &first);
	if (r) {
		r = r < 0 ? CLI_EXIT_OK : r;
		goto out;
	}
	if (first < argc) {
		cli_error("vakt host takes no operands (--root DIR audits another tree)");
		r = CLI_EXIT_USAGE;
		goto out;
	}
	r = cli_gate_load_config(&a.gate, ".", &config);
	if (!r)
		r = cli_gate_check_output(&a.gate);
	if (r)
		goto out;
	if (host_root_open(a.root, &root, &err) < 0) {
		cli_error("cannot audit '%s': %s", a.root ? a.root : "/", err->msg);
		vakt_error_free(err);
		r = CLI_EXIT_INPUT;
		goto out;
	}
	vakt_scan_opts_init(&so, config);
	so.severity_mask = a.gate.severity_mask;
	vakt_limits_take(&so.limits, &a.gate.limits);

	/* The firewall commands and the probes wait on different things: in parallel. */
	fw.root = &root;
	fw.opts = &so;
	if (!a.no_firewall) {
		fw_threaded = pthread_create(&fw_thread, NULL, host_fw_thread, &fw) == 0;
		if (!fw_threaded)
			cli_host_fw_run(&fw);
	}
	host_facts_collect(&root, &facts, &res.warnings);
	if (fw_threaded)
		pthread_join(fw_thread, NULL);

	ctx.model = &facts;
	ctx.opts = &so;
	ctx.out = &fresh;
	ctx.file = "host";
	vakt_rules_run(&ctx, &host_domain, VAKT_SCOPE_UNIT);
	vakt_findings_take(&fresh, &fw.findings);
	vakt_scan_settle(&fresh, &so, &res);
	vakt_error_list_take(&res.errors, &fw.errors);
	vakt_error_list_take(&res.warnings, &fw.warnings);
	res.elapsed = vakt_now() - t0;

	cli_print_errors(&res.errors);
	cli_print_warnings(&res.warnings);
	obs = host_report_obs(&facts.obs, &fw.obs, &n_obs);
	a.gate.observations = obs;
	a.gate.n_observations = n_obs;
	r = cli_gate_report(&a.gate, &res);
	if (r)
		goto out;
	r = res.errors.n ? CLI_EXIT_INPUT : cli_gate_exit(&a.gate, &res);
out:
	r = cli_gate_close(&a.gate, r);
	free(obs);
	cli_host_fw_release(&fw);
	host_facts_release(&facts);
	if (root.dir.fd >= 0)
		host_root_release(&root);
	vakt_findings_release(&fresh);
	vakt_scan_result_release(&res);
	vakt_config_free(config);
	return r;
}
