/* SPDX-License-Identifier: MIT */
#ifndef VAKT_CLI_HOST_H
#define VAKT_CLI_HOST_H

/*
 * vakt host's firewall half (cli-host-fw.c): the live rule sets read by
 * running the system's own iptables-save, ip6tables-save and nft (or, with
 * --root, their recorded outputs), parsed and audited with the firewall
 * domain's rules. It runs on a thread of its own while the host probes run.
 */

#include "core/error.h"
#include "core/finding.h"
#include "core/scan.h"
#include "host/host.h"

struct cli_host_fw {
	/* in */
	const struct host_root *root;
	const struct vakt_scan_opts *opts;
	/* out: findings, input errors, warnings, observations (owned; the caller releases) */
	struct vakt_findings findings;
	struct vakt_error_list errors;
	struct vakt_error_list warnings;
	struct host_observations obs;
};

/* Read, parse and audit the host's firewall into fw (its in-members set by the caller). */
void cli_host_fw_run(struct cli_host_fw *fw);
void cli_host_fw_release(struct cli_host_fw *fw);

#endif
