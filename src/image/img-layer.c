/* SPDX-License-Identifier: MIT */
/*
 * Streaming the layers of an image: blob -> SHA-256 -> decompression chosen
 * by magic bytes (ISA-L's inflate for gzip, libzstd, or none) -> libarchive's tar
 * reader -> the view and the visitor. One pass per layer, in two stages on
 * two threads: reading, hashing and inflating on one, the tar reader and
 * everything after it on the other, joined by a few fixed-size blocks, so
 * memory stays bounded whatever a tar header claims and the results do not
 * depend on the timing. Cleanup style: a single `goto out`.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>
#include <unistd.h>
#include <zstd.h>

#include "core/limits.h"
#include "img-dl.h"
#include "img-priv.h"

/* Decompressed bytes handed to libarchive at a time. */
#define LAYER_OUT_BLOCK (1u * 1024 * 1024)
/* Progress is reported at most every this many blob bytes. */
#define LAYER_PROGRESS_STEP (4u * 1024 * 1024)

/* --- SHA-256 ------------------------------------------------------------------- */

struct img_sha256 {
	EVP_MD_CTX *ctx;
};

struct img_sha256 *img_sha256_new(void)
{
	struct img_sha256 *h = vakt_xcalloc(1, sizeof(*h));

	/* Loaded already when an image is open; a caller without one (tests) loads it here. */
	if (img_dl_load(NULL) < 0)
		abort();
	h->ctx = EVP_MD_CTX_new();
	if (!h->ctx || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1)
		abort(); /* only fails without memory */
	return h;
}

void img_sha256_update(struct img_sha256 *h, const void *data, size_t n)
{
	if (n)
		EVP_DigestUpdate(h->ctx, data, n);
}

char *img_sha256_finish(struct img_sha256 *h)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	struct vakt_buf b = VAKT_BUF_INIT;

	EVP_DigestFinal_ex(h->ctx, md, &len);
	vakt_buf_adds(&b, "sha256:");
	for (unsigned int i = 0; i < len; i++)
		vakt_buf_addf(&b, "%02x", md[i]);
	return vakt_buf_detach(&b);
}

void img_sha256_free(struct img_sha256 *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

char *img_sha256_of(const void *data, size_t n)
{
	struct img_sha256 *h = img_sha256_new();
	char *d;

	img_sha256_update(h, data, n);
	d = img_sha256_finish(h);
	img_sha256_free(h);
	return d;
}

bool img_digest_valid(const char *d)
{
	if (!d || !vakt_starts_with(d, "sha256:") || strlen(d) != 7 + 64)
		return false;
	for (const char *p = d + 7; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* --- names ---------------------------------------------------------------------- */

int img_path_normalise(const char *raw, struct vakt_buf *out, bool *escapes)
{
	const char *p = raw;
	size_t depth = 0;

	vakt_buf_reset(out);
	*escapes = false;
	if (strlen(raw) > IMG_MAX_NAME_BYTES)
		return -ENAMETOOLONG;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);

		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* empty or "." */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (depth == 0) {
				*escapes = true;
			} else {
				char *s = out->data;
				char *last = memrchr(s, '/', out->len);

				out->len = last ? (size_t)(last - s) : 0;
				out->data[out->len] = '\0';
				depth--;
			}
		} else {
			if (out->len)
				vakt_buf_addc(out, '/');
			vakt_buf_add(out, p, len);
			depth++;
		}
		if (!slash)
			break;
		p = slash + 1;
	}
	if (!out->data)
		vakt_buf_adds(out, "");
	return 0;
}

const char *img_format_name(enum img_format f)
{
	switch (f) {
	case IMG_FORMAT_DOCKER_ARCHIVE:
		return "docker-archive";
	case IMG_FORMAT_OCI_ARCHIVE:
		return "oci-archive";
	case IMG_FORMAT_OCI_LAYOUT:
		return "oci-layout";
	case IMG_FORMAT_DOCKER_DIR:
		return "docker-dir";
	case IMG_FORMAT_ROOTFS:
		return "rootfs";
	}
	return "unknown";
}

