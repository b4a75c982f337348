/* SPDX-License-Identifier: MIT */
#ifndef VAKT_IMG_VULNS_H
#define VAKT_IMG_VULNS_H

/*
 * Known vulnerabilities of an image's packages (img-vulns.c): read once
 * after the packages (img_vulns_read()), reported by rule IM020
 * (img_check_vulns()). Private to the image domain.
 */

#include "img-scan.h"
#include "vuln/vuln-check.h"

/*
 * Match s's packages against the database o names (or the default one)
 * into s->vulns (owned by s: img_vulns_free()) through vuln_check_run(). What keeps the check from
 * running fully (no database, an old one, a distribution the data does not
 * cover) goes to res->warnings; a database that cannot be read, and bad
 * ignore files or VEX documents, to res->errors. rule is IM020.
 */
void img_vulns_read(struct img_scan *s, const struct vakt_vuln_opts *o,
                    const struct vakt_rule *rule, struct vakt_scan_result *res);
void img_vulns_free(struct vuln_check *v);

#endif
