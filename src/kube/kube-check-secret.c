/* SPDX-License-Identifier: MIT */
/*
 * Secret rules (KS050-KS051): secrets written into the pod spec instead of
 * read from a Secret (env valueFrom.secretKeyRef, envFrom, or a volume).
 * Detection is knowledge/secrets.c's, shared with the Dockerfile rules. Only
 * literal `value:` fields are judged: valueFrom never is.
 */
#include "core/util.h"
#include "knowledge/secrets.h"
#include "kube-check.h"

/* A literal env value: the `value:` pair of an env item, with text. NULL otherwise. */
static const struct vakt_yaml_pair *env_literal(const struct vakt_yaml_node *item,
                                                const char **name, const char **value)
{
	const struct vakt_yaml_pair *p = vakt_yaml_get_pair(item, "value");

	*name = vakt_yaml_text(vakt_yaml_get(item, "name"));
	*value = p ? vakt_yaml_text(p->value) : NULL;
	return *value ? p : NULL;
}

/* Report the first secret in a scalar; returns whether there was one. */
static bool secret_in(struct vakt_check_ctx *ctx, const struct kube_object *o,
                      const struct kube_container *c, const struct vakt_yaml_node *at,
                      const struct vakt_yaml_node *value, const char *where)
{
	const char *kind;
	size_t off, len;
	char *shown, *desc;

	if (!value || value->kind != VAKT_YAML_SCALAR || !value->str ||
	    vakt_secret_value_match(value->str, value->len, &kind, &off, &len) != 1)
		return false;
	shown = vakt_secret_redact(value->str + off, len ? len : 1);
	desc = kube_ctr_desc(c);
	kube_emit(ctx, o, c, at,
	          "%s has a secret (%s '%s') in plain text in %s: anyone who can read the "
	          "manifest or the pod (kubectl get pod -o yaml) has it; remove it, rotate it, "
	          "and read it from a Secret (valueFrom.secretKeyRef or a volume)",
	          desc, kind, shown, where);
	free(desc);
	free(shown);
	return true;
}

static void secret_value_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                             const struct kube_container *c)
{
	static const char *const lists[] = {"command", "args"};
	const struct vakt_yaml_node *env = vakt_yaml_get(c->node, "env");
	size_t found = 0;

	for (size_t i = 0; vakt_yaml_is_seq(env) && i < env->n; i++) {
		const struct vakt_yaml_pair *p;
		const char *name, *value;
		char *where;

		if (found == KUBE_MAX_SECRETS_PER_CONTAINER)
			return;
		if (!(p = env_literal(env->items[i], &name, &value)))
			continue;
		where = vakt_xasprintf("env %.*s", KUBE_MSG_MAX, name ? name : "(unnamed)");
		found += secret_in(ctx, o, c, p->key, p->value, where);
		free(where);
	}
	for (size_t l = 0; l < VAKT_ARRAY_SIZE(lists); l++) {
		const struct vakt_yaml_node *items = vakt_yaml_get(c->node, lists[l]);

		for (size_t i = 0; vakt_yaml_is_seq(items) && i < items->n; i++) {
			if (found == KUBE_MAX_SECRETS_PER_CONTAINER)
				return;
			found += secret_in(ctx, o, c, items->items[i], items->items[i], lists[l]);
		}
	}
}

/* KS050: a value in a known secret format in env values, command or args. */
void kube_check_secret_value(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, false, secret_value_one);
}

/*
 * Whether a literal value cannot be a secret: a boolean or a number (a
 * setting such as AUTH_REQUIRED=true), or a reference to another variable
 * ("$(DB_PASSWORD)", expanded by the kubelet from an env that may come
 * from a Secret).
 */
static bool not_a_secret(const char *v)
{
	static const char *const words[] = {"true", "false", "yes", "no", "on", "off"};
	bool digits = true;

	if (strstr(v, "$("))
		return true;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(words); i++)
		if (!vakt_strcasecmp(v, words[i]))
			return true;
	for (const char *p = v; *p; p++)
		if (*p < '0' || *p > '9')
			digits = false;
	return digits;
}

static void secret_name_one(struct vakt_check_ctx *ctx, const struct kube_object *o,
                            const struct kube_container *c)
{
	const struct vakt_yaml_node *env = vakt_yaml_get(c->node, "env");
	char *desc = NULL;

	for (size_t i = 0; vakt_yaml_is_seq(env) && i < env->n; i++) {
		const struct vakt_yaml_pair *p;
		const char *name, *value;

		if (!(p = env_literal(env->items[i], &name, &value)) || !name ||
		    !vakt_secret_name_suspicious(name) || not_a_secret(value))
			continue;
		/* A known secret format is KS050's, at critical. */
		if (vakt_secret_value_match(p->value->str, p->value->len, NULL, NULL, NULL) == 1)
			continue;
		if (!desc)
			desc = kube_ctr_desc(c);
		kube_emit(ctx, o, c, p->key,
		          "%s sets env %.*s, which looks like a secret, to a literal value: anyone "
		          "who can read the manifest or the pod has it; read it from a Secret with "
		          "valueFrom.secretKeyRef",
		          desc, KUBE_MSG_MAX, name);
	}
	free(desc);
}

/* KS051: a secret-looking env name with a literal value. */
void kube_check_secret_name(struct vakt_check_ctx *ctx)
{
	kube_each_container(ctx, false, secret_name_one);
}
