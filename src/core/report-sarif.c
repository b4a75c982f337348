/* SPDX-License-Identifier: MIT */
/*
 * SARIF 2.1.0, the format code-scanning services (GitHub, GitLab, Azure
 * DevOps) read. One run; tool.driver.rules lists the rules that have results,
 * sorted by id, and each result's ruleIndex points into that list. Rule text
 * comes from the registry entry. Regions carry only the positions that are
 * known; columns are converted from vakt's bytes to UTF-16 code units (the
 * SARIF default) wherever the source line is at hand.
 */
#include "report-jw.h"
#include "report-priv.h"

#define SARIF_SCHEMA          "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_INFO_URI        "https://github.com/vakt-security/vakt"
#define SARIF_FINGERPRINT_KEY "vaktFindingHash/v1"
/*
 * GitHub code scanning accepts at most this many results per run: beyond
 * it, the most severe are kept and one more result says how many were left.
 */
#define SARIF_MAX_RESULTS 25000
/* The rule of that one result. */
#define SARIF_TRUNCATED_ID "vakt-results-left-out"

/*
 * A rule of the run, with the severity its results have in this run. A
 * finding with an id of its own (an advisory) has a descriptor of its own,
 * named by that id (HACKING, "Findings with an id of their own"), so that
 * code scanning shows one alert per advisory.
 */
struct sarif_rule {
	const char *id; /* the rule's id, or the advisory's */
	const struct vakt_rule *rule;
	const struct vakt_finding_ext *ext; /* the first result's, for an advisory; else NULL */
	enum vakt_severity severity;
	bool only_suppressed; /* every result of the rule so far is suppressed */
	size_t order;         /* of its first result, which sorting keeps first */
};

static const char *sarif_level(enum vakt_severity s)
{
	switch (s) {
	case VAKT_SEV_CRITICAL:
	case VAKT_SEV_HIGH:
		return "error";
	case VAKT_SEV_MEDIUM:
		return "warning";
	default:
		return "note";
	}
}

/* The scores GitHub code scanning maps back to critical/high/medium/low. */
static const char *sarif_security_severity(enum vakt_severity s)
{
	switch (s) {
	case VAKT_SEV_CRITICAL:
		return "9.5";
	case VAKT_SEV_HIGH:
		return "8.0";
	case VAKT_SEV_MEDIUM:
		return "5.5";
	case VAKT_SEV_LOW:
		return "3.0";
	default:
		return "0.0";
	}
}

/* {"text": s} as member key. */
static void sarif_text(struct vakt_jw *w, const char *key, const char *s)
{
	vakt_jw_open(w, key, '{');
	vakt_jw_str(w, "text", s);
	vakt_jw_close(w, '}');
}

static bool is_url(const char *s)
{
	return vakt_starts_with(s, "https://") || vakt_starts_with(s, "http://");
}

/* "final-stage-no-user" -> "FinalStageNoUser". The caller owns the result. */
static char *pascal_case(const char *slug)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	bool up = true;

	for (const char *p = slug; *p; p++) {
		if (*p == '-' || *p == '_' || *p == ' ') {
			up = true;
			continue;
		}
		vakt_buf_addc(&b, up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
		up = false;
	}
	return vakt_buf_detach(&b);
}

/*
 * Append n bytes of s as literal Markdown text: characters that would start
 * emphasis, code, links, HTML ("FROM <stage>" would vanish as a tag) or, at
 * the start of a line, a heading or list item are backslash-escaped.
 */
static void md_escape(struct vakt_buf *md, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strchr("\\`*_[]<>|", s[i]) || (i == 0 && strchr("#-+", s[i])))
			vakt_buf_addc(md, '\\');
		vakt_buf_addc(md, s[i]);
	}
}

/*
 * Append registry prose to a Markdown buffer: lines indented by two spaces
 * are examples and go into a fenced code block (Markdown would otherwise run
 * them into the paragraph).
 */
