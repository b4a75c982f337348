/* SPDX-License-Identifier: MIT */
/*
 * One OSV record from JSON (jansson) into struct vuln_record (vuln-osv.h).
 * Every error names the place in the record as a path
 * ("affected[2].ranges[0].events[1]") and what the schema expects there.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "vuln-osv.h"

/* Longest piece of a bad value quoted back in a message. */
#define OSV_QUOTE_BYTES 48
/* Longest place path in a message ("affected[49999].ranges[999].events[9999]"). */
#define OSV_WHERE_BYTES 96

struct osv {
	const char *file;
	struct vakt_error **err;
};

static int VAKT_PRINTF(4, 5)
    osv_fail(struct osv *o, int code, const char *where, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vakt_xvasprintf(fmt, ap);
	va_end(ap);
	vakt_error_set_at(o->err, code, o->file, 0, 0, "invalid OSV record: %s%s%s", where,
	                  *where ? ": " : "", msg);
	free(msg);
	return code;
}

/* A value quoted in a message: at most OSV_QUOTE_BYTES, cut on a character boundary. */
static char *quote(const char *s)
{
	size_t n = strlen(s);

	if (n <= OSV_QUOTE_BYTES)
		return vakt_xstrdup(s);
	n = OSV_QUOTE_BYTES;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return vakt_xasprintf("%.*s...", (int)n, s);
}

static const char *json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "a list";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		break;
	}
	return "null";
}

/* A place path; the paths vakt builds fit, and a cut one would still point near. */
static void where_key(char *buf, const char *where, const char *key)
{
	if (snprintf(buf, OSV_WHERE_BYTES, "%s%s%s", where, *where ? "." : "", key) < 0)
		buf[0] = '\0';
}

static void where_index(char *buf, const char *where, const char *key, size_t i)
{
	if (snprintf(buf, OSV_WHERE_BYTES, "%s%s%s[%zu]", where, *where ? "." : "", key, i) < 0)
		buf[0] = '\0';
}

/* Copy string v (at where) of at most max bytes into *out. Empty strings are malformed. */
static int take_str(struct osv *o, const json_t *v, const char *where, size_t max, char **out)
{
	size_t len;

	/*
	 * The codes are returned here, not osv_fail's: the analyser does not follow a
	 * variadic call, and callers read *out whenever this returns 0.
	 */
	if (!json_is_string(v)) {
		osv_fail(o, -EINVAL, where, "expected a string, found %s", json_kind(v));
		return -EINVAL;
	}
	len = json_string_length(v);
	if (len > max) {
		osv_fail(o, -EFBIG, where, "a string of %zu bytes (at most %zu)", len, max);
		return -EFBIG;
	}
	if (len == 0) {
		osv_fail(o, -EINVAL, where, "expected a non-empty string");
		return -EINVAL;
	}
	*out = vakt_xstrndup(json_string_value(v), len);
	return 0;
}

/* obj[key] as a string into *out: 0, 1 when absent (or null), or an error. */
static int get_str(struct osv *o, const json_t *obj, const char *key, const char *where, size_t max,
                   char **out)
{
	const json_t *v = json_object_get(obj, key);
	char at[OSV_WHERE_BYTES];

	if (!v || json_is_null(v))
		return 1;
	where_key(at, where, key);
	return take_str(o, v, at, max, out);
}

/* A list of ids obj[key] (aliases, upstream, related, versions): absent is empty. */
static int get_strs(struct osv *o, const json_t *obj, const char *key, const char *where,
                    size_t max_n, char ***out, size_t *n_out)
{
	const json_t *v = json_object_get(obj, key), *e;
	char at[OSV_WHERE_BYTES], at_i[OSV_WHERE_BYTES];
	size_t i, n;
	int r;

	if (!v || json_is_null(v))
		return 0;
	where_key(at, where, key);
	if (!json_is_array(v))
		return osv_fail(o, -EINVAL, at, "expected a list of strings, found %s",
		                json_kind(v));
	n = json_array_size(v);
	if (n > max_n)
		return osv_fail(o, -EFBIG, at, "%zu entries (at most %zu)", n, max_n);
	if (n == 0)
		return 0;
	*out = vakt_xcalloc(n, sizeof(**out));
	json_array_foreach(v, i, e)
	{
		where_index(at_i, where, key, i);
		r = take_str(o, e, at_i, VULN_OSV_MAX_NAME_BYTES, &(*out)[i]);
		*n_out = i + (r == 0);
		if (r < 0)
			return r;
	}
	return 0;
}

