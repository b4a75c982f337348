/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/pkg/pkg-sbom.c: CycloneDX 1.5 and SPDX 2.3 JSON.
 *
 * The CycloneDX output is validated against the official schema by
 * tests/extra/sbom.sh (ajv, offline). No npm package ships the SPDX 2.3 JSON
 * schema, so the SPDX output is checked here, structurally, against what
 * that schema and the SPDX 2.3 specification require (spdx_check()).
 *
 *   test-pkg-sbom --write-samples DIR   writes the sample BOMs sbom.sh validates
 *   test-pkg-sbom --check-spdx FILE...  prints "FILE<TAB>ok" or "FILE<TAB>error: ..."
 *                                       for each SPDX file (vakt image output, say)
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>

#include "pkg/pkg.h"
#include "pkg-sbom-test.h"

#define DIGEST "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const char *const layer_digests[] = {
    "sha256:1111111111111111111111111111111111111111111111111111111111111111",
    "sha256:2222222222222222222222222222222222222222222222222222222222222222",
};

static const struct pkg_sbom_subject subject = {
    .name = "localhost/vakt-test/debian:12",
    .digest = DIGEST,
    .created = "2024-05-06T07:08:09Z",
    .layer_digests = layer_digests,
    .n_layers = 2,
};

static struct pkg *add(struct pkg_list *l, enum pkg_type t, const char *name, const char *version,
                       const char *arch, const char *source, const char *source_version,
                       const char *license, int layer)
{
	struct pkg *p = pkg_list_add(l);

	p->type = t;
	p->name = vakt_xstrdup(name);
	p->version = vakt_xstrdup(version);
	p->arch = vakt_xstrdup(arch);
	p->source = vakt_xstrdup(source);
	p->source_version = vakt_xstrdup(source_version);
	p->license = vakt_xstrdup(license);
	p->layer = layer;
	return p;
}

/* A small Debian image: packages in no particular order, some odd ones. */
static void sample_debian(struct pkg_list *l, struct pkg_os *os)
{
	memset(os, 0, sizeof(*os));
	os->id = vakt_xstrdup("debian");
	os->version_id = vakt_xstrdup("12");
	os->codename = vakt_xstrdup("bookworm");
	os->pretty = vakt_xstrdup("Debian GNU/Linux 12 (bookworm)");
	add(l, PKG_DPKG, "zlib1g", "1:1.2.13.dfsg-1", "amd64", "zlib", "1:1.2.13.dfsg-1", "Zlib",
	    0);
	add(l, PKG_DPKG, "bash", "5.2.15-2+b13", "amd64", "bash", "5.2.15-2", "GPL-3.0-or-later",
	    0);
	add(l, PKG_DPKG, "bsdutils", "1:2.38.1-5+deb12u3", "amd64", "util-linux",
	    "2.38.1-5+deb12u3", "GPL-2+ AND BSD-4-clause", 0);
	add(l, PKG_DPKG, "libssl3", "3.0.11-1~deb12u2", "amd64", "openssl", "3.0.11-1~deb12u2",
	    "Apache-2.0 OR (MIT AND BSD-3-Clause)", 1);
	add(l, PKG_DPKG, "libstdc++6", "12.2.0-14", "amd64", "gcc-12", "12.2.0-14", NULL, 1);
	/* A hostile database: bytes that are not UTF-8, a layer past the digest list. */
	add(l, PKG_DPKG, "bad\xff\xfename", "1\xc3", "amd64", "s\x80", "1", "L\xe9gal", 5);
	/* Listed twice: unique references all the same. */
	add(l, PKG_DPKG, "tzdata", "2024a-0+deb12u1", "all", "tzdata", "2024a-0+deb12u1", NULL, -1);
	add(l, PKG_DPKG, "tzdata", "2024a-0+deb12u1", "all", "tzdata", "2024a-0+deb12u1", NULL, -1);
}

static const char *jget_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("'%s' is not a string", key);
	return json_string_value(v);
}

/* The value of the CycloneDX property `name` of component c, or NULL. */
static const char *cdx_prop(json_t *c, const char *name)
{
	json_t *props = json_object_get(c, "properties"), *p;
	size_t i;

	json_array_foreach(props, i, p)
	{
		if (!strcmp(jget_str(p, "name"), name))
			return jget_str(p, "value");
	}
	return NULL;
}

static json_t *cdx_find(json_t *bom, const char *name)
{
	json_t *comps = json_object_get(bom, "components"), *c;
	size_t i;

	json_array_foreach(comps, i, c)
	{
		if (!strcmp(jget_str(c, "name"), name))
			return c;
	}
	fail_msg("component '%s' missing", name);
	return NULL;
}

