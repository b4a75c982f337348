/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_MATCH_H
#define VAKT_RT_MATCH_H

/*
 * The comparison primitives of the Falco rule language, with Falco's
 * semantics (falcosecurity/libs: sinsp_filter_check's compare functions,
 * the value parser, path_prefix_search, the transformers). The compiler
 * parses a rule's operands once with the *_parse functions; the evaluator
 * calls the matchers on every event. Matchers never allocate, never fail
 * and never print; what they read is (pointer, length), never NUL-ended.
 *
 * Strings are compared as bytes. Falco compares C strings, so a value must
 * not hold a NUL (an extractor cuts at the first one, as Falco's do).
 * Case folding is ASCII only, as glibc's in the C locale Falco runs in.
 *
 * Errors of the *_parse functions are returned as -EINVAL (-ERANGE for a
 * number out of range, -E2BIG past a ceiling) with *err set to a message
 * that has no location: the caller (the rule compiler) knows where the
 * operand was written and fills in err->file, line and column. Where vakt is
 * stricter than Falco (a number out of range, which Falco lets wrap) or
 * looser (an IPv4-mapped IPv6 operand), the function's comment says so;
 * docs/runtime.md lists them all.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/rt-field.h"

struct vakt_error;

/* ---- strings ------------------------------------------------------------- */

/* `=`: the same bytes. */
bool rt_str_equal(const char *a, size_t an, const char *b, size_t bn);
/* strcmp() order (bytes as unsigned char, a prefix first): <0, 0, >0. */
int rt_str_cmp(const char *a, size_t an, const char *b, size_t bn);
/* `startswith`: s begins with p (an empty p: always). */
bool rt_str_startswith(const char *s, size_t sn, const char *p, size_t pn);
/* `endswith`: s ends with p (an empty p: always). */
bool rt_str_endswith(const char *s, size_t sn, const char *p, size_t pn);
/* `contains`: p occurs in s (an empty p: always). */
bool rt_str_contains(const char *s, size_t sn, const char *p, size_t pn);
/* `icontains`: as contains, ASCII letters folded (strcasestr in the C locale). */
bool rt_str_icontains(const char *s, size_t sn, const char *p, size_t pn);

/*
 * `glob` (icase false) and `iglob` (icase true): whether the whole of s
 * matches pattern g, as glibc's fnmatch(g, s, 0) or fnmatch(g, s,
 * FNM_CASEFOLD) answers in the C locale, which is what Falco calls:
 *
 *  - `*` matches any run of bytes INCLUDING '/' and a leading '.' (Falco
 *    passes neither FNM_PATHNAME nor FNM_PERIOD): `/etc/` followed by `*`
 *    matches `/etc/ssh/sshd_config`;
 *  - `?` matches any one byte, '/' included;
 *  - `[...]` is a bracket expression: `!` or `^` first negates, `]` first is
 *    literal, ranges by byte value (`a-z`), classes `[:alpha:]` (the twelve
 *    of the C locale; an unknown class name matches nothing), `[=c=]` and
 *    `[.c.]` for one byte; a backslash escapes inside;
 *  - `\x` matches x; a pattern ending in a lone `\` matches nothing;
 *  - a `[` with no closing `]` is a literal `[` (glibc's quirks of that case
 *    included: see rt-match.c).
 *
 * O(len(g) * len(s)) at worst, never exponential.
 */
bool rt_glob_match(const char *g, size_t gn, const char *s, size_t sn, bool icase);

/* ---- numbers ------------------------------------------------------------- */

/*
 * The length of the number token Falco's condition lexer takes at p (0 when
 * none): after a numeric operator (`<`, `<=`, `>`, `>=`) it reads the regular
 * expression 0[xX][0-9a-zA-Z]+ first, else [+-]?[0-9]+\.?[0-9]*([eE][+-][0-9]+)?,
 * each the longest match. So `0x1f`, `0xZZ` (sic), `-12`, `1.5`, `1.e+3` are
 * tokens, `1e5` is the token `1` followed by `e5`, and `.5` is none.
 */
size_t rt_num_lex(const char *p, size_t n);

/*
 * The value of a number operand of a numeric field, as Falco's value parser
 * takes it (sscanf "%" PRIu64 / PRId64 with nothing after): leading white
 * space, an optional sign, decimal digits, nothing else. Falco's lexer takes
 * `0x10` and `1.5` as numbers but its value parser then refuses them for a
 * numeric field; so does this, with a message that says why.
 *
 * Stricter than Falco: a value outside [min, max] is an error (-ERANGE)
 * where Falco's sscanf saturates or wraps (`-1` for an unsigned field is
 * 18446744073709551615 there), so that a rule never compares against a
 * number its author did not write. `-0` is 0.
 */
