/* SPDX-License-Identifier: MIT */
/*
 * The NetworkPolicy model of a set of objects: namespaces with their labels,
 * workloads with their pod labels and container ports, policies with their
 * selectors, rules, peers and ports, and which policy selects which workload.
 */
#include <stdint.h>

#include "kube-netpol.h"

#define DEFAULT_NS    "default"
#define NS_NAME_LABEL "kubernetes.io/metadata.name"

static const char *const dir_names[KUBE_NP_DIRS] = {"ingress", "egress"};
static const char *const dir_types[KUBE_NP_DIRS] = {"Ingress", "Egress"};
static const char *const dir_peers[KUBE_NP_DIRS] = {"from", "to"};

const char *kube_np_dir_name(enum kube_np_dir d)
{
	return dir_names[d];
}

const char *kube_np_dir_type(enum kube_np_dir d)
{
	return dir_types[d];
}

bool kube_netpol_is_k8s(const struct kube_object *obj)
{
	const char *av = obj->api_version;

	/* Calico's projectcalico.org/v3 NetworkPolicy is another kind of thing. */
	return obj->kind == KUBE_KIND_NETWORKPOLICY && av &&
	       (!strcmp(av, "networking.k8s.io/v1") || !strcmp(av, "extensions/v1beta1"));
}

const char *kube_netpol_object_ns(const struct kube_object *obj)
{
	return obj->ns && *obj->ns ? obj->ns : DEFAULT_NS;
}

/* Kinds of other policy engines, named in messages but not evaluated. */
static bool foreign_kind(const struct kube_object *o, bool *cluster_wide)
{
	static const char *const cluster[] = {
	    "AdminNetworkPolicy",   "BaselineAdminNetworkPolicy",
	    "ClusterNetworkPolicy", "CiliumClusterwideNetworkPolicy",
	    "GlobalNetworkPolicy",  "GlobalNetworkSet",
	};
	static const char *const namespaced[] = {"CiliumNetworkPolicy", "NetworkPolicy"};

	if (!o->kind_name || kube_netpol_is_k8s(o))
		return false;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cluster); i++) {
		if (!strcmp(o->kind_name, cluster[i])) {
			*cluster_wide = true;
			return true;
		}
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(namespaced); i++) {
		if (!strcmp(o->kind_name, namespaced[i])) {
			*cluster_wide = false;
			return true;
		}
	}
	return false;
}

static bool is_workload(const struct kube_object *o)
{
	/* A PodTemplate is a template, not something that runs. */
	return kube_kind_has_pod(o->kind) && o->kind != KUBE_KIND_PODTEMPLATE &&
	       vakt_yaml_is_map(o->pod_spec);
}

/* Whether o lives in a namespace (cluster-scoped kinds and unknown kinds without one do not). */
static bool is_namespaced(const struct kube_object *o)
{
	switch (o->kind) {
	case KUBE_KIND_NAMESPACE:
		return false;
	case KUBE_KIND_OTHER:
		return o->ns && *o->ns;
	default:
		return true;
	}
}

/* Order of objects in the input: file, then line, then column. */
static int obj_pos_cmp(const struct kube_object *a, const struct kube_object *b)
{
	int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");

	if (c)
		return c;
	if (a->node && b->node) {
		if (a->node->line != b->node->line)
			return a->node->line < b->node->line ? -1 : 1;
		if (a->node->col != b->node->col)
			return a->node->col < b->node->col ? -1 : 1;
	}
	return 0;
}

/* --- namespaces ------------------------------------------------------------ */

