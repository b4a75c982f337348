/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/vuln/vuln-update.c: downloads from a local HTTP
 * server (libmicrohttpd, in this process, on 127.0.0.1 and a port the
 * kernel picks), then the import of what was downloaded. Every failure
 * (404, a body cut short, a truncated archive, an error page, a file over
 * the size bound) must leave the database exactly as it was.
 */
#include <archive.h>
#include <archive_entry.h>
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vuln/vuln-db.h"
#include "vuln/vuln-import.h"
#include "vuln/vuln-update.h"

static char tmpdir[] = "/tmp/vakt-test-vuln-update-XXXXXX";
static struct MHD_Daemon *server;
static unsigned port;
static char *zip_data; /* a good archive of two records */
static size_t zip_len;
static char *last_path;     /* the path the server was last asked for */
static uint64_t last_bytes; /* the size of the last download */

static char *tmp(const char *name)
{
	return vakt_xasprintf("%s/%s", tmpdir, name);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct vakt_buf b = VAKT_BUF_INIT;
	char buf[4096];
	size_t k;

	assert_non_null(f);
	while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
		vakt_buf_add(&b, buf, k);
	fclose(f);
	*len = b.len;
	return vakt_buf_detach(&b);
}

static char *rec(const char *id, const char *pkg)
{
	return vakt_xasprintf(
	    "{\"id\": \"%s\", \"modified\": \"2024-01-01T00:00:00Z\", "
	    "\"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", "
	    "\"name\": \"%s\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": "
	    "[{\"introduced\": \"0\"}]}]}]}",
	    id, pkg);
}

static void make_zip(void)
{
	char *path = tmp("src.zip"), *r1 = rec("DEBIAN-CVE-1", "bash"),
	     *r2 = rec("DEBIAN-CVE-2", "dash");
	const char *entries[][2] = {{"DEBIAN-CVE-1.json", r1}, {"DEBIAN-CVE-2.json", r2}};
	struct archive *a = archive_write_new();

	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; i < 2; i++) {
		struct archive_entry *e = archive_entry_new();
		size_t len = strlen(entries[i][1]);

		archive_entry_set_pathname(e, entries[i][0]);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)len);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, entries[i][1], len), (la_ssize_t)len);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	zip_data = slurp(path, &zip_len);
	free(path);
	free(r1);
	free(r2);
}

/* The body of /Short/all.zip: half the archive, then the connection drops. */
static ssize_t short_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	size_t half = zip_len / 2, n;

	if (pos >= half)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	n = half - (size_t)pos < max ? half - (size_t)pos : max;
	memcpy(buf, zip_data + pos, n);
	return (ssize_t)n;
}

static enum MHD_Result serve(void *cls, struct MHD_Connection *c, const char *url,
                             const char *method, const char *version, const char *upload,
                             size_t *upload_size, void **con_cls)
{
	static const char html[] = "<html><body>Please log in</body></html>";
	struct MHD_Response *resp;
	unsigned status = MHD_HTTP_OK;
	enum MHD_Result r;

	free(last_path);
	last_path = vakt_xstrdup(url);
	if (!strcmp(url, "/Debian/all.zip") || !strcmp(url, "/Rocky Linux/all.zip"))
		resp = MHD_create_response_from_buffer(zip_len, zip_data, MHD_RESPMEM_PERSISTENT);
	else if (!strcmp(url, "/Cut/all.zip"))
		resp =
		    MHD_create_response_from_buffer(zip_len / 2, zip_data, MHD_RESPMEM_PERSISTENT);
	else if (!strcmp(url, "/Short/all.zip"))
		resp = MHD_create_response_from_callback(zip_len, 1024, short_reader, NULL, NULL);
	else if (!strcmp(url, "/Html/all.zip"))
		resp = MHD_create_response_from_buffer(sizeof(html) - 1, (void *)html,
		                                       MHD_RESPMEM_PERSISTENT);
	else if (!strcmp(url, "/Moved/all.zip")) {
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(resp, "Location", "/Debian/all.zip");
		status = MHD_HTTP_MOVED_PERMANENTLY;
	} else {
		resp =
		    MHD_create_response_from_buffer(9, (void *)"not found", MHD_RESPMEM_PERSISTENT);
		status = MHD_HTTP_NOT_FOUND;
	}
	r = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return r;
}

static int setup(void **state)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
	const union MHD_DaemonInfo *info;

	if (!mkdtemp(tmpdir))
		return -1;
	make_zip();
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* Port 0: the kernel picks a free one, read back below. */
	server = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, serve, NULL,
	                          MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_END);
	if (!server)
		return -1;
	info = MHD_get_daemon_info(server, MHD_DAEMON_INFO_BIND_PORT);
	port = info ? info->port : 0;
	return port ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = vakt_xasprintf("rm -rf '%s'", tmpdir);
	int r = system(cmd);

	MHD_stop_daemon(server);
	free(cmd);
	free(zip_data);
	free(last_path);
	return r == 0 ? 0 : -1;
}

static char *url_of(const char *eco)
{
	char *base = vakt_xasprintf("http://127.0.0.1:%u/", port);
	char *u = vuln_update_url(base, eco);

	free(base);
	return u;
}

/* Download eco's archive; returns the fd (>= 0) or the error code, with *msg the message. */
static int fetch(const char *eco, uint64_t max, char **msg)
{
	char *u = url_of(eco);
	struct vakt_error *err = NULL;
	uint64_t bytes = 0;
	int fd = -1, r = vuln_update_fetch(u, tmpdir, max, &fd, &bytes, &err);

	*msg = NULL;
	if (r < 0) {
		*msg = vakt_xstrdup(err->msg);
		vakt_error_free(err);
		free(u);
		return r;
	}
	last_bytes = bytes;
	free(u);
	return fd;
}

