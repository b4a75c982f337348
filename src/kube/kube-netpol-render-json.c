/* SPDX-License-Identifier: MIT */
/*
 * vakt netpol's JSON (kube-netpol-render.h): the model (namespaces,
 * workloads, policies, the allowed pairs and external rows the filters let
 * through), or with --from and --to the explanation of that one decision.
 * docs/netpol.md describes the fields.
 */
#include <jansson.h>
#include <stdint.h>

#include "kube-netpol-render.h"

static json_t *js(const char *s)
{
	json_t *j = json_string(s ? s : "");

	/* Input is checked UTF-8; this only guards against a NUL inside a scalar. */
	return j ? j : json_string("");
}

static json_t *np_json_ports(const struct kube_ports *p)
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

static void np_json_set_ports(json_t *o, const struct kube_ports *p)
{
	json_object_set_new(o, "all_ports", json_boolean(kube_ports_all(p)));
	json_object_set_new(o, "ports", np_json_ports(p));
}

static json_t *np_json_where(const struct kube_object *o, json_t *j)
{
	json_object_set_new(j, "file", js(kube_np_obj_file(o)));
	json_object_set_new(j, "line", json_integer(kube_np_obj_line(o)));
	return j;
}

static json_t *np_json_policy_names(const struct kube_netpol_model *m, const size_t *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, js(m->pols[v[i]].obj->name));
	return a;
}

static json_t *np_json_side(const struct kube_netpol_model *m, const struct kube_np_verdict *v,
                            enum kube_np_dir d)
{
	const struct kube_np_side *s = &v->side[d];
	const struct kube_np_workload *self = &m->wls[d == KUBE_NP_INGRESS ? v->dst : v->src];
	json_t *o = json_object(), *pols = json_array();

	json_object_set_new(o, "workload", js(self->id));
	json_object_set_new(o, "isolated", json_boolean(s->isolated));
	np_json_set_ports(o, &s->ports);
	for (size_t i = 0; i < self->n_pols[d]; i++) {
		const struct kube_netpol *p = &m->pols[self->pols[d][i]];
		json_t *po = json_object(), *rules = json_array();

		json_object_set_new(po, "name", js(p->obj->name));
		json_object_set_new(po, "namespace", js(m->nss[p->ns].name));
		np_json_where(p->obj, po);
		for (size_t h = 0; h < s->n_hits; h++) {
			json_t *r;

			if (s->hits[h].pol != self->pols[d][i])
				continue;
			r = json_object();
			json_object_set_new(
			    r, "rule",
			    json_integer((json_int_t)p->rules[d][s->hits[h].rule].index + 1));
			np_json_set_ports(r, &s->hits[h].ports);
			json_array_append_new(rules, r);
		}
		json_object_set_new(po, "admitting_rules", rules);
		json_array_append_new(pols, po);
	}
	json_object_set_new(o, "policies", pols);
	return o;
}

static json_t *np_json_explain(const struct kube_netpol_model *m, size_t src, size_t dst)
{
	struct kube_np_verdict v;
	json_t *o = json_object();

	kube_netpol_decide(m, src, dst, &v);
	json_object_set_new(o, "from", js(m->wls[src].id));
	json_object_set_new(o, "to", js(m->wls[dst].id));
	json_object_set_new(o, "allowed", json_boolean(kube_np_verdict_allowed(&v)));
	np_json_set_ports(o, &v.ports);
	json_object_set_new(o, "ingress", np_json_side(m, &v, KUBE_NP_INGRESS));
	json_object_set_new(o, "egress", np_json_side(m, &v, KUBE_NP_EGRESS));
	kube_np_verdict_release(&v);
	return o;
}

static json_t *np_json_labels(const struct kube_labels *l)
{
	json_t *o = json_object();

	for (size_t i = 0; i < l->n; i++)
		json_object_set_new(o, l->v[i].key, js(l->v[i].value));
	return o;
}

static json_t *np_json_model(const struct kube_np_view *v)
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
		json_object_set_new(o, "labels", np_json_labels(&ns->labels));
		json_array_append_new(nss, o);
	}
	for (size_t i = 0; i < m->n_wls; i++) {
		const struct kube_np_workload *w = &m->wls[i];
		json_t *o = json_object(), *open = json_object();

		json_object_set_new(o, "id", js(w->id));
		json_object_set_new(o, "kind", js(w->obj->kind_name));
		json_object_set_new(o, "namespace", js(m->nss[w->ns].name));
		json_object_set_new(o, "name", js(w->obj->name));
		np_json_where(w->obj, o);
		json_object_set_new(o, "labels", np_json_labels(&w->labels));
		json_object_set_new(o, "host_network", json_boolean(w->host_network));
		/* What the text summary lists first: "database", "cache", "secrets store". */
		json_object_set_new(o, "sensitive",
		                    kube_netpol_sensitive(w) ? js(kube_netpol_sensitive(w))
		                                             : json_null());
		json_object_set_new(o, "ingress_isolated",
		                    json_boolean(w->n_pols[KUBE_NP_INGRESS] > 0));
		json_object_set_new(o, "egress_isolated",
		                    json_boolean(w->n_pols[KUBE_NP_EGRESS] > 0));
		json_object_set_new(
		    o, "ingress_policies",
		    np_json_policy_names(m, w->pols[KUBE_NP_INGRESS], w->n_pols[KUBE_NP_INGRESS]));
		json_object_set_new(
		    o, "egress_policies",
		    np_json_policy_names(m, w->pols[KUBE_NP_EGRESS], w->n_pols[KUBE_NP_EGRESS]));
		json_object_set_new(open, "reachable", json_boolean(v->open[i]));
		np_json_set_ports(open, &v->open_ports[i]);
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
		np_json_where(p->obj, o);
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

		if (!kube_np_view_shows(v, e->src, e->dst))
			continue;
		o = json_object();
		json_object_set_new(o, "from", js(m->wls[e->src].id));
		json_object_set_new(o, "to", js(m->wls[e->dst].id));
		np_json_set_ports(o, &e->ports);
		json_array_append_new(edges, o);
	}
	for (int d = 0; d < KUBE_NP_DIRS; d++) {
		for (size_t i = 0; i < m->n_wls; i++) {
			const struct kube_np_external *x = &v->ext[d][i];
			json_t *o, *cidrs;

			if (!kube_np_view_shows_ext(v, d, i))
				continue;
			o = json_object();
			cidrs = json_array();
			json_object_set_new(o, "direction", js(kube_np_dir_name(d)));
			json_object_set_new(o, "workload", js(m->wls[i].id));
			json_object_set_new(o, "any_address", json_boolean(x->any_address));
			for (size_t k = 0; k < x->cidrs.n; k++)
				json_array_append_new(cidrs, js(x->cidrs.v[k]));
			json_object_set_new(o, "ip_blocks", cidrs);
			np_json_set_ports(o, &x->ports);
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

int kube_np_write_json(FILE *out, const struct kube_np_view *v)
{
	json_t *root = v->from != SIZE_MAX && v->to != SIZE_MAX
	                   ? np_json_explain(v->m, v->from, v->to)
	                   : np_json_model(v);
	int r = json_dumpf(root, out, JSON_INDENT(2));

	json_decref(root);
	if (r == 0)
		fputc('\n', out);
	return r;
}
