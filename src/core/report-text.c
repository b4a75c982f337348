/* SPDX-License-Identifier: MIT */
/*
 * The text report, for people at a terminal: findings grouped by file, each
 * with its source line and a caret under the offending region, the first
 * sentence of the fix and the rule's name; input errors; and a summary line
 * that always ends with " in N.NNNs" (the golden tests normalise it).
 *
 * Paths, messages and snippets come from the input: characters that could
 * drive the terminal (controls, escape sequences, bidi overrides, broken
 * UTF-8) are shown as '?'. Colour is the caller's decision (opts->color).
 */
#include "report-priv.h"

/* Widest piece of a source line shown, in terminal columns. */
#define TEXT_SNIPPET_COLS 100
/* Columns kept before a region that starts beyond TEXT_SNIPPET_COLS. */
#define TEXT_CONTEXT_COLS 20
/* Tab stops in shown source lines. */
#define TEXT_TAB_WIDTH 4

#define TEXT_ELLIPSIS     "..."
#define TEXT_ELLIPSIS_LEN 3

#define C_RESET  "\033[0m"
#define C_BOLD   "\033[1m"
#define C_DIM    "\033[2m"
#define C_GREEN  "\033[32m"
#define C_ERROR  "\033[1;31m"
#define C_GUTTER "\033[2m"

static const char *const sev_color[VAKT_SEV_COUNT] = {
    [VAKT_SEV_INFO] = "\033[2m",        [VAKT_SEV_LOW] = "\033[34m",
    [VAKT_SEV_MEDIUM] = "\033[33m",     [VAKT_SEV_HIGH] = "\033[31m",
    [VAKT_SEV_CRITICAL] = "\033[1;91m",
};

static const char *const sev_label[VAKT_SEV_COUNT] = {
    [VAKT_SEV_INFO] = "INFO", [VAKT_SEV_LOW] = "LOW",           [VAKT_SEV_MEDIUM] = "MEDIUM",
    [VAKT_SEV_HIGH] = "HIGH", [VAKT_SEV_CRITICAL] = "CRITICAL",
};

/* Widest severity label, for alignment. */
#define TEXT_SEV_WIDTH 8

struct text_ctx {
	FILE *f;
	bool color;
};

static void text_on(const struct text_ctx *t, const char *code)
{
	if (t->color)
		fputs(code, t->f);
}

static void text_off(const struct text_ctx *t)
{
	if (t->color)
		fputs(C_RESET, t->f);
}

static enum vakt_severity sev_clamp(enum vakt_severity s)
{
	return (unsigned)s < VAKT_SEV_COUNT ? s : VAKT_SEV_INFO;
}

/*
 * Write n bytes of s as prose: line breaks and tabs become spaces, anything
 * else unsafe becomes '?'.
 */
static void text_put_prose(FILE *f, const char *s, size_t n)
{
	char *c = vakt_xstrndup(s, n);

	for (char *p = c; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	vakt_fputs_safe(f, c, 0);
	free(c);
}

/*
 * The length of the first sentence of s[0..n): up to a period followed by a
 * space and a word that does not start in lower case, skipping "e.g." and
 * "i.e." style abbreviations. All of it when there is no such period.
 */
static size_t first_sentence(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		size_t j = i + 1;

		if (s[i] != '.' || s[j] != ' ')
			continue;
		if (i >= 2 && s[i - 2] == '.')
			continue; /* the second period of "e.g." */
		while (j < n && s[j] == ' ')
			j++;
		if (j < n && !(s[j] >= 'a' && s[j] <= 'z'))
			return i + 1;
	}
	return n;
}

/*
 * The short form of a rule's remediation. Registry remediations are prose
 * with example lines indented by two spaces. When the first line leads into
 * an example ("...:" or "e.g."), show that line and the example lines after
 * it; otherwise the first sentence of the first line.
 */
