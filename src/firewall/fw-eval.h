/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FW_EVAL_H
#define VAKT_FW_EVAL_H

/*
 * The reachability evaluation: what a rule set does with one symbolic
 * packet. The packet is new (conntrack NEW unless told otherwise), comes
 * from an internet address (one that no specific prefix of the rules
 * names: it matches 0/0 and the negation of any other prefix, and a named
 * set only when the set is resolved and holds 0/0), arrives on an external
 * interface (or the one named), and is addressed to a local address of the
 * host (or the one given), with a protocol and ports.
 *
 * The base chains of the packet's hook and chain type are walked in
 * priority order (iptables: filter INPUT; nft: every base chain of that
 * type at that hook in a table of the packet's family): the packet must
 * pass each of them. Jumps and gotos into user chains are followed to
 * FW_MAX_JUMP_DEPTH, a chain already on the way is not entered again, and
 * RETURN and the end of a user chain go back to the caller; the end of a
 * base chain is its policy.
 *
 * Three values: a match vakt does not model (an opaque one, an unresolved
 * set, a specific destination the host may or may not have) "may match".
 * An ACCEPT that may match makes the answer MAYBE unless the packet is
 * accepted anyway further on; a DROP that may match does not stop the walk
 * (it is kept as a caveat).
 *
 * A rule set that is a fragment (ufw's user.rules) has no base chains of
 * its own: each chain that no other chain jumps to is walked as a root (by
 * its name, those for the packet's hook), in order, and a packet none of
 * them decides is FW_OUTCOME_NONE: the policy lives elsewhere.
 */

#include <stdbool.h>
#include <stdint.h>

#include "fw-model.h"

enum fw_outcome {
	FW_OUTCOME_NONE, /* the rule set says nothing: another family, or a fragment fell through */
	FW_OUTCOME_ACCEPT, /* accepted (or, for a nat walk, translated: rule->verdict says which) */
	FW_OUTCOME_DROP,   /* dropped or rejected */
	FW_OUTCOME_MAYBE,  /* depends on matches vakt does not model */
};

/* An interface as the packet sees it. */
struct fw_ifname {
	const char *name; /* NULL: an external interface no rule names */
	bool wildcard;    /* name is a prefix: some interface whose name starts with it */
};

/* The symbolic packet. Borrowed pointers, valid for the call. */
struct fw_packet {
	uint8_t family;         /* 4 or 6 */
	enum fw_hook hook;      /* FW_HOOK_INPUT, FW_HOOK_FORWARD, FW_HOOK_PREROUTING */
	const char *chain_type; /* the base chains walked: "filter" (NULL too) or "nat" */
	uint8_t proto;          /* IPPROTO_TCP, IPPROTO_UDP */
	uint16_t sport;         /* 0: the sender's choice (a rule on a source port may match) */
	uint16_t dport;
	unsigned ct;                 /* FW_CT_* bits the packet has; 0 is taken as FW_CT_NEW */
	struct fw_ifname iif;        /* where it arrives */
	struct fw_ifname oif;        /* forward: where it leaves; name NULL: unknown */
	const struct fw_prefix *src; /* NULL: an internet address */
	const struct fw_prefix *dst; /* NULL: input: a local address; forward: unknown */
	/* Leave out nft tables iptables-nft manages (read from iptables-save instead). */
	bool skip_iptables_managed;
};

/* The answer for one rule set. Pointers borrow from the rule set. */
struct fw_decision {
	enum fw_outcome outcome;
	/* The deciding rule; NULL: a policy, or no base chain. */
	const struct fw_rule *rule;
	/* The chain of rule, or the base chain whose policy decided. */
	const struct fw_chain *chain;
	/* The innermost jump or goto on the way to rule (NULL: rule is in the chain walked). */
	const struct fw_rule *via;
	/* MAYBE: the rule that may have accepted (or the opaque verdict); else NULL. */
	const struct fw_rule *maybe;
	/* A DROP/REJECT that may have matched before the packet was accepted; NULL none. */
	const struct fw_rule *caveat;
	bool no_base_chain; /* ACCEPT because no base chain of the hook filters the family */
	bool cut;           /* a jump loop or the depth ceiling was met on the way */
};

/* Whether rs speaks for family (4 or 6): see fw_eval(). */
bool fw_ruleset_covers(const struct fw_ruleset *rs, uint8_t family);

/*
 * Whether the interface name is clearly an internal one (lo, docker0, br-*,
 * veth*, cni*, flannel*, cali*, cilium*, weave*, kube-*, virbr*, lxc*,
 * tun*, tap*, wg*, tailscale*, zt*): a packet from the internet does not
 * arrive on it.
 */
bool fw_ifname_internal(const char *name);

/*
 * Evaluate p against rs into *out. An iptables rule set speaks for its own
 * family only (ip_version, 4 when unknown); an nft one that is not a
 * fragment for every family, so a family no table filters is accepted
 * (outcome ACCEPT, no_base_chain). Linear in the rule set's size: each
 * chain is walked once per call. Allocates only scratch memory.
 */
void fw_eval(const struct fw_ruleset *rs, const struct fw_packet *p, struct fw_decision *out);

/*
 * How one rule matches p: 1 yes, 0 no, -1 maybe (an opaque match, an
 * unresolved set, an interface or address vakt cannot place).
 */
int fw_rule_match(const struct fw_rule *r, const struct fw_packet *p);

/* Whether r's dport match names port (a non-negated range holding it). */
bool fw_rule_names_dport(const struct fw_rule *r, uint16_t port);

#endif
