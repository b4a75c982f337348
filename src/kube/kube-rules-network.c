/* SPDX-License-Identifier: MIT */
/*
 * Network posture (KN101-KN107): namespaces without default-deny
 * NetworkPolicies, workloads every pod can reach, policies and peers that
 * select nothing, egress isolation that breaks DNS. A set table: each check
 * runs once per scan over every object (kube_check_model.obj is NULL) and
 * builds the NetworkPolicy model of kube-netpol.h.
 */
#include <stdint.h>

#include "kube-netpol.h"
#include "kube-fix.h"
#include "kube-rules.h"

#define DOC_NETPOL   "https://kubernetes.io/docs/concepts/services-networking/network-policies/"
#define DOC_DEFAULTS DOC_NETPOL "#default-policies"
#define DOC_NETPOL_API                                                                             \
	"https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/"
#define DOC_ANP  "https://network-policy-api.sigs.k8s.io/"
#define DOC_VAKT "docs/netpol.md"
#define NIST_190 "https://doi.org/10.6028/NIST.SP.800-190"
#define NIST_NET                                                                                   \
	"NIST SP 800-190 4.3.3, Poorly separated inter-container network traffic: " NIST_190
#define NIST_EGRESS "NIST SP 800-190 4.4.2, Unbounded network access from containers: " NIST_190

/* Workloads named in one message before "and N more". */
#define KN_MAX_NAMED 3
/* Longest selector text quoted in a message, in bytes. */
#define KN_MAX_SELECTOR_TEXT 200

#define REFS(...)  ((const char *const[]){__VA_ARGS__, NULL})
#define PEERS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_PEERS   ((const char *const[]){NULL})

/*
 * The model of ctx's set, NULL when ctx is not a set-table run: the one end()
 * built once for all the set rules (km->netpol; building it per rule was most
 * of the set pass), or else one built into *own. Either way *own is then
 * released with kube_netpol_model_release() (empty when borrowed).
 */
static const struct kube_netpol_model *kn_model(const struct vakt_check_ctx *ctx,
                                                struct kube_netpol_model *own)
{
	const struct kube_check_model *km = ctx->model;

	*own = (struct kube_netpol_model){0};
	if (!km || !km->set || km->obj)
		return NULL;
	if (km->netpol)
		return km->netpol;
	kube_netpol_model_build(own, km->set);
	return own;
}

/* Append "A, B, C and 2 more" for the ids of workloads[0..n). */
static void kn_list(struct vakt_buf *b, const struct kube_netpol_model *m, const size_t *wls,
                    size_t n)
{
	for (size_t i = 0; i < n && i < KN_MAX_NAMED; i++)
		vakt_buf_addf(b, "%s%s", i == 0 ? "" : (i + 1 == n ? " and " : ", "),
		              m->wls[wls[i]].id);
	if (n > KN_MAX_NAMED)
		vakt_buf_addf(b, " and %zu more", n - KN_MAX_NAMED);
}

static void kn_selector(struct vakt_buf *b, const struct kube_selector *sel)
{
	struct vakt_buf s = VAKT_BUF_INIT;

	size_t n;

	kube_selector_describe(sel, &s);
	n = s.len;
	if (n > KN_MAX_SELECTOR_TEXT) {
		/* Cut on a UTF-8 character boundary: messages stay valid UTF-8. */
		n = KN_MAX_SELECTOR_TEXT;
		while (n > 0 && ((unsigned char)s.data[n] & 0xc0) == 0x80)
			n--;
	}
	vakt_buf_add(b, vakt_buf_str(&s), n);
	if (n < s.len)
		vakt_buf_adds(b, "...");
	vakt_buf_release(&s);
}

/* Report about namespace ns: at its Namespace object, else where its first object names it. */
static void kn_emit_ns(struct vakt_check_ctx *ctx, const struct kube_np_namespace *ns,
                       const char *msg)
{
	const struct kube_object *o = ns->decl ? ns->decl : ns->first;

	if (!o)
		return;
	kube_emit(ctx, o, NULL, kube_object_where(o, o->metadata, ns->decl ? "name" : "namespace"),
	          "%s", msg);
}

