/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for `nft -j list ruleset` JSON (src/firewall/fw-nft-json.c): any
 * bytes as the JSON dump, libnftables-json(5) objects or not. The model
 * must hold its invariants (fuzz-fw-model.h), and a failure must come with an error.
 */
#include <stdint.h>

#include "core/source.h"
#include "fuzz-fw-model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vakt_source *src = vakt_source_from_mem("fuzz.json", (const char *)data, size);
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs = NULL;
	int rc = fw_parse_nft_json(src, &rs, &errs);

	fuzz_fw_outcome(rc, rs, &errs);
	fw_ruleset_free(rs);
	vakt_error_list_release(&errs);
	vakt_source_free(src);
	return 0;
}
