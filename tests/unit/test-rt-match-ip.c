/* SPDX-License-Identifier: MIT */
/* Unit tests for src/runtime/rt-match-ip.c: IP address and CIDR operands and their match. */
#include <arpa/inet.h>
#include <sys/socket.h>
#include <errno.h>
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

/* ---- IP ------------------------------------------------------------------------- */

static struct rt_ip ip_of(const char *s)
{
	struct rt_ip ip;

	if (rt_ip_parse(S(s), &ip, NULL) != 0)
		fail_msg("cannot parse address '%s'", s);
	return ip;
}

static struct rt_ipnet net_of(const char *s)
{
	struct rt_ipnet net;

	if (rt_ipnet_parse(S(s), &net, NULL) != 0)
		fail_msg("cannot parse CIDR '%s'", s);
	return net;
}

static void test_ip_parse(void **state)
{
	static const char *const bad[] = {
	    "",         "1.2.3",        "1.2.3.4.5",  "256.1.1.1", "01.2.3.4",
	    "1.2.3.4 ", " 1.2.3.4",     "1.2.3.-4",   "a.b.c.d",   "1:2:3:4:5:6:7:8:9",
	    ":::",      "fe80::1%eth0", "1.2.3.4/32", "localhost", "::ffff:1.2.3",
	};
	struct vakt_error *err = NULL;
	struct rt_ip ip;

	(void)state;
	ip = ip_of("10.1.2.3");
	assert_int_equal(ip.family, AF_INET);
	assert_memory_equal(ip.a, "\x0a\x01\x02\x03", 4);
	ip = ip_of("2001:db8::1");
	assert_int_equal(ip.family, AF_INET6);
	assert_int_equal(ip.a[0], 0x20);
	assert_int_equal(ip.a[15], 1);
	/* IPv4-mapped IPv6 is stored as the IPv4 address. */
	ip = ip_of("::ffff:192.168.0.1");
	assert_int_equal(ip.family, AF_INET);
	assert_memory_equal(ip.a, "\xc0\xa8\x00\x01", 4);
	ip = ip_of("::FFFF:c0a8:1");
	assert_int_equal(ip.family, AF_INET);
	ip = ip_of("::");
	assert_int_equal(ip.family, AF_INET6);
	ip = ip_of("0.0.0.0");
	assert_int_equal(ip.family, AF_INET);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (rt_ip_parse(S(bad[i]), &ip, &err) != -EINVAL)
			fail_msg("'%s' parsed as an address", bad[i]);
		assert_non_null(err);
		vakt_error_free(err);
		err = NULL;
	}
	assert_int_equal(rt_ip_parse("1.2.3.4\0", 8, &ip, &err), -EINVAL);
	vakt_error_free(err);
	err = NULL;
	/* The ceiling: longer than any address text. */
	assert_int_equal(
	    rt_ip_parse(S("1111:2222:3333:4444:5555:6666:777.888.999.1111"), &ip, &err), -E2BIG);
	assert_non_null(strstr(err->msg, "too long"));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(rt_ip_parse(S("0000:0000:0000:0000:0000:ffff:255.255.255.255"), &ip, &err),
	                 0);
	assert_int_equal(ip.family, AF_INET);
}

static void test_ipnet_parse(void **state)
{
	static const char *const bad[] = {
	    "10.0.0.0",      "10.0.0.0/",   "/8",          "10.0.0.0/33",
	    "10.0.0.0/8/9",  "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/ 8",
	    "10.0.0/8",      "::/0",        "::/129",      "2001:db8::/0x10",
	    "10.0.0.0/1234",
	};
	struct vakt_error *err = NULL;
	struct rt_ipnet net;

	(void)state;
	net = net_of("10.0.0.0/8");
	assert_int_equal(net.ip.family, AF_INET);
	assert_int_equal(net.bits, 8);
	/* Host bits are cleared, as Falco masks them. */
	net = net_of("10.1.2.3/8");
	assert_memory_equal(net.ip.a, "\x0a\x00\x00\x00", 4);
	net = net_of("192.168.1.77/25");
	assert_memory_equal(net.ip.a, "\xc0\xa8\x01\x00", 4);
	net = net_of("0.0.0.0/0");
	assert_int_equal(net.bits, 0);
	net = net_of("1.2.3.4/32");
	assert_int_equal(net.bits, 32);
	net = net_of("2001:db8::/32");
	assert_int_equal(net.ip.family, AF_INET6);
	assert_int_equal(net.bits, 32);
	net = net_of("::1/128");
	assert_int_equal(net.bits, 128);
	net = net_of("2001:db8:ffff::/33");
	assert_int_equal(net.ip.a[4], 0x80);
	assert_int_equal(net.ip.a[5], 0);
	net = net_of("10.0.0.0/08");
	assert_int_equal(net.bits, 8);
	/* An IPv4-mapped block of /96 or longer is the IPv4 block. */
	net = net_of("::ffff:10.0.0.0/104");
	assert_int_equal(net.ip.family, AF_INET);
	assert_int_equal(net.bits, 8);
	net = net_of("::ffff:0:0/96");
	assert_int_equal(net.ip.family, AF_INET);
	assert_int_equal(net.bits, 0);
	net = net_of("::ffff:0:0/95");
	assert_int_equal(net.ip.family, AF_INET6);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (rt_ipnet_parse(S(bad[i]), &net, &err) != -EINVAL)
			fail_msg("'%s' parsed as a CIDR block", bad[i]);
		assert_non_null(err);
		vakt_error_free(err);
		err = NULL;
	}
	assert_int_equal(rt_ipnet_parse(NULL, 0, &net, &err), -EINVAL);
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(rt_ipnet_parse(S("10.0.0.0"), &net, &err), -EINVAL);
	assert_non_null(strstr(err->msg, "expected address/bits"));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(rt_ipnet_parse(S("10.0.0.300/8"), &net, &err), -EINVAL);
	assert_non_null(strstr(err->msg, "invalid CIDR block '10.0.0.300/8'"));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(
	    rt_ipnet_parse(S("1111:2222:3333:4444:5555:6666:7777:8888/128xxxxxxxxxx"), &net, &err),
	    -E2BIG);
	vakt_error_free(err);
}

