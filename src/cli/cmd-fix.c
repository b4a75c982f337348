/* SPDX-License-Identifier: MIT */
/*
 * vakt fix: scan like vakt scan (same discovery, configuration and
 * suppressions), ask each unsuppressed finding's rule for its fix, and print
 * the unified diff (the default: nothing changes) or write the files in
 * place. docs/fix.md.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/fix.h"
#include "core/report.h"
#include "core/scan.h"
#include "kube/kube-model.h"

enum {
	OPT_RULE = 256,
	OPT_DIFF,
	OPT_IN_PLACE,
	OPT_BACKUP,
	OPT_CHECK,
	OPT_BUILD_ARG,
	OPT_DETECT_CONTENT,
	OPT_NO_INLINE_IGNORES,
	OPT_UNSAFE,
	OPT_PSS,
};

const struct cli_option cmd_fix_options[] = {
    {"rule", 'r', "ID", "fix only the findings of this rule (id, slug or peer id; repeatable)",
     OPT_RULE},
    {"severity", 's', "LIST", "fix only findings of these severities, comma-separated",
     CLI_OPT_SEVERITY},
    {"diff", 0, NULL, "print the changes as a unified diff and change nothing (the default)",
     OPT_DIFF},
    {"dry-run", 'n', NULL, "the same as --diff", OPT_DIFF},
    {"in-place", 'i', NULL, "write the fixed files in place (atomically; mode and owner kept)",
     OPT_IN_PLACE},
    {"backup", 0, "SUFFIX", "with --in-place, keep the old content in FILE+SUFFIX", OPT_BACKUP},
    {"check", 0, NULL, "exit 1 when something would change (for CI); writes nothing", OPT_CHECK},
    {"unsafe", 0, NULL, "also make fixes that can break the workload (privileged: true removed)",
     OPT_UNSAFE},
    {"config", 'c', "FILE", "configuration file (default: .vakt.yaml found upward)",
     CLI_OPT_CONFIG},
    {"no-config", 0, NULL, "use no configuration file", CLI_OPT_NO_CONFIG},
    {"no-inline-ignores", 0, NULL, "fix findings that inline comments suppress, too",
     OPT_NO_INLINE_IGNORES},
    {"detect-content", 0, NULL, "also recognise inputs by content, not only by file name",
     OPT_DETECT_CONTENT},
    {"build-arg", 0, "NAME=VALUE", "value of a build argument, as docker build --build-arg",
     OPT_BUILD_ARG},
    {"pss", 0, "LEVEL[:VERSION]",
     "also fix what the Pod Security Standards level asks (as vakt scan --pss)", OPT_PSS},
    {"limit", 0, "NAME=VALUE", "raise or lower a limit (docs/configuration.md)", CLI_OPT_LIMIT},
    {NULL, 0, NULL, NULL, 0},
};

struct fix_args {
	struct cli_gate gate;
	struct vakt_strv rules;
	bool in_place, diff, check, detect_content, inline_ignores, unsafe;
	const char *backup, *pss;
	struct vakt_strv build_args;
};

static int fix_on_opt(int id, const char *arg, void *data)
{
	struct fix_args *a = data;
	int r = cli_gate_on_opt(&a->gate, id, arg);

	if (r != 1)
		return r;
	switch (id) {
	case OPT_RULE:
		if (!vakt_registry_find(arg)) {
			cli_error("unknown rule '%s' (vakt rules --fixable lists the fixable ones)",
			          arg);
			return CLI_EXIT_USAGE;
		}
		vakt_strv_push(&a->rules, arg);
		break;
	case OPT_DIFF:
		a->diff = true;
		break;
	case OPT_IN_PLACE:
		a->in_place = true;
		break;
	case OPT_BACKUP:
		if (!*arg || strchr(arg, '/')) {
			cli_error("invalid --backup '%s' (expected a suffix such as .orig)", arg);
			return CLI_EXIT_USAGE;
		}
		a->backup = arg;
		break;
	case OPT_CHECK:
		a->check = true;
		break;
	case OPT_UNSAFE:
		a->unsafe = true;
		break;
	case OPT_PSS:
		if (cli_pss_check(arg) < 0)
			return CLI_EXIT_USAGE;
		a->pss = arg;
		break;
	case OPT_NO_INLINE_IGNORES:
		a->inline_ignores = false;
		break;
	case OPT_DETECT_CONTENT:
		a->detect_content = true;
		break;
	case OPT_BUILD_ARG:
		if (!strchr(arg, '=') || arg[0] == '=') {
			cli_error("invalid --build-arg '%s' (expected NAME=VALUE)", arg);
			return CLI_EXIT_USAGE;
		}
		vakt_strv_push(&a->build_args, arg);
		break;
	}
	return 0;
}

static void print_error(const struct vakt_error *err)
{
	char *msg = vakt_error_format(err);

	cli_error("%s", msg);
	free(msg);
}

/* What the run did, for the summary and the exit code. */
struct fix_totals {
	size_t files_changed, edits, not_applied, skipped, errors;
	size_t no_fixer;  /* files of domains without a fixer, left alone */
	size_t templates; /* Helm/Go templates, left alone */
	struct vakt_strv no_fixer_domains;
};

