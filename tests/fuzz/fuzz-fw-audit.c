/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the firewall rules (FW001-FW009) and the
 * reachability evaluation beneath them: the input is parsed as
 * iptables-save text and as nft's syntax (and, when it starts with '{', as
 * nft JSON), and each rule set that parses is audited alone, then the
 * iptables and nft ones together as one live host. The last byte picks the
 * options ('\n' is a set of files): bit 0, live; bit 1, no global IPv6
 * address; bit 2, an eBPF dataplane; bit 3, the iptables text read as
 * IPv6. Every finding must name a rule of the firewall domain with a sane
 * position, and every walk must end (the jump ceiling and the loop guard).
 */
#include "core/config.h"
#include "core/scan.h"
#include "firewall/fw.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Audit sets[0..n) and check what comes out. */
static void audit(struct fw_ruleset **sets, size_t n, const struct fw_audit_opts *ao,
                  const struct vakt_scan_opts *o)
{
	struct vakt_findings out = {0};
	struct vakt_error_list errs = {0};

	fw_audit(sets, n, ao, o, &out, &errs);
	fuzz_check_findings(&out);
	for (size_t i = 0; i < out.n; i++) {
		if (strcmp(out.v[i].rule->domain, "firewall"))
			__builtin_trap();
		if (fuzz_verbose())
			fprintf(stderr, "%s:%d %s\n", out.v[i].rule->id, out.v[i].loc.line,
			        out.v[i].message);
	}
	for (size_t i = 0; i < errs.n; i++)
		fuzz_touch_str(errs.v[i]->msg);
	vakt_findings_release(&out);
	vakt_error_list_release(&errs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned opt = fuzz_option(data, size);
	struct vakt_config *cfg = vakt_config_new();
	struct vakt_scan_opts o;
	struct vakt_source *src = vakt_source_from_mem("fuzz/rules", (const char *)data, size);
	struct fw_ruleset *sets[3] = {NULL, NULL, NULL};
	struct vakt_error_list errs = {0};
	struct fw_audit_opts files = {false, -1, -1};
	struct fw_audit_opts host = {(opt & 1) != 0, (opt & 2) ? 0 : 1, (opt & 4) ? 1 : 0};
	size_t n = 0;

	vakt_scan_opts_init(&o, cfg);
	if (fw_parse_iptables(src, (opt & 8) ? 6 : 0, &sets[n], &errs) == 0 && sets[n])
		n++;
	fw_ruleset_free(sets[n]);
	sets[n] = NULL;
	if (fw_parse_nft(src, NULL, &sets[n], &errs) == 0 && sets[n])
		n++;
	fw_ruleset_free(sets[n]);
	sets[n] = NULL;
	if (size && data[0] == '{') {
		if (fw_parse_nft_json(src, &sets[n], &errs) == 0 && sets[n])
			n++;
		fw_ruleset_free(sets[n]);
		sets[n] = NULL;
	}
	for (size_t i = 0; i < n; i++)
		audit(&sets[i], 1, &files, &o);
	if (n)
		audit(sets, n, &host, &o);
	for (size_t i = 0; i < n; i++)
		fw_ruleset_free(sets[i]);
	vakt_error_list_release(&errs);
	vakt_source_free(src);
	vakt_config_free(cfg);
	return 0;
}
