/* SPDX-License-Identifier: MIT */
/*
 * The container-settings model shared by compose services and docker run
 * lines: lifecycle, interpolation, and the small syntaxes both write the
 * same way (ports, volumes, --mount, users, capabilities).
 */
#include "ctr-settings.h"
#include "knowledge/imageref.h"
#include "knowledge/typosquat.h"

/* Highest port number. */
#define CTR_PORT_MAX 65535u

void ctr_settings_init(struct ctr_settings *c, enum ctr_origin origin, const char *object,
                       const char *label)
{
	memset(c, 0, sizeof(*c));
	c->origin = origin;
	c->object = vakt_xstrdup(object);
	c->label = vakt_xstrdup(label);
}

static void str_release(struct ctr_str *s)
{
	free(s->text);
	memset(s, 0, sizeof(*s));
}

static void strs_release(struct ctr_strs *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void ctr_settings_release(struct ctr_settings *c)
{
	free(c->object);
	free(c->label);
	str_release(&c->image);
	str_release(&c->user);
	strs_release(&c->cap_add);
	strs_release(&c->cap_drop);
	strs_release(&c->security_opt);
	str_release(&c->network);
	str_release(&c->pid);
	str_release(&c->ipc);
	str_release(&c->userns);
	for (size_t i = 0; i < c->n_mounts; i++) {
		free(c->mounts[i].source);
		free(c->mounts[i].target);
	}
	free(c->mounts);
	for (size_t i = 0; i < c->n_ports; i++) {
		free(c->ports[i].text);
		free(c->ports[i].host_ip);
	}
	free(c->ports);
	for (size_t i = 0; i < c->n_env; i++) {
		free(c->env[i].name);
		free(c->env[i].raw);
		free(c->env[i].literal);
	}
	free(c->env);
	strs_release(&c->args);
	memset(c, 0, sizeof(*c));
}

void ctr_str_set(struct ctr_str *s, const char *text, struct vakt_span span, bool dynamic)
{
	free(s->text);
	s->text = vakt_xstrdup(text);
	s->span = span;
	s->dynamic = dynamic;
}

void ctr_strs_push(struct ctr_strs *l, const char *text, struct vakt_span span, bool dynamic)
{
	if (l->n >= CTR_MAX_ITEMS)
		return;
	l->v = vakt_grow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	l->v[l->n].text = vakt_xstrdup(text);
	l->v[l->n].span = span;
	l->v[l->n].dynamic = dynamic;
	l->n++;
}

struct ctr_mount *ctr_mount_push(struct ctr_settings *c)
{
	if (c->n_mounts >= CTR_MAX_ITEMS)
		return NULL;
	c->mounts = vakt_grow(c->mounts, sizeof(*c->mounts), c->n_mounts + 1, &c->cap_mounts);
	memset(&c->mounts[c->n_mounts], 0, sizeof(*c->mounts));
	return &c->mounts[c->n_mounts++];
}

struct ctr_port *ctr_port_push(struct ctr_settings *c)
{
	if (c->n_ports >= CTR_MAX_ITEMS)
		return NULL;
	c->ports = vakt_grow(c->ports, sizeof(*c->ports), c->n_ports + 1, &c->cap_ports);
	memset(&c->ports[c->n_ports], 0, sizeof(*c->ports));
	return &c->ports[c->n_ports++];
}

struct ctr_env *ctr_env_push(struct ctr_settings *c)
{
	if (c->n_env >= CTR_MAX_ITEMS)
		return NULL;
	c->env = vakt_grow(c->env, sizeof(*c->env), c->n_env + 1, &c->cap_env);
	memset(&c->env[c->n_env], 0, sizeof(*c->env));
	return &c->env[c->n_env++];
}

/* --- interpolation ---------------------------------------------------------------- */

static bool is_name_start(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static bool is_name_char(char ch)
{
	return is_name_start(ch) || (ch >= '0' && ch <= '9');
}

/* Offset of the '}' closing the "${" at s[0], or n when unterminated. */
static size_t brace_end(const char *s, size_t n)
{
	size_t depth = 0, i = 0;

	for (; i < n; i++) {
		if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
			depth++;
			i++;
		} else if (s[i] == '}' && depth && --depth == 0) {
			return i;
		}
	}
	return i;
}

/* Offset just past the ')' closing the '(' at s[0], or n (quotes ignored: a bound, not a parser).
 */
static size_t paren_end(const char *s, size_t n)
{
	size_t depth = 0, i = 0;

	for (; i < n; i++) {
		if (s[i] == '(') {
			depth++;
		} else if (s[i] == ')' && depth && --depth == 0) {
			return i + 1;
		}
	}
	return i;
}

static void literal_into(struct vakt_buf *b, const char *s, size_t n, enum ctr_interp mode,
                         bool *dynamic, int depth);

/* The literal a "${...}" body contributes: its default, or nothing. */
static void literal_braced(struct vakt_buf *b, const char *body, size_t n, enum ctr_interp mode,
                           bool *dynamic, int depth)
{
	size_t i = 0;

	*dynamic = true;
	while (i < n && body[i] != ':' && body[i] != '-' && body[i] != '=' && body[i] != '?' &&
	       body[i] != '+')
		i++;
	if (i < n && body[i] == ':')
		i++;
	if (i >= n)
		return;
	/* ${VAR:-x} / ${VAR-x} (and the shell's := and =) fall back to x. */
	if ((body[i] == '-' || (mode == CTR_INTERP_SHELL && body[i] == '=')) &&
	    depth < CTR_INTERP_MAX_DEPTH)
		literal_into(b, body + i + 1, n - i - 1, mode, dynamic, depth + 1);
}

static void literal_into(struct vakt_buf *b, const char *s, size_t n, enum ctr_interp mode,
                         bool *dynamic, int depth)
{
	size_t i = 0;

	while (i < n) {
		char ch = s[i];

		if (mode == CTR_INTERP_SHELL && ch == '`') {
			size_t e = i + 1;

			while (e < n && s[e] != '`')
				e++;
			*dynamic = true;
			i = e < n ? e + 1 : n;
			continue;
		}
		if (ch != '$' || i + 1 >= n) {
			vakt_buf_addc(b, ch);
			i++;
			continue;
		}
		if (s[i + 1] == '$') {
			if (mode == CTR_INTERP_COMPOSE)
				vakt_buf_addc(b, '$');
			else
				*dynamic = true;
			i += 2;
		} else if (s[i + 1] == '{') {
			size_t e = brace_end(s + i, n - i);

			literal_braced(b, s + i + 2, e - 2, mode, dynamic, depth);
			i += e < n - i ? e + 1 : n - i;
		} else if (mode == CTR_INTERP_SHELL && s[i + 1] == '(') {
			*dynamic = true;
			i += 1 + paren_end(s + i + 1, n - i - 1);
		} else if (is_name_start(s[i + 1])) {
			*dynamic = true;
			i++;
			while (i < n && is_name_char(s[i]))
				i++;
		} else if (mode == CTR_INTERP_SHELL && strchr("0123456789?!#*@-", s[i + 1])) {
			*dynamic = true;
			i += 2;
		} else {
			vakt_buf_addc(b, ch);
			i++;
		}
	}
}

char *ctr_literal_view(const char *s, enum ctr_interp mode, bool *dynamic)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	bool dyn = false;

	literal_into(&b, s, strlen(s), mode, &dyn, 0);
	if (dynamic)
		*dynamic = dyn;
	return vakt_buf_detach(&b);
}

