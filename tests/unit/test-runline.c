/* SPDX-License-Identifier: MIT */
/*
 * docker/podman run command lines: the CLI flag grammar, where the text
 * comes from (shell scripts, Makefiles, GitHub Actions, GitLab CI) with its
 * positions, the rules end to end through the runline domain, inline
 * suppressions and the ceilings.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "core/config.h"
#include "core/scan.h"
#include "core/util.h"
#include "runline/runline.h"

/* --- helpers ----------------------------------------------------------------------- */

/* Parse the first command of s; returns whether it runs a container (c then filled). */
static bool parse(const char *s, struct ctr_settings *c)
{
	struct shell_script sc = {0};
	bool yes;

	(void)shell_parse_str(s, &sc);
	assert_true(sc.n >= 1);
	yes = runline_parse_cmd(&sc.cmds[0], NULL, c);
	shell_script_release(&sc);
	return yes;
}

static void scan(const char *name, const char *text, struct vakt_scan_result *res)
{
	struct vakt_config *cfg = vakt_config_new();
	struct vakt_scan_opts o;

	vakt_scan_opts_init(&o, cfg);
	memset(res, 0, sizeof(*res));
	vakt_scan_source(&runline_domain, vakt_source_from_mem(name, text, strlen(text)), &o, res);
	vakt_config_free(cfg);
}

/* "line:object" of each unsuppressed finding of rule id, joined by ' '. Caller frees. */
static char *where_of(const struct vakt_scan_result *res, const char *id)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < res->findings.n; i++) {
		const struct vakt_finding *f = &res->findings.v[i];

		if (strcmp(f->rule->id, id) || f->suppressed)
			continue;
		vakt_buf_addf(&b, "%s%d:%d:%s", b.len ? " " : "", f->loc.line, f->loc.column,
		              f->loc.object ? f->loc.object : "-");
	}
	return vakt_buf_detach(&b);
}

static void expect_where(const char *name, const char *text, const char *id, const char *want)
{
	struct vakt_scan_result res;
	char *got;

	scan(name, text, &res);
	got = where_of(&res, id);
	if (strcmp(got, want))
		print_error("%s in %s: got [%s], want [%s]\n", id, name, got, want);
	assert_string_equal(got, want);
	free(got);
	vakt_scan_result_release(&res);
}

/* --- recognition --------------------------------------------------------------------- */

static void test_kind(void **state)
{
	static const char gha[] = "name: ci\non: [push]\njobs:\n  a:\n    runs-on: x\n";
	static const char gitlab[] = "stages: [test]\nt:\n  script:\n    - make\n";
	static const char kube[] = "apiVersion: v1\nkind: ConfigMap\ndata:\n  script: |\n    x\n";

	(void)state;
	assert_int_equal(runline_kind_by_name(".github/workflows/ci.yml", "ci.yml"),
	                 RUNLINE_GITHUB);
	assert_int_equal(runline_kind_by_name("repo/.github/workflows/a.yaml", "a.yaml"),
	                 RUNLINE_GITHUB);
	assert_int_equal(runline_kind_by_name("repo/.github/ci.yml", "ci.yml"), RUNLINE_NONE);
	assert_int_equal(runline_kind_by_name("x/.gitlab-ci.yml", ".gitlab-ci.yml"),
	                 RUNLINE_GITLAB);
	assert_int_equal(runline_kind_by_name("ci/build.gitlab-ci.yml", "build.gitlab-ci.yml"),
	                 RUNLINE_GITLAB);
	assert_int_equal(runline_kind_by_name("Makefile", "Makefile"), RUNLINE_MAKE);
	assert_int_equal(runline_kind_by_name("x/rules.mk", "rules.mk"), RUNLINE_MAKE);
	assert_int_equal(runline_kind_by_name("deploy.sh", "deploy.sh"), RUNLINE_SHELL);
	assert_int_equal(runline_kind_by_name("x.bash", "x.bash"), RUNLINE_SHELL);
	assert_int_equal(runline_kind_by_name("x.py", "x.py"), RUNLINE_NONE);

	assert_int_equal(runline_kind_by_content("#!/bin/sh\n", 10), RUNLINE_SHELL);
	assert_int_equal(runline_kind_by_content("#!/usr/bin/env bash\n", 20), RUNLINE_SHELL);
	assert_int_equal(runline_kind_by_content("#!/usr/bin/env -S bash -e\n", 26), RUNLINE_SHELL);
	assert_int_equal(runline_kind_by_content("#!/usr/bin/python3\n", 19), RUNLINE_NONE);
	assert_int_equal(runline_kind_by_content("#!/usr/bin/env python3\n", 23), RUNLINE_NONE);
	assert_int_equal(runline_kind_by_content(gha, strlen(gha)), RUNLINE_GITHUB);
	assert_int_equal(runline_kind_by_content(gitlab, strlen(gitlab)), RUNLINE_GITLAB);
	assert_int_equal(runline_kind_by_content(kube, strlen(kube)), RUNLINE_NONE);
}

