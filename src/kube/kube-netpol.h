/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KUBE_NETPOL_H
#define VAKT_KUBE_NETPOL_H

/*
 * NetworkPolicy (networking.k8s.io/v1) as Kubernetes defines it, and the
 * reachability it implies between the workloads of one set of objects.
 * Used by the network posture rules (KN1xx, kube-rules-network.c) and by
 * `vakt netpol`'s reports (kube-netpol-render.h). docs/netpol.md explains
 * the model.
 *
 * Semantics, from the API type documentation:
 * - a policy selects pods of its own namespace by spec.podSelector (absent
 *   or `{}`: every pod);
 * - effective policyTypes: the listed ones, or when the list is absent or
 *   empty, Ingress plus Egress when the policy has egress rules;
 * - a pod is isolated in a direction when some policy selecting it has that
 *   type; then only what the rules of those policies allow passes (rules
 *   add up, nothing denies); a rule without peers admits every peer, one
 *   without ports every port;
 * - traffic between two pods passes when the destination's ingress and the
 *   source's egress both allow it, on the ports both allow.
 *
 * Choices where static input cannot say more (all documented):
 * - a pod's labels are its template's labels (plus job-name for a Job); a
 *   namespace's labels are those of its Namespace object plus
 *   kubernetes.io/metadata.name, which the API server sets;
 * - objects without metadata.namespace are in "default";
 * - ipBlock peers never match pods (the API documentation meant them for
 *   cluster-external addresses; some CNI plugins also apply them to pod
 *   IPs); they are reported as external reachability;
 * - an invalid selector (unknown operator, In without values, ...) selects
 *   nothing, as the API server would have refused the object.
 *
 * Everything borrows the set's YAML tree: keep the set alive as long as the
 * model.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/util.h"
#include "core/yaml.h"
#include "kube-model.h"

/* Most workloads whose pairs kube_netpol_edges() decides (N * N verdicts). */
#define KUBE_NETPOL_MAX_WORKLOADS 4096
/* Highest port number. */
#define KUBE_PORT_MAX 65535u

/* --- labels and selectors (kube-selector.c) ------------------------------ */

struct kube_label {
	const char *key;   /* borrowed */
	const char *value; /* borrowed; "" for a null value */
};

/* A label set; later entries win over earlier ones with the same key. */
struct kube_labels {
	struct kube_label *v; /* owned array */
	size_t n;
	size_t cap;
};

/*
 * Make room for extra more labels, exactly: a model holds thousands of small
 * label sets, which kube_labels_add() alone would grow 8 at a time.
 */
void kube_labels_reserve(struct kube_labels *l, size_t extra);
/* Add the scalar pairs of a labels mapping (NULL or not a mapping: nothing). */
void kube_labels_add_map(struct kube_labels *l, const struct vakt_yaml_node *map);
/* Add one label; key and value are borrowed and must outlive l. */
void kube_labels_add(struct kube_labels *l, const char *key, const char *value);
/* The value of key, or NULL when l has no such label. Borrowed. */
const char *kube_labels_get(const struct kube_labels *l, const char *key);
void kube_labels_release(struct kube_labels *l);

enum kube_sel_op {
	KUBE_SEL_EQ, /* matchLabels key: value */
	KUBE_SEL_IN,
	KUBE_SEL_NOT_IN,
	KUBE_SEL_EXISTS,
	KUBE_SEL_NOT_EXISTS,
};

struct kube_sel_req {
	const char *key; /* borrowed */
	enum kube_sel_op op;
	/* Array of borrowed strings: EQ has one, a slot of the selector's eq_values; owned else. */
	const char **values;
	size_t n_values;
};

/*
 * A metav1.LabelSelector. Requirements are ANDed; none selects everything.
 * An invalid selector selects nothing and says why.
 */
struct kube_selector {
	const struct vakt_yaml_node *node; /* the selector mapping; NULL when absent */
	bool valid;
	const char *problem;       /* static text when !valid */
	struct kube_sel_req *reqs; /* owned */
	size_t n;
	const char **eq_values; /* owned: the values of the matchLabels requirements */
	size_t n_eq;
};

/*
 * Parse a selector node (NULL or null: the empty selector). Always fills
 * *sel; release it with kube_selector_release().
 */
void kube_selector_parse(const struct vakt_yaml_node *node, struct kube_selector *sel);
/* Whether sel selects everything (valid, no requirement). */
bool kube_selector_is_empty(const struct kube_selector *sel);
/* Whether the labels l satisfy sel. */
bool kube_selector_matches(const struct kube_selector *sel, const struct kube_labels *l);
/* Append "app=web,tier in (a,b),!debug" ("{}" when empty) to b. */
void kube_selector_describe(const struct kube_selector *sel, struct vakt_buf *b);
void kube_selector_release(struct kube_selector *sel);

