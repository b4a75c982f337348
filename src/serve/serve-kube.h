/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SERVE_KUBE_H
#define VAKT_SERVE_KUBE_H

/*
 * vakt serve's client of the Kubernetes API server, shared by the namespace
 * watch (serve-watch.c), `vakt serve --remove-webhook` (serve-remove.c) and
 * the pod listing of Namespace updates: where the server is, the bearer
 * token (read again from its file for every request: bound service-account
 * tokens rotate), the CA bundle, and the rule that a token goes in clear
 * (http://) only to this machine. Requests go through libcurl, loaded on
 * first use (serve-dl.h).
 *
 * In a pod the defaults come from the pod: KUBERNETES_SERVICE_HOST and
 * _PORT, /var/run/secrets/kubernetes.io/serviceaccount/{token,ca.crt}.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/util.h"

/* The service account's files in a pod. */
#define SERVE_KUBE_SA_DIR "/var/run/secrets/kubernetes.io/serviceaccount"
/* Largest token file read; a service-account token is one or two kilobytes. */
#define SERVE_KUBE_TOKEN_MAX (64 * 1024)
/* Seconds a connection may take to open. */
#define SERVE_KUBE_CONNECT_TIMEOUT 10
/* Most of an error answer's Status message quoted (bytes). */
#define SERVE_KUBE_MESSAGE_MAX 300

struct serve_kube_client {
	char *api;        /* owned: "https://10.0.0.1:443", without a trailing '/' */
	char *token_file; /* owned: "" for none */
	char *ca_file;    /* owned: "" for the system's CAs */
};

/*
 * Where the API server is when running in a pod (KUBERNETES_SERVICE_HOST and
 * _PORT set). Returns the URL (caller frees) or NULL outside a cluster.
 */
char *serve_kube_in_cluster_url(void);

/*
 * Load libcurl and fill c: api (NULL: the pod's, serve_kube_in_cluster_url()),
 * token_file and ca_file (NULL: the service account's; "": none / the
 * system's). Checks what can be checked before the first request: an
 * http(s) URL, no token in clear text but to this machine, the token file
 * readable and well formed, the CA file readable. Returns 0, or a negative
 * code with *err (c is then released). The strings are copied.
 */
int serve_kube_client_init(struct serve_kube_client *c, const char *api, const char *token_file,
                           const char *ca_file, struct vakt_error **err);
/* Free what c owns; accepts a zeroed c. */
void serve_kube_client_release(struct serve_kube_client *c);

/*
 * Read a bearer token: the file's text without surrounding white space,
 * printable ASCII without spaces (it goes into a header), at most
 * SERVE_KUBE_TOKEN_MAX bytes. Returns 0 and *out (caller frees; wipe it
 * with explicit_bzero), or a negative code with *err.
 */
int serve_kube_read_token(const char *path, char **out, struct vakt_error **err);

/* Append s to b percent-encoded (everything but RFC 3986's unreserved characters). */
void serve_kube_add_escaped(struct vakt_buf *b, const char *s);

/*
 * What an error answer says: "HTTP 403: <its Status message>" (cut at
 * SERVE_KUBE_MESSAGE_MAX bytes, at a UTF-8 boundary) or "HTTP 403" when
 * the body is no Status. Caller frees.
 */
char *serve_kube_http_failure(long status, const char *body, size_t len);

/*
 * The options every request shares, set on the libcurl easy handle h (a
 * CURL *): the URL (c->api followed by path, which starts with '/'), the
 * Accept and Authorization headers (the token file read now), TLS
 * verification with the CA file, only the URL's scheme, no redirects, a
 * connect timeout, TCP keepalives, gzip, errbuf (CURL_ERROR_SIZE bytes) as
 * the error buffer. Returns 0 and *hdr (the header list: free it with
 * curl_slist_free_all() after the transfer), or a negative code with *err
 * (the token file unreadable).
 */
struct curl_slist;
int serve_kube_setup(const struct serve_kube_client *c, void *h, const char *path, char *errbuf,
                     struct curl_slist **hdr, struct vakt_error **err);

/*
 * One request: method ("GET", "DELETE", ...) on c->api + path, no request
 * body, at most timeout_ms for the whole exchange. On an answer (any HTTP
 * status) returns 0 with *status and, when body is not NULL, *body (caller
 * frees; NUL-terminated; NULL when empty): the whole body when it is at most
 * max_body bytes (after decompression). Returns -EIO with *err when no
 * answer came (connection refused, TLS, timeout: curl's words), -E2BIG when
 * the body was larger than max_body, another negative code when the token
 * file cannot be read or memory runs out.
 */
int serve_kube_request(const struct serve_kube_client *c, const char *method, const char *path,
                       long *status, char **body, size_t max_body, unsigned timeout_ms,
                       struct vakt_error **err);

#endif
