/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DF_CHECK_RUN_H
#define VAKT_DF_CHECK_RUN_H

/*
 * Private to the RUN rules (DF040-DF079): the check functions that
 * df-rules-run.c puts in its table, and the helpers they share (prefix
 * df_rc_, "run check"). Every check reads the simple commands the shell
 * tokenizer made of each RUN, mostly through the package-manager model of
 * df-pkg.h, in one pass over the instructions; nothing is compiled per call.
 */

#include "core/check.h"
#include "df-model.h"
#include "df-pkg.h"

/* Packages named in one DF055 message before "and N more". */
#define DF_RC_MAX_LISTED 8

/* The check functions, one per rule. */
void df_check_run_sudo(struct vakt_check_ctx *ctx);           /* DF040 */
void df_check_run_attack_tools(struct vakt_check_ctx *ctx);   /* DF041 */
void df_check_run_pipe_to_shell(struct vakt_check_ctx *ctx);  /* DF042 */
void df_check_run_world_writable(struct vakt_check_ctx *ctx); /* DF043 */
void df_check_run_setuid(struct vakt_check_ctx *ctx);         /* DF044 */
void df_check_run_tls(struct vakt_check_ctx *ctx);            /* DF045 */
void df_check_run_passwords(struct vakt_check_ctx *ctx);      /* DF046 */
void df_check_run_interactive(struct vakt_check_ctx *ctx);    /* DF047 */
void df_check_run_remote_tools(struct vakt_check_ctx *ctx);   /* DF048 */
void df_check_run_upgrade(struct vakt_check_ctx *ctx);        /* DF050 */
void df_check_run_recommends(struct vakt_check_ctx *ctx);     /* DF051 */
void df_check_run_apt_lists(struct vakt_check_ctx *ctx);      /* DF052 */
void df_check_run_apk_cache(struct vakt_check_ctx *ctx);      /* DF053 */
void df_check_run_pip_cache(struct vakt_check_ctx *ctx);      /* DF054 */
void df_check_run_unpinned(struct vakt_check_ctx *ctx);       /* DF055 */
void df_check_run_cd(struct vakt_check_ctx *ctx);             /* DF056 */
void df_check_run_assume_yes(struct vakt_check_ctx *ctx);     /* DF057 */
void df_check_run_apt(struct vakt_check_ctx *ctx);            /* DF058 */
void df_check_run_rpm_clean(struct vakt_check_ctx *ctx);      /* DF059 */
void df_check_run_update_alone(struct vakt_check_ctx *ctx);   /* DF060 */
void df_check_run_pipefail(struct vakt_check_ctx *ctx);       /* DF061 */
void df_check_run_curl_wget(struct vakt_check_ctx *ctx);      /* DF062 */
void df_check_run_useradd_uid(struct vakt_check_ctx *ctx);    /* DF063 */
void df_check_run_ln_sh(struct vakt_check_ctx *ctx);          /* DF064 */
void df_check_run_wget_progress(struct vakt_check_ctx *ctx);  /* DF065 */
void df_check_run_yarn_cache(struct vakt_check_ctx *ctx);     /* DF066 */

/* A RUN to check: a RUN instruction, or the RUN trigger of an ONBUILD. */
struct df_rc_run {
	const struct df_file *f;
	const struct df_instr *in; /* the RUN (for ONBUILD, its trigger) */
	size_t at;                 /* index of the instruction in f->instrs */
	int stage;
	bool onbuild;
};

/*
 * The next RUN at index *i or later (and ONBUILD RUN triggers when
 * `onbuild`), stored in *r; false at the end. Use as
 *   for (size_t it = 0; df_rc_next(f, &it, true, &r);)
 */
bool df_rc_next(const struct df_file *f, size_t *i, bool onbuild, struct df_rc_run *r);
/*
 * The index in in->sh.cmds of p, one of in->pkgs (the package commands of
 * the RUN, read once by the parser: walk them instead of calling
 * df_pkg_parse() on every command).
 */
size_t df_rc_pkg_index(const struct df_instr *in, const struct df_pkg_cmd *p);
/* The package reading of in->sh.cmds[k] (a binary search of in->pkgs), NULL: none. Borrowed. */
const struct df_pkg_cmd *df_rc_pkg_of(const struct df_instr *in, size_t k);

/* Base name of a path ("/usr/bin/curl" -> "curl"); "" for NULL. Borrowed. */
const char *df_rc_base_name(const char *s);
/* The text of argv[i], "" when i is out of range. Borrowed. */
const char *df_rc_arg(const struct shell_cmd *c, size_t i);
/*
 * The base name of the program a command runs after wrappers (sudo, env,
 * ...), "" when none; *at (may be NULL) gets its argv index. Borrowed.
 */
