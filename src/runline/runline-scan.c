/* SPDX-License-Identifier: MIT */
/*
 * The runline domain: find the shell text of a file (the whole script, each
 * Makefile recipe line, each GitHub Actions `run:` step, each GitLab CI
 * script entry), tokenize it, and run the container rules on every
 * docker/podman run command in it.
 */
#include <errno.h>

#include "core/pragma.h"
#include "runline.h"

/* Where a container command was found, for the reach of inline suppressions. */
struct cmd_range {
	int line;
	int end_line;
};

/* What one file's scan shares between its scripts. */
struct rl_scan {
	struct vakt_source *src;
	const struct vakt_scan_opts *o;
	struct vakt_findings *out;
	struct vakt_error_list *errs;
	struct vakt_yaml_stream *ys; /* YAML files only */
	struct cmd_range *ranges;
	size_t n_ranges;
	size_t cap_ranges;
	bool tokenizer_error; /* reported once per file */
	/*
	 * The images the file builds or tags. A script knows those built above
	 * the command; a Makefile (whose targets run in dependency order) and a
	 * CI file know every one, collected by a first pass (collect set) that
	 * checks nothing.
	 */
	struct ctr_local_images local;
	bool collect;
};

/* --- recognition -------------------------------------------------------------------- */

static bool yaml_ext(const char *s)
{
	return vakt_ends_with(s, ".yml") || vakt_ends_with(s, ".yaml");
}

enum runline_kind runline_kind_by_name(const char *path, const char *base)
{
	if (yaml_ext(base) &&
	    (vakt_starts_with(path, ".github/workflows/") || strstr(path, "/.github/workflows/")))
		return RUNLINE_GITHUB;
	if (!strcmp(base, ".gitlab-ci.yml") || vakt_ends_with(base, ".gitlab-ci.yml") ||
	    vakt_ends_with(base, ".gitlab-ci.yaml"))
		return RUNLINE_GITLAB;
	if (!strcmp(base, "Makefile") || !strcmp(base, "makefile") ||
	    !strcmp(base, "GNUmakefile") || vakt_ends_with(base, ".mk"))
		return RUNLINE_MAKE;
	if (vakt_ends_with(base, ".sh") || vakt_ends_with(base, ".bash"))
		return RUNLINE_SHELL;
	return RUNLINE_NONE;
}

/* Whether a program name is a POSIX-style shell. */
static bool posix_shell(const char *p, size_t n)
{
	static const char *const shells[] = {"sh", "bash", "dash", "ash", "ksh", "zsh", "busybox"};
	const char *slash = memrchr(p, '/', n);

	if (slash) {
		n -= (size_t)(slash + 1 - p);
		p = slash + 1;
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(shells); i++)
		if (strlen(shells[i]) == n && !memcmp(p, shells[i], n))
			return true;
	return false;
}

/* "#!/bin/sh", "#!/usr/bin/env bash", "#!/usr/bin/env -S bash -e". */
static bool shell_shebang(const char *data, size_t len)
{
	size_t e = 0, i = 2;

	if (len < 3 || data[0] != '#' || data[1] != '!')
		return false;
	while (e < len && data[e] != '\n')
		e++;
	for (;;) {
		size_t w;

		while (i < e && (data[i] == ' ' || data[i] == '\t'))
			i++;
		w = i;
		while (i < e && data[i] != ' ' && data[i] != '\t' && data[i] != '\r')
			i++;
		if (i == w)
			return false;
		if (posix_shell(data + w, i - w))
			return true;
		/* env and its options lead to the interpreter. */
		if (!((i - w >= 3 && !memcmp(data + i - 3, "env", 3)) || data[w] == '-'))
			return false;
	}
}

enum runline_kind runline_kind_by_content(const char *data, size_t len)
{
	bool jobs = false, on = false, script = false;
	size_t i = 0;

