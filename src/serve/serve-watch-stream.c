/* SPDX-License-Identifier: MIT */
/*
 * What the namespace watch reads from the API server (serve-watch.h): the
 * NamespaceList of a full relist and the JSON lines of a watch stream, both
 * applied to the namespace cache. Everything here is untrusted input with a
 * ceiling: the line length, the nesting depth (checked before jansson sees
 * the text), the length of a resourceVersion. A line that is no valid event
 * is counted, logged and skipped; the stream goes on.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "serve-watch.h"

/* The longest piece of an error text or a value the log repeats from the input. */
#define LOG_EXCERPT_MAX 160
/* The reason a line was refused, for the log. */
#define WHY_MAX 256

/*
 * Whether the JSON text nests at most max deep. A scan of brackets outside
 * strings: it bounds what jansson's recursive parser will be asked to do,
 * and is exact for valid JSON (invalid JSON is refused by jansson anyway).
 */
static bool depth_ok(const char *p, size_t n, int max)
{
	bool in_string = false;
	int depth = 0;

	for (size_t i = 0; i < n; i++) {
		char ch = p[i];

		if (in_string) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_string = false;
			continue;
		}
		if (ch == '"') {
			in_string = true;
		} else if (ch == '{' || ch == '[') {
			if (++depth > max)
				return false;
		} else if ((ch == '}' || ch == ']') && depth > 0) {
			depth--;
		}
	}
	return true;
}

/*
 * A copy of untrusted text fit for a log line or an error message:
 * printable ASCII (anything else as '?'), at most LOG_EXCERPT_MAX bytes and
 * "..." when cut. out has room for LOG_EXCERPT_MAX + 4 bytes.
 */
static const char *excerpt(char *out, const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < LOG_EXCERPT_MAX; i++)
		out[k++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (n > LOG_EXCERPT_MAX) {
		memcpy(out + k, "...", 3);
		k += 3;
	}
	out[k] = '\0';
	return out;
}

static json_t *log_text(const char *s, size_t n)
{
	char out[LOG_EXCERPT_MAX + 4];

	return json_string(excerpt(out, s, n));
}

/* A resourceVersion is opaque text; vakt sends it back in a URL (escaped), so bound it. */
static bool rv_valid(const json_t *v)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);

	if (!s || n == 0 || n >= sizeof(((struct serve_watch_stream *)0)->resource_version))
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f)
			return false;
	return true;
}

/* Parse one JSON text with the watch's ceilings; NULL and why[] when it is refused. */
static json_t *load_bounded(const char *p, size_t n, char why[WHY_MAX])
{
	json_error_t jerr;
	json_t *j;

	if (!depth_ok(p, n, SERVE_WATCH_MAX_DEPTH)) {
		snprintf(why, WHY_MAX, "nested deeper than %d", SERVE_WATCH_MAX_DEPTH);
		return NULL;
	}
	j = json_loadb(p, n, JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		/* jansson's text may quote the input: made printable ASCII for the log. */
		char text[LOG_EXCERPT_MAX + 4];
		snprintf(why, WHY_MAX, "not JSON: %s at column %d",
		         excerpt(text, jerr.text, strnlen(jerr.text, sizeof(jerr.text))),
		         jerr.column);
	}
	return j;
}

static void log_bad(const struct serve_log *log, const char *why, size_t bytes)
{
	json_t *f = json_object();

	json_object_set_new(f, "error", log_text(why, strlen(why)));
	json_object_set_new(f, "bytes", json_integer((json_int_t)bytes));
	serve_log_write(log, SERVE_LOG_WARN, "namespace watch: bad event skipped", f);
}

/* An ERROR event: its object is a Status (410 Expired when the resourceVersion is too old). */
static void log_error_event(const struct serve_log *log, const json_t *status)
{
	json_t *f = json_object();
	const json_t *code = json_object_get(status, "code");
	const json_t *reason = json_object_get(status, "reason");
	const json_t *message = json_object_get(status, "message");

	if (json_is_integer(code))
		json_object_set_new(f, "code", json_integer(json_integer_value(code)));
	if (json_is_string(reason))
		json_object_set_new(
		    f, "reason", log_text(json_string_value(reason), json_string_length(reason)));
	if (json_is_string(message))
		json_object_set_new(
		    f, "error", log_text(json_string_value(message), json_string_length(message)));
	serve_log_write(log, SERVE_LOG_INFO, "namespace watch: error event, relisting", f);
}

