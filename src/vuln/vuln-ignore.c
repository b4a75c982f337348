/* SPDX-License-Identifier: MIT */
/*
 * .vaktignore and .trivyignore (vuln-ignore.h). Each parser fills a list of
 * its own and hands it over only when the whole file is good, so that a
 * file with an error ignores nothing rather than half of what it says.
 */
#include <errno.h>
#include <stdio.h>

#include "core/yaml.h"
#include "vuln/vuln-ignore.h"
#include "vuln/vuln-osv.h"
#include "vuln/vuln-purl.h"

/*
 * The shape of a hand-written list: a few levels. The nodes written are
 * bounded by VULN_IGNORE_MAX_BYTES, those aliases add by max_expanded; the
 * entry ceilings are checked with their own messages.
 */
static const struct vakt_yaml_limits ignore_limits = {
    .max_depth = 8,
    .max_nodes = SIZE_MAX,
    .max_expanded = 100000,
    .max_aliases = 64,
    .max_scalar = VULN_IGNORE_MAX_STRING,
    .max_entries = VAKT_YAML_MAX_ENTRIES,
    /* One more than allowed, so that the second one is reported as such. */
    .max_docs = 2,
};

/* --- dates ---------------------------------------------------------------- */

/* Today (UTC) as YYYY-MM-DD, or the caller's. */
static void date_today(const char *given, char out[VAKT_DATE_LEN])
{
	if (given && vakt_date_valid(given, strlen(given)))
		memcpy(out, given, VAKT_DATE_LEN);
	else
		vakt_date_today(out);
}

/* Set the entry's expiry from s[0..n) (checked by the caller) as of today. */
static void entry_expires(struct vuln_ignore_entry *e, const char *s, const char *today)
{
	memcpy(e->expires, s, VAKT_DATE_LEN - 1);
	e->expires[VAKT_DATE_LEN - 1] = '\0';
	/* It ignores through that day: expired only once the day is over. */
	e->expired = strcmp(today, e->expires) > 0;
}

/* --- the list ------------------------------------------------------------- */

static struct vuln_ignore_entry *ignore_add(struct vuln_ignore *ig, const char *path, int line)
{
	struct vuln_ignore_entry *e;

	ig->v = vakt_grow(ig->v, sizeof(*ig->v), ig->n + 1, &ig->cap);
	e = &ig->v[ig->n++];
	memset(e, 0, sizeof(*e));
	e->file = vakt_xstrdup(path);
	e->line = line;
	return e;
}

static void entry_release(struct vuln_ignore_entry *e)
{
	free(e->id);
	free(e->reason);
	free(e->file);
	vakt_strv_release(&e->packages);
	vakt_strv_release(&e->paths);
}

void vuln_ignore_release(struct vuln_ignore *ig)
{
	if (!ig)
		return;
	for (size_t i = 0; i < ig->n; i++)
		entry_release(&ig->v[i]);
	free(ig->v);
	vuln_idindex_release(&ig->ids);
	vakt_error_list_release(&ig->notes);
	memset(ig, 0, sizeof(*ig));
}

/* Move the entries of src to the end of dst and index them; src is left empty. */
static void ignore_take(struct vuln_ignore *dst, struct vuln_ignore *src)
{
	for (size_t i = 0; i < src->n; i++) {
		dst->v = vakt_grow(dst->v, sizeof(*dst->v), dst->n + 1, &dst->cap);
		dst->v[dst->n] = src->v[i];
		vuln_idindex_add(&dst->ids, dst->v[dst->n].id, dst->n);
		dst->n++;
	}
	vuln_idindex_sort(&dst->ids);
	for (size_t i = 0; i < src->notes.n; i++)
		vakt_error_list_add(&dst->notes, src->notes.v[i]);
	free(src->notes.v);
	free(src->v);
	memset(src, 0, sizeof(*src));
}

/* --- matching ------------------------------------------------------------- */

/* Whether glob g matches the whole of s (NULL: no). */
static bool glob_match(const char *g, const char *s)
{
	return s && vakt_glob_match(g, strlen(g), s, strlen(s), false);
}

