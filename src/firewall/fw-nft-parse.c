/* SPDX-License-Identifier: MIT */
/*
 * nft's own syntax (nft list ruleset, nftables.conf): the token stream
 * (files, included files, define expansions), commands in block and
 * command form, tables, chains, sets. The statements of a rule are
 * fw-nft-rule.c's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/source.h"
#include "fw-nft-priv.h"
#include "fw.h"

/* --- tables and chains ---------------------------------------------------- */

/* A table spec: [family] name. Returns 0 and the name in *name (owned). */
static int table_spec(struct nft_parser *p, enum fw_family *family, char **name, struct nft_tok *at)
{
	struct nft_tok a = nft_next(p);
	const struct nft_tok *b = nft_peek(p, 0);
	int fam;

	*at = a;
	if (a.type != NFT_T_WORD && a.type != NFT_T_STRING) {
		nft_expected(p, &a, "a table name");
		nft_skip_statement(p);
		return -EINVAL;
	}
	fam = fw_nft_family(a.s, a.n);
	if (fam >= 0 && a.type == NFT_T_WORD &&
	    (b->type == NFT_T_WORD || b->type == NFT_T_STRING)) {
		struct nft_tok nm = nft_next(p);

		*family = (enum fw_family)fam;
		*name = vakt_xstrndup(nm.s, nm.n);
		return 0;
	}
	*family = FW_FAMILY_IP;
	*name = vakt_xstrndup(a.s, a.n);
	return 0;
}

/* A priority: a number, a name, or `name + N` / `name - N`. */
static int parse_priority(struct nft_parser *p, enum fw_family family, int *prio)
{
	struct nft_tok t = nft_next(p);
	const struct nft_tok *k;
	long v;
	bool ok;

	if (t.type != NFT_T_WORD) {
		nft_expected(p, &t, "a priority after 'priority'");
		return -EINVAL;
	}
	{
		char buf[16];

		if (t.n < sizeof(buf)) {
			memcpy(buf, t.s, t.n);
			buf[t.n] = '\0';
			if (vakt_parse_long(buf, -2147483647L, 2147483647L, &v) == 0) {
				*prio = (int)v;
				return 0;
			}
		}
	}
	v = fw_nft_priority_named(t.s, t.n, family, &ok);
	if (!ok) {
		/* `filter+10`, `mangle-5` written as one word */
		const char *op = t.n > 1 ? strpbrk(t.s + 1, "+-") : NULL;
		char buf[16];
		long d;

		if (op && op < t.s + t.n) {
			size_t dn = t.n - (size_t)(op - t.s) - 1;

			v = fw_nft_priority_named(t.s, (size_t)(op - t.s), family, &ok);
			if (ok && dn && dn < sizeof(buf)) {
				memcpy(buf, op + 1, dn);
				buf[dn] = '\0';
				if (vakt_parse_long(buf, 0, 1000000, &d) == 0) {
					*prio = (int)(v + (*op == '-' ? -d : d));
					return 0;
				}
			}
			ok = false;
		}
	}
	if (!ok) {
		char *q = nft_tok_quote(&t);

		nft_error_at(p, &t,
		             "expected a priority (a number, raw, mangle, dstnat, filter, security "
		             "or srcnat), found %s",
		             q);
		free(q);
		return -EINVAL;
	}
	k = nft_peek(p, 0);
	if (k->type == NFT_T_WORD && (nft_tok_is(k, "+") || nft_tok_is(k, "-") ||
	                              (k->n > 1 && (k->s[0] == '-' || k->s[0] == '+')))) {
		struct nft_tok op = nft_next(p);
		char buf[16];
		long d;
		const char *num = op.s;
		size_t nn = op.n;
		int sign = op.s[0] == '-' ? -1 : 1;

		if (op.n == 1) {
			struct nft_tok n2 = nft_next(p);

			num = n2.s;
			nn = n2.type == NFT_T_WORD ? n2.n : 0;
		} else {
			num++;
			nn--;
		}
		if (nn == 0 || nn >= sizeof(buf)) {
			nft_expected(p, &op, "a number after the priority's '+' or '-'");
			return -EINVAL;
		}
		memcpy(buf, num, nn);
		buf[nn] = '\0';
		if (vakt_parse_long(buf, 0, 1000000, &d) < 0) {
			nft_expected(p, &op, "a number after the priority's '+' or '-'");
			return -EINVAL;
		}
		v += sign * d;
	}
	*prio = (int)v;
	return 0;
}

