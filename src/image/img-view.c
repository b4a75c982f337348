/* SPDX-License-Identifier: MIT */
/*
 * The filesystem view of an image: layers applied in order as the OCI image
 * spec's layer.md says. Nodes form a tree (parent, first child, next
 * sibling) with a hash table on (parent, name); component names live in one
 * arena. Removed nodes stay in the tree, marked with the layer that removed
 * them, so provenance survives and a path that comes back reuses its node.
 * No cleanup labels are needed in this file: nothing is acquired that a
 * failure must give back.
 */
#include <errno.h>

#include "img-model.h"

/* Largest name arena (component names and link targets). */
#define IMG_VIEW_MAX_ARENA (1024u * 1024 * 1024)
/*
 * Most nodes: above the largest image-entries limit, since parents are
 * implicit nodes too (node numbers are 32 bits).
 */
#define IMG_VIEW_MAX_NODES (2 * IMG_MAX_ENTRIES_CEILING + 1)

#define NONE UINT32_MAX
/* "removed" of a node created a moment ago, before node_set() gives it its first layer. */
#define NEVER INT16_MAX

struct view_node {
	uint32_t parent, first_child, next_sibling;
	uint32_t name; /* arena offset */
	uint32_t link; /* arena offset, NONE */
	uint32_t kept; /* index into kept[], NONE */
	uint32_t mode;
	uint32_t type : 4;
	uint32_t implicit : 1;
	int16_t added, changed, removed;
	int16_t touched; /* last layer that wrote this node or anything below it */
	int64_t uid, gid;
	uint64_t size;
};

struct view_kept {
	char *data;
	size_t len;
};

struct img_view {
	struct view_node *nodes;
	size_t n, cap;
	char *arena;
	size_t arena_len, arena_cap;
	uint32_t *slots; /* hash table of node ids, NONE when empty */
	size_t n_slots;  /* power of two */
	struct view_kept *kept;
	size_t n_kept, cap_kept;
	size_t kept_bytes;
	size_t present;
};

static uint64_t view_hash(uint32_t parent, const char *name, size_t len)
{
	uint64_t h = 1469598103934665603ull ^ parent;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 1099511628211ull;
	}
	return h ^ (h >> 29);
}

static const char *node_name(const struct img_view *v, const struct view_node *n)
{
	return v->arena + n->name;
}

static int arena_add(struct img_view *v, const char *s, size_t len, uint32_t *off,
                     struct vakt_error **err)
{
	if (v->arena_len + len + 1 > IMG_VIEW_MAX_ARENA)
		return vakt_error_set(err, -EFBIG,
		                      "too many names in the image (more than %u bytes of names)",
		                      IMG_VIEW_MAX_ARENA);
	v->arena = vakt_grow(v->arena, 1, v->arena_len + len + 1, &v->arena_cap);
	memcpy(v->arena + v->arena_len, s, len);
	v->arena[v->arena_len + len] = '\0';
	*off = (uint32_t)v->arena_len;
	v->arena_len += len + 1;
	return 0;
}

static void slots_insert(uint32_t *slots, size_t n_slots, const struct img_view *v, uint32_t id)
{
	const struct view_node *n = &v->nodes[id];
	const char *name = node_name(v, n);
	size_t i = view_hash(n->parent, name, strlen(name)) & (n_slots - 1);

	while (slots[i] != NONE)
		i = (i + 1) & (n_slots - 1);
	slots[i] = id;
}

static void slots_grow(struct img_view *v)
{
	size_t n_slots = v->n_slots ? v->n_slots * 2 : 1024;
	uint32_t *slots = vakt_xmalloc(n_slots * sizeof(*slots));

	memset(slots, 0xff, n_slots * sizeof(*slots));
	for (uint32_t id = 1; id < v->n; id++)
		slots_insert(slots, n_slots, v, id);
	free(v->slots);
	v->slots = slots;
	v->n_slots = n_slots;
}