static void md_prose(struct vakt_buf *md, const char *s)
{
	bool code = false, first = true;

	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		bool ex = len > 2 && s[0] == ' ' && s[1] == ' ';

		if (ex != code)
			vakt_buf_adds(md, "\n```\n");
		else if (!first)
			vakt_buf_addc(md, '\n');
		code = ex;
		first = false;
		if (ex)
			vakt_buf_add(md, s + 2, len - 2);
		else
			md_escape(md, s, len);
		s += len + (nl != NULL);
	}
	if (code)
		vakt_buf_adds(md, "\n```");
}

static void help_list(struct vakt_buf *text, struct vakt_buf *md, const char *const *refs)
{
	for (size_t i = 0; refs[i]; i++) {
		vakt_buf_addf(text, "\n- %s", refs[i]);
		if (is_url(refs[i])) {
			vakt_buf_addf(md, "\n- <%s>", refs[i]);
		} else {
			vakt_buf_adds(md, "\n- ");
			md_escape(md, refs[i], strlen(refs[i]));
		}
	}
}

static void sarif_help(struct vakt_jw *w, const struct vakt_rule *r)
{
	struct vakt_buf text = VAKT_BUF_INIT, md = VAKT_BUF_INIT;

	vakt_buf_addf(&text, "%s\n\nRemediation: %s", r->rationale, r->remediation);
	md_prose(&md, r->rationale);
	vakt_buf_adds(&md, "\n\n**Remediation:** ");
	md_prose(&md, r->remediation);
	if (r->references && r->references[0]) {
		vakt_buf_adds(&text, "\n\nReferences:");
		vakt_buf_adds(&md, "\n\n**References:**\n");
		help_list(&text, &md, r->references);
	}
	if (r->equivalents && r->equivalents[0]) {
		vakt_buf_adds(&text, "\n\nEquivalent checks:");
		vakt_buf_adds(&md, "\n\n**Equivalent checks:**");
		for (size_t i = 0; r->equivalents[i]; i++) {
			vakt_buf_addf(&text, "%s %s", i ? "," : "", r->equivalents[i]);
			vakt_buf_addf(&md, "%s `%s`", i ? "," : "", r->equivalents[i]);
		}
	}
	vakt_jw_open(w, "help", '{');
	vakt_jw_str(w, "text", vakt_buf_str(&text));
	vakt_jw_str(w, "markdown", vakt_buf_str(&md));
	vakt_jw_close(w, '}');
	vakt_buf_release(&text);
	vakt_buf_release(&md);
}

/* The GitHub security-severity of a descriptor: an advisory's own CVSS score when it has one. */
static const char *sarif_rule_score(const struct sarif_rule *sr)
{
	const char *score = vakt_finding_ext_detail(sr->ext, "cvss_score");

	return score ? score : sarif_security_severity(sr->severity);
}

static void sarif_rule(struct vakt_jw *w, const struct sarif_rule *sr)
{
	const struct vakt_rule *r = sr->rule;
	const char *title = vakt_finding_ext_detail(sr->ext, "title");
	char *name = pascal_case(r->slug ? r->slug : r->id);

	vakt_jw_open(w, NULL, '{');
	vakt_jw_str(w, "id", sr->id);
	vakt_jw_str(w, "name", name);
	sarif_text(w, "shortDescription", title && *title ? title : r->title);
	sarif_text(w, "fullDescription", r->rationale);
	sarif_help(w, r);
	if (sr->ext && sr->ext->links && sr->ext->links[0]) {
		vakt_jw_str(w, "helpUri", sr->ext->links[0]);
	} else {
		for (size_t i = 0; r->references && r->references[i]; i++) {
			if (is_url(r->references[i])) {
				vakt_jw_str(w, "helpUri", r->references[i]);
				break;
			}
		}
	}
	vakt_jw_open(w, "defaultConfiguration", '{');
	vakt_jw_str(w, "level", sarif_level(sr->severity));
	vakt_jw_close(w, '}');
	vakt_jw_open(w, "properties", '{');
	vakt_jw_open(w, "tags", '[');
	if (r->domain)
		vakt_jw_str(w, NULL, r->domain);
	vakt_jw_str(w, NULL, "security");
	vakt_jw_close(w, ']');
	vakt_jw_str(w, "security-severity", sarif_rule_score(sr));
	vakt_jw_str(w, "severity", vakt_severity_name(sr->severity));
	vakt_jw_open(w, "equivalents", '[');
	for (size_t i = 0; r->equivalents && r->equivalents[i]; i++)
		vakt_jw_str(w, NULL, r->equivalents[i]);
	vakt_jw_close(w, ']');
	if (sr->ext)
		vakt_jw_str(w, "vakt-rule", r->id);
	vakt_jw_close(w, '}');
	vakt_jw_close(w, '}');
	free(name);
}

