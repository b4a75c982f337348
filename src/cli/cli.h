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
#include "core/escape-stream.h"
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
	const char *details;              /* more lines for --help, or NULL */
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

/* Parse one --limit NAME=VALUE into l; 0, or CLI_EXIT_USAGE after printing why. */
int cli_parse_limit(struct vakt_limits *l, const char *arg);
/*
 * The configuration from --config path (NULL: not given), or .vakt.yaml
 * found upward from start unless no_config (vakt_config_open()). On success
 * the caller owns *config; returns 0 or CLI_EXIT_USAGE (printed).
 */
int cli_load_config(const char *path, bool no_config, const char *start,
                    struct vakt_config **config);

/*
 * The `pss:` of a configuration (NULL when absent) into *out, borrowed from
 * c. Returns 0, or CLI_EXIT_USAGE after printing the file, line and what is
 * valid.
 */
int cli_pss_from_config(const struct vakt_config *c, const char **out);
/* Whether arg is a --pss LEVEL[:VERSION]: 0, or -EINVAL (said). */
int cli_pss_check(const char *arg);

/* Whether to colour output going to `f`: mode is "auto", "always" or "never". */
bool cli_want_color(const char *mode, FILE *f);

/*
 * Where a report goes (cli-output.c): standard output, or a file written
 * to a temporary file beside it and renamed into place only when complete.
 */
struct cli_output {
	const char *path; /* as given; NULL or "-": standard output */
	char *target;     /* the file replaced (a link's target); owned */
	char *tmp;        /* the temporary file, NULL when writing directly; owned */
	FILE *file;       /* the open file (the temporary, a device, or stdout) */
	FILE *f;          /* where the report is written: file, or an escaping stream */
	char *buf;        /* file's stdio buffer, NULL for standard output; owned */
};

/* Whether path means standard output (NULL or "-"). */
bool cli_output_is_stdout(const char *path);
/*
 * Check, before any input is read, that the report could be written to
 * path (its directory exists and is writable, it is not a directory).
 * Creates nothing. 0, or CLI_EXIT_ENVIRONMENT after printing why.
 */
int cli_output_check(const char *path);
/*
 * Open the output. escape is -1 for text (its writer makes input safe), or
 * an enum vakt_escape_syntax for JSON or XML documents. 0, or
 * CLI_EXIT_ENVIRONMENT after printing why; close with cli_output_close()
 * either way.
 */
int cli_output_open(struct cli_output *o, const char *path, int escape);
/*
 * Flush and close. With commit, a temporary file is synced and renamed
 * over the target; without, it is removed and the target left untouched.
 * 0, or CLI_EXIT_ENVIRONMENT after printing why (a failed commit leaves
 * the target untouched).
 */
int cli_output_close(struct cli_output *o, bool commit);
/*
 * A report written over an input would destroy it, or be read back as one
 * on the next run: 0 when output is safe for a scan of paths with o, else
 * CLI_EXIT_USAGE after printing why. Call before anything is read.
 */
int cli_output_refuse_input(const char *output, const char *const *paths, size_t n,
                            const struct vakt_scan_opts *o);

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
	CLI_OPT_LIMIT,
	CLI_OPT_COMPACT,
	/* The vulnerability options (CLI_VULN_OPTIONS). */
	CLI_OPT_DB,
	CLI_OPT_DB_MAX_AGE,
	CLI_OPT_FAIL_STALE,
	CLI_OPT_IGNORE_UNFIXED,
	CLI_OPT_IGNOREFILE,
	CLI_OPT_VEX,
	CLI_OPT_NO_VULNS,
};

/*
 * The known-vulnerability options of the commands that match packages
 * (vakt image, vakt scan): their table entries, and one parser
 * (cli-vulns.c) filling a struct vakt_vuln_opts.
 */
