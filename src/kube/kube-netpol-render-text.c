/* SPDX-License-Identifier: MIT */
/*
 * vakt netpol's text report (kube-netpol-render.h): the summary a reader
 * needs first, per namespace and for the workloads every pod can reach, and
 * the full list of allowed pairs only on request (--pairs) or for a --from
 * or --to query; with both, the explanation of that one decision, policy by
 * policy and rule by rule.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kube-netpol-render.h"

/* Longest workload id printed in a table column before the column stops growing. */
#define KUBE_NP_MAX_COLUMN 60
/* Workloads open to every pod listed by the summary beyond the sensitive ones. */
#define KUBE_NP_SUMMARY_OPEN 10

/* --- the summary and the pairs -------------------------------------------------- */

struct np_row {
	const char *from, *to;
	char *ports, *addrs; /* owned */
};

static void np_row_add(struct np_row **rows, size_t *n, size_t *cap, const char *from,
                       const char *to, char *ports, char *addrs)
{
	*rows = vakt_grow(*rows, sizeof(**rows), *n + 1, cap);
	(*rows)[(*n)++] = (struct np_row){from, to, ports, addrs};
}

static int np_width(size_t w)
{
	return (int)(w > KUBE_NP_MAX_COLUMN ? KUBE_NP_MAX_COLUMN : w);
}

/* The allowed pairs (and external rows) v shows, as a table. */
static void write_pairs(FILE *out, const struct kube_np_view *v)
{
	const struct kube_netpol_model *m = v->m;
	struct np_row *rows = NULL;
	size_t n = 0, cap = 0, wf = 4, wt = 2;
	bool any_addr = false;

	for (size_t i = 0; i < v->n_edges; i++) {
		const struct kube_np_edge *e = &v->edges[i];

		if (kube_np_view_shows(v, e->src, e->dst))
			np_row_add(&rows, &n, &cap, m->wls[e->src].id, m->wls[e->dst].id,
			           kube_np_ports_str(&e->ports), NULL);
	}
	for (int d = 0; d < KUBE_NP_DIRS; d++) {
		for (size_t i = 0; i < m->n_wls; i++) {
			if (!kube_np_view_shows_ext(v, d, i))
				continue;
			np_row_add(&rows, &n, &cap,
			           d == KUBE_NP_INGRESS ? "(outside)" : m->wls[i].id,
			           d == KUBE_NP_INGRESS ? m->wls[i].id : "(outside)",
			           kube_np_ports_str(&v->ext[d][i].ports),
			           kube_np_addrs_str(&v->ext[d][i]));
			any_addr = true;
		}
	}
	for (size_t i = 0; i < n; i++) {
		wf = strlen(rows[i].from) > wf ? strlen(rows[i].from) : wf;
		wt = strlen(rows[i].to) > wt ? strlen(rows[i].to) : wt;
	}
	if (n)
		fprintf(out, "%-*s  %-*s  %s\n", np_width(wf), "FROM", np_width(wt), "TO",
		        any_addr ? "PORTS (ADDRESSES)" : "PORTS");
	for (size_t i = 0; i < n; i++) {
		if (rows[i].addrs)
			fprintf(out, "%-*s  %-*s  %s (%s)\n", np_width(wf), rows[i].from,
			        np_width(wt), rows[i].to, rows[i].ports, rows[i].addrs);
		else
			fprintf(out, "%-*s  %-*s  %s\n", np_width(wf), rows[i].from, np_width(wt),
			        rows[i].to, rows[i].ports);
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
		fprintf(out, "%-*s  %9s  %-*s  %s\n", np_width(wn), "NAMESPACE", "WORKLOADS",
		        np_width(wi), "INGRESS", "EGRESS");
	for (size_t i = 0; i < m->n_nss; i++) {
		fprintf(out, "%-*s  %9zu  %-*s  %s\n", np_width(wn), m->nss[i].name,
		        m->nss[i].n_workloads, np_width(wi), cells[2 * i], cells[2 * i + 1]);
		free(cells[2 * i]);
		free(cells[2 * i + 1]);
	}
	free(cells);
}

static void write_open_one(FILE *out, const struct kube_np_view *v, size_t i, const char *what)
{
	const struct kube_netpol_model *m = v->m;
	char *p = kube_np_ports_str(&v->open_ports[i]);

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
 * first; in the summary (!all), at most KUBE_NP_SUMMARY_OPEN of the others.
 */
static void write_open(FILE *out, const struct kube_np_view *v, bool all)
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
			if (!all && !sensitive && rest++ >= KUBE_NP_SUMMARY_OPEN)
				continue;
			if (!n_open++)
				fputs("\nevery pod can reach (as far as its own egress policies "
				      "allow):\n",
				      out);
			write_open_one(out, v, i, what);
		}
	}
	if (rest > KUBE_NP_SUMMARY_OPEN)
		fprintf(out, "  ... and %zu more (--pairs lists every allowed connection)\n",
		        rest - KUBE_NP_SUMMARY_OPEN);
}

void kube_np_write_text(FILE *out, const struct kube_np_view *v, bool pairs)
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

/* --- explanation (--from and --to) ---------------------------------------------- */