const char *img_compression_name(enum img_compression c)
{
	switch (c) {
	case IMG_COMP_NONE:
		return "none";
	case IMG_COMP_GZIP:
		return "gzip";
	case IMG_COMP_ZSTD:
		return "zstd";
	case IMG_COMP_UNKNOWN:
		break;
	}
	return "unknown";
}

/* --- the decompressing stream ----------------------------------------------------- */

/*
 * The inflating side of a layer: blob reads, SHA-256, decompression and the
 * ceiling on decompressed bytes. It runs on its own thread (see the pipe
 * below) and touches nothing the tar reader uses.
 */
struct layer_stream {
	struct img_blob *blob;
	struct img_sha256 *sha;
	enum img_compression comp;
	int layer;
	/* input */
	const unsigned char *in;
	size_t in_len;
	bool in_eof;
	unsigned char head[8];     /* the first bytes when the first block was shorter */
	const unsigned char *rest; /* what followed them in the same block */
	size_t rest_len;
	/* output: the slot being filled, LAYER_OUT_BLOCK bytes */
	struct inflate_state *gz; /* ISA-L: inflates 2-3 times as fast as zlib */
	bool gz_end;
	ZSTD_DStream *zs;
	unsigned char *out;
	uint64_t total_out, max_out;
	uint64_t raw;
	/* The error the tar reader meets where the stream stops (rc, err). */
	struct vakt_error *err;
	int rc;
	/* A failed blob read: fatal even when the tar ended before it. */
	struct vakt_error *read_err;
	int read_rc;
};

static int stream_fail(struct layer_stream *s, int rc, const char *fmt, ...) VAKT_PRINTF(3, 4);

static int stream_fail(struct layer_stream *s, int rc, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	if (!s->err)
		vakt_error_set(&s->err, rc, "layer %d: %s", s->layer + 1, msg);
	free(msg);
	s->rc = rc;
	return rc;
}

/* The next raw input block (hashed as it goes by). 0 with in_eof at the end. */
static int stream_fill(struct layer_stream *s)
{
	const void *p;
	ssize_t n;

	if (s->rest_len) {
		s->in = s->rest;
		s->in_len = s->rest_len;
		s->rest_len = 0;
		return 0;
	}
	if (s->in_eof)
		return 0;
	n = img_blob_block(s->blob, &p, &s->read_err);
	if (n < 0) {
		s->read_rc = (int)n;
		if (!s->rc)
			s->rc = (int)n;
		return (int)n;
	}
	if (n == 0) {
		s->in_eof = true;
		s->in_len = 0;
		return 0;
	}
	img_sha256_update(s->sha, p, (size_t)n);
	s->raw += (uint64_t)n;
	s->in = p;
	s->in_len = (size_t)n;
	return 0;
}

/* Read the first bytes and pick the decompressor by magic. */
static int stream_detect(struct layer_stream *s)
{
	size_t have = 0;
	int r;

	/* Gather at least four bytes, even from tiny blocks, into head[]. */
	while (have < 4) {
		r = stream_fill(s);
		if (r < 0)
			return r;
		if (s->in_eof)
			break;
		if (have == 0 && s->in_len >= 4)
			break;
		while (s->in_len && have < sizeof(s->head)) {
			s->head[have++] = *s->in++;
			s->in_len--;
		}
		if (s->in_len)
			break;
	}
	if (have) {
		/* Feed head[] first, then the rest of the block it was cut from. */
		s->rest = s->in;
		s->rest_len = s->in_len;
		s->in = s->head;
		s->in_len = have;
	}
	if (s->in_len >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b)
		s->comp = IMG_COMP_GZIP;
	else if (s->in_len >= 4 && !memcmp(s->in, "\x28\xb5\x2f\xfd", 4))
		s->comp = IMG_COMP_ZSTD;
	else if (s->in_len >= 3 && !memcmp(s->in, "BZh", 3))
		return stream_fail(s, -ENOTSUP, "bzip2 compression is not supported");
	else if (s->in_len >= 6 && !memcmp(s->in,
	                                   "\xfd"
	                                   "7zXZ\0",
	                                   6))
		return stream_fail(s, -ENOTSUP, "xz compression is not supported");
	else
		s->comp = IMG_COMP_NONE;
	if (s->comp == IMG_COMP_GZIP) {
		s->gz = vakt_xmalloc(sizeof(*s->gz));
		isal_inflate_init(s->gz);
		s->gz->crc_flag = ISAL_GZIP; /* the gzip wrapper, its CRC-32 and length checked */
	} else if (s->comp == IMG_COMP_ZSTD) {
		s->zs = ZSTD_createDStream();
		if (!s->zs)
			abort();
		ZSTD_initDStream(s->zs);
	}
	return 0;
}

