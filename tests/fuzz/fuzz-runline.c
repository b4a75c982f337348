/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the runline domain: the same bytes are scanned as a
 * shell script, a Makefile, a GitHub Actions workflow and a GitLab CI file
 * (tokenizer, docker flag grammar, YAML position mapping, Makefile
 * recipes, every CR rule, inline suppressions), and every finding is read.
 */
#include <stdint.h>
#include <stdio.h>

#include "core/config.h"
#include "core/scan.h"
#include "runline/runline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where the reads go, so that the compiler keeps them. */
static volatile size_t sink;

static void touch_str(const char *s)
{
	if (s)
		sink += strlen(s);
}

static void touch_result(const struct vakt_scan_result *res)
{
	for (size_t i = 0; i < res->findings.n; i++) {
		const struct vakt_finding *f = &res->findings.v[i];

		if (f->loc.line < 0 || f->loc.column < 0)
			__builtin_trap();
		touch_str(f->message);
		touch_str(f->loc.object);
		touch_str(f->snippet);
		touch_str(f->suppress_reason);
		sink += (size_t)(f->loc.line + f->loc.column + f->loc.end_line + f->loc.end_column);
	}
	for (size_t i = 0; i < res->errors.n; i++) {
		char *m = vakt_error_format(res->errors.v[i]);

		touch_str(m);
		free(m);
	}
}

static void scan_as(const char *path, const uint8_t *data, size_t size,
                    const struct vakt_scan_opts *o)
{
	struct vakt_scan_result res = {0};
	struct vakt_source *src = vakt_source_from_mem(path, (const char *)data, size);

	vakt_scan_source(&runline_domain, src, o, &res);
	touch_result(&res);
	vakt_scan_result_release(&res);
}

/* Every command of the input as one shell text, through the flag grammar directly. */
static void commands(const uint8_t *data, size_t size)
{
	char *s = vakt_xstrndup((const char *)data, size);
	struct shell_script sc = {0};

	(void)shell_parse_str(s, &sc);
	for (size_t i = 0; i < sc.n; i++) {
		struct ctr_settings c;

		if (!runline_parse_cmd(&sc.cmds[i], "fuzz", &c))
			continue;
		touch_str(c.image.text);
		touch_str(c.user.text);
		touch_str(c.object);
		touch_str(c.label);
		sink += c.n_mounts + c.n_ports + c.n_env + c.cap_add.n + c.cap_drop.n;
		for (size_t k = 0; k < c.n_env; k++) {
			touch_str(c.env[k].name);
			touch_str(c.env[k].literal);
		}
		ctr_settings_release(&c);
	}
	shell_script_release(&sc);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vakt_config *cfg = vakt_config_new();
	struct vakt_scan_opts o;

	vakt_scan_opts_init(&o, cfg);
	sink += runline_kind_by_content((const char *)data, size);
	scan_as("fuzz/deploy.sh", data, size, &o);
	scan_as("fuzz/Makefile", data, size, &o);
	scan_as("fuzz/.github/workflows/ci.yml", data, size, &o);
	scan_as("fuzz/.gitlab-ci.yml", data, size, &o);
	commands(data, size);
	vakt_config_free(cfg);
	return 0;
}
