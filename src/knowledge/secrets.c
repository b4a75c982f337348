/* SPDX-License-Identifier: MIT */
/* Secret names and values (see secrets.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdint.h>

#include "core/util.h"
#include "secrets.h"

/* --- names ---------------------------------------------------------------- */

/* Always secrets, whatever their tokens say (compared case-insensitively). */
/* clang-format off */
static const char *const exact_secret[] = {
	"AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "AZURE_CLIENT_SECRET",
	"AZURE_STORAGE_KEY", "AZURE_STORAGE_CONNECTION_STRING", "ARM_CLIENT_SECRET",
	"ARM_ACCESS_KEY", "GITHUB_TOKEN", "GH_TOKEN", "GITHUB_PAT", "CR_PAT", "GITLAB_TOKEN",
	"CI_JOB_TOKEN", "NPM_TOKEN", "NODE_AUTH_TOKEN", "YARN_NPM_AUTH_TOKEN", "PYPI_TOKEN",
	"TWINE_PASSWORD", "NUGET_API_KEY", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "OPENAI_API_KEY",
	"ANTHROPIC_API_KEY", "DOCKER_PASSWORD", "DOCKERHUB_TOKEN", "DOCKER_AUTH_CONFIG",
	"SLACK_TOKEN", "SLACK_WEBHOOK_URL", "STRIPE_SECRET_KEY", "SENTRY_AUTH_TOKEN",
	"GOOGLE_API_KEY", "GOOGLE_CLIENT_SECRET", "CODECOV_TOKEN", "CONSUL_HTTP_TOKEN",
	"VAULT_TOKEN", "NETLIFY_AUTH_TOKEN", "HEROKU_API_KEY", "CLOUDFLARE_API_TOKEN",
	"DIGITALOCEAN_ACCESS_TOKEN", "MYSQL_ROOT_PASSWORD", "MYSQL_PASSWORD", "POSTGRES_PASSWORD",
	"PGPASSWORD", "MONGO_INITDB_ROOT_PASSWORD", "RABBITMQ_DEFAULT_PASS", "REDIS_PASSWORD",
	"JWT_SECRET", "SECRET_KEY_BASE", "DJANGO_SECRET_KEY", "SECRET_KEY", "APP_KEY",
	"FIREBASE_TOKEN", "SONAR_TOKEN", "SNYK_TOKEN", "ARTIFACTORY_API_KEY",
	"BUNDLE_GITHUB__COM"
};
/* clang-format on */

/*
 * Well-known names whose value is public or only points at a secret. etcd's
 * initial cluster token (the option, and the variable of the images that
 * read options from the environment) names the cluster at bootstrap so that
 * two clusters do not join each other; it guards nothing.
 */
static const char *const exact_public[] = {"GOOGLE_APPLICATION_CREDENTIALS",
                                           "APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE",
                                           "PWD",
                                           "OLDPWD",
                                           "INITIAL_CLUSTER_TOKEN",
                                           "ETCD_INITIAL_CLUSTER_TOKEN"};

/* Prefixes that bundlers expose; the rest of the name is what matters. */
static const char *const exposed_prefixes[] = {"VITE_", "REACT_APP_"};

/* BuildKit's tokens, and vakt's additions. */
static const char *const secret_tokens[] = {
    "apikey",    "auth",      "credential", "credentials", "key",        "keys",
    "password",  "passwords", "pword",      "passwd",      "secret",     "secrets",
    "token",     "tokens",    "pass",       "pwd",         "passphrase", "psw",
    "accesskey", "secretkey", "privatekey", "signingkey",  "masterkey",  "encryptionkey"};

/* A compound token ending like this is a secret too ("dbpassword", "authtoken"). */
static const char *const secret_endings[] = {"password", "passwd", "secret", "token", "apikey"};

/* Tokens saying the value is public, a reference to the secret, or a setting. */
static const char *const public_tokens[] = {
    "public",   "pub",        "file",     "files",     "version", "ver",         "path",
    "dir",      "url",        "uri",      "endpoint",  "host",    "hostname",    "port",
    "name",     "names",      "type",     "mode",      "method",  "enabled",     "enable",
    "disabled", "disable",    "required", "id",        "ids",     "length",      "len",
    "size",     "count",      "format",   "algorithm", "alg",     "fingerprint", "server",
    "provider", "issuer",     "prefix",   "suffix",    "ttl",     "timeout",     "expiry",
    "expires",  "expiration", "header",   "realm",     "scheme",  "policy",      "allow",
    "empty",    "random",     "generate", "sock",      "socket",  "location",    "store",
    "age",      "lifetime",   "limit",    "min",       "max",     "rotation",    "pattern",
    "field",    "sha256",     "checksum", "hash",      "ring",    "keyring"};

