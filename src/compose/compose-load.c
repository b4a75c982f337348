/* SPDX-License-Identifier: MIT */
/* Compose services from the YAML tree into container settings (see compose.h). */
#include <errno.h>

#include <limits.h>

#include "compose.h"

/* A service and the services it extends within the file, nearest first. */
struct svc_chain {
	const struct vakt_yaml_node *v[COMPOSE_MAX_EXTENDS + 1];
	size_t n;
	bool foreign; /* extends a service of another file */
};

static struct vakt_span node_span(const struct vakt_yaml_node *n)
{
	struct vakt_span sp = {0, 0, 0, 0};

	if (n) {
		sp.line = n->line;
		sp.column = n->col;
		sp.end_line = n->end_line;
		sp.end_column = n->end_col;
	}
	return sp;
}

/* From the start of a to the end of b. */
static struct vakt_span span_join(const struct vakt_yaml_node *a, const struct vakt_yaml_node *b)
{
	struct vakt_span sp = node_span(a);

	if (b && b->end_line) {
		sp.end_line = b->end_line;
		sp.end_column = b->end_col;
	}
	return sp;
}

static void add_error(struct vakt_error_list *errs, const struct vakt_source *src,
                      const struct vakt_yaml_node *at, const char *what, const char *name)
{
	struct vakt_error *err = NULL;

	vakt_error_set_at(&err, -EINVAL, src->path, at ? at->line : 0, at ? at->col : 0,
	                  "%s '%.*s' %s", name ? "service" : "compose", CTR_MSG_MAX,
	                  name ? name : "services", what);
	vakt_error_list_add(errs, err);
}

/* The mapping of service `name` in services, or NULL. */
static const struct vakt_yaml_node *find_service(const struct vakt_yaml_node *services,
                                                 const char *name)
{
	const struct vakt_yaml_node *v = vakt_yaml_get(services, name);

	return vakt_yaml_is_map(v) ? v : NULL;
}

/* Follow `extends` (a service name, or {service, file}) from svc. */
static void chain_build(const struct vakt_yaml_node *services, const struct vakt_yaml_node *svc,
                        struct svc_chain *ch)
{
	ch->n = 0;
	ch->foreign = false;
	while (svc && ch->n < VAKT_ARRAY_SIZE(ch->v)) {
		const struct vakt_yaml_node *ext = vakt_yaml_get(svc, "extends");
		const char *base = NULL;

		for (size_t i = 0; i < ch->n; i++)
			if (ch->v[i] == svc)
				return; /* a cycle: compose refuses it; stop here */
		ch->v[ch->n++] = svc;
		if (!ext)
			return;
		if (vakt_yaml_is_map(ext)) {
			if (!vakt_yaml_is_null(vakt_yaml_get(ext, "file"))) {
				ch->foreign = true;
				return;
			}
			base = vakt_yaml_text(vakt_yaml_get(ext, "service"));
		} else {
			base = vakt_yaml_text(ext);
		}
		svc = base ? find_service(services, base) : NULL;
	}
}

/* The nearest value of key along the chain, or NULL. */
static const struct vakt_yaml_node *chain_get(const struct svc_chain *ch, const char *key)
{
	for (size_t i = 0; i < ch->n; i++) {
		const struct vakt_yaml_node *v = vakt_yaml_get(ch->v[i], key);

		if (v)
			return v;
	}
	return NULL;
}

static bool has_interp(const char *s)
{
	return ctr_has_interp(s, CTR_INTERP_COMPOSE);
}

/* A scalar's text including numbers and booleans ("0" for user: 0); NULL for null or non-scalars.
 */
static const char *scalar(const struct vakt_yaml_node *n)
{
	return vakt_yaml_text(n);
}

static void load_str(struct ctr_str *s, const struct vakt_yaml_node *n)
{
	const char *t = scalar(n);

	if (t)
		ctr_str_set(s, t, node_span(n), has_interp(t));
}

