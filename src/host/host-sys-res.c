/* SPDX-License-Identifier: MIT */
/*
 * Signs of oversold resources (the 2022 article's table): CPU steal time
 * over a short sample of /proc/stat, a memory balloon driver the provider
 * can reclaim memory through, and whether kernel modules can be loaded at
 * all (/proc/modules absent: built without module support, as many
 * shared-kernel guests and microVMs are).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host-sys-probe.h"

#define STEAL_SAMPLE_MS 500

struct cpu_times {
	unsigned long long total, steal;
	bool ok;
};

/* The aggregate "cpu " line of a /proc/stat text. */
static struct cpu_times parse_stat(const char *text)
{
	struct cpu_times t = {0};
	unsigned long long v[10] = {0};
	int n;

	if (strncmp(text, "cpu ", 4))
		return t;
	n = sscanf(text + 4, "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
	           &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
	if (n < 8)
		return t;
	/* guest and guest_nice (8, 9) are already inside user and nice */
	for (int i = 0; i < 8; i++)
		t.total += v[i];
	t.steal = v[7];
	t.ok = t.total > 0;
	return t;
}

static bool read_stat(struct hs_ctx *c, const char *recorded, struct cpu_times *t)
{
	char *text = NULL;
	size_t len;
	int rc = recorded ? hs_recorded(c, "resources.steal", recorded, &text, &len)
	                  : hs_read(c, "resources.steal", "proc/stat", HOST_MAX_FILE, &text, &len);

	if (rc < 0)
		return false;
	*t = parse_stat(text);
	free(text);
	return t->ok;
}

static void steal_probe(struct hs_ctx *c)
{
	struct host_resources *r = &c->s->res;
	struct cpu_times a, b;
	const char *src = c->r->live ? "proc/stat" : ".vakt-probe/stat-before";

	if (!read_stat(c, c->r->live ? NULL : "stat-before", &a))
		return;
	r->steal_source = hs_shown(c->r, src);
	r->steal_boot_pct = 100.0 * (double)a.steal / (double)a.total;
	if (c->r->live) {
		struct timespec ts = {0, STEAL_SAMPLE_MS * 1000000L};

		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
	if (read_stat(c, c->r->live ? NULL : "stat-after", &b) && b.total > a.total &&
	    b.steal >= a.steal) {
		r->steal_pct = 100.0 * (double)(b.steal - a.steal) / (double)(b.total - a.total);
		r->steal_ms = STEAL_SAMPLE_MS;
	}
	if (r->steal_pct >= 0)
		hs_observe(c, "resources.steal", src, 1, "sampled",
		           "steal %.1f%% over %d ms (%.1f%% since boot)", r->steal_pct, r->steal_ms,
		           r->steal_boot_pct);
	else
		hs_observe(c, "resources.steal", src, 1, "since boot", "steal %.1f%% since boot",
		           r->steal_boot_pct);
}

static const char *const balloons[] = {"virtio_balloon", "vmw_balloon", "hv_balloon",
                                       "xen_balloon"};

static void set_balloon(struct hs_ctx *c, const char *name, const char *rel, int line)
{
	struct host_resources *r = &c->s->res;

	if (r->balloon[0])
		return;
	hs_copy(r->balloon, sizeof(r->balloon), name);
	r->balloon_source = hs_shown(c->r, rel);
	r->balloon_line = line;
	hs_observe(c, "resources.balloon", rel, line, "memory balloon", "%s", name);
}

static void modules_probe(struct hs_ctx *c)
{
	struct host_resources *r = &c->s->res;
	const struct host_sysctl *dis = &c->s->sysctl[HOST_SC_MODULES_DISABLED];
	char *text = NULL, line[512];
	const char *p;
	size_t len;
	int rc = hs_read(c, "resources.modules", "proc/modules", HOST_MAX_FILE, &text, &len);
	int n = 0;

	if (rc == -ENOENT) {
		r->modules = HOST_MODULES_NONE;
		r->modules_source = vakt_xstrdup("/proc/modules");
		hs_observe(c, "resources.modules", "proc/modules", 0, "no module support",
		           "/proc/modules absent");
	} else if (rc == 0) {
		for (p = text; hs_next_line(&p, line, sizeof(line));) {
			n++;
			for (size_t i = 0; i < sizeof(balloons) / sizeof(balloons[0]); i++)
				if (!strncmp(line, balloons[i], strlen(balloons[i])) &&
				    line[strlen(balloons[i])] == ' ')
					set_balloon(c, balloons[i], "proc/modules", n);
		}
		if (dis->state == 1 && dis->numeric && dis->num == 1) {
			r->modules = HOST_MODULES_DISABLED;
			r->modules_source = vakt_xasprintf("/%s", dis->rel);
		} else if (dis->state == 1) {
			r->modules = HOST_MODULES_LOADABLE;
			r->modules_source = vakt_xasprintf("/%s", dis->rel);
			r->modules_line = 1;
		} else if (dis->state == 0) {
			r->modules = HOST_MODULES_LOADABLE; /* no switch to turn loading off */
			r->modules_source = vakt_xstrdup("/proc/modules");
		}
		hs_observe(c, "resources.modules", dis->rel, dis->state == 1,
		           r->modules == HOST_MODULES_DISABLED   ? "module loading disabled"
		           : r->modules == HOST_MODULES_LOADABLE ? "modules can be loaded"
		                                                 : "unknown",
		           "%s = %s", dis->key, dis->value ? dis->value : "(absent)");
	}
	free(text);
	/* Built-in drivers show in sysfs whether or not modules exist. */
	if (hs_exists(c, "resources.balloon", "sys/bus/virtio/drivers/virtio_balloon") == 1)
		set_balloon(c, "virtio_balloon", "sys/bus/virtio/drivers/virtio_balloon", 0);
	if (hs_exists(c, "resources.balloon", "sys/devices/system/xen_memory") == 1)
		set_balloon(c, "xen_balloon", "sys/devices/system/xen_memory", 0);
}

void hs_probe_resources(struct hs_ctx *c)
{
	modules_probe(c);
	steal_probe(c);
}