static bool entry_covers_pkg(const struct vuln_ignore_entry *e, const struct pkg *p)
{
	/* OS packages are found in no file of their own: as in Trivy, paths never cover them. */
	if (e->paths.n)
		return false;
	if (!e->packages.n)
		return true;
	if (!p)
		return false;
	for (size_t i = 0; i < e->packages.n; i++) {
		const char *pat = e->packages.v[i];

		if (vuln_purl_is(pat)) {
			if (vuln_purl_match(pat, p->purl))
				return true;
		} else if (glob_match(pat, p->name) || glob_match(pat, p->source)) {
			return true;
		}
	}
	return false;
}

const struct vuln_ignore_entry *vuln_ignore_match(struct vuln_ignore *ig, const char *const *ids,
                                                  size_t n, const struct pkg *p)
{
	struct vuln_ignore_entry *hit = NULL;

	/* Each id's entries come in the order read: the first that ignores, of all ids. */
	for (size_t j = 0; ig && j < n; j++) {
		size_t k, end = vuln_idindex_find(&ig->ids, ids[j], &k);

		for (; k < end; k++) {
			struct vuln_ignore_entry *e = &ig->v[ig->ids.v[k].at];

			if (hit && e >= hit)
				break;
			if (!e->expired && entry_covers_pkg(e, p)) {
				hit = e;
				break;
			}
		}
	}
	if (hit)
		hit->hits++;
	return hit;
}

void vuln_ignore_warnings(const struct vuln_ignore *ig, bool stale, struct vakt_error_list *out)
{
	for (size_t i = 0; ig && i < ig->notes.n; i++) {
		const struct vakt_error *n = ig->notes.v[i];
		struct vakt_error *w = NULL;

		vakt_error_set_at(&w, n->code, n->file, n->line, n->column, "%s", n->msg);
		vakt_error_list_add(out, w);
	}
	for (size_t i = 0; ig && i < ig->n; i++) {
		const struct vuln_ignore_entry *e = &ig->v[i];
		struct vakt_error *w = NULL;

		if (e->expired)
			vakt_error_set_at(&w, VAKT_WARNING_CODE, e->file, e->line, 0,
			                  "the ignore of %s expired on %s%s%s%s: its findings are "
			                  "reported again",
			                  e->id, e->expires, e->reason ? " (" : "",
			                  e->reason ? e->reason : "", e->reason ? ")" : "");
		else if (stale && !e->hits && e->paths.n)
			vakt_error_set_at(&w, VAKT_WARNING_CODE, e->file, e->line, 0,
			                  "the ignore of %s matched no finding in this scan: its "
			                  "'paths' name the files of language packages, and vakt "
			                  "image checks OS packages, which no path names",
			                  e->id);
		else if (stale && !e->hits)
			vakt_error_set_at(
			    &w, VAKT_WARNING_CODE, e->file, e->line, 0,
			    "the ignore of %s matched no finding in this scan: if the "
			    "vulnerability is gone, remove the entry",
			    e->id);
		if (w)
			vakt_error_list_add(out, w);
	}
}

/* --- .vaktignore ---------------------------------------------------------- */

struct yctx {
	const char *path;
	const char *today;
	struct vuln_ignore list;
};

static int yfail(const struct yctx *y, const struct vakt_yaml_node *n, int code,
                 struct vakt_error **err, const char *fmt, ...) VAKT_PRINTF(5, 6);

static int yfail(const struct yctx *y, const struct vakt_yaml_node *n, int code,
                 struct vakt_error **err, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set_at(err, code, y->path, n ? n->line : 0, n ? n->col : 0, "%s", msg);
	free(msg);
	return code;
}

/* A scalar that is text: not null, not empty, no NUL byte. */
static const char *ytext(const struct vakt_yaml_node *n)
{
	const char *s = vakt_yaml_text(n);

	return s && *s && strlen(s) == n->len ? s : NULL;
}

/*
 * A reason or statement as the user meant it: a `|` block keeps its last
 * newline, which would end up inside the warning's parentheses.
 */
