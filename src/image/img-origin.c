/* SPDX-License-Identifier: MIT */
/*
 * The aligner (img-origin.h): each instruction of the Dockerfile is turned
 * into the created_by forms the builders write for it and compared with
 * the history entries, last first. Cleanup style: each function frees what
 * it allocated before it returns; struct align owns its scratch.
 */
#include "img-origin-priv.h"

/* Occurrences of a RUN's command tried in one created_by (bounds the work on hostile input). */
#define ALIGN_MAX_TRIES 64
/* ARG names looked up one by one; beyond, the keyword alone is compared. */
#define ALIGN_MAX_ARG_NAMES 256
/* Widest port range expanded (BuildKit lists each port of "8000-8010"). */
#define ALIGN_MAX_PORT_RANGE 1024
/* Most ports compared for one EXPOSE (beyond, only the text as written is). */
#define ALIGN_MAX_PORTS 65536
/*
 * Most instructions skipped in a row as leaving no entry (ONBUILD, ARG):
 * more is no Dockerfile a builder wrote, and each skip compares the same
 * entry again.
 */
#define ALIGN_MAX_SKIPS 64

static const char *const default_shell[] = {"/bin/sh", "-c", NULL};

struct align {
	const struct img_dockerfile *df;
	long *shell_step; /* per step: the SHELL instruction in force, or -1 */
	char **wd;        /* per WORKDIR step: the directory it sets, when known */
	struct origin_pat pat;
	struct vakt_buf a, b;
	struct vakt_strv ports_a, ports_b;
};

static size_t strv_n(const char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

static const char *step_dest(const struct img_dockerfile_step *s)
{
	size_t n = strv_n(s->args);

	return n ? s->args[n - 1] : NULL;
}

static const char *const *shell_words(const struct align *al, size_t j)
{
	long k = al->shell_step[j];

	return k >= 0 && strv_n(al->df->steps[k].args) ? al->df->steps[k].args : default_shell;
}

/* The value of flag name ("chown"): after '=', "" without one; NULL when absent. */
static const char *step_flag(const struct img_dockerfile_step *s, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; s->flags && s->flags[i]; i++) {
		const char *f = s->flags[i];

		if (!strncmp(f, name, n) && (f[n] == '=' || !f[n]))
			return f[n] ? f + n + 1 : "";
	}
	return NULL;
}

static bool hist_is(const struct origin_hist *h, const char *s, size_t n)
{
	return h->n == n && !memcmp(h->p, s, n);
}

/* Whether the folded text of the instruction as written is the entry (buildah: "#(nop) " + it). */
static bool as_written(struct align *al, const struct img_dockerfile_step *s,
                       const struct origin_hist *h)
{
	vakt_buf_reset(&al->a);
	origin_fold(&al->a, s->text ? s->text : "", s->text ? strlen(s->text) : 0);
	return hist_is(h, al->a.data, al->a.len);
}

/* open, the arguments joined by spaces (variables as wildcards when expand), close. */
static bool args_match(struct align *al, const struct img_dockerfile_step *s,
                       const struct origin_hist *h, const char *open, const char *close,
                       bool expand)
{
	origin_pat_reset(&al->pat);
	origin_pat_lit(&al->pat, open);
	for (size_t i = 0; s->args && s->args[i]; i++) {
		if (i)
			origin_pat_lit(&al->pat, " ");
		if (expand)
			origin_pat_word(&al->pat, s->args[i]);
		else
			origin_pat_lit(&al->pat, s->args[i]);
	}
	origin_pat_lit(&al->pat, close);
	return origin_pat_match(&al->pat, h->p, h->n);
}

/* --- RUN ----------------------------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Whether the folded command c is the entry's: the whole of it, or after
 * the build arguments ("|2 A=1 B=2 " + c), and followed by nothing or by
 * buildah's notes (":<mount checksum>", "|...").
 */