static uint32_t child_find(const struct img_view *v, uint32_t parent, const char *name, size_t len)
{
	size_t i;

	if (!v->n_slots)
		return NONE;
	i = view_hash(parent, name, len) & (v->n_slots - 1);
	for (; v->slots[i] != NONE; i = (i + 1) & (v->n_slots - 1)) {
		const struct view_node *n = &v->nodes[v->slots[i]];
		const char *nn = node_name(v, n);

		if (n->parent == parent && !strncmp(nn, name, len) && nn[len] == '\0')
			return v->slots[i];
	}
	return NONE;
}

struct img_view *img_view_new(void)
{
	struct img_view *v = vakt_xcalloc(1, sizeof(*v));
	uint32_t off;

	v->nodes = vakt_grow(NULL, sizeof(*v->nodes), 1, &v->cap);
	(void)arena_add(v, "", 0, &off, NULL);
	v->nodes[0] = (struct view_node){.parent = 0,
	                                 .first_child = NONE,
	                                 .next_sibling = NONE,
	                                 .name = off,
	                                 .link = NONE,
	                                 .kept = NONE,
	                                 .mode = 0755,
	                                 .type = IMG_T_DIR,
	                                 .added = -1,
	                                 .changed = -1,
	                                 .removed = -1,
	                                 .touched = -1};
	v->n = 1;
	return v;
}

void img_view_free(struct img_view *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n_kept; i++)
		free(v->kept[i].data);
	free(v->kept);
	free(v->nodes);
	free(v->arena);
	free(v->slots);
	free(v);
}

static int child_add(struct img_view *v, uint32_t parent, const char *name, size_t len,
                     uint32_t *out, struct vakt_error **err)
{
	uint32_t off, id;
	int r;

	if (v->n >= IMG_VIEW_MAX_NODES)
		return vakt_error_set(err, -EFBIG, "too many paths in the image (more than %u)",
		                      (unsigned)IMG_VIEW_MAX_NODES);
	r = arena_add(v, name, len, &off, err);
	if (r < 0)
		return r;
	/* Keep the table at most half full. */
	if ((v->n + 1) * 2 > v->n_slots)
		slots_grow(v);
	id = (uint32_t)v->n;
	v->nodes = vakt_grow(v->nodes, sizeof(*v->nodes), v->n + 1, &v->cap);
	v->nodes[id] = (struct view_node){.parent = parent,
	                                  .first_child = NONE,
	                                  .next_sibling = v->nodes[parent].first_child,
	                                  .name = off,
	                                  .link = NONE,
	                                  .kept = NONE,
	                                  .removed = NEVER,
	                                  .touched = -1};
	v->nodes[parent].first_child = id;
	v->n++;
	slots_insert(v->slots, v->n_slots, v, id);
	*out = id;
	return 0;
}

static void kept_drop(struct img_view *v, struct view_node *n)
{
	if (n->kept == NONE)
		return;
	v->kept_bytes -= v->kept[n->kept].len;
	free(v->kept[n->kept].data);
	v->kept[n->kept].data = NULL;
	v->kept[n->kept].len = 0;
	n->kept = NONE;
}

/* Mark id and every present node below it removed by layer. */
static void remove_all(struct img_view *v, uint32_t id, int layer)
{
	uint32_t *stack = NULL;
	size_t n = 0, cap = 0;

	if (v->nodes[id].removed >= 0)
		return;
	stack = vakt_grow(stack, sizeof(*stack), 1, &cap);
	stack[n++] = id;
	while (n) {
		uint32_t d = stack[--n];
		struct view_node *x = &v->nodes[d];

		x->removed = (int16_t)layer;
		kept_drop(v, x);
		v->present--;
		for (uint32_t c = x->first_child; c != NONE; c = v->nodes[c].next_sibling) {
			if (v->nodes[c].removed >= 0)
				continue;
			stack = vakt_grow(stack, sizeof(*stack), n + 1, &cap);
			stack[n++] = c;
		}
	}
	free(stack);
}

/*
 * Remove what lower layers put below id, keeping what this layer set
 * (opaque directories, and whiteouts of a path this layer also wrote): a
 * child untouched by this layer goes with its subtree; a child this layer
 * wrote something under stays, and is pruned in turn.
 */
