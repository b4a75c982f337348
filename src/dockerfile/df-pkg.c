/* SPDX-License-Identifier: MIT */
/* Package-manager commands on top of the shell tokenizer. */
#include "df-pkg-priv.h"

#include "core/util.h"

/* --- the option walker ---------------------------------------------------- */

void df_pkg_args_init(struct df_pkg_args *it, const struct shell_cmd *cmd, size_t from,
                      const struct df_pkg_optspec *spec)
{
	it->cmd = cmd;
	it->spec = spec;
	it->i = from;
	it->end_of_options = false;
}

static bool long_takes_value(const struct df_pkg_optspec *spec, const char *w, size_t n)
{
	if (!spec || !spec->value_longs)
		return false;
	for (const char *const *l = spec->value_longs; *l; l++)
		if (strlen(*l) == n && !strncmp(*l, w, n))
			return true;
	return false;
}

bool df_pkg_args_next(struct df_pkg_args *it, struct df_pkg_arg *out)
{
	const struct shell_cmd *c = it->cmd;

	while (it->i < c->argc) {
		size_t i = it->i++;
		const char *w = c->argv[i].text ? c->argv[i].text : "";

		memset(out, 0, sizeof(*out));
		out->i = i;
		out->text = w;
		out->value_i = i;
		if (it->end_of_options || w[0] != '-' || w[1] == '\0') {
			out->kind = DF_PKG_ARG_POSITIONAL;
			return true;
		}
		if (!strcmp(w, "--")) {
			it->end_of_options = true;
			continue;
		}
		out->kind = DF_PKG_ARG_OPTION;
		if (w[1] == '-' || (it->spec && it->spec->dash_long)) {
			const char *eq = strchr(w, '=');

			out->name_len = eq ? (size_t)(eq - w) : strlen(w);
			if (eq) {
				out->value = eq + 1;
			} else if (long_takes_value(it->spec, w, out->name_len) &&
			           it->i < c->argc) {
				out->value_i = it->i++;
				out->value = c->argv[out->value_i].text;
			}
			return true;
		}
		/* A cluster of short options; the first that takes a value ends it. */
		out->name_len = strlen(w);
		for (size_t k = 1; w[k]; k++) {
			if (!it->spec || !it->spec->value_shorts ||
			    !strchr(it->spec->value_shorts, w[k]))
				continue;
			out->name_len = k + 1;
			if (w[k + 1]) {
				out->value = w + k + 1;
			} else if (it->i < c->argc) {
				out->value_i = it->i++;
				out->value = c->argv[out->value_i].text;
			}
			break;
		}
		return true;
	}
	return false;
}

bool df_pkg_arg_is(const struct df_pkg_arg *a, const struct df_pkg_optspec *spec,
                   const char *shorts, const char *const *longs)
{
	if (a->kind != DF_PKG_ARG_OPTION)
		return false;
	/* A long name also matches a whole short word, for wget's "-nv" and apt's "-qq". */
	for (const char *const *l = longs; l && *l; l++)
		if (strlen(*l) == a->name_len && !strncmp(*l, a->text, a->name_len))
			return true;
	if (a->text[1] == '-' || (spec && spec->dash_long) || !shorts)
		return false;
	for (size_t k = 1; k < a->name_len; k++)
		if (strchr(shorts, a->text[k]))
			return true;
	return false;
}

const struct shell_word *df_pkg_find_opt(const struct shell_cmd *cmd, size_t from,
                                         const struct df_pkg_optspec *spec, const char *shorts,
                                         const char *const *longs, struct df_pkg_arg *out)
{
	struct df_pkg_args it;
	struct df_pkg_arg a;

	df_pkg_args_init(&it, cmd, from, spec);
	while (df_pkg_args_next(&it, &a)) {
		if (!df_pkg_arg_is(&a, spec, shorts, longs))
			continue;
		if (out)
			*out = a;
		return &cmd->argv[a.i];
	}
	return NULL;
}

/* --- option syntax of each manager ---------------------------------------- */

static const char *const apt_longs[] = {"--option",
                                        "--config-file",
                                        "--target-release",
                                        "--default-release",
                                        "--host-architecture",
                                        "--build-profiles",
                                        NULL};
static const struct df_pkg_optspec apt_spec = {"octaP", apt_longs, false};

static const char *const apk_longs[] = {
    "--repository", "--root",      "--virtual",       "--keys-dir", "--repositories-file",
    "--arch",       "--cache-dir", "--cache-max-age", "--wait",     "--timeout",
    "--from",       NULL};
static const struct df_pkg_optspec apk_spec = {"Xpt", apk_longs, false};

