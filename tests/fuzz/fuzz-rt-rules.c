/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: any bytes as a Falco-syntax rules file, loaded and
 * compiled against the fake field set (rt-fake-fields.h); every
 * diagnostic formatted, every compiled rule evaluated against a fake event
 * of each type in both match modes, and its output rendered as text and
 * JSON.
 */
#include <stdint.h>

#include "rt-fake-fields.h"
#include "runtime/rt-rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct fake_val vals[] = {
    {"proc.name", NULL, "bash"},
    {"proc.aname", NULL, "bash"},
    {"proc.aname", NULL, "sshd"},
    {"proc.cmdline", NULL, "bash -c id"},
    {"proc.args", NULL, "aWQ="},
    {"fd.name", NULL, "/etc/shadow"},
    {"fd.num", NULL, "3"},
    {"fd.sip", NULL, "10.0.0.1"},
    {"fd.snet", NULL, "192.168.0.1"},
    {"evt.is_open_read", NULL, "true"},
    {"evt.arg", "flags", "O_RDONLY"},
    {"container.id", NULL, "host"},
    {"user.uid", NULL, "0"},
    {"proc.duration", NULL, "7000000000"},
    {"evt.buffer", NULL,
     "\x7f"
     "ELF"},
    {"k8s.pod.label", "app", "web"},
};

static void count(const struct rt_rule *r, const void *ev, void *data)
{
	(void)ev;
	if (!r->compiled)
		__builtin_trap();
	(*(size_t *)data)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_ruleset *rs = rt_ruleset_new(&fake_fields);
	struct rt_eval_ctx *ctx;
	struct vakt_buf out = VAKT_BUF_INIT;
	struct rt_counts c;
	bool want[RT_EV_COUNT];

	rt_ruleset_add_text(rs, "fuzz.yaml", (const char *)data, size);
	rt_ruleset_compile(rs);
	for (size_t i = 0; i < rt_ruleset_n_diags(rs); i++)
		free(rt_diag_format(rt_ruleset_diag(rs, i)));
	rt_ruleset_counts(rs, &c);
	if (c.compiled + c.failed != c.rules)
		__builtin_trap();
	rt_ruleset_wanted_evtypes(rs, want, RT_EV_COUNT);
	ctx = rt_eval_ctx_new(rs);
	for (int mode = 0; mode < 2; mode++) {
		rt_ruleset_set_mode(rs, mode ? RT_MATCH_ALL : RT_MATCH_FIRST);
		for (size_t t = 0; t < fake_fields.n_evtypes + 1; t++) {
			struct fake_event ev = {t, vals, sizeof(vals) / sizeof(vals[0])};
			size_t hits = 0;

			if (rt_ruleset_eval(rs, ctx, t, &ev, count, &hits) != hits)
				__builtin_trap();
			if (mode == 0 && hits > 1)
				__builtin_trap();
		}
	}
	for (size_t i = 0; i < rt_ruleset_n_rules(rs); i++) {
		const struct rt_rule *r = rt_ruleset_rule(rs, i);
		struct fake_event ev = {1, vals, sizeof(vals) / sizeof(vals[0])};

		rt_rule_render(r, ctx, &ev, &out);
		rt_rule_output_fields_json(r, ctx, &ev, &out);
		vakt_buf_reset(&out);
	}
	vakt_buf_release(&out);
	rt_eval_ctx_free(ctx);
	rt_ruleset_free(rs);
	return 0;
}