static int ns_cmp(const void *a, const void *b)
{
	const struct kube_np_namespace *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* An object that names a namespace: its Namespace, or an object that lives in it. */
struct ns_note {
	const char *name;
	const struct kube_object *obj;
};

static int note_cmp(const void *a, const void *b)
{
	const struct ns_note *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Whether o declares a namespace (its Namespace object) or is namespaced; *name its name. */
static bool ns_named(const struct kube_object *o, const char **name)
{
	if (o->kind == KUBE_KIND_NAMESPACE && o->name && *o->name)
		*name = o->name;
	else if (is_namespaced(o))
		*name = kube_netpol_object_ns(o);
	else
		return false;
	return true;
}

/*
 * The namespaces: one note of 16 bytes per object that names one, sorted by
 * name and merged (earliest declaration, earliest object), then one entry
 * per name, the array sized to them.
 */
static void build_namespaces(struct kube_netpol_model *m, const struct kube_set *set)
{
	struct ns_note *notes;
	size_t n = 0, w = 0;
	const char *name;

	for (size_t i = 0; i < set->n; i++)
		n += ns_named(&set->objs[i], &name);
	if (!n)
		return;
	notes = vakt_xmalloc(n * sizeof(*notes));
	n = 0;
	for (size_t i = 0; i < set->n; i++)
		if (ns_named(&set->objs[i], &name))
			notes[n++] = (struct ns_note){name, &set->objs[i]};
	qsort(notes, n, sizeof(*notes), note_cmp);
	for (size_t i = 0; i < n; i++)
		w += !i || strcmp(notes[i - 1].name, notes[i].name);
	m->nss = vakt_xcalloc(w, sizeof(*m->nss));
	for (size_t i = 0; i < n; i++) {
		const struct kube_object *o = notes[i].obj;
		bool decl = o->kind == KUBE_KIND_NAMESPACE;
		struct kube_np_namespace *keep;

		if (!i || strcmp(notes[i - 1].name, notes[i].name)) {
			m->nss[m->n_nss++] = (struct kube_np_namespace){.name = notes[i].name,
			                                                .decl = decl ? o : NULL,
			                                                .first = decl ? NULL : o};
			continue;
		}
		/* Merge the notes of each name: earliest declaration, earliest object. */
		keep = &m->nss[m->n_nss - 1];
		if (decl && (!keep->decl || obj_pos_cmp(o, keep->decl) < 0))
			keep->decl = o;
		if (!decl && (!keep->first || obj_pos_cmp(o, keep->first) < 0))
			keep->first = o;
	}
	free(notes);
	for (size_t i = 0; i < m->n_nss; i++) {
		struct kube_np_namespace *ns = &m->nss[i];
		const struct vakt_yaml_node *labels =
		    ns->decl ? vakt_yaml_get(ns->decl->metadata, "labels") : NULL;

		ns->deny[KUBE_NP_INGRESS] = ns->deny[KUBE_NP_EGRESS] = SIZE_MAX;
		kube_labels_reserve(&ns->labels,
		                    (labels && vakt_yaml_is_map(labels) ? labels->n : 0) + 1);
		kube_labels_add_map(&ns->labels, labels);
		/* Set by the API server on every namespace, whatever the manifest says. */
		kube_labels_add(&ns->labels, NS_NAME_LABEL, ns->name);
	}
}

size_t kube_netpol_find_ns(const struct kube_netpol_model *m, const char *name)
{
	struct kube_np_namespace key = {.name = name};
	const struct kube_np_namespace *hit;

	if (!m->n_nss)
		return SIZE_MAX;
	hit = bsearch(&key, m->nss, m->n_nss, sizeof(*m->nss), ns_cmp);
	return hit ? (size_t)(hit - m->nss) : SIZE_MAX;
}

/* --- workloads --------------------------------------------------------------- */

/* An IANA service name: 1-15 of [a-z0-9-], a letter, no '-' at either end or twice. */
static bool port_name_valid(const char *s)
{
	size_t n = strlen(s);
	bool letter = false;

	if (n == 0 || n > KUBE_PORT_NAME_MAX || s[0] == '-' || s[n - 1] == '-' || strstr(s, "--"))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			letter = true;
		else if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '-')
			return false;
	}
	return letter;
}

