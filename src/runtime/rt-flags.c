/* SPDX-License-Identifier: MIT */
/*
 * Flag sets and enumerations rendered as Falco renders them. Each table
 * lists Falco's names in the order of its flag tables (driver/flags_table.c):
 * the order decides the text, so O_WRONLY|O_CREAT|O_TRUNC reads
 * "O_TRUNC|O_CREAT|O_WRONLY" as it does in Falco's alerts. Values are the
 * kernel's; open flags first pass through Falco's bits (rt_open_flags_ppm).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "rt-flags.h"

struct flag_name {
	const char *name;
	uint32_t value;
};

/* Falco's open flag bits (PPM_O_*) in its table order. */
static const struct flag_name open_flags[] = {
    {"O_LARGEFILE", 1u << 11},
    {"O_DIRECTORY", 1u << 10},
    {"O_DIRECT", 1u << 9},
    {"O_TRUNC", 1u << 8},
    {"O_SYNC", 1u << 7},
    {"O_NONBLOCK", 1u << 6},
    {"O_EXCL", 1u << 5},
    {"O_DSYNC", 1u << 4},
    {"O_APPEND", 1u << 3},
    {"O_CREAT", 1u << 2},
    {"O_RDWR", 3},
    {"O_WRONLY", 1u << 1},
    {"O_RDONLY", 1u << 0},
    {"O_CLOEXEC", 1u << 12},
    {"O_NONE", 0},
    {"O_TMPFILE", 1u << 13},
    {"O_F_CREATED", 1u << 14},
};

/* Kernel open flags (x86-64, octal as in the uapi headers). */
#define K_O_ACCMODE   03u
#define K_O_WRONLY    01u
#define K_O_RDWR      02u
#define K_O_CREAT     0100u
#define K_O_EXCL      0200u
#define K_O_TRUNC     01000u
#define K_O_APPEND    02000u
#define K_O_NONBLOCK  04000u
#define K_O_DSYNC     010000u
#define K_O_DIRECT    040000u
#define K_O_LARGEFILE 0100000u
#define K_O_DIRECTORY 0200000u
#define K_O_CLOEXEC   02000000u
#define K_O_SYNC      04000000u  /* __O_SYNC: O_SYNC is this with O_DSYNC */
#define K_O_TMPFILE   020000000u /* __O_TMPFILE */

uint32_t rt_open_flags_ppm(uint32_t k)
{
	static const struct {
		uint32_t kernel, ppm;
	} map[] = {
	    {K_O_CREAT, 1u << 2},       {K_O_APPEND, 1u << 3},   {K_O_DSYNC, 1u << 4},
	    {K_O_EXCL, 1u << 5},        {K_O_NONBLOCK, 1u << 6}, {K_O_SYNC, 1u << 7},
	    {K_O_TRUNC, 1u << 8},       {K_O_DIRECT, 1u << 9},   {K_O_DIRECTORY, 1u << 10},
	    {K_O_LARGEFILE, 1u << 11},  {K_O_CLOEXEC, 1u << 12}, {K_O_TMPFILE, 1u << 13},
	    {RT_O_F_CREATED, 1u << 14},
	};
	uint32_t p = 0;

	switch (k & K_O_ACCMODE) {
	case K_O_WRONLY:
		p = RT_PPM_O_WRONLY;
		break;
	case K_O_RDWR:
		p = RT_PPM_O_RDONLY | RT_PPM_O_WRONLY;
		break;
	case 0:
		p = RT_PPM_O_RDONLY;
		break;
	default: /* 3: no access, only ioctls (Falco: none of the three) */
		break;
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(map); i++)
		if (k & map[i].kernel)
			p |= map[i].ppm;
	return p;
}

