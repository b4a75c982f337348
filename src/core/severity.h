/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SEVERITY_H
#define VAKT_SEVERITY_H

#include <stdbool.h>

/* Ordered from least to most severe, so comparisons read naturally. */
enum vakt_severity {
	VAKT_SEV_INFO = 0,
	VAKT_SEV_LOW,
	VAKT_SEV_MEDIUM,
	VAKT_SEV_HIGH,
	VAKT_SEV_CRITICAL,
};

#define VAKT_SEV_COUNT 5

/* Lower-case name: "info", "low", "medium", "high", "critical". */
const char *vakt_severity_name(enum vakt_severity s);
/* Case-insensitive parse of one name; also accepts Trivy's UNKNOWN as info. 0 or -EINVAL. */
int vakt_severity_parse(const char *s, enum vakt_severity *out);
/*
 * Parse a comma-separated list ("HIGH,CRITICAL") into a set: mask bit
 * (1u << sev) for each listed severity. 0 or -EINVAL; *bad points into s at
 * the first unknown name.
 */
int vakt_severity_parse_list(const char *s, unsigned *mask, const char **bad);

#endif
