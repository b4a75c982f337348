/* SPDX-License-Identifier: MIT */
/*
 * Known vulnerabilities of a list of packages (vuln-check.h): each package
 * looked up in the local OSV database under its ecosystem, the matching
 * records judged against its version and folded into one hit per
 * vulnerability, rated by the distribution's own word or the records' CVSS
 * vectors, then checked against the ignore files and VEX documents. Nothing
 * here touches the network. Cleanup style: `goto out`.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/source.h"
#include "core/util.h"
#include "knowledge/cvss.h"
#include "pkg/pkg.h"
#include "vuln/vuln-check.h"
#include "vuln/vuln-db.h"
#include "vuln/vuln-match.h"
#include "vuln/vuln-merge.h"

static void warn(struct vakt_error_list *w, int code, const char *fmt, ...) VAKT_PRINTF(3, 4);

static void warn(struct vakt_error_list *w, int code, const char *fmt, ...)
{
	struct vakt_error *e = NULL;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set(&e, code, "%s", msg);
	free(msg);
	vakt_error_list_add(w, e);
}

static void strv_add(char ***v, size_t *n, const char *s)
{
	*v = vakt_xrealloc(*v, (*n + 2) * sizeof(**v));
	(*v)[(*n)++] = vakt_xstrdup(s);
	(*v)[*n] = NULL;
}

/* Debian urgency, Ubuntu priority and the like, as vakt's severities; -1: no rating. */
static int urgency_severity(const char *w)
{
	static const struct {
		const char *word;
		enum vakt_severity sev;
	} words[] = {
	    {"unimportant", VAKT_SEV_INFO}, {"negligible", VAKT_SEV_INFO},
	    {"low", VAKT_SEV_LOW},          {"medium", VAKT_SEV_MEDIUM},
	    {"moderate", VAKT_SEV_MEDIUM},  {"high", VAKT_SEV_HIGH},
	    {"important", VAKT_SEV_HIGH},   {"critical", VAKT_SEV_CRITICAL},
	};
	char buf[32];
	size_t n = 0;

	if (!w)
		return -1;
	/* "low*" and "medium**" are the tracker's marks for a guess. */
	for (; w[n] && w[n] != '*' && n + 1 < sizeof(buf); n++)
		buf[n] = (char)(w[n] >= 'A' && w[n] <= 'Z' ? w[n] - 'A' + 'a' : w[n]);
	buf[n] = '\0';
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(words); i++)
		if (!strcmp(buf, words[i].word))
			return (int)words[i].sev;
	return -1;
}

/* Rate out by a distribution's word unless it rates higher already; whether out is rated. */
static bool rate_word(const char *word, struct vuln_rating *out)
{
	int sev = urgency_severity(word);

	if (sev < 0 || (out->own && sev <= (int)out->sev))
		return out->own;
	out->sev = (enum vakt_severity)sev;
	out->own = true;
	snprintf(out->source, sizeof(out->source), "distribution");
	return true;
}

/* The newest CVSS version among the group's vectors that scores (v4.0, v3.1, v3.0, v2.0). */
static bool rate_cvss(const struct vuln_group *g, struct vuln_rating *out)
{
	int best = -1;

	for (size_t i = 0; i < g->n_severity; i++) {
		const struct vuln_severity *s = g->severity[i].severity;
		struct know_cvss_score sc;
		struct vakt_error *err = NULL;

		if (s->type != VULN_SEV_CVSS_V2 && s->type != VULN_SEV_CVSS_V3 &&
		    s->type != VULN_SEV_CVSS_V4)
			continue;
		if (know_cvss_score(s->score, &sc, &err) < 0) {
			vakt_error_free(err);
			continue;
		}
		if ((int)sc.version <= best)
			continue;
		best = (int)sc.version;
		out->sev = know_cvss_band_severity(know_cvss_band(sc.version, sc.base));
		out->own = true;
		out->vector = s->score;
		out->cvss_version = know_cvss_version_name(sc.version);
		snprintf(out->source, sizeof(out->source), "cvss_v%s", out->cvss_version);
		snprintf(out->score, sizeof(out->score), "%d.%d", sc.base / 10, sc.base % 10);
	}
	return out->own;
}

/*
 * The rating AlmaLinux and Rocky summaries lead with, Red Hat's
 * ("Important: ..."); whether out is rated.
 */
