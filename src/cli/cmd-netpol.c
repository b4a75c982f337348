/* SPDX-License-Identifier: MIT */
/*
 * vakt netpol: which workloads can reach which, from the NetworkPolicies and
 * pod labels of a set of manifests (src/kube/kube-netpol.h decides). Prints a
 * table, JSON, Graphviz DOT, or SVG through Graphviz's `dot` when installed;
 * --from and --to answer one question with the policies that decide it.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "core/scan.h"
#include "core/source.h"
#include "core/walk.h"
#include "kube/kube-netpol.h"

/* The Kubernetes domain (src/kube/kube-scan.c): its file names are ours. */
extern const struct vakt_domain kube_domain;

/* The Graphviz program --format svg runs (looked up in PATH). */
#define NETPOL_DOT_PROGRAM "dot"
/* Longest workload id printed in a table column before the column stops growing. */
#define NETPOL_MAX_COLUMN 60

enum netpol_format {
	NETPOL_TEXT,
	NETPOL_JSON,
	NETPOL_DOT,
	NETPOL_SVG,
};

enum {
	OPT_FORMAT = 256,
	OPT_OUTPUT,
	OPT_FROM,
	OPT_TO,
};

const struct cli_option cmd_netpol_options[] = {
    {"format", 'f', "FORMAT",
     "text (default), json, dot (Graphviz), svg (needs Graphviz's dot installed)", OPT_FORMAT},
    {"output", 'o', "FILE", "write to FILE instead of standard output", OPT_OUTPUT},
    {"from", 0, "WORKLOAD",
     "only connections from WORKLOAD (Kind/namespace/name, namespace/name or name)", OPT_FROM},
    {"to", 0, "WORKLOAD", "only connections to WORKLOAD; with --from, explain the decision",
     OPT_TO},
    CLI_OPTION_LIMIT,
    {NULL, 0, NULL, NULL, 0},
};

struct netpol_args {
	enum netpol_format format;
	const char *output;
	const char *from;
	const char *to;
	struct vakt_limits limits;
};

static int netpol_on_opt(int id, const char *arg, void *data)
{
	static const char *const names[] = {"text", "json", "dot", "svg"};
	struct netpol_args *a = data;
	size_t i;

	switch (id) {
	case OPT_FORMAT:
		for (i = 0; i < VAKT_ARRAY_SIZE(names); i++)
			if (!vakt_strcasecmp(arg, names[i]))
				break;
		if (i == VAKT_ARRAY_SIZE(names)) {
			cli_error("unknown format '%s' (expected text, json, dot or svg)", arg);
			return CLI_EXIT_USAGE;
		}
		a->format = (enum netpol_format)i;
		break;
	case OPT_OUTPUT:
		a->output = arg;
		break;
	case OPT_FROM:
		a->from = arg;
		break;
	case OPT_TO:
		a->to = arg;
		break;
	case CLI_OPT_LIMIT:
		return cli_parse_limit(&a->limits, arg);
	}
	return 0;
}

/* --- loading ---------------------------------------------------------------- */

struct netpol_load {
	struct kube_set set;
	struct vakt_error_list errs;
	size_t files;
	const struct vakt_limits *limits;
};

static void netpol_load_file(struct netpol_load *l, const char *path)
{
	struct vakt_source *src = NULL;
	struct vakt_error *err = NULL;

	const struct vakt_limits *lim = l->limits;
	int r = vakt_source_read(path, lim->v[VAKT_LIMIT_FILE_SIZE], &src, &err);

	if (r == -EFBIG)
		vakt_error_suffix(err, "; %s", vakt_limit_hint(VAKT_LIMIT_FILE_SIZE));
	else if (r == 0 && vakt_source_check_text(src, lim->v[VAKT_LIMIT_LINE_LENGTH], &err) < 0 &&
	         err->code == -EFBIG)
		vakt_error_suffix(err, "; %s", vakt_limit_hint(VAKT_LIMIT_LINE_LENGTH));
	if (err) {
		vakt_source_free(src);
		vakt_error_list_add(&l->errs, err);
		return;
	}
	l->files++;
	kube_set_load(&l->set, src, &l->errs);
}

static int netpol_on_file(const char *path, int dfd, const char *name, void *data)
{
	const char *base = strrchr(path, '/');

	if (kube_domain.match_name && kube_domain.match_name(path, base ? base + 1 : path))
		netpol_load_file(data, path);
	return 0;
}

