/* SPDX-License-Identifier: MIT */
/*
 * Dockerfile rules on build structure and instruction hygiene (DF080-DF099,
 * then DF100-DF119).
 * The checks live in df-check-build-*.c; this table is their single source of
 * text for `vakt rules`, docs/rules.md and every report.
 *
 * Decisions that differ from peers, on purpose:
 * - DF081: an ADD of a URL with --checksum (or of a git URL pinned to a full
 *   commit) gives no finding: the content is verified, which is the point.
 * - DF082: a shell-form command that starts with `exec`, or a stage that sets
 *   SHELL (as BuildKit's JSONArgsRecommended), gives no finding.
 * - DF084: a relative WORKDIR after an absolute one in the same stage (or a
 *   local parent) is well defined and gives no finding (as BuildKit).
 * - DF086: HEALTHCHECK NONE counts as an explicit choice, and so does a
 *   HEALTHCHECK in a local stage the final stage is built on.
 * - DF087: a stage defined later is reported too: BuildKit resolves it, the
 *   classic builder pulls an image of that name.
 * - DF092: "." and ".." are directories, as for BuildKit.
 * - DF093: a constant platform in a stage named for it ("build-amd64") is
 *   deliberate and passes, as in BuildKit's check.
 * - DF096: stages built on scratch start in "/", so relative paths pass.
 */
#include "df-check-build.h"
#include "df-fix.h"
#include "df-rules.h"

#define DOCKERFILE_REF "https://docs.docker.com/reference/dockerfile/"
#define CHECKS_REF     "https://docs.docker.com/reference/build-checks/"
#define HADOLINT_WIKI  "https://github.com/hadolint/hadolint/wiki/"
#define AVD            "https://avd.aquasec.com/misconfig/"

static const char *const ref_df080[] = {
    DOCKERFILE_REF "#add",
    "https://docs.docker.com/build/building/best-practices/#add-or-copy",
    HADOLINT_WIKI "DL3020",
    AVD "ds005",
    NULL,
};
static const char *const eq_df080[] = {
    "hadolint:DL3020", "trivy:AVD-DS-0005", "checkov:CKV_DOCKER_4", "dockle:CIS-DI-0009", NULL,
};

static const char *const ref_df081[] = {
    DOCKERFILE_REF "#add---checksum",
    DOCKERFILE_REF "#adding-files-from-a-url",
    DOCKERFILE_REF "#adding-files-from-a-git-repository",
    "https://docs.docker.com/build/building/best-practices/#add-or-copy",
    NULL,
};
static const char *const eq_df081[] = {"checkov:CKV_DOCKER_4", NULL};

static const char *const ref_df082[] = {
    DOCKERFILE_REF "#shell-and-exec-form",
    DOCKERFILE_REF "#entrypoint",
    CHECKS_REF "json-args-recommended/",
    HADOLINT_WIKI "DL3025",
    NULL,
};
static const char *const eq_df082[] = {"hadolint:DL3025", "buildkit:JSONArgsRecommended", NULL};

static const char *const ref_df083[] = {
    DOCKERFILE_REF "#cmd",         DOCKERFILE_REF "#entrypoint",
    DOCKERFILE_REF "#healthcheck", CHECKS_REF "multiple-instructions-disallowed/",
    HADOLINT_WIKI "DL4003",        HADOLINT_WIKI "DL4004",
    HADOLINT_WIKI "DL3012",        NULL,
};
static const char *const eq_df083[] = {
    "hadolint:DL4003",
    "hadolint:DL4004",
    "hadolint:DL3012",
    "trivy:AVD-DS-0016",
    "trivy:AVD-DS-0007",
    "trivy:AVD-DS-0023",
    "buildkit:MultipleInstructionsDisallowed",
    NULL,
};

static const char *const ref_df084[] = {
    DOCKERFILE_REF "#workdir",
    CHECKS_REF "workdir-relative-path/",
    HADOLINT_WIKI "DL3000",
    AVD "ds009",
    NULL,
};
static const char *const eq_df084[] = {
    "hadolint:DL3000",
    "trivy:AVD-DS-0009",
    "checkov:CKV_DOCKER_10",
    "buildkit:WorkdirRelativePath",
    NULL,
};