static const char *const rpm_longs[] = {"--enablerepo",
                                        "--disablerepo",
                                        "--repo",
                                        "--repoid",
                                        "--releasever",
                                        "--installroot",
                                        "--config",
                                        "--setopt",
                                        "--debuglevel",
                                        "--errorlevel",
                                        "--exclude",
                                        "--excludepkgs",
                                        "--downloaddir",
                                        "--destdir",
                                        "--forcearch",
                                        "--rpmverbosity",
                                        "--color",
                                        "--repofrompath",
                                        "--comment",
                                        "--advisory",
                                        "--advisories",
                                        "--bz",
                                        "--bzs",
                                        "--cve",
                                        "--cves",
                                        "--sec-severity",
                                        "--secseverity",
                                        "--disableplugin",
                                        "--enableplugin",
                                        "--noplugins-x",
                                        "--setopt-x",
                                        "--use-host-config-x",
                                        NULL};
static const struct df_pkg_optspec rpm_spec = {"cdeRx", rpm_longs, false};

static const char *const zypper_longs[] = {
    "--config",        "--root",           "--reposd-dir",    "--cache-dir",
    "--raw-cache-dir", "--solv-cache-dir", "--pkg-cache-dir", "--repo",
    "--from",          "--type",           "--download",      "--plus-repo",
    "--plus-content",  "--releasever",     "--installroot",   NULL};
static const struct df_pkg_optspec zypper_spec = {"cRDCrtp", zypper_longs, false};

static const char *const pip_longs[] = {"--requirement",
                                        "--constraint",
                                        "--editable",
                                        "--index-url",
                                        "--extra-index-url",
                                        "--find-links",
                                        "--target",
                                        "--prefix",
                                        "--root",
                                        "--trusted-host",
                                        "--platform",
                                        "--python-version",
                                        "--implementation",
                                        "--abi",
                                        "--src",
                                        "--upgrade-strategy",
                                        "--progress-bar",
                                        "--cache-dir",
                                        "--log",
                                        "--log-file",
                                        "--proxy",
                                        "--retries",
                                        "--timeout",
                                        "--exists-action",
                                        "--cert",
                                        "--client-cert",
                                        "--global-option",
                                        "--install-option",
                                        "--config-settings",
                                        "--only-binary",
                                        "--no-binary",
                                        "--root-user-action",
                                        "--report",
                                        "--python",
                                        "--keyring-provider",
                                        "--use-feature",
                                        "--use-deprecated",
                                        "--hash",
                                        "--group",
                                        NULL};
static const struct df_pkg_optspec pip_spec = {"rceiftC", pip_longs, false};

static const char *const npm_longs[] = {"--registry",
                                        "--prefix",
                                        "--cache",
                                        "--userconfig",
                                        "--globalconfig",
                                        "--tag",
                                        "--workspace",
                                        "--omit",
                                        "--include",
                                        "--loglevel",
                                        "--install-strategy",
                                        "--save-prefix",
                                        "--cwd",
                                        "--modules-folder",
                                        "--cache-folder",
                                        "--network-timeout",
                                        "--mutex",
                                        "--dir",
                                        "--filter",
                                        "--network-concurrency",
                                        "--store-dir",
                                        "--virtual-store-dir",
                                        "--config",
                                        NULL};
static const struct df_pkg_optspec npm_spec = {"wC", npm_longs, false};

static const char *const gem_longs[] = {
    "--version", "--install-dir", "--bindir",      "--source",   "--platform", "--trust-policy",
    "--file",    "--build-root",  "--config-file", "--document", "--without",  "--target-rbconfig",
    NULL};
static const struct df_pkg_optspec gem_spec = {"vinsPg", gem_longs, false};

static const char *const go_longs[] = {
    "-ldflags", "-tags",   "-gcflags",    "-asmflags",  "-mod",      "-modfile",       "-C",
    "-p",       "-pkgdir", "-toolexec",   "-buildmode", "-compiler", "-installsuffix", "-overlay",
    "-pgo",     "-o",      "-gccgoflags", "-covermode", "-coverpkg", "-exec",          NULL};
static const struct df_pkg_optspec go_spec = {NULL, go_longs, true};

static const char *const cargo_longs[] = {
    "--version", "--vers",   "--git",      "--branch",  "--tag",        "--rev",      "--path",
    "--root",    "--index",  "--registry", "--target",  "--target-dir", "--features", "--profile",
    "--jobs",    "--config", "--bin",      "--example", "--color",      NULL};
static const struct df_pkg_optspec cargo_spec = {"FjZ", cargo_longs, false};

static const char *const pipx_longs[] = {"--python", "--pip-args",   "--index-url", "--suffix",
                                         "--spec",   "--preinstall", NULL};
