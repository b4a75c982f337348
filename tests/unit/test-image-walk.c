/* SPDX-License-Identifier: MIT */
/*
 * Walking hostile and unusual layers: a gzip bomb, a digest mismatch, a
 * truncated layer, a lying media type, zstd, a 4 GiB sparse entry, a
 * header that claims data it does not have, a million tiny files, and the
 * entry and name ceilings. Every image is an OCI layout written to a
 * temporary directory by the test itself.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <cmocka.h>

#include "core/config.h"
#include "image/img-model.h"
#include "image/img-priv.h"
#include "image/img-scan.h"

static char root[64];

/* --- building layers ------------------------------------------------------------ */

static la_ssize_t buf_write(struct archive *a, void *data, const void *p, size_t n)
{
	(void)a;
	vakt_buf_add(data, p, n);
	return (la_ssize_t)n;
}

/* A tar (pax) with one regular file per name, each holding content. */
static void tar_files(struct vakt_buf *out, const char *const *names, size_t n, const char *content)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();

	archive_write_set_format_pax_restricted(a);
	archive_write_set_bytes_in_last_block(a, 1);
	assert_int_equal(archive_write_open2(a, out, NULL, buf_write, NULL, NULL), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		archive_entry_clear(e);
		archive_entry_set_pathname(e, names[i]);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)strlen(content));
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		archive_write_data(a, content, strlen(content));
	}
	archive_entry_free(e);
	archive_write_close(a);
	archive_write_free(a);
}

/* Append one gzip member of in to out; name (may be NULL) goes in its header. */
static void gzip_member(const void *in, size_t n, const char *name, struct vakt_buf *out)
{
	z_stream z = {0};
	gz_header h = {0};
	unsigned char chunk[65536];

	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY),
	                 Z_OK);
	if (name) {
		h.name = (Bytef *)name;
		assert_int_equal(deflateSetHeader(&z, &h), Z_OK);
	}
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)n;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		deflate(&z, Z_FINISH);
		vakt_buf_add(out, chunk, sizeof(chunk) - z.avail_out);
	} while (z.avail_out == 0);
	deflateEnd(&z);
}

