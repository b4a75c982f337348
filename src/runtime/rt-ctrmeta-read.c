/* SPDX-License-Identifier: MIT */
/*
 * The synchronous half of container metadata: which sources answer for
 * which runtime, and what they share (records, bounded JSON, times, the
 * privileged shape of an OCI spec, short ids).
 */

#include <errno.h>
#include <string.h>
#include <time.h>

#include "knowledge/imageref.h"
#include "runtime/rt-ctrmeta-priv.h"

struct rt_ctrmeta *ctrmeta_rec_new(const struct rt_ctr_ident *id, const char *type)
{
	struct rt_ctrmeta *m = vakt_xcalloc(1, sizeof(*m));

	m->privileged = -1;
	m->type = type; /* static */
	m->id = vakt_xstrdup(id->id);
	m->full_id = vakt_xstrdup(id->full_id);
	return m;
}

void rt_ctrmeta_record_free(struct rt_ctrmeta *m)
{
	if (!m)
		return;
	free((void *)m->name);
	free((void *)m->image);
	free((void *)m->image_repository);
	free((void *)m->image_tag);
	free((void *)m->image_digest);
	free((void *)m->k8s_ns);
	free((void *)m->k8s_pod);
	free((void *)m->id);
	free((void *)m->full_id);
	free((void *)m->image_id);
	free((void *)m->k8s_pod_uid);
	free(m);
}

void ctrmeta_rec_set(const char **field, const char *value)
{
	if (!value || !*value || strlen(value) > RT_CTRMETA_MAX_STRING)
		return;
	free((void *)*field);
	*field = vakt_xstrdup(value);
}

static bool is_hex_id(const char *s, size_t n)
{
	size_t i = 0;

	while (s[i] && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
		i++;
	return i == n && s[i] == '\0';
}

void ctrmeta_rec_image(struct rt_ctrmeta *m, const char *image)
{
	struct vakt_imageref ref;
	size_t len, cut;

	if (!image || !*image || strlen(image) > RT_CTRMETA_MAX_STRING)
		return;
	if (strncmp(image, "sha256:", 7) == 0 && is_hex_id(image + 7, 64)) {
		/* run by image id: no name to split */
		ctrmeta_rec_set(&m->image_id, image + 7);
		ctrmeta_rec_set(&m->image, image);
		return;
	}
	ctrmeta_rec_set(&m->image, image);
	if (vakt_imageref_parse(image, &ref, NULL) < 0)
		return;
	/* the repository as written: the reference less its suffixes */
	len = strlen(image);
	cut = len;
	if (ref.digest)
		cut -= strlen(ref.digest) + 1;
	if (ref.tag)
		cut -= strlen(ref.tag) + 1;
	if (cut > 0 && cut < len + 1) {
		char *repo = vakt_xstrndup(image, cut);

		ctrmeta_rec_set(&m->image_repository, repo);
		free(repo);
	}
	ctrmeta_rec_set(&m->image_tag, ref.tag);
	ctrmeta_rec_set(&m->image_digest, ref.digest);
	vakt_imageref_release(&ref);
}

int ctrmeta_json_read(const struct vakt_root *r, const char *rel, size_t max, json_t **out,
                      struct vakt_error **err)
{
	json_error_t jerr;
	char *text, *file;
	size_t len;
	int rc;

	*out = NULL;
	rc = vakt_root_read(r, rel, max, &text, &len, NULL, err);
	if (rc < 0)
		return rc;
	/* jansson bounds nesting itself (JSON_PARSER_MAX_DEPTH); the size is bounded above */
	*out = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	free(text);
	if (*out)
		return 0;
	file = vakt_xasprintf("%s/%s", r->path, rel);
	rc = vakt_error_set_at(err, -EINVAL, file, jerr.line, jerr.column, "cannot parse '%s': %s",
	                       file, jerr.text);
	free(file);
	return rc;
}

json_t *ctrmeta_json_parse(const char *text)
{
	return text ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
}

const char *ctrmeta_json_str(const json_t *obj, const char *key)
{
	const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	if (!json_is_string(v) || json_string_length(v) > RT_CTRMETA_MAX_STRING)
		return NULL;
	/* a string with a NUL inside is not a name */
	if (strlen(json_string_value(v)) != json_string_length(v))
		return NULL;
	return json_string_value(v);
}

const char *ctrmeta_json_str2(const json_t *obj, const char *outer, const char *key)
{
	return ctrmeta_json_str(json_is_object(obj) ? json_object_get(obj, outer) : NULL, key);
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

uint64_t ctrmeta_parse_time(const char *s)
{
	struct tm tm = {0};
	int year, mon, day, hh, mm, ss, oh, om;
	uint64_t frac = 0, scale = 1000000000u;
	int64_t secs;
	const char *p;

	if (!s || strlen(s) < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':' || s[16] != ':')
		return 0;
	if (!digits(s, 4, &year) || !digits(s + 5, 2, &mon) || !digits(s + 8, 2, &day) ||
	    !digits(s + 11, 2, &hh) || !digits(s + 14, 2, &mm) || !digits(s + 17, 2, &ss))
		return 0;
	if (year < 1970 || mon < 1 || mon > 12 || day < 1 || day > 31 || hh > 23 || mm > 59 ||
	    ss > 60)
		return 0;
	p = s + 19;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (scale > 1) {
				scale /= 10;
				frac += (uint64_t)(*p - '0') * scale;
			}
		}
	}
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = day;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	secs = (int64_t)timegm(&tm);
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if ((*p == '+' || *p == '-') && p[3] == ':' && digits(p + 1, 2, &oh) &&
	           digits(p + 4, 2, &om)) {
		int64_t off = (int64_t)oh * 3600 + (int64_t)om * 60;

		secs += *p == '+' ? -off : off;
		p += 6;
	} else {
		return 0;
	}
	if (*p || secs <= 0)
		return 0;
	return (uint64_t)secs * 1000000000u + frac;
}

