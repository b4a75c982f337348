/* SPDX-License-Identifier: MIT */
/*
 * The RUN rules: attack surface (sudo, tools shipped in the final image,
 * remote scripts piped to a shell, world-writable and setuid modes, disabled
 * TLS verification, passwords, daemons started at build time) and
 * package-manager hygiene. Every check reads the simple commands the shell
 * tokenizer made of each RUN (and of each ONBUILD RUN trigger where peers
 * check those too), mostly through the package-manager model of df-pkg.h.
 * Each check is one pass over the instructions; nothing is compiled per call.
 */
#include "core/check.h"
#include "df-model.h"
#include "df-pkg.h"

/* Packages named in one DF055 message before "and N more". */
#define RUN_MAX_LISTED 8

/* --- walking the RUNs -------------------------------------------------------- */

/* A RUN to check: a RUN instruction, or the RUN trigger of an ONBUILD. */
struct run {
	const struct df_file *f;
	const struct df_instr *in; /* the RUN (for ONBUILD, its trigger) */
	size_t at;                 /* index of the instruction in f->instrs */
	int stage;
	bool onbuild;
};

/* The next RUN at or after *i (ONBUILD RUN triggers too when `onbuild`). */
static bool run_next(const struct df_file *f, size_t *i, bool onbuild, struct run *r)
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

static const char *base_name(const char *s)
{
	const char *slash;

	if (!s)
		return "";
	slash = strrchr(s, '/');
	return slash ? slash + 1 : s;
}

static const char *arg_text(const struct df_sh_cmd *c, size_t i)
{
	return i < c->argc && c->argv[i].text ? c->argv[i].text : "";
}

/* The program a command runs after wrappers (sudo, env, ...); "" when none. */
static const char *cmd_prog(const struct df_sh_cmd *c, size_t *at)
{
	size_t i = df_sh_cmd_skip_wrappers(c);

	if (at)
		*at = i;
	return i < c->argc ? base_name(c->argv[i].text) : "";
}

static bool name_in(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(name, *list))
			return true;
	return false;
}

/* ASCII case-insensitive substring search. */
static bool ci_contains(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++)
		if (!vakt_strncasecmp(s, needle, n))
			return true;
	return false;
}

static bool is_falsey(const char *v)
{
	return v && (!strcmp(v, "0") || !vakt_strcasecmp(v, "false") || !vakt_strcasecmp(v, "no") ||
	             !vakt_strcasecmp(v, "off"));
}

static bool is_truthy(const char *v)
{
	return v && (!strcmp(v, "1") || !vakt_strcasecmp(v, "true") || !vakt_strcasecmp(v, "yes") ||
	             !vakt_strcasecmp(v, "on"));
}

/* The command after a pipe from command k at the same depth, or s->n. */
static size_t pipe_next(const struct df_sh_script *s, size_t k)
{
	if (s->cmds[k].sep != DF_SH_SEP_PIPE)
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
static size_t pipe_prev(const struct df_sh_script *s, size_t k)
{
	if (!s->cmds[k].piped_in)
		return s->n;
	for (size_t j = k; j-- > 0;) {
		if (s->cmds[j].depth < s->cmds[k].depth)
			return s->n;
		if (s->cmds[j].depth == s->cmds[k].depth)
			return s->cmds[j].sep == DF_SH_SEP_PIPE ? j : s->n;
	}
	return s->n;
}

/*
 * Whether a RUN --mount of type cache or tmpfs covers one of `paths`: its
 * target equals one (trailing slashes ignored) or, with `substring`,
 * contains one.
 */
static bool run_has_mount(const struct df_instr *in, const char *const *paths, bool substring)
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

/* Whether an `rm` in s at index > from removes a path starting with one of `prefixes`. */
static bool script_removes(const struct df_sh_script *s, size_t from, const char *const *prefixes)
{
	for (size_t k = from; k < s->n; k++) {
		const struct df_sh_cmd *c = &s->cmds[k];
		size_t p;

		if (strcmp(cmd_prog(c, &p), "rm"))
			continue;
		for (size_t i = p + 1; i < c->argc; i++)
			for (const char *const *q = prefixes; *q; q++)
				if (vakt_starts_with(arg_text(c, i), *q))
					return true;
	}
	return false;
}

/*
 * The stages whose files the image ships: the final stage and the stages
 * it is built upon through FROM <stage>. The caller frees the array (one
 * entry per stage).
 */
static bool *stages_shipped(const struct df_file *f)
{
	bool *ships = vakt_xcalloc(f->n_stages ? f->n_stages : 1, sizeof(*ships));

	for (size_t s = 0; s < f->n_stages; s++) {
		int k = (int)s;

		if (!f->stages[s].is_final && (int)s != f->final_stage)
			continue;
		while (k >= 0 && (size_t)k < f->n_stages && !ships[k]) {
			ships[k] = true;
			k = f->stages[k].parent;
		}
	}
	return ships;
}

static bool run_ships(const struct run *r, const bool *ships)
{
	return r->onbuild ||
	       (r->stage >= 0 && (size_t)r->stage < r->f->n_stages && ships[r->stage]);
}

/* "the final stage", "stage 'build' that the final stage is built on", "an ONBUILD trigger". */
static char *run_where(const struct run *r)
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

/*
 * The value variable `name` has for command k of a RUN: an assignment on
 * the command, an earlier `export NAME=...` in the RUN, or ENV/ARG.
 */
static const char *run_env(const struct run *r, size_t k, const char *name)
{
	const struct df_sh_script *s = &r->in->sh;
	size_t n = strlen(name);
	const char *found = NULL;

	for (size_t i = 0; i < s->cmds[k].n_assigns; i++) {
		const char *a = s->cmds[k].assigns[i].text;

		if (a && !strncmp(a, name, n) && a[n] == '=')
			return a + n + 1;
	}
	for (size_t j = 0; j < k; j++) {
		const struct df_sh_cmd *c = &s->cmds[j];

		if (c->argc < 2 || strcmp(arg_text(c, 0), "export"))
			continue;
		for (size_t i = 1; i < c->argc; i++)
			if (!strncmp(arg_text(c, i), name, n) && arg_text(c, i)[n] == '=')
				found = arg_text(c, i) + n + 1;
	}
	if (found)
		return found;
	if (r->stage < 0)
		return NULL;
	return df_file_lookup(r->f, r->stage, r->at, name);
}

/* --- DF040: sudo ------------------------------------------------------------- */

static void check_sudo(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	struct run r;

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct df_sh_cmd *c = &r.in->sh.cmds[k];
			size_t prog = df_sh_cmd_skip_wrappers(c);

			for (size_t i = 0; i < c->argc && i <= prog; i++) {
				const char *n = base_name(arg_text(c, i));

				if (strcmp(n, "sudo") && strcmp(n, "doas"))
					continue;
				vakt_check_emit(ctx, &c->argv[i].span, NULL,
				                "RUN uses '%s'%s%s: build steps already run as the "
				                "current USER; switch with USER instead",
				                n, prog < c->argc ? " to run " : "",
				                prog < c->argc ? base_name(arg_text(c, prog)) : "");
				break;
			}
		}
	}
}

/* --- DF041, DF048: tools left in the final image ----------------------------- */

struct tool {
	const char *pkg;
	bool remote;   /* DF048 (remote access, privilege, network relays), else DF041 */
	bool apk_only; /* only news on Alpine-style images: Debian and RHEL ship it already */
	const char *why;
};

static const struct tool tools[] = {
    {"curl", false, false, "an intruder can download a reverse shell or exploit with it"},
    {"wget", false, false, "an intruder can download a reverse shell or exploit with it"},
    {"bash", false, true, "a full shell makes interactive attacks and scripts easy"},
    {"openssh", false, false, "an intruder can tunnel or move to other hosts over SSH"},
    {"openssh-client", false, false, "an intruder can tunnel or move to other hosts over SSH"},
    {"openssh-clients", false, false, "an intruder can tunnel or move to other hosts over SSH"},
    {"openssh-client-default", false, false,
     "an intruder can tunnel or move to other hosts over SSH"},
    {"ssh", false, false, "an intruder can tunnel or move to other hosts over SSH"},
    {"telnet", false, false, "an intruder can reach other hosts with it"},
    {"inetutils-telnet", false, false, "an intruder can reach other hosts with it"},
    {"tcpdump", false, false, "an intruder can capture the traffic of the pod network"},
    {"gcc", false, false, "an intruder can compile exploits inside the container"},
    {"g++", false, false, "an intruder can compile exploits inside the container"},
    {"gcc-c++", false, false, "an intruder can compile exploits inside the container"},
    {"clang", false, false, "an intruder can compile exploits inside the container"},
    {"make", false, false, "build tools belong in a build stage"},
    {"build-essential", false, false, "an intruder can compile exploits inside the container"},
    {"build-base", false, false, "an intruder can compile exploits inside the container"},
    {"git", false, false, "an intruder can fetch code with it"},
    {"vim", false, false, "an intruder can edit configuration and scripts in place"},
    {"vim-tiny", false, false, "an intruder can edit configuration and scripts in place"},
    {"vim-minimal", false, false, "an intruder can edit configuration and scripts in place"},
    {"vim-enhanced", false, false, "an intruder can edit configuration and scripts in place"},
    {"sudo", true, false, "it turns any foothold in a sudoer account into root"},
    {"doas", true, false, "it turns any foothold in a permitted account into root"},
    {"openssh-server", true, false, "an SSH daemon is a remote way in, and belongs on the host"},
    {"dropbear", true, false, "an SSH daemon is a remote way in, and belongs on the host"},
    {"netcat", true, false, "netcat opens reverse and bind shells in one command"},
    {"netcat-openbsd", true, false, "netcat opens reverse and bind shells in one command"},
    {"netcat-traditional", true, false, "netcat opens reverse and bind shells in one command"},
    {"nc", true, false, "netcat opens reverse and bind shells in one command"},
    {"ncat", true, false, "ncat opens reverse and bind shells in one command"},
    {"nmap-ncat", true, false, "ncat opens reverse and bind shells in one command"},
    {"socat", true, false, "socat relays reverse shells and tunnels"},
    {"nmap", true, false, "an intruder can map the internal network with it"},
};