static void gzip_buf(const void *in, size_t n, struct vakt_buf *out)
{
	gzip_member(in, n, NULL, out);
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

/* Put blob into dir/blobs/sha256/; returns its digest (the caller frees it). */
static char *put_blob(const char *dir, const void *data, size_t n)
{
	char *d = img_sha256_of(data, n);
	char *p = vakt_xasprintf("%s/blobs/sha256/%s", dir, d + 7);

	write_file(p, data, n);
	free(p);
	return d;
}

/*
 * An OCI layout at root/name with one image of the given layer blobs. With
 * claimed non-NULL, the manifest names that digest for layer 0 instead.
 */
static char *make_layout(const char *name, const struct vakt_buf *layers, size_t n,
                         const char *media, const char *claimed)
{
	char *dir = vakt_xasprintf("%s/%s", root, name);
	char *p = vakt_xasprintf("%s/blobs/sha256", dir);
	struct vakt_buf cfg = VAKT_BUF_INIT, man = VAKT_BUF_INIT, idx = VAKT_BUF_INIT;
	char *cd, *md;

	mkdir(dir, 0755);
	p[strlen(dir) + 6] = '\0';
	mkdir(p, 0755);
	p[strlen(dir) + 6] = '/';
	mkdir(p, 0755);
	free(p);
	vakt_buf_adds(&man, "{\"schemaVersion\":2,\"layers\":[");
	for (size_t i = 0; i < n; i++) {
		char *d = put_blob(dir, layers[i].data, layers[i].len);

		vakt_buf_addf(&man, "%s{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%zu}",
		              i ? "," : "", media, i == 0 && claimed ? claimed : d, layers[i].len);
		free(d);
	}
	vakt_buf_adds(&cfg, "{\"os\":\"linux\",\"architecture\":\"amd64\",\"config\":{}}");
	cd = put_blob(dir, cfg.data, cfg.len);
	vakt_buf_addf(&man, "],\"config\":{\"digest\":\"%s\",\"size\":%zu}}", cd, cfg.len);
	md = put_blob(dir, man.data, man.len);
	vakt_buf_addf(&idx,
	              "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/"
	              "vnd.oci.image.manifest.v1+json\",\"digest\":\"%s\",\"size\":%zu}]}",
	              md, man.len);
	p = vakt_xasprintf("%s/index.json", dir);
	write_file(p, idx.data, idx.len);
	free(p);
	free(cd);
	free(md);
	vakt_buf_release(&cfg);
	vakt_buf_release(&man);
	vakt_buf_release(&idx);
	return dir;
}

#define MT_GZIP "application/vnd.oci.image.layer.v1.tar+gzip"

/* Open and walk dir; returns the walk's result, *err set on failure. */
static int walk(const char *dir, const struct img_open_opts *o, struct img_view **view,
                struct img_image **img, struct vakt_error **err)
{
	int r = img_open(dir, o, img, err);

	if (r < 0)
		return r;
	*view = img_view_new();
	return img_image_walk(*img, o, *view, NULL, err);
}

static void done(struct img_view *v, struct img_image *img, struct vakt_error *err, char *dir)
{
	img_view_free(v);
	img_image_free(img);
	vakt_error_free(err);
	free(dir);
}

/* --- tests ----------------------------------------------------------------------- */

static void test_plain_labelled_gzip(void **state)
{
	static const char *const names[] = {"etc/hostname", "usr/bin/x"};
	struct vakt_buf tar = VAKT_BUF_INIT;
	struct img_view *v = NULL;
	struct img_image *img = NULL;
	struct vakt_error *err = NULL;
	char *dir;

	(void)state;
	tar_files(&tar, names, 2, "hello\n");
	/* skopeo writes plain tar blobs labelled tar+gzip: the magic bytes decide. */
	dir = make_layout("plain", &tar, 1, MT_GZIP, NULL);
	assert_int_equal(walk(dir, NULL, &v, &img, &err), 0);
	assert_int_equal(img->layers[0].compression, IMG_COMP_NONE);
	assert_int_equal(img->layers[0].entries, 2);
	assert_true(img_view_resolve(v, "usr/bin/x") > 0);
	vakt_buf_release(&tar);
	done(v, img, err, dir);
}

static void test_zstd(void **state)
{
	static const char *const names[] = {"a", "b", "c"};
	struct vakt_buf tar = VAKT_BUF_INIT, z = VAKT_BUF_INIT;
	struct img_view *v = NULL;
	struct img_image *img = NULL;
	struct vakt_error *err = NULL;
	size_t cap;
	char *dir;

	(void)state;
	tar_files(&tar, names, 3, "zz");
	cap = ZSTD_compressBound(tar.len);
	z.data = vakt_xmalloc(cap);
	z.len = ZSTD_compress(z.data, cap, tar.data, tar.len, 3);
	assert_false(ZSTD_isError(z.len));
	dir = make_layout("zstd", &z, 1, MT_GZIP, NULL);
	assert_int_equal(walk(dir, NULL, &v, &img, &err), 0);
	assert_int_equal(img->layers[0].compression, IMG_COMP_ZSTD);
	assert_int_equal(img->layers[0].unpacked, tar.len);
	assert_int_equal(img_view_present(v), 3);
	vakt_buf_release(&tar);
	free(z.data);
	done(v, img, err, dir);
}

static void test_gzip_bomb(void **state)
{
	const size_t n = 64u * 1024 * 1024;
	char *zeros = vakt_xcalloc(1, n);
	struct vakt_buf tar = VAKT_BUF_INIT, gz = VAKT_BUF_INIT;
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	struct img_open_opts o = {.max_layer_bytes = 8u * 1024 * 1024};
	struct img_view *v = NULL;
	struct img_image *img = NULL;
	struct vakt_error *err = NULL;
	char *dir;

	(void)state;
	archive_write_set_format_pax_restricted(a);
	archive_write_open2(a, &tar, NULL, buf_write, NULL, NULL);
	archive_entry_set_pathname(e, "zeros");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)n);
	archive_write_header(a, e);
	archive_write_data(a, zeros, n);
	archive_write_close(a);
	archive_write_free(a);
	archive_entry_free(e);
	gzip_buf(tar.data, tar.len, &gz);
	/* About 1000:1: 64 MiB of zeros in some 64 KiB. */
	assert_true(gz.len < 200 * 1024);
	dir = make_layout("bomb", &gz, 1, MT_GZIP, NULL);
	assert_int_equal(walk(dir, &o, &v, &img, &err), -EFBIG);
	assert_non_null(strstr(err->msg, "decompression bomb"));
	assert_non_null(strstr(err->msg, "layer 1"));
	/* The default ceiling is the named constant, far above this layer. */
	vakt_error_free(err);
	err = NULL;
	img_view_free(v);
	v = img_view_new();
	assert_int_equal(img_image_walk(img, NULL, v, NULL, &err), 0);
	assert_true(IMG_MAX_LAYER_BYTES >= 16ull * 1024 * 1024 * 1024);
	free(zeros);
	vakt_buf_release(&tar);
	vakt_buf_release(&gz);
	done(v, img, err, dir);
}

