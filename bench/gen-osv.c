/* SPDX-License-Identifier: MIT */
/*
 * The OSV corpus of bench/vulndb.sh: N records over Debian, Alpine and two
 * rpm ecosystems (AlmaLinux, Rocky Linux), written as OSV publishes them:
 * one deflated all.zip per ecosystem, one <ID>.json per record, in the
 * shapes of reference/image.md section 4 (DEBIAN-CVE with upstream and an
 * entry per release, DSA with aliases, ALPINE-CVE, ALSA/RLSA naming several
 * binary packages; introduced-only, fixed, last_affected, versions[],
 * urgency, CVSS vectors, a few withdrawn). Package popularity is skewed as
 * in the real data (the kernel, openssl and friends carry hundreds of
 * records each). Also writes, per ecosystem, names-<ECO>.txt: the 500
 * package names of a large image of its second release (Debian:12,
 * Alpine:v3.19, AlmaLinux:9, Rocky Linux:9): the lookups timed.
 *
 *   cc -O2 -o gen-osv bench/gen-osv.c -lz && ./gen-osv OUTDIR 200000
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define GEN_SEED 0x6f73762d62656e63ull
#include "gen-rand.h"

/* Distinct source packages per ecosystem, and the names of one image. */
#define N_PKGS  4000
#define N_IMAGE 500

/* --- a minimal zip writer (deflate, no extras) --------------------------------------------- */

struct zentry {
	char *name;
	uint32_t crc, csize, usize, offset;
};

struct zip {
	FILE *f;
	struct zentry *v;
	size_t n, cap;
	uint32_t off;
};

static void put16(FILE *f, unsigned v)
{
	fputc((int)(v & 0xff), f);
	fputc((int)((v >> 8) & 0xff), f);
}

static void put32(FILE *f, uint32_t v)
{
	put16(f, v & 0xffff);
	put16(f, v >> 16);
}

/*
 * The fields the local header and the central directory share, after the
 * version needed: flags, method (deflate), DOS time and date (1980-01-01),
 * CRC, sizes, name length and no extra field.
 */
static void put_fields(FILE *f, const struct zentry *e, size_t nlen)
{
	put16(f, 0);
	put16(f, 8);
	put16(f, 0);
	put16(f, 0x21);
	put32(f, e->crc);
	put32(f, e->csize);
	put32(f, e->usize);
	put16(f, (unsigned)nlen);
	put16(f, 0);
}

