/* SPDX-License-Identifier: MIT */
/*
 * The RUN rules (DF040-DF079): attack surface and package-manager hygiene.
 * One table entry per rule; the checks live in df-check-run-*.c.
 */
#include "df-check-run.h"
#include "df-fix.h"
#include "df-rules.h"

#define HADOLINT_WIKI "https://github.com/hadolint/hadolint/wiki/"
#define DOCKER_BEST   "https://docs.docker.com/build/building/best-practices/"
#define AVD           "https://avd.aquasec.com/misconfig/"
#define DOC_MULTI     "https://docs.docker.com/build/building/multi-stage/"
#define CIS_PACKAGES                                                                               \
	"CIS Docker Benchmark 4.3: Ensure that unnecessary packages are not installed in the "     \
	"container"

#define REFS(...)  ((const char *const[]){__VA_ARGS__, NULL})
#define EQUIV(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_EQUIV   ((const char *const[]){NULL})

const struct vakt_rule df_rules_run[] = {
    {
        .id = "DF040",
        .slug = "run-sudo",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "RUN uses sudo",
        .rationale = "Every RUN already executes as the current USER, so sudo adds nothing "
                     "at build time; it only works when sudo is installed and configured, "
                     "which leaves a privilege-escalation tool and a sudoers entry in the "
                     "image for whoever gets a shell in the container.",
        .remediation = "Switch users with USER around the steps that need root, and remove sudo "
                       "from the image:\n"
                       "  USER root\n"
                       "  RUN apt-get update && apt-get install -y --no-install-recommends pkg\n"
                       "  USER 10001:10001",
        .references = REFS(HADOLINT_WIKI "DL3004", AVD "ds010"),
        .equivalents = EQUIV("hadolint:DL3004", "trivy:AVD-DS-0010", "checkov:CKV2_DOCKER_1",
                             "dockle:DKL-DI-0001"),
        .check = df_check_run_sudo,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF041",
        .slug = "final-stage-attack-tools",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "Tools an attacker can use are installed into the final image",
        .rationale = "Downloaders (curl, wget), compilers, git, SSH clients, editors and "
                     "traffic sniffers installed by the OS package manager into the final "
                     "stage (or a stage it is built on) ship with the image and are the first "
                     "things an intruder reaches for: a downloader that is not in the image "
                     "cannot fetch a reverse shell or a second-stage payload. bash is reported "
                     "only for apk (Alpine), because Debian and RHEL "
                     "images already contain it. A tool removed again is not reported: by "
                     "name (apk del, apt-get purge, dnf remove, an apk --virtual group), or by "
                     "the apt-mark idiom that removes whatever the RUN installed before it "
                     "(apt-mark auto '.*'; apt-mark manual $savedAptMark; apt-get purge -y "
                     "--auto-remove).",
        .remediation =
            "Download and build in a build stage and copy only the artefact into the final stage:\n"
            "  FROM alpine:3.20 AS fetch\n"
            "  RUN apk add --no-cache curl && curl -fsSLo /app https://example.com/app\n"
            "  FROM gcr.io/distroless/static-debian12:nonroot\n"
            "  COPY --from=fetch /app /app\n"
            "If a tool is needed for one step only, remove it in the same RUN (apk del, apt-get "
            "purge).",
        .references =
            REFS(DOCKER_BEST "#dont-install-unnecessary-packages", DOC_MULTI, CIS_PACKAGES),
        .equivalents = NO_EQUIV,
        .check = df_check_run_attack_tools,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF042",
        .slug = "remote-script-piped-to-shell",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A downloaded script is run without verification",
        .rationale = "'curl ... | sh', 'bash <(curl ...)' and 'sh -c \"$(wget -O- ...)\"' run "
                     "whatever the server (or anyone on the path) returns at build time, with "
                     "no checksum or signature: a compromised download site compromises the "
                     "image, and the build is not reproducible.",
        .remediation = "Download to a file, check it against a pinned checksum, then run it:\n"
                       "  RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n"
                       "      && echo \"<sha256>  /tmp/install.sh\" | sha256sum -c - \\\n"
                       "      && sh /tmp/install.sh\n"
                       "Better, install a signed package or ADD --checksum=sha256:<digest>.",
        .references = REFS("https://docs.docker.com/reference/dockerfile/#add---checksum"),
        .equivalents = NO_EQUIV,
        .check = df_check_run_pipe_to_shell,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF043",
        .slug = "run-chmod-world-writable",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "RUN makes files world-writable",
        .rationale = "'chmod 777', 'chmod -R a+rwx' or 'o+w' let any user in the container, "
                     "including a compromised non-root process, replace programs, scripts and "
                     "configuration. Modes with the sticky bit (1777, for /tmp-style "
                     "directories) are not reported, nor a path the same RUN removes again (a "
                     "temporary directory opened to a build user, then deleted).",
        .remediation = "Give the files to the runtime user instead of opening them to everyone:\n"
                       "  COPY --chown=10001:10001 app /app\n"
                       "  RUN chmod -R u=rwX,go=rX /app\n"
                       "Shared scratch directories keep the sticky bit: chmod 1777.",
        .references = REFS("https://man7.org/linux/man-pages/man1/chmod.1.html"),
        .equivalents = NO_EQUIV,
        .check = df_check_run_world_writable,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF044",
        .slug = "run-chmod-setuid",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "RUN sets the setuid or setgid bit",
        .rationale = "A setuid or setgid program runs with its owner's privileges; a bug in it "
                     "lets a non-root user in the container become root, which undoes USER. "
                     "Reported for chmod u+s, g+s, +s, 4755, 2755 and mkdir/install -m. Setgid "
                     "alone on a directory only makes new files inherit its group, and is not "
                     "reported where the directory is known: made by the same command (mkdir, "
                     "install -d), earlier in the file (mkdir, install -d, WORKDIR), written "
                     "with a trailing '/', or given the sticky bit too (3777).",
        .remediation = "Do not add setuid or setgid bits; grant the one capability a program needs "
                       "at run time, and strip the bits that ship:\n"
                       "  RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +",
        .references = REFS("https://man7.org/linux/man-pages/man1/chmod.1.html",
                           "https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md"),
        .equivalents = EQUIV("dockle:CIS-DI-0008"),
        .check = df_check_run_setuid,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF045",
        .slug = "tls-verification-disabled",
        .domain = "dockerfile",
        .severity = VAKT_SEV_HIGH,
        .title = "TLS or package signature verification is disabled",
        .rationale = "curl -k, wget --no-check-certificate, pip --trusted-host, apk "
                     "--allow-untrusted, apt-get --allow-unauthenticated/--force-yes, yum/dnf "
                     "--nogpgcheck, rpm --nosignature, npm/yarn strict-ssl false, git "
                     "http.sslVerify false and the variables NODE_TLS_REJECT_UNAUTHORIZED=0, "
                     "PYTHONHTTPSVERIFY=0, GIT_SSL_NO_VERIFY, PIP_TRUSTED_HOST and "
                     "NPM_CONFIG_STRICT_SSL=false let anyone on the network path substitute "
                     "packages and code during the build; set by ENV they stay on in every "
                     "container. An apt source marked [trusted=yes] is reported too, unless it "
                     "is a file:// repository of packages the RUN built itself in a directory it "
                     "removes again.",
        .remediation = "Remove the option or variable and fix the trust problem instead, by "
                       "installing the CA certificate or importing the repository key:\n"
                       "  COPY corp-ca.crt /usr/local/share/ca-certificates/corp-ca.crt\n"
                       "  RUN update-ca-certificates\n"
                       "  RUN rpm --import https://repo.example.com/RPM-GPG-KEY",
        .references = REFS("https://curl.se/docs/sslcerts.html",
                           "https://pip.pypa.io/en/stable/topics/https-certificates/",
                           "https://www.checkov.io/5.Policy%20Index/dockerfile.html"),
        .equivalents =
            EQUIV("checkov:CKV2_DOCKER_2", "checkov:CKV2_DOCKER_3", "checkov:CKV2_DOCKER_4",
                  "checkov:CKV2_DOCKER_5", "checkov:CKV2_DOCKER_6", "checkov:CKV2_DOCKER_7",
                  "checkov:CKV2_DOCKER_8", "checkov:CKV2_DOCKER_9", "checkov:CKV2_DOCKER_10",
                  "checkov:CKV2_DOCKER_11", "checkov:CKV2_DOCKER_12", "checkov:CKV2_DOCKER_13",
                  "checkov:CKV2_DOCKER_14", "checkov:CKV2_DOCKER_15", "checkov:CKV2_DOCKER_16"),
        .check = df_check_run_tls,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF046",
        .slug = "run-sets-password",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "RUN sets or removes an account password",
        .rationale = "A password set with chpasswd, 'passwd --stdin' or 'usermod -p' is "
                     "written into a layer and the build history, and is the same in every "
                     "container of the image; 'passwd -d' leaves an account with no password "
                     "at all. Containers need no login passwords.",
        .remediation = "Create users without a password and pass secrets at run time (orchestrator "
                       "secrets) or build time (RUN --mount=type=secret):\n"
                       "  RUN useradd -r -u 10001 -s /usr/sbin/nologin app",
        .references = REFS("https://docs.docker.com/build/building/secrets/",
                           "https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md"),
        .equivalents = EQUIV("checkov:CKV2_DOCKER_17", "dockle:DKL-LI-0001"),
        .check = df_check_run_passwords,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF047",
        .slug = "run-interactive-command",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "RUN calls an interactive, daemon or process-control command",
        .rationale = "ssh, service, systemctl start, shutdown, top, vim, kill, mount and the "
                     "like either wait for a person, need a running init system, or act on "
                     "processes that end with the build step: at best they do nothing, at worst "
                     "they hang the build.",
        .remediation = "Remove the command; configure services with files and start the main "
                       "process with CMD or ENTRYPOINT:\n"
                       "  CMD [\"nginx\", \"-g\", \"daemon off;\"]",
        .references = REFS(HADOLINT_WIKI "DL3001"),
        .equivalents = EQUIV("hadolint:DL3001"),
        .check = df_check_run_interactive,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF048",
        .slug = "final-stage-remote-access-tools",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "Remote-access or privilege tools are installed into the final image",
        .rationale = "sudo, SSH servers (openssh-server, dropbear), netcat and its variants, "
                     "socat and nmap in the final image give an intruder root, a way in, reverse "
                     "shells or a map of the internal network in one command. A tool that is "
                     "not in the image cannot be turned against it.",
        .remediation = "Remove them from the final stage: switch users with USER instead of sudo, "
                       "reach containers with kubectl exec or docker exec instead of sshd, and "
                       "keep network tools in a separate debug image:\n"
                       "  kubectl debug -it pod/app --image=nicolaka/netshoot",
        .references = REFS(DOCKER_BEST "#dont-install-unnecessary-packages", CIS_PACKAGES),
        .equivalents = NO_EQUIV,
        .check = df_check_run_remote_tools,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF050",
        .slug = "pkg-upgrade-all",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "RUN upgrades every package of the base image",
        .rationale = "apt-get upgrade/dist-upgrade, apk upgrade, yum/dnf update and zypper "
                     "update/dup make the layer depend on the day of the build and can pull "
                     "major changes the base image did not test; the fixes belong in a newer "
                     "base image.",
        .remediation = "Rebuild on a current base image pinned by tag (and digest) instead; to fix "
                       "one package, install that version:\n"
                       "  FROM debian:12.6-slim\n"
                       "  RUN apt-get update && apt-get install -y --no-install-recommends "
                       "openssl=3.0.14-1~deb12u1",
        .references =
            REFS(AVD "ds024", "https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md",
                 HADOLINT_WIKI "DL3035"),
        .equivalents = EQUIV("trivy:AVD-DS-0024", "dockle:DKL-DI-0003", "hadolint:DL3035"),
        .check = df_check_run_upgrade,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF051",
        .slug = "apt-install-recommends",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "apt-get install without --no-install-recommends",
        .rationale = "apt installs recommended packages by default, which often doubles the "
                     "image and adds tools nobody asked for to the attack surface.",
        .remediation = "Add the flag:\n"
                       "  RUN apt-get install -y --no-install-recommends pkg\n"
                       "or set APT::Install-Recommends \"false\"; once in /etc/apt/apt.conf.d/.",
        .references = REFS(HADOLINT_WIKI "DL3015", AVD "ds029", DOCKER_BEST),
        .equivalents = EQUIV("hadolint:DL3015", "trivy:AVD-DS-0029"),
        .check = df_check_run_recommends,
        .scope = VAKT_SCOPE_UNIT,
        .fix = df_fix_recommends,
        .fix_summary =
            "adds --no-install-recommends after apt-get install, --without-recommends for aptitude",
    },
    {
        .id = "DF052",
        .slug = "apt-lists-not-removed",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "apt package lists are left in the image",
        .rationale = "The lists 'apt-get update' downloads take tens of megabytes and are "
                     "useless at run time; unless the same RUN removes them they stay in the "
                     "layer forever. Checked for the final stage and the stages it is built on; "
                     "a cache or tmpfs mount on /var/lib/apt/lists exempts the RUN, and so does "
                     "'apt-get dist-clean' (apt 2.7 and later), which removes the lists.",
        .remediation =
            "Remove the lists at the end of the same RUN, or keep them in a cache mount:\n"
            "  RUN apt-get update && apt-get install -y --no-install-recommends pkg \\\n"
            "      && rm -rf /var/lib/apt/lists/*\n"
            "  RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && ...",
        .references = REFS(HADOLINT_WIKI "DL3009", DOCKER_BEST),
        .equivalents = EQUIV("hadolint:DL3009", "dockle:DKL-DI-0005"),
        .check = df_check_run_apt_lists,
        .scope = VAKT_SCOPE_UNIT,
        .fix = df_fix_apt_lists,
        .fix_summary = "ends the RUN with && rm -rf /var/lib/apt/lists/*",
    },
    {
        .id = "DF053",
        .slug = "apk-add-without-no-cache",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "apk add without --no-cache",
        .rationale = "Without --no-cache, apk keeps the package index in /var/cache/apk, which "
                     "ships in the layer. apk add --no-network fetches no index and is not "
                     "reported.",
        .remediation = "Use --no-cache, or a cache mount:\n"
                       "  RUN apk add --no-cache pkg\n"
                       "  RUN --mount=type=cache,target=/var/cache/apk apk add pkg",
        .references = REFS(HADOLINT_WIKI "DL3019", AVD "ds025"),
        .equivalents = EQUIV("hadolint:DL3019", "trivy:AVD-DS-0025", "dockle:DKL-DI-0004"),
        .check = df_check_run_apk_cache,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF054",
        .slug = "pip-install-cache",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "pip install without --no-cache-dir",
        .rationale = "pip keeps every downloaded wheel and source archive in ~/.cache/pip, "
                     "which ships in the layer. PIP_NO_CACHE_DIR set by ENV or on the command, "
                     "and a cache mount on .cache/pip or on the directory --cache-dir names, are "
                     "accepted.",
        .remediation =
            "Use --no-cache-dir, set PIP_NO_CACHE_DIR, or mount the cache:\n"
            "  RUN pip install --no-cache-dir -r requirements.txt\n"
            "  ENV PIP_NO_CACHE_DIR=1\n"
            "  RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt",
        .references = REFS(HADOLINT_WIKI "DL3042"),
        .equivalents = EQUIV("hadolint:DL3042"),
        .check = df_check_run_pip_cache,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF055",
        .slug = "unpinned-packages",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "Packages are installed without a pinned version",
        .rationale = "Without versions, each build installs whatever is newest that day, so two "
                     "builds of the same Dockerfile differ and a compromised or broken release "
                     "enters silently. A git install without a ref (pip 'git+https://host/x/y', "
                     "npm 'github:x/y', cargo --git without --tag or --rev) is the least "
                     "pinned of all: it takes whatever the "
                     "default branch holds. Read: apt, apk, yum/dnf/microdnf (and their aliases "
                     "in, rei), zypper, pip, pipx (install, inject, run), npm, yarn, pnpm, gem, go "
                     "install, go get and "
                     "go run MODULE@VERSION, cargo. Local files and paths, URLs, package groups, "
                     "VCS sources with a ref (@v1.2, #v1.2), requirement and constraint files "
                     "are not reported. Pinned OS packages can disappear from the archives, "
                     "which is why this is informational.",
        .remediation =
            "Pin versions, or install from a lock file:\n"
            "  RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u7\n"
            "  RUN apk add --no-cache curl=8.9.1-r0\n"
            "  RUN pip install --no-cache-dir flask==3.0.3\n"
            "  RUN npm install -g typescript@5.4.5 && go install golang.org/x/tools/gopls@v0.16.1\n"
            "  RUN pip install --no-cache-dir git+https://github.com/x/y.git@v1.2.0",
        .references = REFS(HADOLINT_WIKI "DL3008", HADOLINT_WIKI "DL3013", HADOLINT_WIKI "DL3016",
                           HADOLINT_WIKI "DL3018"),
        .equivalents = EQUIV("hadolint:DL3008", "hadolint:DL3013", "hadolint:DL3016",
                             "hadolint:DL3018", "hadolint:DL3028", "hadolint:DL3033",
                             "hadolint:DL3037", "hadolint:DL3041", "hadolint:DL3062"),
        .check = df_check_run_unpinned,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF056",
        .slug = "run-cd",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "RUN uses cd instead of WORKDIR",
        .rationale = "A cd lasts only for its RUN, so later instructions silently run "
                     "elsewhere; WORKDIR states the directory once for everything that follows. "
                     "A cd meant to end with its RUN is not reported: inside a ( ) subshell or "
                     "$(...), into a directory the RUN removes again (mktemp -d, a source tree "
                     "deleted after the build), or undone by a later cd /, cd - or cd ..",
        .remediation = "Set the directory with WORKDIR:\n"
                       "  WORKDIR /src\n"
                       "  RUN make",
        .references = REFS(HADOLINT_WIKI "DL3003", AVD "ds013"),
        .equivalents = EQUIV("hadolint:DL3003", "trivy:AVD-DS-0013"),
        .check = df_check_run_cd,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF057",
        .slug = "pkg-install-not-noninteractive",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "Package manager may prompt for confirmation",
        .rationale = "apt-get, yum, dnf, microdnf and zypper ask for confirmation before "
                     "installing, upgrading or removing; with no terminal the build fails or "
                     "hangs.",
        .remediation = "Answer yes up front:\n"
                       "  RUN apt-get install -y --no-install-recommends pkg\n"
                       "  RUN dnf install -y pkg && dnf clean all\n"
                       "  RUN zypper -n install pkg && zypper clean --all",
        .references = REFS(HADOLINT_WIKI "DL3014", HADOLINT_WIKI "DL3030", HADOLINT_WIKI "DL3034",
                           HADOLINT_WIKI "DL3038", AVD "ds021"),
        .equivalents = EQUIV("hadolint:DL3014", "hadolint:DL3030", "hadolint:DL3034",
                             "hadolint:DL3038", "trivy:AVD-DS-0021"),
        .check = df_check_run_assume_yes,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF058",
        .slug = "apt-instead-of-apt-get",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "RUN uses apt instead of apt-get",
        .rationale = "apt is the interactive front end: its command line and output are not "
                     "stable between releases and it warns when used in scripts.",
        .remediation = "Use apt-get and apt-cache:\n"
                       "  RUN apt-get update && apt-get install -y --no-install-recommends pkg",
        .references = REFS(HADOLINT_WIKI "DL3027"),
        .equivalents = EQUIV("hadolint:DL3027", "checkov:CKV_DOCKER_9"),
        .check = df_check_run_apt,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF059",
        .slug = "rpm-cache-not-cleaned",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "yum, dnf or zypper cache left in the layer",
        .rationale = "yum, dnf, microdnf and zypper keep metadata and downloaded packages in "
                     "/var/cache; unless the same RUN cleans them they stay in the layer. A "
                     "cache or tmpfs mount on the cache directory exempts the RUN.",
        .remediation = "Clean in the same RUN, or use a cache mount:\n"
                       "  RUN dnf install -y pkg && dnf clean all\n"
                       "  RUN zypper -n install pkg && zypper clean --all\n"
                       "  RUN --mount=type=cache,target=/var/cache/dnf dnf install -y pkg",
        .references = REFS(HADOLINT_WIKI "DL3032", HADOLINT_WIKI "DL3040", HADOLINT_WIKI "DL3036",
                           AVD "ds015"),
        .equivalents =
            EQUIV("hadolint:DL3032", "hadolint:DL3036", "hadolint:DL3040", "trivy:AVD-DS-0015",
                  "trivy:AVD-DS-0019", "trivy:AVD-DS-0020", "trivy:AVD-DS-0027"),
        .check = df_check_run_rpm_clean,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF060",
        .slug = "pkg-update-alone",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "Package index updated in a RUN of its own",
        .rationale = "A RUN that only refreshes the index (apt-get update, apk update, zypper "
                     "refresh, dnf makecache) is cached by the builder; later installs then use "
                     "stale lists and miss security updates, or fail.",
        .remediation = "Update and install in the same RUN:\n"
                       "  RUN apt-get update && apt-get install -y --no-install-recommends pkg \\\n"
                       "      && rm -rf /var/lib/apt/lists/*",
        .references = REFS(AVD "ds017", DOCKER_BEST),
        .equivalents = EQUIV("trivy:AVD-DS-0017", "checkov:CKV_DOCKER_5", "dockle:CIS-DI-0007"),
        .check = df_check_run_update_alone,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF061",
        .slug = "pipe-without-pipefail",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "RUN pipes commands without pipefail",
        .rationale = "A pipeline's status is that of its last command, so 'curl ... | tar x' "
                     "succeeds even when the download failed, and the image is built from a "
                     "partial or empty file. A left side that cannot fail hides nothing and is "
                     "not reported: echo, printf, true, yes, and cat of a here-string or "
                     "here-document ('echo \"$sha *file\" | sha256sum -c -').",
        .remediation = "Set pipefail for the stage (or start the RUN with set -o pipefail && where "
                       "the shell supports it):\n"
                       "  SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
        .references = REFS(HADOLINT_WIKI "DL4006", DOCKER_BEST),
        .equivalents = EQUIV("hadolint:DL4006"),
        .check = df_check_run_pipefail,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF062",
        .slug = "curl-and-wget",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "Both curl and wget are used in one stage",
        .rationale = "Two download tools do the same job, double what has to be installed and "
                     "later removed, and double what an attacker finds if they ship.",
        .remediation = "Use one download tool for the whole stage, e.g.:\n"
                       "  RUN curl -fsSLo /tmp/x.tgz https://example.com/x.tgz",
        .references = REFS(HADOLINT_WIKI "DL4001", AVD "ds014"),
        .equivalents = EQUIV("hadolint:DL4001", "trivy:AVD-DS-0014"),
        .check = df_check_run_curl_wget,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF063",
        .slug = "useradd-large-uid",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "useradd with a large UID and without -l",
        .rationale = "useradd writes /var/log/lastlog and faillog sized by the UID; for a UID "
                     "of 6 digits or more the sparse files become gigabytes once the layer is "
                     "exported.",
        .remediation = "Add -l (--no-log-init):\n"
                       "  RUN useradd -l -u 123456 app",
        .references = REFS(HADOLINT_WIKI "DL3046"),
        .equivalents = EQUIV("hadolint:DL3046"),
        .check = df_check_run_useradd_uid,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF064",
        .slug = "ln-bin-sh",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "RUN replaces /bin/sh with a link",
        .rationale = "Relinking /bin/sh changes the shell of every script and package "
                     "maintainer script in the image, not only of RUN.",
        .remediation = "Choose the shell for RUN with SHELL:\n"
                       "  SHELL [\"/bin/bash\", \"-c\"]",
        .references = REFS(HADOLINT_WIKI "DL4005"),
        .equivalents = EQUIV("hadolint:DL4005"),
        .check = df_check_run_ln_sh,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF065",
        .slug = "wget-progress",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "wget without progress suppression",
        .rationale = "wget's progress bar writes thousands of lines into the build log of a "
                     "non-interactive build.",
        .remediation = "Quiet the progress output:\n"
                       "  RUN wget -q https://example.com/x.tgz\n"
                       "  RUN wget --progress=dot:giga https://example.com/x.tgz",
        .references = REFS(HADOLINT_WIKI "DL3047"),
        .equivalents = EQUIV("hadolint:DL3047"),
        .check = df_check_run_wget_progress,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF066",
        .slug = "yarn-cache-not-cleaned",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "yarn install without yarn cache clean",
        .rationale = "yarn keeps a copy of every package it downloads in its cache "
                     "(~/.cache/yarn or /usr/local/share/.cache/yarn for yarn 1, ~/.yarn/berry "
                     "or .yarn/cache for later versions); left there it doubles the size of "
                     "node_modules in the image. Reported for the stages the image is made of "
                     "(as hadolint); a cache mount or a removal of the cache directory later in "
                     "the RUN is accepted.",
        .remediation = "Clean the cache in the same RUN, or mount it:\n"
                       "  RUN yarn install --frozen-lockfile && yarn cache clean\n"
                       "  RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install "
                       "--frozen-lockfile",
        .references =
            REFS(HADOLINT_WIKI "DL3060", "https://classic.yarnpkg.com/lang/en/docs/cli/cache/"),
        .equivalents = EQUIV("hadolint:DL3060"),
        .check = df_check_run_yarn_cache,
        .scope = VAKT_SCOPE_UNIT,
    },
    {.id = NULL}, /* the end */
};
