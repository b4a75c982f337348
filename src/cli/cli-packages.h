/* SPDX-License-Identifier: MIT */
#ifndef VAKT_CLI_PACKAGES_H
#define VAKT_CLI_PACKAGES_H

/*
 * What vakt image --list-packages and vakt scan --list-packages print of a
 * package, and what their SBOMs share (cli-packages.c): one writer of each
 * cell and JSON member, so that both commands say the same thing the same
 * way.
 */

#include <jansson.h>
#include <stdio.h>

#include "pkg/pkg.h"

/* One column of a package table: s (input text) made safe, padded to width, then sep. */
void cli_pkg_cell(FILE *f, const char *s, int width, const char *sep);
/*
 * The SOURCE cell of an application package and the line's end: its
 * ecosystem and the file that declares it ("npm: web/package-lock.json").
 * p->found_in must be set.
 */
void cli_pkg_found_in(FILE *f, const struct pkg *p);
/*
 * The JSON object of one package (type, name, version, arch, source,
 * source_version, license, purl, layer; for an application package also
 * found_in, group, scope and dev). The caller owns it.
 */
json_t *cli_pkg_json(const struct pkg *p);
/*
 * An SBOM's creation time when the input carries none: SOURCE_DATE_EPOCH
 * (reproducible builds) when set and valid, else now.
 */
void cli_sbom_time(char out[PKG_SBOM_TIME_LEN]);

#endif
