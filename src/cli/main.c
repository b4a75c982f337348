/* SPDX-License-Identifier: MIT */
/* STUB entry point; the real command table follows. */
#include <stdio.h>
#include "core/scan.h"
#include "core/report.h"

int main(int argc, char **argv)
{
	struct vakt_config *c = vakt_config_new();
	struct vakt_scan_opts o;
	struct vakt_scan_result res = {0};
	struct vakt_report_opts ro = {0};

	vakt_scan_opts_init(&o, c);
	vakt_scan_paths((const char *const *)argv + 1, (size_t)argc - 1, &o, &res);
	vakt_report_write(stdout, &res, &ro, NULL);
	vakt_scan_result_release(&res);
	vakt_config_free(c);
	return 0;
}
