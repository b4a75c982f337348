/* SPDX-License-Identifier: MIT */
#ifndef VAKT_CTR_FIX_H
#define VAKT_CTR_FIX_H

/*
 * vakt fix for the container rules (docs/fix.md, "Compose files"): what
 * each fixable CR rule changes, decided on the struct ctr_settings of the
 * finding's container, and asked of the domain through a table of
 * operations (struct ctr_fix_ops), since this floor reads no file format:
 * compose/compose-fix.c implements them on the YAML editor. The runline
 * domain gives no fix hook: docker run lines are left alone.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/fix.h"
#include "ctr-settings.h"

/*
 * What a domain does for the fixers, on service svc (an index of
 * struct ctr_fix_model.v). Each returns 0, or a negative errno with *why
 * (owned by the caller) saying why it was left alone. The edits carry the
 * fix context's rule and note (may be NULL).
 */
struct ctr_fix_ops {
	/*
	 * Make setting key of the service hold value (YAML flow text: "true",
	 * "'10001:10001'"), set in the service itself: a value written there is
	 * replaced, one it only gets through a merge key or from a service it
	 * extends is overridden by a key written in it.
	 */
	int (*ensure)(void *data, size_t svc, const char *key, const char *value, const char *note,
	              char **why);
	/*
	 * Make list setting key of the service (a list, or one string) hold
	 * item (a string), keeping what it holds: a list written in the service
	 * gets the item, one string becomes a list of it and the item, a list
	 * merged in is written in the service with its items and the item.
	 */
	int (*add_item)(void *data, size_t svc, const char *key, const char *item, const char *note,
	                char **why);
	/*
	 * Replace the scalar written at `at` (a span of the service's settings)
	 * with the string value, when it is written in the service itself (not
	 * in a merge source or a service it extends).
	 */
	int (*replace)(void *data, size_t svc, const struct vakt_span *at, const char *value,
	               const char *note, char **why);
};

/* One container of the file, and the lines it is written on. */
struct ctr_fix_service {
	const struct ctr_settings *c; /* borrowed */
	int line, end_line;
	/*
	 * The container it extends (compose `extends` within the file, whose
	 * settings it inherits: a fix there changes it too), or (size_t)-1.
	 */
	size_t base;
	bool own_user; /* it sets user itself (so what it extends does not give it one) */
};

/* What ctx->model points at while the container rules fix a file. */
struct ctr_fix_model {
	const struct ctr_fix_service *v; /* borrowed */
	size_t n;
	/* Per service, mutable: a user fix (CR002-CR004) was made in this run. */
	bool *user_fixed;
	/* Per service, mutable: a tmpfs at /tmp was added in this run. */
	bool *tmp_added;
	/* v's indexes sorted by object path (ctr_fix_index()); NULL: v is searched in order. */
	const size_t *by_object;
	const struct ctr_fix_ops *ops;
	void *data; /* the ops' */
};

/*
 * The indexes of v[0..n) sorted by object path, then index, for
 * struct ctr_fix_model.by_object (a file of many services finds each
 * finding's in log n). The caller frees it.
 */
size_t *ctr_fix_index(const struct ctr_fix_service *v, size_t n);

/*
 * The last container of m in [from, to) whose object path is object (the
 * one a compose `extends` names: a name written twice reads as its last),
 * or (size_t)-1. With m->by_object, in log n.
 */
size_t ctr_fix_find(const struct ctr_fix_model *m, const char *object, size_t from, size_t to);

/* The fixes of the rule table (struct vakt_rule.fix), one per rule. */
void ctr_fix_privileged(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);   /* CR001 */
void ctr_fix_user(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);         /* CR002-CR004 */
void ctr_fix_cap_drop(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);     /* CR005 */
void ctr_fix_read_only(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);    /* CR007 */
void ctr_fix_no_new_privs(struct vakt_fix_ctx *ctx, const struct vakt_finding *f); /* CR008 */
void ctr_fix_image(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);        /* CR018 */
void ctr_fix_tmp(struct vakt_fix_ctx *ctx, const struct vakt_finding *f);          /* CR020 */

/*
 * The findings of todo[0..n) of the containers of m in the order the fixes
 * run: the user fixes first (the capability fix reads whether the
 * container got a user), and in each group a container before those that
 * extend it (they inherit what its fixes write), else in the order given.
 * The caller frees the array (borrowed findings).
 */
const struct vakt_finding **ctr_fix_order(const struct ctr_fix_model *m,
                                          const struct vakt_finding *const *todo, size_t n);

#endif
