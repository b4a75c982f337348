/* SPDX-License-Identifier: MIT */
/* Unit tests for the package-manager command model (src/dockerfile/df-pkg.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/util.h"
#include "dockerfile/df-pkg.h"

/* A tokenized script and the package command of one of its commands. */
struct fixture {
	struct shell_script sh;
	struct df_pkg_cmd p;
	bool ok;
};

/* Tokenize s and model its command number `idx`; false when it is no package command. */
static bool model(struct fixture *fx, const char *s, size_t idx)
{
	memset(fx, 0, sizeof(*fx));
	shell_parse_str(s, &fx->sh);
	assert_true(idx < fx->sh.n);
	fx->ok = df_pkg_parse(&fx->sh.cmds[idx], &fx->p);
	return fx->ok;
}

static void fixture_release(struct fixture *fx)
{
	df_pkg_cmd_release(&fx->p);
	shell_script_release(&fx->sh);
}

static void assert_pkg(const struct df_pkg_ref *r, const char *name, const char *op,
                       const char *version)
{
	assert_string_equal(r->name, name);
	if (version) {
		assert_non_null(r->version);
		assert_string_equal(r->version, version);
		assert_string_equal(r->op, op);
	} else {
		assert_null(r->version);
		assert_string_equal(r->op, "");
	}
}

/* The text of the action word. */
static const char *verb_text(const struct fixture *fx)
{
	const struct shell_cmd *c = fx->p.cmd;

	return fx->p.verb < c->argc ? c->argv[fx->p.verb].text : "";
}

/* --- apt ------------------------------------------------------------------------ */

static void test_apt_get_install(void **state)
{
	struct fixture fx;

	assert_true(model(&fx, "apt-get install -y --no-install-recommends curl=7.88.1-10 git", 0));
	assert_int_equal(fx.p.manager, DF_PKG_MGR_APT_GET);
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	assert_int_equal(fx.p.prog, 0);
	assert_int_equal(fx.p.verb, 1);
	assert_int_equal(fx.p.n_pkgs, 2);
	assert_pkg(&fx.p.pkgs[0], "curl", "=", "7.88.1-10");
	assert_pkg(&fx.p.pkgs[1], "git", NULL, NULL);
	assert_true(df_pkg_ref_pinned(&fx.p.pkgs[0]));
	assert_false(df_pkg_ref_pinned(&fx.p.pkgs[1]));
	assert_int_equal(fx.p.pkgs[0].source, DF_PKG_SRC_REGISTRY);
	assert_int_equal(fx.p.pkgs[1].argi, 5);
	assert_true(df_pkg_has_opt(&fx.p, "y", NULL));
	assert_true(
	    df_pkg_has_opt(&fx.p, NULL, (const char *const[]){"--no-install-recommends", NULL}));
	assert_false(df_pkg_has_opt(&fx.p, "q", NULL));
	fixture_release(&fx);
}

