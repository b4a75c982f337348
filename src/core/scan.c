/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan.h"
#include "walk.h"
#include "yaml.h"

/* Dispatch order (domain.h). */
static const struct vakt_domain *const domains[] = {VAKT_DOMAINS_DISPATCH};

const struct vakt_domain *const *vakt_domains(size_t *n)
{
	*n = VAKT_ARRAY_SIZE(domains);
	return domains;
}

void vakt_scan_opts_init(struct vakt_scan_opts *o, const struct vakt_config *config)
{
	memset(o, 0, sizeof(*o));
	o->config = config;
	o->severity_mask = (1u << VAKT_SEV_COUNT) - 1;
	o->inline_ignores = true;
	/* Matching reads a database: only a command that says so (vakt scan) turns it on. */
	o->vuln.off = true;
	vakt_limits_init(&o->limits);
	vakt_limits_take(&o->limits, &config->limits);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static const struct vakt_domain *domain_by_name(const char *path)
{
	const char *base = base_name(path);

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(domains); i++)
		if (domains[i]->match_name && domains[i]->match_name(path, base))
			return domains[i];
	return NULL;
}

static const struct vakt_domain *domain_by_content(const struct vakt_source *src)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(domains); i++)
		if (domains[i]->match_content && domains[i]->match_content(src->data, src->len))
			return domains[i];
	return NULL;
}

/*
 * A finding's effective severity: the configured one of its rule, less the
 * steps the domain took off for this instance (a Dockerfile stage judged as
 * a possible final image is reported one step lower), never below info.
 */
static enum vakt_severity scan_severity(const struct vakt_scan_opts *o,
                                        const struct vakt_finding *f,
                                        const struct vakt_finding_ext *x)
{
	int sev = (int)vakt_config_severity(o->config, f->rule);
	int lowered = (int)f->rule->severity - (int)f->severity;

	/* An advisory's own rating stands; a config names the rule's default. */
	if (x && x->own_severity)
		return f->severity;
	if (lowered > 0)
		sev -= lowered;
	return sev < (int)VAKT_SEV_INFO ? VAKT_SEV_INFO : (enum vakt_severity)sev;
}

/* Mark that config ignore entry e (of o->config) ignored a finding of res (stale warnings). */
static void scan_note_ignore(struct vakt_scan_result *res, const struct vakt_scan_opts *o,
                             const struct vakt_config_ignore *e)
{
	if (!res->ignore_used)
		res->ignore_used = vakt_xcalloc(o->config->n_ignores, sizeof(*res->ignore_used));
	res->ignore_used[e - o->config->ignores] = true;
}

/*
 * The one post-processing of findings, for every command: severity, the
 * --severity filter, then what suppresses a finding, first match wins: the
 * domain's own (annotations, already marked), the config's ignores, inline
 * pragmas (sup; for end()'s findings, those of each finding's file). The
 * findings move to res.
 */
static void scan_settle(struct vakt_findings *fresh, const struct vakt_suppressions *sup,
                        const struct vakt_domain *d, void *state, const struct vakt_scan_opts *o,
                        struct vakt_scan_result *res)
{
	size_t kept = 0;

