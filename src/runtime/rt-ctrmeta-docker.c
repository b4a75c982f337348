/* SPDX-License-Identifier: MIT */
/*
 * Docker's container files: /var/lib/docker/containers/<id>/config.v2.json
 * (name, image, labels, start time), hostconfig.json (Privileged), and the
 * image store's repositories.json for the digest and tag of the image id.
 */

#include <errno.h>
#include <string.h>

#include "runtime/rt-ctrmeta-priv.h"

#define DOCKER_CONTAINERS "var/lib/docker/containers"

/*
 * repositories.json: {"Repositories": {"nginx": {"nginx:1.25": "sha256:ID",
 * "nginx@sha256:DIGEST": "sha256:ID"}}}. Fill the digest (and the tag, when
 * the reference had none) of image id image_sha from the refs of repo.
 */
static void docker_image_refs(const struct vakt_root *r, const char *driver, struct rt_ctrmeta *m,
                              const char *image_sha)
{
	const json_t *repos, *refs;
	const char *repo_name, *ref;
	json_t *top = NULL, *v;
	char *rel;

	if (!driver || !ctrmeta_safe_component(driver))
		return;
	rel = vakt_xasprintf("var/lib/docker/image/%s/repositories.json", driver);
	/* a missing or broken index costs only the digest */
	if (ctrmeta_json_read(r, rel, RT_CTRMETA_MAX_INDEX_BYTES, &top, NULL) < 0) {
		free(rel);
		return;
	}
	free(rel);
	repos = json_object_get(top, "Repositories");
	json_object_foreach((json_t *)repos, repo_name, refs)
	{
		/* with a repository named, only its refs; run by id, any */
		if (m->image_repository && strcmp(repo_name, m->image_repository) != 0)
			continue;
		json_object_foreach((json_t *)refs, ref, v)
		{
			const char *at = strchr(ref, '@'), *colon;

			if (!json_is_string(v) || strcmp(json_string_value(v), image_sha) != 0)
				continue;
			if (at && !m->image_digest) {
				ctrmeta_rec_set(&m->image_digest, at + 1);
			} else if (!at && !m->image_tag && !m->image_digest) {
				colon = strrchr(ref, ':');
				if (colon && !strchr(colon, '/')) {
					char *repo = vakt_xstrndup(ref, (size_t)(colon - ref));

					ctrmeta_rec_set(&m->image_tag, colon + 1);
					ctrmeta_rec_set(&m->image_repository, repo);
					free(repo);
				}
			}
		}
	}
	json_decref(top);
}

int ctrmeta_read_docker(const struct vakt_root *r, const struct rt_ctr_ident *id,
                        struct rt_ctrmeta **out, struct vakt_error **err)
{
	const json_t *labels;
	const char *s, *image_sha;
	json_t *cfg = NULL, *host = NULL;
	struct rt_ctrmeta *m;
	char full[256], *rel;
	int rc;

	rc = ctrmeta_find_entry(r, DOCKER_CONTAINERS, id->full_id, full, sizeof(full), err);
	if (rc == -ENOENT && strcmp(id->full_id, id->id) != 0)
		rc = ctrmeta_find_entry(r, DOCKER_CONTAINERS, id->id, full, sizeof(full), err);
	if (rc < 0)
		return rc;
	rel = vakt_xasprintf(DOCKER_CONTAINERS "/%s/config.v2.json", full);
	rc = ctrmeta_json_read(r, rel, RT_CTRMETA_MAX_FILE_BYTES, &cfg, err);
	free(rel);
	if (rc < 0)
		return rc;
	if (!json_is_object(cfg)) {
		json_decref(cfg);
		return vakt_error_set(err, -EINVAL,
		                      "'%s/" DOCKER_CONTAINERS "/%s/config.v2.json' is "
		                      "not a JSON object",
		                      r->path, full);
	}
	m = ctrmeta_rec_new(id, "docker");
	ctrmeta_rec_set(&m->full_id, ctrmeta_json_str(cfg, "ID"));
	s = ctrmeta_json_str(cfg, "Name");
	if (s && *s == '/')
		s++;
	ctrmeta_rec_set(&m->name, s);
	m->is_pod_sandbox = m->name && strstr(m->name, "k8s_POD") != NULL;
	ctrmeta_rec_image(m, ctrmeta_json_str2(cfg, "Config", "Image"));
	image_sha = ctrmeta_json_str(cfg, "Image");
	if (image_sha && strncmp(image_sha, "sha256:", 7) == 0) {
		ctrmeta_rec_set(&m->image_id, image_sha + 7);
		docker_image_refs(r, ctrmeta_json_str(cfg, "Driver"), m, image_sha);
	}
	/* dockershim and cri-dockerd label the pod */
	labels = json_object_get(json_object_get(cfg, "Config"), "Labels");
	ctrmeta_rec_set(&m->k8s_ns, ctrmeta_json_str(labels, "io.kubernetes.pod.namespace"));
	ctrmeta_rec_set(&m->k8s_pod, ctrmeta_json_str(labels, "io.kubernetes.pod.name"));
	ctrmeta_rec_set(&m->k8s_pod_uid, ctrmeta_json_str(labels, "io.kubernetes.pod.uid"));
	m->start_ts = ctrmeta_parse_time(ctrmeta_json_str2(cfg, "State", "StartedAt"));
	json_decref(cfg);

	/* Privileged lives in hostconfig.json; without it, unknown */
	rel = vakt_xasprintf(DOCKER_CONTAINERS "/%s/hostconfig.json", full);
	if (ctrmeta_json_read(r, rel, RT_CTRMETA_MAX_FILE_BYTES, &host, NULL) == 0) {
		const json_t *p = json_object_get(host, "Privileged");

		if (json_is_boolean(p))
			m->privileged = json_is_true(p);
		json_decref(host);
	}
	free(rel);
	*out = m;
	return 0;
}
