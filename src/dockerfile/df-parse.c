/* SPDX-License-Identifier: MIT */
/* STUB: replaced by the parser implementation. */
#include <errno.h>
#include "df-model.h"

int df_parse(const struct vakt_source *src, const struct vakt_strv *build_args,
	     struct df_file **out, struct vakt_error_list *errs)
{
	*out = vakt_xcalloc(1, sizeof(**out));
	(*out)->src = src;
	(*out)->final_stage = -1;
	return 0;
}

void df_file_free(struct df_file *f)
{
	if (!f)
		return;
	vakt_suppressions_release(&f->sup);
	free(f);
}
