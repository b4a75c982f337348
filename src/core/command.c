/* SPDX-License-Identifier: MIT */
/* Running a system binary: posix_spawn, two pipes, poll with a deadline. */
#include "command.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define ERR_MAX 4096

static const char *const system_dirs[] = {"/usr/sbin", "/usr/bin", "/sbin", "/bin", NULL};

/* The executable argv0 names, in the system directories; caller frees. NULL when absent. */
static char *command_find(const char *argv0)
{
	if (strchr(argv0, '/'))
		return access(argv0, X_OK) == 0 ? vakt_xstrdup(argv0) : NULL;
	for (size_t i = 0; system_dirs[i]; i++) {
		char *p = vakt_xasprintf("%s/%s", system_dirs[i], argv0);
		struct stat st;

		if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Append what fd has to buf (keeping at most max bytes); 0 at EOF, 1 more to come, -errno. */
static int drain(int fd, char **buf, size_t *len, size_t *cap, size_t max, bool *truncated)
{
	char chunk[16384];
	ssize_t k = read(fd, chunk, sizeof(chunk));

	if (k < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : -errno;
	if (k == 0)
		return 0;
	size_t keep = *len >= max ? 0 : ((size_t)k < max - *len ? (size_t)k : max - *len);

	if (keep < (size_t)k && truncated)
		*truncated = true;
	if (keep) {
		*buf = vakt_grow(*buf, 1, *len + keep + 1, cap);
		memcpy(*buf + *len, chunk, keep);
		*len += keep;
		(*buf)[*len] = '\0';
	}
	return 1;
}

int vakt_command_run(const char *const argv[], int timeout_ms, size_t max_out,
                     struct vakt_command_result *res, struct vakt_error **err)
{
	static const char *const envp[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", NULL};
	posix_spawn_file_actions_t fa;
	int out[2] = {-1, -1}, errp[2] = {-1, -1};
	size_t out_cap = 0, err_cap = 0, err_len = 0;
	char *path;
	pid_t pid;
	int rc = 0, wst = 0;
	int64_t deadline;

	memset(res, 0, sizeof(*res));
	path = command_find(argv[0]);
	if (!path)
		return -ENOENT;
	/*
	 * Only our ends are non-blocking: a child whose stdout were would fail
	 * with EAGAIN ("write error") whenever the pipe is full.
	 */
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0 ||
	    fcntl(out[0], F_SETFL, O_NONBLOCK) < 0 || fcntl(errp[0], F_SETFL, O_NONBLOCK) < 0) {
		rc = vakt_error_set(err, -errno, "cannot run '%s': %s", path, strerror(errno));
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	rc = posix_spawn(&pid, path, &fa, NULL, (char *const *)argv, (char *const *)envp);
	posix_spawn_file_actions_destroy(&fa);
	close(out[1]);
	close(errp[1]);
	out[1] = errp[1] = -1;
	if (rc) {
		rc = vakt_error_set(err, -rc, "cannot run '%s': %s", path, strerror(rc));
		goto out;
	}
	deadline = now_ms() + timeout_ms;
	res->out = vakt_xstrdup("");
	out_cap = 1;
	res->err = vakt_xstrdup("");
	err_cap = 1;
	while (out[0] >= 0 || errp[0] >= 0) {
		struct pollfd p[2] = {{.fd = out[0], .events = POLLIN},
		                      {.fd = errp[0], .events = POLLIN}};
		int64_t left = deadline - now_ms();

		if (left <= 0) {
			res->timed_out = true;
			kill(pid, SIGKILL);
			break;
		}
		if (poll(p, 2, (int)left) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			int *fd = i == 0 ? &out[0] : &errp[0];
			int d;

			if (*fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			d = i == 0 ? drain(*fd, &res->out, &res->out_len, &out_cap, max_out,
			                   &res->truncated)
			           : drain(*fd, &res->err, &err_len, &err_cap, ERR_MAX, NULL);
			if (d <= 0) {
				close(*fd);
				*fd = -1;
			}
		}
	}
	while (waitpid(pid, &wst, 0) < 0 && errno == EINTR)
		;
	res->status = WIFEXITED(wst) ? WEXITSTATUS(wst) : 128 + WTERMSIG(wst);
out:
	for (int i = 0; i < 2; i++) {
		if (out[i] >= 0)
			close(out[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	free(path);
	if (rc < 0)
		vakt_command_result_release(res);
	return rc;
}

void vakt_command_result_release(struct vakt_command_result *res)
{
	free(res->out);
	free(res->err);
	memset(res, 0, sizeof(*res));
}