static void netpol_on_error(struct vakt_error *err, void *data)
{
	struct netpol_load *l = data;

	vakt_error_list_add(&l->errs, err);
}

/* A directory is walked for manifests; a named file is read whatever its name. */
static void netpol_load_path(struct netpol_load *l, const char *path)
{
	struct vakt_walk w = {netpol_on_file,
	                      netpol_on_error,
	                      NULL,
	                      l,
	                      (int)l->limits->v[VAKT_LIMIT_WALK_DEPTH],
	                      vakt_limit_hint(VAKT_LIMIT_WALK_DEPTH)};
	struct stat st;

	if (strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		vakt_walk_dir(path, &w);
	else
		netpol_load_file(l, path);
}

/* --- naming workloads --------------------------------------------------------- */

static const char *netpol_file(const struct kube_object *o)
{
	return o->file ? o->file : "-";
}

static int netpol_line(const struct kube_object *o)
{
	return o->node ? o->node->line : 0;
}

/* Whether spec names w: "Kind/ns/name", "ns/name", "Kind/name" or "name". */
static bool netpol_names(const struct kube_netpol_model *m, const struct kube_np_workload *w,
                         const char *spec)
{
	const char *kind = w->obj->kind_name ? w->obj->kind_name : "";
	const char *ns = m->nss[w->ns].name, *name = w->obj->name;
	const char *s1 = strchr(spec, '/'), *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
	size_t l1 = s1 ? (size_t)(s1 - spec) : 0;

	if (!s1)
		return !strcmp(spec, name);
	if (s2) {
		size_t l2 = (size_t)(s2 - s1 - 1);

		return l1 == strlen(kind) && !vakt_strncasecmp(spec, kind, l1) &&
		       l2 == strlen(ns) && !strncmp(s1 + 1, ns, l2) && !strcmp(s2 + 1, name);
	}
	if (strcmp(s1 + 1, name))
		return false;
	return (l1 == strlen(ns) && !strncmp(spec, ns, l1)) ||
	       (l1 == strlen(kind) && !vakt_strncasecmp(spec, kind, l1));
}

/* The workload spec names, or SIZE_MAX after printing why not. */
static size_t netpol_find(const struct kube_netpol_model *m, const char *opt, const char *spec)
{
	size_t hit = SIZE_MAX, n = 0;
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < m->n_wls; i++) {
		if (!netpol_names(m, &m->wls[i], spec))
			continue;
		vakt_buf_addf(&b, "%s%s (%s:%d)", n ? ", " : "", m->wls[i].id,
		              netpol_file(m->wls[i].obj), netpol_line(m->wls[i].obj));
		if (!n++)
			hit = i;
	}
	if (n == 0)
		cli_error("%s: no workload '%s' in the input (%zu workload%s found)", opt, spec,
		          m->n_wls, m->n_wls == 1 ? "" : "s");
	else if (n > 1)
		cli_error("%s: '%s' names %zu workloads: %s", opt, spec, n, vakt_buf_str(&b));
	vakt_buf_release(&b);
	return n == 1 ? hit : SIZE_MAX;
}

/* --- shared pieces ---------------------------------------------------------------- */

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

static void netpol_view_build(struct netpol_view *v, const struct kube_netpol_model *m)
{
	v->m = m;
	for (int d = 0; d < KUBE_NP_DIRS; d++) {
		v->ext[d] = vakt_xcalloc(m->n_wls + 1, sizeof(*v->ext[d]));
		for (size_t i = 0; i < m->n_wls; i++)
			kube_netpol_external(m, i, d, &v->ext[d][i]);
	}
	v->open = vakt_xcalloc(m->n_wls + 1, sizeof(*v->open));
	v->open_ports = vakt_xcalloc(m->n_wls + 1, sizeof(*v->open_ports));
	v->open_pol = vakt_xcalloc(m->n_wls + 1, sizeof(*v->open_pol));
	for (size_t i = 0; i < m->n_wls; i++)
		v->open[i] = kube_netpol_open_to_all(m, i, &v->open_ports[i], &v->open_pol[i]);
}

static void netpol_view_release(struct netpol_view *v)
{
	for (size_t i = 0; v->m && i < v->m->n_wls; i++) {
		for (int d = 0; d < KUBE_NP_DIRS; d++)
			kube_np_external_release(&v->ext[d][i]);
		kube_ports_release(&v->open_ports[i]);
	}
	for (int d = 0; d < KUBE_NP_DIRS; d++)
		free(v->ext[d]);
	free(v->open);
	free(v->open_ports);
	free(v->open_pol);
	kube_np_edges_free(v->edges, v->n_edges);
}