/*
 * A layer many blocks long goes through the two-thread pipe: bytes after the
 * gzip stream are hashed but not read as tar; an entry ceiling hit while the
 * inflating thread waits on a full pipe returns at once; a stream cut in the
 * middle fails there, after the entries before the cut.
 */
static void test_pipeline(void **state)
{
	enum { N = 768, SIZE = 16 * 1024 };
	char **names = vakt_xcalloc(N, sizeof(*names));
	char *content = vakt_xmalloc(SIZE + 1);
	struct vakt_buf tar = VAKT_BUF_INIT, gz = VAKT_BUF_INIT;
	struct img_open_opts few = {.max_entries = 10};
	int r;
	struct img_view *v = NULL;
	struct img_image *img = NULL;
	struct vakt_error *err = NULL;
	char *dir;

	(void)state;
	for (size_t i = 0; i < N; i++)
		names[i] = vakt_xasprintf("data/f%04zu", i);
	for (size_t i = 0; i < SIZE; i++)
		content[i] = (char)('a' + (i * 7 + i / 13) % 26);
	content[SIZE] = '\0';
	tar_files(&tar, (const char *const *)names, N, content);
	assert_true(tar.len > 8u * 1024 * 1024);
	gzip_buf(tar.data, tar.len, &gz);
	for (size_t i = 0; i < 3u * 1024 * 1024; i++)
		vakt_buf_addc(&gz, (char)0xaa);
	dir = make_layout("pipe", &gz, 1, MT_GZIP, NULL);
	assert_int_equal(walk(dir, NULL, &v, &img, &err), 0);
	assert_int_equal(img->layers[0].entries, N);
	assert_int_equal(img->layers[0].unpacked, tar.len);
	assert_int_equal(img_view_present(v), N + 1);
	done(v, img, err, dir);
	v = NULL;
	img = NULL;
	err = NULL;

	dir = make_layout("pipe-ceiling", &gz, 1, MT_GZIP, NULL);
	assert_int_equal(walk(dir, &few, &v, &img, &err), -EFBIG);
	assert_non_null(strstr(err->msg, "more than 10 entries"));
	done(v, img, err, dir);
	v = NULL;
	img = NULL;
	err = NULL;

	/* Cut the gzip stream in the middle: the error is met there, not at the start. */
	gz.len = gz.len - 3u * 1024 * 1024;
	gz.len /= 2;
	dir = make_layout("pipe-cut", &gz, 1, MT_GZIP, NULL);
	r = walk(dir, NULL, &v, &img, &err);
	assert_int_equal(r, -EPIPE);
	assert_non_null(strstr(err->msg, "the gzip stream is truncated"));
	assert_true(img->layers[0].entries > 100);
	assert_non_null(strstr(err->msg, "layer 1"));
	done(v, img, err, dir);
	for (size_t i = 0; i < N; i++)
		free(names[i]);
	free(names);
	free(content);
	vakt_buf_release(&tar);
	vakt_buf_release(&gz);
}