/* --- port sets (kube-netpol-ports.c) ------------------------------------- */

/* enum kube_proto is kube-model.h's (objects read their ports when loaded). */
/* "TCP", "UDP", "SCTP". */
const char *kube_proto_name(enum kube_proto p);
/* Parse a protocol as the API spells it (case-sensitive); false when unknown. */
bool kube_proto_parse(const char *s, enum kube_proto *out);
/* Read a port number node (1..KUBE_PORT_MAX) into *out; false when it is not one. */
bool kube_port_parse(const struct vakt_yaml_node *n, unsigned *out);

struct kube_port_range {
	enum kube_proto proto;
	unsigned lo, hi; /* 1 <= lo <= hi <= KUBE_PORT_MAX */
};

/* A set of (protocol, port) kept as sorted, disjoint, non-adjacent ranges. */
struct kube_ports {
	struct kube_port_range *v; /* owned */
	size_t n;
	size_t cap;
};

/* Add proto ports lo..hi (clamped to 1..KUBE_PORT_MAX; nothing when lo > hi). */
void kube_ports_add(struct kube_ports *p, enum kube_proto proto, unsigned lo, unsigned hi);
/* Add every port of every protocol. */
void kube_ports_add_all(struct kube_ports *p);
/* dst |= src. */
void kube_ports_union(struct kube_ports *dst, const struct kube_ports *src);
/* out = a & b (out is reset first; must differ from a and b). */
void kube_ports_intersect(const struct kube_ports *a, const struct kube_ports *b,
                          struct kube_ports *out);
bool kube_ports_empty(const struct kube_ports *p);
/* Whether p holds every port of every protocol. */
bool kube_ports_all(const struct kube_ports *p);
bool kube_ports_has(const struct kube_ports *p, enum kube_proto proto, unsigned port);
/* Append "any", "none" or "TCP/80, TCP/8000-8080, UDP/53" to b. */
void kube_ports_format(const struct kube_ports *p, struct vakt_buf *b);
void kube_ports_reset(struct kube_ports *p);
void kube_ports_release(struct kube_ports *p);

/* --- the model (kube-netpol.c) ------------------------------------------- */

enum kube_np_dir {
	KUBE_NP_INGRESS,
	KUBE_NP_EGRESS,
};
#define KUBE_NP_DIRS 2

/* "ingress" / "egress" and the policyTypes spelling "Ingress" / "Egress". */
const char *kube_np_dir_name(enum kube_np_dir d);
const char *kube_np_dir_type(enum kube_np_dir d);

/* One entry of a rule's `ports`. */
struct kube_np_port {
	const struct vakt_yaml_node *node; /* the item */
	bool valid;                        /* false: matches no port (the API would refuse it) */
	enum kube_proto proto;             /* default TCP */
	const char *name;                  /* named port, borrowed; NULL when numeric or absent */
	unsigned port;                     /* 0: every port of proto */
	unsigned end_port;                 /* last port of the range (== port without endPort) */
};

/* One entry of `from` / `to`. */
struct kube_np_peer {
	const struct vakt_yaml_node *node; /* the item */
	bool has_pod_sel, has_ns_sel, has_ip_block;
	struct kube_selector pod_sel, ns_sel;
	const char *cidr;    /* ipBlock.cidr, borrowed; NULL when missing */
	const char **except; /* owned array of borrowed strings */
	size_t n_except;
};

/* One ingress or egress rule. */
struct kube_np_rule {
	const struct vakt_yaml_node *node; /* the rule mapping (or null item) */
	size_t index;                      /* 0-based position in its list */
	bool all_peers;                    /* `from`/`to` absent or empty: every peer */
	struct kube_np_peer *peers;        /* owned */
	size_t n_peers;
	bool all_ports;             /* `ports` absent or empty: every port */
	struct kube_np_port *ports; /* owned */
	size_t n_ports;
};

struct kube_netpol {
	const struct kube_object *obj;
	size_t ns; /* index into the model's namespaces */
	const struct vakt_yaml_node *spec;
	struct kube_selector pod_sel;
	bool types_explicit;      /* policyTypes listed (non-empty) */
	bool types[KUBE_NP_DIRS]; /* effective policyTypes */
	/* The rules, by direction; rules_key is the `ingress:`/`egress:` key or NULL. */
	const struct vakt_yaml_node *rules_key[KUBE_NP_DIRS];
	struct kube_np_rule *rules[KUBE_NP_DIRS]; /* owned */
	size_t n_rules[KUBE_NP_DIRS];
	size_t *selected;  /* owned: the workloads of the set it selects, increasing */
	size_t n_selected; /* workloads of the set it selects */
};

