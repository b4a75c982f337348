/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DF_MODEL_H
#define VAKT_DF_MODEL_H

/*
 * The typed model of a Dockerfile that every Dockerfile rule reads: parser
 * directives, instructions with their flags, arguments, key/value pairs and
 * heredocs (each with its source position), the RUN scripts split into
 * simple commands, and the stage graph.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/source.h"
#include "core/suppress.h"
#include "shell/shell.h"
#include "shell/shell-text.h"

struct df_context_cache; /* df-context.h */
struct df_pkg_cmd;       /* df-pkg.h */

/* Ceilings (each has a test in tests/unit/test-df-parse.c). */
#define DF_MAX_INSTRUCTIONS  1000000            /* per file */
#define DF_MAX_INSTR_BYTES   (4u * 1024 * 1024) /* one logical instruction incl. continuations */
#define DF_MAX_HEREDOCS      64                 /* per instruction */
#define DF_MAX_STAGES        10000              /* per file */
#define DF_MAX_ONBUILD_DEPTH 2                  /* ONBUILD ONBUILD x is reported, not recursed */

enum df_kind {
	DF_UNKNOWN = 0, /* an instruction keyword BuildKit does not know */
	DF_FROM,
	DF_RUN,
	DF_CMD,
	DF_ENTRYPOINT,
	DF_COPY,
	DF_ADD,
	DF_ENV,
	DF_ARG,
	DF_USER,
	DF_WORKDIR,
	DF_EXPOSE,
	DF_VOLUME,
	DF_LABEL,
	DF_HEALTHCHECK,
	DF_SHELL,
	DF_STOPSIGNAL,
	DF_ONBUILD,
	DF_MAINTAINER,
};

/* Upper-case keyword for a kind ("RUN"); "UNKNOWN" for DF_UNKNOWN. */
const char *df_kind_name(enum df_kind k);

/* One argument as written. */
struct df_word {
	char *raw; /* owned; exactly as written, quotes kept */
	/* Owned; quotes removed and escapes resolved, no variable expansion (may be raw itself). */
	char *value;
	struct vakt_span span;
};

/* A flag before the arguments: --name or --name=value. */
struct df_flag {
	char *name;  /* owned; without the leading "--" */
	char *value; /* owned; NULL when written without '=' */
	struct vakt_span span;
};

/* A pair of ENV, ARG or LABEL. */
struct df_kv {
	struct df_word key;
	struct df_word value; /* value.raw == NULL when absent (ARG NAME) */
	bool legacy;          /* the old "ENV key value" form */
};

struct df_heredoc {
	char *delim;            /* owned; the delimiter word without quotes */
	bool strip_tabs;        /* <<- */
	bool quoted;            /* delimiter was quoted: no expansion in the body */
	struct shell_text body; /* the lines between the marker line and the delimiter */
	struct vakt_span span;  /* from the first body line to the delimiter line */
};

struct df_instr {
	enum df_kind kind;
	int stage;             /* index into df_file.stages; -1 before the first FROM */
	char *keyword;         /* owned; as written (case kept) */
	struct vakt_span span; /* whole instruction, continuations and heredoc bodies included */
	struct df_flag *flags; /* owned */
	size_t n_flags;
	/*
	 * Everything after the flags, continuations joined with their
	 * positions kept. For shell-form RUN/CMD/ENTRYPOINT this is the
	 * shell text.
	 */
	struct shell_text text;
	/* RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD, VOLUME written as a JSON array. */
	bool exec_form;
	/* RUN only: the entries of pkgs below (here, it fills exec_form's padding). */
	uint32_t n_pkgs;
	/*
	 * The arguments: the JSON elements in exec form, otherwise the
	 * whitespace-separated words (quotes respected). For FROM: image,
	 * then "AS", alias. For COPY/ADD: sources..., destination.
	 */
	struct df_word *args; /* owned */
	size_t n_args;
	struct df_kv *kvs; /* owned; ENV, ARG and LABEL pairs */
	size_t n_kvs;
	struct df_heredoc *heredocs; /* owned */
	size_t n_heredocs;
	/*
	 * RUN only: the simple commands of the shell text and of every
	 * heredoc body that is a script (RUN <<EOF, or cmd <<EOF for a shell
	 * reading its script from stdin). Exec-form RUN is tokenized from its
	 * elements joined by spaces. Empty for other kinds.
	 */
	struct shell_script sh;
	/*
	 * RUN only: the package-manager commands among sh's, n_pkgs of them
	 * in order (df_pkg_parse_all(), df-pkg.h), read once for every rule.
	 * Each one's cmd points into sh.cmds, its index there.
	 */
	struct df_pkg_cmd *pkgs;  /* owned */
	struct df_instr *onbuild; /* owned; ONBUILD's trigger instruction */
};

