/* SPDX-License-Identifier: MIT */
/*
 * The replay reader: lines read with a length ceiling, each parsed with
 * jansson and checked field by field. An event's strings stay in the line's
 * JSON tree, or in a scratch buffer when decoded (hex, lists), until the
 * next call.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <sched.h>
#include <stdio.h>
#include <sys/socket.h>

#include "core/util.h"
#include "rt-flags.h"
#include "rt-record.h"
#include "rt-replay-priv.h"
#include "rt-replay.h"

#define READ_CHUNK 65536

struct rt_replay {
	char *path;
	FILE *f;         /* NULL for memory */
	const char *mem; /* the memory input */
	size_t mem_len, mem_pos;
	char *chunk; /* file input: what was read and not yet taken */
	size_t chunk_len, chunk_pos;
	struct vakt_buf line;
	struct rt_state *s;
	struct rt_replay_opts o;
	uint64_t bytes, events, drops;
	size_t in_lineno; /* lines read (the reading thread's when pipelined) */
	size_t lineno;    /* the line being handled, for errors */
	size_t procs;
	json_t *cur; /* the current event's tree */
	struct vakt_buf scratch;
	struct rt_replay_header hdr;
	char *host;
	bool failed;
	struct rt_replay_pipe *pipe; /* NULL: one thread */
	struct rt_event own;         /* rt_replay_next_ref()'s when the event is not the pipe's */
};

static int fail(struct rt_replay *r, struct vakt_error **err, int code, int col, const char *fmt,
                ...) VAKT_PRINTF(5, 6);

static int fail(struct rt_replay *r, struct vakt_error **err, int code, int col, const char *fmt,
                ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set_at(err, code, r->path, (int)r->lineno, col, "%s", msg);
	free(msg);
	r->failed = true;
	return code;
}

/* An input error at the line being read; r->failed is the caller's (it may be another thread). */
static int fail_in(struct rt_replay *r, struct vakt_error **err, int code, const char *fmt, ...)
    VAKT_PRINTF(4, 5);

static int fail_in(struct rt_replay *r, struct vakt_error **err, int code, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set_at(err, code, r->path, (int)r->in_lineno, 0, "%s", msg);
	free(msg);
	return code;
}

/* ---- lines ------------------------------------------------------------------ */

static int more(struct rt_replay *r)
{
	size_t n;

	if (!r->f)
		return 0;
	if (!r->chunk)
		r->chunk = vakt_xmalloc(READ_CHUNK);
	n = fread(r->chunk, 1, READ_CHUNK, r->f);
	r->chunk_len = n;
	r->chunk_pos = 0;
	if (n == 0 && ferror(r->f))
		return -EIO;
	return n > 0;
}

/* The next line into r->line (without its '\n'): 1, 0 at the end, or an error. */
static int read_line(struct rt_replay *r, struct vakt_error **err)
{
	vakt_buf_reset(&r->line);
	r->in_lineno++;
	for (;;) {
		const char *p, *nl;
		size_t avail, take;
		int m;

		if (r->f) {
			if (r->chunk_pos >= r->chunk_len) {
				m = more(r);
				if (m < 0)
					return fail_in(r, err, -EIO, "cannot read: %s",
					               strerror(errno));
				if (m == 0)
					return r->line.len > 0;
			}
			p = r->chunk + r->chunk_pos;
			avail = r->chunk_len - r->chunk_pos;
		} else {
			if (r->mem_pos >= r->mem_len)
				return r->line.len > 0;
			p = r->mem + r->mem_pos;
			avail = r->mem_len - r->mem_pos;
		}
		nl = memchr(p, '\n', avail);
		take = nl ? (size_t)(nl - p) + 1 : avail;
		if (r->bytes + take > r->o.max_bytes)
			return fail_in(r, err, -EFBIG,
			               "event file too large (more than %" PRIu64 " bytes)",
			               r->o.max_bytes);
		r->bytes += take;
		if (r->f)
			r->chunk_pos += take;
		else
			r->mem_pos += take;
		if (r->line.len + take - (nl ? 1 : 0) > r->o.max_line)
			return fail_in(r, err, -EFBIG, "line too long (more than %zu bytes)",
			               r->o.max_line);
		vakt_buf_add(&r->line, p, take - (nl ? 1 : 0));
		if (nl)
			return 1;
	}
}