static void text_fix(const struct text_ctx *t, const char *rem)
{
	const char *nl = strchr(rem, '\n');
	size_t len = nl ? (size_t)(nl - rem) : strlen(rem);
	bool example = nl && vakt_starts_with(nl + 1, "  ");

	fputs("    ", t->f);
	text_on(t, C_GREEN);
	fputs("fix:", t->f);
	text_off(t);
	fputc(' ', t->f);
	text_put_prose(t->f, rem, example ? len : first_sentence(rem, len));
	fputc('\n', t->f);
	if (!example)
		return;
	for (const char *l = nl + 1; vakt_starts_with(l, "  ");) {
		nl = strchr(l, '\n');
		len = nl ? (size_t)(nl - l) : strlen(l);
		/* Under the text after "fix: ", keeping the example's own indent. */
		fputs("         ", t->f);
		text_put_prose(t->f, l, len);
		fputc('\n', t->f);
		if (!nl)
			break;
		l = nl + 1;
	}
}

/* "LINE:COL", "LINE" or "-", then " (object)". The caller frees it. */
static char *text_location(const struct vakt_location *l)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	if (l->line > 0 && l->column > 0)
		vakt_buf_addf(&b, "%d:%d", l->line, l->column);
	else if (l->line > 0)
		vakt_buf_addf(&b, "%d", l->line);
	else
		vakt_buf_adds(&b, "-");
	return vakt_buf_detach(&b);
}

/* One shown character of a source line. */
struct text_cell {
	size_t off; /* byte offset in the line */
	size_t len; /* bytes */
	int col;    /* 0-based display column */
	int width;  /* display columns */
	char show;  /* ' ' for a tab, '?' for an unsafe byte, 0: the bytes themselves */
};

/* Cut line into display cells; *width is the line's display width. The caller frees the array. */
static struct text_cell *text_cells(const char *line, size_t len, size_t *n, int *width)
{
	struct text_cell *v = vakt_xcalloc(len ? len : 1, sizeof(*v));
	size_t k = 0;
	int col = 0;

	for (size_t off = 0; off < len;) {
		long cp;
		size_t l = vakt_report_utf8_next(line + off, &cp);
		struct text_cell *c = &v[k++];

		c->off = off;
		c->len = l;
		c->col = col;
		c->width = 1;
		if (cp == '\t') {
			c->show = ' ';
			c->width = TEXT_TAB_WIDTH - col % TEXT_TAB_WIDTH;
		} else if (vakt_report_cp_unsafe(cp)) {
			c->show = '?';
		}
		col += c->width;
		off += l;
	}
	*n = k;
	*width = col;
	return v;
}

/* Decimal digits of v >= 0. */
static int digits(int v)
{
	int n = 1;

	for (; v >= 10; v /= 10)
		n++;
	return n;
}

/*
 * Print the source line with a gutter, and a caret line under the region
 * [column, end_column] when the location has a column. A line wider than
 * TEXT_SNIPPET_COLS is cut around the region, with ellipses where cut.
 */