/* By id; within an id, unsuppressed results first, then in report order. */
static int sarif_rule_cmp(const void *pa, const void *pb)
{
	const struct sarif_rule *a = pa, *b = pb;
	int c = strcmp(a->id, b->id);

	if (c)
		return c;
	if (a->only_suppressed != b->only_suppressed)
		return a->only_suppressed ? 1 : -1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/*
 * The distinct rules of the shown findings (an advisory counting as a rule
 * of its own), sorted by id. A rule's severity is the most severe effective
 * severity of its unsuppressed results (config overrides apply per rule, so
 * they agree), or of its suppressed ones when it has no other. The caller
 * frees the array. Sorting all results' ids first keeps this n log n with
 * thousands of advisories.
 */
static struct sarif_rule *sarif_rules(const struct vakt_scan_result *res, const size_t *sel,
                                      size_t n_sel, size_t *n)
{
	struct sarif_rule *v = vakt_xcalloc(n_sel ? n_sel : 1, sizeof(*v));
	size_t k = 0;

	for (size_t i = 0; i < n_sel; i++) {
		const struct vakt_finding *x = &res->findings.v[sel[i]];
		const struct vakt_finding_ext *e = vakt_findings_ext_of(&res->findings, x);

		v[i].ext = e && e->id ? e : NULL;
		v[i].id = v[i].ext ? e->id : x->rule->id;
		v[i].rule = x->rule;
		v[i].severity = x->severity;
		v[i].only_suppressed = x->suppressed;
		v[i].order = i;
	}
	if (n_sel > 1)
		qsort(v, n_sel, sizeof(*v), sarif_rule_cmp);
	for (size_t i = 0; i < n_sel; i++) {
		if (k && !strcmp(v[k - 1].id, v[i].id)) {
			if (v[i].severity > v[k - 1].severity &&
			    v[i].only_suppressed == v[k - 1].only_suppressed)
				v[k - 1].severity = v[i].severity;
			continue;
		}
		v[k++] = v[i];
	}
	*n = k;
	return v;
}

/* Findings ranked for the cut: unsuppressed first, then the most severe, then in order. */
struct sarif_rank {
	size_t idx;
	int key;
};

static int sarif_rank_cmp(const void *pa, const void *pb)
{
	const struct sarif_rank *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key > b->key ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int size_cmp(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	return a < b ? -1 : a > b;
}

/*
 * The findings the run holds, in report order: every shown one, or, beyond
 * SARIF_MAX_RESULTS, the most severe SARIF_MAX_RESULTS - 1 (one place is
 * kept for the result that says how many were left out, *left_out). The
 * caller frees the array.
 */
static size_t *sarif_select(const struct vakt_scan_result *res, const struct vakt_report_opts *o,
                            size_t *n, size_t *left_out)
{
	size_t *sel = vakt_xcalloc(res->findings.n ? res->findings.n : 1, sizeof(*sel));
	struct sarif_rank *rank;
	size_t k = 0;

	for (size_t i = 0; i < res->findings.n; i++)
		if (vakt_report_shown(&res->findings.v[i], o))
			sel[k++] = i;
	*left_out = 0;
	if (k > SARIF_MAX_RESULTS) {
		rank = vakt_xcalloc(k, sizeof(*rank));
		for (size_t i = 0; i < k; i++) {
			const struct vakt_finding *x = &res->findings.v[sel[i]];

			rank[i].idx = sel[i];
			rank[i].key = (x->suppressed ? 0 : VAKT_SEV_COUNT) + (int)x->severity;
		}
		qsort(rank, k, sizeof(*rank), sarif_rank_cmp);
		*left_out = k - (SARIF_MAX_RESULTS - 1);
		k = SARIF_MAX_RESULTS - 1;
		for (size_t i = 0; i < k; i++)
			sel[i] = rank[i].idx;
		qsort(sel, k, sizeof(*sel), size_cmp);
		free(rank);
	}
	*n = k;
	return sel;
}

/* The rule of the result that says results were left out. */
static void sarif_truncated_rule(struct vakt_jw *w)
{
	vakt_jw_open(w, NULL, '{');
	vakt_jw_str(w, "id", SARIF_TRUNCATED_ID);
	vakt_jw_str(w, "name", "ResultsLeftOut");
	sarif_text(w, "shortDescription", "Results were left out of this SARIF run");
	sarif_text(w, "fullDescription",
	           "GitHub code scanning accepts at most 25000 results per run; vakt kept the most "
	           "severe.");
	vakt_jw_open(w, "defaultConfiguration", '{');
	vakt_jw_str(w, "level", "warning");
	vakt_jw_close(w, '}');
	vakt_jw_close(w, '}');
}

static void sarif_truncated_result(struct vakt_jw *w, size_t rule_index, size_t left_out)
{
	char *msg = vakt_xasprintf("%zu more findings were left out: GitHub code scanning accepts "
	                           "at most %d results per run, so the %d most severe are listed; "
	                           "the JSON report (--format json) has them all",
	                           left_out, SARIF_MAX_RESULTS, SARIF_MAX_RESULTS - 1);

	vakt_jw_open(w, NULL, '{');
	vakt_jw_str(w, "ruleId", SARIF_TRUNCATED_ID);
	vakt_jw_int(w, "ruleIndex", (long long)rule_index);
	vakt_jw_str(w, "level", "warning");
	sarif_text(w, "message", msg);
	vakt_jw_close(w, '}');
	free(msg);
}

/* The index of the descriptor named id in v[0..n) (sorted by id). */
static size_t sarif_rule_index(const struct sarif_rule *v, size_t n, const char *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid].id, id);

		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0; /* unreachable: every shown finding's rule is listed */
}