	for (size_t i = 0; i < fresh->n; i++) {
		struct vakt_finding *f = &fresh->v[i];
		const struct vakt_config_ignore *e;
		const struct vakt_finding_ext *x = vakt_findings_ext_of(fresh, f);
		bool by_domain = f->suppressed; /* an annotation the domain honoured */

		f->severity = scan_severity(o, f, x);
		if (!(o->severity_mask & (1u << f->severity))) {
			vakt_finding_release(f);
			res->hidden++;
			continue;
		}
		if (by_domain) {
			/* already marked, with its reason */
		} else if ((e = vakt_config_ignore_match(o->config, f->rule, f->facets, f->loc.file,
		                                         f->loc.object)) ||
		           (e = vakt_config_ignore_match_id(o->config, x, f->loc.file,
		                                            f->loc.object))) {
			f->suppressed = true;
			f->suppress_reason =
			    e->reason ? vakt_xasprintf("config: %s", e->reason)
			              : vakt_xasprintf("config: ignored in '%s'",
			                               o->config->origin ? o->config->origin
			                                                 : VAKT_CONFIG_NAME);
			scan_note_ignore(res, o, e);
		} else if (o->inline_ignores) {
			const struct vakt_suppressions *pragmas = sup;

			/* end()'s findings come from many files: each its own file's. */
			if (!pragmas && d && d->pragmas)
				pragmas = d->pragmas(state, f);
			vakt_suppressions_apply(pragmas, f);
		}
		if (f->suppressed)
			res->suppressed++;
		fresh->v[kept++] = *f;
	}
	fresh->n = kept;
	vakt_findings_take(&res->findings, fresh);
}

/* A domain's warnings travel with its errors (those from n0 on); they are no failure. */
static void scan_take_warnings(struct vakt_scan_result *res, size_t n0)
{
	vakt_error_list_split_warnings(&res->errors, n0, &res->warnings);
}

/* Run d on src with the domain's per-scan state; takes ownership of src. */
static void scan_one(const struct vakt_domain *d, void *state, struct vakt_source *src,
                     const struct vakt_scan_opts *o, struct vakt_scan_result *res)
{
	struct vakt_findings fresh = {0};
	struct vakt_suppressions sup = {0};
	size_t n0 = res->errors.n;

	res->files_scanned++;
	vakt_strv_push(&res->files, src->path);
	d->scan(src, o, state, &fresh, &sup, &res->errors);
	scan_take_warnings(res, n0);
	vakt_suppressions_index(&sup);
	scan_settle(&fresh, &sup, d, state, o, res);
	vakt_findings_release(&fresh);
	vakt_suppressions_release(&sup);
	if (!d->keeps_source)
		vakt_source_free(src);
}

/* The cross-file pass of d, if it has one; frees state. */
static void scan_end(const struct vakt_domain *d, void *state, const struct vakt_scan_opts *o,
                     struct vakt_scan_result *res)
{
	struct vakt_findings fresh = {0};
	size_t n0 = res->errors.n;

	if (!d->end)
		return;
	d->end(state, o, &fresh, &res->errors);
	scan_take_warnings(res, n0);
	scan_settle(&fresh, NULL, d, state, o, res);
	vakt_findings_release(&fresh);
	if (d->release)
		d->release(state);
}

void vakt_scan_settle(struct vakt_findings *fresh, const struct vakt_scan_opts *o,
                      struct vakt_scan_result *res)
{
	scan_settle(fresh, NULL, NULL, NULL, o, res);
}

void vakt_scan_source(const struct vakt_domain *d, struct vakt_source *src,
                      const struct vakt_scan_opts *o, struct vakt_scan_result *res)
{
	void *state = d->begin ? d->begin(o) : NULL;

	scan_one(d, state, src, o, res);
	scan_end(d, state, o, res);
}

/* --- discovery ------------------------------------------------------------ */

/* A discovered file's identity (known: it could be stat'ed), to list each file once. */
struct discover_id {
	bool known;
	dev_t dev;
	ino_t ino;
};

struct discover_state {
	const struct vakt_scan_opts *o;
	struct vakt_scan_inputs *out;
	struct discover_id *ids; /* parallel to out->v */
	size_t cap_ids;
	struct vakt_error_list *errs;
};

