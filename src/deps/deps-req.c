/* SPDX-License-Identifier: MIT */
/*
 * What DP001 and the families read of a requirements file (pip's format:
 * https://pip.pypa.io/en/stable/reference/requirements-file-format/): the
 * requirements that pin nothing, whether something else pins them (a
 * constraints file, a lock beside), and the index options.
 */
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include "deps.h"

/* Skip blanks and tabs. */
static size_t skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Whether s[0..n) starts with option opt followed by a blank, '=' or the end. */
static bool is_opt(const char *s, size_t n, const char *opt)
{
	size_t k = strlen(opt);

	return n >= k && !memcmp(s, opt, k) &&
	       (n == k || s[k] == ' ' || s[k] == '\t' || s[k] == '=');
}

/* The index and link options whose value is a URL or a path that names an endpoint. */
static const char *const index_opts[] = {"--index-url", "--extra-index-url", "--find-links", "-i",
                                         "-f"};

static void add_index(struct deps_file *f, int line, const char *s, size_t n, size_t i)
{
	size_t e;
	struct deps_index *x;

	if (i < n && s[i] == '=')
		i++;
	i = skip_ws(s, n, i);
	e = i;
	while (e < n && s[e] != ' ' && s[e] != '\t')
		e++;
	if (e == i || f->n_index >= DEPS_MAX_REQS)
		return;
	f->index = vakt_grow(f->index, sizeof(*f->index), f->n_index + 1, &f->cap_index);
	x = &f->index[f->n_index++];
	x->line = line;
	x->url = vakt_xstrndup(s + i, e - i);
	x->at = (struct vakt_span){line, (int)i + 1, line, (int)e};
}

/*
 * One physical line: `-c FILE` or `--constraint FILE` makes the file's
 * versions pinned elsewhere; an index option is kept. Options sit alone
 * on their line in pip's format.
 */
static void scan_options(struct deps_file *f, int line, const char *s, size_t n)
{
	size_t i = skip_ws(s, n, 0);

	s += i;
	n -= i;
	if (n < 2 || s[0] != '-')
		return;
	/* "-cconstraints.txt" is pip's too (an option's value may follow its letter). */
	if ((s[1] == 'c' && s[0] == '-' && (n == 2 || s[2] != '-')) ||
	    is_opt(s, n, "--constraint")) {
		if (!f->quiet)
			f->quiet = "a '-c' constraints file pins the versions";
		return;
	}
	for (size_t k = 0; k < VAKT_ARRAY_SIZE(index_opts); k++)
		if (is_opt(s, n, index_opts[k])) {
			add_index(f, line, s - i, n + i, i + strlen(index_opts[k]));
			return;
		}
}

static void on_unpinned(int line, const char *req, void *arg)
{
	struct deps_file *f = arg;

	if (f->n_reqs >= DEPS_MAX_REQS)
		return;
	f->reqs = vakt_grow(f->reqs, sizeof(*f->reqs), f->n_reqs + 1, &f->cap_reqs);
	f->reqs[f->n_reqs].line = line;
	f->reqs[f->n_reqs].text = vakt_xstrdup(req);
	f->n_reqs++;
}

void deps_file_requirements(struct deps_file *f, const struct vakt_source *src)
{
	struct vakt_error *err = NULL;
	const char *base = strrchr(src->path, '/');

	base = base ? base + 1 : src->path;
	f->src = src;
	f->kind = PKG_APP_PY_REQUIREMENTS;
	/* deps_read() reported the error; the lines before it stand. */
	pkg_app_requirements_unpinned(src->path, src->data, src->len, on_unpinned, f, &err);
	vakt_error_free(err);
	for (size_t l = 1; l <= src->n_lines; l++) {
		size_t n;
		const char *s = vakt_source_line(src, (int)l, &n);

		if (s)
			scan_options(f, (int)l, s, n);
	}
	if (!f->quiet && vakt_starts_with(base, "constraints"))
		f->quiet = "a constraints file installs nothing itself";
	if (!f->quiet && f->n_reqs)
		f->quiet = deps_pinned_beside(src->path);
}

void deps_file_release(struct deps_file *f)
{
	for (size_t i = 0; i < f->n_reqs; i++)
		free(f->reqs[i].text);
	for (size_t i = 0; i < f->n_index; i++)
		free(f->index[i].url);
	free(f->reqs);
	free(f->index);
	memset(f, 0, sizeof(*f));
}

/* A file name that pins the Python packages of its directory, or NULL. */
static const char *pins(const char *name)
{
	static const char *const locks[] = {"poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock",
	                                    "pylock.toml"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(locks); i++)
		if (!strcmp(name, locks[i]))
			return "a lock file beside it pins the versions";
	/* PEP 751's named locks, rye's requirements.lock and requirements-dev.lock. */
	if ((vakt_starts_with(name, "pylock.") && vakt_ends_with(name, ".toml")) ||
	    (vakt_starts_with(name, "requirements") && vakt_ends_with(name, ".lock")))
		return "a lock file beside it pins the versions";
	if (vakt_starts_with(name, "constraints") && vakt_ends_with(name, ".txt"))
		return "a constraints file beside it pins the versions";
	return NULL;
}

const char *deps_pinned_beside(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? vakt_xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
	                  : vakt_xstrdup(".");
	const char *why = NULL;
	struct dirent *de;
	DIR *d = NULL;
	int fd;

	/* Standard input has no directory. */
	if (strcmp(path, "-") && strcmp(path, "<stdin>")) {
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		d = fd >= 0 ? fdopendir(fd) : NULL;
		if (!d && fd >= 0)
			close(fd);
	}
	/* A lock's reason before a constraints file's, whatever the directory's order. */
	while (d && (de = readdir(d))) {
		const char *w = pins(de->d_name);

		if (w && (!why || w[2] == 'l'))
			why = w;
	}
	if (d)
		closedir(d);
	free(dir);
	return why;
}
