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

struct rt_ruleset;
/*
 * The rules of text (text_len bytes, named text_name in diagnostics; NULL
 * for none), then of the files at paths, in that order, compiled against
 * the syscall fields, each diagnostic printed on stderr. *unreadable says
 * whether a file could not be read. The caller frees the result with
 * rt_ruleset_free(); rt_ruleset_n_errors() says whether all of it loaded.
 */
struct rt_ruleset *cli_rules_load(const char *const *paths, size_t n, const char *text_name,
                                  const char *text, size_t text_len, bool *unreadable);

#endif