int rt_num_parse_u64(const char *p, size_t n, uint64_t max, uint64_t *out, struct vakt_error **err);
int rt_num_parse_i64(const char *p, size_t n, int64_t min, int64_t max, int64_t *out,
                     struct vakt_error **err);

/* ---- bytes (bcontains, bstartswith) -------------------------------------- */

/*
 * The operand of `bcontains` and `bstartswith`: hexadecimal digits, two per
 * byte, either case, nothing else (no 0x, no spaces), as Falco's unhex()
 * takes it. Empty is accepted (no bytes: every buffer contains them). out
 * needs room for n / 2 bytes; *out_n is the number written. -EINVAL on an
 * odd count or a non-hex character.
 */
int rt_hex_parse(const char *s, size_t n, uint8_t *out, size_t *out_n, struct vakt_error **err);
/* `bcontains`: needle occurs in the buffer. */
bool rt_bytes_contains(const void *h, size_t hn, const void *needle, size_t nn);
/* `bstartswith`: the buffer begins with prefix. */
bool rt_bytes_startswith(const void *h, size_t hn, const void *prefix, size_t pn);

/* ---- IP addresses and networks ------------------------------------------- */

/* The longest address text accepted (an IPv6 address with an IPv4 tail). */
#define RT_IP_TEXT_MAX 45
/* The longest CIDR text: an address, '/', three digits. */
#define RT_IPNET_TEXT_MAX (RT_IP_TEXT_MAX + 4)

/*
 * An address: dotted IPv4 (four decimal parts, each 0-255, no leading
 * zeros: inet_pton's rules) or IPv6 text (inet_pton AF_INET6). An
 * IPv4-mapped IPv6 address (::ffff:a.b.c.d) is stored as the IPv4 address,
 * as Falco's socket table stores such sockets (Falco itself refuses the text
 * as an operand: vakt takes it). -EINVAL on anything else, -E2BIG past
 * RT_IP_TEXT_MAX bytes.
 */
int rt_ip_parse(const char *s, size_t n, struct rt_ip *out, struct vakt_error **err);

/*
 * A CIDR block "address/bits" (the operand of an IPNET field: fd.net,
 * fd.snet, ...): bits is 1 to 3 decimal digits, 0-32 for IPv4, 1-128 for
 * IPv6 (Falco refuses an IPv6 /0; so does this). Host bits may be set
 * (10.1.2.3/8 is 10.0.0.0/8, as in Falco); they are cleared in *out. An
 * IPv4-mapped IPv6 block of /96 or longer becomes the IPv4 block. No '/'
 * is an error, as in Falco. -E2BIG past RT_IPNET_TEXT_MAX bytes.
 */
int rt_ipnet_parse(const char *s, size_t n, struct rt_ipnet *out, struct vakt_error **err);

/* ip with an IPv4-mapped IPv6 address turned into the IPv4 address. */
void rt_ip_normalize(struct rt_ip *ip);
/* `=` on addresses: the same family and bytes, after rt_ip_normalize() of both. */
bool rt_ip_equal(const struct rt_ip *a, const struct rt_ip *b);
/*
 * `=` (and `in`) of an address against a network: the same family (after
 * rt_ip_normalize) and the first net->bits bits equal. An address of one
 * family is never in a network of the other.
 */
bool rt_ip_in_net(const struct rt_ip *ip, const struct rt_ipnet *net);

/* ---- transformers --------------------------------------------------------- */

enum rt_xf {
	RT_XF_NONE = 0,
	RT_XF_TOLOWER,
	RT_XF_TOUPPER,
	RT_XF_B64,
	RT_XF_BASENAME,
	RT_XF_LEN,
};

/* The transformer named name (len bytes: "tolower"...), RT_XF_NONE when none. */
enum rt_xf rt_xf_lookup(const char *name, size_t len);
/* Its name ("tolower"), NULL for RT_XF_NONE. */
const char *rt_xf_name(enum rt_xf xf);
/*
 * Whether xf applies to a value of type in (is_list: a multi-valued field
 * read whole), and the type it gives in *out, as Falco types them:
 * tolower, toupper, basename take a string; b64 a string or bytes; len a
 * string, bytes or a list, and gives a number (RT_FT_U64).
 */
bool rt_xf_accepts(enum rt_xf xf, enum rt_ftype in, bool is_list, enum rt_ftype *out);

