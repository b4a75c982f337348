/* SPDX-License-Identifier: MIT */
/*
 * Application packages inside ELF binaries (pkg_app_binary()):
 *
 * - Go's build information. The linker writes a 32-byte header into the
 *   `.go.buildinfo` section, 16-byte aligned: the magic "\xff Go buildinf:",
 *   the pointer size, and a flags byte. Go >= 1.18 sets flag 2 and follows
 *   the header with two varint-prefixed strings (the toolchain version, the
 *   module information); older toolchains put two pointers at offset 16, to
 *   Go string headers {data, len} of the pointer size and the byte order the
 *   flags byte names (non-zero: big-endian). Without section headers (a
 *   stripped binary) the header is searched at 16-byte boundaries of the
 *   writable load segments. The module information is the text `go version
 *   -m` prints: tab-separated `path`, `mod`, `dep` and `=>` lines between two
 *   16-byte sentinels.
 * - cargo auditable's `.dep-v0` section: zlib-compressed JSON
 *   {"packages": [{name, version, source, kind, dependencies, root}]}.
 *
 * What becomes a package:
 * - Go: the main module (`mod`) with scope DIRECT, unless its version is
 *   "(devel)" (a build from a work tree has no version to match); every
 *   `dep` with scope UNKNOWN (the binary records the build list, not which
 *   modules the main module requires itself); a dep followed by a `=>`
 *   replacement becomes the replacement (its path and version), or is
 *   passed over when the replacement is a local directory (a path starting
 *   with '.' or '/', its version empty or "(devel)"); the
 *   toolchain as "stdlib" with its version as a module version (go1.21.5 ->
 *   v1.21.5, go1.20 -> v1.20.0, go1.21rc2 -> v1.21.0-rc.2; a "devel"
 *   toolchain is passed over).
 * - cargo: every package from crates.io but the root (the binary's own
 *   crate); the root's dependencies have scope DIRECT, the others
 *   TRANSITIVE; kind "build" ones are marked dev (compiled for the build,
 *   not into the binary). Git, local path and other registries' crates are
 *   passed over (their names need not be crates.io's).
 *
 * pkg_app_read_go_buildinfo() reads Go's build information from a copy of
 * its header and what follows, the way the caller of a binary too big to
 * buffer whole streams it (src/image/img-apps-stream.c): the same code as
 * the whole file's once the header is found, the pointer format aside.
 *
 * The file is untrusted: every offset, size and pointer is checked against
 * the file before it is read; a header or section that points outside the
 * file is an error (-EINVAL), as is a file larger than PKG_APP_MAX_BINARY
 * (-EFBIG). A binary carrying neither is not an error: 0 packages.
 */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdint.h>

#include "pkg/pkg-app-dl.h"
#include "pkg/pkg-app-priv.h"
#include "pkg/pkg-priv.h"

/* The build information header: magic, pointer size, flags; 32 bytes, 16-aligned. */
#define GO_MAGIC       PKG_APP_GO_MAGIC
#define GO_MAGIC_LEN   PKG_APP_GO_MAGIC_LEN
#define GO_HEADER_LEN  PKG_APP_GO_HEADER_LEN
#define GO_ALIGN       PKG_APP_GO_ALIGN
#define GO_FLAG_INLINE PKG_APP_GO_FLAG_INLINE
/* Longest version or module information string read (Kubernetes' is ~20 KiB). */
#define GO_MAX_STRING (4u * 1024 * 1024)
/* The sentinels around the module information. */
#define GO_SENTINEL_LEN 16
#define CARGO_SECTION   ".dep-v0"
#define GO_SECTION      ".go.buildinfo"
#define GO_WHAT         "Go build information"

struct elf_file {
	const char *path;
	const unsigned char *data;
	size_t len;
	Elf *e;
	size_t nphdr;
	size_t nshdr;
	size_t shstrndx;
	bool have_shstr;
};

/* A slice of the file: [off, off + len). */
struct elf_span {
	size_t off;
	size_t len;
};

/* -EINVAL with "what: why" at the file. */
static int elf_bad(const struct elf_file *f, struct vakt_error **err, const char *why,
                   const char *what)
{
	return vakt_error_set_at(err, -EINVAL, f->path, 0, 0, "%s: %s", what, why);
}

