/* SPDX-License-Identifier: MIT */
/*
 * The Pod Security Standards controls (PS001-PS019), one rule per check of
 * Kubernetes' Pod Security Admission. They run only when `--pss
 * LEVEL[:VERSION]` asks for them, evaluate the workload's pod template
 * exactly as PSA would at that level and version (kube-pss.c), and report
 * each offending field with the control, the level and the version.
 *
 * Each rule evaluates its own check only, so an object is evaluated once in
 * total across the table: no cache is needed. The policy is parsed once per
 * scan, by the domain's begin() (kube-scan.c), into the check model.
 */
#include "core/util.h"
#include "kube-model.h"
#include "kube-pss.h"
#include "kube-fix.h"
#include "kube-rules.h"

#define DOC_PSS "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
#define PSA_SRC "https://github.com/kubernetes/pod-security-admission/blob/master/policy/"

#define REFS(...)  ((const char *const[]){__VA_ARGS__, NULL})
#define PEERS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* A container of o by its mapping node. */
struct ps_ctr {
	const struct vakt_yaml_node *node;
	const struct kube_container *c;
};

static int ps_ctr_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct ps_ctr *)a)->node;
	uintptr_t y = (uintptr_t)((const struct ps_ctr *)b)->node;

	return x < y ? -1 : x > y;
}

static const struct kube_container *ps_ctr_find(const struct ps_ctr *v, size_t n,
                                                const struct vakt_yaml_node *node)
{
	struct ps_ctr key = {node, NULL};
	const struct ps_ctr *hit;

	if (!node || !n)
		return NULL;
	hit = bsearch(&key, v, n, sizeof(*v), ps_ctr_cmp);
	return hit ? hit->c : NULL;
}

/* Evaluate check on ctx's object under --pss and report each place that fails it. */
static void ps_run(struct vakt_check_ctx *ctx, enum kube_pss_check check)
{
	const struct kube_check_model *m = ctx->model;
	const struct kube_object *o = m ? m->obj : NULL;
	const struct kube_pss_policy *p = m ? m->pss : NULL;
	struct kube_pss_result r = {0};
	struct ps_ctr *ctrs;

	/* PSA skips a controller without a pod template. */
	if (!p || !o || !kube_kind_has_pod(o->kind) || !o->pod_spec)
		return;
	if (!kube_pss_evaluate_check(p, check, o->pod_meta, o->pod_spec, &r))
		return;
	ctrs = vakt_xcalloc(o->n_containers + 1, sizeof(*ctrs));
	for (size_t i = 0; i < o->n_containers; i++)
		ctrs[i] = (struct ps_ctr){o->containers[i].node, &o->containers[i]};
	qsort(ctrs, o->n_containers, sizeof(*ctrs), ps_ctr_cmp);
	for (size_t i = 0; i < r.n; i++) {
		for (size_t k = 0; k < r.v[i].n_items; k++) {
			const struct kube_pss_item *it = &r.v[i].items[k];

			kube_emit(ctx, o, ps_ctr_find(ctrs, o->n_containers, it->container), it->at,
			          "PSS %s:%s %s: %s", kube_pss_level_name(p->level), p->version,
			          kube_pss_check_name(r.v[i].check), it->detail);
		}
	}
	free(ctrs);
	kube_pss_result_release(&r);
}

#define PS_CHECK(fn, check)                                                                        \
	static void fn(struct vakt_check_ctx *ctx)                                                 \
	{                                                                                          \
		ps_run(ctx, check);                                                                \
	}