static const struct tool *tool_find(const struct df_pkg_cmd *p, const struct df_pkg_ref *ref)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(tools); i++) {
		if (vakt_strcasecmp(tools[i].pkg, ref->name))
			continue;
		if (tools[i].apk_only && p->manager != DF_PKG_MGR_APK)
			return NULL;
		return &tools[i];
	}
	return NULL;
}

/* A package removed by a RUN (apt-get purge, apk del .build-deps, dnf remove). */
struct removal {
	size_t at; /* instruction index */
	size_t k;  /* command index in the RUN */
	bool onbuild;
	char *name; /* owned */
};

struct removals {
	struct removal *v;
	size_t n, cap;
};

static void removals_add(struct removals *l, const struct run *r, size_t k, const char *name)
{
	l->v = vakt_grow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	l->v[l->n++] = (struct removal){r->at, k, r->onbuild, vakt_xstrdup(name)};
}

/*
 * Every OS package removed in the RUNs of shipped stages (and in ONBUILD
 * triggers), in source order, so that a tool installed and removed again
 * ("apk add --virtual .deps gcc ... && apk del .deps") is not reported.
 */
static void removals_collect(const struct df_file *f, const bool *ships, struct removals *l)
{
	struct run r;

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		if (!run_ships(&r, ships))
			continue;
		for (size_t k = 0; k < r.in->sh.n; k++) {
			struct df_pkg_cmd p;

			if (!df_pkg_parse(&r.in->sh.cmds[k], &p))
				continue;
			if (p.action == DF_PKG_ACT_REMOVE &&
			    df_pkg_family(p.manager) != DF_PKG_FAM_NONE)
				for (size_t i = 0; i < p.n_pkgs; i++)
					removals_add(l, &r, k, p.pkgs[i].name);
			df_pkg_cmd_release(&p);
		}
	}
}

/* Whether `name` (or the apk virtual package `virt`) is removed after command k of r. */
static bool removed_later(const struct removals *l, const struct run *r, size_t k, const char *name,
                          const char *virt)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct removal *m = &l->v[i];

		if (m->at < r->at || (m->at == r->at && m->k <= k))
			continue;
		/* An ONBUILD trigger runs elsewhere: only its own removals count. */
		if ((r->onbuild || m->onbuild) && m->at != r->at)
			continue;
		if (!vakt_strcasecmp(m->name, name) || (virt && !strcmp(m->name, virt)))
			return true;
	}
	return false;
}

static void check_tools(struct vakt_check_ctx *ctx, bool remote)
{
	static const char *const virt_opt[] = {"--virtual", NULL};
	const struct df_file *f = ctx->model;
	bool *ships = stages_shipped(f);
	struct removals gone = {0};
	bool collected = false;
	struct run r;

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		if (!run_ships(&r, ships))
			continue;
		for (size_t k = 0; k < r.in->sh.n; k++) {
			struct df_pkg_cmd p;
			struct df_pkg_arg va;
			const char *virt = NULL;

			if (!df_pkg_parse(&r.in->sh.cmds[k], &p))
				continue;
			if (p.action != DF_PKG_ACT_INSTALL ||
			    df_pkg_family(p.manager) == DF_PKG_FAM_NONE) {
				df_pkg_cmd_release(&p);
				continue;
			}
			if (p.manager == DF_PKG_MGR_APK &&
			    df_pkg_find_pkg_opt(&p, "t", virt_opt, &va))
				virt = va.value;
			for (size_t i = 0; i < p.n_pkgs; i++) {
				const struct tool *t = tool_find(&p, &p.pkgs[i]);
				char *where;

				if (!t || t->remote != remote)
					continue;
				if (!collected) {
					removals_collect(f, ships, &gone);
					collected = true;
				}
				if (removed_later(&gone, &r, k, p.pkgs[i].name, virt))
					continue;
				where = run_where(&r);
				vakt_check_emit(ctx, &p.pkgs[i].word->span, NULL,
				                "'%s' is installed by %s into %s: %s",
				                p.pkgs[i].name, df_pkg_manager_name(p.manager),
				                where, t->why);
				free(where);
			}
			df_pkg_cmd_release(&p);
		}
	}
	for (size_t i = 0; i < gone.n; i++)
		free(gone.v[i].name);
	free(gone.v);
	free(ships);
}

static void check_attack_tools(struct vakt_check_ctx *ctx)
{
	check_tools(ctx, false);
}

static void check_remote_tools(struct vakt_check_ctx *ctx)
{
	check_tools(ctx, true);
}

/* --- DF042: remote script piped to a shell ---------------------------------- */

static const char *const shells[] = {"sh",  "bash", "dash", "zsh",     "ash",
                                     "ksh", "mksh", "fish", "busybox", NULL};
static const char *const interpreters[] = {"perl", "ruby", "node", "nodejs", "php", NULL};

static bool is_python(const char *n)
{
	if (strncmp(n, "python", 6))
		return false;
	for (n += 6; *n; n++)
		if (!(*n >= '0' && *n <= '9') && *n != '.')
			return false;
	return true;
}

static bool is_interpreter(const char *n)
{
	return name_in(n, shells) || name_in(n, interpreters) || is_python(n);
}

static bool is_fetcher(const char *n)
{
	return !strcmp(n, "curl") || !strcmp(n, "wget");
}

/* Whether interpreter command c (program at argv[prog]) reads its script from stdin. */
static bool reads_stdin(const struct df_sh_cmd *c, size_t prog)
{
	static const char *const shell_values[] = {"--rcfile", "--init-file", NULL};
	static const struct df_pkg_optspec shell_spec = {"oO", shell_values, false};
	static const struct df_pkg_optspec interp_spec = {"WXI", NULL, false};
	const char *n = base_name(arg_text(c, prog));
	bool shell = name_in(n, shells);
	struct df_pkg_args it;
	struct df_pkg_arg a;

	if (!strcmp(n, "busybox")) { /* busybox sh */
		if (strcmp(arg_text(c, prog + 1), "sh") && strcmp(arg_text(c, prog + 1), "ash"))
			return false;
		prog++;
	}
	df_pkg_args_init(&it, c, prog + 1, shell ? &shell_spec : &interp_spec);
	while (df_pkg_args_next(&it, &a)) {
		if (a.kind == DF_PKG_ARG_POSITIONAL)
			return !strcmp(a.text, "-");
		if (shell && df_pkg_arg_is(&a, &shell_spec, "s", NULL))
			return true;
		if (df_pkg_arg_is(&a, shell ? &shell_spec : &interp_spec, shell ? "c" : "cemE",
		                  NULL))
			return false;
	}
	return true;
}

/* Whether text runs the output of curl or wget: "$(curl", "`wget", "<(curl". */
static const char *fetch_substitution(const char *t)
{
	static const char *const opens[] = {"$(", "`", "<(", NULL};

	for (; t && *t; t++) {
		for (const char *const *o = opens; *o; o++) {
			size_t n = strlen(*o);
			const char *p;

			if (strncmp(t, *o, n))
				continue;
			p = t + n;
			while (*p == ' ' || *p == '\t')
				p++;
			if (!strncmp(p, "curl", 4) && (p[4] == ' ' || p[4] == '\t'))
				return "curl";
			if (!strncmp(p, "wget", 4) && (p[4] == ' ' || p[4] == '\t'))
				return "wget";
		}
	}
	return NULL;
}

static void check_pipe_to_shell(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	struct run r;

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		const struct df_sh_script *s = &r.in->sh;

		for (size_t k = 0; k < s->n; k++) {
			const struct df_sh_cmd *c = &s->cmds[k];
			size_t prog;
			const char *n = cmd_prog(c, &prog);
			const char *fetch = NULL;

			/* sh -c "$(curl ...)", bash <(curl ...), eval "$(wget -O- ...)" */
			if (is_interpreter(n) || !strcmp(n, "eval") || !strcmp(n, "source") ||
			    !strcmp(n, ".")) {
				for (size_t i = prog + 1; i < c->argc && !fetch; i++)
					fetch = fetch_substitution(arg_text(c, i));
				for (size_t i = 0; i < c->n_redirs && !fetch; i++)
					if (c->redirs[i].op && c->redirs[i].op[0] == '<')
						fetch =
						    fetch_substitution(c->redirs[i].target.text);
				if (fetch) {
					vakt_check_emit(
					    ctx, &c->argv[prog].span, NULL,
					    "'%s' runs a script fetched by '%s' without "
					    "verifying it",
					    n, fetch);
					continue;
				}
			}
			if (!is_fetcher(n))
				continue;
			/* curl ... | [tee ... |] sh */
			for (size_t j = pipe_next(s, k); j < s->n; j = pipe_next(s, j)) {
				size_t jp;
				const char *jn = cmd_prog(&s->cmds[j], &jp);

				if (!is_interpreter(jn) || !reads_stdin(&s->cmds[j], jp))
					continue;
				vakt_check_emit(
				    ctx, &s->cmds[j].argv[jp].span, NULL,
				    "output of '%s' is piped into '%s': a remote script "
				    "runs without any integrity check",
				    n, jn);
				break;
			}
		}
	}
}

/* --- DF043, DF044: file modes ------------------------------------------------- */

/*
 * What a chmod mode grants: world write (without the sticky bit, which
 * makes /tmp-style directories safe), or setuid/setgid. False when the mode
 * is not understood (a variable, say).
 */
