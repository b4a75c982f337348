/* SPDX-License-Identifier: MIT */
/* Helpers shared by the RUN rules: walking RUNs, pipes, mounts, stages, variables. */
#include "df-check-run.h"

/* --- walking the RUNs -------------------------------------------------------- */

/* The next RUN at or after *i (ONBUILD RUN triggers too when `onbuild`). */
bool df_rc_next(const struct df_file *f, size_t *i, bool onbuild, struct df_rc_run *r)
{
	while (*i < f->n_instrs) {
		size_t at = (*i)++;
		const struct df_instr *in = &f->instrs[at];

		r->f = f;
		r->at = at;
		r->stage = in->stage;
		if (in->kind == DF_RUN) {
			r->in = in;
			r->onbuild = false;
			return true;
		}
		if (onbuild && in->kind == DF_ONBUILD && in->onbuild &&
		    in->onbuild->kind == DF_RUN) {
			r->in = in->onbuild;
			r->onbuild = true;
			return true;
		}
	}
	return false;
}

size_t df_rc_pkg_index(const struct df_instr *in, const struct df_pkg_cmd *p)
{
	return (size_t)(p->cmd - in->sh.cmds);
}

const struct df_pkg_cmd *df_rc_pkg_of(const struct df_instr *in, size_t k)
{
	size_t lo = 0, hi = in->n_pkgs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, at = df_rc_pkg_index(in, &in->pkgs[mid]);

		if (at == k)
			return &in->pkgs[mid];
		if (at < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *df_rc_base_name(const char *s)
{
	const char *slash;

	if (!s)
		return "";
	slash = strrchr(s, '/');
	return slash ? slash + 1 : s;
}

const char *df_rc_arg(const struct shell_cmd *c, size_t i)
{
	return i < c->argc && c->argv[i].text ? c->argv[i].text : "";
}

/* The program a command runs after wrappers (sudo, env, ...); "" when none. */
const char *df_rc_prog(const struct shell_cmd *c, size_t *at)
{
	size_t i = shell_cmd_skip_wrappers(c);

	if (at)
		*at = i;
	return i < c->argc ? df_rc_base_name(c->argv[i].text) : "";
}

bool df_rc_name_in(const char *name, const char *const *list)
{
	/* The rules ask it of every command: the first letter rules out most names. */
	for (; *list; list++)
		if ((*list)[0] == name[0] && !strcmp(name, *list))
			return true;
	return false;
}

/* ASCII case-insensitive substring search. */
bool df_rc_ci_contains(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++)
		if (!vakt_strncasecmp(s, needle, n))
			return true;
	return false;
}

bool df_rc_falsey(const char *v)
{
	return v && (!strcmp(v, "0") || !vakt_strcasecmp(v, "false") || !vakt_strcasecmp(v, "no") ||
	             !vakt_strcasecmp(v, "off"));
}

bool df_rc_truthy(const char *v)
{
	return v && (!strcmp(v, "1") || !vakt_strcasecmp(v, "true") || !vakt_strcasecmp(v, "yes") ||
	             !vakt_strcasecmp(v, "on"));
}

/* The command after a pipe from command k at the same depth, or s->n. */
size_t df_rc_pipe_next(const struct shell_script *s, size_t k)
{
	if (s->cmds[k].sep != SHELL_SEP_PIPE)
		return s->n;
	for (size_t j = k + 1; j < s->n; j++) {
		if (s->cmds[j].depth < s->cmds[k].depth)
			return s->n;
		if (s->cmds[j].depth == s->cmds[k].depth)
			return s->cmds[j].piped_in ? j : s->n;
	}
	return s->n;
}

/* The command that pipes into command k at the same depth, or s->n. */
size_t df_rc_pipe_prev(const struct shell_script *s, size_t k)
{
	if (!s->cmds[k].piped_in)
		return s->n;
	for (size_t j = k; j-- > 0;) {
		if (s->cmds[j].depth < s->cmds[k].depth)
			return s->n;
		if (s->cmds[j].depth == s->cmds[k].depth)
			return s->cmds[j].sep == SHELL_SEP_PIPE ? j : s->n;
	}
	return s->n;
}

/*
 * Whether a RUN --mount of type cache or tmpfs covers one of `paths`: its
 * target equals one (trailing slashes ignored) or, with `substring`,
 * contains one.
 */
bool df_rc_has_mount(const struct df_instr *in, const char *const *paths, bool substring)
{
	for (size_t i = 0; i < in->n_flags; i++) {
		const struct df_flag *fl = &in->flags[i];
		const char *p;
		bool cache = false;
		const char *target = NULL;
		size_t target_len = 0;

		if (vakt_strcasecmp(fl->name, "mount") || !fl->value)
			continue;
		for (p = fl->value; *p;) {
			size_t n = strcspn(p, ",");
			size_t k = strcspn(p, "=");

			if (k < n) {
				const char *v = p + k + 1;
				size_t vn = n - k - 1;

				if (k == 4 && !strncmp(p, "type", 4))
					cache = (vn == 5 && !strncmp(v, "cache", 5)) ||
					        (vn == 5 && !strncmp(v, "tmpfs", 5));
				else if ((k == 6 && !strncmp(p, "target", 6)) ||
				         (k == 3 && !strncmp(p, "dst", 3)) ||
				         (k == 11 && !strncmp(p, "destination", 11))) {
					target = v;
					target_len = vn;
				}
			}
			p += n + (p[n] == ',');
		}
		if (!cache || !target)
			continue;
		while (target_len > 1 && target[target_len - 1] == '/')
			target_len--;
		for (const char *const *q = paths; *q; q++) {
			size_t qn = strlen(*q);

			if (!substring && qn == target_len && !strncmp(target, *q, qn))
				return true;
			if (substring && target_len >= qn) {
				for (size_t o = 0; o + qn <= target_len; o++)
					if (!strncmp(target + o, *q, qn))
						return true;
			}
		}
	}
	return false;
}

/*
 * The index of the last `rm` in s that removes a path starting with one of
 * `prefixes` (with `substring`, containing one), or SIZE_MAX. One pass: the
 * checks ask "is it removed after command k?" as last > k.
 */
size_t df_rc_last_removal(const struct shell_script *s, const char *const *prefixes, bool substring)
{
	for (size_t k = s->n; k-- > 0;) {
		const struct shell_cmd *c = &s->cmds[k];
		size_t p;

		if (strcmp(df_rc_prog(c, &p), "rm"))
			continue;
		for (size_t i = p + 1; i < c->argc; i++)
			for (const char *const *q = prefixes; *q; q++)
				if (substring ? strstr(df_rc_arg(c, i), *q) != NULL
				              : vakt_starts_with(df_rc_arg(c, i), *q))
					return k;
	}
	return SIZE_MAX;
}

bool df_rc_ships(const struct df_rc_run *r, const bool *ships)
{
	return r->onbuild ||
	       (r->stage >= 0 && (size_t)r->stage < r->f->n_stages && ships[r->stage]);
}

/* "the final stage", "stage 'build' that the final stage is built on", "an ONBUILD trigger". */
char *df_rc_where(const struct df_rc_run *r)
{
	const struct df_stage *st;

	if (r->onbuild)
		return vakt_xstrdup(
		    "an ONBUILD trigger (it runs in every image built from this one)");
	st = &r->f->stages[r->stage];
	if (st->is_final || r->stage == r->f->final_stage)
		return vakt_xstrdup("the final stage");
	if (st->name)
		return vakt_xasprintf("stage '%s', which the final stage is built on", st->name);
	return vakt_xasprintf("stage %d, which the final stage is built on", r->stage);
}

void df_rc_exports_init(struct df_rc_exports *e, const struct shell_script *s, const char *name)
{
	size_t n = strlen(name), cap = 0;

	*e = (struct df_rc_exports){.name = name};
	for (size_t j = 0; j < s->n; j++) {
		const struct shell_cmd *c = &s->cmds[j];
		const char *found = NULL;

		if (c->argc < 2 || strcmp(df_rc_arg(c, 0), "export"))
			continue;
		/* `export A=1 A=2`: the last one wins. */
		for (size_t i = 1; i < c->argc; i++)
			if (!strncmp(df_rc_arg(c, i), name, n) && df_rc_arg(c, i)[n] == '=')
				found = df_rc_arg(c, i) + n + 1;
		if (!found)
			continue;
		e->v = vakt_grow(e->v, sizeof(*e->v), e->n + 1, &cap);
		e->v[e->n++] = (struct df_rc_export){j, found};
	}
}

void df_rc_exports_release(struct df_rc_exports *e)
{
	free(e->v);
	*e = (struct df_rc_exports){0};
}

/*
 * The value e->name has for command k of a RUN: an assignment on the
 * command, the last `export NAME=...` before it (a binary search in e), or
 * ENV/ARG.
 */
const char *df_rc_env(const struct df_rc_run *r, size_t k, const struct df_rc_exports *e)
{
	const struct shell_script *s = &r->in->sh;
	size_t n = strlen(e->name), lo = 0, hi = e->n;

	for (size_t i = 0; i < s->cmds[k].n_assigns; i++) {
		const char *a = s->cmds[k].assigns[i].text;

		if (a && !strncmp(a, e->name, n) && a[n] == '=')
			return a + n + 1;
	}
	/* The first export at or after k is e->v[lo]; the one before it applies. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->v[mid].at < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0)
		return e->v[lo - 1].value;
	if (r->stage < 0)
		return NULL;
	return df_file_lookup(r->f, r->stage, r->at, e->name);
}

const char *const df_rc_apt_opt[] = {"--option", NULL};
const struct df_pkg_optspec df_rc_wget_spec = {"OoaePUTtwQBiDIXlAR", NULL, false};

static const char *const useradd_longs[] = {"--base-dir",
                                            "--comment",
                                            "--home-dir",
                                            "--home",
                                            "--expiredate",
                                            "--inactive",
                                            "--gid",
                                            "--groups",
                                            "--skel",
                                            "--key",
                                            "--password",
                                            "--shell",
                                            "--uid",
                                            "--selinux-user",
                                            "--root",
                                            "--prefix",
                                            "--login",
                                            "--add-subuids",
                                            "--del-subuids",
                                            "--add-subgids",
                                            "--del-subgids",
                                            "--selinux-range",
                                            NULL};
const struct df_pkg_optspec df_rc_useradd_spec = {"bcdefgGkKlpsuvVwWZRP", useradd_longs, false};
