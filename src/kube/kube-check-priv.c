/* SPDX-License-Identifier: MIT */
/*
 * Privilege and kernel-surface rules (KS010-KS018): privileged mode,
 * privilege escalation, capabilities, seccomp, AppArmor, /proc masking and
 * sysctls.
 */
#include "core/util.h"
#include "kube-check.h"

/* Capabilities quoted in one message before "...". */
#define PRIV_MAX_LISTED 6

/* Capabilities that hand a container a way out or power over its neighbours. */
static const struct {
	const char *name;
	const char *why;
} dangerous_caps[] = {
    {"ALL", "every capability the kernel has"},
    {"SYS_ADMIN", "mount, namespaces and much of root's power: the usual container escape"},
    {"NET_ADMIN", "reconfigure interfaces, routes and firewall rules of the pod network"},
    {"NET_RAW", "raw sockets: spoofed packets, ARP and DNS poisoning of neighbours"},
    {"SYS_PTRACE", "trace and inject code into other processes"},
    {"SYS_MODULE", "load kernel modules into the node's kernel"},
    {"SYS_RAWIO", "raw I/O on devices and kernel memory"},
    {"DAC_READ_SEARCH", "bypass read permissions and open files by handle (the Shocker escape)"},
    {"SYS_BOOT", "reboot the node"},
    {"SYS_TIME", "set the node's clock, which is not namespaced"},
    {"BPF", "load BPF programs into the node's kernel"},
    {"PERFMON", "perf events on the node's kernel"},
    {"MAC_ADMIN", "change the node's AppArmor or SELinux policy"},
    {"MAC_OVERRIDE", "override the node's AppArmor or SELinux policy"},
    {"SYSLOG", "read the kernel log, kernel addresses included"},
};

/* A capability name without the CAP_ prefix some manifests write (borrowed). */
static const char *cap_base(const char *name)
{
	return vakt_istarts_with(name, "CAP_") ? name + 4 : name;
}

/* The reason a capability is dangerous, or NULL. */
static const char *cap_danger(const char *name)
{
	const char *base = cap_base(name);

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(dangerous_caps); i++)
		if (!vakt_strcasecmp(dangerous_caps[i].name, base))
			return dangerous_caps[i].why;
	return NULL;
}

/* The container's securityContext.capabilities.<list>, or NULL. */
static const struct vakt_yaml_node *cap_list(const struct kube_container *c, const char *list)
{
	const struct vakt_yaml_node *l =
	    vakt_yaml_get(vakt_yaml_get(kube_ctr_sc(c), "capabilities"), list);

	return vakt_yaml_is_seq(l) ? l : NULL;
}

/* The item of capabilities.add naming cap (with or without CAP_), or NULL. */
static const struct vakt_yaml_node *cap_added(const struct kube_container *c, const char *cap)
{
	const struct vakt_yaml_node *add = cap_list(c, "add");

	for (size_t i = 0; add && i < add->n; i++) {
		const char *t = vakt_yaml_text(add->items[i]);

		if (t && !vakt_strcasecmp(cap_base(t), cap))
			return add->items[i];
	}
	return NULL;
}

static void privileged_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                           const struct kube_container *c)
{
	struct kube_setting s;
	char *desc;

	if (!kube_sc_effective(o, c, "privileged", false, &s) || !kube_setting_true(&s))
		return;
	desc = kube_ctr_desc(c);
	kube_emit(ctx, o, c, s.key,
	          "%s runs with securityContext.privileged=true: it has every capability, every "
	          "host device and no seccomp or AppArmor confinement, so root in it is root on "
	          "the node",
	          desc);
	free(desc);
}

/* KS010: privileged containers. */
void kube_check_privileged(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, true, privileged_one);
}