static char *reason_dup(const char *s)
{
	size_t n = strlen(s);

	while (n && strchr(" \t\r\n\v\f", s[n - 1]))
		n--;
	return vakt_xstrndup(s, n);
}

static bool has_blank(const char *s)
{
	return strpbrk(s, " \t\r\n\v\f") != NULL;
}

/* A new entry for mapping m; shape says what an entry is, for the message when m is not one. */
static int yentry_new(struct yctx *y, const struct vakt_yaml_node *m, const char *shape,
                      struct vuln_ignore_entry **e, struct vakt_error **err)
{
	/* The codes are returned here, not yfail's: the analyser does not follow a variadic call.
	 */
	if (!vakt_yaml_is_map(m)) {
		yfail(y, m, -EINVAL, err, "%s", shape);
		return -EINVAL;
	}
	if (y->list.n >= VULN_IGNORE_MAX_ENTRIES) {
		yfail(y, m, -E2BIG, err, "more than %d ignore entries", VULN_IGNORE_MAX_ENTRIES);
		return -E2BIG;
	}
	*e = ignore_add(&y->list, y->path, m->line);
	return 0;
}

/* `id`: one word, a vulnerability id. */
static int yentry_id(struct yctx *y, const struct vakt_yaml_node *v, struct vuln_ignore_entry *e,
                     struct vakt_error **err)
{
	const char *s = ytext(v);

	if (!s || has_blank(s))
		return yfail(
		    y, v, -EINVAL, err,
		    "'id' must be a vulnerability id (CVE-2024-1234, DSA-5678-1, GHSA-...)");
	free(e->id);
	e->id = vakt_xstrdup(s);
	return 0;
}

/*
 * The expiry under key (`expires`, Trivy's `expired_at`): a date, or an
 * RFC 3339 timestamp (Trivy reads both), whose date as written is the day.
 */
static int yentry_expiry(struct yctx *y, const char *key, const struct vakt_yaml_node *v,
                         struct vuln_ignore_entry *e, struct vakt_error **err)
{
	const char *s = ytext(v);
	int64_t us;

	if (!s || !(vakt_date_valid(s, v->len) ||
	            (v->len > VAKT_DATE_LEN - 1 && vakt_date_valid(s, VAKT_DATE_LEN - 1) &&
	             vuln_osv_time(s, &us) == 0)))
		return yfail(y, v, -EINVAL, err,
		             "'%s' must be a date written YYYY-MM-DD (e.g. 2027-03-31) or an "
		             "RFC 3339 timestamp (2027-03-31T00:00:00Z)",
		             key);
	entry_expires(e, s, y->today);
	return 0;
}

/* The lists an entry may hold: `packages`, Trivy's `purls` (purls only) and `paths`. */
enum ylist { YLIST_PACKAGES, YLIST_PURLS, YLIST_PATHS };

static int ylist_item(struct yctx *y, const struct vakt_yaml_node *item, enum ylist kind,
                      struct vakt_error **err)
{
	const char *s = ytext(item);

	if (kind == YLIST_PATHS)
		return s ? 0 : yfail(y, item, -EINVAL, err, "a path must be a non-empty string");
	if (kind == YLIST_PURLS && (!s || vakt_strncasecmp(s, "pkg:", 4)))
		return yfail(y, item, -EINVAL, err,
		             "a purl must start with pkg: (pkg:deb/debian/openssl)");
	if (!s || has_blank(s))
		return yfail(y, item, -EINVAL, err,
		             "a package must be a name (globs * and ?) or a purl "
		             "(pkg:deb/debian/openssl)");
	if (!vakt_strncasecmp(s, "pkg:", 4)) {
		if (!vuln_purl_is(s))
			return yfail(y, item, -EINVAL, err,
			             "'%.64s' is not a purl (expected "
			             "pkg:TYPE/NAMESPACE/NAME[@VERSION][?QUALIFIERS])",
			             s);
	} else if (item->len > VULN_IGNORE_MAX_GLOB) {
		return yfail(y, item, -E2BIG, err, "a package name longer than %d bytes",
		             VULN_IGNORE_MAX_GLOB);
	}
	return 0;
}

