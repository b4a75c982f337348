/* SPDX-License-Identifier: MIT */
/*
 * The known vulnerabilities of a source tree's lock files (DP002): the
 * packages of every file the scan reads, gathered as it goes and matched
 * once at its end against the local OSV database, as vakt image matches an
 * image's (src/vuln/vuln-check.h). A package pinned in two files is a
 * finding in each: each project of the tree is bumped on its own.
 */
#include <stdlib.h>

#include "core/check.h"
#include "core/rule.h"
#include "deps.h"

void *deps_begin(const struct vakt_scan_opts *o)
{
	struct deps_set *set;

	if (o->vuln.off)
		return NULL;
	set = vakt_xcalloc(1, sizeof(*set));
	if (pthread_mutex_init(&set->lock, NULL))
		abort();
	return set;
}

void deps_set_add(struct deps_set *set, struct pkg_list *pkgs)
{
	if (!set) {
		pkg_list_release(pkgs);
		return;
	}
	pthread_mutex_lock(&set->lock);
	for (size_t i = 0; i < pkgs->n; i++)
		*pkg_list_add(&set->pkgs) = pkgs->v[i];
	pthread_mutex_unlock(&set->lock);
	free(pkgs->v);
	memset(pkgs, 0, sizeof(*pkgs));
}

void deps_end(void *state, const struct vakt_scan_opts *o, struct vakt_findings *out,
              struct vakt_error_list *errs)
{
	struct deps_set *set = state;
	struct vakt_error_list warnings = {0};
	const struct vuln_check_report report = {&warnings, errs};
	struct vakt_check_ctx ctx = {.opts = o, .out = out, .model = set};

	if (!set || !set->pkgs.n)
		return;
	/* Threads add files in any order: sorted, the same tree gives the same findings. */
	pkg_list_sort(&set->pkgs);
	pkg_list_set_purls(&set->pkgs, NULL);
	vuln_check_run(&set->vulns, &o->vuln, false, vakt_registry_find("DP002"), &set->pkgs, NULL,
	               "lock files", &report);
	/* end() has one list: warnings travel in it with the warning code. */
	for (size_t i = 0; i < warnings.n; i++) {
		warnings.v[i]->code = VAKT_WARNING_CODE;
		vakt_error_list_add(errs, warnings.v[i]);
	}
	free(warnings.v);
	vakt_rules_run_table(&ctx, deps_rules, VAKT_SCOPE_SET);
}

void deps_release(void *state)
{
	struct deps_set *set = state;

	if (!set)
		return;
	vuln_check_release(&set->vulns);
	pkg_list_release(&set->pkgs);
	pthread_mutex_destroy(&set->lock);
	free(set);
}
