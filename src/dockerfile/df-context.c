/* SPDX-License-Identifier: MIT */
/*
 * The build context on disk. A Dockerfile does not say which directory it is
 * built from: the rules that read the context (DF022's .npmrc, DF023's
 * .dockerignore) look beside it and, inside a repository, in the directories
 * up to the repository root, as `docker compose` and CI usually build from.
 */
#include <stdlib.h>
#include <unistd.h>

#include "df-check-sec.h"

/* Directory levels looked at above a Dockerfile for the repository root. */
#define DF_CONTEXT_MAX_UP 64

/* Whether dir (ending in '/', or "" for the working directory) holds name. */
static bool dir_has(const char *dir, const char *name)
{
	char *p = vakt_xasprintf("%s%s", *dir ? dir : "./", name);
	bool yes = !access(p, F_OK);

	free(p);
	return yes;
}

char *df_context_find(const char *dockerfile, const char *name)
{
	const char *slash = strrchr(dockerfile, '/');
	char *dir =
	    slash ? vakt_xstrndup(dockerfile, (size_t)(slash - dockerfile + 1)) : vakt_xstrdup("");
	char *path = NULL, *cur = NULL;

	if (name[0] == '/' || strstr(name, ".."))
		goto out;
	path = vakt_xasprintf("%s%s", dir, name);
	if (!access(path, R_OK))
		goto out;
	free(path);
	path = NULL;
	cur = realpath(*dir ? dir : ".", NULL);
	for (int i = 0; cur && i < DF_CONTEXT_MAX_UP; i++) {
		char *here = vakt_xasprintf("%s/", strcmp(cur, "/") ? cur : "");
		char *cut;

		/* The nearest one wins, as the nearest context would hold it. */
		if (i > 0 && !path) {
			path = vakt_xasprintf("%s%s", here, name);
			if (access(path, R_OK)) {
				free(path);
				path = NULL;
			}
		}
		/* What is found above the Dockerfile counts only inside a repository. */
		if (dir_has(here, ".git")) {
			free(here);
			goto out;
		}
		free(here);
		cut = strrchr(cur, '/');
		if (!cut || cut == cur)
			break;
		*cut = '\0';
	}
	free(path);
	path = NULL;
out:
	free(cur);
	free(dir);
	return path;
}
