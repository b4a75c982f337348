/* SPDX-License-Identifier: MIT */
/*
 * vakt scan: audit the Dockerfiles, Kubernetes manifests, compose files,
 * docker run lines, firewall rule sets and lock files under each PATH, and
 * gate CI on the result; or list the application packages the lock files
 * declare, or write their SBOM (deps/deps.h: deps_collect()).
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli-packages.h"
#include "cli.h"
#include "core/config.h"
#include "core/report.h"
#include "core/scan.h"
#include "deps/deps.h"
#include "kube/kube-pss.h"

enum {
	OPT_NO_INLINE_IGNORES = 256,
	OPT_DETECT_CONTENT,
	OPT_BUILD_ARG,
	OPT_PSS,
	OPT_LIST_PACKAGES,
};

const struct cli_option cmd_scan_options[] = {
    {"format", 'f', "FORMAT",
     "output format: text (default), json, sarif, junit, gnu; cyclonedx (CycloneDX 1.5) or "
     "spdx-json (SPDX 2.3) write the SBOM of the application packages the lock and "
     "requirements files declare instead of findings",
     CLI_OPT_FORMAT},
    CLI_GATE_OPTIONS_OUTPUT,
    {"no-inline-ignores", 0, NULL, "strict mode: ignore inline suppression comments",
     OPT_NO_INLINE_IGNORES},
    CLI_GATE_OPTIONS_DISPLAY,
    {"detect-content", 0, NULL, "also recognise inputs by content, not only by file name",
     OPT_DETECT_CONTENT},
    {"build-arg", 0, "NAME=VALUE", "value of a build argument, as docker build --build-arg",
     OPT_BUILD_ARG},
    {"pss", 0, "LEVEL[:VERSION]",
     "also evaluate Kubernetes pods against the Pod Security Standards (baseline or "
     "restricted; version latest or v1.0 to " KUBE_PSS_NEWEST_VERSION ")",
     OPT_PSS},
    {"list-packages", 0, NULL,
     "list the application packages the lock and requirements files declare (text, or json "
     "with --format json) instead of findings",
     OPT_LIST_PACKAGES},
    CLI_VULN_OPTIONS,
    {NULL, 0, NULL, NULL, 0},
};

struct scan_args {
	struct cli_gate gate;
	enum cli_output_kind output_kind;
	bool list_packages;
	bool inline_ignores;
	bool detect_content;
	struct vakt_strv build_args;
	const char *pss;
	struct cli_vulns vuln; /* DP002: the lock files' packages against the database */
};

static int scan_on_opt(int id, const char *arg, void *data)
{
	struct scan_args *a = data;
	int r;

	r = cli_gate_on_opt(&a->gate, id, arg);
	if (r == 1)
		r = cli_vulns_on_opt(&a->vuln, id, arg);
	if (r != 1)
		return r;
	switch (id) {
	case CLI_OPT_FORMAT:
		return cli_gate_parse_output(&a->gate, arg, &a->output_kind);
	case OPT_LIST_PACKAGES:
		a->list_packages = true;
		break;
	case OPT_NO_INLINE_IGNORES:
		a->inline_ignores = false;
		break;
	case OPT_DETECT_CONTENT:
		a->detect_content = true;
		break;
	case OPT_BUILD_ARG:
		if (!strchr(arg, '=') || arg[0] == '=') {
			cli_error("invalid --build-arg '%s' (expected NAME=VALUE)", arg);
			return CLI_EXIT_USAGE;
		}
		vakt_strv_push(&a->build_args, arg);
		break;
	case OPT_PSS:
		if (cli_pss_check(arg) < 0)
			return CLI_EXIT_USAGE;
		a->pss = arg;
		break;
	}
	return 0;
}

int cli_pss_check(const char *arg)
{
	struct kube_pss_policy pol;
	struct vakt_error *perr = NULL;

	if (kube_pss_parse(arg, &pol, &perr) < 0) {
		cli_error("invalid --pss '%s': %s", arg, perr ? perr->msg : "unknown policy");
		vakt_error_free(perr);
		return -EINVAL;
	}
	return 0;
}

