/* SPDX-License-Identifier: MIT */
#ifndef VAKT_CTR_SETTINGS_H
#define VAKT_CTR_SETTINGS_H

/*
 * The runtime settings of one container, whatever wrote them: a service of
 * a compose file or a `docker run` / `podman run` command line. Both
 * domains (compose/ and runline/) fill this model and run the one rule
 * table over it (ctr_rules, CR001...), so a setting means the same thing
 * and gets the same finding in either place.
 *
 * Every value keeps where it was written. A value holding an interpolation
 * (`${VAR}` in compose, `$VAR` or `$(...)` in a shell) is `dynamic`: rules
 * skip what they cannot know instead of guessing.
 */

#include <stdbool.h>

#include "core/check.h"
#include "core/rule.h"
#include "core/scan.h"

/* Most entries kept for one list setting (ports, mounts, env, caps, options); more are ignored. */
#define CTR_MAX_ITEMS 4096
/* Deepest ${A:-${B:-...}} nesting whose defaults are read; deeper ones count as "". */
#define CTR_INTERP_MAX_DEPTH 8
/* Longest piece of user text quoted in a message. */
#define CTR_MSG_MAX 200

enum ctr_origin {
	CTR_COMPOSE, /* a compose service */
	CTR_RUN,     /* a docker/podman/nerdctl run or create command line */
};

/* A string setting; text NULL when it is not set. */
struct ctr_str {
	char *text; /* owned; as written (quotes removed) */
	struct vakt_span span;
	bool dynamic; /* holds an interpolation / expansion */
};

struct ctr_strs {
	struct ctr_str *v; /* owned */
	size_t n;
	size_t cap;
};

/* A boolean setting (`privileged: true`, `--read-only`). */
struct ctr_flag {
	bool set;     /* written at all */
	bool on;      /* its value when set */
	bool dynamic; /* value is an interpolation: unknown */
	struct vakt_span span;
};

/* A volume, bind mount or tmpfs. */
struct ctr_mount {
	char *source;   /* owned; host path or volume name; NULL when none (anonymous, tmpfs) */
	char *target;   /* owned; path in the container; NULL when not given */
	bool host_path; /* the source is a host path (a bind mount) */
	bool tmpfs;
	bool read_only;
	bool dynamic; /* source or target holds an interpolation */
	struct vakt_span span;
};

/* A published port: [host_ip:][host_port:]container_port[/proto]. */
struct ctr_port {
	char *text;       /* owned; as written, for messages */
	char *host_ip;    /* owned; NULL when not given (every interface) */
	unsigned host_lo; /* 0: a random host port */
	unsigned host_hi;
	unsigned ctr_lo; /* the container port range */
	unsigned ctr_hi;
	bool host_dynamic; /* the host port is an interpolation without a default: published on
	                      a port the file does not say */
	bool dynamic;      /* holds an interpolation vakt cannot read: not judged */
	struct vakt_span span;
};

/* An environment entry. */
struct ctr_env {
	char *name; /* owned */
	char *raw;  /* owned; the value as written; NULL when taken from the caller's environment */
	char *literal; /* owned; raw with every interpolation replaced by its default or ""; NULL
	                  with raw */
	bool dynamic;  /* raw holds an interpolation */
	struct vakt_span span;       /* the whole entry */
	struct vakt_span value_span; /* the value (the entry when it has no separate position) */
};