static bool rate_summary(const char *summary, struct vuln_rating *out)
{
	const char *colon = summary ? strchr(summary, ':') : NULL;
	char word[16];

	if (!colon || colon - summary >= (long)sizeof(word))
		return out->own;
	memcpy(word, summary, (size_t)(colon - summary));
	word[colon - summary] = '\0';
	return rate_word(word, out);
}

/*
 * A finding's rating. First the distribution's word on the package in its
 * release (Debian urgency, Ubuntu priority, the highest when members
 * differ; else the rating an AlmaLinux or Rocky advisory's summary leads
 * with): it judges the package as the distribution builds it, where a
 * record's CVSS vector (NVD's, which osv.dev copies onto DEBIAN-CVE records)
 * judges the upstream code (CVE-2016-1585: 9.8, "unimportant" in Debian).
 * Trivy too takes the vendor's severity first for OS packages. Then the
 * CVSS vectors, else none: the rule's default.
 */
static void rate(const struct vuln_group *g, const struct vakt_rule *rule, struct vuln_rating *out)
{
	bool rated = false;

	memset(out, 0, sizeof(*out));
	out->sev = rule->severity;
	snprintf(out->source, sizeof(out->source), "none");
	for (size_t i = 0; i < g->n_urgency; i++)
		rated = rate_word(g->urgency[i], out);
	if (!rated && !rate_summary(g->summary, out))
		rate_cvss(g, out);
}

/* Links for a finding: the distribution's page for a CVE, then OSV's page of each record. */
static void links_for(const char *eco, const struct vuln_group *g, const struct vuln_match *m,
                      char ***out)
{
	size_t n = 0;
	char *u = NULL;

	*out = NULL;
	if (vuln_id_is_cve(g->primary)) {
		if (!strncmp(eco, "Debian", 6))
			u = vakt_xasprintf("https://security-tracker.debian.org/tracker/%s",
			                   g->primary);
		else if (!strncmp(eco, "Ubuntu", 6))
			u = vakt_xasprintf("https://ubuntu.com/security/%s", g->primary);
		else if (!strncmp(eco, "Alpine", 6))
			u = vakt_xasprintf("https://security.alpinelinux.org/vuln/%s", g->primary);
		else
			u = vakt_xasprintf("https://nvd.nist.gov/vuln/detail/%s", g->primary);
		strv_add(out, &n, u);
		free(u);
	}
	for (size_t i = 0; i < g->n_members; i++) {
		const char *id = m[g->members[i]].record->id;

		u = vakt_xasprintf("https://osv.dev/vulnerability/%s", id);
		strv_add(out, &n, u);
		free(u);
	}
}

/* "fixed", "no fix yet", "will not fix", "fixed for some of its records". Static. */
static const char *group_status(const struct vuln_group *g)
{
	if (g->fixed)
		return g->partly_fixed ? "partly fixed" : "fixed";
	return g->wont_fix ? "will not fix" : "no fix yet";
}

/* Read the ignore files (given, else .vaktignore and .trivyignore where vakt runs). */
static void ignores_read(struct vuln_check *v, const struct vakt_vuln_opts *o, const char *today,
                         const struct vuln_check_report *res)
{
	static const char *const defaults[] = {VULN_IGNORE_NAME, VULN_TRIVYIGNORE_NAME,
	                                       VULN_TRIVYIGNORE_YAML_NAME, NULL};
	const char *const *files = o->ignore_files ? o->ignore_files : defaults;

	for (size_t i = 0; files[i]; i++) {
		struct vakt_source *src = NULL;
		struct vakt_error *err = NULL;
		int r;

		/* A default file that is not there is no error; a named one is. */
		if (!o->ignore_files && access(files[i], F_OK) < 0)
			continue;
		r = vakt_source_read(files[i], VULN_IGNORE_MAX_BYTES, &src, &err);
		if (r == 0)
			r = (vuln_ignore_format_of(files[i], src->data, src->len) ==
			             VULN_IGNORE_LINES
			         ? vuln_ignore_parse_trivy
			         : vuln_ignore_parse)(&v->ignore, files[i], src->data, src->len,
			                              today, &err);
		if (r < 0)
			vakt_error_list_add(res->errors, err);
		vakt_source_free(src);
	}
}

static void vex_read(struct vuln_check *v, const struct vakt_vuln_opts *o,
                     const struct vuln_check_report *res)
{
	for (size_t i = 0; o->vex_files && o->vex_files[i]; i++) {
		struct vakt_source *src = NULL;
		struct vakt_error *err = NULL;
		int r = vakt_source_read(o->vex_files[i], VULN_VEX_MAX_BYTES, &src, &err);

		if (r == 0)
			r = vuln_vex_parse(&v->vex, o->vex_files[i], src->data, src->len, &err);
		if (r < 0)
			vakt_error_list_add(res->errors, err);
		vakt_source_free(src);
	}
}

