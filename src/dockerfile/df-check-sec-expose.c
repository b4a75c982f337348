/* SPDX-License-Identifier: MIT */
/*
 * Exposure rules (DF030-DF032): SSH advertised by EXPOSE, malformed EXPOSE
 * ports, and VOLUME / WORKDIR on kernel and host-control paths.
 */
#include "df-check-sec.h"

/* Longest path normalised for DF031; longer ones are not judged. */
#define SEC_PATH_MAX 4096

enum port_err {
	PORT_OK = 0,
	PORT_EMPTY,
	PORT_NOT_NUMBER,
	PORT_RANGE,
	PORT_ORDER,
	PORT_MAPPING,
	PORT_PROTO,
};

struct port_spec {
	long lo, hi;
	const char *proto; /* points into the parsed string; "" when absent */
};

static bool digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* One port number s[0..n): PORT_OK with *v, or the error. */
static enum port_err port_number(const char *s, size_t n, long *v)
{
	char buf[16];

	if (n == 0)
		return PORT_EMPTY;
	if (!digits(s, n))
		return PORT_NOT_NUMBER;
	/* More digits than any port has is out of range, whatever the value. */
	if (n >= sizeof(buf))
		return PORT_RANGE;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (vakt_parse_long(buf, 0, 65535, v))
		return PORT_RANGE;
	return PORT_OK;
}

/* "80", "80/tcp", "8000-8010/udp"; a ':' means an address or a host mapping. */
static enum port_err port_parse(const char *s, struct port_spec *p)
{
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	const char *dash;
	enum port_err e;

	p->lo = p->hi = 0;
	p->proto = slash ? slash + 1 : "";
	if (strchr(s, ':'))
		return PORT_MAPPING;
	if (slash && vakt_strcasecmp(p->proto, "tcp") && vakt_strcasecmp(p->proto, "udp") &&
	    vakt_strcasecmp(p->proto, "sctp"))
		return PORT_PROTO;
	dash = memchr(s, '-', n);
	if (!dash) {
		e = port_number(s, n, &p->lo);
		p->hi = p->lo;
		return e;
	}
	e = port_number(s, (size_t)(dash - s), &p->lo);
	if (e == PORT_OK)
		e = port_number(dash + 1, n - (size_t)(dash - s) - 1, &p->hi);
	if (e == PORT_OK && p->lo > p->hi)
		e = PORT_ORDER;
	return e;
}

typedef void (*word_fn)(struct vakt_check_ctx *ctx, const struct df_instr *in,
                        const struct df_word *w, const char *value, void *data);

/*
 * Call fn for each value of the instruction's arguments after expansion
 * (a shell-form word may expand to several, as BuildKit splits them again).
 */
static void each_value(struct vakt_check_ctx *ctx, const struct df_instr *in, size_t at, word_fn fn,
                       void *data)
{
	const struct df_file *f = ctx->model;

	for (size_t a = 0; a < in->n_args; a++) {
		const struct df_word *w = &in->args[a];
		char *v = df_file_word(f, in->stage, at, w, in->exec_form);

		if (!v)
			continue;
		if (in->exec_form || !strpbrk(v, " \t\n")) {
			fn(ctx, in, w, v, data);
			free(v);
			continue;
		}
		for (char *p = v + strspn(v, " \t\n"); *p;) {
			size_t n = strcspn(p, " \t\n");
			bool last = !p[n];

			p[n] = '\0';
			fn(ctx, in, w, p, data);
			if (last)
				break;
			p += n + 1;
			p += strspn(p, " \t\n");
		}
		free(v);
	}
}

/* " ('$X' resolves to 'y')" for a word written with a variable. Caller frees. */
static char *word_note(const struct df_word *w, const char *value)
{
	if (!w->raw || !strchr(w->raw, '$'))
		return vakt_xstrdup("");
	return vakt_xasprintf(" ('%.*s' resolves to '%.*s')", DF_SEC_MSG_MAX, w->raw,
	                      DF_SEC_MSG_MAX, value);
}

static void ssh_one(struct vakt_check_ctx *ctx, const struct df_instr *in, const struct df_word *w,
                    const char *value, void *data)
{
	struct port_spec p;
	char *note;

	if (port_parse(value, &p) != PORT_OK || (*p.proto && vakt_strcasecmp(p.proto, "tcp")))
		return;
	if (p.lo > 22 || p.hi < 22)
		return;
	note = word_note(w, value);
	vakt_check_emit(ctx, &w->span, NULL,
	                "EXPOSE %.*s%s advertises port 22 (SSH): a container should not run an "
	                "SSH server; use docker exec or kubectl exec to get a shell",
	                DF_SEC_MSG_MAX, w->value ? w->value : value, note);
	free(note);
}

/* DF030: EXPOSE 22 in the final image. */
void df_check_sec_expose_ssh(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];

		if (in->kind == DF_EXPOSE && df_sec_in_final_chain(f, in->stage))
			each_value(ctx, in, i, ssh_one, NULL);
	}
}

