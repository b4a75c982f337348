/* SPDX-License-Identifier: MIT */
/*
 * Streaming the layers of an image: blob -> SHA-256 -> decompression chosen
 * by magic bytes (zlib for gzip, libzstd, or none) -> libarchive's tar
 * reader -> the view and the visitor. One pass per layer; memory stays
 * bounded whatever a tar header claims. Cleanup style: a single `goto out`.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <openssl/evp.h>
#include <zlib.h>
#include <unistd.h>
#include <zstd.h>

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
	/* output */
	z_stream z;
	bool z_ready, z_end;
	ZSTD_DStream *zs;
	unsigned char *out;
	uint64_t total_out, max_out;
	uint64_t raw;
	/* errors from inside libarchive's callback */
	struct vakt_error *err;
	int rc;
	/* progress */
	const struct img_visitor *vis;
	struct img_progress *prog;
	uint64_t prog_last;
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
	n = img_blob_block(s->blob, &p, &s->err);
	if (n < 0) {
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
	if (s->vis && s->vis->on_progress && s->raw - s->prog_last >= LAYER_PROGRESS_STEP) {
		s->prog->done += s->raw - s->prog_last;
		s->prog_last = s->raw;
		s->vis->on_progress(s->vis->data, s->prog);
	}
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
		/* 16 + MAX_WBITS: gzip wrapper only. */
		if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK)
			abort();
		s->z_ready = true;
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
		            "decompresses to more than %llu bytes (a decompression bomb?)",
		            (unsigned long long)s->max_out);
		return -1;
	}
	return (la_ssize_t)n;
}

static la_ssize_t stream_gzip(struct layer_stream *s, const void **buf)
{
	for (;;) {
		int zr;

		if (s->z_end)
			return 0;
		if (!s->z.avail_in) {
			if (!s->in_len && stream_fill(s) < 0)
				return -1;
			if (s->in_eof && !s->in_len) {
				stream_fail(s, -EPIPE, "the gzip stream is truncated");
				return -1;
			}
			s->z.next_in = (Bytef *)s->in;
			s->z.avail_in = (uInt)s->in_len;
			s->in_len = 0;
		}
		s->z.next_out = s->out;
		s->z.avail_out = LAYER_OUT_BLOCK;
		zr = inflate(&s->z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			/* Another member may follow (concatenated gzip); anything else ends it. */
			if (!s->z.avail_in && !s->in_eof && stream_fill(s) == 0 && s->in_len) {
				s->z.next_in = (Bytef *)s->in;
				s->z.avail_in = (uInt)s->in_len;
				s->in_len = 0;
			}
			if (s->z.avail_in >= 2 && s->z.next_in[0] == 0x1f &&
			    s->z.next_in[1] == 0x8b)
				inflateReset(&s->z);
			else
				s->z_end = true;
		} else if (zr != Z_OK && zr != Z_BUF_ERROR) {
			stream_fail(s, -EINVAL, "corrupt gzip data (%s)",
			            s->z.msg ? s->z.msg : "inflate failed");
			return -1;
		}
		if (LAYER_OUT_BLOCK - s->z.avail_out) {
			*buf = s->out;
			return stream_count(s, LAYER_OUT_BLOCK - s->z.avail_out);
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

static la_ssize_t stream_read(struct archive *a, void *data, const void **buf)
{
	struct layer_stream *s = data;

	(void)a;
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
	{
		size_t n = s->in_len;

		s->in_len = 0;
		return stream_count(s, n);
	}
}

/* Hash what the tar reader did not need (padding, trailing blocks). */
static int stream_drain(struct layer_stream *s)
{
	while (!s->in_eof) {
		s->in_len = 0;
		if (stream_fill(s) < 0)
			return s->rc;
	}
	return 0;
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
		return vakt_error_set(err, -EFBIG, "layer %d: more than %zu entries in the image",
		                      layer + 1, w->max_entries);
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

		if (!strcmp(base, ".wh..wh..opq")) {
			e.opaque = true;
			name->len = dir_len ? dir_len - 1 : 0;
			name->data[name->len] = '\0';
		} else {
			e.whiteout = true;
			memmove(name->data + dir_len, base + 4, strlen(base + 4) + 1);
			name->len -= 4;
		}
		e.path = vakt_buf_str(name);
		if (e.whiteout && (!*base || !strcmp(base + 4, "") || !strcmp(base + 4, ".") ||
		                   !strcmp(base + 4, "..")))
			return 0;
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

/* Stream one layer blob through the tar reader. */
static int layer_walk(struct img_image *img, int layer, struct walk_state *w, uint64_t max_out,
                      struct vakt_error **err)
{
	struct img_layer *l = &img->layers[layer];
	struct layer_stream s = {0};
	struct archive *a = NULL;
	struct archive_entry *ae;
	struct vakt_buf name = VAKT_BUF_INIT, link = VAKT_BUF_INIT;
	char *got = NULL;
	int r, ar;

	s.layer = layer;
	s.max_out = max_out;
	s.vis = w->vis;
	s.prog = &w->prog;
	s.out = vakt_xmalloc(LAYER_OUT_BLOCK);
	s.sha = img_sha256_new();
	r = img_blob_open(img->store, l->blob, &s.blob, err);
	if (r < 0)
		goto out;
	r = stream_detect(&s);
	if (r < 0)
		goto out;
	l->compression = s.comp;
	a = archive_read_new();
	if (!a)
		abort();
	archive_read_support_format_tar(a);
	archive_read_set_read_callback(a, stream_read);
	archive_read_set_callback_data(a, &s);
	if (archive_read_open1(a) != ARCHIVE_OK) {
		r = s.rc ? s.rc : -EINVAL;
		if (!s.err)
			vakt_error_set(&s.err, r, "layer %d: not a tar archive (%s)", layer + 1,
			               archive_error_string(a));
		goto out;
	}
	while ((ar = archive_read_next_header(a, &ae)) == ARCHIVE_OK || ar == ARCHIVE_WARN) {
		r = layer_entry(w, a, ae, layer, &name, &link, err);
		if (r < 0)
			goto out;
		l->entries++;
		if (s.rc)
			break;
	}
	if (s.rc || ar != ARCHIVE_EOF) {
		r = s.rc ? s.rc : -EPIPE;
		if (!s.err)
			vakt_error_set(&s.err, r, "layer %d: %s", layer + 1,
			               archive_error_string(a) ? archive_error_string(a)
			                                       : "the tar stream is truncated");
		goto out;
	}
	r = stream_drain(&s);
	if (r < 0)
		goto out;
	got = img_sha256_finish(s.sha);
	l->unpacked = s.total_out;
	/* The blob digest; for an uncompressed blob the diff_id is the same hash. */
	{
		const char *want = l->digest;

		if (!want && s.comp == IMG_COMP_NONE)
			want = l->diff_id;
		if (want && img_digest_valid(want) && strcmp(want, got)) {
			r = vakt_error_set(err, -EBADMSG,
			                   "layer %d: blob '%s' does not match its digest '%s' "
			                   "(its content hashes to '%s')",
			                   layer + 1, l->blob, want, got);
			goto out;
		}
	}
	w->prog.done += s.raw - s.prog_last;
	r = 0;
out:
	if (s.err) {
		if (err && !*err)
			*err = s.err;
		else
			vakt_error_free(s.err);
		if (r >= 0)
			r = s.rc ? s.rc : -EIO;
	}
	if (a)
		archive_read_free(a);
	if (s.z_ready)
		inflateEnd(&s.z);
	ZSTD_freeDStream(s.zs);
	img_blob_close(s.blob);
	img_sha256_free(s.sha);
	free(s.out);
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