static void test_cyclonedx(void **state)
{
	struct pkg_list l = {0};
	struct pkg_os os;
	char *text, *again;
	json_t *bom, *meta, *comps, *c, *lic, *deps;
	struct vakt_strv refs = VAKT_STRV_INIT;
	size_t i;

	sample_debian(&l, &os);
	text = sbom_test_write(pkg_sbom_cyclonedx, &subject, &os, &l);
	bom = sbom_test_parse(text);
	assert_string_equal("CycloneDX", jget_str(bom, "bomFormat"));
	assert_string_equal("1.5", jget_str(bom, "specVersion"));
	assert_string_equal("http://cyclonedx.org/schema/bom-1.5.schema.json",
	                    jget_str(bom, "$schema"));
	/* The serial number is the image digest's first 128 bits, as a UUIDv8. */
	assert_string_equal("urn:uuid:01234567-89ab-8def-8123-456789abcdef",
	                    jget_str(bom, "serialNumber"));
	assert_int_equal(1, json_integer_value(json_object_get(bom, "version")));
	meta = json_object_get(bom, "metadata");
	assert_string_equal("2024-05-06T07:08:09Z", jget_str(meta, "timestamp"));
	c = json_object_get(meta, "component");
	assert_string_equal("container", jget_str(c, "type"));
	assert_string_equal("localhost/vakt-test/debian:12", jget_str(c, "name"));
	assert_string_equal(DIGEST, jget_str(c, "version"));
	assert_string_equal("pkg:oci/debian@sha256%3A0123456789abcdef0123456789abcdef0123456789abcd"
	                    "ef0123456789abcdef",
	                    jget_str(c, "purl"));
	c = json_array_get(json_object_get(json_object_get(meta, "tools"), "components"), 0);
	assert_string_equal("vakt", jget_str(c, "name"));

	comps = json_object_get(bom, "components");
	assert_int_equal(1 + l.n, json_array_size(comps));
	c = json_array_get(comps, 0);
	assert_string_equal("operating-system", jget_str(c, "type"));
	assert_string_equal("debian", jget_str(c, "name"));
	assert_string_equal("12", jget_str(c, "version"));
	assert_string_equal("Debian GNU/Linux 12 (bookworm)", jget_str(c, "description"));
	/* Packages follow in a stable order: by name here. */
	assert_string_equal("bad??name", jget_str(json_array_get(comps, 1), "name"));
	assert_string_equal("bash", jget_str(json_array_get(comps, 2), "name"));
	assert_string_equal("zlib1g", jget_str(json_array_get(comps, 8), "name"));

	c = cdx_find(bom, "bsdutils");
	assert_string_equal("library", jget_str(c, "type"));
	assert_string_equal("1:2.38.1-5+deb12u3", jget_str(c, "version"));
	assert_string_equal(
	    "pkg:deb/debian/bsdutils@1%3A2.38.1-5%2Bdeb12u3?arch=amd64&distro=debian-12",
	    jget_str(c, "purl"));
	assert_string_equal(jget_str(c, "purl"), jget_str(c, "bom-ref"));
	assert_string_equal("util-linux", cdx_prop(c, "vakt:package:source"));
	assert_string_equal("2.38.1-5+deb12u3", cdx_prop(c, "vakt:package:source-version"));
	assert_string_equal("dpkg", cdx_prop(c, "vakt:package:type"));
	assert_string_equal("amd64", cdx_prop(c, "vakt:package:arch"));
	assert_string_equal("1", cdx_prop(c, "vakt:layer")); /* numbered from 1, as in findings */
	assert_string_equal(layer_digests[0], cdx_prop(c, "vakt:layer:digest"));
	/* Not an SPDX expression: a licence name. */
	lic = json_object_get(json_array_get(json_object_get(c, "licenses"), 0), "license");
	assert_string_equal("GPL-2+ AND BSD-4-clause", jget_str(lic, "name"));
	/* One SPDX id, and an SPDX expression. */
	c = cdx_find(bom, "zlib1g");
	lic = json_object_get(json_array_get(json_object_get(c, "licenses"), 0), "license");
	assert_string_equal("Zlib", jget_str(lic, "id"));
	c = cdx_find(bom, "libssl3");
	assert_string_equal(
	    "Apache-2.0 OR (MIT AND BSD-3-Clause)",
	    jget_str(json_array_get(json_object_get(c, "licenses"), 0), "expression"));
	assert_string_equal(layer_digests[1], cdx_prop(c, "vakt:layer:digest"));
	c = cdx_find(bom, "libstdc++6");
	assert_null(json_object_get(c, "licenses"));
	assert_string_equal("pkg:deb/debian/libstdc%2B%2B6@12.2.0-14?arch=amd64&distro=debian-12",
	                    jget_str(c, "purl"));
	/* Layer 5 has no digest; layer -1 no layer at all. */
	c = cdx_find(bom, "bad??name");
	assert_string_equal("6", cdx_prop(c, "vakt:layer"));
	assert_null(cdx_prop(c, "vakt:layer:digest"));
	assert_string_equal("1?", jget_str(c, "version"));
	c = cdx_find(bom, "tzdata");
	assert_null(cdx_prop(c, "vakt:layer"));

	/* Every bom-ref is unique; the dependency graph only names them. */
	vakt_strv_push(&refs, "vakt-image");
	json_array_foreach(comps, i, c)
	{
		const char *ref = jget_str(c, "bom-ref");

		if (vakt_strv_contains(&refs, ref, false))
			fail_msg("bom-ref '%s' is not unique", ref);
		vakt_strv_push(&refs, ref);
	}
	assert_true(vakt_strv_contains(&refs,
	                               "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&"
	                               "distro=debian-12#2",
	                               false));
	deps = json_object_get(bom, "dependencies");
	assert_int_equal(2, json_array_size(deps));
	assert_string_equal("vakt-image", jget_str(json_array_get(deps, 0), "ref"));
	assert_string_equal("vakt-os", jget_str(json_array_get(deps, 1), "ref"));
	assert_int_equal(l.n,
	                 json_array_size(json_object_get(json_array_get(deps, 1), "dependsOn")));
	json_array_foreach(deps, i, c)
	{
		json_t *d;
		size_t k;

		assert_true(vakt_strv_contains(&refs, jget_str(c, "ref"), false));
		json_array_foreach(json_object_get(c, "dependsOn"), k, d)
		{
			assert_true(vakt_strv_contains(&refs, json_string_value(d), false));
		}
	}

	/* The same inputs in another order give the same bytes. */
	pkg_list_sort(&l);
	for (size_t k = 0; k + 1 < l.n; k += 2) {
		struct pkg t = l.v[k];

		l.v[k] = l.v[k + 1];
		l.v[k + 1] = t;
	}
	again = sbom_test_write(pkg_sbom_cyclonedx, &subject, &os, &l);
	assert_string_equal(text, again);
	free(again);
	json_decref(bom);
	free(text);
	vakt_strv_release(&refs);
	pkg_list_release(&l);
	pkg_os_release(&os);
}

