/* SPDX-License-Identifier: MIT */
/*
 * Compose files into container settings, the shared model's small syntaxes
 * (ports, volumes, --mount, interpolation), the CR rules end to end through
 * the compose domain, inline suppressions, and the ceilings.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "compose/compose.h"
#include "core/config.h"
#include "core/scan.h"
#include "core/util.h"

/* --- helpers ----------------------------------------------------------------------- */

/* Load the first document of yaml into f; the stream is left in *ys for the caller to free. */
static void load(const char *yaml, struct compose_file *f, struct vakt_yaml_stream **ys,
                 struct vakt_error_list *errs)
{
	struct vakt_source *src = vakt_source_from_mem("docker-compose.yml", yaml, strlen(yaml));
	struct vakt_error *err = NULL;

	memset(f, 0, sizeof(*f));
	*ys = NULL;
	assert_int_equal(vakt_yaml_parse(src->path, src->data, src->len, ys, &err), 0);
	assert_non_null(*ys);
	assert_true((*ys)->n_docs >= 1);
	compose_load(src, (*ys)->docs[0].root, f, errs);
	vakt_source_free(src);
}

static const struct ctr_settings *service(const struct compose_file *f, const char *name)
{
	char *object = vakt_xasprintf("compose/%s", name);

	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->services[i].object, object)) {
			free(object);
			return &f->services[i];
		}
	free(object);
	fail_msg("no service '%s'", name);
	return NULL;
}

/* Scan yaml as `name` with the compose domain. */
static void scan(const char *name, const char *yaml, struct vakt_scan_result *res)
{
	struct vakt_config *cfg = vakt_config_new();
	struct vakt_scan_opts o;

	vakt_scan_opts_init(&o, cfg);
	memset(res, 0, sizeof(*res));
	vakt_scan_source(&compose_domain, vakt_source_from_mem(name, yaml, strlen(yaml)), &o, res);
	vakt_config_free(cfg);
}

/* The lines of unsuppressed findings of rule id, "3,7" (sorted as the scan sorts). Caller frees. */
static char *lines_of(const struct vakt_scan_result *res, const char *id)
{
	struct vakt_buf b = VAKT_BUF_INIT;

	for (size_t i = 0; i < res->findings.n; i++) {
		const struct vakt_finding *f = &res->findings.v[i];

		if (strcmp(f->rule->id, id) || f->suppressed)
			continue;
		vakt_buf_addf(&b, "%s%d", b.len ? "," : "", f->loc.line);
	}
	return vakt_buf_detach(&b);
}

static void expect_lines(const char *yaml, const char *id, const char *want)
{
	struct vakt_scan_result res;
	char *got;

	scan("docker-compose.yml", yaml, &res);
	got = lines_of(&res, id);
	if (strcmp(got, want))
		print_error("%s: got lines [%s], want [%s]\n", id, got, want);
	assert_string_equal(got, want);
	free(got);
	vakt_scan_result_release(&res);
}

/* --- recognition --------------------------------------------------------------------- */

static void test_match_name(void **state)
{
	static const char *const yes[] = {
	    "docker-compose.yml",     "docker-compose.yaml", "docker-compose.override.yml",
	    "docker-compose-dev.yml", "compose.yaml",        "compose.yml",
	    "compose.prod.yaml",      "compose-dev.yml",     "podman-compose.yml",
	    "container-compose.yaml",
	};
	static const char *const no[] = {
	    "composer.json", "composer.yml",   "compose",    "docker-compose.json",
	    "deploy.yaml",   "my-compose.yml", "Dockerfile",
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(yes); i++)
		assert_true(compose_match_basename(yes[i]));
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(no); i++)
		assert_false(compose_match_basename(no[i]));
}

static void test_match_content(void **state)
{
	static const char yes[] = "version: '3'\nservices:\n  web:\n    image: nginx\n";
	static const char kube[] = "apiVersion: v1\nkind: Service\nspec:\nservices:\n";
	static const char gha[] = "on: push\njobs:\n  a:\n    services:\n      db: {}\n";
	static const char nothing[] = "key: value\n";

	(void)state;
	assert_true(compose_match_content(yes, strlen(yes)));
	assert_false(compose_match_content(kube, strlen(kube)));
	assert_false(compose_match_content(gha, strlen(gha)));
	assert_false(compose_match_content(nothing, strlen(nothing)));
}

/* --- the model -------------------------------------------------------------------------- */

