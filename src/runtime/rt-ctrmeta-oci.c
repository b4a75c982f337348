/* SPDX-License-Identifier: MIT */
/*
 * Containers described by an OCI runtime spec: containerd's task bundles
 * (CRI annotations io.kubernetes.cri.*, or none for `ctr`), and
 * containers/storage's userdata (CRI-O's io.kubernetes.cri-o.* annotations,
 * podman's containers.json).
 */

#include <dirent.h>
#include <errno.h>
#include <string.h>

#include "runtime/rt-ctrmeta-priv.h"

#define CONTAINERD_TASKS   "run/containerd/io.containerd.runtime.v2.task"
#define STORAGE_CONTAINERS "var/lib/containers/storage/overlay-containers"

/* At most this many containerd namespaces are looked in. */
#define CONTAINERD_MAX_NAMESPACES 64

/* Read an OCI spec and check it is an object. */
static int read_spec(const struct vakt_root *r, const char *rel, json_t **spec,
                     struct vakt_error **err)
{
	int rc = ctrmeta_json_read(r, rel, RT_CTRMETA_MAX_FILE_BYTES, spec, err);

	if (rc < 0)
		return rc;
	if (!json_is_object(*spec)) {
		json_decref(*spec);
		*spec = NULL;
		return vakt_error_set(err, -EINVAL, "'%s/%s' is not a JSON object", r->path, rel);
	}
	return 0;
}

/* The bundle's spec in namespace ns, when the container is there. */
static int containerd_bundle(const struct vakt_root *r, const char *ns,
                             const struct rt_ctr_ident *id, char *full, size_t full_size,
                             struct vakt_error **err)
{
	char *dir = vakt_xasprintf(CONTAINERD_TASKS "/%s", ns);
	int rc = ctrmeta_find_entry(r, dir, id->full_id, full, full_size, err);

	if (rc == -ENOENT && strcmp(id->full_id, id->id) != 0)
		rc = ctrmeta_find_entry(r, dir, id->id, full, full_size, err);
	free(dir);
	return rc;
}

int ctrmeta_read_containerd(const struct vakt_root *r, const struct rt_ctr_ident *id, bool any_ns,
                            struct rt_ctrmeta **out, struct vakt_error **err)
{
	char ns[256] = "k8s.io", full[256], *rel;
	const json_t *ann;
	const char *type;
	json_t *spec = NULL;
	struct rt_ctrmeta *m;
	struct stat st;
	int rc = containerd_bundle(r, ns, id, full, sizeof(full), err);

	if (rc == -ENOENT && any_ns) {
		DIR *d = vakt_root_opendir(r, CONTAINERD_TASKS);
		struct dirent *e;
		int seen = 0;

		if (!d)
			return -ENOENT;
		while (rc == -ENOENT && (e = readdir(d)) != NULL &&
		       seen < CONTAINERD_MAX_NAMESPACES) {
			if (!ctrmeta_safe_component(e->d_name) || strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "k8s.io") == 0)
				continue;
			seen++;
			memcpy(ns, e->d_name, strlen(e->d_name) + 1);
			rc = containerd_bundle(r, ns, id, full, sizeof(full), err);
		}
		closedir(d);
	}
	if (rc < 0)
		return rc;
	rel = vakt_xasprintf(CONTAINERD_TASKS "/%s/%s/config.json", ns, full);
	rc = read_spec(r, rel, &spec, err);
	free(rel);
	if (rc < 0)
		return rc;
	m = ctrmeta_rec_new(id, "containerd");
	ctrmeta_rec_set(&m->full_id, full);
	ann = json_object_get(spec, "annotations");
	type = ctrmeta_json_str(ann, "io.kubernetes.cri.container-type");
	m->is_pod_sandbox = type && strcmp(type, "sandbox") == 0;
	ctrmeta_rec_set(&m->k8s_ns, ctrmeta_json_str(ann, "io.kubernetes.cri.sandbox-namespace"));
	ctrmeta_rec_set(&m->k8s_pod, ctrmeta_json_str(ann, "io.kubernetes.cri.sandbox-name"));
	ctrmeta_rec_set(&m->k8s_pod_uid, ctrmeta_json_str(ann, "io.kubernetes.cri.sandbox-uid"));
	ctrmeta_rec_image(m, ctrmeta_json_str(ann, "io.kubernetes.cri.image-name"));
	/* a sandbox is named after its pod; `ctr` containers by their id, nerdctl's by a label */
	ctrmeta_rec_set(&m->name, ctrmeta_json_str(ann, "io.kubernetes.cri.container-name"));
	if (!m->name && m->is_pod_sandbox)
		ctrmeta_rec_set(&m->name, m->k8s_pod);
	if (!m->name)
		ctrmeta_rec_set(&m->name, ctrmeta_json_str(ann, "nerdctl/name"));
	if (!m->name)
		ctrmeta_rec_set(&m->name, full);
	m->privileged = ctrmeta_oci_privileged(spec);
	json_decref(spec);
	/* the shim writes init.pid when the task starts */
	rel = vakt_xasprintf(CONTAINERD_TASKS "/%s/%s/init.pid", ns, full);
	if (vakt_root_stat(r, rel, &st) == 0)
		m->start_ts =
		    (uint64_t)st.st_mtim.tv_sec * 1000000000u + (uint64_t)st.st_mtim.tv_nsec;
	free(rel);
	*out = m;
	return 0;
}

