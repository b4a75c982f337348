/* SPDX-License-Identifier: MIT */
/*
 * docker/podman/nerdctl run and create command lines into container
 * settings, with the CLIs' flag grammar. The tables below list which long
 * flags take a value (the union of the three CLIs); a long flag in neither
 * table is taken as a boolean, as pflag would refuse it anyway and a new
 * flag must not swallow the image.
 */
#include <stdlib.h>

#include "runline.h"

/* Global options of the three CLIs that take a value (before the subcommand). */
static const char *const global_values[] = {
    "address",
    "cdi-spec-dir",
    "cgroup-manager",
    "cni-netconfpath",
    "cni-path",
    "config",
    "conmon",
    "connection",
    "context",
    "data-root",
    "events-backend",
    "hooks-dir",
    "host",
    "host-gateway-ip",
    "identity",
    "imagestore",
    "log-level",
    "module",
    "namespace",
    "network-cmd-path",
    "network-config-dir",
    "out",
    "root",
    "runroot",
    "runtime",
    "runtime-flag",
    "snapshotter",
    "ssh",
    "storage-driver",
    "storage-opt",
    "tlscacert",
    "tlscert",
    "tlskey",
    "tmpdir",
    "url",
    "volumepath",
};
/* Short global options that take a value: docker -c -H -l, nerdctl -a -n. */
static const char global_short_values[] = "cHlan";

/* Long run/create flags that take a value, sorted (bsearch). */
static const char *const run_values[] = {
    "add-host",
    "annotation",
    "arch",
    "attach",
    "authfile",
    "blkio-weight",
    "blkio-weight-device",
    "cap-add",
    "cap-drop",
    "cert-dir",
    "cgroup-conf",
    "cgroup-parent",
    "cgroupns",
    "cgroups",
    "chrootdirs",
    "cidfile",
    "conmon-pidfile",
    "cosign-certificate-identity",
    "cosign-certificate-identity-regexp",
    "cosign-certificate-oidc-issuer",
    "cosign-certificate-oidc-issuer-regexp",
    "cosign-key",
    "cpu-count",
    "cpu-percent",
    "cpu-period",
    "cpu-quota",
    "cpu-rt-period",
    "cpu-rt-runtime",
    "cpu-shares",
    "cpus",
    "cpuset-cpus",
    "cpuset-mems",
    "creds",
    "decryption-key",
    "detach-keys",
    "device",
    "device-cgroup-rule",
    "device-read-bps",
    "device-read-iops",
    "device-write-bps",
    "device-write-iops",
    "dns",
    "dns-opt",
    "dns-option",
    "dns-search",
    "domainname",
    "entrypoint",
    "env",
    "env-file",
    "env-merge",
    "expose",
    "gidmap",
    "gpus",
    "group-add",
    "group-entry",
    "health-cmd",
    "health-interval",
    "health-log-destination",
    "health-max-log-count",
    "health-max-log-size",
    "health-on-failure",
    "health-retries",
    "health-start-interval",
    "health-start-period",
    "health-startup-cmd",
    "health-startup-interval",
    "health-startup-retries",
    "health-startup-success",
    "health-startup-timeout",
    "health-timeout",
    "hostname",
    "hosts-file",
    "hostuser",
    "image-volume",
    "init-path",
    "io-maxbandwidth",
    "io-maxiops",
    "ip",
    "ip6",
    "ipc",
    "ipfs-address",
    "isolation",
    "kernel-memory",
    "label",
    "label-file",
    "link",
    "link-local-ip",
    "log-driver",
    "log-opt",
    "mac-address",
    "memory",
    "memory-reservation",
    "memory-swap",
    "memory-swappiness",
    "mount",
    "name",
    "net",
    "net-alias",
    "network",
    "network-alias",
    "oom-score-adj",
    "os",
    "passwd-entry",
    "personality",
    "pid",
    "pid-file",
    "pidfile",
    "pids-limit",
    "platform",
    "pod",
    "pod-id-file",
    "preserve-fd",
    "preserve-fds",
    "publish",
    "pull",
    "rdt-class",
    "requires",
    "restart",
    "retry",
    "retry-delay",
    "runtime",
    "sdnotify",
    "seccomp-policy",
    "secret",
    "security-opt",
    "shm-size",
    "shm-size-systemd",
    "stop-signal",
    "stop-timeout",
    "storage-opt",
    "subgidname",
    "subuidname",
    "sysctl",
    "systemd",
    "timeout",
    "tmpfs",
    "tz",
    "uidmap",
    "ulimit",
    "umask",
    "unsetenv",
    "user",
    "userns",
    "uts",
    "variant",
    "verify",
    "volume",
    "volume-driver",
    "volumes-from",
    "workdir",
};
/* Short run flags that take a value: -a -c -e -h -l -m -p -u -v -w. */
static const char run_short_values[] = "acehlmpuvw";

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool in_sorted(const char *const *v, size_t n, const char *name)
{
	return bsearch(&name, v, n, sizeof(*v), str_cmp) != NULL;
}