static int wl_cmp(const void *a, const void *b)
{
	const struct kube_np_workload *x = a, *y = b;
	int c;

	if (x->ns != y->ns)
		return x->ns < y->ns ? -1 : 1;
	c = strcmp(x->obj->name, y->obj->name);
	if (c)
		return c;
	c = strcmp(x->obj->kind_name ? x->obj->kind_name : "",
	           y->obj->kind_name ? y->obj->kind_name : "");
	return c ? c : obj_pos_cmp(x->obj, y->obj);
}

static void build_workloads(struct kube_netpol_model *m, const struct kube_set *set)
{
	size_t n = 0;

	for (size_t i = 0; i < set->n; i++)
		n += is_workload(&set->objs[i]);
	if (!n)
		return;
	m->wls = vakt_xcalloc(n, sizeof(*m->wls));
	for (size_t i = 0; i < set->n; i++) {
		const struct kube_object *o = &set->objs[i];
		const struct vakt_yaml_node *labels;
		bool job, b;
		struct kube_np_workload *w;

		if (!is_workload(o))
			continue;
		w = &m->wls[m->n_wls++];
		*w = (struct kube_np_workload){.obj = o};
		w->ns = kube_netpol_find_ns(m, kube_netpol_object_ns(o));
		/* The object path vakt scan shows: the same namespace ("default" when unset). */
		w->id = o->path;
		labels = vakt_yaml_get(o->pod_meta, "labels");
		job = o->kind == KUBE_KIND_JOB && *o->name;
		kube_labels_reserve(&w->labels,
		                    (labels && vakt_yaml_is_map(labels) ? labels->n : 0) +
		                        (job ? 2 : 0));
		kube_labels_add_map(&w->labels, labels);
		/* The Job controller labels its pods with the Job's name. */
		if (job) {
			kube_labels_add(&w->labels, "job-name", o->name);
			kube_labels_add(&w->labels, "batch.kubernetes.io/job-name", o->name);
		}
		w->host_network =
		    vakt_yaml_bool(vakt_yaml_get(o->pod_spec, "hostNetwork"), &b) && b;
		w->ports = o->ports;
		w->n_ports = o->n_ports;
	}
	qsort(m->wls, m->n_wls, sizeof(*m->wls), wl_cmp);
	for (size_t i = 0; i < m->n_wls; i++) {
		struct kube_np_namespace *ns = &m->nss[m->wls[i].ns];

		if (!ns->n_workloads++)
			ns->wl_first = i;
	}
}

/* --- policies ---------------------------------------------------------------- */

static void parse_port(const struct vakt_yaml_node *item, struct kube_np_port *p)
{
	const struct vakt_yaml_node *proto = vakt_yaml_get(item, "protocol");
	const struct vakt_yaml_node *port = vakt_yaml_get(item, "port");
	const struct vakt_yaml_node *end = vakt_yaml_get(item, "endPort");

	*p = (struct kube_np_port){.node = item, .valid = true, .proto = KUBE_PROTO_TCP};
	if (!vakt_yaml_is_null(item) && !vakt_yaml_is_map(item)) {
		p->valid = false;
		return;
	}
	if (!vakt_yaml_is_null(proto) && !kube_proto_parse(vakt_yaml_str(proto), &p->proto))
		p->valid = false;
	if (vakt_yaml_is_null(port)) {
		/* Every port of the protocol; endPort needs a numeric port. */
		p->valid = p->valid && vakt_yaml_is_null(end);
		return;
	}
	if (vakt_yaml_str(port) && port->plain && kube_port_parse(port, &p->port)) {
		p->end_port = p->port;
	} else if (vakt_yaml_str(port) && port_name_valid(vakt_yaml_str(port)) &&
	           !(port->plain && vakt_yaml_int(port, &(long long){0}))) {
		p->name = vakt_yaml_str(port);
		p->valid = p->valid && vakt_yaml_is_null(end);
		return;
	} else {
		p->valid = false;
		return;
	}
	if (!vakt_yaml_is_null(end) &&
	    (!kube_port_parse(end, &p->end_port) || p->end_port < p->port))
		p->valid = false;
}