static void test_load_settings(void **state)
{
	static const char yaml[] = "services:\n"
	                           "  web:\n"
	                           "    image: \"nginx:1.27\"\n"
	                           "    user: 0\n"
	                           "    privileged: true\n"
	                           "    read_only: \"yes\"\n"
	                           "    cap_add: [SYS_ADMIN, net_admin]\n"
	                           "    cap_drop:\n"
	                           "      - ALL\n"
	                           "    security_opt: [\"no-new-privileges:true\"]\n"
	                           "    network_mode: host\n"
	                           "    pid: host\n"
	                           "    ipc: host\n"
	                           "    userns_mode: host\n"
	                           "    tmpfs: /tmp\n"
	                           "    volumes:\n"
	                           "      - /var/run/docker.sock:/var/run/docker.sock:ro\n"
	                           "      - data:/data\n"
	                           "      - type: bind\n"
	                           "        source: /etc\n"
	                           "        target: /host/etc\n"
	                           "        read_only: true\n"
	                           "    ports:\n"
	                           "      - 5432\n"
	                           "      - \"127.0.0.1:6379:6379\"\n"
	                           "      - target: 80\n"
	                           "        published: \"8080\"\n"
	                           "        host_ip: \"::1\"\n"
	                           "    environment:\n"
	                           "      DB_PASSWORD: ${DB_PASSWORD:-hunter2}\n"
	                           "      EMPTY:\n"
	                           "      PLAIN: value\n";
	struct compose_file f;
	struct vakt_yaml_stream *ys;
	struct vakt_error_list errs = {0};
	const struct ctr_settings *c;

	(void)state;
	load(yaml, &f, &ys, &errs);
	assert_int_equal(errs.n, 0);
	assert_int_equal(f.n, 1);
	c = service(&f, "web");
	assert_string_equal(c->label, "service 'web'");
	assert_int_equal(c->where.line, 2);
	assert_string_equal(c->image.text, "nginx:1.27");
	assert_int_equal(c->image.span.line, 3);
	assert_false(c->partial);
	assert_string_equal(c->user.text, "0");
	assert_true(c->privileged.set && c->privileged.on);
	assert_true(c->read_only.set && c->read_only.on);
	assert_int_equal(c->cap_add.n, 2);
	assert_string_equal(c->cap_add.v[1].text, "net_admin");
	assert_int_equal(c->cap_drop.n, 1);
	assert_int_equal(c->cap_drop.v[0].span.line, 9);
	assert_int_equal(c->security_opt.n, 1);
	assert_string_equal(c->network.text, "host");
	assert_string_equal(c->pid.text, "host");
	assert_string_equal(c->ipc.text, "host");
	assert_string_equal(c->userns.text, "host");
	assert_int_equal(c->n_mounts, 4);
	assert_string_equal(c->mounts[0].source, "/var/run/docker.sock");
	assert_true(c->mounts[0].host_path && c->mounts[0].read_only);
	assert_false(c->mounts[1].host_path);
	assert_true(c->mounts[2].host_path && c->mounts[2].read_only);
	assert_string_equal(c->mounts[2].target, "/host/etc");
	assert_true(c->mounts[3].tmpfs);
	assert_string_equal(c->mounts[3].target, "/tmp");
	assert_int_equal(c->n_ports, 3);
	assert_null(c->ports[0].host_ip);
	assert_int_equal(c->ports[0].ctr_lo, 5432);
	assert_int_equal(c->ports[0].host_lo, 0);
	assert_string_equal(c->ports[1].host_ip, "127.0.0.1");
	assert_string_equal(c->ports[2].host_ip, "::1");
	assert_int_equal(c->ports[2].host_lo, 8080);
	assert_int_equal(c->ports[2].ctr_lo, 80);
	assert_int_equal(c->ports[2].span.line, 26);
	assert_int_equal(c->n_env, 3);
	assert_string_equal(c->env[0].name, "DB_PASSWORD");
	assert_true(c->env[0].dynamic);
	assert_string_equal(c->env[0].literal, "hunter2");
	assert_int_equal(c->env[0].value_span.line, 30);
	assert_null(c->env[1].raw);
	assert_string_equal(c->env[2].literal, "value");
	compose_file_release(&f);
	vakt_yaml_free(ys);
	vakt_error_list_release(&errs);
}

static void test_load_env_list_and_extends(void **state)
{
	static const char yaml[] = "x-common: &common\n"
	                           "  read_only: true\n"
	                           "  cap_drop: [ALL]\n"
	                           "services:\n"
	                           "  base:\n"
	                           "    image: alpine:3.20\n"
	                           "    user: \"10001\"\n"
	                           "    environment: [\"A=1\", \"B=2\"]\n"
	                           "    security_opt: [no-new-privileges]\n"
	                           "  app:\n"
	                           "    <<: *common\n"
	                           "    extends: base\n"
	                           "    environment:\n"
	                           "      - A=override\n"
	                           "      - PASS\n"
	                           "    security_opt: [\"label:disable\"]\n"
	                           "  far:\n"
	                           "    extends:\n"
	                           "      file: common.yml\n"
	                           "      service: web\n"
	                           "  fragment:\n"
	                           "    ports: [\"80:80\"]\n"
	                           "  x-ignored:\n"
	                           "    image: nope\n";
	struct compose_file f;
	struct vakt_yaml_stream *ys;
	struct vakt_error_list errs = {0};
	const struct ctr_settings *c;

	(void)state;
	load(yaml, &f, &ys, &errs);
	assert_int_equal(errs.n, 0);
	assert_int_equal(f.n, 4);
	c = service(&f, "app");
	assert_string_equal(c->image.text, "alpine:3.20"); /* from base */
	assert_string_equal(c->user.text, "10001");
	assert_true(c->read_only.on); /* from the anchor */
	assert_int_equal(c->cap_drop.n, 1);
	assert_int_equal(c->security_opt.n, 2); /* lists joined along extends */
	assert_int_equal(c->n_env, 3);
	assert_string_equal(c->env[0].name, "A");
	assert_string_equal(c->env[0].raw, "override");
	assert_string_equal(c->env[1].name, "PASS");
	assert_null(c->env[1].raw);
	assert_string_equal(c->env[2].name, "B");
	assert_false(c->partial);
	assert_true(service(&f, "far")->partial);
	assert_true(service(&f, "fragment")->partial);
	compose_file_release(&f);
	vakt_yaml_free(ys);
	vakt_error_list_release(&errs);
}

