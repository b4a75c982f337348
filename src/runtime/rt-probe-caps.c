/* SPDX-License-Identifier: MIT */
/*
 * Capabilities: what the probe needs to load, and dropping the rest once it
 * is attached (rt-probe.h). Raw capget/capset: libcap is not a dependency
 * for two system calls.
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/rt-probe.h"

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT           47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif
#define SECBIT_NOROOT_                 (1u << 0)
#define SECBIT_NOROOT_LOCKED_          (1u << 1)
#define SECBIT_NO_SETUID_FIXUP_        (1u << 2)
#define SECBIT_NO_SETUID_FIXUP_LOCKED_ (1u << 3)

static uint64_t bit(int cap)
{
	return (uint64_t)1 << cap;
}

int rt_caps_read(uint64_t *eff, uint64_t *prm)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	*eff = *prm = 0;
	if (syscall(SYS_capget, &h, d) != 0)
		return errno ? -errno : -EPERM;
	*eff = (uint64_t)d[1].effective << 32 | d[0].effective;
	*prm = (uint64_t)d[1].permitted << 32 | d[0].permitted;
	return 0;
}

static int caps_write(uint64_t eff, uint64_t prm, uint64_t inh)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];

	d[0].effective = (uint32_t)eff;
	d[1].effective = (uint32_t)(eff >> 32);
	d[0].permitted = (uint32_t)prm;
	d[1].permitted = (uint32_t)(prm >> 32);
	d[0].inheritable = (uint32_t)inh;
	d[1].inheritable = (uint32_t)(inh >> 32);
	return syscall(SYS_capset, &h, d) == 0 ? 0 : -errno;
}

/* The highest capability this kernel knows (CAP_BPF is 39, from 5.8). */
int rt_caps_last(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	int last = CAP_LAST_CAP;

	if (f) {
		if (fscanf(f, "%d", &last) != 1 || last < 0 || last > 63)
			last = CAP_LAST_CAP;
		fclose(f);
	}
	return last;
}

uint64_t rt_caps_watch_set(void)
{
	uint64_t keep =
	    bit(RT_CAP_PERFMON) | bit(RT_CAP_BPF) | bit(CAP_SYS_PTRACE) | bit(CAP_DAC_READ_SEARCH);

	/* Before 5.8 CAP_SYS_ADMIN stands for CAP_BPF and CAP_PERFMON. */
	if (rt_caps_last() < RT_CAP_BPF)
		keep |= bit(CAP_SYS_ADMIN);
	return keep;
}

int rt_probe_drop_privileges(struct vakt_error **err)
{
	uint64_t eff = 0, prm = 0, keep = rt_caps_watch_set(), e2 = 0, p2 = 0;
	int rc = rt_caps_read(&eff, &prm), last = rt_caps_last();

	if (rc < 0)
		return vakt_error_set(err, rc, "cannot read this process's capabilities: %s",
		                      strerror(-rc));
	/* The bounding set and the securebits need CAP_SETPCAP, so they go first. */
	if (eff & bit(CAP_SETPCAP)) {
		for (int c = 0; c <= last; c++)
			if (!(keep & bit(c)) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) != 0 &&
			    errno != EINVAL)
				return vakt_error_set(
				    err, -errno,
				    "cannot drop capability %d from the bounding set: %s", c,
				    strerror(errno));
		/* A root process would get every capability back at an exec: not any more. */
		prctl(PR_SET_SECUREBITS,
		      SECBIT_NOROOT_ | SECBIT_NOROOT_LOCKED_ | SECBIT_NO_SETUID_FIXUP_ |
		          SECBIT_NO_SETUID_FIXUP_LOCKED_,
		      0, 0, 0);
	}
	/* EINVAL: a kernel before ambient capabilities (4.3), which has none to clear. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
		return vakt_error_set(err, -errno, "cannot clear the ambient capabilities: %s",
		                      strerror(errno));
	rc = caps_write(prm & keep, prm & keep, 0);
	if (rc < 0)
		return vakt_error_set(err, rc, "cannot drop capabilities: %s", strerror(-rc));
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return vakt_error_set(err, -errno, "cannot set no_new_privs: %s", strerror(errno));
	rc = rt_caps_read(&e2, &p2);
	if (rc < 0 || (e2 & ~keep) || (p2 & ~keep))
		return vakt_error_set(
		    err, -EPERM, "capabilities were not dropped (effective %#llx, permitted %#llx)",
		    (unsigned long long)e2, (unsigned long long)p2);
	return 0;
}
