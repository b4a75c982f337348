/* SPDX-License-Identifier: MIT */
/*
 * The fast path of the replay reader: an event line as the recorder writes
 * it, parsed in place without building a JSON tree (jansson takes a few
 * microseconds a line; replay should run at a million events a second).
 *
 * It accepts a strict subset only: the event's known keys (any order, no
 * repeats), integers without fraction or exponent in int64 range, strings
 * of printable ASCII without escapes. Anything else declines, and the
 * general reader (rt-replay.c, jansson) parses the line, errors included,
 * so the two agree on every line the fast path accepts (the fuzz harness
 * compares them).
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "core/util.h"
#include "rt-flags.h"
#include "rt-replay-priv.h"

struct fast {
	const char *p, *end;
	struct vakt_buf *scratch;
	size_t max_items;
};

struct span {
	const char *p;
	size_t n;
};

static inline void ws(struct fast *f)
{
	while (f->p < f->end && (*f->p == ' ' || *f->p == '\t' || *f->p == '\r' || *f->p == '\n'))
		f->p++;
}

/* The recorder writes no blanks: the byte sought is usually the next one. */
static inline bool eat(struct fast *f, char c)
{
	if (f->p < f->end && *f->p == c) {
		f->p++;
		return true;
	}
	ws(f);
	if (f->p >= f->end || *f->p != c)
		return false;
	f->p++;
	return true;
}

static inline bool peek(struct fast *f, char c)
{
	ws(f);
	return f->p < f->end && *f->p == c;
}

/* The bytes that end a plain string's run: '"', '\\', control bytes and all past 0x7e. */
static const bool stop_byte[256] = {
    [0 ... 0x1f] = true,
    ['"'] = true,
    ['\\'] = true,
    [0x7f ... 0xff] = true,
};

/* A string of printable ASCII without escapes, borrowed. */
static inline bool str(struct fast *f, struct span *s)
{
	const char *q;

	if (!eat(f, '"'))
		return false;
	for (q = f->p; q < f->end && !stop_byte[(unsigned char)*q]; q++)
		;
	if (q >= f->end || *q != '"')
		return false;
	s->p = f->p;
	s->n = (size_t)(q - f->p);
	f->p = q + 1;
	return true;
}

/* Whether s is the string literal lit (a constant length: memcmp inlined). */
#define is(s, lit) ((s)->n == sizeof(lit) - 1 && memcmp((s)->p, lit, sizeof(lit) - 1) == 0)

/* A JSON integer in int64 range; declines reals, leading zeros and what follows without a
 * delimiter. */