/*
 * The transformers on one string or bytes value. Like Falco they first drop
 * trailing NUL bytes of the input. out needs room for n bytes (no result is
 * longer than its input); *out_n is the length written.
 */
void rt_xf_tolower(const char *in, size_t n, char *out, size_t *out_n);
void rt_xf_toupper(const char *in, size_t n, char *out, size_t *out_n);
/*
 * Base64 decoding as Falco's b64(): the standard alphabet, up to two '='
 * at the end (their count is not checked), no white space, the unused bits
 * of the last character zero. Invalid input gives no value (false): the
 * field is then missing for this event and every comparison but `not` is
 * false.
 */
bool rt_xf_b64(const char *in, size_t n, char *out, size_t *out_n);
/*
 * basename(): what follows the last '/' ("" when the value ends with '/',
 * the whole value when it has none). Borrows from in: *out points into it.
 */
void rt_xf_basename(const char *in, size_t n, const char **out, size_t *out_n);
/*
 * len() of one value: a string's length in bytes up to its first NUL, a
 * buffer's (is_bytes) whole length. len() of a multi-valued field is the
 * number of values, which the caller counts.
 */
uint64_t rt_xf_len(const char *in, size_t n, bool is_bytes);

/* ---- sets ------------------------------------------------------------------ */

/* Ceilings of the sets; past them rt_*_add() fails with -E2BIG. */
#define RT_STRSET_MAX_ITEMS (1u << 20)
#define RT_STRSET_MAX_KEY   65536
#define RT_PMATCH_MAX_PATHS (1u << 16)
#define RT_PMATCH_MAX_PATH  4096 /* bytes of one search path (PATH_MAX) */
#define RT_PMATCH_MAX_DEPTH 256  /* components of one search path */

/*
 * A set of byte strings for `in` and `intersects` over long lists: built
 * once by the compiler, looked up on every event in O(1). Keys are copied
 * (the set owns them); any bytes, so a caller may also keep numbers as their
 * 8 bytes. Lookups are read-only and may run on several threads at once.
 */
struct rt_strset;

/* A new empty set; the caller owns it (rt_strset_free). Aborts on OOM. */
struct rt_strset *rt_strset_new(void);
/* Add a copy of key (a key already there is not an error). 0, or -E2BIG past a ceiling. */
int rt_strset_add(struct rt_strset *set, const void *key, size_t n, struct vakt_error **err);
bool rt_strset_has(const struct rt_strset *set, const void *key, size_t n);
size_t rt_strset_count(const struct rt_strset *set);
void rt_strset_free(struct rt_strset *set);

/*
 * `pmatch`: a compiled set of search paths; a path matches when it equals
 * one of them or lies below one (`/srv/data` matches `/srv/data` and
 * `/srv/data/x`, not `/srv/data_x` nor `/srv`). As Falco's path_prefix_search:
 *
 *  - paths are split on '/' and empty components dropped, so `/a//b/` is
 *    `/a/b`, and a relative `a/b` is `/a/b`;
 *  - the search path `/` (and the empty one) matches every path;
 *  - a component holding '*', '?' or '[' is a glob over that one component
 *    (rt_glob_match; it cannot reach past a '/'): `/home/x/.ssh` matches the
 *    search path `/home/x/.s*`, and `/home/alice/.ssh/id_rsa` matches
 *    `/home/?????/.ssh` and `/home/[a-z]*` followed by `/.ssh`;
 *  - a path below a shorter search path makes a longer one redundant, in
 *    either order of adding.
 *
 * Unlike Falco, every glob component of a level is tried against the same
 * path component (Falco's loop moves to the next path component after each
 * glob it tries, an order-dependent slip). Lookups walk the set once per
 * path component, binary-searching literal components, so a set of hundreds
 * costs a few comparisons per component. Read-only lookups may share a set.
 */
struct rt_pmatch;

/* A new empty set; the caller owns it (rt_pmatch_free). Aborts on OOM. */
struct rt_pmatch *rt_pmatch_new(void);
/*
 * Add a search path (copied). 0; -E2BIG past RT_PMATCH_MAX_PATHS paths or a
 * path longer than RT_PMATCH_MAX_PATH bytes or deeper than RT_PMATCH_MAX_DEPTH
 * components.
 */
int rt_pmatch_add(struct rt_pmatch *pm, const char *path, size_t n, struct vakt_error **err);
bool rt_pmatch_match(const struct rt_pmatch *pm, const char *path, size_t n);
void rt_pmatch_free(struct rt_pmatch *pm);

#endif
