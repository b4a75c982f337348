/* SPDX-License-Identifier: MIT */
/*
 * IP address and CIDR operands, and the match of an address against them,
 * as Falco's value parser (inet_pton, "address/bits") and its IPADDR and
 * IPNET comparisons give them. The text is parsed by inet_pton(3), on a
 * bounded copy of the operand.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "core/error.h"
#include "runtime/rt-match.h"

static const uint8_t v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static bool is_v4_mapped(const struct rt_ip *ip)
{
	return ip->family == AF_INET6 && memcmp(ip->a, v4_mapped_prefix, 12) == 0;
}

void rt_ip_normalize(struct rt_ip *ip)
{
	if (!is_v4_mapped(ip))
		return;
	memmove(ip->a, ip->a + 12, 4);
	memset(ip->a + 4, 0, 12);
	ip->family = AF_INET;
}

/* The address s[0..n) as written, IPv4-mapped IPv6 kept as IPv6. */
static int ip_parse_raw(const char *s, size_t n, struct rt_ip *out, struct vakt_error **err)
{
	char buf[RT_IP_TEXT_MAX + 1];
	int q = (int)(n > RT_IP_TEXT_MAX ? RT_IP_TEXT_MAX : n);

	if (n > RT_IP_TEXT_MAX)
		return vakt_error_set(err, -E2BIG,
		                      "IP address '%.*s...' is too long (more than %d bytes)", q, s,
		                      RT_IP_TEXT_MAX);
	if (n == 0)
		return vakt_error_set(err, -EINVAL, "empty IP address");
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(out, 0, sizeof(*out));
	/* An embedded NUL would end inet_pton's text early: not an address. */
	if (memchr(s, '\0', n))
		goto bad;
	if (!memchr(s, ':', n)) {
		if (inet_pton(AF_INET, buf, out->a) != 1)
			goto bad;
		out->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, out->a) != 1)
		goto bad;
	out->family = AF_INET6;
	return 0;
bad:
	return vakt_error_set(err, -EINVAL, "invalid IP address '%.*s'", q, s);
}

int rt_ip_parse(const char *s, size_t n, struct rt_ip *out, struct vakt_error **err)
{
	int r = ip_parse_raw(s, n, out, err);

	if (r < 0)
		return r;
	rt_ip_normalize(out);
	return 0;
}

/* Clear the bits of ip past the first bits. */
static void clear_host_bits(struct rt_ip *ip, unsigned bits)
{
	size_t len = ip->family == AF_INET ? 4 : 16;

	for (size_t i = 0; i < len; i++) {
		if (bits >= 8) {
			bits -= 8;
			continue;
		}
		ip->a[i] &= (uint8_t)(0xff00u >> bits);
		bits = 0;
	}
}

int rt_ipnet_parse(const char *s, size_t n, struct rt_ipnet *out, struct vakt_error **err)
{
	int q = (int)(n > RT_IPNET_TEXT_MAX ? RT_IPNET_TEXT_MAX : n);
	const char *slash;
	size_t alen, blen;
	unsigned bits = 0;
	int r;

	if (n > RT_IPNET_TEXT_MAX)
		return vakt_error_set(err, -E2BIG,
		                      "CIDR block '%.*s...' is too long (more than %d bytes)", q, s,
		                      RT_IPNET_TEXT_MAX);
	slash = n ? memchr(s, '/', n) : NULL;
	if (!slash)
		return vakt_error_set(err, -EINVAL,
		                      "invalid CIDR block '%.*s': expected address/bits", q, s);
	alen = (size_t)(slash - s);
	blen = n - alen - 1;
	if (blen == 0 || blen > 3)
		goto bad_bits;
	for (size_t i = 0; i < blen; i++) {
		if (slash[1 + i] < '0' || slash[1 + i] > '9')
			goto bad_bits;
		bits = bits * 10 + (unsigned)(slash[1 + i] - '0');
	}
	r = ip_parse_raw(s, alen, &out->ip, err);
	if (r < 0) {
		if (err && *err)
			vakt_error_prefix(*err, "invalid CIDR block '%.*s'", q, s);
		return r;
	}
	if (out->ip.family == AF_INET ? bits > 32 : (bits == 0 || bits > 128))
		goto bad_bits;
	if (is_v4_mapped(&out->ip) && bits >= 96) {
		rt_ip_normalize(&out->ip);
		bits -= 96;
	}
	out->bits = (uint8_t)bits;
	clear_host_bits(&out->ip, bits);
	return 0;
bad_bits:
	return vakt_error_set(err, -EINVAL,
	                      "invalid CIDR block '%.*s': the prefix length must be 0-32 for "
	                      "IPv4, 1-128 for IPv6",
	                      q, s);
}

bool rt_ip_equal(const struct rt_ip *a, const struct rt_ip *b)
{
	struct rt_ip x = *a, y = *b;

	rt_ip_normalize(&x);
	rt_ip_normalize(&y);
	if (x.family != y.family)
		return false;
	return memcmp(x.a, y.a, x.family == AF_INET ? 4 : 16) == 0;
}

bool rt_ip_in_net(const struct rt_ip *ip, const struct rt_ipnet *net)
{
	struct rt_ip x = *ip;
	unsigned bits = net->bits, full = bits / 8, rest = bits % 8;

	rt_ip_normalize(&x);
	if (x.family != net->ip.family || bits > (x.family == AF_INET ? 32u : 128u))
		return false;
	if (memcmp(x.a, net->ip.a, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((x.a[full] ^ net->ip.a[full]) & (uint8_t)(0xff00u >> rest)) == 0;
}
