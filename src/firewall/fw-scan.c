/* SPDX-License-Identifier: MIT */
/*
 * The firewall domain of vakt scan: recognise dumps by name and content,
 * parse each by its format on the scan's threads, and audit them in end():
 * the rules.v4 and rules.v6 of one directory (and the other pairs of
 * names below) as one host, so that IPv6 left open beside a locked-down
 * IPv4 is seen; every other dump alone. The rules run once per group
 * (fw_audit_group()), with each file's source kept, packed, for snippets.
 */
#include <fnmatch.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/pragma.h"
#include "core/scan.h"
#include "fw-check.h"

/* One dump read by scan(), until end(). */
struct fw_file {
	char *key;                    /* owned: the path normalised ("./a//b" is "a/b") */
	struct fw_ruleset *rs;        /* owned until end(); NULL when nothing parsed */
	struct vakt_source *src;      /* owned until end() */
	struct vakt_suppressions sup; /* the file's pragmas, indexed */
	/*
	 * Its parse errors, held until end(): a file another dump includes
	 * (etc/nftables.d/) is read as part of that one, whose parse reports
	 * them; alone it may not parse at all.
	 */
	struct vakt_error_list errs;
	/* nft: the patterns its include statements name, resolved as the parser resolves them */
	struct vakt_strv includes;
};

struct fw_state {
	pthread_mutex_t lock;
	struct fw_file *v;
	size_t n, cap;
};

/* The names fw_sniff_name() gives the IPv4 and IPv6 dumps of one host (persistent, Arch, ufw). */
static const char *const pairs[][2] = {
    {"rules.v4", "rules.v6"},
    {"iptables.rules", "ip6tables.rules"},
    {"iptables.dump", "ip6tables.dump"},
    {"iptables-save.txt", "ip6tables-save.txt"},
    {"rules-save", "rules6-save"},
    {"user.rules", "user6.rules"},
    {"before.rules", "before6.rules"},
    {"after.rules", "after6.rules"},
};

static const char *base_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/*
 * The names fw_sniff_name() knows, and *.json files whose name says nft
 * (ruleset-nft.json, nftables-web01.json): kube, asked after this domain,
 * claims every other *.json.
 */
/*
 * path without "./" components and doubled '/' (the walk of "." and an
 * include beneath "." name one file differently); the caller frees.
 */
