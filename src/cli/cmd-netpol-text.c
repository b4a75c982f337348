/* SPDX-License-Identifier: MIT */
/*
 * vakt netpol's text report (cmd-netpol.h): the summary a reader needs
 * first, per namespace and for the workloads every pod can reach, and the
 * full list of allowed pairs only on request (--pairs) or for a --from/--to
 * query.
 */
#include <string.h>

#include "cli.h"
#include "cmd-netpol.h"

/* Longest workload id printed in a table column before the column stops growing. */
#define NETPOL_MAX_COLUMN 60
/* Workloads open to every pod listed by the summary beyond the sensitive ones. */
#define NETPOL_SUMMARY_OPEN 10

/* --- text ----------------------------------------------------------------------- */

struct netpol_row {
	const char *from, *to;
	char *ports, *addrs; /* owned */
};

static void netpol_row_add(struct netpol_row **rows, size_t *n, size_t *cap, const char *from,
                           const char *to, char *ports, char *addrs)
{
	*rows = vakt_grow(*rows, sizeof(**rows), *n + 1, cap);
	(*rows)[(*n)++] = (struct netpol_row){from, to, ports, addrs};
}

static int netpol_width(size_t w)
{
	return (int)(w > NETPOL_MAX_COLUMN ? NETPOL_MAX_COLUMN : w);
}

/* The allowed pairs (and external rows) v shows, as a table. */
static void write_pairs(FILE *out, const struct netpol_view *v)
{
	const struct kube_netpol_model *m = v->m;
	struct netpol_row *rows = NULL;
	size_t n = 0, cap = 0, wf = 4, wt = 2;
	bool any_addr = false;

	for (size_t i = 0; i < v->n_edges; i++) {
		const struct kube_np_edge *e = &v->edges[i];

		if (netpol_shows(v, e->src, e->dst))
			netpol_row_add(&rows, &n, &cap, m->wls[e->src].id, m->wls[e->dst].id,
			               netpol_ports_str(&e->ports), NULL);
	}
	for (int d = 0; d < KUBE_NP_DIRS; d++) {
		for (size_t i = 0; i < m->n_wls; i++) {
			if (!netpol_shows_ext(v, d, i))
				continue;
			netpol_row_add(
			    &rows, &n, &cap, d == KUBE_NP_INGRESS ? "(outside)" : m->wls[i].id,
			    d == KUBE_NP_INGRESS ? m->wls[i].id : "(outside)",
			    netpol_ports_str(&v->ext[d][i].ports), netpol_addrs_str(&v->ext[d][i]));
			any_addr = true;
		}
	}
	for (size_t i = 0; i < n; i++) {
		wf = strlen(rows[i].from) > wf ? strlen(rows[i].from) : wf;
		wt = strlen(rows[i].to) > wt ? strlen(rows[i].to) : wt;
	}
	if (n)
		fprintf(out, "%-*s  %-*s  %s\n", netpol_width(wf), "FROM", netpol_width(wt), "TO",
		        any_addr ? "PORTS (ADDRESSES)" : "PORTS");
	for (size_t i = 0; i < n; i++) {
		if (rows[i].addrs)
			fprintf(out, "%-*s  %-*s  %s (%s)\n", netpol_width(wf), rows[i].from,
			        netpol_width(wt), rows[i].to, rows[i].ports, rows[i].addrs);
		else
			fprintf(out, "%-*s  %-*s  %s\n", netpol_width(wf), rows[i].from,
			        netpol_width(wt), rows[i].to, rows[i].ports);
		free(rows[i].ports);
		free(rows[i].addrs);
	}
	free(rows);
	if (!n)
		fputs("no connection allowed\n", out);
}

/* "default deny ('deny-all')", "not isolated", "2 of 5 workloads isolated", .... Caller owns it. */
static char *ns_isolation(const struct kube_netpol_model *m, const struct kube_np_namespace *ns,
                          enum kube_np_dir d)
{
	size_t isolated = 0;

	if (ns->deny[d] != SIZE_MAX)
		return vakt_xasprintf("default deny ('%s')", m->pols[ns->deny[d]].obj->name);
	for (size_t i = ns->wl_first; i < ns->wl_first + ns->n_workloads; i++)
		isolated += m->wls[i].n_pols[d] > 0;
	if (!isolated)
		return vakt_xstrdup("not isolated");
	if (isolated == ns->n_workloads)
		return vakt_xstrdup("each workload isolated, no default deny");
	return vakt_xasprintf("%zu of %zu workloads isolated", isolated, ns->n_workloads);
}

