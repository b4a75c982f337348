/* SPDX-License-Identifier: MIT */
/*
 * The container secret rules: CR016 (a secret in a known format) and CR017
 * (a secret-looking name with a literal value), over the environment and
 * over the entrypoint and command words (`--requirepass x`, `--token=...`),
 * which anyone who can list processes reads as well.
 */
#include <strings.h>

#include "ctr-check.h"
#include "knowledge/secrets.h"

/* --- CR016, CR017 secrets ----------------------------------------------------------- */

static void args_secrets(struct vakt_check_ctx *ctx, bool format);

/* Whether env's literal value holds a secret in a known format; fills kind/off/len. */
static bool env_secret_format(const struct ctr_env *e, const char **kind, size_t *off, size_t *len)
{
	return e->literal && *e->literal &&
	       vakt_secret_value_match(e->literal, strlen(e->literal), kind, off, len) == 1;
}

static const char *secret_advice(const struct ctr_settings *c)
{
	return c->origin == CTR_COMPOSE
	           ? "use compose secrets (secrets: with a file) or interpolate it from the "
	             "environment (${NAME})"
	           : "pass it with --env-file from a protected file, -e NAME (taken from the "
	             "environment), or a secret store; a literal on the command line is in the "
	             "shell history and in ps output";
}

void ctr_check_secret_value(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;

	for (size_t i = 0; i < c->n_env; i++) {
		const struct ctr_env *e = &c->env[i];
		const char *kind;
		size_t off, len;
		char *shown;

		if (!env_secret_format(e, &kind, &off, &len))
			continue;
		shown = vakt_secret_redact(e->literal + off, len ? len : 1);
		ctr_emit(ctx, &e->value_span,
		         "%s sets %.*s to a secret in plain text (%s '%s'): anyone who can read "
		         "this file or inspect the container has it; remove it, rotate it, and %s",
		         c->label, CTR_MSG_MAX, e->name, kind, shown, secret_advice(c));
		free(shown);
	}
	args_secrets(ctx, true);
}

void ctr_check_secret_name(struct vakt_check_ctx *ctx)
{
	const struct ctr_settings *c = ctx->model;

	for (size_t i = 0; i < c->n_env; i++) {
		const struct ctr_env *e = &c->env[i];

		if (!e->literal || !*e->literal || !vakt_secret_name_suspicious(e->name) ||
		    env_secret_format(e, NULL, NULL, NULL))
			continue;
		ctr_emit(ctx, &e->value_span,
		         "%s sets %.*s, which looks like a secret, to a literal value%s: anyone "
		         "who can read this file or inspect the container has it; %s",
		         c->label, CTR_MSG_MAX, e->name,
		         e->dynamic ? " (the default of its interpolation)" : "", secret_advice(c));
	}
	args_secrets(ctx, false);
}

/* --- CR016, CR017 on the command line ------------------------------------------------ */

/* Most words of one command string looked at for secret-bearing options. */
#define CTR_MAX_ARG_WORDS 256

/* Options that take a password without a secret-looking name (redis-server). */
static const char *const secret_opts[] = {"requirepass", "masterauth"};

/*
 * Whether option name (without dashes) passes a secret as its value: a
 * secret-looking name, not one that names where the secret is (a file, a
 * path, an environment variable).
 */
static bool secret_opt_name(const char *name, size_t n)
{
	/*
	 * Names that say where the secret is or what kind it is, not the
	 * secret: --password-file, --secret-key-ref, --auth-method, --token-ttl.
	 */
	static const char *const about[] = {
	    "file",   "path", "dir",  "env",     "stdin",    "command",   "cmd",
	    "ref",    "name", "type", "method",  "mode",     "kind",      "header",
	    "length", "ttl",  "hash", "backend", "provider", "algorithm", "store"};
	char buf[VAKT_SECRET_NAME_MAX + 1];

	if (!n || n > VAKT_SECRET_NAME_MAX)
		return false;
	/* "-dev-root-token-id" is named like VAULT_DEV_ROOT_TOKEN_ID. */
	for (size_t i = 0; i < n; i++)
		buf[i] = name[i] == '-' ? '_' : name[i];
	buf[n] = '\0';
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(about); i++) {
		size_t w = strlen(about[i]);

		if (n > w && !strcasecmp(buf + n - w, about[i]))
			return false;
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(secret_opts); i++)
		if (!strcasecmp(buf, secret_opts[i]))
			return true;
	return vakt_secret_name_suspicious(buf);
}

/* Whether option name (n bytes) takes a password, a shared secret or a root token. */
static bool password_opt(const char *name, size_t n)
{
	static const char *const words[] = {"pass", "secret", "masterauth", "root-token",
	                                    "root_token"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(words); i++)
		for (size_t k = 0; k + strlen(words[i]) <= n; k++)
			if (!strncasecmp(name + k, words[i], strlen(words[i])))
				return true;
	return false;
}

/* Whether v (n bytes) ends in the extension of a key, certificate or settings file. */
static bool file_name_value(const char *v, size_t n)
{
	static const char *const exts[] = {"key", "pem",  "crt", "cert", "cer", "der",
	                                   "p12", "pfx",  "jks", "json", "txt", "yaml",
	                                   "yml", "conf", "env", "asc",  "gpg", "keystore"};
	const char *dot = NULL;

	for (size_t i = 0; i < n; i++)
		if (v[i] == '.')
			dot = v + i;
	if (!dot)
		return false;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(exts); i++)
		if (strlen(exts[i]) == (size_t)(v + n - dot - 1) &&
		    !strncasecmp(dot + 1, exts[i], strlen(exts[i])))
			return true;
	return false;
}

