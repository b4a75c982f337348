/* SPDX-License-Identifier: MIT */
/*
 * end()'s per-object work on two threads (kube_check_split()): end() runs
 * once every file is scanned and the scan's threads have ended, so its
 * largest parts (the object rules of end(), KN003's reload) run in two
 * halves, the second on a thread of its own, and their findings are joined
 * again in the order one thread would have made them.
 */
#include <pthread.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "kube-model.h"

/* Fewer items than this are not worth a thread. */
#define KUBE_SPLIT_MIN 64

struct split_part {
	struct vakt_check_ctx ctx;
	struct vakt_findings out;
	size_t lo, hi;
	void (*fn)(struct vakt_check_ctx *ctx, size_t lo, size_t hi, void *data);
	void *data;
};

static void *split_run(void *arg)
{
	struct split_part *p = arg;

	p->fn(&p->ctx, p->lo, p->hi, p->data);
	return NULL;
}

void kube_check_split(struct vakt_check_ctx *ctx, size_t n, size_t split,
                      void (*fn)(struct vakt_check_ctx *ctx, size_t lo, size_t hi, void *data),
                      void *data)
{
	struct split_part second = {.ctx = *ctx, .lo = split, .hi = n, .fn = fn, .data = data};
	struct vakt_check_ctx first = *ctx;
	pthread_t thread;

	if (split > n)
		split = second.lo = n;
	second.ctx.out = &second.out;
	/* sysconf() reads /sys: asked only when the split is worth a thread. */
	if (n < KUBE_SPLIT_MIN || !split || split == n || sysconf(_SC_NPROCESSORS_ONLN) < 2 ||
	    pthread_create(&thread, NULL, split_run, &second)) {
		/* One thread: the same calls in the same order. */
		fn(&first, 0, n, data);
		return;
	}
	fn(&first, 0, split, data);
	pthread_join(thread, NULL);
	/* After this thread's findings, as one thread would have made them. */
	vakt_findings_take(ctx->out, &second.out);
	vakt_findings_release(&second.out);
#ifdef __GLIBC__
	/*
	 * What the helper freed stays in its own malloc arena, where this
	 * thread cannot reuse it for what end() builds next: hand it back.
	 */
	malloc_trim(0);
#endif
}
