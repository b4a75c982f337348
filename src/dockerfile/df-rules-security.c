/* SPDX-License-Identifier: MIT */
/*
 * The Dockerfile security rules (DF001-DF039): identity, base image, supply
 * chain, secrets and exposure. This table is the single source of each
 * rule's text; the checks live in df-check-sec-*.c.
 */
#include "df-check-sec.h"
#include "df-fix.h"
#include "df-rules.h"

#define DOC_USER    "https://docs.docker.com/reference/dockerfile/#user"
#define DOC_BP_USER "https://docs.docker.com/build/building/best-practices/#user"
#define DOC_PIN     "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions"
#define DOC_MULTI   "https://docs.docker.com/build/building/multi-stage/"
#define DOC_BP_BASE                                                                                \
	"https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image"
#define DOC_SECRETS "https://docs.docker.com/build/building/secrets/"
#define DOC_IGNORE  "https://docs.docker.com/build/concepts/context/#dockerignore-files"
#define DOC_K8S_SC  "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"
#define DISTROLESS  "https://github.com/GoogleContainerTools/distroless"
#define CIS_USER    "CIS Docker Benchmark 4.1: Ensure that a user for the container has been created"
#define CIS_TRUSTED "CIS Docker Benchmark 4.2: Ensure that containers use only trusted base images"
#define CIS_PACKAGES                                                                               \
	"CIS Docker Benchmark 4.3: Ensure that unnecessary packages are not installed in the "     \
	"container"
#define CIS_SECRETS "CIS Docker Benchmark 4.10: Ensure secrets are not stored in Dockerfiles"
#define CIS_SSHD    "CIS Docker Benchmark 5.6: Ensure sshd is not run within containers"
#define CIS_HOSTDIRS                                                                               \
	"CIS Docker Benchmark 5.5: Ensure sensitive host system directories are not mounted on "   \
	"containers"
#define NIST_190       "https://doi.org/10.6028/NIST.SP.800-190"
#define NIST_CONFIG    "NIST SP 800-190 4.1.2, Image configuration defects: " NIST_190
#define NIST_SECRETS   "NIST SP 800-190 4.1.4, Embedded clear text secrets: " NIST_190
#define NIST_UNTRUSTED "NIST SP 800-190 4.1.5, Use of untrusted images: " NIST_190
#define CVE_RUNC       "https://nvd.nist.gov/vuln/detail/CVE-2019-5736"
#define CVE_CGROUP     "https://nvd.nist.gov/vuln/detail/CVE-2022-0492"

#define REFS(...)  ((const char *const[]){__VA_ARGS__, NULL})
#define PEERS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_PEERS   ((const char *const[]){NULL})