/* ---- values ----------------------------------------------------------------- */

static bool get_i64(const json_t *o, const char *k, int64_t *out)
{
	const json_t *v = json_object_get(o, k);

	if (!json_is_integer(v))
		return false;
	*out = (int64_t)json_integer_value(v);
	return true;
}

/* A non-negative integer, or "0x..." for values past INT64_MAX (as the recorder writes them). */
static bool parse_u64(const json_t *v, uint64_t *out)
{
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (uint64_t)json_integer_value(v);
		return true;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		uint64_t x = 0;

		if (n < 3 || n > 18 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
			return false;
		for (size_t i = 2; i < n; i++) {
			int d = vakt_hex_value(s[i]);

			if (d < 0)
				return false;
			x = x << 4 | (uint64_t)d;
		}
		*out = x;
		return true;
	}
	return false;
}

static bool get_u64(const json_t *o, const char *k, uint64_t *out)
{
	return parse_u64(json_object_get(o, k), out);
}

/* Decode hex into the scratch buffer; its offset in *off. */
static bool hex_to_scratch(struct rt_replay *r, const char *h, size_t n, size_t *off, size_t *len)
{
	if (n % 2)
		return false;
	*off = r->scratch.len;
	for (size_t i = 0; i < n; i += 2) {
		int a = vakt_hex_value(h[i]), b = vakt_hex_value(h[i + 1]);

		if (a < 0 || b < 0)
			return false;
		vakt_buf_addc(&r->scratch, (char)(a << 4 | b));
	}
	*len = n / 2;
	return true;
}

/*
 * A string value: a JSON string (borrowed from the tree) or {"hex": "..."}
 * (decoded into scratch: *off set, *p NULL until the pointers are fixed).
 */
struct sval {
	const char *p;
	size_t off, len;
	bool scratch;
};

static bool get_sval(struct rt_replay *r, const json_t *v, struct sval *out)
{
	const json_t *h;

	memset(out, 0, sizeof(*out));
	if (json_is_string(v)) {
		out->p = json_string_value(v);
		out->len = json_string_length(v);
		return true;
	}
	h = json_is_object(v) ? json_object_get(v, "hex") : NULL;
	if (!json_is_string(h))
		return false;
	out->scratch = true;
	return hex_to_scratch(r, json_string_value(h), json_string_length(h), &out->off, &out->len);
}

/* A list of strings into scratch, a NUL after each; false with *why set. */
static bool get_list(struct rt_replay *r, const json_t *v, struct sval *out, const char **why)
{
	size_t n;

	memset(out, 0, sizeof(*out));
	*why = "is not a list of strings";
	if (!json_is_array(v))
		return false;
	n = json_array_size(v);
	if (n > r->o.max_items) {
		*why = "has too many items";
		return false;
	}
	out->scratch = true;
	out->off = r->scratch.len;
	for (size_t i = 0; i < n; i++) {
		struct sval e;

		/* A {"hex"} item is decoded onto the buffer's tail, where it belongs already. */
		if (!get_sval(r, json_array_get(v, i), &e))
			return false;
		if (!e.scratch)
			vakt_buf_add(&r->scratch, e.p, e.len);
		vakt_buf_addc(&r->scratch, '\0');
	}
	out->len = r->scratch.len - out->off;
	return true;
}

static const char *sval_ptr(const struct rt_replay *r, const struct sval *v)
{
	if (!v->scratch)
		return v->p;
	return r->scratch.data ? r->scratch.data + v->off : "";
}

/* An endpoint object into sa; a unix path as an sval (fixed up later). */
static bool get_endpoint(struct rt_replay *r, const json_t *v, struct rt_sockaddr *sa,
                         struct sval *path)
{
	const json_t *fam = json_object_get(v, "family");
	const char *f;
	int64_t port = 0;

