/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_LANG_H
#define VAKT_RT_LANG_H

/*
 * The rule language's internals, shared by its files: source texts and
 * positions (rt-diag.c), the condition AST (rt-cond.c), collected items
 * (rt-load*.c), compiled conditions (rt-compile*.c), evaluation
 * (rt-eval.c) and outputs (rt-output.c). Not for use outside src/runtime/.
 */

#include <stdarg.h>

#include "rt-match.h"
#include "rt-rules.h"
#include "rt-set.h"

/* --- memory --------------------------------------------------------------- */

/* Blocks freed at once: the ASTs and compiled conditions of a rule set. */
struct rt_arena {
	struct rt_arena_block *head;
};

void *rt_arena_alloc(struct rt_arena *a, size_t n); /* zeroed, 8-byte aligned */
char *rt_arena_strndup(struct rt_arena *a, const char *s, size_t n);
void rt_arena_release(struct rt_arena *a);

/* --- texts and positions -------------------------------------------------- */

/* A rules file, kept (with its bytes) for positions until the set is freed. */
struct rt_file {
	char *path;
	char *data;
	size_t len;
};

/* A part of a text that came from one YAML scalar starting at line:col of file. */
struct rt_piece {
	size_t off, len; /* in the text */
	const struct rt_file *file;
	int line, col;
};

/* A condition or output as assembled from scalars (a definition and its appends). */
struct rt_text {
	char *s; /* owned, NUL-terminated */
	size_t n;
	struct rt_piece *pieces; /* owned */
	size_t n_pieces;
};

/*
 * A place: an offset in a text, located in the YAML source when reported,
 * or (text NULL) a fixed file:line:col, such as an exception's value.
 */
struct rt_pos {
	const struct rt_text *text;
	size_t off;
	const struct rt_file *file;
	int line, col;
};

/* Append a scalar's value (which starts at line:col of file) to t, after sep when t is not empty.
 */
void rt_text_append(struct rt_text *t, const char *sep, const char *s, size_t n,
                    const struct rt_file *file, int line, int col);
void rt_text_release(struct rt_text *t);
/* Where pos is in its file: the scalar's start, moved through its text to the offset. */
void rt_pos_locate(const struct rt_pos *pos, const char **file, int *line, int *col);

/* --- diagnostics ---------------------------------------------------------- */

struct rt_diags {
	struct rt_diag *v; /* strings owned */
	size_t n, cap, n_errors;
};

void rt_diags_addv(struct rt_diags *d, bool warning, enum rt_diag_code code,
                   const struct rt_pos *pos, const char *kind, const char *name, const char *fmt,
                   va_list ap) VAKT_PRINTF(7, 0);
void rt_diags_add(struct rt_diags *d, bool warning, enum rt_diag_code code,
                  const struct rt_pos *pos, const char *kind, const char *name, const char *fmt,
                  ...) VAKT_PRINTF(7, 8);
void rt_diags_release(struct rt_diags *d);

/* --- the condition AST ---------------------------------------------------- */

enum rt_op {
	RT_OP_EXISTS,
	RT_OP_EQ,
	RT_OP_NE,
	RT_OP_LT,
	RT_OP_LE,
	RT_OP_GT,
	RT_OP_GE,
	RT_OP_CONTAINS,
	RT_OP_ICONTAINS,
	RT_OP_BCONTAINS,
	RT_OP_STARTSWITH,
	RT_OP_BSTARTSWITH,
	RT_OP_ENDSWITH,
	RT_OP_GLOB,
	RT_OP_IGLOB,
	RT_OP_REGEX,
	RT_OP_IN,
	RT_OP_INTERSECTS,
	RT_OP_PMATCH,
	RT_OP_COUNT
};

/* The operator as written ("=", "startswith"). */
const char *rt_op_name(enum rt_op op);
/* in, intersects, pmatch: the right side is a list. */
bool rt_op_is_list(enum rt_op op);
/* The operator named s[0..n) (exceptions' comps), false when none. */
bool rt_op_parse(const char *s, size_t n, enum rt_op *out);

enum rt_mod { RT_MOD_NONE, RT_MOD_ONEOF, RT_MOD_ANYOF, RT_MOD_ALLOF };

/*
 * A field, or a transformer (rt-match.h's enum rt_xf) applied to one:
 * tolower(proc.name), proc.aname[2]; or val(field) on a right side.
 */
struct rt_fexpr {
	enum rt_xf xform; /* RT_XF_NONE: a field, or val() when is_val */
	bool is_val;
	struct rt_fexpr *child; /* transformers and val() */
	const char *name;       /* fields: the name without [arg], NUL-terminated */
	size_t name_len;
	const char *arg; /* [arg] unquoted, NULL when none */
	size_t arg_len;
	struct rt_pos pos;
};