const char *df_rc_prog(const struct shell_cmd *c, size_t *at);
/* Whether name is in the NULL-terminated list. */
bool df_rc_name_in(const char *name, const char *const *list);
/* ASCII case-insensitive substring search. */
bool df_rc_ci_contains(const char *s, const char *needle);
/* "0", "false", "no", "off" (any case); "1", "true", "yes", "on". NULL is neither. */
bool df_rc_falsey(const char *v);
bool df_rc_truthy(const char *v);

/* The command command k pipes into (same depth), or s->n. */
size_t df_rc_pipe_next(const struct shell_script *s, size_t k);
/* The command that pipes into command k (same depth), or s->n. */
size_t df_rc_pipe_prev(const struct shell_script *s, size_t k);

/*
 * Whether a RUN --mount of type cache or tmpfs has a target equal to one of
 * `paths` (trailing slashes ignored) or, with `substring`, containing one.
 */
bool df_rc_has_mount(const struct df_instr *in, const char *const *paths, bool substring);
/*
 * The index of the last `rm` of s that removes a path starting with one of
 * the NULL-terminated `prefixes` (with `substring`: containing one), or
 * SIZE_MAX. Checks ask "removed after command k?" as `last != SIZE_MAX &&
 * last > k`, computed once per RUN rather than once per command.
 */
size_t df_rc_last_removal(const struct shell_script *s, const char *const *prefixes,
                          bool substring);

/* Parent directories of a path df_rc_removed_after() looks at, from the root down. */
#define DF_RC_MAX_PARENTS 32

/* Paths named by the commands of a RUN or a file, sorted for binary searches. */
struct df_rc_path {
	char *path; /* owned; normalised: "${X}" -> "$X", no "./" before, no "/" after */
	size_t at;  /* instruction index (df_rc_created_init()); 0 for one RUN */
	size_t k;   /* command index in that RUN */
};

struct df_rc_paths {
	struct df_rc_path *v; /* owned */
	size_t n, cap;
};

void df_rc_paths_release(struct df_rc_paths *t);
/*
 * The paths the `rm` and `rmdir` commands of s remove, each with the last
 * command that removes it. t borrows nothing; release it.
 */
void df_rc_removed_init(struct df_rc_paths *t, const struct shell_script *s);
/*
 * Whether path `word` (as written: "$tempDir", "/usr/src/python/", "src")
 * is removed after command k: itself, a parent directory, or the contents of
 * a parent ("dir/" followed by "*"). So a directory created, used and removed within the
 * RUN (tempDir="$(mktemp -d)"; ...; rm -rf "$tempDir") leaves nothing.
 */
bool df_rc_removed_after(const struct df_rc_paths *t, const char *word, size_t k);
/*
 * The directories file f creates: mkdir and install -d arguments of every
 * RUN, and WORKDIR paths, each with its first position. Release t.
 */
void df_rc_created_init(struct df_rc_paths *t, const struct df_file *f);
/* Whether `word` names a directory f created before command k of instruction `at`. */
bool df_rc_created_before(const struct df_rc_paths *t, const char *word, size_t at, size_t k);

/* Whether r's files ship (ONBUILD triggers always do: they run in the child image). */
bool df_rc_ships(const struct df_rc_run *r, const bool *ships);
/* "the final stage", "stage 'base', which the final stage is built on", ... The caller frees it. */
char *df_rc_where(const struct df_rc_run *r);
/* One `export NAME=value` of a RUN. */
struct df_rc_export {
	size_t at;         /* command index */
	const char *value; /* borrowed from the script */
};

/* The commands of one RUN that export one variable, in order (for df_rc_env()). */
struct df_rc_exports {
	const char *name;       /* borrowed */
	struct df_rc_export *v; /* owned */
	size_t n;
};

/*
 * Collect the `export NAME=...` commands of s in one pass, so that asking
 * for the value at every command stays linear. e borrows name and s; release
 * it with df_rc_exports_release().
 */
void df_rc_exports_init(struct df_rc_exports *e, const struct shell_script *s, const char *name);
void df_rc_exports_release(struct df_rc_exports *e);
/*
 * The value of variable e->name for command k of r: an assignment on the
 * command, an earlier `export NAME=...` in the RUN (e, built over r's
 * script), or ENV/ARG. Borrowed; NULL when unset.
 */
const char *df_rc_env(const struct df_rc_run *r, size_t k, const struct df_rc_exports *e);

/* Option syntax shared by several checks. */
extern const char *const df_rc_apt_opt[];              /* apt-get -o / --option */
extern const struct df_pkg_optspec df_rc_wget_spec;    /* wget */
extern const struct df_pkg_optspec df_rc_useradd_spec; /* useradd, usermod */

#endif