static void format_one(struct vakt_check_ctx *ctx, const struct df_instr *in,
                       const struct df_word *w, const char *value, void *data)
{
	struct port_spec p;
	enum port_err e = port_parse(value, &p);
	const char *why;

	switch (e) {
	case PORT_OK:
		return;
	case PORT_EMPTY:
		why = "has an empty port";
		break;
	case PORT_NOT_NUMBER:
		why = "is not a port number or range (PORT[/PROTO] or FIRST-LAST[/PROTO])";
		break;
	case PORT_RANGE:
		why = "is outside the port range 0-65535";
		break;
	case PORT_ORDER:
		why = "is a range whose first port is above its last";
		break;
	case PORT_MAPPING:
		why = "holds an address or a host-port mapping, which EXPOSE cannot set; publish "
		      "ports with docker run -p instead";
		break;
	case PORT_PROTO:
		why = "names a protocol other than tcp, udp or sctp";
		break;
	default:
		return;
	}
	vakt_check_emit(ctx, &w->span, NULL, "EXPOSE %.*s %s", DF_SEC_MSG_MAX, value, why);
}

/* DF032: malformed or out-of-range EXPOSE ports, in every stage. */
void df_check_sec_expose_format(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;

	for (size_t i = 0; i < f->n_instrs; i++)
		if (f->instrs[i].kind == DF_EXPOSE)
			each_value(ctx, &f->instrs[i], i, format_one, NULL);
}

/*
 * Normalise an absolute path: no empty, "." or ".." components, no trailing
 * '/', "/var/run" read as "/run" (it is a link to it). NULL for relative or
 * overlong paths. Caller frees.
 */
static char *path_normalise(const char *p)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *out;

	if (p[0] != '/' || strlen(p) > SEC_PATH_MAX)
		return NULL;
	while (*p) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = b.len ? strrchr(b.data, '/') : NULL;

			if (slash) {
				b.len = (size_t)(slash - b.data);
				b.data[b.len] = '\0';
			}
		} else {
			vakt_buf_addc(&b, '/');
			vakt_buf_add(&b, p, n);
		}
		p += n;
	}
	out = vakt_buf_detach(&b);
	if (!*out) {
		free(out);
		return vakt_xstrdup("/");
	}
	if (vakt_starts_with(out, "/var/run") && (out[8] == '/' || !out[8])) {
		char *r = vakt_xasprintf("/run%s", out + 8);

		free(out);
		out = r;
	}
	return out;
}

/* Whether path is dir or below it. */
static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

static const char *volume_danger(const char *path)
{
	if (under(path, "/proc"))
		return "the kernel's process interface";
	if (under(path, "/sys"))
		return "the kernel's device and driver interface";
	if (under(path, "/dev"))
		return "the device nodes";
	if (!strcmp(path, "/run/docker.sock"))
		return "the Docker socket, which gives root on the host";
	return NULL;
}

static const char *workdir_danger(const char *path)
{
	static const char *const dirs[] = {"/proc", "/boot",   "/dev",
	                                   "/sys",  "/initrd", "/lost+found"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(dirs); i++)
		if (under(path, dirs[i]))
			return dirs[i];
	return NULL;
}

static void volume_one(struct vakt_check_ctx *ctx, const struct df_instr *in,
                       const struct df_word *w, const char *value, void *data)
{
	char *p = path_normalise(value);
	const char *danger = p ? volume_danger(p) : NULL;

	if (danger)
		vakt_check_emit(ctx, &w->span, NULL,
		                "VOLUME %.*s declares a volume over %s: a host path mounted there "
		                "hands the container control of the host; keep application data "
		                "under its own directory such as /data",
		                DF_SEC_MSG_MAX, value, danger);
	free(p);
}

/* DF031: VOLUME over kernel interfaces or the Docker socket, WORKDIR in system directories. */
void df_check_sec_sensitive_path(struct vakt_check_ctx *ctx)
{
	const struct df_file *f = ctx->model;

	for (size_t i = 0; i < f->n_instrs; i++) {
		const struct df_instr *in = &f->instrs[i];

		if (in->kind == DF_VOLUME) {
			each_value(ctx, in, i, volume_one, NULL);
		} else if (in->kind == DF_WORKDIR && in->n_args >= 1) {
			char *v = df_file_word(f, in->stage, i, &in->args[0], false);
			char *p = v ? path_normalise(v) : NULL;
			const char *dir = p ? workdir_danger(p) : NULL;

			if (dir)
				vakt_check_emit(
				    ctx, &in->args[0].span, NULL,
				    "WORKDIR %.*s is inside %s, a system directory: files "
				    "the application writes there can reach the kernel or "
				    "boot files; use an application directory such as /app",
				    DF_SEC_MSG_MAX, v, dir);
			free(p);
			free(v);
		}
	}
}