/* --- the flag grammar ----------------------------------------------------------------- */

static void test_flags_seed_example(void **state)
{
	struct ctr_settings c;

	(void)state;
	/* The 2020 article's command. */
	assert_true(parse("docker run --cap-drop=ALL --cap-add=NET_BIND_SERVICE --user 1001 "
	                  "my-app:latest",
	                  &c));
	assert_string_equal(c.image.text, "my-app:latest");
	assert_string_equal(c.user.text, "1001");
	assert_int_equal(c.cap_drop.n, 1);
	assert_string_equal(c.cap_drop.v[0].text, "ALL");
	assert_string_equal(c.cap_add.v[0].text, "NET_BIND_SERVICE");
	assert_string_equal(c.object, "docker-run");
	assert_string_equal(c.label, "docker run");
	assert_false(c.partial);
	ctr_settings_release(&c);
}

static void test_flags_combined_short(void **state)
{
	struct ctr_settings c;

	(void)state;
	assert_true(parse("docker run -dit -p 8080:80 --name web nginx:1.27 sh -c 'sleep 1'", &c));
	assert_string_equal(c.image.text, "nginx:1.27");
	assert_int_equal(c.n_ports, 1);
	assert_int_equal(c.ports[0].host_lo, 8080);
	assert_string_equal(c.object, "docker-run/web");
	assert_string_equal(c.label, "docker run --name web");
	ctr_settings_release(&c);

	assert_true(parse("docker run -itp80:80 -uroot -eA=b -P nginx", &c));
	assert_int_equal(c.n_ports, 1);
	assert_int_equal(c.ports[0].ctr_lo, 80);
	assert_string_equal(c.user.text, "root");
	assert_string_equal(c.env[0].name, "A");
	assert_true(c.publish_all.on);
	assert_string_equal(c.image.text, "nginx");
	ctr_settings_release(&c);

	assert_true(parse("docker run -itp 5432:5432 -p=6379:6379 postgres:16", &c));
	assert_int_equal(c.n_ports, 2);
	assert_int_equal(c.ports[1].ctr_lo, 6379);
	assert_string_equal(c.image.text, "postgres:16");
	ctr_settings_release(&c);
}

static void test_flags_booleans_and_values(void **state)
{
	struct ctr_settings c;

	(void)state;
	assert_true(parse("docker run --rm --init --privileged=false --read-only --tmpfs "
	                  "/tmp:rw,size=64m --entrypoint sh alpine:3 -c 'x'",
	                  &c));
	assert_string_equal(c.image.text, "alpine:3");
	assert_true(c.privileged.set);
	assert_false(c.privileged.on);
	assert_true(c.read_only.on);
	assert_int_equal(c.n_mounts, 1);
	assert_true(c.mounts[0].tmpfs);
	assert_string_equal(c.mounts[0].target, "/tmp");
	ctr_settings_release(&c);

	/* An unknown long flag is a boolean; -- ends the options. */
	assert_true(parse("docker run --some-new-flag -- alpine:3", &c));
	assert_string_equal(c.image.text, "alpine:3");
	ctr_settings_release(&c);

	assert_true(parse("docker run --net=host --pid host --ipc=host --userns=host "
	                  "--security-opt seccomp=unconfined alpine:3",
	                  &c));
	assert_string_equal(c.network.text, "host");
	assert_string_equal(c.pid.text, "host");
	assert_string_equal(c.ipc.text, "host");
	assert_string_equal(c.userns.text, "host");
	assert_string_equal(c.security_opt.v[0].text, "seccomp=unconfined");
	ctr_settings_release(&c);
}

