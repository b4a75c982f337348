// SPDX-License-Identifier: MIT OR GPL-2.0-only
/*
 * vakt's CO-RE probe: syscall exit events and process lifecycle records into
 * one BPF ring buffer (src/runtime/bpf/vakt-probe.h has the layout).
 *
 * Every program is a BTF-typed tracepoint (tp_btf): no tracefs, no
 * kprobes, loadable with CAP_BPF + CAP_PERFMON. Syscall arguments are
 * re-read from pt_regs at exit, and user strings are read there too: at
 * entry a string not yet paged in cannot be read (docs/runtime.md).
 *
 *   sys_exit             the syscalls user space marked in vakt_interesting
 *   sched_process_exec   a successful exec, with the new image's facts
 *   sched_process_fork   the child of a clone/fork, in the parent's context,
 *                        so that it is in the ring before anything the child does
 *   sched_process_exit   a thread's end
 *
 * Records are assembled in a per-CPU, per-program scratch area and copied
 * into the ring with BPF_RB_NO_WAKEUP: user space polls.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "vakt-probe.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* Set by the loader before load: its own thread group, whose syscalls are not recorded. */
const volatile __u32 vakt_self_tgid = 0;

/* One scratch area per CPU and program, so that a program preempted on a CPU
 * never shares its area with another one running there. */
#define PROG_SYSCALL 0
#define PROG_EXEC    1
#define PROG_FORK    2
#define PROG_EXIT    3
#define VAKT_PROGS   4

#define SCRATCH   (2 * VAKT_REC_MAX)
#define OFF_MASK  (VAKT_REC_MAX - 1)
#define STR_MASK  (VAKT_STR_MAX - 1)
#define NAME_MAX_ 256
#define PATH_END  4096

#define AF_UNIX_  1
#define AF_INET_  2
#define AF_INET6_ 10

#define PF_KTHREAD_       0x00200000
#define TS_COMPAT_        0x0002
#define OVERLAYFS_MAGIC_  0x794c7630
#define CAP_DAC_OVERRIDE_ 1
#define PR_SET_NAME_      15

/* Bound a value for the verifier: the barrier keeps clang from dropping a
 * mask it can prove redundant, which leaves the verifier without the bound. */
#define BOUND(v, mask)                                                                             \
	do {                                                                                       \
		barrier_var(v);                                                                    \
		(v) &= (mask);                                                                     \
	} while (0)

struct vakt_scratch {
	__u8 buf[SCRATCH];
	__u8 path[PATH_END + NAME_MAX_]; /* a path being built, right to left */
	char name_tmp[NAME_MAX_];
	__u32 tmp; /* see widen() */
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20); /* the loader sets the size it was asked for */
} vakt_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, VAKT_SLOTS);
	__type(key, __u32);
	__type(value, __u8);
} vakt_interesting SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vakt_counters);
} vakt_counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* the loader sets possible CPUs * VAKT_PROGS */
	__type(key, __u32);
	__type(value, struct vakt_scratch);
} vakt_scratch SEC(".maps");

#define SPEC_KNOWN (1u << 31)
static const __u32 vakt_spec[VAKT_NR_MAX] = {
#define VAKT_SPEC_ENTRY(nr, ev, sp) [nr] = (sp) | SPEC_KNOWN,
    VAKT_SYSCALLS(VAKT_SPEC_ENTRY)
#undef VAKT_SPEC_ENTRY
};

/* Fields that moved between kernel versions, matched by name at load. */
struct kernfs_node___new {
	struct kernfs_node *__parent;
} __attribute__((preserve_access_index));
struct kernfs_node___old {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));
struct inode___times {
	time64_t i_ctime_sec, i_mtime_sec; /* 6.11 */
	__u32 i_ctime_nsec, i_mtime_nsec;
	struct timespec64 __i_ctime, __i_mtime; /* 6.6 to 6.10 */
	struct timespec64 i_ctime, i_mtime;     /* before */
} __attribute__((preserve_access_index));
struct ovl_inode___vakt {
	struct inode vfs_inode;
	struct dentry *__upperdentry;
} __attribute__((preserve_access_index));

/* A record being assembled. */
struct rb {
	struct vakt_scratch *s;
	struct vakt_counters *c;
	__u32 off;
	__u16 flags;
};

static __always_inline int want(__u32 slot)
{
	__u8 *w = bpf_map_lookup_elem(&vakt_interesting, &slot);
	return w && *w;
}