static la_ssize_t stream_count(struct layer_stream *s, size_t n)
{
	s->total_out += n;
	if (s->total_out > s->max_out) {
		stream_fail(s, -EFBIG,
		            "decompresses to more than %llu bytes (a decompression bomb? if not, "
		            "%s)",
		            (unsigned long long)s->max_out,
		            vakt_limit_hint(VAKT_LIMIT_IMAGE_LAYER));
		return -1;
	}
	return (la_ssize_t)n;
}

static const char *gzip_error_name(int ir)
{
	switch (ir) {
	case ISAL_INVALID_BLOCK:
		return "invalid block";
	case ISAL_INVALID_SYMBOL:
		return "invalid symbol";
	case ISAL_INVALID_LOOKBACK:
		return "invalid distance too far back";
	case ISAL_INVALID_WRAPPER:
		return "invalid gzip header";
	case ISAL_UNSUPPORTED_METHOD:
		return "unknown compression method";
	case ISAL_INCORRECT_CHECKSUM:
		return "incorrect data check";
	default:
		return "inflate failed";
	}
}

static la_ssize_t stream_gzip(struct layer_stream *s, const void **buf)
{
	struct inflate_state *z = s->gz;

	for (;;) {
		size_t made;
		int ir;

		if (s->gz_end)
			return 0;
		if (!z->avail_in) {
			if (!s->in_len && stream_fill(s) < 0)
				return -1;
			if (s->in_eof && !s->in_len) {
				stream_fail(s, -EPIPE, "the gzip stream is truncated");
				return -1;
			}
			z->next_in = (uint8_t *)s->in;
			z->avail_in = (uint32_t)s->in_len;
			s->in_len = 0;
		}
		z->next_out = s->out;
		z->avail_out = LAYER_OUT_BLOCK;
		ir = isal_inflate(z);
		if (ir < 0) {
			stream_fail(s, -EINVAL, "corrupt gzip data (%s)", gzip_error_name(ir));
			return -1;
		}
		made = LAYER_OUT_BLOCK - z->avail_out;
		if (z->block_state == ISAL_BLOCK_FINISH) {
			/* Another member may follow (concatenated gzip); anything else ends it. */
			if (!z->avail_in && !s->in_eof && stream_fill(s) == 0 && s->in_len) {
				z->next_in = (uint8_t *)s->in;
				z->avail_in = (uint32_t)s->in_len;
				s->in_len = 0;
			}
			if (z->avail_in >= 2 && z->next_in[0] == 0x1f && z->next_in[1] == 0x8b) {
				uint8_t *next = z->next_in;
				uint32_t avail = z->avail_in;

				isal_inflate_init(z);
				z->crc_flag = ISAL_GZIP;
				z->next_in = next;
				z->avail_in = avail;
			} else {
				s->gz_end = true;
			}
		}
		if (made) {
			*buf = s->out;
			return stream_count(s, made);
		}
	}
}

