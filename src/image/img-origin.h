/* SPDX-License-Identifier: MIT */
#ifndef VAKT_IMG_ORIGIN_H
#define VAKT_IMG_ORIGIN_H

/*
 * Which Dockerfile line brought each layer in (vakt image --dockerfile):
 * the config history's created_by strings matched to the instructions of
 * the Dockerfile's final stage (docs/image.md, "Layers and the
 * Dockerfile").
 *
 * The image domain never reads a Dockerfile: the caller (the CLI) parses it
 * and hands over the instructions that built the image, as plain data
 * (struct img_dockerfile). Every builder writes created_by its own way,
 * so both sides are normalised before they are compared:
 *
 *   legacy builder   /bin/sh -c apt-get update          (RUN, shell form)
 *                    |2 A=1 B=2 /bin/sh -c make          (RUN with build args)
 *                    /bin/sh -c #(nop)  ENV A=b          (metadata)
 *                    /bin/sh -c #(nop) COPY file:<hash> in /app
 *   BuildKit         RUN /bin/sh -c apt-get update # buildkit
 *                    COPY --chown=app:app . /app # buildkit
 *                    ENV A=b, WORKDIR /app, CMD ["nginx" "-g" "daemon off;"]
 *   buildah, podman  /bin/sh -c --mount=... apt-get update   (RUN as written)
 *                    /bin/sh -c #(nop) ENV A="b"             (as written)
 *
 * The alignment runs from the end: the last history entries are the final
 * stage's instructions, one per instruction (metadata-only ones too, with
 * empty_layer); ONBUILD may have none (BuildKit writes none). It stops at
 * the first entry that does not match: that entry and every one before it
 * are "not matched", never guessed. When every instruction was matched,
 * the entries before them are the base image's.
 */

#include <stdbool.h>
#include <stddef.h>

#include "img-model.h"

/* Most instructions aligned (a longer chain is not matched at all). */
#define IMG_ORIGIN_MAX_STEPS 100000

/* A heredoc of an instruction (RUN <<EOF, COPY <<EOF /dest). */
struct img_dockerfile_heredoc {
	const char *name; /* the delimiter word without "<<", "-" and quotes */
	const char *body; /* the lines between the marker and the delimiter */
};

/*
 * One instruction of the chain of stages that built the image. Every
 * pointer is borrowed for the call that receives it.
 */
struct img_dockerfile_step {
	const char *keyword; /* as written ("RUN", "copy") */
	/*
	 * What follows the keyword as written, flags first, continuation
	 * lines joined (escape and newline removed, comment lines dropped);
	 * heredoc bodies not included.
	 */
	const char *text;
	const char *args_text; /* the same without the flags: RUN's command */
	/*
	 * The arguments after the flags, quotes removed, no variable
	 * expanded; exec form: the JSON elements; ENV, LABEL and ARG: one
	 * "NAME=value" per pair ("NAME" for an ARG without default).
	 * NULL-terminated; may be NULL when there are none.
	 */
	const char *const *args;
	/* "name=value" or "name", without "--"; NULL-terminated, may be NULL. */
	const char *const *flags;
	const struct img_dockerfile_heredoc *heredocs;
	size_t n_heredocs;
	bool exec_form; /* written as a JSON array */
	int line;       /* 1-based line of the keyword */
};

/* The Dockerfile as the CLI hands it over. Borrowed for the scan. */
struct img_dockerfile {
	const char *path; /* as the user named it, for messages */
	/*
	 * The instructions after the FROM of each stage of the chain, in
	 * build order: the stage the final stage is built upon (FROM
	 * <stage>), recursively, first.
	 */
	const struct img_dockerfile_step *steps;
	size_t n_steps;
	const char *from; /* the chain's first FROM, as written: "FROM debian:12 AS base" */
	int from_line;
	bool from_scratch; /* that FROM is scratch: the image has no base layers */
};

enum img_origin_kind {
	IMG_ORIGIN_NONE,      /* no Dockerfile given, or no layer */
	IMG_ORIGIN_STEP,      /* the instruction at `line` */
	IMG_ORIGIN_BASE,      /* the base image's: `line` is the chain's first FROM */
	IMG_ORIGIN_UNMATCHED, /* the history entry could not be matched to the Dockerfile */
};

/* Where one history entry came from. */
struct img_origin {
	enum img_origin_kind kind;
	long step; /* IMG_ORIGIN_STEP: index into img_dockerfile.steps; else -1 */
};

/*
 * Align the history entries h[0..n) with df's steps: out[i] (n entries,
 * the caller's) says where entry i came from. Returns the number of
 * entries matched to a step. Pure: for the scan and the unit tests.
 */
size_t img_origin_align(const struct img_dockerfile *df, const struct img_history *h, size_t n,
                        struct img_origin *out);

/*
 * The normalised form of one created_by, as the aligner compares it:
 * "KEYWORD payload" with the builder's decoration removed ("RUN /bin/sh -c
 * make", "COPY file:<hash> in /app"), or NULL when it names no Dockerfile
 * instruction. The caller frees it. For the unit tests and messages.
 */
char *img_origin_normalise(const char *created_by);

#endif
