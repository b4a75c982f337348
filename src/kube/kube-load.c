/* SPDX-License-Identifier: MIT */
/*
 * Kubernetes manifests into objects (kube-model.h). A file is a YAML or
 * JSON stream (core/yaml.c); every document that is a mapping with string
 * `apiVersion` and `kind` is an object (kube-object.c reads one), and `List`
 * kinds are flattened. The objects borrow the YAML tree; the set owns the
 * trees and the sources they were read from.
 *
 * A Helm chart's templates are not YAML until rendered: rather than a storm
 * of syntax errors, such a file gets one error that says so (kube-template.c
 * tells them from manifests that carry Go templates as data).
 *
 * A manifest's `# vakt ignore=ID` comments (core/pragma.h) are collected
 * here, where the YAML tree tells what each covers: above `apiVersion:` the
 * whole object, above `- name: app` the whole container, above any other
 * key that key with its value. Objects point at their file's pragmas, so
 * findings reported in end() find them too.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>

#include "core/pragma.h"
#include "kube-load.h"

/* What struct kube_set.priv holds: the trees and sources objects borrow. */
struct kube_set_priv {
	struct vakt_yaml_stream **streams;
	size_t n_streams, cap_streams;
	struct vakt_source **srcs;
	size_t n_srcs, cap_srcs;
	struct vakt_suppressions **pragmas; /* per file that has any; objects point here */
	size_t n_pragmas, cap_pragmas;
	bool full; /* KUBE_MAX_OBJECTS was reached and reported */
};

static struct kube_set_priv *set_priv(struct kube_set *set)
{
	if (!set->priv)
		set->priv = vakt_xcalloc(1, sizeof(struct kube_set_priv));
	return set->priv;
}

bool kube_looks_like_manifest(const char *data, size_t len)
{
	static const char *const keys[2][2] = {{"apiVersion:", "\"apiVersion\""},
	                                       {"kind:", "\"kind\""}};
	bool seen[2] = {false, false};
	const char *p = data, *end;

	if (!data)
		return false;
	end = data + len;
	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	while (p < end && !(seen[0] && seen[1])) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		const char *s = p;

		if (!e)
			e = end;
		/* YAML: a top-level key; JSON: the key anywhere on the line. */
		for (int k = 0; k < 2; k++) {
			size_t n = strlen(keys[k][0]);

			if ((size_t)(e - s) >= n && !memcmp(s, keys[k][0], n))
				seen[k] = true;
			else if (memmem(s, (size_t)(e - s), keys[k][1], strlen(keys[k][1])))
				seen[k] = true;
		}
		p = e + 1;
	}
	return seen[0] && seen[1];
}

/* A list item's kind, if it is a Kubernetes object: a mapping with string apiVersion and kind. */
static const char *object_kind(const struct vakt_yaml_node *n)
{
	const struct vakt_yaml_node *v = vakt_yaml_get(n, "apiVersion");
	const struct vakt_yaml_node *k = vakt_yaml_get(n, "kind");

	if (!vakt_yaml_is_map(n) || !vakt_yaml_text(v) || !vakt_yaml_text(k))
		return NULL;
	return k->str;
}

struct loader {
	struct kube_set *set;
	const struct vakt_source *src;
	struct vakt_error_list *errs; /* NULL: errors are not reported */
};

static void loader_error(struct loader *l, const struct vakt_yaml_node *at, int code,
                         const char *fmt, ...) VAKT_PRINTF(4, 5);

static void loader_error(struct loader *l, const struct vakt_yaml_node *at, int code,
                         const char *fmt, ...)
{
	struct vakt_error *e;
	va_list ap;

	if (!l->errs)
		return; /* a document loaded again from its copy: reported the first time */
	e = vakt_xcalloc(1, sizeof(*e));
	va_start(ap, fmt);
	e->code = code;
	e->msg = vakt_xvasprintf(fmt, ap);
	e->file = vakt_xstrdup(l->src->path);
	e->line = at ? at->line : 0;
	e->column = at ? at->col : 0;
	va_end(ap);
	vakt_error_list_add(l->errs, e);
}