static la_ssize_t stream_zstd(struct layer_stream *s, const void **buf)
{
	for (;;) {
		ZSTD_inBuffer in = {s->in, s->in_len, 0};
		ZSTD_outBuffer out = {s->out, LAYER_OUT_BLOCK, 0};
		size_t zr;

		if (!s->in_len) {
			if (stream_fill(s) < 0)
				return -1;
			if (s->in_eof)
				return 0; /* a frame cut short shows as a truncated tar */
			in = (ZSTD_inBuffer){s->in, s->in_len, 0};
		}
		zr = ZSTD_decompressStream(s->zs, &out, &in);
		s->in += in.pos;
		s->in_len -= in.pos;
		if (ZSTD_isError(zr)) {
			stream_fail(s, -EINVAL, "corrupt zstd data (%s)", ZSTD_getErrorName(zr));
			return -1;
		}
		if (out.pos) {
			*buf = s->out;
			return stream_count(s, out.pos);
		}
	}
}

/*
 * The next block of the layer's tar: in s->out, or for an uncompressed blob
 * the blob's own block. 0 at the end, -1 on error (s->rc, s->err).
 */
static la_ssize_t stream_next(struct layer_stream *s, const void **buf)
{
	size_t n;

	if (s->rc)
		return -1;
	switch (s->comp) {
	case IMG_COMP_GZIP:
		return stream_gzip(s, buf);
	case IMG_COMP_ZSTD:
		return stream_zstd(s, buf);
	default:
		break;
	}
	if (!s->in_len && stream_fill(s) < 0)
		return -1;
	if (!s->in_len)
		return 0;
	*buf = s->in;
	n = s->in_len;
	s->in_len = 0;
	return stream_count(s, n);
}

/*
 * The error the reader met, or else the failed read. The caller owns the
 * result (NULL when there was none); s keeps the other.
 */
static struct vakt_error *stream_take_error(struct layer_stream *s)
{
	struct vakt_error *e = s->err ? s->err : s->read_err;

	if (e == s->err)
		s->err = NULL;
	else
		s->read_err = NULL;
	return e;
}

/* --- the pipe: inflate on one core, read the tar on the other ------------------- */

/*
 * Blocks in flight between the inflating thread and the tar reader, one of
 * them held by the reader: LAYER_PIPE_SLOTS * LAYER_OUT_BLOCK bytes is all
 * the memory the second core costs. The reader sees the same blocks, errors
 * and end in the same order as a single thread would give it.
 */
#define LAYER_PIPE_SLOTS 4u

struct pipe_slot {
	unsigned char *data;
	size_t cap, len;
	bool end;     /* no block: the stream ended here, cleanly or with rc */
	int rc;       /* at the end: 0, or what the stream failed with */
	uint64_t raw; /* blob bytes read when the block was ready (for progress) */
};

enum pipe_state { PIPE_RUN, PIPE_DRAIN, PIPE_ABORT };

struct layer_pipe {
	/* The inflating side: the reader's only before pipe_start() and after pipe_finish(). */
	struct layer_stream s;
	pthread_t thread;
	bool threaded, finished;
	pthread_mutex_t lock;
	pthread_cond_t filled, freed;
	/* Under lock: ready slots from head on (head held by the reader when holding). */
	struct pipe_slot slots[LAYER_PIPE_SLOTS];
	size_t head, count;
	enum pipe_state state;
	/* The reader's side. */
	bool holding, ended;
	int end_rc;
	uint64_t handed; /* decompressed bytes given to the tar reader */
	const struct img_visitor *vis;
	struct img_progress *prog;
	uint64_t prog_last;
};

static enum pipe_state pipe_state(struct layer_pipe *p)
{
	enum pipe_state st;

	pthread_mutex_lock(&p->lock);
	st = p->state;
	pthread_mutex_unlock(&p->lock);
	return st;
}