/*
 * The policies of other engines (m->foreign) that concern each namespace,
 * counted in one pass: a walk of all of them per namespace was quadratic
 * with many namespaces.
 */
struct kn_foreign {
	size_t *n, *first;     /* per namespace: its own, and the index of the first */
	size_t cw_n, cw_first; /* the cluster-wide ones, which concern every namespace */
};

static void kn_foreign_build(struct kn_foreign *fx, const struct kube_netpol_model *m)
{
	fx->n = vakt_xcalloc(m->n_nss + 1, sizeof(*fx->n));
	fx->first = vakt_xcalloc(m->n_nss + 1, sizeof(*fx->first));
	fx->cw_n = 0;
	fx->cw_first = SIZE_MAX;
	for (size_t i = 0; i < m->n_nss; i++)
		fx->first[i] = SIZE_MAX;
	for (size_t i = 0; i < m->n_foreign; i++) {
		const struct kube_np_foreign *f = &m->foreign[i];
		size_t ns;

		if (f->cluster_wide) {
			if (!fx->cw_n++)
				fx->cw_first = i;
			continue;
		}
		ns = kube_netpol_find_ns(m, kube_netpol_object_ns(f->obj));
		if (ns != SIZE_MAX && !fx->n[ns]++)
			fx->first[ns] = i;
	}
}

static void kn_foreign_release(struct kn_foreign *fx)
{
	free(fx->n);
	free(fx->first);
}

/* The note on policies vakt does not evaluate (cluster-wide, or CNI-specific in ns). */
static void kn_foreign_note(struct vakt_buf *b, const struct kube_netpol_model *m,
                            const struct kn_foreign *fx, size_t ns)
{
	size_t n = fx->cw_n + fx->n[ns];
	size_t at = fx->first[ns] < fx->cw_first ? fx->first[ns] : fx->cw_first;
	const struct kube_object *first;

	if (!n) {
		vakt_buf_adds(b, "; no AdminNetworkPolicy or other cluster-wide policy is in the "
		                 "input either");
		return;
	}
	first = m->foreign[at].obj;
	vakt_buf_addf(b, "; %s '%s'", first->kind_name, first->name);
	if (n > 1)
		vakt_buf_addf(b, " and %zu more polic%s", n - 1, n == 2 ? "y" : "ies");
	vakt_buf_addf(b, " in the input may deny by default, but vakt does not evaluate %s",
	              n == 1 ? "it" : "them");
}

static size_t kn_count_open(const struct kube_netpol_model *m, size_t ns, enum kube_np_dir d)
{
	const struct kube_np_namespace *n = &m->nss[ns];
	size_t k = 0;

	for (size_t i = n->wl_first; i < n->wl_first + n->n_workloads; i++)
		k += m->wls[i].n_pols[d] == 0;
	return k;
}

/* Workloads of namespace ns that every pod can reach (kube_netpol_open_to_all()). */
static size_t kn_count_reachable(const struct kube_netpol_model *m, size_t ns)
{
	const struct kube_np_namespace *n = &m->nss[ns];
	size_t k = 0;

	for (size_t i = n->wl_first; i < n->wl_first + n->n_workloads; i++)
		k += kube_netpol_open_to_all(m, i, NULL, NULL);
	return k;
}

/* What the missing default deny means for the n workloads, open of which are open. */
static void kn_open_summary(struct vakt_buf *b, size_t n, size_t open, enum kube_np_dir d)
{
	bool in = d == KUBE_NP_INGRESS;

	if (!open)
		vakt_buf_adds(b, n == 1 ? "; its one workload is isolated by a policy that selects "
		                          "it, which a new workload will not be"
		                        : "; its workloads are isolated one by one, which a new "
		                          "workload will not be");
	else if (n == 1)
		vakt_buf_adds(b, in ? "; every pod can reach its one workload"
		                    : "; its one workload may connect anywhere");
	else if (n == 2 && open == 2)
		vakt_buf_adds(b, in ? "; every pod can reach both of its workloads"
		                    : "; both of its workloads may connect anywhere");
	else if (open == n)
		vakt_buf_addf(b,
		              in ? "; every pod can reach all %zu of its workloads"
		                 : "; all %zu of its workloads may connect anywhere",
		              n);
	else
		vakt_buf_addf(b,
		              in ? "; every pod can reach %zu of its %zu workloads"
		                 : "; %zu of its %zu workloads may connect anywhere",
		              open, n);
}