/*
 * A file path as a URI reference: unreserved characters and '/' stay, the
 * rest is percent-encoded (':' too, so a relative path never reads as a
 * scheme). An absolute path becomes a file:// URI. The caller frees it.
 */
static char *path_uri(const char *path, bool *absolute)
{
	static const char hex[] = "0123456789ABCDEF";
	struct vakt_buf b = VAKT_BUF_INIT;

	*absolute = path[0] == '/';
	if (*absolute)
		vakt_buf_adds(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			vakt_buf_addc(&b, (char)*p);
		} else {
			vakt_buf_addc(&b, '%');
			vakt_buf_addc(&b, hex[*p >> 4]);
			vakt_buf_addc(&b, hex[*p & 15]);
		}
	}
	return vakt_buf_detach(&b);
}

static void sarif_artifact(struct vakt_jw *w, const char *path)
{
	bool absolute;
	char *uri = path_uri(path, &absolute);

	vakt_jw_open(w, "artifactLocation", '{');
	vakt_jw_str(w, "uri", uri);
	if (!absolute)
		vakt_jw_str(w, "uriBaseId", "%SRCROOT%");
	vakt_jw_close(w, '}');
	free(uri);
}

/*
 * The UTF-16 column of 1-based byte column col of line (NULL: not known,
 * the byte column is kept). Bytes past the end of line count one each.
 */
static int utf16_column(const char *line, int col)
{
	size_t off = 0, lim = (size_t)col - 1;
	int units = 1;

	if (!line || col < 1)
		return col;
	while (off < lim && line[off]) {
		long cp;
		size_t n = vakt_report_utf8_next(line + off, &cp);

		units += cp >= 0x10000 ? 2 : 1;
		off += n;
	}
	if (off < lim)
		units += (int)(lim - off);
	return units;
}

