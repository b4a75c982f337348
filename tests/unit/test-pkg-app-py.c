/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the Python application package readers
 * (src/pkg/pkg-app-python.c, src/pkg/pkg-app-pylock.c): METADATA and
 * PKG-INFO, requirements*.txt, poetry.lock (old and new), Pipfile.lock and
 * uv.lock, on the fixtures of tests/pkg-app/py/ and on hostile inputs.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pkg-app-lock-test.h"
#include "pkg/pkg.h"

#define T PKG_SCOPE_TRANSITIVE
#define D PKG_SCOPE_DIRECT
#define U PKG_SCOPE_UNKNOWN

/* A list holding one package already: readers append, and leave it so on error. */
static void list_with_one(struct pkg_list *l)
{
	struct pkg *p = pkg_list_add(l);

	p->type = PKG_DPKG;
	p->name = vakt_xstrdup("bash");
	p->version = vakt_xstrdup("5.2.15-2+b13");
}

typedef long (*reader_fn)(const char *, const char *, size_t, struct pkg_list *,
                          struct vakt_error **);

/* Run reader on text, expect an error containing want and the list untouched. */
static void expect_fail(reader_fn reader, const char *path, const char *text, int code,
                        const char *want)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	list_with_one(&l);
	assert_int_equal(code, reader(path, text, strlen(text), &l, &err));
	assert_int_equal(1, l.n);
	assert_string_equal("bash", l.v[0].name);
	expect_error(err, want);
	pkg_list_release(&l);
}

/* --- requirements ---------------------------------------------------------- */

static void test_requirements(void **state)
{
	const char *path = "srv/app/requirements.txt";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	size_t len;
	char *data = fixture("py/requirements.txt", &len);

	(void)state;
	assert_int_equal(10, pkg_app_py_requirements(path, data, len, &l, &err));
	assert_null(err);
	pkg_list_set_purls(&l, NULL);
	expect_app_pkg(&l, PKG_PYPI, "django", "4.2.11", D, false, path, 15,
	               "pkg:pypi/django@4.2.11");
	expect_app_pkg(&l, PKG_PYPI, "asgiref", "3.8.1", D, false, path, 7,
	               "pkg:pypi/asgiref@3.8.1");
	/* The marker and the hashes are not part of the version. */
	expect_app_pkg(&l, PKG_PYPI, "backports-zoneinfo", "0.2.1", D, false, path, 11,
	               "pkg:pypi/backports-zoneinfo@0.2.1");
	/* Extras are not part of the name. */
	expect_app_pkg(&l, PKG_PYPI, "psycopg", "3.1.18", D, false, path, 32,
	               "pkg:pypi/psycopg@3.1.18");
	expect_app_pkg(&l, PKG_PYPI, "psycopg-binary", "3.1.18", D, false, path, 36, NULL);
	expect_app_pkg(&l, PKG_PYPI, "typing-extensions", "4.10.0", D, false, path, 43,
	               "pkg:pypi/typing-extensions@4.10.0");
	assert_null(l.v[0].license);
	pkg_list_release(&l);
	free(data);
}

struct unpinned {
	int line[16];
	char *req[16];
	int n;
};

static void on_unpinned(int line, const char *req, void *arg)
{
	struct unpinned *u = arg;

	assert_true(u->n < 16);
	u->line[u->n] = line;
	u->req[u->n++] = vakt_xstrdup(req);
}

static void test_requirements_dev(void **state)
{
	const char *path = "requirements-dev.txt";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct unpinned u = {0};
	size_t len;
	char *data = fixture("py/requirements-dev.txt", &len);
	static const char *const want[] = {"pytest-django>=4.8", "coverage[toml]", "mypy ~= 1.9",
	                                   "factory_boy==3.3.*"};
	static const int want_line[] = {14, 15, 17, 18};

	(void)state;
	/* -r, -c, options, -e, paths, URLs and direct references are not packages. */
	assert_int_equal(3, pkg_app_py_requirements(path, data, len, &l, &err));
	pkg_list_set_purls(&l, NULL);
	expect_app_pkg(&l, PKG_PYPI, "pytest", "8.1.1", D, false, path, 13,
	               "pkg:pypi/pytest@8.1.1");
	expect_app_pkg(&l, PKG_PYPI, "black", "24.3.0", D, false, path, 16,
	               "pkg:pypi/black@24.3.0");
	expect_app_pkg(&l, PKG_PYPI, "django-debug-toolbar", "4.3.0", D, false, path, 19, NULL);
	assert_false(has_pkg(&l, "requests"));
	assert_false(has_pkg(&l, "mypy"));
	pkg_list_release(&l);

	assert_int_equal(0, pkg_app_requirements_unpinned(path, data, len, on_unpinned, &u, &err));
	assert_int_equal(4, u.n);
	for (int i = 0; i < u.n; i++) {
		assert_string_equal(want[i], u.req[i]);
		assert_int_equal(want_line[i], u.line[i]);
		free(u.req[i]);
	}
	free(data);
}

