/* SPDX-License-Identifier: MIT */
/*
 * Generate one adversarial input for `make bench` (BENCH_ONLY=adversarial):
 *   gen-adversarial SHAPE N DIR
 * writes DIR/<file> (or DIR/k8s/NNN.yaml for the Kubernetes shapes): the
 * shapes that make a rule quadratic if it walks the rest of its input from
 * every element. N is the number of elements (pipeline stages, commands,
 * services, workloads...). `gen-adversarial list` prints the shapes. Same
 * seed, same input.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GEN_SEED 0x243f6a8885a308d3ull
#include "gen-rand.h"

/* Kubernetes objects per generated file (the scan reads a directory). */
#define K8S_PER_FILE 1000
/* Depth of each $( ) nest in df-subst (the tokenizer follows 8). */
#define SUBST_DEPTH 10

/* `RUN curl | curl | ... | cat`: the report of issue 9. */
static void df_pipe_curl(FILE *f, unsigned n)
{
	fputs("FROM alpine:3.19\nRUN ", f);
	for (unsigned i = 0; i + 1 < n; i++)
		fputs("curl | ", f);
	fputs("cat\n", f);
}

/* A pipeline mixing fetchers, tee, filters and interpreters. */
static void df_pipe_mix(FILE *f, unsigned n)
{
	static const char *const stages[] = {"curl -fsSL https://example.com/i.sh",
	                                     "wget -qO- https://example.com/x",
	                                     "tee /tmp/log",
	                                     "grep -v '^#'",
	                                     "sed s/a/b/",
	                                     "sh",
	                                     "bash -s -- --yes",
	                                     "python3",
	                                     "python3 -c 'print(1)'",
	                                     "cat",
	                                     "sudo tee -a /etc/x",
	                                     "xargs -n1 echo"};

	fputs("FROM debian:bookworm\nRUN ", f);
	for (unsigned i = 0; i + 1 < n; i++)
		fprintf(f, "%s |%s", PICK(stages), i % 8 == 7 ? " \\\n    " : " ");
	fputs("cat\n", f);
}

/* One RUN of n commands joined by && (apt, pip, cd, rm, export, chmod...). */
static void df_and_chain(FILE *f, unsigned n)
{
	static const char *const cmds[] = {"apt-get update",
	                                   "apt-get install -y curl=7.88 ca-certificates",
	                                   "apk add --no-cache git",
	                                   "pip install --no-cache-dir requests==2.31",
	                                   "cd /src",
	                                   "rm -rf /var/lib/apt/lists/*",
	                                   "export PATH=/opt/bin:$PATH",
	                                   "export PIP_NO_CACHE_DIR=1",
	                                   "chmod 0755 /usr/local/bin/app",
	                                   "useradd -u 10001 app",
	                                   "echo ok",
	                                   "curl -fsSLo /tmp/x https://example.com/x",
	                                   "wget -q https://example.com/y",
	                                   "mkdir -p /app",
	                                   "ln -s /bin/bash /bin/sh",
	                                   "yum install -y git",
	                                   "npm ci"};

	fputs("FROM debian:bookworm\nRUN ", f);
	for (unsigned i = 0; i + 1 < n; i++)
		fprintf(f, "%s &&%s", PICK(cmds), i % 4 == 3 ? " \\\n    " : " ");
	fputs("true\n", f);
}

/* n/SUBST_DEPTH nests of $( ) and backticks, each deeper than the tokenizer follows. */
static void df_subst(FILE *f, unsigned n)
{
	fputs("FROM alpine:3.19\nRUN ", f);
	for (unsigned g = 0; g < (n + SUBST_DEPTH - 1) / SUBST_DEPTH; g++) {
		for (unsigned d = 0; d < SUBST_DEPTH; d++)
			fputs(d == SUBST_DEPTH / 2 ? "echo `echo " : "echo \"$(", f);
		fputs("curl -s https://example.com/x", f);
		for (unsigned d = SUBST_DEPTH; d-- > 0;)
			fputs(d == SUBST_DEPTH / 2 ? "`" : ")\"", f);
		fputs(" && \\\n    ", f);
	}
	fputs("true\n", f);
}

/* One nest of $( ) n deep: the tokenizer stops following at its ceiling. */
static void df_subst_deep(FILE *f, unsigned n)
{
	fputs("FROM alpine:3.19\nRUN ", f);
	for (unsigned d = 0; d < n; d++)
		fputs("echo $(", f);
	fputs("id", f);
	for (unsigned d = 0; d < n; d++)
		fputc(')', f);
	fputc('\n', f);
}

/* n stages: FROM s(i-1) or COPY --from=s(i-1), so every stage ships or feeds the final one. */
static void df_stages(FILE *f, unsigned n)
{
	fputs("FROM debian:bookworm AS s0\nRUN apt-get update && apt-get install -y gcc\n", f);
	for (unsigned i = 1; i < n; i++) {
		if (i % 2)
			fprintf(f, "FROM s%u AS s%u\nRUN apt-get install -y curl\n", i - 1, i);
		else
			fprintf(f, "FROM alpine:3.19 AS s%u\nCOPY --from=s%u /a /a\n", i, i - 1);
	}
	fputs("USER 10001\nCMD [\"/a\"]\n", f);
}

