/* SPDX-License-Identifier: MIT */
/* Which file names the walk hands to the Dockerfile domain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/domain.h"

static void test_names(void **state)
{
	static const char *const yes[] = {
	    "Dockerfile",     "Containerfile",     "dockerfile",      "Dockerfile.prod",
	    "Dockerfile.dev", "Dockerfile.j2",     "Containerfile.x", "app.dockerfile",
	    "app.Dockerfile", "web.containerfile",
	};
	static const char *const no[] = {
	    "Dockerfile.dockerignore",
	    "Dockerfile.md",
	    "Dockerfile.txt",
	    "Dockerfile.rst",
	    "Dockerfile.orig",
	    "Dockerfile.rej",
	    "Dockerfile.bak",
	    "Dockerfile~",
	    "Dockerfile.swp",
	    "Dockerfile.sig",
	    "Dockerfile.asc",
	    "Dockerfile.patch",
	    "README.md",
	    "Dockerfile-notes",
	    "docker-compose.yml",
	};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!df_domain.match_name(yes[i], yes[i]))
			fail_msg("'%s' should be a Dockerfile", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (df_domain.match_name(no[i], no[i]))
			fail_msg("'%s' should not be a Dockerfile", no[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_names)};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