static void test_requirements_edges(void **state)
{
	static const char text[] = "# only comments and a pin split over lines\n"
	                           "Flask\\\n"
	                           "==3.0.2\n"
	                           "Jinja2 (==3.1.3)\n"
	                           "MarkupSafe==2.1.5; python_version>='3.7'#trailing\n"
	                           "itsdangerous==2.1.2 \\";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(4, pkg_app_py_requirements("r.txt", text, strlen(text), &l, &err));
	expect_app_pkg(&l, PKG_PYPI, "Flask", "3.0.2", D, false, "r.txt", 2, NULL);
	expect_app_pkg(&l, PKG_PYPI, "Jinja2", "3.1.3", D, false, "r.txt", 4, NULL);
	expect_app_pkg(&l, PKG_PYPI, "MarkupSafe", "2.1.5", D, false, "r.txt", 5, NULL);
	expect_app_pkg(&l, PKG_PYPI, "itsdangerous", "2.1.2", D, false, "r.txt", 6, NULL);
	pkg_list_release(&l);
	/* The unpinned reader needs no callback. */
	assert_int_equal(0, pkg_app_requirements_unpinned("r.txt", "flask\n", 6, NULL, NULL, &err));
}

static void test_requirements_errors(void **state)
{
	(void)state;
	expect_fail(pkg_app_py_requirements, "requirements.txt", "flask==3.0.2\nDjango=4.2\n",
	            -EINVAL, "requirements.txt:2:1: expected version specifiers after 'Django'");
	expect_fail(pkg_app_py_requirements, "requirements.txt", "celery[redis==5.3.6\n", -EINVAL,
	            "requirements.txt:1:1: expected ']' closing the extras of 'celery'");
	expect_fail(pkg_app_py_requirements, "requirements.txt", "flask==1\n<html>\n", -EINVAL,
	            "requirements.txt:2:1: expected a requirement");
	/* Fuzz findings: control characters and NUL bytes made odd versions. */
	expect_fail(pkg_app_py_requirements, "requirements.txt", "black===\x12\x34.3.0\n", -EINVAL,
	            "requirements.txt:1:1: expected a version after '==' for 'black'");
	{
		static const char nul[] = "flask==3.0.2\nblack==24\0.3\n";

		struct pkg_list l = {0};
		struct vakt_error *err = NULL;

		assert_int_equal(-EINVAL,
		                 pkg_app_py_requirements("r.txt", nul, sizeof(nul) - 1, &l, &err));
		assert_int_equal(0, l.n);
		expect_error(err, "r.txt:2:1: expected text, got a NUL byte");
		pkg_list_release(&l);
	}
}

static void test_requirements_limits(void **state)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct vakt_buf b = VAKT_BUF_INIT;
	double t0;

	(void)state;
	/* A line continued past the ceiling. */
	for (int i = 0; i < 30000; i++)
		vakt_buf_adds(&b, "  --hash=sha256:0123456789abcdef \\\n");
	list_with_one(&l);
	assert_int_equal(-E2BIG, pkg_app_py_requirements("r.txt", b.data, b.len, &l, &err));
	assert_int_equal(1, l.n);
	expect_error(err, "r.txt:1:1: requirement longer than");
	err = NULL;
	/* Too big a file is refused before reading. */
	assert_int_equal(-EFBIG, pkg_app_py_requirements("r.txt", b.data,
	                                                 (size_t)PKG_APP_MAX_FILE + 1, &l, &err));
	expect_error(err, "larger than");
	err = NULL;
	/* 150,000 pins read quickly. */
	vakt_buf_reset(&b);
	for (int i = 0; i < 150000; i++)
		vakt_buf_addf(&b, "package-%d==1.%d.0 --hash=sha256:abc\n", i, i % 100);
	t0 = vakt_now();
	assert_int_equal(150000, pkg_app_py_requirements("r.txt", b.data, b.len, &l, &err));
	assert_true(vakt_now() - t0 < 5.0);
	assert_int_equal(150001, l.n);
	pkg_list_release(&l);
	vakt_buf_release(&b);
}

