/* SPDX-License-Identifier: MIT */
/* The RUN shell-quality rules: cd, pipefail, curl and wget, useradd, ln, wget progress. */
#include "df-check-run.h"

/* DF056 */

/*
 * Whether c is `cd /`, `cd -` or `cd ..`: a RUN that goes back meant its cd
 * to end with it.
 */
static bool is_cd_back(const struct shell_cmd *c)
{
	static const char *const back[] = {"/", "-", "..", "$OLDPWD", NULL};

	return c->argc == 2 && !strcmp(df_rc_arg(c, 0), "cd") &&
	       df_rc_name_in(df_rc_arg(c, 1), back);
}

/*
 * Each RUN's first `cd` that WORKDIR should replace. Not one: a cd inside a
 * ( ) subshell or $(...), into a directory the RUN removes again (a
 * mktemp -d directory, a source tree deleted after the build), or one the
 * RUN undoes with a later `cd /`, `cd -` or `cd ..`.
 */
void df_check_run_cd(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, false, &r);) {
		const struct shell_script *s = &r.in->sh;
		struct df_rc_paths gone = {0};
		bool gone_built = false, seen = false;
		size_t back = SIZE_MAX; /* the last `cd /` or `cd -` at top level */

		for (size_t k = s->n; k-- > 0;)
			if (s->cmds[k].depth == 0 && !s->cmds[k].subshell &&
			    is_cd_back(&s->cmds[k])) {
				back = k;
				break;
			}
		for (size_t k = 0; k < s->n; k++) {
			const struct shell_cmd *c = &s->cmds[k];

			if (c->depth != 0 || c->argc == 0 || strcmp(df_rc_arg(c, 0), "cd"))
				continue;
			if (c->subshell)
				continue;
			if (seen && is_cd_back(c))
				continue;
			seen = true;
			if (back != SIZE_MAX && back > k)
				continue;
			if (!gone_built) {
				df_rc_removed_init(&gone, s);
				gone_built = true;
			}
			if (c->argc > 1 && df_rc_removed_after(&gone, df_rc_arg(c, 1), k))
				continue;
			vakt_check_emit(
			    ctx, &c->argv[0].span, NULL,
			    "'cd %s' in RUN: use WORKDIR %s so later instructions see the "
			    "same directory",
			    df_rc_arg(c, 1), c->argc > 1 ? df_rc_arg(c, 1) : "<dir>");
			break;
		}
		df_rc_paths_release(&gone);
	}
}

/* DF061 */

/*
 * The SHELL each stage ends with so far, kept while walking the
 * instructions in order (a stage built on another inherits its SHELL).
 */
static bool shell_has_pipefail(const struct df_instr *shell)
{
	for (size_t i = 0; shell && i + 1 < shell->n_args; i++) {
		const char *a = shell->args[i].value;

		if (a && a[0] == '-' && a[1] != '-' && a[strlen(a) - 1] == 'o' &&
		    shell->args[i + 1].value && !strcmp(shell->args[i + 1].value, "pipefail"))
			return true;
	}
	return false;
}

/* Whether the stage's shell is one pipefail applies to (sh, bash, zsh, ash, ...). */
static bool shell_is_posix(const struct df_instr *shell)
{
	static const char *const posix[] = {"sh",   "bash", "zsh",  "ash",
	                                    "dash", "ksh",  "mksh", NULL};

	if (!shell || !shell->n_args || !shell->args[0].value)
		return true;
	return df_rc_name_in(df_rc_base_name(shell->args[0].value), posix);
}

/* Whether command c is "set -o pipefail" (or -eo, -euxo ... pipefail). */
static bool is_set_pipefail(const struct shell_cmd *c)
{
	if (c->argc < 2 || strcmp(df_rc_arg(c, 0), "set"))
		return false;
	for (size_t i = 1; i + 1 < c->argc; i++) {
		const char *a = df_rc_arg(c, i);

		if (a[0] == '-' && a[1] != '-' && a[strlen(a) - 1] == 'o' &&
		    !strcmp(df_rc_arg(c, i + 1), "pipefail"))
			return true;
	}
	return false;
}

/*
 * Whether command c cannot fail, so that pipefail would change nothing when
 * it feeds a pipe: echo, printf, true, :, yes, and cat reading only a
 * here-string or here-document (`echo "$sha *f" | sha256sum -c -`). A
 * $(...) in its arguments runs before it, where pipefail does not reach.
 */
static bool cannot_fail(const struct shell_cmd *c)
{
	static const char *const safe[] = {"echo", "printf", "true", ":", "yes", NULL};
	size_t prog;
	const char *n = df_rc_prog(c, &prog);

	if (df_rc_name_in(n, safe))
		return true;
	if (strcmp(n, "cat") || prog + 1 < c->argc)
		return false;
	for (size_t i = 0; i < c->n_redirs; i++)
		if (!strcmp(c->redirs[i].op, "<<<") || vakt_starts_with(c->redirs[i].op, "<<"))
			return true;
	return false;
}

/*
 * Whether command c checks checksums read from its input (`sha256sum -c -`,
 * `shasum -a 256 --check`): empty or cut input makes it fail, so a failure
 * of what feeds it fails the build without pipefail.
 */
static bool verifies_input(const struct shell_cmd *c)
{
	static const char *const sums[] = {"sha1sum",   "sha224sum", "sha256sum",
	                                   "sha384sum", "sha512sum", "md5sum",
	                                   "b2sum",     "shasum",    NULL};
	static const char *const check[] = {"--check", NULL};
	size_t prog;
	const char *n = df_rc_prog(c, &prog);

	return df_rc_name_in(n, sums) && shell_cmd_has_flag(c, prog + 1, "c", check);
}