#define CLI_VULN_OPTIONS                                                                           \
	{"db", 0, "PATH",                                                                          \
	 "the vulnerability database (default: $XDG_CACHE_HOME/vakt/vuln.db; see vakt db)",        \
	 CLI_OPT_DB},                                                                              \
	    {"db-max-age", 0, "AGE",                                                               \
	     "warn when the database is older than AGE (e.g. 72h, 7d; default 7d)",                \
	     CLI_OPT_DB_MAX_AGE},                                                                  \
	    {"fail-on-stale-db", 0, NULL, "an older database is an error (exit 3), not a warning", \
	     CLI_OPT_FAIL_STALE},                                                                  \
	    {"ignore-unfixed", 0, NULL, "leave out vulnerabilities that have no fix yet",          \
	     CLI_OPT_IGNORE_UNFIXED},                                                              \
	    {"ignorefile", 0, "FILE",                                                              \
	     "vulnerabilities to ignore (.vaktignore or .trivyignore.yaml, both YAML, or "         \
	     ".trivyignore lines; repeatable; default: those three in the working directory, "     \
	     "when present)",                                                                      \
	     CLI_OPT_IGNOREFILE},                                                                  \
	    {"vex", 0, "FILE",                                                                     \
	     "an OpenVEX document: not_affected and fixed statements suppress (repeatable)",       \
	     CLI_OPT_VEX},                                                                         \
	{                                                                                          \
		"no-vulns", 0, NULL, "do not check the packages for known vulnerabilities",        \
		    CLI_OPT_NO_VULNS                                                               \
	}

/* Most --ignorefile, and most --vex, options. */
#define CLI_VULN_MAX_FILES 64

/* What the vulnerability options set. o's lists point into this struct: never copy it. */
struct cli_vulns {
	struct vakt_vuln_opts o;
	const char *ignorefiles[CLI_VULN_MAX_FILES + 1];
	const char *vex[CLI_VULN_MAX_FILES + 1];
	size_t n_ignorefiles, n_vex;
};

/*
 * Handle option id (with arg) for v: 0 when done, 1 when id is not one of
 * CLI_VULN_OPTIONS, CLI_EXIT_USAGE after saying what is wrong.
 */
int cli_vulns_on_opt(struct cli_vulns *v, int id, const char *arg);

/* Their declarations, for a command's option table (help text and letters). */
#define CLI_GATE_OPTIONS_OUTPUT                                                                    \
	{"output", 'o', "FILE", "write the report to FILE instead of standard output",             \
	 CLI_OPT_OUTPUT},                                                                          \
	    {"severity", 's', "LIST",                                                              \
	     "report only these severities, comma-separated (e.g. HIGH,CRITICAL)",                 \
	     CLI_OPT_SEVERITY},                                                                    \
	    {"fail-on", 0, "SEVERITY",                                                             \
	     "exit with the findings code only for findings at or above SEVERITY (default: low; "  \
	     "info findings never fail unless asked)",                                             \
	     CLI_OPT_FAIL_ON},                                                                     \
	    {"exit-code", 0, "N",                                                                  \
	     "exit code when findings reach the threshold (default 1; 0 never fails)",             \
	     CLI_OPT_EXIT_CODE},                                                                   \
	    CLI_OPTIONS_CONFIG, CLI_OPTION_LIMIT
/* --config and --no-config, also for commands without the report options (netpol). */
#define CLI_OPTIONS_CONFIG                                                                         \
	{"config", 'c', "FILE", "read the configuration from FILE instead of finding .vakt.yaml",  \
	 CLI_OPT_CONFIG},                                                                          \
	{                                                                                          \
		"no-config", 0, NULL, "do not look for .vakt.yaml", CLI_OPT_NO_CONFIG              \
	}
/* --limit, also for commands without the report options (netpol). */
#define CLI_OPTION_LIMIT                                                                           \
	{                                                                                          \
		"limit", 0, "NAME=VALUE",                                                          \
		    "raise or lower a limit, e.g. file-size=64M (docs/configuration.md lists "     \
		    "them)",                                                                       \
		    CLI_OPT_LIMIT                                                                  \
	}
#define CLI_GATE_OPTIONS_DISPLAY                                                                   \
	{"show-suppressed", 0, NULL, "also list suppressed findings", CLI_OPT_SHOW_SUPPRESSED},    \
	    {"compact", 0, NULL,                                                                   \
	     "text report: only the table of counts per rule (where each was first found)",        \
	     CLI_OPT_COMPACT},                                                                     \
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
	bool compact;
	const char *color;
	struct vakt_limits limits; /* --limit (only those set count) */
	struct cli_output sink;    /* opened by cli_gate_open() */
	FILE *out;                 /* sink.f while open */
	bool written;              /* the report is complete: cli_gate_close() commits it */
	/* What was audited, printed before the findings (vakt host); borrowed. */
	const struct vakt_report_observation *observations;
	size_t n_observations;
};

/* Defaults: text, every severity, fail on low and above, exit code 1, colour auto. */
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
/*
 * --format for a command that writes only the reports (vakt scan, vakt host):
 * text, json, sarif, junit or gnu into g->format; 0, or CLI_EXIT_USAGE
 * after printing why.
 */