/* Whether recs[0..n) holds a record with this id. */
static bool has_record(const struct vuln_record_list *recs, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(recs->v[i].id, id))
			return true;
	return false;
}

/* Insert path into the sorted NULL-terminated list *v, unless it is there. */
static void strv_insert_sorted(char ***v, const char *path)
{
	size_t n = 0, at;

	while (*v && (*v)[n])
		n++;
	for (at = 0; at < n && strcmp((*v)[at], path) < 0; at++)
		;
	if (at < n && !strcmp((*v)[at], path))
		return;
	*v = vakt_xrealloc(*v, (n + 2) * sizeof(**v));
	memmove(*v + at + 1, *v + at, (n + 1 - at) * sizeof(**v));
	(*v)[at] = vakt_xstrdup(path);
}

/*
 * Whether application package p (in another file) already has this
 * vulnerability at this version: a lock file and the installed metadata
 * declare the same package, which is one thing to fix. Its file is added
 * to that finding's list instead.
 */
static bool declared_also(struct vuln_check *v, const struct pkg_list *pkgs, const struct pkg *p,
                          const struct vuln_pkg_key *key, const struct vuln_group *g)
{
	for (size_t i = 0; i < v->n; i++) {
		struct vuln_hit *f = &v->v[i];
		const struct pkg *q = &pkgs->v[f->pkg];

		if (q->type == p->type && f->declared_in && !strcmp(f->id, g->primary) &&
		    !strcmp(f->matched_name, key->name) &&
		    !strcmp(f->matched_version, key->version)) {
			strv_insert_sorted(&f->declared_in, p->found_in);
			return true;
		}
	}
	return false;
}

static void finding_add(struct vuln_check *v, const struct pkg_list *pkgs, size_t pi,
                        const struct vuln_pkg_key *key, const struct vuln_group *g,
                        const struct vuln_match *m, const struct vakt_vuln_opts *o)
{
	const struct pkg *p = &pkgs->v[pi];
	struct vuln_hit *f;
	const struct vuln_ignore_entry *ig;
	const struct vuln_vex_statement *st;
	size_t n = 0;

	if (p->found_in && v->merge_declarations && declared_also(v, pkgs, p, key, g))
		return;
	if (!g->fixed && o->ignore_unfixed) {
		v->hidden_unfixed++;
		return;
	}
	v->v = vakt_grow(v->v, sizeof(*v->v), v->n + 1, &v->cap);
	f = &v->v[v->n++];
	memset(f, 0, sizeof(*f));
	f->pkg = pi;
	f->id = vakt_xstrdup(g->primary);
	for (size_t i = 1; i < g->n_ids; i++)
		strv_add(&f->aliases, &n, g->ids[i]);
	f->fixed = g->fixed ? vakt_xstrdup(g->fixed) : NULL;
	f->status = group_status(g);
	f->basis = vakt_xstrdup(m[g->fixed ? g->fixed_by : g->members[0]].verdict.basis);
	f->title = g->summary ? vakt_xstrdup(g->summary) : NULL;
	f->ecosystem = vakt_xstrdup(key->ecosystem);
	f->matched_name = vakt_xstrdup(key->name);
	f->matched_version = vakt_xstrdup(key->version);
	f->matched_by = vuln_key_kind_name(key->kind);
	if (p->found_in) {
		size_t nd = 0;

		strv_add(&f->declared_in, &nd, p->found_in);
	}
	rate(g, v->rule, &f->rating);
	f->vector = f->rating.vector ? vakt_xstrdup(f->rating.vector) : NULL;
	f->rating.vector = NULL; /* borrowed from the record: f->vector is the copy */
	links_for(key->ecosystem, g, m, &f->links);
	ig = vuln_ignore_match(&v->ignore, g->ids, g->n_ids, p);
	if (ig) {
		f->suppressed = vakt_xasprintf("%s:%d: %s", ig->file, ig->line,
		                               ig->reason ? ig->reason : "ignored");
		return;
	}
	st = vuln_vex_find(&v->vex, g->ids, g->n_ids, p->purl, NULL);
	f->vex = st;
	if (st && vuln_vex_suppresses(st->status))
		f->suppressed = vakt_xasprintf(
		    "VEX %s: %s%s%s", st->file, vuln_vex_status_name(st->status),
		    st->justification ? ", " : "", st->justification ? st->justification : "");
}

