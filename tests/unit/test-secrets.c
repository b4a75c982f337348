/* SPDX-License-Identifier: MIT */
/* Unit tests for src/knowledge/secrets.c. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "core/util.h"
#include "knowledge/secrets.h"

static void test_names_suspicious(void **state)
{
	static const char *const yes[] = {
	    "API_KEY",
	    "APIKEY",
	    "api_key",
	    "apiKey",
	    "DB_PASSWORD",
	    "DBPASSWORD",
	    "dbPassword",
	    "PASSWORD",
	    "MYSQL_ROOT_PASSWORD",
	    "RABBITMQ_DEFAULT_PASS",
	    "DB_PASS",
	    "DB_PWD",
	    "SECRET",
	    "CLIENT_SECRET",
	    "JWT_SECRET",
	    "AUTH_TOKEN",
	    "ACCESS_TOKEN",
	    "GITHUB_TOKEN",
	    "NPM_TOKEN",
	    "NODE_AUTH_TOKEN",
	    "AWS_SECRET_ACCESS_KEY",
	    "AWS_ACCESS_KEY_ID", /* exact name beats the "id" token */
	    "AWS_SESSION_TOKEN",
	    "VITE_OPENAI_API_KEY",
	    "REACT_APP_STRIPE_SECRET_KEY",
	    "SLACK_WEBHOOK_URL", /* exact name beats the "url" token */
	    "BASIC_AUTH",
	    "SSH_PRIVATE_KEY",
	    "TLS_KEY",
	    "APP_KEY",
	    "GPG_PASSPHRASE",
	    "REGISTRY_CREDENTIALS",
	    "CR_PAT",
	    "BUNDLE_GITHUB__COM",
	    "AZURE_STORAGE_CONNECTION_STRING",
	    "KEY",
	    "VAULT_DEV_ROOT_TOKEN_ID", /* the token itself, despite the "id" token */
	    "OPENBAO_DEV_ROOT_TOKEN_ID",
	    "vault_dev_root_token_id",
	};
	static const char *const no[] = {
	    "PATH",
	    "HOME",
	    "NODE_VERSION",
	    "PYTHON_VERSION",
	    "GPG_KEY",
	    "GPG_KEYS",
	    "PYTHON_GPG_KEY",
	    "SECRET_KEY_FILE",
	    "POSTGRES_PASSWORD_FILE",
	    "PUBLIC_KEY",
	    "SSH_PUBLIC_KEY",
	    "AUTH_URL",
	    "TOKEN_URL",
	    "AUTH_TYPE",
	    "POSTGRES_HOST_AUTH_METHOD",
	    "MYSQL_ALLOW_EMPTY_PASSWORD",
	    "MYSQL_RANDOM_ROOT_PASSWORD",
	    "KEY_ID",
	    "ROOT_TOKEN_ID", /* only Vault's dev-mode name holds the token itself */
	    "SECRET_NAME",
	    "TOKENIZERS_PARALLELISM",
	    "AUTHOR",
	    "AUTHORS",
	    "MONKEY",
	    "KEYCLOAK_VERSION",
	    "GOOGLE_APPLICATION_CREDENTIALS",
	    "APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE",
	    "SSH_AUTH_SOCK",
	    "PWD",
	    "OLDPWD",
	    "ETCD_INITIAL_CLUSTER_TOKEN", /* names the cluster, guards nothing */
	    "initial_cluster_token",      /* etcd's --initial-cluster-token */
	    "PASSENGER_APP_ENV",
	    "PASSTHROUGH",
	    "DEBIAN_FRONTEND",
	    "TARGETPLATFORM",
	    "USERNAME",
	    "",
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(yes); i++)
		if (!vakt_secret_name_suspicious(yes[i]))
			fail_msg("'%s' should look secret", yes[i]);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(no); i++)
		if (vakt_secret_name_suspicious(no[i]))
			fail_msg("'%s' should not look secret", no[i]);
	assert_false(vakt_secret_name_suspicious(NULL));
}