/* {"text": the first n bytes of s} as member "snippet". */
static void sarif_snippet(struct vakt_jw *w, const char *s, size_t n)
{
	vakt_jw_open(w, "snippet", '{');
	vakt_jw_strn(w, "text", s, n);
	vakt_jw_close(w, '}');
}

/*
 * The region of l, or NULL when the line is unknown. SARIF forbids 0 and
 * end-before-start, so only consistent fields are written; its endColumn is
 * exclusive where vakt's is inclusive. *whole_line tells whether the region
 * is the entire line (no columns).
 */
static void sarif_region(struct vakt_jw *w, const struct vakt_location *l, const char *snippet,
                         bool *whole_line)
{
	bool same_line = l->end_line == 0 || l->end_line == l->line;
	size_t slen = snippet ? strlen(snippet) : 0;

	*whole_line = false;
	if (l->line <= 0)
		return;
	vakt_jw_open(w, "region", '{');
	vakt_jw_int(w, "startLine", l->line);
	if (l->column <= 0) {
		if (l->end_line > l->line)
			vakt_jw_int(w, "endLine", l->end_line);
		else if (snippet)
			sarif_snippet(w, snippet, slen);
		*whole_line = l->end_line <= l->line;
		vakt_jw_close(w, '}');
		return;
	}
	vakt_jw_int(w, "startColumn", utf16_column(snippet, l->column));
	if (same_line && l->end_column >= l->column) {
		vakt_jw_int(w, "endLine", l->line);
		vakt_jw_int(w, "endColumn", utf16_column(snippet, l->end_column + 1));
		if (snippet && (size_t)l->end_column <= slen)
			sarif_snippet(w, snippet + l->column - 1,
			              (size_t)(l->end_column - l->column + 1));
	} else if (l->end_line > l->line) {
		vakt_jw_int(w, "endLine", l->end_line);
		if (l->end_column > 0)
			vakt_jw_int(w, "endColumn", l->end_column + 1);
	} else {
		/* Column 1 to the line's end is the line: a context would repeat it. */
		*whole_line = l->column == 1;
	}
	vakt_jw_close(w, '}');
}

static void sarif_physical(struct vakt_jw *w, const char *file, const struct vakt_location *l,
                           const char *snippet)
{
	bool whole_line;

	vakt_jw_open(w, "physicalLocation", '{');
	sarif_artifact(w, file);
	sarif_region(w, l, snippet, &whole_line);
	/* The whole line as context, for viewers that show the snippet. */
	if (l->line > 0 && snippet && !whole_line && (l->end_line == 0 || l->end_line == l->line)) {
		vakt_jw_open(w, "contextRegion", '{');
		vakt_jw_int(w, "startLine", l->line);
		sarif_text(w, "snippet", snippet);
		vakt_jw_close(w, '}');
	}
	vakt_jw_close(w, '}');
}

/* FNV-1a, 64 bits: a stable, dependency-free hash for fingerprints. */
static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; s && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	/* A separator, so that ("ab","c") and ("a","bc") differ. */
	h ^= 0xff;
	h *= 0x100000001b3ULL;
	return h;
}

/*
 * Take "FILE:LINE" out of s (in place), leaving "FILE": an image finding's
 * message names the Dockerfile line of its layer (vakt image --dockerfile),
 * which moves when lines are added above it.
 */
static void sarif_unline(char *s, const struct vakt_finding_ext *all)
{
	const char *file = vakt_finding_ext_detail(all, "dockerfile");
	const char *line = vakt_finding_ext_detail(all, "dockerfile_line");
	char *at, *from = s;
	size_t fn, ln;

	if (!file || !line || !*file)
		return;
	fn = strlen(file);
	ln = strlen(line);
	while ((at = strstr(from, file))) {
		char *end = at + fn;

		if (*end == ':' && !strncmp(end + 1, line, ln))
			memmove(end, end + 1 + ln, strlen(end + 1 + ln) + 1);
		from = end;
	}
}

