/* SPDX-License-Identifier: MIT */
/*
 * The package-manager hygiene rules (DF050-DF055, DF057-DF060), each a
 * walk over the package-manager commands of df-pkg.h.
 */
#include <stdint.h>

#include "df-check-run.h"

/* --- package hygiene: a shared walk over the package commands ---------------- */

/*
 * What a check learned about the RUN being walked, computed the first time
 * it is needed and kept for the RUN's other commands: asking "is the cache
 * removed later?" afresh at every install made a RUN of n commands cost
 * n * n (issue 9). Reset whenever the walk enters another RUN.
 */
struct run_memo {
	const struct df_instr *in; /* the RUN it describes; NULL before the first */
	bool known[4];
	size_t last[4];               /* a check's last command of interest, SIZE_MAX: none */
	struct df_rc_exports exports; /* DF054's `export PIP_NO_CACHE_DIR=...` */
};

typedef void (*pkg_fn)(struct vakt_check_ctx *ctx, const struct df_rc_run *r, size_t k,
                       const struct df_pkg_cmd *p, struct run_memo *memo);

/* Call fn for every package-manager command of every RUN (ONBUILD RUN triggers too). */
static void each_pkg(struct vakt_check_ctx *ctx, pkg_fn fn)
{
	const struct df_file *f = ctx->model;
	struct run_memo memo = {0};
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		df_rc_exports_release(&memo.exports);
		memo = (struct run_memo){.in = r.in};
		for (size_t j = 0; j < r.in->n_pkgs; j++)
			fn(ctx, &r, df_rc_pkg_index(r.in, &r.in->pkgs[j]), &r.in->pkgs[j], &memo);
	}
	df_rc_exports_release(&memo.exports);
}

/*
 * Whether the memo's RUN removes one of `paths` (df_rc_last_removal()) after
 * command k; slot i of the memo keeps the answer for this set of paths.
 */
static bool memo_removes_after(struct run_memo *memo, int i, size_t k, const char *const *paths,
                               bool substring)
{
	if (!memo->known[i]) {
		memo->last[i] = df_rc_last_removal(&memo->in->sh, paths, substring);
		memo->known[i] = true;
	}
	return memo->last[i] != SIZE_MAX && memo->last[i] > k;
}

/* The action word of p (the manager word when there is none). */
static const struct vakt_span *verb_span(const struct df_pkg_cmd *p)
{
	size_t i = p->verb < p->cmd->argc ? p->verb : p->prog;

	return &p->cmd->argv[i].span;
}

/* DF050 */
static void upgrade_fn(struct vakt_check_ctx *ctx, const struct df_rc_run *r, size_t k,
                       const struct df_pkg_cmd *p, struct run_memo *memo)
{
	enum df_pkg_family fam = df_pkg_family(p->manager);

	if (p->action != DF_PKG_ACT_UPGRADE && p->action != DF_PKG_ACT_DIST_UPGRADE)
		return;
	if (fam == DF_PKG_FAM_NONE)
		return;
	/* yum update NAME upgrades named packages: that is an install with a version policy. */
	if ((fam == DF_PKG_FAM_RPM || fam == DF_PKG_FAM_ZYPP) && p->n_pkgs)
		return;
	vakt_check_emit(ctx, verb_span(p), NULL,
	                "'%s %s' upgrades every package of the base image in a layer that changes "
	                "from build to build",
	                df_pkg_manager_name(p->manager), df_rc_arg(p->cmd, p->verb));
}

void df_check_run_upgrade(struct vakt_check_ctx *ctx)
{
	each_pkg(ctx, upgrade_fn);
}

/* DF051 */

/* Whether an apt -o option of p sets `key` (case-insensitive) to a value that `want` accepts. */
static bool apt_sets(const struct df_pkg_cmd *p, const char *key, bool (*want)(const char *))
{
	struct df_pkg_args it;
	struct df_pkg_arg a;
	size_t n = strlen(key);

	df_pkg_args_init(&it, p->cmd, p->prog + 1, df_pkg_optspec(p->manager));
	while (df_pkg_args_next(&it, &a))
		if (df_pkg_arg_is(&a, df_pkg_optspec(p->manager), "o", df_rc_apt_opt) && a.value &&
		    !vakt_strncasecmp(a.value, key, n) && a.value[n] == '=' &&
		    want(a.value + n + 1))
			return true;
	return false;
}

