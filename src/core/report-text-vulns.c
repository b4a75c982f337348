/* SPDX-License-Identifier: MIT */
/*
 * The text report's block of advisories (findings with an id of their own:
 * IM020's vulnerabilities), grouped by package: a package line saying where
 * it is (the file that declares an application package, the source a Debian
 * binary was built with, the layer), then one line per advisory.
 */
#include "report-text-priv.h"

/* A finding of the block, with what orders it. */
struct text_vuln {
	const struct vakt_finding *x;
	const struct vakt_finding_ext *e;
	const char *pkg, *version; /* the "package" and "installed_version" details */
	/*
	 * What else tells one package from another of the same name: the
	 * files that declare an application package, or the source a Debian
	 * binary was built with (Built-Using); "" for none.
	 */
	const char *where;
	int pkg_sev; /* the package's most severe finding */
};

static const char *detail_or(const struct vakt_finding_ext *e, const char *key, const char *def)
{
	const char *v = vakt_finding_ext_detail(e, key);

	return v && *v ? v : def;
}

/* Packages most severe first, then by name; a package's findings most severe first, by id. */
static int vuln_cmp(const void *pa, const void *pb)
{
	const struct text_vuln *a = pa, *b = pb;
	int c;

	if (a->pkg_sev != b->pkg_sev)
		return a->pkg_sev > b->pkg_sev ? -1 : 1;
	if ((c = strcmp(a->pkg, b->pkg)) || (c = strcmp(a->version, b->version)) ||
	    (c = strcmp(a->where, b->where)))
		return c;
	if (a->x->suppressed != b->x->suppressed)
		return a->x->suppressed ? 1 : -1;
	if (a->x->severity != b->x->severity)
		return a->x->severity > b->x->severity ? -1 : 1;
	return strcmp(a->e->id, b->e->id);
}

static int vuln_pkg_cmp(const void *pa, const void *pb)
{
	const struct text_vuln *a = pa, *b = pb;
	int c = strcmp(a->pkg, b->pkg);

	if (!c)
		c = strcmp(a->version, b->version);
	return c ? c : strcmp(a->where, b->where);
}

/*
 * " (Dockerfile:5)", " (from the base image: FROM debian:12, Dockerfile:1)"
 * or " (not matched to Dockerfile)": where vakt image --dockerfile found the
 * package's layer (the details img_origin_details() gives).
 */
static void text_vuln_dockerfile(const struct text_ctx *t, const struct vakt_finding_ext *e)
{
	const char *file = detail_or(e, "dockerfile", NULL);
	const char *origin = detail_or(e, "dockerfile_origin", "");
	const char *line = detail_or(e, "dockerfile_line", NULL);
	const char *instr = detail_or(e, "dockerfile_instruction", NULL);

	if (!file)
		return;
	fputs(" (", t->f);
	if (!line) {
		fputs("not matched to ", t->f);
	} else if (!strcmp(origin, "base-image") && instr) {
		fputs("from the base image: ", t->f);
		vakt_fputs_safe(t->f, instr, 0);
		fputs(", ", t->f);
	}
	vakt_fputs_safe(t->f, file, 0);
	if (line) {
		fputc(':', t->f);
		vakt_fputs_safe(t->f, line, 0);
	}
	fputc(')', t->f);
}

/* ", declared in app/package-lock.json" or ", built with golang-1.19 1.19.8-2". */
static void text_vuln_where(const struct text_ctx *t, const struct text_vuln *v)
{
	if (!*v->where)
		return;
	for (size_t i = 0; i < v->e->n_details; i++) {
		char **l = v->e->details[i].list;

		if (strcmp(v->e->details[i].key, "declared_in") || !l)
			continue;
		fputs(", declared in ", t->f);
		for (size_t k = 0; l[k]; k++) {
			if (k)
				fputs(l[k + 1] ? ", " : " and ", t->f);
			vakt_fputs_safe(t->f, l[k], 0);
		}
		return;
	}
	fputs(", built with ", t->f);
	vakt_fputs_safe(t->f, v->where, 0);
	fputc(' ', t->f);
	vakt_fputs_safe(t->f, detail_or(v->e, "matched_version", ""), 0);
}

/* "util-linux 2.38.1-5 (bsdutils 1:2.38.1-5), layer 2: RUN apt-get install ..." */
static void text_vuln_package(const struct text_ctx *t, const struct text_vuln *v)
{
	const char *src = detail_or(v->e, "source_package", NULL);
	const char *src_ver = detail_or(v->e, "source_version", v->version);
	const char *layer = detail_or(v->e, "layer", NULL);
	const char *by = detail_or(v->e, "created_by", NULL);

	fputs("  ", t->f);
	text_on(t, C_BOLD);
	if (src && strcmp(src, v->pkg)) {
		vakt_fputs_safe(t->f, src, 0);
		fputc(' ', t->f);
		vakt_fputs_safe(t->f, src_ver, 0);
		text_off(t);
		fputs(" (", t->f);
		vakt_fputs_safe(t->f, v->pkg, 0);
		fputc(' ', t->f);
		vakt_fputs_safe(t->f, v->version, 0);
		fputc(')', t->f);
	} else {
		vakt_fputs_safe(t->f, v->pkg, 0);
		fputc(' ', t->f);
		vakt_fputs_safe(t->f, v->version, 0);
		text_off(t);
	}
	text_vuln_where(t, v);
	if (layer) {
		fputs(", layer ", t->f);
		vakt_fputs_safe(t->f, layer, 0);
		if (by) {
			fputs(": ", t->f);
			vakt_text_put_prose(t->f, by, strlen(by) > 60 ? 60 : strlen(by));
			if (strlen(by) > 60)
				fputs(TEXT_ELLIPSIS, t->f);
		}
	}
	text_vuln_dockerfile(t, v->e);
	fputc('\n', t->f);
}

