/* SPDX-License-Identifier: MIT */
/*
 * A Docker daemon's configuration: daemon.json (parsed with jansson, each
 * value's line found in the text) and the dockerd command line, merged as
 * dockerd merges them. dockerd refuses to start when one setting is both a
 * flag and a key of the file; vakt notes it and lets the flag win.
 */
#include "host-docker.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The settings vakt reads, by their daemon.json key and flag names. */
struct key_def {
	const char *key;  /* daemon.json key, also the long flag unless flag says otherwise */
	const char *flag; /* long flag when it differs from key */
	int index;        /* enum host_docker_key or enum host_docker_list */
	char shortname;   /* one-letter flag, or 0 */
	bool is_bool;     /* a boolean (else a string) */
	bool is_list;
};

static const struct key_def keys[] = {
    {"icc", NULL, HOST_DK_ICC, 0, true, false},
    {"live-restore", NULL, HOST_DK_LIVE_RESTORE, 0, true, false},
    {"userland-proxy", NULL, HOST_DK_USERLAND_PROXY, 0, true, false},
    {"no-new-privileges", NULL, HOST_DK_NO_NEW_PRIVILEGES, 0, true, false},
    {"iptables", NULL, HOST_DK_IPTABLES, 0, true, false},
    {"tls", NULL, HOST_DK_TLS, 0, true, false},
    {"tlsverify", NULL, HOST_DK_TLSVERIFY, 0, true, false},
    {"debug", NULL, HOST_DK_DEBUG, 'D', true, false},
    {"userns-remap", NULL, HOST_DK_USERNS_REMAP, 0, false, false},
    {"log-level", NULL, HOST_DK_LOG_LEVEL, 'l', false, false},
    {"hosts", "host", HOST_DL_HOSTS, 'H', false, true},
    {"insecure-registries", "insecure-registry", HOST_DL_INSECURE_REGISTRIES, 0, false, true},
    {"registry-mirrors", "registry-mirror", HOST_DL_REGISTRY_MIRRORS, 0, false, true},
    {"authorization-plugins", "authorization-plugin", HOST_DL_AUTHZ_PLUGINS, 0, false, true},
};

/* Other flags whose daemon.json key has another name (for conflicts). */
static const char *const renamed[][2] = {
    {"label", "labels"},
    {"dns", "dns"},
    {"dns-opt", "dns-opts"},
    {"dns-search", "dns-search"},
    {"add-runtime", "runtimes"},
    {"storage-opt", "storage-opts"},
    {"exec-opt", "exec-opts"},
    {"log-opt", "log-opts"},
    {"default-ulimit", "default-ulimits"},
};

/* --- line numbers of keys in a JSON text ----------------------------------- */

/* Past the string starting at *p (a '"'), counting lines; returns its end (after '"'). */
static const char *skip_string(const char *p, int *line)
{
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '\n')
			(*line)++;
	}
	return *p ? p + 1 : p;
}

static const char *skip_ws(const char *p, int *line)
{
	for (; *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'; p++)
		if (*p == '\n')
			(*line)++;
	return p;
}

/*
 * Find top-level key in text: returns a pointer just past its ':' with
 * *line its line, or NULL. Depth is counted outside strings only. Of a key
 * written twice, the last: dockerd (Go's encoding/json) keeps the last.
 */
static const char *find_key(const char *text, const char *key, int *line)
{
	size_t klen = strlen(key);
	int depth = 0, cur = 1;
	const char *found = NULL;

	*line = 0;
	for (const char *p = text; *p;) {
		if (*p == '"') {
			const char *start = p + 1, *end;
			int at = cur;

			p = skip_string(p, &cur);
			end = p - 1;
			if (depth == 1 && (size_t)(end - start) == klen &&
			    !memcmp(start, key, klen)) {
				int ahead = cur; /* the look past the key counts no line twice */
				const char *q = skip_ws(p, &ahead);

				if (*q == ':') {
					*line = at;
					found = q + 1;
				}
			}
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']')
			depth--;
		else if (*p == '\n')
			cur++;
		p++;
	}
	return found;
}

int host_json_key_line(const char *text, const char *key)
{
	int line;

	return find_key(text, key, &line) ? line : 0;
}

int host_json_elem_line(const char *text, const char *key, size_t idx)
{
	int line;
	const char *p = find_key(text, key, &line);
	size_t k = 0;
	int depth = 0;

	if (!p)
		return 0;
	p = skip_ws(p, &line);
	if (*p != '[')
		return 0;
	for (p++;;) {
		p = skip_ws(p, &line);
		if (!*p || (*p == ']' && depth == 0))
			return 0;
		if (depth == 0 && *p != ',') {
			if (k == idx)
				return line;
			k++;
			/* skip this element */
			while (*p && !(depth == 0 && (*p == ',' || *p == ']'))) {
				if (*p == '"') {
					p = skip_string(p, &line);
					continue;
				}
				if (*p == '{' || *p == '[')
					depth++;
				else if (*p == '}' || *p == ']')
					depth--;
				else if (*p == '\n')
					line++;
				p++;
			}
			continue;
		}
		p++; /* a ',' */
	}
}

/* --- daemon.json ---------------------------------------------------------- */

static void value_set(struct host_docker_value *v, enum host_docker_from from, bool b,
                      const char *s, const char *source, int line)
{
	free(v->s);
	free(v->source);
	v->from = from;
	v->b = b;
	v->s = s ? vakt_xstrdup(s) : NULL;
	v->source = vakt_xstrdup(source);
	v->line = line;
}

static void list_add(struct host_docker_values *l, enum host_docker_from from, const char *s,
                     const char *source, int line)
{
	if (l->n >= HOST_DOCKER_MAX_LIST)
		return;
	l->v = vakt_grow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	value_set(&l->v[l->n++], from, false, s, source, line);
}

static void list_clear(struct host_docker_values *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].s);
		free(l->v[i].source);
	}
	l->n = 0;
}