/* Per namespace: its workloads, and whether ingress and egress are isolated. */
static void write_namespaces(FILE *out, const struct kube_netpol_model *m)
{
	size_t wn = strlen("NAMESPACE"), wi = strlen("INGRESS");
	char **cells = vakt_xcalloc(m->n_nss * 2 + 1, sizeof(*cells));

	for (size_t i = 0; i < m->n_nss; i++) {
		cells[2 * i] = ns_isolation(m, &m->nss[i], KUBE_NP_INGRESS);
		cells[2 * i + 1] = ns_isolation(m, &m->nss[i], KUBE_NP_EGRESS);
		wn = strlen(m->nss[i].name) > wn ? strlen(m->nss[i].name) : wn;
		wi = strlen(cells[2 * i]) > wi ? strlen(cells[2 * i]) : wi;
	}
	if (m->n_nss)
		fprintf(out, "%-*s  %9s  %-*s  %s\n", netpol_width(wn), "NAMESPACE", "WORKLOADS",
		        netpol_width(wi), "INGRESS", "EGRESS");
	for (size_t i = 0; i < m->n_nss; i++) {
		fprintf(out, "%-*s  %9zu  %-*s  %s\n", netpol_width(wn), m->nss[i].name,
		        m->nss[i].n_workloads, netpol_width(wi), cells[2 * i], cells[2 * i + 1]);
		free(cells[2 * i]);
		free(cells[2 * i + 1]);
	}
	free(cells);
}

static void write_open_one(FILE *out, const struct netpol_view *v, size_t i, const char *what)
{
	const struct kube_netpol_model *m = v->m;
	char *p = netpol_ports_str(&v->open_ports[i]);

	fprintf(out, "  %s%s%s%s on %s", m->wls[i].id, what ? " (" : "", what ? what : "",
	        what ? ")" : "", p);
	free(p);
	if (v->open_pol[i] == SIZE_MAX)
		fputs(" (no NetworkPolicy isolates it for ingress)\n", out);
	else
		fprintf(out, " (NetworkPolicy '%s' admits every pod)\n",
		        m->pols[v->open_pol[i]].obj->name);
}

/*
 * The workloads every pod can reach: databases, caches and secrets stores
 * first; in the summary (!all), at most NETPOL_SUMMARY_OPEN of the others.
 */
static void write_open(FILE *out, const struct netpol_view *v, bool all)
{
	const struct kube_netpol_model *m = v->m;
	size_t n_open = 0, rest = 0;

	for (int sensitive = 1; sensitive >= 0; sensitive--) {
		for (size_t i = 0; i < m->n_wls; i++) {
			const char *what;

			/* A property of the destination: shown unless --from narrows to one source.
			 */
			if (!v->open[i] || v->from != SIZE_MAX || (v->to != SIZE_MAX && v->to != i))
				continue;
			what = kube_netpol_sensitive(&m->wls[i]);
			if ((what != NULL) != sensitive)
				continue;
			if (!all && !sensitive && rest++ >= NETPOL_SUMMARY_OPEN)
				continue;
			if (!n_open++)
				fputs("\nevery pod can reach (as far as its own egress policies "
				      "allow):\n",
				      out);
			write_open_one(out, v, i, what);
		}
	}
	if (rest > NETPOL_SUMMARY_OPEN)
		fprintf(out, "  ... and %zu more (--pairs lists every allowed connection)\n",
		        rest - NETPOL_SUMMARY_OPEN);
}

void netpol_write_text(FILE *out, const struct netpol_view *v, bool pairs)
{
	const struct kube_netpol_model *m = v->m;
	bool query = v->from != SIZE_MAX || v->to != SIZE_MAX;
	size_t n_host = 0;

	if (query) {
		write_pairs(out, v);
	} else {
		write_namespaces(out, m);
		if (!m->n_nss)
			fputs("no namespace and no workload\n", out);
	}
	write_open(out, v, query || pairs);
	for (size_t i = 0; i < m->n_wls; i++) {
		if (!m->wls[i].host_network || (v->from != SIZE_MAX && v->from != i) ||
		    (v->to != SIZE_MAX && v->to != i))
			continue;
		if (!n_host++)
			fputs("\nhostNetwork workloads (policies may not apply to them; it depends "
			      "on the CNI plugin):\n",
			      out);
		fprintf(out, "  %s\n", m->wls[i].id);
	}
	if (!query && pairs) {
		fputc('\n', out);
		write_pairs(out, v);
	}
	fprintf(out,
	        "\n%zu workload%s, %zu NetworkPolic%s, %zu namespace%s; %zu of %zu pairs "
	        "allowed%s\n",
	        m->n_wls, m->n_wls == 1 ? "" : "s", m->n_pols, m->n_pols == 1 ? "y" : "ies",
	        m->n_nss, m->n_nss == 1 ? "" : "s", v->n_edges, m->n_wls * m->n_wls,
	        query || pairs || !v->n_edges ? "" : " (--pairs lists them)");
}
