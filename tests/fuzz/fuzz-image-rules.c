/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the image rules (table image_rules, IM001-IM019)
 * on an image built in memory from a text description, so that the
 * fuzzer need not forge tar headers and checksums:
 *
 *   the image config, as JSON (User, Env, ExposedPorts, Healthcheck, history...)
 *   --
 *   T MODE PATH[>LINK] [CONTENT]     one entry of layer 1 per line
 *   --
 *   ...                              layer 2, and so on
 *
 * T is f (file), d (directory), l (symlink), h (hard link), c (character
 * device) or p (FIFO); MODE is octal (4755 for setuid, 0777 for world-
 * writable); CONTENT runs to the end of the line, with \n, \t and \\
 * escapes. Whiteouts are files named .wh.NAME or .wh..wh..opq. The
 * harness writes a docker-save archive (manifest.json, the config, one tar
 * per layer) to a memfd and scans it as `vakt image` does: the layer walk
 * and filesystem view, secrets in file contents, the package databases and
 * every image rule. The last byte picks the options: bit 0 skips secrets,
 * bit 1 skips packages, bit 2 gzips the layers ('\n' clears all three).
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/config.h"
#include "fuzz-common.h"
#include "image/img-scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Ceilings of one input, so that one run stays short. */
#define FUZZ_IMG_LAYERS  8
#define FUZZ_IMG_ENTRIES 2048

static la_ssize_t buf_write(struct archive *a, void *data, const void *p, size_t n)
{
	(void)a;
	vakt_buf_add(data, p, n);
	return (la_ssize_t)n;
}

static void unescape(const char *s, struct vakt_buf *out)
{
	vakt_buf_reset(out);
	for (; *s; s++) {
		if (*s != '\\' || !s[1]) {
			vakt_buf_addc(out, *s);
			continue;
		}
		s++;
		vakt_buf_addc(out, *s == 'n' ? '\n' : *s == 't' ? '\t' : *s);
	}
}

/* One "T MODE PATH[>LINK] [CONTENT]" line into the layer tar a. */
static void add_entry(struct archive *a, char *line, struct vakt_buf *content)
{
	struct archive_entry *e;
	char *mode_end, *path, *link, *body;
	unsigned long mode;

	if (strlen(line) < 4 || line[1] != ' ')
		return;
	mode = strtoul(line + 2, &mode_end, 8);
	if (*mode_end != ' ' || !mode_end[1])
		return;
	path = mode_end + 1;
	body = strchr(path, ' ');
	if (body)
		*body++ = '\0';
	link = strchr(path, '>');
	if (link)
		*link++ = '\0';
	unescape(body ? body : "", content);
	e = archive_entry_new();
	archive_entry_set_pathname(e, path);
	archive_entry_set_perm(e, (mode_t)(mode & 07777));
	archive_entry_set_uid(e, 0);
	archive_entry_set_mtime(e, 1700000000, 0);
	switch (line[0]) {
	case 'd':
		archive_entry_set_filetype(e, AE_IFDIR);
		break;
	case 'l':
		archive_entry_set_filetype(e, AE_IFLNK);
		archive_entry_set_symlink(e, link ? link : "");
		break;
	case 'h':
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_hardlink(e, link ? link : "");
		break;
	case 'c':
		archive_entry_set_filetype(e, AE_IFCHR);
		break;
	case 'p':
		archive_entry_set_filetype(e, AE_IFIFO);
		break;
	default:
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_size(e, (la_int64_t)content->len);
		break;
	}
	if (archive_write_header(a, e) == ARCHIVE_OK && line[0] != 'd' && line[0] != 'l' &&
	    line[0] != 'h' && content->len)
		archive_write_data(a, content->data, content->len);
	archive_entry_free(e);
}