/* Compose converts a string to a boolean leniently (y, yes, on, true, ...). */
static int text_bool(const char *t)
{
	static const char *const yes[] = {"y", "yes", "true", "on", "1"};
	static const char *const no[] = {"n", "no", "false", "off", "0"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(yes); i++) {
		if (!vakt_strcasecmp(t, yes[i]))
			return 1;
		if (!vakt_strcasecmp(t, no[i]))
			return 0;
	}
	return -1;
}

static void load_flag(struct ctr_flag *f, const struct vakt_yaml_node *n)
{
	const char *t = scalar(n);
	int b;

	if (!t)
		return;
	f->set = true;
	f->span = node_span(n);
	if (has_interp(t)) {
		f->dynamic = true;
		return;
	}
	b = text_bool(t);
	f->on = b == 1;
	f->dynamic = b < 0; /* not a boolean: compose would refuse it; judge nothing */
}

/* Every scalar item of v (a lone scalar counts as one item). */
static void push_items(struct ctr_strs *l, const struct vakt_yaml_node *v)
{
	if (vakt_yaml_is_seq(v)) {
		for (size_t k = 0; k < v->n; k++) {
			const char *t = scalar(v->items[k]);

			if (t)
				ctr_strs_push(l, t, node_span(v->items[k]), has_interp(t));
		}
	} else if (scalar(v)) {
		ctr_strs_push(l, scalar(v), node_span(v), has_interp(scalar(v)));
	}
}

/* Every scalar item of key along the chain. */
static void load_strs(struct ctr_strs *l, const struct svc_chain *ch, const char *key)
{
	for (size_t i = 0; i < ch->n; i++)
		push_items(l, vakt_yaml_get(ch->v[i], key));
}

/* --- volumes and tmpfs ------------------------------------------------------------ */

static void load_volume(struct ctr_settings *c, const struct vakt_yaml_node *item)
{
	struct ctr_mount *m;
	const char *t;

	if (vakt_yaml_is_map(item)) {
		const char *type = scalar(vakt_yaml_get(item, "type"));
		const char *src = scalar(vakt_yaml_get(item, "source"));
		const char *dst = scalar(vakt_yaml_get(item, "target"));
		bool ro = false;

		if (!(m = ctr_mount_push(c)))
			return;
		vakt_yaml_bool(vakt_yaml_get(item, "read_only"), &ro);
		m->source = vakt_xstrdup(src);
		m->target = vakt_xstrdup(dst);
		m->read_only = ro;
		m->tmpfs = type && !strcmp(type, "tmpfs");
		m->host_path =
		    type ? !strcmp(type, "bind") || !strcmp(type, "npipe") : ctr_is_host_path(src);
		m->dynamic = has_interp(src) || has_interp(dst);
		m->span = node_span(item);
		return;
	}
	if (!(t = scalar(item)) || !(m = ctr_mount_push(c)))
		return;
	ctr_volume_parse(t, m);
	m->dynamic = has_interp(t);
	m->span = node_span(item);
}

static void load_tmpfs(struct ctr_settings *c, const struct vakt_yaml_node *item)
{
	const char *t = scalar(item);
	struct ctr_mount *m;

	if (!t || !(m = ctr_mount_push(c)))
		return;
	m->tmpfs = true;
	m->target = vakt_xstrndup(t, strcspn(t, ":"));
	m->dynamic = has_interp(t);
	m->span = node_span(item);
}

/* Call fn on every item of key along the chain (a lone value counts as one). */
static void each_item(struct ctr_settings *c, const struct svc_chain *ch, const char *key,
                      void (*fn)(struct ctr_settings *c, const struct vakt_yaml_node *item))
{
	for (size_t i = 0; i < ch->n; i++) {
		const struct vakt_yaml_node *v = vakt_yaml_get(ch->v[i], key);

		if (vakt_yaml_is_seq(v)) {
			for (size_t k = 0; k < v->n; k++)
				fn(c, v->items[k]);
		} else if (v && !vakt_yaml_is_null(v)) {
			fn(c, v);
		}
	}
}

/* --- ports ---------------------------------------------------------------------- */

