/* SPDX-License-Identifier: MIT */
/*
 * Ecosystem strings and lookup keys (the ecosystem table of the OSV schema,
 * and what each distribution's converter writes). Release numbers come from
 * os-release and are checked to be numbers before they go into a string the
 * database is asked for.
 */
#include <stdio.h>

#include "core/util.h"
#include "vuln/vuln-eco.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the run of digits at s; 0 when there is none or it is longer than 9. */
static size_t digits(const char *s)
{
	size_t n = 0;

	while (is_digit(s[n]))
		n++;
	return n <= 9 ? n : 0;
}

/* The value of the n digits at s (n <= 9). */
static long digits_value(const char *s, size_t n)
{
	long v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/*
 * "MAJOR[.MINOR...]": the lengths of the first two numbers (minor 0 when
 * there is none). False when v does not start with a number.
 */
static bool release_split(const char *v, size_t *major, size_t *minor)
{
	*major = *minor = 0;
	if (!v || !(*major = digits(v)))
		return false;
	*minor = v[*major] == '.' ? digits(v + *major + 1) : 0;
	return true;
}

static bool eco_covered(struct vuln_eco *out, enum pkg_version_scheme s, const char *fmt, ...)
    VAKT_PRINTF(3, 4);
static bool eco_not(struct vuln_eco *out, const char *fmt, ...) VAKT_PRINTF(2, 3);

static bool eco_covered(struct vuln_eco *out, enum pkg_version_scheme s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is just above
	n = vsnprintf(out->name, sizeof(out->name), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(out->name))
		return eco_not(out, "the release is not covered: its name is too long");
	out->covered = true;
	out->scheme = s;
	out->why[0] = '\0';
	return true;
}

static bool eco_not(struct vuln_eco *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is just above
	vsnprintf(out->why, sizeof(out->why), fmt, ap);
	va_end(ap);
	out->covered = false;
	out->name[0] = '\0';
	return false;
}

/* A Debian release by codename, for testing and unstable, which have no VERSION_ID. */
static const char *debian_release(const char *codename)
{
	static const struct {
		const char *name;
		const char *number;
	} releases[] = {
	    {"squeeze", "6"}, {"wheezy", "7"},    {"jessie", "8"},    {"stretch", "9"},
	    {"buster", "10"}, {"bullseye", "11"}, {"bookworm", "12"}, {"trixie", "13"},
	    {"forky", "14"},  {"duke", "15"},     {"sid", "sid"},
	};

	for (size_t i = 0; codename && i < VAKT_ARRAY_SIZE(releases); i++)
		if (!strcmp(codename, releases[i].name))
			return releases[i].number;
	return NULL;
}

static bool eco_debian(const struct pkg_os *os, struct vuln_eco *out)
{
	size_t major, minor;
	const char *rel;

	if (release_split(os->version_id, &major, &minor))
		return eco_covered(out, PKG_VERSION_DEB, "Debian:%.*s", (int)major, os->version_id);
	rel = debian_release(os->codename);
	if (rel)
		return eco_covered(out, PKG_VERSION_DEB, "Debian:%s", rel);
	return eco_not(out, "debian is not covered: its release is unknown (os-release has no "
	                    "VERSION_ID and no VERSION_CODENAME this version of vakt knows)");
}

static bool eco_ubuntu(const struct pkg_os *os, struct vuln_eco *out)
{
	const char *v = os->version_id;
	size_t major, minor;

	if (!release_split(v, &major, &minor) || minor != 2 || is_digit(v[major + 3]))
		return eco_not(out, "ubuntu is not covered: its release is unknown (VERSION_ID "
		                    "is not YY.MM)");
	/* Every .04 of an even year is a long-term support release, and the data says so. */
	if (!memcmp(v + major + 1, "04", 2) && digits_value(v, major) % 2 == 0)
		return eco_covered(out, PKG_VERSION_DEB, "Ubuntu:%.*s:LTS", (int)major + 3, v);
	return eco_covered(out, PKG_VERSION_DEB, "Ubuntu:%.*s", (int)major + 3, v);
}

/* "Alpine:v3.19", "AlmaLinux:9": the release cut to major (and minor) numbers. */
static bool eco_numbered(const struct pkg_os *os, struct vuln_eco *out, enum pkg_version_scheme s,
                         const char *name, const char *prefix, bool with_minor)
{
	const char *v = os->version_id;
	size_t major, minor;

	if (!release_split(v, &major, &minor) || (with_minor && !minor))
		return eco_not(out,
		               "%s is not covered: its release is unknown (VERSION_ID '%.32s')",
		               os->id, v ? v : "");
	return eco_covered(out, s, "%s:%s%.*s", name, prefix,
	                   (int)(with_minor ? major + 1 + minor : major), v);
}

/* "Photon OS:5.0", "Mageia:9": the release as os-release writes it, if it is numbers and dots. */
static bool eco_verbatim(const struct pkg_os *os, struct vuln_eco *out, const char *name)
{
	const char *v = os->version_id;
	size_t n = 0;

	while (v && (is_digit(v[n]) || (n && v[n] == '.' && is_digit(v[n + 1]))) && n < 16)
		n++;
	if (!v || !n || v[n])
		return eco_not(out,
		               "%s is not covered: its release is unknown (VERSION_ID '%.32s')",
		               os->id, v ? v : "");
	return eco_covered(out, PKG_VERSION_RPM, "%s:%s", name, v);
}

/* Distributions vakt knows have no OSV data it can use, and why. */
static const struct {
	const char *id;
	const char *why;
} uncovered[] = {
    {"rhel", "Red Hat files its OSV records under repository CPEs "
             "(Red Hat:enterprise_linux:9::baseos), which an image does not record"},
    {"centos", "CentOS's records are Red Hat's, filed under repository CPEs, which an image "
               "does not record"},
    {"sles", "SUSE files its records for SUSE Linux Enterprise under the module that ships each "
             "package, which an image does not record"},
    {"sled", "SUSE files its records for SUSE Linux Enterprise under the module that ships each "
             "package, which an image does not record"},
    {"sles_sap", "SUSE files its records for SUSE Linux Enterprise under the module that ships "
                 "each package, which an image does not record"},
    {"amzn", "Amazon Linux publishes no OSV records"},
    {"ol", "Oracle Linux publishes no OSV records"},
    {"fedora", "Fedora publishes no OSV records"},
};

/* The registries' ecosystems, by package type (OSV schema, "Defined ecosystems"). */
static const struct {
	const char *name;
	enum pkg_type type;
	enum pkg_version_scheme scheme;
} app_ecos[] = {
    {"npm", PKG_NPM, PKG_VERSION_SEMVER},
    {"PyPI", PKG_PYPI, PKG_VERSION_PEP440},
    {"Go", PKG_GO, PKG_VERSION_GO},
    {"Maven", PKG_MAVEN, PKG_VERSION_MAVEN},
    {"crates.io", PKG_CARGO, PKG_VERSION_SEMVER},
    {"RubyGems", PKG_GEM, PKG_VERSION_GEM},
    {"Packagist", PKG_COMPOSER, PKG_VERSION_COMPOSER},
};

/* The registry ecosystem of an application package type; -1 for an OS package type. */
static int app_eco_index(enum pkg_type t)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(app_ecos); i++)
		if (app_ecos[i].type == t)
			return (int)i;
	return -1;
}

