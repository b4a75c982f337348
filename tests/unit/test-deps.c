/* SPDX-License-Identifier: MIT */
/*
 * The deps domain: which files it reads, what DP001 reads of a requirements
 * file (unpinned lines, what quiets it, index options and their ceiling),
 * the lock beside, the scan (columns, pragmas over continued lines, parse
 * errors), deps_collect() and the source tree's SBOM.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/check.h"
#include "deps/deps.h"

static void test_kind_of(void **state)
{
	static const struct {
		const char *path;
		enum pkg_app_kind kind;
	} cases[] = {
	    {"web/package-lock.json", PKG_APP_NPM_LOCK},
	    {"npm-shrinkwrap.json", PKG_APP_NPM_LOCK},
	    {"yarn.lock", PKG_APP_YARN_LOCK},
	    {"pnpm-lock.yaml", PKG_APP_PNPM_LOCK},
	    {"requirements-dev.txt", PKG_APP_PY_REQUIREMENTS},
	    {"requirements/base.txt", PKG_APP_PY_REQUIREMENTS},
	    {"site-packages-notes/requirements.txt", PKG_APP_PY_REQUIREMENTS},
	    {"poetry.lock", PKG_APP_POETRY_LOCK},
	    {"Pipfile.lock", PKG_APP_PIPFILE_LOCK},
	    {"uv.lock", PKG_APP_UV_LOCK},
	    {"cmd/go.mod", PKG_APP_GO_MOD},
	    {"Cargo.lock", PKG_APP_CARGO_LOCK},
	    {"Gemfile.lock", PKG_APP_GEMFILE_LOCK},
	    {"composer.lock", PKG_APP_COMPOSER_LOCK},
	    /* Installed metadata, archives and what is not a lock: other readers' or none. */
	    {"go.sum", PKG_APP_NONE},
	    {"package.json", PKG_APP_NONE},
	    {"node_modules/express/package.json", PKG_APP_NONE},
	    {"venv/lib/python3.12/site-packages/six-1.16.0.dist-info/METADATA", PKG_APP_NONE},
	    {".venv/lib/python3.12/site-packages/pkg/requirements.txt", PKG_APP_NONE},
	    {"usr/lib/python3/dist-packages/x/requirements.txt", PKG_APP_NONE},
	    {"vendor/composer/installed.json", PKG_APP_NONE},
	    {"specifications/rack-3.0.9.gemspec", PKG_APP_NONE},
	    {"lib/log4j-core-2.14.1.jar", PKG_APP_NONE},
	    {"-", PKG_APP_NONE},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (deps_kind_of(cases[i].path) != cases[i].kind)
			fail_msg("%s: kind %d, expected %d", cases[i].path,
			         deps_kind_of(cases[i].path), cases[i].kind);
	/* The domain claims exactly those names, before kube claims *.json. */
	assert_true(deps_domain.match_name("npm-shrinkwrap.json", "npm-shrinkwrap.json"));
	assert_false(deps_domain.match_name("deploy.json", "deploy.json"));
}

/* f read from text as the requirements file at path. */
static void req_file(struct deps_file *f, const char *path, const char *text,
                     struct vakt_source **src)
{
	memset(f, 0, sizeof(*f));
	*src = vakt_source_from_mem(path, text, strlen(text));
	deps_file_requirements(f, *src);
}

static void test_requirements_unpinned(void **state)
{
	struct vakt_source *src;
	struct deps_file f;

	(void)state;
	req_file(&f, "nodir/requirements.txt",
	         "flask\n"
	         "requests >= 2.31\n"
	         "Django==4.2.11\n"
	         "-e .\n"
	         "-r base.txt\n"
	         "--config-settings editable_mode=compat\n"
	         "numpy==1.26.*\n"
	         "colorama; sys_platform == 'win32'\n",
	         &src);
	assert_int_equal(f.n_reqs, 4);
	assert_int_equal(f.reqs[0].line, 1);
	assert_string_equal(f.reqs[0].text, "flask");
	assert_string_equal(f.reqs[1].text, "requests >= 2.31");
	assert_int_equal(f.reqs[2].line, 7);
	assert_string_equal(f.reqs[3].text, "colorama");
	/* "--config-settings" is no -c: nothing pins these. */
	assert_null(f.quiet);
	deps_file_release(&f);
	vakt_source_free(src);
}

