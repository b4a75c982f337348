/* SPDX-License-Identifier: MIT */
/*
 * The attack-surface RUN rules (DF040-DF048): sudo, tools left in the final
 * image, remote scripts run unverified, disabled TLS and signature checks,
 * passwords, and interactive or daemon commands (file modes, DF043 and
 * DF044, are in df-check-run-modes.c).
 */
#include "df-check-run.h"

/* --- DF040: sudo ------------------------------------------------------------- */

void df_check_run_sudo(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct shell_cmd *c = &r.in->sh.cmds[k];
			size_t prog = shell_cmd_skip_wrappers(c);

			for (size_t i = 0; i < c->argc && i <= prog; i++) {
				const char *n = df_rc_base_name(df_rc_arg(c, i));

				if (strcmp(n, "sudo") && strcmp(n, "doas"))
					continue;
				vakt_check_emit(ctx, &c->argv[i].span, NULL,
				                "RUN uses '%s'%s%s: build steps already run as the "
				                "current USER; switch with USER instead",
				                n, prog < c->argc ? " to run " : "",
				                prog < c->argc ? df_rc_base_name(df_rc_arg(c, prog))
				                               : "");
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
    {"nmap", true, false, "an intruder can map the internal network with it"}};

/* The index in tools[] of package `name`, or -1. */
static int tool_index(const char *name)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(tools); i++)
		if (!vakt_strcasecmp(tools[i].pkg, name))
			return (int)i;
	return -1;
}

/* The tool package ref installs with p's manager, or -1 (bash counts for apk only). */
static int tool_find(const struct df_pkg_cmd *p, const struct df_pkg_ref *ref)
{
	int i = tool_index(ref->name);

	return i >= 0 && tools[i].apk_only && p->manager != DF_PKG_MGR_APK ? -1 : i;
}

/* Where a tool was last removed (apt-get purge, apk del, dnf remove) in a shipped RUN. */
struct removal {
	size_t at; /* instruction index */
	size_t k;  /* command index in the RUN */
	bool set;
};

/*
 * The last removal of each tool in the RUNs of shipped stages, so that a
 * tool installed and removed again later is not reported. The shipped
 * stages form one chain (final stage, its parent, ...), so a later
 * position is always in the same stage or one built on it.
 */
static void removals_collect(const struct df_file *f, const bool *ships,
                             struct removal gone[VAKT_ARRAY_SIZE(tools)])
{
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, false, &r);) {
		if (!df_rc_ships(&r, ships))
			continue;
		for (size_t j = 0; j < r.in->n_pkgs; j++) {
			const struct df_pkg_cmd *p = &r.in->pkgs[j];

			if (p->action == DF_PKG_ACT_REMOVE &&
			    df_pkg_family(p->manager) != DF_PKG_FAM_NONE)
				for (size_t i = 0; i < p->n_pkgs; i++) {
					int ti = tool_index(p->pkgs[i].name);

					if (ti >= 0)
						gone[ti] = (struct removal){
						    r.at, df_rc_pkg_index(r.in, p), true};
				}
		}
	}
}

/* A package removed in one RUN: its name and the last command that removes it. */
struct gone_name {
	char *name; /* owned */
	size_t k;
};

/* The packages one RUN removes, sorted by name; built when first needed. */
struct run_gone {
	struct gone_name *v;
	size_t n, cap;
	bool built;
};

static int gone_name_cmp(const void *a, const void *b)
{
	const struct gone_name *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->k > y->k) - (x->k < y->k);
}

static int gone_name_strcmp(const void *a, const void *b)
{
	return strcmp(((const struct gone_name *)a)->name, ((const struct gone_name *)b)->name);
}

