/* SPDX-License-Identifier: MIT */
/*
 * The container-engine rules HO040-HO069: the Docker daemon's settings
 * (daemon.json and the dockerd command line), the engines' sockets, the
 * docker group, the engines' files, and runc's container-escape CVEs. This
 * table is the single source of each rule's text; the checks live in
 * host-docker-check.c. CIS numbers are those of the CIS Docker Benchmark
 * 1.6.0, which docker-bench-security implements under the same ids.
 */
#include "core/rule.h"
#include "host-docker-check.h"
#include "host-facts.h"

#define CIS(id, title) "CIS Docker Benchmark 1.6.0 §" id ": " title
#define DOC_DAEMON     "https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file"
#define DOC_PROTECT    "https://docs.docker.com/engine/security/protect-access/"
#define DOC_USERNS     "https://docs.docker.com/engine/security/userns-remap/"
#define DOC_ROOTLESS   "https://docs.docker.com/engine/security/rootless/"
#define DOC_LIVE       "https://docs.docker.com/engine/daemon/live-restore/"
#define DOC_BRIDGE     "https://docs.docker.com/engine/network/drivers/bridge/"
#define DOC_FIREWALL   "https://docs.docker.com/engine/network/packet-filtering-firewalls/"
#define DOC_INSECURE   "https://docs.docker.com/reference/cli/dockerd/#insecure-registries"
#define DOC_MIRROR     "https://docs.docker.com/docker-hub/image-library/mirror/"
#define DOC_AUTHZ      "https://docs.docker.com/engine/extend/plugins_authorization/"
#define DOC_SURFACE    "https://docs.docker.com/engine/security/#docker-daemon-attack-surface"
#define RUNC_ADVISORY  "https://github.com/opencontainers/runc/security/advisories"
#define CVE(id)        "https://nvd.nist.gov/vuln/detail/" id

#define REFS(...)  ((const char *const[]){__VA_ARGS__, NULL})
#define PEERS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_PEERS   ((const char *const[]){NULL})

#define RESTART "then restart the daemon: systemctl restart docker"
#define RUNC_FIX                                                                                   \
	"Upgrade runc: the distribution's security update for its runc package, or containerd.io " \
	"/ docker-ce from Docker's repository (their runc is upstream's). Check the installed "    \
	"version with `runc --version`; for a distribution's package, its security tracker says "  \
	"whether the fix was backported."

