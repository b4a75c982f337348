/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DF_PARSE_PRIV_H
#define VAKT_DF_PARSE_PRIV_H

/*
 * Private to the Dockerfile parser (df-*.c that build a struct df_file): the
 * arena that holds the model's strings and arrays, text builders, the
 * physical-line reader, the instruction parser, the JSON array reader, the
 * RUN script builder, the stage graph, variable scoping and pragmas.
 *
 * Memory: every string and array of a df_file (keywords, words, flags,
 * texts, heredoc bodies, ONBUILD triggers, directives) lives in one arena
 * owned by the file and freed with it; only the instruction and stage arrays
 * (which grow while parsing), the RUN scripts (owned by the shell floor) and the
 * suppressions (handed over to the scan) are separate allocations.
 */

#include <stdarg.h>
#include <stdint.h>

#include "df-model.h"
#include "df-pkg.h"

/* Deepest JSON nesting inspected in an exec-form array; deeper is not JSON. */
#define DF_JSON_MAX_DEPTH 128
/*
 * Stages followed up a FROM <stage> chain to find an inherited ENV; a value
 * further up is treated as unknown (keeps lookups cheap on hostile chains).
 */
#define DF_MAX_ENV_CHAIN 64
/* Errors kept per file; the rest are counted in one last error. */
#define DF_MAX_ERRORS 100
/* Longest piece of user text quoted in an error message ("..." marks the cut). */
#define DF_MSG_QUOTE_MAX 80

/* printf precision and suffix for quoting n bytes of user text in a message. */
static inline int df_msg_len(size_t n)
{
	return n > DF_MSG_QUOTE_MAX ? DF_MSG_QUOTE_MAX : (int)n;
}

static inline const char *df_msg_more(size_t n)
{
	return n > DF_MSG_QUOTE_MAX ? "..." : "";
}

/* --- arena (df-mem.c) ----------------------------------------------------- */

struct df_arena_chunk;

struct df_arena {
	struct df_arena_chunk *head; /* owned list; head is the chunk being filled */
	size_t next_size;
};

/* n bytes, 8-byte aligned, uninitialised; lives until df_arena_release(). */
void *df_arena_alloc(struct df_arena *a, size_t n);
/* n zeroed bytes. */
void *df_arena_zalloc(struct df_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n) (s may hold NULs). */
char *df_arena_strndup(struct df_arena *a, const char *s, size_t n);
void *df_arena_memdup(struct df_arena *a, const void *p, size_t n);
void df_arena_release(struct df_arena *a);

/* --- text builder (df-mem.c) ---------------------------------------------- */

/* A shell_text being assembled in reusable storage (owned by the builder). */
struct df_tbuf {
	struct vakt_buf b;
	struct shell_seg *segs;
	size_t n_segs;
	size_t cap_segs;
};

void df_tbuf_reset(struct df_tbuf *t);
/*
 * Append p[0..n) whose first byte sits at line:col; a new segment starts
 * unless the bytes continue the last one on the same line.
 */
void df_tbuf_add(struct df_tbuf *t, const char *p, size_t n, int line, int col);
/* A borrowed shell_text view of t, valid until t changes. */
struct shell_text df_tbuf_view(const struct df_tbuf *t);
void df_tbuf_release(struct df_tbuf *t);
/* Copy bytes [off, off + n) of src with their positions into the arena. */
void df_text_copy_range(struct df_arena *a, const struct shell_text *src, size_t off, size_t n,
                        struct shell_text *out);

/* --- variables (df-vars.c) ------------------------------------------------ */

struct df_var_slot;

/* ARG and ENV values by (stage, name), each a list ordered by instruction. */
struct df_vars {
	struct df_var_slot *slots; /* owned open-addressing table */
	size_t cap;                /* power of two, or 0 */
	size_t n;
};

/* Stage names (lower-case) to the first stage of that name (df-stage.c). */
struct df_stage_names {
	int *slots; /* owned; stage index + 1, 0 is empty */
	size_t cap; /* power of two */
};

/* --- the file and the parser --------------------------------------------- */

