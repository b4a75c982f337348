/* SPDX-License-Identifier: MIT */
/*
 * The container-engine probes and rules (host-docker*.c, host-rules-docker.c)
 * on fake roots under tests/host/engine/<case>/: /proc with dockerd and
 * look-alikes, /etc files, dpkg's status, recorded command output. The
 * sockets are made here (git cannot store them) with socket() and bind(),
 * and removed at the end of each test.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/check.h"
#include "core/config.h"
#include "core/scan.h"
#include "host/host-docker.h"
#include "host/host-facts.h"

static char *fixture(const char *rel)
{
	const char *f = __FILE__, *slash = strrchr(f, '/');
	size_t n = slash ? (size_t)(slash - f) : 0;

	return vakt_xasprintf("%.*s%s../host/engine/%s", (int)n, f, n ? "/" : "", rel);
}

/* --- what git cannot keep, made at test time ------------------------------- */

/* Undo steps of a root's .test-setup, in the order they were done. */
#define MAX_UNDO 16
static struct undo {
	enum { UNDO_UNLINK, UNDO_RMDIR, UNDO_MODE } kind;
	char *path;
	mode_t mode;
} undo[MAX_UNDO];
static size_t n_undo;

static void undo_push(int kind, char *path, mode_t mode)
{
	assert_true(n_undo < MAX_UNDO);
	undo[n_undo].kind = kind;
	undo[n_undo].path = path;
	undo[n_undo++].mode = mode;
}

/*
 * Make a unix socket at path with mode, and (as root) owner uid:gid.
 * bind() takes a path of at most 107 bytes: bind a relative name from its
 * directory.
 */
static void make_socket(char *path, mode_t mode, uid_t uid, gid_t gid)
{
	char *dir = vakt_xstrdup(path), *slash = strrchr(dir, '/');
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(cwd >= 0 && fd >= 0 && slash);
	*slash = '\0';
	unlink(path);
	assert_int_equal(chdir(dir), 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", slash + 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(fchdir(cwd), 0);
	close(fd);
	close(cwd);
	assert_int_equal(chmod(path, mode), 0);
	if (geteuid() == 0)
		assert_int_equal(chown(path, uid, gid), 0);
	undo_push(UNDO_UNLINK, path, 0);
	free(dir);
}

/* Do what case c's .test-setup says (socket, dir, mode lines), if it has one. */
static void setup_root(const char *c)
{
	char *spec = vakt_xasprintf("%s/.test-setup", c), *spec_path = fixture(spec), line[512];
	FILE *fp = fopen(spec_path, "r");

	while (fp && fgets(line, sizeof(line), fp)) {
		char what[16], rel[256], *path, *rel_c;
		unsigned mode, uid = 0, gid = 0;
		struct stat st;
		int k = sscanf(line, "%15s %255s %o %u %u", what, rel, &mode, &uid, &gid);

		if (k < 3 || what[0] == '#')
			continue;
		rel_c = vakt_xasprintf("%s/%s", c, rel);
		path = fixture(rel_c);
		free(rel_c);
		if (!strcmp(what, "socket")) {
			assert_int_equal(k, 5);
			make_socket(path, mode, uid, gid);
		} else if (!strcmp(what, "dir")) {
			if (mkdir(path, mode) == 0)
				undo_push(UNDO_RMDIR, path, 0);
			else
				free(path);
		} else {
			assert_string_equal(what, "mode");
			assert_int_equal(stat(path, &st), 0);
			assert_int_equal(chmod(path, mode), 0);
			undo_push(UNDO_MODE, path, st.st_mode & 07777);
		}
	}
	if (fp)
		fclose(fp);
	free(spec_path);
	free(spec);
}

static void teardown_root(void)
{
	while (n_undo) {
		struct undo *u = &undo[--n_undo];

		if (u->kind == UNDO_UNLINK)
			unlink(u->path);
		else if (u->kind == UNDO_RMDIR)
			rmdir(u->path);
		else
			chmod(u->path, u->mode);
		free(u->path);
	}
}

/* --- collecting and judging a root ----------------------------------------- */

struct run {
	struct host_root root;
	struct host_facts f;
	struct vakt_error_list warnings;
	struct vakt_findings out;
	struct vakt_config *cfg;
	struct vakt_scan_opts opts;
};

static void judge(struct run *r)
{
	struct vakt_check_ctx ctx = {0};

	r->cfg = vakt_config_new();
	vakt_scan_opts_init(&r->opts, r->cfg);
	ctx.opts = &r->opts;
	ctx.out = &r->out;
	ctx.model = &r->f;
	ctx.file = "host";
	vakt_rules_run_table(&ctx, host_docker_rules, VAKT_SCOPE_UNIT);
}

/* Collect the docker part of case c (NULL: the live machine) and run the rules. */
static void run_case(struct run *r, const char *c)
{
	struct vakt_error *err = NULL;
	char *path = c ? fixture(c) : NULL;

	memset(r, 0, sizeof(*r));
	if (c)
		setup_root(c);
	assert_int_equal(host_root_open(path, &r->root, &err), 0);
	r->f.root = &r->root;
	host_docker_collect(&r->root, &r->f.docker, &r->f.obs, &r->warnings);
	judge(r);
	free(path);
}

static void run_release(struct run *r)
{
	vakt_findings_release(&r->out);
	vakt_config_free(r->cfg);
	vakt_error_list_release(&r->warnings);
	host_facts_release(&r->f);
	host_root_release(&r->root);
	teardown_root();
}

/*
 * Whether a finding is about who owns the fixture's files: as a user other
 * than root, the checked-out tree and the sockets made here belong to that
 * user and group, and the ownership rules (HO042, HO043, HO046) rightly say
 * so. Not counted then; test_socket_owner and test_socket_perms check them
 * as root.
 */
static bool ownership_artifact(const struct vakt_finding *f)
{
	return geteuid() != 0 &&
	       (!strcmp(f->rule->id, "HO042") || !strcmp(f->rule->id, "HO043") ||
	        (!strcmp(f->rule->id, "HO046") && strstr(f->message, "owned by uid")));
}

static size_t count(const struct run *r, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < r->out.n; i++)
		n += !strcmp(r->out.v[i].rule->id, id) && !ownership_artifact(&r->out.v[i]);
	return n;
}

