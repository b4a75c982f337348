/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <time.h>

#include "util.h"

void *vakt_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		abort();
	return p;
}

void *vakt_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		abort();
	return p;
}

void *vakt_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		abort();
	return q;
}

char *vakt_xstrdup(const char *s)
{
	return s ? vakt_xstrndup(s, strlen(s)) : NULL;
}

char *vakt_xstrndup(const char *s, size_t n)
{
	char *p = vakt_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *vakt_xvasprintf(const char *fmt, va_list ap)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t len, cap;
	char small[256];
	va_list cp;
	int n;

	/* Most strings fit a small buffer: one formatting pass, one exact allocation. */
	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp); // NOLINT(clang-analyzer-valist.Uninitialized)
	va_end(cp);
	if (n >= 0 && (size_t)n < sizeof(small)) {
		char *s = vakt_xmalloc((size_t)n + 1);

		memcpy(s, small, (size_t)n + 1);
		return s;
	}
	vakt_buf_vaddf(&b, fmt, ap);
	len = b.len;
	cap = b.cap;
	/* The buffer grew by doubling: give back what the string does not use. */
	if (b.data && cap > len + 1 + 16)
		return vakt_xrealloc(vakt_buf_detach(&b), len + 1);
	return vakt_buf_detach(&b);
}

char *vakt_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void *vakt_grow(void *v, size_t elem, size_t need, size_t *cap)
{
	size_t c = *cap;

	if (need <= c)
		return v;
	if (c < 8)
		c = 8;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			abort();
		c *= 2;
	}
	if (c > SIZE_MAX / elem)
		abort();
	v = vakt_xrealloc(v, c * elem);
	*cap = c;
	return v;
}

static void buf_reserve(struct vakt_buf *b, size_t extra)
{
	if (extra > SIZE_MAX - b->len - 1)
		abort();
	b->data = vakt_grow(b->data, 1, b->len + extra + 1, &b->cap);
}

void vakt_buf_add(struct vakt_buf *b, const void *data, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void vakt_buf_adds(struct vakt_buf *b, const char *s)
{
	vakt_buf_add(b, s, strlen(s));
}

void vakt_buf_addc(struct vakt_buf *b, char c)
{
	buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void vakt_buf_vaddf(struct vakt_buf *b, const char *fmt, va_list ap)
{
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	va_list cp;
	int n;

	va_copy(cp, ap);
	/*
	 * Into the room left, in one pass when it fits: a buffer reused for many
	 * messages (a string pool's) nearly always has it. The analyser does not
	 * follow va_copy() of a parameter.
	 */
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
	n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, cp);
	va_end(cp);
	if (n >= 0 && (size_t)n < room) {
		b->len += (size_t)n;
		return;
	}
	if (room)
		b->data[b->len] = '\0'; /* what a cut pass wrote is not ours */
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void vakt_buf_addf(struct vakt_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vakt_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void vakt_buf_reset(struct vakt_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void vakt_buf_release(struct vakt_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *vakt_buf_detach(struct vakt_buf *b)
{
	char *s = b->data ? b->data : vakt_xstrdup("");

	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

const char *vakt_buf_str(const struct vakt_buf *b)
{
	return b->data ? b->data : "";
}

void vakt_strv_push(struct vakt_strv *sv, const char *s)
{
	vakt_strv_push_take(sv, vakt_xstrdup(s));
}

void vakt_strv_push_take(struct vakt_strv *sv, char *s)
{
	sv->v = vakt_grow(sv->v, sizeof(*sv->v), sv->n + 1, &sv->cap);
	sv->v[sv->n++] = s;
}

bool vakt_strv_contains(const struct vakt_strv *sv, const char *s, bool icase)
{
	for (size_t i = 0; i < sv->n; i++)
		if (icase ? !vakt_strcasecmp(sv->v[i], s) : !strcmp(sv->v[i], s))
			return true;
	return false;
}

void vakt_strv_release(struct vakt_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

int vakt_strcasecmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

	while (*x && lower(*x) == lower(*y)) {
		x++;
		y++;
	}
	return lower(*x) - lower(*y);
}

int vakt_strncasecmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (lower(*x) != lower(*y))
			return lower(*x) - lower(*y);
		if (!*x)
			return 0;
	}
	return 0;
}

bool vakt_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool vakt_istarts_with(const char *s, const char *prefix)
{
	return vakt_strncasecmp(s, prefix, strlen(prefix)) == 0;
}

bool vakt_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

int vakt_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s || *s == ' ' || *s == '+')
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

bool vakt_utf8_valid(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i];
		size_t len;
		unsigned min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			len = 2;
			min = 0x80;
			c &= 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			min = 0x800;
			c &= 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			min = 0x10000;
			c &= 0x07;
		} else {
			goto fail;
		}
		if (n - i < len)
			goto fail;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				goto fail;
			c = (c << 6) | (p[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			goto fail;
		i += len;
	}
	return true;
fail:
	if (bad)
		*bad = i;
	return false;
}

bool vakt_glob_match(const char *g, size_t gn, const char *s, size_t sn, bool icase)
{
	size_t gi = 0, si = 0, star_g = SIZE_MAX, star_s = 0;

	while (si < sn) {
		if (gi < gn && g[gi] == '*') {
			star_g = ++gi;
			star_s = si;
			continue;
		}
		if (gi < gn &&
		    (g[gi] == '?' || g[gi] == s[si] ||
		     (icase && lower((unsigned char)g[gi]) == lower((unsigned char)s[si])))) {
			gi++;
			si++;
			continue;
		}
		if (star_g == SIZE_MAX)
			return false;
		gi = star_g;
		si = ++star_s;
	}
	while (gi < gn && g[gi] == '*')
		gi++;
	return gi == gn;
}

bool vakt_date_valid(const char *s, size_t n)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;
	bool leap;

	if (n != 10)
		return false;
	for (size_t i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1970 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= days[m - 1] + (m == 2 && leap);
}

void vakt_date_today(char out[VAKT_DATE_LEN])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, VAKT_DATE_LEN, "%Y-%m-%d", &tm);
}

double vakt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int vakt_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
