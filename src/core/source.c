/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "source.h"

/* Target size of a packed block: lines are added until a block holds this much. */
#define PACK_BLOCK_BYTES (64u * 1024)

struct pack_block {
	size_t first_line; /* 1-based */
	size_t off;        /* in packed */
	size_t clen, len;  /* compressed and plain sizes */
};

struct vakt_source_priv {
	size_t *marks; /* marks[k]: where line 1 + k * VAKT_SOURCE_LINE_STEP starts */
	size_t n_marks;
	size_t cur_line, cur_off; /* the last line looked up (0: none) */
	/* Packed (data NULL): the blocks; which thread has one unpacked is its own (unpacked). */
	unsigned char *packed;
	struct pack_block *blocks;
	size_t n_blocks;
	uint64_t pack_id; /* unique to this packing, for the threads' unpacked blocks */
};

/* Count the lines (a final newline ends the last line, it starts none) and mark every STEP-th. */
static void source_index_lines(struct vakt_source *s)
{
	struct vakt_source_priv *p = vakt_xcalloc(1, sizeof(*p));
	size_t cap = 0;
	const char *d = s->data, *nl;

	p->marks = vakt_grow(NULL, sizeof(*p->marks), 1, &cap);
	p->marks[p->n_marks++] = 0;
	s->n_lines = 1;
	for (size_t i = 0;
	     i < s->len && (nl = memchr(d + i, '\n', s->len - i)) && (size_t)(nl - d) + 1 < s->len;
	     i = (size_t)(nl - d) + 1) {
		if (s->n_lines++ % VAKT_SOURCE_LINE_STEP == 0) {
			p->marks = vakt_grow(p->marks, sizeof(*p->marks), p->n_marks + 1, &cap);
			p->marks[p->n_marks++] = (size_t)(nl - d) + 1;
		}
	}
	s->priv = p;
}

/* Where the line after the one starting at off starts (len when none). */
static size_t next_line(const char *d, size_t len, size_t off)
{
	const char *nl = memchr(d + off, '\n', len - off);

	return nl ? (size_t)(nl - d) + 1 : len;
}

size_t vakt_source_line_start(const struct vakt_source *src, int line)
{
	struct vakt_source_priv *p = src->priv;
	size_t l = (size_t)line, at, off;

	/* Forward from the last line looked up when it is close, else from a mark. */
	if (p->cur_line && p->cur_line <= l && l - p->cur_line < VAKT_SOURCE_LINE_STEP) {
		at = p->cur_line;
		off = p->cur_off;
	} else {
		at = (l - 1) / VAKT_SOURCE_LINE_STEP * VAKT_SOURCE_LINE_STEP + 1;
		off = p->marks[(l - 1) / VAKT_SOURCE_LINE_STEP];
	}
	for (; at < l; at++)
		off = next_line(src->data, src->len, off);
	p->cur_line = l;
	p->cur_off = off;
	return off;
}

struct vakt_source *vakt_source_from_mem(const char *path, const char *data, size_t len)
{
	struct vakt_source *s = vakt_xcalloc(1, sizeof(*s));

	s->path = vakt_xstrdup(path);
	s->data = vakt_xstrndup(data, len);
	s->len = len;
	source_index_lines(s);
	return s;
}

