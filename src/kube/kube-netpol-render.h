/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KUBE_NETPOL_RENDER_H
#define VAKT_KUBE_NETPOL_RENDER_H

/*
 * vakt netpol's reports: what the NetworkPolicy model (kube-netpol.h) says,
 * computed once into a view, and written as the text summary (or the
 * answer to a --from/--to question), JSON, Graphviz DOT, or SVG through
 * Graphviz's `dot`. The command (src/cli/cmd-netpol.c) parses its options,
 * builds the model, finds the workloads it was asked about, and calls
 * kube_np_render(); docs/netpol.md describes the output.
 *
 *   kube-netpol-view.c         the view, workload names, kube_np_render()
 *   kube-netpol-render-text.c  the summary, the pair table, the explanation
 *   kube-netpol-render-json.c  the model or the explanation as JSON
 *   kube-netpol-render-dot.c   DOT, and SVG through Graphviz's dot
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/error.h"
#include "kube-netpol.h"

/* The Graphviz program an SVG is rendered with (looked up in PATH). */
#define KUBE_NP_DOT_PROGRAM "dot"

enum kube_np_format {
	KUBE_NP_TEXT,
	KUBE_NP_JSON,
	KUBE_NP_DOT,
	KUBE_NP_SVG,
};

/* What the model says, computed once for every format. */
struct kube_np_view {
	const struct kube_netpol_model *m;
	struct kube_np_edge *edges; /* owned; NULL when from and to are both set */
	size_t n_edges;
	struct kube_np_external *ext[KUBE_NP_DIRS]; /* owned, per workload */
	bool *open;                    /* owned, per workload: every pod can reach it */
	struct kube_ports *open_ports; /* owned, per workload */
	size_t *open_pol;              /* owned, per workload */
	size_t from, to;               /* filters (workload indices), SIZE_MAX: none */
};

/*
 * Fill v for model m (borrowed: keep it alive as long as v) filtered to
 * connections from workload `from` and to workload `to` (SIZE_MAX: any).
 * Every allowed pair is decided unless both are set (one question needs one
 * verdict): more than KUBE_NETPOL_MAX_WORKLOADS workloads is then -E2BIG
 * with *err. Release v with kube_np_view_release() either way.
 */
int kube_np_view_build(struct kube_np_view *v, const struct kube_netpol_model *m, size_t from,
                       size_t to, struct vakt_error **err);
/* Free what v owns; v may be zeroed or partly built. */
void kube_np_view_release(struct kube_np_view *v);

/*
 * The workloads spec names: "Kind/namespace/name", "namespace/name",
 * "Kind/name" or "name" (Kind in any case). Returns how many; *hit is the
 * first (SIZE_MAX when none), and *names (may be NULL) receives them as
 * "Kind/ns/name (file:line), ..." for a message. The caller owns *names.
 */
size_t kube_np_find_workload(const struct kube_netpol_model *m, const char *spec, size_t *hit,
                             char **names);

/* Whether KUBE_NP_DOT_PROGRAM is an executable file in a directory of PATH. */
bool kube_np_svg_available(void);

/*
 * Write v to out in format f. Text: with both filters the explanation of
 * that one decision, else the summary (and every allowed pair when pairs
 * is set) or, with one filter, the pairs that answer it. JSON: the
 * explanation, or the model with the pairs and external rows the filters
 * let through. DOT: the graph; SVG: the graph rendered by
 * KUBE_NP_DOT_PROGRAM, which writes to out's file descriptor. Names come
 * from the input: text and DOT show control characters (and escape
 * sequences) as '?', JSON escapes them. Returns 0, or a negative errno
 * with *err when the output could not be written or dot failed.
 */
int kube_np_render(FILE *out, const struct kube_np_view *v, enum kube_np_format f, bool pairs,
                   struct vakt_error **err);

/* --- shared by the renderers ---------------------------------------------- */

/* Whether the pair (src, dst) passes v's filters. */
bool kube_np_view_shows(const struct kube_np_view *v, size_t src, size_t dst);
/*
 * Whether the external row of workload w in direction d passes v's filters
 * and has ports (ingress from outside is (outside, w), egress (w, outside)).
 */
bool kube_np_view_shows_ext(const struct kube_np_view *v, enum kube_np_dir d, size_t w);
/* "TCP/80, UDP/53" for p. Caller owns it. */
char *kube_np_ports_str(const struct kube_ports *p);
/* "any address", or the CIDRs of x joined by "; ". Caller owns it. */
char *kube_np_addrs_str(const struct kube_np_external *x);
/* Where an object is written: its file ("-" when none) and line (0 when unknown). */
const char *kube_np_obj_file(const struct kube_object *o);
int kube_np_obj_line(const struct kube_object *o);

/*
 * The text report of v (kube-netpol-render-text.c): without filters, the
 * summary (each namespace isolated or not per direction, the workloads
 * every pod can reach with databases, caches and secrets stores first),
 * then the pair list when pairs is set; with one filter, the pairs that
 * answer it.
 */
void kube_np_write_text(FILE *out, const struct kube_np_view *v, bool pairs);
/* Why src may or may not reach dst: the verdict, then each side's policies and rules. */
void kube_np_write_explain(FILE *out, const struct kube_netpol_model *m, size_t src, size_t dst);
/* The JSON document of v (kube-netpol-render-json.c); 0 or -1 when it could not be written. */
int kube_np_write_json(FILE *out, const struct kube_np_view *v);
/* The Graphviz graph of v (kube-netpol-render-dot.c). */
void kube_np_write_dot(FILE *out, const struct kube_np_view *v);
/*
 * Run KUBE_NP_DOT_PROGRAM -Tsvg on dot_src[0..len), its output going to
 * out's file descriptor (out is flushed first; SIGPIPE is ignored while dot
 * reads, so that its exit status tells). 0, or -errno with *err.
 */
int kube_np_write_svg(FILE *out, const char *dot_src, size_t len, struct vakt_error **err);

#endif
