/* SPDX-License-Identifier: MIT */
/*
 * vakt fix's engine (core/fix.h): edits added, overlaps refused (the first
 * added wins), duplicates merged, the result applied, the unified diff
 * computed from the edits (exact cases, and random edits whose diff, applied
 * by a small patch reader, gives the result again), and the in-place writer
 * (mode kept, symlinks written through, backups, a file changed meanwhile
 * refused).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/fix.h"
#include "core/scan.h"
#include "core/source.h"

static const struct vakt_rule rule_a = {.id = "T1"}, rule_b = {.id = "T2"};

/* An edit list against a text, planned on demand (core/edit.h + core/fix.h). */
struct tl {
	const char *data;
	size_t len;
	struct vakt_edits l;
	struct vakt_fix_plan p;
};

static void tl_init(struct tl *t, const char *data, size_t len)
{
	memset(t, 0, sizeof(*t));
	t->data = data;
	t->len = len;
}

static void add(struct tl *t, size_t off, size_t del, const char *ins, const struct vakt_rule *r)
{
	vakt_edits_add(&t->l, off, del, ins, r, "note");
}

static size_t plan(struct tl *t)
{
	vakt_fix_plan_release(&t->p);
	return vakt_fix_plan_make(&t->p, t->data, t->len, &t->l);
}

static void tl_release(struct tl *t)
{
	vakt_fix_plan_release(&t->p);
	vakt_edits_release(&t->l);
}

static char *apply_str(struct tl *t)
{
	size_t n;

	plan(t);
	return vakt_fix_apply(&t->p, &n);
}

static char *diff_str(struct tl *t, const char *path)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	plan(t);
	vakt_fix_diff(&t->p, path, 3, &b);
	vakt_buf_addc(&b, '\0');
	return vakt_buf_detach(&b);
}

static void test_invalid(void **state)
{
	struct tl t;
	char *big = vakt_xcalloc(VAKT_FIX_MAX_INSERT + 2, 1);

	(void)state;
	tl_init(&t, "abc", 3);
	add(&t, 4, 0, "x", &rule_a); /* past the end */
	add(&t, 2, 2, "x", &rule_a); /* deletes past the end */
	add(&t, 3, 0, "x", &rule_a); /* at the end: fine */
	memset(big, 'a', VAKT_FIX_MAX_INSERT + 1);
	add(&t, 0, 0, big, &rule_a);  /* too long */
	add(&t, 0, 0, NULL, &rule_a); /* nothing */
	assert_int_equal(plan(&t), 2);
	for (size_t i = 0; i < t.p.n; i++)
		assert_int_equal(t.p.v[i].state, t.p.v[i].seq == 2 || t.p.v[i].seq == 4
		                                     ? VAKT_EDIT_APPLIED
		                                     : VAKT_EDIT_INVALID);
	free(big);
	tl_release(&t);
}

static void test_overlaps(void **state)
{
	struct tl t;
	char *s;

	(void)state;
	tl_init(&t, "0123456789", 10);
	add(&t, 2, 3, "X", &rule_a); /* [2,5) */
	add(&t, 4, 2, "Y", &rule_b); /* overlaps */
	add(&t, 3, 0, "Z", &rule_b); /* inside */
	add(&t, 2, 0, "<", &rule_b); /* at its start: fine */
	add(&t, 5, 0, ">", &rule_b); /* at its end: fine */
	add(&t, 2, 3, "X", &rule_b); /* the same */
	add(&t, 8, 0, "a", &rule_a);
	add(&t, 8, 0, "b", &rule_b); /* the same place: after it */
	assert_int_equal(plan(&t), 5);
	assert_int_equal(t.p.applied, 5);
	for (size_t i = 0; i < t.p.n; i++) {
		const struct vakt_fix_step *ed = &t.p.v[i];
		enum vakt_edit_state want;

		switch (ed->seq) {
		case 1:
		case 2:
			want = VAKT_EDIT_CONFLICT;
			break;
		case 5:
			want = VAKT_EDIT_DUPLICATE;
			break;
		default:
			want = VAKT_EDIT_APPLIED;
		}
		assert_int_equal(ed->state, want);
		assert_string_equal(ed->note, "note");
	}
	s = apply_str(&t);
	assert_string_equal(s, "01<X>567ab89");
	free(s);
	tl_release(&t);
}