static bool netpol_shows(const struct netpol_view *v, size_t src, size_t dst)
{
	return (v->from == SIZE_MAX || v->from == src) && (v->to == SIZE_MAX || v->to == dst);
}

/* External rows: ingress from outside to w is (SIZE_MAX, w); egress is (w, SIZE_MAX). */
static bool netpol_shows_ext(const struct netpol_view *v, enum kube_np_dir d, size_t w)
{
	if (kube_ports_empty(&v->ext[d][w].ports))
		return false;
	if (d == KUBE_NP_INGRESS)
		return v->from == SIZE_MAX && (v->to == SIZE_MAX || v->to == w);
	return v->to == SIZE_MAX && (v->from == SIZE_MAX || v->from == w);
}

static char *netpol_ports_str(const struct kube_ports *p)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	kube_ports_format(p, &b);
	return vakt_buf_detach(&b);
}

static char *netpol_addrs_str(const struct kube_np_external *x)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	if (x->any_address)
		vakt_buf_adds(&b, "any address");
	for (size_t i = 0; !x->any_address && i < x->cidrs.n; i++)
		vakt_buf_addf(&b, "%s%s", i ? "; " : "", x->cidrs.v[i]);
	return vakt_buf_detach(&b);
}

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

static void netpol_write_text(FILE *out, const struct netpol_view *v)
{
	const struct kube_netpol_model *m = v->m;
	struct netpol_row *rows = NULL;
	size_t n = 0, cap = 0, wf = 4, wt = 2, n_open = 0, n_host = 0;
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

	for (size_t i = 0; i < m->n_wls; i++) {
		char *p;

		/* A property of the destination: shown unless --from narrows to one source. */
		if (!v->open[i] || v->from != SIZE_MAX || (v->to != SIZE_MAX && v->to != i))
			continue;
		if (!n_open++)
			fputs("\nevery pod can reach (as far as its own egress policies allow):\n",
			      out);
		p = netpol_ports_str(&v->open_ports[i]);
		fprintf(out, "  %s on %s", m->wls[i].id, p);
		free(p);
		if (v->open_pol[i] == SIZE_MAX)
			fputs(" (no NetworkPolicy isolates it for ingress)\n", out);
		else
			fprintf(out, " (NetworkPolicy '%s' admits every pod)\n",
			        m->pols[v->open_pol[i]].obj->name);
	}
	for (size_t i = 0; i < m->n_wls; i++) {
		if (!m->wls[i].host_network || (v->from != SIZE_MAX && v->from != i) ||
		    (v->to != SIZE_MAX && v->to != i))
			continue;
		if (!n_host++)
			fputs("\nhostNetwork workloads (policies may not apply to them; it depends "
			      "on "
			      "the CNI plugin):\n",
			      out);
		fprintf(out, "  %s\n", m->wls[i].id);
	}
	fprintf(out,
	        "\n%zu workload%s, %zu NetworkPolic%s, %zu namespace%s; %zu of %zu pairs "
	        "allowed\n",
	        m->n_wls, m->n_wls == 1 ? "" : "s", m->n_pols, m->n_pols == 1 ? "y" : "ies",
	        m->n_nss, m->n_nss == 1 ? "" : "s", v->n_edges, m->n_wls * m->n_wls);
}

/* --- explanation (--from and --to) ---------------------------------------------- */

/* Named ports of rule r that dst has no container port for, into b. */
static void netpol_missing_names(const struct kube_np_rule *r, const struct kube_np_workload *dst,
                                 struct vakt_buf *b)
{
	for (size_t i = 0; i < r->n_ports; i++) {
		const struct kube_np_port *p = &r->ports[i];
		bool found = false;

		if (!p->valid || !p->name)
			continue;
		for (size_t j = 0; j < dst->n_ports; j++)
			if (dst->ports[j].name && !strcmp(dst->ports[j].name, p->name) &&
			    dst->ports[j].proto == p->proto)
				found = true;
		if (!found)
			vakt_buf_addf(b, "%s'%s'", b->len ? ", " : "", p->name);
	}
}

