/* SPDX-License-Identifier: MIT */
/*
 * Inline suppressions written as comments, in vakt's own syntax and in the
 * syntaxes users bring from other tools:
 *   # vakt ignore=ID[,ID] [-- reason]      the instruction below
 *   # vakt ignore-file=ID[,ID] [-- reason] the whole file
 *   # hadolint ignore=DL3008,DL3015        the instruction below
 *   # hadolint global ignore=...           the whole file
 *   # hadolint stage ignore=...            up to the next FROM
 *   # trivy:ignore:AVD-DS-0002             the instruction below
 *   # checkov:skip=CKV_DOCKER_2:reason     the whole file
 *   # check=skip=A,B (BuildKit directive)  the whole file
 * "Below" means directly: only comment lines may sit between the pragma and
 * the instruction; a blank line breaks the link. A pragma inside a continued
 * instruction covers that instruction. A malformed vakt pragma is an error;
 * the other tools' syntaxes are taken as leniently as those tools do. The
 * vakt syntax is core/pragma.c's grammar, shared with the other domains.
 */
#include "core/pragma.h"
#include "df-parse-priv.h"

static bool cur_at_end(const struct vakt_pragma_cur *c)
{
	return c->i >= c->n;
}

/* "vakt" or "hadolint" followed by a blank, at the start of the comment. */
static bool cur_eat_word(struct vakt_pragma_cur *c, const char *word)
{
	size_t save = c->i;

	if (vakt_pragma_cur_eat(c, word) && vakt_pragma_cur_at_ws(c))
		return true;
	c->i = save;
	return false;
}

bool df_pragma_candidate(const char *text, size_t len)
{
	struct vakt_pragma_cur c = {text, len, 0};

	vakt_pragma_cur_skip_ws(&c);
	return cur_eat_word(&c, "vakt") || cur_eat_word(&c, "hadolint") ||
	       vakt_pragma_cur_eat(&c, "trivy:ignore:") || vakt_pragma_cur_eat(&c, "checkov:skip=");
}

static struct vakt_suppression *pragma_push(struct df_parser *p, const char *origin, int line,
                                            int first, int last)
{
	struct vakt_suppression *s = vakt_suppressions_push(&p->f->sup);

	s->origin = origin;
	s->line = line;
	s->first_line = first;
	s->last_line = last;
	return s;
}

/* The line range of the instruction a comment sits above; false when none. */
static bool pragma_target(const struct df_parser *p, const struct df_comment *cm, int *first,
                          int *last)
{
	const struct df_instr *in;

	if (cm->target < 0 || (size_t)cm->target >= p->f->n_instrs)
		return false;
	in = &p->f->instrs[cm->target];
	*first = in->span.line;
	*last = in->span.end_line;
	return true;
}

/* A vakt pragma parsed by the core grammar, turned into a suppression. */
static void pragma_vakt(struct df_parser *p, const struct df_comment *cm, struct vakt_pragma *vp)
{
	int first = 0, last = 0;

	if (!vp->whole_file && !pragma_target(p, cm, &first, &last)) {
		/* Nothing directly below: the pragma covers nothing. */
		vakt_pragma_release(vp);
		return;
	}
	vakt_pragma_add(&p->f->sup, vp, cm->line, first, last);
}

/*
 * Whether s[0..n) is a code hadolint can have: one of its own rules (DL1xxx,
 * DL3xxx, DL4xxx) or a ShellCheck code (SCnnnn).
 */