static __always_inline int rb_begin(struct rb *r, __u32 prog, __u16 kind, __u16 nr, __u32 tid,
                                    __u32 pid, __s64 res)
{
	__u32 zero = 0, key = bpf_get_smp_processor_id() * VAKT_PROGS + prog;
	struct vakt_rec *h;

	r->s = bpf_map_lookup_elem(&vakt_scratch, &key);
	r->c = bpf_map_lookup_elem(&vakt_counters, &zero);
	if (!r->s || !r->c)
		return 0;
	h = (void *)r->s->buf;
	h->res = res;
	h->tid = tid;
	h->pid = pid;
	h->kind = kind;
	h->nr = nr;
	h->cpu = bpf_get_smp_processor_id();
	h->pad = 0;
	for (int i = 0; i < 6; i++)
		h->args[i] = 0;
	r->off = sizeof(struct vakt_rec);
	r->flags = 0;
	return 1;
}

static __always_inline void rb_submit(struct rb *r)
{
	struct vakt_rec *h = (void *)r->s->buf;
	__u32 len = r->off;

	if (len > SCRATCH - 1)
		return;
	h->len = len;
	h->flags = r->flags;
	h->ts = bpf_ktime_get_boot_ns();
	if (bpf_ringbuf_output(&vakt_ring, r->s->buf, len, BPF_RB_NO_WAKEUP)) {
		__sync_fetch_and_add(&r->c->drops, 1);
		return;
	}
	__sync_fetch_and_add(&r->c->events, 1);
	if (r->flags & VAKT_RF_TRUNCATED)
		__sync_fetch_and_add(&r->c->truncs, 1);
}

/*
 * The verifier tracks a register's exact range, so a loop whose offsets
 * differ on each path is explored path by path: the cgroup walk would take
 * millions of steps. A value read back from map memory has no known range,
 * so after widen() every path reaches the loop's next turn in the same state
 * and the verifier prunes them; the caller then bounds it again.
 */
static __always_inline __u32 widen(struct rb *r, __u32 v)
{
	*(volatile __u32 *)&r->s->tmp = v;
	return *(volatile __u32 *)&r->s->tmp;
}

/* Whether a parameter may start: past VAKT_REC_MAX the rest is left out. */
static __always_inline int room(struct rb *r)
{
	if (r->off >= VAKT_REC_MAX) {
		r->flags |= VAKT_RF_TRUNCATED;
		return 0;
	}
	return 1;
}

static __always_inline void put_hdr(struct rb *r, __u32 o, __u16 id, __u32 len)
{
	struct vakt_param *p = (void *)&r->s->buf[o & OFF_MASK];

	p->id = id;
	p->len = len;
}

static __always_inline void fault(struct rb *r)
{
	__sync_fetch_and_add(&r->c->faults, 1);
}

/* n bytes of kernel memory (a struct on the stack) as parameter id. */
static __always_inline void put_kbytes(struct rb *r, __u16 id, const void *src, __u32 n)
{
	__u32 o;

	if (!room(r))
		return;
	o = r->off;
	BOUND(o, OFF_MASK);
	n &= 511;
	if (bpf_probe_read_kernel(&r->s->buf[o + 4], n, src))
		return;
	put_hdr(r, o, id, n);
	r->off = o + 4 + n;
}

/* A user string; a NULL pointer is an empty parameter, as Falco has it. */
static __always_inline void put_ustr(struct rb *r, __u16 id, const void *up)
{
	__u32 o;
	long n = 0;

	if (!room(r))
		return;
	o = r->off;
	BOUND(o, OFF_MASK);
	if (up) {
		n = bpf_probe_read_user_str(&r->s->buf[o + 4], VAKT_STR_MAX, up);
		if (n < 0) {
			fault(r);
			return;
		}
	}
	BOUND(n, 0x1fff);
	put_hdr(r, o, id, n);
	r->off = o + 4 + n;
}

static __always_inline void put_kstr(struct rb *r, __u16 id, const void *kp)
{
	__u32 o;
	long n;

	if (!room(r) || !kp)
		return;
	o = r->off;
	BOUND(o, OFF_MASK);
	n = bpf_probe_read_kernel_str(&r->s->buf[o + 4], VAKT_STR_MAX, kp);
	if (n < 0)
		return;
	BOUND(n, 0x1fff);
	put_hdr(r, o, id, n);
	r->off = o + 4 + n;
}