/* -EINVAL with "Go build information: why" at path. */
static int go_bad(const char *path, struct vakt_error **err, const char *why)
{
	return vakt_error_set_at(err, -EINVAL, path, 0, 0, "%s: %s", GO_WHAT, why);
}

/* Whether [off, off + n) lies inside the file. */
static bool elf_in_file(const struct elf_file *f, uint64_t off, uint64_t n)
{
	return off <= f->len && n <= f->len - off;
}

/*
 * The section named name: 1 with *span set, 0 when there is none, or
 * -EINVAL when its header points outside the file.
 */
static int elf_section(const struct elf_file *f, const char *name, struct elf_span *span,
                       struct vakt_error **err)
{
	Elf_Scn *scn = NULL;

	if (!f->have_shstr)
		return 0;
	while ((scn = elf_nextscn(f->e, scn))) {
		GElf_Shdr sh;
		const char *n;

		if (!gelf_getshdr(scn, &sh))
			continue;
		n = elf_strptr(f->e, f->shstrndx, sh.sh_name);
		if (!n || strcmp(n, name))
			continue;
		if (sh.sh_type == SHT_NOBITS)
			return 0;
		if (!elf_in_file(f, sh.sh_offset, sh.sh_size))
			return elf_bad(f, err, "section runs past the end of the file", name);
		span->off = (size_t)sh.sh_offset;
		span->len = (size_t)sh.sh_size;
		return 1;
	}
	return 0;
}

/* The file offset of virtual address addr with n bytes after it in the file, or false. */
static bool elf_vaddr_off(const struct elf_file *f, uint64_t addr, uint64_t n, size_t *off)
{
	for (size_t i = 0; i < f->nphdr; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(f->e, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (addr < ph.p_vaddr || addr - ph.p_vaddr >= ph.p_filesz)
			continue;
		if (n > ph.p_filesz - (addr - ph.p_vaddr))
			return false;
		if (!elf_in_file(f, ph.p_offset + (addr - ph.p_vaddr), n) || ph.p_offset > f->len)
			return false;
		*off = (size_t)(ph.p_offset + (addr - ph.p_vaddr));
		return true;
	}
	return false;
}

/* --- Go build information --------------------------------------------------------- */

static bool go_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

/* The length of the run of [s, s + n) before the first space or tab. */
static size_t go_word_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] != ' ' && s[i] != '\t')
		i++;
	return i;
}

static uint64_t go_read_ptr(const unsigned char *p, unsigned size, bool big)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)p[big ? i : size - 1 - i] << (8 * (size - 1 - i));
	return v;
}

/* A Go string reached through the string header at addr (pointer format). */
static int go_read_string(const struct elf_file *f, uint64_t addr, unsigned psize, bool big,
                          struct elf_span *s, struct vakt_error **err)
{
	size_t off;
	uint64_t daddr, dlen;

	if (!elf_vaddr_off(f, addr, 2u * psize, &off))
		return elf_bad(f, err, "string header outside the file", GO_WHAT);
	daddr = go_read_ptr(f->data + off, psize, big);
	dlen = go_read_ptr(f->data + off + psize, psize, big);
	if (dlen > GO_MAX_STRING)
		return elf_bad(f, err, "string longer than the ceiling", GO_WHAT);
	if (!dlen) {
		s->off = 0;
		s->len = 0;
		return 0;
	}
	if (!elf_vaddr_off(f, daddr, dlen, &off))
		return elf_bad(f, err, "string outside the file", GO_WHAT);
	s->off = off;
	s->len = (size_t)dlen;
	return 0;
}

/* A varint-prefixed string of data at [*pos, end) (inline format); *pos moves past it. */
static int go_read_inline(const char *path, const unsigned char *data, size_t *pos, size_t end,
                          struct elf_span *s, struct vakt_error **err)
{
	uint64_t n = 0;
	unsigned shift = 0;

	for (;;) {
		unsigned char b;

		if (*pos >= end || shift > 63)
			return go_bad(path, err, "truncated string length");
		b = data[(*pos)++];
		n |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
		shift += 7;
	}
	if (n > GO_MAX_STRING || n > end - *pos)
		return go_bad(path, err, "string runs past the end of the data");
	s->off = *pos;
	s->len = (size_t)n;
	*pos += (size_t)n;
	return 0;
}

