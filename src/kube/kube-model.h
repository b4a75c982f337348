/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KUBE_MODEL_H
#define VAKT_KUBE_MODEL_H

/*
 * Kubernetes manifests as vakt's rules see them. A file (a YAML/JSON stream,
 * `List` kinds flattened) becomes objects; every workload kind is mapped to
 * its pod template, so rules and the Pod Security Standards read one shape.
 * The model borrows the YAML tree (src/core/yaml.h): nodes keep their
 * positions, so every finding has the line of the offending field, or of the
 * nearest parent when the field is missing (kube_object_where()).
 *
 * A scan is one set of objects across files (struct kube_set): namespace
 * posture and reachability are decided over all of them.
 */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/check.h"
#include "core/error.h"
#include "core/source.h"
#include "core/suppress.h"
#include "core/yaml.h"

/* Most objects in one set (all files of a scan). */
#define KUBE_MAX_OBJECTS 1000000
/* Deepest `List` nesting (a List of Lists ...). */
#define KUBE_MAX_LIST_DEPTH 4

enum kube_kind {
	KUBE_KIND_OTHER = 0, /* a Kubernetes object vakt has no rules for */
	KUBE_KIND_POD,
	KUBE_KIND_DEPLOYMENT,
	KUBE_KIND_STATEFULSET,
	KUBE_KIND_DAEMONSET,
	KUBE_KIND_REPLICASET,
	KUBE_KIND_REPLICATIONCONTROLLER,
	KUBE_KIND_JOB,
	KUBE_KIND_CRONJOB,
	KUBE_KIND_PODTEMPLATE,
	/*
	 * Another kind with a pod template (OpenShift DeploymentConfig, Argo
	 * Rollout, OpenKruise CloneSet, Knative Service, a CRD vakt does not
	 * know): spec.template, or spec.jobTemplate.spec.template for a cron-like
	 * kind, with a list of containers.
	 */
	KUBE_KIND_WORKLOAD,
	KUBE_KIND_NAMESPACE,
	KUBE_KIND_NETWORKPOLICY,
	KUBE_KIND_SERVICE,
	KUBE_KIND_SERVICEACCOUNT,
};

enum kube_container_type {
	KUBE_CONTAINER,           /* spec.containers */
	KUBE_INIT_CONTAINER,      /* spec.initContainers */
	KUBE_EPHEMERAL_CONTAINER, /* spec.ephemeralContainers */
};

/* Which of cpu and memory something sets. */
struct kube_res {
	bool cpu, memory;
};

/* Add to *r what a resources list (limits, requests; NULL: none) sets: keys with a value. */
void kube_res_add(struct kube_res *r, const struct vakt_yaml_node *map);

/* A port's protocol (kube-netpol.h reads and writes them). */
enum kube_proto {
	KUBE_PROTO_TCP,
	KUBE_PROTO_UDP,
	KUBE_PROTO_SCTP,
};
#define KUBE_PROTO_COUNT 3

/*
 * Longest port name a NetworkPolicy can name (an IANA service name): what
 * the model keeps of a container port's name (struct kube_cport) and the
 * longest name a policy's port may have (kube-netpol.c), one bound for both.
 */
#define KUBE_PORT_NAME_MAX 15

/*
 * A port a workload serves on, from the `ports` of its containers and
 * sidecars (init containers with restartPolicy Always), read when the
 * object is loaded: a scan does not keep the lists, and the NetworkPolicy
 * model (named ports, what a workload is) reads these.
 */
struct kube_cport {
	/* "" when unnamed, or named longer than a policy can name (it names no port then). */
	char name[KUBE_PORT_NAME_MAX + 1];
	unsigned port;         /* containerPort, 1..65535 */
	enum kube_proto proto; /* TCP when not given */
};

struct kube_container {
	enum kube_container_type type;
	const char *name;                  /* borrowed; "" when missing */
	size_t index;                      /* position in its list */
	const struct vakt_yaml_node *node; /* the container mapping */
	/*
	 * Its resources.limits and resources.requests, read when loaded: a scan
	 * keeps the keys of resources (for locations), not the lists (KS070, KS071).
	 */
	struct kube_res limits, requests;
};

