/* SPDX-License-Identifier: MIT */
/*
 * Finding .vakt.yaml: in the scanned path's directory, then upward; and
 * which configuration a command runs under (--config, --no-config).
 */
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

/* ---- finding the file --------------------------------------------------- */

/* dir/name, or name alone when dir is ".". The caller owns the result. */
static char *path_join(const char *dir, const char *name)
{
	if (!strcmp(dir, "."))
		return vakt_xstrdup(name);
	return vakt_xasprintf("%s%s%s", dir, vakt_ends_with(dir, "/") ? "" : "/", name);
}

/* Drop empty and "." components: "./a//b/" gives "a/b", "" gives ".". The caller owns it. */
static char *path_clean(const char *p)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	bool abs = p[0] == '/';

	while (*p) {
		size_t n = strcspn(p, "/");

		if (n && !(n == 1 && p[0] == '.')) {
			if (b.len || abs)
				vakt_buf_addc(&b, '/');
			vakt_buf_add(&b, p, n);
		}
		p += n;
		p += *p == '/';
	}
	if (!b.len)
		vakt_buf_adds(&b, abs ? "/" : ".");
	return vakt_buf_detach(&b);
}

/*
 * The parent of a clean path, lexically: "a/b" gives "a", "a" gives ".", "."
 * gives "..", ".." gives "../..". The caller owns the result.
 */
static char *path_lexical_parent(const char *p)
{
	const char *slash = strrchr(p, '/');
	const char *last = slash ? slash + 1 : p;

	if (!strcmp(p, "/"))
		return vakt_xstrdup("/");
	if (!strcmp(p, "."))
		return vakt_xstrdup("..");
	if (!strcmp(last, ".."))
		return vakt_xasprintf("%s/..", p);
	if (!slash)
		return vakt_xstrdup(".");
	if (slash == p)
		return vakt_xstrdup("/");
	return vakt_xstrndup(p, (size_t)(slash - p));
}

static bool path_exists_in(const char *dir, const char *name)
{
	char *p = path_join(dir, name);
	struct stat st;
	bool ok = lstat(p, &st) == 0;

	free(p);
	return ok;
}

/*
 * Walk up from start's directory over the real (symlink-resolved) parents.
 * The path handed back is written the way the user wrote start ("sub/.vakt.yaml",
 * "../.vakt.yaml") while that names the same directory, else it is absolute.
 */
char *vakt_config_find(const char *start)
{
	char *dir = NULL, *phys = NULL, *lex = NULL, *found = NULL;
	struct stat st;

	if (!start || !*start || !strcmp(start, "-"))
		start = ".";
	if (stat(start, &st) == 0 && S_ISDIR(st.st_mode)) {
		dir = vakt_xstrdup(start);
	} else {
		const char *slash = strrchr(start, '/');

		dir = !slash           ? vakt_xstrdup(".")
		      : slash == start ? vakt_xstrdup("/")
		                       : vakt_xstrndup(start, (size_t)(slash - start));
	}
	phys = realpath(dir, NULL);
	if (!phys)
		goto out;
	lex = path_clean(dir);
	for (;;) {
		char *slash, *next;

		if (path_exists_in(phys, VAKT_CONFIG_NAME)) {
			found = path_join(lex ? lex : phys, VAKT_CONFIG_NAME);
			break;
		}
		/* The repository root ends the search. */
		if (path_exists_in(phys, ".git") || !strcmp(phys, "/"))
			break;
		slash = strrchr(phys, '/');
		slash[slash == phys] = '\0';
		if (lex) {
			next = path_lexical_parent(lex);
			free(lex);
			lex = next;
			next = realpath(lex, NULL);
			if (!next || strcmp(next, phys)) {
				free(lex);
				lex = NULL;
			}
			free(next);
		}
	}
out:
	free(dir);
	free(phys);
	free(lex);
	return found;
}

int vakt_config_open(const char *path, bool no_config, const char *start, struct vakt_config **out,
                     struct vakt_error **err)
{
	char *found = NULL;
	int r;

	if (!path && !no_config)
		path = found = vakt_config_find(start);
	if (!path) {
		*out = vakt_config_new();
		return 0;
	}
	r = vakt_config_load(path, out, err);
	free(found);
	return r;
}