/* Room for one more object in the set, or false (reported once) at KUBE_MAX_OBJECTS. */
static bool set_room(struct kube_set *set, struct loader *l, const struct vakt_yaml_node *at)
{
	struct kube_set_priv *p = set_priv(set);

	if (set->n < KUBE_MAX_OBJECTS)
		return true;
	if (!p->full) {
		p->full = true;
		if (l)
			loader_error(l, at, -E2BIG, "more than %d Kubernetes objects in one scan",
			             KUBE_MAX_OBJECTS);
	}
	return false;
}

static void loader_add(struct loader *l, const struct vakt_yaml_node *n, const char *kind)
{
	struct kube_set *set = l->set;

	if (!set_room(set, l, n))
		return;
	set->objs = vakt_grow(set->objs, sizeof(*set->objs), set->n + 1, &set->cap);
	kube_object_init(&set->objs[set->n++], n, kind, l->src);
}

/* An object, or the items of a List (`List`, `PodList`, ...), depth levels deep. */
static void loader_object(struct loader *l, const struct vakt_yaml_node *n, int depth)
{
	const char *kind = object_kind(n);
	const struct vakt_yaml_node *items;

	if (!kind)
		return; /* not a Kubernetes object: skipped without noise */
	items = vakt_yaml_get(n, "items");
	if (vakt_ends_with(kind, "List") && vakt_yaml_is_seq(items)) {
		if (depth >= KUBE_MAX_LIST_DEPTH) {
			loader_error(l, n, -E2BIG, "'%s' nested deeper than %d lists", kind,
			             KUBE_MAX_LIST_DEPTH);
			return;
		}
		for (size_t i = 0; i < items->n; i++)
			loader_object(l, items->items[i], depth + 1);
		return;
	}
	loader_add(l, n, kind);
}

/* Line and column (in characters, as YAML counts) of a byte offset. */
static void offset_pos(const char *data, size_t off, int *line, int *col)
{
	size_t l = 1, c = 1;

	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l > INT_MAX ? INT_MAX : (int)l;
	*col = c > INT_MAX ? INT_MAX : (int)c;
}

/* The error that says a file is a template, at byte offset off. Caller owns it. */
static struct vakt_error *template_error(const struct vakt_source *src, long off)
{
	struct vakt_error *err = NULL;
	int line, col;

	offset_pos(src->data, (size_t)off, &line, &col);
	vakt_error_set_at(&err, KUBE_ETEMPLATE, src->path, line, col,
	                  "looks like a Helm/Go template: render it first (helm template ...)");
	return err;
}

/* Whether byte offset off of data is at or before err's position (or err has none). */
static bool before_error(const char *data, long off, const struct vakt_error *err)
{
	int line, col;

	if (!err->line)
		return true;
	offset_pos(data, (size_t)off, &line, &col);
	return line < err->line || (line == err->line && col <= err->column);
}

/* The last line a pragma above `line` covers: the largest node starting there. */
static int pragma_extent(int line, void *data)
{
	const int *ends = data;

	return ends[line - 1] ? ends[line - 1] : line;
}

/*
 * Collect src's pragmas for the last n objects of set (which src holds);
 * ends: the line extents of src's documents, NULL when src has no pragma.
 */
static void load_pragmas(struct kube_set *set, const struct vakt_source *src, int *ends, size_t n,
                         struct vakt_error_list *errs)
{
	struct kube_set_priv *p = set_priv(set);
	struct vakt_suppressions *sup;

	/* Cheap test first (made by the caller): most files have no pragma at all. */
	if (!ends)
		return;
	sup = vakt_xcalloc(1, sizeof(*sup));
	vakt_pragmas_collect(src, pragma_extent, ends, sup, errs);
	if (!sup->n) {
		free(sup);
		return;
	}
	/* Every finding of the file's objects is matched against them: index them once. */
	vakt_suppressions_index(sup);
	p->pragmas = vakt_grow(p->pragmas, sizeof(*p->pragmas), p->n_pragmas + 1, &p->cap_pragmas);
	p->pragmas[p->n_pragmas++] = sup;
	for (size_t i = set->n - n; i < set->n; i++)
		set->objs[i].pragmas = sup;
}