/* KN101, KN102 */
static void kn_default_deny(struct vakt_check_ctx *ctx, enum kube_np_dir d)
{
	struct kube_netpol_model own;
	const struct kube_netpol_model *m;
	struct vakt_buf b = VAKT_BUF_INIT;
	struct kn_foreign fx;

	if (!(m = kn_model(ctx, &own)))
		return;
	kn_foreign_build(&fx, m);
	for (size_t i = 0; i < m->n_nss; i++) {
		const struct kube_np_namespace *ns = &m->nss[i];
		size_t open =
		    d == KUBE_NP_INGRESS ? kn_count_reachable(m, i) : kn_count_open(m, i, d);

		if (ns->deny[d] != SIZE_MAX)
			continue;
		vakt_buf_reset(&b);
		vakt_buf_addf(&b, "namespace '%s' has no default-deny %s NetworkPolicy", ns->name,
		              kube_np_dir_name(d));
		if (ns->n_workloads)
			kn_open_summary(&b, ns->n_workloads, open, d);
		/* The classic slip: `podSelector: {}` with `egress: []` but no policyTypes. */
		for (size_t j = ns->pol_first;
		     d == KUBE_NP_EGRESS && j < ns->pol_first + ns->n_policies; j++) {
			const struct kube_netpol *p = &m->pols[j];

			if (kube_selector_is_empty(&p->pod_sel) && !p->types_explicit &&
			    p->rules_key[d] && !p->n_rules[d]) {
				vakt_buf_addf(
				    &b,
				    "; NetworkPolicy '%s' has an empty egress list but no "
				    "policyTypes, so it covers Ingress only",
				    p->obj->name);
				break;
			}
		}
		kn_foreign_note(&b, m, &fx, i);
		kn_emit_ns(ctx, ns, vakt_buf_str(&b));
	}
	kn_foreign_release(&fx);
	vakt_buf_release(&b);
	kube_netpol_model_release(&own);
}

static void kn_check_no_deny_ingress(struct vakt_check_ctx *ctx)
{
	kn_default_deny(ctx, KUBE_NP_INGRESS);
}

static void kn_check_no_deny_egress(struct vakt_check_ctx *ctx)
{
	kn_default_deny(ctx, KUBE_NP_EGRESS);
}

/* "on every port", "on TCP/443 and port 'http'" for a rule's own ports. */
static void kn_rule_ports(struct vakt_buf *b, const struct kube_np_rule *r)
{
	struct kube_ports ps = {0};
	size_t named = 0;

	kube_np_rule_ports(r, NULL, &ps);
	if (kube_ports_all(&ps)) {
		vakt_buf_adds(b, "on every port");
		kube_ports_release(&ps);
		return;
	}
	vakt_buf_adds(b, "on ");
	if (!kube_ports_empty(&ps))
		kube_ports_format(&ps, b);
	for (size_t i = 0; i < r->n_ports; i++) {
		if (!r->ports[i].valid || !r->ports[i].name)
			continue;
		vakt_buf_addf(b, "%s%s port '%s'",
		              kube_ports_empty(&ps) && !named ? "" : (named ? "," : " and"),
		              kube_proto_name(r->ports[i].proto), r->ports[i].name);
		named++;
	}
	kube_ports_release(&ps);
}

/* Whether a rule admits anything at all (some valid port). */
static bool kn_rule_has_ports(const struct kube_np_rule *r)
{
	if (r->all_ports)
		return true;
	for (size_t i = 0; i < r->n_ports; i++)
		if (r->ports[i].valid)
			return true;
	return false;
}