static bool mode_grants(const char *m, bool *world_w, bool *setid)
{
	bool sticky = false;

	*world_w = *setid = false;
	if (!m || !*m)
		return false;
	if (strspn(m, "01234567") == strlen(m)) {
		unsigned long v = 0;

		if (strlen(m) > 4)
			return false;
		for (const char *p = m; *p; p++)
			v = v * 8 + (unsigned long)(*p - '0');
		*world_w = (v & 02) && !(v & 01000);
		*setid = (v & 06000) != 0;
		return true;
	}
	for (const char *p = m; *p;) {
		size_t n = strcspn(p, ",");
		size_t w = strspn(p, "ugoa");
		bool others = false, owners = w == 0;

		if (w > n)
			return false;
		for (size_t i = 0; i < w; i++) {
			others |= p[i] == 'o' || p[i] == 'a';
			owners |= p[i] == 'u' || p[i] == 'g' || p[i] == 'a';
		}
		for (size_t i = w; i < n;) {
			char op = p[i++];
			size_t e = i + strspn(p + i, "rwxXstugo");

			if (op != '+' && op != '-' && op != '=')
				return false;
			if (e > n)
				e = n;
			for (size_t j = i; j < e && op != '-'; j++) {
				*world_w |= p[j] == 'w' && others;
				*setid |= p[j] == 's' && owners;
				sticky |= p[j] == 't';
			}
			i = e;
		}
		p += n + (p[n] == ',');
	}
	if (sticky)
		*world_w = false;
	return true;
}

/*
 * The mode word of a command that sets modes: chmod MODE, mkdir -m MODE,
 * install -m MODE. Returns the argv index (c->argc when none) and the mode.
 */
static size_t mode_word(const struct df_sh_cmd *c, size_t prog, const char **mode)
{
	static const char *const chmod_longs[] = {"--reference", NULL};
	static const struct df_pkg_optspec chmod_spec = {NULL, chmod_longs, false};
	static const char *const mkdir_longs[] = {
	    "--mode", "--context", "--owner", "--group", "--suffix", "--target-directory", NULL};
	static const struct df_pkg_optspec mkdir_spec = {"mogSt", mkdir_longs, false};
	static const char *const mode_opt[] = {"--mode", NULL};
	const char *n = base_name(arg_text(c, prog));
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

static void check_modes(struct vakt_check_ctx *ctx, bool setid_rule)
{
	const struct df_file *f = ctx->model;
	struct run r;

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct df_sh_cmd *c = &r.in->sh.cmds[k];
			size_t prog, mi;
			const char *n = cmd_prog(c, &prog);
			const char *mode;
			bool ww, sid;

			if (strcmp(n, "chmod") && strcmp(n, "mkdir") && strcmp(n, "install"))
				continue;
			mi = mode_word(c, prog, &mode);
			if (mi >= c->argc || c->argv[mi].has_expansion ||
			    !mode_grants(mode, &ww, &sid))
				continue;
			if (!setid_rule && ww)
				vakt_check_emit(ctx, &c->argv[mi].span, NULL,
				                "'%s %s' makes files writable by every user: any "
				                "process in the container can replace them",
				                n, mode);
			if (setid_rule && sid)
				vakt_check_emit(
				    ctx, &c->argv[mi].span, NULL,
				    "'%s %s' sets the setuid/setgid bit: the program runs "
				    "with its owner's privileges, a path to root",
				    n, mode);
		}
	}
}

static void check_world_writable(struct vakt_check_ctx *ctx)
{
	check_modes(ctx, false);
}

static void check_setuid(struct vakt_check_ctx *ctx)
{
	check_modes(ctx, true);
}

/* --- DF045: TLS and signature verification disabled -------------------------- */

/* Why setting variable name to value disables verification, or NULL. */
static const char *tls_env_problem(const char *name, const char *value)
{
	if (!value)
		return NULL;
	if (!strcmp(name, "NODE_TLS_REJECT_UNAUTHORIZED") && !strcmp(value, "0"))
		return "Node.js stops verifying TLS certificates";
	if (!strcmp(name, "PYTHONHTTPSVERIFY") && !strcmp(value, "0"))
		return "Python stops verifying HTTPS certificates";
	if (!strcmp(name, "GIT_SSL_NO_VERIFY") && *value && !is_falsey(value))
		return "git stops verifying TLS certificates";
	if (!strcmp(name, "PIP_TRUSTED_HOST") && *value)
		return "pip trusts these hosts without TLS verification";
	if (!vakt_strcasecmp(name, "NPM_CONFIG_STRICT_SSL") && is_falsey(value))
		return "npm stops verifying the registry's TLS certificate";
	return NULL;
}

/* Check one NAME=value word. */
static void tls_check_assign(struct vakt_check_ctx *ctx, const struct df_sh_word *w)
{
	const char *t = w->text ? w->text : "";
	const char *eq = strchr(t, '=');
	char *name;
	const char *why;

	if (!eq || eq == t)
		return;
	name = vakt_xstrndup(t, (size_t)(eq - t));
	why = tls_env_problem(name, eq + 1);
	if (why)
		vakt_check_emit(ctx, &w->span, NULL, "'%s' is set to '%s': %s", name, eq + 1, why);
	free(name);
}

/* apt-get -o values that turn verification off. */
static bool apt_option_insecure(const char *v)
{
	const char *eq;

	if (!v || !(eq = strchr(v, '=')))
		return false;
	if (ci_contains(v, "::verify-peer=") || ci_contains(v, "::verify-host="))
		return is_falsey(eq + 1);
	if (ci_contains(v, "allowunauthenticated=") ||
	    ci_contains(v, "allowinsecurerepositories=") ||
	    ci_contains(v, "allowdowngradetoinsecurerepositories="))
		return is_truthy(eq + 1);
	return false;
}

/* "sslverify=0", "gpgcheck=false" anywhere in a word (yum/dnf --setopt, config-manager). */
static bool rpm_setting_insecure(const char *w)
{
	static const char *const keys[] = {"sslverify=", "gpgcheck=", NULL};

	for (const char *const *k = keys; *k; k++) {
		for (const char *p = w; *p; p++) {
			size_t n = strlen(*k);

			if (!vakt_strncasecmp(p, *k, n) && is_falsey(p + n))
				return true;
		}
	}
	return false;
}

static const char *const apt_opt[] = {"--option", NULL};
static const struct df_pkg_optspec curl_spec = {"oHdDuXAebcTFEwxmCrKyYzUQtP", NULL, false};
static const struct df_pkg_optspec wget_spec = {"OoaePUTtwQBiDIXlAR", NULL, false};

/* Emit for the flag word at argv[i] of c. */
static void tls_emit(struct vakt_check_ctx *ctx, const struct df_sh_cmd *c, size_t i,
                     const char *prog, const char *why)
{
	vakt_check_emit(ctx, &c->argv[i].span, NULL, "'%s %s' %s", prog, arg_text(c, i), why);
}

/* The verification-disabling options and settings of one command. */
static void tls_check_cmd(struct vakt_check_ctx *ctx, const struct df_sh_cmd *c)
{
	static const char *const curl_k[] = {"--insecure", "--proxy-insecure", NULL};
	static const char *const wget_k[] = {"--no-check-certificate", NULL};
	static const char *const pip_k[] = {"--trusted-host", NULL};
	static const char *const apk_k[] = {"--allow-untrusted", NULL};
	static const char *const apt_k[] = {"--allow-unauthenticated", "--force-yes",
	                                    "--allow-insecure-repositories", NULL};
	static const char *const rpm_k[] = {"--nogpgcheck", "--no-gpgchecks", NULL};
	static const char *const rpmq_k[] = {"--nosignature", "--nodigest", "--noverify",
	                                     "--nofiledigest", NULL};
	size_t prog;
	const char *n = cmd_prog(c, &prog);
	struct df_pkg_cmd p;
	struct df_pkg_args it;
	struct df_pkg_arg a;

	if (!strcmp(n, "curl")) {
		df_pkg_args_init(&it, c, prog + 1, &curl_spec);
		while (df_pkg_args_next(&it, &a))
			if (df_pkg_arg_is(&a, &curl_spec, "k", curl_k))
				tls_emit(ctx, c, a.i, n, "disables TLS certificate verification");
		return;
	}
	if (!strcmp(n, "wget")) {
		df_pkg_args_init(&it, c, prog + 1, &wget_spec);
		while (df_pkg_args_next(&it, &a)) {
			if (df_pkg_arg_is(&a, &wget_spec, NULL, wget_k))
				tls_emit(ctx, c, a.i, n, "disables TLS certificate verification");
			else if (df_pkg_arg_is(&a, &wget_spec, "e", NULL) && a.value &&
			         ci_contains(a.value, "check_certificate") &&
			         strchr(a.value, '=') && is_falsey(strchr(a.value, '=') + 1))
				tls_emit(ctx, c, a.value_i, n,
				         "disables TLS certificate verification");
		}
		return;
	}
	if (!strcmp(n, "rpm")) {
		df_pkg_args_init(&it, c, prog + 1, NULL);
		while (df_pkg_args_next(&it, &a))
			if (df_pkg_arg_is(&a, NULL, NULL, rpmq_k))
				tls_emit(ctx, c, a.i, n,
				         "installs packages without checking their signature or "
				         "digest");
		return;
	}
	if (!strcmp(n, "git")) {
		for (size_t i = prog + 1; i < c->argc; i++) {
			const char *w = arg_text(c, i);
			const char *v;

			if (!ci_contains(w, "sslverify"))
				continue;
			v = strchr(w, '=') ? strchr(w, '=') + 1 : arg_text(c, i + 1);
			if (is_falsey(v))
				tls_emit(ctx, c, i, n, "turns off TLS certificate verification");
		}
		return;
	}
	if (!strcmp(n, "npm") || !strcmp(n, "yarn") || !strcmp(n, "pnpm")) {
		for (size_t i = prog + 1; i < c->argc; i++) {
			const char *w = arg_text(c, i);
			const char *v = NULL;

			if (!strcmp(w, "--no-strict-ssl")) {
				tls_emit(ctx, c, i, n,
				         "turns off TLS verification of the registry");
				continue;
			}
			if (vakt_starts_with(w, "--"))
				w += 2;
			if (!vakt_strncasecmp(w, "strict-ssl", 10) ||
			    !vakt_strncasecmp(w, "enableStrictSsl", 15))
				v = strchr(w, '=') ? strchr(w, '=') + 1 : arg_text(c, i + 1);
			if (is_falsey(v))
				tls_emit(ctx, c, i, n,
				         "turns off TLS verification of the registry");
		}
		return;
	}
	if (!strcmp(n, "yum-config-manager")) {
		for (size_t i = prog + 1; i < c->argc; i++)
			if (rpm_setting_insecure(arg_text(c, i)))
				tls_emit(ctx, c, i, n, "turns off TLS or signature verification");
		return;
	}
	if ((!strcmp(n, "echo") || !strcmp(n, "printf"))) {
		for (size_t i = prog + 1; i < c->argc; i++)
			if (ci_contains(arg_text(c, i), "trusted=yes"))
				vakt_check_emit(
				    ctx, &c->argv[i].span, NULL,
				    "'[trusted=yes]' in an apt source: apt installs its "
				    "packages without checking signatures");
		return;
	}
	if (!df_pkg_parse(c, &p))
		return;
	df_pkg_args_init(&it, c, p.prog + 1, df_pkg_optspec(p.manager));
	while (df_pkg_args_next(&it, &a)) {
		const struct df_pkg_optspec *spec = df_pkg_optspec(p.manager);

		switch (df_pkg_family(p.manager)) {
		case DF_PKG_FAM_DEB:
			if (df_pkg_arg_is(&a, spec, NULL, apt_k))
				tls_emit(ctx, c, a.i, n,
				         "installs packages without checking signatures");
			else if (df_pkg_arg_is(&a, spec, "o", apt_opt) &&
			         apt_option_insecure(a.value))
				tls_emit(ctx, c, a.value_i, n,
				         "turns off signature or TLS verification");
			break;
		case DF_PKG_FAM_APK:
			if (df_pkg_arg_is(&a, spec, NULL, apk_k))
				tls_emit(ctx, c, a.i, n,
				         "installs packages without checking signatures");
			break;
		case DF_PKG_FAM_RPM:
		case DF_PKG_FAM_ZYPP:
			if (df_pkg_arg_is(&a, spec, NULL, rpm_k))
				tls_emit(ctx, c, a.i, n,
				         "installs packages without checking signatures");
			else if (rpm_setting_insecure(a.text))
				tls_emit(ctx, c, a.i, n, "turns off TLS or signature verification");
			else if (a.value && a.value_i != a.i && rpm_setting_insecure(a.value))
				tls_emit(ctx, c, a.value_i, n,
				         "turns off TLS or signature verification");
			break;
		case DF_PKG_FAM_NONE:
			if (p.manager == DF_PKG_MGR_PIP && df_pkg_arg_is(&a, spec, NULL, pip_k))
				tls_emit(ctx, c, a.i, n,
				         "trusts that host without TLS verification");
			else if (p.manager == DF_PKG_MGR_PIP && a.kind == DF_PKG_ARG_POSITIONAL &&
			         ci_contains(a.text, "trusted-host"))
				tls_emit(ctx, c, a.i, n, "trusts hosts without TLS verification");
			break;
		}
	}
	df_pkg_cmd_release(&p);
}

