/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DF_PKG_PRIV_H
#define VAKT_DF_PKG_PRIV_H

/* Shared between df-pkg.c (commands and options) and df-pkg-ref.c (packages). */

#include "df-pkg.h"

/*
 * Fill r (whose word and argi are set) from its word as p's manager reads
 * it: name, version, pin operator, source. module: a "dnf module install"
 * stream (name:stream). r->name and r->version are owned by r.
 */
void df_pkg_ref_parse(const struct df_pkg_cmd *p, struct df_pkg_ref *r, bool module);
/* A version given by an option for every package: gem -v, cargo --version. */
void df_pkg_apply_version_opt(struct df_pkg_cmd *p);

#endif
