/* SPDX-License-Identifier: MIT */
/* Downloading OSV archives with libcurl (vuln-update.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "vuln-dl.h"
#include "vuln-import.h"
#include "vuln-update.h"

/* The distributions vakt covers, then the registries of the application packages it reads. */
const char *const vuln_update_default_ecosystems[] = {
    "Debian", "Ubuntu", "Alpine", "AlmaLinux", "Rocky Linux", "npm",
    "PyPI",   "Go",     "Maven",  "crates.io", "RubyGems",    "Packagist",
};
const size_t vuln_update_n_default_ecosystems = VAKT_ARRAY_SIZE(vuln_update_default_ecosystems);

char *vuln_update_url(const char *base, const char *ecosystem)
{
	static const char hex[] = "0123456789ABCDEF";
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	vakt_buf_add(&b, base, n);
	vakt_buf_addc(&b, '/');
	/* RFC 3986 unreserved characters pass; everything else ("Rocky Linux") is encoded. */
	for (const unsigned char *p = (const unsigned char *)ecosystem; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			vakt_buf_addc(&b, (char)*p);
		} else {
			vakt_buf_addc(&b, '%');
			vakt_buf_addc(&b, hex[*p >> 4]);
			vakt_buf_addc(&b, hex[*p & 15]);
		}
	}
	vakt_buf_adds(&b, "/all.zip");
	return vakt_buf_detach(&b);
}

struct sink {
	int fd;
	uint64_t bytes, max;
	bool too_big;
	int werr; /* errno of a failed write */
};

static size_t on_data(char *p, size_t size, size_t n, void *data)
{
	struct sink *s = data;
	size_t len = size * n, done = 0;

	if (s->bytes + len > s->max) {
		s->too_big = true;
		return 0; /* curl stops with CURLE_WRITE_ERROR */
	}
	while (done < len) {
		ssize_t k = write(s->fd, p + done, len - done);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			s->werr = errno;
			return 0;
		}
		done += (size_t)k;
	}
	s->bytes += len;
	return len;
}

/* A temporary file in dir, already unlinked. */
static int temp_file(const char *dir, struct vakt_error **err)
{
	char *tmpl = vakt_xasprintf("%s/.vakt-download-XXXXXX", dir);
	int fd = mkostemp(tmpl, O_CLOEXEC);

	if (fd < 0)
		fd = vakt_error_set(err, -errno, "cannot create a temporary file in '%s': %s", dir,
		                    strerror(errno));
	else
		unlink(tmpl);
	free(tmpl);
	return fd;
}

int vuln_update_fetch(const char *url, const char *dir, uint64_t max_bytes, int *fd,
                      uint64_t *bytes, struct vakt_error **err)
{
	struct sink s = {.fd = -1, .max = max_bytes};
	char errbuf[CURL_ERROR_SIZE] = "";
	unsigned char magic[4];
	long status = 0;
	ssize_t k;
	CURLcode cc;
	CURL *c;
	int r = vuln_dl_load_curl(err);

	*fd = -1;
	if (r < 0)
		return r;
	s.fd = temp_file(dir, err);
	if (s.fd < 0)
		return s.fd;
	c = curl_easy_init();
	if (!c) {
		close(s.fd);
		return vakt_error_set(err, -ENOMEM, "cannot download '%s': curl_easy_init failed",
		                      url);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	/* A mirror may be http, https or a local copy; a redirect never leads to a file. */
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)VULN_UPDATE_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)VULN_UPDATE_STALL_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "vakt/" VAKT_VERSION);
	if (max_bytes < (uint64_t)INT64_MAX)
		curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_bytes);
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);

	if (s.too_big || cc == CURLE_FILESIZE_EXCEEDED)
		r = vakt_error_set(
		    err, -EFBIG,
		    "cannot download '%s': larger than %llu bytes (not an OSV archive)", url,
		    (unsigned long long)max_bytes);
	else if (s.werr)
		r = vakt_error_set(err, -s.werr, "cannot download '%s': writing to '%s': %s", url,
		                   dir, strerror(s.werr));
	else if (cc != CURLE_OK)
		r = vakt_error_set(err, -EIO, "cannot download '%s': %s", url,
		                   errbuf[0] ? errbuf : curl_easy_strerror(cc));
	else if (status != 0 && status != 200)
		r = vakt_error_set(err, -EIO, "cannot download '%s': the server answered HTTP %ld",
		                   url, status);
	else if ((k = pread(s.fd, magic, sizeof(magic), 0)) < 0 ||
	         !vuln_import_is_zip(magic, (size_t)k))
		r = vakt_error_set(err, -EBADMSG,
		                   "'%s' is not a zip archive (%llu bytes; a proxy's or mirror's "
		                   "error page?)",
		                   url, (unsigned long long)s.bytes);
	if (r < 0) {
		close(s.fd);
		return r;
	}
	*fd = s.fd;
	*bytes = s.bytes;
	return 0;
}
