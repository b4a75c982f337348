/* SPDX-License-Identifier: MIT */
/* STUB: replaced by the YAML config implementation. */
#include <errno.h>
#include "config.h"

struct vakt_config *vakt_config_new(void)
{
	return vakt_xcalloc(1, sizeof(struct vakt_config));
}

int vakt_config_load(const char *path, struct vakt_config **out, struct vakt_error **err)
{
	return vakt_error_set(err, -ENOSYS, "config not implemented");
}

int vakt_config_parse(const char *path, const char *data, size_t len, struct vakt_config **out,
		      struct vakt_error **err)
{
	return vakt_error_set(err, -ENOSYS, "config not implemented");
}

char *vakt_config_find(const char *start)
{
	return NULL;
}

void vakt_config_free(struct vakt_config *c)
{
	free(c);
}

bool vakt_config_ignores(const struct vakt_config *c, const struct vakt_rule *rule,
			 const char *file, const char **reason)
{
	return false;
}

enum vakt_severity vakt_config_severity(const struct vakt_config *c, const struct vakt_rule *rule)
{
	return rule->severity;
}

bool vakt_config_excludes(const struct vakt_config *c, const char *path)
{
	return false;
}
