/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/pkg/pkg-app-elf.c, src/pkg/pkg-app-jar.c and the
 * Built-Using fields of src/pkg/pkg-dpkg.c:
 * - ELF files built here byte by byte (32/64-bit, either byte order, with
 *   or without section headers) carrying Go build information in both
 *   formats and cargo auditable data, then broken in every way the reader
 *   must refuse;
 * - C programs built with gcc whose `.go.buildinfo` is a linker section
 *   (pointer format) or added with objcopy (inline format, and `.dep-v0`);
 * - real Go programs built offline with the Debian Go toolchain, when `go`
 *   is installed (a module from a local file:// proxy, one replaced by a
 *   local directory);
 * - jars and wars made with `zip` (nested, a zip bomb, without
 *   pom.properties, nested too deep).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "pkg/pkg-app-priv.h"
#include "pkg/pkg-priv.h"

#define BIN "usr/local/bin/app"

/* --- helpers ---------------------------------------------------------------------- */

static void read_whole(const char *path, struct vakt_buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	assert_non_null(f);
	vakt_buf_reset(b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		vakt_buf_add(b, chunk, n);
	fclose(f);
}

static void write_whole(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(n, fwrite(data, 1, n, f));
	assert_int_equal(0, fclose(f));
}

static int run(const char *fmt, ...) VAKT_PRINTF(1, 2);
static int run(const char *fmt, ...)
{
	struct vakt_buf cmd = VAKT_BUF_INIT;
	va_list ap;
	int r;

	va_start(ap, fmt);
	vakt_buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	r = system(vakt_buf_str(&cmd));
	vakt_buf_release(&cmd);
	return r;
}

static bool have(const char *tool)
{
	return run("command -v %s >/dev/null 2>&1", tool) == 0;
}

/* The package of type t named name (and group, when given), or NULL. */
static const struct pkg *find(const struct pkg_list *l, enum pkg_type t, const char *group,
                              const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].type == t && !strcmp(l->v[i].name, name) &&
		    (!group || (l->v[i].group && !strcmp(l->v[i].group, group))))
			return &l->v[i];
	return NULL;
}

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

static void write_at(const char *dir, const char *rel, const char *text)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	assert_int_equal(0, run("mkdir -p \"$(dirname %s)\"", path));
	write_whole(path, text, strlen(text));
}

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
	run("chmod -R u+w %s; rm -rf %s", dir, dir);
	vakt_buf_release(&b);
}

/* --- jars ---------------------------------------------------------------------------- */

static long read_jar(const char *dir, const char *file, const char *as, struct pkg_list *l,
                     struct vakt_error **err)
{
	char path[512];
	struct vakt_buf b = VAKT_BUF_INIT;
	long r;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	read_whole(path, &b);
	r = pkg_app_jar(as, b.data, b.len, l, err);
	vakt_buf_release(&b);
	return r;
}

static void expect_maven(const struct pkg_list *l, const char *group, const char *name,
                         const char *version, const char *found_in)
{
	const struct pkg *p = NULL;

	for (size_t i = 0; i < l->n && !p; i++)
		if (!strcmp(l->v[i].name, name))
			p = &l->v[i];
	if (!p)
		fail_msg("no package '%s'", name);
	assert_int_equal(PKG_MAVEN, p->type);
	if (group)
		assert_string_equal(group, p->group);
	else
		assert_null(p->group);
	assert_string_equal(version, p->version);
	assert_string_equal(found_in, p->found_in);
	assert_int_equal(PKG_SCOPE_UNKNOWN, p->scope);
}

/*
 * A war holding a jar with pom.properties, one with only a manifest, one
 * with neither; the war's own pom.properties.
 */
