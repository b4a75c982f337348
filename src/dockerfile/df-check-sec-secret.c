/* SPDX-License-Identifier: MIT */
/*
 * Secret rules (DF020-DF024): secret-looking ARG/ENV names, values in a
 * known secret format anywhere in the Dockerfile, credential files copied
 * into the image, and the whole build context copied without .dockerignore.
 * Detection itself lives in knowledge/secrets.c, shared with the other domains.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "df-check-sec.h"
#include "knowledge/secrets.h"

/* --- DF020, DF024: names ---------------------------------------------------- */

/*
 * Where the value of a secret-named ARG/ENV ends up, and so which rule
 * reports it: ENV in the final image's stages persists in the image config
 * (DF020); ARG anywhere and ENV in a build stage reach the image history,
 * cache or an intermediate image (DF024).
 */
static void secret_names(struct vakt_check_ctx *ctx, bool final_env)
{
	const struct df_file *f = ctx->model;

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];
		bool env = in->kind == DF_ENV;
		bool in_final = env && df_sec_in_final_chain(f, in->stage);

		if (in->kind != DF_ENV && in->kind != DF_ARG)
			continue;
		if (final_env != (env && in_final))
			continue;
		for (size_t k = 0; k < in->n_kvs; k++) {
			const struct df_kv *kv = &in->kvs[k];
			const char *name = kv->key.value;
			char *label;

			if (!name || !vakt_secret_name_suspicious(name))
				continue;
			/* An explicitly empty value holds nothing. */
			if (kv->value.raw && kv->value.value && !*kv->value.value)
				continue;
			if (final_env)
				vakt_check_emit(
				    ctx, &kv->key.span, NULL,
				    "ENV %.*s looks like a secret and is stored in the "
				    "image config: anyone who can pull the image reads it "
				    "with docker inspect",
				    DF_SEC_MSG_MAX, name);
			else if (env) {
				label = df_sec_stage_label(f, in->stage);
				vakt_check_emit(
				    ctx, &kv->key.span, NULL,
				    "ENV %.*s looks like a secret: it stays in the layers "
				    "and cache of build %s and in any image built from it "
				    "with --target",
				    DF_SEC_MSG_MAX, name, label);
				free(label);
			} else
				vakt_check_emit(
				    ctx, &kv->key.span, NULL,
				    "ARG %.*s looks like a secret: build-argument values "
				    "are recorded in the image history of every RUN that "
				    "follows (docker history shows them)",
				    DF_SEC_MSG_MAX, name);
		}
	}
}

/* DF020: ENV with a secret-looking name in the final image. */
void df_check_sec_secret_env_final(struct vakt_check_ctx *ctx)
{
	secret_names(ctx, true);
}

/* DF024: ARG, or ENV of a build stage, with a secret-looking name. */
void df_check_sec_secret_arg(struct vakt_check_ctx *ctx)
{
	secret_names(ctx, false);
}

/* --- DF021: values ------------------------------------------------------------ */

static const char *where_stored(enum df_kind k)
{
	switch (k) {
	case DF_ENV:
		return "stored in the image config";
	case DF_LABEL:
		return "stored in the image labels";
	case DF_ARG:
		return "in the Dockerfile and recorded in the image history";
	case DF_RUN:
		return "recorded in the image history (docker history shows every RUN)";
	default:
		return "written into the Dockerfile";
	}
}