static void load_port(struct ctr_settings *c, const struct vakt_yaml_node *item)
{
	struct ctr_port *p;
	const char *t;

	if (vakt_yaml_is_map(item)) {
		const char *target = scalar(vakt_yaml_get(item, "target"));
		const char *published = scalar(vakt_yaml_get(item, "published"));
		const char *ip = scalar(vakt_yaml_get(item, "host_ip"));
		char *spec, *short_spec;

		if (!target || !(p = ctr_port_push(c)))
			return;
		spec =
		    vakt_xasprintf("%s%s%s%s%s", ip ? ip : "", ip ? ":" : "",
		                   published ? published : "", published || ip ? ":" : "", target);
		p->text = spec;
		p->span = node_span(item);
		/* The IP is taken whole: it may be IPv6 with colons. */
		short_spec = vakt_xasprintf("%s%s%s", published ? published : "",
		                            published ? ":" : "", target);
		p->dynamic = !ctr_port_parse_interp(short_spec, CTR_INTERP_COMPOSE, p);
		free(short_spec);
		free(p->host_ip);
		/* An interpolated address counts by its default; without one it is unknown. */
		p->host_ip = ip ? ctr_literal_view(ip, CTR_INTERP_COMPOSE, NULL) : NULL;
		if (p->host_ip && !*p->host_ip && *ip)
			p->dynamic = true;
		return;
	}
	if (!(t = scalar(item)) || !(p = ctr_port_push(c)))
		return;
	p->text = vakt_xstrdup(t);
	p->span = node_span(item);
	p->dynamic = !ctr_port_parse_interp(t, CTR_INTERP_COMPOSE, p);
}

/* --- environment ----------------------------------------------------------------- */

static bool env_seen(const struct ctr_settings *c, const char *name, size_t n)
{
	for (size_t i = 0; i < c->n_env; i++)
		if (strlen(c->env[i].name) == n && !memcmp(c->env[i].name, name, n))
			return true;
	return false;
}

static void env_add(struct ctr_settings *c, const char *name, size_t name_n, const char *raw,
                    struct vakt_span span, struct vakt_span value_span)
{
	struct ctr_env *e;

	if (!name_n || env_seen(c, name, name_n) || !(e = ctr_env_push(c)))
		return;
	e->name = vakt_xstrndup(name, name_n);
	e->span = span;
	e->value_span = value_span;
	if (raw) {
		e->raw = vakt_xstrdup(raw);
		e->literal = ctr_literal_view(raw, CTR_INTERP_COMPOSE, &e->dynamic);
	}
}

/* environment: as a mapping or a list of NAME=value / NAME, merged by name along the chain. */
static void load_env(struct ctr_settings *c, const struct svc_chain *ch)
{
	for (size_t i = 0; i < ch->n; i++) {
		const struct vakt_yaml_node *v = vakt_yaml_get(ch->v[i], "environment");

		if (vakt_yaml_is_map(v)) {
			for (size_t k = 0; k < v->n; k++) {
				const struct vakt_yaml_pair *pr = &v->pairs[k];
				const char *name = vakt_yaml_str(pr->key);
				const char *val =
				    vakt_yaml_is_null(pr->value) ? NULL : vakt_yaml_str(pr->value);

				if (!name)
					continue;
				/* A value that is "" stays "": the variable is set, empty. */
				env_add(c, name, strlen(name), val, span_join(pr->key, pr->value),
				        node_span(pr->value ? pr->value : pr->key));
			}
		} else if (vakt_yaml_is_seq(v)) {
			for (size_t k = 0; k < v->n; k++) {
				const char *t = vakt_yaml_str(v->items[k]);
				const char *eq;
				struct vakt_span sp = node_span(v->items[k]);

				if (!t)
					continue;
				eq = strchr(t, '=');
				env_add(c, t, eq ? (size_t)(eq - t) : strlen(t), eq ? eq + 1 : NULL,
				        sp, sp);
			}
		}
	}
}

/* --- services ---------------------------------------------------------------------- */