static void test_jar_war(void **state)
{
	char dir[] = "/tmp/vakt-test-jar-XXXXXX";
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	if (!have("zip")) {
		fprintf(stderr, "skip: zip missing (scripts/deps.sh installs it)\n");
		skip();
	}
	assert_non_null(mkdtemp(dir));
	write_at(dir, "greeter/META-INF/MANIFEST.MF",
	         "Manifest-Version: 1.0\r\nCreated-By: Maven JAR Plugin 3.3.0\r\n"
	         "Build-Jdk-Spec: 17\r\nImplementation-Title: ignored\r\n"
	         "Implementation-Version: 9\r\n\r\n");
	write_at(dir, "greeter/META-INF/maven/org.example/greeter/pom.properties",
	         "#Generated by Maven\n#Tue Jan 02 10:00:00 UTC 2024\nartifactId=greeter\n"
	         "groupId=org.example\nversion=1.0.3\n");
	write_at(dir, "greeter/META-INF/maven/org.example/greeter/pom.xml", "<project/>\n");
	write_at(dir, "greeter/org/example/Greeter.class", "\xca\xfe\xba\xbe");
	write_at(dir, "toolkit/META-INF/MANIFEST.MF",
	         "Manifest-Version: 1.0\nBundle-SymbolicName: com.example.toolkit;singleton:=tr\n"
	         " ue\nBundle-Version: 3.2.1\nImplementation-Title: toolk\n it-core\n"
	         "Implementation-Version: 3.2.1.Final\n\nName: com/example/\n"
	         "Implementation-Title: per-entry, not the archive's\n");
	write_at(dir, "log4j/org/apache/logging/log4j/core/Logger.class", "\xca\xfe\xba\xbe");
	write_at(dir, "log4j/META-INF/MANIFEST.MF",
	         "Manifest-Version: 1.0\nImplementation-Title: Apache Log4j Core\n"
	         "Implementation-Version: 2.14.1\n");
	write_at(dir, "api/META-INF/MANIFEST.MF",
	         "Manifest-Version: 1.0\nImplementation-Title: Apache Log4j API\n"
	         "Bundle-SymbolicName: org.apache.logging.log4j.api\n"
	         "Implementation-Version: 2.14.1\n");
	write_at(dir, "bundle/META-INF/MANIFEST.MF",
	         "Manifest-Version: 1.0\nBundle-SymbolicName: org.osgi.util.function;"
	         "singleton:=true\nBundle-Version: 1.2.0.202109301733\n");
	write_at(dir, "war/WEB-INF/web.xml", "<web-app/>\n");
	write_at(dir, "war/index.html", "<html></html>\n");
	write_at(dir, "war/META-INF/maven/com.acme/shop/pom.properties",
	         "groupId = com.acme\nartifactId: shop\n! comment\nversion=2.0.0\n");
	assert_int_equal(0,
	                 run("cd %s && mkdir -p war/WEB-INF/lib && "
	                     "(cd greeter && zip -qr ../war/WEB-INF/lib/greeter-1.0.3.jar .) && "
	                     "(cd toolkit && zip -qr ../war/WEB-INF/lib/toolkit.jar .) && "
	                     "(cd bundle && zip -qr ../war/WEB-INF/lib/osgi-fn.jar .) && "
	                     "(cd log4j && zip -qr ../war/WEB-INF/lib/log4j-core-2.14.1.jar .) && "
	                     "(cd api && zip -qr ../war/WEB-INF/lib/api.jar .) && "
	                     "(cd war && zip -qr ../app.war .)",
	                     dir));
	assert_int_equal(6, read_jar(dir, "app.war", "opt/app.war", &l, &err));
	assert_null(err);
	expect_maven(&l, "com.acme", "shop", "2.0.0",
	             "opt/app.war!/META-INF/maven/com.acme/shop/pom.properties");
	expect_maven(&l, "org.example", "greeter", "1.0.3",
	             "opt/app.war!/WEB-INF/lib/greeter-1.0.3.jar!/META-INF/maven/org.example/"
	             "greeter/pom.properties");
	expect_maven(&l, NULL, "toolkit-core", "3.2.1.Final",
	             "opt/app.war!/WEB-INF/lib/toolkit.jar!/META-INF/MANIFEST.MF");
	expect_maven(&l, NULL, "org.osgi.util.function", "1.2.0.202109301733",
	             "opt/app.war!/WEB-INF/lib/osgi-fn.jar!/META-INF/MANIFEST.MF");
	/* A manifest whose only name is a title: the file name. */
	expect_maven(&l, NULL, "log4j-core", "2.14.1",
	             "opt/app.war!/WEB-INF/lib/log4j-core-2.14.1.jar");
	expect_maven(&l, NULL, "org.apache.logging.log4j.api", "2.14.1",
	             "opt/app.war!/WEB-INF/lib/api.jar!/META-INF/MANIFEST.MF");
	pkg_list_release(&l);
	/* A jar whose name has no version, without pom.properties or a named manifest: nothing. */
	assert_int_equal(0, run("cd %s/log4j && zip -qr ../classes.jar .", dir));
	assert_int_equal(0, read_jar(dir, "classes.jar", "classes.jar", &l, &err));
	run("rm -rf %s", dir);
}