/* `type filter hook input [device x] priority 0` of a base chain (after 'type'). */
static void parse_chain_type(struct nft_parser *p, struct fw_chain *c, enum fw_family family)
{
	struct nft_tok ty = nft_next(p), k;
	int hook, prio = 0;

	if (ty.type != NFT_T_WORD) {
		nft_expected(p, &ty, "a chain type (filter, nat, route) after 'type'");
		nft_skip_statement(p);
		return;
	}
	k = nft_next(p);
	if (!nft_tok_is(&k, "hook")) {
		nft_expected(p, &k, "'hook' after the chain type");
		nft_skip_statement(p);
		return;
	}
	k = nft_next(p);
	hook = k.type == NFT_T_WORD ? fw_nft_hook(k.s, k.n) : -1;
	if (hook < 0) {
		nft_expected(p, &k,
		             "a hook (prerouting, input, forward, output, postrouting, ingress)");
		nft_skip_statement(p);
		return;
	}
	for (;;) {
		const struct nft_tok *n = nft_peek(p, 0);

		if (nft_tok_is(n, "device")) {
			nft_next(p);
			nft_next(p);
			continue;
		}
		if (nft_tok_is(n, "devices")) {
			nft_next(p);
			if (nft_peek(p, 0)->type == NFT_T_OP)
				nft_next(p);
			if (nft_peek(p, 0)->type == NFT_T_LBRACE) {
				struct vakt_strv ign = VAKT_STRV_INIT;
				bool cx = false;

				nft_next(p);
				nft_collect_set(p, &ign, &cx, 1);
				vakt_strv_release(&ign);
			} else {
				nft_next(p);
			}
			continue;
		}
		break;
	}
	k = nft_next(p);
	if (!nft_tok_is(&k, "priority")) {
		nft_expected(p, &k, "'priority' in the base chain declaration");
		nft_skip_statement(p);
		return;
	}
	if (parse_priority(p, family, &prio) < 0) {
		nft_skip_statement(p);
		return;
	}
	free(c->type);
	c->type = vakt_xstrndup(ty.s, ty.n);
	c->hook = (enum fw_hook)hook;
	c->priority = prio;
	if (c->policy == FW_VERDICT_NONE)
		c->policy = FW_VERDICT_ACCEPT;
	nft_end_statement(p);
}

static void parse_policy(struct nft_parser *p, struct fw_chain *c)
{
	struct nft_tok v = nft_next(p);

	if (nft_tok_is(&v, "accept"))
		c->policy = FW_VERDICT_ACCEPT;
	else if (nft_tok_is(&v, "drop"))
		c->policy = FW_VERDICT_DROP;
	else {
		nft_expected(p, &v, "'accept' or 'drop' after 'policy'");
		nft_skip_statement(p);
		return;
	}
	nft_end_statement(p);
}

/* Rules moved by insert commands in all (each insert moves the rules after it). */
#define NFT_MAX_MOVES (16u * 1024 * 1024)

/* Put the rules v[0..n) (taken, v freed) at index pos of c (pos > n_rules: the end). */
static void chain_put_rules(struct nft_parser *p, struct fw_chain *c, size_t pos, struct fw_rule *v,
                            size_t n, const struct nft_tok *at)
{
	size_t i = 0;

	if (pos > c->n_rules)
		pos = c->n_rules;
	for (; i < n && p->n_rules < p->max_rules; i++, pos++) {
		struct fw_rule *dst = fw_chain_add_rule(c, v[i].line, NULL);

		p->n_rules++;
		*dst = v[i];
		/* each insert moves the rules after it: bounded in all, so many inserts stay linear
		 */
		if (pos < c->n_rules - 1 && c->n_rules - 1 - pos > NFT_MAX_MOVES - p->moved) {
			if (!p->moved_full)
				nft_error_at(
				    p, at,
				    "insert commands moved more than %u rules: this rule and later "
				    "inserted ones are kept at the end of their chain",
				    NFT_MAX_MOVES);
			p->moved_full = true;
			pos = c->n_rules - 1;
		}
		if (pos < c->n_rules - 1) {
			p->moved += c->n_rules - 1 - pos;
			struct fw_rule tmp = c->rules[c->n_rules - 1];

			memmove(&c->rules[pos + 1], &c->rules[pos],
			        (c->n_rules - 1 - pos) * sizeof(c->rules[0]));
			c->rules[pos] = tmp;
		}
	}
	if (i < n && !p->rules_full) {
		nft_error_at(p, at, "more than %zu rules (FW_MAX_RULES)", p->max_rules);
		p->rules_full = true;
	}
	for (; i < n; i++)
		fw_rule_release(&v[i]);
	free(v);
}

