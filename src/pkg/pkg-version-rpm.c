/* SPDX-License-Identifier: MIT */
/*
 * rpm's version ordering: "[epoch:]version[-release]" split as rpm splits
 * it, epochs as numbers, then version and release each by rpm's segment
 * comparison (rpmvercmp()), written from rpm's documented behaviour and its
 * test table (tests/rpmvercmp.at):
 *
 *   - everything but ASCII letters, digits, '~' and '^' separates segments,
 *     and separators do not count (2.0 == 2_0, "+" == "_");
 *   - '~' sorts before everything, the end included (1.0~rc1 < 1.0);
 *   - '^' sorts after the end but before anything else (1.0 < 1.0^git1 <
 *     1.0.1);
 *   - a segment is a run of digits or a run of letters; a numeric one is
 *     newer than an alphabetic one; numbers compare by value, letters as
 *     strings;
 *   - when the segments run out equal, the side with something left is the
 *     newer.
 */
#include <stdbool.h>
#include <string.h>

#include "pkg/pkg-version-priv.h"
#include "pkg/pkg-version.h"

/* Neither a segment nor '~' nor '^': skipped. */
static bool rpm_is_separator(char c)
{
	return !pkg_version_is_digit(c) && !pkg_version_is_alpha(c) && c != '~' && c != '^';
}

static int rpm_vercmp_span(struct pkg_version_span a, struct pkg_version_span b)
{
	size_t i = 0, j = 0;

	if (a.n == b.n && !memcmp(a.s, b.s, a.n))
		return 0;
	while (i < a.n || j < b.n) {
		struct pkg_version_span sa, sb;
		size_t si, sj;
		bool numeric;
		int r;

		while (i < a.n && rpm_is_separator(a.s[i]))
			i++;
		while (j < b.n && rpm_is_separator(b.s[j]))
			j++;
		bool a_end = i == a.n, b_end = j == b.n;
		if ((!a_end && a.s[i] == '~') || (!b_end && b.s[j] == '~')) {
			if (a_end || a.s[i] != '~')
				return 1;
			if (b_end || b.s[j] != '~')
				return -1;
			i++, j++;
			continue;
		}
		if ((!a_end && a.s[i] == '^') || (!b_end && b.s[j] == '^')) {
			if (a_end)
				return -1;
			if (b_end)
				return 1;
			if (a.s[i] != '^')
				return 1;
			if (b.s[j] != '^')
				return -1;
			i++, j++;
			continue;
		}
		if (a_end || b_end)
			break;

		/* a's segment sets the kind; b's run of that kind may be empty. */
		si = i, sj = j;
		numeric = pkg_version_is_digit(a.s[i]);
		while (i < a.n &&
		       (numeric ? pkg_version_is_digit(a.s[i]) : pkg_version_is_alpha(a.s[i])))
			i++;
		while (j < b.n &&
		       (numeric ? pkg_version_is_digit(b.s[j]) : pkg_version_is_alpha(b.s[j])))
			j++;
		if (j == sj)
			return numeric ? 1 : -1;
		/* Numbers by value, letters as strings (the shorter first). */
		sa = (struct pkg_version_span){a.s + si, i - si};
		sb = (struct pkg_version_span){b.s + sj, j - sj};
		r = numeric ? pkg_version_cmp_digits(sa, sb) : pkg_version_cmp_bytes(sa, sb);
		if (r)
			return r;
	}
	if (i == a.n && j == b.n)
		return 0;
	return i == a.n ? -1 : 1;
}

int pkg_version_rpm_vercmp(const char *a, const char *b)
{
	return rpm_vercmp_span((struct pkg_version_span){a, strlen(a)},
	                       (struct pkg_version_span){b, strlen(b)});
}

struct rpm_evr {
	struct pkg_version_span epoch; /* digits, may be empty (0) */
	struct pkg_version_span version;
	struct pkg_version_span release;
	bool has_epoch, has_release;
};

/*
 * As rpm's parseEVR(): the epoch is the leading digits when a ':' follows
 * them; the release is what follows the last '-' after the epoch.
 */
static void rpm_split(const char *v, struct rpm_evr *out)
{
	const char *s = v, *end = v + strlen(v);

	while (pkg_version_is_digit(*s))
		s++;
	out->has_epoch = *s == ':';
	out->epoch = (struct pkg_version_span){v, out->has_epoch ? (size_t)(s - v) : 0};
	if (out->has_epoch)
		v = s + 1;
	out->has_release = pkg_version_split_dash(v, end, &out->version, &out->release);
}

int pkg_version_rpm_cmp(const char *a, const char *b)
{
	struct rpm_evr va, vb;
	int r;

	rpm_split(a, &va);
	rpm_split(b, &vb);
	/* Digits only: rpmvercmp() on them is their order by value, "" being 0. */
	r = pkg_version_cmp_digits(va.epoch, vb.epoch);
	if (!r)
		r = rpm_vercmp_span(va.version, vb.version);
	/* As rpmverCmp(): a missing release sorts before any release, even "" or "~1". */
	if (!r && va.has_release != vb.has_release)
		r = va.has_release ? 1 : -1;
	else if (!r)
		r = rpm_vercmp_span(va.release, vb.release);
	return r;
}

/* What rpmbuild allows in a Version or Release (after macro expansion). */
static const char *rpm_check_field(struct pkg_version_span f, const char *empty, const char *bad)
{
	if (!f.n)
		return empty;
	for (size_t i = 0; i < f.n; i++)
		if (!pkg_version_is_digit(f.s[i]) && !pkg_version_is_alpha(f.s[i]) &&
		    !strchr("._+~^", f.s[i]))
			return bad;
	return NULL;
}

enum pkg_version_verdict pkg_version_rpm_check(const char *v, const char **why)
{
	struct rpm_evr e;
	const char *w = NULL;

	if (!*v) {
		w = "version string is empty";
		goto out;
	}
	rpm_split(v, &e);
	if (!e.has_epoch && strchr(v, ':') && (!e.has_release || strchr(v, ':') < e.release.s)) {
		w = "epoch is not a number";
		goto out;
	}
	if (e.has_epoch && !e.epoch.n) {
		w = "epoch is empty";
		goto out;
	}
	w = rpm_check_field(e.version, "version is empty", "invalid character in version");
	if (!w && e.has_release)
		w = rpm_check_field(e.release, "release is empty", "invalid character in release");
out:
	if (why)
		*why = w;
	return w ? PKG_VERSION_BAD : PKG_VERSION_OK;
}
