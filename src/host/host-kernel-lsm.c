/* SPDX-License-Identifier: MIT */
/*
 * Confinement facts the CVE-2022-0492 preconditions and the LSM rules
 * read: which LSMs are active (/sys/kernel/security/lsm, else the
 * AppArmor module parameter and selinuxfs) and the cgroup hierarchy
 * (statfs of /sys/fs/cgroup live; under --root the recorded cgroup-fs or
 * the cgroup mounts of /proc/self/mountinfo).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>

#include "host-sys-probe.h"

#define CGROUP2_MAGIC 0x63677270
#define CGROUP1_MAGIC 0x27e0eb
#define TMPFS_MAGIC   0x01021994

/* Whether the comma-separated list has name. */
static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

static void lsm_probe(struct hs_ctx *c)
{
	struct host_lsm *l = &c->s->kernel.lsm;
	char *v = NULL;
	int sysfs = hs_exists(c, "lsm", "sys/kernel");
	int rc;

	rc = hs_read_value(c, "lsm", "sys/kernel/security/lsm", &l->list);
	if (rc == 0) {
		l->apparmor = in_list(l->list, "apparmor");
		l->selinux = in_list(l->list, "selinux");
		l->source = vakt_xstrdup("/sys/kernel/security/lsm");
		hs_observe(c, "lsm", "sys/kernel/security/lsm", 1, "active LSMs", "%s", l->list);
	}
	if (l->apparmor != 0) {
		rc = hs_read_value(c, "lsm", "sys/module/apparmor/parameters/enabled", &v);
		if (rc == 0) {
			l->apparmor = v[0] == 'Y';
			hs_observe(c, "lsm", "sys/module/apparmor/parameters/enabled", 1,
			           l->apparmor ? "apparmor enabled" : "apparmor disabled", "%s", v);
			if (!l->source)
				l->source = vakt_xstrdup("/sys/module/apparmor/parameters/enabled");
		} else if (rc == -ENOENT && sysfs == 1 && l->apparmor < 0) {
			l->apparmor = 0; /* not built in: sysfs shows every built-in module */
		}
		free(v);
		v = NULL;
	}
	rc = hs_read_value(c, "lsm", "sys/fs/selinux/enforce", &v);
	if (rc == 0) {
		l->selinux = 1;
		l->selinux_enforcing = v[0] == '1';
		hs_observe(c, "lsm", "sys/fs/selinux/enforce", 1,
		           l->selinux_enforcing ? "selinux enforcing" : "selinux permissive", "%s",
		           v);
		if (!l->source)
			l->source = vakt_xstrdup("/sys/fs/selinux/enforce");
	} else if (rc == -ENOENT && l->selinux < 0 && sysfs == 1 &&
	           c->s->virt.ctr_class == HOST_CTR_NONE) {
		/* selinuxfs is mounted wherever SELinux is on, except inside containers */
		l->selinux = 0;
	}
	free(v);
	if (!l->source && sysfs == 1)
		l->source = vakt_xstrdup("/sys/module");
	hs_observe(c, "lsm", l->source, 0,
	           l->apparmor == 1 || l->selinux == 1   ? "mandatory access control"
	           : l->apparmor == 0 && l->selinux == 0 ? "no AppArmor or SELinux"
	                                                 : "unknown",
	           "apparmor %d, selinux %d", l->apparmor, l->selinux);
}

static void set_cgroup(struct hs_ctx *c, enum host_cgroup v, const char *src, int line,
                       const char *seen)
{
	struct host_kernel *k = &c->s->kernel;

	k->cgroup = v;
	free(k->cgroup_source);
	k->cgroup_source = hs_shown(NULL, src);
	k->cgroup_line = line;
	hs_observe(c, "cgroup", src, line,
	           v == HOST_CGROUP_V2       ? "v2"
	           : v == HOST_CGROUP_HYBRID ? "hybrid (v1 controllers)"
	                                     : "v1",
	           "%s", seen);
}

static bool cgroup_live(struct hs_ctx *c)
{
	struct statfs fs, un;

	if (statfs("/sys/fs/cgroup", &fs) < 0)
		return false;
	if ((unsigned long)fs.f_type == CGROUP2_MAGIC)
		set_cgroup(c, HOST_CGROUP_V2, "/sys/fs/cgroup", 0, "statfs: cgroup2");
	else if ((unsigned long)fs.f_type == TMPFS_MAGIC ||
	         (unsigned long)fs.f_type == CGROUP1_MAGIC)
		set_cgroup(c,
		           statfs("/sys/fs/cgroup/unified", &un) == 0 &&
		                   (unsigned long)un.f_type == CGROUP2_MAGIC
		               ? HOST_CGROUP_HYBRID
		               : HOST_CGROUP_V1,
		           "/sys/fs/cgroup", 0, "statfs: tmpfs or cgroup (v1)");
	else
		return false;
	return true;
}

static bool cgroup_mountinfo(struct hs_ctx *c)
{
	const char *rel = "proc/self/mountinfo";
	char *text = NULL, line[1024], type[64];
	const char *p;
	size_t len;
	int n = 0, v1 = 0, v2 = 0, v2root = 0;

	if (hs_read(c, "cgroup", rel, HOST_MAX_FILE, &text, &len) < 0)
		return false;
	for (p = text; hs_next_line(&p, line, sizeof(line));) {
		const char *dash = strstr(line, " - ");
		char mnt[512];

		n++;
		if (!dash || sscanf(dash + 3, "%63s", type) != 1 ||
		    sscanf(line, "%*s %*s %*s %*s %511s", mnt) != 1)
			continue;
		if (!strcmp(type, "cgroup") && !v1)
			v1 = n;
		if (!strcmp(type, "cgroup2")) {
			v2 = n;
			if (!strcmp(mnt, "/sys/fs/cgroup"))
				v2root = n;
		}
	}
	free(text);
	if (v2root && !v1)
		set_cgroup(c, HOST_CGROUP_V2, rel, v2root, "cgroup2 at /sys/fs/cgroup");
	else if (v1)
		set_cgroup(c, v2 ? HOST_CGROUP_HYBRID : HOST_CGROUP_V1, rel, v1,
		           "a cgroup (v1) mount");
	else if (v2)
		set_cgroup(c, HOST_CGROUP_V2, rel, v2, "a cgroup2 mount");
	return v1 || v2;
}

static void cgroup_probe(struct hs_ctx *c)
{
	char *rec = NULL;
	size_t len;

	if (c->r->live && cgroup_live(c))
		return;
	if (hs_recorded(c, "cgroup", "cgroup-fs", &rec, &len) == 0) {
		rec[strcspn(rec, "\r\n")] = '\0';
		if (!strcmp(rec, "cgroup2fs"))
			set_cgroup(c, HOST_CGROUP_V2, ".vakt-probe/cgroup-fs", 1, rec);
		else if (!strcmp(rec, "tmpfs") || !strcmp(rec, "cgroupfs"))
			set_cgroup(
			    c,
			    hs_exists(c, "cgroup", "sys/fs/cgroup/unified/cgroup.controllers") == 1
			        ? HOST_CGROUP_HYBRID
			        : HOST_CGROUP_V1,
			    ".vakt-probe/cgroup-fs", 1, rec);
		free(rec);
		if (c->s->kernel.cgroup)
			return;
	}
	if (!cgroup_mountinfo(c))
		hs_observe(c, "cgroup", NULL, 0, "unknown", "%s", "no cgroup mount seen");
}

void hs_probe_lsm_cgroup(struct hs_ctx *c)
{
	lsm_probe(c);
	cgroup_probe(c);
}