	memset(sa, 0, sizeof(*sa));
	memset(path, 0, sizeof(*path));
	if (!json_is_object(v))
		return false;
	if (json_is_integer(fam)) {
		if (json_integer_value(fam) < 0 || json_integer_value(fam) > 0xffff)
			return false;
		sa->family = (uint16_t)json_integer_value(fam);
		return true;
	}
	if (!json_is_string(fam))
		return false;
	f = json_string_value(fam);
	if (strcmp(f, "unix") == 0) {
		const json_t *p = json_object_get(v, "path");

		sa->family = AF_UNIX;
		return !p || get_sval(r, p, path);
	}
	if (strcmp(f, "inet") == 0)
		sa->family = AF_INET;
	else if (strcmp(f, "inet6") == 0)
		sa->family = AF_INET6;
	else
		return false;
	if (!json_is_string(json_object_get(v, "addr")) ||
	    inet_pton(sa->family, json_string_value(json_object_get(v, "addr")), sa->addr) != 1)
		return false;
	if (!get_i64(v, "port", &port) || port < 0 || port > 0xffff)
		return false;
	sa->port = (uint16_t)port;
	return true;
}

/* ---- events ------------------------------------------------------------------ */

struct arg_fix {
	struct sval str, path, peer_path;
};

static int parse_arg(struct rt_replay *r, const json_t *o, struct rt_arg *a, struct arg_fix *fix,
                     size_t idx, struct vakt_error **err)
{
	const json_t *name = json_object_get(o, "name"), *v, *fl;
	const char *why = "has no value";
	uint64_t u;

	memset(a, 0, sizeof(*a));
	memset(fix, 0, sizeof(*fix));
	if (!json_is_object(o) || !json_is_string(name) || json_string_length(name) == 0)
		return fail(r, err, -EINVAL, 0, "argument %zu has no name", idx + 1);
	/* Borrowed from the tree like the strings (the live probe's names are static). */
	a->name = json_string_value(name);
	if ((v = json_object_get(o, "int"))) {
		a->kind = RT_ARG_INT;
		if (!json_is_integer(v))
			goto bad;
		a->num = (int64_t)json_integer_value(v);
	} else if ((v = json_object_get(o, "uint"))) {
		a->kind = RT_ARG_UINT;
		if (!parse_u64(v, &u))
			goto bad;
		a->num = (int64_t)u;
	} else if ((v = json_object_get(o, "str"))) {
		a->kind = RT_ARG_STR;
		if (!get_sval(r, v, &fix->str))
			goto bad;
	} else if ((v = json_object_get(o, "list"))) {
		a->kind = RT_ARG_STRLIST;
		if (!get_list(r, v, &fix->str, &why))
			goto bad;
	} else if ((v = json_object_get(o, "bytes"))) {
		a->kind = RT_ARG_BYTES;
		if (!json_is_string(v))
			goto bad;
		fix->str.scratch = true;
		if (!hex_to_scratch(r, json_string_value(v), json_string_length(v), &fix->str.off,
		                    &fix->str.len))
			goto bad;
	} else if ((v = json_object_get(o, "sockaddr"))) {
		a->kind = RT_ARG_SOCKADDR;
		if (!get_endpoint(r, v, &a->sa, &fix->path))
			goto bad;
	} else if ((v = json_object_get(o, "tuple"))) {
		int64_t l4 = 0;

		a->kind = RT_ARG_TUPLE;
		if (!json_is_object(v) ||
		    !get_endpoint(r, json_object_get(v, "local"), &a->sa, &fix->path) ||
		    !get_endpoint(r, json_object_get(v, "peer"), &a->peer, &fix->peer_path))
			goto bad;
		if (json_object_get(v, "l4proto") &&
		    (!get_i64(v, "l4proto", &l4) || l4 < 0 || l4 > 255))
			goto bad;
		a->l4proto = (uint8_t)l4;
	} else {
		return fail(r, err, -EINVAL, 0, "argument '%s' has no value", a->name);
	}
	fl = json_object_get(o, "flags");
	if (fl) {
		if (!json_is_string(fl) ||
		    (a->flags = rt_flagset_lookup(json_string_value(fl), json_string_length(fl))) ==
		        RT_FLAGS_COUNT)
			return fail(r, err, -EINVAL, 0, "argument '%s' has an unknown flag set",
			            a->name);
	}
	return 0;
bad:
	if (strcmp(why, "has too many items") == 0)
		return fail(r, err, -E2BIG, 0, "argument '%s' has too many items (more than %zu)",
		            a->name, r->o.max_items);
	return fail(r, err, -EINVAL, 0, "argument '%s' %s", a->name,
	            a->kind == RT_ARG_STRLIST ? why : "has a malformed value");
}

