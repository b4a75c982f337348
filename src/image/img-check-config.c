/* SPDX-License-Identifier: MIT */
/*
 * Image rules on the config (IM001-IM005): user, environment, ports,
 * healthcheck and the build history. No cleanup labels needed.
 */
#include "core/check.h"
#include "img-scan.h"
#include "knowledge/secrets.h"

static const struct img_scan *model(const struct vakt_check_ctx *ctx)
{
	return ctx->model;
}

/* Whether a User value means root: "", "root", "0", with any group. */
static bool user_is_root(const char *u)
{
	size_t n = strcspn(u, ":");

	return n == 0 || (n == 4 && !strncmp(u, "root", 4)) || (n == 1 && u[0] == '0');
}

/* IM001 */
void img_check_user_root(struct vakt_check_ctx *ctx)
{
	const struct img_config *c = &model(ctx)->img->config;

	if (!c->present)
		return;
	if (!c->user || !c->user[0])
		vakt_check_emit(ctx, NULL, "config.User",
		                "the image sets no user, so its processes run as root");
	else if (user_is_root(c->user))
		vakt_check_emit(ctx, NULL, "config.User", "the image runs as root (User '%s')",
		                c->user);
}

/* A value that is clearly not a secret itself: empty or a reference. */
static bool value_is_placeholder(const char *v)
{
	return !v[0] || v[0] == '$' || !strcmp(v, "-") || !vakt_strcasecmp(v, "changeme") ||
	       !vakt_strcasecmp(v, "none") || !vakt_strcasecmp(v, "null");
}

/*
 * The object path of an Env entry "NAME=value" ("config.Env[NAME]"), which
 * the caller frees with *name (NAME, owned); *val points into kv ("" when
 * there is no '=').
 */
static char *env_object(const char *kv, char **name, const char **val)
{
	const char *eq = strchr(kv, '=');

	*val = eq ? eq + 1 : "";
	*name = vakt_xstrndup(kv, eq ? (size_t)(eq - kv) : strlen(kv));
	return vakt_xasprintf("config.Env[%s]", *name);
}

/* IM002 */
void img_check_env_secret(struct vakt_check_ctx *ctx)
{
	const struct img_config *c = &model(ctx)->img->config;

	for (size_t i = 0; i < c->env.n; i++) {
		const char *val;
		char *name;
		char *obj = env_object(c->env.v[i], &name, &val);
		const char *kind = NULL;
		size_t off = 0, len = 0;

		if (vakt_secret_value_match(val, strlen(val), &kind, &off, &len) == 1) {
			char *shown = vakt_secret_redact(val + off, len);

			vakt_check_emit(ctx, NULL, obj,
			                "environment variable %s holds a %s ('%s') that anyone "
			                "who pulls the image can read",
			                name, kind, shown);
			free(shown);
		} else if (vakt_secret_name_suspicious(name) && !value_is_placeholder(val)) {
			char *shown = vakt_secret_redact(val, strlen(val));

			vakt_check_emit(ctx, NULL, obj,
			                "environment variable %s looks like a secret ('%s') and "
			                "is stored in the image config",
			                name, shown);
			free(shown);
		}
		free(obj);
		free(name);
	}
}

/* IM003 */
void img_check_ssh_port(struct vakt_check_ctx *ctx)
{
	const struct img_config *c = &model(ctx)->img->config;

	for (size_t i = 0; i < c->exposed_ports.n; i++) {
		const char *p = c->exposed_ports.v[i];

		if (!strcmp(p, "22") || !strcmp(p, "22/tcp")) {
			char *obj = vakt_xasprintf("config.ExposedPorts[%s]", p);

			vakt_check_emit(ctx, NULL, obj,
			                "the image exposes port %s (SSH): containers are not "
			                "administered over SSH",
			                p);
			free(obj);
		}
	}
}

/* IM004 */
void img_check_no_healthcheck(struct vakt_check_ctx *ctx)
{
	const struct img_config *c = &model(ctx)->img->config;

	if (c->present && !c->has_healthcheck)
		vakt_check_emit(ctx, NULL, "config.Healthcheck",
		                "the image defines no healthcheck");
}

/* Whether NAME=VALUE at the start of tok sets a secret-looking name to a literal. */
static bool assignment_secret(const char *tok, size_t n, size_t *name_len)
{
	const char *eq = memchr(tok, '=', n);
	char name[VAKT_SECRET_NAME_MAX + 1];
	size_t nl;

	if (!eq || eq == tok)
		return false;
	nl = (size_t)(eq - tok);
	if (nl > VAKT_SECRET_NAME_MAX)
		return false;
	memcpy(name, tok, nl);
	name[nl] = '\0';
	*name_len = nl;
	if (eq + 1 == tok + n || eq[1] == '$' || (eq[1] == '"' && eq + 2 < tok + n && eq[2] == '$'))
		return false;
	return vakt_secret_name_suspicious(name);
}

