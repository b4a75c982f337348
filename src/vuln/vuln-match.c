/* SPDX-License-Identifier: MIT */
/*
 * The OSV evaluation of one installed version against one affected[]
 * entry (docs/vulnerabilities.md, "Matching"). The schema's pseudocode
 * sorts each range's events and walks them; the walk's result is decided by
 * the last event of that order the version passes, so that event is found
 * in one pass and nothing is sorted or allocated: a record with events in
 * any order is judged the same.
 */
#include <errno.h>
#include <stdarg.h>

#include "core/util.h"
#include "vuln/vuln-match.h"

/* --- SemVer ------------------------------------------------------------- */

/* Compare two runs of digits by value, whatever their length. */
static int digits_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c;

	while (an > 1 && *a == '0')
		a++, an--;
	while (bn > 1 && *b == '0')
		b++, bn--;
	if (an != bn)
		return an < bn ? -1 : 1;
	c = memcmp(a, b, an);
	return c < 0 ? -1 : c > 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

struct semver {
	const char *num[3];
	size_t num_len[3];
	const char *pre; /* NULL: no pre-release */
	size_t pre_len;
};

static void semver_parse(const char *s, struct semver *v)
{
	size_t i = 0;

	memset(v, 0, sizeof(*v));
	if (*s == 'v' || *s == 'V')
		s++;
	for (int k = 0; k < 3; k++) {
		v->num[k] = s;
		while (is_digit(s[i]))
			i++;
		v->num_len[k] = i;
		s += i;
		i = 0;
		if (k < 2 && *s == '.' && is_digit(s[1]))
			s++;
		else
			break;
	}
	if (*s && *s != '+') {
		if (*s == '-')
			s++;
		v->pre = s;
		while (s[v->pre_len] && s[v->pre_len] != '+')
			v->pre_len++;
	}
}

/* One dot-separated pre-release identifier against another (SemVer 11.4). */
static int semver_ident_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	bool da = an > 0, db = bn > 0;
	int c;

	for (size_t i = 0; i < an && da; i++)
		da = is_digit(a[i]);
	for (size_t i = 0; i < bn && db; i++)
		db = is_digit(b[i]);
	if (da && db)
		return digits_cmp(a, an, b, bn);
	if (da != db)
		return da ? -1 : 1;
	c = memcmp(a, b, an < bn ? an : bn);
	if (c)
		return c < 0 ? -1 : 1;
	return an < bn ? -1 : an > bn;
}

int vuln_semver_cmp(const char *a, const char *b)
{
	struct semver x, y;
	size_t i = 0, j = 0;
	int c;

	semver_parse(a, &x);
	semver_parse(b, &y);
	for (int k = 0; k < 3; k++) {
		/* A missing number is 0: an empty run compares as "0". */
		c = digits_cmp(x.num_len[k] ? x.num[k] : "0", x.num_len[k] ? x.num_len[k] : 1,
		               y.num_len[k] ? y.num[k] : "0", y.num_len[k] ? y.num_len[k] : 1);
		if (c)
			return c;
	}
	if (!x.pre || !y.pre)
		return x.pre ? -1 : y.pre ? 1 : 0;
	for (;;) {
		size_t ie = i, je = j;

		while (ie < x.pre_len && x.pre[ie] != '.')
			ie++;
		while (je < y.pre_len && y.pre[je] != '.')
			je++;
		c = semver_ident_cmp(x.pre + i, ie - i, y.pre + j, je - j);
		if (c)
			return c;
		if (ie >= x.pre_len || je >= y.pre_len)
			return ie >= x.pre_len && je >= y.pre_len ? 0 : ie >= x.pre_len ? -1 : 1;
		i = ie + 1;
		j = je + 1;
	}
}

/* --- ecosystems --------------------------------------------------------- */