bool ctr_has_interp(const char *s, enum ctr_interp mode)
{
	bool dyn = false;
	char *v;

	if (!s || (!strchr(s, '$') && (mode != CTR_INTERP_SHELL || !strchr(s, '`'))))
		return false;
	v = ctr_literal_view(s, mode, &dyn);
	free(v);
	return dyn;
}

/* --- ports ------------------------------------------------------------------------ */

/* "80" or "8000-8010" into lo..hi; "" gives 0..0 when empty_ok. */
static bool port_range(const char *s, size_t n, bool empty_ok, unsigned *lo, unsigned *hi)
{
	unsigned v[2] = {0, 0};
	int k = 0;
	size_t digits = 0;

	if (n == 0) {
		*lo = *hi = 0;
		return empty_ok;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			v[k] = v[k] * 10 + (unsigned)(s[i] - '0');
			if (v[k] > CTR_PORT_MAX || ++digits > 5)
				return false;
		} else if (s[i] == '-' && k == 0 && digits) {
			k = 1;
			digits = 0;
		} else {
			return false;
		}
	}
	if (!digits)
		return false;
	*lo = v[0];
	*hi = k ? v[1] : v[0];
	return *lo <= *hi;
}

bool ctr_port_parse(const char *spec, struct ctr_port *p)
{
	const char *end = spec + strlen(spec);
	const char *slash = strrchr(spec, '/');
	const char *c1, *c2 = NULL; /* the last two ':' */
	const char *ip = NULL, *host = NULL, *ctr = spec;
	size_t ip_n = 0, host_n = 0;

	if (slash)
		end = slash;
	c1 = NULL;
	for (const char *q = spec; q < end; q++) {
		if (*q == ':') {
			c2 = c1;
			c1 = q;
		}
	}
	if (c1) {
		ctr = c1 + 1;
		if (c2) {
			ip = spec;
			ip_n = (size_t)(c2 - spec);
			host = c2 + 1;
			host_n = (size_t)(c1 - c2 - 1);
		} else {
			host = spec;
			host_n = (size_t)(c1 - spec);
		}
	}
	if (!port_range(ctr, (size_t)(end - ctr), false, &p->ctr_lo, &p->ctr_hi) ||
	    !port_range(host ? host : "", host_n, true, &p->host_lo, &p->host_hi))
		return false;
	free(p->host_ip);
	p->host_ip = NULL;
	if (ip) {
		if (ip_n >= 2 && ip[0] == '[' && ip[ip_n - 1] == ']') {
			ip++;
			ip_n -= 2;
		}
		if (ip_n)
			p->host_ip = vakt_xstrndup(ip, ip_n);
	}
	return true;
}

