/* SPDX-License-Identifier: MIT */
/*
 * The hardened profile (KS001-KS099): the hardening checklist for
 * Kubernetes workloads, on by default. Every container of the pod template
 * is judged (containers, initContainers, ephemeralContainers), with the
 * pod-level securityContext inherited as the kubelet does it. This table is
 * the single source of each rule's text; the checks live in
 * kube-check-*.c.
 */
#include "core/util.h"
#include "kube-check.h"
#include "kube-fix.h"
#include "kube-rules.h"

#define DOC_SC         "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"
#define DOC_PSS        "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
#define DOC_CAPS       "https://man7.org/linux/man-pages/man7/capabilities.7.html"
#define DOC_NNP        "https://docs.kernel.org/userspace-api/no_new_privs.html"
#define DOC_SECCOMP    "https://kubernetes.io/docs/tutorials/security/seccomp/"
#define DOC_APPARMOR   "https://kubernetes.io/docs/tutorials/security/apparmor/"
#define DOC_SYSCTL     "https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/"
#define DOC_HOSTPATH   "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"
#define DOC_EMPTYDIR   "https://kubernetes.io/docs/concepts/storage/volumes/#emptydir"
#define DOC_IMAGES     "https://kubernetes.io/docs/concepts/containers/images/"
#define DOC_SECRETS    "https://kubernetes.io/docs/concepts/security/secrets-good-practices/"
#define DOC_SA         "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/"
#define DOC_RES        "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"
#define DOC_LIMITRANGE "https://kubernetes.io/docs/concepts/policy/limit-range/"
#define DOC_PROBES                                                                                 \
	"https://kubernetes.io/docs/tasks/configure-pod-container/"                                \
	"configure-liveness-readiness-startup-probes/"
#define DOC_NS         "https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"
#define NIST_190       "https://doi.org/10.6028/NIST.SP.800-190"
#define NIST_SECRETS   "NIST SP 800-190 4.1.4, Embedded clear text secrets: " NIST_190
#define NIST_UNTRUSTED "NIST SP 800-190 4.1.5, Use of untrusted images: " NIST_190
#define NIST_RO        "NIST SP 800-190 4.4.4, App vulnerabilities (read-only root filesystems): " NIST_190
#define CVE_RUNC       "https://nvd.nist.gov/vuln/detail/CVE-2019-5736"
#define CVE_CGROUP     "https://nvd.nist.gov/vuln/detail/CVE-2022-0492"

#define REFS(...)  ((const char *const[]){__VA_ARGS__, NULL})
#define PEERS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_PEERS   ((const char *const[]){NULL})

/*
 * Facets: what kube-linter, Polaris, Checkov, Trivy and kubesec check one
 * at a time, where vakt reports them together (the KUBE_FACET_* bits).
 */
static const struct vakt_rule_facet kube_limit_facets[] = {
    {"cpu-limit", PEERS("trivy:KSV011", "trivy:AVD-KSV-0011", "checkov:CKV_K8S_11",
                        "polaris:cpuLimitsMissing", "kubesec:LimitsCPU")},
    {"memory-limit", PEERS("trivy:KSV018", "trivy:AVD-KSV-0018", "checkov:CKV_K8S_13",
                           "polaris:memoryLimitsMissing", "kubesec:LimitsMemory",
                           "kube-linter:unset-memory-requirements")},
    {NULL, NULL},
};

static const struct vakt_rule_facet kube_request_facets[] = {
    {"cpu-request",
     PEERS("trivy:KSV015", "trivy:AVD-KSV-0015", "checkov:CKV_K8S_10", "polaris:cpuRequestsMissing",
           "kubesec:RequestsCPU", "kube-linter:unset-cpu-requirements")},
    {"memory-request", PEERS("trivy:KSV016", "trivy:AVD-KSV-0016", "checkov:CKV_K8S_12",
                             "polaris:memoryRequestsMissing", "kubesec:RequestsMemory")},
    {NULL, NULL},
};

static const struct vakt_rule_facet kube_dangerous_cap_facets[] = {
    {"net-raw", PEERS("kube-linter:drop-net-raw-capability")},
    {"other-capability", NULL},
    {NULL, NULL},
};