static const struct df_pkg_optspec pipx_spec = {NULL, pipx_longs, false};

const struct df_pkg_optspec *df_pkg_optspec(enum df_pkg_manager m)
{
	switch (m) {
	case DF_PKG_MGR_APT_GET:
	case DF_PKG_MGR_APT:
	case DF_PKG_MGR_APTITUDE:
		return &apt_spec;
	case DF_PKG_MGR_APK:
		return &apk_spec;
	case DF_PKG_MGR_YUM:
	case DF_PKG_MGR_DNF:
	case DF_PKG_MGR_MICRODNF:
	case DF_PKG_MGR_TDNF:
		return &rpm_spec;
	case DF_PKG_MGR_ZYPPER:
		return &zypper_spec;
	case DF_PKG_MGR_PIP:
		return &pip_spec;
	case DF_PKG_MGR_NPM:
	case DF_PKG_MGR_YARN:
	case DF_PKG_MGR_PNPM:
		return &npm_spec;
	case DF_PKG_MGR_GEM:
		return &gem_spec;
	case DF_PKG_MGR_GO:
		return &go_spec;
	case DF_PKG_MGR_CARGO:
		return &cargo_spec;
	case DF_PKG_MGR_PIPX:
		return &pipx_spec;
	case DF_PKG_MGR_NONE:
		break;
	}
	return NULL;
}

/* --- names ------------------------------------------------------------------ */

static const char *const manager_names[] = {
    [DF_PKG_MGR_NONE] = "",       [DF_PKG_MGR_APT_GET] = "apt-get",
    [DF_PKG_MGR_APT] = "apt",     [DF_PKG_MGR_APTITUDE] = "aptitude",
    [DF_PKG_MGR_APK] = "apk",     [DF_PKG_MGR_YUM] = "yum",
    [DF_PKG_MGR_DNF] = "dnf",     [DF_PKG_MGR_MICRODNF] = "microdnf",
    [DF_PKG_MGR_TDNF] = "tdnf",   [DF_PKG_MGR_ZYPPER] = "zypper",
    [DF_PKG_MGR_PIP] = "pip",     [DF_PKG_MGR_NPM] = "npm",
    [DF_PKG_MGR_YARN] = "yarn",   [DF_PKG_MGR_PNPM] = "pnpm",
    [DF_PKG_MGR_GEM] = "gem",     [DF_PKG_MGR_GO] = "go",
    [DF_PKG_MGR_CARGO] = "cargo", [DF_PKG_MGR_PIPX] = "pipx",
};

const char *df_pkg_manager_name(enum df_pkg_manager m)
{
	if ((size_t)m >= VAKT_ARRAY_SIZE(manager_names) || !manager_names[m])
		return "";
	return manager_names[m];
}

const char *df_pkg_action_name(enum df_pkg_action a)
{
	switch (a) {
	case DF_PKG_ACT_INSTALL:
		return "install";
	case DF_PKG_ACT_UPDATE:
		return "update";
	case DF_PKG_ACT_UPGRADE:
		return "upgrade";
	case DF_PKG_ACT_DIST_UPGRADE:
		return "dist-upgrade";
	case DF_PKG_ACT_CLEAN:
		return "clean";
	case DF_PKG_ACT_REMOVE:
		return "remove";
	case DF_PKG_ACT_OTHER:
		break;
	}
	return "other";
}

enum df_pkg_family df_pkg_family(enum df_pkg_manager m)
{
	switch (m) {
	case DF_PKG_MGR_APT_GET:
	case DF_PKG_MGR_APT:
	case DF_PKG_MGR_APTITUDE:
		return DF_PKG_FAM_DEB;
	case DF_PKG_MGR_APK:
		return DF_PKG_FAM_APK;
	case DF_PKG_MGR_YUM:
	case DF_PKG_MGR_DNF:
	case DF_PKG_MGR_MICRODNF:
	case DF_PKG_MGR_TDNF:
		return DF_PKG_FAM_RPM;
	case DF_PKG_MGR_ZYPPER:
		return DF_PKG_FAM_ZYPP;
	default:
		return DF_PKG_FAM_NONE;
	}
}

/* --- recognising the manager and its action -------------------------------- */

struct verb {
	const char *word;
	enum df_pkg_action action;
};

