/* SPDX-License-Identifier: MIT */
/*
 * What every host probe stands on: the root it reads under (the real "/" or
 * a --root tree), reads that tell "absent" from "cannot read", and the
 * observations the environment section lists.
 */
#include "host.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int host_root_open(const char *path, struct host_root *out, struct vakt_error **err)
{
	char *real = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	out->dir.fd = -1;
	if (!path)
		path = "/";
	rc = vakt_root_open(&out->dir, path, err);
	if (rc < 0)
		return rc;
	real = realpath(path, NULL);
	out->live = real && strcmp(real, "/") == 0;
	free(real);
	return 0;
}

void host_root_release(struct host_root *r)
{
	vakt_root_close(&r->dir);
}

int host_read(const struct host_root *r, const char *rel, size_t max, char **out, size_t *len)
{
	struct vakt_error *err = NULL;
	int rc = vakt_root_read(&r->dir, rel, max, out, len, NULL, &err);

	vakt_error_free(err);
	return rc;
}

int host_stat(const struct host_root *r, const char *rel, struct stat *st)
{
	return vakt_root_stat(&r->dir, rel, st);
}

int host_read_recorded(const struct host_root *r, const char *name, size_t max, char **out,
                       size_t *len)
{
	char *rel;
	int rc;

	*out = NULL;
	*len = 0;
	if (r->live || strchr(name, '/'))
		return -ENOENT;
	rel = vakt_xasprintf(".vakt-probe/%s", name);
	rc = host_read(r, rel, max, out, len);
	free(rel);
	return rc;
}

char *host_path(const struct host_root *r, const char *rel)
{
	(void)r;
	return vakt_xasprintf("/%s", rel);
}

void host_observe(struct host_observations *o, const char *probe, const char *source, int line,
                  const char *verdict, const char *seen_fmt, ...)
{
	struct host_observation *ob;
	va_list ap;

	o->v = vakt_grow(o->v, sizeof(*o->v), o->n + 1, &o->cap);
	ob = &o->v[o->n++];
	memset(ob, 0, sizeof(*ob));
	ob->probe = vakt_xstrdup(probe);
	ob->source = vakt_xstrdup(source ? source : "host");
	ob->line = line;
	ob->verdict = vakt_xstrdup(verdict ? verdict : "");
	va_start(ap, seen_fmt);
	ob->seen = vakt_xvasprintf(seen_fmt, ap);
	va_end(ap);
}

void host_observe_unreadable(struct host_observations *o, const char *probe, const char *source,
                             int code)
{
	char *verdict = vakt_xasprintf("unreadable: %s", strerror(code < 0 ? -code : code));

	host_observe(o, probe, source, 0, verdict, "%s", "");
	o->v[o->n - 1].unreadable = true;
	free(verdict);
}

void host_observations_release(struct host_observations *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].probe);
		free(o->v[i].source);
		free(o->v[i].seen);
		free(o->v[i].verdict);
	}
	free(o->v);
	memset(o, 0, sizeof(*o));
}
