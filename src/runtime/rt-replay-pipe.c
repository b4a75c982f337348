/* SPDX-License-Identifier: MIT */
/*
 * The replay pipe: reading and parsing a recording on a second thread
 * while the caller's thread runs the state and the rules (docs/runtime.md,
 * "Replay"). The reading thread fills batches of a few hundred events;
 * each batch owns an arena holding its lines' bytes and decoded strings,
 * so that an event's strings stay valid until the consumer leaves the
 * batch. Batches go through a FIFO guarded by one mutex, taken once a
 * batch on each side (never per event), and come back empty through a
 * free list: PIPE_BATCHES batches in all bound the reader's lead
 * (back-pressure) and the memory. A reader that runs out waits for half
 * of them to come back, not one: the main thread, usually the slower,
 * then wakes it once every few batches (a wake-up crosses CPUs: dear in a
 * VM; 12,000 became 3,000 over 2M events).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>

#include "rt-replay-priv.h"

#define PIPE_BATCHES     8
#define PIPE_BATCH_ITEMS 128
#define PIPE_REFILL      (PIPE_BATCHES / 2)
#define PIPE_ARENA       (64 * 1024)

struct item {
	uint32_t kind; /* RT_PIPE_EVENT: evs[i]; RT_PIPE_LINE: off, len in the arena */
	size_t lineno;
	size_t off, len;
};

/*
 * Events are parsed in place into evs and handed out by address: no copy
 * on either side. Only the part of an event its arguments use is touched
 * (some 700 bytes of its 4 KiB).
 */
struct batch {
	struct batch *next;
	char *arena;
	size_t used, cap;
	size_t n;
	bool end;               /* the stream ends after these items */
	int rc;                 /* at the end: 0 or the reading error */
	struct vakt_error *err; /* the reading error, owned until taken */
	struct item items[PIPE_BATCH_ITEMS];
	struct rt_event *evs; /* PIPE_BATCH_ITEMS */
};

struct rt_replay_pipe {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t ready_cv, free_cv;
	struct batch *ready, *ready_tail; /* filled, in the file's order */
	struct batch *free;
	size_t n_free;
	bool want_free; /* the reading thread waits for PIPE_REFILL free batches */
	bool stop;
	struct batch *all[PIPE_BATCHES];
	/* The reading thread's. */
	rt_replay_line_fn read;
	void *src;
	bool general_only;
	size_t max_items;
	struct vakt_buf scratch;
	struct rt_event ev;
	/* The consumer's. */
	struct batch *cur;
	size_t pos;
	bool done;
	int done_rc;
};

/* An empty batch, waiting for one; NULL once the pipe stops. */
static struct batch *take_free(struct rt_replay_pipe *p)
{
	struct batch *b;

	pthread_mutex_lock(&p->mu);
	if (!p->free && !p->stop) {
		/* Wait until a few are free, not one: a wake-up per batch is dear in a VM. */
		p->want_free = true;
		while (p->n_free < PIPE_REFILL && !p->stop)
			pthread_cond_wait(&p->free_cv, &p->mu);
		p->want_free = false;
	}
	b = p->stop ? NULL : p->free;
	if (b) {
		p->free = b->next;
		p->n_free--;
	}
	pthread_mutex_unlock(&p->mu);
	if (b) {
		b->used = b->n = 0;
		b->end = false;
		b->rc = 0;
		b->err = NULL;
	}
	return b;
}

static void hand_over(struct rt_replay_pipe *p, struct batch *b)
{
	b->next = NULL;
	pthread_mutex_lock(&p->mu);
	if (p->ready_tail)
		p->ready_tail->next = b;
	else
		p->ready = b;
	p->ready_tail = b;
	pthread_cond_signal(&p->ready_cv);
	pthread_mutex_unlock(&p->mu);
}

/* A pointer into the line or the scratch buffer, moved to their copies. */
static const char *moved(const char *s, const char *line, size_t len, const char *line_copy,
                         const struct vakt_buf *scratch, const char *scratch_copy)
{
	uintptr_t u = (uintptr_t)s, l = (uintptr_t)line, d = (uintptr_t)scratch->data;

	if (!s)
		return s;
	if (u >= l && u <= l + len)
		return line_copy + (u - l);
	if (scratch->data && u >= d && u <= d + scratch->len)
		return scratch_copy + (u - d);
	return s; /* a static string ("") */
}

/* Point ev's strings at the copies of the line and the scratch buffer in b's arena. */
static void keep_event(struct rt_replay_pipe *p, struct batch *b, const char *line, size_t len,
                       const char *line_copy, struct rt_event *ev)
{
	char *sc = b->arena + b->used;

	if (p->scratch.len)
		memcpy(sc, p->scratch.data, p->scratch.len);
	sc[p->scratch.len] = '\0';
	b->used += p->scratch.len + 1;
	for (uint32_t i = 0; i < ev->n_args; i++) {
		struct rt_arg *a = &ev->args[i];

		a->name = moved(a->name, line, len, line_copy, &p->scratch, sc);
		a->str = moved(a->str, line, len, line_copy, &p->scratch, sc);
		a->sa.path = moved(a->sa.path, line, len, line_copy, &p->scratch, sc);
		a->peer.path = moved(a->peer.path, line, len, line_copy, &p->scratch, sc);
	}
}

