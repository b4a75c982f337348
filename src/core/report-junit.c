/* SPDX-License-Identifier: MIT */
/*
 * JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure).
 * One <testsuite> per file that has findings or input errors; a finding is a
 * failing <testcase>, a suppressed one (with --show-suppressed) a skipped
 * one, an input error a <testcase> with <error>. A scan with nothing to say
 * still gets one passing testcase, because some readers reject an empty
 * report. No timing attributes: the output depends on the input only.
 *
 * Everything from the input is escaped here: the five XML entities, and
 * characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE/U+FFFF,
 * broken UTF-8) are replaced by U+FFFD.
 */
#include "report-priv.h"

/* An item of the report: a finding or an input error, keyed by file. */
struct junit_item {
	const char *file;
	bool is_error;
	size_t idx; /* into res->findings.v or res->errors.v */
};

static bool xml_char_ok(long cp)
{
	return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
	       (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/*
 * Write s escaped for XML character data, or for an attribute value when
 * attr (where tabs and newlines must be character references to survive
 * attribute-value normalisation).
 */
static void xml_put(FILE *f, const char *s, bool attr)
{
	while (s && *s) {
		long cp;
		size_t n = vakt_report_utf8_next(s, &cp);

		switch (cp) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		case '\t':
		case '\n':
		case '\r':
			if (attr)
				fprintf(f, "&#%ld;", cp);
			else
				fputc((int)cp, f);
			break;
		default:
			if (xml_char_ok(cp))
				fwrite(s, 1, n, f);
			else
				fputs("\xef\xbf\xbd", f); /* U+FFFD REPLACEMENT CHARACTER */
		}
		s += n;
	}
}

static void xml_putf(FILE *f, bool attr, const char *fmt, ...) VAKT_PRINTF(3, 4);

static void xml_putf(FILE *f, bool attr, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	xml_put(f, s, attr);
	free(s);
}

static int item_cmp(const void *pa, const void *pb)
{
	const struct junit_item *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);

	if (c)
		return c;
	if (a->is_error != b->is_error)
		return a->is_error ? 1 : -1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Findings then errors, grouped by file. The caller frees the array. */
static struct junit_item *junit_items(const struct vakt_scan_result *res,
                                      const struct vakt_report_opts *o, size_t *n)
{
	struct junit_item *v = vakt_xcalloc(res->findings.n + res->errors.n, sizeof(*v));
	size_t k = 0;

	for (size_t i = 0; i < res->findings.n; i++) {
		const struct vakt_finding *x = &res->findings.v[i];

		if (vakt_report_shown(x, o))
			v[k++] = (struct junit_item){x->loc.file ? x->loc.file : "vakt", false, i};
	}
	for (size_t i = 0; i < res->errors.n; i++) {
		const char *file = res->errors.v[i]->file;

		v[k++] = (struct junit_item){file ? file : "vakt", true, i};
	}
	if (k > 1)
		qsort(v, k, sizeof(*v), item_cmp);
	*n = k;
	return v;
}

static void junit_position(FILE *f, int line, int column)
{
	if (line > 0) {
		fprintf(f, " at %d", line);
		if (column > 0)
			fprintf(f, ":%d", column);
	}
}

static void junit_finding(FILE *f, const struct vakt_finding *x, const struct vakt_finding_ext *e,
                          const char *file)
{
	const struct vakt_rule *r = x->rule;

	fputs("    <testcase name=\"", f);
	if (e && e->id)
		xml_putf(f, true, "%s %s %s", r->id, e->id, x->loc.object ? x->loc.object : "");
	else
		xml_putf(f, true, "%s %s", r->id, r->slug ? r->slug : "");
	junit_position(f, x->loc.line, x->loc.column);
	fputs("\" classname=\"", f);
	xml_put(f, file, true);
	fputs("\">\n", f);
	if (x->suppressed) {
		fputs("      <skipped message=\"", f);
		xml_putf(f, true, "suppressed: %s", x->suppress_reason ? x->suppress_reason : "");
		fputs("\"/>\n", f);
		fputs("    </testcase>\n", f);
		return;
	}
	fputs("      <failure message=\"", f);
	xml_put(f, x->message, true);
	fprintf(f, "\" type=\"%s\">", vakt_severity_name(x->severity));
	xml_putf(f, false, "%s %s (%s): %s\n", r->id, r->slug ? r->slug : "",
	         vakt_severity_name(x->severity), r->title);
	xml_put(f, file, false);
	if (x->loc.line > 0)
		fprintf(f, ":%d", x->loc.line);
	if (x->loc.line > 0 && x->loc.column > 0)
		fprintf(f, ":%d", x->loc.column);
	if (x->loc.object)
		xml_putf(f, false, " (%s)", x->loc.object);
	xml_putf(f, false, ": %s\n", x->message ? x->message : "");
	if (x->snippet)
		xml_putf(f, false, "%5d | %s\n", x->loc.line, x->snippet);
	xml_putf(f, false, "fix: %s", r->remediation ? r->remediation : "");
	fputs("</failure>\n", f);
	fputs("    </testcase>\n", f);
}

static void junit_error(FILE *f, const struct vakt_error *e, const char *file)
{
	char *msg = vakt_error_format(e);

	fputs("    <testcase name=\"input error", f);
	junit_position(f, e->line, e->column);
	fputs("\" classname=\"", f);
	xml_put(f, file, true);
	fputs("\">\n      <error message=\"", f);
	xml_put(f, e->msg, true);
	fputs("\" type=\"input-error\">", f);
	xml_put(f, msg, false);
	fputs("</error>\n    </testcase>\n", f);
	free(msg);
}

static int junit_str_cmp(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/*
 * The scanned files that have no finding or error to list, in order. CI
 * dashboards count them as passed tests. The caller frees the array.
 */
static const char **junit_clean_files(const struct vakt_scan_result *res,
                                      const struct junit_item *items, size_t n, size_t *n_clean)
{
	const char **seen = vakt_xcalloc(n + 1, sizeof(*seen));
	const char **clean = vakt_xcalloc(res->files.n + 1, sizeof(*clean));
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		seen[i] = items[i].file;
	qsort(seen, n, sizeof(*seen), junit_str_cmp);
	for (size_t i = 0; i < res->files.n; i++) {
		const char *file = res->files.v[i];

		if (!bsearch(&file, seen, n, sizeof(*seen), junit_str_cmp))
			clean[k++] = file;
	}
	free(seen);
	*n_clean = k;
	return clean;
}

int vakt_report_junit(FILE *f, const struct vakt_scan_result *res, const struct vakt_report_opts *o)
{
	size_t n, tests, failures = 0, errors = res->errors.n, skipped = 0, n_clean;
	struct junit_item *items = junit_items(res, o, &n);
	const char **clean = junit_clean_files(res, items, n, &n_clean);

	for (size_t i = 0; i < n; i++)
		if (!items[i].is_error) {
			if (res->findings.v[items[i].idx].suppressed)
				skipped++;
			else
				failures++;
		}
	tests = n + n_clean ? n + n_clean : 1;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f,
	        "<testsuites name=\"vakt\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
	        "skipped=\"%zu\">\n",
	        tests, failures, errors, skipped);
	if (!n && !n_clean) {
		fputs("  <testsuite name=\"vakt\" tests=\"1\" failures=\"0\" errors=\"0\" "
		      "skipped=\"0\">\n",
		      f);
		fprintf(f,
		        "    <testcase name=\"no findings in %zu file%s\" classname=\"vakt\"/>\n",
		        res->files_scanned, res->files_scanned == 1 ? "" : "s");
		fputs("  </testsuite>\n", f);
	}
	for (size_t i = 0; i < n;) {
		size_t end = i, fail = 0, err = 0, skip = 0;

		while (end < n && !strcmp(items[end].file, items[i].file)) {
			if (items[end].is_error)
				err++;
			else if (res->findings.v[items[end].idx].suppressed)
				skip++;
			else
				fail++;
			end++;
		}
		fputs("  <testsuite name=\"", f);
		xml_put(f, items[i].file, true);
		fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n",
		        end - i, fail, err, skip);
		for (; i < end; i++) {
			if (items[i].is_error)
				junit_error(f, res->errors.v[items[i].idx], items[i].file);
			else
				junit_finding(f, &res->findings.v[items[i].idx],
				              vakt_findings_ext_of(&res->findings,
				                                   &res->findings.v[items[i].idx]),
				              items[i].file);
		}
		fputs("  </testsuite>\n", f);
	}
	for (size_t i = 0; i < n_clean; i++) {
		fputs("  <testsuite name=\"", f);
		xml_put(f, clean[i], true);
		fputs("\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
		      "    <testcase name=\"no findings\" classname=\"",
		      f);
		xml_put(f, clean[i], true);
		fputs("\"/>\n  </testsuite>\n", f);
	}
	fputs("</testsuites>\n", f);
	free(clean);
	free(items);
	return vakt_report_finish(f);
}