static void prune_lower(struct img_view *v, uint32_t id, int layer)
{
	uint32_t *stack = NULL;
	size_t n = 0, cap = 0;

	stack = vakt_grow(stack, sizeof(*stack), 1, &cap);
	stack[n++] = id;
	while (n) {
		uint32_t d = stack[--n];

		for (uint32_t c = v->nodes[d].first_child; c != NONE;
		     c = v->nodes[c].next_sibling) {
			struct view_node *x = &v->nodes[c];

			if (x->removed >= 0)
				continue;
			if (x->touched < layer) {
				remove_all(v, c, layer);
				continue;
			}
			if (x->changed < layer) {
				/* Only a parent of this layer's entries: it is new here. */
				x->added = x->changed = (int16_t)layer;
				x->implicit = 1;
			}
			stack = vakt_grow(stack, sizeof(*stack), n + 1, &cap);
			stack[n++] = c;
		}
	}
	free(stack);
}

/* Record that layer wrote at id, on id and its ancestors. */
static void touch(struct img_view *v, uint32_t id, int layer)
{
	for (;;) {
		struct view_node *x = &v->nodes[id];

		if (x->touched >= layer && id != 0)
			break;
		x->touched = (int16_t)layer;
		if (id == 0)
			break;
		id = x->parent;
	}
}

static void node_set(struct img_view *v, uint32_t id, const struct img_entry *e, bool implicit)
{
	struct view_node *x = &v->nodes[id];

	if (x->removed >= 0) {
		v->present++;
		x->removed = -1;
		x->added = (int16_t)e->layer;
	}
	x->type = implicit ? IMG_T_DIR : e->type;
	x->mode = implicit ? 0755 : e->mode;
	x->uid = implicit ? 0 : e->uid;
	x->gid = implicit ? 0 : e->gid;
	x->size = implicit ? 0 : e->size;
	x->implicit = implicit;
	x->changed = (int16_t)e->layer;
	x->link = NONE;
	touch(v, id, e->layer);
}

static long resolve_from(const struct img_view *v, const char *path, bool follow_last, int *hops);

/*
 * The directory that holds the last component of e->path, creating
 * missing parents as implicit directories. A parent that is a symbolic
 * link is followed inside the image, as runtimes do when they apply a layer
 * (a usr-merged /lib -> usr/lib); any other non-directory is replaced.
 */
static int parent_dir(struct img_view *v, const struct img_entry *e, uint32_t *out,
                      const char **last, struct vakt_error **err)
{
	const char *p = e->path;
	uint32_t cur = 0;
	int depth = 0;

	for (;;) {
		const char *slash = strchr(p, '/');
		uint32_t c;
		int r;

		if (!slash)
			break;
		if (++depth > IMG_MAX_DEPTH)
			return vakt_error_set(err, -EFBIG, "path '%s' is deeper than %d components",
			                      e->path, IMG_MAX_DEPTH);
		c = child_find(v, cur, p, (size_t)(slash - p));
		if (c == NONE) {
			r = child_add(v, cur, p, (size_t)(slash - p), &c, err);
			if (r < 0)
				return r;
			node_set(v, c, e, true);
		} else if (v->nodes[c].removed >= 0) {
			node_set(v, c, e, true);
		} else if (v->nodes[c].type == IMG_T_SYMLINK) {
			struct vakt_buf b = VAKT_BUF_INIT;
			int hops = 0;
			long t;

			img_view_path(v, c, &b);
			t = resolve_from(v, vakt_buf_str(&b), true, &hops);
			vakt_buf_release(&b);
			if (t >= 0 && v->nodes[t].type == IMG_T_DIR) {
				c = (uint32_t)t;
			} else {
				remove_all(v, c, e->layer);
				node_set(v, c, e, true);
			}
		} else if (v->nodes[c].type != IMG_T_DIR) {
			remove_all(v, c, e->layer);
			node_set(v, c, e, true);
		}
		cur = c;
		p = slash + 1;
	}
	*out = cur;
	*last = p;
	return 0;
}

