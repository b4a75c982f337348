/* SPDX-License-Identifier: MIT */
/*
 * The vakt pragma grammar (pragma.h) and the comment-line collector shared
 * by the line-based domains (compose, runline, Kubernetes manifests).
 */
#include <errno.h>

#include "pragma.h"

bool vakt_pragma_cur_at_ws(const struct vakt_pragma_cur *c)
{
	return c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t');
}

void vakt_pragma_cur_skip_ws(struct vakt_pragma_cur *c)
{
	while (vakt_pragma_cur_at_ws(c))
		c->i++;
}

bool vakt_pragma_cur_eat(struct vakt_pragma_cur *c, const char *lit)
{
	size_t n = strlen(lit);

	if (c->n - c->i < n || memcmp(c->s + c->i, lit, n))
		return false;
	c->i += n;
	return true;
}

/* How many bytes from the cursor an error message quotes. */
static int cur_excerpt(const struct vakt_pragma_cur *c)
{
	size_t left = c->n - c->i;

	return (int)(left > VAKT_PRAGMA_MAX_EXCERPT ? VAKT_PRAGMA_MAX_EXCERPT : left);
}

static bool id_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '-' || ch == '.' || ch == ':' || ch == '/';
}

void vakt_pragma_release(struct vakt_pragma *p)
{
	vakt_strv_release(&p->rules);
	free(p->reason);
	memset(p, 0, sizeof(*p));
}

/* The rule ids after '=': ID[,ID]..., blanks around commas; false at a missing id. */
static bool parse_ids(struct vakt_pragma_cur *c, struct vakt_strv *ids)
{
	for (;;) {
		size_t id0;

		vakt_pragma_cur_skip_ws(c);
		id0 = c->i;
		/* "--" where an id should start is the reason, not an id. */
		while (c->i < c->n && id_char(c->s[c->i]) &&
		       !(c->i == id0 && c->n - c->i >= 2 && !memcmp(c->s + c->i, "--", 2)))
			c->i++;
		if (c->i == id0)
			return false;
		vakt_strv_push_take(ids, vakt_xstrndup(c->s + id0, c->i - id0));
		vakt_pragma_cur_skip_ws(c);
		if (!vakt_pragma_cur_eat(c, ","))
			return true;
	}
}

/* What follows "--": the reason with its blanks trimmed, NULL when empty. */
static char *parse_reason(struct vakt_pragma_cur *c)
{
	size_t r0, r1 = c->n;

	vakt_pragma_cur_skip_ws(c);
	r0 = c->i;
	while (r1 > r0 && (c->s[r1 - 1] == ' ' || c->s[r1 - 1] == '\t'))
		r1--;
	return r1 > r0 ? vakt_xstrndup(c->s + r0, r1 - r0) : NULL;
}