/* "    HIGH      CVE-2024-0001        fixed in 2.38.1-5+deb12u1  title" */
static void text_vuln_line(const struct text_ctx *t, const struct text_vuln *v)
{
	enum vakt_severity sev = sev_clamp(v->x->severity);
	const char *fixed = detail_or(v->e, "fixed_version", NULL);
	const char *status = detail_or(v->e, "status", NULL);
	const char *title = detail_or(v->e, "title", NULL);
	int col;

	fputs("    ", t->f);
	text_on(t, vakt_text_sev_color[sev]);
	fputs(vakt_text_sev_label[sev], t->f);
	text_off(t);
	fprintf(t->f, "%*s  ", TEXT_SEV_WIDTH - (int)strlen(vakt_text_sev_label[sev]), "");
	vakt_fputs_safe(t->f, v->e->id, 0);
	col = (int)strlen(v->e->id);
	fprintf(t->f, "%*s  ", col < 20 ? 20 - col : 0, "");
	if (fixed) {
		fputs("fixed in ", t->f);
		vakt_fputs_safe(t->f, fixed, 0);
		col = 9 + (int)strlen(fixed);
	} else {
		status = status ? status : "no fix yet";
		vakt_fputs_safe(t->f, status, 0);
		col = (int)strlen(status);
	}
	if (title) {
		fprintf(t->f, "%*s  ", col < 30 ? 30 - col : 0, "");
		vakt_text_put_prose(t->f, title, strlen(title));
	}
	vakt_text_suppressed(t, v->x);
	fputc('\n', t->f);
	if (v->e->aliases && v->e->aliases[0]) {
		fprintf(t->f, "    %*s  ", TEXT_SEV_WIDTH, "");
		text_on(t, C_DIM);
		fputs("also ", t->f);
		for (char **a = v->e->aliases; *a; a++) {
			if (a != v->e->aliases)
				fputs(", ", t->f);
			vakt_fputs_safe(t->f, *a, 0);
		}
		text_off(t);
		fputc('\n', t->f);
	}
}

/*
 * The advisories of one file (an image) as a block: a line of counts, then
 * each package (most severe first) with its advisories one line each, then
 * the fix and rule once. 300 advisories in an old base image read as a
 * list of packages to upgrade, not 300 explanations.
 */
void vakt_text_vulns(const struct text_ctx *t, const struct vakt_scan_result *res,
                     const size_t *fidx, size_t n)
{
	struct text_vuln *v = vakt_xcalloc(n, sizeof(*v));
	size_t by_sev[VAKT_SEV_COUNT] = {0}, packages = 0, fixable = 0, shown = 0;

	for (size_t k = 0; k < n; k++) {
		v[k].x = &res->findings.v[fidx[k]];
		v[k].e = vakt_findings_ext_of(&res->findings, v[k].x);
		v[k].pkg =
		    detail_or(v[k].e, "package", v[k].x->loc.object ? v[k].x->loc.object : "-");
		v[k].version = detail_or(v[k].e, "installed_version", "");
		v[k].where = detail_or(v[k].e, "declared_in", "");
		if (!*v[k].where && !strcmp(detail_or(v[k].e, "matched_by", ""), "built-using"))
			v[k].where = detail_or(v[k].e, "matched_name", "");
		if (!v[k].x->suppressed) {
			by_sev[sev_clamp(v[k].x->severity)]++;
			fixable += detail_or(v[k].e, "fixed_version", NULL) != NULL;
			shown++;
		}
	}
	/* Each package's most severe unsuppressed finding ranks it. */
	qsort(v, n, sizeof(*v), vuln_pkg_cmp);
	for (size_t k = 0, end; k < n; k = end) {
		int top = -1;

		for (end = k; end < n && !vuln_pkg_cmp(&v[k], &v[end]); end++)
			if (!v[end].x->suppressed && (int)v[end].x->severity > top)
				top = (int)v[end].x->severity;
		for (size_t j = k; j < end; j++)
			v[j].pkg_sev = top;
		packages++;
	}
	qsort(v, n, sizeof(*v), vuln_cmp);
	fputs("  ", t->f);
	text_on(t, C_BOLD);
	fprintf(t->f, "%zu known vulnerabilit%s", shown, shown == 1 ? "y" : "ies");
	text_off(t);
	fprintf(t->f,
	        " (%zu critical, %zu high, %zu medium, %zu low, %zu info) in %zu package%s, "
	        "%zu with a fix\n\n",
	        by_sev[VAKT_SEV_CRITICAL], by_sev[VAKT_SEV_HIGH], by_sev[VAKT_SEV_MEDIUM],
	        by_sev[VAKT_SEV_LOW], by_sev[VAKT_SEV_INFO], packages, packages == 1 ? "" : "s",
	        fixable);
	for (size_t k = 0; k < n; k++) {
		if (!k || vuln_pkg_cmp(&v[k - 1], &v[k]))
			text_vuln_package(t, &v[k]);
		text_vuln_line(t, &v[k]);
	}
	if (v[0].x->rule->remediation && *v[0].x->rule->remediation)
		vakt_text_fix(t, v[0].x->rule->remediation);
	fputs("    ", t->f);
	text_on(t, C_DIM);
	fprintf(t->f, "rule: %s", v[0].x->rule->slug ? v[0].x->rule->slug : v[0].x->rule->id);
	if (v[0].x->rule->title)
		fprintf(t->f, ": %s", v[0].x->rule->title);
	text_off(t);
	fputs("\n\n", t->f);
	free(v);
}
