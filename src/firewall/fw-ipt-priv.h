/* SPDX-License-Identifier: MIT */
#ifndef VAKT_FW_IPT_PRIV_H
#define VAKT_FW_IPT_PRIV_H

/*
 * What the iptables-save parser's files share: the words of a line
 * (fw-ipt-parse.c splits them as iptables-restore does) and the reading of
 * one rule's arguments into a struct fw_rule (fw-ipt-rule.c).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/source.h"
#include "fw-model.h"

/* One word of a line, unquoted; s is NUL-terminated and owned by its struct fw_ipt_words. */
struct fw_ipt_word {
	const char *s;
	int col; /* 1-based byte column of its first character in the line */
};

struct fw_ipt_words {
	struct fw_ipt_word *v; /* owned */
	size_t n, cap;
	char *buf; /* owned: the unquoted words, each NUL-terminated */
	size_t buf_cap;
};

/*
 * Split line[0..len) into words as iptables-restore does: blanks separate,
 * "double quotes" (with \" and \\ inside) and 'single quotes' group, a
 * backslash outside quotes escapes the next character. w is reused from
 * line to line (released by fw_ipt_words_release()). Returns 0, or -EINVAL
 * with *col and *why set (an unterminated quote).
 */
int fw_ipt_words_split(struct fw_ipt_words *w, const char *line, size_t len, int *col,
                       const char **why);
void fw_ipt_words_release(struct fw_ipt_words *w);

/* Why a rule could not be read: the column of the word at fault and a message. */
struct fw_ipt_fault {
	int col;
	char msg[256];
};

/*
 * What the rule reader knows of the dump: the IP version when the caller,
 * the header or the file name fixed it (addresses of the other family are
 * then an error), or the version the first address told (set by the reader
 * when it was 0).
 */
struct fw_ipt_version {
	uint8_t v;  /* 4, 6 or 0 */
	bool fixed; /* v came from the caller, the header or the name */
};

/*
 * Read the arguments of one rule (the words after `-A CHAIN`) into *r,
 * which the caller zeroed and owns (fw_rule_release() on failure too).
 * A target that is not one iptables ships is read as a jump to a user
 * chain (JUMP, target = its name): the caller resolves it against the
 * table's chains. Sets *other_family when the rule is only for the other
 * IP version (`-4` in an IPv6 dump, `-6` in an IPv4 one): iptables-restore
 * skips it. Returns 0, or -EINVAL with *f set.
 */
int fw_ipt_rule_read(const struct fw_ipt_word *w, size_t n, struct fw_ipt_version *ver,
                     struct fw_rule *r, bool *other_family, struct fw_ipt_fault *f);

/* --- the names iptables knows (fw-ipt-names.c) --- */

/* How the rule reader treats a match (-m NAME). */
enum fw_ipt_match {
	FW_IPT_M_PORTS,     /* tcp, udp, udplite, sctp, dccp: --dport, --sport */
	FW_IPT_M_MULTIPORT, /* --dports, --sports, --ports */
	FW_IPT_M_CONNTRACK, /* --ctstate */
	FW_IPT_M_STATE,     /* --state */
	FW_IPT_M_ADDRTYPE,  /* --dst-type LOCAL, --src-type LOCAL */
	FW_IPT_M_COMMENT,   /* --comment */
	FW_IPT_M_PASS,      /* limit: any ordinary packet passes; not kept */
	FW_IPT_M_HASHLIMIT, /* not kept, unless it matches above a rate (--hashlimit-above) */
	FW_IPT_M_ICMP,      /* icmp, icmp6: kept as opaque when it names a type */
	FW_IPT_M_OPAQUE,    /* anything else: kept as opaque text */
};

/* The kind of match name (FW_IPT_M_OPAQUE for one vakt does not know). */
enum fw_ipt_match fw_ipt_match_of(const char *name);
/* The verdict of a target iptables ships (-j NAME); false for any other name (a chain). */
bool fw_ipt_target_of(const char *name, enum fw_verdict *v);
/* The number of a protocol name (any case; "all" is 0); false when unknown. */
bool fw_ipt_proto_of(const char *name, uint8_t *num);
/* The port of a service name s[0..n) ("ssh"); false when unknown. */
bool fw_ipt_service_of(const char *s, size_t n, uint16_t *port);
/* The FW_CT_* bit of a conntrack state s[0..n) (any case); false when unknown. */
bool fw_ipt_ct_of(const char *s, size_t n, unsigned *bit);

/*
 * fw_parse_iptables() with a ceiling of max_rules rules instead of
 * FW_MAX_RULES (for the tests of the ceiling). As fw_parse_iptables().
 */
int fw_ipt_parse(const struct vakt_source *src, uint8_t ip_version, size_t max_rules,
                 struct fw_ruleset **out, struct vakt_error_list *errs);

#endif