static char *path_key(const char *path)
{
	char *k = vakt_xstrdup(path), *w = k;
	const char *r = path;

	while (*r) {
		bool start = w == k || w[-1] == '/';

		if (start && r[0] == '.' && r[1] == '/') {
			r += 2;
		} else if (start && w != k && r[0] == '/') {
			r++;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return k;
}

/* The most include statements of one nft file that mark other files as included. */
#define FW_SCAN_MAX_INCLUDES 64

static char *include_root(const char *path);

/*
 * The include patterns of an nft file's text (`include "/etc/nftables.d/NAME.nft"`, globs too),
 * each resolved as the parser resolves it (an absolute one beneath root, a
 * relative one beside the file) and normalised, into out.
 */
static void nft_includes(const struct vakt_source *src, struct vakt_strv *out)
{
	char *root = include_root(src->path);
	const char *slash = strrchr(src->path, '/');
	char *dir =
	    slash ? vakt_xstrndup(src->path, (size_t)(slash - src->path)) : vakt_xstrdup(".");

	for (int line = 1; (size_t)line <= src->n_lines && out->n < FW_SCAN_MAX_INCLUDES; line++) {
		size_t len, i = 0, start;
		const char *l = vakt_source_line(src, line, &len);
		char *pat, *full;

		while (l && i < len && (l[i] == ' ' || l[i] == '\t'))
			i++;
		if (!l || len - i < 9 || memcmp(l + i, "include", 7) ||
		    (l[i + 7] != ' ' && l[i + 7] != '\t'))
			continue;
		for (i += 7; i < len && (l[i] == ' ' || l[i] == '\t'); i++)
			;
		if (i >= len || l[i] != '"')
			continue;
		start = ++i;
		while (i < len && l[i] != '"')
			i++;
		if (i >= len || i == start)
			continue;
		pat = vakt_xstrndup(l + start, i - start);
		full = pat[0] == '/' ? vakt_xasprintf("%s%s", root, pat)
		                     : vakt_xasprintf("%s/%s", dir, pat);
		vakt_strv_push_take(out, path_key(full));
		free(full);
		free(pat);
	}
	free(root);
	free(dir);
}

static bool fw_match_name(const char *path, const char *base)
{
	uint8_t v;

	(void)path;
	return fw_sniff_name(base, &v) >= 0 ||
	       (vakt_ends_with(base, ".json") && strstr(base, "nft"));
}

static bool fw_match_content(const char *data, size_t len)
{
	return fw_sniff_content(data, len) >= 0;
}

static void *fw_begin(const struct vakt_scan_opts *o)
{
	struct fw_state *st = vakt_xcalloc(1, sizeof(*st));

	(void)o;
	if (pthread_mutex_init(&st->lock, NULL))
		abort();
	return st;
}

/*
 * Where an nft file's includes must resolve: its directory, or the one
 * above when that is an etc/ (a repository's etc/nftables.conf includes
 * "/etc/nftables.d/..." as the host would). The caller frees.
 */
static char *include_root(const char *path)
{
	const char *s = strrchr(path, '/');
	char *dir, *up;

	if (!s)
		return vakt_xstrdup(".");
	if (s == path)
		return vakt_xstrdup("/");
	dir = vakt_xstrndup(path, (size_t)(s - path));
	if (strcmp(base_of(dir), "etc"))
		return dir;
	up = base_of(dir) == dir ? vakt_xstrdup(".")
	                         : vakt_xstrndup(dir, (size_t)(base_of(dir) - 1 - dir));
	free(dir);
	return up[0] ? up : (free(up), vakt_xstrdup("/"));
}

static void fw_scan(struct vakt_source *src, const struct vakt_scan_opts *o, void *state,
                    struct vakt_findings *out, struct vakt_suppressions *sup,
                    struct vakt_error_list *errs)
{
	struct fw_state *st = state;
	uint8_t v = 0;
	int by_name = fw_sniff_name(base_of(src->path), &v);
	int format = fw_sniff_content(src->data, src->len);
	struct fw_ruleset *rs = NULL;
	struct fw_file file = {0};
	struct vakt_error_list *own = &file.errs;
	char *dir = NULL;

	(void)o;
	(void)out;
	(void)sup;
	(void)errs; /* the file's errors wait for end() */
	if (format < 0)
		format = by_name;
	if (format < 0) {
		/* A *nft*.json that holds something else: not a dump. */
		vakt_source_free(src);
		return;
	}
	switch (format) {
	case FW_FORMAT_NFT:
		nft_includes(src, &file.includes);
		dir = include_root(src->path);
		fw_parse_nft(src, dir, &rs, own);
		free(dir);
		break;
	case FW_FORMAT_NFT_JSON:
		fw_parse_nft_json(src, &rs, own);
		break;
	default:
		fw_parse_iptables(src, v, &rs, own);
		break;
	}
	/* Kept even when nothing parsed: a dump that includes the file shows its lines. */
	file.key = path_key(src->path);
	vakt_pragmas_collect(src, NULL, NULL, &file.sup, own);
	vakt_suppressions_index(&file.sup);
	vakt_source_pack(src);
	file.rs = rs;
	file.src = src;
	pthread_mutex_lock(&st->lock);
	st->v = vakt_grow(st->v, sizeof(*st->v), st->n + 1, &st->cap);
	st->v[st->n++] = file;
	pthread_mutex_unlock(&st->lock);
}

static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fw_file *)a)->key, ((const struct fw_file *)b)->key);
}

static struct fw_file *file_find(struct fw_state *st, const char *path)
{
	struct fw_file key = {0};
	struct fw_file *f;

	if (!path)
		return NULL;
	key.key = path_key(path);
	f = bsearch(&key, st->v, st->n, sizeof(*st->v), file_cmp);
	free(key.key);
	return f;
}

/* The other file of a pair of names in f's directory, if the scan read it; else NULL. */
static struct fw_file *partner(struct fw_state *st, const struct fw_file *f, bool *first)
{
	const char *base = base_of(f->key);

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(pairs); i++)
		for (int k = 0; k < 2; k++) {
			char *dir, *other;
			struct fw_file *p;

			if (strcmp(base, pairs[i][k]))
				continue;
			dir = vakt_xstrndup(f->key, (size_t)(base - f->key));
			other = vakt_xasprintf("%s%s", dir, pairs[i][!k]);
			p = file_find(st, other);
			free(dir);
			free(other);
			*first = k == 0;
			return p && p->rs ? p : NULL;
		}
	return NULL;
}

/* The source of a file the scan read (an included one), for snippets. */
static const struct vakt_source *find_src(void *data, const char *path)
{
	struct fw_file *f = file_find(data, path);

	return f ? f->src : NULL;
}

