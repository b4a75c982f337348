/* SPDX-License-Identifier: MIT */
/*
 * Is the kernel a hardware VM's guest, and on which hypervisor? The
 * sources of systemd's detect_vm() (reference host.md §3.1) in its order:
 * DMI, UML, /proc/xen, CPUID (leaf 1 bit 31 and the signature of leaf
 * 0x40000000), /sys/hypervisor/type, the device tree. Then a weighing:
 * CPUID names the interface a hypervisor presents, not the product (a
 * microVM can show "bhyve bhyve " at 0x40000000 and KVM at 0x40000100),
 * while kvm-clock among the clocksources means the kernel really talks to
 * KVM; when they disagree the kernel's view wins and the conflict is kept.
 * Live, CPUID is asked on x86 only; under --root it is read from
 * .vakt-probe/cpuid (format in host-sys.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define HAVE_CPUID 1
#else
#define HAVE_CPUID 0
#endif

#include "host-sys-probe.h"

#define CPUID_LEAVES 4 /* 0x40000000, 0x40000100, ... 0x40000300 */

struct cpuid_rec {
	bool known;      /* asked, or a record read */
	bool hypervisor; /* leaf 1 ECX bit 31 */
	char sig[CPUID_LEAVES][13];
	int line[CPUID_LEAVES]; /* in the record */
};

static const struct {
	const char *prefix, *name;
	bool at_once; /* accepted before CPUID (they run on KVM or mask CPUID) */
} dmi_vendors[] = {
    {"KVM", "kvm", false},
    {"OpenStack", "kvm", false},
    {"KubeVirt", "kvm", false},
    {"Amazon EC2", "amazon", true},
    {"QEMU", "qemu", false},
    {"VMware", "vmware", false},
    {"VMW", "vmware", false},
    {"innotek GmbH", "oracle", false},
    {"VirtualBox", "oracle", false},
    {"Oracle Corporation", "oracle", true},
    {"Xen", "xen", true},
    {"Bochs", "bochs", false},
    {"Parallels", "parallels", true},
    {"BHYVE", "bhyve", false},
    {"Hyper-V", "microsoft", false},
    {"Apple Virtualization", "apple", false},
    {"Google Compute Engine", "google", true},
};

static const struct {
	const char *sig, *name;
} cpuid_vendors[] = {
    {"KVMKVMKVM", "kvm"},      {"Linux KVM Hv", "kvm"},    {"TCGTCGTCGTCG", "qemu"},
    {"XenVMMXenVMM", "xen"},   {"VMwareVMware", "vmware"}, {"Microsoft Hv", "microsoft"},
    {"bhyve bhyve ", "bhyve"}, {"QNXQVMBSQG", "qnx"},      {"ACRNACRNACRN", "acrn"},
    {"SRESRESRESRE", "sre"},   {"Apple VZ", "apple"},      {"VBoxVBoxVBox", "oracle"},
};

static void set_vm(struct hs_ctx *c, const char *name, enum host_vm_class cls)
{
	hs_copy(c->s->virt.vm, sizeof(c->s->virt.vm), name);
	c->s->virt.vm_class = cls;
}

static const char *cpuid_name(const char *sig)
{
	if (!*sig)
		return NULL;
	for (size_t i = 0; i < sizeof(cpuid_vendors) / sizeof(cpuid_vendors[0]); i++)
		if (!strcmp(sig, cpuid_vendors[i].sig))
			return cpuid_vendors[i].name;
	return "vm-other";
}

static void cpuid_live(struct cpuid_rec *rec)
{
#if HAVE_CPUID
	unsigned a, b, cc, d;

	rec->known = true;
	__cpuid(1, a, b, cc, d);
	rec->hypervisor = (cc >> 31) & 1;
	if (!rec->hypervisor)
		return; /* leaves 0x4000xxxx mean nothing without a hypervisor */
	for (int i = 0; i < CPUID_LEAVES; i++) {
		char *s = rec->sig[i];

		__cpuid(0x40000000u + 0x100u * (unsigned)i, a, b, cc, d);
		memcpy(s, &b, 4);
		memcpy(s + 4, &cc, 4);
		memcpy(s + 8, &d, 4);
		s[12] = '\0';
		for (int j = 0; j < 12; j++)
			if ((unsigned char)s[j] < 0x20 || (unsigned char)s[j] > 0x7e)
				s[j] = s[j] ? '?' : '\0';
	}
#else
	(void)rec;
#endif
}

