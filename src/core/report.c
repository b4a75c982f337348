/* SPDX-License-Identifier: MIT */
/* STUB: replaced by the report writers (the gnu format here is final). */
#include <errno.h>
#include "report.h"

int vakt_format_parse(const char *name, enum vakt_format *out)
{
	static const char *const names[] = {"text", "json", "sarif", "junit", "gnu"};

	for (unsigned i = 0; i < VAKT_ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i])) {
			*out = (enum vakt_format)i;
			return 0;
		}
	return -EINVAL;
}

int vakt_report_gnu(FILE *f, const struct vakt_scan_result *res, const struct vakt_report_opts *o)
{
	for (size_t i = 0; i < res->findings.n; i++) {
		const struct vakt_finding *x = &res->findings.v[i];

		if (x->suppressed && !o->show_suppressed)
			continue;
		fprintf(f, "%s:%d:%d: %s: %s [%s]\n", x->loc.file, x->loc.line, x->loc.column,
			vakt_severity_name(x->severity), x->message, x->rule->id);
	}
	return 0;
}

int vakt_report_write(FILE *f, const struct vakt_scan_result *res, const struct vakt_report_opts *o,
		      struct vakt_error **err)
{
	return vakt_report_gnu(f, res, o);
}
