/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the OSV record parser (src/vuln/vuln-osv.c) and the
 * database's record encoding (src/vuln/vuln-codec.c): whatever parses must
 * encode, decode back to the same encoding, and decode filtered to one
 * package; whatever fails must say why. The input is also read as an
 * RFC 3339 time and decoded as a stored record (a damaged database).
 */
#include <stdint.h>
#include <string.h>

#include "fuzz-common.h"
#include "vuln/vuln-db-priv.h"
#include "vuln/vuln-osv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void touch_record(const struct vuln_record *r)
{
	fuzz_touch_str(r->id);
	fuzz_touch_str(r->modified);
	fuzz_touch_str(r->published);
	fuzz_touch_str(r->withdrawn);
	fuzz_touch_str(r->summary);
	for (size_t i = 0; i < r->n_aliases; i++)
		fuzz_touch_str(r->aliases[i]);
	for (size_t i = 0; i < r->n_upstream; i++)
		fuzz_touch_str(r->upstream[i]);
	for (size_t i = 0; i < r->n_related; i++)
		fuzz_touch_str(r->related[i]);
	for (size_t i = 0; i < r->n_severity; i++)
		fuzz_touch_str(r->severity[i].score);
	for (size_t i = 0; i < r->n_affected; i++) {
		const struct vuln_affected *a = &r->affected[i];

		fuzz_touch_str(a->ecosystem);
		fuzz_touch_str(a->name);
		fuzz_touch_str(a->urgency);
		for (size_t k = 0; k < a->n_versions; k++)
			fuzz_touch_str(a->versions[k]);
		for (size_t k = 0; k < a->n_severity; k++)
			fuzz_touch_str(a->severity[k].score);
		for (size_t k = 0; k < a->n_ranges; k++)
			for (size_t e = 0; e < a->ranges[k].n_events; e++)
				fuzz_touch_str(a->ranges[k].events[e].version);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vuln_record r, back;
	struct vakt_error *err = NULL;
	struct vakt_buf a = VAKT_BUF_INIT, b = VAKT_BUF_INIT;
	char *s = vakt_xstrndup((const char *)data, size);
	int64_t t;

	if (vuln_osv_time(s, &t) == 0)
		fuzz_sink += (size_t)t;
	free(s);
	/* The bytes as a stored record: refused or decoded, never read past. */
	if (vuln_codec_decode(data, size, NULL, NULL, &back) == 0) {
		touch_record(&back);
		vuln_record_release(&back);
	}

	if (vuln_osv_parse((const char *)data, size, "fuzz.json", &r, &err) < 0) {
		if (!err || !err->msg || r.id || r.affected)
			__builtin_trap();
		vakt_error_free(err);
		return 0;
	}
	if (err || !r.id || !r.modified || vuln_osv_time(r.modified, &t) < 0)
		__builtin_trap();
	touch_record(&r);
	vuln_codec_encode(&r, &a);
	if (vuln_codec_decode(a.data, a.len, NULL, NULL, &back) < 0)
		__builtin_trap();
	vuln_codec_encode(&back, &b);
	if (a.len != b.len || memcmp(a.data, b.data, a.len))
		__builtin_trap();
	vuln_record_release(&back);
	for (size_t i = 0; i < r.n_affected; i++) {
		if (!r.affected[i].ecosystem)
			continue;
		if (vuln_codec_decode(a.data, a.len, r.affected[i].ecosystem, r.affected[i].name,
		                      &back) < 0 ||
		    back.n_affected == 0)
			__builtin_trap();
		vuln_record_release(&back);
		break;
	}
	vakt_buf_release(&a);
	vakt_buf_release(&b);
	vuln_record_release(&r);
	return 0;
}