const struct vakt_rule host_docker_rules[] = {
    {
        .id = "HO040",
        .slug = "docker-tcp-without-tls",
        .domain = "host",
        .severity = VAKT_SEV_CRITICAL,
        .title = "The Docker daemon listens on TCP without TLS client verification",
        .rationale =
            "The Docker API is root on the host: whoever can call it starts a privileged "
            "container with the host's disk mounted. On tcp:// without tlsverify any client that "
            "reaches the port is accepted (port 2375 is scanned for on the internet and used to "
            "mine coins). A listener on 127.0.0.1 is reachable by every local user and process "
            "(medium); TLS without client verification encrypts but lets anyone in (one step "
            "lower); a rootless daemon gives away its user, not root (one step lower).",
        .remediation = "Remove the tcp:// address from \"hosts\" in /etc/docker/daemon.json (or "
                       "-H from the unit's ExecStart) and use the unix socket or SSH "
                       "(DOCKER_HOST=ssh://host). If TCP is needed, require client "
                       "certificates:\n"
                       "  {\"hosts\": [\"unix:///run/docker.sock\", \"tcp://0.0.0.0:2376\"],\n"
                       "   \"tlsverify\": true, \"tlscacert\": \"/etc/docker/ca.pem\",\n"
                       "   \"tlscert\": \"/etc/docker/server.pem\", \"tlskey\": "
                       "\"/etc/docker/server-key.pem\"}\n" RESTART ".",
        .references = REFS(CIS("2.7", "Ensure TLS authentication for Docker daemon is configured"),
                           DOC_PROTECT, DOC_SURFACE),
        .equivalents = NO_PEERS,
        .check = host_check_docker_tcp,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO041",
        .slug = "engine-socket-world-writable",
        .domain = "host",
        .severity = VAKT_SEV_CRITICAL,
        .title = "A container engine's API socket is world-writable",
        .rationale =
            "Connecting to a unix socket needs write permission on it. A world-writable "
            "docker.sock (or containerd.sock, podman.sock) lets every local user and every "
            "process, including a compromised web application, start a privileged container: "
            "root on the host. lynis's CONT-8108 never reports it, because it tests the path as "
            "a regular file and a socket is not one; vakt checks the socket as a socket. A "
            "socket in a directory others cannot enter is not reported; a rootless engine's "
            "socket is one step lower.",
        .remediation = "Give the socket back its mode and find what changed it (a chmod 666 in "
                       "a provisioning script, a unit's SocketMode=):\n"
                       "  chown root:docker /run/docker.sock && chmod 660 /run/docker.sock\n"
                       "For the docker.socket unit: SocketMode=0660, SocketUser=root, "
                       "SocketGroup=docker; then systemctl restart docker.socket docker.",
        .references = REFS(CIS("3.16", "Ensure that Docker socket file permissions are set to "
                                       "660 or more restrictively"),
                           CIS("3.24", "Ensure that the containerd socket file permissions are "
                                       "set to 660 or more restrictively"),
                           DOC_PROTECT),
        .equivalents = PEERS("lynis:CONT-8108"),
        .check = host_check_socket_world,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO042",
        .slug = "engine-socket-other-group",
        .domain = "host",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A container engine's socket is writable by a group other than root or docker",
        .rationale = "Members of the socket's group can drive the engine and are root on the "
                     "host. The docker group is the known, documented grant; a socket handed to "
                     "another group (users, wheel, a CI group) makes its members root without "
                     "it showing in the docker group.",
        .remediation = "Set the socket's group back to docker (or root for containerd and "
                       "podman) and add only trusted users to it:\n"
                       "  SocketGroup=docker in docker.socket; then systemctl restart "
                       "docker.socket docker",
        .references = REFS(CIS("3.15", "Ensure that Docker socket file ownership is set to "
                                       "root:docker"),
                           CIS("3.23", "Ensure that the containerd socket file ownership is set "
                                       "to root:root"),
                           DOC_SURFACE),
        .equivalents = NO_PEERS,
        .check = host_check_socket_group,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO043",
        .slug = "engine-socket-not-root-owned",
        .domain = "host",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A rootful container engine's socket is not owned by root",
        .rationale = "The socket's owner can connect to it whatever its mode, and so drive an "
                     "engine that runs as root: a user given the socket this way is "
                     "root-equivalent without being in any group. Rootless engines' sockets "
                     "belong to their user and are not checked.",
        .remediation = "chown root:docker /run/docker.sock (containerd and podman: root:root); "
                       "for a lasting fix set SocketUser=root in the socket unit and restart it. "
                       "A user who needs a private engine should run Docker rootless.",
        .references = REFS(CIS("3.15", "Ensure that Docker socket file ownership is set to "
                                       "root:docker"),
                           CIS("3.23", "Ensure that the containerd socket file ownership is set "
                                       "to root:root"),
                           DOC_ROOTLESS),
        .equivalents = NO_PEERS,
        .check = host_check_socket_owner,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO044",
        .slug = "engine-socket-mode",
        .domain = "host",
        .severity = VAKT_SEV_LOW,
        .title = "A container engine's socket has a mode beyond 0660",
        .rationale = "The benchmark wants 0660 or less. Bits beyond it other than write for "
                     "others (reported on its own) do not let anyone connect, but they show the "
                     "mode was set by hand and is not what the engine creates.",
        .remediation = "chmod 660 the socket, and set SocketMode=0660 in the socket unit.",
        .references = REFS(CIS("3.16", "Ensure that Docker socket file permissions are set to "
                                       "660 or more restrictively"),
                           CIS("3.24", "Ensure that the containerd socket file permissions are "
                                       "set to 660 or more restrictively")),
        .equivalents = NO_PEERS,
        .check = host_check_socket_mode,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO045",
        .slug = "docker-group-members",
        .domain = "host",
        .severity = VAKT_SEV_INFO,
        .title = "Users in the docker group are root-equivalent",
        .rationale = "Membership of the docker group is access to the Docker socket, and so "
                     "root on the host (docker run -v /:/host --privileged). It is often "
                     "intended, on a developer's machine, hence info: the finding lists the "
                     "members so that someone checks each is trusted with root.",
        .remediation = "Remove users who should not be root: gpasswd -d USER docker. Users who "
                       "need containers but not root can run Docker or Podman rootless.",
        .references = REFS(CIS("1.1.2", "Ensure only trusted users are allowed to control "
                                        "Docker daemon"),
                           DOC_SURFACE, DOC_ROOTLESS),
        .equivalents = NO_PEERS,
        .check = host_check_docker_group,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO046",
        .slug = "engine-file-writable",
        .domain = "host",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A container engine's configuration or unit file is writable by others than "
                 "root",
        .rationale = "daemon.json, containerd's config.toml, /etc/default/docker and the "
                     "docker.service and docker.socket units decide how a root daemon runs: a "
                     "user who can write one adds a TCP listener, a runtime or an ExecStart of "
                     "their own at the next restart. Files owned by a non-root user, or "
                     "writable by their group or by everyone, are reported; a rootless "
                     "daemon's own file is its user's.",
        .remediation = "chown root:root FILE && chmod 644 FILE (the benchmark's 644 or less).",
        .references = REFS(CIS("3.1", "Ensure that the docker.service file ownership is set to "
                                      "root:root"),
                           CIS("3.2", "Ensure that docker.service file permissions are "
                                      "appropriately set"),
                           CIS("3.3", "Ensure that docker.socket file ownership is set to "
                                      "root:root"),
                           CIS("3.4", "Ensure that docker.socket file permissions are set to "
                                      "644 or more restrictive"),
                           CIS("3.17", "Ensure that the daemon.json file ownership is set to "
                                       "root:root"),
                           CIS("3.18", "Ensure that daemon.json file permissions are set to 644 "
                                       "or more restrictive")),
        .equivalents = NO_PEERS,
        .check = host_check_engine_files,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO047",
        .slug = "docker-no-userns-remap",
        .domain = "host",
        .severity = VAKT_SEV_LOW,
        .title = "The Docker daemon does not remap container users",
        .rationale = "Without userns-remap, uid 0 in a container is uid 0 on the host: a process "
                     "that escapes (a runc or kernel bug, a mounted host path) is root. Remapping "
                     "makes it an unprivileged uid. It is off by default and breaks some "
                     "workloads (host volumes' ownership, --privileged), hence low. Rootless "
                     "Docker already runs in a user namespace and is not asked.",
        .remediation = "In /etc/docker/daemon.json:\n"
                       "  {\"userns-remap\": \"default\"}\n" RESTART
                       " (existing images and volumes are not seen by the remapped daemon). Or "
                       "run Docker rootless.",
        .references = REFS(CIS("2.9", "Enable user namespace support"), DOC_USERNS, DOC_ROOTLESS),
        .equivalents = NO_PEERS,
        .check = host_check_userns_remap,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO048",
        .slug = "docker-icc",
        .domain = "host",
        .severity = VAKT_SEV_LOW,
        .title = "Containers on the default bridge may talk to each other freely",
        .rationale = "With icc true (dockerd's default) every container on docker0 reaches every "
                     "other on every port, so one compromised container probes the rest. "
                     "User-defined networks isolate by network whatever icc says, so it matters "
                     "where containers use the default bridge.",
        .remediation = "In /etc/docker/daemon.json:\n"
                       "  {\"icc\": false}\n" RESTART
                       "; link the containers that must talk with a user-defined network.",
        .references = REFS(CIS("2.2", "Ensure network traffic is restricted between containers "
                                      "on the default bridge"),
                           DOC_BRIDGE),
        .equivalents = NO_PEERS,
        .check = host_check_icc,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO049",
        .slug = "docker-no-new-privileges-off",
        .domain = "host",
        .severity = VAKT_SEV_LOW,
        .title = "The Docker daemon does not set no-new-privileges by default",
        .rationale = "no-new-privileges stops a container's processes from gaining privileges "
                     "through setuid and setgid binaries or file capabilities. The daemon-wide "
                     "default covers every container that does not ask for it itself.",
        .remediation = "In /etc/docker/daemon.json:\n"
                       "  {\"no-new-privileges\": true}\n" RESTART ".",
        .references = REFS(CIS("2.14", "Ensure containers are restricted from acquiring new "
                                       "privileges"),
                           DOC_DAEMON),
        .equivalents = NO_PEERS,
        .check = host_check_no_new_privileges,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO050",
        .slug = "docker-live-restore-off",
        .domain = "host",
        .severity = VAKT_SEV_LOW,
        .title = "Containers stop when the Docker daemon stops",
        .rationale = "Without live-restore, restarting or upgrading dockerd (for a security fix) "
                     "stops every container, which makes upgrades something to postpone. Not "
                     "asked of a swarm node, where live restore is not supported.",
        .remediation = "In /etc/docker/daemon.json:\n"
                       "  {\"live-restore\": true}\n"
                       "then systemctl reload docker (live-restore can be reloaded).",
        .references = REFS(CIS("2.15", "Ensure live restore is enabled"), DOC_LIVE),
        .equivalents = NO_PEERS,
        .check = host_check_live_restore,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO051",
        .slug = "docker-userland-proxy",
        .domain = "host",
        .severity = VAKT_SEV_LOW,
        .title = "The Docker daemon runs the userland proxy",
        .rationale = "With userland-proxy true (the default) each published port also gets a "
                     "docker-proxy process listening on the host, more code on the network path "
                     "where NAT rules suffice. Rootless Docker forwards ports its own way and is "
                     "not asked.",
        .remediation = "In /etc/docker/daemon.json:\n"
                       "  {\"userland-proxy\": false}\n" RESTART
                       " (containers reaching published ports through the host's loopback need "
                       "the proxy or hairpin NAT).",
        .references = REFS(CIS("2.16", "Ensure Userland Proxy is Disabled"), DOC_FIREWALL),
        .equivalents = NO_PEERS,
        .check = host_check_userland_proxy,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO052",
        .slug = "docker-iptables-off",
        .domain = "host",
        .severity = VAKT_SEV_LOW,
        .title = "The Docker daemon may not manage iptables",
        .rationale = "With iptables false Docker writes no NAT or isolation rules: published "
                     "ports and the isolation between networks depend on rules written by hand, "
                     "which drift as containers come and go. It is sometimes set on purpose, to "
                     "keep Docker from opening ports past a host firewall (DOCKER-USER is the "
                     "intended hook), hence low.",
        .remediation = "Remove \"iptables\": false from /etc/docker/daemon.json (or "
                       "--iptables=false from dockerd's command line) and filter in the "
                       "DOCKER-USER chain; " RESTART ".",
        .references =
            REFS(CIS("2.4", "Ensure Docker is allowed to make changes to iptables"), DOC_FIREWALL),
        .equivalents = NO_PEERS,
        .check = host_check_iptables,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO053",
        .slug = "docker-log-level-debug",
        .domain = "host",
        .severity = VAKT_SEV_LOW,
        .title = "The Docker daemon logs at debug level",
        .rationale = "Debug logs of dockerd record API requests in detail, which can include "
                     "environment variables and other secrets of containers, and fill the "
                     "journal. The benchmark wants info.",
        .remediation =
            "In /etc/docker/daemon.json set \"log-level\": \"info\" and remove "
            "\"debug\": true (or -D / --log-level=debug from the command line); " RESTART ".",
        .references = REFS(CIS("2.3", "Ensure the logging level is set to 'info'"), DOC_DAEMON),
        .equivalents = NO_PEERS,
        .check = host_check_log_level,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO054",
        .slug = "docker-insecure-registry",
        .domain = "host",
        .severity = VAKT_SEV_MEDIUM,
        .title = "The Docker daemon trusts an insecure registry",
        .rationale = "Images from an insecure registry are pulled over plain HTTP or TLS whose "
                     "certificate is not checked: a machine on the path serves images of its "
                     "own, which run on this host. A registry on the loopback is one step "
                     "lower.",
        .remediation = "Give the registry a certificate (a private CA in "
                       "/etc/docker/certs.d/HOST:PORT/ca.crt) and remove it from "
                       "\"insecure-registries\" in /etc/docker/daemon.json; " RESTART ".",
        .references = REFS(CIS("2.5", "Ensure insecure registries are not used"), DOC_INSECURE),
        .equivalents = NO_PEERS,
        .check = host_check_insecure_registries,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO055",
        .slug = "docker-registry-mirror-http",
        .domain = "host",
        .severity = VAKT_SEV_MEDIUM,
        .title = "The Docker daemon pulls through a registry mirror over plain HTTP",
        .rationale = "A registry-mirrors entry with http:// sends every pull of Docker Hub images "
                     "through an unencrypted, unauthenticated channel; a machine on the path "
                     "answers with images of its own. A mirror on the loopback is one step "
                     "lower.",
        .remediation = "Serve the mirror over HTTPS and write \"registry-mirrors\": "
                       "[\"https://mirror.example\"] in /etc/docker/daemon.json; " RESTART ".",
        .references = REFS(CIS("2.5", "Ensure insecure registries are not used"), DOC_MIRROR),
        .equivalents = NO_PEERS,
        .check = host_check_http_mirrors,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO056",
        .slug = "docker-no-authorization-plugin",
        .domain = "host",
        .severity = VAKT_SEV_INFO,
        .title = "The Docker daemon has no authorization plugin",
        .rationale = "Without an authorization plugin, any client allowed on the socket may do "
                     "everything the API offers. Few installations need one (access to the "
                     "socket is the real control), hence info.",
        .remediation = "Where several people share a daemon, configure a plugin (for instance "
                       "Open Policy Agent's) in /etc/docker/daemon.json:\n"
                       "  {\"authorization-plugins\": [\"opa-docker-authz\"]}\n" RESTART ".",
        .references = REFS(CIS("2.12", "Ensure that authorization for Docker client commands is "
                                       "enabled"),
                           DOC_AUTHZ),
        .equivalents = NO_PEERS,
        .check = host_check_authz,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO057",
        .slug = "docker-config-rejected",
        .domain = "host",
        .severity = VAKT_SEV_LOW,
        .title = "dockerd would refuse its configuration at the next start",
        .rationale = "dockerd does not start when daemon.json does not parse, or when a setting "
                     "is given both as a flag and in the file (\"the following directives are "
                     "specified both as a flag and in the configuration file\"; -H fd:// in "
                     "Debian's unit with \"hosts\" in the file is the usual case). A daemon "
                     "running now started with another configuration; the next restart, for a "
                     "security update, fails.",
        .remediation = "Fix the JSON (jq . /etc/docker/daemon.json shows where), or keep each "
                       "setting in one place: for \"hosts\", a systemd drop-in that clears "
                       "ExecStart and starts dockerd without -H; then dockerd --validate "
                       "--config-file /etc/docker/daemon.json, and " RESTART ".",
        .references = REFS(DOC_DAEMON),
        .equivalents = NO_PEERS,
        .check = host_check_config_rejected,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO060",
        .slug = "runc-cve-2019-5736",
        .domain = "host",
        .severity = VAKT_SEV_HIGH,
        .title = "runc is potentially affected by CVE-2019-5736 (host runc overwritten)",
        .rationale = "runc before 1.0.0-rc7 (Docker before 18.09.2) let a process in a container "
                     "overwrite the host's runc binary through /proc/self/exe when someone ran "
                     "docker exec into it or started it from a malicious image: root on the "
                     "host at the next container start. The version says \"potentially\": a "
                     "distribution's package may carry the fix under an older number, and is "
                     "reported as info.",
        .remediation = RUNC_FIX,
        .references = REFS(CVE("CVE-2019-5736"), RUNC_ADVISORY,
                           CIS("1.2.2", "Ensure that the version of Docker is up to date")),
        .equivalents = NO_PEERS,
        .check = host_check_runc_2019_5736,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO061",
        .slug = "runc-cve-2024-21626",
        .domain = "host",
        .severity = VAKT_SEV_HIGH,
        .title = "runc is potentially affected by CVE-2024-21626 (Leaky Vessels)",
        .rationale = "runc from 1.0.0-rc93 to before 1.1.12 leaked a file descriptor of the "
                     "host's filesystem into the container: an image with WORKDIR "
                     "/proc/self/fd/7 (or a docker exec with such a working directory) reaches "
                     "the host's files. Fixed in runc 1.1.12 (Docker 25.0.2 and 24.0.9, "
                     "containerd 1.7.13). A distribution's package may carry the fix under an "
                     "older number and is reported as info.",
        .remediation = RUNC_FIX,
        .references = REFS(CVE("CVE-2024-21626"), RUNC_ADVISORY,
                           CIS("1.2.2", "Ensure that the version of Docker is up to date")),
        .equivalents = NO_PEERS,
        .check = host_check_runc_2024_21626,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "HO062",
        .slug = "runc-cve-2025-mount-races",
        .domain = "host",
        .severity = VAKT_SEV_HIGH,
        .title = "runc is potentially affected by CVE-2025-31133, CVE-2025-52565 and "
                 "CVE-2025-52881",
        .rationale = "runc before 1.2.8, 1.3.x before 1.3.3 and 1.4.0-rc.1 and rc.2 could be "
                     "made, by a malicious image or a race on a shared volume, to bind-mount or "
                     "write where it should not (the masked /dev/null replaced by a symlink, the "
                     "/dev/console mount redirected, LSM label writes redirected): writes to "
                     "host files and an escape. A distribution's package may carry the fix "
                     "under an older number and is reported as info.",
        .remediation = RUNC_FIX,
        .references = REFS(CVE("CVE-2025-31133"), CVE("CVE-2025-52565"), CVE("CVE-2025-52881"),
                           RUNC_ADVISORY),
        .equivalents = NO_PEERS,
        .check = host_check_runc_2025,
        .scope = VAKT_SCOPE_UNIT,
    },
    {.id = NULL},
};
