/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FUZZ_COMMON_H
#define VAKT_FUZZ_COMMON_H

/*
 * Helpers shared by the rule-table harnesses (header only: each harness is
 * one translation unit linked with libFuzzer or with replay.c).
 *
 * Options come from the input's last byte, which is also parsed with the
 * rest: the seeds stay plain files of their domain (most end in '\n', which
 * selects each harness's usual options), and a mutation of the last byte
 * explores the others without shifting the text.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/error.h"
#include "core/finding.h"
#include "core/util.h"

/* Where the reads go, so that the compiler keeps them. */
static volatile size_t fuzz_sink;

static inline unsigned fuzz_option(const uint8_t *data, size_t size)
{
	return size ? data[size - 1] : '\n';
}

static inline void fuzz_touch_str(const char *s)
{
	if (s)
		fuzz_sink += strlen(s);
}

/* FUZZ_VERBOSE=1 in the environment: print each finding (to see what a seed reaches). */
static inline bool fuzz_verbose(void)
{
	static int v = -1;

	if (v < 0)
		v = getenv("FUZZ_VERBOSE") != NULL;
	return v;
}

/* Every finding names its rule, has a message and a sane position; read every field. */
static inline void fuzz_check_findings(const struct vakt_findings *out)
{
	for (size_t i = 0; i < out->n; i++) {
		const struct vakt_finding *f = &out->v[i];

		if (!f->rule || !f->rule->id || !f->message || f->loc.line < 0 ||
		    f->loc.column < 0 || f->loc.end_line < 0 || f->loc.end_column < 0)
			__builtin_trap();
		if (f->loc.line && f->loc.end_line && f->loc.end_line < f->loc.line)
			__builtin_trap();
		fuzz_touch_str(f->message);
		fuzz_touch_str(f->loc.file);
		fuzz_touch_str(f->loc.object);
		fuzz_touch_str(f->snippet);
		fuzz_touch_str(f->suppress_reason);
		fuzz_sink += (size_t)f->severity + f->suppressed;
		if (fuzz_verbose())
			fprintf(stderr, "finding %s %s:%d:%d %s%s\n", f->rule->id, f->loc.file,
			        f->loc.line, f->loc.column, f->message,
			        f->suppressed ? " (suppressed)" : "");
	}
}

static inline void fuzz_check_errors(const struct vakt_error_list *errs)
{
	for (size_t i = 0; i < errs->n; i++) {
		char *m = vakt_error_format(errs->v[i]);

		fuzz_touch_str(m);
		if (fuzz_verbose())
			fprintf(stderr, "error %s\n", m);
		free(m);
	}
}

#endif