const struct vakt_rule kube_rules_hardened[] = {
    /* --- identity -------------------------------------------------------------- */
    {
        .id = "KS001",
        .fix = kube_fix_nonroot,
        .fix_summary = "runAsNonRoot: true, with runAsUser and runAsGroup set to fix.uid (10001) "
                       "where none is set; in the pod's securityContext when every container needs "
                       "it, else the container's",
        .slug = "container-may-run-as-root",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "A container may run as root: no runAsNonRoot: true and no non-zero runAsUser",
        .rationale = "Without runAsNonRoot: true or a non-zero runAsUser, on the container or "
                     "inherited from the pod's securityContext, the image's USER decides, and "
                     "that is root for most images. A process exploited through a remote-code-"
                     "execution bug is then root inside the container, the starting point of "
                     "published escapes to the node such as CVE-2019-5736 (runc) and "
                     "CVE-2022-0492 (cgroup v1 release_agent). A pod-level setting counts for "
                     "every container that "
                     "does not override it; an explicit runAsNonRoot: false is reported at that "
                     "field. A numeric runAsUser is judged by KS002 (0) and KS004 (non-zero).",
        .remediation = "Set it once for the pod (or on each container):\n"
                       "  spec:\n"
                       "    securityContext:\n"
                       "      runAsNonRoot: true\n"
                       "      runAsUser: 10001\n"
                       "      runAsGroup: 10001",
        .references = REFS(DOC_SC, DOC_PSS, CVE_RUNC, CVE_CGROUP),
        .equivalents = PEERS("kube-linter:run-as-non-root", "trivy:KSV012", "trivy:AVD-KSV-0012",
                             "checkov:CKV_K8S_23", "polaris:runAsRootAllowed",
                             "kubesec:RunAsNonRoot", "pss:runAsNonRoot"),
        .check = kube_check_root_possible,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS002",
        .fix = kube_fix_uid0,
        .fix_summary = "runAsUser 0 becomes fix.uid (10001)",
        .slug = "container-runs-as-uid-0",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "A container runs as root: runAsUser is 0",
        .rationale = "runAsUser: 0, on the container or inherited from the pod, runs the "
                     "process as root whatever the image says: every file of the image is "
                     "writable, and a container escape lands as root on the node. Together "
                     "with runAsNonRoot: true it is a contradiction "
                     "the kubelet refuses to start. A container that overrides a pod-level 0 "
                     "with its own non-zero UID passes.",
        .remediation = "Run as an unprivileged numeric UID:\n"
                       "  securityContext:\n"
                       "    runAsUser: 10001\n"
                       "    runAsNonRoot: true",
        .references = REFS(DOC_SC, DOC_PSS),
        .equivalents = PEERS("trivy:KSV105", "trivy:AVD-KSV-0105", "kube-linter:run-as-non-root",
                             "checkov:CKV_K8S_23", "polaris:runAsRootAllowed", "pss:runAsUser"),
        .check = kube_check_uid_zero,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS003",
        .fix = kube_fix_gid0,
        .fix_summary =
            "runAsGroup 0 and fsGroup 0 become fix.uid (10001); a 0 in supplementalGroups is left",
        .slug = "container-root-group",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A container runs with group 0: runAsGroup, fsGroup or supplementalGroups is 0",
        .rationale = "Group 0 is root's group. A process in it can read and write every file "
                     "the image leaves group-owned by root (many images do, so that arbitrary "
                     "UIDs work), and with fsGroup: 0 every volume is made group-owned by root. "
                     "runAsGroup is judged per container with pod-level inheritance; fsGroup and "
                     "supplementalGroups are pod-level and reported once.",
        .remediation = "Use a non-zero group:\n"
                       "  securityContext:\n"
                       "    runAsGroup: 10001\n"
                       "    fsGroup: 10001",
        .references = REFS(DOC_SC),
        .equivalents = PEERS("trivy:KSV116", "trivy:AVD-KSV-0116", "kube-linter:run-as-non-root"),
        .check = kube_check_root_group,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS004",
        .fix = kube_fix_nonroot_flag,
        .fix_summary = "runAsNonRoot: true beside the runAsUser",
        .slug = "run-as-non-root-unset",
        .domain = "kubernetes",
        .severity = VAKT_SEV_LOW,
        .title = "A container sets a non-zero runAsUser but not runAsNonRoot: true",
        .rationale = "A non-zero runAsUser keeps the container off root today, but "
                     "runAsNonRoot: true is the guard the kubelet enforces: it refuses to start "
                     "the container if a later edit removes runAsUser or sets it to 0, or if "
                     "the image changes to a root user. The Pod Security Standards' restricted "
                     "profile asks for runAsNonRoot: true whatever runAsUser says.",
        .remediation = "Add the guard next to the UID (pod level covers every container):\n"
                       "  securityContext:\n"
                       "    runAsNonRoot: true\n"
                       "    runAsUser: 10001",
        .references = REFS(DOC_SC, DOC_PSS),
        .equivalents =
            PEERS("trivy:KSV012", "trivy:AVD-KSV-0012", "kubesec:RunAsNonRoot", "pss:runAsNonRoot"),
        .check = kube_check_nonroot_unset,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS005",
        .fix = kube_fix_ids,
        .fix_summary = "runAsUser and runAsGroup set to fix.uid (10001) where missing; a value "
                       "that is not a number is left",
        .slug = "run-as-ids-not-numeric",
        .domain = "kubernetes",
        .severity = VAKT_SEV_LOW,
        .title = "A container has no numeric runAsUser or runAsGroup",
        .rationale = "Without a numeric runAsUser the image's USER decides; when that is a "
                     "name, the kubelet cannot check runAsNonRoot and refuses to start the "
                     "container. Without runAsGroup the primary group comes from the image, and "
                     "is GID 0 (root) when the user has no group of its own, as with USER 10001. "
                     "Pinning both numbers in the manifest makes the identity explicit and the "
                     "same on every node. When neither runAsNonRoot nor runAsUser is set, KS001 "
                     "reports the user and this rule only the group.",
        .remediation = "Set both, for the pod or per container:\n"
                       "  securityContext:\n"
                       "    runAsUser: 10001\n"
                       "    runAsGroup: 10001",
        .references = REFS(DOC_SC),
        .equivalents = NO_PEERS,
        .check = kube_check_ids_not_numeric,
        .scope = VAKT_SCOPE_UNIT,
    },
    /* --- privileges and kernel surface ------------------------------------------ */
    {
        .id = "KS010",
        .fix = kube_fix_privileged,
        .fix_summary = "privileged: false, only with --unsafe",
        .slug = "container-privileged",
        .domain = "kubernetes",
        .severity = VAKT_SEV_CRITICAL,
        .title = "A container runs privileged",
        .rationale = "privileged: true gives the container every capability and every host "
                     "device and turns off seccomp and AppArmor confinement: root in the "
                     "container is root on the node, and mounting the node's disk is one command "
                     "away; no other securityContext setting makes up for it.",
        .remediation = "Remove privileged: true and grant only the capability the workload "
                       "needs:\n"
                       "  securityContext:\n"
                       "    privileged: false\n"
                       "    capabilities:\n"
                       "      drop: [ALL]\n"
                       "      add: [NET_BIND_SERVICE]",
        .references = REFS(DOC_SC, DOC_PSS),
        .equivalents = PEERS("kube-linter:privileged-container", "trivy:KSV017",
                             "trivy:AVD-KSV-0017", "checkov:CKV_K8S_16", "polaris:runAsPrivileged",
                             "kubesec:Privileged", "pss:privileged"),
        .check = kube_check_privileged,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS011",
        .fix = kube_fix_escalation,
        .fix_summary = "allowPrivilegeEscalation: false (not beside privileged: true or an added "
                       "SYS_ADMIN, which the API server refuses)",
        .slug = "privilege-escalation-allowed",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A container does not set allowPrivilegeEscalation: false",
        .rationale = "Unless allowPrivilegeEscalation is false, the kubelet does not set "
                     "no_new_privs, so setuid-root binaries and file capabilities in the image "
                     "can raise a process's privileges after an exploit. The field exists only "
                     "per container (a pod-level one is ignored). privileged: true or adding "
                     "SYS_ADMIN always allows escalation: the API server rejects them together "
                     "with allowPrivilegeEscalation: false, and vakt reports the combination.",
        .remediation = "On every container:\n"
                       "  securityContext:\n"
                       "    allowPrivilegeEscalation: false",
        .references = REFS(DOC_SC, DOC_NNP, DOC_PSS),
        .equivalents =
            PEERS("kube-linter:privilege-escalation-container", "trivy:KSV001",
                  "trivy:AVD-KSV-0001", "checkov:CKV_K8S_20", "polaris:privilegeEscalationAllowed",
                  "kubesec:AllowPrivilegeEscalation", "pss:allowPrivilegeEscalation"),
        .check = kube_check_priv_escalation,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS012",
        .fix = kube_fix_caps,
        .fix_summary =
            "capabilities.drop: [ALL]; what the container adds (NET_BIND_SERVICE) is kept",
        .slug = "capabilities-not-dropped",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A container does not drop ALL capabilities",
        .rationale = "Container runtimes grant a default set of capabilities (NET_RAW, CHOWN, "
                     "DAC_OVERRIDE, FOWNER, SETUID, SETGID, KILL, ...) that web workers never "
                     "need and attackers use: NET_RAW alone allows packet spoofing in the pod "
                     "network. Drop them all and add back only what the process needs, as the "
                     "Pod Security Standards' restricted profile requires. ALL is matched in "
                     "any case, as containerd and CRI-O read it.",
        .remediation = "Drop everything and add back only what is needed:\n"
                       "  securityContext:\n"
                       "    capabilities:\n"
                       "      drop: [ALL]\n"
                       "      add: [NET_BIND_SERVICE]   # only to bind ports below 1024",
        .references = REFS(DOC_SC, DOC_CAPS, DOC_PSS),
        .equivalents =
            PEERS("trivy:KSV003", "trivy:AVD-KSV-0003", "kubesec:CapDropAll",
                  "polaris:insecureCapabilities", "checkov:CKV_K8S_37", "checkov:CKV_K8S_28",
                  "kube-linter:drop-net-raw-capability", "pss:capabilities_restricted"),
        .check = kube_check_caps_not_dropped,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS013",
        .slug = "dangerous-capability-added",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title =
            "A container adds a dangerous capability (SYS_ADMIN, NET_ADMIN, NET_RAW, ALL, ...)",
        .rationale = "Some capabilities hand a container a way out or power over its "
                     "neighbours: ALL, SYS_ADMIN (mounts and namespaces, the usual escape), "
                     "NET_ADMIN and NET_RAW (the pod network), SYS_PTRACE (other processes), "
                     "SYS_MODULE, SYS_RAWIO, DAC_READ_SEARCH, BPF, PERFMON, SYS_BOOT, SYS_TIME, "
                     "MAC_ADMIN, MAC_OVERRIDE and SYSLOG (the node's kernel). A web application "
                     "needs none of them. Names are matched with or without the CAP_ prefix.",
        .remediation = "Remove the capability from capabilities.add; if one privileged "
                       "operation is really needed, move it to a separate, tightly scoped "
                       "component (an operator or a node agent) rather than the application.",
        .references = REFS(DOC_CAPS, DOC_SC, DOC_PSS),
        .equivalents =
            PEERS("trivy:KSV005", "trivy:AVD-KSV-0005", "trivy:KSV119", "trivy:AVD-KSV-0119",
                  "trivy:KSV120", "trivy:AVD-KSV-0120", "checkov:CKV_K8S_39",
                  "polaris:dangerousCapabilities", "kubesec:CapSysAdmin",
                  "pss:capabilities_baseline", "kube-linter:drop-net-raw-capability"),
        .facets = kube_dangerous_cap_facets,
        .check = kube_check_caps_dangerous,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS014",
        .slug = "capability-added",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A container adds a capability other than NET_BIND_SERVICE",
        .rationale = "After drop: [ALL], the hardened profile adds back at most "
                     "NET_BIND_SERVICE, to bind a port below 1024, as the Pod Security "
                     "Standards' restricted profile allows. Every other capability widens what "
                     "an exploit can do; the dangerous ones are KS013, high.",
        .remediation = "Remove the capability, or change the application so it does not need "
                       "it (listen on a port above 1024, fix file ownership at build time):\n"
                       "  capabilities:\n"
                       "    drop: [ALL]\n"
                       "    add: [NET_BIND_SERVICE]",
        .references = REFS(DOC_CAPS, DOC_PSS),
        .equivalents =
            PEERS("trivy:KSV022", "trivy:AVD-KSV-0022", "trivy:KSV106", "trivy:AVD-KSV-0106",
                  "checkov:CKV_K8S_25", "pss:capabilities_restricted"),
        .check = kube_check_caps_added,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS015",
        .fix = kube_fix_seccomp,
        .fix_summary = "seccompProfile type RuntimeDefault (the pod's when every container needs "
                       "it); a localhostProfile or the deprecated annotation is left",
        .slug = "seccomp-not-enforced",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A container has no seccomp profile (RuntimeDefault or Localhost)",
        .rationale = "Kubernetes runs containers Unconfined unless seccompProfile says "
                     "otherwise (or the kubelet runs with --seccomp-default), so every system "
                     "call of the kernel is open to an exploit, including the rarely used ones "
                     "that kernel escapes tend to go through. The runtime's default profile "
                     "blocks them at almost no cost. A pod-level seccompProfile counts for every "
                     "container that does not set its own; Unconfined is reported at the field. "
                     "The seccomp.security.alpha.kubernetes.io annotations are deprecated since "
                     "Kubernetes 1.19 and no longer applied, so they do not count.",
        .remediation = "Set it once for the pod:\n"
                       "  spec:\n"
                       "    securityContext:\n"
                       "      seccompProfile:\n"
                       "        type: RuntimeDefault",
        .references = REFS(DOC_SECCOMP, DOC_PSS, DOC_SC),
        .equivalents =
            PEERS("trivy:KSV030", "trivy:AVD-KSV-0030", "trivy:KSV104", "trivy:AVD-KSV-0104",
                  "checkov:CKV_K8S_31", "kubesec:SeccompAny", "kubesec:SeccompUnconfined",
                  "pss:seccompProfile_restricted", "pss:seccompProfile_baseline"),
        .check = kube_check_seccomp,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS016",
        .slug = "apparmor-unconfined",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A container runs with AppArmor explicitly Unconfined",
        .rationale = "On nodes with AppArmor, the runtime confines containers with its default "
                     "profile unless told otherwise. appArmorProfile.type: Unconfined (pod or "
                     "container level) or the annotation "
                     "container.apparmor.security.beta.kubernetes.io/<name>: unconfined turns "
                     "that protection off. Leaving it unset is fine.",
        .remediation = "Remove the Unconfined setting, or use the runtime's profile:\n"
                       "  securityContext:\n"
                       "    appArmorProfile:\n"
                       "      type: RuntimeDefault",
        .references = REFS(DOC_APPARMOR, DOC_PSS),
        .equivalents = PEERS("kubesec:ApparmorUnconfined", "pss:appArmorProfile"),
        .check = kube_check_apparmor,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS017",
        .slug = "proc-mount-unmasked",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A container mounts /proc unmasked (procMount: Unmasked)",
        .rationale = "The runtime masks and mounts read-only the parts of /proc that expose "
                     "the node (/proc/kcore, /proc/sys, /proc/sysrq-trigger, ...). procMount: "
                     "Unmasked removes that; it is meant for nested containers in a user "
                     "namespace, not for applications.",
        .remediation = "Remove procMount, or set it to Default:\n"
                       "  securityContext:\n"
                       "    procMount: Default",
        .references = REFS(DOC_SC, DOC_PSS),
        .equivalents = PEERS("kube-linter:unsafe-proc-mount", "trivy:KSV027", "trivy:AVD-KSV-0027",
                             "polaris:procMount", "pss:procMount"),
        .check = kube_check_proc_mount,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS018",
        .slug = "unsafe-sysctl",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "The pod sets a sysctl outside Kubernetes' safe set",
        .rationale = "Only a few sysctls are namespaced and isolated well enough to set per "
                     "pod (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, "
                     "net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, "
                     "net.ipv4.ip_unprivileged_port_start and the newer net.ipv4 ones the Pod "
                     "Security Standards allow). Others can starve or destabilise the node, and "
                     "the kubelet refuses them unless --allowed-unsafe-sysctls allows them.",
        .remediation = "Remove the sysctl, or set it on the node for the workloads that need "
                       "it (a dedicated node pool) instead of in the pod.",
        .references = REFS(DOC_SYSCTL, DOC_PSS),
        .equivalents = PEERS("kube-linter:unsafe-sysctls", "trivy:KSV026", "trivy:AVD-KSV-0026",
                             "pss:sysctls"),
        .check = kube_check_sysctls,
        .scope = VAKT_SCOPE_UNIT,
    },
    /* --- filesystem -------------------------------------------------------------- */
    {
        .id = "KS020",
        .fix = kube_fix_rootfs,
        .fix_summary = "readOnlyRootFilesystem: true, and an emptyDir volume mounted at /tmp (or "
                       "$TMPDIR) when nothing writable is there",
        .slug = "root-filesystem-writable",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A container's root filesystem is writable",
        .rationale = "A writable root filesystem lets an attacker drop scripts and tools into "
                     "the container and change the application's own files; with a read-only "
                     "root filesystem they cannot write anything to disk outside the volumes "
                     "the pod declares. The field exists only per container.",
        .remediation = "Make the root filesystem read-only and give the application a writable "
                       "volume for temporary files:\n"
                       "  securityContext:\n"
                       "    readOnlyRootFilesystem: true\n"
                       "  volumeMounts:\n"
                       "    - name: tmp\n"
                       "      mountPath: /tmp\n"
                       "  # and in the pod: volumes: [{name: tmp, emptyDir: {}}]",
        .references = REFS(DOC_SC, NIST_RO),
        .equivalents = PEERS("kube-linter:no-read-only-root-fs", "trivy:KSV014",
                             "trivy:AVD-KSV-0014", "checkov:CKV_K8S_22",
                             "polaris:notReadOnlyRootFilesystem", "kubesec:ReadOnlyRootFilesystem"),
        .check = kube_check_rootfs_writable,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS021",
        .fix = kube_fix_tmp,
        .fix_summary = "an emptyDir volume mounted at /tmp (or $TMPDIR)",
        .slug = "read-only-rootfs-without-tmp",
        .domain = "kubernetes",
        .severity = VAKT_SEV_LOW,
        .title = "A read-only root filesystem without a writable volume at /tmp",
        .rationale =
            "With a read-only root filesystem, applications that write temporary files "
            "(image processing libraries, uploads, Python and Java runtimes) fail at the "
            "first write unless a writable volume is mounted there. vakt looks for a volume "
            "mounted at /tmp (or at the directory a literal TMPDIR names, or a parent "
            "of it) that is not readOnly and not of a read-only type (configMap, "
            "secret, downwardAPI, projected, image). An application that never writes "
            "temporary files can ignore this.",
        .remediation = "Mount an emptyDir at /tmp:\n"
                       "  containers:\n"
                       "    - name: app\n"
                       "      volumeMounts:\n"
                       "        - name: tmp\n"
                       "          mountPath: /tmp\n"
                       "  volumes:\n"
                       "    - name: tmp\n"
                       "      emptyDir: {}",
        .references = REFS(DOC_EMPTYDIR, DOC_SC),
        .equivalents = NO_PEERS,
        .check = kube_check_rootfs_no_tmp,
        .scope = VAKT_SCOPE_UNIT,
    },
    /* --- host access ------------------------------------------------------------- */
    {
        .id = "KS030",
        .slug = "pod-host-network",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "The pod uses the node's network namespace (hostNetwork)",
        .rationale = "With hostNetwork: true the pod shares the node's network stack: it sees "
                     "every interface, can sniff and bind on the node's addresses and reach "
                     "services listening on the node's localhost (the kubelet, node exporters, "
                     "cloud metadata), and NetworkPolicies may not apply to it, so the "
                     "namespace's network segmentation does not hold for it.",
        .remediation = "Remove hostNetwork: true and expose the workload through a Service.",
        .references = REFS(DOC_PSS),
        .equivalents = PEERS("kube-linter:host-network", "trivy:KSV009", "trivy:AVD-KSV-0009",
                             "checkov:CKV_K8S_19", "polaris:hostNetworkSet", "kubesec:HostNetwork",
                             "pss:hostNamespaces"),
        .check = kube_check_host_network,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS031",
        .slug = "pod-host-pid",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "The pod uses the node's PID namespace (hostPID)",
        .rationale = "With hostPID: true the pod sees every process on the node, reads their "
                     "command lines and environment (secrets included), and with enough "
                     "privileges signals or traces them: a short path to the node.",
        .remediation = "Remove hostPID: true; to share processes between the pod's own "
                       "containers, use shareProcessNamespace: true.",
        .references = REFS(DOC_PSS),
        .equivalents = PEERS("kube-linter:host-pid", "trivy:KSV010", "trivy:AVD-KSV-0010",
                             "checkov:CKV_K8S_17", "polaris:hostPIDSet", "kubesec:HostPID",
                             "pss:hostNamespaces"),
        .check = kube_check_host_pid,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS032",
        .slug = "pod-host-ipc",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "The pod uses the node's IPC namespace (hostIPC)",
        .rationale = "With hostIPC: true the pod shares System V IPC and POSIX shared memory "
                     "with every process on the node, and can read or corrupt what they keep "
                     "there.",
        .remediation = "Remove hostIPC: true.",
        .references = REFS(DOC_PSS),
        .equivalents = PEERS("kube-linter:host-ipc", "trivy:KSV008", "trivy:AVD-KSV-0008",
                             "checkov:CKV_K8S_18", "polaris:hostIPCSet", "kubesec:HostIPC",
                             "pss:hostNamespaces"),
        .check = kube_check_host_ipc,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS033",
        .slug = "host-path-volume",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "The pod mounts a directory or file of the node (hostPath)",
        .rationale = "A hostPath volume reaches into the node's filesystem; most container "
                     "escapes and node takeovers start from one (writing to /etc, reading "
                     "kubelet credentials under /var/lib/kubelet, another pod's data). The "
                     "message says which containers mount it and whether read-write, and names "
                     "sensitive directories (/, /etc, /proc, /sys, /dev, /var/lib/kubelet, ...). "
                     "Container runtime sockets are KS034, critical.",
        .remediation = "Use an emptyDir, a ConfigMap or Secret, or a PersistentVolumeClaim "
                       "instead; node agents that truly need host files should mount them "
                       "readOnly and run in a namespace of their own.",
        .references = REFS(DOC_HOSTPATH, DOC_PSS),
        .equivalents = PEERS("trivy:KSV023", "trivy:AVD-KSV-0023", "polaris:hostPathSet",
                             "kube-linter:sensitive-host-mounts", "pss:hostPathVolumes"),
        .check = kube_check_host_path,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS034",
        .slug = "runtime-socket-mounted",
        .domain = "kubernetes",
        .severity = VAKT_SEV_CRITICAL,
        .title =
            "The pod mounts the container runtime's socket (docker.sock, containerd.sock, ...)",
        .rationale = "Whoever can talk to the Docker, containerd, CRI-O or Podman socket can "
                     "start a privileged container with the node's root filesystem mounted: the "
                     "socket is root on the node. vakt reports the socket files wherever they "
                     "are, and the directories that contain the standard ones (/var/run, /run, "
                     "/run/containerd, /).",
        .remediation = "Remove the volume. Build images with a daemonless builder (BuildKit "
                       "rootless, kaniko, buildah) instead of the node's Docker; read container "
                       "state through the Kubernetes API.",
        .references = REFS(DOC_HOSTPATH,
                           "https://docs.docker.com/engine/security/#docker-daemon-attack-surface"),
        .equivalents = PEERS("kube-linter:docker-sock", "trivy:KSV006", "trivy:AVD-KSV-0006",
                             "checkov:CKV_K8S_27", "kubesec:DockerSock"),
        .check = kube_check_runtime_sock,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS035",
        .slug = "container-host-port",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A container binds a port on the node (hostPort)",
        .rationale = "hostPort opens the port on the node's own address, outside any Service "
                     "and its selection, and allows only one such pod per node. It is rarely "
                     "what an application needs.",
        .remediation = "Remove hostPort and expose the port through a Service (NodePort or "
                       "LoadBalancer when it must be reachable from outside).",
        .references = REFS(DOC_PSS, "https://kubernetes.io/docs/concepts/configuration/overview/"),
        .equivalents = PEERS("trivy:KSV024", "trivy:AVD-KSV-0024", "checkov:CKV_K8S_26",
                             "polaris:hostPortSet", "pss:hostPorts"),
        .check = kube_check_host_port,
        .scope = VAKT_SCOPE_UNIT,
    },
    /* --- images ------------------------------------------------------------------ */
    {
        .id = "KS040",
        .fix = kube_fix_image,
        .fix_summary = "the image pinned by digest, only as fix.images in .vakt.yaml gives it",
        .slug = "pod-image-latest",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A container image has no tag or uses :latest",
        .rationale = "An untagged or :latest image changes whenever upstream publishes: nodes "
                     "that pull at different times run different software, a rollback does not "
                     "roll back, and a broken or compromised release arrives unnoticed. An "
                     "image with a digest is pinned whatever its tag; images holding a variable "
                     "(${IMAGE}) are not judged.",
        .remediation = "Pin a version tag, and ideally the digest:\n"
                       "  image: registry.example.com/shop/api:2.4.1",
        .references = REFS(DOC_IMAGES),
        .equivalents = PEERS("kube-linter:latest-tag", "trivy:KSV013", "trivy:AVD-KSV-0013",
                             "checkov:CKV_K8S_14", "polaris:tagNotSpecified"),
        .check = kube_check_image_latest,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS041",
        .fix = kube_fix_image,
        .fix_summary = "the image pinned by digest, only as fix.images in .vakt.yaml gives it",
        .slug = "pod-image-no-digest",
        .domain = "kubernetes",
        .severity = VAKT_SEV_INFO,
        .title = "A container image is not pinned by digest",
        .rationale = "Tags are mutable: the publisher (or whoever takes over the account) can "
                     "point a tag at new content, and the next node that pulls runs it. Only a "
                     "digest names exactly the image that was scanned before it was "
                     "pushed.",
        .remediation = "Add the digest after the tag:\n"
                       "  image: registry.example.com/shop/api:2.4.1@sha256:<digest>\n"
                       "(docker buildx imagetools inspect IMAGE prints it)",
        .references = REFS(DOC_IMAGES),
        .equivalents = PEERS("checkov:CKV_K8S_43"),
        .check = kube_check_image_digest,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS042",
        .slug = "pod-image-untrusted-registry",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "A container image comes from a registry outside trusted-registries",
        .rationale = "When a project lists the registries it trusts (trusted-registries in "
                     ".vakt.yaml: host names, *.example.com, *), an image from anywhere else "
                     "bypasses its scanning, signing and data-residency controls. Images "
                     "without a "
                     "registry come from docker.io. Checked only when the list is configured; "
                     "the same judgement as DF015 for Dockerfiles.",
        .remediation = "Pull the image through a trusted registry (mirror it first):\n"
                       "  image: registry.example.com/library/nginx:1.27-alpine\n"
                       "or add the registry to trusted-registries.",
        .references = REFS(DOC_IMAGES, NIST_UNTRUSTED),
        .equivalents = PEERS("trivy:KSV125", "trivy:AVD-KSV-0125"),
        .check = kube_check_image_registry,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS043",
        .slug = "pod-image-typosquat",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "A container image name or registry looks typo-squatted",
        .rationale = "Attackers publish images under names one keystroke away from popular "
                     "ones (ngnix for nginx) so that a typo pulls their code into the cluster. "
                     "The same comparison as DF014 for Dockerfiles: Docker Official Images, "
                     "well-known Docker Hub namespaces and registries, and a registry written as "
                     "a Docker Hub namespace (ghcr/owner/app).",
        .remediation = "Correct the name, e.g.\n"
                       "  image: nginx:1.27-alpine\n"
                       "If the image really is the one you mean, list it under "
                       "allowed-base-images in .vakt.yaml.",
        .references = REFS("https://github.com/docker-library/official-images", NIST_UNTRUSTED),
        .equivalents = NO_PEERS,
        .check = kube_check_image_typosquat,
        .scope = VAKT_SCOPE_UNIT,
    },
    /* --- secrets ----------------------------------------------------------------- */
    {
        .id = "KS050",
        .slug = "secret-value-in-pod-spec",
        .domain = "kubernetes",
        .severity = VAKT_SEV_CRITICAL,
        .title = "A credential is written into the pod spec (env value, command or args)",
        .rationale = "A value in a known secret format (AWS access key id, GitHub, GitLab, "
                     "Slack, Stripe, Google, npm, PyPI or Docker Hub token, JSON web token, "
                     "private key, password in a URL) in a literal env value, command or args "
                     "is in the repository, in every copy of the manifest and in the pod spec "
                     "that anyone with read access to pods sees. The detection is "
                     "shared with DF021; valueFrom is never judged.",
        .remediation = "Remove the value, rotate the credential, and read it from a Secret:\n"
                       "  env:\n"
                       "    - name: AWS_ACCESS_KEY_ID\n"
                       "      valueFrom:\n"
                       "        secretKeyRef: {name: aws, key: access-key-id}",
        .references = REFS(DOC_SECRETS, NIST_SECRETS),
        .equivalents = NO_PEERS,
        .check = kube_check_secret_value,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS051",
        .slug = "secret-env-literal",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "A secret-looking env variable has a literal value instead of secretKeyRef",
        .rationale = "An env variable named like a secret (PASSWORD, TOKEN, API_KEY, "
                     "*_SECRET, ..., by the same name rules as the Dockerfile checks) with a "
                     "literal value puts the secret in the manifest and the pod spec. Values "
                     "that cannot be secrets are skipped: booleans, numbers, and $(VAR) "
                     "references to other variables. valueFrom is never judged; a value in a "
                     "known secret format is KS050, critical.",
        .remediation = "Store the value in a Secret and reference it:\n"
                       "  env:\n"
                       "    - name: DB_PASSWORD\n"
                       "      valueFrom:\n"
                       "        secretKeyRef: {name: db, key: password}",
        .references = REFS(DOC_SECRETS),
        .equivalents = PEERS("kube-linter:env-var-secret", "polaris:sensitiveContainerEnvVar"),
        .check = kube_check_secret_name,
        .scope = VAKT_SCOPE_UNIT,
    },
    /* --- operations -------------------------------------------------------------- */
    {
        .id = "KS060",
        .fix = kube_fix_token,
        .fix_summary = "automountServiceAccountToken: false for a pod of the default "
                       "ServiceAccount (one that names its own account is left)",
        .slug = "service-account-token-automounted",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "The pod gets a Kubernetes API token it probably does not need",
        .rationale = "Unless automountServiceAccountToken is false on the pod or on its "
                     "ServiceAccount, every container gets a token for the Kubernetes API at "
                     "/var/run/secrets/kubernetes.io/serviceaccount: the first thing an "
                     "attacker in a container tries. The pod's own setting wins; otherwise its "
                     "ServiceAccount (serviceAccountName, or \"default\") is looked up among "
                     "the objects of every scanned file in the same namespace, and the message "
                     "names it.",
        .remediation = "Turn it off where the API is not used:\n"
                       "  spec:\n"
                       "    automountServiceAccountToken: false\n"
                       "or on the ServiceAccount:\n"
                       "  apiVersion: v1\n"
                       "  kind: ServiceAccount\n"
                       "  metadata: {name: app}\n"
                       "  automountServiceAccountToken: false",
        .references = REFS(DOC_SA),
        .equivalents =
            PEERS("polaris:automountServiceAccountToken", "checkov:CKV_K8S_38", "trivy:KSV036",
                  "trivy:AVD-KSV-0036", "kubesec:AutomountServiceAccountToken"),
        .check = kube_check_sa_token,
        .scope = VAKT_SCOPE_DEFERRED,
    },
    {
        .id = "KS070",
        .fix = kube_fix_resources,
        .fix_summary = "the limits of fix.resources in .vakt.yaml, for what the container lacks "
                       "(nothing without them)",
        .slug = "no-resource-limits",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "A container has no cpu or memory limit",
        .rationale = "Without limits one container, runaway or compromised (a crypto miner is "
                     "the usual payload), can take the node's CPU and memory from every other "
                     "pod on it. Pod-level resources and "
                     "the LimitRange defaults of the namespace (in any scanned file) count. "
                     "Ephemeral containers cannot have resources and are skipped.",
        .remediation = "Set limits (and requests) on every container:\n"
                       "  resources:\n"
                       "    requests: {cpu: 100m, memory: 128Mi}\n"
                       "    limits: {cpu: 500m, memory: 256Mi}",
        .references = REFS(DOC_RES, DOC_LIMITRANGE),
        .equivalents =
            PEERS("trivy:KSV011", "trivy:AVD-KSV-0011", "trivy:KSV018", "trivy:AVD-KSV-0018",
                  "checkov:CKV_K8S_11", "checkov:CKV_K8S_13", "polaris:cpuLimitsMissing",
                  "polaris:memoryLimitsMissing", "kubesec:LimitsCPU", "kubesec:LimitsMemory",
                  "kube-linter:unset-memory-requirements"),
        .facets = kube_limit_facets,
        .check = kube_check_no_limits,
        .scope = VAKT_SCOPE_DEFERRED,
    },
    {
        .id = "KS071",
        .fix = kube_fix_resources,
        .fix_summary = "the requests of fix.resources in .vakt.yaml, for what the container lacks "
                       "(nothing without them)",
        .slug = "no-resource-requests",
        .domain = "kubernetes",
        .severity = VAKT_SEV_LOW,
        .title = "A container has no cpu or memory request",
        .rationale = "Without requests the scheduler places the pod without knowing what it "
                     "needs, overcommits nodes, and evicts the pod among the first under "
                     "pressure. A limit implies the same request, and pod-level resources and "
                     "LimitRange defaults count.",
        .remediation = "Set requests from observed usage:\n"
                       "  resources:\n"
                       "    requests: {cpu: 100m, memory: 128Mi}",
        .references = REFS(DOC_RES, DOC_LIMITRANGE),
        .equivalents =
            PEERS("trivy:KSV015", "trivy:AVD-KSV-0015", "trivy:KSV016", "trivy:AVD-KSV-0016",
                  "checkov:CKV_K8S_10", "checkov:CKV_K8S_12", "polaris:cpuRequestsMissing",
                  "polaris:memoryRequestsMissing", "kubesec:RequestsCPU", "kubesec:RequestsMemory",
                  "kube-linter:unset-cpu-requirements"),
        .facets = kube_request_facets,
        .check = kube_check_no_requests,
        .scope = VAKT_SCOPE_DEFERRED,
    },
    {
        .id = "KS072",
        .slug = "container-no-liveness-probe",
        .domain = "kubernetes",
        .severity = VAKT_SEV_INFO,
        .title = "A long-running container has no liveness probe",
        .rationale = "Without a liveness probe a process that hangs without exiting is never "
                     "restarted. Checked for the main containers of long-running workloads "
                     "(not Jobs, CronJobs or pods with restartPolicy Never or OnFailure).",
        .remediation = "Add a cheap health endpoint and probe it:\n"
                       "  livenessProbe:\n"
                       "    httpGet: {path: /healthz, port: 8080}\n"
                       "    periodSeconds: 10",
        .references = REFS(DOC_PROBES),
        .equivalents = PEERS("kube-linter:no-liveness-probe", "checkov:CKV_K8S_8",
                             "polaris:livenessProbeMissing"),
        .check = kube_check_no_liveness,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS073",
        .slug = "container-no-readiness-probe",
        .domain = "kubernetes",
        .severity = VAKT_SEV_INFO,
        .title = "A long-running container has no readiness probe",
        .rationale = "Without a readiness probe a Service sends traffic to the pod as soon as "
                     "it starts, before it can answer, and keeps sending it while it is "
                     "overloaded. Checked like KS072.",
        .remediation = "Add a readiness check:\n"
                       "  readinessProbe:\n"
                       "    httpGet: {path: /ready, port: 8080}\n"
                       "    periodSeconds: 5",
        .references = REFS(DOC_PROBES),
        .equivalents = PEERS("kube-linter:no-readiness-probe", "checkov:CKV_K8S_9",
                             "polaris:readinessProbeMissing"),
        .check = kube_check_no_readiness,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "KS080",
        .slug = "default-namespace-workload",
        .domain = "kubernetes",
        .severity = VAKT_SEV_LOW,
        .title = "A workload is placed in the default namespace",
        .rationale = "The default namespace is where everything lands by accident: workloads "
                     "there share RBAC, quotas, NetworkPolicies and Pod Security labels with "
                     "whatever else was applied without a namespace, so none of them can be "
                     "locked down on its own. Only an explicit metadata.namespace: default is "
                     "reported: an unset namespace is usually filled in at deploy time.",
        .remediation = "Give each application its own namespace:\n"
                       "  metadata:\n"
                       "    namespace: shop",
        .references = REFS(DOC_NS),
        .equivalents = PEERS("kube-linter:use-namespace", "trivy:KSV110", "trivy:AVD-KSV-0110",
                             "checkov:CKV_K8S_21"),
        .check = kube_check_default_namespace,
        .scope = VAKT_SCOPE_UNIT,
    },
    {.id = NULL}, /* the end */
};
