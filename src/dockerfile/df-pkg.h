/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DF_PKG_H
#define VAKT_DF_PKG_H

/*
 * Package-manager commands, read from the simple commands of the shell
 * tokenizer (shell/shell.h): which manager runs, what it is asked to do, which
 * packages it names (with the version each is pinned to) and which options
 * it was given. The RUN rules read it; image scanning relates the packages
 * of a layer to the instruction that installed them with the same model.
 *
 * Also here: a small option walker that knows which options of a program
 * take a value, so that `apt-get -o X install y` or `curl -XPOST -k` are read
 * the way the program itself reads them. It never fails: an option whose
 * value is missing simply ends the walk.
 */

#include <stdbool.h>
#include <stddef.h>

#include "shell/shell.h"

/* Most packages recorded for one command; the others are only counted. */
#define DF_PKG_MAX_PKGS 4096

enum df_pkg_manager {
	DF_PKG_MGR_NONE = 0,
	DF_PKG_MGR_APT_GET,
	DF_PKG_MGR_APT,
	DF_PKG_MGR_APTITUDE,
	DF_PKG_MGR_APK,
	DF_PKG_MGR_YUM,
	DF_PKG_MGR_DNF,
	DF_PKG_MGR_MICRODNF,
	DF_PKG_MGR_TDNF,
	DF_PKG_MGR_ZYPPER,
	DF_PKG_MGR_PIP, /* pip, pip3, pip3.12, python -m pip */
	DF_PKG_MGR_NPM,
	DF_PKG_MGR_YARN,
	DF_PKG_MGR_PNPM,
	DF_PKG_MGR_GEM,
	DF_PKG_MGR_GO, /* go install, go get, go run module@version */
	DF_PKG_MGR_CARGO,
	DF_PKG_MGR_PIPX, /* pipx install: pip's package syntax, its own options */
};

/* Operating-system package families: managers that share a package database. */
enum df_pkg_family {
	DF_PKG_FAM_NONE = 0, /* a language package manager */
	DF_PKG_FAM_DEB,      /* apt-get, apt, aptitude */
	DF_PKG_FAM_APK,      /* apk */
	DF_PKG_FAM_RPM,      /* yum, dnf, microdnf, tdnf */
	DF_PKG_FAM_ZYPP,     /* zypper */
};

enum df_pkg_action {
	DF_PKG_ACT_OTHER = 0,
	DF_PKG_ACT_INSTALL,      /* install, add, localinstall, group/module install, npm ci */
	DF_PKG_ACT_UPDATE,       /* refresh the index: apt-get update, apk update, zypper refresh,
	                            dnf makecache */
	DF_PKG_ACT_UPGRADE,      /* upgrade installed packages: apt-get upgrade, apk upgrade,
	                            yum update/upgrade, zypper update, npm update, gem update */
	DF_PKG_ACT_DIST_UPGRADE, /* apt-get dist-upgrade/full-upgrade, zypper dup, dnf distro-sync
	                          */
	DF_PKG_ACT_CLEAN,        /* apt-get clean, yum clean, zypper clean, apk cache clean,
	                            pip cache purge, npm cache clean, yarn cache clean */
	DF_PKG_ACT_REMOVE,       /* remove, purge, del, erase, uninstall */
};

/* Where a package named on the command line comes from. */
enum df_pkg_source {
	DF_PKG_SRC_REGISTRY = 0, /* a name looked up in the manager's repositories */
	DF_PKG_SRC_FILE,         /* a local file or directory: ./x.deb, /tmp/x.rpm, ., ./tool */
	DF_PKG_SRC_URL,          /* an http(s) or ftp URL */
	DF_PKG_SRC_VCS,          /* git+https://..., github:user/repo, user/repo (npm), --git;
	                            version holds the ref (pip "@v1.2", npm "#v1.2"), if any */
	DF_PKG_SRC_GROUP,        /* a package group (dnf group install, groupinstall): no version */
};

struct df_pkg_ref {
	const struct shell_word *word; /* borrowed: the argument as written */
	size_t argi;                   /* its index in the command's argv */
	/*
	 * Owned: the bare package name, without version, architecture
	 * (apt "libc6:i386"), repository tag (apk "curl@edge"), extras
	 * (pip "uvicorn[standard]") or release (apt "pkg/bookworm").
	 */
	char *name;
	/*
	 * Owned: the version or constraint the package is pinned to
	 * ("1.2.3-1", "~1.2", "${VERSION}"), NULL when unpinned.
	 */
	char *version;
	char op[4]; /* how it is pinned: "=", "==", ">=", "~=", "~", "@", "-", ":", "-v"; "" */
	enum df_pkg_source source;
	bool variable; /* the name is (partly) a $ expansion, so it cannot be judged */
};

struct df_pkg_cmd {
	const struct shell_cmd *cmd; /* borrowed */
	enum df_pkg_manager manager;
	enum df_pkg_action action;
	size_t prog; /* argv index of the manager ("pip" in "sudo python3 -m pip") */
	size_t verb; /* argv index of the action word; cmd->argc when there is none */
	/*
	 * Owned: the packages an install, remove or upgrade names, in argv
	 * order; NULL for other actions.
	 */
	struct df_pkg_ref *pkgs;
	size_t n_pkgs;
	size_t n_dropped; /* packages beyond DF_PKG_MAX_PKGS, not recorded */
};

