/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the filesystem view: the input is a list of
 * operations, one per line, "L T PATH[>LINK]" with L a layer digit and T
 * one of f (file), d (dir), s (symlink), h (hard link), w (whiteout),
 * o (opaque), r (resolve PATH), k (keep content at PATH). Layers only go
 * up. Checks the view's own invariants along the way.
 */
#include <stdint.h>

#include "image/img-model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Most operations per input, so that one run stays short. */
#define FUZZ_VIEW_MAX_OPS 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct img_view *v = img_view_new();
	char *text = vakt_xstrndup((const char *)data, size);
	char *line = text;
	int layer = 0, ops = 0;

	while (line && *line && ops++ < FUZZ_VIEW_MAX_OPS) {
		char *next = strchr(line, '\n');
		struct img_entry e = {0};
		struct vakt_error *err = NULL;
		char *link;
		long id;

		if (next)
			*next++ = '\0';
		if (strlen(line) < 4 || line[0] < '0' || line[0] > '9' || line[1] != ' ' ||
		    line[3] != ' ')
			goto next_line;
		if (line[0] - '0' > layer)
			layer = line[0] - '0';
		e.layer = layer;
		e.path = line + 4;
		e.mode = 0644;
		link = strchr(line + 4, '>');
		if (link) {
			*link++ = '\0';
			e.link = link;
		}
		switch (line[2]) {
		case 'd':
			e.type = IMG_T_DIR;
			break;
		case 's':
			e.type = IMG_T_SYMLINK;
			break;
		case 'h':
			e.type = IMG_T_HARDLINK;
			break;
		case 'w':
			e.whiteout = true;
			break;
		case 'o':
			e.type = IMG_T_DIR;
			e.opaque = true;
			break;
		case 'r':
			id = img_view_resolve(v, e.path);
			if (id >= 0) {
				struct img_node_info in;

				img_view_info(v, id, &in);
				if (in.removed >= 0)
					__builtin_trap(); /* resolve returns present nodes only */
			}
			goto next_line;
		case 'k':
			id = img_view_lookup(v, e.path);
			if (id >= 0)
				(void)img_view_keep(v, id, vakt_xstrdup(e.path), strlen(e.path));
			goto next_line;
		default:
			e.type = IMG_T_FILE;
			break;
		}
		/* The walker hands the view normalised paths only. */
		if (strstr(e.path, "//") || e.path[0] == '/' || strstr(e.path, "..") ||
		    (e.link && e.type == IMG_T_HARDLINK && strstr(e.link, "..")))
			goto next_line;
		if (img_view_apply(v, &e, &err) < 0 && !err)
			__builtin_trap();
		vakt_error_free(err);
	next_line:
		line = next;
	}
	if (img_view_present(v) >= img_view_count(v))
		__builtin_trap(); /* the root is never counted */
	img_view_free(v);
	free(text);
	return 0;
}
