/* SPDX-License-Identifier: MIT */
/*
 * The streaming look for Go's build information in an executable too big to
 * buffer whole (src/image/img-apps-stream.c, img_apps_visit_stream()):
 * executables made here byte by byte (a read-only text segment, a writable
 * data segment, 32 or 64 bits, either byte order), fed in pieces of every
 * size and cut at every place around the header; the header at the file's
 * very end, strings cut short, huge varints, two magics, the pointer format
 * of old toolchains (a warning), and ELF files that are no Go binary.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "image/img-apps.h"
#include "image/img-model.h"
#include "pkg/pkg-app.h"
#include "pkg/pkg.h"

#define PATH "usr/local/bin/kubectl"
/* Where the writable segment starts in the files made here. */
#define DATA_OFF 0x30000u

static void put(unsigned char *p, uint64_t v, unsigned size, bool big)
{
	for (unsigned i = 0; i < size; i++)
		p[i] = (unsigned char)(v >> (8 * (big ? size - 1 - i : i)));
}

/* Bytes like compiled code: pseudo-random, 0xff among them (xorshift, fixed seed). */
static void filler(unsigned char *p, size_t n, uint32_t seed)
{
	uint32_t x = seed | 1;

	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (unsigned char)(x & 7 ? x >> 8 : 0xff);
	}
}

struct exe {
	bool is64, big;
	size_t len;                /* the file */
	size_t data_off, data_len; /* the writable segment */
	bool data_exec;            /* the writable segment is executable too */
};

/*
 * An executable: ELF header, two program headers (PT_LOAD R+X over
 * [0, data_off), PT_LOAD RW over [data_off, data_off + data_len)), filler.
 * The caller frees the result.
 */
static unsigned char *mk_exe(const struct exe *x)
{
	unsigned char *b = vakt_xmalloc(x->len);
	unsigned ehsize = x->is64 ? 64 : 52, phsize = x->is64 ? 56 : 32, w = x->is64 ? 8 : 4;
	bool be = x->big;

	filler(b, x->len, (uint32_t)x->len);
	memset(b, 0, ehsize + 2 * phsize);
	memcpy(b,
	       "\x7f"
	       "ELF",
	       4);
	b[4] = x->is64 ? 2 : 1;
	b[5] = be ? 2 : 1;
	b[6] = 1;
	put(b + 16, 2, 2, be); /* ET_EXEC */
	put(b + 18, x->is64 ? 62 : 3, 2, be);
	put(b + 20, 1, 4, be);
	put(b + (x->is64 ? 32 : 28), ehsize, w, be); /* phoff */
	put(b + (x->is64 ? 54 : 42), phsize, 2, be);
	put(b + (x->is64 ? 56 : 44), 2, 2, be);
	for (int i = 0; i < 2; i++) {
		unsigned char *p = b + ehsize + (size_t)i * phsize;
		uint64_t off = i ? x->data_off : 0, size = i ? x->data_len : x->data_off;
		uint64_t flags = i ? (x->data_exec ? 7 : 6) : 5;

		put(p, 1, 4, be); /* PT_LOAD */
		put(p + (x->is64 ? 4 : 24), flags, 4, be);
		put(p + (x->is64 ? 8 : 4), off, w, be);
		put(p + (x->is64 ? 16 : 8), 0x400000 + off, w, be);
		put(p + (x->is64 ? 24 : 12), 0x400000 + off, w, be);
		put(p + (x->is64 ? 32 : 16), size, w, be);
		put(p + (x->is64 ? 40 : 20), size, w, be);
	}
	return b;
}

static const char sentinel_start[] =
    "\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6";
static const char sentinel_end[] =
    "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2";

/* What `go version -m` shows for kubectl (abridged). */
static const char modtext[] =
    "path\tk8s.io/kubectl/cmd/kubectl\n"
    "mod\tk8s.io/kubectl\tv0.29.1\th1:5ZEFh8y9KXwTlEfaSrN5Ay0p+OHSnJSUE5YxM8vMfCQ=\n"
    "dep\tgithub.com/spf13/cobra\tv1.7.0\th1:hyqWnYt1ZQShIddO5kBpj3vu05/++x6tJ6dg8EC572I=\n"
    "dep\tgolang.org/x/net\tv0.19.0\th1:zTwKpTd2XuCqf8huc7XO2FqOawfT2Yyuq7wbkHwsGFM=\n"
    "dep\tk8s.io/client-go\tv0.29.1\th1:19B/+2NGEwnFLzt0uB5kNJnfTsbV8w6TgQRz9l7ti7A=\n"
    "build\t-buildmode=exe\n"
    "build\tCGO_ENABLED=0\n"
    "build\tGOARCH=amd64\n"
    "build\tGOOS=linux\n";

