/* SPDX-License-Identifier: MIT */
/*
 * The packages a package-manager command names (df-pkg-ref.c): how each
 * manager writes a name, a version, a local file, a URL or a repository.
 */
#include "df-pkg-priv.h"

#include "core/util.h"

static bool has_prefix_any(const char *s, const char *const *prefixes)
{
	for (; *prefixes; prefixes++)
		if (vakt_istarts_with(s, *prefixes))
			return true;
	return false;
}

static bool has_suffix_any(const char *s, const char *const *suffixes)
{
	size_t n = strlen(s);

	for (; *suffixes; suffixes++) {
		size_t k = strlen(*suffixes);

		if (n > k && !vakt_strcasecmp(s + n - k, *suffixes))
			return true;
	}
	return false;
}

static bool is_path(const char *s)
{
	return s[0] == '/' || !strcmp(s, ".") || !strcmp(s, "..") || vakt_starts_with(s, "./") ||
	       vakt_starts_with(s, "../") || vakt_starts_with(s, "~/") ||
	       vakt_starts_with(s, "file:");
}

static enum df_pkg_source source_of(enum df_pkg_manager m, const char *s)
{
	static const char *const urls[] = {"http://", "https://", "ftp://", NULL};
	static const char *const vcs[] = {"git+",    "git://",  "hg+",        "svn+",  "bzr+",
	                                  "github:", "gitlab:", "bitbucket:", "gist:", NULL};
	static const char *const deb_files[] = {".deb", NULL};
	static const char *const rpm_files[] = {".rpm", NULL};
	static const char *const apk_files[] = {".apk", NULL};
	static const char *const pip_files[] = {".whl",     ".tar.gz", ".tgz", ".zip",
	                                        ".tar.bz2", ".tar.xz", NULL};
	static const char *const npm_files[] = {".tgz", ".tar.gz", ".tar", NULL};
	static const char *const gem_files[] = {".gem", NULL};
	const char *const *files = NULL;

	if (has_prefix_any(s, vcs))
		return DF_PKG_SRC_VCS;
	if (has_prefix_any(s, urls))
		return DF_PKG_SRC_URL;
	if (is_path(s))
		return DF_PKG_SRC_FILE;
	/* pip reads a word with a slash, or starting with a dot, as a path (".[test]", "src/x"). */
	if ((m == DF_PKG_MGR_PIP || m == DF_PKG_MGR_PIPX) && (s[0] == '.' || strchr(s, '/')))
		return DF_PKG_SRC_FILE;
	switch (df_pkg_family(m)) {
	case DF_PKG_FAM_DEB:
		files = deb_files;
		break;
	case DF_PKG_FAM_RPM:
	case DF_PKG_FAM_ZYPP:
		files = rpm_files;
		break;
	case DF_PKG_FAM_APK:
		files = apk_files;
		break;
	case DF_PKG_FAM_NONE:
		if (m == DF_PKG_MGR_PIP || m == DF_PKG_MGR_PIPX)
			files = pip_files;
		else if (m == DF_PKG_MGR_NPM || m == DF_PKG_MGR_YARN || m == DF_PKG_MGR_PNPM)
			files = npm_files;
		else if (m == DF_PKG_MGR_GEM)
			files = gem_files;
		break;
	}
	if (files && has_suffix_any(s, files))
		return DF_PKG_SRC_FILE;
	/* npm reads "user/repo" as a GitHub repository. */
	if ((m == DF_PKG_MGR_NPM || m == DF_PKG_MGR_YARN || m == DF_PKG_MGR_PNPM) && s[0] != '@' &&
	    strchr(s, '/'))
		return DF_PKG_SRC_VCS;
	/* go install takes module paths; only relative ones are local. */
	return DF_PKG_SRC_REGISTRY;
}