/* No OS, no digest, no packages: still a valid BOM. */
static void test_cyclonedx_minimal(void **state)
{
	const struct pkg_sbom_subject s = {.name = "./rootfs", .created = "2024-01-01T00:00:00Z"};
	struct pkg_list l = {0};
	char *text = sbom_test_write(pkg_sbom_cyclonedx, &s, NULL, &l);
	json_t *bom = sbom_test_parse(text), *c, *deps;

	assert_int_equal(0, json_array_size(json_object_get(bom, "components")));
	c = json_object_get(json_object_get(bom, "metadata"), "component");
	assert_null(json_object_get(c, "purl"));
	assert_null(json_object_get(c, "version"));
	deps = json_object_get(bom, "dependencies");
	assert_int_equal(1, json_array_size(deps));
	assert_int_equal(0, json_array_size(json_object_get(json_array_get(deps, 0), "dependsOn")));
	json_decref(bom);
	free(text);
	text = sbom_test_write(pkg_sbom_cyclonedx, &s, NULL, NULL);
	free(text);
}

/* --- SPDX structural validation --------------------------------------------- */

static bool in_list(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static int strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The string member key of o, NULL when absent or not a string. */
static const char *str_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The first property of o not in allowed, or NULL. */
static const char *unknown_key(json_t *o, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(o, key, v)
	{
		if (!in_list(key, allowed))
			return key;
	}
	return NULL;
}

/* The first of keys missing from o, or NULL. */
static const char *missing_key(json_t *o, const char *const *keys)
{
	for (; *keys; keys++)
		if (!json_object_get(o, *keys))
			return *keys;
	return NULL;
}

/* ^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$ */
static bool spdx_date_ok(const char *s)
{
	char norm[PKG_SBOM_TIME_LEN];

	return s && strlen(s) == 20 && !pkg_sbom_normalize_time(s, norm) && !strcmp(s, norm);
}

/* ^SPDXRef-[a-zA-Z0-9.-]+$ */
static bool spdx_id_ok(const char *s)
{
	if (!s || strncmp(s, "SPDXRef-", 8) || !s[8])
		return false;
	for (s += 8; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '-'))
			return false;
	return true;
}

static bool spdx_license_ok(json_t *p, const char *key)
{
	json_t *v = json_object_get(p, key);
	const char *s = json_string_value(v);

	return !v ||
	       (s && (!strcmp(s, "NOASSERTION") || !strcmp(s, "NONE") || pkg_license_is_spdx(s)));
}

#define BAD(...)                                                                                   \
	do {                                                                                       \
		snprintf(problem, sizeof(problem), __VA_ARGS__);                                   \
		goto out;                                                                          \
	} while (0)

/*
 * What the SPDX 2.3 JSON schema and specification require of a document of
 * the shape vakt writes: properties known to the schema only, required ones
 * present, typed and patterned as the schema says, enumerations respected,
 * SPDX ids unique and every relationship naming an element of the document.
 * Returns the first problem (a static string), or NULL.
 */