/* The ceiling: a name longer than VAKT_SECRET_NAME_MAX is not judged. */
static void test_name_too_long(void **state)
{
	char name[VAKT_SECRET_NAME_MAX + 2];

	memset(name, 'A', sizeof(name));
	memcpy(name, "PASSWORD_", 9);
	name[VAKT_SECRET_NAME_MAX] = '\0';
	assert_true(vakt_secret_name_suspicious(name));
	name[VAKT_SECRET_NAME_MAX] = 'A';
	name[VAKT_SECRET_NAME_MAX + 1] = '\0';
	assert_false(vakt_secret_name_suspicious(name));
	/* Many tiny tokens fill the token buffer to its worst case. */
	for (size_t i = 0; i < VAKT_SECRET_NAME_MAX; i++)
		name[i] = (i % 2) ? '_' : 'a';
	name[VAKT_SECRET_NAME_MAX] = '\0';
	assert_false(vakt_secret_name_suspicious(name));
}

/* Test values are assembled at run time so this file holds no token-shaped literal. */
static char *fake(const char *prefix, char fill, size_t n, const char *suffix)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	vakt_buf_adds(&b, prefix);
	for (size_t i = 0; i < n; i++)
		vakt_buf_addc(&b, (char)(fill + (char)(i % 7)));
	vakt_buf_adds(&b, suffix);
	return vakt_buf_detach(&b);
}

static void expect_kind(const char *text, const char *kind, const char *secret)
{
	const char *k = NULL;
	size_t off = 0, len = 0;
	int rc = vakt_secret_value_match(text, strlen(text), &k, &off, &len);

	if (rc != 1)
		fail_msg("no secret found in '%s' (rc %d)", text, rc);
	if (strcmp(k, kind))
		fail_msg("'%s': expected kind '%s', got '%s'", text, kind, k);
	if (secret && (len != strlen(secret) || memcmp(text + off, secret, len)))
		fail_msg("'%s': expected match '%s', got '%.*s'", text, secret, (int)len,
		         text + off);
}

static void expect_none(const char *text)
{
	const char *k = NULL;
	size_t off = 0, len = 0;

	if (vakt_secret_value_match(text, strlen(text), &k, &off, &len) != 0)
		fail_msg("unexpected %s in '%s': '%.*s'", k, text, (int)len, text + off);
}

static void test_values(void **state)
{
	struct {
		char *value;
		const char *kind;
	} v[] = {
	    {fake("AKIA", 'A', 16, ""), "AWS access key id"},
	    {fake("ASIA", 'K', 16, ""), "AWS access key id"},
	    {fake("ghp_", 'a', 36, ""), "GitHub token"},
	    {fake("ghs_", 'b', 36, ""), "GitHub token"},
	    {fake("github_pat_", 'c', 82, ""), "GitHub fine-grained token"},
	    {fake("glpat-", 'd', 20, ""), "GitLab personal access token"},
	    {fake("xoxb-", '1', 24, ""), "Slack token"},
	    {fake("sk_live_", 'e', 24, ""), "Stripe live secret key"},
	    {fake("AIza", 'f', 35, ""), "Google API key"},
	    {fake("npm_", 'g', 36, ""), "npm access token"},
	    {fake("dckr_pat_", 'h', 27, ""), "Docker Hub access token"},
	    {fake("hf_", 'i', 34, ""), "Hugging Face token"},
	    {fake("pypi-AgEIcHlwaS5vcmc", 'j', 60, ""), "PyPI API token"},
	    {fake("dop_v1_", '0', 64, ""), "DigitalOcean token"},
	    /* Every other start the pre-filter knows (secrets.c, formats[].starts). */
	    {fake("ABIA", 'B', 16, ""), "AWS access key id"},
	    {fake("ACCA", 'C', 16, ""), "AWS access key id"},
	    {fake("gho_", 'a', 36, ""), "GitHub token"},
	    {fake("ghu_", 'b', 36, ""), "GitHub token"},
	    {fake("ghr_", 'c', 36, ""), "GitHub token"},
	    {fake("xoxa-", 'a', 12, ""), "Slack token"},
	    {fake("xoxp-", 'b', 12, ""), "Slack token"},
	    {fake("xoxr-", 'c', 12, ""), "Slack token"},
	    {fake("xoxs-", 'd', 12, ""), "Slack token"},
	    {fake("xoxe-", 'e', 12, ""), "Slack token"},
	    {fake("https://hooks.slack.com/services/T0123ABCD/B0456EFGH/", 'k', 24, ""),
	     "Slack webhook URL"},
	    {fake("rk_live_", 'l', 24, ""), "Stripe live secret key"},
	    {fake("sk-ant-api03-", 'm', 90, ""), "Anthropic API key"},
	    {fake("SG.", 'n', 22, ".abcdefghijabcdefghijabcdefghijabcdefghijabc"),
	     "SendGrid API key"},
	    {fake("doo_v1_", '1', 64, ""), "DigitalOcean token"},
	    {fake("dor_v1_", '2', 64, ""), "DigitalOcean token"},
	    {fake("AccountKey=", 'o', 86, "=="), "Azure storage account key"},
	};
	char *openai = fake("sk-proj-", 'p', 24, "T3BlbkFJ");
	char *openai2 = fake(openai, 'q', 24, "");
	char *jwt = fake("eyJ", 'a', 20, ".eyJ");
	char *jwt2 = fake(jwt, 'k', 20, ".");
	char *jwt3 = fake(jwt2, 'm', 30, "");
	char buf[512];

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(v); i++) {
		snprintf(buf, sizeof(buf), "ENV X=%s", v[i].value);
		expect_kind(v[i].value, v[i].kind, v[i].value);
		expect_kind(buf, v[i].kind, v[i].value);
		snprintf(buf, sizeof(buf), "curl -H 'Authorization: token %s' https://x",
		         v[i].value);
		expect_kind(buf, v[i].kind, v[i].value);
	}
	expect_kind(jwt3, "JSON web token", jwt3);
	expect_kind(openai2, "OpenAI API key", openai2);
	expect_kind("-----BEGIN RSA PRIVATE KEY-----\nMIIE...", "private key",
	            "-----BEGIN RSA PRIVATE KEY-----");
	expect_kind("-----BEGIN OPENSSH PRIVATE KEY-----", "private key", NULL);
	expect_kind("-----BEGIN PRIVATE KEY-----", "private key", NULL);
	expect_kind("-----BEGIN PGP PRIVATE KEY BLOCK-----", "private key", NULL);
	expect_kind("-----BEGIN ENCRYPTED PRIVATE KEY-----", "private key", NULL);

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(v); i++)
		free(v[i].value);
	free(jwt);
	free(jwt2);
	free(jwt3);
	free(openai);
	free(openai2);
}

