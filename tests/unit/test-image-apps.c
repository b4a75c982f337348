/* SPDX-License-Identifier: MIT */
/*
 * The application packages of an image (src/image/img-apps.c): which
 * entries the walk reads for them and how much, the ELF header test that
 * decides whether an executable is read whole, the warning of a refused
 * file, and the settling of packages against the final view (a replaced or
 * deleted file's packages dropped, the layer kept).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "image/img-apps.h"
#include "image/img-model.h"
#include "pkg/pkg-app.h"
#include "pkg/pkg.h"

static struct img_entry entry(const char *path, uint32_t mode, uint64_t size)
{
	return (struct img_entry){.path = path, .type = IMG_T_FILE, .mode = mode, .size = size};
}

static void test_wanted(void **state)
{
	struct img_entry e;

	(void)state;
	e = entry("app/package-lock.json", 0644, 100);
	assert_int_equal(img_apps_wanted(&e), PKG_APP_MAX_FILE);
	assert_false(img_apps_by_content(&e));
	e = entry("opt/app/lib/log4j-core-2.14.1.jar", 0644, 100);
	assert_int_equal(img_apps_wanted(&e), IMG_APPS_MAX_BINARY);
	assert_false(img_apps_by_content(&e));
	/* An executable: by its content, whatever its name. */
	e = entry("usr/local/bin/app", 0755, 4096);
	assert_int_equal(img_apps_wanted(&e), IMG_APPS_MAX_EXECUTABLE);
	assert_true(img_apps_by_content(&e));
	e = entry("usr/local/bin/app", 0100, IMG_APPS_PROBE);
	assert_true(img_apps_by_content(&e));
	/* Too small to hold an ELF header, or not executable: nothing of theirs. */
	e = entry("usr/local/bin/app", 0755, IMG_APPS_PROBE - 1);
	assert_int_equal(img_apps_wanted(&e), 0);
	assert_false(img_apps_by_content(&e));
	e = entry("usr/share/doc/README", 0644, 4096);
	assert_int_equal(img_apps_wanted(&e), 0);
	assert_false(img_apps_by_content(&e));
	/* An executable jar is still a jar (its path says so), not a binary. */
	e = entry("opt/app/run.jar", 0755, 4096);
	assert_int_equal(img_apps_wanted(&e), IMG_APPS_MAX_BINARY);
	assert_false(img_apps_by_content(&e));
	e = entry("usr/local/bin", 0755, 4096);
	e.type = IMG_T_DIR;
	assert_int_equal(img_apps_wanted(&e), 0);
	assert_false(img_apps_by_content(&e));
	e.type = IMG_T_SYMLINK;
	assert_false(img_apps_by_content(&e));
}

/* An ELF header: class, byte order, type; the rest zero. */
static void elf_header(unsigned char *h, unsigned char cls, unsigned char data, unsigned type)
{
	memset(h, 0, IMG_APPS_PROBE);
	memcpy(h,
	       "\x7f"
	       "ELF",
	       4);
	h[4] = cls;
	h[5] = data;
	h[6] = 1;
	if (data == 2) {
		h[16] = (unsigned char)(type >> 8);
		h[17] = (unsigned char)type;
	} else {
		h[16] = (unsigned char)type;
		h[17] = (unsigned char)(type >> 8);
	}
}

static void test_binary(void **state)
{
	unsigned char h[IMG_APPS_PROBE];
	const char *c = (const char *)h;

	(void)state;
	elf_header(h, 2, 1, 2); /* 64-bit, little-endian, ET_EXEC */
	assert_true(img_apps_binary(c, sizeof(h)));
	elf_header(h, 2, 1, 3); /* ET_DYN: a PIE executable or a shared object */
	assert_true(img_apps_binary(c, sizeof(h)));
	elf_header(h, 1, 2, 2); /* 32-bit big-endian (mips, s390) */
	assert_true(img_apps_binary(c, sizeof(h)));
	elf_header(h, 1, 2, 3);
	assert_true(img_apps_binary(c, sizeof(h)));
	/* The type read in the other byte order is another type. */
	elf_header(h, 2, 2, 0x0200);
	assert_false(img_apps_binary(c, sizeof(h)));
	/* A relocatable object, a core dump: no build information. */
	elf_header(h, 2, 1, 1);
	assert_false(img_apps_binary(c, sizeof(h)));
	elf_header(h, 2, 1, 4);
	assert_false(img_apps_binary(c, sizeof(h)));
	/* Bad class or byte order. */
	elf_header(h, 3, 1, 2);
	assert_false(img_apps_binary(c, sizeof(h)));
	elf_header(h, 0, 1, 2);
	assert_false(img_apps_binary(c, sizeof(h)));
	elf_header(h, 2, 0, 2);
	assert_false(img_apps_binary(c, sizeof(h)));
	/* Cut before e_type. */
	elf_header(h, 2, 1, 2);
	assert_true(img_apps_binary(c, 18));
	assert_false(img_apps_binary(c, 17));
	assert_false(img_apps_binary(c, 0));
	/* A script. */
	assert_false(
	    img_apps_binary("#!/bin/sh\nexec /usr/bin/app \"$@\"\n\n\n\n\n\n\n\n\n\n", 45));
}