static void tls_check_kvs(struct vakt_check_ctx *ctx, const struct df_instr *in)
{
	if (in->kind != DF_ENV && in->kind != DF_ARG)
		return;
	for (size_t i = 0; i < in->n_kvs; i++) {
		const struct df_kv *kv = &in->kvs[i];
		const char *why;

		if (!kv->key.value || !kv->value.raw)
			continue;
		why = tls_env_problem(kv->key.value, kv->value.value);
		if (why)
			vakt_check_emit(ctx, &kv->key.span, NULL, "%s sets '%s' to '%s': %s",
			                df_kind_name(in->kind), kv->key.value, kv->value.value,
			                why);
	}
}

static void check_tls(struct vakt_check_ctx *ctx)
{
	static const char *const setters[] = {"export",   "env",   "declare", "typeset",
	                                      "readonly", "local", NULL};
	const struct df_file *f = ctx->model;
	struct run r;

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];

		tls_check_kvs(ctx, in);
		if (in->kind == DF_ONBUILD && in->onbuild)
			tls_check_kvs(ctx, in->onbuild);
	}

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct df_sh_cmd *c = &r.in->sh.cmds[k];
			size_t prog = df_sh_cmd_skip_wrappers(c);

			for (size_t i = 0; i < c->n_assigns; i++)
				tls_check_assign(ctx, &c->assigns[i]);
			/* export X=1, env X=1 cmd: the words before the program. */
			if (c->argc && name_in(base_name(arg_text(c, 0)), setters))
				for (size_t i = 1; i < c->argc && i < (prog ? prog : c->argc); i++)
					if (strchr(arg_text(c, i), '=') && arg_text(c, i)[0] != '-')
						tls_check_assign(ctx, &c->argv[i]);
			tls_check_cmd(ctx, c);
		}
	}
}

/* --- DF046: passwords ------------------------------------------------------------ */

static const char *const useradd_longs[] = {
    "--base-dir",
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
    NULL,
};
static const struct df_pkg_optspec useradd_spec = {"bcdefgGkKlpsuvVwWZRP", useradd_longs, false};

static void check_passwords(struct vakt_check_ctx *ctx)
{
	static const char *const p_longs[] = {"--password", NULL};
	static const char *const passwd_longs[] = {"--delete", "--stdin", NULL};
	static const char *const locked[] = {"!", "*", "!!", "!*", "x", NULL};
	const struct df_file *f = ctx->model;
	struct run r;

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct df_sh_cmd *c = &r.in->sh.cmds[k];
			size_t prog;
			const char *n = cmd_prog(c, &prog);
			const struct df_sh_word *w;
			struct df_pkg_arg a;

			if (!strcmp(n, "chpasswd") || !strcmp(n, "chgpasswd")) {
				vakt_check_emit(
				    ctx, &c->argv[prog].span, NULL,
				    "'%s' sets a password at build time: it is readable "
				    "in the image layers and the same for every container",
				    n);
			} else if (!strcmp(n, "passwd")) {
				w = df_pkg_find_opt(c, prog + 1, NULL, "d", passwd_longs, &a);
				if (w && !strcmp(a.text, "--stdin"))
					vakt_check_emit(
					    ctx, &w->span, NULL,
					    "'passwd --stdin' sets a password at build time: "
					    "it is readable in the image layers");
				else if (w)
					vakt_check_emit(ctx, &w->span, NULL,
					                "'passwd %s' leaves the account without a "
					                "password",
					                a.text);
			} else if (!strcmp(n, "usermod") || !strcmp(n, "useradd")) {
				w = df_pkg_find_opt(c, prog + 1, &useradd_spec, "p", p_longs, &a);
				if (w && a.value && !name_in(a.value, locked))
					vakt_check_emit(
					    ctx, &w->span, NULL,
					    "'%s %s' sets a password at build time: it is "
					    "readable in the image layers",
					    n, a.text);
			}
		}
	}
}

/* --- DF047: interactive and daemon commands ----------------------------------- */

static void check_interactive(struct vakt_check_ctx *ctx)
{
	static const char *const cmds[] = {"ssh",      "service", "shutdown", "reboot", "halt",
	                                   "poweroff", "top",     "htop",     "vim",    "vi",
	                                   "nano",     "kill",    "killall",  "pkill",  "mount",
	                                   "free",     "ps",      "ifconfig", NULL};
	static const char *const systemctl_verbs[] = {
	    "start",   "restart", "stop",     "reload", "try-restart", "reload-or-restart",
	    "isolate", "reboot",  "poweroff", NULL};
	const struct df_file *f = ctx->model;
	struct run r;

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct df_sh_cmd *c = &r.in->sh.cmds[k];
			size_t prog;
			const char *n = cmd_prog(c, &prog);

			if (name_in(n, cmds)) {
				vakt_check_emit(
				    ctx, &c->argv[prog].span, NULL,
				    "'%s' in RUN: interactive tools, daemons and process "
				    "control have no lasting effect in an image build",
				    n);
				continue;
			}
			if (strcmp(n, "systemctl"))
				continue;
			for (size_t i = prog + 1; i < c->argc; i++) {
				if (arg_text(c, i)[0] == '-')
					continue;
				if (name_in(arg_text(c, i), systemctl_verbs))
					vakt_check_emit(
					    ctx, &c->argv[prog].span, NULL,
					    "'systemctl %s' in RUN: no service manager runs "
					    "during a build; start the process with CMD",
					    arg_text(c, i));
				break;
			}
		}
	}
}

/* --- package hygiene: a shared walk over the package commands ---------------- */

/* Call fn for every package-manager command of every RUN (ONBUILD RUN triggers too). */
typedef void (*pkg_fn)(struct vakt_check_ctx *ctx, const struct run *r, size_t k,
                       const struct df_pkg_cmd *p);

static void for_each_pkg(struct vakt_check_ctx *ctx, pkg_fn fn)
{
	const struct df_file *f = ctx->model;
	struct run r;

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			struct df_pkg_cmd p;

			if (!df_pkg_parse(&r.in->sh.cmds[k], &p))
				continue;
			fn(ctx, &r, k, &p);
			df_pkg_cmd_release(&p);
		}
	}
}

/* The action word of p (the manager word when there is none). */
static const struct vakt_span *verb_span(const struct df_pkg_cmd *p)
{
	size_t i = p->verb < p->cmd->argc ? p->verb : p->prog;

	return &p->cmd->argv[i].span;
}

/* DF050 */
static void upgrade_fn(struct vakt_check_ctx *ctx, const struct run *r, size_t k,
                       const struct df_pkg_cmd *p)
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
	                df_pkg_manager_name(p->manager), arg_text(p->cmd, p->verb));
}

static void check_upgrade(struct vakt_check_ctx *ctx)
{
	for_each_pkg(ctx, upgrade_fn);
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
		if (df_pkg_arg_is(&a, df_pkg_optspec(p->manager), "o", apt_opt) && a.value &&
		    !vakt_strncasecmp(a.value, key, n) && a.value[n] == '=' &&
		    want(a.value + n + 1))
			return true;
	return false;
}