static int parse_event(struct rt_replay *r, json_t *o, struct rt_event *ev, struct vakt_error **err)
{
	const json_t *type = json_object_get(o, "type"), *args = json_object_get(o, "args");
	struct arg_fix fix[RT_ARGS_MAX];
	uint64_t ts;
	int64_t v;
	size_t n;
	int rc;

	rt_replay_clear_event(ev);
	if (!get_u64(o, "ts", &ts))
		return fail(r, err, -EINVAL, 0, "event has no \"ts\" (ns since the epoch)");
	ev->ts = ts;
	if (!json_is_string(type) ||
	    (ev->type = rt_evtype_lookup(json_string_value(type), json_string_length(type))) ==
	        RT_EV_NONE)
		return fail(r, err, -EINVAL, 0, "unknown event type %s%s%s",
		            json_is_string(type) ? "'" : "",
		            json_is_string(type) ? json_string_value(type) : "(none)",
		            json_is_string(type) ? "'" : "");
	if (!get_i64(o, "tid", &ev->tid))
		return fail(r, err, -EINVAL, 0, "event has no \"tid\"");
	ev->pid = get_i64(o, "pid", &v) ? v : ev->tid;
	ev->cpu = get_i64(o, "cpu", &v) && v >= INT32_MIN && v <= INT32_MAX ? (int32_t)v : 0;
	if (json_object_get(o, "res") && !get_i64(o, "res", &ev->res))
		return fail(r, err, -EINVAL, 0, "event's \"res\" is not an integer");
	if (args && !json_is_array(args))
		return fail(r, err, -EINVAL, 0, "event's \"args\" is not a list");
	n = args ? json_array_size(args) : 0;
	if (n > RT_ARGS_MAX)
		return fail(r, err, -E2BIG, 0, "too many arguments (%zu, at most %d)", n,
		            RT_ARGS_MAX);
	for (size_t i = 0; i < n; i++) {
		rc = parse_arg(r, json_array_get(args, i), &ev->args[i], &fix[i], i, err);
		if (rc < 0)
			return rc;
	}
	ev->n_args = (uint32_t)n;
	/* The scratch buffer is complete: its pointers are stable now. */
	for (size_t i = 0; i < n; i++) {
		struct rt_arg *a = &ev->args[i];

		if (a->kind == RT_ARG_STR || a->kind == RT_ARG_STRLIST || a->kind == RT_ARG_BYTES) {
			a->str = sval_ptr(r, &fix[i].str);
			a->len = fix[i].str.len;
		}
		if (a->sa.family == AF_UNIX && (fix[i].path.len || fix[i].path.p)) {
			a->sa.path = sval_ptr(r, &fix[i].path);
			a->sa.path_len = fix[i].path.len;
		}
		if (a->peer.family == AF_UNIX && (fix[i].peer_path.len || fix[i].peer_path.p)) {
			a->peer.path = sval_ptr(r, &fix[i].peer_path);
			a->peer.path_len = fix[i].peer_path.len;
		}
	}
	return 0;
}

/* ---- proc, user, group, container lines ------------------------------------------ */

