/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/pkg/pkg-app-elf.c (jars: test-pkg-app-jar.c):
 * - ELF files built here byte by byte (32/64-bit, either byte order, with
 *   or without section headers) carrying Go build information in both
 *   formats and cargo auditable data, then broken in every way the reader
 *   must refuse;
 * - C programs built with gcc whose `.go.buildinfo` is a linker section
 *   (pointer format) or added with objcopy (inline format, and `.dep-v0`);
 * - real Go programs built offline with the Debian Go toolchain, when `go`
 *   is installed (a module from a local file:// proxy, one replaced by a
 *   local directory).
 */
#include <errno.h>
#include <unistd.h>
#include <zlib.h>

#include "pkg-app-test.h"

#define BIN "usr/local/bin/app"

static void expect(const struct pkg_list *l, enum pkg_type t, const char *name, const char *version,
                   enum pkg_scope scope)
{
	const struct pkg *p = find(l, t, NULL, name);

	if (!p)
		fail_msg("no package '%s'", name);
	assert_string_equal(version, p->version);
	assert_int_equal(scope, p->scope);
	assert_int_equal(-1, p->layer);
	assert_null(p->purl);
}

/* --- ELF files made byte by byte -------------------------------------------------- */

static void put(struct vakt_buf *b, uint64_t v, unsigned size, bool big)
{
	for (unsigned i = 0; i < size; i++) {
		unsigned shift = 8 * (big ? size - 1 - i : i);

		vakt_buf_addc(b, (char)(unsigned char)(v >> shift));
	}
}

/* Overwrite size bytes at off with v. */
static void poke(struct vakt_buf *b, size_t off, uint64_t v, unsigned size, bool big)
{
	for (unsigned i = 0; i < size; i++)
		b->data[off + i] = (char)(unsigned char)(v >> (8 * (big ? size - 1 - i : i)));
}

#define BASE    0x400000u
#define SEC_OFF 0x100u

struct mk {
	bool is64, big, sections;
	const char *name; /* the section's name */
	const void *sec;  /* its bytes, at file offset SEC_OFF, address BASE + SEC_OFF */
	size_t seclen;
};

/*
 * An executable: ELF header, one writable PT_LOAD mapping the whole file at
 * BASE, the section at SEC_OFF, then (with sections) .shstrtab and the
 * section headers: null, the section, .shstrtab.
 */
static void mk_elf(const struct mk *m, struct vakt_buf *out)
{
	unsigned w = m->is64 ? 8 : 4, ehsize = m->is64 ? 64 : 52, phsize = m->is64 ? 56 : 32;
	unsigned shsize = m->is64 ? 64 : 40;
	bool be = m->big;
	size_t strtab_off, shoff, total;
	struct vakt_buf strtab = VAKT_BUF_INIT;

	vakt_buf_addc(&strtab, 0);
	vakt_buf_adds(&strtab, m->name);
	vakt_buf_addc(&strtab, 0);
	vakt_buf_adds(&strtab, ".shstrtab");
	vakt_buf_addc(&strtab, 0);
	strtab_off = SEC_OFF + m->seclen;
	shoff = (strtab_off + strtab.len + 7) & ~(size_t)7;
	total = m->sections ? shoff + 3 * shsize : strtab_off;

	vakt_buf_reset(out);
	vakt_buf_add(out,
	             "\x7f"
	             "ELF",
	             4);
	vakt_buf_addc(out, m->is64 ? 2 : 1);
	vakt_buf_addc(out, be ? 2 : 1);
	vakt_buf_addc(out, 1);
	for (int i = 0; i < 9; i++)
		vakt_buf_addc(out, 0);
	put(out, 2, 2, be);                                        /* ET_EXEC */
	put(out, m->is64 ? (be ? 21 : 62) : (be ? 20 : 3), 2, be); /* PPC64, x86-64, PPC, i386 */
	put(out, 1, 4, be);
	put(out, BASE, w, be);                    /* entry */
	put(out, ehsize, w, be);                  /* phoff */
	put(out, m->sections ? shoff : 0, w, be); /* shoff */
	put(out, 0, 4, be);
	put(out, ehsize, 2, be);
	put(out, phsize, 2, be);
	put(out, 1, 2, be);
	put(out, shsize, 2, be);
	put(out, m->sections ? 3 : 0, 2, be);
	put(out, m->sections ? 2 : 0, 2, be);
	/* PT_LOAD, read-write */
	put(out, 1, 4, be);
	if (m->is64)
		put(out, 6, 4, be);
	put(out, 0, w, be);
	put(out, BASE, w, be);
	put(out, BASE, w, be);
	put(out, total, w, be);
	put(out, total, w, be);
	if (!m->is64)
		put(out, 6, 4, be);
	put(out, 0x1000, w, be);
	while (out->len < SEC_OFF)
		vakt_buf_addc(out, 0);
	vakt_buf_add(out, m->sec, m->seclen);
	if (!m->sections) {
		vakt_buf_release(&strtab);
		return;
	}
	vakt_buf_add(out, strtab.data, strtab.len);
	while (out->len < shoff)
		vakt_buf_addc(out, 0);
	for (int i = 0; i < 3; i++) {
		uint64_t name = i == 1 ? 1 : i == 2 ? 2 + strlen(m->name) : 0;
		uint64_t type = i == 1 ? 1 : i == 2 ? 3 : 0; /* PROGBITS, STRTAB */
		uint64_t flags = i == 1 ? 3 : 0;             /* WRITE | ALLOC */
		uint64_t addr = i == 1 ? BASE + SEC_OFF : 0;
		uint64_t off = i == 1 ? SEC_OFF : i == 2 ? strtab_off : 0;
		uint64_t size = i == 1 ? m->seclen : i == 2 ? strtab.len : 0;

		put(out, name, 4, be);
		put(out, type, 4, be);
		put(out, flags, w, be);
		put(out, addr, w, be);
		put(out, off, w, be);
		put(out, size, w, be);
		put(out, 0, 4, be);
		put(out, 0, 4, be);
		put(out, i == 1 ? 16 : 1, w, be);
		put(out, 0, w, be);
	}
	vakt_buf_release(&strtab);
}