static void netpol_explain_side(FILE *out, const struct kube_netpol_model *m,
                                const struct kube_np_verdict *v, enum kube_np_dir d)
{
	const struct kube_np_side *s = &v->side[d];
	const struct kube_np_workload *self = &m->wls[d == KUBE_NP_INGRESS ? v->dst : v->src];
	const struct kube_np_workload *peer = &m->wls[d == KUBE_NP_INGRESS ? v->src : v->dst];
	const struct kube_np_workload *dst = &m->wls[v->dst];
	char *ports = netpol_ports_str(&s->ports);

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

		fprintf(out, "  NetworkPolicy '%s' (%s:%d): ", p->obj->name, netpol_file(p->obj),
		        netpol_line(p->obj));
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
				netpol_missing_names(r, dst, &miss);
				fprintf(
				    out,
				    "%s rule %zu admits %s, but none of its ports applies%s%s%s",
				    kube_np_dir_name(d), r->index + 1, peer->id,
				    miss.len ? " (no container port named " : "",
				    vakt_buf_str(&miss), miss.len ? ")" : "");
				vakt_buf_release(&miss);
				continue;
			}
			hp = netpol_ports_str(&hit->ports);
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

static void netpol_write_explain(FILE *out, const struct kube_netpol_model *m, size_t src,
                                 size_t dst)
{
	struct kube_np_verdict v;
	char *ports;

	kube_netpol_decide(m, src, dst, &v);
	ports = netpol_ports_str(&v.ports);
	if (kube_np_verdict_allowed(&v))
		fprintf(out, "%s -> %s: allowed on %s\n\n", m->wls[src].id, m->wls[dst].id, ports);
	else
		fprintf(out, "%s -> %s: denied\n\n", m->wls[src].id, m->wls[dst].id);
	netpol_explain_side(out, m, &v, KUBE_NP_INGRESS);
	netpol_explain_side(out, m, &v, KUBE_NP_EGRESS);
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

/* --- JSON ------------------------------------------------------------------------- */

static json_t *js(const char *s)
{
	json_t *j = json_string(s ? s : "");

	/* Input is checked UTF-8; this only guards against a NUL inside a scalar. */
	return j ? j : json_string("");
}

static json_t *netpol_json_ports(const struct kube_ports *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "protocol", js(kube_proto_name(p->v[i].proto)));
		json_object_set_new(o, "port", json_integer(p->v[i].lo));
		json_object_set_new(o, "end_port", json_integer(p->v[i].hi));
		json_array_append_new(a, o);
	}
	return a;
}

static void netpol_json_set_ports(json_t *o, const struct kube_ports *p)
{
	json_object_set_new(o, "all_ports", json_boolean(kube_ports_all(p)));
	json_object_set_new(o, "ports", netpol_json_ports(p));
}

static json_t *netpol_json_where(const struct kube_object *o, json_t *j)
{
	json_object_set_new(j, "file", js(netpol_file(o)));
	json_object_set_new(j, "line", json_integer(netpol_line(o)));
	return j;
}

static json_t *netpol_json_policy_names(const struct kube_netpol_model *m, const size_t *v,
                                        size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, js(m->pols[v[i]].obj->name));
	return a;
}

static json_t *netpol_json_side(const struct kube_netpol_model *m, const struct kube_np_verdict *v,
                                enum kube_np_dir d)
{
	const struct kube_np_side *s = &v->side[d];
	const struct kube_np_workload *self = &m->wls[d == KUBE_NP_INGRESS ? v->dst : v->src];
	json_t *o = json_object(), *pols = json_array();

	json_object_set_new(o, "workload", js(self->id));
	json_object_set_new(o, "isolated", json_boolean(s->isolated));
	netpol_json_set_ports(o, &s->ports);
	for (size_t i = 0; i < self->n_pols[d]; i++) {
		const struct kube_netpol *p = &m->pols[self->pols[d][i]];
		json_t *po = json_object(), *rules = json_array();

		json_object_set_new(po, "name", js(p->obj->name));
		json_object_set_new(po, "namespace", js(m->nss[p->ns].name));
		netpol_json_where(p->obj, po);
		for (size_t h = 0; h < s->n_hits; h++) {
			json_t *r;

			if (s->hits[h].pol != self->pols[d][i])
				continue;
			r = json_object();
			json_object_set_new(
			    r, "rule",
			    json_integer((json_int_t)p->rules[d][s->hits[h].rule].index + 1));
			netpol_json_set_ports(r, &s->hits[h].ports);
			json_array_append_new(rules, r);
		}
		json_object_set_new(po, "admitting_rules", rules);
		json_array_append_new(pols, po);
	}
	json_object_set_new(o, "policies", pols);
	return o;
}