static void put_uvarint(struct vakt_buf *b, uint64_t n)
{
	while (n >= 0x80) {
		vakt_buf_addc(b, (char)(unsigned char)(n | 0x80));
		n >>= 7;
	}
	vakt_buf_addc(b, (char)(unsigned char)n);
}

/* Go >= 1.18's header (flags 2), then the varint-prefixed version and module text. */
static void go_inline(const char *version, const char *text, struct vakt_buf *out)
{
	size_t n = strlen(text);

	vakt_buf_reset(out);
	vakt_buf_add(out, "\xff Go buildinf:\x08\x02", 16);
	while (out->len < 32)
		vakt_buf_addc(out, 0);
	put_uvarint(out, strlen(version));
	vakt_buf_adds(out, version);
	put_uvarint(out, n + 32);
	vakt_buf_add(out, sentinel_start, 16);
	vakt_buf_add(out, text, n);
	vakt_buf_add(out, sentinel_end, 16);
}

/* What the stream read: the packages settled, and the warnings (the caller releases both). */
struct got {
	struct pkg_list pkgs;
	struct vakt_error_list warnings;
	bool done_early; /* the stream wanted no more before the file's end */
};

/*
 * Feed f (n bytes) in pieces of the sizes given (cycled; 0 ends the list),
 * or of pseudo-random sizes up to rnd when rnd is not 0, and read it.
 */
static void feed(const unsigned char *f, size_t n, const size_t *sizes, size_t rnd, struct got *g)
{
	struct img_apps *a = img_apps_new();
	struct img_apps_stream *st = img_apps_stream_new();
	struct img_view *v = img_view_new();
	struct img_entry e = {.path = PATH, .type = IMG_T_FILE, .mode = 0755, .size = n};
	struct vakt_error *err = NULL;
	size_t off = 0, k = 0;
	uint32_t x = (uint32_t)rnd * 2654435761u + 1;

	memset(g, 0, sizeof(*g));
	assert_int_equal(img_view_apply(v, &e, &err), 0);
	while (off < n && !img_apps_stream_done(st)) {
		size_t piece;

		if (rnd) {
			x = x * 1103515245u + 12345u;
			piece = 1 + (x >> 8) % rnd;
		} else {
			piece = sizes[k++];
			if (!sizes[k])
				k = 0;
		}
		if (piece > n - off)
			piece = n - off;
		img_apps_stream_feed(st, f + off, piece);
		off += piece;
	}
	g->done_early = off < n;
	img_apps_visit_stream(a, &e, PATH, st, &g->warnings);
	img_apps_stream_free(st);
	img_apps_settle(a, v, true, &g->pkgs);
	img_apps_free(a);
	img_view_free(v);
}

static void got_release(struct got *g)
{
	pkg_list_release(&g->pkgs);
	vakt_error_list_release(&g->warnings);
}

static const struct pkg *find(const struct pkg_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}

/* kubectl's five packages, found in PATH, and no warning. */
static void expect_kubectl(const struct got *g, const char *stdlib)
{
	static const char *const want[][2] = {{"k8s.io/kubectl", "v0.29.1"},
	                                      {"github.com/spf13/cobra", "v1.7.0"},
	                                      {"golang.org/x/net", "v0.19.0"},
	                                      {"k8s.io/client-go", "v0.29.1"}};

	if (g->warnings.n)
		fail_msg("unexpected warning: %s", g->warnings.v[0]->msg);
	assert_int_equal(5, g->pkgs.n);
	for (size_t i = 0; i < 4; i++) {
		const struct pkg *p = find(&g->pkgs, want[i][0]);

		assert_non_null(p);
		assert_string_equal(want[i][1], p->version);
	}
	assert_string_equal(stdlib, find(&g->pkgs, "stdlib")->version);
	for (size_t i = 0; i < g->pkgs.n; i++) {
		assert_int_equal(PKG_GO, g->pkgs.v[i].type);
		assert_string_equal(PATH, g->pkgs.v[i].found_in);
		assert_int_equal(-1, g->pkgs.v[i].layer);
	}
}

/* One warning, at PATH, with code, saying what. */
static void expect_warning(const struct got *g, int code, const char *what)
{
	assert_int_equal(0, g->pkgs.n);
	assert_int_equal(1, g->warnings.n);
	assert_int_equal(code, g->warnings.v[0]->code);
	if (!strstr(g->warnings.v[0]->msg, what))
		fail_msg("warning '%s' does not say '%s'", g->warnings.v[0]->msg, what);
}