/* The sentinels Go writes around the module information. */
static const char sentinel_start[] =
    "\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6";
static const char sentinel_end[] =
    "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2";

/* The module information as the linker stores it: sentinels around the text. */
static void modinfo_wrap(const char *text, struct vakt_buf *out)
{
	vakt_buf_reset(out);
	vakt_buf_add(out, sentinel_start, 16);
	vakt_buf_adds(out, text);
	vakt_buf_add(out, sentinel_end, 16);
}

static void put_uvarint(struct vakt_buf *b, size_t n)
{
	while (n >= 0x80) {
		vakt_buf_addc(b, (char)(unsigned char)(n | 0x80));
		n >>= 7;
	}
	vakt_buf_addc(b, (char)(unsigned char)n);
}

/* A Go >= 1.18 section: header (flags 2), then varint-prefixed version and module text. */
static void go_inline(const char *version, const char *modtext, struct vakt_buf *sec)
{
	struct vakt_buf mod = VAKT_BUF_INIT;

	modinfo_wrap(modtext, &mod);
	vakt_buf_reset(sec);
	vakt_buf_add(sec, "\xff Go buildinf:", 14);
	vakt_buf_addc(sec, 8);
	vakt_buf_addc(sec, 2);
	while (sec->len < 32)
		vakt_buf_addc(sec, 0);
	put_uvarint(sec, strlen(version));
	vakt_buf_adds(sec, version);
	put_uvarint(sec, mod.len);
	vakt_buf_add(sec, mod.data, mod.len);
	vakt_buf_release(&mod);
}

/*
 * A Go < 1.18 section at address BASE + SEC_OFF: the header's two pointers
 * to string headers {data, len} placed after it, then the bytes.
 */
static void go_pointers(const char *version, const char *modtext, unsigned w, bool big,
                        struct vakt_buf *sec)
{
	struct vakt_buf mod = VAKT_BUF_INIT;
	uint64_t at = BASE + SEC_OFF, hv = at + 32, hm = hv + 2 * w, dv = hm + 2 * w;

	modinfo_wrap(modtext, &mod);
	vakt_buf_reset(sec);
	vakt_buf_add(sec, "\xff Go buildinf:", 14);
	vakt_buf_addc(sec, (char)w);
	vakt_buf_addc(sec, big ? 1 : 0);
	put(sec, hv, w, big);
	put(sec, hm, w, big);
	while (sec->len < 32)
		vakt_buf_addc(sec, 0);
	put(sec, dv, w, big);
	put(sec, strlen(version), w, big);
	put(sec, dv + strlen(version), w, big);
	put(sec, mod.len, w, big);
	vakt_buf_adds(sec, version);
	vakt_buf_add(sec, mod.data, mod.len);
	vakt_buf_release(&mod);
}

/* What `go version -m` shows for a service built from a tagged module. */
static const char modtext[] =
    "path\tgithub.com/acme/billing/cmd/billing\n"
    "mod\tgithub.com/acme/billing\tv1.4.2\th1:Qx0bGv3WJ7yQ3rxJjG3KqIpU9bJ3XUyZr8cL1xZyQ0o=\n"
    "dep\tgithub.com/google/uuid\tv1.3.0\th1:t6JiXgmwXMjEs8VusXIJk2BXHsn+wx8BZdTaoZ5fu7I=\n"
    "dep\tgolang.org/x/net\tv0.7.0\th1:rJrUqqhjsgNp7KqAIc25s9pZnjU7TUcSY7HcVZjdn1g=\n"
    "=>\tgolang.org/x/net\tv0.17.0\th1:pVaXccu2ozPjCXewfr1S7xoGvBQvVY9dt6gNfC8EOX4=\n"
    "dep\texample.com/internal/auth\tv0.0.0-00010101000000-000000000000\t\n"
    "=>\t../auth\t\t\n"
    "dep\tgopkg.in/yaml.v3\tv3.0.1\th1:fxVm/GzAzEWqLHuvctI91KS9hhNmmWOoWu0XTYJS7CA=\n"
    "build\t-buildmode=exe\n"
    "build\t-compiler=gc\n"
    "build\tCGO_ENABLED=0\n"
    "build\tGOARCH=amd64\n"
    "build\tGOOS=linux\n";

