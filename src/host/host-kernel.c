/* SPDX-License-Identifier: MIT */
/*
 * The kernel: its release and the upstream version behind it (Debian's
 * ABI name "6.1.0-26-amd64" says nothing of the patch level, which is in
 * /proc/version as "Debian 6.1.112-1"; Ubuntu writes it to
 * /proc/version_signature), a version comparator, and the container-escape
 * CVEs of reference host.md §5 with the first fixed release of each stable
 * stream. Versions are hints: distributions backport, so the rules say
 * "potentially affected" and lower the severity when only an ABI name is
 * known. Also whether unprivileged user namespaces are allowed (the entry
 * point of CVE-2022-0185 and CVE-2024-1086).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "host-sys-probe.h"

#define STABLE(...) ((const char *const[]){__VA_ARGS__, NULL})

const struct host_kcve host_kcve_dirty_cow = {
    .id = "CVE-2016-5195",
    .name = "Dirty COW",
    .since = "2.6.22",
    .mainline = "4.9",
    .stable = STABLE("4.8.3", "4.7.9", "4.4.26", "4.1.35", "3.18.44", "3.16.38", "3.12.66"),
};
const struct host_kcve host_kcve_dirty_pipe = {
    .id = "CVE-2022-0847",
    .name = "Dirty Pipe",
    .since = "5.8",
    .mainline = "5.17-rc6",
    .stable = STABLE("5.16.11", "5.15.25", "5.10.102"),
};
const struct host_kcve host_kcve_cgroup_ra = {
    .id = "CVE-2022-0492",
    .name = "cgroup v1 release_agent",
    .since = "2.6.24",
    .mainline = "5.17-rc3",
    .stable = STABLE("5.16.6", "5.15.20", "5.10.97", "5.4.177", "4.19.229", "4.14.266", "4.9.301"),
};
const struct host_kcve host_kcve_fsconfig = {
    .id = "CVE-2022-0185",
    .name = "legacy_parse_param heap overflow",
    .since = "5.1",
    .mainline = "5.17",
    .stable = STABLE("5.16.2", "5.15.16", "5.10.93", "5.4.173"),
};
const struct host_kcve host_kcve_nft = {
    .id = "CVE-2024-1086",
    .name = "nf_tables double free",
    .since = "3.15",
    .mainline = "6.8",
    .stable = STABLE("6.7.3", "6.6.15", "6.1.76", "5.15.149", "5.10.210", "5.4.269", "4.19.307"),
};

#define KVER_PARTS 4

struct kver {
	long part[KVER_PARTS];
	long rc; /* LONG_MAX: a release */
};

/* Parse the leading version of s; false when s does not start with a number. */
static bool kver_parse(const char *s, struct kver *v)
{
	int i = 0;

	memset(v, 0, sizeof(*v));
	v->rc = LONG_MAX;
	if (!s || !isdigit((unsigned char)*s))
		return false;
	while (i < KVER_PARTS && isdigit((unsigned char)*s)) {
		long n = 0;

		while (isdigit((unsigned char)*s)) {
			if (n < 100000000)
				n = n * 10 + (*s - '0');
			s++;
		}
		v->part[i++] = n;
		if (*s != '.' || !isdigit((unsigned char)s[1]))
			break;
		s++;
	}
	if (!strncmp(s, "-rc", 3)) {
		const char *p = s + 3 + (s[3] == '.');

		if (isdigit((unsigned char)*p)) {
			v->rc = 0;
			while (isdigit((unsigned char)*p) && v->rc < 100000)
				v->rc = v->rc * 10 + (*p++ - '0');
		}
	}
	return true;
}

static int kver_cmp(const struct kver *a, const struct kver *b)
{
	for (int i = 0; i < KVER_PARTS; i++)
		if (a->part[i] != b->part[i])
			return a->part[i] < b->part[i] ? -1 : 1;
	if (a->rc != b->rc)
		return a->rc < b->rc ? -1 : 1;
	return 0;
}

int host_kver_cmp(const char *a, const char *b)
{
	struct kver x, y;
	bool ha = kver_parse(a, &x), hb = kver_parse(b, &y);

	if (!ha || !hb)
		return (int)ha - (int)hb;
	return kver_cmp(&x, &y);
}

int host_kcve_affects(const struct host_kcve *c, const char *v, const char **fixed_in)
{
	struct kver ver, fix;

	*fixed_in = c->mainline;
	if (!kver_parse(v, &ver))
		return -1;
	if (host_kver_cmp(v, c->since) < 0 || host_kver_cmp(v, c->mainline) >= 0)
		return 0;
	for (size_t i = 0; c->stable[i]; i++) {
		kver_parse(c->stable[i], &fix);
		if (fix.part[0] == ver.part[0] && fix.part[1] == ver.part[1]) {
			*fixed_in = c->stable[i];
			return kver_cmp(&ver, &fix) < 0;
		}
	}
	return 1;
}

/* Copy the version at the start of s ("6.1.112", "5.17-rc3") into a new string. */
static char *take_version(const char *s)
{
	size_t n = strspn(s, "0123456789.");

	while (n > 0 && s[n - 1] == '.')
		n--;
	if (!strncmp(s + n, "-rc", 3) && isdigit((unsigned char)s[n + 3 + (s[n + 3] == '.')]))
		n += 3 + strspn(s + n + 3, ".0123456789");
	return n ? strndup(s, n) : NULL;
}