static void parse_peer(const struct vakt_yaml_node *item, struct kube_np_peer *peer)
{
	const struct vakt_yaml_node *ps = vakt_yaml_get(item, "podSelector");
	const struct vakt_yaml_node *nss = vakt_yaml_get(item, "namespaceSelector");
	const struct vakt_yaml_node *ipb = vakt_yaml_get(item, "ipBlock");

	*peer = (struct kube_np_peer){.node = item};
	peer->has_pod_sel = !vakt_yaml_is_null(ps);
	peer->has_ns_sel = !vakt_yaml_is_null(nss);
	peer->has_ip_block = !vakt_yaml_is_null(ipb);
	kube_selector_parse(peer->has_pod_sel ? ps : NULL, &peer->pod_sel);
	kube_selector_parse(peer->has_ns_sel ? nss : NULL, &peer->ns_sel);
	if (peer->has_ip_block) {
		const struct vakt_yaml_node *ex = vakt_yaml_get(ipb, "except");

		peer->cidr = vakt_yaml_text(vakt_yaml_get(ipb, "cidr"));
		if (vakt_yaml_is_seq(ex) && ex->n) {
			peer->except = vakt_xcalloc(ex->n, sizeof(*peer->except));
			for (size_t i = 0; i < ex->n; i++)
				if (vakt_yaml_text(ex->items[i]))
					peer->except[peer->n_except++] =
					    vakt_yaml_text(ex->items[i]);
		}
	}
}

static void parse_rule(const struct vakt_yaml_node *item, enum kube_np_dir d, size_t index,
                       struct kube_np_rule *r)
{
	const struct vakt_yaml_node *peers = vakt_yaml_get(item, dir_peers[d]);
	const struct vakt_yaml_node *ports = vakt_yaml_get(item, "ports");

	*r = (struct kube_np_rule){.node = item, .index = index};
	/* An absent or empty list means every peer / every port. */
	r->all_peers = vakt_yaml_is_null(peers) || (vakt_yaml_is_seq(peers) && peers->n == 0);
	r->all_ports = vakt_yaml_is_null(ports) || (vakt_yaml_is_seq(ports) && ports->n == 0);
	if (!r->all_peers && vakt_yaml_is_seq(peers)) {
		r->peers = vakt_xcalloc(peers->n, sizeof(*r->peers));
		r->n_peers = peers->n;
		for (size_t i = 0; i < peers->n; i++)
			parse_peer(peers->items[i], &r->peers[i]);
	}
	if (!r->all_ports && vakt_yaml_is_seq(ports)) {
		r->ports = vakt_xcalloc(ports->n, sizeof(*r->ports));
		r->n_ports = ports->n;
		for (size_t i = 0; i < ports->n; i++)
			parse_port(ports->items[i], &r->ports[i]);
	}
}

static void parse_rules(struct kube_netpol *p, enum kube_np_dir d)
{
	const struct vakt_yaml_pair *pair = vakt_yaml_get_pair(p->spec, dir_names[d]);
	const struct vakt_yaml_node *list = pair ? pair->value : NULL;
	size_t n = 0;

	p->rules_key[d] = pair ? pair->key : NULL;
	if (!list || !vakt_yaml_is_seq(list) || list->n == 0)
		return;
	p->rules[d] = vakt_xcalloc(list->n, sizeof(*p->rules[d]));
	for (size_t i = 0; i < list->n; i++) {
		const struct vakt_yaml_node *item = list->items[i];

		/* A null item decodes to an empty rule; anything else is refused. */
		if (vakt_yaml_is_null(item) || vakt_yaml_is_map(item))
			parse_rule(item, d, i, &p->rules[d][n++]);
	}
	p->n_rules[d] = n;
}