static enum vuln_severity_type severity_type(const char *t)
{
	if (!strcmp(t, "CVSS_V2"))
		return VULN_SEV_CVSS_V2;
	if (!strcmp(t, "CVSS_V3"))
		return VULN_SEV_CVSS_V3;
	if (!strcmp(t, "CVSS_V4"))
		return VULN_SEV_CVSS_V4;
	if (!strcmp(t, "Ubuntu"))
		return VULN_SEV_UBUNTU;
	return VULN_SEV_OTHER;
}

/* severity[] {type, score}; a type vakt does not know is kept as VULN_SEV_OTHER. */
static int get_severity(struct osv *o, const json_t *obj, const char *where,
                        struct vuln_severity **out, size_t *n_out)
{
	const json_t *v = json_object_get(obj, "severity"), *e;
	char at[OSV_WHERE_BYTES], at_i[OSV_WHERE_BYTES];
	size_t i, n;
	int r;

	if (!v || json_is_null(v))
		return 0;
	where_key(at, where, "severity");
	if (!json_is_array(v))
		return osv_fail(o, -EINVAL, at, "expected a list of {type, score}, found %s",
		                json_kind(v));
	n = json_array_size(v);
	if (n > VULN_OSV_MAX_SEVERITY)
		return osv_fail(o, -EFBIG, at, "%zu entries (at most %d)", n,
		                VULN_OSV_MAX_SEVERITY);
	if (n == 0)
		return 0;
	*out = vakt_xcalloc(n, sizeof(**out));
	json_array_foreach(v, i, e)
	{
		char *type = NULL;

		where_index(at_i, where, "severity", i);
		if (!json_is_object(e))
			return osv_fail(o, -EINVAL, at_i, "expected {type, score}, found %s",
			                json_kind(e));
		r = get_str(o, e, "type", at_i, VULN_OSV_MAX_NAME_BYTES, &type);
		if (r == 0)
			r = get_str(o, e, "score", at_i, VULN_OSV_MAX_NAME_BYTES, &(*out)[i].score);
		if (r == 0) {
			(*out)[i].type = severity_type(type);
			*n_out = i + 1;
		}
		free(type);
		if (r == 1)
			return osv_fail(o, -EINVAL, at_i, "expected both a type and a score");
		if (r < 0)
			return r;
	}
	return 0;
}

/* One event object: exactly one of introduced, fixed, last_affected, limit. */
static int get_event(struct osv *o, const json_t *e, const char *where, struct vuln_event *out)
{
	static const struct {
		const char *key;
		enum vuln_event_kind kind;
	} kinds[] = {
	    {"introduced", VULN_EVENT_INTRODUCED},
	    {"fixed", VULN_EVENT_FIXED},
	    {"last_affected", VULN_EVENT_LAST_AFFECTED},
	    {"limit", VULN_EVENT_LIMIT},
	};
	const char *key;
	const json_t *v;
	char at[OSV_WHERE_BYTES];
	size_t i;

	if (!json_is_object(e))
		return osv_fail(o, -EINVAL, where,
		                "expected an event object {introduced|fixed|last_affected|limit: "
		                "VERSION}, found %s",
		                json_kind(e));
	if (json_object_size(e) != 1)
		return osv_fail(o, -EINVAL, where,
		                "an event has exactly one key (introduced, fixed, last_affected or "
		                "limit), this one has %zu",
		                json_object_size(e));
	json_object_foreach((json_t *)e, key, v)
	{
		for (i = 0; i < VAKT_ARRAY_SIZE(kinds); i++)
			if (!strcmp(key, kinds[i].key))
				break;
		if (i == VAKT_ARRAY_SIZE(kinds)) {
			char *q = quote(key);
			int r = osv_fail(o, -EINVAL, where,
			                 "unknown event '%s' (expected introduced, fixed, "
			                 "last_affected or limit)",
			                 q);

			free(q);
			return r;
		}
		where_key(at, where, key);
		out->kind = kinds[i].kind;
		return take_str(o, v, at, VULN_OSV_MAX_NAME_BYTES, &out->version);
	}
	return 0; /* not reached: the object has one key */
}