/*
 * Whether osrelease is a distribution's ABI name whose numbers do not
 * follow upstream patch levels: Debian and Ubuntu "X.Y.0-N-flavour", Red
 * Hat and its rebuilds "X.Y.Z-N.M.elK", SUSE "X.Y.Z-150N00.M-default" and
 * "4.12.14-122.37-default", OpenVZ "2.6.32-042stab...". Fedora (.fcN) and
 * Amazon Linux (.amznN) rebase on stable releases, so theirs are upstream.
 */
bool host_kver_is_abi(const char *rel)
{
	const char *p = rel, *dash;
	int dots = 0;
	const char *el = strstr(rel, ".el");

	if (el && isdigit((unsigned char)el[3]))
		return true;
	if (strstr(rel, "stab"))
		return true;
	while (*p && (isdigit((unsigned char)*p) || *p == '.')) {
		dots += *p == '.';
		p++;
	}
	if (*p != '-' || !isdigit((unsigned char)p[1]))
		return false;
	if (dots == 2 && p >= rel + 2 && !strncmp(p - 2, ".0", 2))
		return true; /* X.Y.0-N */
	/* X.Y.Z-N.M: a distribution's release number, unless it rebases on stable */
	dash = p + 1 + strspn(p + 1, "0123456789");
	return *dash == '.' && isdigit((unsigned char)dash[1]) && !strstr(rel, ".fc") &&
	       !strstr(rel, "amzn");
}

/* The upstream version in a distro's uname -v ("... Debian 6.1.112-1 (2024-09-30)"). */
static char *debian_upstream(const char *version)
{
	const char *hash = strchr(version, '#'), *p, *last = NULL;

	if (!hash)
		return NULL;
	for (p = hash; (p = strstr(p, "Debian ")); p += 7)
		if (isdigit((unsigned char)p[7]))
			last = p + 7;
	return last ? take_version(last) : NULL;
}

static void userns_probe(struct hs_ctx *c)
{
	struct host_kernel *k = &c->s->kernel;
	const struct host_sysctl *max = &c->s->sysctl[HOST_SC_MAX_USERNS];
	const struct host_sysctl *clone = &c->s->sysctl[HOST_SC_USERNS_CLONE];
	const struct host_sysctl *aa = &c->s->sysctl[HOST_SC_APPARMOR_USERNS];
	const struct host_sysctl *why = max;

	if (max->state != 1) {
		k->userns = -1; /* the file exists on every kernel with /proc/sys */
	} else if (max->numeric && max->num == 0) {
		k->userns = 0;
	} else if (clone->state == 1 && clone->numeric && clone->num == 0) {
		k->userns = 0;
		why = clone;
	} else if (aa->state == 1 && aa->numeric && aa->num == 1) {
		k->userns = 0;
		why = aa;
	} else if (clone->state < 0 || aa->state < 0) {
		k->userns = -1;
	} else {
		k->userns = 1;
	}
	k->userns_source = vakt_xasprintf("/%s", why->rel);
	hs_observe(c, "kernel.userns", why->rel, why->state == 1 ? 1 : 0,
	           k->userns == 1   ? "unprivileged user namespaces allowed"
	           : k->userns == 0 ? "unprivileged user namespaces restricted"
	                            : "unknown",
	           "%s = %s", why->key, why->value ? why->value : "(absent)");
}

void hs_probe_kernel(struct hs_ctx *c)
{
	struct host_kernel *k = &c->s->kernel;
	char *sig = NULL, *ver = NULL;
	size_t len;

	if (hs_read_value(c, "kernel.version", "proc/sys/kernel/osrelease", &k->osrelease) == 0)
		hs_observe(c, "kernel.version", "proc/sys/kernel/osrelease", 1, "release", "%s",
		           k->osrelease);
	if (hs_read_value(c, "kernel.version", "proc/version_signature", &sig) == 0) {
		const char *last = strrchr(sig, ' ');

		if (last && (k->upstream = take_version(last + 1))) {
			k->from = HOST_KVER_UPSTREAM;
			k->source = vakt_xstrdup("/proc/version_signature");
			k->line = 1;
		}
	}
	if (!k->upstream && hs_read(c, "kernel.version", "proc/version", 4096, &ver, &len) == 0 &&
	    (k->upstream = debian_upstream(ver))) {
		k->from = HOST_KVER_UPSTREAM;
		k->source = vakt_xstrdup("/proc/version");
		k->line = 1;
	}
	if (!k->upstream && k->osrelease && (k->upstream = take_version(k->osrelease))) {
		k->from = host_kver_is_abi(k->osrelease) ? HOST_KVER_ABI : HOST_KVER_UPSTREAM;
		k->source = vakt_xstrdup("/proc/sys/kernel/osrelease");
		k->line = 1;
	}
	if (k->upstream)
		hs_observe(c, "kernel.version", k->source, 1,
		           k->from == HOST_KVER_ABI ? "distribution ABI name (patch level unknown)"
		                                    : "upstream version",
		           "%s", k->upstream);
	else if (k->osrelease)
		hs_observe(c, "kernel.version", "proc/sys/kernel/osrelease", 1, "unparseable", "%s",
		           k->osrelease);
	free(sig);
	free(ver);
	userns_probe(c);
}
