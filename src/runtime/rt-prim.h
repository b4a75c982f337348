/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_PRIM_H
#define VAKT_RT_PRIM_H

/*
 * The comparison primitives the rule language calls, behind one internal
 * header so that the evaluator and the compiler never name where they come
 * from. TODO(match): replace with rt-match.h: these are minimal private
 * versions written before the match part (rt-match.c) lands; swapping is a
 * change of rt-prim.c alone, each function becoming a call into rt-match.h.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt-field.h"

/*
 * An address ("10.0.0.1", "::1") or a CIDR block ("10.0.0.0/8"); an address
 * is a block of its full width. False when s is neither.
 */
bool rt_prim_parse_net(const char *s, size_t n, struct rt_ipnet *out);
/* Whether ip lies in net (families must agree; IPv4-mapped IPv6 counts as IPv4). */
bool rt_prim_net_contains(const struct rt_ipnet *net, const struct rt_ip *ip);
/* An address as text ("10.0.0.1", "::1") into out (at least 46 bytes); its length. */
size_t rt_prim_format_ip(const struct rt_ip *ip, char *out, size_t cap);

#endif