static void log_cache_full(const struct serve_log *log, const char *name)
{
	serve_log_write(log, SERVE_LOG_WARN, "namespace cache full: namespace not learnt",
	                json_pack("{s:s, s:i}", "namespace", name, "max", SERVE_NS_MAX));
}

/*
 * Apply one event. Returns 0 (applied), -EINVAL with why[] (not a valid
 * event: nothing changed), or -ENOMEM.
 */
static int apply_event(struct serve_watch_stream *s, const json_t *ev, struct serve_ns_cache *cache,
                       const struct serve_log *log, char why[WHY_MAX])
{
	const char *type = json_string_value(json_object_get(ev, "type"));
	const json_t *obj = json_object_get(ev, "object");
	const json_t *kind, *rv;
	char name[SERVE_NS_NAME_MAX + 1];
	struct serve_ns_policy p;
	int r;

	if (!json_is_object(ev) || !type) {
		snprintf(why, WHY_MAX, "not an event: no string \"type\"");
		return -EINVAL;
	}
	if (!json_is_object(obj)) {
		snprintf(why, WHY_MAX, "%.40s event without an \"object\"", type);
		return -EINVAL;
	}
	if (strcmp(type, "ERROR") == 0) {
		/* Not counted in events: it changes nothing, and the thread counts progress. */
		s->gone = true;
		log_error_event(log, obj);
		return 0;
	}
	kind = json_object_get(obj, "kind");
	if (kind && (!json_is_string(kind) || strcmp(json_string_value(kind), "Namespace") != 0)) {
		snprintf(why, WHY_MAX, "%.40s event of an object that is not a Namespace", type);
		return -EINVAL;
	}
	rv = json_object_get(json_object_get(obj, "metadata"), "resourceVersion");
	if ((rv || strcmp(type, "BOOKMARK") == 0) && !rv_valid(rv)) {
		snprintf(why, WHY_MAX,
		         "%.40s event without a valid metadata.resourceVersion (1 to %zu printable "
		         "characters)",
		         type, sizeof(s->resource_version) - 1);
		return -EINVAL;
	}
	if (strcmp(type, "ADDED") == 0 || strcmp(type, "MODIFIED") == 0 ||
	    strcmp(type, "DELETED") == 0) {
		if (serve_ns_policy_from_object(obj, name, &p) < 0) {
			snprintf(why, WHY_MAX,
			         "%.40s event without a metadata.name of 1 to %d bytes", type,
			         SERVE_NS_NAME_MAX);
			return -EINVAL;
		}
		if (type[0] == 'D') {
			serve_ns_cache_delete(cache, name);
		} else if ((r = serve_ns_cache_put(cache, name, &p)) == -ENOSPC) {
			log_cache_full(log, name);
		} else if (r < 0) {
			return r;
		}
		serve_log_write(log, SERVE_LOG_DEBUG, "namespace watch: event",
		                json_pack("{s:s, s:s}", "type", type, "namespace", name));
	} else if (strcmp(type, "BOOKMARK") != 0) {
		snprintf(why, WHY_MAX, "unknown event type");
		return -EINVAL;
	}
	if (rv)
		snprintf(s->resource_version, sizeof(s->resource_version), "%s",
		         json_string_value(rv));
	s->events++;
	return 0;
}

/* One complete line, without its '\n'. Returns 0 or -ENOMEM. */
static int apply_line(struct serve_watch_stream *s, const char *line, size_t n,
                      struct serve_ns_cache *cache, const struct serve_log *log)
{
	char why[WHY_MAX];
	json_t *ev;
	int r;

	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	if (n == 0)
		return 0; /* blank lines between events are not events */
	ev = load_bounded(line, n, why);
	r = ev ? apply_event(s, ev, cache, log, why) : -EINVAL;
	json_decref(ev);
	if (r == -EINVAL) {
		s->bad++;
		log_bad(log, why, n);
		return 0;
	}
	return r;
}