PS_CHECK(ps_host_namespaces, KUBE_PSS_HOST_NAMESPACES)
PS_CHECK(ps_privileged, KUBE_PSS_PRIVILEGED_CHECK)
PS_CHECK(ps_caps_baseline, KUBE_PSS_CAPABILITIES_BASELINE)
PS_CHECK(ps_host_path, KUBE_PSS_HOST_PATH_VOLUMES)
PS_CHECK(ps_host_ports, KUBE_PSS_HOST_PORTS)
PS_CHECK(ps_apparmor, KUBE_PSS_APPARMOR)
PS_CHECK(ps_selinux, KUBE_PSS_SELINUX)
PS_CHECK(ps_proc_mount, KUBE_PSS_PROC_MOUNT)
PS_CHECK(ps_seccomp_baseline, KUBE_PSS_SECCOMP_BASELINE)
PS_CHECK(ps_sysctls, KUBE_PSS_SYSCTLS)
PS_CHECK(ps_host_process, KUBE_PSS_WINDOWS_HOST_PROCESS)
PS_CHECK(ps_host_probes, KUBE_PSS_HOST_PROBES)
PS_CHECK(ps_restricted_volumes, KUBE_PSS_RESTRICTED_VOLUMES)
PS_CHECK(ps_run_as_non_root, KUBE_PSS_RUN_AS_NON_ROOT)
PS_CHECK(ps_ape, KUBE_PSS_ALLOW_PRIVILEGE_ESCALATION)
PS_CHECK(ps_seccomp_restricted, KUBE_PSS_SECCOMP_RESTRICTED)
PS_CHECK(ps_caps_restricted, KUBE_PSS_CAPABILITIES_RESTRICTED)
PS_CHECK(ps_run_as_user, KUBE_PSS_RUN_AS_USER)
PS_CHECK(ps_proc_mount_restricted, KUBE_PSS_PROC_MOUNT_RESTRICTED)

#define PSS_ONLY                                                                                   \
	" Runs with --pss LEVEL[:VERSION] only, exactly as Pod Security Admission evaluates the "  \
	"pod template at that level and version."