/* Up to max bytes of user memory (a sockaddr, a small struct). */
static __always_inline void put_ubytes(struct rb *r, __u16 id, const void *up, __u64 len, __u32 max)
{
	__u32 o, n;

	if (!up || !room(r))
		return;
	n = len > max ? max : len;
	BOUND(n, 511);
	o = r->off;
	BOUND(o, OFF_MASK);
	if (bpf_probe_read_user(&r->s->buf[o + 4], n, up)) {
		fault(r);
		return;
	}
	put_hdr(r, o, id, n);
	r->off = o + 4 + n;
}

/*
 * Paths are built right to left in s->path, one component per step, so that
 * each step of the walk is the same for the verifier whatever came before;
 * then copied into the record. *pos is where the path built so far begins
 * (PATH_END: empty).
 */
/* Prepend "/" and len bytes at name to the path; 0 when it no longer fits. */
static __always_inline int path_push(struct rb *r, __u32 *pos, const void *name, __u32 len)
{
	__u32 p = widen(r, *pos);

	BOUND(len, NAME_MAX_ - 1);
	if (p > PATH_END || p < len + 1) {
		r->flags |= VAKT_RF_TRUNCATED;
		return 0;
	}
	p -= len;
	BOUND(p, PATH_END - 1);
	bpf_probe_read_kernel(&r->s->path[p], len, name);
	p -= 1;
	BOUND(p, PATH_END - 1);
	r->s->path[p] = '/';
	*pos = p;
	return 1;
}

/* Copy the path that starts at pos into the record at base + rel, with its
 * NUL ("/" when empty); returns the new rel. */
static __always_inline __u32 path_emit(struct rb *r, __u8 *base, __u32 rel, __u32 pos)
{
	__u32 n;

	rel = widen(r, rel);
	BOUND(rel, STR_MASK);
	pos = widen(r, pos);
	if (pos >= PATH_END) {
		base[rel] = '/';
		base[rel + 1] = 0;
		return rel + 2;
	}
	BOUND(pos, PATH_END - 1);
	n = PATH_END - pos;
	BOUND(n, PATH_END - 1);
	if (rel + n + 1 > VAKT_STR_MAX) {
		r->flags |= VAKT_RF_TRUNCATED;
		n = 0;
	}
	bpf_probe_read_kernel(base + rel, n, &r->s->path[pos]);
	rel += n;
	BOUND(rel, 2 * VAKT_STR_MAX - 1);
	base[rel] = 0;
	return rel + 1;
}

/*
 * The path of a dentry as seen from the root of its mount namespace,
 * crossing mounts as d_path() does (it cannot be called from here).
 */
static __always_inline void put_dpath(struct rb *r, __u16 id, struct dentry *d, struct vfsmount *vm)
{
	__u64 moff = bpf_core_field_offset(struct mount, mnt);
	struct mount *m = (void *)vm - moff;
	__u32 pos = PATH_END, o, rel;

	if (!room(r) || !d || !vm)
		return;
	for (int i = 0; i < VAKT_PATH_DEP; i++) {
		struct dentry *root = BPF_CORE_READ(vm, mnt_root);
		struct dentry *parent = BPF_CORE_READ(d, d_parent);

		if (d == root || d == parent) {
			struct mount *mp;

			if (d != root)
				break;
			mp = BPF_CORE_READ(m, mnt_parent);
			if (!mp || mp == m)
				break;
			d = BPF_CORE_READ(m, mnt_mountpoint);
			m = mp;
			vm = (void *)mp + moff;
			continue;
		}
		if (!path_push(r, &pos, BPF_CORE_READ(d, d_name.name),
		               BPF_CORE_READ(d, d_name.len)))
			break;
		d = parent;
	}
	o = r->off;
	BOUND(o, OFF_MASK);
	rel = path_emit(r, &r->s->buf[o + 4], 0, pos);
	BOUND(rel, 0x1fff);
	put_hdr(r, o, id, rel);
	r->off = o + 4 + rel;
}

static __always_inline struct kernfs_node *kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(((struct kernfs_node___new *)0)->__parent))
		return BPF_CORE_READ((struct kernfs_node___new *)kn, __parent);
	return BPF_CORE_READ((struct kernfs_node___old *)kn, parent);
}

/* "name=/path" of one cgroup at base + rel; returns the new rel. */
static __always_inline __u32 put_cgroup(struct rb *r, __u8 *base, __u32 rel, const char *name,
                                        struct cgroup *cg)
{
	struct kernfs_node *kn = BPF_CORE_READ(cg, kn);
	__u32 pos = PATH_END;
	long k;

