/* SPDX-License-Identifier: MIT */
/*
 * An ELF executable too big to buffer whole (IMG_APPS_WHOLE_BINARY),
 * streamed for Go's build information (img-apps.h): its bytes are fed in
 * order, in pieces of any size, and only three things are held:
 *
 * - the head, the first IMG_APPS_STREAM_HEAD bytes, for the ELF and program
 *   headers: the writable, non-executable load segments are where Go's
 *   linker puts `.go.buildinfo` (first in the data segment), and only a
 *   magic inside one of them counts (the magic also sits in the read-only
 *   data of every program that imports debug/buildinfo);
 * - the last bytes of the previous piece that may start a magic cut by the
 *   piece's end (at most PKG_APP_GO_MAGIC_LEN - 1);
 * - from the first magic found on, at a file offset that is a multiple of
 *   PKG_APP_GO_ALIGN, the header and the bytes after it, up to
 *   IMG_APPS_GO_KEEP or the end of its segment.
 *
 * A file whose program headers are not all in its head, or that has no
 * writable segment, yields nothing. Reading stops (img_apps_stream_done())
 * once the header's bytes are kept or the last writable segment is passed.
 */
#include <elf.h>
#include <string.h>

#include "img-apps.h"
#include "pkg/pkg-app.h"

/* Writable load segments remembered (Go's binaries have one or two). */
#define STREAM_SEGMENTS 16

enum stream_state {
	STREAM_HEAD,   /* filling the head */
	STREAM_SEARCH, /* looking for the magic */
	STREAM_KEEP,   /* keeping the header and what follows */
	STREAM_DONE,   /* nothing more wanted */
};

struct stream_seg {
	uint64_t off, end; /* [off, end) in the file */
};

struct img_apps_stream {
	enum stream_state state;
	uint64_t pos; /* file offset of the next byte searched */
	unsigned char *head;
	size_t head_len;
	struct stream_seg seg[STREAM_SEGMENTS];
	size_t n_seg;
	uint64_t seg_max; /* the end of the last writable segment */
	unsigned char carry[PKG_APP_GO_MAGIC_LEN];
	size_t carry_len;
	uint64_t carry_off;
	bool found;
	struct vakt_buf keep;
	size_t keep_max;
};

struct img_apps_stream *img_apps_stream_new(void)
{
	struct img_apps_stream *st = vakt_xcalloc(1, sizeof(*st));

	st->head = vakt_xmalloc(IMG_APPS_STREAM_HEAD);
	return st;
}

void img_apps_stream_free(struct img_apps_stream *st)
{
	if (!st)
		return;
	free(st->head);
	vakt_buf_release(&st->keep);
	free(st);
}

static uint64_t rd(const unsigned char *p, unsigned size, bool big)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)p[big ? i : size - 1 - i] << (8 * (size - 1 - i));
	return v;
}

/* The writable, non-executable load segments from the head's program headers. */
static void head_segments(struct img_apps_stream *st)
{
	const unsigned char *h = st->head;
	size_t n = st->head_len;
	bool is64, big;
	uint64_t phoff, entsize, num;

	st->state = STREAM_DONE;
	if (n < EI_NIDENT || memcmp(h, ELFMAG, SELFMAG))
		return;
	is64 = h[EI_CLASS] == ELFCLASS64;
	big = h[EI_DATA] == ELFDATA2MSB;
	if ((!is64 && h[EI_CLASS] != ELFCLASS32) || (!big && h[EI_DATA] != ELFDATA2LSB) ||
	    n < (is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)))
		return;
	phoff = is64 ? rd(h + 32, 8, big) : rd(h + 28, 4, big);
	entsize = rd(h + (is64 ? 54 : 42), 2, big);
	num = rd(h + (is64 ? 56 : 44), 2, big);
	/* PN_XNUM: the count is in section 0, far from the head. */
	if (num == 0 || num == PN_XNUM ||
	    entsize < (is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr)) || phoff > n ||
	    num * entsize > n - phoff)
		return;
	for (uint64_t i = 0; i < num && st->n_seg < STREAM_SEGMENTS; i++) {
		const unsigned char *p = h + phoff + i * entsize;
		uint64_t flags = rd(p + (is64 ? 4 : 24), 4, big);
		uint64_t off = is64 ? rd(p + 8, 8, big) : rd(p + 4, 4, big);
		uint64_t size = is64 ? rd(p + 32, 8, big) : rd(p + 16, 4, big);

		if (rd(p, 4, big) != PT_LOAD || (flags & (PF_X | PF_W)) != PF_W ||
		    size < PKG_APP_GO_HEADER_LEN || off > UINT64_MAX - size)
			continue;
		st->seg[st->n_seg++] = (struct stream_seg){off, off + size};
		if (off + size > st->seg_max)
			st->seg_max = off + size;
	}
	if (st->n_seg)
		st->state = STREAM_SEARCH;
}

