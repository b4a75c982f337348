/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"

static void source_index_lines(struct vakt_source *s)
{
	size_t n = 1, cap = 0;

	for (size_t i = 0; i < s->len; i++)
		if (s->data[i] == '\n' && i + 1 < s->len)
			n++;
	s->line_off = vakt_grow(NULL, sizeof(*s->line_off), n, &cap);
	s->line_off[0] = 0;
	s->n_lines = 1;
	for (size_t i = 0; i < s->len; i++)
		if (s->data[i] == '\n' && i + 1 < s->len)
			s->line_off[s->n_lines++] = i + 1;
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
	size_t cap = hint + 1, len = 0;
	char *buf;

	if (cap > max + 1)
		cap = max + 1;
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
	if (!is_stdin) {
		/* O_NONBLOCK only guarded the open; regular files ignore it anyway. */
		int fl = fcntl(fd, F_GETFL);

		if (fl >= 0)
			fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	}
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
	for (size_t i = 0; i < src->n_lines; i++) {
		size_t start = src->line_off[i];
		size_t end = i + 1 < src->n_lines ? src->line_off[i + 1] : src->len;

		if (end - start > max_line)
			return vakt_error_set_at(
			    err, -EFBIG, src->path, (int)i + 1, 0,
			    "line too long: %zu bytes (the limit is %zu bytes)", end - start,
			    max_line);
	}
	return 0;
}

const char *vakt_source_line(const struct vakt_source *src, int line, size_t *len)
{
	size_t start, end;

	if (line < 1 || (size_t)line > src->n_lines)
		return NULL;
	start = src->line_off[line - 1];
	end = (size_t)line < src->n_lines ? src->line_off[line] : src->len;
	while (end > start && (src->data[end - 1] == '\n' || src->data[end - 1] == '\r'))
		end--;
	*len = end - start;
	return src->data + start;
}

void vakt_source_free(struct vakt_source *src)
{
	if (!src)
		return;
	free(src->path);
	free(src->data);
	free(src->line_off);
	free(src);
}