static const struct verb deb_verbs[] = {{"install", DF_PKG_ACT_INSTALL},
                                        {"reinstall", DF_PKG_ACT_INSTALL},
                                        {"update", DF_PKG_ACT_UPDATE},
                                        {"upgrade", DF_PKG_ACT_UPGRADE},
                                        {"safe-upgrade", DF_PKG_ACT_UPGRADE},
                                        {"dist-upgrade", DF_PKG_ACT_DIST_UPGRADE},
                                        {"full-upgrade", DF_PKG_ACT_DIST_UPGRADE},
                                        {"clean", DF_PKG_ACT_CLEAN},
                                        {"autoclean", DF_PKG_ACT_CLEAN},
                                        {"distclean", DF_PKG_ACT_CLEAN},
                                        {"remove", DF_PKG_ACT_REMOVE},
                                        {"purge", DF_PKG_ACT_REMOVE},
                                        {"autoremove", DF_PKG_ACT_REMOVE},
                                        {"autopurge", DF_PKG_ACT_REMOVE},
                                        {NULL, DF_PKG_ACT_OTHER}};

static const struct verb apk_verbs[] = {{"add", DF_PKG_ACT_INSTALL},
                                        {"del", DF_PKG_ACT_REMOVE},
                                        {"update", DF_PKG_ACT_UPDATE},
                                        {"upgrade", DF_PKG_ACT_UPGRADE},
                                        {NULL, DF_PKG_ACT_OTHER}};

/* dnf's aliases (in, rei, up, up-min, rm, mc) are accepted by yum 4 and microdnf too. */
static const struct verb rpm_verbs[] = {{"install", DF_PKG_ACT_INSTALL},
                                        {"in", DF_PKG_ACT_INSTALL},
                                        {"rei", DF_PKG_ACT_INSTALL},
                                        {"up", DF_PKG_ACT_UPGRADE},
                                        {"up-min", DF_PKG_ACT_UPGRADE},
                                        {"rm", DF_PKG_ACT_REMOVE},
                                        {"mc", DF_PKG_ACT_UPDATE},
                                        {"localinstall", DF_PKG_ACT_INSTALL},
                                        {"reinstall", DF_PKG_ACT_INSTALL},
                                        {"groupinstall", DF_PKG_ACT_INSTALL},
                                        {"update", DF_PKG_ACT_UPGRADE},
                                        {"upgrade", DF_PKG_ACT_UPGRADE},
                                        {"update-minimal", DF_PKG_ACT_UPGRADE},
                                        {"upgrade-minimal", DF_PKG_ACT_UPGRADE},
                                        {"makecache", DF_PKG_ACT_UPDATE},
                                        {"distro-sync", DF_PKG_ACT_DIST_UPGRADE},
                                        {"distrosync", DF_PKG_ACT_DIST_UPGRADE},
                                        {"dsync", DF_PKG_ACT_DIST_UPGRADE},
                                        {"clean", DF_PKG_ACT_CLEAN},
                                        {"remove", DF_PKG_ACT_REMOVE},
                                        {"erase", DF_PKG_ACT_REMOVE},
                                        {"autoremove", DF_PKG_ACT_REMOVE},
                                        {"groupremove", DF_PKG_ACT_REMOVE},
                                        {NULL, DF_PKG_ACT_OTHER}};

static const struct verb zypper_verbs[] = {
    {"install", DF_PKG_ACT_INSTALL},  {"in", DF_PKG_ACT_INSTALL},
    {"remove", DF_PKG_ACT_REMOVE},    {"rm", DF_PKG_ACT_REMOVE},
    {"refresh", DF_PKG_ACT_UPDATE},   {"ref", DF_PKG_ACT_UPDATE},
    {"update", DF_PKG_ACT_UPGRADE},   {"up", DF_PKG_ACT_UPGRADE},
    {"patch", DF_PKG_ACT_UPGRADE},    {"dist-upgrade", DF_PKG_ACT_DIST_UPGRADE},
    {"dup", DF_PKG_ACT_DIST_UPGRADE}, {"clean", DF_PKG_ACT_CLEAN},
    {"cc", DF_PKG_ACT_CLEAN},         {NULL, DF_PKG_ACT_OTHER}};

static const struct verb pip_verbs[] = {
    {"install", DF_PKG_ACT_INSTALL}, {"uninstall", DF_PKG_ACT_REMOVE}, {NULL, DF_PKG_ACT_OTHER}};