static bool run_fits(const struct origin_hist *h, const char *c, size_t cn)
{
	size_t from = 0;

	for (int tries = 0; cn && from < h->n && tries < ALIGN_MAX_TRIES; tries++) {
		const char *at = memmem(h->p + from, h->n - from, c, cn);
		size_t pos, end;

		if (!at)
			return false;
		pos = (size_t)(at - h->p);
		end = pos + cn;
		if ((pos == 0 || (h->p[0] == '|' && is_digit(h->p[1]) && h->p[pos - 1] == ' ')) &&
		    (end == h->n || h->p[end] == ':' || h->p[end] == '|'))
			return true;
		from = pos + 1;
	}
	return false;
}

/* Whether RUN's command is one heredoc marker and nothing else ("<<EOF"). */
static bool single_marker(const char *t)
{
	size_t i = 0, n;

	if (!t)
		return false;
	while (origin_space(t[i]))
		i++;
	if (strncmp(t + i, "<<", 2))
		return false;
	for (n = i; t[n] && !origin_space(t[n]); n++)
		;
	while (origin_space(t[n]))
		n++;
	return !t[n];
}

static bool join_words(struct vakt_buf *b, const char *const *v)
{
	for (size_t i = 0; v && v[i]; i++) {
		if (i)
			vakt_buf_addc(b, ' ');
		vakt_buf_adds(b, v[i]);
	}
	return v && v[0];
}

/*
 * The command as the legacy builder and BuildKit record it: exec form
 * joined; shell form after the shell; a heredoc as BuildKit runs it (its
 * body alone, a script with #! run from /dev/pipes, or the command line
 * followed by each body and delimiter).
 */
static void run_canonical(struct align *al, size_t j, struct vakt_buf *out)
{
	const struct img_dockerfile_step *s = &al->df->steps[j];
	const char *t = s->args_text ? s->args_text : "";

	if (s->exec_form) {
		join_words(out, s->args);
		return;
	}
	join_words(out, shell_words(al, j));
	vakt_buf_addc(out, ' ');
	if (!s->n_heredocs) {
		vakt_buf_adds(out, t);
	} else if (s->n_heredocs == 1 && single_marker(t)) {
		if (vakt_starts_with(s->heredocs[0].body, "#!")) {
			vakt_buf_adds(out, "/dev/pipes/");
			vakt_buf_adds(out, s->heredocs[0].name);
		} else {
			vakt_buf_adds(out, s->heredocs[0].body);
		}
	} else {
		vakt_buf_adds(out, t);
		for (size_t i = 0; i < s->n_heredocs; i++) {
			vakt_buf_addc(out, '\n');
			vakt_buf_adds(out, s->heredocs[i].body);
			vakt_buf_adds(out, s->heredocs[i].name);
		}
	}
}

static bool match_run(struct align *al, size_t j, const struct origin_hist *h)
{
	const struct img_dockerfile_step *s = &al->df->steps[j];

	if (h->flavour == FL_NOP)
		return false;
	vakt_buf_reset(&al->b);
	run_canonical(al, j, &al->b);
	vakt_buf_reset(&al->a);
	origin_fold(&al->a, al->b.data, al->b.len);
	if (run_fits(h, al->a.data, al->a.len))
		return true;
	if (h->flavour != FL_SHELL)
		return false;
	/* buildah: "/bin/sh -c " and the instruction as written, flags and JSON included. */
	vakt_buf_reset(&al->b);
	vakt_buf_adds(&al->b, "/bin/sh -c ");
	vakt_buf_adds(&al->b, s->text ? s->text : "");
	for (size_t i = 0; i < s->n_heredocs; i++) {
		vakt_buf_addc(&al->b, '\n');
		vakt_buf_adds(&al->b, s->heredocs[i].body);
	}
	vakt_buf_reset(&al->a);
	origin_fold(&al->a, al->b.data, al->b.len);
	return run_fits(h, al->a.data, al->a.len);
}

/* --- COPY and ADD -------------------------------------------------------------- */

/* A heredoc source ("<<EOF", "<<-'EOF'") as BuildKit names it: "<<EOF". */
static bool heredoc_source(const char *w, struct origin_pat *p)
{
	size_t n;

	if (strncmp(w, "<<", 2))
		return false;
	w += 2;
	if (*w == '-')
		w++;
	n = strlen(w);
	if (n >= 2 && (w[0] == '"' || w[0] == '\'') && w[n - 1] == w[0]) {
		w++;
		n -= 2;
	}
	origin_pat_lit(p, "<<");
	origin_pat_litn(p, w, n);
	return true;
}