/* Import the archive at fd into db; returns the stats. */
static struct vuln_import_stats import_fd(const char *db, int fd)
{
	struct vuln_import imp = {0};
	struct vakt_error *err = NULL;
	struct vuln_db *h = NULL;
	struct vuln_import_stats st;

	assert_int_equal(vuln_db_open(db, VULN_DB_WRITE, &h, &err), 0);
	assert_int_equal(vuln_import_begin(&imp, h, &err), 0);
	assert_int_equal(vuln_import_zip_fd(&imp, fd, "download", &err), 0);
	assert_int_equal(vuln_import_commit(&imp, &err), 0);
	st = imp.st;
	vuln_import_release(&imp);
	vuln_db_close(h);
	return st;
}

static void test_url(void **state)
{
	char *u = vuln_update_url("https://m.example/osv//", "Rocky Linux");

	assert_string_equal(u, "https://m.example/osv/Rocky%20Linux/all.zip");
	free(u);
	u = vuln_update_url("file:///srv/osv", "Debian");
	assert_string_equal(u, "file:///srv/osv/Debian/all.zip");
	free(u);
}

static void test_download_and_import(void **state)
{
	char *db = tmp("good.db"), *msg;
	struct vuln_import_stats st;
	int fd = fetch("Debian", VULN_UPDATE_MAX_BYTES, &msg);

	assert_true(fd >= 0);
	assert_int_equal(last_bytes, zip_len);
	st = import_fd(db, fd);
	close(fd);
	assert_int_equal(st.added, 2);
	/* A redirect is followed; an ecosystem with a space is encoded in the URL. */
	fd = fetch("Moved", VULN_UPDATE_MAX_BYTES, &msg);
	assert_true(fd >= 0);
	st = import_fd(db, fd);
	close(fd);
	assert_int_equal(st.unchanged, 2);
	fd = fetch("Rocky Linux", VULN_UPDATE_MAX_BYTES, &msg);
	assert_true(fd >= 0);
	assert_string_equal(last_path, "/Rocky Linux/all.zip");
	close(fd);
	/* Nothing is left in the download directory but the database. */
	{
		char *cmd = vakt_xasprintf("test -z \"$(ls -A '%s' | grep -v -e '^good.db$' -e "
		                           "'^src.zip$')\"",
		                           tmpdir);

		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	free(db);
}

static void test_failures_leave_db(void **state)
{
	char *db = tmp("keep.db"), *before, *after, *msg;
	size_t n1, n2;
	int fd = fetch("Debian", VULN_UPDATE_MAX_BYTES, &msg);
	struct vuln_import_stats st;
	static const struct {
		const char *eco;
		uint64_t max;
		int code;
		const char *want;
	} cases[] = {
	    {"Missing", VULN_UPDATE_MAX_BYTES, -EIO, "the server answered HTTP 404"},
	    {"Short", VULN_UPDATE_MAX_BYTES, -EIO, "cannot download"},
	    {"Html", VULN_UPDATE_MAX_BYTES, -EBADMSG, "is not a zip archive"},
	    {"Debian", 100, -EFBIG, "larger than 100 bytes"},
	};

	assert_true(fd >= 0);
	import_fd(db, fd);
	close(fd);
	before = slurp(db, &n1);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		fd = fetch(cases[i].eco, cases[i].max, &msg);
		if (fd != cases[i].code || !strstr(msg, cases[i].want))
			print_error("%s: got %d '%s'\n", cases[i].eco, fd, msg ? msg : "");
		assert_int_equal(fd, cases[i].code);
		assert_non_null(strstr(msg, cases[i].want));
		free(msg);
	}
	/* A truncated archive downloads whole (its length is right) but does not import. */
	fd = fetch("Cut", VULN_UPDATE_MAX_BYTES, &msg);
	assert_true(fd >= 0);
	assert_int_equal(last_bytes, zip_len / 2);
	{
		struct vuln_import imp = {0};
		struct vakt_error *err = NULL;
		struct vuln_db *h = NULL;

		assert_int_equal(vuln_db_open(db, VULN_DB_WRITE, &h, &err), 0);
		assert_int_equal(vuln_import_begin(&imp, h, &err), 0);
		assert_int_equal(vuln_import_zip_fd(&imp, fd, "cut", &err), 0);
		st = imp.st;
		assert_int_equal(st.failed, 1);
		assert_int_equal(st.added + st.updated + st.unchanged, 0);
		assert_non_null(strstr(imp.errs.v[0]->msg, "nothing imported from it"));
		vuln_import_release(&imp);
		vuln_db_close(h);
		close(fd);
	}
	{
		struct vuln_record_list l = {0};
		struct vakt_error *err = NULL;
		struct vuln_db *h = NULL;

		assert_int_equal(vuln_db_open(db, VULN_DB_READ, &h, &err), 0);
		assert_int_equal(vuln_db_lookup(h, "Debian:12", "bash", &l, &err), 0);
		assert_int_equal(l.n, 1);
		vuln_record_list_release(&l);
		vuln_db_close(h);
	}
	after = slurp(db, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
	free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_url),
	    cmocka_unit_test(test_download_and_import),
	    cmocka_unit_test(test_failures_leave_db),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
