/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <string.h>

#include "rt-path.h"

struct pbuf {
	char *out;
	size_t cap, len;
	bool abs, full;
};

/* Add one component of s[0..n) (no '/' inside) to the path being built. */
static void add_component(struct pbuf *b, const char *s, size_t n)
{
	if (n == 0 || (n == 1 && s[0] == '.'))
		return;
	if (n == 2 && s[0] == '.' && s[1] == '.') {
		size_t floor = b->abs ? 1 : 0;

		/* A relative path keeps its leading ".." (nothing to drop). */
		if (b->len > floor && !(b->len >= 2 && memcmp(b->out + b->len - 2, "..", 2) == 0 &&
		                        (b->len == 2 || b->out[b->len - 3] == '/'))) {
			while (b->len > floor && b->out[b->len - 1] != '/')
				b->len--;
			if (b->len > floor)
				b->len--; /* the '/' before it */
			return;
		}
		if (b->abs)
			return; /* above the root stays at the root */
	}
	if (b->len + (b->len > (b->abs ? 1 : 0) ? 1 : 0) + n + 1 > b->cap) {
		b->full = true;
		return;
	}
	if (b->len > (b->abs ? 1 : 0))
		b->out[b->len++] = '/';
	memcpy(b->out + b->len, s, n);
	b->len += n;
}

static void add_path(struct pbuf *b, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && !b->full) {
		size_t j = i;

		while (j < n && s[j] != '/')
			j++;
		add_component(b, s + i, j - i);
		i = j + 1;
	}
}

size_t rt_path_join(const char *base, size_t blen, const char *path, size_t plen, char *out,
                    size_t cap)
{
	struct pbuf b = {.out = out, .cap = cap};

	if (cap == 0)
		return 0;
	out[0] = '\0';
	if (!path || plen == 0 || cap < 2)
		return 0;
	if (path[0] == '/' || (base && blen > 0 && base[0] == '/')) {
		b.abs = true;
		out[b.len++] = '/';
	}
	if (path[0] != '/' && base)
		add_path(&b, base, blen);
	add_path(&b, path, plen);
	if (b.full) {
		out[0] = '\0';
		return 0;
	}
	if (b.len == 0) /* "." alone */
		out[b.len++] = '.';
	out[b.len] = '\0';
	return b.len;
}

size_t rt_path_squeeze(const char *path, size_t plen, char *out, size_t cap)
{
	size_t len = 0;

	if (cap == 0)
		return 0;
	for (size_t i = 0; i < plen; i++) {
		if (path[i] == '/' && len > 0 && out[len - 1] == '/')
			continue;
		if (len + 2 > cap) {
			out[0] = '\0';
			return 0;
		}
		out[len++] = path[i];
	}
	out[len] = '\0';
	return len;
}