/* Every finding but the ownership artifacts. */
static size_t total(const struct run *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->out.n; i++)
		n += !ownership_artifact(&r->out.v[i]);
	return n;
}

/* The k-th finding of rule id (0-based); fails the test when there is none. */
static const struct vakt_finding *nth(const struct run *r, const char *id, size_t k)
{
	for (size_t i = 0; i < r->out.n; i++)
		if (!strcmp(r->out.v[i].rule->id, id) && k-- == 0)
			return &r->out.v[i];
	fail_msg("no finding %s", id);
	return NULL;
}

static void print_findings(const struct run *r)
{
	for (size_t i = 0; i < r->out.n; i++)
		print_message("# %s %s %s:%d %s\n", r->out.v[i].rule->id,
		              vakt_severity_name(r->out.v[i].severity), r->out.v[i].loc.file,
		              r->out.v[i].loc.line, r->out.v[i].message);
}

/* Whether an observation of probe has this verdict (prefix). */
static bool observed(const struct run *r, const char *probe, const char *verdict)
{
	for (size_t i = 0; i < r->f.obs.n; i++)
		if (!strcmp(r->f.obs.v[i].probe, probe) &&
		    vakt_starts_with(r->f.obs.v[i].verdict, verdict))
			return true;
	return false;
}

/* --- cases ------------------------------------------------------------------ */

/* A default Docker CE install: the CIS findings at low, the group at info, runc 1.1.14. */
static void test_default(void **state)
{
	struct run r;
	const struct vakt_finding *f;
	static const char *const low[] = {"HO047", "HO048", "HO049", "HO050", "HO051"};

	(void)state;
	run_case(&r, "default");
	print_findings(&r);
	/* only the real dockerd: not tail -f dockerd.log, not a python script called dockerd */
	assert_int_equal(r.f.docker.n_daemons, 1);
	assert_int_equal(r.f.docker.daemons[0].pid, 812);
	assert_int_equal(r.f.docker.daemons[0].uid, 0);
	assert_false(r.f.docker.daemons[0].rootless);
	assert_int_equal(r.f.docker.daemons[0].config_state, HOST_FILE_ABSENT);
	assert_true(observed(&r, "docker.daemon", "not dockerd"));
	assert_true(r.f.docker.docker_installed);
	/* /var/run/docker.sock is /run/docker.sock: one socket, not two */
	assert_int_equal(r.f.docker.n_sockets, 2);
	assert_string_equal(r.f.docker.sockets[0].path, "/run/docker.sock");
	assert_int_equal(r.f.docker.sockets[1].engine, HOST_ENGINE_CONTAINERD);
	/* the units of docker-ce, found once through /lib -> /usr/lib */
	assert_int_equal(r.f.docker.n_files, 2);
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(low); i++) {
		assert_int_equal(count(&r, low[i]), 1);
		f = nth(&r, low[i], 0);
		assert_int_equal(f->severity, VAKT_SEV_LOW);
		assert_string_equal(f->loc.file, "/proc/812/cmdline");
	}
	f = nth(&r, "HO045", 0);
	assert_int_equal(f->severity, VAKT_SEV_INFO);
	assert_string_equal(f->loc.file, "/etc/group");
	assert_int_equal(f->loc.line, 14);
	assert_non_null(strstr(f->message, "(alice)"));
	assert_int_equal(nth(&r, "HO056", 0)->severity, VAKT_SEV_INFO);
	/* containerd.io 1.7.22's runc 1.1.14: before 1.2.8 */
	f = nth(&r, "HO062", 0);
	assert_int_equal(f->severity, VAKT_SEV_HIGH);
	assert_string_equal(f->loc.file, "runc --version");
	assert_int_equal(f->loc.line, 1);
	assert_string_equal(r.f.docker.containerd.package, "containerd.io");
	assert_string_equal(r.f.docker.docker_engine.version, "27.3.1");
	assert_false(r.f.docker.docker_engine.distro);
	assert_int_equal(total(&r), VAKT_ARRAY_SIZE(low) + 3);
	assert_int_equal(r.warnings.n, 0);
	run_release(&r);
}

/* Every setting the benchmark asks for: nothing to report, runc 1.2.8 fixed. */
static void test_hardened(void **state)
{
	struct run r;

	(void)state;
	run_case(&r, "hardened");
	print_findings(&r);
	assert_int_equal(r.f.docker.daemons[0].config_state, HOST_FILE_READ);
	assert_int_equal(r.f.docker.daemons[0].set[HOST_DK_ICC].line, 2);
	assert_string_equal(r.f.docker.runc.version, "1.2.8");
	assert_int_equal(total(&r), 0);
	run_release(&r);
}