/* Whether a RUN writes "APT::Install-Recommends "false"" (into an apt.conf.d file). */
static bool run_disables_recommends(const struct df_instr *in)
{
	for (size_t k = 0; k < in->sh.n; k++) {
		const struct df_sh_cmd *c = &in->sh.cmds[k];

		for (size_t j = 1; j < c->argc; j++) {
			const char *w = arg_text(c, j);

			if (ci_contains(w, "install-recommends") &&
			    (ci_contains(w, "false") || strstr(w, "\"0\"") || strstr(w, "=0")))
				return true;
		}
	}
	return false;
}

static void check_recommends(struct vakt_check_ctx *ctx)
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
		for (size_t k = 0; k < run->sh.n && !exempt; k++) {
			struct df_pkg_cmd p;

			if (!df_pkg_parse(&run->sh.cmds[k], &p))
				continue;
			if (df_pkg_family(p.manager) == DF_PKG_FAM_DEB &&
			    p.action == DF_PKG_ACT_INSTALL &&
			    !df_pkg_has_opt(&p, p.manager == DF_PKG_MGR_APTITUDE ? "R" : NULL,
			                    no_rec) &&
			    !apt_sets(&p, "APT::Install-Recommends", is_falsey))
				vakt_check_emit(
				    ctx, verb_span(&p), NULL,
				    "'%s install' without '--no-install-recommends' also "
				    "installs every recommended package",
				    df_pkg_manager_name(p.manager));
			df_pkg_cmd_release(&p);
		}
	}
	free(off);
}

/* DF052 */
static void check_apt_lists(struct vakt_check_ctx *ctx)
{
	static const char *const lists[] = {"/var/lib/apt/lists", "/var/lib/apt", NULL};
	const struct df_file *f = ctx->model;
	bool *ships = stages_shipped(f);
	struct run r;

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		const struct df_sh_script *s = &r.in->sh;

		if (!run_ships(&r, ships) || run_has_mount(r.in, lists, false))
			continue;
		for (size_t k = 0; k < s->n; k++) {
			struct df_pkg_cmd p;
			bool update;

			if (!df_pkg_parse(&s->cmds[k], &p))
				continue;
			update = df_pkg_family(p.manager) == DF_PKG_FAM_DEB &&
			         p.action == DF_PKG_ACT_UPDATE;
			if (update && !script_removes(s, k + 1, lists))
				vakt_check_emit(
				    ctx, verb_span(&p), NULL,
				    "the package lists fetched by '%s update' stay in the "
				    "layer: end this RUN with 'rm -rf /var/lib/apt/lists/*'",
				    df_pkg_manager_name(p.manager));
			df_pkg_cmd_release(&p);
			if (update)
				break;
		}
	}
	free(ships);
}

/* DF053 */
static void apk_cache_fn(struct vakt_check_ctx *ctx, const struct run *r, size_t k,
                         const struct df_pkg_cmd *p)
{
	static const char *const no_cache[] = {"--no-cache", NULL};
	static const char *const cache[] = {"/var/cache/apk", "/etc/apk/cache", NULL};

	if (p->manager != DF_PKG_MGR_APK || p->action != DF_PKG_ACT_INSTALL)
		return;
	if (df_pkg_has_opt(p, NULL, no_cache) || run_has_mount(r->in, cache, false) ||
	    script_removes(&r->in->sh, k + 1, cache))
		return;
	vakt_check_emit(ctx, verb_span(p), NULL,
	                "'apk add' without '--no-cache' leaves the package index in the layer");
}

static void check_apk_cache(struct vakt_check_ctx *ctx)
{
	for_each_pkg(ctx, apk_cache_fn);
}

/* DF054 */
static void pip_cache_fn(struct vakt_check_ctx *ctx, const struct run *r, size_t k,
                         const struct df_pkg_cmd *p)
{
	static const char *const no_cache[] = {"--no-cache-dir", NULL};
	static const char *const cache[] = {".cache/pip", NULL};
	const char *env;

	if (p->manager != DF_PKG_MGR_PIP || p->action != DF_PKG_ACT_INSTALL)
		return;
	if (df_pkg_has_opt(p, NULL, no_cache) || run_has_mount(r->in, cache, true))
		return;
	env = run_env(r, k, "PIP_NO_CACHE_DIR");
	if (env && *env && !is_falsey(env))
		return;
	for (size_t j = k + 1; j < r->in->sh.n; j++) {
		const struct df_sh_cmd *c = &r->in->sh.cmds[j];
		size_t prog;

		if (strcmp(cmd_prog(c, &prog), "rm"))
			continue;
		for (size_t i = prog + 1; i < c->argc; i++)
			if (strstr(arg_text(c, i), ".cache/pip"))
				return;
	}
	vakt_check_emit(ctx, verb_span(p), NULL,
	                "'%s install' without '--no-cache-dir' keeps the downloaded wheels in the "
	                "layer",
	                arg_text(p->cmd, p->prog));
}

static void check_pip_cache(struct vakt_check_ctx *ctx)
{
	for_each_pkg(ctx, pip_cache_fn);
}

/* DF055 */
static bool ref_needs_pin(const struct df_pkg_cmd *p, const struct df_pkg_ref *ref)
{
	if (ref->source != DF_PKG_SRC_REGISTRY || ref->variable || df_pkg_ref_pinned(ref))
		return false;
	/* dnf groups (@name) and module streams cannot carry a package version. */
	if (df_pkg_family(p->manager) == DF_PKG_FAM_RPM && ref->name[0] == '@')
		return false;
	return *ref->name != '\0';
}

static void check_unpinned(struct vakt_check_ctx *ctx)
{
	static const char *const constraint[] = {"--constraint", NULL};
	const struct df_file *f = ctx->model;
	struct run r;

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		struct vakt_buf msg = VAKT_BUF_INIT;
		const struct vakt_span *first = NULL;
		size_t n = 0;

		for (size_t k = 0; k < r.in->sh.n; k++) {
			struct df_pkg_cmd p;

			if (!df_pkg_parse(&r.in->sh.cmds[k], &p))
				continue;
			if (p.action != DF_PKG_ACT_INSTALL ||
			    (p.manager == DF_PKG_MGR_PIP && df_pkg_has_opt(&p, "c", constraint))) {
				df_pkg_cmd_release(&p);
				continue;
			}
			for (size_t i = 0; i < p.n_pkgs; i++) {
				if (!ref_needs_pin(&p, &p.pkgs[i]))
					continue;
				if (!first)
					first = &p.pkgs[i].word->span;
				if (n < RUN_MAX_LISTED)
					vakt_buf_addf(&msg, "%s%s (%s)", n ? ", " : "",
					              p.pkgs[i].name,
					              df_pkg_manager_name(p.manager));
				n++;
			}
			df_pkg_cmd_release(&p);
		}
		if (n > RUN_MAX_LISTED)
			vakt_buf_addf(&msg, " and %zu more", n - RUN_MAX_LISTED);
		if (n)
			vakt_check_emit(ctx, first, NULL,
			                "%zu package%s installed without a pinned version: %s", n,
			                n == 1 ? "" : "s", vakt_buf_str(&msg));
		vakt_buf_release(&msg);
	}
}

/* DF056 */
static void check_cd(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	struct run r;

	for (size_t it = 0; run_next(f, &it, false, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct df_sh_cmd *c = &r.in->sh.cmds[k];

			if (c->depth != 0 || c->argc == 0 || strcmp(arg_text(c, 0), "cd"))
				continue;
			vakt_check_emit(
			    ctx, &c->argv[0].span, NULL,
			    "'cd %s' in RUN: use WORKDIR %s so later instructions see the "
			    "same directory",
			    arg_text(c, 1), c->argc > 1 ? arg_text(c, 1) : "<dir>");
			break;
		}
	}
}

/* DF057 */
static bool many_q(const struct df_pkg_cmd *p)
{
	struct df_pkg_args it;
	struct df_pkg_arg a;
	size_t q = 0;

	df_pkg_args_init(&it, p->cmd, p->prog + 1, df_pkg_optspec(p->manager));
	while (df_pkg_args_next(&it, &a)) {
		if (a.kind != DF_PKG_ARG_OPTION || a.text[1] == '-')
			continue;
		for (size_t i = 1; i < a.name_len; i++)
			q += a.text[i] == 'q';
	}
	return q >= 2;
}

static void assume_yes_fn(struct vakt_check_ctx *ctx, const struct run *r, size_t k,
                          const struct df_pkg_cmd *p)
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
		     apt_sets(p, "APT::Get::Assume-Yes", is_truthy);
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
	prev = pipe_prev(&r->in->sh, k);
	if (ok || (prev < r->in->sh.n && !strcmp(cmd_prog(&r->in->sh.cmds[prev], NULL), "yes")))
		return;
	vakt_check_emit(ctx, verb_span(p), NULL,
	                "'%s %s' without '%s': the build stops at the confirmation prompt",
	                df_pkg_manager_name(p->manager), arg_text(p->cmd, p->verb),
	                fam == DF_PKG_FAM_ZYPP ? "-n" : "-y");
}

static void check_assume_yes(struct vakt_check_ctx *ctx)
{
	for_each_pkg(ctx, assume_yes_fn);
}

/* DF058 */
static void check_apt(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	struct run r;

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct df_sh_cmd *c = &r.in->sh.cmds[k];
			size_t prog;

			if (strcmp(cmd_prog(c, &prog), "apt"))
				continue;
			vakt_check_emit(ctx, &c->argv[prog].span, NULL,
			                "'apt%s%s' is meant for people, its output and behaviour "
			                "change between releases: use 'apt-get%s%s'",
			                prog + 1 < c->argc ? " " : "", arg_text(c, prog + 1),
			                prog + 1 < c->argc ? " " : "", arg_text(c, prog + 1));
		}
	}
}

