/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SHELL_PRIV_H
#define VAKT_SHELL_PRIV_H

/*
 * Private to the shell tokenizer: shell-lex.c cuts a level's text into
 * tokens, shell-parse.c assembles them into commands (and follows sh -c
 * bodies and substitutions with child levels), shell-cmd.c answers questions
 * about a finished command. Functions shared between these files carry the
 * shell_ prefix; the token and mode enumerators and the character classes
 * are shorthands no other folder sees.
 */

#include <stdbool.h>
#include <stddef.h>

#include "shell.h"
#include "core/util.h"

/* Bytes [off, ...) of a level's text come from root offset `root` onward. */
struct shell_run {
	size_t off;
	size_t root;
};

struct shell_runs {
	struct shell_run *v;
	size_t n;
	size_t cap;
};

/*
 * How a level's offsets map to the root text: local offset o is offset
 * o + shift in the run table's coordinates, or in the root when runs == NULL.
 */
struct shell_map {
	const struct shell_run *runs;
	size_t n_runs;
	size_t shift;
};

/* Local bytes [start, end) of a level: a word as written, a substitution body. */
struct shell_range {
	size_t start;
	size_t end;
};

struct shell_heredoc {
	char *delim;
	bool strip_tabs;
};

/* One call of shell_parse(): shared by the root level and every child. */
struct shell_ctx {
	const struct shell_text *t; /* root positions */
	struct shell_script *out;
	struct vakt_buf wbuf; /* the word being lexed; shared, levels never overlap words */
	int rc;
	bool full;       /* SHELL_MAX_COMMANDS reached: stop everywhere */
	size_t seg_hint; /* segment of the last position asked: lookups mostly move forward */
};

enum shell_tok_kind {
	T_EOF,
	T_WORD,
	T_NEWLINE,
	T_SEMI,
	T_DSEMI, /* ;; ;& ;;& */
	T_AND,
	T_OR,
	T_PIPE,
	T_AMP,
	T_LPAREN,
	T_RPAREN,
	T_REDIR,
};

struct shell_tok {
	enum shell_tok_kind kind;
	size_t start, end; /* local source bytes */
	/* T_WORD (text in ctx->wbuf) */
	bool quoted, has_exp;
	bool plain; /* no quoting, escape or expansion at all */
	size_t eq;  /* offset of the '=' of a NAME=value word, or SIZE_MAX */
	/* T_REDIR: operator s[start, op_end) plus the dup fd s[dup_start, dup_end) */
	size_t op_end;
	size_t dup_start, dup_end;
	bool dup;
	bool heredoc, strip_tabs;
};

/* Where a for, case or function header stands: its words are not a command. */
enum shell_mode {
	M_NORMAL,
	M_FOR_NAME,
	M_FOR_IN,
	M_FOR_LIST,
	M_CASE_SUBJECT,
	M_CASE_IN,
	M_CASE_PATTERN,
	M_FUNC_NAME,
};

/*
 * One script being tokenized: the root text, or a child at depth + 1 for an
 * sh -c body (a quote-removed copy, mapped back through runs) or a $(...) /
 * `...` body (a slice of its parent's text, mapped by shift).
 */
struct shell_level {
	struct shell_ctx *ctx;
	const char *s;
	size_t len;
	size_t pos;
	struct shell_map map;
	int depth;
	bool dbracket;          /* inside [[ ... ]]: operators are words */
	struct shell_runs *rec; /* re-lexing an sh -c body: record where bytes come from */

	struct shell_heredoc *hd; /* here-documents waiting for the next newline */
	size_t n_hd, cap_hd;
	struct shell_range *subst; /* substitution bodies waiting for recursion */
	size_t n_subst, cap_subst;

	/* The simple command being assembled. */
	struct shell_word *argv;
	struct shell_range *arg_src;
	size_t argc, cap_argv, cap_arg_src;
	struct shell_word *assigns;
	size_t n_assigns, cap_assigns;
	struct shell_redir *redirs;
	size_t n_redirs, cap_redirs;
	bool cmd_open;
	size_t cmd_start, cmd_end;

	/* Flow between commands. */
	enum shell_mode mode;
	size_t case_depth;
	size_t paren_depth; /* open subshells, to report unbalanced ones */
	bool prev_pipe;     /* the next command is piped_in */
	bool can_override;  /* a compound just closed: the next operator is its separator */
	bool after_close;   /* redirections now belong to the closed compound */
	bool have_last;
	size_t last_cmd; /* index in out->cmds of this level's last command */
};

/* --- character classes ---------------------------------------------------- */

static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static inline bool is_name_char(char c)
{
	return is_name_start(c) || is_digit(c);
}

/* --- positions and errors (shell-parse.c) --------------------------------- */

/* Root offset of a level's local offset off. */
size_t shell_map_root(const struct shell_map *m, size_t off);
/* Record code (negative errno) as the parse's result; -E2BIG wins. */
void shell_ctx_fail(struct shell_ctx *ctx, int code);

/* --- the lexer (shell-lex.c) ---------------------------------------------- */

/* The next token at L->pos; here-document bodies are skipped after a newline. */
void shell_lex_next(struct shell_level *L, struct shell_tok *tk);
/*
 * Lex the word at L->pos into tk; its text (quotes removed, escapes
 * resolved, expansions as written) is left in ctx->wbuf, valid until the
 * next word.
 */
void shell_lex_word(struct shell_level *L, struct shell_tok *tk);
/* Note malformed text (-EINVAL); tokenizing goes on. */
void shell_lex_fail(struct shell_level *L);
/* Skip blanks and line continuations (and newlines when `newlines`). */
void shell_lex_skip_blanks(struct shell_level *L, bool newlines);
/* Whether c ends a word here (operators are words inside [[ ]]). */
bool shell_lex_word_ends_at(const struct shell_level *L, char c);
/*
 * Find the end of a construct whose body starts at pos and that closes with
 * `close`: ')' for $( and (, '}' for ${, '`' for backticks. Returns the offset
 * just after the closing character, or len with *open set when it never
 * closes. When report is set, command substitutions met directly inside
 * (inside a ${...} but not inside another substitution) are recorded.
 */
size_t shell_lex_skip_nested(struct shell_level *L, size_t pos, char close, bool report,
                             bool *open);

/* --- command queries (shell-cmd.c) ---------------------------------------- */

/* Index of the script argument of `sh -c SCRIPT`, or SIZE_MAX. */
size_t shell_cmd_script_index(const struct shell_cmd *c);
/*
 * What shell_cmd_skip_wrappers() answers, worked out from argv: the parser
 * stores it in the command once its words are complete, since the rules
 * ask it of every command again and again (shell-cmd.c).
 */
size_t shell_cmd_find_prog(const struct shell_cmd *c);

#endif