struct df_json_elem {
	size_t off, len; /* the string token, quotes included */
	char *value;     /* decoded, in the arena */
};

/* A df_file with the parser's private state behind it. */
struct df_file_priv {
	struct df_file pub; /* first: df_file pointers convert back */
	struct df_arena arena;
	struct df_vars vars;
	struct df_stage_names names; /* kept for df_file_find_stage() */
	struct df_word empty_image;  /* FROM without an image points here */
	size_t cap_instrs;
	size_t cap_stages;
};

static inline struct df_file_priv *df_file_priv(const struct df_file *f)
{
	return (struct df_file_priv *)(uintptr_t)f;
}

/* Where a word sits in an instruction text. */
struct df_wpos {
	size_t off, len;
};

/* Growable arrays reused for every instruction at one ONBUILD depth. */
struct df_scratch {
	struct df_word *words;
	size_t n_words, cap_words;
	struct df_wpos *wpos; /* parallel to words */
	size_t cap_wpos;
	struct df_json_elem *elems;
	size_t cap_elems;
	struct df_flag *flags;
	size_t n_flags, cap_flags;
	struct df_kv *kvs;
	size_t n_kvs, cap_kvs;
};

/* A heredoc marker ("<<EOF", "<<-'EOF'", "2<<X") in an instruction text. */
struct df_marker {
	size_t off; /* of "<<" in the instruction text */
	size_t word_off, word_len;
	char *delim; /* arena */
	bool strip_tabs;
	bool quoted;
};

/* A comment that may be a pragma. */
struct df_comment {
	int line;
	int col;          /* column of the text after '#' */
	const char *text; /* borrowed from the source: after '#' */
	size_t len;
	long target; /* instruction it sits above (or inside), -1 when none */
};

struct df_parser {
	const struct vakt_source *src;
	struct df_file_priv *fp;
	struct df_file *f;
	struct vakt_error_list *errs;
	size_t n_errors;
	char escape;
	const struct vakt_strv *build_args;
	struct df_scratch scratch[DF_MAX_ONBUILD_DEPTH + 1];
	struct df_tbuf line; /* the logical line being parsed */
	struct df_tbuf tmp;  /* heredoc bodies, exec-form scripts */
	struct df_comment *comments;
	size_t n_comments, cap_comments;
	struct df_marker *markers; /* heredoc markers of the instruction being read */
	size_t cap_markers;
	int last_line;     /* number of the last line of the file */
	size_t n_from;     /* FROM instructions kept so far */
	size_t n_dropped;  /* errors beyond DF_MAX_ERRORS */
	size_t n_warnings; /* warnings kept (at most DF_MAX_ERRORS; later ones are dropped) */
};

/* Append an error at line:col (file from the source). */
void df_parser_error(struct df_parser *p, int line, int col, const char *fmt, ...)
    VAKT_PRINTF(4, 5);
/*
 * Append a warning (code VAKT_WARNING_CODE) at line:col: the input is read,
 * but something in it is not taken as written. df_parse() still succeeds.
 */
void df_parser_warning(struct df_parser *p, int line, int col, const char *fmt, ...)
    VAKT_PRINTF(4, 5);

/* --- physical lines (df-lex.c) -------------------------------------------- */

struct df_line {
	const char *p; /* first byte (after a UTF-8 BOM on line 1) */
	size_t len;    /* without the newline and trailing carriage returns */
	int no;        /* 1-based */
	bool has_nl;   /* the line ended with '\n' */
};

struct df_lexer {
	const char *data;
	size_t len;
	size_t pos;
	int next_no;
};

void df_lex_init(struct df_lexer *lx, const char *data, size_t len);
/* The next physical line; false at the end of the input. */
bool df_lex_next(struct df_lexer *lx, struct df_line *out);
/* Whitespace as BuildKit trims it (ASCII). */
static inline bool df_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == '\n';
}
/* Bytes of leading whitespace in p[0..n). */
size_t df_lex_skip_space(const char *p, size_t n);
/*
 * Whether a line ends with the escape character (then optional spaces and
 * tabs) that continues it, BuildKit's rule: the escape must be alone on the
 * line or follow a character that is not itself the escape. On true, *n is
 * shortened to drop the escape and what follows it.
 */
