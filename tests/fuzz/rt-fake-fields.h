/* SPDX-License-Identifier: MIT */
#ifndef VAKT_TEST_RT_FAKE_FIELDS_H
#define VAKT_TEST_RT_FAKE_FIELDS_H

/*
 * A fake event source for the rule language's tests and fuzz harness:
 * every field falco_rules.yaml uses (with Falco's types) and the usual
 * others, the event types of rt-event.h, and events that are plain lists
 * of (field, argument, value). Several entries of one field are the
 * values of a multi-valued field in order (proc.aname: the process, its
 * parent, ...); [N] picks the N-th.
 */

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "runtime/rt-event.h"
#include "runtime/rt-field.h"

struct fake_val {
	const char *field;
	const char *arg; /* evt.arg's key, or NULL */
	const char *s;   /* strings, booleans ("true"), numbers, addresses: as text */
};

struct fake_event {
	size_t type;
	const struct fake_val *vals;
	size_t n;
};

static void fake_add(const struct rt_field_def *def, const char *s, struct rt_values *out)
{
	struct rt_value v = {.type = def->type};

	switch (def->type) {
	case RT_FT_STR:
	case RT_FT_BYTES:
		v.s.p = s;
		v.s.n = strlen(s);
		break;
	case RT_FT_BOOL:
		v.b = !strcmp(s, "true");
		break;
	case RT_FT_I64:
		v.i = strtoll(s, NULL, 0);
		break;
	case RT_FT_IPADDR:
	case RT_FT_IPNET:
		if (inet_pton(AF_INET, s, v.ip.a) == 1)
			v.ip.family = AF_INET;
		else if (inet_pton(AF_INET6, s, v.ip.a) == 1)
			v.ip.family = AF_INET6;
		else
			return;
		if (def->type == RT_FT_IPNET) {
			struct rt_ip ip = v.ip;

			memset(&v.net, 0, sizeof(v.net));
			v.net.ip = ip;
			v.net.bits = ip.family == AF_INET ? 32 : 128;
		}
		break;
	default:
		v.u = strtoull(s, NULL, 0);
		break;
	}
	rt_values_add(out, &v);
}

static void fake_extract(const struct rt_field_def *def, const struct rt_field_arg *arg,
                         const void *ev, struct rt_values *out)
{
	const struct fake_event *e = ev;
	long nth = 0;

	for (size_t i = 0; i < e->n; i++) {
		const struct fake_val *fv = &e->vals[i];

		if (strcmp(fv->field, def->name))
			continue;
		if (arg->has && !arg->is_index) {
			if (!fv->arg || strlen(fv->arg) != arg->key_len ||
			    memcmp(fv->arg, arg->key, arg->key_len))
				continue;
		} else if (arg->has && arg->is_index) {
			if (nth++ != arg->index)
				continue;
		}
		fake_add(def, fv->s, out);
	}
}

