/* SPDX-License-Identifier: MIT */
/*
 * Reachability: whether pods of one workload may connect to pods of another,
 * on which ports, and which rules say so. A connection needs the
 * destination's ingress and the source's egress to allow it; a side that no
 * policy isolates allows everything.
 */
#include <errno.h>
#include <stdint.h>

#include "kube-netpol.h"

void kube_np_rule_ports(const struct kube_np_rule *r, const struct kube_np_workload *dst,
                        struct kube_ports *out)
{
	kube_ports_reset(out);
	if (r->all_ports) {
		kube_ports_add_all(out);
		return;
	}
	for (size_t i = 0; i < r->n_ports; i++) {
		const struct kube_np_port *p = &r->ports[i];

		if (!p->valid)
			continue;
		if (!p->name) {
			if (p->port == 0)
				kube_ports_add(out, p->proto, 1, KUBE_PORT_MAX);
			else
				kube_ports_add(out, p->proto, p->port, p->end_port);
			continue;
		}
		/* A named port is the destination pod's container port of that name. */
		for (size_t j = 0; dst && j < dst->n_ports; j++) {
			const struct kube_cport *c = &dst->ports[j];

			if (*c->name && !strcmp(c->name, p->name) && c->proto == p->proto)
				kube_ports_add(out, c->proto, c->port, c->port);
		}
	}
}

bool kube_np_peer_matches(const struct kube_netpol_model *m, const struct kube_netpol *p,
                          const struct kube_np_peer *peer, const struct kube_np_workload *w)
{
	/* ipBlock is for addresses outside the cluster (see kube-netpol.h). */
	if (peer->has_ip_block)
		return false;
	/* A peer with no selector at all is refused by the API server. */
	if (!peer->has_pod_sel && !peer->has_ns_sel)
		return false;
	if (peer->has_ns_sel) {
		if (!kube_selector_matches(&peer->ns_sel, &m->nss[w->ns].labels))
			return false;
	} else if (w->ns != p->ns) {
		/* A podSelector alone means the policy's own namespace. */
		return false;
	}
	return !peer->has_pod_sel || kube_selector_matches(&peer->pod_sel, &w->labels);
}

bool kube_np_peer_all_pods(const struct kube_np_peer *peer)
{
	return !peer->has_ip_block && peer->has_ns_sel && kube_selector_is_empty(&peer->ns_sel) &&
	       (!peer->has_pod_sel || kube_selector_is_empty(&peer->pod_sel));
}

bool kube_np_rule_admits_all_pods(const struct kube_np_rule *r)
{
	if (r->all_peers)
		return true;
	for (size_t i = 0; i < r->n_peers; i++)
		if (kube_np_peer_all_pods(&r->peers[i]))
			return true;
	return false;
}

static bool rule_admits(const struct kube_netpol_model *m, const struct kube_netpol *p,
                        const struct kube_np_rule *r, const struct kube_np_workload *peer)
{
	if (r->all_peers)
		return true;
	for (size_t i = 0; i < r->n_peers; i++)
		if (kube_np_peer_matches(m, p, &r->peers[i], peer))
			return true;
	return false;
}

/*
 * One side of a connection: the policies of `self` in direction d, against
 * the pods of `peer`, with ports resolved on `dst`. With explain, every
 * admitting rule is recorded in s->hits.
 */
static void side_eval(const struct kube_netpol_model *m, const struct kube_np_workload *self,
                      enum kube_np_dir d, const struct kube_np_workload *peer,
                      const struct kube_np_workload *dst, bool explain, struct kube_np_side *s,
                      struct kube_ports *tmp)
{
	s->isolated = self->n_pols[d] > 0;
	kube_ports_reset(&s->ports);
	if (!s->isolated) {
		kube_ports_add_all(&s->ports);
		return;
	}
	for (size_t i = 0; i < self->n_pols[d]; i++) {
		const struct kube_netpol *p = &m->pols[self->pols[d][i]];

		for (size_t j = 0; j < p->n_rules[d]; j++) {
			const struct kube_np_rule *r = &p->rules[d][j];

			if (!rule_admits(m, p, r, peer))
				continue;
			kube_np_rule_ports(r, dst, tmp);
			kube_ports_union(&s->ports, tmp);
			if (!explain)
				continue;
			s->hits = vakt_grow(s->hits, sizeof(*s->hits), s->n_hits + 1, &s->cap);
			s->hits[s->n_hits] =
			    (struct kube_np_hit){.pol = self->pols[d][i], .rule = j};
			kube_ports_union(&s->hits[s->n_hits++].ports, tmp);
		}
	}
}

