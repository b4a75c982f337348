/* SPDX-License-Identifier: MIT */
/*
 * The GNU error format, one line per finding, which editors jump through and
 * the rule fixture tests parse:
 *
 *   FILE:LINE:COL: SEVERITY: MESSAGE [RULE-ID]
 *
 * Control characters from the input become '?' so that a finding stays one
 * line. A suppressed finding (listed with --show-suppressed) says so before
 * the rule id, which stays last. Input errors are not listed here: the CLI
 * prints them on stderr.
 */
#include "report-priv.h"

int vakt_report_gnu(FILE *f, const struct vakt_scan_result *res, const struct vakt_report_opts *o)
{
	for (size_t i = 0; i < res->findings.n; i++) {
		const struct vakt_finding *x = &res->findings.v[i];

		if (!vakt_report_shown(x, o))
			continue;
		vakt_fputs_safe(f, x->loc.file ? x->loc.file : "-", 0);
		fprintf(f, ":%d:%d: %s: ", x->loc.line, x->loc.column,
		        vakt_severity_name(x->severity));
		vakt_fputs_safe(f, x->message, 0);
		if (x->suppressed) {
			fputs(" (suppressed", f);
			if (x->suppress_reason) {
				fputs(": ", f);
				vakt_fputs_safe(f, x->suppress_reason, 0);
			}
			fputc(')', f);
		}
		{
			const struct vakt_finding_ext *e = vakt_findings_ext_of(&res->findings, x);

			/* An advisory's id beside the rule's: still the last field. */
			if (e && e->id) {
				fprintf(f, " [%s ", x->rule->id);
				vakt_fputs_safe(f, e->id, 0);
				fputs("]\n", f);
			} else {
				fprintf(f, " [%s]\n", x->rule->id);
			}
		}
	}
	return vakt_report_finish(f);
}
