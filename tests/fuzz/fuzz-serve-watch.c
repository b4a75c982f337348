/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for what vakt serve's namespace watch reads from the API
 * server (src/serve/serve-watch-stream.c): the input is fed to the watch
 * stream's parser whole, then again cut into pieces of a size taken from
 * its last byte (both must end the same: the same events, bad lines,
 * resourceVersion, verdict and cache), and read as a NamespaceList. The
 * ceilings hold (line, resourceVersion, cache size), a refused list says why
 * and changes nothing, an accepted one has a resourceVersion.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "fuzz-common.h"
#include "serve/serve-watch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The log is written (to /dev/null), so that its encoding of hostile text runs too. */
static const struct serve_log *fuzz_log(void)
{
	static struct serve_log log = {-1, SERVE_LOG_DEBUG};

	if (log.fd < 0)
		log.fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	return &log;
}

static void check_rv(const char *rv)
{
	size_t n = strnlen(rv, 128);

	if (n >= 128)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if (rv[i] <= 0x20 || rv[i] >= 0x7f)
			__builtin_trap();
}

/* Feed data in pieces of piece bytes; returns the first failure or 0. */
static int feed(struct serve_watch_stream *s, const uint8_t *data, size_t size, size_t piece,
                struct serve_ns_cache *c)
{
	for (size_t i = 0; i < size; i += piece) {
		size_t k = size - i < piece ? size - i : piece;
		int r = serve_watch_stream_feed(s, (const char *)data + i, k, c, fuzz_log());

		if (r != 0 && r != -E2BIG && r != -ENOMEM)
			__builtin_trap();
		if (s->len > SERVE_WATCH_MAX_LINE || (r == -E2BIG && s->len != 0))
			__builtin_trap();
		if (r < 0)
			return r;
	}
	return 0;
}

/* Both caches hold the same namespaces with the same policies. */
static void check_same(struct serve_ns_cache *a, struct serve_ns_cache *b, const char *name)
{
	struct serve_ns_policy pa, pb;
	bool fa = serve_ns_cache_get(a, name, &pa), fb = serve_ns_cache_get(b, name, &pb);

	if (fa != fb || (fa && memcmp(&pa, &pb, sizeof(pa)) != 0))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct serve_ns_cache *whole = serve_ns_cache_new(), *cut = serve_ns_cache_new();
	struct serve_watch_stream a = {0}, b = {0};
	struct vakt_error *err = NULL;
	size_t piece = 1 + fuzz_option(data, size) % 61;
	char rv[128] = "untouched";
	int ra, rb;

	if (!whole || !cut)
		abort();
	ra = feed(&a, data, size, size ? size : 1, whole);
	rb = feed(&b, data, size, piece, cut);
	if (ra != rb || a.events != b.events || a.bad != b.bad || a.gone != b.gone ||
	    strcmp(a.resource_version, b.resource_version) != 0 ||
	    serve_ns_cache_count(whole) != serve_ns_cache_count(cut))
		__builtin_trap();
	check_rv(a.resource_version);
	if (serve_ns_cache_count(whole) > SERVE_NS_MAX)
		__builtin_trap();
	/* Look up a name the input may have taught (after "name":"). */
	const char *key = memmem(data, size, "\"name\":\"", 8);
	if (key) {
		char name[SERVE_NS_NAME_MAX + 1];
		size_t off = (size_t)(key - (const char *)data) + 8, k = 0;
		while (off + k < size && k < SERVE_NS_NAME_MAX && data[off + k] != '"')
			k++;
		memcpy(name, data + off, k);
		name[k] = '\0';
		check_same(whole, cut, name);
	}
	serve_watch_stream_release(&a);
	serve_watch_stream_release(&b);

	/* The bytes as a list: applied as a full sync, or refused with the cache unchanged. */
	size_t before = serve_ns_cache_count(whole);
	if (serve_watch_apply_list((const char *)data, size, whole, rv, &err) == 0) {
		if (err || !rv[0])
			__builtin_trap();
		check_rv(rv);
	} else {
		if (!err || !err->msg || strcmp(rv, "untouched") != 0 ||
		    serve_ns_cache_count(whole) != before)
			__builtin_trap();
		fuzz_touch_str(err->msg);
		vakt_error_free(err);
	}
	serve_ns_cache_free(whole);
	serve_ns_cache_free(cut);
	return 0;
}
