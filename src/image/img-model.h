/* SPDX-License-Identifier: MIT */
#ifndef VAKT_IMG_MODEL_H
#define VAKT_IMG_MODEL_H

/*
 * Container images read without a container engine: docker-save archives
 * (legacy and Docker 25+), OCI archives, OCI image layouts and unpacked
 * root filesystems (docs/image.md).
 *
 * The pipeline: img_open() recognises the input by content, picks one image
 * (tag, platform), reads and verifies its manifest and config; then
 * img_image_walk() streams each layer once, base first, through the
 * decompressor (by magic bytes) and libarchive, verifying the blob digest as
 * it goes. Every entry of every layer is shown to a visitor (which may read
 * its content, bounded) and applied to the filesystem view (struct img_view):
 * whiteouts and opaque directories as the OCI image spec says, with the
 * provenance of each path. Nothing is written to disk and no link is ever
 * followed on the host.
 *
 * Layers are numbered from 0 (the base) in the API and from 1 in messages.
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/error.h"
#include "core/util.h"

/* --- ceilings (each has a test; docs/image.md lists them) ------------------ */

/* Most layers in one image. */
#define IMG_MAX_LAYERS 256
/* Largest manifest, index or config blob (JSON). */
#define IMG_MAX_JSON_BYTES (8u * 1024 * 1024)
/* Deepest chain of nested image indexes. */
#define IMG_MAX_INDEX_DEPTH 8
/* Most images (manifests) listed by one manifest.json or index. */
#define IMG_MAX_IMAGES 4096
/* Most entries in the archive that holds the image (not the layers). */
#define IMG_MAX_ARCHIVE_ENTRIES 100000
/*
 * Default ceiling of decompressed bytes per layer (a decompression bomb
 * stops here; the limit image-layer-size).
 */
#define IMG_MAX_LAYER_BYTES (16ull * 1024 * 1024 * 1024)
/* Default ceiling of tar entries over all layers of one image (the limit image-entries). */
#define IMG_MAX_ENTRIES 4000000u
/* The most the image-entries limit may be raised to. */
#define IMG_MAX_ENTRIES_CEILING 100000000u
/* Longest path of an entry, and longest link target. */
#define IMG_MAX_NAME_BYTES 4096
/* Deepest path (components) in the view. */
#define IMG_MAX_DEPTH 256
/* Most symbolic links followed while resolving one path inside the image. */
#define IMG_MAX_SYMLINK_HOPS 40
/* Most bytes of file contents kept in memory for later (package databases, os-release). */
#define IMG_MAX_KEPT_BYTES (512u * 1024 * 1024)
/* Largest single file kept in memory. */
#define IMG_MAX_KEPT_FILE (256u * 1024 * 1024)
/* Largest file whose content is scanned for secrets. */
#define IMG_MAX_SCAN_FILE (1u * 1024 * 1024)
/*
 * Largest image archive read from standard input by default (it is copied
 * to $TMPDIR first; the limit image-stdin-size).
 */
#define IMG_MAX_STDIN_BYTES (64ull * 1024 * 1024 * 1024)
/* How an image read from standard input ("-") is named in messages and reports. */
#define IMG_STDIN_NAME "<stdin>"
/* Most secret sightings recorded for one image (the rest are counted). */
#define IMG_MAX_SECRET_HITS 2000

/* --- the image ---------------------------------------------------------------- */

enum img_format {
	IMG_FORMAT_DOCKER_ARCHIVE, /* docker save (legacy, or Docker 25+), a tar or unpacked */
	IMG_FORMAT_OCI_ARCHIVE,    /* an OCI image layout in a tar */
	IMG_FORMAT_OCI_LAYOUT,     /* an OCI image layout directory */
	IMG_FORMAT_DOCKER_DIR,     /* skopeo's dir: (podman save --format docker-dir) */
	IMG_FORMAT_ROOTFS,         /* an unpacked root filesystem */
};

enum img_compression {
	IMG_COMP_UNKNOWN, /* not yet read */
	IMG_COMP_NONE,
	IMG_COMP_GZIP,
	IMG_COMP_ZSTD,
};

struct img_history {
	char *created_by; /* owned, may be NULL */
	char *comment;    /* owned, may be NULL */
	bool empty_layer; /* no layer belongs to this entry */
};

struct img_config {
	bool present; /* a config was read (not for a rootfs) */
	char *user;   /* owned; NULL when the field is absent */
	struct vakt_strv env;
	struct vakt_strv entrypoint;
	struct vakt_strv cmd;
	struct vakt_strv exposed_ports; /* keys as written: "22/tcp", or "22" (buildah) */
	struct vakt_strv volumes;
	struct vakt_strv labels;           /* "key=value" */
	char *workdir;                     /* owned, may be NULL */
	bool has_healthcheck;              /* Healthcheck with a test other than NONE */
	char *os, *architecture, *variant; /* owned, may be NULL */
	char *created;                     /* owned; RFC 3339 as written, may be NULL */
	struct img_history *history;       /* owned */
	size_t n_history;
};

