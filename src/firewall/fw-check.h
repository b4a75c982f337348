/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FW_CHECK_H
#define VAKT_FW_CHECK_H

/*
 * What the firewall rules (fw-rules.c) read: a group of rule sets read
 * together (one host's iptables-save, ip6tables-save and nft output; the
 * rules.v4 and rules.v6 of one directory; or one file alone), with the
 * answers to the questions several rules ask computed once, and the
 * helpers that evaluate a packet over the whole group and report.
 */

#include "core/check.h"
#include "fw-eval.h"
#include "fw.h"

/* The most interfaces named in a group's rules that the evaluation tries one by one. */
#define FW_MAX_IFACES 8
/* The most DNAT rules of a group whose published port is followed through FORWARD. */
#define FW_MAX_DNAT 1024
/*
 * Rules the DNAT rules' walks may visit in all (each walks the group up to
 * twice per interface): a group of a million rules follows a few of them.
 */
#define FW_MAX_DNAT_WORK (200u * 1000 * 1000)
/* A port no rule is expected to name: the probe of what a chain does by default. */
#define FW_PROBE_PORT 4

/* The group's answer for one packet: what decided it and where. */
struct fw_hit {
	enum fw_outcome outcome;
	struct fw_decision d; /* of the rule set that decided */
	size_t set;           /* index of that rule set in the group */
	struct fw_ifname iif; /* the interface the packet arrived on (name NULL: any external) */
	bool fragment;        /* the deciding rule set is a fragment */
};

struct fw_group {
	struct fw_ruleset *const *sets;        /* borrowed */
	const struct vakt_source *const *srcs; /* NULL, or one per set (entries may be NULL) */
	/* The source of an included file, for snippets (NULL, or NULL when unknown). */
	const struct vakt_source *(*find_src)(void *data, const char *path);
	void *find_data;
	size_t n;
	const struct fw_audit_opts *ao; /* never NULL */
	/*
	 * Where a packet from the internet may arrive: the external interfaces
	 * the rules name, or {NULL} (one no rule names) when they name none.
	 */
	struct fw_ifname ifaces[1 + FW_MAX_IFACES];
	size_t n_ifaces;
	unsigned forwarding; /* evidence that the host routes: NAT rules, per family (bits) */
	size_t n_rules;      /* rules in every rule set of the group */
	/* bit p: some rule's dport match names port p (only the ports the rules report) */
	uint8_t named[65536 / 8];
	bool covered[2];        /* [0] IPv4, [1] IPv6: some rule set speaks for it (or live) */
	struct fw_hit input[2]; /* the input probe (FW_PROBE_PORT) per family */
	struct fw_hit forward[2];
};

/*
 * Whether some rule of g names port in its dport match: only those ports
 * can be reported (SSH, 2375 and fw_admin_ports[] are noted).
 */
bool fw_group_names_port(const struct fw_group *g, uint16_t port);

/* Fill g's interfaces, coverage and probes (g's sets, srcs, n and ao set by the caller). */
void fw_group_prepare(struct fw_group *g);

/*
 * Evaluate p over every rule set of g that speaks for p->family (the packet
 * must pass each), on every interface of g->ifaces unless p->iif names one:
 * ACCEPT when it is accepted on some interface, then MAYBE, DROP, NONE.
 */
void fw_group_eval(const struct fw_group *g, const struct fw_packet *p, struct fw_hit *out);

/* fw_group_eval() on p->iif alone, even when its name is NULL (an interface no rule names). */
void fw_group_eval_one(const struct fw_group *g, const struct fw_packet *p, struct fw_hit *out);

/* A new TCP packet from the internet to local port dport, at hook, of family 4 or 6. */
struct fw_packet fw_packet_tcp(uint8_t family, enum fw_hook hook, uint16_t dport);

/* The line a hit points at: the deciding rule, else the chain (policy), else 0. */
int fw_hit_line(const struct fw_hit *h);
/* The file of that line when not the rule set's own (an nft include), else NULL. */
const char *fw_hit_file(const struct fw_hit *h);
/* The file a rule or a chain was read from when not its rule set's own (an nft include). */
const char *fw_rule_file(const struct fw_rule *r);
const char *fw_chain_file(const struct fw_chain *c);

/*
 * Report one finding of ctx->rule at line of rule set `set` of the group
 * in ctx->model (line 0: no position), in file when the line is in a file
 * the rule set included (NULL: the rule set's own). The message is
 * printf-formatted.
 */
void fw_emit(struct vakt_check_ctx *ctx, size_t set, const char *file, int line, const char *fmt,
             ...) VAKT_PRINTF(5, 6);

/* "IPv4", "IPv6" or "IPv4 and IPv6" for a mask of bit 0 (IPv4) and bit 1 (IPv6). */
const char *fw_families_text(unsigned mask);

/* A port vakt names: what usually listens there. */
struct fw_service {
	uint16_t port;
	const char *name;
};
/* The database and administration ports of FW007 (and 2375 of FW006), {0} terminated. */
extern const struct fw_service fw_admin_ports[];
/* Whether port is one of fw_admin_ports[] or 2375; its name in *name. */
bool fw_port_sensitive(uint16_t port, const char **name);

/* The checks (fw-check-policy.c, fw-check-ports.c). */
void fw_check_input_default(struct vakt_check_ctx *ctx);
void fw_check_forward_default(struct vakt_check_ctx *ctx);
void fw_check_loopback(struct vakt_check_ctx *ctx);
void fw_check_established(struct vakt_check_ctx *ctx);
void fw_check_ssh(struct vakt_check_ctx *ctx);
void fw_check_docker_api(struct vakt_check_ctx *ctx);
void fw_check_admin_ports(struct vakt_check_ctx *ctx);
void fw_check_ipv6_open(struct vakt_check_ctx *ctx);
void fw_check_published(struct vakt_check_ctx *ctx);

/*
 * Run the rules on a group (fw_audit() for a host, the scan's end() per
 * directory pair or file). srcs: NULL, or the source of each set, so that
 * findings carry snippets. A walk cut short (a jump loop, chains deeper
 * than FW_MAX_JUMP_DEPTH) is a warning in errs (VAKT_WARNING_CODE).
 */
void fw_audit_group(struct fw_ruleset *const *sets, const struct vakt_source *const *srcs, size_t n,
                    const struct fw_audit_opts *ao, const struct vakt_scan_opts *o,
                    struct vakt_findings *out, struct vakt_error_list *errs);

/* The sources of the files a group's rule sets include, for fw_audit_group_find(). */
struct fw_sources {
	const struct vakt_source *(*find)(void *data, const char *path);
	void *data;
};

/* fw_audit_group() that finds the sources of included files through find (may be NULL). */
void fw_audit_group_find(struct fw_ruleset *const *sets, const struct vakt_source *const *srcs,
                         size_t n, const struct fw_sources *find, const struct vakt_scan_opts *o,
                         struct vakt_findings *out, struct vakt_error_list *errs);

#endif