/* Read one rule from the stream into chain (family, table, chain) at pos. */
static void rule_into(struct nft_parser *p, enum fw_family family, const char *table,
                      const char *chain, size_t pos)
{
	struct fw_rule r = {0}, *v;
	struct nft_vmap vm = {0};
	const struct nft_tok *first = nft_peek(p, 0);
	struct nft_tok at = *first;
	struct fw_chain *c;
	size_t before = p->errs->n, n;
	int rc;

	vakt_buf_reset(&p->text);
	p->rec_depth = 0;
	p->recording = true;
	r.line = at.line;
	p->rule_xt = false;
	rc = nft_parse_rule(p, family, table, &r, &vm);
	p->recording = false;
	/* iptables-nft's untranslated matches and targets: its table */
	if (p->rule_xt && nft_table(p, family, table))
		nft_table(p, family, table)->iptables_managed = true;
	/* a rule with an error (an undefined variable, a bad string) is dropped, as nft would */
	for (size_t i = before; i < p->errs->n && rc == 0; i++)
		if (p->errs->v[i]->code != VAKT_WARNING_CODE)
			rc = -EINVAL;
	if (rc < 0) {
		fw_rule_release(&r);
		fw_nft_vmap_release(&vm);
		nft_skip_to_end(p);
		return;
	}
	r.text = vakt_xstrdup(vakt_buf_str(&p->text));
	if (at.file && at.file != p->top_file)
		r.file = vakt_xstrdup(at.file);
	c = nft_chain(p, family, table, chain);
	if (!c) {
		nft_error_at(p, &at, "no chain '%s' in table %s %s", chain, fw_family_name(family),
		             table);
		fw_rule_release(&r);
		fw_nft_vmap_release(&vm);
		return;
	}
	fw_nft_vmap_expand(&r, &vm, &v, &n);
	fw_nft_vmap_release(&vm);
	chain_put_rules(p, c, pos, v, n, &at);
}

/* The statements of a chain block, after its '{'. */
static void parse_chain_body(struct nft_parser *p, enum fw_family family, const char *table,
                             const char *chain)
{
	struct nft_tok pol = {0}; /* the last policy statement */

	for (;;) {
		const struct nft_tok *t = nft_peek(p, 0);
		struct fw_chain *c;

		if (t->type == NFT_T_EOF) {
			nft_expected(p, t, "'}' closing the chain");
			return;
		}
		if (t->type == NFT_T_RBRACE) {
			nft_next(p);
			/* a policy belongs to a base chain: nft refuses it on another */
			c = nft_chain(p, family, table, chain);
			if (c && c->hook == FW_HOOK_NONE && c->policy != FW_VERDICT_NONE) {
				nft_error_at(p, &pol, "a policy in chain '%s', which has no hook",
				             chain);
				c->policy = FW_VERDICT_NONE;
			}
			return;
		}
		if (t->type == NFT_T_END) {
			nft_next(p);
			continue;
		}
		c = nft_chain(p, family, table, chain);
		if (!c)
			return;
		if (nft_tok_is(t, "type")) {
			nft_next(p);
			parse_chain_type(p, c, family);
		} else if (nft_tok_is(t, "policy")) {
			pol = nft_next(p);
			parse_policy(p, c);
		} else if (nft_tok_is(t, "comment") || nft_tok_is(t, "devices") ||
		           nft_tok_is(t, "flags")) {
			nft_skip_statement(p);
		} else if (nft_tok_is(t, "include")) {
			struct nft_tok kw = nft_next(p);

			nft_parse_include(p, &kw);
		} else if (nft_tok_is(t, "define") || nft_tok_is(t, "redefine")) {
			nft_next(p);
			nft_parse_define(p);
		} else {
			rule_into(p, family, table, chain, SIZE_MAX);
		}
	}
}

