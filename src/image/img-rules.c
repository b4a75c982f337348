/* SPDX-License-Identifier: MIT */
/*
 * The image rules (IM001-IM020): config, files, secrets and layers of an
 * image read by `vakt image`. This table is the single source of each
 * rule's text; the checks live in img-check-config.c and img-check-files.c.
 */
#include "core/domain.h"
#include "core/rule.h"
#include "img-scan.h"

#define OCI_CONFIG  "https://github.com/opencontainers/image-spec/blob/main/config.md"
#define OCI_LAYER   "https://github.com/opencontainers/image-spec/blob/main/layer.md"
#define DOC_SECRETS "https://docs.docker.com/build/building/secrets/"
#define DOC_MULTI   "https://docs.docker.com/build/building/multi-stage/"
#define DISTROLESS  "https://github.com/GoogleContainerTools/distroless"
#define CIS_USER    "CIS Docker Benchmark 4.1: Ensure that a user for the container has been created"
#define CIS_PACKAGES                                                                               \
	"CIS Docker Benchmark 4.3: Ensure that unnecessary packages are not installed in the "     \
	"container"
#define CIS_HEALTH  "CIS Docker Benchmark 4.6: Ensure that HEALTHCHECK instructions have been added"
#define CIS_SETUID  "CIS Docker Benchmark 4.8: Ensure setuid and setgid permissions are removed"
#define CIS_SECRETS "CIS Docker Benchmark 4.10: Ensure secrets are not stored in Dockerfiles"
#define CIS_SSHD    "CIS Docker Benchmark 5.6: Ensure sshd is not run within containers"
#define NIST_SECRETS                                                                               \
	"NIST SP 800-190 4.1.4, Embedded clear text secrets: "                                     \
	"https://doi.org/10.6028/NIST.SP.800-190"
#define OSV_SCHEMA "https://ossf.github.io/osv-schema/"
#define DOC_VULNS  "https://github.com/vakt-security/vakt/blob/main/docs/vulnerabilities.md"
#define CVE_RUNC   "https://nvd.nist.gov/vuln/detail/CVE-2019-5736"
#define CVE_CGROUP "https://nvd.nist.gov/vuln/detail/CVE-2022-0492"

#define REFS(...)  ((const char *const[]){__VA_ARGS__, NULL})
#define PEERS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_PEERS   ((const char *const[]){NULL})