static void escalation_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                           const struct kube_container *c)
{
	struct kube_setting ape, priv;
	const struct vakt_yaml_node *sysadmin = cap_added(c, "SYS_ADMIN");
	bool b, is_bool, privileged;
	char *desc, *hint;

	kube_sc_effective(o, c, "allowPrivilegeEscalation", false, &ape);
	kube_sc_effective(o, c, "privileged", false, &priv);
	privileged = kube_setting_true(&priv);
	is_bool = ape.value && vakt_yaml_bool(ape.value, &b);
	if (is_bool && !b && !privileged && !sysadmin)
		return;
	desc = kube_ctr_desc(c);
	if (is_bool && !b) {
		kube_emit(ctx, o, c, ape.key,
		          "%s sets allowPrivilegeEscalation=false together with %s, which always "
		          "allows privilege escalation (the API server rejects the combination)",
		          desc, privileged ? "privileged=true" : "capabilities.add SYS_ADMIN");
	} else if (is_bool) {
		kube_emit(ctx, o, c, ape.key,
		          "%s sets securityContext.allowPrivilegeEscalation=true: setuid binaries "
		          "and file capabilities in the image can raise its privileges",
		          desc);
	} else {
		hint = kube_misplaced_hint(o, "allowPrivilegeEscalation");
		kube_emit(ctx, o, c,
		          kube_where_path(o, c->node, "securityContext.allowPrivilegeEscalation"),
		          "%s does not set securityContext.allowPrivilegeEscalation=false%s: "
		          "without it no_new_privs is not set, and setuid binaries or file "
		          "capabilities in the image can raise its privileges%s",
		          desc, hint,
		          privileged ? " (it is also privileged, which always allows escalation)"
		          : sysadmin ? " (it also adds SYS_ADMIN, which always allows escalation)"
		                     : "");
		free(hint);
	}
	free(desc);
}

/* KS011: allowPrivilegeEscalation not false (privileged and SYS_ADMIN imply true). */
void kube_check_priv_escalation(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, true, escalation_one);
}

/* "A, B, C" of a list's scalar items (at most PRIV_MAX_LISTED). Caller frees. */
static char *list_items(const struct vakt_yaml_node *l)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; l && i < l->n && i < PRIV_MAX_LISTED; i++)
		vakt_buf_addf(&b, "%s%.*s", i ? ", " : "", KUBE_MSG_MAX,
		              kube_node_text(l->items[i]));
	if (l && l->n > PRIV_MAX_LISTED)
		vakt_buf_adds(&b, ", ...");
	return vakt_buf_detach(&b);
}

static void drop_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                     const struct kube_container *c)
{
	const struct vakt_yaml_node *drop = cap_list(c, "drop");
	char *desc, *listed, *hint;

	for (size_t i = 0; drop && i < drop->n; i++) {
		const char *t = vakt_yaml_text(drop->items[i]);

		/* containerd and CRI-O read ALL in any case. */
		if (t && !vakt_strcasecmp(t, "ALL"))
			return;
	}
	desc = kube_ctr_desc(c);
	if (drop && drop->n) {
		listed = list_items(drop);
		kube_emit(ctx, o, c,
		          kube_where_path(o, c->node, "securityContext.capabilities.drop"),
		          "%s drops only %s and keeps the rest of the runtime's default "
		          "capabilities; drop ALL and add back only what it needs",
		          desc, listed);
		free(listed);
	} else {
		hint = kube_misplaced_hint(o, "capabilities");
		kube_emit(ctx, o, c,
		          kube_where_path(o, c->node, "securityContext.capabilities.drop"),
		          "%s does not drop capabilities%s: it keeps the runtime's defaults "
		          "(NET_RAW, CHOWN, DAC_OVERRIDE, SETUID, ...); set "
		          "securityContext.capabilities.drop: [ALL]",
		          desc, hint);
		free(hint);
	}
	free(desc);
}

/* KS012: capabilities.drop does not contain ALL. */
void kube_check_caps_not_dropped(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, true, drop_one);
}

/* Report the added capabilities that are dangerous (or, !dangerous, the others). */
static void added_caps(struct vakt_check_ctx *ctx, const struct kube_object *o,
                       const struct kube_container *c, bool dangerous)
{
	const struct vakt_yaml_node *add = cap_list(c, "add");
	char *desc = NULL;

	for (size_t i = 0; add && i < add->n; i++) {
		const char *t = vakt_yaml_text(add->items[i]);
		const char *why;

		if (!t || !vakt_strcasecmp(cap_base(t), "NET_BIND_SERVICE"))
			continue;
		why = cap_danger(t);
		if ((why != NULL) != dangerous)
			continue;
		if (!desc)
			desc = kube_ctr_desc(c);
		if (why)
			kube_emit_facets(ctx, o, c, add->items[i],
			                 vakt_strcasecmp(cap_base(t), "NET_RAW")
			                     ? KUBE_FACET_OTHER_CAP
			                     : KUBE_FACET_NET_RAW,
			                 "%s adds capability %.*s: %s", desc, KUBE_MSG_MAX, t, why);
		else
			kube_emit(ctx, o, c, add->items[i],
			          "%s adds capability %.*s: only NET_BIND_SERVICE should be added "
			          "back after dropping ALL",
			          desc, KUBE_MSG_MAX, t);
	}
	free(desc);
}