static void test_tcp(void **state)
{
	struct run r;
	const struct vakt_finding *f;

	(void)state;
	run_case(&r, "tcp");
	print_findings(&r);
	assert_int_equal(count(&r, "HO040"), 2);
	f = nth(&r, "HO040", 0);
	assert_int_equal(f->severity, VAKT_SEV_CRITICAL);
	assert_string_equal(f->loc.file, "/etc/docker/daemon.json");
	assert_int_equal(f->loc.line, 4);
	assert_non_null(strstr(f->message, "tcp://0.0.0.0:2375 without TLS"));
	f = nth(&r, "HO040", 1);
	assert_int_equal(f->severity, VAKT_SEV_MEDIUM);
	assert_int_equal(f->loc.line, 5);
	assert_int_equal(count(&r, "HO054"), 2);
	assert_int_equal(nth(&r, "HO054", 0)->severity, VAKT_SEV_MEDIUM);
	assert_int_equal(nth(&r, "HO054", 0)->loc.line, 7);
	assert_int_equal(nth(&r, "HO054", 1)->severity, VAKT_SEV_LOW);
	assert_int_equal(count(&r, "HO055"), 1);
	assert_int_equal(nth(&r, "HO055", 0)->loc.line, 8);
	assert_int_equal(nth(&r, "HO052", 0)->loc.line, 9);
	assert_int_equal(nth(&r, "HO053", 0)->loc.line, 10);
	assert_non_null(strstr(nth(&r, "HO045", 0)->message, "(alice, bob)"));
	/* the flags and the file do not overlap: no conflict */
	assert_int_equal(count(&r, "HO057"), 0);
	/* the unix:///var/run/docker.sock host is the default socket: absent here */
	assert_int_equal(r.f.docker.n_sockets, 0);
	run_release(&r);
}

/* The same hosts with tlsverify, and with TLS but no verification. */
static void test_tcp_tls(void **state)
{
	struct run r;

	(void)state;
	run_case(&r, "tcp");
	vakt_findings_release(&r.out);
	memset(&r.out, 0, sizeof(r.out));
	vakt_config_free(r.cfg);
	r.f.docker.daemons[0].set[HOST_DK_TLS].from = HOST_FROM_FILE;
	r.f.docker.daemons[0].set[HOST_DK_TLS].b = true;
	judge(&r);
	assert_int_equal(count(&r, "HO040"), 2);
	assert_int_equal(nth(&r, "HO040", 0)->severity, VAKT_SEV_HIGH);
	assert_non_null(strstr(nth(&r, "HO040", 0)->message, "without client verification"));
	assert_int_equal(nth(&r, "HO040", 1)->severity, VAKT_SEV_LOW);
	vakt_findings_release(&r.out);
	memset(&r.out, 0, sizeof(r.out));
	vakt_config_free(r.cfg);
	r.f.docker.daemons[0].set[HOST_DK_TLSVERIFY].from = HOST_FROM_FLAG;
	r.f.docker.daemons[0].set[HOST_DK_TLSVERIFY].b = true;
	judge(&r);
	assert_int_equal(count(&r, "HO040"), 0);
	run_release(&r);
}

/* Run the rules on one daemon with command line args (on the "none" root). */
static void run_flags(struct run *r, const char *const *args, size_t n)
{
	struct host_docker_daemon *dd;

	run_case(r, "none");
	vakt_findings_release(&r->out);
	memset(&r->out, 0, sizeof(r->out));
	vakt_config_free(r->cfg);
	dd = vakt_xcalloc(1, sizeof(*dd));
	dd->pid = 4242;
	dd->uid = 0;
	dd->cmdline = vakt_xstrdup("/proc/4242/cmdline");
	host_docker_apply_flags(dd, args, n);
	r->f.docker.daemons = dd;
	r->f.docker.n_daemons = 1;
	judge(r);
	print_findings(r);
}

/* The forms of -H dockerd accepts, and tlsverify=false (which turns TLS on). */
static void test_tcp_forms(void **state)
{
	static const char *const plain[] = {
	    "dockerd",
	    "-H",
	    "tcp://:2375",
	    "-H",
	    "tcp://",
	    "-H",
	    "192.168.1.10:2375",
	    "-H",
	    "fd://",
	    "-H",
	    "unix:///run/docker.sock",
	    "-H",
	    "tcp://[::]:2375",
	    "-H",
	    "",
	};
	static const char *const verify_false[] = {
	    "dockerd", "-H", "tcp://:2375", "-H", "tcp://192.168.1.10:2375", "--tlsverify=false"};
	struct run r;

	(void)state;
	run_flags(&r, plain, VAKT_ARRAY_SIZE(plain));
	assert_int_equal(count(&r, "HO040"), 4);
	/* no host: dockerd binds localhost */
	assert_int_equal(nth(&r, "HO040", 0)->severity, VAKT_SEV_MEDIUM);
	assert_int_equal(nth(&r, "HO040", 1)->severity, VAKT_SEV_MEDIUM);
	/* no scheme: tcp */
	assert_int_equal(nth(&r, "HO040", 2)->severity, VAKT_SEV_CRITICAL);
	assert_int_equal(nth(&r, "HO040", 3)->severity, VAKT_SEV_CRITICAL);
	assert_string_equal(nth(&r, "HO040", 3)->loc.file, "/proc/4242/cmdline");
	run_release(&r);
	run_flags(&r, verify_false, VAKT_ARRAY_SIZE(verify_false));
	assert_int_equal(count(&r, "HO040"), 2);
	assert_int_equal(nth(&r, "HO040", 0)->severity, VAKT_SEV_LOW);
	assert_int_equal(nth(&r, "HO040", 1)->severity, VAKT_SEV_HIGH);
	run_release(&r);
}