static void test_flags_mounts_and_env(void **state)
{
	struct ctr_settings c;

	(void)state;
	assert_true(parse("docker run -v /var/run/docker.sock:/var/run/docker.sock:ro "
	                  "--mount type=bind,source=/,target=/host --volume data:/data "
	                  "-e DB_PASSWORD=hunter2 -e 'TOKEN=$X' -e \"URL=$DB_URL\" -e PASS "
	                  "--env=A=b alpine:3",
	                  &c));
	assert_int_equal(c.n_mounts, 3);
	assert_true(c.mounts[0].host_path && c.mounts[0].read_only);
	assert_true(c.mounts[1].host_path);
	assert_string_equal(c.mounts[1].source, "/");
	assert_false(c.mounts[2].host_path);
	assert_int_equal(c.n_env, 5);
	assert_string_equal(c.env[0].literal, "hunter2");
	assert_false(c.env[0].dynamic);
	assert_string_equal(c.env[1].literal, "$X"); /* single quotes: no expansion */
	assert_false(c.env[1].dynamic);
	assert_string_equal(c.env[2].literal, "");
	assert_true(c.env[2].dynamic);
	assert_null(c.env[3].raw);
	assert_string_equal(c.env[4].name, "A");
	assert_string_equal(c.env[4].literal, "b");
	ctr_settings_release(&c);
}

static void test_flags_programs(void **state)
{
	struct ctr_settings c;

	(void)state;
	assert_true(
	    parse("sudo docker -H tcp://x:2375 --tlsverify container run -u0 alpine:3", &c));
	assert_string_equal(c.user.text, "0");
	assert_string_equal(c.image.text, "alpine:3");
	ctr_settings_release(&c);

	assert_true(parse("podman run --security-opt=no-new-privileges --cap-drop all,net_raw "
	                  "alpine:3",
	                  &c));
	assert_int_equal(c.cap_drop.n, 2);
	assert_string_equal(c.object, "podman-run");
	ctr_settings_release(&c);

	assert_true(parse("/usr/local/bin/nerdctl --namespace k8s.io create nginx:1", &c));
	assert_string_equal(c.object, "nerdctl-create");
	assert_string_equal(c.image.text, "nginx:1");
	ctr_settings_release(&c);

	assert_false(parse("docker build -t x .", &c));
	assert_false(parse("docker compose run web", &c));
	assert_false(parse("docker ps", &c));
	assert_false(parse("echo docker run --privileged x", &c));
	assert_false(parse("docker", &c));
	assert_false(parse("docker --config", &c));
}

/* The names each command of s gives to images, as the set then knows them. */
static void note(const char *s, struct ctr_local_images *set)
{
	struct shell_script sc = {0};

	(void)shell_parse_str(s, &sc);
	for (size_t i = 0; i < sc.n; i++)
		runline_note_builds(&sc.cmds[i], set);
	shell_script_release(&sc);
}