const struct vakt_rule kube_rules_pss[] = {
    /* --- baseline -------------------------------------------------------------- */
    {
        .id = "PS001",
        .slug = "pss-host-namespaces",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "PSS baseline: the pod shares a host namespace (hostNetwork, hostPID, hostIPC)",
        .rationale = "Pod Security Standards, baseline control \"Host Namespaces\" (check "
                     "hostNamespaces, all versions): sharing the node's network, process or IPC "
                     "namespace lets the pod see and reach what runs on the node (other pods' "
                     "processes, loopback-only services, host IPC) and removes the isolation a "
                     "container is supposed to have." PSS_ONLY,
        .remediation = "Remove the fields or set them to false:\n"
                       "  spec:\n"
                       "    hostNetwork: false\n"
                       "    hostPID: false\n"
                       "    hostIPC: false",
        .references = REFS(DOC_PSS, PSA_SRC "check_hostNamespaces.go"),
        .equivalents =
            PEERS("pss:hostNamespaces", "trivy:KSV008", "trivy:AVD-KSV-0008", "trivy:KSV009",
                  "trivy:AVD-KSV-0009", "trivy:KSV010", "trivy:AVD-KSV-0010",
                  "kube-linter:host-network", "kube-linter:host-pid", "kube-linter:host-ipc",
                  "checkov:CKV_K8S_17", "checkov:CKV_K8S_18", "checkov:CKV_K8S_19",
                  "polaris:hostNetworkSet", "polaris:hostPIDSet", "polaris:hostIPCSet",
                  "kubesec:HostNetwork", "kubesec:HostPID", "kubesec:HostIPC"),
        .check = ps_host_namespaces,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS002",
        .fix = kube_fix_privileged,
        .fix_summary = "privileged: false, only with --unsafe",
        .slug = "pss-privileged",
        .domain = "kubernetes",
        .severity = VAKT_SEV_CRITICAL,
        .title = "PSS baseline: a container is privileged",
        .rationale = "Pod Security Standards, baseline control \"Privileged Containers\" "
                     "(check privileged, all versions): a privileged container has every "
                     "capability, every device of the node and no seccomp or AppArmor "
                     "confinement; escaping to the node is a matter of mounting its "
                     "disk." PSS_ONLY,
        .remediation = "Drop privileged mode and grant only what the process needs:\n"
                       "  securityContext:\n"
                       "    privileged: false\n"
                       "    capabilities:\n"
                       "      drop: [\"ALL\"]",
        .references = REFS(DOC_PSS, PSA_SRC "check_privileged.go"),
        .equivalents = PEERS("pss:privileged", "trivy:KSV017", "trivy:AVD-KSV-0017",
                             "kube-linter:privileged-container", "checkov:CKV_K8S_16",
                             "polaris:runAsPrivileged", "kubesec:Privileged"),
        .check = ps_privileged,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS003",
        .slug = "pss-capabilities-baseline",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "PSS baseline: a container adds a capability beyond the runtime's defaults",
        .rationale = "Pod Security Standards, baseline control \"Capabilities\" (check "
                     "capabilities_baseline, all versions): capabilities.add may only name "
                     "AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, "
                     "NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT, "
                     "matched exactly (a CAP_ prefix or lower case does not match). Others "
                     "such as SYS_ADMIN, NET_ADMIN or NET_RAW give kernel powers that break "
                     "container isolation. At restricted from v1.22 the stricter "
                     "capabilities_restricted check (PS017) replaces this one." PSS_ONLY,
        .remediation = "Remove the capability, or add only one of the default set:\n"
                       "  securityContext:\n"
                       "    capabilities:\n"
                       "      drop: [\"ALL\"]\n"
                       "      add: [\"NET_BIND_SERVICE\"]",
        .references = REFS(DOC_PSS, PSA_SRC "check_capabilities_baseline.go"),
        .equivalents =
            PEERS("pss:capabilities_baseline", "trivy:KSV022", "trivy:AVD-KSV-0022", "trivy:KSV005",
                  "trivy:AVD-KSV-0005", "checkov:CKV_K8S_25", "checkov:CKV_K8S_39",
                  "polaris:dangerousCapabilities", "kubesec:CapSysAdmin"),
        .check = ps_caps_baseline,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS004",
        .slug = "pss-host-path-volumes",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "PSS baseline: the pod mounts a hostPath volume",
        .rationale = "Pod Security Standards, baseline control \"HostPath Volumes\" (check "
                     "hostPathVolumes, all versions): a hostPath volume exposes the node's "
                     "filesystem to the container; writable paths such as /, /etc, /var/lib/"
                     "kubelet or the container runtime's socket are a direct way to the node. "
                     "At restricted, restrictedVolumes (PS013) replaces this check." PSS_ONLY,
        .remediation = "Use a volume type that does not reach the node, e.g.:\n"
                       "  volumes:\n"
                       "  - name: data\n"
                       "    persistentVolumeClaim:\n"
                       "      claimName: data",
        .references = REFS(DOC_PSS, PSA_SRC "check_hostPathVolumes.go"),
        .equivalents = PEERS("pss:hostPathVolumes", "trivy:KSV023", "trivy:AVD-KSV-0023",
                             "polaris:hostPathSet"),
        .check = ps_host_path,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS005",
        .slug = "pss-host-ports",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "PSS baseline: a container binds a hostPort",
        .rationale = "Pod Security Standards, baseline control \"Host Ports\" (check hostPorts, "
                     "all versions): a hostPort opens the port on the node's own address, "
                     "outside Services and NetworkPolicies, and limits where the pod can be "
                     "scheduled. Only 0 (unset) is allowed." PSS_ONLY,
        .remediation = "Remove hostPort and expose the port through a Service:\n"
                       "  ports:\n"
                       "  - containerPort: 8080",
        .references = REFS(DOC_PSS, PSA_SRC "check_hostPorts.go"),
        .equivalents = PEERS("pss:hostPorts", "trivy:KSV024", "trivy:AVD-KSV-0024",
                             "checkov:CKV_K8S_26", "polaris:hostPortSet"),
        .check = ps_host_ports,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS006",
        .slug = "pss-apparmor",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "PSS baseline: an AppArmor profile is disabled or overridden",
        .rationale = "Pod Security Standards, baseline control \"AppArmor\" (check "
                     "appArmorProfile, all versions): the appArmorProfile.type fields of the pod "
                     "and its containers may be RuntimeDefault or Localhost, and the beta "
                     "annotations container.apparmor.security.beta.kubernetes.io/<container> "
                     "empty, runtime/default or localhost/<profile>. Unconfined removes the "
                     "mandatory access control the runtime applies by default." PSS_ONLY,
        .remediation = "Keep the runtime's profile (or a local one):\n"
                       "  securityContext:\n"
                       "    appArmorProfile:\n"
                       "      type: RuntimeDefault",
        .references = REFS(DOC_PSS, PSA_SRC "check_appArmorProfile.go",
                           "https://kubernetes.io/docs/tutorials/security/apparmor/"),
        .equivalents = PEERS("pss:appArmorProfile", "trivy:KSV002", "trivy:AVD-KSV-0002",
                             "kubesec:ApparmorUnconfined"),
        .check = ps_apparmor,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS007",
        .slug = "pss-selinux",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "PSS baseline: seLinuxOptions set a custom SELinux type, user or role",
        .rationale = "Pod Security Standards, baseline control \"SELinux\" (check "
                     "seLinuxOptions): the type may only be container_t, container_init_t, "
                     "container_kvm_t and, from v1.31, container_engine_t; user and role must "
                     "be unset. Other types (spc_t, unconfined_t) run the container without "
                     "SELinux confinement." PSS_ONLY,
        .remediation = "Remove seLinuxOptions, or use a container type:\n"
                       "  securityContext:\n"
                       "    seLinuxOptions:\n"
                       "      type: container_t",
        .references = REFS(DOC_PSS, PSA_SRC "check_seLinuxOptions.go"),
        .equivalents = PEERS("pss:seLinuxOptions", "trivy:KSV025", "trivy:AVD-KSV-0025"),
        .check = ps_selinux,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS008",
        .slug = "pss-proc-mount",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "PSS baseline: a container unmasks /proc (procMount other than Default)",
        .rationale = "Pod Security Standards, baseline control \"/proc Mount Type\" (check "
                     "procMount): the default /proc masks hide kernel interfaces that leak "
                     "node information or allow writes to the host. From v1.35 baseline allows "
                     "any procMount in a pod with hostUsers: false (a user namespace), where "
                     "/proc belongs to the pod; restricted then applies procMount_restricted "
                     "(PS019) instead." PSS_ONLY,
        .remediation = "Remove procMount or set it to Default:\n"
                       "  securityContext:\n"
                       "    procMount: Default",
        .references = REFS(DOC_PSS, PSA_SRC "check_procMount.go"),
        .equivalents = PEERS("pss:procMount", "trivy:KSV027", "trivy:AVD-KSV-0027",
                             "kube-linter:unsafe-proc-mount", "polaris:procMount"),
        .check = ps_proc_mount,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS009",
        .fix = kube_fix_seccomp,
        .fix_summary = "seccompProfile type RuntimeDefault instead of Unconfined",
        .slug = "pss-seccomp-baseline",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "PSS baseline: a seccomp profile is set to Unconfined",
        .rationale = "Pod Security Standards, baseline control \"Seccomp\" (check "
                     "seccompProfile_baseline): seccomp must not be disabled. Up to v1.18 PSA "
                     "reads the alpha annotations seccomp.security.alpha.kubernetes.io/pod and "
                     "container.seccomp.security.alpha.kubernetes.io/<container> (runtime/"
                     "default, docker/default or localhost/<profile>); from v1.19 the "
                     "seccompProfile.type fields (RuntimeDefault or Localhost). At restricted "
                     "from v1.19, seccompProfile_restricted (PS016) replaces this "
                     "check." PSS_ONLY,
        .remediation = "Use the runtime's default profile:\n"
                       "  securityContext:\n"
                       "    seccompProfile:\n"
                       "      type: RuntimeDefault",
        .references = REFS(DOC_PSS, PSA_SRC "check_seccompProfile_baseline.go",
                           "https://kubernetes.io/docs/tutorials/security/seccomp/"),
        .equivalents = PEERS("pss:seccompProfile_baseline", "trivy:KSV104", "trivy:AVD-KSV-0104",
                             "kubesec:SeccompUnconfined"),
        .check = ps_seccomp_baseline,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS010",
        .slug = "pss-sysctls",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "PSS baseline: the pod sets a sysctl outside the safe set",
        .rationale = "Pod Security Standards, baseline control \"Sysctls\" (check sysctls): "
                     "only namespaced sysctls isolated from other pods are allowed. v1.0: "
                     "kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, "
                     "net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, "
                     "net.ipv4.ip_unprivileged_port_start; v1.27 adds "
                     "net.ipv4.ip_local_reserved_ports; v1.29 net.ipv4.tcp_keepalive_time, "
                     "tcp_fin_timeout, tcp_keepalive_intvl, tcp_keepalive_probes; v1.32 "
                     "net.ipv4.tcp_rmem and tcp_wmem; v1.37 net.ipv4.tcp_slow_start_after_idle "
                     "and tcp_notsent_lowat. Names match exactly." PSS_ONLY,
        .remediation = "Remove the sysctl, or tune it on the nodes instead:\n"
                       "  securityContext:\n"
                       "    sysctls:\n"
                       "    - name: net.ipv4.ip_local_port_range\n"
                       "      value: \"1024 65535\"",
        .references = REFS(DOC_PSS, PSA_SRC "check_sysctls.go",
                           "https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/"),
        .equivalents = PEERS("pss:sysctls", "trivy:KSV026", "trivy:AVD-KSV-0026",
                             "kube-linter:unsafe-sysctls"),
        .check = ps_sysctls,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS011",
        .slug = "pss-windows-host-process",
        .domain = "kubernetes",
        .severity = VAKT_SEV_CRITICAL,
        .title = "PSS baseline: a Windows HostProcess container",
        .rationale = "Pod Security Standards, baseline control \"HostProcess\" (check "
                     "windowsHostProcess, all versions): a HostProcess container runs directly "
                     "on the Windows node with its privileges, the Windows equivalent of a "
                     "privileged container." PSS_ONLY,
        .remediation = "Remove hostProcess (or set it to false) on the pod and its "
                       "containers:\n"
                       "  securityContext:\n"
                       "    windowsOptions:\n"
                       "      hostProcess: false",
        .references = REFS(DOC_PSS, PSA_SRC "check_windowsHostProcess.go"),
        .equivalents = PEERS("pss:windowsHostProcess", "trivy:KSV103", "trivy:AVD-KSV-0103",
                             "polaris:hostProcess"),
        .check = ps_host_process,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS012",
        .slug = "pss-host-probes",
        .domain = "kubernetes",
        .severity = VAKT_SEV_LOW,
        .title = "PSS baseline: a probe or lifecycle handler sets a host",
        .rationale = "Pod Security Standards, baseline control \"Probes and lifecycle hooks\" "
                     "(check hostProbesAndHostLifecycle, from v1.34): httpGet and tcpSocket "
                     "handlers of livenessProbe, readinessProbe, startupProbe and lifecycle "
                     "postStart/preStop must not set host, since the kubelet would connect "
                     "from the node to any address named there (a request forgery from the "
                     "node's network position)." PSS_ONLY,
        .remediation = "Remove host so the kubelet probes the pod's own IP:\n"
                       "  livenessProbe:\n"
                       "    httpGet:\n"
                       "      path: /healthz\n"
                       "      port: 8080",
        .references = REFS(DOC_PSS, PSA_SRC "check_hostProbesAndhostLifecycle.go"),
        .equivalents = PEERS("pss:hostProbesAndHostLifecycle"),
        .check = ps_host_probes,
        .scope = VAKT_SCOPE_UNIT,
    },
    /* --- restricted ------------------------------------------------------------ */
    {
        .id = "PS013",
        .slug = "pss-restricted-volumes",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "PSS restricted: the pod uses a volume type outside the restricted set",
        .rationale = "Pod Security Standards, restricted control \"Volume Types\" (check "
                     "restrictedVolumes, all versions; it replaces hostPathVolumes at "
                     "restricted): every volume must be configMap, csi, downwardAPI, emptyDir, "
                     "ephemeral, image, persistentVolumeClaim, projected or secret. hostPath, "
                     "nfs, iscsi, gitRepo, flexVolume and the other in-tree types reach the "
                     "node or its network directly. A volume with no source at all is an "
                     "emptyDir (the API server's default)." PSS_ONLY,
        .remediation = "Use a PersistentVolumeClaim (or csi/ephemeral) for storage:\n"
                       "  volumes:\n"
                       "  - name: data\n"
                       "    persistentVolumeClaim:\n"
                       "      claimName: data",
        .references = REFS(DOC_PSS, PSA_SRC "check_restrictedVolumes.go"),
        .equivalents = PEERS("pss:restrictedVolumes", "trivy:KSV028", "trivy:AVD-KSV-0028"),
        .check = ps_restricted_volumes,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS014",
        .fix = kube_fix_nonroot,
        .fix_summary = "runAsNonRoot: true, with runAsUser and runAsGroup set to fix.uid (10001) "
                       "where none is set; in the pod's securityContext when every container needs "
                       "it, else the container's",
        .slug = "pss-run-as-non-root",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "PSS restricted: runAsNonRoot is not true for the pod or a container",
        .rationale = "Pod Security Standards, restricted control \"Running as Non-root\" "
                     "(check runAsNonRoot): the pod sets runAsNonRoot: true and no container "
                     "sets it to false, or every container sets it to true. From v1.35 a pod "
                     "with hostUsers: false passes, since its root is not root on the "
                     "node." PSS_ONLY,
        .remediation = "Set it for the whole pod:\n"
                       "  spec:\n"
                       "    securityContext:\n"
                       "      runAsNonRoot: true\n"
                       "      runAsUser: 10001",
        .references = REFS(DOC_PSS, PSA_SRC "check_runAsNonRoot.go"),
        .equivalents = PEERS("pss:runAsNonRoot", "trivy:KSV012", "trivy:AVD-KSV-0012",
                             "kube-linter:run-as-non-root", "checkov:CKV_K8S_23",
                             "polaris:runAsRootAllowed", "kubesec:RunAsNonRoot"),
        .check = ps_run_as_non_root,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS015",
        .fix = kube_fix_escalation,
        .fix_summary = "allowPrivilegeEscalation: false (not beside privileged: true or an added "
                       "SYS_ADMIN, which the API server refuses)",
        .slug = "pss-allow-privilege-escalation",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "PSS restricted: a container does not set allowPrivilegeEscalation: false",
        .rationale = "Pod Security Standards, restricted control \"Privilege Escalation\" "
                     "(check allowPrivilegeEscalation, from v1.8): every container must set it "
                     "to false explicitly (unset counts as allowed), so that setuid binaries "
                     "and file capabilities cannot raise privileges (no_new_privs). From v1.25 "
                     "Windows pods are exempt." PSS_ONLY,
        .remediation = "  securityContext:\n"
                       "    allowPrivilegeEscalation: false",
        .references = REFS(DOC_PSS, PSA_SRC "check_allowPrivilegeEscalation.go"),
        .equivalents =
            PEERS("pss:allowPrivilegeEscalation", "trivy:KSV001", "trivy:AVD-KSV-0001",
                  "kube-linter:privilege-escalation-container", "checkov:CKV_K8S_20",
                  "polaris:privilegeEscalationAllowed", "kubesec:AllowPrivilegeEscalation"),
        .check = ps_ape,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS016",
        .fix = kube_fix_seccomp,
        .fix_summary =
            "seccompProfile type RuntimeDefault (the pod's when every container needs it)",
        .slug = "pss-seccomp-restricted",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "PSS restricted: no RuntimeDefault or Localhost seccomp profile",
        .rationale = "Pod Security Standards, restricted control \"Seccomp\" (check "
                     "seccompProfile_restricted, from v1.19; it replaces the baseline seccomp "
                     "check): seccompProfile.type must be RuntimeDefault or Localhost at pod "
                     "level or on every container, and never Unconfined. From v1.25 Windows "
                     "pods are exempt." PSS_ONLY,
        .remediation = "Set it once for the pod:\n"
                       "  spec:\n"
                       "    securityContext:\n"
                       "      seccompProfile:\n"
                       "        type: RuntimeDefault",
        .references = REFS(DOC_PSS, PSA_SRC "check_seccompProfile_restricted.go",
                           "https://kubernetes.io/docs/tutorials/security/seccomp/"),
        .equivalents = PEERS("pss:seccompProfile_restricted", "trivy:KSV030", "trivy:AVD-KSV-0030",
                             "checkov:CKV_K8S_31", "kubesec:SeccompAny"),
        .check = ps_seccomp_restricted,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS017",
        .fix = kube_fix_caps,
        .fix_summary = "capabilities.drop: [ALL]; what the container adds is kept (an added "
                       "capability other than NET_BIND_SERVICE is left for a person)",
        .slug = "pss-capabilities-restricted",
        .domain = "kubernetes",
        .severity = VAKT_SEV_MEDIUM,
        .title = "PSS restricted: a container does not drop ALL capabilities or adds one "
                 "other than NET_BIND_SERVICE",
        .rationale = "Pod Security Standards, restricted control \"Capabilities\" (check "
                     "capabilities_restricted, from v1.22; it replaces capabilities_baseline): "
                     "every container must list the exact string \"ALL\" in "
                     "capabilities.drop, and may add back only NET_BIND_SERVICE. From v1.25 "
                     "Windows pods are exempt." PSS_ONLY,
        .remediation = "  securityContext:\n"
                       "    capabilities:\n"
                       "      drop: [\"ALL\"]\n"
                       "      add: [\"NET_BIND_SERVICE\"]   # only if it binds ports < 1024",
        .references = REFS(DOC_PSS, PSA_SRC "check_capabilities_restricted.go"),
        .equivalents =
            PEERS("pss:capabilities_restricted", "trivy:KSV106", "trivy:AVD-KSV-0106",
                  "trivy:KSV003", "trivy:AVD-KSV-0003", "checkov:CKV_K8S_28", "checkov:CKV_K8S_37",
                  "polaris:insecureCapabilities", "kubesec:CapDropAll"),
        .check = ps_caps_restricted,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS018",
        .fix = kube_fix_uid0,
        .fix_summary = "runAsUser 0 becomes fix.uid (10001)",
        .slug = "pss-run-as-user",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "PSS restricted: runAsUser is 0 for the pod or a container",
        .rationale = "Pod Security Standards, restricted control \"Running as Non-root user\" "
                     "(check runAsUser, from v1.23): an explicit runAsUser: 0 at pod or "
                     "container level runs the process as root. Unset passes (runAsNonRoot "
                     "covers it). From v1.35 a pod with hostUsers: false passes." PSS_ONLY,
        .remediation = "  securityContext:\n"
                       "    runAsUser: 10001\n"
                       "    runAsNonRoot: true",
        .references = REFS(DOC_PSS, PSA_SRC "check_runAsUser.go"),
        .equivalents = PEERS("pss:runAsUser", "trivy:KSV105", "trivy:AVD-KSV-0105",
                             "polaris:runAsRootAllowed"),
        .check = ps_run_as_user,
        .scope = VAKT_SCOPE_UNIT,
    },
    {
        .id = "PS019",
        .slug = "pss-proc-mount-restricted",
        .domain = "kubernetes",
        .severity = VAKT_SEV_HIGH,
        .title = "PSS restricted: a container unmasks /proc, even in a user namespace",
        .rationale = "Pod Security Standards, restricted check procMount_restricted (from "
                     "v1.35; it replaces the baseline procMount check at restricted): "
                     "procMount must be unset or Default in every container, also when the "
                     "pod sets hostUsers: false, which baseline relaxes from v1.35." PSS_ONLY,
        .remediation = "Remove procMount or set it to Default:\n"
                       "  securityContext:\n"
                       "    procMount: Default",
        .references = REFS(DOC_PSS, PSA_SRC "check_procMount_restricted.go"),
        .equivalents = PEERS("pss:procMount_restricted", "trivy:KSV027", "trivy:AVD-KSV-0027",
                             "kube-linter:unsafe-proc-mount", "polaris:procMount"),
        .check = ps_proc_mount_restricted,
        .scope = VAKT_SCOPE_UNIT,
    },
    {.id = NULL}, /* the end */
};