/* `chain NAME [{ ... }]` in a table block, or the spec of `add chain` (name taken). */
static void chain_decl(struct nft_parser *p, enum fw_family family, const char *table,
                       const struct nft_tok *name)
{
	char *cn = vakt_xstrndup(name->s, name->n);

	nft_table_get(p, family, table, name->line);
	if (!nft_chain(p, family, table, cn)) {
		struct fw_chain *c = nft_chain_add(p, family, table, cn, name->line);

		if (name->file && name->file != p->top_file)
			c->file = vakt_xstrdup(name->file);
	}
	if (nft_peek(p, 0)->type == NFT_T_LBRACE) {
		nft_next(p);
		parse_chain_body(p, family, table, cn);
	}
	free(cn);
	nft_end_statement(p);
}

static void set_decl(struct nft_parser *p, enum fw_family family, const char *table, bool is_map)
{
	struct nft_tok name = nft_next(p);
	struct nft_set *s;
	char *sn;

	if (name.type != NFT_T_WORD && name.type != NFT_T_STRING) {
		nft_expected(p, &name, is_map ? "a map name" : "a set name");
		nft_skip_statement(p);
		return;
	}
	sn = vakt_xstrndup(name.s, name.n);
	s = nft_set_get(p, family, table, sn);
	free(sn);
	if (nft_peek(p, 0)->type == NFT_T_LBRACE) {
		nft_next(p);
		nft_parse_set_body(p, s, is_map);
	}
	nft_end_statement(p);
}

/* The statements of a table block, after its '{'. */
static void parse_table_body(struct nft_parser *p, enum fw_family family, const char *table)
{
	for (;;) {
		const struct nft_tok *t = nft_peek(p, 0);

		if (t->type == NFT_T_EOF) {
			nft_expected(p, t, "'}' closing the table");
			return;
		}
		if (t->type == NFT_T_RBRACE) {
			nft_next(p);
			return;
		}
		if (t->type == NFT_T_END) {
			nft_next(p);
			continue;
		}
		if (nft_tok_is(t, "chain")) {
			struct nft_tok name;

			nft_next(p);
			name = nft_next(p);
			if (name.type != NFT_T_WORD && name.type != NFT_T_STRING) {
				nft_expected(p, &name, "a chain name after 'chain'");
				nft_skip_statement(p);
				continue;
			}
			chain_decl(p, family, table, &name);
		} else if (nft_tok_is(t, "set") || nft_tok_is(t, "map")) {
			bool is_map = nft_tok_is(t, "map");

			nft_next(p);
			set_decl(p, family, table, is_map);
		} else if (nft_tok_is(t, "include")) {
			struct nft_tok kw = nft_next(p);

			nft_parse_include(p, &kw);
		} else if (nft_tok_is(t, "define") || nft_tok_is(t, "redefine")) {
			nft_next(p);
			nft_parse_define(p);
		} else if (nft_tok_is(t, "flags")) {
			/* a dormant table filters nothing: it leaves the model at the end */
			struct nft_tok kw = nft_next(p);

			while (nft_peek(p, 0)->type == NFT_T_WORD ||
			       nft_peek(p, 0)->type == NFT_T_COMMA) {
				if (nft_tok_is(nft_peek(p, 0), "dormant")) {
					nft_index_key(&p->key, 'Z', (int)family, table,
					              strlen(table), NULL, 0);
					nft_index_put(&p->index, p->key.data, p->key.len,
					              (size_t)kw.line);
				}
				nft_next(p);
			}
			nft_end_statement(p);
		} else if (t->type == NFT_T_WORD) {
			/* comment, flowtable, ct helper, counter, quota objects */
			nft_skip_statement(p);
		} else {
			nft_expected(p, t, "a chain, a set or a map in the table");
			nft_next(p);
			nft_skip_statement(p);
		}
	}
}

/* --- commands ------------------------------------------------------------- */

/* `table [family] name [{ ... }]` (after 'table'). */
static void cmd_table(struct nft_parser *p)
{
	enum fw_family family;
	char *name;
	struct nft_tok at;

	if (table_spec(p, &family, &name, &at) < 0)
		return;
	nft_table_get(p, family, name, at.line);
	if (nft_peek(p, 0)->type == NFT_T_LBRACE) {
		nft_next(p);
		parse_table_body(p, family, name);
	}
	free(name);
	nft_end_statement(p);
}

