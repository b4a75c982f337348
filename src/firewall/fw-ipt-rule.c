/* SPDX-License-Identifier: MIT */
/*
 * One iptables rule's arguments (what follows `-A CHAIN`) into a struct
 * fw_rule: the base options (-s -d -i -o -p -f), the matches vakt models
 * (tcp/udp/sctp/dccp ports, multiport, conntrack and state, addrtype LOCAL,
 * comment), the ones it passes over (limit, hashlimit below a rate) and the
 * rest kept as opaque text, then the target (-j, -g) with the NAT targets'
 * destinations. Negation is read both ways iptables has accepted it: `! -s X`
 * and the old `-s ! X`.
 *
 * As iptables does, an option of the protocol's own match (--dport after
 * `-p tcp`) is read without `-m tcp`, wherever it stands in the rule.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "fw-ipt-priv.h"

/* The reader's state over one rule. */
struct rd {
	const struct fw_ipt_word *w;
	size_t n, i;
	struct fw_ipt_version *ver;
	struct fw_rule *r;
	struct fw_ipt_fault *f;
	bool *other_family;
	/* The match whose options follow (in_match), with its opaque text so far. */
	bool in_match;
	enum fw_ipt_match kind;
	struct vakt_buf op;
	size_t op_opts;  /* options of the match not modelled, appended to op */
	bool op_keep;    /* keep op whatever it holds (opaque match, hashlimit above) */
	bool in_target;  /* after -j: the target's options follow */
	bool had_target; /* -j or -g seen */
	const char *target;
	bool seen_s, seen_d, seen_i, seen_o, seen_p, seen_f;
};

static int fault(struct rd *d, int col, const char *fmt, ...) VAKT_PRINTF(3, 4);

