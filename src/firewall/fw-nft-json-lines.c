/* SPDX-License-Identifier: MIT */
/*
 * Where each rule of an `nft -j list ruleset` dump is written: jansson
 * gives no position for a value, so one pass over the text notes the line
 * where each element of the top object's "nftables" array starts (the
 * rule's line in a dump kept pretty-printed; nft -j itself writes one line).
 */
#include <errno.h>
#include <string.h>

#include "fw-nft-priv.h"

/*
 * The line where each element of the top object's "nftables" array starts
 * (strings skipped, escapes honoured), appended to *lines (owned by the
 * caller). Returns 0, or -EINVAL when the JSON nests deeper than
 * FW_MAX_NEST (its line and column in *line_out and *col_out).
 */
int fw_nft_json_lines(const char *data, size_t len, int **lines, size_t *n_lines, int *line_out,
                      int *col_out)
{
	const char *s = data, *end = s + len, *ls = s;
	int line = 1, depth = 0, arr_depth = -1;
	size_t cap = 0;
	bool want_value = false, key_is_nft = false;
	const char *last_str = NULL;
	size_t last_len = 0;

	for (const char *p = s; p < end; p++) {
		char c = *p;

		if (c == '\n') {
			line++;
			ls = p + 1;
			continue;
		}
		if (c == '"') {
			const char *q = p + 1;

			while (q < end && *q != '"') {
				if (*q == '\\' && q + 1 < end)
					q++;
				if (*q == '\n') {
					line++;
					ls = q + 1;
				}
				q++;
			}
			last_str = p + 1;
			last_len = (size_t)(q - p - 1);
			if (want_value && depth == arr_depth) {
				*lines = vakt_grow(*lines, sizeof(int), *n_lines + 1, &cap);
				(*lines)[(*n_lines)++] = line;
				want_value = false;
			}
			p = q < end ? q : end - 1;
			continue;
		}
		if (c == ':' && depth == 1)
			key_is_nft =
			    last_str && last_len == 8 && memcmp(last_str, "nftables", 8) == 0;
		if (c == '{' || c == '[') {
			if (want_value && depth == arr_depth) {
				*lines = vakt_grow(*lines, sizeof(int), *n_lines + 1, &cap);
				(*lines)[(*n_lines)++] = line;
				want_value = false;
			}
			depth++;
			if (depth > FW_MAX_NEST) {
				*line_out = line;
				*col_out = (int)(p - ls) + 1;
				return -EINVAL;
			}
			if (c == '[' && depth == 2 && key_is_nft && arr_depth < 0) {
				arr_depth = depth;
				want_value = true;
			}
			continue;
		}
		if (c == '}' || c == ']') {
			if (depth == arr_depth && c == ']')
				arr_depth = -2; /* only the first nftables array */
			depth--;
			continue;
		}
		if (c == ',' && depth == arr_depth) {
			want_value = true;
			continue;
		}
		if (want_value && depth == arr_depth && c != ' ' && c != '\t' && c != '\r') {
			*lines = vakt_grow(*lines, sizeof(int), *n_lines + 1, &cap);
			(*lines)[(*n_lines)++] = line;
			want_value = false;
		}
	}
	return 0;
}