static void test_apt_get_options_with_values(void **state)
{
	struct fixture fx;

	/* -o and -t take a value, and options may come before the action. */
	assert_true(model(&fx,
	                  "apt-get -o Dpkg::Options::=--force-confold -t bookworm-backports -qq "
	                  "install foo/bookworm-backports libc6:i386=2.36-9 ./pkgs/x.deb",
	                  0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	assert_string_equal(verb_text(&fx), "install");
	assert_int_equal(fx.p.n_pkgs, 3);
	assert_pkg(&fx.p.pkgs[0], "foo", NULL, NULL);
	assert_pkg(&fx.p.pkgs[1], "libc6", "=", "2.36-9");
	assert_int_equal(fx.p.pkgs[2].source, DF_PKG_SRC_FILE);
	assert_string_equal(fx.p.pkgs[2].name, "./pkgs/x.deb");
	fixture_release(&fx);

	/* A letter inside an option's value is not an option. */
	assert_true(model(&fx, "apt-get -oDebug::pkgProblemResolver=yes install x", 0));
	assert_false(df_pkg_has_opt(&fx.p, "y", NULL));
	assert_true(df_pkg_has_opt(&fx.p, "o", NULL));
	assert_int_equal(fx.p.n_pkgs, 1);
	fixture_release(&fx);

	assert_true(model(&fx, "apt-get install -qy --option=APT::Get::x=1 vim", 0));
	assert_true(df_pkg_has_opt(&fx.p, "y", NULL));
	assert_int_equal(fx.p.n_pkgs, 1);
	assert_pkg(&fx.p.pkgs[0], "vim", NULL, NULL);
	fixture_release(&fx);
}

static void test_apt_actions(void **state)
{
	static const struct {
		const char *s;
		enum df_pkg_manager m;
		enum df_pkg_action a;
	} cases[] = {
	    {"apt-get update", DF_PKG_MGR_APT_GET, DF_PKG_ACT_UPDATE},
	    {"apt-get -qq update", DF_PKG_MGR_APT_GET, DF_PKG_ACT_UPDATE},
	    {"apt-get upgrade -y", DF_PKG_MGR_APT_GET, DF_PKG_ACT_UPGRADE},
	    {"apt-get dist-upgrade -y", DF_PKG_MGR_APT_GET, DF_PKG_ACT_DIST_UPGRADE},
	    {"apt-get full-upgrade", DF_PKG_MGR_APT_GET, DF_PKG_ACT_DIST_UPGRADE},
	    {"apt-get clean", DF_PKG_MGR_APT_GET, DF_PKG_ACT_CLEAN},
	    {"apt-get purge -y --auto-remove curl", DF_PKG_MGR_APT_GET, DF_PKG_ACT_REMOVE},
	    {"apt-get autoremove -y", DF_PKG_MGR_APT_GET, DF_PKG_ACT_REMOVE},
	    {"apt-get source x", DF_PKG_MGR_APT_GET, DF_PKG_ACT_OTHER},
	    {"apt install curl", DF_PKG_MGR_APT, DF_PKG_ACT_INSTALL},
	    {"aptitude install -y curl", DF_PKG_MGR_APTITUDE, DF_PKG_ACT_INSTALL},
	    {"aptitude safe-upgrade", DF_PKG_MGR_APTITUDE, DF_PKG_ACT_UPGRADE},
	    {"/usr/bin/apt-get install x", DF_PKG_MGR_APT_GET, DF_PKG_ACT_INSTALL},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct fixture fx;

		assert_true(model(&fx, cases[i].s, 0));
		assert_int_equal(fx.p.manager, cases[i].m);
		assert_int_equal(fx.p.action, cases[i].a);
		assert_int_equal(df_pkg_family(fx.p.manager), DF_PKG_FAM_DEB);
		fixture_release(&fx);
	}
}

static void test_wrappers(void **state)
{
	struct fixture fx;

	assert_true(model(&fx, "sudo apt-get install -y curl", 0));
	assert_int_equal(fx.p.prog, 1);
	assert_int_equal(fx.p.n_pkgs, 1);
	assert_pkg(&fx.p.pkgs[0], "curl", NULL, NULL);
	fixture_release(&fx);

	assert_true(model(&fx, "sudo -E -u root apt-get install -y curl", 0));
	assert_string_equal(fx.p.cmd->argv[fx.p.prog].text, "apt-get");
	fixture_release(&fx);

	assert_true(model(&fx, "DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata", 0));
	assert_int_equal(fx.p.prog, 0);
	assert_int_equal(fx.p.cmd->n_assigns, 1);
	assert_pkg(&fx.p.pkgs[0], "tzdata", NULL, NULL);
	fixture_release(&fx);

	assert_true(model(&fx, "env DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata", 0));
	assert_int_equal(fx.p.prog, 2);
	assert_int_equal(fx.p.n_pkgs, 1);
	fixture_release(&fx);

	/* The second command of a list; sh -c bodies are modelled like the rest. */
	assert_true(model(&fx, "apt-get update && apt-get install -y git", 1));
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	fixture_release(&fx);
}

static void test_not_package_commands(void **state)
{
	static const char *const cases[] = {
	    "echo apt-get install curl",   "ls -l",
	    "python3 script.py install x", "python3 -c 'import pip'",
	    "python3 -m venv /venv",       "make install",
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct fixture fx;

		assert_false(model(&fx, cases[i], 0));
		assert_int_equal(fx.p.manager, DF_PKG_MGR_NONE);
		assert_null(fx.p.pkgs);
		fixture_release(&fx);
	}
}

/* --- apk ------------------------------------------------------------------------ */

static void test_apk(void **state)
{
	struct fixture fx;

	assert_true(model(&fx,
	                  "apk add --no-cache --virtual .build-deps -X http://mirror/edge gcc "
	                  "musl-dev=1.2.4-r2 curl@edge 'python3>=3.11' bash~5.2 ./x.apk",
	                  0));
	assert_int_equal(fx.p.manager, DF_PKG_MGR_APK);
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	assert_int_equal(fx.p.n_pkgs, 6);
	assert_pkg(&fx.p.pkgs[0], "gcc", NULL, NULL);
	assert_pkg(&fx.p.pkgs[1], "musl-dev", "=", "1.2.4-r2");
	assert_pkg(&fx.p.pkgs[2], "curl", NULL, NULL);
	assert_pkg(&fx.p.pkgs[3], "python3", ">=", "3.11");
	assert_pkg(&fx.p.pkgs[4], "bash", "~", "5.2");
	assert_int_equal(fx.p.pkgs[5].source, DF_PKG_SRC_FILE);
	assert_true(df_pkg_has_opt(&fx.p, NULL, (const char *const[]){"--no-cache", NULL}));
	fixture_release(&fx);

	assert_true(model(&fx, "apk --no-cache add curl", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	assert_int_equal(fx.p.n_pkgs, 1);
	fixture_release(&fx);

	assert_true(model(&fx, "apk upgrade --available", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_UPGRADE);
	fixture_release(&fx);
	assert_true(model(&fx, "apk del .build-deps", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_REMOVE);
	assert_pkg(&fx.p.pkgs[0], ".build-deps", NULL, NULL);
	fixture_release(&fx);
	assert_true(model(&fx, "apk update", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_UPDATE);
	fixture_release(&fx);
	assert_true(model(&fx, "apk cache clean", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_CLEAN);
	assert_string_equal(verb_text(&fx), "clean");
	fixture_release(&fx);
}

/* --- yum, dnf, microdnf, tdnf, zypper ------------------------------------------- */

static void test_rpm_versions(void **state)
{
	struct fixture fx;

	assert_true(model(&fx,
	                  "yum install -y --enablerepo epel --setopt=tsflags=nodocs httpd-2.4.6 "
	                  "java-11-openjdk python3-3.6.8-18.el7 java-1.8.0-openjdk-devel-1.8.0.292 "
	                  "/tmp/x.rpm @development",
	                  0));
	assert_int_equal(fx.p.manager, DF_PKG_MGR_YUM);
	assert_int_equal(fx.p.n_pkgs, 6);
	assert_pkg(&fx.p.pkgs[0], "httpd", "-", "2.4.6");
	assert_pkg(&fx.p.pkgs[1], "java-11-openjdk", NULL, NULL);
	assert_pkg(&fx.p.pkgs[2], "python3", "-", "3.6.8-18.el7");
	assert_pkg(&fx.p.pkgs[3], "java-1.8.0-openjdk-devel", "-", "1.8.0.292");
	assert_int_equal(fx.p.pkgs[4].source, DF_PKG_SRC_FILE);
	assert_pkg(&fx.p.pkgs[5], "@development", NULL, NULL);
	fixture_release(&fx);

	assert_true(model(&fx, "dnf install -y curl-${CURL_VERSION} kernel-devel-$(uname -r)", 0));
	assert_int_equal(fx.p.manager, DF_PKG_MGR_DNF);
	assert_int_equal(fx.p.n_pkgs, 2);
	assert_pkg(&fx.p.pkgs[0], "curl", "-", "${CURL_VERSION}");
	assert_pkg(&fx.p.pkgs[1], "kernel-devel", "-", "$(uname -r)");
	assert_false(fx.p.pkgs[0].variable);
	fixture_release(&fx);

	assert_true(model(&fx, "dnf -y module install nodejs:18/common", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	assert_string_equal(verb_text(&fx), "install");
	assert_int_equal(fx.p.n_pkgs, 1);
	assert_pkg(&fx.p.pkgs[0], "nodejs", ":", "18/common");
	fixture_release(&fx);

	assert_true(model(&fx, "yum group install -y 'Development Tools'", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	assert_int_equal(fx.p.n_pkgs, 1);
	assert_pkg(&fx.p.pkgs[0], "Development Tools", NULL, NULL);
	fixture_release(&fx);
}

static void test_rpm_actions(void **state)
{
	static const struct {
		const char *s;
		enum df_pkg_manager m;
		enum df_pkg_action a;
		size_t n_pkgs;
	} cases[] = {
	    {"yum update -y", DF_PKG_MGR_YUM, DF_PKG_ACT_UPGRADE, 0},
	    {"yum update -y openssl", DF_PKG_MGR_YUM, DF_PKG_ACT_UPGRADE, 1},
	    {"yum clean all", DF_PKG_MGR_YUM, DF_PKG_ACT_CLEAN, 0},
	    {"dnf makecache", DF_PKG_MGR_DNF, DF_PKG_ACT_UPDATE, 0},
	    {"dnf distro-sync", DF_PKG_MGR_DNF, DF_PKG_ACT_DIST_UPGRADE, 0},
	    {"dnf remove -y x", DF_PKG_MGR_DNF, DF_PKG_ACT_REMOVE, 1},
	    {"microdnf install -y shadow-utils", DF_PKG_MGR_MICRODNF, DF_PKG_ACT_INSTALL, 1},
	    {"microdnf clean all", DF_PKG_MGR_MICRODNF, DF_PKG_ACT_CLEAN, 0},
	    {"tdnf install -y curl", DF_PKG_MGR_TDNF, DF_PKG_ACT_INSTALL, 1},
	    {"zypper --non-interactive install -y curl", DF_PKG_MGR_ZYPPER, DF_PKG_ACT_INSTALL, 1},
	    {"zypper ref", DF_PKG_MGR_ZYPPER, DF_PKG_ACT_UPDATE, 0},
	    {"zypper dup", DF_PKG_MGR_ZYPPER, DF_PKG_ACT_DIST_UPGRADE, 0},
	    {"zypper cc -a", DF_PKG_MGR_ZYPPER, DF_PKG_ACT_CLEAN, 0},
	    {"zypper rm x", DF_PKG_MGR_ZYPPER, DF_PKG_ACT_REMOVE, 1},
	};

	for (size_t i = 0; i < VAKT_ARRAY_SIZE(cases); i++) {
		struct fixture fx;

		assert_true(model(&fx, cases[i].s, 0));
		assert_int_equal(fx.p.manager, cases[i].m);
		assert_int_equal(fx.p.action, cases[i].a);
		assert_int_equal(fx.p.n_pkgs, cases[i].n_pkgs);
		fixture_release(&fx);
	}
}

static void test_zypper_versions(void **state)
{
	struct fixture fx;

	assert_true(model(&fx, "zypper -n install --repo oss 'curl>=8' vim=9.1 git", 0));
	assert_int_equal(fx.p.n_pkgs, 3);
	assert_pkg(&fx.p.pkgs[0], "curl", ">=", "8");
	assert_pkg(&fx.p.pkgs[1], "vim", "=", "9.1");
	assert_pkg(&fx.p.pkgs[2], "git", NULL, NULL);
	assert_true(df_pkg_has_opt(&fx.p, "n", NULL));
	assert_int_equal(df_pkg_family(fx.p.manager), DF_PKG_FAM_ZYPP);
	fixture_release(&fx);
}

/* --- language managers ---------------------------------------------------------- */

static void test_pip(void **state)
{
	struct fixture fx;

	assert_true(model(&fx,
	                  "pip install --no-cache-dir -r requirements.txt -i https://idx/simple "
	                  "flask==2.0.3 'uvicorn[standard]>=0.20' requests 'attrs~=23.1' ./local "
	                  "git+https://github.com/x/y.git . pkg.whl 'name @ https://x/y.zip'",
	                  0));
	assert_int_equal(fx.p.manager, DF_PKG_MGR_PIP);
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	assert_int_equal(fx.p.n_pkgs, 9);
	assert_pkg(&fx.p.pkgs[0], "flask", "==", "2.0.3");
	assert_pkg(&fx.p.pkgs[1], "uvicorn", ">=", "0.20");
	assert_pkg(&fx.p.pkgs[2], "requests", NULL, NULL);
	assert_pkg(&fx.p.pkgs[3], "attrs", "~=", "23.1");
	assert_int_equal(fx.p.pkgs[4].source, DF_PKG_SRC_FILE);
	assert_int_equal(fx.p.pkgs[5].source, DF_PKG_SRC_VCS);
	assert_int_equal(fx.p.pkgs[6].source, DF_PKG_SRC_FILE);
	assert_int_equal(fx.p.pkgs[7].source, DF_PKG_SRC_FILE);
	assert_int_equal(fx.p.pkgs[8].source, DF_PKG_SRC_URL);
	assert_string_equal(fx.p.pkgs[8].name, "name");
	assert_true(df_pkg_has_opt(&fx.p, "r", NULL));
	fixture_release(&fx);

	assert_true(model(&fx, "python3 -m pip install --upgrade pip", 0));
	assert_int_equal(fx.p.manager, DF_PKG_MGR_PIP);
	assert_int_equal(fx.p.prog, 2);
	assert_int_equal(fx.p.n_pkgs, 1);
	assert_pkg(&fx.p.pkgs[0], "pip", NULL, NULL);
	fixture_release(&fx);

	assert_true(model(&fx, "python3.12 -u -mpip --no-cache-dir install x==1", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	assert_true(df_pkg_has_opt(&fx.p, NULL, (const char *const[]){"--no-cache-dir", NULL}));
	assert_pkg(&fx.p.pkgs[0], "x", "==", "1");
	fixture_release(&fx);

	assert_true(model(&fx, "pip3.11 uninstall -y x", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_REMOVE);
	fixture_release(&fx);
	assert_true(model(&fx, "pip cache purge", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_CLEAN);
	fixture_release(&fx);
}

static void test_npm_yarn_pnpm(void **state)
{
	struct fixture fx;

	assert_true(model(&fx,
	                  "npm install -g --registry https://r npm@10.2.0 @angular/cli "
	                  "@scope/pkg@1.0.0 express user/repo ./dir x.tgz left-pad@latest",
	                  0));
	assert_int_equal(fx.p.manager, DF_PKG_MGR_NPM);
	assert_int_equal(fx.p.n_pkgs, 8);
	assert_pkg(&fx.p.pkgs[0], "npm", "@", "10.2.0");
	assert_pkg(&fx.p.pkgs[1], "@angular/cli", NULL, NULL);
	assert_pkg(&fx.p.pkgs[2], "@scope/pkg", "@", "1.0.0");
	assert_pkg(&fx.p.pkgs[3], "express", NULL, NULL);
	assert_int_equal(fx.p.pkgs[4].source, DF_PKG_SRC_VCS);
	assert_int_equal(fx.p.pkgs[5].source, DF_PKG_SRC_FILE);
	assert_int_equal(fx.p.pkgs[6].source, DF_PKG_SRC_FILE);
	assert_pkg(&fx.p.pkgs[7], "left-pad", "@", "latest");
	assert_false(df_pkg_ref_pinned(&fx.p.pkgs[7]));
	fixture_release(&fx);

	assert_true(model(&fx, "npm ci --omit=dev", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	assert_int_equal(fx.p.n_pkgs, 0);
	fixture_release(&fx);
	assert_true(model(&fx, "npm cache clean --force", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_CLEAN);
	fixture_release(&fx);
	assert_true(model(&fx, "yarn global add typescript@5.4.5", 0));
	assert_int_equal(fx.p.manager, DF_PKG_MGR_YARN);
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	assert_pkg(&fx.p.pkgs[0], "typescript", "@", "5.4.5");
	fixture_release(&fx);
	assert_true(model(&fx, "yarn", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	fixture_release(&fx);
	assert_true(model(&fx, "pnpm add -D vite", 0));
	assert_int_equal(fx.p.manager, DF_PKG_MGR_PNPM);
	assert_pkg(&fx.p.pkgs[0], "vite", NULL, NULL);
	fixture_release(&fx);
}

static void test_gem_go_cargo(void **state)
{
	struct fixture fx;

	assert_true(model(&fx, "gem install --no-document rails -v 7.1.3", 0));
	assert_int_equal(fx.p.manager, DF_PKG_MGR_GEM);
	assert_int_equal(fx.p.n_pkgs, 1);
	assert_pkg(&fx.p.pkgs[0], "rails", "-v", "7.1.3");
	fixture_release(&fx);
	assert_true(model(&fx, "gem install bundler:2.4.22 nokogiri", 0));
	assert_pkg(&fx.p.pkgs[0], "bundler", ":", "2.4.22");
	assert_pkg(&fx.p.pkgs[1], "nokogiri", NULL, NULL);
	fixture_release(&fx);

	assert_true(model(&fx,
	                  "go install -ldflags '-s -w' -trimpath golang.org/x/tools/gopls@v0.16.1 "
	                  "example.com/cmd@latest example.com/x ./...",
	                  0));
	assert_int_equal(fx.p.manager, DF_PKG_MGR_GO);
	assert_int_equal(fx.p.n_pkgs, 4);
	assert_pkg(&fx.p.pkgs[0], "golang.org/x/tools/gopls", "@", "v0.16.1");
	assert_false(df_pkg_ref_pinned(&fx.p.pkgs[1]));
	assert_pkg(&fx.p.pkgs[2], "example.com/x", NULL, NULL);
	assert_int_equal(fx.p.pkgs[3].source, DF_PKG_SRC_FILE);
	fixture_release(&fx);
	assert_true(model(&fx, "go build -o /app .", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_OTHER);
	assert_null(fx.p.pkgs);
	fixture_release(&fx);

	assert_true(model(&fx, "cargo install ripgrep --version 14.1.0 bat@0.24.0", 0));
	assert_int_equal(fx.p.manager, DF_PKG_MGR_CARGO);
	assert_pkg(&fx.p.pkgs[0], "ripgrep", "-v", "14.1.0");
	assert_pkg(&fx.p.pkgs[1], "bat", "@", "0.24.0");
	fixture_release(&fx);
	assert_true(model(&fx, "cargo install --git https://github.com/x/y tool", 0));
	assert_int_equal(fx.p.pkgs[0].source, DF_PKG_SRC_VCS);
	fixture_release(&fx);
}

/* Issue 10: the spellings hadolint's own tests use. */
static void test_aliases_groups_refs(void **state)
{
	struct fixture fx;

	assert_true(model(&fx, "dnf in -y vim", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	assert_pkg(&fx.p.pkgs[0], "vim", NULL, NULL);
	fixture_release(&fx);
	assert_true(model(&fx, "microdnf up-min", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_UPGRADE);
	fixture_release(&fx);
	assert_true(
	    model(&fx, "dnf -y group install 'Development Tools' @rpm-development-tools", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	assert_int_equal(fx.p.n_pkgs, 2);
	assert_int_equal(fx.p.pkgs[0].source, DF_PKG_SRC_GROUP);
	assert_int_equal(fx.p.pkgs[1].source, DF_PKG_SRC_GROUP);
	fixture_release(&fx);
	assert_true(model(&fx, "yum groupinstall -y 'Development Tools'", 0));
	assert_int_equal(fx.p.pkgs[0].source, DF_PKG_SRC_GROUP);
	fixture_release(&fx);

	assert_true(model(&fx, "gem install nokogiri -v 1.16 -- --use-system-libraries x", 0));
	assert_int_equal(fx.p.n_pkgs, 1);
	fixture_release(&fx);

	assert_true(model(&fx, "go get -u example.com/x", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	assert_pkg(&fx.p.pkgs[0], "example.com/x", NULL, NULL);
	fixture_release(&fx);
	assert_true(model(&fx, "go run example.com/gen@v1.2 ./api -out x", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	assert_int_equal(fx.p.n_pkgs, 1);
	assert_pkg(&fx.p.pkgs[0], "example.com/gen", "@", "v1.2");
	fixture_release(&fx);
	assert_true(model(&fx, "go run main.go example.com/x@latest", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_OTHER);
	assert_int_equal(fx.p.n_pkgs, 0);
	fixture_release(&fx);

	assert_true(model(&fx,
	                  "pip install git+https://host/x/y.git@v1.2#egg=y git+ssh://git@host/x/z "
	                  "'w @ git+https://host/x/w@abc' src/pkg '.[test]'",
	                  0));
	assert_int_equal(fx.p.n_pkgs, 5);
	assert_int_equal(fx.p.pkgs[0].source, DF_PKG_SRC_VCS);
	assert_string_equal(fx.p.pkgs[0].version, "v1.2");
	assert_int_equal(fx.p.pkgs[1].source, DF_PKG_SRC_VCS);
	assert_null(fx.p.pkgs[1].version);
	assert_int_equal(fx.p.pkgs[2].source, DF_PKG_SRC_VCS);
	assert_pkg(&fx.p.pkgs[2], "w", "@", "abc");
	assert_int_equal(fx.p.pkgs[3].source, DF_PKG_SRC_FILE);
	assert_int_equal(fx.p.pkgs[4].source, DF_PKG_SRC_FILE);
	fixture_release(&fx);
	assert_true(model(&fx, "npm i git+https://host/x/y.git#v1 github:x/z", 0));
	assert_string_equal(fx.p.pkgs[0].version, "v1");
	assert_string_equal(fx.p.pkgs[0].op, "#");
	assert_null(fx.p.pkgs[1].version);
	fixture_release(&fx);
	assert_true(model(&fx, "pipx install --python python3.12 black==24.4.2", 0));
	assert_int_equal(fx.p.manager, DF_PKG_MGR_PIPX);
	assert_pkg(&fx.p.pkgs[0], "black", "==", "24.4.2");
	fixture_release(&fx);
}

/* cargo's --git with and without a ref; pipx inject and run. */
static void test_cargo_git_pipx_verbs(void **state)
{
	struct fixture fx;

	assert_true(model(&fx, "cargo install --git https://github.com/x/tool", 0));
	assert_int_equal(fx.p.n_pkgs, 1);
	assert_int_equal(fx.p.pkgs[0].source, DF_PKG_SRC_VCS);
	assert_pkg(&fx.p.pkgs[0], "https://github.com/x/tool", NULL, NULL);
	fixture_release(&fx);
	assert_true(model(&fx, "cargo install --locked --git https://h/x/y --tag v1.2 y", 0));
	assert_int_equal(fx.p.n_pkgs, 1);
	assert_pkg(&fx.p.pkgs[0], "y", "@", "v1.2");
	assert_true(df_pkg_ref_pinned(&fx.p.pkgs[0]));
	fixture_release(&fx);
	assert_true(model(&fx, "cargo install --git https://h/x/y --rev 0a1b2c", 0));
	assert_pkg(&fx.p.pkgs[0], "https://h/x/y", "@", "0a1b2c");
	fixture_release(&fx);
	assert_true(model(&fx, "cargo install --git https://h/x/y --branch main y", 0));
	assert_false(df_pkg_ref_pinned(&fx.p.pkgs[0]));
	fixture_release(&fx);
	assert_true(model(&fx, "cargo install --git=https://h/x/y", 0));
	assert_int_equal(fx.p.n_pkgs, 1);
	assert_pkg(&fx.p.pkgs[0], "https://h/x/y", NULL, NULL);
	fixture_release(&fx);
	assert_true(model(&fx, "cargo install --git=https://h/x/y --tag=v2", 0));
	assert_pkg(&fx.p.pkgs[0], "https://h/x/y", "@", "v2");
	fixture_release(&fx);

	assert_true(model(&fx, "pipx inject black click==8.1.7 rich", 0));
	assert_int_equal(fx.p.action, DF_PKG_ACT_INSTALL);
	assert_int_equal(fx.p.n_pkgs, 2);
	assert_pkg(&fx.p.pkgs[0], "click", "==", "8.1.7");
	assert_pkg(&fx.p.pkgs[1], "rich", NULL, NULL);
	fixture_release(&fx);
	assert_true(model(&fx, "pipx run cowsay -t hello world", 0));
	assert_int_equal(fx.p.n_pkgs, 1);
	assert_pkg(&fx.p.pkgs[0], "cowsay", NULL, NULL);
	fixture_release(&fx);
	assert_true(model(&fx, "pipx run --spec cowsay==6.1 cowsay -t hi", 0));
	assert_int_equal(fx.p.n_pkgs, 1);
	assert_pkg(&fx.p.pkgs[0], "cowsay", "==", "6.1");
	fixture_release(&fx);
}

static void test_variables(void **state)
{
	struct fixture fx;

	assert_true(model(&fx, "apt-get install -y $PACKAGES curl=${CURL_VERSION}", 0));
	assert_int_equal(fx.p.n_pkgs, 2);
	assert_true(fx.p.pkgs[0].variable);
	assert_false(fx.p.pkgs[1].variable);
	assert_pkg(&fx.p.pkgs[1], "curl", "=", "${CURL_VERSION}");
	fixture_release(&fx);
}

/* --- the option walker ------------------------------------------------------------ */

static void test_option_walker(void **state)
{
	static const struct df_pkg_optspec curl = {"oXH", NULL, false};
	static const char *const go_values[] = {"-o", NULL};
	static const struct df_pkg_optspec go = {NULL, go_values, true};
	struct shell_script sh = {0};
	struct df_pkg_args it;
	struct df_pkg_arg a;

	shell_parse_str("curl -fsSLk -XPOSTk -o out --url=x -- -k file", &sh);
	assert_int_equal(sh.n, 1);
	df_pkg_args_init(&it, &sh.cmds[0], 1, &curl);
	/* -fsSLk: a cluster of five options, one of them k. */
	assert_true(df_pkg_args_next(&it, &a));
	assert_int_equal(a.kind, DF_PKG_ARG_OPTION);
	assert_true(df_pkg_arg_is(&a, &curl, "k", NULL));
	assert_null(a.value);
	/* -XPOSTk: X takes the rest of the word, so no k. */
	assert_true(df_pkg_args_next(&it, &a));
	assert_string_equal(a.value, "POSTk");
	assert_int_equal(a.value_i, a.i);
	assert_false(df_pkg_arg_is(&a, &curl, "k", NULL));
	/* -o out: the value is the next word. */
	assert_true(df_pkg_args_next(&it, &a));
	assert_string_equal(a.value, "out");
	assert_int_equal(a.value_i, a.i + 1);
	assert_true(df_pkg_args_next(&it, &a));
	assert_true(df_pkg_arg_is(&a, &curl, NULL, (const char *const[]){"--url", NULL}));
	assert_string_equal(a.value, "x");
	/* After "--" everything is positional. */
	assert_true(df_pkg_args_next(&it, &a));
	assert_int_equal(a.kind, DF_PKG_ARG_POSITIONAL);
	assert_string_equal(a.text, "-k");
	assert_true(df_pkg_args_next(&it, &a));
	assert_string_equal(a.text, "file");
	assert_false(df_pkg_args_next(&it, &a));
	shell_script_release(&sh);

	/* A missing value ends the walk without reading past argv. */
	shell_parse_str("curl -o", &sh);
	df_pkg_args_init(&it, &sh.cmds[0], 1, &curl);
	assert_true(df_pkg_args_next(&it, &a));
	assert_null(a.value);
	assert_false(df_pkg_args_next(&it, &a));
	assert_null(df_pkg_find_opt(&sh.cmds[0], 1, &curl, "k", NULL, NULL));
	shell_script_release(&sh);

	/* Single-dash long options (go): -o takes a value, -v is one option. */
	shell_parse_str("go build -v -o bin x", &sh);
	df_pkg_args_init(&it, &sh.cmds[0], 2, &go);
	assert_true(df_pkg_args_next(&it, &a));
	assert_false(df_pkg_arg_is(&a, &go, "v", NULL));
	assert_true(df_pkg_arg_is(&a, &go, NULL, (const char *const[]){"-v", NULL}));
	assert_true(df_pkg_args_next(&it, &a));
	assert_string_equal(a.value, "bin");
	assert_true(df_pkg_args_next(&it, &a));
	assert_string_equal(a.text, "x");
	shell_script_release(&sh);

	/* wget's "-nv" is found as a long name; "-" alone is positional. */
	shell_parse_str("wget -nv -O - url", &sh);
	assert_non_null(
	    df_pkg_find_opt(&sh.cmds[0], 1, NULL, NULL, (const char *const[]){"-nv", NULL}, &a));
	assert_int_equal(a.i, 1);
	shell_script_release(&sh);
}

/* --- ceilings and names ----------------------------------------------------------- */

static void test_max_pkgs(void **state)
{
	struct vakt_buf b = VAKT_BUF_INIT;
	struct fixture fx;

	vakt_buf_adds(&b, "apk add");
	for (size_t i = 0; i < DF_PKG_MAX_PKGS + 5; i++)
		vakt_buf_addf(&b, " p%zu", i);
	assert_true(model(&fx, vakt_buf_str(&b), 0));
	assert_int_equal(fx.p.n_pkgs, DF_PKG_MAX_PKGS);
	assert_int_equal(fx.p.n_dropped, 5);
	assert_string_equal(fx.p.pkgs[DF_PKG_MAX_PKGS - 1].name, "p4095");
	fixture_release(&fx);
	vakt_buf_release(&b);
}

static void test_names(void **state)
{
	assert_string_equal(df_pkg_manager_name(DF_PKG_MGR_APT_GET), "apt-get");
	assert_string_equal(df_pkg_manager_name(DF_PKG_MGR_MICRODNF), "microdnf");
	assert_string_equal(df_pkg_manager_name(DF_PKG_MGR_NONE), "");
	assert_string_equal(df_pkg_manager_name((enum df_pkg_manager)999), "");
	assert_string_equal(df_pkg_action_name(DF_PKG_ACT_DIST_UPGRADE), "dist-upgrade");
	assert_string_equal(df_pkg_action_name(DF_PKG_ACT_OTHER), "other");
	assert_int_equal(df_pkg_family(DF_PKG_MGR_TDNF), DF_PKG_FAM_RPM);
	assert_int_equal(df_pkg_family(DF_PKG_MGR_PIP), DF_PKG_FAM_NONE);
	assert_non_null(df_pkg_optspec(DF_PKG_MGR_APK));
	assert_null(df_pkg_optspec(DF_PKG_MGR_NONE));
	df_pkg_cmd_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_apt_get_install),
	    cmocka_unit_test(test_apt_get_options_with_values),
	    cmocka_unit_test(test_apt_actions),
	    cmocka_unit_test(test_wrappers),
	    cmocka_unit_test(test_not_package_commands),
	    cmocka_unit_test(test_apk),
	    cmocka_unit_test(test_rpm_versions),
	    cmocka_unit_test(test_rpm_actions),
	    cmocka_unit_test(test_zypper_versions),
	    cmocka_unit_test(test_pip),
	    cmocka_unit_test(test_npm_yarn_pnpm),
	    cmocka_unit_test(test_gem_go_cargo),
	    cmocka_unit_test(test_aliases_groups_refs),
	    cmocka_unit_test(test_cargo_git_pipx_verbs),
	    cmocka_unit_test(test_variables),
	    cmocka_unit_test(test_option_walker),
	    cmocka_unit_test(test_max_pkgs),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
