/* SPDX-License-Identifier: MIT */
/*
 * Generate a deterministic corpus of varied Dockerfiles for `make bench`:
 *   gen-dockerfiles DIR COUNT
 * Files go to DIR/NNNN/Dockerfile (100 per directory), mixing single- and
 * multi-stage builds, package installs, heredocs, continuations, exec and
 * shell forms, secrets and clean files. Same seed, same corpus.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GEN_SEED 0x9e3779b97f4a7c15ull
#include "gen-rand.h"

static const char *const bases[] = {
    "node:20-alpine",
    "node:latest",
    "python:3.12-slim",
    "python:3.12",
    "golang:1.22",
    "ubuntu:22.04",
    "debian:bookworm-slim",
    "alpine:3.19",
    "nginx",
    "ngnix:1.25",
    "gcr.io/distroless/static-debian12:nonroot",
    "eclipse-temurin:21-jre",
    "maven:3.9-eclipse-temurin-21",
    "redis:7",
    "postgres:16",
    "rust:1.77",
    "registry.example.com/team/base:2.1",
    "centos:7",
    "fedora:39",
    "alpine@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b"};
static const char *const apt_pkgs[] = {
    "curl",      "wget",           "ca-certificates", "git", "make", "gcc",
    "libpq-dev", "netcat-openbsd", "openssh-client",  "vim", "jq",   "unzip",
    "tzdata",    "sudo",           "python3-pip"};
static const char *const apk_pkgs[] = {"curl",    "bash",    "ca-certificates", "git",  "tini",
                                       "su-exec", "openssl", "busybox-extras",  "socat"};
static const char *const users[] = {"10001",  "app",       "root", "0:0",
                                    "nobody", "1000:1000", "node", "appuser"};
static const char *const envs[] = {"NODE_ENV=production",  "PORT=8080",
                                   "DB_PASSWORD=changeme", "API_TOKEN=abc123",
                                   "LANG=C.UTF-8",         "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
                                   "PATH=/app/bin:$PATH",  "PYTHONUNBUFFERED=1"};

static void gen_run(FILE *f)
{
	switch (rnd(9)) {
	case 0:
	case 1: {
		int n = 1 + (int)rnd(5);

		fputs("RUN apt-get update && \\\n    apt-get install -y", f);
		if (rnd(2))
			fputs(" --no-install-recommends", f);
		for (int i = 0; i < n; i++)
			fprintf(f, " \\\n        %s", PICK(apt_pkgs));
		if (rnd(2))
			fputs(" && \\\n    rm -rf /var/lib/apt/lists/*", f);
		fputc('\n', f);
		break;
	}
	case 2: {
		int n = 1 + (int)rnd(4);

		fprintf(f, "RUN apk add%s", rnd(2) ? " --no-cache" : "");
		for (int i = 0; i < n; i++)
			fprintf(f, " %s", PICK(apk_pkgs));
		fputc('\n', f);
		break;
	}
	case 3:
		fputs(
		    "RUN pip install --no-cache-dir -r requirements.txt && pip install gunicorn\n",
		    f);
		break;
	case 4:
		fputs("RUN curl -fsSL https://example.com/install.sh | sh\n", f);
		break;
	case 5:
		fputs("RUN <<EOF\nset -eux\nmkdir -p /app/data\nchown -R 10001:10001 /app\n"
		      "if [ -f /app/setup.sh ]; then sh /app/setup.sh; fi\nEOF\n",
		      f);
		break;
	case 6:
		fputs("RUN [\"/bin/sh\", \"-c\", \"echo building && make -j2 all\"]\n", f);
		break;
	case 7:
		fputs("RUN cd /app && chmod 777 /app/tmp && npm ci --omit=dev\n", f);
		break;
	default:
		fputs("RUN --mount=type=cache,target=/root/.cache/go-build \\\n"
		      "    CGO_ENABLED=0 go build -ldflags=\"-w -s\" -o /out/app ./cmd/app\n",
		      f);
		break;
	}
}

static void gen_file(FILE *f, unsigned i)
{
	int stages = 1 + (int)rnd(3);

	fprintf(f, "# syntax=docker/dockerfile:1\n# service %u\n", i);
	if (rnd(4) == 0)
		fputs("ARG BASE=debian:bookworm-slim\n", f);
	for (int s = 0; s < stages; s++) {
		bool last = s == stages - 1;
		int runs = 1 + (int)rnd(4);

		if (last && stages > 1 && rnd(2))
			fputs("FROM gcr.io/distroless/base-debian12\n", f);
		else
			fprintf(f, "FROM %s%s\n", PICK(bases), last ? "" : " AS build");
		if (!last && s > 0)
			fprintf(f, "RUN echo stage %d\n", s);
		if (rnd(3) == 0)
			fputs("LABEL org.opencontainers.image.source=\"https://example.com/repo\" "
			      "maintainer=\"ops@example.com\"\n",
			      f);
		fprintf(f, "WORKDIR %s\n", rnd(8) ? "/app" : "app");
		if (rnd(2))
			fprintf(f, "ENV %s\n", PICK(envs));
		if (!last || rnd(2)) {
			fputs("COPY package.json requirements.txt ./\n", f);
			for (int r = 0; r < runs; r++)
				gen_run(f);
			fputs("COPY . .\n", f);
		} else {
			fputs("COPY --from=build /out/app /app/app\n", f);
		}
		if (last) {
			if (rnd(3))
				fprintf(f, "USER %s\n", PICK(users));
			if (rnd(4) == 0)
				fputs("EXPOSE 22 8080\n", f);
			else
				fputs("EXPOSE 8080\n", f);
			if (rnd(3) == 0)
				fputs(
				    "HEALTHCHECK --interval=30s CMD [\"/app/app\", \"-health\"]\n",
				    f);
			if (rnd(2))
				fputs("ENTRYPOINT [\"/app/app\"]\n", f);
			else
				fputs("CMD node server.js --port 8080\n", f);
		}
	}
}

int main(int argc, char **argv)
{
	char path[4096];
	unsigned count;

	if (argc != 3) {
		fprintf(stderr, "usage: gen-dockerfiles DIR COUNT\n");
		return 2;
	}
	count = (unsigned)strtoul(argv[2], NULL, 10);
	if (mkdir(argv[1], 0755) < 0 && errno != EEXIST) {
		perror(argv[1]);
		return 1;
	}
	for (unsigned i = 0; i < count; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%04u", argv[1], i / 100);
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			perror(path);
			return 1;
		}
		/* Vary the names the discovery must recognise. */
		if (i % 10 == 0) {
			snprintf(path, sizeof(path), "%s/%04u/svc%u", argv[1], i / 100, i);
			if (mkdir(path, 0755) < 0 && errno != EEXIST) {
				perror(path);
				return 1;
			}
			snprintf(path, sizeof(path), "%s/%04u/svc%u/Dockerfile", argv[1], i / 100,
			         i);
		} else {
			snprintf(path, sizeof(path), "%s/%04u/svc%u.Dockerfile", argv[1], i / 100,
			         i);
		}
		f = fopen(path, "w");
		if (!f) {
			perror(path);
			return 1;
		}
		gen_file(f, i);
		if (fclose(f) != 0) {
			perror(path);
			return 1;
		}
	}
	return 0;
}