/* gzip as producers write it: several members, a file name in the header; a bad CRC. */
static void test_gzip_members(void **state)
{
	static const char *const names[] = {"a", "b", "c", "d"};
	struct vakt_buf tar = VAKT_BUF_INIT, gz = VAKT_BUF_INIT;
	struct img_view *v = NULL;
	struct img_image *img = NULL;
	struct vakt_error *err = NULL;
	size_t half;
	char *dir;

	(void)state;
	tar_files(&tar, names, 4, "members\n");
	half = tar.len / 2;
	/* Member 1 carries a file name, as the gzip program writes it. */
	gzip_member(tar.data, half, "layer.tar", &gz);
	gzip_buf(tar.data + half, tar.len - half, &gz);
	dir = make_layout("members", &gz, 1, MT_GZIP, NULL);
	assert_int_equal(walk(dir, NULL, &v, &img, &err), 0);
	assert_int_equal(img->layers[0].compression, IMG_COMP_GZIP);
	assert_int_equal(img->layers[0].entries, 4);
	assert_int_equal(img->layers[0].unpacked, tar.len);
	done(v, img, err, dir);
	v = NULL;
	img = NULL;
	err = NULL;
	/* The last member's CRC-32 (the trailer's first 4 bytes) is wrong. */
	gz.data[gz.len - 8] ^= 0x5a;
	dir = make_layout("bad-crc", &gz, 1, MT_GZIP, NULL);
	assert_int_equal(walk(dir, NULL, &v, &img, &err), -EINVAL);
	assert_non_null(strstr(err->msg, "corrupt gzip data (incorrect data check)"));
	vakt_buf_release(&tar);
	vakt_buf_release(&gz);
	done(v, img, err, dir);
}

static void test_digest_mismatch(void **state)
{
	static const char *const names[] = {"etc/passwd"};
	static const char wrong[] =
	    "sha256:0000000000000000000000000000000000000000000000000000000000000000";
	struct vakt_buf tar = VAKT_BUF_INIT, gz = VAKT_BUF_INIT;
	struct img_view *v = NULL;
	struct img_image *img = NULL;
	struct vakt_error *err = NULL;
	char *dir, *d, *from, *to;

	(void)state;
	tar_files(&tar, names, 1, "root:x:0:0::/root:/bin/sh\n");
	gzip_buf(tar.data, tar.len, &gz);
	dir = make_layout("mismatch", &gz, 1, MT_GZIP, wrong);
	/* The manifest names a blob whose content hashes to something else. */
	d = img_sha256_of(gz.data, gz.len);
	from = vakt_xasprintf("%s/blobs/sha256/%s", dir, d + 7);
	to = vakt_xasprintf("%s/blobs/sha256/%s", dir, wrong + 7);
	assert_int_equal(rename(from, to), 0);
	assert_int_equal(walk(dir, NULL, &v, &img, &err), -EBADMSG);
	assert_non_null(strstr(err->msg, wrong + 7));
	assert_non_null(strstr(err->msg, d));
	free(d);
	free(from);
	free(to);
	vakt_buf_release(&tar);
	vakt_buf_release(&gz);
	done(v, img, err, dir);
}

static void test_truncated(void **state)
{
	static const char *const names[] = {"a", "b"};
	struct vakt_buf tar = VAKT_BUF_INIT, gz = VAKT_BUF_INIT;
	struct img_view *v = NULL;
	struct img_image *img = NULL;
	struct vakt_error *err = NULL;
	char *dir;

	(void)state;
	tar_files(&tar, names, 2, "some content that is not tiny at all\n");
	gzip_buf(tar.data, tar.len, &gz);
	gz.len /= 2;
	dir = make_layout("truncated", &gz, 1, MT_GZIP, NULL);
	assert_true(walk(dir, NULL, &v, &img, &err) < 0);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "layer 1"));
	/* The same cut in a plain tar. */
	vakt_error_free(err);
	err = NULL;
	img_view_free(v);
	img_image_free(img);
	free(dir);
	v = NULL;
	img = NULL;
	tar.len = 700;
	dir = make_layout("truncated-plain", &tar, 1, MT_GZIP, NULL);
	assert_true(walk(dir, NULL, &v, &img, &err) < 0);
	assert_non_null(err);
	vakt_buf_release(&tar);
	vakt_buf_release(&gz);
	done(v, img, err, dir);
}

/*
 * A header that claims 4 GiB: a real sparse file as GNU tar writes it (pax
 * format), and a plain header without the data behind it.
 */
