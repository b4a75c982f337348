/* SPDX-License-Identifier: MIT */
/*
 * The lexer of nft's own syntax, and the names nft writes for services,
 * protocols, conntrack states, families, hooks and priorities.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fw-nft-priv.h"
#include "fw.h"

struct name_num {
	const char *name;
	int num;
};

/* Well-known services as /etc/services names them (the ones firewall rules use). */
static const struct name_num services[] = {
    {"ftp-data", 20},
    {"ftp", 21},
    {"ssh", 22},
    {"telnet", 23},
    {"smtp", 25},
    {"domain", 53},
    {"bootps", 67},
    {"bootpc", 68},
    {"tftp", 69},
    {"http", 80},
    {"www", 80},
    {"kerberos", 88},
    {"pop3", 110},
    {"sunrpc", 111},
    {"auth", 113},
    {"ntp", 123},
    {"netbios-ns", 137},
    {"netbios-dgm", 138},
    {"netbios-ssn", 139},
    {"imap2", 143},
    {"imap", 143},
    {"snmp", 161},
    {"snmp-trap", 162},
    {"bgp", 179},
    {"ldap", 389},
    {"https", 443},
    {"microsoft-ds", 445},
    {"isakmp", 500},
    {"submissions", 465},
    {"smtps", 465},
    {"syslog", 514},
    {"submission", 587},
    {"ldaps", 636},
    {"rsync", 873},
    {"imaps", 993},
    {"pop3s", 995},
    {"socks", 1080},
    {"openvpn", 1194},
    {"ms-sql-s", 1433},
    {"radius", 1812},
    {"nfs", 2049},
    {"mysql", 3306},
    {"ms-wbt-server", 3389},
    {"sip", 5060},
    {"postgresql", 5432},
    {"amqp", 5672},
    {"x11", 6000},
    {"http-alt", 8080},
    {"webcache", 8080},
    {"git", 9418},
    {"ipsec-nat-t", 4500},
    {"kerberos-adm", 749},
};

static const struct name_num protos[] = {
    {"icmp", IPPROTO_ICMP},
    {"igmp", IPPROTO_IGMP},
    {"tcp", IPPROTO_TCP},
    {"udp", IPPROTO_UDP},
    {"dccp", IPPROTO_DCCP},
    {"gre", IPPROTO_GRE},
    {"esp", IPPROTO_ESP},
    {"ah", IPPROTO_AH},
    {"icmpv6", IPPROTO_ICMPV6},
    {"ipv6-icmp", IPPROTO_ICMPV6},
    {"sctp", IPPROTO_SCTP},
    {"udplite", IPPROTO_UDPLITE},
    {"comp", 108},
    {"ipip", IPPROTO_IPIP},
    {"ipv6", IPPROTO_IPV6},
};

static int lookup(const struct name_num *t, size_t nt, const char *s, size_t n)
{
	for (size_t i = 0; i < nt; i++)
		if (strlen(t[i].name) == n && memcmp(t[i].name, s, n) == 0)
			return t[i].num;
	return -1;
}

/* A decimal number of at most max in s[0..n), or -1. */
static long decimal(const char *s, size_t n, long max)
{
	long v = 0;

	if (n == 0 || n > 10)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= max ? v : -1;
}

int fw_nft_service_port(const char *s, size_t n)
{
	long v = decimal(s, n, 65535);

	return v >= 0 ? (int)v : lookup(services, VAKT_ARRAY_SIZE(services), s, n);
}

int fw_nft_port_range(const char *s, size_t n, uint16_t *lo, uint16_t *hi)
{
	const char *dash = memchr(s, '-', n);
	int a, b;

	/* service names hold dashes too ("ftp-data"): the whole word first */
	a = fw_nft_service_port(s, n);
	if (a >= 0) {
		*lo = *hi = (uint16_t)a;
		return 0;
	}
	if (!dash)
		return -EINVAL;
	a = fw_nft_service_port(s, (size_t)(dash - s));
	b = fw_nft_service_port(dash + 1, n - (size_t)(dash - s) - 1);
	if (a < 0 || b < 0)
		return -EINVAL;
	*lo = (uint16_t)(a < b ? a : b);
	*hi = (uint16_t)(a < b ? b : a);
	return 0;
}