static void run_gone_build(const struct df_rc_run *r, struct run_gone *g)
{
	size_t n = 0;

	g->built = true;
	for (size_t j = 0; j < r->in->n_pkgs; j++) {
		const struct df_pkg_cmd *q = &r->in->pkgs[j];

		if (q->action == DF_PKG_ACT_REMOVE && df_pkg_family(q->manager) != DF_PKG_FAM_NONE)
			for (size_t i = 0; i < q->n_pkgs; i++) {
				g->v = vakt_grow(g->v, sizeof(*g->v), g->n + 1, &g->cap);
				g->v[g->n++] = (struct gone_name){vakt_xstrdup(q->pkgs[i].name),
				                                  df_rc_pkg_index(r->in, q)};
			}
	}
	if (!g->n)
		return;
	/* Sort by name then position, and keep each name once with its last command. */
	qsort(g->v, g->n, sizeof(*g->v), gone_name_cmp);
	for (size_t i = 0; i < g->n; i++) {
		if (n && !strcmp(g->v[n - 1].name, g->v[i].name)) {
			free(g->v[n - 1].name);
			g->v[n - 1] = g->v[i];
			continue;
		}
		g->v[n++] = g->v[i];
	}
	g->n = n;
}

/* Whether the RUN removes package `name` after command k. */
static bool run_gone_after(const struct run_gone *g, const char *name, size_t k)
{
	struct gone_name key = {(char *)(uintptr_t)name, 0};
	const struct gone_name *hit;

	if (!g->n)
		return false;
	hit = bsearch(&key, g->v, g->n, sizeof(*g->v), gone_name_strcmp);
	return hit && hit->k > k;
}

static void run_gone_release(struct run_gone *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->v[i].name);
	free(g->v);
	memset(g, 0, sizeof(*g));
}

/*
 * The apt-mark idiom of the docker-library images, which removes every
 * package a RUN installed without naming one:
 *   savedAptMark="$(apt-mark showmanual)"; apt-get install -y gcc make ...;
 *   apt-mark auto '.*' > /dev/null; apt-mark manual $savedAptMark;
 *   apt-get purge -y --auto-remove
 * Packages installed between the showmanual (or the start of the RUN) and the
 * `apt-mark auto` are gone when the purge has run. *from and *to get that
 * window of command indexes; false when the RUN does not use the idiom.
 */
static bool apt_mark_window(const struct shell_script *s, size_t *from, size_t *to)
{
	size_t mark = SIZE_MAX;

	*from = 0;
	for (size_t k = 0; k < s->n; k++) {
		const struct shell_cmd *c = &s->cmds[k];
		size_t p;
		const char *n = df_rc_prog(c, &p);

		if (!strcmp(n, "apt-mark") && mark == SIZE_MAX) {
			const char *verb = df_rc_arg(c, p + 1);

			/* savedAptMark="$(apt-mark showmanual)", not showmanual | xargs apt-mark
			 * auto. */
			if (!strcmp(verb, "showmanual") && c->sep != SHELL_SEP_PIPE)
				*from = k;
			else if (!strcmp(verb, "auto") &&
			         (!strcmp(df_rc_arg(c, p + 2), ".*") || c->piped_in))
				mark = k;
			continue;
		}
		if (mark == SIZE_MAX || (strcmp(n, "apt-get") && strcmp(n, "apt")))
			continue;
		for (size_t i = p + 1; i < c->argc; i++)
			if (!strcmp(df_rc_arg(c, i), "autoremove") ||
			    !strcmp(df_rc_arg(c, i), "--auto-remove")) {
				*to = mark;
				return true;
			}
	}
	return false;
}

