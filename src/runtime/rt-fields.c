/* SPDX-License-Identifier: MIT */
/*
 * The table of the syscall source's fields: name, description, type, flags,
 * extractor (rt-fields-evt.c, -proc.c, -fd.c, -ctr.c), and the event type
 * names the rule language indexes rules by. One entry per field is the only
 * list: --list-fields and docs/runtime.md are made from it.
 */
#include "rt-fields-priv.h"
#include "rt-fields.h"

#define M  RT_FIELD_MULTI
#define I  RT_FIELD_ARG_INDEX
#define K  RT_FIELD_ARG_KEY
#define R  RT_FIELD_ARG_REQUIRED
#define D  RT_FIELD_ARG_DOTTED
#define NO 0

#define F(name, id, type, flags, desc)                                                             \
	{                                                                                          \
		name, desc, type, flags, fx_##id                                                   \
	}

static const struct rt_field_def defs[] = {
    /* evt */
    F("evt.num", evt_num, RT_FT_U64, NO, "Event number, from 1 in the order events are seen."),
    F("evt.time", evt_time, RT_FT_STR, NO,
      "Time of day of the event, local time, with nanoseconds (14:02:03.123456789)."),
    F("evt.time.s", evt_time_s, RT_FT_STR, NO, "Time of day of the event in seconds (14:02:03)."),
    F("evt.time.iso8601", evt_time_iso8601, RT_FT_STR, NO,
      "The event's UTC time in ISO 8601 form with nanoseconds."),
    F("evt.datetime", evt_datetime, RT_FT_STR, NO, "Date and local time of the event."),
    F("evt.rawtime", evt_rawtime, RT_FT_ABSTIME, NO, "The event's time in ns since the epoch."),
    F("evt.rawtime.s", evt_rawtime_s, RT_FT_U64, NO, "Whole seconds of evt.rawtime."),
    F("evt.rawtime.ns", evt_rawtime_ns, RT_FT_U64, NO, "Nanoseconds part of evt.rawtime."),
    F("evt.dir", evt_dir, RT_FT_STR, NO,
      "Direction: always '<', the exit (deprecated in Falco; events are exits only)."),
    F("evt.type", evt_type, RT_FT_STR, NO, "The event's name (open, execve, connect...)."),
    F("syscall.type", syscall_type, RT_FT_STR, NO,
      "The system call's name; none for events that are not system calls (procexit)."),
    F("evt.category", evt_category, RT_FT_STR, NO,
      "Kind of event: file, net, ipc, process, user, memory, signal, other."),
    F("evt.cpu", evt_cpu, RT_FT_I64, NO, "CPU the event happened on."),
    F("evt.args", evt_args, RT_FT_STR, NO,
      "Every argument as name=value, resolved forms in parentheses."),
    F("evt.arg", evt_arg, RT_FT_STR, I | K | R | D,
      "One argument, by name (evt.arg.flags, evt.arg[flags]) or position (evt.arg[0]), "
      "rendered: flag names, fd names, errno names, absolute paths."),
    F("evt.rawarg", evt_rawarg, RT_FT_I64, K | R | D,
      "One numeric argument by name, unrendered (evt.rawarg.res)."),
    F("evt.res", evt_res, RT_FT_STR, NO, "Result: SUCCESS, or the errno name (ENOENT)."),
    F("evt.rawres", evt_rawres, RT_FT_I64, NO, "Result as a number (negative errno on failure)."),
    F("evt.failed", evt_failed, RT_FT_BOOL, NO, "True when the call returned an error."),
    F("evt.is_open_read", evt_is_open_read, RT_FT_BOOL, NO,
      "True for an open, openat or openat2 for reading."),
    F("evt.is_open_write", evt_is_open_write, RT_FT_BOOL, NO,
      "True for an open, openat or openat2 for writing."),
    F("evt.is_open_exec", evt_is_open_exec, RT_FT_BOOL, NO,
      "True for an open or creat that creates a file with an execute bit."),
    F("evt.is_open_create", evt_is_open_create, RT_FT_BOOL, NO,
      "True for an open that created the file."),
    F("evt.is_io", evt_is_io, RT_FT_BOOL, NO, "True for reads and writes on a descriptor."),
    F("evt.is_io_read", evt_is_io_read, RT_FT_BOOL, NO, "True for reads on a descriptor."),
    F("evt.is_io_write", evt_is_io_write, RT_FT_BOOL, NO, "True for writes on a descriptor."),
    F("evt.io_dir", evt_io_dir, RT_FT_STR, NO, "read or write, for I/O events."),
    F("evt.buffer", evt_buffer, RT_FT_BYTES, NO, "The data buffer of a read or write."),
    F("evt.buflen", evt_buflen, RT_FT_U64, NO, "Bytes a read or write moved."),
    F("evt.count", evt_count, RT_FT_U64, NO, "Always 1."),
    F("evt.abspath", evt_abspath, RT_FT_STR, NO,
      "The path of a *at call made absolute from its directory descriptor."),
    F("evt.abspath.src", evt_abspath_src, RT_FT_STR, NO,
      "The source path of renameat or linkat, made absolute."),
    F("evt.abspath.dst", evt_abspath_dst, RT_FT_STR, NO,
      "The destination path of renameat or linkat, made absolute."),
    F("evt.hostname", evt_hostname, RT_FT_STR, NO, "The host the event happened on."),
    F("evt.source", evt_source, RT_FT_STR, NO, "The event source: syscall."),
    /* proc */
    F("proc.pid", proc_pid, RT_FT_I64, NO, "Process id (host namespace)."),
    F("proc.ppid", proc_ppid, RT_FT_I64, NO, "Parent process id."),
    F("proc.apid", proc_apid, RT_FT_I64, M | I,
      "Ancestor pid: proc.apid[1] the parent's, [0] the process's; without [N], any ancestor."),
    F("proc.vpid", proc_vpid, RT_FT_I64, NO, "Process id in its own pid namespace."),
    F("proc.pvpid", proc_pvpid, RT_FT_I64, NO, "Parent's process id in its pid namespace."),
    F("proc.sid", proc_sid, RT_FT_I64, NO, "Session id."),
    F("proc.vpgid", proc_vpgid, RT_FT_I64, NO, "Process group id in the pid namespace."),
    F("proc.name", proc_name, RT_FT_STR, NO, "Process name (the kernel's comm, 15 bytes at most)."),
    F("proc.pname", proc_pname, RT_FT_STR, NO, "Parent's proc.name."),
    F("proc.aname", proc_aname, RT_FT_STR, M | I,
      "Ancestor name: proc.aname[2] the grandparent's, [0] the process's; without [N], "
      "any ancestor matches."),
    F("proc.exe", proc_exe, RT_FT_STR, NO, "First argument (argv[0]) as the process was started."),
    F("proc.pexe", proc_pexe, RT_FT_STR, NO, "Parent's proc.exe."),
    F("proc.aexe", proc_aexe, RT_FT_STR, M | I, "Ancestor proc.exe ([N] as proc.aname)."),
    F("proc.exepath", proc_exepath, RT_FT_STR, NO, "Full path of the executable."),
    F("proc.pexepath", proc_pexepath, RT_FT_STR, NO, "Parent's proc.exepath."),
    F("proc.aexepath", proc_aexepath, RT_FT_STR, M | I,
      "Ancestor proc.exepath ([N] as proc.aname)."),
    F("proc.args", proc_args, RT_FT_STR, NO,
      "Arguments after argv[0], joined by spaces (4096 bytes at most)."),
    F("proc.cmdline", proc_cmdline, RT_FT_STR, NO, "proc.name followed by proc.args."),
    F("proc.pcmdline", proc_pcmdline, RT_FT_STR, NO, "Parent's proc.cmdline."),
    F("proc.acmdline", proc_acmdline, RT_FT_STR, M | I,
      "Ancestor proc.cmdline ([N] as proc.aname)."),
    F("proc.cmdnargs", proc_cmdnargs, RT_FT_U64, NO, "Number of arguments after argv[0]."),
    F("proc.cmdlenargs", proc_cmdlenargs, RT_FT_U64, NO,
      "Characters of the arguments, spaces between them not counted."),
    F("proc.exeline", proc_exeline, RT_FT_STR, NO, "proc.exe followed by proc.args."),
    F("proc.env", proc_env, RT_FT_STR, K,
      "Environment as NAME=value pairs; proc.env[NAME] one variable's value."),
    F("proc.cwd", proc_cwd, RT_FT_STR, NO, "Current working directory, ending in '/'."),
    F("proc.loginshellid", proc_loginshellid, RT_FT_I64, NO,
      "Pid of the oldest shell among the process and its ancestors."),
    F("proc.tty", proc_tty, RT_FT_U64, NO, "Controlling terminal; 0 without one."),
    F("proc.stdin.type", proc_std_type, RT_FT_STR, NO,
      "The type of the process's descriptor 0 (as fd.type: file, ipv4, pipe, ...)."),
    F("proc.stdout.type", proc_std_type, RT_FT_STR, NO, "The type of descriptor 1."),
    F("proc.stderr.type", proc_std_type, RT_FT_STR, NO, "The type of descriptor 2."),
    F("proc.stdin.name", proc_std_name, RT_FT_STR, NO,
      "The name of the process's descriptor 0 (as fd.name)."),
    F("proc.stdout.name", proc_std_name, RT_FT_STR, NO, "The name of descriptor 1."),
    F("proc.stderr.name", proc_std_name, RT_FT_STR, NO, "The name of descriptor 2."),
    F("proc.sname", proc_sname, RT_FT_STR, NO, "Name of the session leader."),
    F("proc.sid.exe", proc_sid_exe, RT_FT_STR, NO, "proc.exe of the session leader."),
    F("proc.sid.exepath", proc_sid_exepath, RT_FT_STR, NO, "proc.exepath of the session leader."),
    F("proc.vpgid.name", proc_vpgid_name, RT_FT_STR, NO, "Name of the process group leader."),
    F("proc.vpgid.exe", proc_vpgid_exe, RT_FT_STR, NO, "proc.exe of the process group leader."),
    F("proc.vpgid.exepath", proc_vpgid_exepath, RT_FT_STR, NO,
      "proc.exepath of the process group leader."),
    F("proc.duration", proc_duration, RT_FT_RELTIME, NO, "Nanoseconds since the process started."),
    F("proc.ppid.duration", proc_ppid_duration, RT_FT_RELTIME, NO,
      "Nanoseconds since the parent started."),
    F("proc.pid.ts", proc_pid_ts, RT_FT_ABSTIME, NO, "Start time of the process."),
    F("proc.ppid.ts", proc_ppid_ts, RT_FT_ABSTIME, NO, "Start time of the parent."),
    F("proc.is_exe_writable", proc_is_exe_writable, RT_FT_BOOL, NO,
      "True when the executable is writable by the user that ran it."),
    F("proc.is_exe_upper_layer", proc_is_exe_upper_layer, RT_FT_BOOL, NO,
      "True when the executable is in an overlayfs upper layer (written after the "
      "container started)."),
    F("proc.is_exe_lower_layer", proc_is_exe_lower_layer, RT_FT_BOOL, NO,
      "True when the executable is in an overlayfs lower layer (the image)."),
    F("proc.is_exe_from_memfd", proc_is_exe_from_memfd, RT_FT_BOOL, NO,
      "True when the executable is an anonymous memfd file (fileless execution)."),
    F("proc.is_sid_leader", proc_is_sid_leader, RT_FT_BOOL, NO,
      "True when the process leads its session."),
    F("proc.is_vpgid_leader", proc_is_vpgid_leader, RT_FT_BOOL, NO,
      "True when the process leads its process group."),
    F("proc.exe_ino", proc_exe_ino, RT_FT_I64, NO, "Inode of the executable."),
    F("proc.exe_ino.ctime", proc_exe_ino_ctime, RT_FT_ABSTIME, NO,
      "Last status change of the executable's inode."),
    F("proc.exe_ino.mtime", proc_exe_ino_mtime, RT_FT_ABSTIME, NO,
      "Last modification of the executable's inode."),
    F("proc.exe_ino.ctime_duration_proc_start", proc_exe_ino_ctime_duration_proc_start,
      RT_FT_ABSTIME, NO, "Nanoseconds from the executable's last change to the process start."),
    F("proc.exe_ino.ctime_duration_pidns_start", proc_exe_ino_ctime_duration_pidns_start,
      RT_FT_ABSTIME, NO,
      "Nanoseconds from the pid namespace's start to the executable's last change."),
    F("proc.pidns_init_start_ts", proc_pidns_init_start_ts, RT_FT_U64, NO,
      "Start time of the pid namespace's init."),
    F("proc.fdopencount", proc_fdopencount, RT_FT_U64, NO, "Open descriptors of the process."),
    F("proc.nthreads", proc_nthreads, RT_FT_U64, NO, "Live threads of the process."),
    F("proc.pidns", proc_pidns, RT_FT_U64, NO, "Inode of the pid namespace (vakt)."),
    F("proc.mntns", proc_mntns, RT_FT_U64, NO, "Inode of the mount namespace (vakt)."),
    /* thread */
    F("thread.tid", thread_tid, RT_FT_I64, NO, "Thread id."),
    F("thread.vtid", thread_vtid, RT_FT_I64, NO, "Thread id in its pid namespace."),
    F("thread.ismain", thread_ismain, RT_FT_BOOL, NO, "True for the process's main thread."),
    F("thread.cap_permitted", thread_cap_permitted, RT_FT_STR, NO,
      "Permitted capabilities (CAP_CHOWN CAP_KILL ...)."),
    F("thread.cap_inheritable", thread_cap_inheritable, RT_FT_STR, NO, "Inheritable capabilities."),
    F("thread.cap_effective", thread_cap_effective, RT_FT_STR, NO,
      "Effective capabilities, names separated by spaces."),
    F("thread.cgroups", thread_cgroups, RT_FT_STR, NO, "Every cgroup as subsystem=path."),
    F("thread.cgroup", thread_cgroup, RT_FT_STR, K | R | D,
      "The cgroup of one subsystem (thread.cgroup.memory)."),
    F("thread.nametid", thread_nametid, RT_FT_STR, NO, "proc.name followed by the thread id."),
    /* user, group */
    F("user.uid", user_uid, RT_FT_U64, NO, "Effective user id."),
    F("user.name", user_name, RT_FT_STR, NO,
      "User name of user.uid, from the process's own mount namespace."),
    F("user.loginuid", user_loginuid, RT_FT_I64, NO, "Audit login user id; -1 when not set."),
    F("user.loginname", user_loginname, RT_FT_STR, NO, "User name of user.loginuid."),
    F("group.gid", group_gid, RT_FT_U64, NO, "Effective group id."),
    F("group.name", group_name, RT_FT_STR, NO, "Group name of group.gid."),
    /* fd */
    F("fd.num", fd_num, RT_FT_I64, NO, "Descriptor number; -1 when a call that makes one failed."),
    F("fd.type", fd_type, RT_FT_STR, NO,
      "file, directory, ipv4, ipv6, unix, pipe, event, signalfd, eventpoll, inotify, "
      "timerfd, netlink, bpf, userfaultfd, io_uring, memfd, pidfd."),
    F("fd.typechar", fd_typechar, RT_FT_STR, NO,
      "fd.type as one letter: f d 4 6 u p e s l i t n b r m P, o for others."),
    F("fd.name", fd_name, RT_FT_STR, NO,
      "Full path of a file, or a socket's client:port->server:port."),
    F("fd.directory", fd_directory, RT_FT_STR, NO, "Directory of a file."),
    F("fd.filename", fd_filename, RT_FT_STR, NO, "File name without its directory."),
    F("fd.nameraw", fd_nameraw, RT_FT_STR, NO,
      "A file's path as the call gave it (not resolved; repeated '/' squeezed)."),
    F("fd.ip", fd_ip, RT_FT_IPADDR, M, "Either end's address of a socket."),
    F("fd.cip", fd_cip, RT_FT_IPADDR, NO, "Client address."),
    F("fd.sip", fd_sip, RT_FT_IPADDR, NO, "Server address."),
    F("fd.lip", fd_lip, RT_FT_IPADDR, NO, "Local address."),
    F("fd.rip", fd_rip, RT_FT_IPADDR, NO, "Remote address."),
    F("fd.port", fd_port, RT_FT_U64, M, "Either end's port."),
    F("fd.cport", fd_cport, RT_FT_U64, NO, "Client port."),
    F("fd.sport", fd_sport, RT_FT_U64, NO, "Server port."),
    F("fd.lport", fd_lport, RT_FT_U64, NO, "Local port."),
    F("fd.rport", fd_rport, RT_FT_U64, NO, "Remote port."),
    F("fd.l4proto", fd_l4proto, RT_FT_STR, NO, "tcp, udp, icmp or raw."),
    F("fd.sockfamily", fd_sockfamily, RT_FT_STR, NO, "ip or unix."),
    F("fd.is_server", fd_is_server, RT_FT_BOOL, NO, "True when this end is the server."),
    F("fd.uid", fd_uid, RT_FT_STR, NO, "Thread id followed by the descriptor number."),
    F("fd.containername", fd_containername, RT_FT_STR, NO, "container.id:fd.name."),
    F("fd.containerdirectory", fd_containerdirectory, RT_FT_STR, NO, "container.id:fd.directory."),
    F("fd.net", fd_net, RT_FT_IPNET, M, "Either end's address, compared with a CIDR block."),
    F("fd.cnet", fd_cnet, RT_FT_IPNET, NO, "Client address, compared with a CIDR block."),
    F("fd.snet", fd_snet, RT_FT_IPNET, NO, "Server address, compared with a CIDR block."),
    F("fd.lnet", fd_lnet, RT_FT_IPNET, NO, "Local address, compared with a CIDR block."),
    F("fd.rnet", fd_rnet, RT_FT_IPNET, NO, "Remote address, compared with a CIDR block."),
    F("fd.connected", fd_connected, RT_FT_BOOL, NO, "True when the socket is connected."),
    F("fd.name_changed", fd_name_changed, RT_FT_BOOL, NO,
      "True when this event changed the descriptor's name (a UDP socket's new peer)."),
    F("fd.cip.name", fd_cip_name, RT_FT_STR, NO,
      "Domain name of the client address (vakt resolves none: no value)."),
    F("fd.sip.name", fd_sip_name, RT_FT_STR, NO,
      "Domain name of the server address (vakt resolves none: no value)."),
    F("fd.lip.name", fd_lip_name, RT_FT_STR, NO,
      "Domain name of the local address (vakt resolves none: no value)."),
    F("fd.rip.name", fd_rip_name, RT_FT_STR, NO,
      "Domain name of the remote address (vakt resolves none: no value)."),
    F("fd.ino", fd_ino, RT_FT_I64, NO, "Inode of the descriptor's file, pipe or socket."),
    F("fd.types", fd_types, RT_FT_STR, M | I,
      "Types of the process's descriptors; fd.types[N] descriptor N's."),
    /* container, k8s */
    F("container.id", container_id, RT_FT_STR, NO, "Container id (12 hex digits), or host."),
    F("container.full_id", container_full_id, RT_FT_STR, NO, "The whole container id."),
    F("container.type", container_type, RT_FT_STR, NO,
      "host, docker, cri, containerd, podman or lxc."),
    F("container.name", container_name, RT_FT_STR, NO, "Container name; host on the host."),
    F("container.image", container_image, RT_FT_STR, NO, "Image the container runs."),
    F("container.image.repository", container_image_repository, RT_FT_STR, NO,
      "The image's repository."),
    F("container.image.tag", container_image_tag, RT_FT_STR, NO, "The image's tag."),
    F("container.image.digest", container_image_digest, RT_FT_STR, NO, "The image's digest."),
    F("container.privileged", container_privileged, RT_FT_BOOL, NO,
      "True for a privileged container."),
    F("container.start_ts", container_start_ts, RT_FT_ABSTIME, NO,
      "Start time of the container (its pid namespace's init)."),
    F("k8s.ns.name", k8s_ns_name, RT_FT_STR, NO, "Kubernetes namespace of the pod."),
    F("k8s.pod.name", k8s_pod_name, RT_FT_STR, NO, "Kubernetes pod name."),
};