static void test_url_credentials(void **state)
{
	expect_kind("postgres://app:s3cr3t-pw@db:5432/app", "password in URL", "s3cr3t-pw");
	expect_kind("git clone https://oauth2:abcdef123456@gitlab.example.com/x.git",
	            "password in URL", "abcdef123456");
	expect_kind("https://$USER:hunter2@example.com/", "password in URL", "hunter2");
	expect_kind("pip install --index-url https://u:p4ss@pypi.example.com/simple x",
	            "password in URL", "p4ss");
	/* Variables and placeholders are not secrets. */
	expect_none("https://user:$TOKEN@example.com/");
	expect_none("https://user:${TOKEN}@example.com/");
	expect_none("https://${USER}:${PASS}@example.com/");
	expect_none("https://user:%s@example.com/");
	expect_none("https://user:<password>@example.com/");
	expect_none("https://user:password@example.com/");
	expect_none("https://user:xxxx@example.com/");
	expect_none("http://user:***@proxy:3128");
	expect_none("https://token@github.com/o/r.git");
	expect_none("git@github.com:o/r.git");
	expect_none("http://proxy.example.com:3128");
	expect_none("http://example.com/a:b@c");
	/* A server on the local machine: a CI job's or a test's own database. */
	expect_none("postgres://postgres:postgres@localhost:5432/test");
	expect_none("mysql://root:root@127.0.0.1/app");
	expect_none("redis://:devpass@[::1]:6379");
	expect_none("postgresql://app:s3cr3t@localhost/app?sslmode=disable");
	expect_kind("postgres://app:s3cr3t@localhost.example.com/app", "password in URL", "s3cr3t");
	expect_kind("postgres://app:s3cr3t@127.0.0.10/app", "password in URL", "s3cr3t");
}

