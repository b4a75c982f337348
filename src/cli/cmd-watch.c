/* SPDX-License-Identifier: MIT */
/*
 * vakt watch: Falco-syntax rules over syscall events, live from the eBPF
 * probe (src/runtime/rt-probe.h) or replayed from a recording
 * (rt-replay.h). Each event goes through the state engine (rt-state.h),
 * then the rules (rt-rules.h); a rule that matches makes an alert
 * (rt-alert.h). This file reads the options, wires the parts together and
 * prints the summary; the runtime library never prints.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli-rules-source.h"
#include "cli-watch.h"
#include "cli.h"
#include "runtime/rt-alert.h"
#include "runtime/rt-ctrmeta.h"
#include "runtime/rt-preflight.h"
#include "runtime/rt-probe.h"
#include "runtime/rt-record.h"
#include "runtime/rt-replay.h"
#include "runtime/rt-rules.h"
#include "runtime/rt-state.h"
#include "runtime/rt-users.h"

enum {
	OPT_RULES = 256,
	OPT_REPLAY,
	OPT_RECORD,
	OPT_FORMAT,
	OPT_OUTPUT,
	OPT_PROGRAM,
	OPT_PRIORITY,
	OPT_DURATION,
	OPT_CHECK,
	OPT_LIST_FIELDS,
	OPT_ALL,
	OPT_STATS,
	OPT_RING,
	OPT_DROP_ALERT,
	OPT_RATE,
	OPT_BURST,
};

const struct cli_option cmd_watch_options[] = {
    {"rules", 'r', "FILE",
     "load Falco-syntax rules from FILE (repeatable, in order); default: vakt's own rules",
     OPT_RULES},
    {"replay", 0, "FILE", "read events from a recording instead of the kernel", OPT_REPLAY},
    {"record", 0, "FILE", "also write every event to FILE (vakt's JSON-lines event format)",
     OPT_RECORD},
    {"format", 'f', "FORMAT", "alerts as text (default) or json (Falco's JSON alert)", OPT_FORMAT},
    {"output", 'o', "FILE", "write alerts to FILE instead of standard output", OPT_OUTPUT},
    {"program", 0, "CMD", "write alerts to the standard input of CMD (run by /bin/sh)",
     OPT_PROGRAM},
    {"priority", 'p', "LEVEL",
     "only rules at or above LEVEL (emergency ... debug; default: debug, every rule)",
     OPT_PRIORITY},
    {"duration", 'd', "SECONDS", "stop after SECONDS (live); default: until SIGINT or SIGTERM",
     OPT_DURATION},
    {"check", 0, NULL, "say whether this host can run the probe, and what it lacks; load nothing",
     OPT_CHECK},
    {"list-fields", 0, NULL, "list the fields conditions and outputs may use", OPT_LIST_FIELDS},
    {"all-matches", 0, NULL, "alert for every rule an event matches, not only the first", OPT_ALL},
    {"stats", 0, "SECONDS", "print a statistics line on stderr every SECONDS", OPT_STATS},
    {"ring-size", 0, "BYTES", "the probe's ring buffer (default 16M; K, M, G suffixes)", OPT_RING},
    {"drop-alert", 0, "PERCENT",
     "alert when more than PERCENT of the events of a second are dropped (default 1; 0: never)",
     OPT_DROP_ALERT},
    {"rate", 0, "N", "per rule, at most N alerts a second once its burst is spent (0: no limit)",
     OPT_RATE},
    {"burst", 0, "N", "per rule, alerts let through at once (default 1000)", OPT_BURST},
    {NULL, 0, NULL, NULL, 0},
};

static int parse_double(const char *opt, const char *arg, double max, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end || v < 0 || v > max) {
		cli_error("%s: '%s' is not a number from 0 to %g", opt, arg, max);
		return CLI_EXIT_USAGE;
	}
	*out = v;
	return 0;
}

static int parse_size(const char *arg, size_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (end != arg && *end && !end[1])
		shift = *end == 'K' || *end == 'k'   ? 10
		        : *end == 'M' || *end == 'm' ? 20
		        : *end == 'G' || *end == 'g' ? 30
		                                     : 64;
	if (errno || end == arg || shift == 64 || (*end && !shift) || v > (1ull << 40) >> shift) {
		cli_error("--ring-size: '%s' is not a size (e.g. 16M)", arg);
		return CLI_EXIT_USAGE;
	}
	*out = (size_t)(v << shift);
	return 0;
}

static int watch_on_opt(int id, const char *arg, void *data)
{
	struct watch_args *a = data;
	enum rt_priority p;

	switch (id) {
	case OPT_RULES:
		if (a->n_rules == WATCH_MAX_RULE_FILES) {
			cli_error("--rules: at most %d files", WATCH_MAX_RULE_FILES);
			return CLI_EXIT_USAGE;
		}
		a->rules[a->n_rules++] = arg;
		break;
	case OPT_REPLAY:
		a->replay = arg;
		break;
	case OPT_RECORD:
		a->record = arg;
		break;
	case OPT_FORMAT:
		if (!vakt_strcasecmp(arg, "text")) {
			a->format = RT_ALERT_TEXT;
		} else if (!vakt_strcasecmp(arg, "json")) {
			a->format = RT_ALERT_JSON;
		} else {
			cli_error("unknown format '%s' (expected text or json)", arg);
			return CLI_EXIT_USAGE;
		}
		break;
	case OPT_OUTPUT:
		a->output = arg;
		break;
	case OPT_PROGRAM:
		a->program = arg;
		break;
	case OPT_PRIORITY:
		if (!rt_priority_parse(arg, strlen(arg), &p)) {
			cli_error(
			    "--priority: unknown level '%s' (expected emergency, alert, critical, "
			    "error, warning, notice, info or debug)",
			    arg);
			return CLI_EXIT_USAGE;
		}
		a->priority = p;
		break;
	case OPT_DURATION:
		return parse_double("--duration", arg, 1e9, &a->duration);
	case OPT_CHECK:
		a->check = true;
		break;
	case OPT_LIST_FIELDS:
		a->list_fields = true;
		break;
	case OPT_ALL:
		a->all = true;
		break;
	case OPT_STATS:
		return parse_double("--stats", arg, 86400, &a->stats);
	case OPT_RING:
		return parse_size(arg, &a->ring);
	case OPT_DROP_ALERT:
		return parse_double("--drop-alert", arg, 100, &a->drop_alert);
	case OPT_RATE:
		return parse_double("--rate", arg, 1e9, &a->rate);
	case OPT_BURST:
		return parse_double("--burst", arg, 1e9, &a->burst);
	}
	return 0;
}

/* --- rules ------------------------------------------------------------------------------- */

