/* SPDX-License-Identifier: MIT */
/*
 * One object from its mapping (kube-model.h): its kind as the API server
 * tells it, its name and namespace, the pod template of a workload kind
 * (or of another kind with one, KUBE_KIND_WORKLOAD), its containers, what
 * their resources set, the ports it serves on, its object path and the
 * places findings point at.
 * kube-load.c finds the mappings in files and keeps the objects in sets.
 */
#include "kube-load.h"
#include "kube-netpol.h"

/* ---- kinds -------------------------------------------------------------------- */

static const struct {
	const char *name;
	enum kube_kind kind;
} kinds[] = {
    {"Pod", KUBE_KIND_POD},
    {"Deployment", KUBE_KIND_DEPLOYMENT},
    {"StatefulSet", KUBE_KIND_STATEFULSET},
    {"DaemonSet", KUBE_KIND_DAEMONSET},
    {"ReplicaSet", KUBE_KIND_REPLICASET},
    {"ReplicationController", KUBE_KIND_REPLICATIONCONTROLLER},
    {"Job", KUBE_KIND_JOB},
    {"CronJob", KUBE_KIND_CRONJOB},
    {"PodTemplate", KUBE_KIND_PODTEMPLATE},
    {"Namespace", KUBE_KIND_NAMESPACE},
    {"NetworkPolicy", KUBE_KIND_NETWORKPOLICY},
    {"Service", KUBE_KIND_SERVICE},
    {"ServiceAccount", KUBE_KIND_SERVICEACCOUNT},
};

enum kube_kind kube_kind_from_name(const char *kind)
{
	if (!kind)
		return KUBE_KIND_OTHER;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(kinds); i++)
		if (!strcmp(kinds[i].name, kind))
			return kinds[i].kind;
	return KUBE_KIND_OTHER;
}

bool kube_kind_has_pod(enum kube_kind kind)
{
	return kind >= KUBE_KIND_POD && kind <= KUBE_KIND_WORKLOAD;
}

/* Whether apiVersion names a Kubernetes API group: "v1", "apps/v1", "networking.k8s.io/v1". */
static bool k8s_group(const char *api_version)
{
	const char *slash = api_version ? strchr(api_version, '/') : NULL;
	size_t n;

	if (!slash)
		return true;
	n = (size_t)(slash - api_version);
	if (!memchr(api_version, '.', n))
		return true;
	return n > 7 && !memcmp(slash - 7, ".k8s.io", 7);
}

enum kube_kind kube_kind_from(const char *api_version, const char *kind)
{
	return k8s_group(api_version) ? kube_kind_from_name(kind) : KUBE_KIND_OTHER;
}

/*
 * Kinds of other projects known to run pods from spec.template (or
 * spec.jobTemplate.spec.template): audited as workloads without a word.
 * Any other kind with a pod template is audited too, and its findings say
 * what was assumed. group "" is the core group (OpenShift 3's v1).
 */
static const struct {
	const char *group, *kind;
} known_workloads[] = {
    {"apps.openshift.io", "DeploymentConfig"},
    {"", "DeploymentConfig"},
    {"argoproj.io", "Rollout"},
    {"apps.kruise.io", "CloneSet"},
    {"apps.kruise.io", "StatefulSet"},
    {"apps.kruise.io", "DaemonSet"},
    {"apps.kruise.io", "BroadcastJob"},
    {"serving.knative.dev", "Service"},
    {"serving.knative.dev", "Configuration"},
};

static bool known_workload(const char *api_version, const char *kind)
{
	const char *slash = api_version ? strchr(api_version, '/') : NULL;
	size_t n = slash ? (size_t)(slash - api_version) : 0;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(known_workloads); i++)
		if (!strcmp(known_workloads[i].kind, kind) &&
		    strlen(known_workloads[i].group) == n &&
		    !memcmp(known_workloads[i].group, api_version, n))
			return true;
	return false;
}

/* ---- the pod template and containers
 * ------------------------------------------------------------------- */