/* DF059 */
static void rpm_clean_fn(struct vakt_check_ctx *ctx, const struct run *r, size_t k,
                         const struct df_pkg_cmd *p)
{
	static const char *const rpm_cache[] = {"/var/cache/yum", "/var/cache/dnf",
	                                        "/var/cache/libdnf5", NULL};
	static const char *const zyp_cache[] = {"/var/cache/zypp", NULL};
	enum df_pkg_family fam = df_pkg_family(p->manager);
	const char *const *cache = fam == DF_PKG_FAM_ZYPP ? zyp_cache : rpm_cache;
	const struct df_sh_script *s = &r->in->sh;

	if ((fam != DF_PKG_FAM_RPM && fam != DF_PKG_FAM_ZYPP) || p->action != DF_PKG_ACT_INSTALL)
		return;
	if (run_has_mount(r->in, cache, false) || script_removes(s, k + 1, cache))
		return;
	for (size_t j = k + 1; j < s->n; j++) {
		struct df_pkg_cmd q;
		bool clean;

		if (!df_pkg_parse(&s->cmds[j], &q))
			continue;
		clean = df_pkg_family(q.manager) == fam && q.action == DF_PKG_ACT_CLEAN;
		df_pkg_cmd_release(&q);
		if (clean)
			return;
	}
	vakt_check_emit(ctx, verb_span(p), NULL,
	                "'%s install' without '%s' in the same RUN leaves the package cache in "
	                "the layer",
	                df_pkg_manager_name(p->manager),
	                fam == DF_PKG_FAM_ZYPP ? "zypper clean" : "clean all");
}

static void check_rpm_clean(struct vakt_check_ctx *ctx)
{
	for_each_pkg(ctx, rpm_clean_fn);
}

/* DF060 */
static void check_update_alone(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	struct run r;

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		const struct df_sh_script *s = &r.in->sh;
		/* Per family: whether the RUN installs, and its first update. */
		bool installs[5] = {false};
		struct df_pkg_cmd first[5];
		bool have[5] = {false};

		for (size_t k = 0; k < s->n; k++) {
			struct df_pkg_cmd p;
			enum df_pkg_family fam;

			if (!df_pkg_parse(&s->cmds[k], &p))
				continue;
			fam = df_pkg_family(p.manager);
			if (fam != DF_PKG_FAM_NONE && (size_t)fam < VAKT_ARRAY_SIZE(have)) {
				if (p.action == DF_PKG_ACT_INSTALL ||
				    p.action == DF_PKG_ACT_UPGRADE ||
				    p.action == DF_PKG_ACT_DIST_UPGRADE)
					installs[fam] = true;
				if (p.action == DF_PKG_ACT_UPDATE && !have[fam]) {
					first[fam] = p;
					have[fam] = true;
					continue;
				}
			}
			df_pkg_cmd_release(&p);
		}
		for (size_t fam = 0; fam < VAKT_ARRAY_SIZE(have); fam++) {
			if (!have[fam])
				continue;
			if (!installs[fam])
				vakt_check_emit(
				    ctx, verb_span(&first[fam]), NULL,
				    "'%s %s' alone in a RUN: the cached index goes stale and later "
				    "installs use old lists; update and install in one RUN",
				    df_pkg_manager_name(first[fam].manager),
				    arg_text(first[fam].cmd, first[fam].verb));
			df_pkg_cmd_release(&first[fam]);
		}
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
	return name_in(base_name(shell->args[0].value), posix);
}

/* Whether command c is "set -o pipefail" (or -eo, -euxo ... pipefail). */
static bool is_set_pipefail(const struct df_sh_cmd *c)
{
	if (c->argc < 2 || strcmp(arg_text(c, 0), "set"))
		return false;
	for (size_t i = 1; i + 1 < c->argc; i++) {
		const char *a = arg_text(c, i);

		if (a[0] == '-' && a[1] != '-' && a[strlen(a) - 1] == 'o' &&
		    !strcmp(arg_text(c, i + 1), "pipefail"))
			return true;
	}
	return false;
}

static void check_pipefail(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	const struct df_instr **shell = vakt_xcalloc(f->n_stages ? f->n_stages : 1, sizeof(*shell));

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];
		const struct df_sh_script *s = &in->sh;
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
			const struct df_sh_cmd *c = &s->cmds[k];
			size_t j;

			if (c->depth != 0)
				continue;
			if (is_set_pipefail(c))
				break;
			j = pipe_next(s, k);
			if (j >= s->n || !c->argc || !s->cmds[j].argc)
				continue;
			vakt_check_emit(ctx, &c->argv[0].span, NULL,
			                "'%s' is piped into '%s' without pipefail: a failure of "
			                "'%s' does not fail the build",
			                cmd_prog(c, NULL), cmd_prog(&s->cmds[j], NULL),
			                cmd_prog(c, NULL));
			break;
		}
	}
	free(shell);
}