static void text_snippet(const struct text_ctx *t, const struct vakt_finding *x)
{
	const struct vakt_location *l = &x->loc;
	const char *line = x->snippet;
	size_t len = strlen(line), n;
	int width, gutter, ds = -1, de = -1, ws = 0, lead, avail;
	struct text_cell *cells;

	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	cells = text_cells(line, len, &n, &width);
	gutter = digits(l->line > 0 ? l->line : 0);

	/* The region in display columns [ds, de). */
	if (l->column > 0) {
		size_t rs = (size_t)l->column - 1, re = rs + 1;

		if (l->end_line > l->line)
			re = len > rs ? len : rs + 1;
		else if (l->end_column >= l->column)
			re = (size_t)l->end_column;
		ds = width;
		for (size_t i = 0; i < n; i++) {
			if (cells[i].off + cells[i].len > rs && ds == width)
				ds = cells[i].col;
			if (cells[i].off < re)
				de = cells[i].col + cells[i].width;
		}
		if (de <= ds)
			de = ds + 1;
	}

	/* The window [ws, ws + avail) of display columns that is shown. */
	if (width > TEXT_SNIPPET_COLS && ds > TEXT_SNIPPET_COLS - TEXT_CONTEXT_COLS)
		ws = ds - TEXT_CONTEXT_COLS;
	lead = ws > 0 ? TEXT_ELLIPSIS_LEN : 0;
	avail = TEXT_SNIPPET_COLS - lead;
	if (width - ws > avail)
		avail -= TEXT_ELLIPSIS_LEN;

	fputs("    ", t->f);
	text_on(t, C_GUTTER);
	fprintf(t->f, "%d |", l->line > 0 ? l->line : 0);
	text_off(t);
	fputc(' ', t->f);
	if (lead)
		fputs(TEXT_ELLIPSIS, t->f);
	for (size_t i = 0; i < n; i++) {
		const struct text_cell *c = &cells[i];

		if (c->col + c->width > ws + avail)
			break;
		if (c->col < ws) {
			/* A tab that straddles the cut: keep the columns inside the window. */
			for (int k = ws; k < c->col + c->width; k++)
				fputc(' ', t->f);
			continue;
		}
		if (c->show)
			for (int k = 0; k < c->width; k++)
				fputc(c->show, t->f);
		else
			fwrite(line + c->off, 1, c->len, t->f);
	}
	if (width - ws > avail)
		fputs(TEXT_ELLIPSIS, t->f);
	fputc('\n', t->f);

	if (ds >= 0) {
		int from = lead + ds - ws, to = lead + de - ws;
		int max = lead + avail + (width - ws > avail ? TEXT_ELLIPSIS_LEN : 0);

		if (to > max)
			to = max;
		if (from >= to)
			from = to - 1;
		fprintf(t->f, "    %*s ", gutter, "");
		text_on(t, C_GUTTER);
		fputc('|', t->f);
		text_off(t);
		fprintf(t->f, " %*s", from, "");
		text_on(t, sev_color[sev_clamp(x->severity)]);
		for (int k = from; k < to; k++)
			fputc('^', t->f);
		text_off(t);
		fputc('\n', t->f);
	}
	free(cells);
}

static void text_finding(const struct text_ctx *t, const struct vakt_finding *x, int loc_width)
{
	const struct vakt_rule *r = x->rule;
	enum vakt_severity sev = sev_clamp(x->severity);
	char *loc = text_location(&x->loc);
	const char *label = sev_label[sev];

	fprintf(t->f, "  %s", loc);
	if (x->loc.object) {
		fputs(" (", t->f);
		vakt_fputs_safe(t->f, x->loc.object, 0);
		fputc(')', t->f);
	}
	fprintf(t->f, "%*s  ", loc_width - (int)strlen(loc), "");
	text_on(t, sev_color[sev]);
	fputs(label, t->f);
	text_off(t);
	fprintf(t->f, "%*s  %s  ", TEXT_SEV_WIDTH - (int)strlen(label), "", r->id);
	if (x->message)
		text_put_prose(t->f, x->message, strlen(x->message));
	if (x->suppressed) {
		text_on(t, C_DIM);
		fputs(" (suppressed", t->f);
		if (x->suppress_reason) {
			fputs(": ", t->f);
			text_put_prose(t->f, x->suppress_reason, strlen(x->suppress_reason));
		}
		fputc(')', t->f);
		text_off(t);
	}
	fputc('\n', t->f);
	if (x->snippet)
		text_snippet(t, x);
	if (r->remediation && *r->remediation)
		text_fix(t, r->remediation);
	fputs("    ", t->f);
	text_on(t, C_DIM);
	fprintf(t->f, "rule: %s", r->slug ? r->slug : r->id);
	if (r->title)
		fprintf(t->f, ": %s", r->title);
	text_off(t);
	fputc('\n', t->f);
	free(loc);
}

/*
 * Width of the widest "LINE:COL" of idx[from, to), for alignment. An object
 * path follows its location and shifts only its own line.
 */