static bool hadolint_code_valid(const char *s, size_t n)
{
	if (n != 6 ||
	    !((s[0] == 'D' && s[1] == 'L' && (s[2] == '1' || s[2] == '3' || s[2] == '4')) ||
	      (s[0] == 'S' && s[1] == 'C')))
		return false;
	for (size_t i = 2; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Why a hadolint ignore list was dropped. */
enum hadolint_fault {
	HADOLINT_NO_EQUALS,
	HADOLINT_BAD_CODE,
	HADOLINT_TRAILING,
};

/*
 * hadolint's code list: CODE[,CODE]... with blanks around commas, then end
 * or '#'. False when a code is not one hadolint can have or the list does
 * not end there: *fault says which, *bad the text index of the offending word.
 */
static bool hadolint_codes(struct vakt_pragma_cur *c, struct vakt_strv *out, size_t *bad,
                           enum hadolint_fault *fault)
{
	for (;;) {
		size_t c0;

		vakt_pragma_cur_skip_ws(c);
		c0 = c->i;
		while (c->i < c->n && c->s[c->i] != ',' && c->s[c->i] != '#' &&
		       !vakt_pragma_cur_at_ws(c))
			c->i++;
		*bad = c0;
		*fault = HADOLINT_BAD_CODE;
		if (c->i == c0 || !hadolint_code_valid(c->s + c0, c->i - c0))
			return false;
		vakt_strv_push_take(out, vakt_xstrndup(c->s + c0, c->i - c0));
		vakt_pragma_cur_skip_ws(c);
		if (!vakt_pragma_cur_eat(c, ","))
			break;
	}
	*bad = c->i;
	*fault = HADOLINT_TRAILING;
	return cur_at_end(c) || c->s[c->i] == '#';
}

/* Warn that a hadolint ignore comment is dropped, naming the word at text index bad. */
static void hadolint_warn(struct df_parser *p, const struct df_comment *cm,
                          const struct vakt_pragma_cur *c, size_t bad, enum hadolint_fault fault)
{
	static const char *const why[] = {
	    [HADOLINT_NO_EQUALS] = "expected '=' after 'ignore'",
	    [HADOLINT_BAD_CODE] = "is not a hadolint code (DL1nnn, DL3nnn, DL4nnn or SCnnnn)",
	    [HADOLINT_TRAILING] = "follows the codes (only ',' or a '#' comment may)",
	};
	size_t e = bad;

	while (e < c->n && e - bad < VAKT_PRAGMA_MAX_EXCERPT && c->s[e] != ',' && c->s[e] != ' ' &&
	       c->s[e] != '\t')
		e++;
	if (fault == HADOLINT_NO_EQUALS)
		df_parser_warning(
		    p, cm->line, cm->col + (int)bad,
		    "hadolint pragma dropped: %s; hadolint drops the whole comment, so "
		    "none of its codes is ignored",
		    why[fault]);
	else
		df_parser_warning(p, cm->line, cm->col + (int)bad,
		                  "hadolint pragma dropped: '%.*s' %s; hadolint drops the whole "
		                  "comment, so none of its codes is ignored",
		                  (int)(e - bad), c->s + bad, why[fault]);
}

/* The lines of the FROM instructions, ascending, for "stage ignore". */
struct from_lines {
	int *v;
	size_t n;
};

/* The line before the first FROM below `line`, or the last line of the file. */
static int pragma_stage_end(const struct df_parser *p, const struct from_lines *fl, int line)
{
	size_t lo = 0, hi = fl->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (fl->v[mid] <= line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < fl->n ? fl->v[lo] - 1 : p->last_line;
}

static void pragma_hadolint(struct df_parser *p, const struct df_comment *cm,
                            struct vakt_pragma_cur *c, const struct from_lines *fl)
{
	struct vakt_strv codes = VAKT_STRV_INIT;
	struct vakt_suppression *s;
	enum { NEXT, GLOBAL, STAGE } scope = NEXT;
	int first = 0, last = 0;
	size_t bad = 0;
	enum hadolint_fault fault;

	vakt_pragma_cur_skip_ws(c);
	if (cur_eat_word(c, "global"))
		scope = GLOBAL;
	else if (cur_eat_word(c, "stage"))
		scope = STAGE;
	vakt_pragma_cur_skip_ws(c);
	if (!vakt_pragma_cur_eat(c, "ignore"))
		return; /* "shell=" and others are not suppressions */
	vakt_pragma_cur_skip_ws(c);
	bad = c->i;
	fault = HADOLINT_NO_EQUALS;
	if (!vakt_pragma_cur_eat(c, "=") || !hadolint_codes(c, &codes, &bad, &fault)) {
		/* hadolint drops a pragma it cannot parse, every code of it; so do we, aloud. */
		hadolint_warn(p, cm, c, bad, fault);
		vakt_strv_release(&codes);
		return;
	}
	if (scope == STAGE && pragma_target(p, cm, &first, &last) &&
	    p->f->instrs[cm->target].kind == DF_FROM) {
		/* Above a FROM: that whole stage. */
		last = pragma_stage_end(p, fl, first);
	} else if (scope == STAGE) {
		first = cm->line;
		last = pragma_stage_end(p, fl, cm->line);
	} else if (scope == NEXT && !pragma_target(p, cm, &first, &last)) {
		vakt_strv_release(&codes);
		return;
	}
	s = pragma_push(p, "hadolint", cm->line, first, last);
	s->rules = codes;
}

/* # trivy:ignore:ID [trivy:ignore:ID]... */
static void pragma_trivy(struct df_parser *p, const struct df_comment *cm,
                         struct vakt_pragma_cur *c)
{
	int first, last;

	if (!pragma_target(p, cm, &first, &last))
		return;
	do {
		size_t i0 = c->i;
		struct vakt_suppression *s;

		while (c->i < c->n && c->s[c->i] != ' ' && c->s[c->i] != '\t' && c->s[c->i] != '[')
			c->i++;
		if (c->i == i0)
			return;
		s = pragma_push(p, "trivy", cm->line, first, last);
		vakt_strv_push_take(&s->rules, vakt_xstrndup(c->s + i0, c->i - i0));
		while (c->i < c->n && c->s[c->i] != ' ' && c->s[c->i] != '\t')
			c->i++; /* [exp:...] parameters */
		vakt_pragma_cur_skip_ws(c);
	} while (vakt_pragma_cur_eat(c, "trivy:ignore:"));
}

/* # checkov:skip=ID[,ID]:reason */
static void pragma_checkov(struct df_parser *p, const struct df_comment *cm,
                           struct vakt_pragma_cur *c)
{
	struct vakt_strv ids = VAKT_STRV_INIT;
	struct vakt_suppression *s;

	for (;;) {
		size_t i0 = c->i;

		while (c->i < c->n && c->s[c->i] != ',' && c->s[c->i] != ':' && c->s[c->i] != ' ' &&
		       c->s[c->i] != '\t')
			c->i++;
		if (c->i > i0)
			vakt_strv_push_take(&ids, vakt_xstrndup(c->s + i0, c->i - i0));
		if (!vakt_pragma_cur_eat(c, ","))
			break;
	}
	if (!ids.n)
		return;
	s = pragma_push(p, "checkov", cm->line, 0, 0);
	s->rules = ids;
	if (vakt_pragma_cur_eat(c, ":")) {
		size_t r1 = c->n;

		vakt_pragma_cur_skip_ws(c);
		while (r1 > c->i && (c->s[r1 - 1] == ' ' || c->s[r1 - 1] == '\t'))
			r1--;
		if (r1 > c->i)
			s->reason = vakt_xstrndup(c->s + c->i, r1 - c->i);
	}
}

void df_pragma_collect(struct df_parser *p)
{
	struct from_lines fl = {0};

	if (!p->n_comments)
		return;
	fl.v = vakt_xmalloc((p->f->n_instrs + 1) * sizeof(*fl.v));
	for (size_t i = 0; i < p->f->n_instrs; i++)
		if (p->f->instrs[i].kind == DF_FROM)
			fl.v[fl.n++] = p->f->instrs[i].span.line;
	for (size_t i = 0; i < p->n_comments; i++) {
		const struct df_comment *cm = &p->comments[i];
		struct vakt_pragma_cur c = {cm->text, cm->len, 0};
		struct vakt_pragma vp;
		struct vakt_error *err = NULL;
		int r = vakt_pragma_parse(cm->text, cm->len, VAKT_PRAGMA_EXAMPLE, p->src->path,
		                          cm->line, cm->col, &vp, &err);

		if (r < 0) {
			/* Through the parser, which counts errors against DF_MAX_ERRORS. */
			df_parser_error(p, err->line, err->column, "%s", err->msg);
			vakt_error_free(err);
			continue;
		}
		if (r > 0) {
			pragma_vakt(p, cm, &vp);
			continue;
		}
		vakt_pragma_cur_skip_ws(&c);
		if (cur_eat_word(&c, "hadolint"))
			pragma_hadolint(p, cm, &c, &fl);
		else if (vakt_pragma_cur_eat(&c, "trivy:ignore:"))
			pragma_trivy(p, cm, &c);
		else if (vakt_pragma_cur_eat(&c, "checkov:skip="))
			pragma_checkov(p, cm, &c);
	}
	free(fl.v);
}

void df_pragma_check_directive(struct df_parser *p, const char *value, int line)
{
	const char *v = value;

	/* check=skip=A,B;error=true */
	while (v && *v) {
		const char *semi = strchr(v, ';');
		size_t n = semi ? (size_t)(semi - v) : strlen(v);
		struct vakt_pragma_cur c = {v, n, 0};

		vakt_pragma_cur_skip_ws(&c);
		if (c.n - c.i >= 4 && !vakt_strncasecmp(c.s + c.i, "skip", 4)) {
			c.i += 4;
			vakt_pragma_cur_skip_ws(&c);
			if (vakt_pragma_cur_eat(&c, "=")) {
				struct vakt_suppression *s = pragma_push(p, "buildkit", line, 0, 0);

				while (!cur_at_end(&c)) {
					size_t i0, i1;

					vakt_pragma_cur_skip_ws(&c);
					i0 = c.i;
					while (c.i < c.n && c.s[c.i] != ',')
						c.i++;
					i1 = c.i;
					while (i1 > i0 &&
					       (c.s[i1 - 1] == ' ' || c.s[i1 - 1] == '\t'))
						i1--;
					if (i1 - i0 == 3 && !vakt_strncasecmp(c.s + i0, "all", 3))
						vakt_strv_push(&s->rules, "all");
					else if (i1 > i0)
						vakt_strv_push_take(
						    &s->rules, vakt_xstrndup(c.s + i0, i1 - i0));
					vakt_pragma_cur_eat(&c, ",");
				}
			}
		}
		v = semi ? semi + 1 : NULL;
	}
}
