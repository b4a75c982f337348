/* SPDX-License-Identifier: MIT */
/* vakt rules: list and explain the rules; docs/rules.md is generated from here. */
#include <jansson.h>
#include <string.h>

#include "cli-rules-source.h"
#include "cli.h"
#include "core/rule.h"
#include "core/util.h"

enum {
	OPT_DOMAIN = 256,
	OPT_SEVERITY,
	OPT_FORMAT,
	OPT_SOURCE,
	OPT_FIXABLE,
};

const struct cli_option cmd_rules_options[] = {
    {"domain", 'd', "DOMAIN", "only rules of this domain (e.g. dockerfile)", OPT_DOMAIN},
    {"severity", 's', "LIST", "only rules of these default severities (e.g. HIGH,CRITICAL)",
     OPT_SEVERITY},
    {"format", 'f', "FORMAT", "text (default), json, or markdown (the docs/rules.md page)",
     OPT_FORMAT},
    {"source", 0, "FILE",
     "load a Falco-syntax rules file (repeatable, in order) and list the rules that compiled; "
     "exit 3 when something did not",
     OPT_SOURCE},
    {"fixable", 0, NULL, "only rules that vakt fix fixes automatically", OPT_FIXABLE},
    {NULL, 0, NULL, NULL, 0},
};

struct rules_args {
	const char *domain;
	unsigned mask;
	const char *format;
	bool severity_set;
	struct vakt_strv sources; /* --source, in order */
	bool fixable;             /* --fixable */
};

static int rules_on_opt(int id, const char *arg, void *data)
{
	struct rules_args *a = data;
	const char *bad = NULL;

	switch (id) {
	case OPT_DOMAIN:
		a->domain = arg;
		break;
	case OPT_SEVERITY:
		if (vakt_severity_parse_list(arg, &a->mask, &bad) < 0) {
			cli_error("invalid severity list '%s' (expected a comma-separated list of "
			          "critical, high, medium, low, info)",
			          arg);
			return CLI_EXIT_USAGE;
		}
		a->severity_set = true;
		break;
	case OPT_SOURCE:
		vakt_strv_push(&a->sources, arg);
		break;
	case OPT_FIXABLE:
		a->fixable = true;
		break;
	case OPT_FORMAT:
		if (vakt_strcasecmp(arg, "text") && vakt_strcasecmp(arg, "json") &&
		    vakt_strcasecmp(arg, "markdown")) {
			cli_error("unknown format '%s' (expected text, json or markdown)", arg);
			return CLI_EXIT_USAGE;
		}
		a->format = !vakt_strcasecmp(arg, "json")       ? "json"
		            : !vakt_strcasecmp(arg, "markdown") ? "markdown"
		                                                : "text";
		break;
	}
	return 0;
}

/* Whether some rule has this domain; else say which domains there are. */
static bool rules_domain_known(const char *domain, size_t total)
{
	struct vakt_strv seen = VAKT_STRV_INIT;
	struct vakt_buf names = VAKT_BUF_INIT;

	for (size_t i = 0; i < total; i++) {
		const char *d = vakt_registry_at(i)->domain;
		bool dup = false;

		if (!strcmp(d, domain)) {
			vakt_strv_release(&seen);
			return true;
		}
		for (size_t k = 0; k < seen.n && !dup; k++)
			dup = !strcmp(seen.v[k], d);
		if (!dup)
			vakt_strv_push(&seen, d);
	}
	for (size_t k = 0; k < seen.n; k++)
		vakt_buf_addf(&names, "%s%s", k ? ", " : "", seen.v[k]);
	cli_error("unknown domain '%s' (expected one of %s)", domain, vakt_buf_str(&names));
	vakt_buf_release(&names);
	vakt_strv_release(&seen);
	return false;
}

/* "cpu-request" when equivalent covers only that facet of r (several: "a, b"); NULL: all of r. */
static char *peer_scope(const struct vakt_rule *r, const char *equivalent)
{
	unsigned bits = vakt_rule_peer_facets(r, equivalent);
	struct vakt_buf b = VAKT_BUF_INIT;

	if (bits == VAKT_FACETS_ALL)
		return NULL;
	for (size_t i = 0; r->facets[i].name; i++)
		if (bits & (1u << i))
			vakt_buf_addf(&b, "%s%s", b.len ? ", " : "", r->facets[i].name);
	return vakt_buf_detach(&b);
}