	for (int j = 0; j < VAKT_CG_DEP; j++) {
		struct kernfs_node *p = kn_parent(kn);

		if (!p)
			break;
		/* kernfs names carry no length: read into name_tmp to learn it */
		k = bpf_probe_read_kernel_str(r->s->name_tmp, NAME_MAX_, BPF_CORE_READ(kn, name));
		if (k < 2 || !path_push(r, &pos, r->s->name_tmp, k - 1))
			break;
		kn = p;
	}
	rel = widen(r, rel);
	BOUND(rel, STR_MASK);
	k = bpf_probe_read_kernel_str(base + rel, 32, name);
	if (k > 1)
		rel += (k - 1) & 31;
	base[rel++] = '=';
	return path_emit(r, base, rel, pos);
}

/* Falco's cgroups parameter, one entry per controller, then the v2 hierarchy. */
static __always_inline void put_cgroups(struct rb *r, struct task_struct *t)
{
	struct css_set *cs = BPF_CORE_READ(t, cgroups);
	int nsub = bpf_core_enum_value(enum cgroup_subsys_id, CGROUP_SUBSYS_COUNT);
	void *subsys = (void *)cs + bpf_core_field_offset(struct css_set, subsys);
	__u32 o, rel = 0;
	__u8 *base;

	if (!room(r) || !cs)
		return;
	o = r->off;
	BOUND(o, OFF_MASK);
	base = &r->s->buf[o + 4];
	for (int i = 0; i < VAKT_CG_SUBS; i++) {
		struct cgroup_subsys_state *css = NULL;

		if (i >= nsub)
			break;
		rel = widen(r, rel);
		if (rel > VAKT_STR_MAX - 256) {
			r->flags |= VAKT_RF_TRUNCATED;
			break;
		}
		bpf_probe_read_kernel(&css, sizeof(css), subsys + i * sizeof(void *));
		if (css)
			rel = put_cgroup(r, base, rel, BPF_CORE_READ(css, ss, name),
			                 BPF_CORE_READ(css, cgroup));
	}
	rel = widen(r, rel);
	if (rel <= VAKT_STR_MAX - 256)
		rel = put_cgroup(r, base, rel, "unified", BPF_CORE_READ(cs, dfl_cgrp));
	BOUND(rel, 0x1fff);
	put_hdr(r, o, VAKT_P_CGROUPS, rel);
	r->off = o + 4 + rel;
}

/* argv, read from the current task's address space (the exec'd image's, or
 * the forking parent's, which the child's copy equals). */
static __always_inline void put_argv(struct rb *r, struct task_struct *t)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	__u64 s, e, n;
	__u32 o;

	if (!mm || !room(r))
		return;
	s = BPF_CORE_READ(mm, arg_start);
	e = BPF_CORE_READ(mm, arg_end);
	if (e <= s)
		return;
	n = e - s;
	if (n > VAKT_STR_MAX)
		n = VAKT_STR_MAX;
	BOUND(n, 0x1fff);
	o = r->off;
	BOUND(o, OFF_MASK);
	if (bpf_probe_read_user(&r->s->buf[o + 4], n, (void *)s)) {
		fault(r);
		return;
	}
	r->s->buf[(o + 4 + n - 1) & (SCRATCH - 1)] = 0; /* a cut argument still ends */
	put_hdr(r, o, VAKT_P_ARGS, n);
	r->off = o + 4 + n;
}

static __always_inline __u64 ts_ns(__s64 sec, __u64 nsec)
{
	return (__u64)sec * 1000000000ull + nsec;
}

static __always_inline __u64 ino_ctime(struct inode *ino)
{
	struct inode___times *i = (void *)ino;

	if (bpf_core_field_exists(i->i_ctime_sec))
		/* 6.13+ keeps a flag in the top bit of i_ctime_nsec (multigrain timestamps) */
		return ts_ns(BPF_CORE_READ(i, i_ctime_sec),
		             BPF_CORE_READ(i, i_ctime_nsec) & 0x3fffffff);
	if (bpf_core_field_exists(i->__i_ctime))
		return ts_ns(BPF_CORE_READ(i, __i_ctime.tv_sec),
		             BPF_CORE_READ(i, __i_ctime.tv_nsec));
	return ts_ns(BPF_CORE_READ(i, i_ctime.tv_sec), BPF_CORE_READ(i, i_ctime.tv_nsec));
}