int vuln_ecosystem_scheme(const char *ecosystem, enum pkg_version_scheme *out)
{
	static const struct {
		const char *name;
		enum pkg_version_scheme scheme;
	} names[] = {
	    {"Debian", PKG_VERSION_DEB},
	    {"Ubuntu", PKG_VERSION_DEB},
	    {"Alpine", PKG_VERSION_APK},
	    {"Wolfi", PKG_VERSION_APK},
	    {"Chainguard", PKG_VERSION_APK},
	    {"MinimOS", PKG_VERSION_APK},
	    {"Red Hat", PKG_VERSION_RPM},
	    {"AlmaLinux", PKG_VERSION_RPM},
	    {"Rocky Linux", PKG_VERSION_RPM},
	    {"SUSE", PKG_VERSION_RPM},
	    {"openSUSE", PKG_VERSION_RPM},
	    {"Photon OS", PKG_VERSION_RPM},
	    {"Amazon Linux", PKG_VERSION_RPM},
	    {"Azure Linux", PKG_VERSION_RPM},
	    {"Mageia", PKG_VERSION_RPM},
	    {"openEuler", PKG_VERSION_RPM},
	    {"npm", PKG_VERSION_SEMVER},
	    {"crates.io", PKG_VERSION_SEMVER},
	    {"Go", PKG_VERSION_GO},
	    {"PyPI", PKG_VERSION_PEP440},
	    {"Maven", PKG_VERSION_MAVEN},
	    {"RubyGems", PKG_VERSION_GEM},
	    {"Packagist", PKG_VERSION_COMPOSER},
	};
	const char *colon;
	size_t n;

	if (!ecosystem)
		return -ENOENT;
	colon = strchr(ecosystem, ':');
	n = colon ? (size_t)(colon - ecosystem) : strlen(ecosystem);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(names); i++)
		if (strlen(names[i].name) == n && !memcmp(names[i].name, ecosystem, n)) {
			*out = names[i].scheme;
			return 0;
		}
	return -ENOENT;
}

bool vuln_record_withdrawn(const struct vuln_record *r)
{
	return r && r->withdrawn;
}

/* --- ranges ------------------------------------------------------------- */

/* How the versions of one range compare. */
struct order {
	enum vuln_range_type type;
	enum pkg_version_scheme scheme;
};

static int order_cmp(const struct order *o, const char *a, const char *b)
{
	return o->type == VULN_RANGE_SEMVER ? vuln_semver_cmp(a, b)
	                                    : pkg_version_cmp(o->scheme, a, b);
}

static bool is_zero_introduced(const struct vuln_event *e)
{
	return e->kind == VULN_EVENT_INTRODUCED && !strcmp(e->version, "0");
}

/* Where an event goes among events of an equal version. */
static int event_rank(enum vuln_event_kind k)
{
	return k == VULN_EVENT_INTRODUCED ? 0 : k == VULN_EVENT_FIXED ? 1 : 2;
}

/*
 * The order the schema walks events in: by version, "introduced: 0" first,
 * and at equal versions an introduced event before the others, so that
 * "introduced X, fixed X" is an empty range and "introduced X,
 * last_affected X" is X alone. A fixed event goes before a last_affected
 * one of an equal version (a range the schema forbids, which must still
 * be judged the same whatever the order of its events).
 */
static int event_cmp(const struct order *o, const struct vuln_event *a, const struct vuln_event *b)
{
	bool za = is_zero_introduced(a), zb = is_zero_introduced(b);
	int c;

	if (za || zb)
		return za && zb ? 0 : za ? -1 : 1;
	c = order_cmp(o, a->version, b->version);
	if (c)
		return c;
	c = event_rank(a->kind) - event_rank(b->kind);
	/*
	 * Versions the ordering holds equal ("1.0" and "1.00" for dpkg) are
	 * told apart by their bytes, so that the fix named is the same
	 * whatever the order of the events.
	 */
	return c ? c : strcmp(a->version, b->version);
}

