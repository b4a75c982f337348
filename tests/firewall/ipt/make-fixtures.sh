#!/bin/sh
# Remake the iptables fixtures of this directory with the real tools, each in
# a throwaway network namespace (unshare -n): the machine's own rule set is
# never read or touched. Needs root, iptables 1.8 (nft and legacy) and
# iptables-restore. Usage: tests/firewall/ipt/make-fixtures.sh (from anywhere).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" -eq 0 ] || { echo "make-fixtures.sh: needs root (unshare -n)" >&2; exit 1; }

# in_ns FILE SCRIPT: run SCRIPT with sh in a new network namespace, its output into FILE.
in_ns() {
	unshare -n sh -eu -c "$2" >"$here/$1"
	echo "wrote $1"
}

# The article's default-deny host: flush, INPUT and FORWARD DROP, loopback,
# established and related, SSH from the VPN only, 80 and 443.
deny='
iptables -F; iptables -X
iptables -P INPUT DROP
iptables -P FORWARD DROP
iptables -P OUTPUT ACCEPT
iptables -A INPUT -i lo -j ACCEPT
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -s 10.8.0.0/24 -p tcp --dport 22 -m comment --comment "ssh from the vpn" -j ACCEPT
iptables -A INPUT -p tcp -m multiport --dports 80,443 -m comment --comment "web server" -j ACCEPT
iptables -A INPUT -p icmp --icmp-type echo-request -m limit --limit 5/sec -j ACCEPT
'
in_ns default-deny.rules.v4 "$deny iptables-save"
in_ns default-deny-counters.v4 "$deny iptables-save -c"
in_ns default-deny-S.txt "$deny iptables -S"
in_ns default-deny-legacy.v4 "$(echo "$deny" | sed "s/iptables /iptables-legacy /g")
iptables-legacy-save"

# An accept-all rule set: the filter table exists, no rule, every policy ACCEPT.
in_ns accept-all.v4 'iptables -P INPUT ACCEPT; iptables-save'

# IPv6: the same default deny (ICMPv6 is needed for neighbour discovery), and
# one left open while IPv4 is locked down.
in_ns default-deny.rules.v6 '
ip6tables -P INPUT DROP
ip6tables -P FORWARD DROP
ip6tables -A INPUT -i lo -j ACCEPT
ip6tables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
ip6tables -A INPUT -p ipv6-icmp -j ACCEPT
ip6tables -A INPUT -s fd00:8::/64 -p tcp --dport 22 -j ACCEPT
ip6tables -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT
ip6tables-save'
in_ns open.rules.v6 '
ip6tables -P INPUT ACCEPT
ip6tables -A INPUT -p tcp --dport 5432 -j ACCEPT
ip6tables-save'
in_ns default-deny-legacy.v6 '
ip6tables-legacy -P INPUT DROP
ip6tables-legacy -A INPUT -i lo -j ACCEPT
ip6tables-legacy -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
ip6tables-legacy -A INPUT -s 2001:db8:8::/48 -p tcp -m tcp --dport 22 -j ACCEPT
ip6tables-legacy -A INPUT -p tcp -m tcp --dport 443 -j REJECT --reject-with tcp-reset
ip6tables-legacy-save'

# A Docker host (Docker 24-27, iptables backend): the chains dockerd makes,
# one container 172.17.0.2 publishing -p 8080:80, the raw table's direct
# routing guard (Docker 27), and a DOCKER-USER rule an administrator added.
in_ns docker.v4 '
iptables -P FORWARD DROP
iptables -N DOCKER
iptables -N DOCKER-ISOLATION-STAGE-1
iptables -N DOCKER-ISOLATION-STAGE-2
iptables -N DOCKER-USER
iptables -A FORWARD -j DOCKER-USER
iptables -A FORWARD -j DOCKER-ISOLATION-STAGE-1
iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -A FORWARD -o docker0 -j DOCKER
iptables -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
iptables -A FORWARD -i docker0 -o docker0 -j ACCEPT
iptables -A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
iptables -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
iptables -A DOCKER-ISOLATION-STAGE-1 -j RETURN
iptables -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
iptables -A DOCKER-ISOLATION-STAGE-2 -j RETURN
iptables -A DOCKER-USER -i eth0 ! -s 192.168.1.0/24 -j DROP
iptables -A DOCKER-USER -j RETURN
iptables -t nat -N DOCKER
iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
iptables -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
iptables -t nat -A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE
iptables -t nat -A DOCKER -i docker0 -j RETURN
iptables -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
iptables -t raw -A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP
iptables-save'