static void check_service(const struct pkg_list *l, const char *stdlib)
{
	expect(l, PKG_GO, "github.com/acme/billing", "v1.4.2", PKG_SCOPE_DIRECT);
	expect(l, PKG_GO, "github.com/google/uuid", "v1.3.0", PKG_SCOPE_UNKNOWN);
	expect(l, PKG_GO, "golang.org/x/net", "v0.17.0", PKG_SCOPE_UNKNOWN);
	expect(l, PKG_GO, "gopkg.in/yaml.v3", "v3.0.1", PKG_SCOPE_UNKNOWN);
	expect(l, PKG_GO, "stdlib", stdlib, PKG_SCOPE_UNKNOWN);
	assert_null(find(l, PKG_GO, NULL, "example.com/internal/auth"));
	assert_null(find(l, PKG_GO, NULL, "../auth"));
	assert_int_equal(5, l->n);
	for (size_t i = 0; i < l->n; i++) {
		assert_string_equal(BIN, l->v[i].found_in);
		assert_null(l->v[i].group);
		assert_false(l->v[i].dev);
	}
}

static long read_bin(const struct vakt_buf *b, struct pkg_list *l, struct vakt_error **err)
{
	return pkg_app_binary(BIN, b->data, b->len, l, err);
}

/* Both formats, 32 and 64 bits, both byte orders, with and without section headers. */
static void test_go_formats(void **state)
{
	struct vakt_buf sec = VAKT_BUF_INIT, elf = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	for (int v = 0; v < 10; v++) {
		bool is64 = v & 1, big = v & 2, inl = v >= 8, sections = v < 4 || v >= 8;
		struct mk m = {
		    .is64 = is64, .big = big, .sections = sections, .name = ".go.buildinfo"};

		if (v >= 8) {
			m.is64 = true;
			m.big = false;
			m.sections = v == 8;
		}
		if (inl)
			go_inline("go1.21.5", modtext, &sec);
		else
			go_pointers("go1.16.15", modtext, m.is64 ? 8 : 4, m.big, &sec);
		m.sec = sec.data;
		m.seclen = sec.len;
		mk_elf(&m, &elf);
		assert_int_equal(5, read_bin(&elf, &l, &err));
		assert_null(err);
		check_service(&l, inl ? "v1.21.5" : "v1.16.15");
		pkg_list_release(&l);
	}
	vakt_buf_release(&sec);
	vakt_buf_release(&elf);
}

static void read_one_stdlib(const char *goversion, const char *want)
{
	struct vakt_buf sec = VAKT_BUF_INIT, elf = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct mk m = {.is64 = true, .sections = true, .name = ".go.buildinfo"};

	go_inline(goversion, "path\tcmd/x\nmod\texample.com/x\t(devel)\t\n", &sec);
	m.sec = sec.data;
	m.seclen = sec.len;
	mk_elf(&m, &elf);
	assert_int_equal(want ? 1 : 0, read_bin(&elf, &l, &err));
	if (want)
		expect(&l, PKG_GO, "stdlib", want, PKG_SCOPE_UNKNOWN);
	/* The main module of a work-tree build has no version: not a package. */
	assert_null(find(&l, PKG_GO, NULL, "example.com/x"));
	pkg_list_release(&l);
	vakt_buf_release(&sec);
	vakt_buf_release(&elf);
}

static void test_go_versions(void **state)
{
	read_one_stdlib("go1.21.5", "v1.21.5");
	read_one_stdlib("go1.20", "v1.20.0");
	read_one_stdlib("go1.21rc2", "v1.21.0-rc.2");
	read_one_stdlib("go1.19beta1", "v1.19.0-beta.1");
	read_one_stdlib("go1.21.5 X:boringcrypto", "v1.21.5");
	read_one_stdlib("devel go1.22-2c5b6f4 Tue Nov 7 20:10:00 2023 +0000", NULL);
	read_one_stdlib("go1", NULL);
	read_one_stdlib("go1.2.3.4", NULL);
	read_one_stdlib("go1.21x", NULL);
}