/* The value of flag `name` (e.g. "from"), NULL when absent or given without value. */
const char *df_instr_flag(const struct df_instr *in, const char *name);
/* The flag named `name`, or NULL. */
const struct df_flag *df_instr_find_flag(const struct df_instr *in, const char *name);

struct df_stage {
	int index;
	char *name;                  /* owned; AS alias lower-cased, NULL when unnamed */
	size_t from;                 /* index of its FROM in df_file.instrs */
	size_t end;                  /* one past its last instruction */
	const struct df_word *image; /* borrowed: the FROM image word as written */
	/*
	 * The image after substitution of global ARGs (and --build-arg values),
	 * owned; NULL when it could not be resolved (then `unresolved` is set).
	 */
	char *base;
	bool unresolved;
	int parent;       /* index of the earlier stage named by FROM, or -1 */
	bool is_final;    /* the stage the build produces */
	bool reachable;   /* the final stage, or built upon / copied from by it (transitively) */
	int *copies_from; /* owned; stage indices named by COPY --from in this stage */
	size_t n_copies_from;
};

struct df_directive {
	char *name;  /* owned; lower-case: "syntax", "escape", "check" */
	char *value; /* owned */
	int line;
};

struct df_file {
	const struct vakt_source *src; /* borrowed */
	char escape;                   /* '\\' or '`' */
	struct df_directive *directives;
	size_t n_directives;
	struct df_instr *instrs; /* owned, in source order */
	size_t n_instrs;
	struct df_stage *stages; /* owned */
	size_t n_stages;
	int final_stage; /* index, -1 when the file has no FROM */
	/* Inline pragmas: vakt ignore, hadolint ignore / global ignore, trivy:ignore, checkov:skip,
	 * check=skip. */
	struct vakt_suppressions sup;
	/*
	 * Borrowed: the scan's memory of the build context on disk
	 * (df-context.h), which the rules that read the context pass on;
	 * NULL (every question goes to the disk) outside vakt scan.
	 */
	struct df_context_cache *context;
};

/*
 * Parse src. Always returns a model (possibly with fewer instructions) in
 * *out, which the caller frees with df_file_free(); every problem is appended
 * to errs as an error naming file:line:col and what was expected, and parsing
 * goes on with the next instruction. build_args ("NAME=VALUE", may be NULL)
 * override ARG defaults. Returns 0 when there was no error, -EINVAL otherwise.
 */
int df_parse(const struct vakt_source *src, const struct vakt_strv *build_args,
             struct df_file **out, struct vakt_error_list *errs);
void df_file_free(struct df_file *f);

/*
 * The value variable `name` has at instruction index `at` of stage `stage`
 * (ARG defaults / --build-arg, ENV, inherited through FROM <stage>), for
 * rules that need to resolve $VAR. Borrowed; NULL when undefined.
 */
const char *df_file_lookup(const struct df_file *f, int stage, size_t at, const char *name);

/*
 * The index of the first stage named `name` (AS alias, compared without
 * case), or -1. A hash probe: rules may call it for every instruction.
 */
int df_file_find_stage(const struct df_file *f, const char *name);

/*
 * Per stage: whether its files ship in the image, i.e. it is the final stage
 * (is_final, or final_stage) or one the final stage is built upon through
 * FROM <stage>. A stage only copied from (COPY --from) does not ship. The
 * caller frees the array (at least one entry).
 */
bool *df_file_shipped(const struct df_file *f);

/*
 * Expand the variables in s as BuildKit would at instruction `at` of stage
 * `stage`. The caller frees the result. *unresolved as df_expand().
 */
char *df_file_expand(const struct df_file *f, int stage, size_t at, const char *s,
                     bool *unresolved);

/*
 * s after variable expansion at instruction `at` of `stage`, as BuildKit
 * sees it, or NULL when a variable could not be resolved (a rule then
 * cannot verify). stage < 0 (an ONBUILD trigger, expanded in a later
 * build) gives NULL whenever s holds a '$'. The caller frees the result.
 */
char *df_file_expand_known(const struct df_file *f, int stage, size_t at, const char *s);
/*
 * The same for an argument word: its value as written when it holds no
 * '$', else its raw text expanded (BuildKit's lexer removes quotes while it
 * expands); exec_form words are JSON elements, already decoded.
 */
char *df_file_word(const struct df_file *f, int stage, size_t at, const struct df_word *w,
                   bool exec_form);

#endif