static void parse_policy(struct kube_netpol *p)
{
	const struct vakt_yaml_node *types, *eg;

	p->spec = vakt_yaml_get(p->obj->node, "spec");
	if (!vakt_yaml_is_map(p->spec))
		p->spec = NULL;
	kube_selector_parse(vakt_yaml_get(p->spec, "podSelector"), &p->pod_sel);
	parse_rules(p, KUBE_NP_INGRESS);
	parse_rules(p, KUBE_NP_EGRESS);
	types = vakt_yaml_get(p->spec, "policyTypes");
	if (vakt_yaml_is_seq(types) && types->n) {
		p->types_explicit = true;
		for (size_t i = 0; i < types->n; i++) {
			const char *t = vakt_yaml_str(types->items[i]);

			for (int d = 0; t && d < KUBE_NP_DIRS; d++)
				if (!strcmp(t, dir_types[d]))
					p->types[d] = true;
		}
		return;
	}
	/*
	 * The API server's defaulting: Ingress always, Egress only when the
	 * policy has egress rules (a non-empty list, even of invalid items).
	 */
	eg = vakt_yaml_get(p->spec, "egress");
	p->types[KUBE_NP_INGRESS] = true;
	p->types[KUBE_NP_EGRESS] = vakt_yaml_is_seq(eg) && eg->n > 0;
}

static int pol_cmp(const void *a, const void *b)
{
	const struct kube_netpol *x = a, *y = b;
	int c;

	if (x->ns != y->ns)
		return x->ns < y->ns ? -1 : 1;
	c = strcmp(x->obj->name, y->obj->name);
	return c ? c : obj_pos_cmp(x->obj, y->obj);
}

static void build_policies(struct kube_netpol_model *m, const struct kube_set *set)
{
	size_t n = 0, n_foreign = 0;
	bool cw;

	for (size_t i = 0; i < set->n; i++) {
		if (foreign_kind(&set->objs[i], &cw))
			n_foreign++;
		else
			n += kube_netpol_is_k8s(&set->objs[i]);
	}
	/*
	 * Allocated even when the count is 0 (vakt_xcalloc never returns NULL): the
	 * analyser cannot tell that the loop below finds what this one counted.
	 */
	m->pols = vakt_xcalloc(n, sizeof(*m->pols));
	m->foreign = vakt_xcalloc(n_foreign, sizeof(*m->foreign));
	for (size_t i = 0; i < set->n; i++) {
		const struct kube_object *o = &set->objs[i];
		struct kube_netpol *p;

		if (foreign_kind(o, &cw)) {
			m->foreign[m->n_foreign++] = (struct kube_np_foreign){o, cw};
			continue;
		}
		if (!kube_netpol_is_k8s(o))
			continue;
		p = &m->pols[m->n_pols++];
		*p = (struct kube_netpol){.obj = o};
		p->ns = kube_netpol_find_ns(m, kube_netpol_object_ns(o));
		parse_policy(p);
	}
	if (m->n_pols)
		qsort(m->pols, m->n_pols, sizeof(*m->pols), pol_cmp);
	for (size_t i = 0; i < m->n_pols; i++) {
		struct kube_np_namespace *ns = &m->nss[m->pols[i].ns];

		if (!ns->n_policies++)
			ns->pol_first = i;
		for (int d = 0; d < KUBE_NP_DIRS; d++)
			if (ns->deny[d] == SIZE_MAX && kube_netpol_is_default_deny(&m->pols[i], d))
				ns->deny[d] = i;
	}
}

bool kube_netpol_selects(const struct kube_netpol_model *m, const struct kube_netpol *p,
                         const struct kube_np_workload *w)
{
	(void)m;
	return p->ns == w->ns && kube_selector_matches(&p->pod_sel, &w->labels);
}