static const char *spdx_problem(json_t *doc)
{
	static const char *const root_keys[] = {"$schema",
	                                        "SPDXID",
	                                        "annotations",
	                                        "comment",
	                                        "creationInfo",
	                                        "dataLicense",
	                                        "externalDocumentRefs",
	                                        "hasExtractedLicensingInfos",
	                                        "name",
	                                        "revieweds",
	                                        "spdxVersion",
	                                        "documentNamespace",
	                                        "documentDescribes",
	                                        "packages",
	                                        "files",
	                                        "snippets",
	                                        "relationships",
	                                        NULL};
	static const char *const root_required[] = {"SPDXID", "creationInfo", "dataLicense",
	                                            "name",   "spdxVersion",  "documentNamespace",
	                                            NULL};
	static const char *const ci_keys[] = {"comment", "created", "creators",
	                                      "licenseListVersion", NULL};
	static const char *const pkg_keys[] = {"SPDXID",
	                                       "annotations",
	                                       "attributionTexts",
	                                       "builtDate",
	                                       "checksums",
	                                       "comment",
	                                       "copyrightText",
	                                       "description",
	                                       "downloadLocation",
	                                       "externalRefs",
	                                       "filesAnalyzed",
	                                       "hasFiles",
	                                       "homepage",
	                                       "licenseComments",
	                                       "licenseConcluded",
	                                       "licenseDeclared",
	                                       "licenseInfoFromFiles",
	                                       "name",
	                                       "originator",
	                                       "packageFileName",
	                                       "packageVerificationCode",
	                                       "primaryPackagePurpose",
	                                       "releaseDate",
	                                       "sourceInfo",
	                                       "summary",
	                                       "supplier",
	                                       "validUntilDate",
	                                       "versionInfo",
	                                       NULL};
	static const char *const pkg_required[] = {"SPDXID", "downloadLocation", "name", NULL};
	static const char *const pkg_strings[] = {
	    "name",          "downloadLocation", "versionInfo",
	    "copyrightText", "licenseComments",  "sourceInfo",
	    "comment",       "description",      NULL};
	static const char *const ref_keys[] = {"comment", "referenceCategory", "referenceLocator",
	                                       "referenceType", NULL};
	static const char *const ref_categories[] = {
	    "OTHER",    "PERSISTENT-ID",   "PERSISTENT_ID",
	    "SECURITY", "PACKAGE-MANAGER", "PACKAGE_MANAGER",
	    NULL};
	static const char *const purposes[] = {
	    "OTHER",   "INSTALL",   "ARCHIVE", "FIRMWARE", "APPLICATION",      "FRAMEWORK",
	    "LIBRARY", "CONTAINER", "SOURCE",  "DEVICE",   "OPERATING-SYSTEM", "FILE",
	    NULL};
	static const char *const rel_keys[] = {"spdxElementId", "comment", "relatedSpdxElement",
	                                       "relationshipType", NULL};
	static const char *const rel_types[] = {
	    "DESCRIBES",  "DESCRIBED_BY",  "CONTAINS", "CONTAINED_BY",
	    "DEPENDS_ON", "DEPENDENCY_OF", "OTHER",    NULL};
	static char problem[512];
	struct vakt_strv ids = VAKT_STRV_INIT;
	json_t *ci, *v, *p, *r;
	const char *k, *ns;
	size_t i, j;
	bool describes = false;

	problem[0] = '\0';
	if (!json_is_object(doc))
		BAD("the document is not an object");
	if ((k = unknown_key(doc, root_keys)))
		BAD("document: property '%s' is not in the schema", k);
	if ((k = missing_key(doc, root_required)))
		BAD("document: required property '%s' missing", k);
	if (!in_list(str_of(doc, "spdxVersion"), (const char *const[]){"SPDX-2.3", NULL}))
		BAD("spdxVersion is not SPDX-2.3");
	if (!in_list(str_of(doc, "dataLicense"), (const char *const[]){"CC0-1.0", NULL}))
		BAD("dataLicense is not CC0-1.0");
	if (!in_list(str_of(doc, "SPDXID"), (const char *const[]){"SPDXRef-DOCUMENT", NULL}))
		BAD("the document's SPDXID is not SPDXRef-DOCUMENT");
	if (!str_of(doc, "name") || !*str_of(doc, "name"))
		BAD("the document has no name");
	/* A URI with a scheme and no fragment (SPDX 2.3 section 6.5). */
	ns = str_of(doc, "documentNamespace");
	if (!ns || strncmp(ns, "https://", 8) || strchr(ns, '#') || strchr(ns, ' '))
		BAD("documentNamespace '%s' is not a URI without a fragment", ns ? ns : "");
	ci = json_object_get(doc, "creationInfo");
	if (!json_is_object(ci) || (k = unknown_key(ci, ci_keys)))
		BAD("creationInfo: bad property '%s'", k ? k : "(not an object)");
	if (!spdx_date_ok(str_of(ci, "created")))
		BAD("created does not match the schema's pattern");
	v = json_object_get(ci, "creators");
	if (!json_is_array(v) || !json_array_size(v))
		BAD("creators: minItems 1");
	json_array_foreach(v, i, p)
	{
		const char *c = json_string_value(p);

		if (!c || (strncmp(c, "Tool: ", 6) && strncmp(c, "Organization: ", 14) &&
		           strncmp(c, "Person: ", 8)))
			BAD("creator '%s' is not Tool:, Organization: or Person:", c ? c : "");
	}
	vakt_strv_push(&ids, "SPDXRef-DOCUMENT");
	v = json_object_get(doc, "packages");
	if (!json_is_array(v))
		BAD("packages is not an array");
	json_array_foreach(v, i, p)
	{
		const char *id = str_of(p, "SPDXID");

		if (!json_is_object(p) || (k = unknown_key(p, pkg_keys)))
			BAD("package %zu: property '%s' is not in the schema", i, k ? k : "?");
		if ((k = missing_key(p, pkg_required)))
			BAD("package %zu: required property '%s' missing", i, k);
		if (!spdx_id_ok(id))
			BAD("SPDXID '%s' does not match ^SPDXRef-[a-zA-Z0-9.-]+$", id ? id : "");
		vakt_strv_push(&ids, id);
		for (const char *const *s = pkg_strings; *s; s++)
			if (json_object_get(p, *s) && !str_of(p, *s))
				BAD("package %s: '%s' is not a string", id, *s);
		/* filesAnalyzed defaults to true, which needs files and a verification code. */
		if (!json_is_false(json_object_get(p, "filesAnalyzed")))
			BAD("package %s: filesAnalyzed is not false", id);
		if (!spdx_license_ok(p, "licenseConcluded") ||
		    !spdx_license_ok(p, "licenseDeclared"))
			BAD("package %s: a licence is not an SPDX expression", id);
		if (json_object_get(p, "primaryPackagePurpose") &&
		    !in_list(str_of(p, "primaryPackagePurpose"), purposes))
			BAD("package %s: primaryPackagePurpose", id);
		json_array_foreach(json_object_get(p, "externalRefs"), j, r)
		{
			const char *loc = str_of(r, "referenceLocator");

			if (!json_is_object(r) || (k = unknown_key(r, ref_keys)))
				BAD("package %s: externalRef property '%s'", id, k ? k : "?");
			if (!in_list(str_of(r, "referenceCategory"), ref_categories))
				BAD("package %s: referenceCategory", id);
			if (!in_list(str_of(r, "referenceType"),
			             (const char *const[]){"purl", NULL}))
				BAD("package %s: referenceType", id);
			/* "The unique string with no spaces". */
			if (!loc || strchr(loc, ' ') || strncmp(loc, "pkg:", 4))
				BAD("package %s: referenceLocator '%s'", id, loc ? loc : "");
		}
	}
	/* Sorted, so that uniqueness and lookups stay fast on big documents. */
	qsort(ids.v, ids.n, sizeof(*ids.v), strp_cmp);
	for (i = 1; i < ids.n; i++)
		if (!strcmp(ids.v[i - 1], ids.v[i]))
			BAD("SPDXID '%s' is not unique", ids.v[i]);
	v = json_object_get(doc, "relationships");
	if (!json_is_array(v))
		BAD("relationships is not an array");
	json_array_foreach(v, i, r)
	{
		const char *from = str_of(r, "spdxElementId"),
		           *to = str_of(r, "relatedSpdxElement");
		const char *type = str_of(r, "relationshipType");

		if (!json_is_object(r) || (k = unknown_key(r, rel_keys)))
			BAD("relationship %zu: property '%s'", i, k ? k : "?");
		if (!in_list(type, rel_types))
			BAD("relationship %zu: relationshipType '%s'", i, type ? type : "");
		if (!from || !bsearch(&from, ids.v, ids.n, sizeof(*ids.v), strp_cmp))
			BAD("relationship %zu: from unknown '%s'", i, from ? from : "");
		if (!to || !bsearch(&to, ids.v, ids.n, sizeof(*ids.v), strp_cmp))
			BAD("relationship %zu: to unknown '%s'", i, to ? to : "");
		describes |= !strcmp(from, "SPDXRef-DOCUMENT") && !strcmp(type, "DESCRIBES");
	}
	/* SPDX 2.3 section 6.1: a document DESCRIBES at least one element. */
	if (!describes)
		BAD("the document DESCRIBES nothing");
out:
	vakt_strv_release(&ids);
	return problem[0] ? problem : NULL;
}