static const struct rt_field_def fake_defs[] = {
    {"evt.num", "event number", RT_FT_U64, 0, fake_extract},
    {"evt.time", "event time as text", RT_FT_STR, 0, fake_extract},
    {"evt.rawtime", "event time in ns since the epoch", RT_FT_ABSTIME, 0, fake_extract},
    {"evt.type", "event type (openat, execve)", RT_FT_STR, 0, fake_extract},
    {"evt.dir", "deprecated: always exit", RT_FT_STR, 0, fake_extract},
    {"evt.args", "all arguments as text", RT_FT_STR, 0, fake_extract},
    {"evt.arg", "one argument by name or index, rendered", RT_FT_STR,
     RT_FIELD_ARG_INDEX | RT_FIELD_ARG_KEY | RT_FIELD_ARG_DOTTED | RT_FIELD_ARG_REQUIRED,
     fake_extract},
    {"evt.rawarg", "one argument by name, raw", RT_FT_I64,
     RT_FIELD_ARG_KEY | RT_FIELD_ARG_DOTTED | RT_FIELD_ARG_REQUIRED, fake_extract},
    {"evt.res", "result: SUCCESS or the errno name", RT_FT_STR, 0, fake_extract},
    {"evt.rawres", "result as a number", RT_FT_I64, 0, fake_extract},
    {"evt.failed", "the syscall failed", RT_FT_BOOL, 0, fake_extract},
    {"evt.is_open_read", "an open for reading", RT_FT_BOOL, 0, fake_extract},
    {"evt.is_open_write", "an open for writing", RT_FT_BOOL, 0, fake_extract},
    {"evt.is_open_exec", "an open of an executable", RT_FT_BOOL, 0, fake_extract},
    {"evt.buffer", "the data buffer of read/write events", RT_FT_BYTES, 0, fake_extract},
    {"evt.cpu", "CPU number", RT_FT_I64, 0, fake_extract},
    {"evt.hostname", "host name", RT_FT_STR, 0, fake_extract},
    {"evt.source", "event source", RT_FT_STR, 0, fake_extract},
    {"proc.pid", "process id", RT_FT_I64, 0, fake_extract},
    {"proc.ppid", "parent process id", RT_FT_I64, 0, fake_extract},
    {"proc.vpid", "process id in its pid namespace", RT_FT_I64, 0, fake_extract},
    {"proc.name", "process name (comm)", RT_FT_STR, 0, fake_extract},
    {"proc.exe", "first argument (argv[0])", RT_FT_STR, 0, fake_extract},
    {"proc.exepath", "executable path", RT_FT_STR, 0, fake_extract},
    {"proc.cmdline", "name and arguments", RT_FT_STR, 0, fake_extract},
    {"proc.args", "arguments", RT_FT_STR, 0, fake_extract},
    {"proc.cwd", "working directory", RT_FT_STR, 0, fake_extract},
    {"proc.env", "environment, or one variable", RT_FT_STR, RT_FIELD_ARG_KEY, fake_extract},
    {"proc.pname", "parent name", RT_FT_STR, 0, fake_extract},
    {"proc.pexe", "parent argv[0]", RT_FT_STR, 0, fake_extract},
    {"proc.pexepath", "parent executable path", RT_FT_STR, 0, fake_extract},
    {"proc.pcmdline", "parent command line", RT_FT_STR, 0, fake_extract},
    {"proc.aname", "ancestor names (0: the process)", RT_FT_STR,
     RT_FIELD_MULTI | RT_FIELD_ARG_INDEX, fake_extract},
    {"proc.aexe", "ancestor argv[0]", RT_FT_STR, RT_FIELD_MULTI | RT_FIELD_ARG_INDEX, fake_extract},
    {"proc.aexepath", "ancestor executable paths", RT_FT_STR, RT_FIELD_MULTI | RT_FIELD_ARG_INDEX,
     fake_extract},
    {"proc.apid", "ancestor process ids", RT_FT_I64, RT_FIELD_MULTI | RT_FIELD_ARG_INDEX,
     fake_extract},
    {"proc.sname", "session leader name", RT_FT_STR, 0, fake_extract},
    {"proc.tty", "controlling terminal", RT_FT_U64, 0, fake_extract},
    {"proc.duration", "time since the process started", RT_FT_RELTIME, 0, fake_extract},
    {"proc.is_exe_from_memfd", "executable from a memfd", RT_FT_BOOL, 0, fake_extract},
    {"proc.is_exe_upper_layer", "executable from an overlayfs upper layer", RT_FT_BOOL, 0,
     fake_extract},
    {"proc.is_exe_writable", "executable writable by the user", RT_FT_BOOL, 0, fake_extract},
    {"proc.exe_ino", "executable inode", RT_FT_U64, 0, fake_extract},
    {"proc.exe_ino.ctime", "executable inode change time", RT_FT_ABSTIME, 0, fake_extract},
    {"proc.exe_ino.mtime", "executable inode modification time", RT_FT_ABSTIME, 0, fake_extract},
    {"proc.exe_ino.ctime_duration_proc_start", "from the executable's ctime to the process start",
     RT_FT_RELTIME, 0, fake_extract},
    {"proc.pidns_init_start_ts", "start of the pid namespace's init", RT_FT_U64, 0, fake_extract},
    {"thread.tid", "thread id", RT_FT_I64, 0, fake_extract},
    {"thread.vtid", "thread id in its pid namespace", RT_FT_I64, 0, fake_extract},
    {"thread.cap_effective", "effective capabilities", RT_FT_STR, 0, fake_extract},
    {"thread.cap_permitted", "permitted capabilities", RT_FT_STR, 0, fake_extract},
    {"thread.cap_inheritable", "inheritable capabilities", RT_FT_STR, 0, fake_extract},
    {"user.uid", "user id", RT_FT_U64, 0, fake_extract},
    {"user.name", "user name", RT_FT_STR, 0, fake_extract},
    {"user.loginuid", "login user id", RT_FT_I64, 0, fake_extract},
    {"user.loginname", "login user name", RT_FT_STR, 0, fake_extract},
    {"user.homedir", "home directory", RT_FT_STR, 0, fake_extract},
    {"user.shell", "login shell", RT_FT_STR, 0, fake_extract},
    {"group.gid", "group id", RT_FT_U64, 0, fake_extract},
    {"group.name", "group name", RT_FT_STR, 0, fake_extract},
    {"fd.num", "file descriptor number", RT_FT_I64, 0, fake_extract},
    {"fd.type", "file, directory, ipv4, ipv6, unix, ...", RT_FT_STR, 0, fake_extract},
    {"fd.typechar", "type as one character", RT_FT_STR, 0, fake_extract},
    {"fd.name", "path, or the connection tuple", RT_FT_STR, 0, fake_extract},
    {"fd.nameraw", "path as passed to the syscall", RT_FT_STR, 0, fake_extract},
    {"fd.directory", "directory of fd.name", RT_FT_STR, 0, fake_extract},
    {"fd.filename", "file name of fd.name", RT_FT_STR, 0, fake_extract},
    {"fd.ip", "either end's address", RT_FT_IPADDR, 0, fake_extract},
    {"fd.cip", "client address", RT_FT_IPADDR, 0, fake_extract},
    {"fd.sip", "server address", RT_FT_IPADDR, 0, fake_extract},
    {"fd.lip", "local address", RT_FT_IPADDR, 0, fake_extract},
    {"fd.rip", "remote address", RT_FT_IPADDR, 0, fake_extract},
    {"fd.port", "either end's port", RT_FT_U64, 0, fake_extract},
    {"fd.cport", "client port", RT_FT_U64, 0, fake_extract},
    {"fd.sport", "server port", RT_FT_U64, 0, fake_extract},
    {"fd.lport", "local port", RT_FT_U64, 0, fake_extract},
    {"fd.rport", "remote port", RT_FT_U64, 0, fake_extract},
    {"fd.l4proto", "tcp, udp, icmp, raw", RT_FT_STR, 0, fake_extract},
    {"fd.net", "either end's network", RT_FT_IPNET, 0, fake_extract},
    {"fd.cnet", "client network", RT_FT_IPNET, 0, fake_extract},
    {"fd.snet", "server network", RT_FT_IPNET, 0, fake_extract},
    {"fd.lnet", "local network", RT_FT_IPNET, 0, fake_extract},
    {"fd.rnet", "remote network", RT_FT_IPNET, 0, fake_extract},
    {"fd.connected", "socket connected", RT_FT_BOOL, 0, fake_extract},
    {"fd.name_changed", "name changed by this event", RT_FT_BOOL, 0, fake_extract},
    {"fd.sip.name", "server domain name", RT_FT_STR, 0, fake_extract},
    {"fd.cip.name", "client domain name", RT_FT_STR, 0, fake_extract},
    {"fd.lip.name", "local domain name", RT_FT_STR, 0, fake_extract},
    {"fd.rip.name", "remote domain name", RT_FT_STR, 0, fake_extract},
    {"fd.dev", "device number", RT_FT_U64, 0, fake_extract},
    {"fd.ino", "inode number", RT_FT_U64, 0, fake_extract},
    {"container.id", "container id (12 hex) or host", RT_FT_STR, 0, fake_extract},
    {"container.full_id", "full container id", RT_FT_STR, 0, fake_extract},
    {"container.name", "container name", RT_FT_STR, 0, fake_extract},
    {"container.image", "image", RT_FT_STR, 0, fake_extract},
    {"container.image.id", "image id", RT_FT_STR, 0, fake_extract},
    {"container.image.repository", "image repository", RT_FT_STR, 0, fake_extract},
    {"container.image.tag", "image tag", RT_FT_STR, 0, fake_extract},
    {"container.image.digest", "image digest", RT_FT_STR, 0, fake_extract},
    {"container.privileged", "privileged container", RT_FT_BOOL, 0, fake_extract},
    {"container.start_ts", "container start time", RT_FT_ABSTIME, 0, fake_extract},
    {"container.type", "container runtime", RT_FT_STR, 0, fake_extract},
    {"k8s.ns.name", "Kubernetes namespace", RT_FT_STR, 0, fake_extract},
    {"k8s.pod.name", "Kubernetes pod name", RT_FT_STR, 0, fake_extract},
    {"k8s.pod.uid", "Kubernetes pod uid", RT_FT_STR, 0, fake_extract},
    {"k8s.pod.label", "one pod label", RT_FT_STR, RT_FIELD_ARG_KEY | RT_FIELD_ARG_REQUIRED,
     fake_extract},
    {"k8s.pod.labels", "pod labels", RT_FT_STR, 0, fake_extract},
};

static const char *const fake_evtypes[] = {NULL,
#define FAKE_EV_NAME(e, s) s,
                                           RT_EVTYPES(FAKE_EV_NAME)
#undef FAKE_EV_NAME
};

static const struct rt_fieldset fake_fields = {
    .source = "syscall",
    .defs = fake_defs,
    .n_defs = sizeof(fake_defs) / sizeof(fake_defs[0]),
    .evtypes = fake_evtypes,
    .n_evtypes = sizeof(fake_evtypes) / sizeof(fake_evtypes[0]),
};

/* The id of event type name in the fake set. */
static inline size_t fake_type(const char *name)
{
	return rt_fieldset_evtype(&fake_fields, name, strlen(name));
}

#endif