/* What kind of package each covered distribution installs. */
static bool eco_type_fits(enum pkg_type t, enum pkg_version_scheme s)
{
	return (t == PKG_DPKG && s == PKG_VERSION_DEB) || (t == PKG_APK && s == PKG_VERSION_APK) ||
	       (t == PKG_RPM && s == PKG_VERSION_RPM);
}

/* Whether eco is the ecosystem of packages of type t. */
static bool eco_fits(enum pkg_type t, const struct vuln_eco *eco)
{
	int a = app_eco_index(t);

	if (a >= 0)
		return !strcmp(eco->name, app_ecos[a].name);
	return eco_type_fits(t, eco->scheme);
}

static bool eco_of_os(const struct pkg_os *os, struct vuln_eco *out)
{
	const char *id = os->id;

	if (!strcmp(id, "debian"))
		return eco_debian(os, out);
	if (!strcmp(id, "ubuntu"))
		return eco_ubuntu(os, out);
	if (!strcmp(id, "alpine"))
		return eco_numbered(os, out, PKG_VERSION_APK, "Alpine", "v", true);
	if (!strcmp(id, "wolfi"))
		return eco_covered(out, PKG_VERSION_APK, "Wolfi");
	if (!strcmp(id, "chainguard"))
		return eco_covered(out, PKG_VERSION_APK, "Chainguard");
	if (!strcmp(id, "almalinux"))
		return eco_numbered(os, out, PKG_VERSION_RPM, "AlmaLinux", "", false);
	if (!strcmp(id, "rocky"))
		return eco_numbered(os, out, PKG_VERSION_RPM, "Rocky Linux", "", false);
	if (!strcmp(id, "azurelinux") || !strcmp(id, "mariner"))
		return eco_numbered(os, out, PKG_VERSION_RPM, "Azure Linux", "", false);
	if (!strcmp(id, "opensuse-leap"))
		return eco_numbered(os, out, PKG_VERSION_RPM, "openSUSE", "Leap ", true);
	if (!strcmp(id, "opensuse-tumbleweed"))
		return eco_covered(out, PKG_VERSION_RPM, "openSUSE:Tumbleweed");
	if (!strcmp(id, "photon"))
		return eco_verbatim(os, out, "Photon OS");
	if (!strcmp(id, "mageia"))
		return eco_verbatim(os, out, "Mageia");
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(uncovered); i++)
		if (!strcmp(id, uncovered[i].id))
			return eco_not(out, "%s is not covered: %s", id, uncovered[i].why);
	return eco_not(
	    out, "%.64s is not covered: vakt knows no OSV ecosystem for this distribution", id);
}