/* Whether a RUN writes "APT::Install-Recommends "false"" (into an apt.conf.d file). */
static bool run_disables_recommends(const struct df_instr *in)
{
	for (size_t k = 0; k < in->sh.n; k++) {
		const struct shell_cmd *c = &in->sh.cmds[k];

		for (size_t j = 1; j < c->argc; j++) {
			const char *w = df_rc_arg(c, j);

			if (df_rc_ci_contains(w, "install-recommends") &&
			    (df_rc_ci_contains(w, "false") || strstr(w, "\"0\"") ||
			     strstr(w, "=0")))
				return true;
		}
	}
	return false;
}

void df_check_run_recommends(struct vakt_check_ctx *ctx)
{
	static const char *const no_rec[] = {"--no-install-recommends", "--without-recommends",
	                                     NULL};
	const struct df_file *f = ctx->model;
	/* Per stage: an earlier RUN of it (or of the stage it is built on) turned them off. */
	bool *off = vakt_xcalloc(f->n_stages ? f->n_stages : 1, sizeof(*off));

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];
		const struct df_instr *run = in->kind == DF_RUN ? in : NULL;
		int st = in->stage;
		bool valid = st >= 0 && (size_t)st < f->n_stages;
		bool exempt;

		if (in->kind == DF_FROM && valid) {
			int parent = f->stages[st].parent;

			off[st] = parent >= 0 && parent < st && off[parent];
			continue;
		}
		if (in->kind == DF_ONBUILD && in->onbuild && in->onbuild->kind == DF_RUN)
			run = in->onbuild;
		if (!run)
			continue;
		exempt = run_disables_recommends(run) || (run == in && valid && off[st]);
		if (exempt && run == in && valid)
			off[st] = true;
		for (size_t j = 0; j < run->n_pkgs && !exempt; j++) {
			const struct df_pkg_cmd *p = &run->pkgs[j];

			if (df_pkg_family(p->manager) == DF_PKG_FAM_DEB &&
			    p->action == DF_PKG_ACT_INSTALL &&
			    !df_pkg_has_opt(p, p->manager == DF_PKG_MGR_APTITUDE ? "R" : NULL,
			                    no_rec) &&
			    !apt_sets(p, "APT::Install-Recommends", df_rc_falsey))
				vakt_check_emit(
				    ctx, verb_span(p), NULL,
				    "'%s install' without '--no-install-recommends' also "
				    "installs every recommended package",
				    df_pkg_manager_name(p->manager));
		}
	}
	free(off);
}

/* DF052 */

/* The last `apt-get dist-clean` of s (apt 2.7: removes the lists as rm -rf does), or SIZE_MAX. */
static size_t last_dist_clean(const struct shell_script *s)
{
	for (size_t k = s->n; k-- > 0;) {
		const struct shell_cmd *c = &s->cmds[k];
		size_t p;
		const char *n = df_rc_prog(c, &p);

		if (strcmp(n, "apt-get") && strcmp(n, "apt"))
			continue;
		for (size_t i = p + 1; i < c->argc; i++)
			if (!strcmp(df_rc_arg(c, i), "dist-clean"))
				return k;
	}
	return SIZE_MAX;
}

