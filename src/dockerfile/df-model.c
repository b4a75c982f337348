/* SPDX-License-Identifier: MIT */
/* Accessors of the Dockerfile model and its release. */
#include "df-parse-priv.h"

const struct df_flag *df_instr_find_flag(const struct df_instr *in, const char *name)
{
	for (size_t i = 0; i < in->n_flags; i++)
		if (!strcmp(in->flags[i].name, name))
			return &in->flags[i];
	return NULL;
}

const char *df_instr_flag(const struct df_instr *in, const char *name)
{
	const struct df_flag *fl = df_instr_find_flag(in, name);

	return fl ? fl->value : NULL;
}

void df_file_free(struct df_file *f)
{
	struct df_file_priv *fp;

	if (!f)
		return;
	fp = df_file_priv(f);
	/* Everything else (words, texts, triggers) lives in the arena. */
	for (size_t i = 0; i < f->n_instrs; i++)
		for (struct df_instr *in = &f->instrs[i]; in; in = in->onbuild) {
			df_pkg_cmds_free(in->pkgs, in->n_pkgs);
			shell_script_release(&in->sh);
		}
	free(f->instrs);
	free(f->stages);
	vakt_suppressions_release(&f->sup);
	df_vars_release(&fp->vars);
	free(fp->names.slots);
	df_arena_release(&fp->arena);
	free(fp);
}