struct kube_object {
	enum kube_kind kind;
	const char *kind_name;                 /* as written, e.g. "Deployment" (borrowed) */
	const char *api_version;               /* borrowed, may be NULL */
	const char *name;                      /* metadata.name or generateName, "" when missing */
	const char *ns;                        /* metadata.namespace, NULL when not set */
	const char *file;                      /* borrowed from the set */
	const struct vakt_source *src;         /* the file's source (snippets), borrowed */
	const struct vakt_yaml_node *node;     /* the object mapping */
	const struct vakt_yaml_node *metadata; /* may be NULL */
	/*
	 * Workloads: the pod template's metadata and spec (for a Pod, its own;
	 * for a CronJob, spec.jobTemplate.spec.template). pod_spec is NULL when
	 * the kind has no pod or the spec is missing; pod_parent is then the
	 * deepest node that exists on the way to it (for locations).
	 */
	const struct vakt_yaml_node *pod_meta;
	const struct vakt_yaml_node *pod_spec;
	const struct vakt_yaml_node *pod_parent;
	/* "pod" path prefix for messages: "spec.template.spec" etc. */
	const char *pod_spec_path;
	/*
	 * A KUBE_KIND_WORKLOAD of a kind vakt does not know: where its pod
	 * template was assumed to be ("spec.template"), said in every finding
	 * about it (kube_amend()). NULL otherwise (static).
	 */
	const char *assumed;
	struct kube_container *containers; /* all three lists, in that order; owned */
	size_t n_containers;
	/* The pod spec's resources.limits and resources.requests (pod-level resources). */
	struct kube_res pod_limits, pod_requests;
	/* The ports it serves on, in container order (struct kube_cport); owned. */
	struct kube_cport *ports;
	size_t n_ports;
	/*
	 * "Kind/namespace/name"; owned. Without metadata.namespace, the
	 * namespace is kube_default_ns(): "default", where the object lands
	 * (and where vakt netpol places it), or "-" for a cluster-scoped kind.
	 */
	char *path;
	/* The file's `# vakt ignore` comments (the scan applies them); NULL when none. */
	const struct vakt_suppressions *pragmas;
	/*
	 * A scan kept only part of the tree, what the cross-file pass reads
	 * (kube-load.c); a rule of end() that reads more loads the object again
	 * from its source (kube_set_reload()).
	 */
	bool trimmed;
};

/* All objects of a scan, with the streams and sources they borrow from. */
struct kube_set {
	struct kube_object *objs;
	size_t n;
	size_t cap;
	void *priv; /* owned streams and sources */
};

/* Whether a kind runs pods (Pod, the workload controllers and kinds like them, PodTemplate). */
bool kube_kind_has_pod(enum kube_kind kind);
/* The kind of a `kind:` value (case-sensitive, as the API server is). */
enum kube_kind kube_kind_from_name(const char *kind);
/*
 * The kind of an object with apiVersion api_version (may be NULL): a
 * built-in kind only in a Kubernetes API group (core, a group without a
 * dot, or *.k8s.io), so that Knative's serving.knative.dev Service is not a
 * core Service. KUBE_KIND_OTHER otherwise (the loader then looks for a pod
 * template: KUBE_KIND_WORKLOAD).
 */
enum kube_kind kube_kind_from(const char *api_version, const char *kind);

/*
 * Load a source into set: every document that is a Kubernetes object
 * (a mapping with string `apiVersion` and `kind`), `List`s flattened.
 * Documents that are not Kubernetes objects are skipped silently. The set
 * takes ownership of src. A YAML error is appended to errs and the
 * documents before it are kept. A Helm template (`{{` where YAML would
 * start a node, a call of Helm's own objects, or a `{{` before a YAML
 * error; see kube-template.c) is one error saying it needs rendering
 * (`helm template`). Go templates that are data (`{{ $value }}` in an
 * alert's text) do not make a template.
 * Returns the number of objects added.
 */
size_t kube_set_load(struct kube_set *set, struct vakt_source *src, struct vakt_error_list *errs);
void kube_set_release(struct kube_set *set);