/* DF062 */
static void check_curl_wget(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	/* Per stage: bit 1 curl seen, bit 2 wget seen, bit 4 reported. */
	unsigned char *seen = vakt_xcalloc(f->n_stages ? f->n_stages : 1, 1);
	struct run r;

	for (size_t it = 0; run_next(f, &it, false, &r);) {
		if (r.stage < 0 || (size_t)r.stage >= f->n_stages)
			continue;
		for (size_t k = 0; k < r.in->sh.n && !(seen[r.stage] & 4); k++) {
			const struct df_sh_cmd *c = &r.in->sh.cmds[k];
			size_t prog;
			const char *n = cmd_prog(c, &prog);
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
static void check_useradd_uid(struct vakt_check_ctx *ctx)
{
	static const char *const uid[] = {"--uid", NULL};
	static const char *const nolog[] = {"--no-log-init", NULL};
	const struct df_file *f = ctx->model;
	struct run r;

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct df_sh_cmd *c = &r.in->sh.cmds[k];
			size_t prog;
			struct df_pkg_arg a;

			if (strcmp(cmd_prog(c, &prog), "useradd"))
				continue;
			if (!df_pkg_find_opt(c, prog + 1, &useradd_spec, "u", uid, &a) ||
			    !a.value || strlen(a.value) < 6 ||
			    strspn(a.value, "0123456789") != strlen(a.value))
				continue;
			if (df_pkg_find_opt(c, prog + 1, &useradd_spec, "l", nolog, NULL))
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
static void check_ln_sh(struct vakt_check_ctx *ctx)
{
	static const char *const ln_longs[] = {"--suffix", "--target-directory", NULL};
	static const struct df_pkg_optspec ln_spec = {"St", ln_longs, false};
	const struct df_file *f = ctx->model;
	struct run r;

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct df_sh_cmd *c = &r.in->sh.cmds[k];
			size_t prog, last = 0;
			struct df_pkg_args ai;
			struct df_pkg_arg a;

			if (strcmp(cmd_prog(c, &prog), "ln"))
				continue;
			df_pkg_args_init(&ai, c, prog + 1, &ln_spec);
			while (df_pkg_args_next(&ai, &a))
				if (a.kind == DF_PKG_ARG_POSITIONAL)
					last = a.i;
			if (!last || (strcmp(arg_text(c, last), "/bin/sh") &&
			              strcmp(arg_text(c, last), "/usr/bin/sh")))
				continue;
			vakt_check_emit(ctx, &c->argv[last].span, NULL,
			                "'ln' replaces %s: set the shell for RUN with the SHELL "
			                "instruction instead",
			                arg_text(c, last));
		}
	}
}

/* DF065 */
static void check_wget_progress(struct vakt_check_ctx *ctx)
{
	static const char *const quiet[] = {
	    "--progress",    "--quiet",         "-nv", "--no-verbose",
	    "--output-file", "--append-output", NULL};
	const struct df_file *f = ctx->model;
	struct run r;

	for (size_t it = 0; run_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct df_sh_cmd *c = &r.in->sh.cmds[k];
			size_t prog;

			if (strcmp(cmd_prog(c, &prog), "wget"))
				continue;
			if (df_pkg_find_opt(c, prog + 1, &wget_spec, "qoa", quiet, NULL))
				continue;
			vakt_check_emit(ctx, &c->argv[prog].span, NULL,
			                "'wget' without '--progress=dot:giga' or '-q' fills the "
			                "build log with a progress bar");
		}
	}
}

/* --- the table ------------------------------------------------------------------ */

#define SEED_2020     "seed 2020: Container Security in a Post-Schrems II World"
#define HADOLINT_WIKI "https://github.com/hadolint/hadolint/wiki/"
#define DOCKER_BEST   "https://docs.docker.com/build/building/best-practices/"
#define AVD           "https://avd.aquasec.com/misconfig/"

#define REFS(...)  ((const char *const[]){__VA_ARGS__, NULL})
#define EQUIV(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_EQUIV   ((const char *const[]){NULL})

const struct vakt_rule df_rules_run[] = {
    {
        .id = "DF040",
        .slug = "run-sudo",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "RUN uses sudo",
        .rationale = "Every RUN already executes as the current USER, so sudo adds nothing "
                     "at build time; it only works when sudo is installed and configured, "
                     "which leaves a privilege-escalation tool and a sudoers entry in the "
                     "image for whoever gets a shell in the container.",
        .remediation = "Switch users with USER around the commands that need root, e.g. "
                       "'USER root', 'RUN apt-get install -y --no-install-recommends pkg', "
                       "'USER 10001', and remove sudo from the image.",
        .references = REFS(HADOLINT_WIKI "DL3004", AVD "ds010", SEED_2020),
        .equivalents = EQUIV("hadolint:DL3004", "trivy:AVD-DS-0010", "checkov:CKV2_DOCKER_1",
                             "dockle:DKL-DI-0001"),
        .check = check_sudo,
    },
    {
        .id = "DF041",
        .slug = "final-stage-attack-tools",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "Tools an attacker can use are installed into the final image",
        .rationale = "Downloaders (curl, wget), compilers, git, SSH clients, editors and "
                     "traffic sniffers installed by the OS package manager into the final "
                     "stage (or a stage it is built on) ship with the image and are the first "
                     "things an intruder reaches for. " SEED_2020 ": \"If curl or bash isn't "
                     "installed, an attacker can't easily use them to download a reverse shell "
                     "script.\" bash is reported only for apk (Alpine), because Debian and RHEL "
                     "images already contain it.",
        .remediation = "Install build and download tools in a build stage and copy only the "
                       "artefact into the final stage: 'FROM alpine:3.20 AS fetch', 'RUN apk add "
                       "--no-cache curl && curl -fsSLo /app.tgz https://...', then 'FROM "
                       "gcr.io/distroless/static' and 'COPY --from=fetch /app /app'. If a tool is "
                       "needed only once, remove it in the same RUN.",
        .references =
            REFS(SEED_2020, DOCKER_BEST, "https://docs.docker.com/build/building/multi-stage/"),
        .equivalents = NO_EQUIV,
        .check = check_attack_tools,
    },
    {
        .id = "DF042",
        .slug = "remote-script-piped-to-shell",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A downloaded script is run without verification",
        .rationale = "'curl ... | sh', 'bash <(curl ...)' and 'sh -c \"$(wget -O- ...)\"' run "
                     "whatever the server (or anyone on the path) returns at build time, with "
                     "no checksum or signature: a compromised download site compromises the "
                     "image, and the build is not reproducible.",
        .remediation = "Download to a file, verify it against a pinned checksum, then run it: "
                       "'curl -fsSLo /tmp/install.sh https://example.com/install.sh && echo "
                       "\"<sha256>  /tmp/install.sh\" | sha256sum -c - && sh /tmp/install.sh'. "
                       "Better, install a signed package.",
        .references =
            REFS(SEED_2020, "https://docs.docker.com/reference/dockerfile/#add---checksum"),
        .equivalents = NO_EQUIV,
        .check = check_pipe_to_shell,
    },
    {
        .id = "DF043",
        .slug = "run-chmod-world-writable",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "RUN makes files world-writable",
        .rationale = "'chmod 777', 'chmod -R a+rwx' or 'o+w' let any user in the container, "
                     "including a compromised non-root process, replace programs, scripts and "
                     "configuration. Modes with the sticky bit (1777, for /tmp-style "
                     "directories) are not reported.",
        .remediation = "Give ownership to the runtime user instead: 'COPY --chown=10001:10001 app "
                       "/app' or 'RUN chown -R 10001:10001 /app && chmod -R u=rwX,go=rX /app'.",
        .references = REFS("https://man7.org/linux/man-pages/man1/chmod.1.html"),
        .equivalents = NO_EQUIV,
        .check = check_world_writable,
    },
    {
        .id = "DF044",
        .slug = "run-chmod-setuid",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "RUN sets the setuid or setgid bit",
        .rationale = "A setuid or setgid program runs with its owner's privileges; a bug in it "
                     "lets a non-root user in the container become root, which undoes USER. "
                     "Reported for chmod u+s, g+s, +s, 4755, 2755 and mkdir/install -m.",
        .remediation = "Do not add setuid/setgid bits; grant the one capability a program needs "
                       "at run time instead (e.g. NET_BIND_SERVICE), and strip existing bits: "
                       "'RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +'.",
        .references = REFS("https://man7.org/linux/man-pages/man1/chmod.1.html",
                           "https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md"),
        .equivalents = EQUIV("dockle:CIS-DI-0008"),
        .check = check_setuid,
    },
    {
        .id = "DF045",
        .slug = "tls-verification-disabled",
        .domain = "dockerfile",
        .severity = VAKT_SEV_HIGH,
        .title = "TLS or package signature verification is disabled",
        .rationale = "curl -k, wget --no-check-certificate, pip --trusted-host, apk "
                     "--allow-untrusted, apt-get --allow-unauthenticated/--force-yes, yum/dnf "
                     "--nogpgcheck, rpm --nosignature, npm/yarn strict-ssl false, git "
                     "http.sslVerify false and the variables NODE_TLS_REJECT_UNAUTHORIZED=0, "
                     "PYTHONHTTPSVERIFY=0, GIT_SSL_NO_VERIFY, PIP_TRUSTED_HOST and "
                     "NPM_CONFIG_STRICT_SSL=false let anyone on the network path substitute "
                     "packages and code during the build; set by ENV they stay on in every "
                     "container.",
        .remediation = "Remove the option or variable and fix the trust problem instead: install "
                       "the CA certificate ('COPY corp-ca.crt /usr/local/share/ca-certificates/' "
                       "and 'RUN update-ca-certificates') or import the repository key "
                       "('rpm --import https://.../RPM-GPG-KEY').",
        .references = REFS("https://curl.se/docs/sslcerts.html",
                           "https://pip.pypa.io/en/stable/topics/https-certificates/",
                           "https://www.checkov.io/5.Policy%20Index/dockerfile.html"),
        .equivalents =
            EQUIV("checkov:CKV2_DOCKER_2", "checkov:CKV2_DOCKER_3", "checkov:CKV2_DOCKER_4",
                  "checkov:CKV2_DOCKER_5", "checkov:CKV2_DOCKER_6", "checkov:CKV2_DOCKER_7",
                  "checkov:CKV2_DOCKER_8", "checkov:CKV2_DOCKER_9", "checkov:CKV2_DOCKER_10",
                  "checkov:CKV2_DOCKER_11", "checkov:CKV2_DOCKER_12", "checkov:CKV2_DOCKER_13",
                  "checkov:CKV2_DOCKER_14", "checkov:CKV2_DOCKER_15", "checkov:CKV2_DOCKER_16"),
        .check = check_tls,
    },
    {
        .id = "DF046",
        .slug = "run-sets-password",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "RUN sets or removes an account password",
        .rationale = "A password set with chpasswd, 'passwd --stdin' or 'usermod -p' is "
                     "written into a layer and the build history, and is the same in every "
                     "container of the image; 'passwd -d' leaves an account with no password "
                     "at all. Containers need no login passwords.",
        .remediation = "Create users without a password ('useradd -r -u 10001 -s /sbin/nologin "
                       "app' or 'adduser -D -u 10001 app') and pass run-time secrets with "
                       "'RUN --mount=type=secret' or the orchestrator's secrets.",
        .references = REFS("https://docs.docker.com/build/building/secrets/",
                           "https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md"),
        .equivalents = EQUIV("checkov:CKV2_DOCKER_17", "dockle:DKL-LI-0001"),
        .check = check_passwords,
    },
    {
        .id = "DF047",
        .slug = "run-interactive-command",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "RUN calls an interactive, daemon or process-control command",
        .rationale = "ssh, service, systemctl start, shutdown, top, vim, kill, mount and the "
                     "like either wait for a person, need a running init system, or act on "
                     "processes that end with the build step: at best they do nothing, at worst "
                     "they hang the build.",
        .remediation =
            "Remove the command; configure services with files, start the main "
            "process with CMD or ENTRYPOINT ('CMD [\"nginx\", \"-g\", \"daemon off;\"]'), "
            "and fetch files with COPY or ADD rather than ssh.",
        .references = REFS(HADOLINT_WIKI "DL3001"),
        .equivalents = EQUIV("hadolint:DL3001"),
        .check = check_interactive,
    },
    {
        .id = "DF048",
        .slug = "final-stage-remote-access-tools",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "Remote-access or privilege tools are installed into the final image",
        .rationale = "sudo, SSH servers (openssh-server, dropbear), netcat and its variants, "
                     "socat and nmap in the final image give an intruder root, a way in, reverse "
                     "shells or a map of the internal network in one command. " SEED_2020
                     ": \"If curl or bash isn't installed, an attacker can't easily use them to "
                     "download a reverse shell script.\"",
        .remediation = "Remove them from the final stage: drop sudo in favour of USER, reach "
                       "containers with 'kubectl exec' or 'docker exec' instead of sshd, and keep "
                       "network tools in a separate debug image (e.g. "
                       "'kubectl debug --image=nicolaka/netshoot').",
        .references = REFS(SEED_2020, DOCKER_BEST),
        .equivalents = NO_EQUIV,
        .check = check_remote_tools,
    },
    {
        .id = "DF050",
        .slug = "pkg-upgrade-all",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "RUN upgrades every package of the base image",
        .rationale = "apt-get upgrade/dist-upgrade, apk upgrade, yum/dnf update and zypper "
                     "update/dup make the layer depend on the day of the build and can pull "
                     "major changes the base image did not test; the fixes belong in a newer "
                     "base image.",
        .remediation = "Rebuild on a current, pinned base image ('FROM debian:12.6-slim') and "
                       "update it regularly; to fix one package, install it by version: 'apt-get "
                       "install -y --no-install-recommends openssl=3.0.14-1~deb12u1'.",
        .references =
            REFS(AVD "ds024", "https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md",
                 HADOLINT_WIKI "DL3035"),
        .equivalents = EQUIV("trivy:AVD-DS-0024", "dockle:DKL-DI-0003", "hadolint:DL3035"),
        .check = check_upgrade,
    },
    {
        .id = "DF051",
        .slug = "apt-install-recommends",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "apt-get install without --no-install-recommends",
        .rationale = "apt installs recommended packages by default, which often doubles the "
                     "image and adds tools nobody asked for to the attack surface.",
        .remediation = "Add the flag: 'apt-get install -y --no-install-recommends pkg', or set "
                       "'APT::Install-Recommends \"false\";' in /etc/apt/apt.conf.d/ once.",
        .references = REFS(HADOLINT_WIKI "DL3015", AVD "ds029", DOCKER_BEST),
        .equivalents = EQUIV("hadolint:DL3015", "trivy:AVD-DS-0029"),
        .check = check_recommends,
    },
    {
        .id = "DF052",
        .slug = "apt-lists-not-removed",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "apt package lists are left in the image",
        .rationale = "The lists 'apt-get update' downloads take tens of megabytes and are "
                     "useless at run time; unless the same RUN removes them they stay in the "
                     "layer forever. Checked for the final stage and the stages it is built on; "
                     "a cache or tmpfs mount on /var/lib/apt/lists exempts the RUN.",
        .remediation = "End the RUN with the removal: 'RUN apt-get update && apt-get install -y "
                       "--no-install-recommends pkg && rm -rf /var/lib/apt/lists/*', or use "
                       "'RUN --mount=type=cache,target=/var/lib/apt/lists ...'.",
        .references = REFS(HADOLINT_WIKI "DL3009", DOCKER_BEST),
        .equivalents = EQUIV("hadolint:DL3009", "dockle:DKL-DI-0005"),
        .check = check_apt_lists,
    },
    {
        .id = "DF053",
        .slug = "apk-add-without-no-cache",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "apk add without --no-cache",
        .rationale = "Without --no-cache, apk keeps the package index in /var/cache/apk, which "
                     "ships in the layer.",
        .remediation = "Use 'apk add --no-cache pkg', or a cache mount: 'RUN "
                       "--mount=type=cache,target=/var/cache/apk apk add pkg'.",
        .references = REFS(HADOLINT_WIKI "DL3019", AVD "ds025"),
        .equivalents = EQUIV("hadolint:DL3019", "trivy:AVD-DS-0025", "dockle:DKL-DI-0004"),
        .check = check_apk_cache,
    },
    {
        .id = "DF054",
        .slug = "pip-install-cache",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "pip install without --no-cache-dir",
        .rationale = "pip keeps every downloaded wheel and source archive in ~/.cache/pip, "
                     "which ships in the layer. PIP_NO_CACHE_DIR set by ENV or on the command, "
                     "and a cache mount on .cache/pip, are accepted.",
        .remediation = "Use 'pip install --no-cache-dir -r requirements.txt', set 'ENV "
                       "PIP_NO_CACHE_DIR=1', or mount the cache: 'RUN "
                       "--mount=type=cache,target=/root/.cache/pip pip install ...'.",
        .references = REFS(HADOLINT_WIKI "DL3042"),
        .equivalents = EQUIV("hadolint:DL3042"),
        .check = check_pip_cache,
    },
    {
        .id = "DF055",
        .slug = "unpinned-packages",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "Packages are installed without a pinned version",
        .rationale = "Without versions, each build installs whatever is newest that day, so two "
                     "builds of the same Dockerfile differ and a compromised or broken release "
                     "enters silently. Local files, URLs, VCS sources, requirement and "
                     "constraint files are not reported. Pinned OS packages can disappear from "
                     "the archives, which is why this is informational.",
        .remediation = "Pin versions: 'apt-get install -y curl=7.88.1-10+deb12u7', 'apk add "
                       "curl=8.9.1-r0', 'dnf install -y curl-8.2.1', 'pip install flask==3.0.3', "
                       "'npm install express@4.19.2', 'gem install rails -v 7.1.3', 'go install "
                       "golang.org/x/tools/gopls@v0.16.1'; or install from a lock file.",
        .references = REFS(HADOLINT_WIKI "DL3008", HADOLINT_WIKI "DL3013", HADOLINT_WIKI "DL3016",
                           HADOLINT_WIKI "DL3018"),
        .equivalents = EQUIV("hadolint:DL3008", "hadolint:DL3013", "hadolint:DL3016",
                             "hadolint:DL3018", "hadolint:DL3028", "hadolint:DL3033",
                             "hadolint:DL3037", "hadolint:DL3041", "hadolint:DL3062"),
        .check = check_unpinned,
    },
    {
        .id = "DF056",
        .slug = "run-cd",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "RUN uses cd instead of WORKDIR",
        .rationale = "A cd lasts only for its RUN, so later instructions silently run "
                     "elsewhere; WORKDIR states the directory once for everything that follows.",
        .remediation = "Replace 'RUN cd /src && make' with 'WORKDIR /src' followed by 'RUN make'.",
        .references = REFS(HADOLINT_WIKI "DL3003", AVD "ds013"),
        .equivalents = EQUIV("hadolint:DL3003", "trivy:AVD-DS-0013"),
        .check = check_cd,
    },
    {
        .id = "DF057",
        .slug = "pkg-install-not-noninteractive",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "Package manager may prompt for confirmation",
        .rationale = "apt-get, yum, dnf, microdnf and zypper ask for confirmation before "
                     "installing, upgrading or removing; with no terminal the build fails or "
                     "hangs.",
        .remediation = "Answer up front: 'apt-get install -y ...', 'dnf install -y ...', "
                       "'zypper -n install ...'.",
        .references = REFS(HADOLINT_WIKI "DL3014", HADOLINT_WIKI "DL3030", HADOLINT_WIKI "DL3034",
                           HADOLINT_WIKI "DL3038", AVD "ds021"),
        .equivalents = EQUIV("hadolint:DL3014", "hadolint:DL3030", "hadolint:DL3034",
                             "hadolint:DL3038", "trivy:AVD-DS-0021"),
        .check = check_assume_yes,
    },
    {
        .id = "DF058",
        .slug = "apt-instead-of-apt-get",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "RUN uses apt instead of apt-get",
        .rationale = "apt is the interactive front end: its command line and output are not "
                     "stable between releases and it warns when used in scripts.",
        .remediation = "Use apt-get and apt-cache: 'apt-get update && apt-get install -y "
                       "--no-install-recommends pkg'.",
        .references = REFS(HADOLINT_WIKI "DL3027"),
        .equivalents = EQUIV("hadolint:DL3027", "checkov:CKV_DOCKER_9"),
        .check = check_apt,
    },
    {
        .id = "DF059",
        .slug = "rpm-cache-not-cleaned",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "yum, dnf or zypper cache left in the layer",
        .rationale = "yum, dnf, microdnf and zypper keep metadata and downloaded packages in "
                     "/var/cache; unless the same RUN cleans them they stay in the layer. A "
                     "cache or tmpfs mount on the cache directory exempts the RUN.",
        .remediation = "Clean in the same RUN: 'dnf install -y pkg && dnf clean all', 'zypper -n "
                       "install pkg && zypper clean --all'.",
        .references = REFS(HADOLINT_WIKI "DL3032", HADOLINT_WIKI "DL3040", HADOLINT_WIKI "DL3036",
                           AVD "ds015"),
        .equivalents =
            EQUIV("hadolint:DL3032", "hadolint:DL3036", "hadolint:DL3040", "trivy:AVD-DS-0015",
                  "trivy:AVD-DS-0019", "trivy:AVD-DS-0020", "trivy:AVD-DS-0027"),
        .check = check_rpm_clean,
    },
    {
        .id = "DF060",
        .slug = "pkg-update-alone",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "Package index updated in a RUN of its own",
        .rationale = "A RUN that only refreshes the index (apt-get update, apk update, zypper "
                     "refresh, dnf makecache) is cached by the builder; later installs then use "
                     "stale lists and miss security updates, or fail.",
        .remediation = "Update and install in the same RUN: 'RUN apt-get update && apt-get install "
                       "-y --no-install-recommends pkg && rm -rf /var/lib/apt/lists/*'.",
        .references = REFS(AVD "ds017", DOCKER_BEST),
        .equivalents = EQUIV("trivy:AVD-DS-0017", "checkov:CKV_DOCKER_5", "dockle:CIS-DI-0007"),
        .check = check_update_alone,
    },
    {
        .id = "DF061",
        .slug = "pipe-without-pipefail",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "RUN pipes commands without pipefail",
        .rationale = "A pipeline's status is that of its last command, so 'curl ... | tar x' "
                     "succeeds even when the download failed, and the image is built from a "
                     "partial or empty file.",
        .remediation = "Set pipefail for the stage: 'SHELL [\"/bin/bash\", \"-o\", \"pipefail\", "
                       "\"-c\"]' (or start the RUN with 'set -o pipefail &&' where the shell "
                       "supports it).",
        .references = REFS(HADOLINT_WIKI "DL4006", DOCKER_BEST),
        .equivalents = EQUIV("hadolint:DL4006"),
        .check = check_pipefail,
    },
    {
        .id = "DF062",
        .slug = "curl-and-wget",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "Both curl and wget are used in one stage",
        .rationale = "Two download tools do the same job, double what has to be installed and "
                     "later removed, and double what an attacker finds if they ship.",
        .remediation = "Use one of them for every download of the stage (e.g. 'curl -fsSLo').",
        .references = REFS(HADOLINT_WIKI "DL4001", AVD "ds014"),
        .equivalents = EQUIV("hadolint:DL4001", "trivy:AVD-DS-0014"),
        .check = check_curl_wget,
    },
    {
        .id = "DF063",
        .slug = "useradd-large-uid",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "useradd with a large UID and without -l",
        .rationale = "useradd writes /var/log/lastlog and faillog sized by the UID; for a UID "
                     "of 6 digits or more the sparse files become gigabytes once the layer is "
                     "exported.",
        .remediation = "Add -l (--no-log-init): 'useradd -l -u 123456 app'.",
        .references = REFS(HADOLINT_WIKI "DL3046"),
        .equivalents = EQUIV("hadolint:DL3046"),
        .check = check_useradd_uid,
    },
    {
        .id = "DF064",
        .slug = "ln-bin-sh",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "RUN replaces /bin/sh with a link",
        .rationale = "Relinking /bin/sh changes the shell of every script and package "
                     "maintainer script in the image, not only of RUN.",
        .remediation = "Choose the RUN shell with 'SHELL [\"/bin/bash\", \"-c\"]'.",
        .references = REFS(HADOLINT_WIKI "DL4005"),
        .equivalents = EQUIV("hadolint:DL4005"),
        .check = check_ln_sh,
    },
    {
        .id = "DF065",
        .slug = "wget-progress",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "wget without progress suppression",
        .rationale = "wget's progress bar writes thousands of lines into the build log of a "
                     "non-interactive build.",
        .remediation = "Use 'wget -q', 'wget -nv' or 'wget --progress=dot:giga'.",
        .references = REFS(HADOLINT_WIKI "DL3047"),
        .equivalents = EQUIV("hadolint:DL3047"),
        .check = check_wget_progress,
    },
};

const size_t df_rules_run_count = VAKT_ARRAY_SIZE(df_rules_run);