/* Fill slot with the next block or the end; whether more may follow. */
static bool pipe_fill(struct layer_pipe *p, struct pipe_slot *slot)
{
	struct layer_stream *s = &p->s;
	const void *buf = NULL;
	la_ssize_t n;

	if (slot->cap < LAYER_OUT_BLOCK) {
		slot->data = vakt_xrealloc(slot->data, LAYER_OUT_BLOCK);
		slot->cap = LAYER_OUT_BLOCK;
	}
	s->out = slot->data;
	n = stream_next(s, &buf);
	slot->end = n <= 0;
	slot->rc = n < 0 ? s->rc : 0;
	slot->len = n > 0 ? (size_t)n : 0;
	if (n > 0 && buf != slot->data) {
		/* An uncompressed blob's block: copied, the blob reuses its buffer. */
		if (slot->cap < slot->len) {
			slot->data = vakt_xrealloc(slot->data, slot->len);
			slot->cap = slot->len;
		}
		memcpy(slot->data, buf, slot->len);
	}
	slot->raw = s->raw;
	return n > 0;
}

/* Hash what the tar reader did not need (padding, trailing blocks). */
static void pipe_drain(struct layer_pipe *p)
{
	struct layer_stream *s = &p->s;

	while (!s->in_eof && !s->read_err && pipe_state(p) != PIPE_ABORT) {
		s->in_len = 0;
		stream_fill(s);
	}
}

static void *pipe_thread(void *arg)
{
	struct layer_pipe *p = arg;
	bool more = true;

	while (more) {
		struct pipe_slot *slot;

		pthread_mutex_lock(&p->lock);
		while (p->count == LAYER_PIPE_SLOTS && p->state == PIPE_RUN)
			pthread_cond_wait(&p->freed, &p->lock);
		if (p->state != PIPE_RUN) {
			pthread_mutex_unlock(&p->lock);
			break;
		}
		slot = &p->slots[(p->head + p->count) % LAYER_PIPE_SLOTS];
		pthread_mutex_unlock(&p->lock);
		/* The slot is not counted yet, so the reader cannot see it being filled. */
		more = pipe_fill(p, slot);
		pthread_mutex_lock(&p->lock);
		p->count++;
		pthread_cond_signal(&p->filled);
		pthread_mutex_unlock(&p->lock);
	}
	pipe_drain(p);
	return NULL;
}

/* Start inflating on a second thread; without one, the reader inflates as it reads. */
static void pipe_start(struct layer_pipe *p)
{
	if (pthread_mutex_init(&p->lock, NULL) || pthread_cond_init(&p->filled, NULL) ||
	    pthread_cond_init(&p->freed, NULL))
		abort(); /* only fails without memory */
	p->threaded = !pthread_create(&p->thread, NULL, pipe_thread, p);
}

/* Stop the inflating side (DRAIN: hash the rest of the blob first) and wait for it. */
static void pipe_finish(struct layer_pipe *p, enum pipe_state how)
{
	if (p->finished)
		return;
	p->finished = true;
	pthread_mutex_lock(&p->lock);
	p->state = how;
	pthread_cond_broadcast(&p->freed);
	pthread_mutex_unlock(&p->lock);
	if (p->threaded)
		pthread_join(p->thread, NULL);
	else if (how == PIPE_DRAIN)
		pipe_drain(p);
	pthread_cond_destroy(&p->filled);
	pthread_cond_destroy(&p->freed);
	pthread_mutex_destroy(&p->lock);
}

static void pipe_progress(struct layer_pipe *p, uint64_t raw)
{
	if (p->vis && p->vis->on_progress && raw - p->prog_last >= LAYER_PROGRESS_STEP) {
		p->prog->done += raw - p->prog_last;
		p->prog_last = raw;
		p->vis->on_progress(p->vis->data, p->prog);
	}
}