static void decide(const struct kube_netpol_model *m, size_t src, size_t dst, bool explain,
                   struct kube_np_verdict *v, struct kube_ports *tmp)
{
	const struct kube_np_workload *s = &m->wls[src], *t = &m->wls[dst];

	v->src = src;
	v->dst = dst;
	side_eval(m, t, KUBE_NP_INGRESS, s, t, explain, &v->side[KUBE_NP_INGRESS], tmp);
	side_eval(m, s, KUBE_NP_EGRESS, t, t, explain, &v->side[KUBE_NP_EGRESS], tmp);
	kube_ports_intersect(&v->side[KUBE_NP_INGRESS].ports, &v->side[KUBE_NP_EGRESS].ports,
	                     &v->ports);
}

void kube_netpol_decide(const struct kube_netpol_model *m, size_t src, size_t dst,
                        struct kube_np_verdict *v)
{
	struct kube_ports tmp = {0};

	*v = (struct kube_np_verdict){0};
	decide(m, src, dst, true, v, &tmp);
	kube_ports_release(&tmp);
}

bool kube_np_verdict_allowed(const struct kube_np_verdict *v)
{
	return !kube_ports_empty(&v->ports);
}

void kube_np_verdict_release(struct kube_np_verdict *v)
{
	for (int d = 0; d < KUBE_NP_DIRS; d++) {
		struct kube_np_side *s = &v->side[d];

		for (size_t i = 0; i < s->n_hits; i++)
			kube_ports_release(&s->hits[i].ports);
		free(s->hits);
		kube_ports_release(&s->ports);
	}
	kube_ports_release(&v->ports);
	*v = (struct kube_np_verdict){0};
}

static void ipblock_desc(const struct kube_np_peer *peer, struct vakt_buf *b)
{
	vakt_buf_reset(b);
	vakt_buf_adds(b, peer->cidr ? peer->cidr : "<no cidr>");
	for (size_t i = 0; i < peer->n_except; i++)
		vakt_buf_addf(b, "%s%s", i ? ", " : " except ", peer->except[i]);
}

/*
 * The strings of a vakt_strv by hash (slots hold index + 1), so that keeping
 * the list unique costs a probe per string, not a walk of the list: one
 * policy of 40,000 ipBlock peers took 2 s.
 */
struct strv_set {
	size_t *slots;
	size_t cap; /* power of two, at least twice the strings */
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

/* The slot of s among sv's strings, or the empty one where it goes. */
static size_t *strv_set_slot(const struct strv_set *h, const struct vakt_strv *sv, const char *s)
{
	for (size_t i = str_hash(s) & (h->cap - 1);; i = (i + 1) & (h->cap - 1))
		if (!h->slots[i] || !strcmp(sv->v[h->slots[i] - 1], s))
			return &h->slots[i];
}

/* Append a copy of s to sv unless it holds it already. */
static void strv_set_add(struct strv_set *h, struct vakt_strv *sv, const char *s)
{
	size_t *slot;

	if (!h->slots || (sv->n + 1) * 2 > h->cap) {
		free(h->slots);
		h->cap = h->cap ? h->cap * 2 : 16;
		h->slots = vakt_xcalloc(h->cap, sizeof(*h->slots));
		for (size_t i = 0; i < sv->n; i++)
			*strv_set_slot(h, sv, sv->v[i]) = i + 1;
	}
	slot = strv_set_slot(h, sv, s);
	if (*slot)
		return;
	vakt_strv_push(sv, s);
	*slot = sv->n;
}

void kube_netpol_external(const struct kube_netpol_model *m, size_t wi, enum kube_np_dir d,
                          struct kube_np_external *x)
{
	const struct kube_np_workload *w = &m->wls[wi];
	/* Named ports resolve on the destination: w for ingress, unknown for egress. */
	const struct kube_np_workload *dst = d == KUBE_NP_INGRESS ? w : NULL;
	struct kube_ports tmp = {0};
	struct vakt_buf b = VAKT_BUF_INIT;
	struct strv_set seen = {0};

