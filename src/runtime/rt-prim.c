/* SPDX-License-Identifier: MIT */
/*
 * TODO(match): replace with rt-match.h. Minimal private versions of the
 * comparison primitives (rt-prim.h), until the match part's rt-match.c is
 * merged; each function then becomes a call into it.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/util.h"
#include "rt-prim.h"

/* The prefix length of a CIDR block: decimal or 0x hex. */
static bool rt_prim_parse_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	unsigned base = 10;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i >= n)
		return false;
	for (; i < n; i++) {
		int d = base == 16 ? vakt_hex_value(s[i])
		                   : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);

		if (d < 0 || v > (UINT64_MAX - (uint64_t)d) / base)
			return false;
		v = v * base + (uint64_t)d;
	}
	*out = v;
	return true;
}

bool rt_prim_parse_net(const char *s, size_t n, struct rt_ipnet *out)
{
	char buf[64];
	const char *slash = memchr(s, '/', n);
	size_t alen = slash ? (size_t)(slash - s) : n;
	unsigned width;

	memset(out, 0, sizeof(*out));
	if (!alen || alen >= sizeof(buf))
		return false;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	if (inet_pton(AF_INET, buf, out->ip.a) == 1) {
		out->ip.family = AF_INET;
		width = 32;
	} else if (inet_pton(AF_INET6, buf, out->ip.a) == 1) {
		out->ip.family = AF_INET6;
		width = 128;
	} else {
		return false;
	}
	out->bits = (uint8_t)width;
	if (slash) {
		uint64_t bits;

		if (!rt_prim_parse_u64(slash + 1, n - alen - 1, &bits) || bits > width ||
		    slash[1] < '0' || slash[1] > '9')
			return false;
		out->bits = (uint8_t)bits;
	}
	return true;
}

/* The IPv4 address inside an IPv4-mapped IPv6 one (::ffff:a.b.c.d), in place. */
static struct rt_ip unmap(const struct rt_ip *ip)
{
	static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	struct rt_ip r = *ip;

	if (ip->family == AF_INET6 && !memcmp(ip->a, prefix, sizeof(prefix))) {
		memset(&r, 0, sizeof(r));
		r.family = AF_INET;
		memcpy(r.a, ip->a + 12, 4);
	}
	return r;
}

bool rt_prim_net_contains(const struct rt_ipnet *net, const struct rt_ip *ip)
{
	struct rt_ip a = unmap(ip), b = unmap(&net->ip);
	unsigned bits = net->bits, full;

	if (a.family != b.family)
		return false;
	if (b.family == AF_INET && net->ip.family == AF_INET6)
		bits = bits >= 96 ? bits - 96 : 0;
	full = bits / 8;
	if (memcmp(a.a, b.a, full))
		return false;
	if (bits % 8) {
		uint8_t mask = (uint8_t)(0xff << (8 - bits % 8));

		return (a.a[full] & mask) == (b.a[full] & mask);
	}
	return true;
}

size_t rt_prim_format_ip(const struct rt_ip *ip, char *out, size_t cap)
{
	if (!inet_ntop(ip->family == AF_INET ? AF_INET : AF_INET6, ip->a, out, (socklen_t)cap)) {
		if (cap)
			out[0] = '\0';
		return 0;
	}
	return strlen(out);
}