/* `chain [family] table name [{ ... }]` (after 'chain'). */
static void cmd_chain(struct nft_parser *p)
{
	enum fw_family family;
	char *table;
	struct nft_tok at, name;

	if (table_spec(p, &family, &table, &at) < 0)
		return;
	name = nft_next(p);
	if (name.type != NFT_T_WORD && name.type != NFT_T_STRING) {
		nft_expected(p, &name, "a chain name after the table");
		nft_skip_statement(p);
	} else {
		if (!nft_table(p, family, table))
			nft_error_at(p, &at, "no table %s %s declared before its chain",
			             fw_family_name(family), table);
		chain_decl(p, family, table, &name);
	}
	free(table);
}

/* `rule [family] table chain [position N | handle N | index N] stmts` (after add/insert). */
static void cmd_rule(struct nft_parser *p, bool insert)
{
	enum fw_family family;
	char *table, *chain;
	struct nft_tok at, name;
	size_t pos = insert ? 0 : SIZE_MAX;

	if (table_spec(p, &family, &table, &at) < 0)
		return;
	name = nft_next(p);
	if (name.type != NFT_T_WORD && name.type != NFT_T_STRING) {
		nft_expected(p, &name, "a chain name after the table");
		nft_skip_statement(p);
		free(table);
		return;
	}
	chain = vakt_xstrndup(name.s, name.n);
	for (;;) {
		const struct nft_tok *k = nft_peek(p, 0);
		bool is_index = nft_tok_is(k, "index");

		if (!is_index && !nft_tok_is(k, "position") && !nft_tok_is(k, "handle"))
			break;
		nft_next(p);
		{
			struct nft_tok n = nft_next(p);
			char buf[16];
			long v;

			if (n.type == NFT_T_WORD && n.n < sizeof(buf)) {
				memcpy(buf, n.s, n.n);
				buf[n.n] = '\0';
				/* handles are not in a file: an add goes last, an insert first */
				if (is_index && vakt_parse_long(buf, 0, FW_MAX_RULES, &v) == 0)
					pos = (size_t)v + (insert ? 0 : 1);
			}
		}
	}
	if (!nft_chain(p, family, table, chain)) {
		nft_error_at(p, &name, "no chain '%s' in table %s %s declared before its rule",
		             chain, fw_family_name(family), table);
		nft_skip_statement(p);
	} else {
		rule_into(p, family, table, chain, pos);
		nft_end_statement(p);
	}
	free(chain);
	free(table);
}

/* `element [family] table set { ... }` (after add/delete). */
static void cmd_element(struct nft_parser *p, bool del)
{
	enum fw_family family;
	char *table;
	struct nft_tok at, name, b;
	struct vakt_strv v = VAKT_STRV_INIT;
	bool complex = false;
	struct nft_set *s;
	char *sn;

	if (table_spec(p, &family, &table, &at) < 0)
		return;
	name = nft_next(p);
	b = nft_next(p);
	if ((name.type != NFT_T_WORD && name.type != NFT_T_STRING) || b.type != NFT_T_LBRACE) {
		nft_expected(p, name.type == NFT_T_WORD ? &b : &name, "a set name and '{'");
		nft_skip_statement(p);
		free(table);
		return;
	}
	nft_collect_set(p, &v, &complex, 1);
	sn = vakt_xstrndup(name.s, name.n);
	s = nft_set_get(p, family, table, sn);
	free(sn);
	s->complex |= complex;
	for (size_t i = 0; i < v.n; i++) {
		if (!del) {
			vakt_strv_push(&s->elems, v.v[i]);
			continue;
		}
		for (size_t j = 0; j < s->elems.n; j++)
			if (strcmp(s->elems.v[j], v.v[i]) == 0) {
				free(s->elems.v[j]);
				memmove(&s->elems.v[j], &s->elems.v[j + 1],
				        (s->elems.n - j - 1) * sizeof(char *));
				s->elems.n--;
				break;
			}
	}
	vakt_strv_release(&v);
	free(table);
	nft_end_statement(p);
}

static void drop_table(struct nft_parser *p, enum fw_family family, const char *name)
{
	for (size_t i = 0; i < p->rs->n_tables; i++) {
		struct fw_table *t = &p->rs->tables[i];

		if (t->family == family && strcmp(t->name, name) == 0) {
			for (size_t c = 0; c < t->n_chains; c++)
				p->n_rules -= t->chains[c].n_rules;
			fw_ruleset_remove_table(p->rs, i);
			break;
		}
	}
	nft_sets_drop(p, family, name); /* reindexes */
}