/* How a program reads its options. */
struct df_pkg_optspec {
	/* Short option letters that take a value ("o" for apt-get -o X), NULL for none. */
	const char *value_shorts;
	/*
	 * NULL-terminated long options that take a value, written with their
	 * dashes ("--virtual"); NULL for none. "--x=v" is always understood.
	 */
	const char *const *value_longs;
	/* Single-dash words are long options ("-ldflags", go style), never clusters. */
	bool dash_long;
};

enum df_pkg_arg_kind {
	DF_PKG_ARG_POSITIONAL = 1,
	DF_PKG_ARG_OPTION,
};

/* One step of the option walker. */
struct df_pkg_arg {
	enum df_pkg_arg_kind kind;
	size_t i;         /* argv index of the word */
	const char *text; /* borrowed: the word's text */
	/*
	 * Options: the value (borrowed; attached as in "-oX" / "--x=v", or the
	 * next word), NULL when the option takes none or it is missing.
	 */
	const char *value;
	size_t value_i;  /* argv index holding the value (== i when attached) */
	size_t name_len; /* options: length of the option part of text ("-o" in "-oX",
	                    "--x" in "--x=v", all of a cluster "-yq") */
};

/* State of the option walker; initialise with df_pkg_args_init(). */
struct df_pkg_args {
	const struct shell_cmd *cmd;       /* borrowed */
	const struct df_pkg_optspec *spec; /* borrowed, NULL: no option takes a value */
	size_t i;                          /* next argv index */
	bool end_of_options;               /* a "--" was seen */
};

/* Walk cmd's argv from index `from`, reading options as `spec` says (may be NULL). */
void df_pkg_args_init(struct df_pkg_args *it, const struct shell_cmd *cmd, size_t from,
                      const struct df_pkg_optspec *spec);
/*
 * The next positional word or option, false at the end. "--" ends the
 * options and is not returned; "-" alone is positional. The result borrows
 * from the command.
 */
bool df_pkg_args_next(struct df_pkg_args *it, struct df_pkg_arg *out);
/*
 * Whether option `a` is one of the short letters in `shorts` (NULL for
 * none; any letter of a cluster, before a letter that takes a value) or
 * one of the NULL-terminated `longs` (with dashes, matched up to '=').
 */
bool df_pkg_arg_is(const struct df_pkg_arg *a, const struct df_pkg_optspec *spec,
                   const char *shorts, const char *const *longs);
/*
 * The first option of cmd (from argv index `from`) matching shorts/longs as
 * df_pkg_arg_is() does, or NULL. When found and `out` is non-NULL, the
 * option is stored there. Borrowed.
 */
const struct shell_word *df_pkg_find_opt(const struct shell_cmd *cmd, size_t from,
                                         const struct df_pkg_optspec *spec, const char *shorts,
                                         const char *const *longs, struct df_pkg_arg *out);

/*
 * Recognise cmd as a package-manager command (after wrappers such as sudo
 * or env). Returns true and fills *out, which the caller releases with
 * df_pkg_cmd_release(); false (with *out zeroed) when it is not one. The
 * result borrows cmd, which must outlive it.
 */
bool df_pkg_parse(const struct shell_cmd *cmd, struct df_pkg_cmd *out);
void df_pkg_cmd_release(struct df_pkg_cmd *p);
/*
 * df_pkg_parse() of every command of s: the package-manager commands, in
 * order, in an array of *n (NULL when none) that the caller frees with
 * df_pkg_cmds_free(). Each entry's cmd points into s, which must outlive
 * the array and not grow.
 */
struct df_pkg_cmd *df_pkg_parse_all(const struct shell_script *s, size_t *n);
/* Release the n entries of v and free v (NULL accepted). */
void df_pkg_cmds_free(struct df_pkg_cmd *v, size_t n);

/* The option syntax of p's manager. Static. */
const struct df_pkg_optspec *df_pkg_optspec(enum df_pkg_manager m);
/* Whether p has one of the options, anywhere after the manager word (see df_pkg_arg_is). */
bool df_pkg_has_opt(const struct df_pkg_cmd *p, const char *shorts, const char *const *longs);
/* The first matching option's word or NULL; *out as df_pkg_find_opt(). Borrowed. */
const struct shell_word *df_pkg_find_pkg_opt(const struct df_pkg_cmd *p, const char *shorts,
                                             const char *const *longs, struct df_pkg_arg *out);
/* Whether the package is pinned: a version other than "latest". */
bool df_pkg_ref_pinned(const struct df_pkg_ref *r);

/* "apt-get", "pip", ...; "" for DF_PKG_MGR_NONE. Static. */
const char *df_pkg_manager_name(enum df_pkg_manager m);
/* "install", "update", ...; "other". Static. */
const char *df_pkg_action_name(enum df_pkg_action a);
enum df_pkg_family df_pkg_family(enum df_pkg_manager m);

#endif