/* Load the rules; print every diagnostic. CLI_EXIT_INPUT when any did not compile. */
static int watch_load(const struct watch_args *a, struct rt_ruleset **out)
{
	bool unreadable;
	struct rt_ruleset *rs = cli_rules_load(a->rules, a->n_rules, WATCH_DEFAULT_RULES_NAME,
	                                       a->n_rules ? NULL : watch_default_rules,
	                                       watch_default_rules_len, &unreadable);
	size_t errors;

	errors = rt_ruleset_n_errors(rs);
	if (errors || unreadable) {
		cli_error(
		    "the rules did not load (%zu error%s): `vakt rules --source FILE` lists what "
		    "compiled",
		    errors, errors == 1 ? "" : "s");
		rt_ruleset_free(rs);
		return CLI_EXIT_INPUT;
	}
	rt_ruleset_set_mode(rs, a->all ? RT_MATCH_ALL : RT_MATCH_FIRST);
	rt_ruleset_set_min_priority(rs, a->priority);
	*out = rs;
	return 0;
}

/* --- preflight and fields ---------------------------------------------------------------- */

static int watch_check(void)
{
	struct rt_preflight pf;

	rt_preflight_run(NULL, &pf);
	if (!rt_probe_built_in())
		printf(
		    "%-14s %-8s %s\n", "probe", "missing",
		    "this vakt was built without the eBPF probe (no BTF or bpftool at build time)");
	for (size_t i = 0; i < pf.n; i++) {
		const struct rt_check *c = &pf.checks[i];

		printf("%-14s %-8s %s", c->name, rt_check_status_name(c->status), c->detail);
		if (c->hint && c->status != RT_CHECK_OK)
			printf(" (%s)", c->hint);
		fputc('\n', stdout);
	}
	printf("%s\n", pf.ready && rt_probe_built_in() ? "ready: vakt watch can run here"
	                                               : "not ready: see the lines marked missing");
	return pf.ready && rt_probe_built_in() ? CLI_EXIT_OK : CLI_EXIT_ENVIRONMENT;
}

static int watch_list_fields(void)
{
	static const char *const types[] = {"string", "uint64",  "int64",   "bool", "ipaddr",
	                                    "ipnet",  "abstime", "reltime", "bytes"};
	const struct rt_fieldset *fs = &rt_fields_syscall;

	for (size_t i = 0; i < fs->n_defs; i++) {
		const struct rt_field_def *d = &fs->defs[i];
		const char *arg = (d->flags & RT_FIELD_ARG_INDEX) ? "[N]"
		                  : (d->flags & RT_FIELD_ARG_KEY) ? "[KEY]"
		                                                  : "";

		printf("%s%s  (%s)  %s\n", d->name, arg,
		       (unsigned)d->type < VAKT_ARRAY_SIZE(types) ? types[d->type] : "?",
		       d->desc ? d->desc : "");
	}
	return CLI_EXIT_OK;
}

/* --- the command ------------------------------------------------------------------------- */

int cmd_watch(const struct cli_command *cmd, int argc, char **argv)
{
	struct watch_args a = {.format = RT_ALERT_TEXT,
	                       .priority = RT_PRIO_DEBUG,
	                       .drop_alert = 1.0,
	                       .rate = RT_ALERT_RATE,
	                       .burst = RT_ALERT_BURST};
	int first, r;

	r = cli_parse(cmd, argc, argv, watch_on_opt, &a, &first);
	if (r)
		return r < 0 ? CLI_EXIT_OK : r;
	if (first < argc) {
		cli_error("watch takes no operands ('%s'): name rules files with --rules",
		          argv[first]);
		return CLI_EXIT_USAGE;
	}
	if (a.check)
		return watch_check();
	if (a.list_fields)
		return watch_list_fields();
	if (a.output && a.program) {
		cli_error("--output and --program both say where alerts go: give one");
		return CLI_EXIT_USAGE;
	}
	if (a.replay && a.record && !strcmp(a.replay, a.record)) {
		cli_error("--record would overwrite the recording --replay reads");
		return CLI_EXIT_USAGE;
	}
	r = watch_load(&a, &a.rs);
	if (r)
		return r;
	r = watch_run(&a);
	rt_ruleset_free(a.rs);
	return r;
}
