/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_RULES_H
#define VAKT_RT_RULES_H

/*
 * vakt's Falco-compatible rule language: rules files (lists, macros, rules,
 * required_engine_version, required_plugin_versions, override/append,
 * exceptions) loaded in order, compiled against one event source's fields
 * (struct rt_fieldset, rt-field.h), indexed by event type and evaluated
 * against opaque events. docs/runtime.md, "Rule language", says what is
 * supported and where vakt differs from Falco.
 *
 * Loading never stops at the first problem: every error and warning is a
 * diagnostic (struct rt_diag) with its file, line and column; a rule that
 * does not compile is reported and left out of evaluation, the others
 * load. Only I/O failures (a file that cannot be read) are returned as
 * errors.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/util.h"
#include "rt-field.h"

/* The Falco engine version vakt implements (required_engine_version is checked against it). */
#define RT_ENGINE_VERSION "0.57.0"

/* Ceilings of the rules language, each with its own "too large" diagnostic. */
#define RT_MAX_FILE_BYTES     (16u * 1024 * 1024) /* one rules file */
#define RT_MAX_COND_BYTES     (256u * 1024)       /* one condition, appends included */
#define RT_MAX_COND_DEPTH     100          /* nesting of parentheses and `not` in one condition */
#define RT_MAX_MACRO_DEPTH    64           /* macros inside macros, once expanded */
#define RT_MAX_EXPANDED_NODES 100000       /* checks and operators of one rule, macros expanded */
#define RT_MAX_LIST_ITEMS     100000       /* items of one list or value list, lists spliced */
#define RT_MAX_OUTPUT_BYTES   (64u * 1024) /* one output format */
#define RT_MAX_ITEMS          100000       /* lists, macros and rules of all files */

/* Falco's priorities, most severe first; INFO is INFORMATIONAL. */
enum rt_priority {
	RT_PRIO_EMERGENCY,
	RT_PRIO_ALERT,
	RT_PRIO_CRITICAL,
	RT_PRIO_ERROR,
	RT_PRIO_WARNING,
	RT_PRIO_NOTICE,
	RT_PRIO_INFORMATIONAL,
	RT_PRIO_DEBUG,
	RT_PRIO_COUNT
};

/* Falco's name ("Warning", "Informational"). */
const char *rt_priority_name(enum rt_priority p);
/* Case-insensitive; INFO and INFORMATIONAL both. False when s names none. */
bool rt_priority_parse(const char *s, size_t n, enum rt_priority *out);
/* Whether p is at least as severe as threshold (`--priority` keeps these). */
static inline bool rt_priority_at_least(enum rt_priority p, enum rt_priority threshold)
{
	return p <= threshold;
}

/* Falco's load result codes, and vakt's own where Falco has none. */
enum rt_diag_code {
	RT_LOAD_ERR_FILE,              /* the file could not be read, or is too large */
	RT_LOAD_ERR_YAML_PARSE,        /* not YAML */
	RT_LOAD_ERR_YAML_VALIDATE,     /* YAML of the wrong shape: unknown key, missing key */
	RT_LOAD_ERR_COMPILE_CONDITION, /* syntax, unknown field, undefined macro or list, bad value
	                                */
	RT_LOAD_ERR_COMPILE_OUTPUT,    /* an output format that does not compile */
	RT_LOAD_ERR_VALIDATE,          /* override/append/exceptions that do not fit */
	RT_LOAD_ERR_TOO_LARGE,         /* a ceiling of the language (RT_MAX_*) */
	RT_LOAD_UNKNOWN_SOURCE,        /* a rule of another event source: skipped */
	RT_LOAD_UNKNOWN_ITEM,          /* a top-level item that is none of the known ones */
	RT_LOAD_UNKNOWN_PLUGIN,        /* a required plugin vakt does not provide */
	RT_LOAD_NO_EVTTYPE,            /* a rule not restricted to some event types */
	RT_LOAD_UNUSED_MACRO,
	RT_LOAD_UNUSED_LIST,
	RT_LOAD_DEPRECATED_ITEM,
	RT_LOAD_APPEND_NO_VALUES,
	RT_DIAG_COUNT
};

/* "LOAD_ERR_COMPILE_CONDITION", "LOAD_NO_EVTTYPE", ... */
const char *rt_diag_code_name(enum rt_diag_code c);

struct rt_diag {
	bool warning;
	enum rt_diag_code code;
	const char *file;      /* NULL when not tied to a file */
	int line, col;         /* 1-based; 0 when unknown */
	const char *item_kind; /* "rule", "macro", "list", ... or NULL */
	const char *item_name; /* NULL when the item has no name */
	const char *msg;       /* lower-case, without location or code */
};

/* "file:line:col: rule 'X': msg [CODE]"; the caller owns the string. */
char *rt_diag_format(const struct rt_diag *d);

/* A rule as loaded; read-only, borrowed from its rule set. */
struct rt_rule {
	const char *name;
	const char *desc;
	const char *source;
	enum rt_priority priority;
	const char *const *tags; /* sorted, distinct (Falco keeps a set) */
	size_t n_tags;
	bool enabled;
	bool compiled;      /* its condition and output compiled: it is evaluated */
	const char *output; /* the format, appends included */
	const char *file;   /* where it was first defined */
	int line, col;
	struct rt_crule *priv;
};

struct rt_counts {
	size_t rules;    /* rules of known sources (compiled or not) */
	size_t compiled; /* of which compiled */
	size_t failed;   /* of which did not compile */
	size_t skipped;  /* rules of an unknown source, left out */
	size_t macros;
	size_t lists;
};