static void test_load_v1_and_errors(void **state)
{
	static const char v1[] = "web:\n  image: nginx\ndb:\n  build: .\n";
	static const char bad[] = "services:\n  web: [1, 2]\n  ok:\n    image: nginx\n";
	static const char bad2[] = "services: [web]\n";
	static const char none[] = "volumes:\n  data: {}\n";
	struct compose_file f;
	struct vakt_yaml_stream *ys;
	struct vakt_error_list errs = {0};

	(void)state;
	load(v1, &f, &ys, &errs);
	assert_int_equal(f.n, 2);
	assert_true(service(&f, "db")->builds);
	compose_file_release(&f);
	vakt_yaml_free(ys);

	load(bad, &f, &ys, &errs);
	assert_int_equal(f.n, 1);
	assert_int_equal(errs.n, 1);
	assert_int_equal(errs.v[0]->line, 2);
	assert_non_null(strstr(errs.v[0]->msg, "service 'web'"));
	compose_file_release(&f);
	vakt_yaml_free(ys);

	load(bad2, &f, &ys, &errs);
	assert_int_equal(f.n, 0);
	assert_int_equal(errs.n, 2);
	compose_file_release(&f);
	vakt_yaml_free(ys);

	load(none, &f, &ys, &errs);
	assert_int_equal(f.n, 0);
	assert_int_equal(errs.n, 2);
	compose_file_release(&f);
	vakt_yaml_free(ys);
	vakt_error_list_release(&errs);
}

static void test_extends_ceiling(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct compose_file f;
	struct vakt_yaml_stream *ys;
	struct vakt_error_list errs = {0};
	const struct ctr_settings *c;

	(void)state;
	/* s0 extends s1 ... extends sN; only sN sets user. */
	vakt_buf_adds(&b, "services:\n");
	for (int i = 0; i <= COMPOSE_MAX_EXTENDS + 1; i++)
		vakt_buf_addf(&b, "  s%d:\n    image: alpine:3\n    extends: s%d\n", i, i + 1);
	vakt_buf_addf(&b, "  s%d:\n    image: alpine:3\n    user: \"1\"\n",
	              COMPOSE_MAX_EXTENDS + 2);
	/* and a cycle */
	vakt_buf_adds(&b, "  a:\n    extends: b\n  b:\n    extends: a\n    image: x:1\n");
	load(vakt_buf_str(&b), &f, &ys, &errs);
	c = service(&f, "s0");
	assert_null(c->user.text); /* beyond the ceiling */
	c = service(&f, "s2");
	assert_non_null(c->user.text); /* within it */
	c = service(&f, "a");
	assert_string_equal(c->image.text, "x:1");
	compose_file_release(&f);
	vakt_yaml_free(ys);
	vakt_error_list_release(&errs);
	vakt_buf_release(&b);
}

/* --- shared syntaxes ------------------------------------------------------------------ */

