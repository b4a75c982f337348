/* SPDX-License-Identifier: MIT */
/*
 * Inline suppressions in compose files, shell scripts, Makefiles and CI
 * files, in the Dockerfile domain's syntax:
 *   # vakt ignore=ID[,ID] [-- reason]       the line below and what starts there
 *   # vakt ignore-file=ID[,ID] [-- reason]  the whole file
 * Only comment lines may sit between the pragma and its target; a blank
 * line breaks the link. "# vakt is great" is prose, not a pragma; a comment
 * that starts "# vakt ignore" but is malformed is an error.
 */
#include <errno.h>
#include <stdarg.h>

#include "ctr-settings.h"

/* One comment line's text after '#'. */
struct pragma_line {
	const char *s;
	size_t n;
	size_t i;
	int line; /* 1-based */
	int col;  /* column of s[0] */
};

static void skip_ws(struct pragma_line *c)
{
	while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t'))
		c->i++;
}

static bool eat(struct pragma_line *c, const char *lit)
{
	size_t n = strlen(lit);

	if (c->n - c->i < n || memcmp(c->s + c->i, lit, n))
		return false;
	c->i += n;
	return true;
}

static bool id_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '-' || ch == '.' || ch == ':' || ch == '/';
}

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

/* The line a pragma at `line` covers: the next non-comment line, 0 when a blank line comes first.
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

static void pragma_error(struct vakt_error_list *errs, const struct vakt_source *src,
                         const struct pragma_line *c, const char *fmt, ...) VAKT_PRINTF(4, 5);

static void pragma_error(struct vakt_error_list *errs, const struct vakt_source *src,
                         const struct pragma_line *c, const char *fmt, ...)
{
	struct vakt_error *err = NULL;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set_at(&err, -EINVAL, src->path, c->line, c->col + (int)c->i, "%s", msg);
	vakt_error_list_add(errs, err);
	free(msg);
}

static void pragma_one(const struct vakt_source *src, struct pragma_line *c,
                       ctr_pragma_extent_fn extent, void *data, struct vakt_suppressions *sup,
                       struct vakt_error_list *errs)
{
	struct vakt_strv ids = VAKT_STRV_INIT;
	struct vakt_suppression *s;
	char *reason = NULL;
	size_t w0, w1;
	bool whole_file;
	int first = 0, last = 0;

	skip_ws(c);
	w0 = c->i;
	while (c->i < c->n && ((c->s[c->i] >= 'a' && c->s[c->i] <= 'z') || c->s[c->i] == '-'))
		c->i++;
	w1 = c->i;
	if (w1 - w0 < 6 || memcmp(c->s + w0, "ignore", 6))
		return;
	if (w1 - w0 == 6) {
		whole_file = false;
	} else if (w1 - w0 == 11 && !memcmp(c->s + w0, "ignore-file", 11)) {
		whole_file = true;
	} else {
		c->i = w0;
		pragma_error(errs, src, c,
		             "unknown vakt pragma '%.*s': expected '# vakt ignore=ID[,ID] [-- "
		             "reason]' or '# vakt ignore-file=ID[,ID] [-- reason]'",
		             (int)(w1 - w0), c->s + w0);
		return;
	}
	skip_ws(c);
	if (!eat(c, "=")) {
		pragma_error(errs, src, c,
		             "malformed vakt pragma: expected '=' and rule ids after '%.*s'",
		             (int)(w1 - w0), c->s + w0);
		return;
	}
	for (;;) {
		size_t id0;

		skip_ws(c);
		id0 = c->i;
		while (c->i < c->n && id_char(c->s[c->i]) &&
		       !(c->i == id0 && c->n - c->i >= 2 && !memcmp(c->s + c->i, "--", 2)))
			c->i++;
		if (c->i == id0) {
			pragma_error(errs, src, c,
			             "malformed vakt pragma: expected a rule id at '%.*s'",
			             (int)(c->n - c->i > 20 ? 20 : c->n - c->i), c->s + c->i);
			vakt_strv_release(&ids);
			return;
		}
		vakt_strv_push_take(&ids, vakt_xstrndup(c->s + id0, c->i - id0));
		skip_ws(c);
		if (!eat(c, ","))
			break;
	}
	if (eat(c, "--")) {
		size_t r0, r1 = c->n;

		skip_ws(c);
		r0 = c->i;
		while (r1 > r0 && (c->s[r1 - 1] == ' ' || c->s[r1 - 1] == '\t'))
			r1--;
		if (r1 > r0)
			reason = vakt_xstrndup(c->s + r0, r1 - r0);
	} else if (c->i < c->n) {
		pragma_error(errs, src, c,
		             "malformed vakt pragma: unexpected '%.*s' after the rule ids: "
		             "expected ',' or '-- reason'",
		             (int)(c->n - c->i > 20 ? 20 : c->n - c->i), c->s + c->i);
		vakt_strv_release(&ids);
		return;
	}
	if (!whole_file) {
		first = pragma_target(src, c->line);
		if (!first) {
			/* Nothing directly below: the pragma covers nothing. */
			vakt_strv_release(&ids);
			free(reason);
			return;
		}
		last = extent ? extent(first, data) : first;
		if (last < first)
			last = first;
	}
	s = vakt_suppressions_push(sup);
	s->origin = "vakt";
	s->line = c->line;
	s->first_line = first;
	s->last_line = last;
	s->rules = ids;
	s->reason = reason;
}

void ctr_pragmas_collect(const struct vakt_source *src, ctr_pragma_extent_fn extent, void *data,
                         struct vakt_suppressions *sup, struct vakt_error_list *errs)
{
	/* Cheap test first: most files have no pragma at all. */
	if (!src->data || !memmem(src->data, src->len, "vakt", 4))
		return;
	for (int line = 1; line <= (int)src->n_lines; line++) {
		size_t n, i;
		const char *l = src_line(src, line, &n);
		struct pragma_line c;

		if (!l)
			break;
		i = first_text(l, n);
		if (i == n || l[i] != '#')
			continue;
		c.s = l + i + 1;
		c.n = n - i - 1;
		c.i = 0;
		c.line = line;
		c.col = (int)i + 2;
		skip_ws(&c);
		if (!eat(&c, "vakt") || (c.i < c.n && c.s[c.i] != ' ' && c.s[c.i] != '\t'))
			continue;
		pragma_one(src, &c, extent, data, sup, errs);
	}
}
