/* SPDX-License-Identifier: MIT */
/*
 * OpenVEX (vuln-vex.h). A document is checked whole before any of its
 * statements is added, so that a document with a mistake suppresses
 * nothing. Statements are found through a sorted index of their
 * vulnerability names and aliases.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>

#include "vuln/vuln-osv.h"
#include "vuln/vuln-purl.h"
#include "vuln/vuln-vex.h"

/* Where in the document a check is, for messages: "statements[2].products[0]". */
struct vctx {
	const char *path;
	struct vuln_vex out; /* the document's statements, until it is all read */
	size_t names;        /* product names and aliases of the statement being read */
	char where[96];
};

static int vfail(struct vctx *c, int code, struct vakt_error **err, const char *fmt, ...)
    VAKT_PRINTF(4, 5);

static int vfail(struct vctx *c, int code, struct vakt_error **err, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set_at(err, code, c->path, 0, 0, "%s%s%s", c->where, *c->where ? ": " : "", msg);
	free(msg);
	return code;
}

static void where(struct vctx *c, const char *fmt, ...) VAKT_PRINTF(2, 3);

static void where(struct vctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is just above
	vsnprintf(c->where, sizeof(c->where), fmt, ap);
	va_end(ap);
}

/* --- reading ---------------------------------------------------------------- */

/* A string member: NULL when absent; an error when present and not a bounded string. */
static int get_str(struct vctx *c, json_t *obj, const char *key, const char **out,
                   struct vakt_error **err)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v)
		return 0;
	if (!json_is_string(v))
		return vfail(c, -EINVAL, err, "'%s': expected a string", key);
	if (json_string_length(v) > VULN_VEX_MAX_STRING)
		return vfail(c, -E2BIG, err, "'%s': longer than %d bytes", key,
		             VULN_VEX_MAX_STRING);
	*out = json_string_value(v);
	return 0;
}

static int add_name(struct vctx *c, struct vakt_strv *sv, const char *s, struct vakt_error **err)
{
	if (++c->names > VULN_VEX_MAX_NAMES)
		return vfail(c, -E2BIG, err, "more than %d product names and aliases",
		             VULN_VEX_MAX_NAMES);
	if (s && *s)
		vakt_strv_push(sv, s);
	return 0;
}

/* A component: a string (v0.0.x), or an object with @id and identifiers.purl. */
static int read_component(struct vctx *c, json_t *j, struct vakt_strv *names,
                          struct vakt_error **err)
{
	const char *id, *purl = NULL;
	json_t *ident;
	int r;

	if (json_is_string(j)) {
		if (json_string_length(j) > VULN_VEX_MAX_STRING)
			return vfail(c, -E2BIG, err, "longer than %d bytes", VULN_VEX_MAX_STRING);
		return add_name(c, names, json_string_value(j), err);
	}
	if (!json_is_object(j))
		return vfail(c, -EINVAL, err,
		             "expected a product: an object with \"@id\" (a purl) or "
		             "\"identifiers\": {\"purl\": ...}");
	r = get_str(c, j, "@id", &id, err);
	if (r < 0)
		return r;
	ident = json_object_get(j, "identifiers");
	if (ident && !json_is_object(ident))
		return vfail(c, -EINVAL, err, "'identifiers': expected an object");
	if (ident) {
		r = get_str(c, ident, "purl", &purl, err);
		if (r < 0)
			return r;
	}
	r = add_name(c, names, id, err);
	return r < 0 ? r : add_name(c, names, purl, err);
}

static int read_products(struct vctx *c, size_t si, json_t *st, struct vuln_vex_statement *s,
                         struct vakt_error **err)
{
	json_t *products = json_object_get(st, "products"), *subs;
	size_t n;
	int r;