static void test_huge_claims(void **state)
{
	const off_t four_gib = 4ll * 1024 * 1024 * 1024;
	struct vakt_buf tar = VAKT_BUF_INIT;
	struct img_view *v = NULL;
	struct img_image *img = NULL;
	struct vakt_error *err = NULL;
	struct img_node_info in;
	char *sparse = vakt_xasprintf("%s/sparse4g", root);
	char *tarp = vakt_xasprintf("%s/sparse.tar", root);
	char *cmd =
	    vakt_xasprintf("tar --sparse --format=posix -cf '%s' -C '%s' sparse4g", tarp, root);
	char *dir;
	int fd;
	FILE *f;
	char chunk[4096];
	size_t got;

	(void)state;
	fd = open(sparse, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "data", 4, 0), 4);
	assert_int_equal(ftruncate(fd, four_gib), 0);
	close(fd);
	if (system(cmd) != 0) {
		free(sparse);
		free(tarp);
		free(cmd);
		skip(); /* no GNU tar */
	}
	f = fopen(tarp, "rb");
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vakt_buf_add(&tar, chunk, got);
	fclose(f);
	unlink(sparse);
	assert_true(tar.len < 64 * 1024);
	dir = make_layout("sparse", &tar, 1, MT_GZIP, NULL);
	if (walk(dir, NULL, &v, &img, &err) < 0)
		fail_msg("walk: %s", err ? err->msg : "(no error)");
	img_view_info(v, img_view_resolve(v, "sparse4g"), &in);
	assert_int_equal(in.size, (uint64_t)four_gib);
	vakt_buf_release(&tar);
	free(sparse);
	free(tarp);
	free(cmd);
	done(v, img, err, dir);

	/* A plain header claiming 4 GiB with no data behind it: truncated, nothing allocated. */
	{
		char hdr[1024] = {0};
		struct vakt_buf b = VAKT_BUF_INIT;
		unsigned sum = 0;

		v = NULL;
		img = NULL;
		err = NULL;
		snprintf(hdr, 100, "big");
		snprintf(hdr + 100, 8, "0000644");
		snprintf(hdr + 108, 8, "0000000");
		snprintf(hdr + 116, 8, "0000000");
		snprintf(hdr + 124, 12, "40000000000");
		snprintf(hdr + 136, 12, "00000000000");
		hdr[156] = '0';
		memcpy(hdr + 257, "ustar", 6);
		memcpy(hdr + 263, "00", 2);
		memset(hdr + 148, ' ', 8);
		for (int i = 0; i < 512; i++)
			sum += (unsigned char)hdr[i];
		snprintf(hdr + 148, 8, "%06o", sum);
		vakt_buf_add(&b, hdr, sizeof(hdr));
		dir = make_layout("claims", &b, 1, MT_GZIP, NULL);
		assert_true(walk(dir, NULL, &v, &img, &err) < 0);
		assert_non_null(err);
		vakt_buf_release(&b);
		done(v, img, err, dir);
	}
}

/* Write n ustar headers of empty files d%03u/f%04u straight into a zstd stream. */
static void million_layer(const char *path, unsigned n)
{
	FILE *f = fopen(path, "wb");
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	size_t out_cap = ZSTD_CStreamOutSize();
	char *out = vakt_xmalloc(out_cap);
	char *batch = vakt_xcalloc(512, 1024);
	unsigned base_sum = 0;
	char hdr[512] = {0};

	assert_non_null(f);
	ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, 1);
	snprintf(hdr + 100, 8, "0000644");
	snprintf(hdr + 108, 8, "0000000");
	snprintf(hdr + 116, 8, "0000000");
	snprintf(hdr + 124, 12, "00000000000");
	snprintf(hdr + 136, 12, "00000000000");
	hdr[156] = '0';
	memcpy(hdr + 257, "ustar", 6);
	memcpy(hdr + 263, "00", 2);
	memset(hdr + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		base_sum += (unsigned char)hdr[i];
	for (unsigned i = 0; i < n + 2; i += 1024) {
		size_t k = 0;
		ZSTD_inBuffer in;

		for (; k < 1024 && i + k < n; k++) {
			char *h = batch + k * 512;
			unsigned sum = base_sum;
			int len;

			memcpy(h, hdr, 512);
			len = snprintf(h, 100, "d%03u/f%04u", (unsigned)(i + k) / 1000,
			               (unsigned)(i + k) % 1000);
			for (int c = 0; c < len; c++)
				sum += (unsigned char)h[c];
			snprintf(h + 148, 8, "%06o", sum);
		}
		if (i + k >= n) {
			memset(batch + k * 512, 0, 1024); /* the end-of-archive blocks */
			k += 2;
		}
		in = (ZSTD_inBuffer){batch, k * 512, 0};
		while (in.pos < in.size) {
			ZSTD_outBuffer o = {out, out_cap, 0};

			ZSTD_compressStream2(cc, &o, &in, ZSTD_e_continue);
			fwrite(out, 1, o.pos, f);
		}
		if (i + k >= n + 2)
			break;
	}
	for (;;) {
		ZSTD_outBuffer o = {out, out_cap, 0};
		ZSTD_inBuffer in = {NULL, 0, 0};
		size_t left = ZSTD_compressStream2(cc, &o, &in, ZSTD_e_end);

		fwrite(out, 1, o.pos, f);
		if (!left)
			break;
	}
	fclose(f);
	ZSTD_freeCCtx(cc);
	free(out);
	free(batch);
}