/* Parse .vakt-probe/cpuid: "hypervisor 0|1", "vendor [0xLEAF] SIG|\"SIG\"". */
static void cpuid_recorded(struct hs_ctx *c, struct cpuid_rec *rec)
{
	char *text = NULL, line[256];
	const char *p;
	size_t len;
	int n = 0;

	if (hs_recorded(c, "virt.cpuid", "cpuid", &text, &len) < 0)
		return;
	rec->known = true;
	for (p = text; hs_next_line(&p, line, sizeof(line));) {
		unsigned long leaf = 0x40000000ul;
		char *s = line, *end;
		int hv, i;

		n++;
		s += strspn(s, " \t");
		if (*s == '#' || !*s)
			continue;
		if (sscanf(s, "hypervisor %d", &hv) == 1) {
			rec->hypervisor = hv == 1;
			continue;
		}
		if (strncmp(s, "vendor ", 7))
			continue;
		s += 7;
		if (!strncmp(s, "0x", 2)) {
			leaf = strtoul(s, &end, 16);
			s = end + strspn(end, " \t");
		}
		if (leaf < 0x40000000ul || (leaf & 0xff) ||
		    (leaf - 0x40000000ul) / 0x100 >= CPUID_LEAVES)
			continue;
		i = (int)((leaf - 0x40000000ul) / 0x100);
		if (*s == '"') {
			end = strchr(s + 1, '"');
			if (!end)
				continue;
			*end = '\0';
			s++;
		} else {
			s[strcspn(s, " \t\r")] = '\0';
		}
		hs_copy(rec->sig[i], sizeof(rec->sig[i]), s);
		rec->line[i] = n;
	}
	free(text);
}

/* DMI: the first of the files with a VM vendor's prefix. */
static const char *dmi_probe(struct hs_ctx *c, bool *at_once, const char **file, bool *metal)
{
	static const char *const files[] = {"product_name", "sys_vendor", "board_vendor",
	                                    "bios_vendor", "product_version"};
	const char *found = NULL;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]) && !found; i++) {
		char *rel = vakt_xasprintf("sys/class/dmi/id/%s", files[i]), *v = NULL;

		if (hs_read_value(c, "virt.dmi", rel, &v) == 0) {
			if (i == 0 && strstr(v, ".metal"))
				*metal = true;
			for (size_t j = 0; j < sizeof(dmi_vendors) / sizeof(dmi_vendors[0]); j++)
				if (!strncmp(v, dmi_vendors[j].prefix,
				             strlen(dmi_vendors[j].prefix))) {
					found = dmi_vendors[j].name;
					*at_once = dmi_vendors[j].at_once;
					*file = files[i];
					hs_observe(c, "virt.dmi", rel, 1, found, "'%s'", v);
					break;
				}
		}
		free(v);
		free(rel);
	}
	return found;
}

static void clocksource(struct hs_ctx *c)
{
	struct host_virt *v = &c->s->virt;
	char *cur = NULL, *avail = NULL;

	if (hs_read_value(c, "virt.clocksource",
	                  "sys/devices/system/clocksource/clocksource0/current_clocksource",
	                  &cur) == 0) {
		hs_copy(v->clocksource, sizeof(v->clocksource), cur);
		hs_observe(c, "virt.clocksource",
		           "sys/devices/system/clocksource/clocksource0/current_clocksource", 1,
		           !strcmp(cur, "kvm-clock")                     ? "kvm"
		           : !strcmp(cur, "xen")                         ? "xen"
		           : !strcmp(cur, "hyperv_clocksource_tsc_page") ? "microsoft"
		                                                         : "no hypervisor clock",
		           "%s", cur);
	}
	if (hs_read_value(c, "virt.clocksource",
	                  "sys/devices/system/clocksource/clocksource0/available_clocksource",
	                  &avail) == 0 &&
	    strstr(avail, "kvm-clock")) {
		v->kvm_clock = true;
		hs_observe(c, "virt.clocksource",
		           "sys/devices/system/clocksource/clocksource0/available_clocksource", 1,
		           "kvm", "%s", avail);
	}
	v->kvm_clock = v->kvm_clock || !strcmp(v->clocksource, "kvm-clock");
	free(cur);
	free(avail);
}