bool df_lex_continues(const char *p, size_t *n, char escape);
/*
 * Whether the line is a parser directive "# name=value" with a name BuildKit
 * knows (syntax, escape, check). Sets the name (not lower-cased) and the
 * value (trimmed) as pointers into the line.
 */
bool df_lex_directive(const struct df_line *l, const char **name, size_t *name_len,
                      const char **value, size_t *value_len);

/* --- instructions (df-instr.c) -------------------------------------------- */

/*
 * Parse the instruction in bytes [0, len) of lt into *out (zeroed by the
 * caller) at ONBUILD depth `depth`. Strings and arrays go to the arena.
 * Returns false when the text holds no keyword at all (nothing to keep).
 */
bool df_instr_parse(struct df_parser *p, const struct shell_text *lt, int depth,
                    struct df_instr *out);
/*
 * Find the heredoc markers of in->text as BuildKit does (words of the text,
 * each matching [0-9]*<<-?WORD). Appends to *v (malloc'd, caller frees).
 */
size_t df_instr_markers(struct df_parser *p, const struct df_instr *in, struct df_marker **v,
                        size_t *cap);
/* Split s[0..n) into words the way BuildKit's parseWords does; calls fn per word. */
typedef void (*df_word_fn)(size_t off, size_t len, void *data);
void df_split_words(const char *s, size_t n, char escape, df_word_fn fn, void *data);
/*
 * Remove quotes and resolve escapes of s[0..n) as BuildKit's shell lexer
 * does, without expanding variables. Writes at most n bytes plus a NUL into
 * out and returns the length.
 */
size_t df_unquote(const char *s, size_t n, char escape, char *out);

/* --- JSON exec form (df-json.c) ------------------------------------------- */

enum df_json_result {
	DF_JSON_OK,          /* an array of strings */
	DF_JSON_INVALID,     /* not JSON: the text is shell form */
	DF_JSON_NOT_STRINGS, /* valid JSON, but an element is not a string */
};

/*
 * Parse s[0..n) (leading '[' expected) as a JSON array of strings. On
 * DF_JSON_OK the elements are appended to *v (malloc'd, caller frees) and
 * their count returned in *count.
 */
enum df_json_result df_json_parse_array(struct df_arena *a, const char *s, size_t n,
                                        struct df_json_elem **v, size_t *cap, size_t *count);

/* --- RUN scripts (df-run.c) ----------------------------------------------- */

/*
 * Fill in->sh from the RUN's text, heredoc bodies or exec-form elements;
 * m[0..n_m) are the heredoc markers found in in->text (df_instr_markers()).
 */
void df_run_build_sh(struct df_parser *p, struct df_instr *in, const struct df_marker *m,
                     size_t n_m);
/* Whether a program name (basename) is a POSIX shell: sh, bash, ash, dash, zsh, ksh. */
bool df_run_is_posix_shell(const char *name, size_t len);

/* --- stages and variables (df-stage.c, df-vars.c) ------------------------- */

/*
 * Build the stage graph (names, bases, parents, COPY --from, final and
 * reachable stages), set each instruction's stage and evaluate ARG/ENV.
 */
void df_stage_build(struct df_parser *p);
/*
 * Record the ARG/ENV values instruction `at` defines; called in source order
 * once in->stage and the stage's parent are known.
 */
void df_vars_eval_instr(struct df_parser *p, size_t at);
void df_vars_release(struct df_vars *v);

/* --- pragmas (df-pragma.c) ------------------------------------------------ */

/* Whether a comment text (after '#') could be an inline pragma worth keeping. */
bool df_pragma_candidate(const char *text, size_t len);
/* Turn the candidate comments into f->sup; malformed vakt pragmas are errors. */
void df_pragma_collect(struct df_parser *p);
/* The "# check=skip=..." directive at `line`. */
void df_pragma_check_directive(struct df_parser *p, const char *value, int line);

#endif
