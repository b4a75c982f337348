/* SPDX-License-Identifier: MIT */
/*
 * The Kubernetes domain: recognise manifests, load them into objects, run
 * the VAKT_SCOPE_UNIT rules on each file's objects as it is scanned, and the
 * VAKT_SCOPE_SET rules once over every object of the scan (end()). Object
 * rules that read other objects (VAKT_SCOPE_DEFERRED: a pod's
 * ServiceAccount, the LimitRange of its namespace) run in end() too, per
 * object, so that they see every file; the rest stay on the scanning threads.
 *
 * Files are scanned on several threads: each loads into a set of its own
 * and runs its object rules without a lock, then moves its objects into
 * the scan's set under the lock. end() runs after every scan(), its object
 * rules and KN003's reload on two threads (kube_check_split()).
 */
#include <pthread.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "core/check.h"
#include "core/scan.h"
#include "kube-check.h"
#include "kube-load.h"
#include "kube-netpol.h"
#include "kube-pss.h"
#include "kube-fix.h"
#include "kube-rules.h"

/* How much of a file match_content() looks at for `apiVersion:` and `kind:`. */
#define KUBE_SNIFF_BYTES 4096
/* Fewer objects than this in a scan: end() gives no memory back (malloc_trim). */
#define KUBE_TRIM_MIN_OBJECTS 64

struct kube_state {
	pthread_mutex_t lock;
	struct kube_set set;         /* every object of the scan so far */
	struct kube_pss_policy pss;  /* --pss, parsed once for every object's PS rules */
	bool has_pss;                /* --pss was given (and is valid) */
	struct kube_pragmas pragmas; /* the files' pragmas, from end() on */
};

/* Files with these names are YAML or JSON but never manifests. */
static const char *const not_manifests[] = {
    ".vakt.yaml",
    ".vakt.yml",
    "package.json",
    "package-lock.json",
    "composer.json",
    "bower.json",
    "tsconfig.json",
    "jsconfig.json",
    "tslint.json",
    "deno.json",
    "renovate.json",
    "devcontainer.json",
    ".devcontainer.json",
    "pnpm-lock.yaml",
    ".pre-commit-config.yaml",
    ".pre-commit-hooks.yaml",
    "Chart.yaml",
    "Chart.lock",
    "requirements.yaml",
    "mkdocs.yml",
    "mkdocs.yaml",
    "codecov.yml",
    ".codecov.yml",
    ".travis.yml",
    "appveyor.yml",
    ".golangci.yml",
    ".golangci.yaml",
    ".yamllint",
    ".yamllint.yaml",
    ".yamllint.yml",
    ".readthedocs.yaml",
    ".readthedocs.yml",
    ".yarnrc.yml",
    ".clang-format",
    ".clang-tidy",
    "pubspec.yaml",
    "environment.yml",
    "dependabot.yml",
    "conda.yaml",
};

/* *.yaml, *.yml and *.json, except well-known files that are not manifests. */
static bool kube_match_name(const char *path, const char *base)
{
	(void)path;
	if (!vakt_ends_with(base, ".yaml") && !vakt_ends_with(base, ".yml") &&
	    !vakt_ends_with(base, ".json"))
		return false;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(not_manifests); i++)
		if (!strcmp(base, not_manifests[i]))
			return false;
	/* Helm values files configure templates; they are not manifests. */
	if (vakt_starts_with(base, "values") && !vakt_ends_with(base, ".json"))
		return false;
	/* Editor and linter settings (.eslintrc.json, .prettierrc.yaml, ...). */
	if (vakt_starts_with(base, ".eslintrc") || vakt_starts_with(base, ".prettierrc") ||
	    vakt_starts_with(base, ".stylelintrc") || vakt_starts_with(base, ".markdownlint") ||
	    vakt_starts_with(base, ".babelrc") || vakt_starts_with(base, "tsconfig."))
		return false;
	return true;
}

static bool kube_match_content(const char *data, size_t len)
{
	return kube_looks_like_manifest(data, len < KUBE_SNIFF_BYTES ? len : KUBE_SNIFF_BYTES);
}

/*
 * The scan's state. --pss is parsed here, once, rather than by each of the
 * PS rules for every object; the CLI has refused a bad value already (with
 * kube_pss_parse()'s message), so one that does not parse runs no PS rule.
 */
static void *kube_begin(const struct vakt_scan_opts *o)
{
	struct kube_state *st = vakt_xcalloc(1, sizeof(*st));

	if (pthread_mutex_init(&st->lock, NULL))
		abort();
	st->has_pss = o->pss && kube_pss_parse(o->pss, &st->pss, NULL) == 0;
	return st;
}

/* The parsed --pss of the scan, for the check model; NULL when not asked. */
static const struct kube_pss_policy *kube_state_pss(const struct kube_state *st)
{
	return st && st->has_pss ? &st->pss : NULL;
}

/* The object rules of a file's objects [first, first + n), as each document is loaded. */
struct object_rules {
	struct kube_check_model model;
	struct vakt_check_ctx ctx;
};

static void run_object_rules(struct kube_set *set, size_t first, size_t n, void *data)
{
	struct object_rules *r = data;

	r->model.set = set;
	for (size_t i = first; i < first + n; i++) {
		r->model.obj = &set->objs[i];
		r->ctx.src = set->objs[i].src;
		vakt_rules_run(&r->ctx, &kube_domain, VAKT_SCOPE_UNIT);
	}
}

