/* SPDX-License-Identifier: MIT */
/* Sets of (protocol, port) as sorted, disjoint ranges, for NetworkPolicy ports. */
#include "kube-netpol.h"

static const char *const proto_names[KUBE_PROTO_COUNT] = {"TCP", "UDP", "SCTP"};

const char *kube_proto_name(enum kube_proto p)
{
	return (unsigned)p < KUBE_PROTO_COUNT ? proto_names[p] : "?";
}

bool kube_proto_parse(const char *s, enum kube_proto *out)
{
	for (size_t i = 0; s && i < KUBE_PROTO_COUNT; i++) {
		if (!strcmp(s, proto_names[i])) {
			*out = (enum kube_proto)i;
			return true;
		}
	}
	return false;
}

bool kube_port_parse(const struct vakt_yaml_node *n, unsigned *out)
{
	long long v;

	if (!vakt_yaml_int(n, &v) || v < 1 || v > (long long)KUBE_PORT_MAX)
		return false;
	*out = (unsigned)v;
	return true;
}

static int range_cmp(const void *a, const void *b)
{
	const struct kube_port_range *x = a, *y = b;

	if (x->proto != y->proto)
		return x->proto < y->proto ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return 0;
}

/* Sort and merge overlapping or adjacent ranges of the same protocol. */
static void ports_normalise(struct kube_ports *p)
{
	size_t w = 0;

	if (p->n < 2)
		return;
	qsort(p->v, p->n, sizeof(*p->v), range_cmp);
	for (size_t i = 1; i < p->n; i++) {
		struct kube_port_range *last = &p->v[w];

		if (p->v[i].proto == last->proto && p->v[i].lo <= last->hi + 1) {
			if (p->v[i].hi > last->hi)
				last->hi = p->v[i].hi;
		} else {
			p->v[++w] = p->v[i];
		}
	}
	p->n = w + 1;
}

void kube_ports_add(struct kube_ports *p, enum kube_proto proto, unsigned lo, unsigned hi)
{
	if (lo < 1)
		lo = 1;
	if (hi > KUBE_PORT_MAX)
		hi = KUBE_PORT_MAX;
	if (lo > hi || (unsigned)proto >= KUBE_PROTO_COUNT)
		return;
	p->v = vakt_grow(p->v, sizeof(*p->v), p->n + 1, &p->cap);
	p->v[p->n++] = (struct kube_port_range){proto, lo, hi};
	ports_normalise(p);
}

void kube_ports_add_all(struct kube_ports *p)
{
	for (int i = 0; i < KUBE_PROTO_COUNT; i++)
		kube_ports_add(p, (enum kube_proto)i, 1, KUBE_PORT_MAX);
}

void kube_ports_union(struct kube_ports *dst, const struct kube_ports *src)
{
	if (!src->n)
		return;
	dst->v = vakt_grow(dst->v, sizeof(*dst->v), dst->n + src->n, &dst->cap);
	memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	ports_normalise(dst);
}

void kube_ports_intersect(const struct kube_ports *a, const struct kube_ports *b,
                          struct kube_ports *out)
{
	size_t i = 0, j = 0;

	out->n = 0;
	/* Both are sorted by (proto, lo) and disjoint: one merge pass. */
	while (i < a->n && j < b->n) {
		const struct kube_port_range *x = &a->v[i], *y = &b->v[j];

		if (x->proto != y->proto) {
			if (x->proto < y->proto)
				i++;
			else
				j++;
			continue;
		}
		unsigned lo = x->lo > y->lo ? x->lo : y->lo;
		unsigned hi = x->hi < y->hi ? x->hi : y->hi;

		if (lo <= hi) {
			out->v = vakt_grow(out->v, sizeof(*out->v), out->n + 1, &out->cap);
			out->v[out->n++] = (struct kube_port_range){x->proto, lo, hi};
		}
		if (x->hi < y->hi)
			i++;
		else
			j++;
	}
}

bool kube_ports_empty(const struct kube_ports *p)
{
	return p->n == 0;
}

bool kube_ports_all(const struct kube_ports *p)
{
	if (p->n != KUBE_PROTO_COUNT)
		return false;
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].lo != 1 || p->v[i].hi != KUBE_PORT_MAX)
			return false;
	return true;
}

bool kube_ports_has(const struct kube_ports *p, enum kube_proto proto, unsigned port)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].proto == proto && p->v[i].lo <= port && port <= p->v[i].hi)
			return true;
	return false;
}

void kube_ports_format(const struct kube_ports *p, struct vakt_buf *b)
{
	if (kube_ports_all(p)) {
		vakt_buf_adds(b, "any");
		return;
	}
	if (!p->n) {
		vakt_buf_adds(b, "none");
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct kube_port_range *r = &p->v[i];

		vakt_buf_addf(b, "%s%s", i ? ", " : "", kube_proto_name(r->proto));
		if (r->lo == 1 && r->hi == KUBE_PORT_MAX)
			vakt_buf_adds(b, "/any");
		else if (r->lo == r->hi)
			vakt_buf_addf(b, "/%u", r->lo);
		else
			vakt_buf_addf(b, "/%u-%u", r->lo, r->hi);
	}
}

void kube_ports_reset(struct kube_ports *p)
{
	p->n = 0;
}

void kube_ports_release(struct kube_ports *p)
{
	free(p->v);
	*p = (struct kube_ports){0};
}
