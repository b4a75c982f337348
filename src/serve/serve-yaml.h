/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SERVE_YAML_H
#define VAKT_SERVE_YAML_H

/*
 * An admission request's object as the text of a file for the Kubernetes
 * domain: block YAML, every key and string double-quoted. Any JSON value
 * jansson holds is written so that vakt's YAML reader (libyaml) reads back
 * exactly that value: the characters YAML forbids or reads as line breaks
 * in a scalar (C0 and C1 controls, DEL, U+2028, U+2029, U+FEFF, U+FFFE,
 * U+FFFF) are escaped, where JSON text left them raw and an object with one
 * in an annotation could not be read at all. Block YAML also reads faster
 * than the same object as indented JSON.
 */

#include <jansson.h>
#include <stddef.h>

/*
 * The text of v (an object, array or scalar; nesting bounded by the
 * caller), NUL-terminated, its length in *len. The caller owns it (free()).
 */
char *serve_yaml_text(const json_t *v, size_t *len);

#endif