/* KN103 */
static void kn_check_open_to_all(struct vakt_check_ctx *ctx)
{
	struct kube_netpol_model own;
	const struct kube_netpol_model *m;
	struct vakt_buf b = VAKT_BUF_INIT;

	if (!(m = kn_model(ctx, &own)))
		return;
	for (size_t i = 0; i < m->n_pols; i++) {
		const struct kube_netpol *p = &m->pols[i];
		const struct kube_np_namespace *ns = &m->nss[p->ns];
		size_t n_sel = p->n_selected;
		const size_t *sel = p->selected;

		/* A policy that selects none of the workloads present is KN105's business. */
		if (!p->types[KUBE_NP_INGRESS] || (ns->n_workloads && !p->n_selected))
			continue;
		for (size_t j = 0; j < p->n_rules[KUBE_NP_INGRESS]; j++) {
			const struct kube_np_rule *r = &p->rules[KUBE_NP_INGRESS][j];
			const struct vakt_yaml_node *at = r->node;

			if (!kube_np_rule_admits_all_pods(r) || !kn_rule_has_ports(r))
				continue;
			vakt_buf_reset(&b);
			vakt_buf_addf(&b, "ingress rule %zu of NetworkPolicy '%s' admits ",
			              r->index + 1, p->obj->name);
			if (r->all_peers) {
				vakt_buf_adds(&b, "every source, in the cluster or outside it, ");
			} else {
				vakt_buf_adds(&b, "every pod of every namespace ");
				for (size_t k = 0; k < r->n_peers; k++) {
					if (kube_np_peer_all_pods(&r->peers[k])) {
						at = kube_object_where(p->obj, r->peers[k].node,
						                       "namespaceSelector");
						break;
					}
				}
			}
			kn_rule_ports(&b, r);
			if (n_sel) {
				vakt_buf_adds(&b, "; it selects ");
				kn_list(&b, m, sel, n_sel);
			} else {
				vakt_buf_addf(&b, "; no workload of namespace '%s' is in the input",
				              ns->name);
			}
			if (!at)
				at = p->rules_key[KUBE_NP_INGRESS];
			kube_emit(ctx, p->obj, NULL, at, "%s", vakt_buf_str(&b));
		}
	}
	vakt_buf_release(&b);
	kube_netpol_model_release(&own);
}

/* KN104 */
static void kn_check_not_isolated(struct vakt_check_ctx *ctx)
{
	struct kube_netpol_model own;
	const struct kube_netpol_model *m;
	struct vakt_buf b = VAKT_BUF_INIT;

	if (!(m = kn_model(ctx, &own)))
		return;
	for (size_t i = 0; i < m->n_nss; i++) {
		const struct kube_np_namespace *ns = &m->nss[i];
		size_t open = kn_count_open(m, i, KUBE_NP_INGRESS);

		/* Only where the team isolates some workloads and this one slipped through. */
		if (ns->deny[KUBE_NP_INGRESS] != SIZE_MAX || !open || open == ns->n_workloads)
			continue;
		for (size_t j = ns->wl_first; j < ns->wl_first + ns->n_workloads; j++) {
			const struct kube_np_workload *w = &m->wls[j];
			const struct kube_object *o = w->obj;

			if (w->n_pols[KUBE_NP_INGRESS])
				continue;
			vakt_buf_reset(&b);
			vakt_buf_addf(
			    &b,
			    "no ingress NetworkPolicy selects %s '%s', while %zu other "
			    "workload%s of namespace '%s' %s isolated: every pod can reach "
			    "it on every port",
			    o->kind_name, o->name, ns->n_workloads - open,
			    ns->n_workloads - open == 1 ? "" : "s", ns->name,
			    ns->n_workloads - open == 1 ? "is" : "are");
			if (!w->labels.n)
				vakt_buf_adds(&b, " (its pods have no labels)");
			kube_emit(ctx, o, NULL, kube_object_where(o, o->pod_meta, "labels"), "%s",
			          vakt_buf_str(&b));
		}
	}
	vakt_buf_release(&b);
	kube_netpol_model_release(&own);
}

