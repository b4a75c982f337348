/* SPDX-License-Identifier: MIT */
#ifndef VAKT_RT_FIELDS_PRIV_H
#define VAKT_RT_FIELDS_PRIV_H

/*
 * What the syscall fields' files share: the extractor signature, the list of
 * extractors (defined in rt-fields-evt.c, rt-fields-proc.c, rt-fields-fd.c
 * and rt-fields-ctr.c, tabled in rt-fields.c) and small helpers. Extractors
 * read the event and the state and never allocate: strings are borrowed
 * from the event or the state, or rendered into the values' scratch buffer.
 */

#include "rt-event.h"
#include "rt-field.h"
#include "rt-state.h"

#define FX_PARAMS                                                                                  \
	const struct rt_field_def *def, const struct rt_field_arg *arg, const void *vev,           \
	    struct rt_values *out
#define FX(id) void fx_##id(FX_PARAMS)

/* Every extractor, by id (the field name with '.' as '_'). */
// clang-format off
#define RT_FIELD_EXTRACTORS(X) \
	/* evt */ \
	X(evt_num) \
	X(evt_time) \
	X(evt_time_s) \
	X(evt_time_iso8601) \
	X(evt_datetime) \
	X(evt_rawtime) \
	X(evt_rawtime_s) \
	X(evt_rawtime_ns) \
	X(evt_dir) \
	X(evt_type) \
	X(syscall_type) \
	X(evt_category) \
	X(evt_cpu) \
	X(evt_args) \
	X(evt_arg) \
	X(evt_rawarg) \
	X(evt_res) \
	X(evt_rawres) \
	X(evt_failed) \
	X(evt_is_open_read) \
	X(evt_is_open_write) \
	X(evt_is_open_exec) \
	X(evt_is_open_create) \
	X(evt_is_io) \
	X(evt_is_io_read) \
	X(evt_is_io_write) \
	X(evt_io_dir) \
	X(evt_buffer) \
	X(evt_buflen) \
	X(evt_count) \
	X(evt_abspath) \
	X(evt_abspath_src) \
	X(evt_abspath_dst) \
	X(evt_hostname) \
	X(evt_source) \
	/* proc, thread */ \
	X(proc_pid) \
	X(proc_ppid) \
	X(proc_apid) \
	X(proc_vpid) \
	X(proc_pvpid) \
	X(proc_sid) \
	X(proc_vpgid) \
	X(proc_name) \
	X(proc_pname) \
	X(proc_aname) \
	X(proc_exe) \
	X(proc_pexe) \
	X(proc_aexe) \
	X(proc_exepath) \
	X(proc_pexepath) \
	X(proc_aexepath) \
	X(proc_args) \
	X(proc_cmdline) \
	X(proc_pcmdline) \
	X(proc_acmdline) \
	X(proc_cmdnargs) \
	X(proc_cmdlenargs) \
	X(proc_exeline) \
	X(proc_env) \
	X(proc_cwd) \
	X(proc_loginshellid) \
	X(proc_tty) \
	X(proc_sname) \
	X(proc_sid_exe) \
	X(proc_sid_exepath) \
	X(proc_vpgid_name) \
	X(proc_vpgid_exe) \
	X(proc_vpgid_exepath) \
	X(proc_duration) \
	X(proc_ppid_duration) \
	X(proc_pid_ts) \
	X(proc_ppid_ts) \
	X(proc_is_exe_writable) \
	X(proc_is_exe_upper_layer) \
	X(proc_is_exe_lower_layer) \
	X(proc_is_exe_from_memfd) \
	X(proc_is_sid_leader) \
	X(proc_is_vpgid_leader) \
	X(proc_exe_ino) \
	X(proc_exe_ino_ctime) \
	X(proc_exe_ino_mtime) \
	X(proc_exe_ino_ctime_duration_proc_start) \
	X(proc_exe_ino_ctime_duration_pidns_start) \
	X(proc_pidns_init_start_ts) \
	X(proc_fdopencount) \
	X(proc_nthreads) \
	X(proc_pidns) \
	X(proc_mntns) \
	X(thread_tid) \
	X(thread_vtid) \
	X(thread_ismain) \
	X(thread_cap_permitted) \
	X(thread_cap_inheritable) \
	X(thread_cap_effective) \
	X(thread_cgroups) \
	X(thread_cgroup) \
	X(thread_nametid) \
	/* fd */ \
	X(proc_std_type) \
	X(proc_std_name) \
	X(fd_num) \
	X(fd_type) \
	X(fd_typechar) \
	X(fd_name) \
	X(fd_directory) \
	X(fd_filename) \
	X(fd_nameraw) \
	X(fd_ip) \
	X(fd_cip) \
	X(fd_sip) \
	X(fd_lip) \
	X(fd_rip) \
	X(fd_port) \
	X(fd_cport) \
	X(fd_sport) \
	X(fd_lport) \
	X(fd_rport) \
	X(fd_l4proto) \
	X(fd_sockfamily) \
	X(fd_is_server) \
	X(fd_uid) \
	X(fd_containername) \
	X(fd_containerdirectory) \
	X(fd_net) \
	X(fd_cnet) \
	X(fd_snet) \
	X(fd_lnet) \
	X(fd_rnet) \
	X(fd_connected) \
	X(fd_name_changed) \
	X(fd_cip_name) \
	X(fd_sip_name) \
	X(fd_lip_name) \
	X(fd_rip_name) \
	X(fd_ino) \
	X(fd_types) \
	/* user, group, container, k8s */ \
	X(user_uid) \
	X(user_name) \
	X(user_loginuid) \
	X(user_loginname) \
	X(group_gid) \
	X(group_name) \
	X(container_id) \
	X(container_full_id) \
	X(container_type) \
	X(container_name) \
	X(container_image) \
	X(container_image_repository) \
	X(container_image_tag) \
	X(container_image_digest) \
	X(container_privileged) \
	X(container_start_ts) \
	X(k8s_ns_name) \
	X(k8s_pod_name)
// clang-format on

#define FX_DECLARE(id) FX(id);
RT_FIELD_EXTRACTORS(FX_DECLARE)
#undef FX_DECLARE

static inline const struct rt_event *fx_ev(const void *vev)
{
	return (const struct rt_event *)vev;
}

/* Add s (NUL-terminated, borrowed) when not NULL. */
static inline void fx_str(struct rt_values *out, const char *s, size_t n)
{
	if (s)
		rt_values_add_str(out, s, n);
}

/* Add a copy of s[0..n) made in the values' buffer (nothing when it is full). */
void fx_copy(struct rt_values *out, const char *s, size_t n);

/* The number a field argument [N] gives, or -1 without one (multi: every one). */
static inline long fx_index(const struct rt_field_arg *arg)
{
	return arg && arg->has && arg->is_index ? arg->index : -1;
}

/* The most ancestors a walk visits (a pid loop cannot hang it). */
#define FX_MAX_DEPTH 256

/* Event types by what they do with descriptors (Falco's EF_CREATES_FD, EF_USES_FD). */
bool fx_creates_fd(enum rt_evtype t);
bool fx_uses_fd(enum rt_evtype t);
/* The path an open-family event named, resolved (fd.name of a failed open); length 0: none. */
size_t fx_creator_path(const struct rt_event *ev, bool raw, char *buf, size_t cap);
/* A socket endpoint as "ip:port" into buf; returns the length (0: none). */
size_t fx_endpoint_str(uint16_t family, const uint8_t *addr, uint16_t port, char *buf, size_t cap);

#endif