const struct vakt_rule df_rules_security[] = {
    /* --- identity -------------------------------------------------------------- */
    {
        .id = "DF001",
        .slug = "final-stage-no-user",
        .domain = "dockerfile",
        .severity = VAKT_SEV_HIGH,
        .title = "The final stage sets no USER, so the container runs as root",
        .rationale = "Without a USER instruction a container runs as the base image's user, "
                     "which is root for almost every image. A process exploited through a "
                     "remote-code-execution bug is then root inside the container, the starting "
                     "point of published escapes to the host such as CVE-2019-5736 (runc) and "
                     "CVE-2022-0492 (cgroup v1 release_agent). The final stage "
                     "is judged together with the stages it builds on through FROM <stage>, "
                     "since USER is inherited; bases documented to run as non-root "
                     "(gcr.io/distroless/*:nonroot, cgr.dev/chainguard/* except -dev, "
                     "nginxinc/nginx-unprivileged, .NET chiseled images, and the official "
                     "and vendor images whose own Dockerfile ends with a non-root USER, such "
                     "as memcached, haproxy, kong, elasticsearch, prom/prometheus, "
                     "grafana/grafana and bitnami/postgresql; docs/compose.md lists them) "
                     "pass. FROM scratch "
                     "has no users at all and runs as UID 0 unless USER says otherwise. A "
                     "final image that installs gosu or su-exec and starts through an "
                     "ENTRYPOINT (docker-library's database images: the entrypoint "
                     "prepares as root, then runs the server as its own user) is reported "
                     "as low.",
        .remediation = "Create an unprivileged user with a fixed UID and switch to it at the "
                       "end of the final stage:\n"
                       "  RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app\n"
                       "  USER 10001:10001\n"
                       "For FROM scratch or distroless, no user needs to exist: USER 10001 is "
                       "enough.",
        .references = REFS(DOC_USER, DOC_BP_USER, CIS_USER, NIST_CONFIG,
                           "https://avd.aquasec.com/misconfig/ds002", CVE_RUNC, CVE_CGROUP),
        .equivalents = PEERS("trivy:AVD-DS-0002", "checkov:CKV_DOCKER_3", "dockle:CIS-DI-0001"),
        .check = df_check_sec_no_user,
        .scope = VAKT_SCOPE_UNIT,
        .fix = df_fix_user,
        .fix_summary =
            "adds a numeric non-root USER at the end of the final stage, UID 10001 or fix.uid of "
            ".vakt.yaml, creating the user on Debian, Ubuntu and Alpine bases",
    },
    {
        .id = "DF002",
        .slug = "final-user-root",
        .domain = "dockerfile",
        .severity = VAKT_SEV_HIGH,
        .title = "The last USER of the final stage is root",
        .rationale = "USER root (also 0, root:group, 0:0, or a variable resolving to one of "
                     "these) as the last USER of the final image means the application runs "
                     "with full privileges inside the container, and whoever exploits it "
                     "starts as root. Unlike hadolint's DL3002, only the final image is judged: a "
                     "build stage "
                     "that runs as root is normal.",
        .remediation = "Switch to a non-root user after the steps that need root:\n"
                       "  USER 10001:10001",
        .references = REFS(DOC_USER, DOC_BP_USER, CIS_USER,
                           "https://github.com/hadolint/hadolint/wiki/DL3002",
                           "https://avd.aquasec.com/misconfig/ds002"),
        .equivalents = PEERS("hadolint:DL3002", "trivy:AVD-DS-0002", "checkov:CKV_DOCKER_8",
                             "dockle:CIS-DI-0001"),
        .check = df_check_sec_root_user,
        .scope = VAKT_SCOPE_UNIT,
        .fix = df_fix_user,
        .fix_summary =
            "adds a numeric non-root USER at the end of the final stage, UID 10001 or fix.uid of "
            ".vakt.yaml, creating the user on Debian, Ubuntu and Alpine bases",
    },
    {
        .id = "DF003",
        .slug = "user-back-to-root",
        .domain = "dockerfile",
        .severity = VAKT_SEV_HIGH,
        .title = "The final stage switches back to USER root and never leaves it",
        .rationale = "A Dockerfile that drops to a non-root user and later switches to USER "
                     "root for a step (installing a package, fixing permissions) but never "
                     "switches back ships an image that runs as root, although it looks "
                     "hardened at a glance.",
        .remediation = "Switch back to the unprivileged user after the root-only steps:\n"
                       "  USER root\n"
                       "  RUN apk add --no-cache tini\n"
                       "  USER 10001:10001",
        .references = REFS(DOC_USER, DOC_BP_USER, CIS_USER,
                           "https://github.com/hadolint/hadolint/wiki/DL3002"),
        .equivalents = PEERS("hadolint:DL3002", "trivy:AVD-DS-0002", "checkov:CKV_DOCKER_8"),
        .check = df_check_sec_back_to_root,
        .scope = VAKT_SCOPE_UNIT,
        .fix = df_fix_user,
        .fix_summary =
            "adds a numeric non-root USER at the end of the final stage, UID 10001 or fix.uid of "
            ".vakt.yaml, creating the user on Debian, Ubuntu and Alpine bases",
    },
    {
        .id = "DF004",
        .slug = "user-not-numeric",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "The final USER is a name, not a numeric UID",
        .rationale = "Kubernetes' runAsNonRoot check needs a numeric user in the image: with "
                     "USER appuser the kubelet cannot tell whether appuser is root and refuses "
                     "to start the container. A UID also means the same thing on every host "
                     "and in every volume. A UID taken from an "
                     "ARG or ENV that resolves to digits passes.",
        .remediation = "Give the user a fixed UID and use the number:\n"
                       "  RUN adduser -S -u 10001 appuser\n"
                       "  USER 10001:10001",
        .references =
            REFS(DOC_USER, DOC_K8S_SC, "https://github.com/hadolint/hadolint/wiki/DL3066"),
        .equivalents = PEERS("hadolint:DL3066"),
        .check = df_check_sec_named_user,
        .scope = VAKT_SCOPE_UNIT,
    },
    /* --- base image ------------------------------------------------------------ */
    {
        .id = "DF010",
        .slug = "final-stage-toolchain",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "The final image is a toolchain image and no multi-stage build is used",
        .rationale = "Building and shipping from the same image (golang, gcc, rust, maven, "
                     "gradle, a JDK, the full node or python images, buildpack-deps, the .NET "
                     "SDK, ...) puts compilers, package managers, git and curl into "
                     "production: hundreds of megabytes of attack surface and tools for an "
                     "intruder. A multi-stage build keeps the toolchain in a build stage and "
                     "ships only the artefact, so none of it reaches the running container.",
        .remediation = "Build in a first stage and copy only the artefact into a minimal "
                       "image:\n"
                       "  FROM golang:1.22-alpine AS build\n"
                       "  RUN CGO_ENABLED=0 go build -o /out/app .\n"
                       "  FROM gcr.io/distroless/static-debian12:nonroot\n"
                       "  COPY --from=build /out/app /app\n"
                       "  USER 10001\n"
                       "  ENTRYPOINT [\"/app\"]",
        .references = REFS(DOC_MULTI, DISTROLESS, CIS_PACKAGES),
        .equivalents = NO_PEERS,
        .check = df_check_sec_toolchain_final,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF011",
        .slug = "final-base-not-minimal",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "The final image is built on a full OS or toolchain image",
        .rationale = "Full distribution images (debian, centos, fedora, rockylinux, ...) and "
                     "the full language images carry shells, package managers, compilers and "
                     "network tools the application never uses, each a source of "
                     "vulnerabilities and a tool for an attacker. Docker's build best "
                     "practices ask for a base image from a trusted source, kept small. The "
                     "message names the lean alternative. The official ubuntu image is "
                     "already minimised (as debian:*-slim is) and passes.",
        .remediation = "Use the slim or alpine variant, a distroless image, or scratch for "
                       "a static binary, e.g.\n"
                       "  FROM python:3.12-slim\n"
                       "  FROM gcr.io/distroless/base-debian12:nonroot",
        .references = REFS(DOC_BP_BASE, DISTROLESS, CIS_PACKAGES, NIST_CONFIG),
        .equivalents = NO_PEERS,
        .check = df_check_sec_fat_base,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF012",
        .slug = "base-image-latest",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A base image has no tag or uses :latest",
        .rationale = "An untagged or :latest base changes whenever upstream publishes, so two "
                     "builds of the same commit can ship different software, and a broken or "
                     "compromised release arrives unnoticed. Variables are expanded "
                     "from ARG defaults and --build-arg first; stage names and scratch are "
                     "exempt, and an image that cannot be resolved is not judged.",
        .remediation = "Pin a version tag, and ideally the digest:\n"
                       "  FROM node:20.11-alpine3.19",
        .references = REFS(DOC_PIN, "https://github.com/hadolint/hadolint/wiki/DL3006",
                           "https://github.com/hadolint/hadolint/wiki/DL3007",
                           "https://avd.aquasec.com/misconfig/ds001"),
        .equivalents = PEERS("hadolint:DL3006", "hadolint:DL3007", "trivy:AVD-DS-0001",
                             "checkov:CKV_DOCKER_7", "dockle:DKL-DI-0006"),
        .check = df_check_sec_latest,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF013",
        .slug = "base-image-no-digest",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "A base image is not pinned by digest",
        .rationale = "Tags are mutable: the publisher (or whoever takes over the account) can "
                     "point 1.25 at new content. Only a digest names exactly the bytes that "
                     "were reviewed and scanned; tools like Renovate and Dependabot keep "
                     "digests current.",
        .remediation = "Add the digest after the tag:\n"
                       "  FROM nginx:1.27-alpine@sha256:<digest>\n"
                       "(docker buildx imagetools inspect nginx:1.27-alpine prints it)",
        .references =
            REFS(DOC_PIN, "https://docs.docker.com/reference/cli/docker/buildx/imagetools/"
                          "inspect/"),
        .equivalents = NO_PEERS,
        .check = df_check_sec_no_digest,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF014",
        .slug = "image-typosquat",
        .domain = "dockerfile",
        .severity = VAKT_SEV_HIGH,
        .title = "An image name or registry looks typo-squatted",
        .rationale = "Attackers publish images under names one keystroke away from popular "
                     "ones (ngnix for nginx) so that a typo pulls their code into the build. "
                     "vakt compares every FROM, COPY --from and RUN "
                     "--mount from= image with the Docker Official Images, well-known Docker "
                     "Hub namespaces and well-known registries (ghcr.io, gcr.io, quay.io, "
                     "registry.k8s.io, mcr.microsoft.com, public.ecr.aws, ...), and reports a "
                     "registry written as a Docker Hub namespace (ghcr/owner/app).",
        .remediation = "Correct the name, e.g.\n"
                       "  FROM nginx:1.27-alpine\n"
                       "If the image really is the one you mean, list it under "
                       "allowed-base-images in .vakt.yaml.",
        .references =
            REFS("https://docs.docker.com/docker-hub/image-library/trusted-content/",
                 "https://github.com/docker-library/official-images", CIS_TRUSTED, NIST_UNTRUSTED),
        .equivalents = NO_PEERS,
        .check = df_check_sec_typosquat,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF015",
        .slug = "untrusted-registry",
        .domain = "dockerfile",
        .severity = VAKT_SEV_HIGH,
        .title = "An image comes from a registry outside trusted-registries",
        .rationale = "When a project lists the registries it trusts (trusted-registries in "
                     ".vakt.yaml: host names, *.example.com, *), an image from anywhere else "
                     "bypasses its scanning, signing and data-residency controls. Images "
                     "without a "
                     "registry come from docker.io. Checked only when the list is configured.",
        .remediation = "Pull the image through a trusted registry (mirror it first):\n"
                       "  FROM registry.example.com/library/nginx:1.27-alpine\n"
                       "or add the registry to trusted-registries.",
        .references =
            REFS("https://github.com/hadolint/hadolint/wiki/DL3026", CIS_TRUSTED, NIST_UNTRUSTED),
        .equivalents = PEERS("hadolint:DL3026"),
        .check = df_check_sec_untrusted_registry,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF016",
        .slug = "image-not-allowed",
        .domain = "dockerfile",
        .severity = VAKT_SEV_HIGH,
        .title = "An image is not in allowed-base-images",
        .rationale = "A project that curates its base images (allowed-base-images in "
                     ".vakt.yaml, glob patterns such as gcr.io/distroless/* or node:*-alpine) "
                     "wants every build on that vetted set, patched and scanned centrally. "
                     "Checked only when the list is configured.",
        .remediation = "Switch to an approved base, e.g.\n"
                       "  FROM gcr.io/distroless/static-debian12:nonroot\n"
                       "or get the image added to allowed-base-images.",
        .references = REFS(CIS_TRUSTED, NIST_UNTRUSTED),
        .equivalents = NO_PEERS,
        .check = df_check_sec_unlisted_image,
        .scope = VAKT_SCOPE_UNIT,
    },
    /* --- secrets --------------------------------------------------------------- */
    {
        .id = "DF020",
        .slug = "secret-env-in-image",
        .domain = "dockerfile",
        .severity = VAKT_SEV_HIGH,
        .title = "A secret-looking ENV is baked into the final image",
        .rationale = "ENV values are stored in the image config: anyone who can pull the image "
                     "reads them with docker inspect, and every container inherits them. "
                     "Names are judged like BuildKit's SecretsUsedInArgOrEnv "
                     "(tokens such as password, secret, token, key, auth, credentials; not "
                     "when also public, file, version, path, url, ...) plus known names "
                     "(AWS_SECRET_ACCESS_KEY, GITHUB_TOKEN, NPM_TOKEN, ...). ENV in a stage "
                     "the final stage builds on counts as final; other ENV and every ARG are "
                     "DF024.",
        .remediation = "Do not put the secret in the image. Use it only where it is needed "
                       "at build time:\n"
                       "  RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n"
                       "(docker build --secret id=npm_token,env=NPM_TOKEN .) and pass "
                       "runtime secrets with the orchestrator (Kubernetes Secrets, "
                       "docker run --env-file).",
        .references = REFS(DOC_SECRETS,
                           "https://docs.docker.com/reference/build-checks/"
                           "secrets-used-in-arg-or-env/",
                           CIS_SECRETS, NIST_SECRETS),
        .equivalents = PEERS("hadolint:DL3064", "trivy:AVD-DS-0031", "dockle:CIS-DI-0010",
                             "buildkit:SecretsUsedInArgOrEnv"),
        .check = df_check_sec_secret_env_final,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF021",
        .slug = "secret-value-in-dockerfile",
        .domain = "dockerfile",
        .severity = VAKT_SEV_CRITICAL,
        .title = "A credential is written into the Dockerfile",
        .rationale = "A value in a known credential format (AWS access key id, GitHub, GitLab, "
                     "Slack, Stripe, Google, npm, PyPI, Docker Hub tokens, JWTs, private-key "
                     "blocks, passwords in URLs) in an ARG, ENV, LABEL, RUN or any other "
                     "instruction is in version control, in the image config or history, and "
                     "in every registry the image reaches. It must be treated as leaked. "
                     "Messages show only the kind and the first characters.",
        .remediation = "Revoke and rotate the credential, remove it from the Dockerfile (and "
                       "its git history), and pass it at build time:\n"
                       "  RUN --mount=type=secret,id=token,env=TOKEN ./fetch-deps.sh",
        .references = REFS(DOC_SECRETS, CIS_SECRETS, NIST_SECRETS),
        .equivalents = NO_PEERS,
        .check = df_check_sec_secret_value,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF022",
        .slug = "secret-file-copied",
        .domain = "dockerfile",
        .severity = VAKT_SEV_HIGH,
        .title = "A credential file is copied into the image",
        .rationale = "COPY or ADD of .env files, SSH keys (id_rsa, id_ed25519), *.pem, *.key, "
                     "*.p12/*.pfx key stores, .npmrc, .pypirc, .netrc, .aws/, "
                     ".docker/config.json, kubeconfig, cloud service-account keys or the .git "
                     "directory writes them into a layer. Deleting them in a later RUN does "
                     "not help: the earlier layer still ships them. A .npmrc counts when it "
                     "holds a token (vakt reads the one beside the Dockerfile; an _authToken "
                     "taken from ${NPM_TOKEN} is not one, and one it cannot read is reported "
                     "a severity lower). In a build stage the image does not ship, the file "
                     "still sits in the builder's cache: reported a severity lower.",
        .remediation = "Mount the file only for the step that needs it:\n"
                       "  RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n"
                       "and list such files in .dockerignore.",
        .references = REFS(DOC_SECRETS, DOC_IGNORE, CIS_SECRETS, NIST_SECRETS),
        .equivalents = PEERS("trivy:AVD-DS-0031", "dockle:CIS-DI-0010", "dockle:DKL-LI-0003"),
        .check = df_check_sec_secret_file,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF023",
        .slug = "copy-context-no-dockerignore",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "The whole build context is copied and there is no .dockerignore",
        .rationale = "COPY . . (or ADD .) takes everything in the build context. Without a "
                     ".dockerignore next to the Dockerfile (or a <Dockerfile>.dockerignore) "
                     "that includes .git, .env files, local keys and credentials, editor and "
                     "build leftovers. The context is not written in the Dockerfile: vakt "
                     "looks beside it and, inside a repository, in every directory up to the "
                     "repository root (where compose files and CI usually build from); input "
                     "from standard input is not judged. Copied into a build stage the image "
                     "does not ship, the context still goes to the builder and its cache: "
                     "reported a severity lower.",
        .remediation = "Add a .dockerignore beside the Dockerfile, e.g.\n"
                       "  .git\n"
                       "  .env*\n"
                       "  *.pem\n"
                       "  node_modules\n"
                       "or copy only what the build needs: COPY src/ ./src/",
        .references = REFS(DOC_IGNORE, CIS_SECRETS),
        .equivalents = NO_PEERS,
        .check = df_check_sec_no_dockerignore,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF024",
        .slug = "secret-arg-or-build-env",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A secret-looking ARG, or ENV in a build stage",
        .rationale = "Build-argument values are recorded in the image history of the RUN "
                     "instructions that follow them (docker history shows them), and ENV in "
                     "a build stage stays in that stage's layers, the build cache and any "
                     "image built with --target. Less exposed than an ENV in the final image "
                     "(DF020), still a leak. Names are judged as in DF020.",
        .remediation = "Use a build secret instead of a build argument:\n"
                       "  RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN "
                       "./build.sh\n"
                       "(docker build --secret id=github_token,env=GITHUB_TOKEN .)",
        .references = REFS(DOC_SECRETS,
                           "https://docs.docker.com/reference/build-checks/"
                           "secrets-used-in-arg-or-env/",
                           CIS_SECRETS),
        .equivalents = PEERS("hadolint:DL3064", "trivy:AVD-DS-0031", "dockle:CIS-DI-0010",
                             "buildkit:SecretsUsedInArgOrEnv"),
        .check = df_check_sec_secret_arg,
        .scope = VAKT_SCOPE_UNIT,
    },
    /* --- exposure --------------------------------------------------------------- */
    {
        .id = "DF030",
        .slug = "expose-ssh",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "The image exposes port 22 (SSH)",
        .rationale = "An SSH server in a container is another daemon with credentials to "
                     "steal and brute-force, and a way around the orchestrator's access "
                     "control and audit logs; containers are managed through the runtime, "
                     "not logged into. Ranges containing 22 and variables resolving to it count.",
        .remediation = "Remove EXPOSE 22 and the SSH server; get a shell with\n"
                       "  docker exec -it <container> sh\n"
                       "  kubectl exec -it <pod> -- sh",
        .references = REFS(CIS_SSHD, NIST_CONFIG, "https://avd.aquasec.com/misconfig/ds004"),
        .equivalents = PEERS("trivy:AVD-DS-0004", "checkov:CKV_DOCKER_1"),
        .check = df_check_sec_expose_ssh,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF031",
        .slug = "sensitive-volume-or-workdir",
        .domain = "dockerfile",
        .severity = VAKT_SEV_HIGH,
        .title = "VOLUME or WORKDIR on a kernel or host-control path",
        .rationale = "VOLUME /proc, /sys, /dev or /var/run/docker.sock invites mounting host "
                     "interfaces into the container, and a mounted Docker socket is root on "
                     "the host. WORKDIR under /proc, /sys, /dev, /boot, /initrd or "
                     "/lost+found makes the application write into system directories.",
        .remediation = "Keep application data in its own directory:\n"
                       "  WORKDIR /app\n"
                       "  VOLUME /data",
        .references = REFS(CIS_HOSTDIRS, "https://avd.aquasec.com/misconfig/ds030",
                           "https://github.com/goodwithtech/dockle/blob/master/"
                           "CHECKPOINT.md"),
        .equivalents = PEERS("trivy:AVD-DS-0030", "dockle:DKL-DI-0002"),
        .check = df_check_sec_sensitive_path,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF032",
        .slug = "expose-invalid-port",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "EXPOSE has a port out of range or malformed",
        .rationale = "EXPOSE takes PORT[/tcp|udp|sctp] or FIRST-LAST[/PROTO] with ports in "
                     "0-65535. Anything else fails the build or documents a port the "
                     "application does not listen on; a host mapping (8080:80) or an address "
                     "cannot be set in the image at all.",
        .remediation = "Write the port the application listens on:\n"
                       "  EXPOSE 8080/tcp\n"
                       "and publish it at run time: docker run -p 80:8080 ...",
        .references = REFS("https://docs.docker.com/reference/dockerfile/#expose",
                           "https://github.com/hadolint/hadolint/wiki/DL3011",
                           "https://avd.aquasec.com/misconfig/ds008"),
        .equivalents =
            PEERS("hadolint:DL3011", "trivy:AVD-DS-0008", "buildkit:ExposeInvalidFormat"),
        .check = df_check_sec_expose_format,
        .scope = VAKT_SCOPE_UNIT,
    },
    {.id = NULL}, /* the end */
};