static void check_tools(struct vakt_check_ctx *ctx, bool remote)
{
	static const char *const virt_opt[] = {"--virtual", NULL};
	const struct df_file *f = ctx->model;
	bool *ships = df_file_shipped(f);
	struct removal gone[VAKT_ARRAY_SIZE(tools)] = {{0}};
	bool collected = false;
	bool reported[VAKT_ARRAY_SIZE(tools)];
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		struct run_gone rg = {0};
		size_t mark_from = 0, mark_to = 0;
		bool marked;

		if (!df_rc_ships(&r, ships))
			continue;
		marked = apt_mark_window(&r.in->sh, &mark_from, &mark_to);
		for (size_t j = 0; j < r.in->n_pkgs; j++) {
			const struct df_pkg_cmd *p = &r.in->pkgs[j];
			size_t k = df_rc_pkg_index(r.in, p);
			struct df_pkg_arg va;
			const char *virt = NULL;

			if (p->action != DF_PKG_ACT_INSTALL ||
			    df_pkg_family(p->manager) == DF_PKG_FAM_NONE)
				continue;
			if (marked && df_pkg_family(p->manager) == DF_PKG_FAM_DEB &&
			    k >= mark_from && k < mark_to)
				continue;
			if (p->manager == DF_PKG_MGR_APK &&
			    df_pkg_find_pkg_opt(p, "t", virt_opt, &va))
				virt = va.value;
			memset(reported, 0, sizeof(reported));
			for (size_t i = 0; i < p->n_pkgs; i++) {
				int ti = tool_find(p, &p->pkgs[i]);
				const struct removal *g;
				char *where;

				/* "apt-get install gcc gcc" is one finding. */
				if (ti < 0 || tools[ti].remote != remote || reported[ti])
					continue;
				reported[ti] = true;
				if (!collected) {
					removals_collect(f, ships, gone);
					collected = true;
				}
				g = &gone[ti];
				/* An ONBUILD trigger runs elsewhere: only its own RUN counts. */
				if (!r.onbuild && g->set &&
				    (g->at > r.at || (g->at == r.at && g->k > k)))
					continue;
				if ((r.onbuild || virt) && !rg.built)
					run_gone_build(&r, &rg);
				if ((r.onbuild && run_gone_after(&rg, p->pkgs[i].name, k)) ||
				    (virt && run_gone_after(&rg, virt, k)))
					continue;
				where = df_rc_where(&r);
				vakt_check_emit(ctx, &p->pkgs[i].word->span, NULL,
				                "'%s' is installed by %s into %s: %s",
				                p->pkgs[i].name, df_pkg_manager_name(p->manager),
				                where, tools[ti].why);
				free(where);
			}
		}
		run_gone_release(&rg);
	}
	free(ships);
}

void df_check_run_attack_tools(struct vakt_check_ctx *ctx)
{
	check_tools(ctx, false);
}

void df_check_run_remote_tools(struct vakt_check_ctx *ctx)
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
	return df_rc_name_in(n, shells) || df_rc_name_in(n, interpreters) || is_python(n);
}

static bool is_fetcher(const char *n)
{
	return !strcmp(n, "curl") || !strcmp(n, "wget");
}