/* Report every secret found in t (at most `budget`); returns how many. */
static size_t scan_text(struct vakt_check_ctx *ctx, const struct df_instr *in,
                        const struct shell_text *t, size_t budget)
{
	size_t pos = 0, found = 0;

	while (pos < t->len && found < budget) {
		const char *kind;
		size_t off, len;
		char *shown;
		struct vakt_span sp;

		if (vakt_secret_value_match(t->s + pos, t->len - pos, &kind, &off, &len) != 1)
			break;
		off += pos;
		if (len == 0)
			len = 1;
		sp = shell_text_span(t, off, len);
		shown = vakt_secret_redact(t->s + off, len);
		vakt_check_emit(
		    ctx, &sp, NULL,
		    "%s holds a secret (%s '%s') in plain text, %s: remove it, rotate it, and "
		    "pass it at build time with RUN --mount=type=secret",
		    df_kind_name(in->kind), kind, shown, where_stored(in->kind));
		free(shown);
		found++;
		pos = off + len;
	}
	return found;
}

/* DF021: a value in a known secret format anywhere in an instruction. */
void df_check_sec_secret_value(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];
		size_t budget = DF_SEC_MAX_SECRETS_PER_INSTR;

		if (in->text.s)
			budget -= scan_text(ctx, in, &in->text, budget);
		for (size_t h = 0; h < in->n_heredocs && budget; h++)
			if (in->heredocs[h].body.s)
				budget -= scan_text(ctx, in, &in->heredocs[h].body, budget);
	}
}

/* --- DF022: credential files ---------------------------------------------------- */

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* ASCII lower-case copy. Caller frees. */
static char *lower_dup(const char *s)
{
	char *d = vakt_xstrdup(s);

	for (char *p = d; *p; p++)
		*p = lower(*p);
	return d;
}

static bool has_any(const char *s, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(s, words[i]))
			return true;
	return false;
}

/* Directories whose presence in a source path means credentials. */
static const struct {
	const char *dir;
	const char *what;
} secret_dirs[] = {
    {".aws", "AWS credentials"},
    {".ssh", "SSH keys"},
    {".docker", "Docker registry credentials"},
    {".kube", "a kubeconfig"},
    {".gnupg", "GnuPG private keys"},
    {".git", "the git repository (its history may hold secrets)"},
};

static bool npmrc_holds_token(const char *text, size_t n);

/*
 * File names that are credentials. A file that is one only by what it holds
 * (a .npmrc with a token, not one with registry settings) names the test:
 * DF022 reads the file from the build context when it can.
 */
static const struct {
	const char *name;
	const char *what;
	bool (*holds)(const char *text, size_t n); /* NULL: always a credential */
	const char *unread;                        /* what when it cannot be read */
} secret_names_exact[] = {
    {".env", "an environment file", NULL, NULL},
    {".npmrc", "npm registry credentials", npmrc_holds_token,
     "npm registry settings (a credential when it holds an _authToken; not found in the "
     "build context to tell)"},
    {".pypirc", "PyPI credentials", NULL, NULL},
    {".netrc", "netrc credentials", NULL, NULL},
    {"_netrc", "netrc credentials", NULL, NULL},
    {".git-credentials", "git credentials", NULL, NULL},
    {".htpasswd", "password hashes", NULL, NULL},
    {".pgpass", "PostgreSQL passwords", NULL, NULL},
    {".my.cnf", "MySQL credentials", NULL, NULL},
    {".dockercfg", "Docker registry credentials", NULL, NULL},
    {"kubeconfig", "a kubeconfig", NULL, NULL},
    {"credentials.json", "a credentials file", NULL, NULL},
    {"secrets.json", "a secrets file", NULL, NULL},
    {"secrets.yaml", "a secrets file", NULL, NULL},
    {"secrets.yml", "a secrets file", NULL, NULL},
    {"secrets.env", "a secrets file", NULL, NULL},
    {".vault-token", "a Vault token", NULL, NULL},
    {"terraform.tfstate", "Terraform state (holds secrets in plain text)", NULL, NULL},
};

/*
 * What kind of credential the last path component names; NULL when none.
 * *exact is set to the secret_names_exact entry that named it, if one did.
 */