static int stream_keep(struct serve_watch_stream *s, const char *data, size_t n)
{
	if (s->len + n > s->cap) {
		size_t cap = s->cap ? s->cap : 4096;
		while (cap < s->len + n)
			cap *= 2;
		if (cap > SERVE_WATCH_MAX_LINE)
			cap = SERVE_WATCH_MAX_LINE;
		char *nb = realloc(s->buf, cap);
		if (!nb)
			return -ENOMEM;
		s->buf = nb;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, data, n);
	s->len += n;
	return 0;
}

/*
 * data is borrowed. Complete lines are applied straight from data; only an
 * incomplete last line is copied into s->buf. After -E2BIG the incomplete
 * line is dropped (the caller drops the stream).
 */
int serve_watch_stream_feed(struct serve_watch_stream *s, const char *data, size_t n,
                            struct serve_ns_cache *cache, const struct serve_log *log)
{
	size_t i = 0;
	int r;

	while (i < n) {
		const char *nl = memchr(data + i, '\n', n - i);
		size_t take = nl ? (size_t)(nl - (data + i)) : n - i;

		if (take > SERVE_WATCH_MAX_LINE - s->len) {
			s->len = 0;
			return -E2BIG;
		}
		if (!nl)
			return stream_keep(s, data + i, take);
		if (s->len == 0) {
			r = apply_line(s, data + i, take, cache, log);
		} else {
			if ((r = stream_keep(s, data + i, take)) < 0)
				return r;
			r = apply_line(s, s->buf, s->len, cache, log);
			s->len = 0;
		}
		if (r < 0)
			return r;
		i += take + 1;
	}
	return 0;
}

void serve_watch_stream_release(struct serve_watch_stream *s)
{
	free(s->buf);
	s->buf = NULL;
	s->len = s->cap = 0;
}

/* body is borrowed; rv receives the list's resourceVersion. */
int serve_watch_apply_list(const char *body, size_t n, struct serve_ns_cache *cache, char rv[128],
                           struct vakt_error **err)
{
	char why[WHY_MAX];
	json_t *root = load_bounded(body, n, why);
	const json_t *kind, *items, *jrv;
	char name[SERVE_NS_NAME_MAX + 1];
	struct serve_ns_policy p;
	size_t i;
	json_t *item;
	int r = 0;

	if (!root)
		return vakt_error_set(err, -EINVAL, "namespace list: %s", why);
	kind = json_object_get(root, "kind");
	if (json_is_string(kind) && strcmp(json_string_value(kind), "Status") == 0) {
		const json_t *m = json_object_get(root, "message");
		char out[LOG_EXCERPT_MAX + 4];
		r = vakt_error_set(err, -EINVAL, "namespace list: the API server answered '%s'",
		                   json_is_string(m)
		                       ? excerpt(out, json_string_value(m), json_string_length(m))
		                       : "a Status");
		goto out;
	}
	if (!json_is_object(root) ||
	    (kind &&
	     (!json_is_string(kind) || strcmp(json_string_value(kind), "NamespaceList") != 0))) {
		r = vakt_error_set(err, -EINVAL, "namespace list: expected a NamespaceList object");
		goto out;
	}
	items = json_object_get(root, "items");
	if (items && !json_is_array(items) && !json_is_null(items)) {
		r = vakt_error_set(err, -EINVAL, "namespace list: \"items\" is not an array");
		goto out;
	}
	jrv = json_object_get(json_object_get(root, "metadata"), "resourceVersion");
	if (!rv_valid(jrv)) {
		r = vakt_error_set(err, -EINVAL,
		                   "namespace list: expected a metadata.resourceVersion of 1 to "
		                   "127 printable characters");
		goto out;
	}
	serve_ns_cache_begin_sync(cache);
	json_array_foreach(items, i, item)
	{
		/* An item without a usable name cannot be looked up: skipped. */
		if (serve_ns_policy_from_object(item, name, &p) < 0)
			continue;
		r = serve_ns_cache_put(cache, name, &p);
		if (r == -ENOMEM) {
			/* No end_sync: the old content stays whole until a relist succeeds. */
			r = vakt_error_set(err, r, "namespace list: out of memory");
			goto out;
		}
		r = 0; /* -ENOSPC: the first SERVE_NS_MAX namespaces are kept */
	}
	serve_ns_cache_end_sync(cache);
	snprintf(rv, 128, "%s", json_string_value(jrv));
out:
	json_decref(root);
	return r;
}