/* --- METADATA ---------------------------------------------------------------- */

static void test_metadata(void **state)
{
	const char *path = "usr/lib/python3/dist-packages/Django-4.2.11.dist-info/METADATA";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	size_t len;
	char *data = fixture("py/Django-4.2.11.dist-info/METADATA", &len);

	(void)state;
	assert_int_equal(1, pkg_app_py_metadata(path, data, len, &l, &err));
	free(data);
	/* A license in License:, the full text spread over lines (classifiers then), an expression.
	 */
	data = fixture("py/six.egg-info/PKG-INFO", &len);
	assert_int_equal(1, pkg_app_py_metadata("six.egg-info/PKG-INFO", data, len, &l, &err));
	free(data);
	data = fixture("py/attrs-23.2.0.dist-info/METADATA", &len);
	assert_int_equal(1, pkg_app_py_metadata("attrs/METADATA", data, len, &l, &err));
	free(data);
	pkg_list_set_purls(&l, NULL);
	assert_int_equal(3, l.n);
	expect_app_pkg(&l, PKG_PYPI, "Django", "4.2.11", U, false, path, 2,
	               "pkg:pypi/django@4.2.11");
	assert_string_equal("BSD-3-Clause", l.v[0].license);
	/* The body's "Name:" is text, not a field. */
	assert_false(has_pkg(&l, "NotThis"));
	expect_app_pkg(&l, PKG_PYPI, "six", "1.16.0", U, false, "six.egg-info/PKG-INFO", 2,
	               "pkg:pypi/six@1.16.0");
	assert_string_equal("MIT License", l.v[1].license);
	expect_app_pkg(&l, PKG_PYPI, "attrs", "23.2.0", U, false, "attrs/METADATA", 2,
	               "pkg:pypi/attrs@23.2.0");
	assert_string_equal("MIT", l.v[2].license);
	pkg_list_release(&l);
}

static void test_metadata_license_fallbacks(void **state)
{
	static const char unknown[] = "Metadata-Version: 2.1\nName: foo\nVersion: 1.0\n"
	                              "License: UNKNOWN\n"
	                              "Classifier: License :: OSI Approved\n"
	                              "Classifier: License :: OSI Approved :: Apache Software "
	                              "License\n"
	                              "Classifier: License :: OSI Approved :: MIT License\n"
	                              "Classifier: License :: OSI Approved :: MIT License\n";
	static const char none[] = "Name: bar\nVersion: 2\n";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(1, pkg_app_py_metadata("m", unknown, strlen(unknown), &l, &err));
	assert_string_equal("Apache Software License, MIT License", l.v[0].license);
	assert_int_equal(1, pkg_app_py_metadata("m", none, strlen(none), &l, &err));
	assert_null(l.v[1].license);
	pkg_list_release(&l);
}

static void test_metadata_errors(void **state)
{
	(void)state;
	expect_fail(pkg_app_py_metadata, "x/METADATA",
	            "Metadata-Version: 2.1\nName: foo\n\nVersion: 1\n", -EINVAL,
	            "x/METADATA: expected the fields Name and Version");
	expect_fail(pkg_app_py_metadata, "x/METADATA", "Name: foo\nthis is not a header\n", -EINVAL,
	            "x/METADATA:2:1: expected 'Field: value'");
	expect_fail(pkg_app_py_metadata, "x/METADATA", "  Name: foo\n", -EINVAL,
	            "x/METADATA:1:1: expected 'Field: value', got a continuation line");
	expect_fail(pkg_app_py_metadata, "x/METADATA", "", -EINVAL, "expected the fields");
	expect_fail(pkg_app_py_metadata, "x/METADATA", "Name: foo\nVersion: 1.0 beta\n", -EINVAL,
	            "x/METADATA:1:1: expected a name and a version without blanks");
}