static void zip_add(struct zip *z, const char *name, const char *data, size_t len)
{
	static unsigned char out[1 << 20];
	z_stream s;
	struct zentry *e;
	size_t nlen = strlen(name);

	memset(&s, 0, sizeof(s));
	if (deflateInit2(&s, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		exit(1);
	s.next_in = (unsigned char *)data;
	s.avail_in = (unsigned)len;
	s.next_out = out;
	s.avail_out = sizeof(out);
	if (deflate(&s, Z_FINISH) != Z_STREAM_END)
		exit(1);
	if (z->n == z->cap) {
		z->cap = z->cap ? z->cap * 2 : 1024;
		z->v = realloc(z->v, z->cap * sizeof(*z->v));
		if (!z->v)
			exit(1);
	}
	e = &z->v[z->n++];
	e->name = strdup(name);
	e->crc = (uint32_t)crc32(0, (const unsigned char *)data, (unsigned)len);
	e->csize = (uint32_t)s.total_out;
	e->usize = (uint32_t)len;
	e->offset = z->off;
	deflateEnd(&s);
	put32(z->f, 0x04034b50);
	put16(z->f, 20);
	put_fields(z->f, e, nlen);
	fwrite(name, 1, nlen, z->f);
	fwrite(out, 1, e->csize, z->f);
	z->off += 30 + (uint32_t)nlen + e->csize;
}

static void zip_close(struct zip *z)
{
	uint32_t start = z->off, size = 0;

	for (size_t i = 0; i < z->n; i++) {
		struct zentry *e = &z->v[i];
		size_t nlen = strlen(e->name);

		put32(z->f, 0x02014b50);
		put16(z->f, 20);
		put16(z->f, 20);
		put_fields(z->f, e, nlen);
		/* No comment, disk 0, no internal attributes; a regular file, 0644. */
		put16(z->f, 0);
		put16(z->f, 0);
		put16(z->f, 0);
		put32(z->f, 0100644u << 16);
		put32(z->f, e->offset);
		fwrite(e->name, 1, nlen, z->f);
		size += 46 + (uint32_t)nlen;
		free(e->name);
	}
	put32(z->f, 0x06054b50);
	put16(z->f, 0);
	put16(z->f, 0);
	put16(z->f, (unsigned)(z->n > 0xffff ? 0xffff : z->n));
	put16(z->f, (unsigned)(z->n > 0xffff ? 0xffff : z->n));
	put32(z->f, size);
	put32(z->f, start);
	put16(z->f, 0);
	free(z->v);
	if (fclose(z->f) != 0)
		exit(1);
}

/* --- records ------------------------------------------------------------------------------ */

static const char *const popular[] = {
    "linux",       "openssl", "glibc",       "curl",    "systemd", "python3.11", "openjdk-17",
    "firefox-esr", "libxml2", "imagemagick", "tiff",    "vim",     "qemu",       "binutils",
    "ffmpeg",      "nss",     "expat",       "sqlite3", "busybox", "zlib",       "krb5",
    "gnutls28",    "libssh",  "git",         "perl",    "tar",
};

static const char *const vectors[] = {
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N",
    "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H",
    "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
};

static const char *const urgencies[] = {"low",         "medium",           "high",
                                        "unimportant", "not yet assigned", "end-of-life"};

/* A package of the long tail. */
static void tail_name(char *buf, size_t n)
{
	snprintf(buf, n, "lib%c%c%c-%u", 'a' + rnd(26), 'a' + rnd(26), 'a' + rnd(26), rnd(N_PKGS));
}

/* A package name: a popular one often, else one of the long tail. */
static void pkg_name(char *buf, size_t n)
{
	if (rnd(100) < 20)
		snprintf(buf, n, "%s", PICK(popular));
	else
		tail_name(buf, n);
}

struct buf {
	char *p;
	size_t len, cap;
};

static void addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int k;

	for (;;) {
		va_start(ap, fmt);
		k = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (k >= 0 && (size_t)k < b->cap - b->len)
			break;
		b->cap = b->cap * 2 + (size_t)k + 64;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			exit(1);
	}
	b->len += (size_t)k;
}

/* The events of one range, in the scheme of the ecosystem. */
static void ranges(struct buf *b, const char *scheme, unsigned major)
{
	unsigned kind = rnd(10), a = 1 + rnd(9), c = rnd(20);
	char fixed[64];

	if (!strcmp(scheme, "deb"))
		snprintf(fixed, sizeof(fixed), "%u.%u.%u-%u+deb%uu%u", a, c, rnd(10), 1 + rnd(5),
		         major, 1 + rnd(3));
	else if (!strcmp(scheme, "apk"))
		snprintf(fixed, sizeof(fixed), "%u.%u.%u-r%u", a, c, rnd(10), rnd(20));
	else
		snprintf(fixed, sizeof(fixed), "%s%u.%u.%u-%u.el%u_%u", rnd(4) ? "" : "1:", a, c,
		         rnd(10), 1 + rnd(40), major, rnd(5));
	addf(b, "\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}");
	if (kind < 6)
		addf(b, ", {\"fixed\": \"%s\"}", fixed);
	else if (kind < 7)
		addf(b, ", {\"last_affected\": \"%s\"}", fixed);
	addf(b, "]}]");
	if (kind == 9)
		addf(b, ", \"versions\": [\"%u.%u-1\", \"%u.%u-2\"]", a, c, a, c);
}

struct eco {
	const char *name;   /* the base ecosystem, its folder and zip */
	const char *scheme; /* deb, apk, rpm */
	const char *prefix; /* of the ids */
	const char *const *releases;
	unsigned n_releases;
	const unsigned *majors;
	unsigned share; /* of the records, in percent */
};

static const char *const debian_rel[] = {"Debian:11", "Debian:12", "Debian:13"};
static const unsigned debian_maj[] = {11, 12, 13};
static const char *const alpine_rel[] = {"Alpine:v3.18", "Alpine:v3.19", "Alpine:v3.20"};
static const unsigned alpine_maj[] = {18, 19, 20};
static const char *const alma_rel[] = {"AlmaLinux:8", "AlmaLinux:9"};
static const unsigned alma_maj[] = {8, 9};
static const char *const rocky_rel[] = {"Rocky Linux:8", "Rocky Linux:9"};
static const unsigned rocky_maj[] = {8, 9};

static const struct eco ecos[] = {
    {"Debian", "deb", "DEBIAN-CVE", debian_rel, 3, debian_maj, 45},
    {"Alpine", "apk", "ALPINE-CVE", alpine_rel, 3, alpine_maj, 15},
    {"AlmaLinux", "rpm", "ALSA", alma_rel, 2, alma_maj, 20},
    {"Rocky Linux", "rpm", "RLSA", rocky_rel, 2, rocky_maj, 20},
};

static void record(struct buf *b, const struct eco *e, unsigned i, char *id, size_t idn)
{
	char name[64];
	unsigned year = 2015 + rnd(11), n_aff;

	if (!strcmp(e->scheme, "rpm"))
		snprintf(id, idn, "%s-%u:%05u", e->prefix, year, i);
	else
		snprintf(id, idn, "%s-%u-%06u", e->prefix, year, i);
	b->len = 0;
	addf(b, "{\n  \"schema_version\": \"1.6.0\",\n  \"id\": \"%s\",\n", id);
	addf(b, "  \"modified\": \"%u-%02u-%02uT%02u:%02u:%02uZ\",\n", 2024 + rnd(2), 1 + rnd(12),
	     1 + rnd(28), rnd(24), rnd(60), rnd(60));
	addf(b, "  \"published\": \"%u-01-01T00:00:00Z\",\n", year);
	if (rnd(200) == 0)
		addf(b, "  \"withdrawn\": \"2025-01-01T00:00:00Z\",\n");
	if (!strcmp(e->scheme, "rpm"))
		addf(b,
		     "  \"summary\": \"Important: security update\",\n  \"related\": "
		     "[\"CVE-%u-%u\", \"CVE-%u-%u\"],\n",
		     year, 1000 + rnd(50000), year, 1000 + rnd(50000));
	else
		addf(b, "  \"upstream\": [\"CVE-%u-%u\"],\n", year, 1000 + rnd(50000));
	addf(b,
	     "  \"details\": \"A flaw was found (generated record %u). An attacker could use "
	     "it to cause a denial of service or possibly execute arbitrary code.\",\n",
	     i);
	if (rnd(3))
		addf(b, "  \"severity\": [{\"type\": \"CVSS_V3\", \"score\": \"%s\"}],\n",
		     PICK(vectors));
	addf(b, "  \"affected\": [");
	pkg_name(name, sizeof(name));
	/* Debian and Alpine: one package in each release; rpm: several binaries in one. */
	n_aff = !strcmp(e->scheme, "rpm") ? 1 + rnd(4) : 1 + rnd(e->n_releases);
	for (unsigned k = 0; k < n_aff; k++) {
		unsigned r = !strcmp(e->scheme, "rpm") ? rnd(e->n_releases) : k;

		if (!strcmp(e->scheme, "rpm") && k > 0)
			snprintf(name + strlen(name), sizeof(name) - strlen(name), "-%s",
			         k == 1   ? "libs"
			         : k == 2 ? "devel"
			                  : "tools");
		addf(b, "%s\n    {\"package\": {\"ecosystem\": \"%s\", \"name\": \"%s\"}, ",
		     k ? "," : "", e->releases[r], name);
		ranges(b, e->scheme, e->majors[r]);
		if (!strcmp(e->scheme, "deb"))
			addf(b, ", \"ecosystem_specific\": {\"urgency\": \"%s\"}", PICK(urgencies));
		addf(b, "}");
	}
	addf(b,
	     "\n  ],\n  \"references\": [{\"type\": \"ADVISORY\", \"url\": "
	     "\"https://security.example/%s\"}]\n}\n",
	     id);
}

/* The 500 names of one image: the popular packages, then the long tail. */
static void image_names(const char *path)
{
	FILE *f = fopen(path, "w");
	char name[64];

	if (!f)
		exit(1);
	for (size_t i = 0; i < sizeof(popular) / sizeof(popular[0]); i++)
		fprintf(f, "%s\n", popular[i]);
	for (size_t i = sizeof(popular) / sizeof(popular[0]); i < N_IMAGE; i++) {
		tail_name(name, sizeof(name));
		fprintf(f, "%s\n", name);
	}
	if (fclose(f) != 0)
		exit(1);
}

int main(int argc, char **argv)
{
	struct buf b = {0};
	char path[4096], id[64];
	unsigned long total;

	if (argc != 3) {
		fprintf(stderr, "usage: %s OUTDIR RECORDS\n", argv[0]);
		return 2;
	}
	total = strtoul(argv[2], NULL, 10);
	if (mkdir(argv[1], 0755) < 0 && errno != EEXIST)
		return 1;
	for (size_t e = 0; e < sizeof(ecos) / sizeof(ecos[0]); e++) {
		struct zip z = {0};
		unsigned long n = total * ecos[e].share / 100;

		snprintf(path, sizeof(path), "%s/%s", argv[1], ecos[e].name);
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return 1;
		snprintf(path, sizeof(path), "%s/%s/all.zip", argv[1], ecos[e].name);
		z.f = fopen(path, "wb");
		if (!z.f)
			return 1;
		for (unsigned long i = 0; i < n; i++) {
			char entry[80];

			record(&b, &ecos[e], (unsigned)i, id, sizeof(id));
			snprintf(entry, sizeof(entry), "%s.json", id);
			zip_add(&z, entry, b.p, b.len);
		}
		zip_close(&z);
		/* The second release: the one most records name (Debian:12, Alpine:v3.19, ...:9).
		 */
		snprintf(path, sizeof(path), "%s/names-%s.txt", argv[1], ecos[e].name);
		image_names(path);
	}
	free(b.p);
	return 0;
}