/* Read all of fd into a buffer of at most max bytes. */
static int read_all(int fd, size_t max, size_t hint, char **out, size_t *outlen)
{
	/* + 2: a regular file is read whole, and its end seen, without growing the buffer. */
	size_t cap = hint + 2, len = 0;
	char *buf;

	if (cap > max + 2)
		cap = max + 2;
	if (cap < 4096)
		cap = 4096;
	buf = vakt_xmalloc(cap);
	for (;;) {
		ssize_t r;

		if (len == cap - 1) {
			if (len > max)
				break;
			buf = vakt_grow(buf, 1, cap + 1, &cap);
		}
		r = read(fd, buf + len, cap - 1 - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return -errno;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len > max) {
		free(buf);
		return -EFBIG;
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
}

/* Append code point cp to b as UTF-8. */
static void utf8_put(struct vakt_buf *b, unsigned long cp)
{
	if (cp < 0x80) {
		vakt_buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		vakt_buf_addc(b, (char)(0xc0 | (cp >> 6)));
		vakt_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		vakt_buf_addc(b, (char)(0xe0 | (cp >> 12)));
		vakt_buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		vakt_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		vakt_buf_addc(b, (char)(0xf0 | (cp >> 18)));
		vakt_buf_addc(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
		vakt_buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		vakt_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/*
 * A file that starts with a UTF-16 byte-order mark (Windows editors and
 * PowerShell's Out-File write them) is decoded to UTF-8 here, once, so every
 * reader sees UTF-8 and positions count its bytes. *data is replaced.
 */
static int source_decode_utf16(const char *shown, char **data, size_t *len, struct vakt_error **err)
{
	const unsigned char *u = (const unsigned char *)*data;
	bool le = u[0] == 0xff;
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t i = 2;

	if (*len % 2)
		return vakt_error_set_at(err, -EILSEQ, shown, 0, 0,
		                         "invalid UTF-16: an odd number of bytes (%zu)", *len);
	while (i + 1 < *len) {
		unsigned long c = le ? (unsigned long)(u[i] | u[i + 1] << 8)
		                     : (unsigned long)(u[i] << 8 | u[i + 1]);
		size_t at = i;

		i += 2;
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < *len) {
			unsigned long lo = le ? (unsigned long)(u[i] | u[i + 1] << 8)
			                      : (unsigned long)(u[i] << 8 | u[i + 1]);

			if (lo >= 0xdc00 && lo <= 0xdfff) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				i += 2;
			}
		}
		if (c >= 0xd800 && c <= 0xdfff) {
			vakt_buf_release(&b);
			return vakt_error_set_at(
			    err, -EILSEQ, shown, 0, 0,
			    "invalid UTF-16: unpaired surrogate at byte offset %zu", at);
		}
		utf8_put(&b, c);
	}
	free(*data);
	*len = b.len;
	*data = vakt_buf_detach(&b);
	return 0;
}

int vakt_source_read(const char *path, size_t max_bytes, struct vakt_source **out,
                     struct vakt_error **err)
{
	bool is_stdin = !strcmp(path, "-");
	const char *shown = is_stdin ? "<stdin>" : path;
	struct vakt_source *s;
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	int fd, r;

	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		r = -errno;
		return vakt_error_set_at(err, r, shown, 0, 0, "cannot open: %s", strerror(-r));
	}
	if (fstat(fd, &st) < 0) {
		r = -errno;
		vakt_error_set_at(err, r, shown, 0, 0, "cannot stat: %s", strerror(-r));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		r = vakt_error_set_at(err, -EISDIR, shown, 0, 0, "is a directory");
		goto out;
	}
	if (!is_stdin && !S_ISREG(st.st_mode)) {
		/* FIFOs and devices could block forever or never end. */
		r = vakt_error_set_at(err, -EINVAL, shown, 0, 0,
		                      "not a regular file (devices and pipes are not read)");
		goto out;
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_bytes) {
		r = vakt_error_set_at(err, -EFBIG, shown, 0, 0,
		                      "file too large: %jd bytes (the limit is %zu bytes)",
		                      (intmax_t)st.st_size, max_bytes);
		goto out;
	}
	/*
	 * O_NONBLOCK only guarded the open; regular files ignore it anyway.
	 * The status flags F_SETFL changes were all clear at the open but for
	 * it: no F_GETFL needed (one system call fewer per file).
	 */
	if (!is_stdin)
		fcntl(fd, F_SETFL, 0);
	r = read_all(fd, max_bytes, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, &data, &len);
	if (r == -EFBIG) {
		vakt_error_set_at(err, r, shown, 0, 0, "file too large (the limit is %zu bytes)",
		                  max_bytes);
		goto out;
	}
	if (r < 0) {
		vakt_error_set_at(err, r, shown, 0, 0, "cannot read: %s", strerror(-r));
		goto out;
	}
	if (len >= 2 && (((unsigned char)data[0] == 0xff && (unsigned char)data[1] == 0xfe) ||
	                 ((unsigned char)data[0] == 0xfe && (unsigned char)data[1] == 0xff))) {
		r = source_decode_utf16(shown, &data, &len, err);
		if (r < 0) {
			free(data);
			goto out;
		}
	}
	s = vakt_xcalloc(1, sizeof(*s));
	s->path = vakt_xstrdup(shown);
	s->data = data;
	s->len = len;
	source_index_lines(s);
	*out = s;
	r = 0;
out:
	if (!is_stdin)
		close(fd);
	return r;
}

int vakt_source_check_text(const struct vakt_source *src, size_t max_line, struct vakt_error **err)
{
	const char *p = src->data;
	size_t n = src->len, bad;
	const char *nul = memchr(p, '\0', n);

	if (nul) {
		size_t off = (size_t)(nul - p);
		int line = 1;

		for (size_t i = 0; i < off; i++)
			line += p[i] == '\n';
		return vakt_error_set_at(err, -EINVAL, src->path, line, 0,
		                         "binary file (NUL byte at offset %zu); expected text",
		                         off);
	}
	if (!vakt_utf8_valid(p, n, &bad)) {
		int line = 1;
		size_t ls = 0;

		for (size_t i = 0; i < bad; i++)
			if (p[i] == '\n') {
				line++;
				ls = i + 1;
			}
		return vakt_error_set_at(err, -EILSEQ, src->path, line, (int)(bad - ls + 1),
		                         "invalid UTF-8 (byte 0x%02x); expected UTF-8 text",
		                         (unsigned char)p[bad]);
	}
	for (size_t i = 0, start = 0; i < src->n_lines; i++) {
		size_t end = next_line(p, n, start);

		if (end - start > max_line)
			return vakt_error_set_at(
			    err, -EFBIG, src->path, (int)i + 1, 0,
			    "line too long: %zu bytes (the limit is %zu bytes)", end - start,
			    max_line);
		start = end;
	}
	return 0;
}

/* How many lines block k of a packed source holds. */
static size_t lines_in(const struct vakt_source_priv *p, size_t k, size_t n_lines)
{
	return (k + 1 < p->n_blocks ? p->blocks[k + 1].first_line : n_lines + 1) -
	       p->blocks[k].first_line;
}

/*
 * The block a thread has unpacked (one per thread, whichever source it is
 * of): a scan's end() reads the lines of thousands of packed sources, and a
 * block kept unpacked by each was as large as the text packing saved. A
 * thread's block is its own, so that threads read the lines of packed
 * sources side by side; it names its source by pack_id, never by pointer,
 * so a source freed meanwhile is no concern.
 */
struct unpacked {
	uint64_t pack_id; /* 0: none */
	size_t block;
	char *buf;     /* the plain text of the block */
	size_t *lines; /* where each of its lines starts in buf */
	size_t cap_lines;
};

/*
 * What each thread keeps for packing and unpacking, made on first use and
 * freed when the thread ends: its zstd contexts, made once because a scan
 * packs thousands of small sources and its end() unpacks thousands of small
 * blocks, where setting up a context each time was most of the cost; and
 * the block it has unpacked.
 */
struct pack_thread {
	ZSTD_CCtx *cctx; /* NULL until the thread packs */
	ZSTD_DCtx *dctx; /* NULL until it unpacks */
	struct unpacked unpacked;
};

static pthread_key_t pack_thread_key;
static pthread_once_t pack_thread_once = PTHREAD_ONCE_INIT;
static atomic_uint_fast64_t pack_ids;

static void pack_thread_free(void *data)
{
	struct pack_thread *t = data;

	ZSTD_freeCCtx(t->cctx);
	ZSTD_freeDCtx(t->dctx);
	free(t->unpacked.buf);
	free(t->unpacked.lines);
	free(t);
}

static void pack_thread_key_init(void)
{
	if (pthread_key_create(&pack_thread_key, pack_thread_free))
		abort();
}

/* This thread's state, made on its first call. */
static struct pack_thread *pack_thread(void)
{
	struct pack_thread *t;

	pthread_once(&pack_thread_once, pack_thread_key_init);
	t = pthread_getspecific(pack_thread_key);
	if (!t) {
		t = vakt_xcalloc(1, sizeof(*t));
		if (pthread_setspecific(pack_thread_key, t))
			abort(); /* out of memory */
	}
	return t;
}

/* Unpack block b of p into out (b->len bytes) with thread t's context. */
static void source_unpack_block(struct pack_thread *t, const struct vakt_source_priv *p,
                                const struct pack_block *b, char *out)
{
	size_t r;

	if (!t->dctx && !(t->dctx = ZSTD_createDCtx()))
		abort(); /* out of memory */
	r = ZSTD_decompressDCtx(t->dctx, out, b->len, p->packed + b->off, b->clen);
	if (ZSTD_isError(r) || r != b->len)
		abort(); /* our own data: cannot happen */
}

/* This thread's unpacked block, holding the block of src with line (1..n_lines). */
static const struct unpacked *source_unpack(const struct vakt_source *src, size_t line,
                                            const struct pack_block **out)
{
	struct vakt_source_priv *p = src->priv;
	size_t lo = 0, hi = p->n_blocks;
	const struct pack_block *b;
	struct pack_thread *t;
	struct unpacked *u;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->blocks[mid].first_line <= line)
			lo = mid;
		else
			hi = mid;
	}
	b = &p->blocks[lo];
	*out = b;
	t = pack_thread();
	u = &t->unpacked;
	if (u->pack_id != p->pack_id || u->block != lo) {
		u->buf = vakt_xrealloc(u->buf, b->len + 1);
		source_unpack_block(t, p, b, u->buf);
		u->buf[b->len] = '\0';
		u->pack_id = p->pack_id;
		u->block = lo;
		/* Index the block's lines: a lookup is then one step. */
		for (size_t i = 0, off = 0; i < lines_in(p, lo, src->n_lines); i++) {
			u->lines = vakt_grow(u->lines, sizeof(*u->lines), i + 1, &u->cap_lines);
			u->lines[i] = off;
			off = next_line(u->buf, b->len, off);
		}
	}
	return u;
}