struct img_layer {
	char *blob;    /* owned; the blob's name in its store ("blobs/sha256/..", "x/layer.tar") */
	char *digest;  /* owned; "sha256:<hex>" of the blob as stored, NULL when unknown */
	char *diff_id; /* owned; from the config's rootfs.diff_ids, NULL when absent */
	char *media_type; /* owned; as declared, may be NULL (never trusted) */
	uint64_t size;    /* bytes of the blob as stored */
	char *created_by; /* borrowed from the config history (non-empty entries), may be NULL */
	/*
	 * Index into config.history, -1 when none: also for every layer when
	 * the history does not list one entry with a layer per layer.
	 */
	int history;
	/* Filled while walking. */
	enum img_compression compression;
	uint64_t unpacked; /* decompressed bytes */
	size_t entries;    /* tar entries */
};

struct img_store;

struct img_image {
	enum img_format format;
	char *path;             /* owned; the input as named */
	char *ref;              /* owned; the selected image's name (tag), may be NULL */
	char *manifest_digest;  /* owned, may be NULL */
	char *config_digest;    /* owned, may be NULL */
	struct vakt_strv names; /* every image name the input holds (for messages) */
	struct img_config config;
	struct img_layer *layers; /* owned */
	size_t n_layers;
	struct img_store *store; /* owned; where the blobs are */
	/*
	 * A root filesystem's directories left out of the walk, "proc (proc)":
	 * kernel pseudo filesystems mounted in a live root (`vakt image /`),
	 * whose files are the kernel's state, not the system's.
	 */
	struct vakt_strv skipped;
};

/* How to open and walk an image. Zero-initialise, then set what you need. */
struct img_open_opts {
	const char
	    *tag; /* "name:tag", a bare tag or "sha256:<manifest digest>"; NULL: the only one */
	const char *platform; /* "os/arch[/variant]"; NULL: the only one, else linux/<host arch> */
	uint64_t max_layer_bytes; /* 0: IMG_MAX_LAYER_BYTES */
	size_t max_entries;       /* 0: IMG_MAX_ENTRIES */
	uint64_t max_stdin_bytes; /* 0: IMG_MAX_STDIN_BYTES */
};

/*
 * Open the image at path (a file or a directory), recognised by content.
 * With "PATH:TAG" where PATH exists and the whole does not, TAG selects the
 * image. On success the caller owns *out (img_image_free()). Errors name
 * the input and, for a bad blob, the blob: -ENOENT, -EINVAL (not an image,
 * bad JSON), -EBADMSG (digest mismatch), -EFBIG (a ceiling), -ESRCH (no image
 * matches the tag or platform), -ENOTUNIQ (several images and no choice).
 */
int img_open(const char *path, const struct img_open_opts *o, struct img_image **out,
             struct vakt_error **err);
void img_image_free(struct img_image *img);
/* "docker-archive", "oci-archive", "oci-layout", "docker-dir", "rootfs". Static. */
const char *img_format_name(enum img_format f);
/* "none", "gzip", "zstd", "unknown". Static. */
const char *img_compression_name(enum img_compression c);

/* --- entries and the visitor -------------------------------------------------- */

enum img_type {
	IMG_T_FILE,
	IMG_T_DIR,
	IMG_T_SYMLINK,
	IMG_T_HARDLINK,
	IMG_T_CHAR,
	IMG_T_BLOCK,
	IMG_T_FIFO,
	IMG_T_SOCKET,
};

/* One entry of one layer, as the visitor sees it. Everything is borrowed for the call. */
struct img_entry {
	const char *path; /* normalised: no leading "/" or "./", no "." or ".." components */
	const char *link; /* symlink target as written, or hardlink target normalised; else NULL */
	enum img_type type;
	uint32_t mode; /* permission bits with setuid, setgid and sticky (07777) */
	int64_t uid, gid;
	uint64_t size; /* as the header says (never trusted for allocation) */
	int layer;     /* 0-based */
	bool whiteout; /* a ".wh.NAME" marker: path names what it deletes */
	bool opaque;   /* a ".wh..wh..opq" marker: path names the directory */
	bool sparse;   /* stored sparse: the size is not backed by data */
};

struct img_reader;

/*
 * Read up to n bytes of the current entry's content into buf. Returns the
 * number read (0 at the end) or a negative error. Only valid during the
 * visitor call for a regular file.
 */
ssize_t img_reader_read(struct img_reader *r, void *buf, size_t n);