/* Whether walking past e changes the verdict on v: v has reached it. */
static bool event_passed(const struct order *o, const struct vuln_event *e, const char *v)
{
	switch (e->kind) {
	case VULN_EVENT_INTRODUCED:
		return is_zero_introduced(e) || order_cmp(o, v, e->version) >= 0;
	case VULN_EVENT_FIXED:
		return order_cmp(o, v, e->version) >= 0;
	case VULN_EVENT_LAST_AFFECTED:
		return order_cmp(o, v, e->version) > 0;
	case VULN_EVENT_LIMIT:
		break;
	}
	return false;
}

/* Whether the range's limits admit v (no limit events: every version). */
static bool range_within_limits(const struct order *o, const struct vuln_range *r, const char *v,
                                const char **limit)
{
	bool any = false;

	for (size_t i = 0; i < r->n_events; i++) {
		const struct vuln_event *e = &r->events[i];

		if (e->kind != VULN_EVENT_LIMIT || !e->version)
			continue;
		if (!strcmp(e->version, "*") || order_cmp(o, v, e->version) < 0)
			return true;
		any = true;
		*limit = e->version;
	}
	return !any;
}

/* What one range says about v. */
struct range_verdict {
	bool affected;
	const struct vuln_event *decided; /* the last event v passed; NULL: none */
	const struct vuln_event *upper;   /* affected: the fixed or last_affected event ahead */
	const struct vuln_event *first;   /* the earliest introduced event (for "v < I") */
	const char *limit;                /* not admitted: the limit v is past */
};

static void range_judge(const struct order *o, const struct vuln_range *r, const char *v,
                        struct range_verdict *rv)
{
	memset(rv, 0, sizeof(*rv));
	if (!range_within_limits(o, r, v, &rv->limit))
		return;
	rv->limit = NULL;
	for (size_t i = 0; i < r->n_events; i++) {
		const struct vuln_event *e = &r->events[i];

		if (!e->version || e->kind == VULN_EVENT_LIMIT)
			continue;
		if (e->kind == VULN_EVENT_INTRODUCED &&
		    (!rv->first || event_cmp(o, e, rv->first) < 0))
			rv->first = e;
		if (event_passed(o, e, v)) {
			if (!rv->decided || event_cmp(o, e, rv->decided) > 0)
				rv->decided = e;
		}
	}
	rv->affected = rv->decided && rv->decided->kind == VULN_EVENT_INTRODUCED;
	if (!rv->affected)
		return;
	/* The flaw ends at the first fixed or last_affected event v has not reached. */
	for (size_t i = 0; i < r->n_events; i++) {
		const struct vuln_event *e = &r->events[i];

		if (!e->version ||
		    (e->kind != VULN_EVENT_FIXED && e->kind != VULN_EVENT_LAST_AFFECTED))
			continue;
		if (event_passed(o, e, v) || event_cmp(o, e, rv->decided) < 0)
			continue;
		if (!rv->upper || event_cmp(o, e, rv->upper) < 0)
			rv->upper = e;
	}
}

/*
 * Write the strings that follow size (up to a NULL) into buf, cut to fit.
 * Every judgement writes a basis, so this is on the matcher's hot path:
 * copying is several times cheaper than snprintf().
 */
static void basis_set(char *buf, size_t size, ...)
{
	size_t len = 0;
	const char *part;
	va_list ap;

	va_start(ap, size);
	while ((part = va_arg(ap, const char *))) {
		size_t n = strlen(part);

		if (n > size - 1 - len)
			n = size - 1 - len;
		memcpy(buf + len, part, n);
		len += n;
	}
	va_end(ap);
	buf[len] = '\0';
}