/* Mark the files the rule set of f includes (the scan reads them through it). */
static void mark_included(struct fw_state *st, const struct fw_file *f, bool *included)
{
	const struct fw_ruleset *rs = f->rs;

	/* What its include statements name (a file of sets only leaves no rule to tell). */
	for (size_t k = 0; k < f->includes.n; k++)
		for (size_t i = 0; i < st->n; i++)
			if (&st->v[i] != f &&
			    fnmatch(f->includes.v[k], st->v[i].key, FNM_PATHNAME) == 0)
				included[i] = true;

	for (size_t t = 0; rs && t < rs->n_tables; t++)
		for (size_t c = 0; c < rs->tables[t].n_chains; c++) {
			const struct fw_chain *ch = &rs->tables[t].chains[c];
			const struct fw_file *g = file_find(st, fw_chain_file(ch));

			if (g && g != f)
				included[g - st->v] = true;
			for (size_t r = 0; r < ch->n_rules; r++) {
				g = file_find(st, fw_rule_file(&ch->rules[r]));
				if (g && g != f)
					included[g - st->v] = true;
			}
		}
}

static void fw_end(void *state, const struct vakt_scan_opts *o, struct vakt_findings *out,
                   struct vakt_error_list *errs)
{
	struct fw_state *st = state;
	bool *done;
	struct fw_sources find = {find_src, st};

	if (!st || !st->n)
		return;
	qsort(st->v, st->n, sizeof(*st->v), file_cmp);
	done = vakt_xcalloc(st->n, sizeof(*done));
	/*
	 * A file another dump includes (etc/nftables.d/NAME.nft) is judged as
	 * part of it, where its rules are, and that dump's parse reports its
	 * errors: alone it would repeat the findings, or not parse at all.
	 */
	for (size_t i = 0; i < st->n; i++)
		mark_included(st, &st->v[i], done);
	for (size_t i = 0; i < st->n; i++) {
		struct vakt_error_list *own = &st->v[i].errs;

		for (size_t k = 0; k < own->n; k++) {
			if (done[i])
				vakt_error_free(own->v[k]);
			else
				vakt_error_list_add(errs, own->v[k]);
		}
		free(own->v);
		memset(own, 0, sizeof(*own));
		if (!st->v[i].rs)
			done[i] = true;
	}
	for (size_t i = 0; i < st->n; i++) {
		struct fw_ruleset *sets[2];
		const struct vakt_source *srcs[2];
		struct fw_file *p;
		bool first = true;
		size_t n = 0;

		if (done[i])
			continue;
		done[i] = true;
		p = partner(st, &st->v[i], &first);
		if (p && !done[p - st->v]) {
			/* IPv4's file first, so that the group reads in that order. */
			struct fw_file *a = first ? &st->v[i] : p, *b = first ? p : &st->v[i];

			done[p - st->v] = true;
			sets[0] = a->rs;
			srcs[0] = a->src;
			sets[1] = b->rs;
			srcs[1] = b->src;
			n = 2;
		} else {
			sets[0] = st->v[i].rs;
			srcs[0] = st->v[i].src;
			n = 1;
		}
		fw_audit_group_find(sets, srcs, n, &find, o, out, errs);
	}
	free(done);
	/* The findings hold their snippets: of each file only the pragmas are needed now. */
	for (size_t i = 0; i < st->n; i++) {
		fw_ruleset_free(st->v[i].rs);
		vakt_source_free(st->v[i].src);
		st->v[i].rs = NULL;
		st->v[i].src = NULL;
	}
}

static const struct vakt_suppressions *fw_pragmas(void *state, const struct vakt_finding *f)
{
	struct fw_file *file = state ? file_find(state, f->loc.file) : NULL;

	return file ? &file->sup : NULL;
}

static void fw_release(void *state)
{
	struct fw_state *st = state;

	if (!st)
		return;
	for (size_t i = 0; i < st->n; i++) {
		fw_ruleset_free(st->v[i].rs);
		vakt_source_free(st->v[i].src);
		vakt_suppressions_release(&st->v[i].sup);
		vakt_error_list_release(&st->v[i].errs);
		vakt_strv_release(&st->v[i].includes);
		free(st->v[i].key);
	}
	free(st->v);
	pthread_mutex_destroy(&st->lock);
	free(st);
}

/* A firewall dump holds no image and no endpoint the families judge. */
static void fw_values(struct vakt_check_ctx *ctx)
{
	(void)ctx;
}

const struct vakt_domain fw_domain = {
    .name = "firewall",
    .tables = fw_rule_tables,
    .match_name = fw_match_name,
    .match_content = fw_match_content,
    .begin = fw_begin,
    .end = fw_end,
    .pragmas = fw_pragmas,
    .release = fw_release,
    .keeps_source = true,
    .scan = fw_scan,
    .values = fw_values,
};
