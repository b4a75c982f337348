/* SPDX-License-Identifier: MIT */
/*
 * Which workloads hold what an attacker who lands in any pod goes for
 * first: databases, caches and secrets stores (kube-netpol.h). Told by the
 * image a container runs (its repository's last component, so that
 * "bitnami/postgresql", "docker.io/library/postgres" and
 * "registry.example.com/mirror/redis" all count), else by a container port
 * that only such a server listens on by default.
 */
#include "knowledge/imageref.h"
#include "kube-netpol.h"

static const struct {
	const char *image; /* repository's last component, or its prefix before '-' */
	const char *what;
} images[] = {
    {"postgres", "database"},      {"postgresql", "database"},
    {"mysql", "database"},         {"mariadb", "database"},
    {"mongo", "database"},         {"mongodb", "database"},
    {"cassandra", "database"},     {"cockroach", "database"},
    {"couchdb", "database"},       {"clickhouse", "database"},
    {"influxdb", "database"},      {"neo4j", "database"},
    {"elasticsearch", "database"}, {"opensearch", "database"},
    {"etcd", "database"},          {"redis", "cache"},
    {"valkey", "cache"},           {"memcached", "cache"},
    {"vault", "secrets store"},    {"openbao", "secrets store"},
};

/* Default ports of the same servers, for images vakt does not recognise. */
static const struct {
	unsigned port;
	const char *what;
} ports[] = {
    {5432, "database"},  {3306, "database"}, {27017, "database"},     {9042, "database"},
    {26257, "database"}, {5984, "database"}, {9200, "database"},      {2379, "database"},
    {6379, "cache"},     {11211, "cache"},   {8200, "secrets store"},
};

/* The kind of a container's image, or NULL. */
static const char *image_kind(const char *image)
{
	struct vakt_imageref ref;
	struct vakt_error *err = NULL;
	const char *what = NULL, *name;
	size_t n;

	if (!image || vakt_imageref_parse(image, &ref, &err) < 0) {
		vakt_error_free(err);
		return NULL;
	}
	name = vakt_imageref_name(&ref);
	n = strcspn(name, "-_");
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(images) && !what; i++)
		if (!strcmp(name, images[i].image) ||
		    (strlen(images[i].image) == n && !strncmp(name, images[i].image, n)))
			what = images[i].what;
	vakt_imageref_release(&ref);
	return what;
}

const char *kube_netpol_sensitive(const struct kube_np_workload *w)
{
	const struct kube_object *o = w->obj;

	for (size_t i = 0; i < o->n_containers; i++) {
		const char *what;

		if (o->containers[i].type != KUBE_CONTAINER)
			continue;
		what = image_kind(vakt_yaml_text(vakt_yaml_get(o->containers[i].node, "image")));
		if (what)
			return what;
	}
	for (size_t i = 0; i < w->n_ports; i++)
		for (size_t k = 0; k < VAKT_ARRAY_SIZE(ports); k++)
			if (w->ports[i].port == ports[k].port)
				return ports[k].what;
	return NULL;
}