static int fault(struct rd *d, int col, const char *fmt, ...)
{
	va_list ap;

	d->f->col = col;
	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is just above
	vsnprintf(d->f->msg, sizeof(d->f->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* An option word: "-p", "--dport", "-4"; not a value such as "-1" or "-". */
static bool is_option(const char *s)
{
	if (s[0] != '-' || !s[1])
		return false;
	if (s[1] >= '0' && s[1] <= '9')
		return (s[1] == '4' || s[1] == '6') && !s[2];
	return true;
}

/*
 * The value of option opt (at column col): the next word, after an old-form
 * '!' when neg is given (which it then sets). *vcol: the value's column.
 */
static int value(struct rd *d, const char *opt, int col, bool *neg, const char **out, int *vcol)
{
	*out = "";
	*vcol = col;
	if (d->i < d->n && strcmp(d->w[d->i].s, "!") == 0) {
		if (!neg)
			return fault(d, d->w[d->i].col, "'%s' cannot be negated", opt);
		if (*neg)
			return fault(d, d->w[d->i].col, "'!' given twice for '%s'", opt);
		*neg = true;
		d->i++;
	}
	if (d->i >= d->n)
		return fault(d, col, "expected a value after '%s'", opt);
	*out = d->w[d->i].s;
	*vcol = d->w[d->i].col;
	d->i++;
	return 0;
}

/* Add word s to the match's opaque text, quoted when it must be. */
static void op_word(struct rd *d, const char *s)
{
	if (d->op.len)
		vakt_buf_addc(&d->op, ' ');
	if (*s && !strpbrk(s, " \t\"'\\")) {
		vakt_buf_adds(&d->op, s);
		return;
	}
	vakt_buf_addc(&d->op, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			vakt_buf_addc(&d->op, '\\');
		vakt_buf_addc(&d->op, *s);
	}
	vakt_buf_addc(&d->op, '"');
}

/* Close the current match: keep its opaque text when it matters. */
static void match_end(struct rd *d)
{
	if (d->in_match && d->op.len && d->kind != FW_IPT_M_PASS &&
	    (d->op_keep || (d->op_opts && d->kind != FW_IPT_M_HASHLIMIT)))
		fw_rule_add_opaque(d->r, vakt_buf_str(&d->op));
	vakt_buf_reset(&d->op);
	d->in_match = false;
	d->op_opts = 0;
	d->op_keep = false;
	d->in_target = false;
}

static void match_begin(struct rd *d, const char *how, const char *name)
{
	match_end(d);
	d->in_match = true;
	d->kind = fw_ipt_match_of(name);
	d->op_keep = d->kind == FW_IPT_M_OPAQUE;
	op_word(d, how);
	op_word(d, name);
}

/* --- values ------------------------------------------------------------ */

static int family_check(struct rd *d, int col, uint8_t family)
{
	if (!d->ver->v) {
		d->ver->v = family;
		return 0;
	}
	if (d->ver->v == family)
		return 0;
	if (d->ver->fixed)
		return fault(d, col, "expected an IPv%u address: the rule set is IPv%u",
		             (unsigned)d->ver->v, (unsigned)d->ver->v);
	return fault(d, col, "expected an IPv%u address like the rules before it, got IPv%u",
	             (unsigned)d->ver->v, (unsigned)family);
}

/* The prefix length of a contiguous mask ("255.255.0.0", "ffff:ffff::"), or -1. */
static int mask_len(const char *s, size_t n, uint8_t family)
{
	struct fw_prefix m;
	unsigned bytes = family == 6 ? 16 : 4, len = 0;
	bool ended = false;

	if (fw_prefix_parse(s, n, &m) < 0 || m.family != family || m.len != bytes * 8)
		return -1;
	for (unsigned b = 0; b < bytes; b++)
		for (int bit = 7; bit >= 0; bit--) {
			bool one = m.addr[b] >> bit & 1;

			if (one && ended)
				return -1;
			if (one)
				len++;
			else
				ended = true;
		}
	return (int)len;
}

/* One address of -s/-d: "10.0.0.1", "10.0.0.0/8", "10.0.0.0/255.0.0.0", "fd00::/8". */
static int prefix_item(const char *s, size_t n, struct fw_prefix *p)
{
	const char *slash = memchr(s, '/', n);

	if (slash && (memchr(slash, '.', n - (size_t)(slash - s)) ||
	              memchr(slash, ':', n - (size_t)(slash - s)))) {
		int len;

		if (fw_prefix_parse(s, (size_t)(slash - s), p) < 0)
			return -EINVAL;
		len = mask_len(slash + 1, n - (size_t)(slash - s) - 1, p->family);
		if (len < 0)
			return -EINVAL;
		p->len = (uint8_t)len;
		return 0;
	}
	return fw_prefix_parse(s, n, p);
}

/* A host name iptables would resolve when the rule is loaded ("db.example.com"). */
static bool host_name(const char *s)
{
	bool letter = false;

	if (!*s || *s == '-' || *s == '.')
		return false;
	for (; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			letter = true;
		else if (!(*s >= '0' && *s <= '9') && *s != '-' && *s != '.' && *s != '_')
			return false;
	}
	return letter;
}

/* An address with a mask that is not a prefix: "10.0.0.0/255.0.255.0". */
static bool odd_mask(const char *s)
{
	const char *slash = strchr(s, '/');
	struct fw_prefix p;

	return slash && strchr(slash, '.') && fw_prefix_parse(s, (size_t)(slash - s), &p) == 0 &&
	       p.family == 4 && mask_len(slash + 1, strlen(slash + 1), 4) < 0 &&
	       fw_prefix_parse(slash + 1, strlen(slash + 1), &p) == 0 && p.family == 4;
}

static int opt_addrs(struct rd *d, struct fw_addrs *a, bool *seen, const char *opt, int col,
                     bool neg)
{
	const char *v, *p;
	int vcol, rc;
	size_t items = 0;

	if (*seen)
		return fault(d, col, "'%s' given twice in one rule", opt);
	*seen = true;
	rc = value(d, opt, col, &neg, &v, &vcol);
	if (rc < 0)
		return rc;
	a->negate = neg;
	if (!strchr(v, ',') && (host_name(v) || odd_mask(v))) {
		/*
		 * resolved by iptables when loaded: its addresses are not in the
		 * dump; or a mask with holes (iptables-save writes them as given),
		 * which no prefix says
		 */
		a->unresolved = true;
		a->set_name = vakt_xstrdup(v);
		return 0;
	}
	for (p = v;; items++) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		struct fw_prefix pf;

		if (prefix_item(p, len, &pf) < 0)
			return fault(
			    d, vcol + (int)(p - v),
			    "'%s': expected an address, a prefix (10.0.0.0/8) or an address "
			    "with a contiguous mask, got '%.*s'",
			    opt, (int)(len > 64 ? 64 : len), p);
		rc = family_check(d, vcol + (int)(p - v), pf.family);
		if (rc < 0)
			return rc;
		fw_addrs_add(a, &pf);
		if (!comma)
			break;
		p = comma + 1;
	}
	if (neg && items > 0)
		return fault(d, col, "'!' is not allowed with several addresses in '%s'", opt);
	return 0;
}

static int opt_iface(struct rd *d, struct fw_iface *f, bool *seen, const char *opt, int col,
                     bool neg)
{
	const char *v;
	int vcol, rc;
	size_t len;

	if (*seen)
		return fault(d, col, "'%s' given twice in one rule", opt);
	*seen = true;
	rc = value(d, opt, col, &neg, &v, &vcol);
	if (rc < 0)
		return rc;
	len = strlen(v);
	if (len == 0 || len > 15 || strpbrk(v, " \t/"))
		return fault(d, vcol, "'%s': expected an interface name of 1 to 15 characters",
		             opt);
	f->negate = neg;
	f->wildcard = v[len - 1] == '+';
	f->name = vakt_xstrndup(v, f->wildcard ? len - 1 : len);
	return 0;
}

static int opt_proto(struct rd *d, int col, bool neg)
{
	const char *v;
	int vcol, rc;
	long num;

	if (d->seen_p)
		return fault(d, col, "'-p' given twice in one rule");
	d->seen_p = true;
	rc = value(d, "-p", col, &neg, &v, &vcol);
	if (rc < 0)
		return rc;
	d->r->proto_negate = neg;
	if (vakt_parse_long(v, 0, 255, &num) == 0) {
		d->r->proto = (uint8_t)num;
		return 0;
	}
	if (fw_ipt_proto_of(v, &d->r->proto))
		return 0;
	return fault(d, vcol,
	             "'-p': expected a protocol (tcp, udp, icmp, all or a number), got '%s'", v);
}

/* A port number or service name, s[0..n). */
static int port_one(const char *s, size_t n, uint16_t *out)
{
	unsigned long v = 0;

	if (n == 0)
		return -EINVAL;
	if (s[0] >= '0' && s[0] <= '9') {
		for (size_t k = 0; k < n; k++) {
			if (s[k] < '0' || s[k] > '9')
				return -EINVAL;
			v = v * 10 + (unsigned long)(s[k] - '0');
			if (v > 65535)
				return -ERANGE;
		}
		*out = (uint16_t)v;
		return 0;
	}
	return fw_ipt_service_of(s, n, out) ? 0 : -EINVAL;
}

/* "22", "1000:2000", ":1024" (0-1024), "1024:" (1024-65535). */
static int port_range(const char *s, size_t n, uint16_t *lo, uint16_t *hi)
{
	const char *colon = memchr(s, ':', n);

	if (!colon) {
		if (port_one(s, n, lo) < 0)
			return -EINVAL;
		*hi = *lo;
		return 0;
	}
	*lo = 0;
	*hi = 65535;
	if (colon > s && port_one(s, (size_t)(colon - s), lo) < 0)
		return -EINVAL;
	if ((size_t)(colon - s) + 1 < n && port_one(colon + 1, n - (size_t)(colon - s) - 1, hi) < 0)
		return -EINVAL;
	return n == 1 ? -EINVAL : 0;
}

static int opt_ports(struct rd *d, struct fw_ports *p, const char *opt, int col, bool neg,
                     bool list)
{
	const char *v, *s;
	int vcol, rc;

	if (p->n)
		return fault(d, col, "'%s': the rule already matches on these ports", opt);
	rc = value(d, opt, col, &neg, &v, &vcol);
	if (rc < 0)
		return rc;
	p->negate = neg;
	for (s = v;;) {
		const char *comma = list ? strchr(s, ',') : NULL;
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		uint16_t lo, hi;

		if (port_range(s, len, &lo, &hi) < 0)
			return fault(d, vcol + (int)(s - v),
			             "'%s': expected a port or a range (1000:2000)%s, got '%.*s'",
			             opt, list ? " in a list (80,443)" : "",
			             (int)(len > 64 ? 64 : len), s);
		fw_ports_add(p, lo, hi);
		if (!comma)
			break;
		s = comma + 1;
	}
	return 0;
}

static int opt_ct(struct rd *d, const char *opt, int col, bool neg)
{
	const char *v, *s;
	int vcol, rc;
	unsigned bits = 0;

	rc = value(d, opt, col, &neg, &v, &vcol);
	if (rc < 0)
		return rc;
	for (s = v;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		unsigned bit;

		if (!fw_ipt_ct_of(s, len, &bit))
			return fault(d, vcol + (int)(s - v),
			             "'%s': expected conntrack states (NEW, ESTABLISHED, RELATED, "
			             "INVALID, UNTRACKED), got '%.*s'",
			             opt, (int)(len > 64 ? 64 : len), s);
		bits |= bit;
		if (!comma)
			break;
		s = comma + 1;
	}
	if (d->r->ct_states && (d->r->ct_negate || neg || !(d->r->ct_states & bits))) {
		/* a second, negated or disjoint state match: kept as written */
		char *t = vakt_xasprintf("-m %s %s%s %s",
		                         d->kind == FW_IPT_M_STATE ? "state" : "conntrack",
		                         neg ? "! " : "", opt, v);

		fw_rule_add_opaque(d->r, t);
		free(t);
		return 0;
	}
	/* two state matches must both match */
	d->r->ct_states = d->r->ct_states ? d->r->ct_states & bits : bits;
	d->r->ct_negate = neg;
	return 0;
}

/* --- matches ----------------------------------------------------------- */

static bool is_port_option(const char *o)
{
	return !strcmp(o, "--dport") || !strcmp(o, "--sport") || !strcmp(o, "--destination-port") ||
	       !strcmp(o, "--source-port");
}

/* Options of the protocol's own match, read after `-p PROTO` without `-m PROTO`. */
static bool is_proto_option(const char *o)
{
	return is_port_option(o) || !strcmp(o, "--syn") || !strcmp(o, "--tcp-flags") ||
	       !strcmp(o, "--tcp-option") || !strcmp(o, "--icmp-type") ||
	       !strcmp(o, "--icmpv6-type") || !strcmp(o, "--chunk-types");
}

/* The name of the match `-p` loads implicitly, or NULL. */
static const char *proto_match(uint8_t proto)
{
	switch (proto) {
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 132:
		return "sctp";
	case 33:
		return "dccp";
	case 136:
		return "udplite";
	case 1:
		return "icmp";
	case 58:
		return "icmp6";
	default:
		return NULL;
	}
}

/* An option the current match models: 1 read, 0 not its own, <0 fault. */
static int match_option(struct rd *d, const char *o, int col, bool neg)
{
	int rc = 0;

	switch (d->kind) {
	case FW_IPT_M_PORTS:
		if (!strcmp(o, "--dport") || !strcmp(o, "--destination-port"))
			rc = opt_ports(d, &d->r->dport, o, col, neg, false);
		else if (!strcmp(o, "--sport") || !strcmp(o, "--source-port"))
			rc = opt_ports(d, &d->r->sport, o, col, neg, false);
		else
			return 0;
		break;
	case FW_IPT_M_MULTIPORT:
		/* --ports matches either port: read as the destination, the one that serves */
		if (!strcmp(o, "--dports") || !strcmp(o, "--destination-ports") ||
		    !strcmp(o, "--ports"))
			rc = opt_ports(d, &d->r->dport, o, col, neg, true);
		else if (!strcmp(o, "--sports") || !strcmp(o, "--source-ports"))
			rc = opt_ports(d, &d->r->sport, o, col, neg, true);
		else
			return 0;
		break;
	case FW_IPT_M_CONNTRACK:
		if (strcmp(o, "--ctstate"))
			return 0;
		rc = opt_ct(d, o, col, neg);
		break;
	case FW_IPT_M_STATE:
		if (strcmp(o, "--state"))
			return 0;
		rc = opt_ct(d, o, col, neg);
		break;
	case FW_IPT_M_ADDRTYPE: {
		struct fw_addrs *a = !strcmp(o, "--dst-type")   ? &d->r->dst
		                     : !strcmp(o, "--src-type") ? &d->r->src
		                                                : NULL;
		size_t j = d->i;
		bool negated = neg;

		if (!a)
			return 0;
		if (j < d->n && !strcmp(d->w[j].s, "!") && !neg)
			negated = true, j++;
		/* LOCAL only; BROADCAST, UNICAST ... are kept as opaque */
		if (j >= d->n || strcmp(d->w[j].s, "LOCAL") || a->addrtype != FW_ADDRTYPE_ANY)
			return 0;
		a->addrtype = negated ? FW_ADDRTYPE_NOT_LOCAL : FW_ADDRTYPE_LOCAL;
		d->i = j + 1;
		return 1;
	}
	case FW_IPT_M_COMMENT: {
		const char *v;
		int vcol;

		if (strcmp(o, "--comment"))
			return 0;
		rc = value(d, o, col, NULL, &v, &vcol);
		if (rc == 0 && !d->r->comment)
			d->r->comment = vakt_xstrdup(v);
		break;
	}
	case FW_IPT_M_HASHLIMIT:
		if (!strcmp(o, "--hashlimit-above"))
			d->op_keep = true;
		return 0;
	case FW_IPT_M_ICMP:
		if (!strcmp(o, "--icmp-type") || !strcmp(o, "--icmpv6-type"))
			d->op_keep = true;
		return 0;
	case FW_IPT_M_PASS:
	case FW_IPT_M_OPAQUE:
		return 0;
	}
	return rc < 0 ? rc : 1;
}

/* The words of an option vakt does not model, appended to the match's text. */
static void opaque_option(struct rd *d, const char *o, bool neg)
{
	if (neg)
		op_word(d, "!");
	op_word(d, o);
	d->op_opts++;
	while (d->i < d->n) {
		const char *s = d->w[d->i].s;

		if (is_option(s))
			break;
		/* a '!' before the next option negates it, not a value of this one */
		if (!strcmp(s, "!") && (d->i + 1 >= d->n || is_option(d->w[d->i + 1].s)))
			break;
		op_word(d, s);
		d->i++;
	}
}

/* --- targets ----------------------------------------------------------- */

/* "172.17.0.2", "172.17.0.2:80", "10.0.0.1-10.0.0.9:80-90", "[fd00::2]:80", "fd00::2", ":80". */
static int nat_to(struct rd *d, const char *opt, const char *v, int vcol)
{
	const char *addr = v, *ports = NULL;
	size_t alen;

	if (v[0] == '[') {
		const char *close = strchr(v, ']');

		if (!close || (close[1] && close[1] != ':'))
			goto bad;
		addr = v + 1;
		alen = (size_t)(close - addr);
		ports = close[1] ? close + 2 : NULL;
	} else {
		const char *colon = strchr(v, ':');

		if (colon && strchr(colon + 1, ':')) { /* IPv6 without a port */
			alen = strlen(v);
		} else {
			alen = colon ? (size_t)(colon - v) : strlen(v);
			ports = colon ? colon + 1 : NULL;
		}
	}
	if (alen) {
		/* a range: the first address stands for it */
		const char *dash = memchr(addr, '-', alen);

		if (fw_prefix_parse(addr, dash ? (size_t)(dash - addr) : alen, &d->r->to_addr) < 0)
			goto bad;
	}
	if (ports) {
		const char *dash = strchr(ports, '-');
		uint16_t lo, hi;

		if (port_one(ports, dash ? (size_t)(dash - ports) : strlen(ports), &lo) < 0)
			goto bad;
		hi = lo;
		if (dash && port_one(dash + 1, strlen(dash + 1), &hi) < 0)
			goto bad;
		d->r->to_ports.lo = lo < hi ? lo : hi;
		d->r->to_ports.hi = lo < hi ? hi : lo;
	}
	return 0;
bad:
	return fault(d, vcol,
	             "'%s': expected ADDRESS[:PORT] (172.17.0.2:80, [fd00::2]:80), got '%s'", opt,
	             v);
}

static int target_option(struct rd *d, const char *o, int col, bool neg)
{
	const char *v;
	int vcol, rc;
	bool dnat = !strcmp(d->target, "DNAT"), snat = !strcmp(d->target, "SNAT");

	if ((dnat && !strcmp(o, "--to-destination")) || (snat && !strcmp(o, "--to-source"))) {
		rc = value(d, o, col, NULL, &v, &vcol);
		/* a second --to-destination (old kernels' round robin): the first is kept */
		if (rc == 0 && !d->r->to_addr.family && !d->r->to_ports.lo)
			rc = nat_to(d, o, v, vcol);
		return rc;
	}
	if ((!strcmp(d->target, "REDIRECT") || !strcmp(d->target, "MASQUERADE")) &&
	    !strcmp(o, "--to-ports")) {
		const char *dash;
		uint16_t lo, hi;

		rc = value(d, o, col, NULL, &v, &vcol);
		if (rc < 0)
			return rc;
		dash = strchr(v, '-');
		if (port_one(v, dash ? (size_t)(dash - v) : strlen(v), &lo) < 0 ||
		    (dash && port_one(dash + 1, strlen(dash + 1), &hi) < 0))
			return fault(d, vcol,
			             "'%s': expected a port or a range (8080-8090), got '%s'", o,
			             v);
		if (!dash)
			hi = lo;
		d->r->to_ports.lo = lo < hi ? lo : hi;
		d->r->to_ports.hi = lo < hi ? hi : lo;
		return 0;
	}
	/* --reject-with, --log-prefix, --set-xmark ...: read past, values and all */
	while (
	    d->i < d->n && !is_option(d->w[d->i].s) &&
	    !(strcmp(d->w[d->i].s, "!") == 0 && (d->i + 1 >= d->n || is_option(d->w[d->i + 1].s))))
		d->i++;
	return 0;
}

static int opt_target(struct rd *d, const char *o, int col, bool neg, bool go)
{
	const char *v;
	int vcol, rc;

	if (neg)
		return fault(d, col, "'%s' cannot be negated", o);
	if (d->had_target)
		return fault(d, col, "'%s': the rule already has a target", o);
	d->had_target = true;
	rc = value(d, o, col, NULL, &v, &vcol);
	if (rc < 0)
		return rc;
	if (!*v || strlen(v) > 28 || is_option(v))
		return fault(d, vcol, "'%s': expected a target or a chain name, got '%s'", o, v);
	d->target = v;
	if (go) {
		d->r->verdict = FW_VERDICT_GOTO;
		d->r->target = vakt_xstrdup(v);
		return 0;
	}
	d->in_target = true;
	if (fw_ipt_target_of(v, &d->r->verdict)) {
		if (d->r->verdict == FW_VERDICT_OTHER)
			d->r->target = vakt_xstrdup(v);
		return 0;
	}
	d->r->verdict = FW_VERDICT_JUMP;
	d->r->target = vakt_xstrdup(v);
	return 0;
}

/* --- the rule ---------------------------------------------------------- */

/* An option that is not a base one: the current match's, the target's, or the protocol's. */
static int ext_option(struct rd *d, const char *o, int col, bool neg)
{
	int rc;

	if (d->in_target && !is_proto_option(o))
		return target_option(d, o, col, neg);
	if (d->in_match) {
		rc = match_option(d, o, col, neg);
		if (rc)
			return rc < 0 ? rc : 0;
		/*
		 * --dport after `-m comment`: the protocol's match, as iptables reads
		 * it; after `-m tcp` (--tcp-flags) or an unknown match, the match's own
		 */
		if (!is_proto_option(o) || d->kind == FW_IPT_M_PORTS || d->kind == FW_IPT_M_ICMP ||
		    d->kind == FW_IPT_M_OPAQUE) {
			opaque_option(d, o, neg);
			return 0;
		}
	}
	if (!d->r->proto_negate && proto_match(d->r->proto) && is_proto_option(o)) {
		bool in_target = d->in_target;

		match_begin(d, "-p", proto_match(d->r->proto));
		rc = match_option(d, o, col, neg);
		if (rc == 0)
			opaque_option(d, o, neg);
		if (in_target) { /* `-j LOG --dport 22 --log-prefix x`: back to the target's options
			          */
			match_end(d);
			d->in_target = true;
		}
		return rc < 0 ? rc : 0;
	}
	return fault(d, col, "unknown option '%s' (expected it after '-m MATCH' or '-p PROTOCOL')",
	             o);
}

static const char *const base_options[] = {
    "-s",
    "--source",
    "--src",
    "-d",
    "--destination",
    "--dst",
    "-i",
    "--in-interface",
    "-o",
    "--out-interface",
    "-p",
    "--protocol",
    "-f",
    "--fragment",
    "-m",
    "--match",
    "-j",
    "--jump",
    "-g",
    "--goto",
    "-c",
    "--set-counters",
    "-4",
    "--ipv4",
    "-6",
    "--ipv6",
};

static bool is_base_option(const char *o)
{
	for (size_t k = 0; k < VAKT_ARRAY_SIZE(base_options); k++)
		if (!strcmp(base_options[k], o))
			return true;
	return false;
}

static int base_option(struct rd *d, const char *o, int col, bool neg)
{
	struct fw_rule *r = d->r;

	if (!strcmp(o, "-s") || !strcmp(o, "--source") || !strcmp(o, "--src"))
		return opt_addrs(d, &r->src, &d->seen_s, o, col, neg);
	if (!strcmp(o, "-d") || !strcmp(o, "--destination") || !strcmp(o, "--dst"))
		return opt_addrs(d, &r->dst, &d->seen_d, o, col, neg);
	if (!strcmp(o, "-i") || !strcmp(o, "--in-interface"))
		return opt_iface(d, &r->iif, &d->seen_i, o, col, neg);
	if (!strcmp(o, "-o") || !strcmp(o, "--out-interface"))
		return opt_iface(d, &r->oif, &d->seen_o, o, col, neg);
	if (!strcmp(o, "-p") || !strcmp(o, "--protocol"))
		return opt_proto(d, col, neg);
	if (!strcmp(o, "-f") || !strcmp(o, "--fragment")) {
		if (d->seen_f)
			return fault(d, col, "'%s' given twice in one rule", o);
		d->seen_f = true;
		fw_rule_add_opaque(r, neg ? "! -f" : "-f");
		return 0;
	}
	if (!strcmp(o, "-m") || !strcmp(o, "--match")) {
		const char *v;
		int vcol, rc;

		if (neg)
			return fault(d, col, "'%s' cannot be negated (put '!' before the option)",
			             o);
		rc = value(d, o, col, NULL, &v, &vcol);
		if (rc < 0)
			return rc;
		if (!*v || is_option(v) || strpbrk(v, " \t"))
			return fault(d, vcol, "'%s': expected a match name, got '%s'", o, v);
		match_begin(d, "-m", v);
		return 0;
	}
	if (!strcmp(o, "-j") || !strcmp(o, "--jump"))
		return opt_target(d, o, col, neg, false);
	if (!strcmp(o, "-g") || !strcmp(o, "--goto"))
		return opt_target(d, o, col, neg, true);
	if (!strcmp(o, "-c") || !strcmp(o, "--set-counters")) {
		const char *v;
		int vcol, rc = value(d, o, col, NULL, &v, &vcol);

		return rc < 0 ? rc : value(d, o, col, NULL, &v, &vcol);
	}
	if (!strcmp(o, "-4") || !strcmp(o, "--ipv4") || !strcmp(o, "-6") || !strcmp(o, "--ipv6")) {
		uint8_t only = strchr(o, '4') ? 4 : 6;

		if (d->ver->v && d->ver->v != only)
			*d->other_family = true;
		r->only_family = only;
		return 0;
	}
	return fault(d, col, "unknown option '%s'", o);
}

int fw_ipt_rule_read(const struct fw_ipt_word *w, size_t n, struct fw_ipt_version *ver,
                     struct fw_rule *r, bool *other_family, struct fw_ipt_fault *f)
{
	struct rd d = {.w = w, .n = n, .ver = ver, .r = r, .f = f, .other_family = other_family};
	int rc = 0;

	*other_family = false;
	r->verdict = FW_VERDICT_NONE;
	while (d.i < d.n && rc >= 0) {
		const struct fw_ipt_word *t = &w[d.i++];
		bool neg = false;

		if (!strcmp(t->s, "!")) {
			if (d.i >= d.n) {
				rc = fault(&d, t->col, "expected an option after '!'");
				break;
			}
			neg = true;
			t = &w[d.i++];
			if (!strcmp(t->s, "!")) {
				rc = fault(&d, t->col, "'!' given twice");
				break;
			}
		}
		if (!is_option(t->s)) {
			rc = fault(&d, t->col,
			           "unexpected '%s' (expected an option such as -p, -m or -j)",
			           t->s);
			break;
		}
		if (is_base_option(t->s)) {
			/* a base option ends the current match's or target's options */
			match_end(&d);
			rc = base_option(&d, t->s, t->col, neg);
			continue;
		}
		if (t->s[1] != '-') {
			rc = fault(&d, t->col, "unknown option '%s'", t->s);
			break;
		}
		rc = ext_option(&d, t->s, t->col, neg);
	}
	if (rc >= 0)
		match_end(&d);
	vakt_buf_release(&d.op);
	return rc < 0 ? rc : 0;
}
