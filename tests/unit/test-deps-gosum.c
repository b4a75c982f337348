/* SPDX-License-Identifier: MIT */
/*
 * The deps domain's go.sum (src/deps/deps-gosum.c): read beside a go.mod
 * older than Go 1.17 by deps_read() (so by the scan and deps_collect()),
 * not beside a newer one; a missing, unreadable or broken go.sum.
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

#include "deps/deps.h"

static const char mod_116[] = "module github.com/example/legacy\n"
                              "\n"
                              "go 1.16\n"
                              "\n"
                              "require (\n"
                              "\tgithub.com/sirupsen/logrus v1.8.1\n"
                              "\tgolang.org/x/text v0.3.6\n"
                              ")\n"
                              "\n"
                              "replace golang.org/x/text => golang.org/x/text v0.3.8\n";

static const char sum_116[] =
    "github.com/davecgh/go-spew v1.1.1 h1:vj9j/u1bqnvCEfJOwUhtlOARqs3+rkHYY13jYWTU97c=\n"
    "github.com/davecgh/go-spew v1.1.1/go.mod h1:J7Y8YcW2NihsgmVo/mv3lAwl/skON4iLHjSsI+c5H38=\n"
    "github.com/sirupsen/logrus v1.8.1 h1:dJKuHgqk1NNQlqoA6BTlM1Wf9DOH3NBjQyu0h9+AZZE=\n"
    "github.com/sirupsen/logrus v1.8.1/go.mod h1:yWOB1SBYBC5VeMP7gHvWumXLIWorT60ONWic61uBYv0=\n"
    "golang.org/x/sys v0.0.0-20191026070338-33540a1f6037 "
    "h1:YyJpGZS1sBuBCzLAR1VEpK193GlqGZbnPFnPV/5Rsb4=\n"
    "golang.org/x/sys v0.0.0-20191026070338-33540a1f6037/go.mod "
    "h1:h1NjWce9XRLGQEsW7wpKNCjG9DtNlClVuFLEZdDNbEs=\n"
    "golang.org/x/text v0.3.8 h1:nAL+RVCQ9uMn3vJZbV+MRnydTJFPf8qqY42YiA6MrqY=\n"
    "golang.org/x/text v0.3.8/go.mod h1:E6s5w1FMmriuDzIBO73fBruAKo1PCIq6d2Q6DHfQ8WQ=\n";

static void put(const char *dir, const char *name, const char *text)
{
	char *p = vakt_xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(p, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(p);
}

static void rm_tree(const char *dir)
{
	char *cmd = vakt_xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* deps_read() of the go.mod text as the file at path; the errors it adds to errs. */
static long read_mod(const char *path, const char *text, struct pkg_list *l,
                     struct vakt_error_list *errs)
{
	struct vakt_source *src = vakt_source_from_mem(path, text, strlen(text));
	long r = deps_read(PKG_APP_GO_MOD, src, l, errs);

	vakt_source_free(src);
	return r;
}

static const struct pkg *find(const struct pkg_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}

static void expect_one_error(struct vakt_error_list *errs, const char *want)
{
	char *s;

	assert_int_equal(1, errs->n);
	s = vakt_error_format(errs->v[0]);
	if (!strstr(s, want))
		fail_msg("error '%s' does not contain '%s'", s, want);
	free(s);
	vakt_error_list_release(errs);
	*errs = (struct vakt_error_list){0};
}