static void expect_jar_error(const char *dir, const char *file, long code, const char *where,
                             const char *what)
{
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	assert_int_equal(code, read_jar(dir, file, file, &l, &err));
	assert_non_null(err);
	assert_string_equal(where, err->file);
	if (!strstr(err->msg, what))
		fail_msg("error '%s' does not say '%s'", err->msg, what);
	assert_int_equal(0, l.n);
	vakt_error_free(err);
	pkg_list_release(&l);
}

/* Zip bombs, nesting beyond the ceiling, not a zip. */
static void test_jar_hostile(void **state)
{
	char dir[] = "/tmp/vakt-test-jarbomb-XXXXXX", path[512];
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	if (!have("zip")) {
		fprintf(stderr, "skip: zip missing (scripts/deps.sh installs it)\n");
		skip();
	}
	assert_non_null(mkdtemp(dir));
	/* 17 MiB of zeros: about 17 KiB deflated. */
	assert_int_equal(0,
	                 run("cd %s && mkdir -p bomb/META-INF/maven/x/y inner && "
	                     "head -c 17825792 /dev/zero > bomb/META-INF/maven/x/y/pom.properties"
	                     " && (cd bomb && zip -q -9 -r ../bomb.jar .) && "
	                     "head -c 17825792 /dev/zero > inner/lib.jar && "
	                     "(cd inner && zip -q -9 -r ../nested-bomb.war .)",
	                     dir));
	expect_jar_error(dir, "bomb.jar", -EFBIG, "bomb.jar!/META-INF/maven/x/y/pom.properties",
	                 "larger than");
	expect_jar_error(dir, "nested-bomb.war", -EFBIG, "nested-bomb.war!/lib.jar", "larger than");
	/* n0 in n1 ... in n5: n0 is 5 levels down, one more than PKG_APP_MAX_NESTING. */
	assert_int_equal(0, run("cd %s && mkdir -p n && printf x > n/a.class && "
	                        "(cd n && zip -q ../n0-1.0.jar a.class) && "
	                        "for i in 1 2 3 4 5; do zip -q n$i-1.0.jar n$((i-1))-1.0.jar; done",
	                        dir));
	expect_jar_error(dir, "n5-1.0.jar", -E2BIG,
	                 "n5-1.0.jar!/n4-1.0.jar!/n3-1.0.jar!/n2-1.0.jar!/n1-1.0.jar!/n0-1.0.jar",
	                 "nested deeper than 4");
	assert_int_equal(5, read_jar(dir, "n4-1.0.jar", "n4-1.0.jar", &l, &err));
	expect_maven(&l, NULL, "n0", "1.0",
	             "n4-1.0.jar!/n3-1.0.jar!/n2-1.0.jar!/n1-1.0.jar!/n0-1.0.jar");
	expect_maven(&l, NULL, "n4", "1.0", "n4-1.0.jar");
	pkg_list_release(&l);
	/* Not a zip; a zip cut short. */
	snprintf(path, sizeof(path), "%s/text.jar", dir);
	write_whole(path, "not a zip\n", 10);
	expect_jar_error(dir, "text.jar", -EINVAL, "text.jar", "");
	assert_int_equal(0, run("cd %s && head -c 300 bomb.jar > cut.jar", dir));
	expect_jar_error(dir, "cut.jar", -EINVAL, "cut.jar", "");
	assert_int_equal(-EFBIG,
	                 pkg_app_jar("big.jar", "", PKG_APP_MAX_ARCHIVE_TOTAL + 1u, &l, &err));
	vakt_error_free(err);
	run("rm -rf %s", dir);
}

