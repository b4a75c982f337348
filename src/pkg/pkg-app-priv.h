/* SPDX-License-Identifier: MIT */
#ifndef VAKT_PKG_APP_PRIV_H
#define VAKT_PKG_APP_PRIV_H

/*
 * Private to the application package readers (pkg-app.h): one function per
 * format, each with pkg_app_read()'s contract (append to out, return the
 * number added or a negative errno with *err set, the list as it was on
 * error). pkg-app.c dispatches to them by kind.
 */

#include "pkg/pkg-app.h"
#include "pkg/pkg.h"

/* npm (pkg-app-npm.c, pkg-app-yarn.c, pkg-app-pnpm.c) */
long pkg_app_npm_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                      struct vakt_error **err);
long pkg_app_yarn_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                       struct vakt_error **err);
long pkg_app_pnpm_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                       struct vakt_error **err);
long pkg_app_npm_installed(const char *path, const char *data, size_t len, struct pkg_list *out,
                           struct vakt_error **err);
/* PHP and Ruby (pkg-app-composer.c, pkg-app-gem.c) */
long pkg_app_composer_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                           struct vakt_error **err);
long pkg_app_composer_installed(const char *path, const char *data, size_t len,
                                struct pkg_list *out, struct vakt_error **err);
long pkg_app_gemfile_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                          struct vakt_error **err);
long pkg_app_gemspec(const char *path, const char *data, size_t len, struct pkg_list *out,
                     struct vakt_error **err);
/* Python (pkg-app-python.c, pkg-app-pylock.c) */
long pkg_app_py_metadata(const char *path, const char *data, size_t len, struct pkg_list *out,
                         struct vakt_error **err);
long pkg_app_py_requirements(const char *path, const char *data, size_t len, struct pkg_list *out,
                             struct vakt_error **err);
long pkg_app_poetry_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                         struct vakt_error **err);
long pkg_app_pipfile_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                          struct vakt_error **err);
long pkg_app_uv_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                     struct vakt_error **err);
/* Rust and Go sources (pkg-app-cargo.c, pkg-app-gomod.c) */
long pkg_app_cargo_lock(const char *path, const char *data, size_t len, struct pkg_list *out,
                        struct vakt_error **err);
long pkg_app_go_mod(const char *path, const char *data, size_t len, struct pkg_list *out,
                    struct vakt_error **err);
/* Binaries and archives (pkg-app-elf.c, pkg-app-jar.c) */
long pkg_app_binary(const char *path, const char *data, size_t len, struct pkg_list *out,
                    struct vakt_error **err);
long pkg_app_jar(const char *path, const char *data, size_t len, struct pkg_list *out,
                 struct vakt_error **err);

#endif
