/* SPDX-License-Identifier: MIT */
#include <errno.h>

#include "severity.h"
#include "util.h"

static const char *const names[VAKT_SEV_COUNT] = {"info", "low", "medium", "high", "critical"};

const char *vakt_severity_name(enum vakt_severity s)
{
	return (unsigned)s < VAKT_SEV_COUNT ? names[s] : "unknown";
}

int vakt_severity_parse(const char *s, enum vakt_severity *out)
{
	for (unsigned i = 0; i < VAKT_SEV_COUNT; i++) {
		if (!vakt_strcasecmp(s, names[i])) {
			*out = (enum vakt_severity)i;
			return 0;
		}
	}
	/* Trivy's spelling for "no severity known"; it sorts lowest. */
	if (!vakt_strcasecmp(s, "unknown")) {
		*out = VAKT_SEV_INFO;
		return 0;
	}
	return -EINVAL;
}

int vakt_severity_parse_list(const char *s, unsigned *mask, const char **bad)
{
	unsigned m = 0;
	const char *p = s;

	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char tmp[16];
		enum vakt_severity sev;

		while (n && *p == ' ') {
			p++;
			n--;
		}
		while (n && p[n - 1] == ' ')
			n--;
		if (n == 0 || n >= sizeof(tmp))
			goto fail;
		memcpy(tmp, p, n);
		tmp[n] = '\0';
		if (vakt_severity_parse(tmp, &sev) < 0)
			goto fail;
		m |= 1u << sev;
		if (!e)
			break;
		p = e + 1;
		if (!*p)
			goto fail;
	}
	if (!m)
		goto fail;
	*mask = m;
	return 0;
fail:
	if (bad)
		*bad = p;
	return -EINVAL;
}