static const char *const evtypes[RT_EV_COUNT] = {[RT_EV_NONE] = NULL,
#define EV_NAME(e, s) [RT_EV_##e] = s,
                                                 RT_EVTYPES(EV_NAME)
#undef EV_NAME
};

const struct rt_fieldset rt_fields_syscall = {
    .source = "syscall",
    .defs = defs,
    .n_defs = sizeof(defs) / sizeof(defs[0]),
    .evtypes = evtypes,
    .n_evtypes = RT_EV_COUNT,
};

const char *rt_fields_type_name(enum rt_ftype t)
{
	switch (t) {
	case RT_FT_STR:
		return "CHARBUF";
	case RT_FT_U64:
		return "UINT64";
	case RT_FT_I64:
		return "INT64";
	case RT_FT_BOOL:
		return "BOOL";
	case RT_FT_IPADDR:
		return "IPADDR";
	case RT_FT_IPNET:
		return "IPNET";
	case RT_FT_ABSTIME:
		return "ABSTIME";
	case RT_FT_RELTIME:
		return "RELTIME";
	case RT_FT_BYTES:
		return "BYTEBUF";
	}
	return "?";
}

/* The name as written with its argument: proc.aname[N], evt.arg.NAME, proc.env[NAME]. */
static void field_form(const struct rt_field_def *d, struct vakt_buf *b)
{
	vakt_buf_adds(b, d->name);
	if (d->flags & RT_FIELD_ARG_DOTTED)
		vakt_buf_adds(b, ".NAME");
	else if (d->flags & RT_FIELD_ARG_INDEX)
		vakt_buf_adds(b, "[N]");
	else if (d->flags & RT_FIELD_ARG_KEY)
		vakt_buf_adds(b, "[NAME]");
}

