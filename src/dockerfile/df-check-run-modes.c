/* SPDX-License-Identifier: MIT */
/*
 * The file-mode RUN rules: world-writable files (DF043) and setuid or
 * setgid bits (DF044), set by chmod, mkdir -m or install -m. A path the RUN
 * removes again leaves no mode behind (a temporary directory made
 * world-writable for a build user, then deleted), and setgid on a directory
 * (new files inherit its group) is not a program that runs as its owner.
 */
#include "df-check-run.h"

/* What a mode grants. */
struct grants {
	bool world_w; /* world write without the sticky bit (which makes /tmp-style dirs safe) */
	bool setuid;
	bool setgid;
	bool sticky; /* only means something on a directory */
};

/* Read mode m into *g; false when it is not understood (a variable, say). */
static bool mode_grants(const char *m, struct grants *g)
{
	*g = (struct grants){0};
	if (!m || !*m)
		return false;
	if (strspn(m, "01234567") == strlen(m)) {
		unsigned long v = 0;

		if (strlen(m) > 4)
			return false;
		for (const char *p = m; *p; p++)
			v = v * 8 + (unsigned long)(*p - '0');
		g->sticky = (v & 01000) != 0;
		g->world_w = (v & 02) && !g->sticky;
		g->setuid = (v & 04000) != 0;
		g->setgid = (v & 02000) != 0;
		return true;
	}
	for (const char *p = m; *p;) {
		size_t n = strcspn(p, ",");
		size_t w = strspn(p, "ugoa");
		bool others = false, user = w == 0, group = w == 0;

		if (w > n)
			return false;
		for (size_t i = 0; i < w; i++) {
			others |= p[i] == 'o' || p[i] == 'a';
			user |= p[i] == 'u' || p[i] == 'a';
			group |= p[i] == 'g' || p[i] == 'a';
		}
		for (size_t i = w; i < n;) {
			char op = p[i++];
			size_t e = i + strspn(p + i, "rwxXstugo");

			if (op != '+' && op != '-' && op != '=')
				return false;
			if (e > n)
				e = n;
			for (size_t j = i; j < e && op != '-'; j++) {
				g->world_w |= p[j] == 'w' && others;
				g->setuid |= p[j] == 's' && user;
				g->setgid |= p[j] == 's' && group;
				g->sticky |= p[j] == 't';
			}
			i = e;
		}
		p += n + (p[n] == ',');
	}
	if (g->sticky)
		g->world_w = false;
	return true;
}

/*
 * The mode word of a command that sets modes: chmod MODE, mkdir -m MODE,
 * install -m MODE. Returns the argv index (c->argc when none) and the mode.
 */
static size_t mode_word(const struct shell_cmd *c, size_t prog, const char **mode)
{
	static const char *const chmod_longs[] = {"--reference", NULL};
	static const struct df_pkg_optspec chmod_spec = {NULL, chmod_longs, false};
	static const char *const mkdir_longs[] = {
	    "--mode", "--context", "--owner", "--group", "--suffix", "--target-directory", NULL};
	static const struct df_pkg_optspec mkdir_spec = {"mogSt", mkdir_longs, false};
	static const char *const mode_opt[] = {"--mode", NULL};
	const char *n = df_rc_base_name(df_rc_arg(c, prog));
	struct df_pkg_args it;
	struct df_pkg_arg a;

	*mode = NULL;
	if (!strcmp(n, "chmod")) {
		df_pkg_args_init(&it, c, prog + 1, &chmod_spec);
		while (df_pkg_args_next(&it, &a)) {
			if (a.kind != DF_PKG_ARG_POSITIONAL)
				continue;
			*mode = a.text;
			return a.i;
		}
		return c->argc;
	}
	if (!strcmp(n, "mkdir") || !strcmp(n, "install")) {
		if (!df_pkg_find_opt(c, prog + 1, &mkdir_spec, "m", mode_opt, &a) || !a.value)
			return c->argc;
		*mode = a.value;
		return a.value_i;
	}
	return c->argc;
}

/* What one mode-setting command applies its mode to, and how. */
struct mode_cmd {
	const struct shell_cmd *c;
	const char *name; /* chmod, mkdir, install */
	size_t prog, mi;  /* argv index of the program and of the mode word */
	bool makes_dir;   /* mkdir, install -d */
	bool recursive;   /* chmod -R: the files below get the mode too */
};

/* Each path argument of m after its mode word, in order; false at the end. */
static bool mode_next_target(const struct mode_cmd *m, struct df_pkg_args *it, struct df_pkg_arg *a)
{
	while (df_pkg_args_next(it, a))
		if (a->kind == DF_PKG_ARG_POSITIONAL && a->i != m->mi)
			return true;
	return false;
}

