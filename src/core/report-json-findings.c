/* SPDX-License-Identifier: MIT */
/*
 * The "findings" array of the JSON report: the bulk of a big report, written
 * directly rather than built as jansson trees, and on two threads when it is
 * long enough to pay.
 *
 * The findings are cut into chunks of consecutive indices. Each chunk is
 * formatted into a buffer of its own, every shown finding preceded by
 * ",\n    ", and the calling thread writes the buffers to the stream in
 * chunk order, dropping the comma before the first finding it writes: the
 * bytes are those of one thread formatting every finding in turn. With a
 * helper thread, both threads take the next chunk to format from a shared
 * counter, at most JSON_SLOTS chunks ahead of the one being written (the
 * memory stays bounded); the calling thread writes a chunk as soon as it is
 * formatted and formats when there is nothing to write, so the two share
 * the formatting and only the writing is serial.
 */
#include <pthread.h>
#include <unistd.h>

#include "report-jw.h"
#include "report-priv.h"

/* Chunks formatted ahead of the one being written, at most. */
#define JSON_SLOTS 4
/* Findings per chunk: about 0.4 MB of report, small enough to stay in cache. */
#define JSON_CHUNK 256
/* Fewer findings than this are written on one thread: a thread costs more. */
#define JSON_THREADED_MIN 4096

static json_t *json_strings(const char *const *v)
{
	json_t *a = vakt_report_json_ok(json_array());

	for (size_t i = 0; v && v[i]; i++)
		vakt_report_json_push(a, vakt_report_json_str(v[i]));
	return a;
}

/* "tool:ID" -> {"tool": "tool", "id": "ID"}. */
static json_t *json_equivalents(const char *const *v)
{
	json_t *a = vakt_report_json_ok(json_array());

	for (size_t i = 0; v && v[i]; i++) {
		const char *colon = strchr(v[i], ':');
		json_t *e = vakt_report_json_ok(json_object());
		char *tool = colon ? vakt_xstrndup(v[i], (size_t)(colon - v[i])) : NULL;

		vakt_report_json_set(e, "tool", vakt_report_json_str(tool ? tool : "unknown"));
		vakt_report_json_set(e, "id", vakt_report_json_str(colon ? colon + 1 : v[i]));
		vakt_report_json_push(a, e);
		free(tool);
	}
	return a;
}

/*
 * The rule's fixed fields are rendered once per rule through jansson (and
 * cached, one cache per thread), the per-finding fields are escaped here
 * exactly as jansson escapes them (so the bytes match a whole-tree dump).
 */
struct json_rule_text {
	const struct vakt_rule *rule;
	char *head; /* "rule_id", "slug", "title" lines, no trailing comma */
	char *tail; /* "remediation", "references", "equivalents" lines */
	size_t head_len, tail_len;
};

struct json_rule_cache {
	struct json_rule_text *v; /* open addressing by rule address */
	size_t cap;               /* power of two */
};

static void json_rule_cache_init(struct json_rule_cache *c)
{
	c->cap = 64;
	while (c->cap < 2 * vakt_registry_count())
		c->cap *= 2;
	c->v = vakt_xcalloc(c->cap, sizeof(*c->v));
}

/* The members of obj as nested 2 levels deep, without the braces. Caller owns it. */
static char *json_members(json_t *obj)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char *out;
	size_t from, to;

	if (!m)
		abort();
	vakt_report_json_put_nested(m, obj, 2);
	if (fclose(m))
		abort();
	/* "{\n" + members + "\n    }" */
	from = len > 2 ? 2 : len;
	to = len >= 6 ? len - 6 : from;
	out = vakt_xstrndup(buf + from, to > from ? to - from : 0);
	free(buf);
	json_decref(obj);
	return out;
}

