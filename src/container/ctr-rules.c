/* SPDX-License-Identifier: MIT */
/*
 * The container rules (CR001-CR099): runtime settings of a container as a
 * compose service or a docker/podman run command line sets them. One table
 * for both inputs, since `privileged: true` and `--privileged` are the same
 * fault; its domain is "compose" (`vakt rules --domain compose`). This table
 * is the single source of each rule's text; the checks live in ctr-check.c.
 */
#include "ctr-check.h"
#include "ctr-fix.h"

#define DOC_COMPOSE  "https://docs.docker.com/reference/compose-file/services/"
#define DOC_RUN      "https://docs.docker.com/reference/cli/docker/container/run/"
#define DOC_SECURITY "https://docs.docker.com/engine/security/"
#define DOC_CAPS                                                                                   \
	"https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities"
#define DOC_SECCOMP  "https://docs.docker.com/engine/security/seccomp/"
#define DOC_APPARMOR "https://docs.docker.com/engine/security/apparmor/"
#define DOC_SOCKET   "https://docs.docker.com/engine/security/protect-access/"
#define DOC_FIREWALL "https://docs.docker.com/engine/network/packet-filtering-firewalls/"
#define DOC_SECRETS  "https://docs.docker.com/compose/how-tos/use-secrets/"
#define DOC_INTERP   "https://docs.docker.com/reference/compose-file/interpolation/"
#define DOC_PIN      "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions"
#define OWASP        "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"
#define CAPS_MAN     "https://man7.org/linux/man-pages/man7/capabilities.7.html"
#define BENCH        "docker-bench-security (CIS Docker Benchmark) check "
#define NIST_190     "https://doi.org/10.6028/NIST.SP.800-190"
#define NIST_RO      "NIST SP 800-190 4.4.4, App vulnerabilities (read-only root filesystems): " NIST_190
#define CVE_RUNC     "https://nvd.nist.gov/vuln/detail/CVE-2019-5736"
#define CVE_CGROUP   "https://nvd.nist.gov/vuln/detail/CVE-2022-0492"

#define SG(name)   "semgrep:yaml.docker-compose.security." name "." name
#define KICS_CAPS  "kics:ce76b7d0-9e77-464d-b86f-c5c48e03e22d"
#define KICS_PORTS "kics:451d79dc-0588-476a-ad03-3c7f0320abb3"

#define REFS(...)  ((const char *const[]){__VA_ARGS__, NULL})
#define PEERS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_PEERS   ((const char *const[]){NULL})

#define USER_FIX                                                                                   \
	"Run as a numeric non-root user the image can run as:\n"                                   \
	"  compose:    user: \"10001:10001\"\n"                                                    \
	"  docker run: --user 10001:10001\n"                                                       \
	"Files the process must write belong to that UID (chown in the Dockerfile, or a "          \
	"volume it owns)."

