/* SPDX-License-Identifier: MIT */
/*
 * The container metadata cache: a hash of containers the caller asked for,
 * a bounded queue, and one worker thread that runs rt_ctrmeta_lookup()
 * (the file reading, rt-ctrmeta-read.c) outside the lock and publishes each
 * record with a release store, so that the caller's fast path reads it
 * without the lock.
 */

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "runtime/rt-ctrmeta.h"

#define HASH_BUCKETS 1024 /* a power of two */

enum entry_state {
	E_QUEUED, /* waiting for the worker, or in its hands: never dropped */
	E_DONE,   /* rec is set */
	E_FAILED, /* no record; retry_at says when to ask again */
};

struct entry {
	char key[65]; /* rt_ctr_ident.id */
	struct rt_ctr_ident ident;
	_Atomic(struct rt_ctrmeta *) rec; /* owned; set once by the worker */
	enum entry_state state;           /* under the lock */
	unsigned tries;
	uint64_t retry_at; /* monotonic ns */
	uint64_t used;     /* the caller's tick, for dropping the least recently used */
	struct entry *next;
};

struct rt_ctrmeta_cache {
	char *root;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work; /* the worker waits for work, or for the hold to end */
	pthread_cond_t idle; /* rt_ctrmeta_wait_idle() waits for the worker */
	bool stop, hold, busy;
	struct entry *buckets[HASH_BUCKETS];
	size_t n;
	struct entry *queue[RT_CTRMETA_MAX_PENDING];
	size_t qhead, qlen;
	uint64_t retry_ns;
	uint64_t tick;
	struct entry *last; /* the caller's last entry: its thread only */
	char *last_error;   /* owned */
	struct rt_ctrmeta_stats stats;
};

static const struct rt_ctrmeta host_record = {
    .name = "host",
    .id = "host",
    .full_id = "host",
    .type = "host",
    .privileged = -1,
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static size_t hash_key(const char *s)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)(h & (HASH_BUCKETS - 1));
}

static void *worker(void *arg)
{
	struct rt_ctrmeta_cache *c = arg;

	pthread_mutex_lock(&c->mu);
	for (;;) {
		struct rt_ctrmeta *rec = NULL;
		struct vakt_error *err = NULL;
		struct rt_ctr_ident ident;
		struct entry *e;
		int rc;

		if (c->stop)
			break;
		if (c->qlen == 0 || c->hold) {
			c->busy = false;
			pthread_cond_broadcast(&c->idle);
			pthread_cond_wait(&c->work, &c->mu);
			continue;
		}
		e = c->queue[c->qhead];
		c->qhead = (c->qhead + 1) % RT_CTRMETA_MAX_PENDING;
		c->qlen--;
		c->busy = true;
		ident = e->ident;
		pthread_mutex_unlock(&c->mu);

		rc = rt_ctrmeta_lookup(c->root, &ident, &rec, &err);

		pthread_mutex_lock(&c->mu);
		c->stats.lookups++;
		if (rc == 0) {
			c->stats.found++;
			atomic_store_explicit(&e->rec, rec, memory_order_release);
			e->state = E_DONE;
		} else {
			if (rc == -ENOENT) {
				c->stats.not_found++;
			} else {
				c->stats.errors++;
				free(c->last_error);
				c->last_error = err ? vakt_error_format(err) : NULL;
			}
			e->state = E_FAILED;
			e->retry_at = now_ns() + (c->retry_ns << (e->tries < 16 ? e->tries : 16));
			e->tries++;
		}
		vakt_error_free(err);
	}
	c->busy = false;
	pthread_cond_broadcast(&c->idle);
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

struct rt_ctrmeta_cache *rt_ctrmeta_new(const char *root)
{
	struct rt_ctrmeta_cache *c = vakt_xcalloc(1, sizeof(*c));
	int rc;

	c->root = vakt_xstrdup(root);
	c->retry_ns = RT_CTRMETA_RETRY_NS;
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->work, NULL);
	pthread_cond_init(&c->idle, NULL);
	rc = pthread_create(&c->thread, NULL, worker, c);
	if (rc != 0) {
		pthread_cond_destroy(&c->idle);
		pthread_cond_destroy(&c->work);
		pthread_mutex_destroy(&c->mu);
		free(c->root);
		free(c);
		errno = rc;
		return NULL;
	}
	return c;
}

static void entry_free(struct entry *e)
{
	rt_ctrmeta_record_free(atomic_load_explicit(&e->rec, memory_order_relaxed));
	free(e);
}

void rt_ctrmeta_free(struct rt_ctrmeta_cache *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	c->stop = true;
	pthread_cond_broadcast(&c->work);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	for (size_t i = 0; i < HASH_BUCKETS; i++) {
		for (struct entry *e = c->buckets[i], *next; e; e = next) {
			next = e->next;
			entry_free(e);
		}
	}
	pthread_cond_destroy(&c->idle);
	pthread_cond_destroy(&c->work);
	pthread_mutex_destroy(&c->mu);
	free(c->last_error);
	free(c->root);
	free(c);
}