static const char *opt_str(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool parse_fd(struct rt_replay *r, const json_t *o, struct rt_fd_info *fi)
{
	const json_t *v;
	struct rt_sockaddr sa;
	struct sval unused;
	uint64_t u = 0;
	int64_t i = 0;

	memset(fi, 0, sizeof(*fi));
	if (!json_is_object(o) || !get_i64(o, "fd", &fi->fd) || fi->fd < 0)
		return false;
	v = json_object_get(o, "type");
	if (!json_is_string(v) ||
	    (fi->type = rt_fdtype_lookup(json_string_value(v), json_string_length(v))) ==
	        RT_FD_TYPE_COUNT)
		return false;
	fi->name = opt_str(o, "name");
	if (get_u64(o, "flags", &u))
		fi->flags = (uint32_t)u;
	if (get_i64(o, "l4proto", &i) && i >= 0 && i <= 255)
		fi->l4proto = (uint8_t)i;
	fi->connected = json_is_true(json_object_get(o, "connected"));
	fi->is_server = json_is_true(json_object_get(o, "server"));
	if (get_u64(o, "ino", &u))
		fi->ino = u;
	for (int k = 0; k < 2; k++) {
		struct rt_endpoint *e = k ? &fi->remote : &fi->local;

		v = json_object_get(o, k ? "remote" : "local");
		if (!v)
			continue;
		if (!get_endpoint(r, v, &sa, &unused) ||
		    (sa.family != AF_INET && sa.family != AF_INET6))
			return false;
		e->family = sa.family;
		e->port = sa.port;
		memcpy(e->addr, sa.addr, sizeof(e->addr));
	}
	return true;
}

static enum rt_ctr_runtime runtime_of(const char *s)
{
	static const char *const names[] = {"host", "docker", "cri", "containerd", "podman", "lxc"};

	for (size_t i = 0; s && i < VAKT_ARRAY_SIZE(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (enum rt_ctr_runtime)i;
	return RT_CTR_HOST;
}

static int parse_proc(struct rt_replay *r, const json_t *o, struct vakt_error **err)
{
	struct rt_proc_info in = {0};
	struct rt_ctr_ident ctr;
	struct rt_fd_info *fds = NULL;
	const json_t *v, *c;
	struct sval env = {0}, cg = {0};
	const char *why;
	uint64_t u;
	int rc = 0;

	if (!json_is_object(o) || !get_i64(o, "tid", &in.tid))
		return fail(r, err, -EINVAL, 0, "proc line has no \"tid\"");
	if (++r->procs > r->o.max_procs)
		return fail(r, err, -E2BIG, 0, "too many proc lines (more than %zu)",
		            r->o.max_procs);
	in.pid = get_i64(o, "pid", &in.pid) ? in.pid : in.tid;
	in.ptid = in.sid = in.vpgid = in.vtid = in.vpid = -1;
	get_i64(o, "ptid", &in.ptid);
	get_i64(o, "sid", &in.sid);
	get_i64(o, "vpgid", &in.vpgid);
	get_i64(o, "vtid", &in.vtid);
	get_i64(o, "vpid", &in.vpid);
	in.comm = opt_str(o, "comm");
	in.exe = opt_str(o, "exe");
	in.exepath = opt_str(o, "exepath");
	in.cwd = opt_str(o, "cwd");
	if ((v = json_object_get(o, "args"))) {
		if (!json_is_string(v))
			return fail(r, err, -EINVAL, 0, "proc's \"args\" is not a string");
		in.args_text = json_string_value(v);
		in.args_text_len = json_string_length(v);
		in.nargs = get_u64(o, "nargs", &u) ? (uint32_t)u : 0;
	}
	vakt_buf_reset(&r->scratch);
	if ((v = json_object_get(o, "env")) && !get_list(r, v, &env, &why))
		return fail(r, err, strcmp(why, "has too many items") ? -EINVAL : -E2BIG, 0,
		            "proc's \"env\" %s", why);
	if ((v = json_object_get(o, "cgroups")) && !get_list(r, v, &cg, &why))
		return fail(r, err, strcmp(why, "has too many items") ? -EINVAL : -E2BIG, 0,
		            "proc's \"cgroups\" %s", why);
	c = json_object_get(o, "ctr");
	if (c) {
		const char *id = opt_str(c, "id"), *full = opt_str(c, "full_id");

		if (!json_is_object(c) || !id || strlen(id) >= sizeof(ctr.id) ||
		    (full && strlen(full) >= sizeof(ctr.full_id)))
			return fail(r, err, -EINVAL, 0, "proc's \"ctr\" is malformed");
		memset(&ctr, 0, sizeof(ctr));
		ctr.runtime = runtime_of(opt_str(c, "runtime"));
		memcpy(ctr.id, id, strlen(id) + 1);
		memcpy(ctr.full_id, full ? full : id, strlen(full ? full : id) + 1);
		in.ctr = &ctr;
	}
#define U32(k, f)                                                                                  \
	if (get_u64(o, k, &u))                                                                     \
		in.f = (uint32_t)u;
#define U64(k, f)                                                                                  \
	if (get_u64(o, k, &u))                                                                     \
		in.f = u;
	in.loginuid = 0xffffffffu;
	U32("uid", uid)
	U32("gid", gid)
	U32("loginuid", loginuid)
	U32("tty", tty)
	U64("cap_inheritable", cap_inheritable)
	U64("cap_permitted", cap_permitted)
	U64("cap_effective", cap_effective)
	U32("exe_flags", exe_flags)
	U64("exe_ino", exe_ino)
	U64("exe_ino_ctime", exe_ino_ctime)
	U64("exe_ino_mtime", exe_ino_mtime)
	U64("start_ns", start_ts)
	U64("pidns_init_start_ns", pidns_init_start_ts)
	U64("pidns", pidns)
	U64("mntns", mntns)
#undef U32
#undef U64
	if ((v = json_object_get(o, "fds"))) {
		size_t n = json_is_array(v) ? json_array_size(v) : 0;

		if (!json_is_array(v))
			return fail(r, err, -EINVAL, 0, "proc's \"fds\" is not a list");
		if (n > RT_STATE_MAX_FDS)
			return fail(r, err, -E2BIG, 0, "too many descriptors (%zu, at most %d)", n,
			            RT_STATE_MAX_FDS);
		fds = vakt_xcalloc(n ? n : 1, sizeof(*fds));
		for (size_t i = 0; i < n && rc == 0; i++)
			if (!parse_fd(r, json_array_get(v, i), &fds[i]))
				rc = fail(r, err, -EINVAL, 0, "descriptor %zu is malformed", i + 1);
		in.fds = fds;
		in.n_fds = n;
	}
	if (rc == 0) {
		if (env.scratch) {
			in.env = sval_ptr(r, &env);
			in.env_len = env.len;
		}
		if (cg.scratch) {
			in.cgroups = sval_ptr(r, &cg);
			in.cgroups_len = cg.len;
		}
		rt_state_add_proc(r->s, &in);
	}
	free(fds);
	return rc;
}

static int parse_name(struct rt_replay *r, const json_t *o, bool user, struct vakt_error **err)
{
	uint64_t mntns = 0, id;
	const char *name = opt_str(o, "name");

	if (!json_is_object(o) || !name || !get_u64(o, user ? "uid" : "gid", &id) ||
	    id > 0xffffffffu || (json_object_get(o, "mntns") && !get_u64(o, "mntns", &mntns)))
		return fail(r, err, -EINVAL, 0, "%s line is malformed", user ? "user" : "group");
	if (user)
		rt_state_set_user_name(r->s, mntns, (uint32_t)id, name);
	else
		rt_state_set_group_name(r->s, mntns, (uint32_t)id, name);
	return 0;
}

static int parse_container(struct rt_replay *r, const json_t *o, struct vakt_error **err)
{
	struct rt_ctrmeta m = {0};
	const char *id = opt_str(o, "id");
	int64_t priv = -1;

	if (!json_is_object(o) || !id || !id[0] || strlen(id) > 64)
		return fail(r, err, -EINVAL, 0, "container line is malformed");
	m.name = opt_str(o, "name");
	m.image = opt_str(o, "image");
	m.image_repository = opt_str(o, "image_repository");
	m.image_tag = opt_str(o, "image_tag");
	m.image_digest = opt_str(o, "image_digest");
	m.k8s_ns = opt_str(o, "k8s_ns");
	m.k8s_pod = opt_str(o, "k8s_pod");
	get_i64(o, "privileged", &priv);
	m.privileged = priv < 0 ? -1 : priv > 0;
	rt_state_set_ctrmeta(r->s, id, &m);
	return 0;
}

/* ---- the reader ------------------------------------------------------------------ */

static json_t *parse_line(struct rt_replay *r, const char *line, size_t len,
                          struct vakt_error **err)
{
	json_error_t je;
	json_t *o = json_loadb(line ? line : "", len, JSON_REJECT_DUPLICATES, &je);

	if (!o) {
		fail(r, err, -EINVAL, je.column > 0 ? je.column : 0, "invalid JSON: %s", je.text);
		return NULL;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		fail(r, err, -EINVAL, 0, "a line must be a JSON object");
		return NULL;
	}
	return o;
}

static bool blank(const struct vakt_buf *b)
{
	for (size_t i = 0; i < b->len; i++)
		if (b->data[i] != ' ' && b->data[i] != '\t' && b->data[i] != '\r')
			return false;
	return true;
}

int rt_replay_read_line(void *src, char **line, size_t *len, size_t *lineno,
                        struct vakt_error **err)
{
	struct rt_replay *r = src;
	int rc;

	do
		rc = read_line(r, err);
	while (rc == 1 && blank(&r->line));
	*line = r->line.data;
	*len = r->line.len;
	*lineno = r->in_lineno;
	return rc;
}

static int read_header(struct rt_replay *r, struct vakt_error **err)
{
	int rc = read_line(r, err);
	json_t *o;
	const char *fmt;
	int64_t v = 0;
	uint64_t u;

	r->lineno = r->in_lineno;
	if (rc <= 0)
		return rc < 0 ? rc : fail(r, err, -EINVAL, 0, "empty event file (no header)");
	o = parse_line(r, r->line.data, r->line.len, err);
	if (!o)
		return -EINVAL;
	fmt = opt_str(o, "format");
	if (!fmt || strcmp(fmt, RT_RECORD_FORMAT) != 0) {
		json_decref(o);
		return fail(r, err, -EINVAL, 0,
		            "not a vakt event file (the first line has no \"format\":\"%s\")",
		            RT_RECORD_FORMAT);
	}
	if (!get_i64(o, "version", &v) || v != 1) {
		json_decref(o);
		return fail(
		    r, err, -EINVAL, 0,
		    "unsupported event format version %" PRId64 " (this vakt reads version 1)", v);
	}
	r->hdr.version = (int)v;
	r->host = vakt_xstrdup(opt_str(o, "host"));
	r->hdr.host = r->host;
	if (get_u64(o, "start_ns", &u))
		r->hdr.start_ns = u;
	if (get_u64(o, "boot_ns", &u))
		r->hdr.boot_ns = u;
	json_decref(o);
	if (r->host)
		rt_state_set_hostname(r->s, r->host);
	return 0;
}

static struct rt_replay *replay_new(const char *path, struct rt_state *s,
                                    const struct rt_replay_opts *opts)
{
	struct rt_replay *r = vakt_xcalloc(1, sizeof(*r));

	r->path = vakt_xstrdup(path ? path : "<events>");
	r->s = s;
	if (opts)
		r->o = *opts;
	if (!r->o.max_line)
		r->o.max_line = RT_REPLAY_MAX_LINE;
	if (!r->o.max_bytes)
		r->o.max_bytes = RT_REPLAY_MAX_BYTES;
	if (!r->o.max_items)
		r->o.max_items = RT_REPLAY_MAX_LIST_ITEMS;
	if (!r->o.max_procs)
		r->o.max_procs = RT_REPLAY_MAX_PROCS;
	return r;
}

/* Read on a second thread unless opts say otherwise or this process may use one CPU only. */
static void replay_start(struct rt_replay *r)
{
	cpu_set_t cpus;

	if (r->o.threads == 1 ||
	    (r->o.threads == 0 &&
	     (sched_getaffinity(0, sizeof(cpus), &cpus) < 0 || CPU_COUNT(&cpus) < 2)))
		return;
	/* On failure (no thread to be had) the replay stays on one thread. */
	rt_replay_pipe_start(rt_replay_read_line, r, r->o.general_only, r->o.max_items, &r->pipe);
}

int rt_replay_open(const char *path, struct rt_state *s, const struct rt_replay_opts *opts,
                   struct rt_replay **out, struct vakt_error **err)
{
	struct rt_replay *r;
	FILE *f = fopen(path, "re");
	int rc;

	if (!f)
		return vakt_error_set(err, -errno, "cannot open '%s': %s", path, strerror(errno));
	r = replay_new(path, s, opts);
	r->f = f;
	rc = read_header(r, err);
	if (rc < 0) {
		rt_replay_close(r);
		return rc;
	}
	replay_start(r);
	*out = r;
	return 0;
}

int rt_replay_open_mem(const char *name, const char *data, size_t len, struct rt_state *s,
                       const struct rt_replay_opts *opts, struct rt_replay **out,
                       struct vakt_error **err)
{
	struct rt_replay *r = replay_new(name, s, opts);
	int rc;

	r->mem = data;
	r->mem_len = len;
	rc = read_header(r, err);
	if (rc < 0) {
		rt_replay_close(r);
		return rc;
	}
	replay_start(r);
	*out = r;
	return 0;
}

const struct rt_replay_header *rt_replay_header(const struct rt_replay *r)
{
	return &r->hdr;
}

bool rt_replay_pipelined(const struct rt_replay *r)
{
	return r->pipe != NULL;
}

/* A line the fast path did not take: 1 for an event in *ev, 0 for a line of another kind. */
static int general_line(struct rt_replay *r, const char *line, size_t len, struct rt_event *ev,
                        struct vakt_error **err)
{
	json_t *o = parse_line(r, line, len, err), *v;
	int rc = 0;

	if (!o)
		return -EINVAL;
	vakt_buf_reset(&r->scratch);
	if (json_object_get(o, "type")) {
		rc = parse_event(r, o, ev, err);
		if (rc < 0) {
			json_decref(o);
			return rc;
		}
		r->cur = o;
		r->events++;
		return 1;
	}
	if ((v = json_object_get(o, "proc")))
		rc = parse_proc(r, v, err);
	else if ((v = json_object_get(o, "user")))
		rc = parse_name(r, v, true, err);
	else if ((v = json_object_get(o, "group")))
		rc = parse_name(r, v, false, err);
	else if ((v = json_object_get(o, "container")))
		rc = parse_container(r, v, err);
	else if ((v = json_object_get(o, "end"))) {
		uint64_t d = 0;

		if (json_is_object(v) && get_u64(v, "drops", &d))
			r->drops = d;
	} else if (json_object_get(o, "format"))
		rc = fail(r, err, -EINVAL, 0, "a second header");
	else
		rc = fail(r, err, -EINVAL, 0,
		          "unknown line (not an event, proc, user, group, container or end)");
	json_decref(o);
	return rc;
}

/* The next event into buf, or the pipe's: *out says which. */
static int next_pipelined(struct rt_replay *r, struct rt_event *buf, struct rt_event **out,
                          struct vakt_error **err)
{
	while (!r->failed) {
		const char *line;
		size_t len;
		int rc = rt_replay_pipe_next(r->pipe, out, &line, &len, &r->lineno, err);

		if (rc == RT_PIPE_EVENT) {
			r->events++;
			return 1;
		}
		if (rc < 0)
			r->failed = true;
		if (rc <= 0)
			return rc;
		*out = buf;
		rc = general_line(r, line, len, buf, err);
		if (rc != 0)
			return rc;
	}
	return vakt_error_set(err, -EINVAL, "'%s': replay already failed", r->path);
}

static int next_one_thread(struct rt_replay *r, struct rt_event *ev, struct vakt_error **err)
{
	while (!r->failed) {
		char *line;
		size_t len;
		int rc = rt_replay_read_line(r, &line, &len, &r->lineno, err);

		if (rc < 0)
			r->failed = true;
		if (rc <= 0)
			return rc;
		/* The recorder's own event lines first, without a JSON tree. */
		if (!r->o.general_only &&
		    rt_replay_fast_event(line, len, ev, &r->scratch, r->o.max_items)) {
			r->events++;
			return 1;
		}
		rc = general_line(r, line, len, ev, err);
		if (rc != 0)
			return rc;
	}
	return vakt_error_set(err, -EINVAL, "'%s': replay already failed", r->path);
}

int rt_replay_next(struct rt_replay *r, struct rt_event *ev, struct vakt_error **err)
{
	struct rt_event *got = ev;
	int rc;

	if (r->cur) {
		json_decref(r->cur);
		r->cur = NULL;
	}
	if (!r->pipe)
		return next_one_thread(r, ev, err);
	rc = next_pipelined(r, ev, &got, err);
	if (rc == 1 && got != ev)
		rt_replay_copy_event(ev, got);
	return rc;
}

int rt_replay_next_ref(struct rt_replay *r, struct rt_event **ev, struct vakt_error **err)
{
	if (r->cur) {
		json_decref(r->cur);
		r->cur = NULL;
	}
	*ev = &r->own;
	if (!r->pipe)
		return next_one_thread(r, &r->own, err);
	return next_pipelined(r, &r->own, ev, err);
}

uint64_t rt_replay_events(const struct rt_replay *r)
{
	return r->events;
}

uint64_t rt_replay_drops(const struct rt_replay *r)
{
	return r->drops;
}

void rt_replay_close(struct rt_replay *r)
{
	if (!r)
		return;
	/* The reading thread first: it reads r's input. */
	rt_replay_pipe_stop(r->pipe);
	if (r->f)
		fclose(r->f);
	if (r->cur)
		json_decref(r->cur);
	free(r->chunk);
	vakt_buf_release(&r->line);
	vakt_buf_release(&r->scratch);
	free(r->host);
	free(r->path);
	free(r);
}