int vakt_pragma_parse(const char *text, size_t len, unsigned flags, const char *path, int line,
                      int col, struct vakt_pragma *out, struct vakt_error **err)
{
	struct vakt_pragma_cur c = {text, len, 0};
	const char *word;
	int wlen;
	char *example;
	int r = 0;

	memset(out, 0, sizeof(*out));
	vakt_pragma_cur_skip_ws(&c);
	if (!vakt_pragma_cur_eat(&c, "vakt") || (c.i < c.n && !vakt_pragma_cur_at_ws(&c)))
		return 0;
	vakt_pragma_cur_skip_ws(&c);
	word = c.s + c.i;
	while (c.i < c.n && ((c.s[c.i] >= 'a' && c.s[c.i] <= 'z') || c.s[c.i] == '-'))
		c.i++;
	wlen = (int)(c.s + c.i - word);
	/* "# vakt is great" is prose; only "# vakt ignore..." is a pragma. */
	if (wlen < 6 || memcmp(word, "ignore", 6))
		return 0;
	if (wlen == 11 && !memcmp(word, "ignore-file", 11)) {
		out->whole_file = true;
	} else if (wlen != 6) {
		return vakt_error_set_at(err, -EINVAL, path, line, col + (int)(word - text),
		                         "unknown vakt pragma '%.*s': expected '# vakt "
		                         "ignore=ID[,ID] [-- reason]' or '# vakt "
		                         "ignore-file=ID[,ID] [-- reason]'",
		                         wlen, word);
	}
	example = flags & VAKT_PRAGMA_EXAMPLE
	              ? vakt_xasprintf(", as in '# vakt %.*s=ID[,ID] [-- reason]'", wlen, word)
	              : vakt_xstrdup("");
	vakt_pragma_cur_skip_ws(&c);
	if (!vakt_pragma_cur_eat(&c, "=")) {
		r = vakt_error_set_at(err, -EINVAL, path, line, col + (int)c.i,
		                      "malformed vakt pragma: expected '=' and rule ids after "
		                      "'%.*s'%s",
		                      wlen, word, example);
	} else if (!parse_ids(&c, &out->rules)) {
		r = vakt_error_set_at(err, -EINVAL, path, line, col + (int)c.i,
		                      "malformed vakt pragma: expected a rule id at '%.*s'%s",
		                      cur_excerpt(&c), c.s + c.i, example);
	} else if (vakt_pragma_cur_eat(&c, "--")) {
		out->reason = parse_reason(&c);
	} else if (c.i < c.n) {
		r = vakt_error_set_at(err, -EINVAL, path, line, col + (int)c.i,
		                      "malformed vakt pragma: unexpected '%.*s' after the rule "
		                      "ids: expected ',' or '-- reason'",
		                      cur_excerpt(&c), c.s + c.i);
	}
	free(example);
	if (r < 0) {
		vakt_pragma_release(out);
		return r;
	}
	return 1;
}

void vakt_pragma_add(struct vakt_suppressions *sup, struct vakt_pragma *p, int line, int first,
                     int last)
{
	struct vakt_suppression *s = vakt_suppressions_push(sup);

	s->origin = "vakt";
	s->line = line;
	s->first_line = first;
	s->last_line = last;
	s->rules = p->rules;
	s->reason = p->reason;
	memset(p, 0, sizeof(*p));
}

/* --- comment lines ------------------------------------------------------------ */

/* Line `line` of src without its newline and trailing '\r'; NULL past the end. */
static const char *src_line(const struct vakt_source *src, int line, size_t *len)
{
	const char *l = vakt_source_line(src, line, len);

	if (l && *len && l[*len - 1] == '\r')
		(*len)--;
	return l;
}

/* Offset of the first non-blank byte of l, or n when blank. */
static size_t first_text(const char *l, size_t n)
{
	size_t i = 0;

	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	return i;
}

/* The line a pragma at `line` covers: the next non-comment line; 0 when a blank line comes first.
 */
static int pragma_target(const struct vakt_source *src, int line)
{
	for (int t = line + 1; t <= (int)src->n_lines; t++) {
		size_t n, i;
		const char *l = src_line(src, t, &n);

		if (!l)
			return 0;
		i = first_text(l, n);
		if (i == n)
			return 0;
		if (l[i] != '#')
			return t;
	}
	return 0;
}

void vakt_pragmas_collect(const struct vakt_source *src, int (*extent)(int line, void *data),
                          void *data, struct vakt_suppressions *sup, struct vakt_error_list *errs)
{
	/* Cheap test first: most files have no pragma at all. */
	if (!src->data || !memmem(src->data, src->len, "vakt", 4))
		return;
	for (int line = 1; line <= (int)src->n_lines; line++) {
		struct vakt_pragma p;
		struct vakt_error *err = NULL;
		size_t n, i;
		const char *l = src_line(src, line, &n);
		int r, first = 0, last = 0;

		if (!l)
			break;
		i = first_text(l, n);
		if (i == n || l[i] != '#')
			continue;
		/* Columns count from 1; the text after '#' is at i + 2. */
		r = vakt_pragma_parse(l + i + 1, n - i - 1, 0, src->path, line, (int)i + 2, &p,
		                      &err);
		if (r < 0)
			vakt_error_list_add(errs, err);
		if (r <= 0)
			continue;
		if (!p.whole_file) {
			first = pragma_target(src, line);
			if (!first) {
				/* Nothing directly below: the pragma covers nothing. */
				vakt_pragma_release(&p);
				continue;
			}
			last = extent ? extent(first, data) : first;
			if (last < first)
				last = first;
		}
		vakt_pragma_add(sup, &p, line, first, last);
	}
}