/*
 * The header at the 16-aligned offsets of [span): the first whose magic
 * matches. *hdr is its offset in the file; false when there is none.
 */
static bool go_find_magic(const struct elf_file *f, struct elf_span span, size_t *hdr)
{
	size_t start = span.off, end = span.off + span.len;

	/* 16-aligned from the start of the section, or of the (page-aligned) segment. */
	for (size_t o = start; o + GO_HEADER_LEN <= end; o++) {
		const unsigned char *m = memchr(f->data + o, 0xff, end - GO_HEADER_LEN + 1 - o);

		if (!m)
			return false;
		o = (size_t)(m - f->data);
		if ((o - start) % GO_ALIGN == 0 && !memcmp(m, GO_MAGIC, GO_MAGIC_LEN)) {
			*hdr = o;
			return true;
		}
	}
	return false;
}

/* Where the build information header is: 1 with *hdr and *end set, 0 none. */
static int go_locate(const struct elf_file *f, size_t *hdr, size_t *end, struct vakt_error **err)
{
	struct elf_span s = {0, 0};
	int r = elf_section(f, GO_SECTION, &s, err);

	if (r < 0)
		return r;
	if (r > 0) {
		if (!go_find_magic(f, s, hdr))
			return elf_bad(f, err, "section does not start with Go's magic",
			               GO_SECTION);
		*end = s.off + s.len;
		return 1;
	}
	if (f->nshdr > 0 && f->have_shstr)
		return 0; /* sections, none of them Go's: not a Go binary */
	for (size_t i = 0; i < f->nphdr; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(f->e, (int)i, &ph) || ph.p_type != PT_LOAD ||
		    (ph.p_flags & (PF_X | PF_W)) != PF_W)
			continue;
		if (!elf_in_file(f, ph.p_offset, ph.p_filesz))
			return elf_bad(f, err, "runs past the end of the file", "a load segment");
		s.off = (size_t)ph.p_offset;
		s.len = (size_t)ph.p_filesz;
		if (go_find_magic(f, s, hdr)) {
			*end = s.off + s.len;
			return 1;
		}
	}
	return 0;
}

/* go1.21.5 -> v1.21.5; go1.20 -> v1.20.0; go1.21rc2 -> v1.21.0-rc.2. NULL when not a release. */
static char *go_stdlib_version(const char *s, size_t n)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	const char *p = s + 2, *e = s + n;
	int dots = 0;

	if (n < 3 || memcmp(s, "go", 2) || !go_isdigit(*p))
		return NULL;
	vakt_buf_addc(&b, 'v');
	while (p < e && (go_isdigit(*p) || *p == '.')) {
		if (*p == '.' && (p[-1] == '.' || p + 1 == e || !go_isdigit(p[1])))
			break;
		dots += *p == '.';
		vakt_buf_addc(&b, *p++);
	}
	if (dots == 0 || dots > 2 || (p < e && *p != 'r' && *p != 'b') || b.len > 32) {
		vakt_buf_release(&b);
		return NULL;
	}
	if (dots == 1)
		vakt_buf_adds(&b, ".0");
	if (p < e) {
		const char *tag = *p == 'r' ? "rc" : "beta";
		size_t tn = strlen(tag);

		if ((size_t)(e - p) <= tn || memcmp(p, tag, tn)) {
			vakt_buf_release(&b);
			return NULL;
		}
		p += tn;
		for (const char *q = p; q < e; q++)
			if (!go_isdigit(*q)) {
				vakt_buf_release(&b);
				return NULL;
			}
		vakt_buf_addf(&b, "-%s.%.*s", tag, (int)(e - p), p);
	}
	return vakt_buf_detach(&b);
}

/* Whether a module path or version field can be kept: printable, bounded. */
static bool go_field_ok(const char *s, size_t n)
{
	if (!n || n > PKG_MAX_FIELD)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return false;
	return true;
}

static bool go_is_devel(const char *s, size_t n)
{
	return n == 7 && !memcmp(s, "(devel)", 7);
}

struct go_line {
	const char *f[4];
	size_t n[4];
	int count;
};

static void go_split(const char *s, size_t n, struct go_line *l)
{
	const char *e = s + n;

	l->count = 0;
	while (l->count < 4) {
		const char *t = memchr(s, '\t', (size_t)(e - s));
		size_t k = t ? (size_t)(t - s) : (size_t)(e - s);

		l->f[l->count] = s;
		l->n[l->count++] = k;
		if (!t)
			break;
		s = t + 1;
	}
	for (int i = l->count; i < 4; i++) {
		l->f[i] = e;
		l->n[i] = 0;
	}
}