/* Xen: /proc/xen; dom0 (the host, not a guest) when control_d is a capability. */
static int xen_probe(struct hs_ctx *c)
{
	char *cap = NULL;
	int dom0;

	if (hs_exists(c, "virt.xen", "proc/xen") != 1)
		return 0;
	dom0 = hs_read_value(c, "virt.xen", "proc/xen/capabilities", &cap) == 0 &&
	       strstr(cap, "control_d");
	hs_observe(c, "virt.xen", "proc/xen", 0, dom0 ? "xen dom0 (the hypervisor's host)" : "xen",
	           "/proc/xen exists");
	free(cap);
	return dom0 ? 2 : 1;
}

/* /sys/hypervisor/type, then the device tree's hypervisor node. */
static const char *sysfs_probe(struct hs_ctx *c, const char **rel)
{
	char *v = NULL;
	const char *found = NULL;

	*rel = "sys/hypervisor/type";
	if (hs_read_value(c, "virt.sysfs", *rel, &v) == 0 && *v)
		found = !strcmp(v, "xen") ? "xen" : "vm-other";
	free(v);
	v = NULL;
	if (!found && hs_read_value(c, "virt.devicetree", "proc/device-tree/hypervisor/compatible",
	                            &v) == 0) {
		*rel = "proc/device-tree/hypervisor/compatible";
		found = strstr(v, "kvm")      ? "kvm"
		        : strstr(v, "xen")    ? "xen"
		        : strstr(v, "vmware") ? "vmware"
		                              : "vm-other";
	}
	free(v);
	if (found)
		hs_observe(c, "virt.sysfs", *rel, 1, found, "%s", found);
	return found;
}

static bool uml_probe(struct hs_ctx *c)
{
	char *info = NULL;
	size_t len;
	bool uml = false;

	if (hs_read(c, "virt.uml", "proc/cpuinfo", HOST_MAX_FILE, &info, &len) == 0)
		uml = strstr(info, "User Mode Linux") != NULL;
	free(info);
	return uml;
}

/* A KVM signature at any leaf, or kvm-clock: the kernel talks to KVM. */
static int kvm_leaf(const struct cpuid_rec *rec)
{
	for (int i = 0; i < CPUID_LEAVES; i++)
		if (rec->sig[i][0] && !strcmp(cpuid_name(rec->sig[i]), "kvm"))
			return i;
	return -1;
}