void df_check_run_apt_lists(struct vakt_check_ctx *ctx)
{
	static const char *const lists[] = {"/var/lib/apt/lists", "/var/lib/apt", NULL};
	const struct df_file *f = ctx->model;
	bool *ships = df_file_shipped(f);
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		const struct shell_script *s = &r.in->sh;

		if (!df_rc_ships(&r, ships) || df_rc_has_mount(r.in, lists, false))
			continue;
		for (size_t j = 0; j < r.in->n_pkgs; j++) {
			const struct df_pkg_cmd *p = &r.in->pkgs[j];
			size_t k = df_rc_pkg_index(r.in, p), last;
			bool update;

			update = df_pkg_family(p->manager) == DF_PKG_FAM_DEB &&
			         p->action == DF_PKG_ACT_UPDATE;
			/* Once per RUN: the loop stops at the first update. */
			last = update ? df_rc_last_removal(s, lists, false) : SIZE_MAX;
			if (update && (last == SIZE_MAX || last <= k))
				last = last_dist_clean(s);
			if (update && (last == SIZE_MAX || last <= k))
				vakt_check_emit(
				    ctx, verb_span(p), NULL,
				    "the package lists fetched by '%s update' stay in the "
				    "layer: end this RUN with 'rm -rf /var/lib/apt/lists/*'",
				    df_pkg_manager_name(p->manager));
			if (update)
				break;
		}
	}
	free(ships);
}

/* DF053 */
static void apk_cache_fn(struct vakt_check_ctx *ctx, const struct df_rc_run *r, size_t k,
                         const struct df_pkg_cmd *p, struct run_memo *memo)
{
	static const char *const no_cache[] = {"--no-cache", "--no-network", NULL};
	static const char *const cache[] = {"/var/cache/apk", "/etc/apk/cache", NULL};

	if (p->manager != DF_PKG_MGR_APK || p->action != DF_PKG_ACT_INSTALL)
		return;
	if (df_pkg_has_opt(p, NULL, no_cache) || df_rc_has_mount(r->in, cache, false) ||
	    memo_removes_after(memo, 0, k, cache, false))
		return;
	vakt_check_emit(ctx, verb_span(p), NULL,
	                "'apk add' without '--no-cache' leaves the package index in the layer");
}

void df_check_run_apk_cache(struct vakt_check_ctx *ctx)
{
	each_pkg(ctx, apk_cache_fn);
}

/* DF054 */

/* Whether pip's --cache-dir points at a RUN --mount=type=cache (or tmpfs) target. */
static bool cache_dir_mounted(const struct df_instr *in, const struct df_pkg_cmd *p)
{
	static const char *const cache_dir[] = {"--cache-dir", NULL};
	struct df_pkg_arg a;
	const char *paths[2] = {NULL, NULL};
	char *dir;
	size_t n;
	bool yes;

	const char *v;

	if (!df_pkg_find_pkg_opt(p, NULL, cache_dir, &a))
		return false;
	/* "--cache-dir=/x", or "--cache-dir /x" where the option table does not know it. */
	v = a.value ? a.value : df_rc_arg(p->cmd, a.i + 1);
	if (!*v)
		return false;
	dir = vakt_xstrdup(v);
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	paths[0] = dir;
	yes = df_rc_has_mount(in, paths, false);
	free(dir);
	return yes;
}

static void pip_cache_fn(struct vakt_check_ctx *ctx, const struct df_rc_run *r, size_t k,
                         const struct df_pkg_cmd *p, struct run_memo *memo)
{
	static const char *const no_cache[] = {"--no-cache-dir", NULL};
	static const char *const cache[] = {".cache/pip", NULL};
	const char *env;

	if (p->manager != DF_PKG_MGR_PIP || p->action != DF_PKG_ACT_INSTALL)
		return;
	if (df_pkg_has_opt(p, NULL, no_cache) || df_rc_has_mount(r->in, cache, true) ||
	    cache_dir_mounted(r->in, p))
		return;
	if (!memo->exports.name)
		df_rc_exports_init(&memo->exports, &r->in->sh, "PIP_NO_CACHE_DIR");
	env = df_rc_env(r, k, &memo->exports);
	if (env && *env && !df_rc_falsey(env))
		return;
	/* An `rm` naming the pip cache anywhere in its path, later in the RUN. */
	if (memo_removes_after(memo, 0, k, cache, true))
		return;
	vakt_check_emit(ctx, verb_span(p), NULL,
	                "'%s install' without '--no-cache-dir' keeps the downloaded wheels in the "
	                "layer",
	                df_rc_arg(p->cmd, p->prog));
}

void df_check_run_pip_cache(struct vakt_check_ctx *ctx)
{
	each_pkg(ctx, pip_cache_fn);
}