/* -H fd:// with docker.socket drop-ins that add TCP listeners. */
static void test_tcp_socket_unit(void **state)
{
	struct run r;
	const struct vakt_finding *f;

	(void)state;
	run_case(&r, "tcp-socket-unit");
	print_findings(&r);
	assert_int_equal(count(&r, "HO040"), 2);
	f = nth(&r, "HO040", 0);
	assert_int_equal(f->severity, VAKT_SEV_CRITICAL);
	assert_string_equal(f->loc.file, "/etc/systemd/system/docker.socket.d/10-tcp.conf");
	assert_int_equal(f->loc.line, 5);
	assert_non_null(strstr(f->message, "tcp://0.0.0.0:2375"));
	f = nth(&r, "HO040", 1);
	assert_int_equal(f->severity, VAKT_SEV_MEDIUM);
	assert_string_equal(f->loc.file, "/etc/systemd/system/docker.socket.d/20-local.conf");
	assert_int_equal(f->loc.line, 2);
	/* /usr/lib's 10-tcp.conf is masked by /etc's; [Install] is not [Socket] */
	for (size_t i = 0; i < r.out.n; i++) {
		assert_null(strstr(r.out.v[i].message, "4243"));
		assert_null(strstr(r.out.v[i].message, "9999"));
	}
	/* the unit's own /run/docker.sock was cleared, then listed again: fd://, a path, two ports
	 */
	assert_int_equal(r.f.docker.daemons[0].list[HOST_DL_HOSTS].n, 4);
	assert_true(observed(&r, "docker.socket-unit", "a listener"));
	run_release(&r);
}

/*
 * A dind container's dockerd beside the host's: found (another pid
 * namespace), its files not read from the host's /etc, its TCP port judged
 * as a container's.
 */
static void test_dind(void **state)
{
	struct run r;
	const struct host_docker_daemon *dind;
	const struct vakt_finding *f;

	(void)state;
	run_case(&r, "dind");
	print_findings(&r);
	assert_int_equal(r.f.docker.n_daemons, 2);
	assert_false(r.f.docker.daemons[0].in_container);
	assert_false(r.f.docker.daemons[0].other_netns);
	dind = &r.f.docker.daemons[1];
	assert_int_equal(dind->pid, 5120);
	assert_true(dind->in_container);
	assert_true(dind->other_netns);
	assert_int_equal(dind->config_state, HOST_FILE_UNREADABLE);
	assert_true(observed(&r, "docker.daemon", "dockerd in a container"));
	f = nth(&r, "HO040", 0);
	assert_int_equal(count(&r, "HO040"), 1);
	assert_int_equal(f->severity, VAKT_SEV_MEDIUM);
	assert_string_equal(f->loc.file, "/proc/5120/cmdline");
	assert_non_null(strstr(f->message, "own network namespace"));
	/* the host's daemon.json is hardened; the dind daemon's defaults are not judged */
	assert_int_equal(total(&r), 1);
	run_release(&r);
}

static void test_socket_perms(void **state)
{
	struct run r;
	const struct vakt_finding *f;

	(void)state;
	/* its .test-setup makes the sockets, a 0700 user directory and daemon.json 0666 */
	run_case(&r, "socket-perms");
	print_findings(&r);
	assert_int_equal(r.f.docker.n_sockets, 5);
	assert_int_equal(count(&r, "HO041"), 2);
	f = nth(&r, "HO041", 0);
	assert_int_equal(f->severity, VAKT_SEV_CRITICAL);
	assert_string_equal(f->loc.file, "/run/docker.sock");
	assert_non_null(strstr(f->message, "mode 0666"));
	assert_ptr_equal(vakt_registry_find("CONT-8108"), f->rule);
	assert_true(r.f.docker.sockets[3].rootless);
	assert_true(r.f.docker.sockets[3].parent_closed);
	/* a rootless engine's socket gives away its user, not root: one step lower */
	f = nth(&r, "HO041", 1);
	assert_string_equal(f->loc.file, "/run/user/1001/podman/podman.sock");
	assert_int_equal(f->severity, VAKT_SEV_HIGH);
	assert_non_null(strstr(f->message, "as its user"));
	if (geteuid() == 0) {
		f = nth(&r, "HO042", 0);
		assert_int_equal(count(&r, "HO042"), 1);
		assert_string_equal(f->loc.file, "/run/podman/podman.sock");
		assert_non_null(strstr(f->message, "group 'ci'"));
		assert_non_null(strstr(f->message, "jenkins, alice"));
		assert_int_equal(count(&r, "HO043"), 0);
		f = nth(&r, "HO044", 0);
		assert_int_equal(count(&r, "HO044"), 1);
		assert_string_equal(f->loc.file, "/run/containerd/containerd.sock");
		assert_int_equal(f->severity, VAKT_SEV_LOW);
		/* daemon.json mode 0666 */
		f = nth(&r, "HO046", 0);
		assert_string_equal(f->loc.file, "/etc/docker/daemon.json");
		assert_non_null(strstr(f->message, "every user"));
		assert_int_equal(count(&r, "HO046"), 1);
	} else {
		print_message(
		    "# not root: ownership checks skipped (the sockets cannot be chowned)\n");
	}
	run_release(&r);
}