	*x = (struct kube_np_external){.isolated = w->n_pols[d] > 0};
	if (!x->isolated) {
		x->any_address = true;
		kube_ports_add_all(&x->ports);
		return;
	}
	for (size_t i = 0; i < w->n_pols[d]; i++) {
		const struct kube_netpol *p = &m->pols[w->pols[d][i]];

		for (size_t j = 0; j < p->n_rules[d]; j++) {
			const struct kube_np_rule *r = &p->rules[d][j];
			bool admits = r->all_peers;

			kube_np_rule_ports(r, dst, &tmp);
			if (kube_ports_empty(&tmp))
				continue;
			for (size_t k = 0; !r->all_peers && k < r->n_peers; k++) {
				if (!r->peers[k].has_ip_block || !r->peers[k].cidr)
					continue;
				admits = true;
				ipblock_desc(&r->peers[k], &b);
				strv_set_add(&seen, &x->cidrs, vakt_buf_str(&b));
			}
			if (!admits)
				continue;
			x->any_address = x->any_address || r->all_peers;
			kube_ports_union(&x->ports, &tmp);
		}
	}
	kube_ports_release(&tmp);
	vakt_buf_release(&b);
	free(seen.slots);
}

void kube_np_external_release(struct kube_np_external *x)
{
	kube_ports_release(&x->ports);
	vakt_strv_release(&x->cidrs);
	*x = (struct kube_np_external){0};
}

bool kube_netpol_open_to_all(const struct kube_netpol_model *m, size_t wi, struct kube_ports *ports,
                             size_t *pol)
{
	const struct kube_np_workload *w = &m->wls[wi];
	struct kube_ports acc = {0}, tmp = {0};
	size_t first = SIZE_MAX;
	bool open;

	if (!w->n_pols[KUBE_NP_INGRESS]) {
		kube_ports_add_all(&acc);
	} else {
		for (size_t i = 0; i < w->n_pols[KUBE_NP_INGRESS]; i++) {
			const struct kube_netpol *p = &m->pols[w->pols[KUBE_NP_INGRESS][i]];

			for (size_t j = 0; j < p->n_rules[KUBE_NP_INGRESS]; j++) {
				const struct kube_np_rule *r = &p->rules[KUBE_NP_INGRESS][j];

				if (!kube_np_rule_admits_all_pods(r))
					continue;
				kube_np_rule_ports(r, w, &tmp);
				if (kube_ports_empty(&tmp))
					continue;
				kube_ports_union(&acc, &tmp);
				if (first == SIZE_MAX)
					first = w->pols[KUBE_NP_INGRESS][i];
			}
		}
	}
	open = !kube_ports_empty(&acc);
	if (ports) {
		kube_ports_reset(ports);
		kube_ports_union(ports, &acc);
	}
	if (pol)
		*pol = first;
	kube_ports_release(&acc);
	kube_ports_release(&tmp);
	return open;
}

/* Growable lists and marks reused for every destination by kube_netpol_edges(). */
struct sources {
	size_t *v; /* the sources found for the current destination */
	size_t n, cap;
	size_t *mark; /* per workload: destination + 1 once listed for it */
	size_t *sel, n_sel, cap_sel;
	size_t *nss, n_nss, cap_nss;
};

static void sources_add(struct sources *sc, size_t dst, size_t w)
{
	if (sc->mark[w] == dst + 1)
		return;
	sc->mark[w] = dst + 1;
	sc->v = vakt_grow(sc->v, sizeof(*sc->v), sc->n + 1, &sc->cap);
	sc->v[sc->n++] = w;
}

/* The workloads peer matches (kube_np_peer_matches()), found through the label indexes. */
static void sources_of_peer(const struct kube_netpol_model *m, const struct kube_netpol *p,
                            const struct kube_np_peer *peer, size_t dst, struct sources *sc)
{
	if (peer->has_ip_block || (!peer->has_pod_sel && !peer->has_ns_sel))
		return;
	if (peer->has_ns_sel) {
		kube_netpol_select_ns(m, &peer->ns_sel, &sc->nss, &sc->n_nss, &sc->cap_nss);
	} else {
		sc->n_nss = 0;
		sc->nss = vakt_grow(sc->nss, sizeof(*sc->nss), 1, &sc->cap_nss);
		sc->nss[sc->n_nss++] = p->ns;
	}
	for (size_t i = 0; i < sc->n_nss; i++) {
		const struct kube_np_namespace *ns = &m->nss[sc->nss[i]];

		if (!peer->has_pod_sel) {
			for (size_t w = ns->wl_first; w < ns->wl_first + ns->n_workloads; w++)
				sources_add(sc, dst, w);
			continue;
		}
		kube_netpol_select(m, sc->nss[i], &peer->pod_sel, &sc->sel, &sc->n_sel,
		                   &sc->cap_sel);
		for (size_t k = 0; k < sc->n_sel; k++)
			sources_add(sc, dst, sc->sel[k]);
	}
}

/*
 * Into sc->v, the workloads some ingress rule of dst's policies admits: the
 * only ones that can reach dst when it is isolated for ingress. False when
 * a rule admits every peer (then every workload is a candidate).
 */
static bool ingress_sources(const struct kube_netpol_model *m, size_t dst, struct sources *sc)
{
	const struct kube_np_workload *t = &m->wls[dst];

	sc->n = 0;
	for (size_t i = 0; i < t->n_pols[KUBE_NP_INGRESS]; i++) {
		const struct kube_netpol *p = &m->pols[t->pols[KUBE_NP_INGRESS][i]];

		for (size_t j = 0; j < p->n_rules[KUBE_NP_INGRESS]; j++) {
			const struct kube_np_rule *r = &p->rules[KUBE_NP_INGRESS][j];

			if (r->all_peers)
				return false;
			for (size_t k = 0; k < r->n_peers; k++)
				sources_of_peer(m, p, &r->peers[k], dst, sc);
		}
	}
	return true;
}

static int edge_cmp(const void *pa, const void *pb)
{
	const struct kube_np_edge *a = pa, *b = pb;

	if (a->src != b->src)
		return a->src < b->src ? -1 : 1;
	return (a->dst > b->dst) - (a->dst < b->dst);
}

int kube_netpol_edges(const struct kube_netpol_model *m, struct kube_np_edge **out, size_t *n,
                      struct vakt_error **err)
{
	struct kube_np_verdict v = {0};
	struct kube_ports tmp = {0};
	struct sources sc = {0};
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (m->n_wls > KUBE_NETPOL_MAX_WORKLOADS)
		return vakt_error_set(err, -E2BIG,
		                      "too many workloads for reachability (%zu, at most %d)",
		                      m->n_wls, KUBE_NETPOL_MAX_WORKLOADS);
	sc.mark = vakt_xcalloc(m->n_wls + 1, sizeof(*sc.mark));
	/*
	 * Destination by destination, only the sources its ingress admits: an
	 * isolated namespace whose policies name a few clients each costs about
	 * one decision per edge, not N * N (the pairs are still bounded by
	 * KUBE_NETPOL_MAX_WORKLOADS, as an open namespace has N * N edges).
	 */
	for (size_t t = 0; t < m->n_wls; t++) {
		bool some = m->wls[t].n_pols[KUBE_NP_INGRESS] > 0 && ingress_sources(m, t, &sc);
		size_t count = some ? sc.n : m->n_wls;

		for (size_t i = 0; i < count; i++) {
			size_t s = some ? sc.v[i] : i;

			decide(m, s, t, false, &v, &tmp);
			if (kube_ports_empty(&v.ports))
				continue;
			*out = vakt_grow(*out, sizeof(**out), *n + 1, &cap);
			(*out)[*n] = (struct kube_np_edge){.src = s, .dst = t, .ports = v.ports};
			(*n)++;
			/* The edge took the ports' storage. */
			v.ports = (struct kube_ports){0};
		}
	}
	/* Source-major, as callers list them. */
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), edge_cmp);
	kube_np_verdict_release(&v);
	kube_ports_release(&tmp);
	free(sc.v);
	free(sc.mark);
	free(sc.sel);
	free(sc.nss);
	return 0;
}

void kube_np_edges_free(struct kube_np_edge *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		kube_ports_release(&e[i].ports);
	free(e);
}
