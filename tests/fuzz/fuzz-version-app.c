/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the application version orders
 * (src/pkg/pkg-version-{semver,pep440,maven,gem,composer}.c). The first byte
 * picks the scheme ('s' semver, 'g' go, 'p' pep440, 'm' maven, 'r' gem,
 * 'c' composer; any other byte by its value modulo 6); the rest is up to
 * three versions, one a line. Checked on any bytes:
 *   - reflexivity: cmp(a, a) == 0;
 *   - antisymmetry: cmp(a, b) == -cmp(b, a), and the result is -1, 0 or 1;
 *   - transitivity on the three: a <= b <= c gives a <= c, equal ones stay
 *     equal;
 *   - the check gives a reason exactly when it is not OK.
 * Work is bounded by construction (one pass, no allocation); libFuzzer's
 * -timeout catches a walk that is not.
 */
#include <stdint.h>
#include <string.h>

#include "core/util.h"
#include "pkg/pkg-version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

static enum pkg_version_scheme pick(uint8_t c)
{
	static const char keys[] = "sgpmrc";
	static const enum pkg_version_scheme schemes[] = {
	    PKG_VERSION_SEMVER, PKG_VERSION_GO,  PKG_VERSION_PEP440,
	    PKG_VERSION_MAVEN,  PKG_VERSION_GEM, PKG_VERSION_COMPOSER,
	};
	const char *k = c ? strchr(keys, c) : NULL;

	return schemes[k ? (size_t)(k - keys) : c % VAKT_ARRAY_SIZE(schemes)];
}

static void check_one(enum pkg_version_scheme s, const char *v)
{
	const char *why = "unset";
	enum pkg_version_verdict got = pkg_version_check(s, v, &why);

	if (pkg_version_cmp(s, v, v) != 0)
		__builtin_trap();
	if (got != PKG_VERSION_OK && got != PKG_VERSION_BAD)
		__builtin_trap();
	if ((got == PKG_VERSION_OK) != (why == NULL))
		__builtin_trap();
	if (why)
		sink += strlen(why);
}

static int cmp_checked(enum pkg_version_scheme s, const char *a, const char *b)
{
	int ab = pkg_version_cmp(s, a, b);

	if (ab < -1 || ab > 1 || pkg_version_cmp(s, b, a) != -ab)
		__builtin_trap();
	return ab;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum pkg_version_scheme s;
	char *v[3] = {NULL, NULL, NULL};
	const char *p, *end;
	size_t n = 0;

	if (!size)
		return 0;
	s = pick(data[0]);
	p = (const char *)data + 1;
	end = (const char *)data + size;
	while (n < 3 && p <= end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		v[n++] = vakt_xstrndup(p, (size_t)(e - p));
		if (!nl)
			break;
		p = nl + 1;
	}
	for (size_t i = 0; i < n; i++)
		check_one(s, v[i]);
	if (n >= 2) {
		int ab = cmp_checked(s, v[0], v[1]);

		if (n == 3) {
			int bc = cmp_checked(s, v[1], v[2]);
			int ac = cmp_checked(s, v[0], v[2]);

			if (ab <= 0 && bc <= 0 && ac > 0)
				__builtin_trap();
			if (ab >= 0 && bc >= 0 && ac < 0)
				__builtin_trap();
			if (ab == 0 && bc == 0 && ac != 0)
				__builtin_trap();
		}
	}
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	return 0;
}