/* Whether the config's Env holds exactly this NAME=VALUE (IM002 reports those). */
static bool in_env(const struct img_config *c, const char *tok, size_t n)
{
	for (size_t i = 0; i < c->env.n; i++)
		if (strlen(c->env.v[i]) == n && !strncmp(c->env.v[i], tok, n))
			return true;
	return false;
}

bool img_text_has_secret(const char *cb)
{
	size_t pos = 0;

	if (vakt_secret_value_match(cb, strlen(cb), NULL, NULL, NULL) == 1)
		return true;
	while (cb[pos]) {
		size_t n, nl = 0;

		pos += strspn(cb + pos, " \t");
		n = strcspn(cb + pos, " \t");
		if (n && assignment_secret(cb + pos, n, &nl))
			return true;
		pos += n;
	}
	return false;
}

const char *img_layer_step(const struct img_scan *s, int layer, bool *secret)
{
	const char *cb = NULL;

	if (layer >= 0 && (size_t)layer < s->img->n_layers)
		cb = s->img->layers[layer].created_by;
	*secret = cb && img_text_has_secret(cb);
	return cb;
}

/* IM005: build arguments and literal secrets in history created_by. */
void img_check_history_secret(struct vakt_check_ctx *ctx)
{
	const struct img_scan *s = model(ctx);
	const struct img_config *c = &s->img->config;

	for (size_t h = 0; h < c->n_history; h++) {
		const char *cb = c->history[h].created_by;
		char *obj, *label, *note;
		const char *kind = NULL;
		size_t off = 0, len = 0, pos = 0;
		bool done = false;

		if (!cb)
			continue;
		obj = vakt_xasprintf("history[%zu].created_by", h);
		label = img_history_label(s, (long)h);
		note = label ? vakt_xasprintf(" (%s)", label) : vakt_xstrdup("");
		free(label);
		if (vakt_secret_value_match(cb, strlen(cb), &kind, &off, &len) == 1) {
			char *shown = vakt_secret_redact(cb + off, len);

			vakt_check_emit(ctx, NULL, obj,
			                "the build history holds a %s ('%s'): it ships with "
			                "the image%s",
			                kind, shown, note);
			img_origin_attach_history(ctx, (long)h);
			free(shown);
			done = true;
		}
		/* NAME=value words: BuildKit records build arguments as "RUN |1 NAME=value ...". */
		while (!done && cb[pos]) {
			size_t n, nl = 0;

			pos += strspn(cb + pos, " \t");
			n = strcspn(cb + pos, " \t");
			if (n && assignment_secret(cb + pos, n, &nl) && !in_env(c, cb + pos, n)) {
				const char *val = cb + pos + nl + 1;
				char *shown = vakt_secret_redact(val, n - nl - 1);

				vakt_check_emit(ctx, NULL, obj,
				                "the build history sets %.*s to a literal value "
				                "('%s'): build arguments and ENV values ship with "
				                "the image%s",
				                (int)nl, cb + pos, shown, note);
				img_origin_attach_history(ctx, (long)h);
				free(shown);
				done = true;
			}
			pos += n;
		}
		free(note);
		free(obj);
	}
}

void img_values(struct vakt_check_ctx *ctx)
{
	const struct img_image *img = model(ctx)->img;
	const struct img_config *c = &img->config;

	/* The name it is tagged with is where it is pushed and pulled. */
	vakt_values_judge_str(ctx, VAKT_VALUE_IMAGE, img->ref, NULL, "name");
	for (size_t i = 0; i < c->env.n; i++) {
		const char *val;
		char *name;
		char *obj = env_object(c->env.v[i], &name, &val);

		vakt_values_judge_str(ctx, VAKT_VALUE_TEXT, val, NULL, obj);
		free(obj);
		free(name);
	}
	for (size_t i = 0; i < c->entrypoint.n; i++)
		vakt_values_judge_str(ctx, VAKT_VALUE_TEXT, c->entrypoint.v[i], NULL,
		                      "config.Entrypoint");
	for (size_t i = 0; i < c->cmd.n; i++)
		vakt_values_judge_str(ctx, VAKT_VALUE_TEXT, c->cmd.v[i], NULL, "config.Cmd");
}