/* The segment whose room holds a header at o, or NULL. */
static const struct stream_seg *header_segment(const struct img_apps_stream *st, uint64_t o)
{
	for (size_t i = 0; i < st->n_seg; i++)
		if (o >= st->seg[i].off && o < st->seg[i].end &&
		    st->seg[i].end - o >= PKG_APP_GO_HEADER_LEN)
			return &st->seg[i];
	return NULL;
}

/* Whether m (PKG_APP_GO_MAGIC_LEN bytes, at file offset o) is the header wanted. */
static bool is_header(struct img_apps_stream *st, const unsigned char *m, uint64_t o)
{
	const struct stream_seg *s;
	uint64_t room;

	if (m[0] != 0xff || memcmp(m, PKG_APP_GO_MAGIC, PKG_APP_GO_MAGIC_LEN))
		return false;
	s = header_segment(st, o);
	if (!s)
		return false;
	room = s->end - o;
	st->found = true;
	st->state = STREAM_KEEP;
	st->keep_max = room < IMG_APPS_GO_KEEP ? (size_t)room : IMG_APPS_GO_KEEP;
	return true;
}

/* Keep what of [data, data + n) the header still wants. */
static void keep_more(struct img_apps_stream *st, const unsigned char *data, size_t n)
{
	size_t room = st->keep_max - st->keep.len;

	vakt_buf_add(&st->keep, data, n < room ? n : room);
	if (st->keep.len == st->keep_max)
		st->state = STREAM_DONE;
}

/* Search [data, data + n), at file offset st->pos, for the header (STREAM_SEARCH). */
static void search(struct img_apps_stream *st, const unsigned char *data, size_t n)
{
	uint64_t end = st->pos + n, o;

	if (st->carry_len) {
		/* A magic cut by the previous piece's end: complete it. */
		size_t had = st->carry_len, need = PKG_APP_GO_MAGIC_LEN - had;
		unsigned char m[PKG_APP_GO_MAGIC_LEN];

		if (n < need) {
			memcpy(st->carry + st->carry_len, data, n);
			st->carry_len += n;
			st->pos = end;
			return;
		}
		memcpy(m, st->carry, had);
		memcpy(m + had, data, need);
		st->carry_len = 0;
		if (is_header(st, m, st->carry_off)) {
			vakt_buf_add(&st->keep, m, had); /* then the piece, from its first byte */
			keep_more(st, data, n);
			st->pos = end;
			return;
		}
	}
	o = (st->pos + PKG_APP_GO_ALIGN - 1) & ~(uint64_t)(PKG_APP_GO_ALIGN - 1);
	for (; o < end && end - o >= PKG_APP_GO_MAGIC_LEN; o += PKG_APP_GO_ALIGN) {
		if (data[o - st->pos] == 0xff && is_header(st, data + (o - st->pos), o)) {
			keep_more(st, data + (o - st->pos), (size_t)(end - o));
			st->pos = end;
			return;
		}
	}
	if (o < end) {
		/* A magic may start here and end in the next piece. */
		st->carry_len = (size_t)(end - o);
		st->carry_off = o;
		memcpy(st->carry, data + (o - st->pos), st->carry_len);
	}
	st->pos = end;
	if (st->pos >= st->seg_max)
		st->state = STREAM_DONE; /* no header fits in what is left of any segment */
}

/* The head is complete (or the file ended): read it, then search it. */
static void head_end(struct img_apps_stream *st)
{
	head_segments(st);
	if (st->state == STREAM_SEARCH)
		search(st, st->head, st->head_len);
}

void img_apps_stream_feed(struct img_apps_stream *st, const void *data, size_t n)
{
	const unsigned char *p = data;

	while (n && st->state != STREAM_DONE) {
		if (st->state == STREAM_HEAD) {
			size_t take = IMG_APPS_STREAM_HEAD - st->head_len;

			if (take > n)
				take = n;
			memcpy(st->head + st->head_len, p, take);
			st->head_len += take;
			p += take;
			n -= take;
			if (st->head_len == IMG_APPS_STREAM_HEAD)
				head_end(st);
		} else if (st->state == STREAM_SEARCH) {
			search(st, p, n);
			n = 0;
		} else {
			keep_more(st, p, n);
			n = 0;
		}
	}
}

bool img_apps_stream_done(const struct img_apps_stream *st)
{
	return st->state == STREAM_DONE;
}

const char *img_apps_stream_header(struct img_apps_stream *st, size_t *len)
{
	if (st->state == STREAM_HEAD)
		head_end(st);
	st->state = STREAM_DONE;
	if (!st->found)
		return NULL;
	*len = st->keep.len;
	return st->keep.data;
}
