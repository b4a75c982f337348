/* SPDX-License-Identifier: MIT */
#ifndef VAKT_CMD_NETPOL_H
#define VAKT_CMD_NETPOL_H

/*
 * Private to vakt netpol (cmd-netpol.c, and cmd-netpol-text.c, which writes
 * the text report): what the model says, computed once for every format.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kube/kube-netpol.h"

struct netpol_view {
	const struct kube_netpol_model *m;
	struct kube_np_edge *edges;
	size_t n_edges;
	struct kube_np_external *ext[KUBE_NP_DIRS]; /* per workload */
	bool *open;                                 /* per workload: every pod can reach it */
	struct kube_ports *open_ports;              /* per workload */
	size_t *open_pol;                           /* per workload */
	size_t from, to;                            /* filters, SIZE_MAX: none */
};

/* Whether the pair (src, dst) passes the --from/--to filters. */
bool netpol_shows(const struct netpol_view *v, size_t src, size_t dst);
/* Whether the external row of workload w in direction d is shown (and has ports). */
bool netpol_shows_ext(const struct netpol_view *v, enum kube_np_dir d, size_t w);
/* "TCP/80, UDP/53" for p. Caller owns it. */
char *netpol_ports_str(const struct kube_ports *p);
/* "any address", or the CIDRs of x joined by "; ". Caller owns it. */
char *netpol_addrs_str(const struct kube_np_external *x);

/*
 * The text report of v: without --from/--to, the summary (each namespace
 * isolated or not per direction, the workloads every pod can reach with
 * databases, caches and secrets stores first), then the pair list when
 * pairs is set; with one of --from/--to, the pairs that answer it.
 */
void netpol_write_text(FILE *out, const struct netpol_view *v, bool pairs);

#endif
