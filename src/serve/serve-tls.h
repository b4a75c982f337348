/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SERVE_TLS_H
#define VAKT_SERVE_TLS_H

/*
 * The server's certificate and key, read from PEM files and reloaded when
 * they change (cert-manager and the kubelet replace them in place), handed
 * to GnuTLS for each handshake through a retrieval callback. A reload that
 * fails keeps the previous pair. Old pairs stay allocated (sessions may
 * still hold them) up to a bound of generations.
 */

#include <gnutls/abstract.h>
#include <stdbool.h>

#include "core/error.h"

/* Most certificates in the chain file. */
#define SERVE_TLS_MAX_CHAIN 8
/* Largest certificate or key file read. */
#define SERVE_TLS_MAX_FILE (256u * 1024)

/*
 * Load the pair (serve_dl_load_http() must have succeeded). Returns 0, or a
 * negative code with *err naming the file and what is wrong. One pair per
 * process: the GnuTLS callback has no user data.
 */
int serve_tls_load(const char *cert_file, const char *key_file, struct vakt_error **err);
/*
 * Reload when either file's identity (device, inode, size, mtime) changed
 * since the last load. Returns 1 when reloaded, 0 when unchanged, or a
 * negative code with *err (the previous pair stays in use).
 */
int serve_tls_reload_if_changed(struct vakt_error **err);
/* The GnuTLS retrieval callback to give MHD_OPTION_HTTPS_CERT_CALLBACK. */
gnutls_certificate_retrieve_function2 serve_tls_retrieve;
/* Free every pair (after the server stopped). */
void serve_tls_release(void);

#endif
