/* SPDX-License-Identifier: MIT */
/*
 * Where a report goes: standard output, or --output FILE written safely.
 *
 * A report file is written to a temporary file beside it and renamed over
 * it only once the report is complete, so a failed or interrupted run
 * leaves the old file as it was, and nothing is truncated before the inputs
 * have been read. Paths that are not regular files (/dev/null, /dev/stdout,
 * a pipe from process substitution) are written directly: there is nothing
 * to keep safe and nothing to rename over.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The stdio buffer of a report's file. */
#define CLI_OUTPUT_BUFFER (1u << 16)

/* The temporary file to remove when a signal ends the run mid-write. */
static char output_tmp_path[PATH_MAX];
static volatile sig_atomic_t output_tmp_set;

static void output_on_signal(int sig)
{
	if (output_tmp_set)
		unlink(output_tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void output_guard(const char *tmp)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
	struct sigaction sa = {0};
	size_t n = strlen(tmp);

	if (n >= sizeof(output_tmp_path))
		return;
	memcpy(output_tmp_path, tmp, n + 1);
	output_tmp_set = 1;
	sa.sa_handler = output_on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

static void output_unguard(void)
{
	output_tmp_set = 0;
}

/* The directory part of path ("." when there is none). The caller frees it. */
static char *output_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return vakt_xstrdup(".");
	if (slash == path)
		return vakt_xstrdup("/");
	return vakt_xstrndup(path, (size_t)(slash - path));
}

bool cli_output_is_stdout(const char *path)
{
	return !path || !strcmp(path, "-");
}

int cli_output_check(const char *path)
{
	struct stat sb;
	char *dir;
	int r = 0;

	if (cli_output_is_stdout(path))
		return 0;
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			cli_error("cannot write '%s': it is a directory", path);
			return CLI_EXIT_ENVIRONMENT;
		}
		if (!S_ISREG(sb.st_mode))
			return 0; /* a device or a pipe: written directly */
	}
	dir = output_dir(path);
	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		cli_error("cannot write '%s': no directory '%s'", path, dir);
		r = CLI_EXIT_ENVIRONMENT;
	} else if (access(dir, W_OK) < 0) {
		cli_error("cannot write '%s': %s", path, strerror(errno));
		r = CLI_EXIT_ENVIRONMENT;
	}
	free(dir);
	return r;
}

/* Open a temporary file beside target with target's mode (or the umask's). */
static int output_open_tmp(struct cli_output *o)
{
	char *dir = output_dir(o->target);
	const char *base = strrchr(o->target, '/') ? strrchr(o->target, '/') + 1 : o->target;
	struct stat sb;
	mode_t mode;
	int fd;

	/* A hidden name no scan recognises, in case one walks this directory now. */
	o->tmp = vakt_xasprintf("%s/.%s.vakt-XXXXXX", dir, base);
	free(dir);
	fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd < 0) {
		cli_error("cannot write '%s': %s", o->path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return CLI_EXIT_ENVIRONMENT;
	}
	output_guard(o->tmp);
	if (stat(o->target, &sb) == 0) {
		mode = sb.st_mode & 07777;
	} else {
		mode_t mask = umask(0);

		umask(mask);
		mode = 0666 & ~mask;
	}
	(void)fchmod(fd, mode);
	o->file = fdopen(fd, "w");
	if (!o->file) {
		close(fd);
		cli_error("cannot write '%s': %s", o->path, strerror(errno));
		return CLI_EXIT_ENVIRONMENT;
	}
	return 0;
}

int cli_output_open(struct cli_output *o, const char *path, int escape)
{
	struct stat sb;
	int r;

	memset(o, 0, sizeof(*o));
	o->path = path;
	if (cli_output_is_stdout(path)) {
		o->file = stdout;
	} else if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		o->file = fopen(path, "we");
		if (!o->file) {
			cli_error("cannot write '%s': %s", path, strerror(errno));
			return CLI_EXIT_ENVIRONMENT;
		}
	} else {
		/* Through a symbolic link, replace what it points to, not the link. */
		o->target = realpath(path, NULL);
		if (!o->target)
			o->target = vakt_xstrdup(path);
		r = output_open_tmp(o);
		if (r)
			return r;
	}
	/*
	 * Reports can be large: write them in big blocks, not line by line.
	 * glibc ignores the size without a buffer (a file's gets st_blksize,
	 * 4 KiB: a write() per 4 KiB of report), so a file gets one; standard
	 * output, which outlives this, keeps the library's.
	 */
	if (o->file != stdout) {
		o->buf = vakt_xmalloc(CLI_OUTPUT_BUFFER);
		setvbuf(o->file, o->buf, _IOFBF, CLI_OUTPUT_BUFFER);
	} else {
		setvbuf(o->file, NULL, _IOFBF, CLI_OUTPUT_BUFFER);
	}
	o->f = o->file;
	if (escape >= 0) {
		o->f = vakt_escape_stream_open(o->file, (enum vakt_escape_syntax)escape);
		if (!o->f) {
			o->f = o->file;
			cli_error("cannot write the report: %s", strerror(errno));
			return CLI_EXIT_ENVIRONMENT;
		}
	}
	return 0;
}

/* Report a failure to write; "the report" for standard output. */
static int output_failed(const struct cli_output *o, int e)
{
	if (cli_output_is_stdout(o->path))
		cli_error("cannot write the report: %s", strerror(e));
	else
		cli_error("cannot write '%s': %s", o->path, strerror(e));
	return CLI_EXIT_ENVIRONMENT;
}

int cli_output_close(struct cli_output *o, bool commit)
{
	int r = 0, e = 0;

	if (!o->file)
		return 0;
	if (o->f != o->file && fclose(o->f) != 0)
		e = errno ? errno : EIO;
	if (fflush(o->file) != 0 || ferror(o->file))
		e = e ? e : (errno ? errno : EIO);
	if (o->tmp && commit && !e && fsync(fileno(o->file)) < 0)
		e = errno;
	if (o->file != stdout && fclose(o->file) != 0)
		e = e ? e : errno;
	if (e && commit)
		r = output_failed(o, e);
	if (o->tmp) {
		if (commit && !r && rename(o->tmp, o->target) < 0)
			r = output_failed(o, errno);
		if (!commit || r)
			unlink(o->tmp);
		output_unguard();
	}
	free(o->buf);
	free(o->tmp);
	free(o->target);
	memset(o, 0, sizeof(*o));
	return r;
}

int cli_output_refuse_input(const char *output, const char *const *paths, size_t n,
                            const struct vakt_scan_opts *o)
{
	const char *via = NULL;
	struct stat sb;

	if (cli_output_is_stdout(output) || !vakt_scan_would_read(paths, n, o, output, &via))
		return 0;
	if (stat(output, &sb) == 0)
		cli_error("refusing to write the report to '%s': it is an input of this scan "
		          "(write the report elsewhere)",
		          output);
	else
		cli_error("refusing to write the report to '%s': the next scan of '%s' would read "
		          "it as an input (write it outside the scanned tree, or exclude it in %s)",
		          output, via, VAKT_CONFIG_NAME);
	return CLI_EXIT_USAGE;
}
