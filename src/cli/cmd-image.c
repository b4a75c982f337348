/* SPDX-License-Identifier: MIT */
/*
 * vakt image: audit one container image (docker-save or OCI archive, OCI
 * layout, root filesystem) without a container engine; list its packages
 * or write an SBOM. Gating and formats as vakt scan.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli-packages.h"
#include "cli.h"
#include "core/config.h"
#include "core/report.h"
#include "core/walk.h"
#include "image/img-scan.h"

enum {
	OPT_TAG = 256,
	OPT_PLATFORM,
	OPT_LIST_PACKAGES,
	OPT_NO_PROGRESS,
	OPT_NO_SECRETS,
	OPT_DOCKERFILE,
	OPT_PKG_TYPES,
};

/* Most --vex and --ignorefile options. */

const struct cli_option cmd_image_options[] = {
    {"format", 'f', "FORMAT",
     "output format: text (default), json, sarif, junit, gnu; cyclonedx (CycloneDX 1.5, with "
     "the packages' known vulnerabilities) or spdx-json (SPDX 2.3) write the package SBOM "
     "instead of findings",
     CLI_OPT_FORMAT},
    CLI_GATE_OPTIONS_OUTPUT,
    CLI_GATE_OPTIONS_DISPLAY,
    {"tag", 't', "NAME:TAG",
     "the image to read when PATH holds several (a name, a bare tag or a manifest digest)",
     OPT_TAG},
    {"platform", 0, "OS/ARCH[/VARIANT]",
     "the platform to read from a multi-platform index (default: the only one, else this "
     "machine's)",
     OPT_PLATFORM},
    {"list-packages", 0, NULL,
     "list the installed packages, the OS's and the applications' (text, or json with "
     "--format json) instead of findings",
     OPT_LIST_PACKAGES},
    {"pkg-types", 0, "LIST",
     "the packages read, comma-separated: os (the distribution's package database), library "
     "(npm, PyPI, Go, Maven, Cargo, RubyGems and Composer packages; docs/packages.md); "
     "default os,library",
     OPT_PKG_TYPES},
    {"no-progress", 0, NULL, "no progress display on a terminal", OPT_NO_PROGRESS},
    {"no-secrets", 0, NULL, "do not scan file contents for secrets (faster)", OPT_NO_SECRETS},
    CLI_VULN_OPTIONS,
    {"dockerfile", 0, "FILE",
     "the Dockerfile the image was built from: findings and packages name the instruction "
     "and line whose layer brought them in",
     OPT_DOCKERFILE},
    {NULL, 0, NULL, NULL, 0},
};

struct image_args {
	struct cli_gate gate;
	enum cli_output_kind output_kind;
	const char *tag;
	const char *platform;
	bool list_packages;
	bool no_progress;
	bool no_secrets;
	struct cli_vulns vuln;
	const char *dockerfile;
	bool no_os_packages, no_app_packages; /* --pkg-types */
};

/*
 * --pkg-types: "os", "library" or both, comma-separated, in any case (Trivy's
 * spelling). 0, or CLI_EXIT_USAGE after saying why.
 */