/* Descend through mappings along a dotted path; *deepest is the last mapping reached. */
static const struct vakt_yaml_node *descend(const struct vakt_yaml_node *from, const char *dotted,
                                            const struct vakt_yaml_node **deepest)
{
	const struct vakt_yaml_node *n = from;
	char key[32];
	const char *s = dotted;

	*deepest = from;
	while (n && *s) {
		const char *dot = strchr(s, '.');
		size_t len = dot ? (size_t)(dot - s) : strlen(s);

		if (len >= sizeof(key))
			return NULL;
		memcpy(key, s, len);
		key[len] = '\0';
		n = vakt_yaml_get(n, key);
		if (!vakt_yaml_is_map(n))
			return NULL;
		*deepest = n;
		s = dot ? dot + 1 : s + len;
	}
	return n;
}

/* The pod template of another kind, if it has one with containers (KUBE_KIND_WORKLOAD). */
static bool object_map_other(struct kube_object *o)
{
	static const struct {
		const char *tmpl, *spec;
	} shapes[] = {
	    {"spec.template", "spec.template.spec"},
	    {"spec.jobTemplate.spec.template", "spec.jobTemplate.spec.template.spec"},
	};
	const struct vakt_yaml_node *deepest;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(shapes); i++) {
		const struct vakt_yaml_node *t = descend(o->node, shapes[i].tmpl, &deepest);
		const struct vakt_yaml_node *spec = descend(t, "spec", &deepest);

		if (!t || !spec || !vakt_yaml_is_seq(vakt_yaml_get(spec, "containers")))
			continue;
		o->kind = KUBE_KIND_WORKLOAD;
		o->pod_meta = vakt_yaml_is_map(vakt_yaml_get(t, "metadata"))
		                  ? vakt_yaml_get(t, "metadata")
		                  : NULL;
		o->pod_spec = spec;
		o->pod_parent = spec;
		o->pod_spec_path = shapes[i].spec;
		if (!known_workload(o->api_version, o->kind_name))
			o->assumed = shapes[i].tmpl;
		return true;
	}
	return false;
}

/* The pod template of a workload: metadata, spec and the path to the spec. */
static void object_map_pod(struct kube_object *o)
{
	const char *tmpl;
	const struct vakt_yaml_node *t;

	switch (o->kind) {
	case KUBE_KIND_POD:
		o->pod_meta = o->metadata;
		o->pod_spec = descend(o->node, "spec", &o->pod_parent);
		o->pod_spec_path = "spec";
		return;
	case KUBE_KIND_CRONJOB:
		tmpl = "spec.jobTemplate.spec.template";
		o->pod_spec_path = "spec.jobTemplate.spec.template.spec";
		break;
	case KUBE_KIND_PODTEMPLATE:
		tmpl = "template";
		o->pod_spec_path = "template.spec";
		break;
	case KUBE_KIND_DEPLOYMENT:
	case KUBE_KIND_STATEFULSET:
	case KUBE_KIND_DAEMONSET:
	case KUBE_KIND_REPLICASET:
	case KUBE_KIND_REPLICATIONCONTROLLER:
	case KUBE_KIND_JOB:
		tmpl = "spec.template";
		o->pod_spec_path = "spec.template.spec";
		break;
	case KUBE_KIND_OTHER:
		object_map_other(o);
		return;
	default:
		return;
	}
	t = descend(o->node, tmpl, &o->pod_parent);
	if (!t)
		return;
	o->pod_meta =
	    vakt_yaml_is_map(vakt_yaml_get(t, "metadata")) ? vakt_yaml_get(t, "metadata") : NULL;
	o->pod_spec = descend(t, "spec", &o->pod_parent);
}

void kube_res_add(struct kube_res *r, const struct vakt_yaml_node *map)
{
	r->cpu |= !vakt_yaml_is_null(vakt_yaml_get(map, "cpu"));
	r->memory |= !vakt_yaml_is_null(vakt_yaml_get(map, "memory"));
}

/* What a resources mapping's limits and requests set. */
static void res_read(const struct vakt_yaml_node *res, struct kube_res *limits,
                     struct kube_res *requests)
{
	kube_res_add(limits, vakt_yaml_get(res, "limits"));
	kube_res_add(requests, vakt_yaml_get(res, "requests"));
}

