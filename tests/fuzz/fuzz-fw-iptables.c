/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the iptables-save parser (src/firewall/fw-ipt-*.c)
 * and the sniffing of firewall dumps (fw-sniff.c). The last byte picks the
 * IP version the caller gives (0, 4 or 6) and the file name (a dump, ufw's
 * user6.rules, rules.v4).
 * Checked:
 *   - a failure sets no rule set and says why; a success's errors name the
 *     file and a line, and never exceed the per-file cap;
 *   - the model is sound: every table, chain and rule named, a user chain
 *     without policy or type, a jump, goto or unknown target with its name,
 *     ports and prefixes in range, at most FW_MAX_RULES rules, the version
 *     the caller gave kept;
 *   - every field is read, so that the sanitizers see a bad pointer.
 */
#include <stdint.h>
#include <string.h>

#include "core/source.h"
#include "firewall/fw.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_prefix(const struct fw_prefix *p)
{
	if ((p->family != 4 && p->family != 6) || p->len > (p->family == 4 ? 32 : 128))
		__builtin_trap();
}

static void check_addrs(const struct fw_addrs *a)
{
	for (size_t i = 0; i < a->n; i++)
		check_prefix(&a->v[i]);
	if (a->unresolved && (a->n || !a->set_name))
		__builtin_trap();
	fuzz_touch_str(a->set_name);
	fuzz_sink += a->addrtype + a->negate;
}

static void check_ports(const struct fw_ports *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].lo > p->v[i].hi)
			__builtin_trap();
}

static void check_iface(const struct fw_iface *f)
{
	if (f->name && strlen(f->name) > 15)
		__builtin_trap();
	if ((f->negate || f->wildcard) && !f->name)
		__builtin_trap();
}

static size_t check_chain(const struct fw_chain *c)
{
	if (!c->name || !*c->name || c->line < 0)
		__builtin_trap();
	if (c->hook == FW_HOOK_NONE && (c->policy != FW_VERDICT_NONE || c->type))
		__builtin_trap();
	if (c->hook != FW_HOOK_NONE &&
	    (!c->type || (c->policy != FW_VERDICT_ACCEPT && c->policy != FW_VERDICT_DROP)))
		__builtin_trap();
	fuzz_touch_str(c->type);
	for (size_t i = 0; i < c->n_rules; i++) {
		const struct fw_rule *r = &c->rules[i];
		bool named = r->verdict == FW_VERDICT_JUMP || r->verdict == FW_VERDICT_GOTO ||
		             r->verdict == FW_VERDICT_OTHER;

		if (r->line < 1 || !r->text || named != (r->target != NULL))
			__builtin_trap();
		fuzz_touch_str(r->text);
		fuzz_touch_str(r->comment);
		fuzz_touch_str(r->target);
		check_iface(&r->iif);
		check_iface(&r->oif);
		check_addrs(&r->src);
		check_addrs(&r->dst);
		check_ports(&r->sport);
		check_ports(&r->dport);
		if (r->to_addr.family)
			check_prefix(&r->to_addr);
		if (r->to_ports.lo > r->to_ports.hi)
			__builtin_trap();
		for (size_t k = 0; k < r->n_opaque; k++)
			if (!r->opaque[k].text || !*r->opaque[k].text)
				__builtin_trap();
			else
				fuzz_touch_str(r->opaque[k].text);
		fuzz_sink +=
		    r->proto + r->proto_negate + r->ct_states + r->ct_negate + r->only_family;
	}
	return c->n_rules;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"iptables.dump", "user6.rules", "rules.v4"};
	unsigned opt = fuzz_option(data, size);
	uint8_t ver = (uint8_t)(opt % 3 == 0 ? 0 : opt % 3 == 1 ? 4 : 6);
	const char *name = names[(opt / 3) % 3];
	struct vakt_source *src = vakt_source_from_mem(name, (const char *)data, size);
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs = (struct fw_ruleset *)1;
	size_t rules = 0;
	int rc;

	fuzz_sink += (size_t)(fw_sniff_content((const char *)data, size) + 1);
	rc = fw_parse_iptables(src, ver, &rs, &errs);
	if (rc < 0 && (rs || !errs.n))
		__builtin_trap();
	if (errs.n > 101 + 8) /* the errors, the line saying how many more, the warnings */
		__builtin_trap();
	for (size_t i = 0; i < errs.n; i++) {
		if (!errs.v[i]->file || strcmp(errs.v[i]->file, name) || errs.v[i]->line < 0 ||
		    !errs.v[i]->msg || !*errs.v[i]->msg)
			__builtin_trap();
		fuzz_touch_str(errs.v[i]->msg);
	}
	if (rs) {
		if (rs->format != FW_FORMAT_IPTABLES || (ver && rs->ip_version != ver) ||
		    (rs->ip_version != 0 && rs->ip_version != 4 && rs->ip_version != 6))
			__builtin_trap();
		fuzz_touch_str(rs->backend);
		fuzz_touch_str(rs->path);
		for (size_t t = 0; t < rs->n_tables; t++) {
			const struct fw_table *tb = &rs->tables[t];

			if (!tb->name ||
			    tb->family != (rs->ip_version == 6 ? FW_FAMILY_IP6 : FW_FAMILY_IP))
				__builtin_trap();
			for (size_t c = 0; c < tb->n_chains; c++)
				rules += check_chain(&tb->chains[c]);
		}
		if (rules > FW_MAX_RULES)
			__builtin_trap();
		fw_ruleset_free(rs);
	}
	vakt_error_list_release(&errs);
	vakt_source_free(src);
	return 0;
}