/* What a walk tells its caller as it goes (for a progress display). */
struct img_progress {
	int layer; /* 0-based layer being read */
	size_t n_layers;
	uint64_t done;  /* bytes of blobs read so far, over all layers */
	uint64_t total; /* bytes of all blobs (0 when unknown) */
	size_t entries; /* entries seen so far */
};

struct img_visitor {
	/*
	 * Called for every entry, whiteouts included, after it was applied to
	 * the view (so the visitor may keep its content with img_view_keep()).
	 * An entry whose name or hard-link target escapes the image root (".."
	 * above it) has unsafe set and is not applied. r reads a regular
	 * file's content (NULL for anything else). Return 0 to go on, negative
	 * to stop the walk with that error (set err).
	 */
	int (*on_entry)(void *data, const struct img_entry *e, bool unsafe, const char *raw_name,
	                struct img_reader *r, struct vakt_error **err);
	/* Called after each layer is applied (may be NULL). */
	void (*on_layer_done)(void *data, int layer);
	void (*on_progress)(void *data, const struct img_progress *p); /* may be NULL */
	void *data;
};

/* --- the filesystem view ------------------------------------------------------ */

/* Where a node came from. */
struct img_node_info {
	enum img_type type;
	uint32_t mode;
	int64_t uid, gid;
	uint64_t size;
	const char *link; /* borrowed from the view; NULL unless a link */
	int added;        /* layer whose entry created this incarnation */
	int changed;      /* last layer that set it (>= added) */
	int removed;      /* layer that deleted or replaced it; -1 when present */
	bool implicit;    /* a directory created only as the parent of an entry */
};

struct img_view;

/* A new, empty view (the image root exists). The caller owns it. */
struct img_view *img_view_new(void);
void img_view_free(struct img_view *v);
/*
 * Apply one entry of layer e->layer: whiteouts and opaque markers delete
 * what lower layers put there; other entries add or replace. Entries of a
 * layer must come in layer order. Returns 0, or -EFBIG beyond
 * IMG_MAX_DEPTH / the name arena ceiling, with err set.
 */
int img_view_apply(struct img_view *v, const struct img_entry *e, struct vakt_error **err);
/* Look a normalised path up without following links: a node id, or -1. Removed nodes too. */
long img_view_lookup(const struct img_view *v, const char *path);
/*
 * The node an entry for path acts on, as img_view_apply() finds it:
 * symbolic links among the parents followed inside the image (a usr-merged
 * lib -> usr/lib), the last component not. A node id (removed ones too), or
 * -1. img_view_path() of the result is the path where the file really is.
 */
long img_view_locate(const struct img_view *v, const char *path);
/*
 * Resolve path inside the image root: symlinks followed (absolute targets
 * from the image root, ".." stopping at the root), hardlinks to their
 * target. Returns a present node id, or -ENOENT, -ELOOP (beyond
 * IMG_MAX_SYMLINK_HOPS), -ENOTDIR.
 */
long img_view_resolve(const struct img_view *v, const char *path);
/* Facts about node id (valid until the view changes). */
void img_view_info(const struct img_view *v, long id, struct img_node_info *out);
/* The normalised path of node id into b (reset first). */
void img_view_path(const struct img_view *v, long id, struct vakt_buf *b);
/* The last component of node id's path (borrowed from the view; "" for the root). */
const char *img_view_name(const struct img_view *v, long id);
/* The parent of node id (the root is its own parent). */
long img_view_parent(const struct img_view *v, long id);
/* Number of node ids (ids run from 0; 0 is the root). */
size_t img_view_count(const struct img_view *v);
/* Present (not removed) nodes, root excluded. */
size_t img_view_present(const struct img_view *v);

/*
 * Keep data as node id's content (takes ownership of data, which was
 * malloc'ed). Replaces what was kept before. Bounded by IMG_MAX_KEPT_BYTES
 * overall: returns -EFBIG (and frees data) beyond it.
 */
int img_view_keep(struct img_view *v, long id, char *data, size_t len);
/* Kept content of the node path resolves to, or NULL. Borrowed from the view. */
const char *img_view_kept(const struct img_view *v, const char *path, size_t *len);

/* --- walking an image ---------------------------------------------------------- */

/*
 * Stream every layer of img, base first, into view (which the caller
 * created) and the visitor (may be NULL). Verifies blob digests (a
 * mismatch is -EBADMSG naming the blob) and applies the ceilings of o
 * (may be NULL). Fills each layer's compression, unpacked size and entry
 * count. On error the view holds what was applied so far.
 */
int img_image_walk(struct img_image *img, const struct img_open_opts *o, struct img_view *view,
                   const struct img_visitor *vis, struct vakt_error **err);

/* Split an index, manifest or config digest "sha256:<64 hex>": whether it is well formed. */
bool img_digest_valid(const char *digest);

#endif
