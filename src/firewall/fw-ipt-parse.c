/* SPDX-License-Identifier: MIT */
/*
 * iptables-save / ip6tables-save text into the firewall model: the lines of
 * a dump (`*table`, `:CHAIN POLICY [p:b]`, `-A CHAIN ...`, `COMMIT`, the
 * `[p:b]` counters of `-c`) and of `iptables -S` (`-P`, `-N`, `-A` with no
 * table: filter, or `-t TABLE` on the line). One rule's arguments are read
 * by fw-ipt-rule.c.
 *
 * Decisions, for the evaluation and the messages:
 *  - rule.text is the line as written from its `-A` on (a `[p:b]` counter
 *    prefix and trailing blanks left out), so messages show `-A INPUT ...`;
 *  - a `-A` to a chain no `:CHAIN` line declared is read into a new chain: in
 *    a dump it is also an error (iptables-restore refuses the file), in
 *    `iptables -S` output it is not, and the rule set is a fragment unless
 *    the chain is a built-in one (a fragment such as `iptables -S INPUT`);
 *  - a built-in chain with no declaration or `-P` has the kernel's policy,
 *    ACCEPT (what a rules file that does not set one leaves);
 *  - `-j NAME` where NAME is no target iptables ships and no chain of the
 *    table: in a dump, an extension target vakt does not know (OTHER); in
 *    `iptables -S` output, a jump into a chain outside the fragment (JUMP,
 *    and the rule set is a fragment);
 *  - the backend is "nf_tables" or "legacy" from the header; a header with
 *    no suffix is legacy (only iptables-nft adds one);
 *  - a rule set whose filter table lacks INPUT or FORWARD is a fragment
 *    (ufw's user.rules, a dump of the nat table alone).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "fw-ipt-priv.h"
#include "fw.h"

/* --- words ------------------------------------------------------------- */

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

int fw_ipt_words_split(struct fw_ipt_words *w, const char *line, size_t len, int *col,
                       const char **why)
{
	size_t i = 0, o = 0;

	w->n = 0;
	if (w->buf_cap < len + 1) {
		w->buf = vakt_xrealloc(w->buf, len + 1);
		w->buf_cap = len + 1;
	}
	for (;;) {
		char *start;
		size_t at;

		while (i < len && blank(line[i]))
			i++;
		if (i >= len)
			break;
		at = i;
		start = w->buf + o;
		while (i < len && !blank(line[i])) {
			char c = line[i];

			if (c == '"' || c == '\'') {
				size_t q = i++;

				while (i < len && line[i] != c) {
					if (c == '"' && line[i] == '\\' && i + 1 < len &&
					    (line[i + 1] == '"' || line[i + 1] == '\\'))
						i++;
					w->buf[o++] = line[i++];
				}
				if (i >= len) {
					*col = (int)q + 1;
					*why = c == '"' ? "unterminated double quote"
					                : "unterminated single quote";
					return -EINVAL;
				}
				i++;
			} else if (c == '\\' && i + 1 < len) {
				w->buf[o++] = line[i + 1];
				i += 2;
			} else {
				w->buf[o++] = line[i++];
			}
		}
		w->buf[o++] = '\0';
		w->v = vakt_grow(w->v, sizeof(*w->v), w->n + 1, &w->cap);
		w->v[w->n].s = start;
		w->v[w->n].col = (int)at + 1;
		w->n++;
	}
	return 0;
}

void fw_ipt_words_release(struct fw_ipt_words *w)
{
	free(w->v);
	free(w->buf);
	memset(w, 0, sizeof(*w));
}

/* --- tables and chains ------------------------------------------------- */

enum { T_FILTER, T_NAT, T_MANGLE, T_RAW, T_SECURITY, T_COUNT };

static const char *const table_names[T_COUNT] = {"filter", "nat", "mangle", "raw", "security"};