static __always_inline __u64 ino_mtime(struct inode *ino)
{
	struct inode___times *i = (void *)ino;

	if (bpf_core_field_exists(i->i_mtime_sec))
		return ts_ns(BPF_CORE_READ(i, i_mtime_sec), BPF_CORE_READ(i, i_mtime_nsec));
	if (bpf_core_field_exists(i->__i_mtime))
		return ts_ns(BPF_CORE_READ(i, __i_mtime.tv_sec),
		             BPF_CORE_READ(i, __i_mtime.tv_nsec));
	return ts_ns(BPF_CORE_READ(i, i_mtime.tv_sec), BPF_CORE_READ(i, i_mtime.tv_nsec));
}

/* The executable's flags: who may write it, overlayfs layer, memfd. */
static __always_inline __u32 exe_flags(struct file *f, struct inode *ino, const struct cred *cr,
                                       __u64 cap_eff)
{
	__u32 fl = 0, mode = BPF_CORE_READ(ino, i_mode);
	__u32 fsuid = BPF_CORE_READ(cr, fsuid.val), fsgid = BPF_CORE_READ(cr, fsgid.val);
	char name[6] = {};

	if ((mode & 0002) || ((mode & 0200) && fsuid == BPF_CORE_READ(ino, i_uid.val)) ||
	    ((mode & 0020) && fsgid == BPF_CORE_READ(ino, i_gid.val)) ||
	    (cap_eff & (1ull << CAP_DAC_OVERRIDE_)))
		fl |= VAKT_EXE_WRITABLE;
	if (BPF_CORE_READ(ino, i_sb, s_magic) == OVERLAYFS_MAGIC_) {
		struct dentry *upper = NULL;

		if (bpf_core_type_exists(struct ovl_inode___vakt)) {
			struct ovl_inode___vakt *oi =
			    (void *)ino - bpf_core_field_offset(struct ovl_inode___vakt, vfs_inode);
			upper = BPF_CORE_READ(oi, __upperdentry);
		} else {
			/* __upperdentry has followed vfs_inode in struct ovl_inode since 4.x */
			bpf_probe_read_kernel(&upper, sizeof(upper),
			                      (void *)ino + bpf_core_type_size(struct inode));
		}
		fl |= upper ? VAKT_EXE_UPPER_LAYER : VAKT_EXE_LOWER_LAYER;
	}
	bpf_probe_read_kernel(name, sizeof(name), BPF_CORE_READ(f, f_path.dentry, d_name.name));
	if (name[0] == 'm' && name[1] == 'e' && name[2] == 'm' && name[3] == 'f' &&
	    name[4] == 'd' && name[5] == ':')
		fl |= VAKT_EXE_FROM_MEMFD;
	return fl;
}

/* A task's id in its own pid namespace, and that namespace's inode. */
static __always_inline __u32 pid_vnr(struct pid *pid, __u32 *ns_ino)
{
	__u32 level = BPF_CORE_READ(pid, level);
	struct upid *up = (void *)pid + bpf_core_field_offset(struct pid, numbers) +
	                  (level & 31) * bpf_core_type_size(struct upid);

	if (ns_ino)
		*ns_ino = BPF_CORE_READ(up, ns, ns.inum);
	return BPF_CORE_READ(up, nr);
}

static __always_inline void fill_proc(struct vakt_proc *p, struct task_struct *t, struct file *exe)
{
	const struct cred *cr = BPF_CORE_READ(t, cred);
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);

	bpf_core_read(&p->cap_inheritable, sizeof(__u64), &cr->cap_inheritable);
	bpf_core_read(&p->cap_permitted, sizeof(__u64), &cr->cap_permitted);
	bpf_core_read(&p->cap_effective, sizeof(__u64), &cr->cap_effective);
	p->uid = BPF_CORE_READ(cr, euid.val);
	p->gid = BPF_CORE_READ(cr, egid.val);
	p->ptid = BPF_CORE_READ(t, real_parent, tgid);
	p->vtid = pid_vnr(BPF_CORE_READ(t, thread_pid), &p->pidns_ino);
	p->vpid = pid_vnr(BPF_CORE_READ(t, group_leader, thread_pid), NULL);
	p->mntns_ino = BPF_CORE_READ(t, nsproxy, mnt_ns, ns.inum);
	p->loginuid = (__u32)-1;
	if (bpf_core_field_exists(t->loginuid))
		p->loginuid = BPF_CORE_READ(t, loginuid.val);
	p->tty = 0;
	if (tty) {
		__u32 major = BPF_CORE_READ(tty, driver, major);
		__u32 minor = BPF_CORE_READ(tty, driver, minor_start) + BPF_CORE_READ(tty, index);

		p->tty = (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
	}
	p->exe_ino = p->exe_ino_ctime = p->exe_ino_mtime = 0;
	p->exe_flags = 0;
	if (exe) {
		struct inode *ino = BPF_CORE_READ(exe, f_inode);

		p->exe_ino = BPF_CORE_READ(ino, i_ino);
		p->exe_ino_ctime = ino_ctime(ino);
		p->exe_ino_mtime = ino_mtime(ino);
		p->exe_flags = exe_flags(exe, ino, cr, p->cap_effective);
	}
}

