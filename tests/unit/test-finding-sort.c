/* SPDX-License-Identifier: MIT */
/*
 * vakt_findings_sort(), vakt_findings_sort_unalloc() and
 * vakt_findings_sort_merge() order findings as a
 * stable sort by file, line, column, object, rule id and message would:
 * checked against such a sort, written plainly here, with file names stored
 * several times over (the strings of a list come from several pools), NULLs
 * and ties.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/finding.h"
#include "core/util.h"

static const struct vakt_rule rules[] = {
    {.id = "TST002"},
    {.id = "TST001"},
    {.id = "TST010"},
    {.id = "TST001"},
};

static int ref_str(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* The order as the scan has always defined it (finding.h). */
static int ref_cmp(const struct vakt_finding *a, const struct vakt_finding *b)
{
	int c;

	if ((c = ref_str(a->loc.file, b->loc.file)))
		return c;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.column != b->loc.column)
		return a->loc.column < b->loc.column ? -1 : 1;
	if ((c = ref_str(a->loc.object, b->loc.object)))
		return c;
	if ((c = strcmp(a->rule->id, b->rule->id)))
		return c;
	return ref_str(a->message, b->message);
}

/* A stable merge sort of v[0..n) by ref_cmp, through tmp. */
static void ref_sort(struct vakt_finding *v, struct vakt_finding *tmp, size_t n)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	ref_sort(v, tmp, h);
	ref_sort(v + h, tmp, n - h);
	while (i < h && j < n)
		tmp[k++] = ref_cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

/* Pseudo-random, the same every run. */
static uint32_t next(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* A copy of s for x: in l's pool when x is pooled (equal strings one copy), else x's own. */
static char *str_for(struct vakt_findings *l, const struct vakt_finding *x, const char *s)
{
	return x->pooled ? vakt_findings_intern(l, s) : vakt_xstrdup(s);
}

/*
 * n findings in random order. Most own their strings, so equal names sit at
 * different addresses; with `same`, about two in three take the file name
 * of the one before and are pooled, their strings interned in l as a
 * scan's are, so that equal names also share one address. seq numbers
 * each finding in its suppress_reason, to tell apart findings that compare
 * equal.
 */
static void build(struct vakt_findings *l, size_t n, uint32_t seed, bool same)
{
	char buf[64];

	for (size_t i = 0; i < n; i++) {
		struct vakt_finding *x = vakt_findings_push(l);
		uint32_t r = next(&seed);

		x->pooled = same && i && l->v[i - 1].loc.file && r % 3;
		if (r % 50) {
			snprintf(buf, sizeof(buf), "dir/%u/file-%u.yaml", r % 7, (r / 7) % 300);
			x->loc.file = str_for(l, x, x->pooled ? l->v[i - 1].loc.file : buf);
		}
		x->loc.line = (int)(next(&seed) % 20);
		x->loc.column = (int)(next(&seed) % 3);
		if (next(&seed) % 4) {
			snprintf(buf, sizeof(buf), "Deployment/ns/%u", next(&seed) % 3);
			x->loc.object = str_for(l, x, buf);
		}
		x->rule = &rules[next(&seed) % VAKT_ARRAY_SIZE(rules)];
		if (next(&seed) % 5) {
			snprintf(buf, sizeof(buf), "message %u", next(&seed) % 3);
			x->message = str_for(l, x, buf);
		}
		snprintf(buf, sizeof(buf), "%zu", i);
		x->suppress_reason = vakt_xstrdup(buf);
	}
}

/*
 * n findings from seed, their first `sorted` sorted by sort (one of the
 * two), then all by vakt_findings_sort_merge() (sorted == n: sort alone),
 * against the reference.
 */
static void check_sorted_by(void (*sort)(struct vakt_findings *l), size_t n, size_t sorted,
                            uint32_t seed, bool same)
{
	struct vakt_findings got = {0}, head;
	struct vakt_finding *want, *tmp;

	build(&got, n, seed, same);
	want = vakt_xcalloc(n ? n : 1, sizeof(*want));
	tmp = vakt_xcalloc(n ? n : 1, sizeof(*tmp));
	if (n)
		memcpy(want, got.v, n * sizeof(*want));
	ref_sort(want, tmp, n);
	if (sorted >= n) {
		sort(&got);
	} else {
		head = (struct vakt_findings){.v = got.v, .n = sorted, .cap = sorted};
		sort(&head);
		vakt_findings_sort_merge(&got, sorted);
	}
	assert_int_equal(got.n, n);
	/* The same findings in the same places: each owns its own suppress_reason. */
	for (size_t i = 0; i < n; i++)
		if (got.v[i].suppress_reason != want[i].suppress_reason)
			fail_msg("n %zu, sorted %zu: at %zu, finding %s where %s was expected", n,
			         sorted, i, got.v[i].suppress_reason, want[i].suppress_reason);
	free(want);
	free(tmp);
	vakt_findings_release(&got);
}

static void check_sorted(size_t n, size_t sorted, uint32_t seed, bool same)
{
	check_sorted_by(vakt_findings_sort, n, sorted, seed, same);
}

static void test_sort(void **state)
{
	(void)state;
	for (size_t n = 0; n < 40; n++)
		check_sorted(n, n, (uint32_t)n, n % 2);
	check_sorted(5000, 5000, 7, false);
	check_sorted(5001, 5001, 8, true);
}

/* The sort without malloc: the same order, ties and all. */
static void test_sort_unalloc(void **state)
{
	(void)state;
	for (size_t n = 0; n < 40; n++)
		check_sorted_by(vakt_findings_sort_unalloc, n, n, (uint32_t)n + 100, n % 2);
	check_sorted_by(vakt_findings_sort_unalloc, 5000, 5000, 7, false);
	check_sorted_by(vakt_findings_sort_unalloc, 5001, 5001, 8, true);
	/* As the scan uses it: a head sorted on its own, then the rest merged in. */
	check_sorted_by(vakt_findings_sort_unalloc, 6000, 4800, 14, true);
}

/* A sorted head and the rest merged in, from none sorted to all but one. */
static void test_sort_merge(void **state)
{
	(void)state;
	for (size_t n = 1; n < 30; n++)
		for (size_t k = 0; k < n; k++)
			check_sorted(n, k, (uint32_t)(n * 31 + k), k % 2);
	check_sorted(6000, 4800, 11, false);
	check_sorted(6000, 100, 12, true);
	check_sorted(6000, 5999, 13, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sort),
	    cmocka_unit_test(test_sort_unalloc),
	    cmocka_unit_test(test_sort_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