static const struct json_rule_text *json_rule_text(struct json_rule_cache *c,
                                                   const struct vakt_rule *r)
{
	size_t i = ((uintptr_t)r >> 4) & (c->cap - 1);
	json_t *head, *tail;

	while (c->v[i].rule && c->v[i].rule != r)
		i = (i + 1) & (c->cap - 1);
	if (c->v[i].rule)
		return &c->v[i];
	head = vakt_report_json_ok(json_object());
	vakt_report_json_set(head, "rule_id", vakt_report_json_str(r->id));
	vakt_report_json_set(head, "slug", vakt_report_json_str(r->slug));
	vakt_report_json_set(head, "title", vakt_report_json_str(r->title));
	tail = vakt_report_json_ok(json_object());
	vakt_report_json_set(tail, "remediation", vakt_report_json_str(r->remediation));
	vakt_report_json_set(tail, "references", json_strings(r->references));
	vakt_report_json_set(tail, "equivalents", json_equivalents(r->equivalents));
	c->v[i].rule = r;
	c->v[i].head = json_members(head);
	c->v[i].tail = json_members(tail);
	c->v[i].head_len = strlen(c->v[i].head);
	c->v[i].tail_len = strlen(c->v[i].tail);
	return &c->v[i];
}

static void json_rule_cache_release(struct json_rule_cache *c)
{
	for (size_t i = 0; i < c->cap; i++) {
		free(c->v[i].head);
		free(c->v[i].tail);
	}
	free(c->v);
}

/* Append a string literal to b. */
#define BUF_LIT(b, lit) vakt_buf_add_fast((b), (lit), sizeof(lit) - 1)

/* head (the indent and key, up to ": "), value as a JSON string, then end. */
static void json_put_member(struct vakt_buf *b, const char *head, size_t head_len,
                            const char *value, const char *end, size_t end_len)
{
	vakt_buf_add_fast(b, head, head_len);
	vakt_jw_buf_string(b, value, (size_t)-1);
	vakt_buf_add_fast(b, end, end_len);
}

#define PUT_MEMBER(b, head, value, end)                                                            \
	json_put_member((b), (head), sizeof(head) - 1, (value), (end), sizeof(end) - 1)

/* head, then v (null when not positive) and ",\n": printf was most of a small finding's cost. */
static void json_put_pos(struct vakt_buf *b, const char *head, size_t head_len, int v)
{
	char digits[16], *p = digits + sizeof(digits);

	vakt_buf_add_fast(b, head, head_len);
	if (v <= 0) {
		BUF_LIT(b, "null");
	} else {
		for (unsigned u = (unsigned)v; u; u /= 10)
			*--p = (char)('0' + u % 10);
		vakt_buf_add_fast(b, p, (size_t)(digits + sizeof(digits) - p));
	}
	BUF_LIT(b, ",\n");
}

#define PUT_POS(b, head, v) json_put_pos((b), (head), sizeof(head) - 1, (v))

/* A list of strings as member key, nested 3 levels deep, then ",\n". */
static void json_put_strings(struct vakt_buf *b, const char *head, size_t head_len, char *const *v)
{
	vakt_buf_add_fast(b, head, head_len);
	if (!v || !*v) {
		BUF_LIT(b, "[],\n");
		return;
	}
	BUF_LIT(b, "[");
	for (char *const *p = v; *p; p++) {
		vakt_buf_add_fast(b, p == v ? "\n        " : ",\n        ", p == v ? 9 : 10);
		vakt_jw_buf_string(b, *p, (size_t)-1);
	}
	BUF_LIT(b, "\n      ],\n");
}

/* A detail's list, as an array nested in "details". */
static void json_put_list(struct vakt_buf *b, char *const *v)
{
	if (!*v) {
		BUF_LIT(b, "[]");
		return;
	}
	BUF_LIT(b, "[");
	for (char *const *p = v; *p; p++) {
		vakt_buf_add_fast(b, p == v ? "\n          " : ",\n          ", p == v ? 11 : 12);
		vakt_jw_buf_string(b, *p, (size_t)-1);
	}
	BUF_LIT(b, "\n        ]");
}

#define PUT_STRINGS(b, head, v) json_put_strings((b), (head), sizeof(head) - 1, (v))

/*
 * What a finding with an id of its own adds after the rule's lines: "id",
 * "aliases", "links" and "details" (HACKING, "Findings with an id of their
 * own"); a finding with details only (an image file's Dockerfile line) adds
 * "details". Ends where the rule's head ends, before ",\n".
 */