static const char *secret_basename(const char *base, const char *path, size_t *exact)
{
	static const char *const env_samples[] = {"example", "sample",  "template",
	                                          "dist",    "default", "tpl"};
	static const char *const pem_public[] = {"cert", "chain", "bundle", "pub",  "ca.pem",
	                                         "ca-",  "ca_",   "-ca.",   "_ca.", "root"};
	static const char *const key_public[] = {"gpg", "pgp", "pub", "asc", "archive-keyring"};
	static const char *const ssh_keys[] = {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(secret_names_exact); i++) {
		if (!strcmp(base, secret_names_exact[i].name)) {
			*exact = i;
			return secret_names_exact[i].what;
		}
	}
	if (vakt_starts_with(base, ".env.") &&
	    !has_any(base + 5, env_samples, VAKT_ARRAY_SIZE(env_samples)))
		return "an environment file";
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(ssh_keys); i++)
		if (vakt_starts_with(base, ssh_keys[i]) && !vakt_ends_with(base, ".pub"))
			return "an SSH private key";
	if (vakt_ends_with(base, ".pem") && !has_any(path, pem_public, VAKT_ARRAY_SIZE(pem_public)))
		return "a PEM file that may hold a private key";
	if (vakt_ends_with(base, ".key") && !has_any(path, key_public, VAKT_ARRAY_SIZE(key_public)))
		return "a private key";
	if (vakt_ends_with(base, ".p12") || vakt_ends_with(base, ".pfx"))
		return "a PKCS#12 key store";
	if (vakt_ends_with(base, ".jks") || vakt_ends_with(base, ".keystore"))
		return "a Java key store";
	if (vakt_ends_with(base, ".json") &&
	    (vakt_starts_with(base, "service-account") || vakt_starts_with(base, "serviceaccount")))
		return "a cloud service-account key";
	return NULL;
}

/*
 * What credential path p (a COPY/ADD source) names; NULL when none. *exact
 * as secret_basename() (SIZE_MAX when no exact name matched).
 */
static const char *secret_path(const char *p, size_t *exact)
{
	char *lp = lower_dup(p);
	size_t n = strlen(lp);
	const char *what = NULL;
	char *base;

	/* "dir/", "./x" and "x/." name the same thing as "dir", "x". */
	while (n > 1 && (lp[n - 1] == '/' || (lp[n - 1] == '.' && lp[n - 2] == '/')))
		lp[--n] = '\0';
	base = strrchr(lp, '/');
	base = base ? base + 1 : lp;
	*exact = SIZE_MAX;
	what = secret_basename(base, lp, exact);
	/* A component naming a credentials directory (".aws/credentials", ".git"). */
	for (char *c = lp; !what && *c;) {
		size_t len = strcspn(c, "/");

		for (size_t i = 0; i < VAKT_ARRAY_SIZE(secret_dirs); i++)
			if (strlen(secret_dirs[i].dir) == len &&
			    !memcmp(c, secret_dirs[i].dir, len))
				what = secret_dirs[i].what;
		c += len;
		while (*c == '/')
			c++;
	}
	free(lp);
	return what;
}

/* Most bytes of a registry settings file read from the build context. */
#define DF_RC_FILE_MAX (64 * 1024)

/* Whether line (one .npmrc line) sets an auth key to a literal value, not ${VAR}. */
static bool npmrc_line_has_token(const char *line, size_t n)
{
	static const char *const keys[] = {"_authtoken", "_auth", "_password"};
	const char *eq = memchr(line, '=', n);
	const char *k, *v, *end = line + n;
	size_t klen;

	if (!eq)
		return false;
	/* The key is what follows the last ':' ("//registry.npmjs.org/:_authToken"). */
	for (k = eq; k > line && k[-1] != ':' && k[-1] != ' ' && k[-1] != '\t'; k--)
		;
	klen = (size_t)(eq - k);
	while (klen && (k[klen - 1] == ' ' || k[klen - 1] == '\t'))
		klen--;
	for (v = eq + 1; v < end && (*v == ' ' || *v == '\t' || *v == '"' || *v == '\''); v++)
		;
	if (v >= end || *v == '\r')
		return false;
	/* npm expands ${NPM_TOKEN} from the environment when it reads the file. */
	if (v[0] == '$' && v + 1 < end && v[1] == '{')
		return false;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(keys); i++)
		if (strlen(keys[i]) == klen && !vakt_strncasecmp(k, keys[i], klen))
			return true;
	return false;
}