static void test_builds_noted(void **state)
{
	struct ctr_local_images set = {NULL, 0, 0};

	(void)state;
	note("docker build -t billing -f Dockerfile.dev .\n"
	     "docker -H unix:///x.sock buildx build --load --tag acme/e2e .\n"
	     "docker buildx --builder ci build --tag=ghcr.io/acme/api:dev .\n"
	     "podman build -tlocalhost/tools .\n"
	     "buildah bud -t docs-builder docs/\n"
	     "sudo docker image build -t=img-a .\n"
	     "docker tag billing registry.example.com/billing:1.4.0\n"
	     "podman tag tools first second:2\n"
	     "docker build -t \"$IMAGE\" .\n"
	     "docker run -t not-built sh\n"
	     "docker build --target test .\n",
	     &set);
	assert_true(ctr_local_images_has(&set, "billing"));
	assert_true(ctr_local_images_has(&set, "billing:latest"));
	assert_true(ctr_local_images_has(&set, "docker.io/library/billing:dev"));
	assert_true(ctr_local_images_has(&set, "acme/e2e"));
	assert_true(ctr_local_images_has(&set, "ghcr.io/acme/api"));
	assert_true(ctr_local_images_has(&set, "localhost/tools"));
	assert_true(ctr_local_images_has(&set, "docs-builder"));
	assert_true(ctr_local_images_has(&set, "img-a"));
	assert_true(ctr_local_images_has(&set, "registry.example.com/billing"));
	assert_true(ctr_local_images_has(&set, "first"));
	assert_true(ctr_local_images_has(&set, "second"));
	/* A tag's source, a run's image, an expansion and an untagged build name nothing. */
	assert_false(ctr_local_images_has(&set, "tools"));
	assert_false(ctr_local_images_has(&set, "not-built"));
	assert_false(ctr_local_images_has(&set, "$IMAGE"));
	assert_false(ctr_local_images_has(&set, "test"));
	assert_false(ctr_local_images_has(&set, "acme/billing"));
	assert_int_equal(set.n, 9);
	ctr_local_images_release(&set);
	assert_false(ctr_local_images_has(&set, "billing"));
	assert_false(ctr_local_images_has(NULL, "billing"));

	/* Many names: the table grows and keeps each once. */
	for (int i = 0; i < 1000; i++) {
		char name[32];

		snprintf(name, sizeof(name), "img%d:%d", i, i % 3);
		ctr_local_images_add(&set, name);
		ctr_local_images_add(&set, name);
	}
	assert_int_equal(set.n, 1000);
	assert_true(ctr_local_images_has(&set, "img999"));
	assert_false(ctr_local_images_has(&set, "img1000"));
	ctr_local_images_release(&set);
}

static void test_flags_expansions(void **state)
{
	struct ctr_settings c;

	(void)state;
	assert_true(parse("docker run $DOCKER_OPTS \"$IMAGE\" serve", &c));
	assert_true(c.partial);
	assert_string_equal(c.image.text, "$IMAGE");
	assert_true(c.image.dynamic);
	ctr_settings_release(&c);

	assert_true(parse("docker run \"$@\" ${RUN_ARGS} $TARGET", &c));
	assert_true(c.partial);
	assert_string_equal(c.image.text, "$TARGET");
	ctr_settings_release(&c);

	assert_true(parse("docker run --rm ${TARGET_IMAGE}", &c));
	assert_false(c.partial);
	assert_string_equal(c.image.text, "${TARGET_IMAGE}");
	ctr_settings_release(&c);

	assert_true(parse("docker run -u \"$(id -u)\" -v \"$PWD\":/src alpine:3", &c));
	assert_true(c.user.dynamic);
	assert_true(c.mounts[0].dynamic);
	ctr_settings_release(&c);
}

static void test_flags_positions(void **state)
{
	struct ctr_settings c;

	(void)state;
	{
		struct shell_script sc = {0};

		(void)shell_parse_str("# deploy\ndocker run \\\n  --privileged \\\n"
		                      "  -p 5432:5432 \\\n  postgres:16\n",
		                      &sc);
		assert_int_equal(sc.n, 1);
		assert_true(runline_parse_cmd(&sc.cmds[0], "ci", &c));
		assert_int_equal(c.privileged.span.line, 3);
		assert_int_equal(c.privileged.span.column, 3);
		assert_int_equal(c.ports[0].span.line, 4);
		assert_int_equal(c.image.span.line, 5);
		assert_int_equal(c.where.line, 2);
		assert_int_equal(c.where.end_line, 5);
		assert_string_equal(c.object, "ci/docker-run");
		ctr_settings_release(&c);
		shell_script_release(&sc);
	}
}