# kube-proxy in iptables mode (Kubernetes 1.28+): service portals, a
# ClusterIP with two endpoints chosen by -m statistic, a NodePort, the
# masquerade mark, and its filter chains.
in_ns kube-proxy.v4 '
iptables -t nat -N KUBE-SERVICES
iptables -t nat -N KUBE-POSTROUTING
iptables -t nat -N KUBE-MARK-MASQ
iptables -t nat -N KUBE-NODEPORTS
iptables -t nat -N KUBE-SVC-NPX46M4PTMTKRN6Y
iptables -t nat -N KUBE-SEP-6E7XQMQ4RAYOWTTM
iptables -t nat -N KUBE-SEP-ZXMNUKOKXUTL2MK2
iptables -t nat -N KUBE-EXT-XPGD46QRK7WJZT7O
iptables -t nat -N KUBE-SVC-XPGD46QRK7WJZT7O
iptables -t nat -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
iptables -t nat -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
iptables -t nat -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
iptables -t nat -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
iptables -t nat -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
iptables -t nat -A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
iptables -t nat -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
iptables -t nat -A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y
iptables -t nat -A KUBE-SERVICES -d 10.96.112.40/32 -p tcp -m comment --comment "shop/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
iptables -t nat -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
iptables -t nat -A KUBE-NODEPORTS -p tcp -m comment --comment "shop/web:http" -m tcp --dport 30080 -j KUBE-EXT-XPGD46QRK7WJZT7O
iptables -t nat -A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "masquerade traffic for shop/web:http external destinations" -j KUBE-MARK-MASQ
iptables -t nat -A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVC-XPGD46QRK7WJZT7O
iptables -t nat -A KUBE-SVC-NPX46M4PTMTKRN6Y ! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-MARK-MASQ
iptables -t nat -A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 192.168.49.2:8443" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-6E7XQMQ4RAYOWTTM
iptables -t nat -A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 192.168.49.3:8443" -j KUBE-SEP-ZXMNUKOKXUTL2MK2
iptables -t nat -A KUBE-SEP-6E7XQMQ4RAYOWTTM -s 192.168.49.2/32 -m comment --comment "default/kubernetes:https" -j KUBE-MARK-MASQ
iptables -t nat -A KUBE-SEP-6E7XQMQ4RAYOWTTM -p tcp -m comment --comment "default/kubernetes:https" -m tcp -j DNAT --to-destination 192.168.49.2:8443
iptables -t nat -A KUBE-SEP-ZXMNUKOKXUTL2MK2 -s 192.168.49.3/32 -m comment --comment "default/kubernetes:https" -j KUBE-MARK-MASQ
iptables -t nat -A KUBE-SEP-ZXMNUKOKXUTL2MK2 -p tcp -m comment --comment "default/kubernetes:https" -m tcp -j DNAT --to-destination 192.168.49.3:8443
iptables -t nat -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "shop/web:http -> 10.244.1.7:8080" -j KUBE-SEP-6E7XQMQ4RAYOWTTM
iptables -N KUBE-FIREWALL
iptables -N KUBE-FORWARD
iptables -N KUBE-SERVICES
iptables -N KUBE-EXTERNAL-SERVICES
iptables -N KUBE-NODEPORTS
iptables -N KUBE-PROXY-FIREWALL
iptables -N KUBE-PROXY-CANARY
iptables -N KUBE-KUBELET-CANARY
iptables -A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
iptables -A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS
iptables -A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
iptables -A INPUT -j KUBE-FIREWALL
iptables -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
iptables -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
iptables -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
iptables -A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
iptables -A OUTPUT -j KUBE-FIREWALL
iptables -A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
iptables -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
iptables -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
iptables -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables-save'

# What iptables-nft-save does not show. Rules in both backends: it warns on
# standard error that legacy tables exist (kept here with 2>&1, as a dump
# captured with its errors holds it). A table made with nft that it cannot
# translate: it says so in a comment and prints nothing of the table (a rate
# "over"), or prints the table with its base chain as if empty (a priority
# iptables does not use). A set in a rule it drops without a word: the rule
# reads as accepting everything (nothing tells; kept for the evaluation).
in_ns legacy-present.v4 '
iptables-legacy -P INPUT DROP
iptables-legacy -A INPUT -i lo -j ACCEPT
iptables-nft -A INPUT -p tcp --dport 22 -j ACCEPT
iptables-nft-save 2>&1'
in_ns nft-incompatible.v4 '
nft add table ip filter
nft add chain ip filter INPUT "{ type filter hook input priority 0; policy drop; }"
nft add rule ip filter INPUT tcp dport 22 limit rate over 3/second drop
iptables-save'
in_ns nft-incompatible-chain.v4 '
nft add table ip filter
nft add chain ip filter INPUT "{ type filter hook input priority 10; policy drop; }"
nft add rule ip filter INPUT ct state established accept
iptables-save'
in_ns nft-lossy.v4 '
nft add table ip filter
nft add chain ip filter INPUT "{ type filter hook input priority 0; policy drop; }"
nft add rule ip filter INPUT ip saddr "{ 10.0.0.1, 10.0.0.2 }" accept
iptables-save'

# ufw's own rule files are written by ufw, not by iptables-save: they are
# checked here by loading them with iptables-restore -n (as ufw does) and
# saving the result, which must hold their rules.
for f in user.rules user6.rules; do
	tool=iptables
	[ "$f" = user6.rules ] && tool=ip6tables
	unshare -n sh -eu -c "$tool-restore -n <'$here/$f' && $tool-save" | grep -q -- 'user-input -p tcp' ||
		{ echo "make-fixtures.sh: $f does not load with $tool-restore" >&2; exit 1; }
	echo "checked $f"
done