static int get_range(struct osv *o, const json_t *rg, const char *where, struct vuln_range *out)
{
	const json_t *evs;
	char at[OSV_WHERE_BYTES], *type = NULL;
	size_t i, n;
	const json_t *e;
	int r;

	if (!json_is_object(rg))
		return osv_fail(o, -EINVAL, where, "expected a range object, found %s",
		                json_kind(rg));
	r = get_str(o, rg, "type", where, VULN_OSV_MAX_NAME_BYTES, &type);
	if (r == 1)
		return osv_fail(o, -EINVAL, where,
		                "a range needs a type (ECOSYSTEM, SEMVER or GIT)");
	if (r < 0)
		return r;
	if (!strcmp(type, "ECOSYSTEM"))
		out->type = VULN_RANGE_ECOSYSTEM;
	else if (!strcmp(type, "SEMVER"))
		out->type = VULN_RANGE_SEMVER;
	else if (!strcmp(type, "GIT"))
		out->type = VULN_RANGE_GIT;
	else {
		char *q = quote(type);

		where_key(at, where, "type");
		r = osv_fail(o, -EINVAL, at,
		             "unknown range type '%s' (expected ECOSYSTEM, SEMVER or GIT)", q);
		free(q);
	}
	free(type);
	if (r < 0)
		return r;
	evs = json_object_get(rg, "events");
	where_key(at, where, "events");
	if (!json_is_array(evs) || json_array_size(evs) == 0)
		return osv_fail(o, -EINVAL, at, "expected a non-empty list of events, found %s",
		                evs ? json_kind(evs) : "nothing");
	n = json_array_size(evs);
	if (n > VULN_OSV_MAX_EVENTS)
		return osv_fail(o, -EFBIG, at, "%zu events (at most %d)", n, VULN_OSV_MAX_EVENTS);
	out->events = vakt_xcalloc(n, sizeof(*out->events));
	json_array_foreach(evs, i, e)
	{
		where_index(at, where, "events", i);
		r = get_event(o, e, at, &out->events[i]);
		if (r < 0)
			return r;
		out->n_events = i + 1;
	}
	return 0;
}

/*
 * The ecosystem's own word on severity: Debian's ecosystem_specific.urgency,
 * Ubuntu's ecosystem_specific.ubuntu_priority, else an Ubuntu severity[]
 * entry of the entry, then of the record.
 */
static int get_urgency(struct osv *o, const json_t *a, const char *where,
                       const struct vuln_record *rec, struct vuln_affected *out)
{
	const json_t *es = json_object_get(a, "ecosystem_specific");
	char at[OSV_WHERE_BYTES];
	const char *word = NULL;
	int r;

	if (es && !json_is_null(es)) {
		where_key(at, where, "ecosystem_specific");
		if (!json_is_object(es))
			return osv_fail(o, -EINVAL, at, "expected an object, found %s",
			                json_kind(es));
		r = get_str(o, es, "urgency", at, VULN_OSV_MAX_NAME_BYTES, &out->urgency);
		if (r == 1)
			r = get_str(o, es, "ubuntu_priority", at, VULN_OSV_MAX_NAME_BYTES,
			            &out->urgency);
		if (r <= 0)
			return r;
	}
	for (size_t i = 0; !word && i < out->n_severity; i++)
		if (out->severity[i].type == VULN_SEV_UBUNTU)
			word = out->severity[i].score;
	for (size_t i = 0; !word && i < rec->n_severity; i++)
		if (rec->severity[i].type == VULN_SEV_UBUNTU)
			word = rec->severity[i].score;
	out->urgency = vakt_xstrdup(word);
	return 0;
}