/* Fill c (uninitialised) from the service pr of services. */
static void load_service(struct ctr_settings *c, const struct vakt_yaml_node *services,
                         const struct vakt_yaml_pair *pr)
{
	const char *name = vakt_yaml_str(pr->key);
	struct svc_chain ch;
	char *object, *label;

	object = vakt_xasprintf("compose/%.*s", CTR_MSG_MAX, name);
	label = vakt_xasprintf("service '%.*s'", CTR_MSG_MAX, name);
	ctr_settings_init(c, CTR_COMPOSE, object, label);
	free(object);
	free(label);
	c->where = node_span(pr->key);
	if (!vakt_yaml_is_map(pr->value)) {
		c->partial = true; /* `web:` with nothing under it */
		return;
	}
	chain_build(services, pr->value, &ch);
	load_str(&c->image, chain_get(&ch, "image"));
	c->builds = !vakt_yaml_is_null(chain_get(&ch, "build"));
	c->partial = ch.foreign || (!c->image.text && !c->builds);
	load_str(&c->user, chain_get(&ch, "user"));
	load_flag(&c->privileged, chain_get(&ch, "privileged"));
	load_flag(&c->read_only, chain_get(&ch, "read_only"));
	load_strs(&c->cap_add, &ch, "cap_add");
	load_strs(&c->cap_drop, &ch, "cap_drop");
	load_strs(&c->security_opt, &ch, "security_opt");
	load_str(&c->network, chain_get(&ch, "network_mode"));
	load_str(&c->pid, chain_get(&ch, "pid"));
	load_str(&c->ipc, chain_get(&ch, "ipc"));
	load_str(&c->userns, chain_get(&ch, "userns_mode"));
	each_item(c, &ch, "volumes", load_volume);
	each_item(c, &ch, "tmpfs", load_tmpfs);
	each_item(c, &ch, "ports", load_port);
	load_env(c, &ch);
	/* The nearest definition wins, as for every other single setting. */
	push_items(&c->args, chain_get(&ch, "entrypoint"));
	push_items(&c->args, chain_get(&ch, "command"));
}

/* Compose file format 1: services at the top level, each with image or build. */
static bool looks_v1(const struct vakt_yaml_node *root)
{
	size_t services = 0;

	if (vakt_yaml_get(root, "version") || vakt_yaml_get(root, "services"))
		return false;
	for (size_t i = 0; i < root->n; i++) {
		const char *k = vakt_yaml_str(root->pairs[i].key);
		const struct vakt_yaml_node *v = root->pairs[i].value;

		if (k && vakt_starts_with(k, "x-"))
			continue;
		if (!vakt_yaml_is_map(v) ||
		    (!vakt_yaml_get(v, "image") && !vakt_yaml_get(v, "build")))
			return false;
		services++;
	}
	return services > 0;
}

void compose_load_each(const struct vakt_source *src, const struct vakt_yaml_node *root,
                       struct vakt_error_list *errs, void (*fn)(struct ctr_settings *c, void *data),
                       void *data)
{
	const struct vakt_yaml_node *services;

	if (!vakt_yaml_is_map(root))
		return;
	services = vakt_yaml_get(root, "services");
	if (!services && looks_v1(root))
		services = root;
	if (!services || vakt_yaml_is_null(services))
		return;
	if (!vakt_yaml_is_map(services)) {
		add_error(errs, src, services, "must be a mapping of service names", NULL);
		return;
	}
	for (size_t i = 0; i < services->n; i++)
		compose_load_service(src, services, &services->pairs[i], errs, fn, data);
}

void compose_load_service(const struct vakt_source *src, const struct vakt_yaml_node *services,
                          const struct vakt_yaml_pair *pr, struct vakt_error_list *errs,
                          void (*fn)(struct ctr_settings *c, void *data), void *data)
{
	const char *name = vakt_yaml_str(pr->key);
	struct ctr_settings c;

	if (!name || vakt_starts_with(name, "x-"))
		return;
	if (!vakt_yaml_is_map(pr->value) && !vakt_yaml_is_null(pr->value)) {
		add_error(errs, src, pr->value, "must be a mapping of settings", name);
		return;
	}
	load_service(&c, services, pr);
	fn(&c, data);
	ctr_settings_release(&c);
}