/* The lines of one layer section into a tar (gzipped when asked). */
static void layer_tar(char *section, bool gzip, struct vakt_buf *out)
{
	struct archive *a = archive_write_new();
	struct vakt_buf content = VAKT_BUF_INIT;
	char *line = section;
	int n = 0;

	archive_write_set_format_pax_restricted(a);
	if (gzip)
		archive_write_add_filter_gzip(a);
	archive_write_set_bytes_in_last_block(a, 1);
	if (archive_write_open2(a, out, NULL, buf_write, NULL, NULL) != ARCHIVE_OK)
		__builtin_trap();
	while (line && *line && n++ < FUZZ_IMG_ENTRIES) {
		char *next = strchr(line, '\n');

		if (next)
			*next++ = '\0';
		add_entry(a, line, &content);
		line = next;
	}
	archive_write_close(a);
	archive_write_free(a);
	vakt_buf_release(&content);
}

static void outer_add(struct archive *a, const char *name, const void *p, size_t n)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)n);
	if (archive_write_header(a, e) != ARCHIVE_OK || (n && archive_write_data(a, p, n) < 0))
		__builtin_trap();
	archive_entry_free(e);
}

/* The docker-save archive of the description text, written to fd. */
static void build_image(char *text, unsigned opt, int fd)
{
	struct archive *a = archive_write_new();
	struct vakt_buf manifest = VAKT_BUF_INIT, tar = VAKT_BUF_INIT;
	char *sections[FUZZ_IMG_LAYERS + 1];
	size_t n = 0;
	char *p = text;

	/* A line "--" ends a section. */
	sections[n++] = p;
	while (n <= FUZZ_IMG_LAYERS && (p = strstr(p, "\n--\n"))) {
		*p = '\0';
		p += 4;
		sections[n++] = p;
	}
	archive_write_set_format_pax_restricted(a);
	if (archive_write_open_fd(a, fd) != ARCHIVE_OK)
		__builtin_trap();
	outer_add(a, "config.json", sections[0], strlen(sections[0]));
	vakt_buf_adds(&manifest,
	              "[{\"Config\":\"config.json\",\"RepoTags\":[\"fuzz:1\"],\"Layers\":[");
	for (size_t i = 1; i < n; i++) {
		char name[32];

		snprintf(name, sizeof(name), "l%zu/layer.tar", i);
		vakt_buf_reset(&tar);
		layer_tar(sections[i], opt & 4, &tar);
		outer_add(a, name, tar.data, tar.len);
		vakt_buf_addf(&manifest, "%s\"%s\"", i > 1 ? "," : "", name);
	}
	vakt_buf_adds(&manifest, "]}]");
	outer_add(a, "manifest.json", manifest.data, manifest.len);
	archive_write_close(a);
	archive_write_free(a);
	vakt_buf_release(&manifest);
	vakt_buf_release(&tar);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned opt = fuzz_option(data, size) ^ '\n';
	int fd = memfd_create("fuzz-image", MFD_CLOEXEC);
	char *text = vakt_xstrndup((const char *)data, size);
	struct vakt_config *config = vakt_config_new();
	struct vakt_scan_opts so;
	struct img_scan_opts io = {0};
	struct vakt_scan_result res = {0};
	struct img_scan *model = NULL;
	char path[64];

	if (fd < 0)
		__builtin_trap();
	build_image(text, opt, fd);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	vakt_scan_opts_init(&so, config);
	io.scan = &so;
	io.no_secrets = opt & 1;
	io.no_packages = opt & 2;
	io.open.max_layer_bytes = 16u * 1024 * 1024;
	io.open.max_entries = 20000;
	img_scan_path(path, &io, &res, &model);
	if (!model && !res.errors.n)
		__builtin_trap(); /* a failure must say why */
	fuzz_check_findings(&res.findings);
	fuzz_check_errors(&res.errors);
	for (size_t i = 0; i < res.findings.n; i++)
		if (strncmp(res.findings.v[i].rule->id, "IM", 2))
			__builtin_trap();
	img_scan_free(model);
	vakt_scan_result_release(&res);
	vakt_config_free(config);
	free(text);
	close(fd);
	return 0;
}