static const struct flag_name clone_flags[] = {
    {"CLONE_FILES", 0x400},
    {"CLONE_FS", 0x200},
    {"CLONE_IO", 0x80000000u},
    {"CLONE_NEWIPC", 0x08000000},
    {"CLONE_NEWNET", 0x40000000},
    {"CLONE_NEWNS", 0x00020000},
    {"CLONE_NEWPID", 0x20000000},
    {"CLONE_NEWUTS", 0x04000000},
    {"CLONE_PARENT", 0x8000},
    {"CLONE_PARENT_SETTID", 0x00100000},
    {"CLONE_PTRACE", 0x2000},
    {"CLONE_SIGHAND", 0x800},
    {"CLONE_SYSVSEM", 0x00040000},
    {"CLONE_THREAD", 0x00010000},
    {"CLONE_UNTRACED", 0x00800000},
    {"CLONE_VM", 0x100},
    {"CLONE_NEWUSER", 0x10000000},
    {"CLONE_CHILD_CLEARTID", 0x00200000},
    {"CLONE_CHILD_SETTID", 0x01000000},
    {"CLONE_SETTLS", 0x00080000},
    {"CLONE_VFORK", 0x4000},
    {"CLONE_NEWCGROUP", 0x02000000},
};

/* Falco writes mount flags without the MS_ prefix. */
static const struct flag_name mount_flags[] = {
    {"RDONLY", 1u << 0},      {"NOSUID", 1u << 1},       {"NODEV", 1u << 2},
    {"NOEXEC", 1u << 3},      {"SYNCHRONOUS", 1u << 4},  {"REMOUNT", 1u << 5},
    {"MANDLOCK", 1u << 6},    {"DIRSYNC", 1u << 7},      {"NOATIME", 1u << 10},
    {"NODIRATIME", 1u << 11}, {"BIND", 1u << 12},        {"MOVE", 1u << 13},
    {"REC", 1u << 14},        {"SILENT", 1u << 15},      {"POSIXACL", 1u << 16},
    {"UNBINDABLE", 1u << 17}, {"PRIVATE", 1u << 18},     {"SLAVE", 1u << 19},
    {"SHARED", 1u << 20},     {"RELATIME", 1u << 21},    {"KERNMOUNT", 1u << 22},
    {"I_VERSION", 1u << 23},  {"STRICTATIME", 1u << 24}, {"LAZYTIME", 1u << 25},
    {"NOSEC", 1u << 28},      {"BORN", 1u << 29},        {"ACTIVE", 1u << 30},
    {"NOUSER", 1u << 31},
};

/* Enumerations: every name equal to the value, joined (AF_LOCAL|AF_UNIX). */
static const struct flag_name socket_families[] = {
    {"AF_NFC", 39},       {"AF_ALG", 38},      {"AF_CAIF", 37},    {"AF_IEEE802154", 36},
    {"AF_PHONET", 35},    {"AF_ISDN", 34},     {"AF_RXRPC", 33},   {"AF_IUCV", 32},
    {"AF_BLUETOOTH", 31}, {"AF_TIPC", 30},     {"AF_CAN", 29},     {"AF_LLC", 26},
    {"AF_WANPIPE", 25},   {"AF_PPPOX", 24},    {"AF_IRDA", 23},    {"AF_SNA", 22},
    {"AF_RDS", 21},       {"AF_ATMSVC", 20},   {"AF_ECONET", 19},  {"AF_ASH", 18},
    {"AF_PACKET", 17},    {"AF_ROUTE", 16},    {"AF_NETLINK", 16}, {"AF_KEY", 15},
    {"AF_SECURITY", 14},  {"AF_NETBEUI", 13},  {"AF_DECnet", 12},  {"AF_ROSE", 11},
    {"AF_INET6", 10},     {"AF_X25", 9},       {"AF_ATMPVC", 8},   {"AF_BRIDGE", 7},
    {"AF_NETROM", 6},     {"AF_APPLETALK", 5}, {"AF_IPX", 4},      {"AF_AX25", 3},
    {"AF_INET", 2},       {"AF_LOCAL", 1},     {"AF_UNIX", 1},     {"AF_UNSPEC", 0},
};

