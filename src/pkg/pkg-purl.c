/* SPDX-License-Identifier: MIT */
/*
 * Package URLs (purl): the identifier vulnerability databases and SBOM
 * consumers match packages on. Shapes follow the purl specification's deb,
 * apk and rpm types, and for application packages its npm, pypi, golang,
 * maven, cargo, gem and composer types.
 */
#include "pkg/pkg-priv.h"

/* Percent-encode everything but the unreserved characters of RFC 3986. */
static void purl_encode(struct vakt_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '-' || c == '_' || c == '~')
			vakt_buf_addc(b, (char)c);
		else
			vakt_buf_addf(b, "%%%02X", c);
	}
}

static void purl_encodes(struct vakt_buf *b, const char *s)
{
	purl_encode(b, s, strlen(s));
}

/* The vendor namespace of a package type on a distribution; NULL for none. */
static const char *purl_namespace(enum pkg_type t, const struct pkg_os *os)
{
	static const struct {
		const char *id;
		const char *ns;
	} rpm_vendors[] = {
	    {"rhel", "redhat"},
	    {"ol", "oracle"},
	    {"amzn", "amazon"},
	    {"sles", "suse"},
	    {"sled", "suse"},
	    {"sles_sap", "suse"},
	    {"opensuse", "opensuse"},
	    {"opensuse-leap", "opensuse"},
	    {"opensuse-tumbleweed", "opensuse"},
	};
	const char *id = os && os->id && *os->id ? os->id : NULL;

	switch (t) {
	case PKG_DPKG:
		return id ? id : "debian";
	case PKG_APK:
		return id ? id : "alpine";
	case PKG_RPM:
		if (!id)
			return NULL;
		for (size_t i = 0; i < VAKT_ARRAY_SIZE(rpm_vendors); i++)
			if (!strcmp(id, rpm_vendors[i].id))
				return rpm_vendors[i].ns;
		return id;
	default:
		return NULL;
	}
}

/* Each '/'-separated segment of s[0..n) encoded, the slashes kept. */
static void purl_encode_path(struct vakt_buf *b, const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '/')
			continue;
		purl_encode(b, s + start, i - start);
		if (i < n)
			vakt_buf_addc(b, '/');
		start = i + 1;
	}
}

/*
 * The purl of an application package: no distribution qualifiers; the
 * namespace and name as each type's rules say (npm's scope, PyPI's
 * normalised name, Go's module path, Maven's group, Composer's vendor).
 */
static char *purl_app(const struct pkg *p)
{
	static const char *const types[] = {
	    [PKG_NPM] = "npm",           [PKG_PYPI] = "pypi",   [PKG_GO] = "golang",
	    [PKG_MAVEN] = "maven",       [PKG_CARGO] = "cargo", [PKG_GEM] = "gem",
	    [PKG_COMPOSER] = "composer",
	};
	struct vakt_buf b = VAKT_BUF_INIT;
	const char *name = p->name ? p->name : "";
	const char *slash = strrchr(name, '/');

	vakt_buf_addf(&b, "pkg:%s/", types[p->type]);
	switch (p->type) {
	case PKG_PYPI: {
		/* Lower case, and runs of '-', '_', '.' as one '-' (PEP 503). */
		char *norm = vakt_xstrdup(name);
		size_t k = 0;

		for (size_t i = 0; norm[i]; i++) {
			char c = norm[i];

			if (c == '_' || c == '.' || c == '-') {
				if (k && norm[k - 1] == '-')
					continue;
				c = '-';
			} else if (c >= 'A' && c <= 'Z') {
				c = (char)(c - 'A' + 'a');
			}
			norm[k++] = c;
		}
		norm[k] = '\0';
		purl_encodes(&b, norm);
		free(norm);
		break;
	}
	case PKG_MAVEN:
		if (p->group && *p->group) {
			purl_encodes(&b, p->group);
			vakt_buf_addc(&b, '/');
		}
		purl_encodes(&b, name);
		break;
	case PKG_NPM:
	case PKG_GO:
	case PKG_COMPOSER:
		/* "@scope/name", "github.com/a/b", "vendor/name": the path kept, each part encoded.
		 */
		if (slash) {
			purl_encode_path(&b, name, (size_t)(slash - name));
			vakt_buf_addc(&b, '/');
			purl_encodes(&b, slash + 1);
		} else {
			purl_encodes(&b, name);
		}
		break;
	default:
		purl_encodes(&b, name);
		break;
	}
	if (p->version && *p->version) {
		vakt_buf_addc(&b, '@');
		purl_encodes(&b, p->version);
	}
	return vakt_buf_detach(&b);
}

/* Length of a leading "DIGITS:" epoch in v, 0 when there is none. */
static size_t purl_epoch_len(const char *v)
{
	size_t i = 0;

	while (v[i] >= '0' && v[i] <= '9')
		i++;
	return i && v[i] == ':' ? i : 0;
}

char *pkg_purl(const struct pkg *p, const struct pkg_os *os)
{
	static const char *const types[] = {
	    [PKG_DPKG] = "deb", [PKG_APK] = "apk", [PKG_RPM] = "rpm"};
	struct vakt_buf b = VAKT_BUF_INIT;
	const char *ns = purl_namespace(p->type, os);
	const char *version = p->version ? p->version : "";
	const char *distro_v = NULL;
	size_t epoch = 0;
	char sep = '?';

	if (p->type >= PKG_NPM) {
		vakt_buf_release(&b);
		return purl_app(p);
	}
	vakt_buf_addf(&b, "pkg:%s/",
	              (size_t)p->type < VAKT_ARRAY_SIZE(types) ? types[p->type] : "generic");
	if (ns) {
		purl_encodes(&b, ns);
		vakt_buf_addc(&b, '/');
	}
	purl_encodes(&b, p->name ? p->name : "");
	if (p->type == PKG_RPM)
		epoch = purl_epoch_len(version);
	if (*version) {
		vakt_buf_addc(&b, '@');
		purl_encodes(&b, version + (epoch ? epoch + 1 : 0));
	}
	/* Qualifiers in key order: arch, distro, epoch. */
	if (p->arch && *p->arch) {
		vakt_buf_addf(&b, "%carch=", sep);
		purl_encodes(&b, p->arch);
		sep = '&';
	}
	if (os && os->id && *os->id) {
		distro_v = os->version_id && *os->version_id ? os->version_id : os->codename;
		if (distro_v && *distro_v) {
			vakt_buf_addf(&b, "%cdistro=", sep);
			purl_encodes(&b, os->id);
			vakt_buf_addc(&b, '-');
			purl_encodes(&b, distro_v);
			sep = '&';
		}
	}
	if (epoch) {
		vakt_buf_addf(&b, "%cepoch=", sep);
		purl_encode(&b, version, epoch);
	}
	return vakt_buf_detach(&b);
}

void pkg_list_set_purls(struct pkg_list *l, const struct pkg_os *os)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].purl);
		l->v[i].purl = pkg_purl(&l->v[i], os);
	}
}