/* DF055 */
/*
 * Managers whose VCS sources vakt reads the ref of (df-pkg.h: pip "@v1", npm
 * "#v1", cargo --tag/--rev).
 */
static bool vcs_ref_in_word(enum df_pkg_manager m)
{
	return m == DF_PKG_MGR_PIP || m == DF_PKG_MGR_PIPX || m == DF_PKG_MGR_NPM ||
	       m == DF_PKG_MGR_YARN || m == DF_PKG_MGR_PNPM || m == DF_PKG_MGR_CARGO;
}

static bool ref_needs_pin(const struct df_pkg_cmd *p, const struct df_pkg_ref *ref)
{
	bool vcs = ref->source == DF_PKG_SRC_VCS && vcs_ref_in_word(p->manager);

	/* A repository without a ref installs whatever its default branch holds today. */
	if ((ref->source != DF_PKG_SRC_REGISTRY && !vcs) || ref->variable || df_pkg_ref_pinned(ref))
		return false;
	/* dnf groups (@name) and module streams cannot carry a package version. */
	if (df_pkg_family(p->manager) == DF_PKG_FAM_RPM && ref->name[0] == '@')
		return false;
	return *ref->name != '\0';
}

/* Whether name is among the names listed so far (a repeated package word is listed once). */
static bool listed_already(char *const *listed, size_t n, const char *name)
{
	for (size_t i = 0; i < n && i < DF_RC_MAX_LISTED; i++)
		if (!strcmp(listed[i], name))
			return true;
	return false;
}

void df_check_run_unpinned(struct vakt_check_ctx *ctx)
{
	static const char *const constraint[] = {"--constraint", NULL};
	const struct df_file *f = ctx->model;
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		struct vakt_buf msg = VAKT_BUF_INIT;
		const struct vakt_span *first = NULL;
		char *listed[DF_RC_MAX_LISTED]; /* owned copies of the names in msg */
		size_t n = 0;

		for (size_t j = 0; j < r.in->n_pkgs; j++) {
			const struct df_pkg_cmd *p = &r.in->pkgs[j];

			if (p->action != DF_PKG_ACT_INSTALL ||
			    (p->manager == DF_PKG_MGR_PIP && df_pkg_has_opt(p, "c", constraint)))
				continue;
			for (size_t i = 0; i < p->n_pkgs; i++) {
				const struct df_pkg_ref *ref = &p->pkgs[i];

				if (!ref_needs_pin(p, ref) || listed_already(listed, n, ref->name))
					continue;
				if (!first)
					first = &ref->word->span;
				if (n < DF_RC_MAX_LISTED) {
					listed[n] = vakt_xstrdup(ref->name);
					vakt_buf_addf(&msg, "%s%s (%s)", n ? ", " : "", ref->name,
					              df_pkg_manager_name(p->manager));
				}
				n++;
			}
		}
		if (n > DF_RC_MAX_LISTED)
			vakt_buf_addf(&msg, " and %zu more", n - DF_RC_MAX_LISTED);
		if (n)
			vakt_check_emit(ctx, first, NULL,
			                "%zu package%s installed without a pinned version: %s", n,
			                n == 1 ? "" : "s", vakt_buf_str(&msg));
		for (size_t i = 0; i < n && i < DF_RC_MAX_LISTED; i++)
			free(listed[i]);
		vakt_buf_release(&msg);
	}
}

/* DF057 */

/* apt-get's quiet level: -qq, -q -q, -q=2 and --quiet=2 imply --assume-yes. */
static bool many_q(const struct df_pkg_cmd *p)
{
	struct df_pkg_args it;
	struct df_pkg_arg a;
	size_t q = 0;

	df_pkg_args_init(&it, p->cmd, p->prog + 1, df_pkg_optspec(p->manager));
	while (df_pkg_args_next(&it, &a)) {
		const char *eq;

		if (a.kind != DF_PKG_ARG_OPTION)
			continue;
		eq = strchr(a.text, '=');
		if (eq && (!strncmp(a.text, "-q=", 3) || !strncmp(a.text, "--quiet=", 8))) {
			q += eq[1] >= '2' && eq[1] <= '9' ? 2 : eq[1] == '1';
			continue;
		}
		if (a.text[1] == '-') {
			q += !strcmp(a.text, "--quiet");
			continue;
		}
		for (size_t i = 1; i < a.name_len; i++)
			q += a.text[i] == 'q';
	}
	return q >= 2;
}