struct ctr_settings {
	enum ctr_origin origin;
	char *object; /* owned; the object path: "compose/web", "docker-run", "build/step[2]" */
	char *label;  /* owned; for messages: "service 'web'", "docker run" */
	struct vakt_span
	    where; /* the service key or the command: where missing settings are reported */
	struct ctr_str image; /* text NULL when none */
	/*
	 * The image comes from a local build, not a pull: compose `build:`, an
	 * image another service of the compose file builds, or one built or
	 * tagged earlier in the same script, Makefile or CI file.
	 */
	bool builds;
	/*
	 * Missing settings cannot be judged: a compose service with neither
	 * image nor build (an override fragment merged into another file), or
	 * one that extends a service of another file.
	 */
	bool partial;
	struct ctr_str user;
	struct ctr_flag privileged;
	struct ctr_flag read_only;
	struct ctr_strs cap_add;
	struct ctr_strs cap_drop;
	struct ctr_strs security_opt;
	struct ctr_str network; /* network_mode / --network */
	struct ctr_str pid;
	struct ctr_str ipc;
	struct ctr_str userns;
	struct ctr_mount *mounts; /* owned; volumes, --mount, tmpfs */
	size_t n_mounts;
	size_t cap_mounts;
	struct ctr_port *ports; /* owned */
	size_t n_ports;
	size_t cap_ports;
	struct ctr_flag publish_all; /* -P / --publish-all */
	struct ctr_env *env;         /* owned */
	size_t n_env;
	size_t cap_env;
	/* The entrypoint and command as written (compose `entrypoint:` and `command:`, a list or
	 * one string; `--entrypoint` and the words after the image): read for the endpoints and
	 * regions they name (RS002). */
	struct ctr_strs args;
};

/*
 * s as Docker reads a boolean option value (Go's strconv.ParseBool: 1, t,
 * true, TRUE, True and their false forms): 1, 0, or -1 when not a boolean.
 */
int ctr_parse_bool(const char *s);

/* Zero c and set what every container has. object and label are copied. */
void ctr_settings_init(struct ctr_settings *c, enum ctr_origin origin, const char *object,
                       const char *label);
/* Free what c owns and zero it. */
void ctr_settings_release(struct ctr_settings *c);

/* Set a string setting to a copy of text (replacing an earlier value). */
void ctr_str_set(struct ctr_str *s, const char *text, struct vakt_span span, bool dynamic);
/* Append a copy of text; ignored beyond CTR_MAX_ITEMS. */
void ctr_strs_push(struct ctr_strs *l, const char *text, struct vakt_span span, bool dynamic);
/* Append a zeroed entry and return it, or NULL beyond CTR_MAX_ITEMS. Valid until the next push. */
struct ctr_mount *ctr_mount_push(struct ctr_settings *c);
struct ctr_port *ctr_port_push(struct ctr_settings *c);
struct ctr_env *ctr_env_push(struct ctr_settings *c);

/* How the text of a value is interpolated. */
enum ctr_interp {
	CTR_INTERP_COMPOSE, /* ${VAR}, ${VAR:-default}, $VAR; $$ is a literal '$' */
	CTR_INTERP_SHELL,   /* the shell's $VAR, ${...}, $(...), `...`, $$ */
};

/*
 * s with every interpolation replaced by its literal default
 * (`${VAR:-x}`, `${VAR-x}` give "x") or by "" (no default), so that what is
 * left is what the file itself says. Sets *dynamic when s holds any
 * interpolation. The caller frees the result.
 */
char *ctr_literal_view(const char *s, enum ctr_interp mode, bool *dynamic);
/* Whether s holds an interpolation in mode. */
bool ctr_has_interp(const char *s, enum ctr_interp mode);

/*
 * Parse the short port syntax "[ip:][host[-host]:]port[-port][/proto]" (as
 * docker run -p and compose `ports:` read it) into p's host_ip and ranges.
 * Returns false when it is not a port specification.
 */
bool ctr_port_parse(const char *spec, struct ctr_port *p);
/*
 * ctr_port_parse() of a specification that may hold interpolations in mode:
 * an interpolated host port (`${PG_PORT}:5432`, `${PG_PORT:-5432}:5432`) is
 * still published, on every interface unless an address is written; its
 * default is read as the port (none sets host_dynamic); an interpolated
 * address counts by its default (`${BIND:-127.0.0.1}` is loopback,
 * `${BIND:-0.0.0.0}` every interface). Returns false (not judged) when the
 * container port or an address without a default is interpolated, or the
 * rest is not a port specification.
 */