static struct entry *find(struct rt_ctrmeta_cache *c, const char *key)
{
	for (struct entry *e = c->buckets[hash_key(key)]; e; e = e->next)
		if (strcmp(e->key, key) == 0)
			return e;
	return NULL;
}

/* Drop the least recently used entry the worker has no hand in. Under the lock. */
static bool drop_one(struct rt_ctrmeta_cache *c)
{
	struct entry *victim = NULL, **link;

	for (size_t i = 0; i < HASH_BUCKETS; i++)
		for (struct entry *e = c->buckets[i]; e; e = e->next)
			if (e->state != E_QUEUED && (!victim || e->used < victim->used))
				victim = e;
	if (!victim)
		return false;
	for (link = &c->buckets[hash_key(victim->key)]; *link != victim; link = &(*link)->next)
		;
	*link = victim->next;
	if (c->last == victim)
		c->last = NULL;
	entry_free(victim);
	c->n--;
	c->stats.dropped++;
	return true;
}

static bool enqueue(struct rt_ctrmeta_cache *c, struct entry *e)
{
	if (c->qlen == RT_CTRMETA_MAX_PENDING)
		return false;
	c->queue[(c->qhead + c->qlen) % RT_CTRMETA_MAX_PENDING] = e;
	c->qlen++;
	e->state = E_QUEUED;
	pthread_cond_signal(&c->work);
	return true;
}

const struct rt_ctrmeta *rt_ctrmeta_get(struct rt_ctrmeta_cache *c, const struct rt_ctr_ident *id)
{
	struct rt_ctrmeta *rec;
	struct entry *e;

	if (id->runtime == RT_CTR_HOST)
		return &host_record;
	if (!id->id[0])
		return NULL;
	/* the fast path: the same container as last time, already known */
	e = c->last;
	if (e && strcmp(e->key, id->id) == 0) {
		rec = atomic_load_explicit(&e->rec, memory_order_acquire);
		if (rec) {
			e->used = ++c->tick;
			return rec;
		}
	}
	pthread_mutex_lock(&c->mu);
	e = find(c, id->id);
	if (!e) {
		if (c->qlen == RT_CTRMETA_MAX_PENDING ||
		    (c->n >= RT_CTRMETA_MAX_ENTRIES && !drop_one(c))) {
			pthread_mutex_unlock(&c->mu);
			return NULL; /* asked again at a later get */
		}
		e = vakt_xcalloc(1, sizeof(*e));
		memcpy(e->key, id->id, sizeof(e->key));
		e->key[sizeof(e->key) - 1] = '\0';
		e->ident = *id;
		e->ident.id[sizeof(e->ident.id) - 1] = '\0';
		e->ident.full_id[sizeof(e->ident.full_id) - 1] = '\0';
		atomic_init(&e->rec, NULL);
		e->next = c->buckets[hash_key(e->key)];
		c->buckets[hash_key(e->key)] = e;
		c->n++;
		enqueue(c, e);
	} else if (e->state == E_FAILED && e->tries < RT_CTRMETA_MAX_TRIES &&
	           now_ns() >= e->retry_at) {
		enqueue(c, e);
	}
	rec = atomic_load_explicit(&e->rec, memory_order_acquire);
	e->used = ++c->tick;
	c->last = e;
	pthread_mutex_unlock(&c->mu);
	return rec;
}

void rt_ctrmeta_wait_idle(struct rt_ctrmeta_cache *c)
{
	pthread_mutex_lock(&c->mu);
	while ((c->qlen > 0 && !c->hold) || c->busy)
		pthread_cond_wait(&c->idle, &c->mu);
	pthread_mutex_unlock(&c->mu);
}

void rt_ctrmeta_hold(struct rt_ctrmeta_cache *c, bool hold)
{
	pthread_mutex_lock(&c->mu);
	c->hold = hold;
	pthread_cond_broadcast(&c->work);
	pthread_mutex_unlock(&c->mu);
}

void rt_ctrmeta_set_retry(struct rt_ctrmeta_cache *c, uint64_t ns)
{
	pthread_mutex_lock(&c->mu);
	c->retry_ns = ns;
	pthread_mutex_unlock(&c->mu);
}

char *rt_ctrmeta_last_error(struct rt_ctrmeta_cache *c)
{
	char *s;

	pthread_mutex_lock(&c->mu);
	s = vakt_xstrdup(c->last_error);
	pthread_mutex_unlock(&c->mu);
	return s;
}

void rt_ctrmeta_stats(struct rt_ctrmeta_cache *c, struct rt_ctrmeta_stats *out)
{
	pthread_mutex_lock(&c->mu);
	*out = c->stats;
	out->entries = c->n;
	pthread_mutex_unlock(&c->mu);
}