/* A swarm node: live restore is incompatible with swarm mode, not asked. */
static void test_swarm(void **state)
{
	struct run r;

	(void)state;
	run_case(&r, "swarm");
	assert_true(r.f.docker.daemons[0].swarm);
	assert_true(observed(&r, "docker.swarm", "swarm node"));
	assert_int_equal(count(&r, "HO050"), 0);
	assert_int_equal(count(&r, "HO048"), 1);
	run_release(&r);
}

/* The socket handed to a user (a rootful engine's). */
static void test_socket_owner(void **state)
{
	struct run r;

	(void)state;
	if (geteuid() != 0)
		skip();
	run_case(&r, "socket-owner");
	assert_int_equal(count(&r, "HO043"), 1);
	assert_non_null(strstr(nth(&r, "HO043", 0)->message, "uid 1000"));
	assert_int_equal(total(&r), 1);
	run_release(&r);
}

static void test_rootless_docker(void **state)
{
	struct run r;
	const struct host_docker_daemon *dd;

	(void)state;
	run_case(&r, "rootless-docker");
	print_findings(&r);
	assert_int_equal(r.f.docker.n_daemons, 1);
	dd = &r.f.docker.daemons[0];
	assert_int_equal(dd->pid, 2301);
	assert_true(dd->rootless);
	assert_int_equal(dd->uid, 1000);
	assert_string_equal(dd->config, "/home/alice/.config/docker/daemon.json");
	assert_int_equal(dd->config_state, HOST_FILE_READ);
	assert_true(vakt_strv_contains(&r.f.docker.rootless_users, "uid 1000 (docker)", false));
	assert_int_equal(r.f.docker.rootless_users.n, 1);
	assert_int_equal(r.f.docker.n_sockets, 1);
	assert_true(r.f.docker.sockets[0].rootless);
	/* what rootless makes moot is not asked: userns-remap, proxy, authz, socket group */
	assert_int_equal(count(&r, "HO047"), 0);
	assert_int_equal(count(&r, "HO051"), 0);
	assert_int_equal(count(&r, "HO056"), 0);
	assert_int_equal(count(&r, "HO043"), 0);
	assert_int_equal(count(&r, "HO046"), 0);
	assert_int_equal(count(&r, "HO048"), 1);
	assert_int_equal(count(&r, "HO049"), 1);
	assert_int_equal(count(&r, "HO050"), 1);
	assert_string_equal(nth(&r, "HO048", 0)->loc.file,
	                    "/home/alice/.config/docker/daemon.json");
	assert_int_equal(total(&r), 3);
	run_release(&r);
}

static void test_podman_rootless(void **state)
{
	struct run r;

	(void)state;
	run_case(&r, "podman-rootless");
	print_findings(&r);
	assert_int_equal(r.f.docker.n_daemons, 0);
	assert_false(r.f.docker.docker_installed);
	assert_int_equal(r.f.docker.n_sockets, 1);
	assert_int_equal(r.f.docker.sockets[0].engine, HOST_ENGINE_PODMAN);
	assert_true(r.f.docker.sockets[0].rootless);
	assert_true(vakt_strv_contains(&r.f.docker.rootless_users, "uid 1001 (podman)", false));
	assert_int_equal(r.f.docker.rootless_users.n, 1);
	assert_true(observed(&r, "docker.rootless", "rootless engine storage"));
	assert_int_equal(total(&r), 0);
	run_release(&r);
}

static void test_none(void **state)
{
	struct run r;

	(void)state;
	run_case(&r, "none");
	print_findings(&r);
	assert_int_equal(total(&r), 0);
	assert_int_equal(r.f.docker.n_daemons, 0);
	assert_int_equal(r.f.docker.n_sockets, 0);
	assert_true(observed(&r, "docker.daemon", "absent"));
	assert_true(observed(&r, "docker.socket", "absent"));
	assert_true(observed(&r, "containerd.socket", "absent"));
	assert_true(observed(&r, "docker.group", "absent"));
	assert_true(observed(&r, "docker.runc", "absent"));
	assert_int_equal(r.warnings.n, 0);
	run_release(&r);
}

/* daemon.json cannot be read: no default is judged, the flags still are. */
static void test_unreadable(void **state)
{
	struct run r;

	(void)state;
	run_case(&r, "unreadable");
	print_findings(&r);
	assert_int_equal(r.f.docker.daemons[0].config_state, HOST_FILE_UNREADABLE);
	assert_true(observed(&r, "docker.config", "unreadable"));
	assert_int_equal(r.warnings.n, 1);
	assert_int_equal(r.warnings.v[0]->code, VAKT_WARNING_CODE);
	assert_non_null(strstr(r.warnings.v[0]->msg, "the settings it holds are unknown"));
	assert_int_equal(count(&r, "HO048"), 1);
	assert_string_equal(nth(&r, "HO048", 0)->loc.file, "/proc/812/cmdline");
	assert_int_equal(count(&r, "HO047"), 0);
	assert_int_equal(count(&r, "HO049"), 0);
	assert_int_equal(count(&r, "HO050"), 0);
	assert_int_equal(count(&r, "HO056"), 0);
	assert_int_equal(total(&r), 1);
	run_release(&r);
}