/* Most ':'-separated parts of a port specification: ip, host port, container port. */
#define CTR_PORT_PARTS 3

bool ctr_port_parse_interp(const char *spec, enum ctr_interp mode, struct ctr_port *p)
{
	const char *part[CTR_PORT_PARTS];
	size_t len[CTR_PORT_PARTS], n = 0, depth = 0, start = 0, total = strlen(spec);
	struct vakt_buf lit = VAKT_BUF_INIT;
	bool ok = false, host_dynamic = false;

	if (!ctr_has_interp(spec, mode))
		return ctr_port_parse(spec, p);
	/* Split at the ':' outside ${...} and $(...). */
	for (size_t i = 0; i <= total; i++) {
		char ch = spec[i];

		if (ch == '$' && (spec[i + 1] == '{' || spec[i + 1] == '(')) {
			depth++;
			i++;
		} else if ((ch == '}' || ch == ')') && depth) {
			depth--;
		} else if ((ch == ':' && !depth) || !ch) {
			if (n == CTR_PORT_PARTS)
				return false;
			part[n] = spec + start;
			len[n++] = i - start;
			start = i + 1;
		}
	}
	/* The container side says what the service is: it must be written out. */
	for (size_t k = 0; k < n; k++) {
		char *one = vakt_xstrndup(part[k], len[k]);
		bool dyn = false;
		char *v = ctr_literal_view(one, mode, &dyn);

		free(one);
		if (dyn && (k == n - 1 || (n == CTR_PORT_PARTS && k == 0 && !*v))) {
			/* An interpolated container port, or host address without a default. */
			free(v);
			goto out;
		}
		if (dyn && k == n - 2 && !*v)
			host_dynamic = true; /* ${PORT}: published, on a port vakt cannot know */
		vakt_buf_addf(&lit, "%s%s", k ? ":" : "", v);
		free(v);
	}
	if (n < 2)
		goto out;
	ok = ctr_port_parse(lit.data ? lit.data : "", p);
	p->host_dynamic = ok && host_dynamic;
out:
	vakt_buf_release(&lit);
	return ok;
}