/* Strings of at most this many bytes are kept; longer ones are not a setting vakt reads. */
#define MAX_STRING 4096

static const char *json_str(const json_t *v)
{
	if (!json_is_string(v) || json_string_length(v) > MAX_STRING ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return NULL;
	return json_string_value(v);
}

static void config_from_json(struct host_docker_daemon *dd, const json_t *top, const char *text)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)top, k, v)
	{
		if (dd->file_keys.n < HOST_DOCKER_MAX_LIST)
			vakt_strv_push(&dd->file_keys, k);
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(keys); i++) {
		const struct key_def *d = &keys[i];
		int line;

		v = json_object_get(top, d->key);
		if (!v)
			continue;
		line = host_json_key_line(text, d->key);
		if (d->is_list) {
			size_t j;
			json_t *e;

			if (!json_is_array(v))
				continue;
			json_array_foreach(v, j, e)
			{
				const char *s = json_str(e);

				if (s)
					list_add(&dd->list[d->index], HOST_FROM_FILE, s, dd->config,
					         host_json_elem_line(text, d->key, j));
			}
		} else if (d->is_bool) {
			if (json_is_boolean(v))
				value_set(&dd->set[d->index], HOST_FROM_FILE, json_is_true(v), NULL,
				          dd->config, line);
		} else if (json_str(v)) {
			value_set(&dd->set[d->index], HOST_FROM_FILE, false, json_str(v),
			          dd->config, line);
		}
	}
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

void host_docker_read_config(const struct host_root *r, const char *rel,
                             struct host_docker_daemon *dd, struct host_observations *obs,
                             struct vakt_error_list *warnings)
{
	json_error_t jerr;
	json_t *top = NULL;
	char *text = NULL;
	size_t len, start;
	int rc;

	free(dd->config);
	dd->config = host_path(r, rel);
	rc = host_read(r, rel, HOST_DOCKER_MAX_CONFIG, &text, &len);
	if (rc == -ENOENT) {
		dd->config_state = HOST_FILE_ABSENT;
		host_observe(obs, "docker.config", dd->config, 0, "absent",
		             "no configuration file: dockerd's defaults apply");
		return;
	}
	if (rc < 0) {
		struct vakt_error *e = NULL;

		dd->config_state = HOST_FILE_UNREADABLE;
		host_observe_unreadable(obs, "docker.config", dd->config, rc);
		vakt_error_set_at(&e, VAKT_WARNING_CODE, dd->config, 0, 0,
		                  "cannot read '%s': %s; the settings it holds are unknown",
		                  dd->config, rc == -EFBIG ? "too large" : strerror(-rc));
		vakt_error_list_add(warnings, e);
		return;
	}
	/*
	 * As dockerd reads it: a UTF-8 byte-order mark dropped, a file of only
	 * white space an empty configuration, a key written twice its last
	 * value (no JSON_REJECT_DUPLICATES). jansson bounds nesting itself
	 * (JSON_PARSER_MAX_DEPTH); the size is bounded above.
	 */
	start = len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3) ? 3 : 0;
	if (blank(text + start)) {
		dd->config_state = HOST_FILE_READ;
		host_observe(obs, "docker.config", dd->config, 0, "read",
		             "empty: dockerd's defaults apply");
		goto out;
	}
	top = json_loadb(text + start, len - start, 0, &jerr);
	if (!top || !json_is_object(top)) {
		struct vakt_error *e = NULL;
		const char *why = top ? "the top level is not an object" : jerr.text;

		dd->config_state = HOST_FILE_MALFORMED;
		dd->config_line = top ? 1 : jerr.line;
		dd->config_column = top ? 1 : jerr.column;
		dd->config_error = vakt_xstrdup(why);
		host_observe(obs, "docker.config", dd->config, dd->config_line,
		             "malformed: dockerd would refuse it", "%s at %d:%d", why,
		             dd->config_line, dd->config_column);
		vakt_error_set_at(&e, VAKT_WARNING_CODE, dd->config, dd->config_line,
		                  dd->config_column, "cannot parse '%s': %s at %d:%d", dd->config,
		                  why, dd->config_line, dd->config_column);
		vakt_error_list_add(warnings, e);
		goto out;
	}
	dd->config_state = HOST_FILE_READ;
	config_from_json(dd, top, text);
	host_observe(obs, "docker.config", dd->config, 0, "read", "%zu keys", dd->file_keys.n);
