/* SPDX-License-Identifier: MIT */
/*
 * Container identity from cgroup paths: Falco's matchers (podman, docker,
 * CRI, containerd, lxc) in its order, written from the layouts its container
 * plugin documents (docs/runtime.md, "Containers and users").
 */

#include "runtime/rt-cgroup.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/root.h"

/* A runc-style id is 64 hex digits; Falco reports its first 12. */
#define ID_FULL_LEN  64
#define ID_SHORT_LEN 12

struct layout {
	const char *prefix;
	const char *suffix; /* "" for the end of the path */
};

static const struct layout podman_layouts[] = {
    {"/libpod-", ".scope"},
    {"/libpod-", ".scope/container"},
    {"/libpod-", ""}, /* without systemd (Alpine) */
    {"/libpod-payload-", ".scope"},
    {"/libpod-payload-", ".scope/container"},
    {"/libpod-payload-", ""},
    {NULL, NULL},
};

static const struct layout docker_layouts[] = {
    {"/", ""},              /* cgroupfs driver: /docker/<id> */
    {"/docker-", ".scope"}, /* systemd driver */
    {NULL, NULL},
};

static const struct layout cri_layouts[] = {
    {"/", ""},                      /* containerd without systemd (docker claims it first) */
    {"/crio-", ""},                 /* CRI-O without systemd */
    {"/cri-containerd-", ".scope"}, /* containerd with SystemdCgroup */
    {"/crio-", ".scope"},           /* CRI-O with systemd */
    {":cri-containerd:", ""},       /* a systemd-style parent without SystemdCgroup */
    {"/docker-", ".scope"},         /* cri-dockerd (docker claims it first) */
    {NULL, NULL},
};

static const char *const lxc_layouts[] = {
    "/lxc/",         /* without systemd */
    "/lxc.payload/", /* with systemd */
    "/lxc.payload.", /* lxc 4.0 */
    NULL,
};

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The last occurrence of needle (n bytes) in s (len bytes); -1 when none. */
static long rfind(const char *s, size_t len, const char *needle, size_t n)
{
	if (n == 0)
		return (long)len;
	if (n > len)
		return -1;
	for (size_t i = len - n + 1; i-- > 0;)
		if (memcmp(s + i, needle, n) == 0)
			return (long)i;
	return -1;
}

/* The first occurrence; -1 when none. */
static long find(const char *s, size_t len, const char *needle, size_t n)
{
	if (n > len)
		return -1;
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(s + i, needle, n) == 0)
			return (long)i;
	return -1;
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/*
 * systemd's own units: a short containerd id is never read from these.
 * Falco names .service, .slice and .scope; the helpers of .socket, .mount
 * and .swap units run in cgroups of their own too.
 */
static bool is_systemd_unit(const char *path, size_t len)
{
	static const char *const units[] = {".service", ".slice", ".scope",
	                                    ".socket",  ".mount", ".swap"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(units); i++)
		if (ends_with(path, len, units[i]))
			return true;
	return false;
}

static void set_ident(struct rt_ctr_ident *out, enum rt_ctr_runtime rt, const char *id, size_t n,
                      size_t short_len)
{
	if (n > sizeof(out->full_id) - 1)
		n = sizeof(out->full_id) - 1;
	if (short_len > n)
		short_len = n;
	out->runtime = rt;
	memcpy(out->full_id, id, n);
	out->full_id[n] = '\0';
	memcpy(out->id, id, short_len);
	out->id[short_len] = '\0';
}

static void set_host(struct rt_ctr_ident *out)
{
	memset(out, 0, sizeof(*out));
	out->runtime = RT_CTR_HOST;
	memcpy(out->id, "host", 5);
	memcpy(out->full_id, "host", 5);
}

/*
 * The text between the last prefix and the last suffix: 64 hex digits name
 * a container; a shorter text does only when short_ok (containerd) and the
 * path is not a systemd unit.
 */
static bool match_one(const char *path, size_t len, const char *prefix, const char *suffix,
                      bool short_ok, enum rt_ctr_runtime rt, struct rt_ctr_ident *out)
{
	long start = rfind(path, len, prefix, strlen(prefix));
	long end;
	size_t n;

	if (start < 0)
		return false;
	start += (long)strlen(prefix);
	end = rfind(path, len, suffix, strlen(suffix));
	if (end < start)
		return false;
	n = (size_t)(end - start);
	if (n == ID_FULL_LEN) {
		size_t i = 0;

		while (i < n && is_hex(path[start + (long)i]))
			i++;
		if (i == n) {
			set_ident(out, rt, path + start, n, ID_SHORT_LEN);
			return true;
		}
	}
	if (n == 0 || n > ID_FULL_LEN || !short_ok || is_systemd_unit(path, len))
		return false;
	set_ident(out, rt, path + start, n, ID_SHORT_LEN);
	return true;
}

static bool match_layouts(const char *path, size_t len, const struct layout *l,
                          enum rt_ctr_runtime rt, struct rt_ctr_ident *out)
{
	for (; l->prefix; l++)
		if (match_one(path, len, l->prefix, l->suffix, false, rt, out))
			return true;
	return false;
}

/* A containerd namespace as the plugin's pattern reads one: alnum runs joined by . _ - */
static bool is_namespace(const char *s, size_t n)
{
	bool prev_alnum = false;

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (is_alnum(s[i])) {
			prev_alnum = true;
		} else if ((s[i] == '.' || s[i] == '_' || s[i] == '-') && prev_alnum) {
			prev_alnum = false;
		} else {
			return false;
		}
	}
	return prev_alnum;
}