/*
 * What the scan's cross-file pass (end()) reads of an object, so what a scan
 * keeps of it once its object rules have run (kube_set_load_each()):
 *
 * - Namespaces, NetworkPolicies and LimitRanges: everything.
 * - Objects that run pods: apiVersion, kind; metadata's name, generateName,
 *   namespace and annotations (and labels, for a Pod); the path to the pod
 *   template; the template's labels and annotations; of the pod spec what
 *   KS060, KS070 and KS071 read (serviceAccountName, serviceAccount,
 *   automountServiceAccountToken, the keys of resources) and the network
 *   rules (hostNetwork); of each container its name, image and the keys
 *   of its resources. What the limits and requests of resources set, and
 *   the ports the containers serve on, are read when the object is loaded
 *   (kube_res, kube_cport). KN003 evaluates the Pod Security Standards,
 *   which read much more: it loads the object again from its source
 *   (kube_set_reload()).
 * - Every other object: apiVersion, kind, automountServiceAccountToken (a
 *   ServiceAccount's, for KS060), and metadata's name, generateName,
 *   namespace and annotations (for suppressions of what end() reports).
 *
 * A rule of end() that reads more must be added here. Mappings not named
 * below (labels, annotations, ...) are kept whole, and a document
 * with aliases is kept whole (a node could be shared).
 */
static bool kept_whole(const struct kube_object *o)
{
	switch (o->kind) {
	case KUBE_KIND_NAMESPACE:
	case KUBE_KIND_NETWORKPOLICY:
		return true;
	case KUBE_KIND_OTHER:
		return o->kind_name && !strcmp(o->kind_name, "LimitRange");
	default:
		return false;
	}
}

/* Which keys a trimmed mapping keeps: what it is in its object. */
enum trim_role {
	TRIM_ROOT,      /* an object that runs no pod */
	TRIM_META,      /* its metadata */
	TRIM_POD_ROOT,  /* an object that runs pods */
	TRIM_POD_META,  /* its metadata */
	TRIM_OWN_META,  /* its metadata when it is a Pod's, also the pod's (labels) */
	TRIM_PATH,      /* a mapping on the way to the pod spec (spec, template, jobTemplate) */
	TRIM_TMPL_META, /* the pod template's metadata */
	TRIM_POD_SPEC,  /* the pod spec */
	TRIM_CONTAINER, /* one of its containers */
	TRIM_RESOURCES, /* the pod's or a container's resources */
	TRIM_RES_LIST,  /* their limits and requests: read when loaded (kube_res) */
	TRIM_ROLES,
};

static const char *const trim_keys[TRIM_ROLES][10] = {
    [TRIM_ROOT] = {"apiVersion", "kind", "metadata", "automountServiceAccountToken"},
    [TRIM_META] = {"name", "generateName", "namespace", "annotations"},
    [TRIM_POD_ROOT] = {"apiVersion", "kind", "metadata", "spec", "template"},
    [TRIM_POD_META] = {"name", "generateName", "namespace", "annotations"},
    [TRIM_OWN_META] = {"name", "generateName", "namespace", "labels", "annotations"},
    [TRIM_PATH] = {"spec", "template", "jobTemplate", "metadata"},
    [TRIM_TMPL_META] = {"labels", "annotations"},
    [TRIM_POD_SPEC] = {"containers", "initContainers", "ephemeralContainers", "hostNetwork",
                       "serviceAccountName", "serviceAccount", "automountServiceAccountToken",
                       "resources"},
    [TRIM_CONTAINER] = {"name", "image", "resources"},
    [TRIM_RESOURCES] = {"limits", "requests"},
    [TRIM_RES_LIST] = {NULL},
};

/* Lines from which a document with nothing to leave out is kept as parsed, not copied. */
#define KUBE_COPY_MAX_LINES 65536

/* A file being loaded one document at a time. */
struct doc_loader {
	struct loader l;
	struct vakt_yaml_stream *keep; /* copies of the documents with objects */
	int *ends;                     /* line extents for pragmas; NULL: the file has none */
	bool any_object;               /* a document was a Kubernetes object */
	void (*fn)(struct kube_set *set, size_t first, size_t n, void *data);
	void *data;
	/* The mappings of the document's objects that are trimmed, sorted by address. */
	struct trim_node {
		const struct vakt_yaml_node *node;
		enum trim_role role;
	} * trim;
	size_t n_trim, cap_trim;
	/* pick_pair(): the last mapping looked up and its entry (NULL: not trimmed). */
	const struct vakt_yaml_node *last_map;
	const struct trim_node *last;
};