/* libarchive's read callback: the next slot, in order. */
static la_ssize_t pipe_read(struct archive *a, void *data, const void **buf)
{
	struct layer_pipe *p = data;
	struct pipe_slot *slot;

	(void)a;
	if (p->ended)
		return p->end_rc ? -1 : 0;
	if (p->threaded) {
		pthread_mutex_lock(&p->lock);
		if (p->holding) {
			/* libarchive is done with the block it was given last. */
			p->head = (p->head + 1) % LAYER_PIPE_SLOTS;
			p->count--;
			p->holding = false;
			pthread_cond_signal(&p->freed);
		}
		while (!p->count)
			pthread_cond_wait(&p->filled, &p->lock);
		slot = &p->slots[p->head];
		p->holding = true;
		pthread_mutex_unlock(&p->lock);
	} else {
		slot = &p->slots[0];
		pipe_fill(p, slot);
	}
	pipe_progress(p, slot->raw);
	if (slot->end) {
		p->ended = true;
		p->end_rc = slot->rc;
		return slot->rc ? -1 : 0;
	}
	p->handed += slot->len;
	*buf = slot->data;
	return (la_ssize_t)slot->len;
}

/* After pipe_finish(): free everything. */
static void pipe_release(struct layer_pipe *p)
{
	struct layer_stream *s = &p->s;

	for (size_t i = 0; i < LAYER_PIPE_SLOTS; i++)
		free(p->slots[i].data);
	free(s->gz);
	ZSTD_freeDStream(s->zs);
	img_blob_close(s->blob);
	img_sha256_free(s->sha);
	vakt_error_free(s->err);
	vakt_error_free(s->read_err);
}

/* --- entries ------------------------------------------------------------------------ */

ssize_t img_reader_read(struct img_reader *r, void *buf, size_t n)
{
	if (r->archive) {
		la_ssize_t got = archive_read_data(r->archive, buf, n);

		return got < 0 ? -EIO : got;
	}
	for (;;) {
		ssize_t got = read(r->fd, buf, n);

		if (got >= 0 || errno != EINTR)
			return got < 0 ? -errno : got;
	}
}

static enum img_type entry_type(struct archive_entry *ae)
{
	if (archive_entry_hardlink(ae))
		return IMG_T_HARDLINK;
	switch (archive_entry_filetype(ae)) {
	case AE_IFDIR:
		return IMG_T_DIR;
	case AE_IFLNK:
		return IMG_T_SYMLINK;
	case AE_IFCHR:
		return IMG_T_CHAR;
	case AE_IFBLK:
		return IMG_T_BLOCK;
	case AE_IFIFO:
		return IMG_T_FIFO;
	case AE_IFSOCK:
		return IMG_T_SOCKET;
	default:
		return IMG_T_FILE;
	}
}

/* aufs metadata that is never part of the filesystem. */
static bool is_aufs_meta(const char *path)
{
	return vakt_starts_with(path, ".wh..wh.") || strstr(path, "/.wh..wh.plnk") ||
	       strstr(path, "/.wh..wh.aufs") || strstr(path, "/.wh..wh.orph");
}

struct walk_state {
	struct img_view *view;
	const struct img_visitor *vis;
	size_t entries, max_entries;
	struct img_progress prog;
};

/* One tar entry: normalise, recognise whiteouts, apply, visit. */
static int layer_entry(struct walk_state *w, struct archive *a, struct archive_entry *ae, int layer,
                       struct vakt_buf *name, struct vakt_buf *link, struct vakt_error **err)
{
	const char *raw = archive_entry_pathname(ae);
	struct img_entry e = {0};
	struct img_reader rd = {a, -1};
	bool escapes = false, link_escapes = false;
	const char *base;
	int r;