static void assume_yes_fn(struct vakt_check_ctx *ctx, const struct df_rc_run *r, size_t k,
                          const struct df_pkg_cmd *p, struct run_memo *memo)
{
	static const char *const apt_yes[] = {"--yes", "--assume-yes", NULL};
	static const char *const rpm_yes[] = {"--assumeyes", NULL};
	static const char *const zyp_yes[] = {"--non-interactive", "--no-confirm", NULL};
	enum df_pkg_family fam = df_pkg_family(p->manager);
	size_t prev;
	bool ok;

	if (p->action != DF_PKG_ACT_INSTALL && p->action != DF_PKG_ACT_UPGRADE &&
	    p->action != DF_PKG_ACT_DIST_UPGRADE && p->action != DF_PKG_ACT_REMOVE)
		return;
	switch (fam) {
	case DF_PKG_FAM_DEB:
		ok = df_pkg_has_opt(p, "y", apt_yes) || many_q(p) ||
		     apt_sets(p, "APT::Get::Assume-Yes", df_rc_truthy);
		break;
	case DF_PKG_FAM_RPM:
		ok = df_pkg_has_opt(p, "y", rpm_yes);
		break;
	case DF_PKG_FAM_ZYPP:
		ok = df_pkg_has_opt(p, "ny", zyp_yes);
		break;
	default:
		return;
	}
	prev = df_rc_pipe_prev(&r->in->sh, k);
	if (ok || (prev < r->in->sh.n && !strcmp(df_rc_prog(&r->in->sh.cmds[prev], NULL), "yes")))
		return;
	vakt_check_emit(ctx, verb_span(p), NULL,
	                "'%s %s' without '%s': the build stops at the confirmation prompt",
	                df_pkg_manager_name(p->manager), df_rc_arg(p->cmd, p->verb),
	                fam == DF_PKG_FAM_ZYPP ? "-n" : "-y");
}

void df_check_run_assume_yes(struct vakt_check_ctx *ctx)
{
	each_pkg(ctx, assume_yes_fn);
}

/* DF058 */
void df_check_run_apt(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct shell_cmd *c = &r.in->sh.cmds[k];
			size_t prog;

			if (strcmp(df_rc_prog(c, &prog), "apt"))
				continue;
			vakt_check_emit(ctx, &c->argv[prog].span, NULL,
			                "'apt%s%s' is meant for people, its output and behaviour "
			                "change between releases: use 'apt-get%s%s'",
			                prog + 1 < c->argc ? " " : "", df_rc_arg(c, prog + 1),
			                prog + 1 < c->argc ? " " : "", df_rc_arg(c, prog + 1));
		}
	}
}

/* DF059 */
static void rpm_clean_fn(struct vakt_check_ctx *ctx, const struct df_rc_run *r, size_t k,
                         const struct df_pkg_cmd *p, struct run_memo *memo)
{
	static const char *const rpm_cache[] = {"/var/cache/yum", "/var/cache/dnf",
	                                        "/var/cache/libdnf5", NULL};
	static const char *const zyp_cache[] = {"/var/cache/zypp", NULL};
	enum df_pkg_family fam = df_pkg_family(p->manager);
	int zyp = fam == DF_PKG_FAM_ZYPP;
	const char *const *cache = zyp ? zyp_cache : rpm_cache;

	if ((fam != DF_PKG_FAM_RPM && fam != DF_PKG_FAM_ZYPP) || p->action != DF_PKG_ACT_INSTALL)
		return;
	if (df_rc_has_mount(r->in, cache, false) || memo_removes_after(memo, zyp, k, cache, false))
		return;
	/* The last `clean` of this family in the RUN (slot 2 for rpm, 3 for zypper). */
	if (!memo->known[2 + zyp]) {
		memo->last[2 + zyp] = SIZE_MAX;
		for (size_t j = 0; j < r->in->n_pkgs; j++) {
			const struct df_pkg_cmd *q = &r->in->pkgs[j];

			if (df_pkg_family(q->manager) == fam && q->action == DF_PKG_ACT_CLEAN)
				memo->last[2 + zyp] = df_rc_pkg_index(r->in, q);
		}
		memo->known[2 + zyp] = true;
	}
	if (memo->last[2 + zyp] != SIZE_MAX && memo->last[2 + zyp] > k)
		return;
	vakt_check_emit(ctx, verb_span(p), NULL,
	                "'%s install' without '%s' in the same RUN leaves the package cache in "
	                "the layer",
	                df_pkg_manager_name(p->manager),
	                fam == DF_PKG_FAM_ZYPP ? "zypper clean" : "clean all");
}