static const struct flag_name ptrace_requests[] = {
    {"PTRACE_TRACEME", 0},
    {"PTRACE_PEEKTEXT", 1},
    {"PTRACE_PEEKDATA", 2},
    {"PTRACE_PEEKUSR", 3},
    {"PTRACE_POKETEXT", 4},
    {"PTRACE_POKEDATA", 5},
    {"PTRACE_POKEUSR", 6},
    {"PTRACE_CONT", 7},
    {"PTRACE_KILL", 8},
    {"PTRACE_SINGLESTEP", 9},
    {"PTRACE_GETREGS", 12},
    {"PTRACE_SETREGS", 13},
    {"PTRACE_GETFPREGS", 14},
    {"PTRACE_SETFPREGS", 15},
    {"PTRACE_ATTACH", 16},
    {"PTRACE_DETACH", 17},
    {"PTRACE_GETFPXREGS", 18},
    {"PTRACE_SETFPXREGS", 19},
    {"PTRACE_OLDSETOPTIONS", 21},
    {"PTRACE_SYSCALL", 24},
    {"PTRACE_GET_THREAD_AREA", 25},
    {"PTRACE_SET_THREAD_AREA", 26},
    {"PTRACE_ARCH_PRCTL", 30},
    {"PTRACE_SYSEMU", 31},
    {"PTRACE_SYSEMU_SINGLESTEP", 32},
    {"PTRACE_SINGLEBLOCK", 33},
    {"PTRACE_SETOPTIONS", 0x4200},
    {"PTRACE_GETEVENTMSG", 0x4201},
    {"PTRACE_GETSIGINFO", 0x4202},
    {"PTRACE_SETSIGINFO", 0x4203},
    {"PTRACE_GETREGSET", 0x4204},
    {"PTRACE_SETREGSET", 0x4205},
    {"PTRACE_SEIZE", 0x4206},
    {"PTRACE_INTERRUPT", 0x4207},
    {"PTRACE_LISTEN", 0x4208},
    {"PTRACE_PEEKSIGINFO", 0x4209},
    {"PTRACE_GETSIGMASK", 0x420a},
    {"PTRACE_SETSIGMASK", 0x420b},
};

static const struct flag_name prctl_options[] = {
    {"PR_GET_DUMPABLE", 3},
    {"PR_SET_DUMPABLE", 4},
    {"PR_GET_KEEPCAPS", 7},
    {"PR_SET_KEEPCAPS", 8},
    {"PR_SET_NAME", 15},
    {"PR_GET_NAME", 16},
    {"PR_GET_SECCOMP", 21},
    {"PR_SET_SECCOMP", 22},
    {"PR_CAPBSET_READ", 23},
    {"PR_CAPBSET_DROP", 24},
    {"PR_GET_SECUREBITS", 27},
    {"PR_SET_SECUREBITS", 28},
    {"PR_MCE_KILL", 33},
    {"PR_SET_MM", 35},
    {"PR_SET_CHILD_SUBREAPER", 36},
    {"PR_GET_CHILD_SUBREAPER", 37},
    {"PR_SET_NO_NEW_PRIVS", 38},
    {"PR_GET_NO_NEW_PRIVS", 39},
    {"PR_GET_TID_ADDRESS", 40},
    {"PR_SET_THP_DISABLE", 41},
    {"PR_GET_THP_DISABLE", 42},
    {"PR_CAP_AMBIENT", 47},
};

/*
 * One table for the *at flags of unlinkat, linkat, fchownat and execveat
 * (Falco has one per syscall; each uses a subset of these bits).
 */
static const struct flag_name at_flags[] = {
    {"AT_REMOVEDIR", 0x200},
    {"AT_SYMLINK_FOLLOW", 0x400},
    {"AT_EMPTY_PATH", 0x1000},
    {"AT_SYMLINK_NOFOLLOW", 0x100},
};

static const struct flag_name rename_flags[] = {
    {"RENAME_NOREPLACE", 1u << 0},
    {"RENAME_EXCHANGE", 1u << 1},
    {"RENAME_WHITEOUT", 1u << 2},
};

static const struct flag_name memfd_flags[] = {
    {"MFD_CLOEXEC", 1u << 0},
    {"MFD_ALLOW_SEALING", 1u << 1},
    {"MFD_HUGETLB", 1u << 2},
};