/*
 * For the cross-file pass of a scan, whose sets keep only part of most
 * objects (kube_object.trimmed): fn(kept, whole, data) for each objs[i]
 * (objects of one set, in the set's order: by file, then position), whole
 * being the object as loaded from its whole document, valid for the call
 * (kept itself when it was not trimmed). Each file is read once, from the
 * source the set keeps.
 */
void kube_set_reload(const struct kube_object *const *objs, size_t n,
                     void (*fn)(const struct kube_object *kept, const struct kube_object *whole,
                                void *data),
                     void *data);

/*
 * The code of the error kube_set_load() reports for a file that is a
 * Helm/Go template: commands that edit files (vakt fix) leave such a file
 * alone and say so, rather than failing on it.
 */
#define KUBE_ETEMPLATE (-ENOEXEC)

/* Whether data is a Helm/Go template rather than YAML (kube-template.c). */
bool kube_looks_templated(const char *data, size_t len);

/*
 * The namespace an object without metadata.namespace is named with in
 * object paths: "-" for a cluster-scoped kind (Namespace, ClusterRole,
 * ...), else "default", the namespace it lands in. Static.
 */
const char *kube_default_ns(const struct kube_object *o);

/*
 * The object path of a container: "Deployment/shop/web/container[app]",
 * "…/initContainer[setup]", "…/ephemeralContainer[debug]". Caller owns it.
 */
char *kube_container_path(const struct kube_object *o, const struct kube_container *c);

/*
 * Where to report about key of map: the key's position when present, else
 * map's own position, else the object's pod_parent or node. Never NULL
 * unless o is NULL.
 */
const struct vakt_yaml_node *kube_object_where(const struct kube_object *o,
                                               const struct vakt_yaml_node *map, const char *key);

/* What LimitRanges give a container by default: limits, and requests (either default). */
struct kube_lr_defaults {
	struct kube_res limits, requests;
};

/*
 * The LimitRange container defaults of a set, merged per namespace once, so
 * that a pod's lookup (KS070, KS071) is a binary search, not a walk over
 * every LimitRange of its namespace (pods × LimitRanges on hostile input).
 */
struct kube_lr_table {
	struct kube_lr_ns {
		const char *ns; /* borrowed from the set */
		struct kube_lr_defaults d;
	} * v; /* owned; sorted by ns, one entry per namespace */
	size_t n;
	struct kube_lr_defaults unset; /* LimitRanges without a namespace: they match any */
	struct kube_lr_defaults all;   /* every LimitRange: what a pod without a namespace sees */
};

/*
 * What one LimitRange object gives (its spec.limits of type Container)
 * added to *d; no-op for anything else.
 */
void kube_lr_defaults_add(struct kube_lr_defaults *d, const struct kube_object *lr);
/* Merge set's LimitRanges into t (borrowed: the set must outlive t). */
void kube_lr_table_build(struct kube_lr_table *t, const struct kube_set *set);
void kube_lr_table_release(struct kube_lr_table *t);
/*
 * The defaults a pod in namespace ns (NULL: unset) gets, with the matching
 * rule of kube_model_find(): an unset namespace on either side matches any.
 */
struct kube_lr_defaults kube_lr_table_get(const struct kube_lr_table *t, const char *ns);

/*
 * A set's objects sorted by kind and name, so that looking up another object
 * (kube_model_find()) over a whole scan is a binary search, not a walk.
 */
struct kube_index {
	const struct kube_object **v; /* owned array; the objects are the set's */
	size_t n;
	const struct kube_object *base; /* the set's objs */
	size_t *pos; /* owned; pos[i]: where base[i] is in v (a lookup resumes in O(1)) */
	/*
	 * Owned: the same objects sorted by kind, name, then namespace (unset
	 * first) and set order, for lookups from an object with a namespace:
	 * the ServiceAccount "default" of 10,000 namespaces is then one binary
	 * search away, not a walk over the other 9,999.
	 */
	const struct kube_object **by_ns;
	struct kube_lr_table limit_ranges; /* the set's LimitRange defaults by namespace */
};

