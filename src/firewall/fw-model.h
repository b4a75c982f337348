/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FW_MODEL_H
#define VAKT_FW_MODEL_H

/*
 * The typed model of a firewall rule set, whatever it was read from
 * (iptables-save / ip6tables-save text, nft's own syntax, `nft -j list
 * ruleset` JSON): tables of chains of ordered rules, each rule a set of
 * matches and one verdict. It holds what the firewall rules need to answer
 * "what reaches a local port from the internet": interfaces, addresses,
 * protocols, ports, conntrack states and verdicts, jumps into user chains.
 * A match vakt cannot read is kept as opaque (its text), never dropped: the
 * evaluation treats it as "may match" (fw-eval.h).
 *
 * Memory: a struct fw_ruleset owns everything below it (every string and
 * array); fw_ruleset_free() releases it. Parsers build it with the helpers
 * at the end of this header.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a rule set was read from. */
enum fw_format {
	FW_FORMAT_IPTABLES, /* iptables-save / ip6tables-save text (also rules.v4, ufw user.rules)
	                     */
	FW_FORMAT_NFT,      /* nft's own syntax (nft list ruleset, nftables.conf) */
	FW_FORMAT_NFT_JSON, /* nft -j list ruleset */
};

/* Address family of a table (nft families; iptables-save is ip or ip6). */
enum fw_family {
	FW_FAMILY_IP,   /* IPv4 only: iptables, nft `ip` */
	FW_FAMILY_IP6,  /* IPv6 only: ip6tables, nft `ip6` */
	FW_FAMILY_INET, /* both: nft `inet` */
	FW_FAMILY_ARP,
	FW_FAMILY_BRIDGE,
	FW_FAMILY_NETDEV,
};

/* The netfilter hook a base chain is attached to (iptables: by chain name). */
enum fw_hook {
	FW_HOOK_NONE, /* a user (regular) chain: reached only by jump/goto */
	FW_HOOK_PREROUTING,
	FW_HOOK_INPUT,
	FW_HOOK_FORWARD,
	FW_HOOK_OUTPUT,
	FW_HOOK_POSTROUTING,
	FW_HOOK_INGRESS,
	FW_HOOK_EGRESS,
};

enum fw_verdict {
	FW_VERDICT_NONE, /* no verdict: the packet goes on to the next rule (counter, log) */
	FW_VERDICT_ACCEPT,
	FW_VERDICT_DROP,
	FW_VERDICT_REJECT,
	FW_VERDICT_RETURN,   /* back to the calling chain (base chain: its policy) */
	FW_VERDICT_JUMP,     /* into rule.target, then back */
	FW_VERDICT_GOTO,     /* into rule.target, no return */
	FW_VERDICT_QUEUE,    /* to user space (NFQUEUE): treated as unknown */
	FW_VERDICT_DNAT,     /* nat: destination rewritten to rule.to_addr/to_ports */
	FW_VERDICT_SNAT,     /* nat: SNAT and MASQUERADE */
	FW_VERDICT_REDIRECT, /* nat: to a local port */
	FW_VERDICT_OTHER, /* a target vakt does not model (MARK, CT, TPROXY ...): name in target */
};

/* Conntrack states (bits of struct fw_rule.ct_states). */
enum {
	FW_CT_NEW = 1u << 0,
	FW_CT_ESTABLISHED = 1u << 1,
	FW_CT_RELATED = 1u << 2,
	FW_CT_INVALID = 1u << 3,
	FW_CT_UNTRACKED = 1u << 4,
	FW_CT_SNAT = 1u << 5,
	FW_CT_DNAT = 1u << 6,
};

/* One address prefix: family 4 or 6, prefix length 0..32 or 0..128. */
struct fw_prefix {
	uint8_t family; /* 4 or 6 */
	uint8_t len;
	uint8_t addr[16]; /* network byte order; IPv4 in the first 4 bytes */
};

/*
 * A set of addresses a rule matches on (source or destination). n == 0 and
 * no set name: the rule does not match on it (any address). A named nft set
 * (`@mgmt`) is resolved to its elements when the set is defined in the same
 * rule set (set_name kept for messages); an unresolved or dynamic set keeps
 * unresolved = true and no prefixes.
 */