static int get_affected(struct osv *o, const json_t *a, const char *where,
                        const struct vuln_record *rec, struct vuln_affected *out)
{
	const json_t *pkg, *rgs, *rg;
	char at[OSV_WHERE_BYTES];
	size_t i, n;
	int r;

	if (!json_is_object(a))
		return osv_fail(o, -EINVAL, where, "expected an affected object, found %s",
		                json_kind(a));
	/* The schema lets an entry of GIT ranges name no package: it is kept, never matched. */
	pkg = json_object_get(a, "package");
	if (pkg && !json_is_null(pkg)) {
		where_key(at, where, "package");
		if (!json_is_object(pkg))
			return osv_fail(o, -EINVAL, at, "expected {ecosystem, name}, found %s",
			                json_kind(pkg));
		r = get_str(o, pkg, "ecosystem", at, VULN_OSV_MAX_NAME_BYTES, &out->ecosystem);
		if (r == 0)
			r = get_str(o, pkg, "name", at, VULN_OSV_MAX_NAME_BYTES, &out->name);
		if (r == 1)
			return osv_fail(o, -EINVAL, at, "a package needs an ecosystem and a name");
		if (r < 0)
			return r;
	}
	rgs = json_object_get(a, "ranges");
	if (rgs && !json_is_null(rgs)) {
		where_key(at, where, "ranges");
		if (!json_is_array(rgs))
			return osv_fail(o, -EINVAL, at, "expected a list of ranges, found %s",
			                json_kind(rgs));
		n = json_array_size(rgs);
		if (n > VULN_OSV_MAX_RANGES)
			return osv_fail(o, -EFBIG, at, "%zu ranges (at most %d)", n,
			                VULN_OSV_MAX_RANGES);
		out->ranges = n ? vakt_xcalloc(n, sizeof(*out->ranges)) : NULL;
		/* Up to n, not json_array_foreach: the analyser cannot see the size is the same. */
		for (i = 0; i < n; i++) {
			rg = json_array_get(rgs, i);
			where_index(at, where, "ranges", i);
			out->n_ranges = i + 1;
			r = get_range(o, rg, at, &out->ranges[i]);
			if (r < 0)
				return r;
		}
	}
	r = get_strs(o, a, "versions", where, VULN_OSV_MAX_VERSIONS, &out->versions,
	             &out->n_versions);
	if (r == 0)
		r = get_severity(o, a, where, &out->severity, &out->n_severity);
	if (r == 0)
		r = get_urgency(o, a, where, rec, out);
	if (r == 0 && !out->n_ranges && !out->n_versions)
		return osv_fail(o, -EINVAL, where,
		                "an affected entry needs ranges or versions (it would match "
		                "nothing)");
	return r;
}

/* Top-level timestamps: modified is required and must be RFC 3339 (import compares it). */
static int get_times(struct osv *o, const json_t *root, struct vuln_record *out)
{
	int64_t t;
	char *q;
	int r = get_str(o, root, "modified", "", VULN_OSV_MAX_NAME_BYTES, &out->modified);

	if (r == 1)
		return osv_fail(o, -EINVAL, "", "no 'modified' (every record has one)");
	if (r < 0)
		return r;
	if (vuln_osv_time(out->modified, &t) < 0) {
		q = quote(out->modified);
		r = osv_fail(o, -EINVAL, "modified",
		             "'%s' is not an RFC 3339 time (like 2024-05-01T12:00:00Z)", q);
		free(q);
		return r;
	}
	r = get_str(o, root, "published", "", VULN_OSV_MAX_NAME_BYTES, &out->published);
	if (r < 0)
		return r;
	r = get_str(o, root, "withdrawn", "", VULN_OSV_MAX_NAME_BYTES, &out->withdrawn);
	return r == 1 ? 0 : r;
}

