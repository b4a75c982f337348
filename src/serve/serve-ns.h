/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SERVE_NS_H
#define VAKT_SERVE_NS_H

/*
 * What vakt serve knows of the cluster's Namespaces: each one's Pod Security
 * Admission enforce label and version, kept up to date by the namespace
 * watch (serve-watch.h) and by the Namespace admission requests the webhook
 * itself sees. Thread-safe: the watch writes while request threads read.
 */

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Longest namespace name Kubernetes allows (a DNS label), NUL excluded. */
#define SERVE_NS_NAME_MAX 63
/* Longest label value Kubernetes allows, NUL excluded. */
#define SERVE_NS_LABEL_MAX 63
/* Most namespaces kept; beyond, new ones are not learnt (and the log says so). */
#define SERVE_NS_MAX 100000

/* The PSA labels of one namespace, as written (not validated: PSA's fallbacks apply later). */
struct serve_ns_policy {
	bool has_enforce;
	char enforce[SERVE_NS_LABEL_MAX + 1]; /* pod-security.kubernetes.io/enforce */
	bool has_version;
	char enforce_version[SERVE_NS_LABEL_MAX + 1]; /* .../enforce-version */
};

struct serve_ns_cache;

/* A new, empty cache; NULL on allocation failure. Free with serve_ns_cache_free(). */
struct serve_ns_cache *serve_ns_cache_new(void);
void serve_ns_cache_free(struct serve_ns_cache *c);

/*
 * Read the policy of a Namespace object (its metadata.labels). A label
 * value that is not a string, or longer than a label value can be, is kept
 * as the invalid value "?" (PSA's fallback then applies). name receives
 * the namespace's name. Returns 0, or -EINVAL when ns is not an object with
 * a string metadata.name of at most SERVE_NS_NAME_MAX bytes (name then
 * untouched).
 */
int serve_ns_policy_from_object(const json_t *ns, char name[SERVE_NS_NAME_MAX + 1],
                                struct serve_ns_policy *out);

/* Learn (or update) one namespace. Returns 0, -ENOSPC past SERVE_NS_MAX, -ENOMEM. */
int serve_ns_cache_put(struct serve_ns_cache *c, const char *name, const struct serve_ns_policy *p);
/* Forget one namespace (deleted). */
void serve_ns_cache_delete(struct serve_ns_cache *c, const char *name);
/*
 * Start a full relist: every namespace put between this and
 * serve_ns_cache_end_sync() is kept, the others are forgotten at the end.
 * The cache keeps answering from its old content meanwhile.
 */
void serve_ns_cache_begin_sync(struct serve_ns_cache *c);
void serve_ns_cache_end_sync(struct serve_ns_cache *c);
/*
 * The policy of a namespace. Returns true and fills *out when the namespace
 * is known, false otherwise (*out then zeroed).
 */
bool serve_ns_cache_get(struct serve_ns_cache *c, const char *name, struct serve_ns_policy *out);
/* How many namespaces are known. */
size_t serve_ns_cache_count(struct serve_ns_cache *c);

#endif
