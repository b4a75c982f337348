/* SPDX-License-Identifier: MIT */
#include "cli.h"
#include "core/rule.h"

static int version_on_opt(int id, const char *arg, void *data)
{
	return 0;
}

int cmd_version(const struct cli_command *cmd, int argc, char **argv)
{
	int first, r = cli_parse(cmd, argc, argv, version_on_opt, NULL, &first);

	if (r)
		return r < 0 ? CLI_EXIT_OK : r;
	if (first < argc) {
		cli_error("'vakt version' takes no arguments (got '%s')", argv[first]);
		return CLI_EXIT_USAGE;
	}
	printf("vakt %s (%zu rules)\n", VAKT_VERSION, vakt_registry_count());
	return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_ENVIRONMENT;
}