/*
 * Whether text (n bytes of a .npmrc) sets an auth key to a literal token;
 * comment lines (# or ;) do not count.
 */
static bool npmrc_holds_token(const char *text, size_t n)
{
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (text + i)) : n - i;
		size_t lead = 0;

		while (lead < len && (text[i + lead] == ' ' || text[i + lead] == '\t'))
			lead++;
		if (lead < len && text[i + lead] != '#' && text[i + lead] != ';' &&
		    npmrc_line_has_token(text + i, len))
			return true;
		i += len + 1;
	}
	return false;
}

/*
 * Whether the file at src in the build context (df_context_find()) holds a
 * credential by holds(): 1 yes, 0 no, -1 not found or not readable (the
 * context may be elsewhere). Reads at most DF_RC_FILE_MAX bytes.
 */
static int context_holds(const struct df_file *f, const char *dockerfile, const char *src,
                         bool (*holds)(const char *text, size_t n))
{
	char *path = df_context_find(f->context, dockerfile, src), *buf;
	FILE *fp = path ? fopen(path, "re") : NULL;
	int yes = -1;

	if (fp) {
		buf = vakt_xmalloc(DF_RC_FILE_MAX);
		yes = holds(buf, fread(buf, 1, DF_RC_FILE_MAX, fp));
		free(buf);
		fclose(fp);
	}
	free(path);
	return yes;
}

/* "build stage 'deps'" or "build stage 2". The caller frees it. */
static char *stage_label(const struct df_file *f, int stage)
{
	const struct df_stage *st = &f->stages[stage];

	return st->name ? vakt_xasprintf("build stage '%s'", st->name)
	                : vakt_xasprintf("build stage %d", stage);
}

/* Report src (naming what) copied by in: into the image, or a stage it does not ship. */
static void secret_file_emit(struct vakt_check_ctx *ctx, const struct df_instr *in,
                             const struct df_word *w, const char *src, const char *what, bool ships,
                             int lower)
{
	const struct df_file *f = ctx->model;

	if (ships) {
		vakt_check_emit(ctx, &w->span, NULL,
		                "%s %.*s puts %s into the image: anyone who pulls it "
		                "can read the file, even if a later RUN deletes it; "
		                "use RUN --mount=type=secret or leave it out with "
		                ".dockerignore",
		                df_kind_name(in->kind), DF_SEC_MSG_MAX, src, what);
	} else {
		char *label = stage_label(f, in->stage);

		vakt_check_emit(ctx, &w->span, NULL,
		                "%s %.*s puts %s into %s, which the image does not "
		                "ship: the file stays in the builder's cache and in "
		                "any image built with --target, and reaches the image "
		                "if a later COPY --from takes it; use RUN "
		                "--mount=type=secret instead",
		                df_kind_name(in->kind), DF_SEC_MSG_MAX, src, what, label);
		free(label);
		lower++;
	}
	vakt_check_lower(ctx, lower);
}

/*
 * DF022: COPY/ADD of credential files. A .npmrc is one only when it holds a
 * token: read from the build context when it is there, else reported one
 * severity lower as a file that may hold one.
 */
