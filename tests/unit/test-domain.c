/* SPDX-License-Identifier: MIT */
/*
 * The descriptors of core/domain.h and the registry built from them: what
 * fails when a domain's tables are not where `vakt rules` looks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/domain.h"
#include "core/rule.h"
#include "core/util.h"

static const struct vakt_domain *const dispatch[] = {VAKT_DOMAINS_DISPATCH};
static const struct vakt_domain *const listed[] = {VAKT_DOMAINS_RULES};

/* Every rule of every domain, dispatched or not, is in the registry (lookup by id finds it). */
static void test_every_table_listed(void **state)
{
	size_t seen = 0;

	(void)state;
	for (size_t d = 0; d < VAKT_ARRAY_SIZE(dispatch); d++) {
		assert_non_null(dispatch[d]->tables);
		for (const struct vakt_rule *const *t = dispatch[d]->tables; *t; t++)
			for (const struct vakt_rule *r = *t; r->id; r++)
				assert_ptr_equal(vakt_registry_find(r->id), r);
	}
	for (size_t d = 0; d < VAKT_ARRAY_SIZE(listed); d++)
		for (const struct vakt_rule *const *t = listed[d]->tables; t && *t; t++)
			seen += vakt_rules_count(*t);
	assert_int_equal(seen, vakt_registry_count());
}

/*
 * A listed domain's rules carry its name (`vakt rules --domain NAME`) and a
 * scope it runs; ids are unique.
 */
static void test_rules_name_their_domain(void **state)
{
	size_t n = vakt_registry_count(), i = 0;

	(void)state;
	for (size_t d = 0; d < VAKT_ARRAY_SIZE(listed); d++)
		for (const struct vakt_rule *const *t = listed[d]->tables; t && *t; t++)
			for (const struct vakt_rule *r = *t; r->id; r++, i++) {
				assert_ptr_equal(vakt_registry_at(i), r);
				assert_string_equal(r->domain, listed[d]->name);
				/* Only a domain with a set runs a rule at its end. */
				if (r->check && r->scope != VAKT_SCOPE_UNIT)
					assert_non_null(listed[d]->end);
			}
	assert_int_equal(i, n);
	assert_null(vakt_registry_at(n));
	for (i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			assert_string_not_equal(vakt_registry_at(i)->id, vakt_registry_at(j)->id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_table_listed),
	    cmocka_unit_test(test_rules_name_their_domain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