static const struct verb npm_verbs[] = {
    {"install", DF_PKG_ACT_INSTALL},  {"i", DF_PKG_ACT_INSTALL},
    {"add", DF_PKG_ACT_INSTALL},      {"in", DF_PKG_ACT_INSTALL},
    {"ins", DF_PKG_ACT_INSTALL},      {"inst", DF_PKG_ACT_INSTALL},
    {"insta", DF_PKG_ACT_INSTALL},    {"instal", DF_PKG_ACT_INSTALL},
    {"isnt", DF_PKG_ACT_INSTALL},     {"isnta", DF_PKG_ACT_INSTALL},
    {"isntal", DF_PKG_ACT_INSTALL},   {"isntall", DF_PKG_ACT_INSTALL},
    {"ci", DF_PKG_ACT_INSTALL},       {"clean-install", DF_PKG_ACT_INSTALL},
    {"ic", DF_PKG_ACT_INSTALL},       {"install-clean", DF_PKG_ACT_INSTALL},
    {"uninstall", DF_PKG_ACT_REMOVE}, {"remove", DF_PKG_ACT_REMOVE},
    {"rm", DF_PKG_ACT_REMOVE},        {"r", DF_PKG_ACT_REMOVE},
    {"un", DF_PKG_ACT_REMOVE},        {"unlink", DF_PKG_ACT_REMOVE},
    {"update", DF_PKG_ACT_UPGRADE},   {"up", DF_PKG_ACT_UPGRADE},
    {"upgrade", DF_PKG_ACT_UPGRADE},  {"udpate", DF_PKG_ACT_UPGRADE},
    {NULL, DF_PKG_ACT_OTHER}};

static const struct verb yarn_verbs[] = {
    {"add", DF_PKG_ACT_INSTALL},     {"install", DF_PKG_ACT_INSTALL}, {"remove", DF_PKG_ACT_REMOVE},
    {"upgrade", DF_PKG_ACT_UPGRADE}, {"up", DF_PKG_ACT_UPGRADE},      {NULL, DF_PKG_ACT_OTHER}};

static const struct verb pnpm_verbs[] = {
    {"add", DF_PKG_ACT_INSTALL}, {"install", DF_PKG_ACT_INSTALL},
    {"i", DF_PKG_ACT_INSTALL},   {"remove", DF_PKG_ACT_REMOVE},
    {"rm", DF_PKG_ACT_REMOVE},   {"uninstall", DF_PKG_ACT_REMOVE},
    {"un", DF_PKG_ACT_REMOVE},   {"update", DF_PKG_ACT_UPGRADE},
    {"up", DF_PKG_ACT_UPGRADE},  {"upgrade", DF_PKG_ACT_UPGRADE},
    {NULL, DF_PKG_ACT_OTHER}};

static const struct verb gem_verbs[] = {{"install", DF_PKG_ACT_INSTALL},
                                        {"i", DF_PKG_ACT_INSTALL},
                                        {"uninstall", DF_PKG_ACT_REMOVE},
                                        {"update", DF_PKG_ACT_UPGRADE},
                                        {NULL, DF_PKG_ACT_OTHER}};

/* "go run" records its module only when it names a version (see go_run_module()). */
static const struct verb go_verbs[] = {{"install", DF_PKG_ACT_INSTALL},
                                       {"get", DF_PKG_ACT_INSTALL},
                                       {"run", DF_PKG_ACT_INSTALL},
                                       {NULL, DF_PKG_ACT_OTHER}};

/* "pipx inject VENV DEP..." installs DEPs; "pipx run APP" fetches APP (see pipx_run_spec()). */
static const struct verb pipx_verbs[] = {
    {"install", DF_PKG_ACT_INSTALL},  {"inject", DF_PKG_ACT_INSTALL},  {"run", DF_PKG_ACT_INSTALL},
    {"uninstall", DF_PKG_ACT_REMOVE}, {"upgrade", DF_PKG_ACT_UPGRADE}, {NULL, DF_PKG_ACT_OTHER}};

static const struct verb cargo_verbs[] = {
    {"install", DF_PKG_ACT_INSTALL}, {"uninstall", DF_PKG_ACT_REMOVE}, {NULL, DF_PKG_ACT_OTHER}};

static enum df_pkg_action verb_action(const struct verb *v, const char *w)
{
	for (; v->word; v++)
		if (!strcmp(v->word, w))
			return v->action;
	return DF_PKG_ACT_OTHER;
}

static const struct verb *manager_verbs(enum df_pkg_manager m)
{
	switch (df_pkg_family(m)) {
	case DF_PKG_FAM_DEB:
		return deb_verbs;
	case DF_PKG_FAM_APK:
		return apk_verbs;
	case DF_PKG_FAM_RPM:
		return rpm_verbs;
	case DF_PKG_FAM_ZYPP:
		return zypper_verbs;
	case DF_PKG_FAM_NONE:
		break;
	}
	switch (m) {
	case DF_PKG_MGR_PIP:
		return pip_verbs;
	case DF_PKG_MGR_NPM:
		return npm_verbs;
	case DF_PKG_MGR_YARN:
		return yarn_verbs;
	case DF_PKG_MGR_PNPM:
		return pnpm_verbs;
	case DF_PKG_MGR_GEM:
		return gem_verbs;
	case DF_PKG_MGR_GO:
		return go_verbs;
	case DF_PKG_MGR_CARGO:
		return cargo_verbs;
	case DF_PKG_MGR_PIPX:
		return pipx_verbs;
	default:
		return NULL;
	}
}