static void test_requirements_quiet(void **state)
{
	static const char *const quiet[] = {
	    "-c constraints.txt\nflask\n",
	    "-cconstraints.txt\nflask\n",
	    "  --constraint=https://example.com/c.txt\nflask\n",
	    "--constraint c.txt\nflask\n",
	};
	struct vakt_source *src;
	struct deps_file f;

	(void)state;
	for (size_t i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++) {
		req_file(&f, "nodir/requirements.txt", quiet[i], &src);
		if (!f.quiet)
			fail_msg("not quiet: %s", quiet[i]);
		assert_int_equal(f.n_reqs, 1);
		deps_file_release(&f);
		vakt_source_free(src);
	}
	/* A constraints file in a requirements/ directory installs nothing. */
	req_file(&f, "nodir/requirements/constraints-py312.txt", "urllib3<3\n", &src);
	assert_non_null(f.quiet);
	deps_file_release(&f);
	vakt_source_free(src);
	/* A file that does not parse keeps what comes before the bad line. */
	req_file(&f, "nodir/requirements.txt", "flask\n[oops\nrequests\n", &src);
	assert_int_equal(f.n_reqs, 1);
	assert_null(f.quiet);
	deps_file_release(&f);
	vakt_source_free(src);
}

static void test_requirements_index(void **state)
{
	struct vakt_source *src;
	struct deps_file f;

	(void)state;
	req_file(&f, "nodir/requirements.txt",
	         "-i https://a.example/simple\n"
	         "--index-url=https://b.example/simple\n"
	         "  --extra-index-url https://c.example/simple\n"
	         "-f ./wheels\n"
	         "--find-links=https://d.example/links\n"
	         "--index-url\n"
	         "--index-urls https://not-an-option.example\n"
	         "flask==3.0.3\n",
	         &src);
	assert_int_equal(f.n_index, 5);
	assert_string_equal(f.index[0].url, "https://a.example/simple");
	assert_int_equal(f.index[0].at.column, 4);
	assert_int_equal(f.index[0].at.end_column, 27);
	assert_string_equal(f.index[1].url, "https://b.example/simple");
	assert_int_equal(f.index[1].at.column, 13);
	assert_string_equal(f.index[2].url, "https://c.example/simple");
	assert_int_equal(f.index[2].at.line, 3);
	assert_int_equal(f.index[2].at.column, 21);
	assert_string_equal(f.index[3].url, "./wheels");
	assert_string_equal(f.index[4].url, "https://d.example/links");
	assert_int_equal(f.n_reqs, 0);
	deps_file_release(&f);
	vakt_source_free(src);
}

/* DEPS_MAX_REQS: more unpinned lines or index options are not kept. */
static void test_requirements_ceiling(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_source *src;
	struct deps_file f;

	(void)state;
	for (int i = 0; i <= DEPS_MAX_REQS; i++)
		vakt_buf_addf(&b, "pkg%d\n--extra-index-url https://i%d.example/\n", i, i);
	req_file(&f, "nodir/requirements.txt", vakt_buf_str(&b), &src);
	assert_int_equal(f.n_reqs, DEPS_MAX_REQS);
	assert_int_equal(f.n_index, DEPS_MAX_REQS);
	deps_file_release(&f);
	vakt_source_free(src);
	vakt_buf_release(&b);
}

