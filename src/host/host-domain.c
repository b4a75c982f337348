/* SPDX-License-Identifier: MIT */
/*
 * The host domain's descriptor: its rule tables for the registry (`vakt
 * rules`, docs/rules.md). Its input is no file found by a walk but the
 * machine itself, so it has no matching or scanning members: vakt host
 * collects the facts (host-facts.c) and runs the tables on them.
 */
#include <stdlib.h>

#include "core/domain.h"
#include "host-facts.h"

const struct vakt_rule *const host_rule_tables[] = {host_sys_rules, host_docker_rules, NULL};

const struct vakt_domain host_domain = {
    .name = "host",
    .tables = host_rule_tables,
};

void host_emit(struct vakt_check_ctx *ctx, const char *source, int line, const char *fmt, ...)
{
	const char *file = ctx->file;
	struct vakt_span at = {.line = line, .column = 1, .end_line = line};
	va_list ap;

	ctx->file = source ? source : "host";
	va_start(ap, fmt);
	vakt_check_vemit(ctx, line > 0 ? &at : NULL, NULL, fmt, ap);
	va_end(ap);
	ctx->file = file;
}