void df_check_run_pipefail(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	const struct df_instr **shell = vakt_xcalloc(f->n_stages ? f->n_stages : 1, sizeof(*shell));

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];
		const struct shell_script *s = &in->sh;
		int st = in->stage;

		if (st < 0 || (size_t)st >= f->n_stages)
			continue;
		if (in->kind == DF_FROM) {
			int parent = f->stages[st].parent;

			shell[st] = parent >= 0 && parent < st ? shell[parent] : NULL;
			continue;
		}
		if (in->kind == DF_SHELL) {
			shell[st] = in;
			continue;
		}
		if (in->kind != DF_RUN || in->exec_form || shell_has_pipefail(shell[st]) ||
		    !shell_is_posix(shell[st]))
			continue;
		for (size_t k = 0; k < s->n; k++) {
			const struct shell_cmd *c = &s->cmds[k];
			size_t j;

			if (c->depth != 0)
				continue;
			if (is_set_pipefail(c))
				break;
			j = df_rc_pipe_next(s, k);
			if (j >= s->n || !c->argc || !s->cmds[j].argc || cannot_fail(c) ||
			    verifies_input(&s->cmds[j]))
				continue;
			vakt_check_emit(ctx, &c->argv[0].span, NULL,
			                "'%s' is piped into '%s' without pipefail: a failure of "
			                "'%s' does not fail the build",
			                df_rc_prog(c, NULL), df_rc_prog(&s->cmds[j], NULL),
			                df_rc_prog(c, NULL));
			break;
		}
	}
	free(shell);
}

/* DF062 */
void df_check_run_curl_wget(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	/* Per stage: bit 1 curl seen, bit 2 wget seen, bit 4 reported. */
	unsigned char *seen = vakt_xcalloc(f->n_stages ? f->n_stages : 1, 1);
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, false, &r);) {
		if (r.stage < 0 || (size_t)r.stage >= f->n_stages)
			continue;
		for (size_t k = 0; k < r.in->sh.n && !(seen[r.stage] & 4); k++) {
			const struct shell_cmd *c = &r.in->sh.cmds[k];
			size_t prog;
			const char *n = df_rc_prog(c, &prog);
			unsigned char bit = !strcmp(n, "curl") ? 1 : !strcmp(n, "wget") ? 2 : 0;

			if (!bit)
				continue;
			seen[r.stage] |= bit;
			if ((seen[r.stage] & 3) != 3)
				continue;
			seen[r.stage] |= 4;
			vakt_check_emit(ctx, &c->argv[prog].span, NULL,
			                "this stage uses both curl and wget: pick one, and ship "
			                "neither in the final image");
		}
	}
	free(seen);
}

/* DF063 */
void df_check_run_useradd_uid(struct vakt_check_ctx *ctx)
{
	static const char *const uid[] = {"--uid", NULL};
	static const char *const nolog[] = {"--no-log-init", NULL};
	const struct df_file *f = ctx->model;
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct shell_cmd *c = &r.in->sh.cmds[k];
			size_t prog;
			struct df_pkg_arg a;

			if (strcmp(df_rc_prog(c, &prog), "useradd"))
				continue;
			if (!df_pkg_find_opt(c, prog + 1, &df_rc_useradd_spec, "u", uid, &a) ||
			    !a.value || strlen(a.value) < 6 ||
			    strspn(a.value, "0123456789") != strlen(a.value))
				continue;
			if (df_pkg_find_opt(c, prog + 1, &df_rc_useradd_spec, "l", nolog, NULL))
				continue;
			vakt_check_emit(
			    ctx, &c->argv[a.value_i].span, NULL,
			    "'useradd -u %s' without '-l' (--no-log-init): the sparse "
			    "lastlog and faillog files for a UID this large can fill the "
			    "layer",
			    a.value);
		}
	}
}

/* DF064 */
void df_check_run_ln_sh(struct vakt_check_ctx *ctx)
{
	static const char *const ln_longs[] = {"--suffix", "--target-directory", NULL};
	static const struct df_pkg_optspec ln_spec = {"St", ln_longs, false};
	const struct df_file *f = ctx->model;
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct shell_cmd *c = &r.in->sh.cmds[k];
			size_t prog, last = 0;
			struct df_pkg_args ai;
			struct df_pkg_arg a;

			if (strcmp(df_rc_prog(c, &prog), "ln"))
				continue;
			df_pkg_args_init(&ai, c, prog + 1, &ln_spec);
			while (df_pkg_args_next(&ai, &a))
				if (a.kind == DF_PKG_ARG_POSITIONAL)
					last = a.i;
			if (!last || (strcmp(df_rc_arg(c, last), "/bin/sh") &&
			              strcmp(df_rc_arg(c, last), "/usr/bin/sh")))
				continue;
			vakt_check_emit(ctx, &c->argv[last].span, NULL,
			                "'ln' replaces %s: set the shell for RUN with the SHELL "
			                "instruction instead",
			                df_rc_arg(c, last));
		}
	}
}

/* DF065 */
void df_check_run_wget_progress(struct vakt_check_ctx *ctx)
{
	static const char *const quiet[] = {
	    "--progress",    "--quiet",         "-nv", "--no-verbose",
	    "--output-file", "--append-output", NULL};
	const struct df_file *f = ctx->model;
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct shell_cmd *c = &r.in->sh.cmds[k];
			size_t prog;

			if (strcmp(df_rc_prog(c, &prog), "wget"))
				continue;
			if (df_pkg_find_opt(c, prog + 1, &df_rc_wget_spec, "qoa", quiet, NULL))
				continue;
			vakt_check_emit(ctx, &c->argv[prog].span, NULL,
			                "'wget' without '--progress=dot:giga' or '-q' fills the "
			                "build log with a progress bar");
		}
	}
}