/* Add an input; sb identifies the file (NULL when it could not be stat'ed, or for stdin). */
static void discover_add(struct discover_state *ds, const char *path, bool named,
                         const struct vakt_domain *d, const struct stat *sb)
{
	struct vakt_scan_inputs *out = ds->out;

	out->v = vakt_grow(out->v, sizeof(*out->v), out->n + 1, &out->cap);
	ds->ids = vakt_grow(ds->ids, sizeof(*ds->ids), out->n + 1, &ds->cap_ids);
	out->v[out->n] =
	    (struct vakt_scan_input){.path = vakt_xstrdup(path), .named = named, .domain = d};
	ds->ids[out->n] = (struct discover_id){.known = sb != NULL};
	if (sb) {
		ds->ids[out->n].dev = sb->st_dev;
		ds->ids[out->n].ino = sb->st_ino;
	}
	out->n++;
}

/* Inputs by file identity, then by discovery order. */
static int discover_id_cmp(const void *pa, const void *pb, void *data)
{
	const struct discover_id *v = data;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	if (v[a].dev != v[b].dev)
		return v[a].dev < v[b].dev ? -1 : 1;
	if (v[a].ino != v[b].ino)
		return v[a].ino < v[b].ino ? -1 : 1;
	return a < b ? -1 : a > b;
}

/*
 * Each file is listed once, under the name discovery met first: the same
 * path given twice, a directory and a file inside it, "-" twice, or two
 * links to one file. n log n in the number of files.
 */
static void discover_dedup(struct discover_state *ds)
{
	struct vakt_scan_inputs *in = ds->out;
	size_t *order, n = 0, kept = 0;
	bool stdin_seen = false;
	bool *drop;

	if (in->n < 2)
		return;
	order = vakt_xcalloc(in->n, sizeof(*order));
	drop = vakt_xcalloc(in->n, sizeof(*drop));
	for (size_t i = 0; i < in->n; i++) {
		if (ds->ids[i].known)
			order[n++] = i;
		else if (!strcmp(in->v[i].path, "-"))
			drop[i] = stdin_seen, stdin_seen = true;
	}
	qsort_r(order, n, sizeof(*order), discover_id_cmp, ds->ids);
	for (size_t k = 1; k < n; k++) {
		const struct discover_id *a = &ds->ids[order[k - 1]], *b = &ds->ids[order[k]];

		if (a->dev == b->dev && a->ino == b->ino)
			drop[order[k]] = true;
	}
	for (size_t i = 0; i < in->n; i++) {
		if (drop[i])
			free(in->v[i].path);
		else
			in->v[kept++] = in->v[i];
	}
	in->n = kept;
	free(order);
	free(drop);
}

/* The walk keeps only the files some domain would read, to stay small on big trees. */
static int discover_on_file(const char *path, int dfd, const char *name, void *data)
{
	struct discover_state *ds = data;
	const struct vakt_domain *d = domain_by_name(path);
	struct stat sb;

	if (ds->o->detect_content || d)
		discover_add(ds, path, false, d, fstatat(dfd, name, &sb, 0) == 0 ? &sb : NULL);
	return 0;
}

static void discover_on_error(struct vakt_error *err, void *data)
{
	struct discover_state *ds = data;

	vakt_error_list_add(ds->errs, err);
}

/*
 * The skip policy: whether discovery passes over path. Version-control and
 * dependency directories (.git, node_modules, vendor: other people's code,
 * or none at all), and what the configuration's `exclude` globs name.
 */
static bool scan_skips(const struct vakt_scan_opts *o, const char *path, bool is_dir)
{
	const char *base = base_name(path);

	if (is_dir &&
	    (!strcmp(base, ".git") || !strcmp(base, "node_modules") || !strcmp(base, "vendor")))
		return true;
	return vakt_config_excludes(o->config, path);
}

static bool discover_skip(const char *path, bool is_dir, void *data)
{
	struct discover_state *ds = data;

	return scan_skips(ds->o, path, is_dir);
}

void vakt_scan_discover(const char *const *paths, size_t n, const struct vakt_scan_opts *o,
                        struct vakt_scan_inputs *out, struct vakt_error_list *errs)
{
	struct discover_state ds = {.o = o, .out = out, .errs = errs};
	struct vakt_walk w = {discover_on_file,
	                      discover_on_error,
	                      discover_skip,
	                      &ds,
	                      (int)o->limits.v[VAKT_LIMIT_WALK_DEPTH],
	                      vakt_limit_hint(VAKT_LIMIT_WALK_DEPTH)};

