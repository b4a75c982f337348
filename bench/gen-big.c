/* SPDX-License-Identifier: MIT */
/*
 * Generate one deterministic large input for the memory benchmark of
 * `make bench` (BENCH_ONLY=memory):
 *   gen-big dockerfile FILE LINES       a Dockerfile of LINES instructions, few findings
 *   gen-big dockerfile-findings FILE LINES   the same, most lines a finding
 *   gen-big podlist FILE PODS           a `kind: List` of PODS small pods, no aliases
 *   gen-big helm FILE BYTES             a rendered Helm release as `helm template`
 *                                       writes it, at least BYTES long
 *   gen-big compose FILE SERVICES       a compose file of SERVICES services
 *   gen-big compose-quiet FILE SERVICES the same size, every service hardened
 * Same seed, same file on every machine.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_SEED 0x6a09e667f3bcc909ull
#include "gen-rand.h"

static const char *const images[] = {
    "registry.example.com/team/api:1.4.2",
    "nginx:1.25",
    "redis:latest",
    "postgres:16",
    "docker.io/library/busybox:1.36",
    "gcr.io/distroless/static-debian12:nonroot",
    "quay.io/prometheus/node-exporter:v1.7.0",
    "alpine",
};
static const char *const components[] = {"api",    "worker", "web",     "cache",
                                         "broker", "cron",   "metrics", "gateway"};

/*
 * Dockerfile lines, short and realistic: a million of them stay under the
 * 16 MiB file ceiling. The quiet mix draws few findings; the noisy mix is
 * mostly lines that each draw one or more.
 */
static const char *const df_quiet[] = {
    "ENV PORT=8080",      "COPY app /app",    "LABEL tier=web", "RUN make all",
    "WORKDIR /srv",       "ENV LANG=C.UTF-8", "COPY . /src",    "LABEL v=\"1.2\"",
    "RUN ./build.sh",     "ARG VERSION=1",    "EXPOSE 8080",    "RUN test -x /a",
    "COPY --chown=1 a b", "ENV TZ=UTC",       "RUN mkdir /out", "LABEL team=ops",
};
static const char *const df_noisy[] = {
    "RUN cd /tmp",      "RUN sudo make",      "ENV PASSWORD=x",  "ADD app.tgz /",
    "EXPOSE 22",        "MAINTAINER ops",     "RUN apt-get -y",  "RUN wget -q x",
    "ENV API_KEY=abc",  "RUN chmod 777 /a",   "COPY . .",        "RUN curl x | sh",
    "ADD http://x/a /", "RUN apt-get update", "RUN pip install", "RUN npm i a",
};

static void gen_dockerfile(FILE *f, unsigned long lines, bool noisy)
{
	fputs("FROM debian:bookworm-slim\n", f);
	for (unsigned long i = 1; i < lines; i++) {
		if (i % 50000 == 0) {
			fputs("FROM alpine:3.19 AS s\n", f);
			continue;
		}
		fputs(noisy ? PICK(df_noisy) : PICK(df_quiet), f);
		fputc('\n', f);
	}
}

/* Short image names, for the inputs whose size per unit is given. */
static const char *const short_images[] = {"nginx:1.25", "redis:7",     "alpine:3.19",
                                           "busybox",    "postgres:16", "app:2.1"};
/* The last line of a pod's container: 2 to 5 nodes. */
static const char *const pod_extras[] = {"      securityContext: {privileged: true}\n",
                                         "      ports: [{containerPort: 80}]\n",
                                         "      args: [--v=2]\n", "      tty: true\n"};

/* About 174 bytes and 23.5 nodes a pod: 90,000 pods make 15.7 MB. */
static void gen_podlist(FILE *f, unsigned long pods)
{
	fputs("apiVersion: v1\nkind: List\nitems:\n", f);
	for (unsigned long i = 0; i < pods; i++) {
		fprintf(f,
		        "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: web-%05lu\n"
		        "    namespace: team-%02u\n  spec:\n    containers:\n    - name: app\n"
		        "      image: %s\n",
		        i, rnd(40), PICK(short_images));
		fputs(PICK(pod_extras), f);
	}
}

/* The labels `helm template` puts on everything of the chart. */
static void helm_labels(FILE *f, int ind, const char *comp)
{
	fprintf(f,
	        "%*slabels:\n%*shelm.sh/chart: shop-4.2.1\n%*sapp.kubernetes.io/name: shop\n"
	        "%*sapp.kubernetes.io/instance: prod\n%*sapp.kubernetes.io/component: %s\n"
	        "%*sapp.kubernetes.io/version: \"4.2.1\"\n%*sapp.kubernetes.io/managed-by: Helm\n",
	        ind, "", ind + 2, "", ind + 2, "", ind + 2, "", ind + 2, "", comp, ind + 2, "",
	        ind + 2, "");
}