#undef BAD

static void spdx_check(json_t *doc)
{
	const char *problem = spdx_problem(doc);

	if (problem)
		fail_msg("not valid SPDX 2.3: %s", problem);
}

static json_t *spdx_find(json_t *doc, const char *name)
{
	json_t *p;
	size_t i;

	json_array_foreach(json_object_get(doc, "packages"), i, p)
	{
		if (!strcmp(jget_str(p, "name"), name))
			return p;
	}
	fail_msg("package '%s' missing", name);
	return NULL;
}

static void test_spdx(void **state)
{
	struct pkg_list l = {0};
	struct pkg_os os;
	char *text, *again;
	json_t *doc, *p, *rels;

	sample_debian(&l, &os);
	text = sbom_test_write(pkg_sbom_spdx, &subject, &os, &l);
	doc = sbom_test_parse(text);
	spdx_check(doc);
	assert_string_equal("localhost/vakt-test/debian:12", jget_str(doc, "name"));
	assert_string_equal(
	    "https://github.com/vakt-security/vakt/spdx/localhost-vakt-test-debian-12-"
	    "01234567-89ab-8def-8123-456789abcdef",
	    jget_str(doc, "documentNamespace"));
	assert_string_equal("2024-05-06T07:08:09Z",
	                    jget_str(json_object_get(doc, "creationInfo"), "created"));
	/* Image, OS, then the packages. */
	assert_int_equal(2 + l.n, json_array_size(json_object_get(doc, "packages")));
	p = json_array_get(json_object_get(doc, "packages"), 0);
	assert_string_equal("SPDXRef-Image", jget_str(p, "SPDXID"));
	assert_string_equal("CONTAINER", jget_str(p, "primaryPackagePurpose"));
	p = json_array_get(json_object_get(doc, "packages"), 1);
	assert_string_equal("OPERATING-SYSTEM", jget_str(p, "primaryPackagePurpose"));
	assert_string_equal("12", jget_str(p, "versionInfo"));
	p = spdx_find(doc, "libstdc++6");
	assert_string_equal("SPDXRef-Package-5-libstdc--6", jget_str(p, "SPDXID"));
	assert_string_equal(
	    "pkg:deb/debian/libstdc%2B%2B6@12.2.0-14?arch=amd64&distro=debian-12",
	    jget_str(json_array_get(json_object_get(p, "externalRefs"), 0), "referenceLocator"));
	assert_string_equal("built from source package gcc-12 12.2.0-14",
	                    jget_str(p, "sourceInfo"));
	assert_string_equal("installed by layer 2 ("
	                    "sha256:2222222222222222222222222222222222222222"
	                    "222222222222222222222222)",
	                    jget_str(p, "comment"));
	assert_string_equal("NOASSERTION", jget_str(p, "licenseDeclared"));
	assert_null(json_object_get(p, "licenseComments"));
	p = spdx_find(doc, "bsdutils");
	assert_string_equal("NOASSERTION", jget_str(p, "licenseDeclared"));
	assert_string_equal("dpkg records the licence as: GPL-2+ AND BSD-4-clause",
	                    jget_str(p, "licenseComments"));
	p = spdx_find(doc, "libssl3");
	assert_string_equal("Apache-2.0 OR (MIT AND BSD-3-Clause)", jget_str(p, "licenseDeclared"));
	rels = json_object_get(doc, "relationships");
	assert_int_equal(2 + l.n, json_array_size(rels));
	assert_string_equal("DESCRIBES", jget_str(json_array_get(rels, 0), "relationshipType"));
	assert_string_equal("CONTAINS", jget_str(json_array_get(rels, 1), "relationshipType"));
	assert_string_equal("SPDXRef-OperatingSystem",
	                    jget_str(json_array_get(rels, 1), "relatedSpdxElement"));
	/* Deterministic. */
	again = sbom_test_write(pkg_sbom_spdx, &subject, &os, &l);
	assert_string_equal(text, again);
	free(again);
	json_decref(doc);
	free(text);

	/* Minimal: no OS, no digest, no packages. */
	{
		const struct pkg_sbom_subject s = {.name = "/some/rootfs dir",
		                                   .created = "1999-12-31T23:59:59Z"};

		text = sbom_test_write(pkg_sbom_spdx, &s, NULL, NULL);
		doc = sbom_test_parse(text);
		spdx_check(doc);
		assert_int_equal(1, json_array_size(json_object_get(doc, "packages")));
		assert_int_equal(1, json_array_size(json_object_get(doc, "relationships")));
		assert_null(json_object_get(json_array_get(json_object_get(doc, "packages"), 0),
		                            "externalRefs"));
		json_decref(doc);
		free(text);
	}
	pkg_list_release(&l);
	pkg_os_release(&os);
}