	for (size_t i = 0; i < n; i++) {
		struct stat sb;

		if (!strcmp(paths[i], "-")) {
			discover_add(&ds, "-", true, NULL, NULL);
			continue;
		}
		if (stat(paths[i], &sb) < 0) {
			struct vakt_error *err = NULL;
			int r = -errno;

			vakt_error_set_at(&err, r, paths[i], 0, 0, "cannot open: %s",
			                  r == -ELOOP
			                      ? "too many levels of symbolic links (a loop?)"
			                      : strerror(-r));
			vakt_error_list_add(errs, err);
			continue;
		}
		if (S_ISDIR(sb.st_mode))
			vakt_walk_dir(paths[i], &w);
		else
			discover_add(&ds, paths[i], true, domain_by_name(paths[i]), &sb);
	}
	discover_dedup(&ds);
	free(ds.ids);
}

void vakt_scan_inputs_release(struct vakt_scan_inputs *in)
{
	for (size_t i = 0; i < in->n; i++)
		free(in->v[i].path);
	free(in->v);
	memset(in, 0, sizeof(*in));
}

/* Whether a walk from directory root would reach display path p and read it. */
static bool scan_walk_reads(const struct vakt_scan_opts *o, const char *root, char *p)
{
	size_t root_len = strlen(root);

	while (root_len > 1 && root[root_len - 1] == '/')
		root_len--;
	if (root_len == 1 && root[0] == '.')
		root_len = 0; /* the walk of "." shows "x", not "./x" */
	/* Every directory below root on the way, then the file itself. */
	for (char *s = p; (s = strchr(s, '/')); s++) {
		bool skipped;

		if ((size_t)(s - p) <= root_len)
			continue;
		*s = '\0';
		skipped = scan_skips(o, p, true);
		*s = '/';
		if (skipped)
			return false;
	}
	return !scan_skips(o, p, false) && (o->detect_content || domain_by_name(p));
}

bool vakt_scan_would_read(const char *const *paths, size_t n, const struct vakt_scan_opts *o,
                          const char *file, const char **via)
{
	struct stat fsb, sb;
	bool exists = stat(file, &fsb) == 0;

	if (exists && !S_ISREG(fsb.st_mode))
		return false; /* devices and pipes are never inputs */
	for (size_t i = 0; i < n; i++) {
		char *shown;
		bool reads;

		if (!strcmp(paths[i], "-") || stat(paths[i], &sb) < 0)
			continue;
		if (!S_ISDIR(sb.st_mode)) {
			if (exists && sb.st_dev == fsb.st_dev && sb.st_ino == fsb.st_ino) {
				*via = paths[i];
				return true;
			}
			continue;
		}
		shown = vakt_walk_display_path(paths[i], file);
		reads = shown && scan_walk_reads(o, paths[i], shown);
		free(shown);
		if (reads) {
			*via = paths[i];
			return true;
		}
	}
	return false;
}

/* --- scanning the inputs ----------------------------------------------------- */

struct scan_state {
	const struct vakt_scan_opts *o;
	struct vakt_scan_result *res;                 /* the workers' results end here */
	void *domain_state[VAKT_ARRAY_SIZE(domains)]; /* begin()'s results */
	struct vakt_scan_inputs in;                   /* what discovery found */
};

static size_t domain_index(const struct vakt_domain *d)
{
	size_t i = 0;

	while (i < VAKT_ARRAY_SIZE(domains) && domains[i] != d)
		i++;
	return i;
}

/*
 * Scan one input into res. Named inputs were given on the command line:
 * their domain is sniffed from the content when the name says nothing, and
 * an unrecognised one is an error rather than silently passed over.
 */
