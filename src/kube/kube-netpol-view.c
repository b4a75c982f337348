/* SPDX-License-Identifier: MIT */
/*
 * vakt netpol's view of a NetworkPolicy model (kube-netpol-render.h): what
 * every format shows, computed once (the allowed pairs, what outside
 * addresses may send and receive, the workloads every pod can reach); the
 * workloads a --from or --to names; and kube_np_render(), which picks the
 * writer and keeps what the input names away from a terminal.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/report.h"
#include "kube-netpol-render.h"

/* --- naming workloads --------------------------------------------------------- */

const char *kube_np_obj_file(const struct kube_object *o)
{
	return o->file ? o->file : "-";
}

int kube_np_obj_line(const struct kube_object *o)
{
	return o->node ? o->node->line : 0;
}

/* Whether spec names w: "Kind/ns/name", "ns/name", "Kind/name" or "name". */
static bool np_names(const struct kube_netpol_model *m, const struct kube_np_workload *w,
                     const char *spec)
{
	const char *kind = w->obj->kind_name ? w->obj->kind_name : "";
	const char *ns = m->nss[w->ns].name, *name = w->obj->name;
	const char *s1 = strchr(spec, '/'), *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
	size_t l1 = s1 ? (size_t)(s1 - spec) : 0;

	if (!s1)
		return !strcmp(spec, name);
	if (s2) {
		size_t l2 = (size_t)(s2 - s1 - 1);

		return l1 == strlen(kind) && !vakt_strncasecmp(spec, kind, l1) &&
		       l2 == strlen(ns) && !strncmp(s1 + 1, ns, l2) && !strcmp(s2 + 1, name);
	}
	if (strcmp(s1 + 1, name))
		return false;
	return (l1 == strlen(ns) && !strncmp(spec, ns, l1)) ||
	       (l1 == strlen(kind) && !vakt_strncasecmp(spec, kind, l1));
}

size_t kube_np_find_workload(const struct kube_netpol_model *m, const char *spec, size_t *hit,
                             char **names)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t n = 0;

	*hit = SIZE_MAX;
	for (size_t i = 0; i < m->n_wls; i++) {
		if (!np_names(m, &m->wls[i], spec))
			continue;
		vakt_buf_addf(&b, "%s%s (%s:%d)", n ? ", " : "", m->wls[i].id,
		              kube_np_obj_file(m->wls[i].obj), kube_np_obj_line(m->wls[i].obj));
		if (!n++)
			*hit = i;
	}
	if (names)
		*names = vakt_buf_detach(&b);
	vakt_buf_release(&b);
	return n;
}

/* --- the view ------------------------------------------------------------------ */

int kube_np_view_build(struct kube_np_view *v, const struct kube_netpol_model *m, size_t from,
                       size_t to, struct vakt_error **err)
{
	int r;

	memset(v, 0, sizeof(*v));
	v->from = from;
	v->to = to;
	/* One question needs one verdict, not all N * N of them. */
	if ((from == SIZE_MAX || to == SIZE_MAX) &&
	    (r = kube_netpol_edges(m, &v->edges, &v->n_edges, err)) < 0)
		return r;
	v->m = m;
	for (int d = 0; d < KUBE_NP_DIRS; d++) {
		v->ext[d] = vakt_xcalloc(m->n_wls + 1, sizeof(*v->ext[d]));
		for (size_t i = 0; i < m->n_wls; i++)
			kube_netpol_external(m, i, d, &v->ext[d][i]);
	}
	v->open = vakt_xcalloc(m->n_wls + 1, sizeof(*v->open));
	v->open_ports = vakt_xcalloc(m->n_wls + 1, sizeof(*v->open_ports));
	v->open_pol = vakt_xcalloc(m->n_wls + 1, sizeof(*v->open_pol));
	for (size_t i = 0; i < m->n_wls; i++)
		v->open[i] = kube_netpol_open_to_all(m, i, &v->open_ports[i], &v->open_pol[i]);
	return 0;
}

