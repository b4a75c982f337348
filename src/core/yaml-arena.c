/* SPDX-License-Identifier: MIT */
/*
 * The memory of YAML trees (yaml-priv.h): bump arenas whose blocks come
 * from per-thread 2 MiB slabs, or are plain mallocs for trees handed from
 * one owner to another, and a string pool per arena.
 */
#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <unistd.h>

#include "strpool.h"
#include "yaml-priv.h"

/*
 * Arena blocks start small for small inputs (a scan keeps thousands of
 * streams alive) and double up to ARENA_BLOCK_BYTES; a request larger than
 * a quarter of that gets a block of its own.
 */
#define ARENA_BLOCK_BYTES     (64u * 1024)
#define ARENA_MIN_BLOCK_BYTES 1024u

/*
 * Blocks are carved from 2 MiB slabs that the kernel may back with one huge
 * page (MADV_HUGEPAGE): a scan keeps every manifest's tree until its
 * cross-file pass, and first touches of fresh 4 KiB pages were a sixth of its
 * time. Each thread fills its own slab; a slab is freed when its last block
 * is and no thread fills it any more. Under AddressSanitizer every block is
 * its own malloc, so that overflows between blocks are still caught.
 */
#define SLAB_BYTES       (2u * 1024 * 1024)
#define SLAB_BLOCK_LIMIT (SLAB_BYTES / 8) /* larger blocks are plain mallocs */

#if defined(__SANITIZE_ADDRESS__)
#define ARENA_SLABS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_SLABS 0
#endif
#endif
#ifndef ARENA_SLABS
#define ARENA_SLABS 1
#endif

struct slab {
	atomic_size_t live; /* blocks not yet freed, + 1 while a thread fills it */
	size_t used;
	max_align_t data[];
};

struct arena_block {
	struct arena_block *next;
	struct slab *slab; /* NULL: a malloc of its own */
	size_t used, size;
	max_align_t data[];
};

static void slab_put(struct slab *s)
{
	if (atomic_fetch_sub(&s->live, 1) == 1)
		free(s);
}

#if ARENA_SLABS
static _Thread_local struct slab *slab_current;
static pthread_key_t slab_key;
static pthread_once_t slab_once = PTHREAD_ONCE_INIT;

/*
 * The pages of s past what was carved from it, back to the system, once no
 * thread will fill it (it is never carved again): with huge pages a slab is
 * resident whole from its first touch, and the last slab of each thread
 * was often half used, which moved a scan's peak by a slab or two from run
 * to run.
 */
static void slab_drop_tail(struct slab *s)
{
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t mask = (uintptr_t)(page > 0 ? page : 4096) - 1;
	uintptr_t from = ((uintptr_t)s->data + s->used + mask) & ~mask;
	uintptr_t end = (uintptr_t)s + SLAB_BYTES;

	if (from >= end)
		return;
	/* Only hints: what they cannot give back stays as it was. */
	(void)madvise((void *)from, end - from, MADV_DONTNEED);
	/* And not made whole again: khugepaged would fill a huge page with zeros. */
	(void)madvise(s, SLAB_BYTES, MADV_NOHUGEPAGE);
}

/* A thread that ends lets go of the slab it was filling. */
static void slab_thread_end(void *s)
{
	slab_drop_tail(s);
	slab_put(s);
}

static void slab_key_init(void)
{
	if (pthread_key_create(&slab_key, slab_thread_end))
		abort();
}

static struct slab *slab_new(void)
{
	struct slab *s = aligned_alloc(SLAB_BYTES, SLAB_BYTES);

	if (!s)
		abort(); /* out of memory: vakt's policy */
	/* Only a hint: without transparent huge pages it changes nothing. */
	(void)madvise(s, SLAB_BYTES, MADV_HUGEPAGE);
	atomic_init(&s->live, 1);
	s->used = 0;
	return s;
}
#endif

void vakt_yaml_slab_release(void)
{
#if ARENA_SLABS
	struct slab *s = slab_current;

	if (!s)
		return;
	slab_current = NULL;
	if (pthread_setspecific(slab_key, NULL))
		abort();
	slab_drop_tail(s);
	slab_put(s);
#endif
}

/*
 * A block with room for size bytes of data; block_free() releases it. A
 * plain block is a malloc of its own: for trees kept long after their parse
 * (vakt_yaml_copy()), which must not pin the slabs parses fill and free.
 */
static struct arena_block *block_new(size_t size, bool plain)
{
	size_t need = sizeof(struct arena_block) + size;
	struct arena_block *b;