void rt_fields_list(const struct rt_fieldset *fs, struct vakt_buf *out)
{
	const char *class = NULL;
	size_t class_len = 0, width = 0;
	struct vakt_buf form = VAKT_BUF_INIT;

	for (size_t i = 0; i < fs->n_defs; i++) {
		vakt_buf_reset(&form);
		field_form(&fs->defs[i], &form);
		if (form.len > width)
			width = form.len;
	}
	vakt_buf_addf(out, "Fields of source %s (%zu):\n", fs->source, fs->n_defs);
	for (size_t i = 0; i < fs->n_defs; i++) {
		const struct rt_field_def *d = &fs->defs[i];
		const char *dot = strchr(d->name, '.');
		size_t cl = dot ? (size_t)(dot - d->name) : strlen(d->name);

		if (!class || cl != class_len || strncmp(class, d->name, cl) != 0) {
			vakt_buf_addf(out, "\n%.*s\n", (int)cl, d->name);
			class = d->name;
			class_len = cl;
		}
		vakt_buf_reset(&form);
		field_form(d, &form);
		vakt_buf_addf(out, "  %-*s  %-8s  %s%s\n", (int)width, vakt_buf_str(&form),
		              rt_fields_type_name(d->type), d->desc,
		              (d->flags & RT_FIELD_MULTI) ? " (several values)" : "");
	}
	vakt_buf_release(&form);
}