bool kube_netpol_is_default_deny(const struct kube_netpol *p, enum kube_np_dir d)
{
	return kube_selector_is_empty(&p->pod_sel) && p->types[d] && p->n_rules[d] == 0;
}

/*
 * Record, per policy, the workloads it selects and, per workload and
 * direction, the policies that isolate it, through the label index. The
 * workloads' lists are slices of one array (m->pol_refs), counted first:
 * the policies are visited in order, so each list stays in policy order.
 */
static void link_selections(struct kube_netpol_model *m)
{
	size_t total = 0, *fill;

	for (size_t i = 0; i < m->n_pols; i++) {
		struct kube_netpol *p = &m->pols[i];
		size_t cap = 0;

		kube_netpol_select(m, p->ns, &p->pod_sel, &p->selected, &p->n_selected, &cap);
		/* The selection stays for the whole model: no room to spare. */
		if (!p->n_selected) {
			free(p->selected);
			p->selected = NULL;
		} else if (p->n_selected < cap) {
			p->selected =
			    vakt_xrealloc(p->selected, p->n_selected * sizeof(*p->selected));
		}
		for (size_t k = 0; k < p->n_selected; k++)
			for (int d = 0; d < KUBE_NP_DIRS; d++)
				if (p->types[d]) {
					m->wls[p->selected[k]].n_pols[d]++;
					total++;
				}
	}
	if (!total)
		return;
	m->pol_refs = vakt_xmalloc(total * sizeof(*m->pol_refs));
	fill = vakt_xcalloc(m->n_wls * KUBE_NP_DIRS, sizeof(*fill));
	total = 0;
	for (size_t j = 0; j < m->n_wls; j++) {
		for (int d = 0; d < KUBE_NP_DIRS; d++) {
			m->wls[j].pols[d] = m->wls[j].n_pols[d] ? m->pol_refs + total : NULL;
			total += m->wls[j].n_pols[d];
		}
	}
	for (size_t i = 0; i < m->n_pols; i++) {
		const struct kube_netpol *p = &m->pols[i];

		for (size_t k = 0; k < p->n_selected; k++) {
			size_t j = p->selected[k];

			for (int d = 0; d < KUBE_NP_DIRS; d++)
				if (p->types[d])
					m->wls[j].pols[d][fill[j * KUBE_NP_DIRS + d]++] = i;
		}
	}
	free(fill);
}

void kube_netpol_model_build(struct kube_netpol_model *m, const struct kube_set *set)
{
	*m = (struct kube_netpol_model){0};
	build_namespaces(m, set);
	build_workloads(m, set);
	build_policies(m, set);
	kube_netpol_index_build(m);
	link_selections(m);
}

static void rule_release(struct kube_np_rule *r)
{
	for (size_t i = 0; i < r->n_peers; i++) {
		kube_selector_release(&r->peers[i].pod_sel);
		kube_selector_release(&r->peers[i].ns_sel);
		free(r->peers[i].except);
	}
	free(r->peers);
	free(r->ports);
}

void kube_netpol_model_release(struct kube_netpol_model *m)
{
	for (size_t i = 0; i < m->n_nss; i++)
		kube_labels_release(&m->nss[i].labels);
	for (size_t i = 0; i < m->n_wls; i++) {
		kube_labels_release(&m->wls[i].labels);
	}
	for (size_t i = 0; i < m->n_pols; i++) {
		kube_selector_release(&m->pols[i].pod_sel);
		free(m->pols[i].selected);
		for (int d = 0; d < KUBE_NP_DIRS; d++) {
			for (size_t j = 0; j < m->pols[i].n_rules[d]; j++)
				rule_release(&m->pols[i].rules[d][j]);
			free(m->pols[i].rules[d]);
		}
	}
	free(m->nss);
	free(m->wls);
	free(m->pols);
	free(m->foreign);
	free(m->pol_refs);
	free(m->labels);
	free(m->ns_labels);
	*m = (struct kube_netpol_model){0};
}