static int trim_cmp(const void *pa, const void *pb)
{
	uintptr_t a = (uintptr_t)((const struct trim_node *)pa)->node;
	uintptr_t b = (uintptr_t)((const struct trim_node *)pb)->node;

	return (a > b) - (a < b);
}

/* vakt_yaml_copy(): what a trimmed mapping keeps (see kept_whole()). */
static bool pick_pair(const struct vakt_yaml_node *map, size_t i, void *data)
{
	struct doc_loader *d = data;
	const struct trim_node *t;
	const char *k;

	/* Asked about every pair of a mapping in turn: look the mapping up once. */
	if (map != d->last_map) {
		struct trim_node key = {map, TRIM_ROOT};

		d->last_map = map;
		d->last = bsearch(&key, d->trim, d->n_trim, sizeof(*d->trim), trim_cmp);
	}
	t = d->last;
	if (!t)
		return true;
	k = vakt_yaml_str(map->pairs[i].key);
	for (size_t j = 0; k && j < VAKT_ARRAY_SIZE(trim_keys[t->role]) && trim_keys[t->role][j];
	     j++)
		if (!strcmp(k, trim_keys[t->role][j]))
			return true;
	return false;
}

static void trim_add(struct doc_loader *d, const struct vakt_yaml_node *n, enum trim_role role)
{
	if (!vakt_yaml_is_map(n))
		return;
	d->trim = vakt_grow(d->trim, sizeof(*d->trim), d->n_trim + 1, &d->cap_trim);
	d->trim[d->n_trim].node = n;
	d->trim[d->n_trim++].role = role;
}

/* A resources mapping keeps the keys of its lists (locations), not what they hold. */
static void trim_add_resources(struct doc_loader *d, const struct vakt_yaml_node *res)
{
	trim_add(d, res, TRIM_RESOURCES);
	trim_add(d, vakt_yaml_get(res, "limits"), TRIM_RES_LIST);
	trim_add(d, vakt_yaml_get(res, "requests"), TRIM_RES_LIST);
}

/* The mappings of an object that runs pods, each with its role. */
static void trim_add_pod(struct doc_loader *d, const struct kube_object *o)
{
	const struct vakt_yaml_node *n = o->node;
	const char *s = o->pod_spec_path;

	trim_add(d, o->node, TRIM_POD_ROOT);
	/* The network rules read the pod's labels: a controller's own are not read. */
	trim_add(d, o->metadata, o->pod_meta == o->metadata ? TRIM_OWN_META : TRIM_POD_META);
	/* The mappings between the object and its pod spec, along pod_spec_path. */
	while (s && *s && vakt_yaml_is_map(n)) {
		const char *dot = strchr(s, '.');
		size_t len = dot ? (size_t)(dot - s) : strlen(s);
		char key[32];

		if (len >= sizeof(key) || !dot)
			break;
		memcpy(key, s, len);
		key[len] = '\0';
		n = vakt_yaml_get(n, key);
		trim_add(d, n, TRIM_PATH);
		s = dot + 1;
	}
	if (o->pod_meta != o->metadata)
		trim_add(d, o->pod_meta, TRIM_TMPL_META);
	trim_add(d, o->pod_spec, TRIM_POD_SPEC);
	trim_add_resources(d, vakt_yaml_get(o->pod_spec, "resources"));
	for (size_t i = 0; i < o->n_containers; i++) {
		trim_add(d, o->containers[i].node, TRIM_CONTAINER);
		trim_add_resources(d, vakt_yaml_get(o->containers[i].node, "resources"));
	}
}

/*
 * One document: load its objects, hand them to fn while the whole tree is
 * there, then load them again from a copy that keeps what end() reads
 * (everything when no fn is given), so that the document's memory goes back
 * to the parser for the next one. A big document with nothing to leave out
 * (a List of thousands of pods) is kept as parsed instead: a copy would
 * double it for a moment.
 */
static struct vakt_yaml_stream *load_doc(const struct vakt_yaml_doc *doc, void *data)
{
	struct doc_loader *d = data;
	struct kube_set *set = d->l.set;
	struct vakt_error_list *errs = d->l.errs;
	const struct vakt_yaml_node *copy;
	struct kube_object *was;
	size_t first = set->n, n;