/* The built-in chains of each table, as bits of 1 << hook. */
static const unsigned table_hooks[T_COUNT] = {
    [T_FILTER] = 1u << FW_HOOK_INPUT | 1u << FW_HOOK_FORWARD | 1u << FW_HOOK_OUTPUT,
    [T_NAT] = 1u << FW_HOOK_PREROUTING | 1u << FW_HOOK_INPUT | 1u << FW_HOOK_OUTPUT |
              1u << FW_HOOK_POSTROUTING,
    [T_MANGLE] = 1u << FW_HOOK_PREROUTING | 1u << FW_HOOK_INPUT | 1u << FW_HOOK_FORWARD |
                 1u << FW_HOOK_OUTPUT | 1u << FW_HOOK_POSTROUTING,
    [T_RAW] = 1u << FW_HOOK_PREROUTING | 1u << FW_HOOK_OUTPUT,
    [T_SECURITY] = 1u << FW_HOOK_INPUT | 1u << FW_HOOK_FORWARD | 1u << FW_HOOK_OUTPUT,
};

/* The hook of built-in chain name in table k, or FW_HOOK_NONE. */
static enum fw_hook builtin_hook(int k, const char *name)
{
	static const struct {
		const char *name;
		enum fw_hook hook;
	} hooks[] = {
	    {"PREROUTING", FW_HOOK_PREROUTING},   {"INPUT", FW_HOOK_INPUT},
	    {"FORWARD", FW_HOOK_FORWARD},         {"OUTPUT", FW_HOOK_OUTPUT},
	    {"POSTROUTING", FW_HOOK_POSTROUTING},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(hooks); i++)
		if (!strcmp(hooks[i].name, name))
			return table_hooks[k] & 1u << hooks[i].hook ? hooks[i].hook : FW_HOOK_NONE;
	return FW_HOOK_NONE;
}

/* The nft priority of table k's hook (iptables-nft registers the same). */
static int builtin_priority(int k, enum fw_hook h)
{
	switch (k) {
	case T_RAW:
		return -300;
	case T_MANGLE:
		return -150;
	case T_NAT:
		return h == FW_HOOK_PREROUTING || h == FW_HOOK_OUTPUT ? -100 : 100;
	case T_SECURITY:
		return 50;
	default:
		return 0;
	}
}

/* Chain name -> index in its table's chains, open addressing (a dump may hold many chains). */
struct chain_index {
	uint32_t *slot; /* owned; index + 1, 0 empty */
	size_t cap;     /* a power of two */
	size_t n;
};

static uint64_t name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void index_put(struct chain_index *x, const struct fw_table *t, size_t ci)
{
	if ((x->n + 1) * 2 > x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 16;
		uint32_t *slot = vakt_xcalloc(cap, sizeof(*slot));

		for (size_t i = 0; i < x->cap; i++)
			if (x->slot[i]) {
				size_t j = name_hash(t->chains[x->slot[i] - 1].name) & (cap - 1);

				while (slot[j])
					j = (j + 1) & (cap - 1);
				slot[j] = x->slot[i];
			}
		free(x->slot);
		x->slot = slot;
		x->cap = cap;
	}
	for (size_t j = name_hash(t->chains[ci].name) & (x->cap - 1);; j = (j + 1) & (x->cap - 1))
		if (!x->slot[j]) {
			x->slot[j] = (uint32_t)(ci + 1);
			x->n++;
			return;
		}
}

static struct fw_chain *index_get(const struct chain_index *x, struct fw_table *t, const char *name)
{
	if (!x->cap)
		return NULL;
	for (size_t j = name_hash(name) & (x->cap - 1); x->slot[j]; j = (j + 1) & (x->cap - 1))
		if (!strcmp(t->chains[x->slot[j] - 1].name, name))
			return &t->chains[x->slot[j] - 1];
	return NULL;
}

/* --- the parser -------------------------------------------------------- */

/*
 * The rules `-I CHAIN` put at the head of a chain (ufw's user.rules has one),
 * most recent first once reversed: kept apart and joined in finish(), so
 * that many insertions cost no more than appends.
 */
struct front {
	struct fw_rule *v; /* owned, in insertion order */
	size_t n, cap;
};