static json_t *netpol_json_explain(const struct kube_netpol_model *m, size_t src, size_t dst)
{
	struct kube_np_verdict v;
	json_t *o = json_object();

	kube_netpol_decide(m, src, dst, &v);
	json_object_set_new(o, "from", js(m->wls[src].id));
	json_object_set_new(o, "to", js(m->wls[dst].id));
	json_object_set_new(o, "allowed", json_boolean(kube_np_verdict_allowed(&v)));
	netpol_json_set_ports(o, &v.ports);
	json_object_set_new(o, "ingress", netpol_json_side(m, &v, KUBE_NP_INGRESS));
	json_object_set_new(o, "egress", netpol_json_side(m, &v, KUBE_NP_EGRESS));
	kube_np_verdict_release(&v);
	return o;
}

static json_t *netpol_json_labels(const struct kube_labels *l)
{
	json_t *o = json_object();

	for (size_t i = 0; i < l->n; i++)
		json_object_set_new(o, l->v[i].key, js(l->v[i].value));
	return o;
}

static json_t *netpol_json_model(const struct netpol_view *v)
{
	const struct kube_netpol_model *m = v->m;
	json_t *root = json_object(), *nss = json_array(), *wls = json_array();
	json_t *pols = json_array(), *edges = json_array(), *ext = json_array();

	for (size_t i = 0; i < m->n_nss; i++) {
		const struct kube_np_namespace *ns = &m->nss[i];
		json_t *o = json_object();

		json_object_set_new(o, "name", js(ns->name));
		json_object_set_new(o, "declared", json_boolean(ns->decl != NULL));
		json_object_set_new(o, "default_deny_ingress",
		                    json_boolean(ns->deny[KUBE_NP_INGRESS] != SIZE_MAX));
		json_object_set_new(o, "default_deny_egress",
		                    json_boolean(ns->deny[KUBE_NP_EGRESS] != SIZE_MAX));
		json_object_set_new(o, "labels", netpol_json_labels(&ns->labels));
		json_array_append_new(nss, o);
	}
	for (size_t i = 0; i < m->n_wls; i++) {
		const struct kube_np_workload *w = &m->wls[i];
		json_t *o = json_object(), *open = json_object();

		json_object_set_new(o, "id", js(w->id));
		json_object_set_new(o, "kind", js(w->obj->kind_name));
		json_object_set_new(o, "namespace", js(m->nss[w->ns].name));
		json_object_set_new(o, "name", js(w->obj->name));
		netpol_json_where(w->obj, o);
		json_object_set_new(o, "labels", netpol_json_labels(&w->labels));
		json_object_set_new(o, "host_network", json_boolean(w->host_network));
		json_object_set_new(o, "ingress_isolated",
		                    json_boolean(w->n_pols[KUBE_NP_INGRESS] > 0));
		json_object_set_new(o, "egress_isolated",
		                    json_boolean(w->n_pols[KUBE_NP_EGRESS] > 0));
		json_object_set_new(o, "ingress_policies",
		                    netpol_json_policy_names(m, w->pols[KUBE_NP_INGRESS],
		                                             w->n_pols[KUBE_NP_INGRESS]));
		json_object_set_new(o, "egress_policies",
		                    netpol_json_policy_names(m, w->pols[KUBE_NP_EGRESS],
		                                             w->n_pols[KUBE_NP_EGRESS]));
		json_object_set_new(open, "reachable", json_boolean(v->open[i]));
		netpol_json_set_ports(open, &v->open_ports[i]);
		json_object_set_new(o, "every_pod", open);
		json_array_append_new(wls, o);
	}
	for (size_t i = 0; i < m->n_pols; i++) {
		const struct kube_netpol *p = &m->pols[i];
		json_t *o = json_object(), *types = json_array();
		json_t *sel = json_array();
		const struct kube_np_namespace *ns = &m->nss[p->ns];

		json_object_set_new(o, "name", js(p->obj->name));
		json_object_set_new(o, "namespace", js(ns->name));
		netpol_json_where(p->obj, o);
		for (int d = 0; d < KUBE_NP_DIRS; d++)
			if (p->types[d])
				json_array_append_new(types, js(kube_np_dir_type(d)));
		json_object_set_new(o, "policy_types", types);
		json_object_set_new(o, "default_deny_ingress",
		                    json_boolean(kube_netpol_is_default_deny(p, KUBE_NP_INGRESS)));
		json_object_set_new(o, "default_deny_egress",
		                    json_boolean(kube_netpol_is_default_deny(p, KUBE_NP_EGRESS)));
		for (size_t j = 0; j < p->n_selected; j++)
			json_array_append_new(sel, js(m->wls[p->selected[j]].id));
		json_object_set_new(o, "selects", sel);
		json_array_append_new(pols, o);
	}
	for (size_t i = 0; i < v->n_edges; i++) {
		const struct kube_np_edge *e = &v->edges[i];
		json_t *o;

		if (!netpol_shows(v, e->src, e->dst))
			continue;
		o = json_object();
		json_object_set_new(o, "from", js(m->wls[e->src].id));
		json_object_set_new(o, "to", js(m->wls[e->dst].id));
		netpol_json_set_ports(o, &e->ports);
		json_array_append_new(edges, o);
	}
	for (int d = 0; d < KUBE_NP_DIRS; d++) {
		for (size_t i = 0; i < m->n_wls; i++) {
			const struct kube_np_external *x = &v->ext[d][i];
			json_t *o, *cidrs;

			if (!netpol_shows_ext(v, d, i))
				continue;
			o = json_object();
			cidrs = json_array();
			json_object_set_new(o, "direction", js(kube_np_dir_name(d)));
			json_object_set_new(o, "workload", js(m->wls[i].id));
			json_object_set_new(o, "any_address", json_boolean(x->any_address));
			for (size_t k = 0; k < x->cidrs.n; k++)
				json_array_append_new(cidrs, js(x->cidrs.v[k]));
			json_object_set_new(o, "ip_blocks", cidrs);
			netpol_json_set_ports(o, &x->ports);
			json_array_append_new(ext, o);
		}
	}
	json_object_set_new(root, "namespaces", nss);
	json_object_set_new(root, "workloads", wls);
	json_object_set_new(root, "policies", pols);
	json_object_set_new(root, "edges", edges);
	json_object_set_new(root, "external", ext);
	return root;
}

