/* SPDX-License-Identifier: MIT */
/*
 * Data residency in Kubernetes manifests: the images containers pull (RS001)
 * and the endpoints and regions written in the values an object hands its
 * pods (RS002): env values, command and args, annotations, nodeSelector and
 * node-affinity values, ConfigMap data. The rules and the classifier live
 * in src/knowledge/residency.c; this file only walks the objects and reports
 * through kube_emit(), so the suppression annotations apply.
 */
#include "core/scan.h"
#include "core/util.h"
#include "knowledge/residency.h"
#include "kube-check.h"

/* The annotation kubectl writes holds the whole object again: its values are checked as such. */
#define LAST_APPLIED "kubectl.kubernetes.io/last-applied-configuration"

/* A node standing for part of n: kube_emit() reports at a node's position. */
static struct vakt_yaml_node node_at(const struct vakt_yaml_node *n, const struct vakt_span *s)
{
	struct vakt_yaml_node at = *n;

	at.line = s->line;
	at.col = s->column;
	at.end_line = s->end_line;
	at.end_col = s->end_column;
	return at;
}

/* RS002 over one scalar value of o (c: its container, may be NULL). */
static void check_value(struct vakt_check_ctx *ctx, const struct kube_object *o,
                        const struct kube_container *c, const struct vakt_yaml_node *v)
{
	struct vakt_residency_report rep[VAKT_RESIDENCY_MAX_HITS];
	struct vakt_check_ctx rc = *ctx;
	const char *text = vakt_yaml_text(v);
	struct vakt_span whole;
	size_t n;

	if (!text)
		return;
	whole = (struct vakt_span){v->line, v->col, v->end_line, v->end_col};
	n = vakt_residency_find_text(ctx->opts->config, text, v->len, rep, VAKT_ARRAY_SIZE(rep));
	for (size_t i = 0; i < n; i++) {
		struct vakt_span s = vakt_residency_report_span(&whole, v->len, &rep[i]);
		struct vakt_yaml_node at = node_at(v, &s);

		rc.rule = rep[i].rule;
		kube_emit(&rc, o, c, &at, "%s", rep[i].message);
		vakt_residency_report_release(&rep[i]);
	}
}

/* RS002 over every scalar item of a list (or a lone scalar). */
static void check_values(struct vakt_check_ctx *ctx, const struct kube_object *o,
                         const struct kube_container *c, const struct vakt_yaml_node *list)
{
	if (!vakt_yaml_is_seq(list)) {
		check_value(ctx, o, c, list);
		return;
	}
	for (size_t i = 0; i < list->n; i++)
		check_value(ctx, o, c, list->items[i]);
}

/* RS002 over the values of a mapping (annotations, nodeSelector, ConfigMap data). */
static void check_map_values(struct vakt_check_ctx *ctx, const struct kube_object *o,
                             const struct vakt_yaml_node *map)
{
	if (!vakt_yaml_is_map(map))
		return;
	for (size_t i = 0; i < map->n; i++) {
		const char *k = vakt_yaml_str(map->pairs[i].key);

		if (k && !strcmp(k, LAST_APPLIED))
			continue;
		check_value(ctx, o, NULL, map->pairs[i].value);
	}
}

/* The `values` of node-selector terms' matchExpressions (topology.kubernetes.io/region In ...). */
static void check_terms(struct vakt_check_ctx *ctx, const struct kube_object *o,
                        const struct vakt_yaml_node *terms)
{
	for (size_t t = 0; vakt_yaml_is_seq(terms) && t < terms->n; t++) {
		const struct vakt_yaml_node *term = terms->items[t];
		/* A preferred term wraps its selector term in `preference`. */
		const struct vakt_yaml_node *pref = vakt_yaml_get(term, "preference");
		const struct vakt_yaml_node *exprs =
		    vakt_yaml_get(pref ? pref : term, "matchExpressions");

		for (size_t e = 0; vakt_yaml_is_seq(exprs) && e < exprs->n; e++)
			check_values(ctx, o, NULL, vakt_yaml_get(exprs->items[e], "values"));
	}
}

static void check_container(struct vakt_check_ctx *ctx, const struct kube_object *o,
                            const struct kube_container *c)
{
	const struct vakt_yaml_node *image = vakt_yaml_get(c->node, "image");
	const struct vakt_yaml_node *env = vakt_yaml_get(c->node, "env");
	struct vakt_residency_report rep;

	if (vakt_residency_find_image(ctx->opts->config, vakt_yaml_text(image), &rep)) {
		struct vakt_check_ctx rc = *ctx;

		rc.rule = rep.rule;
		kube_emit(&rc, o, c, image, "%s", rep.message);
		vakt_residency_report_release(&rep);
	}
	for (size_t i = 0; vakt_yaml_is_seq(env) && i < env->n; i++)
		check_value(ctx, o, c, vakt_yaml_get(env->items[i], "value"));
	check_values(ctx, o, c, vakt_yaml_get(c->node, "command"));
	check_values(ctx, o, c, vakt_yaml_get(c->node, "args"));
}

void kube_check_residency(struct vakt_check_ctx *ctx)
{
	const struct kube_check_model *m = ctx->model;
	const struct kube_object *o = m ? m->obj : NULL;
	const struct vakt_yaml_node *aff;

	if (!o)
		return;
	check_map_values(ctx, o, vakt_yaml_get(o->metadata, "annotations"));
	if (o->kind_name && !strcmp(o->kind_name, "ConfigMap"))
		check_map_values(ctx, o, vakt_yaml_get(o->node, "data"));
	if (!(o = kube_check_pod(ctx)))
		return;
	if (o->pod_meta && o->pod_meta != o->metadata)
		check_map_values(ctx, o, vakt_yaml_get(o->pod_meta, "annotations"));
	check_map_values(ctx, o, vakt_yaml_get(o->pod_spec, "nodeSelector"));
	aff = vakt_yaml_path(o->pod_spec, "affinity.nodeAffinity");
	check_terms(ctx, o,
	            vakt_yaml_path(aff, "requiredDuringSchedulingIgnoredDuringExecution."
	                                "nodeSelectorTerms"));
	check_terms(ctx, o, vakt_yaml_get(aff, "preferredDuringSchedulingIgnoredDuringExecution"));
	for (size_t i = 0; i < o->n_containers; i++)
		check_container(ctx, o, &o->containers[i]);
}