struct ps {
	const struct vakt_source *src;
	struct fw_ruleset *rs;
	struct vakt_error_list *errs;
	size_t max_rules, n_rules;
	struct fw_ipt_version ver;
	bool header_seen, content_seen;
	struct fw_ipt_words w;
	int line;
	int tix[T_COUNT]; /* index of each table in rs->tables, -1 none */
	struct chain_index idx[T_COUNT];
	int cur;                       /* the table between `*name` and COMMIT (T_*), -1 none */
	int cur_line;                  /* its `*name` line */
	bool skipping;                 /* inside a table vakt does not know, until its COMMIT */
	bool save_form;                /* a `*table` line was seen: an iptables-save dump */
	bool fragment;                 /* something says the rules are not the whole rule set */
	size_t good, bad;              /* lines read, lines refused */
	bool stop;                     /* FW_MAX_RULES reached */
	size_t warnings;               /* warnings seen */
	struct front *fronts[T_COUNT]; /* owned; by chain index */
	size_t n_fronts[T_COUNT];
	/*
	 * The chains that got a rule since the last `-F` of their table, so
	 * that `-F` costs what it flushes, not the table's size (owned; an
	 * index may repeat, once per rule added to an empty chain).
	 */
	size_t *dirty[T_COUNT];
	size_t n_dirty[T_COUNT], cap_dirty[T_COUNT];
};

/* Errors reported per rule set; past them one line says how many more there were. */
#define IPT_MAX_ERRORS 100
/* Warnings reported per rule set (a dump has one per table it does not show, at most). */
#define IPT_MAX_WARNINGS 8

static void perr(struct ps *p, int col, const char *fmt, ...) VAKT_PRINTF(3, 4);

static void perr(struct ps *p, int col, const char *fmt, ...)
{
	struct vakt_error *e = NULL;
	va_list ap;
	char *msg;

	if (++p->bad > IPT_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set_at(&e, -EINVAL, p->src->path, p->line, col, "%s", msg);
	free(msg);
	vakt_error_list_add(p->errs, e);
}

static struct fw_table *table_of(struct ps *p, int k)
{
	if (p->tix[k] < 0) {
		p->tix[k] = (int)p->rs->n_tables;
		fw_ruleset_add_table(p->rs, table_names[k], FW_FAMILY_IP, p->line);
	}
	return &p->rs->tables[p->tix[k]];
}

static struct fw_chain *chain_find(struct ps *p, int k, const char *name)
{
	return p->tix[k] < 0 ? NULL : index_get(&p->idx[k], &p->rs->tables[p->tix[k]], name);
}

static struct fw_chain *chain_new(struct ps *p, int k, const char *name)
{
	struct fw_table *t = table_of(p, k);
	struct fw_chain *c = fw_table_add_chain(t, name, p->line);

	c->hook = builtin_hook(k, name);
	c->policy = FW_VERDICT_NONE;
	if (c->hook != FW_HOOK_NONE) {
		c->type = vakt_xstrdup(table_names[k]);
		c->priority = builtin_priority(k, c->hook);
		c->policy = FW_VERDICT_ACCEPT; /* the kernel's, until a line sets it */
	}
	index_put(&p->idx[k], t, t->n_chains - 1);
	return c;
}

static int table_by_name(const char *s, size_t n)
{
	for (int k = 0; k < T_COUNT; k++)
		if (strlen(table_names[k]) == n && !memcmp(table_names[k], s, n))
			return k;
	return -1;
}

/* A chain name as iptables takes it: 1 to 28 characters, not an option. */
static bool chain_name_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 28 && s[0] != '-' && s[0] != '!';
}

/* `[packets:bytes]`: two decimal numbers. */
static bool counters_ok(const char *s)
{
	const char *q = s;

	if (*q++ != '[')
		return false;
	if (*q < '0' || *q > '9')
		return false;
	while (*q >= '0' && *q <= '9')
		q++;
	if (*q++ != ':' || *q < '0' || *q > '9')
		return false;
	while (*q >= '0' && *q <= '9')
		q++;
	return q[0] == ']' && q[1] == '\0';
}

static void pwarn(struct ps *p, const char *fmt, ...) VAKT_PRINTF(2, 3);