static void helm_meta(FILE *f, const char *src, const char *api, const char *kind, const char *name,
                      const char *comp)
{
	fprintf(f,
	        "---\n# Source: shop/templates/%s\napiVersion: %s\nkind: %s\nmetadata:\n"
	        "  name: %s\n  namespace: shop\n",
	        src, api, kind, name);
	helm_labels(f, 2, comp);
}

static void helm_deployment(FILE *f, const char *name, const char *comp, bool hardened)
{
	helm_meta(f, "deployment.yaml", "apps/v1", "Deployment", name, comp);
	fprintf(f,
	        "spec:\n  replicas: %u\n  revisionHistoryLimit: 10\n  selector:\n"
	        "    matchLabels:\n      app.kubernetes.io/name: shop\n"
	        "      app.kubernetes.io/instance: prod\n      app.kubernetes.io/component: %s\n"
	        "  template:\n    metadata:\n      annotations:\n"
	        "        checksum/config: %08x%08x%08x%08x\n",
	        1 + rnd(5), comp, rnd(1u << 31), rnd(1u << 31), rnd(1u << 31), rnd(1u << 31));
	helm_labels(f, 6, comp);
	fprintf(f, "    spec:\n      serviceAccountName: %s\n", name);
	if (hardened)
		fputs(
		    "      securityContext:\n        runAsNonRoot: true\n        runAsUser: 10001\n"
		    "        fsGroup: 10001\n        seccompProfile:\n          type: "
		    "RuntimeDefault\n",
		    f);
	else
		fputs("      securityContext: {}\n", f);
	fprintf(f,
	        "      containers:\n        - name: %s\n          image: \"%s\"\n"
	        "          imagePullPolicy: IfNotPresent\n          args:\n"
	        "            - --port=8080\n            - --log-format=json\n"
	        "          ports:\n            - name: http\n              containerPort: 8080\n"
	        "              protocol: TCP\n          env:\n            - name: LOG_LEVEL\n"
	        "              value: \"info\"\n            - name: DB_PASSWORD\n"
	        "              valueFrom:\n                secretKeyRef:\n"
	        "                  name: %s\n                  key: db-password\n"
	        "          envFrom:\n            - configMapRef:\n                name: %s\n",
	        comp, PICK(images), name, name);
	if (hardened)
		fputs("          securityContext:\n            allowPrivilegeEscalation: false\n"
		      "            readOnlyRootFilesystem: true\n            capabilities:\n"
		      "              drop:\n              - ALL\n",
		      f);
	else
		fputs("          securityContext:\n            privileged: false\n", f);
	fputs("          livenessProbe:\n            httpGet:\n              path: /healthz\n"
	      "              port: http\n          readinessProbe:\n            httpGet:\n"
	      "              path: /ready\n              port: http\n          resources:\n"
	      "            limits:\n              cpu: 500m\n              memory: 512Mi\n"
	      "            requests:\n              cpu: 100m\n              memory: 128Mi\n"
	      "          volumeMounts:\n            - name: tmp\n              mountPath: /tmp\n"
	      "      volumes:\n        - name: tmp\n          emptyDir: {}\n",
	      f);
}