/* Named ports of rule r that dst has no container port for, into b. */
static void np_missing_names(const struct kube_np_rule *r, const struct kube_np_workload *dst,
                             struct vakt_buf *b)
{
	for (size_t i = 0; i < r->n_ports; i++) {
		const struct kube_np_port *p = &r->ports[i];
		bool found = false;

		if (!p->valid || !p->name)
			continue;
		for (size_t j = 0; j < dst->n_ports; j++)
			if (*dst->ports[j].name && !strcmp(dst->ports[j].name, p->name) &&
			    dst->ports[j].proto == p->proto)
				found = true;
		if (!found)
			vakt_buf_addf(b, "%s'%s'", b->len ? ", " : "", p->name);
	}
}

static void np_explain_side(FILE *out, const struct kube_netpol_model *m,
                            const struct kube_np_verdict *v, enum kube_np_dir d)
{
	const struct kube_np_side *s = &v->side[d];
	const struct kube_np_workload *self = &m->wls[d == KUBE_NP_INGRESS ? v->dst : v->src];
	const struct kube_np_workload *peer = &m->wls[d == KUBE_NP_INGRESS ? v->src : v->dst];
	const struct kube_np_workload *dst = &m->wls[v->dst];
	char *ports = kube_np_ports_str(&s->ports);

	if (!s->isolated) {
		fprintf(out,
		        "%s of %s: not isolated (no NetworkPolicy of namespace '%s' selects it "
		        "with policyType %s), so any %s is allowed\n",
		        kube_np_dir_name(d), self->id, m->nss[self->ns].name, kube_np_dir_type(d),
		        d == KUBE_NP_INGRESS ? "source" : "destination");
		free(ports);
		return;
	}
	fprintf(out, "%s of %s: isolated by %zu NetworkPolic%s, which allow%s %s %s %s\n",
	        kube_np_dir_name(d), self->id, self->n_pols[d], self->n_pols[d] == 1 ? "y" : "ies",
	        self->n_pols[d] == 1 ? "s" : "", kube_ports_empty(&s->ports) ? "nothing" : ports,
	        d == KUBE_NP_INGRESS ? "from" : "to", peer->id);
	free(ports);
	for (size_t i = 0; i < self->n_pols[d]; i++) {
		size_t pi = self->pols[d][i];
		const struct kube_netpol *p = &m->pols[pi];
		size_t shown = 0;

		fprintf(out, "  NetworkPolicy '%s' (%s:%d): ", p->obj->name,
		        kube_np_obj_file(p->obj), kube_np_obj_line(p->obj));
		for (size_t h = 0; h < s->n_hits; h++) {
			const struct kube_np_hit *hit = &s->hits[h];
			const struct kube_np_rule *r;
			struct vakt_buf miss = VAKT_BUF_INIT;
			char *hp;

			if (hit->pol != pi)
				continue;
			r = &p->rules[d][hit->rule];
			fputs(shown++ ? "; " : "", out);
			if (kube_ports_empty(&hit->ports)) {
				np_missing_names(r, dst, &miss);
				fprintf(
				    out,
				    "%s rule %zu admits %s, but none of its ports applies%s%s%s",
				    kube_np_dir_name(d), r->index + 1, peer->id,
				    miss.len ? " (no container port named " : "",
				    vakt_buf_str(&miss), miss.len ? ")" : "");
				vakt_buf_release(&miss);
				continue;
			}
			hp = kube_np_ports_str(&hit->ports);
			fprintf(out, "%s rule %zu admits %s on %s", kube_np_dir_name(d),
			        r->index + 1, peer->id, hp);
			free(hp);
		}
		if (!shown && p->n_rules[d])
			fprintf(out, "no %s rule admits %s", kube_np_dir_name(d), peer->id);
		else if (!shown)
			fprintf(out, "no %s rules, so it admits nothing", kube_np_dir_name(d));
		fputc('\n', out);
	}
	if (!m->nss[peer->ns].decl && peer->ns != self->ns)
		fprintf(out,
		        "  (namespace '%s' is not declared in the input: only its label "
		        "kubernetes.io/metadata.name is known to namespaceSelectors)\n",
		        m->nss[peer->ns].name);
}

void kube_np_write_explain(FILE *out, const struct kube_netpol_model *m, size_t src, size_t dst)
{
	struct kube_np_verdict v;
	char *ports;

	kube_netpol_decide(m, src, dst, &v);
	ports = kube_np_ports_str(&v.ports);
	if (kube_np_verdict_allowed(&v))
		fprintf(out, "%s -> %s: allowed on %s\n\n", m->wls[src].id, m->wls[dst].id, ports);
	else
		fprintf(out, "%s -> %s: denied\n\n", m->wls[src].id, m->wls[dst].id);
	np_explain_side(out, m, &v, KUBE_NP_INGRESS);
	np_explain_side(out, m, &v, KUBE_NP_EGRESS);
	if (!kube_np_verdict_allowed(&v) && !kube_ports_empty(&v.side[0].ports) &&
	    !kube_ports_empty(&v.side[1].ports))
		fputs("the ports ingress allows and the ports egress allows do not overlap\n", out);
	for (size_t i = 0; i < 2; i++) {
		size_t w = i ? dst : src;

		if (m->wls[w].host_network && (i == 0 || dst != src))
			fprintf(out,
			        "note: %s uses hostNetwork; whether policies apply to it depends "
			        "on the CNI plugin\n",
			        m->wls[w].id);
	}
	free(ports);
	kube_np_verdict_release(&v);
}
