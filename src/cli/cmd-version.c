/* SPDX-License-Identifier: MIT */
#include "cli.h"
#include "core/rule.h"

int cmd_version(const struct cli_command *cmd, int argc, char **argv)
{
	printf("vakt %s (%zu rules)\n", VAKT_VERSION, vakt_registry_count());
	return CLI_EXIT_OK;
}
