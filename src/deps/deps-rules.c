/* SPDX-License-Identifier: MIT */
/*
 * The rules of the deps domain (DP001-DP099): what a project's own lock and
 * requirements files say about how it installs its dependencies. This
 * table is the single source of each rule's text.
 */
#include "core/check.h"
#include "deps.h"

#define PIP_REPEATABLE "https://pip.pypa.io/en/stable/topics/repeatable-installs/"
#define PIP_SECURE     "https://pip.pypa.io/en/stable/topics/secure-installs/"
#define PIP_REQ_FORMAT "https://pip.pypa.io/en/stable/reference/requirements-file-format/"
#define PIP_TOOLS      "https://pip-tools.readthedocs.io/en/stable/"
#define OSV_SCHEMA     "https://ossf.github.io/osv-schema/"
#define DOC_VULNS      "https://github.com/vakt-security/vakt/blob/main/docs/vulnerabilities.md"

#define REFS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_PEERS  ((const char *const[]){NULL})

/*
 * DP001: each requirement that pins nothing, where nothing else pins it
 * (struct deps_file.quiet). The finding covers the requirement as written
 * on its first line.
 */
static void dp001_check(struct vakt_check_ctx *ctx)
{
	const struct deps_file *f = ctx->model;

	if (f->kind != PKG_APP_PY_REQUIREMENTS || f->quiet)
		return;
	for (size_t i = 0; i < f->n_reqs; i++) {
		const struct deps_req *r = &f->reqs[i];
		struct vakt_span at = {r->line, 0, r->line, 0};
		size_t n = 0, k = 0, len = strlen(r->text);
		const char *s = vakt_source_line(ctx->src, r->line, &n);

		while (s && k < n && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (s && k < n) {
			at.column = (int)k + 1;
			at.end_column = (int)(k + (len < n - k ? len : n - k));
		}
		vakt_check_emit(ctx, s ? &at : NULL, NULL,
		                "requirement '%s' does not pin a version: pip installs the newest "
		                "release it allows when it runs",
		                r->text);
	}
}

/*
 * DP002: each vulnerability of a package of the scan's lock files, at the
 * file (and line) that declares it; a set rule, run once at the end.
 */
static void dp002_check(struct vakt_check_ctx *ctx)
{
	const struct deps_set *set = ctx->model;

	for (size_t i = 0; set && i < set->vulns.n; i++) {
		const struct vuln_hit *h = &set->vulns.v[i];
		const struct pkg *p = &set->pkgs.v[h->pkg];
		struct vakt_span at = {p->line, 0, p->line, 0};
		struct vakt_finding_ext *e;

		ctx->file = p->found_in;
		e = vuln_hit_emit(ctx, p->line > 0 ? &at : NULL, p->name, p, h);
		if (p->minimum) {
			/* go.mod's go line: the toolchain that builds it may well have the fix. */
			ctx->out->v[ctx->out->n - 1].severity = VAKT_SEV_INFO;
			vakt_finding_ext_add_detail(e, "version_is_minimum", "true");
		}
		if (p->purl)
			vakt_finding_ext_add_detail(e, "purl", p->purl);
	}
}

const struct vakt_rule deps_rules[] = {
    {
        .id = "DP001",
        .slug = "requirements-unpinned",
        .domain = "deps",
        .severity = VAKT_SEV_INFO,
        .title = "A requirements file leaves a package's version open",
        .rationale =
            "A requirement without '==' (flask, requests>=2.0) lets pip install whatever release "
            "is newest on the day the image is built or the job runs. Two builds of the same "
            "commit then ship different code, a release that breaks or was published by a "
            "hijacked maintainer account goes in without review, and what a vulnerability scan "
            "of the source tree lists is not what runs. The rule stays quiet for a file whose "
            "versions something else pins: a constraints file (its name starts with "
            "'constraints', or the file reads one with -c), or a lock beside it (poetry.lock, "
            "uv.lock, Pipfile.lock, pdm.lock, pylock.toml, requirements*.lock, "
            "constraints*.txt). Options, -r/-e lines, URLs, local paths and 'name @ URL' "
            "references are not version requirements and are never reported.",
        .remediation = "Pin each requirement to one version, or have a tool write the pins:\n"
                       "  flask==3.0.3\n"
                       "  pip-compile requirements.in   (pip-tools; --generate-hashes adds "
                       "hashes for pip's --require-hashes mode)\n"
                       "  pip install -r requirements.txt -c constraints.txt   (the pins in a "
                       "constraints file, the names here)",
        .references = REFS(PIP_REPEATABLE, PIP_SECURE, PIP_REQ_FORMAT, PIP_TOOLS),
        .equivalents = NO_PEERS,
        .check = dp001_check,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DP002",
        .slug = "dependency-known-vulnerability",
        .domain = "deps",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A dependency a lock or requirements file pins has a known vulnerability",
        .rationale =
            "The version of a package a lock or requirements file pins (npm, PyPI, Go, "
            "crates.io, RubyGems, Packagist) is one that a vulnerability record of its registry "
            "lists as affected, judged by the registry's own version ordering (OSV data, the "
            "same local database vakt image uses). The image built from the tree ships it. "
            "Each finding is one vulnerability of one package version, with every id the "
            "records give it and the files that declare it; its severity is the record's CVSS "
            "score, and this rule's only when the record has none. Go's standard library "
            "from a go.mod 'go' line without a 'toolchain' line is the least version that may "
            "build the module, not the one that does: its vulnerabilities are info.",
        .remediation = "Bump the package to the fixed version in the file that declares it and "
                       "regenerate the lock:\n"
                       "  npm install express@4.19.2   (package-lock.json)\n"
                       "  go get golang.org/x/net@v0.17.0   (go.mod)\n"
                       "  cargo update -p smallvec --precise 1.6.1   (Cargo.lock)\n"
                       "When a vulnerability does not apply, record why in .vaktignore or a VEX "
                       "document (--vex).",
        .references = REFS(OSV_SCHEMA, DOC_VULNS),
        .equivalents = NO_PEERS,
        .check = dp002_check,
        .scope = VAKT_SCOPE_SET,
    },
    {.id = NULL},
};