/* flush/delete/destroy: ruleset, table, chain, set, element; rules by handle are not followed. */
static void cmd_remove(struct nft_parser *p, const struct nft_tok *verb, bool flush)
{
	struct nft_tok what = nft_next(p);
	enum fw_family family;
	char *table = NULL;
	struct nft_tok at;

	if (flush && nft_tok_is(&what, "ruleset")) {
		while (p->rs->n_tables)
			fw_ruleset_remove_table(p->rs, p->rs->n_tables - 1);
		nft_sets_drop(p, FW_FAMILY_IP, NULL); /* reindexes */
		p->n_rules = 0;
		/* `flush ruleset ip` would flush one family only: the same here */
		if (nft_peek(p, 0)->type == NFT_T_WORD)
			nft_next(p);
		nft_end_statement(p);
		return;
	}
	if (nft_tok_is(&what, "element")) {
		cmd_element(p, !flush);
		return;
	}
	if (!nft_tok_is(&what, "table") && !nft_tok_is(&what, "chain") &&
	    !nft_tok_is(&what, "set") && !nft_tok_is(&what, "map")) {
		if (!nft_tok_is(&what, "rule"))
			nft_warn_at(p, verb, "'%.*s %.*s' not followed", (int)verb->n, verb->s,
			            (int)(what.n > 32 ? 32 : what.n), what.s);
		else
			nft_warn_at(p, verb,
			            "'%.*s rule' not followed (rule handles are not in a file)",
			            (int)verb->n, verb->s);
		nft_skip_statement(p);
		return;
	}
	if (table_spec(p, &family, &table, &at) < 0)
		return;
	if (nft_tok_is(&what, "table")) {
		struct fw_table *t = nft_table(p, family, table);

		if (!flush)
			drop_table(p, family, table);
		else if (t) {
			for (size_t c = 0; c < t->n_chains; c++) {
				p->n_rules -= t->chains[c].n_rules;
				fw_chain_clear(&t->chains[c]);
			}
		}
	} else {
		struct nft_tok name = nft_next(p);
		char *n = vakt_xstrndup(name.s, name.n);
		struct fw_table *t = nft_table(p, family, table);

		if (nft_tok_is(&what, "chain") && t) {
			for (size_t c = 0; c < t->n_chains; c++) {
				if (strcmp(t->chains[c].name, n) != 0)
					continue;
				p->n_rules -= t->chains[c].n_rules;
				if (flush)
					fw_chain_clear(&t->chains[c]);
				else {
					fw_table_remove_chain(t, c);
					nft_reindex(p);
				}
				break;
			}
		} else if (!nft_tok_is(&what, "chain")) {
			struct nft_set *s = nft_set_find(p, family, table, name.s, name.n);

			if (s)
				vakt_strv_release(&s->elems);
		}
		free(n);
		/* `delete chain inet f x { ... }` may repeat the body */
		if (nft_peek(p, 0)->type == NFT_T_LBRACE)
			nft_skip_statement(p);
	}
	free(table);
	nft_end_statement(p);
}