/* Strip one trailing '/' (not the root's) from a pattern word. */
static void pat_dest(struct origin_pat *p, const char *dest)
{
	size_t from = p->raw.len;

	origin_pat_word(p, dest);
	if (p->raw.len - from > 1 && p->raw.data[p->raw.len - 1] == '/')
		p->raw.data[--p->raw.len] = '\0';
}

static bool match_copy(struct align *al, const struct img_dockerfile_step *s,
                       const struct origin_hist *h)
{
	const char *dest = step_dest(s);
	size_t n_src = strv_n(s->args);

	if (!dest || h->flavour == FL_SHELL)
		return false;
	n_src--;
	if (h->flavour == FL_NOP) {
		/* "[--link ][--chown=u]<kind>:<hash> in <dest>": only the destination is
		 * comparable. */
		const char *at = memmem(h->p, h->n, " in ", 4);
		size_t from, len;

		if (!at)
			return false;
		from = (size_t)(at - h->p) + 4;
		len = h->n - from;
		if (len > 1 && h->p[from + len - 1] == '/')
			len--;
		origin_pat_reset(&al->pat);
		pat_dest(&al->pat, dest);
		return origin_pat_match(&al->pat, h->p + from, len);
	}
	/* BuildKit: [--parents] [--chown=] [--chmod=] sources (heredocs last) destination. */
	for (int with_flags = 1; with_flags >= 0; with_flags--) {
		static const char *const shown[] = {"parents", "chown", "chmod"};
		const char *v;

		origin_pat_reset(&al->pat);
		for (size_t i = 0; with_flags && i < VAKT_ARRAY_SIZE(shown); i++) {
			if (!(v = step_flag(s, shown[i])))
				continue;
			origin_pat_lit(&al->pat, "--");
			origin_pat_lit(&al->pat, shown[i]);
			if (i) {
				origin_pat_lit(&al->pat, "=");
				origin_pat_word(&al->pat, v);
			}
			origin_pat_lit(&al->pat, " ");
		}
		for (size_t i = 0; i < n_src; i++) {
			if (strncmp(s->args[i], "<<", 2)) {
				origin_pat_word(&al->pat, s->args[i]);
				origin_pat_lit(&al->pat, " ");
			}
		}
		for (size_t i = 0; i < n_src; i++)
			if (heredoc_source(s->args[i], &al->pat))
				origin_pat_lit(&al->pat, " ");
		origin_pat_word(&al->pat, dest);
		if (origin_pat_match(&al->pat, h->p, h->n))
			return true;
	}
	return false;
}

/* --- metadata instructions ----------------------------------------------------- */

/* An ARG name: the argument up to '='. */
struct arg_name {
	const char *s;
	size_t n;
	bool found;
};

static int arg_name_cmp(const void *pa, const void *pb)
{
	const struct arg_name *a = pa, *b = pb;
	int c = memcmp(a->s, b->s, a->n < b->n ? a->n : b->n);

	return c ? c : (a->n > b->n) - (a->n < b->n);
}

/* Each name of the instruction is a key of the entry ("ARG A=1 B"), found in one walk. */
static bool match_arg(const struct img_dockerfile_step *s, const struct origin_hist *h)
{
	size_t n = strv_n(s->args), found = 0;
	struct arg_name names[ALIGN_MAX_ARG_NAMES];

	/* buildah lists the build arguments given on its command line, not the instruction's. */
	if (h->flavour == FL_NOP || n > ALIGN_MAX_ARG_NAMES)
		return true;
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		names[i] = (struct arg_name){s->args[i], strcspn(s->args[i], "="), false};
	qsort(names, n, sizeof(*names), arg_name_cmp);
	for (size_t pos = 0; pos < h->n;) {
		size_t w = pos;
		struct arg_name key = {0}, *at;

		while (w < h->n && h->p[w] != ' ')
			w++;
		key.s = h->p + pos;
		key.n = strcspn(key.s, "= ");
		if (key.n > w - pos)
			key.n = w - pos;
		at = bsearch(&key, names, n, sizeof(*names), arg_name_cmp);
		if (at) {
			/* equal names are neighbours: mark them all */
			size_t lo = (size_t)(at - names), hi = lo;

			while (lo > 0 && !arg_name_cmp(&names[lo - 1], &key))
				lo--;
			while (hi + 1 < n && !arg_name_cmp(&names[hi + 1], &key))
				hi++;
			for (size_t k = lo; k <= hi; k++) {
				found += !names[k].found;
				names[k].found = true;
			}
		}
		pos = w + 1;
	}
	return found == n;
}