static json_t *rule_to_json(const struct vakt_rule *r)
{
	json_t *o = json_object(), *refs = json_array(), *eq = json_array();

	json_object_set_new(o, "id", json_string(r->id));
	json_object_set_new(o, "slug", json_string(r->slug));
	json_object_set_new(o, "domain", json_string(r->domain));
	json_object_set_new(o, "severity", json_string(vakt_severity_name(r->severity)));
	json_object_set_new(o, "title", json_string(r->title));
	json_object_set_new(o, "rationale", json_string(r->rationale));
	json_object_set_new(o, "remediation", json_string(r->remediation));
	for (const char *const *p = r->references; p && *p; p++)
		json_array_append_new(refs, json_string(*p));
	for (const char *const *p = r->equivalents; p && *p; p++) {
		const char *colon = strchr(*p, ':');
		json_t *e = json_object();

		json_object_set_new(e, "tool",
		                    colon ? json_stringn(*p, (size_t)(colon - *p))
		                          : json_string("unknown"));
		json_object_set_new(e, "id", json_string(colon ? colon + 1 : *p));
		{
			char *scope = peer_scope(r, *p);

			/* The facets of the rule this peer checks alone (absent: all of it). */
			if (scope)
				json_object_set_new(e, "only", json_string(scope));
			free(scope);
		}
		json_array_append_new(eq, e);
	}
	json_object_set_new(o, "references", refs);
	json_object_set_new(o, "equivalents", eq);
	/* vakt fix: what the automatic fix does, absent when the rule has none. */
	if (r->fix)
		json_object_set_new(o, "fix", json_string(r->fix_summary ? r->fix_summary : ""));
	return o;
}

/* The peers of r, each with the facet it covers alone: "  - kube-linter:x (cpu-request only)". */
static void print_peers(FILE *f, const struct vakt_rule *r)
{
	if (!r->equivalents || !*r->equivalents)
		return;
	fputs("Same check in other tools:\n", f);
	for (const char *const *p = r->equivalents; *p; p++) {
		char *scope = peer_scope(r, *p);

		if (scope)
			fprintf(f, "  - %s (%s only)\n", *p, scope);
		else
			fprintf(f, "  - %s\n", *p);
		free(scope);
	}
}

static void print_list(FILE *f, const char *label, const char *const *items)
{
	if (!items || !*items)
		return;
	fprintf(f, "%s:\n", label);
	for (const char *const *p = items; *p; p++)
		fprintf(f, "  - %s\n", *p);
}

static void rule_explain(FILE *f, const struct vakt_rule *r)
{
	fprintf(f, "%s %s (%s, %s)\n", r->id, r->slug, r->domain, vakt_severity_name(r->severity));
	fprintf(f, "%s\n\n", r->title);
	fprintf(f, "Why:\n  %s\n\n", r->rationale);
	fprintf(f, "Fix:\n  %s\n", r->remediation);
	if (r->fix)
		fprintf(f, "\nfix: automatic (vakt fix %s)\n",
		        r->fix_summary ? r->fix_summary : "");
	if (r->equivalents && *r->equivalents)
		fputc('\n', f);
	print_peers(f, r);
	if (r->references && *r->references)
		fputc('\n', f);
	print_list(f, "References", r->references);
}

/* Markdown table cells cannot hold a raw '|'. */
static void md_cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