static void test_metadata_limits(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	(void)state;
	vakt_buf_adds(&b, "Name: foo\nVersion: 1.0\nLicense: ");
	for (int i = 0; i < 2000; i++)
		vakt_buf_adds(&b, "Permission is hereby granted\n        ");
	vakt_buf_adds(&b, "\nClassifier: License :: OSI Approved :: MIT License\n");
	/* A very long License is a licence text, not a name: the classifier says it. */
	assert_int_equal(1, pkg_app_py_metadata("m", b.data, b.len, &l, &err));
	assert_string_equal("MIT License", l.v[0].license);
	pkg_list_release(&l);
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "Name: foo\nVersion: ");
	for (int i = 0; i <= PKG_MAX_FIELD; i++)
		vakt_buf_addc(&b, '1');
	vakt_buf_addc(&b, '\n');
	expect_fail(pkg_app_py_metadata, "m", b.data, -E2BIG, "m:2:1: field 'Version' longer than");
	vakt_buf_release(&b);
}

/* --- poetry.lock ---------------------------------------------------------------- */

static void test_poetry_old(void **state)
{
	const char *path = "app/poetry.lock";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	size_t len;
	char *data = fixture("py/poetry-1.1.lock", &len);

	(void)state;
	/* mylib is a local directory: passed over. */
	assert_int_equal(5, pkg_app_poetry_lock(path, data, len, &l, &err));
	pkg_list_set_purls(&l, NULL);
	expect_app_pkg(&l, PKG_PYPI, "asgiref", "3.7.2", U, false, path, 1, NULL);
	expect_app_pkg(&l, PKG_PYPI, "Django", "4.2.11", U, false, path, 15,
	               "pkg:pypi/django@4.2.11");
	expect_app_pkg(&l, PKG_PYPI, "iniconfig", "2.0.0", U, true, path, 31, NULL);
	expect_app_pkg(&l, PKG_PYPI, "pytest", "7.4.4", U, true, path, 52, "pkg:pypi/pytest@7.4.4");
	expect_app_pkg(&l, PKG_PYPI, "sqlparse", "0.4.4", U, false, path, 64, NULL);
	assert_false(has_pkg(&l, "mylib"));
	pkg_list_release(&l);
	free(data);
}

static void test_poetry_new(void **state)
{
	const char *path = "poetry.lock";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	size_t len;
	char *data = fixture("py/poetry-2.lock", &len);

	(void)state;
	assert_int_equal(5, pkg_app_poetry_lock(path, data, len, &l, &err));
	expect_app_pkg(&l, PKG_PYPI, "anyio", "4.3.0", U, false, path, 3, NULL);
	/* In both groups: needed at run time. */
	expect_app_pkg(&l, PKG_PYPI, "colorama", "0.4.6", U, false, path, 22, NULL);
	expect_app_pkg(&l, PKG_PYPI, "fastapi", "0.110.0", U, false, path, 34, NULL);
	/* A git source states its version: kept. */
	expect_app_pkg(&l, PKG_PYPI, "internal-sdk", "1.4.0", U, false, path, 50, NULL);
	expect_app_pkg(&l, PKG_PYPI, "pytest", "8.1.1", U, true, path, 66, NULL);
	pkg_list_release(&l);
	free(data);
}

static void test_poetry_errors(void **state)
{
	(void)state;
	expect_fail(pkg_app_poetry_lock, "poetry.lock",
	            "[[package]]\nname = \"a\"\nversion = \"1\"\n\n[[package]]\nname = \"b\"\n",
	            -EINVAL, "poetry.lock:5: expected a string 'version' in the package 'b'");
	expect_fail(pkg_app_poetry_lock, "poetry.lock", "[[package]]\nversion = \"1\"\n", -EINVAL,
	            "poetry.lock:1: expected a string 'name'");
	expect_fail(pkg_app_poetry_lock, "poetry.lock", "package = 3\n", -EINVAL,
	            "expected 'package' to be an array of tables, got an integer");
	expect_fail(pkg_app_poetry_lock, "poetry.lock", "package = [1]\n", -EINVAL,
	            "expected a table in 'package', got an integer");
	expect_fail(pkg_app_poetry_lock, "poetry.lock",
	            "[[package]]\nname = \"a\nversion = \"1\"\n", -EINVAL, "poetry.lock:2:");
}