/* A root in a temporary directory with only etc/docker/daemon.json. */
struct tmp_root {
	char dir[32];
	char *etc, *docker, *file;
};

/* Write head, pad bytes 'a', then tail as the daemon.json of a new tmp root; collect it into r. */
static void run_tmp(struct run *r, struct tmp_root *t, const char *head, size_t head_len,
                    size_t pad, const char *tail)
{
	struct vakt_error *err = NULL;
	FILE *fp;

	snprintf(t->dir, sizeof(t->dir), "/tmp/vakt-engine-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	t->etc = vakt_xasprintf("%s/etc", t->dir);
	t->docker = vakt_xasprintf("%s/etc/docker", t->dir);
	t->file = vakt_xasprintf("%s/etc/docker/daemon.json", t->dir);
	assert_int_equal(mkdir(t->etc, 0755), 0);
	assert_int_equal(mkdir(t->docker, 0755), 0);
	fp = fopen(t->file, "w");
	assert_non_null(fp);
	fwrite(head, 1, head_len, fp);
	for (size_t i = 0; i < pad; i++)
		fputc('a', fp);
	fputs(tail, fp);
	fclose(fp);
	memset(r, 0, sizeof(*r));
	assert_int_equal(host_root_open(t->dir, &r->root, &err), 0);
	host_docker_collect(&r->root, &r->f.docker, &r->f.obs, &r->warnings);
	judge(r);
	print_findings(r);
}

static void tmp_release(struct run *r, struct tmp_root *t)
{
	run_release(r);
	unlink(t->file);
	rmdir(t->docker);
	rmdir(t->etc);
	rmdir(t->dir);
	free(t->file);
	free(t->docker);
	free(t->etc);
}

/* daemon.json too large: a distinct "too large" warning, and unknown settings. */
static void test_config_ceiling(void **state)
{
	static const char head[] = "{\"icc\": true, \"labels\": [\"";
	struct tmp_root t;
	struct run r;

	(void)state;
	run_tmp(&r, &t, head, sizeof(head) - 1, HOST_DOCKER_MAX_CONFIG, "\"]}\n");
	assert_int_equal(r.f.docker.n_daemons, 1);
	assert_int_equal(r.f.docker.daemons[0].config_state, HOST_FILE_UNREADABLE);
	assert_int_equal(r.warnings.n, 1);
	assert_non_null(strstr(r.warnings.v[0]->msg, "too large"));
	assert_int_equal(total(&r), 0);
	tmp_release(&r, &t);
}

/*
 * What dockerd accepts: a byte-order mark, a file of white space, a key
 * written twice (the last wins); a top level that is no object it refuses.
 */
static void test_config_forms(void **state)
{
	static const char bom[] = "\xef\xbb\xbf{\n  \"icc\": true\n}\n";
	static const char twice[] = "{\n  \"icc\": false,\n  \"icc\": true\n}\n";
	static const char array[] = "[\"icc\"]\n";
	struct tmp_root t;
	struct run r;

	(void)state;
	run_tmp(&r, &t, bom, sizeof(bom) - 1, 0, "");
	assert_int_equal(r.f.docker.daemons[0].config_state, HOST_FILE_READ);
	assert_true(r.f.docker.daemons[0].set[HOST_DK_ICC].b);
	assert_int_equal(nth(&r, "HO048", 0)->loc.line, 2);
	tmp_release(&r, &t);
	run_tmp(&r, &t, " \n\t\n", 4, 0, "");
	assert_int_equal(r.f.docker.daemons[0].config_state, HOST_FILE_READ);
	assert_int_equal(r.warnings.n, 0);
	tmp_release(&r, &t);
	run_tmp(&r, &t, twice, sizeof(twice) - 1, 0, "");
	assert_int_equal(r.f.docker.daemons[0].config_state, HOST_FILE_READ);
	assert_true(r.f.docker.daemons[0].set[HOST_DK_ICC].b);
	assert_int_equal(nth(&r, "HO048", 0)->loc.line, 3);
	tmp_release(&r, &t);
	run_tmp(&r, &t, array, sizeof(array) - 1, 0, "");
	assert_int_equal(r.f.docker.daemons[0].config_state, HOST_FILE_MALFORMED);
	assert_non_null(strstr(nth(&r, "HO057", 0)->message, "not an object"));
	tmp_release(&r, &t);
}

/* A missing comma: an error with line and column; the flags and the rest go on. */
static void test_malformed(void **state)
{
	struct run r;
	const struct vakt_finding *f;

	(void)state;
	run_case(&r, "malformed");
	print_findings(&r);
	assert_int_equal(r.f.docker.daemons[0].config_state, HOST_FILE_MALFORMED);
	assert_int_equal(r.warnings.n, 1);
	assert_int_equal(r.warnings.v[0]->line, 4);
	assert_true(r.warnings.v[0]->column > 0);
	assert_string_equal(r.warnings.v[0]->file, "/etc/docker/daemon.json");
	f = nth(&r, "HO057", 0);
	assert_int_equal(f->loc.line, 4);
	assert_non_null(strstr(f->message, "refuses to start"));
	/* --userland-proxy=true on the command line is still judged */
	assert_string_equal(nth(&r, "HO051", 0)->loc.file, "/proc/812/cmdline");
	assert_int_equal(count(&r, "HO048"), 0);
	assert_int_equal(count(&r, "HO050"), 0);
	assert_int_equal(total(&r), 2);
	run_release(&r);
}

static void test_conflict(void **state)
{
	struct run r;

	(void)state;
	run_case(&r, "conflict");
	print_findings(&r);
	assert_int_equal(count(&r, "HO057"), 2);
	assert_non_null(strstr(nth(&r, "HO057", 0)->message, "'hosts'"));
	assert_non_null(strstr(nth(&r, "HO057", 1)->message, "'icc'"));
	assert_string_equal(nth(&r, "HO057", 0)->loc.file, "/proc/812/cmdline");
	/* the flag wins: -H fd://, and through it what docker.socket listens on */
	assert_int_equal(r.f.docker.daemons[0].list[HOST_DL_HOSTS].n, 2);
	assert_string_equal(r.f.docker.daemons[0].list[HOST_DL_HOSTS].v[0].s, "fd://");
	assert_string_equal(r.f.docker.daemons[0].list[HOST_DL_HOSTS].v[1].s,
	                    "unix:///run/docker.sock");
	assert_int_equal(r.f.docker.daemons[0].list[HOST_DL_HOSTS].v[1].from, HOST_FROM_UNIT);
	assert_int_equal(r.f.docker.daemons[0].list[HOST_DL_HOSTS].v[1].line, 5);
	assert_int_equal(count(&r, "HO048"), 0);
	assert_int_equal(count(&r, "HO050"), 0);
	run_release(&r);
}

/* Debian's runc 1.1.5+ds1-1+deb12u1: potentially affected, as info (backports). */
static void test_runc_debian(void **state)
{
	struct run r;
	const struct vakt_finding *f;

	(void)state;
	run_case(&r, "runc-debian");
	print_findings(&r);
	assert_string_equal(r.f.docker.runc.version, "1.1.5");
	assert_true(r.f.docker.runc.distro);
	assert_true(r.f.docker.docker_engine.distro);
	assert_string_equal(r.f.docker.containerd.version, "1.6.20");
	f = nth(&r, "HO061", 0);
	assert_int_equal(f->severity, VAKT_SEV_INFO);
	assert_string_equal(f->loc.file, "/var/lib/dpkg/status");
	assert_int_equal(f->loc.line, 32);
	assert_non_null(strstr(f->message, "runc 1.1.5+ds1-1+deb12u1"));
	assert_non_null(strstr(f->message, "security tracker"));
	assert_int_equal(nth(&r, "HO062", 0)->severity, VAKT_SEV_INFO);
	assert_int_equal(count(&r, "HO060"), 0);
	run_release(&r);
}

static void test_runc_fixed(void **state)
{
	struct run r;

	(void)state;
	run_case(&r, "runc-fixed");
	assert_string_equal(r.f.docker.runc.version, "1.3.3");
	assert_int_equal(total(&r), 0);
	run_release(&r);
}

static void test_runc_old(void **state)
{
	struct run r;

	(void)state;
	run_case(&r, "runc-old");
	print_findings(&r);
	assert_string_equal(r.f.docker.runc.version, "1.0.0-rc6");
	assert_false(r.f.docker.runc.distro);
	assert_int_equal(nth(&r, "HO060", 0)->severity, VAKT_SEV_HIGH);
	assert_int_equal(count(&r, "HO061"), 0);
	assert_int_equal(nth(&r, "HO062", 0)->severity, VAKT_SEV_HIGH);
	assert_int_equal(total(&r), 2);
	run_release(&r);
}

/* runc --version of a distribution's build, and output without a version. */
static void test_runc_output(void **state)
{
	struct run r;

	(void)state;
	run_case(&r, "runc-ubuntu");
	print_findings(&r);
	assert_string_equal(r.f.docker.runc.version, "1.1.12");
	assert_true(r.f.docker.runc.distro);
	assert_null(r.f.docker.runc.package);
	/* 1.1.12 is fixed for CVE-2024-21626, not for the 2025 ones: info, a distribution's build
	 */
	assert_int_equal(count(&r, "HO061"), 0);
	assert_int_equal(nth(&r, "HO062", 0)->severity, VAKT_SEV_INFO);
	assert_non_null(strstr(nth(&r, "HO062", 0)->message, "security tracker"));
	run_release(&r);
	run_case(&r, "runc-garbage");
	assert_null(r.f.docker.runc.version);
	assert_true(observed(&r, "docker.runc", "unknown"));
	assert_int_equal(total(&r), 0);
	run_release(&r);
}

/* The runc ranges at their edges, through the rules. */
static void test_runc_ranges(void **state)
{
	static const struct {
		const char *v;
		bool a, b, c; /* HO060, HO061, HO062 */
	} cases[] = {
	    {"1.0.0-rc6", true, false, true},   {"1.0.0-rc7", false, false, true},
	    {"1.0.0-rc92", false, false, true}, {"1.0.0-rc93", false, true, true},
	    {"1.1.11", false, true, true},      {"1.1.12", false, false, true},
	    {"1.2.7", false, false, true},      {"1.2.8", false, false, false},
	    {"1.3.0-rc.1", false, false, true}, {"1.3.2", false, false, true},
	    {"1.3.3", false, false, false},     {"1.4.0-rc.1", false, false, true},
	    {"1.4.0-rc.2", false, false, true}, {"1.4.0-rc.3", false, false, false},
	    {"1.4.0", false, false, false},     {"not-a-version", false, false, false},
	};
	struct run r;

	(void)state;
	run_case(&r, "none");
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		vakt_findings_release(&r.out);
		memset(&r.out, 0, sizeof(r.out));
		vakt_config_free(r.cfg);
		free(r.f.docker.runc.version);
		free(r.f.docker.runc.source);
		r.f.docker.runc.version = vakt_xstrdup(cases[i].v);
		r.f.docker.runc.source = vakt_xstrdup("runc --version");
		judge(&r);
		print_message("# runc %s\n", cases[i].v);
		assert_int_equal(count(&r, "HO060"), cases[i].a);
		assert_int_equal(count(&r, "HO061"), cases[i].b);
		assert_int_equal(count(&r, "HO062"), cases[i].c);
	}
	run_release(&r);
}