static void test_port_parse(void **state)
{
	static const struct {
		const char *spec;
		bool ok;
		const char *ip;
		unsigned host_lo, host_hi, ctr_lo, ctr_hi;
	} cases[] = {
	    {"80", true, NULL, 0, 0, 80, 80},
	    {"8080:80", true, NULL, 8080, 8080, 80, 80},
	    {"5432:5432/tcp", true, NULL, 5432, 5432, 5432, 5432},
	    {"127.0.0.1:5432:5432", true, "127.0.0.1", 5432, 5432, 5432, 5432},
	    {"127.0.0.1::5000", true, "127.0.0.1", 0, 0, 5000, 5000},
	    {"0.0.0.0:22:22", true, "0.0.0.0", 22, 22, 22, 22},
	    {"[::1]:8080:80", true, "::1", 8080, 8080, 80, 80},
	    {"::1:8080:80", true, "::1", 8080, 8080, 80, 80},
	    {"8000-8010:8000-8010/udp", true, NULL, 8000, 8010, 8000, 8010},
	    {"6060:6060/udp", true, NULL, 6060, 6060, 6060, 6060},
	    {"", false, NULL, 0, 0, 0, 0},
	    {"http", false, NULL, 0, 0, 0, 0},
	    {"70000", false, NULL, 0, 0, 0, 0},
	    {"90-80", false, NULL, 0, 0, 0, 0},
	    {"a:b:c", false, NULL, 0, 0, 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct ctr_port p = {0};
		bool ok = ctr_port_parse(cases[i].spec, &p);

		if (ok != cases[i].ok)
			fail_msg("'%s': %d", cases[i].spec, ok);
		if (ok) {
			if (cases[i].ip)
				assert_string_equal(p.host_ip, cases[i].ip);
			else
				assert_null(p.host_ip);
			assert_int_equal(p.host_lo, cases[i].host_lo);
			assert_int_equal(p.host_hi, cases[i].host_hi);
			assert_int_equal(p.ctr_lo, cases[i].ctr_lo);
			assert_int_equal(p.ctr_hi, cases[i].ctr_hi);
		}
		free(p.host_ip);
	}
}

static void test_port_parse_interp(void **state)
{
	static const struct {
		const char *spec;
		enum ctr_interp mode;
		bool ok;
		const char *ip;
		unsigned host_lo, ctr_lo;
		bool host_dynamic;
	} cases[] = {
	    {"${PG_PORT}:5432", CTR_INTERP_COMPOSE, true, NULL, 0, 5432, true},
	    {"${PG_PORT:-5432}:5432", CTR_INTERP_COMPOSE, true, NULL, 5432, 5432, false},
	    {"${PG_PORT-15432}:5432/tcp", CTR_INTERP_COMPOSE, true, NULL, 15432, 5432, false},
	    {"$PORT:80", CTR_INTERP_COMPOSE, true, NULL, 0, 80, true},
	    {"${BIND:-0.0.0.0}:${PORT}:80", CTR_INTERP_COMPOSE, true, "0.0.0.0", 0, 80, true},
	    {"${BIND:-127.0.0.1}:${PORT:-8080}:80", CTR_INTERP_COMPOSE, true, "127.0.0.1", 8080, 80,
	     false},
	    {"${BIND:-::1}:8080:80", CTR_INTERP_COMPOSE, true, "::1", 8080, 80, false},
	    {"127.0.0.1:${PORT}:80", CTR_INTERP_COMPOSE, true, "127.0.0.1", 0, 80, true},
	    {"$PORT:80", CTR_INTERP_SHELL, true, NULL, 0, 80, true},
	    {"$(port):80", CTR_INTERP_SHELL, true, NULL, 0, 80, true},
	    {"${HOST_PORT:-8443}:443", CTR_INTERP_SHELL, true, NULL, 8443, 443, false},
	    {"8080:80", CTR_INTERP_COMPOSE, true, NULL, 8080, 80, false},
	    /* Not judged: the address without a default, the container port, nonsense. */
	    {"${BIND}:8080:80", CTR_INTERP_COMPOSE, false, NULL, 0, 0, false},
	    {"${BIND:-}:8080:80", CTR_INTERP_COMPOSE, false, NULL, 0, 0, false},
	    {"8080:${PORT}", CTR_INTERP_COMPOSE, false, NULL, 0, 0, false},
	    {"${PORT:-80}", CTR_INTERP_COMPOSE, false, NULL, 0, 0, false},
	    {"${PORTS}", CTR_INTERP_COMPOSE, false, NULL, 0, 0, false},
	    {"${A}:${B}:${C}:80", CTR_INTERP_COMPOSE, false, NULL, 0, 0, false},
	    {"${PORT:-http}:80", CTR_INTERP_COMPOSE, false, NULL, 0, 0, false},
	    {"${UNTERMINATED:80", CTR_INTERP_COMPOSE, false, NULL, 0, 0, false},
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct ctr_port p = {0};
		bool ok = ctr_port_parse_interp(cases[i].spec, cases[i].mode, &p);

		if (ok != cases[i].ok)
			fail_msg("'%s': %d", cases[i].spec, ok);
		if (ok) {
			if (cases[i].ip)
				assert_string_equal(p.host_ip, cases[i].ip);
			else
				assert_null(p.host_ip);
			assert_int_equal(p.host_lo, cases[i].host_lo);
			assert_int_equal(p.ctr_lo, cases[i].ctr_lo);
			assert_int_equal(p.host_dynamic, cases[i].host_dynamic);
		}
		free(p.host_ip);
	}
}

static void test_volume_mount_parse(void **state)
{
	struct ctr_mount m = {0};

	(void)state;
	assert_true(ctr_volume_parse("/var/run/docker.sock:/var/run/docker.sock:ro,z", &m));
	assert_string_equal(m.source, "/var/run/docker.sock");
	assert_string_equal(m.target, "/var/run/docker.sock");
	assert_true(m.read_only && m.host_path);
	free(m.source);
	free(m.target);
	memset(&m, 0, sizeof(m));
	assert_true(ctr_volume_parse("data:/data", &m));
	assert_false(m.host_path);
	assert_false(m.read_only);
	free(m.source);
	free(m.target);
	memset(&m, 0, sizeof(m));
	assert_true(ctr_volume_parse("/anon", &m));
	assert_null(m.source);
	assert_string_equal(m.target, "/anon");
	free(m.target);
	memset(&m, 0, sizeof(m));
	assert_true(ctr_volume_parse("C:\\data:/data", &m));
	assert_string_equal(m.source, "C:\\data");
	assert_true(m.host_path);
	free(m.source);
	free(m.target);
	memset(&m, 0, sizeof(m));
	assert_false(ctr_volume_parse("", &m));

	assert_true(ctr_mount_parse("type=bind,source=/,target=/host,readonly", &m));
	assert_true(m.host_path && m.read_only);
	assert_string_equal(m.source, "/");
	assert_string_equal(m.target, "/host");
	free(m.source);
	free(m.target);
	memset(&m, 0, sizeof(m));
	assert_true(ctr_mount_parse("type=bind,src=\"/a,b\",dst=/x,ro=false", &m));
	assert_string_equal(m.source, "/a,b");
	assert_false(m.read_only);
	free(m.source);
	free(m.target);
	memset(&m, 0, sizeof(m));
	assert_true(ctr_mount_parse("type=tmpfs,destination=/tmp", &m));
	assert_true(m.tmpfs);
	assert_false(m.host_path);
	free(m.target);
}

static void test_literal_view(void **state)
{
	static const struct {
		const char *in;
		enum ctr_interp mode;
		const char *out;
		bool dynamic;
	} cases[] = {
	    {"plain", CTR_INTERP_COMPOSE, "plain", false},
	    {"${A}", CTR_INTERP_COMPOSE, "", true},
	    {"$A-x", CTR_INTERP_COMPOSE, "-x", true},
	    {"${A:-def}", CTR_INTERP_COMPOSE, "def", true},
	    {"${A-def}", CTR_INTERP_COMPOSE, "def", true},
	    {"${A:?required}", CTR_INTERP_COMPOSE, "", true},
	    {"${A:+alt}", CTR_INTERP_COMPOSE, "", true},
	    {"${A:-${B:-in}}", CTR_INTERP_COMPOSE, "in", true},
	    {"pa$$word", CTR_INTERP_COMPOSE, "pa$word", false},
	    {"cost $5", CTR_INTERP_COMPOSE, "cost $5", false},
	    {"${unterminated", CTR_INTERP_COMPOSE, "", true},
	    {"$(cat f)x", CTR_INTERP_SHELL, "x", true},
	    {"`id`y", CTR_INTERP_SHELL, "y", true},
	    {"$$", CTR_INTERP_SHELL, "", true},
	    {"${X:=d}", CTR_INTERP_SHELL, "d", true},
	    {"$1", CTR_INTERP_SHELL, "", true},
	    {"$(cat f)x", CTR_INTERP_COMPOSE, "$(cat f)x", false},
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		bool dyn = !cases[i].dynamic;
		char *v = ctr_literal_view(cases[i].in, cases[i].mode, &dyn);

		if (strcmp(v, cases[i].out) || dyn != cases[i].dynamic)
			fail_msg("'%s' -> '%s' %d", cases[i].in, v, dyn);
		free(v);
	}
	assert_false(ctr_has_interp(NULL, CTR_INTERP_COMPOSE));
	assert_true(ctr_has_interp("${X}", CTR_INTERP_COMPOSE));
	assert_false(ctr_has_interp("a$$b", CTR_INTERP_COMPOSE));
}

static void test_literal_depth_ceiling(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	char *v;

	(void)state;
	/* ${A:-${A:-...${A:-deep}...}} nested one level more than followed: the default is lost. */
	for (int i = 0; i <= CTR_INTERP_MAX_DEPTH; i++)
		vakt_buf_adds(&b, "${A:-");
	vakt_buf_adds(&b, "deep");
	for (int i = 0; i <= CTR_INTERP_MAX_DEPTH; i++)
		vakt_buf_adds(&b, "}");
	v = ctr_literal_view(vakt_buf_str(&b), CTR_INTERP_COMPOSE, NULL);
	assert_string_equal(v, "");
	free(v);
	vakt_buf_reset(&b);
	for (int i = 0; i < CTR_INTERP_MAX_DEPTH; i++)
		vakt_buf_adds(&b, "${A:-");
	vakt_buf_adds(&b, "deep");
	for (int i = 0; i < CTR_INTERP_MAX_DEPTH; i++)
		vakt_buf_adds(&b, "}");
	v = ctr_literal_view(vakt_buf_str(&b), CTR_INTERP_COMPOSE, NULL);
	assert_string_equal(v, "deep");
	free(v);
	vakt_buf_release(&b);
}

static void test_items_ceiling(void **state)
{
	struct ctr_settings c;
	struct vakt_span sp = {1, 1, 1, 1};

	(void)state;
	ctr_settings_init(&c, CTR_RUN, "x", "x");
	for (int i = 0; i < CTR_MAX_ITEMS + 10; i++) {
		ctr_strs_push(&c.cap_add, "X", sp, false);
		(void)ctr_mount_push(&c);
		(void)ctr_port_push(&c);
		(void)ctr_env_push(&c);
	}
	assert_int_equal(c.cap_add.n, CTR_MAX_ITEMS);
	assert_int_equal(c.n_mounts, CTR_MAX_ITEMS);
	assert_int_equal(c.n_ports, CTR_MAX_ITEMS);
	assert_int_equal(c.n_env, CTR_MAX_ITEMS);
	assert_null(ctr_env_push(&c));
	ctr_settings_release(&c);
}

static void test_user_cap_helpers(void **state)
{
	char buf[16];

	(void)state;
	assert_true(ctr_user_is_root("root"));
	assert_true(ctr_user_is_root("0"));
	assert_true(ctr_user_is_root("00:0"));
	assert_true(ctr_user_is_root("root:app"));
	assert_false(ctr_user_is_root("10001"));
	assert_false(ctr_user_is_root("rootless"));
	assert_false(ctr_user_is_root(":0"));
	assert_false(ctr_user_is_root("100"));
	assert_string_equal(ctr_cap_name("cap_sys_admin", buf, sizeof(buf)), "SYS_ADMIN");
	assert_string_equal(ctr_cap_name("all", buf, sizeof(buf)), "ALL");
	assert_string_equal(ctr_cap_name("A_VERY_LONG_CAPABILITY", buf, 8), "A_VERY_");
}

static void test_image_user(void **state)
{
	static const struct {
		const char *image;
		bool builds;
		enum ctr_image_user want;
	} cases[] = {
	    {"postgres:16", false, CTR_IMAGE_ROOT},
	    {"docker.io/library/nginx", false, CTR_IMAGE_ROOT},
	    {"elasticsearch:8.15.0", false, CTR_IMAGE_NONROOT},
	    {"gcr.io/distroless/static-debian12:nonroot", false, CTR_IMAGE_NONROOT},
	    {"cgr.dev/chainguard/nginx:latest", false, CTR_IMAGE_NONROOT},
	    {"cgr.dev/chainguard/nginx:latest-dev", false, CTR_IMAGE_UNKNOWN},
	    {"nginxinc/nginx-unprivileged:1.27", false, CTR_IMAGE_NONROOT},
	    {"acme/api:1.2", false, CTR_IMAGE_UNKNOWN},
	    {"nginx:1.27", true, CTR_IMAGE_UNKNOWN},
	    {"${IMAGE}", false, CTR_IMAGE_UNKNOWN},
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct ctr_settings c;
		struct vakt_span sp = {1, 1, 1, 1};

		ctr_settings_init(&c, CTR_COMPOSE, "o", "l");
		ctr_str_set(&c.image, cases[i].image, sp,
		            ctr_has_interp(cases[i].image, CTR_INTERP_COMPOSE));
		c.builds = cases[i].builds;
		if (ctr_image_default_user(&c, NULL) != cases[i].want)
			fail_msg("'%s'", cases[i].image);
		ctr_settings_release(&c);
	}
}

/* --- rules end to end --------------------------------------------------------------------- */

/* A hardened service: every CR rule passes. */
#define HARDENED                                                                                   \
	"services:\n"                                                                              \
	"  app:\n"                                                                                 \
	"    image: registry.example.com/app:1.4.2\n"                                              \
	"    user: \"10001:10001\"\n"                                                              \
	"    read_only: true\n"                                                                    \
	"    tmpfs: [/tmp]\n"                                                                      \
	"    cap_drop: [ALL]\n"                                                                    \
	"    cap_add: [NET_BIND_SERVICE]\n"                                                        \
	"    security_opt: [\"no-new-privileges:true\"]\n"                                         \
	"    ports: [\"127.0.0.1:8080:8080\"]\n"                                                   \
	"    environment:\n"                                                                       \
	"      DB_PASSWORD: ${DB_PASSWORD}\n"                                                      \
	"      LOG_LEVEL: info\n"

static void test_rules_hardened_clean(void **state)
{
	struct vakt_scan_result res;

	(void)state;
	scan("compose.yaml", HARDENED, &res);
	for (size_t i = 0; i < res.findings.n; i++)
		print_error("unexpected %s at %d: %s\n", res.findings.v[i].rule->id,
		            res.findings.v[i].loc.line, res.findings.v[i].message);
	assert_int_equal(res.findings.n, 0);
	assert_int_equal(res.errors.n, 0);
	vakt_scan_result_release(&res);
}

static void test_rules_each(void **state)
{
	static const char yaml[] =
	    "services:\n"                                              /* 1 */
	    "  web:\n"                                                 /* 2 */
	    "    image: nginx\n"                                       /* 3 */
	    "    privileged: true\n"                                   /* 4 */
	    "    cap_add: [SYS_ADMIN, CHOWN]\n"                        /* 5 */
	    "    network_mode: host\n"                                 /* 6 */
	    "    volumes:\n"                                           /* 7 */
	    "      - /var/run/docker.sock:/var/run/docker.sock\n"      /* 8 */
	    "      - /etc:/host/etc\n"                                 /* 9 */
	    "    security_opt: [seccomp:unconfined]\n"                 /* 10 */
	    "    ports:\n"                                             /* 11 */
	    "      - \"5432:5432\"\n"                                  /* 12 */
	    "      - \"0.0.0.0:2375:2375\"\n"                          /* 13 */
	    "      - \"8080:80\"\n"                                    /* 14 */
	    "      - \"127.0.0.1:6379:6379\"\n"                        /* 15 */
	    "    environment:\n"                                       /* 16 */
	    "      - DATABASE_URL=postgres://app:Tr0ub4dor3x@db/app\n" /* 17 */
	    "      - API_TOKEN=abc123\n"                               /* 18 */
	    "      - OTHER_SECRET=${FROM_ENV}\n"                       /* 19 */
	    "  root:\n"                                                /* 20 */
	    "    image: ngnix:1.27\n"                                  /* 21 */
	    "    user: root\n"                                         /* 22 */
	    "    read_only: true\n"                                    /* 23 */
	    "  built:\n"                                               /* 24 */
	    "    build: .\n";                                          /* 25 */

	(void)state;
	expect_lines(yaml, "CR001", "4");
	expect_lines(yaml, "CR002", "22");
	expect_lines(yaml, "CR003", "2");
	expect_lines(yaml, "CR004", "24");
	expect_lines(yaml, "CR005", "2,20,24");
	expect_lines(yaml, "CR006", "5");
	expect_lines(yaml, "CR007", "2,24");
	expect_lines(yaml, "CR008", "2,20,24");
	expect_lines(yaml, "CR009", "6");
	expect_lines(yaml, "CR010", "8");
	expect_lines(yaml, "CR011", "9");
	expect_lines(yaml, "CR012", "10");
	expect_lines(yaml, "CR013", "12");
	expect_lines(yaml, "CR014", "13");
	expect_lines(yaml, "CR015", "14");
	expect_lines(yaml, "CR016", "17");
	expect_lines(yaml, "CR017", "18");
	expect_lines(yaml, "CR018", "3");
	expect_lines(yaml, "CR019", "21");
	expect_lines(yaml, "CR020", "23");
}

static void test_rules_npipe_and_sock_target(void **state)
{
	static const char yaml[] = "services:\n"
	                           "  win:\n"
	                           "    image: registry.example.com/x:1\n"
	                           "    volumes:\n"
	                           "      - type: npipe\n"
	                           "        source: \\\\.\\pipe\\docker_engine\n"
	                           "        target: \\\\.\\pipe\\docker_engine\n"
	                           "      - ${DOCKER_SOCK}:/var/run/docker.sock\n"
	                           "      - ./run:/run\n";

	(void)state;
	expect_lines(yaml, "CR010", "5,8");
}

static void test_rules_messages(void **state)
{
	static const char yaml[] = "services:\n"
	                           "  db:\n"
	                           "    image: postgres:16\n"
	                           "    environment:\n"
	                           "      POSTGRES_PASSWORD: \"postgres://u:Tr0ub4dor3x@h/x\"\n";
	struct vakt_scan_result res;
	bool seen = false;

	(void)state;
	scan("docker-compose.yml", yaml, &res);
	for (size_t i = 0; i < res.findings.n; i++) {
		const struct vakt_finding *f = &res.findings.v[i];

		assert_string_equal(f->loc.object, "compose/db");
		if (strcmp(f->rule->id, "CR016"))
			continue;
		seen = true;
		/* The secret is redacted; the column is the value's. */
		assert_null(strstr(f->message, "Tr0ub4dor3x"));
		assert_non_null(strstr(f->message, "service 'db'"));
		assert_int_equal(f->loc.line, 5);
		assert_int_equal(f->loc.column, 26);
	}
	assert_true(seen);
	vakt_scan_result_release(&res);
}

static void test_suppression(void **state)
{
	static const char yaml[] = "services:\n"
	                           "  # vakt ignore=CR001,ctr-caps-not-dropped -- CI runner\n"
	                           "  runner:\n"
	                           "    image: gitlab/gitlab-runner:v17.0.0\n"
	                           "    privileged: true\n"
	                           "  other:\n"
	                           "    image: alpine:3.20\n"
	                           "    # vakt ignore=CR001\n"
	                           "    privileged: true\n"
	                           "    # vakt ignore=CR006\n"
	                           "\n"
	                           "    cap_add: [SYS_ADMIN]\n";
	struct vakt_scan_result res;
	size_t suppressed = 0;

	(void)state;
	scan("docker-compose.yml", yaml, &res);
	for (size_t i = 0; i < res.findings.n; i++) {
		const struct vakt_finding *f = &res.findings.v[i];

		if (f->suppressed) {
			suppressed++;
			assert_true(!strcmp(f->rule->id, "CR001") || !strcmp(f->rule->id, "CR005"));
		}
		if (!strcmp(f->rule->id, "CR001"))
			assert_true(f->suppressed);
		if (!strcmp(f->rule->id, "CR006"))
			assert_false(f->suppressed); /* the blank line broke the link */
		if (!strcmp(f->rule->id, "CR005") && f->loc.line == 3) {
			assert_true(f->suppressed);
			assert_non_null(strstr(f->suppress_reason, "CI runner"));
		}
	}
	assert_int_equal(suppressed, 3);
	assert_int_equal(res.errors.n, 0);
	vakt_scan_result_release(&res);
}

static void test_suppression_errors_and_file(void **state)
{
	static const char yaml[] = "# vakt ignore-file=CR018\n"
	                           "# vakt ignores=CR001\n"
	                           "# vakt ignore CR001\n"
	                           "# vakt is a tool\n"
	                           "services:\n"
	                           "  web:\n"
	                           "    image: nginx\n";
	struct vakt_scan_result res;

	(void)state;
	scan("docker-compose.yml", yaml, &res);
	assert_int_equal(res.errors.n, 2);
	assert_int_equal(res.errors.v[0]->line, 2);
	assert_int_equal(res.errors.v[1]->line, 3);
	for (size_t i = 0; i < res.findings.n; i++)
		if (!strcmp(res.findings.v[i].rule->id, "CR018"))
			assert_true(res.findings.v[i].suppressed);
	vakt_scan_result_release(&res);
}

static void test_yaml_error_keeps_going(void **state)
{
	static const char yaml[] = "services:\n  web:\n    image: [unclosed\n";
	struct vakt_scan_result res;

	(void)state;
	scan("docker-compose.yml", yaml, &res);
	assert_int_equal(res.errors.n, 1);
	assert_non_null(strstr(res.errors.v[0]->file, "docker-compose.yml"));
	vakt_scan_result_release(&res);
}

/* Every finding and error of a scan of yaml, one per line. Caller frees. */
static char *scan_report(const char *yaml)
{
	struct vakt_scan_result res;
	struct vakt_buf b = VAKT_BUF_INIT;

	scan("docker-compose.yml", yaml, &res);
	for (size_t i = 0; i < res.findings.n; i++) {
		const struct vakt_finding *f = &res.findings.v[i];

		vakt_buf_addf(&b, "%s %d:%d-%d:%d %s %s [%s] %s\n", f->rule->id, f->loc.line,
		              f->loc.column, f->loc.end_line, f->loc.end_column,
		              f->loc.object ? f->loc.object : "-", f->suppressed ? "S" : "-",
		              f->suppress_reason ? f->suppress_reason : "", f->message);
	}
	for (size_t i = 0; i < res.errors.n; i++) {
		char *m = vakt_error_format(res.errors.v[i]);

		vakt_buf_addf(&b, "error %s\n", m);
		free(m);
	}
	vakt_scan_result_release(&res);
	return vakt_buf_detach(&b);
}

/*
 * Services are read one at a time as the file is parsed (so that a file of
 * 100,000 never holds all their trees); a file that says `extends` is read
 * whole. The comment "# extends" forces the whole read, so each case is
 * scanned both ways: the reports must be the same, suppressions included.
 */
static void test_streamed_as_whole(void **state)
{
	static const char *const cases[] = {
	    /* Anchors and merges across services, a pragma in a service. */
	    "x-base: &base\n  image: nginx\n  privileged: true\n"
	    "services:\n"
	    "  a:\n    <<: *base\n    user: root\n"
	    "  b: &b\n    image: redis\n    cap_add: [SYS_ADMIN]\n"
	    "  c: *b\n"
	    "  d:\n    <<: *b\n    image: postgres\n    # vakt ignore=CR001\n"
	    "    privileged: true\n",
	    /* A merge key right in services: written keys win over merged ones. */
	    "x-svcs: &svcs\n  m1: {image: a, privileged: true}\n  m2: {image: b}\n"
	    "services:\n  <<: *svcs\n  m2: {image: c, user: root}\n"
	    "  m3: {image: d, network_mode: host}\n",
	    /* Two services keys: a lookup sees the last. */
	    "services:\n  a: {image: x, privileged: true}\nversion: \"3\"\n"
	    "services:\n  b: {image: y, privileged: true}\n",
	    /* Pragmas above a service, above services, in a second document. */
	    "# vakt ignore=CR001\nservices:\n  p:\n    image: a\n    privileged: true\n"
	    "  # vakt ignore=all -- legacy\n  q:\n    image: q\n    privileged: true\n"
	    "    pid: host\n---\nservices:\n  # vakt ignore=CR003\n  z:\n"
	    "    image: q\n    privileged: true\n    network_mode: host\n",
	    /* Errors: services that are not mappings, x- entries, an empty service. */
	    "services:\n  x-note: {image: a, privileged: true}\n  bad: [1, 2]\n"
	    "  empty:\n  s: scalar\n  ok: {image: b, user: root}\n",
	    /* A YAML error in the second document: the first is read. */
	    "services:\n  a: {image: x, privileged: true}\n---\nservices:\n"
	    "  b: {image: y, privileged: true}\n  c: {image: z]\n  d: {image: w}\n",
	    /* Flow style, format 1, services that are not a mapping. */
	    "services: {a: {image: x, privileged: true}, b: {image: y}}\n",
	    "web:\n  image: nginx\n  privileged: true\ndb:\n  image: postgres\n",
	    "services: [a, b]\n",
	    /* Anchored services mapping, reached again later. */
	    "services: &all\n  a: {image: x, privileged: true}\nx-again: *all\n",
	};

	(void)state;
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		char *whole_text = vakt_xasprintf("%s# extends\n", cases[i]);
		char *streamed = scan_report(cases[i]), *whole = scan_report(whole_text);

		if (strcmp(streamed, whole))
			print_error("case %zu:\nstreamed:\n%swhole:\n%s", i, streamed, whole);
		assert_string_equal(streamed, whole);
		assert_true(*streamed); /* every case reports something */
		free(whole_text);
		free(streamed);
		free(whole);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_match_name),
	    cmocka_unit_test(test_match_content),
	    cmocka_unit_test(test_load_settings),
	    cmocka_unit_test(test_load_env_list_and_extends),
	    cmocka_unit_test(test_load_v1_and_errors),
	    cmocka_unit_test(test_extends_ceiling),
	    cmocka_unit_test(test_port_parse),
	    cmocka_unit_test(test_port_parse_interp),
	    cmocka_unit_test(test_volume_mount_parse),
	    cmocka_unit_test(test_literal_view),
	    cmocka_unit_test(test_literal_depth_ceiling),
	    cmocka_unit_test(test_items_ceiling),
	    cmocka_unit_test(test_user_cap_helpers),
	    cmocka_unit_test(test_image_user),
	    cmocka_unit_test(test_rules_hardened_clean),
	    cmocka_unit_test(test_rules_each),
	    cmocka_unit_test(test_rules_npipe_and_sock_target),
	    cmocka_unit_test(test_rules_messages),
	    cmocka_unit_test(test_suppression),
	    cmocka_unit_test(test_suppression_errors_and_file),
	    cmocka_unit_test(test_yaml_error_keeps_going),
	    cmocka_unit_test(test_streamed_as_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