static void test_apply_order(void **state)
{
	struct tl t;
	char *s;

	(void)state;
	tl_init(&t, "abc", 3);
	/* A replacement made before an insertion at its offset: the insertion comes first. */
	add(&t, 1, 1, "B", &rule_a);
	add(&t, 1, 0, "+", &rule_a);
	s = apply_str(&t);
	assert_string_equal(s, "a+Bc");
	free(s);
	tl_release(&t);
	/* Insertions at one place: in the order made. */
	tl_init(&t, "RUN x", 5);
	add(&t, 5, 0, " && rm", &rule_a);
	add(&t, 5, 0, "\nUSER 1", &rule_b);
	s = apply_str(&t);
	assert_string_equal(s, "RUN x && rm\nUSER 1");
	free(s);
	tl_release(&t);
}

struct diff_case {
	const char *name, *text;
	size_t off, del;
	const char *ins, *want;
};

static const struct diff_case diff_cases[] = {
    {"replace", "a\nb\nc\nd\ne\nf\ng\nh\ni\n", 8, 1, "E",
     "--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"},
    {"append-no-newline", "FROM x\nCMD y", 12, 0, "\nUSER 1",
     "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n FROM x\n-CMD y\n\\ No newline at end of file\n"
     "+CMD y\n+USER 1\n\\ No newline at end of file\n"},
    {"context-no-newline", "a\nb\nc", 0, 1, "A",
     "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n-a\n+A\n b\n c\n\\ No newline at end of file\n"},
    {"crlf", "a\r\nb\r\nc\r\n", 3, 1, "B",
     "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n"},
    {"empty-file", "", 0, 0, "x\n", "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+x\n"},
    {"insert-line", "a\nb\n", 2, 0, "new\n", "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n+new\n b\n"},
    {"delete-line", "a\nb\nc\n", 2, 2, "", "--- a/f\n+++ b/f\n@@ -1,3 +1,2 @@\n a\n-b\n c\n"},
    {"no-op", "a\nb\n", 0, 1, "a", ""},
    {"at-end", "a\nb\n", 4, 0, "c\n", "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n b\n+c\n"},
};

static void test_diff_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(diff_cases) / sizeof(diff_cases[0]); i++) {
		const struct diff_case *c = &diff_cases[i];
		struct tl t;
		char *d;

		tl_init(&t, c->text, strlen(c->text));
		add(&t, c->off, c->del, c->ins, &rule_a);
		d = diff_str(&t, "f");
		if (strcmp(d, c->want))
			fail_msg("%s: got\n%s\nwant\n%s", c->name, d, c->want);
		free(d);
		tl_release(&t);
	}
}

static void test_diff_hunks(void **state)
{
	struct vakt_buf t = VAKT_BUF_INIT;
	struct tl e;
	char *d;

	(void)state;
	for (int i = 1; i <= 20; i++)
		vakt_buf_addf(&t, "%d\n", i);
	/* Lines 2 and 9: apart by 6 lines of context, one hunk; line 17: a hunk of its own. */
	tl_init(&e, t.data, t.len);
	add(&e, 2, 1, "two", &rule_a);
	add(&e, 16, 1, "nine", &rule_a);
	add(&e, 39, 0, "new\n", &rule_b);
	d = diff_str(&e, "n");
	assert_string_equal(d,
	                    "--- a/n\n+++ b/n\n"
	                    "@@ -1,12 +1,12 @@\n 1\n-2\n+two\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+nine\n"
	                    " 10\n 11\n 12\n"
	                    "@@ -14,6 +14,7 @@\n 14\n 15\n 16\n+new\n 17\n 18\n 19\n");
	free(d);
	tl_release(&e);
	vakt_buf_release(&t);
}

/* ---- property: random edits, applied and diffed ---------------------------- */

