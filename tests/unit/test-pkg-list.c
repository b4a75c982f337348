/* SPDX-License-Identifier: MIT */
/* Unit tests for src/pkg/pkg-list.c: the list, its order and layer attribution. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "pkg/pkg.h"

static struct pkg *add(struct pkg_list *l, enum pkg_type t, const char *name, const char *arch,
                       const char *version)
{
	struct pkg *p = pkg_list_add(l);

	p->type = t;
	p->name = vakt_xstrdup(name);
	p->arch = vakt_xstrdup(arch);
	p->version = vakt_xstrdup(version);
	return p;
}

static void test_list(void **state)
{
	struct pkg_list l = {0};

	for (int i = 0; i < 100; i++) {
		struct pkg *p = pkg_list_add(&l);

		assert_int_equal(-1, p->layer);
		assert_null(p->name);
		p->name = vakt_xasprintf("p%d", i);
		p->license = vakt_xstrdup("MIT");
	}
	assert_int_equal(100, l.n);
	pkg_list_truncate(&l, 40);
	assert_int_equal(40, l.n);
	assert_string_equal("p39", l.v[39].name);
	pkg_list_set_layer(&l, 30, 4);
	assert_int_equal(-1, l.v[29].layer);
	assert_int_equal(4, l.v[30].layer);
	assert_int_equal(4, l.v[39].layer);
	pkg_list_truncate(&l, 50);
	assert_int_equal(40, l.n);
	pkg_list_release(&l);
	assert_int_equal(0, l.n);
	assert_null(l.v);
	pkg_list_release(&l);
	pkg_list_release(NULL);
	pkg_release(NULL);
	assert_string_equal("dpkg", pkg_type_name(PKG_DPKG));
	assert_string_equal("apk", pkg_type_name(PKG_APK));
	assert_string_equal("rpm", pkg_type_name(PKG_RPM));
}

static void test_sort(void **state)
{
	struct pkg_list l = {0};

	add(&l, PKG_RPM, "a", "x86_64", "1");
	add(&l, PKG_DPKG, "zlib1g", "amd64", "1");
	add(&l, PKG_DPKG, "libc6", "i386", "2");
	add(&l, PKG_DPKG, "libc6", "amd64", "2");
	add(&l, PKG_DPKG, "libc6", NULL, "2");
	add(&l, PKG_DPKG, "bash", "amd64", "5")->layer = 2;
	add(&l, PKG_DPKG, "bash", "amd64", "5")->layer = 1;
	pkg_list_sort(&l);
	assert_string_equal("bash", l.v[0].name);
	assert_int_equal(1, l.v[0].layer);
	assert_int_equal(2, l.v[1].layer);
	assert_string_equal("libc6", l.v[2].name);
	assert_null(l.v[2].arch);
	assert_string_equal("amd64", l.v[3].arch);
	assert_string_equal("i386", l.v[4].arch);
	assert_string_equal("zlib1g", l.v[5].name);
	assert_int_equal(PKG_RPM, l.v[6].type);
	pkg_list_release(&l);
}

/*
 * Three versions of one dpkg status file: layer 0 installs a and b, layer 2
 * upgrades b and adds c, layer 3 (the final one) rewrites the file unchanged.
 */
static void test_assign_layers(void **state)
{
	struct pkg_list snaps[3] = {{0}, {0}, {0}};
	const int layers[3] = {0, 2, 3};
	struct pkg_list final = {0};

	add(&snaps[0], PKG_DPKG, "a", "amd64", "1");
	add(&snaps[0], PKG_DPKG, "b", "amd64", "1");
	add(&snaps[1], PKG_DPKG, "c", "amd64", "1");
	add(&snaps[1], PKG_DPKG, "b", "amd64", "2");
	add(&snaps[1], PKG_DPKG, "a", "amd64", "1");
	add(&snaps[2], PKG_DPKG, "b", "amd64", "2");
	add(&snaps[2], PKG_DPKG, "a", "amd64", "1");
	add(&snaps[2], PKG_DPKG, "c", "amd64", "1");
	add(&final, PKG_DPKG, "a", "amd64", "1");
	add(&final, PKG_DPKG, "b", "amd64", "2");
	add(&final, PKG_DPKG, "c", "amd64", "1");
	/* In no snapshot: keeps its layer. */
	add(&final, PKG_DPKG, "d", "amd64", "1")->layer = 7;
	add(&final, PKG_DPKG, "e", "amd64", "1");
	pkg_list_assign_layers(&final, snaps, layers, 3);
	assert_int_equal(0, final.v[0].layer);
	assert_int_equal(2, final.v[1].layer);
	assert_int_equal(2, final.v[2].layer);
	assert_int_equal(7, final.v[3].layer);
	assert_int_equal(-1, final.v[4].layer);

	/* A package removed and installed again counts from its return. */
	pkg_list_release(&snaps[1]);
	add(&snaps[1], PKG_DPKG, "b", "amd64", "2");
	pkg_list_assign_layers(&final, snaps, layers, 3);
	assert_int_equal(3, final.v[0].layer);
	/* No snapshots: nothing changes; an empty one breaks the run. */
	pkg_list_assign_layers(&final, snaps, layers, 0);
	assert_int_equal(3, final.v[0].layer);
	pkg_list_release(&snaps[2]);
	pkg_list_assign_layers(&final, snaps, layers, 3);
	assert_int_equal(3, final.v[0].layer);
	for (int i = 0; i < 3; i++)
		pkg_list_release(&snaps[i]);
	pkg_list_release(&final);
}

/* The lookup table the image layer walks. */
static void test_db_sources(void **state)
{
	bool dpkg = false, dir = false, apk = false, rpm = false;

	for (size_t i = 0; i < pkg_db_sources_n; i++) {
		const struct pkg_db_source *s = &pkg_db_sources[i];

		assert_non_null(s->parse);
		assert_true(s->path[0] != '/');
		dpkg |= !strcmp(s->path, "var/lib/dpkg/status") && s->type == PKG_DPKG;
		dir |= !strcmp(s->path, "var/lib/dpkg/status.d/") &&
		       s->parse == pkg_dpkg_parse_status_d;
		apk |= !strcmp(s->path, "lib/apk/db/installed") && s->type == PKG_APK;
		rpm |= !strcmp(s->path, "var/lib/rpm/rpmdb.sqlite") &&
		       s->parse == pkg_rpm_parse_sqlite;
	}
	assert_true(dpkg && dir && apk && rpm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_list),
	    cmocka_unit_test(test_sort),
	    cmocka_unit_test(test_assign_layers),
	    cmocka_unit_test(test_db_sources),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