static void helm_component(FILE *f, unsigned i)
{
	const char *comp = components[i % (sizeof(components) / sizeof(components[0]))];
	bool hardened = rnd(3) != 0;
	char name[64];

	snprintf(name, sizeof(name), "prod-shop-%s-%u", comp, i);
	helm_meta(f, "serviceaccount.yaml", "v1", "ServiceAccount", name, comp);
	fputs("automountServiceAccountToken: false\n", f);
	helm_meta(f, "secret.yaml", "v1", "Secret", name, comp);
	fprintf(f,
	        "type: Opaque\ndata:\n  db-password: \"%08x%08xYWJj\"\n  api-key: \"%08xZGVm\"\n",
	        rnd(1u << 31), rnd(1u << 31), rnd(1u << 31));
	helm_meta(f, "configmap.yaml", "v1", "ConfigMap", name, comp);
	fprintf(f,
	        "data:\n  LOG_LEVEL: \"info\"\n  REGION: \"eu-west-1\"\n  config.yaml: |\n"
	        "    server:\n      port: 8080\n      workers: %u\n    cache:\n"
	        "      ttl: %us\n",
	        1 + rnd(16), 30 * (1 + rnd(20)));
	helm_meta(f, "service.yaml", "v1", "Service", name, comp);
	fprintf(f,
	        "spec:\n  type: %s\n  ports:\n    - port: 80\n      targetPort: http\n"
	        "      protocol: TCP\n      name: http\n  selector:\n"
	        "    app.kubernetes.io/name: shop\n    app.kubernetes.io/instance: prod\n"
	        "    app.kubernetes.io/component: %s\n",
	        rnd(8) ? "ClusterIP" : "LoadBalancer", comp);
	helm_deployment(f, name, comp, hardened);
	if (rnd(2)) {
		helm_meta(f, "hpa.yaml", "autoscaling/v2", "HorizontalPodAutoscaler", name, comp);
		fprintf(
		    f,
		    "spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n"
		    "    name: %s\n  minReplicas: 2\n  maxReplicas: %u\n  metrics:\n"
		    "    - type: Resource\n      resource:\n        name: cpu\n        target:\n"
		    "          type: Utilization\n          averageUtilization: 80\n",
		    name, 4 + rnd(20));
	}
	if (rnd(3) == 0) {
		helm_meta(f, "networkpolicy.yaml", "networking.k8s.io/v1", "NetworkPolicy", name,
		          comp);
		fprintf(
		    f,
		    "spec:\n  podSelector:\n    matchLabels:\n"
		    "      app.kubernetes.io/component: %s\n  policyTypes:\n    - Ingress\n"
		    "  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n"
		    "              app.kubernetes.io/component: gateway\n      ports:\n"
		    "        - port: 8080\n",
		    comp);
	}
}

static void gen_helm(FILE *f, unsigned long bytes)
{
	helm_meta(f, "namespace.yaml", "v1", "Namespace", "shop", "shop");
	for (unsigned i = 0; (unsigned long)ftell(f) < bytes; i++)
		helm_component(f, i);
}

/*
 * About 155 bytes a service: 100,000 services make 15.1 MB. Quiet: every
 * service hardened (13 MB, few findings: memory without them).
 */
static void gen_compose(FILE *f, unsigned long services, bool quiet)
{
	fputs("name: big\nservices:\n", f);
	for (unsigned long s = 0; s < services; s++) {
		fprintf(f, "  s%lu:\n    image: %s\n", s, PICK(short_images));
		if (quiet) {
			fputs("    user: \"10001\"\n    read_only: true\n    cap_drop: [ALL]\n"
			      "    security_opt: [no-new-privileges:true]\n    tmpfs: [/tmp]\n",
			      f);
			continue;
		}
		switch (rnd(8)) {
		case 0:
			fputs("    privileged: true\n", f);
			break;
		case 1:
			fputs("    user: root\n", f);
			break;
		case 2:
			fputs("    cap_add: [NET_ADMIN]\n", f);
			break;
		case 3:
			fputs("    network_mode: host\n", f);
			break;
		default:
			fputs("    user: \"10001\"\n    read_only: true\n    cap_drop: [ALL]\n", f);
			break;
		}
		fprintf(f, "    ports: [\"%s%lu:80\"]\n", rnd(2) ? "127.0.0.1:" : "",
		        10000 + s % 50000);
		fputs("    environment:\n      LOG_LEVEL: info\n", f);
		if (rnd(4) == 0)
			fputs("      DB_PASSWORD: hunter2\n", f);
		if (s && rnd(4) == 0)
			fprintf(f, "    depends_on: [s%lu]\n", s - 1);
	}
}

int main(int argc, char **argv)
{
	unsigned long n;
	FILE *f;

	if (argc != 4) {
		fprintf(stderr,
		        "usage: gen-big dockerfile|dockerfile-findings|podlist|helm|compose "
		        "FILE COUNT\n");
		return 2;
	}
	n = strtoul(argv[3], NULL, 10);
	f = fopen(argv[2], "w");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	if (!strcmp(argv[1], "dockerfile"))
		gen_dockerfile(f, n, false);
	else if (!strcmp(argv[1], "dockerfile-findings"))
		gen_dockerfile(f, n, true);
	else if (!strcmp(argv[1], "podlist"))
		gen_podlist(f, n);
	else if (!strcmp(argv[1], "helm"))
		gen_helm(f, n);
	else if (!strcmp(argv[1], "compose"))
		gen_compose(f, n, false);
	else if (!strcmp(argv[1], "compose-quiet"))
		gen_compose(f, n, true);
	else {
		fprintf(stderr, "gen-big: unknown input '%s'\n", argv[1]);
		fclose(f);
		return 2;
	}
	if (fclose(f) != 0) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