/* Something that runs pods: Pod and the controllers (PodTemplate excluded). */
struct kube_np_workload {
	const struct kube_object *obj;
	const char *id; /* "Kind/namespace/name" with the effective namespace: obj->path */
	size_t ns;
	struct kube_labels labels;
	const struct kube_cport *ports; /* obj->ports: for named ports */
	size_t n_ports;
	bool host_network;
	/*
	 * Policies (indices) that select it with the direction in their types,
	 * increasing; borrowed from the model (kube_netpol_model.pol_refs).
	 */
	size_t *pols[KUBE_NP_DIRS];
	size_t n_pols[KUBE_NP_DIRS];
};

struct kube_np_namespace {
	const char *name;                /* borrowed ("default" is static) */
	const struct kube_object *decl;  /* its Namespace object, or NULL */
	const struct kube_object *first; /* first namespaced object in it (file, line), or NULL */
	struct kube_labels labels;       /* with kubernetes.io/metadata.name */
	/* Its workloads are wls[wl_first .. wl_first + n_workloads), likewise policies. */
	size_t wl_first, n_workloads;
	size_t pol_first, n_policies;
	/* A default-deny policy per direction (index), SIZE_MAX when none. */
	size_t deny[KUBE_NP_DIRS];
};

/*
 * Policies of other engines in the input (AdminNetworkPolicy, Calico,
 * Cilium, ...), which vakt does not evaluate but names in its messages.
 */
struct kube_np_foreign {
	const struct kube_object *obj;
	bool cluster_wide;
};

/* One label of one workload, as the model indexes them (kube-netpol-index.c). */
struct kube_np_label_ref {
	size_t ns;               /* namespace index */
	const char *key, *value; /* borrowed */
	size_t wl;               /* workload index */
};

struct kube_netpol_model {
	struct kube_np_namespace *nss; /* sorted by name; owned */
	size_t n_nss;
	struct kube_np_workload *wls; /* sorted by namespace, name, kind; owned */
	size_t n_wls;
	struct kube_netpol *pols; /* sorted by namespace, name; owned */
	size_t n_pols;
	struct kube_np_foreign *foreign; /* in set order; owned */
	size_t n_foreign;
	size_t *pol_refs; /* owned: every workload's pols[], one slice each */
	/* Every workload label, sorted by namespace, key, value, workload; owned. */
	struct kube_np_label_ref *labels;
	size_t n_labels;
	/* Every namespace label (ns 0, wl the namespace's index), sorted likewise; owned. */
	struct kube_np_label_ref *ns_labels;
	size_t n_ns_labels;
};

/*
 * Build the model of every NetworkPolicy, workload and namespace of set.
 * The model borrows set; release it with kube_netpol_model_release().
 */
void kube_netpol_model_build(struct kube_netpol_model *m, const struct kube_set *set);
void kube_netpol_model_release(struct kube_netpol_model *m);

/* Whether obj is a networking.k8s.io NetworkPolicy (not Calico's kind of the same name). */
bool kube_netpol_is_k8s(const struct kube_object *obj);
/* The namespace an object is in: metadata.namespace, else "default". Borrowed. */
const char *kube_netpol_object_ns(const struct kube_object *obj);
/* Index of the namespace called name, or SIZE_MAX. */
size_t kube_netpol_find_ns(const struct kube_netpol_model *m, const char *name);
/* Whether policy p selects workload w (same namespace, selector matches). */
bool kube_netpol_selects(const struct kube_netpol_model *m, const struct kube_netpol *p,
                         const struct kube_np_workload *w);
/* Whether p is a default deny for direction d: empty selector, type d, no rules of d. */
bool kube_netpol_is_default_deny(const struct kube_netpol *p, enum kube_np_dir d);

/* --- selecting workloads (kube-netpol-index.c) --------------------------- */

/* Fill m->labels from m->wls (kube_netpol_model_build() does). */
void kube_netpol_index_build(struct kube_netpol_model *m);
/*
 * The workloads of namespace ns that sel selects, increasing, into the
 * caller's growable array *out (*n entries, *cap capacity; reset first, the
 * caller frees it). Only the workloads that carry the rarest label one of
 * sel's requirements needs are tested, so selecting for N policies among N
 * workloads costs N binary searches and the matches, not N * N tests.
 * Returns how many workloads were tested against sel (the work done).
 */
size_t kube_netpol_select(const struct kube_netpol_model *m, size_t ns,
                          const struct kube_selector *sel, size_t **out, size_t *n, size_t *cap);
/* The namespaces whose labels sel matches, likewise (a namespaceSelector). */
size_t kube_netpol_select_ns(const struct kube_netpol_model *m, const struct kube_selector *sel,
                             size_t **out, size_t *n, size_t *cap);
