/* SPDX-License-Identifier: MIT */
/*
 * The values of a Kubernetes object the families judge (data residency):
 * the images containers pull and the values an object hands its pods (env
 * values, command and args, annotations, nodeSelector and node-affinity
 * values, ConfigMap data). This file only walks the objects; each value
 * goes with its object as ctx->about, so the suppression annotations apply.
 */
#include "core/scan.h"
#include "core/util.h"
#include "kube-check.h"

/* The annotation kubectl writes holds the whole object again: its values are checked as such. */
#define LAST_APPLIED "kubectl.kubernetes.io/last-applied-configuration"

/* One value of o (c: its container, may be NULL) at node v, to the families. */
static void judge(struct vakt_check_ctx *ctx, const struct kube_object *o,
                  const struct kube_container *c, enum vakt_value_kind kind,
                  const struct vakt_yaml_node *v)
{
	struct kube_about about = {o, c, 0};
	struct vakt_check_ctx ac;
	const char *text = vakt_yaml_text(v);
	struct vakt_span whole;
	struct vakt_value val = {.kind = kind, .text = text, .at = &whole};
	char *object;

	if (!text)
		return;
	whole = (struct vakt_span){v->line, v->col, v->end_line, v->end_col};
	val.len = v->len;
	object = kube_container_path(o, c);
	val.object = object;
	ac = kube_ctx_about(ctx, &about);
	vakt_values_judge(&ac, &val);
	free(object);
}

static void text_value(struct vakt_check_ctx *ctx, const struct kube_object *o,
                       const struct kube_container *c, const struct vakt_yaml_node *v)
{
	judge(ctx, o, c, VAKT_VALUE_TEXT, v);
}

/* Every scalar item of a list (or a lone scalar). */
static void list_values(struct vakt_check_ctx *ctx, const struct kube_object *o,
                        const struct kube_container *c, const struct vakt_yaml_node *list)
{
	if (!vakt_yaml_is_seq(list)) {
		text_value(ctx, o, c, list);
		return;
	}
	for (size_t i = 0; i < list->n; i++)
		text_value(ctx, o, c, list->items[i]);
}

/* The values of a mapping (annotations, nodeSelector, ConfigMap data). */
static void map_values(struct vakt_check_ctx *ctx, const struct kube_object *o,
                       const struct vakt_yaml_node *map)
{
	if (!vakt_yaml_is_map(map))
		return;
	for (size_t i = 0; i < map->n; i++) {
		const char *k = vakt_yaml_str(map->pairs[i].key);

		if (k && !strcmp(k, LAST_APPLIED))
			continue;
		text_value(ctx, o, NULL, map->pairs[i].value);
	}
}

/* The `values` of node-selector terms' matchExpressions (topology.kubernetes.io/region In ...). */
static void term_values(struct vakt_check_ctx *ctx, const struct kube_object *o,
                        const struct vakt_yaml_node *terms)
{
	for (size_t t = 0; vakt_yaml_is_seq(terms) && t < terms->n; t++) {
		const struct vakt_yaml_node *term = terms->items[t];
		/* A preferred term wraps its selector term in `preference`. */
		const struct vakt_yaml_node *pref = vakt_yaml_get(term, "preference");
		const struct vakt_yaml_node *exprs =
		    vakt_yaml_get(pref ? pref : term, "matchExpressions");

		for (size_t e = 0; vakt_yaml_is_seq(exprs) && e < exprs->n; e++)
			list_values(ctx, o, NULL, vakt_yaml_get(exprs->items[e], "values"));
	}
}

static void container_values(struct vakt_check_ctx *ctx, const struct kube_object *o,
                             const struct kube_container *c)
{
	const struct vakt_yaml_node *env = vakt_yaml_get(c->node, "env");

	judge(ctx, o, c, VAKT_VALUE_IMAGE, vakt_yaml_get(c->node, "image"));
	for (size_t i = 0; vakt_yaml_is_seq(env) && i < env->n; i++)
		text_value(ctx, o, c, vakt_yaml_get(env->items[i], "value"));
	list_values(ctx, o, c, vakt_yaml_get(c->node, "command"));
	list_values(ctx, o, c, vakt_yaml_get(c->node, "args"));
}

void kube_values(struct vakt_check_ctx *ctx)
{
	const struct kube_check_model *m = ctx->model;
	const struct kube_object *o = m ? m->obj : NULL;
	const struct vakt_yaml_node *aff;

	if (!o)
		return;
	map_values(ctx, o, vakt_yaml_get(o->metadata, "annotations"));
	if (o->kind_name && !strcmp(o->kind_name, "ConfigMap"))
		map_values(ctx, o, vakt_yaml_get(o->node, "data"));
	if (!(o = kube_check_pod(ctx)))
		return;
	if (o->pod_meta && o->pod_meta != o->metadata)
		map_values(ctx, o, vakt_yaml_get(o->pod_meta, "annotations"));
	map_values(ctx, o, vakt_yaml_get(o->pod_spec, "nodeSelector"));
	aff = vakt_yaml_path(o->pod_spec, "affinity.nodeAffinity");
	term_values(ctx, o,
	            vakt_yaml_path(aff, "requiredDuringSchedulingIgnoredDuringExecution."
	                                "nodeSelectorTerms"));
	term_values(ctx, o, vakt_yaml_get(aff, "preferredDuringSchedulingIgnoredDuringExecution"));
	for (size_t i = 0; i < o->n_containers; i++)
		container_values(ctx, o, &o->containers[i]);
}