	/* v0.0.x kept the product names in "products" and the subcomponents beside them. */
	subs = json_object_get(st, "subcomponents");
	if (!json_is_array(products) || !json_array_size(products))
		return vfail(
		    c, -EINVAL, err,
		    "expected \"products\": a list of the products the statement is about");
	if (subs && !json_is_array(subs))
		return vfail(c, -EINVAL, err, "'subcomponents': expected a list");
	n = json_array_size(products);
	if (n > VULN_VEX_MAX_NAMES)
		return vfail(c, -E2BIG, err, "more than %d products", VULN_VEX_MAX_NAMES);
	s->products = vakt_xcalloc(n, sizeof(*s->products));
	for (size_t i = 0; i < n; i++) {
		json_t *p = json_array_get(products, i), *psubs;

		s->n_products++;
		where(c, "statements[%zu].products[%zu]", si, i);
		r = read_component(c, p, &s->products[i].names, err);
		if (r < 0)
			return r;
		psubs = json_is_object(p) ? json_object_get(p, "subcomponents") : subs;
		if (psubs && !json_is_array(psubs))
			return vfail(c, -EINVAL, err, "'subcomponents': expected a list");
		for (size_t k = 0; k < json_array_size(psubs); k++) {
			where(c, "statements[%zu].products[%zu].subcomponents[%zu]", si, i, k);
			r = read_component(c, json_array_get(psubs, k),
			                   &s->products[i].subcomponents, err);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* vulnerability: {"name": ..., "aliases": [...]}, or a string (v0.0.x). */
static int read_vulnerability(struct vctx *c, size_t si, json_t *st, struct vuln_vex_statement *s,
                              struct vakt_error **err)
{
	json_t *v = json_object_get(st, "vulnerability"), *aliases;
	const char *name = NULL;
	int r;

	where(c, "statements[%zu].vulnerability", si);
	if (json_is_string(v)) {
		if (json_string_length(v) > VULN_VEX_MAX_STRING)
			return vfail(c, -E2BIG, err, "longer than %d bytes", VULN_VEX_MAX_STRING);
		name = json_string_value(v);
	} else if (json_is_object(v)) {
		r = get_str(c, v, "name", &name, err);
		if (r < 0)
			return r;
		aliases = json_object_get(v, "aliases");
		if (aliases && !json_is_array(aliases))
			return vfail(c, -EINVAL, err, "'aliases': expected a list of ids");
		for (size_t i = 0; i < json_array_size(aliases); i++) {
			json_t *a = json_array_get(aliases, i);

			if (!json_is_string(a) || json_string_length(a) > VULN_VEX_MAX_STRING)
				return vfail(c, -EINVAL, err, "'aliases[%zu]': expected an id", i);
			r = add_name(c, &s->aliases, json_string_value(a), err);
			if (r < 0)
				return r;
		}
	}
	if (!name || !*name)
		return vfail(c, -EINVAL, err,
		             "expected {\"name\": \"CVE-...\"}: the vulnerability the statement "
		             "is about");
	s->vulnerability = vakt_xstrdup(name);
	return 0;
}

static const char *const statuses[] = {
    [VULN_VEX_NOT_AFFECTED] = "not_affected",
    [VULN_VEX_AFFECTED] = "affected",
    [VULN_VEX_FIXED] = "fixed",
    [VULN_VEX_UNDER_INVESTIGATION] = "under_investigation",
};

static const char *const justifications[] = {
    "component_not_present",
    "vulnerable_code_not_present",
    "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "inline_mitigations_already_exist",
};

static int read_status(struct vctx *c, size_t si, json_t *st, struct vuln_vex_statement *s,
                       struct vakt_error **err)
{
	const char *status, *just, *impact, *action;
	bool known = false;
	int r;

	where(c, "statements[%zu]", si);
	r = get_str(c, st, "status", &status, err);
	if (r < 0)
		return r;
	for (size_t i = 0; status && i < VAKT_ARRAY_SIZE(statuses) && !known; i++)
		if (!strcmp(status, statuses[i])) {
			s->status = (enum vuln_vex_status)i;
			known = true;
		}
	if (!known)
		return vfail(c, -EINVAL, err,
		             "'status': expected one of not_affected, affected, fixed, "
		             "under_investigation (got '%.64s')",
		             status ? status : "");
	r = get_str(c, st, "justification", &just, err);
	if (r >= 0)
		r = get_str(c, st, "impact_statement", &impact, err);
	if (r >= 0)
		r = get_str(c, st, "action_statement", &action, err);
	if (r < 0)
		return r;
	known = !just;
	for (size_t i = 0; just && i < VAKT_ARRAY_SIZE(justifications) && !known; i++)
		known = !strcmp(just, justifications[i]);
	if (!known)
		return vfail(c, -EINVAL, err,
		             "'justification': expected one of component_not_present, "
		             "vulnerable_code_not_present, vulnerable_code_not_in_execute_path, "
		             "vulnerable_code_cannot_be_controlled_by_adversary, "
		             "inline_mitigations_already_exist (got '%.64s')",
		             just);
	if (s->status == VULN_VEX_NOT_AFFECTED && !just && !(impact && *impact))
		return vfail(c, -EINVAL, err,
		             "a not_affected statement needs a 'justification' or an "
		             "'impact_statement' saying why");
	s->justification = vakt_xstrdup(just);
	s->impact = vakt_xstrdup(impact);
	s->action = vakt_xstrdup(action);
	return 0;
}

static int read_time(struct vctx *c, json_t *obj, int64_t *t, struct vakt_error **err)
{
	const char *ts;
	int r = get_str(c, obj, "timestamp", &ts, err);

	if (r < 0 || !ts)
		return r;
	if (vuln_osv_time(ts, t) < 0)
		return vfail(c, -EINVAL, err,
		             "'timestamp': expected an RFC 3339 time such as 2023-01-08T18:02:03Z "
		             "(got '%.64s')",
		             ts);
	return 0;
}

static int read_statement(struct vctx *c, size_t si, json_t *st, int64_t doc_time,
                          struct vakt_error **err)
{
	struct vuln_vex_statement *s;
	int r;

	where(c, "statements[%zu]", si);
	if (!json_is_object(st))
		return vfail(c, -EINVAL, err, "expected a statement (an object)");
	c->out.v = vakt_grow(c->out.v, sizeof(*c->out.v), c->out.n + 1, &c->out.cap);
	s = &c->out.v[c->out.n++];
	memset(s, 0, sizeof(*s));
	s->file = vakt_xstrdup(c->path);
	s->index = si;
	s->time = doc_time;
	c->names = 0;
	r = read_vulnerability(c, si, st, s, err);
	if (r >= 0)
		r = read_status(c, si, st, s, err);
	if (r >= 0) {
		where(c, "statements[%zu]", si);
		r = read_time(c, st, &s->time, err);
	}
	if (r >= 0) {
		where(c, "statements[%zu]", si);
		r = read_products(c, si, st, s, err);
	}
	return r;
}

static int read_document(struct vctx *c, json_t *root, struct vakt_error **err)
{
	const char *context = NULL;
	int64_t doc_time = 0;
	json_t *statements;
	int r;

	if (!json_is_object(root))
		return vfail(c, -EINVAL, err, "expected an OpenVEX document (a JSON object)");
	r = get_str(c, root, "@context", &context, err);
	if (r < 0)
		return r;
	if (!context || !vakt_starts_with(context, "https://openvex.dev/ns"))
		return vfail(c, -EINVAL, err,
		             "not an OpenVEX document: expected \"@context\": "
		             "\"https://openvex.dev/ns/v0.2.0\"");
	r = read_time(c, root, &doc_time, err);
	if (r < 0)
		return r;
	statements = json_object_get(root, "statements");
	if (!json_is_array(statements))
		return vfail(c, -EINVAL, err, "expected \"statements\": a list of statements");
	if (json_array_size(statements) > VULN_VEX_MAX_STATEMENTS)
		return vfail(c, -E2BIG, err, "more than %d statements", VULN_VEX_MAX_STATEMENTS);
	for (size_t i = 0; i < json_array_size(statements); i++) {
		r = read_statement(c, i, json_array_get(statements, i), doc_time, err);
		if (r < 0)
			return r;
	}
	return 0;
}

static void statement_release(struct vuln_vex_statement *s)
{
	free(s->vulnerability);
	vakt_strv_release(&s->aliases);
	for (size_t i = 0; i < s->n_products; i++) {
		vakt_strv_release(&s->products[i].names);
		vakt_strv_release(&s->products[i].subcomponents);
	}
	free(s->products);
	free(s->justification);
	free(s->impact);
	free(s->action);
	free(s->file);
}

void vuln_vex_release(struct vuln_vex *vex)
{
	if (!vex)
		return;
	for (size_t i = 0; i < vex->n; i++)
		statement_release(&vex->v[i]);
	free(vex->v);
	vuln_idindex_release(&vex->names);
	memset(vex, 0, sizeof(*vex));
}

int vuln_vex_parse(struct vuln_vex *vex, const char *path, const char *data, size_t len,
                   struct vakt_error **err)
{
	struct vctx c = {.path = path};
	json_error_t je;
	json_t *root;
	int r;

	if (len > VULN_VEX_MAX_BYTES)
		return vakt_error_set_at(err, -EFBIG, path, 0, 0,
		                         "file too large: %zu bytes (the limit is %u bytes)", len,
		                         VULN_VEX_MAX_BYTES);
	root = json_loadb(data ? data : "", data ? len : 0, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return vakt_error_set_at(err, -EINVAL, path, je.line > 0 ? je.line : 0,
		                         je.column > 0 ? je.column : 0, "not JSON: %s", je.text);
	r = read_document(&c, root, err);
	json_decref(root);
	if (r >= 0 && vex->n + c.out.n > VULN_VEX_MAX_STATEMENTS)
		r = vakt_error_set_at(err, -E2BIG, path, 0, 0,
		                      "more than %d statements in the VEX documents read",
		                      VULN_VEX_MAX_STATEMENTS);
	if (r < 0) {
		vuln_vex_release(&c.out);
		return r;
	}
	for (size_t i = 0; i < c.out.n; i++) {
		struct vuln_vex_statement *s;
		size_t at = vex->n;

		vex->v = vakt_grow(vex->v, sizeof(*vex->v), vex->n + 1, &vex->cap);
		s = &vex->v[vex->n++];
		*s = c.out.v[i];
		vuln_idindex_add(&vex->names, s->vulnerability, at);
		for (size_t k = 0; k < s->aliases.n; k++)
			vuln_idindex_add(&vex->names, s->aliases.v[k], at);
	}
	free(c.out.v);
	vuln_idindex_sort(&vex->names);
	return 0;
}

/* --- lookup ------------------------------------------------------------------- */

static bool names_match(const struct vakt_strv *names, const char *purl)
{
	for (size_t i = 0; purl && i < names->n; i++)
		if (vuln_purl_match(names->v[i], purl))
			return true;
	return false;
}

static bool statement_covers(const struct vuln_vex_statement *s, const char *purl,
                             const char *subject)
{
	for (size_t i = 0; i < s->n_products; i++) {
		const struct vuln_vex_product *p = &s->products[i];

		if (names_match(&p->names, purl))
			return true;
		if (subject && names_match(&p->names, subject) &&
		    (!p->subcomponents.n || names_match(&p->subcomponents, purl)))
			return true;
	}
	return false;
}

const struct vuln_vex_statement *vuln_vex_find(const struct vuln_vex *vex, const char *const *ids,
                                               size_t n, const char *purl, const char *subject)
{
	const struct vuln_vex_statement *best = NULL;

	for (size_t i = 0; vex && i < n; i++) {
		size_t k, end = vuln_idindex_find(&vex->names, ids[i], &k);

		for (; k < end; k++) {
			const struct vuln_vex_statement *s = &vex->v[vex->names.v[k].at];

			if (best && (s->time < best->time || (s->time == best->time && s <= best)))
				continue;
			if (statement_covers(s, purl, subject))
				best = s;
		}
	}
	return best;
}

bool vuln_vex_suppresses(enum vuln_vex_status s)
{
	return s == VULN_VEX_NOT_AFFECTED || s == VULN_VEX_FIXED;
}

const char *vuln_vex_status_name(enum vuln_vex_status s)
{
	return (size_t)s < VAKT_ARRAY_SIZE(statuses) ? statuses[s] : "?";
}
