/* SPDX-License-Identifier: MIT */
/*
 * vakt host's firewall: the live rule sets, from the system's own tools.
 * iptables-managed tables are read from iptables-save (their nft JSON is
 * opaque `xt` statements), native nftables tables from `nft -j list
 * ruleset`; the legacy backend too when iptables says it holds tables (the
 * kernel evaluates both). With --root the outputs are recorded files under
 * DIR/.vakt-probe/ with the tools' names.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli-host.h"
#include "core/command.h"
#include "firewall/fw.h"

/* Longest dump read (a kube-proxy node with many services runs to megabytes). */
#define FW_DUMP_MAX   (64u * 1024 * 1024)
#define FW_TIMEOUT_MS 10000

struct dump {
	const char *name;        /* the recorded file's name, and how findings name the source */
	const char *const *argv; /* the command */
	enum fw_format format;
	uint8_t ip_version;
};

static const char *const argv_ipt[] = {"iptables-save", NULL};
static const char *const argv_ip6t[] = {"ip6tables-save", NULL};
static const char *const argv_ipt_legacy[] = {"iptables-legacy-save", NULL};
static const char *const argv_ip6t_legacy[] = {"ip6tables-legacy-save", NULL};
static const char *const argv_nft[] = {"nft", "-j", "list", "ruleset", NULL};

static const struct dump dumps[] = {
    {"iptables-save", argv_ipt, FW_FORMAT_IPTABLES, 4},
    {"ip6tables-save", argv_ip6t, FW_FORMAT_IPTABLES, 6},
    {"iptables-legacy-save", argv_ipt_legacy, FW_FORMAT_IPTABLES, 4},
    {"ip6tables-legacy-save", argv_ip6t_legacy, FW_FORMAT_IPTABLES, 6},
    {"nft -j list ruleset", argv_nft, FW_FORMAT_NFT_JSON, 0},
};
enum { D_IPT, D_IP6T, D_IPT_LEGACY, D_IP6T_LEGACY, D_NFT, D_COUNT };

/* The recorded file of dump d under --root: its command's name with dashes ("nft-json"). */
static const char *const recorded_names[D_COUNT] = {
    "iptables-save", "ip6tables-save", "iptables-legacy-save", "ip6tables-legacy-save", "nft-json",
};

/* A warning (msg is taken). */
static void fw_warn(struct cli_host_fw *fw, char *msg)
{
	struct vakt_error *e = NULL;

	vakt_error_set(&e, VAKT_WARNING_CODE, "%s", msg);
	vakt_error_list_add(&fw->warnings, e);
	free(msg);
}

/*
 * The output of dump i: run live, or the recorded file. Returns the text
 * (caller frees) or NULL when there is none, with an observation either way;
 * *legacy_present is set when iptables says the legacy backend holds tables.
 */
static char *fw_dump_read(struct cli_host_fw *fw, int i, size_t *len, bool *legacy_present)
{
	const struct dump *d = &dumps[i];
	struct vakt_command_result cr;
	struct vakt_error *err = NULL;
	char *text = NULL;
	int rc;

	*len = 0;
	if (!fw->root->live) {
		rc = host_read_recorded(fw->root, recorded_names[i], FW_DUMP_MAX, &text, len);
		if (rc == -ENOENT) {
			host_observe(&fw->obs, "firewall", d->name, 0, "not recorded",
			             "no .vakt-probe/%s", recorded_names[i]);
			return NULL;
		}
		if (rc < 0) {
			host_observe_unreadable(&fw->obs, "firewall", d->name, rc);
			return NULL;
		}
		return text;
	}
	rc = vakt_command_run(d->argv, FW_TIMEOUT_MS, FW_DUMP_MAX, &cr, &err);
	if (rc == -ENOENT) {
		host_observe(&fw->obs, "firewall", d->name, 0, "not installed", "%s", "");
		return NULL;
	}
	if (rc < 0) {
		host_observe(&fw->obs, "firewall", d->name, 0, "could not run", "%s", err->msg);
		vakt_error_free(err);
		return NULL;
	}
	/* iptables-nft says so in a comment of its output (older ones on stderr). */
	if (strstr(cr.err, "legacy tables present") || strstr(cr.out, "legacy tables present"))
		*legacy_present = true;
	if (cr.timed_out || cr.truncated || cr.status != 0) {
		char *why = cr.timed_out
		                ? vakt_xasprintf("timed out after %d s", FW_TIMEOUT_MS / 1000)
		            : cr.truncated ? vakt_xasprintf("output beyond %u bytes", FW_DUMP_MAX)
		                           : vakt_xasprintf("exit status %d", cr.status);
		char *first = vakt_xstrdup(cr.err);

		first[strcspn(first, "\n")] = '\0';
		host_observe(&fw->obs, "firewall", d->name, 0, "unreadable", "%s%s%s", why,
		             *first ? ": " : "", first);
		fw->obs.v[fw->obs.n - 1].unreadable = true;
		if (geteuid() != 0)
			fw_warn(fw,
			        vakt_xasprintf("cannot read the firewall with '%s' (%s): run vakt "
			                       "host as root to audit it",
			                       d->name, why));
		else
			fw_warn(fw, vakt_xasprintf("cannot read the firewall with '%s': %s",
			                           d->name, why));
		free(why);
		free(first);
		vakt_command_result_release(&cr);
		return NULL;
	}
	text = cr.out;
	*len = cr.out_len;
	cr.out = NULL;
	vakt_command_result_release(&cr);
	return text;
}

/* Remove the tables of rs for which drop[i] is set (the model's remover, last first). */
static void fw_tables_compact(struct fw_ruleset *rs, const bool *drop)
{
	for (size_t t = rs->n_tables; t-- > 0;)
		if (drop[t])
			fw_ruleset_remove_table(rs, t);
}