/* A tiny patch reader: old text + our diff -> new text, or NULL when the diff does not fit. */
static char *patch(const char *old, const char *diff)
{
	struct vakt_buf out = VAKT_BUF_INIT;
	const char *o = old, *d = diff;

	if (!*d)
		return vakt_xstrdup(old);
	d = strchr(d, '\n') + 1; /* --- */
	d = strchr(d, '\n') + 1; /* +++ */
	while (*d) {
		unsigned long a, b = 1;
		char *end;
		size_t line = 1;

		if (strncmp(d, "@@ -", 4))
			goto bad;
		a = strtoul(d + 4, &end, 10);
		if (*end == ',')
			b = strtoul(end + 1, &end, 10);
		/* Copy the old lines before the hunk. */
		for (const char *p = old; p != o; p++)
			line += *p == '\n';
		while (line < (b ? a : a + 1)) {
			const char *nl = strchr(o, '\n');

			if (!nl)
				goto bad;
			vakt_buf_add(&out, o, (size_t)(nl - o) + 1);
			o = nl + 1;
			line++;
		}
		d = strchr(d, '\n') + 1;
		while (*d == ' ' || *d == '-' || *d == '+') {
			const char *nl = strchr(d, '\n');
			size_t n = (size_t)(nl - d); /* without the diff's newline */
			bool eol = strncmp(nl + 1, "\\ No newline", 12) != 0;

			if (*d != '+') {
				/* The old text must hold this line. */
				if (strncmp(o, d + 1, n - 1) ||
				    (eol ? o[n - 1] != '\n' : o[n - 1] != '\0'))
					goto bad;
				if (*d == ' ')
					vakt_buf_add(&out, o, n - 1 + eol);
				o += n - 1 + eol;
			} else {
				vakt_buf_add(&out, d + 1, n - 1);
				if (eol)
					vakt_buf_addc(&out, '\n');
			}
			d = nl + 1;
			if (!eol)
				d = strchr(d, '\n') + 1;
		}
	}
	vakt_buf_adds(&out, o);
	vakt_buf_addc(&out, '\0');
	return vakt_buf_detach(&out);
bad:
	vakt_buf_release(&out);
	return NULL;
}

static bool ref_overlap(const struct vakt_fix_step *a, const struct vakt_fix_step *b)
{
	if (a->del && b->del)
		return a->off < b->off + b->del && b->off < a->off + a->del;
	if (!a->del && !b->del)
		return false;
	if (!a->del)
		return a->off > b->off && a->off < b->off + b->del;
	return b->off > a->off && b->off < a->off + a->del;
}

static void test_random_edits(void **state)
{
	static const char *const words[] = {"FROM", "RUN", "x", "", "  y", "\t", "z z z"};
	static const char *const ins[] = {"", "a", "\n", "b\n", "\r\n", "new line\nmore\n", "c"};
	unsigned seed = 12345;

	(void)state;
	for (int round = 0; round < 3000; round++) {
		struct vakt_buf t = VAKT_BUF_INIT, ref = VAKT_BUF_INIT;
		struct tl tl;
		const struct vakt_fix_plan *e = &tl.p;
		int lines = (int)(rand_r(&seed) % 30);
		bool crlf = rand_r(&seed) % 4 == 0;
		char *got, *d, *back;
		size_t n_edits = rand_r(&seed) % 8, got_len;

		for (int i = 0; i < lines; i++)
			vakt_buf_addf(&t, "%s%s", words[rand_r(&seed) % 7], crlf ? "\r\n" : "\n");
		if (rand_r(&seed) % 3 == 0)
			vakt_buf_adds(&t, "tail"); /* no newline at the end */
		tl_init(&tl, t.data ? t.data : "", t.len);
		for (size_t i = 0; i < n_edits; i++) {
			size_t off = t.len ? rand_r(&seed) % (t.len + 1) : 0;
			size_t del = off < t.len && rand_r(&seed) % 2
			                 ? rand_r(&seed) % (t.len - off + 1)
			                 : 0;
			const char *s = ins[rand_r(&seed) % 7];

			add(&tl, off, del % 12, s, &rule_a);
		}
		plan(&tl);
		/* The applied ones overlap none of each other; each refused one overlaps an
		 * earlier. */
		for (size_t i = 0; i < e->n; i++) {
			bool hit = false;

			for (size_t j = 0; j < e->n; j++) {
				if (i == j || e->v[j].state != VAKT_EDIT_APPLIED)
					continue;
				if (e->v[i].state == VAKT_EDIT_APPLIED)
					assert_false(ref_overlap(&e->v[i], &e->v[j]));
				else if (e->v[j].seq < e->v[i].seq &&
				         (e->v[i].state == VAKT_EDIT_DUPLICATE
				              ? e->v[i].off == e->v[j].off &&
				                    e->v[i].del == e->v[j].del &&
				                    !strcmp(e->v[i].ins, e->v[j].ins)
				              : ref_overlap(&e->v[i], &e->v[j])))
					hit = true;
			}
			if (e->v[i].state == VAKT_EDIT_CONFLICT ||
			    e->v[i].state == VAKT_EDIT_DUPLICATE)
				assert_true(hit);
		}
		/* The reference: walk the text byte by byte. */
		for (size_t pos = 0; pos <= t.len; pos++) {
			bool skip = false;

			for (size_t i = 0; i < e->n; i++) {
				const struct vakt_fix_step *ed = &e->v[i];

				if (ed->state != VAKT_EDIT_APPLIED)
					continue;
				if (ed->off == pos && !ed->del)
					vakt_buf_add(&ref, ed->ins, ed->ins_len);
			}
			for (size_t i = 0; i < e->n; i++) {
				const struct vakt_fix_step *ed = &e->v[i];

				if (ed->state != VAKT_EDIT_APPLIED || !ed->del)
					continue;
				if (ed->off == pos)
					vakt_buf_add(&ref, ed->ins, ed->ins_len);
				if (pos >= ed->off && pos < ed->off + ed->del)
					skip = true;
			}
			if (pos < t.len && !skip)
				vakt_buf_addc(&ref, t.data[pos]);
		}
		vakt_buf_addc(&ref, '\0');
		got = vakt_fix_apply(e, &got_len);
		assert_string_equal(got, ref.data);
		d = diff_str(&tl, "Dockerfile");
		back = patch(t.data ? t.data : "", d);
		if (!back || strcmp(back, got))
			fail_msg("round %d: the diff does not give the result\n%s", round, d);
		if (!strcmp(got, t.data ? t.data : ""))
			assert_string_equal(d, "");
		free(back);
		free(d);
		free(got);
		tl_release(&tl);
		vakt_buf_release(&t);
		vakt_buf_release(&ref);
	}
}