/* --- text sources ------------------------------------------------------------------------ */

static void test_yaml_text_positions(void **state)
{
	static const char yaml[] = "steps:\n"                              /* 1 */
	                           "  - run: |\n"                          /* 2 */
	                           "      echo hi\n"                       /* 3 */
	                           "      docker run \\\n"                 /* 4 */
	                           "        --privileged x\n"              /* 5 */
	                           "  - run: docker run y\n"               /* 6 */
	                           "  - run: >-\n"                         /* 7 */
	                           "      docker run\n"                    /* 8 */
	                           "      --pid=host z\n"                  /* 9 */
	                           "  - run: \"docker\\trun \\\"q\\\"\"\n" /* 10 */
	                           "  - run: 'it''s docker'\n";            /* 11 */
	struct vakt_source *src = vakt_source_from_mem("w.yml", yaml, strlen(yaml));
	struct vakt_yaml_stream *ys = NULL;
	struct vakt_error *err = NULL;
	const struct vakt_yaml_node *steps;
	struct shell_text t;
	int line, col;
	size_t off;

	(void)state;
	assert_int_equal(vakt_yaml_parse("w.yml", yaml, strlen(yaml), &ys, &err), 0);
	steps = vakt_yaml_get(ys->docs[0].root, "steps");

	runline_yaml_text(src, vakt_yaml_get(steps->items[0], "run"), &t);
	off = (size_t)(strstr(t.s, "--privileged") - t.s);
	shell_text_pos(&t, off, &line, &col);
	assert_int_equal(line, 5);
	assert_int_equal(col, 9);
	shell_text_pos(&t, 0, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 7);
	shell_text_release(&t);

	runline_yaml_text(src, vakt_yaml_get(steps->items[1], "run"), &t);
	shell_text_pos(&t, 0, &line, &col);
	assert_int_equal(line, 6);
	assert_int_equal(col, 10);
	shell_text_release(&t);

	runline_yaml_text(src, vakt_yaml_get(steps->items[2], "run"), &t);
	off = (size_t)(strstr(t.s, "--pid") - t.s);
	shell_text_pos(&t, off, &line, &col);
	assert_int_equal(line, 9);
	assert_int_equal(col, 7);
	shell_text_release(&t);

	/* An escape loses the alignment: the rest stays at the last aligned byte. */
	runline_yaml_text(src, vakt_yaml_get(steps->items[3], "run"), &t);
	shell_text_pos(&t, 0, &line, &col);
	assert_int_equal(line, 10);
	assert_int_equal(col, 11);
	shell_text_pos(&t, t.len - 1, &line, &col);
	assert_int_equal(line, 10);
	shell_text_release(&t);

	runline_yaml_text(src, vakt_yaml_get(steps->items[4], "run"), &t);
	assert_string_equal(t.s, "it's docker");
	off = (size_t)(strstr(t.s, "docker") - t.s);
	shell_text_pos(&t, off, &line, &col);
	assert_int_equal(line, 11);
	assert_int_equal(col, 17);
	shell_text_release(&t);

	vakt_yaml_free(ys);
	vakt_source_free(src);
}