/* A binary with sections but no Go section, and one without the magic at a 16-byte boundary. */
static void test_go_absent(void **state)
{
	struct vakt_buf sec = VAKT_BUF_INIT, elf = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct mk m = {.is64 = true, .sections = true, .name = ".data"};

	go_inline("go1.21.5", modtext, &sec);
	m.sec = sec.data;
	m.seclen = sec.len;
	mk_elf(&m, &elf);
	assert_int_equal(0, read_bin(&elf, &l, &err));
	/* Stripped, magic one byte off its alignment: not found either. */
	vakt_buf_reset(&sec);
	vakt_buf_addc(&sec, 0);
	go_inline("go1.21.5", modtext, &elf);
	vakt_buf_add(&sec, elf.data, elf.len);
	m.sections = false;
	m.sec = sec.data;
	m.seclen = sec.len;
	mk_elf(&m, &elf);
	assert_int_equal(0, read_bin(&elf, &l, &err));
	assert_null(err);
	assert_int_equal(0, l.n);
	vakt_buf_release(&sec);
	vakt_buf_release(&elf);
}

/* Read; expect code and a message containing what; the list as it was. */
static void expect_error(const struct vakt_buf *b, long code, const char *what)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct pkg *keep = pkg_list_add(&l);

	keep->name = vakt_xstrdup("kept");
	assert_int_equal(code, read_bin(b, &l, &err));
	assert_non_null(err);
	if (!strstr(err->msg, what))
		fail_msg("error '%s' does not say '%s'", err->msg, what);
	assert_string_equal(BIN, err->file);
	assert_int_equal(1, l.n);
	vakt_error_free(err);
	pkg_list_release(&l);
}

static void test_go_hostile(void **state)
{
	struct vakt_buf sec = VAKT_BUF_INIT, elf = VAKT_BUF_INIT, cut = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct mk m = {.is64 = true, .sections = true, .name = ".go.buildinfo"};
	size_t shoff;

	/* Pointer format: a version pointer outside every segment. */
	go_pointers("go1.16.15", modtext, 8, false, &sec);
	poke(&sec, 16, 0x7fff0000u, 8, false);
	m.sec = sec.data;
	m.seclen = sec.len;
	mk_elf(&m, &elf);
	expect_error(&elf, -EINVAL, "string header outside the file");
	/* A string length beyond the ceiling, and one running past the segment. */
	go_pointers("go1.16.15", modtext, 8, false, &sec);
	poke(&sec, 32 + 8, (uint64_t)1 << 40, 8, false);
	m.sec = sec.data;
	m.seclen = sec.len;
	mk_elf(&m, &elf);
	expect_error(&elf, -EINVAL, "string longer than the ceiling");
	go_pointers("go1.16.15", modtext, 8, false, &sec);
	poke(&sec, 32 + 8, 1u << 20, 8, false);
	m.sec = sec.data;
	m.seclen = sec.len;
	mk_elf(&m, &elf);
	expect_error(&elf, -EINVAL, "string outside the file");
	/* A string header pointing at itself: read once, its length is an address. */
	go_pointers("go1.16.15", modtext, 8, false, &sec);
	poke(&sec, 32, BASE + SEC_OFF + 32, 8, false);
	poke(&sec, 40, BASE + SEC_OFF + 32, 8, false);
	m.sec = sec.data;
	m.seclen = sec.len;
	mk_elf(&m, &elf);
	expect_error(&elf, -EINVAL, "string");
	/* Pointer size 3. */
	go_pointers("go1.16.15", modtext, 8, false, &sec);
	sec.data[14] = 3;
	m.sec = sec.data;
	m.seclen = sec.len;
	mk_elf(&m, &elf);
	expect_error(&elf, -EINVAL, "pointer size");
	/* Inline format: a varint running off the section, a length past its end. */
	go_inline("go1.21.5", modtext, &sec);
	sec.len = 33;
	sec.data[32] = (char)0x80;
	m.sec = sec.data;
	m.seclen = sec.len;
	mk_elf(&m, &elf);
	expect_error(&elf, -EINVAL, "truncated string length");
	go_inline("go1.21.5", modtext, &sec);
	sec.data[32] = 0x7f;
	sec.len = 40;
	m.sec = sec.data;
	m.seclen = sec.len;
	mk_elf(&m, &elf);
	expect_error(&elf, -EINVAL, "string runs past the end");
	/* The section without the magic; shorter than the header. */
	go_inline("go1.21.5", modtext, &sec);
	sec.data[1] = 'X';
	m.sec = sec.data;
	m.seclen = sec.len;
	mk_elf(&m, &elf);
	expect_error(&elf, -EINVAL, "does not start with Go's magic");
	/* Section size beyond the file. */
	go_inline("go1.21.5", modtext, &sec);
	m.sec = sec.data;
	m.seclen = sec.len;
	mk_elf(&m, &elf);
	shoff = elf.len - 3 * 64;
	poke(&elf, shoff + 64 + 32, 1u << 30, 8, false);
	expect_error(&elf, -EINVAL, "section runs past the end of the file");
	/* Every truncation of a valid file: an error or nothing, never a crash. */
	m.sec = sec.data;
	m.seclen = sec.len;
	mk_elf(&m, &elf);
	for (size_t n = 0; n < elf.len; n++) {
		long r;

		vakt_buf_reset(&cut);
		vakt_buf_add(&cut, elf.data, n);
		r = read_bin(&cut, &l, &err);
		if (r < 0) {
			assert_non_null(err);
			vakt_error_free(err);
			err = NULL;
		}
		assert_true(r <= 5);
		pkg_list_release(&l);
	}
	/* Not ELF at all; too large (refused before a byte is read). */
	vakt_buf_reset(&cut);
	vakt_buf_adds(&cut, "#!/bin/sh\necho hello\n");
	expect_error(&cut, -EINVAL, "not a readable ELF file");
	assert_int_equal(-EFBIG, pkg_app_binary(BIN, cut.data, PKG_APP_MAX_BINARY + 1u, &l, &err));
	assert_non_null(strstr(err->msg, "larger than"));
	vakt_error_free(err);
	vakt_buf_release(&sec);
	vakt_buf_release(&elf);
	vakt_buf_release(&cut);
}