static void test_ip_match(void **state)
{
	struct rt_ip a, b;
	struct rt_ipnet n;

	(void)state;
	a = ip_of("10.2.3.4");
	assert_true(rt_ip_in_net(&a, &(struct rt_ipnet){net_of("10.0.0.0/8").ip, 8}));
	n = net_of("10.0.0.0/8");
	assert_true(rt_ip_in_net(&a, &n));
	n = net_of("11.0.0.0/8");
	assert_false(rt_ip_in_net(&a, &n));
	n = net_of("0.0.0.0/0");
	assert_true(rt_ip_in_net(&a, &n));
	n = net_of("10.2.3.4/32");
	assert_true(rt_ip_in_net(&a, &n));
	n = net_of("10.2.3.5/32");
	assert_false(rt_ip_in_net(&a, &n));
	n = net_of("10.2.3.0/31");
	assert_false(rt_ip_in_net(&a, &n));
	n = net_of("10.2.3.4/31");
	assert_true(rt_ip_in_net(&a, &n));
	n = net_of("172.16.0.0/12");
	a = ip_of("172.31.255.255");
	assert_true(rt_ip_in_net(&a, &n));
	a = ip_of("172.32.0.0");
	assert_false(rt_ip_in_net(&a, &n));

	/* An IPv4-mapped address is its IPv4 address, in either place. */
	b = (struct rt_ip){.family = AF_INET6};
	b.a[10] = b.a[11] = 0xff;
	memcpy(b.a + 12, "\x0a\x02\x03\x04", 4);
	n = net_of("10.0.0.0/8");
	assert_true(rt_ip_in_net(&b, &n));
	n = net_of("::ffff:10.0.0.0/104");
	assert_true(rt_ip_in_net(&b, &n));
	a = ip_of("10.2.3.4");
	assert_true(rt_ip_equal(&a, &b));
	assert_true(rt_ip_equal(&b, &a));

	/* Families never mix otherwise. */
	a = ip_of("10.2.3.4");
	n = net_of("::/1");
	assert_false(rt_ip_in_net(&a, &n));
	a = ip_of("2001:db8::1");
	n = net_of("0.0.0.0/0");
	assert_false(rt_ip_in_net(&a, &n));
	b = ip_of("0.0.0.0");
	a = ip_of("::");
	assert_false(rt_ip_equal(&a, &b));

	a = ip_of("2001:db8:abcd:12::1");
	n = net_of("2001:db8:abcd::/48");
	assert_true(rt_ip_in_net(&a, &n));
	n = net_of("2001:db8:abce::/48");
	assert_false(rt_ip_in_net(&a, &n));
	n = net_of("2001:db8:abcd:0010::/60");
	assert_true(rt_ip_in_net(&a, &n));
	n = net_of("2001:db8:abcd:0020::/60");
	assert_false(rt_ip_in_net(&a, &n));
	n = net_of("2001:db8:abcd:12::1/128");
	assert_true(rt_ip_in_net(&a, &n));
	n = net_of("2001:db8:abcd:12::2/128");
	assert_false(rt_ip_in_net(&a, &n));
	b = ip_of("2001:0db8:abcd:0012:0000:0000:0000:0001");
	assert_true(rt_ip_equal(&a, &b));
	b = ip_of("2001:db8:abcd:12::2");
	assert_false(rt_ip_equal(&a, &b));
	/* A network built by hand with a bad prefix matches nothing. */
	n = (struct rt_ipnet){ip_of("10.0.0.0"), 33};
	a = ip_of("10.0.0.0");
	assert_false(rt_ip_in_net(&a, &n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ip_parse),
	    cmocka_unit_test(test_ipnet_parse),
	    cmocka_unit_test(test_ip_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