static int text_loc_width(const struct vakt_scan_result *res, const size_t *idx, size_t from,
                          size_t to)
{
	int w = 0;

	for (size_t i = from; i < to; i++) {
		const struct vakt_finding *x = &res->findings.v[idx[i]];
		char *loc = text_location(&x->loc);
		int lw = (int)strlen(loc);

		if (lw > w)
			w = lw;
		free(loc);
	}
	return w;
}

static void text_count(const struct text_ctx *t, size_t n, const char *what, const char *color)
{
	if (n && color)
		text_on(t, color);
	fprintf(t->f, "%zu %s", n, what);
	if (n && color)
		text_off(t);
}

/*
 * "3 findings (0 critical, 1 high, 1 medium, 1 low, 0 info), 1 suppressed,
 * 1 error in 3 files in 0.012s", or "no findings in 3 files in 0.002s" when
 * there is nothing at all to count, or "nothing scanned: 1 error in 0.001s"
 * when no input could be read.
 */
static void text_summary(const struct text_ctx *t, const struct vakt_scan_result *res)
{
	struct vakt_report_counts c;

	vakt_report_count(res, &c);
	if (!res->files_scanned && res->errors.n && !c.findings && !c.suppressed) {
		/* "no findings" would read as a clean result: nothing was read at all. */
		text_on(t, C_BOLD);
		fputs("nothing scanned", t->f);
		text_off(t);
		fputs(": ", t->f);
		text_count(t, res->errors.n, res->errors.n == 1 ? "error" : "errors", C_ERROR);
		fprintf(t->f, " in %.3fs\n", res->elapsed);
		return;
	}
	text_on(t, C_BOLD);
	if (c.findings)
		fprintf(t->f, "%zu finding%s", c.findings, c.findings == 1 ? "" : "s");
	else
		fputs("no findings", t->f);
	text_off(t);
	if (c.findings) {
		fputs(" (", t->f);
		for (int s = VAKT_SEV_COUNT - 1; s >= 0; s--) {
			text_count(t, c.by_sev[s], vakt_severity_name((enum vakt_severity)s),
			           sev_color[s]);
			fputs(s ? ", " : ")", t->f);
		}
	}
	if (c.findings || c.suppressed || res->errors.n) {
		fprintf(t->f, ", %zu suppressed, ", c.suppressed);
		text_count(t, res->errors.n, res->errors.n == 1 ? "error" : "errors", C_ERROR);
	}
	fprintf(t->f, " in %zu file%s in %.3fs", res->files_scanned,
	        res->files_scanned == 1 ? "" : "s", res->elapsed);
	/* A filtered run must not read as a cleaner one. */
	if (res->hidden)
		fprintf(t->f, "; %zu more below the --severity filter", res->hidden);
	fputc('\n', t->f);
}

static const char *finding_file(const struct vakt_finding *x)
{
	return x->loc.file ? x->loc.file : "";
}

int vakt_report_text(FILE *f, const struct vakt_scan_result *res, const struct vakt_report_opts *o)
{
	struct text_ctx t = {f, o->color};
	size_t n;
	size_t *idx = vakt_report_order(res, o, &n);

	for (size_t i = 0; i < n;) {
		const char *file = finding_file(&res->findings.v[idx[i]]);
		size_t end = i;
		int w;

		while (end < n && !strcmp(finding_file(&res->findings.v[idx[end]]), file))
			end++;
		w = text_loc_width(res, idx, i, end);
		text_on(&t, C_BOLD);
		vakt_fputs_safe(f, *file ? file : "-", 0);
		text_off(&t);
		fputc('\n', f);
		for (; i < end; i++) {
			text_finding(&t, &res->findings.v[idx[i]], w);
			fputc('\n', f);
		}
	}
	/* Input errors are printed once, on stderr, by the CLI; the summary counts them. */
	text_summary(&t, res);
	free(idx);
	return vakt_report_finish(f);
}