static void json_put_ext(struct vakt_buf *b, const struct vakt_finding_ext *e)
{
	if (!e->id && !e->n_details)
		return;
	if (e->id) {
		PUT_MEMBER(b, ",\n      \"id\": ", e->id, ",\n");
		PUT_STRINGS(b, "      \"aliases\": ", e->aliases);
		PUT_STRINGS(b, "      \"links\": ", e->links);
	} else {
		BUF_LIT(b, ",\n");
	}
	if (!e->n_details) {
		BUF_LIT(b, "      \"details\": {}");
		return;
	}
	BUF_LIT(b, "      \"details\": {");
	for (size_t i = 0; i < e->n_details; i++) {
		BUF_LIT(b, "\n        ");
		vakt_jw_buf_string(b, e->details[i].key, (size_t)-1);
		BUF_LIT(b, ": ");
		if (e->details[i].list)
			json_put_list(b, e->details[i].list);
		else if (e->details[i].number)
			vakt_buf_add_fast(b, e->details[i].value, strlen(e->details[i].value));
		else
			vakt_jw_buf_string(b, e->details[i].value, (size_t)-1);
		if (i + 1 < e->n_details)
			BUF_LIT(b, ",");
	}
	BUF_LIT(b, "\n      }");
}

/* One finding, with its extension (e, may be NULL), appended to b. */
static void json_put_finding(struct json_rule_cache *c, struct vakt_buf *b,
                             const struct vakt_finding *x, const struct vakt_finding_ext *e)
{
	const struct json_rule_text *t = json_rule_text(c, x->rule);

	BUF_LIT(b, "{\n");
	vakt_buf_add_fast(b, t->head, t->head_len);
	if (e)
		json_put_ext(b, e);
	PUT_MEMBER(b, ",\n      \"severity\": ", vakt_severity_name(x->severity), ",\n");
	PUT_MEMBER(b, "      \"message\": ", x->message, ",\n");
	PUT_MEMBER(b, "      \"location\": {\n        \"file\": ", x->loc.file, ",\n");
	PUT_POS(b, "        \"line\": ", x->loc.line);
	PUT_POS(b, "        \"column\": ", x->loc.column);
	PUT_POS(b, "        \"end_line\": ", x->loc.end_line);
	PUT_POS(b, "        \"end_column\": ", x->loc.end_column);
	PUT_MEMBER(b, "        \"object\": ", x->loc.object, "\n      },\n");
	PUT_MEMBER(b, "      \"snippet\": ", x->snippet, ",\n");
	vakt_buf_add_fast(b, t->tail, t->tail_len);
	if (x->suppressed)
		BUF_LIT(b, ",\n      \"suppressed\": true,\n");
	else
		BUF_LIT(b, ",\n      \"suppressed\": false,\n");
	PUT_MEMBER(b, "      \"suppression_reason\": ", x->suppressed ? x->suppress_reason : NULL,
	           "\n    }");
}

struct json_slot {
	struct vakt_buf buf; /* the chunk's findings, each after ",\n    " */
	bool ready;          /* formatted, not yet written */
};

/* What the writer and the helper share; the counters and flags under lock. */
struct json_chunks {
	const struct vakt_scan_result *res;
	const struct vakt_report_opts *o;
	size_t chunk, n_chunks;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	size_t next_format; /* the next chunk to take for formatting */
	size_t next_write;  /* the next chunk to write; chunk c lives in slot c % JSON_SLOTS */
	struct json_slot slot[JSON_SLOTS];
};

/* Format chunk c into its slot (taken, so no other thread touches it). */
static void json_chunk_format(struct json_chunks *s, struct json_rule_cache *cache, size_t c)
{
	struct vakt_buf *b = &s->slot[c % JSON_SLOTS].buf;
	size_t from = c * s->chunk;
	size_t to = from + s->chunk < s->res->findings.n ? from + s->chunk : s->res->findings.n;

	vakt_buf_reset(b);
	for (size_t i = from; i < to; i++) {
		const struct vakt_finding *x = &s->res->findings.v[i];

		if (!vakt_report_shown(x, s->o))
			continue;
		BUF_LIT(b, ",\n    ");
		json_put_finding(cache, b, x, vakt_findings_ext_of(&s->res->findings, x));
	}
}