/* "pip", "pip3", "pip3.12". */
static bool is_pip_name(const char *n)
{
	if (strncmp(n, "pip", 3))
		return false;
	for (n += 3; *n; n++)
		if (!(*n >= '0' && *n <= '9') && *n != '.')
			return false;
	return true;
}

/* "python", "python3", "python3.12". */
static bool is_python_name(const char *n)
{
	if (strncmp(n, "python", 6))
		return false;
	for (n += 6; *n; n++)
		if (!(*n >= '0' && *n <= '9') && *n != '.')
			return false;
	return true;
}

static const char *word_text(const struct shell_cmd *c, size_t i)
{
	return i < c->argc && c->argv[i].text ? c->argv[i].text : "";
}

static const char *base_name(const char *s)
{
	const char *slash = strrchr(s, '/');

	return slash ? slash + 1 : s;
}

static const char *const python_longs[] = {"--check-hash-based-pycs", NULL};
static const struct df_pkg_optspec python_spec = {"WXm", python_longs, false};

/*
 * "python3 -m pip ...": the argv index of the word naming pip, so that pip's
 * own options start after it; c->argc when this runs something else.
 */
static size_t python_pip_index(const struct shell_cmd *c, size_t prog)
{
	struct df_pkg_args it;
	struct df_pkg_arg a;

	df_pkg_args_init(&it, c, prog + 1, &python_spec);
	while (df_pkg_args_next(&it, &a)) {
		if (a.kind == DF_PKG_ARG_POSITIONAL)
			return c->argc; /* a script, not a module */
		if (a.text[1] == '-' || a.name_len < 2 || a.text[a.name_len - 1] != 'm')
			continue;
		if (!a.value || !is_pip_name(a.value))
			return c->argc;
		/* "-mpip" keeps pip's options in the next words, like "-m pip". */
		return a.value_i;
	}
	return c->argc;
}

static enum df_pkg_manager manager_of(const char *n)
{
	static const struct {
		const char *name;
		enum df_pkg_manager m;
	} names[] = {
	    {"apt-get", DF_PKG_MGR_APT_GET},
	    {"apt", DF_PKG_MGR_APT},
	    {"aptitude", DF_PKG_MGR_APTITUDE},
	    {"apk", DF_PKG_MGR_APK},
	    {"yum", DF_PKG_MGR_YUM},
	    {"dnf", DF_PKG_MGR_DNF},
	    {"dnf5", DF_PKG_MGR_DNF},
	    {"dnf-3", DF_PKG_MGR_DNF},
	    {"microdnf", DF_PKG_MGR_MICRODNF},
	    {"tdnf", DF_PKG_MGR_TDNF},
	    {"zypper", DF_PKG_MGR_ZYPPER},
	    {"npm", DF_PKG_MGR_NPM},
	    {"yarn", DF_PKG_MGR_YARN},
	    {"yarnpkg", DF_PKG_MGR_YARN},
	    {"pnpm", DF_PKG_MGR_PNPM},
	    {"gem", DF_PKG_MGR_GEM},
	    {"go", DF_PKG_MGR_GO},
	    {"cargo", DF_PKG_MGR_CARGO},
	    {"pipx", DF_PKG_MGR_PIPX},
	};

	/* Most programs are no manager: their first letter says so without a call. */
	for (size_t i = 0; i < VAKT_ARRAY_SIZE(names); i++)
		if (names[i].name[0] == n[0] && !strcmp(names[i].name, n))
			return names[i].m;
	if (is_pip_name(n))
		return DF_PKG_MGR_PIP;
	return DF_PKG_MGR_NONE;
}

/*
 * Two-word actions: "yum group install", "dnf module install", "apk cache
 * clean", "pip cache purge", "npm cache clean", "yarn global add",
 * "pnpm store prune". Returns the action and moves *verb to the second word.
 */
static enum df_pkg_action sub_action(enum df_pkg_manager m, const char *first, const char *second)
{
	enum df_pkg_family fam = df_pkg_family(m);

	if (fam == DF_PKG_FAM_RPM &&
	    (!strcmp(first, "group") || !strcmp(first, "groups") || !strcmp(first, "module"))) {
		if (!strcmp(second, "install"))
			return DF_PKG_ACT_INSTALL;
		if (!strcmp(second, "remove"))
			return DF_PKG_ACT_REMOVE;
		return DF_PKG_ACT_OTHER;
	}
	if (!strcmp(first, "cache") && (!strcmp(second, "clean") || !strcmp(second, "purge")))
		return DF_PKG_ACT_CLEAN;
	if (m == DF_PKG_MGR_YARN && !strcmp(first, "global"))
		return verb_action(yarn_verbs, second);
	if (m == DF_PKG_MGR_PNPM && !strcmp(first, "store") && !strcmp(second, "prune"))
		return DF_PKG_ACT_CLEAN;
	return DF_PKG_ACT_OTHER;
}

