/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KUBE_LOAD_H
#define VAKT_KUBE_LOAD_H

/*
 * Private to the Kubernetes domain: what kube-scan.c needs of the loader
 * beyond kube-model.h. Each file is loaded into a set of its own (no lock:
 * files load on several threads), its object rules run, then its objects
 * move into the scan's shared set under the domain's lock.
 */

#include "kube-model.h"

/*
 * kube_set_load() for a scan: each document's objects (set->objs[first..
 * first + n)) are handed to fn as soon as they are loaded, while their whole
 * tree is there, for the object rules. Then the set keeps of them only what
 * the cross-file pass reads (the whole of workloads, Namespaces,
 * NetworkPolicies, ServiceAccounts and LimitRanges; the apiVersion, kind and
 * metadata of the others), and the document's memory is reused for the
 * next: a file is read in the memory of its largest document plus what is
 * kept. Objects are handed over before the file's pragmas are collected:
 * fn's findings get them afterwards (objects' pragmas is set on return).
 * The source is then packed (vakt_source_pack()): only snippets read it.
 */
size_t kube_set_load_each(struct kube_set *set, struct vakt_source *src,
                          struct vakt_error_list *errs,
                          void (*fn)(struct kube_set *set, size_t first, size_t n, void *data),
                          void *data);

/*
 * Move every object of src, with the streams and sources they borrow, to
 * the end of dst. src is left empty (kube_set_release() still fine).
 * Objects beyond KUBE_MAX_OBJECTS are dropped with one error in errs.
 */
void kube_set_take(struct kube_set *dst, struct kube_set *src, struct vakt_error_list *errs);

/* The comment pragmas of a scan's files, kept after its set is released. */
struct kube_pragmas {
	struct vakt_suppressions **all; /* owned, each owned */
	size_t n_all;
	struct kube_file_pragmas {
		char *file;                          /* owned */
		const struct vakt_suppressions *sup; /* one of all */
	} * files;                                   /* owned; sorted by file */
	size_t n_files;
};

/*
 * Move the pragmas of set (whose objects are sorted by file) to *out, which
 * the caller releases with kube_pragmas_release(): the objects no longer
 * point at them, and the set can go while end()'s findings are processed.
 */
void kube_set_take_pragmas(struct kube_set *set, struct kube_pragmas *out);
/* The pragmas of file, or NULL. */
const struct vakt_suppressions *kube_pragmas_of(const struct kube_pragmas *p, const char *file);
void kube_pragmas_release(struct kube_pragmas *p);

/*
 * Where data looks like a Helm/Go template: the byte offset of the first
 * `{{` that gives it away (see kube_looks_templated()), or -1.
 */
long kube_template_offset(const char *data, size_t len);

/*
 * The first `{{` of data outside comments, or -1: when the YAML of a file
 * fails to parse after it, the file is taken for a template.
 */
long kube_template_brace_offset(const char *data, size_t len);

/*
 * Fill *o (its previous content is overwritten) with the object of mapping
 * n, of kind `kind` (its `kind:` value), read from src (kube-object.c). o
 * borrows n, kind and src, and owns what kube_object_release() frees.
 */
void kube_object_init(struct kube_object *o, const struct vakt_yaml_node *n, const char *kind,
                      const struct vakt_source *src);
/* Free what o owns (containers, path); o may be filled again. */
void kube_object_release(struct kube_object *o);

/* Whether the start of data looks like a manifest: `apiVersion:` and `kind:` keys. */
bool kube_looks_like_manifest(const char *data, size_t len);

#endif