	if (object_kind(doc->root))
		d->any_object = true;
	if (d->ends)
		vakt_yaml_line_ends_add(doc->root, d->ends, d->l.src->n_lines);
	loader_object(&d->l, doc->root, 0);
	n = set->n - first;
	if (!n)
		return NULL;
	d->n_trim = 0;
	if (d->fn)
		d->fn(set, first, n, d->data);
	/*
	 * A big document with nothing to leave out, or pods only (a List of
	 * thousands), is kept as parsed: a copy would take less in the end but
	 * more for a moment, with the document. Its objects are then whole, not
	 * trimmed.
	 */
	if (doc->root->end_line - doc->root->line >= KUBE_COPY_MAX_LINES) {
		bool others = false;

		for (size_t i = first; d->fn && !doc->shared && i < set->n && !others; i++)
			others =
			    !kept_whole(&set->objs[i]) && !kube_kind_has_pod(set->objs[i].kind);
		if (!others)
			return d->keep; /* the objects point into the document, which stays */
	}
	/* Trimming a node that aliases share could take from an object kept whole. */
	if (d->fn && !doc->shared) {
		for (size_t i = first; i < set->n; i++) {
			const struct kube_object *o = &set->objs[i];

			if (kept_whole(o))
				continue;
			if (kube_kind_has_pod(o->kind)) {
				trim_add_pod(d, o);
				continue;
			}
			trim_add(d, o->node, TRIM_ROOT);
			trim_add(d, o->metadata, TRIM_META);
		}
		if (d->n_trim > 1)
			qsort(d->trim, d->n_trim, sizeof(*d->trim), trim_cmp);
	}
	d->last_map = NULL;
	copy = vakt_yaml_copy(d->keep, doc->root, doc->shared, d->n_trim ? pick_pair : NULL, d);
	/* The objects again, from the copy; what was read when loaded comes along. */
	was = vakt_xmalloc(n * sizeof(*was));
	memcpy(was, set->objs + first, n * sizeof(*was));
	set->n = first;
	d->l.errs = NULL;
	loader_object(&d->l, copy, 0);
	d->l.errs = errs;
	if (set->n - first != n)
		abort(); /* the copy keeps what makes the objects: cannot happen */
	for (size_t i = 0; i < n; i++) {
		struct kube_object *o = &set->objs[first + i];

		if (o->n_containers != was[i].n_containers)
			abort(); /* likewise */
		o->trimmed = d->n_trim && !kept_whole(o);
		o->pod_limits = was[i].pod_limits;
		o->pod_requests = was[i].pod_requests;
		free(o->ports);
		o->ports = was[i].ports;
		o->n_ports = was[i].n_ports;
		was[i].ports = NULL;
		for (size_t k = 0; k < o->n_containers; k++) {
			o->containers[k].limits = was[i].containers[k].limits;
			o->containers[k].requests = was[i].containers[k].requests;
		}
		kube_object_release(&was[i]);
	}
	free(was);
	return NULL;
}