/* Whether interpreter command c (program at argv[prog]) reads its script from stdin. */
static bool reads_stdin(const struct shell_cmd *c, size_t prog)
{
	static const char *const shell_values[] = {"--rcfile", "--init-file", NULL};
	static const struct df_pkg_optspec shell_spec = {"oO", shell_values, false};
	static const struct df_pkg_optspec interp_spec = {"WXI", NULL, false};
	const char *n = df_rc_base_name(df_rc_arg(c, prog));
	bool shell = df_rc_name_in(n, shells);
	struct df_pkg_args it;
	struct df_pkg_arg a;

	if (!strcmp(n, "busybox")) { /* busybox sh */
		if (strcmp(df_rc_arg(c, prog + 1), "sh") && strcmp(df_rc_arg(c, prog + 1), "ash"))
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

/*
 * For each command of s, the first later command of its pipeline (same
 * depth, through pipe_next) that is an interpreter reading its script from
 * stdin, or s->n. Built from the end in one pass, so that every fetcher of
 * a long `curl | curl | ... | sh` is answered without walking the rest of
 * the pipeline again (issue 9). The caller frees the array.
 */
static size_t *stdin_runners(const struct shell_script *s)
{
	size_t *next = vakt_xcalloc(s->n + 1, sizeof(*next));

	for (size_t k = s->n; k-- > 0;) {
		size_t j = df_rc_pipe_next(s, k), jp;

		next[k] = s->n;
		if (j >= s->n)
			continue;
		if (is_interpreter(df_rc_prog(&s->cmds[j], &jp)) && reads_stdin(&s->cmds[j], jp))
			next[k] = j;
		else
			next[k] = next[j];
	}
	return next;
}

void df_check_run_pipe_to_shell(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		const struct shell_script *s = &r.in->sh;
		size_t *runner = NULL; /* stdin_runners(s), built at the first fetcher */

		for (size_t k = 0; k < s->n; k++) {
			const struct shell_cmd *c = &s->cmds[k];
			size_t prog, j, jp;
			const char *n = df_rc_prog(c, &prog);
			const char *fetch = NULL, *jn;

			/* sh -c "$(curl ...)", bash <(curl ...), eval "$(wget -O- ...)" */
			if (is_interpreter(n) || !strcmp(n, "eval") || !strcmp(n, "source") ||
			    !strcmp(n, ".")) {
				for (size_t i = prog + 1; i < c->argc && !fetch; i++)
					fetch = fetch_substitution(df_rc_arg(c, i));
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
			if (!is_fetcher(n) || c->sep != SHELL_SEP_PIPE)
				continue;
			/* curl ... | [tee ... |] sh */
			if (!runner)
				runner = stdin_runners(s);
			j = runner[k];
			if (j >= s->n)
				continue;
			jn = df_rc_prog(&s->cmds[j], &jp);
			vakt_check_emit(ctx, &s->cmds[j].argv[jp].span, NULL,
			                "output of '%s' is piped into '%s': a remote script "
			                "runs without any integrity check",
			                n, jn);
		}
		free(runner);
	}
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
	if (!strcmp(name, "GIT_SSL_NO_VERIFY") && *value && !df_rc_falsey(value))
		return "git stops verifying TLS certificates";
	if (!strcmp(name, "PIP_TRUSTED_HOST") && *value)
		return "pip trusts these hosts without TLS verification";
	if (!vakt_strcasecmp(name, "NPM_CONFIG_STRICT_SSL") && df_rc_falsey(value))
		return "npm stops verifying the registry's TLS certificate";
	return NULL;
}

/* Check one NAME=value word. */
static void tls_check_assign(struct vakt_check_ctx *ctx, const struct shell_word *w)
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
	if (df_rc_ci_contains(v, "::verify-peer=") || df_rc_ci_contains(v, "::verify-host="))
		return df_rc_falsey(eq + 1);
	if (df_rc_ci_contains(v, "allowunauthenticated=") ||
	    df_rc_ci_contains(v, "allowinsecurerepositories=") ||
	    df_rc_ci_contains(v, "allowdowngradetoinsecurerepositories="))
		return df_rc_truthy(eq + 1);
	return false;
}

/* "sslverify=0", "gpgcheck=false" anywhere in a word (yum/dnf --setopt, config-manager). */
static bool rpm_setting_insecure(const char *w)
{
	static const char *const keys[] = {"sslverify=", "gpgcheck=", NULL};

	for (const char *const *k = keys; *k; k++) {
		for (const char *p = w; *p; p++) {
			size_t n = strlen(*k);

			if (!vakt_strncasecmp(p, *k, n) && df_rc_falsey(p + n))
				return true;
		}
	}
	return false;
}

static const struct df_pkg_optspec curl_spec = {"oHdDuXAebcTFEwxmCrKyYzUQtP", NULL, false};

/* Emit for the flag word at argv[i] of c. */
static void tls_emit(struct vakt_check_ctx *ctx, const struct shell_cmd *c, size_t i,
                     const char *prog, const char *why)
{
	vakt_check_emit(ctx, &c->argv[i].span, NULL, "'%s %s' %s", prog, df_rc_arg(c, i), why);
}

/* The RUN a command of DF045 belongs to, and what it removes (built when first needed). */
struct tls_run {
	const struct shell_script *s;
	size_t k;                   /* the command's index */
	const struct df_pkg_cmd *p; /* its package reading (df_rc_pkg_of()), NULL: none */
	struct df_rc_paths gone;
	bool built;
};

/*
 * Whether apt source line w ("deb [ trusted=yes ] file:///tmp/x ./") names a
 * local directory the RUN removes again: a repository of packages the RUN
 * built itself, in a temporary directory (the docker-library source-build
 * pattern), which is gone when the RUN ends.
 */
static bool trusted_source_is_temporary(const char *w, struct tls_run *tr)
{
	const char *p = strstr(w, "file:");
	char *dir;
	bool gone;

	if (!p)
		return false;
	p += 5;
	if (p[0] == '/' && p[1] == '/')
		p += 2;
	if (!*p || *p == ' ' || *p == ']')
		return false;
	if (!tr->built) {
		df_rc_removed_init(&tr->gone, tr->s);
		tr->built = true;
	}
	dir = vakt_xstrndup(p, strcspn(p, " \t]"));
	gone = df_rc_removed_after(&tr->gone, dir, tr->k);
	free(dir);
	return gone;
}

/* The verification-disabling options and settings of one command. */
static void tls_check_cmd(struct vakt_check_ctx *ctx, const struct shell_cmd *c, struct tls_run *tr)
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
	const char *n = df_rc_prog(c, &prog);
	const struct df_pkg_cmd *p = tr->p;
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
		df_pkg_args_init(&it, c, prog + 1, &df_rc_wget_spec);
		while (df_pkg_args_next(&it, &a)) {
			if (df_pkg_arg_is(&a, &df_rc_wget_spec, NULL, wget_k))
				tls_emit(ctx, c, a.i, n, "disables TLS certificate verification");
			else if (df_pkg_arg_is(&a, &df_rc_wget_spec, "e", NULL) && a.value &&
			         df_rc_ci_contains(a.value, "check_certificate") &&
			         strchr(a.value, '=') && df_rc_falsey(strchr(a.value, '=') + 1))
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
			const char *w = df_rc_arg(c, i);
			const char *v;

			if (!df_rc_ci_contains(w, "sslverify"))
				continue;
			v = strchr(w, '=') ? strchr(w, '=') + 1 : df_rc_arg(c, i + 1);
			if (df_rc_falsey(v))
				tls_emit(ctx, c, i, n, "turns off TLS certificate verification");
		}
		return;
	}
	if (!strcmp(n, "npm") || !strcmp(n, "yarn") || !strcmp(n, "pnpm")) {
		for (size_t i = prog + 1; i < c->argc; i++) {
			const char *w = df_rc_arg(c, i);
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
				v = strchr(w, '=') ? strchr(w, '=') + 1 : df_rc_arg(c, i + 1);
			if (df_rc_falsey(v))
				tls_emit(ctx, c, i, n,
				         "turns off TLS verification of the registry");
		}
		return;
	}
	if (!strcmp(n, "yum-config-manager")) {
		for (size_t i = prog + 1; i < c->argc; i++)
			if (rpm_setting_insecure(df_rc_arg(c, i)))
				tls_emit(ctx, c, i, n, "turns off TLS or signature verification");
		return;
	}
	if ((!strcmp(n, "echo") || !strcmp(n, "printf"))) {
		for (size_t i = prog + 1; i < c->argc; i++)
			if (df_rc_ci_contains(df_rc_arg(c, i), "trusted=yes") &&
			    !trusted_source_is_temporary(df_rc_arg(c, i), tr))
				vakt_check_emit(
				    ctx, &c->argv[i].span, NULL,
				    "'[trusted=yes]' in an apt source: apt installs its "
				    "packages without checking signatures");
		return;
	}
	if (!p)
		return;
	df_pkg_args_init(&it, c, p->prog + 1, df_pkg_optspec(p->manager));
	while (df_pkg_args_next(&it, &a)) {
		const struct df_pkg_optspec *spec = df_pkg_optspec(p->manager);

		switch (df_pkg_family(p->manager)) {
		case DF_PKG_FAM_DEB:
			if (df_pkg_arg_is(&a, spec, NULL, apt_k))
				tls_emit(ctx, c, a.i, n,
				         "installs packages without checking signatures");
			else if (df_pkg_arg_is(&a, spec, "o", df_rc_apt_opt) &&
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
			if (p->manager == DF_PKG_MGR_PIP && df_pkg_arg_is(&a, spec, NULL, pip_k))
				tls_emit(ctx, c, a.i, n,
				         "trusts that host without TLS verification");
			else if (p->manager == DF_PKG_MGR_PIP && a.kind == DF_PKG_ARG_POSITIONAL &&
			         df_rc_ci_contains(a.text, "trusted-host"))
				tls_emit(ctx, c, a.i, n, "trusts hosts without TLS verification");
			break;
		}
	}
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

void df_check_run_tls(struct vakt_check_ctx *ctx)
{
	static const char *const setters[] = {"export",   "env",   "declare", "typeset",
	                                      "readonly", "local", NULL};
	const struct df_file *f = ctx->model;
	struct df_rc_run r;

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];

		tls_check_kvs(ctx, in);
		if (in->kind == DF_ONBUILD && in->onbuild)
			tls_check_kvs(ctx, in->onbuild);
	}

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		struct tls_run tr = {.s = &r.in->sh};

		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct shell_cmd *c = &r.in->sh.cmds[k];
			size_t prog = shell_cmd_skip_wrappers(c);

			for (size_t i = 0; i < c->n_assigns; i++)
				tls_check_assign(ctx, &c->assigns[i]);
			/* export X=1, env X=1 cmd: the words before the program. */
			if (c->argc && df_rc_name_in(df_rc_base_name(df_rc_arg(c, 0)), setters))
				for (size_t i = 1; i < c->argc && i < (prog ? prog : c->argc); i++)
					if (strchr(df_rc_arg(c, i), '=') &&
					    df_rc_arg(c, i)[0] != '-')
						tls_check_assign(ctx, &c->argv[i]);
			tr.k = k;
			tr.p = df_rc_pkg_of(r.in, k);
			tls_check_cmd(ctx, c, &tr);
		}
		df_rc_paths_release(&tr.gone);
	}
}