/* --- mounts ----------------------------------------------------------------------- */

bool ctr_is_host_path(const char *source)
{
	return source &&
	       (source[0] == '/' || source[0] == '.' || source[0] == '~' || source[0] == '\\' ||
	        (is_name_start(source[0]) && source[1] == ':' &&
	         (source[2] == '\\' || source[2] == '/')));
}

/* Whether a comma-separated option list holds ro / readonly. */
static bool opts_read_only(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t e = i;

		while (e < n && s[e] != ',')
			e++;
		if ((e - i == 2 && !memcmp(s + i, "ro", 2)) ||
		    (e - i == 8 && !memcmp(s + i, "readonly", 8)))
			return true;
		i = e + 1;
	}
	return false;
}

bool ctr_volume_parse(const char *spec, struct ctr_mount *m)
{
	size_t n = strlen(spec), skip = 0;
	const char *c1, *c2;

	if (!n)
		return false;
	/* A Windows drive letter's ':' is not a separator. */
	if (n > 2 && is_name_start(spec[0]) && spec[1] == ':' &&
	    (spec[2] == '\\' || spec[2] == '/'))
		skip = 2;
	c1 = strchr(spec + skip, ':');
	c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	free(m->source);
	free(m->target);
	m->source = m->target = NULL;
	if (!c1) {
		m->target = vakt_xstrdup(spec); /* an anonymous volume */
		return true;
	}
	m->source = vakt_xstrndup(spec, (size_t)(c1 - spec));
	if (c2) {
		m->target = vakt_xstrndup(c1 + 1, (size_t)(c2 - c1 - 1));
		m->read_only = opts_read_only(c2 + 1, strlen(c2 + 1));
	} else {
		m->target = vakt_xstrdup(c1 + 1);
	}
	m->host_path = ctr_is_host_path(m->source);
	return true;
}

/* The value of one CSV field, unquoted. Caller frees. */
static char *csv_value(const char *s, size_t n)
{
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
		return vakt_xstrndup(s + 1, n - 2);
	return vakt_xstrndup(s, n);
}

bool ctr_mount_parse(const char *spec, struct ctr_mount *m)
{
	const char *p = spec;
	bool bind = false, any = false;

	while (*p) {
		const char *e = p;
		bool quoted = false;
		const char *eq;
		size_t kn;

		while (*e && (quoted || *e != ',')) {
			if (*e == '"')
				quoted = !quoted;
			e++;
		}
		eq = memchr(p, '=', (size_t)(e - p));
		kn = eq ? (size_t)(eq - p) : (size_t)(e - p);
		if (kn) {
			char *key = vakt_xstrndup(p, kn);
			char *val = eq ? csv_value(eq + 1, (size_t)(e - eq - 1)) : NULL;

			any = true;
			if (!vakt_strcasecmp(key, "type") && val) {
				bind = !vakt_strcasecmp(val, "bind");
				m->tmpfs = !vakt_strcasecmp(val, "tmpfs");
			} else if ((!vakt_strcasecmp(key, "source") ||
			            !vakt_strcasecmp(key, "src")) &&
			           val) {
				free(m->source);
				m->source = vakt_xstrdup(val);
			} else if ((!vakt_strcasecmp(key, "target") ||
			            !vakt_strcasecmp(key, "destination") ||
			            !vakt_strcasecmp(key, "dst")) &&
			           val) {
				free(m->target);
				m->target = vakt_xstrdup(val);
			} else if (!vakt_strcasecmp(key, "readonly") ||
			           !vakt_strcasecmp(key, "ro")) {
				m->read_only =
				    !val || !vakt_strcasecmp(val, "true") || !strcmp(val, "1");
			}
			free(key);
			free(val);
		}
		p = *e ? e + 1 : e;
	}
	m->host_path = bind;
	return any;
}