static void expect_nothing(const struct got *g)
{
	if (g->warnings.n)
		fail_msg("unexpected warning: %s", g->warnings.v[0]->msg);
	assert_int_equal(0, g->pkgs.n);
}

static const size_t whole[] = {SIZE_MAX, 0};
static const size_t bytes[] = {1, 0};
static const size_t odd[] = {64, 65521, 1, 13, 14, 15, 16, 17, 31, 4096, 0};

/*
 * The header 0x40 into the writable segment, in 32 and 64-bit files of both
 * byte orders: found whatever the pieces, cut at every place around it.
 */
static void test_pieces(void **state)
{
	struct vakt_buf sec = VAKT_BUF_INIT;
	struct got g;

	(void)state;
	go_inline("go1.21.6", modtext, &sec);
	for (int v = 0; v < 4; v++) {
		struct exe x = {.is64 = v & 1, .big = v & 2, .len = 600000, .data_off = DATA_OFF};
		size_t hdr = DATA_OFF + 0x40;
		unsigned char *f;

		x.data_len = 0x20000;
		f = mk_exe(&x);
		memcpy(f + hdr, sec.data, sec.len);
		feed(f, x.len, whole, 0, &g);
		expect_kubectl(&g, "v1.21.6");
		got_release(&g);
		for (size_t cut = hdr - 20; cut < hdr + sec.len + 20; cut++) {
			size_t two[] = {cut, SIZE_MAX, 0};

			feed(f, x.len, two, 0, &g);
			expect_kubectl(&g, "v1.21.6");
			got_release(&g);
		}
		feed(f, x.len, odd, 0, &g);
		expect_kubectl(&g, "v1.21.6");
		/* Read no further than the header's bytes. */
		assert_true(g.done_early);
		got_release(&g);
		for (size_t seed = 1; seed < 40; seed++) {
			feed(f, x.len, NULL, seed < 20 ? 40 : 70000 + seed, &g);
			expect_kubectl(&g, "v1.21.6");
			got_release(&g);
		}
		if (v == 0) {
			feed(f, x.len, bytes, 0, &g);
			expect_kubectl(&g, "v1.21.6");
			got_release(&g);
		}
		free(f);
	}
	vakt_buf_release(&sec);
}

/* The header as the file's last bytes, at the end of the segment; or with no room left. */
static void test_end(void **state)
{
	struct vakt_buf sec = VAKT_BUF_INIT;
	struct exe x = {.is64 = true, .data_off = DATA_OFF};
	unsigned char *f;
	struct got g;

	(void)state;
	go_inline("go1.22.0", modtext, &sec);
	x.len = DATA_OFF + 0x1000 + sec.len;
	x.data_len = x.len - DATA_OFF;
	f = mk_exe(&x);
	memcpy(f + x.len - sec.len, sec.data, sec.len);
	feed(f, x.len, odd, 0, &g);
	expect_kubectl(&g, "v1.22.0");
	got_release(&g);
	feed(f, x.len, bytes, 0, &g);
	expect_kubectl(&g, "v1.22.0");
	got_release(&g);
	free(f);
	/* The header alone, the file's last 32 bytes: its strings are missing. */
	x.len = DATA_OFF + 0x1000;
	x.data_len = x.len - DATA_OFF;
	f = mk_exe(&x);
	memcpy(f + x.len - 32, sec.data, 32);
	feed(f, x.len, odd, 0, &g);
	expect_warning(&g, -EINVAL, "truncated string length");
	assert_string_equal(PATH, g.warnings.v[0]->file);
	got_release(&g);
	/* The magic 16 bytes before the segment's end: no room for a header there. */
	x.data_len -= 16;
	free(f);
	f = mk_exe(&x);
	memcpy(f + x.len - 32, sec.data, 32);
	feed(f, x.len, odd, 0, &g);
	expect_nothing(&g);
	got_release(&g);
	free(f);
	vakt_buf_release(&sec);
}