static void dangerous_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                          const struct kube_container *c)
{
	added_caps(ctx, o, c, true);
}

/* KS013: capabilities.add with a dangerous capability (ALL, SYS_ADMIN, NET_RAW, ...). */
void kube_check_caps_dangerous(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, true, dangerous_one);
}

static void added_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                      const struct kube_container *c)
{
	added_caps(ctx, o, c, false);
}

/* KS014: capabilities.add with anything but NET_BIND_SERVICE (dangerous ones are KS013). */
void kube_check_caps_added(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, true, added_one);
}

/* The legacy seccomp annotation that would have applied to c, or NULL. */
static const char *seccomp_annotation(const struct kube_object *o, const struct kube_container *c)
{
	static const char pod_key[] = "seccomp.security.alpha.kubernetes.io/pod";
	static const char prefix[] = "container.seccomp.security.alpha.kubernetes.io/";
	const struct vakt_yaml_node *ann = vakt_yaml_get(o->pod_meta, "annotations");

	for (size_t i = 0; vakt_yaml_is_map(ann) && i < ann->n; i++) {
		const char *k = vakt_yaml_str(ann->pairs[i].key);

		if (k && vakt_starts_with(k, prefix) && c->name &&
		    !strcmp(k + sizeof(prefix) - 1, c->name))
			return prefix;
	}
	return vakt_yaml_get_pair(ann, pod_key) ? pod_key : NULL;
}

static void seccomp_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                        const struct kube_container *c)
{
	struct kube_setting s;
	const struct vakt_yaml_pair *type;
	const char *t, *ann;
	char *desc, *path;

	kube_sc_effective(o, c, "seccompProfile", true, &s);
	type = vakt_yaml_get_pair(s.value, "type");
	t = type ? vakt_yaml_text(type->value) : NULL;
	if (t && (!strcmp(t, "RuntimeDefault") || !strcmp(t, "Localhost")))
		return;
	desc = kube_ctr_desc(c);
	if (s.key) {
		path = kube_setting_path(o, &s, "seccompProfile");
		kube_emit(ctx, o, c, type ? type->key : s.key,
		          t && !strcmp(t, "Unconfined")
		              ? "%s runs without seccomp: %s.type=%.*s%s; every system call of the "
		                "kernel is open to it"
		              : "%s has %s.type '%.*s'%s, which is not RuntimeDefault or Localhost",
		          desc, path, KUBE_MSG_MAX, t ? t : "", s.pod_level ? " at pod level" : "");
		free(path);
	} else {
		ann = seccomp_annotation(o, c);
		kube_emit(ctx, o, c, kube_where_path(o, c->node, "securityContext.seccompProfile"),
		          "%s has no seccompProfile (on it or on the pod), so it runs Unconfined "
		          "unless the kubelet enables --seccomp-default; set "
		          "securityContext.seccompProfile.type: RuntimeDefault%s%s%s",
		          desc, ann ? " (the annotation '" : "", ann ? ann : "",
		          ann ? "...' is deprecated since Kubernetes 1.19 and no longer applied)"
		              : "");
	}
	free(desc);
}

/* KS015: seccomp not RuntimeDefault or Localhost (pod or container level). */
void kube_check_seccomp(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, true, seccomp_one);
}

/* The container's AppArmor annotation pair, or NULL. */
static const struct vakt_yaml_pair *apparmor_annotation(const struct kube_object *o,
                                                        const struct kube_container *c)
{
	static const char prefix[] = "container.apparmor.security.beta.kubernetes.io/";
	const struct vakt_yaml_node *ann = vakt_yaml_get(o->pod_meta, "annotations");

	for (size_t i = 0; vakt_yaml_is_map(ann) && i < ann->n; i++) {
		const char *k = vakt_yaml_str(ann->pairs[i].key);

		if (k && vakt_starts_with(k, prefix) && c->name &&
		    !strcmp(k + sizeof(prefix) - 1, c->name))
			return &ann->pairs[i];
	}
	return NULL;
}

