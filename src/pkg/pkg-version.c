/* SPDX-License-Identifier: MIT */
/* Version ordering: the schemes by name, and the calls that take a scheme. */
#include <string.h>

#include "core/util.h"
#include "pkg/pkg-version.h"

static const char *const scheme_names[] = {
    [PKG_VERSION_DEB] = "deb",       [PKG_VERSION_APK] = "apk", [PKG_VERSION_RPM] = "rpm",
    [PKG_VERSION_SEMVER] = "semver", [PKG_VERSION_GO] = "go",   [PKG_VERSION_PEP440] = "pep440",
    [PKG_VERSION_MAVEN] = "maven",   [PKG_VERSION_GEM] = "gem", [PKG_VERSION_COMPOSER] = "composer",
};

const char *pkg_version_scheme_name(enum pkg_version_scheme s)
{
	return (size_t)s < VAKT_ARRAY_SIZE(scheme_names) ? scheme_names[s] : "?";
}

int pkg_version_scheme_parse(const char *name)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(scheme_names); i++)
		if (!strcmp(name, scheme_names[i]))
			return (int)i;
	return -1;
}

int pkg_version_cmp(enum pkg_version_scheme s, const char *a, const char *b)
{
	switch (s) {
	case PKG_VERSION_DEB:
		return pkg_version_deb_cmp(a, b);
	case PKG_VERSION_APK:
		return pkg_version_apk_cmp(a, b);
	case PKG_VERSION_RPM:
		return pkg_version_rpm_cmp(a, b);
	case PKG_VERSION_SEMVER:
		return pkg_version_semver_cmp(a, b);
	case PKG_VERSION_GO:
		return pkg_version_go_cmp(a, b);
	case PKG_VERSION_PEP440:
		return pkg_version_pep440_cmp(a, b);
	case PKG_VERSION_MAVEN:
		return pkg_version_maven_cmp(a, b);
	case PKG_VERSION_GEM:
		return pkg_version_gem_cmp(a, b);
	case PKG_VERSION_COMPOSER:
		return pkg_version_composer_cmp(a, b);
	}
	return strcmp(a, b) < 0 ? -1 : strcmp(a, b) > 0; /* not a scheme: some order */
}

enum pkg_version_verdict pkg_version_check(enum pkg_version_scheme s, const char *v,
                                           const char **why)
{
	switch (s) {
	case PKG_VERSION_DEB:
		return pkg_version_deb_check(v, why);
	case PKG_VERSION_APK:
		return pkg_version_apk_check(v, why);
	case PKG_VERSION_RPM:
		return pkg_version_rpm_check(v, why);
	case PKG_VERSION_SEMVER:
		return pkg_version_semver_check(v, why);
	case PKG_VERSION_GO:
		return pkg_version_go_check(v, why);
	case PKG_VERSION_PEP440:
		return pkg_version_pep440_check(v, why);
	case PKG_VERSION_MAVEN:
		return pkg_version_maven_check(v, why);
	case PKG_VERSION_GEM:
		return pkg_version_gem_check(v, why);
	case PKG_VERSION_COMPOSER:
		return pkg_version_composer_check(v, why);
	}
	if (why)
		*why = "unknown version scheme";
	return PKG_VERSION_BAD;
}