static struct pkg *go_add(const char *path, struct pkg_list *out, const char *name, size_t nn,
                          char *version, enum pkg_scope scope)
{
	struct pkg *p = pkg_list_add(out);

	p->type = PKG_GO;
	p->name = vakt_xstrndup(name, nn);
	p->version = version;
	p->found_in = vakt_xstrdup(path);
	p->scope = scope;
	return p;
}

/* The module information text -> packages; start is where this binary's began in out. */
static int go_modinfo(const char *path, const char *s, size_t n, struct pkg_list *out, size_t start,
                      struct vakt_error **err)
{
	struct pkg_lines r = {s, n, 0, 0};
	const char *line;
	size_t ln;
	long last = -1; /* the package the previous line added, which `=>` replaces */

	while (pkg_lines_next(&r, &line, &ln)) {
		struct go_line l;
		bool mod, dep, repl;

		go_split(line, ln, &l);
		mod = l.n[0] == 3 && !memcmp(l.f[0], "mod", 3);
		dep = l.n[0] == 3 && !memcmp(l.f[0], "dep", 3);
		repl = l.n[0] == 2 && !memcmp(l.f[0], "=>", 2);
		if (repl) {
			struct pkg *p;

			if (last < 0 || (size_t)last != out->n - 1)
				continue;
			p = &out->v[last];
			last = -1;
			if (!go_field_ok(l.f[1], l.n[1]) || !go_field_ok(l.f[2], l.n[2]) ||
			    go_is_devel(l.f[2], l.n[2]) || l.f[1][0] == '.' || l.f[1][0] == '/') {
				/* A local directory ("../lib", no version or "(devel)"). */
				pkg_list_truncate(out, out->n - 1);
				continue;
			}
			free(p->name);
			free(p->version);
			p->name = vakt_xstrndup(l.f[1], l.n[1]);
			p->version = vakt_xstrndup(l.f[2], l.n[2]);
			continue;
		}
		last = -1;
		if (!mod && !dep)
			continue;
		if (!go_field_ok(l.f[1], l.n[1]) || !go_field_ok(l.f[2], l.n[2]))
			continue;
		if (mod && go_is_devel(l.f[2], l.n[2]))
			continue;
		if (out->n - start >= PKG_APP_MAX_PACKAGES)
			return vakt_error_set_at(err, -E2BIG, path, 0, 0,
			                         "more than %d packages in the binary",
			                         PKG_APP_MAX_PACKAGES);
		go_add(path, out, l.f[1], l.n[1], vakt_xstrndup(l.f[2], l.n[2]),
		       mod ? PKG_SCOPE_DIRECT : PKG_SCOPE_UNKNOWN);
		last = (long)out->n - 1;
	}
	return 0;
}

/*
 * The build information whose header is at data[hdr], its strings before
 * end: in the file f, or (f NULL) in a copy of the header and what follows,
 * where the pointer format's strings are not (-EOPNOTSUPP).
 */
static int go_header(const char *path, const unsigned char *data, size_t hdr, size_t end,
                     const struct elf_file *f, struct pkg_list *out, size_t start,
                     struct vakt_error **err)
{
	struct elf_span vers = {0, 0}, mod = {0, 0};
	unsigned char psize, flags;
	size_t pos;
	char *v;
	int r;

