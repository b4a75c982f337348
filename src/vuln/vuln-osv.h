/* SPDX-License-Identifier: MIT */
#ifndef VAKT_VULN_OSV_H
#define VAKT_VULN_OSV_H

/*
 * Reading one OSV record (ossf/osv-schema, docs/schema.md) into the model
 * of vuln-model.h. The record is untrusted input: every size and count has
 * a named ceiling below, and anything the schema does not allow where vakt
 * relies on it (no id or modified, an unknown range type, an event object
 * with zero or two keys, a string where a list belongs) is an error naming
 * the file and the place in the record, never a guess. Fields vakt does not
 * keep (details, references, credits, purl) are not checked.
 */

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "vuln/vuln-model.h"

/* Largest record file read (the largest real ones, Ubuntu's kernel CVEs, are a few MB). */
#define VULN_OSV_MAX_RECORD_BYTES (32u * 1024 * 1024)
/* Longest id, alias, ecosystem, package name, version, timestamp or severity score. */
#define VULN_OSV_MAX_NAME_BYTES 1024
/* Longest summary (the schema recommends 120 characters). */
#define VULN_OSV_MAX_SUMMARY_BYTES (64u * 1024)
/* Most ids in each of aliases[], upstream[] and related[]. */
#define VULN_OSV_MAX_IDS 10000
/* Most affected[] entries in one record (Ubuntu's kernel CVEs list a few thousand). */
#define VULN_OSV_MAX_AFFECTED 50000
/* Most ranges in one affected[] entry, and events in one range. */
#define VULN_OSV_MAX_RANGES 1000
#define VULN_OSV_MAX_EVENTS 10000
/* Most explicit versions in one affected[] entry. */
#define VULN_OSV_MAX_VERSIONS 100000
/* Most severity[] entries at either level. */
#define VULN_OSV_MAX_SEVERITY 64

/*
 * Parse the OSV record in data[0..len) (need not be NUL-terminated) into
 * *out, which must be zeroed. file names the input in error messages
 * ("all.zip:DSA-5573-1.json"). On success the caller owns *out
 * (vuln_record_release()); on failure *out is left zeroed and *err says
 * where and what was expected. Errors: -EFBIG beyond a ceiling, -EINVAL for
 * a malformed record.
 */
int vuln_osv_parse(const char *data, size_t len, const char *file, struct vuln_record *out,
                   struct vakt_error **err);

/*
 * An RFC 3339 timestamp ("2024-05-01T12:00:00Z", fractional seconds and
 * offsets allowed) as microseconds since the Unix epoch, UTC, so that
 * `modified` compares by time and not by spelling. 0, or -EINVAL.
 */
int vuln_osv_time(const char *s, int64_t *us);

#endif