/* A value as written: bare, or quoted (quotes removed, escapes applied). */
struct rt_lit {
	const char *s;
	size_t n;
	bool quoted;
	struct rt_pos pos;
};

enum rt_ast_kind { RT_AST_AND, RT_AST_OR, RT_AST_NOT, RT_AST_MACRO, RT_AST_CHECK };

enum rt_rhs {
	RT_RHS_NONE,     /* exists */
	RT_RHS_VALUE,    /* a single value */
	RT_RHS_LIST,     /* ( v1, v2, ... ) */
	RT_RHS_LISTNAME, /* in NAME: a list */
	RT_RHS_FEXPR,    /* a transformer or val(field) */
};

struct rt_ast {
	enum rt_ast_kind kind;
	struct rt_pos pos;
	struct rt_ast **kids; /* and, or: n_kids; not: 1 */
	size_t n_kids;
	const char *name; /* macro */
	size_t name_len;
	struct rt_fexpr *left; /* check */
	enum rt_op op;
	enum rt_mod mod;
	enum rt_rhs rhs;
	struct rt_lit value;  /* VALUE, LISTNAME */
	struct rt_lit *items; /* LIST */
	size_t n_items;
	struct rt_fexpr *rfexpr; /* FEXPR */
};

struct rt_parse_error {
	char msg[256];
	size_t off; /* in the text */
	bool too_large;
};

/*
 * Parse text t as a Falco condition (the grammar of libsinsp's filter
 * parser). On success *out (allocated in a, pointing to t for positions);
 * else -EINVAL and *e says what and where.
 */
int rt_cond_parse(struct rt_arena *a, const struct rt_text *t, struct rt_ast **out,
                  struct rt_parse_error *e);
/*
 * A list item or exception value as the condition lexer would read it
 * spliced into a condition: a quoted item loses its quotes and escapes, a
 * bare one is taken as it is. Returns the value in a.
 */
struct rt_lit rt_lit_from_item(struct rt_arena *a, const char *s, size_t n);

/* Parse a whole field expression (exceptions' fields), every position set to *pos; NULL when bad.
 */
struct rt_fexpr *rt_cond_parse_fexpr(struct rt_arena *a, const char *s, size_t n,
                                     const struct rt_pos *pos, struct rt_parse_error *e);

/* --- collected items (rt-load*.c) ----------------------------------------- */

/* An exception's fields, comps or a value: a scalar, or a list of entries. */
struct rt_entry {
	bool is_list;
	const char *item; /* scalars */
	struct rt_entry *items;
	size_t n;
	struct rt_pos pos;
};

struct rt_exception {
	char *name;
	bool has_fields, has_comps;
	struct rt_entry fields, comps;
	struct rt_entry *values; /* each a tuple (or, short form, a scalar) */
	size_t n_values;
	struct rt_pos pos;
};

struct rt_list_def {
	char *name;
	struct rt_pos pos;
	size_t index, visibility; /* it may splice lists whose index is below its visibility */
	char **items;
	struct rt_pos *item_pos;
	size_t n_items, cap;
	bool used;
	/* compile: the items, lists spliced, as the condition lexer reads them */
	int state; /* 0 not yet, 1 in progress, 2 done, 3 failed */
	struct rt_lit *flat;
	size_t n_flat;
};

struct rt_macro_def {
	char *name;
	struct rt_pos pos;
	size_t index, visibility; /* it may use macros whose index is below its visibility */
	struct rt_text cond;
	struct rt_ast *ast; /* once parsed */
	bool parsed, failed, used;
	int expanding; /* while its body is being expanded (a cycle guard) */
};

struct rt_rule_def {
	struct rt_rule pub; /* strings borrowed from the fields below */
	char *name, *desc, *source;
	struct vakt_strv tags;
	struct rt_text cond, output;
	struct rt_pos pos;
	size_t index;
	bool unknown_source, warn_evttypes, skip_if_unknown_filter;
	struct rt_exception *exc;
	size_t n_exc, exc_cap;
};

/* Free what an exception owns (rt-load-rule.c). */
void rt_exception_release(struct rt_exception *e);

/* --- compiled conditions (rt-compile*.c) ---------------------------------- */

#define RT_MAX_XFORMS 8

/* A bound field with its transformers, innermost first. */
struct rt_fref {
	const struct rt_field_def *def;
	struct rt_field_arg arg;
	uint32_t slot; /* its values' place in an eval context's cache */
	enum rt_xf xf[RT_MAX_XFORMS];
	unsigned n_xf;
	enum rt_ftype type; /* after the transformers */
};

enum rt_opd_kind {
	RT_OPD_NONE,
	RT_OPD_STR, /* also BYTES and decoded bcontains operands */
	RT_OPD_U64,
	RT_OPD_I64,
	RT_OPD_BOOL,
	RT_OPD_NET,
	RT_OPD_STRSET,
	RT_OPD_NUMSET,
	RT_OPD_NETS,
	RT_OPD_PMATCH,
	RT_OPD_REGEX,
	RT_OPD_LIST,  /* oneof/anyof/allof: one operand per item */
	RT_OPD_FIELD, /* val(field) or a transformer of a field */
};