static const struct flag_name prot_flags[] = {
    {"PROT_READ", 1u << 0},
    {"PROT_WRITE", 1u << 1},
    {"PROT_EXEC", 1u << 2},
    {"PROT_SEM", 1u << 3},
    {"PROT_GROWSDOWN", 0x01000000},
    {"PROT_GROWSUP", 0x02000000},
    {"PROT_SAO", 0x10},
    {"PROT_NONE", 0},
};

static const struct flag_name exe_flags[] = {
    {"EXE_WRITABLE", RT_EXE_WRITABLE},
    {"EXE_UPPER_LAYER", RT_EXE_UPPER_LAYER},
    {"EXE_FROM_MEMFD", RT_EXE_FROM_MEMFD},
    {"EXE_LOWER_LAYER", RT_EXE_LOWER_LAYER},
};

static const struct flag_name sock_types[] = {
    {"SOCK_STREAM", 1},    {"SOCK_DGRAM", 2}, {"SOCK_RAW", 3},     {"SOCK_RDM", 4},
    {"SOCK_SEQPACKET", 5}, {"SOCK_DCCP", 6},  {"SOCK_PACKET", 10},
};

/* Append "|name" (or "name" first) when it fits; false when buf is full. */
static bool append_name(char *buf, size_t cap, size_t *len, const char *name)
{
	size_t n = strlen(name), sep = *len ? 1 : 0;

	if (*len + sep + n + 1 > cap)
		return false;
	if (sep)
		buf[(*len)++] = '|';
	memcpy(buf + *len, name, n);
	*len += n;
	buf[*len] = '\0';
	return true;
}

/*
 * Falco's flag rendering: each table entry whose bits are all still set in
 * the value is written and its bits cleared, so a combined entry (O_RDWR)
 * hides its parts; a zero entry only names a zero value.
 */
static size_t render_bits(const struct flag_name *t, size_t n, uint32_t v, char *buf, size_t cap)
{
	size_t len = 0;
	uint32_t left = v;

	for (size_t i = 0; i < n; i++) {
		bool match = (t[i].value == 0 && v == 0) ||
		             (t[i].value != 0 && left != 0 && (left & t[i].value) == t[i].value);

		if (!match)
			continue;
		left &= ~t[i].value;
		if (!append_name(buf, cap, &len, t[i].name))
			break;
		if (t[i].value == v)
			break;
	}
	return len;
}

static size_t render_enum(const struct flag_name *t, size_t n, uint32_t v, char *buf, size_t cap)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++)
		if (t[i].value == v && !append_name(buf, cap, &len, t[i].name))
			break;
	return len;
}

#define RENDER_BITS(t, v) render_bits(t, VAKT_ARRAY_SIZE(t), v, buf, cap)
#define RENDER_ENUM(t, v) render_enum(t, VAKT_ARRAY_SIZE(t), v, buf, cap)

static size_t render_one(const char *name, char *buf, size_t cap)
{
	size_t len = 0;

	return name && append_name(buf, cap, &len, name) ? len : 0;
}

/* The base type, then its flags: SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC. */
static size_t render_sock_type(uint32_t v, char *buf, size_t cap)
{
	size_t len = render_enum(sock_types, VAKT_ARRAY_SIZE(sock_types), v & 0xf, buf, cap);

	if (len == 0)
		return 0;
	if (v & 04000u)
		append_name(buf, cap, &len, "SOCK_NONBLOCK");
	if (v & 02000000u)
		append_name(buf, cap, &len, "SOCK_CLOEXEC");
	return len;
}

