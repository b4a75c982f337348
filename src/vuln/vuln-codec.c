/* SPDX-License-Identifier: MIT */
/*
 * The compact encoding of a record in the database (vuln-db-priv.h). The
 * decoder trusts nothing: the file may be damaged or written by someone
 * else, so every length and count is checked against the bytes left.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vuln-db-priv.h"
#include "vuln-osv.h"

/* --- encoding --------------------------------------------------------------------------- */

void vuln_codec_put_varint(struct vakt_buf *b, uint64_t v)
{
	char tmp[10];
	size_t n = 0;

	do {
		tmp[n] = (char)(v & 0x7f);
		v >>= 7;
		if (v)
			tmp[n] |= (char)0x80;
		n++;
	} while (v);
	vakt_buf_add(b, tmp, n);
}

static void put_str(struct vakt_buf *b, const char *s)
{
	size_t n = strlen(s);

	vuln_codec_put_varint(b, n);
	vakt_buf_add(b, s, n);
}

/* An optional string: length + 1, 0 for NULL. */
static void put_ostr(struct vakt_buf *b, const char *s)
{
	size_t n;

	if (!s) {
		vuln_codec_put_varint(b, 0);
		return;
	}
	n = strlen(s);
	vuln_codec_put_varint(b, n + 1);
	vakt_buf_add(b, s, n);
}

static void put_strs(struct vakt_buf *b, char *const *v, size_t n)
{
	vuln_codec_put_varint(b, n);
	for (size_t i = 0; i < n; i++)
		put_str(b, v[i]);
}

static void put_severity(struct vakt_buf *b, const struct vuln_severity *v, size_t n)
{
	vuln_codec_put_varint(b, n);
	for (size_t i = 0; i < n; i++) {
		vuln_codec_put_varint(b, (uint64_t)v[i].type);
		put_str(b, v[i].score);
	}
}

static void put_affected(struct vakt_buf *b, const struct vuln_affected *a)
{
	put_ostr(b, a->ecosystem);
	put_ostr(b, a->name);
	vuln_codec_put_varint(b, a->n_ranges);
	for (size_t i = 0; i < a->n_ranges; i++) {
		vuln_codec_put_varint(b, (uint64_t)a->ranges[i].type);
		vuln_codec_put_varint(b, a->ranges[i].n_events);
		for (size_t k = 0; k < a->ranges[i].n_events; k++) {
			vuln_codec_put_varint(b, (uint64_t)a->ranges[i].events[k].kind);
			put_str(b, a->ranges[i].events[k].version);
		}
	}
	put_strs(b, a->versions, a->n_versions);
	put_severity(b, a->severity, a->n_severity);
	put_ostr(b, a->urgency);
	vuln_codec_put_varint(b, (uint64_t)a->fix_state);
}

void vuln_codec_encode(const struct vuln_record *r, struct vakt_buf *b)
{
	struct vakt_buf entry = VAKT_BUF_INIT;

	put_str(b, r->id);
	put_str(b, r->modified);
	put_ostr(b, r->published);
	put_ostr(b, r->withdrawn);
	put_ostr(b, r->summary);
	put_strs(b, r->aliases, r->n_aliases);
	put_strs(b, r->upstream, r->n_upstream);
	put_strs(b, r->related, r->n_related);
	put_severity(b, r->severity, r->n_severity);
	vuln_codec_put_varint(b, r->n_affected);
	for (size_t i = 0; i < r->n_affected; i++) {
		vakt_buf_reset(&entry);
		put_affected(&entry, &r->affected[i]);
		vuln_codec_put_varint(b, entry.len);
		vakt_buf_add(b, entry.data, entry.len);
	}
	vakt_buf_release(&entry);
}

/* --- decoding --------------------------------------------------------------------------- */

/*
 * The decoder runs twice over the bytes: first only to add up the memory
 * the record needs (sizing: nothing is written), then to fill one block of
 * exactly that size. A lookup returns thousands of records; one allocation
 * each instead of twenty was a third of its time.
 */
struct rd {
	const unsigned char *p, *end;
	bool bad;
	char *block; /* NULL while sizing */
	size_t used; /* bytes of the block taken (or, sizing, needed) */
};