/* compose_load(): keep a copy of each service. */
static void keep_service(struct ctr_settings *c, void *data)
{
	struct compose_file *out = data;

	out->services = vakt_grow(out->services, sizeof(*out->services), out->n + 1, &out->cap);
	out->services[out->n++] = *c;
	memset(c, 0, sizeof(*c)); /* handed over */
}

void compose_load(const struct vakt_source *src, const struct vakt_yaml_node *root,
                  struct compose_file *out, struct vakt_error_list *errs)
{
	compose_load_each(src, root, errs, keep_service, out);
}

void compose_file_release(struct compose_file *f)
{
	for (size_t i = 0; i < f->n; i++)
		ctr_settings_release(&f->services[i]);
	free(f->services);
	memset(f, 0, sizeof(*f));
}

/* --- suppression extents ---------------------------------------------------------- */

/*
 * What vakt_yaml_entry_extent() finds, for every line at once, within n (depth deep),
 * for lines in [lo, hi] (the lines of every node above n): the first match
 * of its walk wins, as vakt_yaml_entry_extent() returns the first.
 */
static void extents_walk(const struct vakt_yaml_node *n, int lo, int hi, int depth, int *ends,
                         size_t n_lines)
{
	if (!n || depth > VAKT_YAML_MAX_DEPTH)
		return;
	lo = n->line > lo ? n->line : lo;
	hi = n->end_line < hi ? n->end_line : hi;
	if (lo > hi)
		return;
	for (size_t i = 0; i < n->n && n->kind != VAKT_YAML_SCALAR; i++) {
		const struct vakt_yaml_node *k =
		    n->kind == VAKT_YAML_MAP ? n->pairs[i].key : n->items[i];
		const struct vakt_yaml_node *v = n->kind == VAKT_YAML_MAP ? n->pairs[i].value : k;
		int end;

		if (k && k->line >= lo && k->line <= hi && (size_t)k->line <= n_lines &&
		    !ends[k->line - 1]) {
			end = n->kind == VAKT_YAML_MAP ? (v ? v->end_line : 0) : k->end_line;
			ends[k->line - 1] = end > k->line ? end : k->line;
		}
		extents_walk(v, lo, hi, depth + 1, ends, n_lines);
	}
}

void compose_entry_extents(const struct vakt_yaml_pair *entry, int *ends, size_t n_lines)
{
	const struct vakt_yaml_node *k = entry->key, *v = entry->value;

	/* The services mapping is depth 1 under the root: its values are depth 2. */
	if (k && k->line >= 1 && (size_t)k->line <= n_lines && !ends[k->line - 1])
		ends[k->line - 1] = v && v->end_line > k->line ? v->end_line : k->line;
	extents_walk(v, k ? k->line : 1, INT_MAX, 2, ends, n_lines);
}

/* --- recognition ---------------------------------------------------------------- */

static bool yaml_ext(const char *s)
{
	return vakt_ends_with(s, ".yml") || vakt_ends_with(s, ".yaml");
}

bool compose_match_basename(const char *base)
{
	static const char *const prefixes[] = {"docker-compose", "podman-compose",
	                                       "container-compose"};

	if (!yaml_ext(base))
		return false;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(prefixes); i++)
		if (vakt_starts_with(base, prefixes[i]))
			return true;
	return vakt_starts_with(base, "compose.") || vakt_starts_with(base, "compose-") ||
	       vakt_starts_with(base, "compose_");
}

bool compose_match_content(const char *data, size_t len)
{
	bool services = false;
	size_t i = len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3) ? 3 : 0;

	while (i < len) {
		size_t e = i;

		while (e < len && data[e] != '\n')
			e++;
		if (e - i >= 9 && !memcmp(data + i, "services:", 9))
			services = true;
		else if ((e - i >= 11 && !memcmp(data + i, "apiVersion:", 11)) ||
		         (e - i >= 5 && !memcmp(data + i, "kind:", 5)) ||
		         (e - i >= 5 && !memcmp(data + i, "jobs:", 5)) ||
		         (e - i >= 7 && !memcmp(data + i, "stages:", 7)))
			return false; /* Kubernetes, GitHub Actions, GitLab CI */
		i = e + 1;
	}
	return services;
}
