/* SPDX-License-Identifier: MIT */
/*
 * Telling a firewall dump by its name and by its first lines: iptables-save
 * text (also `iptables -S`, ufw's rule files), nft's own syntax and nft JSON.
 * Both answers are conservative: a name is claimed only when the tools or
 * the distributions give files that name, and content only when its first
 * significant line is one those formats start with.
 */
#include <stdbool.h>
#include <string.h>

#include "core/util.h"
#include "fw.h"

/* Bytes of a file the content sniff looks at: the first lines are enough. */
#define SNIFF_WINDOW (16 * 1024)
/* Significant lines looked at after nft `define` / `include` lines. */
#define SNIFF_MAX_LINES 64

struct sniff_name {
	const char *name;
	int format;
	uint8_t ip_version;
};

static const struct sniff_name sniff_names[] = {
    /* iptables-persistent (Debian, Ubuntu) */
    {"rules.v4", FW_FORMAT_IPTABLES, 4},
    {"rules.v6", FW_FORMAT_IPTABLES, 6},
    /* Arch's iptables.service, and the usual names of a saved dump */
    {"iptables.rules", FW_FORMAT_IPTABLES, 4},
    {"ip6tables.rules", FW_FORMAT_IPTABLES, 6},
    {"iptables.dump", FW_FORMAT_IPTABLES, 4},
    {"ip6tables.dump", FW_FORMAT_IPTABLES, 6},
    {"iptables-save.txt", FW_FORMAT_IPTABLES, 4},
    {"ip6tables-save.txt", FW_FORMAT_IPTABLES, 6},
    /* Alpine's and Gentoo's init scripts (/etc/iptables/rules-save, rules6-save) */
    {"rules-save", FW_FORMAT_IPTABLES, 0},
    {"rules6-save", FW_FORMAT_IPTABLES, 6},
    /* ufw (/etc/ufw) */
    {"user.rules", FW_FORMAT_IPTABLES, 4},
    {"user6.rules", FW_FORMAT_IPTABLES, 6},
    {"before.rules", FW_FORMAT_IPTABLES, 4},
    {"before6.rules", FW_FORMAT_IPTABLES, 6},
    {"after.rules", FW_FORMAT_IPTABLES, 4},
    {"after6.rules", FW_FORMAT_IPTABLES, 6},
    /* nftables */
    {"nftables.conf", FW_FORMAT_NFT, 0},
    {"nftables.json", FW_FORMAT_NFT_JSON, 0},
};

int fw_sniff_name(const char *basename, uint8_t *ip_version)
{
	size_t n;

	if (ip_version)
		*ip_version = 0;
	if (!basename)
		return -1;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(sniff_names); i++)
		if (strcmp(basename, sniff_names[i].name) == 0) {
			if (ip_version)
				*ip_version = sniff_names[i].ip_version;
			return sniff_names[i].format;
		}
	n = strlen(basename);
	/* "ruleset.nft.json" before "*.nft"; a bare ".nft" is a hidden file, not a rule set */
	if (n > 9 && strcmp(basename + n - 9, ".nft.json") == 0)
		return FW_FORMAT_NFT_JSON;
	if (n > 4 && strcmp(basename + n - 4, ".nft") == 0)
		return FW_FORMAT_NFT;
	return -1;
}