/* docker-ce 18.06 bundled its own docker-runc: CVE-2019-5736 from the engine's version. */
static void test_docker_ce_old(void **state)
{
	struct run r;
	const struct vakt_finding *f;

	(void)state;
	run_case(&r, "docker-ce-18.06");
	print_findings(&r);
	assert_null(r.f.docker.runc.version);
	f = nth(&r, "HO060", 0);
	assert_int_equal(f->severity, VAKT_SEV_HIGH);
	assert_non_null(strstr(f->message, "docker-ce 18.06.1~ce~3-0~debian"));
	/* installed, not running, no daemon.json: the defaults are judged at the file's path */
	assert_int_equal(r.f.docker.daemons[0].pid, 0);
	assert_string_equal(nth(&r, "HO048", 0)->loc.file, "/etc/docker/daemon.json");
	run_release(&r);
}

/* Whether rule id judges ownership, which a user other than root cannot set up in a fixture. */
static bool ownership_rule(const char *id)
{
	return !strcmp(id, "HO042") || !strcmp(id, "HO043") || !strcmp(id, "HO046");
}

/*
 * tests/host/rules/<id>/: every rule of the table has fail-* roots where it
 * reports and pass-* roots where it does not.
 */
static void test_rule_fixtures(void **state)
{
	(void)state;
	for (const struct vakt_rule *rule = host_docker_rules; rule->id; rule++) {
		char *rel = vakt_xasprintf("../rules/%s", rule->id), *dir_path = fixture(rel);
		DIR *dir = opendir(dir_path);
		struct dirent *de;
		size_t fails = 0, passes = 0;

		if (!dir)
			fail_msg("no fixtures for %s in %s", rule->id, dir_path);
		while ((de = readdir(dir))) {
			bool fail = vakt_starts_with(de->d_name, "fail-");
			char *c;
			struct run r;

			if (!fail && !vakt_starts_with(de->d_name, "pass-"))
				continue;
			fails += fail;
			passes += !fail;
			c = vakt_xasprintf("%s/%s", rel, de->d_name);
			run_case(&r, c);
			print_message("# %s %s: %zu\n", rule->id, de->d_name, count(&r, rule->id));
			if (fail && !(ownership_rule(rule->id) && geteuid() != 0))
				assert_true(count(&r, rule->id) > 0);
			if (!fail)
				assert_int_equal(count(&r, rule->id), 0);
			run_release(&r);
			free(c);
		}
		closedir(dir);
		assert_true(fails > 0 && passes > 0);
		free(dir_path);
		free(rel);
	}
}