static bool in_list(const char *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], name))
			return true;
	return false;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* A flag's value with where it was written. */
struct flag_val {
	const char *text; /* borrowed; NULL for a boolean without "=value" */
	struct vakt_span span;
	bool dynamic;
};

static struct vakt_span span_join(struct vakt_span a, struct vakt_span b)
{
	if (b.line) {
		a.end_line = b.end_line ? b.end_line : b.line;
		a.end_column = b.end_column;
	}
	return a;
}

static void set_flag(struct ctr_flag *f, const struct flag_val *v)
{
	int b = v->text ? ctr_parse_bool(v->text) : 1;

	f->set = true;
	f->span = v->span;
	f->dynamic = v->dynamic || b < 0;
	f->on = b == 1;
}

static void push_list(struct ctr_strs *l, const struct flag_val *v)
{
	const char *p = v->text;

	/* podman splits --cap-add a,b; docker takes one per flag (a name has no comma). */
	while (p && *p) {
		size_t n = strcspn(p, ",");

		if (n) {
			char *one = vakt_xstrndup(p, n);

			ctr_strs_push(l, one, v->span, v->dynamic);
			free(one);
		}
		p += n;
		if (*p == ',')
			p++;
	}
}

static void add_env(struct ctr_settings *c, const struct flag_val *v)
{
	const char *eq = strchr(v->text, '=');
	struct ctr_env *e;

	if (eq == v->text || !(e = ctr_env_push(c)))
		return;
	e->name = eq ? vakt_xstrndup(v->text, (size_t)(eq - v->text)) : vakt_xstrdup(v->text);
	e->span = e->value_span = v->span;
	if (!eq)
		return; /* -e NAME: taken from the caller's environment */
	e->raw = vakt_xstrdup(eq + 1);
	if (v->dynamic)
		e->literal = ctr_literal_view(eq + 1, CTR_INTERP_SHELL, &e->dynamic);
	else
		e->literal = vakt_xstrdup(eq + 1); /* quoted: the shell expands nothing */
}