static void test_million_files(void **state)
{
	const unsigned n = 1000000;
	char *dir, *tmp = vakt_xasprintf("%s/million.tar.zst", root);
	struct vakt_buf blob = VAKT_BUF_INIT;
	struct img_open_opts small = {.max_entries = 1000};
	struct img_view *v = NULL;
	struct img_image *img = NULL;
	struct vakt_error *err = NULL;
	FILE *f;
	char chunk[65536];
	size_t got;

	(void)state;
	million_layer(tmp, n);
	f = fopen(tmp, "rb");
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vakt_buf_add(&blob, chunk, got);
	fclose(f);
	dir = make_layout("million", &blob, 1, MT_GZIP, NULL);
	assert_int_equal(walk(dir, NULL, &v, &img, &err), 0);
	assert_int_equal(img->layers[0].entries, n);
	/* A million files and the thousand directories made for them. */
	assert_int_equal(img_view_present(v), n + 1000);
	assert_true(img_view_resolve(v, "d999/f0999") > 0);
	img_view_free(v);
	img_image_free(img);
	v = NULL;
	img = NULL;
	/* The entry ceiling. */
	assert_int_equal(walk(dir, &small, &v, &img, &err), -EFBIG);
	assert_non_null(strstr(err->msg, "more than 1000 entries"));
	unlink(tmp);
	free(tmp);
	vakt_buf_release(&blob);
	done(v, img, err, dir);
}

static void test_long_name(void **state)
{
	char *name = vakt_xmalloc(IMG_MAX_NAME_BYTES + 10);
	const char *names[1] = {name};
	struct vakt_buf tar = VAKT_BUF_INIT;
	struct img_view *v = NULL;
	struct img_image *img = NULL;
	struct vakt_error *err = NULL;
	char *dir;

	(void)state;
	memset(name, 'n', IMG_MAX_NAME_BYTES + 9);
	name[IMG_MAX_NAME_BYTES + 9] = '\0';
	for (size_t i = 100; i < IMG_MAX_NAME_BYTES; i += 100)
		name[i] = '/';
	tar_files(&tar, names, 1, "x");
	dir = make_layout("longname", &tar, 1, MT_GZIP, NULL);
	assert_int_equal(walk(dir, NULL, &v, &img, &err), -EFBIG);
	assert_non_null(strstr(err->msg, "longer than"));
	free(name);
	vakt_buf_release(&tar);
	done(v, img, err, dir);
}

/* An OCI layout directory root/name with blobs/sha256/ and no index yet. */
static char *layout_dir(const char *name)
{
	char *dir = vakt_xasprintf("%s/%s", root, name);
	char *p = vakt_xasprintf("%s/blobs", dir);

	mkdir(dir, 0755);
	mkdir(p, 0755);
	free(p);
	p = vakt_xasprintf("%s/blobs/sha256", dir);
	mkdir(p, 0755);
	free(p);
	return dir;
}

static void put_index(const char *dir, const char *text, size_t len)
{
	char *p = vakt_xasprintf("%s/index.json", dir);

	write_file(p, text, len);
	free(p);
}

static int open_err(const char *dir, struct vakt_error **err)
{
	struct img_image *img = NULL;
	int r = img_open(dir, NULL, &img, err);

	img_image_free(img);
	return r;
}

static void test_json_ceiling(void **state)
{
	char *dir = layout_dir("bigjson");
	char *text = vakt_xmalloc(IMG_MAX_JSON_BYTES + 2);
	struct vakt_error *err = NULL;

	(void)state;
	memset(text, ' ', IMG_MAX_JSON_BYTES + 1);
	text[0] = '{';
	text[IMG_MAX_JSON_BYTES] = '}';
	put_index(dir, text, IMG_MAX_JSON_BYTES + 1);
	assert_int_equal(open_err(dir, &err), -EFBIG);
	assert_non_null(strstr(err->msg, "larger than"));
	vakt_error_free(err);
	free(text);
	free(dir);
}

