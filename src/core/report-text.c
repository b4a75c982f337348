/* SPDX-License-Identifier: MIT */
/*
 * The text report, for people at a terminal: findings grouped by file, most
 * severe first, and within a file by rule. The first finding of a rule in a
 * file shows its source line with a caret under the offending region, the
 * first sentence of the fix and the rule's name; the rule's other findings
 * in that file are one line each, so 57 services with the same fault read
 * as one explanation and 57 lines. A table of counts per rule closes a
 * report of many findings; --compact prints only that table (every rule,
 * with where it was first found), which fits a big repository on a screen. The
 * summary line always ends with " in N.NNNs" (the golden tests normalise it).
 *
 * Paths, messages and snippets come from the input: characters that could
 * drive the terminal (controls, escape sequences, bidi overrides, broken
 * UTF-8) are shown as '?'. Colour is the caller's decision (opts->color).
 */
#include "report-text-priv.h"

const char *const vakt_text_sev_color[VAKT_SEV_COUNT] = {
    [VAKT_SEV_INFO] = "\033[2m",        [VAKT_SEV_LOW] = "\033[34m",
    [VAKT_SEV_MEDIUM] = "\033[33m",     [VAKT_SEV_HIGH] = "\033[31m",
    [VAKT_SEV_CRITICAL] = "\033[1;91m",
};

const char *const vakt_text_sev_label[VAKT_SEV_COUNT] = {
    [VAKT_SEV_INFO] = "INFO", [VAKT_SEV_LOW] = "LOW",           [VAKT_SEV_MEDIUM] = "MEDIUM",
    [VAKT_SEV_HIGH] = "HIGH", [VAKT_SEV_CRITICAL] = "CRITICAL",
};

/* Widest piece of a source line shown, in terminal columns. */
#define TEXT_SNIPPET_COLS 100
/* Columns kept before a region that starts beyond TEXT_SNIPPET_COLS. */
#define TEXT_CONTEXT_COLS 20
/* Tab stops in shown source lines. */
#define TEXT_TAB_WIDTH 4

/*
 * Write n bytes of s as prose: line breaks and tabs become spaces, anything
 * else unsafe becomes '?'.
 */