static int netpol_write_json(FILE *out, json_t *root)
{
	int r = json_dumpf(root, out, JSON_INDENT(2));

	json_decref(root);
	if (r == 0)
		fputc('\n', out);
	return r;
}

/* --- DOT ------------------------------------------------------------------------- */

/* A DOT double-quoted string: quotes, backslashes and line breaks escaped. */
static void dot_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if (*s == '\n' || *s == '\r')
			fputs("\\n", out);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static void netpol_write_dot(FILE *out, const struct netpol_view *v)
{
	const struct kube_netpol_model *m = v->m;
	bool outside = false;

	fputs("digraph netpol {\n"
	      "\trankdir=LR;\n"
	      "\tnode [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
	      "\tedge [fontname=\"Helvetica\", fontsize=10];\n",
	      out);
	for (size_t n = 0; n < m->n_nss; n++) {
		const struct kube_np_namespace *ns = &m->nss[n];

		if (!ns->n_workloads)
			continue;
		fprintf(out, "\tsubgraph cluster_%zu {\n\t\tlabel=", n);
		{
			char *l = vakt_xasprintf("namespace %s", ns->name);

			dot_str(out, l);
			free(l);
		}
		fputs(";\n", out);
		for (size_t i = ns->wl_first; i < ns->wl_first + ns->n_workloads; i++) {
			const struct kube_np_workload *w = &m->wls[i];
			char *l = vakt_xasprintf("%s\n%s%s", w->obj->kind_name, w->obj->name,
			                         v->open[i] ? "\n(every pod can reach)" : "");

			fprintf(out, "\t\tw%zu [label=", i);
			dot_str(out, l);
			fputs(", tooltip=", out);
			dot_str(out, w->id);
			if (v->open[i])
				fputs(", color=red, penwidth=2", out);
			if (w->host_network)
				fputs(", style=\"rounded,dashed\"", out);
			fputs("];\n", out);
			free(l);
		}
		fputs("\t}\n", out);
	}
	for (int d = 0; d < KUBE_NP_DIRS; d++)
		for (size_t i = 0; i < m->n_wls; i++)
			outside = outside || netpol_shows_ext(v, d, i);
	if (outside)
		fputs("\toutside [label=\"outside the cluster\", shape=ellipse];\n", out);
	for (size_t i = 0; i < v->n_edges; i++) {
		const struct kube_np_edge *e = &v->edges[i];
		char *p;

		if (!netpol_shows(v, e->src, e->dst))
			continue;
		p = netpol_ports_str(&e->ports);
		fprintf(out, "\tw%zu -> w%zu [label=", e->src, e->dst);
		dot_str(out, p);
		fputs("];\n", out);
		free(p);
	}
	for (int d = 0; d < KUBE_NP_DIRS; d++) {
		for (size_t i = 0; i < m->n_wls; i++) {
			char *p, *a, *l;

			if (!netpol_shows_ext(v, d, i))
				continue;
			p = netpol_ports_str(&v->ext[d][i].ports);
			a = netpol_addrs_str(&v->ext[d][i]);
			l = v->ext[d][i].any_address ? vakt_xstrdup(p)
			                             : vakt_xasprintf("%s\n%s", p, a);
			if (d == KUBE_NP_INGRESS)
				fprintf(out, "\toutside -> w%zu [style=dashed, label=", i);
			else
				fprintf(out, "\tw%zu -> outside [style=dashed, label=", i);
			dot_str(out, l);
			fputs("];\n", out);
			free(p);
			free(a);
			free(l);
		}
	}
	fputs("}\n", out);
}

