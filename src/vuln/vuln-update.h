/* SPDX-License-Identifier: MIT */
#ifndef VAKT_VULN_UPDATE_H
#define VAKT_VULN_UPDATE_H

/*
 * Downloading OSV's per-ecosystem archives for `vakt db update`:
 * <URL>/<ECOSYSTEM>/all.zip, the layout of OSV's public bucket, which a
 * mirror or an air-gapped copy reproduces (file:// URLs work too). Only
 * this command touches the network; a scan never does.
 */

#include <stdint.h>

#include "core/error.h"

/* OSV's documented public download location. */
#define VULN_UPDATE_DEFAULT_URL "https://osv-vulnerabilities.storage.googleapis.com"
/* Largest archive downloaded (Debian's all.zip is tens of MB; npm's about 200 MB). */
#define VULN_UPDATE_MAX_BYTES (2ull * 1024 * 1024 * 1024)
/* Seconds to connect, and seconds a transfer may stall below 1 KB/s before it is abandoned. */
#define VULN_UPDATE_CONNECT_TIMEOUT 30
#define VULN_UPDATE_STALL_TIMEOUT   60

/* The ecosystems updated when none is named: the distributions vakt matches. */
extern const char *const vuln_update_default_ecosystems[];
extern const size_t vuln_update_n_default_ecosystems;

/* <base>/<ecosystem, percent-encoded>/all.zip (base's trailing '/' dropped); caller frees. */
char *vuln_update_url(const char *base, const char *ecosystem);

/*
 * Download url into a new temporary file in dir (removed from the
 * directory at once: nothing is left behind, whatever happens) and check
 * it: an HTTP status of 200, at most max_bytes, and the bytes of a zip
 * archive. On success *fd is the file, positioned anywhere, owned by the
 * caller, and *bytes its size. -EIO (transfer, status), -EFBIG (too large),
 * -EBADMSG (not a zip), -errno (the temporary file).
 */
int vuln_update_fetch(const char *url, const char *dir, uint64_t max_bytes, int *fd,
                      uint64_t *bytes, struct vakt_error **err);

#endif