void vakt_text_put_prose(FILE *f, const char *s, size_t n)
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
static bool text_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static size_t first_sentence(const char *s, size_t n)
{
	char quote = 0;

	for (size_t i = 0; i + 1 < n; i++) {
		size_t j = i + 1;

		/* 'COPY . .' and "a. b" are quoted text, not the end of a sentence. */
		if (s[i] == '\'' || s[i] == '"' || s[i] == '`') {
			if (!quote && (!i || !text_word_char(s[i - 1])))
				quote = s[i];
			else if (quote == s[i] && !text_word_char(s[j]))
				quote = 0;
			continue;
		}
		if (quote || s[i] != '.' || s[j] != ' ')
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
void vakt_text_fix(const struct text_ctx *t, const char *rem)
{
	const char *nl = strchr(rem, '\n');
	size_t len = nl ? (size_t)(nl - rem) : strlen(rem);
	bool example = nl && vakt_starts_with(nl + 1, "  ");

	fputs("    ", t->f);
	text_on(t, C_GREEN);
	fputs("fix:", t->f);
	text_off(t);
	fputc(' ', t->f);
	vakt_text_put_prose(t->f, rem, example ? len : first_sentence(rem, len));
	fputc('\n', t->f);
	if (!example)
		return;
	for (const char *l = nl + 1; vakt_starts_with(l, "  ");) {
		nl = strchr(l, '\n');
		len = nl ? (size_t)(nl - l) : strlen(l);
		/* Under the text after "fix: ", keeping the example's own indent. */
		fputs("         ", t->f);
		vakt_text_put_prose(t->f, l, len);
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
		text_on(t, vakt_text_sev_color[sev_clamp(x->severity)]);
		for (int k = from; k < to; k++)
			fputc('^', t->f);
		text_off(t);
		fputc('\n', t->f);
	}
	free(cells);
}

/* Columns of "LINE:COL (object)" as text_headline() prints it (loc is LINE:COL). */
static int text_loc_len(const struct vakt_finding *x, const char *loc)
{
	return (int)strlen(loc) + (x->loc.object ? (int)strlen(x->loc.object) + 3 : 0);
}

/* " (suppressed: reason)" after a suppressed finding's line, dimmed; nothing for the others. */
void vakt_text_suppressed(const struct text_ctx *t, const struct vakt_finding *x)
{
	if (!x->suppressed)
		return;
	text_on(t, C_DIM);
	fputs(" (suppressed", t->f);
	if (x->suppress_reason) {
		fputs(": ", t->f);
		vakt_text_put_prose(t->f, x->suppress_reason, strlen(x->suppress_reason));
	}
	fputc(')', t->f);
	text_off(t);
}

/* The finding's one line: location (object), severity, rule id, message. */
static void text_headline(const struct text_ctx *t, const struct vakt_finding *x, int loc_width)
{
	enum vakt_severity sev = sev_clamp(x->severity);
	char *loc = text_location(&x->loc);
	const char *label = vakt_text_sev_label[sev];
	int pad;

	fprintf(t->f, "  %s", loc);
	if (x->loc.object) {
		fputs(" (", t->f);
		vakt_fputs_safe(t->f, x->loc.object, 0);
		fputc(')', t->f);
	}
	pad = loc_width - text_loc_len(x, loc);
	fprintf(t->f, "%*s  ", pad > 0 ? pad : 0, "");
	text_on(t, vakt_text_sev_color[sev]);
	fputs(label, t->f);
	text_off(t);
	fprintf(t->f, "%*s  %s  ", TEXT_SEV_WIDTH - (int)strlen(label), "", x->rule->id);
	if (x->message)
		vakt_text_put_prose(t->f, x->message, strlen(x->message));
	vakt_text_suppressed(t, x);
	fputc('\n', t->f);
	free(loc);
}

/* The first finding of a rule in a file: its line, the source, the fix and the rule. */
static void text_finding(const struct text_ctx *t, const struct vakt_finding *x, int loc_width)
{
	const struct vakt_rule *r = x->rule;

	text_headline(t, x, loc_width);
	if (x->snippet)
		text_snippet(t, x);
	if (r->remediation && *r->remediation)
		vakt_text_fix(t, r->remediation);
	fputs("    ", t->f);
	text_on(t, C_DIM);
	fprintf(t->f, "rule: %s", r->slug ? r->slug : r->id);
	if (r->title)
		fprintf(t->f, ": %s", r->title);
	text_off(t);
	fputc('\n', t->f);
}

/*
 * Width of the widest "LINE:COL (object)" of idx[from, to), for alignment,
 * counting objects only up to TEXT_LOC_COLS: a longer object path (a
 * Kubernetes container's) shifts only its own line.
 */
static int text_loc_width(const struct vakt_scan_result *res, const size_t *idx, size_t from,
                          size_t to)
{
	int w = 0;

	for (size_t i = from; i < to; i++) {
		const struct vakt_finding *x = &res->findings.v[idx[i]];
		char *loc = text_location(&x->loc);
		int lw = text_loc_len(x, loc);

		if (lw > TEXT_LOC_COLS)
			lw = (int)strlen(loc);
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
static void text_summary(const struct text_ctx *t, const struct vakt_scan_result *res,
                         const struct vakt_report_opts *o)
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
			           vakt_text_sev_color[s]);
			fputs(s ? ", " : ")", t->f);
		}
	}
	if (c.findings || c.suppressed || res->errors.n) {
		fprintf(t->f, ", %zu suppressed, ", c.suppressed);
		text_count(t, res->errors.n, res->errors.n == 1 ? "error" : "errors", C_ERROR);
	}
	/* A host audit reads probes, not files: count what they saw. */
	if (o->n_observations && !res->files_scanned)
		fprintf(t->f, " from %zu observation%s in %.3fs", o->n_observations,
		        o->n_observations == 1 ? "" : "s", res->elapsed);
	else
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

/* A finding of one file's range, with the key its rule group sorts by. */
struct text_item {
	size_t idx;       /* into res->findings */
	size_t first;     /* position in the file of the rule's first finding */
	size_t pos;       /* position in the file */
	const void *rule; /* the rule, as a group key */
	int sev;
	bool suppressed;
};

static int item_rule_cmp(const void *pa, const void *pb)
{
	const struct text_item *a = pa, *b = pb;

	if (a->rule != b->rule)
		return (uintptr_t)a->rule < (uintptr_t)b->rule ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/*
 * Findings that count before suppressed ones, most severe rule first; a rule's
 * findings together, in file order. A suppressed finding never heads a group
 * in place of one that counts.
 */
static int item_show_cmp(const void *pa, const void *pb)
{
	const struct text_item *a = pa, *b = pb;

	if (a->suppressed != b->suppressed)
		return a->suppressed ? 1 : -1;
	if (a->sev != b->sev)
		return a->sev > b->sev ? -1 : 1;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* The findings idx[from, to) of one file, in showing order. The caller frees the array. */
static struct text_item *text_items(const struct vakt_scan_result *res, const size_t *idx,
                                    size_t from, size_t to)
{
	size_t n = to - from;
	struct text_item *v = vakt_xcalloc(n ? n : 1, sizeof(*v));

	for (size_t k = 0; k < n; k++) {
		const struct vakt_finding *x = &res->findings.v[idx[from + k]];

		v[k] = (struct text_item){.idx = idx[from + k],
		                          .pos = k,
		                          .rule = x->rule,
		                          .sev = (int)sev_clamp(x->severity),
		                          .suppressed = x->suppressed};
	}
	/* By rule to find each rule's first position, then into showing order. */
	qsort(v, n, sizeof(*v), item_rule_cmp);
	for (size_t k = 0; k < n; k++)
		v[k].first = k && v[k - 1].rule == v[k].rule ? v[k - 1].first : v[k].pos;
	qsort(v, n, sizeof(*v), item_show_cmp);
	return v;
}

/* Whether x has an id of its own (an advisory); details alone do not make one. */
static bool text_advisory(const struct vakt_scan_result *res, const struct vakt_finding *x)
{
	const struct vakt_finding_ext *e = vakt_findings_ext_of(&res->findings, x);

	return e && e->id;
}

/* One file's findings: a full block for a rule's first finding, one line for the others. */
static void text_file(const struct text_ctx *t, const struct vakt_scan_result *res,
                      const size_t *idx, size_t from, size_t to)
{
	size_t n = 0, n_vuln = 0;
	size_t *vulns = vakt_xcalloc(to - from ? to - from : 1, sizeof(*vulns));
	size_t *rest = vakt_xcalloc(to - from ? to - from : 1, sizeof(*rest));
	struct text_item *v;
	int w;

	/* Advisories go to a block of their own, after the file's other findings. */
	for (size_t k = from; k < to; k++) {
		if (text_advisory(res, &res->findings.v[idx[k]]))
			vulns[n_vuln++] = idx[k];
		else
			rest[n++] = idx[k];
	}
	v = text_items(res, rest, 0, n);
	w = text_loc_width(res, rest, 0, n);
	free(rest);
	for (size_t k = 0; k < n;) {
		size_t end = k + 1;

		while (end < n && v[end].rule == v[k].rule && v[end].sev == v[k].sev &&
		       v[end].suppressed == v[k].suppressed)
			end++;
		text_finding(t, &res->findings.v[v[k].idx], w);
		for (size_t j = k + 1; j < end; j++)
			text_headline(t, &res->findings.v[v[j].idx], w);
		fputc('\n', t->f);
		k = end;
	}
	if (n_vuln)
		vakt_text_vulns(t, res, vulns, n_vuln);
	free(vulns);
	free(v);
}

/* One row of the closing table: a rule's unsuppressed findings and the files they are in. */
struct text_row {
	const struct vakt_rule *rule;
	int sev; /* effective (a configured override shows) */
	size_t findings, files;
	const struct vakt_finding *first; /* in file, line order */
};

/* A finding as the table counts it; order keeps the report's file and line order. */
struct text_key {
	const struct vakt_finding *x;
	size_t order;
	int sev;
};

static int key_cmp(const void *pa, const void *pb)
{
	const struct text_key *a = pa, *b = pb;

	if (a->x->rule != b->x->rule)
		return (uintptr_t)a->x->rule < (uintptr_t)b->x->rule ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Most severe first, then the most frequent: what to fix first leads. */
static int row_cmp(const void *pa, const void *pb)
{
	const struct text_row *a = pa, *b = pb;

	if (a->sev != b->sev)
		return a->sev > b->sev ? -1 : 1;
	if (a->findings != b->findings)
		return a->findings > b->findings ? -1 : 1;
	return strcmp(a->rule->id, b->rule->id);
}

/* The table closes a report of at least this many findings (a short one reads without it). */
#define TEXT_TABLE_MIN_FINDINGS 10
/* Rows of the table after a full report (--compact shows them all). */
#define TEXT_TABLE_MAX_ROWS 20

/*
 * The table of counts per rule, most severe first: after a full report (at
 * most TEXT_TABLE_MAX_ROWS rows, and only when the report is long enough to
 * need it), or as the whole of a --compact report, where each row also
 * names the first place the rule was found.
 */
static void text_rule_table(const struct text_ctx *t, const struct vakt_scan_result *res,
                            const size_t *idx, size_t n, bool compact)
{
	struct text_key *keys = vakt_xcalloc(n ? n : 1, sizeof(*keys));
	struct text_row *rows = vakt_xcalloc(n ? n : 1, sizeof(*rows));
	size_t nk = 0, nr = 0, shown;

	for (size_t i = 0; i < n; i++) {
		const struct vakt_finding *x = &res->findings.v[idx[i]];

		if (!x->suppressed)
			keys[nk++] = (struct text_key){x, i, (int)sev_clamp(x->severity)};
	}
	if (!nk || (!compact && nk < TEXT_TABLE_MIN_FINDINGS))
		goto out;
	qsort(keys, nk, sizeof(*keys), key_cmp);
	for (size_t k = 0; k < nk; k++) {
		bool new_rule = !k || keys[k].x->rule != keys[k - 1].x->rule;

		if (new_rule)
			rows[nr++] =
			    (struct text_row){keys[k].x->rule, keys[k].sev, 0, 0, keys[k].x};
		rows[nr - 1].findings++;
		/* Advisories under one rule have severities of their own: the worst shows. */
		if (keys[k].sev > rows[nr - 1].sev)
			rows[nr - 1].sev = keys[k].sev;
		/* Within a rule, keys follow the report's order, so a file's findings are adjacent.
		 */
		if (new_rule || strcmp(finding_file(keys[k].x), finding_file(keys[k - 1].x)))
			rows[nr - 1].files++;
	}
	qsort(rows, nr, sizeof(*rows), row_cmp);
	shown = compact || nr <= TEXT_TABLE_MAX_ROWS ? nr : TEXT_TABLE_MAX_ROWS;
	text_on(t, C_BOLD);
	fprintf(t->f, "%-6s  %-*s  %8s  %5s  %s\n", "rule", TEXT_SEV_WIDTH, "severity", "findings",
	        "files", compact ? "first found, title" : "title");
	text_off(t);
	for (size_t r = 0; r < shown; r++) {
		const char *label = vakt_text_sev_label[rows[r].sev];

		fprintf(t->f, "%-6s  ", rows[r].rule->id);
		text_on(t, vakt_text_sev_color[rows[r].sev]);
		fputs(label, t->f);
		text_off(t);
		fprintf(t->f, "%*s  %8zu  %5zu  ", TEXT_SEV_WIDTH - (int)strlen(label), "",
		        rows[r].findings, rows[r].files);
		if (compact) {
			const struct vakt_location *l = &rows[r].first->loc;

			vakt_fputs_safe(t->f, l->file ? l->file : "-", 0);
			if (l->line > 0)
				fprintf(t->f, ":%d", l->line);
			fputs(": ", t->f);
		}
		fprintf(t->f, "%s\n", rows[r].rule->title ? rows[r].rule->title : "");
	}
	if (shown < nr)
		fprintf(t->f, "... and %zu more rules (--compact lists them all)\n", nr - shown);
	fputc('\n', t->f);
out:
	free(keys);
	free(rows);
}

/*
 * What was audited, as its probes saw it (vakt host), before the findings:
 * one line per observation, "probe: verdict", then what was seen and where.
 */
static void text_environment(const struct text_ctx *t, const struct vakt_report_opts *o)
{
	if (!o->n_observations)
		return;
	text_on(t, C_BOLD);
	fputs("Environment", t->f);
	text_off(t);
	fputc('\n', t->f);
	for (size_t i = 0; i < o->n_observations; i++) {
		const struct vakt_report_observation *ob = &o->observations[i];

		fputs("  ", t->f);
		vakt_fputs_safe(t->f, ob->probe ? ob->probe : "", 0);
		fputs(": ", t->f);
		vakt_fputs_safe(t->f, ob->verdict && *ob->verdict ? ob->verdict : "-", 0);
		fputs("  (", t->f);
		if (ob->seen && *ob->seen) {
			vakt_fputs_safe(t->f, ob->seen, 0);
			fputs("; ", t->f);
		}
		vakt_fputs_safe(t->f, ob->source ? ob->source : "", 0);
		if (ob->line > 0)
			fprintf(t->f, ":%d", ob->line);
		fputs(")\n", t->f);
	}
	fputc('\n', t->f);
}

int vakt_report_text(FILE *f, const struct vakt_scan_result *res, const struct vakt_report_opts *o)
{
	struct text_ctx t = {f, o->color};
	size_t n;
	size_t *idx = vakt_report_order(res, o, &n);

	text_environment(&t, o);
	for (size_t i = 0; i < n;) {
		const char *file = finding_file(&res->findings.v[idx[i]]);
		size_t end = i;

		while (end < n && !strcmp(finding_file(&res->findings.v[idx[end]]), file))
			end++;
		if (!o->compact) {
			text_on(&t, C_BOLD);
			vakt_fputs_safe(f, *file ? file : "-", 0);
			text_off(&t);
			fputc('\n', f);
			text_file(&t, res, idx, i, end);
		}
		i = end;
	}
	text_rule_table(&t, res, idx, n, o->compact);
	/* Input errors are printed once, on stderr, by the CLI; the summary counts them. */
	text_summary(&t, res, o);
	free(idx);
	return vakt_report_finish(f);
}