static void object_add_containers(struct kube_object *o)
{
	static const struct {
		const char *key;
		enum kube_container_type type;
	} lists[] = {
	    {"containers", KUBE_CONTAINER},
	    {"initContainers", KUBE_INIT_CONTAINER},
	    {"ephemeralContainers", KUBE_EPHEMERAL_CONTAINER},
	};
	size_t total = 0;

	for (size_t l = 0; l < VAKT_ARRAY_SIZE(lists); l++) {
		const struct vakt_yaml_node *seq = vakt_yaml_get(o->pod_spec, lists[l].key);

		if (vakt_yaml_is_seq(seq))
			total += seq->n;
	}
	if (!total)
		return;
	o->containers = vakt_xcalloc(total, sizeof(*o->containers));
	for (size_t l = 0; l < VAKT_ARRAY_SIZE(lists); l++) {
		const struct vakt_yaml_node *seq = vakt_yaml_get(o->pod_spec, lists[l].key);

		if (!vakt_yaml_is_seq(seq))
			continue;
		for (size_t i = 0; i < seq->n; i++) {
			struct kube_container *c;
			const char *name;

			if (!vakt_yaml_is_map(seq->items[i]))
				continue;
			c = &o->containers[o->n_containers++];
			name = vakt_yaml_text(vakt_yaml_get(seq->items[i], "name"));
			c->type = lists[l].type;
			c->name = name ? name : "";
			c->index = i;
			c->node = seq->items[i];
			res_read(vakt_yaml_get(c->node, "resources"), &c->limits, &c->requests);
		}
	}
}

/*
 * Kinds without a namespace: the API server's cluster-scoped kinds, and
 * those of other projects whose names say so (ClusterIssuer, ClusterPolicy,
 * GlobalNetworkPolicy, CiliumClusterwideNetworkPolicy, ...).
 */
static bool cluster_scoped(const char *kind)
{
	static const char *const scoped[] = {
	    "Namespace",
	    "Node",
	    "PersistentVolume",
	    "StorageClass",
	    "CustomResourceDefinition",
	    "PriorityClass",
	    "PriorityLevelConfiguration",
	    "FlowSchema",
	    "ValidatingWebhookConfiguration",
	    "MutatingWebhookConfiguration",
	    "ValidatingAdmissionPolicy",
	    "ValidatingAdmissionPolicyBinding",
	    "APIService",
	    "CSIDriver",
	    "CSINode",
	    "RuntimeClass",
	    "IngressClass",
	    "PodSecurityPolicy",
	    "CertificateSigningRequest",
	    "VolumeAttachment",
	    "VolumeSnapshotClass",
	    "ComponentStatus",
	};

	if (vakt_starts_with(kind, "Cluster") || vakt_starts_with(kind, "Global") ||
	    strstr(kind, "Clusterwide"))
		return true;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(scoped); i++)
		if (!strcmp(scoped[i], kind))
			return true;
	return false;
}

const char *kube_default_ns(const struct kube_object *o)
{
	return o->kind_name && cluster_scoped(o->kind_name) ? "-" : "default";
}

/* Whether a container serves traffic: a container, or an init container that is a sidecar. */
static bool serves_traffic(const struct kube_container *c)
{
	const char *rp;

	if (c->type == KUBE_CONTAINER)
		return true;
	rp = vakt_yaml_text(vakt_yaml_get(c->node, "restartPolicy"));
	return c->type == KUBE_INIT_CONTAINER && rp && !strcmp(rp, "Always");
}

/* The ports a container lists when it serves traffic, else NULL. */
static const struct vakt_yaml_node *container_ports(const struct kube_container *c)
{
	const struct vakt_yaml_node *ports = vakt_yaml_get(c->node, "ports");

	return serves_traffic(c) && vakt_yaml_is_seq(ports) ? ports : NULL;
}

