/* SPDX-License-Identifier: MIT */
#ifndef VAKT_CLI_RULES_SOURCE_H
#define VAKT_CLI_RULES_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * vakt rules --source FILE...: load Falco-syntax rules files in order, print
 * each diagnostic on stderr and the rules that compiled (text, or JSON with
 * the diagnostics too). Returns the exit code: 0 when everything compiled,
 * CLI_EXIT_INPUT when a file could not be read or something did not load.
 */
int cli_rules_source(const char *const *paths, size_t n, bool json);

#endif
