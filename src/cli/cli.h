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