static void test_not_secrets(void **state)
{
	char *example = fake("AKIAIOSFODNN7", 'A', 0, "EXAMPLE");
	char *short_key = fake("AKIA", 'A', 12, "");
	char *long_key = fake("AKIA", 'A', 20, "");
	char *embedded = fake("XAKIA", 'A', 16, "");
	char *short_ghp = fake("ghp_", 'a', 20, "");

	expect_none("");
	expect_none("apt-get update && apt-get install -y curl");
	expect_none("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	expect_none("-----BEGIN CERTIFICATE-----");
	expect_none("-----BEGIN PUBLIC KEY-----");
	expect_none("eyJhbGciOiJIUzI1NiJ9");
	expect_none("sk_test_abcdefghijklmnopqrstuvwx");
	expect_none(example);
	expect_none(short_key);
	expect_none(long_key);
	expect_none(embedded);
	expect_none(short_ghp);
	free(example);
	free(short_key);
	free(long_key);
	free(embedded);
	free(short_ghp);
}

static void test_offsets_and_next(void **state)
{
	char *a = fake("ghp_", 'a', 36, "");
	char *b = fake("AKIA", 'B', 16, "");
	char *text = vakt_xasprintf("one %s two %s", a, b);
	const char *k;
	size_t off, len, start;

	assert_int_equal(1, vakt_secret_value_match(text, strlen(text), &k, &off, &len));
	assert_string_equal("GitHub token", k);
	assert_int_equal(4, off);
	assert_int_equal(strlen(a), len);
	start = off + len;
	assert_int_equal(
	    1, vakt_secret_value_match(text + start, strlen(text) - start, &k, &off, &len));
	assert_string_equal("AWS access key id", k);
	assert_memory_equal(b, text + start + off, len);
	/* NULL out-parameters are allowed; a length limits the scan. */
	assert_int_equal(1, vakt_secret_value_match(text, strlen(text), NULL, NULL, NULL));
	assert_int_equal(0, vakt_secret_value_match(text, 10, NULL, NULL, NULL));
	/* Bytes that are not UTF-8 do not upset the scan. */
	assert_int_equal(0, vakt_secret_value_match("\xff\xfe\x80 ok", 6, NULL, NULL, NULL));
	free(a);
	free(b);
	free(text);
}

/* The ceiling: more than VAKT_SECRET_SCAN_MAX_BYTES is refused, that many is scanned. */
static void test_scan_limit(void **state)
{
	size_t n = VAKT_SECRET_SCAN_MAX_BYTES;
	char *big = vakt_xmalloc(n + 1);

	memset(big, 'a', n + 1);
	assert_int_equal(-E2BIG, vakt_secret_value_match(big, n + 1, NULL, NULL, NULL));
	assert_int_equal(0, vakt_secret_value_match(big, n, NULL, NULL, NULL));
	free(big);
}

static void test_redact(void **state)
{
	char *r;

	r = vakt_secret_redact("AKIAABCDEFGHIJKLMNOP", 20);
	assert_string_equal("AKIA\u2026", r);
	free(r);
	r = vakt_secret_redact("abcdef", 6);
	assert_string_equal("abc\u2026", r);
	free(r);
	r = vakt_secret_redact("ab", 2);
	assert_string_equal("a\u2026", r);
	free(r);
	r = vakt_secret_redact("", 0);
	assert_string_equal("\u2026", r);
	free(r);
	r = vakt_secret_redact("\x01\xff"
	                       "cdefgh",
	                       8);
	assert_string_equal("??cd\u2026", r);
	free(r);
}

static void *thread_scan(void *arg)
{
	const char *text = arg;
	long hits = 0;

	for (int i = 0; i < 2000; i++)
		hits += vakt_secret_value_match(text, strlen(text), NULL, NULL, NULL) == 1;
	return (void *)hits;
}

/* Concurrent first use and matching from several threads. */
static void test_threads(void **state)
{
	char *key = fake("x https://u:pw1234@h/ ghp_", 'a', 36, "");
	pthread_t t[8];

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(t); i++)
		assert_int_equal(0, pthread_create(&t[i], NULL, thread_scan, key));
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(t); i++) {
		void *ret;

		assert_int_equal(0, pthread_join(t[i], &ret));
		assert_int_equal(2000, (long)ret);
	}
	free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_threads),          cmocka_unit_test(test_names_suspicious),
	    cmocka_unit_test(test_name_too_long),    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_url_credentials),  cmocka_unit_test(test_not_secrets),
	    cmocka_unit_test(test_offsets_and_next), cmocka_unit_test(test_scan_limit),
	    cmocka_unit_test(test_redact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