void hs_probe_vm(struct hs_ctx *c)
{
	struct host_virt *v = &c->s->virt;
	struct cpuid_rec rec = {0};
	bool at_once = false, metal = false;
	const char *dmi_file = NULL, *dmi = dmi_probe(c, &at_once, &dmi_file, &metal);
	const char *cpu0, *sysrel = NULL, *sys;
	const char *cpuid_src = c->r->live ? "cpuid" : ".vakt-probe/cpuid";
	char dmirel[64];
	int xen, kvm;

	snprintf(dmirel, sizeof(dmirel), "sys/class/dmi/id/%s",
	         dmi_file ? dmi_file : "product_name");
	clocksource(c);
	if (c->r->live)
		cpuid_live(&rec);
	else
		cpuid_recorded(c, &rec);
	if (rec.known)
		hs_observe(
		    c, "virt.cpuid", cpuid_src, 0, rec.hypervisor ? "hypervisor" : "no hypervisor",
		    "leaf 1 hypervisor bit %d, leaf 0x40000000 '%s'", rec.hypervisor, rec.sig[0]);
	for (int i = 1; i < CPUID_LEAVES; i++)
		if (rec.sig[i][0])
			hs_observe(c, "virt.cpuid", cpuid_src, rec.line[i], cpuid_name(rec.sig[i]),
			           "leaf 0x%x '%s'", 0x40000000u + 0x100u * (unsigned)i,
			           rec.sig[i]);
	cpu0 = rec.hypervisor ? cpuid_name(rec.sig[0]) : NULL;
	kvm = rec.hypervisor ? kvm_leaf(&rec) : -1;

	if (dmi && at_once && !metal) {
		set_vm(c, dmi, HOST_VM_HARDWARE);
		hs_evidence(&v->vm_ev, dmirel, 1, "DMI %s", dmi_file);
	} else if (uml_probe(c)) {
		set_vm(c, "uml", HOST_VM_HARDWARE);
		hs_evidence(&v->vm_ev, "proc/cpuinfo", 0, "vendor_id User Mode Linux");
	} else if ((xen = xen_probe(c)) == 1) {
		set_vm(c, "xen", HOST_VM_HARDWARE);
		hs_evidence(&v->vm_ev, "proc/xen", 0, "/proc/xen exists (a Xen guest)");
	} else if (cpu0 && strcmp(cpu0, "microsoft")) {
		set_vm(c, cpu0, HOST_VM_HARDWARE);
		hs_evidence(&v->vm_ev, cpuid_src, rec.line[0], "CPUID leaf 0x40000000 '%s'",
		            rec.sig[0]);
	} else if (dmi && !metal) {
		set_vm(c, dmi, HOST_VM_HARDWARE);
		hs_evidence(&v->vm_ev, dmirel, 1, "DMI %s", dmi_file);
	} else if ((sys = sysfs_probe(c, &sysrel))) {
		set_vm(c, sys, HOST_VM_HARDWARE);
		hs_evidence(&v->vm_ev, sysrel, 1, "%s", sysrel);
	} else if (cpu0) {
		set_vm(c, cpu0, HOST_VM_HARDWARE);
		hs_evidence(&v->vm_ev, cpuid_src, rec.line[0], "CPUID leaf 0x40000000 '%s'",
		            rec.sig[0]);
	} else if (rec.hypervisor) {
		set_vm(c, "vm-other", HOST_VM_HARDWARE);
		hs_evidence(&v->vm_ev, cpuid_src, 0, "CPUID hypervisor bit, no vendor signature");
	} else if (v->kvm_clock || !strcmp(v->clocksource, "xen") ||
	           !strcmp(v->clocksource, "hyperv_clocksource_tsc_page")) {
		set_vm(c,
		       v->kvm_clock                     ? "kvm"
		       : !strcmp(v->clocksource, "xen") ? "xen"
		                                        : "microsoft",
		       HOST_VM_HARDWARE);
		hs_evidence(&v->vm_ev,
		            "sys/devices/system/clocksource/clocksource0/available_clocksource", 1,
		            "the kernel's clocksource");
	} else if ((rec.known || dmi_file || metal || xen == 2) && !rec.hypervisor) {
		set_vm(c, "none", HOST_VM_NONE);
		hs_evidence(&v->vm_ev, rec.known ? cpuid_src : "sys/class/dmi/id/product_name", 0,
		            xen == 2    ? "a Xen dom0"
		            : rec.known ? "CPUID reports no hypervisor"
		                        : "DMI names no VM vendor");
	} else {
		set_vm(c, "unknown", HOST_VM_UNKNOWN);
	}
	/* The kernel's own view (kvm-clock, a KVM leaf) against an interface CPUID presents. */
	if (v->vm_class == HOST_VM_HARDWARE && strcmp(v->vm, "kvm") && (v->kvm_clock || kvm >= 0) &&
	    v->vm_ev.source &&
	    (!strcmp(v->vm_ev.source, cpuid_src) || !strcmp(v->vm, "vm-other"))) {
		v->vm_conflict =
		    vakt_xasprintf("CPUID leaf 0x40000000 presents '%s' (%s)", rec.sig[0], v->vm);
		set_vm(c, "kvm", HOST_VM_HARDWARE);
		if (kvm >= 0)
			hs_evidence(&v->vm_ev, cpuid_src, rec.line[kvm], "CPUID leaf 0x%x '%s'",
			            0x40000000u + 0x100u * (unsigned)kvm, rec.sig[kvm]);
		else
			hs_evidence(
			    &v->vm_ev,
			    "sys/devices/system/clocksource/clocksource0/available_clocksource", 1,
			    "kvm-clock among the kernel's clocksources");
	}
	hs_observe(c, "virt.vm", v->vm_ev.source, v->vm_ev.line, v->vm, "vm=%s (%s)%s%s", v->vm,
	           v->vm_ev.why ? v->vm_ev.why : "no evidence readable", v->vm_conflict ? "; " : "",
	           v->vm_conflict ? v->vm_conflict : "");
}
