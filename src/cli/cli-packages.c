/* SPDX-License-Identifier: MIT */
/* The package cells, JSON objects and SBOM time of vakt image and vakt scan (cli-packages.h). */
#include <stdlib.h>
#include <time.h>

#include "cli-packages.h"
#include "core/report.h"

void cli_pkg_cell(FILE *f, const char *s, int width, const char *sep)
{
	char *safe = vakt_str_safe(s, 0);

	fprintf(f, "%-*s%s", width, safe, sep);
	free(safe);
}

void cli_pkg_found_in(FILE *f, const struct pkg *p)
{
	fprintf(f, "%s: ", pkg_type_name(p->type));
	cli_pkg_cell(f, p->found_in, 0, "\n");
}

static json_t *jstr_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *cli_pkg_json(const struct pkg *p)
{
	static const char *const scopes[] = {"unknown", "direct", "transitive"};
	json_t *o = json_object();

	json_object_set_new(o, "type", json_string(pkg_type_name(p->type)));
	json_object_set_new(o, "name", jstr_or_null(p->name));
	json_object_set_new(o, "version", jstr_or_null(p->version));
	json_object_set_new(o, "arch", jstr_or_null(p->arch));
	json_object_set_new(o, "source", jstr_or_null(p->source));
	json_object_set_new(o, "source_version", jstr_or_null(p->source_version));
	json_object_set_new(o, "license", jstr_or_null(p->license));
	json_object_set_new(o, "purl", jstr_or_null(p->purl));
	json_object_set_new(o, "layer", p->layer >= 0 ? json_integer(p->layer + 1) : json_null());
	if (p->found_in) {
		json_object_set_new(o, "found_in", json_string(p->found_in));
		json_object_set_new(o, "group", jstr_or_null(p->group));
		json_object_set_new(o, "scope", json_string(scopes[p->scope]));
		json_object_set_new(o, "dev", json_boolean(p->dev));
	}
	return o;
}

void cli_sbom_time(char out[PKG_SBOM_TIME_LEN])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	long v = 0;

	if (!sde || vakt_parse_long(sde, 0, 253402300799L, &v) < 0)
		v = (long)time(NULL);
	pkg_sbom_format_time(v, out);
}
