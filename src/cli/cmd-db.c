/* SPDX-License-Identifier: MIT */
/*
 * vakt db: the local vulnerability database (src/vuln/vuln-db.h). `import`
 * reads OSV files, directories and all.zip archives; `update` downloads
 * the archives (src/vuln/vuln-update.h) and imports them; `info` says what
 * the database holds and how old it is. The summary of an import goes to
 * standard output, the records it skipped and why to standard error.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "core/report-jw.h"
#include "vuln/vuln-db.h"
#include "vuln/vuln-import.h"
#include "vuln/vuln-update.h"

/* Skipped records listed one by one; past this only their number (a broken feed has thousands). */
#define DB_MAX_LISTED_ERRORS 50

enum {
	OPT_DB = 256,
	OPT_FORMAT,
	OPT_URL,
	OPT_ECOSYSTEM,
};

#define DB_OPTION_DB                                                                               \
	{                                                                                          \
		"db", 0, "PATH",                                                                   \
		    "the database file (default: $XDG_CACHE_HOME/vakt/vuln.db, else "              \
		    "~/.cache/vakt/vuln.db)",                                                      \
		    OPT_DB                                                                         \
	}

const struct cli_option cmd_db_options[] = {
    DB_OPTION_DB,
    {NULL, 0, NULL, NULL, 0},
};

static const struct cli_option db_import_options[] = {
    DB_OPTION_DB,
    {NULL, 0, NULL, NULL, 0},
};

static const struct cli_option db_info_options[] = {
    DB_OPTION_DB,
    {"format", 'f', "FORMAT", "text (default) or json", OPT_FORMAT},
    {NULL, 0, NULL, NULL, 0},
};

static const struct cli_option db_update_options[] = {
    DB_OPTION_DB,
    {"url", 0, "URL",
     "where the archives are, as URL/ECOSYSTEM/all.zip (default: " VULN_UPDATE_DEFAULT_URL
     "; a mirror, or file:///DIR)",
     OPT_URL},
    {"ecosystem", 'e', "NAME",
     "an OSV ecosystem to download (repeat, or separate with commas; default: Debian, "
     "Ubuntu, Alpine, AlmaLinux, Rocky Linux, npm, PyPI, Go, Maven, crates.io, RubyGems, "
     "Packagist)",
     OPT_ECOSYSTEM},
    {NULL, 0, NULL, NULL, 0},
};

struct db_args {
	const char *db;
	bool json;
	const char *url;
	struct vakt_strv ecosystems;
};

static int db_on_opt(int id, const char *arg, void *data)
{
	struct db_args *a = data;

	switch (id) {
	case OPT_DB:
		if (!*arg) {
			cli_error("--db needs a file name");
			return CLI_EXIT_USAGE;
		}
		a->db = arg;
		break;
	case OPT_FORMAT:
		if (!vakt_strcasecmp(arg, "json"))
			a->json = true;
		else if (!vakt_strcasecmp(arg, "text"))
			a->json = false;
		else {
			cli_error("unknown format '%s' (expected text or json)", arg);
			return CLI_EXIT_USAGE;
		}
		break;
	case OPT_URL:
		a->url = arg;
		break;
	case OPT_ECOSYSTEM:
		for (const char *p = arg; *p;) {
			const char *comma = strchr(p, ',');
			size_t n = comma ? (size_t)(comma - p) : strlen(p);

			if (n == 0) {
				cli_error("--ecosystem: an empty name in '%s'", arg);
				return CLI_EXIT_USAGE;
			}
			vakt_strv_push_take(&a->ecosystems, vakt_xstrndup(p, n));
			p += n + (comma != NULL);
		}
		break;
	}
	return 0;
}

/* --db, or the default path; NULL after printing why. The caller frees. */
static char *db_path(const struct db_args *a)
{
	struct vakt_error *err = NULL;
	char *p;

	if (a->db)
		return vakt_xstrdup(a->db);
	p = vuln_db_default_path(&err);
	if (!p) {
		cli_error("%s", err->msg);
		vakt_error_free(err);
	}
	return p;
}