/*
 * n ENV and ARG variables, each defined from earlier ones (values stay
 * short, so the expanded text is linear in n), then used.
 */
static void df_vars(FILE *f, unsigned n)
{
	fputs("ARG V0=base\nFROM alpine:3.19\nARG V0\n", f);
	for (unsigned i = 1; i < n; i++)
		fprintf(f, "%s V%u=${V%u:-x}\n", i % 3 ? "ENV" : "ARG", i, i % 4 ? i - 1 : i / 2);
	fprintf(f, "RUN echo $V%u && curl -k https://example.com/$V%u\n", n - 1, n / 2);
	fprintf(f, "WORKDIR /srv/$V%u\nUSER ${V%u}\n", n - 1, n - 2);
}

/* n instructions of every kind, half of them with an inline suppression. */
static void df_instrs(FILE *f, unsigned n)
{
	static const char *const lines[] = {"RUN apt-get install -y curl\n",
	                                    "RUN curl https://example.com/x | sh\n",
	                                    "RUN sudo make install\n",
	                                    "ENV API_TOKEN=abc123\n",
	                                    "EXPOSE 22\n",
	                                    "ADD https://example.com/a.tgz /a\n",
	                                    "RUN cd /x && chmod 777 /x\n",
	                                    "COPY . /app\n",
	                                    "WORKDIR app\n",
	                                    "USER root\n"};
	static const char *const ignores[] = {"DF042", "DF040", "DF041,DF051", "DF020"};

	fputs("FROM ubuntu:22.04\n", f);
	for (unsigned i = 1; i < n; i++) {
		if (i % 2)
			fprintf(f, "# vakt ignore=%s\n", PICK(ignores));
		fputs(PICK(lines), f);
	}
}

/* A compose file of n services, each depending on and linking to earlier ones. */
static void compose_services(FILE *f, unsigned n)
{
	static const char *const images[] = {"nginx:1.25", "redis:7", "postgres:16",
	                                     "busybox:latest", "node:20-alpine"};

	fputs("services:\n", f);
	for (unsigned i = 0; i < n; i++) {
		fprintf(f, "  s%u:\n    image: %s\n", i, PICK(images));
		if (i) {
			fprintf(f, "    depends_on: [s%u", i - 1);
			if (i > 1)
				fprintf(f, ", s%u", rnd(i - 1));
			fprintf(f, "]\n    links: [s%u]\n", i - 1);
		}
		fprintf(f, "    networks: [n%u, n%u]\n", i % 16, (i * 7) % 64);
		switch (rnd(4)) {
		case 0:
			fputs("    privileged: true\n", f);
			break;
		case 1:
			fprintf(f, "    ports: [\"%u:80\"]\n", 10000 + i % 50000);
			break;
		case 2:
			fputs("    environment:\n      DB_PASSWORD: hunter2\n", f);
			break;
		default:
			fputs("    user: \"10001\"\n    read_only: true\n    cap_drop: [ALL]\n", f);
			break;
		}
	}
	fputs("networks:\n", f);
	for (unsigned i = 0; i < 64; i++)
		fprintf(f, "  n%u: {}\n", i);
}

/* A shell script of n `docker run` lines, and one line of n options. */
static void runline_script(FILE *f, unsigned n)
{
	static const char *const opts[] = {"--privileged",
	                                   "-v /var/run/docker.sock:/var/run/docker.sock",
	                                   "--cap-add SYS_ADMIN",
	                                   "-p 8080:80",
	                                   "-e DB_PASSWORD=hunter2",
	                                   "--user 10001",
	                                   "--read-only",
	                                   "--network host",
	                                   "--security-opt no-new-privileges",
	                                   "-e LANG=C.UTF-8"};

	fputs("#!/bin/sh\nset -eu\n", f);
	for (unsigned i = 0; i < n / 2; i++)
		fprintf(f, "docker run --rm %s %s nginx:1.25\n", PICK(opts), PICK(opts));
	fputs("docker run", f);
	for (unsigned i = n / 2; i < n; i++)
		fprintf(f, " %s%s", PICK(opts), i % 8 == 7 ? " \\\n   " : "");
	fputs(" nginx:1.25 sh -c 'echo ok'\n", f);
}

/* Workload i; first of its namespace: with the namespace's ServiceAccount and Cilium policy. */
static void k8s_workload(FILE *f, const char *ns, unsigned i, bool first)
{
	if (first)
		fprintf(
		    f,
		    "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: %s}\n"
		    "---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n"
		    "metadata: {name: l7, namespace: %s}\nspec: {endpointSelector: {}}\n---\n",
		    ns, ns);
	fprintf(f,
	        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app%u\n"
	        "  namespace: %s\nspec:\n  selector:\n    matchLabels: {app: app%u}\n"
	        "  template:\n    metadata:\n      labels: {app: app%u, tier: t%u}\n"
	        "    spec:\n      serviceAccountName: app\n      containers:\n      - name: c\n"
	        "        image: nginx:1.25\n        ports: [{containerPort: 8080, name: http}]\n",
	        i, ns, i, i, i % 8);
}