/* A warning about the dump (not a bad line): what it does not show. */
static void pwarn(struct ps *p, const char *fmt, ...)
{
	struct vakt_error *e = NULL;
	va_list ap;
	char *msg;

	if (++p->warnings > IPT_MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set_at(&e, VAKT_WARNING_CODE, p->src->path, p->line, 1, "%s", msg);
	free(msg);
	vakt_error_list_add(p->errs, e);
}

static bool has(const char *s, size_t n, const char *what)
{
	return memmem(s, n, what, strlen(what)) != NULL;
}

/*
 * What iptables-nft-save says in comments about what it does not show: the
 * tables of the other backend, and tables or base chains made with nft that
 * it cannot translate (it then prints the table empty, its policies ACCEPT).
 */
static void save_warning(struct ps *p, const char *s, size_t n)
{
	if (has(s, n, "iptables-legacy tables present")) {
		p->fragment = true;
		pwarn(p, "the legacy backend holds tables too, which this dump does not show (read "
		         "iptables-legacy-save as well)");
	} else if (has(s, n, "is incompatible, use 'nft' tool") ||
	           has(s, n, "contains incompatible base-chains")) {
		const char *q = memchr(s, '`', n),
		           *e = q ? memchr(q, '\'', n - (size_t)(q - s)) : NULL;

		p->fragment = true;
		pwarn(p,
		      "iptables-save could not show table '%.*s' (made with nft): this dump is "
		      "incomplete, read `nft list ruleset`",
		      q && e ? (int)(e - q - 1) : 1, q && e ? q + 1 : "?");
	}
}

/*
 * "# Generated by ip6tables-save v1.8.9 (nf_tables) on ...", also
 * iptables-nft-save, iptables-legacy-save: the version and backend.
 */
static void header(struct ps *p, const char *s, size_t n)
{
	static const char intro[] = "# Generated by ";
	const char *end = s + n, *word, *paren, *sp;
	size_t k = sizeof(intro) - 1, wl;

	save_warning(p, s, n);
	if (p->header_seen || n < k || memcmp(s, intro, k) != 0)
		return;
	word = s + k;
	sp = memchr(word, ' ', (size_t)(end - word));
	wl = (size_t)((sp ? sp : end) - word);
	if (wl < 13 || memcmp(word + wl - 5, "-save", 5) != 0)
		return;
	if (!memcmp(word, "ip6tables", 9)) {
		if (!p->ver.fixed)
			p->ver = (struct fw_ipt_version){6, true};
	} else if (!memcmp(word, "iptables", 8)) {
		if (!p->ver.fixed)
			p->ver = (struct fw_ipt_version){4, true};
	} else {
		return;
	}
	p->header_seen = true;
	paren = memchr(word, '(', (size_t)(end - word));
	if (paren && (size_t)(end - paren) >= 11 && !memcmp(paren, "(nf_tables)", 11))
		p->rs->backend = vakt_xstrdup("nf_tables");
	else
		p->rs->backend = vakt_xstrdup("legacy");
}

/* The first line that is not a comment: the file name tells the version if nothing did. */
static void first_content(struct ps *p)
{
	const char *base;
	uint8_t v = 0;

	if (p->content_seen)
		return;
	p->content_seen = true;
	if (p->ver.fixed || !p->src->path)
		return;
	base = strrchr(p->src->path, '/');
	base = base ? base + 1 : p->src->path;
	if (fw_sniff_name(base, &v) == FW_FORMAT_IPTABLES && v)
		p->ver = (struct fw_ipt_version){v, true};
}

static void commit_missing(struct ps *p)
{
	perr(p, 1,
	     "expected 'COMMIT' to end table '%s' opened at line %d (iptables-restore applies "
	     "nothing of a table without it)",
	     table_names[p->cur], p->cur_line);
}

static void line_table(struct ps *p, const char *s, size_t n)
{
	int k;

	p->save_form = true;
	if (p->cur >= 0) {
		commit_missing(p);
		p->cur = -1;
	}
	p->skipping = false;
	while (n > 1 && blank(s[n - 1]))
		n--;
	k = table_by_name(s + 1, n - 1);
	if (k < 0) {
		perr(p, 2,
		     "expected a table name (filter, nat, mangle, raw or security) after '*'");
		p->skipping = true;
		return;
	}
	p->cur = k;
	p->cur_line = p->line;
	table_of(p, k);
	p->good++;
}

/* `:NAME POLICY [p:b]` */
static void line_chain(struct ps *p, const struct fw_ipt_words *w)
{
	const char *name = w->v[0].s + 1, *pol;
	struct fw_chain *c;
	enum fw_hook hook;

	if (p->cur < 0) {
		perr(p, 1,
		     "a chain outside a table (expected '*filter' or another table before it)");
		return;
	}
	if (!chain_name_ok(name)) {
		perr(p, 2, "expected a chain name of 1 to 28 characters after ':'");
		return;
	}
	if (w->n < 2 || w->n > 3 || (w->n == 3 && !counters_ok(w->v[2].s))) {
		/* the word at fault: the missing policy, the bad counters, the first extra word */
		perr(
		    p, w->n < 2 ? 1 : w->v[w->n > 3 ? 3 : 2].col,
		    "expected ':%s POLICY [packets:bytes]' (ACCEPT, DROP, or '-' for a user chain)",
		    name);
		return;
	}
	pol = w->v[1].s;
	hook = builtin_hook(p->cur, name);
	if (hook != FW_HOOK_NONE ? strcmp(pol, "ACCEPT") && strcmp(pol, "DROP")
	                         : strcmp(pol, "-")) {
		perr(p, w->v[1].col, "expected %s for %s chain '%s', got '%s'",
		     hook != FW_HOOK_NONE ? "the policy ACCEPT or DROP" : "'-' (no policy)",
		     hook != FW_HOOK_NONE ? "built-in" : "user", name, pol);
		return;
	}
	c = chain_find(p, p->cur, name);
	if (!c)
		c = chain_new(p, p->cur, name);
	c->line = p->line;
	if (hook != FW_HOOK_NONE)
		c->policy = strcmp(pol, "DROP") ? FW_VERDICT_ACCEPT : FW_VERDICT_DROP;
	p->good++;
}

/* The text of the rule: the line from its `-A` on, trailing blanks left out. */
static char *rule_text(const char *s, size_t n, int col)
{
	return vakt_xstrndup(s + col - 1, n - (size_t)(col - 1));
}

/* The rules -I put at the head of chain c of table k (created empty). */
static struct front *front_of(struct ps *p, int k, const struct fw_chain *c)
{
	size_t ci = (size_t)(c - p->rs->tables[p->tix[k]].chains);

	if (ci >= p->n_fronts[k]) {
		size_t cap = ci * 2 + 8;

		p->fronts[k] = vakt_xrealloc(p->fronts[k], cap * sizeof(*p->fronts[k]));
		memset(p->fronts[k] + p->n_fronts[k], 0,
		       (cap - p->n_fronts[k]) * sizeof(*p->fronts[k]));
		p->n_fronts[k] = cap;
	}
	return &p->fronts[k][ci];
}

/* `-A CHAIN rule...` and `-I CHAIN [1] rule...` */
static void cmd_append(struct ps *p, int k, const struct fw_ipt_words *w, size_t at, const char *s,
                       size_t n, bool insert)
{
	const struct fw_ipt_word *cmd = &w->v[at];
	struct fw_ipt_fault f = {0};
	struct fw_rule r = {0};
	struct fw_chain *c;
	bool other = false;
	size_t args = at + 2;
	int rc;

	if (at + 1 >= w->n || !chain_name_ok(w->v[at + 1].s)) {
		perr(p, at + 1 < w->n ? w->v[at + 1].col : cmd->col,
		     "expected a chain name of 1 to 28 characters after '%s'", cmd->s);
		return;
	}
	c = chain_find(p, k, w->v[at + 1].s);
	if (!c) {
		bool builtin = builtin_hook(k, w->v[at + 1].s) != FW_HOOK_NONE;

		if (p->cur >= 0 && !builtin)
			perr(p, w->v[at + 1].col,
			     "chain '%s' is not declared in table '%s' (expected ':%s - [0:0]' "
			     "before "
			     "its rules); read all the same",
			     w->v[at + 1].s, table_names[k], w->v[at + 1].s);
		else if (p->cur < 0 && !builtin)
			p->fragment = true;
		c = chain_new(p, k, w->v[at + 1].s);
	}
	if (insert && args < w->n && w->v[args].s[0] >= '0' && w->v[args].s[0] <= '9') {
		/* a position: only the head (1) is read; iptables -S and ufw never write others */
		if (strcmp(w->v[args].s, "1")) {
			perr(p, w->v[args].col,
			     "expected '%s CHAIN 1' or no position: an insertion further down is "
			     "not "
			     "read",
			     cmd->s);
			return;
		}
		args++;
	}
	rc = fw_ipt_rule_read(w->v + args, w->n - args, &p->ver, &r, &other, &f);
	if (rc < 0) {
		perr(p, f.col, "%s", f.msg);
		fw_rule_release(&r);
		return;
	}
	p->good++;
	if (other) { /* `-6` in an IPv4 dump: iptables-restore leaves it out */
		fw_rule_release(&r);
		return;
	}
	r.line = p->line;
	r.text = rule_text(s, n, cmd->col);
	if (!c->n_rules && !front_of(p, k, c)->n) {
		p->dirty[k] = vakt_grow(p->dirty[k], sizeof(*p->dirty[k]), p->n_dirty[k] + 1,
		                        &p->cap_dirty[k]);
		p->dirty[k][p->n_dirty[k]++] = (size_t)(c - p->rs->tables[p->tix[k]].chains);
	}
	if (insert) {
		struct front *fr = front_of(p, k, c);

		fr->v = vakt_grow(fr->v, sizeof(*fr->v), fr->n + 1, &fr->cap);
		fr->v[fr->n++] = r;
	} else {
		*fw_chain_add_rule(c, p->line, NULL) = r;
	}
	p->n_rules++;
}

static void cmd_policy(struct ps *p, int k, const struct fw_ipt_words *w, size_t at)
{
	const char *name = at + 1 < w->n ? w->v[at + 1].s : "";
	struct fw_chain *c;

	if (at + 3 != w->n || builtin_hook(k, name) == FW_HOOK_NONE ||
	    (strcmp(w->v[at + 2].s, "ACCEPT") && strcmp(w->v[at + 2].s, "DROP"))) {
		perr(p, w->v[at].col,
		     "expected '-P CHAIN ACCEPT|DROP' with a built-in chain of table '%s'",
		     table_names[k]);
		return;
	}
	c = chain_find(p, k, name);
	if (!c)
		c = chain_new(p, k, name);
	c->policy = strcmp(w->v[at + 2].s, "DROP") ? FW_VERDICT_ACCEPT : FW_VERDICT_DROP;
	p->good++;
}

static void cmd_new(struct ps *p, int k, const struct fw_ipt_words *w, size_t at)
{
	if (at + 2 != w->n || !chain_name_ok(w->v[at + 1].s) ||
	    builtin_hook(k, w->v[at + 1].s) != FW_HOOK_NONE) {
		perr(p, w->v[at].col,
		     "expected '%s CHAIN' with a new chain name of 1 to 28 characters", w->v[at].s);
		return;
	}
	if (!chain_find(p, k, w->v[at + 1].s))
		chain_new(p, k, w->v[at + 1].s);
	p->good++;
}

static void chain_flush(struct ps *p, int k, struct fw_chain *c)
{
	struct front *fr = front_of(p, k, c);

	for (size_t i = 0; i < c->n_rules; i++)
		fw_rule_release(&c->rules[i]);
	c->n_rules = 0;
	for (size_t i = 0; i < fr->n; i++)
		fw_rule_release(&fr->v[i]);
	fr->n = 0;
}

static void cmd_flush(struct ps *p, int k, const struct fw_ipt_words *w, size_t at)
{
	struct fw_chain *c;

	if (at + 2 < w->n) {
		perr(p, w->v[at + 2].col, "expected '%s [CHAIN]'", w->v[at].s);
		return;
	}
	if (at + 1 == w->n) {
		struct fw_table *t = table_of(p, k);

		for (size_t i = 0; i < p->n_dirty[k]; i++)
			chain_flush(p, k, &t->chains[p->dirty[k][i]]);
		p->n_dirty[k] = 0;
	} else if ((c = chain_find(p, k, w->v[at + 1].s))) {
		chain_flush(p, k, c);
	}
	p->good++;
}

/* A line of iptables commands: `[p:b] -A ...`, `-P`, `-N`, `-F`, `-t TABLE ...` (iptables -S). */
static void line_command(struct ps *p, const char *s, size_t n)
{
	const struct fw_ipt_words *w = &p->w;
	const char *why = NULL, *cmd;
	size_t at = 0;
	int col = 0, k;

	if (fw_ipt_words_split(&p->w, s, n, &col, &why) < 0) {
		perr(p, col, "%s", why);
		return;
	}
	if (w->n && w->v[0].s[0] == '[') {
		if (!counters_ok(w->v[0].s)) {
			perr(p, w->v[0].col, "expected counters '[packets:bytes]'");
			return;
		}
		at = 1;
	}
	if (at + 1 < w->n && !p->save_form && p->cur < 0 &&
	    (!strcmp(w->v[at].s, "-t") || !strcmp(w->v[at].s, "--table"))) {
		k = table_by_name(w->v[at + 1].s, strlen(w->v[at + 1].s));
		if (k < 0) {
			perr(p, w->v[at + 1].col,
			     "expected a table name (filter, nat, mangle, raw or security)");
			return;
		}
		at += 2;
	} else if (p->cur >= 0) {
		k = p->cur;
	} else if (p->save_form) {
		perr(p, w->n > at ? w->v[at].col : 1,
		     "a command outside a table (expected '*filter' or another table before it)");
		return;
	} else {
		k = T_FILTER; /* iptables -S: the filter table */
	}
	if (at >= w->n) {
		perr(p, 1, "expected a command (-A CHAIN ...) after the counters");
		return;
	}
	cmd = w->v[at].s;
	if (at && strcmp(cmd, "-A") && strcmp(cmd, "--append") && strcmp(cmd, "-I") &&
	    strcmp(cmd, "--insert") && w->v[0].s[0] == '[') {
		perr(p, w->v[at].col, "expected '-A' or '-I' after the counters");
		return;
	}
	if (!strcmp(cmd, "-A") || !strcmp(cmd, "--append") || !strcmp(cmd, "-I") ||
	    !strcmp(cmd, "--insert")) {
		if (p->n_rules >= p->max_rules) {
			/* what is left is not read: said once, at the first rule past the ceiling
			 */
			perr(p, w->v[at].col,
			     "more than %zu rules (FW_MAX_RULES); the rest is not read",
			     p->max_rules);
			p->stop = true;
			p->cur = -1;
			return;
		}
		cmd_append(p, k, w, at, s, n, cmd[1] == 'I' || cmd[2] == 'i');
	} else if (!strcmp(cmd, "-P") || !strcmp(cmd, "--policy")) {
		cmd_policy(p, k, w, at);
	} else if (!strcmp(cmd, "-N") || !strcmp(cmd, "--new-chain")) {
		cmd_new(p, k, w, at);
	} else if (!strcmp(cmd, "-F") || !strcmp(cmd, "--flush")) {
		cmd_flush(p, k, w, at);
	} else {
		perr(p, w->v[at].col,
		     "expected a rule ('-A CHAIN ...'), '-P', '-N' or '-F', got '%s' (a dump holds "
		     "no other command)",
		     cmd);
	}
}

static void parse_line(struct ps *p, const char *s, size_t n)
{
	size_t lead = 0;

	while (n && blank(s[n - 1]))
		n--;
	while (lead < n && blank(s[lead]))
		lead++;
	if (lead == n)
		return;
	if (memchr(s, '\0', n)) {
		perr(p, (int)((const char *)memchr(s, '\0', n) - s) + 1, "unexpected NUL byte");
		return;
	}
	if (s[lead] == '#') {
		header(p, s + lead, n - lead);
		return;
	}
	first_content(p);
	if (s[lead] == '*') {
		line_table(p, s + lead, n - lead);
		return;
	}
	if (p->skipping) /* the rules of a table vakt does not know: reported once, at its name */
		return;
	if (n - lead == 6 && !memcmp(s + lead, "COMMIT", 6)) {
		if (p->cur < 0)
			perr(p, (int)lead + 1, "'COMMIT' with no table open");
		else
			p->good++;
		p->cur = -1;
		return;
	}
	if (s[lead] == ':') {
		const char *why;
		int col;

		if (fw_ipt_words_split(&p->w, s, n, &col, &why) < 0)
			perr(p, col, "%s", why);
		else
			line_chain(p, &p->w);
		return;
	}
	if (s[lead] == '-' || s[lead] == '[') {
		line_command(p, s, n);
		return;
	}
	perr(p, (int)lead + 1,
	     "expected a table ('*filter'), a chain (':INPUT ACCEPT [0:0]'), a rule ('-A INPUT "
	     "...') or 'COMMIT'");
}

/* The chain's rules: its insertions, last first, then its appends. fr is emptied. */
static void front_join(struct fw_chain *c, struct front *fr)
{
	struct fw_rule *tail = c->rules;
	size_t n_tail = c->n_rules;

	if (!fr->n)
		return;
	c->rules = NULL;
	c->n_rules = 0;
	for (size_t i = fr->n; i-- > 0;)
		*fw_chain_add_rule(c, 0, NULL) = fr->v[i];
	for (size_t i = 0; i < n_tail; i++)
		*fw_chain_add_rule(c, 0, NULL) = tail[i];
	free(tail);
	fr->n = 0;
}

/* After the last line: jumps resolved, the version, the families, fragment or not. */
static void finish(struct ps *p)
{
	struct fw_ruleset *rs = p->rs;

	for (int k = 0; k < T_COUNT; k++) {
		struct fw_table *t;

		if (p->tix[k] < 0)
			continue;
		t = &rs->tables[p->tix[k]];
		for (size_t c = 0; c < t->n_chains && c < p->n_fronts[k]; c++)
			front_join(&t->chains[c], &p->fronts[k][c]);
		for (size_t c = 0; c < t->n_chains; c++)
			for (size_t i = 0; i < t->chains[c].n_rules; i++) {
				struct fw_rule *r = &t->chains[c].rules[i];

				if (r->verdict != FW_VERDICT_JUMP ||
				    index_get(&p->idx[k], t, r->target))
					continue;
				if (p->save_form)
					r->verdict = FW_VERDICT_OTHER; /* an extension target */
				else
					p->fragment = true; /* a chain outside the fragment */
			}
	}
	rs->ip_version = p->ver.v;
	for (size_t i = 0; i < rs->n_tables; i++)
		rs->tables[i].family = p->ver.v == 6 ? FW_FAMILY_IP6 : FW_FAMILY_IP;
	if (p->tix[T_FILTER] < 0) {
		p->fragment = true;
	} else {
		struct fw_table *t = &rs->tables[p->tix[T_FILTER]];

		if (!index_get(&p->idx[T_FILTER], t, "INPUT") ||
		    !index_get(&p->idx[T_FILTER], t, "FORWARD"))
			p->fragment = true;
	}
	rs->fragment = p->fragment;
}

int fw_ipt_parse(const struct vakt_source *src, uint8_t ip_version, size_t max_rules,
                 struct fw_ruleset **out, struct vakt_error_list *errs)
{
	struct ps p = {.src = src, .errs = errs, .max_rules = max_rules, .cur = -1};
	const char *s = src->data, *end = src->data + src->len;

	*out = NULL;
	p.rs = fw_ruleset_new(src->path, FW_FORMAT_IPTABLES);
	for (int k = 0; k < T_COUNT; k++)
		p.tix[k] = -1;
	if (ip_version == 4 || ip_version == 6)
		p.ver = (struct fw_ipt_version){ip_version, true};
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)((nl ? nl : end) - s);

		p.line++;
		if (n > FW_MAX_LINE)
			perr(&p, FW_MAX_LINE + 1, "line longer than %d bytes (FW_MAX_LINE)",
			     FW_MAX_LINE);
		else
			parse_line(&p, s, n);
		if (p.stop)
			break;
		s = nl ? nl + 1 : end;
	}
	if (p.cur >= 0)
		commit_missing(&p);
	if (p.bad > IPT_MAX_ERRORS) {
		struct vakt_error *e = NULL;

		vakt_error_set_at(&e, -EINVAL, src->path, 0, 0,
		                  "%zu more bad lines not reported (the first %d are)",
		                  p.bad - IPT_MAX_ERRORS, IPT_MAX_ERRORS);
		vakt_error_list_add(errs, e);
	}
	finish(&p);
	fw_ipt_words_release(&p.w);
	for (int k = 0; k < T_COUNT; k++) {
		for (size_t c = 0; c < p.n_fronts[k]; c++) {
			for (size_t i = 0; i < p.fronts[k][c].n; i++)
				fw_rule_release(&p.fronts[k][c].v[i]);
			free(p.fronts[k][c].v);
		}
		free(p.fronts[k]);
		free(p.idx[k].slot);
		free(p.dirty[k]);
	}
	if (!p.good && p.bad) {
		fw_ruleset_free(p.rs);
		return -EINVAL;
	}
	*out = p.rs;
	return 0;
}

int fw_parse_iptables(const struct vakt_source *src, uint8_t ip_version, struct fw_ruleset **out,
                      struct vakt_error_list *errs)
{
	return fw_ipt_parse(src, ip_version, FW_MAX_RULES, out, errs);
}