static bool list_has(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

static bool list_has_icase(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!vakt_strcasecmp(list[i], s))
			return true;
	return false;
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

/*
 * Split name into lower-case tokens at '_', '-', '.', and camelCase humps
 * ("dbPassword", "APIKey"). Tokens go to out as consecutive NUL-terminated
 * strings; returns how many.
 */
static size_t tokenize(const char *name, char *out)
{
	size_t n = 0, k = 0;
	bool open = false;

	for (size_t i = 0; name[i]; i++) {
		char c = name[i];
		bool hump =
		    i > 0 && is_upper(c) &&
		    (is_lower(name[i - 1]) || (is_upper(name[i - 1]) && is_lower(name[i + 1])));

		if (c == '_' || c == '-' || c == '.' || hump) {
			if (open) {
				out[k++] = '\0';
				n++;
				open = false;
			}
			if (!hump)
				continue;
		}
		out[k++] = is_upper(c) ? (char)(c - 'A' + 'a') : c;
		open = true;
	}
	if (open) {
		out[k++] = '\0';
		n++;
	}
	return n;
}

static bool ends_with_any(const char *tok)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(secret_endings); i++)
		if (vakt_ends_with(tok, secret_endings[i]))
			return true;
	return false;
}

bool vakt_secret_name_suspicious(const char *name)
{
	/* Twice the name: every byte plus a NUL after each token. */
	char toks[2 * VAKT_SECRET_NAME_MAX + 2];
	const char *base = name;
	bool secret = false, key = false, signing = false;
	size_t n;
	const char *t;

	if (!name || !*name || strlen(name) > VAKT_SECRET_NAME_MAX)
		return false;
	if (list_has_icase(exact_public, VAKT_ARRAY_SIZE(exact_public), name))
		return false;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(exposed_prefixes); i++)
		if (vakt_istarts_with(name, exposed_prefixes[i]))
			base = name + strlen(exposed_prefixes[i]);
	if (list_has_icase(exact_secret, VAKT_ARRAY_SIZE(exact_secret), name) ||
	    list_has_icase(exact_secret, VAKT_ARRAY_SIZE(exact_secret), base))
		return true;

	/* Vault's dev-mode root token (VAULT_DEV_ROOT_TOKEN_ID) is the token itself, not an id. */
	n = strlen(name);
	if (n >= 17 && !vakt_strcasecmp(name + n - 17, "DEV_ROOT_TOKEN_ID"))
		return true;
	n = tokenize(name, toks);
	t = toks;
	for (size_t i = 0; i < n; i++, t += strlen(t) + 1) {
		if (list_has(public_tokens, VAKT_ARRAY_SIZE(public_tokens), t))
			return false;
		if (!strcmp(t, "gpg") || !strcmp(t, "pgp") || !strcmp(t, "gnupg"))
			signing = true;
		else if (!strcmp(t, "key") || !strcmp(t, "keys"))
			key = true;
		else if (list_has(secret_tokens, VAKT_ARRAY_SIZE(secret_tokens), t) ||
		         ends_with_any(t))
			secret = true;
	}
	/* GPG_KEY(S) in official images hold signing-key fingerprints. */
	return secret || (key && !signing);
}

/* --- values --------------------------------------------------------------- */

struct secret_format {
	const char *kind;
	const char *re;
	/*
	 * Every match of re starts with one of these (NULL-terminated, each of
	 * three bytes or more): a text that holds none of any format is not
	 * given to PCRE2 (may_hold_format()). test-secrets has a sample of each.
	 */
	const char *const *starts;
};

/* A NULL-terminated list of literals. */
#define STARTS(...) ((const char *const[]){__VA_ARGS__, NULL})

/*
 * The fixed formats. Alternative i of the compiled pattern is capture group
 * i + 1, so the match says which one it was; the formats themselves use only
 * non-capturing groups. (A (*MARK) per alternative would say it too, but
 * would cost PCRE2 its start-byte bitmap and make every scan several times
 * slower.)
 */