/* Whether sel selects some workload of namespace ns (the same search, stopping at one). */
bool kube_netpol_selects_any(const struct kube_netpol_model *m, size_t ns,
                             const struct kube_selector *sel);

/* --- reachability (kube-netpol-eval.c) ----------------------------------- */

/* A rule that admits the peer, with the ports it opens towards the destination. */
struct kube_np_hit {
	size_t pol;              /* policy index */
	size_t rule;             /* rule index in the direction's list */
	struct kube_ports ports; /* may be empty: e.g. a named port the destination lacks */
};

/* One direction of a decision: dst's ingress or src's egress. */
struct kube_np_side {
	bool isolated;
	struct kube_ports ports;  /* what this side allows (everything when not isolated) */
	struct kube_np_hit *hits; /* owned */
	size_t n_hits;
	size_t cap;
};

struct kube_np_verdict {
	size_t src, dst;
	struct kube_np_side side[KUBE_NP_DIRS]; /* [INGRESS] at dst, [EGRESS] at src */
	struct kube_ports ports;                /* allowed: ingress & egress */
};

/*
 * Decide whether pods of workload src may open connections to pods of
 * workload dst, and on which ports. Fills *v (release with
 * kube_np_verdict_release()).
 */
void kube_netpol_decide(const struct kube_netpol_model *m, size_t src, size_t dst,
                        struct kube_np_verdict *v);
void kube_np_verdict_release(struct kube_np_verdict *v);
bool kube_np_verdict_allowed(const struct kube_np_verdict *v);

/* The ports one rule opens towards dst (NULL: an address outside the cluster). */
void kube_np_rule_ports(const struct kube_np_rule *r, const struct kube_np_workload *dst,
                        struct kube_ports *out);
/* Whether a peer of policy p matches the pods of workload w. */
bool kube_np_peer_matches(const struct kube_netpol_model *m, const struct kube_netpol *p,
                          const struct kube_np_peer *peer, const struct kube_np_workload *w);
/* Whether a peer is every pod of every namespace (`namespaceSelector: {}`, no narrower
 * podSelector). */
bool kube_np_peer_all_pods(const struct kube_np_peer *peer);
/*
 * Whether rule r of policy p admits every pod of every namespace: no peers,
 * or a peer with `namespaceSelector: {}` and no (or an empty) podSelector.
 */
bool kube_np_rule_admits_all_pods(const struct kube_np_rule *r);

/* Traffic between a workload and addresses outside the cluster. */
struct kube_np_external {
	bool isolated;
	bool any_address;        /* not isolated, or a rule without peers */
	struct kube_ports ports; /* union over the rules that admit some address */
	struct vakt_strv cidrs;  /* "10.0.0.0/8 except 10.1.0.0/16", in rule order, unique */
};

/*
 * What outside addresses may send to workload w (INGRESS) or receive from it
 * (EGRESS; named ports cannot resolve there). Release with
 * kube_np_external_release().
 */
void kube_netpol_external(const struct kube_netpol_model *m, size_t w, enum kube_np_dir d,
                          struct kube_np_external *x);
void kube_np_external_release(struct kube_np_external *x);

/*
 * Whether every pod of the cluster may reach workload w (ignoring the
 * sources' own egress policies): w is not isolated for ingress, or a rule
 * of a policy selecting it admits all pods (kube_np_rule_admits_all_pods()).
 * *ports (may be NULL) receives the ports so opened; *pol the first policy
 * that opens it (SIZE_MAX when w is not isolated).
 */
bool kube_netpol_open_to_all(const struct kube_netpol_model *m, size_t w, struct kube_ports *ports,
                             size_t *pol);

/*
 * What an attacker in any pod would go for in workload w: "database",
 * "cache" or "secrets store" (static), from its containers' images
 * (postgres, redis, vault, ...) or their default ports; NULL for anything
 * else (kube-netpol-sensitive.c). vakt netpol's summary lists these first.
 */
const char *kube_netpol_sensitive(const struct kube_np_workload *w);

/* An allowed pair and its ports. */
struct kube_np_edge {
	size_t src, dst;
	struct kube_ports ports; /* owned */
};

/*
 * Every allowed ordered pair (self pairs included), src-major. On success
 * the caller owns *out (kube_np_edges_free()). More than
 * KUBE_NETPOL_MAX_WORKLOADS workloads: -E2BIG. Only the pairs whose source
 * the destination's ingress admits are decided (found through the label
 * indexes), so an isolated namespace costs about its edges, not N * N.
 */
int kube_netpol_edges(const struct kube_netpol_model *m, struct kube_np_edge **out, size_t *n,
                      struct vakt_error **err);
void kube_np_edges_free(struct kube_np_edge *e, size_t n);

#endif