/*
 * Rule, file, object and the trimmed source line (or the message when there
 * is no line): stable when lines are added above the finding. Findings with
 * the same hash in one run (the same line twice in a file) are told apart by
 * their order, ":2", ":3", as GitHub's own line hashes are.
 */
static uint64_t sarif_hash(const struct vakt_finding *x, const struct vakt_finding_ext *e,
                           const struct vakt_finding_ext *all)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *text = x->snippet ? x->snippet : x->message;
	char *trim = NULL;

	/* An advisory about a package: the same alert when only the versions change. */
	if (e)
		text = e->id;
	if (text) {
		size_t n;

		while (*text == ' ' || *text == '\t')
			text++;
		n = strlen(text);
		while (n && strchr(" \t\r\n", text[n - 1]))
			n--;
		trim = vakt_xstrndup(text, n);
		if (!e && all)
			sarif_unline(trim, all);
	}
	h = fnv1a(h, x->rule->id);
	h = fnv1a(h, x->loc.file);
	h = fnv1a(h, x->loc.object);
	h = fnv1a(h, trim);
	free(trim);
	return h;
}

/* How often each hash was seen so far in the run: open addressing, sized for the run. */
struct sarif_seen {
	uint64_t *hash;
	size_t *count;
	size_t cap; /* a power of two, at least twice the results */
};

static size_t sarif_seen_add(struct sarif_seen *s, uint64_t h)
{
	size_t i = (size_t)(h ^ (h >> 32)) & (s->cap - 1);

	while (s->count[i] && s->hash[i] != h)
		i = (i + 1) & (s->cap - 1);
	s->hash[i] = h;
	return ++s->count[i];
}

static void sarif_fingerprints(struct vakt_jw *w, const struct vakt_finding *x,
                               const struct vakt_finding_ext *e, const struct vakt_finding_ext *all,
                               struct sarif_seen *seen)
{
	uint64_t h = sarif_hash(x, e, all);
	size_t occurrence = sarif_seen_add(seen, h);
	char value[40];
	int i;

	for (i = 15; i >= 0; i--, h >>= 4)
		value[i] = "0123456789abcdef"[h & 15];
	value[16] = '\0';
	if (occurrence > 1)
		snprintf(value + 16, sizeof(value) - 16, ":%zu", occurrence);
	vakt_jw_open(w, "partialFingerprints", '{');
	vakt_jw_str(w, SARIF_FINGERPRINT_KEY, value);
	vakt_jw_close(w, '}');
}

static void sarif_suppressions(struct vakt_jw *w, const struct vakt_finding *x)
{
	const char *why = x->suppress_reason;

	vakt_jw_open(w, "suppressions", '[');
	vakt_jw_open(w, NULL, '{');
	/* The scan writes "config: ..." for config ignores, "... pragma ..." for comments. */
	vakt_jw_str(w, "kind", why && vakt_starts_with(why, "config:") ? "external" : "inSource");
	vakt_jw_str(w, "status", "accepted");
	if (why)
		vakt_jw_str(w, "justification", why);
	vakt_jw_close(w, '}');
	vakt_jw_close(w, ']');
}

/*
 * An image finding's Dockerfile line (vakt image --dockerfile: the details
 * "dockerfile", "dockerfile_line", "dockerfile_instruction") as a related
 * location, so that a viewer can open the line to fix.
 */
static void sarif_dockerfile(struct vakt_jw *w, const struct vakt_finding_ext *all)
{
	const char *file = all ? vakt_finding_ext_detail(all, "dockerfile") : NULL;
	const char *line = all ? vakt_finding_ext_detail(all, "dockerfile_line") : NULL;
	const char *instr = all ? vakt_finding_ext_detail(all, "dockerfile_instruction") : NULL;
	long n = 0;
	struct vakt_location l = {0};

	if (!file || !line || vakt_parse_long(line, 1, 1L << 30, &n) < 0)
		return;
	l.line = (int)n;
	vakt_jw_open(w, "relatedLocations", '[');
	vakt_jw_open(w, NULL, '{');
	vakt_jw_int(w, "id", 1);
	sarif_physical(w, file, &l, NULL);
	if (instr)
		sarif_text(w, "message", instr);
	vakt_jw_close(w, '}');
	vakt_jw_close(w, ']');
}