/* The basis of an affected verdict from the range that gave it. */
static void basis_affected(char *buf, size_t size, const char *v, const struct range_verdict *rv)
{
	const char *intro = rv->decided->version;
	bool zero = is_zero_introduced(rv->decided);
	const struct vuln_event *u = rv->upper;

	if (!u) {
		if (zero)
			basis_set(buf, size, "all versions affected, no fixed version",
			          (const char *)NULL);
		else
			basis_set(buf, size, v, " >= ", intro, ", no fixed version",
			          (const char *)NULL);
	} else if (u->kind == VULN_EVENT_FIXED) {
		if (zero)
			basis_set(buf, size, v, " < ", u->version, (const char *)NULL);
		else
			basis_set(buf, size, intro, " <= ", v, " < ", u->version,
			          (const char *)NULL);
	} else {
		if (zero)
			basis_set(buf, size, v, " <= ", u->version, " (last affected)",
			          (const char *)NULL);
		else
			basis_set(buf, size, intro, " <= ", v, " <= ", u->version,
			          " (last affected)", (const char *)NULL);
	}
}

/* The basis of a verdict of not affected from one range; false when it has nothing to say. */
static bool basis_unaffected(char *buf, size_t size, const char *v, const struct range_verdict *rv)
{
	if (rv->limit)
		basis_set(buf, size, v, " >= ", rv->limit, " (limit)", (const char *)NULL);
	else if (rv->decided && rv->decided->kind == VULN_EVENT_FIXED)
		basis_set(buf, size, v, " >= ", rv->decided->version, " (fixed)",
		          (const char *)NULL);
	else if (rv->decided && rv->decided->kind == VULN_EVENT_LAST_AFFECTED)
		basis_set(buf, size, v, " > ", rv->decided->version, " (last affected)",
		          (const char *)NULL);
	else if (!rv->decided && rv->first)
		basis_set(buf, size, v, " < ", rv->first->version, " (introduced)",
		          (const char *)NULL);
	else
		return false;
	return true;
}

int vuln_match_affected(enum pkg_version_scheme s, const struct vuln_affected *a,
                        const char *version, struct vuln_verdict *out)
{
	struct range_verdict rv, shown = {0};
	const struct vuln_event *fix = NULL;
	bool any = false, open = false, told = false, listed = false;
	struct order o = {VULN_RANGE_ECOSYSTEM, s};

	if (!a || !version || !out)
		return -EINVAL;
	out->affected = false;
	out->fixed = NULL;
	out->basis[0] = '\0';
	for (size_t i = 0; i < a->n_ranges; i++) {
		const struct vuln_range *r = &a->ranges[i];

		if (r->type == VULN_RANGE_GIT)
			continue;
		o.type = r->type;
		range_judge(&o, r, version, &rv);
		if (!rv.affected) {
			if (!told)
				told =
				    basis_unaffected(out->basis, sizeof(out->basis), version, &rv);
			continue;
		}
		/*
		 * Several ranges may hold v: its fix is then the greatest of
		 * theirs (the first version out of all of them), and there is
		 * none when one of them has no fix.
		 */
		if (!rv.upper || rv.upper->kind != VULN_EVENT_FIXED) {
			if (!open)
				shown = rv;
			open = true;
		} else if (!fix || order_cmp(&o, rv.upper->version, fix->version) > 0) {
			fix = rv.upper;
			if (!open)
				shown = rv;
		}
		any = true;
	}
	for (size_t i = 0; i < a->n_versions && !listed; i++)
		listed = a->versions[i] && !pkg_version_cmp(s, version, a->versions[i]);
	if (any) {
		out->affected = true;
		out->fixed = open ? NULL : fix->version;
		basis_affected(out->basis, sizeof(out->basis), version, &shown);
	} else if (listed) {
		out->affected = true;
		basis_set(out->basis, sizeof(out->basis), version, " is listed in versions[]",
		          (const char *)NULL);
	} else if (!told) {
		basis_set(out->basis, sizeof(out->basis), version,
		          " is in no range and not in versions[]", (const char *)NULL);
	}
	return 0;
}
