/* SPDX-License-Identifier: MIT */
/*
 * The system probes' entry point and the readers they share: every read
 * goes through the root (a --root tree or "/"), "absent" (-ENOENT) is
 * returned quietly and anything else is recorded as unreadable, in the
 * observations and the warnings, so no rule can mistake it for a pass.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "host-sys-probe.h"

static void unreadable(struct hs_ctx *c, const char *probe, const char *shown, int rc)
{
	struct vakt_error *e = NULL;

	host_observe_unreadable(c->obs, probe, shown, rc);
	vakt_error_set(&e, VAKT_WARNING_CODE, "cannot read '%s': %s", shown, strerror(-rc));
	vakt_error_list_add(c->warnings, e);
}

int hs_read(struct hs_ctx *c, const char *probe, const char *rel, size_t max, char **out,
            size_t *len)
{
	int rc = host_read(c->r, rel, max, out, len);

	if (rc < 0 && rc != -ENOENT && rc != -ENOTDIR) {
		char *shown = host_path(c->r, rel);

		unreadable(c, probe, shown, rc);
		free(shown);
	}
	return rc == -ENOTDIR ? -ENOENT : rc;
}

int hs_read_value(struct hs_ctx *c, const char *probe, const char *rel, char **out)
{
	size_t len, n;
	int rc = hs_read(c, probe, rel, 64 * 1024, out, &len);

	if (rc < 0)
		return rc;
	n = strcspn(*out, "\n");
	if (n > HS_MAX_VALUE)
		n = HS_MAX_VALUE;
	while (n > 0 && ((*out)[n - 1] == ' ' || (*out)[n - 1] == '\t' || (*out)[n - 1] == '\r' ||
	                 (*out)[n - 1] == '\0'))
		n--;
	(*out)[n] = '\0';
	return 0;
}

int hs_exists(struct hs_ctx *c, const char *probe, const char *rel)
{
	struct stat st;
	int rc = host_stat(c->r, rel, &st);

	if (rc == 0)
		return 1;
	if (rc == -ENOENT || rc == -ENOTDIR)
		return 0;
	{
		char *shown = host_path(c->r, rel);

		unreadable(c, probe, shown, rc);
		free(shown);
	}
	return rc;
}

int hs_recorded(struct hs_ctx *c, const char *probe, const char *name, char **out, size_t *len)
{
	int rc = host_read_recorded(c->r, name, HOST_MAX_FILE, out, len);

	if (rc < 0 && rc != -ENOENT) {
		char *shown = vakt_xasprintf(".vakt-probe/%s", name);

		unreadable(c, probe, shown, rc);
		free(shown);
	}
	return rc;
}

char *hs_shown(const struct host_root *r, const char *rel)
{
	if (rel[0] == '/' || !strncmp(rel, ".vakt-probe/", 12) || !strcmp(rel, "cpuid"))
		return vakt_xstrdup(rel);
	return r ? host_path(r, rel) : vakt_xasprintf("/%s", rel);
}

void hs_observe(struct hs_ctx *c, const char *probe, const char *rel, int line, const char *verdict,
                const char *fmt, ...)
{
	char *shown = rel ? hs_shown(c->r, rel) : NULL;
	char *seen;
	va_list ap;

	va_start(ap, fmt);
	seen = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	host_observe(c->obs, probe, shown, line, verdict, "%s", seen);
	free(seen);
	free(shown);
}

void hs_evidence(struct host_evidence *ev, const char *rel, int line, const char *fmt, ...)
{
	va_list ap;

	hs_evidence_release(ev);
	ev->source = rel ? hs_shown(NULL, rel) : NULL;
	ev->line = line;
	va_start(ap, fmt);
	ev->why = vakt_xvasprintf(fmt, ap);
	va_end(ap);
}

void hs_evidence_release(struct host_evidence *ev)
{
	free(ev->source);
	free(ev->why);
	memset(ev, 0, sizeof(*ev));
}

void hs_copy(char *dst, size_t n, const char *src)
{
	size_t k = strlen(src);

	if (k >= n)
		k = n - 1;
	memcpy(dst, src, k);
	dst[k] = '\0';
}

bool hs_next_line(const char **p, char *line, size_t n)
{
	const char *s = *p, *e;
	size_t k;

	if (!*s)
		return false;
	e = strchr(s, '\n');
	k = e ? (size_t)(e - s) : strlen(s);
	*p = e ? e + 1 : s + k;
	if (k >= n)
		k = n - 1;
	memcpy(line, s, k);
	line[k] = '\0';
	return true;
}

void host_sys_collect(const struct host_root *r, struct host_sys *s, struct host_observations *obs,
                      struct vakt_error_list *warnings)
{
	struct hs_ctx c = {.r = r, .s = s, .obs = obs, .warnings = warnings};

	s->virt.init_pidns = -1;
	s->res.steal_pct = -1;
	s->res.steal_boot_pct = -1;
	s->kernel.lsm.apparmor = -1;
	s->kernel.lsm.selinux = -1;
	s->kernel.lsm.selinux_enforcing = -1;
	s->kernel.userns = -1;
	hs_probe_sysctls(&c);
	hs_probe_kernel(&c);
	hs_probe_container(&c);
	hs_probe_vm(&c);
	hs_probe_lsm_cgroup(&c);
	hs_probe_resources(&c);
}

void host_sys_release(struct host_sys *s)
{
	hs_evidence_release(&s->virt.vm_ev);
	hs_evidence_release(&s->virt.ctr_ev);
	free(s->virt.vm_conflict);
	free(s->res.steal_source);
	free(s->res.balloon_source);
	free(s->res.modules_source);
	free(s->kernel.osrelease);
	free(s->kernel.upstream);
	free(s->kernel.source);
	free(s->kernel.cgroup_source);
	free(s->kernel.lsm.list);
	free(s->kernel.lsm.source);
	free(s->kernel.userns_source);
	for (size_t i = 0; i < HOST_SC_COUNT; i++)
		free(s->sysctl[i].value);
	memset(s, 0, sizeof(*s));
}