static void rules_markdown(FILE *f, const struct vakt_rule *const *v, size_t n)
{
	fputs(
	    "# vakt rules\n\n"
	    "<!-- Generated by `make docs` from the rule registry (vakt rules --format markdown). "
	    "Do not edit by hand: `make check` fails when this page is out of date. -->\n\n"
	    "Every rule has a stable id and slug; both, and the peer ids listed under\n"
	    "*Same check in*, work in `.vakt.yaml` ignores, severity overrides and inline\n"
	    "suppressions. A peer marked *(x only)* checks one facet of the rule (kube-linter's\n"
	    "`unset-cpu-requirements` a missing cpu request, not a memory one): it suppresses\n"
	    "only the findings of that facet. `vakt rules ID` prints one rule in the terminal.\n"
	    "Rules marked *auto* in the fix column have an automatic fix: `vakt fix` applies\n"
	    "it ([fix.md](fix.md)).\n\n",
	    f);
	fprintf(f, "%zu rules.\n\n| id | slug | severity | title | fix |\n|---|---|---|---|---|\n",
	        n);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "| [%s](#%s) | %s | %s | ", v[i]->id, v[i]->id, v[i]->slug,
		        vakt_severity_name(v[i]->severity));
		md_cell(f, v[i]->title);
		fputs(v[i]->fix ? " | auto |\n" : " |  |\n", f);
	}
	for (size_t i = 0; i < n; i++) {
		const struct vakt_rule *r = v[i];

		fprintf(f, "\n<a id=\"%s\"></a>\n## %s %s\n\n", r->id, r->id, r->slug);
		fprintf(f, "**%s** · severity **%s** · domain %s\n\n", r->title,
		        vakt_severity_name(r->severity), r->domain);
		fprintf(f, "**Why.** %s\n\n**Fix.** %s\n", r->rationale, r->remediation);
		if (r->fix)
			fprintf(f, "\n**Automatic fix** (`vakt fix`): %s.\n",
			        r->fix_summary ? r->fix_summary : "");
		if (r->equivalents && *r->equivalents) {
			fputs("\n**Same check in:** ", f);
			for (const char *const *p = r->equivalents; *p; p++) {
				char *scope = peer_scope(r, *p);

				fprintf(f, "%s`%s`", p == r->equivalents ? "" : ", ", *p);
				if (scope)
					fprintf(f, " (%s only)", scope);
				free(scope);
			}
			fputc('\n', f);
		}
		if (r->references && *r->references) {
			fputs("\n**References:**\n\n", f);
			for (const char *const *p = r->references; *p; p++)
				fprintf(f, "- %s\n", *p);
		}
	}
}

int cmd_rules(const struct cli_command *cmd, int argc, char **argv)
{
	struct rules_args a = {NULL, (1u << VAKT_SEV_COUNT) - 1, "text", false, VAKT_STRV_INIT,
	                       false};
	const struct vakt_rule **sel = NULL;
	size_t n = 0, cap = 0, total = vakt_registry_count();
	int first, r;

	r = cli_parse(cmd, argc, argv, rules_on_opt, &a, &first);
	if (r) {
		vakt_strv_release(&a.sources);
		return r < 0 ? CLI_EXIT_OK : r;
	}
	if (a.sources.n) {
		/* Falco-syntax rules files, not vakt's own rules. */
		if (first < argc || a.domain || a.severity_set || !strcmp(a.format, "markdown")) {
			cli_error(
			    "--source takes only --format text or json (no rule ids, --domain or "
			    "--severity)");
			vakt_strv_release(&a.sources);
			return CLI_EXIT_USAGE;
		}
		r = cli_rules_source((const char *const *)a.sources.v, a.sources.n,
		                     !strcmp(a.format, "json"));
		vakt_strv_release(&a.sources);
		return r;
	}

	if (first < argc) {
		/* Explain the named rules. */
		for (int i = first; i < argc; i++) {
			const struct vakt_rule *rule = vakt_registry_find(argv[i]);

			if (!rule) {
				cli_error("unknown rule '%s' (see 'vakt rules' for the list)",
				          argv[i]);
				free(sel);
				return CLI_EXIT_USAGE;
			}
			sel = vakt_grow(sel, sizeof(*sel), n + 1, &cap);
			sel[n++] = rule;
		}
	} else {
		for (size_t i = 0; i < total; i++) {
			const struct vakt_rule *rule = vakt_registry_at(i);

			if (a.domain && strcmp(a.domain, rule->domain))
				continue;
			if (!(a.mask & (1u << rule->severity)))
				continue;
			if (a.fixable && !rule->fix)
				continue;
			sel = vakt_grow(sel, sizeof(*sel), n + 1, &cap);
			sel[n++] = rule;
		}
		if (a.domain && !n && !rules_domain_known(a.domain, total)) {
			free(sel);
			return CLI_EXIT_USAGE;
		}
	}

	if (!strcmp(a.format, "json")) {
		json_t *arr = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, rule_to_json(sel[i]));
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(arr);
	} else if (!strcmp(a.format, "markdown")) {
		rules_markdown(stdout, sel, n);
	} else if (first < argc) {
		for (size_t i = 0; i < n; i++) {
			if (i)
				fputc('\n', stdout);
			rule_explain(stdout, sel[i]);
		}
	} else {
		for (size_t i = 0; i < n; i++)
			printf("%-6s %-8s %-34s %s\n", sel[i]->id,
			       vakt_severity_name(sel[i]->severity), sel[i]->slug, sel[i]->title);
		printf("%zu rule%s\n", n, n == 1 ? "" : "s");
	}
	free(sel);
	return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_ENVIRONMENT;
}