	if (end - hdr < GO_HEADER_LEN)
		return go_bad(path, err, "header runs past its section");
	psize = data[hdr + GO_MAGIC_LEN];
	flags = data[hdr + GO_MAGIC_LEN + 1];
	if (flags & GO_FLAG_INLINE) {
		pos = hdr + GO_HEADER_LEN;
		r = go_read_inline(path, data, &pos, end, &vers, err);
		if (!r)
			r = go_read_inline(path, data, &pos, end, &mod, err);
	} else {
		bool big = flags != 0;

		if (psize != 4 && psize != 8)
			return go_bad(path, err, "pointer size neither 4 nor 8");
		if (!f)
			return vakt_error_set_at(err, -EOPNOTSUPP, path, 0, 0,
			                         "%s: the pointer format of toolchains before Go "
			                         "1.18 is read only in the whole file",
			                         GO_WHAT);
		if (end - hdr < 16u + 2u * psize)
			return go_bad(path, err, "header runs past its section");
		r = go_read_string(f, go_read_ptr(data + hdr + 16, psize, big), psize, big, &vers,
		                   err);
		if (!r)
			r = go_read_string(f, go_read_ptr(data + hdr + 16 + psize, psize, big),
			                   psize, big, &mod, err);
	}
	if (r)
		return r;
	if (!vers.len)
		return 0; /* Go's own reader: not a Go executable */
	/* The sentinels: 16 bytes before, a newline and 16 bytes after. */
	if (mod.len >= 2 * GO_SENTINEL_LEN + 1 &&
	    data[mod.off + mod.len - GO_SENTINEL_LEN - 1] == '\n') {
		r = go_modinfo(path, (const char *)data + mod.off + GO_SENTINEL_LEN,
		               mod.len - 2 * GO_SENTINEL_LEN, out, start, err);
		if (r)
			return r;
	}
	v = go_stdlib_version((const char *)data + vers.off,
	                      go_word_len((const char *)data + vers.off, vers.len));
	if (v)
		go_add(path, out, "stdlib", 6, v, PKG_SCOPE_UNKNOWN);
	return 0;
}

static int go_buildinfo(const struct elf_file *f, struct pkg_list *out, size_t start,
                        struct vakt_error **err)
{
	size_t hdr = 0, end = 0;
	int r = go_locate(f, &hdr, &end, err);

	if (r <= 0)
		return r;
	return go_header(f->path, f->data, hdr, end, f, out, start, err);
}

long pkg_app_read_go_buildinfo(const char *path, const char *data, size_t len, struct pkg_list *out,
                               struct vakt_error **err)
{
	size_t start = out->n;
	int r;

	if (len < GO_MAGIC_LEN || memcmp(data, GO_MAGIC, GO_MAGIC_LEN))
		return go_bad(path, err, "the data does not start with Go's magic");
	r = go_header(path, (const unsigned char *)data, 0, len, NULL, out, start, err);
	if (r < 0) {
		pkg_list_truncate(out, start);
		return r;
	}
	return (long)(out->n - start);
}

/* --- cargo auditable ---------------------------------------------------------------- */

/* The section inflated into *out (the caller frees it), at most PKG_APP_MAX_MEMBER bytes. */
static int cargo_inflate(const struct elf_file *f, struct elf_span s, char **out, size_t *n,
                         struct vakt_error **err)
{
	z_stream z;
	struct vakt_buf b = VAKT_BUF_INIT;
	unsigned char chunk[16384];
	int zr;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return vakt_error_set_at(err, -ENOMEM, f->path, 0, 0, "cannot start zlib");
	z.next_in = (Bytef *)(uintptr_t)(f->data + s.off);
	z.avail_in = (uInt)s.len;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END) {
			inflateEnd(&z);
			vakt_buf_release(&b);
			return elf_bad(f, err, "not valid zlib data", CARGO_SECTION);
		}
		if (b.len + (sizeof(chunk) - z.avail_out) > PKG_APP_MAX_MEMBER) {
			inflateEnd(&z);
			vakt_buf_release(&b);
			return vakt_error_set_at(err, -EFBIG, f->path, 0, 0,
			                         "section '%s' inflates to more than %u bytes",
			                         CARGO_SECTION, PKG_APP_MAX_MEMBER);
		}
		vakt_buf_add(&b, chunk, sizeof(chunk) - z.avail_out);
		if (zr == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
			inflateEnd(&z);
			vakt_buf_release(&b);
			return elf_bad(f, err, "truncated zlib data", CARGO_SECTION);
		}
	} while (zr != Z_STREAM_END);
	inflateEnd(&z);
	*n = b.len;
	*out = vakt_buf_detach(&b);
	return 0;
}

static const char *cargo_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;

	return s && go_field_ok(s, strlen(s)) ? s : NULL;
}