/* The facts EXEC and FORK records share, of task t whose image is exe. */
static __always_inline void put_task(struct rb *r, struct task_struct *t, struct file *exe)
{
	struct vakt_proc p;

	fill_proc(&p, t, exe);
	put_kbytes(r, VAKT_P_PROC, &p, sizeof(p));
	put_kstr(r, VAKT_P_COMM, __builtin_preserve_access_index(&t->comm));
	if (exe)
		put_dpath(r, VAKT_P_EXEPATH, BPF_CORE_READ(exe, f_path.dentry),
		          BPF_CORE_READ(exe, f_path.mnt));
}

static __always_inline void put_task_tail(struct rb *r, struct task_struct *t)
{
	struct fs_struct *fs = BPF_CORE_READ(t, fs);

	put_argv(r, t);
	if (fs)
		put_dpath(r, VAKT_P_CWD, BPF_CORE_READ(fs, pwd.dentry), BPF_CORE_READ(fs, pwd.mnt));
	put_cgroups(r, t);
}

/* The syscall the current task is in, from its saved registers (5.15+). */
static __always_inline __u16 current_nr(struct pt_regs **regs)
{
	*regs = NULL;
	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_task_pt_regs)) {
		struct pt_regs *rg = (void *)bpf_task_pt_regs(bpf_get_current_task_btf());
		long nr = BPF_CORE_READ(rg, orig_ax);

		*regs = rg;
		if (nr >= 0 && nr < VAKT_NR_MAX)
			return nr;
	}
	return VAKT_NR_NONE;
}

static __always_inline struct file *fd_file(long fd)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
	struct file **fds;
	struct file *f = NULL;

	if (fd < 0 || !fdt || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	fds = BPF_CORE_READ(fdt, fd);
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd & 0xffffff]);
	return f;
}

/* The socket tuple of fd, from the kernel's socket. */
static __always_inline void put_tuple(struct rb *r, long fd)
{
	struct file *f = fd_file(fd);
	struct vakt_tuple tu = {};
	struct socket *so;
	struct sock *sk;
	__u32 o, n = 0;

	if (!f || !room(r))
		return;
	if ((BPF_CORE_READ(f, f_inode, i_mode) & 0170000) != 0140000)
		return;
	so = BPF_CORE_READ(f, private_data);
	sk = BPF_CORE_READ(so, sk);
	if (!sk)
		return;
	tu.family = BPF_CORE_READ(sk, __sk_common.skc_family);
	tu.l4proto = BPF_CORE_READ_BITFIELD_PROBED(sk, sk_protocol);
	if (tu.family == AF_INET_) {
		BPF_CORE_READ_INTO(&tu.saddr, sk, __sk_common.skc_rcv_saddr);
		BPF_CORE_READ_INTO(&tu.daddr, sk, __sk_common.skc_daddr);
	} else if (tu.family == AF_INET6_) {
		BPF_CORE_READ_INTO(&tu.saddr, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO(&tu.daddr, sk, __sk_common.skc_v6_daddr);
	}
	if (tu.family == AF_INET_ || tu.family == AF_INET6_) {
		tu.sport = BPF_CORE_READ(sk, __sk_common.skc_num);
		tu.dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	}
	o = r->off;
	BOUND(o, OFF_MASK);
	if (bpf_probe_read_kernel(&r->s->buf[o + 4], sizeof(tu), &tu))
		return;
	if (tu.family == AF_UNIX_) {
		/* The peer's bound path (connect), else the socket's own (accept). */
		struct unix_sock *us = (void *)sk;
		struct unix_address *ua = NULL;
		struct sock *peer = BPF_CORE_READ(us, peer);
		int len;

		if (peer)
			ua = BPF_CORE_READ((struct unix_sock *)peer, addr);
		if (!ua)
			ua = BPF_CORE_READ(us, addr);
		len = ua ? BPF_CORE_READ(ua, len) - 2 : 0; /* less sun_family */
		if (len > 0) {
			n = len > 108 ? 108 : len;
			BOUND(n, 127);
			if (bpf_probe_read_kernel(
			        &r->s->buf[o + 4 + sizeof(tu)], n,
			        (void *)ua + bpf_core_field_offset(struct unix_address, name) + 2))
				n = 0;
		}
	}
	put_hdr(r, o, VAKT_P_TUPLE, sizeof(tu) + n);
	r->off = o + 4 + sizeof(tu) + n;
}

static __always_inline void put_creds(struct rb *r)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	const struct cred *cr = BPF_CORE_READ(t, cred);
	struct vakt_creds c;

	bpf_core_read(&c.cap_inheritable, sizeof(__u64), &cr->cap_inheritable);
	bpf_core_read(&c.cap_permitted, sizeof(__u64), &cr->cap_permitted);
	bpf_core_read(&c.cap_effective, sizeof(__u64), &cr->cap_effective);
	c.uid = BPF_CORE_READ(cr, uid.val);
	c.gid = BPF_CORE_READ(cr, gid.val);
	c.euid = BPF_CORE_READ(cr, euid.val);
	c.egid = BPF_CORE_READ(cr, egid.val);
	put_kbytes(r, VAKT_P_CREDS, &c, sizeof(c));
}