static void scan_file(struct scan_state *st, const struct vakt_scan_input *in,
                      struct vakt_scan_result *res)
{
	const struct vakt_scan_opts *o = st->o;
	const char *path = in->path;
	bool named = in->named;
	const struct vakt_domain *d = in->domain;
	struct vakt_source *src = NULL;
	struct vakt_error *err = NULL;

	if (!d && !named && !o->detect_content)
		return;
	if (vakt_source_read(path, o->limits.v[VAKT_LIMIT_FILE_SIZE], &src, &err) < 0) {
		if (err->code == -EFBIG)
			vakt_error_suffix(err, "; %s", vakt_limit_hint(VAKT_LIMIT_FILE_SIZE));
		vakt_error_list_add(&res->errors, err);
		return;
	}
	if (!d)
		d = domain_by_content(src);
	if (!d && !strcmp(path, "-"))
		d = domains[0]; /* stdin with no recognisable content: a Dockerfile, as in hadolint
		                 */
	if (!d) {
		if (named) {
			vakt_error_set_at(&err, -EINVAL, src->path, 0, 0,
			                  "not a recognised input (expected a %s)",
			                  VAKT_SCAN_INPUTS);
			vakt_error_list_add(&res->errors, err);
		}
		vakt_source_free(src);
		return;
	}
	if (vakt_source_check_text(src, o->limits.v[VAKT_LIMIT_LINE_LENGTH], &err) < 0) {
		if (err->code == -EFBIG)
			vakt_error_suffix(err, "; %s", vakt_limit_hint(VAKT_LIMIT_LINE_LENGTH));
		vakt_error_list_add(&res->errors, err);
		res->files_scanned++;
		vakt_strv_push(&res->files, src->path);
		vakt_source_free(src);
		return;
	}
	scan_one(d, st->domain_state[domain_index(d)], src, o, res);
}

/* Workers take jobs in order from a shared counter; each fills its own result. */
struct scan_worker {
	pthread_t thread;
	struct scan_state *st;
	atomic_size_t *next;
	struct vakt_scan_result res;
};

static void *scan_worker_run(void *data)
{
	struct scan_worker *w = data;
	size_t i;

	while ((i = atomic_fetch_add(w->next, 1)) < w->st->in.n)
		scan_file(w->st, &w->st->in.v[i], &w->res);
	/* The trees kept for end() stay; the room left after them need not. */
	vakt_yaml_slab_release();
	return NULL;
}

static size_t scan_thread_count(size_t jobs)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cpus > 0 ? (size_t)cpus : 1;

	if (n > VAKT_SCAN_MAX_THREADS)
		n = VAKT_SCAN_MAX_THREADS;
	/* Threads pay off only when there is enough to share. */
	if (jobs < 64)
		n = 1;
	return n;
}

static void scan_jobs(struct scan_state *st)
{
	size_t n = scan_thread_count(st->in.n);
	struct scan_worker *w = vakt_xcalloc(n, sizeof(*w));
	atomic_size_t next = 0;
	size_t started = 0;

	for (size_t t = 0; t < n; t++) {
		w[t].st = st;
		w[t].next = &next;
	}
	/* Thread 0 is this one; a thread that cannot start leaves its share to the others. */
	for (size_t t = 1; t < n; t++)
		if (pthread_create(&w[t].thread, NULL, scan_worker_run, &w[t]) == 0)
			started |= (size_t)1 << t;
	scan_worker_run(&w[0]);
	for (size_t t = 0; t < n; t++) {
		if (t && (started & ((size_t)1 << t)))
			pthread_join(w[t].thread, NULL);
		vakt_findings_take(&st->res->findings, &w[t].res.findings);
		for (size_t k = 0; k < w[t].res.errors.n; k++)
			vakt_error_list_add(&st->res->errors, w[t].res.errors.v[k]);
		w[t].res.errors.n = 0;
		for (size_t k = 0; k < w[t].res.warnings.n; k++)
			vakt_error_list_add(&st->res->warnings, w[t].res.warnings.v[k]);
		w[t].res.warnings.n = 0;
		st->res->files_scanned += w[t].res.files_scanned;
		for (size_t k = 0; k < w[t].res.files.n; k++)
			vakt_strv_push_take(&st->res->files, w[t].res.files.v[k]);
		w[t].res.files.n = 0;
		st->res->suppressed += w[t].res.suppressed;
		st->res->hidden += w[t].res.hidden;
		for (size_t k = 0; w[t].res.ignore_used && k < st->o->config->n_ignores; k++)
			if (w[t].res.ignore_used[k])
				scan_note_ignore(st->res, st->o, &st->o->config->ignores[k]);
		vakt_scan_result_release(&w[t].res);
	}
	free(w);
}

