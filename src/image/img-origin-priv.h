/* SPDX-License-Identifier: MIT */
#ifndef VAKT_IMG_ORIGIN_PRIV_H
#define VAKT_IMG_ORIGIN_PRIV_H

/*
 * Inside the aligner (img-origin*.c): instruction kinds, a created_by taken
 * apart, and the patterns an instruction is compared with.
 */

#include "core/util.h"
#include "img-origin.h"

enum origin_kind {
	OK_NONE, /* names no instruction */
	OK_RUN,
	OK_COPY,
	OK_ADD,
	OK_ENV,
	OK_ARG,
	OK_LABEL,
	OK_USER,
	OK_WORKDIR,
	OK_EXPOSE,
	OK_VOLUME,
	OK_CMD,
	OK_ENTRYPOINT,
	OK_HEALTHCHECK,
	OK_SHELL,
	OK_STOPSIGNAL,
	OK_ONBUILD,
	OK_MAINTAINER,
};

/* Who wrote a created_by, as far as its shape tells. */
enum origin_flavour {
	FL_BUILDKIT, /* "KEYWORD ..." (with " # buildkit" when it made a layer) */
	FL_NOP,      /* "<shell> #(nop) KEYWORD ...": legacy builder, buildah */
	FL_SHELL,    /* anything else: a RUN as the legacy builder and buildah write it */
};

/* A created_by taken apart; buf owns the folded text p points into. */
struct origin_hist {
	enum origin_kind kind;
	enum origin_flavour flavour;
	const char *p; /* what follows the keyword (FL_SHELL: the whole), folded */
	size_t n;
	struct vakt_buf buf;
};

/* The byte that stands for "any text" in a pattern (a variable's value). */
#define ORIGIN_ANY '\x01'

/* A pattern: literal text and wildcards, folded before it is matched. */
struct origin_pat {
	struct vakt_buf raw, folded;
	size_t n_any;
	size_t *cuts, cap_cuts; /* scratch of origin_pat_match() */
};

/* Whether c is whitespace as the builders split words. */
bool origin_space(char c);
/* The kind of keyword s[0..n) (upper_only: as BuildKit writes it), or OK_NONE. */
enum origin_kind origin_kind_of(const char *s, size_t n, bool upper_only);
/* "RUN" for OK_RUN. Static. */
const char *origin_kind_name(enum origin_kind k);
/* Append s[0..n) to out with whitespace runs folded to one space, trimmed. */
void origin_fold(struct vakt_buf *out, const char *s, size_t n);
/* Take created_by (may be NULL) apart into h (reusing its buffer). */
void origin_hist_parse(const char *created_by, struct origin_hist *h);
void origin_hist_release(struct origin_hist *h);

void origin_pat_reset(struct origin_pat *p);
void origin_pat_release(struct origin_pat *p);
void origin_pat_lit(struct origin_pat *p, const char *s);
void origin_pat_litn(struct origin_pat *p, const char *s, size_t n);
void origin_pat_any(struct origin_pat *p);
/* A word as a builder expands it: each $NAME or ${...} becomes a wildcard. */
void origin_pat_word(struct origin_pat *p, const char *s);
/* Whether the whole of h[0..n) (folded) matches p. */
bool origin_pat_match(struct origin_pat *p, const char *h, size_t n);

/* Append s quoted as Go's strconv.Quote quotes it ("a \"b\"\n" style). */
void origin_go_quote(struct vakt_buf *b, const char *s);
/* An absolute path with "//", "." and ".." folded and no trailing '/'. The caller frees it. */
char *origin_path_clean(const char *path);

#endif