/* lxc's own components, which the lxc matcher reads (the plugin lets containerd have them). */
static bool is_lxc_component(const char *s, size_t n)
{
	return (n == 3 && memcmp(s, "lxc", 3) == 0) ||
	       (n >= 11 && memcmp(s, "lxc.payload", 11) == 0) ||
	       (n >= 11 && memcmp(s, "lxc.monitor", 11) == 0);
}

/*
 * Containers made with `ctr`: /<namespace>/<id>. The namespace is the first
 * path component that reads as one (followed by '/'); the id is the one
 * component after its last occurrence.
 */
static bool match_containerd(const char *path, size_t len, struct rt_ctr_ident *out)
{
	char prefix[258]; /* '/', a component (at most NAME_MAX bytes), '/' */
	size_t i = 0;

	while (i < len) {
		const char *slash = memchr(path + i, '/', len - i);
		size_t a, b;

		if (!slash)
			return false;
		a = (size_t)(slash - path) + 1;
		slash = memchr(path + a, '/', len - a);
		if (!slash)
			return false;
		b = (size_t)(slash - path);
		if (is_namespace(path + a, b - a)) {
			long start;

			if (is_lxc_component(path + a, b - a) || b - a + 2 >= sizeof(prefix))
				return false;
			memcpy(prefix, path + a - 1, b - a + 2);
			prefix[b - a + 2] = '\0';
			start = rfind(path, len, prefix, b - a + 2);
			if (start < 0)
				return false;
			start += (long)(b - a + 2);
			for (size_t k = (size_t)start; k < len; k++)
				if (!is_alnum(path[k]) && path[k] != '.' && path[k] != '_' &&
				    path[k] != '-')
					return false;
			if (!match_one(path, len, prefix, "", true, RT_CTR_CONTAINERD, out))
				return false;
			out->weak = true;
			return true;
		}
		i = b;
	}
	return false;
}

/* Printable ASCII without spaces: what an lxc name may be here (it reaches alerts). */
static bool is_graphic(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

static bool match_lxc(const char *path, size_t len, struct rt_ctr_ident *out)
{
	for (const char *const *l = lxc_layouts; *l; l++) {
		size_t pn = strlen(*l);
		long pos = find(path, len, *l, pn);
		const char *name, *end;
		size_t n;

		if (pos < 0)
			continue;
		name = path + pos + (long)pn;
		end = memchr(name, '/', len - (size_t)(name - path));
		n = end ? (size_t)(end - name) : len - (size_t)(name - path);
		if (n == 0 || !is_graphic(name, n))
			continue;
		set_ident(out, RT_CTR_LXC, name, n, n);
		return true;
	}
	return false;
}

bool rt_cgroup_match_path(const char *path, size_t len, struct rt_ctr_ident *out)
{
	set_host(out);
	len = strnlen(path, len); /* a path ends at a NUL */
	if (match_layouts(path, len, podman_layouts, RT_CTR_PODMAN, out) ||
	    match_layouts(path, len, docker_layouts, RT_CTR_DOCKER, out) ||
	    match_layouts(path, len, cri_layouts, RT_CTR_CRI, out) ||
	    match_containerd(path, len, out) || match_lxc(path, len, out))
		return true;
	set_host(out);
	return false;
}

void rt_cgroup_ident(const char *cgroups, size_t len, struct rt_ctr_ident *out)
{
	size_t paths = 0, i = 0;
	bool have_weak = false;

	set_host(out);
	if (!cgroups)
		return;
	if (len > RT_CGROUP_MAX_BYTES)
		len = RT_CGROUP_MAX_BYTES;
	while (i < len && paths < RT_CGROUP_MAX_PATHS) {
		size_t j = i, start, end;

		while (j < len && cgroups[j] != '\0' && cgroups[j] != '\n')
			j++;
		end = j;
		if (end > i && cgroups[end - 1] == '\r')
			end--;
		start = i;
		while (start < end && cgroups[start] != '/')
			start++;
		if (start < end) {
			struct rt_ctr_ident one;

			paths++;
			/* A layout of its own beats the bare containerd one, whatever the order. */
			if (rt_cgroup_match_path(cgroups + start, end - start, &one) &&
			    (!one.weak || !have_weak)) {
				*out = one;
				if (!one.weak)
					return;
				have_weak = true;
			}
		}
		i = j + 1;
	}
	if (!have_weak)
		set_host(out);
}

int rt_cgroup_ident_pid(const char *proc_root, int64_t pid, struct rt_ctr_ident *out,
                        struct vakt_error **err)
{
	struct vakt_root root;
	char rel[32];
	char *text;
	size_t len;
	int rc;

	set_host(out);
	rc = vakt_root_open(&root, proc_root, err);
	if (rc < 0)
		return rc;
	snprintf(rel, sizeof(rel), "%lld/cgroup", (long long)pid);
	rc = vakt_root_read(&root, rel, RT_CGROUP_MAX_BYTES, &text, &len, NULL, err);
	vakt_root_close(&root);
	if (rc < 0)
		return rc;
	rt_cgroup_ident(text, len, out);
	free(text);
	return 0;
}

const char *rt_ctr_runtime_name(enum rt_ctr_runtime r)
{
	switch (r) {
	case RT_CTR_HOST:
		return "host";
	case RT_CTR_DOCKER:
		return "docker";
	case RT_CTR_CRI:
		return "cri";
	case RT_CTR_CONTAINERD:
		return "containerd";
	case RT_CTR_PODMAN:
		return "podman";
	case RT_CTR_LXC:
		return "lxc";
	}
	return "host";
}