const char *vakt_source_line(const struct vakt_source *src, int line, size_t *len)
{
	const char *d = src->data;
	size_t start, end, size = src->len;

	if (line < 1 || (size_t)line > src->n_lines)
		return NULL;
	if (d) {
		start = vakt_source_line_start(src, line);
	} else {
		const struct pack_block *b;
		const struct unpacked *u = source_unpack(src, (size_t)line, &b);

		d = u->buf;
		size = b->len;
		start = u->lines[(size_t)line - b->first_line];
	}
	end = next_line(d, size, start);
	while (end > start && (d[end - 1] == '\n' || d[end - 1] == '\r'))
		end--;
	*len = end - start;
	return d + start;
}

void vakt_source_pack(struct vakt_source *src)
{
	struct vakt_source_priv *p = src->priv;
	size_t cap_blocks = 0, cap = 0, used = 0, line = 1;
	struct pack_thread *t;

	if (!src->data)
		return;
	t = pack_thread();
	if (!t->cctx && !(t->cctx = ZSTD_createCCtx()))
		abort(); /* out of memory */
	for (size_t off = 0; off < src->len || !p->n_blocks;) {
		struct pack_block *b;
		size_t end = off, first = line, bound, r;

		/* Whole lines up to PACK_BLOCK_BYTES (a longer line makes a block of its own). */
		do {
			end = next_line(src->data, src->len, end);
			line++;
		} while (end < src->len && end - off < PACK_BLOCK_BYTES);
		bound = ZSTD_compressBound(end - off);
		p->packed = vakt_grow(p->packed, 1, used + bound, &cap);
		r = ZSTD_compressCCtx(t->cctx, p->packed + used, bound, src->data + off, end - off,
		                      1);
		if (ZSTD_isError(r))
			abort(); /* only out of memory */
		p->blocks = vakt_grow(p->blocks, sizeof(*p->blocks), p->n_blocks + 1, &cap_blocks);
		b = &p->blocks[p->n_blocks++];
		b->first_line = first;
		b->off = used;
		b->clen = r;
		b->len = end - off;
		used += r;
		off = end;
	}
	p->pack_id = atomic_fetch_add(&pack_ids, 1) + 1;
	p->packed = vakt_xrealloc(p->packed, used ? used : 1);
	p->blocks = vakt_xrealloc(p->blocks, p->n_blocks * sizeof(*p->blocks));
	free(src->data);
	src->data = NULL;
	free(p->marks);
	p->marks = NULL;
	p->cur_line = 0;
}

char *vakt_source_text(const struct vakt_source *src)
{
	const struct vakt_source_priv *p = src->priv;
	char *text = vakt_xmalloc(src->len + 1);

	if (src->data) {
		memcpy(text, src->data, src->len);
	} else {
		struct pack_thread *t = pack_thread();

		for (size_t k = 0, off = 0; k < p->n_blocks; off += p->blocks[k++].len)
			source_unpack_block(t, p, &p->blocks[k], text + off);
	}
	text[src->len] = '\0';
	return text;
}

void vakt_source_free(struct vakt_source *src)
{
	if (!src)
		return;
	free(src->path);
	free(src->data);
	if (src->priv) {
		free(src->priv->marks);
		free(src->priv->packed);
		free(src->priv->blocks);
		free(src->priv);
	}
	free(src);
}
