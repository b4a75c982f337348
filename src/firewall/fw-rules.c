/* SPDX-License-Identifier: MIT */
/*
 * The firewall rules (FW001-FW099): what reaches a host from the internet,
 * judged on iptables-save, ip6tables-save and nftables rule sets
 * (docs/firewall.md). This table is the single source of each rule's text;
 * the checks live in fw-check-policy.c and fw-check-ports.c and run once per
 * group of rule sets read together (fw-audit.c).
 */
#include "core/rule.h"
#include "fw-check.h"

#define DOC_DOCKER_FW   "https://docs.docker.com/engine/network/packet-filtering-firewalls/"
#define DOC_DOCKER_SOCK "https://docs.docker.com/engine/security/protect-access/"
#define NFT_SERVER      "https://wiki.nftables.org/wiki-nftables/index.php/Simple_ruleset_for_a_server"
#define NFT_FAMILIES    "https://wiki.nftables.org/wiki-nftables/index.php/Nftables_families"
#define IPT_EXT         "https://man7.org/linux/man-pages/man8/iptables-extensions.8.html"
#define UFW_MAN         "https://manpages.debian.org/stable/ufw/ufw.8.en.html"
#define CIS_LINUX       "CIS Distribution Independent Linux Benchmark, host based firewall: "

#define REFS(...)  ((const char *const[]){__VA_ARGS__, NULL})
#define PEERS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_PEERS   ((const char *const[]){NULL})

#define DEFAULT_DENY_FIX                                                                           \
	"Deny by default and allow what the host serves, after loopback and replies:\n"            \
	"  iptables: iptables -A INPUT -i lo -j ACCEPT\n"                                          \
	"            iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n"     \
	"            iptables -A INPUT -p tcp --dport 443 -j ACCEPT\n"                             \
	"            iptables -P INPUT DROP   (the same with ip6tables)\n"                         \
	"  nft:      in the input chain: type filter hook input priority filter; policy drop;\n"   \
	"            iif lo accept\n"                                                              \
	"            ct state established,related accept\n"                                        \
	"            tcp dport 443 accept\n"                                                       \
	"  ufw:      ufw default deny incoming && ufw allow 443/tcp && ufw enable\n"               \
	"Save the rules so they survive a reboot (netfilter-persistent save, /etc/nftables.conf)."

#define SOURCE_FIX(port)                                                                           \
	"Accept the port only from the addresses that need it (a VPN, a management network, "      \
	"the application servers), or not at all and reach it over SSH or a VPN:\n"                \
	"  iptables: iptables -I INPUT -p tcp -s 10.8.0.0/24 --dport " port " -j ACCEPT\n"         \
	"            and remove the rule without -s\n"                                             \
	"  nft:      ip saddr 10.8.0.0/24 tcp dport " port " accept\n"                             \
	"  ufw:      ufw delete allow " port                                                       \
	"/tcp && ufw allow from 10.8.0.0/24 to any port " port " proto tcp"