/* The exit code for a failure to open or write the database. */
static int db_fail(struct vakt_error *err)
{
	int code = err->code == -ENOENT || err->code == -EPROTO || err->code == -EBADMSG
	               ? CLI_EXIT_INPUT
	               : CLI_EXIT_ENVIRONMENT;
	char *msg = vakt_error_format(err);

	cli_error("%s", msg);
	free(msg);
	vakt_error_free(err);
	return code;
}

/* --- import ------------------------------------------------------------------------------- */

static volatile sig_atomic_t db_signal;

static void db_on_signal(int sig)
{
	db_signal = sig;
}

static int db_cancelled(void *data)
{
	return db_signal != 0;
}

/* SIGINT and SIGTERM stop the import between records; it is then rolled back whole. */
static void db_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = db_on_signal;
	sa.sa_flags = SA_RESTART; /* reads go on; the import stops at the next record */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* After the rollback: die of the signal, as the shell expects of an interrupted command. */
static void db_reraise(void)
{
	int sig = db_signal;

	if (!sig)
		return;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void db_print_skipped(const struct vakt_error_list *errs)
{
	size_t shown = errs->n < DB_MAX_LISTED_ERRORS ? errs->n : DB_MAX_LISTED_ERRORS;

	for (size_t i = 0; i < shown; i++) {
		char *msg = vakt_error_format(errs->v[i]);

		cli_error("%s", msg);
		free(msg);
	}
	if (errs->n > shown)
		cli_error("... and %zu more skipped (not listed)", errs->n - shown);
}

static void db_print_summary(const char *path, const struct vuln_import_stats *st, double secs)
{
	printf("imported into '%s': %llu record%s from %llu input%s in %.3fs\n", path,
	       (unsigned long long)st->records, st->records == 1 ? "" : "s",
	       (unsigned long long)st->inputs, st->inputs == 1 ? "" : "s", secs);
	printf("  added      %10llu\n", (unsigned long long)st->added);
	printf("  updated    %10llu  (a newer 'modified' replaced the stored record)\n",
	       (unsigned long long)st->updated);
	printf("  unchanged  %10llu  (the database had them as new or newer)\n",
	       (unsigned long long)st->unchanged);
	if (st->withdrawn)
		printf("  withdrawn  %10llu  (of those added or updated: kept, never matched)\n",
		       (unsigned long long)st->withdrawn);
	if (st->invalid)
		printf("  skipped    %10llu  invalid record%s (why: on standard error)\n",
		       (unsigned long long)st->invalid, st->invalid == 1 ? "" : "s");
	if (st->other)
		printf("  skipped    %10llu  archive entr%s not named *.json\n",
		       (unsigned long long)st->other, st->other == 1 ? "y" : "ies");
	if (st->failed)
		printf("  skipped    %10llu  input%s not readable whole (nothing kept from them)\n",
		       (unsigned long long)st->failed, st->failed == 1 ? "" : "s");
}

/*
 * Import the inputs (paths, or the open archives fds named by names) into
 * the database at path in one transaction; prints what was skipped and the
 * summary. Returns the exit code.
 */
static int db_run_import(const char *path, char *const *paths, const int *fds, size_t n,
                         int fail_code)
{
	struct vuln_import imp = {.cancelled = db_cancelled};
	struct vakt_error *err = NULL;
	struct vuln_db *db = NULL;
	double t0 = vakt_now();
	int r;

	r = vuln_db_open(path, VULN_DB_WRITE, &db, &err);
	if (r < 0)
		return db_fail(err);
	db_catch_signals();
	/*
	 * libarchive turns each zip entry's DOS time into a time_t through
	 * mktime(), and glibc stats /etc/localtime on every call unless TZ
	 * names the zone: a fifth of an import's time. Same zone, read once.
	 */
	setenv("TZ", ":/etc/localtime", 0);
	r = vuln_import_begin(&imp, db, &err);
	for (size_t i = 0; r == 0 && i < n; i++)
		r = fds ? vuln_import_zip_fd(&imp, fds[i], paths[i], &err)
		        : vuln_import_path(&imp, paths[i], NULL, &err);
	db_print_skipped(&imp.errs);
	/* A signal during the last input, after its last record was asked about. */
	if (r == 0 && db_signal)
		r = vakt_error_set(&err, -ECANCELED, "interrupted");
	if (r == 0)
		r = vuln_import_commit(&imp, &err);
	if (r < 0) {
		vuln_import_release(&imp);
		vuln_db_close(db);
		if (r == -ECANCELED) {
			cli_error("interrupted: nothing was imported, '%s' is as it was", path);
			vakt_error_free(err);
			db_reraise();
			return CLI_EXIT_ENVIRONMENT;
		}
		vakt_error_suffix(err, "; nothing was imported, '%s' is as it was", path);
		return db_fail(err);
	}
	db_print_summary(path, &imp.st, vakt_now() - t0);
	if (imp.st.invalid || imp.st.failed)
		fail_code = CLI_EXIT_INPUT;
	vuln_import_release(&imp);
	vuln_db_close(db);
	return fail_code;
}

static int db_import(const struct cli_command *cmd, int argc, char **argv)
{
	struct db_args a = {0};
	char *path = NULL;
	int first, r;

	r = cli_parse(cmd, argc, argv, db_on_opt, &a, &first);
	if (r)
		return r < 0 ? CLI_EXIT_OK : r;
	if (first >= argc) {
		cli_error(
		    "nothing to import: name OSV JSON files, directories or all.zip archives");
		fprintf(stderr, "usage: vakt %s %s\n", cmd->name, cmd->usage);
		return CLI_EXIT_USAGE;
	}
	path = db_path(&a);
	if (!path)
		return CLI_EXIT_USAGE;
	r = db_run_import(path, argv + first, NULL, (size_t)(argc - first), CLI_EXIT_OK);
	free(path);
	return r;
}

/* --- update ------------------------------------------------------------------------------- */

static int db_update(const struct cli_command *cmd, int argc, char **argv)
{
	struct db_args a = {0};
	struct vakt_strv urls = VAKT_STRV_INIT;
	char *path = NULL, *dir = NULL, *slash;
	int *fds = NULL, first, r, code = CLI_EXIT_OK;
	size_t n_eco;

	r = cli_parse(cmd, argc, argv, db_on_opt, &a, &first);
	if (r) {
		r = r < 0 ? CLI_EXIT_OK : r;
		goto out;
	}
	if (first < argc) {
		cli_error("unexpected argument '%s' (to name ecosystems: --ecosystem NAME)",
		          argv[first]);
		r = CLI_EXIT_USAGE;
		goto out;
	}
	if (!a.ecosystems.n)
		for (size_t i = 0; i < vuln_update_n_default_ecosystems; i++)
			vakt_strv_push(&a.ecosystems, vuln_update_default_ecosystems[i]);
	path = db_path(&a);
	if (!path) {
		r = CLI_EXIT_USAGE;
		goto out;
	}
	/* Downloads go beside the database: the same file system, and it is writable. */
	dir = vakt_xstrdup(path);
	slash = strrchr(dir, '/');
	if (!slash) {
		free(dir);
		dir = vakt_xstrdup(".");
	} else {
		slash[slash == dir] = '\0';
	}
	{
		struct vakt_error *err = NULL;
		struct vuln_db *db = NULL;

		/* Created with its directory now, and checked before anything is downloaded. */
		if (vuln_db_open(path, VULN_DB_WRITE, &db, &err) < 0) {
			r = db_fail(err);
			goto out;
		}
		vuln_db_close(db);
	}
	n_eco = a.ecosystems.n;
	fds = vakt_xcalloc(n_eco, sizeof(*fds));
	for (size_t i = 0; i < n_eco; i++) {
		struct vakt_error *err = NULL;
		char *url =
		    vuln_update_url(a.url ? a.url : VULN_UPDATE_DEFAULT_URL, a.ecosystems.v[i]);
		uint64_t bytes = 0;
		int fd;

		fprintf(stderr, "vakt: downloading ");
		vakt_fputs_safe(stderr, url, 0);
		fputs(" ...\n", stderr);
		if (vuln_update_fetch(url, dir, VULN_UPDATE_MAX_BYTES, &fd, &bytes, &err) < 0) {
			cli_error("%s; the database keeps what it had for %s", err->msg,
			          a.ecosystems.v[i]);
			vakt_error_free(err);
			free(url);
			code = CLI_EXIT_INPUT;
			continue;
		}
		fds[urls.n] = fd;
		vakt_strv_push_take(&urls, url);
	}
	if (!urls.n) {
		cli_error("nothing downloaded: the database is unchanged");
		r = CLI_EXIT_INPUT;
		goto out;
	}
	r = db_run_import(path, urls.v, fds, urls.n, code);
out:
	for (size_t i = 0; i < urls.n; i++)
		close(fds[i]);
	free(fds);
	vakt_strv_release(&urls);
	vakt_strv_release(&a.ecosystems);
	free(dir);
	free(path);
	return r;
}

/* --- info --------------------------------------------------------------------------------- */

static char *db_format_time(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[32];

	if (!gmtime_r(&tt, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return vakt_xstrdup("?");
	return vakt_xstrdup(buf);
}

/* "3 hours ago", in the largest unit that is at least 1. */
static char *db_format_age(int64_t secs)
{
	static const struct {
		const char *unit;
		int64_t secs;
	} units[] = {{"day", 86400}, {"hour", 3600}, {"minute", 60}, {"second", 1}};

	if (secs < 0)
		return vakt_xstrdup("in the future: check the clock");
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(units); i++)
		if (secs >= units[i].secs || i + 1 == VAKT_ARRAY_SIZE(units)) {
			int64_t n = secs / units[i].secs;

			return vakt_xasprintf("%lld %s%s ago", (long long)n, units[i].unit,
			                      n == 1 ? "" : "s");
		}
	return NULL;
}

static void db_info_text(const char *path, const struct vuln_db_info *in, int64_t now)
{
	char *when = db_format_time(in->imported_at), *age = db_format_age(now - in->imported_at);

	fputs("database   ", stdout);
	vakt_fputs_safe(stdout, path, 0);
	printf("\nschema     %d\n", in->schema_version);
	if (in->imported_at)
		printf("imported   %s (%s)\n", when, age);
	else
		printf("imported   never\n");
	printf("records    %llu", (unsigned long long)in->records);
	if (in->withdrawn)
		printf(" (and %llu withdrawn, never matched)", (unsigned long long)in->withdrawn);
	fputs("\n", stdout);
	if (in->n_eco) {
		printf("\n%-20s %10s  %s\n", "ECOSYSTEM", "RECORDS", "NEWEST MODIFIED");
		for (size_t i = 0; i < in->n_eco; i++) {
			struct vakt_buf b = VAKT_BUF_INIT;

			vakt_buf_addf(&b, "%-20s %10llu  %s\n", in->eco[i].ecosystem,
			              (unsigned long long)in->eco[i].records,
			              in->eco[i].newest_modified ? in->eco[i].newest_modified
			                                         : "-");
			vakt_fputs_safe(stdout, vakt_buf_str(&b), VAKT_SAFE_KEEP_NEWLINES);
			vakt_buf_release(&b);
		}
	}
	free(when);
	free(age);
}

static void db_info_json(const char *path, const struct vuln_db_info *in, int64_t now)
{
	struct vakt_jw w;
	char *when = in->imported_at ? db_format_time(in->imported_at) : NULL;

	vakt_jw_init(&w, stdout, 0);
	vakt_jw_open(&w, NULL, '{');
	vakt_jw_str(&w, "database", path);
	vakt_jw_int(&w, "schema_version", in->schema_version);
	vakt_jw_str(&w, "imported_at", when);
	if (in->imported_at)
		vakt_jw_int(&w, "age_seconds", (long long)(now - in->imported_at));
	vakt_jw_int(&w, "records", (long long)in->records);
	vakt_jw_int(&w, "withdrawn", (long long)in->withdrawn);
	vakt_jw_open(&w, "ecosystems", '[');
	for (size_t i = 0; i < in->n_eco; i++) {
		vakt_jw_open(&w, NULL, '{');
		vakt_jw_str(&w, "ecosystem", in->eco[i].ecosystem);
		vakt_jw_int(&w, "records", (long long)in->eco[i].records);
		vakt_jw_str(&w, "newest_modified", in->eco[i].newest_modified);
		vakt_jw_close(&w, '}');
	}
	vakt_jw_close(&w, ']');
	vakt_jw_close(&w, '}');
	fputc('\n', stdout);
	free(when);
}

static int db_info(const struct cli_command *cmd, int argc, char **argv)
{
	struct db_args a = {0};
	struct vuln_db_info in;
	struct vakt_error *err = NULL;
	struct vuln_db *db = NULL;
	char *path;
	int first, r;

	r = cli_parse(cmd, argc, argv, db_on_opt, &a, &first);
	if (r)
		return r < 0 ? CLI_EXIT_OK : r;
	if (first < argc) {
		cli_error("unexpected argument '%s'", argv[first]);
		return CLI_EXIT_USAGE;
	}
	path = db_path(&a);
	if (!path)
		return CLI_EXIT_USAGE;
	if (vuln_db_open(path, VULN_DB_READ, &db, &err) < 0 ||
	    vuln_db_get_info(db, &in, &err) < 0) {
		vuln_db_close(db);
		free(path);
		return db_fail(err);
	}
	if (a.json)
		db_info_json(path, &in, (int64_t)time(NULL));
	else
		db_info_text(path, &in, (int64_t)time(NULL));
	vuln_db_info_release(&in);
	vuln_db_close(db);
	free(path);
	if (fflush(stdout) != 0) {
		cli_error("cannot write the output: %s", strerror(errno));
		return CLI_EXIT_ENVIRONMENT;
	}
	return CLI_EXIT_OK;
}

/* --- dispatch ----------------------------------------------------------------------------- */

static const struct cli_command db_commands[] = {
    {"db import", "Import OSV records into the local vulnerability database.",
     "[--db PATH] PATH...",
     "Each PATH is an OSV JSON record, a directory (walked for *.json and *.zip),\n"
     "or an archive such as OSV's per-ecosystem all.zip. A record already in the\n"
     "database is replaced only by a newer 'modified'. Invalid records are listed\n"
     "and skipped; the import is one transaction. See docs/vulnerabilities.md.",
     db_import_options, db_import},
    {"db update", "Download OSV's per-ecosystem archives and import them.", "[options]",
     "Downloads URL/ECOSYSTEM/all.zip for each ecosystem and imports it as 'vakt db\n"
     "import' does; an ecosystem whose download fails keeps what the database had.\n"
     "The only vakt command that uses the network.",
     db_update_options, db_update},
    {"db info", "Show what the vulnerability database holds and how old it is.",
     "[--db PATH] [--format text|json]", NULL, db_info_options, db_info},
};

int cmd_db(const struct cli_command *cmd, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub) {
		cli_error("which database command? (import, update or info)");
		fprintf(stderr, "usage: vakt %s %s\n(see 'vakt db --help')\n", cmd->name,
		        cmd->usage);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		cli_print_help(cmd, stdout);
		return CLI_EXIT_OK;
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(db_commands); i++)
		if (!strcmp(db_commands[i].name + 3, sub))
			return db_commands[i].run(&db_commands[i], argc - 1, argv + 1);
	cli_error("unknown database command '%s' (expected import, update or info)", sub);
	return CLI_EXIT_USAGE;
}