/* --- Pipfile.lock ------------------------------------------------------------------ */

static void test_pipfile(void **state)
{
	const char *path = "Pipfile.lock";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	size_t len;
	char *data = fixture("py/Pipfile.lock", &len);

	(void)state;
	/* The editable path and the git entry have no version: passed over. */
	assert_int_equal(4, pkg_app_pipfile_lock(path, data, len, &l, &err));
	pkg_list_set_purls(&l, NULL);
	expect_app_pkg(&l, PKG_PYPI, "certifi", "2024.2.2", U, false, path, 19,
	               "pkg:pypi/certifi@2024.2.2");
	expect_app_pkg(&l, PKG_PYPI, "flask", "3.0.2", U, false, path, 27, "pkg:pypi/flask@3.0.2");
	expect_app_pkg(&l, PKG_PYPI, "werkzeug", "3.0.1", U, false, path, 44, NULL);
	expect_app_pkg(&l, PKG_PYPI, "pytest", "8.1.1", U, true, path, 53, NULL);
	assert_false(has_pkg(&l, "mylib"));
	assert_false(has_pkg(&l, "requests"));
	pkg_list_release(&l);
	free(data);
}

static void test_pipfile_errors(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	(void)state;
	expect_fail(pkg_app_pipfile_lock, "Pipfile.lock",
	            "{\"default\": {\"a\": {\"version\": ", -EINVAL, "Pipfile.lock:1:");
	expect_fail(pkg_app_pipfile_lock, "Pipfile.lock", "[]", -EINVAL, "expected a JSON object");
	expect_fail(pkg_app_pipfile_lock, "Pipfile.lock", "{\"default\": []}", -EINVAL,
	            "expected 'default' to be an object");
	expect_fail(
	    pkg_app_pipfile_lock, "Pipfile.lock",
	    "{\"develop\": {\"a\": {\"version\": \"==1\"},\n \"b\": {\"version\": \">=2\"}}}",
	    -EINVAL, "Pipfile.lock:2: expected a version '==X' for the package 'b'");
	expect_fail(pkg_app_pipfile_lock, "Pipfile.lock", "{\"default\": {\"a\": 1}}", -EINVAL,
	            "expected an object for the package 'a'");
	/* Nesting past the ceiling is refused before jansson recurses into it. */
	for (int i = 0; i < 100; i++)
		vakt_buf_addc(&b, '[');
	expect_fail(pkg_app_pipfile_lock, "Pipfile.lock", b.data, -E2BIG, "nesting deeper than 64");
	/* Fuzz finding: the keys seen before the nesting error were not freed (ASan sees it). */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "{\"default\": {\"a\": {\"version\": \"==1\"}, \"b\": ");
	for (int i = 0; i < 100; i++)
		vakt_buf_addc(&b, '[');
	expect_fail(pkg_app_pipfile_lock, "Pipfile.lock", b.data, -E2BIG,
	            "Pipfile.lock:1: nesting deeper than 64");
	vakt_buf_release(&b);
}

/* --- uv.lock ---------------------------------------------------------------------- */

static void test_uv(void **state)
{
	const char *path = "uv.lock";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	size_t len;
	char *data = fixture("py/uv.lock", &len);

	(void)state;
	/* The project (editable) and its workspace member (virtual) are not packages. */
	assert_int_equal(13, pkg_app_uv_lock(path, data, len, &l, &err));
	assert_false(has_pkg(&l, "myapp"));
	assert_false(has_pkg(&l, "shared"));
	pkg_list_set_purls(&l, NULL);
	expect_app_pkg(&l, PKG_PYPI, "fastapi", "0.111.0", D, false, path, 27,
	               "pkg:pypi/fastapi@0.111.0");
	expect_app_pkg(&l, PKG_PYPI, "anyio", "4.4.0", T, false, path, 5, NULL);
	expect_app_pkg(&l, PKG_PYPI, "typing-extensions", "4.12.2", T, false, path, 163, NULL);
	expect_app_pkg(&l, PKG_PYPI, "pytest", "8.2.2", D, true, path, 114,
	               "pkg:pypi/pytest@8.2.2");
	expect_app_pkg(&l, PKG_PYPI, "iniconfig", "2.0.0", T, true, path, 50, NULL);
	expect_app_pkg(&l, PKG_PYPI, "colorama", "0.4.6", T, true, path, 18, NULL);
	/* A git source, with the version the lock states. */
	expect_app_pkg(&l, PKG_PYPI, "tenacity", "8.2.3", D, false, path, 158, NULL);
	pkg_list_release(&l);
	free(data);
}

