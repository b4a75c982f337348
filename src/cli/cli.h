/* SPDX-License-Identifier: MIT */
#ifndef VAKT_CLI_H
#define VAKT_CLI_H

/*
 * The command-line front end: one file per subcommand, dispatched from the
 * table in main.c. Each option is declared once (struct cli_option) and both
 * parsing and --help come from that declaration.
 */

#include <stdbool.h>
#include <stdio.h>

#include "core/config.h"
#include "core/report.h"
#include "core/scan.h"

/* Exit codes (docs/cli.md). The exit code never depends on the output format. */
enum {
	CLI_EXIT_OK = 0,          /* nothing at or above the threshold */
	CLI_EXIT_FINDINGS = 1,    /* findings at or above the threshold */
	CLI_EXIT_USAGE = 2,       /* bad arguments or configuration */
	CLI_EXIT_INPUT = 3,       /* an input could not be read or parsed */
	CLI_EXIT_ENVIRONMENT = 4, /* the machine: output not writable, missing privileges */
};

struct cli_option {
	const char *name; /* long name without "--" */
	int short_name;   /* 0 when none */
	const char *arg;  /* metavariable when the option takes a value, else NULL */
	const char *help;
	int id; /* returned by cli_parse() */
};

struct cli_command {
	const char *name;
	const char *summary;
	const char *usage;                /* after "vakt NAME " */
	const struct cli_option *options; /* terminated by an entry with name NULL */
	int (*run)(const struct cli_command *cmd, int argc, char **argv);
};

/*
 * getopt_long over cmd->options. Calls on_opt(id, arg, data) for each option;
 * a non-zero return stops parsing with that value. On success *first_arg is
 * the index of the first operand. Prints usage errors; returns CLI_EXIT_USAGE
 * on a bad option, -1 after --help was printed (the caller exits 0), else 0.
 */
int cli_parse(const struct cli_command *cmd, int argc, char **argv,
              int (*on_opt)(int id, const char *arg, void *data), void *data, int *first_arg);
void cli_print_help(const struct cli_command *cmd, FILE *f);
/* "vakt: " + message to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Whether to colour output going to `f`: mode is "auto", "always" or "never". */
bool cli_want_color(const char *mode, FILE *f);

/*
 * The report and gating options that every auditing command shares (vakt
 * scan, vakt image): one parser, one meaning, one set of messages. Their
 * ids sit below the commands' own (which start at 256).
 */
enum {
	CLI_OPT_FORMAT = 128,
	CLI_OPT_OUTPUT,
	CLI_OPT_SEVERITY,
	CLI_OPT_FAIL_ON,
	CLI_OPT_EXIT_CODE,
	CLI_OPT_CONFIG,
	CLI_OPT_NO_CONFIG,
	CLI_OPT_SHOW_SUPPRESSED,
	CLI_OPT_COLOR,
	CLI_OPT_NO_COLOR,
};

/* Their declarations, for a command's option table (help text and letters). */
#define CLI_GATE_OPTIONS_OUTPUT                                                                    \
	{"output", 'o', "FILE", "write the report to FILE instead of standard output",             \
	 CLI_OPT_OUTPUT},                                                                          \
	    {"severity", 's', "LIST",                                                              \
	     "report only these severities, comma-separated (e.g. HIGH,CRITICAL)",                 \
	     CLI_OPT_SEVERITY},                                                                    \
	    {"fail-on", 0, "SEVERITY",                                                             \
	     "exit with the findings code only for findings at or above SEVERITY (default: info)", \
	     CLI_OPT_FAIL_ON},                                                                     \
	    {"exit-code", 0, "N",                                                                  \
	     "exit code when findings reach the threshold (default 1; 0 never fails)",             \
	     CLI_OPT_EXIT_CODE},                                                                   \
	    {"config", 'c', "FILE",                                                                \
	     "read the configuration from FILE instead of finding .vakt.yaml", CLI_OPT_CONFIG},    \
	{                                                                                          \
		"no-config", 0, NULL, "do not look for .vakt.yaml", CLI_OPT_NO_CONFIG              \
	}
#define CLI_GATE_OPTIONS_DISPLAY                                                                   \
	{"show-suppressed", 0, NULL, "also list suppressed findings", CLI_OPT_SHOW_SUPPRESSED},    \
	    {"color", 0, "WHEN", "colour the text report: auto (default), always, never",          \
	     CLI_OPT_COLOR},                                                                       \
	{                                                                                          \
		"no-color", 0, NULL, "same as --color=never", CLI_OPT_NO_COLOR                     \
	}

struct cli_gate {
	enum vakt_format format;
	const char *output; /* NULL: standard output */
	unsigned severity_mask;
	enum vakt_severity fail_on;
	bool has_fail_on;
	long exit_code;
	const char *config;
	bool no_config;
	bool show_suppressed;
	const char *color;
	FILE *out; /* opened by cli_gate_open() */
};

/* Defaults: text, every severity, fail on anything, exit code 1, colour auto. */
void cli_gate_init(struct cli_gate *g);
/*
 * Take one shared option (CLI_OPT_FORMAT is left to the command, whose
 * formats differ). Returns 0 when handled, CLI_EXIT_USAGE after printing why
 * a value is bad, or 1 when id is not a shared option.
 */
int cli_gate_on_opt(struct cli_gate *g, int id, const char *arg);
/*
 * Load --config, or .vakt.yaml found upward from start (unless --no-config),
 * and take its fail-on unless the command line gave one. On success the
 * caller owns *config; returns 0 or CLI_EXIT_USAGE (printed).
 */
int cli_gate_load_config(struct cli_gate *g, const char *start, struct vakt_config **config);
/* Open --output (or use stdout) with large buffering; 0 or CLI_EXIT_ENVIRONMENT (printed). */
int cli_gate_open(struct cli_gate *g);
/* Print each input error once on stderr. */
void cli_print_errors(const struct vakt_error_list *errs);
/* Write res in g's format; 0 or CLI_EXIT_ENVIRONMENT (printed). */
int cli_gate_report(struct cli_gate *g, const struct vakt_scan_result *res);
/*
 * Flush and check the output after `write` returned r (< 0: failed with err,
 * which is freed); 0 or CLI_EXIT_ENVIRONMENT (printed).
 */
int cli_gate_check_written(struct cli_gate *g, int r, struct vakt_error *err);
/* The exit code for unsuppressed findings at or above the threshold. */
int cli_gate_exit(const struct cli_gate *g, const struct vakt_scan_result *res);
/* Close --output; returns r, or CLI_EXIT_ENVIRONMENT when closing failed. */
int cli_gate_close(struct cli_gate *g, int r);

int cmd_scan(const struct cli_command *cmd, int argc, char **argv);
int cmd_rules(const struct cli_command *cmd, int argc, char **argv);
int cmd_version(const struct cli_command *cmd, int argc, char **argv);
int cmd_netpol(const struct cli_command *cmd, int argc, char **argv);
int cmd_image(const struct cli_command *cmd, int argc, char **argv);

extern const struct cli_option cmd_scan_options[];
extern const struct cli_option cmd_rules_options[];
extern const struct cli_option cmd_netpol_options[];
extern const struct cli_option cmd_image_options[];

#endif