/* Read list v of the given kind into *out, replacing what it held. */
static int yentry_list(struct yctx *y, const struct vakt_yaml_node *v, enum ylist kind,
                       struct vakt_strv *out, struct vakt_error **err)
{
	static const char *const not_list[] = {
	    [YLIST_PACKAGES] = "'packages' must be a list of package names or purls",
	    [YLIST_PURLS] = "'purls' must be a list of purls",
	    [YLIST_PATHS] = "'paths' must be a list of file paths",
	};

	vakt_strv_release(out);
	if (vakt_yaml_is_null(v))
		return 0;
	if (!vakt_yaml_is_seq(v))
		return yfail(y, v, -EINVAL, err, "%s", not_list[kind]);
	if (v->n > VULN_IGNORE_MAX_PACKAGES)
		return yfail(y, v, -E2BIG, err, "more than %d %s in one entry",
		             VULN_IGNORE_MAX_PACKAGES, kind == YLIST_PATHS ? "paths" : "packages");
	for (size_t i = 0; i < v->n; i++) {
		int r = ylist_item(y, v->items[i], kind, err);

		if (r < 0)
			return r;
		vakt_strv_push(out, ytext(v->items[i]));
	}
	return 0;
}

/* The keys an entry may hold, in the order error messages list them. */
static const char *const entry_keys = "id, reason, expires, packages";

static int yentry(struct yctx *y, const struct vakt_yaml_node *m, struct vakt_error **err)
{
	struct vuln_ignore_entry *e;
	int r = yentry_new(y, m,
	                   "an ignore entry must be a mapping with 'id' and 'reason' (and "
	                   "'expires', 'packages')",
	                   &e, err);

	for (size_t i = 0; r == 0 && i < m->n; i++) {
		const struct vakt_yaml_node *k = m->pairs[i].key, *v = m->pairs[i].value;
		const char *key = vakt_yaml_str(k);

		if (key && !strcmp(key, "id")) {
			r = yentry_id(y, v, e, err);
		} else if (key && !strcmp(key, "reason")) {
			const char *s = ytext(v);

			if (!s)
				return yfail(y, v, -EINVAL, err,
				             "'reason' must be a non-empty string");
			free(e->reason);
			e->reason = reason_dup(s);
		} else if (key && !strcmp(key, "expires")) {
			r = yentry_expiry(y, key, v, e, err);
		} else if (key && !strcmp(key, "packages")) {
			r = yentry_list(y, v, YLIST_PACKAGES, &e->packages, err);
		} else {
			return yfail(y, k, -EINVAL, err,
			             "unknown key '%.64s' in an ignore entry (expected one of %s)",
			             key ? key : "?", entry_keys);
		}
	}
	if (r < 0)
		return r;
	if (!e->id)
		return yfail(y, m, -EINVAL, err, "ignore entry has no 'id'");
	if (!e->reason)
		return yfail(y, m, -EINVAL, err,
		             "the ignore of %s has no 'reason' (say why the vulnerability does not "
		             "apply, so that the next reader can judge it)",
		             e->id);
	return 0;
}

/* --- .trivyignore.yaml ---------------------------------------------------- */

/* Trivy's sections; only `vulnerabilities` holds what vakt image reports as advisories. */
static const char *const trivy_sections[] = {"vulnerabilities", "misconfigurations", "secrets",
                                             "licenses", NULL};

static bool trivy_section(const char *key)
{
	for (size_t i = 0; key && trivy_sections[i]; i++)
		if (!strcmp(key, trivy_sections[i]))
			return true;
	return false;
}

static const char *const trivy_entry_keys = "id, statement, expired_at, purls, paths";

/*
 * An entry of Trivy's `vulnerabilities`: `id`, and optionally `statement`
 * (the reason), `expired_at` (a date), `purls` and `paths`. Trivy passes
 * over keys it does not know; here a misspelt `expired-at` is an error, not
 * an exception without end.
 */
