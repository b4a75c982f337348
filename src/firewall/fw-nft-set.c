/* SPDX-License-Identifier: MIT */
/* Named sets and maps of the nft parser: declarations, elements, brace sets in rules. */
#include <errno.h>
#include <string.h>

#include "fw-nft-priv.h"
#include "fw.h"

static void set_release(struct nft_set *s)
{
	free(s->table);
	free(s->name);
	vakt_strv_release(&s->elems);
}

/* Drop the sets of table (family, table), or of every table when table is NULL. */
void nft_sets_drop(struct nft_parser *p, enum fw_family family, const char *table)
{
	size_t k = 0;

	for (size_t i = 0; i < p->n_sets; i++) {
		if (!table || (p->sets[i].family == family && strcmp(p->sets[i].table, table) == 0))
			set_release(&p->sets[i]);
		else
			p->sets[k++] = p->sets[i];
	}
	p->n_sets = k;
	nft_reindex(p);
}

void nft_collect_set(struct nft_parser *p, struct vakt_strv *out, bool *complex, int nest)
{
	bool need_value = true;

	for (;;) {
		const struct nft_tok *t = nft_peek(p, 0);

		switch (t->type) {
		case NFT_T_EOF:
			nft_expected(p, t, "'}' closing the set");
			return;
		case NFT_T_RBRACE:
			nft_next(p);
			return;
		case NFT_T_END:
		case NFT_T_COMMA:
			if (t->type == NFT_T_COMMA)
				need_value = true;
			nft_next(p);
			break;
		case NFT_T_LBRACE: {
			struct nft_tok b = nft_next(p);

			if (nest >= FW_MAX_NEST) {
				nft_error_at(p, &b, "sets nested deeper than %d", FW_MAX_NEST);
				nft_skip_statement(p);
				return;
			}
			nft_collect_set(p, out, complex, nest + 1);
			need_value = false;
			break;
		}
		case NFT_T_WORD:
		case NFT_T_STRING: {
			struct nft_tok v = nft_next(p);

			if (need_value) {
				vakt_strv_push_take(out, vakt_xstrndup(v.s, v.n));
				need_value = false;
			} else if (nft_tok_is(&v, ".") || nft_tok_is(&v, ":")) {
				*complex = true;
			}
			/* element options (timeout 1h, comment "x", counter ...) are skipped */
			break;
		}
		case NFT_T_LPAREN:
		case NFT_T_RPAREN:
		case NFT_T_OP:
		default:
			nft_next(p);
			*complex = true;
			break;
		}
	}
}

/* `type ipv4_addr; flags interval; elements = { ... }` of a set or map body. */
void nft_parse_set_body(struct nft_parser *p, struct nft_set *s, bool is_map)
{
	if (is_map)
		s->complex = true;
	for (;;) {
		const struct nft_tok *t = nft_peek(p, 0);
		struct nft_tok k;

		if (t->type == NFT_T_EOF) {
			nft_expected(p, t, "'}' closing the set");
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
		k = nft_next(p);
		if (nft_tok_is(&k, "elements")) {
			struct nft_tok eq = nft_next(p), b;

			b = eq.type == NFT_T_OP ? nft_next(p) : eq;
			if (b.type != NFT_T_LBRACE) {
				nft_expected(p, &b, "'{' after 'elements ='");
				nft_skip_statement(p);
				continue;
			}
			nft_collect_set(p, &s->elems, &s->complex, 1);
			continue;
		}
		if (nft_tok_is(&k, "flags")) {
			for (;;) {
				const struct nft_tok *f = nft_peek(p, 0);

				if (nft_tok_is(f, "dynamic") || nft_tok_is(f, "timeout"))
					s->dynamic = true;
				if (f->type != NFT_T_WORD && f->type != NFT_T_COMMA)
					break;
				nft_next(p);
			}
			continue;
		}
		if (nft_tok_is(&k, "timeout"))
			s->dynamic = true;
		if ((nft_tok_is(&k, "type") || nft_tok_is(&k, "typeof")) && !is_map) {
			/* a concatenation of types is no single value */
			for (size_t i = 0; i < NFT_LOOKAHEAD; i++) {
				const struct nft_tok *f = nft_peek(p, i);

				if (f->type != NFT_T_WORD)
					break;
				if (nft_tok_is(f, ".") && nft_tok_is(&k, "type"))
					s->complex = true;
			}
		}
		nft_skip_statement(p);
	}
}
