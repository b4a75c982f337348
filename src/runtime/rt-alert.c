/* SPDX-License-Identifier: MIT */
/*
 * Alert lines of `vakt watch`, Falco's text and JSON shapes, with the
 * priority threshold and a token bucket per rule.
 */
#include "runtime/rt-alert.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/report-jw.h"
#include "core/util.h"

/* A rule's bucket; name is the rule's own string, which outlives the writer's use of it. */
struct bucket {
	const char *name;
	double tokens;
	uint64_t last; /* ns of the last refill */
};

struct rt_alerter {
	struct rt_alert_opts o;
	char *hostname;
	char *program;
	FILE *pipe;
	struct bucket *buckets; /* open addressing, cap a power of two */
	size_t n_buckets, cap_buckets;
	struct rt_alert_stats st;
	struct vakt_buf line;
};

int rt_alerter_new(const struct rt_alert_opts *o, struct rt_alerter **out, struct vakt_error **err)
{
	struct rt_alerter *w = vakt_xcalloc(1, sizeof(*w));
	char host[256];

	w->o = *o;
	if (o->hostname) {
		w->hostname = vakt_xstrdup(o->hostname);
	} else {
		if (gethostname(host, sizeof(host)) < 0)
			host[0] = '\0';
		host[sizeof(host) - 1] = '\0';
		w->hostname = vakt_xstrdup(host);
	}
	if (o->program) {
		w->program = vakt_xstrdup(o->program);
		/* A program that exits must not kill vakt: its write then fails with EPIPE. */
		signal(SIGPIPE, SIG_IGN);
		w->pipe = popen(o->program, "we");
		if (!w->pipe) {
			int e = errno ? errno : ENOMEM;

			rt_alerter_free(w);
			return vakt_error_set(err, -e, "cannot start the alert program '%s': %s",
			                      o->program, strerror(e));
		}
		w->o.out = w->pipe;
	}
	w->o.hostname = w->hostname;
	w->o.program = w->program;
	*out = w;
	return 0;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The bucket of rule name, NULL when the table is full. */
static struct bucket *bucket_of(struct rt_alerter *w, const char *name, uint64_t now)
{
	size_t i;

	if (w->n_buckets * 2 >= w->cap_buckets) {
		struct bucket *old = w->buckets;
		size_t cap = w->cap_buckets;

		if (w->n_buckets >= RT_ALERT_MAX_RULES)
			goto find;
		w->cap_buckets = cap ? cap * 2 : 64;
		w->buckets = vakt_xcalloc(w->cap_buckets, sizeof(*w->buckets));
		for (size_t k = 0; k < cap; k++) {
			if (!old[k].name)
				continue;
			i = hash_str(old[k].name) & (w->cap_buckets - 1);
			while (w->buckets[i].name)
				i = (i + 1) & (w->cap_buckets - 1);
			w->buckets[i] = old[k];
		}
		free(old);
	}
find:
	i = hash_str(name) & (w->cap_buckets - 1);
	while (w->buckets[i].name) {
		if (!strcmp(w->buckets[i].name, name))
			return &w->buckets[i];
		i = (i + 1) & (w->cap_buckets - 1);
	}
	if (w->n_buckets >= RT_ALERT_MAX_RULES)
		return NULL;
	w->buckets[i] = (struct bucket){.name = name, .tokens = w->o.burst, .last = now};
	w->n_buckets++;
	return &w->buckets[i];
}

/* Whether the rule may alert at time now (ns), taking a token. */
static bool bucket_take(struct rt_alerter *w, const char *rule, uint64_t now)
{
	struct bucket *b;

	if (w->o.rate <= 0)
		return true;
	b = bucket_of(w, rule, now);
	if (!b)
		return true;
	if (now > b->last) {
		b->tokens += (double)(now - b->last) / 1e9 * w->o.rate;
		if (b->tokens > w->o.burst)
			b->tokens = w->o.burst;
		b->last = now;
	}
	if (b->tokens < 1.0)
		return false;
	b->tokens -= 1.0;
	return true;
}

/* The value as a JSON member value: numbers and booleans bare, the rest strings. */
static void json_value(struct vakt_buf *b, const struct rt_value *v)
{
	struct vakt_buf s = VAKT_BUF_INIT;

	if (!v) {
		vakt_buf_adds(b, "null");
		return;
	}
	switch (v->type) {
	case RT_FT_U64:
	case RT_FT_I64:
	case RT_FT_BOOL:
	case RT_FT_ABSTIME:
	case RT_FT_RELTIME:
		rt_value_render(v, b);
		return;
	default:
		rt_value_render(v, &s);
		vakt_jw_buf_string(b, s.data ? s.data : "", s.len);
		vakt_buf_release(&s);
	}
}

/* "2026-12-06T21:30:00.123456789Z" */
static void put_time(struct vakt_buf *b, uint64_t ts)
{
	time_t sec = (time_t)(ts / 1000000000u);
	struct tm tm;
	char day[32];

	if (!gmtime_r(&sec, &tm) || !strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm))
		snprintf(day, sizeof(day), "%" PRIu64, ts / 1000000000u);
	vakt_buf_addf(b, "%s.%09" PRIu64 "Z", day, ts % 1000000000u);
}