static int ytrivy_entry(struct yctx *y, const struct vakt_yaml_node *m, struct vakt_error **err)
{
	struct vuln_ignore_entry *e;
	int r = yentry_new(y, m,
	                   "a vulnerabilities entry must be a mapping with 'id' (and 'statement', "
	                   "'expired_at', 'purls', 'paths')",
	                   &e, err);

	for (size_t i = 0; r == 0 && i < m->n; i++) {
		const struct vakt_yaml_node *k = m->pairs[i].key, *v = m->pairs[i].value;
		const char *key = vakt_yaml_str(k);

		if (key && !strcmp(key, "id")) {
			r = yentry_id(y, v, e, err);
		} else if (key && !strcmp(key, "statement")) {
			const char *s = ytext(v);

			free(e->reason);
			e->reason = s ? reason_dup(s) : NULL;
		} else if (key && !strcmp(key, "expired_at")) {
			r = yentry_expiry(y, key, v, e, err);
		} else if (key && !strcmp(key, "purls")) {
			r = yentry_list(y, v, YLIST_PURLS, &e->packages, err);
		} else if (key && !strcmp(key, "paths")) {
			r = yentry_list(y, v, YLIST_PATHS, &e->paths, err);
		} else {
			return yfail(
			    y, k, -EINVAL, err,
			    "unknown key '%.64s' in a vulnerabilities entry (expected one of %s)",
			    key ? key : "?", trivy_entry_keys);
		}
	}
	if (r == 0 && !e->id)
		r = yfail(y, m, -EINVAL, err, "vulnerabilities entry has no 'id'");
	return r;
}

/* One of Trivy's sections: `vulnerabilities` read, the others noted as not vakt image's. */
static int ytrivy_section(struct yctx *y, const struct vakt_yaml_node *k,
                          const struct vakt_yaml_node *v, struct vakt_error **err)
{
	const char *key = vakt_yaml_str(k);
	int r;

	if (vakt_yaml_is_null(v))
		return 0;
	if (!vakt_yaml_is_seq(v))
		return yfail(y, v, -EINVAL, err, "'%s' must be a list of entries", key);
	if (strcmp(key, "vulnerabilities")) {
		struct vakt_error *w = NULL;

		if (!v->n)
			return 0;
		/* Trivy's check ids are not advisories: say where such ignores go. */
		vakt_error_set_at(&w, VAKT_WARNING_CODE, y->path, k->line, k->col,
		                  "the %s section is not read: vakt reads only vulnerabilities "
		                  "from a .trivyignore.yaml; ignore vakt's rules in .vakt.yaml "
		                  "(ignore:), where Trivy's ids name the equivalent rule",
		                  key);
		vakt_error_list_add(&y->list.notes, w);
		return 0;
	}
	for (size_t i = 0; i < v->n; i++) {
		r = ytrivy_entry(y, v->items[i], err);
		if (r < 0)
			return r;
	}
	return 0;
}

/* --- the document: .vaktignore's `ignore`, or Trivy's sections ------------- */

static int yroot(struct yctx *y, const struct vakt_yaml_node *root, struct vakt_error **err)
{
	const struct vakt_yaml_node *list = NULL;
	bool trivy = false;
	int r;

	if (!root || vakt_yaml_is_null(root))
		return 0;
	if (!vakt_yaml_is_map(root))
		return yfail(
		    y, root, -EINVAL, err,
		    "the file must be a mapping with the key 'ignore' (a list of entries)");
	for (size_t i = 0; i < root->n; i++)
		trivy |= trivy_section(vakt_yaml_str(root->pairs[i].key));
	for (size_t i = 0; i < root->n; i++) {
		const struct vakt_yaml_node *k = root->pairs[i].key;
		const char *key = vakt_yaml_str(k);

		if (trivy && trivy_section(key)) {
			r = ytrivy_section(y, k, root->pairs[i].value, err);
			if (r < 0)
				return r;
		} else if (trivy) {
			return yfail(y, k, -EINVAL, err,
			             "unknown key '%.64s' (expected vulnerabilities, "
			             "misconfigurations, secrets or licenses, as in a "
			             ".trivyignore.yaml)",
			             key ? key : "?");
		} else if (!key || strcmp(key, "ignore")) {
			return yfail(y, k, -EINVAL, err, "unknown key '%.64s' (expected ignore)",
			             key ? key : "?");
		} else {
			list = root->pairs[i].value;
		}
	}
	if (trivy || !list || vakt_yaml_is_null(list))
		return 0;
	if (!vakt_yaml_is_seq(list))
		return yfail(y, list, -EINVAL, err, "'ignore' must be a list of entries");
	for (size_t i = 0; i < list->n; i++) {
		r = yentry(y, list->items[i], err);
		if (r < 0)
			return r;
	}
	return 0;
}

