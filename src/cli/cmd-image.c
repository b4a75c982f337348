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
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "core/config.h"
#include "core/report.h"
#include "image/img-scan.h"

enum {
	OPT_FORMAT = 256,
	OPT_OUTPUT,
	OPT_SEVERITY,
	OPT_FAIL_ON,
	OPT_EXIT_CODE,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_SHOW_SUPPRESSED,
	OPT_COLOR,
	OPT_NO_COLOR,
	OPT_TAG,
	OPT_PLATFORM,
	OPT_LIST_PACKAGES,
	OPT_NO_PROGRESS,
	OPT_NO_SECRETS,
};

const struct cli_option cmd_image_options[] = {
    {"format", 'f', "FORMAT",
     "output format: text (default), json, sarif, junit, gnu; cyclonedx (CycloneDX 1.5) or "
     "spdx-json (SPDX 2.3) write the package SBOM instead of findings",
     OPT_FORMAT},
    {"output", 'o', "FILE", "write the report to FILE instead of standard output", OPT_OUTPUT},
    {"severity", 's', "LIST", "report only these severities, comma-separated (e.g. HIGH,CRITICAL)",
     OPT_SEVERITY},
    {"fail-on", 0, "SEVERITY",
     "exit with the findings code only for findings at or above SEVERITY (default: info)",
     OPT_FAIL_ON},
    {"exit-code", 0, "N", "exit code when findings reach the threshold (default 1; 0 never fails)",
     OPT_EXIT_CODE},
    {"config", 'c', "FILE", "read the configuration from FILE instead of finding .vakt.yaml",
     OPT_CONFIG},
    {"no-config", 0, NULL, "do not look for .vakt.yaml", OPT_NO_CONFIG},
    {"show-suppressed", 0, NULL, "also list suppressed findings", OPT_SHOW_SUPPRESSED},
    {"color", 0, "WHEN", "colour the text report: auto (default), always, never", OPT_COLOR},
    {"no-color", 0, NULL, "same as --color=never", OPT_NO_COLOR},
    {"tag", 't', "NAME:TAG",
     "the image to read when PATH holds several (a name, a bare tag or a manifest digest)",
     OPT_TAG},
    {"platform", 0, "OS/ARCH[/VARIANT]",
     "the platform to read from a multi-platform index (default: the only one, else this "
     "machine's)",
     OPT_PLATFORM},
    {"list-packages", 0, NULL,
     "list the installed OS packages (text, or json with --format json) instead of findings",
     OPT_LIST_PACKAGES},
    {"no-progress", 0, NULL, "no progress display on a terminal", OPT_NO_PROGRESS},
    {"no-secrets", 0, NULL, "do not scan file contents for secrets (faster)", OPT_NO_SECRETS},
    {NULL, 0, NULL, NULL, 0},
};

enum image_output {
	OUT_REPORT,
	OUT_CYCLONEDX,
	OUT_SPDX,
};

struct image_args {
	enum vakt_format format;
	enum image_output output_kind;
	bool json_list;
	const char *output;
	unsigned severity_mask;
	enum vakt_severity fail_on;
	bool has_fail_on;
	long exit_code;
	const char *config;
	bool no_config;
	bool show_suppressed;
	const char *color;
	const char *tag;
	const char *platform;
	bool list_packages;
	bool no_progress;
	bool no_secrets;
};

static int image_on_opt(int id, const char *arg, void *data)
{
	struct image_args *a = data;
	const char *bad = NULL;

	switch (id) {
	case OPT_FORMAT:
		a->output_kind = OUT_REPORT;
		if (!strcmp(arg, "cyclonedx") || !strcmp(arg, "cyclonedx-json")) {
			a->output_kind = OUT_CYCLONEDX;
		} else if (!strcmp(arg, "spdx-json")) {
			a->output_kind = OUT_SPDX;
		} else if (vakt_format_parse(arg, &a->format) < 0) {
			cli_error("unknown format '%s' (expected text, json, sarif, junit, gnu, "
			          "cyclonedx or spdx-json)",
			          arg);
			return CLI_EXIT_USAGE;
		}
		break;
	case OPT_OUTPUT:
		a->output = arg;
		break;
	case OPT_SEVERITY:
		if (vakt_severity_parse_list(arg, &a->severity_mask, &bad) < 0) {
			cli_error("invalid severity list '%s' at '%s' (expected a comma-separated "
			          "list of critical, high, medium, low, info)",
			          arg, bad ? bad : arg);
			return CLI_EXIT_USAGE;
		}
		break;
	case OPT_FAIL_ON:
		if (vakt_severity_parse(arg, &a->fail_on) < 0) {
			cli_error("unknown severity '%s' (expected critical, high, medium, low or "
			          "info)",
			          arg);
			return CLI_EXIT_USAGE;
		}
		a->has_fail_on = true;
		break;
	case OPT_EXIT_CODE:
		if (vakt_parse_long(arg, 0, 255, &a->exit_code) < 0) {
			cli_error("invalid exit code '%s' (expected a number from 0 to 255)", arg);
			return CLI_EXIT_USAGE;
		}
		break;
	case OPT_CONFIG:
		a->config = arg;
		break;
	case OPT_NO_CONFIG:
		a->no_config = true;
		break;
	case OPT_SHOW_SUPPRESSED:
		a->show_suppressed = true;
		break;
	case OPT_COLOR:
		if (strcmp(arg, "auto") && strcmp(arg, "always") && strcmp(arg, "never")) {
			cli_error("invalid --color '%s' (expected auto, always or never)", arg);
			return CLI_EXIT_USAGE;
		}
		a->color = arg;
		break;
	case OPT_NO_COLOR:
		a->color = "never";
		break;
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
	}
	return 0;
}