static void parse_command(struct nft_parser *p)
{
	const struct nft_tok *t = nft_peek(p, 0);
	struct nft_tok verb;

	if (t->type != NFT_T_WORD) {
		nft_expected(p, t, "a command (table, add, insert, flush, define, include)");
		nft_next(p);
		nft_skip_statement(p);
		return;
	}
	verb = nft_next(p);
	if (nft_tok_is(&verb, "include")) {
		nft_parse_include(p, &verb);
	} else if (nft_tok_is(&verb, "define") || nft_tok_is(&verb, "redefine")) {
		nft_parse_define(p);
	} else if (nft_tok_is(&verb, "undefine")) {
		struct nft_tok n = nft_next(p);

		for (size_t i = p->n_defs; i-- > 0;)
			if (strlen(p->defs[i].name) == n.n &&
			    memcmp(p->defs[i].name, n.s, n.n) == 0) {
				free(p->defs[i].name);
				free(p->defs[i].v);
				memmove(&p->defs[i], &p->defs[i + 1],
				        (p->n_defs - i - 1) * sizeof(p->defs[0]));
				p->n_defs--;
				nft_reindex(p);
				break;
			}
		nft_end_statement(p);
	} else if (nft_tok_is(&verb, "table")) {
		cmd_table(p);
	} else if (nft_tok_is(&verb, "chain")) {
		cmd_chain(p);
	} else if (nft_tok_is(&verb, "rule")) {
		cmd_rule(p, false);
	} else if (nft_tok_is(&verb, "element")) {
		cmd_element(p, false);
	} else if (nft_tok_is(&verb, "add") || nft_tok_is(&verb, "create") ||
	           nft_tok_is(&verb, "insert")) {
		struct nft_tok what = nft_next(p);
		bool insert = nft_tok_is(&verb, "insert");

		if (nft_tok_is(&what, "rule"))
			cmd_rule(p, insert);
		else if (insert) {
			nft_expected(p, &what, "'rule' after 'insert'");
			nft_skip_statement(p);
		} else if (nft_tok_is(&what, "table"))
			cmd_table(p);
		else if (nft_tok_is(&what, "chain"))
			cmd_chain(p);
		else if (nft_tok_is(&what, "element"))
			cmd_element(p, false);
		else if (nft_tok_is(&what, "set") || nft_tok_is(&what, "map")) {
			enum fw_family family;
			char *table;
			struct nft_tok at;

			if (table_spec(p, &family, &table, &at) == 0) {
				set_decl(p, family, table, nft_tok_is(&what, "map"));
				free(table);
			}
		} else
			nft_skip_statement(p); /* counters, quotas, flowtables, ct objects */
	} else if (nft_tok_is(&verb, "flush")) {
		cmd_remove(p, &verb, true);
	} else if (nft_tok_is(&verb, "delete") || nft_tok_is(&verb, "destroy")) {
		cmd_remove(p, &verb, false);
	} else if (nft_tok_is(&verb, "list") || nft_tok_is(&verb, "reset") ||
	           nft_tok_is(&verb, "monitor") || nft_tok_is(&verb, "describe") ||
	           nft_tok_is(&verb, "export") || nft_tok_is(&verb, "rename")) {
		nft_skip_statement(p);
	} else if (nft_tok_is(&verb, "replace")) {
		nft_warn_at(p, &verb,
		            "'replace rule' not followed (rule handles are not in a file)");
		nft_skip_statement(p);
	} else {
		char *q = nft_tok_quote(&verb);

		nft_error_at(p, &verb,
		             "expected a command (table, add, insert, flush, delete, define, "
		             "include), found %s",
		             q);
		free(q);
		nft_skip_statement(p);
	}
}

/* --- the whole rule set --------------------------------------------------- */

/* Named address sets resolved to their final elements (`add element` may come after a rule). */
static void resolve_sets(struct nft_parser *p)
{
	for (size_t i = 0; i < p->rs->n_tables; i++) {
		struct fw_table *t = &p->rs->tables[i];

		for (size_t c = 0; c < t->n_chains; c++)
			for (size_t k = 0; k < t->chains[c].n_rules; k++) {
				struct fw_rule *r = &t->chains[c].rules[k];
				struct fw_addrs *a[2] = {&r->src, &r->dst};

				for (int j = 0; j < 2; j++) {
					struct nft_set *s;
					bool ok;

					if (!a[j]->set_name)
						continue;
					s = nft_set_find(p, t->family, t->name, a[j]->set_name,
					                 strlen(a[j]->set_name));
					free(a[j]->v);
					a[j]->v = NULL;
					a[j]->n = 0;
					ok = s && !s->dynamic && !s->complex;
					if (ok && !fw_nft_budget(&p->resolved, s->elems.n)) {
						p->resolved_full = true;
						ok = false;
					}
					for (size_t e = 0; ok && e < s->elems.n; e++)
						ok = fw_nft_addrs_add(a[j], s->elems.v[e],
						                      strlen(s->elems.v[e])) == 0;
					if (!ok) {
						free(a[j]->v);
						a[j]->v = NULL;
						a[j]->n = 0;
					}
					a[j]->unresolved = !ok;
				}
			}
	}
}

static void mark_iptables_managed(struct nft_parser *p)
{
	for (size_t i = 0; i < p->ipt_tables.n; i++) {
		const char *s = p->ipt_tables.v[i], *sp = strchr(s, ' ');
		int fam = sp ? fw_nft_family(s, (size_t)(sp - s)) : -1;
		struct fw_table *t = fam >= 0 ? nft_table(p, (enum fw_family)fam, sp + 1) : NULL;

		if (t)
			t->iptables_managed = true;
	}
}