static int parse_pkg_types(const char *arg, struct image_args *a)
{
	bool os = false, library = false;
	const char *p = arg;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (n == 2 && !vakt_strncasecmp(p, "os", 2)) {
			os = true;
		} else if (n == 7 && !vakt_strncasecmp(p, "library", 7)) {
			library = true;
		} else {
			cli_error("invalid --pkg-types '%s' (expected os, library or os,library)",
			          arg);
			return CLI_EXIT_USAGE;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	a->no_os_packages = !os;
	a->no_app_packages = !library;
	return 0;
}

static int image_on_opt(int id, const char *arg, void *data)
{
	struct image_args *a = data;
	int r;

	r = cli_gate_on_opt(&a->gate, id, arg);
	if (r == 1)
		r = cli_vulns_on_opt(&a->vuln, id, arg);
	if (r != 1)
		return r;
	switch (id) {
	case CLI_OPT_FORMAT:
		return cli_gate_parse_output(&a->gate, arg, &a->output_kind);
	case OPT_TAG:
		a->tag = arg;
		break;
	case OPT_PLATFORM:
		if (!strchr(arg, '/') || arg[0] == '/') {
			cli_error("invalid --platform '%s' (expected OS/ARCH[/VARIANT], e.g. "
			          "linux/arm64/v8)",
			          arg);
			return CLI_EXIT_USAGE;
		}
		a->platform = arg;
		break;
	case OPT_LIST_PACKAGES:
		a->list_packages = true;
		break;
	case OPT_NO_PROGRESS:
		a->no_progress = true;
		break;
	case OPT_NO_SECRETS:
		a->no_secrets = true;
		break;
	case OPT_DOCKERFILE:
		a->dockerfile = arg;
		break;
	case OPT_PKG_TYPES:
		return parse_pkg_types(arg, a);
	}
	return 0;
}

/* The progress line on a terminal: rewritten in place, at most a few times a second. */
struct progress {
	double last;
	bool shown;
};

static void image_progress(void *data, const struct img_progress *p)
{
	struct progress *pr = data;
	double now = vakt_now();

	if (now - pr->last < 0.1)
		return;
	pr->last = now;
	pr->shown = true;
	if (p->total)
		fprintf(stderr, "\r\033[Kvakt: layer %d/%zu, %.1f of %.1f MB read, %zu entries",
		        p->layer + 1, p->n_layers, (double)p->done / 1e6, (double)p->total / 1e6,
		        p->entries);
	else
		fprintf(stderr, "\r\033[Kvakt: %zu entries", p->entries);
	fflush(stderr);
}

/* The DOCKERFILE column: "line 5", "base, line 1", "not matched", "-" without a layer. */
static void list_origin(FILE *f, const struct img_scan *s, int layer)
{
	char cell[32];
	int line = 0;
	enum img_origin_kind k =
	    layer >= 0 ? img_layer_origin(s, layer, &line, NULL) : IMG_ORIGIN_NONE;

	if (k == IMG_ORIGIN_STEP)
		snprintf(cell, sizeof(cell), "line %d", line);
	else if (k == IMG_ORIGIN_BASE)
		snprintf(cell, sizeof(cell), "base, line %d", line);
	else if (k == IMG_ORIGIN_UNMATCHED)
		snprintf(cell, sizeof(cell), "not matched");
	else
		snprintf(cell, sizeof(cell), "-");
	fprintf(f, "%-14s ", cell);
}

/*
 * The package table: one line per package, the layer that installed it
 * last and, with --dockerfile, that layer's line in the Dockerfile.
 */
static int image_list_text(FILE *f, const struct img_scan *s)
{
	const struct pkg_list *l = &s->pkgs;
	bool df = img_dockerfile_path(s) != NULL;

	if (s->has_os) {
		fputs("# ", f);
		const char *os = s->os.pretty ? s->os.pretty : s->os.id;

		cli_pkg_cell(f, os ? os : "unknown", 0, "\n");
	}
	if (df) {
		fputs("# Dockerfile: ", f);
		cli_pkg_cell(f, img_dockerfile_path(s), 0, "\n");
	}
	fprintf(f, "%-32s %-32s %-8s %-6s ", "NAME", "VERSION", "ARCH", "LAYER");
	if (df)
		fprintf(f, "%-14s ", "DOCKERFILE");
	fputs("SOURCE\n", f);
	for (size_t i = 0; i < l->n; i++) {
		const struct pkg *p = &l->v[i];
		bool other = p->source_version && strcmp(p->source_version, p->version);
		char layer[16];

		if (p->layer >= 0)
			snprintf(layer, sizeof(layer), "%d", p->layer + 1);
		else
			snprintf(layer, sizeof(layer), "-");
		cli_pkg_cell(f, p->name, 32, " ");
		cli_pkg_cell(f, p->version, 32, " ");
		cli_pkg_cell(f, p->arch ? p->arch : "-", 8, " ");
		fprintf(f, "%-6s ", layer);
		if (df)
			list_origin(f, s, p->layer);
		if (p->found_in) {
			/* An application package: its ecosystem and the file that declares it. */
			cli_pkg_found_in(f, p);
			continue;
		}
		cli_pkg_cell(f, p->source ? p->source : p->name, 0, other ? " " : "");
		cli_pkg_cell(f, other ? p->source_version : "", 0, "\n");
	}
	fprintf(f, "%zu package%s\n", l->n, l->n == 1 ? "" : "s");
	return 0;
}

static json_t *jstr_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* {"file", "origin", "line", "instruction"} of layer, or null without a layer. */
static json_t *json_origin(const struct img_scan *s, int layer)
{
	const char *instr;
	int line;
	enum img_origin_kind k = img_layer_origin(s, layer, &line, &instr);
	json_t *o;

	if (layer < 0 || k == IMG_ORIGIN_NONE)
		return json_null();
	o = json_object();
	json_object_set_new(o, "file", json_string(img_dockerfile_path(s)));
	json_object_set_new(o, "origin",
	                    json_string(k == IMG_ORIGIN_STEP   ? "instruction"
	                                : k == IMG_ORIGIN_BASE ? "base-image"
	                                                       : "not-matched"));
	json_object_set_new(o, "line",
	                    k == IMG_ORIGIN_UNMATCHED ? json_null() : json_integer(line));
	json_object_set_new(o, "instruction", jstr_or_null(instr));
	return o;
}

static int image_list_json(FILE *f, const struct img_scan *s)
{
	json_t *root = json_object(), *arr = json_array(), *os = json_object();
	int r;

	json_object_set_new(os, "id", jstr_or_null(s->has_os ? s->os.id : NULL));
	json_object_set_new(os, "version_id", jstr_or_null(s->has_os ? s->os.version_id : NULL));
	json_object_set_new(os, "codename", jstr_or_null(s->has_os ? s->os.codename : NULL));
	json_object_set_new(os, "pretty_name", jstr_or_null(s->has_os ? s->os.pretty : NULL));
	json_object_set_new(root, "schema_version", json_string(VAKT_JSON_SCHEMA_VERSION));
	json_object_set_new(root, "image", json_string(s->img->path));
	json_object_set_new(root, "os", os);
	for (size_t i = 0; i < s->pkgs.n; i++) {
		const struct pkg *p = &s->pkgs.v[i];
		json_t *o = cli_pkg_json(p);

		if (img_dockerfile_path(s))
			json_object_set_new(o, "dockerfile", json_origin(s, p->layer));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "packages", arr);
	r = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', f);
	json_decref(root);
	return r;
}

/*
 * The SBOM of s; a CycloneDX one carries the vulnerabilities of the scan's
 * findings res (the suppressed ones with show_suppressed).
 */
static int image_sbom(FILE *f, const struct img_scan *s, enum cli_output_kind kind,
                      const struct vakt_scan_result *res, bool show_suppressed,
                      struct vakt_error **err)
{
	const struct img_image *img = s->img;
	char created[PKG_SBOM_TIME_LEN];
	const char **layers = vakt_xcalloc(img->n_layers + 1, sizeof(*layers));
	struct pkg_sbom_origin *origins = vakt_xcalloc(img->n_layers + 1, sizeof(*origins));
	struct pkg_sbom_subject subj = {0};
	struct pkg_sbom_vuln *vulns = NULL;
	int r;

	if (!img->config.created || pkg_sbom_normalize_time(img->config.created, created) < 0)
		cli_sbom_time(created);
	for (size_t i = 0; i < img->n_layers; i++) {
		enum img_origin_kind k =
		    img_layer_origin(s, (int)i, &origins[i].line, &origins[i].instruction);

		layers[i] = img->layers[i].diff_id ? img->layers[i].diff_id : img->layers[i].digest;
		origins[i].origin = k == IMG_ORIGIN_STEP        ? "instruction"
		                    : k == IMG_ORIGIN_BASE      ? "base-image"
		                    : k == IMG_ORIGIN_UNMATCHED ? "not-matched"
		                                                : NULL;
	}
	subj.dockerfile = img_dockerfile_path(s);
	subj.layer_origins = origins;
	subj.name = img->ref ? img->ref : img->path;
	subj.digest = img->config_digest ? img->config_digest : img->manifest_digest;
	subj.created = created;
	subj.layer_digests = layers;
	subj.n_layers = img->n_layers;
	if (kind == CLI_OUT_CYCLONEDX) {
		subj.with_vulns =
		    img_sbom_vulns(s, &res->findings, show_suppressed, &vulns, &subj.n_vulns);
		subj.vulns = vulns;
		r = pkg_sbom_cyclonedx(f, &subj, s->has_os ? &s->os : NULL, &s->pkgs, err);
	} else {
		r = pkg_sbom_spdx(f, &subj, s->has_os ? &s->os : NULL, &s->pkgs, err);
	}
	free(vulns);
	free(layers);
	free(origins);
	return r;
}

/* The report must not replace the Dockerfile read with --dockerfile (NULL: none). */
static int image_refuse_dockerfile(const struct cli_gate *g, const char *dockerfile)
{
	struct stat ds, os;

	if (!dockerfile || cli_output_is_stdout(g->output) || stat(dockerfile, &ds) < 0 ||
	    stat(g->output, &os) < 0 || ds.st_dev != os.st_dev || ds.st_ino != os.st_ino)
		return 0;
	cli_error("refusing to write the report to '%s': it is the Dockerfile being read",
	          g->output);
	return CLI_EXIT_USAGE;
}

/*
 * The report must not replace the image it describes, nor land inside an
 * image directory (a layout or root filesystem read again next time).
 * image may be "PATH:TAG". 0, or CLI_EXIT_USAGE after saying why.
 */
static int image_refuse_output(const struct cli_gate *g, const char *image)
{
	const char *colon = strrchr(image, ':');
	char *path = vakt_xstrdup(image), *inside = NULL;
	struct stat is, os;
	bool out_exists;
	int r = 0;

	if (cli_output_is_stdout(g->output) || !strcmp(image, "-"))
		goto out;
	if (stat(path, &is) < 0 && colon) {
		path[colon - image] = '\0';
		if (stat(path, &is) < 0)
			goto out;
	}
	out_exists = stat(g->output, &os) == 0;
	if (out_exists && !S_ISREG(os.st_mode))
		goto out;
	if (!S_ISDIR(is.st_mode)) {
		if (out_exists && os.st_dev == is.st_dev && os.st_ino == is.st_ino) {
			cli_error("refusing to write the report to '%s': it is the image being "
			          "read",
			          g->output);
			r = CLI_EXIT_USAGE;
		}
		goto out;
	}
	inside = vakt_walk_display_path(path, g->output);
	if (inside) {
		cli_error("refusing to write the report to '%s': it is inside the image "
		          "directory '%s' (write it elsewhere)",
		          g->output, path);
		r = CLI_EXIT_USAGE;
	}
out:
	free(path);
	free(inside);
	return r;
}

int cmd_image(const struct cli_command *cmd, int argc, char **argv)
{
	struct image_args a = {0};
	struct vakt_config *config = NULL;
	struct vakt_scan_opts so;
	struct img_scan_opts io = {0};
	struct vakt_scan_result res = {0};
	struct vakt_error *err = NULL;
	struct img_scan *model = NULL;
	struct cli_dockerfile *dockerfile = NULL;
	struct progress pr = {0};
	bool packages_only;
	int first, r;

	cli_gate_init(&a.gate);
	r = cli_parse(cmd, argc, argv, image_on_opt, &a, &first);
	if (r) {
		r = r < 0 ? CLI_EXIT_OK : r;
		goto out;
	}
	if (first >= argc || argc - first > 1) {
		cli_error(first >= argc ? "missing the image PATH (see 'vakt help image')"
		                        : "one image at a time: give a single PATH");
		r = CLI_EXIT_USAGE;
		goto out;
	}
	packages_only = a.list_packages || a.output_kind != CLI_OUT_REPORT;
	if (a.list_packages && a.output_kind != CLI_OUT_REPORT) {
		cli_error("--list-packages and --format %s both choose the output: give one",
		          a.output_kind == CLI_OUT_CYCLONEDX ? "cyclonedx" : "spdx-json");
		r = CLI_EXIT_USAGE;
		goto out;
	}
	if (a.list_packages && a.gate.format != VAKT_FORMAT_TEXT &&
	    a.gate.format != VAKT_FORMAT_JSON) {
		cli_error("--list-packages writes text or json");
		r = CLI_EXIT_USAGE;
		goto out;
	}
	/* An image carries no .vakt.yaml: look from the working directory. */
	r = cli_gate_load_config(&a.gate, ".", &config);
	if (!r)
		r = cli_gate_check_output(&a.gate);
	if (!r)
		r = image_refuse_output(&a.gate, argv[first]);
	if (!r)
		r = image_refuse_dockerfile(&a.gate, a.dockerfile);
	if (!r && a.dockerfile && !strcmp(a.dockerfile, "-") && !strcmp(argv[first], "-")) {
		cli_error("--dockerfile - and the image - cannot both come from standard input");
		r = CLI_EXIT_USAGE;
	}
	if (r)
		goto out;

	vakt_scan_opts_init(&so, config);
	so.severity_mask = a.gate.severity_mask;
	io.scan = &so;
	vakt_limits_take(&so.limits, &a.gate.limits);
	io.open.tag = a.tag;
	io.open.platform = a.platform;
	io.open.max_layer_bytes = so.limits.v[VAKT_LIMIT_IMAGE_LAYER];
	io.open.max_entries = (size_t)so.limits.v[VAKT_LIMIT_IMAGE_ENTRIES];
	io.open.max_stdin_bytes = so.limits.v[VAKT_LIMIT_IMAGE_STDIN];
	io.no_secrets = a.no_secrets || packages_only;
	io.no_os_packages = a.no_os_packages;
	io.no_app_packages = a.no_app_packages;
	io.vuln = a.vuln.o;
	/* A CycloneDX SBOM carries the vulnerabilities; a package list and SPDX do not. */
	io.vuln.off = a.vuln.o.off || a.list_packages || a.output_kind == CLI_OUT_SPDX;
	if (a.dockerfile) {
		r = cli_dockerfile_load(a.dockerfile, &so.limits, &dockerfile);
		if (r)
			goto out;
		io.dockerfile = cli_dockerfile_image(dockerfile);
	}
	if (!a.no_progress && isatty(STDERR_FILENO)) {
		io.progress = image_progress;
		io.progress_data = &pr;
	}
	img_scan_path(argv[first], &io, &res, &model);
	if (pr.shown)
		fputs("\r\033[K", stderr);

	cli_print_errors(&res.errors);
	cli_print_warnings(&res.warnings);
	/* Package databases that did not parse: the rest of the report stands. */
	if (model)
		cli_print_errors(&model->pkg_errors);
	if (packages_only) {
		if (!model) {
			r = CLI_EXIT_INPUT;
			goto out;
		}
		bool json = a.output_kind != CLI_OUT_REPORT || a.gate.format == VAKT_FORMAT_JSON;

		r = cli_gate_open(&a.gate, json ? VAKT_ESCAPE_JSON : -1);
		if (r)
			goto out;
		if (a.output_kind != CLI_OUT_REPORT)
			r = image_sbom(a.gate.out, model, a.output_kind, &res,
			               a.gate.show_suppressed, &err);
		else if (json)
			r = image_list_json(a.gate.out, model);
		else
			r = image_list_text(a.gate.out, model);
		r = cli_gate_check_written(&a.gate, r, err);
	} else {
		r = cli_gate_report(&a.gate, &res);
	}
	if (r)
		goto out;
	if (res.errors.n || (model && model->pkg_errors.n))
		r = CLI_EXIT_INPUT;
	else
		r = packages_only ? CLI_EXIT_OK : cli_gate_exit(&a.gate, &res);
out:
	r = cli_gate_close(&a.gate, r);
	img_scan_free(model);
	cli_dockerfile_free(dockerfile);
	vakt_scan_result_release(&res);
	vakt_config_free(config);
	return r;
}