/* KN105 */
static void kn_check_selects_nothing(struct vakt_check_ctx *ctx)
{
	struct kube_netpol_model own;
	const struct kube_netpol_model *m;
	struct vakt_buf b = VAKT_BUF_INIT;

	if (!(m = kn_model(ctx, &own)))
		return;
	for (size_t i = 0; i < m->n_pols; i++) {
		const struct kube_netpol *p = &m->pols[i];
		const struct kube_np_namespace *ns = &m->nss[p->ns];

		/* Without workloads of the namespace in the input there is nothing to judge. */
		if (p->n_selected || !ns->n_workloads)
			continue;
		vakt_buf_reset(&b);
		if (ns->n_workloads == 1)
			vakt_buf_addf(&b,
			              "NetworkPolicy '%s' does not select %s, the only workload of "
			              "namespace '%s' (podSelector ",
			              p->obj->name, m->wls[ns->wl_first].id, ns->name);
		else
			vakt_buf_addf(&b,
			              "NetworkPolicy '%s' selects none of the %zu workloads of "
			              "namespace '%s' (podSelector ",
			              p->obj->name, ns->n_workloads, ns->name);
		kn_selector(&b, &p->pod_sel);
		vakt_buf_addc(&b, ')');
		kube_emit(ctx, p->obj, NULL, kube_object_where(p->obj, p->spec, "podSelector"),
		          "%s", vakt_buf_str(&b));
	}
	vakt_buf_release(&b);
	kube_netpol_model_release(&own);
}

/* Whether a peer can be outside the rule's own namespace (where cluster DNS runs). */
static bool kn_reaches_beyond(const struct kube_np_rule *r)
{
	if (r->all_peers)
		return true;
	for (size_t i = 0; i < r->n_peers; i++)
		if (r->peers[i].has_ns_sel || r->peers[i].has_ip_block)
			return true;
	return false;
}

/*
 * Whether the egress rules of the policies isolating w let it resolve
 * names: a rule naming port 53 (or CoreDNS's port names), or a rule open on
 * port 53 towards other namespaces or addresses.
 */
static bool kn_dns_allowed(const struct kube_netpol_model *m, const struct kube_np_workload *w)
{
	struct kube_ports ps = {0};
	bool ok = false;

	for (size_t i = 0; !ok && i < w->n_pols[KUBE_NP_EGRESS]; i++) {
		const struct kube_netpol *p = &m->pols[w->pols[KUBE_NP_EGRESS][i]];

		for (size_t j = 0; !ok && j < p->n_rules[KUBE_NP_EGRESS]; j++) {
			const struct kube_np_rule *r = &p->rules[KUBE_NP_EGRESS][j];

			for (size_t k = 0; k < r->n_ports; k++) {
				const struct kube_np_port *pt = &r->ports[k];

				if (pt->valid && pt->proto != KUBE_PROTO_SCTP &&
				    ((pt->name &&
				      (!strcmp(pt->name, "dns") || !strcmp(pt->name, "dns-tcp"))) ||
				     (pt->port && pt->port <= 53 && 53 <= pt->end_port)))
					ok = true;
			}
			kube_np_rule_ports(r, NULL, &ps);
			if (kn_reaches_beyond(r) && (kube_ports_has(&ps, KUBE_PROTO_UDP, 53) ||
			                             kube_ports_has(&ps, KUBE_PROTO_TCP, 53)))
				ok = true;
		}
	}
	kube_ports_release(&ps);
	return ok;
}

/* Where a policy says it covers egress: the "Egress" item of policyTypes, else `egress:`. */
static const struct vakt_yaml_node *kn_egress_where(const struct kube_netpol *p)
{
	const struct vakt_yaml_node *types = vakt_yaml_get(p->spec, "policyTypes");

	for (size_t i = 0; vakt_yaml_is_seq(types) && i < types->n; i++) {
		const char *t = vakt_yaml_str(types->items[i]);

		if (t && !strcmp(t, "Egress"))
			return types->items[i];
	}
	if (p->rules_key[KUBE_NP_EGRESS])
		return p->rules_key[KUBE_NP_EGRESS];
	return kube_object_where(p->obj, p->spec, "policyTypes");
}

