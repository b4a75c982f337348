/* SPDX-License-Identifier: MIT */
/*
 * Maven's version ordering (ComparableVersion of maven-artifact), written
 * from Maven's "Version Order Specification" and ComparableVersion's
 * documented behaviour:
 *
 *   - the lower-cased version splits at '.', at '-' and where digits and
 *     other characters meet; an empty part is 0. A '-', and a change between
 *     digits and letters, opens a sub-list that holds everything after it, so
 *     "1.0-alpha-1" is [1, 0, [alpha, [1]]];
 *   - numbers compare by value and after qualifiers; qualifiers by rank,
 *     alpha < beta < milestone < rc = cr < snapshot < "" = ga = final =
 *     release < sp, unknown ones after sp in ASCII order; "a1", "b1", "m1"
 *     are alpha-1, beta-1, milestone-1;
 *   - in each list, null items (0, "", ga, final, release) at its end are
 *     dropped, and an empty sub-list with them;
 *   - then the items compare in turn, a missing one as null (the whole rest
 *     of the longer version against nothing, as Maven does since MNG-6964),
 *     "-qualifier" = ".qualifier" < "-number" < ".number", as the
 *     specification has it.
 *
 * Maven's own comparison is not a total order on every string (it has
 * cycles such as 2.0.RC1 < 2 < 2-1 < 2.0.RC1). vakt's is: a qualifier after
 * a '.' opens a list of its own, as Maven 3.9 does for one at the end
 * (1.0.RC1 is 1.0-RC1), which leaves a 0 that is not dropped always followed
 * by a greater number in its list; then every item, and the padding, have
 * one place in a single order (mvn_class()) and versions compare as
 * sequences, lexicographically.
 *
 * The lists form a chain (a sub-list is always its parent's last item), so
 * the comparison is one walk over both strings: an item is produced when it
 * is needed, and whether a null item is trailing is known from one look
 * ahead to the next item that is not null, remembered so that no byte is
 * looked at more than three times.
 */
#include <stdbool.h>
#include <string.h>

#include "core/util.h"
#include "pkg/pkg-version-priv.h"
#include "pkg/pkg-version.h"

enum mvn_kind { MVN_END, MVN_SUB, MVN_INT, MVN_STR };

struct mvn_item {
	enum mvn_kind kind;
	struct pkg_version_span text; /* INT: digits (empty is 0); STR: as written */
	size_t pos;                   /* where it starts; SUB: where its list starts */
	int rank;                     /* STR: 0 alpha .. 6 sp, 7 unknown */
	bool null;
};

/*
 * ComparableVersion's parse loop, one event (an item or the opening of a
 * sub-list) per call; a step of the loop makes at most three, queued.
 */
struct mvn_raw {
	const char *s;
	size_t n, i, start, items; /* items: in the current list so far */
	struct mvn_item q[3];
	unsigned nq, hq;
	bool digit, done;
};

struct mvn_it {
	struct mvn_raw raw;
	size_t last, keep_until, skip_until; /* last: start of the last item that is not null */
	bool any, first;                     /* first: the next item opens its list */
};