	if (shell_shebang(data, len))
		return RUNLINE_SHELL;
	while (i < len) {
		size_t e = i;

		while (e < len && data[e] != '\n')
			e++;
		if ((e - i >= 11 && !memcmp(data + i, "apiVersion:", 11)) ||
		    (e - i >= 5 && !memcmp(data + i, "kind:", 5)))
			return RUNLINE_NONE; /* Kubernetes */
		if (e - i >= 5 && !memcmp(data + i, "jobs:", 5))
			jobs = true;
		else if ((e - i >= 3 && !memcmp(data + i, "on:", 3)) ||
		         (e - i >= 5 &&
		          (!memcmp(data + i, "\"on\":", 5) || !memcmp(data + i, "'on':", 5))))
			on = true;
		else if (e > i && (data[i] == ' ' || data[i] == '\t')) {
			size_t k = i;

			while (k < e && (data[k] == ' ' || data[k] == '\t'))
				k++;
			if ((e - k >= 7 && !memcmp(data + k, "script:", 7)) ||
			    (e - k >= 14 && !memcmp(data + k, "before_script:", 14)))
				script = true;
		}
		i = e + 1;
	}
	if (jobs && on)
		return RUNLINE_GITHUB;
	return script ? RUNLINE_GITLAB : RUNLINE_NONE;
}

static bool rl_match_name(const char *path, const char *base)
{
	return runline_kind_by_name(path, base) != RUNLINE_NONE;
}

static bool rl_match_content(const char *data, size_t len)
{
	return runline_kind_by_content(data, len) != RUNLINE_NONE;
}

/* --- scripts ------------------------------------------------------------------------- */

/* Tokenize one script (t, or the whole source when t is NULL) and check its container commands. */
static void rl_script(struct rl_scan *st, const struct shell_text *t, const char *prefix)
{
	struct shell_script sc = {0};
	int r = t ? shell_parse(t, &sc) : shell_parse_str(st->src->data, &sc);

	if (r == -E2BIG && !st->tokenizer_error) {
		struct vakt_error *err = NULL;

		st->tokenizer_error = true;
		vakt_error_set_at(&err, -E2BIG, st->src->path, 0, 0,
		                  "shell text too large to follow (more than %d commands, or sh -c "
		                  "nested deeper than %d); the rest was not checked",
		                  SHELL_MAX_COMMANDS, SHELL_MAX_DEPTH);
		vakt_error_list_add(st->errs, err);
	}
	for (size_t i = 0; i < sc.n; i++) {
		struct ctr_settings c;

		runline_note_builds(&sc.cmds[i], &st->local);
		if (st->collect || !runline_parse_cmd(&sc.cmds[i], prefix, &c))
			continue;
		if (c.image.text && !c.image.dynamic &&
		    ctr_local_images_has(&st->local, c.image.text))
			c.builds = true;
		ctr_run_rules(&runline_domain, &c, st->src, st->o, st->out);
		st->ranges =
		    vakt_grow(st->ranges, sizeof(*st->ranges), st->n_ranges + 1, &st->cap_ranges);
		st->ranges[st->n_ranges].line = c.where.line;
		st->ranges[st->n_ranges].end_line = c.where.end_line;
		st->n_ranges++;
		ctr_settings_release(&c);
	}
	shell_script_release(&sc);
}

/*
 * CI expressions are replaced before the shell runs: GitHub's
 * `${{ secrets.TOKEN }}` and GitLab's `$[[ inputs.name ]]`. Rewrite each,
 * in place and with the same length (so positions hold), as one shell
 * expansion `${__secrets_TOKEN__}`, so that its blanks do not split words.
 */