int fw_nft_proto_number(const char *s, size_t n)
{
	long v = decimal(s, n, 255);

	return v >= 0 ? (int)v : lookup(protos, VAKT_ARRAY_SIZE(protos), s, n);
}

unsigned fw_nft_ct_state(const char *s, size_t n)
{
	static const struct name_num states[] = {
	    {"new", FW_CT_NEW},
	    {"established", FW_CT_ESTABLISHED},
	    {"related", FW_CT_RELATED},
	    {"invalid", FW_CT_INVALID},
	    {"untracked", FW_CT_UNTRACKED},
	};
	int v = lookup(states, VAKT_ARRAY_SIZE(states), s, n);

	return v < 0 ? 0 : (unsigned)v;
}

uint8_t fw_nft_proto_bit(int proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return 1;
	case IPPROTO_UDP:
		return 2;
	case IPPROTO_SCTP:
		return 4;
	case IPPROTO_DCCP:
		return 8;
	default:
		return 0;
	}
}

int fw_nft_family(const char *s, size_t n)
{
	static const struct name_num fams[] = {
	    {"ip", FW_FAMILY_IP},   {"ip6", FW_FAMILY_IP6},       {"inet", FW_FAMILY_INET},
	    {"arp", FW_FAMILY_ARP}, {"bridge", FW_FAMILY_BRIDGE}, {"netdev", FW_FAMILY_NETDEV},
	};

	return lookup(fams, VAKT_ARRAY_SIZE(fams), s, n);
}

int fw_nft_hook(const char *s, size_t n)
{
	static const struct name_num hooks[] = {
	    {"prerouting", FW_HOOK_PREROUTING},   {"input", FW_HOOK_INPUT},
	    {"forward", FW_HOOK_FORWARD},         {"output", FW_HOOK_OUTPUT},
	    {"postrouting", FW_HOOK_POSTROUTING}, {"ingress", FW_HOOK_INGRESS},
	    {"egress", FW_HOOK_EGRESS},
	};

	return lookup(hooks, VAKT_ARRAY_SIZE(hooks), s, n);
}

int fw_nft_priority_named(const char *s, size_t n, enum fw_family family, bool *ok)
{
	/* nft(8), "Standard priority names": the bridge family has its own values */
	static const struct name_num inet[] = {
	    {"raw", -300}, {"mangle", -150}, {"dstnat", -100},
	    {"filter", 0}, {"security", 50}, {"srcnat", 100},
	};
	static const struct name_num bridge[] = {
	    {"dstnat", -300},
	    {"filter", -200},
	    {"out", 100},
	    {"srcnat", 300},
	};
	int v = family == FW_FAMILY_BRIDGE ? lookup(bridge, VAKT_ARRAY_SIZE(bridge), s, n)
	                                   : lookup(inet, VAKT_ARRAY_SIZE(inet), s, n);

	if (v == -1) {
		*ok = false;
		return 0;
	}
	*ok = true;
	return v;
}