static void *pipe_main(void *arg)
{
	struct rt_replay_pipe *p = arg;
	struct batch *b = take_free(p);

	while (b) {
		struct vakt_error *err = NULL;
		struct rt_event *ev;
		struct item *it;
		char *line, *copy;
		size_t len, lineno, need;
		bool fast;
		int rc = p->read(p->src, &line, &len, &lineno, &err);

		if (rc <= 0) {
			b->end = true;
			b->rc = rc;
			b->err = err;
			hand_over(p, b);
			break;
		}
		ev = &b->evs[b->n];
		fast = !p->general_only &&
		       rt_replay_fast_event(line, len, ev, &p->scratch, p->max_items);
		need = len + 1 + (fast ? p->scratch.len + 1 : 0);
		if (b->used + need > b->cap) {
			if (b->n > 0) {
				/* The event moves to the next batch (once a batch). */
				if (fast)
					rt_replay_copy_event(&p->ev, ev);
				hand_over(p, b);
				if (!(b = take_free(p)))
					break;
				ev = &b->evs[0];
				if (fast)
					rt_replay_copy_event(ev, &p->ev);
			}
			/* Only an empty batch grows (a long line): nothing points into it. */
			if (b->cap < need) {
				free(b->arena);
				b->arena = vakt_xmalloc(need);
				b->cap = need;
			}
		}
		copy = b->arena + b->used;
		if (len)
			memcpy(copy, line, len);
		copy[len] = '\0';
		b->used += len + 1;
		it = &b->items[b->n++];
		it->lineno = lineno;
		if (fast) {
			keep_event(p, b, line, len, copy, ev);
			it->kind = RT_PIPE_EVENT;
		} else {
			it->kind = RT_PIPE_LINE;
			it->off = (size_t)(copy - b->arena);
			it->len = len;
		}
		if (b->n == PIPE_BATCH_ITEMS) {
			hand_over(p, b);
			b = take_free(p);
		}
	}
	return NULL;
}

static void pipe_free(struct rt_replay_pipe *p)
{
	for (size_t i = 0; i < PIPE_BATCHES; i++) {
		if (!p->all[i])
			continue;
		vakt_error_free(p->all[i]->err);
		free(p->all[i]->arena);
		free(p->all[i]->evs);
		free(p->all[i]);
	}
	pthread_cond_destroy(&p->ready_cv);
	pthread_cond_destroy(&p->free_cv);
	pthread_mutex_destroy(&p->mu);
	vakt_buf_release(&p->scratch);
	free(p);
}

int rt_replay_pipe_start(rt_replay_line_fn read, void *src, bool general_only, size_t max_items,
                         struct rt_replay_pipe **out)
{
	struct rt_replay_pipe *p = vakt_xcalloc(1, sizeof(*p));
	sigset_t all, old;
	int rc;

	*out = NULL;
	p->read = read;
	p->src = src;
	p->general_only = general_only;
	p->max_items = max_items;
	p->scratch = (struct vakt_buf)VAKT_BUF_INIT;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->ready_cv, NULL);
	pthread_cond_init(&p->free_cv, NULL);
	for (size_t i = 0; i < PIPE_BATCHES; i++) {
		struct batch *b = vakt_xcalloc(1, sizeof(*b));

		b->arena = vakt_xmalloc(PIPE_ARENA);
		b->evs = vakt_xmalloc(PIPE_BATCH_ITEMS * sizeof(*b->evs));
		b->cap = PIPE_ARENA;
		b->next = p->free;
		p->free = b;
		p->n_free++;
		p->all[i] = b;
	}
	/* Signals stay the caller's (vakt watch stops on SIGINT in its own loop). */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&p->thread, NULL, pipe_main, p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pipe_free(p);
		return -rc;
	}
	*out = p;
	return 0;
}

/* The next filled batch, waiting for it. */
static struct batch *take_ready(struct rt_replay_pipe *p)
{
	struct batch *b;

	pthread_mutex_lock(&p->mu);
	while (!p->ready)
		pthread_cond_wait(&p->ready_cv, &p->mu);
	b = p->ready;
	p->ready = b->next;
	if (!p->ready)
		p->ready_tail = NULL;
	pthread_mutex_unlock(&p->mu);
	return b;
}

static void give_back(struct rt_replay_pipe *p, struct batch *b)
{
	pthread_mutex_lock(&p->mu);
	b->next = p->free;
	p->free = b;
	if (++p->n_free >= PIPE_REFILL && p->want_free)
		pthread_cond_signal(&p->free_cv);
	pthread_mutex_unlock(&p->mu);
}

int rt_replay_pipe_next(struct rt_replay_pipe *p, struct rt_event **ev, const char **line,
                        size_t *len, size_t *lineno, struct vakt_error **err)
{
	for (;;) {
		struct batch *b = p->cur;

		if (p->done)
			return p->done_rc;
		if (b && p->pos < b->n) {
			const struct item *it = &b->items[p->pos++];

			*lineno = it->lineno;
			if (it->kind == RT_PIPE_LINE) {
				*line = b->arena + it->off;
				*len = it->len;
				return RT_PIPE_LINE;
			}
			*ev = &b->evs[p->pos - 1];
			return RT_PIPE_EVENT;
		}
		if (b && b->end) {
			p->done = true;
			p->done_rc = b->rc;
			if (b->rc < 0 && err && !*err)
				*err = b->err;
			else
				vakt_error_free(b->err);
			b->err = NULL;
			return b->rc;
		}
		if (b)
			give_back(p, b);
		p->cur = take_ready(p);
		p->pos = 0;
	}
}

void rt_replay_pipe_stop(struct rt_replay_pipe *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = true;
	pthread_cond_broadcast(&p->free_cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	pipe_free(p);
}