size_t rt_flags_render(enum rt_flagset fs, int64_t v, char *buf, size_t cap)
{
	uint32_t u = (uint32_t)v;
	int n;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	switch (fs) {
	case RT_FLAGS_OPEN:
		return RENDER_BITS(open_flags, rt_open_flags_ppm(u));
	case RT_FLAGS_FILE_MODE:
		/* Falco prints modes in octal with a leading 0 (%#o): 0644, and 0 for none. */
		n = snprintf(buf, cap, "%#" PRIo32, u);
		return n > 0 && (size_t)n < cap ? (size_t)n : 0;
	case RT_FLAGS_ERRNO:
		return v < 0 ? render_one(rt_errno_name(v), buf, cap) : 0;
	case RT_FLAGS_PTRACE_REQ:
		return RENDER_ENUM(ptrace_requests, u);
	case RT_FLAGS_SOCK_DOMAIN:
		return RENDER_ENUM(socket_families, u);
	case RT_FLAGS_SOCK_TYPE:
		return render_sock_type(u, buf, cap);
	case RT_FLAGS_CLONE:
		/* The low byte of clone's flags is the exit signal, not a flag. */
		return RENDER_BITS(clone_flags, u & ~0xffu);
	case RT_FLAGS_MOUNT:
		/* Old callers put the magic 0xC0ED in the high half; the kernel drops it. */
		if ((u & 0xffff0000u) == 0xc0ed0000u)
			u &= 0xffffu;
		return RENDER_BITS(mount_flags, u);
	case RT_FLAGS_CAPS:
		return rt_caps_render((uint64_t)v, buf, cap);
	case RT_FLAGS_AT:
		return RENDER_BITS(at_flags, u);
	case RT_FLAGS_RENAME:
		return RENDER_BITS(rename_flags, u);
	case RT_FLAGS_MEMFD:
		return RENDER_BITS(memfd_flags, u);
	case RT_FLAGS_PRCTL_OPTION:
		return RENDER_ENUM(prctl_options, u);
	case RT_FLAGS_PROT:
		return RENDER_BITS(prot_flags, u);
	case RT_FLAGS_EXECVE:
		return RENDER_BITS(exe_flags, u);
	case RT_FLAGS_FD:
		if (v == RT_AT_FDCWD)
			return render_one("AT_FDCWD", buf, cap);
		return v < 0 ? render_one(rt_errno_name(v), buf, cap) : 0;
	case RT_FLAGS_SIGNAL:
		return render_one(rt_signal_name(v), buf, cap);
	case RT_FLAGS_NONE:
	case RT_FLAGS_COUNT:
		break;
	}
	return 0;
}

static const char *const flagset_names[RT_FLAGS_COUNT] = {
    [RT_FLAGS_NONE] = "none",
    [RT_FLAGS_OPEN] = "open",
    [RT_FLAGS_FILE_MODE] = "mode",
    [RT_FLAGS_ERRNO] = "errno",
    [RT_FLAGS_PTRACE_REQ] = "ptrace",
    [RT_FLAGS_SOCK_DOMAIN] = "sockdomain",
    [RT_FLAGS_SOCK_TYPE] = "socktype",
    [RT_FLAGS_CLONE] = "clone",
    [RT_FLAGS_MOUNT] = "mount",
    [RT_FLAGS_CAPS] = "caps",
    [RT_FLAGS_AT] = "at",
    [RT_FLAGS_RENAME] = "rename",
    [RT_FLAGS_MEMFD] = "memfd",
    [RT_FLAGS_PRCTL_OPTION] = "prctl",
    [RT_FLAGS_PROT] = "prot",
    [RT_FLAGS_EXECVE] = "exe",
    [RT_FLAGS_FD] = "fd",
    [RT_FLAGS_SIGNAL] = "signal",
};

const char *rt_flagset_name(enum rt_flagset fs)
{
	return (unsigned)fs < RT_FLAGS_COUNT ? flagset_names[fs] : NULL;
}

enum rt_flagset rt_flagset_lookup(const char *name, size_t len)
{
	/* A replay's every flagged argument: a byte-wise compare, no strlen (2% of a replay). */
	for (int i = 0; i < RT_FLAGS_COUNT && len > 0; i++) {
		const char *n = flagset_names[i];
		size_t j = 1;

		if (n[0] != name[0])
			continue;
		while (j < len && n[j] && n[j] == name[j])
			j++;
		if (j == len && n[len] == '\0')
			return (enum rt_flagset)i;
	}
	return RT_FLAGS_COUNT;
}