size_t kube_set_load_each(struct kube_set *set, struct vakt_source *src,
                          struct vakt_error_list *errs,
                          void (*fn)(struct kube_set *set, size_t first, size_t n, void *data),
                          void *data)
{
	struct kube_set_priv *p = set_priv(set);
	struct vakt_error *err = NULL;
	struct doc_loader d = {.l = {set, src, errs}};
	size_t before = set->n, added;
	long tmpl;

	/* No object can be in a text that never says apiVersion and kind: skip the parse. */
	if (!memmem(src->data, src->len, "apiVersion", 10) ||
	    !memmem(src->data, src->len, "kind", 4)) {
		vakt_source_free(src);
		return 0;
	}
	tmpl = kube_template_offset(src->data, src->len);
	if (tmpl >= 0) {
		vakt_error_list_add(errs, template_error(src, tmpl));
		vakt_source_free(src);
		return 0;
	}
	d.keep = vakt_yaml_stream_new(src->path, src->len);
	d.fn = fn;
	d.data = data;
	/* Cheap test first: most files have no pragma at all. */
	if (memmem(src->data, src->len, "vakt", 4))
		d.ends = vakt_xcalloc(src->n_lines ? src->n_lines : 1, sizeof(*d.ends));
	if (vakt_yaml_parse_each(src->path, src->data, src->len, load_doc, &d, &err) < 0) {
		/* A broken file that is not a manifest is not ours to complain about. */
		if (d.any_object || kube_looks_like_manifest(src->data, src->len)) {
			/* A `{{` before the error: the template broke the YAML. */
			tmpl = kube_template_brace_offset(src->data, src->len);
			if (tmpl >= 0 && before_error(src->data, tmpl, err)) {
				vakt_error_free(err);
				err = template_error(src, tmpl);
			}
			vakt_error_list_add(errs, err);
		} else {
			vakt_error_free(err);
		}
	}
	free(d.trim);
	vakt_yaml_stream_seal(d.keep);
	added = set->n - before;
	if (!added) {
		free(d.ends);
		vakt_yaml_free(d.keep);
		vakt_source_free(src);
		return 0;
	}
	p->streams = vakt_grow(p->streams, sizeof(*p->streams), p->n_streams + 1, &p->cap_streams);
	p->streams[p->n_streams++] = d.keep;
	p->srcs = vakt_grow(p->srcs, sizeof(*p->srcs), p->n_srcs + 1, &p->cap_srcs);
	p->srcs[p->n_srcs++] = src;
	load_pragmas(set, src, d.ends, added, errs);
	free(d.ends);
	/* A scan reads the source again only for the lines its findings show. */
	if (fn)
		vakt_source_pack(src);
	return added;
}

/* One file read again for kube_set_reload(): the objects asked for, in position order. */
struct reloader {
	struct loader l; /* into a set of the document's objects */
	const struct kube_object *const *objs;
	size_t n, next;
	void (*fn)(const struct kube_object *kept, const struct kube_object *whole, void *data);
	void *data;
};

static int pos_cmp(const struct kube_object *a, const struct kube_object *b)
{
	if (a->node->line != b->node->line)
		return a->node->line < b->node->line ? -1 : 1;
	return (a->node->col > b->node->col) - (a->node->col < b->node->col);
}

static struct vakt_yaml_stream *reload_doc(const struct vakt_yaml_doc *doc, void *data)
{
	struct reloader *r = data;
	struct kube_set *set = r->l.set;

	loader_object(&r->l, doc->root, 0);
	for (size_t i = 0; i < set->n && r->next < r->n; i++) {
		const struct kube_object *whole = &set->objs[i];

		/* Positions are the original's: a kept object is where its whole one is. */
		while (r->next < r->n && pos_cmp(r->objs[r->next], whole) < 0)
			r->next++;
		if (r->next < r->n && !pos_cmp(r->objs[r->next], whole))
			r->fn(r->objs[r->next++], whole, r->data);
	}
	for (size_t i = 0; i < set->n; i++) {
		kube_object_release(&set->objs[i]);
	}
	set->n = 0;
	return NULL;
}

void kube_set_reload(const struct kube_object *const *objs, size_t n,
                     void (*fn)(const struct kube_object *kept, const struct kube_object *whole,
                                void *data),
                     void *data)
{
	for (size_t i = 0, j; i < n; i = j) {
		const struct vakt_source *src = objs[i]->src;
		bool trimmed = false;

		for (j = i; j < n && objs[j]->src == src; j++)
			trimmed |= objs[j]->trimmed;
		if (!trimmed || !src) {
			for (size_t k = i; k < j; k++)
				fn(objs[k], objs[k], data);
		} else {
			struct kube_set tmp = {0};
			struct reloader r = {{&tmp, src, NULL}, objs + i, j - i, 0, fn, data};
			struct vakt_error *err = NULL;
			char *text = vakt_source_text(src);

			/* The text parsed before: an error is one it had, reported then. */
			(void)vakt_yaml_parse_each(src->path, text, src->len, reload_doc, &r, &err);
			vakt_error_free(err);
			kube_set_release(&tmp);
			free(text);
		}
	}
}

size_t kube_set_load(struct kube_set *set, struct vakt_source *src, struct vakt_error_list *errs)
{
	return kube_set_load_each(set, src, errs, NULL, NULL);
}