/* A policy selecting app i, admitting app i-1 and tier t(i%8); first: a default deny. */
static void k8s_policy(FILE *f, const char *ns, unsigned i, bool first)
{
	fprintf(f,
	        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n"
	        "  name: pol%u\n  namespace: %s\nspec:\n",
	        i, ns);
	if (first) {
		fputs("  podSelector: {}\n  policyTypes: [Ingress, Egress]\n", f);
		return;
	}
	fprintf(
	    f,
	    "  podSelector:\n    matchLabels: {app: app%u}\n  ingress:\n  - from:\n"
	    "    - podSelector: {matchLabels: {app: app%u}}\n"
	    "    - podSelector: {matchExpressions: [{key: tier, operator: In, values: [t%u]}]}\n"
	    "    ports: [{port: http}]\n",
	    i, i ? i - 1 : 0, i % 8);
	if (i % 4 == 1)
		fputs("  egress:\n  - to:\n    - namespaceSelector: {}\n"
		      "    ports: [{port: 53, protocol: UDP}]\n",
		      f);
}

/*
 * n workloads and n policies in DIR/k8s, K8S_PER_FILE of them a file: in one
 * namespace, or (many) in n/10 namespaces of ten workloads each; every
 * namespace also has a ServiceAccount its workloads name and a policy of
 * another engine (Cilium), which the rules look up per namespace.
 */
static int k8s(const char *dir, unsigned n, bool many)
{
	char path[4096], ns[64] = "team";
	FILE *f = NULL;

	snprintf(path, sizeof(path), "%s/k8s", dir);
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		perror(path);
		return 1;
	}
	for (unsigned i = 0; i < 2 * n; i++) {
		unsigned w = i / 2;

		if (i % K8S_PER_FILE == 0) {
			if (f && fclose(f) != 0)
				return 1;
			snprintf(path, sizeof(path), "%s/k8s/%04u.yaml", dir, i / K8S_PER_FILE);
			f = fopen(path, "w");
			if (!f) {
				perror(path);
				return 1;
			}
		} else {
			fputs("---\n", f);
		}
		if (many)
			snprintf(ns, sizeof(ns), "team%u", w / 10);
		if (i % 2)
			k8s_policy(f, ns, w, many ? w % 10 == 0 : w == 0);
		else
			k8s_workload(f, ns, w, many ? w % 10 == 0 : w == 0);
	}
	return f && fclose(f) != 0;
}

struct shape {
	const char *name;
	const char *file;
	void (*gen)(FILE *f, unsigned n);
};

static const struct shape shapes[] = {
    {"df-pipe-curl", "Dockerfile", df_pipe_curl},
    {"df-pipe-mix", "Dockerfile", df_pipe_mix},
    {"df-and-chain", "Dockerfile", df_and_chain},
    {"df-subst", "Dockerfile", df_subst},
    {"df-subst-deep", "Dockerfile", df_subst_deep},
    {"df-stages", "Dockerfile", df_stages},
    {"df-vars", "Dockerfile", df_vars},
    {"df-instrs", "Dockerfile", df_instrs},
    {"compose-services", "compose.yaml", compose_services},
    {"runline-script", "deploy.sh", runline_script},
    {"k8s-one-ns", NULL, NULL},
    {"k8s-many-ns", NULL, NULL},
};

int main(int argc, char **argv)
{
	char path[4096];
	unsigned n;
	FILE *f;

	if (argc == 2 && !strcmp(argv[1], "list")) {
		for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
			puts(shapes[i].name);
		return 0;
	}
	if (argc != 4 || (n = (unsigned)strtoul(argv[2], NULL, 10)) < 2) {
		fprintf(stderr, "usage: gen-adversarial SHAPE N DIR (N >= 2) | list\n");
		return 2;
	}
	if (mkdir(argv[3], 0755) < 0 && errno != EEXIST) {
		perror(argv[3]);
		return 1;
	}
	if (!strcmp(argv[1], "k8s-one-ns") || !strcmp(argv[1], "k8s-many-ns"))
		return k8s(argv[3], n, !strcmp(argv[1], "k8s-many-ns"));
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		if (strcmp(argv[1], shapes[i].name) || !shapes[i].gen)
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[3], shapes[i].file);
		f = fopen(path, "w");
		if (!f) {
			perror(path);
			return 1;
		}
		shapes[i].gen(f, n);
		if (fclose(f) != 0) {
			perror(path);
			return 1;
		}
		return 0;
	}
	fprintf(stderr, "gen-adversarial: unknown shape '%s'\n", argv[1]);
	return 2;
}