static bool match_workdir(struct align *al, size_t j, const struct origin_hist *h)
{
	const struct img_dockerfile_step *s = &al->df->steps[j];
	const char *arg = s->args ? s->args[0] : NULL;

	if (!arg)
		return false;
	if (strchr(arg, '$'))
		return true; /* the value the builder expanded is not known here */
	if (al->wd[j] && hist_is(h, al->wd[j], strlen(al->wd[j])))
		return true;
	if (!al->wd[j] && arg[0] != '/') {
		/* Relative to a directory the base image set: the entry ends with it. */
		char *joined = vakt_xasprintf("/%s", arg);
		char *rel = origin_path_clean(joined);
		size_t rn = strlen(rel);
		bool ok = strcmp(rel, "/") && h->n > rn && h->p[0] == '/' &&
		          !memcmp(h->p + h->n - rn, rel, rn);

		free(joined);
		free(rel);
		if (ok)
			return true;
	}
	return as_written(al, s, h);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the ports of one EXPOSE word, as "port/proto", to out. */
static void port_add(struct vakt_strv *out, const char *w, size_t n)
{
	char proto[16] = "tcp";
	const char *slash, *colon, *dash;
	size_t pn;

	if (n >= 4 && !memcmp(w, "map[", 4)) {
		w += 4;
		n -= 4;
	} else if (n && w[0] == '[') {
		w++;
		n--;
	}
	if (n && w[n - 1] == ']')
		n--;
	if (n >= 3 && !memcmp(w + n - 3, ":{}", 3))
		n -= 3;
	/* "ip:host:container" keeps the container's */
	while ((colon = memchr(w, ':', n))) {
		n -= (size_t)(colon + 1 - w);
		w = colon + 1;
	}
	if (!n || out->n >= ALIGN_MAX_PORTS)
		return;
	slash = memchr(w, '/', n);
	pn = slash ? (size_t)(slash - w) : n;
	if (slash) {
		size_t k = n - pn - 1;

		if (!k || k >= sizeof(proto)) {
			vakt_strv_push_take(out, vakt_xstrndup(w, n));
			return;
		}
		for (size_t i = 0; i < k; i++) {
			char c = slash[1 + i];

			proto[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
		}
		proto[k] = '\0';
	}
	dash = memchr(w, '-', pn);
	if (dash) {
		char *a = vakt_xstrndup(w, (size_t)(dash - w));
		char *b = vakt_xstrndup(dash + 1, pn - (size_t)(dash - w) - 1);
		long lo, hi;
		bool ok = vakt_parse_long(a, 0, 65535, &lo) == 0 &&
		          vakt_parse_long(b, 0, 65535, &hi) == 0 && hi >= lo &&
		          hi - lo <= ALIGN_MAX_PORT_RANGE;

		free(a);
		free(b);
		if (ok) {
			for (long p = lo; p <= hi && out->n < ALIGN_MAX_PORTS; p++)
				vakt_strv_push_take(out, vakt_xasprintf("%ld/%s", p, proto));
			return;
		}
	}
	vakt_strv_push_take(out, vakt_xasprintf("%.*s/%s", (int)pn, w, proto));
}

static void ports_sorted(struct vakt_strv *v)
{
	size_t k = 0;

	if (v->n > 1)
		qsort(v->v, v->n, sizeof(*v->v), str_cmp);
	for (size_t i = 0; i < v->n; i++) {
		if (k && !strcmp(v->v[k - 1], v->v[i])) {
			free(v->v[i]);
			continue;
		}
		v->v[k++] = v->v[i];
	}
	v->n = k;
}

static bool match_expose(struct align *al, const struct img_dockerfile_step *s,
                         const struct origin_hist *h)
{
	bool same;

	for (size_t i = 0; s->args && s->args[i]; i++)
		if (strchr(s->args[i], '$'))
			return true; /* the values the builder expanded are not known here */
	vakt_strv_release(&al->ports_a);
	vakt_strv_release(&al->ports_b);
	for (size_t i = 0; s->args && s->args[i]; i++)
		port_add(&al->ports_a, s->args[i], strlen(s->args[i]));
	for (size_t pos = 0; pos < h->n;) {
		size_t w = pos;

		while (w < h->n && h->p[w] != ' ')
			w++;
		port_add(&al->ports_b, h->p + pos, w - pos);
		pos = w + 1;
	}
	ports_sorted(&al->ports_a);
	ports_sorted(&al->ports_b);
	same = al->ports_a.n && al->ports_a.n == al->ports_b.n && al->ports_b.n < ALIGN_MAX_PORTS;
	for (size_t i = 0; same && i < al->ports_a.n; i++)
		same = !strcmp(al->ports_a.v[i], al->ports_b.v[i]);
	return same || as_written(al, s, h);
}

/* CMD and ENTRYPOINT: Go's %q of the command, the shell form after the shell. */
static bool match_cmd(struct align *al, size_t j, const struct origin_hist *h)
{
	const struct img_dockerfile_step *s = &al->df->steps[j];
	size_t k = 0;

	vakt_buf_reset(&al->b);
	vakt_buf_addc(&al->b, '[');
	if (s->exec_form) {
		for (; s->args && s->args[k]; k++) {
			if (k)
				vakt_buf_addc(&al->b, ' ');
			origin_go_quote(&al->b, s->args[k]);
		}
	} else {
		const char *const *sh = shell_words(al, j);

		for (; sh[k]; k++) {
			origin_go_quote(&al->b, sh[k]);
			vakt_buf_addc(&al->b, ' ');
		}
		vakt_buf_reset(&al->a);
		origin_fold(&al->a, s->args_text ? s->args_text : "",
		            s->args_text ? strlen(s->args_text) : 0);
		origin_go_quote(&al->b, al->a.data);
	}
	vakt_buf_addc(&al->b, ']');
	vakt_buf_reset(&al->a);
	origin_fold(&al->a, al->b.data, al->b.len);
	return hist_is(h, al->a.data, al->a.len) || as_written(al, s, h);
}

static bool match_step(struct align *al, size_t j, const struct origin_hist *h)
{
	const struct img_dockerfile_step *s = &al->df->steps[j];
	enum origin_kind k = origin_kind_of(s->keyword, strlen(s->keyword), false);

	if (k == OK_NONE || k != h->kind)
		return false;
	switch (k) {
	case OK_RUN:
		return match_run(al, j, h);
	case OK_COPY:
	case OK_ADD:
		return match_copy(al, s, h);
	case OK_ARG:
		return match_arg(s, h);
	case OK_WORKDIR:
		return match_workdir(al, j, h);
	case OK_EXPOSE:
		return match_expose(al, s, h);
	case OK_CMD:
	case OK_ENTRYPOINT:
		return match_cmd(al, j, h);
	case OK_ENV:
	case OK_LABEL:
	case OK_USER:
	case OK_STOPSIGNAL:
		return args_match(al, s, h, "", "", true) || as_written(al, s, h);
	case OK_VOLUME:
		return args_match(al, s, h, "[", "]", true) || as_written(al, s, h);
	case OK_SHELL:
		return args_match(al, s, h, "[", "]", false) || as_written(al, s, h);
	case OK_MAINTAINER:
		return args_match(al, s, h, "", "", false) || as_written(al, s, h);
	case OK_ONBUILD:
		vakt_buf_reset(&al->a);
		origin_fold(&al->a, s->args_text ? s->args_text : "",
		            s->args_text ? strlen(s->args_text) : 0);
		return hist_is(h, al->a.data, al->a.len) || as_written(al, s, h);
	case OK_HEALTHCHECK:
		/* Written as Go prints a struct, which differs by builder and version. */
		return true;
	case OK_NONE:
		break;
	}
	return false;
}

/*
 * An instruction that may leave no entry: ONBUILD (BuildKit records none),
 * ARG (recorded by every builder vakt knows today, skipped when its entry is
 * not there), and a keyword no builder knows.
 */
static bool step_optional(const struct img_dockerfile_step *s)
{
	enum origin_kind k = origin_kind_of(s->keyword, strlen(s->keyword), false);

	return k == OK_NONE || k == OK_ONBUILD || k == OK_ARG;
}

/* The SHELL in force and the WORKDIR set, forward through the steps. */
static void align_prepare(struct align *al)
{
	const struct img_dockerfile *df = al->df;
	long shell = -1;
	char *wd = NULL;

	al->shell_step = vakt_xcalloc(df->n_steps ? df->n_steps : 1, sizeof(*al->shell_step));
	al->wd = vakt_xcalloc(df->n_steps ? df->n_steps : 1, sizeof(*al->wd));
	for (size_t j = 0; j < df->n_steps; j++) {
		const struct img_dockerfile_step *s = &df->steps[j];
		enum origin_kind k = origin_kind_of(s->keyword, strlen(s->keyword), false);
		const char *arg = s->args ? s->args[0] : NULL;

		al->shell_step[j] = shell;
		if (k == OK_SHELL && s->exec_form)
			shell = (long)j;
		if (k != OK_WORKDIR)
			continue;
		if (!arg || strchr(arg, '$')) {
			free(wd);
			wd = NULL;
		} else if (arg[0] == '/' || wd) {
			char *joined =
			    arg[0] == '/' ? vakt_xstrdup(arg) : vakt_xasprintf("%s/%s", wd, arg);

			free(wd);
			wd = origin_path_clean(joined);
			free(joined);
		}
		al->wd[j] = wd ? vakt_xstrdup(wd) : NULL;
	}
	free(wd);
}

static void align_release(struct align *al)
{
	for (size_t j = 0; al->wd && j < al->df->n_steps; j++)
		free(al->wd[j]);
	free(al->wd);
	free(al->shell_step);
	origin_pat_release(&al->pat);
	vakt_buf_release(&al->a);
	vakt_buf_release(&al->b);
	vakt_strv_release(&al->ports_a);
	vakt_strv_release(&al->ports_b);
}

size_t img_origin_align(const struct img_dockerfile *df, const struct img_history *h, size_t n,
                        struct img_origin *out)
{
	struct align al = {.df = df};
	struct origin_hist oh = {0};
	size_t i = n, j, matched = 0, parsed = n, skips = 0;

	for (size_t k = 0; k < n; k++)
		out[k] = (struct img_origin){df ? IMG_ORIGIN_UNMATCHED : IMG_ORIGIN_NONE, -1};
	if (!df || df->n_steps > IMG_ORIGIN_MAX_STEPS)
		return 0;
	j = df->n_steps;
	align_prepare(&al);
	while (i > 0 && j > 0) {
		/* Once per entry: a run of skipped instructions compares the same one. */
		if (parsed != i - 1) {
			origin_hist_parse(h[i - 1].created_by, &oh);
			parsed = i - 1;
		}
		if (match_step(&al, j - 1, &oh)) {
			out[i - 1] = (struct img_origin){IMG_ORIGIN_STEP, (long)(j - 1)};
			matched++;
			i--;
			j--;
			skips = 0;
		} else if (step_optional(&df->steps[j - 1]) && skips++ < ALIGN_MAX_SKIPS) {
			j--;
		} else {
			break;
		}
	}
	while (j > 0 && step_optional(&df->steps[j - 1]))
		j--;
	/* Every instruction found: what came before is the base image's (none FROM scratch). */
	if (j == 0 && !df->from_scratch)
		for (size_t k = 0; k < i; k++)
			out[k].kind = IMG_ORIGIN_BASE;
	origin_hist_release(&oh);
	align_release(&al);
	return matched;
}

char *img_origin_normalise(const char *created_by)
{
	struct origin_hist h = {0};
	char *s = NULL;

	origin_hist_parse(created_by, &h);
	if (h.kind != OK_NONE)
		s = vakt_xasprintf("%s %.*s", origin_kind_name(h.kind), (int)h.n, h.p);
	origin_hist_release(&h);
	return s;
}