static void test_make_recipes(void **state)
{
	static const char mk[] = "DOCKER ?= docker\n"                 /* 1 */
	                         "IMAGE := acme/api:$(VERSION)\n"     /* 2 */
	                         "VERSION = 1.2\n"                    /* 3 */
	                         "FLAGS = --rm\n"                     /* 4 */
	                         "FLAGS += --privileged\n"            /* 5 */
	                         "\n"                                 /* 6 */
	                         "run:\n"                             /* 7 */
	                         "\t@$(DOCKER) run $(FLAGS) \\\n"     /* 8 */
	                         "\t  -p 5432:5432 \\\n"              /* 9 */
	                         "\t  $(IMAGE) sh -c 'echo $$HOME'\n" /* 10 */
	                         "\t-echo done\n";                    /* 11 */
	struct vakt_source *src = vakt_source_from_mem("Makefile", mk, strlen(mk));
	struct runline_recipes rs = {NULL, 0, 0};
	struct shell_script sc = {0};
	struct ctr_settings c;
	int line, col;

	(void)state;
	runline_make_recipes(src, &rs);
	assert_int_equal(rs.n, 2);
	assert_string_equal(rs.v[0].text.s, "docker run --rm --privileged \\\n  -p 5432:5432 \\\n"
	                                    "  acme/api:1.2 sh -c 'echo $HOME'");
	assert_string_equal(rs.v[1].text.s, "echo done");
	shell_text_pos(&rs.v[1].text, 0, &line, &col);
	assert_int_equal(line, 11);
	assert_int_equal(col, 3);
	assert_int_equal(shell_parse(&rs.v[0].text, &sc), 0);
	assert_true(runline_parse_cmd(&sc.cmds[0], NULL, &c));
	assert_true(c.privileged.on);
	assert_int_equal(c.privileged.span.line, 8); /* where $(FLAGS) is written */
	assert_int_equal(c.ports[0].span.line, 9);
	assert_int_equal(c.ports[0].span.column, 4);
	assert_string_equal(c.image.text, "acme/api:1.2");
	ctr_settings_release(&c);
	shell_script_release(&sc);
	runline_recipes_release(&rs);
	vakt_source_free(src);
}

static void test_make_ceilings(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct vakt_source *src;
	struct runline_recipes rs = {NULL, 0, 0};

	(void)state;
	/* More variables than remembered: the last ones are not substituted. */
	for (int i = 0; i < RUNLINE_MAX_MAKE_VARS + 1; i++)
		vakt_buf_addf(&b, "V%d = x\n", i);
	vakt_buf_addf(&b, "t:\n\techo $(V0) $(V%d)\n", RUNLINE_MAX_MAKE_VARS);
	/* A value longer than substituted. */
	vakt_buf_adds(&b, "LONG = ");
	for (unsigned i = 0; i < RUNLINE_MAX_MAKE_VALUE + 1; i++)
		vakt_buf_addc(&b, 'a');
	vakt_buf_adds(&b, "\n\techo $(LONG)\n");
	src = vakt_source_from_mem("Makefile", b.data, b.len);
	runline_make_recipes(src, &rs);
	assert_int_equal(rs.n, 2);
	{
		char *want = vakt_xasprintf("echo x $(V%d)", RUNLINE_MAX_MAKE_VARS);

		assert_string_equal(rs.v[0].text.s, want);
		free(want);
	}
	assert_string_equal(rs.v[1].text.s, "echo $(LONG)");
	runline_recipes_release(&rs);
	vakt_source_free(src);

	/* A recipe longer than the ceiling is cut there. */
	vakt_buf_reset(&b);
	vakt_buf_adds(&b, "t:\n\techo ");
	for (unsigned i = 0; i < RUNLINE_MAX_RECIPE_BYTES / 8; i++)
		vakt_buf_adds(&b, "abcdefg\\\n");
	vakt_buf_adds(&b, "\tend\n");
	src = vakt_source_from_mem("Makefile", b.data, b.len);
	runline_make_recipes(src, &rs);
	assert_int_equal(rs.n, 1);
	assert_true(rs.v[0].text.len <= RUNLINE_MAX_RECIPE_BYTES);
	runline_recipes_release(&rs);
	vakt_source_free(src);
	vakt_buf_release(&b);
}

/* --- rules end to end ------------------------------------------------------------------------- */