void df_check_sec_secret_file(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	bool *ships = df_file_shipped(f);

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];
		bool shipped =
		    in->stage < 0 || (size_t)in->stage >= f->n_stages || ships[in->stage];

		if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->n_args < 2)
			continue;
		for (size_t a = 0; a + 1 < in->n_args; a++) {
			const struct df_word *w = &in->args[a];
			bool (*holds)(const char *text, size_t n);
			const char *what;
			size_t exact;
			char *src;
			int lower = 0;

			if (!w->value || vakt_starts_with(w->value, "<<"))
				continue;
			src = df_file_word(f, in->stage, i, w, in->exec_form);
			if (!src)
				continue;
			what = secret_path(src, &exact);
			holds = exact < SIZE_MAX ? secret_names_exact[exact].holds : NULL;
			/* A file of another stage or image cannot be read from here. */
			if (what && holds && !df_instr_find_flag(in, "from")) {
				int yes = ctx->src && ctx->src->path
				              ? context_holds(f, ctx->src->path, src, holds)
				              : -1;

				if (yes == 0)
					what = NULL;
				else if (yes < 0) {
					what = secret_names_exact[exact].unread;
					lower = 1;
				}
			}
			if (what)
				secret_file_emit(ctx, in, w, src, what, shipped, lower);
			free(src);
		}
	}
	free(ships);
}

/* --- DF023: whole context without .dockerignore ---------------------------------- */

/*
 * Whether a .dockerignore applies to the Dockerfile at path: its own
 * (<Dockerfile>.dockerignore), or one in the build context as
 * df_context_find() looks for it (beside the Dockerfile, or up to the
 * repository root: a build from a subdirectory's Dockerfile usually takes a
 * context above it, the repository root in compose files and CI, and the
 * context is not written in the Dockerfile).
 */
static bool dockerignore_exists(const struct df_file *f, const char *path)
{
	char *own = vakt_xasprintf("%s.dockerignore", path);
	bool yes = !access(own, F_OK);

	if (!yes) {
		char *found = df_context_find(f->context, path, ".dockerignore");

		yes = found != NULL;
		free(found);
	}
	free(own);
	return yes;
}

static bool is_whole_context(const char *s)
{
	return !strcmp(s, ".") || !strcmp(s, "./") || !strcmp(s, "./.") || !strcmp(s, "/");
}

/* DF023: COPY . / ADD . with no .dockerignore beside the Dockerfile. */
void df_check_sec_no_dockerignore(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;
	int known = -1; /* whether a .dockerignore exists; looked up once */
	bool *ships;

	if (!ctx->src || !ctx->src->path || !strcmp(ctx->src->path, "-") ||
	    !strcmp(ctx->src->path, "<stdin>"))
		return;
	ships = df_file_shipped(f);
	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];

		if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->n_args < 2 ||
		    df_instr_find_flag(in, "from"))
			continue;
		for (size_t a = 0; a + 1 < in->n_args; a++) {
			const struct df_word *w = &in->args[a];

			if (!w->value || !is_whole_context(w->value))
				continue;
			if (known < 0)
				known = dockerignore_exists(f, ctx->src->path);
			if (known)
				goto out;
			if (in->stage < 0 || (size_t)in->stage >= f->n_stages || ships[in->stage]) {
				vakt_check_emit(
				    ctx, &w->span, NULL,
				    "%s %s copies the whole build context and there is no "
				    ".dockerignore next to the Dockerfile or above it in the "
				    "repository: .git, .env files, keys and local build "
				    "output all end up in the image",
				    df_kind_name(in->kind), w->value);
			} else {
				char *label = stage_label(f, in->stage);

				/* Its files reach the image only through what is copied out. */
				vakt_check_emit(
				    ctx, &w->span, NULL,
				    "%s %s copies the whole build context into %s and there "
				    "is no .dockerignore next to the Dockerfile or above it in "
				    "the repository: the image does not ship that stage, but "
				    ".git, .env files and keys are sent to the builder, kept in "
				    "its cache, and reach the image if a COPY --from takes them",
				    df_kind_name(in->kind), w->value, label);
				free(label);
				vakt_check_lower(ctx, 1);
			}
			break;
		}
	}
out:
	free(ships);
}