/* Apply a run flag (long name, or a one-letter short name) with its value. */
static void apply(struct ctr_settings *c, const char *name, const struct flag_val *v)
{
	struct ctr_mount *m;
	struct ctr_port *p;

	if (!strcmp(name, "privileged")) {
		set_flag(&c->privileged, v);
	} else if (!strcmp(name, "read-only")) {
		set_flag(&c->read_only, v);
	} else if (!strcmp(name, "publish-all") || !strcmp(name, "P")) {
		set_flag(&c->publish_all, v);
	} else if (!v->text) {
		return; /* other booleans do not matter here */
	} else if (!strcmp(name, "user") || !strcmp(name, "u")) {
		ctr_str_set(&c->user, v->text, v->span, v->dynamic);
	} else if (!strcmp(name, "cap-add")) {
		push_list(&c->cap_add, v);
	} else if (!strcmp(name, "cap-drop")) {
		push_list(&c->cap_drop, v);
	} else if (!strcmp(name, "security-opt")) {
		ctr_strs_push(&c->security_opt, v->text, v->span, v->dynamic);
	} else if (!strcmp(name, "network") || !strcmp(name, "net")) {
		ctr_str_set(&c->network, v->text, v->span, v->dynamic);
	} else if (!strcmp(name, "pid")) {
		ctr_str_set(&c->pid, v->text, v->span, v->dynamic);
	} else if (!strcmp(name, "ipc")) {
		ctr_str_set(&c->ipc, v->text, v->span, v->dynamic);
	} else if (!strcmp(name, "userns")) {
		ctr_str_set(&c->userns, v->text, v->span, v->dynamic);
	} else if (!strcmp(name, "volume") || !strcmp(name, "v")) {
		if ((m = ctr_mount_push(c))) {
			ctr_volume_parse(v->text, m);
			m->dynamic = v->dynamic;
			m->span = v->span;
		}
	} else if (!strcmp(name, "mount")) {
		if ((m = ctr_mount_push(c))) {
			ctr_mount_parse(v->text, m);
			m->dynamic = v->dynamic;
			m->span = v->span;
		}
	} else if (!strcmp(name, "tmpfs")) {
		if ((m = ctr_mount_push(c))) {
			m->tmpfs = true;
			m->target = vakt_xstrndup(v->text, strcspn(v->text, ":"));
			m->dynamic = v->dynamic;
			m->span = v->span;
		}
	} else if (!strcmp(name, "publish") || !strcmp(name, "p")) {
		if ((p = ctr_port_push(c))) {
			p->text = vakt_xstrdup(v->text);
			p->span = v->span;
			p->dynamic = v->dynamic
			                 ? !ctr_port_parse_interp(v->text, CTR_INTERP_SHELL, p)
			                 : !ctr_port_parse(v->text, p);
		}
	} else if (!strcmp(name, "env") || !strcmp(name, "e")) {
		add_env(c, v);
	} else if (!strcmp(name, "entrypoint")) {
		ctr_strs_push(&c->args, v->text, v->span, v->dynamic);
	}
}

/*
 * Whether a word that is nothing but an expansion ($OPTS, "$@") stands for
 * options rather than the image: a guess from the variable's name, since
 * the shell decides at run time. $IMAGE-like names and anything unknown are
 * the image.
 */
static bool expansion_is_options(const struct shell_word *w)
{
	static const char *const hints[] = {"OPT", "ARG", "FLAG", "PARAM", "EXTRA"};
	const char *t = w->text, *last = NULL;
	size_t last_n = 0;

	if (!w->has_expansion || t[0] != '$')
		return false;
	if (!strcmp(t, "$@") || !strcmp(t, "$*") || !strcmp(t, "${@}") || !strcmp(t, "${*}"))
		return true;
	/* The last word of the name decides: DOCKER_RUN_OPTS, TARGET_IMAGE. */
	for (const char *p = t + 1; *p;) {
		size_t n = 0;

		while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
		       (p[n] >= '0' && p[n] <= '9'))
			n++;
		if (n) {
			last = p;
			last_n = n;
		}
		p += n ? n : 1;
	}
	for (size_t i = 0; last && i < VAKT_ARRAY_SIZE(hints); i++)
		if (last_n >= strlen(hints[i]) &&
		    !vakt_strncasecmp(last, hints[i], strlen(hints[i])))
			return true;
	return false;
}

/* Index of the subcommand after program[at] and its global options, or 0 when none. */
static size_t find_sub(const struct shell_cmd *cmd, size_t at)
{
	size_t i = at + 1;

	while (i < cmd->argc) {
		const char *w = cmd->argv[i].text;

		if (w[0] != '-' || !w[1])
			break;
		if (w[1] == '-') {
			char *name = vakt_xstrndup(w + 2, strcspn(w + 2, "="));
			bool takes = !strchr(w, '=') &&
			             in_list(global_values, VAKT_ARRAY_SIZE(global_values), name);

			free(name);
			i += takes ? 2 : 1;
		} else {
			/* -D, -H host, -Hhost */
			i += (!w[2] && strchr(global_short_values, w[1])) ? 2 : 1;
		}
	}
	return i < cmd->argc ? i : 0;
}