const struct vakt_rule image_rules[] = {
    {
        .id = "IM001",
        .slug = "image-user-root",
        .domain = "image",
        .severity = VAKT_SEV_HIGH,
        .title = "The image runs as root",
        .rationale = "The image config sets no User, or sets root, 0 or a root group. Every "
                     "container started from it runs as root unless the runtime overrides it; a "
                     "process exploited through a remote-code-execution bug is then root inside "
                     "the container, the starting point of published escapes to the host such as "
                     "CVE-2019-5736 (runc) and CVE-2022-0492 (cgroup v1 release_agent).",
        .remediation = "Create an unprivileged user with a fixed UID in the image and switch to "
                       "it in the Dockerfile:\n"
                       "  USER 10001:10001",
        .references = REFS(CIS_USER, OCI_CONFIG, CVE_RUNC, CVE_CGROUP),
        .equivalents = PEERS("dockle:CIS-DI-0001", "trivy:AVD-DS-0002"),
        .check = img_check_user_root,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM002",
        .slug = "image-env-secret",
        .domain = "image",
        .severity = VAKT_SEV_CRITICAL,
        .title = "An environment variable of the image holds a secret",
        .rationale = "Env values are part of the image config: anyone who can pull the image "
                     "reads them with `docker inspect`, and every container and child process "
                     "inherits them. The value is either in a known secret "
                     "format (cloud and forge tokens, private keys, passwords in URLs) or the "
                     "variable has a secret-looking name and a literal value.",
        .remediation = "Remove the value from the image and rotate it. Pass secrets at run time "
                       "(a mounted file or the orchestrator's secret store), and at build time "
                       "with RUN --mount=type=secret.",
        .references = REFS(DOC_SECRETS, CIS_SECRETS, NIST_SECRETS),
        .equivalents = PEERS("dockle:CIS-DI-0010", "trivy:AVD-DS-0031"),
        .check = img_check_env_secret,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM003",
        .slug = "image-exposes-ssh",
        .domain = "image",
        .severity = VAKT_SEV_MEDIUM,
        .title = "The image exposes port 22",
        .rationale = "An SSH server in a container is a second way in, with its own keys and "
                     "passwords to leak; containers are replaced, not administered in place.",
        .remediation = "Remove the SSH server and EXPOSE 22; use `kubectl exec` or `docker exec` "
                       "for debugging.",
        .references = REFS(CIS_SSHD),
        .equivalents = PEERS("trivy:AVD-DS-0004", "checkov:CKV_DOCKER_1"),
        .check = img_check_ssh_port,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM004",
        .slug = "image-no-healthcheck",
        .domain = "image",
        .severity = VAKT_SEV_INFO,
        .title = "The image defines no healthcheck",
        .rationale = "Without a healthcheck the engine only knows whether the process runs, not "
                     "whether it serves; a hung service is never restarted. Orchestrators with "
                     "their own probes (Kubernetes) do not need it, hence info.",
        .remediation = "Add a HEALTHCHECK that exercises the service, or define probes where the "
                       "container runs:\n"
                       "  HEALTHCHECK CMD [\"/app/healthcheck\"]",
        .references = REFS(CIS_HEALTH, OCI_CONFIG),
        .equivalents = PEERS("dockle:CIS-DI-0006", "checkov:CKV_DOCKER_2"),
        .check = img_check_no_healthcheck,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM005",
        .slug = "image-history-secret",
        .domain = "image",
        .severity = VAKT_SEV_HIGH,
        .title = "The build history of the image holds a secret",
        .rationale = "Each history entry's created_by records the build step, with the values of "
                     "build arguments (BuildKit writes `RUN |1 TOKEN=... /bin/sh -c ...`) and "
                     "ENV instructions. Anyone with the image reads them with `docker history "
                     "--no-trunc`, even when no file or variable of the final image holds the "
                     "secret.",
        .remediation = "Rotate the secret. Never pass secrets as build arguments; use "
                       "RUN --mount=type=secret,id=token so that the value reaches only the step "
                       "that needs it.",
        .references = REFS(DOC_SECRETS, CIS_SECRETS),
        .equivalents = PEERS("dockle:CIS-DI-0010", "buildkit:SecretsUsedInArgOrEnv"),
        .check = img_check_history_secret,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM006",
        .slug = "image-setuid-file",
        .domain = "image",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A file in the image is setuid or setgid",
        .rationale = "A setuid or setgid executable runs with its owner's or group's rights, "
                     "whoever starts it: a flaw in it turns a foothold into root. Most "
                     "containers need none (su, passwd, mount and friends come with the base "
                     "distribution, not with the application).",
        .remediation = "Remove the bits in the build, after installing packages:\n"
                       "  RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +\n"
                       "and run with --security-opt no-new-privileges "
                       "(allowPrivilegeEscalation: false).",
        .references = REFS(CIS_SETUID),
        .equivalents = PEERS("dockle:CIS-DI-0008"),
        .check = img_check_setuid,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM007",
        .slug = "image-world-writable",
        .domain = "image",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A file or directory is world-writable (a directory without the sticky bit)",
        .rationale = "Any user in the container can change a world-writable file, or replace "
                     "files in a world-writable directory without the sticky bit: an unprivileged "
                     "foothold can rewrite programs or configuration that root runs later.",
        .remediation = "Give the path to its owner only (chmod o-w), or set the sticky bit on "
                       "shared directories:\n"
                       "  RUN chmod 1777 /shared",
        .references = REFS(OCI_LAYER),
        .equivalents = NO_PEERS,
        .check = img_check_world_writable,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM008",
        .slug = "image-shell-present",
        .domain = "image",
        .severity = VAKT_SEV_LOW,
        .title = "The image contains a shell",
        .rationale = "A shell in the final image is the first thing an exploit reaches for, to "
                     "run commands and downloaded scripts; without one, an attacker who gets "
                     "code execution has much less to work with. Distroless and scratch images "
                     "have none.",
        .remediation = "Build in one stage and copy only the application into a distroless or "
                       "scratch final stage:\n"
                       "  FROM gcr.io/distroless/static-debian12:nonroot",
        .references = REFS(DISTROLESS, DOC_MULTI, CIS_PACKAGES),
        .equivalents = NO_PEERS,
        .check = img_check_shells,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM009",
        .slug = "image-package-manager-present",
        .domain = "image",
        .severity = VAKT_SEV_LOW,
        .title = "The image contains a package manager",
        .rationale = "A package manager lets an attacker inside the container install whatever "
                     "they need (scanners, compilers, network tools) from the distribution's "
                     "own mirrors, in one command.",
        .remediation = "Install packages in a build stage and copy the results into a final "
                       "stage without the package manager (distroless, scratch, or a base that "
                       "removes it).",
        .references = REFS(DISTROLESS, DOC_MULTI, CIS_PACKAGES),
        .equivalents = NO_PEERS,
        .check = img_check_package_managers,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM010",
        .slug = "image-network-tool-present",
        .domain = "image",
        .severity = VAKT_SEV_LOW,
        .title = "The image contains a network tool (curl, wget, netcat, ...)",
        .rationale = "Download and relay tools let an attacker fetch a second stage or move data "
                     "out. The application rarely needs them at run time.",
        .remediation = "Use the tool in a build stage only, or purge it in the step that "
                       "installed it:\n"
                       "  RUN apt-get purge -y curl && apt-get autoremove -y",
        .references = REFS(DOC_MULTI, CIS_PACKAGES),
        .equivalents = NO_PEERS,
        .check = img_check_network_tools,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM011",
        .slug = "image-private-key",
        .domain = "image",
        .severity = VAKT_SEV_HIGH,
        .title = "A private key is in the image",
        .rationale = "A private key in a layer is readable by everyone who can pull the image, "
                     "and stays in the registry and every cache that holds the layer.",
        .remediation = "Remove the key from the build context and rotate it; mount keys at run "
                       "time from a secret store.",
        .references = REFS(DOC_SECRETS, CIS_SECRETS),
        .equivalents = PEERS("dockle:CIS-DI-0010", "trivy:private-key"),
        .check = img_check_private_keys,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM012",
        .slug = "image-cloud-credentials",
        .domain = "image",
        .severity = VAKT_SEV_HIGH,
        .title = "Cloud or cluster credentials are in the image",
        .rationale = "AWS, Google Cloud or Azure keys, CLI credential files (~/.aws/credentials, "
                     "gcloud, azure) and kubeconfigs give whoever pulls the image the account "
                     "behind them.",
        .remediation = "Remove the file or value and rotate the credentials; give workloads "
                       "identities from the platform (IAM roles for service accounts, workload "
                       "identity) instead of keys.",
        .references = REFS(DOC_SECRETS, CIS_SECRETS),
        .equivalents = PEERS("trivy:aws-access-key-id", "dockle:CIS-DI-0010"),
        .check = img_check_cloud_credentials,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM013",
        .slug = "image-secret-in-file",
        .domain = "image",
        .severity = VAKT_SEV_HIGH,
        .title = "A token or password is in a file of the image",
        .rationale = "A text file holds a value in a known token format (GitHub, GitLab, Slack, "
                     "npm, PyPI, Docker Hub, Stripe, JWT, a password in a URL) or is a known "
                     "credential file (.git-credentials, .netrc, .npmrc, .docker/config.json "
                     "with auths). Files are scanned up to a size ceiling; documentation "
                     "directories are skipped.",
        .remediation = "Remove the file or value, rotate the secret, and keep secrets out of the "
                       "build context (.dockerignore) and out of layers (RUN --mount=type=secret).",
        .references = REFS(DOC_SECRETS, CIS_SECRETS),
        .equivalents = PEERS("dockle:CIS-DI-0010"),
        .check = img_check_tokens,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM014",
        .slug = "image-git-directory",
        .domain = "image",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A .git directory is in the image",
        .rationale = "A copied repository ships its whole history, including secrets that were "
                     "committed and removed later, and the source of the application.",
        .remediation = "Add .git to .dockerignore, or copy only what the application needs.",
        .references = REFS("https://docs.docker.com/build/concepts/context/#dockerignore-files"),
        .equivalents = PEERS("dockle:DKL-LI-0003"),
        .check = img_check_git_dirs,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM015",
        .slug = "image-env-file",
        .domain = "image",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A .env file is in the image",
        .rationale = ".env files hold an application's configuration secrets (database "
                     "passwords, API keys); one copied into the image ships them to everyone "
                     "who pulls it.",
        .remediation = "Add .env* to .dockerignore and pass configuration at run time.",
        .references = REFS("https://docs.docker.com/build/concepts/context/#dockerignore-files"),
        .equivalents = PEERS("dockle:CIS-DI-0010"),
        .check = img_check_env_files,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM016",
        .slug = "image-deleted-secret",
        .domain = "image",
        .severity = VAKT_SEV_HIGH,
        .title = "A secret deleted in a later layer is still shipped",
        .rationale = "Deleting a file in a later build step only adds a whiteout: the layer that "
                     "added the file still holds it, and anyone can extract that layer from the "
                     "image or the registry. Scanners that look only at the final filesystem "
                     "miss it.",
        .remediation = "Rotate the secret and rebuild so that no layer ever contains it: use "
                       "RUN --mount=type=secret, or a multi-stage build that copies only the "
                       "result into the final stage.",
        .references = REFS(OCI_LAYER, DOC_SECRETS, DOC_MULTI),
        .equivalents = NO_PEERS,
        .check = img_check_deleted_secrets,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM017",
        .slug = "image-big-layer",
        .domain = "image",
        .severity = VAKT_SEV_INFO,
        .title = "One of the biggest layers of the image",
        .rationale = "The biggest layers, with the build step that made each, show where an "
                     "image's size (and attack surface) comes from.",
        .remediation = "Combine install and clean-up in one RUN step, use a smaller base, or "
                       "copy only build results into the final stage.",
        .references = REFS(DOC_MULTI),
        .equivalents = NO_PEERS,
        .check = img_check_big_layers,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM018",
        .slug = "image-big-file",
        .domain = "image",
        .severity = VAKT_SEV_INFO,
        .title = "One of the biggest files of the image",
        .rationale = "Very large files (10 MiB and more) are often build leftovers: archives, "
                     "caches, debug symbols or datasets that do not belong in a runtime image.",
        .remediation = "Delete the file in the step that created it, or keep it out of the "
                       "final stage.",
        .references = REFS(DOC_MULTI),
        .equivalents = NO_PEERS,
        .check = img_check_big_files,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM019",
        .slug = "image-path-traversal",
        .domain = "image",
        .severity = VAKT_SEV_HIGH,
        .title = "A layer holds an entry that points outside the image root",
        .rationale = "An entry named with '..' above the root, or a hard link to such a path, "
                     "writes outside the container's filesystem when a naive tool extracts the "
                     "layer (path traversal). vakt reads it as data and leaves it out of the "
                     "image's filesystem.",
        .remediation = "Do not use the image; find out which tool produced the layer.",
        .references = REFS(OCI_LAYER),
        .equivalents = NO_PEERS,
        .check = img_check_unsafe_entries,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "IM020",
        .slug = "image-known-vulnerability",
        .domain = "image",
        .severity = VAKT_SEV_MEDIUM,
        .title = "An installed package has a known vulnerability",
        .rationale = "The version of a package in the image is one that a vulnerability record "
                     "lists as affected, judged by its ecosystem's own version ordering. OS "
                     "packages are looked up in their distribution's OSV data (Debian, Ubuntu, "
                     "Alpine, AlmaLinux, Rocky Linux and more; by source package for Debian, "
                     "Ubuntu and Alpine, and by the sources a Go or Rust program was built with, "
                     "its Built-Using); application packages (npm, PyPI, Go modules and the Go "
                     "toolchain of a binary, Maven, crates.io, RubyGems, Packagist) in their "
                     "registry's, and each finding names the files that declare the package. "
                     "Each finding is one vulnerability, with every id the records give it; its "
                     "severity is the distribution's rating of the package when it gives one "
                     "(Debian urgency, Ubuntu priority, an AlmaLinux or Rocky Linux advisory's "
                     "rating), else the record's CVSS score, and this rule's only when the "
                     "record has neither. Attackers scan for exactly these versions.",
        .remediation = "Upgrade each package to its fixed version. OS packages: rebuild the "
                       "image on an updated base and upgrade them (apt-get upgrade, apk "
                       "upgrade, dnf upgrade in the Dockerfile). Application packages: bump "
                       "them in the file that declares them (package-lock.json, "
                       "requirements.txt, go.mod, pom.xml, Cargo.lock, Gemfile.lock, "
                       "composer.lock) and rebuild. A Go binary: rebuild it with a fixed "
                       "toolchain. Remove what the image does not need. When a vulnerability "
                       "does not apply, record why in .vaktignore or a VEX document (--vex).",
        .references = REFS(OSV_SCHEMA, DOC_VULNS),
        .equivalents = NO_PEERS,
        .check = img_check_vulns,
        .scope = VAKT_SCOPE_UNIT,
    },
    {.id = NULL}, /* the end */
};

static const struct vakt_rule *const image_rule_tables[] = {image_rules, NULL};

/* vakt image reads one image, not files of a tree: no matching, no scan(). */
const struct vakt_domain image_domain = {
    .name = "image",
    .tables = image_rule_tables,
    .values = img_values,
};
