/* SPDX-License-Identifier: MIT */
/* Option parsing and help text generated from the declarations. */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/util.h"

#define CLI_HELP_ID -1000

void cli_error(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	/* clang-tidy 14's analyser loses va_start when it inlines a caller's path. */
	msg = vakt_xvasprintf(fmt, ap); /* NOLINT(clang-analyzer-valist.Uninitialized) */
	va_end(ap);
	/* Messages quote file names, options and content: none may drive the terminal. */
	fputs("vakt: ", stderr);
	vakt_fputs_safe(stderr, msg, 0);
	fputc('\n', stderr);
	free(msg);
}

void cli_print_help(const struct cli_command *cmd, FILE *f)
{
	fprintf(f, "usage: vakt %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
	if (cmd->details)
		fprintf(f, "\n%s\n", cmd->details);
	if (!cmd->options || !cmd->options[0].name)
		return;
	fputs("\noptions:\n", f);
	for (const struct cli_option *o = cmd->options; o->name; o++) {
		struct vakt_buf b = VAKT_BUF_INIT;

		if (o->short_name)
			vakt_buf_addf(&b, "-%c, ", o->short_name);
		else
			vakt_buf_adds(&b, "    ");
		vakt_buf_addf(&b, "--%s", o->name);
		if (o->arg)
			vakt_buf_addf(&b, " %s", o->arg);
		fprintf(f, "  %-30s %s\n", vakt_buf_str(&b), o->help);
		vakt_buf_release(&b);
	}
	fprintf(f, "  %-30s %s\n", "-h, --help", "show this help");
}

int cli_parse(const struct cli_command *cmd, int argc, char **argv,
              int (*on_opt)(int id, const char *arg, void *data), void *data, int *first_arg)
{
	size_t n = 0, cap = 0;
	struct option *longs = NULL;
	struct vakt_buf shorts = VAKT_BUF_INIT;
	int r = 0, c;

	/*
	 * Options may follow operands ("vakt scan . --format json", as in Trivy);
	 * "--" ends them. ':' to report missing values ourselves.
	 */
	vakt_buf_adds(&shorts, ":h");
	for (const struct cli_option *o = cmd->options; o && o->name; o++) {
		longs = vakt_grow(longs, sizeof(*longs), n + 1, &cap);
		longs[n++] =
		    (struct option){o->name, o->arg ? required_argument : no_argument, NULL, o->id};
		if (o->short_name) {
			vakt_buf_addc(&shorts, (char)o->short_name);
			if (o->arg)
				vakt_buf_addc(&shorts, ':');
		}
	}
	longs = vakt_grow(longs, sizeof(*longs), n + 2, &cap);
	longs[n++] = (struct option){"help", no_argument, NULL, CLI_HELP_ID};
	longs[n] = (struct option){NULL, 0, NULL, 0};

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, vakt_buf_str(&shorts), longs, NULL)) != -1) {
		const struct cli_option *o = NULL;

		if (c == 'h' || c == CLI_HELP_ID) {
			cli_print_help(cmd, stdout);
			r = -1;
			goto out;
		}
		if (c == '?' || c == ':') {
			const char *bad = argv[optind - 1];

			if (c == ':')
				cli_error("option '%s' needs a value", bad);
			else if (optopt)
				cli_error("unknown option '-%c'", optopt);
			else
				cli_error("unknown option '%s'", bad);
			fprintf(stderr, "usage: vakt %s %s\n(see 'vakt %s --help')\n", cmd->name,
			        cmd->usage, cmd->name);
			r = CLI_EXIT_USAGE;
			goto out;
		}
		for (const struct cli_option *p = cmd->options; p && p->name; p++)
			if (p->id == c || (p->short_name && p->short_name == c))
				o = p;
		if (!o)
			continue;
		r = on_opt(o->id, optarg, data);
		if (r)
			goto out;
	}
	*first_arg = optind;
out:
	free(longs);
	vakt_buf_release(&shorts);
	return r;
}

bool cli_want_color(const char *mode, FILE *f)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (mode && !strcmp(mode, "always"))
		return true;
	if (mode && !strcmp(mode, "never"))
		return false;
	if (nc && *nc)
		return false;
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(f));
}