/* KN106 */
static void kn_check_dns(struct vakt_check_ctx *ctx)
{
	struct kube_netpol_model own;
	const struct kube_netpol_model *m;
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t *by_pol, *first, *list;

	if (!(m = kn_model(ctx, &own)))
		return;
	by_pol = vakt_xcalloc(m->n_wls + 1, sizeof(*by_pol));
	first = vakt_xcalloc(m->n_pols + 2, sizeof(*first));
	list = vakt_xcalloc(m->n_wls + 1, sizeof(*list));
	/* Each workload is reported once, at the first policy that isolates it. */
	for (size_t j = 0; j < m->n_wls; j++) {
		const struct kube_np_workload *w = &m->wls[j];

		by_pol[j] = SIZE_MAX;
		if (w->n_pols[KUBE_NP_EGRESS] && !kn_dns_allowed(m, w)) {
			by_pol[j] = w->pols[KUBE_NP_EGRESS][0];
			first[by_pol[j] + 1]++;
		}
	}
	/*
	 * Bucket the workloads by that policy, in workload order (a counting
	 * sort): list[first[i] .. first[i + 1]) are policy i's. Asking every
	 * policy about every workload of its namespace was quadratic.
	 */
	for (size_t i = 0; i < m->n_pols; i++)
		first[i + 1] += first[i];
	for (size_t j = 0; j < m->n_wls; j++)
		if (by_pol[j] != SIZE_MAX)
			list[first[by_pol[j]]++] = j;
	for (size_t i = m->n_pols; i-- > 0;)
		first[i + 1] = first[i];
	first[0] = 0;
	for (size_t i = 0; i < m->n_pols; i++) {
		const struct kube_netpol *p = &m->pols[i];
		size_t n = first[i + 1] - first[i];

		if (!n)
			continue;
		vakt_buf_reset(&b);
		vakt_buf_addf(&b, "NetworkPolicy '%s' isolates ", p->obj->name);
		kn_list(&b, m, list + first[i], n);
		vakt_buf_adds(&b,
		              " for egress, and no egress rule allows DNS (UDP and TCP port 53): "
		              "name resolution will fail");
		kube_emit(ctx, p->obj, NULL, kn_egress_where(p), "%s", vakt_buf_str(&b));
	}
	free(by_pol);
	free(first);
	free(list);
	vakt_buf_release(&b);
	kube_netpol_model_release(&own);
}

/* KN107 */
static void kn_check_peer_nothing(struct vakt_check_ctx *ctx)
{
	struct kube_netpol_model own;
	const struct kube_netpol_model *m;
	struct vakt_buf b = VAKT_BUF_INIT;

	if (!(m = kn_model(ctx, &own)))
		return;
	for (size_t i = 0; i < m->n_pols; i++) {
		const struct kube_netpol *p = &m->pols[i];

		if (!m->nss[p->ns].n_workloads)
			continue;
		for (int d = 0; d < KUBE_NP_DIRS; d++) {
			for (size_t j = 0; j < p->n_rules[d]; j++) {
				const struct kube_np_rule *r = &p->rules[d][j];

				for (size_t k = 0; k < r->n_peers; k++) {
					const struct kube_np_peer *peer = &r->peers[k];

					/* Only same-namespace peers: other namespaces may be
					 * elsewhere. */
					if (!peer->has_pod_sel || peer->has_ns_sel ||
					    peer->has_ip_block ||
					    kube_netpol_selects_any(m, p->ns, &peer->pod_sel))
						continue;
					vakt_buf_reset(&b);
					vakt_buf_addf(
					    &b,
					    "%s rule %zu of NetworkPolicy '%s' names pods "
					    "matching ",
					    kube_np_dir_name(d), r->index + 1, p->obj->name);
					kn_selector(&b, &peer->pod_sel);
					vakt_buf_addf(&b,
					              ", but no workload of namespace '%s' in the "
					              "input has such labels",
					              m->nss[p->ns].name);
					kube_emit(
					    ctx, p->obj, NULL,
					    kube_object_where(p->obj, peer->node, "podSelector"),
					    "%s", vakt_buf_str(&b));
				}
			}
		}
	}
	vakt_buf_release(&b);
	kube_netpol_model_release(&own);
}