static void test_scan_shell(void **state)
{
	static const char sh[] = "#!/bin/sh\n"                         /* 1 */
	                         "set -eu\n"                           /* 2 */
	                         "docker run -d --privileged \\\n"     /* 3 */
	                         "  -e POSTGRES_PASSWORD=hunter2 \\\n" /* 4 */
	                         "  -p 5432:5432 postgres:16\n"        /* 5 */
	                         "if true; then docker run --rm -v "   /* 6 */
	                         "/var/run/docker.sock:/var/run/docker.sock alpine:3 id; fi\n"
	                         "# vakt ignore=CR001 -- needs it\n" /* 7 */
	                         "docker run --privileged \\\n"      /* 8 */
	                         "  alpine:3\n"                      /* 9 */
	                         "docker run --user 10001 --read-only --tmpfs /tmp --cap-drop ALL "
	                         "--security-opt no-new-privileges -p 127.0.0.1:8080:8080 "
	                         "registry.example.com/app:1.2\n"; /* 10 */

	(void)state;
	expect_where("deploy.sh", sh, "CR001", "3:15:docker-run");
	expect_where("deploy.sh", sh, "CR017", "4:3:docker-run");
	expect_where("deploy.sh", sh, "CR013", "5:3:docker-run");
	expect_where("deploy.sh", sh, "CR003", "3:1:docker-run 6:15:docker-run 8:1:docker-run");
	expect_where("deploy.sh", sh, "CR010", "6:31:docker-run");
	expect_where("deploy.sh", sh, "CR005", "3:1:docker-run 6:15:docker-run 8:1:docker-run");
}

static void test_scan_github(void **state)
{
	static const char wf[] = "on: push\n"                                       /* 1 */
	                         "jobs:\n"                                          /* 2 */
	                         "  test:\n"                                        /* 3 */
	                         "    runs-on: ubuntu-latest\n"                     /* 4 */
	                         "    steps:\n"                                     /* 5 */
	                         "      - uses: actions/checkout@v4\n"              /* 6 */
	                         "      - name: Database\n"                         /* 7 */
	                         "        run: |\n"                                 /* 8 */
	                         "          echo start\n"                           /* 9 */
	                         "          docker run -d -p 5432:5432 \\\n"        /* 10 */
	                         "            --privileged postgres:16\n"           /* 11 */
	                         "      - run: docker run --pid=host alpine:3\n"    /* 12 */
	                         "      - shell: pwsh\n"                            /* 13 */
	                         "        run: docker run --privileged alpine:3\n"  /* 14 */
	                         "  win:\n"                                         /* 15 */
	                         "    runs-on: windows-latest\n"                    /* 16 */
	                         "    steps:\n"                                     /* 17 */
	                         "      - run: docker run --privileged alpine:3\n"  /* 18 */
	                         "      - shell: bash\n"                            /* 19 */
	                         "        run: docker run --privileged alpine:3\n"; /* 20 */

	(void)state;
	expect_where(".github/workflows/ci.yml", wf, "CR001",
	             "11:13:test/step[Database]/docker-run 20:25:win/step[2]/docker-run");
	expect_where(".github/workflows/ci.yml", wf, "CR013",
	             "10:25:test/step[Database]/docker-run");
	expect_where(".github/workflows/ci.yml", wf, "CR009", "12:25:test/step[3]/docker-run");
}

static void test_scan_ci_expressions(void **state)
{
	static const char wf[] =
	    "on: push\n"
	    "jobs:\n"
	    "  t:\n"
	    "    steps:\n"
	    "      - run: >-\n"
	    "          docker run -e TOKEN=${{ secrets.TOKEN }} --rm\n"
	    "          registry.example.com/x:${{ github.sha }} --arg ${{ matrix.a }}\n";
	static const char ci[] = "t:\n"
	                         "  script: docker run -e PASSWORD=$[[ inputs.pw ]] alpine:3\n";
	struct vakt_scan_result res;

	(void)state;
	scan(".github/workflows/x.yml", wf, &res);
	for (size_t i = 0; i < res.findings.n; i++) {
		const char *id = res.findings.v[i].rule->id;

		/* The expression is neither a literal secret nor the image. */
		assert_true(strcmp(id, "CR017") && strcmp(id, "CR018") && strcmp(id, "CR016"));
	}
	assert_true(res.findings.n > 0);
	vakt_scan_result_release(&res);
	expect_where(".gitlab-ci.yml", ci, "CR017", "");
	expect_where(".gitlab-ci.yml", ci, "CR003", "2:11:t/script/docker-run");
}