static int check_size(const char *path, size_t len, struct vakt_error **err)
{
	if (len > VULN_IGNORE_MAX_BYTES)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0,
		                         "file too large: %zu bytes (the limit is %u bytes)", len,
		                         VULN_IGNORE_MAX_BYTES);
	return 0;
}

int vuln_ignore_parse(struct vuln_ignore *ig, const char *path, const char *data, size_t len,
                      const char *today, struct vakt_error **err)
{
	struct vakt_yaml_stream *s = NULL;
	struct vakt_error *yerr = NULL;
	char day[VAKT_DATE_LEN];
	struct yctx y = {.path = path, .today = day};
	int r;

	r = check_size(path, len, err);
	if (r < 0)
		return r;
	date_today(today, day);
	r = vakt_yaml_parse_limited(path, data ? data : "", data ? len : 0, &ignore_limits, &s,
	                            &yerr);
	if (s && s->n_docs > 1) {
		r = vakt_error_set_at(err, -EINVAL, path, s->docs[1].line, 1,
		                      "only one YAML document is allowed");
	} else if (r < 0) {
		if (err && !*err) {
			*err = yerr; /* the parser's own words and position */
			yerr = NULL;
		}
	} else if (s && s->n_docs) {
		r = yroot(&y, s->docs[0].root, err);
	}
	vakt_error_free(yerr);
	vakt_yaml_free(s);
	if (r < 0) {
		vuln_ignore_release(&y.list);
		return r;
	}
	ignore_take(ig, &y.list);
	return 0;
}

/* --- .trivyignore --------------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Trim blanks from both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
	while (*n && is_blank(**s))
		(*s)++, (*n)--;
	while (*n && is_blank((*s)[*n - 1]))
		(*n)--;
}

/* Append s[0..n) to the reason being gathered, a space between parts. */
static void reason_add(struct vakt_buf *b, const char *s, size_t n)
{
	trim(&s, &n);
	if (!n)
		return;
	if (b->len)
		vakt_buf_addc(b, ' ');
	vakt_buf_add(b, s, n);
}

/*
 * One entry line: the id, then words (exp:DATE, or reason). *reason holds
 * the comment lines above it, and is used when the line says nothing more.
 */
static int trivy_line(struct vuln_ignore *list, const char *path, int line, const char *s, size_t n,
                      const char *today, struct vakt_buf *reason, struct vakt_error **err)
{
	struct vakt_buf own = VAKT_BUF_INIT;
	struct vuln_ignore_entry *e;
	size_t w = 0;

	while (w < n && !is_blank(s[w]))
		w++;
	if (list->n >= VULN_IGNORE_MAX_ENTRIES)
		return vakt_error_set_at(err, -E2BIG, path, line, 1, "more than %d ignore entries",
		                         VULN_IGNORE_MAX_ENTRIES);
	if (w > VULN_IGNORE_MAX_STRING || n > VULN_IGNORE_MAX_STRING)
		return vakt_error_set_at(err, -E2BIG, path, line, 1, "a line longer than %d bytes",
		                         VULN_IGNORE_MAX_STRING);
	e = ignore_add(list, path, line);
	e->id = vakt_xstrndup(s, w);
	while (w < n) {
		size_t a, b;

		while (w < n && is_blank(s[w]))
			w++;
		a = w;
		if (w < n && s[w] == '#') {
			reason_add(&own, s + w + 1, n - w - 1);
			break;
		}
		while (w < n && !is_blank(s[w]))
			w++;
		b = w;
		if (b - a >= 4 && !memcmp(s + a, "exp:", 4)) {
			if (!vakt_date_valid(s + a + 4, b - a - 4)) {
				vakt_buf_release(&own);
				return vakt_error_set_at(err, -EINVAL, path, line, (int)a + 1,
				                         "'%.*s' is not an expiry date: expected "
				                         "exp:YYYY-MM-DD (e.g. exp:2027-03-31)",
				                         (int)(b - a > 64 ? 64 : b - a), s + a);
			}
			entry_expires(e, s + a + 4, today);
		} else {
			reason_add(&own, s + a, b - a);
		}
	}
	if (own.len) {
		e->reason = vakt_buf_detach(&own);
	} else if (reason->len) {
		e->reason = vakt_buf_detach(reason);
	}
	vakt_buf_release(&own);
	vakt_buf_reset(reason);
	return 0;
}

