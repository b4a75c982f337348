/* SPDX-License-Identifier: MIT */
/* Unit tests for src/pkg/pkg-purl.c: package URLs for deb, apk and rpm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "pkg/pkg.h"

struct purl_case {
	enum pkg_type type;
	const char *name, *version, *arch;
	const char *os_id, *os_version, *os_codename;
	const char *want;
};

static void test_purl(void **state)
{
	static const struct purl_case cases[] = {
	    {PKG_DPKG, "bash", "5.2.15-2+b13", "amd64", "debian", "12", "bookworm",
	     "pkg:deb/debian/bash@5.2.15-2%2Bb13?arch=amd64&distro=debian-12"},
	    /* dpkg keeps the epoch in the version. */
	    {PKG_DPKG, "bsdutils", "1:2.38.1-5+deb12u3", "amd64", "debian", "12", NULL,
	     "pkg:deb/debian/bsdutils@1%3A2.38.1-5%2Bdeb12u3?arch=amd64&distro=debian-12"},
	    {PKG_DPKG, "libstdc++6", "12.2.0-14", "amd64", "ubuntu", "22.04", "jammy",
	     "pkg:deb/ubuntu/libstdc%2B%2B6@12.2.0-14?arch=amd64&distro=ubuntu-22.04"},
	    /* Testing: no VERSION_ID, the codename instead. */
	    {PKG_DPKG, "tzdata", "2024a-1", "all", "debian", NULL, "trixie",
	     "pkg:deb/debian/tzdata@2024a-1?arch=all&distro=debian-trixie"},
	    /* Unknown distribution: the package type's own vendor, no distro. */
	    {PKG_DPKG, "a", "1", NULL, NULL, NULL, NULL, "pkg:deb/debian/a@1"},
	    {PKG_APK, "musl", "1.2.4_git20230717-r4", "x86_64", "alpine", "3.19.1", NULL,
	     "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1"},
	    {PKG_APK, "busybox", "1.36.1-r15", "aarch64", NULL, NULL, NULL,
	     "pkg:apk/alpine/busybox@1.36.1-r15?arch=aarch64"},
	    {PKG_APK, "glibc", "2.39-r0", "x86_64", "wolfi", "20230201", NULL,
	     "pkg:apk/wolfi/glibc@2.39-r0?arch=x86_64&distro=wolfi-20230201"},
	    /* rpm: the epoch moves to a qualifier, vendors get their purl names. */
	    {PKG_RPM, "vakt-demo", "1:1.2.3-4.el9", "noarch", "rhel", "9.3", "Plow",
	     "pkg:rpm/redhat/vakt-demo@1.2.3-4.el9?arch=noarch&distro=rhel-9.3&epoch=1"},
	    {PKG_RPM, "openssl-libs", "3.0.7-27.el9", "x86_64", "rocky", "9.3", NULL,
	     "pkg:rpm/rocky/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rocky-9.3"},
	    {PKG_RPM, "bash", "5.1.8-9.el9", "x86_64", "almalinux", "9.4", NULL,
	     "pkg:rpm/almalinux/bash@5.1.8-9.el9?arch=x86_64&distro=almalinux-9.4"},
	    {PKG_RPM, "glibc", "2.34-100.el9", "x86_64", "ol", "9.4", NULL,
	     "pkg:rpm/oracle/glibc@2.34-100.el9?arch=x86_64&distro=ol-9.4"},
	    {PKG_RPM, "bash", "5.2-2.amzn2023", "x86_64", "amzn", "2023", NULL,
	     "pkg:rpm/amazon/bash@5.2-2.amzn2023?arch=x86_64&distro=amzn-2023"},
	    {PKG_RPM, "gpg", "2:1-1", NULL, NULL, NULL, NULL, "pkg:rpm/gpg@1-1?epoch=2"},
	    /* Odd characters are percent-encoded; a ':' that is no epoch stays in the version. */
	    {PKG_RPM, "a b", "x:1-1", "x86_64", "fedora", "39", NULL,
	     "pkg:rpm/fedora/a%20b@x%3A1-1?arch=x86_64&distro=fedora-39"},
	    {PKG_DPKG, "n", "", "a&b", "debian", "12", NULL,
	     "pkg:deb/debian/n?arch=a%26b&distro=debian-12"},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		const struct purl_case *c = &cases[i];
		struct pkg p = {.type = c->type,
		                .name = (char *)c->name,
		                .version = (char *)c->version,
		                .arch = (char *)c->arch};
		struct pkg_os os = {.id = (char *)c->os_id,
		                    .version_id = (char *)c->os_version,
		                    .codename = (char *)c->os_codename};
		char *got = pkg_purl(&p, c->os_id ? &os : NULL);

		if (strcmp(c->want, got))
			fail_msg("case %zu: expected '%s', got '%s'", i, c->want, got);
		free(got);
	}
}

static void test_set_purls(void **state)
{
	struct pkg_list l = {0};
	struct pkg *p;
	struct pkg_os os = {.id = (char *)"debian", .version_id = (char *)"12"};

	p = pkg_list_add(&l);
	p->type = PKG_DPKG;
	p->name = vakt_xstrdup("a");
	p->version = vakt_xstrdup("1");
	p->purl = vakt_xstrdup("stale");
	pkg_list_set_purls(&l, &os);
	assert_string_equal("pkg:deb/debian/a@1?distro=debian-12", l.v[0].purl);
	pkg_list_set_purls(&l, NULL);
	assert_string_equal("pkg:deb/debian/a@1", l.v[0].purl);
	pkg_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_purl),
	    cmocka_unit_test(test_set_purls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