int cli_pss_from_config(const struct vakt_config *c, const char **out)
{
	struct kube_pss_policy pol;
	struct vakt_error *perr = NULL;

	*out = NULL;
	if (!c || !c->pss)
		return 0;
	if (kube_pss_parse(c->pss, &pol, &perr) < 0) {
		cli_error("%s:%d: invalid pss '%s': %s", c->origin ? c->origin : ".vakt.yaml",
		          c->pss_line, c->pss, perr ? perr->msg : "unknown policy");
		vakt_error_free(perr);
		return CLI_EXIT_USAGE;
	}
	*out = c->pss;
	return 0;
}

/* The scope cell of a package: "direct", "transitive", "-", with ", dev" for a dev dependency. */
static void scan_scope_cell(FILE *f, const struct pkg *p)
{
	static const char *const scopes[] = {"-", "direct", "transitive"};
	char cell[32];

	snprintf(cell, sizeof(cell), "%s%s", scopes[p->scope], p->dev ? ", dev" : "");
	fprintf(f, "%-16s ", cell);
}

/* The package table: one line per package declared, with the file that declares it. */
static int scan_list_text(FILE *f, const struct pkg_list *l, size_t files)
{
	fprintf(f, "%-32s %-32s %-16s SOURCE\n", "NAME", "VERSION", "SCOPE");
	for (size_t i = 0; i < l->n; i++) {
		const struct pkg *p = &l->v[i];

		cli_pkg_cell(f, p->name, 32, " ");
		cli_pkg_cell(f, p->version, 32, " ");
		scan_scope_cell(f, p);
		cli_pkg_found_in(f, p);
	}
	fprintf(f, "%zu package%s in %zu file%s\n", l->n, l->n == 1 ? "" : "s", files,
	        files == 1 ? "" : "s");
	return 0;
}

/* The packages as vakt image --list-packages writes them, under the paths scanned. */
static int scan_list_json(FILE *f, const char *const *paths, size_t n, const struct pkg_list *l)
{
	json_t *root = json_object(), *arr = json_array(), *jp = json_array();
	int r;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(jp, json_string(paths[i]));
	json_object_set_new(root, "schema_version", json_string(VAKT_JSON_SCHEMA_VERSION));
	json_object_set_new(root, "paths", jp);
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(arr, cli_pkg_json(&l->v[i]));
	json_object_set_new(root, "packages", arr);
	r = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', f);
	json_decref(root);
	return r;
}

/* The SBOM of the packages: the subject is the scanned paths, there is no OS. */
static int scan_sbom(FILE *f, enum cli_output_kind kind, const char *const *paths, size_t n,
                     const struct pkg_list *l, struct vakt_error **err)
{
	struct vakt_buf name = VAKT_BUF_INIT;
	struct pkg_sbom_subject subj = {.source_tree = true};
	char created[PKG_SBOM_TIME_LEN];
	int r;

	for (size_t i = 0; i < n; i++) {
		if (i)
			vakt_buf_addc(&name, ' ');
		vakt_buf_adds(&name, paths[i]);
	}
	cli_sbom_time(created);
	subj.name = vakt_buf_str(&name);
	subj.created = created;
	r = kind == CLI_OUT_CYCLONEDX ? pkg_sbom_cyclonedx(f, &subj, NULL, l, err)
	                              : pkg_sbom_spdx(f, &subj, NULL, l, err);
	vakt_buf_release(&name);
	return r;
}

/*
 * --list-packages, --format cyclonedx|spdx-json: the application packages
 * of the paths instead of findings. Exit 0, or 3 when a file could not be
 * read (what could be read is still written).
 */
