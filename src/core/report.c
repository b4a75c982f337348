/* SPDX-License-Identifier: MIT */
/* STUB: replaced by the report writers. */
#include <errno.h>
#include "report.h"

int vakt_format_parse(const char *name, enum vakt_format *out)
{
	*out = VAKT_FORMAT_TEXT;
	return 0;
}

int vakt_report_write(FILE *f, const struct vakt_scan_result *res, const struct vakt_report_opts *o,
		      struct vakt_error **err)
{
	for (size_t i = 0; i < res->findings.n; i++)
		fprintf(f, "%s:%d: %s %s\n", res->findings.v[i].loc.file, res->findings.v[i].loc.line,
			res->findings.v[i].rule->id, res->findings.v[i].message);
	return 0;
}
