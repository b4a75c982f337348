/* SPDX-License-Identifier: MIT */
/* The compose domain: recognise, parse the YAML, run the container rules per service. */
#include "compose.h"
#include "core/pragma.h"

static bool compose_match_name(const char *path, const char *base)
{
	(void)path;
	return compose_match_basename(base);
}

static bool compose_sniff(const char *data, size_t len)
{
	return compose_match_content(data, len);
}

static int yaml_extent(int line, void *data)
{
	return compose_yaml_extent(data, line);
}

/* The rules of one service, as it is loaded. */
struct service_rules {
	const struct vakt_source *src;
	const struct vakt_scan_opts *o;
	struct vakt_findings *out;
};

static void run_service(struct ctr_settings *c, void *data)
{
	struct service_rules *r = data;

	ctr_run_rules(c, r->src, r->o, r->out);
}

static void compose_scan(struct vakt_source *src, const struct vakt_scan_opts *o, void *state,
                         struct vakt_findings *out, struct vakt_suppressions *sup,
                         struct vakt_error_list *errs)
{
	struct vakt_yaml_stream *ys = NULL;
	struct vakt_error *err = NULL;

	(void)state;
	if (vakt_yaml_parse(src->path, src->data, src->len, &ys, &err) < 0)
		vakt_error_list_add(errs, err);
	for (size_t d = 0; ys && d < ys->n_docs; d++) {
		struct service_rules r = {src, o, out};

		compose_load_each(src, ys->docs[d].root, errs, run_service, &r);
	}
	vakt_pragmas_collect(src, yaml_extent, ys, sup, errs);
	vakt_yaml_free(ys);
}

const struct vakt_domain compose_domain = {
    .name = "compose",
    .match_name = compose_match_name,
    .match_content = compose_sniff,
    .scan = compose_scan,
};
