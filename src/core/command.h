/* SPDX-License-Identifier: MIT */
#ifndef VAKT_COMMAND_H
#define VAKT_COMMAND_H

/*
 * Running a system binary with fixed arguments and reading what it prints
 * (vakt host: iptables-save, nft -j list ruleset, runc --version). No
 * shell; the binary is looked up only in the system directories
 * (/usr/sbin, /usr/bin, /sbin, /bin), never in the caller's PATH; the
 * environment is only PATH and LC_ALL=C; standard input is /dev/null.
 * The child is killed when it outlives its timeout, and its output is cut
 * at a ceiling (the rest is read and thrown away, so it never blocks).
 */

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct vakt_command_result {
	int status;     /* exit status, or 128 + signal when killed */
	bool timed_out; /* killed after the timeout */
	bool truncated; /* stdout was longer than the ceiling */
	char *out;      /* owned; stdout, NUL-terminated */
	size_t out_len;
	char *err; /* owned; the first 4 KiB of stderr, NUL-terminated */
};

/*
 * Run argv (argv[0] a bare name, looked up as above, or an absolute path)
 * for at most timeout_ms, keeping max_out bytes of its stdout. Returns 0
 * when it ran (whatever its exit status: see res), -ENOENT when the binary
 * is not installed, or another negative errno with *err set. The caller
 * releases res with vakt_command_result_release().
 */
int vakt_command_run(const char *const argv[], int timeout_ms, size_t max_out,
                     struct vakt_command_result *res, struct vakt_error **err);
void vakt_command_result_release(struct vakt_command_result *res);

#endif