/*
 * Look package pi up by each of its keys, judge what the database holds
 * against its version, and add a finding per vulnerability.
 */
static int package_judge(struct vuln_check *v, struct vuln_db *db, const struct pkg_list *pkgs,
                         size_t pi, const struct vuln_eco *eco, const char *subject,
                         const struct vakt_vuln_opts *o, const struct vuln_check_report *res,
                         struct vakt_error **err)
{
	const struct pkg *p = &pkgs->v[pi];
	struct vuln_pkg_key *keys = v->keys;
	size_t nk = vuln_pkg_keys(p, eco, keys), nm = 0, total = 0, left_out = 0;
	struct vuln_record_list recs = {0};
	size_t *key_of = NULL;
	struct vuln_match *m = NULL;
	struct vuln_group_list groups = {0};
	int r = 0;

	nk += vuln_built_using_keys(p, eco, keys + nk, VULN_BUILT_USING_MAX, &left_out);
	if (left_out)
		warn(res->warnings, -E2BIG,
		     "%s: %zu Built-Using entr%s of package %s not checked for known "
		     "vulnerabilities (not \"source (= version)\", too long, or beyond %d)",
		     subject, left_out, left_out == 1 ? "y was" : "ies were", p->name,
		     VULN_BUILT_USING_MAX);
	for (size_t k = 0; k < nk; k++) {
		size_t from = recs.n;

		r = vuln_db_lookup(db, keys[k].ecosystem, keys[k].name, &recs, err);
		if (r < 0)
			goto out;
		/* The source rpm's key finds the binary's records again: keep each once. */
		for (size_t i = from; i < recs.n;) {
			if (has_record(&recs, from, recs.v[i].id)) {
				vuln_record_release(&recs.v[i]);
				recs.v[i] = recs.v[--recs.n];
			} else {
				i++;
			}
		}
		key_of = vakt_xrealloc(key_of, (recs.n ? recs.n : 1) * sizeof(*key_of));
		for (size_t i = from; i < recs.n; i++)
			key_of[i] = k;
	}
	for (size_t i = 0; i < recs.n; i++)
		total += recs.v[i].n_affected;
	m = vakt_xcalloc(total ? total : 1, sizeof(*m));
	for (size_t i = 0; i < recs.n; i++) {
		const struct vuln_pkg_key *key = &keys[key_of[i]];

		if (vuln_record_withdrawn(&recs.v[i]))
			continue;
		for (size_t a = 0; a < recs.v[i].n_affected; a++) {
			m[nm].record = &recs.v[i];
			m[nm].affected = &recs.v[i].affected[a];
			if (vuln_match_affected(key->scheme, m[nm].affected, key->version,
			                        &m[nm].verdict) == 0 &&
			    m[nm].verdict.affected)
				nm++;
		}
	}
	vuln_merge(eco->scheme, m, nm, &groups);
	for (size_t g = 0; g < groups.n; g++) {
		const struct vuln_match *first = &m[groups.v[g].members[0]];

		finding_add(v, pkgs, pi, &keys[key_of[first->record - recs.v]], &groups.v[g], m, o);
	}
out:
	vuln_group_list_release(&groups);
	free(m);
	free(key_of);
	vuln_record_list_release(&recs);
	return r;
}

/* The database's age against the policy: a warning, or an error when asked to fail. */
static void age_check(const struct vuln_db_info *info, const char *path,
                      const struct vakt_vuln_opts *o, const struct vuln_check_report *res)
{
	int64_t max = o->max_age_hours ? o->max_age_hours : VULN_CHECK_DB_MAX_AGE_HOURS;
	int64_t age = info->imported_at ? ((int64_t)time(NULL) - info->imported_at) / 3600 : -1;
	struct vakt_error *e = NULL;

	if (age >= 0 && age <= max)
		return;
	vakt_error_set(&e, -ESTALE,
	               "the vulnerability database '%s' was last updated %lld hours ago, more than "
	               "%lld (--db-max-age): vulnerabilities published since are not reported; "
	               "`vakt db update` refreshes it",
	               path, (long long)age, (long long)max);
	vakt_error_list_add(o->fail_stale ? res->errors : res->warnings, e);
}