/* --- DF046: passwords ------------------------------------------------------------ */

void df_check_run_passwords(struct vakt_check_ctx *ctx)
{
	static const char *const p_longs[] = {"--password", NULL};
	static const char *const passwd_longs[] = {"--delete", "--stdin", NULL};
	static const char *const locked[] = {"!", "*", "!!", "!*", "x", NULL};
	const struct df_file *f = ctx->model;
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct shell_cmd *c = &r.in->sh.cmds[k];
			size_t prog;
			const char *n = df_rc_prog(c, &prog);
			const struct shell_word *w;
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
				w = df_pkg_find_opt(c, prog + 1, &df_rc_useradd_spec, "p", p_longs,
				                    &a);
				if (w && a.value && !df_rc_name_in(a.value, locked))
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

void df_check_run_interactive(struct vakt_check_ctx *ctx)
{
	static const char *const cmds[] = {"ssh",      "service", "shutdown", "reboot", "halt",
	                                   "poweroff", "top",     "htop",     "vim",    "vi",
	                                   "nano",     "kill",    "killall",  "pkill",  "mount",
	                                   "free",     "ps",      "ifconfig", NULL};
	static const char *const systemctl_verbs[] = {
	    "start",   "restart", "stop",     "reload", "try-restart", "reload-or-restart",
	    "isolate", "reboot",  "poweroff", NULL};
	const struct df_file *f = ctx->model;
	struct df_rc_run r;

	for (size_t it = 0; df_rc_next(f, &it, true, &r);) {
		for (size_t k = 0; k < r.in->sh.n; k++) {
			const struct shell_cmd *c = &r.in->sh.cmds[k];
			size_t prog;
			const char *n = df_rc_prog(c, &prog);

			if (df_rc_name_in(n, cmds)) {
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
				if (df_rc_arg(c, i)[0] == '-')
					continue;
				if (df_rc_name_in(df_rc_arg(c, i), systemctl_verbs))
					vakt_check_emit(
					    ctx, &c->argv[prog].span, NULL,
					    "'systemctl %s' in RUN: no service manager runs "
					    "during a build; start the process with CMD",
					    df_rc_arg(c, i));
				break;
			}
		}
	}
}