/* n bytes of the block, aligned for any member; NULL while sizing. */
static void *take(struct rd *d, size_t n)
{
	void *p = d->block ? d->block + d->used : NULL;

	d->used += (n + 7) & ~(size_t)7;
	return p;
}

bool vuln_codec_get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 64 && *p < end; shift += 7) {
		unsigned char c = *(*p)++;

		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return true;
	}
	return false;
}

static uint64_t get_varint(struct rd *d)
{
	uint64_t v;

	if (vuln_codec_get_varint(&d->p, d->end, &v))
		return v;
	d->bad = true;
	return 0;
}

/* A count of items of at least one byte each: never more than the bytes left. */
static size_t get_count(struct rd *d)
{
	uint64_t n = get_varint(d);

	if (n > (uint64_t)(d->end - d->p)) {
		d->bad = true;
		return 0;
	}
	return (size_t)n;
}

/* The next n bytes, or NULL (and bad) when fewer are left. */
static const char *get_bytes(struct rd *d, uint64_t n)
{
	const char *s = (const char *)d->p;

	if (d->bad || n > (uint64_t)(d->end - d->p)) {
		d->bad = true;
		return NULL;
	}
	d->p += n;
	return s;
}

/* A string of n bytes from the encoding, NUL-terminated in the block. */
static char *copy_str(struct rd *d, uint64_t n)
{
	const char *s = get_bytes(d, n);
	char *out;

	if (!s || memchr(s, 0, n)) {
		d->bad = true;
		return NULL;
	}
	out = take(d, n + 1);
	if (out) {
		memcpy(out, s, n);
		out[n] = '\0';
	}
	return out;
}

static char *get_str(struct rd *d)
{
	return copy_str(d, get_varint(d));
}

static char *get_ostr(struct rd *d)
{
	uint64_t n = get_varint(d);

	return n == 0 || d->bad ? NULL : copy_str(d, n - 1);
}

static void get_strs(struct rd *d, char ***v, size_t *n)
{
	size_t cnt = get_count(d);

	if (!cnt || d->bad)
		return;
	*v = take(d, cnt * sizeof(**v));
	for (size_t i = 0; i < cnt && !d->bad; i++) {
		char *x = get_str(d);

		if (*v)
			(*v)[i] = x;
	}
	*n = cnt;
}

static uint64_t get_enum(struct rd *d, uint64_t max)
{
	uint64_t v = get_varint(d);

	if (v > max)
		d->bad = true;
	return v;
}

static void get_severity(struct rd *d, struct vuln_severity **v, size_t *n)
{
	size_t cnt = get_count(d);

	if (!cnt || d->bad)
		return;
	*v = take(d, cnt * sizeof(**v));
	for (size_t i = 0; i < cnt && !d->bad; i++) {
		enum vuln_severity_type t = (enum vuln_severity_type)get_enum(d, VULN_SEV_OTHER);
		char *score = get_str(d);

		if (*v)
			(*v)[i] = (struct vuln_severity){t, score};
	}
	*n = cnt;
}

/* One affected entry after its package; a is where it goes (a scratch one while sizing). */
static void get_affected(struct rd *d, struct vuln_affected *a)
{
	size_t n = get_count(d);

	if (n && !d->bad) {
		a->ranges = take(d, n * sizeof(*a->ranges));
		a->n_ranges = n;
		for (size_t i = 0; i < n && !d->bad; i++) {
			struct vuln_range scratch = {0}, *rg = a->ranges ? &a->ranges[i] : &scratch;
			size_t ne;

			rg->type = (enum vuln_range_type)get_enum(d, VULN_RANGE_GIT);
			rg->events = NULL;
			rg->n_events = 0;
			ne = get_count(d);
			if (!ne || d->bad)
				continue;
			rg->events = take(d, ne * sizeof(*rg->events));
			rg->n_events = ne;
			for (size_t k = 0; k < ne && !d->bad; k++) {
				enum vuln_event_kind kind =
				    (enum vuln_event_kind)get_enum(d, VULN_EVENT_LIMIT);
				char *version = get_str(d);

				if (rg->events)
					rg->events[k] = (struct vuln_event){kind, version};
			}
		}
	}
	get_strs(d, &a->versions, &a->n_versions);
	get_severity(d, &a->severity, &a->n_severity);
	a->urgency = get_ostr(d);
	a->fix_state = (enum vuln_fix_state)get_enum(d, VULN_FIX_WONT_FIX);
}