static void test_scan_gitlab(void **state)
{
	static const char ci[] = "stages: [test]\n"                                  /* 1 */
	                         "variables:\n"                                      /* 2 */
	                         "  X: \"docker run --privileged nope\"\n"           /* 3 */
	                         "default:\n"                                        /* 4 */
	                         "  before_script:\n"                                /* 5 */
	                         "    - docker run --net=host alpine:3 true\n"       /* 6 */
	                         "test:\n"                                           /* 7 */
	                         "  script:\n"                                       /* 8 */
	                         "    - echo hi\n"                                   /* 9 */
	                         "    - - docker run --privileged alpine:3\n"        /* 10 */
	                         "  after_script: docker run --ipc=host alpine:3\n"; /* 11 */

	(void)state;
	expect_where(".gitlab-ci.yml", ci, "CR001", "10:20:test/script/docker-run");
	expect_where(".gitlab-ci.yml", ci, "CR009",
	             "6:18:default/before_script/docker-run 11:28:test/after_script/docker-run");
}

static void test_scan_make(void **state)
{
	static const char mk[] = "IMG = nginx\n"
	                         "up:\n"
	                         "\tdocker run -d -p 22:22 $(IMG)\n";

	(void)state;
	expect_where("Makefile", mk, "CR013", "3:16:docker-run");
	expect_where("Makefile", mk, "CR018", "3:25:docker-run");
}

static void test_scan_suppression(void **state)
{
	static const char sh[] = "# vakt ignore-file=CR018\n"
	                         "# vakt ignore=CR001,CR013 -- lab only\n"
	                         "# another comment\n"
	                         "docker run --privileged \\\n"
	                         "  -p 5432:5432 postgres\n"
	                         "docker run --privileged postgres\n"
	                         "# vakt ignore CR001\n";
	struct vakt_scan_result res;
	size_t cr001 = 0, cr001_suppressed = 0;

	(void)state;
	scan("x.sh", sh, &res);
	assert_int_equal(res.errors.n, 1);
	assert_int_equal(res.errors.v[0]->line, 7);
	for (size_t i = 0; i < res.findings.n; i++) {
		const struct vakt_finding *f = &res.findings.v[i];

		if (!strcmp(f->rule->id, "CR018"))
			assert_true(f->suppressed);
		if (!strcmp(f->rule->id, "CR013"))
			assert_true(f->suppressed);
		if (!strcmp(f->rule->id, "CR001")) {
			cr001++;
			cr001_suppressed += f->suppressed;
		}
	}
	assert_int_equal(cr001, 2);
	assert_int_equal(cr001_suppressed, 1);
	vakt_scan_result_release(&res);
}

static void test_scan_heredoc_and_strings(void **state)
{
	/* Text that only mentions docker run is not a command. */
	static const char sh[] = "cat <<EOF\n"
	                         "docker run --privileged x\n"
	                         "EOF\n"
	                         "echo 'docker run --privileged x'\n"
	                         "X=\"docker run --privileged x\"\n";
	struct vakt_scan_result res;

	(void)state;
	scan("x.sh", sh, &res);
	assert_int_equal(res.findings.n, 0);
	vakt_scan_result_release(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kind),
	    cmocka_unit_test(test_flags_seed_example),
	    cmocka_unit_test(test_flags_combined_short),
	    cmocka_unit_test(test_flags_booleans_and_values),
	    cmocka_unit_test(test_flags_mounts_and_env),
	    cmocka_unit_test(test_flags_programs),
	    cmocka_unit_test(test_builds_noted),
	    cmocka_unit_test(test_flags_expansions),
	    cmocka_unit_test(test_flags_positions),
	    cmocka_unit_test(test_yaml_text_positions),
	    cmocka_unit_test(test_make_recipes),
	    cmocka_unit_test(test_make_ceilings),
	    cmocka_unit_test(test_scan_shell),
	    cmocka_unit_test(test_scan_github),
	    cmocka_unit_test(test_scan_ci_expressions),
	    cmocka_unit_test(test_scan_gitlab),
	    cmocka_unit_test(test_scan_make),
	    cmocka_unit_test(test_scan_suppression),
	    cmocka_unit_test(test_scan_heredoc_and_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