/* Strings cut by the file's end, by the segment's end, by the bytes kept; huge varints. */
static void test_cut(void **state)
{
	struct vakt_buf sec = VAKT_BUF_INIT, big = VAKT_BUF_INIT;
	struct exe x = {.is64 = true, .data_off = DATA_OFF, .len = 200000};
	size_t hdr = DATA_OFF + 0x100;
	unsigned char *f;
	struct got g;

	(void)state;
	go_inline("go1.21.6", modtext, &sec);
	x.data_len = x.len - DATA_OFF;
	f = mk_exe(&x);
	/* The file ends in the module text. */
	memcpy(f + hdr, sec.data, sec.len);
	feed(f, hdr + sec.len - 40, odd, 0, &g);
	expect_warning(&g, -EINVAL, "string runs past the end of the data");
	got_release(&g);
	free(f);
	/* The segment ends in the module text (the file goes on). */
	x.data_len = hdr + sec.len - 40 - DATA_OFF;
	f = mk_exe(&x);
	memcpy(f + hdr, sec.data, sec.len);
	feed(f, x.len, odd, 0, &g);
	expect_warning(&g, -EINVAL, "string runs past the end of the data");
	got_release(&g);
	free(f);
	/* Ten continuation bytes; a length of 2^40. */
	x.data_len = x.len - DATA_OFF;
	f = mk_exe(&x);
	memcpy(f + hdr, sec.data, 32);
	memcpy(f + hdr + 32, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11);
	feed(f, x.len, odd, 0, &g);
	expect_warning(&g, -EINVAL, "truncated string length");
	got_release(&g);
	memcpy(f + hdr + 32, "\x80\x80\x80\x80\x80\x20go1.21.6", 14);
	feed(f, x.len, odd, 0, &g);
	expect_warning(&g, -EINVAL, "string runs past the end of the data");
	got_release(&g);
	free(f);
	/* Module text longer than the bytes kept after the header. */
	for (size_t i = 0; big.len < IMG_APPS_GO_KEEP + 4096; i++)
		vakt_buf_addf(&big, "dep\texample.com/m%zu\tv1.0.%zu\t\n", i, i);
	go_inline("go1.21.6", vakt_buf_str(&big), &sec);
	x.len = DATA_OFF + 0x1000 + sec.len + 4096;
	x.data_len = x.len - DATA_OFF;
	f = mk_exe(&x);
	memcpy(f + DATA_OFF, sec.data, sec.len);
	feed(f, x.len, odd, 0, &g);
	expect_warning(&g, -EINVAL, "string runs past the end of the data");
	assert_true(g.done_early);
	got_release(&g);
	free(f);
	vakt_buf_release(&sec);
	vakt_buf_release(&big);
}

/*
 * Two magics: debug/buildinfo's literal in the read-only data of a program
 * that imports it (before the real header), and two headers in the
 * writable segment (the first counts, as with Go's own reader).
 */
static void test_two_magics(void **state)
{
	struct vakt_buf sec = VAKT_BUF_INIT, other = VAKT_BUF_INIT;
	struct exe x = {.is64 = true, .data_off = DATA_OFF, .len = 250000};
	unsigned char *f;
	struct got g;

	(void)state;
	go_inline("go1.21.6", modtext, &sec);
	go_inline("go1.20.1", "path\tcmd/x\nmod\texample.com/x\tv0.0.1\t\n", &other);
	x.data_len = x.len - DATA_OFF;
	f = mk_exe(&x);
	memcpy(f + 0x8000, "\xff Go buildinf:\x08\x02\x05go1.2", 22);
	memcpy(f + DATA_OFF + 0x20, sec.data, sec.len);
	feed(f, x.len, odd, 0, &g);
	expect_kubectl(&g, "v1.21.6");
	got_release(&g);
	memcpy(f + DATA_OFF + 0x4000, other.data, other.len);
	feed(f, x.len, odd, 0, &g);
	expect_kubectl(&g, "v1.21.6");
	got_release(&g);
	/* An executable writable segment is not where Go puts it. */
	free(f);
	x.data_exec = true;
	f = mk_exe(&x);
	memcpy(f + DATA_OFF + 0x20, sec.data, sec.len);
	feed(f, x.len, odd, 0, &g);
	expect_nothing(&g);
	got_release(&g);
	free(f);
	vakt_buf_release(&sec);
	vakt_buf_release(&other);
}

/* Go < 1.18: pointers to strings elsewhere in the file. One warning naming file and limit. */
static void test_pointer_format(void **state)
{
	struct exe x = {.is64 = true, .data_off = DATA_OFF, .len = 200000};
	unsigned char *f;
	struct got g;

	(void)state;
	x.data_len = x.len - DATA_OFF;
	f = mk_exe(&x);
	memcpy(f + DATA_OFF, "\xff Go buildinf:\x08\x00", 16);
	put(f + DATA_OFF + 16, 0x400000 + DATA_OFF + 32, 8, false);
	put(f + DATA_OFF + 24, 0x400000 + DATA_OFF + 48, 8, false);
	feed(f, x.len, odd, 0, &g);
	expect_warning(&g, -EOPNOTSUPP,
	               PATH ": 200000 bytes, more than the 25165824 vakt reads whole");
	assert_non_null(strstr(g.warnings.v[0]->msg, "before Go 1.18"));
	assert_non_null(strstr(g.warnings.v[0]->msg, "its packages are not listed"));
	got_release(&g);
	free(f);
}