/*
 * A table of family ip or ip6 that both iptables-save and nft printed is
 * read from one of them only. nft's JSON is exact unless iptables-nft wrote
 * the table with extensions nft cannot translate (`xt` statements: the
 * parser marks the table iptables-managed); iptables-nft-save prints what
 * it cannot translate wrongly (an anonymous set as no match at all) or as
 * an empty table. So nft's copy wins, but for iptables-managed tables.
 */
static void fw_pick_tables(struct fw_ruleset *nft, struct fw_ruleset *ipt)
{
	bool *drop_nft, *drop_ipt;

	if (!nft || !ipt)
		return;
	drop_nft = vakt_xcalloc(nft->n_tables + 1, sizeof(*drop_nft));
	drop_ipt = vakt_xcalloc(ipt->n_tables + 1, sizeof(*drop_ipt));
	for (size_t t = 0; t < nft->n_tables; t++) {
		const struct fw_table *tb = &nft->tables[t];
		enum fw_family fam = ipt->ip_version == 6 ? FW_FAMILY_IP6 : FW_FAMILY_IP;

		if (tb->family != fam)
			continue;
		for (size_t k = 0; k < ipt->n_tables; k++) {
			if (strcmp(tb->name, ipt->tables[k].name) != 0)
				continue;
			if (tb->iptables_managed)
				drop_nft[t] = true;
			else
				drop_ipt[k] = true;
		}
	}
	fw_tables_compact(nft, drop_nft);
	fw_tables_compact(ipt, drop_ipt);
	free(drop_nft);
	free(drop_ipt);
}

/* Whether any interface has a global IPv6 address (/proc/net/if_inet6 scope 00): 1, 0, -1. */
static int fw_ipv6_configured(const struct host_root *root)
{
	char *text = NULL;
	size_t len;
	int found = 0;

	if (host_read(root, "proc/net/if_inet6", 1u << 20, &text, &len) < 0)
		return -1;
	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');
		char addr[64], dev[64];
		unsigned idx, plen, scope, flags;

		if (nl)
			*nl = '\0';
		if (sscanf(line, "%63s %x %x %x %x %63s", addr, &idx, &plen, &scope, &flags, dev) ==
		        6 &&
		    scope == 0 && strcmp(dev, "lo") != 0)
			found = 1;
		line = nl ? nl + 1 : NULL;
	}
	free(text);
	return found;
}

void cli_host_fw_run(struct cli_host_fw *fw)
{
	struct fw_ruleset *sets[D_COUNT] = {0};
	struct fw_ruleset *list[D_COUNT];
	struct fw_audit_opts ao = {.live = true, .ebpf_dataplane = -1};
	bool legacy = false, read_any = false;
	size_t n = 0;

	for (int i = 0; i < D_COUNT; i++) {
		struct vakt_source *src;
		char *text;
		size_t len;
		int rc;

		/* The legacy tools only when iptables says that backend holds tables. */
		if ((i == D_IPT_LEGACY || i == D_IP6T_LEGACY) && fw->root->live && !legacy)
			continue;
		text = fw_dump_read(fw, i, &len, &legacy);
		if (!text)
			continue;
		src = vakt_source_from_mem(dumps[i].name, text, len);
		free(text);
		if (dumps[i].format == FW_FORMAT_NFT_JSON)
			rc = fw_parse_nft_json(src, &sets[i], &fw->errors);
		else
			rc = fw_parse_iptables(src, dumps[i].ip_version, &sets[i], &fw->errors);
		vakt_source_free(src);
		if (rc < 0 || !sets[i])
			continue;
		read_any = true;
		size_t rules = 0, chains = 0;

		for (size_t t = 0; t < sets[i]->n_tables; t++) {
			chains += sets[i]->tables[t].n_chains;
			for (size_t c = 0; c < sets[i]->tables[t].n_chains; c++)
				rules += sets[i]->tables[t].chains[c].n_rules;
		}
		host_observe(&fw->obs, "firewall", dumps[i].name, 0,
		             sets[i]->n_tables ? "read" : "empty: no tables",
		             "%zu tables, %zu chains, %zu rules%s%s%s", sets[i]->n_tables, chains,
		             rules, sets[i]->backend ? " (" : "",
		             sets[i]->backend ? sets[i]->backend : "", sets[i]->backend ? ")" : "");
	}
	fw_pick_tables(sets[D_NFT], sets[D_IPT]);
	fw_pick_tables(sets[D_NFT], sets[D_IP6T]);
	/*
	 * An empty dump is no rule set (the parser would call a dump without an
	 * INPUT chain a fragment): the family it stands for is then left to the
	 * other dumps, and with none, nothing filters it.
	 */
	for (int i = 0; i < D_COUNT; i++)
		if (sets[i] && sets[i]->n_tables)
			list[n++] = sets[i];
	/* With nothing read at all (not root, no tools), no verdict can be drawn. */
	if (read_any) {
		ao.ipv6_configured = fw_ipv6_configured(fw->root);
		fw_audit(list, n, &ao, fw->opts, &fw->findings, &fw->errors);
	}
	/* Warnings travel with the errors from the parsers and the audit. */
	vakt_error_list_split_warnings(&fw->errors, 0, &fw->warnings);
	for (int i = 0; i < D_COUNT; i++)
		fw_ruleset_free(sets[i]);
}

void cli_host_fw_release(struct cli_host_fw *fw)
{
	vakt_findings_release(&fw->findings);
	vakt_error_list_release(&fw->errors);
	vakt_error_list_release(&fw->warnings);
	host_observations_release(&fw->obs);
}