out:
	json_decref(top);
	free(text);
}

/* --- the command line ----------------------------------------------------- */

/* pflag's ParseBool; -1 when v is not a boolean. */
static int parse_bool(const char *v)
{
	static const char *const yes[] = {"1", "t", "T", "true", "TRUE", "True"};
	static const char *const no[] = {"0", "f", "F", "false", "FALSE", "False"};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(yes); i++) {
		if (!strcmp(v, yes[i]))
			return 1;
		if (!strcmp(v, no[i]))
			return 0;
	}
	return -1;
}

static const struct key_def *find_long(const char *name, size_t n)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(keys); i++) {
		const char *f = keys[i].flag ? keys[i].flag : keys[i].key;

		if (strlen(f) == n && !memcmp(f, name, n))
			return &keys[i];
	}
	return NULL;
}

static const struct key_def *find_short(char c)
{
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(keys); i++)
		if (keys[i].shortname == c)
			return &keys[i];
	return NULL;
}

/* The daemon.json key of a long flag name[0..n) (itself unless renamed). */
static char *flag_key(const char *name, size_t n)
{
	const struct key_def *d = find_long(name, n);

	if (d)
		return vakt_xstrdup(d->key);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(renamed); i++)
		if (strlen(renamed[i][0]) == n && !memcmp(renamed[i][0], name, n))
			return vakt_xstrdup(renamed[i][1]);
	return vakt_xstrndup(name, n);
}

static void note_conflict(struct host_docker_daemon *dd, char *key)
{
	if (vakt_strv_contains(&dd->file_keys, key, false) &&
	    !vakt_strv_contains(&dd->conflicts, key, false) &&
	    dd->conflicts.n < HOST_DOCKER_MAX_LIST)
		vakt_strv_push(&dd->conflicts, key);
	free(key);
}

/*
 * Apply setting d = value (NULL: a boolean flag without a value) from the
 * command line. The first flag of a list replaces the file's entries
 * (dockerd would refuse both anyway; the flags are what it runs with).
 */
static void apply(struct host_docker_daemon *dd, const struct key_def *d, const char *value,
                  bool *list_seen)
{
	if (d->is_list) {
		if (!value)
			return;
		if (!list_seen[d->index])
			list_clear(&dd->list[d->index]);
		list_seen[d->index] = true;
		list_add(&dd->list[d->index], HOST_FROM_FLAG, value, dd->cmdline, 0);
	} else if (d->is_bool) {
		int b = value ? parse_bool(value) : 1;

		if (b >= 0)
			value_set(&dd->set[d->index], HOST_FROM_FLAG, b == 1, NULL, dd->cmdline, 0);
	} else if (value) {
		value_set(&dd->set[d->index], HOST_FROM_FLAG, false, value, dd->cmdline, 0);
	}
}

void host_docker_apply_flags(struct host_docker_daemon *dd, const char *const *args, size_t argc)
{
	bool list_seen[HOST_DL_COUNT] = {false};

	for (size_t i = 1; i < argc; i++) {
		const char *a = args[i];
		const struct key_def *d;

		if (!strcmp(a, "--"))
			break;
		if (a[0] == '-' && a[1] == '-' && a[2]) {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t n = eq ? (size_t)(eq - name) : strlen(name);
			const char *value = eq ? eq + 1 : NULL;

			note_conflict(dd, flag_key(name, n));
			d = find_long(name, n);
			if (!d)
				continue;
			if (!value && !d->is_bool && i + 1 < argc)
				value = args[++i];
			apply(dd, d, value, list_seen);
		} else if (a[0] == '-' && a[1] && a[1] != '-') {
			/* -H tcp://..., -Htcp://..., -H=tcp://..., -D */
			d = find_short(a[1]);
			if (!d)
				continue;
			note_conflict(dd, vakt_xstrdup(d->key));
			if (d->is_bool) {
				apply(dd, d, a[2] == '=' ? a + 3 : NULL, list_seen);
				continue;
			}
			if (a[2])
				apply(dd, d, a[2] == '=' ? a + 3 : a + 2, list_seen);
			else if (i + 1 < argc)
				apply(dd, d, args[++i], list_seen);
		}
	}
}