/* --- users, capabilities, images -------------------------------------------------- */

bool ctr_user_is_root(const char *user)
{
	size_t n = strcspn(user, ":");

	if (n == 4 && !memcmp(user, "root", 4))
		return true;
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (user[i] != '0')
			return false;
	return true;
}

const char *ctr_cap_name(const char *cap, char *buf, size_t n)
{
	size_t k = 0;

	if (!n)
		return buf;
	if (vakt_istarts_with(cap, "CAP_"))
		cap += 4;
	for (; cap[k] && k + 1 < n; k++)
		buf[k] = cap[k] >= 'a' && cap[k] <= 'z' ? (char)(cap[k] - 'a' + 'A') : cap[k];
	buf[k] = '\0';
	return buf;
}

/* Whether word (n bytes; a path's last component counts) is one of alts ("a|b"). */
static bool server_word(const char *word, size_t n, const char *alts)
{
	const char *base = word;

	for (size_t i = 0; i < n; i++)
		if (word[i] == '/')
			base = word + i + 1;
	n -= (size_t)(base - word);
	for (const char *a = alts; *a;) {
		size_t len = strcspn(a, "|");

		if (len == n && !memcmp(a, base, n))
			return true;
		a += len + (a[len] == '|');
	}
	return false;
}

/* The user d's entrypoint runs its server as, when c runs that server; else NULL. */
static const char *drop_user(const struct ctr_settings *c, const struct vakt_imageref_drop *d)
{
	const char *first;
	size_t n;

	if (!d || !c->args.n)
		return d ? d->user : NULL;
	first = c->args.v[0].text ? c->args.v[0].text : "";
	first += strspn(first, " \t\n");
	n = strcspn(first, " \t\n");
	/* Options alone: the entrypoint puts the server in front of them. */
	if (first[0] == '-' || server_word(first, n, d->server))
		return d->user;
	return NULL;
}

enum ctr_image_user ctr_image_default_user(const struct ctr_settings *c, const char **drops_to)
{
	struct vakt_imageref r;
	enum ctr_image_user u = CTR_IMAGE_UNKNOWN;

	if (drops_to)
		*drops_to = NULL;
	if (c->builds || !c->image.text || c->image.dynamic ||
	    vakt_imageref_parse(c->image.text, &r, NULL))
		return CTR_IMAGE_UNKNOWN;
	if (!r.has_var) {
		if (vakt_imageref_runs_nonroot(&r))
			u = CTR_IMAGE_NONROOT;
		else if (vakt_imageref_is_library(&r) &&
		         vakt_typosquat_is_official(vakt_imageref_name(&r)))
			u = CTR_IMAGE_ROOT;
		if (drops_to)
			*drops_to = drop_user(c, vakt_imageref_entrypoint_drop(&r));
	}
	vakt_imageref_release(&r);
	return u;
}

int ctr_parse_bool(const char *s)
{
	static const char *const yes[] = {"1", "t", "T", "true", "TRUE", "True"};
	static const char *const no[] = {"0", "f", "F", "false", "FALSE", "False"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(yes); i++) {
		if (!strcmp(s, yes[i]))
			return 1;
		if (!strcmp(s, no[i]))
			return 0;
	}
	return -1;
}