/* A 32-bit syscall of an ia32 process: its numbers are not x86_64's. */
static __always_inline int is_compat(void)
{
	if (!bpf_core_field_exists(((struct thread_info *)0)->status))
		return 0;
	/* A BTF pointer (5.11+) reads with plain loads, the older way with a helper call. */
	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf))
		return bpf_get_current_task_btf()->thread_info.status & TS_COMPAT_;
	return BPF_CORE_READ((struct task_struct *)bpf_get_current_task(), thread_info.status) &
	       TS_COMPAT_;
}

/* The spec bits that add parameters to a record. */
#define SPEC_PARAMS ((1u << 29) - 1)

/*
 * A syscall with no parameters beyond its arguments (close, dup, kill, ...),
 * the most frequent kind: written straight into the ring, without the
 * scratch area and the copy out of it.
 */
static __always_inline int put_bare(struct pt_regs *regs, __u32 nr, __u64 pt, long ret)
{
	__u32 zero = 0;
	struct vakt_counters *c = bpf_map_lookup_elem(&vakt_counters, &zero);
	struct vakt_rec *h;

	if (!c)
		return 0;
	h = bpf_ringbuf_reserve(&vakt_ring, sizeof(*h), 0);
	if (!h) {
		__sync_fetch_and_add(&c->drops, 1);
		return 0;
	}
	h->res = ret;
	h->args[0] = regs->di;
	h->args[1] = regs->si;
	h->args[2] = regs->dx;
	h->args[3] = regs->r10;
	h->args[4] = regs->r8;
	h->args[5] = regs->r9;
	h->len = sizeof(*h);
	h->tid = (__u32)pt;
	h->pid = pt >> 32;
	h->kind = VAKT_REC_SYSCALL;
	h->nr = nr;
	h->cpu = bpf_get_smp_processor_id();
	h->flags = 0;
	h->pad = 0;
	h->ts = bpf_ktime_get_boot_ns();
	bpf_ringbuf_submit(h, BPF_RB_NO_WAKEUP);
	__sync_fetch_and_add(&c->events, 1);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(vakt_sys_exit, struct pt_regs *regs, long ret)
{
	__u64 pt = bpf_get_current_pid_tgid();
	__u64 a[6];
	long nr = regs->orig_ax; /* regs is a typed tracepoint argument: plain loads */
	__u32 sp, key;
	struct rb r;
	int k;

	if ((__u32)(pt >> 32) == vakt_self_tgid || nr < 0 || nr >= VAKT_NR_MAX)
		return 0;
	key = nr;
	if (!want(key))
		return 0;
	sp = vakt_spec[key & (VAKT_NR_MAX - 1)];
	if (!(sp & SPEC_KNOWN) || is_compat())
		return 0;
	/* A clone's child and a successful exec come from the sched_process_* programs. */
	if ((sp & (VAKT_SP_CLONE | VAKT_SP_EXEC)) && ret == 0)
		return 0;
	if (!(sp & SPEC_PARAMS))
		return put_bare(regs, key, pt, ret);
	if (!rb_begin(&r, PROG_SYSCALL, VAKT_REC_SYSCALL, key, (__u32)pt, pt >> 32, ret))
		return 0;
	a[0] = regs->di;
	a[1] = regs->si;
	a[2] = regs->dx;
	a[3] = regs->r10;
	a[4] = regs->r8;
	a[5] = regs->r9;
	for (int i = 0; i < 6; i++)
		((struct vakt_rec *)r.s->buf)->args[i] = a[i];

	for (int i = 0; i < 3; i++) {
		k = VAKT_SP_STR_ARG(sp, i);
		if (k >= 0 && k < 6)
			put_ustr(&r, VAKT_P_ARGSTR + k, (const void *)a[k]);
	}
	if (sp & VAKT_SP_PRCTL && a[0] == PR_SET_NAME_)
		put_ustr(&r, VAKT_P_ARGSTR + 1, (const void *)a[1]);
	k = VAKT_SP_USA_PTR(sp);
	if (k >= 0 && k < 6) {
		int l = VAKT_SP_USA_LEN(sp);

		if (l >= 0 && l < 6)
			put_ubytes(&r, VAKT_P_USOCKADDR, (const void *)a[k], a[l], VAKT_USA_MAX);
	}
	if (sp & VAKT_SP_MSGHDR) {
		struct user_msghdr mh = {};

		if (!bpf_probe_read_user(&mh, sizeof(mh), (const void *)a[1]))
			put_ubytes(&r, VAKT_P_USOCKADDR, mh.msg_name, mh.msg_namelen, VAKT_USA_MAX);
	}
	if (VAKT_SP_TUPLE(sp) == 1)
		put_tuple(&r, (long)a[0]);
	else if (VAKT_SP_TUPLE(sp) == 2 && ret >= 0)
		put_tuple(&r, ret);
	k = VAKT_SP_STRUCT_ARG(sp);
	if (k >= 0 && k < 6)
		put_ubytes(&r, VAKT_P_STRUCT, (const void *)a[k], VAKT_SP_STRUCT_LEN(sp), 504);
	if (sp & VAKT_SP_CREDS)
		put_creds(&r);
	rb_submit(&r);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(vakt_exec, struct task_struct *t, pid_t old_pid, struct linux_binprm *bprm)
{
	__u64 pt = bpf_get_current_pid_tgid();
	struct pt_regs *regs;
	__u16 nr = current_nr(&regs);
	struct file *exe = BPF_CORE_READ(bprm, file);
	struct rb r;

	if ((__u32)(pt >> 32) == vakt_self_tgid || !want(nr == 322 ? 322 : 59))
		return 0;
	if (!rb_begin(&r, PROG_EXEC, VAKT_REC_EXEC, nr, (__u32)pt, pt >> 32, 0))
		return 0;
	((struct vakt_rec *)r.s->buf)->args[0] = old_pid;
	put_task(&r, t, exe);
	put_kstr(&r, VAKT_P_FILENAME, BPF_CORE_READ(bprm, filename));
	put_task_tail(&r, t);
	rb_submit(&r);
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(vakt_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 tgid = BPF_CORE_READ(child, tgid);
	struct pt_regs *regs;
	__u16 nr = current_nr(&regs);
	__u64 flags = 0;
	struct rb r;

	/* The parent may be the loader itself: the child is what counts. */
	if (tgid == vakt_self_tgid || (BPF_CORE_READ(child, flags) & PF_KTHREAD_))
		return 0;
	if (!want(nr == 57 || nr == 58 || nr == 435 ? nr : 56))
		return 0;
	if (!rb_begin(&r, PROG_FORK, VAKT_REC_FORK, nr, BPF_CORE_READ(child, pid), tgid, 0))
		return 0;
	/* The clone flags: clone's first argument, clone3's clone_args.flags. */
	if (regs && nr == 56)
		flags = BPF_CORE_READ(regs, di);
	else if (regs && nr == 435)
		bpf_probe_read_user(&flags, sizeof(flags), (void *)BPF_CORE_READ(regs, di));
	((struct vakt_rec *)r.s->buf)->args[0] = flags;
	put_task(&r, child, BPF_CORE_READ(child, mm, exe_file));
	put_task_tail(&r, child);
	rb_submit(&r);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(vakt_exit, struct task_struct *t)
{
	__u64 pt = bpf_get_current_pid_tgid();
	struct rb r;

	if ((__u32)(pt >> 32) == vakt_self_tgid || (BPF_CORE_READ(t, flags) & PF_KTHREAD_) ||
	    !want(VAKT_SLOT_PROCEXIT))
		return 0;
	if (!rb_begin(&r, PROG_EXIT, VAKT_REC_EXIT, VAKT_NR_NONE, (__u32)pt, pt >> 32, 0))
		return 0;
	((struct vakt_rec *)r.s->buf)->args[0] = BPF_CORE_READ(t, exit_code);
	rb_submit(&r);
	return 0;
}
