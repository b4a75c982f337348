/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FW_H
#define VAKT_FW_H

/*
 * Firewall rule sets: the parsers that turn a dump into the model of
 * fw-model.h, the sniffing that tells a dump by name and content, and the
 * audit that runs the firewall rules (FW...) on one or several rule sets
 * read together (one host: its iptables-save, ip6tables-save and nft
 * output; or the rules.v4 and rules.v6 of one directory).
 *
 * Every parser takes an untrusted source: sizes are the source's (already
 * bounded by the caller), lines, tokens, nesting, rules and include depth
 * have the ceilings below, and a parse error names the file, line and
 * column and what was expected. A parser goes on past a bad line where it
 * can, so one typo does not hide the rest of a rule set.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/domain.h"
#include "core/error.h"
#include "core/source.h"
#include "fw-model.h"

struct vakt_findings;
struct vakt_scan_opts;

#define FW_MAX_LINE          (64 * 1024) /* longest line of a dump */
#define FW_MAX_RULES         1000000     /* rules in one rule set */
#define FW_MAX_NEST          64          /* nft blocks, JSON nesting, set elements in braces */
#define FW_MAX_INCLUDE_DEPTH 16          /* nft include chains */
#define FW_MAX_JUMP_DEPTH    64          /* user chains followed by the evaluation */

/*
 * Parse iptables-save / ip6tables-save text (also iptables -S output,
 * rules.v4/rules.v6 of iptables-persistent, ufw's user.rules). ip_version:
 * 4 or 6 when the caller knows it (ip6tables-save), 0 to tell it from the
 * header, file name and addresses. On success *out is a new rule set the
 * caller owns (fw_ruleset_free()); it is set even when some lines were bad
 * (each bad line appended to errs). Returns 0, or negative when nothing
 * usable was read (-EINVAL, with an error in errs).
 */
int fw_parse_iptables(const struct vakt_source *src, uint8_t ip_version, struct fw_ruleset **out,
                      struct vakt_error_list *errs);

/*
 * Parse nft's own syntax: `nft list ruleset` output and nftables.conf files
 * (block and command forms: `table inet f { chain input { ... } }`, `add
 * rule inet f input tcp dport 22 accept`, `define`, `flush ruleset`, sets,
 * `include`). include_root: the directory an include must resolve inside
 * (the scanned tree; absolute include paths are taken relative to it, and
 * relative ones to the including file's directory), or NULL to follow no
 * include (each one then reported in errs with code VAKT_WARNING_CODE and the rule set
 * marked a fragment). Ownership and errors as fw_parse_iptables().
 */
int fw_parse_nft(const struct vakt_source *src, const char *include_root, struct fw_ruleset **out,
                 struct vakt_error_list *errs);

/* Parse `nft -j list ruleset` JSON (libnftables-json(5)). As fw_parse_iptables(). */
int fw_parse_nft_json(const struct vakt_source *src, struct fw_ruleset **out,
                      struct vakt_error_list *errs);

/*
 * What a file holds, by name (rules.v4, rules.v6, user.rules, user6.rules,
 * iptables.rules, *.nft, nftables.conf, ...): a format, or -1 when the name
 * says nothing. ip_version is set to 4 or 6 when the name tells (else 0).
 */
int fw_sniff_name(const char *basename, uint8_t *ip_version);
/* What a file holds, by its first bytes: a format, or -1 when it is no firewall dump. */
int fw_sniff_content(const char *data, size_t len);

/*
 * What the caller knows about the host the rule sets came from (vakt host);
 * zeroed for files.
 */
struct fw_audit_opts {
	bool live; /* read from the running system: a missing family means no rules at all */
	/* -1 unknown, 0 no global IPv6 address on any interface, 1 some */
	int ipv6_configured;
	/* -1 unknown, 0 no, 1 an eBPF CNI (Cilium, Calico eBPF) enforces policy outside netfilter
	 */
	int ebpf_dataplane;
};

/*
 * Run the firewall rules on sets[0..n) read together (one host, one
 * directory): per rule set, then across them (IPv6 left open while IPv4 is
 * locked down). Findings go to out (unfiltered); problems that keep a
 * verdict from being drawn go to errs with code VAKT_WARNING_CODE. The sets
 * are borrowed.
 */
void fw_audit(struct fw_ruleset *const *sets, size_t n, const struct fw_audit_opts *ao,
              const struct vakt_scan_opts *o, struct vakt_findings *out,
              struct vakt_error_list *errs);

/* The rule tables of the firewall domain (fw-rules.c), NULL-terminated. */
extern const struct vakt_rule *const fw_rule_tables[];

#endif
