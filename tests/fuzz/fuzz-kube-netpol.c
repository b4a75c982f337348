/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: the NetworkPolicy model and reachability engine
 * (selectors, ports, policyTypes, peers) on whatever the Kubernetes loader
 * makes of the input, and the network posture rules (KN1xx) over that set.
 */
#include <stdint.h>

#include "core/config.h"
#include "core/scan.h"
#include "kube/kube-netpol.h"
#include "kube/kube-rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Pairs decided one by one with explanations (the full table is bounded too). */
#define FUZZ_MAX_PAIRS 32

static void check(bool ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kube_set set = {0};
	struct vakt_error_list errs = {0};
	struct vakt_config config = {0};
	struct vakt_scan_opts opts;
	struct vakt_findings out = {0};
	struct kube_check_model km = {0};
	struct vakt_check_ctx ctx = {0};
	struct kube_netpol_model m;
	struct kube_np_edge *edges = NULL;
	struct vakt_error *err = NULL;
	struct vakt_buf b = VAKT_BUF_INIT;
	size_t n_edges = 0, pairs = 0;

	kube_set_load(&set, vakt_source_from_mem("fuzz.yaml", (const char *)data, size), &errs);
	kube_netpol_model_build(&m, &set);
	if (m.n_wls <= 64) {
		check(kube_netpol_edges(&m, &edges, &n_edges, &err) == 0);
		for (size_t i = 0; i < n_edges; i++) {
			check(!kube_ports_empty(&edges[i].ports));
			kube_ports_format(&edges[i].ports, &b);
		}
		kube_np_edges_free(edges, n_edges);
	}
	for (size_t s = 0; s < m.n_wls && pairs < FUZZ_MAX_PAIRS; s++) {
		for (size_t t = 0; t < m.n_wls && pairs < FUZZ_MAX_PAIRS; t++, pairs++) {
			struct kube_np_verdict v;

			kube_netpol_decide(&m, s, t, &v);
			check(v.side[KUBE_NP_INGRESS].isolated || kube_ports_all(&v.side[0].ports));
			kube_np_verdict_release(&v);
		}
	}
	for (size_t i = 0; i < m.n_wls && i < FUZZ_MAX_PAIRS; i++) {
		for (int d = 0; d < KUBE_NP_DIRS; d++) {
			struct kube_np_external x;

			kube_netpol_external(&m, i, d, &x);
			kube_np_external_release(&x);
		}
		kube_netpol_open_to_all(&m, i, NULL, NULL);
	}
	for (size_t i = 0; i < m.n_pols; i++)
		kube_selector_describe(&m.pols[i].pod_sel, &b);
	kube_netpol_model_release(&m);

	vakt_scan_opts_init(&opts, &config);
	km.set = &set;
	ctx.model = &km;
	ctx.opts = &opts;
	ctx.out = &out;
	for (size_t i = 0; i < vakt_rules_count(kube_rules_network); i++) {
		ctx.rule = &kube_rules_network[i];
		kube_rules_network[i].check(&ctx);
	}
	vakt_buf_release(&b);
	vakt_findings_release(&out);
	kube_set_release(&set);
	vakt_error_list_release(&errs);
	return 0;
}