static int image_load_config(const struct image_args *a, struct vakt_config **out)
{
	struct vakt_error *err = NULL;
	char *found = NULL;
	const char *path = a->config;
	int r;

	/* An image carries no .vakt.yaml: look from the working directory. */
	if (!path && !a->no_config)
		path = found = vakt_config_find(".");
	if (!path) {
		*out = vakt_config_new();
		return 0;
	}
	r = vakt_config_load(path, out, &err);
	free(found);
	if (r < 0) {
		char *msg = vakt_error_format(err);

		cli_error("invalid configuration: %s", msg);
		free(msg);
		vakt_error_free(err);
		return CLI_EXIT_USAGE;
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

static bool image_has_failing(const struct vakt_scan_result *res, enum vakt_severity threshold)
{
	for (size_t i = 0; i < res->findings.n; i++)
		if (!res->findings.v[i].suppressed && res->findings.v[i].severity >= threshold)
			return true;
	return false;
}

/* The package table: one line per package, the layer that installed it last. */
static int image_list_text(FILE *f, const struct img_scan *s)
{
	const struct pkg_list *l = &s->pkgs;

	if (s->has_os)
		fprintf(f, "# %s\n", s->os.pretty ? s->os.pretty : s->os.id ? s->os.id : "unknown");
	fprintf(f, "%-32s %-32s %-8s %-6s %s\n", "NAME", "VERSION", "ARCH", "LAYER", "SOURCE");
	for (size_t i = 0; i < l->n; i++) {
		const struct pkg *p = &l->v[i];
		char layer[16];

		if (p->layer >= 0)
			snprintf(layer, sizeof(layer), "%d", p->layer + 1);
		else
			snprintf(layer, sizeof(layer), "-");
		fprintf(f, "%-32s %-32s %-8s %-6s %s%s%s\n", p->name, p->version,
		        p->arch ? p->arch : "-", layer, p->source ? p->source : p->name,
		        p->source_version && strcmp(p->source_version, p->version) ? " " : "",
		        p->source_version && strcmp(p->source_version, p->version)
		            ? p->source_version
		            : "");
	}
	fprintf(f, "%zu packages\n", l->n);
	return 0;
}

static json_t *jstr_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
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
		json_t *o = json_object();

		json_object_set_new(o, "type", json_string(pkg_type_name(p->type)));
		json_object_set_new(o, "name", jstr_or_null(p->name));
		json_object_set_new(o, "version", jstr_or_null(p->version));
		json_object_set_new(o, "arch", jstr_or_null(p->arch));
		json_object_set_new(o, "source", jstr_or_null(p->source));
		json_object_set_new(o, "source_version", jstr_or_null(p->source_version));
		json_object_set_new(o, "license", jstr_or_null(p->license));
		json_object_set_new(o, "purl", jstr_or_null(p->purl));
		json_object_set_new(o, "layer",
		                    p->layer >= 0 ? json_integer(p->layer + 1) : json_null());
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "packages", arr);
	r = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', f);
	json_decref(root);
	return r;
}

static int image_sbom(FILE *f, const struct img_scan *s, enum image_output kind,
                      struct vakt_error **err)
{
	const struct img_image *img = s->img;
	char created[PKG_SBOM_TIME_LEN];
	const char **layers = vakt_xcalloc(img->n_layers + 1, sizeof(*layers));
	struct pkg_sbom_subject subj = {0};
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	int r;

	if (!img->config.created || pkg_sbom_normalize_time(img->config.created, created) < 0) {
		long v = 0;

		if (!sde || vakt_parse_long(sde, 0, 253402300799L, &v) < 0)
			v = (long)time(NULL);
		pkg_sbom_format_time(v, created);
	}
	for (size_t i = 0; i < img->n_layers; i++)
		layers[i] = img->layers[i].diff_id ? img->layers[i].diff_id : img->layers[i].digest;
	subj.name = img->ref ? img->ref : img->path;
	subj.digest = img->config_digest ? img->config_digest : img->manifest_digest;
	subj.created = created;
	subj.layer_digests = layers;
	subj.n_layers = img->n_layers;
	if (kind == OUT_CYCLONEDX)
		r = pkg_sbom_cyclonedx(f, &subj, s->has_os ? &s->os : NULL, &s->pkgs, err);
	else
		r = pkg_sbom_spdx(f, &subj, s->has_os ? &s->os : NULL, &s->pkgs, err);
	free(layers);
	return r;
}