/* A Kubernetes label CRI-O keeps: its own annotation, else inside io.kubernetes.cri-o.Labels. */
static const char *crio_label(const json_t *ann, const json_t *labels, const char *key)
{
	const char *s = ctrmeta_json_str(ann, key);

	return s ? s : ctrmeta_json_str(labels, key);
}

/* The first digest of "repo@sha256:A,repo2@sha256:B" into m. */
static void crio_repo_digest(struct rt_ctrmeta *m, const char *digests)
{
	const char *at = digests ? strchr(digests, '@') : NULL;

	if (at && !m->image_digest) {
		char *d = vakt_xstrndup(at + 1, strcspn(at + 1, ","));

		ctrmeta_rec_set(&m->image_digest, d);
		free(d);
	}
}

static void crio_fill(struct rt_ctrmeta *m, const json_t *ann)
{
	json_t *labels = ctrmeta_json_parse(ctrmeta_json_str(ann, "io.kubernetes.cri-o.Labels"));
	json_t *meta = ctrmeta_json_parse(ctrmeta_json_str(ann, "io.kubernetes.cri-o.Metadata"));
	const char *type = ctrmeta_json_str(ann, "io.kubernetes.cri-o.ContainerType");
	const char *s;

	m->type = "cri-o";
	m->is_pod_sandbox = type && strcmp(type, "sandbox") == 0;
	ctrmeta_rec_set(&m->k8s_ns, crio_label(ann, labels, "io.kubernetes.pod.namespace"));
	if (!m->k8s_ns)
		ctrmeta_rec_set(&m->k8s_ns, ctrmeta_json_str(ann, "io.kubernetes.cri-o.Namespace"));
	ctrmeta_rec_set(&m->k8s_pod, crio_label(ann, labels, "io.kubernetes.pod.name"));
	ctrmeta_rec_set(&m->k8s_pod_uid, crio_label(ann, labels, "io.kubernetes.pod.uid"));
	ctrmeta_rec_set(&m->name, crio_label(ann, labels, "io.kubernetes.container.name"));
	if (!m->name)
		ctrmeta_rec_set(&m->name, ctrmeta_json_str(meta, "name"));
	if (!m->name)
		ctrmeta_rec_set(&m->name,
		                ctrmeta_json_str(ann, "io.kubernetes.cri-o.ContainerName"));
	s = ctrmeta_json_str(ann, "io.kubernetes.cri-o.ImageName");
	ctrmeta_rec_image(m, s ? s : ctrmeta_json_str(ann, "io.kubernetes.cri-o.Image"));
	crio_repo_digest(m, ctrmeta_json_str(ann, "io.kubernetes.cri-o.ImageRepoDigests"));
	s = ctrmeta_json_str(ann, "io.kubernetes.cri-o.ImageRef");
	if (s && strchr(s, '@'))
		crio_repo_digest(m, s);
	m->start_ts = ctrmeta_parse_time(ctrmeta_json_str(ann, "io.kubernetes.cri-o.Created"));
	json_decref(labels);
	json_decref(meta);
}