static void test_uv_errors(void **state)
{
	(void)state;
	expect_fail(pkg_app_uv_lock, "uv.lock",
	            "version = 1\n[[package]]\nname = \"a\"\nversion = \"1\"\n", -EINVAL,
	            "uv.lock:2: expected an inline table 'source' in the package 'a'");
	expect_fail(
	    pkg_app_uv_lock, "uv.lock",
	    "[[package]]\nname = \"a\"\nsource = { registry = \"https://pypi.org/simple\" }\n",
	    -EINVAL, "expected a string 'version' in the package 'a'");
	expect_fail(pkg_app_uv_lock, "uv.lock",
	            "[[package]]\nname = \"a\"\nsource = { registry = ", -EINVAL, "uv.lock:3:");
}

/* Without a project package, nothing says what is direct. */
static void test_uv_no_project(void **state)
{
	static const char text[] =
	    "version = 1\n\n[[package]]\nname = \"idna\"\nversion = \"3.7\"\n"
	    "source = { registry = \"https://pypi.org/simple\" }\n";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	(void)state;
	assert_int_equal(1, pkg_app_uv_lock("uv.lock", text, strlen(text), &l, &err));
	expect_app_pkg(&l, PKG_PYPI, "idna", "3.7", U, false, "uv.lock", 3, NULL);
	pkg_list_release(&l);
}

/* A generated uv.lock of 60,000 packages, each depending on the next: read in linear time. */
static void test_uv_huge(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	double t0;
	int n = 60000;

	(void)state;
	vakt_buf_adds(&b, "version = 1\n\n[[package]]\nname = \"root\"\nversion = \"0.1.0\"\n"
	                  "source = { editable = \".\" }\ndependencies = [{ name = \"p0\" }]\n\n");
	for (int i = 0; i < n; i++) {
		vakt_buf_addf(&b,
		              "[[package]]\nname = \"p%d\"\nversion = \"1.0.%d\"\n"
		              "source = { registry = \"https://pypi.org/simple\" }\n",
		              i, i);
		if (i + 1 < n)
			vakt_buf_addf(&b, "dependencies = [\n    { name = \"p%d\" },\n]\n", i + 1);
		vakt_buf_adds(&b, "wheels = [{ url = \"https://x/p.whl\", hash = \"sha256:00\", "
		                  "size = 1 }]\n\n");
	}
	t0 = vakt_now();
	assert_int_equal(n, pkg_app_uv_lock("uv.lock", b.data, b.len, &l, &err));
	assert_true(vakt_now() - t0 < 10.0);
	assert_int_equal(D, l.v[0].scope);
	assert_int_equal(T, l.v[n - 1].scope);
	assert_false(l.v[n - 1].dev);
	pkg_list_release(&l);
	vakt_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_requirements),
	    cmocka_unit_test(test_requirements_dev),
	    cmocka_unit_test(test_requirements_edges),
	    cmocka_unit_test(test_requirements_errors),
	    cmocka_unit_test(test_requirements_limits),
	    cmocka_unit_test(test_metadata),
	    cmocka_unit_test(test_metadata_license_fallbacks),
	    cmocka_unit_test(test_metadata_errors),
	    cmocka_unit_test(test_metadata_limits),
	    cmocka_unit_test(test_poetry_old),
	    cmocka_unit_test(test_poetry_new),
	    cmocka_unit_test(test_poetry_errors),
	    cmocka_unit_test(test_pipfile),
	    cmocka_unit_test(test_pipfile_errors),
	    cmocka_unit_test(test_uv),
	    cmocka_unit_test(test_uv_errors),
	    cmocka_unit_test(test_uv_no_project),
	    cmocka_unit_test(test_uv_huge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