int cmd_image(const struct cli_command *cmd, int argc, char **argv)
{
	struct image_args a = {
	    .format = VAKT_FORMAT_TEXT,
	    .severity_mask = (1u << VAKT_SEV_COUNT) - 1,
	    .fail_on = VAKT_SEV_INFO,
	    .exit_code = CLI_EXIT_FINDINGS,
	    .color = "auto",
	};
	struct vakt_config *config = NULL;
	struct vakt_scan_opts so;
	struct img_scan_opts io = {0};
	struct vakt_scan_result res = {0};
	struct vakt_report_opts ro = {0};
	struct vakt_error *err = NULL;
	struct img_scan *model = NULL;
	struct progress pr = {0};
	bool packages_only;
	FILE *out = stdout;
	int first, r;

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
	packages_only = a.list_packages || a.output_kind != OUT_REPORT;
	if (a.list_packages && a.output_kind != OUT_REPORT) {
		cli_error("--list-packages and --format %s both choose the output: give one",
		          a.output_kind == OUT_CYCLONEDX ? "cyclonedx" : "spdx-json");
		r = CLI_EXIT_USAGE;
		goto out;
	}
	if (a.list_packages && a.format != VAKT_FORMAT_TEXT && a.format != VAKT_FORMAT_JSON) {
		cli_error("--list-packages writes text or json");
		r = CLI_EXIT_USAGE;
		goto out;
	}
	r = image_load_config(&a, &config);
	if (r)
		goto out;
	if (!a.has_fail_on && config->has_fail_on) {
		a.fail_on = config->fail_on;
		a.has_fail_on = true;
	}
	if (a.output) {
		out = fopen(a.output, "we");
		if (!out) {
			cli_error("cannot write '%s': %s", a.output, strerror(errno));
			r = CLI_EXIT_ENVIRONMENT;
			goto out;
		}
	}
	setvbuf(out, NULL, _IOFBF, 1u << 16);

	vakt_scan_opts_init(&so, config);
	so.severity_mask = a.severity_mask;
	io.scan = &so;
	io.open.tag = a.tag;
	io.open.platform = a.platform;
	io.no_secrets = a.no_secrets || packages_only;
	if (!a.no_progress && isatty(STDERR_FILENO)) {
		io.progress = image_progress;
		io.progress_data = &pr;
	}
	img_scan_path(argv[first], &io, &res, &model);
	if (pr.shown)
		fputs("\r\033[K", stderr);

	for (size_t i = 0; i < res.errors.n; i++) {
		char *msg = vakt_error_format(res.errors.v[i]);

		cli_error("%s", msg);
		free(msg);
	}
	if (model) {
		/* Package databases that did not parse: the rest of the report stands. */
		for (size_t i = 0; i < model->pkg_errors.n; i++) {
			char *msg = vakt_error_format(model->pkg_errors.v[i]);

			cli_error("%s", msg);
			free(msg);
		}
	}
	if (packages_only) {
		if (!model) {
			r = CLI_EXIT_INPUT;
			goto out;
		}
		if (a.output_kind != OUT_REPORT)
			r = image_sbom(out, model, a.output_kind, &err);
		else if (a.format == VAKT_FORMAT_JSON)
			r = image_list_json(out, model);
		else
			r = image_list_text(out, model);
	} else {
		ro.format = a.format;
		ro.color = a.format == VAKT_FORMAT_TEXT && cli_want_color(a.color, out);
		ro.show_suppressed = a.show_suppressed;
		ro.version = VAKT_VERSION;
		r = vakt_report_write(out, &res, &ro, &err);
	}
	if (r < 0 || fflush(out) != 0 || ferror(out)) {
		cli_error("cannot write the report%s%s: %s", a.output ? " to " : "",
		          a.output ? a.output : "", err ? err->msg : strerror(errno));
		vakt_error_free(err);
		r = CLI_EXIT_ENVIRONMENT;
		goto out;
	}
	if (res.errors.n || (model && model->pkg_errors.n))
		r = CLI_EXIT_INPUT;
	else if (!packages_only && a.exit_code && image_has_failing(&res, a.fail_on))
		r = (int)a.exit_code;
	else
		r = CLI_EXIT_OK;
out:
	if (out && out != stdout && fclose(out) != 0 && r != CLI_EXIT_ENVIRONMENT) {
		cli_error("cannot write '%s': %s", a.output, strerror(errno));
		r = CLI_EXIT_ENVIRONMENT;
	}
	img_scan_free(model);
	vakt_scan_result_release(&res);
	vakt_config_free(config);
	return r;
}