const struct vakt_rule kube_rules_network[] = {
    {
        .id = "KN101",
        .fix = kube_fix_default_deny,
        .fix_summary = "writes NS-default-deny.yaml beside the namespace's manifests: a "
                       "default-deny ingress NetworkPolicy",
        .slug = "namespace-no-default-deny-ingress",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "The namespace has no default-deny ingress NetworkPolicy",
        .rationale =
            "By default every pod of a cluster can connect to every other: the frontend can "
            "probe the payment service. A pod is only isolated for ingress "
            "once a NetworkPolicy selects it with Ingress in its effective policyTypes; a "
            "default-deny policy (podSelector: {} with no ingress rules) isolates every pod "
            "of the namespace, including those added later, so that each allowed flow has to "
            "be written down. A policy without policyTypes covers Ingress, and `ingress: [{}]` "
            "allows everything, so it is no default deny. The namespaces are those declared "
            "by Namespace objects and those named by objects of the scan (no namespace means "
            "\"default\"). Cluster-wide policies (AdminNetworkPolicy, Calico and Cilium "
            "policies) can also deny by default; vakt names them when they are in the input "
            "but does not evaluate them.",
        .remediation = "Add a default-deny policy to the namespace, then allow each flow "
                       "explicitly:\n"
                       "  apiVersion: networking.k8s.io/v1\n"
                       "  kind: NetworkPolicy\n"
                       "  metadata: {name: default-deny-ingress, namespace: shop}\n"
                       "  spec:\n"
                       "    podSelector: {}\n"
                       "    policyTypes: [Ingress]\n"
                       "Enforcement needs a CNI plugin that implements NetworkPolicy (Calico, "
                       "Cilium, ...).",
        .references = REFS(DOC_DEFAULTS, DOC_NETPOL_API, DOC_ANP, DOC_VAKT, NIST_NET),
        .equivalents = NO_PEERS,
        .check = kn_check_no_deny_ingress,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "KN102",
        .fix = kube_fix_default_deny,
        .fix_summary = "writes NS-default-deny.yaml beside the namespace's manifests: a "
                       "default-deny egress NetworkPolicy and one that allows DNS",
        .slug = "namespace-no-default-deny-egress",
        .domain = "kubernetes",
        .severity = VAKT_SEV_LOW,
        .title = "The namespace has no default-deny egress NetworkPolicy",
        .rationale =
            "Without egress isolation a compromised pod can connect to any other pod, to the "
            "cloud metadata endpoint and to anywhere on the internet, to move laterally or "
            "send data out. Egress isolation has to be asked for: a policy covers Egress only "
            "when policyTypes lists it, or when it has egress rules (and then it allows "
            "them), so `podSelector: {}` alone denies ingress only. The default deny is a "
            "policy with an empty podSelector, Egress in policyTypes and no egress "
            "rules.",
        .remediation = "Add a default-deny egress policy, then allow DNS and each needed "
                       "destination:\n"
                       "  spec:\n"
                       "    podSelector: {}\n"
                       "    policyTypes: [Egress]\n"
                       "Allow cluster DNS (UDP and TCP 53 to kube-system) in a second policy, "
                       "or names stop resolving (KN106).",
        .references = REFS(DOC_DEFAULTS, DOC_NETPOL_API, DOC_VAKT, NIST_EGRESS),
        .equivalents = NO_PEERS,
        .check = kn_check_no_deny_egress,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "KN103",
        .slug = "ingress-open-to-all-pods",
        .domain = "kubernetes",
        .severity = VAKT_SEV_LOW,
        .title = "An ingress rule admits every pod of every namespace",
        .rationale = "An ingress rule without `from` (the `ingress: [{}]` allow-all of the "
                     "documentation), or with a peer `namespaceSelector: {}` and no narrower "
                     "podSelector, lets every pod of the cluster reach the selected workloads, and "
                     "without `from` every address outside it too. On a port a public entry point "
                     "serves (an ingress controller's backend) this can be intended; elsewhere it "
                     "undoes the namespace's default deny for those pods.",
        .remediation = "Name the clients: a podSelector for the pods of the same namespace, "
                       "a namespaceSelector on `kubernetes.io/metadata.name` plus a "
                       "podSelector for other namespaces, and the ports they need. Suppress "
                       "with the reason on a deliberate entry point.",
        .references = REFS(DOC_NETPOL, DOC_NETPOL_API, DOC_VAKT),
        .equivalents = NO_PEERS,
        .check = kn_check_open_to_all,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "KN104",
        .slug = "workload-not-isolated",
        .domain = "kubernetes",
        .severity = VAKT_SEV_LOW,
        .title = "No ingress NetworkPolicy selects the workload, while others in its "
                 "namespace are isolated",
        .rationale =
            "When a namespace isolates its workloads one policy at a time instead of with a "
            "default deny, a workload whose pod labels no policy selects stays open to every "
            "pod of the cluster on every port, usually unnoticed: a renamed label or a new "
            "deployment is enough. Reported only when other workloads of the namespace are "
            "isolated (a namespace without any isolation is KN101's finding).",
        .remediation = "Add a default-deny ingress policy to the namespace (KN101), or a "
                       "policy that selects this workload's pod labels and allows only its "
                       "clients.",
        .references = REFS(DOC_NETPOL, DOC_VAKT),
        .equivalents = PEERS("kube-linter:non-isolated-pod", "checkov:CKV2_K8S_6"),
        .check = kn_check_not_isolated,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "KN105",
        .slug = "networkpolicy-selects-nothing",
        .domain = "kubernetes",
        .severity = VAKT_SEV_INFO,
        .title = "The NetworkPolicy selects none of the workloads of its namespace",
        .rationale = "A podSelector that matches no pod template (a typo in a label, a label that "
                     "was renamed, the wrong namespace) leaves the workloads it was written for "
                     "unprotected while the policy looks like it is doing its job. Judged against "
                     "the workloads of the same namespace present in the scan; an invalid selector "
                     "(unknown operator, In without values) selects nothing.",
        .remediation = "Fix the podSelector to match the pod template labels of the "
                       "workload (spec.template.metadata.labels), or delete the policy.",
        .references = REFS(DOC_NETPOL_API, DOC_VAKT),
        .equivalents = PEERS("kube-linter:dangling-networkpolicy"),
        .check = kn_check_selects_nothing,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "KN106",
        .slug = "egress-isolation-blocks-dns",
        .domain = "kubernetes",
        .severity = VAKT_SEV_LOW,
        .title = "Egress isolation without a rule that allows DNS",
        .rationale =
            "Once a pod is isolated for egress, every connection it makes needs a rule, "
            "including its lookups to the cluster DNS service (UDP and TCP port 53 in "
            "kube-system). Without one, name resolution fails and the application breaks in "
            "ways that look unrelated; teams then tend to remove the egress policy "
            "altogether. Counted as allowing DNS: a rule on port 53 (or a port named dns), "
            "or a rule open on port 53 towards other namespaces or addresses.",
        .remediation = "Add an egress rule for DNS, e.g.\n"
                       "  egress:\n"
                       "  - to:\n"
                       "    - namespaceSelector:\n"
                       "        matchLabels: {kubernetes.io/metadata.name: kube-system}\n"
                       "      podSelector:\n"
                       "        matchLabels: {k8s-app: kube-dns}\n"
                       "    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]",
        .references = REFS(DOC_NETPOL,
                           "https://kubernetes.io/docs/concepts/services-networking/"
                           "dns-pod-service/",
                           DOC_VAKT),
        .equivalents = NO_PEERS,
        .check = kn_check_dns,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "KN107",
        .slug = "networkpolicy-peer-selects-nothing",
        .domain = "kubernetes",
        .severity = VAKT_SEV_INFO,
        .title = "A NetworkPolicy rule names pods that no workload of the namespace has",
        .rationale =
            "A `from` or `to` peer with only a podSelector means pods of the policy's own "
            "namespace. When no workload of that namespace in the scan has matching labels, "
            "the rule allows nothing, which usually means a typo: the traffic it was meant "
            "to allow is blocked.",
        .remediation = "Fix the peer's podSelector to the pod template labels of the "
                       "intended clients (or servers), or add a namespaceSelector when they "
                       "live in another namespace.",
        .references = REFS(DOC_NETPOL_API, DOC_VAKT),
        .equivalents = PEERS("kube-linter:dangling-networkpolicypeer-podselector"),
        .check = kn_check_peer_nothing,
        .scope = VAKT_SCOPE_SET,
    },
    {.id = NULL}, /* the end */
};