/* --- dpkg Built-Using ------------------------------------------------------------------ */

static void test_dpkg_built_using(void **state)
{
	struct vakt_buf s = VAKT_BUF_INIT;
	struct pkg_list l = {0};
	struct vakt_error *err = NULL;

	vakt_buf_adds(
	    &s, "Package: containerd\nStatus: install ok installed\nVersion: 1.6.20~ds1-1+b1\n"
	        "Architecture: amd64\nSource: containerd (1.6.20~ds1-1)\n"
	        "Built-Using: golang-1.19 (= 1.19.8-2)\n"
	        "Static-Built-Using: golang-github-containerd-cgroups (= 1.0.4-1),\n"
	        " golang-github-opencontainers-runc (= 1.1.5+ds1-1),\n"
	        " golang-golang-x-net (= 1:0.7.0+dfsg-1)\n"
	        "Description: daemon to control runC\n\n"
	        "Package: ripgrep\nStatus: install ok installed\nVersion: 13.0.0-4+b2\n"
	        "Built-Using: rust-regex (= 1.7.1-1), rustc (= 1.63.0+dfsg1-2)\n\n"
	        "Package: bash\nStatus: install ok installed\nVersion: 5.2.15-2+b2\n\n"
	        "Package: huge\nStatus: install ok installed\nVersion: 1\nStatic-Built-Using:");
	for (int i = 0; i < 300; i++)
		vakt_buf_addf(&s, "%s golang-github-example-module%d (= 0.0~git20230101.abc%d-1)",
		              i ? "," : "", i, i);
	vakt_buf_addc(&s, '\n');
	assert_true(s.len > PKG_MAX_FIELD);
	assert_int_equal(0, pkg_dpkg_parse_status("var/lib/dpkg/status", s.data, s.len, &l, &err));
	assert_int_equal(4, l.n);
	assert_string_equal(
	    "golang-1.19 (= 1.19.8-2), golang-github-containerd-cgroups (= 1.0.4-1),"
	    " golang-github-opencontainers-runc (= 1.1.5+ds1-1), "
	    "golang-golang-x-net (= 1:0.7.0+dfsg-1)",
	    l.v[0].built_using);
	assert_string_equal("rust-regex (= 1.7.1-1), rustc (= 1.63.0+dfsg1-2)", l.v[1].built_using);
	assert_null(l.v[2].built_using);
	assert_true(strlen(l.v[3].built_using) > PKG_MAX_FIELD);
	pkg_list_release(&l);
	/* Past PKG_MAX_BUILT_USING: the usual "too long" error. */
	vakt_buf_reset(&s);
	vakt_buf_adds(&s, "Package: x\nStatus: install ok installed\nVersion: 1\nBuilt-Using: a");
	while (s.len < PKG_MAX_BUILT_USING + 100)
		vakt_buf_adds(&s, ", golang-x (= 1)");
	assert_int_equal(-E2BIG, pkg_dpkg_parse_status("status", s.data, s.len, &l, &err));
	assert_non_null(strstr(err->msg, "Built-Using"));
	vakt_error_free(err);
	vakt_buf_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_go_formats),  cmocka_unit_test(test_go_versions),
	    cmocka_unit_test(test_go_absent),   cmocka_unit_test(test_go_hostile),
	    cmocka_unit_test(test_cargo),       cmocka_unit_test(test_gcc_objcopy),
	    cmocka_unit_test(test_real_go),     cmocka_unit_test(test_jar_war),
	    cmocka_unit_test(test_jar_hostile), cmocka_unit_test(test_dpkg_built_using),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
