/* SPDX-License-Identifier: MIT */
/*
 * The known-vulnerability options vakt image and vakt scan share
 * (CLI_VULN_OPTIONS): --db, --db-max-age, --fail-on-stale-db,
 * --ignore-unfixed, --ignorefile, --vex, --no-vulns.
 */
#include <errno.h>
#include <stdlib.h>

#include "cli.h"

/* "72h", "7d", "90m" as hours (at least 1); -1 when not such a duration. */
static long long parse_age_hours(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || v < 0 || v > 100000 || end[0] == '\0' || end[1] != '\0')
		return -1;
	switch (*end) {
	case 'm':
		return v < 60 ? 1 : v / 60;
	case 'h':
		return v ? v : 1;
	case 'd':
		return v ? v * 24 : 1;
	default:
		return -1;
	}
}

/* Add a file to a NULL-terminated list of at most CLI_VULN_MAX_FILES. */
static int add_file(const char **v, size_t *n, const char *opt, const char *arg)
{
	if (*n >= CLI_VULN_MAX_FILES) {
		cli_error("more than %d %s options", CLI_VULN_MAX_FILES, opt);
		return CLI_EXIT_USAGE;
	}
	v[(*n)++] = arg;
	v[*n] = NULL;
	return 0;
}

int cli_vulns_on_opt(struct cli_vulns *v, int id, const char *arg)
{
	switch (id) {
	case CLI_OPT_DB:
		v->o.db = arg;
		return 0;
	case CLI_OPT_DB_MAX_AGE:
		v->o.max_age_hours = parse_age_hours(arg);
		if (v->o.max_age_hours < 0) {
			cli_error("invalid --db-max-age '%s' (expected hours or days: 72h, 7d)",
			          arg);
			return CLI_EXIT_USAGE;
		}
		return 0;
	case CLI_OPT_FAIL_STALE:
		v->o.fail_stale = true;
		return 0;
	case CLI_OPT_IGNORE_UNFIXED:
		v->o.ignore_unfixed = true;
		return 0;
	case CLI_OPT_IGNOREFILE:
		v->o.ignore_files = v->ignorefiles;
		return add_file(v->ignorefiles, &v->n_ignorefiles, "--ignorefile", arg);
	case CLI_OPT_VEX:
		v->o.vex_files = v->vex;
		return add_file(v->vex, &v->n_vex, "--vex", arg);
	case CLI_OPT_NO_VULNS:
		v->o.off = true;
		return 0;
	}
	return 1;
}