static void ci_expressions(char *s, size_t n)
{
	for (size_t i = 0; i + 3 < n; i++) {
		char open = s[i + 1], close = open == '{' ? '}' : ']';
		size_t e;

		if (s[i] != '$' || (open != '{' && open != '[') || s[i + 2] != open)
			continue;
		for (e = i + 3; e + 1 < n && !(s[e] == close && s[e + 1] == close); e++)
			;
		if (e + 1 >= n)
			return;
		s[i + 1] = '{';
		for (size_t k = i + 2; k <= e; k++)
			if (!((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
			      (s[k] >= '0' && s[k] <= '9')))
				s[k] = '_';
		s[e + 1] = '}';
		i = e + 1;
	}
}

static void rl_yaml_script(struct rl_scan *st, const struct vakt_yaml_node *n, const char *prefix)
{
	struct shell_text t;

	if (!n || n->kind != VAKT_YAML_SCALAR || vakt_yaml_is_null(n))
		return;
	runline_yaml_text(st->src, n, &t);
	ci_expressions(t.s, t.len);
	rl_script(st, &t, prefix);
	shell_text_release(&t);
}

/* --- GitHub Actions ------------------------------------------------------------------ */

/* Whether a `shell:` value runs a POSIX shell ("bash", "sh -e {0}", "/usr/bin/bash --x {0}"). */
static bool gh_posix(const char *shell)
{
	return posix_shell(shell, strcspn(shell, " \t"));
}

/*
 * docker/build-push-action's `tags:` (one per line or comma-separated), the
 * images a workflow step builds without a shell.
 */
static void gh_action_tags(struct rl_scan *st, const struct vakt_yaml_node *step)
{
	const char *uses = vakt_yaml_text(vakt_yaml_get(step, "uses"));
	const char *tags = vakt_yaml_text(vakt_yaml_path(step, "with.tags"));

	if (!uses || !tags || !vakt_starts_with(uses, "docker/build-push-action@"))
		return;
	while (*tags) {
		size_t n = strcspn(tags, ",\n");
		size_t b = 0;

		while (b < n && (tags[b] == ' ' || tags[b] == '\t'))
			b++;
		while (n > b && (tags[n - 1] == ' ' || tags[n - 1] == '\t' || tags[n - 1] == '\r'))
			n--;
		if (n > b && !memchr(tags + b, '$', n - b)) {
			char *one = vakt_xstrndup(tags + b, n - b);

			ctr_local_images_add(&st->local, one);
			free(one);
		}
		tags += strcspn(tags, ",\n");
		if (*tags)
			tags++;
	}
}

static void rl_github(struct rl_scan *st, const struct vakt_yaml_node *root)
{
	const struct vakt_yaml_node *jobs = vakt_yaml_get(root, "jobs");
	const char *wf_shell = vakt_yaml_text(vakt_yaml_path(root, "defaults.run.shell"));

	if (!vakt_yaml_is_map(jobs))
		return;
	for (size_t j = 0; j < jobs->n; j++) {
		const char *job = vakt_yaml_str(jobs->pairs[j].key);
		const struct vakt_yaml_node *jn = jobs->pairs[j].value;
		const struct vakt_yaml_node *steps = vakt_yaml_get(jn, "steps");
		const char *job_shell = vakt_yaml_text(vakt_yaml_path(jn, "defaults.run.shell"));
		const char *runs_on = vakt_yaml_text(vakt_yaml_get(jn, "runs-on"));

		if (!job || !vakt_yaml_is_seq(steps))
			continue;
		if (!job_shell)
			job_shell = wf_shell;
		/* Windows runners default to PowerShell. */
		if (!job_shell && runs_on && strstr(runs_on, "windows"))
			job_shell = "pwsh";
		for (size_t s = 0; s < steps->n; s++) {
			const struct vakt_yaml_node *step = steps->items[s];
			const struct vakt_yaml_node *run = vakt_yaml_get(step, "run");
			const char *shell = vakt_yaml_text(vakt_yaml_get(step, "shell"));
			const char *name = vakt_yaml_text(vakt_yaml_get(step, "name"));
			char *prefix;

			if (st->collect)
				gh_action_tags(st, step);
			if (!shell)
				shell = job_shell;
			if (!run || (shell && !gh_posix(shell)))
				continue;
			prefix = name ? vakt_xasprintf("%.*s/step[%.*s]", CTR_MSG_MAX, job,
			                               CTR_MSG_MAX, name)
			              : vakt_xasprintf("%.*s/step[%zu]", CTR_MSG_MAX, job, s + 1);
			rl_yaml_script(st, run, prefix);
			free(prefix);
		}
	}
}

/* --- GitLab CI ----------------------------------------------------------------------- */

/* Top-level keys of .gitlab-ci.yml that are not jobs. */
static bool gitlab_keyword(const char *k)
{
	static const char *const kw[] = {"image",     "services", "stages",        "types",
	                                 "variables", "cache",    "include",       "workflow",
	                                 "spec",      "default",  "before_script", "after_script"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(kw); i++)
		if (!strcmp(k, kw[i]))
			return true;
	return false;
}

/* A script: a string, or a list of strings and (from !reference and anchors) lists of strings. */
static void rl_gitlab_script(struct rl_scan *st, const struct vakt_yaml_node *v, const char *job,
                             const char *key)
{
	char *prefix = vakt_xasprintf("%.*s/%s", CTR_MSG_MAX, job, key);

	if (vakt_yaml_is_seq(v)) {
		for (size_t i = 0; i < v->n; i++) {
			const struct vakt_yaml_node *it = v->items[i];

			if (vakt_yaml_is_seq(it))
				for (size_t k = 0; k < it->n; k++)
					rl_yaml_script(st, it->items[k], prefix);
			else
				rl_yaml_script(st, it, prefix);
		}
	} else {
		rl_yaml_script(st, v, prefix);
	}
	free(prefix);
}

static void rl_gitlab_job(struct rl_scan *st, const struct vakt_yaml_node *jn, const char *job)
{
	static const char *const keys[] = {"before_script", "script", "after_script"};

	if (!vakt_yaml_is_map(jn))
		return;
	for (size_t k = 0; k < VAKT_ARRAY_SIZE(keys); k++) {
		const struct vakt_yaml_node *v = vakt_yaml_get(jn, keys[k]);

		if (v)
			rl_gitlab_script(st, v, job, keys[k]);
	}
}

static void rl_gitlab(struct rl_scan *st, const struct vakt_yaml_node *root)
{
	if (!vakt_yaml_is_map(root))
		return;
	rl_gitlab_job(st, vakt_yaml_get(root, "default"), "default");
	for (size_t i = 0; i < root->n; i++) {
		const char *k = vakt_yaml_str(root->pairs[i].key);

		if (!k)
			continue;
		if (!strcmp(k, "before_script") || !strcmp(k, "after_script"))
			rl_gitlab_script(st, root->pairs[i].value, "global", k);
		else if (!gitlab_keyword(k))
			rl_gitlab_job(st, root->pairs[i].value, k);
	}
}

/* --- the domain ----------------------------------------------------------------------- */

static int rl_extent(int line, void *data)
{
	const struct rl_scan *st = data;
	int end = 0;

	for (size_t i = 0; i < st->n_ranges; i++)
		if (st->ranges[i].line == line && st->ranges[i].end_line > end)
			end = st->ranges[i].end_line;
	if (end)
		return end;
	return st->ys ? vakt_yaml_entry_extent(st->ys, line) : line;
}

static void rl_scan(struct vakt_source *src, const struct vakt_scan_opts *o, void *state,
                    struct vakt_findings *out, struct vakt_suppressions *sup,
                    struct vakt_error_list *errs)
{
	const char *base = strrchr(src->path, '/');
	enum runline_kind kind;
	struct rl_scan st = {src, o, out, errs, NULL, NULL, 0, 0, false, {NULL, 0, 0}, false};

	(void)state;
	base = base ? base + 1 : src->path;
	kind = runline_kind_by_name(src->path, base);
	if (kind == RUNLINE_NONE)
		kind = runline_kind_by_content(src->data, src->len);
	switch (kind) {
	case RUNLINE_SHELL:
		rl_script(&st, NULL, NULL);
		break;
	case RUNLINE_MAKE: {
		struct runline_recipes rs = {NULL, 0, 0};

		runline_make_recipes(src, &rs);
		st.collect = true;
		for (size_t i = 0; i < rs.n; i++)
			rl_script(&st, &rs.v[i].text, NULL);
		st.collect = false;
		for (size_t i = 0; i < rs.n; i++)
			rl_script(&st, &rs.v[i].text, NULL);
		runline_recipes_release(&rs);
		break;
	}
	case RUNLINE_GITHUB:
	case RUNLINE_GITLAB: {
		struct vakt_error *err = NULL;

		if (vakt_yaml_parse(src->path, src->data, src->len, &st.ys, &err) < 0)
			vakt_error_list_add(errs, err);
		for (int pass = 0; pass < 2; pass++) {
			st.collect = pass == 0;
			for (size_t d = 0; st.ys && d < st.ys->n_docs; d++) {
				if (kind == RUNLINE_GITHUB)
					rl_github(&st, st.ys->docs[d].root);
				else
					rl_gitlab(&st, st.ys->docs[d].root);
			}
		}
		st.collect = false;
		break;
	}
	case RUNLINE_NONE:
		break;
	}
	vakt_pragmas_collect(src, rl_extent, &st, sup, errs);
	vakt_yaml_free(st.ys);
	free(st.ranges);
	ctr_local_images_release(&st.local);
}

const struct vakt_domain runline_domain = {
    .name = "runline",
    .tables = ctr_rule_tables, /* compose's: the registry lists them there */
    .match_name = rl_match_name,
    .match_content = rl_match_content,
    .scan = rl_scan,
    .values = ctr_values,
};