/*
 * The per-file pass's findings are final before the domains' end() run;
 * end() leaves a core idle at times (Kubernetes sorts and indexes its
 * objects on one thread before it splits the object rules over two), so
 * they are sorted on a thread of their own meanwhile, and end()'s findings
 * are merged in after: what the scan sorts on its last thread shrinks to
 * end()'s findings and the merge. Below this many findings, not worth a
 * thread.
 */
#define SCAN_SORT_THREADED_MIN 4096

struct scan_sorter {
	pthread_t thread;
	struct vakt_findings findings; /* the per-file pass's, moved out of the result */
	bool started;
};

static void *scan_sorter_run(void *data)
{
	/*
	 * Without malloc: a malloc arena held by this thread would make end()'s
	 * helper threads (kube_check_split()) start in a new one when they come
	 * before the sort ends, rather than in the memory the scan's workers
	 * left (1.5 MB more at the manifest corpus' peak, one run in ten).
	 */
	vakt_findings_sort_unalloc(data);
	return NULL;
}

/* Start sorting res's findings on a thread, if it pays; they leave res until scan_sorter_join(). */
static void scan_sorter_start(struct scan_sorter *s, struct vakt_scan_result *res)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	memset(s, 0, sizeof(*s));
	if (cpus < 2 || res->findings.n < SCAN_SORT_THREADED_MIN)
		return;
	s->findings = res->findings;
	memset(&res->findings, 0, sizeof(res->findings));
	s->started = pthread_create(&s->thread, NULL, scan_sorter_run, &s->findings) == 0;
	if (!s->started) {
		res->findings = s->findings;
		memset(&s->findings, 0, sizeof(s->findings));
	}
}

/* Sort all of res's findings: those the sorter sorted, with the ones added since merged in. */
static void scan_sorter_join(struct scan_sorter *s, struct vakt_scan_result *res)
{
	size_t sorted;

	if (!s->started) {
		vakt_findings_sort(&res->findings);
		return;
	}
	pthread_join(s->thread, NULL);
	sorted = s->findings.n;
	vakt_findings_take(&s->findings, &res->findings);
	vakt_findings_release(&res->findings);
	res->findings = s->findings;
	vakt_findings_sort_merge(&res->findings, sorted);
}

static int str_cmp(const void *pa, const void *pb)
{
	return strcmp(*(char *const *)pa, *(char *const *)pb);
}

static int error_cmp(const void *pa, const void *pb)
{
	const struct vakt_error *a = *(struct vakt_error *const *)pa;
	const struct vakt_error *b = *(struct vakt_error *const *)pb;
	int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return strcmp(a->msg, b->msg);
}

/*
 * Whether the scan walked the whole tree the configuration governs (its
 * directory is one of the paths, or below one): only then does an ignore
 * that matched nothing mean it is stale, rather than about files not asked for.
 */
static bool scan_covers_config(const char *const *paths, size_t n, const struct vakt_scan_opts *o)
{
	struct stat sb;

	for (size_t i = 0; o->config->origin && i < n; i++) {
		char *shown;

		if (strcmp(paths[i], "-") && stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode) &&
		    (shown = vakt_walk_display_path(paths[i], o->config->origin))) {
			free(shown);
			return true;
		}
	}
	return false;
}