	if (!raw)
		raw = "";
	if (++w->entries > w->max_entries)
		return vakt_error_set(err, -EFBIG,
		                      "layer %d: more than %zu entries in the image; %s", layer + 1,
		                      w->max_entries, vakt_limit_hint(VAKT_LIMIT_IMAGE_ENTRIES));
	if (img_path_normalise(raw, name, &escapes) < 0)
		return vakt_error_set(err, -EFBIG,
		                      "layer %d: an entry name is longer than %d bytes", layer + 1,
		                      IMG_MAX_NAME_BYTES);
	e.type = entry_type(ae);
	e.mode = (uint32_t)archive_entry_perm(ae) & 07777;
	e.uid = archive_entry_uid(ae);
	e.gid = archive_entry_gid(ae);
	e.size = archive_entry_size_is_set(ae) ? (uint64_t)archive_entry_size(ae) : 0;
	e.layer = layer;
	e.sparse = archive_entry_sparse_count(ae) > 0;
	if (e.type == IMG_T_SYMLINK) {
		const char *t = archive_entry_symlink(ae);

		if (t && strlen(t) > IMG_MAX_NAME_BYTES)
			return vakt_error_set(err, -EFBIG,
			                      "layer %d: a link target is longer than %d bytes",
			                      layer + 1, IMG_MAX_NAME_BYTES);
		vakt_buf_reset(link);
		vakt_buf_adds(link, t ? t : "");
		e.link = vakt_buf_str(link);
	} else if (e.type == IMG_T_HARDLINK) {
		if (img_path_normalise(archive_entry_hardlink(ae), link, &link_escapes) < 0)
			return vakt_error_set(err, -EFBIG,
			                      "layer %d: a link target is longer than %d bytes",
			                      layer + 1, IMG_MAX_NAME_BYTES);
		e.link = vakt_buf_str(link);
	}
	e.path = vakt_buf_str(name);
	if (escapes || link_escapes) {
		/* Show such a link as written. */
		if (link_escapes) {
			vakt_buf_reset(link);
			vakt_buf_adds(link, archive_entry_hardlink(ae));
			e.link = vakt_buf_str(link);
		}
		goto visit;
	}
	if (is_aufs_meta(e.path))
		return 0;
	base = strrchr(e.path, '/');
	base = base ? base + 1 : e.path;
	if (vakt_starts_with(base, ".wh.")) {
		/* Cut the marker off the name: the entry then names what it acts on. */
		size_t dir_len = (size_t)(base - e.path);
		const char *target = base + 4;

		if (!strcmp(base, ".wh..wh..opq")) {
			e.opaque = true;
			name->len = dir_len ? dir_len - 1 : 0;
			name->data[name->len] = '\0';
		} else {
			/* Judged before the cut, which moves the name under base. */
			if (!*target || !strcmp(target, ".") || !strcmp(target, ".."))
				return 0;
			e.whiteout = true;
			memmove(name->data + dir_len, target, strlen(target) + 1);
			name->len -= 4;
		}
		e.path = vakt_buf_str(name);
	}
	r = img_view_apply(w->view, &e, err);
	if (r < 0) {
		vakt_error_prefix(*err, "layer %d", layer + 1);
		return r;
	}
visit:
	if (w->vis && w->vis->on_entry) {
		r = w->vis->on_entry(w->vis->data, &e, escapes || link_escapes, raw,
		                     e.type == IMG_T_FILE && !e.whiteout && !e.opaque ? &rd : NULL,
		                     err);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Stream one layer blob through the tar reader, inflating on a second thread. */
static int layer_walk(struct img_image *img, int layer, struct walk_state *w, uint64_t max_out,
                      struct vakt_error **err)
{
	struct img_layer *l = &img->layers[layer];
	struct layer_pipe p = {0};
	struct layer_stream *s = &p.s;
	struct archive *a = NULL;
	struct archive_entry *ae;
	struct vakt_buf name = VAKT_BUF_INIT, link = VAKT_BUF_INIT;
	struct vakt_error *serr = NULL; /* the stream's own error */
	bool started = false;
	char *got = NULL;
	int r, ar;

	s->layer = layer;
	s->max_out = max_out;
	s->sha = img_sha256_new();
	p.vis = w->vis;
	p.prog = &w->prog;
	r = img_blob_open(img->store, l->blob, &s->blob, err);
	if (r < 0)
		goto out;
	r = stream_detect(s);
	if (r < 0) {
		serr = stream_take_error(s);
		goto out;
	}
	l->compression = s->comp;
	pipe_start(&p);
	started = true;
	a = archive_read_new();
	if (!a)
		abort();
	archive_read_support_format_tar(a);
	archive_read_set_read_callback(a, pipe_read);
	archive_read_set_callback_data(a, &p);
	if (archive_read_open1(a) != ARCHIVE_OK) {
		r = p.end_rc ? p.end_rc : -EINVAL;
		if (!p.end_rc)
			vakt_error_set(&serr, r, "layer %d: not a tar archive (%s)", layer + 1,
			               archive_error_string(a));
		goto out;
	}
	while ((ar = archive_read_next_header(a, &ae)) == ARCHIVE_OK || ar == ARCHIVE_WARN) {
		r = layer_entry(w, a, ae, layer, &name, &link, err);
		if (r < 0)
			goto out;
		l->entries++;
		if (p.end_rc)
			break;
	}
	if (p.end_rc || ar != ARCHIVE_EOF) {
		r = p.end_rc ? p.end_rc : -EPIPE;
		if (!p.end_rc)
			vakt_error_set(&serr, r, "layer %d: %s", layer + 1,
			               archive_error_string(a) ? archive_error_string(a)
			                                       : "the tar stream is truncated");
		goto out;
	}
	pipe_finish(&p, PIPE_DRAIN);
	if (s->read_err) {
		r = s->read_rc;
		serr = stream_take_error(s);
		goto out;
	}
	got = img_sha256_finish(s->sha);
	l->unpacked = p.handed;
	/* The blob digest; for an uncompressed blob the diff_id is the same hash. */
	{
		const char *want = l->digest;

		if (!want && s->comp == IMG_COMP_NONE)
			want = l->diff_id;
		if (want && img_digest_valid(want) && strcmp(want, got)) {
			r = vakt_error_set(err, -EBADMSG,
			                   "layer %d: blob '%s' does not match its digest '%s' "
			                   "(its content hashes to '%s')",
			                   layer + 1, l->blob, want, got);
			goto out;
		}
	}
	w->prog.done += s->raw - p.prog_last;
	r = 0;
out:
	if (started)
		pipe_finish(&p, PIPE_ABORT);
	if (p.end_rc && !serr)
		serr = stream_take_error(s);
	if (serr) {
		if (err && !*err)
			*err = serr;
		else
			vakt_error_free(serr);
		if (r >= 0)
			r = -EIO;
	}
	if (a)
		archive_read_free(a);
	pipe_release(&p);
	free(got);
	vakt_buf_release(&name);
	vakt_buf_release(&link);
	return r;
}

int img_image_walk(struct img_image *img, const struct img_open_opts *o, struct img_view *view,
                   const struct img_visitor *vis, struct vakt_error **err)
{
	struct walk_state w = {.view = view, .vis = vis};
	uint64_t max_out = o && o->max_layer_bytes ? o->max_layer_bytes : IMG_MAX_LAYER_BYTES;
	int r;

	w.max_entries = o && o->max_entries ? o->max_entries : IMG_MAX_ENTRIES;
	if (img->format == IMG_FORMAT_ROOTFS && !img->n_layers)
		return img_rootfs_walk(img, view, vis, w.max_entries, err);
	w.prog.n_layers = img->n_layers;
	for (size_t i = 0; i < img->n_layers; i++)
		w.prog.total += img->layers[i].size;
	for (size_t i = 0; i < img->n_layers; i++) {
		w.prog.layer = (int)i;
		if (vis && vis->on_progress)
			vis->on_progress(vis->data, &w.prog);
		r = layer_walk(img, (int)i, &w, max_out, err);
		if (r < 0)
			return r;
		w.prog.entries = w.entries;
		if (vis && vis->on_layer_done)
			vis->on_layer_done(vis->data, (int)i);
	}
	if (vis && vis->on_progress)
		vis->on_progress(vis->data, &w.prog);
	return 0;
}