/* The prefixes covering [lo, hi] (bits-wide addresses, big-endian bytes), appended to a. */
static void range_to_prefixes(struct fw_addrs *a, uint8_t family, const uint8_t *lo,
                              const uint8_t *hi)
{
	unsigned bits = family == 6 ? 128 : 32, bytes = bits / 8;
	uint8_t cur[16], end[16];

	memcpy(cur, lo, bytes);
	memcpy(end, hi, bytes);
	if (memcmp(cur, end, bytes) > 0)
		return;
	for (unsigned guard = 0; guard < 2 * bits + 2; guard++) {
		/* the largest block starting at cur that ends at or before end */
		unsigned len = bits;
		struct fw_prefix p = {.family = family};

		while (len > 0) {
			unsigned b = len - 1; /* try the block of prefix length b */
			uint8_t last[16];
			bool aligned = true;

			/* cur must have zero bits from b on */
			for (unsigned i = b; i < bits && aligned; i++)
				if (cur[i / 8] & (1u << (7 - i % 8)))
					aligned = false;
			if (!aligned)
				break;
			memcpy(last, cur, bytes);
			for (unsigned i = b; i < bits; i++)
				last[i / 8] |= (uint8_t)(1u << (7 - i % 8));
			if (memcmp(last, end, bytes) > 0)
				break;
			len = b;
		}
		memcpy(p.addr, cur, bytes);
		p.len = (uint8_t)len;
		fw_addrs_add(a, &p);
		/* cur = last address of the block + 1, stop when it was end */
		{
			uint8_t last[16];
			int i;

			memcpy(last, cur, bytes);
			for (unsigned k = len; k < bits; k++)
				last[k / 8] |= (uint8_t)(1u << (7 - k % 8));
			if (memcmp(last, end, bytes) >= 0)
				return;
			memcpy(cur, last, bytes);
			for (i = (int)bytes - 1; i >= 0; i--)
				if (++cur[i] != 0)
					break;
		}
	}
}

int fw_nft_addrs_add(struct fw_addrs *a, const char *s, size_t n)
{
	struct fw_prefix p, q;
	const char *dash = memchr(s, '-', n);

	if (!dash) {
		if (fw_prefix_parse(s, n, &p) < 0)
			return -EINVAL;
		fw_addrs_add(a, &p);
		return 0;
	}
	if (fw_prefix_parse(s, (size_t)(dash - s), &p) < 0 ||
	    fw_prefix_parse(dash + 1, n - (size_t)(dash - s) - 1, &q) < 0 || p.family != q.family ||
	    p.len != (p.family == 6 ? 128 : 32) || q.len != p.len)
		return -EINVAL;
	if (memcmp(p.addr, q.addr, p.family == 6 ? 16 : 4) > 0)
		return -EINVAL;
	range_to_prefixes(a, p.family, p.addr, q.addr);
	return 0;
}

void fw_nft_error(struct vakt_error_list *errs, int code, const char *file, int line, int col,
                  const char *fmt, ...)
{
	struct vakt_error *e = NULL;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set_at(&e, code, file, line, col, "%s", msg);
	free(msg);
	vakt_error_list_add(errs, e);
}

bool nft_tok_is(const struct nft_tok *t, const char *w)
{
	size_t n = strlen(w);

	return t->type == NFT_T_WORD && t->n == n && memcmp(t->s, w, n) == 0;
}

void nft_lex_init(struct nft_lexer *lx, const char *file, const char *text, size_t len)
{
	memset(lx, 0, sizeof(*lx));
	lx->file = file;
	/* a UTF-8 byte-order mark (editors on Windows) is no part of the first word */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	lx->p = text;
	lx->end = text + len;
	lx->line_start = text;
	lx->line = 1;
}

static bool is_word(unsigned char c)
{
	return c > ' ' && !strchr("{}();,\"#=<>!", c) && c != 0x7f;
}

static void newline(struct nft_lexer *lx)
{
	lx->line++;
	lx->line_start = lx->p;
	lx->line_checked = false;
}

static void set_tok(struct nft_lexer *lx, struct nft_tok *t, enum nft_tok_type type, const char *s,
                    size_t n)
{
	t->type = type;
	t->s = s;
	t->n = n;
	t->file = lx->file;
	t->line = lx->line;
	t->col = (int)(s - lx->line_start) + 1;
	t->semi = false;
	t->expanded = false;
}

/* A "# Warning: table ip filter is managed by iptables-nft" comment: "ip filter" in s and sn. */
static bool ipt_warning(const char *c, size_t n, const char **s, size_t *sn)
{
	static const char head[] = "# Warning: table ";
	const char *m;

	if (n < sizeof(head) - 1 || memcmp(c, head, sizeof(head) - 1) != 0)
		return false;
	*s = c + sizeof(head) - 1;
	/* after the head: "# Warning: table is managed ..." names no table */
	m = memmem(*s, n - (sizeof(head) - 1), " is managed by iptables-nft", 27);
	if (!m || m == *s)
		return false;
	*sn = (size_t)(m - *s);
	return true;
}