struct rt_operand {
	enum rt_opd_kind kind;
	const char *s;
	size_t n;
	uint64_t u;
	int64_t i;
	bool b;
	struct rt_ipnet net;
	struct rt_strset *set; /* owned: in, intersects on strings */
	struct rt_numset nums;
	struct rt_ipnet *nets; /* owned */
	size_t n_nets;
	struct rt_pmatch *pm;    /* owned */
	void *re;                /* pcre2_code_8 */
	struct rt_operand *list; /* owned */
	size_t n_list;
	struct rt_fref rf;
};

struct rt_check {
	struct rt_fref left;
	enum rt_op op;
	enum rt_mod mod;
	struct rt_operand opd;
};

enum rt_cn_kind { RT_CN_AND, RT_CN_OR, RT_CN_NOT, RT_CN_CHECK, RT_CN_EVTYPE, RT_CN_CONST };

struct rt_cnode {
	enum rt_cn_kind kind;
	bool value; /* CONST */
	size_t n;
	struct rt_cnode **kids;
	struct rt_check *chk;
	const uint64_t *bits; /* EVTYPE: the event types for which it holds */
};

/* An output format: literal text and fields, in order. */
struct rt_opart {
	const char *lit;
	size_t lit_n;
	long field; /* index into fields, -1 for text */
};

struct rt_ofield {
	char *name; /* as written, "proc.aname[2]" */
	struct rt_fref f;
};

struct rt_output {
	struct rt_opart *parts;
	size_t n_parts;
	struct rt_ofield *fields;
	size_t n_fields;
};

struct rt_crule {
	struct rt_rule_def *def;
	struct rt_cnode *cond;
	uint64_t *types; /* event types it may match */
	bool all_types;
	bool on; /* enabled and at or above the priority threshold */
	struct rt_output out;
};

struct rt_slot {
	const struct rt_field_def *def;
	struct rt_field_arg arg;
};

struct rt_ruleset {
	const struct rt_fieldset *fs;
	struct rt_file **files;
	size_t n_files;
	struct rt_list_def **lists;
	size_t n_lists;
	struct rt_strmap list_names;
	struct rt_macro_def **macros;
	size_t n_macros;
	struct rt_strmap macro_names;
	struct rt_rule_def **rules; /* known sources */
	size_t n_rules;
	struct rt_strmap rule_names;
	size_t n_skipped; /* rules of unknown sources */
	struct rt_strmap skipped_names;
	size_t next_index; /* items defined so far: visibility */
	struct rt_diags diags;
	struct rt_arena ast;      /* parsed conditions */
	struct rt_arena compiled; /* compiled conditions and outputs */
	bool done;                /* compiled */
	struct rt_check **checks; /* for their owned operands */
	size_t n_checks, checks_cap;
	struct rt_slot *slots;
	size_t n_slots, slots_cap;
	size_t words;               /* of an event type bit set */
	struct rt_crule ***by_type; /* [n_evtypes]: rules for each type, [0]: those that see all */
	size_t *n_by_type;
	enum rt_match_mode mode;
	enum rt_priority min_prio;
	size_t max_xf_depth;
};

/* rt-load.c: read one file's items into rs. */
void rt_load_text(struct rt_ruleset *rs, struct rt_file *f);
/* rt-compile.c: compile every rule (and the macros and lists they use). */
void rt_compile_all(struct rt_ruleset *rs);
/* rt-compile.c: bind a field expression for a condition or an output; false with a diagnostic. */
bool rt_compile_fref(struct rt_ruleset *rs, const struct rt_fexpr *fx, bool output,
                     struct rt_fref *out, const char *kind, const char *name,
                     enum rt_diag_code code);
/* rt-output.c: compile r's output format; false with a diagnostic. */
bool rt_output_compile(struct rt_ruleset *rs, struct rt_rule_def *r, struct rt_output *out);
void rt_output_release(struct rt_output *out);
/* rt-eval.c: the fields of f for ev, transformers applied; borrowed from ctx. */
const struct rt_values *rt_eval_fref(struct rt_eval_ctx *ctx, const struct rt_fref *f,
                                     const void *ev);
/* rt-eval.c: start a new event in ctx (forget cached values). */
void rt_eval_ctx_begin(struct rt_eval_ctx *ctx, const void *ev);
/*
 * rt-eval.c: whether check c holds for left values vs (any of them, or
 * every item for allof); ctx may be NULL when c's operand is not a field.
 */
bool rt_check_values(const struct rt_check *c, const struct rt_values *vs, struct rt_eval_ctx *ctx);
/* rt-compile.c: release what checks own. */
void rt_check_release(struct rt_check *c);

#endif