/* The checker itself must catch what the schema forbids. */
static void test_spdx_checker_catches(void **state)
{
	static const struct {
		const char *from, *to, *why;
	} breaks[] = {
	    {"\"SPDXRef-a.b\"", "\"SPDXRef-a_b\"", "does not match"},
	    {"\"name\":\"n\",", "", "required property 'name'"},
	    {"\"filesAnalyzed\":false", "\"filesAnalyzed\":true", "filesAnalyzed"},
	    {"\"DESCRIBES\"", "\"DESCRIBE\"", "relationshipType"},
	    {"\"SPDX-2.3\"", "\"SPDX-2.2\"", "spdxVersion"},
	    {"\"2024-01-01T00:00:00Z\"", "\"2024-01-01T00:00:00+00:00\"", "created"},
	    {"\"Tool: t\"", "\"t\"", "creator"},
	    {"\"https://x/y\"", "\"https://x/y#z\"", "documentNamespace"},
	    {"\"downloadLocation\"", "\"downloadURL\"", "not in the schema"},
	    {"\"relatedSpdxElement\":\"SPDXRef-a.b\"", "\"relatedSpdxElement\":\"SPDXRef-c\"",
	     "unknown"},
	    {"\"filesAnalyzed\":false}", "\"filesAnalyzed\":false,\"licenseDeclared\":\"GPL-2+\"}",
	     "licence"},
	};
	/* A document that passes, so that each break fails for its own reason. */
	static const char good[] =
	    "{\"spdxVersion\":\"SPDX-2.3\",\"dataLicense\":\"CC0-1.0\",\"SPDXID\":\"SPDXRef-"
	    "DOCUMENT\","
	    "\"name\":\"x\",\"documentNamespace\":\"https://x/y\",\"creationInfo\":{\"created\":"
	    "\"2024-01-01T00:00:00Z\",\"creators\":[\"Tool: t\"]},\"packages\":[{\"SPDXID\":"
	    "\"SPDXRef-a.b\",\"name\":\"n\",\"downloadLocation\":\"NOASSERTION\",\"filesAnalyzed\":"
	    "false}],\"relationships\":[{\"spdxElementId\":\"SPDXRef-DOCUMENT\","
	    "\"relationshipType\":\"DESCRIBES\",\"relatedSpdxElement\":\"SPDXRef-a.b\"}]}";
	json_t *doc = sbom_test_parse(good);

	assert_null(spdx_problem(doc));
	json_decref(doc);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(breaks); i++) {
		struct vakt_buf b = VAKT_BUF_INIT;
		const char *at = strstr(good, breaks[i].from), *problem;

		assert_non_null(at);
		vakt_buf_add(&b, good, (size_t)(at - good));
		vakt_buf_adds(&b, breaks[i].to);
		vakt_buf_adds(&b, at + strlen(breaks[i].from));
		doc = sbom_test_parse(b.data);
		problem = spdx_problem(doc);
		if (!problem || !strstr(problem, breaks[i].why))
			fail_msg("break %zu: expected a problem with '%s', got '%s'", i,
			         breaks[i].why, problem ? problem : "none");
		json_decref(doc);
		vakt_buf_release(&b);
	}
}

/* --- licences, time, identity, errors ---------------------------------------- */

static void test_licenses(void **state)
{
	static const char *const yes[] = {
	    "MIT",
	    "Apache-2.0",
	    "GPL-2.0-only",
	    "MIT AND BSD-3-Clause",
	    "MIT OR Apache-2.0",
	    "(MIT OR Apache-2.0) AND Zlib",
	    "((MIT))",
	    "MIT AND (Apache-2.0 OR GPL-2.0-or-later)",
	    "  MIT  ",
	};
	static const char *const no[] = {
	    "",
	    "GPL-2+",
	    "GPLv2+",
	    "mit",
	    "MIT AND",
	    "AND MIT",
	    "MIT MIT",
	    "(MIT",
	    "MIT)",
	    "()",
	    "MIT and BSD-3-Clause",
	    "GPL-2.0-only WITH Classpath-exception-2.0",
	    "MIT,Zlib",
	    "GPL-2.0",
	    "LicenseRef-foo",
	    "Public Domain",
	};
	const char *const *ids;
	size_t n;

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(yes); i++)
		if (!pkg_license_is_spdx(yes[i]))
			fail_msg("'%s' should be an SPDX expression", yes[i]);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(no); i++)
		if (pkg_license_is_spdx(no[i]))
			fail_msg("'%s' should not be an SPDX expression", no[i]);
	assert_false(pkg_license_is_spdx(NULL));
	ids = pkg_license_spdx_ids(&n);
	assert_true(n > 40);
	for (size_t i = 0; i < n; i++) {
		assert_true(pkg_license_is_spdx(ids[i]));
		/* Sorted case-insensitively, no duplicates: easy to review against the list. */
		if (i)
			assert_true(vakt_strcasecmp(ids[i - 1], ids[i]) < 0);
	}
}