/* --- the header and what follows, without the file (pkg_app_read_go_buildinfo()) ----- */

/* Read a copy of n bytes of the section sec; expect code and, on error, a message with what. */
static void expect_bytes(const struct vakt_buf *sec, size_t n, long code, const char *what)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct pkg *keep = pkg_list_add(&l);
	char *copy = vakt_xmalloc(n ? n : 1);

	memcpy(copy, sec->data, n);
	keep->name = vakt_xstrdup("kept");
	assert_int_equal(code, pkg_app_read_go_buildinfo(BIN, copy, n, &l, &err));
	if (code >= 0) {
		assert_null(err);
		assert_int_equal(1 + code, l.n);
	} else {
		assert_non_null(err);
		if (!strstr(err->msg, what))
			fail_msg("error '%s' does not say '%s'", err->msg, what);
		assert_string_equal(BIN, err->file);
		assert_int_equal(1, l.n);
		vakt_error_free(err);
	}
	free(copy);
	pkg_list_release(&l);
}

static void test_go_bytes(void **state)
{
	struct vakt_buf sec = VAKT_BUF_INIT, elf = VAKT_BUF_INIT, tail = VAKT_BUF_INIT;
	struct pkg_list whole = {0}, bytes = {0};
	struct vakt_error *err = NULL;
	struct mk m = {.is64 = true, .sections = true, .name = ".go.buildinfo"};

	/* The same packages as the whole file, with anything after the strings. */
	go_inline("go1.21.5", modtext, &sec);
	m.sec = sec.data;
	m.seclen = sec.len;
	mk_elf(&m, &elf);
	assert_int_equal(5, read_bin(&elf, &whole, &err));
	vakt_buf_add(&tail, sec.data, sec.len);
	vakt_buf_add(&tail, "\0\0\0\0\xff Go buildinf:\x08\x02", 20);
	assert_int_equal(5, pkg_app_read_go_buildinfo(BIN, tail.data, tail.len, &bytes, &err));
	assert_null(err);
	check_service(&bytes, "v1.21.5");
	for (size_t i = 0; i < whole.n; i++) {
		assert_string_equal(whole.v[i].name, bytes.v[i].name);
		assert_string_equal(whole.v[i].version, bytes.v[i].version);
		assert_int_equal(whole.v[i].scope, bytes.v[i].scope);
	}
	pkg_list_release(&whole);
	pkg_list_release(&bytes);
	expect_bytes(&sec, sec.len, 5, NULL);
	/* Every cut: the header short, the version or the module text cut. */
	for (size_t n = 0; n < sec.len; n++)
		expect_bytes(&sec, n, -EINVAL,
		             n < 14    ? "does not start with Go's magic"
		             : n < 32  ? "header runs past"
		             : n == 32 ? "truncated string length"
		                       : "");
	expect_bytes(&sec, 33, -EINVAL, "string runs past the end of the data");
	expect_bytes(&sec, sec.len - 1, -EINVAL, "string runs past the end of the data");
	/* A varint of ten continuation bytes; one of 2^40. */
	go_inline("go1.21.5", modtext, &sec);
	sec.len = 32;
	vakt_buf_add(&sec, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01gox", 14);
	expect_bytes(&sec, sec.len, -EINVAL, "truncated string length");
	sec.len = 32;
	vakt_buf_add(&sec, "\x80\x80\x80\x80\x80\x20go1.21.5", 14);
	expect_bytes(&sec, sec.len, -EINVAL, "string runs past the end of the data");
	/* No version: not a Go executable, as Go's own reader says. */
	go_inline("", modtext, &sec);
	expect_bytes(&sec, sec.len, 0, NULL);
	/* The pointer format: its strings are elsewhere in the file. */
	go_pointers("go1.16.15", modtext, 8, false, &sec);
	expect_bytes(&sec, sec.len, -EOPNOTSUPP, "the pointer format of toolchains before Go 1.18");
	sec.data[14] = 3;
	expect_bytes(&sec, sec.len, -EINVAL, "pointer size neither 4 nor 8");
	vakt_buf_release(&sec);
	vakt_buf_release(&elf);
	vakt_buf_release(&tail);
}

/* --- cargo auditable -------------------------------------------------------------- */

static const char cargo_json[] =
    "{\"packages\":["
    "{\"name\":\"ripgrep\",\"version\":\"14.1.0\",\"source\":\"local\",\"kind\":\"runtime\","
    "\"dependencies\":[1,2,4],\"root\":true},"
    "{\"name\":\"regex\",\"version\":\"1.10.2\",\"source\":\"crates.io\","
    "\"dependencies\":[3]},"
    "{\"name\":\"serde\",\"version\":\"1.0.193\",\"source\":\"crates.io\",\"kind\":\"runtime\"},"
    "{\"name\":\"memchr\",\"version\":\"2.6.4\",\"source\":\"crates.io\"},"
    "{\"name\":\"cc\",\"version\":\"1.0.83\",\"source\":\"crates.io\",\"kind\":\"build\"},"
    "{\"name\":\"private-lib\",\"version\":\"0.1.0\",\"source\":\"git\"},"
    "{\"name\":\"bad\",\"version\":\"\",\"source\":\"crates.io\"}"
    "]}";

static void zlib_of(const void *data, size_t n, struct vakt_buf *out)
{
	uLongf zn = compressBound((uLong)n);

	vakt_buf_reset(out);
	vakt_buf_add(out, NULL, 0);
	out->data = vakt_xrealloc(out->data, zn + 1);
	assert_int_equal(Z_OK, compress2((Bytef *)out->data, &zn, data, (uLong)n, 9));
	out->len = zn;
}

static void test_cargo(void **state)
{
	struct vakt_buf z = VAKT_BUF_INIT, elf = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	struct mk m = {.is64 = true, .sections = true, .name = ".dep-v0"};
	char *big;

	zlib_of(cargo_json, strlen(cargo_json), &z);
	m.sec = z.data;
	m.seclen = z.len;
	mk_elf(&m, &elf);
	assert_int_equal(4, read_bin(&elf, &l, &err));
	assert_null(err);
	expect(&l, PKG_CARGO, "regex", "1.10.2", PKG_SCOPE_DIRECT);
	expect(&l, PKG_CARGO, "serde", "1.0.193", PKG_SCOPE_DIRECT);
	expect(&l, PKG_CARGO, "memchr", "2.6.4", PKG_SCOPE_TRANSITIVE);
	expect(&l, PKG_CARGO, "cc", "1.0.83", PKG_SCOPE_DIRECT);
	assert_true(find(&l, PKG_CARGO, NULL, "cc")->dev);
	assert_false(find(&l, PKG_CARGO, NULL, "regex")->dev);
	assert_null(find(&l, PKG_CARGO, NULL, "ripgrep"));
	assert_null(find(&l, PKG_CARGO, NULL, "private-lib"));
	pkg_list_release(&l);

	/* Not zlib; truncated zlib; zlib of something not JSON; JSON without packages. */
	mk_elf(
	    &(struct mk){
	        .is64 = true, .sections = true, .name = ".dep-v0", .sec = "junkjunk", .seclen = 8},
	    &elf);
	expect_error(&elf, -EINVAL, "not valid zlib data");
	m.seclen = z.len / 2;
	mk_elf(&m, &elf);
	expect_error(&elf, -EINVAL, "truncated zlib data");
	zlib_of("{\"packages\":[", 13, &z);
	m.sec = z.data;
	m.seclen = z.len;
	mk_elf(&m, &elf);
	expect_error(&elf, -EINVAL, "invalid JSON");
	zlib_of("{\"pkgs\":[]}", 11, &z);
	m.sec = z.data;
	m.seclen = z.len;
	mk_elf(&m, &elf);
	expect_error(&elf, -EINVAL, "no \"packages\" array");
	/* A bomb: more than PKG_APP_MAX_MEMBER once inflated. */
	big = vakt_xcalloc(PKG_APP_MAX_MEMBER + 2, 1);
	memset(big, ' ', PKG_APP_MAX_MEMBER + 1);
	zlib_of(big, PKG_APP_MAX_MEMBER + 1, &z);
	free(big);
	m.sec = z.data;
	m.seclen = z.len;
	mk_elf(&m, &elf);
	expect_error(&elf, -EFBIG, "inflates to more than");
	vakt_buf_release(&z);
	vakt_buf_release(&elf);
}

/* --- binaries made by gcc and objcopy ------------------------------------------------ */

/* bytes as a C string literal of octal escapes */
static void c_literal(struct vakt_buf *src, const char *s, size_t n)
{
	vakt_buf_addc(src, '"');
	for (size_t i = 0; i < n; i++)
		vakt_buf_addf(src, "\\%03o", (unsigned char)s[i]);
	vakt_buf_addc(src, '"');
}

/*
 * A C program whose .go.buildinfo the compiler lays out the way Go < 1.18
 * did (pointers to string headers, linked without PIE so that the pointers
 * in the file are the addresses), and a plain one given an inline-format
 * .go.buildinfo and a .dep-v0 with objcopy.
 */
static void test_gcc_objcopy(void **state)
{
	char dir[] = "/tmp/vakt-test-appbin-XXXXXX", path[256];
	struct vakt_buf src = VAKT_BUF_INIT, mod = VAKT_BUF_INIT, b = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	if (!have("gcc") || !have("objcopy")) {
		fprintf(stderr, "skip: gcc or objcopy missing (binutils, gcc)\n");
		skip();
	}
	assert_non_null(mkdtemp(dir));
	modinfo_wrap(modtext, &mod);
	vakt_buf_adds(&src, "struct gostr { const char *p; unsigned long n; };\n"
	                    "static const char vers[] = \"go1.17.13\";\n"
	                    "static const char mod[] = ");
	c_literal(&src, mod.data, mod.len);
	vakt_buf_adds(&src, ";\nstatic const struct gostr vs = {vers, sizeof vers - 1};\n"
	                    "static const struct gostr ms = {mod, sizeof mod - 1};\n"
	                    "__attribute__((section(\".go.buildinfo\"), used, aligned(16)))\n"
	                    "const struct { char magic[14]; unsigned char psize, flags;\n"
	                    "  const struct gostr *v, *m; } buildinfo =\n"
	                    "  {\"\\377 Go buildinf:\", sizeof(void *), 0, &vs, &ms};\n"
	                    "int main(void) { return 0; }\n");
	snprintf(path, sizeof(path), "%s/old.c", dir);
	write_whole(path, src.data, src.len);
	assert_int_equal(0, run("cd %s && gcc -O0 -no-pie -o old old.c && "
	                        "printf 'int main(void) { return 0; }\\n' > plain.c && "
	                        "gcc -O2 -o plain plain.c",
	                        dir));
	snprintf(path, sizeof(path), "%s/old", dir);
	read_whole(path, &b);
	assert_int_equal(5, read_bin(&b, &l, &err));
	check_service(&l, "v1.17.13");
	pkg_list_release(&l);

	go_inline("go1.22.1", modtext, &b);
	snprintf(path, sizeof(path), "%s/go.bin", dir);
	write_whole(path, b.data, b.len);
	zlib_of(cargo_json, strlen(cargo_json), &b);
	snprintf(path, sizeof(path), "%s/dep.bin", dir);
	write_whole(path, b.data, b.len);
	assert_int_equal(0, run("cd %s && objcopy --add-section .go.buildinfo=go.bin "
	                        "--add-section .dep-v0=dep.bin plain new",
	                        dir));
	snprintf(path, sizeof(path), "%s/new", dir);
	read_whole(path, &b);
	assert_int_equal(9, read_bin(&b, &l, &err));
	expect(&l, PKG_GO, "stdlib", "v1.22.1", PKG_SCOPE_UNKNOWN);
	expect(&l, PKG_GO, "golang.org/x/net", "v0.17.0", PKG_SCOPE_UNKNOWN);
	expect(&l, PKG_CARGO, "memchr", "2.6.4", PKG_SCOPE_TRANSITIVE);
	pkg_list_release(&l);
	/* The plain program: an ELF file with nothing to say. */
	snprintf(path, sizeof(path), "%s/plain", dir);
	read_whole(path, &b);
	assert_int_equal(0, read_bin(&b, &l, &err));
	assert_null(err);
	run("rm -rf %s", dir);
	vakt_buf_release(&src);
	vakt_buf_release(&mod);
	vakt_buf_release(&b);
}

/* --- real Go binaries ------------------------------------------------------------- */

/*
 * Two programs built offline: app1 with no dependency, app2 requiring
 * example.com/lib v1.2.3 from a file:// module proxy made here and
 * example.com/local replaced by a local directory.
 */
static void test_real_go(void **state)
{
	char dir[] = "/tmp/vakt-test-gobin-XXXXXX", path[512], want[64] = "";
	struct vakt_buf b = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;
	FILE *f;

	if (!have("go") || !have("zip")) {
		fprintf(stderr,
		        "skip: no Go toolchain or zip (scripts/deps.sh installs golang-go and "
		        "zip)\n");
		skip();
	}
	assert_non_null(mkdtemp(dir));
	write_at(dir, "proxy/example.com/lib/@v/list", "v1.2.3\n");
	write_at(dir, "proxy/example.com/lib/@v/v1.2.3.info",
	         "{\"Version\":\"v1.2.3\",\"Time\":\"2023-06-01T10:00:00Z\"}\n");
	write_at(dir, "proxy/example.com/lib/@v/v1.2.3.mod", "module example.com/lib\n\ngo 1.18\n");
	write_at(dir, "zsrc/example.com/lib@v1.2.3/go.mod", "module example.com/lib\n\ngo 1.18\n");
	write_at(dir, "zsrc/example.com/lib@v1.2.3/lib.go",
	         "package lib\n\nfunc Greeting() string { return \"hello\" }\n");
	write_at(dir, "local/go.mod", "module example.com/local\n\ngo 1.18\n");
	write_at(dir, "local/local.go",
	         "package local\n\nfunc Name() string { return \"local\" }\n");
	write_at(dir, "app1/go.mod", "module example.com/app1\n\ngo 1.18\n");
	write_at(dir, "app1/main.go",
	         "package main\n\nimport \"fmt\"\n\n"
	         "func main() { fmt.Println(\"app1\") }\n");
	write_at(dir, "app2/go.mod",
	         "module example.com/app2\n\ngo 1.18\n\nrequire (\n\texample.com/lib v1.2.3\n"
	         "\texample.com/local v0.0.0\n)\n\nreplace example.com/local => ../local\n");
	write_at(dir, "app2/main.go",
	         "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/lib\"\n"
	         "\t\"example.com/local\"\n)\n\nfunc main() { fmt.Println(lib.Greeting(), "
	         "local.Name()) }\n");
	if (run("cd %s && (cd zsrc && zip -qrD ../proxy/example.com/lib/@v/v1.2.3.zip "
	        "example.com) && export GOPATH=%s/gopath GOMODCACHE=%s/gopath/pkg/mod "
	        "GOPROXY=file://%s/proxy GOSUMDB=off GOFLAGS=-mod=mod CGO_ENABLED=0 "
	        "GOCACHE=${GOCACHE:-/tmp/vakt-test-gocache} GOTOOLCHAIN=local && "
	        "go env GOVERSION > goversion && (cd app1 && go build -o ../app1.bin .) && "
	        "(cd app2 && go build -trimpath -ldflags='-s -w' -o ../app2.bin .) > log 2>&1",
	        dir, dir, dir, dir)) {
		run("cat %s/log; chmod -R u+w %s; rm -rf %s", dir, dir, dir);
		fail_msg("go build failed");
	}
	snprintf(path, sizeof(path), "%s/goversion", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(want + 1, sizeof(want) - 1, f));
	fclose(f);
	/* go1.19.8 -> v1.19.8 */
	want[strcspn(want + 1, "\n") + 1] = 0;
	assert_true(!strncmp(want + 1, "go1.", 4));
	want[2] = 'v';

	snprintf(path, sizeof(path), "%s/app1.bin", dir);
	read_whole(path, &b);
	assert_int_equal(1, read_bin(&b, &l, &err));
	expect(&l, PKG_GO, "stdlib", want + 2, PKG_SCOPE_UNKNOWN);
	pkg_list_release(&l);

	snprintf(path, sizeof(path), "%s/app2.bin", dir);
	read_whole(path, &b);
	assert_int_equal(2, read_bin(&b, &l, &err));
	expect(&l, PKG_GO, "stdlib", want + 2, PKG_SCOPE_UNKNOWN);
	expect(&l, PKG_GO, "example.com/lib", "v1.2.3", PKG_SCOPE_UNKNOWN);
	assert_null(find(&l, PKG_GO, NULL, "example.com/local"));
	assert_null(find(&l, PKG_GO, NULL, "example.com/app2"));
	pkg_list_release(&l);
	/* From the header on, as a stream keeps it: the same two packages. */
	for (size_t o = 0;; o += 16) {
		assert_true(o + 32 <= b.len);
		if (memcmp(b.data + o, "\xff Go buildinf:", 14))
			continue;
		assert_int_equal(2,
		                 pkg_app_read_go_buildinfo(BIN, b.data + o, b.len - o, &l, &err));
		expect(&l, PKG_GO, "example.com/lib", "v1.2.3", PKG_SCOPE_UNKNOWN);
		pkg_list_release(&l);
		break;
	}
	run("chmod -R u+w %s; rm -rf %s", dir, dir);
	vakt_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_go_formats), cmocka_unit_test(test_go_versions),
	    cmocka_unit_test(test_go_absent),  cmocka_unit_test(test_go_hostile),
	    cmocka_unit_test(test_cargo),      cmocka_unit_test(test_gcc_objcopy),
	    cmocka_unit_test(test_real_go),    cmocka_unit_test(test_go_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