/* Write text into dir/name. */
static void put(const char *dir, const char *name, const char *text)
{
	char *p = vakt_xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(p, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(p);
}

/* Remove what the tests wrote in dir, then dir. */
static void rm_tree(const char *dir)
{
	char *cmd = vakt_xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void test_pinned_beside(void **state)
{
	char dir[] = "/tmp/test-deps-XXXXXX", *req, *cwd;
	const char *why;

	(void)state;
	assert_non_null(mkdtemp(dir));
	req = vakt_xasprintf("%s/requirements.txt", dir);
	put(dir, "requirements.txt", "flask\n");
	put(dir, "requirements.in", "flask\n");
	assert_null(deps_pinned_beside(req));
	put(dir, "constraints-py311.txt", "flask==3.0.3\n");
	why = deps_pinned_beside(req);
	assert_non_null(why);
	assert_non_null(strstr(why, "constraints"));
	/* A lock says more than a constraints file, whatever the directory's order. */
	put(dir, "requirements-dev.lock", "flask==3.0.3\n");
	why = deps_pinned_beside(req);
	assert_non_null(strstr(why, "lock"));
	/* A path without a directory is in the working one; standard input is in none. */
	cwd = getcwd(NULL, 0);
	assert_int_equal(chdir(dir), 0);
	assert_non_null(deps_pinned_beside("requirements.txt"));
	assert_null(deps_pinned_beside("-"));
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
	assert_null(deps_pinned_beside("/nonexistent-dir-of-test-deps/requirements.txt"));
	rm_tree(dir);
	/* Every lock name counts. */
	static const char *const locks[] = {"poetry.lock", "uv.lock",     "Pipfile.lock",
	                                    "pdm.lock",    "pylock.toml", "pylock.dev.toml"};
	for (size_t i = 0; i < sizeof(locks) / sizeof(locks[0]); i++) {
		memcpy(dir, "/tmp/test-deps-XXXXXX", sizeof(dir));
		assert_non_null(mkdtemp(dir));
		put(dir, locks[i], "\n");
		free(req);
		req = vakt_xasprintf("%s/requirements.txt", dir);
		if (!deps_pinned_beside(req))
			fail_msg("%s beside does not quiet DP001", locks[i]);
		rm_tree(dir);
	}
	free(req);
}

static void scan_text(const char *name, const char *text, struct vakt_scan_result *res)
{
	struct vakt_config *cfg = vakt_config_new();
	struct vakt_scan_opts o;

	vakt_scan_opts_init(&o, cfg);
	memset(res, 0, sizeof(*res));
	vakt_scan_source(&deps_domain, vakt_source_from_mem(name, text, strlen(text)), &o, res);
	vakt_config_free(cfg);
}

static void test_scan_findings(void **state)
{
	struct vakt_scan_result res;
	const struct vakt_finding *f;

	(void)state;
	scan_text(
	    "nodir/requirements.txt",
	    "  flask  # the web framework\n"
	    "# vakt ignore=DP001 -- hashed below\n"
	    "requests>=2.31 \\\n"
	    "    --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f\n"
	    "bcrypt\n",
	    &res);
	assert_int_equal(res.findings.n, 3);
	assert_int_equal(res.errors.n, 0);
	f = &res.findings.v[0];
	assert_string_equal(f->rule->id, "DP001");
	assert_int_equal(f->loc.line, 1);
	assert_int_equal(f->loc.column, 3);
	assert_int_equal(f->loc.end_column, 7);
	assert_false(f->suppressed);
	assert_non_null(strstr(f->message, "'flask'"));
	assert_int_equal(res.findings.v[1].loc.line, 3);
	assert_true(res.findings.v[1].suppressed);
	assert_int_equal(res.findings.v[2].loc.line, 5);
	assert_false(res.findings.v[2].suppressed);
	vakt_scan_result_release(&res);
	/* A lock file has no rule yet; a file the domain does not read, nothing. */
	scan_text("go.mod", "module example.com/x\n\ngo 1.22\n", &res);
	assert_int_equal(res.findings.n + res.errors.n, 0);
	vakt_scan_result_release(&res);
	scan_text("notes.txt", "flask\n", &res);
	assert_int_equal(res.findings.n + res.errors.n, 0);
	vakt_scan_result_release(&res);
}

static void test_scan_parse_error(void **state)
{
	struct vakt_scan_result res;

	(void)state;
	scan_text("web/package-lock.json", "{\n  \"lockfileVersion\": 3,\n  \"packages\": [\n",
	          &res);
	assert_int_equal(res.findings.n, 0);
	assert_int_equal(res.errors.n, 1);
	assert_string_equal(res.errors.v[0]->file, "web/package-lock.json");
	assert_true(res.errors.v[0]->line > 0);
	vakt_scan_result_release(&res);
	/* A bad requirement: the error at its line, the findings before it kept. */
	scan_text("requirements.txt", "flask\nflask[async==3\n", &res);
	assert_int_equal(res.errors.n, 1);
	assert_int_equal(res.errors.v[0]->line, 2);
	assert_int_equal(res.findings.n, 1);
	vakt_scan_result_release(&res);
}

static void test_collect(void **state)
{
	char dir[] = "/tmp/test-deps-XXXXXX";
	struct vakt_config *cfg = vakt_config_new();
	struct vakt_scan_opts o;
	struct pkg_list l = {0};
	struct vakt_error_list errs = {0};
	char *a, *b, *df, *missing;
	size_t files = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	a = vakt_xasprintf("%s/api", dir);
	b = vakt_xasprintf("%s/node_modules", dir);
	assert_int_equal(mkdir(a, 0700), 0);
	assert_int_equal(mkdir(b, 0700), 0);
	put(dir, "requirements.txt", "pydantic==2.7.0\nflask\n");
	put(a, "requirements.txt", "pydantic==2.7.0\n");
	put(b, "requirements.txt", "left-pad==1.0\n");
	put(dir, "Dockerfile", "FROM debian:12\n");
	vakt_scan_opts_init(&o, cfg);
	deps_collect((const char *const[]){dir}, 1, &o, &l, &files, &errs);
	assert_int_equal(errs.n, 0);
	assert_int_equal(files, 2);
	assert_int_equal(l.n, 2);
	for (size_t i = 0; i < l.n; i++) {
		assert_string_equal(l.v[i].name, "pydantic");
		assert_string_equal(l.v[i].purl, "pkg:pypi/pydantic@2.7.0");
	}
	assert_string_not_equal(l.v[0].found_in, l.v[1].found_in);
	pkg_list_release(&l);
	/* Named: a file that is no lock is an error; a missing path too. */
	df = vakt_xasprintf("%s/Dockerfile", dir);
	missing = vakt_xasprintf("%s/missing", dir);
	deps_collect((const char *const[]){df, missing}, 2, &o, &l, &files, &errs);
	assert_int_equal(files, 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(errs.n, 2);
	vakt_error_list_release(&errs);
	free(df);
	free(missing);
	free(a);
	free(b);
	rm_tree(dir);
	vakt_config_free(cfg);
}

/* The SBOM of a source tree: an application (SPDX: SOURCE), its packages' files. */
static void test_sbom_source_tree(void **state)
{
	struct pkg_list l = {0};
	struct pkg *p = pkg_list_add(&l);
	struct pkg_sbom_subject s = {
	    .name = "repo", .created = "2024-01-01T00:00:00Z", .source_tree = true};
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	p->type = PKG_NPM;
	p->name = vakt_xstrdup("express");
	p->version = vakt_xstrdup("4.18.2");
	p->found_in = vakt_xstrdup("web/package-lock.json");
	f = open_memstream(&text, &len);
	assert_int_equal(pkg_sbom_cyclonedx(f, &s, NULL, &l, NULL), 0);
	fclose(f);
	assert_non_null(strstr(text, "\"type\": \"application\""));
	assert_null(strstr(text, "operating-system"));
	assert_non_null(strstr(text, "\"vakt:package:found-in\""));
	assert_non_null(strstr(text, "\"web/package-lock.json\""));
	free(text);
	f = open_memstream(&text, &len);
	assert_int_equal(pkg_sbom_spdx(f, &s, NULL, &l, NULL), 0);
	fclose(f);
	assert_non_null(strstr(text, "\"primaryPackagePurpose\": \"SOURCE\""));
	assert_non_null(strstr(text, "\"sourceInfo\": \"declared in web/package-lock.json\""));
	free(text);
	/* An image stays a container. */
	s.source_tree = false;
	f = open_memstream(&text, &len);
	assert_int_equal(pkg_sbom_cyclonedx(f, &s, NULL, &l, NULL), 0);
	fclose(f);
	assert_non_null(strstr(text, "\"type\": \"container\""));
	free(text);
	pkg_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kind_of),
	    cmocka_unit_test(test_requirements_unpinned),
	    cmocka_unit_test(test_requirements_quiet),
	    cmocka_unit_test(test_requirements_index),
	    cmocka_unit_test(test_requirements_ceiling),
	    cmocka_unit_test(test_pinned_beside),
	    cmocka_unit_test(test_scan_findings),
	    cmocka_unit_test(test_scan_parse_error),
	    cmocka_unit_test(test_collect),
	    cmocka_unit_test(test_sbom_source_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