struct fw_addrs {
	struct fw_prefix *v; /* owned */
	size_t n;
	bool negate;     /* `! -s`, `ip saddr != {...}` */
	char *set_name;  /* owned; NULL unless the rule named a set */
	bool unresolved; /* a set whose elements are not known */
	/* iptables -m addrtype / nft fib: the address is (not) a local one; 0 none */
	enum { FW_ADDRTYPE_ANY, FW_ADDRTYPE_LOCAL, FW_ADDRTYPE_NOT_LOCAL } addrtype;
};

/* A closed range of ports; a single port is lo == hi. */
struct fw_port_range {
	uint16_t lo, hi;
};

/* The ports a rule matches on. n == 0: any port. */
struct fw_ports {
	struct fw_port_range *v; /* owned, in the order written */
	size_t n;
	bool negate;
};

/* An interface match: name as written ("eth0", "br-+", nft "veth*"). */
struct fw_iface {
	char *name; /* owned; NULL: any interface */
	bool negate;
	bool wildcard; /* ends in iptables' '+' or nft's '*': name holds the prefix only */
};

/*
 * A match vakt does not model (-m recent, -m set, meta mark ...), kept so
 * the evaluation and the messages see it. Matches that any ordinary new
 * packet passes (comments, counters, rate limits, log) are not kept.
 */
struct fw_opaque {
	char *text; /* owned: "-m recent --rcheck --seconds 60", "meta mark 0x1" */
};

struct fw_rule {
	int line;      /* 1-based line in the source (the -A line, the nft rule line); 0 unknown */
	char *file;    /* owned: the file line is in when not the rule set's path (nft include) */
	char *text;    /* owned: the rule as written, on one line, for messages */
	char *comment; /* owned; -m comment --comment / nft comment; NULL none */
	struct fw_iface iif, oif;
	struct fw_addrs src, dst;
	/*
	 * Layer-4 protocol: IPPROTO_* number, 0 = any. nft `th dport` and
	 * `meta l4proto { tcp, udp }` set protos_any_of (bits: 1 tcp, 2 udp,
	 * 4 sctp, 8 dccp) instead with proto 0.
	 */
	uint8_t proto;
	bool proto_negate;
	uint8_t protos_any_of;
	/* Rule applies only to this family inside an inet table (`meta nfproto ipv4`, `ip saddr`);
	 * 0: both. */
	uint8_t only_family; /* 0, 4 or 6 */
	struct fw_ports sport, dport;
	unsigned ct_states; /* FW_CT_* bits; 0: no conntrack match */
	bool ct_negate;
	/* Matches vakt keeps but does not model; each may or may not match. */
	struct fw_opaque *opaque; /* owned */
	size_t n_opaque;
	enum fw_verdict verdict;
	char *target; /* owned: the chain of JUMP/GOTO, the target name of OTHER; NULL else */
	/* DNAT/REDIRECT: where to (--to-destination 172.17.0.2:80, nft `dnat to`). */
	struct fw_prefix to_addr;      /* len 0: not given */
	struct fw_port_range to_ports; /* 0-0: not given */
};

struct fw_chain {
	char *name; /* owned */
	int line;   /* the ':INPUT DROP [0:0]' line, the nft `chain x {` line; 0 unknown */
	char *file; /* owned: the file line is in when not the rule set's path (nft include) */
	enum fw_hook hook;
	/* nft base chain type ("filter", "nat", "route"); iptables: the table's name. */
	char *type;   /* owned; NULL for a user chain */
	int priority; /* nft priority (named ones resolved: filter 0, dstnat -100 ...) */
	/* Policy of a base chain: ACCEPT or DROP; NONE for a user chain ("-" in iptables-save). */
	enum fw_verdict policy;
	struct fw_rule *rules; /* owned, in order */
	size_t n_rules;
};

struct fw_table {
	char *name; /* owned: "filter", "nat", nft's table name */
	int line;
	enum fw_family family;
	/* nft: "# Warning: table ip filter is managed by iptables-nft"; its JSON rules lose their
	 * detail (xt statements) */
	bool iptables_managed;
	struct fw_chain *chains; /* owned, in declaration order */
	size_t n_chains;
};