const struct vakt_rule ctr_rules[] = {
    {
        .id = "CR001",
        .slug = "ctr-privileged",
        .domain = "compose",
        .severity = VAKT_SEV_CRITICAL,
        .title = "The container runs privileged",
        .rationale =
            "privileged: true (docker run --privileged) gives the container every capability "
            "and every host device, and turns seccomp, AppArmor and the masking of /proc and "
            "/sys off. Root in such a container mounts the host's disk or loads a kernel module: "
            "it is root on the host, with no escape bug needed.",
        .remediation = "Remove privileged and grant only the capability or device the "
                       "workload needs:\n"
                       "  cap_add: [NET_BIND_SERVICE]   (--cap-add NET_BIND_SERVICE)\n"
                       "  devices: [/dev/fuse]          (--device /dev/fuse)",
        .references = REFS(DOC_COMPOSE, DOC_RUN, DOC_CAPS, DOC_SECURITY,
                           BENCH "5.5: Ensure that privileged containers are not used", OWASP),
        .equivalents = PEERS("kics:ae5b6871-7f45-42e0-bb4c-ab300c4d2026", SG("privileged-service")),
        .check = ctr_check_privileged,
        .scope = VAKT_SCOPE_UNIT,
        .fix = ctr_fix_privileged,
        .fix_summary = "compose, with --unsafe only: privileged: false",
    },
    {
        .id = "CR002",
        .slug = "ctr-user-root",
        .domain = "compose",
        .severity = VAKT_SEV_HIGH,
        .title = "The container is told to run as root",
        .rationale = "user: root, 0 or 0:0 (--user root) overrides even an image that was "
                     "built to run unprivileged. A process exploited through a "
                     "remote-code-execution bug is then root inside the container, the starting "
                     "point of published escapes to the host such as CVE-2019-5736 (runc) and "
                     "CVE-2022-0492 (cgroup v1 release_agent).",
        .remediation = USER_FIX,
        .references = REFS(DOC_COMPOSE, DOC_RUN,
                           BENCH "4.1: Ensure that a user for the "
                                 "container has been created",
                           OWASP, CVE_RUNC, CVE_CGROUP),
        .equivalents = PEERS(SG("service-runs-as-root")),
        .check = ctr_check_user_root,
        .scope = VAKT_SCOPE_UNIT,
        .fix = ctr_fix_user,
        .fix_summary = "compose: user: \"UID:UID\" (fix.uid, default 10001) for the root user",
    },
    {
        .id = "CR003",
        .slug = "ctr-no-user-root-image",
        .domain = "compose",
        .severity = VAKT_SEV_HIGH,
        .title = "No user is set and the image is known to start as root",
        .rationale = "Without user: (--user) the container runs as the image's USER. Docker "
                     "Official Images (nginx, postgres, redis, node, python, ...) start as "
                     "root, so the container runs as root, as if user: root were written "
                     "(CR002). Those whose own Dockerfile ends with a non-root USER "
                     "(memcached, haproxy, kong, solr, elasticsearch, ...: the image history "
                     "docker-library/repo-info publishes) are not reported. Database and "
                     "broker images whose entrypoint runs the server as its own user "
                     "(postgres, redis, mysql, mariadb, mongo, rabbitmq, cassandra, couchdb, "
                     "zookeeper, eclipse-mosquitto: `exec gosu USER` in their "
                     "docker-entrypoint.sh) are reported as low while the command is the "
                     "server: only the start-up and docker exec run as root.",
        .remediation = USER_FIX "\nSome official images need a writable directory or a "
                                "non-root variant (nginxinc/nginx-unprivileged, "
                                "bitnami/postgresql).",
        .references = REFS(DOC_COMPOSE, DOC_RUN,
                           BENCH "4.1: Ensure that a user for the "
                                 "container has been created",
                           OWASP),
        .equivalents = NO_PEERS,
        .check = ctr_check_user_missing_root,
        .scope = VAKT_SCOPE_UNIT,
        .fix = ctr_fix_user,
        .fix_summary =
            "compose: user: \"UID:UID\" (fix.uid, default 10001); not for an image whose "
            "entrypoint runs the server as its own user",
    },
    {
        .id = "CR004",
        .slug = "ctr-no-user",
        .domain = "compose",
        .severity = VAKT_SEV_MEDIUM,
        .title = "No user is set and the image's default user is unknown",
        .rationale = "Without user: (--user) the container runs as the image's USER, which "
                     "is root unless the image says otherwise. vakt cannot see that for an "
                     "image built from a local Dockerfile (its own Dockerfile rules judge "
                     "that), an interpolated image, or a third-party image, hence the lower "
                     "severity. Images documented to run as non-root (distroless :nonroot, "
                     "Chainguard, nginx-unprivileged, .NET chiseled) and vendor images built "
                     "with a non-root USER (prom/prometheus, grafana/grafana, jenkins/jenkins, "
                     "bitnami/postgresql, ...) pass. An image built from a local Dockerfile "
                     "(compose build:, or docker build earlier in the same script or CI "
                     "file) is reported as info: the Dockerfile rules judge its USER "
                     "(DF001). A compose service "
                     "with neither image nor build is an override fragment and is not judged "
                     "for missing settings.",
        .remediation = USER_FIX,
        .references = REFS(DOC_COMPOSE, DOC_RUN, OWASP),
        .equivalents = NO_PEERS,
        .check = ctr_check_user_missing,
        .scope = VAKT_SCOPE_UNIT,
        .fix = ctr_fix_user,
        .fix_summary =
            "compose: user: \"UID:UID\" (fix.uid, default 10001); not for an image built "
            "from a local Dockerfile (DF001 fixes its USER)",
    },
    {
        .id = "CR005",
        .slug = "ctr-caps-not-dropped",
        .domain = "compose",
        .severity = VAKT_SEV_MEDIUM,
        .title = "The container does not drop all capabilities",
        .rationale = "Docker leaves a container 14 capabilities (CHOWN, DAC_OVERRIDE, FOWNER, "
                     "NET_RAW, SETUID, SETGID, ...) that a web worker never uses and an attacker "
                     "can: NET_RAW spoofs packets, DAC_OVERRIDE ignores file permissions. "
                     "Drop them all and add back only what the service needs.",
        .remediation = "Drop everything, add back the one capability the service needs:\n"
                       "  compose:    cap_drop: [ALL]\n"
                       "              cap_add: [NET_BIND_SERVICE]\n"
                       "  docker run: --cap-drop=ALL --cap-add=NET_BIND_SERVICE",
        .references = REFS(DOC_COMPOSE, DOC_CAPS, CAPS_MAN,
                           BENCH "5.4: Ensure that Linux kernel capabilities are restricted "
                                 "within containers",
                           OWASP),
        .equivalents = PEERS(KICS_CAPS),
        .check = ctr_check_cap_drop,
        .scope = VAKT_SCOPE_UNIT,
        .fix = ctr_fix_cap_drop,
        .fix_summary = "compose: cap_drop: [ALL] (cap_add kept) for a service that does not run as "
                       "root (any with --unsafe)",
    },
    {
        .id = "CR006",
        .slug = "ctr-dangerous-cap",
        .domain = "compose",
        .severity = VAKT_SEV_HIGH,
        .title = "The container adds a dangerous capability",
        .rationale = "cap_add (--cap-add) of ALL, SYS_ADMIN, SYS_MODULE, SYS_PTRACE, SYS_RAWIO, "
                     "DAC_READ_SEARCH, NET_ADMIN, BPF, PERFMON, MAC_ADMIN, MAC_OVERRIDE, "
                     "SYS_BOOT, SYS_TIME or SYSLOG hands the container a way to the host "
                     "kernel: most published container escapes need one of them, and a web "
                     "application needs none.",
        .remediation = "Remove the capability; if the workload truly needs it, isolate it "
                       "(a dedicated VM) and document why. Binding a port below 1024 needs "
                       "only NET_BIND_SERVICE.",
        .references = REFS(DOC_CAPS, CAPS_MAN,
                           BENCH "C.5.3: Ensure CAP_DAC_READ_SEARCH, CAP_SYS_MODULE, "
                                 "CAP_SYS_ADMIN and CAP_SYS_PTRACE are not added"),
        .equivalents = PEERS(KICS_CAPS),
        .check = ctr_check_cap_add,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "CR007",
        .slug = "ctr-writable-rootfs",
        .domain = "compose",
        .severity = VAKT_SEV_MEDIUM,
        .title = "The container's root filesystem is writable",
        .rationale = "Without read_only: true (--read-only) an attacker who gets code "
                     "execution can write scripts, tools and persistence into the container. "
                     "A read-only root filesystem stops that, and what the application must "
                     "write goes to a volume or tmpfs that is declared and visible.",
        .remediation = "Make the root filesystem read-only and give the process a writable "
                       "/tmp:\n"
                       "  compose:    read_only: true\n"
                       "              tmpfs: [/tmp]\n"
                       "  docker run: --read-only --tmpfs /tmp",
        .references = REFS(DOC_COMPOSE, DOC_RUN,
                           BENCH "5.13: Ensure that the container's root filesystem is mounted "
                                 "as read only",
                           NIST_RO),
        .equivalents = PEERS(SG("writable-filesystem-service")),
        .check = ctr_check_read_only,
        .scope = VAKT_SCOPE_UNIT,
        .fix = ctr_fix_read_only,
        .fix_summary =
            "compose: read_only: true, and tmpfs: [/tmp] unless something is mounted at /tmp",
    },
    {
        .id = "CR008",
        .slug = "ctr-no-new-privileges",
        .domain = "compose",
        .severity = VAKT_SEV_MEDIUM,
        .title = "The container does not set no-new-privileges",
        .rationale = "Without the no-new-privileges security option a process can raise its "
                     "privileges through setuid and setgid binaries (su, sudo, ping, or one an "
                     "attacker finds), even in a container started as a non-root user. The "
                     "option costs nothing for a service that never needs to.",
        .remediation = "  compose:    security_opt: [\"no-new-privileges:true\"]\n"
                       "  docker run: --security-opt no-new-privileges",
        .references = REFS(DOC_COMPOSE, DOC_RUN,
                           BENCH "5.26: Ensure that the container is restricted from acquiring "
                                 "additional privileges",
                           OWASP),
        .equivalents = PEERS("kics:27fcc7d6-c49b-46e0-98f1-6c082a6a2750", SG("no-new-privileges")),
        .check = ctr_check_no_new_privs,
        .scope = VAKT_SCOPE_UNIT,
        .fix = ctr_fix_no_new_privs,
        .fix_summary = "compose: security_opt: [no-new-privileges:true], replacing a :false",
    },
    {
        .id = "CR009",
        .slug = "ctr-host-namespace",
        .domain = "compose",
        .severity = VAKT_SEV_HIGH,
        .title = "The container shares a host namespace",
        .rationale = "network_mode: host, pid: host, ipc: host or userns_mode: host (--network, "
                     "--pid, --ipc, --userns host) removes a layer of isolation: the container "
                     "reaches services bound to the host's localhost, signals and traces host "
                     "processes, reads host shared memory, or runs without user-namespace "
                     "remapping.",
        .remediation = "Remove the setting; publish the ports the service needs instead of "
                       "host networking, and use a sidecar with its own PID namespace for "
                       "debugging.",
        .references = REFS(DOC_COMPOSE, DOC_RUN,
                           BENCH "5.10: Ensure that the host's network namespace is not shared",
                           BENCH "5.16: Ensure that the host's process namespace is not shared",
                           BENCH "5.17: Ensure that the host's IPC namespace is not shared",
                           BENCH "5.31: Ensure that the host's user namespaces are not shared"),
        .equivalents = PEERS("kics:071a71ff-f868-47a4-ac0b-3c59e4ab5443",
                             "kics:4f31dd9f-2cc3-4751-9b53-67e4af83dac0",
                             "kics:baa3890f-bed7-46f5-ab8f-1da8fc91c729",
                             "kics:8af7162d-6c98-482f-868e-0d33fb675ca8"),
        .check = ctr_check_host_ns,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "CR010",
        .slug = "ctr-runtime-socket",
        .domain = "compose",
        .severity = VAKT_SEV_CRITICAL,
        .title = "The container mounts the Docker (or another runtime's) socket",
        .rationale = "/var/run/docker.sock (podman.sock, containerd.sock, crio.sock, or the "
                     "/run directory holding them) is the container runtime's API: whoever can "
                     "write to it starts a privileged container with the host's disk mounted. "
                     "Mounting it read-only changes nothing, since the API is used over the "
                     "socket, not by writing the file.",
        .remediation = "Remove the mount. Tools that need the API (CI runners, reverse "
                       "proxies reading labels) should use a filtering proxy that allows only "
                       "the read-only calls they make, or run rootless.",
        .references = REFS(DOC_SOCKET, DOC_COMPOSE,
                           BENCH "5.32: Ensure that the Docker socket is not mounted inside any "
                                 "containers",
                           OWASP),
        .equivalents =
            PEERS("kics:d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b", SG("exposing-docker-socket-volume")),
        .check = ctr_check_socket,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "CR011",
        .slug = "ctr-host-system-dir",
        .domain = "compose",
        .severity = VAKT_SEV_HIGH,
        .title = "The container mounts a host system directory read-write",
        .rationale = "A read-write bind mount of /, /boot, /dev, /etc, /lib, /proc, /sys, /usr, "
                     "/root or the runtime's state directory lets the container change the "
                     "host: add a user to /etc/passwd, replace a binary, write a cron job.",
        .remediation = "Mount only the file or directory the service needs, read-only:\n"
                       "  - /etc/localtime:/etc/localtime:ro",
        .references = REFS(DOC_COMPOSE, DOC_RUN,
                           BENCH "5.6: Ensure sensitive host system directories are not "
                                 "mounted on containers"),
        .equivalents = PEERS("kics:1c1325ff-831d-43a1-973e-839ae57dfcc0"),
        .check = ctr_check_host_dir,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "CR012",
        .slug = "ctr-security-profile-off",
        .domain = "compose",
        .severity = VAKT_SEV_HIGH,
        .title = "The container turns seccomp, AppArmor or SELinux off",
        .rationale = "seccomp=unconfined, apparmor=unconfined, label=disable or "
                     "systempaths=unconfined (security_opt / --security-opt) removes a kernel "
                     "defence Docker applies by default: the default seccomp profile alone "
                     "blocks the system calls behind several container escapes.",
        .remediation = "Remove the option. If one system call is missing, start from Docker's "
                       "default seccomp profile and allow just that call "
                       "(seccomp=/path/profile.json).",
        .references = REFS(DOC_SECCOMP, DOC_APPARMOR,
                           BENCH "5.22: Ensure that the default seccomp profile is not "
                                 "disabled"),
        .equivalents = PEERS("kics:404fde2c-bc4b-4371-9747-7054132ac953",
                             SG("seccomp-confinement-disabled"), SG("selinux-separation-disabled")),
        .check = ctr_check_profile_off,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "CR013",
        .slug = "ctr-admin-port-public",
        .domain = "compose",
        .severity = VAKT_SEV_HIGH,
        .title = "A database or administration port is published on every interface",
        .rationale = "ports: \"5432:5432\" (-p 5432:5432) publishes PostgreSQL on 0.0.0.0, and "
                     "Docker's iptables rules let the traffic in even past a host firewall "
                     "that denies it. Databases, caches, SSH and management consoles (22, "
                     "3306, 5432, 6379, 9200, 27017, ...) are then one weak password away "
                     "from the internet. The container port decides what the service is.",
        .remediation = "Do not publish it: services on the same compose network reach it by "
                       "name. If the host itself needs it, bind it to loopback:\n"
                       "  ports: [\"127.0.0.1:5432:5432\"]   (-p 127.0.0.1:5432:5432)",
        .references = REFS(DOC_FIREWALL, DOC_COMPOSE,
                           BENCH "5.14: Ensure that incoming container traffic is bound to a "
                                 "specific host interface"),
        .equivalents = PEERS(KICS_PORTS),
        .check = ctr_check_port_admin,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "CR014",
        .slug = "ctr-docker-api-port-public",
        .domain = "compose",
        .severity = VAKT_SEV_CRITICAL,
        .title = "The Docker API port (2375/2376) is published on every interface",
        .rationale = "A container listening on 2375 or 2376 is a Docker daemon or a proxy to "
                     "one (docker:dind, socket proxies). Published on every interface, anyone "
                     "who reaches the host can start a privileged container; 2375 is plain "
                     "HTTP with no authentication at all.",
        .remediation = "Do not publish it; talk to the daemon over a private network or a "
                       "loopback binding with TLS client certificates "
                       "(127.0.0.1:2376:2376).",
        .references = REFS(DOC_SOCKET, DOC_FIREWALL),
        .equivalents = PEERS(KICS_PORTS),
        .check = ctr_check_port_docker,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "CR015",
        .slug = "ctr-port-all-interfaces",
        .domain = "compose",
        .severity = VAKT_SEV_LOW,
        .title = "A port is published on every interface",
        .rationale = "A port published without a host address listens on 0.0.0.0 (and ::), "
                     "and Docker's iptables rules bypass the host firewall, so the service is "
                     "reachable from every network the host is on. Usually intended for a "
                     "public web port, hence the low severity; databases and admin ports are "
                     "CR013, the Docker API CR014. -P publishes every EXPOSEd port this way.",
        .remediation = "Bind the port to the interface that should receive the traffic, e.g. "
                       "behind a reverse proxy on the host:\n"
                       "  ports: [\"127.0.0.1:8080:8080\"]   (-p 127.0.0.1:8080:8080)",
        .references = REFS(DOC_FIREWALL, DOC_COMPOSE,
                           BENCH "5.14: Ensure that incoming container traffic is bound to a "
                                 "specific host interface"),
        .equivalents = PEERS(KICS_PORTS),
        .check = ctr_check_port_any,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "CR016",
        .slug = "ctr-env-secret-value",
        .domain = "compose",
        .severity = VAKT_SEV_CRITICAL,
        .title = "An environment variable or a command argument holds a secret in a known "
                 "format",
        .rationale = "A value in a known secret format (cloud keys, forge tokens, private "
                     "keys, passwords in URLs) written into a compose file or a command line "
                     "is in the repository's history for good, in `docker inspect`, and for "
                     "command lines in the shell history and `ps`. The environment and the "
                     "entrypoint and command (`command: --token=...`, the words after the "
                     "image of `docker run`) are read.",
        .remediation = "Remove the value, rotate the secret, and pass it at deploy time:\n"
                       "  compose:    secrets: [db_password] (a file), or DB_URL: ${DB_URL}\n"
                       "  docker run: -e DB_URL (from the environment) or --env-file",
        .references = REFS(DOC_SECRETS, DOC_INTERP, OWASP),
        .equivalents = NO_PEERS,
        .check = ctr_check_secret_value,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "CR017",
        .slug = "ctr-env-secret-name",
        .domain = "compose",
        .severity = VAKT_SEV_HIGH,
        .title = "An environment variable or a program option named like a secret has a "
                 "literal value",
        .rationale = "POSTGRES_PASSWORD: hunter2 (-e POSTGRES_PASSWORD=hunter2) writes the "
                     "secret into the file or script, where everyone with the repository "
                     "reads it. ${NAME} interpolation and entries without a value (taken from "
                     "the environment) pass; a literal default (${NAME:-hunter2}) does not. "
                     "Names are judged as the Dockerfile rules judge ENV (DF020). Options "
                     "given to the program in `command:`, `entrypoint:` or after the image "
                     "of `docker run` count too (`--requirepass s3cret`, `--db-password=x`, "
                     "`-dev-root-token-id=root`), as anyone who can list processes reads "
                     "them. Options naming where or what the secret is (`--password-file`, "
                     "`--secret-key-ref`, `--auth-method`), values that are paths, key file "
                     "names (`server.key`), `$` references or numbers, and a token option's "
                     "short lower-case word (etcd's `--auth-token simple`) pass.",
        .remediation = "Take the value from the environment or a secret file:\n"
                       "  compose:    POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n"
                       "              (with secrets: [db_password]) or POSTGRES_PASSWORD: "
                       "${POSTGRES_PASSWORD}\n"
                       "  docker run: -e POSTGRES_PASSWORD  or  --env-file db.env",
        .references = REFS(DOC_SECRETS, DOC_INTERP, OWASP),
        .equivalents = NO_PEERS,
        .check = ctr_check_secret_name,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "CR018",
        .slug = "ctr-image-latest",
        .domain = "compose",
        .severity = VAKT_SEV_MEDIUM,
        .title = "The image has no tag or the tag latest",
        .rationale = "image: nginx or nginx:latest runs whatever the registry calls latest on "
                     "the day of the pull: deployments drift, rollbacks are impossible, and a "
                     "compromised push reaches you silently. A digest pins it for good.",
        .remediation = "Pin a version tag, ideally with its digest:\n"
                       "  image: nginx:1.27.3@sha256:<digest>",
        .references = REFS(DOC_PIN, DOC_COMPOSE),
        .equivalents = NO_PEERS,
        .check = ctr_check_latest,
        .scope = VAKT_SCOPE_UNIT,
        .fix = ctr_fix_image,
        .fix_summary = "compose: the reference fix.images of .vakt.yaml pins the image to, when it "
                       "names one",
    },
    {
        .id = "CR019",
        .slug = "ctr-image-typosquat",
        .domain = "compose",
        .severity = VAKT_SEV_HIGH,
        .title = "The image name looks like a misspelling of a well-known image",
        .rationale = "ngnix, postgress or ghrc.io/... can be registered by anyone and filled "
                     "with a backdoored image. The check is the Dockerfile rule's (DF014): "
                     "Docker Official Images, well-known Docker Hub namespaces and registries, "
                     "built in and offline.",
        .remediation = "Correct the name; list deliberate look-alikes in allowed-base-images "
                       "in .vakt.yaml.",
        .references = REFS("https://docs.docker.com/trusted-content/official-images/"),
        .equivalents = NO_PEERS,
        .check = ctr_check_typosquat,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "CR020",
        .slug = "ctr-read-only-no-tmp",
        .domain = "compose",
        .severity = VAKT_SEV_LOW,
        .title = "The root filesystem is read-only and nothing is writable at /tmp",
        .rationale = "With a read-only root filesystem, software that writes temporary files "
                     "(image processing, uploads, Python and Java runtimes) fails at the first "
                     "write unless a writable volume or tmpfs is mounted at /tmp.",
        .remediation = "  compose:    tmpfs: [/tmp]\n"
                       "  docker run: --tmpfs /tmp",
        .references = REFS(DOC_COMPOSE, DOC_RUN),
        .equivalents = NO_PEERS,
        .check = ctr_check_ro_tmp,
        .scope = VAKT_SCOPE_UNIT,
        .fix = ctr_fix_tmp,
        .fix_summary = "compose: tmpfs: [/tmp]",
    },
    {
        .id = "CR021",
        .slug = "ctr-db-no-auth",
        .domain = "compose",
        .severity = VAKT_SEV_HIGH,
        .title = "A database is configured to run without authentication",
        .rationale = "POSTGRES_HOST_AUTH_METHOD=trust, MYSQL_ALLOW_EMPTY_PASSWORD=yes, "
                     "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD=yes, Bitnami's ALLOW_EMPTY_PASSWORD=yes "
                     "and Elasticsearch's xpack.security.enabled=false turn the database's "
                     "authentication off: every container on its networks, and every host "
                     "interface where its port is published, can read and change the data "
                     "without a password. The images' own documentation says these are for "
                     "development only. A value taken from the environment (NAME or ${NAME} "
                     "without a default) is not judged.",
        .remediation = "Remove the setting and give the database a password from a secret:\n"
                       "  POSTGRES_PASSWORD_FILE: /run/secrets/db_password   (with secrets: "
                       "[db_password])\n"
                       "  MYSQL_ROOT_PASSWORD_FILE: /run/secrets/db_root_password\n"
                       "For a throwaway test database, keep the port unpublished.",
        .references = REFS("https://hub.docker.com/_/postgres", "https://hub.docker.com/_/mysql",
                           "https://hub.docker.com/_/mariadb",
                           "https://www.elastic.co/guide/en/elasticsearch/reference/current/"
                           "security-settings.html",
                           DOC_SECRETS),
        .equivalents = NO_PEERS,
        .check = ctr_check_db_no_auth,
        .scope = VAKT_SCOPE_UNIT,
    },
    {.id = NULL}, /* the end */
};

const struct vakt_rule *const ctr_rule_tables[] = {ctr_rules, NULL};