static int parse_root(struct osv *o, const json_t *root, struct vuln_record *out)
{
	const json_t *aff, *a;
	char at[OSV_WHERE_BYTES];
	size_t i, n;
	int r;

	if (!json_is_object(root))
		return osv_fail(o, -EINVAL, "", "expected an OSV record (a JSON object), found %s",
		                json_kind(root));
	r = get_str(o, root, "id", "", VULN_OSV_MAX_NAME_BYTES, &out->id);
	if (r == 1)
		return osv_fail(o, -EINVAL, "", "no 'id' (every record has one)");
	if (r < 0)
		return r;
	r = get_times(o, root, out);
	if (r == 0)
		r = get_str(o, root, "summary", "", VULN_OSV_MAX_SUMMARY_BYTES, &out->summary);
	if (r < 0)
		return r;
	r = get_strs(o, root, "aliases", "", VULN_OSV_MAX_IDS, &out->aliases, &out->n_aliases);
	if (r == 0)
		r = get_strs(o, root, "upstream", "", VULN_OSV_MAX_IDS, &out->upstream,
		             &out->n_upstream);
	if (r == 0)
		r = get_strs(o, root, "related", "", VULN_OSV_MAX_IDS, &out->related,
		             &out->n_related);
	if (r == 0)
		r = get_severity(o, root, "", &out->severity, &out->n_severity);
	if (r < 0)
		return r;
	aff = json_object_get(root, "affected");
	if (!aff || json_is_null(aff))
		return 0; /* a record about no package: kept, never matched */
	if (!json_is_array(aff))
		return osv_fail(o, -EINVAL, "affected", "expected a list, found %s",
		                json_kind(aff));
	n = json_array_size(aff);
	if (n > VULN_OSV_MAX_AFFECTED)
		return osv_fail(o, -EFBIG, "affected", "%zu entries (at most %d)", n,
		                VULN_OSV_MAX_AFFECTED);
	out->affected = n ? vakt_xcalloc(n, sizeof(*out->affected)) : NULL;
	for (i = 0; i < n; i++) {
		a = json_array_get(aff, i);
		where_index(at, "", "affected", i);
		out->n_affected = i + 1;
		r = get_affected(o, a, at, out, &out->affected[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

int vuln_osv_parse(const char *data, size_t len, const char *file, struct vuln_record *out,
                   struct vakt_error **err)
{
	struct osv o = {.file = file, .err = err};
	json_error_t je;
	json_t *root;
	int r;

	memset(out, 0, sizeof(*out));
	if (len > VULN_OSV_MAX_RECORD_BYTES)
		return vakt_error_set_at(err, -EFBIG, file, 0, 0,
		                         "a record of %zu bytes is too large (at most %u)", len,
		                         VULN_OSV_MAX_RECORD_BYTES);
	/* Duplicate keys would make the record mean two things; \u0000 is refused by default. */
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return vakt_error_set_at(err, -EINVAL, file, je.line > 0 ? je.line : 0,
		                         je.column > 0 ? je.column : 0, "invalid JSON: %s",
		                         je.text);
	r = parse_root(&o, root, out);
	json_decref(root);
	if (r < 0)
		vuln_record_release(out);
	return r;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* n decimal digits at *s into *v; advances *s. */
static bool digits(const char **s, int n, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if ((*s)[i] < '0' || (*s)[i] > '9')
			return false;
		*v = *v * 10 + (unsigned)((*s)[i] - '0');
	}
	*s += n;
	return true;
}

int vuln_osv_time(const char *s, int64_t *us)
{
	static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	unsigned y, mo, d, h, mi, sec, oh, om, frac = 0;
	int64_t t;
	int fd = 0;

	if (!digits(&s, 4, &y) || *s++ != '-' || !digits(&s, 2, &mo) || *s++ != '-' ||
	    !digits(&s, 2, &d) || (*s != 'T' && *s != 't' && *s != ' '))
		return -EINVAL;
	s++;
	if (!digits(&s, 2, &h) || *s++ != ':' || !digits(&s, 2, &mi) || *s++ != ':' ||
	    !digits(&s, 2, &sec))
		return -EINVAL;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || sec > 60)
		return -EINVAL;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -EINVAL;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return -EINVAL;
		/* Microseconds kept; further digits read and dropped. */
		for (; *s >= '0' && *s <= '9'; s++, fd++)
			if (fd < 6)
				frac = frac * 10 + (unsigned)(*s - '0');
		for (int k = fd; k < 6; k++)
			frac *= 10;
	}
	t = ((days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60 + sec;
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		int sign = *s++ == '+' ? 1 : -1;

		if (!digits(&s, 2, &oh) || *s++ != ':' || !digits(&s, 2, &om) || oh > 23 || om > 59)
			return -EINVAL;
		t -= sign * (int64_t)(oh * 3600 + om * 60);
	} else {
		return -EINVAL;
	}
	if (*s)
		return -EINVAL;
	*us = t * 1000000 + frac;
	return 0;
}