struct fw_ruleset {
	char *path; /* owned: the file, or the command whose output it is ("iptables-save") */
	enum fw_format format;
	/*
	 * For iptables text: 4 (iptables-save) or 6 (ip6tables-save); told by
	 * the header, the addresses, the file name (rules.v6, user6.rules) or
	 * the caller; 0 unknown (treated as 4). Ignored for nft, whose tables
	 * carry a family.
	 */
	uint8_t ip_version;
	/* iptables-save header "(nf_tables)" / "(legacy)"; NULL unknown. owned */
	char *backend;
	/*
	 * A fragment, not a whole rule set: ufw's user.rules (user chains only,
	 * its INPUT policy lives in /etc/default/ufw), an nft file with no base
	 * chain. Policy findings are not drawn from a fragment.
	 */
	bool fragment;
	struct fw_table *tables; /* owned, in order */
	size_t n_tables;
};

/* Release everything rs owns and rs itself (NULL is fine). */
void fw_ruleset_free(struct fw_ruleset *rs);

/* A user-facing name: "ACCEPT", "DROP", ... and "input", "forward" ... */
const char *fw_verdict_name(enum fw_verdict v);
const char *fw_hook_name(enum fw_hook h);
const char *fw_family_name(enum fw_family f);

/* The chain named name in t, or NULL. */
const struct fw_chain *fw_table_chain(const struct fw_table *t, const char *name);

/*
 * Building a model (parsers). Each add returns the new element, zeroed but
 * for what it is given (strings copied), owned by its parent; a pointer
 * returned stays valid only until the next add to the same parent. The
 * arrays grow by doubling with a room implied by their count: grow them
 * only through these adds (a parser may drop its last element by lowering
 * the count, never hand in an array allocated elsewhere).
 */
struct fw_ruleset *fw_ruleset_new(const char *path, enum fw_format format);
struct fw_table *fw_ruleset_add_table(struct fw_ruleset *rs, const char *name,
                                      enum fw_family family, int line);
/* The table of rs named name in family, or NULL. */
struct fw_table *fw_ruleset_table(struct fw_ruleset *rs, const char *name, enum fw_family family);
struct fw_chain *fw_table_add_chain(struct fw_table *t, const char *name, int line);
/* The chain of t named name, or NULL (the mutable fw_table_chain()). */
struct fw_chain *fw_table_find_chain(struct fw_table *t, const char *name);
struct fw_rule *fw_chain_add_rule(struct fw_chain *c, int line, const char *text);
/* Release what a rule owns (a parser dropping a half-built rule); the rule itself is not freed. */
void fw_rule_release(struct fw_rule *r);
void fw_rule_add_opaque(struct fw_rule *r, const char *text);
/* Fill *dst with a deep copy of src (dst owns it; release with fw_rule_release()). */
void fw_rule_copy(struct fw_rule *dst, const struct fw_rule *src);
/*
 * Removing what a rule set said earlier (nft flush and delete): release the
 * rules of c (the chain stays); remove chain i of t, table i of rs, with
 * everything they own (the later elements move down one place).
 */
void fw_chain_clear(struct fw_chain *c);
void fw_table_remove_chain(struct fw_table *t, size_t i);
void fw_ruleset_remove_table(struct fw_ruleset *rs, size_t i);
void fw_addrs_add(struct fw_addrs *a, const struct fw_prefix *p);
void fw_ports_add(struct fw_ports *p, uint16_t lo, uint16_t hi);

/*
 * Parse "10.0.0.0/8", "192.168.1.1", "::1", "2001:db8::/32" (n bytes of s)
 * into *p. A host address gets the full length. Returns 0, or -EINVAL.
 */
int fw_prefix_parse(const char *s, size_t n, struct fw_prefix *p);
/* Whether p covers every address of its family (length 0). */
bool fw_prefix_is_any(const struct fw_prefix *p);
/* Whether a contains address (or prefix) b: same family, a.len <= b.len, the bits agree. */
bool fw_prefix_contains(const struct fw_prefix *a, const struct fw_prefix *b);
/* Print p into buf ("10.0.0.0/8", "::1"); returns buf. */
char *fw_prefix_format(const struct fw_prefix *p, char *buf, size_t size);

#endif