static void test_time(void **state)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
	    {"2024-05-06T07:08:09Z", "2024-05-06T07:08:09Z"},
	    {"2024-05-06T07:08:09.123456789Z", "2024-05-06T07:08:09Z"},
	    {"2024-05-06T01:08:09+02:00", "2024-05-05T23:08:09Z"},
	    {"2024-12-31T23:30:00-01:00", "2025-01-01T00:30:00Z"},
	    {"2024-02-29t12:00:00z", "2024-02-29T12:00:00Z"},
	    {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"},
	    {"1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"},
	    {"2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z"},
	    {"0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"},
	};
	static const char *const bad[] = {
	    "",
	    "2024-05-06",
	    "2024-05-06T07:08:09",
	    "2024-13-06T07:08:09Z",
	    "2024-05-06T24:08:09Z",
	    "2024-05-06T07:08:09.Z",
	    "2024-05-06T07:08:09+0200",
	    "2024-05-06T07:08:09Zjunk",
	    "2024/05/06T07:08:09Z",
	    "x024-05-06T07:08:09Z",
	};
	char out[PKG_SBOM_TIME_LEN];

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(ok); i++) {
		assert_int_equal(0, pkg_sbom_normalize_time(ok[i].in, out));
		assert_string_equal(ok[i].out, out);
	}
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(bad); i++)
		if (pkg_sbom_normalize_time(bad[i], out) != -EINVAL)
			fail_msg("'%s' should be refused", bad[i]);
	assert_int_equal(-EINVAL, pkg_sbom_normalize_time(NULL, out));
	pkg_sbom_format_time(0, out);
	assert_string_equal("1970-01-01T00:00:00Z", out);
	pkg_sbom_format_time(1715000000, out);
	assert_string_equal("2024-05-06T12:53:20Z", out);
	pkg_sbom_format_time(-1, out);
	assert_string_equal("1969-12-31T23:59:59Z", out);
	pkg_sbom_format_time(253402300800LL, out);
	assert_string_equal("9999-12-31T23:59:59Z", out);
	pkg_sbom_format_time(-62167219201LL, out);
	assert_string_equal("0000-01-01T00:00:00Z", out);
}

static void test_uuid(void **state)
{
	const struct pkg_sbom_subject a = {.name = "a", .created = "2024-01-01T00:00:00Z"};
	const struct pkg_sbom_subject b = {.name = "b", .created = "2024-01-01T00:00:00Z"};
	const struct pkg_sbom_subject bare = {.name = "x",
	                                      .digest = "0123456789ABCDEF0123456789abcdef"};
	const struct pkg_sbom_subject shorty = {
	    .name = "a", .digest = "sha256:0123", .created = "2024-01-01T00:00:00Z"};
	char *u1 = pkg_sbom_uuid(&subject), *u2 = pkg_sbom_uuid(&a), *u3 = pkg_sbom_uuid(&b);
	char *u4 = pkg_sbom_uuid(&a), *u5 = pkg_sbom_uuid(&bare), *u6 = pkg_sbom_uuid(&shorty);

	assert_string_equal("01234567-89ab-8def-8123-456789abcdef", u1);
	assert_string_equal(u2, u4);
	assert_string_not_equal(u2, u3);
	assert_string_equal("01234567-89ab-8def-8123-456789abcdef", u5);
	/* A digest too short to be one: hashed like a rootfs. */
	assert_string_equal(u2, u6);
	for (const char *u = u2; u; u = u == u2 ? u3 : NULL) {
		assert_int_equal(36, strlen(u));
		assert_int_equal('8', u[14]);
		assert_non_null(strchr("89ab", u[19]));
	}
	free(u1);
	free(u2);
	free(u3);
	free(u4);
	free(u5);
	free(u6);
}

static void test_errors(void **state)
{
	const struct pkg_sbom_subject noname = {.created = "2024-01-01T00:00:00Z"};
	const struct pkg_sbom_subject notime = {.name = "x", .created = "yesterday"};
	const struct pkg_sbom_subject offset = {.name = "x",
	                                        .created = "2024-01-01T00:00:00+01:00"};
	const struct pkg_sbom_subject ok = {.name = "x", .created = "2024-01-01T00:00:00Z"};
	struct pkg_list l = {0};
	struct pkg_os os;
	struct vakt_error *err = NULL;
	FILE *f = fopen("/dev/null", "w");

	assert_non_null(f);
	assert_int_equal(-EINVAL, pkg_sbom_cyclonedx(f, &noname, NULL, NULL, &err));
	assert_non_null(strstr(err->msg, "no name"));
	vakt_error_free(err);
	err = NULL;
	assert_int_equal(-EINVAL, pkg_sbom_spdx(f, &notime, NULL, NULL, &err));
	assert_non_null(strstr(err->msg, "'yesterday'"));
	vakt_error_free(err);
	assert_int_equal(-EINVAL, pkg_sbom_spdx(f, &offset, NULL, NULL, NULL));
	assert_int_equal(-EINVAL, pkg_sbom_cyclonedx(f, NULL, NULL, NULL, NULL));
	fclose(f);
	/* A full disk. */
	f = fopen("/dev/full", "w");
	if (!f)
		skip();
	sample_debian(&l, &os);
	err = NULL;
	assert_int_equal(-EIO, pkg_sbom_cyclonedx(f, &ok, &os, &l, &err));
	assert_non_null(strstr(err->msg, "cannot write"));
	vakt_error_free(err);
	clearerr(f);
	assert_int_equal(-EIO, pkg_sbom_spdx(f, &ok, &os, &l, NULL));
	fclose(f);
	pkg_list_release(&l);
	pkg_os_release(&os);
}