/*
 * containers.json: [{"id": ..., "names": [...], "image": "<image id>",
 * "metadata": "{\"image-name\": ..., \"name\": ...}", "created": ...}].
 * Fill what podman keeps there; -ENOENT when the container is not listed.
 */
static int podman_fill(const struct vakt_root *r, const char *full, struct rt_ctrmeta *m,
                       struct vakt_error **err)
{
	json_t *list = NULL, *meta = NULL;
	const json_t *c = NULL, *v;
	size_t i;
	int rc;

	rc = ctrmeta_json_read(r, STORAGE_CONTAINERS "/containers.json", RT_CTRMETA_MAX_INDEX_BYTES,
	                       &list, err);
	if (rc < 0)
		return rc;
	json_array_foreach(list, i, v)
	{
		const char *cid = ctrmeta_json_str(v, "id");

		if (cid && strcmp(cid, full) == 0) {
			c = v;
			break;
		}
	}
	if (!c) {
		json_decref(list);
		return -ENOENT;
	}
	m->type = "podman";
	v = json_array_get(json_object_get(c, "names"), 0);
	if (json_is_string(v) && json_string_length(v) <= RT_CTRMETA_MAX_STRING)
		ctrmeta_rec_set(&m->name, json_string_value(v));
	meta = ctrmeta_json_parse(ctrmeta_json_str(c, "metadata"));
	if (!m->name)
		ctrmeta_rec_set(&m->name, ctrmeta_json_str(meta, "name"));
	if (!m->image)
		ctrmeta_rec_image(m, ctrmeta_json_str(meta, "image-name"));
	ctrmeta_rec_set(&m->image_id, ctrmeta_json_str(c, "image"));
	if (!m->start_ts)
		m->start_ts = ctrmeta_parse_time(ctrmeta_json_str(c, "created"));
	json_decref(meta);
	json_decref(list);
	return 0;
}

int ctrmeta_read_storage(const struct vakt_root *r, const struct rt_ctr_ident *id,
                         struct rt_ctrmeta **out, struct vakt_error **err)
{
	struct vakt_error *e = NULL;
	char full[256], *rel;
	const json_t *ann = NULL;
	const char *manager;
	json_t *spec = NULL;
	struct rt_ctrmeta *m;
	int rc;

	rc = ctrmeta_find_entry(r, STORAGE_CONTAINERS, id->full_id, full, sizeof(full), err);
	if (rc == -ENOENT && strcmp(id->full_id, id->id) != 0)
		rc = ctrmeta_find_entry(r, STORAGE_CONTAINERS, id->id, full, sizeof(full), err);
	if (rc < 0)
		return rc;
	m = ctrmeta_rec_new(id, id->runtime == RT_CTR_PODMAN ? "podman" : "cri-o");
	ctrmeta_rec_set(&m->full_id, full);
	rel = vakt_xasprintf(STORAGE_CONTAINERS "/%s/userdata/config.json", full);
	rc = read_spec(r, rel, &spec, &e);
	free(rel);
	/* podman keeps its names in containers.json: the spec may not be there yet */
	if (rc < 0 && !(rc == -ENOENT && id->runtime == RT_CTR_PODMAN)) {
		rt_ctrmeta_record_free(m);
		if (err && !*err)
			*err = e;
		else
			vakt_error_free(e);
		return rc;
	}
	vakt_error_free(e);
	e = NULL;
	ann = json_object_get(spec, "annotations");
	manager = ctrmeta_json_str(ann, "io.container.manager");
	if (spec && !(manager && strcmp(manager, "libpod") == 0) &&
	    (ctrmeta_json_str(ann, "io.kubernetes.cri-o.ContainerType") ||
	     ctrmeta_json_str(ann, "io.kubernetes.pod.name")))
		crio_fill(m, ann);
	if (spec)
		m->privileged = ctrmeta_oci_privileged(spec);
	json_decref(spec);
	if (strcmp(m->type, "cri-o") != 0 || id->runtime == RT_CTR_PODMAN || !m->name) {
		rc = podman_fill(r, full, m, &e);
		if (rc < 0 && !m->name) {
			rt_ctrmeta_record_free(m);
			if (e && err && !*err)
				*err = e;
			else
				vakt_error_free(e);
			return rc;
		}
		vakt_error_free(e);
	}
	*out = m;
	return 0;
}