static void set_pin(struct df_pkg_ref *r, const char *name, size_t name_len, const char *op,
                    size_t op_len, const char *version, size_t version_len)
{
	r->name = vakt_xstrndup(name, name_len);
	if (version_len) {
		r->version = vakt_xstrndup(version, version_len);
		if (op_len >= sizeof(r->op))
			op_len = sizeof(r->op) - 1;
		memcpy(r->op, op, op_len);
		r->op[op_len] = '\0';
	}
}

/* apt: name[:arch][=version | /release]. */
static void parse_deb(struct df_pkg_ref *r, const char *s)
{
	size_t n = strcspn(s, "=/");
	size_t arch = strcspn(s, ":");

	if (s[n] == '=')
		set_pin(r, s, arch < n ? arch : n, "=", 1, s + n + 1, strlen(s + n + 1));
	else
		set_pin(r, s, arch < n ? arch : n, "", 0, "", 0);
}

/* apk: name[@tag][op version][@tag], op one of = ~ > < >= <= ~= =~ ><. */
static void parse_apk(struct df_pkg_ref *r, const char *s)
{
	size_t n = strcspn(s, "@=<>~");
	size_t op = n, v;

	while (s[op] == '@') /* "name@tag=1.2": skip the tag */
		op += 1 + strcspn(s + op + 1, "@=<>~");
	v = op + strspn(s + op, "=<>~");
	set_pin(r, s, n, s + op, v - op, s + v, strcspn(s + v, "@"));
}

/*
 * rpm: name[-version[-release]][.arch]. A name may hold dashes and digits
 * (java-11-openjdk), so only the last one or two dash-separated parts that
 * start with a digit (or a $ expansion) are the version.
 */
static void parse_rpm(struct df_pkg_ref *r, const char *s, bool module)
{
	size_t len = strlen(s);
	size_t cut = len;

	if (module) {
		/* "dnf module install nodejs:18/common" */
		size_t n = strcspn(s, ":");

		set_pin(r, s, n, ":", 1, s + n + (s[n] == ':'), s[n] ? len - n - 1 : 0);
		return;
	}
	/* "kernel-devel-$(uname -r)", "curl-${CURL_VERSION}": the expansion is the version. */
	for (size_t i = len; i-- > 1;) {
		if (s[i] == '$' && s[i - 1] == '-' && i >= 2) {
			set_pin(r, s, i - 1, "-", 1, s + i, len - i);
			return;
		}
	}
	for (int parts = 0; parts < 2; parts++) {
		size_t d = cut;

		while (d > 0 && s[d - 1] != '-')
			d--;
		if (d < 2 || !((s[d] >= '0' && s[d] <= '9') || s[d] == '$'))
			break;
		cut = d - 1;
	}
	if (cut < len)
		set_pin(r, s, cut, "-", 1, s + cut + 1, len - cut - 1);
	else
		set_pin(r, s, len, "", 0, "", 0);
}

/* zypper: name[op version], op one of = < > <= >=. */
static void parse_zypper(struct df_pkg_ref *r, const char *s)
{
	size_t n = strcspn(s, "=<>");
	size_t v = n + strspn(s + n, "=<>");

	set_pin(r, s, n, s + n, v - n, s + v, strlen(s + v));
}

/*
 * The ref a VCS source is pinned to, into r->version: npm's
 * "git+https://host/x/y.git#v1.2" or "github:x/y#semver:^1.0", pip's
 * "git+https://host/x/y.git@v1.2#egg=y" (an '@' after the host, so not the
 * "git@" of "git+ssh://git@host/x/y"). Left NULL when there is none.
 */
