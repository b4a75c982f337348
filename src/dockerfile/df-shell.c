/* SPDX-License-Identifier: MIT */
/* STUB: replaced by the shell tokenizer. */
#include "df-shell.h"

int df_shell_parse(const struct df_text *t, struct df_sh_script *out)
{
	return 0;
}

int df_shell_parse_str(const char *s, struct df_sh_script *out)
{
	return 0;
}

void df_sh_script_release(struct df_sh_script *s)
{
	free(s->cmds);
	memset(s, 0, sizeof(*s));
}

const char *df_sh_cmd_name(const struct df_sh_cmd *c)
{
	return "";
}

size_t df_sh_cmd_skip_wrappers(const struct df_sh_cmd *c)
{
	return c->argc;
}

bool df_sh_cmd_has_flag(const struct df_sh_cmd *c, size_t from, const char *shorts,
			const char *const *longs)
{
	return false;
}