static void format_json(struct rt_alerter *w, const struct rt_alert *a)
{
	struct vakt_buf *b = &w->line;

	vakt_buf_adds(b, "{\"hostname\":");
	vakt_jw_buf_string(b, w->hostname, strlen(w->hostname));
	vakt_buf_adds(b, ",\"output\":");
	vakt_jw_buf_string(b, a->output ? a->output : "", a->output ? strlen(a->output) : 0);
	vakt_buf_adds(b, ",\"output_fields\":");
	if (a->fields_json) {
		vakt_buf_adds(b, a->fields_json);
	} else {
		vakt_buf_addc(b, '{');
		for (size_t i = 0; i < a->n_fields; i++) {
			if (i)
				vakt_buf_addc(b, ',');
			vakt_jw_buf_string(b, a->fields[i].name, strlen(a->fields[i].name));
			vakt_buf_addc(b, ':');
			json_value(b, a->fields[i].v);
		}
		vakt_buf_addc(b, '}');
	}
	vakt_buf_adds(b, ",\"priority\":");
	vakt_jw_buf_string(b, rt_priority_name(a->priority), strlen(rt_priority_name(a->priority)));
	vakt_buf_adds(b, ",\"rule\":");
	vakt_jw_buf_string(b, a->rule, strlen(a->rule));
	vakt_buf_adds(b, ",\"source\":");
	vakt_jw_buf_string(b, a->source ? a->source : "syscall", a->source ? strlen(a->source) : 7);
	vakt_buf_adds(b, ",\"tags\":[");
	for (size_t i = 0; i < a->n_tags; i++) {
		if (i)
			vakt_buf_addc(b, ',');
		vakt_jw_buf_string(b, a->tags[i], strlen(a->tags[i]));
	}
	vakt_buf_adds(b, "],\"time\":\"");
	put_time(b, a->ts);
	vakt_buf_adds(b, "\"}\n");
}

static void format_text(struct rt_alerter *w, const struct rt_alert *a)
{
	struct vakt_buf *b = &w->line;

	put_time(b, a->ts);
	vakt_buf_addf(b, ": %s %s\n", rt_priority_name(a->priority), a->output ? a->output : "");
}

int rt_alerter_emit(struct rt_alerter *w, const struct rt_alert *a, struct vakt_error **err)
{
	if (a->priority > w->o.min) {
		w->st.below++;
		return 0;
	}
	if (!bucket_take(w, a->rule, a->ts)) {
		w->st.limited++;
		return 0;
	}
	vakt_buf_reset(&w->line);
	(w->o.format == RT_ALERT_JSON ? format_json : format_text)(w, a);
	/* One line, one write: a reader of the pipe never sees half an alert. */
	if (fwrite(w->line.data, 1, w->line.len, w->o.out) != w->line.len ||
	    fflush(w->o.out) != 0) {
		int e = errno ? errno : EIO;

		return vakt_error_set(err, -e, "cannot write an alert%s%s%s: %s",
		                      w->program ? " to '" : "", w->program ? w->program : "",
		                      w->program ? "'" : "", strerror(e));
	}
	w->st.emitted++;
	if ((unsigned)a->priority < RT_PRIO_COUNT)
		w->st.by_priority[a->priority]++;
	return 1;
}

void rt_alerter_stats(const struct rt_alerter *w, struct rt_alert_stats *out)
{
	*out = w->st;
}

int rt_alerter_free(struct rt_alerter *w)
{
	int status = 0;

	if (!w)
		return 0;
	if (w->pipe) {
		int s = pclose(w->pipe);

		status = s < 0 ? -1 : WIFEXITED(s) ? WEXITSTATUS(s) : 128 + WTERMSIG(s);
	} else if (w->o.out) {
		fflush(w->o.out);
	}
	vakt_buf_release(&w->line);
	free(w->buckets);
	free(w->hostname);
	free(w->program);
	free(w);
	return status;
}