void nft_lex_next(struct nft_lexer *lx, struct nft_tok *t, struct vakt_error_list *errs)
{
	for (;;) {
		const char *start;
		unsigned char c;

		if (!lx->line_checked) {
			const char *nl = memchr(lx->p, '\n', (size_t)(lx->end - lx->p));
			size_t len = (size_t)((nl ? nl : lx->end) - lx->p);

			lx->line_checked = true;
			if (len > FW_MAX_LINE) {
				fw_nft_error(errs, -EINVAL, lx->file, lx->line, 1,
				             "line longer than %d bytes", FW_MAX_LINE);
				lx->p = nl ? nl : lx->end;
			}
		}
		if (lx->p >= lx->end) {
			set_tok(lx, t, NFT_T_EOF, lx->p, 0);
			return;
		}
		start = lx->p;
		c = (unsigned char)*lx->p;
		if (c == '\n') {
			lx->p++;
			set_tok(lx, t, NFT_T_END, start, 1);
			newline(lx);
			return;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0) {
			lx->p++;
			continue;
		}
		if (c == '\\' && lx->p + 1 < lx->end && (lx->p[1] == '\n' || lx->p[1] == '\r')) {
			lx->p++;
			if (*lx->p == '\r')
				lx->p++;
			if (lx->p < lx->end && *lx->p == '\n') {
				lx->p++;
				newline(lx);
			}
			continue;
		}
		if (c == '#') {
			const char *nl = memchr(lx->p, '\n', (size_t)(lx->end - lx->p));
			const char *e = nl ? nl : lx->end;
			const char *ws;
			size_t wn;

			lx->p = e;
			if (ipt_warning(start, (size_t)(e - start), &ws, &wn)) {
				set_tok(lx, t, NFT_T_WARN, ws, wn);
				return;
			}
			continue;
		}
		if (c == '"') {
			const char *q = lx->p + 1;

			while (q < lx->end && *q != '"' && *q != '\n')
				q += (*q == '\\' && q + 1 < lx->end && q[1] != '\n') ? 2 : 1;
			if (q >= lx->end || *q != '"') {
				fw_nft_error(errs, -EINVAL, lx->file, lx->line,
				             (int)(start - lx->line_start) + 1,
				             "unterminated string: expected '\"' before the end of "
				             "the line");
				set_tok(lx, t, NFT_T_STRING, start + 1, (size_t)(q - start - 1));
				lx->p = q;
				return;
			}
			set_tok(lx, t, NFT_T_STRING, start + 1, (size_t)(q - start - 1));
			lx->p = q + 1;
			return;
		}
		lx->p++;
		switch (c) {
		case ';':
			set_tok(lx, t, NFT_T_END, start, 1);
			t->semi = true;
			return;
		case '{':
			set_tok(lx, t, NFT_T_LBRACE, start, 1);
			return;
		case '}':
			set_tok(lx, t, NFT_T_RBRACE, start, 1);
			return;
		case '(':
			set_tok(lx, t, NFT_T_LPAREN, start, 1);
			return;
		case ')':
			set_tok(lx, t, NFT_T_RPAREN, start, 1);
			return;
		case ',':
			set_tok(lx, t, NFT_T_COMMA, start, 1);
			return;
		case '=':
		case '<':
		case '>':
		case '!':
			if (lx->p < lx->end && *lx->p == '=')
				lx->p++;
			set_tok(lx, t, NFT_T_OP, start, (size_t)(lx->p - start));
			return;
		default:
			break;
		}
		if (!is_word(c)) {
			fw_nft_error(errs, -EINVAL, lx->file, lx->line,
			             (int)(start - lx->line_start) + 1, "unexpected byte 0x%02x",
			             c);
			continue;
		}
		while (lx->p < lx->end && is_word((unsigned char)*lx->p))
			lx->p++;
		set_tok(lx, t, NFT_T_WORD, start, (size_t)(lx->p - start));
		return;
	}
}