static char mvn_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool mvn_is(struct pkg_version_span t, const char *word)
{
	size_t n = strlen(word);

	if (t.n != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (mvn_lower(t.s[i]) != word[i])
			return false;
	return true;
}

static int mvn_rank(struct pkg_version_span t, bool before_digit)
{
	static const char *const words[] = {"alpha", "beta",     "milestone", "rc",
	                                    "cr",    "snapshot", "",          "ga",
	                                    "final", "release",  "sp"};
	static const int ranks[] = {0, 1, 2, 3, 3, 4, 5, 5, 5, 5, 6};

	if (before_digit && t.n == 1) {
		char c = mvn_lower(*t.s);

		if (c == 'a' || c == 'b' || c == 'm')
			return c == 'a' ? 0 : c == 'b' ? 1 : 2;
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(ranks); i++)
		if (mvn_is(t, words[i]))
			return ranks[i];
	return 7;
}

static struct mvn_item mvn_make(const struct mvn_raw *r, size_t from, size_t to, bool digit,
                                bool before_digit)
{
	struct mvn_item it = {MVN_INT, {r->s + from, to - from}, from, 0, true};

	if (digit) {
		for (size_t k = from; k < to; k++)
			it.null = it.null && r->s[k] == '0';
		return it;
	}
	it.kind = MVN_STR;
	it.rank = mvn_rank(it.text, before_digit);
	it.null = it.rank == 5;
	return it;
}

static void mvn_push(struct mvn_raw *r, struct mvn_item it)
{
	if (it.kind == MVN_STR && r->items) {
		/* A qualifier opens its own list (Maven 3.9 does so at the end:
		 * "1.0.0.X1 < 1.0.0-X2"; vakt everywhere, see the file comment). */
		mvn_push(r, (struct mvn_item){MVN_SUB, {r->s + it.pos, 0}, it.pos, 0, false});
	}
	r->items = it.kind == MVN_SUB ? 0 : r->items + 1;
	r->q[r->nq++] = it;
}

static struct mvn_item mvn_raw_next(struct mvn_raw *r)
{
	while (r->hq == r->nq) {
		r->hq = r->nq = 0;
		if (r->i < r->n) {
			size_t i = r->i++;
			char c = r->s[i];
			bool d = pkg_version_is_digit(c);

			if (c == '.' || c == '-') {
				mvn_push(
				    r, mvn_make(r, r->start, i, r->digit || i == r->start, false));
				r->start = i + 1;
				if (c == '-')
					mvn_push(r,
					         (struct mvn_item){
					             MVN_SUB, {r->s + i + 1, 0}, i + 1, 0, false});
			} else if (d != r->digit && i > r->start) {
				mvn_push(r, mvn_make(r, r->start, i, r->digit, d));
				mvn_push(r, (struct mvn_item){MVN_SUB, {r->s + i, 0}, i, 0, false});
				r->start = i;
				r->digit = d;
			} else {
				r->digit = d;
			}
		} else if (!r->done) {
			r->done = true;
			if (r->n > r->start)
				mvn_push(r, mvn_make(r, r->start, r->n, r->digit, false));
		} else {
			return (struct mvn_item){MVN_END, {r->s + r->n, 0}, r->n + 1, 0, false};
		}
	}
	return r->q[r->hq++];
}

static void mvn_init(struct mvn_it *it, const char *v)
{
	struct mvn_raw scan;
	struct mvn_item x;

	memset(it, 0, sizeof(*it));
	it->raw.s = v;
	it->raw.n = strlen(v);
	scan = it->raw;
	while ((x = mvn_raw_next(&scan)).kind != MVN_END)
		if (x.kind != MVN_SUB && !x.null)
			it->last = x.pos, it->any = true;
}

/* The next item after normalisation: trailing nulls and empty sub-lists dropped. */
static struct mvn_item mvn_next(struct mvn_it *it)
{
	static const struct mvn_item end = {MVN_END, {"", 0}, 0, 0, false};

	for (;;) {
		struct mvn_item x = mvn_raw_next(&it->raw);

		if (x.kind == MVN_END || !it->any || x.pos > it->last)
			return end; /* nothing but nulls from here */
		if (x.kind == MVN_SUB || !x.null || x.pos < it->keep_until)
			return x;
		if (x.pos < it->skip_until)
			continue;
		/* A null item: kept when an item that is not null follows in its list. */
		struct mvn_raw look = it->raw;
		struct mvn_item y;

		while ((y = mvn_raw_next(&look)).kind != MVN_END && y.kind != MVN_SUB && y.null)
			;
		if (y.kind == MVN_END || y.kind == MVN_SUB) {
			it->skip_until = y.pos;
			continue;
		}
		it->keep_until = y.pos;
		return x;
	}
}

/*
 * Where an item stands in the one order all items and the padding share:
 * qualifiers before release, then the padding ("", ga, a trailing 0), then
 * sp and unknown qualifiers, then numbers that open a list ("-1"), then
 * numbers that follow one in theirs (".1").
 */
static int mvn_class(const struct mvn_item *x)
{
	if (x->kind == MVN_END)
		return 1;
	if (x->kind == MVN_STR)
		return x->rank < 5 ? 0 : x->rank == 5 ? 1 : x->rank == 6 ? 2 : 3;
	return x->pos ? 4 : 5; /* pos holds "opens its list" here */
}

static int mvn_cmp_item(const struct mvn_item *x, const struct mvn_item *y)
{
	int cx = mvn_class(x), cy = mvn_class(y);

	if (cx != cy)
		return cx < cy ? -1 : 1;
	if (cx >= 4)
		return pkg_version_cmp_digits(x->text, y->text);
	if (cx == 0)
		return (x->rank > y->rank) - (x->rank < y->rank);
	if (cx != 3)
		return 0;
	for (size_t k = 0; k < x->text.n && k < y->text.n; k++) {
		unsigned char p = (unsigned char)mvn_lower(x->text.s[k]);
		unsigned char q = (unsigned char)mvn_lower(y->text.s[k]);

		if (p != q)
			return p < q ? -1 : 1;
	}
	return (x->text.n > y->text.n) - (x->text.n < y->text.n);
}

/* The next item that is not a list opening; pos says whether it opens its list. */
static struct mvn_item mvn_next_item(struct mvn_it *it)
{
	struct mvn_item x;

	while ((x = mvn_next(it)).kind == MVN_SUB)
		it->first = true;
	x.pos = it->first;
	it->first = false;
	return x;
}

int pkg_version_maven_cmp(const char *a, const char *b)
{
	struct mvn_it ia, ib;

	mvn_init(&ia, a);
	mvn_init(&ib, b);
	for (;;) {
		struct mvn_item x = mvn_next_item(&ia), y = mvn_next_item(&ib);
		int r;

		if (x.kind == MVN_END && y.kind == MVN_END)
			return 0;
		r = mvn_cmp_item(&x, &y);
		if (r)
			return r;
	}
}

enum pkg_version_verdict pkg_version_maven_check(const char *v, const char **why)
{
	if (why)
		*why = *v ? NULL : "version string is empty";
	return *v ? PKG_VERSION_OK : PKG_VERSION_BAD;
}