/*
 * Whether an option's value is a literal secret rather than a reference to
 * one (a path, a file name, $VAR, stdin's "-"), a switch or a number. For a
 * token option (not_word set: --auth-token, --token) a short lower-case word
 * names a kind (etcd's --auth-token simple, jwt), not a token; a password
 * option's "postgres" is a password.
 */
static bool literal_secret_value(const char *v, size_t n, bool not_word)
{
	size_t digits = 0, lower = 0;

	if (!n || v[0] == '-' || v[0] == '/' || v[0] == '@' || memchr(v, '$', n) ||
	    memchr(v, '/', n) || file_name_value(v, n))
		return false;
	while (digits < n && v[digits] >= '0' && v[digits] <= '9')
		digits++;
	while (lower < n && v[lower] >= 'a' && v[lower] <= 'z')
		lower++;
	if (digits == n || (not_word && lower == n && n <= 8))
		return false;
	/* Switches, in any case (k3s's --secrets-encryption=true, Go's False). */
	return n > 3 && strncasecmp(v, "true", n) && strncasecmp(v, "false", n);
}

/* One word of the entrypoint and command, and the item it came from. */
struct arg_word {
	const char *s;
	size_t n;
	const struct ctr_str *item;
};

/*
 * The words of c's entrypoint and command items, each item split at blanks
 * (a one-string command) with quotes taken off the ends; at most max.
 */
static size_t split_words(const struct ctr_settings *c, struct arg_word *w, size_t max)
{
	size_t n = 0;

	for (size_t k = 0; k < c->args.n; k++) {
		for (const char *p = c->args.v[k].text; p && *p && n < max;) {
			size_t len;

			p += strspn(p, " \t\n");
			len = strcspn(p, " \t\n");
			if (!len)
				break;
			w[n] = (struct arg_word){p, len, &c->args.v[k]};
			if (len >= 2 && (p[0] == '"' || p[0] == '\'') && p[len - 1] == p[0]) {
				w[n].s++;
				w[n].n -= 2;
			}
			n++;
			p += len;
		}
	}
	return n;
}

/* CR016 on the command line: a token in a known format in any word. */
static void args_secret_format(struct vakt_check_ctx *ctx, const struct ctr_settings *c,
                               const struct arg_word *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *kind;
		size_t off, len;
		char *shown;

		if (vakt_secret_value_match(w[i].s, w[i].n, &kind, &off, &len) != 1)
			continue;
		shown = vakt_secret_redact(w[i].s + off, len ? len : 1);
		ctr_emit(ctx, &w[i].item->span,
		         "%s has a secret in plain text on its command line (%s '%s'): anyone "
		         "who can read this file, inspect the container or list its processes "
		         "has it; remove it, rotate it, and %s",
		         c->label, kind, shown, secret_advice(c));
		free(shown);
	}
}

/* CR017 on the command line: a secret-looking option given a literal value. */
static void args_secret_option(struct vakt_check_ctx *ctx, const struct ctr_settings *c,
                               const struct arg_word *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *name = w[i].s, *eq, *v = NULL, *kind;
		const struct ctr_str *at = w[i].item;
		size_t nn, vn = 0, off, len;

		/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): split_words sets every s */
		if (w[i].n < 3 || name[0] != '-')
			continue;
		name += name[1] == '-' ? 2 : 1;
		nn = w[i].n - (size_t)(name - w[i].s);
		eq = memchr(name, '=', nn);
		if (eq) {
			v = eq + 1;
			vn = nn - (size_t)(v - name);
			nn = (size_t)(eq - name);
		} else if (i + 1 < n) {
			v = w[i + 1].s;
			vn = w[i + 1].n;
			at = w[i + 1].item;
		}
		/* A value in a known format is CR016's. */
		if (!v || !secret_opt_name(name, nn) ||
		    !literal_secret_value(v, vn, !password_opt(name, nn)) ||
		    vakt_secret_value_match(v, vn, &kind, &off, &len) == 1)
			continue;
		ctr_emit(ctx, &at->span,
		         "%s passes %.*s a literal value on its command line: anyone who can "
		         "read this file, inspect the container or list its processes has it; "
		         "give the program the secret from a file, or %s",
		         c->label,
		         (int)((size_t)(name - w[i].s) + (nn > CTR_MSG_MAX ? CTR_MSG_MAX : nn)),
		         w[i].s, secret_advice(c));
	}
}

/* Run CR016 (format) or CR017 over the entrypoint and command words. */
static void args_secrets(struct vakt_check_ctx *ctx, bool format)
{
	const struct ctr_settings *c = ctx->model;
	struct arg_word *w;
	size_t n;

	if (!c->args.n)
		return;
	w = vakt_xmalloc(CTR_MAX_ARG_WORDS * sizeof(*w));
	n = split_words(c, w, CTR_MAX_ARG_WORDS);
	if (format)
		args_secret_format(ctx, c, w, n);
	else
		args_secret_option(ctx, c, w, n);
	free(w);
}