/* The ports o serves on (kube_object.ports), from its containers' lists. */
static void object_read_ports(struct kube_object *o)
{
	size_t n = 0;

	for (size_t i = 0; i < o->n_containers; i++) {
		const struct vakt_yaml_node *ports = container_ports(&o->containers[i]);

		n += ports ? ports->n : 0;
	}
	if (!n)
		return;
	/* Sized to every item; those that are not ports leave a few entries unused. */
	o->ports = vakt_xmalloc(n * sizeof(*o->ports));
	for (size_t i = 0; i < o->n_containers; i++) {
		const struct vakt_yaml_node *ports = container_ports(&o->containers[i]);

		for (size_t j = 0; ports && j < ports->n; j++) {
			const struct vakt_yaml_node *p = ports->items[j];
			const struct vakt_yaml_node *proto = vakt_yaml_get(p, "protocol");
			const char *name = vakt_yaml_text(vakt_yaml_get(p, "name"));
			struct kube_cport cp = {.proto = KUBE_PROTO_TCP};
			size_t len = name ? strlen(name) : 0;

			if (!kube_port_parse(vakt_yaml_get(p, "containerPort"), &cp.port))
				continue;
			if (!vakt_yaml_is_null(proto) &&
			    !kube_proto_parse(vakt_yaml_str(proto), &cp.proto))
				continue;
			/*
			 * A longer name never equals a policy's (kube-netpol.c refuses
			 * it there): keeping it would change nothing.
			 */
			if (len <= KUBE_PORT_NAME_MAX)
				memcpy(cp.name, name ? name : "", len + 1);
			o->ports[o->n_ports++] = cp;
		}
	}
}

void kube_object_init(struct kube_object *o, const struct vakt_yaml_node *n, const char *kind,
                      const struct vakt_source *src)
{
	const char *name, *ns;

	memset(o, 0, sizeof(*o));
	o->kind_name = kind;
	o->api_version = vakt_yaml_text(vakt_yaml_get(n, "apiVersion"));
	o->kind = kube_kind_from(o->api_version, kind);
	o->file = src->path;
	o->src = src;
	o->node = n;
	o->metadata =
	    vakt_yaml_is_map(vakt_yaml_get(n, "metadata")) ? vakt_yaml_get(n, "metadata") : NULL;
	name = vakt_yaml_text(vakt_yaml_get(o->metadata, "name"));
	if (!name)
		name = vakt_yaml_text(vakt_yaml_get(o->metadata, "generateName"));
	o->name = name ? name : "";
	ns = vakt_yaml_text(vakt_yaml_get(o->metadata, "namespace"));
	o->ns = ns;
	object_map_pod(o);
	res_read(vakt_yaml_get(o->pod_spec, "resources"), &o->pod_limits, &o->pod_requests);
	object_add_containers(o);
	object_read_ports(o);
	o->path = vakt_xasprintf("%s/%s/%s", kind, ns ? ns : kube_default_ns(o),
	                         *o->name ? o->name : "-");
}

void kube_object_release(struct kube_object *o)
{
	free(o->containers);
	free(o->path);
	free(o->ports);
	o->containers = NULL;
	o->path = NULL;
	o->ports = NULL;
	o->n_containers = o->n_ports = 0;
}

/* ---- paths and locations ------------------------------------------------------ */

char *kube_container_path(const struct kube_object *o, const struct kube_container *c)
{
	static const char *const types[] = {
	    [KUBE_CONTAINER] = "container",
	    [KUBE_INIT_CONTAINER] = "initContainer",
	    [KUBE_EPHEMERAL_CONTAINER] = "ephemeralContainer",
	};

	if (!c)
		return vakt_xstrdup(o->path);
	if (!*c->name)
		return vakt_xasprintf("%s/%s[%zu]", o->path, types[c->type], c->index);
	return vakt_xasprintf("%s/%s[%s]", o->path, types[c->type], c->name);
}

const struct vakt_yaml_node *kube_object_where(const struct kube_object *o,
                                               const struct vakt_yaml_node *map, const char *key)
{
	const struct vakt_yaml_pair *p = key ? vakt_yaml_get_pair(map, key) : NULL;

	if (!o)
		return NULL;
	if (p)
		return p->key;
	if (map)
		return map;
	return o->pod_parent ? o->pod_parent : o->node;
}
