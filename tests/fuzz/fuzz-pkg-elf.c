/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the ELF reader of application packages: Go build
 * information (both formats, by section or by the load segments) and cargo
 * auditable's .dep-v0. The input is the binary; the packages found get
 * purls. libelf reads the input in place, so a write to it is a finding
 * (libFuzzer reports a changed input).
 *
 * The same input is also streamed, as `vakt image` streams an executable
 * too big to read whole (img-apps-stream.c): in one piece, and in pieces
 * of sizes drawn from a hash of the input. The two must find the same
 * packages and say the same warnings; and when both the whole-file reader
 * and the stream find packages without an error in a file holding Go's magic
 * once, the same Go packages.
 */
#include <stdint.h>

#include "image/img-apps.h"
#include "pkg/pkg-app-priv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t sink;

#define PATH "usr/bin/app"

/* Stream data in pieces (all at once when seed is 0); the packages into out. */
static void stream(const uint8_t *data, size_t size, uint32_t seed, struct pkg_list *out,
                   struct vakt_error_list *w)
{
	struct img_apps *a = img_apps_new();
	struct img_apps_stream *st = img_apps_stream_new();
	struct img_view *v = img_view_new();
	struct img_entry e = {.path = PATH, .type = IMG_T_FILE, .mode = 0755, .size = size};
	struct vakt_error *err = NULL;
	size_t off = 0;

	if (img_view_apply(v, &e, &err) < 0)
		__builtin_trap();
	while (off < size && !img_apps_stream_done(st)) {
		size_t piece = size - off;

		if (seed) {
			seed = seed * 1103515245u + 12345u;
			piece = 1 + (seed >> 8) % ((seed >> 28) > 11 ? 65536 : 48);
			if (piece > size - off)
				piece = size - off;
		}
		img_apps_stream_feed(st, data + off, piece);
		off += piece;
	}
	img_apps_visit_stream(a, &e, PATH, st, w);
	img_apps_stream_free(st);
	img_apps_settle(a, v, true, out);
	img_apps_free(a);
	img_view_free(v);
}

static bool same_pkgs(const struct pkg_list *a, size_t from_a, const struct pkg_list *b,
                      size_t from_b, bool go_only)
{
	size_t i = from_a, k = from_b;

	for (;;) {
		while (go_only && i < a->n && a->v[i].type != PKG_GO)
			i++;
		while (go_only && k < b->n && b->v[k].type != PKG_GO)
			k++;
		if (i == a->n || k == b->n)
			return i == a->n && k == b->n;
		if (a->v[i].type != b->v[k].type || strcmp(a->v[i].name, b->v[k].name) ||
		    strcmp(a->v[i].version, b->v[k].version) || a->v[i].scope != b->v[k].scope ||
		    strcmp(a->v[i].found_in, b->v[k].found_in))
			return false;
		i++;
		k++;
	}
}

/* How many times Go's magic occurs in data, at any offset (2 means two or more). */
static int magics(const uint8_t *data, size_t size)
{
	const uint8_t *p = memmem(data, size, PKG_APP_GO_MAGIC, PKG_APP_GO_MAGIC_LEN);

	if (!p)
		return 0;
	p++;
	return memmem(p, size - (size_t)(p - data), PKG_APP_GO_MAGIC, PKG_APP_GO_MAGIC_LEN) ? 2 : 1;
}

static void check_stream(const uint8_t *data, size_t size, const struct pkg_list *whole,
                         bool whole_ok)
{
	struct pkg_list one = {0}, pieces = {0};
	struct vakt_error_list w1 = {0}, w2 = {0};
	uint32_t seed = 2166136261u;
	bool whole_go = false;

	for (size_t i = 0; i < size; i++)
		seed = (seed ^ data[i]) * 16777619u;
	stream(data, size, 0, &one, &w1);
	stream(data, size, seed | 1, &pieces, &w2);
	if (!same_pkgs(&one, 0, &pieces, 0, false) || w1.n != w2.n || w1.n > 1 ||
	    (w1.n && strcmp(w1.v[0]->msg, w2.v[0]->msg)))
		__builtin_trap();
	for (size_t i = 0; i < one.n; i++)
		if (one.v[i].type != PKG_GO || strcmp(one.v[i].found_in, PATH))
			__builtin_trap();
	/*
	 * Both found Go packages without an error, and the file has one magic:
	 * the same header, hence the same strings and packages. (The whole
	 * reader may find none where the stream does: a section table without
	 * `.go.buildinfo`, which the stream does not read.)
	 */
	for (size_t i = 1; i < whole->n; i++)
		whole_go |= whole->v[i].type == PKG_GO;
	if (whole_ok && whole_go && one.n && !w1.n && magics(data, size) == 1 &&
	    !same_pkgs(whole, 1, &one, 0, true))
		__builtin_trap();
	pkg_list_release(&one);
	pkg_list_release(&pieces);
	vakt_error_list_release(&w1);
	vakt_error_list_release(&w2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct pkg *kept = pkg_list_add(&l);
	long n;

	kept->name = vakt_xstrdup("kept");
	n = pkg_app_binary(PATH, (const char *)data, size, &l, &err);
	if (n < 0) {
		if (!err || l.n != 1)
			__builtin_trap();
		vakt_error_free(err);
	} else if (err || l.n != 1 + (size_t)n) {
		__builtin_trap();
	}
	check_stream(data, size, &l, n >= 0);
	pkg_list_set_purls(&l, NULL);
	for (size_t i = 1; i < l.n; i++) {
		const struct pkg *p = &l.v[i];

		if (!p->name || !p->version || !p->found_in || !p->purl ||
		    (p->type != PKG_GO && p->type != PKG_CARGO) ||
		    strlen(p->name) > PKG_MAX_FIELD || strlen(p->version) > PKG_MAX_FIELD)
			__builtin_trap();
		sink += strlen(p->purl);
	}
	pkg_list_release(&l);
	return 0;
}