static bool array_has(const json_t *arr, const char *s)
{
	size_t i;
	const json_t *v;

	json_array_foreach(arr, i, v)
	{
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return true;
	}
	return false;
}

int ctrmeta_oci_privileged(const json_t *spec)
{
	const json_t *caps = json_object_get(json_object_get(spec, "process"), "capabilities");
	const json_t *linux_ = json_object_get(spec, "linux");
	const json_t *bounding = json_object_get(caps, "bounding");
	const json_t *masked = json_object_get(linux_, "maskedPaths");
	const json_t *ro = json_object_get(linux_, "readonlyPaths");

	if (!json_is_array(bounding) || !json_is_object(linux_))
		return -1;
	if (!array_has(bounding, "CAP_SYS_ADMIN"))
		return 0;
	return json_array_size(masked) == 0 && json_array_size(ro) == 0;
}

bool ctrmeta_safe_component(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 255 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

int ctrmeta_find_entry(const struct vakt_root *r, const char *dir, const char *id, char *out,
                       size_t out_size, struct vakt_error **err)
{
	size_t n = strlen(id), seen = 0;
	struct stat st;
	struct dirent *e;
	char *rel;
	DIR *d;
	int rc = -ENOENT;

	if (!ctrmeta_safe_component(id) || n >= out_size)
		return -ENOENT;
	/* the whole id: no listing */
	rel = vakt_xasprintf("%s/%s", dir, id);
	if (vakt_root_stat(r, rel, &st) == 0) {
		free(rel);
		memcpy(out, id, n + 1);
		return 0;
	}
	free(rel);
	d = vakt_root_opendir(r, dir);
	if (!d)
		return errno == ENOENT || errno == ENOTDIR
		           ? -ENOENT
		           : vakt_error_set(err, -errno, "cannot list '%s/%s': %s", r->path, dir,
		                            strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (++seen > RT_CTRMETA_MAX_DIRENTS) {
			rc = vakt_error_set(err, -E2BIG, "'%s/%s' has more than %d entries",
			                    r->path, dir, RT_CTRMETA_MAX_DIRENTS);
			break;
		}
		if (strncmp(e->d_name, id, n) != 0 || !ctrmeta_safe_component(e->d_name))
			continue;
		if (rc == 0) {
			rc = vakt_error_set(err, -EEXIST,
			                    "two containers in '%s/%s' start with '%s'", r->path,
			                    dir, id);
			break;
		}
		if (strlen(e->d_name) >= out_size)
			continue;
		memcpy(out, e->d_name, strlen(e->d_name) + 1);
		rc = 0;
	}
	closedir(d);
	return rc;
}

typedef int (*source_fn)(const struct vakt_root *r, const struct rt_ctr_ident *id,
                         struct rt_ctrmeta **out, struct vakt_error **err);

static int read_containerd_cri(const struct vakt_root *r, const struct rt_ctr_ident *id,
                               struct rt_ctrmeta **out, struct vakt_error **err)
{
	return ctrmeta_read_containerd(r, id, false, out, err);
}

static int read_containerd_any(const struct vakt_root *r, const struct rt_ctr_ident *id,
                               struct rt_ctrmeta **out, struct vakt_error **err)
{
	return ctrmeta_read_containerd(r, id, true, out, err);
}

int rt_ctrmeta_lookup(const char *root, const struct rt_ctr_ident *id, struct rt_ctrmeta **out,
                      struct vakt_error **err)
{
	/*
	 * Which files to ask, in order. Falco's matchers call a bare 64-hex
	 * component docker's, so a Kubernetes container under cgroupfs comes
	 * as docker: the CRI sources follow.
	 */
	static const source_fn docker[] = {ctrmeta_read_docker, read_containerd_cri,
	                                   ctrmeta_read_storage, NULL};
	static const source_fn cri[] = {read_containerd_cri, ctrmeta_read_storage,
	                                ctrmeta_read_docker, NULL};
	static const source_fn podman[] = {ctrmeta_read_storage, NULL};
	static const source_fn containerd[] = {read_containerd_any, NULL};
	const source_fn *list = NULL;
	struct vakt_error *first = NULL;
	struct vakt_root r;
	int rc;

	*out = NULL;
	switch (id->runtime) {
	case RT_CTR_HOST:
		return vakt_error_set(err, -ENOENT, "the host has no container metadata");
	case RT_CTR_LXC:
		/* lxc's files hold no image: the name is all there is */
		*out = ctrmeta_rec_new(id, "lxc");
		ctrmeta_rec_set(&(*out)->name, id->full_id);
		return 0;
	case RT_CTR_DOCKER:
		list = docker;
		break;
	case RT_CTR_CRI:
		list = cri;
		break;
	case RT_CTR_PODMAN:
		list = podman;
		break;
	case RT_CTR_CONTAINERD:
		list = containerd;
		break;
	}
	if (!list)
		return vakt_error_set(err, -EINVAL, "unknown container runtime %d",
		                      (int)id->runtime);
	rc = vakt_root_open(&r, root, err);
	if (rc < 0)
		return rc;
	rc = -ENOENT;
	for (; *list; list++) {
		struct vakt_error *e = NULL;

		rc = (*list)(&r, id, out, &e);
		if (rc == 0) {
			vakt_error_free(e); /* a file a source could do without */
			break;
		}
		if (rc != -ENOENT && !first) {
			first = e;
			e = NULL;
		}
		vakt_error_free(e);
	}
	vakt_root_close(&r);
	if (rc == 0) {
		vakt_error_free(first);
		return 0;
	}
	if (first) {
		rc = first->code;
		if (err && !*err)
			*err = first;
		else
			vakt_error_free(first);
		return rc;
	}
	return vakt_error_set(err, -ENOENT, "no runtime file below '%s' knows container '%s'", root,
	                      id->id);
}
