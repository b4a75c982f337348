/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>

#include "config.h"
#include "limits.h"
#include "source.h"
#include "walk.h"

struct limit_spec {
	const char *name;
	const char *what;
	uint64_t def;
	uint64_t max; /* largest accepted value */
	bool bytes;
	const char *hint;
};

#define KIB (1024ull)
#define MIB (1024ull * KIB)
#define GIB (1024ull * MIB)
#define TIB (1024ull * GIB)

#define LIMIT_HINT(name, kind)                                                                     \
	"raise it with --limit " name "=" kind ", or 'limits: {" name ": " kind                    \
	"}' in " VAKT_CONFIG_NAME

static const struct limit_spec limit_specs[VAKT_LIMIT_COUNT] = {
    [VAKT_LIMIT_FILE_SIZE] = {"file-size", "largest input file read", VAKT_MAX_FILE_BYTES, 4 * GIB,
                              true, LIMIT_HINT("file-size", "SIZE")},
    [VAKT_LIMIT_LINE_LENGTH] = {"line-length", "longest line of an input file", VAKT_MAX_LINE_BYTES,
                                4 * GIB, true, LIMIT_HINT("line-length", "SIZE")},
    [VAKT_LIMIT_WALK_DEPTH] = {"walk-depth", "deepest directory nesting followed",
                               VAKT_WALK_MAX_DEPTH, 4096, false, LIMIT_HINT("walk-depth", "N")},
    [VAKT_LIMIT_IMAGE_LAYER] = {"image-layer-size", "most decompressed bytes of one image layer",
                                16 * GIB, 1024 * TIB, true, LIMIT_HINT("image-layer-size", "SIZE")},
    [VAKT_LIMIT_IMAGE_ENTRIES] = {"image-entries", "most files over all layers of an image",
                                  4000000, 1000000000, false, LIMIT_HINT("image-entries", "N")},
    [VAKT_LIMIT_IMAGE_STDIN] = {"image-stdin-size",
                                "largest image archive read from standard input", 64 * GIB,
                                1024 * TIB, true, LIMIT_HINT("image-stdin-size", "SIZE")},
};

int vakt_limit_lookup(const char *name)
{
	for (size_t i = 0; i < VAKT_LIMIT_COUNT; i++)
		if (!strcmp(name, limit_specs[i].name))
			return (int)i;
	return -1;
}

void vakt_limits_init(struct vakt_limits *l)
{
	for (size_t i = 0; i < VAKT_LIMIT_COUNT; i++)
		l->v[i] = limit_specs[i].def;
	l->set = 0;
}

const char *vakt_limit_name(enum vakt_limit limit)
{
	return limit_specs[limit].name;
}

const char *vakt_limit_what(enum vakt_limit limit)
{
	return limit_specs[limit].what;
}

uint64_t vakt_limit_default(enum vakt_limit limit)
{
	return limit_specs[limit].def;
}

bool vakt_limit_is_bytes(enum vakt_limit limit)
{
	return limit_specs[limit].bytes;
}

const char *vakt_limit_hint(enum vakt_limit limit)
{
	return limit_specs[limit].hint;
}

/* "123", or for sizes "64K", "16M", "2G", "1T" (also "16MiB", "16MB": powers of 1024). */
static int limit_parse(const struct limit_spec *s, const char *text, uint64_t *out)
{
	uint64_t v = 0, mul = 1;
	const char *p = text;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (*p && s->bytes) {
		switch (*p == 'k' ? 'K' : *p) {
		case 'K':
			mul = KIB;
			break;
		case 'M':
			mul = MIB;
			break;
		case 'G':
			mul = GIB;
			break;
		case 'T':
			mul = TIB;
			break;
		default:
			return -EINVAL;
		}
		p++;
		if (!strcmp(p, "iB") || !strcmp(p, "B"))
			p += strlen(p);
	}
	if (*p)
		return -EINVAL;
	if (v > UINT64_MAX / mul)
		return -ERANGE;
	*out = v * mul;
	return 0;
}

int vakt_limits_set(struct vakt_limits *l, const char *name, const char *value, char **why)
{
	struct vakt_buf names = VAKT_BUF_INIT;
	uint64_t v;

	for (size_t i = 0; i < VAKT_LIMIT_COUNT; i++) {
		const struct limit_spec *s = &limit_specs[i];
		int r;

		if (strcmp(name, s->name))
			continue;
		r = limit_parse(s, value, &v);
		if (r < 0 || v < 1 || v > s->max) {
			*why = vakt_xasprintf(
			    "invalid value '%s' for limit '%s' (expected %s from 1 to %llu%s)",
			    value, name, s->bytes ? "a size" : "a number",
			    (unsigned long long)s->max,
			    s->bytes ? ", with an optional K, M, G or T suffix" : "");
			return -EINVAL;
		}
		l->v[i] = v;
		l->set |= 1u << i;
		return 0;
	}
	for (size_t i = 0; i < VAKT_LIMIT_COUNT; i++)
		vakt_buf_addf(&names, "%s%s", i ? ", " : "", limit_specs[i].name);
	*why =
	    vakt_xasprintf("unknown limit '%s' (expected one of %s)", name, vakt_buf_str(&names));
	vakt_buf_release(&names);
	return -EINVAL;
}

int vakt_limits_set_arg(struct vakt_limits *l, const char *arg, char **why)
{
	const char *eq = strchr(arg, '=');
	char *name;
	int r;

	if (!eq || eq == arg) {
		*why = vakt_xasprintf(
		    "invalid --limit '%s' (expected NAME=VALUE, e.g. file-size=64M)", arg);
		return -EINVAL;
	}
	name = vakt_xstrndup(arg, (size_t)(eq - arg));
	r = vakt_limits_set(l, name, eq + 1, why);
	free(name);
	return r;
}

void vakt_limits_take(struct vakt_limits *l, const struct vakt_limits *from)
{
	for (size_t i = 0; i < VAKT_LIMIT_COUNT; i++)
		if (from->set & (1u << i)) {
			l->v[i] = from->v[i];
			l->set |= 1u << i;
		}
}