static const char *const ref_df085[] = {
    DOCKERFILE_REF "#maintainer-deprecated",
    CHECKS_REF "maintainer-deprecated/",
    "https://github.com/opencontainers/image-spec/blob/main/annotations.md",
    HADOLINT_WIKI "DL4000",
    AVD "ds022",
    NULL,
};
static const char *const eq_df085[] = {
    "hadolint:DL4000",
    "trivy:AVD-DS-0022",
    "checkov:CKV_DOCKER_6",
    "buildkit:MaintainerDeprecated",
    NULL,
};

static const char *const ref_df086[] = {
    DOCKERFILE_REF "#healthcheck",
    HADOLINT_WIKI "DL3057",
    AVD "ds026",
    NULL,
};
static const char *const eq_df086[] = {
    "hadolint:DL3057", "trivy:AVD-DS-0026", "checkov:CKV_DOCKER_2", "dockle:CIS-DI-0006", NULL,
};

static const char *const ref_df087[] = {
    DOCKERFILE_REF "#copy---from",
    DOCKERFILE_REF "#run---mounttypebind",
    "https://docs.docker.com/build/building/multi-stage/",
    HADOLINT_WIKI "DL3022",
    NULL,
};
static const char *const eq_df087[] = {"hadolint:DL3022", NULL};

static const char *const ref_df088[] = {
    DOCKERFILE_REF "#from",
    CHECKS_REF "duplicate-stage-name/",
    HADOLINT_WIKI "DL3024",
    AVD "ds012",
    NULL,
};
static const char *const eq_df088[] = {
    "hadolint:DL3024",
    "trivy:AVD-DS-0012",
    "checkov:CKV_DOCKER_11",
    "buildkit:DuplicateStageName",
    NULL,
};

static const char *const ref_df089[] = {
    DOCKERFILE_REF "#copy---from",
    HADOLINT_WIKI "DL3023",
    AVD "ds006",
    NULL,
};
static const char *const eq_df089[] = {"hadolint:DL3023", "trivy:AVD-DS-0006", NULL};

static const char *const ref_df090[] = {
    DOCKERFILE_REF "#understand-how-arg-and-from-interact",
    DOCKERFILE_REF "#from",
    HADOLINT_WIKI "DL3061",
    NULL,
};
static const char *const eq_df090[] = {"hadolint:DL3061", NULL};

static const char *const ref_df091[] = {
    DOCKERFILE_REF "#run---mount",
    DOCKERFILE_REF "#copy",
    DOCKERFILE_REF "#add",
    DOCKERFILE_REF "#healthcheck",
    NULL,
};
static const char *const eq_df091[] = {NULL};

static const char *const ref_df092[] = {
    DOCKERFILE_REF "#copy",
    HADOLINT_WIKI "DL3021",
    AVD "ds011",
    NULL,
};
static const char *const eq_df092[] = {"hadolint:DL3021", "trivy:AVD-DS-0011", NULL};

static const char *const ref_df093[] = {
    DOCKERFILE_REF "#from",
    "https://docs.docker.com/build/building/multi-platform/",
    CHECKS_REF "from-platform-flag-const-disallowed/",
    CHECKS_REF "redundant-target-platform/",
    HADOLINT_WIKI "DL3029",
    HADOLINT_WIKI "DL3065",
    NULL,
};
static const char *const eq_df093[] = {
    "hadolint:DL3029",
    "hadolint:DL3065",
    "buildkit:FromPlatformFlagConstDisallowed",
    "buildkit:RedundantTargetPlatform",
    NULL,
};

static const char *const ref_df094[] = {
    DOCKERFILE_REF "#from",
    CHECKS_REF "reserved-stage-name/",
    CHECKS_REF "stage-name-casing/",
    HADOLINT_WIKI "DL3063",
    NULL,
};
static const char *const eq_df094[] = {
    "hadolint:DL3063",
    "buildkit:ReservedStageName",
    "buildkit:StageNameCasing",
    NULL,
};

static const char *const ref_df095[] = {
    DOCKERFILE_REF "#onbuild",
    HADOLINT_WIKI "DL3043",
    NULL,
};
static const char *const eq_df095[] = {"hadolint:DL3043", NULL};

static const char *const ref_df096[] = {
    DOCKERFILE_REF "#copy",
    DOCKERFILE_REF "#workdir",
    HADOLINT_WIKI "DL3045",
    NULL,
};
static const char *const eq_df096[] = {"hadolint:DL3045", NULL};