/* Take the next chunk to format, if its slot is free. Under lock. */
static bool json_chunk_take(struct json_chunks *s, size_t *c)
{
	if (s->next_format >= s->n_chunks || s->next_format >= s->next_write + JSON_SLOTS)
		return false;
	*c = s->next_format++;
	return true;
}

static void *json_chunk_helper(void *data)
{
	struct json_chunks *s = data;
	struct json_rule_cache cache;
	size_t c;

	json_rule_cache_init(&cache);
	pthread_mutex_lock(&s->lock);
	while (s->next_format < s->n_chunks) {
		if (!json_chunk_take(s, &c)) {
			pthread_cond_wait(&s->cond, &s->lock);
			continue;
		}
		pthread_mutex_unlock(&s->lock);
		json_chunk_format(s, &cache, c);
		pthread_mutex_lock(&s->lock);
		s->slot[c % JSON_SLOTS].ready = true;
		pthread_cond_broadcast(&s->cond);
	}
	pthread_mutex_unlock(&s->lock);
	json_rule_cache_release(&cache);
	return NULL;
}

/* The writer: write each chunk in order once formatted, format while there is none. */
static size_t json_chunk_writer(struct json_chunks *s, FILE *f)
{
	struct json_rule_cache cache;
	size_t wrote = 0, c;

	json_rule_cache_init(&cache);
	pthread_mutex_lock(&s->lock);
	while (s->next_write < s->n_chunks) {
		struct json_slot *w = &s->slot[s->next_write % JSON_SLOTS];

		if (w->ready) {
			pthread_mutex_unlock(&s->lock);
			/* The first finding of the array has no comma before it. */
			if (w->buf.len)
				fwrite(w->buf.data + !wrote, 1, w->buf.len - !wrote, f);
			wrote += w->buf.len;
			pthread_mutex_lock(&s->lock);
			w->ready = false;
			s->next_write++;
			pthread_cond_broadcast(&s->cond);
		} else if (json_chunk_take(s, &c)) {
			pthread_mutex_unlock(&s->lock);
			json_chunk_format(s, &cache, c);
			pthread_mutex_lock(&s->lock);
			s->slot[c % JSON_SLOTS].ready = true;
		} else {
			pthread_cond_wait(&s->cond, &s->lock);
		}
	}
	pthread_mutex_unlock(&s->lock);
	json_rule_cache_release(&cache);
	return wrote;
}

void vakt_report_json_tuning_default(const struct vakt_scan_result *res,
                                     struct vakt_report_json_tuning *t)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	t->chunk = JSON_CHUNK;
	t->threads = cpus >= 2 && res->findings.n >= JSON_THREADED_MIN ? 2 : 1;
}

bool vakt_report_json_findings(FILE *f, const struct vakt_scan_result *res,
                               const struct vakt_report_opts *o,
                               const struct vakt_report_json_tuning *t)
{
	struct json_chunks s = {.res = res, .o = o, .chunk = t->chunk ? t->chunk : JSON_CHUNK};
	pthread_t helper;
	bool helped = false;
	size_t wrote;

	s.n_chunks = (res->findings.n + s.chunk - 1) / s.chunk;
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.cond, NULL);
	/*
	 * The slots' first bytes come from this thread's heap, so that the
	 * helper's reallocs grow them there (glibc reallocates a block in its
	 * own arena), and what they leave is reused by this thread.
	 */
	for (size_t i = 0; i < JSON_SLOTS; i++) {
		vakt_buf_addc(&s.slot[i].buf, '\0');
		vakt_buf_reset(&s.slot[i].buf);
	}
	/* Without the helper (one thread asked, or none could start), the writer formats all. */
	if (t->threads >= 2 && s.n_chunks >= 2)
		helped = pthread_create(&helper, NULL, json_chunk_helper, &s) == 0;
	wrote = json_chunk_writer(&s, f);
	if (helped)
		pthread_join(helper, NULL);
	for (size_t i = 0; i < JSON_SLOTS; i++)
		vakt_buf_release(&s.slot[i].buf);
	pthread_cond_destroy(&s.cond);
	pthread_mutex_destroy(&s.lock);
	return wrote > 0;
}
