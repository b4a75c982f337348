/* SPDX-License-Identifier: MIT */
/*
 * The names iptables knows that a rule's arguments use: matches, targets
 * (and the verdict each stands for), protocols, the service names of
 * hand-written rules, conntrack states. Shared by fw-ipt-rule.c.
 */
#include <string.h>

#include "core/util.h"
#include "fw-ipt-priv.h"

static const struct {
	const char *name;
	enum fw_ipt_match kind;
} match_defs[] = {
    {"tcp", FW_IPT_M_PORTS},           {"udp", FW_IPT_M_PORTS},   {"udplite", FW_IPT_M_PORTS},
    {"sctp", FW_IPT_M_PORTS},          {"dccp", FW_IPT_M_PORTS},  {"multiport", FW_IPT_M_MULTIPORT},
    {"conntrack", FW_IPT_M_CONNTRACK}, {"state", FW_IPT_M_STATE}, {"addrtype", FW_IPT_M_ADDRTYPE},
    {"comment", FW_IPT_M_COMMENT},     {"limit", FW_IPT_M_PASS},  {"hashlimit", FW_IPT_M_HASHLIMIT},
    {"icmp", FW_IPT_M_ICMP},           {"icmp6", FW_IPT_M_ICMP},
};

/* Targets iptables ships; any other name is a user chain (the caller checks). */
static const struct {
	const char *name;
	enum fw_verdict verdict;
} target_defs[] = {
    {"ACCEPT", FW_VERDICT_ACCEPT},
    {"DROP", FW_VERDICT_DROP},
    {"REJECT", FW_VERDICT_REJECT},
    {"RETURN", FW_VERDICT_RETURN},
    {"QUEUE", FW_VERDICT_QUEUE},
    {"NFQUEUE", FW_VERDICT_QUEUE},
    {"DNAT", FW_VERDICT_DNAT},
    {"SNAT", FW_VERDICT_SNAT},
    {"MASQUERADE", FW_VERDICT_SNAT},
    {"REDIRECT", FW_VERDICT_REDIRECT},
    /* logging: the packet goes on to the next rule */
    {"LOG", FW_VERDICT_NONE},
    {"NFLOG", FW_VERDICT_NONE},
    {"ULOG", FW_VERDICT_NONE},
    {"TRACE", FW_VERDICT_NONE},
    /* targets vakt does not model: the evaluation reads their name */
    {"MARK", FW_VERDICT_OTHER},
    {"CONNMARK", FW_VERDICT_OTHER},
    {"CT", FW_VERDICT_OTHER},
    {"NOTRACK", FW_VERDICT_OTHER},
    {"TPROXY", FW_VERDICT_OTHER},
    {"TCPMSS", FW_VERDICT_OTHER},
    {"CHECKSUM", FW_VERDICT_OTHER},
    {"CLASSIFY", FW_VERDICT_OTHER},
    {"DSCP", FW_VERDICT_OTHER},
    {"TOS", FW_VERDICT_OTHER},
    {"TTL", FW_VERDICT_OTHER},
    {"HL", FW_VERDICT_OTHER},
    {"SET", FW_VERDICT_OTHER},
    {"SECMARK", FW_VERDICT_OTHER},
    {"CONNSECMARK", FW_VERDICT_OTHER},
    {"NETMAP", FW_VERDICT_OTHER},
    {"SYNPROXY", FW_VERDICT_OTHER},
    {"TEE", FW_VERDICT_OTHER},
    {"AUDIT", FW_VERDICT_OTHER},
    {"IDLETIMER", FW_VERDICT_OTHER},
    {"LED", FW_VERDICT_OTHER},
    {"HMARK", FW_VERDICT_OTHER},
    {"RATEEST", FW_VERDICT_OTHER},
    {"CLUSTERIP", FW_VERDICT_OTHER},
    {"DNPT", FW_VERDICT_OTHER},
    {"SNPT", FW_VERDICT_OTHER},
};

static const struct {
	const char *name;
	uint8_t num;
} proto_names[] = {
    {"tcp", 6},    {"udp", 17},   {"icmp", 1},    {"icmpv6", 58},   {"ipv6-icmp", 58}, {"esp", 50},
    {"ah", 51},    {"sctp", 132}, {"dccp", 33},   {"udplite", 136}, {"gre", 47},       {"igmp", 2},
    {"ipv6", 41},  {"ipip", 4},   {"ipencap", 4}, {"mh", 135},      {"ipv6-mh", 135},  {"ospf", 89},
    {"vrrp", 112}, {"pim", 103},  {"all", 0},
};

/* Service names iptables reads from /etc/services that appear in hand-written rules. */
static const struct {
	const char *name;
	uint16_t port;
} service_names[] = {
    {"ftp", 21},    {"ssh", 22},    {"telnet", 23},  {"smtp", 25},         {"domain", 53},
    {"http", 80},   {"www", 80},    {"pop3", 110},   {"ntp", 123},         {"imap", 143},
    {"imap2", 143}, {"snmp", 161},  {"ldap", 389},   {"https", 443},       {"submission", 587},
    {"imaps", 993}, {"pop3s", 995}, {"mysql", 3306}, {"postgresql", 5432},
};

static const struct {
	const char *name;
	unsigned bit;
} ct_names[] = {
    {"NEW", FW_CT_NEW},         {"ESTABLISHED", FW_CT_ESTABLISHED}, {"RELATED", FW_CT_RELATED},
    {"INVALID", FW_CT_INVALID}, {"UNTRACKED", FW_CT_UNTRACKED},     {"SNAT", FW_CT_SNAT},
    {"DNAT", FW_CT_DNAT},
};

enum fw_ipt_match fw_ipt_match_of(const char *name)
{
	for (size_t k = 0; k < VAKT_ARRAY_SIZE(match_defs); k++)
		if (!strcmp(match_defs[k].name, name))
			return match_defs[k].kind;
	return FW_IPT_M_OPAQUE;
}

bool fw_ipt_target_of(const char *name, enum fw_verdict *v)
{
	for (size_t k = 0; k < VAKT_ARRAY_SIZE(target_defs); k++)
		if (!strcmp(target_defs[k].name, name)) {
			*v = target_defs[k].verdict;
			return true;
		}
	return false;
}

bool fw_ipt_proto_of(const char *name, uint8_t *num)
{
	for (size_t k = 0; k < VAKT_ARRAY_SIZE(proto_names); k++)
		if (!vakt_strcasecmp(proto_names[k].name, name)) {
			*num = proto_names[k].num;
			return true;
		}
	return false;
}

bool fw_ipt_service_of(const char *s, size_t n, uint16_t *port)
{
	for (size_t k = 0; k < VAKT_ARRAY_SIZE(service_names); k++)
		if (strlen(service_names[k].name) == n && !memcmp(service_names[k].name, s, n)) {
			*port = service_names[k].port;
			return true;
		}
	return false;
}

bool fw_ipt_ct_of(const char *s, size_t n, unsigned *bit)
{
	for (size_t k = 0; k < VAKT_ARRAY_SIZE(ct_names); k++)
		if (strlen(ct_names[k].name) == n && !vakt_strncasecmp(ct_names[k].name, s, n)) {
			*bit = ct_names[k].bit;
			return true;
		}
	return false;
}