/* all: x's extension (may be NULL): an advisory when it has an id, else details only. */
static void sarif_result(struct vakt_jw *w, const struct vakt_finding *x,
                         const struct vakt_finding_ext *all, size_t rule_index,
                         struct sarif_seen *seen)
{
	const struct vakt_finding_ext *e = all && all->id ? all : NULL;

	vakt_jw_open(w, NULL, '{');
	vakt_jw_str(w, "ruleId", e ? e->id : x->rule->id);
	vakt_jw_int(w, "ruleIndex", (long long)rule_index);
	vakt_jw_str(w, "level", sarif_level(x->severity));
	sarif_text(w, "message", x->message ? x->message : x->rule->title);
	if (x->loc.file || x->loc.object) {
		vakt_jw_open(w, "locations", '[');
		vakt_jw_open(w, NULL, '{');
		if (x->loc.file)
			sarif_physical(w, x->loc.file, &x->loc, x->snippet);
		if (x->loc.object) {
			vakt_jw_open(w, "logicalLocations", '[');
			vakt_jw_open(w, NULL, '{');
			vakt_jw_str(w, "fullyQualifiedName", x->loc.object);
			vakt_jw_str(w, "kind", "object");
			vakt_jw_close(w, '}');
			vakt_jw_close(w, ']');
		}
		vakt_jw_close(w, '}');
		vakt_jw_close(w, ']');
	}
	sarif_dockerfile(w, all);
	sarif_fingerprints(w, x, e, all, seen);
	if (x->suppressed)
		sarif_suppressions(w, x);
	vakt_jw_open(w, "properties", '{');
	vakt_jw_str(w, "severity", vakt_severity_name(x->severity));
	if (e) {
		vakt_jw_str(w, "vakt-rule", x->rule->id);
		vakt_jw_open(w, "aliases", '[');
		for (char **a = e->aliases; a && *a; a++)
			vakt_jw_str(w, NULL, *a);
		vakt_jw_close(w, ']');
	}
	/* The package, versions, score and layer, the Dockerfile line: as the JSON's "details". */
	for (size_t i = 0; all && i < all->n_details; i++) {
		if (!all->details[i].list) {
			vakt_jw_str(w, all->details[i].key, all->details[i].value);
			continue;
		}
		vakt_jw_open(w, all->details[i].key, '[');
		for (char **it = all->details[i].list; *it; it++)
			vakt_jw_str(w, NULL, *it);
		vakt_jw_close(w, ']');
	}
	vakt_jw_close(w, '}');
	vakt_jw_close(w, '}');
}

/* What was audited, as its probes saw it (vakt host): the run's properties. */
static void sarif_environment(struct vakt_jw *w, const struct vakt_report_opts *o)
{
	if (!o->n_observations)
		return;
	vakt_jw_open(w, "properties", '{');
	vakt_jw_open(w, "environment", '[');
	for (size_t i = 0; i < o->n_observations; i++) {
		const struct vakt_report_observation *ob = &o->observations[i];

		vakt_jw_open(w, NULL, '{');
		vakt_jw_str(w, "probe", ob->probe);
		vakt_jw_str(w, "source", ob->source);
		if (ob->line > 0)
			vakt_jw_int(w, "line", ob->line);
		vakt_jw_str(w, "seen", ob->seen);
		vakt_jw_str(w, "verdict", ob->verdict);
		vakt_jw_close(w, '}');
	}
	vakt_jw_close(w, ']');
	vakt_jw_close(w, '}');
}