static void apparmor_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                         const struct kube_container *c)
{
	struct kube_setting s;
	const struct vakt_yaml_pair *type, *ann;
	const char *t;
	char *desc, *path;

	if (kube_sc_effective(o, c, "appArmorProfile", true, &s)) {
		type = vakt_yaml_get_pair(s.value, "type");
		t = type ? vakt_yaml_text(type->value) : NULL;
		if (!t || strcmp(t, "Unconfined"))
			return;
		desc = kube_ctr_desc(c);
		path = kube_setting_path(o, &s, "appArmorProfile");
		kube_emit(ctx, o, c, type->key, "%s runs without AppArmor: %s.type=Unconfined%s",
		          desc, path, s.pod_level ? " at pod level" : "");
		free(path);
		free(desc);
		return;
	}
	ann = apparmor_annotation(o, c);
	t = ann ? vakt_yaml_text(ann->value) : NULL;
	if (!t || strcmp(t, "unconfined"))
		return;
	desc = kube_ctr_desc(c);
	kube_emit(ctx, o, c, ann->key, "%s runs without AppArmor: annotation '%.*s' is unconfined",
	          desc, KUBE_MSG_MAX, kube_node_text(ann->key));
	free(desc);
}

/* KS016: AppArmor explicitly Unconfined (field or annotation). */
void kube_check_apparmor(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, true, apparmor_one);
}

static void proc_mount_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                           const struct kube_container *c)
{
	struct kube_setting s;
	const char *t;
	char *desc;

	if (!kube_sc_effective(o, c, "procMount", false, &s))
		return;
	t = vakt_yaml_text(s.value);
	if (!t || strcmp(t, "Unmasked"))
		return;
	desc = kube_ctr_desc(c);
	kube_emit(ctx, o, c, s.key,
	          "%s sets securityContext.procMount=Unmasked: /proc is mounted without the "
	          "runtime's masked and read-only paths (/proc/kcore, /proc/sys, ...)",
	          desc);
	free(desc);
}

/* KS017: procMount Unmasked. */
void kube_check_proc_mount(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, true, proc_mount_one);
}

/* The sysctls Kubernetes considers safe (the newest Pod Security Standards list). */
static const char *const safe_sysctls[] = {
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
    "net.ipv4.tcp_slow_start_after_idle",
    "net.ipv4.tcp_notsent_lowat",
};

/*
 * Whether a sysctl name is safe. Kubernetes also accepts '/' as the
 * separator ("kernel/shm_rmid_forced"), swapping '.' and '/'.
 */
static bool sysctl_safe(const char *name)
{
	char norm[KUBE_MSG_MAX];
	size_t n = strlen(name);

	if (n >= sizeof(norm))
		return false;
	for (size_t i = 0; i <= n; i++)
		norm[i] = strchr(name, '/') && (name[i] == '/' || name[i] == '.')
		              ? (name[i] == '/' ? '.' : '/')
		              : name[i];
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(safe_sysctls); i++)
		if (!strcmp(safe_sysctls[i], norm))
			return true;
	return false;
}

/* KS018: sysctls outside the safe set (pod level). */
void kube_check_sysctls(struct vakt_check_ctx *ctx)
{
	const struct kube_object *o = kube_check_pod(ctx);
	const struct vakt_yaml_node *list;

	if (!o || kube_pod_is_windows(o))
		return;
	list = vakt_yaml_get(kube_pod_sc(o), "sysctls");
	for (size_t i = 0; vakt_yaml_is_seq(list) && i < list->n; i++) {
		const struct vakt_yaml_pair *p = vakt_yaml_get_pair(list->items[i], "name");
		const char *name = p ? vakt_yaml_text(p->value) : NULL;

		if (!name || sysctl_safe(name))
			continue;
		kube_emit(ctx, o, NULL, p->key,
		          "the pod sets sysctl '%.*s', which is not in Kubernetes' safe set: it is "
		          "not isolated well enough between pods (or not namespaced at all), and "
		          "the kubelet refuses it unless --allowed-unsafe-sysctls allows it",
		          KUBE_MSG_MAX, name);
	}
}