	(void)plain;
#if ARENA_SLABS
	if (need <= SLAB_BLOCK_LIMIT && !plain) {
		struct slab *s = slab_current;

		need = (need + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
		if (!s || SLAB_BYTES - sizeof(*s) - s->used < need) {
			pthread_once(&slab_once, slab_key_init);
			if (s) {
				slab_drop_tail(s);
				slab_put(s);
			}
			s = slab_new();
			slab_current = s;
			if (pthread_setspecific(slab_key, s))
				abort();
		}
		/* s->used stays a multiple of the block alignment (need is rounded up). */
		b = (void *)((char *)s->data + s->used);
		s->used += need;
		atomic_fetch_add(&s->live, 1);
		b->slab = s;
		b->size = need - sizeof(*b); /* the alignment's slack too: block_extend() */
		return b;
	}
#endif
	b = vakt_xmalloc(need);
	b->slab = NULL;
	return b;
}

/*
 * Grow b in place by at least n bytes when it is the last block carved from
 * the slab this thread fills and the slab has room: an arena filled in one
 * go (a file's kept copies) is then one run of memory, with no block left
 * half used. Returns whether it grew.
 */
static bool block_extend(struct arena_block *b, size_t n)
{
#if ARENA_SLABS
	struct slab *s = slab_current;

	n = (n + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
	if (!s || b->slab != s || (char *)b->data + b->size != (char *)s->data + s->used ||
	    SLAB_BYTES - sizeof(*s) - s->used < n)
		return false;
	s->used += n;
	b->size += n;
	return true;
#else
	(void)b;
	(void)n;
	return false;
#endif
}

static void block_free(struct arena_block *b)
{
	if (b->slab)
		slab_put(b->slab);
	else
		free(b);
}

struct yaml_arena {
	struct arena_block *head; /* the block being filled comes first */
	size_t next_size;         /* size of the next shared block */
	/*
	 * Scalars: keys and values repeat, each is kept once. NULL until a
	 * string is asked for, and again once sealed when the strings are in
	 * the blocks (yaml_arena_str_inline()).
	 */
	struct vakt_strpool *strings;
	bool plain; /* blocks are mallocs of their own (block_new()) */
};

/* a's string pool, made on first use. */
static struct vakt_strpool *arena_strings(struct yaml_arena *a)
{
	if (!a->strings)
		a->strings = vakt_strpool_new();
	return a->strings;
}

/* Memory aligned for align (a power of two) that lives as long as the arena. Never NULL. */
void *yaml_arena_alloc_align(struct yaml_arena *a, size_t n, size_t align)
{
	struct arena_block *b = a->head;
	size_t off = b ? (b->used + align - 1) & ~(align - 1) : 0;
	void *p;

	if (n > SIZE_MAX / 2)
		abort();
	if (!n)
		n = 1;
	if (b && off <= b->size && b->size - off < n && block_extend(b, off + n - b->size)) {
		/* grown in place */
	} else if (!b || off > b->size || b->size - off < n) {
		bool own = n > ARENA_BLOCK_BYTES / 4;
		size_t size = own ? n : a->next_size;

		while (size < n)
			size *= 2;
		b = block_new(size, a->plain);
		if (!b->slab)
			b->size = size;
		b->used = 0;
		if (own && a->head) {
			/* Keep filling the current block after a big request. */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
			if (a->next_size < ARENA_BLOCK_BYTES)
				a->next_size *= 2;
		}
		off = 0;
	}
	p = (char *)b->data + off;
	b->used = off + n;
	return p;
}

/* For nodes, pairs and pointer arrays. */
void *yaml_arena_alloc(struct yaml_arena *a, size_t n)
{
	return yaml_arena_alloc_align(a, n, alignof(struct vakt_yaml_node));
}

struct yaml_arena *yaml_arena_new(size_t len, bool plain)
{
	struct yaml_arena *a = vakt_xcalloc(1, sizeof(*a));

	a->plain = plain;
	/* Measured on manifests: the tree takes about 6 bytes per byte of text. */
	a->next_size =
	    len < ARENA_BLOCK_BYTES / 6 ? len * 6 + ARENA_MIN_BLOCK_BYTES : ARENA_BLOCK_BYTES;
	/* A plain arena holds one document or one copy at a time: start small. */
	if (plain)
		a->next_size = ARENA_MIN_BLOCK_BYTES;
	return a;
}

void *yaml_arena_dup(struct yaml_arena *a, const void *src, size_t n)
{
	void *p = yaml_arena_alloc(a, n);

	if (n)
		memcpy(p, src, n);
	return p;
}

/* A NUL-terminated copy of s[0..n) (s may hold NULs). */
char *yaml_arena_strndup(struct yaml_arena *a, const char *s, size_t n)
{
	char *p = yaml_arena_alloc_align(a, n + 1, 1);

	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Free everything a holds; a is empty again (its block size is kept). */
void yaml_arena_reset(struct yaml_arena *a)
{
	struct arena_block *b, *next, *keep = NULL;

	/* A plain arena keeps its current block, empty: the next document reuses it. */
	if (a->plain && a->head && !a->head->slab && a->head->size <= ARENA_BLOCK_BYTES)
		keep = a->head;
	for (b = keep ? keep->next : a->head; b; b = next) {
		next = b->next;
		block_free(b);
	}
	a->head = keep;
	if (keep) {
		keep->next = NULL;
		keep->used = 0;
	}
	if (a->strings)
		vakt_strpool_clear(a->strings);
}

/*
 * Hand every block and string of src (plain: no slab to pin) to dst;
 * src is left empty. The block src was filling keeps its free room (at most
 * ARENA_BLOCK_BYTES): for big documents, which copying would double.
 */
void yaml_arena_move(struct yaml_arena *dst, struct yaml_arena *src)
{
	struct arena_block *last;

	if (src->head) {
		for (last = src->head; last->next; last = last->next)
			;
		/* dst keeps filling its own block: src's go behind it. */
		if (dst->head) {
			last->next = dst->head->next;
			dst->head->next = src->head;
		} else {
			last->next = NULL;
			dst->head = src->head;
		}
		src->head = NULL;
	}
	if (src->strings && !dst->strings)
		dst->strings = src->strings;
	else if (src->strings)
		vakt_strpool_merge(dst->strings, src->strings);
	src->strings = NULL;
}

void yaml_arena_free(struct yaml_arena *a)
{
	struct arena_block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		block_free(b);
	}
	vakt_strpool_free(a->strings);
	free(a);
}

/* A tag (rare) goes in a pointer just before its node (vakt_yaml_tag()). */
struct vakt_yaml_node *yaml_arena_node(struct yaml_arena *a, const char *tag)
{
	struct vakt_yaml_node *n;

	if (tag) {
		const char **t = yaml_arena_alloc(a, sizeof(*t) + sizeof(*n));

		*t = vakt_strpool_str(arena_strings(a), tag);
		n = (struct vakt_yaml_node *)(t + 1);
	} else {
		n = yaml_arena_alloc(a, sizeof(*n));
	}
	memset(n, 0, sizeof(*n));
	n->tagged = tag != NULL;
	return n;
}

/* ---- streams made to hold copies ---------------------------------------------- */

/* Texts from this size keep their copies in plain blocks, not in slabs. */
#define STREAM_PLAIN_BYTES (1u * 1024 * 1024)
/* The first block of a stream's copies in a slab (it grows in place). */
#define STREAM_FIRST_BLOCK_BYTES 256u

struct vakt_yaml_stream *vakt_yaml_stream_new(const char *path, size_t len)
{
	struct vakt_yaml_stream *s = vakt_xcalloc(1, sizeof(*s));
	/*
	 * The copies of a small text come from the thread's slabs, like a parse's
	 * tree: they live until the scan ends, so they pin nothing that would
	 * otherwise be freed, and huge pages spare the page faults of a scan of
	 * thousands of files. They start with a small block that grows in place
	 * (block_extend()) as the file's documents are copied, so a small copy
	 * leaves no half-used block behind. A big text's copies get blocks of
	 * their own, full-size from the start (no slab's last huge page half used).
	 */
	struct yaml_arena *a = yaml_arena_new(0, len >= STREAM_PLAIN_BYTES);

	if (len >= STREAM_PLAIN_BYTES)
		a->next_size = ARENA_BLOCK_BYTES;
	else
		a->next_size = STREAM_FIRST_BLOCK_BYTES;
	s->path = path;
	s->arena = a;
	return s;
}

void vakt_yaml_stream_seal(struct vakt_yaml_stream *s)
{
	yaml_arena_seal(s->arena);
}

const char *yaml_arena_str(struct yaml_arena *a, const char *s, size_t n)
{
	return vakt_strpool_intern(arena_strings(a), s, n);
}

/* make() of vakt_strpool_intern_with(): the copy in the arena's blocks. */
static char *arena_copy(void *a, const char *s, size_t n)
{
	return yaml_arena_strndup(a, s, n);
}

const char *yaml_arena_str_inline(struct yaml_arena *a, const char *s, size_t n)
{
	return vakt_strpool_intern_with(arena_strings(a), s, n, arena_copy, a);
}

void yaml_arena_seal(struct yaml_arena *a)
{
	if (!a->strings)
		return;
	/* With every string in the blocks, the pool has nothing left to keep. */
	if (vakt_strpool_empty(a->strings)) {
		vakt_strpool_free(a->strings);
		a->strings = NULL;
	} else {
		vakt_strpool_forget(a->strings);
	}
}