static bool has_sub_action(enum df_pkg_manager m, const char *first)
{
	if (df_pkg_family(m) == DF_PKG_FAM_RPM)
		return !strcmp(first, "group") || !strcmp(first, "groups") ||
		       !strcmp(first, "module");
	if (!strcmp(first, "cache"))
		return m == DF_PKG_MGR_APK || m == DF_PKG_MGR_PIP || m == DF_PKG_MGR_NPM ||
		       m == DF_PKG_MGR_YARN;
	return (m == DF_PKG_MGR_YARN && !strcmp(first, "global")) ||
	       (m == DF_PKG_MGR_PNPM && !strcmp(first, "store"));
}

static bool records_packages(enum df_pkg_action a)
{
	return a == DF_PKG_ACT_INSTALL || a == DF_PKG_ACT_REMOVE || a == DF_PKG_ACT_UPGRADE ||
	       a == DF_PKG_ACT_DIST_UPGRADE;
}

/* Free the packages recorded so far. */
static void drop_pkgs(struct df_pkg_cmd *p)
{
	for (size_t i = 0; i < p->n_pkgs; i++) {
		free(p->pkgs[i].name);
		free(p->pkgs[i].version);
	}
	free(p->pkgs);
	p->pkgs = NULL;
	p->n_pkgs = 0;
}

/*
 * "go run PKG@VERSION [ARGS]" fetches and runs a module like an install;
 * "go run ./cmd", "go run main.go" or a package of the current module (no
 * version: go.mod decides it) run local code and are no install.
 */
static void go_run_module(struct df_pkg_cmd *p)
{
	if (p->n_pkgs && p->pkgs[0].source == DF_PKG_SRC_REGISTRY && p->pkgs[0].word->text &&
	    strchr(p->pkgs[0].word->text, '@'))
		return;
	drop_pkgs(p);
	p->action = DF_PKG_ACT_OTHER;
}

/*
 * "pipx run --spec SPEC APP" installs SPEC, not APP. A --spec attached
 * ("--spec=x") or missing leaves nothing that can be judged.
 */
static void pipx_run_spec(struct df_pkg_cmd *p)
{
	static const char *const spec[] = {"--spec", NULL};
	struct df_pkg_arg a;

	if (!df_pkg_find_pkg_opt(p, NULL, spec, &a))
		return;
	drop_pkgs(p);
	if (!a.value || a.value_i == a.i)
		return;
	p->pkgs = vakt_xcalloc(1, sizeof(*p->pkgs));
	p->pkgs[0].word = &p->cmd->argv[a.value_i];
	p->pkgs[0].argi = a.value_i;
	df_pkg_ref_parse(p, &p->pkgs[0], false);
	p->n_pkgs = 1;
}

/* Whether the action word (and the word before it) name a package-group action. */
static bool group_action(const struct shell_cmd *c, size_t first, size_t verb)
{
	const char *w = word_text(c, first);

	return !strcmp(w, "group") || !strcmp(w, "groups") ||
	       (first == verb && (!strcmp(w, "groupinstall") || !strcmp(w, "groupremove")));
}