static const struct secret_format formats[] = {
    {"AWS access key id",
     "(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)(?![A-Z0-9]{9}EXAMPLE(?![A-Z0-9]))[A-Z0-9]{16}"
     "(?![A-Z0-9])",
     STARTS("AKIA", "ASIA", "ABIA", "ACCA")},
    {"GitHub token", "(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])",
     STARTS("ghp_", "gho_", "ghu_", "ghs_", "ghr_")},
    {"GitHub fine-grained token", "(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,255}",
     STARTS("github_pat_")},
    {"GitLab personal access token", "(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}", STARTS("glpat-")},
    {"Slack token", "(?<![A-Za-z0-9])xox[baprse]-[A-Za-z0-9-]{10,}",
     STARTS("xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-", "xoxe-")},
    {"Slack webhook URL",
     "https://hooks\\.slack\\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{20,}",
     STARTS("https://hooks.slack.com/services/T")},
    {"Stripe live secret key", "(?<![A-Za-z0-9])(?:sk|rk)_live_[A-Za-z0-9]{20,}",
     STARTS("sk_live_", "rk_live_")},
    {"Google API key", "(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])", STARTS("AIza")},
    {"JSON web token",
     "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}",
     STARTS("eyJ")},
    {"private key", "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", STARTS("-----BEGIN ")},
    {"npm access token", "(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])", STARTS("npm_")},
    {"PyPI API token", "pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}", STARTS("pypi-AgEIcHlwaS5vcmc")},
    {"Docker Hub access token", "(?<![A-Za-z0-9_])dckr_pat_[A-Za-z0-9_-]{27,}",
     STARTS("dckr_pat_")},
    {"Hugging Face token", "(?<![A-Za-z0-9_])hf_[A-Za-z]{34}(?![A-Za-z0-9_])", STARTS("hf_")},
    {"OpenAI API key",
     "(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ"
     "[A-Za-z0-9_-]{20,}",
     STARTS("sk-")},
    {"Anthropic API key", "(?<![A-Za-z0-9_-])sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,}",
     STARTS("sk-ant-")},
    {"SendGrid API key", "(?<![A-Za-z0-9_-])SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}",
     STARTS("SG.")},
    {"DigitalOcean token", "(?<![A-Za-z0-9_])do[por]_v1_[a-f0-9]{64}",
     STARTS("dop_v1_", "doo_v1_", "dor_v1_")},
    {"Azure storage account key", "AccountKey=[A-Za-z0-9+/]{86}==", STARTS("AccountKey=")},
};

/*
 * A password in a URL's user information. Only tried when the text has
 * "://" and '@' (the pattern can start at any letter, so it is kept out of
 * the main one). \K makes the match the password alone; a password that is
 * a variable or an obvious placeholder is not reported, nor one for a server
 * on the local machine (localhost, 127.0.0.1, [::1]): the throwaway database
 * of a CI job or a test, reachable from nowhere else.
 */
static const char url_kind[] = "password in URL";
static const char url_re[] = "\\b[A-Za-z][A-Za-z0-9+.-]{0,30}://[^\\s/:@\"'<>]{1,256}:\\K"
                             "(?![$%{<*]|(?:pass|password|passwd|secret|changeme|x+)@)"
                             "[^\\s/@\"'<>]{1,256}"
                             "(?=@(?!(?:localhost|127\\.0\\.0\\.1|\\[::1\\])(?:[:/?#\"'\\s]|$))"
                             "[^\\s/@])";

/* Bounds the work of one match on hostile input. */
#define SECRET_MATCH_LIMIT 10000000u

static pthread_once_t secrets_once = PTHREAD_ONCE_INIT;
/* The first two bytes of every format's starts, one bit per pair. */
static uint8_t start_pairs[65536 / 8];
static pcre2_code *re_main;
static pcre2_code *re_url;
static pcre2_match_context *re_mctx;
static int re_error;

static pcre2_code *compile_one(const char *pattern)
{
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *re =
	    pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &errcode, &erroff, NULL);

	/* Without JIT (unsupported CPU) the interpreter still gives the same answer. */
	if (re)
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static unsigned pair_at(const unsigned char *u)
{
	return u[0] | (unsigned)u[1] << 8;
}