int img_view_apply(struct img_view *v, const struct img_entry *e, struct vakt_error **err)
{
	uint32_t dir = 0, id;
	const char *last = NULL;
	size_t len;
	int r;

	if (!e->path[0]) {
		/* The root itself: attributes only. */
		if (e->type == IMG_T_DIR && !e->whiteout && !e->opaque) {
			v->nodes[0].mode = e->mode;
			v->nodes[0].changed = (int16_t)e->layer;
		} else if (e->opaque) {
			prune_lower(v, 0, e->layer);
		}
		return 0;
	}
	if (e->whiteout) {
		/* Only lower layers: what this layer set itself stays. Nothing is created. */
		long found = img_view_locate(v, e->path);

		if (found <= 0 || v->nodes[found].removed >= 0)
			return 0;
		id = (uint32_t)found;
		if (v->nodes[id].touched >= e->layer)
			prune_lower(v, id, e->layer);
		else
			remove_all(v, id, e->layer);
		if (v->nodes[id].removed < 0 && v->nodes[id].changed < e->layer) {
			/* The lower path is gone; it stands again only for this layer's entries. */
			v->nodes[id].added = v->nodes[id].changed = (int16_t)e->layer;
			v->nodes[id].implicit = 1;
			v->nodes[id].type = IMG_T_DIR;
		}
		return 0;
	}
	r = parent_dir(v, e, &dir, &last, err);
	if (r < 0)
		return r;
	len = strlen(last);
	id = child_find(v, dir, last, len);
	if (e->opaque) {
		if (id == NONE) {
			r = child_add(v, dir, last, len, &id, err);
			if (r < 0)
				return r;
			node_set(v, id, e, true);
			return 0;
		}
		if (v->nodes[id].removed >= 0 || v->nodes[id].type != IMG_T_DIR) {
			remove_all(v, id, e->layer);
			node_set(v, id, e, true);
			return 0;
		}
		prune_lower(v, id, e->layer);
		return 0;
	}
	if (id == NONE) {
		r = child_add(v, dir, last, len, &id, err);
		if (r < 0)
			return r;
	} else if (v->nodes[id].removed < 0 &&
	           !(v->nodes[id].type == IMG_T_DIR && e->type == IMG_T_DIR)) {
		/* Anything but a directory over a directory replaces the old path. */
		remove_all(v, id, e->layer);
	}
	node_set(v, id, e, false);
	if (e->link) {
		r = arena_add(v, e->link, strlen(e->link), &v->nodes[id].link, err);
		if (r < 0)
			return r;
	}
	/* A hard link has the size of what it links to. */
	if (e->type == IMG_T_HARDLINK && e->link) {
		long t = img_view_lookup(v, e->link);

		if (t >= 0 && v->nodes[t].removed < 0)
			v->nodes[id].size = v->nodes[t].size;
	}
	return 0;
}

long img_view_lookup(const struct img_view *v, const char *path)
{
	uint32_t cur = 0;
	const char *p = path;

	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);

		if (len) {
			cur = child_find(v, cur, p, len);
			if (cur == NONE)
				return -1;
		}
		if (!slash)
			break;
		p = slash + 1;
	}
	return cur;
}

/*
 * Resolve path from the root. The path still to walk is kept in a buffer;
 * a symlink's target is put in front of what remains.
 */
static long resolve_from(const struct img_view *v, const char *path, bool follow_last, int *hops)
{
	struct vakt_buf rest = VAKT_BUF_INIT;
	uint32_t cur = 0;
	size_t pos = 0;
	long ret;

	vakt_buf_adds(&rest, path);
	for (;;) {
		const char *s = vakt_buf_str(&rest);
		const char *comp, *slash;
		size_t len;
		bool is_last;
		uint32_t c;

		while (s[pos] == '/')
			pos++;
		if (!s[pos]) {
			ret = cur;
			break;
		}
		comp = s + pos;
		slash = strchr(comp, '/');
		len = slash ? (size_t)(slash - comp) : strlen(comp);
		is_last = !slash || !slash[strspn(slash, "/")];
		pos += len;
		if (len == 1 && comp[0] == '.')
			continue;
		if (len == 2 && comp[0] == '.' && comp[1] == '.') {
			cur = v->nodes[cur].parent; /* the root is its own parent */
			continue;
		}
		c = child_find(v, cur, comp, len);
		if (c == NONE || v->nodes[c].removed >= 0) {
			ret = -ENOENT;
			break;
		}
		if ((v->nodes[c].type == IMG_T_SYMLINK && (!is_last || follow_last)) ||
		    (v->nodes[c].type == IMG_T_HARDLINK && is_last && follow_last)) {
			struct vakt_buf next = VAKT_BUF_INIT;
			const char *target =
			    v->nodes[c].link != NONE ? v->arena + v->nodes[c].link : "";

			if (++*hops > IMG_MAX_SYMLINK_HOPS) {
				ret = -ELOOP;
				break;
			}
			/* Hard-link targets are image paths; absolute symlinks start at the root.
			 */
			if (v->nodes[c].type == IMG_T_HARDLINK || target[0] == '/')
				cur = 0;
			vakt_buf_adds(&next, target);
			vakt_buf_addc(&next, '/');
			vakt_buf_adds(&next, s + pos);
			vakt_buf_release(&rest);
			rest = next;
			pos = 0;
			continue;
		}
		if (!is_last && v->nodes[c].type != IMG_T_DIR) {
			ret = -ENOTDIR;
			break;
		}
		cur = c;
	}
	vakt_buf_release(&rest);
	return ret;
}

