/* SPDX-License-Identifier: MIT */
#ifndef VAKT_SERVE_H
#define VAKT_SERVE_H

/*
 * vakt serve: a validating admission webhook (admission.k8s.io/v1
 * AdmissionReview over HTTPS) judging Pods, every workload kind and
 * Namespaces with the engine of vakt scan. docs/serve.md is the user's
 * description; this is the contract the CLI calls.
 *
 * A floor above the domains, like the CLI: it runs the Kubernetes domain
 * through the scan engine and reads kube's PSS labels; only the CLI prints
 * (the server's own output is its structured log, serve-log.h).
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/config.h"
#include "core/error.h"
#include "core/severity.h"
#include "core/util.h"
#include "serve-log.h"

/* Largest request body read (an AdmissionReview holds object and oldObject). */
#define SERVE_DEFAULT_BODY_LIMIT (3u * 1024 * 1024)
/* Seconds a connection may stay idle or slow before it is closed. */
#define SERVE_DEFAULT_TIMEOUT 10
/* Seconds SIGTERM waits for requests in flight before closing. */
#define SERVE_DEFAULT_DRAIN 25
/* Most connections at once. */
#define SERVE_DEFAULT_CONNECTIONS 1024

enum serve_mode {
	SERVE_MODE_DENY,  /* refuse what fails; lower findings as warnings */
	SERVE_MODE_WARN,  /* allow everything; findings as warnings */
	SERVE_MODE_AUDIT, /* allow everything; findings only in audit annotations and the log */
};

struct serve_opts {
	const char *listen;   /* "ADDR:PORT", "[v6]:PORT" or ":PORT" (all addresses) */
	const char *tls_cert; /* PEM files, reloaded when they change */
	const char *tls_key;
	/*
	 * The PSS level of a namespace without an enforce label, and of every
	 * namespace when the watch is off and the namespace is not learnt from
	 * a Namespace request: "LEVEL[:VERSION]" (kube_pss_parse()).
	 */
	const char *pss;
	enum serve_mode mode;
	/* Hardened-profile findings at or above this severity refuse (deny mode). */
	bool hardened_off;
	enum vakt_severity hardened;
	/* Hardened-profile findings at or above this severity are warnings. */
	enum vakt_severity warn_min;
	const struct vakt_config *config; /* never NULL; ignores and overrides apply */
	/* Exemptions, as PSA's AdmissionConfiguration: these are allowed unjudged. */
	struct vakt_strv exempt_namespaces;
	struct vakt_strv exempt_users;
	struct vakt_strv exempt_runtime_classes;
	/* Namespace watch: on when watch_api is set (in a cluster: its URL). */
	const char *watch_api;
	const char *watch_token_file; /* NULL: the service account's */
	const char *watch_ca_file;    /* NULL: the service account's */
	size_t body_limit;
	unsigned timeout; /* seconds */
	unsigned drain;   /* seconds */
	unsigned threads; /* 0: one per online CPU */
	unsigned connections;
	struct serve_log log;
	/* For the tests: write "PORT\n" here once listening (":0" picks a free port). */
	const char *port_file;
};

/* Defaults for everything but the files (listen ":8443", mode deny, hardened critical). */
void serve_opts_init(struct serve_opts *o, const struct vakt_config *config);
void serve_opts_release(struct serve_opts *o);

/*
 * Serve until SIGTERM or SIGINT, then stop accepting, finish the requests
 * in flight (at most o->drain seconds) and return 0. Returns a negative code
 * with *err when the server cannot start (certificate unreadable, address in
 * use, libmicrohttpd or GnuTLS missing).
 */
int serve_run(const struct serve_opts *o, struct vakt_error **err);

#endif
