/* SPDX-License-Identifier: MIT */
#ifndef VAKT_DF_CONTEXT_H
#define VAKT_DF_CONTEXT_H

/*
 * The build context on disk (df-context.c). A Dockerfile does not say which
 * directory it is built from: the rules that read the context (DF022's
 * .npmrc, DF023's .dockerignore) look beside it and, inside a repository, in
 * the directories up to the repository root.
 */

/*
 * What one scan has learnt of the disk: which paths exist (access()) and
 * where directories resolve to (realpath()). Dockerfiles of a tree share
 * their parent directories up to the repository root, so a scan asks each
 * question once instead of once per Dockerfile. Safe to share between the
 * scan's threads. It assumes the tree does not change while the scan runs:
 * make one per scan (the domain's begin()) and free it at its end.
 */
struct df_context_cache;

/* A new, empty cache. Free it with df_context_cache_free(). */
struct df_context_cache *df_context_cache_new(void);
/* Accepts NULL. */
void df_context_cache_free(struct df_context_cache *c);

/*
 * Where name (a path relative to the build context, e.g. a COPY source) is
 * on disk: relative to the Dockerfile's directory or, inside a repository,
 * to a directory above it up to the repository root (the directory holding
 * .git), where compose files and CI often build from. NULL when it is in
 * none of them, when name is absolute or has a ".." component, or when the
 * Dockerfile is not in a repository and name is not beside it. cache (may
 * be NULL: every question goes to the disk) remembers the answers of the
 * disk for the next call; the answer is the same with or without it. The
 * caller frees the result.
 */
char *df_context_find(struct df_context_cache *cache, const char *dockerfile, const char *name);

#endif