static void sarif_notification(struct vakt_jw *w, const struct vakt_error *e)
{
	vakt_jw_open(w, NULL, '{');
	vakt_jw_str(w, "level", "error");
	sarif_text(w, "message", e->msg);
	if (e->file) {
		struct vakt_location l = {.line = e->line, .column = e->column};

		vakt_jw_open(w, "locations", '[');
		vakt_jw_open(w, NULL, '{');
		sarif_physical(w, e->file, &l, NULL);
		vakt_jw_close(w, '}');
		vakt_jw_close(w, ']');
	}
	vakt_jw_close(w, '}');
}

static void sarif_invocation(struct vakt_jw *w, const struct vakt_scan_result *res)
{
	vakt_jw_open(w, NULL, '{');
	vakt_jw_bool(w, "executionSuccessful", res->errors.n == 0);
	if (res->errors.n) {
		vakt_jw_open(w, "toolExecutionNotifications", '[');
		for (size_t i = 0; i < res->errors.n; i++)
			sarif_notification(w, res->errors.v[i]);
		vakt_jw_close(w, ']');
	}
	vakt_jw_close(w, '}');
}

/*
 * Written as it is built (report-jw.h), in jansson's layout: the document
 * never exists as a tree, and a result costs no allocation beyond its
 * strings.
 */
int vakt_report_sarif(FILE *f, const struct vakt_scan_result *res, const struct vakt_report_opts *o)
{
	size_t n_rules, n_sel, left_out;
	size_t *sel = sarif_select(res, o, &n_sel, &left_out);
	struct sarif_rule *rv = sarif_rules(res, sel, n_sel, &n_rules);
	struct sarif_seen seen = {0};
	struct vakt_jw w;

	vakt_jw_init(&w, f, 0);
	vakt_jw_open(&w, NULL, '{');
	vakt_jw_str(&w, "$schema", SARIF_SCHEMA);
	vakt_jw_str(&w, "version", "2.1.0");
	vakt_jw_open(&w, "runs", '[');
	vakt_jw_open(&w, NULL, '{');
	vakt_jw_open(&w, "tool", '{');
	vakt_jw_open(&w, "driver", '{');
	vakt_jw_str(&w, "name", "vakt");
	vakt_jw_str(&w, "version", vakt_report_version(o));
	vakt_jw_str(&w, "informationUri", SARIF_INFO_URI);
	vakt_jw_open(&w, "rules", '[');
	for (size_t i = 0; i < n_rules; i++)
		sarif_rule(&w, &rv[i]);
	if (left_out)
		sarif_truncated_rule(&w);
	vakt_jw_close(&w, ']');
	vakt_jw_close(&w, '}');
	vakt_jw_close(&w, '}');
	vakt_jw_open(&w, "invocations", '[');
	sarif_invocation(&w, res);
	vakt_jw_close(&w, ']');
	vakt_jw_str(&w, "columnKind", "utf16CodeUnits");
	sarif_environment(&w, o);

	for (seen.cap = 16; seen.cap < 2 * n_sel; seen.cap *= 2)
		;
	seen.hash = vakt_xcalloc(seen.cap, sizeof(*seen.hash));
	seen.count = vakt_xcalloc(seen.cap, sizeof(*seen.count));
	vakt_jw_open(&w, "results", '[');
	for (size_t i = 0; i < n_sel; i++) {
		const struct vakt_finding *x = &res->findings.v[sel[i]];
		const struct vakt_finding_ext *e = vakt_findings_ext_of(&res->findings, x);
		const char *id = e && e->id ? e->id : x->rule->id;

		sarif_result(&w, x, e, sarif_rule_index(rv, n_rules, id), &seen);
	}
	if (left_out)
		sarif_truncated_result(&w, n_rules, left_out);
	vakt_jw_close(&w, ']');
	vakt_jw_close(&w, '}');
	vakt_jw_close(&w, ']');
	vakt_jw_close(&w, '}');
	fputc('\n', f);
	free(seen.hash);
	free(seen.count);
	free(sel);
	free(rv);
	return vakt_report_finish(f);
}