enum rt_match_mode {
	RT_MATCH_FIRST, /* Falco's default: the first matching rule, in load order */
	RT_MATCH_ALL,   /* rule_matching: all */
};

struct rt_ruleset;
struct rt_eval_ctx;

/* A rule set compiling against fs (borrowed; it must outlive the set). Free with rt_ruleset_free().
 */
struct rt_ruleset *rt_ruleset_new(const struct rt_fieldset *fs);
void rt_ruleset_free(struct rt_ruleset *rs);
/*
 * Read path (at most RT_MAX_FILE_BYTES) and collect its items after those
 * of the files added before. 0, or -errno with *err when it cannot be read
 * (a diagnostic is added as well); what the content gets wrong becomes
 * diagnostics.
 */
int rt_ruleset_add_file(struct rt_ruleset *rs, const char *path, struct vakt_error **err);
/* The same for text in memory (copied); path names it in diagnostics. */
void rt_ruleset_add_text(struct rt_ruleset *rs, const char *path, const char *data, size_t len);
/* Compile every item collected: once, after the last file. */
void rt_ruleset_compile(struct rt_ruleset *rs);
/*
 * rt_ruleset_new(), add_file() for each path in order, compile(). On
 * success (every file read) returns 0 and the caller owns *out, whose
 * diagnostics say what did not load; -errno and *err when a file could not
 * be read (*out NULL).
 */
int rt_ruleset_load(const struct rt_fieldset *fs, const char *const *paths, size_t n,
                    struct rt_ruleset **out, struct vakt_error **err);

size_t rt_ruleset_n_diags(const struct rt_ruleset *rs);
/* Diagnostic i, in the order found; borrowed from rs. */
const struct rt_diag *rt_ruleset_diag(const struct rt_ruleset *rs, size_t i);
size_t rt_ruleset_n_errors(const struct rt_ruleset *rs);
void rt_ruleset_counts(const struct rt_ruleset *rs, struct rt_counts *out);
/* The rules of known sources in load order (first definition); borrowed. */
size_t rt_ruleset_n_rules(const struct rt_ruleset *rs);
const struct rt_rule *rt_ruleset_rule(const struct rt_ruleset *rs, size_t i);
const struct rt_rule *rt_ruleset_find(const struct rt_ruleset *rs, const char *name);
const struct rt_fieldset *rt_ruleset_fieldset(const struct rt_ruleset *rs);

void rt_ruleset_set_mode(struct rt_ruleset *rs, enum rt_match_mode mode);
/* Evaluate only rules at least as severe as p (Falco's `priority`); default DEBUG: all. */
void rt_ruleset_set_min_priority(struct rt_ruleset *rs, enum rt_priority p);
/* Turn one rule on or off (by name); false when no compiled rule has that name. */
bool rt_ruleset_enable(struct rt_ruleset *rs, const char *name, bool on);
/*
 * The event types the enabled rules need, for the probe: out[id] for ids
 * below n (ids are the field set's). A rule without an evt.type restriction
 * needs them all.
 */
void rt_ruleset_wanted_evtypes(const struct rt_ruleset *rs, bool *out, size_t n);

/*
 * Scratch for evaluation and output: field values cached for the event
 * being evaluated, transformer buffers. One per thread; the caller owns it
 * (rt_eval_ctx_free()). It must not outlive rs.
 */
struct rt_eval_ctx *rt_eval_ctx_new(const struct rt_ruleset *rs);
void rt_eval_ctx_free(struct rt_eval_ctx *ctx);

/*
 * Evaluate the rules indexed under event type evtype (ids of the field
 * set; 0 or out of range: only the rules that see every type) against ev,
 * calling match(rule, ev, data) for each rule that matches: the first
 * only, or all in load order (rt_ruleset_set_mode()). Returns the number
 * of matches. No allocation.
 */
size_t rt_ruleset_eval(const struct rt_ruleset *rs, struct rt_eval_ctx *ctx, size_t evtype,
                       const void *ev,
                       void (*match)(const struct rt_rule *rule, const void *ev, void *data),
                       void *data);

/*
 * The rule's output for ev (the event last given to rt_ruleset_eval()
 * with ctx, or any other: values are then extracted afresh), appended to
 * out: %field, %field[arg], %transformer(field) substituted, <NA> for a
 * missing value.
 */
void rt_rule_render(const struct rt_rule *r, struct rt_eval_ctx *ctx, const void *ev,
                    struct vakt_buf *out);
/* The distinct fields of the output format, as written ("proc.aname[2]"). */
size_t rt_rule_n_output_fields(const struct rt_rule *r);
const char *rt_rule_output_field_name(const struct rt_rule *r, size_t i);
/* Field i's values for ev (n == 0: missing); borrowed from ctx until its next use. */
const struct rt_values *rt_rule_output_field(const struct rt_rule *r, struct rt_eval_ctx *ctx,
                                             const void *ev, size_t i);
/*
 * Falco's output_fields object for ev, appended to out as JSON text:
 * {"fd.name":"/etc/shadow","fd.num":3,"proc.aname[2]":null}; numbers stay
 * numbers, a missing value is null.
 */
void rt_rule_output_fields_json(const struct rt_rule *r, struct rt_eval_ctx *ctx, const void *ev,
                                struct vakt_buf *out);
/* One value as output shows it (numbers in decimal, addresses as text) appended to out. */
void rt_value_render(const struct rt_value *v, struct vakt_buf *out);

#endif