/* Index of the subcommand's first argument after program[at] and its globals; 0 when not
 * run/create. */
static size_t find_run(const struct shell_cmd *cmd, size_t at, const char **sub)
{
	size_t i = find_sub(cmd, at);

	if (!i)
		return 0;
	if (!strcmp(cmd->argv[i].text, "container"))
		i++;
	if (i >= cmd->argc)
		return 0;
	if (strcmp(cmd->argv[i].text, "run") && strcmp(cmd->argv[i].text, "create"))
		return 0;
	*sub = cmd->argv[i].text;
	return i + 1;
}

/* --- builds and tags ------------------------------------------------------------------ */

/* What a command does to the local image store. */
enum store_op {
	STORE_NONE,
	STORE_BUILD, /* names its result with -t/--tag */
	STORE_TAG,   /* tag SOURCE TARGET... */
};

/*
 * docker|podman|nerdctl [globals] [image|builder|buildx [--builder X]] build|tag,
 * buildah [globals] bud|build|tag. Sets *first to the index of the first argument.
 */
static enum store_op store_op(const struct shell_cmd *cmd, size_t at, size_t *first)
{
	const char *prog = base_name(cmd->argv[at].text);
	bool buildah = !strcmp(prog, "buildah");
	size_t i;
	const char *w;

	if (!buildah && strcmp(prog, "docker") && strcmp(prog, "podman") && strcmp(prog, "nerdctl"))
		return STORE_NONE;
	if (!(i = find_sub(cmd, at)))
		return STORE_NONE;
	w = cmd->argv[i].text;
	if (!buildah && (!strcmp(w, "image") || !strcmp(w, "builder") || !strcmp(w, "buildx"))) {
		bool buildx = !strcmp(w, "buildx");

		i++;
		/* buildx's own options before its subcommand: --builder X, --debug. */
		while (buildx && i < cmd->argc && cmd->argv[i].text[0] == '-')
			i += !strcmp(cmd->argv[i].text, "--builder") ? 2 : 1;
		if (i >= cmd->argc)
			return STORE_NONE;
		w = cmd->argv[i].text;
	}
	*first = i + 1;
	if (!strcmp(w, "build") || (buildah && !strcmp(w, "bud")))
		return STORE_BUILD;
	if (!strcmp(w, "tag"))
		return STORE_TAG;
	return STORE_NONE;
}

/* Add a word naming an image unless the shell expands it. */
static void note_word(const struct shell_word *w, const char *text, struct ctr_local_images *set)
{
	if (!w->has_expansion)
		ctr_local_images_add(set, text);
}

void runline_note_builds(const struct shell_cmd *cmd, struct ctr_local_images *set)
{
	size_t at = shell_cmd_skip_wrappers(cmd), i = 0;
	enum store_op op;
	bool source = true;

	if (at >= cmd->argc || (op = store_op(cmd, at, &i)) == STORE_NONE)
		return;
	for (; i < cmd->argc; i++) {
		const struct shell_word *w = &cmd->argv[i];
		const char *t = w->text;

		if (op == STORE_BUILD) {
			if ((!strcmp(t, "-t") || !strcmp(t, "--tag")) && i + 1 < cmd->argc)
				note_word(&cmd->argv[i + 1], cmd->argv[i + 1].text, set);
			else if (vakt_starts_with(t, "--tag="))
				note_word(w, t + 6, set);
			else if (t[0] == '-' && t[1] == 't' && t[2])
				note_word(w, t + 2 + (t[2] == '='), set);
			continue;
		}
		/* tag SOURCE TARGET... (podman and buildah take several targets). */
		if (t[0] == '-')
			continue;
		if (source)
			source = false;
		else
			note_word(w, t, set);
	}
}