int cli_gate_parse_format(struct cli_gate *g, const char *arg);

/* What a command that also writes SBOMs (vakt image, vakt scan) writes. */
enum cli_output_kind {
	CLI_OUT_REPORT,    /* the findings, in g->format */
	CLI_OUT_CYCLONEDX, /* the packages' CycloneDX 1.5 SBOM */
	CLI_OUT_SPDX,      /* the packages' SPDX 2.3 SBOM */
};
/*
 * --format for such a command: cyclonedx (or cyclonedx-json), spdx-json, or
 * a report format into g->format. 0, or CLI_EXIT_USAGE after printing why.
 */
int cli_gate_parse_output(struct cli_gate *g, const char *arg, enum cli_output_kind *kind);
/* Before reading inputs: whether --output could be written; 0 or CLI_EXIT_ENVIRONMENT. */
int cli_gate_check_output(const struct cli_gate *g);
/*
 * Open --output (or stdout) for a document in escape syntax (-1 for text);
 * sets g->out. 0 or CLI_EXIT_ENVIRONMENT (printed).
 */
int cli_gate_open(struct cli_gate *g, int escape);
/* Print each input error once on stderr. */
void cli_print_errors(const struct vakt_error_list *errs);
/* Print each warning ("vakt: warning: ...") on stderr; warnings never change the exit code. */
void cli_print_warnings(const struct vakt_error_list *warns);
/* Open the output and write res in g's format; 0 or CLI_EXIT_ENVIRONMENT (printed). */
int cli_gate_report(struct cli_gate *g, const struct vakt_scan_result *res);
/*
 * Flush and check the output after `write` returned r (< 0: failed with err,
 * which is freed); marks the report complete. 0 or CLI_EXIT_ENVIRONMENT
 * (printed).
 */
int cli_gate_check_written(struct cli_gate *g, int r, struct vakt_error *err);
/* The exit code for unsuppressed findings at or above the threshold. */
int cli_gate_exit(const struct cli_gate *g, const struct vakt_scan_result *res);
/*
 * Close the output: a complete report replaces --output, an incomplete one
 * is discarded and the old file kept. Returns r, or CLI_EXIT_ENVIRONMENT
 * when the report could not be put in place.
 */
int cli_gate_close(struct cli_gate *g, int r);

int cmd_scan(const struct cli_command *cmd, int argc, char **argv);
int cmd_fix(const struct cli_command *cmd, int argc, char **argv);
int cmd_rules(const struct cli_command *cmd, int argc, char **argv);
int cmd_version(const struct cli_command *cmd, int argc, char **argv);
int cmd_netpol(const struct cli_command *cmd, int argc, char **argv);
int cmd_image(const struct cli_command *cmd, int argc, char **argv);
int cmd_db(const struct cli_command *cmd, int argc, char **argv);
int cmd_watch(const struct cli_command *cmd, int argc, char **argv);
int cmd_host(const struct cli_command *cmd, int argc, char **argv);
int cmd_serve(const struct cli_command *cmd, int argc, char **argv);

extern const struct cli_option cmd_scan_options[];
extern const struct cli_option cmd_fix_options[];
extern const struct cli_option cmd_rules_options[];
extern const struct cli_option cmd_netpol_options[];
extern const struct cli_option cmd_image_options[];
extern const struct cli_option cmd_db_options[];
extern const struct cli_option cmd_watch_options[];
extern const struct cli_option cmd_host_options[];
extern const struct cli_option cmd_serve_options[];

/*
 * vakt image --dockerfile (cli-dockerfile.c): FILE read and parsed by the
 * Dockerfile domain, and the instructions of the chain of stages that
 * built its final image as the image domain takes them.
 */
struct cli_dockerfile;
struct img_dockerfile;
/*
 * Read and parse path (within limits); 0 and *out (cli_dockerfile_free()),
 * or CLI_EXIT_INPUT after printing why (unreadable, does not parse, no FROM).
 */
int cli_dockerfile_load(const char *path, const struct vakt_limits *limits,
                        struct cli_dockerfile **out);
void cli_dockerfile_free(struct cli_dockerfile *d);
/* What img_scan_path() takes (struct img_scan_opts.dockerfile). Borrowed from d. */
const struct img_dockerfile *cli_dockerfile_image(const struct cli_dockerfile *d);

#endif