void kube_set_take(struct kube_set *dst, struct kube_set *src, struct vakt_error_list *errs)
{
	struct kube_set_priv *d = set_priv(dst), *s = set_priv(src);
	size_t n = src->n;

	if (n > KUBE_MAX_OBJECTS - dst->n) {
		n = KUBE_MAX_OBJECTS - dst->n;
		if (!d->full) {
			struct vakt_error *e = NULL;

			d->full = true;
			vakt_error_set_at(&e, -E2BIG, src->objs[n].file, src->objs[n].node->line,
			                  src->objs[n].node->col,
			                  "more than %d Kubernetes objects in one scan",
			                  KUBE_MAX_OBJECTS);
			vakt_error_list_add(errs, e);
		}
		for (size_t i = n; i < src->n; i++) {
			kube_object_release(&src->objs[i]);
		}
	}
	if (n) {
		dst->objs = vakt_grow(dst->objs, sizeof(*dst->objs), dst->n + n, &dst->cap);
		memcpy(dst->objs + dst->n, src->objs, n * sizeof(*src->objs));
		dst->n += n;
	}
	src->n = 0;
	for (size_t i = 0; i < s->n_streams; i++) {
		d->streams =
		    vakt_grow(d->streams, sizeof(*d->streams), d->n_streams + 1, &d->cap_streams);
		d->streams[d->n_streams++] = s->streams[i];
	}
	for (size_t i = 0; i < s->n_srcs; i++) {
		d->srcs = vakt_grow(d->srcs, sizeof(*d->srcs), d->n_srcs + 1, &d->cap_srcs);
		d->srcs[d->n_srcs++] = s->srcs[i];
	}
	for (size_t i = 0; i < s->n_pragmas; i++) {
		d->pragmas =
		    vakt_grow(d->pragmas, sizeof(*d->pragmas), d->n_pragmas + 1, &d->cap_pragmas);
		d->pragmas[d->n_pragmas++] = s->pragmas[i];
	}
	s->n_streams = 0;
	s->n_srcs = 0;
	s->n_pragmas = 0;
}

void kube_set_take_pragmas(struct kube_set *set, struct kube_pragmas *out)
{
	struct kube_set_priv *p = set->priv;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	if (!p)
		return;
	out->all = p->pragmas;
	out->n_all = p->n_pragmas;
	p->pragmas = NULL;
	p->n_pragmas = p->cap_pragmas = 0;
	for (size_t i = 0; i < set->n; i++) {
		struct kube_object *o = &set->objs[i];

		if (o->pragmas &&
		    (!out->n_files || out->files[out->n_files - 1].sup != o->pragmas)) {
			out->files =
			    vakt_grow(out->files, sizeof(*out->files), out->n_files + 1, &cap);
			out->files[out->n_files++] =
			    (struct kube_file_pragmas){vakt_xstrdup(o->file), o->pragmas};
		}
		o->pragmas = NULL;
	}
}

const struct vakt_suppressions *kube_pragmas_of(const struct kube_pragmas *p, const char *file)
{
	size_t lo = 0, hi = p->n_files;

	if (!file)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(p->files[mid].file, file);

		if (!c)
			return p->files[mid].sup;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void kube_pragmas_release(struct kube_pragmas *p)
{
	for (size_t i = 0; i < p->n_all; i++) {
		vakt_suppressions_release(p->all[i]);
		free(p->all[i]);
	}
	for (size_t i = 0; i < p->n_files; i++)
		free(p->files[i].file);
	free(p->all);
	free(p->files);
	memset(p, 0, sizeof(*p));
}

void kube_set_release(struct kube_set *set)
{
	struct kube_set_priv *p = set->priv;

	for (size_t i = 0; i < set->n; i++) {
		kube_object_release(&set->objs[i]);
	}
	free(set->objs);
	if (p) {
		for (size_t i = 0; i < p->n_streams; i++)
			vakt_yaml_free(p->streams[i]);
		for (size_t i = 0; i < p->n_srcs; i++)
			vakt_source_free(p->srcs[i]);
		for (size_t i = 0; i < p->n_pragmas; i++) {
			vakt_suppressions_release(p->pragmas[i]);
			free(p->pragmas[i]);
		}
		free(p->streams);
		free(p->srcs);
		free(p->pragmas);
		free(p);
	}
	memset(set, 0, sizeof(*set));
}
