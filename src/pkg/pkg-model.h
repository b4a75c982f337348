/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PKG_MODEL_H
#define VAKT_PKG_MODEL_H

/*
 * Installed OS packages, as read from the package databases inside an image
 * or a root filesystem. The parsers are pure functions over bytes (the
 * image layer reads the files; nothing here touches the host), so they are
 * fuzzed and unit-tested on their own.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

/* Biggest package database read (dpkg status, apk installed, rpmdb.sqlite). */
#define PKG_MAX_DB_BYTES (256u * 1024 * 1024)
/* Most packages in one database. */
#define PKG_MAX_PACKAGES 200000
/* Longest field value kept (descriptions are dropped). */
#define PKG_MAX_FIELD 4096
/* Longest dpkg Built-Using / Static-Built-Using kept (a Go package lists hundreds of sources). */
#define PKG_MAX_BUILT_USING (256u * 1024)

enum pkg_type {
	PKG_DPKG,
	PKG_APK,
	PKG_RPM,
	/* Application packages (pkg-app.h): what a lock file, a package
	 * manager's metadata or a binary says is there. */
	PKG_NPM,
	PKG_PYPI,
	PKG_GO,
	PKG_MAVEN,
	PKG_CARGO,
	PKG_GEM,
	PKG_COMPOSER,
};
/* How many package types there are (arrays indexed by enum pkg_type). */
#define PKG_TYPE_COUNT (PKG_COMPOSER + 1)

/* Whether a package is one its project asks for itself, as its lock file says. */
enum pkg_scope {
	PKG_SCOPE_UNKNOWN = 0, /* the source does not say (installed metadata, binaries) */
	PKG_SCOPE_DIRECT,
	PKG_SCOPE_TRANSITIVE,
};

struct pkg {
	enum pkg_type type;
	char *name;           /* binary package name */
	char *version;        /* full version as the manager orders it (epoch:upstream-revision) */
	char *arch;           /* may be NULL */
	char *source;         /* source package (dpkg Source:, apk origin, rpm SOURCERPM name) */
	char *source_version; /* dpkg "Source: name (version)", else the binary version */
	char *license;        /* as recorded, may be NULL */
	char *purl;           /* pkg:deb/debian/name@version?arch=...&distro=... */
	int layer;            /* index of the layer that installed it; -1 unknown */
	int line;             /* where its record starts in the database (text formats) */
	/*
	 * Application packages: the file that declares it (the lock file,
	 * METADATA, pom.properties inside "app.jar!/...", the Go binary), as
	 * found (a path in the image or the scanned tree); NULL for OS packages,
	 * whose database is known by their type.
	 */
	char *found_in;
	/* Maven: the groupId ("org.apache.logging.log4j"); Go: NULL (the name is the module path).
	 */
	char *group;
	enum pkg_scope scope;
	bool dev; /* a development dependency (npm devDependencies, poetry dev group, ...) */
	/*
	 * The version is the least the file requires, not what is built: Go's
	 * standard library from a go.mod `go 1.22.1` line without a toolchain
	 * line (a newer toolchain may build it). Its vulnerabilities are
	 * reported at info.
	 */
	bool minimum;
	/*
	 * dpkg: the source packages compiled into this one, its Built-Using and
	 * Static-Built-Using fields joined with ", " as written
	 * ("golang-github-spf13-cobra (= 1.6.1-1), rustc (= 1.63.0+dfsg1-2)");
	 * NULL without them. They name Debian source packages and Debian
	 * versions, not modules: see pkg_dpkg_parse_status() for what a later
	 * mapping to Go modules can and cannot recover.
	 */
	char *built_using;
};

struct pkg_list {
	struct pkg *v;
	size_t n;
	size_t cap;
};

/* The distribution, from etc/os-release (or usr/lib/os-release) and friends. */
struct pkg_os {
	char *id;         /* "debian", "ubuntu", "alpine", "rhel", "rocky", "almalinux", ... */
	char *version_id; /* "12", "3.19.1", "9.3" */
	char *codename;   /* "bookworm", may be NULL */
	char *pretty;     /* PRETTY_NAME, may be NULL */
	char *id_like;    /* may be NULL */
	int distroless;   /* dpkg status.d without a shell/package manager: Google distroless */
};

void pkg_list_release(struct pkg_list *l);
void pkg_os_release(struct pkg_os *os);

#endif