static void test_index_depth_ceiling(void **state)
{
	char *dir = layout_dir("deep");
	struct vakt_buf idx = VAKT_BUF_INIT;
	struct vakt_error *err = NULL;

	(void)state;
	/* IMG_MAX_INDEX_DEPTH + 2 indexes, each naming the next. */
	vakt_buf_adds(&idx, "{\"manifests\":[]}");
	for (int i = 0; i < IMG_MAX_INDEX_DEPTH + 2; i++) {
		size_t len = idx.len;
		char *d = put_blob(dir, idx.data, len);

		vakt_buf_reset(&idx);
		vakt_buf_addf(&idx,
		              "{\"manifests\":[{\"mediaType\":\"application/"
		              "vnd.oci.image.index.v1+json\",\"digest\":\"%s\",\"size\":%zu}]}",
		              d, len);
		free(d);
	}
	put_index(dir, idx.data, idx.len);
	assert_int_equal(open_err(dir, &err), -EFBIG);
	assert_non_null(strstr(err->msg, "nested deeper"));
	vakt_error_free(err);
	vakt_buf_release(&idx);
	free(dir);
}

static void test_images_and_layers_ceilings(void **state)
{
	char *dir = layout_dir("many");
	struct vakt_buf idx = VAKT_BUF_INIT, man = VAKT_BUF_INIT;
	struct vakt_error *err = NULL;
	char *cd = put_blob(dir, "{}", 2);
	char *ld = put_blob(dir, "", 0);
	char *md;

	(void)state;
	/* A manifest with IMG_MAX_LAYERS + 1 layers. */
	vakt_buf_addf(&man, "{\"config\":{\"digest\":\"%s\",\"size\":2},\"layers\":[", cd);
	for (int i = 0; i <= IMG_MAX_LAYERS; i++)
		vakt_buf_addf(&man, "%s{\"digest\":\"%s\",\"size\":0}", i ? "," : "", ld);
	vakt_buf_adds(&man, "]}");
	md = put_blob(dir, man.data, man.len);
	vakt_buf_addf(&idx, "{\"manifests\":[{\"digest\":\"%s\",\"size\":%zu}]}", md, man.len);
	put_index(dir, idx.data, idx.len);
	assert_int_equal(open_err(dir, &err), -EFBIG);
	assert_non_null(strstr(err->msg, "layers"));
	vakt_error_free(err);
	err = NULL;
	/* An index of IMG_MAX_IMAGES + 1 images. */
	vakt_buf_reset(&idx);
	vakt_buf_adds(&idx, "{\"manifests\":[");
	for (int i = 0; i <= IMG_MAX_IMAGES; i++)
		vakt_buf_addf(&idx, "%s{\"digest\":\"%s\",\"size\":%zu}", i ? "," : "", md,
		              man.len);
	vakt_buf_adds(&idx, "]}");
	put_index(dir, idx.data, idx.len);
	assert_int_equal(open_err(dir, &err), -EFBIG);
	assert_non_null(strstr(err->msg, "images"));
	vakt_error_free(err);
	free(cd);
	free(ld);
	free(md);
	vakt_buf_release(&idx);
	vakt_buf_release(&man);
	free(dir);
}

static void test_archive_entries_ceiling(void **state)
{
	char *path = vakt_xasprintf("%s/outer.tar.zst", root);
	struct vakt_error *err = NULL;

	(void)state;
	/* The archive holding the image: one entry more than IMG_MAX_ARCHIVE_ENTRIES. */
	million_layer(path, IMG_MAX_ARCHIVE_ENTRIES + 1);
	assert_int_equal(open_err(path, &err), -EFBIG);
	assert_non_null(strstr(err->msg, "entries"));
	vakt_error_free(err);
	unlink(path);
	free(path);
}

/* Scan dir with every rule; the caller frees the model. */
static struct img_scan *scan(const char *dir)
{
	struct vakt_config *config = vakt_config_new();
	struct vakt_scan_opts so;
	struct img_scan_opts io = {0};
	struct vakt_scan_result res = {0};
	struct img_scan *model = NULL;