/* --- SVG through Graphviz ------------------------------------------------------------ */

/* Whether prog is an executable file in one of PATH's directories. */
static bool netpol_in_path(const char *prog)
{
	const char *dir = getenv("PATH");
	bool found = false;

	while (dir && *dir && !found) {
		const char *end = strchr(dir, ':');
		size_t n = end ? (size_t)(end - dir) : strlen(dir);
		/* An empty entry means the current directory. */
		char *p = vakt_xasprintf("%.*s/%s", (int)(n ? n : 1), n ? dir : ".", prog);
		struct stat st;

		found = stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
		free(p);
		dir = end ? end + 1 : NULL;
	}
	return found;
}

/* Render dot_src[0..len) to SVG on out with `dot -Tsvg`. 0, or an exit code. */
static int netpol_render_svg(FILE *out, const char *dot_src, size_t len)
{
	char *argv[] = {(char *)NETPOL_DOT_PROGRAM, (char *)"-Tsvg", NULL};
	posix_spawn_file_actions_t fa;
	void (*old)(int);
	int fds[2], status = 0, r;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0) {
		cli_error("cannot run '%s': %s", NETPOL_DOT_PROGRAM, strerror(errno));
		return CLI_EXIT_ENVIRONMENT;
	}
	fflush(out);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, fileno(out), STDOUT_FILENO);
	r = posix_spawnp(&pid, NETPOL_DOT_PROGRAM, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[0]);
	if (r != 0) {
		close(fds[1]);
		cli_error("cannot run '%s': %s", NETPOL_DOT_PROGRAM, strerror(r));
		return CLI_EXIT_ENVIRONMENT;
	}
	/* dot may exit early; its status tells, not a SIGPIPE. */
	old = signal(SIGPIPE, SIG_IGN);
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fds[1], dot_src + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fds[1]);
	signal(SIGPIPE, old);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		cli_error("'%s -Tsvg' failed (status %d)", NETPOL_DOT_PROGRAM,
		          WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return CLI_EXIT_ENVIRONMENT;
	}
	return 0;
}

/* --- the command ---------------------------------------------------------------------- */

/*
 * Copy text to out with unsafe characters other than newline and tab shown as
 * '?': names come from the input, and an escape sequence must not reach a
 * terminal. buf[len] is NUL; a NUL inside (a YAML "\0" escape) shows as '?'.
 */
static void netpol_put_clean(FILE *out, const char *buf, size_t len)
{
	size_t off = 0;

	for (;;) {
		vakt_fputs_safe(out, buf + off, VAKT_SAFE_KEEP_NEWLINES);
		off += strlen(buf + off);
		if (off >= len)
			break;
		fputc('?', out);
		off++;
	}
}