static bool wanted(const struct fix_args *a, const struct vakt_finding *f)
{
	if (f->suppressed || !f->rule || !f->rule->fix)
		return false;
	if (!a->rules.n)
		return true;
	for (size_t i = 0; i < a->rules.n; i++)
		if (vakt_rule_matches(f->rule, a->rules.v[i]))
			return true;
	return false;
}

/* The 1-based line of byte off of data, counted on from (*at, *line): offsets only grow. */
static size_t line_of(const char *data, size_t off, size_t *at, size_t *line)
{
	for (; *at < off; (*at)++)
		*line += data[*at] == '\n';
	return *line;
}

static void print_edits(const char *path, const struct vakt_fix_plan *e, struct fix_totals *t)
{
	size_t at = 0, ln = 1; /* the edits are sorted by offset once resolved */

	for (size_t i = 0; i < e->n; i++) {
		const struct vakt_fix_step *ed = &e->v[i];
		const char *id = ed->rule ? ed->rule->id : "?";
		char *line;

		if (ed->state == VAKT_EDIT_DUPLICATE)
			continue;
		if (ed->state == VAKT_EDIT_APPLIED) {
			line = vakt_xasprintf("%s:%zu: %s: %s", path,
			                      line_of(e->data, ed->off, &at, &ln), id,
			                      ed->note ? ed->note : "fixed");
			t->edits++;
		} else if (ed->state == VAKT_EDIT_INVALID) {
			/* A fixer's bug, said rather than hidden: no line to name. */
			line = vakt_xasprintf("%s: %s: not applied: the edit is outside the text "
			                      "or beyond vakt fix's ceilings",
			                      path, id);
			t->not_applied++;
		} else {
			line = vakt_xasprintf("%s:%zu: %s: not applied: it overlaps an earlier fix",
			                      path, line_of(e->data, ed->off, &at, &ln), id);
			t->not_applied++;
		}
		vakt_fputs_safe(stderr, line, 0);
		fputc('\n', stderr);
		free(line);
	}
}

/* Write raw bytes to stdout; through the terminal filter when stdout is one. */
static void put_stdout(const char *s, size_t n)
{
	if (isatty(STDOUT_FILENO)) {
		char *c = vakt_xstrndup(s, n);

		vakt_fputs_safe(stdout, c, VAKT_SAFE_KEEP_NEWLINES);
		free(c);
	} else
		fwrite(s, 1, n, stdout);
}

/* The domain a discovered input belongs to (by name, or by content when named). */
static const struct vakt_domain *domain_of(const struct vakt_scan_input *in,
                                           const struct vakt_source *src,
                                           const struct vakt_scan_opts *o)
{
	size_t n;
	const struct vakt_domain *const *ds;

	if (in->domain)
		return in->domain;
	if (!in->named && !o->detect_content)
		return NULL;
	ds = vakt_domains(&n);
	for (size_t i = 0; i < n; i++)
		if (ds[i]->match_content && ds[i]->match_content(src->data, src->len))
			return ds[i];
	return NULL;
}

