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

#include "core/check.h"
#include "core/config.h"
#include "core/domain.h"
#include "core/rule.h"
#include "core/scan.h"
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
				/* A finding has a bit for each facet (finding.h). */
				for (size_t k = 0; r->facets && r->facets[k].name; k++)
					assert_true(k < VAKT_RULE_MAX_FACETS);
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

/* Every domain hands its values to the families: a domain that forgot would judge none. */
static void test_every_domain_has_values(void **state)
{
	(void)state;
	for (size_t d = 0; d < VAKT_ARRAY_SIZE(dispatch); d++)
		assert_non_null(dispatch[d]->values);
	assert_non_null(image_domain.values);
}

/* --- a domain of the test's own ------------------------------------------- */

static int amended;

static void own_check(struct vakt_check_ctx *ctx)
{
	vakt_check_emit(ctx, NULL, "thing", "%s is %d", "answer", 42);
}

static const struct vakt_rule own_rules[] = {
    {.id = "ZZ001",
     .slug = "own",
     .domain = "own",
     .severity = VAKT_SEV_HIGH,
     .title = "own",
     .check = own_check,
     .scope = VAKT_SCOPE_UNIT},
    {.id = "ZZ002",
     .slug = "own-set",
     .domain = "own",
     .severity = VAKT_SEV_HIGH,
     .title = "own, at the end",
     .check = own_check,
     .scope = VAKT_SCOPE_SET},
    {.id = NULL},
};
static const struct vakt_rule *const own_tables[] = {own_rules, NULL};

static void own_values(struct vakt_check_ctx *ctx)
{
	static const char region[] = "bucket in us-west-2";
	struct vakt_value image = {.kind = VAKT_VALUE_IMAGE,
	                           .text = "1.dkr.ecr.us-east-1.amazonaws.com/app:1",
	                           .object = "thing.image"};
	struct vakt_value text = {.kind = VAKT_VALUE_TEXT,
	                          .text = region,
	                          .len = sizeof(region) - 1,
	                          .object = "thing.env"};

	image.len = strlen(image.text);
	vakt_values_judge(ctx, &image);
	vakt_values_judge(ctx, &text);
}

/* What the domain adds to each finding: its own rules' and the families' alike. */
static void own_amend(const struct vakt_check_ctx *ctx, struct vakt_finding *f)
{
	assert_ptr_equal(ctx->about, &amended);
	amended++;
	f->facets = 1;
}

static const struct vakt_domain own_domain = {
    .name = "own", .tables = own_tables, .values = own_values, .amend = own_amend};
static const struct vakt_domain own_domain_no_values = {.name = "own", .tables = own_tables};

static const struct vakt_finding *find_rule(const struct vakt_findings *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].rule->id, id))
			return &l->v[i];
	return NULL;
}

/*
 * The engine runs the families on a domain's values after its unit rules
 * (the domain does not call them), every emit goes through the domain's
 * amend hook, and a context without a source names ctx->file.
 */
static void test_engine_runs_families(void **state)
{
	struct vakt_config *cfg = vakt_config_new();
	struct vakt_findings out = {0};
	struct vakt_scan_opts o;
	struct vakt_check_ctx ctx = {0};
	const struct vakt_finding *f;

	(void)state;
	vakt_scan_opts_init(&o, cfg);
	ctx.opts = &o;
	ctx.out = &out;
	ctx.file = "app.tar";
	ctx.about = &amended;
	amended = 0;
	vakt_rules_run(&ctx, &own_domain, VAKT_SCOPE_UNIT);
	assert_int_equal(out.n, 3);
	assert_int_equal(amended, 3);
	f = find_rule(&out, "ZZ001");
	assert_non_null(f);
	assert_string_equal(f->message, "answer is 42");
	assert_string_equal(f->loc.file, "app.tar");
	assert_int_equal(f->facets, 1);
	f = find_rule(&out, "RS001");
	assert_non_null(f);
	assert_string_equal(f->loc.object, "thing.image");
	assert_string_equal(f->loc.file, "app.tar");
	f = find_rule(&out, "RS002");
	assert_non_null(f);
	assert_string_equal(f->loc.object, "thing.env");
	/* The families switch ctx->rule and put it back. */
	assert_string_equal(ctx.rule->id, "ZZ001");
	/* Not per set, and not for a domain without values. */
	vakt_rules_run(&ctx, &own_domain, VAKT_SCOPE_SET);
	assert_int_equal(out.n, 4);
	assert_non_null(find_rule(&out, "ZZ002"));
	ctx.about = NULL;
	vakt_rules_run(&ctx, &own_domain_no_values, VAKT_SCOPE_UNIT);
	assert_int_equal(out.n, 5);
	vakt_findings_release(&out);
	vakt_config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_table_listed),
	    cmocka_unit_test(test_rules_name_their_domain),
	    cmocka_unit_test(test_every_domain_has_values),
	    cmocka_unit_test(test_engine_runs_families),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