/* A line of the window: [s, s + n), trimmed of blanks at both ends. */
struct sniff_line {
	const char *s;
	size_t n;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Whether line l starts with word w followed by a blank or its end. */
static bool word_is(const struct sniff_line *l, size_t at, const char *w)
{
	size_t k = strlen(w);

	return at + k <= l->n && memcmp(l->s + at, w, k) == 0 &&
	       (at + k == l->n || is_blank(l->s[at + k]));
}

/* The offset of the next word after the one at `at` (l->n at the end). */
static size_t next_word(const struct sniff_line *l, size_t at)
{
	while (at < l->n && !is_blank(l->s[at]))
		at++;
	while (at < l->n && is_blank(l->s[at]))
		at++;
	return at;
}

static bool word_in(const struct sniff_line *l, size_t at, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (word_is(l, at, words[i]))
			return true;
	return false;
}

static const char *const ipt_tables[] = {"*filter", "*nat", "*mangle", "*raw", "*security", NULL};
static const char *const ipt_builtin[] = {"INPUT",      "FORWARD",     "OUTPUT",
                                          "PREROUTING", "POSTROUTING", NULL};
static const char *const ipt_policies[] = {"ACCEPT", "DROP", NULL};
static const char *const nft_families[] = {"ip", "ip6", "inet", "arp", "bridge", "netdev", NULL};

/* A word of an iptables chain name: non-empty, not an option. */
static bool chain_word(const struct sniff_line *l, size_t at)
{
	return at < l->n && l->s[at] != '-' && l->s[at] != '!';
}

/*
 * iptables-save and `iptables -S`: `*filter`, `:INPUT ACCEPT [0:0]`,
 * `-P INPUT DROP`, `-N CHAIN`, `-A CHAIN -...`, a `[0:0] -A` counter line.
 */
static bool ipt_line(const struct sniff_line *l)
{
	size_t at;

	if (word_in(l, 0, ipt_tables))
		return true;
	if (l->s[0] == ':') {
		struct sniff_line c = {l->s + 1, l->n - 1};

		if (!chain_word(&c, 0))
			return false;
		at = next_word(&c, 0);
		if (!word_in(&c, at, ipt_policies) && !word_is(&c, at, "-"))
			return false;
		at = next_word(&c, at);
		return at == c.n || c.s[at] == '[';
	}
	if (word_is(l, 0, "-P"))
		return word_in(l, next_word(l, 0), ipt_builtin) &&
		       word_in(l, next_word(l, next_word(l, 0)), ipt_policies);
	if (word_is(l, 0, "-N"))
		return chain_word(l, next_word(l, 0)) && next_word(l, next_word(l, 0)) == l->n;
	at = 0;
	if (l->s[0] == '[') {
		const char *close = memchr(l->s, ']', l->n);

		if (!close)
			return false;
		at = next_word(l, (size_t)(close - l->s));
	}
	if (word_is(l, at, "-A")) {
		at = next_word(l, at);
		if (!chain_word(l, at))
			return false;
		at = next_word(l, at);
		return at == l->n || l->s[at] == '-' || l->s[at] == '!';
	}
	return false;
}

/* nft: `flush ruleset`, `table [FAMILY] NAME {`, `add|create|delete table|chain|rule ...`. */
static bool nft_line(const struct sniff_line *l)
{
	size_t at;

	if (word_is(l, 0, "flush"))
		return word_is(l, next_word(l, 0), "ruleset");
	if (word_is(l, 0, "add") || word_is(l, 0, "create") || word_is(l, 0, "delete") ||
	    word_is(l, 0, "destroy")) {
		at = next_word(l, 0);
		return word_is(l, at, "table") || word_is(l, at, "chain") ||
		       word_is(l, at, "rule") || word_is(l, at, "set") || word_is(l, at, "map") ||
		       word_is(l, at, "element");
	}
	if (!word_is(l, 0, "table"))
		return false;
	at = next_word(l, 0);
	if (word_in(l, at, nft_families))
		at = next_word(l, at);
	if (at == l->n || l->s[at] == '{')
		return false;
	/* the name, then '{' after blanks or none ("table netdev ingress{") */
	while (at < l->n && !is_blank(l->s[at]) && l->s[at] != '{')
		at++;
	while (at < l->n && is_blank(l->s[at]))
		at++;
	return at < l->n && l->s[at] == '{';
}

/* `{"nftables": [` with any blanks. */
static bool nft_json(const char *p, const char *end)
{
	static const char key[] = "\"nftables\"";

	while (p < end && (is_blank(*p) || *p == '\n'))
		p++;
	if (p >= end || *p++ != '{')
		return false;
	while (p < end && (is_blank(*p) || *p == '\n'))
		p++;
	if ((size_t)(end - p) < sizeof(key) - 1 || memcmp(p, key, sizeof(key) - 1) != 0)
		return false;
	p += sizeof(key) - 1;
	while (p < end && (is_blank(*p) || *p == '\n'))
		p++;
	if (p >= end || *p++ != ':')
		return false;
	while (p < end && (is_blank(*p) || *p == '\n'))
		p++;
	return p < end && *p == '[';
}

int fw_sniff_content(const char *data, size_t len)
{
	const char *p = data, *end;
	unsigned seen = 0;
	bool nft_prelude = false;

	if (!data)
		return -1;
	if (len > SNIFF_WINDOW)
		len = SNIFF_WINDOW;
	end = data + len;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	if (nft_json(p, end))
		return FW_FORMAT_NFT_JSON;
	while (p < end && seen < SNIFF_MAX_LINES) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct sniff_line l = {p, (size_t)((nl ? nl : end) - p)};

		p = nl ? nl + 1 : end;
		if (memchr(l.s, '\0', l.n))
			return -1;
		while (l.n && is_blank(*l.s))
			l.s++, l.n--;
		while (l.n && is_blank(l.s[l.n - 1]))
			l.n--;
		if (!l.n)
			continue;
		if (l.s[0] == '#') {
			/* the shebang of an nft script: #!/usr/sbin/nft -f, #!/usr/bin/env nft */
			if (l.n > 2 && l.s[1] == '!' && seen == 0 && !nft_prelude) {
				struct sniff_line t = l;
				size_t at = 2;

				while (at < t.n && !is_blank(t.s[at]))
					at++;
				if ((at >= 5 && memcmp(t.s + at - 4, "/nft", 4) == 0) ||
				    (at >= 8 && memcmp(t.s + at - 4, "/env", 4) == 0 &&
				     word_is(&t, next_word(&t, 2), "nft")))
					return FW_FORMAT_NFT;
				return -1;
			}
			continue;
		}
		seen++;
		if (!nft_prelude && ipt_line(&l))
			return FW_FORMAT_IPTABLES;
		if (nft_line(&l))
			return FW_FORMAT_NFT;
		/* nft files often define variables or include others before the first table */
		if (word_is(&l, 0, "define") || word_is(&l, 0, "include")) {
			nft_prelude = true;
			continue;
		}
		/* the rest of a define's set, until a table says what the file is */
		if (nft_prelude)
			continue;
		return -1;
	}
	return -1;
}