bool ctr_port_parse_interp(const char *spec, enum ctr_interp mode, struct ctr_port *p);
/*
 * Parse the short volume syntax "[source:]target[:options]" (-v, compose
 * `volumes:`) into m. Returns false when spec is empty.
 */
bool ctr_volume_parse(const char *spec, struct ctr_mount *m);
/* Parse --mount's "type=bind,source=/x,target=/y,readonly" into m. */
bool ctr_mount_parse(const char *spec, struct ctr_mount *m);
/* Whether a mount source names a host path (absolute, relative or ~). */
bool ctr_is_host_path(const char *source);

/* Whether a user spec "user[:group]" names root (root, 0, 00, root:x, 0:0). */
bool ctr_user_is_root(const char *user);
/* A capability name without "CAP_", upper-cased, in buf (size n). Returns buf. */
const char *ctr_cap_name(const char *cap, char *buf, size_t n);

/* What an image's default user is, as far as vakt knows. */
enum ctr_image_user {
	CTR_IMAGE_UNKNOWN = 0, /* built locally, interpolated, or an image vakt knows nothing of */
	CTR_IMAGE_ROOT,        /* a Docker Official Image that starts as root */
	CTR_IMAGE_NONROOT,     /* an image documented to run as a non-root user */
};
/*
 * c's image's default user, parsed once. With drops_to (may be NULL): the
 * user an official image's entrypoint runs its server as after starting as
 * root (postgres, redis, mysql, ...: knowledge in knowledge/imageref.h), when
 * c runs that server (no command, the server's name first, or only its
 * options); NULL otherwise (also for an overridden entrypoint). Static.
 */
enum ctr_image_user ctr_image_default_user(const struct ctr_settings *c, const char **drops_to);

/* --- images built in the same file ----------------------------------------------- */

/* Most distinct local image names remembered per file; more are not. */
#define CTR_LOCAL_MAX_IMAGES 65536

/*
 * The images a file builds or tags itself, by normalised repository name
 * (registry and repository; the tag and digest are not compared, since
 * `docker build -t app .` then `docker run app:latest` or `app:dev` runs
 * the author's own image either way). Zero-initialise; release with
 * ctr_local_images_release().
 */
struct ctr_local_images {
	char **slots; /* owned; open addressing, NULL empty */
	size_t n_slots;
	size_t n;
};

/* Remember ref (copied); a reference holding a variable or not parseable is ignored. */
void ctr_local_images_add(struct ctr_local_images *s, const char *ref);
/* Whether ref names a remembered image (s may be NULL). */
bool ctr_local_images_has(const struct ctr_local_images *s, const char *ref);
void ctr_local_images_release(struct ctr_local_images *s);

/* --- running the rules --------------------------------------------------------- */

/*
 * The container rules (ctr-rules.c), ending with {.id = NULL}, and the
 * NULL-terminated list of that one table for the descriptors of the domains
 * that run them (compose_domain, runline_domain; core/domain.h).
 */
extern const struct vakt_rule ctr_rules[];
extern const struct vakt_rule *const ctr_rule_tables[];

/*
 * The values() hook of compose_domain and runline_domain (core/domain.h):
 * the image's registry and the endpoints and regions in the environment and
 * the command of the struct ctr_settings in ctx->model.
 */
void ctr_values(struct vakt_check_ctx *ctx);

/*
 * Run the rules of d (compose_domain or runline_domain, whose table is
 * ctr_rules) on c, and with them the families (data residency) on c's
 * values (ctr_values()); findings go to out with c->object as their object
 * path.
 */
void ctr_run_rules(const struct vakt_domain *d, const struct ctr_settings *c,
                   const struct vakt_source *src, const struct vakt_scan_opts *o,
                   struct vakt_findings *out);

#endif