/* Index every object of set (borrowed: the set must outlive ix). */
void kube_index_build(struct kube_index *ix, const struct kube_set *set);
void kube_index_release(struct kube_index *ix);

/*
 * What a Kubernetes rule's check finds in ctx->model. VAKT_SCOPE_UNIT rules
 * run once per object (obj set) as each file is scanned; VAKT_SCOPE_DEFERRED
 * rules run per object in end() with set the whole scan and index over it;
 * VAKT_SCOPE_SET rules run once per scan after every file is loaded (obj
 * NULL; walk set->objs).
 */
struct kube_netpol_model;
struct kube_pss_policy;

struct kube_check_model {
	const struct kube_set *set;
	const struct kube_object *obj;
	const struct kube_index *index; /* over set; NULL: lookups walk set */
	/* Set tables: set's NetworkPolicy model, built once by end(); NULL: each rule builds it. */
	const struct kube_netpol_model *netpol;
	/*
	 * The PS rules' policy: --pss (vakt_scan_opts.pss) as begin() parsed it
	 * once for the scan; NULL when not asked, and the PS rules do nothing.
	 */
	const struct kube_pss_policy *pss;
};

/*
 * Run fn(c, lo, hi, data) over items [0, n) in two parts, [0, split) on this
 * thread and [split, n) on a second one, each with a copy of *ctx (fn sets
 * its own model and source in it) whose findings go to a list of its own;
 * the second's are then appended to ctx->out, so that the findings come in
 * the order one call fn(ctx, 0, n, data) would have made them, which is what
 * runs instead for few items, on one CPU, or when no thread can start
 * (kube-split.c). fn may read the set, its packed sources and the models,
 * and must change nothing the other part reads. For end(): its rules run
 * while the scan's threads are idle.
 */
void kube_check_split(struct vakt_check_ctx *ctx, size_t n, size_t split,
                      void (*fn)(struct vakt_check_ctx *ctx, size_t lo, size_t hi, void *data),
                      void *data);

/*
 * Report ctx->rule about object o (and container c, may be NULL) at node
 * `at` (NULL: the object itself). The location is the node's file, line and
 * column; the object path is o->path, or the container's path. The
 * finding goes through vakt_check_vemit() with o as ctx->about, so that
 * kube_amend() applies the object's suppression annotations; the scan
 * applies the file's comment pragmas after the config's ignores, as for
 * every domain.
 */
void kube_emit(struct vakt_check_ctx *ctx, const struct kube_object *o,
               const struct kube_container *c, const struct vakt_yaml_node *at, const char *fmt,
               ...) VAKT_PRINTF(5, 6);
/*
 * kube_emit() of a finding that reports only some facets of ctx->rule
 * (bit i: ctx->rule->facets[i]): a peer's annotation or alias scoped to
 * facets suppresses it only when they cover all of these.
 */
void kube_emit_facets(struct vakt_check_ctx *ctx, const struct kube_object *o,
                      const struct kube_container *c, const struct vakt_yaml_node *at,
                      unsigned facets, const char *fmt, ...) VAKT_PRINTF(6, 7);

/* What a finding is about: kube_emit() and kube_values() set it as ctx->about. */
struct kube_about {
	const struct kube_object *o;
	const struct kube_container *c; /* NULL: the object */
	unsigned facets;                /* kube_emit_facets()'s; 0: the whole rule */
};

/*
 * A copy of *ctx to emit about `about` through (borrowed for as long as the
 * copy is used): about as its about, kube_domain as its domain (the amend()
 * hook), the object's source and file for locations. Its findings go to
 * ctx->out; ctx itself is left as it was.
 */
struct vakt_check_ctx kube_ctx_about(const struct vakt_check_ctx *ctx,
                                     const struct kube_about *about);
/*
 * kube_domain's amend() hook (core/domain.h): the facets of ctx->about,
 * the unknown kind's note in the message, and the object's suppression
 * annotations (vakt.io/ignore, kube-linter, Polaris and Checkov
 * exemptions), which mark f suppressed with the annotation as reason.
 */
void kube_amend(const struct vakt_check_ctx *ctx, struct vakt_finding *f);

#endif
