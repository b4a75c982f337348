/* SPDX-License-Identifier: MIT */
/*
 * Paths a RUN removes again before it ends, and directories a file creates:
 * what the RUN rules need to tell a temporary directory (created, used with
 * cd, chmod 777 or as a local apt source, then removed) from one that
 * stays in the image. Both are sorted tables built once per RUN or file and
 * probed with binary searches, so the checks stay linear in the RUN.
 */
#include "df-check-run.h"

/*
 * A path as written, normalised for comparison: "${X}" -> "$X", no
 * leading "./", no trailing "/" (except the root). The caller frees it.
 */
static char *path_norm(const char *w)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *s;
	size_t n;

	while (w[0] == '.' && w[1] == '/')
		w += 2;
	for (const char *p = w; *p; p++) {
		if (p[0] == '$' && p[1] == '{') {
			size_t len = strcspn(p + 2, "}:-=?+#%/");

			/* Only a plain ${NAME}: ${X:-y} and friends stay as written. */
			if (p[2 + len] == '}') {
				vakt_buf_addc(&b, '$');
				vakt_buf_add(&b, p + 2, len);
				p += 2 + len;
				continue;
			}
		}
		vakt_buf_addc(&b, *p);
	}
	s = vakt_buf_detach(&b);
	n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	return s;
}

static int path_at_cmp(const void *a, const void *b)
{
	const struct df_rc_path *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->at != y->at)
		return (x->at > y->at) - (x->at < y->at);
	return (x->k > y->k) - (x->k < y->k);
}

/* Sort t and keep one entry per path: the last (removals) or the first (creations). */
static void paths_finish(struct df_rc_paths *t, bool keep_last)
{
	size_t n = 0;

	if (!t->n)
		return;
	qsort(t->v, t->n, sizeof(*t->v), path_at_cmp);
	for (size_t i = 0; i < t->n; i++) {
		if (n && !strcmp(t->v[n - 1].path, t->v[i].path)) {
			if (keep_last) {
				free(t->v[n - 1].path);
				t->v[n - 1] = t->v[i];
			} else {
				free(t->v[i].path);
			}
			continue;
		}
		t->v[n++] = t->v[i];
	}
	t->n = n;
}

static void paths_add(struct df_rc_paths *t, const char *word, size_t at, size_t k)
{
	char *p;

	if (!word || !*word)
		return;
	p = path_norm(word);
	/* "rm -rf /" or "mkdir /" says nothing about a directory of its own. */
	if (!strcmp(p, "/") || !strcmp(p, ".")) {
		free(p);
		return;
	}
	t->v = vakt_grow(t->v, sizeof(*t->v), t->n + 1, &t->cap);
	t->v[t->n++] = (struct df_rc_path){p, at, k};
}

static const struct df_rc_path *paths_find(const struct df_rc_paths *t, const char *path,
                                           size_t len)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(t->v[mid].path, path, len);

		if (!c && t->v[mid].path[len])
			c = 1;
		if (!c)
			return &t->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void df_rc_paths_release(struct df_rc_paths *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].path);
	free(t->v);
	*t = (struct df_rc_paths){0};
}

void df_rc_removed_init(struct df_rc_paths *t, const struct shell_script *s)
{
	*t = (struct df_rc_paths){0};
	for (size_t k = 0; k < s->n; k++) {
		const struct shell_cmd *c = &s->cmds[k];
		size_t p;
		const char *n = df_rc_prog(c, &p);
		bool opts = true;

		if (strcmp(n, "rm") && strcmp(n, "rmdir"))
			continue;
		for (size_t i = p + 1; i < c->argc; i++) {
			const char *a = df_rc_arg(c, i);

			if (opts && !strcmp(a, "--")) {
				opts = false;
				continue;
			}
			if (opts && a[0] == '-')
				continue;
			paths_add(t, a, 0, k);
		}
	}
	paths_finish(t, true);
}

/* Whether t removes the first len bytes of p, or their contents (dir followed by "/" "*"), after
 * command k. */
static bool removed_prefix(const struct df_rc_paths *t, const char *p, size_t len, bool parent,
                           size_t k)
{
	const struct df_rc_path *hit = paths_find(t, p, len);
	bool gone = hit && hit->k > k;

	if (!gone && parent) {
		char *star = vakt_xasprintf("%.*s/*", (int)len, p);

		hit = paths_find(t, star, strlen(star));
		gone = hit && hit->k > k;
		free(star);
	}
	return gone;
}

bool df_rc_removed_after(const struct df_rc_paths *t, const char *word, size_t k)
{
	char *p;
	size_t len, parents = 0;
	bool gone;

	if (!t->n || !word || !*word)
		return false;
	p = path_norm(word);
	len = strlen(p);
	gone = removed_prefix(t, p, len, false, k);
	/* Its parents, from the top, as deep as a real tree goes. */
	for (size_t i = 1; i < len && !gone && parents < DF_RC_MAX_PARENTS; i++) {
		if (p[i] != '/')
			continue;
		parents++;
		gone = removed_prefix(t, p, i, true, k);
	}
	free(p);
	return gone;
}

/* Add the positional arguments of mkdir (or install -d) command c to t. */
static void created_add(struct df_rc_paths *t, const struct shell_cmd *c, size_t prog, size_t at,
                        size_t k)
{
	static const char *const dir_longs[] = {"--directory", NULL};
	static const char *const mkdir_longs[] = {"--mode", "--context", NULL};
	static const struct df_pkg_optspec mkdir_spec = {"mZ", mkdir_longs, false};
	static const char *const install_longs[] = {
	    "--mode", "--owner", "--group", "--suffix", "--target-directory", "--context", NULL};
	static const struct df_pkg_optspec install_spec = {"mogSt", install_longs, false};
	const char *n = df_rc_base_name(df_rc_arg(c, prog));
	const struct df_pkg_optspec *spec = &mkdir_spec;
	struct df_pkg_args it;
	struct df_pkg_arg a;

	if (!strcmp(n, "install")) {
		if (!df_pkg_find_opt(c, prog + 1, &install_spec, "d", dir_longs, NULL))
			return;
		spec = &install_spec;
	} else if (strcmp(n, "mkdir")) {
		return;
	}
	df_pkg_args_init(&it, c, prog + 1, spec);
	while (df_pkg_args_next(&it, &a))
		if (a.kind == DF_PKG_ARG_POSITIONAL)
			paths_add(t, a.text, at, k);
}

void df_rc_created_init(struct df_rc_paths *t, const struct df_file *f)
{
	*t = (struct df_rc_paths){0};
	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];

		if (in->kind == DF_WORKDIR && in->n_args && in->args[0].value) {
			paths_add(t, in->args[0].value, i, 0);
			continue;
		}
		if (in->kind != DF_RUN)
			continue;
		for (size_t k = 0; k < in->sh.n; k++) {
			size_t prog;

			df_rc_prog(&in->sh.cmds[k], &prog);
			if (prog < in->sh.cmds[k].argc)
				created_add(t, &in->sh.cmds[k], prog, i, k);
		}
	}
	paths_finish(t, false);
}

bool df_rc_created_before(const struct df_rc_paths *t, const char *word, size_t at, size_t k)
{
	const struct df_rc_path *hit;
	char *p;

	if (!t->n || !word || !*word)
		return false;
	p = path_norm(word);
	hit = paths_find(t, p, strlen(p));
	free(p);
	return hit && (hit->at < at || (hit->at == at && hit->k < k));
}