static void vcs_ref(struct df_pkg_ref *r, enum df_pkg_manager m, const char *url)
{
	size_t end = strcspn(url, "#");
	const char *sep = strstr(url, "://");
	size_t path, at = 0;

	if (m == DF_PKG_MGR_NPM || m == DF_PKG_MGR_YARN || m == DF_PKG_MGR_PNPM) {
		if (url[end] == '#' && url[end + 1])
			r->version = vakt_xstrdup(url + end + 1);
		if (r->version)
			memcpy(r->op, "#", 2);
		return;
	}
	if (m != DF_PKG_MGR_PIP && m != DF_PKG_MGR_PIPX)
		return;
	path = sep && (size_t)(sep - url) < end ? (size_t)(sep - url) + 3 : 0;
	path += strcspn(url + path, "/");
	for (size_t i = path; i < end; i++)
		if (url[i] == '@')
			at = i;
	if (!at || at + 1 >= end)
		return;
	r->version = vakt_xstrndup(url + at + 1, end - at - 1);
	memcpy(r->op, "@", 2);
}

/* pip (PEP 508): name[extras][specifier][; marker], or name @ url. */
static void parse_pip(struct df_pkg_ref *r, const char *s)
{
	size_t n = strcspn(s, "[<>=!~;@ (");
	size_t op = n, v;

	if (s[op] == '[')
		op += strcspn(s + op, "]") + (s[op + strcspn(s + op, "]")] == ']');
	while (s[op] == ' ')
		op++;
	if (s[op] == '@') {
		const char *url = s + op + 1 + strspn(s + op + 1, " ");

		r->source = source_of(DF_PKG_MGR_PIP, url);
		if (r->source == DF_PKG_SRC_REGISTRY || r->source == DF_PKG_SRC_FILE)
			r->source = DF_PKG_SRC_URL;
		set_pin(r, s, n, "", 0, "", 0);
		if (r->source == DF_PKG_SRC_VCS)
			vcs_ref(r, DF_PKG_MGR_PIP, url);
		return;
	}
	v = op + strspn(s + op, "<>=!~");
	set_pin(r, s, n, s + op, v - op, s + v, v > op ? strcspn(s + v, ";") : 0);
}

/* npm, yarn, pnpm: [@scope/]name[@version]. */
static void parse_npm(struct df_pkg_ref *r, const char *s)
{
	const char *at = strchr(s + (s[0] == '@'), '@');

	if (at)
		set_pin(r, s, (size_t)(at - s), "@", 1, at + 1, strlen(at + 1));
	else
		set_pin(r, s, strlen(s), "", 0, "", 0);
}

/* gem: name[:version]. */
static void parse_gem(struct df_pkg_ref *r, const char *s)
{
	size_t n = strcspn(s, ":");

	set_pin(r, s, n, ":", 1, s + n + (s[n] == ':'), s[n] ? strlen(s + n + 1) : 0);
}

/* go, cargo: path[@version]. */
static void parse_at(struct df_pkg_ref *r, const char *s)
{
	size_t n = strcspn(s, "@");

	set_pin(r, s, n, "@", 1, s + n + (s[n] == '@'), s[n] ? strlen(s + n + 1) : 0);
}