static int netpol_output(FILE *out, const struct netpol_args *a, struct netpol_view *v)
{
	const struct kube_netpol_model *m = v->m;
	bool explain = v->from != SIZE_MAX && v->to != SIZE_MAX;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;
	int r = 0;

	if (a->format == NETPOL_JSON)
		return netpol_write_json(out, explain ? netpol_json_explain(m, v->from, v->to)
		                                      : netpol_json_model(v))
		           ? CLI_EXIT_ENVIRONMENT
		           : 0;
	/* Text and DOT are built in memory, then cleaned (or rendered). */
	mem = open_memstream(&buf, &len);
	if (!mem) {
		cli_error("cannot write the output: %s", strerror(errno));
		return CLI_EXIT_ENVIRONMENT;
	}
	if (a->format == NETPOL_TEXT && explain)
		netpol_write_explain(mem, m, v->from, v->to);
	else if (a->format == NETPOL_TEXT)
		netpol_write_text(mem, v);
	else
		netpol_write_dot(mem, v);
	if (fclose(mem) != 0) {
		free(buf);
		cli_error("cannot write the output: %s", strerror(errno));
		return CLI_EXIT_ENVIRONMENT;
	}
	if (a->format == NETPOL_SVG)
		r = netpol_render_svg(out, buf, len);
	else
		netpol_put_clean(out, buf, len);
	free(buf);
	return r;
}

int cmd_netpol(const struct cli_command *cmd, int argc, char **argv)
{
	struct netpol_args a = {.format = NETPOL_TEXT};
	struct netpol_load l = {.limits = &a.limits};
	struct kube_netpol_model m = {0};
	struct netpol_view v = {.from = SIZE_MAX, .to = SIZE_MAX};
	struct vakt_error *err = NULL;
	FILE *out = stdout;
	int first, r;

	vakt_limits_init(&a.limits);
	r = cli_parse(cmd, argc, argv, netpol_on_opt, &a, &first);
	if (r) {
		r = r < 0 ? CLI_EXIT_OK : r;
		goto out;
	}
	if (a.format == NETPOL_SVG && !netpol_in_path(NETPOL_DOT_PROGRAM)) {
		cli_error("cannot write SVG: Graphviz's '%s' is not installed (Debian: apt-get "
		          "install graphviz); '--format dot' writes the graph for it",
		          NETPOL_DOT_PROGRAM);
		r = CLI_EXIT_ENVIRONMENT;
		goto out;
	}
	if (first < argc)
		for (int i = first; i < argc; i++)
			netpol_load_path(&l, argv[i]);
	else
		netpol_load_path(&l, ".");
	for (size_t i = 0; i < l.errs.n; i++) {
		char *msg = vakt_error_format(l.errs.v[i]);

		cli_error("%s", msg);
		free(msg);
	}

	kube_netpol_model_build(&m, &l.set);
	if (a.from && (v.from = netpol_find(&m, "--from", a.from)) == SIZE_MAX) {
		r = CLI_EXIT_USAGE;
		goto out;
	}
	if (a.to && (v.to = netpol_find(&m, "--to", a.to)) == SIZE_MAX) {
		r = CLI_EXIT_USAGE;
		goto out;
	}
	/* One question needs one verdict, not all N * N of them. */
	if ((v.from == SIZE_MAX || v.to == SIZE_MAX) &&
	    kube_netpol_edges(&m, &v.edges, &v.n_edges, &err) < 0) {
		cli_error("%s; --from and --to answer one question at any size", err->msg);
		vakt_error_free(err);
		r = CLI_EXIT_INPUT;
		goto out;
	}
	netpol_view_build(&v, &m);

	if (a.output) {
		out = fopen(a.output, "we");
		if (!out) {
			cli_error("cannot write '%s': %s", a.output, strerror(errno));
			r = CLI_EXIT_ENVIRONMENT;
			goto out;
		}
	}
	r = netpol_output(out, &a, &v);
	if (!r && (fflush(out) != 0 || ferror(out))) {
		cli_error("cannot write the output%s%s: %s", a.output ? " to " : "",
		          a.output ? a.output : "", strerror(errno));
		r = CLI_EXIT_ENVIRONMENT;
	}
	if (!r && l.errs.n)
		r = CLI_EXIT_INPUT;
out:
	if (out && out != stdout && fclose(out) != 0 && r != CLI_EXIT_ENVIRONMENT) {
		cli_error("cannot write '%s': %s", a.output, strerror(errno));
		r = CLI_EXIT_ENVIRONMENT;
	}
	netpol_view_release(&v);
	kube_netpol_model_release(&m);
	kube_set_release(&l.set);
	vakt_error_list_release(&l.errs);
	return r;
}