bool runline_parse_cmd(const struct shell_cmd *cmd, const char *object_prefix,
                       struct ctr_settings *c)
{
	size_t at = shell_cmd_skip_wrappers(cmd), i;
	const char *prog, *sub = NULL, *name = NULL;
	const struct shell_word *image = NULL;
	struct vakt_span last;
	char *object, *label;

	if (at >= cmd->argc)
		return false;
	prog = base_name(cmd->argv[at].text);
	if (strcmp(prog, "docker") && strcmp(prog, "podman") && strcmp(prog, "nerdctl"))
		return false;
	if (!(i = find_run(cmd, at, &sub)))
		return false;
	ctr_settings_init(c, CTR_RUN, NULL, NULL);
	last = cmd->argv[i - 1].span;
	for (; i < cmd->argc; i++) {
		const struct shell_word *w = &cmd->argv[i];
		const char *t = w->text;
		struct flag_val v = {NULL, w->span, w->has_expansion};

		last = w->span;
		if (!strcmp(t, "--")) {
			i++;
			break;
		}
		if (t[0] != '-' || !t[1]) {
			if (expansion_is_options(w)) {
				c->partial = true; /* options we cannot see */
				continue;
			}
			break;
		}
		if (t[1] == '-') {
			const char *eq = strchr(t, '=');
			char *flag =
			    vakt_xstrndup(t + 2, eq ? (size_t)(eq - t - 2) : strlen(t + 2));

			if (eq) {
				v.text = eq + 1;
			} else if (in_sorted(run_values, VAKT_ARRAY_SIZE(run_values), flag) &&
			           i + 1 < cmd->argc) {
				i++;
				v.text = cmd->argv[i].text;
				v.span = span_join(w->span, cmd->argv[i].span);
				v.dynamic = cmd->argv[i].has_expansion;
				last = cmd->argv[i].span;
			}
			if (!strcmp(flag, "name") && v.text)
				name = v.text;
			apply(c, flag, &v);
			free(flag);
			continue;
		}
		/* Short flags, combined as pflag reads them: -dit, -itp 80:80, -p8080:80, -p=80. */
		for (size_t k = 1; t[k]; k++) {
			char letter[2] = {t[k], '\0'};

			if (!strchr(run_short_values, t[k])) {
				struct flag_val b = {NULL, w->span, false};

				apply(c, letter, &b);
				continue;
			}
			if (t[k + 1]) {
				v.text = t + k + 1 + (t[k + 1] == '=');
			} else if (i + 1 < cmd->argc) {
				i++;
				v.text = cmd->argv[i].text;
				v.span = span_join(w->span, cmd->argv[i].span);
				v.dynamic = cmd->argv[i].has_expansion;
				last = cmd->argv[i].span;
			}
			apply(c, letter, &v);
			break;
		}
	}
	if (i < cmd->argc) {
		image = &cmd->argv[i];
		ctr_str_set(&c->image, image->text, image->span, image->has_expansion);
		last = image->span;
		/* The command and its arguments, run in the container. */
		for (size_t k = i + 1; k < cmd->argc; k++)
			ctr_strs_push(&c->args, cmd->argv[k].text, cmd->argv[k].span,
			              cmd->argv[k].has_expansion);
	}
	c->where = span_join(cmd->argv[at].span, last);
	object = vakt_xasprintf("%s%s%s-%s%s%.*s", object_prefix ? object_prefix : "",
	                        object_prefix ? "/" : "", prog, sub, name ? "/" : "", CTR_MSG_MAX,
	                        name ? name : "");
	label = name ? vakt_xasprintf("%s %s --name %.*s", prog, sub, CTR_MSG_MAX, name)
	             : vakt_xasprintf("%s %s", prog, sub);
	free(c->object);
	free(c->label);
	c->object = object;
	c->label = label;
	return true;
}
