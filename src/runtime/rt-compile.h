/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_COMPILE_H
#define VAKT_RT_COMPILE_H

/* What the compiler's files share: the context of one rule's compilation. */

#include "rt-lang.h"

struct rt_cctx {
	struct rt_ruleset *rs;
	struct rt_rule_def *rule;
	const char *macro; /* the macro being expanded, for messages */
	unsigned depth;    /* macros inside each other */
	size_t nodes;
	bool failed;
};

/* Report the rule's (first) error; later ones are dropped. */
void rt_cc_fail(struct rt_cctx *cc, enum rt_diag_code code, const struct rt_pos *pos,
                const char *fmt, ...) VAKT_PRINTF(4, 5);
/* The list named name, NULL when none. */
struct rt_list_def *rt_compile_list(struct rt_ruleset *rs, const char *name);
/* rt-compile-check.c: bind check a into n (a CHECK, EVTYPE or CONST node). */
bool rt_compile_check(struct rt_cctx *cc, const struct rt_ast *a, struct rt_cnode *n);
/* rt-compile-check.c: a AND NOT (each exception), in the AST arena. */
struct rt_ast *rt_compile_exceptions(struct rt_ruleset *rs, struct rt_rule_def *r,
                                     struct rt_ast *a);
/* Rebuild the per-event-type index (enabled rules at or above the threshold). */
void rt_compile_index(struct rt_ruleset *rs);

#endif