/* Whether one of the formats' starts is at s[0..n). */
static bool start_at(const char *s, size_t n)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(formats); i++) {
		for (const char *const *st = formats[i].starts; *st; st++) {
			size_t k;

			/* The pair first: most candidates end there. */
			if ((*st)[0] != s[0] || (*st)[1] != s[1])
				continue;
			k = strlen(*st);
			if (k <= n && !memcmp(*st, s, k))
				return true;
		}
	}
	return false;
}

/*
 * Whether a format may match in s[0..len): one of their starts is in it.
 * Most texts hold none, and a look at each pair of bytes is much cheaper
 * than PCRE2, for which nearly every letter may start one of the formats.
 */
static bool may_hold_format(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i + 3 <= len; i++) {
		unsigned pair = pair_at(u + i);

		if ((start_pairs[pair / 8] >> (pair % 8) & 1) && start_at(s + i, len - i))
			return true;
	}
	return false;
}

static void secrets_init(void)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(formats); i++) {
		vakt_buf_addf(&b, "%s(%s)", i ? "|" : "", formats[i].re);
		for (const char *const *st = formats[i].starts; *st; st++) {
			unsigned pair = pair_at((const unsigned char *)*st);

			start_pairs[pair / 8] |= (uint8_t)(1u << (pair % 8));
		}
	}
	re_main = compile_one(vakt_buf_str(&b));
	vakt_buf_release(&b);
	re_url = compile_one(url_re);
	re_mctx = pcre2_match_context_create(NULL);
	if (re_mctx)
		pcre2_set_match_limit(re_mctx, SECRET_MATCH_LIMIT);
	if (!re_main || !re_url || !re_mctx)
		re_error = re_main && re_url ? -ENOMEM : -EINVAL;
}

/*
 * Run re over s; 1 with the match's offsets and *group (the lowest capture
 * group that matched, 0 for none), 0 when there is no match, <0 on error.
 */
static int run(pcre2_code *re, const char *s, size_t len, size_t *off, size_t *mlen, size_t *group)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc, ret = 0;

	if (!md)
		return -ENOMEM;
	rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, re_mctx);
	if (rc >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		uint32_t n = pcre2_get_ovector_count(md);

		*off = ov[0];
		*mlen = ov[1] > ov[0] ? ov[1] - ov[0] : 0;
		*group = 0;
		for (uint32_t g = 1; g < n && g < (uint32_t)rc; g++) {
			if (ov[2 * g] != PCRE2_UNSET) {
				*group = g;
				break;
			}
		}
		ret = 1;
	}
	/* Any other failure is the match limit on pathological input: report nothing. */
	pcre2_match_data_free(md);
	return ret;
}

int vakt_secret_value_match(const char *s, size_t len, const char **kind, size_t *off, size_t *mlen)
{
	size_t o1 = 0, l1 = 0, m1 = 0, o2 = 0, l2 = 0, m2 = 0;
	int r1, r2 = 0;

	if (len > VAKT_SECRET_SCAN_MAX_BYTES)
		return -E2BIG;
	pthread_once(&secrets_once, secrets_init);
	if (re_error)
		return re_error;
	if (len == 0)
		return 0;
	r1 = may_hold_format(s, len) ? run(re_main, s, len, &o1, &l1, &m1) : 0;
	if (r1 < 0)
		return r1;
	if (memmem(s, len, "://", 3) && memchr(s, '@', len)) {
		r2 = run(re_url, s, len, &o2, &l2, &m2);
		if (r2 < 0)
			return r2;
	}
	if (!r1 && !r2)
		return 0;
	/* Report the earlier of the two. */
	if (r2 && (!r1 || o2 < o1)) {
		if (kind)
			*kind = url_kind;
		o1 = o2;
		l1 = l2;
	} else if (kind) {
		*kind = m1 >= 1 && m1 <= VAKT_ARRAY_SIZE(formats) ? formats[m1 - 1].kind : "secret";
	}
	if (off)
		*off = o1;
	if (mlen)
		*mlen = l1;
	return 1;
}

char *vakt_secret_redact(const char *s, size_t len)
{
	size_t show = len / 2 < VAKT_SECRET_SHOW_CHARS ? len / 2 : VAKT_SECRET_SHOW_CHARS;
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < show; i++) {
		unsigned char c = (unsigned char)s[i];

		vakt_buf_addc(&b, c >= 0x20 && c < 0x7f ? (char)c : '?');
	}
	vakt_buf_adds(&b, "\u2026");
	return vakt_buf_detach(&b);
}