bool vuln_eco_for(const struct pkg_os *os, enum pkg_type t, struct vuln_eco *out)
{
	static const char *const types[] = {
	    [PKG_DPKG] = "dpkg", [PKG_APK] = "apk", [PKG_RPM] = "rpm"};

	int a = app_eco_index(t);

	memset(out, 0, sizeof(*out));
	if (a >= 0)
		return eco_covered(out, app_ecos[a].scheme, "%s", app_ecos[a].name);
	if (!os || !os->id || !*os->id || !strcmp(os->id, "linux"))
		return eco_not(out,
		               "the distribution is unknown (no os-release): its packages are not "
		               "covered");
	if (!eco_of_os(os, out))
		return false;
	if (!eco_type_fits(t, out->scheme))
		return eco_not(out,
		               "%s packages on %.64s are not covered: the distribution's data "
		               "is about its own package type",
		               (size_t)t < VAKT_ARRAY_SIZE(types) ? types[t] : "other", os->id);
	return true;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* PEP 503: lower case, every run of '-', '_' and '.' one '-'. */
static void canon_pypi(char *s)
{
	char *w = s;

	for (const char *r = s; *r;) {
		if (*r == '-' || *r == '_' || *r == '.') {
			while (*r == '-' || *r == '_' || *r == '.')
				r++;
			*w++ = '-';
		} else {
			*w++ = ascii_lower(*r++);
		}
	}
	*w = '\0';
}

void vuln_eco_canon_name(const char *ecosystem, char *name)
{
	if (!ecosystem || !name)
		return;
	if (!strcmp(ecosystem, "PyPI")) {
		canon_pypi(name);
	} else if (!strcmp(ecosystem, "Packagist")) {
		for (char *c = name; *c; c++)
			*c = ascii_lower(*c);
	}
}

/* Set k to look name up (copied into the key, canonical for the ecosystem) at version. */
static bool key_own_name(struct vuln_pkg_key *k, const struct vuln_eco *eco, const char *group,
                         const char *name, const char *version, enum vuln_key_kind kind)
{
	int n = group ? snprintf(k->name_buf, sizeof(k->name_buf), "%s:%s", group, name)
	              : snprintf(k->name_buf, sizeof(k->name_buf), "%s", name);

	if (n < 0 || (size_t)n >= sizeof(k->name_buf))
		return false;
	vuln_eco_canon_name(eco->name, k->name_buf);
	k->ecosystem = eco->name;
	k->name = k->name_buf;
	k->version = version;
	k->scheme = eco->scheme;
	k->kind = kind;
	return true;
}

static void key_set(struct vuln_pkg_key *k, const struct vuln_eco *eco, const char *name,
                    const char *version, enum vuln_key_kind kind)
{
	k->ecosystem = eco->name;
	k->name = name;
	k->version = version;
	k->scheme = eco->scheme;
	k->kind = kind;
}

size_t vuln_pkg_keys(const struct pkg *p, const struct vuln_eco *eco,
                     struct vuln_pkg_key out[VULN_PKG_KEYS_MAX])
{
	size_t n = 0;

	if (!eco || !eco->covered || !p->name || !p->version || !eco_fits(p->type, eco))
		return 0;
	switch (p->type) {
	case PKG_DPKG:
	case PKG_APK:
		key_set(&out[n++], eco, p->source ? p->source : p->name,
		        p->source_version ? p->source_version : p->version, VULN_KEY_SOURCE);
		break;
	case PKG_RPM:
		key_set(&out[n++], eco, p->name, p->version, VULN_KEY_BINARY);
		if (p->source && strcmp(p->source, p->name))
			key_set(&out[n++], eco, p->source,
			        p->source_version ? p->source_version : p->version,
			        VULN_KEY_SOURCE_RPM);
		break;
	case PKG_MAVEN:
		/* Maven records are keyed by both coordinates; an artifact alone is ambiguous. */
		if (p->group && *p->group &&
		    key_own_name(&out[n], eco, p->group, p->name, p->version, VULN_KEY_PACKAGE))
			n++;
		break;
	case PKG_PYPI:
	case PKG_COMPOSER:
		if (key_own_name(&out[n], eco, NULL, p->name, p->version, VULN_KEY_PACKAGE))
			n++;
		break;
	case PKG_NPM:
	case PKG_GO:
	case PKG_CARGO:
	case PKG_GEM:
		key_set(&out[n++], eco, p->name, p->version, VULN_KEY_PACKAGE);
		break;
	}
	return n;
}

static bool bu_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/*
 * The next "name (= version)" entry of a Built-Using list at *cur, moving
 * *cur past it; its name and version as spans. False at the end of the
 * list. *ok is false for an entry that is not of that shape.
 */
static bool bu_next(const char **cur, const char **name, size_t *nlen, const char **ver,
                    size_t *vlen, bool *ok)
{
	const char *s = *cur, *end;

	while (*s == ',' || bu_space(*s))
		s++;
	if (!*s)
		return false;
	end = s + strcspn(s, ",");
	*cur = end;
	*ok = false;
	*name = s;
	while (s < end && !bu_space(*s) && *s != '(')
		s++;
	*nlen = (size_t)(s - *name);
	while (s < end && bu_space(*s))
		s++;
	if (!*nlen || s + 1 >= end || s[0] != '(' || s[1] != '=')
		return true;
	s += 2;
	while (s < end && bu_space(*s))
		s++;
	*ver = s;
	while (s < end && *s != ')' && !bu_space(*s))
		s++;
	*vlen = (size_t)(s - *ver);
	while (s < end && bu_space(*s))
		s++;
	*ok = *vlen > 0 && s < end && *s == ')';
	return true;
}

size_t vuln_built_using_keys(const struct pkg *p, const struct vuln_eco *eco,
                             struct vuln_pkg_key *out, size_t max, size_t *left_out)
{
	const char *cur = p->built_using, *name = NULL, *ver = NULL;
	size_t n = 0, nlen = 0, vlen = 0;
	bool ok;

	*left_out = 0;
	if (!cur || !eco || !eco->covered || p->type != PKG_DPKG || !eco_fits(p->type, eco))
		return 0;
	while (bu_next(&cur, &name, &nlen, &ver, &vlen, &ok)) {
		struct vuln_pkg_key *k;

		if (!ok || n >= max || nlen >= VULN_KEY_TEXT_MAX || vlen >= VULN_KEY_TEXT_MAX) {
			(*left_out)++;
			continue;
		}
		k = &out[n];
		memcpy(k->name_buf, name, nlen);
		k->name_buf[nlen] = '\0';
		memcpy(k->version_buf, ver, vlen);
		k->version_buf[vlen] = '\0';
		key_set(k, eco, k->name_buf, k->version_buf, VULN_KEY_BUILT_USING);
		n++;
	}
	return n;
}

const char *vuln_key_kind_name(enum vuln_key_kind k)
{
	switch (k) {
	case VULN_KEY_SOURCE:
		return "source";
	case VULN_KEY_BINARY:
		return "binary";
	case VULN_KEY_SOURCE_RPM:
		return "source rpm";
	case VULN_KEY_PACKAGE:
		return "package";
	case VULN_KEY_BUILT_USING:
		return "built-using";
	}
	return "?";
}