bool df_pkg_parse(const struct shell_cmd *c, struct df_pkg_cmd *out)
{
	const struct df_pkg_optspec *spec;
	const struct verb *verbs;
	struct df_pkg_args it;
	struct df_pkg_arg a;
	size_t prog, cap = 0;
	bool module = false, group = false, go_run = false, pipx_run = false, skip_venv = false;
	const char *name;

	memset(out, 0, sizeof(*out));
	prog = shell_cmd_skip_wrappers(c);
	if (prog >= c->argc)
		return false;
	name = base_name(word_text(c, prog));
	out->manager = manager_of(name);
	if (out->manager == DF_PKG_MGR_NONE && is_python_name(name)) {
		prog = python_pip_index(c, prog);
		if (prog < c->argc)
			out->manager = DF_PKG_MGR_PIP;
	}
	if (out->manager == DF_PKG_MGR_NONE)
		return false;
	out->cmd = c;
	out->prog = prog;
	out->verb = c->argc;
	spec = df_pkg_optspec(out->manager);
	verbs = manager_verbs(out->manager);
	df_pkg_args_init(&it, c, prog + 1, spec);
	while (df_pkg_args_next(&it, &a)) {
		if (a.kind != DF_PKG_ARG_POSITIONAL)
			continue;
		if (out->verb == c->argc) {
			out->verb = a.i;
			if (!has_sub_action(out->manager, a.text)) {
				out->action = verb_action(verbs, a.text);
				go_run = out->manager == DF_PKG_MGR_GO && !strcmp(a.text, "run");
				pipx_run =
				    out->manager == DF_PKG_MGR_PIPX && !strcmp(a.text, "run");
				skip_venv =
				    out->manager == DF_PKG_MGR_PIPX && !strcmp(a.text, "inject");
				group = df_pkg_family(out->manager) == DF_PKG_FAM_RPM &&
				        group_action(c, a.i, a.i);
				if (!records_packages(out->action))
					break;
				continue;
			}
			/* The second word of a two-word action. */
			if (!df_pkg_args_next(&it, &a))
				break;
			while (a.kind != DF_PKG_ARG_POSITIONAL && df_pkg_args_next(&it, &a))
				;
			if (a.kind != DF_PKG_ARG_POSITIONAL)
				break;
			module = !strcmp(word_text(c, out->verb), "module");
			group = df_pkg_family(out->manager) == DF_PKG_FAM_RPM &&
			        group_action(c, out->verb, a.i);
			out->action = sub_action(out->manager, word_text(c, out->verb), a.text);
			out->verb = a.i;
			if (!records_packages(out->action))
				break;
			continue;
		}
		/* gem passes what follows "--" to the extension's build, not packages. */
		if (it.end_of_options && out->manager == DF_PKG_MGR_GEM)
			break;
		/* pipx inject's first word names the installed application it adds to. */
		if (skip_venv) {
			skip_venv = false;
			continue;
		}
		if (out->n_pkgs >= DF_PKG_MAX_PKGS) {
			out->n_dropped++;
			continue;
		}
		out->pkgs = vakt_grow(out->pkgs, sizeof(*out->pkgs), out->n_pkgs + 1, &cap);
		memset(&out->pkgs[out->n_pkgs], 0, sizeof(out->pkgs[0]));
		out->pkgs[out->n_pkgs].word = &c->argv[a.i];
		out->pkgs[out->n_pkgs].argi = a.i;
		df_pkg_ref_parse(out, &out->pkgs[out->n_pkgs], module);
		if (group)
			out->pkgs[out->n_pkgs].source = DF_PKG_SRC_GROUP;
		out->n_pkgs++;
		/* The words after go run's and pipx run's package are the program's arguments. */
		if (go_run || pipx_run)
			break;
	}
	if (go_run)
		go_run_module(out);
	if (pipx_run)
		pipx_run_spec(out);
	/* A bare "yarn" installs what package.json lists. */
	if (out->manager == DF_PKG_MGR_YARN && out->verb == c->argc)
		out->action = DF_PKG_ACT_INSTALL;
	df_pkg_apply_version_opt(out);
	return true;
}

void df_pkg_cmd_release(struct df_pkg_cmd *p)
{
	if (!p)
		return;
	drop_pkgs(p);
	memset(p, 0, sizeof(*p));
}

struct df_pkg_cmd *df_pkg_parse_all(const struct shell_script *s, size_t *n)
{
	struct df_pkg_cmd *v = NULL, p;
	size_t cap = 0;

	*n = 0;
	for (size_t k = 0; k < s->n; k++) {
		if (!df_pkg_parse(&s->cmds[k], &p))
			continue;
		/* A file keeps every RUN's: each array at its size. */
		if (p.n_pkgs)
			p.pkgs = vakt_xrealloc(p.pkgs, p.n_pkgs * sizeof(*p.pkgs));
		v = vakt_grow(v, sizeof(*v), *n + 1, &cap);
		v[(*n)++] = p;
	}
	if (cap > *n)
		v = vakt_xrealloc(v, *n * sizeof(*v));
	return v;
}

void df_pkg_cmds_free(struct df_pkg_cmd *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		df_pkg_cmd_release(&v[i]);
	free(v);
}

const struct shell_word *df_pkg_find_pkg_opt(const struct df_pkg_cmd *p, const char *shorts,
                                             const char *const *longs, struct df_pkg_arg *out)
{
	if (!p->cmd)
		return NULL;
	return df_pkg_find_opt(p->cmd, p->prog + 1, df_pkg_optspec(p->manager), shorts, longs, out);
}

bool df_pkg_has_opt(const struct df_pkg_cmd *p, const char *shorts, const char *const *longs)
{
	return df_pkg_find_pkg_opt(p, shorts, longs, NULL) != NULL;
}

bool df_pkg_ref_pinned(const struct df_pkg_ref *r)
{
	return r->version && *r->version && strcmp(r->version, "latest");
}