static void test_refuse(void **state)
{
	struct img_entry e = entry("app/package-lock.json", 0644, 104857600);
	struct vakt_error_list w = {0};

	(void)state;
	img_apps_refuse(&e, "srv/app/package-lock.json", PKG_APP_MAX_FILE, &w);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.v[0]->code, -EFBIG);
	assert_non_null(strstr(w.v[0]->msg, "srv/app/package-lock.json: 104857600 bytes"));
	assert_non_null(strstr(w.v[0]->msg, "67108864"));
	assert_non_null(strstr(w.v[0]->msg, "its packages are not listed"));
	vakt_error_list_release(&w);
}

static void view_file(struct img_view *v, int layer, const char *path)
{
	struct img_entry e = entry(path, 0644, 10);
	struct vakt_error *err = NULL;

	e.layer = layer;
	assert_int_equal(img_view_apply(v, &e, &err), 0);
}

static void visit(struct img_apps *a, int layer, const char *path, const char *content,
                  struct vakt_error_list *w)
{
	struct img_entry e = entry(path, 0644, strlen(content));

	e.layer = layer;
	img_apps_visit(a, &e, path, content, strlen(content), w);
}

static const struct pkg *find(const struct pkg_list *l, const char *name, const char *version)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name) && !strcmp(l->v[i].version, version))
			return &l->v[i];
	return NULL;
}

static void test_visit_settle(void **state)
{
	struct img_apps *a = img_apps_new();
	struct img_view *v = img_view_new();
	struct vakt_error_list w = {0};
	struct pkg_list out = {0};
	struct img_entry sh = entry("usr/local/bin/run", 0755, 80);
	const char *script =
	    "#!/bin/sh\n# starts the service, with its options from /etc/default\n";
	const struct pkg *p;

	(void)state;
	/* Layer 0 installs express 4.17.1 and six; layer 1 upgrades express, deletes six. */
	view_file(v, 0, "app/node_modules/express/package.json");
	visit(a, 0, "app/node_modules/express/package.json",
	      "{\"name\": \"express\", \"version\": \"4.17.1\"}\n", &w);
	view_file(v, 0, "app/node_modules/six/package.json");
	visit(a, 0, "app/node_modules/six/package.json",
	      "{\"name\": \"six\", \"version\": \"1.0.0\"}", &w);
	view_file(v, 1, "app/node_modules/express/package.json");
	visit(a, 1, "app/node_modules/express/package.json",
	      "{\"name\": \"express\", \"version\": \"4.18.2\"}\n", &w);
	{
		struct img_entry wh = {
		    .path = "app/node_modules/six", .layer = 1, .whiteout = true};
		struct vakt_error *err = NULL;

		assert_int_equal(img_view_apply(v, &wh, &err), 0);
	}
	/* A broken lock file: a warning, the rest stands. */
	view_file(v, 1, "app/package-lock.json");
	visit(a, 1, "app/package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {", &w);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.v[0]->file, "app/package-lock.json");
	/* A script among the executables: nothing, and no warning. */
	img_apps_visit(a, &sh, sh.path, script, strlen(script), &w);
	assert_int_equal(w.n, 1);

	img_apps_settle(a, v, false, &out);
	assert_int_equal(out.n, 1);
	p = find(&out, "express", "4.18.2");
	assert_non_null(p);
	assert_int_equal(p->layer, 1);
	assert_string_equal(p->found_in, "app/node_modules/express/package.json");
	assert_null(find(&out, "express", "4.17.1"));
	assert_null(find(&out, "six", "1.0.0"));
	/* Settled: the state is empty, a second settle adds nothing. */
	img_apps_settle(a, v, false, &out);
	assert_int_equal(out.n, 1);
	pkg_list_release(&out);

	/* A root filesystem: no layers, -1. */
	visit(a, 0, "app/node_modules/express/package.json",
	      "{\"name\": \"express\", \"version\": \"4.18.2\"}\n", &w);
	img_apps_settle(a, v, true, &out);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].layer, -1);
	pkg_list_release(&out);
	vakt_error_list_release(&w);
	img_view_free(v);
	img_apps_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wanted),
	    cmocka_unit_test(test_binary),
	    cmocka_unit_test(test_refuse),
	    cmocka_unit_test(test_visit_settle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