static void test_read_beside(void **state)
{
	char dir[] = "/tmp/test-deps-gosum-XXXXXX", *mod, *sum;
	struct pkg_list l = {0};
	struct vakt_error_list errs = {0};
	const struct pkg *p;

	(void)state;
	assert_non_null(mkdtemp(dir));
	mod = vakt_xasprintf("%s/go.mod", dir);
	sum = vakt_xasprintf("%s/go.sum", dir);
	put(dir, "go.sum", sum_116);
	/* go.mod's two, go.sum's two others (logrus is go.mod's, x/text is replaced). */
	assert_int_equal(4, read_mod(mod, mod_116, &l, &errs));
	assert_int_equal(0, errs.n);
	p = find(&l, "github.com/davecgh/go-spew");
	assert_non_null(p);
	assert_string_equal(sum, p->found_in);
	assert_int_equal(1, p->line);
	assert_int_equal(PKG_SCOPE_TRANSITIVE, p->scope);
	assert_non_null(find(&l, "golang.org/x/sys"));
	assert_string_equal(mod, find(&l, "github.com/sirupsen/logrus")->found_in);
	assert_string_equal("v0.3.8", find(&l, "golang.org/x/text")->version);
	assert_string_equal(mod, find(&l, "golang.org/x/text")->found_in);
	pkg_list_release(&l);
	l = (struct pkg_list){0};
	/* No go directive: as old; x/text, neither required nor replaced now, comes from go.sum. */
	assert_int_equal(
	    4, read_mod(mod, "module m\nrequire github.com/sirupsen/logrus v1.8.1\n", &l, &errs));
	assert_string_equal(sum, find(&l, "golang.org/x/text")->found_in);
	pkg_list_release(&l);
	l = (struct pkg_list){0};
	/* Go 1.17 and later: go.mod says it all, go.sum is not read. */
	assert_int_equal(3, read_mod(mod,
	                             "module m\n\ngo 1.21.5\n\nrequire github.com/sirupsen/logrus "
	                             "v1.8.1\nrequire golang.org/x/sys v0.1.0 // indirect\n",
	                             &l, &errs));
	assert_null(find(&l, "github.com/davecgh/go-spew"));
	pkg_list_release(&l);
	l = (struct pkg_list){0};
	/* A go.mod that does not parse: its own error only. */
	assert_int_equal(-EINVAL, read_mod(mod, "module m\ngo 1.16\nrequire (\n", &l, &errs));
	assert_int_equal(0, l.n);
	expect_one_error(&errs, "go.mod:3:1");
	/* A broken go.sum: its error at its line, go.mod's packages kept. */
	put(dir, "go.sum", "github.com/davecgh/go-spew v1.1.1\n");
	assert_int_equal(2, read_mod(mod, mod_116, &l, &errs));
	expect_one_error(&errs, "go.sum:1:1: expected 'MODULE VERSION HASH'");
	pkg_list_release(&l);
	l = (struct pkg_list){0};
	/* No go.sum (nothing was downloaded yet): no error. */
	assert_int_equal(0, unlink(sum));
	assert_int_equal(2, read_mod(mod, mod_116, &l, &errs));
	assert_int_equal(0, errs.n);
	pkg_list_release(&l);
	l = (struct pkg_list){0};
	/* A go.sum that cannot be read: an error. */
	assert_int_equal(0, mkdir(sum, 0700));
	assert_int_equal(2, read_mod(mod, mod_116, &l, &errs));
	expect_one_error(&errs, "go.sum");
	pkg_list_release(&l);
	free(mod);
	free(sum);
	rm_tree(dir);
}

/* A go.mod named without a directory, and one on standard input. */
static void test_read_relative(void **state)
{
	char dir[] = "/tmp/test-deps-gosum-XXXXXX", *cwd = getcwd(NULL, 0);
	struct pkg_list l = {0};
	struct vakt_error_list errs = {0};

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "go.sum", sum_116);
	assert_int_equal(0, chdir(dir));
	assert_int_equal(4, read_mod("go.mod", mod_116, &l, &errs));
	assert_string_equal("go.sum", find(&l, "golang.org/x/sys")->found_in);
	pkg_list_release(&l);
	l = (struct pkg_list){0};
	assert_int_equal(2, read_mod("-", mod_116, &l, &errs));
	assert_int_equal(2, read_mod("<stdin>", mod_116, &l, &errs));
	assert_int_equal(0, errs.n);
	assert_int_equal(0, chdir(cwd));
	free(cwd);
	pkg_list_release(&l);
	rm_tree(dir);
}

/* vakt scan --list-packages: the same go.sum packages, with purls; go.sum alone is not read. */
static void test_collect(void **state)
{
	char dir[] = "/tmp/test-deps-gosum-XXXXXX", *sub;
	struct vakt_config *cfg = vakt_config_new();
	struct vakt_scan_opts o;
	struct pkg_list l = {0};
	struct vakt_error_list errs = {0};
	size_t files = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sub = vakt_xasprintf("%s/tools", dir);
	assert_int_equal(0, mkdir(sub, 0700));
	put(dir, "go.mod", mod_116);
	put(dir, "go.sum", sum_116);
	put(sub, "go.sum", sum_116);
	vakt_scan_opts_init(&o, cfg);
	deps_collect((const char *const[]){dir}, 1, &o, &l, &files, &errs);
	assert_int_equal(0, errs.n);
	assert_int_equal(1, files);
	assert_int_equal(4, l.n);
	assert_string_equal("pkg:golang/golang.org/x/sys@v0.0.0-20191026070338-33540a1f6037",
	                    find(&l, "golang.org/x/sys")->purl);
	pkg_list_release(&l);
	vakt_config_free(cfg);
	free(sub);
	rm_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read_beside),
	    cmocka_unit_test(test_read_relative),
	    cmocka_unit_test(test_collect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