/* Tables with `flags dormant` apply no rule: out of the model, with a warning each. */
static void drop_dormant(struct nft_parser *p)
{
	for (size_t i = p->rs->n_tables; i-- > 0;) {
		const struct fw_table *t = &p->rs->tables[i];
		size_t line;

		nft_index_key(&p->key, 'Z', (int)t->family, t->name, strlen(t->name), NULL, 0);
		if (!nft_index_get(&p->index, p->key.data, p->key.len, &line))
			continue;
		fw_nft_error(p->errs, VAKT_WARNING_CODE, p->top_file, (int)line, 0,
		             "table %s %s is dormant (flags dormant): its rules do not apply",
		             fw_family_name(t->family), t->name);
		fw_ruleset_remove_table(p->rs, i);
	}
}

/* The directory of path beneath root ("" when path is not beneath it). Owned. */
static char *top_dir(const char *path, const char *root)
{
	size_t n;
	char *rel;

	if (!root)
		return vakt_xstrdup("");
	n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		n--;
	if (strncmp(path, root, n) != 0 || path[n] != '/')
		return vakt_xstrdup("");
	rel = nft_dir_of(path + n + 1);
	return rel;
}

int fw_parse_nft(const struct vakt_source *src, const char *include_root, struct fw_ruleset **out,
                 struct vakt_error_list *errs)
{
	return fw_nft_parse(src, include_root, FW_MAX_RULES, out, errs);
}

int fw_nft_parse(const struct vakt_source *src, const char *include_root, size_t max_rules,
                 struct fw_ruleset **out, struct vakt_error_list *errs)
{
	struct nft_parser p = {.max_rules = max_rules};
	struct nft_frame *f;
	bool base = false;
	size_t first = errs->n, bad = 0;

	p.rs = fw_ruleset_new(src->path, FW_FORMAT_NFT);
	p.errs = errs;
	p.root_path = include_root;
	p.top_file = src->path;
	p.root.fd = -1;
	f = &p.frames[p.depth++];
	f->dir = top_dir(src->path, include_root);
	nft_lex_init(&f->lx, src->path, src->data ? src->data : "", src->data ? src->len : 0);
	while (nft_peek(&p, 0)->type != NFT_T_EOF) {
		const struct nft_tok *t = nft_peek(&p, 0);

		if (t->type == NFT_T_END) {
			nft_next(&p);
			continue;
		}
		if (t->type == NFT_T_RBRACE) {
			nft_error_at(&p, t, "unexpected '}' outside a block");
			nft_next(&p);
			continue;
		}
		parse_command(&p);
	}
	resolve_sets(&p);
	if (p.resolved_full)
		fw_nft_error(
		    errs, VAKT_WARNING_CODE, src->path, 0, 0,
		    "named sets copied into rules beyond %u elements in all: the rest left "
		    "unresolved",
		    NFT_MAX_RESOLVED);
	mark_iptables_managed(&p);
	drop_dormant(&p);
	for (size_t i = 0; i < p.rs->n_tables; i++)
		for (size_t c = 0; c < p.rs->tables[i].n_chains; c++)
			base |= p.rs->tables[i].chains[c].hook != FW_HOOK_NONE;
	if (!base)
		p.rs->fragment = true;
	while (p.depth)
		nft_frame_pop(&p);
	for (size_t i = 0; i < p.n_defs; i++) {
		free(p.defs[i].name);
		free(p.defs[i].v);
	}
	free(p.defs);
	p.defs = NULL;
	p.n_defs = 0;
	nft_sets_drop(&p, FW_FAMILY_IP, NULL);
	free(p.sets);
	nft_index_clear(&p.index);
	vakt_buf_release(&p.key);
	vakt_strv_release(&p.keep);
	vakt_strv_release(&p.ipt_tables);
	vakt_buf_release(&p.text);
	if (p.root_state > 0)
		vakt_root_close(&p.root);
	for (size_t i = first; i < errs->n; i++)
		bad += errs->v[i]->code != VAKT_WARNING_CODE;
	if (bad && p.rs->n_tables == 0) {
		fw_ruleset_free(p.rs);
		*out = NULL;
		return -EINVAL;
	}
	*out = p.rs;
	return 0;
}