static void mode_targets_init(const struct mode_cmd *m, struct df_pkg_args *it)
{
	static const char *const longs[] = {"--mode",      "--context", "--owner",
	                                    "--group",     "--suffix",  "--target-directory",
	                                    "--reference", NULL};
	static const struct df_pkg_optspec spec = {"mogSt", longs, false};

	df_pkg_args_init(it, m->c, m->prog + 1, &spec);
}

/* Whether every target of m is removed later in the RUN (and there is one). */
static bool targets_removed(const struct mode_cmd *m, const struct df_rc_paths *gone, size_t k)
{
	struct df_pkg_args it;
	struct df_pkg_arg a;
	size_t n = 0;

	mode_targets_init(m, &it);
	while (mode_next_target(m, &it, &a)) {
		if (!df_rc_removed_after(gone, a.text, k))
			return false;
		n++;
	}
	return n > 0;
}

/*
 * Whether every target of m is a directory: made by m itself (mkdir,
 * install -d), written with a trailing '/', or created earlier in the file
 * (mkdir, install -d, WORKDIR). chmod -R reaches the files below, so never.
 */
static bool targets_are_dirs(const struct mode_cmd *m, const struct df_rc_paths *made, size_t at,
                             size_t k)
{
	struct df_pkg_args it;
	struct df_pkg_arg a;
	size_t n = 0;

	if (m->recursive)
		return false;
	mode_targets_init(m, &it);
	while (mode_next_target(m, &it, &a)) {
		size_t len = strlen(a.text);

		if (!m->makes_dir && !(len > 1 && a.text[len - 1] == '/') &&
		    !df_rc_created_before(made, a.text, at, k))
			return false;
		n++;
	}
	return n > 0;
}

static void check_modes(struct vakt_check_ctx *ctx, bool setid_rule)
{
	static const char *const dir_longs[] = {"--directory", NULL};
	static const char *const rec_longs[] = {"--recursive", NULL};
	const struct df_file *f = ctx->model;
	struct df_rc_paths made = {0};
	bool made_built = false;
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		struct df_rc_paths gone = {0};
		bool gone_built = false;

		for (size_t k = 0; k < r.in->sh.n; k++) {
			struct mode_cmd m = {.c = &r.in->sh.cmds[k]};
			const char *mode;
			struct grants g;
			bool sid;

			m.name = df_rc_prog(m.c, &m.prog);
			if (strcmp(m.name, "chmod") && strcmp(m.name, "mkdir") &&
			    strcmp(m.name, "install"))
				continue;
			m.mi = mode_word(m.c, m.prog, &mode);
			if (m.mi >= m.c->argc || m.c->argv[m.mi].has_expansion ||
			    !mode_grants(mode, &g))
				continue;
			sid = g.setuid || g.setgid;
			if (setid_rule ? !sid : !g.world_w)
				continue;
			m.makes_dir = !strcmp(m.name, "mkdir") ||
			              (!strcmp(m.name, "install") &&
			               shell_cmd_has_flag(m.c, m.prog + 1, "d", dir_longs));
			m.recursive = !strcmp(m.name, "chmod") &&
			              shell_cmd_has_flag(m.c, m.prog + 1, "R", rec_longs);
			if (!gone_built) {
				df_rc_removed_init(&gone, &r.in->sh);
				gone_built = true;
			}
			if (targets_removed(&m, &gone, k))
				continue;
			if (!setid_rule) {
				vakt_check_emit(ctx, &m.c->argv[m.mi].span, NULL,
				                "'%s %s' makes files writable by every user: any "
				                "process in the container can replace them",
				                m.name, mode);
				continue;
			}
			/*
			 * setgid alone on directories: new files inherit the group,
			 * nothing runs. With the sticky bit (3777) the mode is one for
			 * a directory: the sticky bit means nothing on a file.
			 */
			if (!g.setuid && !m.recursive && g.sticky)
				continue;
			if (!g.setuid && !r.onbuild) {
				if (!made_built) {
					df_rc_created_init(&made, f);
					made_built = true;
				}
				if (targets_are_dirs(&m, &made, r.at, k))
					continue;
			}
			vakt_check_emit(ctx, &m.c->argv[m.mi].span, NULL,
			                "'%s %s' sets the setuid/setgid bit: the program runs "
			                "with its owner's privileges, a path to root",
			                m.name, mode);
		}
		df_rc_paths_release(&gone);
	}
	df_rc_paths_release(&made);
}

void df_check_run_world_writable(struct vakt_check_ctx *ctx)
{
	check_modes(ctx, false);
}

void df_check_run_setuid(struct vakt_check_ctx *ctx)
{
	check_modes(ctx, true);
}