/* ---- the context fixers run in ------------------------------------------ */

static int fixed;

static void fake_fix(struct vakt_fix_ctx *ctx, const struct vakt_finding *f)
{
	fixed++;
	assert_ptr_equal(ctx->rule, f->rule);
	assert_int_equal(vakt_fix_edit(ctx, 0, 0, "x", "note %d", 7), 0);
	vakt_fix_skip(ctx, f, "because %s", "reasons");
}

static void test_fix_ctx(void **state)
{
	static const struct vakt_rule with = {.id = "W1", .fix = fake_fix};
	char file[] = "Dockerfile";
	struct vakt_finding f1 = {.rule = &with, .loc = {.file = file, .line = 3}};
	struct vakt_finding f2 = {.rule = &rule_a};
	const struct vakt_finding *todo[] = {&f1, &f2};
	struct vakt_config *c = vakt_config_new();
	struct vakt_scan_opts o;
	struct vakt_strv skipped = {0};
	struct vakt_edits e = {0};
	struct vakt_fix_ctx ctx = {0};
	struct vakt_source *src = vakt_source_from_mem("f", "ab\ncd\n", 6);
	bool configured;

	(void)state;
	vakt_scan_opts_init(&o, c);
	ctx.src = src;
	ctx.opts = &o;
	ctx.edits = &e;
	ctx.skipped = &skipped;
	fixed = 0;
	vakt_fix_run(&ctx, todo, 2);
	assert_int_equal(fixed, 1);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.v[0].note, "note 7");
	assert_ptr_equal(e.v[0].rule, &with);
	assert_int_equal(vakt_fix_edit(&ctx, 7, 0, "x", NULL), -ERANGE);
	assert_int_equal(vakt_fix_edit(&ctx, 5, 2, "x", NULL), -ERANGE);
	assert_int_equal(e.n, 1);
	assert_int_equal(skipped.n, 1);
	assert_string_equal(skipped.v[0], "Dockerfile:3: W1 not fixed: because reasons");
	assert_int_equal(vakt_fix_uid(&o, &configured), VAKT_FIX_DEFAULT_UID);
	assert_false(configured);
	c->has_fix_uid = true;
	c->fix_uid = 4242;
	assert_int_equal(vakt_fix_uid(&o, &configured), 4242);
	assert_true(configured);
	assert_int_equal(vakt_fix_offset(src, 2, 1), 3);
	assert_int_equal(vakt_fix_offset(src, 2, 3), 5);
	assert_int_equal(vakt_fix_offset(src, 2, 5), (size_t)-1);
	assert_int_equal(vakt_fix_offset(src, 9, 1), (size_t)-1);
	assert_int_equal(vakt_fix_offset(src, 0, 1), (size_t)-1);
	vakt_source_free(src);
	vakt_strv_release(&skipped);
	vakt_edits_release(&e);
	vakt_config_free(c);
}

