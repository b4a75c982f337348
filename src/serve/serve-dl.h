/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SERVE_DL_H
#define VAKT_SERVE_DL_H

/*
 * libmicrohttpd and GnuTLS (the HTTPS server), and libcurl (the namespace
 * watch's client), loaded when vakt serve starts (core/dl.h says why).
 * Include this header, in serve sources only, instead of the libraries'
 * own: calls are written as usual and go through the table; a call before
 * the matching serve_dl_load_*() has succeeded is a NULL call.
 */
/* curl's type-checking macros would hide the functions this table replaces. */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
/* curl.h wraps these two in macros of its own (three arguments each): the table replaces them. */
#undef curl_easy_getinfo
#undef curl_easy_setopt
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>

#include "core/error.h"

/*
 * Every function vakt serve calls, by library. A new one is a line here and
 * a #define at the end; one forgotten fails the link of the vakt binary,
 * which does not link these libraries.
 */
#define SERVE_DL_MHD(X)                                                                            \
	X(MHD_add_response_header)                                                                 \
	X(MHD_create_response_from_buffer)                                                         \
	X(MHD_destroy_response)                                                                    \
	X(MHD_get_connection_info)                                                                 \
	X(MHD_get_daemon_info)                                                                     \
	X(MHD_lookup_connection_value)                                                             \
	X(MHD_queue_response)                                                                      \
	X(MHD_quiesce_daemon)                                                                      \
	X(MHD_start_daemon)                                                                        \
	X(MHD_stop_daemon)

#define SERVE_DL_GNUTLS(X)                                                                         \
	X(gnutls_pcert_deinit)                                                                     \
	X(gnutls_pcert_list_import_x509_raw)                                                       \
	X(gnutls_privkey_deinit)                                                                   \
	X(gnutls_privkey_import_x509_raw)                                                          \
	X(gnutls_privkey_init)                                                                     \
	X(gnutls_strerror)

#define SERVE_DL_CURL(X)                                                                           \
	X(curl_easy_cleanup)                                                                       \
	X(curl_easy_getinfo)                                                                       \
	X(curl_easy_init)                                                                          \
	X(curl_easy_perform)                                                                       \
	X(curl_easy_setopt)                                                                        \
	X(curl_easy_strerror)                                                                      \
	X(curl_global_init)                                                                        \
	X(curl_slist_append)                                                                       \
	X(curl_slist_free_all)

struct serve_dl {
#define SERVE_DL_SLOT(f) __typeof__(f) *f;
	SERVE_DL_MHD(SERVE_DL_SLOT)
	SERVE_DL_GNUTLS(SERVE_DL_SLOT)
	SERVE_DL_CURL(SERVE_DL_SLOT)
#undef SERVE_DL_SLOT
};

extern struct serve_dl serve_dl;

/*
 * Load libmicrohttpd and GnuTLS (serve_dl_load_http()) or libcurl
 * (serve_dl_load_curl()) once per process (thread-safe; later calls are
 * cheap). 0, or -ELIBACC/-ELIBBAD with *err naming the missing library and
 * its Debian package.
 */
int serve_dl_load_http(struct vakt_error **err);
int serve_dl_load_curl(struct vakt_error **err);

#ifndef SERVE_DL_DEFINE
#define MHD_add_response_header           serve_dl.MHD_add_response_header
#define MHD_create_response_from_buffer   serve_dl.MHD_create_response_from_buffer
#define MHD_destroy_response              serve_dl.MHD_destroy_response
#define MHD_get_connection_info           serve_dl.MHD_get_connection_info
#define MHD_get_daemon_info               serve_dl.MHD_get_daemon_info
#define MHD_lookup_connection_value       serve_dl.MHD_lookup_connection_value
#define MHD_queue_response                serve_dl.MHD_queue_response
#define MHD_quiesce_daemon                serve_dl.MHD_quiesce_daemon
#define MHD_start_daemon                  serve_dl.MHD_start_daemon
#define MHD_stop_daemon                   serve_dl.MHD_stop_daemon
#define gnutls_pcert_deinit               serve_dl.gnutls_pcert_deinit
#define gnutls_pcert_list_import_x509_raw serve_dl.gnutls_pcert_list_import_x509_raw
#define gnutls_privkey_deinit             serve_dl.gnutls_privkey_deinit
#define gnutls_privkey_import_x509_raw    serve_dl.gnutls_privkey_import_x509_raw
#define gnutls_privkey_init               serve_dl.gnutls_privkey_init
#define gnutls_strerror                   serve_dl.gnutls_strerror
#define curl_easy_cleanup                 serve_dl.curl_easy_cleanup
#define curl_easy_getinfo                 serve_dl.curl_easy_getinfo
#define curl_easy_init                    serve_dl.curl_easy_init
#define curl_easy_perform                 serve_dl.curl_easy_perform
#define curl_easy_setopt                  serve_dl.curl_easy_setopt
#define curl_easy_strerror                serve_dl.curl_easy_strerror
#define curl_global_init                  serve_dl.curl_global_init
#define curl_slist_append                 serve_dl.curl_slist_append
#define curl_slist_free_all               serve_dl.curl_slist_free_all
#endif

#endif