/* ELF files that are no Go binary, or whose program headers the head does not hold. */
static void test_not_go(void **state)
{
	struct vakt_buf sec = VAKT_BUF_INIT;
	struct exe x = {.is64 = true, .data_off = DATA_OFF, .len = 400000};
	unsigned char *f;
	struct got g;

	(void)state;
	go_inline("go1.21.6", modtext, &sec);
	/* A C++ program: its writable segment ends before the debug information. */
	x.data_len = 0x10000;
	f = mk_exe(&x);
	feed(f, x.len, whole, 0, &g);
	expect_nothing(&g);
	got_release(&g);
	feed(f, x.len, odd, 0, &g);
	expect_nothing(&g);
	assert_true(g.done_early);
	got_release(&g);
	/* The magic off its 16-byte alignment. */
	memcpy(f + DATA_OFF + 0x21, sec.data, sec.len);
	feed(f, x.len, odd, 0, &g);
	expect_nothing(&g);
	got_release(&g);
	/* The header past the writable segment, in the piece that ends it or later. */
	memcpy(f + DATA_OFF + 0x10010, sec.data, sec.len);
	feed(f, x.len, whole, 0, &g);
	expect_nothing(&g);
	got_release(&g);
	memcpy(f + DATA_OFF + 0x20000, sec.data, sec.len);
	feed(f, x.len, odd, 0, &g);
	expect_nothing(&g);
	got_release(&g);
	/* Program headers past the head; a count of PN_XNUM; none; too small an entry. */
	memcpy(f + DATA_OFF + 0x20, sec.data, sec.len);
	feed(f, x.len, odd, 0, &g);
	expect_kubectl(&g, "v1.21.6");
	got_release(&g);
	put(f + 32, IMG_APPS_STREAM_HEAD - 100, 8, false);
	feed(f, x.len, odd, 0, &g);
	expect_nothing(&g);
	assert_true(g.done_early);
	got_release(&g);
	put(f + 32, 64, 8, false);
	put(f + 56, 0xffff, 2, false);
	feed(f, x.len, odd, 0, &g);
	expect_nothing(&g);
	got_release(&g);
	put(f + 56, 0, 2, false);
	feed(f, x.len, odd, 0, &g);
	expect_nothing(&g);
	got_release(&g);
	put(f + 56, 2, 2, false);
	put(f + 54, 32, 2, false);
	feed(f, x.len, odd, 0, &g);
	expect_nothing(&g);
	got_release(&g);
	/* Not an ELF file at all; a class that is neither 32 nor 64 bits. */
	put(f + 54, 56, 2, false);
	f[4] = 3;
	feed(f, x.len, odd, 0, &g);
	expect_nothing(&g);
	got_release(&g);
	f[4] = 2;
	f[0] = '#';
	feed(f, x.len, odd, 0, &g);
	expect_nothing(&g);
	got_release(&g);
	free(f);
	vakt_buf_release(&sec);
}

/* A file shorter than the head: read when it ends. */
static void test_short(void **state)
{
	struct vakt_buf sec = VAKT_BUF_INIT;
	struct exe x = {.is64 = true, .data_off = 0x1000, .len = 0x3000};
	unsigned char *f;
	struct got g;

	(void)state;
	go_inline("go1.21.6", modtext, &sec);
	x.data_len = x.len - x.data_off;
	f = mk_exe(&x);
	memcpy(f + 0x1000, sec.data, sec.len);
	feed(f, x.len, odd, 0, &g);
	expect_kubectl(&g, "v1.21.6");
	got_release(&g);
	/* An ELF header cut short. */
	feed(f, 40, odd, 0, &g);
	expect_nothing(&g);
	got_release(&g);
	free(f);
	vakt_buf_release(&sec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pieces),
	    cmocka_unit_test(test_end),
	    cmocka_unit_test(test_cut),
	    cmocka_unit_test(test_two_magics),
	    cmocka_unit_test(test_pointer_format),
	    cmocka_unit_test(test_not_go),
	    cmocka_unit_test(test_short),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