/*
 * The findings of one scan grouped by file: one scan of every input, so
 * that what needs several files (a namespace's policies in another file)
 * is judged as vakt scan judges it.
 */
struct by_file {
	const struct vakt_finding **v; /* sorted by file, then scan order */
	size_t n;
};

static int by_file_cmp(const void *a, const void *b)
{
	const struct vakt_finding *x = *(const struct vakt_finding *const *)a;
	const struct vakt_finding *y = *(const struct vakt_finding *const *)b;
	int c = strcmp(x->loc.file ? x->loc.file : "", y->loc.file ? y->loc.file : "");

	return c ? c : (x < y ? -1 : x > y);
}

/* The findings of path: [*first, *first + return). */
static size_t by_file_find(const struct by_file *bf, const char *path, size_t *first)
{
	size_t lo = 0, hi = bf->n, n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *f = bf->v[mid]->loc.file ? bf->v[mid]->loc.file : "";

		if (strcmp(f, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo + n < bf->n && bf->v[lo + n]->loc.file && !strcmp(bf->v[lo + n]->loc.file, path))
		n++;
	return n;
}

static bool has_error(const struct vakt_error_list *errs, const char *path)
{
	for (size_t i = 0; i < errs->n; i++)
		if (errs->v[i]->file && !strcmp(errs->v[i]->file, path))
			return true;
	return false;
}

/*
 * The scan's errors, except templates: a Helm chart's templates are left
 * alone with a note, not an error (vakt fix edits YAML, not the template
 * language that writes it).
 */
static void print_scan_errors(const struct vakt_error_list *errs, struct fix_totals *t)
{
	/* The others, borrowed: printed as vakt scan prints them. */
	struct vakt_error_list real = {.v = vakt_xcalloc(errs->n ? errs->n : 1, sizeof(*real.v))};

	for (size_t i = 0; i < errs->n; i++) {
		struct vakt_error *e = errs->v[i];
		char *line;

		if (e->code != KUBE_ETEMPLATE) {
			real.v[real.n++] = e;
			continue;
		}
		line = vakt_xasprintf("%s:%d: left alone: a Helm/Go template; vakt fix edits "
		                      "plain YAML, so fix the chart's templates or values by hand "
		                      "(vakt scan on `helm template` output shows what)",
		                      e->file ? e->file : "-", e->line);
		vakt_fputs_safe(stderr, line, 0);
		fputc('\n', stderr);
		free(line);
		t->templates++;
	}
	cli_print_errors(&real);
	t->errors += real.n;
	free(real.v);
}

/* The files the fixes ask for: shown as diffs from /dev/null, or created. */
static void fix_created(const struct fix_args *a, const struct vakt_fix_news *news,
                        struct fix_totals *t)
{
	for (size_t i = 0; i < news->n; i++) {
		const struct vakt_fix_new *nf = &news->v[i];
		int st = vakt_fix_new_state(nf->path, nf->text.data, nf->text.len);
		struct vakt_error *err = NULL;
		char *line;

		if (st == 1)
			continue; /* made by an earlier run */
		if (st < 0) {
			line = vakt_xasprintf(
			    "%s: %s: not created: %s", nf->path, nf->rule ? nf->rule->id : "?",
			    st == -EEXIST ? "the file exists and holds something else"
			                  : strerror(-st));
			vakt_fputs_safe(stderr, line, 0);
			fputc('\n', stderr);
			free(line);
			t->not_applied++;
			continue;
		}
		line = vakt_xasprintf("%s: %s: %s", nf->path, nf->rule ? nf->rule->id : "?",
		                      nf->note ? nf->note : "created");
		vakt_fputs_safe(stderr, line, 0);
		fputc('\n', stderr);
		free(line);
		t->edits++;
		t->files_changed++;
		if (a->in_place && !a->check) {
			if (vakt_fix_write_new(nf->path, nf->text.data, nf->text.len, &err) < 0) {
				print_error(err);
				vakt_error_free(err);
				t->errors++;
			}
		} else {
			struct vakt_buf b = VAKT_BUF_INIT;

			vakt_fix_diff_new(nf->path, nf->text.data, nf->text.len, &b);
			put_stdout(b.data ? b.data : "", b.len);
			vakt_buf_release(&b);
		}
	}
}

static void fix_one(const struct fix_args *a, const struct vakt_scan_input *in,
                    const struct vakt_scan_opts *o, const struct by_file *bf,
                    const struct vakt_error_list *scan_errs, struct vakt_fix_news *news,
                    struct fix_totals *t)
{
	struct vakt_source *src = NULL;
	struct vakt_error *err = NULL;
	struct vakt_fix_stamp stamp = {0};
	const struct vakt_domain *d;
	const struct vakt_finding **todo = NULL;
	struct vakt_edits edits = {0};
	struct vakt_fix_plan plan = {0};
	struct vakt_strv skipped = {0};
	struct vakt_fix_ctx ctx = {0};
	size_t n_todo = 0, first = 0, n;
	char *text = NULL;
	size_t len = 0;

	if (!strcmp(in->path, "-")) {
		cli_error("vakt fix reads files, not standard input");
		t->errors++;
		return;
	}
	if (has_error(scan_errs, in->path))
		return; /* said by the scan; a file that does not parse is never changed */
	if (vakt_fix_stamp_of(in->path, &stamp, &err) < 0 ||
	    vakt_source_read(in->path, (size_t)o->limits.v[VAKT_LIMIT_FILE_SIZE], &src, &err) < 0) {
		print_error(err);
		vakt_error_free(err);
		t->errors++;
		return;
	}
	/* A UTF-16 file is read decoded: its bytes are not the text the edits are against. */
	if ((size_t)stamp.size != src->len) {
		cli_error("%s: not fixed: its bytes are not the text vakt read (UTF-16, or it is "
		          "being written)",
		          in->path);
		vakt_source_free(src);
		t->errors++;
		return;
	}
	d = domain_of(in, src, o);
	if (!d) {
		vakt_source_free(src);
		return;
	}
	if (!d->fix) {
		t->no_fixer++;
		if (!vakt_strv_contains(&t->no_fixer_domains, d->name, false))
			vakt_strv_push(&t->no_fixer_domains, d->name);
		vakt_source_free(src);
		return;
	}
	n = by_file_find(bf, in->path, &first);
	todo = vakt_xcalloc(n ? n : 1, sizeof(*todo));
	for (size_t i = first; i < first + n; i++)
		if (wanted(a, bf->v[i]))
			todo[n_todo++] = bf->v[i];
	if (n_todo) {
		ctx.src = src;
		ctx.opts = o;
		ctx.edits = &edits;
		ctx.skipped = &skipped;
		ctx.created = news;
		ctx.unsafe = a->unsafe;
		d->fix(&ctx, todo, n_todo);
	}
	for (size_t i = 0; i < skipped.n; i++) {
		vakt_fputs_safe(stderr, skipped.v[i], 0);
		fputc('\n', stderr);
	}
	t->skipped += skipped.n;
	vakt_fix_plan_make(&plan, src->data, src->len, &edits);
	print_edits(in->path, &plan, t);
	text = vakt_fix_apply(&plan, &len);
	if (len != src->len || memcmp(text, src->data, len)) {
		t->files_changed++;
		if (a->in_place && !a->check) {
			if (vakt_fix_write(in->path, &stamp, src->data, src->len, text, len,
			                   a->backup, &err) < 0) {
				print_error(err);
				vakt_error_free(err);
				t->errors++;
			}
		} else {
			struct vakt_buf b = VAKT_BUF_INIT;

			vakt_fix_diff(&plan, in->path, 3, &b);
			put_stdout(b.data ? b.data : "", b.len);
			vakt_buf_release(&b);
		}
	}
	free(text);
	vakt_fix_plan_release(&plan);
	vakt_edits_release(&edits);
	vakt_strv_release(&skipped);
	free(todo);
	vakt_source_free(src);
}

int cmd_fix(const struct cli_command *cmd, int argc, char **argv)
{
	struct fix_args a = {.inline_ignores = true};
	struct vakt_config *config = NULL;
	struct vakt_scan_opts o;
	struct vakt_scan_inputs inputs = {0};
	struct vakt_error_list errs = {0};
	struct fix_totals t = {0};
	struct vakt_scan_result res = {0};
	struct by_file bf = {0};
	struct vakt_fix_news news = {0};
	const char *dot = ".";
	const char *const *paths;
	size_t n_paths;
	int first, r;

	cli_gate_init(&a.gate);
	r = cli_parse(cmd, argc, argv, fix_on_opt, &a, &first);
	if (r) {
		r = r < 0 ? CLI_EXIT_OK : r;
		goto out;
	}
	if (a.in_place && (a.diff || a.check)) {
		cli_error(
		    "--in-place writes the files; --diff and --check change nothing: pick one");
		r = CLI_EXIT_USAGE;
		goto out;
	}
	if (a.backup && !a.in_place) {
		cli_error("--backup needs --in-place");
		r = CLI_EXIT_USAGE;
		goto out;
	}
	paths = first < argc ? (const char *const *)argv + first : &dot;
	n_paths = first < argc ? (size_t)(argc - first) : 1;
	r = cli_gate_load_config(&a.gate, paths[0], &config);
	if (!r && !a.pss)
		r = cli_pss_from_config(config, &a.pss);
	if (r)
		goto out;
	vakt_scan_opts_init(&o, config);
	o.severity_mask = a.gate.severity_mask;
	o.inline_ignores = a.inline_ignores;
	o.detect_content = a.detect_content;
	o.build_args = a.build_args;
	o.pss = a.pss;
	vakt_limits_take(&o.limits, &a.gate.limits);

	vakt_scan_discover(paths, n_paths, &o, &inputs, &errs);
	if (vakt_scan_paths(paths, n_paths, &o, &res) < 0) {
		cli_error("the scan failed");
		r = CLI_EXIT_INPUT;
		goto out;
	}
	/* Discovery's errors are the scan's own (the same walk): printed once. */
	print_scan_errors(&res.errors, &t);
	bf.v = vakt_xcalloc(res.findings.n ? res.findings.n : 1, sizeof(*bf.v));
	for (size_t i = 0; i < res.findings.n; i++)
		bf.v[bf.n++] = &res.findings.v[i];
	qsort(bf.v, bf.n, sizeof(*bf.v), by_file_cmp);
	for (size_t i = 0; i < inputs.n; i++)
		fix_one(&a, &inputs.v[i], &o, &bf, &res.errors, &news, &t);
	fix_created(&a, &news, &t);
	fflush(stdout);
	if (t.no_fixer) {
		struct vakt_buf b = VAKT_BUF_INIT;

		for (size_t i = 0; i < t.no_fixer_domains.n; i++)
			vakt_buf_addf(&b, "%s%s", i ? ", " : "", t.no_fixer_domains.v[i]);
		fprintf(stderr,
		        "vakt fix: %zu file%s left alone: no automatic fixes for %s yet "
		        "(docs/fix.md)\n",
		        t.no_fixer, t.no_fixer == 1 ? "" : "s", vakt_buf_str(&b));
		vakt_buf_release(&b);
	}
	fprintf(stderr, "vakt fix: %zu fix%s %s in %zu file%s", t.edits, t.edits == 1 ? "" : "es",
	        a.in_place ? "applied" : "to apply", t.files_changed,
	        t.files_changed == 1 ? "" : "s");
	if (t.skipped || t.not_applied)
		fprintf(stderr, "; %zu finding%s not fixed (said above)", t.skipped + t.not_applied,
		        t.skipped + t.not_applied == 1 ? "" : "s");
	fputs(a.in_place || !t.files_changed ? "\n" : " (run with --in-place to write them)\n",
	      stderr);
	if (t.errors)
		r = CLI_EXIT_INPUT;
	else if (a.check && t.files_changed)
		r = CLI_EXIT_FINDINGS;
	else
		r = CLI_EXIT_OK;
out:
	vakt_fix_news_release(&news);
	free(bf.v);
	vakt_scan_result_release(&res);
	vakt_scan_inputs_release(&inputs);
	vakt_error_list_release(&errs);
	vakt_strv_release(&t.no_fixer_domains);
	vakt_config_free(config);
	vakt_strv_release(&a.rules);
	vakt_strv_release(&a.build_args);
	return r;
}