static void kube_scan(struct vakt_source *src, const struct vakt_scan_opts *o, void *state,
                      struct vakt_findings *out, struct vakt_suppressions *sup,
                      struct vakt_error_list *errs)
{
	struct kube_state *st = state;
	struct kube_set file = {0};
	struct object_rules r = {.model = {.set = &file, .pss = kube_state_pss(st)}};

	r.ctx.model = &r.model;
	r.ctx.opts = o;
	r.ctx.out = out;
	/* The rules run on each document's whole tree; the set keeps what end() reads. */
	kube_set_load_each(&file, src, errs, run_object_rules, &r);
	/* The file's comment pragmas, collected once it was read; the set keeps its own. */
	if (file.n)
		vakt_suppressions_append(sup, file.objs[0].pragmas);
	if (st) {
		pthread_mutex_lock(&st->lock);
		kube_set_take(&st->set, &file, errs);
		pthread_mutex_unlock(&st->lock);
	}
	kube_set_release(&file);
}

/* Objects in file order, then document order: set rules see the same set every run. */
static int object_cmp(const void *pa, const void *pb)
{
	const struct kube_object *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);

	if (c)
		return c;
	if (a->node->line != b->node->line)
		return a->node->line < b->node->line ? -1 : 1;
	if (a->node->col != b->node->col)
		return a->node->col < b->node->col ? -1 : 1;
	return 0;
}

/* The object rules of end() on objects [lo, hi) of the set (kube_check_split()). */
static void run_deferred(struct vakt_check_ctx *ctx, size_t lo, size_t hi, void *data)
{
	struct kube_check_model model = *(const struct kube_check_model *)data;
	struct vakt_check_ctx c = *ctx;

	c.model = &model;
	for (size_t i = lo; i < hi; i++) {
		model.obj = &model.set->objs[i];
		c.src = model.obj->src;
		vakt_rules_run(&c, &kube_domain, VAKT_SCOPE_DEFERRED);
	}
}

static void kube_end(void *state, const struct vakt_scan_opts *o, struct vakt_findings *out,
                     struct vakt_error_list *errs)
{
	struct kube_state *st = state;
	struct kube_check_model model = {NULL, NULL, NULL, NULL, kube_state_pss(state)};
	struct kube_index index;
	struct kube_netpol_model netpol;
	struct vakt_check_ctx ctx = {0};

	(void)errs;
	if (!st)
		return;
	if (st->set.n > 1)
		qsort(st->set.objs, st->set.n, sizeof(*st->set.objs), object_cmp);
	model.set = &st->set;
	ctx.model = &model;
	ctx.opts = o;
	ctx.out = out;
	/*
	 * The network rules first, all reading one NetworkPolicy model built
	 * for them: before the object rules' findings and KN003's reload hold
	 * memory, the model's is let go of again (the findings are sorted after
	 * end(), so the order the tables run in shows in no report).
	 */
	kube_netpol_model_build(&netpol, &st->set);
	model.netpol = &netpol;
	vakt_rules_run_table(&ctx, kube_rules_network, VAKT_SCOPE_SET);
	model.netpol = NULL;
	kube_netpol_model_release(&netpol);
#ifdef __GLIBC__
	/*
	 * The model is freed in pieces that what comes next (two threads'
	 * findings, a copy of each file KN003 reads) mostly does not fit: its
	 * pages go back rather than stay resident beside them (1.7 MB of the
	 * manifest corpus' peak). A small scan has little to give back, and
	 * the trim's madvise() calls cost more than they save (vakt serve
	 * scans one object per request).
	 */
	if (st->set.n >= KUBE_TRIM_MIN_OBJECTS)
		malloc_trim(0);
#endif
	kube_index_build(&index, &st->set);
	model.index = &index;
	/* Half the objects each on two threads: the scan's others are idle now. */
	kube_check_split(&ctx, st->set.n, st->set.n / 2, run_deferred, &model);
	/* Only the object rules look other objects up (the set rules walk the set). */
	kube_index_release(&index);
	model.index = NULL;
	for (const struct vakt_rule *const *t = kube_domain.tables; *t; t++)
		if (*t != kube_rules_network)
			vakt_rules_run_table(&ctx, *t, VAKT_SCOPE_SET);
	/* Of the set, the scan still needs the pragmas, for these findings. */
	kube_set_take_pragmas(&st->set, &st->pragmas);
	kube_set_release(&st->set);
}

/* The pragmas of f's file, which kube_end() kept when it let the set go. */
static const struct vakt_suppressions *kube_pragmas(void *state, const struct vakt_finding *f)
{
	const struct kube_state *st = state;

	return st ? kube_pragmas_of(&st->pragmas, f->loc.file) : NULL;
}

static void kube_release(void *state)
{
	struct kube_state *st = state;

	if (!st)
		return;
	kube_pragmas_release(&st->pragmas);
	pthread_mutex_destroy(&st->lock);
	free(st);
}

static const struct vakt_rule *const kube_tables[] = {
    kube_rules_hardened, kube_rules_pss, kube_rules_ns_pss, kube_rules_network, NULL,
};

const struct vakt_domain kube_domain = {
    .name = "kubernetes",
    .tables = kube_tables,
    .match_name = kube_match_name,
    .match_content = kube_match_content,
    .begin = kube_begin,
    .end = kube_end,
    .pragmas = kube_pragmas,
    .release = kube_release,
    .keeps_source = true,
    .scan = kube_scan,
    .values = kube_values,
    .amend = kube_amend,
    .fix = kube_fix,
};
