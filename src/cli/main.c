/* SPDX-License-Identifier: MIT */
/* vakt: the command table and dispatch. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int cmd_help(const struct cli_command *cmd, int argc, char **argv);

static const struct cli_option no_options[] = {{NULL, 0, NULL, NULL, 0}};

static const struct cli_command commands[] = {
    {"scan",
     "Audit Dockerfiles, Kubernetes manifests, compose files, run lines, firewalls, lock "
     "files.",
     "[options] [PATH...]",
     "Reads, by name, under each PATH (default .): Dockerfiles and Containerfiles;\n"
     "Kubernetes manifests (YAML or JSON); compose files; docker and podman run\n"
     "lines in shell scripts, Makefiles and CI files; firewall rule sets (rules.v4,\n"
     "nftables.conf, *.nft; docs/firewall.md); lock and requirements files\n"
     "(package-lock.json, yarn.lock, requirements.txt, go.mod, Cargo.lock, ...;\n"
     "docs/packages.md), whose packages --list-packages and the SBOM formats list.\n"
     "A file named on the command line is read whatever its name; '-' reads\n"
     "standard input. See docs/cli.md.",
     cmd_scan_options, cmd_scan},
    {"fix", "Rewrite Dockerfiles to fix what the rules with an automatic fix report.",
     "[options] [PATH...]",
     "Scans like vakt scan (same files, configuration and suppressions) and prints a\n"
     "unified diff of the fixes (nothing changes) or, with --in-place, writes them.\n"
     "Kubernetes manifests and compose files have no automatic fixes yet. See docs/fix.md.",
     cmd_fix_options, cmd_fix},
    {"rules", "List the rules, or explain the rules named by ID (ids, slugs or peer ids).",
     "[options] [ID...]",
     "With --source FILE (repeatable), load Falco-syntax runtime rules files instead and\n"
     "list the rules that compiled, reporting what did not (exit 3). See docs/runtime.md.",
     cmd_rules_options, cmd_rules},
    {"netpol", "Which workloads can reach which, from NetworkPolicies and pod labels.",
     "[options] [PATH...]", NULL, cmd_netpol_options, cmd_netpol},
    {"image", "Audit an image archive, OCI layout or root filesystem; list packages, SBOM.",
     "[options] PATH[:TAG]",
     "PATH is a docker save or OCI archive, an OCI layout, a docker-dir, or a root\n"
     "filesystem (a directory or a tar); '-' reads an archive from standard input\n"
     "(docker save IMAGE | vakt image -). With --dockerfile FILE, findings and packages\n"
     "name the Dockerfile line whose layer brought them in. See docs/image.md.",
     cmd_image_options, cmd_image},
    {"db", "Manage the local vulnerability database (OSV): import, update, info.",
     "COMMAND [options]",
     "commands:\n"
     "  import PATH...   import OSV records: JSON files, directories, all.zip archives\n"
     "  update           download OSV's per-ecosystem archives and import them\n"
     "  info             what the database holds, and how old it is\n"
     "See 'vakt db COMMAND --help' and docs/vulnerabilities.md.",
     cmd_db_options, cmd_db},
    {"watch", "Alert on what running containers do: Falco-syntax rules over eBPF events.",
     "[options]",
     "Loads vakt's own rules, or Falco rules files with --rules FILE, and evaluates them\n"
     "on live syscall events from a CO-RE eBPF probe (root or CAP_BPF+CAP_PERFMON;\n"
     "--check says what a host lacks), or on a recording with --replay FILE. Alerts in\n"
     "Falco's text or JSON shape. See docs/runtime.md.",
     cmd_watch_options, cmd_watch},
    {"host", "Audit this machine: isolation, kernel, container engines, firewall.", "[options]",
     "Reads /proc, /sys and /etc, the container engines' configuration and sockets,\n"
     "and the live firewall (iptables-save, ip6tables-save, nft -j list ruleset, run\n"
     "with fixed arguments and a timeout); prints what each probe saw, then the\n"
     "findings. Runs as any user and says what it could not read. --root DIR audits a\n"
     "tree instead (a mounted host, a fixture). See docs/host.md.",
     cmd_host_options, cmd_host},
    {"serve", "Admission webhook: judge pods and workloads as the API server admits them.",
     "--tls-cert FILE --tls-key FILE [options]",
     "Answers admission.k8s.io/v1 AdmissionReview requests on POST /validate over\n"
     "HTTPS with the verdict of vakt scan: the Pod Security Standards level of each\n"
     "object's namespace (its pod-security.kubernetes.io/enforce label, learnt by\n"
     "watching Namespaces in a cluster) and the hardened profile. /healthz, /readyz,\n"
     "/metrics; JSON logs on standard error; SIGTERM drains. See docs/serve.md.",
     cmd_serve_options, cmd_serve},
    {"version", "Print the version.", "", NULL, no_options, cmd_version},
    {"help", "Show help for a command.", "[COMMAND]", NULL, no_options, cmd_help},
};

static void usage(FILE *f)
{
	fputs("usage: vakt [--version] [--help] COMMAND [ARGS]\n\n"
	      "vakt audits containers across their life: how they are built, deployed and run.\n\n"
	      "commands:\n",
	      f);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nexit codes: 0 clean, 1 findings at or above the threshold, 2 usage error,\n"
	      "3 an input could not be read or parsed, 4 environment.\n"
	      "See 'vakt help COMMAND' and docs/cli.md.\n",
	      f);
}

static const struct cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int cmd_help(const struct cli_command *cmd, int argc, char **argv)
{
	const struct cli_command *c;

	if (argc < 2) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	c = find_command(argv[1]);
	if (!c) {
		cli_error("unknown command '%s'", argv[1]);
		return CLI_EXIT_USAGE;
	}
	cli_print_help(c, stdout);
	return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
	const struct cli_command *c;

	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cmd_version(find_command("version"), argc - 1, argv + 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	c = find_command(argv[1]);
	if (!c) {
		cli_error("unknown command '%s' (see 'vakt --help')", argv[1]);
		return CLI_EXIT_USAGE;
	}
	return c->run(c, argc - 1, argv + 1);
}