/* Many packages: streamed, and still valid. */
static void test_large(void **state)
{
	struct pkg_list l = {0};
	struct pkg_os os = {0};
	char *text;
	json_t *doc;

	os.id = vakt_xstrdup("alpine");
	os.version_id = vakt_xstrdup("3.19.1");
	for (int i = 0; i < 20000; i++) {
		char name[32];

		snprintf(name, sizeof(name), "pkg%05d", i);
		add(&l, PKG_APK, name, "1.0-r0", "x86_64", "origin", "1.0-r0", "MIT", i % 3);
	}
	text = sbom_test_write(pkg_sbom_cyclonedx, &subject, &os, &l);
	doc = sbom_test_parse(text);
	assert_int_equal(20001, json_array_size(json_object_get(doc, "components")));
	json_decref(doc);
	free(text);
	text = sbom_test_write(pkg_sbom_spdx, &subject, &os, &l);
	doc = sbom_test_parse(text);
	spdx_check(doc);
	json_decref(doc);
	free(text);
	pkg_list_release(&l);
	pkg_os_release(&os);
}

/* --- samples for tests/extra/sbom.sh ------------------------------------------ */

static int write_file(const char *dir, const char *name,
                      int (*fn)(FILE *, const struct pkg_sbom_subject *, const struct pkg_os *,
                                const struct pkg_list *, struct vakt_error **),
                      const struct pkg_sbom_subject *s, const struct pkg_os *os,
                      const struct pkg_list *l)
{
	char *path = vakt_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	struct vakt_error *err = NULL;
	int rc = f ? fn(f, s, os, l, &err) : -errno;

	if (f && fclose(f) && !rc)
		rc = -EIO;
	if (rc)
		fprintf(stderr, "%s: %s\n", path, err ? err->msg : strerror(-rc));
	vakt_error_free(err);
	free(path);
	return rc;
}

static int write_pair(const char *dir, const char *name, const struct pkg_sbom_subject *s,
                      const struct pkg_os *os, const struct pkg_list *l)
{
	char *cdx = vakt_xasprintf("%s.cdx.json", name),
	     *spdx = vakt_xasprintf("%s.spdx.json", name);
	int rc = write_file(dir, cdx, pkg_sbom_cyclonedx, s, os, l);

	if (!rc)
		rc = write_file(dir, spdx, pkg_sbom_spdx, s, os, l);
	free(cdx);
	free(spdx);
	return rc;
}

static int write_samples(const char *dir)
{
	const struct pkg_sbom_subject bare = {.name = "./rootfs",
	                                      .created = "2024-01-01T00:00:00Z"};
	struct pkg_list l = {0};
	struct pkg_os os = {0};
	const char *const *ids;
	size_t n;
	int rc = 0;

	/* Debian, with every kind of licence, odd bytes and duplicates. */
	sample_debian(&l, &os);
	rc |= write_pair(dir, "debian", &subject, &os, &l);
	pkg_list_release(&l);
	pkg_os_release(&os);
	/* Every SPDX id vakt writes as an id must be in CycloneDX's SPDX enumeration. */
	os.id = vakt_xstrdup("alpine");
	os.version_id = vakt_xstrdup("3.19.1");
	ids = pkg_license_spdx_ids(&n);
	for (size_t i = 0; i < n; i++)
		add(&l, PKG_APK, ids[i], "1.0-r0", "x86_64", "o", "1.0-r0", ids[i], 0);
	add(&l, PKG_APK, "expr", "1-r0", "x86_64", "o", "1-r0", "MIT AND (Zlib OR 0BSD)", 0);
	rc |= write_pair(dir, "alpine-licenses", &subject, &os, &l);
	pkg_list_release(&l);
	pkg_os_release(&os);
	/* rpm with an epoch, no OS known. */
	add(&l, PKG_RPM, "vakt-demo", "1:1.2.3-4.el9", "noarch", "vakt-demo", "1:1.2.3-4.el9",
	    "GPLv2+", -1);
	rc |= write_pair(dir, "rpm-no-os", &bare, NULL, &l);
	pkg_list_release(&l);
	/* Nothing at all. */
	rc |= write_pair(dir, "empty", &bare, NULL, NULL);
	/* This machine's own packages, when it has a dpkg database. */
	{
		struct vakt_buf b = VAKT_BUF_INIT;
		FILE *f = fopen("/var/lib/dpkg/status", "rb");
		char chunk[65536];
		size_t k;

		if (f) {
			while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0)
				vakt_buf_add(&b, chunk, k);
			fclose(f);
			if (!pkg_dpkg_parse_status("var/lib/dpkg/status", b.data, b.len, &l,
			                           NULL)) {
				os.id = vakt_xstrdup("debian");
				os.version_id = vakt_xstrdup("12");
				pkg_list_set_layer(&l, 0, 0);
				pkg_list_set_purls(&l, &os);
				rc |= write_pair(dir, "host-dpkg", &subject, &os, &l);
			}
			pkg_list_release(&l);
			pkg_os_release(&os);
		}
		vakt_buf_release(&b);
	}
	return rc ? 1 : 0;
}

/* The structural SPDX check over files: one line each; non-zero when any fails. */
static int check_spdx_files(int n, char **files)
{
	int bad = 0;

	for (int i = 0; i < n; i++) {
		json_error_t e;
		json_t *doc = json_load_file(files[i], 0, &e);
		const char *problem = doc ? spdx_problem(doc) : e.text;

		printf("%s\t%s%s\n", files[i], problem ? "error: " : "ok", problem ? problem : "");
		bad += problem != NULL;
		json_decref(doc);
	}
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cyclonedx), cmocka_unit_test(test_cyclonedx_minimal),
	    cmocka_unit_test(test_spdx),      cmocka_unit_test(test_spdx_checker_catches),
	    cmocka_unit_test(test_licenses),  cmocka_unit_test(test_time),
	    cmocka_unit_test(test_uuid),      cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_large),
	};

	if (argc == 3 && !strcmp(argv[1], "--write-samples"))
		return write_samples(argv[2]);
	if (argc >= 2 && !strcmp(argv[1], "--check-spdx"))
		return check_spdx_files(argc - 2, argv + 2);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
