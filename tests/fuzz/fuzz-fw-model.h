/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FUZZ_FW_MODEL_H
#define VAKT_FUZZ_FW_MODEL_H

/*
 * The invariants of a firewall model any parser built (header only, for the
 * firewall harnesses): every field read, every string set where it must be,
 * prefixes and port ranges well-formed; and the errors of a parse located.
 */

#include "fuzz-common.h"
#include "firewall/fw.h"

static inline void fuzz_fw_addrs(const struct fw_addrs *a)
{
	char buf[64];

	if (a->n && !a->v)
		__builtin_trap();
	for (size_t i = 0; i < a->n; i++) {
		const struct fw_prefix *p = &a->v[i];

		if ((p->family != 4 && p->family != 6) || p->len > (p->family == 4 ? 32 : 128))
			__builtin_trap();
		fuzz_touch_str(fw_prefix_format(p, buf, sizeof(buf)));
	}
	fuzz_touch_str(a->set_name);
	if (a->unresolved && (!a->set_name || a->n))
		__builtin_trap();
	fuzz_sink += a->addrtype + a->negate;
}

static inline void fuzz_fw_ports(const struct fw_ports *p)
{
	if (p->n && !p->v)
		__builtin_trap();
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].lo > p->v[i].hi)
			__builtin_trap();
	fuzz_sink += p->negate;
}

static inline void fuzz_fw_rule(const struct fw_rule *r)
{
	if (r->line < 0 || !r->text)
		__builtin_trap();
	fuzz_touch_str(r->text);
	fuzz_touch_str(r->file);
	fuzz_touch_str(r->comment);
	fuzz_touch_str(r->iif.name);
	fuzz_touch_str(r->oif.name);
	if ((r->iif.wildcard && !r->iif.name) || (r->oif.wildcard && !r->oif.name))
		__builtin_trap();
	fuzz_fw_addrs(&r->src);
	fuzz_fw_addrs(&r->dst);
	fuzz_fw_ports(&r->sport);
	fuzz_fw_ports(&r->dport);
	if (r->only_family != 0 && r->only_family != 4 && r->only_family != 6)
		__builtin_trap();
	if (r->protos_any_of > 15 || (r->protos_any_of && r->proto))
		__builtin_trap();
	for (size_t i = 0; i < r->n_opaque; i++)
		if (!r->opaque[i].text || !r->opaque[i].text[0])
			__builtin_trap();
	if ((r->verdict == FW_VERDICT_JUMP || r->verdict == FW_VERDICT_GOTO ||
	     r->verdict == FW_VERDICT_OTHER) &&
	    !r->target)
		__builtin_trap();
	fuzz_touch_str(r->target);
	fuzz_touch_str(fw_verdict_name(r->verdict));
	if (r->to_ports.lo > r->to_ports.hi)
		__builtin_trap();
	fuzz_sink += r->proto + r->ct_states + r->to_addr.len;
}

static inline void fuzz_fw_ruleset(const struct fw_ruleset *rs)
{
	bool base = false;

	if (!rs->path)
		__builtin_trap();
	for (size_t t = 0; t < rs->n_tables; t++) {
		const struct fw_table *tb = &rs->tables[t];

		if (!tb->name)
			__builtin_trap();
		fuzz_touch_str(fw_family_name(tb->family));
		for (size_t c = 0; c < tb->n_chains; c++) {
			const struct fw_chain *ch = &tb->chains[c];

			if (!ch->name || fw_table_chain(tb, ch->name) == NULL)
				__builtin_trap();
			if ((ch->hook == FW_HOOK_NONE) != (ch->type == NULL))
				__builtin_trap();
			base |= ch->hook != FW_HOOK_NONE;
			fuzz_touch_str(fw_hook_name(ch->hook));
			fuzz_touch_str(ch->file);
			for (size_t k = 0; k < ch->n_rules; k++)
				fuzz_fw_rule(&ch->rules[k]);
		}
	}
	if (!base && !rs->fragment)
		__builtin_trap();
}

/* A parse's outcome: a rule set, or nothing and an error; every error has a message. */
static inline void fuzz_fw_outcome(int rc, const struct fw_ruleset *rs,
                                   const struct vakt_error_list *errs)
{
	bool hard = false;

	for (size_t i = 0; i < errs->n; i++) {
		const struct vakt_error *e = errs->v[i];

		if (!e->msg || !e->msg[0] || e->line < 0 || e->column < 0)
			__builtin_trap();
		hard |= e->code != VAKT_WARNING_CODE;
		fuzz_touch_str(e->file);
	}
	if (rc < 0 && (rs || !hard))
		__builtin_trap();
	if (rc == 0 && !rs)
		__builtin_trap();
	if (rs)
		fuzz_fw_ruleset(rs);
}

#endif