/* ---- the in-place writer ---------------------------------------------------- */

static char *slurp(const char *path)
{
	struct vakt_source *s = NULL;
	struct vakt_error *err = NULL;
	char *r;

	assert_int_equal(vakt_source_read(path, 1 << 20, &s, &err), 0);
	r = vakt_xstrdup(s->data);
	vakt_source_free(s);
	return r;
}

static void put(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

static void test_write(void **state)
{
	char dir[] = "/tmp/vakt-test-fix-XXXXXX";
	char *file, *link, *bak, *got;
	struct vakt_fix_stamp st;
	struct vakt_error *err = NULL;
	struct stat sb;
	int n = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	file = vakt_xasprintf("%s/Dockerfile", dir);
	link = vakt_xasprintf("%s/link", dir);
	bak = vakt_xasprintf("%s/Dockerfile.orig", dir);
	put(file, "FROM a\n");
	assert_int_equal(chmod(file, 0640), 0);
	assert_int_equal(symlink("Dockerfile", link), 0);
	assert_int_equal(vakt_fix_stamp_of(link, &st, &err), 0);
	assert_int_equal(vakt_fix_write(link, &st, "FROM a\n", 7, "FROM b\n", 7, ".orig", &err), 0);
	got = slurp(file);
	assert_string_equal(got, "FROM b\n");
	free(got);
	got = slurp(bak);
	assert_string_equal(got, "FROM a\n");
	free(got);
	assert_int_equal(lstat(link, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode)); /* the link stays a link */
	assert_int_equal(stat(file, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0640);
	/* A stale stamp: refused, nothing written. */
	assert_int_equal(vakt_fix_write(file, &st, "FROM b\n", 7, "FROM c\n", 7, NULL, &err),
	                 -ESTALE);
	assert_non_null(strstr(err->msg, "changed since vakt fix read it"));
	vakt_error_free(err);
	err = NULL;
	/* The same stamp but other content: refused too. */
	assert_int_equal(vakt_fix_stamp_of(file, &st, &err), 0);
	assert_int_equal(vakt_fix_write(file, &st, "FROM x\n", 7, "FROM c\n", 7, NULL, &err),
	                 -ESTALE);
	vakt_error_free(err);
	err = NULL;
	got = slurp(file);
	assert_string_equal(got, "FROM b\n");
	free(got);
	/* A missing file, and a directory. */
	assert_true(vakt_fix_stamp_of("/nonexistent/x", &st, &err) < 0);
	vakt_error_free(err);
	err = NULL;
	assert_true(vakt_fix_write("/nonexistent/x", &st, "", 0, "", 0, NULL, &err) < 0);
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(vakt_fix_stamp_of(dir, &st, &err), 0);
	assert_int_equal(vakt_fix_write(dir, &st, "", 0, "", 0, NULL, &err), -EINVAL);
	vakt_error_free(err);
	err = NULL;
	/* No temporary file is left behind. */
	{
		char *cmd = vakt_xasprintf("ls -A %s | grep -c vakt-fix", dir);
		FILE *p = popen(cmd, "r");

		assert_non_null(p);
		assert_int_equal(fscanf(p, "%d", &n), 1);
		pclose(p);
		free(cmd);
		assert_int_equal(n, 0);
	}
	unlink(bak);
	unlink(link);
	unlink(file);
	rmdir(dir);
	free(file);
	free(link);
	free(bak);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_invalid),     cmocka_unit_test(test_overlaps),
	    cmocka_unit_test(test_apply_order), cmocka_unit_test(test_diff_cases),
	    cmocka_unit_test(test_diff_hunks),  cmocka_unit_test(test_random_edits),
	    cmocka_unit_test(test_fix_ctx),     cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