static int cargo_packages(const struct elf_file *f, json_t *pkgs, struct pkg_list *out,
                          size_t start, struct vakt_error **err)
{
	size_t n = json_array_size(pkgs), i, k;
	bool *direct = vakt_xcalloc(n ? n : 1, sizeof(*direct));
	json_t *o, *d;
	int rc = 0;

	/* The root's dependencies are the direct ones. */
	json_array_foreach(pkgs, i, o)
	{
		if (!json_is_true(json_object_get(o, "root")))
			continue;
		json_array_foreach(json_object_get(o, "dependencies"), k, d)
		{
			json_int_t x = json_is_integer(d) ? json_integer_value(d) : -1;

			if (x >= 0 && (size_t)x < n)
				direct[x] = true;
		}
	}
	json_array_foreach(pkgs, i, o)
	{
		const char *name = cargo_str(o, "name"), *version = cargo_str(o, "version");
		const char *source = cargo_str(o, "source"), *kind = cargo_str(o, "kind");
		struct pkg *p;

		if (!json_is_object(o) || json_is_true(json_object_get(o, "root")) || !name ||
		    !version || !source || strcmp(source, "crates.io"))
			continue;
		if (out->n - start >= PKG_APP_MAX_PACKAGES) {
			rc = vakt_error_set_at(err, -E2BIG, f->path, 0, 0,
			                       "more than %d packages in the binary",
			                       PKG_APP_MAX_PACKAGES);
			break;
		}
		p = pkg_list_add(out);
		p->type = PKG_CARGO;
		p->name = vakt_xstrdup(name);
		p->version = vakt_xstrdup(version);
		p->found_in = vakt_xstrdup(f->path);
		p->scope = direct[i] ? PKG_SCOPE_DIRECT : PKG_SCOPE_TRANSITIVE;
		p->dev = kind && !strcmp(kind, "build");
	}
	free(direct);
	return rc;
}

static int cargo_auditable(const struct elf_file *f, struct pkg_list *out, size_t start,
                           struct vakt_error **err)
{
	struct elf_span s = {0, 0};
	char *text = NULL;
	size_t n = 0;
	json_t *root, *pkgs;
	json_error_t jerr;
	int r = elf_section(f, CARGO_SECTION, &s, err);

	if (r <= 0)
		return r;
	r = cargo_inflate(f, s, &text, &n, err);
	if (r)
		return r;
	root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &jerr);
	free(text);
	if (!root)
		return vakt_error_set_at(err, -EINVAL, f->path, 0, 0,
		                         "section '%s': invalid JSON at %d:%d: %s", CARGO_SECTION,
		                         jerr.line, jerr.column, jerr.text);
	pkgs = json_object_get(root, "packages");
	if (!json_is_array(pkgs))
		r = elf_bad(f, err, "no \"packages\" array", CARGO_SECTION);
	else
		r = cargo_packages(f, pkgs, out, start, err);
	json_decref(root);
	return r;
}

/* --- the binary ----------------------------------------------------------------------- */

long pkg_app_binary(const char *path, const char *data, size_t len, struct pkg_list *out,
                    struct vakt_error **err)
{
	struct elf_file f = {.path = path, .data = (const unsigned char *)data, .len = len};
	size_t start = out->n;
	GElf_Ehdr eh;
	int r;

	if (len > PKG_APP_MAX_BINARY)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0, "binary larger than %u bytes",
		                         PKG_APP_MAX_BINARY);
	r = pkg_app_dl_load(err);
	if (r)
		return r;
	/* libelf reads the image in place and copies what it must convert. */
	f.e = elf_memory((char *)(uintptr_t)data, len);
	if (!f.e || elf_kind(f.e) != ELF_K_ELF || !gelf_getehdr(f.e, &eh)) {
		r = vakt_error_set_at(err, -EINVAL, path, 0, 0, "not a readable ELF file: %s",
		                      elf_errmsg(-1) ? elf_errmsg(-1) : "unknown error");
		goto out;
	}
	if (elf_getphdrnum(f.e, &f.nphdr) || f.nphdr > INT_MAX)
		f.nphdr = 0;
	if (elf_getshdrnum(f.e, &f.nshdr))
		f.nshdr = 0;
	f.have_shstr = f.nshdr > 0 && !elf_getshdrstrndx(f.e, &f.shstrndx);
	r = go_buildinfo(&f, out, start, err);
	if (!r)
		r = cargo_auditable(&f, out, start, err);
out:
	if (f.e)
		elf_end(f.e);
	if (r < 0) {
		pkg_list_truncate(out, start);
		return r;
	}
	return (long)(out->n - start);
}