static int scan_packages(struct scan_args *a, const char *const *paths, size_t n,
                         const struct vakt_scan_opts *o)
{
	struct pkg_list l = {0};
	struct vakt_error_list errs = {0};
	struct vakt_error *err = NULL;
	bool json = a->output_kind != CLI_OUT_REPORT || a->gate.format == VAKT_FORMAT_JSON;
	size_t files = 0;
	int r;

	deps_collect(paths, n, o, &l, &files, &errs);
	pkg_list_sort(&l);
	cli_print_errors(&errs);
	r = cli_gate_open(&a->gate, json ? VAKT_ESCAPE_JSON : -1);
	if (!r) {
		if (a->output_kind != CLI_OUT_REPORT)
			r = scan_sbom(a->gate.out, a->output_kind, paths, n, &l, &err);
		else if (json)
			r = scan_list_json(a->gate.out, paths, n, &l);
		else
			r = scan_list_text(a->gate.out, &l, files);
		r = cli_gate_check_written(&a->gate, r, err);
	}
	if (!r && errs.n)
		r = CLI_EXIT_INPUT;
	pkg_list_release(&l);
	vakt_error_list_release(&errs);
	return r;
}

/* --list-packages and the SBOM formats choose the output alone; 0 or CLI_EXIT_USAGE. */
static int scan_check_packages(const struct scan_args *a)
{
	if (a->list_packages && a->output_kind != CLI_OUT_REPORT) {
		cli_error("--list-packages and --format %s both choose the output: give one",
		          a->output_kind == CLI_OUT_CYCLONEDX ? "cyclonedx" : "spdx-json");
		return CLI_EXIT_USAGE;
	}
	if (a->list_packages && a->gate.format != VAKT_FORMAT_TEXT &&
	    a->gate.format != VAKT_FORMAT_JSON) {
		cli_error("--list-packages writes text or json");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int cmd_scan(const struct cli_command *cmd, int argc, char **argv)
{
	struct scan_args a = {.inline_ignores = true};
	struct vakt_config *config = NULL;
	struct vakt_scan_opts o;
	struct vakt_scan_result res = {0};
	const char *dot = ".";
	const char *const *paths;
	size_t n_paths;
	int first, r;

	cli_gate_init(&a.gate);
	r = cli_parse(cmd, argc, argv, scan_on_opt, &a, &first);
	if (r) {
		r = r < 0 ? CLI_EXIT_OK : r;
		goto out;
	}
	paths = first < argc ? (const char *const *)argv + first : &dot;
	n_paths = first < argc ? (size_t)(argc - first) : 1;
	r = scan_check_packages(&a);
	if (!r)
		r = cli_gate_load_config(&a.gate, paths[0], &config);
	if (!r && !a.pss)
		r = cli_pss_from_config(config, &a.pss);
	if (r)
		goto out;

	vakt_scan_opts_init(&o, config);
	o.severity_mask = a.gate.severity_mask;
	o.inline_ignores = a.inline_ignores;
	o.detect_content = a.detect_content;
	o.build_args = a.build_args;
	o.pss = a.pss;
	o.vuln = a.vuln.o;
	vakt_limits_take(&o.limits, &a.gate.limits);
	r = cli_gate_check_output(&a.gate);
	if (!r)
		r = cli_output_refuse_input(a.gate.output, paths, n_paths, &o);
	if (r)
		goto out;
	if (a.list_packages || a.output_kind != CLI_OUT_REPORT) {
		r = scan_packages(&a, paths, n_paths, &o);
		goto out;
	}
	vakt_scan_paths(paths, n_paths, &o, &res);

	/* Input errors go to stderr, once each, whatever the format. */
	cli_print_errors(&res.errors);
	cli_print_warnings(&res.warnings);
	r = cli_gate_report(&a.gate, &res);
	if (r)
		goto out;
	r = res.errors.n ? CLI_EXIT_INPUT : cli_gate_exit(&a.gate, &res);
out:
	r = cli_gate_close(&a.gate, r);
	vakt_scan_result_release(&res);
	vakt_config_free(config);
	vakt_strv_release(&a.build_args);
	return r;
}