int vakt_scan_paths(const char *const *paths, size_t n, const struct vakt_scan_opts *o,
                    struct vakt_scan_result *res)
{
	struct scan_state st = {.o = o, .res = res};
	struct scan_sorter sorter;
	double t0 = vakt_now();

	vakt_scan_discover(paths, n, o, &st.in, &res->errors);
	if (!st.in.n && !res->errors.n) {
		struct vakt_error *err = NULL;

		/* "no findings" would read as a clean result for a tree with nothing to read. */
		vakt_error_set_at(&err, -ENOENT, n == 1 ? paths[0] : NULL, 0, 0,
		                  "nothing to scan: found no %s%s", VAKT_SCAN_INPUTS,
		                  o->config->origin ? " (or all were excluded by the configuration)"
		                                    : "");
		vakt_error_list_add(&res->errors, err);
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(domains); i++)
		if (domains[i]->begin)
			st.domain_state[i] = domains[i]->begin(o);
	scan_jobs(&st);
	/*
	 * Every input is read (the sources name their files), and the per-file
	 * pass's findings are final: the list of inputs and the index that
	 * shared the findings' strings go, and end() has their memory.
	 */
	vakt_scan_inputs_release(&st.in);
	vakt_findings_seal(&res->findings);
	scan_sorter_start(&sorter, res);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(domains); i++)
		scan_end(domains[i], st.domain_state[i], o, res);
	/* The files' warnings in file order (threads finish in any order), then the config's. */
	if (res->warnings.n > 1)
		qsort(res->warnings.v, res->warnings.n, sizeof(*res->warnings.v), error_cmp);
	vakt_scan_warn_ignores(res, o, scan_covers_config(paths, n, o), "image");
	scan_sorter_join(&sorter, res);
	if (res->files.n > 1)
		qsort(res->files.v, res->files.n, sizeof(*res->files.v), str_cmp);
	if (res->errors.n > 1)
		qsort(res->errors.v, res->errors.n, sizeof(*res->errors.v), error_cmp);
	res->elapsed = vakt_now() - t0;
	return 0;
}

void vakt_scan_warn_ignores(struct vakt_scan_result *res, const struct vakt_scan_opts *o,
                            bool stale, const char *skip_domain)
{
	const struct vakt_config *c = o->config;
	const char *origin = c->origin ? c->origin : VAKT_CONFIG_NAME;

	for (size_t i = 0; i < c->n_ignores; i++) {
		const struct vakt_config_ignore *e = &c->ignores[i];
		const struct vakt_rule *r = vakt_registry_find(e->rule);
		struct vakt_error *w = NULL;

		if (e->expired)
			vakt_error_set_at(&w, -ETIME, origin, e->line, 0,
			                  "the ignore of %s expired on %s%s%s%s: its findings are "
			                  "reported again",
			                  e->rule, e->expires, e->reason ? " (" : "",
			                  e->reason ? e->reason : "", e->reason ? ")" : "");
		else if (stale && !(res->ignore_used && res->ignore_used[i]) &&
		         !(skip_domain && (r ? !strcmp(r->domain, skip_domain) : e->id)))
			vakt_error_set_at(
			    &w, -ENOENT, origin, e->line, 0,
			    "the ignore of %s matched no finding in this scan: if the "
			    "fault is fixed, remove the entry",
			    e->rule);
		vakt_error_list_add(&res->warnings, w);
	}
}

void vakt_scan_result_release(struct vakt_scan_result *res)
{
	vakt_findings_release(&res->findings);
	vakt_error_list_release(&res->errors);
	vakt_error_list_release(&res->warnings);
	free(res->ignore_used);
	vakt_strv_release(&res->files);
	memset(res, 0, sizeof(*res));
}