const struct vakt_rule fw_rules[] = {
    {
        .id = "FW001",
        .slug = "fw-input-default-accept",
        .domain = "firewall",
        .severity = VAKT_SEV_MEDIUM,
        .title = "Incoming traffic is accepted by default",
        .rationale =
            "The input path accepts a new packet to a port no rule names: the chain's policy is "
            "ACCEPT and no final rule drops or rejects the rest, a rule accepts everything, or "
            "no chain filters the hook at all (Debian's stock nftables.conf, a host where only "
            "Docker wrote rules). Every service that listens on all addresses, including the "
            "ones started later by a package or a container, is then reachable from the "
            "internet; a firewall that denies by default makes exposure a decision.",
        .remediation = DEFAULT_DENY_FIX,
        .references = REFS(CIS_LINUX "Ensure default deny firewall policy", NFT_SERVER, UFW_MAN),
        .equivalents = PEERS("lynis:FIRE-4512"),
        .check = fw_check_input_default,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "FW002",
        .slug = "fw-forward-default-accept",
        .domain = "firewall",
        .severity = VAKT_SEV_MEDIUM,
        .title = "Forwarded traffic is accepted by default",
        .rationale =
            "The forward path accepts a new packet that no rule allows. On a host that routes "
            "(IP forwarding on, as Docker, Kubernetes and VPN gateways turn it on), anyone who "
            "can send packets to it can reach the networks behind it: containers, pods, a "
            "private LAN. The finding is lowered when the rule set shows no NAT, the sign "
            "that the host routes.",
        .remediation =
            "Drop forwarded traffic by default and allow the flows the host must route:\n"
            "  iptables: iptables -P FORWARD DROP (Docker keeps its own FORWARD rules)\n"
            "  nft:      chain forward { type filter hook forward priority filter; policy drop; "
            "}\n"
            "  ufw:      DEFAULT_FORWARD_POLICY=\"DROP\" in /etc/default/ufw, then ufw reload\n"
            "If the host does not route, also set net.ipv4.ip_forward=0.",
        .references =
            REFS(CIS_LINUX "Ensure default deny firewall policy", DOC_DOCKER_FW, NFT_SERVER),
        .equivalents = NO_PEERS,
        .check = fw_check_forward_default,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "FW003",
        .slug = "fw-loopback-dropped",
        .domain = "firewall",
        .severity = VAKT_SEV_LOW,
        .title = "A default-deny input drops loopback traffic",
        .rationale =
            "The input path denies by default and no rule accepts packets on lo before that. "
            "Services that talk to each other over 127.0.0.1 (a database behind an "
            "application, a local DNS cache, Docker's own proxies) fail, and the usual fix "
            "under pressure is to bind them to every address or to flush the firewall, which "
            "exposes far more than the loopback rule would.",
        .remediation = "Accept loopback traffic first:\n"
                       "  iptables: iptables -I INPUT 1 -i lo -j ACCEPT (and ip6tables)\n"
                       "  nft:      iif lo accept (first rule of the input chain)\n"
                       "  ufw:      ufw's before.rules accept lo; restore them if removed",
        .references = REFS(CIS_LINUX "Ensure loopback traffic is configured", NFT_SERVER),
        .equivalents = NO_PEERS,
        .check = fw_check_loopback,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "FW004",
        .slug = "fw-established-dropped",
        .domain = "firewall",
        .severity = VAKT_SEV_LOW,
        .title = "A default-deny input drops replies to the host's own connections",
        .rationale =
            "The input path denies by default and no rule accepts packets of connections the "
            "host opened (conntrack ESTABLISHED and RELATED) before that. DNS answers, package "
            "downloads and API replies are dropped, and rule sets in that state tend to grow "
            "broad accepts by source port (--sport 53, --sport 443) that an attacker can "
            "send from to reach any port.",
        .remediation = "Accept the packets of known connections near the top of the input "
                       "chain:\n"
                       "  iptables: iptables -I INPUT 2 -m conntrack --ctstate "
                       "ESTABLISHED,RELATED -j ACCEPT\n"
                       "  nft:      ct state established,related accept\n"
                       "  ufw:      ufw's before.rules carry this rule; restore them if removed",
        .references = REFS(CIS_LINUX "Ensure outbound and established connections are configured",
                           IPT_EXT, NFT_SERVER),
        .equivalents = NO_PEERS,
        .check = fw_check_established,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "FW005",
        .slug = "fw-ssh-open-to-any",
        .domain = "firewall",
        .severity = VAKT_SEV_MEDIUM,
        .title = "SSH is open to any source address",
        .rationale =
            "A rule accepts new connections to TCP port 22 from any address. Internet-wide "
            "scanners find an SSH port within minutes and try passwords and leaked keys against "
            "it; any flaw in the SSH server (CVE-2024-6387, regreSSHion, was remote code "
            "execution as root) is reachable by everyone. Administrators need it from a few "
            "places only: a VPN or a bastion host.",
        .remediation = SOURCE_FIX("22") "\nA rate limit (ufw limit, -m recent) slows guessing "
                                        "but leaves the port open to everyone.",
        .references = REFS("https://nvd.nist.gov/vuln/detail/CVE-2024-6387", NFT_SERVER, UFW_MAN),
        .equivalents = NO_PEERS,
        .check = fw_check_ssh,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "FW006",
        .slug = "fw-docker-api-open",
        .domain = "firewall",
        .severity = VAKT_SEV_CRITICAL,
        .title = "The unencrypted Docker API port 2375 is open to any source address",
        .rationale =
            "A rule accepts new connections to TCP port 2375, where dockerd listens without TLS "
            "and without authentication when it is told to (-H tcp://0.0.0.0:2375). Whoever "
            "reaches it starts a privileged container with the host's root filesystem mounted: "
            "root on the host, in one request. Crypto-mining botnets scan for this port.",
        .remediation =
            "Close the port and do not serve the API over plain TCP: reach it over SSH "
            "(DOCKER_HOST=ssh://user@host) or with TLS client certificates on 2376, accepted "
            "from known addresses only.\n" SOURCE_FIX("2375"),
        .references = REFS(DOC_DOCKER_SOCK,
                           "https://docs.docker.com/reference/cli/dockerd/#daemon-socket-option"),
        .equivalents = NO_PEERS,
        .check = fw_check_docker_api,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "FW007",
        .slug = "fw-admin-port-open",
        .domain = "firewall",
        .severity = VAKT_SEV_HIGH,
        .title = "A database or administration port is open to any source address",
        .rationale =
            "A rule accepts new connections from any address to a port where a database or an "
            "administration API listens: 2376 (Docker API with TLS), 10250 (kubelet), 2379 "
            "(etcd, the whole cluster's state and secrets), 3306 (MySQL, MariaDB), 5432 "
            "(PostgreSQL), 6379 (Redis), 27017 (MongoDB), 9200 (Elasticsearch), 11211 "
            "(Memcached). Several of these answer without a password by default, and the rest "
            "meet password guessing and their own flaws; none needs to be reachable from the "
            "whole internet.",
        .remediation = "Accept the port only from the application servers or the cluster's "
                       "nodes that use it, and bind the service to an internal address:\n"
                       "  iptables: iptables -I INPUT -p tcp -s 10.0.1.0/24 --dport 5432 -j "
                       "ACCEPT (and remove the rule without -s)\n"
                       "  nft:      ip saddr 10.0.1.0/24 tcp dport 5432 accept\n"
                       "  ufw:      ufw allow from 10.0.1.0/24 to any port 5432 proto tcp",
        .references = REFS("https://kubernetes.io/docs/reference/access-authn-authz/"
                           "kubelet-authn-authz/",
                           "https://etcd.io/docs/v3.5/op-guide/security/",
                           "https://redis.io/docs/latest/operate/oss_and_stack/management/"
                           "security/",
                           "https://nvd.nist.gov/vuln/detail/CVE-2018-1000115"),
        .equivalents = NO_PEERS,
        .check = fw_check_admin_ports,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "FW008",
        .slug = "fw-ipv6-open",
        .domain = "firewall",
        .severity = VAKT_SEV_HIGH,
        .title = "IPv6 is left open while IPv4 is locked down",
        .rationale =
            "IPv4 traffic that no rule allows is dropped, but IPv6 traffic is accepted: "
            "iptables rules do not apply to IPv6 (ip6tables holds their own), an nftables "
            "table of family ip filters IPv4 only, and a rules.v6 left empty accepts "
            "everything. Every service listening on [::] is reachable over IPv6 as if there "
            "were no firewall. When the host has no global IPv6 address the finding is lowered "
            "to info: nothing reaches it today, but the first router advertisement opens it.",
        .remediation = "Give IPv6 the same default deny as IPv4:\n"
                       "  iptables: ip6tables -P INPUT DROP with the same accepts as IPv4, "
                       "plus ICMPv6 (-p ipv6-icmp -j ACCEPT), saved in /etc/iptables/rules.v6\n"
                       "  nft:      use one table of family inet for both\n"
                       "  ufw:      IPV6=yes in /etc/default/ufw",
        .references =
            REFS(NFT_FAMILIES, UFW_MAN, CIS_LINUX "Ensure ip6tables default deny firewall policy"),
        .equivalents = NO_PEERS,
        .check = fw_check_ipv6_open,
        .scope = VAKT_SCOPE_SET,
    },
    {
        .id = "FW009",
        .slug = "fw-published-port-open",
        .domain = "firewall",
        .severity = VAKT_SEV_HIGH,
        .title = "A port published to containers is reachable from any source address",
        .rationale =
            "A DNAT rule sends a port of the host to a container (Docker's -p 8080:80 writes "
            "`-A DOCKER ! -i docker0 -p tcp --dport 8080 -j DNAT --to-destination "
            "172.17.0.2:80`) and the forward path accepts the translated packet. Such packets "
            "never cross the INPUT chain, so the host's input rules, ufw's included, do not "
            "restrict them: the port is open to the internet even where INPUT drops "
            "everything. High for database and administration ports, medium for the rest.",
        .remediation =
            "Publish on the loopback address when only the host needs the port (-p "
            "127.0.0.1:8080:80, ports: [\"127.0.0.1:8080:80\"]), or filter in DOCKER-USER, "
            "which Docker evaluates first:\n"
            "  iptables: iptables -I DOCKER-USER -i eth0 ! -s 10.8.0.0/24 -p tcp -m conntrack "
            "--ctorigdstport 8080 -j DROP\n"
            "  nft:      nft add table inet guard\n"
            "            nft add chain inet guard early '{ type filter hook forward priority -1; "
            "}'\n"
            "            nft add rule inet guard early iifname eth0 ip saddr != 10.8.0.0/24 "
            "meta l4proto tcp ct original proto-dst 8080 drop\n"
            "  ufw:      its rules do not see these packets: use DOCKER-USER or 127.0.0.1",
        .references =
            REFS(DOC_DOCKER_FW, "https://docs.docker.com/engine/network/port-publishing/"),
        .equivalents = NO_PEERS,
        .check = fw_check_published,
        .scope = VAKT_SCOPE_SET,
    },
    {.id = NULL},
};

const struct vakt_rule *const fw_rule_tables[] = {fw_rules, NULL};