void vuln_check_run(struct vuln_check *v, const struct vakt_vuln_opts *o, bool merge,
                    const struct vakt_rule *rule, const struct pkg_list *pkgs,
                    const struct pkg_os *os, const char *subject,
                    const struct vuln_check_report *res)
{
	struct vuln_db *db = NULL;
	struct vuln_db_info info = {0};
	struct vakt_error *err = NULL;
	char *path = NULL, today[11];
	bool seen_type[PKG_TYPE_COUNT] = {false};
	struct vuln_eco eco[PKG_TYPE_COUNT];
	time_t now = time(NULL);
	struct tm tm;
	int r;

	memset(v, 0, sizeof(*v));
	v->merge_declarations = merge;
	v->rule = rule;
	if (!pkgs->n)
		return;
	path = o->db ? vakt_xstrdup(o->db) : vuln_db_default_path(&err);
	if (!path) {
		vakt_error_list_add(res->warnings, err);
		goto out;
	}
	r = vuln_db_open(path, VULN_DB_READ, &db, &err);
	if (r == -ENOENT) {
		/* Everything else is still checked: say what is not. */
		vakt_error_free(err);
		warn(res->warnings, -ENOENT,
		     "no vulnerability database at '%s': the packages were not checked for known "
		     "vulnerabilities; `vakt db update` downloads one, `vakt db import` reads OSV "
		     "files, --db names another",
		     path);
		goto out;
	}
	if (r < 0 || vuln_db_get_info(db, &info, &err) < 0) {
		vakt_error_list_add(res->errors, err);
		goto out;
	}
	v->checked = true;
	v->keys = vakt_xcalloc(VULN_PKG_KEYS_MAX + VULN_BUILT_USING_MAX, sizeof(*v->keys));
	age_check(&info, path, o, res);
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	ignores_read(v, o, today, res);
	vex_read(v, o, res);
	for (size_t i = 0; i < pkgs->n; i++) {
		const struct pkg *p = &pkgs->v[i];
		int has = 0;

		if (!seen_type[p->type]) {
			seen_type[p->type] = true;
			vuln_eco_for(os, p->type, &eco[p->type]);
			if (!eco[p->type].covered) {
				warn(res->warnings, -ENOTSUP,
				     "%s: %s packages were not checked for known "
				     "vulnerabilities: %s",
				     subject, pkg_type_name(p->type), eco[p->type].why);
			} else if (vuln_db_has_ecosystem(db, eco[p->type].name, &has, &err) < 0) {
				vakt_error_list_add(res->errors, err);
				err = NULL;
				eco[p->type].covered = false;
			} else if (!has) {
				warn(res->warnings, -ENODATA,
				     "%s: the vulnerability database holds no records for %s, so "
				     "its "
				     "packages could not be checked; `vakt db update --ecosystem "
				     "%.*s` "
				     "fetches them",
				     subject, eco[p->type].name,
				     (int)strcspn(eco[p->type].name, ":"), eco[p->type].name);
				eco[p->type].covered = false;
			}
		}
		if (!eco[p->type].covered)
			continue;
		if (package_judge(v, db, pkgs, i, &eco[p->type], subject, o, res, &err) < 0) {
			vakt_error_list_add(res->errors, err);
			err = NULL;
			break;
		}
	}
	vuln_ignore_warnings(&v->ignore, true, res->warnings);
	if (v->hidden_unfixed)
		warn(res->warnings, VAKT_WARNING_CODE,
		     "%s: %zu vulnerabilit%s without a fix left out (--ignore-unfixed)", subject,
		     v->hidden_unfixed, v->hidden_unfixed == 1 ? "y" : "ies");
out:
	vuln_db_info_release(&info);
	vuln_db_close(db);
	free(path);
}

static void vuln_free(struct vuln_hit *f)
{
	free(f->id);
	for (char **a = f->aliases; a && *a; a++)
		free(*a);
	free(f->aliases);
	for (char **a = f->links; a && *a; a++)
		free(*a);
	free(f->links);
	free(f->fixed);
	free(f->basis);
	free(f->title);
	free(f->ecosystem);
	free(f->matched_name);
	free(f->matched_version);
	free(f->vector);
	free(f->suppressed);
	for (char **a = f->declared_in; a && *a; a++)
		free(*a);
	free(f->declared_in);
}

void vuln_check_release(struct vuln_check *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++)
		vuln_free(&v->v[i]);
	free(v->v);
	vuln_ignore_release(&v->ignore);
	vuln_vex_release(&v->vex);
	free(v->keys);
	memset(v, 0, sizeof(*v));
}