static const char *const ref_df097[] = {
    DOCKERFILE_REF "#env",
    CHECKS_REF "legacy-key-value-format/",
    NULL,
};
static const char *const eq_df097[] = {"buildkit:LegacyKeyValueFormat", NULL};

static const char *const ref_df098[] = {
    DOCKERFILE_REF "#copy---from",
    "https://docs.docker.com/build/building/multi-stage/",
    HADOLINT_WIKI "DL3067",
    NULL,
};
static const char *const eq_df098[] = {"hadolint:DL3067", NULL};

static const char *const ref_df099[] = {
    DOCKERFILE_REF "#format",
    "https://github.com/hadolint/hadolint/issues/531",
    NULL,
};
static const char *const eq_df099[] = {NULL};
static const char *const ref_df100[] = {
    DOCKERFILE_REF "#environment-replacement",
    HADOLINT_WIKI "DL3044",
    NULL,
};
static const char *const eq_df100[] = {"hadolint:DL3044", NULL};

const struct vakt_rule df_rules_build[] = {
    {
        .id = "DF080",
        .slug = "add-instead-of-copy",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "ADD used where COPY suffices",
        .rationale = "ADD does two things besides copying: it fetches URLs and unpacks local "
                     "tar archives. For a plain local file or directory those features are "
                     "dormant, but a later rename to '.tar.gz' or a source swapped for a URL "
                     "silently changes what lands in the image. COPY says exactly what happens "
                     "and is what Docker's best practices recommend for local files.",
        .remediation = "Use COPY for local files and directories: replace "
                       "'ADD app.py /app/' with 'COPY app.py /app/'. Keep ADD only for "
                       "tar archives you want unpacked.",
        .references = ref_df080,
        .equivalents = eq_df080,
        .check = df_check_add_local,
        .scope = VAKT_SCOPE_UNIT,
        .fix = df_fix_add_copy,
        .fix_summary = "writes COPY for an ADD whose sources are all local files, never for URLs, "
                       "archives or globs",
    },
    {
        .id = "DF081",
        .slug = "add-remote-unverified",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "ADD of a URL or git repository without a checksum or pinned commit",
        .rationale = "ADD with a URL downloads whatever the server returns at build time; "
                     "without --checksum nothing checks that it is the file you reviewed, so "
                     "a compromised or changed server ships straight into the image (plain "
                     "http:// can also be altered in transit). A git source at a branch or tag "
                     "moves in the same way. With --checksum (or a git URL pinned to a full "
                     "commit) the content is verified and vakt reports nothing.",
        .remediation = "Pin the content: 'ADD --checksum=sha256:<digest> "
                       "https://example.com/tool.tar.gz /opt/' (compute the digest with "
                       "'sha256sum'), and for git 'ADD "
                       "https://github.com/org/repo.git#<full-commit-sha> /src'. Prefer "
                       "https:// URLs.",
        .references = ref_df081,
        .equivalents = eq_df081,
        .check = df_check_add_remote,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF082",
        .slug = "shell-form-cmd",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "CMD or ENTRYPOINT in shell form",
        .rationale = "A shell-form CMD or ENTRYPOINT runs as '/bin/sh -c \"...\"': the shell "
                     "becomes PID 1 and does not forward SIGTERM, so 'docker stop' and "
                     "Kubernetes wait out the grace period and then SIGKILL the program, "
                     "which loses in-flight work. A shell-form ENTRYPOINT also ignores CMD and "
                     "'docker run' arguments, and the image needs a shell at all, which "
                     "scratch and distroless images do not have. No finding "
                     "when the command starts with 'exec' or the stage sets SHELL.",
        .remediation = "Write the JSON exec form: 'CMD [\"node\", \"server.js\"]' or "
                       "'ENTRYPOINT [\"/main\"]'. When the shell is needed, replace it "
                       "with the program: 'CMD exec node server.js'.",
        .references = ref_df082,
        .equivalents = eq_df082,
        .check = df_check_shell_form_cmd,
        .scope = VAKT_SCOPE_UNIT,
        .fix = df_fix_exec_form,
        .fix_summary = "writes the JSON exec form when the command is a plain word list without "
                       "variables, quotes, operators or globs",
    },
    {
        .id = "DF083",
        .slug = "repeated-cmd-entrypoint-healthcheck",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "More than one CMD, ENTRYPOINT or HEALTHCHECK in a stage",
        .rationale = "Only the last CMD, ENTRYPOINT and HEALTHCHECK of a stage take effect; "
                     "earlier ones are dead code that misleads readers and reviewers about "
                     "what the container runs or how it is checked.",
        .remediation = "Keep one of each per stage and delete the others, e.g. remove "
                       "the first 'CMD [\"npm\", \"start\"]' and keep the last.",
        .references = ref_df083,
        .equivalents = eq_df083,
        .check = df_check_repeated_cmd,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF084",
        .slug = "workdir-relative",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "Relative WORKDIR",
        .rationale = "A relative WORKDIR is resolved against the current working directory, "
                     "which the base image sets and may change in any new tag; files then land "
                     "somewhere else without an error. A relative WORKDIR after an absolute "
                     "one in the same stage is well defined and passes. Variables are "
                     "expanded first: 'WORKDIR $APP_HOME' with an absolute value is fine.",
        .remediation = "Use an absolute path: 'WORKDIR /app' instead of 'WORKDIR app'.",
        .references = ref_df084,
        .equivalents = eq_df084,
        .check = df_check_workdir_relative,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF085",
        .slug = "maintainer-deprecated",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "MAINTAINER is deprecated",
        .rationale = "MAINTAINER has been deprecated since Docker 1.13; it sets a "
                     "legacy image field that tools no longer read. The OCI annotation "
                     "org.opencontainers.image.authors is where scanners and registries "
                     "look for the author.",
        .remediation = "Replace 'MAINTAINER Jane <jane@example.com>' with 'LABEL "
                       "org.opencontainers.image.authors=\"Jane <jane@example.com>\"'.",
        .references = ref_df085,
        .equivalents = eq_df085,
        .check = df_check_maintainer,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF086",
        .slug = "no-healthcheck",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "Final stage has no HEALTHCHECK",
        .rationale = "Without a HEALTHCHECK, Docker and Swarm consider a container healthy as "
                     "long as its process exists, so a hung or deadlocked service keeps "
                     "receiving traffic and is never restarted. A HEALTHCHECK in a local stage "
                     "the final stage is built on counts, and so does 'HEALTHCHECK NONE', an "
                     "explicit statement that none is wanted (for example when Kubernetes "
                     "probes do the job, as Kubernetes ignores HEALTHCHECK). Informational.",
        .remediation = "Add a check to the final stage, e.g. 'HEALTHCHECK --interval=30s "
                       "--timeout=3s CMD [\"/app/healthcheck\"]' (an exec-form probe works "
                       "in images without a shell), or 'HEALTHCHECK NONE' to record that "
                       "the orchestrator checks health.",
        .references = ref_df086,
        .equivalents = eq_df086,
        .check = df_check_no_healthcheck,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF087",
        .slug = "from-unknown-stage",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "COPY --from or RUN --mount from= names no earlier stage",
        .rationale = "When --from names no stage of the file, the build treats it as an image "
                     "name and pulls it from Docker Hub: a typo in a stage name ('buidler') "
                     "silently copies files out of whatever image owns that name, a supply "
                     "chain hole. A stage defined further down works with BuildKit but makes "
                     "the classic builder pull an image, and a numeric index beyond the "
                     "current stage fails. References with a registry, tag or digest "
                     "('--from=nginx:1.27') are images on purpose and pass.",
        .remediation = "Name an earlier stage exactly as its 'FROM ... AS name', e.g. "
                       "'COPY --from=builder /app/main /main', move the stage above its "
                       "users, or write an external image in full "
                       "('--from=docker.io/library/busybox:1.36').",
        .references = ref_df087,
        .equivalents = eq_df087,
        .check = df_check_from_unknown_stage,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF088",
        .slug = "duplicate-stage-name",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "Two stages share a name",
        .rationale = "Stage names are case-insensitive, and two stages with the same name "
                     "make 'COPY --from', 'FROM <stage>' and '--target' ambiguous: builders "
                     "disagree on which one they mean, or refuse the file, so the image "
                     "may be built from the wrong stage.",
        .remediation = "Give every stage a unique name: 'FROM golang:1.22 AS build-api' "
                       "and 'FROM node:20 AS build-web' instead of two 'AS build'.",
        .references = ref_df088,
        .equivalents = eq_df088,
        .check = df_check_duplicate_stage,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF089",
        .slug = "copy-from-own-stage",
        .domain = "dockerfile",
        .severity = VAKT_SEV_HIGH,
        .title = "COPY --from names its own stage",
        .rationale = "A stage cannot copy from itself: the build fails ('refers to the "
                     "current build stage'). It is usually a stage name mixed up with the "
                     "builder's.",
        .remediation = "Copy from the stage that produced the files, e.g. 'COPY "
                       "--from=builder /app/main /main', or use a plain 'RUN cp' within "
                       "the stage.",
        .references = ref_df089,
        .equivalents = eq_df089,
        .check = df_check_from_own_stage,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF090",
        .slug = "instruction-before-from",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "Instruction other than ARG before the first FROM",
        .rationale = "Only ARG (plus comments and parser directives) may precede the "
                     "first FROM; anything else fails the build, and an ENV or RUN there "
                     "was probably meant for a stage.",
        .remediation = "Move the instruction below the FROM of the stage it belongs to; "
                       "keep only 'ARG BASE_IMAGE=...' declarations used by FROM above it.",
        .references = ref_df090,
        .equivalents = eq_df090,
        .check = df_check_before_from,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF091",
        .slug = "unknown-instruction-flag",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "Unknown instruction flag",
        .rationale = "BuildKit refuses flags it does not know ('unknown flag: chwon'), so the "
                     "build fails; vakt keeps scanning the rest of the file and names the "
                     "nearest known flag. Known: FROM --platform; RUN --mount, --network, "
                     "--security; COPY --from, --chown, --chmod, --link, --parents, --exclude; "
                     "ADD --chown, --chmod, --link, --checksum, --keep-git-dir, --unpack, "
                     "--exclude; HEALTHCHECK --interval, --timeout, --start-period, "
                     "--start-interval, --retries.",
        .remediation = "Fix the spelling ('COPY --chown=10001:10001 app /app'), or move "
                       "the flag to the instruction that has it (--checksum is ADD's).",
        .references = ref_df091,
        .equivalents = eq_df091,
        .check = df_check_unknown_flag,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF092",
        .slug = "copy-multi-source-dest",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "COPY or ADD of several sources to a destination without a trailing '/'",
        .rationale = "With more than one source the destination must be a directory, and "
                     "Docker requires it to be written with a trailing '/'; otherwise the "
                     "build fails or, depending on the builder and on whether the path "
                     "exists, the files end up somewhere unexpected.",
        .remediation = "End the destination with '/': 'COPY package.json package-lock.json "
                       "/app/'.",
        .references = ref_df092,
        .equivalents = eq_df092,
        .check = df_check_multi_source_dest,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF093",
        .slug = "from-platform-flag",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "FROM --platform set to a constant or to the redundant $TARGETPLATFORM",
        .rationale = "A constant '--platform=linux/amd64' ties the stage to one platform: "
                     "multi-platform builds produce mislabelled images and builds on other "
                     "machines run under emulation. '--platform=$TARGETPLATFORM' is the "
                     "default and only adds noise. A stage named after its platform "
                     "('build-amd64') is deliberate and passes.",
        .remediation = "Drop the flag and pass 'docker build --platform', or use "
                       "'FROM --platform=$BUILDPLATFORM golang:1.22 AS build' for "
                       "cross-compiling build stages.",
        .references = ref_df093,
        .equivalents = eq_df093,
        .check = df_check_from_platform,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF094",
        .slug = "stage-name-invalid",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "Stage name reserved, invalid or not lower-case",
        .rationale = "'scratch' and 'context' already mean the empty image and the build "
                     "context, so a stage with that name is confusing or unusable; names "
                     "must start with a letter; and BuildKit lower-cases names, so "
                     "'AS Builder' is referenced as 'builder' while the file says "
                     "otherwise.",
        .remediation = "Use a lower-case, unreserved name: 'FROM golang:1.22 AS builder'.",
        .references = ref_df094,
        .equivalents = eq_df094,
        .check = df_check_stage_name,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF095",
        .slug = "onbuild-forbidden-trigger",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "ONBUILD ONBUILD, ONBUILD FROM or ONBUILD MAINTAINER",
        .rationale = "BuildKit rejects these triggers when it parses the file, so the "
                     "build fails; they never did anything useful (a trigger cannot "
                     "start a stage or chain another trigger).",
        .remediation = "Remove the trigger, or turn it into a plain instruction of the "
                       "image that needs it ('LABEL org.opencontainers.image.authors=...' "
                       "instead of 'ONBUILD MAINTAINER ...').",
        .references = ref_df095,
        .equivalents = eq_df095,
        .check = df_check_onbuild_trigger,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF096",
        .slug = "copy-relative-no-workdir",
        .domain = "dockerfile",
        .severity = VAKT_SEV_LOW,
        .title = "COPY to a relative destination with no WORKDIR set",
        .rationale = "A relative destination is resolved against the working directory, "
                     "which, without a WORKDIR in the stage or a local parent stage, is "
                     "whatever the base image chose (often '/'); 'COPY . .' then scatters "
                     "the build context over the image root. Stages built on scratch "
                     "start in '/' and pass.",
        .remediation = "Set the directory first: 'WORKDIR /app' then 'COPY . .', or copy "
                       "to an absolute path ('COPY . /app/').",
        .references = ref_df096,
        .equivalents = eq_df096,
        .check = df_check_copy_relative,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF097",
        .slug = "env-legacy-form",
        .domain = "dockerfile",
        .severity = VAKT_SEV_INFO,
        .title = "Legacy 'ENV key value' form",
        .rationale = "The whitespace form sets one variable to the rest of the line, so "
                     "'ENV A 1 B 2' sets A to '1 B 2' rather than two variables; Docker "
                     "documents the form as legacy and may remove it.",
        .remediation = "Write 'ENV key=value': 'ENV NODE_ENV=production', quoting values "
                       "with spaces ('ENV GREETING=\"hello world\"').",
        .references = ref_df097,
        .equivalents = eq_df097,
        .check = df_check_legacy_env,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF098",
        .slug = "copy-from-whole-filesystem",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "COPY --from=<stage> / / copies a whole filesystem",
        .rationale = "Copying the root of another stage or image over this one brings its "
                     "shells, package manager, compilers, accounts and caches along, which "
                     "undoes the point of a multi-stage build: the runtime stage should hold "
                     "the artefact and nothing else. It also hides what the "
                     "image really contains from reviewers.",
        .remediation = "Copy only what the image needs: 'COPY --from=builder /app/main "
                       "/main' and 'COPY --from=builder "
                       "/etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/'.",
        .references = ref_df098,
        .equivalents = eq_df098,
        .check = df_check_copy_root,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF099",
        .slug = "comment-swallows-continuation",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "Comment in a continued command swallows the lines after it",
        .rationale = "Docker joins continued lines before the shell sees them, so a '#' "
                     "comment at the end of a line that ends in '\\' runs on into the next "
                     "lines: 'cmd2 # note \\' followed by '&& cmd3' never runs cmd3, and the "
                     "build succeeds without it (a skipped cleanup or permission change goes "
                     "unnoticed). Whole-line comments are removed by Docker and are fine.",
        .remediation = "Move the comment onto its own line above the instruction (or "
                       "onto a line of its own inside the continuation), and keep '\\' "
                       "as the last character of each continued line.",
        .references = ref_df099,
        .equivalents = eq_df099,
        .check = df_check_comment_swallow,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "DF100",
        .slug = "env-uses-own-variable",
        .domain = "dockerfile",
        .severity = VAKT_SEV_MEDIUM,
        .title = "ENV uses a variable that the same ENV sets",
        .rationale = "All the values of one ENV instruction are expanded with the environment "
                     "from before it, so in 'ENV VERSION=1.2 URL=https://x/$VERSION' URL gets "
                     "the previous VERSION, usually empty, and the build downloads or configures "
                     "the wrong thing without any error. A re-export of the old value "
                     "('ENV A=$A B=$A') is the same value and is not reported.",
        .remediation = "Set the variable in an ENV of its own before using it:\n"
                       "  ENV VERSION=1.2\n"
                       "  ENV URL=https://example.com/$VERSION",
        .references = ref_df100,
        .equivalents = eq_df100,
        .check = df_check_env_self_ref,
        .scope = VAKT_SCOPE_UNIT,
    },
    {.id = NULL}, /* the end */
};
