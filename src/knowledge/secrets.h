/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KNOW_SECRETS_H
#define VAKT_KNOW_SECRETS_H

/*
 * Secret detection shared by every domain (Dockerfile ARG/ENV, Kubernetes
 * env, compose environment, image config and files).
 *
 * Names: BuildKit's rule, where a name is split into tokens on '_' (vakt
 * also splits on '-', '.' and camelCase humps) and is suspicious when a
 * token is apikey, auth, credential(s), key, password, pword, passwd,
 * secret or token (vakt adds pass, pwd, passphrase, psw, and compound
 * tokens ending in password/secret/token such as "dbpassword"), unless a
 * token says the value is not the secret itself: public, file, version,
 * path, url, name, type, id, ... . Exact known names (AWS_SECRET_ACCESS_KEY,
 * GITHUB_TOKEN, NPM_TOKEN, POSTGRES_PASSWORD, ...) are always suspicious,
 * also behind the VITE_ and REACT_APP_ prefixes; a few well-known public
 * names (GPG_KEY, GOOGLE_APPLICATION_CREDENTIALS, ...) never are.
 *
 * Values: fixed formats only (cloud and forge tokens, private-key blocks,
 * JWTs, passwords in URLs); no entropy guessing, which is noisy. One PCRE2
 * pattern, compiled and JIT-compiled once per process on first use
 * (pthread_once); each call uses its own match data, so concurrent calls
 * from several threads are safe.
 */

#include <stdbool.h>
#include <stddef.h>

/* Longest text one call scans; longer input is refused with -E2BIG. */
#define VAKT_SECRET_SCAN_MAX_BYTES (16u * 1024 * 1024)
/* Longest name judged by vakt_secret_name_suspicious(); longer ones are not. */
#define VAKT_SECRET_NAME_MAX 256
/* How many characters of a secret a redacted message may show. */
#define VAKT_SECRET_SHOW_CHARS 4

/* Whether an environment or build-argument name looks like it holds a secret. */
bool vakt_secret_name_suspicious(const char *name);

/*
 * Find the first secret in s[0..len) (s need not be NUL-terminated). On a
 * match returns 1 and sets *kind to a static human description ("AWS access
 * key id"), and *off, *mlen to the secret's bytes (for a URL, only the
 * password). Returns 0 when there is none, -E2BIG beyond
 * VAKT_SECRET_SCAN_MAX_BYTES, -ENOMEM or -EINVAL when the pattern could not
 * be set up (never expected). Any out-parameter may be NULL. To find the
 * next one, call again from *off + *mlen.
 */
int vakt_secret_value_match(const char *s, size_t len, const char **kind, size_t *off,
                            size_t *mlen);

/*
 * A printable, redacted form of a secret for messages: its first
 * VAKT_SECRET_SHOW_CHARS bytes (fewer for short secrets, at most half of
 * it; control and non-ASCII bytes shown as '?') followed by "…". The
 * caller frees the result.
 */
char *vakt_secret_redact(const char *s, size_t len);

#endif