/* This machine: a docker client and no engine. Nothing crashes; the facts join. */
static void test_live(void **state)
{
	struct run r;
	struct vakt_error *err = NULL;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(host_root_open(NULL, &r.root, &err), 0);
	assert_true(r.root.live);
	host_facts_collect(&r.root, &r.f, &r.warnings);
	judge(&r);
	print_findings(&r);
	for (size_t i = 0; i < r.f.obs.n; i++)
		print_message("# %s %s:%d %s (%s)\n", r.f.obs.v[i].probe, r.f.obs.v[i].source,
		              r.f.obs.v[i].line, r.f.obs.v[i].verdict, r.f.obs.v[i].seen);
	assert_true(r.f.obs.n > 0);
	run_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {

	    cmocka_unit_test(test_default),
	    cmocka_unit_test(test_hardened),
	    cmocka_unit_test(test_tcp),
	    cmocka_unit_test(test_tcp_tls),
	    cmocka_unit_test(test_tcp_forms),
	    cmocka_unit_test(test_tcp_socket_unit),
	    cmocka_unit_test(test_dind),
	    cmocka_unit_test(test_socket_perms),
	    cmocka_unit_test(test_socket_owner),
	    cmocka_unit_test(test_swarm),
	    cmocka_unit_test(test_rootless_docker),
	    cmocka_unit_test(test_podman_rootless),
	    cmocka_unit_test(test_none),
	    cmocka_unit_test(test_unreadable),
	    cmocka_unit_test(test_config_ceiling),
	    cmocka_unit_test(test_config_forms),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_conflict),
	    cmocka_unit_test(test_runc_debian),
	    cmocka_unit_test(test_runc_fixed),
	    cmocka_unit_test(test_runc_old),
	    cmocka_unit_test(test_runc_output),
	    cmocka_unit_test(test_runc_ranges),
	    cmocka_unit_test(test_docker_ce_old),
	    cmocka_unit_test(test_rule_fixtures),
	    cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
