/* SPDX-License-Identifier: MIT */
#ifndef VAKT_ESCAPE_STREAM_H
#define VAKT_ESCAPE_STREAM_H

/*
 * A last line of defence for machine-readable reports on their way to a
 * terminal or a file: a stream that copies everything written to it onto
 * another stream, writing each character that could drive a terminal (C0
 * and C1 controls other than newline and tab, DEL, the bidirectional
 * overrides) as the syntax's own escape: "\u009b" in JSON, "&#x9B;" in XML.
 * JSON and XML keep such characters only inside strings and character data,
 * where these escapes mean exactly the same character, so the document
 * decodes to the same data and no reader is told anything else.
 *
 * The JSON writers (jansson and vakt's own) escape C0 already; jansson
 * writes C1 controls and U+202E raw, which is what this catches.
 */

#include <stdio.h>

enum vakt_escape_syntax {
	VAKT_ESCAPE_JSON, /* \u00XX */
	VAKT_ESCAPE_XML,  /* &#xXX; */
};

/*
 * A stream writing through to `under` (borrowed: closing the returned
 * stream flushes into `under` but does not close it). NULL only when the
 * C library cannot make a stream. The caller closes the result with fclose().
 */
FILE *vakt_escape_stream_open(FILE *under, enum vakt_escape_syntax syntax);

#endif