	vakt_scan_opts_init(&so, config);
	io.scan = &so;
	img_scan_path(dir, &io, &res, &model);
	assert_non_null(model);
	assert_int_equal(res.errors.n, 0);
	vakt_scan_result_release(&res);
	vakt_config_free(config);
	return model;
}

static void add_file(struct archive *a, struct archive_entry *e, const char *name, const char *data,
                     size_t size)
{
	archive_entry_clear(e);
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_write_header(a, e);
	archive_write_data(a, data, size);
}

static void test_secret_ceilings(void **state)
{
	static const char tok[] = "xoxb-1234567890-abcdefghij";
	struct vakt_buf tar = VAKT_BUF_INIT;
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	char *body = vakt_xmalloc(IMG_MAX_SCAN_FILE + 1);
	struct img_scan *s;
	char *dir;

	(void)state;
	archive_write_set_format_pax_restricted(a);
	archive_write_open2(a, &tar, NULL, buf_write, NULL, NULL);
	/* A token at the end of a file of exactly IMG_MAX_SCAN_FILE bytes is found; one byte more
	 * and not. */
	for (int i = 0; i < 2; i++) {
		size_t size = IMG_MAX_SCAN_FILE + (size_t)i;

		memset(body, 'a', size);
		body[size - sizeof(tok) - 1] = '\n';
		memcpy(body + size - sizeof(tok), tok, sizeof(tok) - 1);
		body[size - 1] = '\n';
		add_file(a, e, i ? "srv/over" : "srv/at-limit", body, size);
	}
	/* IMG_MAX_SECRET_HITS + 1 small files with a token each: the last ones are counted, not
	 * kept. */
	for (int i = 0; i <= IMG_MAX_SECRET_HITS; i++) {
		char name[32];

		snprintf(name, sizeof(name), "t/%04d", i);
		add_file(a, e, name, tok, sizeof(tok) - 1);
	}
	archive_write_close(a);
	archive_write_free(a);
	archive_entry_free(e);
	dir = make_layout("secrets", &tar, 1, MT_GZIP, NULL);
	s = scan(dir);
	assert_int_equal(s->n_hits, IMG_MAX_SECRET_HITS);
	/* srv/at-limit and 2001 files: two over the ceiling. srv/over was not read at all. */
	assert_int_equal(s->hits_dropped, 2);
	assert_string_equal(s->hits[0].path, "srv/at-limit");
	assert_string_equal(s->hits[1].path, "t/0000");
	img_scan_free(s);
	free(body);
	free(dir);
	vakt_buf_release(&tar);
}

/*
 * A package database that fails to parse after its first record is an error
 * of the scan's inventory, lists no package, and leaks nothing (the parser
 * had grown its list before the bad line: found by fuzz-image-rules, and
 * caught here by LeakSanitizer under make check).
 */
static void test_bad_package_db(void **state)
{
	static const char *const names[] = {"lib/apk/db/installed"};
	struct vakt_buf tar = VAKT_BUF_INIT;
	struct img_scan *s;
	char *dir;

	(void)state;
	tar_files(&tar, names, 1, "P:musl\nV:1.2.4-r2\n\nP:busybox\nV:1.36.1-r15\n\nnot a field\n");
	dir = make_layout("bad-apk", &tar, 1, MT_GZIP, NULL);
	s = scan(dir);
	assert_int_equal(s->pkgs.n, 0);
	assert_int_equal(s->pkg_errors.n, 1);
	assert_non_null(strstr(s->pkg_errors.v[0]->msg, "expected 'K:value'"));
	img_scan_free(s);
	free(dir);
	vakt_buf_release(&tar);
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/vakt-image-walk-XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_labelled_gzip),
	    cmocka_unit_test(test_zstd),
	    cmocka_unit_test(test_gzip_bomb),
	    cmocka_unit_test(test_pipeline),
	    cmocka_unit_test(test_gzip_members),
	    cmocka_unit_test(test_digest_mismatch),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_huge_claims),
	    cmocka_unit_test(test_million_files),
	    cmocka_unit_test(test_long_name),
	    cmocka_unit_test(test_json_ceiling),
	    cmocka_unit_test(test_index_depth_ceiling),
	    cmocka_unit_test(test_images_and_layers_ceilings),
	    cmocka_unit_test(test_archive_entries_ceiling),
	    cmocka_unit_test(test_secret_ceilings),
	    cmocka_unit_test(test_bad_package_db),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
