/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for nft's own syntax (src/firewall/fw-nft-*.c): any
 * bytes as `nft list ruleset` output or an nftables.conf, with no include
 * followed (each one a warning). The model must hold its invariants
 * (fuzz-fw-model.h), and a failure must come with an error.
 */
#include <stdint.h>

#include "core/source.h"
#include "fuzz-fw-model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vakt_source *src = vakt_source_from_mem("fuzz.nft", (const char *)data, size);
	struct vakt_error_list errs = {0};
	struct fw_ruleset *rs = NULL;
	int rc = fw_parse_nft(src, NULL, &rs, &errs);

	fuzz_fw_outcome(rc, rs, &errs);
	fw_ruleset_free(rs);
	vakt_error_list_release(&errs);
	vakt_source_free(src);
	return 0;
}