int vuln_ignore_parse_trivy(struct vuln_ignore *ig, const char *path, const char *data, size_t len,
                            const char *today, struct vakt_error **err)
{
	struct vuln_ignore list = {0};
	struct vakt_buf reason = VAKT_BUF_INIT;
	char day[VAKT_DATE_LEN];
	size_t pos = 0;
	int line = 0, r;

	r = check_size(path, len, err);
	if (r < 0)
		return r;
	date_today(today, day);
	while (pos < len) {
		const char *s = data + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;

		pos += n + (nl != NULL);
		line++;
		trim(&s, &n);
		if (!n) {
			/* A blank line ends the comment block above an entry. */
			vakt_buf_reset(&reason);
			continue;
		}
		if (s[0] == '#') {
			if (reason.len + n < VULN_IGNORE_MAX_STRING)
				reason_add(&reason, s + 1, n - 1);
			continue;
		}
		if (memchr(s, '\0', n)) {
			r = vakt_error_set_at(err, -EINVAL, path, line, 1,
			                      "a NUL byte: expected one vulnerability id a line");
			break;
		}
		r = trivy_line(&list, path, line, s, n, day, &reason, err);
		if (r < 0)
			break;
	}
	vakt_buf_release(&reason);
	if (r < 0) {
		vuln_ignore_release(&list);
		return r;
	}
	ignore_take(ig, &list);
	return 0;
}

/* Whether name ends in suffix. */
static bool ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n >= k && !strcmp(name + n - k, suffix);
}

/* Whether line s[0..n) opens a YAML ignore file. */
static bool yaml_opener(const char *s, size_t n)
{
	static const char *const keys[] = {"ignore",  "vulnerabilities", "misconfigurations",
	                                   "secrets", "licenses",        NULL};

	if (n >= 3 && !memcmp(s, "---", 3))
		return true;
	for (size_t i = 0; keys[i]; i++) {
		size_t k = strlen(keys[i]), j;

		if (n <= k || memcmp(s, keys[i], k))
			continue;
		for (j = k; j < n && (s[j] == ' ' || s[j] == '\t'); j++)
			;
		if (j < n && s[j] == ':')
			return true;
	}
	return false;
}

enum vuln_ignore_format vuln_ignore_format_of(const char *path, const char *data, size_t len)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	size_t at = 0;

	if (!strcmp(name, VULN_TRIVYIGNORE_NAME))
		return VULN_IGNORE_LINES;
	if (!strcmp(name, VULN_IGNORE_NAME) || ends_with(name, ".yaml") || ends_with(name, ".yml"))
		return VULN_IGNORE_YAML;
	while (at < len) {
		const char *nl = memchr(data + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - data) : len;
		const char *s = data + at;
		size_t n = end - at;

		at = end + 1;
		trim(&s, &n);
		if (n && s[0] != '#')
			return yaml_opener(s, n) ? VULN_IGNORE_YAML : VULN_IGNORE_LINES;
	}
	return VULN_IGNORE_LINES;
}
