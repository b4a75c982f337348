/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SHELL_H
#define VAKT_SHELL_H

/*
 * A POSIX-shell tokenizer good enough to reason about the commands a script
 * runs (a Dockerfile RUN, a shell script, a CI step, a Makefile recipe): it
 * splits a script into simple commands on &&, ||, ;, |, &, newlines, and
 * control keywords, respecting quotes, escapes, $(...), `...` and ${...},
 * removes leading NAME=value assignments and redirections from argv, and
 * recurses into `sh -c '...'` / `bash -c "..."` bodies and $(...)
 * substitutions (their commands are appended with depth + 1).
 *
 * It never executes anything and never fails hard: unbalanced quotes are
 * closed at the end of the text and reported through the return code only.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/source.h"
#include "shell-text.h"

/* Deepest nesting of sh -c / $(...) followed. */
#define SHELL_MAX_DEPTH 8
/* Most simple commands kept for one script; the rest are dropped with -E2BIG. */
#define SHELL_MAX_COMMANDS 100000

struct shell_word {
	char *text;            /* owned; quotes removed, escapes resolved, $VAR kept as written */
	struct vakt_span span; /* source position of the word as written */
	bool quoted;           /* any part was quoted */
	bool has_expansion;    /* contains an unquoted or double-quoted $ or ` */
};

enum shell_sep {
	SHELL_SEP_END = 0, /* end of script */
	SHELL_SEP_AND,     /* && */
	SHELL_SEP_OR,      /* || */
	SHELL_SEP_SEMI,    /* ; or newline */
	SHELL_SEP_PIPE,    /* | or |& */
	SHELL_SEP_BG,      /* & */
};

struct shell_redir {
	char *op;                 /* owned: ">", ">>", "<", "2>", "&>", "2>&1", "<<<", ... */
	struct shell_word target; /* file or fd; text "" for 2>&1 style */
};

struct shell_cmd {
	struct shell_word *argv; /* owned; argv[0] is the program as written */
	size_t argc;
	struct shell_word *assigns; /* owned; leading NAME=value words */
	size_t n_assigns;
	struct shell_redir *redirs; /* owned */
	size_t n_redirs;
	enum shell_sep sep; /* separator that follows this command */
	bool piped_in;      /* the previous command's sep was a pipe */
	int depth;          /* 0 top level; +1 inside sh -c or $(...) */
	int subshell;       /* ( ... ) groups open around it at its depth: a cd there stays there */
	struct vakt_span span; /* from the first word to the last */
	size_t prog;           /* shell_cmd_skip_wrappers(): found once, when the command is read */
};

struct shell_script {
	struct shell_cmd *cmds; /* owned, in source order */
	size_t n;
	size_t cap;
};

/*
 * Tokenize text (a RUN's shell text, a heredoc body, a script) into out, which the
 * caller zero-initialises and releases with shell_script_release(). Positions
 * come from t's segments; pass t = NULL to get line 1-based offsets in text.
 * Returns 0, or -EINVAL when the text was malformed (unterminated quote or
 * substitution) after tokenizing as much as possible, or -E2BIG when a
 * ceiling was hit.
 */
int shell_parse(const struct shell_text *t, struct shell_script *out);
/* Same over a plain string (positions relative to line 1, column 1). */
int shell_parse_str(const char *s, struct shell_script *out);
void shell_script_release(struct shell_script *s);

/* Base name of argv[0] ("/usr/bin/apt-get" -> "apt-get"); "" when argc == 0. Borrowed. */
const char *shell_cmd_name(const struct shell_cmd *c);
/*
 * Index of the first argument after wrappers that only run another command:
 * sudo (and its options), env (and NAME=value), exec, nice, nohup, time,
 * command, xargs' command. Returns argc when nothing remains. The parser
 * works it out once per command (c->prog): asking costs nothing.
 */
size_t shell_cmd_skip_wrappers(const struct shell_cmd *c);
/*
 * Whether the command (from index `from`) has a flag: a short flag letter
 * (combined like -yq too) from `shorts` (may be NULL), or a long flag from
 * the NULL-terminated `longs` (matched exactly or as "--name=value").
 */
bool shell_cmd_has_flag(const struct shell_cmd *c, size_t from, const char *shorts,
                        const char *const *longs);

#endif