static bool i64(struct fast *f, int64_t *out)
{
	bool neg = false;
	uint64_t v = 0, lim;
	const char *start;

	ws(f);
	if (f->p < f->end && *f->p == '-') {
		neg = true;
		f->p++;
	}
	start = f->p;
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	/* 18 digits cannot overflow; a 19th is checked (a division a digit was 10% of a replay). */
	while (f->p < f->end && *f->p >= '0' && *f->p <= '9') {
		unsigned d = (unsigned)(*f->p - '0');

		if (f->p - start >= 18 && v > (lim - d) / 10)
			return false;
		v = v * 10 + d;
		f->p++;
	}
	if (f->p == start || (f->p - start > 1 && *start == '0'))
		return false;
	if (f->p < f->end && (*f->p == '.' || *f->p == 'e' || *f->p == 'E'))
		return false;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

/* A non-negative integer, or "0x..." (1 to 16 hex digits) as the recorder writes large ones. */
static bool u64(struct fast *f, uint64_t *out)
{
	struct span s;
	int64_t v;

	if (peek(f, '"')) {
		uint64_t x = 0;

		if (!str(f, &s) || s.n < 3 || s.n > 18 || s.p[0] != '0' ||
		    (s.p[1] != 'x' && s.p[1] != 'X'))
			return false;
		for (size_t i = 2; i < s.n; i++) {
			int d = vakt_hex_value(s.p[i]);

			if (d < 0)
				return false;
			x = x << 4 | (uint64_t)d;
		}
		*out = x;
		return true;
	}
	if (!i64(f, &v) || v < 0)
		return false;
	*out = (uint64_t)v;
	return true;
}

/* Keys seen in an object, for refusing repeats (jansson's JSON_REJECT_DUPLICATES). */
static bool once(unsigned *seen, unsigned bit)
{
	if (*seen & bit)
		return false;
	*seen |= bit;
	return true;
}

/*
 * The members of an object, after its '{': 1 at the next key (its '"'), 0
 * at the closing '}', -1 when malformed. *at is 0 at first.
 */
static inline int member(struct fast *f, int *at)
{
	if (eat(f, '}'))
		return 0;
	if ((*at)++ > 0 && !eat(f, ','))
		return -1;
	return peek(f, '"') ? 1 : -1;
}

/*
 * Whether the key at f->p is lit (quotes included: "\"name\""), then its
 * ':', both taken; f->p unchanged when not. Only the keys known are ever
 * asked for and any other declines the line, so a key is never scanned:
 * one compare of a constant length (a line has some twenty keys).
 */
static inline bool key_lit(struct fast *f, const char *lit, size_t n)
{
	const char *p = f->p;

	if ((size_t)(f->end - p) < n || memcmp(p, lit, n) != 0)
		return false;
	f->p = p + n;
	if (eat(f, ':'))
		return true;
	f->p = p;
	return false;
}

#define KEY(f, k) key_lit(f, "\"" k "\"", sizeof(k) + 1)

static bool endpoint(struct fast *f, struct rt_sockaddr *sa, struct span *path, bool *has_path)
{
	struct span fam = {0}, addr = {0};
	unsigned seen = 0;
	int at = 0, m;
	int64_t port = -1;
	char ip[64];

	memset(sa, 0, sizeof(*sa));
	*has_path = false;
	if (!eat(f, '{'))
		return false;
	while ((m = member(f, &at)) == 1) {
		bool ok;

		if (KEY(f, "family"))
			ok = once(&seen, 1) && str(f, &fam);
		else if (KEY(f, "addr"))
			ok = once(&seen, 2) && str(f, &addr);
		else if (KEY(f, "port"))
			ok = once(&seen, 4) && i64(f, &port);
		else if (KEY(f, "path"))
			ok = once(&seen, 8) && str(f, path);
		else
			ok = false;
		if (!ok)
			return false;
	}
	if (m < 0)
		return false;
	if (is(&fam, "unix")) {
		if (seen & 6)
			return false;
		sa->family = AF_UNIX;
		*has_path = (seen & 8) != 0;
		return true;
	}
	if (is(&fam, "inet"))
		sa->family = AF_INET;
	else if (is(&fam, "inet6"))
		sa->family = AF_INET6;
	else
		return false;
	if ((seen & 8) || !(seen & 2) || port < 0 || port > 0xffff || addr.n >= sizeof(ip))
		return false;
	memcpy(ip, addr.p, addr.n);
	ip[addr.n] = '\0';
	if (inet_pton(sa->family, ip, sa->addr) != 1)
		return false;
	sa->port = (uint16_t)port;
	return true;
}

/* An argument's decoded string in the scratch buffer (pointer fixed when the line is done). */
struct fix {
	bool scratch, path, peer_path;
	size_t off, len;
	struct span p, pp;
};

static bool list(struct fast *f, struct fix *x)
{
	size_t n = 0;
	struct span s;

	if (!eat(f, '['))
		return false;
	x->scratch = true;
	x->off = f->scratch->len;
	if (!eat(f, ']')) {
		do {
			if (++n > f->max_items || !str(f, &s))
				return false;
			vakt_buf_add(f->scratch, s.p, s.n);
			vakt_buf_addc(f->scratch, '\0');
		} while (eat(f, ','));
		if (!eat(f, ']'))
			return false;
	}
	x->len = f->scratch->len - x->off;
	return true;
}

static bool hexbytes(struct fast *f, struct fix *x)
{
	struct span s;

	if (!str(f, &s) || s.n % 2)
		return false;
	x->scratch = true;
	x->off = f->scratch->len;
	for (size_t i = 0; i < s.n; i += 2) {
		int a = vakt_hex_value(s.p[i]), b = vakt_hex_value(s.p[i + 1]);

		if (a < 0 || b < 0)
			return false;
		vakt_buf_addc(f->scratch, (char)(a << 4 | b));
	}
	x->len = s.n / 2;
	return true;
}

static bool tuple(struct fast *f, struct rt_arg *a, struct fix *x)
{
	unsigned seen = 0;
	int at = 0, m;
	int64_t l4 = 0;

	if (!eat(f, '{'))
		return false;
	while ((m = member(f, &at)) == 1) {
		bool ok;

		if (KEY(f, "local"))
			ok = once(&seen, 1) && endpoint(f, &a->sa, &x->p, &x->path);
		else if (KEY(f, "peer"))
			ok = once(&seen, 2) && endpoint(f, &a->peer, &x->pp, &x->peer_path);
		else if (KEY(f, "l4proto"))
			ok = once(&seen, 4) && i64(f, &l4) && l4 >= 0 && l4 <= 255;
		else
			ok = false;
		if (!ok)
			return false;
	}
	if (m < 0 || (seen & 3) != 3)
		return false;
	a->l4proto = (uint8_t)l4;
	return true;
}

enum { V_NONE, V_INT, V_UINT, V_STR, V_LIST, V_BYTES, V_SA, V_TUPLE };

static const enum rt_arg_kind kinds[] = {
    [V_INT] = RT_ARG_INT,      [V_UINT] = RT_ARG_UINT,   [V_STR] = RT_ARG_STR,
    [V_LIST] = RT_ARG_STRLIST, [V_BYTES] = RT_ARG_BYTES, [V_SA] = RT_ARG_SOCKADDR,
    [V_TUPLE] = RT_ARG_TUPLE,
};

/*
 * Strings the line's bytes hold: NUL-terminated in place of their closing
 * quote, but only once the whole line is accepted (a declined line goes to
 * the general reader unchanged).
 */
struct ends {
	char *at[2 * RT_ARGS_MAX];
	size_t n;
};

static bool arg(struct fast *f, struct rt_arg *a, struct fix *x, struct ends *e)
{
	struct span name = {0}, fl = {0}, s;
	unsigned seen = 0;
	int at = 0, m, kind = V_NONE;
	uint64_t u = 0;

	memset(a, 0, sizeof(*a));
	memset(x, 0, sizeof(*x));
	if (!eat(f, '{'))
		return false;
	while ((m = member(f, &at)) == 1) {
		bool ok = true, value = true;

		if (KEY(f, "name")) {
			value = false;
			ok = once(&seen, 1) && str(f, &name) && name.n > 0;
		} else if (KEY(f, "flags")) {
			value = false;
			ok = once(&seen, 2) && str(f, &fl);
		} else if (KEY(f, "int")) {
			kind = V_INT;
			ok = i64(f, &a->num);
		} else if (KEY(f, "uint")) {
			kind = V_UINT;
			ok = u64(f, &u);
			a->num = (int64_t)u;
		} else if (KEY(f, "str")) {
			kind = V_STR;
			ok = str(f, &s);
			x->p = s;
		} else if (KEY(f, "list")) {
			kind = V_LIST;
			ok = list(f, x);
		} else if (KEY(f, "bytes")) {
			kind = V_BYTES;
			ok = hexbytes(f, x);
		} else if (KEY(f, "sockaddr")) {
			kind = V_SA;
			ok = endpoint(f, &a->sa, &x->p, &x->path);
		} else if (KEY(f, "tuple")) {
			kind = V_TUPLE;
			ok = tuple(f, a, x);
		} else {
			return false;
		}
		/* One value per argument (the general reader picks among several in its own order).
		 */
		if (!ok || (value && !once(&seen, 4)))
			return false;
	}
	if (m < 0 || !(seen & 1) || kind == V_NONE)
		return false;
	a->kind = kinds[kind];
	if (seen & 2) {
		a->flags = rt_flagset_lookup(fl.p, fl.n);
		if (a->flags == RT_FLAGS_COUNT)
			return false;
	}
	a->name = name.p;
	e->at[e->n++] = (char *)name.p + name.n;
	if (kind == V_STR) {
		a->str = x->p.p;
		a->len = x->p.n;
		e->at[e->n++] = (char *)x->p.p + x->p.n;
	}
	return true;
}

int rt_replay_fast_event(char *line, size_t len, struct rt_event *ev, struct vakt_buf *scratch,
                         size_t max_items)
{
	struct fast f = {line, line + len, scratch, max_items};
	struct fix fx[RT_ARGS_MAX];
	struct ends e; /* at[] is written before it is read: not cleared (512 bytes an event) */
	struct span s;
	unsigned seen = 0;
	int at = 0, m;
	int64_t v = 0;
	uint64_t u = 0;

	e.n = 0;
	rt_replay_clear_event(ev);
	vakt_buf_reset(scratch);
	if (!eat(&f, '{'))
		return 0;
	while ((m = member(&f, &at)) == 1) {
		bool ok = true;

		if (KEY(&f, "ts")) {
			ok = once(&seen, 1) && u64(&f, &u);
			ev->ts = u;
		} else if (KEY(&f, "type")) {
			ok = once(&seen, 2) && str(&f, &s) &&
			     (ev->type = rt_evtype_lookup(s.p, s.n)) != RT_EV_NONE;
		} else if (KEY(&f, "cpu")) {
			ok = once(&seen, 4) && i64(&f, &v);
			ev->cpu = v >= INT32_MIN && v <= INT32_MAX ? (int32_t)v : 0;
		} else if (KEY(&f, "tid")) {
			ok = once(&seen, 8) && i64(&f, &ev->tid);
		} else if (KEY(&f, "pid")) {
			ok = once(&seen, 16) && i64(&f, &ev->pid);
		} else if (KEY(&f, "res")) {
			ok = once(&seen, 32) && i64(&f, &ev->res);
		} else if (KEY(&f, "args")) {
			ok = once(&seen, 64) && eat(&f, '[');
			if (ok && !eat(&f, ']')) {
				do {
					if (ev->n_args >= RT_ARGS_MAX ||
					    !arg(&f, &ev->args[ev->n_args], &fx[ev->n_args], &e))
						return 0;
					ev->n_args++;
				} while (eat(&f, ','));
				ok = eat(&f, ']');
			}
		} else {
			return 0;
		}
		if (!ok)
			return 0;
	}
	ws(&f);
	if (m < 0 || f.p != f.end || (seen & 11) != 11)
		return 0;
	if (!(seen & 16))
		ev->pid = ev->tid;
	for (size_t i = 0; i < e.n; i++)
		*e.at[i] = '\0';
	/* The scratch buffer is complete: point into it now. */
	for (uint32_t i = 0; i < ev->n_args; i++) {
		struct rt_arg *a = &ev->args[i];

		if (fx[i].scratch) {
			a->str = scratch->data ? scratch->data + fx[i].off : "";
			a->len = fx[i].len;
		}
		if (fx[i].path) {
			a->sa.path = fx[i].p.p;
			a->sa.path_len = fx[i].p.n;
		}
		if (fx[i].peer_path) {
			a->peer.path = fx[i].pp.p;
			a->peer.path_len = fx[i].pp.n;
		}
	}
	return 1;
}