void kube_np_view_release(struct kube_np_view *v)
{
	for (size_t i = 0; v->m && i < v->m->n_wls; i++) {
		for (int d = 0; d < KUBE_NP_DIRS; d++)
			kube_np_external_release(&v->ext[d][i]);
		kube_ports_release(&v->open_ports[i]);
	}
	for (int d = 0; d < KUBE_NP_DIRS; d++)
		free(v->ext[d]);
	free(v->open);
	free(v->open_ports);
	free(v->open_pol);
	kube_np_edges_free(v->edges, v->n_edges);
	memset(v, 0, sizeof(*v));
}

bool kube_np_view_shows(const struct kube_np_view *v, size_t src, size_t dst)
{
	return (v->from == SIZE_MAX || v->from == src) && (v->to == SIZE_MAX || v->to == dst);
}

bool kube_np_view_shows_ext(const struct kube_np_view *v, enum kube_np_dir d, size_t w)
{
	if (kube_ports_empty(&v->ext[d][w].ports))
		return false;
	if (d == KUBE_NP_INGRESS)
		return v->from == SIZE_MAX && (v->to == SIZE_MAX || v->to == w);
	return v->to == SIZE_MAX && (v->from == SIZE_MAX || v->from == w);
}

char *kube_np_ports_str(const struct kube_ports *p)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	kube_ports_format(p, &b);
	return vakt_buf_detach(&b);
}

char *kube_np_addrs_str(const struct kube_np_external *x)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	if (x->any_address)
		vakt_buf_adds(&b, "any address");
	for (size_t i = 0; !x->any_address && i < x->cidrs.n; i++)
		vakt_buf_addf(&b, "%s%s", i ? "; " : "", x->cidrs.v[i]);
	return vakt_buf_detach(&b);
}

/* --- writing ------------------------------------------------------------------- */

/*
 * Copy text to out with unsafe characters other than newline and tab shown as
 * '?': names come from the input, and an escape sequence must not reach a
 * terminal. buf[len] is NUL; a NUL inside (a YAML "\0" escape) shows as '?'.
 */
static void np_put_clean(FILE *out, const char *buf, size_t len)
{
	size_t off = 0;

	for (;;) {
		vakt_fputs_safe(out, buf + off, VAKT_SAFE_KEEP_NEWLINES);
		off += strlen(buf + off);
		if (off >= len)
			break;
		fputc('?', out);
		off++;
	}
}

int kube_np_render(FILE *out, const struct kube_np_view *v, enum kube_np_format f, bool pairs,
                   struct vakt_error **err)
{
	bool explain = v->from != SIZE_MAX && v->to != SIZE_MAX;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;
	int r = 0;

	if (f == KUBE_NP_JSON) {
		errno = 0;
		if (kube_np_write_json(out, v) == 0)
			return 0;
		r = errno ? -errno : -EIO;
		return vakt_error_set(err, r, "cannot write the output: %s", strerror(-r));
	}
	/* Text and DOT are built in memory, then cleaned (or rendered). */
	mem = open_memstream(&buf, &len);
	if (!mem) {
		r = -errno;
		return vakt_error_set(err, r, "cannot write the output: %s", strerror(-r));
	}
	if (f == KUBE_NP_TEXT && explain)
		kube_np_write_explain(mem, v->m, v->from, v->to);
	else if (f == KUBE_NP_TEXT)
		kube_np_write_text(mem, v, pairs);
	else
		kube_np_write_dot(mem, v);
	if (fclose(mem) != 0) {
		r = -errno;
		free(buf);
		return vakt_error_set(err, r, "cannot write the output: %s", strerror(-r));
	}
	if (f == KUBE_NP_SVG)
		r = kube_np_write_svg(out, buf, len, err);
	else
		np_put_clean(out, buf, len);
	free(buf);
	return r;
}