/* Whether the optional string at d equals s (NULL matches only NULL); advances d. */
static bool ostr_equals(struct rd *d, const char *s)
{
	uint64_t n = get_varint(d);
	const char *p;

	if (n == 0)
		return s == NULL;
	p = get_bytes(d, n - 1);
	return p && s && strlen(s) == n - 1 && !memcmp(p, s, n - 1);
}

/* The record's fields before affected[]. */
static void get_head(struct rd *d, struct vuln_record *out)
{
	out->id = get_str(d);
	out->modified = get_str(d);
	out->published = get_ostr(d);
	out->withdrawn = get_ostr(d);
	out->summary = get_ostr(d);
	get_strs(d, &out->aliases, &out->n_aliases);
	get_strs(d, &out->upstream, &out->n_upstream);
	get_strs(d, &out->related, &out->n_related);
	get_severity(d, &out->severity, &out->n_severity);
}

/* One pass: sizing when d->block is NULL (out is then scratch), else filling. */
static void decode_pass(struct rd *d, const char *ecosystem, const char *name,
                        struct vuln_record *out)
{
	size_t n, kept = 0;
	const unsigned char *start;

	get_head(d, out);
	n = get_count(d);
	/* The kept entries' array comes first; its size is known after the sizing pass. */
	start = d->p;
	for (size_t i = 0; i < n && !d->bad; i++) {
		uint64_t elen = get_varint(d);
		const char *e = get_bytes(d, elen);
		struct rd peek;

		if (!e)
			break;
		peek = (struct rd){.p = (const unsigned char *)e,
		                   .end = (const unsigned char *)e + elen};
		if (ecosystem && (!ostr_equals(&peek, ecosystem) || !ostr_equals(&peek, name))) {
			d->bad |= peek.bad;
			continue;
		}
		kept++;
	}
	out->n_affected = kept;
	out->affected = kept ? take(d, kept * sizeof(*out->affected)) : NULL;
	d->p = start;
	kept = 0;
	for (size_t i = 0; i < n && !d->bad; i++) {
		uint64_t elen = get_varint(d);
		const char *e = get_bytes(d, elen);
		struct vuln_affected scratch = {0}, *a;
		struct rd sub;

		if (!e)
			break;
		sub = (struct rd){.p = (const unsigned char *)e,
		                  .end = (const unsigned char *)e + elen,
		                  .block = d->block,
		                  .used = d->used};
		if (ecosystem) {
			struct rd peek = sub;

			if (!ostr_equals(&peek, ecosystem) || !ostr_equals(&peek, name))
				continue;
		}
		a = out->affected ? &out->affected[kept] : &scratch;
		kept++;
		memset(a, 0, sizeof(*a));
		a->ecosystem = get_ostr(&sub);
		a->name = get_ostr(&sub);
		get_affected(&sub, a);
		d->bad |= sub.bad || sub.p != sub.end;
		d->used = sub.used;
	}
}

int vuln_codec_decode(const void *data, size_t len, const char *ecosystem, const char *name,
                      struct vuln_record *out)
{
	struct rd d = {.p = data, .end = (const unsigned char *)data + len};
	struct vuln_record scratch;

	size_t need;

	memset(out, 0, sizeof(*out));
	/* No record vakt stores is larger than the JSON it came from may be. */
	if (len > VULN_OSV_MAX_RECORD_BYTES)
		return -EBADMSG;
	memset(&scratch, 0, sizeof(scratch));
	decode_pass(&d, ecosystem, name, &scratch);
	if (d.bad || d.p != d.end)
		return -EBADMSG;
	/* The sizing pass checked every length: the filling pass reads the same bytes. */
	need = d.used;
	d = (struct rd){.p = data, .end = (const unsigned char *)data + len};
	d.block = vakt_xmalloc(need ? need : 1);
	decode_pass(&d, ecosystem, name, out);
	if (d.bad || d.used != need)
		abort(); /* the two passes read the same bytes the same way */
	out->block = d.block;
	return 0;
}