void df_pkg_ref_parse(const struct df_pkg_cmd *p, struct df_pkg_ref *r, bool module)
{
	const char *s = r->word->text ? r->word->text : "";

	r->source = source_of(p->manager, s);
	/* "name @ https://host/name.zip" is a direct reference, read by parse_pip(). */
	if ((p->manager == DF_PKG_MGR_PIP || p->manager == DF_PKG_MGR_PIPX) &&
	    r->source == DF_PKG_SRC_FILE && !is_path(s) && s[0] != '.' && strchr(s, '@'))
		r->source = DF_PKG_SRC_REGISTRY;
	if (r->source != DF_PKG_SRC_REGISTRY) {
		r->name = vakt_xstrdup(s);
		if (r->source == DF_PKG_SRC_VCS)
			vcs_ref(r, p->manager, s);
		return;
	}
	switch (p->manager) {
	case DF_PKG_MGR_APT_GET:
	case DF_PKG_MGR_APT:
	case DF_PKG_MGR_APTITUDE:
		parse_deb(r, s);
		break;
	case DF_PKG_MGR_APK:
		parse_apk(r, s);
		break;
	case DF_PKG_MGR_YUM:
	case DF_PKG_MGR_DNF:
	case DF_PKG_MGR_MICRODNF:
	case DF_PKG_MGR_TDNF:
		parse_rpm(r, s, module);
		break;
	case DF_PKG_MGR_ZYPPER:
		parse_zypper(r, s);
		break;
	case DF_PKG_MGR_PIP:
	case DF_PKG_MGR_PIPX:
		parse_pip(r, s);
		break;
	case DF_PKG_MGR_NPM:
	case DF_PKG_MGR_YARN:
	case DF_PKG_MGR_PNPM:
		parse_npm(r, s);
		break;
	case DF_PKG_MGR_GEM:
		parse_gem(r, s);
		break;
	case DF_PKG_MGR_GO:
	case DF_PKG_MGR_CARGO:
		parse_at(r, s);
		break;
	case DF_PKG_MGR_NONE:
		r->name = vakt_xstrdup(s);
		break;
	}
	r->variable = strchr(r->name, '$') || strchr(r->name, '`');
}

/*
 * cargo install --git URL [CRATE...]: the crates come from the repository,
 * pinned only by --tag or --rev (--branch moves). Without a crate name the
 * URL itself is what gets installed.
 */
static void cargo_git(struct df_pkg_cmd *p, const struct df_pkg_arg *git)
{
	static const char *const pins[] = {"--tag", "--rev", NULL};
	struct df_pkg_arg a;
	const char *pin = NULL;

	if (df_pkg_find_pkg_opt(p, NULL, pins, &a) && a.value && *a.value)
		pin = a.value;
	/* The URL's word: the option's own in "--git=URL". */
	if (!p->n_pkgs && git->value && *git->value) {
		p->pkgs = vakt_xcalloc(1, sizeof(*p->pkgs));
		p->pkgs[0].word = &p->cmd->argv[git->value_i];
		p->pkgs[0].argi = git->value_i;
		p->pkgs[0].name = vakt_xstrdup(git->value);
		p->pkgs[0].variable = strchr(git->value, '$') || strchr(git->value, '`');
		p->n_pkgs = 1;
	}
	for (size_t i = 0; i < p->n_pkgs; i++) {
		struct df_pkg_ref *r = &p->pkgs[i];

		r->source = DF_PKG_SRC_VCS;
		free(r->version);
		r->version = pin ? vakt_xstrdup(pin) : NULL;
		memcpy(r->op, pin ? "@" : "", pin ? 2 : 1);
	}
}

/* A version given by an option for every package: gem -v, cargo --version. */
void df_pkg_apply_version_opt(struct df_pkg_cmd *p)
{
	static const char *const gem_v[] = {"--version", NULL};
	static const char *const cargo_v[] = {"--version", "--vers", NULL};
	static const char *const cargo_git_opt[] = {"--git", NULL};
	struct df_pkg_arg a;
	const char *v = NULL;

	if (p->manager == DF_PKG_MGR_GEM && df_pkg_find_pkg_opt(p, "v", gem_v, &a))
		v = a.value;
	if (p->manager == DF_PKG_MGR_CARGO) {
		if (df_pkg_find_pkg_opt(p, NULL, cargo_git_opt, &a)) {
			if (p->action == DF_PKG_ACT_INSTALL)
				cargo_git(p, &a);
			return;
		}
		if (df_pkg_find_pkg_opt(p, NULL, cargo_v, &a))
			v = a.value;
	}
	if (!v || !*v)
		return;
	for (size_t i = 0; i < p->n_pkgs; i++) {
		struct df_pkg_ref *r = &p->pkgs[i];

		if (r->version || r->source != DF_PKG_SRC_REGISTRY)
			continue;
		r->version = vakt_xstrdup(v);
		memcpy(r->op, "-v", 3);
	}
}