long img_view_locate(const struct img_view *v, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *last = slash ? slash + 1 : path;
	long dir = 0;
	uint32_t c;

	if (slash) {
		char *parent = vakt_xstrndup(path, (size_t)(slash - path));
		int hops = 0;

		dir = resolve_from(v, parent, true, &hops);
		free(parent);
		if (dir < 0 || v->nodes[dir].type != IMG_T_DIR)
			return -1;
	}
	if (!*last)
		return dir;
	c = child_find(v, (uint32_t)dir, last, strlen(last));
	return c == NONE ? -1 : (long)c;
}

long img_view_resolve(const struct img_view *v, const char *path)
{
	int hops = 0;

	return resolve_from(v, path, true, &hops);
}

void img_view_info(const struct img_view *v, long id, struct img_node_info *out)
{
	const struct view_node *n = &v->nodes[id];

	out->type = (enum img_type)n->type;
	out->mode = n->mode;
	out->uid = n->uid;
	out->gid = n->gid;
	out->size = n->size;
	out->link = n->link != NONE ? v->arena + n->link : NULL;
	out->added = n->added;
	out->changed = n->changed;
	out->removed = n->removed;
	out->implicit = n->implicit;
}

void img_view_path(const struct img_view *v, long id, struct vakt_buf *b)
{
	uint32_t chain[IMG_MAX_DEPTH + 1];
	size_t n = 0;

	vakt_buf_reset(b);
	for (uint32_t c = (uint32_t)id; c != 0 && n < VAKT_ARRAY_SIZE(chain);
	     c = v->nodes[c].parent)
		chain[n++] = c;
	while (n--) {
		vakt_buf_adds(b, node_name(v, &v->nodes[chain[n]]));
		if (n)
			vakt_buf_addc(b, '/');
	}
}

const char *img_view_name(const struct img_view *v, long id)
{
	return node_name(v, &v->nodes[id]);
}

long img_view_parent(const struct img_view *v, long id)
{
	return v->nodes[id].parent;
}

size_t img_view_count(const struct img_view *v)
{
	return v->n;
}

size_t img_view_present(const struct img_view *v)
{
	return v->present;
}

int img_view_keep(struct img_view *v, long id, char *data, size_t len)
{
	struct view_node *n = &v->nodes[id];

	kept_drop(v, n);
	if (len > IMG_MAX_KEPT_FILE || v->kept_bytes + len > IMG_MAX_KEPT_BYTES) {
		free(data);
		return -EFBIG;
	}
	v->kept = vakt_grow(v->kept, sizeof(*v->kept), v->n_kept + 1, &v->cap_kept);
	v->kept[v->n_kept] = (struct view_kept){data, len};
	n->kept = (uint32_t)v->n_kept++;
	v->kept_bytes += len;
	return 0;
}

const char *img_view_kept(const struct img_view *v, const char *path, size_t *len)
{
	long id = img_view_resolve(v, path);

	if (id < 0 || v->nodes[id].kept == NONE || !v->kept[v->nodes[id].kept].data)
		return NULL;
	*len = v->kept[v->nodes[id].kept].len;
	return v->kept[v->nodes[id].kept].data;
}