void df_check_run_rpm_clean(struct vakt_check_ctx *ctx)
{
	each_pkg(ctx, rpm_clean_fn);
}

/* DF060 */
void df_check_run_update_alone(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		/* Per family: whether the RUN installs, and its first update. */
		bool installs[5] = {false};
		const struct df_pkg_cmd *first[5] = {NULL};

		for (size_t j = 0; j < r.in->n_pkgs; j++) {
			const struct df_pkg_cmd *p = &r.in->pkgs[j];
			enum df_pkg_family fam = df_pkg_family(p->manager);

			if (fam == DF_PKG_FAM_NONE || (size_t)fam >= VAKT_ARRAY_SIZE(first))
				continue;
			if (p->action == DF_PKG_ACT_INSTALL || p->action == DF_PKG_ACT_UPGRADE ||
			    p->action == DF_PKG_ACT_DIST_UPGRADE)
				installs[fam] = true;
			if (p->action == DF_PKG_ACT_UPDATE && !first[fam])
				first[fam] = p;
		}
		for (size_t fam = 0; fam < VAKT_ARRAY_SIZE(first); fam++) {
			if (first[fam] && !installs[fam])
				vakt_check_emit(
				    ctx, verb_span(first[fam]), NULL,
				    "'%s %s' alone in a RUN: the cached index goes stale and later "
				    "installs use old lists; update and install in one RUN",
				    df_pkg_manager_name(first[fam]->manager),
				    df_rc_arg(first[fam]->cmd, first[fam]->verb));
		}
	}
}

/* DF066 */
void df_check_run_yarn_cache(struct vakt_check_ctx *ctx)
{
	/* yarn 1's cache (~/.cache/yarn), yarn 2+'s (~/.yarn/berry/cache, .yarn/cache). */
	static const char *const cache[] = {".cache/yarn", ".yarn", NULL};
	const struct df_file *f = ctx->model;
	bool *ships = df_file_shipped(f);
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		const struct shell_script *s = &r.in->sh;
		const struct df_pkg_cmd *install = NULL;
		size_t first, clean = SIZE_MAX, removed;

		if (!df_rc_ships(&r, ships) || df_rc_has_mount(r.in, cache, true))
			continue;
		for (size_t j = 0; j < r.in->n_pkgs; j++) {
			const struct df_pkg_cmd *p = &r.in->pkgs[j];

			if (p->manager == DF_PKG_MGR_YARN && p->action == DF_PKG_ACT_INSTALL &&
			    !install)
				install = p;
			if (p->manager == DF_PKG_MGR_YARN && p->action == DF_PKG_ACT_CLEAN)
				clean = df_rc_pkg_index(r.in, p);
		}
		if (!install)
			continue;
		first = df_rc_pkg_index(r.in, install);
		if (clean != SIZE_MAX && clean > first)
			continue;
		removed = df_rc_last_removal(s, cache, true);
		if (removed != SIZE_MAX && removed > first)
			continue;
		vakt_check_emit(ctx, verb_span(install), NULL,
		                "'yarn%s%s' without 'yarn cache clean' later in the same RUN "
		                "leaves yarn's download cache in the layer",
		                install->verb < install->cmd->argc ? " " : "",
		                df_rc_arg(install->cmd, install->verb));
	}
	free(ships);
}
